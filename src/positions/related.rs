//! Related words for a free-text `/position` topic, drawn from WordNet at query time:
//! people type "war games" where the brief says "the exercise", "frontier" for "border",
//! "tariffs" for "duties".
//!
//! Each word of the query becomes a slot (a WordNet collocation such as "war games" or
//! "power station" is one slot) with alternatives: the word itself, its spelling variants,
//! its synonyms, derivations and the synsets one step above and below, each with a weight
//! below an exact match. Stored claims are not touched: only the query grows, so a change
//! here needs no rebuild of the claims.
//!
//! Precision comes first (showing Poland's statement under Russia is the worst error, and
//! an unrelated statement is the next worst): only the most frequent senses are followed,
//! never instances (places, people: "Europe" does not bring its countries), and a general
//! word reached by going up ("activity" from "exercise") counts only beside a second word
//! of the query.

use aho_corasick::AhoCorasick;

use super::text::{term_words, TermWord};
use super::wordnet::{Pos, Synset, WordNet, WordNetError};
use super::CONTEXT_MARK;
use crate::wordlists::TOPIC_STOPWORDS;

/// How much each way of being related is worth; an exact match is 1.
pub(crate) const W_SPELLING: f32 = 1.0;
pub(crate) const W_SYNONYM: f32 = 0.9;
pub(crate) const W_DERIVED: f32 = 0.8;
/// Derived from the same word as the query's: "fishery" for "fishing" (both from "fish").
pub(crate) const W_DERIVED_SIBLING: f32 = 0.65;
// Two steps away: below a derived word's synonym.
const _: () = assert!(W_DERIVED_SIBLING < W_DERIVED * W_SYNONYM);
pub(crate) const W_SIMILAR: f32 = 0.7;
pub(crate) const W_HYPONYM: f32 = 0.6;
pub(crate) const W_HYPERNYM: f32 = 0.5;
pub(crate) const W_HYPERNYM2: f32 = 0.4;
pub(crate) const W_HYPONYM2: f32 = 0.45;
/// Another part of the same whole: WordNet makes "military drill" and "manoeuvre" both
/// parts of military training.
pub(crate) const W_PART_SIBLING: f32 = 0.6;

/// Senses followed per part of speech: WordNet lists the most frequent first, and the
/// rare ones ("drill", a baboon) are what brings in unrelated statements.
const SENSES: usize = 3;
/// A word reached by going up is broad when it has this many senses or more, or its
/// synset this many narrower ones: "activity", "measure", "act".
const BROAD_SENSES: usize = 10;
const BROAD_HYPONYMS: usize = 25;
/// A synonym with this many senses is loose (see [`Alt::loose`]).
const POLYSEMOUS_SENSES: usize = 7;
/// Synsets read two steps down, per query: a general word has hundreds.
const MAX_READS: usize = 300;
/// Longest collocation tried, in words.
const MAX_COLLOCATION: usize = 3;

/// One way a slot can be matched: every stem in `pats` (pattern numbers) in the claim.
#[derive(Debug, Clone)]
struct Alt {
    pats: Vec<usize>,
    weight: f32,
    /// A general word (see [`BROAD_SENSES`]): it needs another slot matched beside it.
    broad: bool,
    /// As shown in the reply ("exercise").
    word: String,
    /// A synonym with many senses of its own ("use" for "exercise"), or a derived word's
    /// synonym: it may stand for the query's word, but not once the query's describing
    /// word is left out.
    loose: bool,
    /// Reached by going up (a broader word): never enough for a head left alone.
    up: bool,
}

#[derive(Debug, Clone)]
struct Slot {
    /// The slot's own words: matching them is an exact match.
    exact: Vec<usize>,
    alts: Vec<Alt>,
    /// The slot's words as typed.
    form: String,
    /// A describing word before the last of two ("military" in "military drills"): the
    /// brief's "the drills" may leave it out, so matching the head alone is enough.
    modifier: bool,
}

