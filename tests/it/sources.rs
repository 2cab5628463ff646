//! HTTP sources against a real HTTP server on 127.0.0.1 serving the fixtures in
//! `tests/fixtures/sources/`: feeds and pages become briefs, conditional GET, the body cap
//! and timeout, failures and recovery, address checks, de-duplication across polls, and an
//! item's way through the delivery engine to a channel of the fake Discord, once.

use crate::support;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use briefbot::app::App;
use briefbot::config::{Config, FetchConfig, SourceConfig, SourceKind};
use briefbot::delivery::clock::SystemClock;
use briefbot::delivery::engine::{Engine, EngineConfig};
use briefbot::delivery::model::Subscription;
use briefbot::discord::poster::DiscordPoster;
use briefbot::sources::fetch::{Conditional, FetchError, Fetched, Fetcher};
use briefbot::sources::{PollReport, Poller, SourceHealth};
use briefbot::store::Store;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use support::fake_discord::FakeDiscord;
use tokio::net::TcpListener;

const FIXTURES: &str = "tests/fixtures/sources";
/// Every wait in these tests is bounded by this.
const WAIT: Duration = Duration::from_secs(10);

type Body = BoxBody<Bytes, Infallible>;

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

/// A small site on loopback: fixtures with ETags (answering 304 to a matching
/// If-None-Match), and routes that misbehave on purpose.
struct Site {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Seen>>>,
}

impl Site {
    async fn start() -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let flaky = Arc::new(AtomicUsize::new(0));
        let base = format!("http://{addr}");
        {
            let requests = requests.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let (requests, flaky, base) = (requests.clone(), flaky.clone(), base.clone());
                    tokio::spawn(async move {
                        let service = service_fn(move |req| {
                            let (requests, flaky, base) =
                                (requests.clone(), flaky.clone(), base.clone());
                            async move {
                                Ok::<_, Infallible>(route(req, &requests, &flaky, &base).await)
                            }
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        }
        Site { addr, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests_to(&self, path: &str) -> Vec<Seen> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

fn full(status: u16, body: impl Into<Bytes>) -> Response<Body> {
    Response::builder()
        .status(status)
        .body(Full::new(body.into()).boxed())
        .unwrap()
}

fn fixture(name: &str, base: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name))
        .unwrap()
        .replace("{base}", base)
}

/// A fixture with an ETag of its own; 304 when the client already has it.
fn cached(
    req: &Request<hyper::body::Incoming>,
    name: &str,
    ct: &str,
    base: &str,
) -> Response<Body> {
    let body = fixture(name, base);
    let etag = format!("\"{}-{}\"", name, body.len());
    let matches = req
        .headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str());
    let mut resp = if matches {
        full(304, Bytes::new())
    } else {
        full(200, body)
    };
    let h = resp.headers_mut();
    h.insert("etag", etag.parse().unwrap());
    h.insert("content-type", ct.parse().unwrap());
    resp
}

async fn route(
    req: Request<hyper::body::Incoming>,
    requests: &Mutex<Vec<Seen>>,
    flaky: &AtomicUsize,
    base: &str,
) -> Response<Body> {
    let path = req.uri().path().to_string();
    requests.lock().unwrap().push(Seen {
        path: path.clone(),
        headers: req
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
    });
    match path.as_str() {
        "/rss.xml" => cached(&req, "rss.xml", "application/rss+xml", base),
        "/atom.xml" => cached(&req, "atom.xml", "application/atom+xml", base),
        "/feed.json" => cached(&req, "feed.json", "application/feed+json", base),
        "/page.html" => cached(&req, "page.html", "text/html; charset=utf-8", base),
        "/linked.html" => cached(&req, "linked.html", "text/html", base),
        "/malformed.xml" => cached(&req, "malformed.xml", "application/rss+xml", base),
        // The same feed without validators: every poll reads it in full.
        "/rss-uncached.xml" => {
            let mut r = full(200, fixture("rss.xml", base));
            r.headers_mut()
                .insert("content-type", "application/rss+xml".parse().unwrap());
            r
        }
        // Chunked, no Content-Length, and never ending: only a cap counted while reading
        // stops it before the timeout does.
        "/endless" => {
            let chunks = futures_util::stream::repeat_with(|| {
                Ok::<_, Infallible>(Frame::data(Bytes::from(vec![b'x'; 16 * 1024])))
            });
            Response::builder()
                .status(200)
                .header("content-type", "application/rss+xml")
                .body(StreamBody::new(chunks).boxed())
                .unwrap()
        }
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(4)).await;
            cached(&req, "atom.xml", "application/atom+xml", base)
        }
        "/flaky" => {
            if flaky.fetch_add(1, Ordering::SeqCst) == 0 {
                full(500, "boom")
            } else {
                cached(&req, "atom.xml", "application/atom+xml", base)
            }
        }
        "/always-500" => full(500, "down"),
        "/busy" => {
            let mut r = full(503, "busy");
            r.headers_mut()
                .insert("retry-after", "7200".parse().unwrap());
            r
        }
        "/to-metadata" => {
            let mut r = full(302, Bytes::new());
            r.headers_mut().insert(
                "location",
                "http://169.254.169.254/latest/meta-data/".parse().unwrap(),
            );
            r
        }
        "/to-feed" => {
            let mut r = full(301, Bytes::new());
            r.headers_mut()
                .insert("location", "/atom.xml".parse().unwrap());
            r
        }
        "/loop" => {
            let mut r = full(302, Bytes::new());
            r.headers_mut().insert("location", "/loop".parse().unwrap());
            r
        }
        _ => full(404, "not here"),
    }
}

fn fetch_config() -> FetchConfig {
    FetchConfig {
        connect_timeout_secs: 2,
        timeout_secs: 5,
        max_body_bytes: 256 * 1024,
        max_redirects: 3,
    }
}

fn source(name: &str, url: String, allow_private: bool) -> SourceConfig {
    SourceConfig {
        name: name.into(),
        url,
        kind: SourceKind::Auto,
        interval_secs: 60,
        selector: None,
        allow_private,
        // These fixtures link to pages on the same loopback site.
        allow_private_links: allow_private,
    }
}

fn open_app(dir: &Path) -> Arc<App> {
    let store = Store::open(dir, 1 << 20).expect("store opens");
    Arc::new(App::open(store, Config::default()).expect("app opens"))
}

fn poller(app: &Arc<App>, sources: Vec<SourceConfig>, fetch: FetchConfig) -> Poller {
    Poller::new(app.clone(), sources, fetch).expect("poller builds")
}

/// Polls with a bound on the wait.
async fn poll(p: &Poller, i: usize) -> PollReport {
    tokio::time::timeout(WAIT, p.poll_once(i))
        .await
        .expect("a poll finishes")
}

fn title_and_date(app: &App, id: &str) -> (String, String) {
    let b = app.store.brief(id).unwrap().expect("brief stored");
    (b.title, b.date.to_string())
}

#[tokio::test]
async fn rss_atom_and_json_feeds_become_briefs() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let p = poller(
        &app,
        vec![
            source("Borderland Desk", site.url("/rss.xml"), true),
            source("Harbour Watch", site.url("/atom.xml"), true),
            source("Rail Notes", site.url("/feed.json"), true),
        ],
        fetch_config(),
    );

