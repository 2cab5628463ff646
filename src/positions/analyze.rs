//! `analyze`: a brief in, its claims out, read one part (the lead, then each section) and
//! one sentence at a time. What one sentence leaves for the next (who spoke last, what it
//! was about) lives in [`Part`]; what lasts the whole brief (people named in full, the
//! sentence count, the claims) in [`Ctx`].

use crate::brief::Brief;

use super::attribution::{self, attribute, Attribution, BriefPeople, Sieve, Subject, SubjectKind};
use super::lexicon::{ActorKind, Lexicons, MentionKind};
use super::stage::{same_name, Carried, StageView};
use super::text::{self, tokenize, Token};
use super::{
    add_missing, block_topics, body_actors, claim_text, context_stems, heading_stems,
    holds_a_national_office, is_analysis_heading, is_bare_quote, named_on, names_the_country,
    names_title_story, opens_title_story, own_stem_words, own_stems, own_stems_of, remember_people,
    section_event_stems, section_event_topics, span, split_sentences, stance, stemmed_blocks,
    stems_with_context, subject_actors, title_stories, topic_counts, with_context, BlockTopics,
    Claim, TitleStory,
};
use crate::attribution::{Attribution as StageAttribution, SpeakerKind as StageKind};
use crate::wordlists::{DETERMINERS, NATIONAL_OFFICES, PLACED_OFFICES};

/// How many sentences back a pronoun or a bare title may reach.
const PRONOUN_REACH: u32 = 3;
const TITLE_REACH: u32 = 2;
/// Statements this short inherit the topics of the sentence before them.
const SHORT_REACTION_WORDS: usize = 12;

/// All claims in a brief, in reading order.
pub fn analyze(lex: &Lexicons, brief: &Brief) -> Vec<Claim> {
    let mut ctx = Ctx {
        lex,
        brief,
        title_stories: Vec::new(),
        title_opened: Vec::new(),
        title_story: None,
        people: BriefPeople::default(),
        sentence_index: 0,
        claims: Vec::new(),
    };
    ctx.part("", &[brief.lead.as_str()], Vec::new(), Vec::new());
    // The lead restates the title; the stories it names open in the sections.
    ctx.title_stories = title_stories(&brief.title);
    ctx.title_opened = vec![false; ctx.title_stories.len()];
    for s in &brief.sections {
        let blocks: Vec<&str> = s.blocks.iter().map(|b| b.text()).collect();
        ctx.section(&s.heading, &blocks);
    }
    ctx.claims
}

/// What lasts the whole brief.
struct Ctx<'a> {
    lex: &'a Lexicons,
    brief: &'a Brief,
    /// The stories the brief's title names, as their stems ([`title_stories`]), and which
    /// of them a paragraph has opened so far.
    title_stories: Vec<TitleStory>,
    title_opened: Vec<bool>,
    /// The title's story the last part read ended in, which a datelined part after it in
    /// the same section goes on with when it opens by naming it.
    title_story: Option<usize>,
    /// People named in full so far, whom a surname alone may name later.
    people: BriefPeople,
    /// Position of the next sentence in the brief, counting from 0 (lead first).
    sentence_index: u32,
    claims: Vec<Claim>,
}

/// Who spoke last, for pronouns and "The spokesperson" further on.
#[derive(Debug, Clone)]
struct Antecedent {
    actors: Vec<String>,
    /// The statement's own stems, which what continues it answers from context.
    stems: Vec<String>,
    /// Actors that are not people (for "The ministry said").
    bodies: Vec<String>,
    speaker: String,
    topics: Vec<String>,
    sentence: u32,
}

/// What one sentence of a part leaves for the next. Nothing crosses a heading: a new
/// section starts with no speaker to refer back to.
struct Part<'p> {
    heading: &'p str,
    /// Under "Why It Matters" and the like: the writer's analysis, where a pronoun or a
    /// bare title is no speaker.
    analysis: bool,
    /// Topics of the event the section opens with, each with the last paragraph that names
    /// it (see [`section_event_topics`]).
    lede_topics: Vec<(String, usize)>,
    /// The paragraph being read, counted from 0 in the part.
    block_index: usize,
    /// The index of the paragraph's first sentence in the brief.
    block_first: u32,
    /// The last person who spoke or was the subject, for "He" and "The minister".
    person: Option<Antecedent>,
    /// The last speaker of any kind, for "It", "They" and "The ministry".
    any: Option<Antecedent>,
    /// Topics and stems of the sentence just read.
    last_topics: Vec<String>,
    last_stems: Vec<String>,
    /// The country a sentence of the paragraph being read opened in ("In Italy, ..."), and
    /// that sentence's index: a paragraph may turn to another country, and an office named
    /// without one is then the paragraph's.
    block_place: Option<(String, u32)>,
    /// The country the story's opening sentence is about (`subject_country`): an office
    /// named with no country, and no place or speaker before it, is that country's.
    story_country: Option<String>,
    /// The first sentence of the story being read: a paragraph that narrates what other
    /// countries did than the last speaker's opens another story inside the part, and an
    /// office named with no country no longer takes the country of a speaker before it.
    story_since: u32,
    /// The country of the dateline the story opens under ("MOSCOW, Nov 21 —"): the last
    /// resort for an office named with no country when nothing said before names one.
    story_dateline: Option<String>,
    /// The topics each paragraph names (`block_topics`).
    tagged: BlockTopics,
    /// Topics the paragraph being read names outside any statement: the event it reports.
    block_events: Vec<String>,
    /// The event of the last paragraph that reported one, which the paragraphs of
    /// statements after it answer: each topic with the last paragraph it reaches.
    last_events: Vec<(String, usize)>,
}

impl Part<'_> {
    /// The paragraph's place (`block_place`) while no statement has come since it was
    /// named: "In Estonia, … Russia's foreign ministry denied it. Deputy Foreign Minister X
    /// said …" is no longer Estonia's.
    fn place_unanswered(&self) -> Option<&String> {
        self.block_place
            .as_ref()
            .filter(|(_, at)| self.any.as_ref().is_none_or(|a| a.sentence <= *at))
            .map(|(place, _)| place)
    }

    /// What the paragraph just read reports, for its statements to answer: its own event,
    /// or, when it has none, the last event reported ("A Moscow court upheld …" then
    /// paragraphs of reactions), and the section's opening event up to the last paragraph
    /// that names it. An event reaches the paragraph after it, and on up to the last
    /// paragraph that names its topic while the story is about it (`named_on`): a
    /// reaction three paragraphs on answers the event its neighbours still name, not one
    /// the story has left.
    fn paragraph_events(&mut self) -> Vec<String> {
        let own = std::mem::take(&mut self.block_events);
        let at = self.block_index;
        let mut events = if own.is_empty() {
            self.last_events
                .iter()
                .filter(|(_, reach)| at <= *reach)
                .map(|(t, _)| t.clone())
                .collect()
        } else {
            self.last_events = own
                .iter()
                .map(|t| {
                    let last = named_on(&self.tagged, t, at).map_or(at, |(_, last)| last);
                    (t.clone(), last.max(at + 1))
                })
                .collect();
            own
        };
        let live = self
            .lede_topics
            .iter()
            .filter(|(_, last)| self.block_index <= *last);
        add_missing(&mut events, live.map(|(t, _)| t.clone()));
        events
    }
}

/// Where a sentence sits: its block, and the attribution stage's reading of that block.
#[derive(Clone, Copy)]
struct Within<'s> {
    block: &'s str,
    view: &'s StageView,
    /// The sentence's byte offset in the block.
    offset: usize,
}

/// One sentence, tokenized, tagged and stemmed once for every step that reads it.
struct Sentence<'s> {
    within: Within<'s>,
    text: &'s str,
    idx: u32,
    toks: Vec<Token>,
    /// The country a sentence opens in ("In Dublin, ...").
    here: Option<String>,
    /// The sentence's topics and how often each is named.
    tagged: Vec<(String, u32)>,
    /// Topics and stems of the sentence before, which a short reaction answers.
    previous_topics: Vec<String>,
    previous_stems: Vec<String>,
}

/// Who makes a statement, and what they bring from the statement they continue.
struct Speaker {
    actors: Vec<String>,
    speaker: String,
    from_context: bool,
    inherited_topics: Vec<String>,
    inherited_stems: Vec<String>,
}

impl Speaker {
    /// A speaker the sentence names, or the stage's phrase stands for, that continues no
    /// statement and so brings none of its topics or words.
    fn fresh(actors: Vec<String>, speaker: String, from_context: bool) -> Speaker {
        Speaker {
            actors,
            speaker,
            from_context,
            inherited_topics: Vec::new(),
            inherited_stems: Vec::new(),
        }
    }
}

impl<'a> Ctx<'a> {
    /// A section's statements also answer the event it opens with, unless it is analysis;
    /// read story by story: wire copy runs several stories under one heading, each
    /// opening with its dateline ("BRUSSELS, Nov 26 — …"), and a story's statements answer
    /// its own lede, and its pronouns its own speakers.
    fn section(&mut self, heading: &str, blocks: &[&str]) {
        let analysis = is_analysis_heading(heading);
        // A heading ends the title's story the section before was telling.
        self.title_story = None;
        let starts: Vec<usize> = std::iter::once(0)
            .chain((1..blocks.len()).filter(|&i| opens_with_dateline(blocks[i])))
            .chain(std::iter::once(blocks.len()))
            .collect();
        for story in starts.windows(2) {
            let blocks = &blocks[story[0]..story[1]];
            let tagged = if analysis {
                Vec::new()
            } else {
                block_topics(self.lex, blocks)
            };
            let lede_topics = section_event_topics(self.lex, blocks, &tagged);
            self.part(heading, blocks, lede_topics, tagged);
        }
    }

