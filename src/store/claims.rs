//! `/position` claims in sled: one record per brief holding all its attributed statements,
//! written in the same transaction as the brief, so a query never re-analyses and a crash
//! never leaves a brief with another revision's claims. `meta` keeps the lexicon version the
//! claims were made with; a different version means they are rebuilt at start-up.
//!
//! The same transaction writes each claim's terms alone (`claim_terms`: actors, topics,
//! stems), which a scan of the whole library reads instead of the claims: one actor's
//! claims are found there, and only the records of the briefs holding them are read. Each
//! claim is stored once: the copies under every actor it named that older versions wrote
//! (`claims_by_actor`) were half the store's bytes, and are dropped at open. What actor
//! resolution and suggestions need about the rest (`PositionSummary`) is kept in `meta`,
//! stamped with a generation counter the transaction bumps, and remade when stale. And it
//! logs which brief it wrote at which generation, so an index derived from the claims at
//! an earlier generation (the bot's, or the one saved in the data directory) reads only
//! those briefs again.
//!
//! Records are postcard since version 3 and are read in place: a query looks at every
//! claim of an actor but decodes in full only those that answer it.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::{Store, StoreError};
use crate::positions::{
    Claim, ClaimRef, ClaimTerms, Lexicons, PositionSummary, ReadFailed, Stance, TextSource,
};

const CLAIMS_V1: u8 = 1;
/// Version 2 adds each claim's stems and topic counts, made at ingest.
const CLAIMS_V2: u8 = 2;
/// Version 3 holds the same fields in postcard instead of JSON, the date as a day number:
/// a query reads tens of thousands of claims, and their words can be looked at in place
/// (borrowed, not copied) to decode in full only the claims that answer it.
const CLAIMS_V3: u8 = 3;
const SUMMARY_V1: u8 = 1;
const VERSION_KEY: &[u8] = b"claims_version";
const SUMMARY_KEY: &[u8] = b"position_summary";
/// Bookkeeping keys live in `claims` itself: it is in the brief's transaction, and it is
/// never exported, so a restored database (no claims) cannot look checked. Brief ids are
/// text, so they never start with 0xFF.
const GENERATION_KEY: &[u8] = b"\xffgeneration";
/// Present while every stored brief has claims: set by the start-up look that found none
/// without, removed by any write of a brief without them. It replaces `\xffchecked` (the
/// generation of that look, rewritten with every brief stored: a page write each).
const ALL_CLAIMED_KEY: &[u8] = b"\xffall_claimed";
/// What older versions kept instead; removed when the mark above is set.
const CHECKED_KEY: &[u8] = b"\xffchecked";
/// A random number fixed when this database first needs it (see [`Store::library_id`]).
const LIBRARY_KEY: &[u8] = b"\xfflibrary";
/// The log of claims writes: this prefix and the generation a write brought (big-endian)
/// -> the brief's id. An index derived from the claims at one generation reads it to learn
/// which briefs to read again to catch up, instead of reading every claim.
const LOG_PREFIX: &[u8] = b"\xfflog:";
/// How many of the last writes the log keeps: an index further behind is built again.
const CLAIMS_LOG_KEEP: u64 = 4096;

fn log_key(generation: u64) -> Vec<u8> {
    let mut k = LOG_PREFIX.to_vec();
    k.extend_from_slice(&generation.to_be_bytes());
    k
}

/// Where brief ids end in the claims tree: bookkeeping keys all start with 0xFF.
const BRIEFS_END: &[u8] = b"\xff";

fn read_u64(v: Option<sled::IVec>) -> Option<u64> {
    v.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
        .map(u64::from_be_bytes)
}

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

#[derive(Serialize, Deserialize)]
struct ClaimV2 {
    date: String,
    section: String,
    sentence: u32,
    text: String,
    speaker: String,
    actors: Vec<String>,
    topics: Vec<String>,
    /// Parallel to `topics`.
    hits: Vec<u32>,
    context_topics: Vec<String>,
    stance: String,
    from_context: bool,
    stems: String,
}

/// A version 3 claim as written.
#[derive(Serialize)]
struct ClaimV3Out<'a> {
    /// Days from the common era's day 1 (`Datelike::num_days_from_ce`).
    days: i32,
    section: &'a str,
    sentence: u32,
    text: &'a str,
    speaker: &'a str,
    actors: Vec<&'a str>,
    topics: Vec<&'a str>,
    hits: Vec<u32>,
    context_topics: Vec<&'a str>,
    stance: &'a str,
    from_context: bool,
    stems: &'a str,
}

/// A version 3 claim as read: everything borrowed from the record, short lists kept inline,
/// and the text a query does not look at left as bytes (postcard writes a string and a
/// byte slice alike, so they are checked as UTF-8 only for claims decoded in full).
#[derive(Deserialize)]
struct ClaimV3<'a> {
    days: i32,
    section: &'a [u8],
    sentence: u32,
    text: &'a [u8],
    speaker: &'a [u8],
    #[serde(borrow)]
    actors: Few<&'a str>,
    #[serde(borrow)]
    topics: Few<&'a str>,
    hits: Few<u32>,
    #[serde(borrow)]
    context_topics: Few<&'a str>,
    stance: &'a [u8],
    from_context: bool,
    stems: &'a [u8],
}

