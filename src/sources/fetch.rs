//! The one HTTP client for everything fetched from outside (sources, linked pages, Discord
//! attachments), with the limits a bot reading URLs from a config or a chat needs:
//!
//! - connect and total timeouts, and a body cap counted while the body streams in (a lying
//!   or missing Content-Length cannot make it read more);
//! - redirects followed by hand, so every hop is checked again: http(s) only, and a host
//!   that resolves to a private, loopback, link-local or otherwise internal address is
//!   refused unless the source allows it. The check runs before any request is sent, and
//!   the client's own resolver refuses such addresses again when it connects, so a name
//!   that changes its answer between the two (DNS rebinding) is still caught;
//! - conditional GET (`If-None-Match`, `If-Modified-Since`) and `Retry-After`;
//! - credentials in a URL are sent (as Basic auth, by reqwest) but never logged or shown.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, LOCATION, RETRY_AFTER, USER_AGENT,
};
use reqwest::{StatusCode, Url};

use crate::config::FetchConfig;

/// Hosts a Discord attachment may be downloaded from (and redirected to).
pub const DISCORD_CDN_HOSTS: &[&str] = &["cdn.discordapp.com", "media.discordapp.net"];

/// A server's Retry-After longer than this is taken as this: a typo on its side should not
/// silence a source for a month.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

