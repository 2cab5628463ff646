//! The full `/position` index saved in the data directory, so that a start answers from it
//! at once: building it reads every claim from sled (most of a second at 10k briefs), and
//! answers take the slower store path meanwhile. Derived like the search index: stamped
//! with the store's state it was built from, never exported, and built again when it does
//! not match. The file is written beside its place and renamed into it, so a crash leaves
//! the last whole file or none.
//!
//! It holds what a build gathers claim by claim (statements, and each claim's actors,
//! topics and stems as numbers); what a build derives from those (postings, ranks, twins)
//! is derived again on reading, by the same code. That record is zstd-compressed (the
//! zstd sled's pages use): a third of the bytes, read back in a few milliseconds.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{
    IndexBuilder, PositionIndex, PositionSummary, Postings, Scope, Statement, StatementText,
    TextSource,
};
use crate::positions::{Lexicons, Stance};

/// The file's name inside the data directory.
pub const SAVED_INDEX_FILE: &str = "position-index.bin";
/// Opens every file, so a stray one is never read as an index.
const MAGIC: &[u8; 8] = b"bbposidx";
/// Bump when the record below, or what a build gathers into it, changes: a file in
/// another format is built again, not read. 2: the record is compressed.
const FORMAT: u32 = 2;
/// zstd's level for the record: 5.3 MB at 10k briefs became 1.9 MB.
const LEVEL: i32 = 3;
/// What a text's hash ([`super::text_hash`]) is checked with: a statement's text is found
/// again by its hash, which a new build's hasher need not compute as this one did.
const HASH_PROBE: &str = "briefbot /position saved index";

#[derive(Debug, thiserror::Error)]
pub enum SavedIndexError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a /position index of this format: {reason}")]
    Format { path: PathBuf, reason: String },
    #[error("only a full index whose texts stay in the store is saved")]
    NotSaved,
}

/// What [`PositionIndex::open_saved`] found.
#[derive(Debug)]
pub enum Saved<S> {
    /// Built from the store at a state its caller can use (the one it is in, or one it
    /// can catch up from), which it records.
    Usable(Box<PositionIndex>, S),
    /// Built from a state of the store its caller cannot use, or with other lexicons.
    Stale,
    Missing,
    /// Damaged, or written in another format.
    Unreadable(SavedIndexError),
}

/// What the file opens with, read before the rest to tell a stale file cheaply.
#[derive(Serialize, Deserialize)]
struct Head<S> {
    format: u32,
    /// The state of the store the index was built from, as its caller records it.
    stamp: S,
    /// [`Lexicons::version`]: actor and topic ids and names come from them.
    lexicons: String,
    /// The hash of [`HASH_PROBE`] by the build that wrote the file.
    hash_probe: u64,
}

#[derive(Serialize, Deserialize)]
struct StatementV1 {
    /// Index into `strings`.
    brief: u32,
    days: i32,
    section: u32,
    sentence: u32,
    hash: u64,
    chars: u32,
    speaker: u32,
    /// Index into [`Stance::ALL`].
    stance: u8,
    from_context: bool,
}

#[derive(Serialize, Deserialize)]
struct IndexV1 {
    /// Brief ids, sections and speakers, each once.
    strings: Vec<String>,
    statements: Vec<StatementV1>,
    actor_names: Vec<String>,
    actors_at: Vec<u32>,
    actors_flat: Vec<u32>,
    topic_names: Vec<String>,
    topics_at: Vec<u32>,
    topics_flat: Vec<(u16, u32)>,
    context_at: Vec<u32>,
    context_flat: Vec<u16>,
    stem_names: Vec<String>,
    stems_at: Vec<u32>,
    stems_flat: Vec<u32>,
    actor_claims: Vec<(String, usize)>,
    discovered: Vec<(String, String)>,
    topic_claims: Vec<(String, usize)>,
}

