//! Briefs in sled: the records by id and the indexes that answer "latest", "on this date",
//! "seen this text before" and "is this an edit of a brief we have".
//!
//! Trees and keys:
//! - `briefs`: id -> brief record (current revision)
//! - `brief_revisions`: id \0 revision (u32 BE) -> brief record of every earlier revision
//! - `briefs_by_date`: YYYY-MM-DD \0 id -> ()
//! - `briefs_by_hash`: content hash -> id (current revisions only)
//! - `briefs_by_source`: file path or URL -> id

use chrono::NaiveDate;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::claims::{write_claims_tx, EncodedClaims};
use super::records::{decode_brief, encode_brief};
use super::{Store, StoreError};
use crate::brief::{content_hash, Brief, ParsedBrief};
use crate::positions::Claim;

/// What storing a parsed brief did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    Added {
        id: String,
    },
    Updated {
        id: String,
        revision: u32,
    },
    /// The same text is already stored (perhaps from another file name) under `id`.
    Unchanged {
        id: String,
    },
}

impl PutOutcome {
    pub fn id(&self) -> &str {
        match self {
            PutOutcome::Added { id }
            | PutOutcome::Updated { id, .. }
            | PutOutcome::Unchanged { id } => id,
        }
    }
}

/// One line of `/brief list`: enough to show without loading every section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefSummary {
    pub id: String,
    pub date: NaiveDate,
    pub title: String,
    pub section_headings: Vec<String>,
}

fn date_key(date: NaiveDate, id: &str) -> Vec<u8> {
    let mut k = date.to_string().into_bytes();
    k.push(0);
    k.extend_from_slice(id.as_bytes());
    k
}

fn revision_key(id: &str, revision: u32) -> Vec<u8> {
    let mut k = id.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(&revision.to_be_bytes());
    k
}

/// Lower-case ASCII letters and digits joined by single dashes; non-ASCII letters are kept
/// so that a Cyrillic title still gives a readable id.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn tx_err(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

type Tx<'a> = &'a TransactionalTree;

/// Makes a brief's `/position` claims.
pub(crate) type Analyzer<'a> = &'a dyn Fn(&Brief) -> Vec<Claim>;

impl Store {
    /// Stores a parsed brief read from `source`. The same text anywhere is `Unchanged`; new
    /// text from the source that wrote a brief's current text is a new revision under its
    /// id; anything else is a new brief (a clash of date and title gets the id with `-2`,
    /// `-3`...).
    /// Not flushed: call [`Store::flush`] before telling anyone it is stored. No claims are
    /// made (see [`Store::put_brief_analyzed`]); any old ones are dropped.
    pub fn put_brief(
        &self,
        parsed: &ParsedBrief,
        source: &str,
        now: i64,
    ) -> Result<PutOutcome, StoreError> {
        self.put_brief_with(parsed, source, now, None)
    }

    /// Stores a brief and its `/position` claims in one transaction. `analyze` runs only
    /// when the text is new or changed.
    pub fn put_brief_analyzed(
        &self,
        parsed: &ParsedBrief,
        source: &str,
        now: i64,
        analyze: Analyzer,
    ) -> Result<PutOutcome, StoreError> {
        self.put_brief_with(parsed, source, now, Some(analyze))
    }

    /// Whether a brief with this text is stored already (storing it would be `Unchanged`),
    /// so whoever prepares briefs in parallel need not analyse it.
    pub fn has_text_of(&self, parsed: &ParsedBrief) -> Result<bool, StoreError> {
        Ok(self.by_hash.contains_key(content_hash(parsed).as_bytes())?)
    }

    /// The brief as analysis sees it when `parsed` is stored from `source`: the very value
    /// [`Store::put_brief_analyzed`] hands its analyser, so claims made ahead of storing
    /// are the same.
    pub fn brief_for_analysis(parsed: &ParsedBrief, source: &str, now: i64) -> Brief {
        make_brief(parsed, String::new(), source, &content_hash(parsed), 1, now)
    }

