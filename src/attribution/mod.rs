//! The attribution stage: every statement in a text with its speaker, cue and content, as
//! offsets into the text. It knows nothing of countries or actors; `positions` maps its
//! speakers to actors.
//!
//! The stage reads structure before words. Quotation marks come first: quoted text is
//! content, never a speaker or a cue. A cue is a word that, outside quotes, introduces
//! reported speech in most of its uses in an annotated corpus (`vocab`). The speaker is the
//! phrase before the cue ("X said"), after it when a quote or the content comes first
//! ("“…,” said X"), or after "according to". The content is the rest of the sentence on the
//! other side, or the whole quotation when it runs over several sentences. A pronoun, a
//! relative ("who") or a bare title ("the ministry") stays the speaker as written, and is
//! resolved to the nearest compatible phrase before it, objects included.
//!
//! Annotated corpora give each word to at most one attribution, and so does this stage: a
//! cue inside an earlier attribution's content opens nothing.

mod check_model;
mod cue_model;
mod tokens;
pub mod training;
mod vocab;
mod weights;

use check_model::{CheckModel, CHECK_PROBABILITY};
use cue_model::CueModel;
use tokens::{tokenize, Kind, Tok};
use vocab::Vocab;

use crate::sentences::split_sentences;

/// Whether `word` (lower case) introduces reported speech in nearly all its uses ("said",
/// "told", "according"), not only in most ("shows", "called").
pub fn is_speech_cue(word: &str) -> bool {
    Vocab::get().cue_share(word) >= SPEECH_SHARE
}

/// Whether a cue's text ("said", "According to", "quoted by the agency as saying") opens
/// reported speech: its first word is a speech cue (`is_speech_cue`), or it is a colon,
/// or it ends "as saying".
pub fn cue_is_speech(cue: &str) -> bool {
    let words: Vec<String> = cue.split_whitespace().map(str::to_lowercase).collect();
    let first = words.first().map_or("", String::as_str);
    // "as saying" is speech whatever "saying" is elsewhere ("saying goes").
    let quoted_as = words.len() >= 2
        && words[words.len() - 2] == "as"
        && Vocab::get().cue_share(&words[words.len() - 1]) >= CUE_SHARE;
    first == ":" || is_speech_cue(first) || quoted_as
}

/// A shortened name ("the Commission") has at most this many words after "the".
const MAX_SHORTENED_WORDS: usize = 2;

/// The share above which a cue is plainly speech.
const SPEECH_SHARE: f32 = 0.8;

/// The data the stage's behaviour depends on, by file name, for the engine's version hash.
pub fn data_files() -> [(&'static str, &'static str); 5] {
    [
        ("cues.tsv", vocab::CUES_TSV),
        ("sources.tsv", vocab::SOURCES_TSV),
        ("words.toml", vocab::WORDS_TOML),
        ("cue_weights.tsv", cue_model::CUE_WEIGHTS_TSV),
        ("check_weights.tsv", check_model::CHECK_WEIGHTS_TSV),
    ]
}

/// A byte range of the text, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// How the speaker is named where the statement is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerKind {
    /// A name or a described source: "Sen. Ted Cruz", "campaign officials".
    Named,
    /// "he", "she", "they", "it".
    Pronoun,
    /// "who", "which", "that" standing for the phrase before it.
    Relative,
    /// A definite description made only of common words: "the ministry", "the former president".
    Title,
}

/// One statement: who, introduced by which words, said what.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub speaker: Span,
    pub cue: Option<Span>,
    pub content: Span,
    pub kind: SpeakerKind,
    /// The earlier phrase a pronoun, relative or title stands for, when one was found.
    pub resolved: Option<Span>,
}

/// Every attribution in a whole text, in reading order. Its first paragraph is its
/// headline, where "Source: what it says" is a reading of its own.
pub fn find(text: &str) -> Vec<Attribution> {
    Ctx::new(text, CheckModel::get(), true).read(None).out
}

/// Every attribution in a passage of a longer text (a brief's section), whose first
/// paragraph is no headline.
pub fn find_in_passage(text: &str) -> Vec<Attribution> {
    Ctx::new(text, CheckModel::get(), false).read(None).out
}

/// `find`, with the check model `check` in place of the shipped one: how training scores
/// the weights it has just fitted.
fn find_with(text: &str, check: &CheckModel) -> Vec<Attribution> {
    Ctx::new(text, check, true).read(None).out
}

/// Every candidate the rules find in `text`, whatever the check model makes of it, with
/// the features of those it judges: what the check model is trained on.
fn candidates(text: &str) -> Vec<(Attribution, Option<Vec<String>>)> {
    Ctx::new(text, CheckModel::get(), true)
        .read(Some(Vec::new()))
        .candidates
        .unwrap_or_default()
}

/// "quoted X as saying", "was criticized by X": the word opens an attribution in such a
/// shape when at least this share of its uses outside quotes did in the train split.
const CUE_SHARE: f32 = 0.5;
/// A speaker's phrase is at most this many words.
const MAX_SPEAKER_WORDS: usize = 8;
/// At most this many capitalised words make the name set off by commas after a title
/// ("the spokeswoman, Maria Zakharova, …").
const MAX_NAME_WORDS: usize = 4;
/// "X, 35, the daughter of Y, said": at most this many commas back to the name, and this
/// many tokens between the name and the cue.
const MAX_APPOSITIONS: usize = 3;
const MAX_APPOSITION_TOKENS: usize = 24;
/// "X, who ..., said": at most this many tokens from the comma before the relative word
/// to the cue.
const MAX_RELATIVE_CLAUSE_TOKENS: usize = 32;
/// "is continuing to insist", "were slightly more likely to say": at most this many words
/// from the first of a chain of verbs to the cue's verb group.
const MAX_CHAIN_WORDS: usize = 6;
/// "said on Thursday at a rally in Ohio": at most this many words after a cue say only
/// when or where.
const MAX_CIRCUMSTANCE_WORDS: usize = 6;
/// A verb opens a clause of its own inside content (`inner_clause`) at this probability,
/// below a statement's: a boundary word and a subject before it are evidence too. On
/// PolNeAR train, 0.35 lowered wrong speakers (0.071 to 0.067) at the same recall and
/// precision; 0.2 cost both.
const INNER_CUE_PROBABILITY: f32 = 0.35;
/// A cue's first words after it are its listener ("told reporters") when the train split
/// found its content after other words at least this share of the time: "told" 94%,
/// "asked" 54%, "urged" 24%.
const ADDRESSEE_SHARE: f32 = 0.5;
/// An inner clause whose verb the model is this sure of is a statement of its own.
const SURE_INNER_CUE: f32 = 0.9;
/// A cue after a form of "be" reports what its subject thinks ("they are worried about
/// …") when the train split found it so at least this share of the time.
const STATIVE_SHARE: f32 = 0.3;
/// Content shorter than this many words is no statement ("he said Tuesday").
const MIN_CONTENT_WORDS: usize = 2;
/// A word before a colon is the clause's reporting verb ("told WEEI:") when the train
/// split marked at least this share of its uses as a cue.
const COLON_VERB_SHARE: f32 = 0.15;
/// A cue's speaker may follow it ("…, said Smith.") when the corpus put it there at least
/// this share of the time: "said" 18%, "wrote" 12%, "told" and "called" never.
const INVERTED_SHARE: f32 = 0.05;

/// "AP-GfK Poll: Voters see Sanders as electable": at most this many words name the
/// source before a colon that opens a headline, and at least this many follow it.
const MAX_LEAD_WORDS: usize = 4;
const MIN_LEAD_CONTENT_WORDS: usize = 3;

/// Byte ranges of the paragraphs: runs of lines without a blank line between them.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                out.push((s, end));
                start = None;
            }
            _ => {}
        }
        if !blank {
            end = pos + line.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push((s, end));
    }
    out
}

/// The tokens of the paragraph `text[a..b]` and its sentences as token ranges.
fn paragraph_sentences(text: &str, a: usize, b: usize) -> (Vec<Tok>, Vec<Sentence>) {
    let toks = tokenize(text, a, b);
    let mut sentences = Vec::new();
    let mut k = 0;
    for (sa, sb) in split_sentences(&text[a..b]) {
        let (sa, sb) = (a + sa, a + sb);
        while k < toks.len() && toks[k].start < sa {
            k += 1;
        }
        let ts = k;
        while k < toks.len() && toks[k].end <= sb {
            k += 1;
        }
        sentences.push(Sentence { ts, te: k });
    }
    (toks, sentences)
}

/// A phrase that a pronoun or title may stand for.
#[derive(Debug, Clone)]
struct Mention {
    span: Span,
    words: Vec<String>,
    /// Office words an apposition gave the name (", Russia's ambassador"): "the ambassador"
    /// may stand for it.
    offices: Vec<String>,
    person: bool,
    body: bool,
    /// Inside a relative clause set off by commas ("Tokayev, who met Xi Jinping, said"):
    /// an aside about the phrase before it, whose names a later pronoun passes over.
    aside: bool,
}

struct Ctx<'t> {
    text: &'t str,
    v: &'static Vocab,
    check: &'t CheckModel,
    /// Whether the text opens with a headline (a whole article, not a passage of one).
    headed: bool,
    /// Whether the paragraph being read is that headline.
    headline: bool,
    out: Vec<Attribution>,
    /// Every phrase met so far, in reading order.
    mentions: Vec<Mention>,
    /// What every statement kept so far reports: the subject of a clause it reports is
    /// seldom the one a later pronoun or title stands for ("Kurti said that the KLA had
    /// fought … He said" is Kurti), though its object may be ("Ceban said he had handed
    /// the note to Oleg Ozerov. “…,” he said").
    reported: Vec<Span>,
    /// `cue_certainty` of each token of the sentence being read, from its first token:
    /// the rules ask again about the same words ("is a cue ahead?"), and the model is the
    /// costliest part of a sentence.
    certainty: Vec<Option<f32>>,
    /// Which sentence `certainty` is of: its tokens' address and bounds.
    certainty_of: (usize, usize, usize),
    /// When training the check model: every candidate, kept or not, with the features of
    /// those the model judges.
    candidates: Option<Vec<(Attribution, Option<Vec<String>>)>>,
}

/// One sentence's tokens, `toks[ts..te]` of its paragraph's.
#[derive(Clone, Copy)]
struct Sentence {
    ts: usize,
    te: usize,
}

/// A found attribution as token ranges of the paragraph, end exclusive.
struct Found {
    speaker: (usize, usize),
    cue: Option<(usize, usize)>,
    content: (usize, usize),
    /// The speaker is the subject an earlier clause of the sentence shares ("X said A and
    /// warned B"): its words may belong to that clause's attribution too.
    shared_speaker: bool,
    /// Which reading found it, for the check model.
    shape: Shape,
}

/// A reading as it would be reported, with the check model's verdict on it.
struct Judged {
    attribution: Attribution,
    /// The features the check model saw, when collecting candidates for its training.
    names: Option<Vec<String>>,
    /// Whether the reading stays: the check model keeps it, or candidates are collected.
    kept: bool,
}

/// The readings that find an attribution: the check model weighs each differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "Trump: “We will win.”"
    Colon,
    /// "Graham: Trump’s rhetoric destroying GOP’s chances", opening a paragraph
    Lead,
    /// "according to X"
    According,
    /// "quoted X as saying"
    QuotedAs,
    /// "was criticized by X"
    Passive,
    /// "The judge rubbed his chin, and then said …"
    Coordinated,
    /// "Trump attacked Clinton, saying …"
    Participle,
    /// "…, said David Axelrod."
    Inverted,
    /// "X said", "X, a former aide, said"
    Subject,
    /// "X is continuing to insist"
    Chain,
    /// "participants said"
    Speech,
    /// "“…,” said X"
    AfterQuote,
    /// "X endorsed Y, saying …"
    FollowUp,
}

impl Shape {
    /// Whether the check model judges what this reading finds. Those read by structure
    /// alone ("according to X", "quoted X as saying", "was criticized by X", a colon
    /// before a quotation) are kept whatever it says: train has too few of each for it to
    /// judge them one by one.
    fn is_checked(self) -> bool {
        !matches!(
            self,
            Shape::Colon | Shape::According | Shape::QuotedAs | Shape::Passive
        )
    }

    fn name(self) -> &'static str {
        match self {
            Shape::Colon => "colon",
            Shape::Lead => "lead",
            Shape::According => "according",
            Shape::QuotedAs => "quoted_as",
            Shape::Passive => "passive",
            Shape::Coordinated => "coordinated",
            Shape::Participle => "participle",
            Shape::Inverted => "inverted",
            Shape::Subject => "subject",
            Shape::Chain => "chain",
            Shape::Speech => "speech",
            Shape::AfterQuote => "after_quote",
            Shape::FollowUp => "follow_up",
        }
    }
}

