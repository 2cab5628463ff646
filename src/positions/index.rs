//! Answering `/position <actor> <topic>` from claims held in memory, and the autocomplete
//! suggestions for both options (Discord gives autocomplete no time to touch the disk).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use strsim::jaro_winkler;

use super::lexicon::{ActorKind, Lexicons};
use super::related::{Related, RelatedMatch};
use super::text::{name_key, term_words};
use super::{Claim, ClaimRef, ClaimTerms, Stance, CONTEXT_MARK};
use crate::wordlists::TOPIC_STOPWORDS;

mod saved;
pub use saved::{Saved, SavedIndexError, SavedRead, SAVED_INDEX_FILE};

const MAX_SUGGESTIONS: usize = 25;
const MAX_DID_YOU_MEAN: usize = 5;
const MAX_OTHERS: usize = 8;

/// What a reply shows of a claim. The index keeps this much of each claim, with the
/// strings many claims repeat (brief id, section, speaker) shared; the claim's actors,
/// topics and stems live in the index's flat arrays. Its words may be left in the store
/// (see [`StatementText`]): read them with [`PositionIndex::text`].
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub brief_id: Arc<str>,
    pub brief_date: NaiveDate,
    pub section: Arc<str>,
    pub sentence_index: u32,
    pub text: StatementText,
    pub speaker: Arc<str>,
    pub stance: Stance,
    pub from_context: bool,
}

/// A statement's words: held by the index, or left in the store that already holds them
/// and read back for the few a reply shows (an index over a library holds tens of
/// thousands of statements, and a page shows eight). A stored text is known by its hash,
/// which finds it among its sentence's claims and tells two claims' words apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementText {
    Held(Box<str>),
    Stored { hash: u64, chars: u32 },
}

impl StatementText {
    fn chars(&self) -> u32 {
        match self {
            StatementText::Held(t) => t.chars().count() as u32,
            StatementText::Stored { chars, .. } => *chars,
        }
    }
}

/// The hash a stored statement's text is known by (see [`StatementText::Stored`]).
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// Reads a stored statement's text back: given the brief id, the sentence index and the
/// text's hash, the text, `None` when the brief no longer holds that statement, or an
/// error (already logged by the source) when the store could not be read.
#[derive(Clone)]
pub struct TextSource(Arc<ReadText>);

type ReadText = dyn Fn(&str, u32, u64) -> Result<Option<String>, ReadFailed> + Send + Sync;

/// The store could not be read for a statement's text; the source logged why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadFailed;

impl TextSource {
    pub fn new(
        read: impl Fn(&str, u32, u64) -> Result<Option<String>, ReadFailed> + Send + Sync + 'static,
    ) -> Self {
        TextSource(Arc::new(read))
    }
}

impl std::fmt::Debug for TextSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextSource")
    }
}

/// Shown for a stored statement whose brief changed after the index was built: the
/// rebuilt index (moments away) shows the new words.
pub const TEXT_GONE: &str = "(this brief was updated since; ask again for its current words)";

/// Shown for a stored statement whose text the store could not give (logged as a warning).
pub const TEXT_UNREADABLE: &str = "(this statement could not be read from the library)";

/// One claim in an answer and how well it answers. The statement is shared with the
/// index, so an answer with thousands of hits copies no text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub statement: Arc<Statement>,
    pub score: f32,
    /// Characters in the claim's speaker and text, counted once when indexed: a reply
    /// measures every hit to number its pages, and there can be thousands.
    pub speaker_chars: u32,
    pub text_chars: u32,
    /// Empty for a claim that holds the topic's own words; else the related words it
    /// matched through ("exercise" for "war games"), and it ranks after every exact one.
    pub related: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PositionAnswer {
    /// Ranked: most relevant first, then newest.
    Found {
        actor_label: String,
        topic_label: String,
        hits: Vec<Hit>,
    },
    /// Nobody by that name in the lexicon or among the briefs' speakers.
    UnknownActor {
        input: String,
        did_you_mean: Vec<String>,
    },
    /// The actor exists but has said nothing on record about the topic.
    Nothing {
        actor_label: String,
        topic_label: String,
        other_topics_for_actor: Vec<String>,
        other_actors_for_topic: Vec<String>,
    },
}

#[derive(Debug, Clone)]
enum TopicQuery {
    All,
    Known {
        id: String,
        stems: Vec<String>,
    },
    Free {
        stems: Vec<String>,
        /// The words' related words from WordNet (`None`: no WordNet, or none found).
        related: Option<Arc<Related>>,
    },
}

impl TopicQuery {
    fn stems(&self) -> &[String] {
        match self {
            TopicQuery::All => &[],
            TopicQuery::Known { stems, .. } | TopicQuery::Free { stems, .. } => stems,
        }
    }

    /// How well a claim answers this topic before the bonuses (`None`: it does not): the
    /// one rule both the index and [`TopicFilter`] apply. `named` is how often the claim
    /// names the known topic (`None`: not at all); `found(false)` counts the query's stems
    /// the claim holds, `found(true)` those it holds or answers from context (its stems
    /// marked [`CONTEXT_MARK`]); `in_context` says whether it answers the known topic from
    /// context. Each is asked only when the rule needs it. A free-text topic that the
    /// claim does not answer with its own words may still match through related words
    /// (`stems`: the claim's stems as stored), scored below everything exact.
    fn score(
        &self,
        named: Option<u32>,
        mut found: impl FnMut(bool) -> usize,
        in_context: impl FnOnce() -> bool,
        related_match: impl FnOnce(&Related) -> Option<RelatedMatch>,
    ) -> Option<f32> {
        match self {
            TopicQuery::All => Some(1.0),
            TopicQuery::Known { stems, .. } => {
                if let Some(n) = named {
                    Some(3.0 + 0.25 * n.min(4) as f32)
                } else if found(false) == stems.len() {
                    Some(2.5)
                } else if in_context() || found(true) == stems.len() {
                    Some(CONTEXT_SCORE)
                } else {
                    None
                }
            }
            TopicQuery::Free { stems, related } => {
                let need = free_need(stems.len());
                let direct = found(false);
                if direct >= need {
                    Some(2.0 + direct as f32 / stems.len() as f32)
                } else if found(true) >= need {
                    Some(CONTEXT_SCORE)
                } else {
                    related_match(related.as_ref()?).map(|m| match m.from_context {
                        false => RELATED_BASE + RELATED_SPAN * m.weight,
                        true => RELATED_CONTEXT_BASE + RELATED_CONTEXT_SPAN * m.weight,
                    })
                }
            }
        }
    }
}

/// A topic as a query resolves it, to test claims that are not in an index (the store's
/// scans): it agrees with the index's scoring on which claims answer.
#[derive(Debug, Clone)]
pub struct TopicFilter {
    q: TopicQuery,
    /// Topics the query's one word may turn out to mean once the actor's claims are seen
    /// ([`PositionIndex::topic_this_actor_means`]): a claim answering any of them is kept.
    also: Vec<TopicQuery>,
    /// The query's distinct stems, found in one pass over a claim's stems.
    words: Option<AhoCorasick>,
    /// The same marked as context ([`CONTEXT_MARK`]), looked for only when the claim's own
    /// words do not answer: one pattern alone is searched much faster than two.
    context_words: Option<AhoCorasick>,
    /// Per query stem (in order, repeats included): its pattern in `words`.
    pattern_of: Vec<usize>,
}

impl TopicFilter {
    fn new(q: TopicQuery, also: Vec<TopicQuery>) -> TopicFilter {
        let mut distinct: Vec<&str> = Vec::new();
        let pattern_of = q
            .stems()
            .iter()
            .map(|s| match distinct.iter().position(|d| d == s) {
                Some(k) => k,
                None => {
                    distinct.push(s);
                    distinct.len() - 1
                }
            })
            .collect();
        let searcher = |patterns: Vec<String>| {
            (!patterns.is_empty() && patterns.len() <= 64)
                .then(|| AhoCorasick::new(&patterns).ok())
                .flatten()
        };
        let words = searcher(distinct.iter().map(|d| d.to_string()).collect());
        let context_words = searcher(
            distinct
                .iter()
                .map(|d| format!("{CONTEXT_MARK}{d}"))
                .collect(),
        );
        TopicFilter {
            q,
            also,
            words,
            context_words,
            pattern_of,
        }
    }

    /// Which of `ac`'s patterns the claim's stems hold as whole words (bit `k`: the `k`th).
    fn found(ac: &AhoCorasick, stems: &[u8]) -> u64 {
        let mut bits = 0u64;
        for m in ac.find_overlapping_iter(stems) {
            let whole = (m.start() == 0 || stems[m.start() - 1] == b' ')
                && stems.get(m.end()).is_none_or(|&c| c == b' ');
            if whole {
                bits |= 1 << m.pattern().as_usize();
            }
        }
        bits
    }