/// A free-text topic's related words, ready to test claims against.
#[derive(Debug, Clone, Default)]
pub(crate) struct Related {
    slots: Vec<Slot>,
    patterns: Vec<String>,
    ac: Option<AhoCorasick>,
}

/// How a claim matched through related words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelatedMatch {
    /// Mean weight over the query's slots, 0 to 1 (1: every slot exact or a spelling).
    pub(crate) weight: f32,
    /// The related words that matched, for the reply's "on a related topic: …".
    pub(crate) words: Vec<String>,
    /// Matched only with the words the claim answers from context (its paragraph's event,
    /// its story's title): as an exact word in context counts below one the claim holds.
    pub(crate) from_context: bool,
}

impl Related {
    /// The related words of a query's words (stopwords already left out). `is_name` says
    /// whether a word names an actor or a place the lexicons know: those are not expanded.
    pub(crate) fn expand(
        wn: &WordNet,
        words: &[TermWord],
        is_name: &dyn Fn(&str) -> bool,
    ) -> Result<Related, WordNetError> {
        Expander {
            wn,
            out: Related::default(),
            reads: 0,
        }
        .run(words, is_name)
    }

    /// The stems a claim must hold one of to match: the query's words and their related
    /// words.
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether no word of the query has a related word.
    pub(crate) fn is_empty(&self) -> bool {
        self.slots.iter().all(|s| s.alts.is_empty())
    }

    /// The query's words and their related words, each with its weight, for tests and
    /// autocomplete: (slot, word, weight).
    pub(crate) fn words(&self) -> impl Iterator<Item = (usize, &str, f32)> {
        self.slots
            .iter()
            .enumerate()
            .flat_map(|(k, s)| s.alts.iter().map(move |a| (k, a.word.as_str(), a.weight)))
    }

    /// How a claim with these own stems (space-separated, as stored) matches; `None` when
    /// it does not: as for an exact free-text query, every slot of up to two must match,
    /// one fewer of three or more, and a broad word never alone.
    pub(crate) fn matches(&self, stems: &[u8]) -> Option<RelatedMatch> {
        self.matches_marked(stems, false)
    }

    /// [`Self::matches`] over all of a claim's stems as stored, those it answers from
    /// context ([`CONTEXT_MARK`]) included; a match is `from_context` only when its own
    /// stems do not match.
    pub(crate) fn matches_in_context(&self, stems: &[u8]) -> Option<RelatedMatch> {
        self.matches_marked(super::index::own_stem_bytes(stems), false)
            .or_else(|| self.matches_marked(stems, true))
    }

    fn matches_marked(&self, stems: &[u8], context: bool) -> Option<RelatedMatch> {
        let ac = self.ac.as_ref()?;
        let mut found = vec![false; self.patterns.len()];
        let opens = |c: u8| c == b' ' || context && c == CONTEXT_MARK as u8;
        for m in ac.find_overlapping_iter(stems) {
            let whole = (m.start() == 0 || opens(stems[m.start() - 1]))
                && stems.get(m.end()).is_none_or(|&c| c == b' ');
            if whole {
                found[m.pattern().as_usize()] = true;
            }
        }
        let mut m = self.matches_found(&found)?;
        m.from_context = context;
        Some(m)
    }

