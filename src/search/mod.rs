//! Full-text search over briefs: BM25 over passages (the lead, and each paragraph or bullet
//! with its section), on English word stems, so "guarantee" finds "guarantees". The index is
//! tantivy's: kept in the data directory, caught up or rebuilt from the store when stale
//! (`disk.rs`), or built in memory for one request where no data directory's index is at
//! hand.
//!
//! tantivy scores with the BM25 this module used to compute itself (k1 1.2, b 0.75, the
//! same idf), except that a passage's length is stored in one byte, exact up to 40 terms
//! and within a few percent above: near-equal scores can swap.

mod disk;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, Score, SegmentOrdinal, SegmentReader,
    TantivyDocument, Term,
};

use crate::brief::Brief;

pub use disk::{catch_up, open as open_on_disk, Opened, Rebuild, Stamp, INDEX_DIR};

/// Longest quoted passage in a result.
pub const EXCERPT_CHARS: usize = 350;
/// The query's words next to each other and in order count for this much more than the
/// same words scattered.
const PHRASE_BOOST: f32 = 1.5;
/// The analyzer's name in an index's tokenizer manager (not stored: registered at open).
const TOKENIZER: &str = "briefbot_en";
/// Memory for one writer thread while a build runs; tantivy's floor is 15 MB.
const WRITER_BYTES_PER_THREAD: usize = 20_000_000;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were",
    "will", "with", "would",
];

/// Words split at anything not alphanumeric, lower-cased, stop words dropped, stemmed:
/// what the index holds and what a query is looked up by.
fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(
            STOPWORDS.iter().map(|w| w.to_string()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

thread_local! {
    // Built once per thread: excerpts analyse every sentence of every hit.
    static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(analyzer());
}

/// Each term of `text` with its position (stop words leave a gap), as the index holds them.
fn positioned_terms(text: &str) -> Vec<(usize, String)> {
    ANALYZER.with(|a| {
        let mut a = a.borrow_mut();
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    })
}

/// Lower-cased, stemmed words without stop words.
pub fn terms(text: &str) -> Vec<String> {
    positioned_terms(text).into_iter().map(|(_, t)| t).collect()
}

#[derive(Debug, Clone)]
pub struct Passage {
    pub brief_id: String,
    pub date: NaiveDate,
    pub title: String,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct SearchHit {
    pub passage: Passage,
    pub score: f32,
    /// The best-matching sentences of the passage, at most [`EXCERPT_CHARS`].
    pub excerpt: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index {path}: {source}")]
    Index {
        path: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("search index {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("search index {path}: {reason}")]
    Format { path: PathBuf, reason: String },
}

/// The schema's fields. The passage text is stored (compressed) beside its postings, so a
/// hit's excerpt needs no read of the brief from the store.
#[derive(Clone, Copy)]
struct Fields {
    text: Field,
    brief_id: Field,
    title: Field,
    heading: Field,
    /// The brief's date as days from the Common Era; a fast field, for ties.
    day: Field,
    /// The passage's place in the build (newest brief first), a fast field: tantivy's own
    /// document order depends on which writer thread took it. Passages added later, by a
    /// catch-up, come after every earlier one.
    seq: Field,
    /// 1 for a lead's passage, whose heading is not a section's: a catch-up reads it to
    /// count again the sections of a brief it replaces.
    lead: Field,
}

const DAY: &str = "day";
const SEQ: &str = "seq";
const LEAD: &str = "lead";

fn schema() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        text: s.add_text_field("text", text),
        brief_id: s.add_text_field("brief_id", STRING | STORED),
        title: s.add_text_field("title", STORED),
        heading: s.add_text_field("heading", STORED),
        day: s.add_i64_field(DAY, FAST | STORED),
        seq: s.add_u64_field(SEQ, FAST),
        lead: s.add_u64_field(LEAD, STORED),
    };
    (s.build(), fields)
}

/// The fields of an index opened from disk, which must be the ones [`schema`] makes.
fn fields_of(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        text: f("text")?,
        brief_id: f("brief_id")?,
        title: f("title")?,
        heading: f("heading")?,
        day: f(DAY)?,
        seq: f(SEQ)?,
        lead: f(LEAD)?,
    })
}

/// What an index knows of the library besides its passages; kept in the commit's payload
/// on disk.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Library {
    briefs: usize,
    passages: u64,
    /// The next passage's `seq`.
    next_seq: u64,
    /// How many briefs have a section of each heading with at least one passage.
    sections: BTreeMap<String, usize>,
    /// Section headings, most used first.
    section_names: Vec<String>,
}

