//! The attribution stage's reading of a block, held against the sieve's speakers.
//!
//! The sieve finds statements by actor and carries "he" and "the ministry" to the last
//! speaker. The general stage (`crate::attribution`) knows the sentence structure better:
//! what lies inside reported speech, and which phrase a pronoun stands for when another
//! person was named since. Where the two disagree, the claim is given to the phrase the
//! text names, or dropped: a statement shown under the wrong actor is the worst answer.

use crate::attribution::{self, Attribution, Span, SpeakerKind};

/// The stage's attributions in one block of brief text (byte offsets into the block),
/// read with the blocks of its story before it: a pronoun or title may stand for a phrase
/// named paragraphs earlier ("Japan's coast guard seized a trawler. ¶ The coast guard
/// said …").
pub(crate) struct StageView {
    atts: Vec<Attribution>,
    /// Whether each of `atts` relays a source ("according to") rather than a statement.
    relayed: Vec<bool>,
    /// What each of `atts`'s pronoun, relative or title stands for, when the stage found it.
    antecedents: Vec<Option<Antecedent>>,
}

/// The phrase a pronoun or title stands for, wherever in the story it was named.
#[derive(Debug)]
struct Antecedent {
    text: String,
    /// Named in the narrative, not inside anyone's statement.
    narrated: bool,
    /// It opens its sentence: the subject of what was told.
    opens: bool,
    /// Named in the block the pronoun or title is in: only a bare title is taken for a
    /// phrase of a paragraph before ("The coast guard said"); a pronoun that far back
    /// more often stands for the last speaker, which the sieve carries.
    same_block: bool,
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
    /// One block read alone.
    #[cfg(test)]
    pub(crate) fn of(block: &str) -> StageView {
        StageView::of_story(&[block])
            .pop()
            .expect("one view per block")
    }

    /// A view of each block of a story, in order, read as one passage. Only statements
    /// count here: the stage also finds wishes, plans and requests ("Lithuania asked the
    /// Commission to …"), and a name inside those is no reported speech.
    pub(crate) fn of_story(blocks: &[&str]) -> Vec<StageView> {
        // Blank lines between the blocks keep them the stage's paragraphs.
        let mut text = String::new();
        let mut starts = Vec::with_capacity(blocks.len());
        for block in blocks {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            starts.push(text.len());
            text.push_str(block);
        }
        let found: Vec<(Attribution, bool)> = attribution::find_in_passage(&text)
            .into_iter()
            .filter_map(|t| {
                let cue = t.cue.map(|c| c.of(&text).to_lowercase());
                let statement = cue.as_deref().is_none_or(attribution::cue_is_speech);
                let according = cue
                    .as_deref()
                    .is_some_and(|c| c.split_whitespace().next() == Some("according"));
                statement.then_some((t, according))
            })
            .collect();
        let in_some_content = |s: Span| {
            found
                .iter()
                .any(|(t, _)| t.content.start <= s.start && s.end <= t.content.end)
        };
        let block_of = |at: usize| starts.partition_point(|&s| s <= at) - 1;
        let antecedent = |t: &Attribution| {
            t.resolved.map(|r| {
                let before = text[..r.start].trim_end();
                Antecedent {
                    same_block: block_of(r.start) == block_of(t.speaker.start),
                    text: r.of(&text).to_string(),
                    narrated: !in_some_content(r),
                    opens: before.is_empty() || before.ends_with(['.', '!', '?', '"', '\u{201d}']),
                }
            })
        };
        let shift = |s: Span, by: usize| Span {
            start: s.start - by,
            end: s.end - by,
        };
        let mut views: Vec<StageView> = blocks
            .iter()
            .map(|_| StageView {
                atts: Vec::new(),
                relayed: Vec::new(),
                antecedents: Vec::new(),
            })
            .collect();
        for (t, relayed) in &found {
            // The block the statement is made in; its words stay within that paragraph.
            let i = block_of(t.speaker.start);
            let by = starts[i];
            let view = &mut views[i];
            view.antecedents.push(antecedent(t));
            view.atts.push(Attribution {
                speaker: shift(t.speaker, by),
                cue: t.cue.map(|c| shift(c, by)),
                content: shift(t.content, by),
                resolved: None,
                ..t.clone()
            });
            view.relayed.push(*relayed);
        }
        views
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
    pub(crate) fn carried(&self, a: usize, b: usize) -> Carried<'_> {
        match self.resolved_at(a, b) {
            None => Carried::NoWord,
            Some(r) if r.narrated => Carried::Named(&r.text),
            Some(r) => Carried::Reported(&r.text),
        }
    }