    /// How the index would score the claim for `q` before its bonuses; `None`: it does
    /// not answer. `q` is the query or one of `also`, which share its stems. Without
    /// `context`, words the claim answers from context are not looked at.
    fn score(&self, q: &TopicQuery, t: &ClaimTerms, context: bool) -> Option<f32> {
        let stems = t.stems;
        let known = match q {
            TopicQuery::Known { id, .. } => Some(id.as_str()),
            _ => None,
        };
        // Mentions are not kept with the terms; any count ranks above what is asked here.
        let named = known.filter(|id| t.topics.contains(id)).map(|_| 0);
        let (mut own, mut in_ctx) = (None, None);
        let found = |with_context: bool| match (&self.words, &self.context_words) {
            (Some(words), Some(context_words)) => {
                let own = *own.get_or_insert_with(|| Self::found(words, stems));
                let in_ctx = if with_context && context {
                    *in_ctx.get_or_insert_with(|| Self::found(context_words, stems))
                } else {
                    0
                };
                self.pattern_of
                    .iter()
                    .filter(|&&k| (own | in_ctx) & (1 << k) != 0)
                    .count()
            }
            // More than 64 distinct words: one by one.
            _ => {
                let words = String::from_utf8_lossy(stems);
                q.stems()
                    .iter()
                    .filter(|s| {
                        has_word(&words, s)
                            || with_context
                                && context
                                && has_word(&words, &format!("{CONTEXT_MARK}{s}"))
                    })
                    .count()
            }
        };
        let in_context = || known.is_some_and(|id| t.context_topics.contains(&id));
        q.score(named, found, in_context, |r| match context {
            true => r.matches_in_context(stems),
            false => r.matches(own_stem_bytes(stems)),
        })
    }

    /// Whether `query` would list the claim.
    pub fn answers(&self, t: &ClaimTerms) -> bool {
        std::iter::once(&self.q)
            .chain(&self.also)
            .any(|q| self.score(q, t, true).is_some())
    }

    /// Whether the claim speaks on the topic itself, not only from context: what counts
    /// its actors among those who "have spoken" on it. Context never scores above
    /// [`SPOKEN_ON`], so it is not looked at.
    pub fn speaks_on(&self, t: &ClaimTerms) -> bool {
        // Related words never score above it either: leaving them out spares the scan of
        // every stored claim a second search.
        let q = match &self.q {
            TopicQuery::Free {
                stems,
                related: Some(_),
            } => &TopicQuery::Free {
                stems: stems.clone(),
                related: None,
            },
            q => q,
        };
        self.score(q, t, false).is_some_and(|s| s > SPOKEN_ON)
    }
}

/// Scores above this name the topic or hold its words; below, only the context answers it.
const SPOKEN_ON: f32 = 1.5;
/// What a claim scores that answers the topic only from context.
const CONTEXT_SCORE: f32 = 1.0;
/// What a claim matched only through related words scores: from the base up to base +
/// span, by the match's weight. With the ranking bonuses (at most +0.2) it stays below
/// an exact claim's lowest (context, less 0.2), so related claims always come after.
const RELATED_BASE: f32 = 0.2;
const RELATED_SPAN: f32 = 0.3;
const RELATED_CEIL: f32 = RELATED_BASE + RELATED_SPAN;
/// What a claim scores whose related words are only those it answers from context (its
/// paragraph's event, its story's title): below those it holds, as context is below exact.
const RELATED_CONTEXT_BASE: f32 = 0.05;
const RELATED_CONTEXT_SPAN: f32 = 0.1;

/// A claim's own stems, without those marked as context.
pub(super) fn own_stem_bytes(stems: &[u8]) -> &[u8] {
    match stems.iter().position(|&b| b == CONTEXT_MARK as u8) {
        Some(k) => stems[..k].trim_ascii_end(),
        None => stems,
    }
}

/// Query words a claim must hold for a free-text topic: all of up to two, one fewer of more.
fn free_need(words: usize) -> usize {
    if words >= 3 {
        words - 1
    } else {
        words
    }
}

/// What a "Nothing on record" answer lists besides, counted where the claims are (the
/// command line scans the store instead of building the full index).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Elsewhere {
    /// Topic id -> the asked actor's claims naming it.
    pub topics_of_actor: HashMap<String, usize>,
    /// Actor id -> claims speaking on the topic that name it; the asked actor left out.
    pub actors_on_topic: HashMap<String, usize>,
}

/// What actor resolution and the suggestions need to know about the whole library, without
/// its claims: small enough to keep in the store and read for one command-line query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PositionSummary {
    /// Actor id -> claims naming it (as many times as the claim lists it).
    pub actor_claims: HashMap<String, usize>,
    /// Speakers the lexicon does not know: id (folded name) -> name as first written.
    pub discovered: HashMap<String, String>,
    /// Topic id -> claims naming it.
    pub topic_claims: HashMap<String, usize>,
}

impl PositionSummary {
    /// Counts one claim's speaker, actors and topics. Claims must come in index order (brief
    /// id, then reading order), which decides whose spelling names a discovered speaker.
    pub fn add(
        &mut self,
        lex: &Lexicons,
        speaker: &str,
        actors: &[impl AsRef<str>],
        topics: &[impl AsRef<str>],
    ) {
        for a in actors.iter().map(AsRef::as_ref) {
            count(&mut self.actor_claims, a);
            if lex.actor(a).is_none() && !self.discovered.contains_key(a) {
                self.discovered
                    .insert(a.to_string(), written_name(speaker, a));
            }
        }
        for t in topics {
            count(&mut self.topic_claims, t.as_ref());
        }
    }
}

/// One more claim for `name`, copying the name only the first time it is counted: a build
/// counts every claim's actors and topics, nearly all of them seen before.
fn count(counts: &mut HashMap<String, usize>, name: &str) {
    match counts.get_mut(name) {
        Some(n) => *n += 1,
        None => {
            counts.insert(name.to_string(), 1);
        }
    }
}

/// Which claims an index holds.
#[derive(Debug, Clone, PartialEq)]
enum Scope {
    /// Every claim in the library.
    All,
    /// Only one actor's (the command line loads no more than a query needs).
    Actor(String),
    /// None: enough to resolve names and suggest, not to answer.
    Summary,
}

/// Claims indexed by actor, plus everything the suggestions need.
#[derive(Debug, Clone)]
pub struct PositionIndex {
    lex: Lexicons,
    statements: Vec<Arc<Statement>>,
    /// Claim `i`'s stems (as in [`Claim::stems`], context stems marked) are
    /// `stems_flat[stems_at[i]..stems_at[i + 1]]`, numbered as in `stem_names`, own stems
    /// first and each part sorted.
    stems_at: Vec<u32>,
    stems_flat: Vec<u32>,
    stem_ids: FxHashMap<Box<str>, u32>,
    stem_names: Vec<Box<str>>,
    /// Per stem number: whether it is a stem in context ([`CONTEXT_MARK`]), which a claim
    /// lists after its own.
    context_stem: Vec<bool>,
    /// Per claim: the first claim quoting the same words of the same sentence of the same
    /// brief, or `NO_TWIN` when no other claim does (then no duplicate check is needed).
    twin_of: Vec<u32>,
    by_actor: HashMap<String, Vec<u32>>,
    summary: PositionSummary,
    scope: Scope,
    /// What scoring and ranking read, per claim and side by side, so a query over tens of
    /// thousands of claims walks flat arrays instead of chasing each claim's strings.
    rank: Vec<RankKey>,
    /// Claim `i`'s actors are `actors_flat[actors_at[i]..actors_at[i + 1]]`, numbered as
    /// in `actor_names` (`actor_ids` the other way).
    actors_at: Vec<u32>,
    actors_flat: Vec<u32>,
    actor_ids: HashMap<String, u32>,
    actor_names: Vec<String>,
    /// Claim `i`'s topics are `topics_flat[topics_at[i]..topics_at[i + 1]]` (id, mentions).
    topics_at: Vec<u32>,
    topics_flat: Vec<(u16, u32)>,
    context_at: Vec<u32>,
    context_flat: Vec<u16>,
    topic_ids: HashMap<String, u16>,
    topic_names: Vec<String>,
    /// Full index only: one actor's claims are few enough to scan.
    postings: Option<Postings>,
    /// For one actor's index: the other lists of a "Nothing on record" answer to this
    /// topic, counted outside (an actor's claims do not tell who else spoke).
    elsewhere: Option<(String, Elsewhere)>,
    /// Where statements' texts left in the store are read back (none: all are held).
    texts: Option<TextSource>,
}

/// Which claims hold a stem or name a topic, each list ascending.
#[derive(Debug, Clone)]
struct Postings {
    /// By stem number (`stem_ids`).
    stems: Vec<Vec<u32>>,
    /// By topic number (`topic_ids`).
    topics: Vec<Vec<u32>>,
}

