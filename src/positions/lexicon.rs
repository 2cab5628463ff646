//! The actor and topic lexicons (`config/actors.toml`, `config/topics.toml`): loading,
//! validation, and the lookups the engine runs on them.
//!
//! The files hold knowledge (who speaks for whom, which words name a topic); the rules that
//! use it live in `attribution`. Both files are hashed into `version()` so that stored claims
//! are rebuilt whenever the knowledge or the engine changes.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::engine_version;
use super::related::Related;
use super::text::{name_key, stem, term_words, tokenize, Kind, TermWord, Token};
use super::wordnet::WordNet;

const BUILTIN_ACTORS: &str = include_str!("../../config/actors.toml");
const BUILTIN_TOPICS: &str = include_str!("../../config/topics.toml");

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: key `{key}`: {message}")]
    Invalid {
        file: String,
        key: String,
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Country,
    Organization,
    Group,
    Person,
}

/// One actor: a country, an institution or alliance, a group ("European leaders") or a person.
#[derive(Debug, Clone)]
pub struct ActorDef {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    /// For people: the country or body they speak for.
    pub parent: Option<String>,
    /// For people: their office, as configured ("Kremlin spokesperson").
    pub role: String,
    /// Every surface name that refers to this actor (name, aliases, capitals, bodies).
    pub names: Vec<String>,
    pub demonyms: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    Name,
    Demonym,
}

#[derive(Debug, Clone)]
struct AliasEntry {
    words: Vec<String>,
    actor: usize,
    kind: MentionKind,
    /// Short all-caps aliases ("US", "UK", "EU") only match all-caps text, never "us".
    strict_caps: bool,
}

/// An actor named in a run of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub actor: usize,
    pub kind: MentionKind,
}

#[derive(Debug, Clone)]
enum PatWord {
    Stem(String),
    Exact(String),
}

impl PatWord {
    fn matches(&self, w: &TermWord) -> bool {
        match self {
            PatWord::Stem(s) => &w.stem == s,
            PatWord::Exact(f) => &w.form == f,
        }
    }
}

#[derive(Debug, Clone)]
struct Pattern(Vec<PatWord>);

impl Pattern {
    fn parse(s: &str) -> Pattern {
        Pattern(
            s.split_whitespace()
                .flat_map(|w| {
                    let exact = w.starts_with('=');
                    term_words(w.trim_start_matches('='))
                        .into_iter()
                        .map(move |t| {
                            if exact {
                                PatWord::Exact(t.form)
                            } else {
                                PatWord::Stem(t.stem)
                            }
                        })
                })
                .collect(),
        )
    }

    fn matches_at(&self, words: &[TermWord], i: usize) -> bool {
        i + self.0.len() <= words.len() && self.0.iter().zip(&words[i..]).all(|(p, w)| p.matches(w))
    }

    fn stems(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|p| match p {
                PatWord::Stem(s) => s.clone(),
                PatWord::Exact(f) => stem(f),
            })
            .collect()
    }
}

/// One topic: its synonyms (stemmed phrases, `=word` for an exact form), the phrases that
/// must not count ("task force" is not troops) and word pairs that count when close together.
#[derive(Debug, Clone)]
pub struct TopicDef {
    pub id: String,
    pub label: String,
    /// The configured synonyms as written, for suggestions.
    pub terms_text: Vec<String>,
    terms: Vec<Pattern>,
    exclude: Vec<Pattern>,
    near: Vec<Vec<String>>,
}

/// A topic pattern a word can start: a synonym, an excluded phrase or a `near` group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Start {
    topic: u16,
    kind: StartKind,
    pattern: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum StartKind {
    Term,
    Exclude,
    Near,
}

/// The topics' patterns by their first word, made once with the lexicons: tagging a
/// sentence then looks up its own few words instead of testing every topic's patterns.
#[derive(Debug, Clone, Default)]
struct TopicStarts {
    by_stem: HashMap<String, Vec<Start>>,
    by_form: HashMap<String, Vec<Start>>,
    /// Patterns without a first word, which every sentence may start.
    always: Vec<Start>,
}

