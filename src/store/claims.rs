//! `/position` claims in sled: one record per brief holding all its attributed statements,
//! written in the same transaction as the brief, so a query never re-analyses and a crash
//! never leaves a brief with another revision's claims. `meta` keeps the lexicon version the
//! claims were made with; a different version means they are rebuilt at start-up.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::positions::{Claim, Stance};

const CLAIMS_V1: u8 = 1;
const VERSION_KEY: &[u8] = b"claims_version";

#[derive(Serialize, Deserialize)]
struct ClaimV1 {
    date: String,
    section: String,
    sentence: u32,
    text: String,
    speaker: String,
    actors: Vec<String>,
    topics: Vec<String>,
    context_topics: Vec<String>,
    stance: String,
    from_context: bool,
}

pub(super) fn encode_claims(claims: &[Claim]) -> Vec<u8> {
    let recs: Vec<ClaimV1> = claims
        .iter()
        .map(|c| ClaimV1 {
            date: c.brief_date.to_string(),
            section: c.section.clone(),
            sentence: c.sentence_index,
            text: c.text.clone(),
            speaker: c.speaker.clone(),
            actors: c.actors.clone(),
            topics: c.topics.clone(),
            context_topics: c.context_topics.clone(),
            stance: c.stance.as_str().to_string(),
            from_context: c.from_context,
        })
        .collect();
    let mut out = vec![CLAIMS_V1];
    serde_json::to_writer(&mut out, &recs).expect("claim records serialize");
    out
}

fn decode_claims(brief_id: &str, bytes: &[u8]) -> Result<Vec<Claim>, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        key: format!("claims/{brief_id}"),
        reason,
    };
    let body = match bytes.split_first() {
        Some((&CLAIMS_V1, body)) => body,
        Some((v, _)) => return Err(corrupt(format!("unknown claims record version {v}"))),
        None => return Err(corrupt("empty record".into())),
    };
    let recs: Vec<ClaimV1> = serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))?;
    recs.into_iter()
        .map(|r| {
            Ok(Claim {
                brief_id: brief_id.to_string(),
                brief_date: NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
                    .map_err(|e| corrupt(format!("date {:?}: {e}", r.date)))?,
                section: r.section,
                sentence_index: r.sentence,
                text: r.text,
                speaker: r.speaker,
                actors: r.actors,
                topics: r.topics,
                context_topics: r.context_topics,
                stance: r
                    .stance
                    .parse::<Stance>()
                    .map_err(|e| corrupt(e.to_string()))?,
                from_context: r.from_context,
            })
        })
        .collect()
}

impl Store {
    /// Every stored claim, in brief id order.
    pub fn all_claims(&self) -> Result<Vec<Claim>, StoreError> {
        let mut out = Vec::new();
        for kv in self.claims.iter() {
            let (k, v) = kv?;
            out.extend(decode_claims(&String::from_utf8_lossy(&k), &v)?);
        }
        Ok(out)
    }

    /// Replaces one brief's claims (outside an ingest: a rebuild after a lexicon change).
    pub fn put_claims(&self, brief_id: &str, claims: &[Claim]) -> Result<(), StoreError> {
        self.claims
            .insert(brief_id.as_bytes(), encode_claims(claims))?;
        Ok(())
    }

    /// The lexicon version the stored claims were made with.
    pub fn claims_version(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .meta
            .get(VERSION_KEY)?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn set_claims_version(&self, version: &str) -> Result<(), StoreError> {
        self.meta.insert(VERSION_KEY, version.as_bytes())?;
        Ok(())
    }

    /// Ids of briefs that have no claims record (ingested without analysis, or before
    /// claims existed).
    pub fn briefs_without_claims(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for k in self.briefs.iter().keys() {
            let k = k?;
            if !self.claims.contains_key(&k)? {
                out.push(String::from_utf8_lossy(&k).into_owned());
            }
        }
        Ok(out)
    }
}
