//! What is remembered about a configured source between polls: kept by the store, updated
//! by the poller, shown by `/library sources`.

use chrono::{DateTime, Utc};

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