    /// The phrase the stage resolves the pronoun at `[a, b)` to, when it is narrated and
    /// opens its sentence: the subject of what was told before ("Romania's president called
    /// it … “…,” he said"), not an object ("… called Zelenskyy's envoy, X. “…,” he said"),
    /// which a reader would not take for the speaker without a statement between.
    pub(crate) fn subject_carried(&self, a: usize, b: usize) -> Option<&str> {
        let r = self.resolved_at(a, b)?;
        (r.opens && r.narrated).then_some(r.text.as_str())
    }

    /// The narrated phrase the stage resolves the bare title speaking at `[a, b)` to, in its
    /// paragraph or one before ("Japan's coast guard seized … ¶ The coast guard said").
    pub(crate) fn title_carried(&self, a: usize, b: usize) -> Option<&str> {
        let r = self.antecedent_at(a, b)?;
        r.narrated.then_some(r.text.as_str())
    }

    /// What the stage resolves the pronoun or title speaking at `[a, b)` to.
    fn resolved_at(&self, a: usize, b: usize) -> Option<&Antecedent> {
        self.antecedent_at(a, b).filter(|r| r.same_block)
    }

    fn antecedent_at(&self, a: usize, b: usize) -> Option<&Antecedent> {
        let i = self.atts.iter().position(|t| {
            t.kind != SpeakerKind::Named && t.speaker.start < b && a < t.speaker.end
        })?;
        self.antecedents[i].as_ref()
    }

    /// The stage's statements whose speaker stands in `[a, b)`, for a sentence the sieve
    /// found none in, each with the narrated phrase (not inside anyone's statement) its
    /// pronoun or title stands for.
    pub(crate) fn spoken_in(
        &self,
        a: usize,
        b: usize,
    ) -> impl Iterator<Item = (&Attribution, Option<&str>)> {
        self.atts
            .iter()
            .zip(&self.antecedents)
            .filter(move |(t, _)| a <= t.speaker.start && t.speaker.end <= b)
            .map(|(t, r)| {
                let narrated = r.as_ref().filter(|r| r.narrated);
                (t, narrated.map(|r| r.text.as_str()))
            })
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
        // "Albania's prime minister" ends in an office, not a name: "minister" inside
        // "Energy Minister X" is no sign the two are one person.
        (Some(x), Some(y)) if !x.is_empty() => {
            x == y
                || !super::attribution::is_person_role(&x)
                    && super::text::name_key(b).split(' ').any(|w| w == x)
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
            v.carried(he, he + 2),
            Carried::Named("Lithuanian President Gitanas Nauseda")
        );
        let block = "Umerov said he met Grigory Lavrentyev, the Kremlin's negotiator. \
                     “The next exchange can be bigger,” he said.";
        let v = StageView::of(block);
        let he = block.rfind("he said").unwrap();
        assert_eq!(
            v.carried(he, he + 2),
            Carried::Reported("Grigory Lavrentyev")
        );
        assert_eq!(v.carried(0, 6), Carried::NoWord);
    }

    #[test]
    fn a_title_stands_for_a_phrase_of_an_earlier_block_and_a_pronoun_does_not() {
        let blocks = [
            "Japan's coast guard seized a Chinese trawler on Wednesday.",
            "The coast guard said the boat had no permit.",
            "Japan's coast guard seized a second boat. The weather turned. \
             The crew were held, it said.",
        ];
        let views = StageView::of_story(&blocks[..2]);
        let (_, antecedent) = views[1]
            .spoken_in(0, blocks[1].len())
            .next()
            .expect("a statement");
        assert_eq!(antecedent, Some("Japan's coast guard"));
        // Read alone, the title has nothing to stand for.
        let alone = StageView::of(blocks[1]);
        let (_, antecedent) = alone
            .spoken_in(0, blocks[1].len())
            .next()
            .expect("a statement");
        assert_eq!(antecedent, None);
        // A pronoun's phrase counts for the sieve only within its own block.
        let views = StageView::of_story(&[blocks[0], "The crew were held, it said."]);
        let it = "The crew were held, ".len();
        assert_eq!(views[1].carried(it, it + 2), Carried::NoWord);
        let v = StageView::of(blocks[2]);
        let it = blocks[2].rfind("it said").unwrap();
        assert_eq!(v.carried(it, it + 2), Carried::Named("Japan's coast guard"));
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
        // An office's last word is no name: Albania's prime minister is not Serbia's
        // energy minister.
        assert!(!same_name(
            "Albania’s prime minister",
            "Energy Minister Dubravka Djedovic Handanovic"
        ));
    }
}