impl<'a> ClaimV3<'a> {
    fn terms(&self) -> ClaimTerms<'_> {
        ClaimTerms {
            actors: &self.actors,
            topics: &self.topics,
            context_topics: &self.context_topics,
            stems: self.stems,
        }
    }

    /// The claim borrowed from the record, its text checked as UTF-8.
    fn view<'b>(&'b self, brief_id: &'b str) -> Result<ClaimRef<'b>, StoreError> {
        let bad = |reason: String| corrupt(brief_id, reason);
        let text = |b: &'b [u8], what: &str| {
            std::str::from_utf8(b).map_err(|e| bad(format!("{what}: {e}")))
        };
        Ok(ClaimRef {
            brief_id,
            brief_date: NaiveDate::from_num_days_from_ce_opt(self.days)
                .ok_or_else(|| bad(format!("day number {} is not a date", self.days)))?,
            section: text(self.section, "section")?,
            sentence_index: self.sentence,
            text: text(self.text, "text")?,
            speaker: text(self.speaker, "speaker")?,
            actors: &self.actors,
            topics: &self.topics,
            topic_hits: &self.hits,
            context_topics: &self.context_topics,
            stance: text(self.stance, "stance")?
                .parse::<Stance>()
                .map_err(|e| bad(e.to_string()))?,
            from_context: self.from_context,
            stems: text(self.stems, "stems")?,
        })
    }

    fn to_claim(&self, brief_id: &str) -> Result<Claim, StoreError> {
        Ok(self.view(brief_id)?.to_claim())
    }
}

/// Items a short list holds without allocating: most claims name one or two actors and
/// topics, and a scan reads tens of thousands of claims.
const FEW: usize = 4;

/// A list read in place: inline up to `FEW` items, on the heap beyond.
enum Few<T> {
    Inline([T; FEW], u8),
    Heap(Vec<T>),
}

impl<T> std::ops::Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Few::Inline(items, n) => &items[..usize::from(*n)],
            Few::Heap(v) => v,
        }
    }
}

impl<'de, T: Deserialize<'de> + Copy + Default> Deserialize<'de> for Few<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Copy + Default> serde::de::Visitor<'de> for Items<T> {
            type Value = Few<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Few<T>, A::Error> {
                let mut items = [T::default(); FEW];
                for (n, slot) in items.iter_mut().enumerate() {
                    match seq.next_element()? {
                        Some(x) => *slot = x,
                        None => return Ok(Few::Inline(items, n as u8)),
                    }
                }
                match seq.next_element()? {
                    None => Ok(Few::Inline(items, FEW as u8)),
                    Some(x) => {
                        let mut v = items.to_vec();
                        v.push(x);
                        while let Some(x) = seq.next_element()? {
                            v.push(x);
                        }
                        Ok(Few::Heap(v))
                    }
                }
            }
        }
        d.deserialize_seq(Items(std::marker::PhantomData))
    }
}

/// A claim's terms as written to `claim_terms`, which a scan of the whole library reads
/// instead of the claims (less than half their size). The scan asks who spoke on a topic,
/// which context never decides, so the stems are the claim's own, without its context's.
#[derive(Serialize)]
struct TermsV1Out<'a> {
    actors: &'a [String],
    topics: &'a [String],
    context_topics: &'a [String],
    stems: &'a str,
}

/// The same, read in place.
#[derive(Deserialize)]
struct TermsV1<'a> {
    #[serde(borrow)]
    actors: Few<&'a str>,
    #[serde(borrow)]
    topics: Few<&'a str>,
    #[serde(borrow)]
    context_topics: Few<&'a str>,
    stems: &'a [u8],
}

const TERMS_V1: u8 = 1;