    let rss = poll(&p, 0).await;
    assert_eq!(rss.error, None, "{rss:?}");
    assert_eq!(rss.items_found, 2);
    let titles: Vec<(String, String)> = rss
        .added
        .iter()
        .map(|id| title_and_date(&app, id))
        .collect();
    // Oldest first; the item without content was read from the page it links to.
    assert_eq!(
        titles,
        vec![
            (
                "Border Talks Resume in Rzeszów".to_string(),
                "2025-09-05".to_string()
            ),
            (
                "Grain Corridor Reopens".to_string(),
                "2025-09-06".to_string()
            ),
        ]
    );
    assert_eq!(site.requests_to("/linked.html").len(), 1);
    let talks = app.store.brief(&rss.added[0]).unwrap().unwrap();
    let headings: Vec<&str> = talks.sections.iter().map(|s| s.heading.as_str()).collect();
    assert!(
        headings.contains(&"What Happened") && headings.contains(&"Why It Matters"),
        "{headings:?}"
    );
    let grain = app.store.brief(&rss.added[1]).unwrap().unwrap();
    assert!(grain
        .sections
        .iter()
        .any(|s| s.body_text().contains("Three bulk carriers")));
    assert!(!grain
        .sections
        .iter()
        .any(|s| s.body_text().contains("(c) Borderland")));

    let atom = poll(&p, 1).await;
    assert_eq!(atom.error, None, "{atom:?}");
    assert_eq!(atom.added.len(), 1);
    assert_eq!(
        title_and_date(&app, &atom.added[0]),
        ("Harbour Strike Ends".to_string(), "2025-09-07".to_string())
    );