    fn part(
        &mut self,
        heading: &str,
        blocks: &[&str],
        lede_topics: Vec<(String, usize)>,
        tagged: BlockTopics,
    ) {
        let mut part = Part {
            heading,
            analysis: is_analysis_heading(heading),
            lede_topics,
            tagged,
            person: None,
            any: None,
            last_topics: Vec::new(),
            last_stems: Vec::new(),
            block_place: None,
            story_country: None,
            story_since: 0,
            story_dateline: None,
            block_events: Vec::new(),
            last_events: Vec::new(),
            block_index: 0,
            block_first: 0,
        };
        let views = StageView::of_story(blocks);
        // Claims of each paragraph, and whether its first sentence made none (narrative).
        let mut made: Vec<(usize, usize)> = Vec::with_capacity(blocks.len());
        let mut opens_story: Vec<bool> = Vec::with_capacity(blocks.len());
        let mut reports_speech: Vec<bool> = Vec::with_capacity(blocks.len());
        for (block_index, (block, view)) in blocks.iter().zip(views).enumerate() {
            part.block_index = block_index;
            part.block_first = self.sentence_index;
            part.block_place = None;
            part.block_events.clear();
            let first_claim = self.claims.len();
            let sentences = split_sentences(block);
            // Whether anyone at all, actor or not, speaks in the first sentence.
            reports_speech.push(
                sentences
                    .first()
                    .is_some_and(|&(a, b)| view.spoken_in(a, b).next().is_some()),
            );
            for (a, b) in sentences {
                let within = Within {
                    block,
                    view: &view,
                    offset: a,
                };
                self.sentence(&mut part, &block[a..b], within);
            }
            let first_sentence = part.block_first;
            opens_story.push(
                self.claims[first_claim..]
                    .iter()
                    .all(|c| c.sentence_index != first_sentence),
            );
            made.push((first_claim, self.claims.len()));
            if !part.analysis {
                let events = part.paragraph_events();
                lend_paragraph_topics(self.lex, &mut self.claims[first_claim..], &events);
            }
        }
        if part.analysis {
            self.lend_title_stories(blocks, &made);
            return;
        }
        let stemmed = stemmed_blocks(blocks);
        let lede_words = section_event_stems(blocks, &stemmed, &opens_story, &reports_speech);
        let heading_words = heading_stems(heading, &stemmed);
        // The title's story a paragraph opens runs until another opens or the part ends.
        // "MINSK, Dec 4 — President Lukashenko said the closure …" goes on with the story
        // of "Lithuania shuts its border with Belarus" begun under the dateline before.
        let mut title_story = self.title_story.take().filter(|&k| {
            blocks
                .first()
                .is_some_and(|b| names_title_story(self.lex, &self.title_stories[k].words, b))
        });
        for (block_index, &(a, b)) in made.iter().enumerate() {
            // A story opens a part ("IZMAIL, Dec 4 — Russian drones struck …, Ukrainian
            // officials said"), or later with what happened; what someone said opens it
            // only when it names much of it and the next paragraph goes on with it.
            let narrative = opens_story[block_index] && !reports_speech[block_index];
            let told = block_index > 0 && !narrative;
            let opened = opens_title_story(
                &self.title_stories,
                &self.title_opened,
                blocks[block_index],
                told,
            )
            // Told, the story must go on in the next paragraph, not be a passing reaction.
            .filter(|&k| {
                !told
                    || stemmed
                        .iter()
                        .find(|(i, _)| *i == block_index + 1)
                        .is_some_and(|(_, stems)| {
                            self.title_stories[k]
                                .words
                                .iter()
                                .any(|w| stems.binary_search(w).is_ok())
                        })
            });
            if let Some(k) = opened {
                self.title_opened[k] = true;
                title_story = Some(k);
            }
            let mut words: Vec<String> = lede_words
                .iter()
                .filter(|(_, from, to)| (*from..=*to).contains(&block_index))
                .map(|(w, _, _)| w.clone())
                .collect();
            words.extend(heading_words.iter().cloned());
            if let Some(k) = title_story {
                add_missing(&mut words, self.title_stories[k].words.iter().cloned());
            }
            if words.is_empty() {
                continue;
            }
            self.lend_words(a..b, &words);
        }
        self.title_story = title_story;
    }

    /// Adds `words` to the context stems of the claims at `range`.
    fn lend_words(&mut self, range: std::ops::Range<usize>, words: &[String]) {
        for c in &mut self.claims[range] {
            let own = own_stems_of(&c.stems).to_string();
            c.stems = with_context(own, &[&context_stems(&c.stems), words]);
        }
    }

    /// "- Whether other leaders skip Miami. Ramaphosa said South Africa would follow the
    /// summit …": a paragraph of an analysis section ("What to Watch") that names much of
    /// a story the title names, anywhere in it, is about that story; its statements answer
    /// the story's words.
    fn lend_title_stories(&mut self, blocks: &[&str], made: &[(usize, usize)]) {
        for (block, &(a, b)) in blocks.iter().zip(made) {
            if a == b {
                continue;
            }
            let stems = own_stems(block);
            let Some(story) = self
                .title_stories
                .iter()
                .find(|story| story.named_in(&stems, false).is_some())
            else {
                continue;
            };
            let words = story.words.clone();
            self.lend_words(a..b, &words);
        }
    }

    fn sentence(&mut self, part: &mut Part, sentence: &str, within: Within) {
        let idx = self.sentence_index;
        self.sentence_index += 1;
        let toks = tokenize(sentence);
        super::remember_named_in_full(&mut self.people, self.lex, &toks);
        let sieve = self.sieve();
        let mut atts = attribute(&sieve, &toks);
        let here = attribution::place_opening(&sieve, &toks);
        let dateline = within.offset == 0 && opens_with_dateline(within.block);
        // The country a paragraph's opening sentence is about, read once: the story's when
        // the paragraph opens the part, the paragraph's place when the sentence narrates.
        let opening_country = if within.offset == 0 {
            attribution::subject_country(&sieve, &toks, dateline)
        } else {
            None
        };
        // A part's first paragraph opens a story (`section` starts a part at each dateline).
        if within.offset == 0 && part.block_index == 0 {
            part.story_country = opening_country.clone();
        }
        // "WASHINGTON, Nov 20 — Commerce Secretary X said": a dateline places its paragraph
        // as "In Washington, …" does, for an office that names no country. Only that: the
        // reporter's place is weaker evidence of whose a bare title is than a sentence's.
        let dateline_place = dateline
            .then(|| attribution::dateline_place(&sieve, &toks))
            .flatten();
        // "Austria, which has no nuclear power of its own, reacted within hours. Climate
        // Minister X said …": a paragraph that opens by narrating a country's doing is
        // about that country, as one that opens "In Austria, …" is; so is what follows a
        // later sentence that does ("Nicaragua, Beijing's closest ally, took the opposite
        // view. Its foreign ministry said …"), until someone speaks.
        let narrated = if !atts.is_empty() {
            None
        } else if within.offset == 0 {
            opening_country.clone()
        } else {
            attribution::subject_country(&sieve, &toks, false)
        };
        if let Some(place) = here
            .as_ref()
            .or(dateline_place.as_ref())
            .or(narrated.as_ref())
        {
            part.block_place = Some((place.clone(), idx));
        }
        if within.offset == 0 && part.block_index == 0 {
            part.story_dateline = dateline_place.clone();
        }
        // The stage's statements whose speaker the sieve did not see ("…, she added"). A
        // bare title is placed by the sentence, its dateline, or its paragraph's place
        // while nobody has spoken since.
        let placed = part.place_unanswered().is_some();
        // Whether a body other than a country spoke last in this paragraph: "The company
        // said" may be it.
        let body_spoke_last = part.any.as_ref().is_some_and(|a| {
            a.sentence >= part.block_first
                && !a.actors.is_empty()
                && a.actors.iter().all(|id| {
                    self.lex
                        .actor(id)
                        .is_some_and(|d| d.kind != ActorKind::Country)
                })
        });
        let seen: Vec<(usize, usize)> = atts.iter().map(|a| subject_bytes(&toks, a)).collect();
        // "Michael McGrath, the European commissioner for …, said": an apposition between
        // the sieve's subject and its verb is the same speaker.
        let phrases: Vec<(usize, usize)> = atts
            .iter()
            .filter_map(|a| Some((a.subject.start, a.verb?)))
            .collect();
        let extra: Vec<Attribution> = self
            .stage_attributions(within, sentence, &toks, placed, body_spoke_last)
            .into_iter()
            .filter(|a| {
                let (x, y) = subject_bytes(&toks, a);
                let apart = seen.iter().all(|&(p, q)| y <= p || q <= x);
                let inside = phrases
                    .iter()
                    .any(|&(p, v)| p <= a.subject.start && a.subject.end <= v);
                apart && !inside
            })
            .collect();
        atts.extend(extra);
        atts.sort_by_key(|a| a.start);
        if within.offset == 0 && part.block_index > 0 && atts.is_empty() && !part.analysis {
            self.story_break(part, &toks, idx, here.as_ref());
        }
        // Tagged once: the sentence's topics serve the next sentence, a bare quote,
        // a narrative subject and (when the statement is the whole sentence) the claim.
        // Split and stemmed once, for its topics and for what continues it.
        let words = text::term_words(sentence);
        let tagged = self.lex.tag_topic_words(&words);
        let previous_topics = std::mem::replace(
            &mut part.last_topics,
            tagged.iter().map(|(t, _)| t.clone()).collect(),
        );
        let previous_stems = std::mem::replace(&mut part.last_stems, own_stem_words(words));
        let s = Sentence {
            within,
            text: sentence,
            idx,
            toks,
            here,
            tagged,
            previous_topics,
            previous_stems,
        };
        if !atts.is_empty() {
            for att in atts {
                self.attribution(part, &s, att);
            }
        } else if !part.analysis && (is_bare_quote(sentence) || quote_runs_on(sentence, within)) {
            self.bare_quote(part, &s);
        } else {
            add_missing(
                &mut part.block_events,
                s.tagged.iter().map(|(t, _)| t.clone()),
            );
            self.narrative_person(part, &s);
            // "Nagra, the cooperative set up by …, said … Its chief executive said": a
            // speaker who is no actor was still the last heard from; "it" and "its" after
            // them are theirs, not the actor before.
            if let Some(said) = self.unvoiced_speaker(s.within, s.text) {
                part.any = Some(Antecedent {
                    actors: Vec::new(),
                    bodies: Vec::new(),
                    stems: part.last_stems.clone(),
                    speaker: said.to_string(),
                    topics: part.last_topics.clone(),
                    sentence: s.idx,
                });
            }
        }
    }

