//! The attribution stage's reading of a block, held against the sieve's speakers.
//!
//! The sieve finds statements by actor and carries "he" and "the ministry" to the last
//! speaker. The general stage (`crate::attribution`) knows the sentence structure better:
//! what lies inside reported speech, and which phrase a pronoun stands for when another
//! person was named since. Where the two disagree, the claim is given to the phrase the
//! text names, or dropped: a statement shown under the wrong actor is the worst answer.

use crate::attribution::{self, Attribution, Span, SpeakerKind};

/// The stage's attributions in one block of brief text (byte offsets into the block).
pub(crate) struct StageView {
    atts: Vec<Attribution>,
    /// Whether each of `atts` relays a source ("according to") rather than a statement.
    relayed: Vec<bool>,
}

/// What the stage says of a speaker the sieve carried over from context.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Carried<'a> {
    /// The stage found no such speaker there, or could not resolve it: keep the sieve's.
    NoWord,
    /// The pronoun or title stands for this phrase, named in the narrative (not inside
    /// what someone said).
    Named(&'a str),
    /// It stands for a phrase named inside someone's statement: too uncertain to give it
    /// to anyone but the phrase the sieve chose, and only when they agree.
    Reported(&'a str),
}

impl StageView {
    /// Only statements count here: the stage also finds wishes, plans and requests ("Lithuania
    /// asked the Commission to …"), and a name inside those is no reported speech.
    pub(crate) fn of(block: &str) -> StageView {
        let cue_word = |t: &Attribution| {
            t.cue.map(|c| {
                let cue = c.of(block).to_lowercase();
                cue.split_whitespace().next().unwrap_or("").to_string()
            })
        };
        let (atts, relayed) = attribution::find_in_passage(block)
            .into_iter()
            .filter_map(|t| {
                let first = cue_word(&t);
                let statement = first
                    .as_deref()
                    .is_none_or(|w| w == ":" || attribution::is_speech_cue(w));
                statement.then(|| (t, first.as_deref() == Some("according")))
            })
            .unzip();
        StageView { atts, relayed }
    }

    /// Whether the words at `[a, b)` lie inside what the stage reports someone else as
    /// saying: "The Ukrainian side proposed …, she added" is not Ukraine speaking. What
    /// "according to" relays is not someone's statement but the source of one: in
    /// "According to the agency BelTA, Lukashenko said …" Lukashenko speaks.
    pub(crate) fn inside_reported_speech(&self, a: usize, b: usize) -> bool {
        self.atts.iter().zip(&self.relayed).any(|(t, &relayed)| {
            let speaker_here = t.speaker.start < b && a < t.speaker.end;
            !speaker_here && !relayed && t.content.start <= a && b <= t.content.end
        })
    }

    /// What a pronoun or bare title the sieve found at `[a, b)` stands for, by the stage.
    pub(crate) fn carried<'b>(&self, block: &'b str, a: usize, b: usize) -> Carried<'b> {
        let Some(r) = self.resolved_at(a, b) else {
            return Carried::NoWord;
        };
        if self.in_some_content(r) {
            Carried::Reported(r.of(block))
        } else {
            Carried::Named(r.of(block))
        }
    }

    /// The phrase the stage resolves the pronoun at `[a, b)` to, when it is narrated and
    /// opens its sentence: the subject of what was told before ("Romania's president called
    /// it … “…,” he said"), not an object ("… called Zelenskyy's envoy, X. “…,” he said"),
    /// which a reader would not take for the speaker without a statement between.
    pub(crate) fn subject_carried<'b>(
        &self,
        block: &'b str,
        a: usize,
        b: usize,
    ) -> Option<&'b str> {
        let r = self.resolved_at(a, b)?;
        let before = block[..r.start].trim_end();
        let opens = before.is_empty() || before.ends_with(['.', '!', '?', '"', '\u{201d}']);
        (opens && !self.in_some_content(r)).then(|| r.of(block))
    }

    /// What the stage resolves the pronoun or title speaking at `[a, b)` to.
    fn resolved_at(&self, a: usize, b: usize) -> Option<Span> {
        self.atts
            .iter()
            .find(|t| t.kind != SpeakerKind::Named && t.speaker.start < b && a < t.speaker.end)?
            .resolved
    }

    /// The stage's statements whose speaker stands in `[a, b)`, for a sentence the sieve
    /// found none in.
    pub(crate) fn spoken_in(&self, a: usize, b: usize) -> impl Iterator<Item = &Attribution> {
        self.atts
            .iter()
            .filter(move |t| a <= t.speaker.start && t.speaker.end <= b)
    }

    fn in_some_content(&self, s: Span) -> bool {
        self.atts
            .iter()
            .any(|t| t.content.start <= s.start && s.end <= t.content.end)
    }
}

/// Whether two ways of naming a speaker name the same person or body: they share their
/// last word ("Gitanas Nausėda" and "Lithuanian President Gitanas Nausėda").
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let last = |s: &str| {
        super::text::name_key(s)
            .rsplit(' ')
            .next()
            .map(str::to_string)
    };
    match (last(a), last(b)) {
        (Some(x), Some(y)) if !x.is_empty() => {
            x == y || super::text::name_key(b).split(' ').any(|w| w == x)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_inside_reported_speech_is_not_a_speaker() {
        let block = "The Ukrainian side proposed a customs post, she added.";
        let v = StageView::of(block);
        let side = block.find("The Ukrainian side").unwrap();
        assert!(v.inside_reported_speech(side, side + "The Ukrainian side".len()));
        let she = block.find("she").unwrap();
        assert!(!v.inside_reported_speech(she, she + 3));
    }

    #[test]
    fn a_pronoun_stands_for_the_person_named_since_the_last_speaker() {
        let block = "Tusk said the border stays shut. Later he met Lithuanian President \
                     Gitanas Nauseda in Vilnius. “We will not be blackmailed,” he said.";
        let v = StageView::of(block);
        let he = block.rfind("he said").unwrap();
        assert_eq!(
            v.carried(block, he, he + 2),
            Carried::Named("Lithuanian President Gitanas Nauseda")
        );
        let block = "Umerov said he met Grigory Lavrentyev, the Kremlin's negotiator. \
                     “The next exchange can be bigger,” he said.";
        let v = StageView::of(block);
        let he = block.rfind("he said").unwrap();
        assert_eq!(
            v.carried(block, he, he + 2),
            Carried::Reported("Grigory Lavrentyev")
        );
        assert_eq!(v.carried(block, 0, 6), Carried::NoWord);
    }

    #[test]
    fn names_agree_by_their_last_word() {
        assert!(same_name(
            "Gitanas Nausėda",
            "Lithuanian President Gitanas Nausėda"
        ));
        assert!(same_name("Tusk", "Prime Minister Donald Tusk"));
        assert!(!same_name(
            "Grigory Lavrentyev",
            "Rustem Umerov, the secretary"
        ));
    }
}
