//! English word stems, shared by the attribution stage's cue model and the `/position`
//! engine's topic matching.

use std::cell::RefCell;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Stems a thread keeps before it starts its memory of them over: enough for the words of
/// a batch of briefs, under a megabyte (two short boxed strings and a table slot each).
const STEM_MEMORY_WORDS: usize = 8192;

/// English Snowball stem of one folded word. Running text says the same words again and
/// again, and stemming was the largest part of analysing a brief, so each thread remembers
/// the stems it made.
pub(crate) fn stem(word: &str) -> String {
    with_stem(word, str::to_string)
}

/// Calls `f` with the stem of `word`, lent from the thread's memory of stems: a caller
/// that only reads it (the cue model, for every word it judges) makes no string of it.
pub(crate) fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static MADE: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::default();
    }
    MADE.with_borrow_mut(|made| {
        if let Some(s) = made.get(word) {
            return f(s);
        }
        let s = stemmer().stem(word).into_owned();
        if made.len() >= STEM_MEMORY_WORDS {
            made.clear();
        }
        let r = f(&s);
        made.insert(word.into(), s.into_boxed_str());
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_stems_are_the_stemmer_s_also_after_the_memory_starts_over() {
        let fresh = |w: &str| stemmer().stem(w).into_owned();
        for round in 0..2 {
            for w in ["forces", "deployed", "negotiations", "forces"] {
                assert_eq!(stem(w), fresh(w), "{w} in round {round}");
            }
            // More words than the memory holds make it start over.
            for i in 0..=STEM_MEMORY_WORDS {
                stem(&format!("word{i}s"));
            }
        }
    }
}