    /// [`Self::matches`] for a claim whose stems were already looked up: `found[p]` says
    /// whether it holds pattern `p` (see [`Self::patterns`]).
    pub(crate) fn matches_found(&self, found: &[bool]) -> Option<RelatedMatch> {
        if self.patterns.is_empty() || found.len() != self.patterns.len() {
            return None;
        }
        let all = |pats: &[usize]| !pats.is_empty() && pats.iter().all(|&p| found[p]);
        let n = self.slots.len();
        let need = if n >= 3 { n - 1 } else { n };
        let (mut matched, mut firm, mut sum) = (0, 0, 0.0f32);
        let mut words: Vec<String> = Vec::new();
        for s in &self.slots {
            if all(&s.exact) {
                matched += 1;
                firm += 1;
                sum += 1.0;
                continue;
            }
            let best = s
                .alts
                .iter()
                .filter(|a| all(&a.pats))
                .max_by(|a, b| a.weight.total_cmp(&b.weight).then(b.broad.cmp(&a.broad)));
            if let Some(a) = best {
                matched += 1;
                firm += usize::from(!a.broad);
                sum += a.weight;
                if a.weight < W_SPELLING && !words.contains(&a.word) {
                    words.push(a.word.clone());
                }
            }
        }
        // "military drills" answered by "the exercise": the head alone, firmly.
        let head_only = n == 2 && self.slots[0].modifier && matched == 1 && {
            let head = &self.slots[1];
            all(&head.exact)
                || head
                    .alts
                    .iter()
                    .any(|a| !a.up && !a.broad && !a.loose && all(&a.pats))
        };
        if head_only && words.is_empty() {
            // The head as typed, without its describing word: a looser match, so say so.
            words.push(self.slots[1].form.clone());
        }
        (matched >= need && firm > 0 || head_only).then(|| RelatedMatch {
            weight: sum / n.max(1) as f32,
            words,
            from_context: false,
        })
    }
}

struct Expander<'a> {
    wn: &'a WordNet,
    out: Related,
    /// Synsets read two steps down so far.
    reads: usize,
}