/// The fields a summary counts, in either version; serde skips the others unallocated.
#[derive(Deserialize)]
struct ClaimNames {
    speaker: String,
    actors: Vec<String>,
    topics: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct SummaryV1 {
    /// Generation and lexicon version the summary was made at.
    stamp: String,
    actors: Vec<(String, usize)>,
    discovered: Vec<(String, String)>,
    topics: Vec<(String, usize)>,
}

fn str_refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn encode_claims(claims: &[&Claim]) -> Vec<u8> {
    let recs: Vec<ClaimV3Out> = claims
        .iter()
        .map(|c| ClaimV3Out {
            days: c.brief_date.num_days_from_ce(),
            section: &c.section,
            sentence: c.sentence_index,
            text: &c.text,
            speaker: &c.speaker,
            actors: str_refs(&c.actors),
            topics: str_refs(&c.topics),
            hits: c.topic_hits.clone(),
            context_topics: str_refs(&c.context_topics),
            stance: c.stance.as_str(),
            from_context: c.from_context,
            stems: &c.stems,
        })
        .collect();
    let mut out = vec![CLAIMS_V3];
    out.extend(postcard::to_allocvec(&recs).expect("claim records serialize"));
    out
}

/// One brief's claims ready to write: its record and its terms, a claim for a claim in the
/// same order. Made outside the transaction, whose closure may run more than once; no
/// record holds the brief id.
pub(super) struct EncodedClaims {
    record: Vec<u8>,
    terms: Vec<u8>,
}

impl EncodedClaims {
    pub(super) fn new(claims: &[Claim]) -> EncodedClaims {
        let terms: Vec<TermsV1Out> = claims
            .iter()
            .map(|c| TermsV1Out {
                actors: &c.actors,
                topics: &c.topics,
                context_topics: &c.context_topics,
                stems: crate::positions::own_stems_of(&c.stems),
            })
            .collect();
        let mut terms_record = vec![TERMS_V1];
        terms_record.extend(postcard::to_allocvec(&terms).expect("terms serialize"));
        EncodedClaims {
            record: encode_claims(&claims.iter().collect::<Vec<_>>()),
            terms: terms_record,
        }
    }
}

/// Replaces brief `id`'s claims (and their terms) with `new`, or drops them.
pub(super) fn write_claims_tx(
    claims: &TransactionalTree,
    terms: &TransactionalTree,
    id: &str,
    new: Option<&EncodedClaims>,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    match new {
        Some(enc) => {
            claims.insert(id.as_bytes(), enc.record.as_slice())?;
            terms.insert(id.as_bytes(), enc.terms.as_slice())?;
        }
        None => {
            claims.remove(id.as_bytes())?;
            terms.remove(id.as_bytes())?;
            // Start-up looks for briefs without claims again.
            claims.remove(ALL_CLAIMED_KEY)?;
        }
    }
    let generation = read_u64(claims.get(GENERATION_KEY)?).unwrap_or(0);
    claims.insert(GENERATION_KEY, &(generation + 1).to_be_bytes())?;
    claims.insert(log_key(generation + 1), id.as_bytes())?;
    if let Some(dropped) = (generation + 1).checked_sub(CLAIMS_LOG_KEEP) {
        claims.remove(log_key(dropped))?;
    }
    Ok(())
}

fn corrupt(key: &str, reason: String) -> StoreError {
    StoreError::Corrupt {
        key: format!("claims/{key}"),
        reason,
    }
}

fn body<'a>(key: &str, bytes: &'a [u8]) -> Result<(u8, &'a [u8]), StoreError> {
    match bytes.split_first() {
        Some((&v @ (CLAIMS_V1 | CLAIMS_V2 | CLAIMS_V3), body)) => Ok((v, body)),
        Some((v, _)) => Err(corrupt(key, format!("unknown claims record version {v}"))),
        None => Err(corrupt(key, "empty record".into())),
    }
}

fn decode_names(key: &str, bytes: &[u8]) -> Result<Vec<ClaimNames>, StoreError> {
    match body(key, bytes)? {
        (CLAIMS_V3, _) => Ok(decode_v3(key, bytes)?
            .into_iter()
            .map(|r| ClaimNames {
                speaker: String::from_utf8_lossy(r.speaker).into_owned(),
                actors: r.actors.iter().map(|s| s.to_string()).collect(),
                topics: r.topics.iter().map(|s| s.to_string()).collect(),
            })
            .collect()),
        (_, body) => serde_json::from_slice(body).map_err(|e| corrupt(key, e.to_string())),
    }
}

/// A version 3 record's claims, borrowing their text from `bytes` (an error for older
/// versions).
fn decode_v3<'a>(key: &str, bytes: &'a [u8]) -> Result<Vec<ClaimV3<'a>>, StoreError> {
    match body(key, bytes)? {
        (CLAIMS_V3, body) => postcard::from_bytes(body).map_err(|e| corrupt(key, e.to_string())),
        (v, _) => Err(corrupt(key, format!("record version {v} is not postcard"))),
    }
}

/// Calls `f` with each claim of a version 3 record's `body` in turn, as it is read: a scan
/// keeps no list of them.
fn each_v3<'a>(
    key: &str,
    body: &'a [u8],
    f: &mut dyn FnMut(ClaimV3<'a>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    struct Each<'f, 'a> {
        f: &'f mut dyn FnMut(ClaimV3<'a>) -> Result<(), StoreError>,
        failed: &'f mut Option<StoreError>,
    }
    impl<'a> serde::de::Visitor<'a> for Each<'_, 'a> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of claims")
        }
        fn visit_seq<A: serde::de::SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(c) = seq.next_element::<ClaimV3<'a>>()? {
                if let Err(e) = (self.f)(c) {
                    *self.failed = Some(e);
                    return Err(serde::de::Error::custom("stopped"));
                }
            }
            Ok(())
        }
    }
    let mut failed = None;
    let mut de = postcard::Deserializer::from_bytes(body);
    let read = serde::Deserializer::deserialize_seq(
        &mut de,
        Each {
            f,
            failed: &mut failed,
        },
    );
    match failed {
        Some(e) => Err(e),
        None => read.map_err(|e| corrupt(key, e.to_string())),
    }
}

/// Calls `keep` with the terms of each claim in one brief's record, and `each` with those
/// it keeps. Version 3 records are read in place; older ones are decoded first.
fn visit_claims(
    brief_id: &str,
    bytes: &[u8],
    keep: &mut dyn FnMut(&ClaimTerms) -> bool,
    each: &mut dyn FnMut(&ClaimRef),
) -> Result<(), StoreError> {
    if let (CLAIMS_V3, body) = body(brief_id, bytes)? {
        return each_v3(brief_id, body, &mut |r| {
            if keep(&r.terms()) {
                each(&r.view(brief_id)?);
            }
            Ok(())
        });
    }
    for c in decode_claims(brief_id, bytes)? {
        c.with_ref(|c| {
            let terms = ClaimTerms {
                actors: c.actors,
                topics: c.topics,
                context_topics: c.context_topics,
                stems: c.stems.as_bytes(),
            };
            if keep(&terms) {
                each(c);
            }
        });
    }
    Ok(())
}