    /// A speaker the attribution stage finds in a sentence the sieve found none in, named
    /// and plainly speaking, who names no actor: a company, a group, a person of neither.
    fn unvoiced_speaker<'b>(&self, within: Within<'b>, sentence: &str) -> Option<&'b str> {
        let (from, to) = (within.offset, within.offset + sentence.len());
        within.view.spoken_in(from, to).find_map(|(t, _)| {
            let said = t.speaker.of(within.block);
            (t.kind == StageKind::Named
                && plainly_spoken(t, within)
                && !within
                    .view
                    .inside_reported_speech(t.speaker.start, t.speaker.end)
                && super::actors_speaking(self.lex, said).is_empty())
            .then_some(said)
        })
    }

    /// "Norway, Britain, the EU and the Faroe Islands agreed … Fisheries Minister X said":
    /// a paragraph that opens by narrating what countries did, none of them the last
    /// speaker's, tells another story; its office with no country is not the earlier
    /// speaker's country's.
    fn story_break(&self, part: &mut Part, toks: &[Token], idx: u32, here: Option<&String>) {
        let Some(last) = part.any.as_ref() else {
            return;
        };
        let countries = self.lex.countries_named(toks, 0, toks.len());
        let spoke_for = |id: &String| last.bodies.contains(id) || last.actors.contains(id);
        if countries.is_empty() || countries.iter().any(spoke_for) {
            return;
        }
        part.story_since = idx;
        // Whose the new story is, is no surer: "China suspended imports of Japanese
        // seafood … Chief Cabinet Secretary X said" is Japan's. The part's opening
        // country is no longer it either. Only a place the paragraph opens in says it:
        // "In Brasília, the government issued a compulsory licence … Health Minister X
        // told a news conference" is Brazil's minister.
        part.story_country = here.cloned();
    }

    /// The attribution stage's statements in a sentence the sieve found none in, in the
    /// sieve's terms: a speaker that names an actor ("Russia's envoy Pavel Orlov told
    /// reporters"), or a pronoun for the context to resolve ("…, she added").
    fn stage_attributions(
        &self,
        within: Within,
        sentence: &str,
        toks: &[Token],
        placed: bool,
        body_spoke_last: bool,
    ) -> Vec<Attribution> {
        let (from, to) = (within.offset, within.offset + sentence.len());
        let token_at = |byte: usize| toks.iter().position(|t| within.offset + t.end > byte);
        let mut out = Vec::new();
        for (t, antecedent) in within.view.spoken_in(from, to) {
            let (Some(ss), Some(se)) = (token_at(t.speaker.start), token_at(t.speaker.end - 1))
            else {
                continue;
            };
            let (Some(cs), Some(ce)) = (
                token_at(t.content.start.max(from)),
                token_at(t.content.end.min(to) - 1),
            ) else {
                continue;
            };
            // "EU governments agreed early on Thursday on the law": a decision, as the
            // sieve reads the verb there.
            let cue = t.cue.and_then(|c| token_at(c.start));
            if cue.is_some_and(|v| attribution::reports_an_act(toks, v)) {
                continue;
            }
            // "“…,” said Saima Rafiq, Pakistan's attorney-general, who argued the case": the
            // stage ends a name before an apposition that more follows; the office there
            // says whose the speaker is.
            let se = match t.kind {
                StageKind::Named => office_apposition_end(toks, se).unwrap_or(se),
                _ => se,
            };
            let said = &within.block[t.speaker.start..within.offset + toks[se].end];
            let owned = t.kind == StageKind::Title && owned_by_a_body_named_again(&toks[ss..=se]);
            let (kind, named) = match t.kind {
                StageKind::Named => (SubjectKind::Named, said),
                StageKind::Pronoun => (SubjectKind::Pronoun(text::name_key(said)), said),
                // "The island's defence ministry" belongs to the island, which the title
                // does not name; the ministry last named may be another country's.
                // "According to the bank's environmental assessment" after the World Bank
                // spoke: what a body named again by its last word owns, which is no office
                // or body, speaks for it (`speaker` names the body again, or drops it).
                StageKind::Title if owned => (SubjectKind::Named, said),
                StageKind::Title
                    if toks[ss..=se]
                        .iter()
                        .any(|t| t.kind == text::Kind::Possessive) =>
                {
                    continue
                }
                // "In Paris, the foreign ministry referred questions to TotalEnergies, …
                // The company said": a company is no place's, nor a country's that spoke
                // last; with no phrase the stage resolves it to and no body that spoke
                // last in the paragraph, it is nobody the brief names. "Gazprom said …
                // The company said" is Gazprom's.
                StageKind::Title
                    if antecedent.is_none()
                        && attribution::is_company_word(&toks[se])
                        && !body_spoke_last =>
                {
                    continue
                }
                // "In Warsaw, the justice ministry said": the place's, as the sieve's
                // titles are (`speaker`), not the ministry named before.
                StageKind::Title if placed && toks[ss].is_word("the") => {
                    (SubjectKind::Definite(false), said)
                }
                // "Japan's coast guard seized a trawler. … The coast guard said": a bare
                // title speaks for the narrated phrase the stage resolves it to.
                StageKind::Title => match antecedent {
                    Some(phrase) => (SubjectKind::Named, phrase),
                    // "Iraq's oil minister said … According to the oil ministry, …": a
                    // title the stage finds no phrase for is read as the sieve's titles
                    // are, by who spoke last and where.
                    None if toks[ss].is_word("the") => {
                        let person = attribution::is_person_role(&toks[se].norm);
                        (SubjectKind::Definite(person), said)
                    }
                    None => continue,
                },
                StageKind::Relative => continue,
            };
            let actors = super::actors_speaking(self.lex, named);
            // A named speaker the sieve missed counts only with a plain speech verb: "the
            // veto threat shows" is no statement by the country.
            if kind == SubjectKind::Named
                && ((actors.is_empty() && !owned) || !plainly_spoken(t, within))
            {
                continue;
            }
            out.push(Attribution {
                start: cs,
                end: ce + 1,
                subject: Subject {
                    kind,
                    start: ss,
                    end: se + 1,
                    actors,
                    discovered: Vec::new(),
                    person: false,
                },
                // The sieve's verb lies inside the statement it labels; a cue before or
                // after the content ("…, she added") gives the stance nothing to read.
                verb: cue.filter(|v| (cs..=ce).contains(v)),
            });
        }
        out
    }

    fn sieve(&self) -> Sieve<'_> {
        Sieve {
            lex: self.lex,
            people: &self.people,
        }
    }

    /// `"But not at any price."` right after a quoted speaker continues them.
    fn bare_quote(&mut self, part: &mut Part, s: &Sentence) {
        let Some(ante) = part
            .any
            .clone()
            .filter(|a| s.idx - a.sentence == 1 && !a.actors.is_empty())
        else {
            return;
        };
        let (topics, topic_hits): (Vec<String>, Vec<u32>) = s.tagged.iter().cloned().unzip();
        let context_topics = context_topics(&topics, [&ante.topics]);
        self.claims.push(Claim {
            brief_id: self.brief.id.clone(),
            brief_date: self.brief.date,
            section: part.heading.to_string(),
            sentence_index: s.idx,
            text: s.text.to_string(),
            speaker: ante.speaker.clone(),
            actors: ante.actors.clone(),
            topics,
            topic_hits,
            context_topics,
            stance: stance::label(&s.toks, None),
            from_context: true,
            stems: stems_with_context(s.text, &[&ante.stems]),
        });
        part.any = Some(Antecedent {
            sentence: s.idx,
            ..ante
        });
    }

    /// A sentence with no statement may still name the person the next "He said" means
    /// ("Zelenskyy arrived in Washington on Monday.").
    fn narrative_person(&mut self, part: &mut Part, s: &Sentence) {
        for named in attribution::people_by_office(&self.sieve(), &s.toks) {
            let actors = subject_actors(self.lex, &named);
            remember_people(&mut self.people, self.lex, &named, &actors);
        }
        let Some(subject) = attribution::narrative_person(&self.sieve(), &s.toks) else {
            return;
        };
        let actors = subject_actors(self.lex, &subject);
        remember_people(&mut self.people, self.lex, &subject, &actors);
        part.person = Some(Antecedent {
            stems: part.last_stems.clone(),
            bodies: body_actors(self.lex, &actors),
            actors,
            speaker: span(s.text, &s.toks, subject.start, subject.end).to_string(),
            topics: part.last_topics.clone(),
            sentence: s.idx,
        });
    }

    /// One attributed stretch of a sentence becomes a claim, when its speaker is known.
    fn attribution(&mut self, part: &mut Part, s: &Sentence, att: Attribution) {
        // The writer's analysis names what actors have done and want ("Poland has blamed
        // Russian services for …", "Whether Poland requests consultations"); only what it
        // reports them saying is a statement.
        if part.analysis
            && att
                .verb
                .is_some_and(|v| !crate::attribution::is_speech_cue(&s.toks[v].norm))
        {
            return;
        }
        let Some(who) = self.speaker(part, s, &att) else {
            return;
        };
        if who.actors.is_empty() {
            return;
        }
        let aside = writers_aside(&s.toks, &att);
        let text = claim_words(s, &att, aside);
        let text = text.as_str();
        if text.is_empty() {
            return;
        }
        let (topics, topic_hits) = if text.len() == s.text.len() {
            s.tagged.iter().cloned().unzip()
        } else {
            topic_counts(self.lex, text)
        };
        // A short reaction ("The Kremlin denied interfering.") answers what the
        // sentence before it was about.
        let short = text.split_whitespace().count() <= SHORT_REACTION_WORDS;
        let (previous, previous_stems): (&[String], &[String]) = if topics.is_empty() || short {
            (&s.previous_topics, &s.previous_stems)
        } else {
            (&[], &[])
        };
        let context = context_topics(&topics, [&who.inherited_topics, previous]);
        let stance = stance::label(&s.toks[att.start..att.end], att.verb.map(|v| v - att.start));
        let ante = Antecedent {
            bodies: body_actors(self.lex, &who.actors),
            actors: who.actors.clone(),
            stems: own_stems(text),
            speaker: who.speaker.clone(),
            topics: topics.clone(),
            sentence: s.idx,
        };
        // "Belgium's foreign minister said …. He added": an office a person holds, named
        // by its last word or the word before its portfolio ("Vanuatu's minister for
        // climate change"), is someone a later "he" stands for, named or not, once it
        // plainly spoke ("Romania's president called Zelenskyy's envoy, X" is a call).
        let subject = &s.toks[att.subject.start..att.subject.end];
        let head = match subject
            .iter()
            .position(|t| t.is_word("for") || t.is_word("of"))
        {
            Some(k) if k > 0 => subject[..k].last(),
            _ => subject.iter().rev().find(|t| t.kind == text::Kind::Word),
        };
        // "China's foreign minister called the code “a rule written by the region”": a
        // quotation the verb takes is spoken too.
        let office_holder = head.is_some_and(|t| attribution::is_person_role(&t.norm))
            && att.verb.is_none_or(|v| {
                crate::attribution::is_speech_cue(&s.toks[v].norm)
                    || attribution::says_as(&s.toks, v)
                    || s.toks[v + 1..att.end.min(s.toks.len())]
                        .iter()
                        .any(|t| t.is_punct("\""))
            });
        let is_person = att.subject.person
            || office_holder
            || (who.from_context && part.person.as_ref().is_some_and(|p| p.actors == who.actors));
        if is_person {
            part.person = Some(ante.clone());
        }
        part.any = Some(ante);
        // A refusal or another's words passed on is no claim, though its speaker stays one
        // a later pronoun can stand for. A refusal is looked for only after a speaker
        // before the verb: after a passive's agent ("rejected by Hungary, which has said
        // nothing since") the words are not the statement.
        let first = att.verb.is_none_or(|v| att.subject.start < v);
        let said_from = aside.map_or(att.subject.end, |(_, y)| y);
        let said = &s.toks[said_from.min(att.end)..att.end];
        if (first && attribution::only_declines(said))
            || self.reports_another(&att, &s.toks, &who.actors)
        {
            return;
        }
        let mut context = context;
        let mut spoken_stems = Vec::new();
        if part.analysis {
            let (spoken, stems) = self.topics_spoken_on(&who.actors);
            add_missing(&mut context, spoken);
            spoken_stems = stems;
        }
        self.claims.push(Claim {
            brief_id: self.brief.id.clone(),
            brief_date: self.brief.date,
            section: part.heading.to_string(),
            sentence_index: s.idx,
            text: text.to_string(),
            speaker: who.speaker,
            actors: who.actors,
            topics,
            topic_hits,
            context_topics: context,
            stance,
            from_context: who.from_context,
            stems: stems_with_context(text, &[&who.inherited_stems, previous_stems, &spoken_stems]),
        });
    }

    /// Whether what `att` says is that another actor told the speaker something: "Fidan
    /// said the Russian delegation had told him it wanted …".
    /// Those are the other actor's words at second hand, and not the speaker's position.
    fn reports_another(&self, att: &Attribution, toks: &[Token], speakers: &[String]) -> bool {
        let Some(v) = att.verb.filter(|&v| v < att.end) else {
            return false;
        };
        let mut from = v + 1;
        if toks.get(from).is_some_and(|t| t.is_word("that")) {
            from += 1;
        }
        let content = &toks[from.min(att.end)..att.end];
        // Most statements tell no one anything: the sieve reads the content again only
        // when a listener is there to be told.
        let listener = |t: &Token| {
            t.kind == text::Kind::Word && crate::wordlists::LISTENER_PRONOUNS.contains(&t.norm)
        };
        if !content.iter().any(listener) {
            return false;
        }
        attribute(&self.sieve(), content)
            .first()
            .is_some_and(|inner| {
                let s = &inner.subject;
                // The verb right after the name ("had told"), not one further on that the
                // sieve gave the name as a subject, and told to someone: "Tusk said Russia
                // says it wants peace" is Tusk's charge, "… had told him it wanted" a
                // message passed on.
                let speaks = inner.verb.is_some_and(|v| {
                    v >= s.end
                        && v <= s.end + 2
                        && crate::attribution::is_speech_cue(&content[v].norm)
                        && content.get(v + 1).is_some_and(listener)
                });
                s.start == 0
                    && speaks
                    && s.kind == SubjectKind::Named
                    && !s.actors.is_empty()
                    && s.actors.iter().all(|a| !speakers.contains(a))
            })
    }

    /// The country `att` is said in: the one its sentence opens in ("In Bern, …"), else the
    /// one right after its verb and listener ("told reporters in New Delhi").
    fn where_spoken(&self, s: &Sentence, att: &Attribution) -> Option<String> {
        s.here.clone().or_else(|| {
            att.verb
                .and_then(|v| attribution::place_of_speaking(&self.sieve(), &s.toks, v))
        })
    }

    /// Who speaks in `att`: a name in the clause itself, or the earlier speaker a pronoun
    /// or a bare title stands for, if one is near enough.
    fn speaker(&mut self, part: &Part, s: &Sentence, att: &Attribution) -> Option<Speaker> {
        let reach = |ante: &Option<Antecedent>, max: u32| {
            ante.clone().filter(|a| s.idx - a.sentence <= max)
        };
        let from = |ante: Antecedent| Speaker {
            actors: ante.actors,
            speaker: ante.speaker,
            from_context: true,
            inherited_topics: ante.topics,
            inherited_stems: ante.stems,
        };
        let (a, b) = subject_bytes(&s.toks, att);
        let (a, b) = (s.within.offset + a, s.within.offset + b);
        // "“The panel has confirmed our investigation,” X told reporters": a title inside
        // what someone else reports speaks no more than a name there does.
        if matches!(att.subject.kind, SubjectKind::Definite(_))
            && s.within.view.inside_reported_speech(a, b)
        {
            return None;
        }
        // "The Department of Foreign Affairs in Manila said": a body's name that names no
        // actor is placed as a bare title is.
        let placeable = match att.subject.kind {
            SubjectKind::Definite(_) => true,
            SubjectKind::Named => att.subject.actors.is_empty(),
            SubjectKind::Pronoun(_) => false,
        };
        if placeable && !part.analysis {
            if let Some(placed) = self.placed_title(s, att) {
                return Some(placed);
            }
        }
        let who = match &att.subject.kind {
            // "The Ukrainian side proposed …, she added": not Ukraine speaking.
            SubjectKind::Named if s.within.view.inside_reported_speech(a, b) => None,
            SubjectKind::Named => {
                let mut actors = subject_actors(self.lex, &att.subject);
                let before = part
                    .any
                    .as_ref()
                    .filter(|a| s.idx - a.sentence <= PRONOUN_REACH);
                if names_the_country(&s.toks, (att.subject.start, att.subject.end), att.verb) {
                    add_the_country(self.lex, &mut actors, s.here.as_ref(), before);
                } else if let Some(placed_only) = [&NATIONAL_OFFICES, &PLACED_OFFICES]
                    .iter()
                    .position(|list| holds_a_national_office(&s.toks, &att.subject, att.verb, list))
                    .map(|i| i == 1)
                {
                    // "Energy Secretary X": no statement of an earlier paragraph says whose;
                    // one of the same paragraph does ("Prime Minister X told reporters …
                    // The chief cabinet secretary, Y, said").
                    // Nor, for any office, one of an earlier paragraph that another
                    // country than the story's spoke, unless the dateline is that country's:
                    // "Belgian customs seized … according to the Dutch police. ¶ Finance
                    // Minister X told reporters" is Belgium's.
                    let earlier_elsewhere = |a: &Antecedent| {
                        let other =
                            |c: &Option<String>| c.as_ref().is_some_and(|c| !a.bodies.contains(c));
                        a.sentence < part.block_first
                            && other(&part.story_country)
                            && (part.story_dateline.is_none() || other(&part.story_dateline))
                    };
                    let before = before.filter(|a| {
                        (!placed_only || a.sentence >= part.block_first)
                            && a.sentence >= part.story_since
                            && !earlier_elsewhere(a)
                    });
                    // The paragraph's country first: "In Italy, … Interior Minister X said"
                    // after a Russian statement in the paragraph before is Italy's minister.
                    // Only while no statement came after the sentence that named the place:
                    // "In Estonia, … Russia's foreign ministry denied it. Deputy Foreign
                    // Minister X said …" is Russia's minister.
                    let paragraph = part.place_unanswered();
                    // "X, the external affairs ministry spokesman, told reporters in New
                    // Delhi": where the sentence opens, else where the speaker speaks.
                    let placed = self.where_spoken(s, att);
                    let here = placed.as_ref().or(paragraph);
                    // "CHANIA, Crete — Greece’s parliament voted … the migration minister
                    // said": with no place and no speaker before, the story's country.
                    let story = part
                        .story_country
                        .as_ref()
                        .filter(|_| here.is_none() && before.is_none());
                    let mut with_country = actors.clone();
                    add_the_country(self.lex, &mut with_country, here.or(story), before);
                    // "MOSCOW — Gazprom said … deputy foreign minister X told TASS": with
                    // no country from anything else, the story's dateline.
                    // Failing that too, the story's country, though someone spoke before:
                    // "Slovenia's parliament approved … according to GEN energija. '…,'
                    // Energy Minister X told lawmakers" is Slovenia's minister, a company
                    // having no country to lend.
                    for fallback in [&part.story_dateline, &part.story_country] {
                        if with_country.len() == actors.len() {
                            add_the_country(self.lex, &mut with_country, fallback.as_ref(), None);
                        }
                    }
                    // "Deputy Prime Minister X said Russia would not supply oil" after an
                    // American statement: what X reports of another country's intent says
                    // whose minister X is, so the country before is not taken.
                    // So it names the country when nothing else does, or something else
                    // names another ("Agriculture Minister X said France would read the
                    // text" after an Australian statement).
                    // A person the lexicon knows keeps their own country ("Foreign
                    // ministry spokeswoman Maria Zakharova said Tallinn would").
                    let reported = reported_country(self.lex, &s.toks, att.verb);
                    let own_country = actors.iter().any(|a| {
                        self.lex
                            .actor(a)
                            .is_some_and(|d| d.kind == ActorKind::Country)
                    });
                    match reported {
                        Some(c) if !with_country.contains(&c) => {
                            if !own_country {
                                actors.push(c);
                            }
                        }
                        _ => actors = with_country,
                    }
                }
                let said = span(s.text, &s.toks, att.subject.start, att.subject.end);
                add_possessor(self.lex, &mut actors, said);
                // "Its commander, Major General X, said": the office of the body last heard
                // from in the paragraph, as "Its spokesperson said" is. "The European
                // Commission said … A Commission spokesperson, X, said": a body named again
                // by the last word of its name.
                if body_actors(self.lex, &actors).is_empty() {
                    let here =
                        reach(&part.any, TITLE_REACH).filter(|a| a.sentence >= part.block_first);
                    if let Some(ante) = here {
                        let subject = &s.toks[att.subject.start..att.subject.end];
                        let described =
                            with_apposition(&s.toks, att.subject.start, att.subject.end);
                        if subject[0].is_word("its") || names_again(self.lex, described, &ante) {
                            add_missing(&mut actors, ante.bodies);
                        }
                    }
                }
                remember_people(&mut self.people, self.lex, &att.subject, &actors);
                let said = span(s.text, &s.toks, att.subject.start, att.subject.end);
                Some(Speaker::fresh(actors, said.to_string(), false))
            }
            _ if part.analysis => None,
            SubjectKind::Pronoun(p) => {
                // "Turkey has kept warships out since 2022, and on Monday it said …": "it"
                // after ", and" is the country the sentence opened on.
                let coordinated = (p == "it")
                    .then(|| self.coordinated_country(s, att))
                    .flatten();
                if let Some(country) = coordinated {
                    let name = self.lex.actor(&country)?.name.clone();
                    return Some(Speaker::fresh(vec![country], name, false));
                }
                let ante = if p == "he" || p == "she" {
                    reach(&part.person, PRONOUN_REACH)
                } else {
                    reach(&part.any, PRONOUN_REACH)
                };
                match ante {
                    Some(ante) => Some(from(ante)),
                    // "Romania's president called it … “…,” he said": no statement of the
                    // sieve's came before, so the phrase the stage resolves the pronoun to
                    // speaks, when it is the subject of a narrated sentence and names an
                    // actor.
                    None => self.stage_antecedent(s, a, b),
                }
            }
            // "The opposition leader, whose party won 21 seats, said": a title that says
            // how its holder stands toward those in office is none of theirs, nor anyone's
            // a name before held.
            SubjectKind::Definite(true)
                if s.toks[att.subject.start..att.subject.end]
                    .iter()
                    .any(attribution::is_relation_word) =>
            {
                None
            }
            SubjectKind::Definite(true) => {
                let title = s.toks[att.subject.start..att.subject.end]
                    .iter()
                    .rev()
                    .find(|t| t.kind == text::Kind::Word)
                    .map(|t| t.norm.as_str())
                    .unwrap_or_default();
                // Nobody of another country than the one the sentence opens in ("In
                // Vilnius, the minister said"); the head of a body only if it was heard
                // from in this paragraph.
                let here_ok = |a: &Antecedent| s.here.as_ref().is_none_or(|h| a.bodies.contains(h));
                let body = reach(&part.any, TITLE_REACH)
                    .filter(|a| a.sentence >= part.block_first && here_ok(a));
                // "In Rabat, the government spokesman told …": failing a holder, the office
                // of the place the sentence opens in.
                let placed = || s.here.clone().map(|h| self.body_of(s, att, h));
                match reach(&part.person, TITLE_REACH).filter(here_ok) {
                    // "Its spokesman, X, said … The minister said": X holds another office.
                    Some(p) if !holds_title(&p.speaker, title) => {
                        heads_the_body(self.lex, body, title).or_else(placed)
                    }
                    // "Energy Minister X said … The minister told a conference in
                    // Riyadh": where the title speaks places a person nothing placed.
                    Some(mut p) if p.bodies.is_empty() => {
                        if let Some(place) = self.where_spoken(s, att) {
                            p.actors.push(place.clone());
                            p.bodies.push(place);
                        }
                        Some(from(p))
                    }
                    Some(p) => Some(from(p)),
                    None => heads_the_body(self.lex, body, title)
                        .or_else(|| self.unheld_title(part, s, att, (a, b), title)),
                }
            }
            // "The agency said": the body speaks, not the person quoted before. "In Warsaw,
            // the justice ministry said": the body of the country the sentence or its
            // paragraph opens in, unless the body last heard from is that country's.
            SubjectKind::Definite(false) => {
                let ante = reach(&part.any, TITLE_REACH);
                // "BEIJING, Nov 25 — “…,” the commerce ministry said": the paragraph's
                // place too, while nobody has spoken since it was named. "Lithuania … has
                // bought mines. Its defence ministry said": "its" stands for that place as
                // "the" does, and so does "a" ("In Beijing, a foreign ministry spokesperson
                // said" after another country spoke).
                let opener = &s.toks[att.subject.start];
                let placed = s.here.as_ref().or(part.place_unanswered()).filter(|h| {
                    // A place among several that spoke together is that one alone:
                    // "Ivory Coast and Ghana said in a joint statement … In Accra, the
                    // finance ministry said" is Ghana's.
                    ["the", "its", "a", "an"].iter().any(|w| opener.is_word(w))
                        && ante
                            .as_ref()
                            .is_none_or(|a| !a.bodies.contains(h) || a.bodies.len() > 1)
                });
                // "A spokesman for the external affairs ministry told his weekly briefing in
                // New Delhi": a title that stands for no one named before is placed, failing
                // all else, where it speaks.
                let indefinite = ["a", "an"].iter().any(|w| opener.is_word(w));
                let spoken = || indefinite.then(|| self.where_spoken(s, att)).flatten();
                match placed.cloned().or_else(spoken) {
                    Some(place) => Some(self.body_of(s, att, place)),
                    None => match ante {
                        // "According to the fund" after the IMF's managing director: a
                        // title that names the body again needs no word from the stage.
                        Some(ante)
                            if names_again(
                                self.lex,
                                &s.toks[att.subject.start..att.subject.end],
                                &ante,
                            ) =>
                        {
                            return body_speaker(self.lex, ante);
                        }
                        // "The court's president, X, said … The court said": the last
                        // speaker speaks for no body, so the phrase the stage resolves the
                        // title to speaks ("The International Court of Justice opened …").
                        Some(ante) => {
                            body_speaker(self.lex, ante).or_else(|| self.title_named(s, a, b))
                        }
                        // "…, according to the Commission" with nobody heard from before:
                        // the narrated phrase the stage resolves it to ("after the
                        // European Commission proposed it"). Failing that, a government's
                        // body ("Poland's army has laid mines, the defence ministry
                        // confirmed. … The ministry said") is the story's country's.
                        None => self.title_named(s, a, b).or_else(|| {
                            let country = story_body(part, s, att)?;
                            Some(self.body_of(s, att, country))
                        }),
                    },
                }
            }
        }?;
        if !who.from_context {
            return Some(who);
        }
        self.check_carried(s, a, b, who)
    }

    /// "- Whether Landbridge goes to court. Chalmers said …": under "What to Watch" a
    /// person answers, in context, the topics they spoke on in the brief's reports, and
    /// the words of those statements and of what they answered, for a free-text topic
    /// ("the decision" after the reports on a bishop's ordination). So too when the
    /// statement names a topic of its own: "Cardoso said the first sealed trains would
    /// leave Kolwezi" names a training topic by its "trains", and still answers the
    /// corridor he spoke on.
    fn topics_spoken_on(&self, actors: &[String]) -> (Vec<String>, Vec<String>) {
        let Some(person) = actors.first().filter(|a| {
            self.lex
                .actor(a)
                .is_none_or(|d| d.kind == ActorKind::Person)
        }) else {
            return (Vec::new(), Vec::new());
        };
        let mut topics = Vec::new();
        let mut stems = Vec::new();
        for c in &self.claims {
            if c.actors.first() == Some(person) && !is_analysis_heading(&c.section) {
                add_missing(
                    &mut topics,
                    c.topics.iter().chain(&c.context_topics).cloned(),
                );
                let own = own_stems_of(&c.stems).split(' ').filter(|w| !w.is_empty());
                add_missing(&mut stems, own.map(str::to_string));
                add_missing(&mut stems, context_stems(&c.stems));
            }
        }
        (topics, stems)
    }

    /// The country a sentence opens on when the pronoun speaking in `att` opens a clause
    /// joined to the first by ", and", a few words of time or manner between: "Turkey has
    /// kept warships out since 2022, and on Monday it said …".
    fn coordinated_country(&self, s: &Sentence, att: &Attribution) -> Option<String> {
        let at = att.subject.start;
        let and = (at.saturating_sub(5)..at)
            .rev()
            .find(|&k| s.toks[k].is_word("and") && k > 0 && s.toks[k - 1].is_punct(","))?;
        let between = s.toks[and + 1..at]
            .iter()
            .all(|t| t.kind != text::Kind::Punct && !t.is_word("that"));
        let (a, b) = subject_bytes(&s.toks, att);
        let (a, b) = (s.within.offset + a, s.within.offset + b);
        if !between || s.within.view.inside_reported_speech(a, b) {
            return None;
        }
        attribution::subject_country(&self.sieve(), &s.toks[..and - 1], false)
    }

    /// A person's title that nobody heard from holds: the phrase the stage resolves it to,
    /// when it is of the sentence's place ("…, convened by the UN secretary-general's
    /// personal envoy. ¶ “…,” the envoy told reporters"); else the office of that place
    /// ("In Rabat, the government spokesman told …"); else, for a national office or a
    /// head of state's title (`heads_of_state.txt`) with nobody before it, the story's
    /// country's, as "Its defence ministry" is ("A Pakistani engineer became the first …
    /// “…,” the prime minister said").
    fn unheld_title(
        &self,
        part: &Part,
        s: &Sentence,
        att: &Attribution,
        (a, b): (usize, usize),
        title: &str,
    ) -> Option<Speaker> {
        let of_here = |named: &Speaker| s.here.as_ref().is_none_or(|h| named.actors.contains(h));
        if let Some(named) = self.title_named(s, a, b).filter(of_here) {
            return Some(named);
        }
        if let Some(here) = &s.here {
            return Some(self.body_of(s, att, here.clone()));
        }
        let first = part
            .any
            .as_ref()
            .is_none_or(|x| s.idx - x.sentence > TITLE_REACH);
        let office =
            NATIONAL_OFFICES.contains(title) || crate::wordlists::HEADS_OF_STATE.contains(title);
        (office && first)
            .then(|| part.story_country.clone())
            .flatten()
            .map(|c| self.body_of(s, att, c))
    }

    /// The body a bare title speaks as, `actor`'s, shown in the title's own words.
    fn body_of(&self, s: &Sentence, att: &Attribution, actor: String) -> Speaker {
        let said = span(s.text, &s.toks, att.subject.start, att.subject.end);
        Speaker::fresh(vec![actor], said.to_string(), false)
    }

    /// The speaker a title at `[a, b)` stands for by the stage, in its block or one before,
    /// when the phrase is narrated and names an actor.
    fn title_named(&self, s: &Sentence, a: usize, b: usize) -> Option<Speaker> {
        self.speaker_named(s.within.view.title_carried(a, b)?)
    }

    /// The speaker a phrase the stage resolved a pronoun or title to stands for, when it
    /// names an actor, whose country comes with it.
    fn speaker_named(&self, name: &str) -> Option<Speaker> {
        let actors = super::actors_named_with_parents(self.lex, name);
        (!actors.is_empty()).then(|| Speaker::fresh(actors, name.to_string(), true))
    }

    /// "The authorities in Tiraspol declared …", "Officials in Kyiv said …": a bare title
    /// the text puts in a named place speaks for that place's actor, not for the body last
    /// heard from.
    fn placed_title(&self, s: &Sentence, att: &Attribution) -> Option<Speaker> {
        // "The embassy in Warsaw" speaks for the country it represents, not the one it
        // sits in: only the place's own bodies.
        // The head is the phrase's last word, or the word before its "of" ("the Ministry of
        // Defence").
        let phrase = &s.toks[att.subject.start..att.subject.end];
        let head = match phrase.iter().position(|t| t.is_word("of")) {
            Some(k) if k > 0 => &phrase[k - 1],
            _ => phrase.last()?,
        };
        if !crate::wordlists::PLACED_BODIES.contains(&head.norm) {
            return None;
        }
        let at = att.subject.end;
        s.toks.get(at).filter(|t| {
            t.kind == text::Kind::Word && crate::wordlists::PLACE_PREPOSITIONS.contains(&t.norm)
        })?;
        let end = (at + 1..s.toks.len())
            .find(|&i| !(s.toks[i].kind == text::Kind::Word && s.toks[i].cap))
            .unwrap_or(s.toks.len());
        if end == at + 1 {
            return None;
        }
        let actors = super::actors_named_with_parents(self.lex, span(s.text, &s.toks, at + 1, end));
        let said = span(s.text, &s.toks, att.subject.start, end);
        (!actors.is_empty()).then(|| Speaker::fresh(actors, said.to_string(), false))
    }

    /// The speaker the attribution stage gives a pronoun at `[a, b)` of the block, when the
    /// phrase it stands for is narrated (not inside someone's statement), opens its
    /// sentence, and names an actor, whose country comes with it.
    fn stage_antecedent(&self, s: &Sentence, a: usize, b: usize) -> Option<Speaker> {
        self.speaker_named(s.within.view.subject_carried(a, b)?)
    }

    /// Holds a speaker carried over from context against what the attribution stage says
    /// the pronoun or title stands for: the person named since ("Later he met Zelenskyy.
    /// … he said") speaks, not the last speaker; where the stage's phrase was named only
    /// inside someone's statement, or names no actor, a disagreement drops the claim.
    fn check_carried(&self, s: &Sentence, a: usize, b: usize, who: Speaker) -> Option<Speaker> {
        let (name, narrated) = match s.within.view.carried(a, b) {
            Carried::NoWord => return Some(who),
            Carried::Named(n) => (n, true),
            Carried::Reported(n) => (n, false),
        };
        // A person the lexicon knows comes with their country: "said Greece's foreign
        // minister, X. He added …" carries the country whichever phrase the stage chose.
        let named = super::actors_named_with_parents(self.lex, name);
        // "Moldova's state secretary for energy, Victor Ursachi, said …. He said": the
        // speaker is shown by office, but the name the stage carries is among the actors.
        let agrees = same_name(name, &who.speaker)
            || same_name(&who.speaker, name)
            || named.iter().any(|n| who.actors.contains(n))
            || who
                .actors
                .iter()
                .any(|id| id.contains(' ') && same_name(name, id));
        if agrees {
            return Some(who);
        }
        if !narrated || named.is_empty() {
            return None;
        }
        Some(Speaker::fresh(named, name.to_string(), true))
    }
}

