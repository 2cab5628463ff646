//! Polls each configured source at its interval, stores what is new through the same path
//! as files (parse → `/position` claims → one transaction → one flush), and hands the ids of
//! added briefs to the caller, which pushes them to subscribers. A failing source backs off
//! exponentially (with jitter, and never sooner than the server's Retry-After) and is marked
//! failing after a few failures in a row; every problem is logged with the source's name.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use tokio::sync::watch;

use super::feeds::{self, FeedItem, Shape};
use super::fetch::{Body, Conditional, FetchError, Fetched, Fetcher};
use super::{display_name, redact_url, statuses, BriefLibrary, SourceHealth, SourceState};
use crate::brief::parse_brief;
use crate::config::{FetchConfig, SourceConfig};
use crate::ingest::{check_date, ingest_parsed, Rejection};
use crate::store::{PutOutcome, StoreError};

/// Consecutive failures after which a source shows as failing.
pub const FAILING_AFTER: u32 = 3;
/// The longest wait between attempts while failing (unless the interval itself is longer).
pub const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Linked pages fetched in one poll for items without content; the rest wait for the next.
pub const MAX_PAGE_FETCHES_PER_POLL: usize = 10;
/// A summary at least this long (in characters of text) is the item's brief even when it
/// links to a page: fetching that page would cost a request per item.
const SUBSTANTIAL_SUMMARY: usize = 600;
const DEFAULT_INTERVAL_SECS: u64 = 900;

/// What one poll of one source did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    pub source: String,
    /// Without credentials.
    pub url: String,
    /// 304: nothing was read.
    pub not_modified: bool,
    /// Items in the feed (1 for a page).
    pub items_found: usize,
    /// Briefs added by this poll, in the order stored: push these.
    pub added: Vec<String>,
    /// New revisions of briefs already stored.
    pub updated: Vec<String>,
    /// Items whose text was already stored (from anywhere).
    pub unchanged: usize,
    /// Items read in an earlier poll and skipped.
    pub seen: usize,
    /// Items that could not become briefs: `item: reason`. Parse failures are remembered
    /// (not retried); an item whose page could not be fetched is tried again next poll.
    pub rejected: Vec<String>,
    /// Why the poll failed as a whole (fetch, status, malformed feed).
    pub error: Option<String>,
    /// How long until the next poll of this source.
    pub next_in: Duration,
}

/// A document ready to parse, and how its brief is remembered.
struct Pending {
    /// The feed item's key, recorded as seen once stored or rejected; None for a page.
    item: Option<String>,
    label: String,
    name: String,
    /// What the brief is remembered by; `{date}` in it is replaced by the brief's date.
    source: String,
    doc: Vec<u8>,
    /// Tried when `doc` does not parse (a linked page that is all chrome: the summary).
    fallback: Option<Vec<u8>>,
}

enum Failure {
    Fetch(FetchError),
    Other(String),
}

impl Failure {
    fn message(&self) -> String {
        match self {
            Failure::Fetch(e) => e.to_string(),
            Failure::Other(m) => m.clone(),
        }
    }
}

pub struct Poller {
    /// Where briefs go: the application, seen through the one trait the poller needs.
    library: Arc<dyn BriefLibrary>,
    sources: Vec<SourceConfig>,
    fetcher: Fetcher,
    jitter: RandomState,
}

impl Poller {
    pub fn new(
        library: Arc<dyn BriefLibrary>,
        sources: Vec<SourceConfig>,
        fetch: FetchConfig,
    ) -> Result<Poller, FetchError> {
        Ok(Poller {
            library,
            sources,
            fetcher: Fetcher::new(&fetch)?,
            jitter: RandomState::new(),
        })
    }

    /// Each configured source's state for `/sources`, in config order.
    pub fn statuses(&self) -> Result<Vec<SourceState>, StoreError> {
        statuses(self.library.store(), &self.sources)
    }

