//! HTTP sources' state in sled: validators, health and schedule per source, and the feed
//! items already read, so an item is stored once however many polls see it.
//!
//! Trees: `sources` source URL (without credentials) -> state record; `source_items`
//! source URL \0 item key (guid, else link, else a hash) -> brief id, empty for an item that
//! was read and rejected (so it is not fetched again every poll).

use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::model::source::{SourceHealth, SourceState};

const RECORD_V1: u8 = 1;

#[derive(Serialize, Deserialize)]
struct SourceStateV1 {
    name: String,
    etag: Option<String>,
    last_modified: Option<String>,
    last_fetch: Option<i64>,
    last_success: Option<i64>,
    items_found: u64,
    briefs_added: u64,
    consecutive_failures: u32,
    last_error: Option<String>,
    health: String,
    next_poll: Option<i64>,
}

fn corrupt(key: &[u8], reason: String) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        reason,
    }
}

fn encode(s: &SourceState) -> Vec<u8> {
    let rec = SourceStateV1 {
        name: s.name.clone(),
        etag: s.etag.clone(),
        last_modified: s.last_modified.clone(),
        last_fetch: s.last_fetch,
        last_success: s.last_success,
        items_found: s.items_found as u64,
        briefs_added: s.briefs_added,
        consecutive_failures: s.consecutive_failures,
        last_error: s.last_error.clone(),
        health: s.health.as_str().to_string(),
        next_poll: s.next_poll,
    };
    let mut out = vec![RECORD_V1];
    serde_json::to_writer(&mut out, &rec).expect("records of strings and numbers serialize");
    out
}

fn decode(key: &[u8], bytes: &[u8]) -> Result<SourceState, StoreError> {
    let rec: SourceStateV1 = match bytes.split_first() {
        Some((&RECORD_V1, body)) => {
            serde_json::from_slice(body).map_err(|e| corrupt(key, e.to_string()))?
        }
        Some((v, _)) => return Err(corrupt(key, format!("unknown record version {v}"))),
        None => return Err(corrupt(key, "empty record".into())),
    };
    let health = SourceHealth::parse(&rec.health)
        .ok_or_else(|| corrupt(key, format!("unknown source health {:?}", rec.health)))?;
    Ok(SourceState {
        url: String::from_utf8_lossy(key).into_owned(),
        name: rec.name,
        etag: rec.etag,
        last_modified: rec.last_modified,
        last_fetch: rec.last_fetch,
        last_success: rec.last_success,
        items_found: usize::try_from(rec.items_found).unwrap_or(usize::MAX),
        briefs_added: rec.briefs_added,
        consecutive_failures: rec.consecutive_failures,
        last_error: rec.last_error,
        health,
        next_poll: rec.next_poll,
    })
}

fn item_key(source_url: &str, item: &str) -> Vec<u8> {
    let mut k = source_url.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(item.as_bytes());
    k
}

impl Store {
    pub fn source_state(&self, url: &str) -> Result<Option<SourceState>, StoreError> {
        match self.sources.get(url.as_bytes())? {
            Some(v) => decode(url.as_bytes(), &v).map(Some),
            None => Ok(None),
        }
    }

    /// Not flushed: the poller flushes once per poll.
    pub fn put_source_state(&self, s: &SourceState) -> Result<(), StoreError> {
        self.sources.insert(s.url.as_bytes(), encode(s))?;
        Ok(())
    }

    /// Every stored source state, configured now or not, in URL order.
    pub fn source_states(&self) -> Result<Vec<SourceState>, StoreError> {
        self.sources
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                decode(&k, &v)
            })
            .collect()
    }

    /// The brief an item of `source_url` became (`Some("")` when it was rejected), or None
    /// when the item was never read.
    pub fn source_item(&self, source_url: &str, item: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .source_items
            .get(item_key(source_url, item))?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Remembers that an item was read; `brief_id` empty when it was rejected. Not flushed.
    pub fn put_source_item(
        &self,
        source_url: &str,
        item: &str,
        brief_id: &str,
    ) -> Result<(), StoreError> {
        self.source_items
            .insert(item_key(source_url, item), brief_id.as_bytes())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_items_are_per_source() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        let mut s = SourceState::new("https://example.org/feed", "Example");
        s.etag = Some("\"v1\"".into());
        s.health = SourceHealth::Failing;
        s.consecutive_failures = 3;
        s.last_error = Some("HTTP 500".into());
        s.items_found = 4;
        s.next_poll = Some(1_700_000_000);
        store.put_source_state(&s).unwrap();
        assert_eq!(store.source_state(&s.url).unwrap(), Some(s.clone()));
        assert_eq!(store.source_states().unwrap(), vec![s]);

        store
            .put_source_item("https://a/feed", "guid-1", "2025-09-05-x")
            .unwrap();
        assert_eq!(
            store
                .source_item("https://a/feed", "guid-1")
                .unwrap()
                .as_deref(),
            Some("2025-09-05-x")
        );
        assert_eq!(store.source_item("https://b/feed", "guid-1").unwrap(), None);

        let mut bad = vec![9u8];
        bad.extend_from_slice(b"{}");
        store.sources.insert("x", bad).unwrap();
        assert!(matches!(
            store.source_state("x"),
            Err(StoreError::Corrupt { .. })
        ));
    }
}