/// Adds briefs' passages to a writer (and, catching up, deletes those of briefs replaced),
/// counting what the index will know of the library.
struct Builder {
    writer: IndexWriter,
    fields: Fields,
    library: Library,
    /// The first error: later briefs are skipped and `finish` returns it.
    failed: Option<tantivy::TantivyError>,
}

impl Builder {
    fn new(index: &Index, fields: Fields, threads: usize) -> tantivy::Result<Builder> {
        Self::resume(index, fields, threads, Library::default())
    }

    /// Goes on from an index that holds `library`.
    fn resume(
        index: &Index,
        fields: Fields,
        threads: usize,
        library: Library,
    ) -> tantivy::Result<Builder> {
        Ok(Builder {
            writer: index.writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)?,
            fields,
            library,
            failed: None,
        })
    }

    /// Deletes brief `id`'s passages, as `searcher` sees them, and its counts.
    fn remove(&mut self, searcher: &tantivy::Searcher, id: &str) -> tantivy::Result<()> {
        let f = self.fields;
        let term = Term::from_field_text(f.brief_id, id);
        let held = searcher.search(
            &TermQuery::new(term.clone(), IndexRecordOption::Basic),
            &DocSetCollector,
        )?;
        if held.is_empty() {
            return Ok(());
        }
        let mut headings = HashSet::new();
        for addr in &held {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            if doc.get_first(f.lead).and_then(|v| v.as_u64()) != Some(1) {
                headings.insert(text_of(&doc, f.heading).to_string());
            }
        }
        for h in headings {
            if let Some(n) = self.library.sections.get_mut(&h) {
                *n -= 1;
                if *n == 0 {
                    self.library.sections.remove(&h);
                }
            }
        }
        self.library.passages -= held.len() as u64;
        self.library.briefs -= 1;
        self.writer.delete_term(term);
        Ok(())
    }

    fn add(&mut self, b: &Brief) {
        if self.failed.is_some() {
            return;
        }
        if let Err(e) = self.try_add(b) {
            self.failed = Some(e);
        }
    }

    fn try_add(&mut self, b: &Brief) -> tantivy::Result<()> {
        let f = self.fields;
        let lead = (!b.lead.is_empty()).then_some(("Lead", b.lead.as_str()));
        let blocks = b
            .sections
            .iter()
            .flat_map(|s| s.blocks.iter().map(|bl| (s.heading.as_str(), bl.text())));
        let day = i64::from(chrono::Datelike::num_days_from_ce(&b.date));
        for ((heading, text), is_lead) in lead
            .into_iter()
            .map(|p| (p, true))
            .chain(blocks.map(|p| (p, false)))
        {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.text, text);
            doc.add_text(f.brief_id, &b.id);
            doc.add_text(f.title, &b.title);
            doc.add_text(f.heading, heading);
            doc.add_i64(f.day, day);
            doc.add_u64(f.seq, self.library.next_seq);
            doc.add_u64(f.lead, u64::from(is_lead));
            self.writer.add_document(doc)?;
            self.library.passages += 1;
            self.library.next_seq += 1;
        }
        // Counted as a catch-up can count them again from the passages: a section without
        // any has nothing to search or post.
        let headings: HashSet<&str> = b
            .sections
            .iter()
            .filter(|s| !s.blocks.is_empty())
            .map(|s| s.heading.as_str())
            .collect();
        for h in headings {
            *self.library.sections.entry(h.to_string()).or_default() += 1;
        }
        self.library.briefs += 1;
        Ok(())
    }

    /// Commits with `payload` made from what was added; returns what the index knows.
    fn finish(mut self, payload: impl FnOnce(&Library) -> String) -> tantivy::Result<Library> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        self.library.section_names = crate::brief::most_used_first(
            self.library
                .sections
                .iter()
                .map(|(h, &n)| (h.clone(), n))
                .collect(),
        );
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&payload(&self.library));
        commit.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(self.library)
    }
}

pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    library: Library,
    /// Where it lives, for error messages; `None` in memory.
    path: Option<PathBuf>,
    /// The store's state it was built from; `None` for an index built from a list of briefs.
    stamp: Option<Stamp>,
}

impl SearchIndex {
    /// An index in memory of `briefs`, for one request or a test.
    pub fn build(briefs: &[Brief]) -> Result<SearchIndex, SearchError> {
        let in_memory = |source| SearchError::Index {
            path: "in memory".into(),
            source,
        };
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TOKENIZER, analyzer());
        let mut builder = Builder::new(&index, fields, 1).map_err(in_memory)?;
        for b in briefs {
            builder.add(b);
        }
        let library = builder.finish(|_| String::new()).map_err(in_memory)?;
        Self::with_reader(index, fields, library, None, None).map_err(in_memory)
    }

    fn with_reader(
        index: Index,
        fields: Fields,
        library: Library,
        path: Option<PathBuf>,
        stamp: Option<Stamp>,
    ) -> tantivy::Result<SearchIndex> {
        // Read once: a new build is a new index, never a reload of this one.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            reader,
            fields,
            library,
            path,
            stamp,
        })
    }

    fn error(&self, source: tantivy::TantivyError) -> SearchError {
        SearchError::Index {
            path: match &self.path {
                Some(p) => p.display().to_string(),
                None => "in memory".into(),
            },
            source,
        }
    }

    /// The best `limit` passages for `query`, best first; newer briefs win ties.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, SearchError> {
        self.try_search(query, limit).map_err(|e| self.error(e))
    }

    fn try_search(&self, query: &str, limit: usize) -> tantivy::Result<Vec<SearchHit>> {
        let positioned = positioned_terms(query);
        let mut qterms: Vec<String> = positioned.iter().map(|(_, t)| t.clone()).collect();
        qterms.sort();
        qterms.dedup();
        if qterms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let f = self.fields;
        let searcher = self.reader.searcher();
        let words: Vec<(Occur, Box<dyn Query>)> = qterms
            .iter()
            .map(|t| {
                let q = TermQuery::new(
                    Term::from_field_text(f.text, t),
                    IndexRecordOption::WithFreqs,
                );
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        let mut found = searcher.search(&BooleanQuery::new(words), &AllScored)?;
        // The phrase boost is for passages that hold the query's words next to each other
        // and in order, as the analyzer reads them: "air-defence" and "air defences" count
        // as "air defence". The positions find them without reading any text.
        if qterms.len() > 1 {
            let terms = positioned
                .iter()
                .map(|(p, t)| (*p, Term::from_field_text(f.text, t)))
                .collect();
            let in_order: HashSet<DocAddress> =
                searcher.search(&PhraseQuery::new_with_offset(terms), &DocSetCollector)?;
            for c in &mut found {
                if in_order.contains(&c.addr) {
                    c.score *= PHRASE_BOOST;
                }
            }
        }
        if found.len() > limit {
            found.select_nth_unstable_by(limit - 1, rank);
            found.truncate(limit);
        }
        found.sort_by(rank);
        found
            .into_iter()
            .map(|c| {
                let doc: TantivyDocument = searcher.doc(c.addr)?;
                let passage = passage_of(&doc, f);
                Ok(SearchHit {
                    excerpt: excerpt(&passage.text, &qterms),
                    passage,
                    score: c.score,
                })
            })
            .collect()
    }

    pub fn brief_count(&self) -> usize {
        self.library.briefs
    }

    /// Passages held.
    pub fn passage_count(&self) -> u64 {
        self.library.passages
    }

    /// Section headings of the indexed briefs, most used first.
    pub fn section_names(&self) -> &[String] {
        &self.library.section_names
    }

    /// The store's state this index was built from (`None` for one built from a list).
    pub fn stamp(&self) -> Option<Stamp> {
        self.stamp
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// A passage that matched: where it is, its score, and what breaks ties.
#[derive(Clone, Copy)]
struct Found {
    addr: DocAddress,
    score: Score,
    day: i64,
    seq: u64,
}

/// Best first: the higher score, then the newer brief, then the earlier passage.
fn rank(a: &Found, b: &Found) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| b.day.cmp(&a.day))
        .then_with(|| a.seq.cmp(&b.seq))
}

/// Collects every matching passage with its score: the phrase boost can lift a passage
/// past others, so a top-k cut before it would lose some.
struct AllScored;

struct SegmentScored {
    segment: SegmentOrdinal,
    day: Column<i64>,
    seq: Column<u64>,
    found: Vec<Found>,
}

impl Collector for AllScored {
    type Fruit = Vec<Found>;
    type Child = SegmentScored;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentScored> {
        Ok(SegmentScored {
            segment,
            day: reader.fast_fields().i64(DAY)?,
            seq: reader.fast_fields().u64(SEQ)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Found>>) -> tantivy::Result<Vec<Found>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentScored {
    type Fruit = Vec<Found>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.found.push(Found {
            addr: DocAddress::new(self.segment, doc),
            score,
            day: self.day.first(doc).unwrap_or(0),
            seq: self.seq.first(doc).unwrap_or(u64::MAX),
        });
    }

    fn harvest(self) -> Vec<Found> {
        self.found
    }
}

fn text_of(doc: &TantivyDocument, field: Field) -> &str {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("")
}

fn passage_of(doc: &TantivyDocument, f: Fields) -> Passage {
    let day = doc.get_first(f.day).and_then(|v| v.as_i64()).unwrap_or(0);
    Passage {
        brief_id: text_of(doc, f.brief_id).to_string(),
        date: i32::try_from(day)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or_default(),
        title: text_of(doc, f.title).to_string(),
        heading: text_of(doc, f.heading).to_string(),
        text: text_of(doc, f.text).to_string(),
    }
}

/// The sentence with the most query terms, with its neighbours while they fit.
fn excerpt(text: &str, qterms: &[String]) -> String {
    // The /position splitter: it knows "U.S." and "Gen." do not end a sentence.
    let sentences = crate::sentences::sentences(text);
    let score = |s: &str| terms(s).iter().filter(|t| qterms.contains(t)).count();
    let best = (0..sentences.len())
        .max_by_key(|&i| (score(sentences[i]), std::cmp::Reverse(i)))
        .unwrap_or(0);
    let mut out = sentences.get(best).copied().unwrap_or("").to_string();
    let mut next = best + 1;
    while next < sentences.len()
        && out.chars().count() + sentences[next].chars().count() < EXCERPT_CHARS
    {
        out.push(' ');
        out.push_str(sentences[next]);
        next += 1;
    }
    let prefix = if best > 0 { "… " } else { "" };
    let suffix = if next < sentences.len() { " …" } else { "" };
    crate::reply::truncate(&format!("{prefix}{out}{suffix}"), EXCERPT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::{Block, Section};

    fn index(briefs: &[Brief]) -> SearchIndex {
        SearchIndex::build(briefs).unwrap()
    }

    fn find(idx: &SearchIndex, query: &str, limit: usize) -> Vec<SearchHit> {
        idx.search(query, limit).unwrap()
    }

    fn brief(id: &str, date: &str, paras: &[&str]) -> Brief {
        Brief {
            id: id.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            title: "T".into(),
            lead: String::new(),
            sections: vec![Section {
                heading: "What Happened".into(),
                blocks: paras
                    .iter()
                    .map(|p| Block::Paragraph((*p).into()))
                    .collect(),
            }],
            source: String::new(),
            content_hash: String::new(),
            revision: 1,
            ingested_at: 0,
        }
    }

    #[test]
    fn ranks_by_stems_and_prefers_newer_on_ties() {
        let idx = index(&[
            brief(
                "a",
                "2025-09-01",
                &["Talks on security guarantees stalled.", "Weather was mild."],
            ),
            brief(
                "b",
                "2025-09-05",
                &[
                    "A guarantee of security was offered.",
                    "Drones crossed the border.",
                ],
            ),
            brief(
                "c",
                "2025-09-06",
                &["Nothing relevant here at all, just words."],
            ),
        ]);
        let hits = find(&idx, "security guarantees", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(
            hits[0].passage.brief_id, "a",
            "the words in order rank first"
        );
        assert_eq!(hits[1].passage.brief_id, "b", "stems match");
        assert!(find(&idx, "drone", 10)[0]
            .excerpt
            .contains("Drones crossed"));
        assert!(find(&idx, "zeppelin", 10).is_empty());
        assert!(
            find(&idx, "the and of", 10).is_empty(),
            "stop words alone find nothing"
        );
    }

    #[test]
    fn excerpts_center_on_the_matching_sentence() {
        let long = format!(
            "{} The key sentence mentions garrisons. {}",
            "Filler sentence here. ".repeat(20),
            "Tail sentence. ".repeat(30)
        );
        let idx = index(&[brief("a", "2025-09-01", &[&long])]);
        let hit = &find(&idx, "garrison", 1)[0];
        assert!(
            hit.excerpt.starts_with("… The key sentence"),
            "{}",
            hit.excerpt
        );
        assert!(hit.excerpt.chars().count() <= EXCERPT_CHARS);
    }

    #[test]
    fn excerpts_do_not_start_inside_an_abbreviation() {
        let text = format!(
            "{} The U.S. Secretary of State said garrisons were not planned. {}",
            "Filler sentence here. ".repeat(20),
            "Tail sentence. ".repeat(30)
        );
        let idx = index(&[brief("a", "2025-09-01", &[&text])]);
        let hit = &find(&idx, "garrison", 1)[0];
        assert!(
            hit.excerpt
                .starts_with("… The U.S. Secretary of State said garrisons"),
            "{}",
            hit.excerpt
        );
    }

    #[test]
    fn the_phrase_boost_lifts_a_passage_past_a_higher_raw_score() {
        // "b" matches both words more often; "a" holds them next to each other and in order.
        // With room for one hit, the boost must still be weighed before the cut.
        let idx = index(&[
            brief(
                "a",
                "2025-09-01",
                &["Ceasefire talks began. Other words here."],
            ),
            brief(
                "b",
                "2025-09-02",
                &["Talks, more talks, and a ceasefire in words."],
            ),
            brief("c", "2025-09-03", &["The ceasefire held."]),
        ]);
        let all = find(&idx, "ceasefire talks", 10);
        assert_eq!(all.len(), 3);
        let top = find(&idx, "ceasefire talks", 1);
        assert_eq!(top[0].passage.brief_id, all[0].passage.brief_id);
        assert_eq!(top[0].score, all[0].score);
        let score = |hits: &[SearchHit], id: &str| {
            hits.iter()
                .find(|h| h.passage.brief_id == id)
                .unwrap()
                .score
        };
        assert_eq!(all[0].passage.brief_id, "a");
        // No passage holds "talks ceasefire": these are the scores without the boost.
        let plain = find(&idx, "talks ceasefire", 10);
        assert!(
            score(&plain, "b") > score(&plain, "a"),
            "b is ahead unboosted"
        );
        assert!((score(&all, "a") - 1.5 * score(&plain, "a")).abs() < 1e-4);
        // "talks … ceasefire" does not hold the words in order: no boost.
        assert_eq!(score(&all, "b"), score(&plain, "b"));
    }

    #[test]
    fn a_hyphenated_or_inflected_form_counts_as_the_phrase() {
        let idx = index(&[
            brief("a", "2025-09-01", &["The air-defence units moved north."]),
            brief(
                "b",
                "2025-09-02",
                &["Air units left; defence talks went on."],
            ),
        ]);
        let score = |hits: &[SearchHit], id: &str| {
            hits.iter()
                .find(|h| h.passage.brief_id == id)
                .unwrap()
                .score
        };
        for query in ["air defence", "air defences"] {
            let hits = find(&idx, query, 10);
            let plain = find(&idx, "defence air", 10);
            assert_eq!(hits[0].passage.brief_id, "a", "{query}");
            assert!((score(&hits, "a") - 1.5 * score(&plain, "a")).abs() < 1e-4);
            assert_eq!(score(&hits, "b"), score(&plain, "b"));
        }
    }

    #[test]
    fn sections_and_counts_are_known_to_the_index() {
        let idx = index(&[
            brief("a", "2025-09-01", &["One."]),
            brief("b", "2025-09-02", &["Two.", "Three."]),
        ]);
        assert_eq!(idx.brief_count(), 2);
        assert_eq!(idx.passage_count(), 3);
        assert_eq!(idx.section_names(), ["What Happened"]);
        assert_eq!(terms("The guarantees were offered"), ["guarante", "offer"]);
    }
}