    let json = poll(&p, 2).await;
    assert_eq!(json.error, None, "{json:?}");
    assert_eq!(json.added.len(), 1);
    assert_eq!(
        title_and_date(&app, &json.added[0]),
        (
            "Night Train Link Restored".to_string(),
            "2025-09-08".to_string()
        )
    );

    // Durable and visible to the rest of the bot.
    assert_eq!(app.store.brief_count(), 4);
    let statuses = p.statuses().unwrap();
    assert_eq!(statuses.len(), 3);
    for s in &statuses {
        assert_eq!(s.health, SourceHealth::Ok, "{s:?}");
        assert!(s.last_fetch.is_some() && s.last_success.is_some());
    }
    assert_eq!(statuses[0].items_found, 2);
    assert_eq!(statuses[0].briefs_added, 2);
    assert!(statuses[0].line().starts_with("Borderland Desk — ok"));
}

#[tokio::test]
async fn a_page_is_one_brief_narrowed_by_its_selector() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let mut page = source("Energy", site.url("/page.html"), true);
    page.kind = SourceKind::Page;
    page.selector = Some("main#brief".into());
    let p = poller(&app, vec![page], fetch_config());
    let r = poll(&p, 0).await;
    assert_eq!(r.error, None, "{r:?}");
    assert_eq!(r.added.len(), 1);
    let b = app.store.brief(&r.added[0]).unwrap().unwrap();
    assert_eq!(
        (b.title.as_str(), b.date.to_string().as_str()),
        ("Energy Brief", "2025-09-09")
    );
    let text: String = b.sections.iter().map(|s| s.body_text()).collect();
    assert!(text.contains("interconnector"));
    assert!(
        !text.contains("newsletter"),
        "the selector leaves the promo out: {text}"
    );
}

#[tokio::test]
async fn a_second_poll_is_conditional_and_a_304_stores_nothing() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let p = poller(
        &app,
        vec![source("Harbour", site.url("/atom.xml"), true)],
        fetch_config(),
    );
    let first = poll(&p, 0).await;
    assert_eq!(first.added.len(), 1);
    assert!(!first.not_modified);
    let second = poll(&p, 0).await;
    assert!(second.not_modified, "{second:?}");
    assert!(second.added.is_empty() && second.error.is_none());
    let seen = site.requests_to("/atom.xml");
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].headers.get("if-none-match"), None);
    let expected_etag = format!("\"atom.xml-{}\"", fixture("atom.xml", &site.url("")).len());
    assert_eq!(seen[1].headers.get("if-none-match"), Some(&expected_etag));
    assert_eq!(app.store.brief_count(), 1);
    // The items count is still the last one read, not zero.
    assert_eq!(p.statuses().unwrap()[0].items_found, 1);
}

#[tokio::test]
async fn the_same_item_in_two_polls_is_stored_once() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let p = poller(
        &app,
        vec![source("Desk", site.url("/rss-uncached.xml"), true)],
        fetch_config(),
    );
    let first = poll(&p, 0).await;
    assert_eq!(first.added.len(), 2, "{first:?}");
    let second = poll(&p, 0).await;
    assert!(!second.not_modified);
    assert_eq!(
        (second.added.len(), second.seen, second.unchanged),
        (0, 2, 0),
        "{second:?}"
    );
    assert_eq!(app.store.brief_count(), 2);
    // The linked page of the item without content was fetched only the first time.
    assert_eq!(site.requests_to("/linked.html").len(), 1);
}

#[tokio::test]
async fn an_oversize_body_is_refused_while_it_streams() {
    let site = Site::start().await;
    let cfg = FetchConfig {
        max_body_bytes: 64 * 1024,
        timeout_secs: 5,
        ..fetch_config()
    };
    let fetcher = Fetcher::new(&cfg).unwrap();
    let start = Instant::now();
    let err = fetcher
        .get(&site.url("/endless"), true, &Conditional::default())
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 64 * 1024 });
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "stopped at the cap, not by the timeout"
    );

    // Through the poller: a failure with a message that says which limit.
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let p = poller(
        &app,
        vec![source("Endless", site.url("/endless"), true)],
        cfg,
    );
    let r = poll(&p, 0).await;
    assert!(
        r.error.as_deref().unwrap().contains("max_body_bytes"),
        "{r:?}"
    );
}

#[tokio::test]
async fn a_slow_server_is_timed_out() {
    let site = Site::start().await;
    let cfg = FetchConfig {
        timeout_secs: 1,
        ..fetch_config()
    };
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let p = poller(&app, vec![source("Slow", site.url("/slow"), true)], cfg);
    let start = Instant::now();
    let r = poll(&p, 0).await;
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert!(r.error.as_deref().unwrap().contains("timed out"), "{r:?}");
    assert!(r.added.is_empty());
}