fn decode_claims(brief_id: &str, bytes: &[u8]) -> Result<Vec<Claim>, StoreError> {
    let bad = |reason: String| corrupt(brief_id, reason);
    let recs: Vec<ClaimV2> = match body(brief_id, bytes)? {
        (CLAIMS_V3, _) => {
            return decode_v3(brief_id, bytes)?
                .iter()
                .map(|r| r.to_claim(brief_id))
                .collect();
        }
        (CLAIMS_V1, body) => {
            let v1: Vec<ClaimV1> = serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
            // Stems and counts are left empty: `PositionIndex` makes them for such claims.
            v1.into_iter()
                .map(|r| ClaimV2 {
                    date: r.date,
                    section: r.section,
                    sentence: r.sentence,
                    text: r.text,
                    speaker: r.speaker,
                    actors: r.actors,
                    topics: r.topics,
                    hits: Vec::new(),
                    context_topics: r.context_topics,
                    stance: r.stance,
                    from_context: r.from_context,
                    stems: String::new(),
                })
                .collect()
        }
        (_, body) => serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?,
    };
    // Claims of one brief share a date: parse it once.
    let mut date: Option<(String, NaiveDate)> = None;
    recs.into_iter()
        .map(|r| {
            let brief_date = match &date {
                Some((s, d)) if *s == r.date => *d,
                _ => {
                    let d = NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
                        .map_err(|e| bad(format!("date {:?}: {e}", r.date)))?;
                    date = Some((r.date.clone(), d));
                    d
                }
            };
            Ok(Claim {
                brief_id: brief_id.to_string(),
                brief_date,
                section: r.section,
                sentence_index: r.sentence,
                text: r.text,
                speaker: r.speaker,
                actors: r.actors,
                topics: r.topics,
                topic_hits: r.hits,
                context_topics: r.context_topics,
                stance: r.stance.parse::<Stance>().map_err(|e| bad(e.to_string()))?,
                from_context: r.from_context,
                stems: r.stems,
            })
        })
        .collect()
}

/// Calls `f` with the terms of each claim in one brief's `claim_terms` record, in order.
fn each_terms(
    brief_id: &str,
    bytes: &[u8],
    f: &mut dyn FnMut(&ClaimTerms),
) -> Result<(), StoreError> {
    let bad = |reason: String| corrupt(&format!("terms/{brief_id}"), reason);
    let body = match bytes.split_first() {
        Some((&TERMS_V1, body)) => body,
        Some((v, _)) => return Err(bad(format!("unknown terms record version {v}"))),
        None => return Err(bad("empty record".into())),
    };
    let terms: Vec<TermsV1> = postcard::from_bytes(body).map_err(|e| bad(e.to_string()))?;
    for t in &terms {
        f(&ClaimTerms {
            actors: &t.actors,
            topics: &t.topics,
            context_topics: &t.context_topics,
            stems: t.stems,
        });
    }
    Ok(())
}

impl Store {
    /// Every stored claim, in brief id order.
    pub fn all_claims(&self) -> Result<Vec<Claim>, StoreError> {
        let mut out = Vec::new();
        self.for_each_claim(|c| out.push(c))?;
        Ok(out)
    }

    /// Calls `f` with every stored claim, in the order of [`Store::all_claims`], one
    /// brief's record decoded at a time.
    pub fn for_each_claim(&self, mut f: impl FnMut(Claim)) -> Result<(), StoreError> {
        self.for_each_claim_ref(|c| f(c.to_claim()))
    }

    /// [`Store::for_each_claim`] with each claim borrowed from its record as it is read:
    /// nothing of it is copied unless `f` copies it.
    pub fn for_each_claim_ref(&self, mut f: impl FnMut(&ClaimRef)) -> Result<(), StoreError> {
        for kv in self.claims.range(..BRIEFS_END) {
            let (k, v) = kv?;
            let brief_id = String::from_utf8_lossy(&k);
            visit_claims(&brief_id, &v, &mut |_| true, &mut f)?;
        }
        Ok(())
    }

    /// One brief's claims, in reading order (none when it has no record).
    pub fn brief_claims(&self, brief_id: &str) -> Result<Vec<Claim>, StoreError> {
        match self.claims.get(brief_id.as_bytes())? {
            Some(v) => decode_claims(brief_id, &v),
            None => Ok(Vec::new()),
        }
    }

    /// The text of brief `brief_id`'s claim in sentence `sentence` whose text hashes to
    /// `hash` ([`crate::positions::text_hash`]): an index that left its statements' texts
    /// here reads back the few a reply shows. `None` when the brief no longer holds it.
    pub fn claim_text(
        &self,
        brief_id: &str,
        sentence: u32,
        hash: u64,
    ) -> Result<Option<String>, StoreError> {
        let Some(v) = self.claims.get(brief_id.as_bytes())? else {
            return Ok(None);
        };
        let mut found = None;
        visit_claims(brief_id, &v, &mut |_| true, &mut |c| {
            if found.is_none()
                && c.sentence_index == sentence
                && crate::positions::text_hash(c.text) == hash
            {
                found = Some(c.text.to_string());
            }
        })?;
        Ok(found)
    }

