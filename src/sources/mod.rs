//! HTTP sources: feeds (RSS, Atom, JSON Feed) and pages polled for new briefs. `fetch` is the
//! capped client every download goes through, `feeds` turns what it fetched into brief
//! documents, `poller` schedules, stores and reports. The per-source state kept between
//! polls is defined here and stored by `store::sources`.

pub mod feeds;
pub mod fetch;
pub mod poller;

pub use fetch::{redact_url, FetchError, Fetcher};
pub use poller::{PollReport, Poller};
// Kept with the store's other shared records, so the store need not import `sources`.
pub use crate::model::source::{SourceHealth, SourceState};

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