    fn put_brief_with(
        &self,
        parsed: &ParsedBrief,
        source: &str,
        now: i64,
        analyze: Option<Analyzer>,
    ) -> Result<PutOutcome, StoreError> {
        let hash = content_hash(parsed);
        if let Some(id) = self.by_hash.get(hash.as_bytes())? {
            // The common re-ingest case, decided without analysing anything.
            let id = String::from_utf8_lossy(&id).into_owned();
            if self.by_source.get(source.as_bytes())?.is_none() {
                self.by_source.insert(source.as_bytes(), id.as_bytes())?;
            }
            return Ok(PutOutcome::Unchanged { id });
        }
        // Claims do not depend on the id, so they are made once, outside the transaction
        // (whose closure may run more than once), and given the id inside it.
        let claims = analyze
            .map(|f| f(&make_brief(parsed, String::new(), source, &hash, 1, now)))
            .map(|cs| EncodedClaims::new(&cs));
        let base_id = {
            let s = slug(&parsed.title);
            if s.is_empty() {
                parsed.date.to_string()
            } else {
                format!("{}-{s}", parsed.date)
            }
        };
        let trees = (
            &self.briefs,
            &self.by_date,
            &self.by_hash,
            &self.by_source,
            &self.revisions,
            &self.claims,
            &self.claim_terms,
        );
        let outcome = trees.transaction(
            |(briefs, by_date, by_hash, by_source, revisions, claims_tree, terms)| {
                // Claims follow the brief: replaced when analysed, dropped when not (so they are
                // never another revision's).
                let write_claims =
                    |id: &str| write_claims_tx(claims_tree, terms, id, claims.as_ref());
                if let Some(id) = by_hash.get(hash.as_bytes())? {
                    let id = String::from_utf8_lossy(&id).into_owned();
                    // A copy under a new name is still the same brief; remember the name so a
                    // later edit of that file updates it.
                    if by_source.get(source.as_bytes())?.is_none() {
                        by_source.insert(source.as_bytes(), id.as_bytes())?;
                    }
                    return Ok(PutOutcome::Unchanged { id });
                }
                // Only the source that wrote a brief's current text makes an edit of it. Two
                // files (or items) with other text are two briefs, whatever their date and
                // title, and so is a copy that was edited after it was stored as unchanged:
                // were they one brief, every ingest of the folder would flip it between them
                // and add two revisions. (This also splits briefs that older versions
                // merged, on their next ingest.)
                let existing = match by_source.get(source.as_bytes())? {
                    Some(id) => load(briefs, &id)?.filter(|b| b.source == source),
                    None => None,
                };
                match existing {
                    Some(old) => {
                        let revision = old.revision + 1;
                        revisions
                            .insert(revision_key(&old.id, old.revision), encode_brief(&old))?;
                        by_date.remove(date_key(old.date, &old.id))?;
                        by_hash.remove(old.content_hash.as_bytes())?;
                        let b = make_brief(parsed, old.id.clone(), source, &hash, revision, now);
                        write_current(&b, briefs, by_date, by_hash, by_source)?;
                        write_claims(&b.id)?;
                        Ok(PutOutcome::Updated { id: b.id, revision })
                    }
                    None => {
                        let mut id = base_id.clone();
                        let mut n = 2;
                        while briefs.get(id.as_bytes())?.is_some() {
                            id = format!("{base_id}-{n}");
                            n += 1;
                        }
                        let b = make_brief(parsed, id, source, &hash, 1, now);
                        write_current(&b, briefs, by_date, by_hash, by_source)?;
                        write_claims(&b.id)?;
                        Ok(PutOutcome::Added { id: b.id })
                    }
                }
            },
        )?;
        Ok(outcome)
    }

    pub fn brief(&self, id: &str) -> Result<Option<Brief>, StoreError> {
        match self.briefs.get(id.as_bytes())? {
            Some(v) => decode_brief(id.as_bytes(), &v).map(Some),
            None => Ok(None),
        }
    }

