//! Which words open an attribution, judged in context by a trained model.
//!
//! A word's share of cue uses in a corpus (`vocab`) cannot tell "Trump thinks that …" from
//! "what he thinks about …", nor "polls show" from "the show". A logistic model over a few
//! context features (the word and its stem, its neighbours, what kind of word comes before
//! and after, quotation marks nearby, and the word's corpus share as a back-off) can. Its
//! weights are trained on PolNeAR's train split by `briefbot train-cue-model`
//! (`training.rs`) and kept in `config/attribution/cue_weights.tsv`: feature names and
//! numbers, never corpus text.
//! The same `features` function serves training and use, so the two cannot drift apart.

use std::sync::OnceLock;

use super::tokens::{Kind, Tok};
use super::vocab::Vocab;
use super::weights::Weights;
use super::Sentence;

pub(crate) const CUE_WEIGHTS_TSV: &str = include_str!("../../config/attribution/cue_weights.tsv");

/// A word opens an attribution when the model gives it at least this probability: below
/// even odds, so that the rules find more candidates, and the check model
/// (`check_model.rs`) drops those likely wrong. On PolNeAR train, 0.4 with the check gave
/// more recall and precision than 0.5 without it; 0.3 only moved along the same curve.
pub(crate) const CUE_PROBABILITY: f32 = 0.4;

/// The model: its weights (see `weights.rs`).
pub(crate) struct CueModel {
    weights: Weights,
}

impl CueModel {
    pub(crate) fn get() -> &'static CueModel {
        static M: OnceLock<CueModel> = OnceLock::new();
        M.get_or_init(|| CueModel::parse(CUE_WEIGHTS_TSV))
    }

    pub(crate) fn parse(tsv: &str) -> CueModel {
        CueModel {
            weights: Weights::parse(tsv),
        }
    }

    /// The probability that `toks[c]` opens an attribution.
    pub(crate) fn probability(&self, v: &Vocab, toks: &[Tok], s: Sentence, c: usize) -> f32 {
        self.weights
            .probability(|emit| features(v, toks, s, c, |parts| emit(parts)))
    }
}

/// Whether the model judges `toks[c]` at all: a word outside quotes that is not an
/// auxiliary ("has said": the verb is the cue) nor part of "according to", which has its
/// own rule.
pub(crate) fn is_candidate(v: &Vocab, toks: &[Tok], c: usize) -> bool {
    let t = &toks[c];
    t.is_word()
        && !t.quoted
        && !v.is("auxiliaries", &t.lower)
        && t.lower != "according"
        && !(c > 0 && toks[c - 1].lower == "according")
}

/// What kind of token stands at `i`, as the features see it: its word when it is a common
/// one, else a coarse class.
pub(crate) fn class(v: &Vocab, toks: &[Tok], s: Sentence, i: Option<usize>) -> &'static str {
    let Some(i) = i.filter(|&i| i >= s.ts && i < s.te) else {
        return "<edge>";
    };
    let t = &toks[i];
    match t.kind {
        Kind::Comma => ",",
        Kind::Colon => ":",
        Kind::OpenQuote => "<open>",
        Kind::CloseQuote => "<close>",
        Kind::Stop => "<stop>",
        Kind::Other => "<other>",
        Kind::Word if t.quoted => "<quoted>",
        Kind::Word if v.is("person_pronouns", &t.lower) => "<person>",
        Kind::Word if v.is("group_pronouns", &t.lower) => "<group>",
        Kind::Word if v.is("relatives", &t.lower) => "<relative>",
        Kind::Word if v.is("auxiliaries", &t.lower) => "<aux>",
        Kind::Word if t.cap => "<cap>",
        Kind::Word if t.lower.chars().all(|c| c.is_ascii_digit()) => "<number>",
        Kind::Word => "<word>",
    }
}

/// The token's own text for the word features, or its class for punctuation.
fn form(toks: &[Tok], s: Sentence, i: Option<usize>) -> &str {
    match i.filter(|&i| i >= s.ts && i < s.te) {
        Some(i) => toks[i].lower.as_str(),
        None => "<edge>",
    }
}

/// The digits a share (0 to 10 tenths) is named by.
const TENTHS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// A share or probability as the name of its tenth: 0.73 is "7".
pub(crate) fn tenths(x: f32) -> &'static str {
    TENTHS[((x * 10.0).floor().max(0.0) as usize).min(10)]
}