#[tokio::test]
async fn a_server_error_is_recorded_then_recovery_clears_it() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let p = poller(
        &app,
        vec![
            source("Flaky", site.url("/flaky"), true),
            source("Down", site.url("/always-500"), true),
            source("Busy", site.url("/busy"), true),
        ],
        fetch_config(),
    );
    let failed = poll(&p, 0).await;
    assert_eq!(failed.error.as_deref(), Some("HTTP 500"));
    assert!(failed.added.is_empty());
    let st = &p.statuses().unwrap()[0];
    assert_eq!(
        (st.consecutive_failures, st.last_error.as_deref()),
        (1, Some("HTTP 500"))
    );
    assert!(st.last_success.is_none());

    let ok = poll(&p, 0).await;
    assert_eq!(ok.error, None, "{ok:?}");
    assert_eq!(ok.added.len(), 1);
    let st = &p.statuses().unwrap()[0];
    assert_eq!(
        (st.health, st.consecutive_failures, st.last_error.clone()),
        (SourceHealth::Ok, 0, None)
    );
    assert!(st.last_success.is_some());

    // Three failures in a row mark a source failing, and the waits grow.
    let mut waits = Vec::new();
    for _ in 0..3 {
        waits.push(poll(&p, 1).await.next_in);
    }
    let st = &p.statuses().unwrap()[1];
    assert_eq!(
        (st.health, st.consecutive_failures),
        (SourceHealth::Failing, 3)
    );
    assert!(waits[2] > waits[0], "{waits:?}");
    assert!(st.line().contains("failing"));

    // Retry-After is honoured.
    let busy = poll(&p, 2).await;
    assert!(busy.next_in >= Duration::from_secs(7200), "{busy:?}");
}

/// Collects what tracing writes on this thread.
#[derive(Clone, Default)]
struct LogBuf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_malformed_feed_is_reported_with_the_sources_name() {
    let logs = LogBuf::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .with_writer(move || writer.clone())
        .finish();
    // The test runtime is single-threaded, so the poller's task logs on this thread.
    let _guard = tracing::subscriber::set_default(subscriber);

    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let mut src = source("Broken Desk Feed", site.url("/malformed.xml"), true);
    src.kind = SourceKind::Rss;
    let p = poller(&app, vec![src], fetch_config());
    let r = poll(&p, 0).await;
    assert_eq!(r.source, "Broken Desk Feed");
    assert!(
        r.error.as_deref().unwrap().starts_with("malformed feed"),
        "{r:?}"
    );
    assert_eq!(app.store.brief_count(), 0);
    let st = &p.statuses().unwrap()[0];
    assert!(st
        .last_error
        .as_deref()
        .unwrap()
        .starts_with("malformed feed"));
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("Broken Desk Feed") && l.contains("malformed feed")),
        "{text}"
    );
}

#[tokio::test]
async fn loopback_without_allow_private_is_refused_before_any_request() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let port = site.addr.port();
    let p = poller(
        &app,
        vec![
            source("Loopback", site.url("/atom.xml"), false),
            source(
                "Localhost",
                format!("http://localhost:{port}/atom.xml"),
                false,
            ),
            source(
                "Secret",
                format!("http://reader:hunter2@127.0.0.1:{port}/atom.xml"),
                false,
            ),
        ],
        fetch_config(),
    );
    for i in 0..3 {
        let r = poll(&p, i).await;
        let err = r.error.clone().unwrap_or_default();
        assert!(err.contains("internal address"), "{r:?}");
        assert!(r.added.is_empty());
        assert!(
            !format!("{r:?}").contains("hunter2"),
            "credentials never shown: {r:?}"
        );
    }
    assert_eq!(site.request_count(), 0, "no request reached the server");
    let st = p.statuses().unwrap();
    assert_eq!(st[2].url, format!("http://***@127.0.0.1:{port}/atom.xml"));
    assert!(!st[2].line().contains("hunter2"));
}

