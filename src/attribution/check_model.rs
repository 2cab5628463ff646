//! Whether a found attribution is right, judged by a second trained model.
//!
//! The rules find candidates: a cue, a speaker, a content. Whether such a reading is right
//! depends on more than the cue word: on which reading found it, how sure the cue model
//! was, what kind of phrase the speaker is, how long and how quoted the content is. A
//! logistic model over those features, trained on the stage's own candidates in PolNeAR's
//! train split against the annotators' attributions (`briefbot train-check-model`, in
//! `training.rs`), gives each candidate a probability; the stage keeps those at
//! `CHECK_PROBABILITY` or above. Its weights are `config/attribution/check_weights.tsv`:
//! feature names and numbers, never corpus text. They are fitted to the rules, the cue
//! model and the vocabulary as they were when trained, so a change to any of them is
//! followed by training again (`.ci/run` fails otherwise). Training and use share
//! `Features::emit`.

use std::sync::OnceLock;

use super::cue_model::{class, tenths};
use super::tokens::{Kind, Tok};
use super::vocab::Vocab;
use super::weights::Weights;
use super::{count_words, Found, Sentence, SpeakerKind};

pub(crate) const CHECK_WEIGHTS_TSV: &str =
    include_str!("../../config/attribution/check_weights.tsv");

/// A candidate is kept when the model gives it at least this probability: even odds.
/// Training moves the model's bias so that even odds fall where PolNeAR train's candidates
/// above them are right in a set share of cases (`CHECK_PRECISION` in `training.rs`).
pub(crate) const CHECK_PROBABILITY: f32 = 0.5;

pub(crate) struct CheckModel {
    weights: Weights,
}

impl CheckModel {
    pub(crate) fn get() -> &'static CheckModel {
        static M: OnceLock<CheckModel> = OnceLock::new();
        M.get_or_init(|| CheckModel::parse(CHECK_WEIGHTS_TSV))
    }

    pub(crate) fn parse(tsv: &str) -> CheckModel {
        CheckModel {
            weights: Weights::parse(tsv),
        }
    }

    /// The probability that the candidate with these features is right.
    pub(crate) fn probability(&self, features: &Features<'_>) -> f32 {
        self.weights
            .probability(|emit| features.emit(|parts| emit(parts)))
    }
}

/// What the check model sees of one candidate.
pub(crate) struct Features<'a> {
    pub(crate) v: &'a Vocab,
    pub(crate) toks: &'a [Tok],
    pub(crate) s: Sentence,
    pub(crate) found: &'a Found,
    pub(crate) kind: SpeakerKind,
    pub(crate) resolved: bool,
    /// How sure the cue model was of the cue (1 for a cue by its shape).
    pub(crate) certainty: f32,
}

