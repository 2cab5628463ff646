//! The engine's word lists (sentence splitting's and `/position`'s): reporting verbs, role
//! words, stopwords, stance cues and the like, kept as data in `config/engine/*.txt` so
//! that which words exist is not written in code. The build embeds every file; each is
//! parsed on first use and kept for the life of the process. Every file is also part of the engine's version
//! (`positions::engine_version`), so editing a list rebuilds stored claims.
//!
//! Format: one entry per line, lower case (entries are compared with folded words);
//! `#` starts a comment, to the end of the line; blank lines are skipped.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// One embedded list, parsed on first use.
pub(super) struct WordList {
    pub(super) file: &'static str,
    pub(super) src: &'static str,
    words: OnceLock<Vec<&'static str>>,
    /// The same entries for membership tests, which analysis makes for most words it reads:
    /// a scan of a list of 100 costs more than a hash.
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordList {
    const fn new(file: &'static str, src: &'static str) -> WordList {
        WordList {
            file,
            src,
            words: OnceLock::new(),
            set: OnceLock::new(),
        }
    }

    /// The entries in file order (an order some uses rely on, e.g. stance cues).
    pub(super) fn words(&self) -> &[&'static str] {
        self.words.get_or_init(|| {
            // The embedded files are checked by this module's tests, so a bad one never ships.
            parse(self.src).unwrap_or_else(|e| panic!("config/engine/{}: {e}", self.file))
        })
    }

    pub(super) fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.words().iter().copied().collect())
            .contains(w)
    }
}

/// The entries of a list file, or what is wrong with it: an entry with upper-case
/// letters or a tab (it could never match a folded word), or one listed twice.
fn parse(src: &'static str) -> Result<Vec<&'static str>, String> {
    let mut out: Vec<&'static str> = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let entry = line.split('#').next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        if entry.chars().any(|c| c.is_uppercase() || c == '\t') {
            return Err(format!(
                "line {}: {entry:?} is not folded (lower case, spaces only)",
                n + 1
            ));
        }
        if out.contains(&entry) {
            return Err(format!("line {}: {entry:?} is listed twice", n + 1));
        }
        out.push(entry);
    }
    if out.is_empty() {
        return Err("the list is empty".into());
    }
    Ok(out)
}

macro_rules! word_lists {
    ($($name:ident = $file:literal;)*) => {
        $(
            pub(super) static $name: WordList =
                WordList::new($file, include_str!(concat!("../config/engine/", $file)));
        )*
        /// Every list, for the engine version and the tests.
        pub(super) static ALL: &[&WordList] = &[$(&$name),*];
    };
}