#[tokio::test]
async fn every_redirect_hop_is_checked() {
    let site = Site::start().await;
    let fetcher = Fetcher::new(&fetch_config()).unwrap();
    // Even a source allowed private addresses is never sent to link-local ones (cloud
    // metadata): the hop is refused before it is requested.
    let err = fetcher
        .get(&site.url("/to-metadata"), true, &Conditional::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::PrivateAddress { ref host, .. } if host == "169.254.169.254"),
        "{err:?}"
    );
    // Relative redirects are followed, within the limit.
    match fetcher
        .get(&site.url("/to-feed"), true, &Conditional::default())
        .await
        .unwrap()
    {
        Fetched::Body(b) => {
            assert_eq!(b.url.path(), "/atom.xml");
            assert!(b.etag.is_some());
        }
        Fetched::NotModified => panic!("nothing conditional was sent"),
    }
    assert_eq!(
        fetcher
            .get(&site.url("/loop"), true, &Conditional::default())
            .await
            .unwrap_err(),
        FetchError::TooManyRedirects { limit: 3 }
    );
    assert_eq!(
        site.requests_to("/loop").len(),
        4,
        "the first request and three redirects"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_item_reaches_a_subscribed_channel_exactly_once() {
    let site = Site::start().await;
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let channel = 4242;
    app.store
        .put_subscription(&Subscription {
            id: app.store.next_id("sub").unwrap(),
            guild_id: 1,
            channel_id: channel,
            sections: Vec::new(),
            created_by: 9,
            created_at: 0,
            paused: None,
            role: None,
        })
        .unwrap();
    app.store.flush().unwrap();
    let engine = Engine::new(
        app.store.clone(),
        Arc::new(DiscordPoster::new(Arc::new(fake.serenity_http())).expect("poster builds")),
        Arc::new(SystemClock),
        EngineConfig {
            rate_per_sec: 500.0,
            retry_base: Duration::from_millis(20),
            ..EngineConfig::default()
        },
    );
    let p = poller(
        &app,
        vec![source("Rail", site.url("/feed.json"), true)],
        fetch_config(),
    );
    let report = poll(&p, 0).await;
    assert_eq!(report.added.len(), 1, "{report:?}");
    let id = &report.added[0];
    let first = tokio::time::timeout(WAIT, engine.push_brief(id))
        .await
        .unwrap();
    assert_eq!(first.sent, 1, "{first:?}");
    let again = tokio::time::timeout(WAIT, engine.push_brief(id))
        .await
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
    // The same item in the next poll adds nothing to push.
    let next = poll(&p, 0).await;
    assert!(next.added.is_empty());

    let brief = app.store.brief(id).unwrap().unwrap();
    let parts = briefbot::post::brief_post(&brief, &[]).messages.len();
    let messages = fake.channel_messages(channel);
    assert_eq!(messages.len(), parts, "{messages:?}");
    assert!(
        messages[0]
            .to_string()
            .contains("Night Train Link Restored"),
        "{}",
        messages[0]
    );
}

/// The bot's `/position` index, once built, learns of briefs a source adds, as it does of
/// files: no restart needed.
#[tokio::test]
async fn briefs_from_a_source_reach_a_built_position_index() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    // Built before the poll, as the bot builds it at the first /position autocomplete.
    app.positions().unwrap();
    let p = poller(
        &app,
        vec![source("Borderland Desk", site.url("/rss.xml"), true)],
        fetch_config(),
    );
    let r = poll(&p, 0).await;
    assert_eq!(r.error, None, "{r:?}");
    let index = app.positions().unwrap();
    let said: Vec<_> = index
        .statements()
        .iter()
        .map(|c| index.text(c))
        .filter(|t| t.contains("crossings would stay open"))
        .collect();
    assert!(!said.is_empty(), "the source's statement is in the index");
}

/// `allow_private` opens the feed's own address, not the pages its items link to: an
/// intranet feed must not make the bot fetch (and post) any private page it names.
#[tokio::test]
async fn a_private_page_linked_from_an_allowed_private_feed_is_not_fetched() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path());
    let feed = SourceConfig {
        allow_private_links: false,
        ..source("Intranet desk", site.url("/rss.xml"), true)
    };
    let p = poller(&app, vec![feed], fetch_config());
    let report = poll(&p, 0).await;
    assert_eq!(report.error, None, "{report:?}");
    assert!(
        site.requests_to("/linked.html").is_empty(),
        "the linked private page was fetched"
    );
    assert!(site.requests_to("/rss.xml").len() == 1);
    // The item keeps what the feed itself said: its summary, not the private page.
    let texts: Vec<String> = report
        .added
        .iter()
        .map(|id| {
            let b = app.store.brief(id).unwrap().unwrap();
            b.sections.iter().map(|s| s.body_text()).collect::<String>()
        })
        .collect();
    assert!(
        texts.iter().all(|t| !t.contains("Three bulk carriers")),
        "{texts:?}"
    );
}