    /// Earlier revisions of a brief, oldest first (the current one is [`Store::brief`]).
    pub fn brief_revisions(&self, id: &str) -> Result<Vec<Brief>, StoreError> {
        let mut prefix = id.as_bytes().to_vec();
        prefix.push(0);
        self.revisions
            .scan_prefix(&prefix)
            .map(|kv| {
                let (k, v) = kv?;
                decode_brief(&k, &v)
            })
            .collect()
    }

    pub fn brief_count(&self) -> usize {
        self.briefs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.briefs.is_empty()
    }

    /// The newest brief by date; among briefs of the same date, the one ingested last.
    /// Reads only the last date's index entries, not the whole index.
    pub fn latest_brief(&self) -> Result<Option<Brief>, StoreError> {
        let Some((k, _)) = self.by_date.last()? else {
            return Ok(None);
        };
        let mut on_day = self.briefs_on(parse_date_key(&k)?)?;
        on_day.sort_by_key(|b| (b.ingested_at, b.id.clone()));
        Ok(on_day.pop())
    }

    /// Every brief dated `date`, in id order.
    pub fn briefs_on(&self, date: NaiveDate) -> Result<Vec<Brief>, StoreError> {
        let mut prefix = date.to_string().into_bytes();
        prefix.push(0);
        let mut out = Vec::new();
        for kv in self.by_date.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let id = &k[prefix.len()..];
            if let Some(b) = self.brief(&String::from_utf8_lossy(id))? {
                out.push(b);
            }
        }
        Ok(out)
    }

    /// Distinct dates that have briefs, newest first.
    pub fn dates_desc(&self) -> Result<Vec<NaiveDate>, StoreError> {
        let mut out: Vec<NaiveDate> = Vec::new();
        for kv in self.by_date.iter().rev() {
            let (k, _) = kv?;
            let date = parse_date_key(&k)?;
            if out.last() != Some(&date) {
                out.push(date);
            }
        }
        Ok(out)
    }

    /// Summaries newest first, `offset` and `limit` counted in briefs.
    pub fn list_briefs(
        &self,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<BriefSummary>, StoreError> {
        let mut out = Vec::new();
        for kv in self.by_date.iter().rev().skip(offset).take(limit) {
            let (k, _) = kv?;
            if let Some(b) = self.brief(&id_of_date_key(&k))? {
                out.push(BriefSummary {
                    id: b.id,
                    date: b.date,
                    title: b.title,
                    section_headings: b.sections.into_iter().map(|s| s.heading).collect(),
                });
            }
        }
        Ok(out)
    }

    /// Every current brief, newest first.
    pub fn all_briefs(&self) -> Result<Vec<Brief>, StoreError> {
        // Not sized by `Tree::len`, which walks the whole tree too.
        let mut out = Vec::new();
        self.for_each_brief(|b| out.push(b))?;
        Ok(out)
    }

    /// Every brief, newest date first (the order of [`Store::all_briefs`]), one at a time:
    /// for whoever reads the whole library without holding it (the search index's build).
    pub fn for_each_brief(&self, mut f: impl FnMut(Brief)) -> Result<(), StoreError> {
        for kv in self.by_date.iter().rev() {
            let (k, _) = kv?;
            if let Some(b) = self.brief(&id_of_date_key(&k))? {
                f(b);
            }
        }
        Ok(())
    }
}

/// The brief id in a `YYYY-MM-DD \0 id` date index key.
fn id_of_date_key(k: &[u8]) -> String {
    let sep = k.iter().position(|&b| b == 0).unwrap_or(k.len());
    String::from_utf8_lossy(&k[(sep + 1).min(k.len())..]).into_owned()
}

fn parse_date_key(k: &[u8]) -> Result<NaiveDate, StoreError> {
    let s = std::str::from_utf8(&k[..k.len().min(10)]).unwrap_or("");
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        key: String::from_utf8_lossy(k).into_owned(),
        reason: "date index key without a date".into(),
    })
}