/// The name of the bucket `n` falls in: the first bound at or above it.
fn bucket(n: usize, bounds: &[(usize, &'static str)]) -> &'static str {
    bounds
        .iter()
        .find(|&&(b, _)| n <= b)
        .map_or("more", |&(_, name)| name)
}

const SPEAKER_WORDS: [(usize, &str); 5] = [(1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8")];
const CONTENT_WORDS: [(usize, &str); 8] = [
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (6, "6"),
    (8, "8"),
    (12, "12"),
    (20, "20"),
    (35, "35"),
];
const GAP: [(usize, &str); 6] = [(0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "5"), (10, "10")];

impl Features<'_> {
    /// Calls `emit` with each feature, as the parts whose concatenation is its name.
    pub(crate) fn emit(&self, mut emit: impl FnMut(&[&str])) {
        let (v, toks, s, f) = (self.v, self.toks, self.s, self.found);
        let shape = f.shape.name();
        let p = tenths(self.certainty);
        emit(&["bias"]);
        emit(&["shape=", shape]);
        emit(&["p=", p]);
        emit(&["shape|p=", shape, "|", p]);
        let cue = f.cue.map_or("<none>", |(a, _)| toks[a].lower.as_str());
        emit(&["cue=", cue]);
        emit(&["share=", tenths(v.cue_share(cue))]);
        let kind = match self.kind {
            SpeakerKind::Named => "named",
            SpeakerKind::Pronoun => "pronoun",
            SpeakerKind::Relative => "relative",
            SpeakerKind::Title => "title",
        };
        let resolved = if self.resolved { "resolved" } else { "-" };
        emit(&["kind=", kind, "|", resolved]);
        emit(&["cue|kind=", cue, "|", kind]);
        let (sa, sb) = f.speaker;
        let speaker = &toks[sa..sb];
        emit(&["spn=", bucket(count_words(speaker), &SPEAKER_WORDS)]);
        let cap = if speaker.iter().any(|t| t.cap) {
            "cap"
        } else {
            "-"
        };
        emit(&["spcap=", cap, "|", kind]);
        let head = tenths(v.source_share(&toks[sb - 1].lower));
        emit(&["head=", head]);
        // How often the head word names a source matters more to some readings: after a
        // headline's colon ("Poll:", "The Latest:") it is most of the evidence.
        emit(&["shape|head=", shape, "|", head]);
        emit(&["before=", class(v, toks, s, sa.checked_sub(1))]);
        emit(&["after=", class(v, toks, s, Some(sb))]);
        let at = f.cue.map_or(f.content.0, |(a, _)| a);
        let order = match (sa < at, f.content.0 < at) {
            (true, true) => "speaker,content,cue",
            (true, false) => "speaker,cue,content",
            (false, true) => "content,cue,speaker",
            (false, false) => "cue,speaker,content",
        };
        emit(&["order=", order]);
        emit(&["shape|order=", shape, "|", order]);
        if sb <= at {
            emit(&["gap=", bucket(count_words(&toks[sb..at]), &GAP)]);
        }
        let (ca, cb) = f.content;
        let content = &toks[ca..cb];
        emit(&["conn=", bucket(count_words(content), &CONTENT_WORDS)]);
        let opens = content
            .first()
            .is_some_and(|t| t.kind == Kind::OpenQuote || t.quoted);
        let closes = content.last().is_some_and(|t| t.kind == Kind::CloseQuote);
        let quoted = match (opens, closes) {
            (true, true) => "quoted",
            (true, false) => "opens",
            (false, true) => "closes",
            (false, false) => "-",
        };
        emit(&["quote=", quoted]);
        emit(&["shape|quote=", shape, "|", quoted]);
        if let Some(t) = content.iter().find(|t| t.is_word()) {
            emit(&["first=", t.lower.as_str()]);
        }
        if ca < s.ts || cb > s.te {
            emit(&["beyond_sentence"]);
        }
        if f.shared_speaker {
            emit(&["shared"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{candidates, find};

    /// Each candidate the rules find, as (speaker, cue, kept by the shipped model).
    fn judged(text: &str) -> Vec<(String, String, bool)> {
        let kept = find(text);
        candidates(text)
            .into_iter()
            .map(|(a, _)| {
                let cue = a.cue.map_or(String::new(), |c| c.of(text).to_string());
                (a.speaker.of(text).to_string(), cue, kept.contains(&a))
            })
            .collect()
    }

    #[test]
    fn the_shipped_model_keeps_plain_statements_and_drops_misreadings() {
        let table = [
            // A plain reporting clause, and one around its content.
            (
                "The mayor said the bridge will reopen in May.",
                "The mayor",
                "said",
                true,
            ),
            ("That, he said, was the end of it.", "he", "said", true),
            // A verb taken into the speaker, a preposition taken for the cue.
            (
                "The senator voted against the bill.",
                "The senator voted",
                "against",
                false,
            ),
            // A plan is no statement, and the phrase before it holds a clause.
            (
                "The company, which reported losses, plans to cut jobs.",
                "The company, which reported losses",
                "plans",
                false,
            ),
        ];
        for (text, speaker, cue, kept) in table {
            let got = judged(text);
            assert!(
                got.contains(&(speaker.to_string(), cue.to_string(), kept)),
                "{text}\n  got {got:?}"
            );
        }
    }

    #[test]
    fn readings_by_structure_alone_are_kept_whatever_the_model_says() {
        // A passive with "by" is rare in train, so never judged.
        let text = "The plan was criticized by opposition leaders as reckless.";
        assert_eq!(
            judged(text),
            [(
                "opposition leaders".to_string(),
                "criticized by".to_string(),
                true
            )]
        );
    }
}