/// "BRUSSELS, Nov 26 (Reuters) — …", "WARSAW/KYIV — …": a paragraph that opens with a
/// place in capitals, before a dash near its start, and no second dash in its sentence
/// ("IAEA — the UN watchdog — said …" is an apposition, not a dateline).
pub(super) fn opens_with_dateline(block: &str) -> bool {
    const MAX_DATELINE_CHARS: usize = 60;
    let is_dash = |c: char| matches!(c, '—' | '–');
    let Some((dash, mark)) = block.char_indices().find(|&(_, c)| is_dash(c)) else {
        return false;
    };
    let place = block[..dash].split([',', '(']).next().unwrap_or("").trim();
    let sentence = block[dash + mark.len_utf8()..]
        .split(". ")
        .next()
        .unwrap_or("");
    block[..dash].chars().count() <= MAX_DATELINE_CHARS
        && !sentence.contains(is_dash)
        && place.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && place
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '/' | ' ' | '-' | '.' | '\''))
}

/// "“We know whose interests it served." at a paragraph's end: a quotation left open there
/// goes on in the next paragraph, as wire copy writes a quotation over paragraphs, so it is
/// a bare quotation of whoever spoke just before.
fn quote_runs_on(sentence: &str, within: Within) -> bool {
    let rest = &within.block[within.offset + sentence.len()..];
    sentence
        .trim()
        .strip_prefix(['"', '\u{201c}'])
        .is_some_and(|t| !t.contains(['"', '\u{201c}', '\u{201d}']))
        && rest.trim().is_empty()
}