impl<'t> Ctx<'t> {
    fn new(text: &'t str, check: &'t CheckModel, headed: bool) -> Ctx<'t> {
        Ctx {
            text,
            v: Vocab::get(),
            check,
            headed,
            headline: false,
            out: Vec::new(),
            mentions: Vec::new(),
            reported: Vec::new(),
            certainty: Vec::new(),
            certainty_of: (0, 0, 0),
            candidates: None,
        }
    }

    /// Reads every paragraph; with `candidates`, collects every candidate there instead of
    /// keeping those the check model takes.
    fn read(mut self, candidates: Option<Vec<(Attribution, Option<Vec<String>>)>>) -> Self {
        self.candidates = candidates;
        for (i, (a, b)) in paragraphs(self.text).into_iter().enumerate() {
            self.headline = self.headed && i == 0;
            self.paragraph(a, b);
        }
        self
    }

    fn paragraph(&mut self, a: usize, b: usize) {
        let (toks, sentences) = paragraph_sentences(self.text, a, b);
        let mut taken = vec![false; toks.len()];
        for s in sentences {
            self.collect_mentions(&toks, s);
            self.sentence(&toks, s, &mut taken);
        }
    }

    /// Tries each cue of the sentence: closing reporting clauses first, then the others
    /// surest first, so a weak cue cannot take the words of a plain "said".
    fn sentence(&mut self, toks: &[Tok], s: Sentence, taken: &mut [bool]) {
        let mut certainty = std::mem::take(&mut self.certainty);
        certainty.clear();
        certainty.extend((s.ts..s.te).map(|c| self.cue_certainty(toks, s, c)));
        self.certainty = certainty;
        self.certainty_of = (toks.as_ptr() as usize, s.ts, s.te);
        // A reporting clause that closes the statement ("…, she added") goes first: the
        // cues inside what it reports ("The other side proposed …") are content, not
        // statements of their own.
        let cues: Vec<(usize, f32)> = (s.ts..s.te)
            .filter(|&c| !toks[c].quoted)
            .filter_map(|c| Some((c, self.certainty[c - s.ts]?)))
            .collect();
        let (trailing, mut rest): (Vec<_>, Vec<_>) = cues
            .into_iter()
            .partition(|&(c, _)| self.is_trailing(toks, s, c));
        rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let first = self.out.len();
        for (c, _) in trailing.into_iter().chain(rest) {
            if taken[c] {
                continue;
            }
            let Some(mut f) = self.attribution(toks, s, c) else {
                continue;
            };
            // What the inner clause says is left to no statement, unless its cue is a sure
            // one ("because officials said …"): on the train split the statements found
            // there matched the annotators' less than half the time.
            let inner = self.inner_clause(toks, s, &f).and_then(|(k, v)| {
                let ran_to = f.content.1;
                f.content = trim(toks, (f.content.0, k));
                // A sure cue there makes a statement of its own later.
                let sure = self.certainty[v - s.ts].is_some_and(|p| p >= SURE_INNER_CUE)
                    || self.v.cue_share(&toks[v].lower) >= SPEECH_SHARE;
                (!sure).then_some((k, ran_to))
            });
            if f.content.0 >= f.content.1 || f.speaker.0 >= f.speaker.1 {
                continue;
            }
            let first = if f.shared_speaker {
                f.cue.map_or(f.content.0, |c| c.0)
            } else {
                f.speaker.0
            };
            let hull = (first.min(f.content.0), f.speaker.1.max(f.content.1));
            if taken[hull.0..hull.1].iter().any(|&t| t) {
                continue;
            }
            let inside = self.statement_in_apposition(toks, s, &f);
            let mut next = self.follow_up(toks, s, &f);
            let mut more = None;
            if next.is_none() {
                if let Some(end) = self.quotation_after(toks, s, f.content.1, taken) {
                    more = Some((f.content.1, end));
                    f.content.1 = end;
                }
            }
            // The check model judges a reading before it takes its words: one it drops
            // leaves them to the sentence's other cues. On PolNeAR train that found 65
            // more attributions, at the same precision.
            let judged = self.judge(toks, s, &f);
            if !judged.kept {
                continue;
            }
            for (a, b) in [Some(hull), inner, more].into_iter().flatten() {
                taken[a..b].iter_mut().for_each(|t| *t = true);
            }
            self.push(judged);
            let mut within = hull;
            while let Some(g) = next.take() {
                let (a, b) = (g.cue.map_or(g.content.0, |c| c.0), g.content.1);
                // One inside the hull before it ("“A,” X said, noting B. “C.”") was free
                // with that hull.
                let inside = within.0 <= a && b <= within.1;
                if !inside && taken[a..b].iter().any(|&t| t) {
                    break;
                }
                within = (a, b);
                taken[a..b].iter_mut().for_each(|t| *t = true);
                next = self.follow_up(toks, s, &g);
                let judged = self.judge(toks, s, &g);
                self.push(judged);
            }
            if let Some(g) = inside {
                let judged = self.judge(toks, s, &g);
                self.push(judged);
            }
        }
        self.out[first..].sort_by_key(|a| a.cue.map_or(a.content.start, |c| c.start));
    }

    /// "Trump, who previously questioned whether the judge was biased, said Friday …": a
    /// cue in the apposition of a statement's speaker reports a statement of its own,
    /// within the apposition, as annotators mark it. The statement takes the sentence's
    /// words only up to the end of the speaker's phrase.
    fn statement_in_apposition(&self, toks: &[Tok], s: Sentence, f: &Found) -> Option<Found> {
        let (a, b) = f.speaker;
        if f.shared_speaker || f.cue.is_none_or(|c| c.0 < b) || a < s.ts || b > s.te {
            return None;
        }
        let comma = (a..b).find(|&k| toks[k].kind == Kind::Comma && !toks[k].quoted)?;
        let within = Sentence { ts: s.ts, te: b };
        (comma + 1..b)
            .filter(|&c| !toks[c].quoted && self.certainty[c - s.ts].is_some())
            .find_map(|c| {
                self.attribution(toks, within, c).filter(|g| {
                    comma < g.speaker.0
                        && g.speaker.0 < g.speaker.1
                        && comma < g.content.0
                        && g.content.0 < g.content.1
                        && g.content.1 <= b
                })
            })
    }

    /// "Mr. Bush argued for nominating a Republican who can win. ''All the sloganeering
    /// doesn't matter if we don't win.''": a statement that runs to the end of its sentence
    /// goes on over the quotations right after it that no reporting clause of their own
    /// claims. The end of the last such quotation, if any.
    fn quotation_after(
        &self,
        toks: &[Tok],
        s: Sentence,
        content_end: usize,
        taken: &[bool],
    ) -> Option<usize> {
        let ends_sentence = content_end <= s.te
            && toks[content_end..s.te]
                .iter()
                .all(|t| matches!(t.kind, Kind::Stop | Kind::CloseQuote));
        if !ends_sentence {
            return None;
        }
        let mut end = None;
        let mut k = s.te;
        while k < toks.len() && toks[k].kind == Kind::OpenQuote {
            let Some(close) = (k + 1..toks.len()).find(|&i| toks[i].kind == Kind::CloseQuote)
            else {
                break;
            };
            // The quotation ends a sentence, and no reporting clause follows it ("“…,” he
            // said", "“…!” Trump said"); after a full stop, the words that follow open the
            // next sentence.
            let closes_sentence = toks[close - 1].kind == Kind::Stop
                || toks.get(close + 1).is_none_or(|t| t.kind == Kind::Stop);
            let full_stop = toks[close - 1].lower == ".";
            let claimed = !full_stop
                && toks[close + 1..]
                    .iter()
                    .take_while(|t| !matches!(t.kind, Kind::Stop | Kind::OpenQuote))
                    .any(|t| t.is_word() && self.v.cue_share(&t.lower) >= CUE_SHARE);
            if !closes_sentence || claimed || taken[k..=close].iter().any(|&t| t) {
                break;
            }
            k = close + 1;
            while k < toks.len() && toks[k].kind == Kind::Stop {
                k += 1;
            }
            end = Some(close + 1);
        }
        end
    }

    /// Where unquoted content after the cue stops because a clause with a speaker and cue
    /// of its own opens inside it: "… insisted that was not part of the deal because it did
    /// not want …", "… a bill, something she opposed". The clause opens after a comma, a
    /// relative or a word that joins clauses (`clause_breaks`); the index returned is that
    /// boundary's. Annotators end the first statement there and give the second its own
    /// speaker; a content that ran on paired the second's words with the first's speaker.
    fn inner_clause(&self, toks: &[Tok], s: Sentence, f: &Found) -> Option<(usize, usize)> {
        let cue = f.cue?;
        let (a, b) = f.content;
        if a < cue.1 || toks[a].quoted || toks[a].kind == Kind::OpenQuote {
            return None;
        }
        (a + MIN_CONTENT_WORDS..b.min(s.te)).find_map(|k| {
            // "… experts to determine": an infinitive has no subject of its own.
            if toks[k].quoted
                || toks[k - 1].lower == "to"
                || !cue_model::is_candidate(self.v, toks, k)
            {
                return None;
            }
            let mut j = k;
            while j > a && self.is_auxiliary(&toks[j - 1]) {
                j -= 1;
            }
            // "…, Bill Schuette (R) asked": a bracket closes the name.
            if j <= a + 1 || !(toks[j - 1].is_word() || toks[j - 1].lower == ")") {
                return None;
            }
            let relative = |i: usize| {
                self.v.is("relatives", &toks[i].lower)
                    && !self.v.is("complementizers", &toks[i].lower)
            };
            let subject = if relative(j - 1) {
                j - 1
            } else {
                self.phrase_before(toks, a, j)?.0
            };
            if subject <= a + 1 {
                return None;
            }
            let cut = if relative(subject) {
                subject
            } else {
                let before = &toks[subject - 1];
                let joins = before.kind == Kind::Comma || self.v.is("clause_breaks", &before.lower);
                if !joins {
                    return None;
                }
                subject - 1
            };
            // What is left must still say something: not "out that" alone.
            let said = toks[a..cut]
                .iter()
                .filter(|t| t.is_word() && !self.v.is("complementizers", &t.lower))
                .count();
            // Asked last, as it costs the most: the shape above is already most of the
            // evidence, so the verb needs less than a statement's cue does, or to be a word
            // the train split marked as a cue at least half the time ("did not say when").
            let speaks = self.is_cue(toks, s, k)
                || self.v.cue_share(&toks[k].lower) >= CUE_SHARE
                || CueModel::get().probability(self.v, toks, s, k) >= INNER_CUE_PROBABILITY;
            (said >= MIN_CONTENT_WORDS && speaks).then_some((cut, k))
        })
    }

    /// "and said", "but later warned": a coordinator at `k` whose verb, past auxiliaries,
    /// is a cue with the same subject as the clause before.
    fn opens_coordinated_cue(&self, toks: &[Tok], s: Sentence, k: usize) -> bool {
        if toks[k].quoted || !self.v.is("coordinators", &toks[k].lower) {
            return false;
        }
        let mut c = k + 1;
        while c < s.te && self.is_auxiliary(&toks[c]) {
            c += 1;
        }
        c < s.te && !toks[c].quoted && self.is_cue(toks, s, c)
    }

    /// ", saying …", ", adding that …": a comma then a participle that is a cue opens a
    /// statement of its own by the same speaker, so the one before ends at the comma.
    fn opens_participle_cue(&self, toks: &[Tok], s: Sentence, k: usize) -> bool {
        let c = k + 1;
        c < s.te
            && ends_with_comma(toks, k)
            && toks[c].is_word()
            && !toks[c].quoted
            && toks[c].lower.ends_with("ing")
            && !self.v.is("according", &toks[c].lower)
            && self.is_cue(toks, s, c)
    }

    /// Shapes that name a speaker whatever the model makes of the verb, rare as they are in
    /// the corpus: "was criticized by X" and "quoted X as saying".
    fn shaped_as_cue(&self, toks: &[Tok], s: Sentence, c: usize) -> bool {
        let passive = c > s.ts
            && self.v.is("passive_auxiliaries", &toks[c - 1].lower)
            && toks.get(c + 1).is_some_and(|t| t.lower == "by")
            && self.v.cue_share(&toks[c].lower) >= CUE_SHARE;
        passive || self.quoted_as_saying(toks, s, c).is_some()
    }

    /// ", she added." / ", the minister said,": a short speaker between a comma and the
    /// cue, and nothing after the cue but a comma or the sentence's end.
    fn is_trailing(&self, toks: &[Tok], s: Sentence, c: usize) -> bool {
        let mut j = c;
        while j > s.ts && self.is_auxiliary(&toks[j - 1]) {
            j -= 1;
        }
        let mut a = j;
        while a > s.ts && j - a < 4 && toks[a - 1].is_word() && !toks[a - 1].quoted {
            a -= 1;
        }
        let opened =
            a > s.ts && a < j && matches!(toks[a - 1].kind, Kind::Comma | Kind::CloseQuote);
        let closes = c + 1 >= s.te || matches!(toks[c + 1].kind, Kind::Comma | Kind::Stop);
        opened && closes && count_words(&toks[s.ts..a]) >= MIN_CONTENT_WORDS
    }

    fn is_cue(&self, toks: &[Tok], s: Sentence, c: usize) -> bool {
        self.certainty_at(toks, s, c).is_some()
    }

    /// `cue_certainty`, from the sentence's cache when `c` is in the sentence being read.
    fn certainty_at(&self, toks: &[Tok], s: Sentence, c: usize) -> Option<f32> {
        let known = (self.certainty_of == (toks.as_ptr() as usize, s.ts, s.te))
            .then(|| c.checked_sub(s.ts).and_then(|i| self.certainty.get(i)))
            .flatten();
        match known {
            Some(&certainty) => certainty,
            None => self.cue_certainty(toks, s, c),
        }
    }

    /// How sure the stage is that `toks[c]` opens an attribution: the model's probability
    /// for a word (also one that is a cue by its shape), 1 for ":" before a quote and
    /// "according to"; `None` when it is no cue.
    fn cue_certainty(&self, toks: &[Tok], s: Sentence, c: usize) -> Option<f32> {
        let t = &toks[c];
        let shaped = match t.kind {
            // "Trump: “We will win.”"
            Kind::Colon if toks.get(c + 1).is_some_and(|n| n.kind == Kind::OpenQuote) => true,
            // "Graham: Trump’s rhetoric destroying GOP’s chances": whether the name speaks
            // is the check model's to judge ("The Latest: …" does not).
            Kind::Colon => self.leads_headline(toks, s, c),
            Kind::Word if self.v.is("according", &t.lower) => {
                toks.get(c + 1).is_some_and(|n| n.lower == "to")
            }
            // "has repeatedly said": the verb is the cue, not its adverb.
            Kind::Word if cue_model::is_candidate(self.v, toks, c) => {
                let p = CueModel::get().probability(self.v, toks, s, c);
                let cue = p >= cue_model::CUE_PROBABILITY || self.shaped_as_cue(toks, s, c);
                return cue.then_some(p);
            }
            _ => false,
        };
        shaped.then_some(1.0)
    }

    fn attribution(&self, toks: &[Tok], s: Sentence, c: usize) -> Option<Found> {
        if toks[c].kind == Kind::Colon && self.leads_headline(toks, s, c) {
            return Some(Found {
                speaker: (s.ts, c),
                cue: Some((c, c + 1)),
                content: self.extend_quotes(toks, (c + 1, s.te)),
                shared_speaker: false,
                shape: Shape::Lead,
            });
        }
        if toks[c].kind == Kind::Colon {
            let sp = self
                .colon_verb_subject(toks, s, c)
                .or_else(|| self.colon_phrase_speaker(toks, s, c))?;
            let content = self.extend_quotes(toks, (c + 1, s.te));
            return Some(Found {
                speaker: sp,
                cue: Some((c, c + 1)),
                content,
                shared_speaker: false,
                shape: Shape::Colon,
            });
        }
        if self.v.is("according", &toks[c].lower) {
            let sp = self
                .source_after_according(toks, s, c + 2)
                .or_else(|| self.phrase_after(toks, c + 2, s.te, false))?;
            let content = self.content_either_side(toks, s, c, sp.1)?;
            return Some(Found {
                speaker: sp,
                cue: Some((c, c + 2)),
                content,
                shared_speaker: false,
                shape: Shape::According,
            });
        }
        if let Some(f) = self.quoted_as_saying(toks, s, c) {
            return Some(f);
        }
        if let Some(f) = self.quoted_as_saying_passive(toks, s, c) {
            return Some(f);
        }
        let (j, passive) = self.verb_group_start(toks, s, c);
        // "They are convinced that …": a state its subject is in, not a passive.
        let by = toks.get(c + 1).is_some_and(|t| t.lower == "by");
        let stative = !by && self.v.stative_share(&toks[c].lower) >= STATIVE_SHARE;
        if passive && !stative {
            // "X was criticized by Y": Y speaks; with no "by", nobody the text names does.
            toks.get(c + 1).filter(|t| t.lower == "by")?;
            let sp = self.phrase_after(toks, c + 2, s.te, false)?;
            let content = self
                .content_before(toks, s, j, sp.1)
                .or_else(|| self.content_either_side(toks, s, j, sp.1))?;
            return Some(Found {
                speaker: sp,
                cue: Some((c, c + 2)),
                content,
                shared_speaker: false,
                shape: Shape::Passive,
            });
        }
        // "The judge rubbed his chin, and then said …": the sentence's subject speaks.
        if j > s.ts && !toks[j - 1].quoted && self.v.is("coordinators", &toks[j - 1].lower) {
            let speaker = self.sentence_subject(toks, s, j - 1)?;
            let content = self.content_either_side(toks, s, speaker.0, c + 1)?;
            return Some(Found {
                speaker,
                cue: Some((c, c + 1)),
                content,
                shared_speaker: true,
                shape: Shape::Coordinated,
            });
        }
        // "Trump attacked Clinton, saying …", "“…,” he said, citing …": a participle after
        // a comma shares the subject of the clause it hangs on.
        if j == c
            && j > s.ts
            && toks[c].lower.ends_with("ing")
            && toks[j - 1].kind == Kind::Comma
            && !toks[j - 1].quoted
        {
            let speaker = self.sentence_subject(toks, s, j - 1)?;
            let content = self.extend_quotes(toks, (c + 1, clause_end(toks, c + 1, s.te)));
            return (count_words(&toks[content.0..content.1]) >= MIN_CONTENT_WORDS).then_some(
                Found {
                    speaker,
                    cue: Some((c, c + 1)),
                    content,
                    shared_speaker: true,
                    shape: Shape::Participle,
                },
            );
        }
        // "…, said David Axelrod, a former strategist.": a verb before its subject at the
        // close of the sentence reports what precedes it, quoted or not.
        let after_quote =
            j >= 2 + s.ts && (toks[j - 2].kind == Kind::CloseQuote || toks[j - 2].quoted);
        if j == c
            && j > s.ts
            && toks[j - 1].kind == Kind::Comma
            && !toks[j - 1].quoted
            && !after_quote
            && self.v.inverted_share(&toks[c].lower) >= INVERTED_SHARE
        {
            if let Some(speaker) = self.subject_closing(toks, s, c + 1) {
                let content = self.content_before(toks, s, j - 1, speaker.1)?;
                return Some(Found {
                    speaker,
                    cue: Some((c, c + 1)),
                    content,
                    shared_speaker: false,
                    shape: Shape::Inverted,
                });
            }
        }
        let left = (j > s.ts).then(|| &toks[j - 1]);
        let speaker = self
            .subject_left_of(toks, s, j)
            .map(|sp| (sp, Shape::Subject))
            .or_else(|| {
                self.subject_over_chain(toks, s, j)
                    .map(|sp| (sp, Shape::Chain))
            })
            .or_else(|| {
                self.subject_of_speech(toks, s, j, c)
                    .map(|sp| (sp, Shape::Speech))
            });
        let inverted = speaker.is_none();
        let (speaker, shape) = match speaker {
            Some(found) => found,
            None => {
                let quote_before = match left {
                    None => true,
                    Some(w) => {
                        w.kind == Kind::CloseQuote
                            || (w.kind == Kind::Comma
                                && j >= 2 + s.ts
                                && (toks[j - 2].kind == Kind::CloseQuote || toks[j - 2].quoted))
                    }
                };
                if !quote_before {
                    return None;
                }
                (
                    self.phrase_after(toks, c + 1, s.te, true)?,
                    Shape::AfterQuote,
                )
            }
        };
        let content = if inverted {
            self.content_before(toks, s, c, speaker.1)?
        } else if let Some(quote) = self.question_quoted_before(toks, s, speaker, c) {
            quote
        } else {
            let after = self.content_either_side(toks, s, speaker.0, c + 1)?;
            // "X said on Thursday": the statement is the sentence before the speaker.
            if after.0 > c && self.only_circumstance(toks, after) {
                self.content_before(toks, s, speaker.0, c + 1)
                    .unwrap_or(after)
            } else if after.0 > c && self.only_listener(toks, c, after) {
                // "“…,” Tamm told reporters on Tuesday.": with no statement before either,
                // there is none, unless a cue goes on ("X emailed supporters, telling them
                // “…”").
                match self.content_before(toks, s, speaker.0, c + 1) {
                    Some(before) => before,
                    None => {
                        let listener = Found {
                            speaker,
                            cue: Some((c, c + 1)),
                            content: after,
                            shared_speaker: false,
                            shape,
                        };
                        return self.follow_up(toks, s, &listener);
                    }
                }
            } else {
                after
            }
        };
        Some(Found {
            speaker,
            cue: Some((c, c + 1)),
            content,
            shared_speaker: false,
            shape,
        })
    }

    /// Whether the colon at `c` follows a short name that opens the text's headline and
    /// comes before a statement: "Source: what it says". A quotation after the colon is
    /// read as any other colon's. In later paragraphs such a colon seldom reports
    /// ("Editor’s note: …", "Still to come: …"): on PolNeAR train, 40 of 165 did.
    fn leads_headline(&self, toks: &[Tok], s: Sentence, c: usize) -> bool {
        let name = &toks[s.ts..c];
        self.headline
            && s.ts == 0
            && toks.get(c + 1).is_some_and(|t| t.kind != Kind::OpenQuote)
            && name.first().is_some_and(|t| t.cap)
            && name.iter().all(|t| t.is_word() && !t.quoted)
            && name.len() <= MAX_LEAD_WORDS
            && count_words(&toks[c + 1..s.te]) >= MIN_LEAD_CONTENT_WORDS
    }

    /// "Verizon said in a statement: “…”", "Schilling told WEEI: “…”": when the clause that
    /// ends in a colon has a reporting verb, the verb's subject speaks, not the words just
    /// before the colon. The verb is the last word before the colon that the train split
    /// marked as a cue often enough.
    fn colon_verb_subject(
        &self,
        toks: &[Tok],
        s: Sentence,
        colon: usize,
    ) -> Option<(usize, usize)> {
        // The last such word: "Cruz said as the heckler yelled: …" is the heckler's. A word
        // after a determiner is a noun ("in a statement:").
        let k = (s.ts..colon)
            .rev()
            .take_while(|&k| {
                let t = &toks[k];
                let in_clause =
                    t.is_word() || t.kind == Kind::Comma || matches!(t.lower.as_str(), "(" | ")");
                in_clause && !t.quoted && colon - k <= MAX_APPOSITION_TOKENS
            })
            .find(|&k| {
                toks[k].is_word()
                    && self.v.cue_share(&toks[k].lower) >= COLON_VERB_SHARE
                    && !(k > s.ts && is_determiner(&toks[k - 1]))
            })?;
        let (j, passive) = self.verb_group_start(toks, s, k);
        if passive || j <= s.ts || toks[j - 1].quoted {
            return None;
        }
        let w = &toks[j - 1];
        let participle = j == k && w.kind == Kind::Comma && toks[k].lower.ends_with("ing");
        if participle || self.v.is("coordinators", &w.lower) {
            return self.sentence_subject(toks, s, j - 1);
        }
        // "… makes that clear:": "that" after a verb is no relative.
        self.subject_left_of(toks, s, j)
            .filter(|&(a, b)| !(b == a + 1 && self.v.is("complementizers", &toks[a].lower)))
    }

    /// The words just before a colon that no reporting verb precedes: they speak when they
    /// open their clause ("Trump: …", "The ministry’s reply: …"); when a verb comes before
    /// them they are its object, and the clause's subject speaks ("The minister returned to
    /// his familiar lines: …").
    fn colon_phrase_speaker(&self, toks: &[Tok], s: Sentence, c: usize) -> Option<(usize, usize)> {
        let phrase = self.phrase_before(toks, s.ts, c)?;
        let after_verb =
            phrase.0 > s.ts && toks[phrase.0 - 1].is_word() && !toks[phrase.0 - 1].quoted;
        if after_verb {
            if let Some(subject) = self.sentence_subject(toks, s, phrase.0) {
                return Some(subject);
            }
        }
        Some(phrase)
    }

    /// Where the verb group of the cue at `c` starts, back over a time between the speaker
    /// and the verb ("The senator on Tuesday said") and auxiliaries ("has also said"), and
    /// whether those make it passive.
    fn verb_group_start(&self, toks: &[Tok], s: Sentence, c: usize) -> (usize, bool) {
        let mut j = c;
        let mut passive = false;
        // "is calling for" is active: only a participle that is not "-ing" makes it passive.
        let progressive = toks[c].lower.ends_with("ing");
        // "The White House on Monday also urged": times and auxiliaries in any order.
        loop {
            while j > s.ts + 1 && !toks[j - 1].quoted && self.v.is("dates", &toks[j - 1].lower) {
                j -= 1;
                if self.v.is("time_openers", &toks[j - 1].lower) {
                    j -= 1;
                }
            }
            let before_auxiliaries = j;
            while j > s.ts && !toks[j - 1].quoted && self.is_auxiliary(&toks[j - 1]) {
                passive |= !progressive && self.v.is("passive_auxiliaries", &toks[j - 1].lower);
                j -= 1;
            }
            let more_dates =
                j > s.ts + 1 && !toks[j - 1].quoted && self.v.is("dates", &toks[j - 1].lower);
            if j == before_auxiliaries || !more_dates {
                break;
            }
        }
        (j, passive)
    }

    /// The speaker's phrase that ends just before the verb group starting at `j`: a name, a
    /// name and its bracket, or a name before an apposition.
    fn subject_left_of(&self, toks: &[Tok], s: Sentence, j: usize) -> Option<(usize, usize)> {
        let left = (j > s.ts).then(|| &toks[j - 1]);
        match left {
            // "Sen. Elizabeth Warren (D-MA) said": the bracket belongs to the name.
            Some(w) if w.lower == ")" && !w.quoted => self.phrase_before(toks, s.ts, j),
            // "Jason Sims — a teacher from Tartu — says": the name before the dashes.
            Some(w) if is_dash(w) && !w.quoted => (s.ts..j - 1)
                .rev()
                .take_while(|&k| j - k <= MAX_APPOSITION_TOKENS)
                .find(|&k| is_dash(&toks[k]))
                .and_then(|k| self.phrase_before(toks, s.ts, k))
                .map(|(a, _)| (a, j - 1)),
            Some(w) if w.is_word() && !w.quoted => {
                if self.v.is("relatives", &w.lower) {
                    Some((j - 1, j))
                } else {
                    self.phrase_before(toks, s.ts, j)
                        .or_else(|| self.subject_before_relative(toks, s, j))
                }
            }
            Some(w) if w.kind == Kind::Comma && !w.quoted => {
                let after_quote =
                    j >= 2 + s.ts && (toks[j - 2].kind == Kind::CloseQuote || toks[j - 2].quoted);
                if after_quote {
                    None
                } else if let Some(found) = self.subject_before_relative_clause(toks, s, j) {
                    Some(found)
                } else {
                    // "X, a former aide, said": the phrase before the apposition; past an
                    // age or a second apposition ("Marley Anderson, 21, a junior, said").
                    (s.ts..j - 1)
                        .rev()
                        .filter(|&k| toks[k].kind == Kind::Comma && !toks[k].quoted)
                        .take(MAX_APPOSITIONS)
                        .take_while(|&k| j - k <= MAX_APPOSITION_TOKENS)
                        .find_map(|k| {
                            self.phrase_before(toks, s.ts, k)
                                .filter(|&(a, _)| !self.is_adverbial(toks, s, a))
                        })
                        .map(|(a, b)| (self.name_before_office(toks, s, (a, b)), j - 1))
                }
            }
            _ => None,
        }
    }

    /// "Hanneke Visser, the minister of agriculture, fisheries, food security and nature,
    /// said": a phrase found before an apposition's comma that is itself an office set off
    /// by a comma ("the minister of agriculture") follows the name it describes, which
    /// opens the speaker's phrase instead.
    fn name_before_office(&self, toks: &[Tok], s: Sentence, (a, b): (usize, usize)) -> usize {
        let office =
            is_determiner(&toks[a]) && toks[a + 1..b].iter().any(|t| self.names_an_office(t));
        if !office || a <= s.ts + 1 || toks[a - 1].kind != Kind::Comma || toks[a - 1].quoted {
            return a;
        }
        match self.phrase_before(toks, s.ts, a - 1) {
            Some((n, _)) if toks[n..a - 1].iter().any(|t| t.cap && !t.quoted) => n,
            _ => a,
        }
    }

    /// "Hillary Clinton is continuing to insist", "The candidate also continued to refute":
    /// the subject before a chain of verbs that ends in the cue. The chain opens with an
    /// auxiliary or a verb that takes "to", and holds only lower-case words that open no
    /// clause or phrase of their own.
    fn subject_over_chain(&self, toks: &[Tok], s: Sentence, j: usize) -> Option<(usize, usize)> {
        (s.ts + 1..j)
            .rev()
            .take_while(|&k| {
                let t = &toks[k];
                j - k <= MAX_CHAIN_WORDS
                    && t.is_word()
                    && !t.quoted
                    && !t.cap
                    && !is_determiner(t)
                    && !self.v.is("noun_openers", &t.lower)
                    && !self.v.is("clause_breaks", &t.lower)
                    && !self.v.is("complementizers", &t.lower)
                    && !self.v.is("person_pronouns", &t.lower)
                    && !self.v.is("object_pronouns", &t.lower)
            })
            .filter(|&k| {
                self.v.is("finite_auxiliaries", &toks[k].lower)
                    || toks.get(k + 1).is_some_and(|t| t.lower == "to")
            })
            .find_map(|k| {
                // "was made aware", "were shown chanting": a passive names no speaker
                // before it, but "was pressed to explain" does.
                let passive_chain = (k..j).any(|i| {
                    self.v.is("passive_auxiliaries", &toks[i].lower)
                        && i + 1 < j
                        && !self.v.is("auxiliaries", &toks[i + 1].lower)
                        && ["ed", "en", "wn"]
                            .iter()
                            .any(|e| toks[i + 1].lower.ends_with(e))
                        && toks[i + 2].lower != "to"
                });
                if passive_chain {
                    return None;
                }
                let (k, passive) = self.verb_group_start(toks, s, k);
                (!passive)
                    .then(|| self.subject_left_of(toks, s, k))
                    .flatten()
            })
    }

    /// "Participants said, …", "At least half of voters in each state say …": before a verb
    /// that is plainly speech, the words just before it are its subject, named or not.
    fn subject_of_speech(
        &self,
        toks: &[Tok],
        s: Sentence,
        j: usize,
        c: usize,
    ) -> Option<(usize, usize)> {
        let left = toks[..j]
            .last()
            .filter(|t| j > s.ts && t.is_word() && !t.quoted)?;
        if self.v.cue_share(&toks[c].lower) < SPEECH_SHARE || self.v.is("relatives", &left.lower) {
            return None;
        }
        self.phrase_before_as(toks, s.ts, j, true)
    }

    /// "Hawkins and others who want to ban abortion said": a subject that a relative clause
    /// with no comma around it separates from its verb. The speaker is the phrase and its
    /// clause, as annotators mark it.
    fn subject_before_relative(
        &self,
        toks: &[Tok],
        s: Sentence,
        j: usize,
    ) -> Option<(usize, usize)> {
        let rel = (s.ts + 1..j.saturating_sub(1))
            .rev()
            .take_while(|&k| toks[k].is_word() && !toks[k].quoted && j - k <= MAX_APPOSITION_TOKENS)
            .find(|&k| toks[k].lower == "who")?;
        let (a, _) = self.phrase_before(toks, s.ts, rel)?;
        Some((a, j))
    }

    /// "BYD, whose plant, in Szeged, Hungary, opened this year, said": a relative clause
    /// opened by a comma after the speaker's phrase runs to the comma before the verb
    /// group at `j`, and the commas inside it are its own, so no phrase it holds ("Hungary")
    /// speaks. The first such clause counts.
    fn subject_before_relative_clause(
        &self,
        toks: &[Tok],
        s: Sentence,
        j: usize,
    ) -> Option<(usize, usize)> {
        // "X, who …, said Y, and his minister, Z, told": a clause joined after a comma
        // ends the search.
        (s.ts + 1..j.saturating_sub(2))
            .rev()
            .take_while(|&k| {
                let joined =
                    toks[k].kind == Kind::Comma && self.v.is("coordinators", &toks[k + 1].lower);
                !toks[k].quoted
                    && j - k <= MAX_RELATIVE_CLAUSE_TOKENS
                    && !is_semicolon(&toks[k])
                    && !joined
            })
            .filter(|&k| {
                toks[k].kind == Kind::Comma
                    && self.v.is("relative_clause_openers", &toks[k + 1].lower)
            })
            .last()
            .and_then(|k| self.phrase_before(toks, s.ts, k))
            .filter(|&(a, _)| !self.is_adverbial(toks, s, a))
            .map(|(a, _)| (a, j - 1))
    }

    /// Whether the phrase starting at `a` says how, when or where rather than who: the
    /// stretch it ends, from the comma before it, opens with a participle ("speaking at a
    /// rally in Narva") or a preposition ("during a visit to Tartu"). "Kaja Tamm, not on the
    /// list" and a phrase cut short by its length are still names.
    fn is_adverbial(&self, toks: &[Tok], s: Sentence, a: usize) -> bool {
        let opens = (s.ts..a)
            .rev()
            .find(|&k| toks[k].kind == Kind::Comma && !toks[k].quoted)
            .map_or(s.ts, |k| k + 1);
        let t = &toks[opens];
        let participle = !t.cap && t.lower.ends_with("ing");
        !t.quoted && (participle || self.v.is("adverbial_prepositions", &t.lower))
    }

    /// "“Who do they think they are?” Trump said of Apple.": a quotation that ends in a
    /// question or exclamation mark ends a sentence for the splitter, but when the next
    /// sentence opens with its speaker and a cue that reports nothing else (no quote, no
    /// "that"), the quotation is what was said, with any that go on after the sentence.
    fn question_quoted_before(
        &self,
        toks: &[Tok],
        s: Sentence,
        speaker: (usize, usize),
        c: usize,
    ) -> Option<(usize, usize)> {
        if speaker.0 != s.ts || s.ts < 2 || toks[s.ts - 1].kind != Kind::CloseQuote {
            return None;
        }
        if !matches!(toks[s.ts - 2].lower.as_str(), "?" | "!") {
            return None;
        }
        let reports_more = toks[c + 1..s.te].iter().any(|t| {
            t.quoted
                || matches!(t.kind, Kind::OpenQuote | Kind::CloseQuote)
                || self.v.is("complementizers", &t.lower)
        });
        if reports_more {
            return None;
        }
        let open = (0..s.ts - 1)
            .rev()
            .find(|&k| toks[k].kind == Kind::OpenQuote)?;
        self.content_before(toks, Sentence { ts: open, te: s.te }, s.ts, c + 1)
    }

    /// "said on Thursday", "said in a video message": what follows the cue only says when
    /// or where, so the statement is elsewhere.
    fn only_circumstance(&self, toks: &[Tok], (a, b): (usize, usize)) -> bool {
        let first = &toks[a].lower;
        let opens = self.v.is("circumstance_openers", first) || self.v.is("dates", first);
        opens
            && count_words(&toks[a..b]) <= MAX_CIRCUMSTANCE_WORDS
            && toks[a..b].iter().all(|t| {
                !t.quoted && t.kind != Kind::OpenQuote && !self.v.is("complementizers", &t.lower)
            })
    }

    /// "told The Huffington Post", "told reporters during a call": what follows a cue whose
    /// content the train split mostly found after other words is only the listener, and
    /// perhaps when or where.
    fn only_listener(&self, toks: &[Tok], c: usize, (a, b): (usize, usize)) -> bool {
        if self.v.addressee_share(&toks[c].lower) < ADDRESSEE_SHARE {
            return false;
        }
        let mut k = a;
        while k < b
            && k - a < MAX_SPEAKER_WORDS
            && toks[k].is_word()
            && !toks[k].quoted
            && (self.could_name(&toks[k]) || self.v.is("object_pronouns", &toks[k].lower))
        {
            k += 1;
        }
        while k > a && self.v.is("phrase_glue", &toks[k - 1].lower) {
            k -= 1;
        }
        let rest_words = count_words(&toks[k..b]);
        k > a && (rest_words == 0 || self.only_circumstance(toks, (k, b)))
    }

    /// The subject a coordinated verb before `end` shares: of the clause after the last
    /// comma ("Likewise, Trump went after Clinton and called …"), else of the sentence ("The
    /// Arizona Republican survived … and says …").
    fn sentence_subject(&self, toks: &[Tok], s: Sentence, end: usize) -> Option<(usize, usize)> {
        let after_comma = (s.ts..end)
            .rev()
            .find(|&k| toks[k].kind == Kind::Comma && !toks[k].quoted)
            .map(|k| k + 1);
        // "“…,” McCain said, citing …": the clause that follows a quotation.
        let after_quote = (s.ts..end)
            .rev()
            .find(|&k| toks[k].kind == Kind::CloseQuote)
            .map(|k| k + 1 + usize::from(toks.get(k + 1).is_some_and(|t| t.kind == Kind::Comma)));
        // The later boundary first: its clause is the one the verb at `end` belongs to.
        [after_comma.max(after_quote), after_comma.min(after_quote)]
            .into_iter()
            .flatten()
            .chain([s.ts])
            .find_map(|a| self.subject_at(toks, a, end))
    }

    /// A phrase naming someone that starts at `a` and is followed at once by its verb: words
    /// up to the first lower-case word that names no one. "When …", "Speaking on …" and
    /// "Instead," open no subject.
    fn subject_at(&self, toks: &[Tok], a: usize, end: usize) -> Option<(usize, usize)> {
        let t = toks.get(a).filter(|t| t.is_word() && !t.quoted)?;
        if self.v.is("clause_openers", &t.lower) || t.lower.ends_with("ing") {
            return None;
        }
        let mut b = a;
        while b < end && b - a < MAX_SPEAKER_WORDS {
            let t = &toks[b];
            // "Florida Gov. Rick Scott (R) blasted …": a bracket belongs to the name.
            if b > a && t.lower == "(" && !t.quoted {
                match (b + 1..end.min(b + 6)).find(|&k| toks[k].lower == ")") {
                    Some(k) => {
                        b = k + 1;
                        continue;
                    }
                    None => break,
                }
            }
            if !t.is_word() || t.quoted || (b > a && !self.could_name(t)) {
                break;
            }
            b += 1;
        }
        while b > a && self.v.is("phrase_glue", &toks[b - 1].lower) {
            b -= 1;
        }
        let verb_at = |k: usize| k < end && toks[k].is_word() && !toks[k].quoted;
        if b > a && b < end && toks[b].kind == Kind::Comma && !toks[b].quoted {
            // "Gary Emineth, a former state party chairman, became …": past an apposition.
            let closing = (b + 1..end.min(b + MAX_APPOSITION_TOKENS))
                .take_while(|&k| !toks[k].quoted)
                .find(|&k| toks[k].kind == Kind::Comma)
                .filter(|&k| {
                    let verb = k + 1;
                    k > b + 1
                        && verb_at(verb)
                        && !toks[verb].cap
                        && !self.v.is("coordinators", &toks[verb].lower)
                })?;
            if self.v.is("adverbial_prepositions", &toks[a].lower) {
                return None;
            }
            let (a, _) = self.plausible_speaker(toks, (a, b))?;
            return Some((a, closing));
        }
        if b == a || !verb_at(b) {
            return None;
        }
        self.plausible_speaker(toks, (a, b))
    }

    /// A word that can be part of a name or a described speaker: capitalised, a
    /// determiner or glue ("the", "of"), or a word annotators often marked as a source.
    fn could_name(&self, t: &Tok) -> bool {
        t.cap
            || is_determiner(t)
            || self.v.is("phrase_glue", &t.lower)
            || self.v.source_share(&t.lower) >= 0.2
    }

    /// A name or a described speaker that starts at `a` and closes the sentence, alone or
    /// with an apposition that reports nothing itself: "said the ministry.", "said David
    /// Axelrod, a former strategist for the campaign."
    fn subject_closing(&self, toks: &[Tok], s: Sentence, a: usize) -> Option<(usize, usize)> {
        if self.opens_with_preposition(toks, a) {
            return None;
        }
        let mut b = a;
        while b < s.te && b - a < MAX_SPEAKER_WORDS {
            let t = &toks[b];
            let names = self.could_name(t)
                || self.v.is("person_pronouns", &t.lower)
                || self.v.is("group_pronouns", &t.lower);
            if !t.is_word() || t.quoted || !names {
                break;
            }
            b += 1;
        }
        while b > a && self.v.is("phrase_glue", &toks[b - 1].lower) {
            b -= 1;
        }
        if b == a {
            return None;
        }
        let rest = &toks[b..s.te];
        let closes = rest.iter().all(|t| t.kind == Kind::Stop)
            || (toks[b].kind == Kind::Comma
                && rest.len() <= MAX_APPOSITION_TOKENS
                && !rest
                    .iter()
                    .any(|t| t.quoted || matches!(t.kind, Kind::OpenQuote | Kind::CloseQuote))
                && !(b + 1..s.te).any(|k| self.is_cue(toks, s, k)));
        if !closes {
            return None;
        }
        self.plausible_speaker(toks, (a, b))
    }

    /// "according to a New York Times/CBS News poll released Sunday": the source runs on to
    /// the comma or the sentence's end, slashes, "and" and participles included, so that
    /// no part of it is taken for what was said.
    fn source_after_according(
        &self,
        toks: &[Tok],
        s: Sentence,
        a: usize,
    ) -> Option<(usize, usize)> {
        let b = (a..s.te)
            .find(|&k| {
                let t = &toks[k];
                t.quoted
                    || matches!(
                        t.kind,
                        Kind::Comma | Kind::Stop | Kind::OpenQuote | Kind::CloseQuote | Kind::Colon
                    )
            })
            .unwrap_or(s.te);
        if b <= a || b - a > MAX_APPOSITION_TOKENS {
            return None;
        }
        let (a, b) = trim(toks, (a, b));
        // "… released on Sunday": the phrase is judged by what comes before its time.
        let mut head = b;
        while head > a + 1
            && (self.v.is("dates", &toks[head - 1].lower)
                || self.v.is("time_openers", &toks[head - 1].lower))
        {
            head -= 1;
        }
        self.plausible_speaker(toks, (a, head))?;
        // "according to the foreign ministry's spokeswoman, Maria Zakharova, …": a title
        // goes on into the name set off after it.
        if is_determiner(&toks[a]) && toks.get(b).is_some_and(|t| t.kind == Kind::Comma) {
            let name = (b + 1..s.te)
                .take_while(|&k| toks[k].is_word() && toks[k].cap && !toks[k].quoted)
                .count();
            let closed = toks
                .get(b + 1 + name)
                .is_some_and(|t| t.kind == Kind::Comma && b + 2 + name < s.te);
            if (2..=MAX_NAME_WORDS).contains(&name) && closed {
                return Some((a, b + 1 + name));
            }
        }
        Some((a, b))
    }

    /// "State media quoted Kim as saying that …": Kim speaks.
    fn quoted_as_saying(&self, toks: &[Tok], s: Sentence, c: usize) -> Option<Found> {
        // "was quoted by the agency as saying": a passive, whose subject speaks.
        if !self.v.is("quoting_verbs", &toks[c].lower) || toks.get(c + 1).is_some_and(is_by) {
            return None;
        }
        let end = (c + 1 + MAX_SPEAKER_WORDS).min(s.te);
        let k = (c + 2..end).find(|&k| {
            toks[k].lower == "as"
                && toks
                    .get(k + 1)
                    .is_some_and(|n| k + 1 < s.te && self.v.cue_share(&n.lower) >= CUE_SHARE)
        })?;
        let speaker = self.plausible_speaker(toks, (c + 1, k))?;
        let content = trim(toks, self.extend_quotes(toks, (k + 2, s.te)));
        (count_words(&toks[content.0..content.1]) >= MIN_CONTENT_WORDS).then_some(Found {
            speaker,
            cue: Some((k + 1, k + 2)),
            content,
            shared_speaker: false,
            shape: Shape::QuotedAs,
        })
    }

    /// "“…,” Kim was quoted as saying by the state news agency", "Kim was quoted as saying
    /// that …", "Kim was quoted by the agency as saying …": the passive's subject speaks;
    /// the one quoting ("by …") does not. The cue at `cue` is the quoting verb or the verb
    /// it quotes.
    fn quoted_as_saying_passive(&self, toks: &[Tok], s: Sentence, cue: usize) -> Option<Found> {
        let quoting = |k: usize| self.v.is("quoting_verbs", &toks[k].lower);
        // Where the quoter ends: right at the verb, or past "by" and a short phrase.
        let quoter_after = |c: usize| {
            if !toks.get(c + 1).is_some_and(is_by) {
                return Some(c + 1);
            }
            let end = (c + 2 + MAX_SPEAKER_WORDS).min(s.te);
            (c + 2..end).find(|&k| toks[k].lower == "as" && !toks[k].quoted)
        };
        // The cue may be the quoting verb, "as" (which the model can be surer of) or the
        // verb after it.
        let as_at = if toks[cue].lower == "as" {
            Some(cue)
        } else {
            (cue >= s.ts + 2 && toks[cue - 1].lower == "as").then(|| cue - 1)
        };
        let (c, as_at) = if let Some(as_at) = as_at.filter(|&k| k > s.ts) {
            let from = as_at.saturating_sub(2 + MAX_SPEAKER_WORDS).max(s.ts);
            let c = (from..as_at)
                .rev()
                .find(|&k| quoting(k) && quoter_after(k) == Some(as_at))?;
            (c, as_at)
        } else {
            (cue, quoter_after(cue)?)
        };
        let says = as_at + 1;
        let shaped = quoting(c)
            && says < s.te
            && toks[as_at].lower == "as"
            && self.v.cue_share(&toks[says].lower) >= CUE_SHARE;
        if !shaped {
            return None;
        }
        let (j, passive) = self.verb_group_start(toks, s, c);
        if !passive {
            return None;
        }
        let speaker = self.subject_left_of(toks, s, j)?;
        let mut after = says + 1;
        if toks.get(after).is_some_and(|t| t.lower == "by") {
            after = self
                .phrase_after(toks, after + 1, s.te, false)
                .map_or(after, |(_, b)| b);
        }
        let content = self.content_either_side(toks, s, speaker.0, after)?;
        Some(Found {
            speaker,
            cue: Some((c, says + 1)),
            content,
            shared_speaker: false,
            shape: Shape::QuotedAs,
        })
    }

    /// Content after `after` when it holds a statement, else before `before`; the whole
    /// sentence when the speaker and cue sit inside it ("The plan, he said, is dead"). A
    /// quotation just before the speaker is the content whatever follows the cue ("“…,” X
    /// said in a statement").
    fn content_either_side(
        &self,
        toks: &[Tok],
        s: Sentence,
        before: usize,
        after: usize,
    ) -> Option<(usize, usize)> {
        // A semicolon ends what a cue reports: "X said A; Y ruled out B".
        let s = Sentence {
            ts: (s.ts..before)
                .rev()
                .find(|&k| is_semicolon(&toks[k]))
                .map_or(s.ts, |k| k + 1),
            te: clause_end(toks, after.min(s.te), s.te),
        };
        let words_after = count_words(&toks[after.min(s.te)..s.te]);
        let words_before = count_words(&toks[s.ts..before]);
        let comma_before = before > s.ts && toks[before - 1].kind == Kind::Comma;
        let comma_after = after < s.te && toks[after].kind == Kind::Comma;
        // "“…,” X said" or "“…” X said": the quote just before the speaker.
        let quote_before = before > s.ts
            && (toks[before - 1].kind == Kind::CloseQuote
                || (comma_before
                    && before >= s.ts + 2
                    && (toks[before - 2].kind == Kind::CloseQuote || toks[before - 2].quoted)));
        // "Speaking on ABC’s “This Week,” Carson said his campaign …": a quotation that
        // opens inside a phrase names something; when the cue goes on into a clause of its
        // own, that clause is the statement.
        let quote_first = quote_before && self.quotation_opens_clause(toks, s, before);
        let goes_on = words_after >= MIN_CONTENT_WORDS
            && !comma_after
            && !self.only_circumstance(toks, (after, s.te));
        let quote_before = quote_before && (quote_first || !goes_on);
        if words_before >= MIN_CONTENT_WORDS && (quote_before || (comma_before && comma_after)) {
            if quote_before {
                return self.content_before(toks, s, before, after);
            }
            return Some(self.extend_quotes(toks, (s.ts, s.te)));
        }
        // "…, she said in a video message.": a reporting clause that only says when or
        // where closes the statement before it, as "…, she said." does.
        let closes = comma_before && after < s.te && self.only_circumstance(toks, (after, s.te));
        if words_before >= MIN_CONTENT_WORDS && closes {
            return self.content_before(toks, s, before, after);
        }
        if words_after >= MIN_CONTENT_WORDS && !(comma_after && words_before >= MIN_CONTENT_WORDS) {
            return Some(self.extend_quotes(toks, (after, self.content_end(toks, s, after))));
        }
        if words_before == 0 && words_after < MIN_CONTENT_WORDS {
            return self.quotation_just_before(toks, s);
        }
        // "Negotiators agreed on the law, three years after the Commission proposed it":
        // a speaker inside a clause of its own reports nothing of the clause before it.
        if before > s.ts && self.v.is("clause_openers", &toks[before - 1].lower) {
            return None;
        }
        self.content_before(toks, s, before, after)
    }

    /// "“I hope you find them.” Trump said." and "“What can we do?” Weaver said.": a
    /// sentence that is nothing but its reporting clause reports the quotation that closed
    /// the sentence before it. The quotation's range, if one ends right there.
    fn quotation_just_before(&self, toks: &[Tok], s: Sentence) -> Option<(usize, usize)> {
        let close = s.ts.checked_sub(1)?;
        // The marks between its last word and the closing quote hold a full stop, a
        // question or an exclamation ("…?’”").
        let last_word = (0..close).rev().find(|&k| toks[k].is_word())?;
        let ended = toks[close].kind == Kind::CloseQuote
            && toks[last_word + 1..close]
                .iter()
                .any(|t| t.kind == Kind::Stop);
        if !ended {
            return None;
        }
        let open = (0..close)
            .rev()
            .take_while(|&k| toks[k].kind != Kind::CloseQuote)
            .find(|&k| toks[k].kind == Kind::OpenQuote)?;
        (count_words(&toks[open..s.ts]) >= MIN_CONTENT_WORDS).then_some((open, s.ts))
    }

    /// Where content that starts at `after` ends: before a joined clause with a speaker and
    /// cue of its own ("…, and his foreign minister told reporters that …"), a coordinated
    /// cue ("… and warned …") or a participle cue ("…, saying …"), else at the sentence's
    /// end. `s` ends at a semicolon already.
    fn content_end(&self, toks: &[Tok], s: Sentence, after: usize) -> usize {
        (after..s.te.saturating_sub(1))
            .find(|&k| {
                let joined_clause = k + 2 < s.te
                    && ends_with_comma(toks, k)
                    && self.v.is("coordinators", &toks[k + 1].lower)
                    && (k + 3..s.te).any(|c| !toks[c].quoted && self.is_cue(toks, s, c));
                joined_clause
                    || self.opens_coordinated_cue(toks, s, k)
                    || self.opens_participle_cue(toks, s, k)
            })
            .unwrap_or(s.te)
    }

    /// The statement that goes on where `f`'s content was cut at a cue with the same
    /// subject: "X endorsed Y, saying …", "X denied it and pointed out that …". Its speaker
    /// is `f`'s, found with the whole clause before it; on its own the later cue often has
    /// none it can find ("The billionaire businessman began by …, saying …").
    fn follow_up(&self, toks: &[Tok], s: Sentence, f: &Found) -> Option<Found> {
        let cue = f.cue?;
        if toks[cue.0].kind != Kind::Word {
            return None;
        }
        // "“A,” X said, noting B. “C.”": the content lies before the reporting clause, and
        // a quotation resumed after the participle may have carried it on past B.
        let closing = f.content.0 < cue.0.min(f.speaker.0);
        if closing {
            let k = cue.1.max(f.speaker.1);
            if !self.opens_participle_cue(toks, s, k) {
                return None;
            }
            let c = k + 1;
            let content = self.extend_quotes(toks, (c + 1, self.content_end(toks, s, c + 1)));
            return (count_words(&toks[content.0..content.1]) >= MIN_CONTENT_WORDS).then_some(
                Found {
                    speaker: f.speaker,
                    cue: Some((c, c + 1)),
                    content,
                    shared_speaker: true,
                    shape: Shape::FollowUp,
                },
            );
        }
        if f.speaker.1 > cue.0 || f.content.0 < cue.1 {
            return None;
        }
        let (_, b) = f.content;
        let c = (b - 1..(b + 2).min(s.te)).find_map(|k| {
            if self.opens_participle_cue(toks, s, k) {
                return Some(k + 1);
            }
            if !self.opens_coordinated_cue(toks, s, k) {
                return None;
            }
            (k + 1..s.te).find(|&c| !self.is_auxiliary(&toks[c]))
        })?;
        let s = Sentence {
            ts: s.ts,
            te: clause_end(toks, c, s.te),
        };
        let content = self.extend_quotes(toks, (c + 1, self.content_end(toks, s, c + 1)));
        let says_something = count_words(&toks[content.0..content.1]) >= MIN_CONTENT_WORDS
            && !self.only_circumstance(toks, content)
            && !self.only_listener(toks, c, content);
        says_something.then_some(Found {
            speaker: f.speaker,
            cue: Some((c, c + 1)),
            content,
            shared_speaker: true,
            shape: Shape::FollowUp,
        })
    }

    /// The sentence up to `end`, reaching back to where a quotation it ends opened. When
    /// nothing but the attribution follows (`tail` on), quotations that go on right after
    /// the sentence belong to it too: "“A,” he said. “B.”"
    fn content_before(
        &self,
        toks: &[Tok],
        s: Sentence,
        end: usize,
        tail: usize,
    ) -> Option<(usize, usize)> {
        if count_words(&toks[s.ts..end]) < MIN_CONTENT_WORDS {
            return None;
        }
        let (a, mut b) = self.extend_quotes(toks, (s.ts, end));
        // Content that opens or closes with a quotation: "“A,” she said" and "Yet X is a
        // “change agent,” Cole said".
        let quoted_content = toks[a].kind == Kind::OpenQuote
            || toks[a].quoted
            || (b > a && toks[b - 1].kind == Kind::CloseQuote);
        if !quoted_content {
            return Some((a, b));
        }
        // "“A,” he said of X, “because B.”": a quote resumed in the same sentence.
        // It opens after a comma; a quotation inside a clause that follows ("…,” Trump said,
        // after Quick called him a “liar”") is that clause's.
        if let Some(k) = (tail.min(s.te)..s.te).find(|&k| {
            toks[k].kind == Kind::OpenQuote && matches!(toks[k - 1].kind, Kind::Comma | Kind::Colon)
        }) {
            b = self.extend_quotes(toks, (k, s.te)).1.max(b);
        }
        // Quotes that stand alone right after the sentence go on with it; the content is
        // then the hull of the quotes, as annotators mark a split quotation.
        let mut j = b.max(s.te);
        while j < toks.len() && toks[j].kind == Kind::Stop {
            j += 1;
        }
        while j < toks.len() && toks[j].kind == Kind::OpenQuote {
            let mut k = j + 1;
            while k < toks.len() && toks[k].kind != Kind::CloseQuote {
                k += 1;
            }
            // "“B,” he added" is a statement of its own; "“B.” His aide …" is not, the
            // quote closed a sentence and the next begins.
            let next = toks.get(k + 1);
            let closed_sentence = k > j + 1 && toks[k - 1].kind == Kind::Stop;
            if k < toks.len()
                && next.is_some_and(|n| !matches!(n.kind, Kind::Stop | Kind::OpenQuote))
                && !closed_sentence
            {
                break;
            }
            b = (k + 1).min(toks.len());
            j = b;
            while j < toks.len() && toks[j].kind == Kind::Stop {
                j += 1;
            }
        }
        let b = trim(toks, (a, b)).1;
        Some((a, b))
    }

    /// Whether the quotation that closes just before `before` (perhaps before a comma)
    /// opens its sentence, or began in an earlier one, rather than opening after words of
    /// the sentence's own.
    fn quotation_opens_clause(&self, toks: &[Tok], s: Sentence, before: usize) -> bool {
        let close = (s.ts..before)
            .rev()
            .find(|&k| toks[k].kind == Kind::CloseQuote);
        let Some(close) = close else {
            // "…, he said" inside a quotation that runs on: the quote is the sentence.
            return true;
        };
        match (s.ts..close)
            .rev()
            .find(|&k| toks[k].kind == Kind::OpenQuote)
        {
            Some(open) => !toks[s.ts..open].iter().any(|t| t.is_word() && !t.quoted),
            None => true,
        }
    }

    /// Widens a token range to whole quotations: back to the mark that opened a quote it
    /// starts in, and on to the mark that closes one it opens.
    fn extend_quotes(&self, toks: &[Tok], (mut a, mut b): (usize, usize)) -> (usize, usize) {
        if a < toks.len() && toks[a].quoted {
            while a > 0 && toks[a - 1].kind != Kind::OpenQuote {
                a -= 1;
            }
            a = a.saturating_sub(1);
        }
        let mut open = false;
        for t in &toks[a..b] {
            match t.kind {
                Kind::OpenQuote => open = true,
                Kind::CloseQuote => open = false,
                _ => {}
            }
        }
        if open {
            while b < toks.len() && toks[b].kind != Kind::CloseQuote {
                b += 1;
            }
            b = (b + 1).min(toks.len());
        }
        trim(toks, (a, b))
    }

    /// The speaker's phrase ending just before `end`: words back to a clause boundary.
    fn phrase_before(&self, toks: &[Tok], ts: usize, end: usize) -> Option<(usize, usize)> {
        self.phrase_before_as(toks, ts, end, false)
    }

    /// `phrase_before`, with `any_noun` passed on to `speaker_phrase`.
    fn phrase_before_as(
        &self,
        toks: &[Tok],
        ts: usize,
        end: usize,
        any_noun: bool,
    ) -> Option<(usize, usize)> {
        let mut a = end;
        while a > ts && end - a < MAX_SPEAKER_WORDS {
            let t = &toks[a - 1];
            // "Rep. Elijah Cummings (D-Md.)": a bracket belongs to the name before it.
            if t.lower == ")" {
                match (ts..a - 1).rev().find(|&k| toks[k].lower == "(") {
                    Some(k) if k > ts => {
                        a = k;
                        continue;
                    }
                    _ => break,
                }
            }
            if !t.is_word() || t.quoted {
                break;
            }
            // "Though he said": a clause opener is no part of a name, capitalised or not,
            // unless it is inside one ("Will Smith").
            let sentence_start = a - 1 == ts;
            if self.v.is("clause_openers", &t.lower)
                && (!t.cap || sentence_start)
                && !self.joins_a_noun_to_its_object(toks, ts, a - 1, end)
                && !self.joins_an_office_s_words(toks, ts, a - 1, end)
            {
                break;
            }
            a -= 1;
        }
        while a < end && self.v.is("phrase_glue", &toks[a].lower) && !is_determiner(&toks[a]) {
            a += 1;
        }
        self.speaker_phrase(toks, (a, end), any_noun)
    }

    /// "China’s mission to the EU", "an adviser to the president": a "to" between a noun
    /// that follows a determiner or a possessive and a determiner or a name after it is a
    /// preposition inside the speaker's phrase, not an infinitive's ("wants to say").
    fn joins_a_noun_to_its_object(&self, toks: &[Tok], ts: usize, k: usize, end: usize) -> bool {
        if toks[k].lower != "to" || k < ts + 2 || k + 1 >= end {
            return false;
        }
        let (opener, noun, next) = (&toks[k - 2], &toks[k - 1], &toks[k + 1]);
        let owned = is_determiner(opener)
            || opener.lower.ends_with("'s")
            || self.v.is("noun_openers", &opener.lower);
        owned
            && noun.is_word()
            && !noun.cap
            && !noun.quoted
            && !self.v.is("clause_openers", &noun.lower)
            && !self.v.is("auxiliaries", &noun.lower)
            && (is_determiner(next) || next.cap)
    }

    /// "the climate and environment ministry", "Ports and Airports Minister X", "the minister
    /// for research and space", "the Department of Health and Human Services": an "and"
    /// between two words of one case that name an office's portfolio joins them inside the
    /// speaker's phrase. The office's word (a body or a title) follows the second word
    /// closely, or "for"/"of" after it comes just before the first.
    fn joins_an_office_s_words(&self, toks: &[Tok], ts: usize, k: usize, end: usize) -> bool {
        if toks[k].lower != "and" || k <= ts || k + 1 >= end {
            return false;
        }
        let (before, after) = (&toks[k - 1], &toks[k + 1]);
        let plain = |t: &Tok| {
            t.is_word()
                && !t.quoted
                && !is_determiner(t)
                && !self.v.is("noun_openers", &t.lower)
                && !self.v.is("person_pronouns", &t.lower)
                && !self.v.is("group_pronouns", &t.lower)
                && !self.v.is("clause_openers", &t.lower)
                && !self.v.is("auxiliaries", &t.lower)
        };
        let office = |t: &Tok| t.is_word() && !t.quoted && self.names_an_office(t);
        let heads_after = toks[k + 2..end.min(k + 4)]
            .iter()
            .take_while(|t| t.is_word() && !t.quoted)
            .any(office);
        let portfolio_before = k >= ts + 3
            && matches!(toks[k - 2].lower.as_str(), "for" | "of")
            && office(&toks[k - 3]);
        plain(before)
            && plain(after)
            && before.cap == after.cap
            && !office(before)
            && (heads_after || portfolio_before)
    }

    /// A body's word or a title ("ministry", "minister"): what an office's phrase ends in.
    fn names_an_office(&self, t: &Tok) -> bool {
        self.v.is("bodies", &t.lower) || self.v.is("titles", &t.lower)
    }

    /// Between a speaker and the cue: auxiliaries and adverbs ("has publicly", "angrily").
    fn is_auxiliary(&self, t: &Tok) -> bool {
        t.is_word() && (self.v.is("auxiliaries", &t.lower) || (!t.cap && t.lower.ends_with("ly")))
    }

    /// The speaker's phrase starting at `start`: "according to X", "“…,” said X".
    /// With `apposition`, a phrase that closes the sentence after a comma is part of it.
    fn phrase_after(
        &self,
        toks: &[Tok],
        start: usize,
        te: usize,
        apposition: bool,
    ) -> Option<(usize, usize)> {
        if self.opens_with_preposition(toks, start) {
            return None;
        }
        let mut b = start;
        while b < te && b - start < MAX_SPEAKER_WORDS {
            let t = &toks[b];
            if !t.is_word() || t.quoted {
                break;
            }
            if b > start
                && self.v.is("clause_openers", &t.lower)
                && !self.joins_an_office_s_words(toks, start, b, te)
            {
                break;
            }
            b += 1;
        }
        while b > start && self.v.is("phrase_glue", &toks[b - 1].lower) {
            b -= 1;
        }
        // "said Kaja Tamm, Estonia's prime minister." : an apposition that ends the sentence.
        if apposition && b > start && b < te && toks[b].kind == Kind::Comma {
            let rest = &toks[b + 1..te];
            let words = rest.iter().take_while(|t| t.is_word() && !t.quoted).count();
            let closes = rest[words..].iter().all(|t| t.kind == Kind::Stop);
            if (1..MAX_SPEAKER_WORDS).contains(&words) && closes {
                let (a, _) = self.plausible_speaker(toks, (start, b))?;
                return Some((a, b + 1 + words));
            }
        }
        self.plausible_speaker(toks, (start, b))
    }

    /// "said of Cruz", "said in a statement": what follows a cue from a preposition on says
    /// what or where, not who; but a capital makes a name ("said Under Secretary Jane Doe").
    fn opens_with_preposition(&self, toks: &[Tok], a: usize) -> bool {
        toks.get(a)
            .is_some_and(|t| !t.quoted && !t.cap && self.v.is("prepositions", &t.lower))
    }

    /// A phrase can speak when it names someone: a capitalised word, a pronoun, or a word
    /// annotators often marked as a source ("officials", "poll").
    fn plausible_speaker(&self, toks: &[Tok], span: (usize, usize)) -> Option<(usize, usize)> {
        self.speaker_phrase(toks, span, false)
    }

    /// As `plausible_speaker`; with `any_noun`, a phrase of common nouns speaks too: the
    /// subject of a verb that is plainly speech ("participants said", "voters in each
    /// state say") needs no word that train marked as a source.
    fn speaker_phrase(
        &self,
        toks: &[Tok],
        (a, b): (usize, usize),
        any_noun: bool,
    ) -> Option<(usize, usize)> {
        if a >= b {
            return None;
        }
        let head = &toks[b - 1];
        // "After the vote he told reporters", "which he said": a pronoun that ends the
        // phrase is its subject; the words before it open the clause, they do not speak.
        let pronoun = self.v.is("person_pronouns", &head.lower) || head.lower == "they";
        if b - a >= 2 && pronoun && toks[b - 2].is_word() && !toks[b - 2].quoted {
            return Some((b - 1, b));
        }
        // "Many said …", "Yet another says …": a quantifier alone that opens its clause
        // stands for people ("Cruz and Rubio have both urged" is theirs).
        let opens_clause = || {
            toks[..a].last().is_none_or(|t| {
                !t.is_word()
                    || (self.v.is("clause_openers", &t.lower)
                        && !self.v.is("auxiliaries", &t.lower))
            })
        };
        if b == a + 1 && self.v.is("quantifiers", &head.lower) && opens_clause() {
            return Some((a, b));
        }
        if self.v.is("not_speakers", &head.lower) || self.v.is("dates", &head.lower) {
            return None;
        }
        // "a campaign official who was not authorized to speak": a relative clause may.
        let holds_verb = toks[a..b]
            .iter()
            .take_while(|t| !self.v.is("relatives", &t.lower) && t.lower != "(")
            .any(|t| !t.cap && !t.quoted && self.v.is("finite_auxiliaries", &t.lower));
        if holds_verb {
            return None;
        }
        // "the ministry"; "most of them", "all three".
        let counted = self.v.is("quantifiers", &toks[a].lower)
            && toks.get(a + 1).is_some_and(|t| {
                t.lower == "of" || is_number(t) || self.v.is("number_words", &t.lower)
            });
        let described = (is_determiner(&toks[a]) || counted) && b - a >= 2;
        // "47 percent said", "more than 4 in 10 said", "three in 10 said": a share of those
        // polled.
        let share_of_people = toks[a..b].windows(2).any(|w| {
            let number = is_number(&w[0]) || self.v.is("number_words", &w[0].lower);
            number && self.v.is("shares_of_people", &w[1].lower)
        });
        // A participle is no noun: "having suggested", "taking slams".
        let names = (any_noun && !head.lower.ends_with("ing"))
            || described
            || share_of_people
            || toks[a..b].iter().any(|t| {
                (t.cap && !self.v.is("dates", &t.lower))
                    || self.v.is("person_pronouns", &t.lower)
                    || self.v.is("group_pronouns", &t.lower)
                    || self.v.source_share(&t.lower) >= 0.2
            });
        names.then_some((a, b))
    }

    /// The attribution `f` reads as, and whether the check model keeps it.
    fn judge(&self, toks: &[Tok], s: Sentence, f: &Found) -> Judged {
        let span = |(a, b): (usize, usize)| Span {
            start: toks[a].start,
            end: toks[b - 1].end,
        };
        let speaker = span(f.speaker);
        let words: Vec<&str> = toks[f.speaker.0..f.speaker.1]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        // "the Commission" after "the European Commission": a name shortened to its last
        // words, which stands for the longer one as a title does. "The Kremlin" named
        // again is only named; "the Wisconsin Republican" is no "Republican Donald Trump".
        let shortened = match words.as_slice() {
            ["the", short @ ..]
                if (1..=MAX_SHORTENED_WORDS).contains(&short.len())
                    && toks[f.speaker.0 + 1..f.speaker.1].iter().all(|t| t.cap) =>
            {
                self.resolve(speaker.start, |m| {
                    let tail = m.words.len().checked_sub(short.len());
                    m.words.iter().filter(|w| *w != "the").count() > short.len()
                        && tail.is_some_and(|t| m.words[t..].iter().zip(short).all(|(a, b)| a == b))
                })
            }
            _ => None,
        };
        let kind = match words.as_slice() {
            [w] if self.v.is("person_pronouns", w) || self.v.is("group_pronouns", w) => {
                SpeakerKind::Pronoun
            }
            [w] if self.v.is("relatives", w) => SpeakerKind::Relative,
            [first, ..]
                if (*first == "the" || *first == "a")
                    && toks[f.speaker.0 + 1..f.speaker.1].iter().all(|t| !t.cap) =>
            {
                SpeakerKind::Title
            }
            _ if shortened.is_some() => SpeakerKind::Title,
            _ => SpeakerKind::Named,
        };
        // "Sweden would hand over its Gripen C/D jets, he said": what a statement reports
        // names someone other than its speaker, so no phrase inside it is the one a
        // pronoun or title stands for.
        let content = span(f.content);
        let outside = |m: &Mention| {
            let reports_on = |c: &Span| {
                c.start <= m.span.start
                    && m.span.end <= c.end
                    && self.opens_reported_clause(&self.text[c.start..m.span.start])
            };
            (m.span.end <= content.start || m.span.start >= content.end)
                && !self.reported.iter().any(reports_on)
        };
        let resolved = match kind {
            SpeakerKind::Named => None,
            SpeakerKind::Relative => self.relative_antecedent(toks, f.speaker.0),
            SpeakerKind::Pronoun => self.resolve(speaker.start, |m| {
                outside(m)
                    && !m.aside
                    && match words[0] {
                        "he" | "she" => m.person,
                        "it" | "they" => m.body,
                        _ => false,
                    }
            }),
            SpeakerKind::Title if shortened.is_some() => shortened,
            SpeakerKind::Title => {
                let head = words[words.len() - 1].to_string();
                let modifier = (words.len() >= 3).then(|| words[words.len() - 2]);
                self.resolve(speaker.start, |m| {
                    outside(m)
                        && (m.words.contains(&head) || m.offices.contains(&head))
                        && !self.modifiers_differ(m, &head, modifier)
                })
            }
        };
        // Every checked reading's cue is a cue of its sentence, with the model's
        // probability (1 for "according to" or a colon); the fallback serves the unchecked
        // ones whose cue word the model need not take ("quoted X as saying").
        let certainty = f
            .cue
            .and_then(|(c, _)| self.certainty_at(toks, s, c))
            .unwrap_or(1.0);
        let features = check_model::Features {
            v: self.v,
            toks,
            s,
            found: f,
            kind,
            resolved: resolved.is_some(),
            certainty,
        };
        let attribution = Attribution {
            speaker,
            cue: f.cue.map(span),
            content,
            kind,
            resolved,
        };
        let checked = f.shape.is_checked();
        // Training wants every candidate's features; use wants only the verdict.
        let names = (checked && self.candidates.is_some()).then(|| {
            let mut names = Vec::new();
            features.emit(|parts| names.push(parts.concat()));
            names
        });
        // When collecting, every reading stays: the candidates are what training judges.
        let kept = !checked
            || self.candidates.is_some()
            || self.check.probability(&features) >= CHECK_PROBABILITY;
        Judged {
            attribution,
            names,
            kept,
        }
    }

    /// Keeps a judged reading that stays: among the candidates when collecting them, else
    /// in the stage's findings.
    fn push(&mut self, judged: Judged) {
        if !judged.kept {
            return;
        }
        // A speaker that stands for an earlier phrase names it again: "The coast guard
        // said …. Its crew were held, it said" is the coast guard's, not a place named
        // between the two.
        if let Some(r) = judged.attribution.resolved {
            let again = self.mentions.iter().rfind(|m| m.span == r).cloned();
            self.mentions.extend(again);
        }
        // "Ceban thanked the European Commission, which …": what a cue that is not speech
        // takes is its object, which may be spoken of next.
        let cue = judged.attribution.cue.map(|c| &self.text[c.start..c.end]);
        if cue.is_some_and(cue_is_speech) {
            self.reported.push(judged.attribution.content);
        }
        match &mut self.candidates {
            Some(all) => all.push((judged.attribution, judged.names)),
            None => self.out.push(judged.attribution),
        }
    }

    /// Whether a phrase after `before`, the start of a statement's content up to it, is
    /// the subject of the clause the statement reports: at its start, or after "that"
    /// and an article.
    fn opens_reported_clause(&self, before: &str) -> bool {
        let mut words = before.split_whitespace().rev();
        let last = words.next().map(str::to_lowercase);
        match last.as_deref() {
            None => true,
            Some("that") => true,
            Some("the" | "a" | "an") => words.next().is_none_or(|w| w.eq_ignore_ascii_case("that")),
            _ => false,
        }
    }

    /// The nearest earlier phrase that `fits`.
    fn resolve(&self, before: usize, fits: impl Fn(&Mention) -> bool) -> Option<Span> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= before)
            .find(|m| fits(m))
            .map(|m| m.span)
    }

    /// "Trump, who said": the phrase before the relative.
    fn relative_antecedent(&self, toks: &[Tok], rel: usize) -> Option<Span> {
        let mut end = rel;
        if end > 0 && toks[end - 1].kind == Kind::Comma {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let last = toks[end - 1].end;
        if let Some(m) = self.mentions.iter().rev().find(|m| m.span.end == last) {
            return Some(m.span);
        }
        let mut a = end;
        while a > 0 && end - a < MAX_SPEAKER_WORDS && toks[a - 1].is_word() && !toks[a - 1].quoted {
            if self.v.is("clause_openers", &toks[a - 1].lower) {
                break;
            }
            a -= 1;
        }
        (a < end).then(|| Span {
            start: toks[a].start,
            end: toks[end - 1].end,
        })
    }

    /// Records the sentence's capitalised phrases (and a common noun that closes one: "the
    /// UAE foreign ministry"), which later pronouns and titles may stand for.
    fn collect_mentions(&mut self, toks: &[Tok], s: Sentence) {
        let mut i = s.ts;
        while i < s.te {
            let t = &toks[i];
            if !(t.is_word() && t.cap && !t.quoted)
                || self.is_sentence_opener(toks, s, i)
                || self.v.is("dates", &t.lower)
            {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            loop {
                match toks.get(j) {
                    Some(n) if j < s.te && n.is_word() && n.cap && !n.quoted => j += 1,
                    // "Department of State", "Secretary of the Treasury"
                    Some(n)
                        if j + 1 < s.te
                            && (n.lower == "of" || n.lower == "for")
                            && toks[j + 1].cap =>
                    {
                        j += 2
                    }
                    _ => break,
                }
            }
            // "UAE foreign ministry", "Bulgarian regional development ministry": up to
            // three lower-case words ending in a body's name, none a verb's or a
            // preposition's ("The European Commission opened an office").
            let mut body = self.v.is("bodies", &toks[j - 1].lower);
            let common = toks[j..(j + 3).min(s.te)].iter().take_while(|t| {
                t.is_word()
                    && !t.quoted
                    && !t.cap
                    && !is_determiner(t)
                    && !t.lower.ends_with("ed")
                    && !self.v.is("auxiliaries", &t.lower)
                    && !self.v.is("prepositions", &t.lower)
                    && !self.v.is("clause_openers", &t.lower)
            });
            if let Some(n) = common
                .enumerate()
                .find(|(_, t)| self.v.is("bodies", &t.lower))
                .map(|(n, _)| n)
            {
                j += n + 1;
                body = true;
            }
            // "The Kremlin spokesman": a title right after the phrase makes it a person
            // holding that office, whom "he" or "the spokesman" may stand for later. Not
            // a title before a name ("Georgia's former President X", "Kremlin spokesman
            // Dmitry Peskov": the name is the person), nor one in an apposition (", Pope
            // Leo's envoy,", ", the Kremlin spokesman,"): that office is the name's before.
            let comma = |k: usize| toks[k].kind == Kind::Comma;
            let apposition = i > s.ts
                && (comma(i - 1) || i > s.ts + 1 && is_determiner(&toks[i - 1]) && comma(i - 2));
            let titled_after = j < s.te
                && toks[j].is_word()
                && !toks[j].quoted
                && !toks[j].cap
                && self.v.is("titles", &toks[j].lower)
                && toks
                    .get(j + 1)
                    .is_none_or(|t| j + 1 >= s.te || !t.cap && !self.v.is("titles", &t.lower));
            // "the UN secretary-general's personal envoy": the officer of an office.
            let officer = (!apposition)
                .then(|| self.officer_of_office(toks, s, j))
                .flatten();
            let office = match officer {
                Some(e) => {
                    j = e;
                    Some(toks[e].lower.clone())
                }
                None => (titled_after && !apposition).then(|| toks[j].lower.clone()),
            };
            if office.is_some() {
                j += 1;
                // "The Kremlin spokesman": the body's officer, a person.
                body = false;
            }
            let words: Vec<String> = toks[i..j].iter().map(|t| t.lower.clone()).collect();
            let offices = if body {
                Vec::new()
            } else {
                let mut offices = self.apposition_office(toks, s, j);
                offices.extend(office);
                offices.extend(self.office_before(toks, s, i));
                offices
            };
            let titled = i > s.ts && self.v.is("titles", &toks[i - 1].lower)
                || words.first().is_some_and(|w| self.v.is("titles", w));
            // "Jonson said" after "Swedish Defence Minister Pål Jonson": the surname names
            // the same person, whose offices "the minister" may later stand for.
            let full = (words.len() == 1)
                .then(|| {
                    self.mentions
                        .iter()
                        .rev()
                        .find(|m| m.person && m.words.last() == words.last())
                })
                .flatten()
                .cloned();
            let surname = full.is_some();
            let placed = self.placed_name(toks, s, i);
            // "A Ukrainian man", "The Pentagon": an article makes no name longer.
            let named = words.len() - usize::from(is_determiner(&toks[i]));
            // "the United National Movement", "the Gulf of Finland": a name after "the" or
            // joined by "of" is a body's or a place's more often than a person's.
            let definite = i > s.ts && toks[i - 1].lower == "the";
            let joined = words.iter().any(|w| w == "of" || w == "for");
            // "Fisheries Iceland, which represents …": "which" says the name is no person's.
            let which = j + 1 < s.te && comma(j) && toks[j + 1].lower == "which";
            // "to Oleg Ozerov, Russia's ambassador in Chisinau": an office given in apposition
            // makes a person of the name, even after a place's preposition, and "the
            // ambassador" may later stand for it.
            let person = !body
                && !which
                && (!offices.is_empty()
                    || !placed && (titled || surname || named >= 2 && !definite && !joined));
            let (words, offices) = match full {
                Some(m) => (m.words, [offices, m.offices].concat()),
                None => (words, offices),
            };
            self.mentions.push(Mention {
                span: Span {
                    start: toks[i].start,
                    end: toks[j - 1].end,
                },
                words,
                offices,
                person,
                body: body || which,
                aside: self.in_relative_aside(toks, s, i, j) || self.in_trailing_clause(toks, s, i),
            });
            i = j;
        }
    }

    /// "the UN secretary-general's personal envoy", "the president's special envoy": after a
    /// name at `j`, an office's possessive and up to two lower-case words that end in a
    /// title. The title's index: the phrase names its holder, whom "the envoy" may later
    /// stand for, not the office before it.
    fn officer_of_office(&self, toks: &[Tok], s: Sentence, j: usize) -> Option<usize> {
        let plain = |t: &Tok| t.is_word() && !t.cap && !t.quoted;
        let mut k = j;
        let possessive = loop {
            let t = toks.get(k).filter(|_| k < s.te && k < j + 4)?;
            if plain(t) && t.lower.ends_with("'s") {
                break k;
            }
            if !(plain(t) || t.lower == "-") {
                return None;
            }
            k += 1;
        };
        let owner: String = toks[j..=possessive]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        let owner = owner.trim_end_matches("'s");
        if !owner.split('-').any(|w| self.v.is("titles", w)) {
            return None;
        }
        (possessive + 1..(possessive + 4).min(s.te))
            .take_while(|&e| {
                plain(&toks[e])
                    && !is_determiner(&toks[e])
                    && !self.v.is("prepositions", &toks[e].lower)
            })
            .find(|&e| self.v.is("titles", &toks[e].lower))
    }

    /// "the oil ministry" does not stand for "the Turkish energy ministry", nor "the deputy
    /// minister" for "the foreign minister": the word before a title's head and the one
    /// before the same head in the phrase, both in lower case, differ. Names before the
    /// head ("the Ukrainian president") and titles with no word before it agree with any.
    fn modifiers_differ(&self, m: &Mention, head: &str, modifier: Option<&str>) -> bool {
        let Some(modifier) = modifier else {
            return false;
        };
        if m.words.iter().any(|w| w == modifier) {
            return false;
        }
        let words: Vec<&str> = self.text[m.span.start..m.span.end]
            .split_whitespace()
            .collect();
        let Some(h) = words.iter().rposition(|w| w.to_lowercase() == head) else {
            return false;
        };
        h > 0 && {
            let before = words[h - 1];
            before.chars().next().is_some_and(char::is_lowercase)
                && !matches!(before, "the" | "a" | "an")
                && !before.ends_with("'s")
                && !before.ends_with("’s")
        }
    }

    /// Whether the phrase `i..j` lies in a relative clause that commas set off within the
    /// sentence: ", who attended the signing with Xi Jinping,".
    fn in_relative_aside(&self, toks: &[Tok], s: Sentence, i: usize, j: usize) -> bool {
        let comma = |k: usize| toks[k].kind == Kind::Comma;
        let opened = (s.ts + 1..i)
            .rev()
            .take_while(|&k| !comma(k))
            .any(|k| comma(k - 1) && self.v.is("relative_clause_openers", &toks[k].lower));
        opened && (j..s.te).any(comma)
    }

    /// Whether the phrase at `i` lies in a clause that a subordinator opens after the
    /// clause it depends on, with no comma between: "Croatia left the arbitration after a
    /// Slovenian judge was recorded discussing the case".
    fn in_trailing_clause(&self, toks: &[Tok], s: Sentence, i: usize) -> bool {
        (s.ts + 1..i)
            .rev()
            .take_while(|&k| toks[k].kind != Kind::Comma)
            .any(|k| self.v.is("subordinate_clause_openers", &toks[k].lower))
    }

    /// Whether the name at `i` is a place by where it stands: after a place's preposition
    /// ("in the Gulf of Finland"), as the area an office covers ("director for Europe"),
    /// or joined by "and" to such a place ("for Europe and Central Asia"): "she" later is
    /// not "Central Asia".
    fn placed_name(&self, toks: &[Tok], s: Sentence, i: usize) -> bool {
        let mut k = i;
        loop {
            if k > s.ts + 1 && is_determiner(&toks[k - 1]) {
                k -= 1;
            }
            if k == s.ts {
                return false;
            }
            let p = toks[k - 1].lower.as_str();
            if self.v.is("place_prepositions", p) {
                return true;
            }
            let two_back = k >= s.ts + 2;
            if (p == "for" || p == "to") && two_back && self.v.is("titles", &toks[k - 2].lower) {
                return true;
            }
            if !((p == "and" || p == "or") && two_back && toks[k - 2].is_word() && toks[k - 2].cap)
            {
                return false;
            }
            k -= 1;
            while k > s.ts && toks[k - 1].is_word() && toks[k - 1].cap && !toks[k - 1].quoted {
                k -= 1;
            }
        }
    }

    /// The office words of an apposition right after a name (", Russia's ambassador in
    /// Chisinau,"): the titles among its words. None when what follows the comma is no
    /// apposition: it gives no office ("…, which has pledged €40 million"), runs on past a
    /// speaker's phrase, or holds a cue ("In a post on Telegram, the minister said …").
    fn apposition_office(&self, toks: &[Tok], s: Sentence, j: usize) -> Vec<String> {
        if j >= s.te || toks[j].kind != Kind::Comma || toks[j].quoted {
            return Vec::new();
        }
        let rest = &toks[j + 1..s.te];
        let n = rest
            .iter()
            .take(MAX_SPEAKER_WORDS + 1)
            .take_while(|t| t.is_word() && !t.quoted)
            .count();
        let closed = rest
            .get(n)
            .is_none_or(|t| matches!(t.kind, Kind::Comma | Kind::Stop));
        let words = &rest[..n];
        if n > MAX_SPEAKER_WORDS || !closed || words.iter().any(|t| is_speech_cue(&t.lower)) {
            return Vec::new();
        }
        words
            .iter()
            .filter(|t| !t.cap && self.v.is("titles", &t.lower))
            .map(|t| t.lower.clone())
            .collect()
    }

    /// The office a name is given in apposition after it: "Moldova's energy minister, Dorin
    /// Junghietu," is a minister, as "Dorin Junghietu, Moldova's energy minister," is: the
    /// title just before the comma at `i - 1`.
    fn office_before(&self, toks: &[Tok], s: Sentence, i: usize) -> Option<String> {
        let comma = i.checked_sub(1).filter(|&k| k > s.ts)?;
        if toks[comma].kind != Kind::Comma || toks[comma].quoted {
            return None;
        }
        let t = &toks[comma - 1];
        (t.is_word() && !t.cap && !t.quoted && self.v.is("titles", &t.lower))
            .then(|| t.lower.clone())
    }

    /// A capital that only marks the sentence's start ("The", "But", "He").
    fn is_sentence_opener(&self, toks: &[Tok], s: Sentence, i: usize) -> bool {
        let first = i == s.ts || (i == s.ts + 1 && toks[s.ts].kind == Kind::OpenQuote);
        let w = &toks[i].lower;
        first
            && (self.v.is("not_speakers", w)
                || self.v.is("clause_openers", w)
                || self.v.is("person_pronouns", w)
                || self.v.is("group_pronouns", w)
                || self.v.is("auxiliaries", w))
    }
}

fn is_determiner(t: &Tok) -> bool {
    matches!(t.lower.as_str(), "the" | "a" | "an")
}

/// A number in figures: "47", "2016".
fn is_number(t: &Tok) -> bool {
    t.lower.chars().all(|c| c.is_ascii_digit())
}

fn is_dash(t: &Tok) -> bool {
    matches!(t.lower.as_str(), "—" | "–" | "--")
}

/// Whether the clause before `k + 1` ends with a comma: one outside quotes, or one that
/// closes a quotation in the American way ("… “founded ISIS,” saying …").
fn ends_with_comma(toks: &[Tok], k: usize) -> bool {
    let t = &toks[k];
    (t.kind == Kind::Comma && !t.quoted)
        || (t.kind == Kind::CloseQuote && k > 0 && toks[k - 1].kind == Kind::Comma)
}

fn is_by(t: &Tok) -> bool {
    t.lower == "by" && !t.quoted
}

fn is_semicolon(t: &Tok) -> bool {
    t.lower == ";" && !t.quoted
}

/// Where what a cue reports ends, from `from` on: at a semicolon ("X said A; Y ruled out
/// B"), else at `te`.
fn clause_end(toks: &[Tok], from: usize, te: usize) -> usize {
    (from..te).find(|&k| is_semicolon(&toks[k])).unwrap_or(te)
}

fn count_words(toks: &[Tok]) -> usize {
    toks.iter().filter(|t| t.is_word()).count()
}

/// Drops commas, colons and stops at either end of a range; quotation marks stay.
fn trim(toks: &[Tok], (mut a, mut b): (usize, usize)) -> (usize, usize) {
    let edge = |t: &Tok| matches!(t.kind, Kind::Comma | Kind::Colon | Kind::Stop | Kind::Other);
    while a < b && edge(&toks[a]) {
        a += 1;
    }
    while b > a && edge(&toks[b - 1]) {
        b -= 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests;