word_lists! {
    REPORTING = "reporting_verbs.txt";
    ROLE = "role_words.txt";
    PERSON_ROLE = "person_roles.txt";
    GLUE = "name_glue.txt";
    NAME_PARTICLES = "name_particles.txt";
    COUNTRY_NOUNS = "country_nouns.txt";
    DETERMINERS = "determiners.txt";
    PRONOUNS = "pronouns.txt";
    NUMBER_WORDS = "number_words.txt";
    ADVERBS = "adverbs.txt";
    PASSIVE = "passive_auxiliaries.txt";
    BOUNDARY_WORDS = "boundary_words.txt";
    SPLIT_CONJ = "split_conjunctions.txt";
    SUBORDINATORS = "subordinators.txt";
    ADJECTIVE_ENDINGS = "adjective_endings.txt";
    NOT_NAMES = "not_names.txt";
    NATIONAL_OFFICES = "national_offices.txt";
    PLACED_OFFICES = "placed_offices.txt";
    INTENT_AUXILIARIES = "intent_auxiliaries.txt";
    OFFICE_COMPLEMENTS = "office_complements.txt";
    DAYS_AND_MONTHS = "days_and_months.txt";
    NARRATIVE_VERBS = "narrative_verbs.txt";
    PASSIVE_STANCE_VERBS = "passive_stance_verbs.txt";
    REFUSAL_AUX = "refusal_auxiliaries.txt";
    WITHHOLDING_VERBS = "withholding_verbs.txt";
    WITHHELD_MATTER_VERBS = "withheld_matter_verbs.txt";
    DECLINING_VERBS = "declining_verbs.txt";
    QUESTION_WORDS = "question_words.txt";
    OPEN_QUESTION_WORDS = "open_question_words.txt";
    RELATIVE_PRONOUNS = "relative_pronouns.txt";
    PLACE_PREPOSITIONS = "place_prepositions.txt";
    PLACED_BODIES = "placed_bodies.txt";
    COMPANY_WORDS = "company_words.txt";
    LISTENER_PRONOUNS = "listener_pronouns.txt";
    REFUSAL_COMPLEMENTS = "refusal_complements.txt";
    PERFECT_AUXILIARIES = "perfect_auxiliaries.txt";
    RELATION_WORDS = "relation_words.txt";
    NEVER_FINAL = "never_final.txt";
    RARELY_FINAL = "rarely_final.txt";
    OPENERS = "openers.txt";
    TITLE_ABBREVIATIONS = "title_abbreviations.txt";
    ACTING_VERBS = "acting_verbs.txt";
    DELEGATION_WORDS = "delegation_words.txt";
    TOPIC_STOPWORDS = "topic_stopwords.txt";
    CONTEXT_STOPWORDS = "context_stopwords.txt";
    ANALYSIS_HEADINGS = "analysis_headings.txt";
    STORY_TURNS = "story_turns.txt";
    HEADS_OF_STATE = "heads_of_state.txt";
    CUES_THREATENS = "stance_cues_threatens.txt";
    CUES_DENIES = "stance_cues_denies.txt";
    CUES_REJECTS = "stance_cues_rejects.txt";
    CUES_DEMANDS = "stance_cues_demands.txt";
    CUES_OFFERS = "stance_cues_offers.txt";
    CUES_SUPPORTS = "stance_cues_supports.txt";
    CUES_WARNS = "stance_cues_warns.txt";
    VERBS_REJECTS = "stance_verbs_rejects.txt";
    VERBS_THREATENS = "stance_verbs_threatens.txt";
    VERBS_WARNS = "stance_verbs_warns.txt";
    VERBS_OFFERS = "stance_verbs_offers.txt";
    VERBS_SUPPORTS = "stance_verbs_supports.txt";
    VERBS_DENIES = "stance_verbs_denies.txt";
    VERBS_DEMANDS = "stance_verbs_demands.txt";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_list_parses_and_is_not_empty() {
        for list in ALL {
            match parse(list.src) {
                Ok(words) => assert!(!words.is_empty(), "{}", list.file),
                Err(e) => panic!("config/engine/{}: {e}", list.file),
            }
        }
    }

    #[test]
    fn every_file_in_config_engine_is_embedded_once() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/config/engine");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = ALL.iter().map(|l| l.file.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn comments_blank_lines_and_spaces_are_skipped() {
        let words = parse("# header\n\n  said  \nsays # the present\n   \n# end\nstrike back\n");
        assert_eq!(words, Ok(vec!["said", "says", "strike back"]));
    }

    #[test]
    fn a_malformed_or_repeated_entry_is_refused_with_its_line() {
        let e = parse("said\nSays\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse("said\nsays\tnow\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse("said\n# comment\nsaid\n").unwrap_err();
        assert!(e.starts_with("line 3:") && e.contains("twice"), "{e}");
    }

    #[test]
    fn a_list_with_only_comments_is_refused() {
        assert!(parse("# nothing here\n\n").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn lookups_use_the_file_s_entries() {
        assert!(REPORTING.contains("said"));
        assert!(!REPORTING.contains("Said"));
        assert_eq!(CUES_WARNS.words(), ["warn*", "risk*", "danger*"]);
    }
}
