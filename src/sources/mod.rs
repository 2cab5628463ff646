//! HTTP sources: feeds (RSS, Atom, JSON Feed) and pages polled for new briefs. `fetch` is the
//! capped client every download goes through, `feeds` turns what it fetched into brief
//! documents, `poller` schedules, stores and reports. The per-source state kept between
//! polls is defined here and stored by `store::sources`.

pub mod feeds;
pub mod fetch;
pub mod poller;

pub use fetch::{redact_url, FetchError, Fetcher};
pub use poller::{PollReport, Poller};

use chrono::{DateTime, Utc};

use crate::config::SourceConfig;
use crate::positions::Lexicons;
use crate::store::{Store, StoreError};

/// What the poller needs of the application, and no more: the store, how briefs are read
/// and analysed, and whom to tell once new ones are stored. `App` implements it; the poller
/// holds this rather than `App`, so nothing under `sources` imports `app` and `commands`
/// can use `sources` (for [`statuses`]) without an import circle.
pub trait BriefLibrary: Send + Sync {
    fn store(&self) -> &Store;
    fn lexicons(&self) -> &Lexicons;
    /// The size cap a brief is parsed under (`max_brief_bytes` in the config).
    fn max_brief_bytes(&self) -> usize;
    /// Called with the ids of briefs a poll added or updated (`changed`) and of those it
    /// added, after they were flushed: the library refreshes `/position` and announces the
    /// new ones to delivery.
    fn briefs_stored(&self, changed: &[String], added: &[String]) -> Result<(), StoreError>;
}

/// Each configured source's state, in config order; a source never polled shows as `new`.
pub fn statuses(store: &Store, sources: &[SourceConfig]) -> Result<Vec<SourceState>, StoreError> {
    sources
        .iter()
        .map(|s| {
            let key = redact_url(&s.url);
            let name = display_name(s);
            Ok(match store.source_state(&key)? {
                Some(mut st) => {
                    st.name = name;
                    st
                }
                None => SourceState::new(&key, &name),
            })
        })
        .collect()
}

/// Whether a source is working, as `/sources` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceHealth {
    /// Not polled yet.
    New,
    Ok,
    /// Failed `poller::FAILING_AFTER` times in a row.
    Failing,
}

impl SourceHealth {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceHealth::New => "new",
            SourceHealth::Ok => "ok",
            SourceHealth::Failing => "failing",
        }
    }

    pub fn parse(s: &str) -> Option<SourceHealth> {
        match s {
            "new" => Some(SourceHealth::New),
            "ok" => Some(SourceHealth::Ok),
            "failing" => Some(SourceHealth::Failing),
            _ => None,
        }
    }
}

/// What is remembered about one source between polls (and across restarts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceState {
    /// The source's URL without credentials: the key it is stored under.
    pub url: String,
    pub name: String,
    /// Validators of the last full response, sent back for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Unix seconds of the last attempt, successful or not.
    pub last_fetch: Option<i64>,
    pub last_success: Option<i64>,
    /// Items (or pages) in the last response that was read.
    pub items_found: usize,
    /// Briefs this source added over its life.
    pub briefs_added: u64,
    pub consecutive_failures: u32,
    pub last_error: Option<String>,
    pub health: SourceHealth,
    /// Unix seconds before which the poller leaves the source alone (interval, back-off or
    /// the server's Retry-After).
    pub next_poll: Option<i64>,
}

impl SourceState {
    pub fn new(url: &str, name: &str) -> SourceState {
        SourceState {
            url: url.to_string(),
            name: name.to_string(),
            etag: None,
            last_modified: None,
            last_fetch: None,
            last_success: None,
            items_found: 0,
            briefs_added: 0,
            consecutive_failures: 0,
            last_error: None,
            health: SourceHealth::New,
            next_poll: None,
        }
    }

    /// One line for `/sources` or a log: `name — ok, fetched 2025-09-05 08:00 UTC, 12 items`.
    pub fn line(&self) -> String {
        let when = |t: Option<i64>| {
            t.and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
                .map_or_else(
                    || "never".to_string(),
                    |d| d.format("%Y-%m-%d %H:%M UTC").to_string(),
                )
        };
        let mut out = format!(
            "{} — {}, fetched {}, {} items, {} briefs added",
            self.name,
            self.health.as_str(),
            when(self.last_fetch),
            self.items_found,
            self.briefs_added
        );
        if let Some(e) = &self.last_error {
            out.push_str(&format!(
                " (last error, {} in a row: {e})",
                self.consecutive_failures
            ));
        }
        out
    }
}

/// The name a source is shown by: its configured name, else its URL's host.
pub fn display_name(src: &SourceConfig) -> String {
    if !src.name.trim().is_empty() {
        return src.name.trim().to_string();
    }
    reqwest::Url::parse(&src.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| redact_url(&src.url))
}