/// Whether a speaker shown as `speaker` may be "the `title`" said later: they were given no
/// office, or this one ("Defence Minister X" is "the minister", "Its spokesman, X" is not).
/// Only a national office is checked: "the spokesperson" may be a press secretary, and
/// "his office" anyone's.
fn holds_title(speaker: &str, title: &str) -> bool {
    if !crate::wordlists::NATIONAL_OFFICES.contains(title) {
        return true;
    }
    // A premier is a prime minister.
    let same = |office: &str| office == title || title == "premier" && office == "minister";
    let toks = text::tokenize(speaker);
    let mut offices = toks
        .iter()
        .filter(|t| t.kind == text::Kind::Word && attribution::is_person_role(&t.norm))
        .peekable();
    offices.peek().is_none() || offices.any(|t| same(&t.norm))
}

/// "The defence ministry said … The minister said": the head of the body just heard
/// from, when its name holds the office's word ("ministry" for "minister"), speaks for it.
fn heads_the_body(lex: &Lexicons, ante: Option<Antecedent>, title: &str) -> Option<Speaker> {
    let ante = ante?;
    // Only an office that heads a body of its own name: "governor" is not the head of a
    // "government", nor "envoy" of an "environment" agency.
    if !crate::wordlists::NATIONAL_OFFICES.contains(title) || title.len() < 4 {
        return None;
    }
    // "ministry" for "minister", "presidency" for "president": the word shares all of the
    // title but its last two letters.
    let root = title.len() - 2;
    let heads = text::tokenize(&ante.speaker).iter().any(|t| {
        t.norm != title
            && t.norm.len() > root
            && t.norm.as_bytes()[..root] == title.as_bytes()[..root]
    });
    if !heads {
        return None;
    }
    body_speaker(lex, ante)
}