impl PositionIndex {
    /// Saves this index (a full one, whose texts stay in the store) as built from the
    /// store at `stamp`, replacing the data directory's.
    pub fn save<S: Serialize>(&self, data_dir: &Path, stamp: S) -> Result<(), SavedIndexError> {
        let path = data_dir.join(SAVED_INDEX_FILE);
        if self.scope != Scope::All || self.texts.is_none() || self.elsewhere.is_some() {
            return Err(SavedIndexError::NotSaved);
        }
        let mut number = StringTable::default();
        let mut statements = Vec::with_capacity(self.statements.len());
        for st in &self.statements {
            let StatementText::Stored { hash, chars } = st.text else {
                return Err(SavedIndexError::NotSaved);
            };
            statements.push(StatementV1 {
                brief: number.of(&st.brief_id),
                days: st.brief_date.num_days_from_ce(),
                section: number.of(&st.section),
                sentence: st.sentence_index,
                hash,
                chars,
                speaker: number.of(&st.speaker),
                stance: Stance::ALL
                    .iter()
                    .position(|&s| s == st.stance)
                    .unwrap_or(0) as u8,
                from_context: st.from_context,
            });
        }
        let sorted = |m: &std::collections::HashMap<String, usize>| {
            let mut v: Vec<(String, usize)> = m.iter().map(|(k, &n)| (k.clone(), n)).collect();
            v.sort_unstable();
            v
        };
        let mut discovered: Vec<(String, String)> = self
            .summary
            .discovered
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        discovered.sort_unstable();
        let record = IndexV1 {
            strings: number.strings,
            statements,
            actor_names: self.actor_names.clone(),
            actors_at: self.actors_at.clone(),
            actors_flat: self.actors_flat.clone(),
            topic_names: self.topic_names.clone(),
            topics_at: self.topics_at.clone(),
            topics_flat: self.topics_flat.clone(),
            context_at: self.context_at.clone(),
            context_flat: self.context_flat.clone(),
            stem_names: self.stem_names.iter().map(|s| s.to_string()).collect(),
            stems_at: self.stems_at.clone(),
            stems_flat: self.stems_flat.clone(),
            actor_claims: sorted(&self.summary.actor_claims),
            discovered,
            topic_claims: sorted(&self.summary.topic_claims),
        };
        let head = Head {
            format: FORMAT,
            stamp,
            lexicons: self.lex.version(),
            hash_probe: super::text_hash(HASH_PROBE),
        };
        // Serializing numbers and strings cannot fail.
        let mut bytes = MAGIC.to_vec();
        bytes.extend(postcard::to_allocvec(&head).expect("index head serializes"));
        let record = postcard::to_allocvec(&record).expect("index serializes");
        let compressed = zstd::encode_all(record.as_slice(), LEVEL).map_err(|source| {
            SavedIndexError::Write {
                path: path.clone(),
                source,
            }
        })?;
        bytes.extend(compressed);
        write_atomically(&path, &bytes).map_err(|source| SavedIndexError::Write { path, source })
    }

    /// The data directory's saved index when it was built with these lexicons from a state
    /// of the store that `usable` accepts; its texts are read back through `texts`.
    pub fn open_saved<S>(
        data_dir: &Path,
        lex: Lexicons,
        texts: TextSource,
        usable: impl FnOnce(&S) -> bool,
    ) -> Saved<S>
    where
        S: serde::de::DeserializeOwned,
    {
        SavedRead::read(data_dir).open(lex, texts, usable)
    }
}

/// The data directory's saved index as read and decoded from its file, before it is checked
/// against the store and the lexicons: the part of opening it that needs neither, so that
/// a process answering one `/position` can do it while the store opens
/// ([`SavedRead::read_in_background`]).
pub struct SavedRead<S> {
    path: PathBuf,
    read: Result<Decoded<S>, Saved<S>>,
}

/// A file's head, and its record or why it does not decode.
type Decoded<S> = (Head<S>, Result<IndexV1, String>);

impl<S: serde::de::DeserializeOwned> SavedRead<S> {
    /// Reads and decodes the file; a file of another format is unreadable, and one that
    /// does not decode is found so only when it would be used.
    pub fn read(data_dir: &Path) -> SavedRead<S> {
        let path = data_dir.join(SAVED_INDEX_FILE);
        let read = Self::decode(&path);
        SavedRead { path, read }
    }