impl TopicStarts {
    fn new(topics: &[TopicDef]) -> TopicStarts {
        let mut starts = TopicStarts::default();
        let number = |n: usize| u16::try_from(n).expect("fewer than 65,536 topics and patterns");
        for (ti, t) in topics.iter().enumerate() {
            let patterns = t
                .terms
                .iter()
                .map(|p| (StartKind::Term, p.0.first().cloned()))
                .enumerate()
                .chain(
                    t.exclude
                        .iter()
                        .map(|p| (StartKind::Exclude, p.0.first().cloned()))
                        .enumerate(),
                )
                .chain(
                    t.near
                        .iter()
                        .map(|g| (StartKind::Near, g.first().cloned().map(PatWord::Stem)))
                        .enumerate(),
                );
            for (k, (kind, first)) in patterns {
                let start = Start {
                    topic: number(ti),
                    kind,
                    pattern: number(k),
                };
                match first {
                    Some(PatWord::Stem(s)) => starts.by_stem.entry(s).or_default().push(start),
                    Some(PatWord::Exact(f)) => starts.by_form.entry(f).or_default().push(start),
                    None => starts.always.push(start),
                }
            }
        }
        starts
    }
}

/// How far apart (in words) the parts of a `near` entry may be.
const NEAR_WINDOW: usize = 6;

/// The loaded lexicons with their lookup tables.
#[derive(Debug, Clone)]
pub struct Lexicons {
    actors: Vec<ActorDef>,
    topics: Vec<TopicDef>,
    /// Which topics' patterns a word can start (see [`TopicStarts`]).
    topic_starts: TopicStarts,
    /// Each topic's label and terms as [`name_key`] folds them, with the topic's place in
    /// `topics`: a misspelt topic is compared with all of them on every query.
    topic_keys: Vec<(usize, String)>,
    by_id: HashMap<String, usize>,
    aliases: HashMap<String, Vec<AliasEntry>>,
    names: HashMap<String, usize>,
    actors_src: String,
    topics_src: String,
    /// Where free-text topics find related words; not part of [`Lexicons::version`]:
    /// it changes queries, never the stored claims.
    wordnet: Option<Arc<WordNet>>,
    /// Expansions already made, by the query's words. WordNet is read from disk, a few
    /// milliseconds a query, and people ask about the same topics again and again.
    related: Arc<std::sync::Mutex<HashMap<String, Option<Arc<Related>>>>>,
}

/// Free-text topics whose expansion is remembered; past this the memory starts again.
const RELATED_CACHE_ENTRIES: usize = 4096;