/// Calls `emit` with each feature of `toks[c]`, as the parts whose concatenation is its
/// name: short prefixed strings ("w=said", "n1=that", "w|nc=think|<person>"). In parts, so
/// that judging a word (`CueModel::probability`) hashes them without writing names out.
pub(crate) fn features(
    v: &Vocab,
    toks: &[Tok],
    s: Sentence,
    c: usize,
    mut emit: impl FnMut(&[&str]),
) {
    let at = |d: isize| c.checked_add_signed(d);
    // Skip the auxiliaries and adverbs between a speaker and its verb ("has also said").
    let mut p = c;
    while p > s.ts && class(v, toks, s, Some(p - 1)) == "<aux>" {
        p -= 1;
    }
    let before = p.checked_sub(1);
    let w = toks[c].lower.as_str();
    let share = tenths(v.cue_share(w));
    let pc = class(v, toks, s, before);
    let nc = class(v, toks, s, at(1));
    let n1 = form(toks, s, at(1));
    let p1 = form(toks, s, before);
    emit(&["bias"]);
    emit(&["w=", w]);
    emit(&["share=", share]);
    emit(&["pc=", pc]);
    emit(&["nc=", nc]);
    emit(&["pc|nc=", pc, "|", nc]);
    emit(&["share|nc=", share, "|", nc]);
    emit(&["share|pc=", share, "|", pc]);
    emit(&["n1=", n1]);
    emit(&["p1=", p1]);
    emit(&["w|n1=", w, "|", n1]);
    emit(&["w|nc=", w, "|", nc]);
    emit(&["w|pc=", w, "|", pc]);
    emit(&["n2=", class(v, toks, s, at(2))]);
    emit(&[
        "p2=",
        class(v, toks, s, before.and_then(|b| b.checked_sub(1))),
    ]);
    if p != c {
        emit(&["aux"]);
    }
    // The word's stem, alone and with its neighbours' kinds: what "criticized" teaches
    // the model carries over to "criticizes" and "criticizing", which are rarer.
    crate::stems::with_stem(w, |st| {
        emit(&["st=", st]);
        emit(&["st|nc=", st, "|", nc]);
        emit(&["st|pc=", st, "|", pc]);
    });
    // The last two letters.
    let suffix = w.char_indices().rev().nth(1).map_or(w, |(i, _)| &w[i..]);
    emit(&["suf=", suffix, "|", nc]);
    // A quotation just before ("“…,” he said") or just after ("said: “…”").
    let near = |range: std::ops::Range<usize>, kind: Kind| {
        range
            .filter(|&i| i >= s.ts && i < s.te)
            .any(|i| toks[i].kind == kind)
    };
    if near(c.saturating_sub(4)..c, Kind::CloseQuote) {
        emit(&["close_before"]);
    }
    if near(c + 1..c + 4, Kind::OpenQuote) {
        emit(&["open_after"]);
    }
    if (s.ts..s.te).any(|i| toks[i].quoted) {
        emit(&["quotes_in_sentence"]);
    }
    let first_word = (s.ts..c).all(|i| !toks[i].is_word() || toks[i].quoted);
    if first_word {
        emit(&["first_word"]);
    } else if toks[c].cap {
        emit(&["capitalised"]);
    }
    // Headlines capitalise most words, and their verbs seldom report a statement.
    let (words, caps) = (s.ts..s.te)
        .filter(|&i| toks[i].is_word())
        .fold((0, 0), |(w, k), i| (w + 1, k + usize::from(toks[i].cap)));
    if words >= 4 && caps * 3 >= words * 2 {
        emit(&["title_case"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::tokens::tokenize;

    fn names(text: &str, word: &str) -> Vec<String> {
        let toks = tokenize(text, 0, text.len());
        let c = toks.iter().position(|t| t.lower == word).unwrap();
        let s = Sentence {
            ts: 0,
            te: toks.len(),
        };
        let mut out = Vec::new();
        features(Vocab::get(), &toks, s, c, |f| out.push(f.concat()));
        out
    }

    #[test]
    fn features_see_the_neighbours_past_auxiliaries() {
        let f = names("He has repeatedly said that taxes rise.", "said");
        for want in [
            "w=said",
            "pc=<person>",
            "n1=that",
            "w|n1=said|that",
            "aux",
            "p1=he",
        ] {
            assert!(f.contains(&want.to_string()), "{want} not in {f:?}");
        }
    }

    #[test]
    fn features_see_quotes() {
        let f = names("“We will win,” Smith said.", "said");
        assert!(f.contains(&"close_before".to_string()), "{f:?}");
        assert!(f.contains(&"pc=<cap>".to_string()), "{f:?}");
        assert!(f.contains(&"quotes_in_sentence".to_string()), "{f:?}");
    }

    #[test]
    fn the_shipped_model_tells_contexts_apart() {
        let m = CueModel::get();
        let v = Vocab::get();
        let p = |text: &str, word: &str| {
            let toks = tokenize(text, 0, text.len());
            let c = toks.iter().position(|t| t.lower == word).unwrap();
            let s = Sentence {
                ts: 0,
                te: toks.len(),
            };
            m.probability(v, &toks, s, c)
        };
        assert!(p("Officials said that the talks failed.", "said") > 0.9);
        assert!(p("She thinks that the plan will fail.", "thinks") > CUE_PROBABILITY);
        assert!(p("The show ended early on Tuesday night.", "show") < CUE_PROBABILITY);
    }
}
