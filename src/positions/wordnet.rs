//! A reader of Princeton WordNet 3.0's database files (`index.*`, `data.*`, `*.exc`, as
//! Debian's `wordnet-base` installs them under /usr/share/wordnet), for the words people
//! type as `/position` topics.
//!
//! Nothing is loaded: the index files are sorted, so a lemma is found by a binary search
//! over the file, and a synset's number is its byte offset in the data file. A lookup
//! reads a few kilobytes with positioned reads (`read_at`), so the reader can be shared
//! between threads without a lock and costs no memory beyond its open files.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A part of speech, as WordNet files it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Noun,
    Verb,
    Adj,
    Adv,
}

impl Pos {
    pub const ALL: [Pos; 4] = [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv];

    fn file_suffix(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Verb => "verb",
            Pos::Adj => "adj",
            Pos::Adv => "adv",
        }
    }

    /// The letter of a pointer's target (`s`, an adjective satellite, is filed as `a`).
    fn from_letter(c: &str) -> Option<Pos> {
        match c {
            "n" => Some(Pos::Noun),
            "v" => Some(Pos::Verb),
            "a" | "s" => Some(Pos::Adj),
            "r" => Some(Pos::Adv),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WordNetError {
    #[error("WordNet is not in {dir}: {file} is missing ({source})")]
    Missing {
        dir: String,
        file: String,
        source: std::io::Error,
    },
    #[error("reading {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file} at byte {offset}: not a WordNet record ({why})")]
    Malformed {
        file: String,
        offset: u64,
        why: &'static str,
    },
}

/// A lemma's entry in `index.<pos>`: its synsets, most frequent sense first.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    pub lemma: String,
    pub pos: Pos,
    pub synsets: Vec<u64>,
}

/// How one synset points to another (or one of its words to another's).
#[derive(Debug, Clone, PartialEq)]
pub struct Pointer {
    /// WordNet's symbol: `@` hypernym, `~` hyponym, `+` derivation, `&` similar, `@i`
    /// instance of, `\` pertains to, and others.
    pub symbol: String,
    pub offset: u64,
    pub pos: Pos,
    /// For a lexical pointer, the source and target word numbers (1-based); 0 and 0 when
    /// the pointer joins whole synsets.
    pub source: u8,
    pub target: u8,
}

/// One synset of `data.<pos>`: its words (lemmas, `_` for spaces) and pointers.
#[derive(Debug, Clone, PartialEq)]
pub struct Synset {
    pub offset: u64,
    pub pos: Pos,
    pub words: Vec<String>,
    pub pointers: Vec<Pointer>,
}

struct DbFile {
    path: PathBuf,
    file: File,
    len: u64,
}

impl DbFile {
    fn open(path: PathBuf) -> std::io::Result<DbFile> {
        let file = File::open(&path)?;
        let len = file.metadata()?.len();
        Ok(DbFile { path, file, len })
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// The line starting at byte `start` (without its newline); `None` at the end.
    fn line_from(&self, start: u64) -> Result<Option<String>, WordNetError> {
        if start >= self.len {
            return Ok(None);
        }
        let mut out = Vec::new();
        let mut at = start;
        let mut buf = [0u8; 1024];
        loop {
            let n = self
                .file
                .read_at(&mut buf, at)
                .map_err(|source| WordNetError::Io {
                    file: self.name(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            if let Some(k) = buf[..n].iter().position(|&b| b == b'\n') {
                out.extend_from_slice(&buf[..k]);
                break;
            }
            out.extend_from_slice(&buf[..n]);
            at += n as u64;
        }
        Ok(Some(String::from_utf8_lossy(&out).into_owned()))
    }

    /// The first line that begins at byte `at` or later, with where it begins.
    fn line_at_or_after(&self, at: u64) -> Result<Option<(u64, String)>, WordNetError> {
        let start = if at == 0 {
            0
        } else {
            // The rest of the line holding byte `at - 1`, then the next begins.
            let mut pos = at - 1;
            let mut buf = [0u8; 512];
            loop {
                let n = self
                    .file
                    .read_at(&mut buf, pos)
                    .map_err(|source| WordNetError::Io {
                        file: self.name(),
                        source,
                    })?;
                if n == 0 {
                    return Ok(None);
                }
                if let Some(k) = buf[..n].iter().position(|&b| b == b'\n') {
                    break pos + k as u64 + 1;
                }
                pos += n as u64;
            }
        };
        Ok(self.line_from(start)?.map(|l| (start, l)))
    }

    /// The line whose first space-separated field is `key`, in a file sorted by that
    /// field (byte order; the licence lines at the top begin with spaces and sort first).
    fn find(&self, key: &str) -> Result<Option<String>, WordNetError> {
        let (mut lo, mut hi) = (0u64, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let Some((start, line)) = self.line_at_or_after(mid)? else {
                hi = mid;
                continue;
            };
            let first = if line.starts_with(' ') {
                ""
            } else {
                line.split(' ').next().unwrap_or("")
            };
            match first.as_bytes().cmp(key.as_bytes()) {
                Ordering::Equal => return Ok(Some(line)),
                Ordering::Less => lo = start + line.len() as u64 + 1,
                Ordering::Greater => hi = mid,
            }
        }
        Ok(None)
    }
}

/// The open database. Cheap to share: every read is positioned.
pub struct WordNet {
    dir: PathBuf,
    index: Vec<DbFile>,
    data: Vec<DbFile>,
    /// Irregular forms per part of speech (`noun.exc`: "children child"); optional.
    exc: Vec<Option<DbFile>>,
    /// Base form -> irregular inflections, per part of speech, read on first use.
    inflected: OnceLock<Vec<HashMap<String, Vec<String>>>>,
}

impl std::fmt::Debug for WordNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordNet").field("dir", &self.dir).finish()
    }
}

/// Detachment rules for regular inflections, as WordNet's own `morphy` applies them.
const NOUN_RULES: &[(&str, &str)] = &[
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
];
const VERB_RULES: &[(&str, &str)] = &[
    ("s", ""),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
];
const ADJ_RULES: &[(&str, &str)] = &[("er", ""), ("est", ""), ("er", "e"), ("est", "e")];

impl WordNet {
    /// Opens the database in `dir`; the index and data files of all four parts of speech
    /// must be there.
    pub fn open(dir: &Path) -> Result<WordNet, WordNetError> {
        let open = |name: String| {
            let path = dir.join(&name);
            DbFile::open(path).map_err(|source| WordNetError::Missing {
                dir: dir.display().to_string(),
                file: name,
                source,
            })
        };
        let mut index = Vec::new();
        let mut data = Vec::new();
        let mut exc = Vec::new();
        for pos in Pos::ALL {
            index.push(open(format!("index.{}", pos.file_suffix()))?);
            data.push(open(format!("data.{}", pos.file_suffix()))?);
            exc.push(open(format!("{}.exc", pos.file_suffix())).ok());
        }
        Ok(WordNet {
            dir: dir.to_path_buf(),
            index,
            data,
            exc,
            inflected: OnceLock::new(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry of `lemma` (lower case, `_` for spaces) in `pos`, as written.
    pub fn lookup(&self, pos: Pos, lemma: &str) -> Result<Option<IndexEntry>, WordNetError> {
        if lemma.is_empty() || lemma.contains(' ') {
            return Ok(None);
        }
        let f = &self.index[pos.index()];
        let Some(line) = f.find(lemma)? else {
            return Ok(None);
        };
        parse_index_line(&line, pos)
            .map(Some)
            .ok_or(WordNetError::Malformed {
                file: f.name(),
                offset: 0,
                why: "index line",
            })
    }

    /// The synset at `offset` of `data.<pos>`.
    pub fn synset(&self, pos: Pos, offset: u64) -> Result<Synset, WordNetError> {
        let f = &self.data[pos.index()];
        let bad = |why| WordNetError::Malformed {
            file: f.name(),
            offset,
            why,
        };
        let line = f.line_from(offset)?.ok_or(bad("past the end"))?;
        parse_data_line(&line, pos).ok_or(bad("data line"))
    }

    /// The irregular inflections of a base form ("child" -> "children"), from the
    /// exception files read once: they are small (a few thousand lines).
    pub fn inflections(&self, pos: Pos, base: &str) -> &[String] {
        let map = self.inflected.get_or_init(|| {
            let mut m: Vec<HashMap<String, Vec<String>>> = vec![HashMap::new(); 4];
            for p in Pos::ALL {
                let Some(f) = &self.exc[p.index()] else {
                    continue;
                };
                let mut text = vec![0u8; f.len as usize];
                if f.file.read_exact_at(&mut text, 0).is_err() {
                    continue;
                }
                for line in String::from_utf8_lossy(&text).lines() {
                    let mut w = line.split(' ');
                    let Some(inflected) = w.next() else { continue };
                    for b in w {
                        m[p.index()]
                            .entry(b.to_string())
                            .or_default()
                            .push(inflected.to_string());
                    }
                }
            }
            m
        });
        map[pos.index()].get(base).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The base forms WordNet knows `word` by in `pos`: the word itself, its irregular
    /// base ("children" -> "child"), or a regular inflection taken off ("drills" ->
    /// "drill"); the first that has an entry, as WordNet's `morphy` does.
    pub fn base_forms(&self, pos: Pos, word: &str) -> Result<Vec<IndexEntry>, WordNetError> {
        let word = word.to_lowercase().replace(' ', "_");
        let mut out: Vec<IndexEntry> = Vec::new();
        let add = |e: IndexEntry, out: &mut Vec<IndexEntry>| {
            if !out.iter().any(|o| o.lemma == e.lemma) {
                out.push(e);
            }
        };
        if let Some(e) = self.lookup(pos, &word)? {
            add(e, &mut out);
        }
        if let Some(exc) = &self.exc[pos.index()] {
            if let Some(line) = exc.find(&word)? {
                for base in line.split(' ').skip(1) {
                    if let Some(e) = self.lookup(pos, base)? {
                        add(e, &mut out);
                    }
                }
            }
        }
        if out.is_empty() {
            let rules = match pos {
                Pos::Noun => NOUN_RULES,
                Pos::Verb => VERB_RULES,
                Pos::Adj => ADJ_RULES,
                Pos::Adv => &[],
            };
            // Only the last word of a collocation inflects ("war_games" -> "war_game").
            for (suffix, ending) in rules {
                if let Some(stem) = word.strip_suffix(suffix) {
                    if stem.is_empty() {
                        continue;
                    }
                    if let Some(e) = self.lookup(pos, &format!("{stem}{ending}"))? {
                        add(e, &mut out);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...`
fn parse_index_line(line: &str, pos: Pos) -> Option<IndexEntry> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let lemma = f.first()?.to_string();
    let synset_cnt: usize = f.get(2)?.parse().ok()?;
    let p_cnt: usize = f.get(3)?.parse().ok()?;
    let first = 4 + p_cnt + 2;
    let synsets = f
        .get(first..first + synset_cnt)?
        .iter()
        .map(|o| o.parse().ok())
        .collect::<Option<Vec<u64>>>()?;
    Some(IndexEntry {
        lemma,
        pos,
        synsets,
    })
}

/// `offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...] ... | gloss`
fn parse_data_line(line: &str, pos: Pos) -> Option<Synset> {
    let body = line.split(" | ").next()?;
    let f: Vec<&str> = body.split_whitespace().collect();
    let offset: u64 = f.first()?.parse().ok()?;
    let w_cnt = usize::from_str_radix(f.get(3)?, 16).ok()?;
    let mut at = 4;
    let mut words = Vec::with_capacity(w_cnt);
    for _ in 0..w_cnt {
        let w = f.get(at)?;
        // Adjectives may carry a syntactic marker: "galore(ip)".
        let w = w.split('(').next().unwrap_or(w);
        words.push(w.to_lowercase());
        at += 2;
    }
    let p_cnt: usize = f.get(at)?.parse().ok()?;
    at += 1;
    let mut pointers = Vec::with_capacity(p_cnt);
    for _ in 0..p_cnt {
        let symbol = f.get(at)?.to_string();
        let offset: u64 = f.get(at + 1)?.parse().ok()?;
        let pos = Pos::from_letter(f.get(at + 2)?)?;
        let st = f.get(at + 3)?;
        let source = u8::from_str_radix(st.get(0..2)?, 16).ok()?;
        let target = u8::from_str_radix(st.get(2..4)?, 16).ok()?;
        pointers.push(Pointer {
            symbol,
            offset,
            pos,
            source,
            target,
        });
        at += 4;
    }
    Some(Synset {
        offset,
        pos,
        words,
        pointers,
    })
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A tiny database in WordNet's format, written for the tests: offsets are real byte
    //! offsets, computed while writing.
    use std::path::Path;

    /// (pos suffix, offset key, words, pointers as (symbol, key, pos letter, source/target))
    type Rec = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [(&'static str, &'static str, &'static str, &'static str)],
    );

    const LICENCE: &str = "  1 This software and database is being provided to you, the LICENSEE, by  \n  2 Princeton University under the following license.  \n";

    /// drill/exercise/practice, war_game -> exercise, frontier/border -> boundary,
    /// weapon/arm, arms_race, cease-fire/truce, tariff/duty, child/kid, Europe (a place),
    /// deport -> deportation, fishing and fishery both derived from fish (verb), military
    /// (adj), field_drill and manoeuvre as parts of military_training, criminal (a noun,
    /// and an adjective derived from crime), war_criminal and war_crime, high_sea and the
    /// offing below it.
    pub(crate) const RECORDS: &[Rec] = &[
        (
            "noun",
            "boundary",
            &["boundary", "bound"],
            &[("~", "frontier", "n", "0000"), ("~", "border", "n", "0000")],
        ),
        (
            "noun",
            "border",
            &["border", "boundary_line"],
            &[("@", "boundary", "n", "0000")],
        ),
        (
            "noun",
            "frontier",
            &["frontier"],
            &[("@", "boundary", "n", "0000")],
        ),
        (
            "noun",
            "exercise",
            &["exercise", "practice", "drill", "practice_session"],
            &[("~", "war_game", "n", "0000")],
        ),
        (
            "noun",
            "drill_tool",
            &["drill"],
            &[("@", "tool", "n", "0000")],
        ),
        (
            "noun",
            "tool",
            &["tool"],
            &[("~", "drill_tool", "n", "0000")],
        ),
        (
            "noun",
            "war_game",
            &["war_game"],
            &[("@", "exercise", "n", "0000")],
        ),
        (
            "noun",
            "weapon",
            &["weapon", "arm", "weapon_system"],
            &[("~", "gun", "n", "0000")],
        ),
        ("noun", "gun", &["gun"], &[("@", "weapon", "n", "0000")]),
        ("noun", "arms_race", &["arms_race"], &[]),
        (
            "noun",
            "high_sea",
            &["high_sea", "international_waters"],
            &[("~", "offing", "n", "0000")],
        ),
        (
            "noun",
            "offing",
            &["offing"],
            &[("@", "high_sea", "n", "0000")],
        ),
        (
            "noun",
            "military_training",
            &["military_training"],
            &[
                ("%p", "field_drill", "n", "0000"),
                ("%p", "manoeuvre", "n", "0000"),
            ],
        ),
        (
            "noun",
            "field_drill",
            &["field_drill"],
            &[("#p", "military_training", "n", "0000")],
        ),
        (
            "noun",
            "manoeuvre",
            &["maneuver", "manoeuvre", "simulated_military_operation"],
            &[("#p", "military_training", "n", "0000")],
        ),
        ("noun", "truce", &["armistice", "cease-fire", "truce"], &[]),
        ("noun", "duty", &["duty", "tariff"], &[]),
        ("noun", "child", &["child", "kid", "youngster"], &[]),
        (
            "noun",
            "europe",
            &["Europe"],
            &[("@i", "continent", "n", "0000")],
        ),
        (
            "noun",
            "continent",
            &["continent"],
            &[("~i", "europe", "n", "0000")],
        ),
        (
            "noun",
            "deportation",
            &["deportation", "expatriation"],
            &[("+", "deport", "v", "0101")],
        ),
        (
            "verb",
            "deport",
            &["expel", "deport"],
            &[("+", "deportation", "n", "0101")],
        ),
        (
            "noun",
            "fishing",
            &["fishing"],
            &[("+", "fish", "v", "0101")],
        ),
        (
            "verb",
            "fish",
            &["fish"],
            &[("+", "fishing", "n", "0101"), ("+", "fishery", "n", "0101")],
        ),
        (
            "noun",
            "fishery",
            &["fishery", "piscary"],
            &[("+", "fish", "v", "0101")],
        ),
        ("adj", "military", &["military"], &[]),
        ("noun", "crime", &["crime", "offence"], &[]),
        (
            "noun",
            "criminal",
            &["criminal", "felon"],
            &[("@", "wrongdoer", "n", "0000")],
        ),
        ("noun", "wrongdoer", &["wrongdoer"], &[]),
        (
            "adj",
            "criminal_adj",
            &["criminal"],
            &[("+", "crime", "n", "0101")],
        ),
        (
            "noun",
            "war_criminal",
            &["war_criminal"],
            &[("@", "wrongdoer", "n", "0000")],
        ),
        (
            "noun",
            "war_crime",
            &["war_crime"],
            &[("@", "crime", "n", "0000")],
        ),
    ];

    /// Writes the database into `dir`; returns it.
    pub(crate) fn write(dir: &Path) -> &Path {
        use std::collections::{BTreeMap, HashMap};
        // Offsets depend on line lengths, which depend on offsets: all are 8 digits wide,
        // so one pass to measure and one to write suffice.
        let mut offsets: HashMap<&str, u64> = HashMap::new();
        for pass in 0..2 {
            let mut data: BTreeMap<&str, String> = BTreeMap::new();
            let mut index: BTreeMap<&str, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
            for pos in ["noun", "verb", "adj", "adv"] {
                data.insert(pos, LICENCE.to_string());
                index.insert(pos, BTreeMap::new());
            }
            for (pos, key, words, ptrs) in RECORDS {
                let text = data.get_mut(pos).unwrap();
                let off = text.len() as u64;
                if pass == 0 {
                    offsets.insert(key, off);
                }
                let letter = match *pos {
                    "noun" => "n",
                    "verb" => "v",
                    "adj" => "a",
                    _ => "r",
                };
                let mut line = format!("{:08} 03 {letter} {:02x}", off, words.len());
                for w in *words {
                    line.push_str(&format!(" {w} 0"));
                    let lemma = w.to_lowercase();
                    index
                        .get_mut(pos)
                        .unwrap()
                        .entry(lemma)
                        .or_default()
                        .push(off);
                }
                line.push_str(&format!(" {:03}", ptrs.len()));
                for (sym, target, p, st) in *ptrs {
                    let t = offsets.get(target).copied().unwrap_or(0);
                    line.push_str(&format!(" {sym} {t:08} {p} {st}"));
                }
                line.push_str(" | a gloss  \n");
                text.push_str(&line);
            }
            if pass == 1 {
                for (pos, text) in &data {
                    std::fs::write(dir.join(format!("data.{pos}")), text).unwrap();
                }
                for (pos, lemmas) in &index {
                    let letter = &pos[..1];
                    let mut text = LICENCE.to_string();
                    for (lemma, offs) in lemmas {
                        let offs: Vec<String> = offs.iter().map(|o| format!("{o:08}")).collect();
                        text.push_str(&format!(
                            "{lemma} {letter} {} 0 {} 0 {}  \n",
                            offs.len(),
                            offs.len(),
                            offs.join(" ")
                        ));
                    }
                    std::fs::write(dir.join(format!("index.{pos}")), text).unwrap();
                }
                std::fs::write(dir.join("noun.exc"), "children child\nmen man\n").unwrap();
            }
        }
        dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> (tempfile::TempDir, WordNet) {
        let dir = tempfile::tempdir().unwrap();
        fixture::write(dir.path());
        let wn = WordNet::open(dir.path()).unwrap();
        (dir, wn)
    }

    #[test]
    fn finds_every_lemma_by_binary_search_and_nothing_else() {
        let (_d, wn) = open();
        for lemma in [
            "arm",
            "armistice",
            "arms_race",
            "border",
            "bound",
            "boundary",
            "boundary_line",
            "cease-fire",
            "child",
            "continent",
            "deportation",
            "drill",
            "duty",
            "europe",
            "exercise",
            "expatriation",
            "frontier",
            "gun",
            "kid",
            "practice",
            "practice_session",
            "tariff",
            "tool",
            "truce",
            "war_game",
            "weapon",
            "weapon_system",
            "youngster",
        ] {
            let e = wn.lookup(Pos::Noun, lemma).unwrap();
            assert_eq!(e.map(|e| e.lemma).as_deref(), Some(lemma));
        }
        for absent in ["", "a", "aaa", "zzz", "borde", "borders", "war game", "1"] {
            assert_eq!(wn.lookup(Pos::Noun, absent).unwrap(), None, "{absent:?}");
        }
        assert!(wn.lookup(Pos::Verb, "deport").unwrap().is_some());
        assert!(wn.lookup(Pos::Verb, "expel").unwrap().is_some());
        assert!(wn.lookup(Pos::Verb, "border").unwrap().is_none());
    }

    #[test]
    fn reads_synsets_and_pointers_at_their_offsets() {
        let (_d, wn) = open();
        let drill = wn.lookup(Pos::Noun, "drill").unwrap().unwrap();
        assert_eq!(drill.synsets.len(), 2);
        let s = wn.synset(Pos::Noun, drill.synsets[0]).unwrap();
        assert_eq!(
            s.words,
            ["exercise", "practice", "drill", "practice_session"]
        );
        let hypo = &s.pointers[0];
        assert_eq!(hypo.symbol, "~");
        assert_eq!(
            wn.synset(hypo.pos, hypo.offset).unwrap().words,
            ["war_game"]
        );
        let dep = wn.lookup(Pos::Noun, "deportation").unwrap().unwrap();
        let s = wn.synset(Pos::Noun, dep.synsets[0]).unwrap();
        let p = &s.pointers[0];
        assert_eq!(
            (p.symbol.as_str(), p.pos, p.source, p.target),
            ("+", Pos::Verb, 1, 1)
        );
        assert_eq!(wn.synset(Pos::Verb, p.offset).unwrap().words[0], "expel");
        // Proper names are folded to lower case.
        let eu = wn.lookup(Pos::Noun, "europe").unwrap().unwrap();
        assert_eq!(
            wn.synset(Pos::Noun, eu.synsets[0]).unwrap().words,
            ["europe"]
        );
    }

    #[test]
    fn base_forms_undo_inflections_regular_and_irregular() {
        let (_d, wn) = open();
        let base = |w: &str| -> Vec<String> {
            wn.base_forms(Pos::Noun, w)
                .unwrap()
                .into_iter()
                .map(|e| e.lemma)
                .collect()
        };
        assert_eq!(base("drills"), ["drill"]);
        assert_eq!(base("children"), ["child"]);
        assert_eq!(base("kids"), ["kid"]);
        assert_eq!(base("war games"), ["war_game"]);
        assert_eq!(base("Frontier"), ["frontier"]);
        assert_eq!(wn.inflections(Pos::Noun, "child"), ["children"]);
        assert!(wn.inflections(Pos::Noun, "kid").is_empty());
        assert!(base("s").is_empty());
        assert!(base("nothingatall").is_empty());
    }

    #[test]
    fn a_directory_without_wordnet_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = WordNet::open(dir.path()).unwrap_err().to_string();
        assert!(e.contains("index.noun is missing"), "{e}");
    }

    #[test]
    fn malformed_lines_are_errors_not_panics() {
        assert!(parse_index_line("drill n x", Pos::Noun).is_none());
        assert!(parse_data_line("00000001 03 n zz drill 0", Pos::Noun).is_none());
        assert!(parse_data_line("00000001 03 n 01 drill 0 001 @ 1 n", Pos::Noun).is_none());
    }
}