/// What a claim quotes of its sentence: the statement without what the writer tells
/// around it. "Austria, whose border with Italy also runs across glaciers, said …" is
/// shown "Austria … said …" (`aside`, from `writers_aside`); the lead-in of "China and
/// Russia … voiced doubts: China said …" before the colon that opens the speaker's
/// clause is left out, though not a colon inside a quotation before the speaker
/// ("“Three demands: …,” X said").
fn claim_words(s: &Sentence, att: &Attribution, aside: Option<(usize, usize)>) -> String {
    let start = (att.start..att.subject.start)
        .rev()
        .take_while(|&k| !s.toks[k].is_punct("\""))
        .find(|&k| s.toks[k].is_punct(":"))
        .map_or(att.start, |k| k + 1);
    let end = writers_coda(&s.toks, att).unwrap_or(att.end);
    match aside {
        Some((x, y)) => format!(
            "{} … {}",
            claim_text(s.text, &s.toks, start, x),
            claim_text(s.text, &s.toks, y, end)
        ),
        None => claim_text(s.text, &s.toks, start, end).to_string(),
    }
}

/// Where a statement's last stretch is the writer's, not the speaker's: an apposition
/// after its last comma outside quotation marks that names the statement again and says
/// more of it (", a rule widely read as aimed at China", ", an offer that was rejected by
/// Tiraspol", ", a warning that comes as the bloc replaces …"). It opens with "a" or
/// "an", a lower-case noun, then a relative pronoun or an adverb, and holds no quotation.
fn writers_coda(toks: &[Token], att: &Attribution) -> Option<usize> {
    let v = att.verb.unwrap_or(att.start);
    let end = att.end.min(toks.len());
    // "“…,” said Singapore's transport minister, who rode the first train with his
    // Malaysian counterpart.": a relative clause after a speaker named after the verb
    // tells what the speaker did, unless it reports more words ("who added that …") or
    // quotes them.
    // Words reported or quoted in `a..end` make it no aside of the writer's.
    let reports = |a: usize| {
        (a..end).any(|k| toks[k].is_punct("\"") || attribution::is_reporting_verb(toks, k))
    };
    let s = &att.subject;
    if s.start > v && s.end + 1 < end && toks[s.end].is_punct(",") {
        let clause = &toks[s.end + 1..end];
        let relative = clause[0].kind == text::Kind::Word
            && crate::wordlists::RELATIVE_PRONOUNS.contains(&clause[0].norm);
        if relative && !reports(s.end + 1) {
            return Some(s.end);
        }
    }
    let comma = (v + 1..end).rev().find(|&k| toks[k].is_punct(","))?;
    let quotes = |a: usize, b: usize| toks[a..b].iter().filter(|t| t.is_punct("\"")).count();
    let word = |k: usize| toks.get(k).filter(|t| t.kind == text::Kind::Word && !t.cap);
    // "… would “stand with a state that holds the monopoly of arms,” a reference to
    // Hezbollah's weapons.": after a quotation closes on its comma, a phrase opening with
    // "a" or "an" that reports no words glosses it.
    let closing = comma + 1;
    if quotes(v, comma) % 2 == 1 && toks.get(closing).is_some_and(|t| t.is_punct("\"")) {
        let opens = word(closing + 1).is_some_and(|t| t.norm == "a" || t.norm == "an");
        let noun = word(closing + 2).is_some_and(|t| !t.is_article());
        return (opens && noun && !reports(closing + 1)).then_some(closing + 1);
    }
    if quotes(v, comma) % 2 == 1 || quotes(comma, end) > 0 {
        return None;
    }
    let opens = word(comma + 1).is_some_and(|t| t.norm == "a" || t.norm == "an");
    let noun = word(comma + 2).is_some_and(|t| !t.is_article());
    // "that" after a noun opens a relative clause as "which" does; `relative_pronouns.txt`
    // leaves it out because elsewhere it opens what is said.
    let more = word(comma + 3).is_some_and(|t| {
        t.norm == "that"
            || crate::wordlists::RELATIVE_PRONOUNS.contains(&t.norm)
            || attribution::is_adverb(t)
    });
    (opens && noun && more).then_some(comma)
}