    fn decode(path: &Path) -> Result<Decoded<S>, Saved<S>> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Saved::Missing),
            Err(source) => {
                return Err(Saved::Unreadable(SavedIndexError::Read {
                    path: path.to_path_buf(),
                    source,
                }))
            }
        };
        let bad = |reason: String| {
            Saved::Unreadable(SavedIndexError::Format {
                path: path.to_path_buf(),
                reason,
            })
        };
        let Some(body) = bytes.strip_prefix(MAGIC) else {
            return Err(bad("it does not open as one".into()));
        };
        let (head, rest) = match postcard::take_from_bytes::<Head<S>>(body) {
            Ok(h) => h,
            Err(e) => return Err(bad(e.to_string())),
        };
        if head.format != FORMAT {
            return Err(bad(format!(
                "format {} (this build reads {FORMAT})",
                head.format
            )));
        }
        let record = zstd::decode_all(rest)
            .map_err(|e| format!("its record does not decompress: {e}"))
            .and_then(|rest| postcard::from_bytes::<IndexV1>(&rest).map_err(|e| e.to_string()));
        Ok((head, record))
    }

    /// The index, when it was built with these lexicons from a state of the store that
    /// `usable` accepts; its texts are read back through `texts`.
    pub fn open(
        self,
        lex: Lexicons,
        texts: TextSource,
        usable: impl FnOnce(&S) -> bool,
    ) -> Saved<S> {
        let (head, record) = match self.read {
            Ok(read) => read,
            Err(saved) => return saved,
        };
        if !usable(&head.stamp)
            || head.lexicons != lex.version()
            || head.hash_probe != super::text_hash(HASH_PROBE)
        {
            return Saved::Stale;
        }
        let bad = |reason: String| {
            Saved::Unreadable(SavedIndexError::Format {
                path: self.path.clone(),
                reason,
            })
        };
        match record.and_then(|record| record.into_index(lex, texts)) {
            Ok(idx) => Saved::Usable(Box::new(idx), head.stamp),
            Err(reason) => bad(reason),
        }
    }
}

impl<S: serde::de::DeserializeOwned + Send + 'static> SavedRead<S> {
    /// [`SavedRead::read`] on a thread of its own.
    pub fn read_in_background(data_dir: &Path) -> std::thread::JoinHandle<SavedRead<S>> {
        let dir = data_dir.to_path_buf();
        std::thread::spawn(move || SavedRead::read(&dir))
    }
}

impl IndexV1 {
    /// The index these parts make, checked first: a damaged file is an error, not a panic.
    fn into_index(self, lex: Lexicons, texts: TextSource) -> Result<PositionIndex, String> {
        let n = self.statements.len();
        check_ranges("actors", &self.actors_at, self.actors_flat.len(), n)?;
        check_ranges("topics", &self.topics_at, self.topics_flat.len(), n)?;
        check_ranges(
            "context topics",
            &self.context_at,
            self.context_flat.len(),
            n,
        )?;
        check_ranges("stems", &self.stems_at, self.stems_flat.len(), n)?;
        let topics = self.topic_names.len();
        if topics > usize::from(u16::MAX) + 1 {
            return Err(format!(
                "{topics} topics, more than their numbers can count"
            ));
        }
        let actors = self.actors_flat.iter().map(|&a| a as usize);
        within("actor", self.actor_names.len(), actors)?;
        within(
            "topic",
            topics,
            self.topics_flat.iter().map(|t| t.0 as usize),
        )?;
        within(
            "topic",
            topics,
            self.context_flat.iter().map(|&t| t as usize),
        )?;
        let stems = self.stems_flat.iter().map(|&s| s as usize);
        within("stem", self.stem_names.len(), stems)?;

        let strings: Vec<Arc<str>> = self.strings.iter().map(|s| Arc::from(s.as_str())).collect();
        let string = |i: u32| {
            strings
                .get(i as usize)
                .cloned()
                .ok_or_else(|| format!("string number {i} of {}", strings.len()))
        };
        let stem_lists = (
            &self.stems_at[..],
            &self.stems_flat[..],
            self.stem_names.len(),
        );
        let topic_lists = (&self.topics_at[..], &self.topics_flat[..], topics);
        let (statements, by_actor, postings) = std::thread::scope(|threads| {
            // The postings take about as long as the statements and the actors' lists:
            // made on another thread meanwhile, which halves the wait of a command that
            // reads the index to answer once.
            let postings = threads.spawn(move || Postings::of(n, stem_lists, topic_lists));
            let mut statements = Vec::with_capacity(n);
            for st in &self.statements {
                statements.push(Arc::new(Statement {
                    brief_id: string(st.brief)?,
                    brief_date: NaiveDate::from_num_days_from_ce_opt(st.days)
                        .ok_or_else(|| format!("day number {} is not a date", st.days))?,
                    section: string(st.section)?,
                    sentence_index: st.sentence,
                    text: StatementText::Stored {
                        hash: st.hash,
                        chars: st.chars,
                    },
                    speaker: string(st.speaker)?,
                    stance: *Stance::ALL
                        .get(usize::from(st.stance))
                        .ok_or_else(|| format!("stance number {}", st.stance))?,
                    from_context: st.from_context,
                }));
            }
            // Claims listed by each actor they name, as a build lists them.
            let mut by_actor: HashMap<String, Vec<u32>> = HashMap::new();
            for i in 0..n {
                let (from, to) = (self.actors_at[i] as usize, self.actors_at[i + 1] as usize);
                for &a in &self.actors_flat[from..to] {
                    let name = &self.actor_names[a as usize];
                    match by_actor.get_mut(name) {
                        Some(v) => v.push(i as u32),
                        None => {
                            by_actor.insert(name.clone(), vec![i as u32]);
                        }
                    }
                }
            }
            let postings = postings
                .join()
                .map_err(|_| "the postings could not be made".to_string())?;
            Ok::<_, String>((statements, by_actor, postings))
        })?;
        let summary = PositionSummary {
            actor_claims: self.actor_claims.into_iter().collect(),
            discovered: self.discovered.into_iter().collect(),
            topic_claims: self.topic_claims.into_iter().collect(),
        };
        let mut b = IndexBuilder::new(lex, Scope::All, Some(summary)).texts_from(texts);
        b.by_actor = by_actor;
        b.statements = statements;
        b.actor_ids = numbered(&self.actor_names, |i| i as u32);
        b.actor_names = self.actor_names;
        b.actors_at = self.actors_at;
        b.actors_flat = self.actors_flat;
        b.topic_ids = numbered(&self.topic_names, |i| i as u16);
        b.topic_names = self.topic_names;
        b.topics_at = self.topics_at;
        b.topics_flat = self.topics_flat;
        b.context_at = self.context_at;
        b.context_flat = self.context_flat;
        b.stem_ids = numbered(&self.stem_names, |i| i as u32);
        b.stem_names = self.stem_names.into_iter().map(Box::from).collect();
        b.stems_at = self.stems_at;
        b.stems_flat = self.stems_flat;
        Ok(b.finish_with(Some(postings)))
    }
}