    /// Reads back, through [`Store::claim_text`], the statements' texts a `/position` index
    /// leaves in the store ([`crate::positions::IndexBuilder::texts_from`]); a read that
    /// fails is logged.
    pub fn text_source(&self) -> TextSource {
        let store = self.clone();
        TextSource::new(move |brief_id, sentence, hash| {
            store.claim_text(brief_id, sentence, hash).map_err(|e| {
                tracing::warn!(brief = brief_id, error = %e, "a statement's text could not be read");
                ReadFailed
            })
        })
    }

    /// Every claim naming `actor` (an actor id), in the order `all_claims` gives them.
    pub fn actor_claims(&self, actor: &str) -> Result<Vec<Claim>, StoreError> {
        self.actor_claims_where(actor, |_| true)
    }

    /// The claims naming `actor` that `keep` accepts, in the order `all_claims` gives them.
    pub fn actor_claims_where(
        &self,
        actor: &str,
        keep: impl FnMut(&ClaimTerms) -> bool,
    ) -> Result<Vec<Claim>, StoreError> {
        let mut out = Vec::new();
        self.for_actor_claims(actor, keep, |c| out.push(c.to_claim()))?;
        Ok(out)
    }

    /// Calls `each` with the claims naming `actor` that `keep` accepts, in the order
    /// `all_claims` gives them, borrowed from their records. Which briefs hold one is read
    /// from `claim_terms`; only their records are read, and in them `keep` sees every
    /// claim of the actor's (with its context's stems, which the terms leave out). Only
    /// the kept ones are decoded further: a query about one topic reads a prolific
    /// actor's claims without copying them.
    pub fn for_actor_claims(
        &self,
        actor: &str,
        mut keep: impl FnMut(&ClaimTerms) -> bool,
        mut each: impl FnMut(&ClaimRef),
    ) -> Result<(), StoreError> {
        for kv in self.claim_terms.iter() {
            let (k, v) = kv?;
            let brief_id = String::from_utf8_lossy(&k);
            let mut names = false;
            each_terms(&brief_id, &v, &mut |t| names |= t.actors.contains(&actor))?;
            if !names {
                continue;
            }
            // Read apart from the terms, so the brief may have been stored again since:
            // the record's own actors decide, and a record gone is a brief stored again
            // without claims.
            let Some(record) = self.claims.get(&k)? else {
                continue;
            };
            visit_claims(
                &brief_id,
                &record,
                &mut |t| t.actors.contains(&actor) && keep(t),
                &mut each,
            )?;
        }
        Ok(())
    }

    /// Calls `f` with the terms of every stored claim (from `claim_terms`, written with
    /// each brief's claims), decoding no claim.
    pub fn for_each_claim_terms(&self, mut f: impl FnMut(&ClaimTerms)) -> Result<(), StoreError> {
        for kv in self.claim_terms.iter() {
            let (k, v) = kv?;
            each_terms(&String::from_utf8_lossy(&k), &v, &mut f)?;
        }
        Ok(())
    }

    /// Replaces one brief's claims (outside an ingest: a rebuild after a lexicon change).
    pub fn put_claims(&self, brief_id: &str, claims: &[Claim]) -> Result<(), StoreError> {
        let enc = EncodedClaims::new(claims);
        (&self.claims, &self.claim_terms)
            .transaction(|(c, t)| write_claims_tx(c, t, brief_id, Some(&enc)))?;
        Ok(())
    }