impl Lexicons {
    /// Reads both files; a missing or broken file is an error naming it.
    pub fn load(actors_toml: &Path, topics_toml: &Path) -> Result<Lexicons, LexiconError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| LexiconError::Io {
                file: p.display().to_string(),
                source: e,
            })
        };
        let a = read(actors_toml)?;
        let t = read(topics_toml)?;
        Self::parse(
            &a,
            &actors_toml.display().to_string(),
            &t,
            &topics_toml.display().to_string(),
        )
    }

    /// Like `load`, but a file that does not exist is replaced by the built-in one.
    pub fn load_or_builtin(
        actors_toml: &Path,
        topics_toml: &Path,
    ) -> Result<Lexicons, LexiconError> {
        let read = |p: &Path, builtin: &str| match std::fs::read_to_string(p) {
            Ok(s) => Ok(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(builtin.to_string()),
            Err(e) => Err(LexiconError::Io {
                file: p.display().to_string(),
                source: e,
            }),
        };
        let a = read(actors_toml, BUILTIN_ACTORS)?;
        let t = read(topics_toml, BUILTIN_TOPICS)?;
        Self::parse(
            &a,
            &actors_toml.display().to_string(),
            &t,
            &topics_toml.display().to_string(),
        )
    }

    pub fn from_toml_strs(actors: &str, topics: &str) -> Result<Lexicons, LexiconError> {
        Self::parse(actors, "actors.toml", topics, "topics.toml")
    }

    /// The lexicons shipped in `config/`, compiled in.
    pub fn builtin() -> Lexicons {
        Self::from_toml_strs(BUILTIN_ACTORS, BUILTIN_TOPICS)
            .expect("the built-in lexicons are valid")
    }

    /// These lexicons with WordNet for the related words of free-text topics.
    pub fn with_wordnet(mut self, wordnet: Arc<WordNet>) -> Lexicons {
        self.wordnet = Some(wordnet);
        // Expansions belong to the WordNet that made them.
        self.related = Default::default();
        self
    }

    /// The expansion of a free-text topic's `words` (a key made of them), made once by
    /// `expand` and remembered.
    pub(crate) fn related_of(
        &self,
        key: &str,
        expand: impl FnOnce() -> Option<Arc<Related>>,
    ) -> Option<Arc<Related>> {
        // A panic elsewhere leaves a usable map: entries are only ever inserted whole.
        let lock = || {
            self.related
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(hit) = lock().get(key) {
            return hit.clone();
        }
        let made = expand();
        let mut cache = lock();
        if cache.len() >= RELATED_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key.to_string(), made.clone());
        made
    }

    /// The WordNet free-text topics are expanded with, if one was found.
    pub fn wordnet(&self) -> Option<&WordNet> {
        self.wordnet.as_deref()
    }

    /// Changes whenever either lexicon or the engine's rules change.
    pub fn version(&self) -> String {
        let mut h = Sha256::new();
        h.update(engine_version());
        h.update([0]);
        h.update(&self.actors_src);
        h.update([0]);
        h.update(&self.topics_src);
        let hex: String = h
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{}+{hex}", engine_version())
    }

    fn parse(
        actors: &str,
        afile: &str,
        topics: &str,
        tfile: &str,
    ) -> Result<Lexicons, LexiconError> {
        let atable: toml::Table =
            actors
                .parse()
                .map_err(|e: toml::de::Error| LexiconError::Syntax {
                    file: afile.into(),
                    message: e.message().into(),
                })?;
        let ttable: toml::Table =
            topics
                .parse()
                .map_err(|e: toml::de::Error| LexiconError::Syntax {
                    file: tfile.into(),
                    message: e.message().into(),
                })?;
        let mut lex = Lexicons {
            actors: Vec::new(),
            topics: Vec::new(),
            topic_starts: TopicStarts::default(),
            topic_keys: Vec::new(),
            by_id: HashMap::new(),
            aliases: HashMap::new(),
            names: HashMap::new(),
            actors_src: actors.to_string(),
            topics_src: topics.to_string(),
            wordnet: None,
            related: Default::default(),
        };
        parse_actors(&atable, afile, &mut lex)?;
        parse_topics(&ttable, tfile, &mut lex)?;
        lex.build_indexes();
        Ok(lex)
    }

    fn build_indexes(&mut self) {
        self.topic_starts = TopicStarts::new(&self.topics);
        self.topic_keys = self
            .topics
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                std::iter::once(&t.label)
                    .chain(&t.terms_text)
                    .map(move |n| (i, name_key(n.trim_start_matches('='))))
            })
            .collect();
        for (i, a) in self.actors.iter().enumerate() {
            let mut seen = HashSet::new();
            for (name, kind) in a
                .names
                .iter()
                .map(|n| (n, MentionKind::Name))
                .chain(a.demonyms.iter().map(|d| (d, MentionKind::Demonym)))
            {
                let words: Vec<String> = tokenize(name)
                    .into_iter()
                    .filter(|t| t.kind != Kind::Punct)
                    .map(|t| t.norm)
                    .collect();
                if words.is_empty() || !seen.insert((words.clone(), kind)) {
                    continue;
                }
                let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
                let strict_caps = words.len() == 1
                    && letters.len() <= 3
                    && letters.iter().all(|c| c.is_uppercase());
                self.aliases
                    .entry(words[0].clone())
                    .or_default()
                    .push(AliasEntry {
                        words,
                        actor: i,
                        kind,
                        strict_caps,
                    });
                // The first actor to claim a name keeps it for queries; people come after
                // their country, so "Georgia" stays the country.
                self.names.entry(name_key(name)).or_insert(i);
            }
            self.names
                .entry(name_key(&a.id.replace('_', " ")))
                .or_insert(i);
        }
        for list in self.aliases.values_mut() {
            list.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        }
    }

    pub fn topics(&self) -> &[TopicDef] {
        &self.topics
    }

    /// Every topic with its label and terms folded by [`name_key`], one pair per name.
    pub(crate) fn topic_keys(&self) -> impl Iterator<Item = (&TopicDef, &str)> {
        self.topic_keys
            .iter()
            .map(|(i, k)| (&self.topics[*i], k.as_str()))
    }

    pub fn actor(&self, id: &str) -> Option<&ActorDef> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    pub fn topic(&self, id: &str) -> Option<&TopicDef> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// The actor a user's name for it refers to ("kremlin", "Orban", "united states").
    pub fn resolve_actor_name(&self, input: &str) -> Option<&ActorDef> {
        let key = name_key(input);
        self.names.get(&key).map(|&i| &self.actors[i])
    }

    /// Every (name key, actor index) pair, for suggestions and prefix splitting.
    pub(crate) fn name_keys(&self) -> impl Iterator<Item = (&str, usize)> {
        self.names.iter().map(|(k, &i)| (k.as_str(), i))
    }

    /// The countries `tokens[from..to]` names, itself or through a person, body or capital
    /// of theirs ("Vilnius" is Lithuania), in order, with repeats.
    pub fn countries_named(&self, tokens: &[Token], from: usize, to: usize) -> Vec<String> {
        self.mentions(tokens, from, to)
            .iter()
            .flat_map(|m| self.expand(m.actor))
            .filter(|id| self.actor(id).is_some_and(|d| d.kind == ActorKind::Country))
            .collect()
    }

    /// Actors named in `tokens[range]`, longest alias first, left to right.
    pub fn mentions(&self, tokens: &[Token], from: usize, to: usize) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            let t = &tokens[i];
            let mut matched = None;
            if t.kind == Kind::Word && t.cap {
                if let Some(list) = self.aliases.get(&t.norm) {
                    for e in list {
                        if e.strict_caps && !t.all_caps {
                            continue;
                        }
                        if e.words.len() == 1 && self.inside_another_name(tokens, i, e.actor) {
                            continue;
                        }
                        if i + e.words.len() <= to
                            && e.words
                                .iter()
                                .zip(&tokens[i..])
                                .all(|(w, tok)| tok.kind != Kind::Punct && &tok.norm == w)
                        {
                            matched = Some(Mention {
                                start: i,
                                end: i + e.words.len(),
                                actor: e.actor,
                                kind: e.kind,
                            });
                            break;
                        }
                    }
                }
            }
            match matched {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Whether a person's one-word name at `k` is only a word of someone else's name:
    /// "Silvio Costa Filho" is not António Costa. A capitalised word right before or after
    /// it that is no office, no opener and no word of the person's own names makes it part
    /// of a longer name.
    fn inside_another_name(&self, tokens: &[Token], k: usize, actor: usize) -> bool {
        use crate::wordlists::{GLUE, OPENERS};
        let person = &self.actors[actor];
        if person.kind != ActorKind::Person {
            return false;
        }
        let own = |w: &str| {
            person
                .names
                .iter()
                .any(|n| tokenize(n).iter().any(|t| t.norm == w))
        };
        let foreign = |t: &Token| {
            t.kind == Kind::Word
                && t.cap
                && !t.all_caps
                && !super::attribution::is_role(t)
                && !super::attribution::names_nothing(&t.norm)
                && !OPENERS.contains(&t.norm)
                && !GLUE.contains(&t.norm)
                && !own(&t.norm)
        };
        let before = k.checked_sub(1).and_then(|j| tokens.get(j));
        before.is_some_and(foreign) || tokens.get(k + 1).is_some_and(foreign)
    }

    /// The actor ids a mention of actor `i` stands for: a person counts for their country too.
    pub fn expand(&self, i: usize) -> Vec<String> {
        let a = &self.actors[i];
        let mut v = vec![a.id.clone()];
        if let Some(p) = &a.parent {
            v.push(p.clone());
        }
        v
    }

    pub fn actor_at(&self, i: usize) -> &ActorDef {
        &self.actors[i]
    }

    /// Topics named in `text`: (topic id, number of synonym hits).
    pub fn tag_topics(&self, text: &str) -> Vec<(String, u32)> {
        self.tag_topic_words(&term_words(text))
    }

    /// [`Self::tag_topics`] over words already split and stemmed.
    pub(super) fn tag_topic_words(&self, words: &[TermWord]) -> Vec<(String, u32)> {
        // Most topics name none of a sentence's words: a pattern whose first word is absent
        // cannot match anywhere, so only the patterns the sentence's words start are tried.
        let stems: rustc_hash::FxHashSet<&str> = words.iter().map(|w| w.stem.as_str()).collect();
        let forms: rustc_hash::FxHashSet<&str> = words.iter().map(|w| w.form.as_str()).collect();
        let starts = &self.topic_starts;
        let mut started: Vec<Start> = starts.always.clone();
        for s in &stems {
            started.extend(starts.by_stem.get(*s).into_iter().flatten());
        }
        for f in &forms {
            started.extend(starts.by_form.get(*f).into_iter().flatten());
        }
        // Topic by topic in their order, each topic's patterns in theirs.
        started.sort_unstable();
        started.dedup();
        let mut out = Vec::new();
        let mut masked = Vec::new();
        for run in started.chunk_by(|a, b| a.topic == b.topic) {
            let t = &self.topics[usize::from(run[0].topic)];
            let of = |kind: StartKind| {
                run.iter()
                    .filter(move |s| s.kind == kind)
                    .map(|s| usize::from(s.pattern))
            };
            let terms: Vec<&Pattern> = of(StartKind::Term).map(|k| &t.terms[k]).collect();
            let near_possible =
                of(StartKind::Near).any(|k| t.near[k].iter().all(|w| stems.contains(w.as_str())));
            if terms.is_empty() && !near_possible {
                continue;
            }
            masked.clear();
            masked.resize(words.len(), false);
            for ex in of(StartKind::Exclude).map(|k| &t.exclude[k]) {
                for i in 0..words.len() {
                    if ex.matches_at(words, i) {
                        masked[i..i + ex.0.len()].iter_mut().for_each(|m| *m = true);
                    }
                }
            }
            let mut hits = 0u32;
            for i in 0..words.len() {
                if masked[i] {
                    continue;
                }
                if terms
                    .iter()
                    .any(|p| p.matches_at(words, i) && !masked[i..i + p.0.len()].iter().any(|&m| m))
                {
                    hits += 1;
                }
            }
            for group in t.near.iter().filter(|_| near_possible) {
                if near_match(words, group) {
                    hits += 1;
                }
            }
            if hits > 0 {
                out.push((t.id.clone(), hits));
            }
        }
        out
    }

    /// The configured topic a user's words name, if any ("troops", "security guarantees",
    /// "peacekeepers" -> troops).
    pub fn resolve_topic(&self, input: &str) -> Option<&TopicDef> {
        let key = name_key(input);
        if key.is_empty() {
            return None;
        }
        if let Some(t) = self
            .topics
            .iter()
            .find(|t| name_key(&t.id.replace('_', " ")) == key || name_key(&t.label) == key)
        {
            return Some(t);
        }
        let stems: Vec<String> = term_words(input).into_iter().map(|w| w.stem).collect();
        if let Some(t) = self.topics.iter().find(|t| {
            let label_stems: Vec<String> =
                term_words(&t.label).into_iter().map(|w| w.stem).collect();
            label_stems == stems || t.terms.iter().any(|p| p.stems() == stems)
        }) {
            return Some(t);
        }
        // One word that ends exactly one topic's label: "spending" is defence spending,
        // "assets" frozen assets; "sea" (Black, Baltic) stays free text.
        let [stem] = stems.as_slice() else {
            return None;
        };
        let mut heads = self
            .topics
            .iter()
            .filter(|t| term_words(&t.label).last().is_some_and(|w| &w.stem == stem));
        match (heads.next(), heads.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }
}

fn near_match(words: &[TermWord], group: &[String]) -> bool {
    let positions: Vec<Vec<usize>> = group
        .iter()
        .map(|s| {
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| &w.stem == s)
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    if positions.iter().any(|p| p.is_empty()) {
        return false;
    }
    positions[0].iter().any(|&anchor| {
        positions[1..]
            .iter()
            .all(|ps| ps.iter().any(|&p| p.abs_diff(anchor) <= NEAR_WINDOW))
    })
}

fn invalid(file: &str, key: &str, message: impl Into<String>) -> LexiconError {
    LexiconError::Invalid {
        file: file.into(),
        key: key.into(),
        message: message.into(),
    }
}

fn string_list(v: &toml::Value, file: &str, key: &str) -> Result<Vec<String>, LexiconError> {
    match v {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| invalid(file, key, "expected a list of strings"))
            })
            .collect(),
        _ => Err(invalid(file, key, "expected a string or a list of strings")),
    }
}

