//! Stance labels: what a speaker does with a statement (rejects, threatens, offers, ...).
//!
//! The reporting verb decides when it carries a stance ("ruled out", "welcomed"); a neutral
//! verb ("said", "stated") leaves it to cue phrases in what was said ("would not",
//! "legitimate targets", "must"). Negation turns support or an offer into a rejection.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use super::text::{Kind, Token};
use crate::wordlists::{
    WordList, CUES_DEMANDS, CUES_DENIES, CUES_OFFERS, CUES_REJECTS, CUES_SUPPORTS, CUES_THREATENS,
    CUES_WARNS, VERBS_DEMANDS, VERBS_DENIES, VERBS_OFFERS, VERBS_REJECTS, VERBS_SUPPORTS,
    VERBS_THREATENS, VERBS_WARNS,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stance {
    States,
    Rejects,
    Threatens,
    Warns,
    Offers,
    Supports,
    Denies,
    Demands,
}

impl Stance {
    pub const ALL: [Stance; 8] = [
        Stance::States,
        Stance::Rejects,
        Stance::Threatens,
        Stance::Warns,
        Stance::Offers,
        Stance::Supports,
        Stance::Denies,
        Stance::Demands,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::States => "states",
            Stance::Rejects => "rejects",
            Stance::Threatens => "threatens",
            Stance::Warns => "warns",
            Stance::Offers => "offers",
            Stance::Supports => "supports",
            Stance::Denies => "denies",
            Stance::Demands => "demands",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stance {0:?}")]
pub struct UnknownStance(pub String);

impl FromStr for Stance {
    type Err = UnknownStance;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "states" | "state" => Stance::States,
            "rejects" | "reject" => Stance::Rejects,
            "threatens" | "threaten" => Stance::Threatens,
            "warns" | "warn" => Stance::Warns,
            "offers" | "offer" | "pledges" | "pledge" => Stance::Offers,
            "supports" | "support" | "welcomes" | "welcome" => Stance::Supports,
            "denies" | "deny" => Stance::Denies,
            "demands" | "demand" => Stance::Demands,
            _ => return Err(UnknownStance(s.to_string())),
        })
    }
}

fn verb_stance(verb: &str, next: &str) -> Option<Stance> {
    match verb {
        "ruled" if next == "out" => return Some(Stance::Rejects),
        "declined" if next == "to" => return None,
        "declined" => return Some(Stance::Rejects),
        "called" | "calls" if next == "for" || next == "on" => return Some(Stance::Demands),
        _ => {}
    }
    VERB_STANCES
        .iter()
        .find(|(_, verbs)| verbs.contains(verb))
        .map(|(stance, _)| *stance)
}

/// Reporting verbs that carry a stance (`config/engine/stance_verbs_*.txt`).
static VERB_STANCES: [(Stance, &WordList); 7] = [
    (Stance::Rejects, &VERBS_REJECTS),
    (Stance::Threatens, &VERBS_THREATENS),
    (Stance::Warns, &VERBS_WARNS),
    (Stance::Offers, &VERBS_OFFERS),
    (Stance::Supports, &VERBS_SUPPORTS),
    (Stance::Denies, &VERBS_DENIES),
    (Stance::Demands, &VERBS_DEMANDS),
];

/// Cue phrases by stance (`config/engine/stance_cues_*.txt`), most telling stance first:
/// the first stance with a cue in the statement labels it.
static CUES: [(Stance, &WordList); 7] = [
    (Stance::Threatens, &CUES_THREATENS),
    (Stance::Denies, &CUES_DENIES),
    (Stance::Rejects, &CUES_REJECTS),
    (Stance::Demands, &CUES_DEMANDS),
    (Stance::Offers, &CUES_OFFERS),
    (Stance::Supports, &CUES_SUPPORTS),
    (Stance::Warns, &CUES_WARNS),
];