/// The last token of an apposition right after a name ending at `end` that holds a
/// person's office ("Saima Rafiq, Pakistan's attorney-general, who …"): a few words up to
/// the next comma or the sentence's end, opening with a name or a determiner, no
/// quotation among them. "Trócaire, the Irish Catholic aid agency," holds no person's.
fn office_apposition_end(toks: &[Token], end: usize) -> Option<usize> {
    const MAX_APPOSITION_TOKENS: usize = 8;
    if !(toks[end].cap && toks.get(end + 1)?.is_punct(",")) {
        return None;
    }
    let from = end + 2;
    let opener = toks.get(from)?;
    if !(opener.cap || opener.kind == text::Kind::Word && DETERMINERS.contains(&opener.norm)) {
        return None;
    }
    let stop = (from..toks.len().min(from + MAX_APPOSITION_TOKENS + 1))
        .find(|&k| toks[k].kind == text::Kind::Punct)?;
    if stop == from || !(toks[stop].is_punct(",") || toks[stop].is_punct(".")) {
        return None;
    }
    toks[from..stop]
        .iter()
        .any(|t| t.kind == text::Kind::Word && attribution::is_person_role(&t.norm))
        .then_some(stop - 1)
}

/// Whether a title is something "the" and one lower-case word own, which is no office or
/// body ("the bank's environmental assessment", not "the island's defence ministry"): its
/// owner may be a body named again by the last word of its name.
fn owned_by_a_body_named_again(title: &[Token]) -> bool {
    let [the, owner, mark, owned @ ..] = title else {
        return false;
    };
    let office = |t: &Token| {
        attribution::is_role(t)
            || crate::wordlists::PLACED_BODIES.contains(&t.norm)
            || NATIONAL_OFFICES.contains(&t.norm)
    };
    the.is_word("the")
        && owner.kind == text::Kind::Word
        && !owner.cap
        && mark.kind == text::Kind::Possessive
        && !owned.is_empty()
        && !owned.iter().any(office)
}

/// Whether the stage's statement `t` has a plain speech verb for its cue ("said", not
/// "shows").
fn plainly_spoken(t: &StageAttribution, within: Within) -> bool {
    t.cue
        .is_some_and(|c| crate::attribution::cue_is_speech(c.of(within.block)))
}

/// The tokens of an aside set off by commas between a subject and its verb: a relative
/// clause (", which has kept its embassy in Niamey,") or an apposition the writer adds
/// (", home to two of the world's largest drugmakers,"), when only adverbs and
/// auxiliaries stand between its closing comma and the verb ("…, again voiced doubts").
/// An apposition holds no quotation (words quoted there are someone's) and no office.
fn writers_aside(toks: &[Token], att: &Attribution) -> Option<(usize, usize)> {
    let v = att.verb?;
    let from = att.subject.end;
    if from < att.start || from + 2 >= v || !toks[from].is_punct(",") {
        return None;
    }
    let opens = &toks[from + 1];
    if opens.kind != text::Kind::Word {
        return None;
    }
    let close = (from + 2..v).rev().find(|&k| toks[k].is_punct(","))?;
    let relative = crate::wordlists::RELATIVE_PRONOUNS.contains(&opens.norm);
    // "Costas Kadis, the European commissioner for fisheries and oceans, told": an
    // office says who speaks, and what it is for is what they speak on. Only the word
    // that heads the apposition is its office: "the former colonial power" and "the
    // largest donor to the electoral commission" hold none.
    let aside = &toks[from + 1..close];
    let mut from = from;
    if !relative
        && (aside.iter().any(|t| t.is_punct("\""))
            || apposition_head(aside).is_some_and(attribution::is_role))
    {
        // "Liang Wenbo, China's special envoy for Asian affairs, who brokered the talks and
        // watched the first boat leave, was quoted": the office stays, and the relative
        // clause after it is the writer's.
        let inner = (from + 2..close).find(|&k| {
            toks[k].is_punct(",")
                && toks[k + 1].kind == text::Kind::Word
                && crate::wordlists::RELATIVE_PRONOUNS.contains(&toks[k + 1].norm)
        });
        match inner {
            Some(k) if !toks[k..close].iter().any(|t| t.is_punct("\"")) => from = k,
            _ => return None,
        }
    }
    let between = toks[close + 1..v].iter().all(|t| {
        t.kind == text::Kind::Word
            && (attribution::is_adverb(t)
                || crate::wordlists::PERFECT_AUXILIARIES.contains(&t.norm)
                || crate::wordlists::REFUSAL_AUX.contains(&t.norm))
    });
    // "…, was quoted by the state news agency SUNA as saying": the reporting clause of a
    // quotation passed on, with no mark in it.
    let quoted = attribution::says_as(toks, v)
        && toks[close + 1].kind == text::Kind::Word
        && crate::wordlists::PASSIVE.contains(&toks[close + 1].norm)
        && toks
            .get(close + 2)
            .is_some_and(|t| t.is_word("quoted") || t.is_word("cited"))
        && toks[close + 1..v]
            .iter()
            .all(|t| t.kind != text::Kind::Punct);
    (between || quoted).then_some((from, close + 1))
}

/// The word that heads an apposition: its last lower-case word before a complement
/// ("the European commissioner for fisheries"), a relative clause, a mark, or a name
/// after the office ("Kremlin spokesman Dmitry Peskov").
fn apposition_head(aside: &[Token]) -> Option<&Token> {
    let mut head = None;
    for t in aside {
        let ends = match t.kind {
            text::Kind::Word if t.cap => head.is_some(),
            text::Kind::Word => {
                crate::wordlists::OFFICE_COMPLEMENTS.contains(&t.norm)
                    || crate::wordlists::RELATIVE_PRONOUNS.contains(&t.norm)
            }
            text::Kind::Possessive | text::Kind::Number => false,
            _ => true,
        };
        if ends {
            break;
        }
        if t.kind == text::Kind::Word && !t.cap && !DETERMINERS.contains(&t.norm) {
            head = Some(t);
        }
    }
    head
}