    /// The counts and names `/position` suggestions need, as of the last claims written:
    /// read from `meta`, or remade from every claim's speaker, actors and topics (without
    /// their text) when claims changed since, and kept.
    pub fn position_summary(&self, lex: &Lexicons) -> Result<PositionSummary, StoreError> {
        let generation = self.claims_generation()?;
        let stamp = format!("{generation}:{}", lex.version());
        if let Some(v) = self.meta.get(SUMMARY_KEY)? {
            if let Some((&SUMMARY_V1, body)) = v.split_first() {
                // An unreadable summary is only a cache: remade below.
                if let Ok(s) = serde_json::from_slice::<SummaryV1>(body) {
                    if s.stamp == stamp {
                        return Ok(PositionSummary {
                            actor_claims: s.actors.into_iter().collect(),
                            discovered: s.discovered.into_iter().collect(),
                            topic_claims: s.topics.into_iter().collect(),
                        });
                    }
                }
            }
        }
        let mut summary = PositionSummary::default();
        for kv in self.claims.range(..BRIEFS_END) {
            let (k, v) = kv?;
            for n in decode_names(&String::from_utf8_lossy(&k), &v)? {
                summary.add(lex, &n.speaker, &n.actors, &n.topics);
            }
        }
        let sorted = |m: &HashMap<String, usize>| {
            let mut v: Vec<(String, usize)> = m.iter().map(|(k, n)| (k.clone(), *n)).collect();
            v.sort();
            v
        };
        let mut discovered: Vec<(String, String)> = summary
            .discovered
            .iter()
            .map(|(k, n)| (k.clone(), n.clone()))
            .collect();
        discovered.sort();
        let rec = SummaryV1 {
            stamp,
            actors: sorted(&summary.actor_claims),
            discovered,
            topics: sorted(&summary.topic_claims),
        };
        let mut out = vec![SUMMARY_V1];
        serde_json::to_writer(&mut out, &rec).expect("summary record serializes");
        self.meta.insert(SUMMARY_KEY, out)?;
        Ok(summary)
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

    /// Counts every change of claims (a brief stored with or without them, a rebuild).
    pub fn claims_generation(&self) -> Result<u64, StoreError> {
        Ok(read_u64(self.claims.get(GENERATION_KEY)?).unwrap_or(0))
    }

    /// The ids of the briefs whose claims were written after generation `since`, each once,
    /// with the generation that brings an index of the claims at `since` up to: whoever
    /// read those briefs' claims after this call holds every write up to it. `None` when
    /// the log no longer reaches back to `since` (it keeps the last 4,096 writes; a store written
    /// before it was kept has none): build from every claim instead.
    pub fn claims_written_since(
        &self,
        since: u64,
    ) -> Result<Option<(u64, Vec<String>)>, StoreError> {
        let now = self.claims_generation()?;
        if now <= since {
            return Ok((now == since).then(|| (since, Vec::new())));
        }
        let mut at = since;
        let mut ids = std::collections::BTreeSet::new();
        for kv in self.claims.range(log_key(since + 1)..=log_key(u64::MAX)) {
            let (k, v) = kv?;
            let generation = k
                .strip_prefix(LOG_PREFIX)
                .and_then(|g| <[u8; 8]>::try_from(g).ok())
                .map(u64::from_be_bytes);
            // A write's entry and its generation are one transaction, so the entries run
            // without a gap; a gap means the log was cut there.
            if generation != Some(at + 1) {
                break;
            }
            at += 1;
            ids.insert(String::from_utf8_lossy(&v).into_owned());
        }
        Ok((at >= now).then(|| (at, ids.into_iter().collect())))
    }

    /// A random number that names this database. The claims tree is derived and never
    /// exported, so an imported database gets its own: files derived from the store and
    /// kept beside it (the search index) tell by it that a generation count is another
    /// database's, after `import --replace`.
    pub fn library_id(&self) -> Result<u64, StoreError> {
        if let Some(id) = read_u64(self.claims.get(LIBRARY_KEY)?) {
            return Ok(id);
        }
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        let id = h.finish();
        // Two threads asking at once agree on the first one written.
        match self.claims.compare_and_swap(
            LIBRARY_KEY,
            None::<&[u8]>,
            Some(&id.to_be_bytes()[..]),
        )? {
            Ok(()) => Ok(id),
            Err(e) => Ok(read_u64(e.current).unwrap_or(id)),
        }
    }

    /// The state indexes derived from the claims record they were built from.
    pub fn stamp(&self) -> Result<super::Stamp, StoreError> {
        Ok(super::Stamp {
            library: self.library_id()?,
            generation: self.claims_generation()?,
        })
    }

    /// Whether every brief has had claims since [`Store::briefs_without_claims`] last found
    /// none (no brief was stored without them since), so start-up can skip reading every
    /// brief.
    pub fn all_briefs_have_claims(&self) -> Result<bool, StoreError> {
        Ok(self.claims.contains_key(ALL_CLAIMED_KEY)?)
    }

    /// Marks that every brief has claims, as a look just found.
    pub fn set_all_briefs_have_claims(&self) -> Result<(), StoreError> {
        self.claims.insert(ALL_CLAIMED_KEY, &[])?;
        self.claims.remove(CHECKED_KEY)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::parse_brief;
    use crate::positions::{analyze, PositionIndex};

    const BRIEF: &str = "Borderland Brief | 2025-09-05\n\nLead.\n\nWHAT HAPPENED\n\n\
        Kremlin spokesperson Dmitry Peskov said that foreign troops in Ukraine would be \
        legitimate targets. Polish Prime Minister Donald Tusk said Poland would not send \
        troops. Slovak Prime Minister Robert Fico warned that sanctions hurt Europe.\n";

    #[test]
    fn one_actors_claims_and_the_summary_answer_as_the_full_index_does() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        let lex = Lexicons::builtin();
        for (i, text) in [BRIEF, &BRIEF.replace("2025-09-05", "2025-09-06")]
            .into_iter()
            .enumerate()
        {
            let parsed = parse_brief(text.as_bytes(), "b.txt", 1 << 20).unwrap();
            store
                .put_brief_analyzed(&parsed, &format!("b{i}.txt"), 0, &|b| analyze(&lex, b))
                .unwrap();
        }
        // A new revision's claims replace the old ones, for every actor.
        let edited = BRIEF.replace("sanctions hurt Europe", "talks must resume");
        let parsed = parse_brief(edited.as_bytes(), "b.txt", 1 << 20).unwrap();
        store
            .put_brief_analyzed(&parsed, "b0.txt", 0, &|b| analyze(&lex, b))
            .unwrap();
        let full = PositionIndex::new(lex.clone(), store.all_claims().unwrap());
        let summary = store.position_summary(&lex).unwrap();
        assert_eq!(&summary, full.summary());
        for (actor, topic) in [
            ("russia", "troops"),
            ("peskov", ""),
            ("fico", "sanctions"),
            ("fico", "talks"),
            ("poland", "troops"),
        ] {
            let base = PositionIndex::from_summary(lex.clone(), summary.clone());
            let id = base.actor_id(actor).unwrap();
            let one = base.with_actor_claims(&id, store.actor_claims(&id).unwrap());
            assert!(one.can_answer(actor, topic), "{actor} {topic}");
            assert_eq!(one.query(actor, topic), full.query(actor, topic));
        }
        let base = PositionIndex::from_summary(lex.clone(), summary);
        assert_eq!(base.query("ficco", "x"), full.query("ficco", "x"));
    }

    /// An index of the claims at one generation learns from the log which briefs to read
    /// again, each once, and that it cannot catch up once the log was cut.
    #[test]
    fn the_log_of_claims_writes_names_each_brief_written_since_a_generation() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        let lex = Lexicons::builtin();
        let put = |name: &str, text: &str| {
            let parsed = parse_brief(text.as_bytes(), name, 1 << 20).unwrap();
            store
                .put_brief_analyzed(&parsed, name, 0, &|b| analyze(&lex, b))
                .unwrap()
                .id()
                .to_string()
        };
        assert_eq!(store.claims_written_since(0).unwrap(), Some((0, vec![])));
        let a = put("a.txt", BRIEF);
        let b = put("b.txt", &BRIEF.replace("2025-09-05", "2025-09-06"));
        let at = store.claims_generation().unwrap();
        assert_eq!(at, 2);
        let mut both = vec![a.clone(), b.clone()];
        both.sort();
        assert_eq!(store.claims_written_since(0).unwrap(), Some((2, both)));
        // Written twice since: named once.
        put(
            "a.txt",
            &BRIEF.replace("sanctions hurt Europe", "talks must resume"),
        );
        put(
            "a.txt",
            &BRIEF.replace("sanctions hurt Europe", "talks must wait"),
        );
        assert_eq!(
            store.claims_written_since(at).unwrap(),
            Some((4, vec![a.clone()]))
        );
        assert_eq!(store.claims_written_since(4).unwrap(), Some((4, vec![])));
        // A generation this store never reached is another store's.
        assert_eq!(store.claims_written_since(9).unwrap(), None);
        // The bookkeeping is not read as briefs' claims.
        let held = store.brief_claims(&a).unwrap().len() + store.brief_claims(&b).unwrap().len();
        assert!(held > 0);
        assert_eq!(store.all_claims().unwrap().len(), held);
        store.claims.remove(log_key(3)).unwrap();
        assert_eq!(store.claims_written_since(2).unwrap(), None);
        assert_eq!(store.claims_written_since(3).unwrap(), Some((4, vec![a])));
    }