fn string(v: &toml::Value, file: &str, key: &str) -> Result<String, LexiconError> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| invalid(file, key, "expected a string"))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn parse_actors(table: &toml::Table, file: &str, lex: &mut Lexicons) -> Result<(), LexiconError> {
    for (id, v) in table {
        let key = id.as_str();
        if !valid_id(id) {
            return Err(invalid(
                file,
                key,
                "actor ids are lower-case ASCII letters, digits, '_' or '-'",
            ));
        }
        let t = v
            .as_table()
            .ok_or_else(|| invalid(file, key, "expected a table ([id] with name, aliases, ...)"))?;
        let mut a = ActorDef {
            id: id.clone(),
            name: String::new(),
            kind: ActorKind::Country,
            parent: None,
            role: String::new(),
            names: Vec::new(),
            demonyms: Vec::new(),
        };
        let mut people = Vec::new();
        for (k, v) in t {
            let kk = format!("{id}.{k}");
            match k.as_str() {
                "name" => a.name = string(v, file, &kk)?,
                "kind" => {
                    a.kind = match string(v, file, &kk)?.as_str() {
                        "country" | "state" => ActorKind::Country,
                        "organization" | "organisation" | "org" | "alliance" | "institution"
                        | "company" => ActorKind::Organization,
                        "group" => ActorKind::Group,
                        other => {
                            return Err(invalid(
                                file,
                                &kk,
                                format!("unknown kind {other:?} (country, organization, group)"),
                            ))
                        }
                    }
                }
                "aliases" | "capitals" | "capital" | "bodies" => {
                    a.names.extend(string_list(v, file, &kk)?)
                }
                "demonyms" | "demonym" => a.demonyms.extend(string_list(v, file, &kk)?),
                "people" => {
                    let arr = v.as_array().ok_or_else(|| {
                        invalid(file, &kk, "expected a list of { name = ..., role = ... }")
                    })?;
                    for (n, p) in arr.iter().enumerate() {
                        let pk = format!("{id}.people[{n}]");
                        let pt = p.as_table().ok_or_else(|| {
                            invalid(file, &pk, "expected { name = ..., role = ... }")
                        })?;
                        people.push(parse_person(pt, file, &pk, id)?);
                    }
                }
                _ => {
                    return Err(invalid(
                        file,
                        &kk,
                        "unknown key (name, kind, aliases, demonyms, capitals, bodies, people)",
                    ))
                }
            }
        }
        if a.name.is_empty() {
            return Err(invalid(file, key, "missing `name`"));
        }
        a.names.insert(0, a.name.clone());
        push_actor(lex, a, file)?;
        for p in people {
            push_actor(lex, p, file)?;
        }
    }
    Ok(())
}