impl Postings {
    /// The postings of `n` claims, from each claim's stems and topics as ranges (`at`) of a
    /// flat list, and how many stems and topics there are. Apart from the builder, so that
    /// reading a saved index can make them on another thread meanwhile.
    fn of(
        n: usize,
        (stems_at, stems_flat, stem_count): (&[u32], &[u32], usize),
        (topics_at, topics_flat, topic_count): (&[u32], &[(u16, u32)], usize),
    ) -> Postings {
        let mut stems: Vec<Vec<u32>> = vec![Vec::new(); stem_count];
        for i in 0..n {
            for &w in &stems_flat[stems_at[i] as usize..stems_at[i + 1] as usize] {
                stems[w as usize].push(i as u32);
            }
        }
        let mut topics: Vec<Vec<u32>> = vec![Vec::new(); topic_count];
        for i in 0..n {
            for &(t, _) in &topics_flat[topics_at[i] as usize..topics_at[i + 1] as usize] {
                topics[t as usize].push(i as u32);
            }
        }
        stems.iter_mut().for_each(|v| v.shrink_to_fit());
        topics.iter_mut().for_each(|v| v.shrink_to_fit());
        Postings { stems, topics }
    }
}

/// Claim order within a score: newest brief first, then brief id, then reading order.
#[derive(Debug, Clone, Copy)]
struct RankKey {
    days: i32,
    brief_rank: u32,
    sentence: u32,
    /// Not a plain statement (it rejects, warns...): ranked a little higher.
    marked: bool,
    from_context: bool,
    speaker_chars: u32,
    text_chars: u32,
}

const NO_TWIN: u32 = u32::MAX;

impl PositionIndex {
    /// How many claims the index holds.
    pub fn claims_held(&self) -> usize {
        self.statements.len()
    }