    /// The log keeps the last 4,096 writes: an index further behind is told to build.
    #[test]
    fn the_log_keeps_the_last_writes_and_no_more() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        let writes = CLAIMS_LOG_KEEP + 4;
        for i in 0..writes {
            // Revisions of a few briefs: each stores new text, so each is a claims write.
            let text = BRIEF.replace("Lead.", &format!("Lead {i}."));
            let parsed = parse_brief(text.as_bytes(), "b.txt", 1 << 20).unwrap();
            store
                .put_brief(&parsed, &format!("b{}.txt", i % 3), 0)
                .unwrap();
        }
        assert_eq!(store.claims_generation().unwrap(), writes);
        let kept = writes - CLAIMS_LOG_KEEP;
        assert_eq!(store.claims_written_since(kept - 1).unwrap(), None);
        let (upto, ids) = store.claims_written_since(kept).unwrap().unwrap();
        assert_eq!((upto, ids.len()), (writes, 3), "{ids:?}");
        let entries = store.claims.scan_prefix(LOG_PREFIX).count() as u64;
        assert_eq!(entries, CLAIMS_LOG_KEEP);
    }

    /// Start-up skips reading every brief when all had claims at the last look and every
    /// brief stored since came with its own; one stored without claims makes it look.
    #[test]
    fn briefs_stored_with_claims_keep_the_check_current() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        let lex = Lexicons::builtin();
        let put = |date: &str, analysed: bool| {
            let text = BRIEF.replace("2025-09-05", date);
            let parsed = parse_brief(text.as_bytes(), "b.txt", 1 << 20).unwrap();
            let source = format!("{date}.txt");
            if analysed {
                store.put_brief_analyzed(&parsed, &source, 0, &|b| analyze(&lex, b))
            } else {
                store.put_brief(&parsed, &source, 0)
            }
            .unwrap();
        };
        let current = || store.all_briefs_have_claims().unwrap();
        put("2025-09-05", true);
        assert!(!current(), "never looked yet");
        store.set_all_briefs_have_claims().unwrap();
        put("2025-09-06", true);
        assert!(current());
        put("2025-09-07", false);
        assert!(!current());
        assert_eq!(store.briefs_without_claims().unwrap().len(), 1);
        put("2025-09-08", true);
        assert!(!current(), "a brief without claims is still there");
    }

    #[test]
    fn short_and_long_lists_read_back_in_place() {
        let words = ["a", "bb", "ccc", "dddd", "eeeee", "f", "g", "h", "i"];
        for n in [0, 1, FEW - 1, FEW, FEW + 1, words.len()] {
            let bytes = postcard::to_allocvec(&words[..n].to_vec()).unwrap();
            let read: Few<&str> = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(&*read, &words[..n]);
            let counts: Vec<u32> = (0..n as u32).map(|i| i * 300).collect();
            let bytes = postcard::to_allocvec(&counts).unwrap();
            let read: Few<u32> = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(&*read, counts.as_slice());
        }
    }

    /// A new store holding `BRIEF`, analysed, and the brief's id.
    fn store_with_brief() -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        let lex = Lexicons::builtin();
        let parsed = parse_brief(BRIEF.as_bytes(), "b.txt", 1 << 20).unwrap();
        let id = store
            .put_brief_analyzed(&parsed, "b.txt", 0, &|b| analyze(&lex, b))
            .unwrap()
            .id()
            .to_string();
        (dir, store, id)
    }

    /// The terms say which briefs to read; the record, read apart from them, decides which
    /// of its claims are the actor's: a brief stored again in between is read as it is.
    #[test]
    fn an_actors_claims_are_those_its_record_names_now() {
        let (_dir, store, id) = store_with_brief();
        let claims = store.brief_claims(&id).unwrap();
        let russias = |cs: &[Claim]| -> Vec<Claim> {
            cs.iter()
                .filter(|c| c.actors.iter().any(|a| a == "russia"))
                .cloned()
                .collect()
        };
        assert_eq!(store.actor_claims("russia").unwrap(), russias(&claims));
        assert!(!russias(&claims).is_empty() && russias(&claims).len() < claims.len());
        // Only the record rewritten, as a write between the two reads leaves them.
        let rewrite = |cs: Vec<&Claim>| {
            store
                .claims
                .insert(id.as_bytes(), encode_claims(&cs))
                .unwrap();
        };
        let others: Vec<&Claim> = claims
            .iter()
            .filter(|c| !c.actors.iter().any(|a| a == "russia"))
            .collect();
        rewrite(others);
        assert_eq!(store.actor_claims("russia").unwrap(), Vec::<Claim>::new());
        let reversed: Vec<&Claim> = claims.iter().rev().collect();
        rewrite(reversed);
        let mut expected = russias(&claims);
        expected.reverse();
        assert_eq!(store.actor_claims("russia").unwrap(), expected);
    }

    /// Records written before version 3 (JSON) read as they did, through every path.
    #[test]
    fn json_records_of_version_2_still_read() {
        let (_dir, store, id) = store_with_brief();
        let id = id.as_str();
        let claims = store.brief_claims(id).unwrap();
        assert!(claims.len() >= 3);
        assert_eq!(store.claims.get(id).unwrap().unwrap()[0], CLAIMS_V3);
        let v2 = |cs: &[&Claim]| {
            let recs: Vec<ClaimV2> = cs
                .iter()
                .map(|c| ClaimV2 {
                    date: c.brief_date.to_string(),
                    section: c.section.clone(),
                    sentence: c.sentence_index,
                    text: c.text.clone(),
                    speaker: c.speaker.clone(),
                    actors: c.actors.clone(),
                    topics: c.topics.clone(),
                    hits: c.topic_hits.clone(),
                    context_topics: c.context_topics.clone(),
                    stance: c.stance.as_str().to_string(),
                    from_context: c.from_context,
                    stems: c.stems.clone(),
                })
                .collect();
            let mut out = vec![CLAIMS_V2];
            serde_json::to_writer(&mut out, &recs).unwrap();
            out
        };
        store
            .claims
            .insert(id, v2(&claims.iter().collect::<Vec<_>>()))
            .unwrap();
        let russia: Vec<&Claim> = claims
            .iter()
            .filter(|c| c.actors.iter().any(|a| a == "russia"))
            .collect();
        assert!(!russia.is_empty());
        assert_eq!(store.all_claims().unwrap(), claims);
        let owned: Vec<Claim> = russia.iter().map(|c| (*c).clone()).collect();
        assert_eq!(store.actor_claims("russia").unwrap(), owned);
        let mut seen = 0;
        let none = store
            .actor_claims_where("russia", |t| {
                seen += 1;
                assert!(t.actors.contains(&"russia"));
                false
            })
            .unwrap();
        assert!(none.is_empty() && seen == owned.len());
        // A new revision replaces the old record and its terms.
        let enc = EncodedClaims::new(&claims);
        (&store.claims, &store.claim_terms)
            .transaction(|(c, t)| write_claims_tx(c, t, id, Some(&enc)))
            .unwrap();
        assert_eq!(store.claims.get(id).unwrap().unwrap()[0], CLAIMS_V3);
        assert_eq!(store.actor_claims("russia").unwrap(), owned);
        let mut actors = Vec::new();
        let mut stems = Vec::new();
        store
            .for_each_claim_terms(|t| {
                actors.extend(t.actors.iter().map(|a| a.to_string()));
                stems.push(String::from_utf8(t.stems.to_vec()).unwrap());
            })
            .unwrap();
        let expected: Vec<String> = claims.iter().flat_map(|c| c.actors.clone()).collect();
        assert_eq!(actors, expected);
        let expected: Vec<&str> = claims
            .iter()
            .map(|c| crate::positions::own_stems_of(&c.stems))
            .collect();
        assert_eq!(stems, expected);
    }
}