const ACCEPT_FEEDS: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
     application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, text/html;q=0.8, */*;q=0.5";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid URL: {0}")]
    InvalidUrl(String),
    #[error("only http and https URLs are fetched, not {0}")]
    Scheme(String),
    #[error("only https URLs are fetched from here, not {0}")]
    HttpsOnly(String),
    #[error("{host} is not a host this download may come from")]
    HostNotAllowed { host: String },
    #[error("{host} is {addr}, a private, loopback, link-local or otherwise internal address (allow_private = true allows private ranges for a source, never link-local)")]
    PrivateAddress { host: String, addr: IpAddr },
    #[error("cannot resolve {host}: {reason}")]
    Resolve { host: String, reason: String },
    #[error("more than {limit} redirects (fetch.max_redirects)")]
    TooManyRedirects { limit: usize },
    #[error("redirect (HTTP {status}) without a usable Location")]
    BadRedirect { status: u16 },
    #[error("timed out after {secs} s (fetch.timeout_secs)")]
    Timeout { secs: u64 },
    #[error("body larger than {limit} bytes (fetch.max_body_bytes)")]
    TooLarge { limit: usize },
    #[error("HTTP {status}{}", retry_note(*.retry_after))]
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("{0}")]
    Http(String),
}

fn retry_note(d: Option<Duration>) -> String {
    d.map(|d| format!(" (retry after {} s)", d.as_secs()))
        .unwrap_or_default()
}

impl FetchError {
    /// How long the server asked us to wait (429 and 503 only).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Trying the same URL again later will fail the same way.
    pub fn is_permanent(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => {
                (400..500).contains(status) && *status != 408 && *status != 429
            }
            FetchError::InvalidUrl(_)
            | FetchError::Scheme(_)
            | FetchError::HttpsOnly(_)
            | FetchError::HostNotAllowed { .. }
            | FetchError::PrivateAddress { .. }
            | FetchError::TooManyRedirects { .. }
            | FetchError::BadRedirect { .. }
            | FetchError::TooLarge { .. } => true,
            FetchError::Resolve { .. } | FetchError::Timeout { .. } | FetchError::Http(_) => false,
        }
    }
}

/// Validators from the last full response, sent to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A response body read in full, within the cap.
#[derive(Debug, Clone)]
pub struct Body {
    /// Where it finally came from, after redirects.
    pub url: Url,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: what we have is current.
    NotModified,
    Body(Body),
}

/// What a fetch may reach.
struct Policy<'a> {
    allow_private: bool,
    /// Only these hosts (with https), on every hop; None = any.
    hosts: Option<&'a [&'a str]>,
}

/// Cheap to clone: the clients share their connection pools.
#[derive(Clone)]
pub struct Fetcher {
    /// Connects only to public addresses (its resolver refuses the rest).
    public: reqwest::Client,
    /// For sources with `allow_private = true`: private ranges too, never link-local.
    any: reqwest::Client,
    cfg: FetchConfig,
}

impl Fetcher {
    pub fn new(cfg: &FetchConfig) -> Result<Fetcher, FetchError> {
        let build = |allow_private: bool| {
            let mut b = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(cfg.connect_timeout_secs.max(1)))
                .timeout(total_timeout(cfg))
                // A proxy would resolve (and reach) hosts we never checked; sources are
                // fetched directly.
                .no_proxy();
            b = b.dns_resolver(Arc::new(GuardedResolver { allow_private }));
            b.build()
                .map_err(|e| FetchError::Http(format!("cannot build the HTTP client: {e}")))
        };
        Ok(Fetcher {
            public: build(false)?,
            any: build(true)?,
            cfg: cfg.clone(),
        })
    }

    /// GETs `url` (a source or a page it links to), following redirects by hand.
    pub async fn get(
        &self,
        url: &str,
        allow_private: bool,
        cond: &Conditional,
    ) -> Result<Fetched, FetchError> {
        let url = parse_url(url)?;
        let policy = Policy {
            allow_private,
            hosts: None,
        };
        self.with_deadline(self.fetch(url, &policy, cond)).await
    }

    /// Downloads a Discord attachment (for `/brief add`): https from Discord's CDN only,
    /// with the same caps as any fetch.
    pub async fn discord_attachment(&self, url: &str) -> Result<Body, FetchError> {
        let url = parse_url(url)?;
        let policy = Policy {
            allow_private: false,
            hosts: Some(DISCORD_CDN_HOSTS),
        };
        match self
            .with_deadline(self.fetch(url, &policy, &Conditional::default()))
            .await?
        {
            Fetched::Body(b) => Ok(b),
            // Nothing conditional was sent, so a 304 is the server misbehaving.
            Fetched::NotModified => Err(FetchError::Status {
                status: 304,
                retry_after: None,
            }),
        }
    }

    /// The whole fetch, redirects and body included, within `timeout_secs`.
    async fn with_deadline<T>(
        &self,
        fut: impl std::future::Future<Output = Result<T, FetchError>>,
    ) -> Result<T, FetchError> {
        match tokio::time::timeout(total_timeout(&self.cfg), fut).await {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout {
                secs: total_timeout(&self.cfg).as_secs(),
            }),
        }
    }

    async fn fetch(
        &self,
        mut url: Url,
        policy: &Policy<'_>,
        cond: &Conditional,
    ) -> Result<Fetched, FetchError> {
        let client = if policy.allow_private {
            &self.any
        } else {
            &self.public
        };
        let mut redirects = 0;
        loop {
            check_target(&url, policy).await?;
            tracing::debug!(url = %redact(&url), "fetching");
            let mut req = client
                .get(url.clone())
                .header(USER_AGENT, concat!("briefbot/", env!("CARGO_PKG_VERSION")))
                .header(ACCEPT, ACCEPT_FEEDS);
            if let Some(etag) = &cond.etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &cond.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
            let resp = req.send().await.map_err(|e| self.classify(e))?;
            let status = resp.status();
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified);
            }
            if matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
                redirects += 1;
                if redirects > self.cfg.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        limit: self.cfg.max_redirects,
                    });
                }
                let next = resp
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok())
                    .ok_or(FetchError::BadRedirect {
                        status: status.as_u16(),
                    })?;
                tracing::debug!(from = %redact(&url), to = %redact(&next), "redirected");
                url = next;
                continue;
            }
            if !status.is_success() {
                let retry_after = match status.as_u16() {
                    429 | 503 => resp
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, chrono::Utc::now())),
                    _ => None,
                };
                return Err(FetchError::Status {
                    status: status.as_u16(),
                    retry_after,
                });
            }
            return self.read_body(url, resp).await.map(Fetched::Body);
        }
    }

    async fn read_body(&self, url: Url, mut resp: reqwest::Response) -> Result<Body, FetchError> {
        let limit = self.cfg.max_body_bytes;
        let headers = resp.headers().clone();
        // An honest Content-Length lets us refuse at once; the count below is what holds.
        let declared =
            header(&headers, CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut bytes = Vec::with_capacity(declared.map_or(8192, |n| n as usize).min(limit));
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e))? {
            if bytes.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Body {
            url,
            content_type: header(&headers, CONTENT_TYPE.as_str()),
            etag: header(&headers, ETAG.as_str()),
            last_modified: header(&headers, LAST_MODIFIED.as_str()),
            bytes,
        })
    }

    /// reqwest's message names the URL (credentials and all, in some versions): build our
    /// own from the error chain instead, and surface our resolver's refusal as itself.
    fn classify(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            return FetchError::Timeout {
                secs: total_timeout(&self.cfg).as_secs(),
            };
        }
        let connect = e.is_connect();
        let e = e.without_url();
        let mut parts = vec![e.to_string()];
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            if let Some(ours) = s.downcast_ref::<FetchError>() {
                return ours.clone();
            }
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::TimedOut {
                    return FetchError::Timeout {
                        secs: self.cfg.connect_timeout_secs.max(1),
                    };
                }
            }
            parts.push(s.to_string());
            source = s.source();
        }
        parts.dedup();
        let msg = parts.join(": ");
        FetchError::Http(if connect {
            format!("cannot connect: {msg}")
        } else {
            msg
        })
    }
}

fn total_timeout(cfg: &FetchConfig) -> Duration {
    Duration::from_secs(cfg.timeout_secs.max(1))
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn parse_url(s: &str) -> Result<Url, FetchError> {
    Url::parse(s.trim()).map_err(|e| FetchError::InvalidUrl(format!("{}: {e}", redact_url(s))))
}

/// Refuses a hop before anything is sent: wrong scheme, a host not on the list, or (unless
/// allowed) an address that is not public.
async fn check_target(url: &Url, policy: &Policy<'_>) -> Result<(), FetchError> {
    let scheme = url.scheme();
    let https_only = policy.hosts.is_some();
    if !(scheme == "https" || (scheme == "http" && !https_only)) {
        return Err(if https_only {
            FetchError::HttpsOnly(scheme.to_string())
        } else {
            FetchError::Scheme(scheme.to_string())
        });
    }
    let Some(host_str) = url.host_str().map(str::to_string) else {
        return Err(FetchError::InvalidUrl(format!(
            "{} has no host",
            redact(url)
        )));
    };
    if let Some(allowed) = policy.hosts {
        let name = host_str.trim_end_matches('.').to_ascii_lowercase();
        if !allowed.contains(&name.as_str()) {
            return Err(FetchError::HostNotAllowed { host: host_str });
        }
    }
    let literal = host_str
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>();
    let addrs = match literal {
        Ok(ip) => vec![ip],
        Err(_) => resolve(&host_str, url.port_or_known_default().unwrap_or(443)).await?,
    };
    match addrs.iter().find(|a| refused(**a, policy.allow_private)) {
        Some(addr) => Err(FetchError::PrivateAddress {
            host: host_str,
            addr: *addr,
        }),
        None => Ok(()),
    }
}

async fn resolve(host: &str, port: u16) -> Result<Vec<IpAddr>, FetchError> {
    let addrs: Vec<IpAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| FetchError::Resolve {
            host: host.to_string(),
            reason: e.to_string(),
        })?
        .map(|a| a.ip())
        .collect();
    if addrs.is_empty() {
        return Err(FetchError::Resolve {
            host: host.to_string(),
            reason: "no addresses".into(),
        });
    }
    Ok(addrs)
}

/// The clients' resolver: the same rule as [`check_target`], applied to the addresses the
/// connection will actually use.
struct GuardedResolver {
    allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let allow_private = self.allow_private;
        Box::pin(async move {
            let addrs = resolve(&host, 0).await?;
            if let Some(addr) = addrs.iter().find(|a| refused(**a, allow_private)) {
                return Err(Box::new(FetchError::PrivateAddress { host, addr: *addr })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            let out: reqwest::dns::Addrs =
                Box::new(addrs.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(out)
        })
    }
}

/// Whether a fetch may not connect to `addr`. `allow_private` opens private, loopback,
/// CGNAT and unique-local ranges (intranets, tests) but never link-local (where cloud
/// metadata services answer), unspecified, multicast or broadcast addresses.
fn refused(addr: IpAddr, allow_private: bool) -> bool {
    if !allow_private {
        return !is_public(addr);
    }
    let addr = match addr {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        a => a,
    };
    match addr {
        IpAddr::V4(a) => {
            a.is_link_local() || a.is_unspecified() || a.is_multicast() || a.is_broadcast()
        }
        IpAddr::V6(a) => {
            (a.segments()[0] & 0xffc0) == 0xfe80 || a.is_unspecified() || a.is_multicast()
        }
    }
}

/// Whether an address is on the public internet: not private, loopback, link-local,
/// unspecified, multicast, broadcast, CGNAT, documentation, benchmarking or reserved, and
/// not one of those hidden in an IPv6 form (mapped, NAT64, 6to4).
pub fn is_public(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => is_public_v4(a),
        IpAddr::V6(a) => is_public_v6(a),
    }
}

fn is_public_v4(a: Ipv4Addr) -> bool {
    let [o0, o1, o2, _] = a.octets();
    !(a.is_unspecified()
        || o0 == 0
        || a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_multicast()
        || a.is_broadcast()
        || a.is_documentation()
        || o0 >= 240
        // CGNAT 100.64.0.0/10
        || (o0 == 100 && (o1 & 0xc0) == 64)
        // IETF protocol assignments 192.0.0.0/24
        || (o0 == 192 && o1 == 0 && o2 == 0)
        // benchmarking 198.18.0.0/15
        || (o0 == 198 && (o1 & 0xfe) == 18))
}

fn is_public_v6(a: Ipv6Addr) -> bool {
    let s = a.segments();
    if let Some(v4) = a.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    // NAT64 64:ff9b::/96 reaches the IPv4 address in its last 32 bits.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(embedded(s[6], s[7]));
    }
    // 6to4 2002::/16 carries an IPv4 address in bits 16..48.
    if s[0] == 0x2002 {
        return is_public_v4(embedded(s[1], s[2]));
    }
    !(a.is_unspecified()
        || a.is_loopback()
        || a.is_multicast()
        // IPv4-compatible ::/96 (deprecated) and other addresses in ::/8
        || s[0] == 0
        // unique local fc00::/7
        || (s[0] & 0xfe00) == 0xfc00
        // link-local fe80::/10 and the old site-local fec0::/10
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        // discard-only 100::/64
        || (s[0] == 0x100 && s[1..4] == [0, 0, 0])
        // documentation 2001:db8::/32, Teredo 2001::/32 (hides an IPv4 peer), ORCHID
        || (s[0] == 0x2001 && (s[1] == 0xdb8 || s[1] == 0 || (s[1] & 0xfff0) == 0x10 || (s[1] & 0xfff0) == 0x20)))
}

/// The URL with any user name and password replaced by `***`: what logs and `/sources` show.
pub fn redact_url(s: &str) -> String {
    match Url::parse(s.trim()) {
        Ok(u) => redact(&u),
        // Unparsable: show nothing that could be a password.
        Err(_) => match s.split_once("://") {
            Some((scheme, rest)) if rest.contains('@') => format!(
                "{scheme}://***@{}",
                rest.rsplit_once('@').map_or("", |(_, h)| h)
            ),
            _ => s.to_string(),
        },
    }
}

pub(crate) fn redact(u: &Url) -> String {
    if u.username().is_empty() && u.password().is_none() {
        return u.to_string();
    }
    let mut r = u.clone();
    // Setting these fails only for URLs that cannot have credentials at all.
    let _ = r.set_password(None);
    let _ = r.set_username("***");
    r.to_string()
}

/// `Retry-After` as seconds or an HTTP date, from `now`.
fn parse_retry_after(v: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = v.trim();
    let d = if let Ok(secs) = v.parse::<u64>() {
        Duration::from_secs(secs)
    } else {
        let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
        (at.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
    };
    Some(d.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_addresses() {
        let internal = [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "192.0.0.8",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
        ];
        for a in internal {
            assert!(!is_public(a.parse().unwrap()), "{a} counted as public");
        }
        let public = [
            "1.1.1.1",
            "93.184.216.34",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::",
        ];
        for a in public {
            assert!(is_public(a.parse().unwrap()), "{a} counted as internal");
        }
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(!refused(ip("127.0.0.1"), true));
        assert!(!refused(ip("10.0.0.1"), true));
        assert!(refused(ip("169.254.169.254"), true));
        assert!(refused(ip("::ffff:169.254.169.254"), true));
        assert!(refused(ip("fe80::1"), true));
        assert!(refused(ip("0.0.0.0"), true));
    }

    #[test]
    fn redacts_credentials() {
        assert_eq!(
            redact_url("https://user:s3cret@example.org/feed?x=1"),
            "https://***@example.org/feed?x=1"
        );
        assert_eq!(
            redact_url("https://example.org/feed"),
            "https://example.org/feed"
        );
        assert!(!redact_url("ht!tp://user:s3cret@exa mple").contains("s3cret"));
    }

    #[test]
    fn reads_retry_after() {
        let now = chrono::DateTime::parse_from_rfc3339("2025-09-05T08:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Fri, 05 Sep 2025 08:01:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            parse_retry_after("Fri, 05 Sep 2025 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("99999999", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[tokio::test]
    async fn attachments_only_from_discords_cdn_over_https() {
        let f = Fetcher::new(&FetchConfig::default()).unwrap();
        for (url, want) in [
            (
                "https://evil.example/x.txt",
                FetchError::HostNotAllowed {
                    host: "evil.example".into(),
                },
            ),
            (
                "http://cdn.discordapp.com/attachments/1/2/b.txt",
                FetchError::HttpsOnly("http".into()),
            ),
            (
                "https://127.0.0.1/attachments/1/2/b.txt",
                FetchError::HostNotAllowed {
                    host: "127.0.0.1".into(),
                },
            ),
        ] {
            assert_eq!(f.discord_attachment(url).await.unwrap_err(), want, "{url}");
        }
        // The refusal of plain http names what is fetched, not "http and https ... not http".
        let http = f
            .discord_attachment("http://cdn.discordapp.com/attachments/1/2/b.txt")
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(http, "only https URLs are fetched from here, not http");
        assert!(matches!(
            f.get("file:///etc/passwd", true, &Conditional::default())
                .await,
            Err(FetchError::Scheme(_))
        ));
    }
}