    /// A statement's words, read back from the store when the index left them there.
    pub fn text<'a>(&self, st: &'a Statement) -> std::borrow::Cow<'a, str> {
        match &st.text {
            StatementText::Held(t) => std::borrow::Cow::Borrowed(t),
            StatementText::Stored { hash, .. } => {
                let read = match &self.texts {
                    Some(src) => (src.0)(&st.brief_id, st.sentence_index, *hash),
                    None => Err(ReadFailed),
                };
                match read {
                    Ok(Some(text)) => std::borrow::Cow::Owned(text),
                    Ok(None) => std::borrow::Cow::Borrowed(TEXT_GONE),
                    Err(ReadFailed) => std::borrow::Cow::Borrowed(TEXT_UNREADABLE),
                }
            }
        }
    }

    /// An index over every claim. Claims made by `analyze` carry their stems and topic
    /// counts, so this only arranges them; others (older records) get them computed here.
    pub fn new(lex: Lexicons, claims: Vec<Claim>) -> PositionIndex {
        let mut b = PositionIndex::builder(lex);
        for c in claims {
            b.push(c);
        }
        b.finish()
    }

    /// A full index built a claim at a time: see [`IndexBuilder`].
    pub fn builder(lex: Lexicons) -> IndexBuilder {
        IndexBuilder::new(lex, Scope::All, None)
    }

    /// An index that knows the library only by its summary: it resolves actor names, says
    /// "did you mean", splits the text form and suggests, but answers nothing until an
    /// actor's claims are added with [`PositionIndex::with_actor_claims`].
    pub fn from_summary(lex: Lexicons, summary: PositionSummary) -> PositionIndex {
        IndexBuilder::new(lex, Scope::Summary, Some(summary)).finish()
    }

    /// This summary index with every claim of `actor_id` (in index order) loaded: enough to
    /// answer any query about that actor that finds something (see [`Self::can_answer`]).
    pub fn with_actor_claims(self, actor_id: &str, claims: Vec<Claim>) -> PositionIndex {
        let mut b = self.actor_builder(actor_id);
        for c in claims {
            b.push(c);
        }
        b.finish()
    }

    /// A builder for [`Self::with_actor_claims`], to be given the claims one at a time.
    pub fn actor_builder(self, actor_id: &str) -> IndexBuilder {
        IndexBuilder::new(
            self.lex,
            Scope::Actor(actor_id.to_string()),
            Some(self.summary),
        )
    }

    /// What the answer to `(actor, topic)` lists when the loaded actor's claims hold
    /// nothing on `topic`, counted by the caller over all claims (see [`Elsewhere`]).
    pub fn with_elsewhere(mut self, topic: &str, elsewhere: Elsewhere) -> PositionIndex {
        self.elsewhere = Some((topic.to_string(), elsewhere));
        self
    }

    /// The topic as this index resolves it, to pick claims outside it.
    pub fn topic_filter(&self, topic: &str) -> TopicFilter {
        let q = self.resolve_topic(topic).0;
        let also: Vec<TopicQuery> = self
            .topics_in_label(&q)
            .into_iter()
            .map(|t| TopicQuery::Known {
                id: t.id.clone(),
                stems: q.stems().to_vec(),
            })
            .collect();
        TopicFilter::new(q, also)
    }

    /// This index with the claims of the given briefs swapped for their new analysis (new
    /// briefs, re-ingested revisions), rebuilt once for the whole batch. The statements of
    /// the others are shared, not copied.
    pub fn with_briefs_replaced(&self, briefs: Vec<(String, Vec<Claim>)>) -> PositionIndex {
        let ids: HashSet<&str> = briefs.iter().map(|(id, _)| id.as_str()).collect();
        let mut b = PositionIndex::builder(self.lex.clone());
        b.texts = self.texts.clone();
        for (i, st) in self.statements.iter().enumerate() {
            if !ids.contains(&*st.brief_id) {
                b.push_from(self, i);
            }
        }
        for (_, new) in briefs {
            for c in new {
                b.push(c);
            }
        }
        b.finish()
    }

    /// What the index holds of each claim (all of them unless built for one actor).
    pub fn statements(&self) -> &[Arc<Statement>] {
        &self.statements
    }

    /// Claim `i`'s stem numbers, own stems first, then those it answers from context.
    fn claim_stems(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        self.stems_flat[self.stems_at[i] as usize..self.stems_at[i + 1] as usize]
            .iter()
            .copied()
    }

    /// The counts and names every suggestion is drawn from.
    pub fn summary(&self) -> &PositionSummary {
        &self.summary
    }

    /// Whether `query(actor, topic)` gives here the answer a full index would: always for
    /// a full index and for unknown actors; for one actor's claims, when something is found
    /// (a "Nothing on record" answer lists who else spoke, which needs every claim).
    pub fn can_answer(&self, actor: &str, topic: &str) -> bool {
        let Some(id) = self.resolve_actor(actor) else {
            return true;
        };
        match &self.scope {
            Scope::All => true,
            Scope::Summary => false,
            Scope::Actor(loaded) if *loaded != id => false,
            Scope::Actor(_) if self.elsewhere.as_ref().is_some_and(|(t, _)| t == topic) => true,
            Scope::Actor(_) => {
                let (q, _) = self.resolve_topic(topic);
                let mut scorer = self.scorer(&q);
                matches!(q, TopicQuery::All)
                    || self
                        .actor_claims(&id)
                        .iter()
                        .any(|&i| scorer.score(i as usize).is_some())
            }
        }
    }

    /// The actor id a user's words name, if any.
    pub fn actor_id(&self, input: &str) -> Option<String> {
        self.resolve_actor(input)
    }

    fn actor_claims(&self, id: &str) -> &[u32] {
        self.by_actor.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The display name of an actor id (configured or discovered).
    pub fn actor_label(&self, id: &str) -> String {
        if let Some(a) = self.lex.actor(id) {
            return a.name.clone();
        }
        self.summary
            .discovered
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub fn topic_label(&self, id: &str) -> String {
        self.lex
            .topic(id)
            .map(|t| t.label.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn resolve_actor(&self, input: &str) -> Option<String> {
        if let Some(a) = self.lex.resolve_actor_name(input) {
            return Some(a.id.clone());
        }
        let key = name_key(input);
        if key.is_empty() {
            return None;
        }
        if self.summary.discovered.contains_key(&key) {
            return Some(key);
        }
        // One word that ends the names of one configured actor only: "commission" is the
        // European Commission's EU. Asked only of the query, never of brief text, where
        // "the Central Election Commission" must not become the EU.
        if !key.contains(' ') {
            let mut owners = self
                .lex
                .name_keys()
                .filter(|(name, _)| name.rsplit_once(' ').is_some_and(|(_, last)| last == key))
                .map(|(_, i)| i);
            if let Some(first) = owners.next() {
                if owners.all(|i| i == first) {
                    return Some(self.lex.actor_at(first).id.clone());
                }
            }
        }
        // A surname or part of a discovered name ("fico" -> "robert fico").
        let words: Vec<&str> = key.split(' ').collect();
        self.summary
            .discovered
            .keys()
            .filter(|d| {
                let dw: Vec<&str> = d.split(' ').collect();
                words.iter().all(|w| dw.contains(w))
            })
            .max_by_key(|d| (self.claim_count(d), std::cmp::Reverse((*d).clone())))
            .cloned()
    }

    fn resolve_topic(&self, input: &str) -> (TopicQuery, String) {
        let stems: Vec<String> = term_words(input)
            .into_iter()
            .filter(|w| !TOPIC_STOPWORDS.contains(&w.form))
            .map(|w| w.stem)
            .collect();
        if stems.is_empty() {
            return (TopicQuery::All, "everything".into());
        }
        if let Some(t) = self.lex.resolve_topic(input) {
            return (
                TopicQuery::Known {
                    id: t.id.clone(),
                    stems,
                },
                t.label.clone(),
            );
        }
        // A misspelt topic name ("troups", "sanctons") still finds the configured topic.
        let key = name_key(input);
        let key = key.as_str();
        let close = self
            .lex
            .topic_keys()
            .map(|(t, name)| (t, jaro_winkler(name, key), one_slip(name, key)))
            .filter(|&(_, s, slip)| s >= 0.93 || slip)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((t, _, _)) = close {
            return (
                TopicQuery::Known {
                    id: t.id.clone(),
                    stems,
                },
                t.label.clone(),
            );
        }
        let related = self.lex.wordnet().and_then(|wn| {
            let words: Vec<_> = term_words(input)
                .into_iter()
                .filter(|w| !TOPIC_STOPWORDS.contains(&w.form))
                .collect();
            let key: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
            self.lex.related_of(&key.join(" "), || {
                let is_name = |w: &str| self.lex.resolve_actor_name(w).is_some();
                match Related::expand(wn, &words, &is_name) {
                    Ok(r) if !r.is_empty() => Some(Arc::new(r)),
                    Ok(_) => None,
                    Err(e) => {
                        // A damaged database answers as if it were not there.
                        tracing::warn!(error = %e, "WordNet could not be read");
                        None
                    }
                }
            })
        });
        (
            TopicQuery::Free { stems, related },
            input.trim().to_string(),
        )
    }

    /// One word of topics' labels ("nuclear": nuclear weapons, nuclear plant; "peace": peace
    /// talks) means the one this actor speaks about most, if the actor speaks about any;
    /// the word itself still matches either way.
    fn topic_this_actor_means(
        &self,
        q: TopicQuery,
        label: String,
        actor_id: &str,
    ) -> (TopicQuery, String) {
        let claims = self.actor_claims(actor_id);
        let labels = self.topics_in_label(&q);
        // A word of one label only ("peace" of "peace talks") is weaker evidence than one of
        // several: it means that topic when the actor's claims on it hold the word (their
        // own words or those they answer from context), not, say, only a "deal" of another
        // kind the topic's terms also take.
        let word = match (labels.as_slice(), q.stems()) {
            ([_], [stem]) => match self.stem_ids.get(stem.as_str()) {
                Some(&n) => Some(n),
                None => return (q, label),
            },
            _ => None,
        };
        // The most claims wins; a tie goes to the topic listed first.
        let mut best: Option<(usize, &super::lexicon::TopicDef)> = None;
        for t in labels {
            let Some(&n) = self.topic_ids.get(&t.id) else {
                continue;
            };
            let count = claims
                .iter()
                .filter(|&&i| {
                    let i = i as usize;
                    self.claim_topics(i).iter().any(|&(t, _)| t == n)
                        || self.claim_context(i).contains(&n)
                })
                .filter(|&&i| word.is_none_or(|w| self.claim_stems(i as usize).any(|s| s == w)))
                .count();
            if count > 0 && best.is_none_or(|(c, _)| count > c) {
                best = Some((count, t));
            }
        }
        match best {
            Some((_, t)) => (
                TopicQuery::Known {
                    id: t.id.clone(),
                    stems: q.stems().to_vec(),
                },
                t.label.clone(),
            ),
            None => (q, label),
        }
    }

    /// The topics whose labels hold a one-word free query's word ("peace": peace talks).
    fn topics_in_label(&self, q: &TopicQuery) -> Vec<&super::lexicon::TopicDef> {
        let TopicQuery::Free { stems, .. } = q else {
            return Vec::new();
        };
        let [stem] = stems.as_slice() else {
            return Vec::new();
        };
        self.lex
            .topics()
            .iter()
            .filter(|t| term_words(&t.label).iter().any(|w| &w.stem == stem))
            .collect()
    }

    fn scorer<'a>(&'a self, q: &'a TopicQuery) -> Scorer<'a> {
        let topic = match q {
            TopicQuery::Known { id, .. } => self.topic_ids.get(id).copied(),
            _ => None,
        };
        let stems = q.stems();
        // Only claims holding one of the related words can match through them: the
        // postings name those, so the others skip the related test, a scan each.
        let related_claims = match (q, &self.postings) {
            (
                TopicQuery::Free {
                    related: Some(r), ..
                },
                Some(p),
            ) => {
                // A bit per claim: marking is linear in the postings, a test is one load.
                let mut bits = vec![0u64; self.statements.len().div_ceil(64)];
                for pat in r.patterns() {
                    let stem = pat.split(' ').next().unwrap_or("");
                    let in_context = format!("{CONTEXT_MARK}{stem}");
                    for &i in self
                        .posting(p, stem)
                        .iter()
                        .chain(self.posting(p, &in_context))
                    {
                        bits[i as usize / 64] |= 1 << (i % 64);
                    }
                }
                Some(bits)
            }
            _ => None,
        };
        // Each stem's number, then its number in context.
        let numbers: Vec<Option<u32>> = stems
            .iter()
            .map(|s| self.stem_ids.get(s.as_str()).copied())
            .chain(stems.iter().map(|s| {
                self.stem_ids
                    .get(format!("{CONTEXT_MARK}{s}").as_str())
                    .copied()
            }))
            .collect();
        Scorer {
            idx: self,
            q,
            topic,
            related_claims,
            lists: self.postings.as_ref().map(|p| {
                numbers
                    .iter()
                    .map(|n| (n.map_or(&[][..], |n| p.stems[n as usize].as_slice()), 0))
                    .collect()
            }),
            numbers,
            patterns_of: self.pattern_numbers(q),
            found: Vec::new(),
        }
    }

    /// For a free-text topic with related words, the related pattern each stem number
    /// is, in a claim's own words or in context: claims are then matched by their stem
    /// numbers, their stems never spelt out.
    fn pattern_numbers(&self, q: &TopicQuery) -> FxHashMap<u32, usize> {
        match q {
            TopicQuery::Free {
                related: Some(r), ..
            } => r
                .patterns()
                .iter()
                .enumerate()
                .flat_map(|(p, stem)| {
                    let own = self.stem_ids.get(stem.as_str());
                    let context = self.stem_ids.get(format!("{CONTEXT_MARK}{stem}").as_str());
                    [own, context].into_iter().flatten().map(move |&n| (n, p))
                })
                .collect(),
            _ => FxHashMap::default(),
        }
    }

    /// How claim `i` matches `r` through its own stems, or failing those, through them and
    /// those it answers from context (as [`Related::matches_in_context`]).
    fn related_match(
        &self,
        r: &Related,
        patterns_of: &FxHashMap<u32, usize>,
        found: &mut Vec<bool>,
        i: usize,
    ) -> Option<RelatedMatch> {
        found.clear();
        found.resize(r.patterns().len(), false);
        // Own stems come first: at the first stem in context, a match of the own ones is
        // the answer; past it, a match is through context.
        let (mut any, mut in_context) = (false, false);
        for s in self.claim_stems(i) {
            if self.context_stem[s as usize] && !in_context {
                if let Some(m) = any.then(|| r.matches_found(found)).flatten() {
                    return Some(m);
                }
                in_context = true;
            }
            if let Some(&p) = patterns_of.get(&s) {
                found[p] = true;
                any = true;
            }
        }
        let mut m = any.then(|| r.matches_found(found)).flatten()?;
        m.from_context = in_context;
        Some(m)
    }

    /// The claims holding `stem`, ascending.
    fn posting<'p>(&self, p: &'p Postings, stem: &str) -> &'p [u32] {
        self.stem_ids
            .get(stem)
            .map_or(&[], |&n| p.stems[n as usize].as_slice())
    }

    pub fn query(&self, actor: &str, topic: &str) -> PositionAnswer {
        let Some(actor_id) = self.resolve_actor(actor) else {
            return PositionAnswer::UnknownActor {
                input: actor.trim().to_string(),
                did_you_mean: self.did_you_mean(actor),
            };
        };
        let actor_label = self.actor_label(&actor_id);
        let (q, topic_label) = self.resolve_topic(topic);
        let (q, topic_label) = self.topic_this_actor_means(q, topic_label, &actor_id);
        // Scored by position; claims are shared into the answer only once ranked.
        let mut scored: Vec<(u128, u32, f32)> = Vec::new();
        let mut seen = HashSet::new();
        let mut scorer = self.scorer(&q);
        let number = self.actor_ids.get(&actor_id).copied();
        for &i in self.actor_claims(&actor_id) {
            let i = i as usize;
            let Some(mut score) = scorer.score(i) else {
                continue;
            };
            if self.twin_of[i] != NO_TWIN && !seen.insert(self.twin_of[i]) {
                continue;
            }
            let r = &self.rank[i];
            if r.marked {
                score += 0.1;
            }
            if r.from_context {
                score -= 0.2;
            }
            if self.actors_of(i).first().copied() == number {
                score += 0.1;
            }
            // One integer orders by score (high first), date (new first), brief id and
            // sentence; the claim's position breaks the remaining ties, as a stable sort
            // would.
            let key = (u128::from(desc_f32(score)) << 96)
                | (u128::from(!(r.days as u32 ^ 0x8000_0000)) << 64)
                | (u128::from(r.brief_rank) << 32)
                | u128::from(r.sentence);
            scored.push((key, i as u32, score));
        }
        scored.sort_unstable_by_key(|&(key, i, _)| (key, i));
        let patterns_of = self.pattern_numbers(&q);
        let mut found = Vec::new();
        let hits: Vec<Hit> = scored
            .into_iter()
            .map(|(_, i, score)| {
                let related = match &q {
                    TopicQuery::Free {
                        related: Some(r), ..
                    } if score <= RELATED_CEIL + 0.2 + f32::EPSILON => self
                        .related_match(r, &patterns_of, &mut found, i as usize)
                        .map(|m| m.words)
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                Hit {
                    statement: self.statements[i as usize].clone(),
                    score,
                    speaker_chars: self.rank[i as usize].speaker_chars,
                    text_chars: self.rank[i as usize].text_chars,
                    related,
                }
            })
            .collect();
        if !hits.is_empty() {
            return PositionAnswer::Found {
                actor_label,
                topic_label,
                hits,
            };
        }
        let (other_topics_for_actor, other_actors_for_topic) = match &self.elsewhere {
            Some((t, e)) if t == topic && self.scope == Scope::Actor(actor_id.clone()) => {
                let counted = |m: &HashMap<String, usize>| -> (Vec<String>, Vec<usize>) {
                    m.iter().map(|(k, n)| (k.clone(), *n)).unzip()
                };
                let (topics, n_topics) = counted(&e.topics_of_actor);
                let (actors, n_actors) = counted(&e.actors_on_topic);
                (
                    most_named(&topics, &n_topics)
                        .map(|t| self.topic_label(t))
                        .collect(),
                    most_named(&actors, &n_actors)
                        .map(|a| self.actor_label(a))
                        .collect(),
                )
            }
            _ => (self.topics_of(&actor_id), self.actors_on(&q, &actor_id)),
        };
        PositionAnswer::Nothing {
            other_topics_for_actor,
            other_actors_for_topic,
            actor_label,
            topic_label,
        }
    }

    fn actors_of(&self, i: usize) -> &[u32] {
        &self.actors_flat[self.actors_at[i] as usize..self.actors_at[i + 1] as usize]
    }

    /// Claim `i`'s topic numbers and how often it names each.
    fn claim_topics(&self, i: usize) -> &[(u16, u32)] {
        &self.topics_flat[self.topics_at[i] as usize..self.topics_at[i + 1] as usize]
    }

    /// Claim `i`'s context topic numbers.
    fn claim_context(&self, i: usize) -> &[u16] {
        &self.context_flat[self.context_at[i] as usize..self.context_at[i + 1] as usize]
    }

    fn topics_of(&self, actor_id: &str) -> Vec<String> {
        let mut counts = vec![0usize; self.topic_names.len()];
        for &i in self.actor_claims(actor_id) {
            let i = i as usize;
            for &(t, _) in self.claim_topics(i) {
                counts[t as usize] += 1;
            }
        }
        most_named(&self.topic_names, &counts)
            .map(|t| self.topic_label(t))
            .collect()
    }

    /// Who else has spoken on the topic: the actors of claims that name it or hold all
    /// its words (a claim that only answers it from context does not count).
    fn actors_on(&self, q: &TopicQuery, except: &str) -> Vec<String> {
        let mut counts = vec![0usize; self.actor_names.len()];
        let except = self.actor_ids.get(except).copied();
        let mut scorer = self.scorer(q);
        let mut count = |i: usize| {
            if scorer.score(i).is_some_and(|s| s > SPOKEN_ON) {
                for &a in self.actors_of(i) {
                    if Some(a) != except {
                        counts[a as usize] += 1;
                    }
                }
            }
        };
        match self.candidates(q) {
            Some(list) => list.into_iter().for_each(|i| count(i as usize)),
            None => (0..self.statements.len()).for_each(count),
        }
        most_named(&self.actor_names, &counts)
            .map(|a| self.actor_label(a))
            .collect()
    }

    /// Every claim that may score above context level for `q`, ascending; `None` when this
    /// index keeps no postings (then every claim is a candidate).
    fn candidates(&self, q: &TopicQuery) -> Option<Vec<u32>> {
        let p = self.postings.as_ref()?;
        let stem = |s: &String| self.posting(p, s);
        let mut out: Vec<u32> = match q {
            TopicQuery::All => Vec::new(),
            TopicQuery::Known { id, stems } => {
                let mut all: Vec<u32> = stems.first().map(|s| stem(s).to_vec()).unwrap_or_default();
                for s in stems.iter().skip(1) {
                    let other = stem(s);
                    all.retain(|i| other.binary_search(i).is_ok());
                }
                if let Some(&t) = self.topic_ids.get(id) {
                    all.extend_from_slice(&p.topics[t as usize]);
                }
                all
            }
            TopicQuery::Free { stems, .. } => {
                stems.iter().flat_map(|s| stem(s).iter().copied()).collect()
            }
        };
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    fn did_you_mean(&self, input: &str) -> Vec<String> {
        let key = name_key(input);
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, String)> = Vec::new();
        let lex_names = self
            .lex
            .name_keys()
            .map(|(k, i)| (k.to_string(), self.lex.actor_at(i).id.clone()));
        let disc = self
            .summary
            .discovered
            .keys()
            .map(|k| (k.clone(), k.clone()));
        for (name, id) in lex_names.chain(disc) {
            let s = jaro_winkler(&key, &name).max(
                name.split(' ')
                    .map(|w| jaro_winkler(&key, w))
                    .fold(0.0, f64::max)
                    - 0.02,
            );
            if s >= 0.78 {
                scored.push((s, id));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (_, id) in scored {
            let label = self.actor_label(&id);
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == MAX_DID_YOU_MEAN {
                break;
            }
        }
        out
    }

    /// For the CLI's text form: the longest known actor name at the start is the actor,
    /// the rest the topic ("united states ceasefire" -> ("united states", "ceasefire")).
    pub fn split_actor_topic(&self, words: &str) -> (String, String) {
        let parts: Vec<&str> = words.split_whitespace().collect();
        if parts.is_empty() {
            return (String::new(), String::new());
        }
        for n in (1..=parts.len()).rev() {
            let cand = parts[..n].join(" ");
            let key = name_key(&cand);
            if self.lex.resolve_actor_name(&cand).is_some()
                || self.summary.discovered.contains_key(&key)
            {
                return (cand, parts[n..].join(" "));
            }
        }
        (parts[0].to_string(), parts[1..].join(" "))
    }

    fn claim_count(&self, id: &str) -> usize {
        self.summary.actor_claims.get(id).copied().unwrap_or(0)
    }

    /// Up to 25 actor names for autocomplete: prefix matches first, then fuzzy ones; actors
    /// with statements on record before those without.
    pub fn suggest_actors(&self, prefix: &str) -> Vec<String> {
        let p = name_key(prefix);
        // (tier, -claims, label)
        let mut best: HashMap<String, (u8, usize)> = HashMap::new();
        let mut consider = |id: &str, name: &str, tier_of: &dyn Fn(&str) -> Option<u8>| {
            if let Some(tier) = tier_of(name) {
                let e = best.entry(id.to_string()).or_insert((tier, 0));
                e.0 = e.0.min(tier);
            }
        };
        let tier_of = |name: &str| -> Option<u8> {
            if p.is_empty() {
                return Some(0);
            }
            if name.starts_with(&p) {
                Some(0)
            } else if name.split(' ').any(|w| w.starts_with(&p)) {
                Some(1)
            } else {
                let head: String = name.chars().take(p.chars().count()).collect();
                (jaro_winkler(&head, &p) >= 0.8 || jaro_winkler(name, &p) >= 0.85).then_some(2)
            }
        };
        for (name, i) in self.lex.name_keys() {
            let a = self.lex.actor_at(i);
            // Demonyms and bodies resolve too, but suggest the actor's own name.
            consider(&a.id, name, &tier_of);
        }
        for id in self.summary.discovered.keys() {
            consider(id, id, &tier_of);
        }
        let mut v: Vec<(u8, std::cmp::Reverse<usize>, u8, String)> = best
            .into_iter()
            .map(|(id, (tier, _))| {
                let kind_rank = match self.lex.actor(&id).map(|a| a.kind) {
                    Some(ActorKind::Country) => 0,
                    Some(ActorKind::Organization) | Some(ActorKind::Group) => 1,
                    _ => 2,
                };
                (
                    tier,
                    std::cmp::Reverse(self.claim_count(&id)),
                    kind_rank,
                    self.actor_label(&id),
                )
            })
            .collect();
        v.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, _, label) in v {
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }

    /// Up to 25 topic names for autocomplete, topics with statements on record first.
    pub fn suggest_topics(&self, prefix: &str) -> Vec<String> {
        let p = name_key(prefix);
        let counts = &self.summary.topic_claims;
        let mut v: Vec<(u8, std::cmp::Reverse<usize>, String)> = Vec::new();
        for t in self.lex.topics() {
            let names = std::iter::once(t.label.as_str())
                .chain(t.terms_text.iter().map(|s| s.trim_start_matches('=')));
            let tier = names
                .map(name_key)
                .filter_map(|n| {
                    if p.is_empty() || n.starts_with(&p) {
                        Some(if n == name_key(&t.label) { 0 } else { 1 })
                    } else if n.split(' ').any(|w| w.starts_with(&p)) {
                        Some(2)
                    } else {
                        (jaro_winkler(&n, &p) >= 0.85).then_some(3)
                    }
                })
                .min();
            if let Some(tier) = tier {
                v.push((
                    tier,
                    std::cmp::Reverse(counts.get(t.id.as_str()).copied().unwrap_or(0)),
                    t.label.clone(),
                ));
            }
        }
        // A word no topic knows ("war games"): the topics its related words name, then
        // those words themselves, so the typed word finds something to pick.
        if v.iter().all(|(tier, _, _)| *tier >= 3) {
            if let Some(r) = self.related_of(prefix) {
                let mut related: Vec<(String, f32)> = Vec::new();
                for (_, w, weight) in r.words() {
                    if !related.iter().any(|(x, _)| x == w) {
                        related.push((w.to_string(), weight));
                    }
                }
                related.sort_by(|a, b| b.1.total_cmp(&a.1));
                let stems: HashSet<String> = related
                    .iter()
                    .flat_map(|(w, _)| term_words(w).into_iter().map(|t| t.stem))
                    .collect();
                for t in self.lex.topics() {
                    let names = std::iter::once(t.label.as_str())
                        .chain(t.terms_text.iter().map(|s| s.trim_start_matches('=')));
                    let hit = names.flat_map(term_words).any(|w| stems.contains(&w.stem));
                    if hit {
                        v.push((
                            4,
                            std::cmp::Reverse(counts.get(t.id.as_str()).copied().unwrap_or(0)),
                            t.label.clone(),
                        ));
                    }
                }
                for (k, (w, _)) in related.into_iter().enumerate() {
                    v.push((5, std::cmp::Reverse(usize::MAX - k), w));
                }
            }
        }
        v.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, label) in v {
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }

    /// The related words of a free-text topic, when WordNet is there and has some.
    fn related_of(&self, input: &str) -> Option<Arc<Related>> {
        match self.resolve_topic(input).0 {
            TopicQuery::Free { related, .. } => related,
            _ => None,
        }
    }
}

/// The names with the highest counts (ties by name), at most `MAX_OTHERS`; zero counts are
/// left out.
fn most_named<'a>(names: &'a [String], counts: &[usize]) -> impl Iterator<Item = &'a str> {
    let mut v: Vec<(&str, usize)> = names
        .iter()
        .zip(counts)
        .filter(|(_, &n)| n > 0)
        .map(|(name, &n)| (name.as_str(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().take(MAX_OTHERS).map(|(name, _)| name)
}

/// Whether `typed` is `name` with one letter wrong, missing, extra or swapped, in a word
/// long enough (6+ letters) and with the same first letter, so that a slip is far likelier
/// than another word ("troups" is troops; "brain" is not grain).
fn one_slip(name: &str, typed: &str) -> bool {
    name.chars().count() >= 6
        && typed.chars().count() >= 6
        && name.chars().next() == typed.chars().next()
        && strsim::osa_distance(name, typed) == 1
}

/// Whether space-separated `words` holds `w` as a whole word: a substring search, which
/// is faster than splitting when done for tens of thousands of claims.
fn has_word(words: &str, w: &str) -> bool {
    let b = words.as_bytes();
    !w.is_empty()
        && words.match_indices(w).any(|(i, _)| {
            (i == 0 || b[i - 1] == b' ') && b.get(i + w.len()).is_none_or(|&c| c == b' ')
        })
}

/// Builds an index a claim at a time, so a whole library's claims are never decoded at
/// once: each is cut down to its [`Statement`] and the numbers of its actors, topics and
/// stems as it comes, and the strings many claims share are kept once.
pub struct IndexBuilder {
    lex: Lexicons,
    scope: Scope,
    summary: Option<PositionSummary>,
    own: PositionSummary,
    statements: Vec<Arc<Statement>>,
    /// Brief ids, sections and speakers, each kept once.
    shared: FxHashSet<Arc<str>>,
    by_actor: HashMap<String, Vec<u32>>,
    actor_ids: HashMap<String, u32>,
    actor_names: Vec<String>,
    actors_at: Vec<u32>,
    actors_flat: Vec<u32>,
    topic_ids: HashMap<String, u16>,
    topic_names: Vec<String>,
    topics_at: Vec<u32>,
    topics_flat: Vec<(u16, u32)>,
    context_at: Vec<u32>,
    context_flat: Vec<u16>,
    stem_ids: FxHashMap<Box<str>, u32>,
    stem_names: Vec<Box<str>>,
    stems_at: Vec<u32>,
    stems_flat: Vec<u32>,
    texts: Option<TextSource>,
}

impl IndexBuilder {
    fn new(lex: Lexicons, scope: Scope, summary: Option<PositionSummary>) -> IndexBuilder {
        IndexBuilder {
            lex,
            scope,
            summary,
            own: PositionSummary::default(),
            statements: Vec::new(),
            shared: FxHashSet::default(),
            by_actor: HashMap::new(),
            actor_ids: HashMap::new(),
            actor_names: Vec::new(),
            actors_at: vec![0],
            actors_flat: Vec::new(),
            topic_ids: HashMap::new(),
            topic_names: Vec::new(),
            topics_at: vec![0],
            topics_flat: Vec::new(),
            context_at: vec![0],
            context_flat: Vec::new(),
            stem_ids: FxHashMap::default(),
            stem_names: Vec::new(),
            stems_at: vec![0],
            stems_flat: Vec::new(),
            texts: None,
        }
    }

    /// Leaves the texts of the claims pushed from now on in the store, which `source`
    /// reads back: the index keeps each text's hash and length instead.
    pub fn texts_from(mut self, source: TextSource) -> IndexBuilder {
        self.texts = Some(source);
        self
    }

    /// Adds a claim. A brief's claims must come side by side, as the store gives them.
    pub fn push(&mut self, c: Claim) {
        let c = complete_claim(&self.lex, c);
        c.with_ref(|c| self.push_complete(c));
    }

    /// Adds a claim read in place, as [`Self::push`] does; only its text is copied (nothing
    /// is, when the texts are left in the store: see [`Self::texts_from`]).
    pub fn push_ref(&mut self, c: &ClaimRef) {
        if needs_completion(c) {
            return self.push(c.to_claim());
        }
        self.push_complete(c);
    }

    fn push_complete(&mut self, c: &ClaimRef) {
        if self.summary.is_none() {
            self.own.add(&self.lex, c.speaker, c.actors, c.topics);
        }
        let statement = Statement {
            brief_id: self.share(c.brief_id),
            brief_date: c.brief_date,
            section: self.share(c.section),
            sentence_index: c.sentence_index,
            text: match self.texts {
                Some(_) => StatementText::Stored {
                    hash: text_hash(c.text),
                    chars: c.text.chars().count() as u32,
                },
                None => StatementText::Held(Box::from(c.text)),
            },
            speaker: self.share(c.speaker),
            stance: c.stance,
            from_context: c.from_context,
        };
        let topics = c
            .topics
            .iter()
            .enumerate()
            .map(|(k, &t)| (t, c.topic_hits.get(k).copied().unwrap_or(0)));
        self.add(
            Arc::new(statement),
            c.actors.iter().copied(),
            topics,
            c.context_topics.iter().copied(),
            c.stems.split(' ').filter(|w| !w.is_empty()),
        );
    }

    /// Adds claim `i` of `old`, sharing its statement.
    fn push_from(&mut self, old: &PositionIndex, i: usize) {
        let actors: Vec<&str> = old
            .actors_of(i)
            .iter()
            .map(|&a| old.actor_names[a as usize].as_str())
            .collect();
        let topics: Vec<(&str, u32)> = old
            .claim_topics(i)
            .iter()
            .map(|&(t, n)| (old.topic_names[t as usize].as_str(), n))
            .collect();
        let context: Vec<&str> = old
            .claim_context(i)
            .iter()
            .map(|&t| old.topic_names[t as usize].as_str())
            .collect();
        let st = &old.statements[i];
        if self.summary.is_none() {
            let named: Vec<&str> = topics.iter().map(|&(t, _)| t).collect();
            self.own.add(&self.lex, &st.speaker, &actors, &named);
        }
        let stems = old.claim_stems(i).map(|s| &*old.stem_names[s as usize]);
        self.add(
            st.clone(),
            actors.into_iter(),
            topics.into_iter(),
            context.into_iter(),
            stems,
        );
    }

    fn share(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.shared.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.shared.insert(a.clone());
        a
    }

    fn add<'s>(
        &mut self,
        statement: Arc<Statement>,
        actors: impl Iterator<Item = &'s str>,
        topics: impl Iterator<Item = (&'s str, u32)>,
        context: impl Iterator<Item = &'s str>,
        stems: impl Iterator<Item = &'s str>,
    ) {
        let i = self.statements.len() as u32;
        self.statements.push(statement);
        for a in actors {
            let id = number_of(&mut self.actor_ids, &mut self.actor_names, a);
            self.actors_flat.push(id);
            let indexed = match &self.scope {
                Scope::All => true,
                Scope::Actor(loaded) => a == loaded,
                Scope::Summary => false,
            };
            if indexed {
                match self.by_actor.get_mut(a) {
                    Some(v) => v.push(i),
                    None => {
                        self.by_actor.insert(a.to_string(), vec![i]);
                    }
                }
            }
        }
        self.actors_at.push(self.actors_flat.len() as u32);
        for (t, n) in topics {
            let id = self.topic(t);
            self.topics_flat.push((id, n));
        }
        self.topics_at.push(self.topics_flat.len() as u32);
        for t in context {
            let id = self.topic(t);
            self.context_flat.push(id);
        }
        self.context_at.push(self.context_flat.len() as u32);
        for w in stems {
            let id = number_of(&mut self.stem_ids, &mut self.stem_names, w);
            self.stems_flat.push(id);
        }
        self.stems_at.push(self.stems_flat.len() as u32);
    }

    fn topic(&mut self, t: &str) -> u16 {
        number_of(&mut self.topic_ids, &mut self.topic_names, t)
    }

    pub fn finish(self) -> PositionIndex {
        self.finish_with(None)
    }

    /// [`Self::finish`], with a full index's postings when they were made apart (see
    /// [`Postings::of`]).
    fn finish_with(self, postings: Option<Postings>) -> PositionIndex {
        let IndexBuilder {
            lex,
            scope,
            summary,
            own,
            statements,
            shared: _,
            by_actor,
            actor_ids,
            actor_names,
            actors_at,
            actors_flat,
            topic_ids,
            topic_names,
            topics_at,
            topics_flat,
            context_at,
            context_flat,
            stem_ids,
            stem_names,
            stems_at,
            mut stems_flat,
            texts,
        } = self;
        // A brief's claims always sit side by side (they are loaded brief by brief and
        // replaced brief by brief), so twins and brief order are found run by run.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (i, c) in statements.iter().enumerate() {
            match runs.last_mut() {
                Some((s, e)) if statements[*s].brief_id == c.brief_id => *e = i + 1,
                _ => runs.push((i, i + 1)),
            }
        }
        let mut twin_of = vec![NO_TWIN; statements.len()];
        for &(s, e) in &runs {
            for i in s + 1..e {
                let c = &statements[i];
                let is_first = |j: usize| twin_of[j] == NO_TWIN || twin_of[j] == j as u32;
                let twin = (s..i).find(|&j| {
                    is_first(j)
                        && statements[j].sentence_index == c.sentence_index
                        && statements[j].text == c.text
                });
                if let Some(j) = twin {
                    twin_of[j] = j as u32;
                    twin_of[i] = j as u32;
                }
            }
        }
        // Brief order: the runs' position among the sorted brief ids (already sorted,
        // unless a brief was replaced since loading).
        let heads: Vec<&str> = runs
            .iter()
            .map(|&(s, _)| &*statements[s].brief_id)
            .collect();
        let run_rank: Vec<u32> = if heads.windows(2).all(|w| w[0] < w[1]) {
            (0..heads.len() as u32).collect()
        } else {
            let mut sorted = heads.clone();
            sorted.sort_unstable();
            sorted.dedup();
            heads
                .iter()
                .map(|h| sorted.binary_search(h).unwrap_or(0) as u32)
                .collect()
        };
        let mut rank = Vec::with_capacity(statements.len());
        for (&(s, e), &brief_rank) in runs.iter().zip(&run_rank) {
            for c in &statements[s..e] {
                rank.push(RankKey {
                    days: c.brief_date.num_days_from_ce(),
                    brief_rank,
                    sentence: c.sentence_index,
                    marked: c.stance != Stance::States,
                    from_context: c.from_context,
                    speaker_chars: c.speaker.chars().count() as u32,
                    text_chars: c.text.chars(),
                });
            }
        }
        let postings = postings.or_else(|| {
            (scope == Scope::All).then(|| {
                Postings::of(
                    statements.len(),
                    (&stems_at, &stems_flat, stem_names.len()),
                    (&topics_at, &topics_flat, topic_names.len()),
                )
            })
        });
        let mut by_actor = by_actor;
        by_actor.values_mut().for_each(|v| v.shrink_to_fit());
        stems_flat.shrink_to_fit();
        let context_stem = stem_names
            .iter()
            .map(|s| s.starts_with(CONTEXT_MARK))
            .collect();
        PositionIndex {
            lex,
            statements,
            stems_at,
            stems_flat,
            stem_ids,
            stem_names,
            context_stem,
            twin_of,
            by_actor,
            summary: summary.unwrap_or(own),
            scope,
            rank,
            actors_at,
            actors_flat,
            actor_ids,
            actor_names,
            topics_at,
            topics_flat,
            context_at,
            context_flat,
            topic_ids,
            topic_names,
            postings,
            elsewhere: None,
            texts,
        }
    }
}

/// `key`'s number in a table of names (`names[number]`, `ids` the other way), given the
/// next one when it is new.
fn number_of<K, I, S>(ids: &mut HashMap<K, I, S>, names: &mut Vec<K>, key: &str) -> I
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq + for<'a> From<&'a str>,
    I: Copy + TryFrom<usize>,
    S: std::hash::BuildHasher,
{
    if let Some(&id) = ids.get(key) {
        return id;
    }
    let Ok(id) = I::try_from(names.len()) else {
        panic!("more names than their numbers can count");
    };
    ids.insert(K::from(key), id);
    names.push(K::from(key));
    id
}

/// A key that sorts scores high to low (`total_cmp` order, reversed).
fn desc_f32(x: f32) -> u32 {
    let b = x.to_bits();
    let ordered = if b >> 31 == 1 { !b } else { b | 0x8000_0000 };
    !ordered
}

/// Scores claims for one topic query. Claims must be asked for in ascending order: the
/// stems' claim lists are walked along, not searched.
struct Scorer<'a> {
    idx: &'a PositionIndex,
    q: &'a TopicQuery,
    /// The known topic's id here (`None`: no claim names it).
    topic: Option<u16>,
    /// Per query stem, then per query stem in context: its claims and how far they have
    /// been walked.
    lists: Option<Vec<(&'a [u32], usize)>>,
    /// For a free-text topic with related words, the claims that hold one of them, a bit
    /// each (`None`: every claim is tested).
    related_claims: Option<Vec<u64>>,
    /// Per query stem, then per query stem in context: its number in the index (`None`:
    /// no claim holds it).
    numbers: Vec<Option<u32>>,
    /// For a free-text topic with related words: the pattern each stem number is (see
    /// [`Related::patterns`]), and which patterns the claim being scored holds.
    patterns_of: FxHashMap<u32, usize>,
    found: Vec<bool>,
}

impl Scorer<'_> {
    fn has_stem(&mut self, k: usize, i: usize) -> bool {
        match &mut self.lists {
            Some(lists) => {
                let (list, at) = &mut lists[k];
                while *at < list.len() && (list[*at] as usize) < i {
                    *at += 1;
                }
                list.get(*at) == Some(&(i as u32))
            }
            None => self.numbers[k].is_some_and(|n| self.idx.claim_stems(i).any(|s| s == n)),
        }
    }

    /// How well claim `i` answers the topic; `None` when it does not.
    fn score(&mut self, i: usize) -> Option<f32> {
        let (idx, q, topic) = (self.idx, self.q, self.topic);
        let named = match q {
            TopicQuery::Known { .. } => topic.and_then(|t| {
                idx.claim_topics(i)
                    .iter()
                    .find(|(id, _)| *id == t)
                    .map(|&(_, n)| n)
            }),
            _ => None,
        };
        let in_context = || topic.is_some_and(|t| idx.claim_context(i).contains(&t));
        let n = q.stems().len();
        // A claim holding none of the related words is tested against none.
        let related =
            !matches!(&self.related_claims, Some(bits) if bits[i / 64] & (1 << (i % 64)) == 0);
        let mut found = std::mem::take(&mut self.found);
        let patterns_of = std::mem::take(&mut self.patterns_of);
        let score = q.score(
            named,
            |with_context| {
                (0..n)
                    .filter(|&k| self.has_stem(k, i) || with_context && self.has_stem(n + k, i))
                    .count()
            },
            in_context,
            |r| {
                related
                    .then(|| idx.related_match(r, &patterns_of, &mut found, i))
                    .flatten()
            },
        );
        self.found = found;
        self.patterns_of = patterns_of;
        score
    }
}

/// Whether `c` comes from an older record, without the stems or topic counts that
/// [`complete_claim`] makes.
fn needs_completion(c: &ClaimRef) -> bool {
    c.topic_hits.len() != c.topics.len() || c.stems.is_empty() && !c.text.is_empty()
}

/// Fills in what older claim records lack: stems, and topic counts (1 each is not enough:
/// they rank, so they are counted again).
fn complete_claim(lex: &Lexicons, mut c: Claim) -> Claim {
    if c.topic_hits.len() != c.topics.len() {
        let counts: HashMap<String, u32> = lex.tag_topics(&c.text).into_iter().collect();
        c.topic_hits = c
            .topics
            .iter()
            .map(|t| counts.get(t).copied().unwrap_or(0))
            .collect();
    }
    if c.stems.is_empty() && !c.text.is_empty() {
        c.stems = super::claim_stems(&c.text);
    }
    c
}

/// The words of `speaker` that fold to `key`, so "Robert Fico" keeps its capitals and accents.
fn written_name(speaker: &str, key: &str) -> String {
    let words: Vec<&str> = speaker.split_whitespace().collect();
    let n = key.split(' ').count();
    for w in words.windows(n) {
        let cand = w.join(" ");
        if name_key(&cand) == key {
            return cand
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string();
        }
    }
    key.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims_of(date: &str, body: &str) -> Vec<Claim> {
        use crate::brief::{Block, Brief, Section};
        let brief = Brief {
            id: format!("{date}-test"),
            date: date.parse().unwrap(),
            title: "Test".into(),
            lead: String::new(),
            sections: vec![Section {
                heading: "What Happened".into(),
                blocks: vec![Block::Paragraph(body.into())],
            }],
            source: String::new(),
            content_hash: String::new(),
            revision: 1,
            ingested_at: 0,
        };
        super::super::analyze(&Lexicons::builtin(), &brief)
    }

    fn assert_same_answers(a: &PositionIndex, b: &PositionIndex, queries: &[(&str, &str)]) {
        for (actor, topic) in queries {
            assert_eq!(
                a.query(actor, topic),
                b.query(actor, topic),
                "{actor} {topic}"
            );
        }
    }

    /// Replacing a brief's claims gives the index a fresh build would: the kept claims are
    /// carried over through their numbers, the new ones added, the old ones gone.
    #[test]
    fn an_index_with_a_brief_replaced_answers_as_one_built_afresh() {
        let a = claims_of(
            "2025-09-05",
            "Kremlin spokesperson Dmitry Peskov said that foreign troops would be targets. \
             Polish Prime Minister Donald Tusk said Poland would not send troops.",
        );
        let b = claims_of(
            "2025-09-06",
            "Slovak Prime Minister Robert Fico warned that sanctions hurt Europe.",
        );
        let b2 = claims_of(
            "2025-09-06",
            "Slovak Prime Minister Robert Fico said Slovakia would send no troops.",
        );
        let lex = Lexicons::builtin();
        let old = PositionIndex::new(lex.clone(), [a.clone(), b].concat());
        let brief_id = b2[0].brief_id.clone();
        let replaced = old.with_briefs_replaced(vec![(brief_id, b2.clone())]);
        let fresh = PositionIndex::new(lex, [a, b2].concat());
        assert_eq!(replaced.claims_held(), fresh.claims_held());
        assert_same_answers(
            &replaced,
            &fresh,
            &[
                ("russia", "troops"),
                ("slovakia", "troops"),
                ("slovakia", "sanctions"),
                ("poland", ""),
                ("fico", "send troops"),
            ],
        );
        assert!(matches!(
            replaced.query("slovakia", "troops"),
            PositionAnswer::Found { .. }
        ));
        assert!(matches!(
            replaced.query("slovakia", "sanctions"),
            PositionAnswer::Nothing { .. }
        ));
    }

    /// Claims borrowed from their records index as owned ones do, and a borrowed claim
    /// from an older record (no stems, no topic counts) is completed as an owned one is.
    #[test]
    fn borrowed_claims_index_as_owned_ones_do() {
        let claims = claims_of(
            "2025-09-05",
            "Kremlin spokesperson Dmitry Peskov said that foreign troops would be targets \
             and that troops near the border were a threat. Polish Prime Minister Donald Tusk \
             said Poland would not send troops.",
        );
        let old_records: Vec<Claim> = claims
            .iter()
            .map(|c| Claim {
                stems: String::new(),
                topic_hits: Vec::new(),
                ..c.clone()
            })
            .collect();
        let lex = Lexicons::builtin();
        let owned = PositionIndex::new(lex.clone(), claims.clone());
        for given in [&claims, &old_records] {
            let mut b = PositionIndex::builder(lex.clone());
            for c in given {
                c.with_ref(|c| b.push_ref(c));
            }
            let borrowed = b.finish();
            let queries = [
                ("russia", "troops"),
                ("poland", "send troops"),
                ("poland", ""),
            ];
            assert_same_answers(&borrowed, &owned, &queries);
        }
    }

    #[test]
    fn misspelt_topics_find_the_configured_one_and_other_words_do_not() {
        let idx = PositionIndex::new(Lexicons::builtin(), Vec::new());
        for (typed, expected) in [
            ("troops", Some("troops")),
            ("troups", Some("troops")),
            ("sanctons", Some("sanctions")),
            ("ceasfire", Some("ceasefire")),
            ("electoins", Some("elections")),
            ("grain", Some("grain")),
            ("brain", None),
            ("trolls", None),
            ("nothingatall", None),
        ] {
            let got = match idx.resolve_topic(typed).0 {
                TopicQuery::Known { id, .. } => Some(id),
                _ => None,
            };
            assert_eq!(got.as_deref(), expected, "{typed:?}");
        }
    }

    /// "peace", a word of the "peace talks" label alone, means that topic for an actor who
    /// has used the word on it, so their lines on the treaty come too; for one whose only
    /// claim on the topic is a "deal" of another kind, it stays the word.
    #[test]
    fn one_word_of_one_label_means_the_topic_when_the_actor_used_it() {
        let claims = claims_of(
            "2026-11-28",
            "Armenia's prime minister, Nikol Pashinyan, said the treaty brought peace to the \
             Caucasus. Pashinyan said a referendum on the treaty would be held in June. \
             France's defence minister said the Swedish deal did not compete with the Rafale \
             order.",
        );
        let idx = PositionIndex::new(Lexicons::builtin(), claims);
        match idx.query("armenia", "peace") {
            PositionAnswer::Found {
                topic_label, hits, ..
            } => {
                assert_eq!(topic_label, "peace talks");
                // The treaty line and the referendum line, which does not say "peace".
                assert_eq!(hits.len(), 2, "{hits:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            idx.query("france", "peace"),
            PositionAnswer::Nothing { .. }
        ));
        assert!(matches!(
            idx.query("france", "peace talks"),
            PositionAnswer::Found { .. }
        ));
    }

    /// The last word of one configured actor's names finds that actor; a word that ends
    /// several actors' names does not pick one.
    #[test]
    fn one_word_ending_one_actors_names_finds_it() {
        let idx = PositionIndex::new(Lexicons::builtin(), Vec::new());
        for (typed, expected) in [
            ("commission", Some("eu")),
            ("kremlin", Some("russia")),
            ("ministry", None),
            ("nothingatall", None),
        ] {
            assert_eq!(idx.resolve_actor(typed).as_deref(), expected, "{typed:?}");
        }
    }

    /// Autocomplete offers a known topic its related words name, then the words, for a
    /// word no topic knows; without WordNet, nothing new.
    #[test]
    fn suggestions_for_an_unknown_word_come_from_its_related_words() {
        let dir = tempfile::tempdir().unwrap();
        let wn = super::super::wordnet::fixture::write(dir.path());
        let wn = Arc::new(super::super::WordNet::open(wn).unwrap());
        let plain = PositionIndex::new(Lexicons::builtin(), Vec::new());
        let with = PositionIndex::new(Lexicons::builtin().with_wordnet(wn), Vec::new());
        let got = with.suggest_topics("kid");
        assert!(got.contains(&"child".to_string()), "{got:?}");
        assert!(!plain.suggest_topics("kid").contains(&"child".to_string()));
        // A known topic's own suggestions are not crowded by related words.
        assert_eq!(
            with.suggest_topics("troops"),
            plain.suggest_topics("troops")
        );
    }

    #[test]
    fn has_word_matches_whole_words_only() {
        for (words, w, expected) in [
            ("troop war", "troop", true),
            ("troop war", "war", true),
            ("atroop troops", "troop", false),
            ("a troop", "troop", true),
            ("troopa", "troop", false),
            ("", "troop", false),
            ("troop", "", false),
            ("grain grain", "grain", true),
            ("sanct sanction", "sanction", true),
        ] {
            assert_eq!(has_word(words, w), expected, "{w:?} in {words:?}");
        }
    }
}