    /// Polls source `index` now, whatever its schedule, and records the outcome (flushed
    /// before this returns).
    pub async fn poll_once(&self, index: usize) -> PollReport {
        let src = &self.sources[index];
        let key = redact_url(&src.url);
        let name = display_name(src);
        let mut report = PollReport {
            source: name.clone(),
            url: key.clone(),
            ..PollReport::default()
        };
        let state = match self.library.store().source_state(&key) {
            Ok(s) => s.unwrap_or_else(|| SourceState::new(&key, &name)),
            Err(e) => {
                tracing::error!(source = %name, error = %e, "cannot read the source's state");
                report.error = Some(e.to_string());
                report.next_in = interval(src);
                return report;
            }
        };
        let cond = Conditional {
            etag: state.etag.clone(),
            last_modified: state.last_modified.clone(),
        };
        let now = Utc::now();
        let fetched = self.fetcher.get(&src.url, src.allow_private, &cond).await;
        let (pendings, validators, failure) = match fetched {
            Ok(Fetched::NotModified) => {
                report.not_modified = true;
                (Vec::new(), None, None)
            }
            Ok(Fetched::Body(body)) => {
                let validators = Conditional {
                    etag: body.etag.clone(),
                    last_modified: body.last_modified.clone(),
                };
                match self
                    .read_body(src, &key, body, now.date_naive(), &mut report)
                    .await
                {
                    Ok(p) => (p, Some(validators), None),
                    Err(f) => (Vec::new(), None, Some(f)),
                }
            }
            Err(e) => (Vec::new(), None, Some(Failure::Fetch(e))),
        };
        let library = self.library.clone();
        let src_cfg = src.clone();
        let jitter = self.jitter_fraction(&key, state.consecutive_failures);
        let work = tokio::task::spawn_blocking(move || {
            store_poll(
                &*library, &src_cfg, state, pendings, validators, failure, jitter, report,
            )
        });
        match work.await {
            Ok(Ok((r, state))) => {
                log_poll(&r, &state);
                r
            }
            Ok(Err(e)) => {
                tracing::error!(source = %name, error = %e, "cannot store what the source served");
                PollReport {
                    source: name,
                    url: key,
                    error: Some(e.to_string()),
                    next_in: interval(src),
                    ..PollReport::default()
                }
            }
            Err(e) => {
                tracing::error!(source = %name, error = %e, "the store task failed");
                PollReport {
                    source: name,
                    url: key,
                    error: Some(e.to_string()),
                    next_in: interval(src),
                    ..PollReport::default()
                }
            }
        }
    }