fn load(briefs: Tx, id: &[u8]) -> Result<Option<Brief>, ConflictableTransactionError<StoreError>> {
    match briefs.get(id)? {
        Some(v) => decode_brief(id, &v).map(Some).map_err(tx_err),
        None => Ok(None),
    }
}

fn make_brief(
    p: &ParsedBrief,
    id: String,
    source: &str,
    hash: &str,
    revision: u32,
    now: i64,
) -> Brief {
    Brief {
        id,
        date: p.date,
        title: p.title.clone(),
        lead: p.lead.clone(),
        sections: p.sections.clone(),
        source: source.to_string(),
        content_hash: hash.to_string(),
        revision,
        ingested_at: now,
    }
}

fn write_current(
    b: &Brief,
    briefs: Tx,
    by_date: Tx,
    by_hash: Tx,
    by_source: Tx,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    briefs.insert(b.id.as_bytes(), encode_brief(b))?;
    by_date.insert(date_key(b.date, &b.id), &[])?;
    by_hash.insert(b.content_hash.as_bytes(), b.id.as_bytes())?;
    by_source.insert(b.source.as_bytes(), b.id.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::{Block, Section};

    fn parsed(date: &str, title: &str, text: &str) -> ParsedBrief {
        ParsedBrief {
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            title: title.into(),
            lead: String::new(),
            sections: vec![Section {
                heading: "What Happened".into(),
                blocks: vec![Block::Paragraph(text.into())],
            }],
        }
    }

    #[test]
    fn slugs_are_readable_ids() {
        for (input, want) in [
            ("Borderland Brief", "borderland-brief"),
            ("  Drones — over Poland! ", "drones-over-poland"),
            ("Rzeszów Daily", "rzeszów-daily"),
            ("", ""),
        ] {
            assert_eq!(slug(input), want, "{input:?}");
        }
    }

    #[test]
    fn add_unchanged_copy_revision_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let a = parsed("2025-09-05", "Borderland Brief", "First text.");
        {
            let s = Store::open(dir.path(), 1 << 20).unwrap();
            let id = "2025-09-05-borderland-brief".to_string();
            assert_eq!(
                s.put_brief(&a, "briefs/a.txt", 1).unwrap(),
                PutOutcome::Added { id: id.clone() }
            );
            assert_eq!(
                s.put_brief(&a, "briefs/a.txt", 2).unwrap(),
                PutOutcome::Unchanged { id: id.clone() }
            );
            // The same text under another name is not stored twice.
            assert_eq!(
                s.put_brief(&a, "briefs/copy.txt", 3).unwrap(),
                PutOutcome::Unchanged { id: id.clone() }
            );
            assert_eq!(s.brief_count(), 1);
            // An edit of the same file is a new revision under the same id.
            let edited = parsed("2025-09-05", "Borderland Brief", "Edited text.");
            assert_eq!(
                s.put_brief(&edited, "briefs/a.txt", 4).unwrap(),
                PutOutcome::Updated {
                    id: id.clone(),
                    revision: 2
                }
            );
            // Same date and title from elsewhere is another brief.
            let again = parsed("2025-09-05", "Borderland Brief", "Third text.");
            assert_eq!(
                s.put_brief(&again, "https://example.org/b", 5).unwrap(),
                PutOutcome::Added {
                    id: format!("{id}-2")
                }
            );
            // Another brief with the same title on another date is a new brief.
            let other = parsed("2025-09-11", "Borderland Brief", "Other.");
            assert_eq!(
                s.put_brief(&other, "briefs/b.md", 6).unwrap(),
                PutOutcome::Added {
                    id: "2025-09-11-borderland-brief".into()
                }
            );
            s.flush().unwrap();
        }
        let s = Store::open(dir.path(), 1 << 20).unwrap();
        assert_eq!(s.brief_count(), 3);
        let b = s.brief("2025-09-05-borderland-brief").unwrap().unwrap();
        assert_eq!(b.revision, 2);
        assert_eq!(b.sections[0].blocks[0].text(), "Edited text.");
        let revs = s.brief_revisions(&b.id).unwrap();
        assert_eq!(revs.iter().map(|r| r.revision).collect::<Vec<_>>(), vec![1]);
        assert_eq!(
            s.latest_brief().unwrap().unwrap().id,
            "2025-09-11-borderland-brief"
        );
        assert_eq!(s.dates_desc().unwrap().len(), 2);
        let list = s.list_briefs(0, 10).unwrap();
        assert_eq!(list[0].date.to_string(), "2025-09-11");
        assert_eq!(list[1].section_headings, vec!["What Happened".to_string()]);
        // The first revision's text is gone from the hash index: ingesting it again is an edit.
        assert!(matches!(
            s.put_brief(&a, "briefs/a.txt", 7).unwrap(),
            PutOutcome::Updated { revision: 3, .. }
        ));
    }

    #[test]
    fn same_date_and_title_from_other_sources_are_other_briefs_and_stay_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path(), 1 << 20).unwrap();
        let briefs = [
            ("a", parsed("2025-09-05", "Borderland Brief", "A")),
            ("b", parsed("2025-09-05", "Borderland: Brief", "B")),
            ("c", parsed("2025-09-05", "Borderland Brief!!", "C")),
        ];
        let ids: Vec<String> = briefs
            .iter()
            .map(|(src, p)| match s.put_brief(p, src, 1).unwrap() {
                PutOutcome::Added { id } => id,
                other => panic!("{src}: {other:?}"),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "2025-09-05-borderland-brief",
                "2025-09-05-borderland-brief-2",
                "2025-09-05-borderland-brief-3"
            ]
        );
        // Stored again in the same order, as a re-ingest of the folder does.
        for round in 2..=3 {
            for ((src, p), id) in briefs.iter().zip(&ids) {
                assert_eq!(
                    s.put_brief(p, src, round).unwrap(),
                    PutOutcome::Unchanged { id: id.clone() },
                    "{src} round {round}"
                );
            }
        }
        assert_eq!(s.briefs_on(briefs[0].1.date).unwrap().len(), 3);
        assert!(ids
            .iter()
            .all(|id| s.brief_revisions(id).unwrap().is_empty()));
    }

    /// A copy stored as "unchanged", then edited, is a brief of its own: an edit of the
    /// original would flip between the two texts on every ingest.
    #[test]
    fn an_edited_copy_is_another_brief_and_both_stay_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path(), 1 << 20).unwrap();
        let a = parsed("2025-09-05", "Borderland Brief", "A");
        let edited = parsed("2025-09-05", "Borderland Brief", "A, edited in the copy");
        let id = s.put_brief(&a, "a.txt", 1).unwrap().id().to_string();
        assert_eq!(
            s.put_brief(&a, "copy.txt", 2).unwrap(),
            PutOutcome::Unchanged { id: id.clone() }
        );
        assert_eq!(
            s.put_brief(&edited, "copy.txt", 3).unwrap(),
            PutOutcome::Added {
                id: format!("{id}-2")
            }
        );
        for round in 4..=6 {
            assert_eq!(
                s.put_brief(&a, "a.txt", round).unwrap(),
                PutOutcome::Unchanged { id: id.clone() }
            );
            assert_eq!(
                s.put_brief(&edited, "copy.txt", round).unwrap(),
                PutOutcome::Unchanged {
                    id: format!("{id}-2")
                }
            );
        }
        // The original's own edits are still revisions.
        let a2 = parsed("2025-09-05", "Borderland Brief", "A, second edition");
        assert!(matches!(
            s.put_brief(&a2, "a.txt", 7).unwrap(),
            PutOutcome::Updated { revision: 2, .. }
        ));
    }
}