/// Numbers strings in the order they are first met, each kept once.
#[derive(Default)]
struct StringTable<'a> {
    numbers: FxHashMap<&'a str, u32>,
    strings: Vec<String>,
}

impl<'a> StringTable<'a> {
    fn of(&mut self, s: &'a str) -> u32 {
        *self.numbers.entry(s).or_insert_with(|| {
            self.strings.push(s.to_string());
            self.strings.len() as u32 - 1
        })
    }
}

/// Checks that `at` cuts a flat list of `len` items into `n` ascending ranges.
fn check_ranges(what: &str, at: &[u32], len: usize, n: usize) -> Result<(), String> {
    let ascending = at.windows(2).all(|w| w[0] <= w[1]);
    if at.len() != n + 1 || at.first() != Some(&0) || !ascending || at[n] as usize != len {
        return Err(format!("the claims' {what} do not add up"));
    }
    Ok(())
}

fn numbered<K, I, S>(
    names: &[String],
    id: impl Fn(usize) -> I,
) -> std::collections::HashMap<K, I, S>
where
    K: for<'a> From<&'a str> + std::hash::Hash + Eq,
    S: std::hash::BuildHasher + Default,
{
    names
        .iter()
        .enumerate()
        .map(|(i, s)| (K::from(s.as_str()), id(i)))
        .collect()
}

/// An error naming the first of `ids` that is not below `max`.
fn within(what: &str, max: usize, mut ids: impl Iterator<Item = usize>) -> Result<(), String> {
    match ids.find(|&i| i >= max) {
        Some(i) => Err(format!("{what} number {i} of {max}")),
        None => Ok(()),
    }
}

/// Writes `bytes` to a file beside `path`, syncs it and renames it to `path`. Each save has
/// a file of its own (two builds in one process may save at once), and those a killed
/// process left behind are removed: one process at a time uses a data directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let ours = format!("{SAVED_INDEX_FILE}.tmp-{}-", std::process::id());
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{SAVED_INDEX_FILE}.tmp-")) && !name.starts_with(&ours) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!("{ours}{n}"));
    let written = fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename is durable once the directory is synced.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