    /// Turns a response into documents to store; the feed's items that were read before
    /// are skipped here.
    async fn read_body(
        &self,
        src: &SourceConfig,
        key: &str,
        body: Body,
        today: NaiveDate,
        report: &mut PollReport,
    ) -> Result<Vec<Pending>, Failure> {
        let url = body.url.to_string();
        match feeds::detect(src.kind, body.content_type.as_deref(), &body.bytes) {
            Shape::Page => {
                report.items_found = 1;
                let (name, doc) = match &src.selector {
                    Some(sel) => (
                        feeds::html_name(&url),
                        feeds::select_content(&body.bytes, Some(sel), None, None)
                            .map_err(|e| Failure::Other(e.to_string()))?
                            .into_bytes(),
                    ),
                    None => (url.clone(), body.bytes),
                };
                Ok(vec![Pending {
                    item: None,
                    label: redact_url(&url),
                    name,
                    // A page that shows a new brief each day keeps each day's brief: the
                    // same day's edits are revisions, the next day's is a brief of its own.
                    source: format!("{}#{{date}}", redact_url(&url)),
                    doc,
                    fallback: None,
                }])
            }
            Shape::Feed => {
                let feed = feeds::parse_feed(&body.bytes, &url)
                    .map_err(|e| Failure::Other(e.to_string()))?;
                report.items_found = feed.items.len();
                let mut out = Vec::new();
                let mut page_fetches = 0;
                for item in &feed.items {
                    match self.library.store().source_item(key, &item.key) {
                        Ok(Some(_)) => {
                            report.seen += 1;
                            continue;
                        }
                        Ok(None) => {}
                        Err(e) => return Err(Failure::Other(e.to_string())),
                    }
                    match self
                        .item_pending(src, key, &feed.title, item, today, &mut page_fetches)
                        .await
                    {
                        Ok(Some(p)) => out.push(p),
                        Ok(None) => {}
                        Err(reason) => {
                            tracing::warn!(source = %display_name(src), item = %item.key, %reason, "feed item not read; will try again");
                            report.rejected.push(format!("{}: {reason}", item.key));
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    /// The document for one new feed item: its content, else its linked page (or its
    /// summary). Ok(None) when the page-fetch budget of this poll is spent.
    async fn item_pending(
        &self,
        src: &SourceConfig,
        key: &str,
        feed_title: &Option<String>,
        item: &FeedItem,
        today: NaiveDate,
        page_fetches: &mut usize,
    ) -> Result<Option<Pending>, String> {
        let date = item.date.unwrap_or(today);
        let title = item.title.as_deref().or(feed_title.as_deref());
        let source = if item.key.starts_with("http://") || item.key.starts_with("https://") {
            redact_url(&item.key)
        } else {
            format!("{key}#{}", item.key)
        };
        let name = feeds::html_name(item.link.as_deref().unwrap_or(key));
        let wrap = |html: &str| feeds::item_document(title, date, html).into_bytes();
        let mut pending = Pending {
            item: Some(item.key.clone()),
            label: item.key.clone(),
            name,
            source,
            doc: Vec::new(),
            fallback: None,
        };
        if let Some(c) = &item.content {
            pending.doc = wrap(c);
            return Ok(Some(pending));
        }
        let summary = item.summary.as_deref();
        let link = match &item.link {
            Some(l) if summary.is_none_or(|s| feeds::text_len(s) < SUBSTANTIAL_SUMMARY) => l,
            _ => {
                pending.doc = wrap(summary.unwrap_or(""));
                return Ok(Some(pending));
            }
        };
        if *page_fetches >= MAX_PAGE_FETCHES_PER_POLL {
            return Ok(None);
        }
        *page_fetches += 1;
        let fallback = summary.map(wrap);
        // `allow_private` is for the source's own URL (an intranet feed): the pages its items
        // link to get the normal guard unless opened separately, or such a feed could have
        // any private page fetched and posted.
        match self
            .fetcher
            .get(link, src.allow_private_links, &Conditional::default())
            .await
        {
            Ok(Fetched::Body(page)) => {
                let picked = feeds::select_content(
                    &page.bytes,
                    src.selector.as_deref(),
                    item.title.as_deref(),
                    item.date,
                );
                pending.doc = match picked {
                    Ok(doc) => doc.into_bytes(),
                    // A selector that misses on one article: the summary, else the page.
                    Err(e) => match fallback.clone() {
                        Some(f) => f,
                        None => feeds::select_content(
                            &page.bytes,
                            None,
                            item.title.as_deref(),
                            item.date,
                        )
                        .map_err(|_| format!("linked page: {e}"))?
                        .into_bytes(),
                    },
                };
                pending.fallback = fallback;
                Ok(Some(pending))
            }
            Ok(Fetched::NotModified) => Err("linked page answered 304".into()),
            // A page that will never come (gone, refused) leaves the summary, if any.
            Err(e) if e.is_permanent() && fallback.is_some() => {
                pending.doc = fallback.unwrap_or_default();
                Ok(Some(pending))
            }
            Err(e) => Err(format!("linked page {}: {e}", redact_url(link))),
        }
    }

    /// Runs every source on its own schedule until `shutdown` completes; the library
    /// announces what each poll added. A poll under way when `shutdown` completes is
    /// abandoned; it is repeated at the next start.
    pub async fn run(self: Arc<Self>, shutdown: impl Future<Output = ()> + Send) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..self.sources.len() {
            let me = self.clone();
            let mut stop = stop_rx.clone();
            tasks.spawn(async move {
                let mut wait = me.initial_wait(i);
                loop {
                    tokio::select! {
                        _ = stop.wait_for(|s| *s) => return,
                        _ = tokio::time::sleep(wait) => {}
                    }
                    let report = tokio::select! {
                        _ = stop.wait_for(|s| *s) => return,
                        r = me.poll_once(i) => r,
                    };
                    wait = report.next_in;
                }
            });
        }
        shutdown.await;
        let _ = stop_tx.send(true);
        while tasks.join_next().await.is_some() {}
    }

    /// Until the stored next poll time (so a restart does not poll every source at once,
    /// nor skip a backed-off one's wait).
    fn initial_wait(&self, index: usize) -> Duration {
        let key = redact_url(&self.sources[index].url);
        let next = self
            .library
            .store()
            .source_state(&key)
            .ok()
            .flatten()
            .and_then(|s| s.next_poll);
        match next {
            Some(t) => Duration::from_secs(u64::try_from(t - Utc::now().timestamp()).unwrap_or(0)),
            None => Duration::ZERO,
        }
    }

    /// A number in [0, 1) that differs between sources and attempts.
    fn jitter_fraction(&self, key: &str, failures: u32) -> f64 {
        let mut h = self.jitter.build_hasher();
        h.write(key.as_bytes());
        h.write_u32(failures);
        h.write_i64(Utc::now().timestamp_nanos_opt().unwrap_or(0));
        (h.finish() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Logged here, on the poller's task, rather than in the blocking store step.
fn log_poll(r: &PollReport, state: &SourceState) {
    let retry_in_secs = r.next_in.as_secs();
    match &r.error {
        Some(error) if state.health == SourceHealth::Failing => {
            tracing::error!(source = %r.source, url = %r.url, failures = state.consecutive_failures, %error, retry_in_secs, "source is failing")
        }
        Some(error) => {
            tracing::warn!(source = %r.source, url = %r.url, failures = state.consecutive_failures, %error, retry_in_secs, "source poll failed")
        }
        None if !r.added.is_empty() || !r.updated.is_empty() => {
            tracing::info!(source = %r.source, added = r.added.len(), updated = r.updated.len(), "new briefs from source")
        }
        None => {
            tracing::debug!(source = %r.source, not_modified = r.not_modified, items = r.items_found, "source polled")
        }
    }
}

fn interval(src: &SourceConfig) -> Duration {
    Duration::from_secs(if src.interval_secs == 0 {
        DEFAULT_INTERVAL_SECS
    } else {
        src.interval_secs
    })
}

/// The wait after `failures` failures in a row: the interval doubled per failure, capped,
/// with ±20 % jitter so sources failing together do not retry together, and never less
/// than the server's Retry-After.
pub fn backoff(
    interval: Duration,
    failures: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Duration {
    let cap = MAX_BACKOFF.max(interval);
    let doubled = interval.saturating_mul(1u32 << failures.saturating_sub(1).min(16));
    let base = doubled.min(cap);
    let jittered = base.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0)).min(cap);
    jittered.max(retry_after.unwrap_or(Duration::ZERO))
}

/// The blocking half of a poll: parse and store the documents, remember the items, update
/// the source's state, flush once.
#[allow(clippy::too_many_arguments)]
fn store_poll(
    library: &dyn BriefLibrary,
    src: &SourceConfig,
    mut state: SourceState,
    pendings: Vec<Pending>,
    validators: Option<Conditional>,
    failure: Option<Failure>,
    jitter: f64,
    mut report: PollReport,
) -> Result<(PollReport, SourceState), StoreError> {
    let store = library.store();
    let now = Utc::now().timestamp();
    let max = library.max_brief_bytes();
    for p in pendings {
        let parsed = parse_brief(&p.doc, &p.name, max)
            .or_else(|e| match &p.fallback {
                Some(f) => parse_brief(f, &p.name, max),
                None => Err(e),
            })
            .map_err(Rejection::Parse)
            .and_then(|parsed| check_date(&parsed, now).map(|()| parsed));
        let stored_as = match parsed {
            Ok(parsed) => {
                let source = p.source.replace("{date}", &parsed.date.to_string());
                let outcome =
                    ingest_parsed(store, &parsed, &source, now, Some(library.lexicons()))?;
                match &outcome {
                    PutOutcome::Added { id } => {
                        state.briefs_added += 1;
                        report.added.push(id.clone());
                    }
                    PutOutcome::Updated { id, .. } => report.updated.push(id.clone()),
                    PutOutcome::Unchanged { .. } => report.unchanged += 1,
                }
                outcome.id().to_string()
            }
            Err(reason) => {
                tracing::warn!(source = %report.source, item = %p.label, %reason, "not stored as a brief");
                report.rejected.push(format!("{}: {reason}", p.label));
                String::new()
            }
        };
        if let Some(item) = &p.item {
            store.put_source_item(&state.url, item, &stored_as)?;
        }
    }
    state.name = report.source.clone();
    state.last_fetch = Some(now);
    let every = interval(src);
    match failure {
        None => {
            if let Some(v) = validators {
                state.etag = v.etag;
                state.last_modified = v.last_modified;
                state.items_found = report.items_found;
            } else {
                report.items_found = state.items_found;
            }
            state.last_success = Some(now);
            state.consecutive_failures = 0;
            state.last_error = None;
            state.health = SourceHealth::Ok;
            report.next_in = every;
        }
        Some(f) => {
            let message = f.message();
            state.consecutive_failures = state.consecutive_failures.saturating_add(1);
            state.last_error = Some(message.clone());
            if state.consecutive_failures >= FAILING_AFTER {
                state.health = SourceHealth::Failing;
            }
            let retry_after = match &f {
                Failure::Fetch(e) => e.retry_after(),
                Failure::Other(_) => None,
            };
            report.next_in = backoff(every, state.consecutive_failures, retry_after, jitter);
            report.error = Some(message);
        }
    }
    state.next_poll = Some(now + i64::try_from(report.next_in.as_secs()).unwrap_or(i64::MAX / 2));
    store.put_source_state(&state)?;
    store.flush()?;
    if !report.added.is_empty() || !report.updated.is_empty() {
        // `/position` learns of them as it does of files.
        let changed: Vec<String> = report
            .added
            .iter()
            .chain(&report.updated)
            .cloned()
            .collect();
        library.briefs_stored(&changed, &report.added)?;
    }
    Ok((report, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_exponentially_within_the_cap() {
        let min = Duration::from_secs(60);
        assert_eq!(backoff(min, 1, None, 0.5), min);
        assert_eq!(backoff(min, 3, None, 0.5), min * 4);
        assert_eq!(backoff(min, 30, None, 0.5), MAX_BACKOFF);
        assert_eq!(backoff(min, 30, None, 1.0), MAX_BACKOFF);
        assert!(backoff(min, 2, None, 0.0) >= min * 2 * 8 / 10);
        assert!(backoff(min, 2, None, 0.999) <= min * 2 * 12 / 10);
        // The server's Retry-After wins when it is longer.
        assert_eq!(
            backoff(min, 1, Some(Duration::from_secs(7200)), 0.5),
            Duration::from_secs(7200)
        );
        // A long interval is its own cap.
        let day = Duration::from_secs(86_400);
        assert_eq!(backoff(day, 5, None, 0.5), day);
    }
}