fn parse_person(
    t: &toml::Table,
    file: &str,
    key: &str,
    parent: &str,
) -> Result<ActorDef, LexiconError> {
    let mut name = String::new();
    let mut role = String::new();
    let mut id = None;
    let mut aliases = Vec::new();
    let mut surname_alias = true;
    for (k, v) in t {
        let kk = format!("{key}.{k}");
        match k.as_str() {
            "name" => name = string(v, file, &kk)?,
            "role" => role = string(v, file, &kk)?,
            "id" => id = Some(string(v, file, &kk)?),
            "aliases" => aliases = string_list(v, file, &kk)?,
            "surname" => {
                surname_alias = v
                    .as_bool()
                    .ok_or_else(|| invalid(file, &kk, "expected true or false"))?
            }
            _ => {
                return Err(invalid(
                    file,
                    &kk,
                    "unknown key (name, role, id, aliases, surname)",
                ))
            }
        }
    }
    if name.is_empty() {
        return Err(invalid(file, key, "missing `name`"));
    }
    let surname = name.split_whitespace().last().unwrap_or(&name).to_string();
    let id = id.unwrap_or_else(|| {
        name_key(&surname)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    });
    if !valid_id(&id) {
        return Err(invalid(
            file,
            key,
            format!("person id {id:?} is not lower-case ASCII; give an `id`"),
        ));
    }
    let mut names = vec![name.clone()];
    // A surname alone names the person only when it is distinctive enough ("Putin", not "Dan").
    if surname_alias && surname.chars().count() >= 4 {
        names.push(surname);
    }
    names.extend(aliases);
    Ok(ActorDef {
        id,
        name,
        kind: ActorKind::Person,
        parent: Some(parent.to_string()),
        role,
        names,
        demonyms: Vec::new(),
    })
}