/// "The ministry said" with no place and nobody heard from: a body of government
/// (`placed_bodies.txt`) is that of the country the story opens on.
fn story_body(part: &Part, s: &Sentence, att: &Attribution) -> Option<String> {
    let toks = &s.toks[att.subject.start..att.subject.end];
    let head = toks.last()?;
    let government = crate::wordlists::PLACED_BODIES.contains(&head.norm);
    (toks[0].is_word("the") && government)
        .then(|| part.story_country.clone())
        .flatten()
}

/// The body `ante` spoke for, speaking in its own name and carrying what `ante` said.
fn body_speaker(lex: &Lexicons, ante: Antecedent) -> Option<Speaker> {
    let body = ante.bodies.first().and_then(|b| lex.actor(b))?;
    Some(Speaker {
        speaker: body.name.clone(),
        actors: ante.bodies,
        from_context: true,
        inherited_topics: ante.topics,
        inherited_stems: ante.stems,
    })
}

/// The speaker's phrase `[a, b)` with the office set off by a comma before or after it,
/// up to the next mark: "Fredrik Dahl, a spokesman for the agency", "The fund's mission
/// chief for Senegal, Edward Gemayel".
fn with_apposition(toks: &[Token], a: usize, b: usize) -> &[Token] {
    let start = match a.checked_sub(1) {
        Some(c) if toks[c].is_punct(",") => (0..c)
            .rev()
            .take(MAX_APPOSITION_WORDS)
            .take_while(|&k| toks[k].kind != text::Kind::Punct)
            .last()
            .unwrap_or(a),
        _ => a,
    };
    if toks.get(b).is_none_or(|t| !t.is_punct(",")) {
        return &toks[start..b];
    }
    let end = (b + 1..toks.len())
        .find(|&k| toks[k].kind == text::Kind::Punct)
        .unwrap_or(toks.len());
    &toks[start..end.min(b + 1 + MAX_APPOSITION_WORDS)]
}

/// "a spokesman for the agency's nuclear safety division": words enough for an office.
const MAX_APPOSITION_WORDS: usize = 8;

/// Whether `subject` names the body `ante` spoke for again by the last word of its name,
/// capitalised ("A Commission spokesperson" after "The European Commission"): the name
/// its speaker was given, or one the lexicon knows the body by ("the fund's mission chief"
/// after the IMF's managing director).
fn names_again(lex: &Lexicons, subject: &[Token], ante: &Antecedent) -> bool {
    if ante.bodies.is_empty() {
        return false;
    }
    let known = ante
        .bodies
        .iter()
        .filter_map(|b| lex.actor(b))
        .flat_map(|d| &d.names)
        .filter(|n| n.split_whitespace().count() >= 2);
    std::iter::once(ante.speaker.as_str())
        .chain(known.map(String::as_str))
        .filter_map(|name| {
            text::tokenize(name)
                .into_iter()
                .rev()
                .find(|t| t.kind == text::Kind::Word)
        })
        .any(|last| names_again_by(subject, &last))
}

/// Whether `subject` names again a body whose name ends in `last`.
fn names_again_by(subject: &[Token], last: &Token) -> bool {
    // The word must stand alone, after a determiner at most: in "Foreign Ministry
    // spokesman X" it belongs to another name. A body named in lower case ("France's
    // foreign ministry") is named again as the owner of an office: "The ministry's
    // spokesman". Any body is named again by "the" and its last word in lower case: "X,
    // a spokesman for the agency" after "the International Atomic Energy Agency".
    last.norm.len() >= 4
        && subject.iter().enumerate().any(|(k, t)| {
            let named = t.kind == text::Kind::Word && t.norm == last.norm;
            let after_the = k > 0 && subject[k - 1].norm == "the";
            // Nor may a name go on after it, but with an office: "The China Overseas
            // Fisheries Association" names no China again, "Commission President X" does.
            let goes_on = subject
                .get(k + 1)
                .is_some_and(|n| n.kind == text::Kind::Word && n.cap && !attribution::is_role(n));
            let alone = (k == 0
                || !subject[k - 1].cap
                || ["a", "an", "the"].contains(&subject[k - 1].norm.as_str()))
                && !goes_on;
            let owner = after_the
                && subject
                    .get(k + 1)
                    .is_some_and(|n| n.kind == text::Kind::Possessive);
            let described = after_the
                && !t.cap
                && subject
                    .get(k + 1)
                    .is_none_or(|n| !(n.kind == text::Kind::Word && n.cap));
            named && ((last.cap && t.cap && alone) || (!last.cap && owner) || described)
        })
}

/// "Russia's envoy Pavel Orlov": a speaker the lexicon does not know speaks for the body
/// whose office the text gives them, named before the possessive.
fn add_possessor(lex: &Lexicons, actors: &mut Vec<String>, said: &str) {
    if !body_actors(lex, actors).is_empty() {
        return;
    }
    let Some(k) = said.find("'s ").or_else(|| said.find("\u{2019}s ")) else {
        return;
    };
    // The owner is the name the possessive ends: "The Norwegian Fishermen's Association"
    // is the fishermen's, not Norway's.
    let toks = tokenize(&said[..k]);
    let owner = lex
        .mentions(&toks, 0, toks.len())
        .into_iter()
        .any(|m| m.end == toks.len() && m.kind == MentionKind::Name);
    if owner {
        add_missing(actors, super::actors_named(lex, &said[..k]));
    }
}

/// The country whose intent a reported clause opens with: "said (that) Russia would …",
/// "… Poland will …" (an accusation, "said Russia was behind it", is not one).
fn reported_country(lex: &Lexicons, toks: &[Token], verb: Option<usize>) -> Option<String> {
    let mut k = verb? + 1;
    if toks.get(k).is_some_and(|t| t.is_word("that")) {
        k += 1;
    }
    let m = lex
        .mentions(toks, k, toks.len())
        .into_iter()
        .find(|m| m.start == k && m.kind == MentionKind::Name)?;
    let intent = toks
        .get(m.end)
        .is_some_and(|t| crate::wordlists::INTENT_AUXILIARIES.contains(&t.norm));
    let actor = lex.actor_at(m.actor);
    (intent && actor.kind == ActorKind::Country).then(|| actor.id.clone())
}

/// Byte range of an attribution's subject in its sentence.
fn subject_bytes(toks: &[Token], att: &Attribution) -> (usize, usize) {
    let last = att.subject.end.max(att.subject.start + 1) - 1;
    (toks[att.subject.start].start, toks[last].end)
}

/// The topics a statement answers without naming them, from `sources` in order, each once.
fn context_topics<const N: usize>(topics: &[String], sources: [&[String]; N]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in sources.into_iter().flatten() {
        if !topics.contains(t) && !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

/// A statement answers what its paragraph reports without naming it ("the navy would double
/// its patrols along the route" in a paragraph on a mine off Odesa): each claim of the
/// paragraph takes as context the topics its narrative sentences name (`events`) and
/// those its own side's other statements there name: an actor in common, and not two
/// different people (the Kremlin and its spokesman are one side; a prime minister and the
/// opposition leader of the same country are not). Other speakers' statements lend
/// nothing: they are often the other side of the story, on another subject. The words of
/// the side's other statements are lent as the topics are, so that a free-text topic one of
/// them names is answered by all ("Senegal's president said … had kept alive “a single
/// market …” “The door back into ECOWAS stays open,” he said").
fn lend_paragraph_topics(lex: &Lexicons, claims: &mut [Claim], events: &[String]) {
    let person = |c: &Claim| {
        c.actors
            .first()
            .filter(|a| body_actors(lex, std::slice::from_ref(*a)).is_empty())
            .cloned()
    };
    let people: Vec<Option<String>> = claims.iter().map(person).collect();
    let same_side = |i: usize, j: usize| {
        let shared = claims[j]
            .actors
            .iter()
            .any(|a| claims[i].actors.contains(a));
        let (p, q) = (&people[i], &people[j]);
        shared && (p.is_none() || q.is_none() || p == q)
    };
    // Each claim's side, once: the topics its other statements name, and their words.
    let words: Vec<Vec<String>> = claims.iter().map(|c| own_stems(&c.text)).collect();
    let (lent, lent_words): (Vec<Vec<String>>, Vec<Vec<String>>) = (0..claims.len())
        .map(|i| {
            let mut topics: Vec<String> = events.to_vec();
            let mut stems = Vec::new();
            for (j, c) in claims.iter().enumerate() {
                if j != i && same_side(i, j) {
                    topics.extend(c.topics.iter().cloned());
                    stems.extend(words[j].iter().cloned());
                }
            }
            (topics, stems)
        })
        .unzip();
    for ((c, lent), lent_words) in claims.iter_mut().zip(lent).zip(lent_words) {
        c.context_topics = context_topics(&c.topics, [&c.context_topics, &lent]);
        if !lent_words.is_empty() {
            let mut context = context_stems(&c.stems);
            context.extend(lent_words);
            c.stems = with_context(own_stems_of(&c.stems).to_string(), &[&context]);
        }
    }
}

/// "Klaudia Tanner, the country's defence minister, said": a speaker named with no body
/// speaks for the country the sentence opens in ("In Dublin, ..."), or else for the
/// country of the statement just `before`.
fn add_the_country(
    lex: &Lexicons,
    actors: &mut Vec<String>,
    here: Option<&String>,
    before: Option<&Antecedent>,
) {
    if !body_actors(lex, actors).is_empty() {
        return;
    }
    let candidates: &[String] = match (here, before) {
        (Some(place), _) => std::slice::from_ref(place),
        (None, Some(a)) => &a.bodies,
        (None, None) => &[],
    };
    for b in candidates {
        let country = lex.actor(b).is_some_and(|d| d.kind == ActorKind::Country);
        if country && !actors.contains(b) {
            actors.push(b.clone());
        }
    }
}
