//! The attribution stage's vocabulary: counts drawn from a corpus, and closed-class words.
//!
//! Which words introduce reported speech, and which name its sources, is counted from
//! PolNeAR's train split by `scripts/attribution_lexicon.py` (a word's share of its
//! occurrences outside quotes that annotators marked as part of a cue or a source). The
//! grammar words live in `config/attribution/words.toml`. All three files are embedded, and
//! their bytes are part of the engine's version, so changing them rebuilds stored claims.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

pub(crate) const CUES_TSV: &str = include_str!("../../config/attribution/cues.tsv");
pub(crate) const SOURCES_TSV: &str = include_str!("../../config/attribution/sources.tsv");
pub(crate) const WORDS_TOML: &str = include_str!("../../config/attribution/words.toml");

/// How often a word was annotated, out of how often it occurs.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    marked: u32,
    total: u32,
    /// For a cue word: times it ended a cue whose source came right after it.
    inverted: u32,
    /// For a cue word: times its content came after other words ("told reporters …"), and
    /// times it came at once or after "that".
    addressed: u32,
    direct: u32,
    /// For a cue word: times it came after a form of "be", and times it did so in a cue
    /// whose source came before ("they are convinced …").
    after_be: u32,
    stative: u32,
}

impl Counts {
    /// The share of occurrences that were marked, shrunk towards 0 for rare words.
    fn share(self) -> f32 {
        self.marked as f32 / (self.total as f32 + 2.0)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Vocab {
    cues: HashMap<String, Counts>,
    sources: HashMap<String, Counts>,
    lists: HashMap<String, HashSet<String>>,
}

/// Reads `word<TAB>marked<TAB>total[<TAB>inverted<TAB>addressed<TAB>direct<TAB>after_be
/// <TAB>stative]` lines; `#` lines are comments.
fn parse_counts(tsv: &str) -> HashMap<String, Counts> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let w = f.next()?.to_string();
            let marked = f.next()?.trim().parse().ok()?;
            let total = f.next()?.trim().parse().ok()?;
            let mut more = f.map(|n| n.trim().parse().unwrap_or(0));
            let mut next = || more.next().unwrap_or(0);
            let (inverted, addressed, direct) = (next(), next(), next());
            let (after_be, stative) = (next(), next());
            Some((
                w,
                Counts {
                    marked,
                    total,
                    inverted,
                    addressed,
                    direct,
                    after_be,
                    stative,
                },
            ))
        })
        .collect()
}

fn parse_lists(toml_text: &str) -> HashMap<String, HashSet<String>> {
    let table: toml::Table = toml_text
        .parse()
        .expect("config/attribution/words.toml is embedded and checked by a test");
    table
        .into_iter()
        .map(|(k, v)| {
            let words = v
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|w| w.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (k, words)
        })
        .collect()
}

impl Vocab {
    pub(crate) fn get() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab {
            cues: parse_counts(CUES_TSV),
            sources: parse_counts(SOURCES_TSV),
            lists: parse_lists(WORDS_TOML),
        })
    }

    /// How likely `word` (lower case) is to introduce reported speech when it stands
    /// outside quotes.
    pub(crate) fn cue_share(&self, word: &str) -> f32 {
        self.cues.get(word).map_or(0.0, |c| c.share())
    }

    /// Of the cues `word` ended, the share whose speaker came right after it: "said" often
    /// ("…, said Smith"), "told" never (what follows is the listener).
    pub(crate) fn inverted_share(&self, word: &str) -> f32 {
        self.cues
            .get(word)
            .map_or(0.0, |c| c.inverted as f32 / (c.marked as f32 + 2.0))
    }

    /// Of the contents that followed `word` as a cue, the share that came after other words:
    /// "told" 94% (the listener comes first: "told reporters …"), "said" 7%.
    pub(crate) fn addressee_share(&self, word: &str) -> f32 {
        self.cues.get(word).map_or(0.0, |c| {
            c.addressed as f32 / (c.addressed as f32 + c.direct as f32 + 2.0)
        })
    }

    /// Of the times `word` came after a form of "be", the share that was a cue whose
    /// source came first: "worried" 67% ("they are worried about …"), "criticized" none
    /// ("she was criticized for …" names no speaker before it).
    pub(crate) fn stative_share(&self, word: &str) -> f32 {
        self.cues
            .get(word)
            .map_or(0.0, |c| c.stative as f32 / (c.after_be as f32 + 2.0))
    }

    /// How likely `word` is to be part of a speaker's phrase.
    pub(crate) fn source_share(&self, word: &str) -> f32 {
        self.sources.get(word).map_or(0.0, |c| c.share())
    }

    /// Whether `word` is in the named list of `words.toml`.
    pub(crate) fn is(&self, list: &str, word: &str) -> bool {
        self.lists.get(list).is_some_and(|l| l.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_parse_and_shrink_rare_words() {
        let c = parse_counts("# comment\nsaid\t95\t100\nodd\t1\t1\nbroken line\n");
        assert_eq!(c.len(), 2);
        assert!((c["said"].share() - 95.0 / 102.0).abs() < 1e-6);
        assert!((c["odd"].share() - 1.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn embedded_files_hold_the_lists_the_stage_reads() {
        let v = Vocab::get();
        for list in [
            "auxiliaries",
            "clause_openers",
            "relatives",
            "relative_clause_openers",
            "subordinate_clause_openers",
            "person_pronouns",
            "group_pronouns",
            "not_speakers",
            "phrase_glue",
            "prepositions",
            "dates",
            "according",
            "clause_breaks",
        ] {
            assert!(v.lists.get(list).is_some_and(|l| !l.is_empty()), "{list}");
        }
        assert!(v.cue_share("said") > 0.9);
        assert!(v.inverted_share("said") > 0.1);
        assert_eq!(v.inverted_share("told"), 0.0);
        assert!(v.cue_share("the") < 0.05);
        assert!(v.source_share("spokesman") > v.source_share("tuesday"));
    }
}