fn push_actor(lex: &mut Lexicons, a: ActorDef, file: &str) -> Result<(), LexiconError> {
    if lex.by_id.contains_key(&a.id) {
        return Err(invalid(
            file,
            &a.id,
            "duplicate actor id (give the person an explicit `id`)",
        ));
    }
    lex.by_id.insert(a.id.clone(), lex.actors.len());
    lex.actors.push(a);
    Ok(())
}

fn parse_topics(table: &toml::Table, file: &str, lex: &mut Lexicons) -> Result<(), LexiconError> {
    for (id, v) in table {
        if !valid_id(id) {
            return Err(invalid(
                file,
                id,
                "topic ids are lower-case ASCII letters, digits, '_' or '-'",
            ));
        }
        let t = v
            .as_table()
            .ok_or_else(|| invalid(file, id, "expected a table ([id] with label, terms, ...)"))?;
        let mut label = id.replace('_', " ");
        let mut terms_text = Vec::new();
        let mut exclude = Vec::new();
        let mut near = Vec::new();
        for (k, v) in t {
            let kk = format!("{id}.{k}");
            match k.as_str() {
                "label" => label = string(v, file, &kk)?,
                "terms" => terms_text = string_list(v, file, &kk)?,
                "exclude" => exclude = string_list(v, file, &kk)?,
                "near" => near = string_list(v, file, &kk)?,
                _ => {
                    return Err(invalid(
                        file,
                        &kk,
                        "unknown key (label, terms, exclude, near)",
                    ))
                }
            }
        }
        if terms_text.is_empty() {
            return Err(invalid(
                file,
                id,
                "a topic needs at least one entry in `terms`",
            ));
        }
        let terms: Vec<Pattern> = terms_text
            .iter()
            .map(|s| Pattern::parse(s))
            .filter(|p| !p.0.is_empty())
            .collect();
        let near: Vec<Vec<String>> = near
            .iter()
            .map(|s| {
                term_words(s)
                    .into_iter()
                    .map(|w| w.stem)
                    .collect::<Vec<_>>()
            })
            .filter(|g: &Vec<String>| g.len() >= 2)
            .collect();
        lex.topics.push(TopicDef {
            id: id.clone(),
            label,
            terms_text,
            terms,
            exclude: exclude.iter().map(|s| Pattern::parse(s)).collect(),
            near,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every topic's patterns tried at every word, as tagging did before it looked
    /// patterns up by their first word.
    fn tag_every_pattern(lex: &Lexicons, words: &[TermWord]) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for t in &lex.topics {
            let mut masked = vec![false; words.len()];
            for ex in &t.exclude {
                for i in 0..words.len() {
                    if ex.matches_at(words, i) {
                        masked[i..i + ex.0.len()].iter_mut().for_each(|m| *m = true);
                    }
                }
            }
            let mut hits = (0..words.len())
                .filter(|&i| {
                    !masked[i]
                        && t.terms.iter().any(|p| {
                            p.matches_at(words, i) && !masked[i..i + p.0.len()].contains(&true)
                        })
                })
                .count() as u32;
            hits += t.near.iter().filter(|g| near_match(words, g)).count() as u32;
            if hits > 0 {
                out.push((t.id.clone(), hits));
            }
        }
        out
    }

    /// Looking patterns up by their first word tags every sentence of the bundled briefs and
    /// the `/position` fixtures as trying them all does.
    #[test]
    fn topics_found_by_first_word_are_those_every_pattern_finds() {
        let lex = Lexicons::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["briefs", "tests/fixtures/positions"] {
            files.extend(crate::ingest::collect_files(&[root.join(dir)]));
        }
        let mut tagged = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for line in text.lines() {
                for (from, to) in crate::sentences::split_sentences(line) {
                    let s = &line[from..to];
                    let words = term_words(s);
                    let found = lex.tag_topic_words(&words);
                    assert_eq!(found, tag_every_pattern(&lex, &words), "{s}");
                    tagged += usize::from(!found.is_empty());
                }
            }
        }
        assert!(tagged > 500, "only {tagged} sentences name a topic");
    }

    #[test]
    fn a_free_topics_expansion_is_made_once_and_remembered() {
        let lex = Lexicons::builtin();
        let made = std::cell::Cell::new(0);
        let expand = || {
            made.set(made.get() + 1);
            None
        };
        assert!(lex.related_of("war games", expand).is_none());
        assert!(lex
            .related_of("war games", || panic!("made again"))
            .is_none());
        assert_eq!(made.get(), 1);
        // Clones share what was made; another key is made anew.
        let again = lex.clone();
        assert!(again
            .related_of("war games", || panic!("made again"))
            .is_none());
        again.related_of("drills", expand);
        assert_eq!(made.get(), 2);
    }

    const A: &str = r#"
[russia]
name = "Russia"
aliases = ["Russian Federation"]
demonyms = ["Russian"]
capitals = ["Moscow"]
bodies = ["Kremlin"]
people = [{ name = "Vladimir Putin", role = "President" }]

[united_states]
name = "United States"
aliases = ["US", "U.S."]
"#;
    const T: &str = r#"
[troops]
terms = ["troops", "=forces", "boots on the ground"]
exclude = ["task force"]
near = ["military presence"]
"#;

    #[test]
    fn loads_and_resolves_names() {
        let lex = Lexicons::from_toml_strs(A, T).unwrap();
        assert_eq!(lex.resolve_actor_name("kremlin").unwrap().id, "russia");
        assert_eq!(lex.resolve_actor_name("Putin").unwrap().id, "putin");
        assert_eq!(lex.resolve_actor_name("russian").unwrap().id, "russia");
        assert_eq!(
            lex.resolve_actor_name("united states").unwrap().id,
            "united_states"
        );
        assert_eq!(
            lex.actor("putin").unwrap().parent.as_deref(),
            Some("russia")
        );
        assert_eq!(lex.resolve_topic("troop").unwrap().id, "troops");
        assert_eq!(
            lex.resolve_topic("boots on the ground").unwrap().id,
            "troops"
        );
    }

    /// A person's one-word name inside someone else's longer name is not theirs: "Silvio
    /// Costa Filho" and "Costa Rica" are not António Costa; a title or his own first name
    /// before it, or a verb after it, leaves it his.
    #[test]
    fn a_surname_inside_another_name_names_no_one() {
        let lex = Lexicons::builtin();
        let table: &[(&str, &[&str])] = &[
            ("Ports Minister Silvio Costa Filho said", &[]),
            ("Costa Rica said", &[]),
            ("President Costa said", &["costa"]),
            ("António Costa said", &["costa"]),
            ("Costa said", &["costa"]),
            ("On Monday Costa said", &["costa"]),
        ];
        for (text, want) in table {
            let toks = tokenize(text);
            let found: Vec<&str> = lex
                .mentions(&toks, 0, toks.len())
                .iter()
                .map(|m| lex.actor_at(m.actor).id.as_str())
                .collect();
            assert_eq!(found, *want, "{text}");
        }
    }

    #[test]
    fn short_acronyms_need_capitals() {
        let lex = Lexicons::from_toml_strs(A, T).unwrap();
        let text = "Us and US and U.S. officials";
        let toks = tokenize(text);
        let found: Vec<(&str, &str)> = lex
            .mentions(&toks, 0, toks.len())
            .iter()
            .map(|m| {
                let span = &text[toks[m.start].start..toks[m.end - 1].end];
                (span, lex.actor_at(m.actor).id.as_str())
            })
            .collect();
        // "Us" is the pronoun, not the country.
        assert_eq!(found, [("US", "united_states"), ("U.S.", "united_states")]);
    }

    #[test]
    fn topic_exclusions() {
        let lex = Lexicons::from_toml_strs(A, T).unwrap();
        assert!(lex.tag_topics("a task force on sanctions").is_empty());
        assert_eq!(lex.tag_topics("the deployment of troops").len(), 1);
        assert_eq!(
            lex.tag_topics("a foreign military presence would undermine peace")
                .len(),
            1
        );
        assert!(lex.tag_topics("Moscow was forced to act").is_empty());
    }

    /// The built-in topics, as a user names them and as briefs word them.
    #[test]
    fn builtin_topics_table() {
        let lex = Lexicons::builtin();
        let resolved: &[(&str, Option<&str>)] = &[
            ("spending", Some("defence_spending")),
            ("assets", Some("frozen_assets")),
            ("conscription", Some("mobilisation")),
            ("accession", Some("eu")),
            ("munitions", Some("military_aid")),
            ("cables", Some("cables")),
            ("sea", None),
            ("nuclear", None),
        ];
        for (input, want) in resolved {
            let got = lex.resolve_topic(input).map(|t| t.id.as_str());
            assert_eq!(got, *want, "resolve_topic({input:?})");
        }
        let tagged: &[(&str, &str, bool)] = &[
            (
                "the mine was one of hundreds laid since 2022",
                "mines",
                true,
            ),
            ("Sofia would contribute a minehunter", "mines", true),
            ("coal mining in Silesia", "mines", false),
            ("called up for military service", "mobilisation", true),
            (
                "the frozen Russian reserves at Euroclear",
                "frozen_assets",
                true,
            ),
            (
                "the army called up its military reserves",
                "frozen_assets",
                false,
            ),
            ("the navy moved naval assets north", "frozen_assets", false),
            ("damage to the Estlink 2 power cable", "cables", true),
            ("gas transit through Ukraine", "transit", false),
            (
                "the first freight trains on the transit route",
                "transit",
                true,
            ),
            (
                "denying the Red Cross access to detention sites",
                "eu",
                false,
            ),
            ("Moldova's accession to the bloc", "eu", true),
        ];
        for (text, topic, want) in tagged {
            let got = lex.tag_topics(text).iter().any(|(t, _)| t == topic);
            assert_eq!(got, *want, "{topic} in {text:?}");
        }
    }

    #[test]
    fn errors_name_file_and_key() {
        let e = Lexicons::from_toml_strs("[russia]\nnmae = \"Russia\"\n", T)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("actors.toml") && e.contains("russia.nmae"),
            "{e}"
        );
        let e = Lexicons::from_toml_strs(A, "[x]\nterms = 3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("topics.toml") && e.contains("x.terms"), "{e}");
        let e = Lexicons::from_toml_strs(
            "[a]\nname = \"A\"\npeople = [{ name = \"Jo\" }, { name = \"Jo\" }]\n",
            T,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("duplicate"), "{e}");
    }

    #[test]
    fn builtin_lexicons_are_valid() {
        let lex = Lexicons::builtin();
        assert!(lex.actor("russia").is_some());
        assert!(lex.version().starts_with(engine_version()));
    }
}