/// One word of a cue phrase: the word itself, or a prefix (`warn*`).
enum CueWord {
    Exact(&'static str),
    Prefix(&'static str),
}

impl CueWord {
    fn matches(&self, w: &str) -> bool {
        match self {
            CueWord::Exact(x) => *x == w,
            CueWord::Prefix(p) => w.starts_with(p),
        }
    }
}

/// [`CUES`] split into words once: `label` tries every cue at every word of a statement.
fn parsed_cues() -> &'static [(Stance, Vec<Vec<CueWord>>)] {
    static PARSED: OnceLock<Vec<(Stance, Vec<Vec<CueWord>>)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        CUES.iter()
            .map(|(stance, list)| {
                let cues = list
                    .words()
                    .iter()
                    .map(|c| {
                        c.split(' ')
                            .map(|p| match p.strip_suffix('*') {
                                Some(prefix) => CueWord::Prefix(prefix),
                                None => CueWord::Exact(p),
                            })
                            .collect()
                    })
                    .collect();
                (*stance, cues)
            })
            .collect()
    })
}

fn cue_at(words: &[&str], i: usize, cue: &[CueWord]) -> bool {
    i + cue.len() <= words.len() && cue.iter().zip(&words[i..]).all(|(p, w)| p.matches(w))
}

fn negated_before(words: &[&str], i: usize) -> bool {
    words[i.saturating_sub(3)..i].iter().any(|w| {
        matches!(
            *w,
            "not" | "never" | "no" | "didn't" | "won't" | "wouldn't" | "hasn't" | "haven't"
        )
    })
}

/// The stance of the statement spanning `tokens`, whose reporting verb (if any) is at `verb`
/// (an index into `tokens`).
pub(crate) fn label(tokens: &[Token], verb: Option<usize>) -> Stance {
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| t.kind != Kind::Punct)
        .map(|t| t.norm.as_str())
        .collect();
    let verb_word = verb.and_then(|v| {
        let idx = tokens[..v].iter().filter(|t| t.kind != Kind::Punct).count();
        (idx < words.len()).then_some(idx)
    });
    if let Some(vi) = verb_word {
        let next = words.get(vi + 1).copied().unwrap_or("");
        if let Some(s) = verb_stance(words[vi], next) {
            if matches!(s, Stance::Supports | Stance::Offers) && negated_before(&words, vi) {
                return Stance::Rejects;
            }
            return s;
        }
    }
    let from = verb_word.map(|v| v + 1).unwrap_or(0);
    for (stance, cues) in parsed_cues() {
        for i in from..words.len() {
            if cues.iter().any(|c| cue_at(&words, i, c)) {
                if matches!(stance, Stance::Supports | Stance::Offers) && negated_before(&words, i)
                {
                    return Stance::Rejects;
                }
                return *stance;
            }
        }
    }
    Stance::States
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positions::text::tokenize;

    fn stance_of(s: &str, verb: &str) -> Stance {
        let toks = tokenize(s);
        let v = toks.iter().position(|t| t.norm == verb);
        label(&toks, v)
    }

    #[test]
    fn stance_table() {
        let cases = [
            ("Poland ruled out sending troops but offered to serve as a hub.", "ruled", Stance::Rejects),
            ("He declared that any foreign troops would be considered legitimate military targets.", "declared", Stance::Threatens),
            ("The ministry said it had not planned to strike any targets in Poland.", "said", Stance::Denies),
            ("Zelenskyy reiterated that Ukraine would not give up land it controls.", "reiterated", Stance::Rejects),
            ("Peskov stated that any guarantees must be legally binding.", "stated", Stance::Demands),
            ("France and the UK expressed readiness to deploy troops.", "expressed", Stance::Offers),
            ("Zelenskyy welcomed the initiative.", "welcomed", Stance::Supports),
            ("Hungary has not backed the package.", "backed", Stance::Rejects),
            ("Rutte warned of the risk.", "warned", Stance::Warns),
            ("Moscow denied any involvement.", "denied", Stance::Denies),
            ("Kyiv urged allies to send more air defence.", "urged", Stance::Demands),
            ("Belarus said the drones lost their way.", "said", Stance::States),
            ("The Kremlin declined to comment.", "declined", Stance::States),
        ];
        for (s, v, want) in cases {
            assert_eq!(stance_of(s, v), want, "for {s:?}");
        }
    }

    #[test]
    fn round_trips_names() {
        for s in Stance::ALL {
            assert_eq!(s.as_str().parse::<Stance>().unwrap(), s);
        }
        assert_eq!("pledges".parse::<Stance>().unwrap(), Stance::Offers);
        assert!("shrugs".parse::<Stance>().is_err());
    }
}