impl Expander<'_> {
    fn run(
        mut self,
        words: &[TermWord],
        is_name: &dyn Fn(&str) -> bool,
    ) -> Result<Related, WordNetError> {
        let mut i = 0;
        while i < words.len() {
            let mut took = 1;
            let mut entries = Vec::new();
            for k in (2..=MAX_COLLOCATION.min(words.len() - i)).rev() {
                let forms: Vec<&str> = words[i..i + k].iter().map(|w| w.form.as_str()).collect();
                for joined in [forms.join("_"), forms.join("-"), forms.concat()] {
                    entries = self.entries(&joined)?;
                    if !entries.is_empty() {
                        break;
                    }
                }
                if !entries.is_empty() {
                    took = k;
                    break;
                }
            }
            let slot_words = &words[i..i + took];
            let exact: Vec<usize> = slot_words.iter().map(|w| self.pattern(&w.stem)).collect();
            let mut slot = Slot {
                exact,
                alts: Vec::new(),
                form: String::new(),
                modifier: false,
            };
            let form = slot_words
                .iter()
                .map(|w| w.form.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            slot.form = form.clone();
            if !is_name(&form) {
                if took == 1 {
                    entries = self.entries(&form)?;
                    for v in spelling_variants(&form) {
                        if !self.entries(&v)?.is_empty() {
                            self.add(&mut slot, &v, W_SPELLING, false);
                        }
                    }
                }
                self.expand_entries(&mut slot, &entries)?;
                if took > 1 {
                    self.expand_head(&mut slot, &slot_words[took - 1])?;
                }
            }
            self.out.slots.push(slot);
            i += took;
        }
        if let [first, _] = self.out.slots.as_mut_slice() {
            let adjective = match words.first() {
                Some(w) if first.exact.len() == 1 => {
                    !self.wn.base_forms(Pos::Adj, &w.form)?.is_empty()
                }
                _ => false,
            };
            first.modifier = adjective;
        }
        // One word alone never matches through a broad word.
        if self.out.slots.len() == 1 {
            self.out.slots[0].alts.retain(|a| !a.broad);
        }
        let ac = (!self.out.patterns.is_empty())
            .then(|| AhoCorasick::new(&self.out.patterns).ok())
            .flatten();
        self.out.ac = ac;
        Ok(self.out)
    }

    /// The WordNet entries of a word in every part of speech, with the synsets it is in.
    fn entries(&self, word: &str) -> Result<Vec<(Pos, String, Vec<u64>)>, WordNetError> {
        self.entries_in(word, false)
    }

    /// [`Self::entries`], or with `every_pos` the word's entries in every part of speech.
    fn entries_in(
        &self,
        word: &str,
        every_pos: bool,
    ) -> Result<Vec<(Pos, String, Vec<u64>)>, WordNetError> {
        let mut out = Vec::new();
        for pos in Pos::ALL {
            // A topic is a thing or an act, most often named by a noun: a word that is a
            // noun is not also read as a verb or an adjective ("dam" is no "jam", "visa"
            // no "sanction", "offensive" an attack, not "aggressive").
            if pos != Pos::Noun && !out.is_empty() && !every_pos {
                break;
            }
            for e in self.wn.base_forms(pos, word)? {
                out.push((pos, e.lemma, e.synsets));
            }
        }
        Ok(out)
    }

    fn expand_entries(
        &mut self,
        slot: &mut Slot,
        entries: &[(Pos, String, Vec<u64>)],
    ) -> Result<(), WordNetError> {
        for (pos, lemma, synsets) in entries {
            for (sense, &off) in synsets.iter().take(SENSES).enumerate() {
                let s = self.wn.synset(*pos, off)?;
                // A proper name's synset ("Europe"): an instance, not a topic.
                if s.pointers.iter().any(|p| p.symbol == "@i") {
                    continue;
                }
                let me = s.words.iter().position(|w| w == lemma).map(|k| k as u8 + 1);
                for w in &s.words {
                    if w != lemma {
                        self.add(slot, w, W_SYNONYM, false);
                        let senses = self.wn.lookup(*pos, w)?.map_or(0, |e| e.synsets.len());
                        if senses >= POLYSEMOUS_SENSES {
                            let text = w.replace('_', " ");
                            if let Some(a) = slot.alts.iter_mut().find(|a| a.word == text) {
                                a.loose = true;
                            }
                        }
                        for inflected in self.wn.inflections(*pos, w) {
                            self.add(slot, inflected, W_SYNONYM, false);
                        }
                    }
                }
                // The other parts of what the first sense is part of.
                if sense == 0 {
                    for p in s.pointers.iter().filter(|p| p.symbol == "#p") {
                        let whole = self.wn.synset(p.pos, p.offset)?;
                        for q in whole.pointers.iter().filter(|q| q.symbol == "%p") {
                            if q.offset == off {
                                continue;
                            }
                            let part = self.wn.synset(q.pos, q.offset)?;
                            for w in &part.words {
                                self.add(slot, w, W_PART_SIBLING, false);
                                for inflected in self.wn.inflections(q.pos, w) {
                                    self.add(slot, inflected, W_PART_SIBLING, false);
                                }
                            }
                        }
                    }
                }
                for p in &s.pointers {
                    let weight = match p.symbol.as_str() {
                        "+" => W_DERIVED,
                        // Similar adjectives ("&") drift too far: left out.
                        "\\" | "^" => W_SIMILAR,
                        "~" => W_HYPONYM,
                        "@" => W_HYPERNYM,
                        _ => continue,
                    };
                    // A lexical pointer belongs to one word of the synset.
                    if p.source != 0 && Some(p.source) != me {
                        continue;
                    }
                    let t = self.wn.synset(p.pos, p.offset)?;
                    let broad = p.symbol == "@" && self.is_broad(&t)?;
                    let targets: Vec<&String> = if p.target != 0 {
                        t.words.get(p.target as usize - 1).into_iter().collect()
                    } else {
                        t.words.iter().collect()
                    };
                    // The derived word's synonyms too: "kidnapping" -> "kidnap" ->
                    // "abduct".
                    if p.symbol == "+" && sense == 0 {
                        for w in &t.words {
                            self.add(slot, w, W_DERIVED * W_SYNONYM, false);
                            loosen(slot, w);
                        }
                        // The derived word's own derivations: "fishing" and "fishery"
                        // both come from the verb "fish".
                        self.add_derived_siblings(slot, &t, p.target)?;
                    }
                    for w in targets {
                        self.add(slot, w, weight, broad);
                        for inflected in self.wn.inflections(p.pos, w) {
                            self.add(slot, inflected, weight, broad);
                        }
                        // A narrower word of a rarer sense ("capitalization", a kind of
                        // "use", for "exercise"): not enough for a head left alone.
                        if p.symbol == "~" && sense > 0 {
                            loosen(slot, w);
                        }
                    }
                    // One step further up, for a narrow word whose parent is narrow
                    // too ("pullout" -> "retreat" -> "withdrawal").
                    if p.symbol == "@" && !broad {
                        for q in t.pointers.iter().filter(|q| q.symbol == "@") {
                            let g = self.wn.synset(q.pos, q.offset)?;
                            let broad = self.is_broad(&g)?;
                            for w in &g.words {
                                self.add(slot, w, W_HYPERNYM2, broad);
                            }
                        }
                    }
                    // One step further down: narrower still, so as relevant ("aircraft"
                    // -> "heavier-than-air craft" -> "drone"), within a bound on reads.
                    if p.symbol == "~" && self.reads < MAX_READS {
                        for q in t.pointers.iter().filter(|q| q.symbol == "~") {
                            if self.reads >= MAX_READS {
                                break;
                            }
                            self.reads += 1;
                            let g = self.wn.synset(q.pos, q.offset)?;
                            for w in &g.words {
                                self.add(slot, w, W_HYPONYM2, false);
                                if sense > 0 {
                                    loosen(slot, w);
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// A collocation's head in its other forms, the words before it kept: "war criminal"
    /// is also "war crime", "power station" also "power stations". Only the close
    /// relations (spelling, synonyms, derivations): the collocation's own synsets say the
    /// rest.
    fn expand_head(&mut self, slot: &mut Slot, head: &TermWord) -> Result<(), WordNetError> {
        let mut alone = Slot {
            exact: vec![self.pattern(&head.stem)],
            alts: Vec::new(),
            form: head.form.clone(),
            modifier: false,
        };
        // Every part of speech: the collocation fixes the head's sense, and its other
        // forms are often reached through the adjective ("criminal" is "of crime").
        let entries = self.entries_in(&head.form, true)?;
        self.expand_entries(&mut alone, &entries)?;
        let before = &slot.exact[..slot.exact.len() - 1];
        for a in alone.alts {
            if a.weight < W_DERIVED || a.pats.len() != 1 {
                continue;
            }
            let pats: Vec<usize> = before.iter().copied().chain(a.pats).collect();
            if pats != slot.exact && !slot.alts.iter().any(|x| x.pats == pats) {
                let words: Vec<String> = before
                    .iter()
                    .map(|&p| self.out.patterns[p].clone())
                    .chain([a.word])
                    .collect();
                slot.alts.push(Alt {
                    pats,
                    weight: a.weight * W_SYNONYM,
                    broad: false,
                    word: words.join(" "),
                    loose: a.loose,
                    up: a.up,
                });
            }
        }
        Ok(())
    }

    /// A general synset: many senses for its first word, or many narrower synsets.
    fn is_broad(&self, s: &Synset) -> Result<bool, WordNetError> {
        if s.pointers.iter().filter(|p| p.symbol == "~").count() >= BROAD_HYPONYMS {
            return Ok(true);
        }
        let Some(first) = s.words.first() else {
            return Ok(true);
        };
        Ok(self
            .wn
            .lookup(s.pos, first)?
            .is_some_and(|e| e.synsets.len() >= BROAD_SENSES))
    }

    fn pattern(&mut self, stem: &str) -> usize {
        match self.out.patterns.iter().position(|p| p == stem) {
            Some(k) => k,
            None => {
                self.out.patterns.push(stem.to_string());
                self.out.patterns.len() - 1
            }
        }
    }

    /// The words derived from what a derivation pointer reached (`t`, its word `from`, 0
    /// for all): "fishery" from the verb "fish" that "fishing" derives from.
    fn add_derived_siblings(
        &mut self,
        slot: &mut Slot,
        t: &Synset,
        from: u8,
    ) -> Result<(), WordNetError> {
        for q in t.pointers.iter().filter(|q| q.symbol == "+") {
            if from != 0 && q.source != 0 && q.source != from {
                continue;
            }
            if self.reads >= MAX_READS {
                break;
            }
            self.reads += 1;
            let u = self.wn.synset(q.pos, q.offset)?;
            let words: Vec<&String> = if q.target != 0 {
                u.words.get(q.target as usize - 1).into_iter().collect()
            } else {
                u.words.iter().collect()
            };
            for w in words {
                self.add(slot, w, W_DERIVED_SIBLING, false);
                for inflected in self.wn.inflections(q.pos, w) {
                    self.add(slot, inflected, W_DERIVED_SIBLING, false);
                }
                loosen(slot, w);
            }
        }
        Ok(())
    }

    /// Adds `lemma` (WordNet's spelling, `_` for spaces) to the slot, keeping the best
    /// weight when it is there already; the slot's own words are not added.
    fn add(&mut self, slot: &mut Slot, lemma: &str, weight: f32, broad: bool) {
        let text = lemma.replace('_', " ");
        let words = term_words(&text);
        // "offing" stems to "of": a word whose stem is a stopword's would match only the
        // stopword, in any statement.
        if words
            .iter()
            .any(|w| !TOPIC_STOPWORDS.contains(&w.form) && TOPIC_STOPWORDS.contains(&w.stem))
        {
            return;
        }
        let stems: Vec<String> = words
            .into_iter()
            .filter(|w| !TOPIC_STOPWORDS.contains(&w.form))
            .map(|w| w.stem)
            .collect();
        if stems.is_empty() {
            return;
        }
        let pats: Vec<usize> = stems.iter().map(|s| self.pattern(s)).collect();
        if pats == slot.exact {
            return;
        }
        match slot.alts.iter_mut().find(|a| a.pats == pats) {
            Some(a) => {
                if weight > a.weight || weight == a.weight && a.broad && !broad {
                    a.weight = weight;
                    a.broad = broad;
                    a.up = weight == W_HYPERNYM || weight == W_HYPERNYM2;
                    a.word = text;
                }
            }
            None => slot.alts.push(Alt {
                pats,
                weight,
                broad,
                word: text,
                loose: false,
                up: weight == W_HYPERNYM || weight == W_HYPERNYM2,
            }),
        }
    }
}

/// Marks the alternative for `lemma` loose (see [`Alt::loose`]) when it is worth less than
/// a derived word: it may stand for the query's word, not for its head left alone.
fn loosen(slot: &mut Slot, lemma: &str) {
    let text = lemma.replace('_', " ");
    if let Some(a) = slot.alts.iter_mut().find(|a| a.word == text) {
        a.loose |= a.weight < W_DERIVED;
    }
}

/// British and American spellings of one word, by the regular endings: defence/defense,
/// fertiliser/fertilizer, manoeuvre/maneuver, centre/center, labour/labor.
pub(crate) fn spelling_variants(word: &str) -> Vec<String> {
    const PAIRS: &[(&str, &str)] = &[
        ("ence", "ense"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("iser", "izer"),
        ("isers", "izers"),
        ("isation", "ization"),
        ("our", "or"),
        ("ours", "ors"),
        ("tre", "ter"),
        ("tres", "ters"),
        ("ogue", "og"),
        ("oeuvre", "euver"),
        ("oeuvres", "euvers"),
    ];
    let mut out = Vec::new();
    for (a, b) in PAIRS {
        for (from, to) in [(a, b), (b, a)] {
            if let Some(stem) = word.strip_suffix(from) {
                if stem.len() >= 2 {
                    let v = format!("{stem}{to}");
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::wordnet::fixture;
    use super::*;

    fn expand(query: &str) -> Related {
        let dir = tempfile::tempdir().unwrap();
        let wn = WordNet::open(fixture::write(dir.path())).unwrap();
        let words: Vec<TermWord> = term_words(query)
            .into_iter()
            .filter(|w| !TOPIC_STOPWORDS.contains(&w.form))
            .collect();
        Related::expand(&wn, &words, &|w| w == "russia").unwrap()
    }

    fn weight_of(r: &Related, word: &str) -> Option<f32> {
        r.words().find(|(_, w, _)| *w == word).map(|(_, _, x)| x)
    }

    fn stems(text: &str) -> Vec<u8> {
        crate::positions::claim_stems(text).into_bytes()
    }

    /// "offing", under "high seas", stems to "of": it would match any statement.
    #[test]
    fn a_related_word_that_stems_to_a_stopword_is_left_out() {
        let r = expand("high seas");
        assert_eq!(weight_of(&r, "international waters"), Some(W_SYNONYM));
        assert_eq!(weight_of(&r, "offing"), None);
        assert!(r
            .matches(&stems(
                "the administration said the talks of Monday had failed"
            ))
            .is_none());
    }

    #[test]
    fn each_relation_weighs_less_than_an_exact_match_and_in_its_order() {
        let r = expand("drill");
        assert_eq!(weight_of(&r, "exercise"), Some(W_SYNONYM));
        assert_eq!(weight_of(&r, "practice session"), Some(W_SYNONYM));
        assert_eq!(weight_of(&r, "war game"), Some(W_HYPONYM));
        // The second sense (the tool) is followed too, and its hypernym is narrow enough.
        assert_eq!(weight_of(&r, "tool"), Some(W_HYPERNYM));
        let r = expand("frontier");
        assert_eq!(weight_of(&r, "boundary"), Some(W_HYPERNYM));
        assert_eq!(weight_of(&r, "border"), None, "siblings are two steps away");
        let r = expand("deportation");
        // A lexical pointer reaches one word of the target synset, not its synonyms.
        assert_eq!(weight_of(&r, "expel"), Some(W_DERIVED));
        assert_eq!(
            weight_of(&r, "deport"),
            None,
            "the same stem is not a second word"
        );
        assert_eq!(weight_of(&r, "expatriation"), Some(W_SYNONYM));
        let order = [
            W_SPELLING, W_SYNONYM, W_DERIVED, W_SIMILAR, W_HYPONYM, W_HYPERNYM,
        ];
        assert!(order.windows(2).all(|w| w[0] > w[1]) && W_SPELLING <= 1.0);
    }

    #[test]
    fn words_derived_from_the_same_word_are_related() {
        // "fish" itself is the query's own stem: no second word.
        let r = expand("fishing");
        assert_eq!(weight_of(&r, "fishery"), Some(W_DERIVED_SIBLING));
        // A pointer reaches one word: the sibling's synonyms are not followed.
        assert_eq!(weight_of(&r, "piscary"), None);
        let claim =
            stems("Moscow called the detention an act of piracy dressed up as fisheries control.");
        assert!(r.matches(&claim).is_some());
    }

    #[test]
    fn other_parts_of_the_same_whole_are_related() {
        let r = expand("field drills");
        assert_eq!(weight_of(&r, "manoeuvre"), Some(W_PART_SIBLING));
        assert_eq!(weight_of(&r, "maneuver"), Some(W_PART_SIBLING));
        let claim = stems("The manoeuvres were the largest held since 2021.");
        assert!(r.matches(&claim).is_some());
        // The whole itself is not a part of itself, nor reached this way.
        assert_eq!(weight_of(&r, "military training"), None);
    }

    #[test]
    fn a_collocation_head_is_also_read_in_its_other_parts_of_speech() {
        // "criminal" the noun has no link to "crime"; the adjective is derived from it.
        let r = expand("war criminal");
        assert_eq!(r.slots.len(), 1);
        assert_eq!(weight_of(&r, "war crime"), Some(W_DERIVED * W_SYNONYM));
        assert!(r
            .matches(&stems("the attacks may amount to war crimes"))
            .is_some());
        assert!(
            r.matches(&stems("a crime")).is_none(),
            "the modifier is kept"
        );
        // A word alone keeps its noun reading only.
        assert_eq!(weight_of(&expand("criminal"), "crime"), None);
    }

    #[test]
    fn collocations_are_one_slot_and_inflections_are_undone() {
        let r = expand("war games");
        assert_eq!(r.slots.len(), 1);
        assert_eq!(weight_of(&r, "exercise"), Some(W_HYPERNYM));
        let r = expand("kids");
        assert_eq!(weight_of(&r, "child"), Some(W_SYNONYM));
        let m = r.matches(&stems("84 children were brought home")).unwrap();
        assert_eq!(
            m.words,
            ["children"],
            "the irregular plural, as the brief has it"
        );
        assert!((m.weight - W_SYNONYM).abs() < 1e-6);
        let r = expand("cease-fire tariffs");
        assert_eq!(r.slots.len(), 2);
        assert!(r.matches(&stems("a truce and import duties")).is_some());
        assert!(
            r.matches(&stems("a truce alone")).is_none(),
            "both words are needed"
        );
    }

    #[test]
    fn spelling_variants_count_as_exact_and_are_not_shown_as_related() {
        assert!(spelling_variants("defence").contains(&"defense".to_string()));
        assert!(spelling_variants("fertilizer").contains(&"fertiliser".to_string()));
        assert!(spelling_variants("manoeuvres").contains(&"maneuvers".to_string()));
        assert!(spelling_variants("labour").contains(&"labor".to_string()));
        assert!(spelling_variants("war").is_empty());
    }

    #[test]
    fn names_and_instances_are_not_expanded() {
        assert!(
            expand("europe").is_empty(),
            "an instance's synset is skipped"
        );
        assert!(expand("russia").is_empty(), "a name the lexicons know");
        let r = expand("continent");
        assert_eq!(weight_of(&r, "europe"), None, "no instance hyponyms");
    }

    #[test]
    fn a_broad_word_counts_only_beside_a_second_word() {
        // "drill" (0) ~ broad "activity" (1); "border" (2).
        let alt = |pats: Vec<usize>, broad| Alt {
            pats,
            weight: W_HYPERNYM,
            broad,
            word: String::new(),
            loose: false,
            up: true,
        };
        let r = Related {
            slots: vec![
                Slot {
                    exact: vec![0],
                    alts: vec![alt(vec![1], true)],
                    form: "drill".into(),
                    modifier: false,
                },
                Slot {
                    exact: vec![2],
                    alts: Vec::new(),
                    form: "border".into(),
                    modifier: false,
                },
            ],
            patterns: vec!["drill".into(), "activ".into(), "border".into()],
            ac: AhoCorasick::new(["drill", "activ", "border"]).ok(),
        };
        assert!(r.matches(b"activ border").is_some());
        assert!(r.matches(b"activ").is_none());
        let mut alone = r.clone();
        alone.slots.truncate(1);
        assert!(alone.matches(b"activ").is_none(), "a broad word alone");
        alone.slots[0].alts[0].broad = false;
        assert!(alone.matches(b"activ").is_some());
    }

    #[test]
    fn a_describing_word_may_be_left_out_and_the_reply_says_so() {
        // "military" is an adjective: "the drills" answers "military drills".
        let r = expand("military drills");
        assert_eq!(r.slots.len(), 2);
        let m = r.matches(&stems("the drills went on")).unwrap();
        assert_eq!(m.words, ["drills"]);
        let m = r.matches(&stems("the exercise went on")).unwrap();
        assert_eq!(m.words, ["exercise"]);
        // Both words exact is no related match (the exact rule answers it), and a noun
        // before the head is not left out.
        let r = expand("boundary drills");
        assert!(r.matches(&stems("the drills went on")).is_none());
    }

    #[test]
    fn a_narrower_word_matches_alone() {
        // "weapon" has a hyponym "gun": narrower, so it counts alone.
        let r = expand("weapons");
        assert!(r.matches(&stems("the guns fell silent")).is_some());
        assert!(r.matches(&stems("the drills went on")).is_none());
        // Nothing without WordNet's words in the claim.
        assert!(expand("war games")
            .matches(&stems("a show for television"))
            .is_none());
    }
}
