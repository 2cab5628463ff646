//! The `/position <actor> <topic>` engine: which actor said what about a topic, quoted from
//! the briefs with speaker, stance and date.
//!
//! All the work happens at ingest: `analyze` splits a brief into sentences, attributes each
//! statement to a speaker (a sieve of rules, most reliable first), tags topics and labels the
//! stance, and returns plain `Claim`s for the store to keep. `PositionIndex` answers queries
//! over those claims from memory. Precision beats recall throughout: quoting Poland under
//! Russia is the worst answer the bot can give, so a sentence nobody clearly says is dropped.

mod analyze;
mod attribution;
pub mod baseline;
mod index;
mod lexicon;
pub mod listing;
mod related;
mod stage;
mod stance;
mod text;
pub mod wordnet;

use std::sync::OnceLock;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub use crate::sentences::{sentences, split_sentences};
pub use index::{
    text_hash, Elsewhere, Hit, IndexBuilder, PositionAnswer, PositionIndex, PositionSummary,
    ReadFailed, Saved, SavedIndexError, SavedRead, Statement, StatementText, TextSource,
    TopicFilter, SAVED_INDEX_FILE, TEXT_GONE, TEXT_UNREADABLE,
};
pub use lexicon::{ActorDef, ActorKind, LexiconError, Lexicons, TopicDef};
pub use stance::{Stance, UnknownStance};
pub use wordnet::{WordNet, WordNetError};

pub use analyze::analyze;
use attribution::BriefPeople;
use text::Token;

/// Bump when the engine's code changes what it makes of a brief, so stored claims are
/// rebuilt; `tests/it/positions_engine.rs` fails when the claims change and this does not.
/// A word list in `config/engine/` needs no bump: [`engine_version`] hashes them all.
/// (2: claims carry their stems and topic counts, so an index is built without re-analysis.
/// 3: claims are stored in postcard, with their terms apart for scans.
/// 4: a short title such as "Col." makes the name after it a person.
/// 5: fd656a1, 15ea591, e4302b5 and 1ebca59 changed the sieve without a bump; the word
/// lists became data, hashed into the version.
/// 6: the attribution stage overrules the sieve inside reported speech and for pronouns.
/// 12: an office given in apposition names its body ("X, Moldova's deputy prime minister
/// for reintegration") and makes the name a person's that later pronouns and titles find.
/// 13: what an owned office is for names no body it speaks for ("Pope Leo XIV's envoy for
/// Ukraine" does not speak for Ukraine).
/// 14: a person titled with a national office alone speaks for the paragraph's country,
/// else for the country of the statement before.
/// 15: a speaker inside what "according to" relays speaks ("According to BelTA,
/// Lukashenko said …").
/// 16: so does a national office given in apposition ("X, the civil defence minister,").
/// 17: "Its commander, X," speaks for the body last heard from.
/// 18: review mends: names after an owned office's complement are kept, a clause after a
/// comma is no apposition, the paragraph's place yields to a statement made since, only
/// a reported intent vetoes the country before, and "president" is no national office.
/// 19: a claim answers from context what its paragraph reports; a section's opening event
/// holds up to the last paragraph naming it.
/// 20: an apposition before "who …", an office before the apposition after an opener, and
/// a pronoun after a speaker shown by office keep the speaker's body.
/// 21: a body named again by its last word; "the minister" after a ministry; a national
/// office title is not given to a speaker shown with another office.
/// 22: review mends: the nearest possessive owns the office; "who …" is read back only
/// for a subject opening the clause; a title is nobody of another country than the
/// sentence opens in; one country's two people lend each other no topics.
/// 23: the attribution stage ends a statement's content where a clause with a speaker
/// and cue of its own opens inside it, goes on with a quotation that closes its sentence,
/// and looks before the speaker when only a time or place follows the cue.
/// 24: the speaker before a colon is the subject of the clause's reporting verb; an
/// apposition that opens with a participle or preposition names no one; a listener after
/// "told" is not what was said.
/// 25: a quoted question or exclamation before "X asked" is what X said.
/// 26: an inner clause's verb may be a cue by its counts ("but she did not say when").
/// 27: an initialism keeps its closing period ("the U.S. Department of Education").
/// 28: "according to" names everything up to the comma or the sentence's end.
/// 29: a cue that goes on ("…, saying …", "… and warned …") is a statement of its own.
/// 30: so is a participle after a closing reporting clause ("“…,” X said, noting …").
/// 31: a quotation resumed after the reporting clause opens after a comma or colon.
/// 32: a sure cue in an inner clause speaks; times and auxiliaries before a verb in any
///     order; a coordinated cue's subject past an apposition.
/// 33: a speaker phrase that holds an auxiliary verb names no one.
/// 34: an inner clause's subject may end in a bracket ("Bill Schuette (R) asked").
/// 35: a subject with a relative clause before its verb ("Friends who have seen him say").
/// 36: a share of those polled in words ("three in 10 said", "nine of 10 said").
/// 37: a subject across a chain of verbs ("is continuing to insist").
/// 38: a statement goes on over a quotation nobody else claims.
/// 39: a state after "be" is no passive ("they are worried about").
/// 40: a cue in a speaker's apposition is a statement of its own ("X, who questioned …,").
/// 41: a quantifier that opens its clause speaks ("Many said", "another says").
/// 42: common nouns before a plain speech verb speak ("participants said"), and so does
///     a quantifier of a group ("most of them said").
/// 43: review mends: "was often eager" is no passive chain; a quotation after a full stop
///     is not claimed by the next sentence's words.
/// 44: a phrase after a cue that opens with a lower-case preposition names no one ("said
///     of Cruz").
/// 45: the cue model's threshold is 0.4 and a trained check model keeps the candidates it
///     finds likely right; the cue and check weights are part of the version's hash.
/// 46: the same claims, stored once (no copies by actor, dropped at open): a new version
///     so that an older build opening the store rebuilds the copies it reads, and this
///     one, opening a store an older build wrote since, rebuilds every brief's claims.
/// 47: a reading the check model drops leaves its words to the sentence's other cues; a
///     text's headline "Source: claim" is a reading the check model judges; a sentence
///     that is only "X said." reports the quotation that closed the one before; the cue
///     model's weights trained again on the current tokens and vocabulary.
/// 48: "The Kremlin spokesman" is a person mention a later "he" may stand for.
/// 49: a pronoun the sieve has no speaker for takes the stage's resolved phrase.
/// 50: a quotation left open at a paragraph's end is a bare quotation of the last speaker.
/// 51: review mends: the stage's phrase for a pronoun must open its sentence and brings
///     its country; a title after a name makes a person only when no name or title
///     follows it and no apposition holds it;
/// 52: a statement that only declines to say is no claim; a relative clause in a speaker's
///     phrase names none of its actors; "X said Y had told him …" is not X's claim;
/// 53: a dateline ("BRUSSELS, Nov 26 — …") opens a story of its own within a section;
/// 54: a refusal may hold an adverb ("has not yet said"); a bare title in a named place
///     ("the authorities in Tiraspol") speaks for that place;
/// 55: review mends: a refusal with an object or followed by ", saying" says something;
///     "said nothing had …" is no refusal; only "told him/her/…" passes on another's
///     words; only the place's own bodies speak for it; no second dash in a dateline's
///     sentence; a stage speaker's actors bring their country;
/// 56: a speaker described by a stance toward an actor ("Kremlin critic X", "a Trump
///     ally", "a critic of the Kremlin") does not speak for it;
/// 57: a demonym in a speaker the stage found speaks for its country only where it heads
///     an office ("MOL, the Hungarian oil group" is not Hungary);
/// 58: the stage reads a story's paragraphs together, and a bare title speaks for the
///     narrated phrase it stands for ("The coast guard said" after "Japan's coast guard
///     seized …"); a pronoun or title stands for no phrase inside what it reports, a
///     surname carries the offices of the full name, an article makes no name longer; a
///     story's statements answer the words of its opening event, in context; a country
///     that ends a body's name ("Amnesty International UK") is not its speaker;
/// 59: an office before a name in apposition is the name's ("Moldova's energy minister,
///     Dorin Junghietu,"); a name after "the" or joined by "of" is no person's;
/// 60: a person a narrative sentence introduces by office ("signed by Ukraine's economy
///     minister, Oleksii Sobolev,") is remembered for a later surname;
/// 61: the office in apposition after an inverted subject names its body ("…," said X,
///     head of the ICRC's delegation); a later story in a section, opened by a narrative
///     paragraph, lends the words of its first sentence; a heading's words that its
///     section names are lent to all its statements; a country that owns no office in a
///     speaker's apposition ("France's largest farm union") is not the speaker's;
/// 62: a refusal after an act joined by "and" ("left Istanbul and declined to comment") is
///     no statement;
/// 63: in analysis sections only what is reported said is a statement ("Poland has blamed
///     …" is not); a refused verb whose object is the matter withheld ("did not discuss
///     cases …") is no statement; a hyphenated office ("vice-president") is a role;
/// 64: a section's opening event is weighed over the paragraphs up to its last mention, not
///     the whole section; a title with its own owner ("the island's defence ministry") is
///     not resolved to the body named before;
/// 65: a story the title names lends its words from the narrative paragraph that opens it
///     until another opens; "In Warsaw, the ministry said" is the place's ministry; an
///     opposition party does not speak for its country, nor "X's Association" for the
///     demonym before X; refusing a question that takes nothing for granted ("declined to
///     say whether") says nothing;
/// 66: a datelined story that opens by naming the title's story before it goes on with it;
///     "added X to its list" is an act;
/// 67: a part's first paragraph opens the title's story it names though it reports speech;
///     a person introduced as "the Russian ambassador, X" keeps the office; an office whose
///     owner is named before it ("the UN humanitarian coordinator for Ukraine") ends before
///     what it is for; "coordinator" is an office;
/// 68: a quotation that opens inside a phrase ("on ABC’s “This Week,” Carson said his …")
///     is no statement when the cue goes on into a clause of its own; the check model's
///     bias set at train's 0.86 precision; "imposed", "invoked" and "vetoed" are acts;
///     "China's mission to the EU" is one speaker; an office with no country, no place
///     and no speaker before it is the country of the story's opening subject; 69: an
///     event reaches the reactions up to the last paragraph that names it; "according
///     to the spokeswoman, Name," and "was quoted as saying"; a named speaker after
///     "According to" speaks; 70: a demonym joined to another country's ("the Turkish
///     Cypriot leader") heads no office; 71: a pronoun the stage resolves to a person the
///     lexicon knows brings their country; "Government" makes a title a national office;
///     72: "The ministry's spokesman" names the lower-case body before again; 73: a
///     country that begins a company's name ("Japan Airlines") is not its speaker; a
///     paragraph that opens with a statement opens the title's story it names much of
///     when the next paragraph goes on with it; 74: "observers from A and B" speak for
///     both, a name the lexicon knows is one phrase though it holds "in"; an office with
///     no country speaks for the country it is heard in ("told reporters in New Delhi");
///     "ministry" is a national office; 75: a person the lexicon knows, named in full,
///     lends their surname to the rest of the brief ("Marta Kos" … "Kos later told"); 76:
///     a dateline places its paragraph for an office with no country, "Secretary" is a
///     national office, and "the minister for foreign trade, X," names X in office; 77: a
///     title ("The prince", now a person's title) is placed where it speaks when nothing
///     placed its person, "He" inside a name is a surname, a lower-case office may open
///     the speaker's phrase ("ministry spokeswoman X"); 78: "Secretary" is an office only a
///     place says whose it is (`placed_offices.txt`), not the statement before; 79: "ruled"
///     and "found" before "that" are a finding; "chamber", "judges" and "panel" are a
///     body's titles; 80: a cue that ends "as saying" is speech, so the stage's "was quoted by
///     the agency as saying" reaches /position; 81: "agreed" and "refused" report words
///     only before "that" or a quotation ("agreed to lend" is a decision); a country an
///     office was formerly held for ("a former Estonian prime minister") does not speak; a
///     capitalised body word ("the Armenia Alliance", "the China Association of …") ends a
///     group's name a country begins; 82: a placed office takes the country of a statement
///     earlier in its paragraph; every person the lexicon knows named in full, speaking or
///     not, lends the first and the last word of their name to the rest of the brief, and
///     "Lee's adviser" speaks for Lee's country; 83: a dateline or a paragraph's place
///     places a bare body ("the commerce ministry said") while nobody has spoken since, an
///     office in apposition may follow "A" ("A ministry spokesman, X,"), and a capitalised
///     "He" after a comma and before a capitalised word is a name; 84: a national office
///     takes the country whose intent it reports ("said Berlin expected") when the lexicon
///     gives the person none, a lower-case office may open the phrase ("deputy foreign
///     minister X"), the story's dateline places an office nothing else places, "a former
///     president of Moldova" does not speak for Moldova, a relative clause's commas are its
///     own ("BYD, whose plant, in Szeged, Hungary, …, said"), and a title inside what
///     another reports does not speak; 85: a paragraph that narrates what other countries
///     did than the last speaker's opens another story for an office with no country, a
///     ministry or a government body placed in a capital speaks for its country, a story
///     under a later dateline goes on with the title's story when it names that story's
///     countries by their people or capitals, a place that ends a longer name ("King's
///     College London") is not its speaker, and a known body's name with "of the" in it
///     owns the office after it; 86: a story break gives an office no country of its own
///     (its subject is no surer a guess), a place a speaker only sits in is not its
///     speaker ("the federation in Seoul"), an article may open "the president of X", a
///     country that ends a name after one capitalised word and before a comma is not its
///     speaker ("Fisheries Iceland, which …"), and a name "which" describes is no person;
///     87: a pronoun passes over the names in a relative clause set off by commas, an
///     office's last word ("Albania's prime minister") does not make it the same person as
///     a name with that title, and "called a"/"called an" convenes rather than states;
///     88: a single capital letter ends its sentence before a word that opens one ("wrote
///     on X. He added"); 89: an office nothing else places takes the story's country
///     though a speaker with none spoke before, a paragraph that opens by narrating a
///     country's doing is about that country, "agreed on the law that …" is a decision,
///     a speaker after "after"/"since"/… whose verb takes only a pronoun states nothing,
///     a shortened name ("the Commission") stands for the longer one named before, an
///     office may have a portfolio ("the minister of industries") and a relative clause
///     after an apposition, and "an association of Spanish workers" is not Spain; 90: "X
///     was quoted by the agency Y as saying" is X's, and "has not announced" declines;
///     91: one capitalised word before a country that ends the phrase makes a longer name
///     ("Greenpeace Switzerland") unless it only opens the sentence, a country ruled out
///     inside a name is no discovered name either ("the Association of Turkey"), a
///     demonym heads a national office past a lower-case portfolio, a person's one-word
///     name inside another name is not theirs ("Silvio Costa Filho"), a speaker who is no
///     actor is the last heard from for "it" and "its", a relative clause may end in a
///     quotation, a double surname names the person named in full, and a capitalised
///     title before a name is the office's; 92: a relative clause between a speaker and
///     the verb, and a lead-in before a colon, are left out of the claim, an owner after
///     an office names what it does, and an apposition's portfolio may be a list; 93: a
///     name may open with a lower-case particle ("al-Kaabi"), a body named in full is
///     named again by "the" and its last word ("the Commission", "a spokesman for the
///     agency") in any part of the brief, a relative clause may say whom the speaker acts
///     for ("who signed for Washington"), "declined to answer questions" says nothing, a
///     person under "What to Watch" answers the topics they spoke on before, and "…, she
///     said in a video message" reports the clause before it; 94: a title names again a
///     body by the last word of any name the lexicon knows it by ("according to the fund",
///     "The fund's mission chief, X," after the IMF's managing director), an office "for"
///     a body speaks for it ("the deputy spokesman for the UN secretary-general"), a
///     relative clause may say whose delegation the speaker led, and a club is a group;
///     95: a lower-case particle keeps a name whole ("Maria da Graça Carvalho" is not
///     "Maria" Zakharova), "its" and a government's bare body with nobody heard from
///     stand for the country the paragraph or story narrates, an office word after a
///     title and a first name is a surname ("Minister Madeleine King"), a relative
///     clause after an inverted speaker says whose unit they head, "the kingdom's" and
///     "the republic's" name the country as "the country's" does, an organization is a
///     group, a body may have a lower-case portfolio ("The transport ministry"), a bare
///     title names a narrated phrase of the paragraph before, church offices are titles,
///     and a person under "What to Watch" answers a free-text topic they spoke on; 96:
///     a portfolio list before an office ("justice and security minister") and a
///     lower-case portfolio after "of" ("Its minister of fisheries and oceans, X,"), an
///     office in a new paragraph takes the story's country over a statement another
///     country's body made in an earlier one, "did not comment" after a relative clause
///     declines, a body's name may begin a chamber's, and "it" after ", and" is the
///     country its sentence opened on; 97: parts of a title joined by "as" tell one
///     story, whose words a paragraph opening either part lends; 98: a bare title after
///     a speaker who speaks for no body is the phrase the stage resolves it to ("The
///     court said"), a body named after what "its" office is for is not the speaker's
///     ("Its minister of state for Europe"), a speaker in a clause of time whose verb
///     takes a thing did something ("since China declared a nature reserve"), and a
///     body's name that names no actor is placed ("The Department of Foreign Affairs in
///     Manila"); 99: a name between an owner's possessive and an office says what the
///     office is for ("the EU's Ukraine envoy" is no Ukraine); 100: a claim to a thing is
///     an act ("has claimed the land"), and a "What to Watch" paragraph that names much
///     of a title's story answers its words; 101: a person's title nobody before holds is
///     the phrase the stage resolves it to, a title the stage resolves to nothing is read
///     as the sieve's titles are, a name that a body's office word ends ("The Kurdistan
///     Regional Government") is no person; 102: an office a person holds is someone a
///     later "he" stands for, and a person's title nobody holds is the office of the
///     place its sentence opens in; 103: a heading that holds an analysis word after its
///     start names a story ("Climate opinion at the UN"), an office named before its
///     portfolio ("minister for climate change") is a person's, and a verb's "-s" form
///     between a lower-case word and a verb of its own is a plural noun ("member states
///     voted"); 104: a national office nobody before holds, with no place, is the story's
///     country's; 105: an apposition between a speaker and the verb that holds no office
///     and no quotation is left out of the claim, and a side's statements in a paragraph
///     answer each other's words as they did each other's topics; 106: what a body named
///     again owns speaks for it ("according to the bank's assessment"), "a" title in a
///     named place is that place's, a place among several that spoke together is that one
///     alone, a group's name followed by a bare country's is no country speaking, the word
///     that ends a group's name is no surname, and a compound role ("vice-president") is a
///     person's; 107: an apposition after a statement's last comma that names it again and
///     says more of it (", a rule widely read as aimed at China") is the writer's and is
///     left out of the claim; 108: an opening phrase saying where the speaker speaks
///     ("Asked … at a regular briefing in Beijing,") places a title; a story opened by "A
///     Pakistani …" is that country's; an office in apposition after a name the stage read
///     alone names whose the speaker is; "The company" is no country's; 109: the name
///     after a leading office speaks with it before a relative clause too; an office
///     quoted "as saying" is one a later "he" stands for; a comma inside a number parts
///     no title story; a cabinet is a country's office; a council a country's name opens
///     is a group's; 110: under "What to Watch" a person answers what they spoke on in
///     the reports though the statement names a topic of its own; 111: a capital after
///     "a" before a word that is no office, or before "economist", only says where the
///     speaker or their firm is from: "an economist at a Harare stockbroker"; 112: only
///     the word that heads an apposition before the verb is its office ("France, the
///     former colonial power, which …, said" is shown "France … said"), a country's name
///     that a longer name goes on from names no body again ("The China Overseas
///     Fisheries Association"), a group's name that runs on to "of" a country is no
///     country speaking ("The National Federation of Artisanal Fishermen of Peru"), and
///     the subject of a clause opened by "after" and the like is no one a later pronoun
///     stands for; 113: a story that opens inside a section in a named place ("In
///     Brasília, the government issued …") is that place's country's, and a story's
///     opening words reach on through the paragraphs of statements after the last that
///     names them, up to the next that narrates or turns to another story
///     ("Separately, …", `story_turns.txt`); 114: a head of state's bare title nobody
///     before holds, first to speak in a story about a country, is that country's ("the
///     transitional president said" after "Madagascar's military-led government set …");
///     115: a title holding a relation word ("The opposition leader") stands for no one
///     heard from before, and "and" between capitalised words goes on with a company's
///     name ("China Road and Bridge Corporation" is no China); 116: an office named with
///     its portfolio after "of" or "for" is one speaker's phrase ("the ministry of
///     digital development and transport", "the ministry of mines and petroleum in
///     Kabul", "A spokesman for the external affairs ministry"), and an indefinite
///     title nobody before stands for is placed where it speaks ("told his weekly
///     briefing in New Delhi"); 117: a known person's surname alone that the brief gave
///     in full to someone else is that someone ("Ortega said" after "Julian Ortega,
///     Spain's foreign minister"), a place of learning or research ("the University of
///     Khartoum", "the Centre for the Study of the Cuban Economy") is no country
///     speaking, a clause that "that" opens after a noun in a speaker's phrase names
///     no one speaking, and a name's possessive opens a thing an act in a clause of time
///     takes ("after Madrid backed Morocco's autonomy plan"); 118: lower-case words
///     before an office belong to a speaker named after the verb ("said Singapore's
///     transport minister" was "Singapore's"), and a relative clause after such a
///     speaker, or between a speaker and "was quoted … as saying", is the writer's and
///     left out of what is shown; 119: the office holder a country sends ("Russia …
///     sent its ambassador to the ceremony") is the person a later "He" stands for,
///     and the country's; 120: an office after a quotation's closing comma speaks with
///     the name and relative clause after it, a country a sentence narrates is what a
///     later "Its" stands for until someone speaks, a group's name after a demonym
///     ("the Tunisian General Labour Union") or before "for" ("the Coalition for the
///     International Criminal Court") is no actor speaking, an analyst at a named group
///     speaks for the group, an office's name goes on before "in" its capital ("The
///     Government of National Unity in Tripoli"), the name set off after an inverted
///     office is its holder, "The court's president" is the court's, and a relative
///     clause after an office before "was quoted", or "a reference to …" after a
///     quotation, is the writer's; 121: an office that spoke a quotation its verb takes
///     ("China's foreign minister called the code “…”") is whom "His ministry" stands
///     for, and a participle's clause after a subject is an aside with the appositions
///     inside it ("The prime minister, speaking at the Grand Serail, the seat of
///     government, called").)
pub const ENGINE_CODE_VERSION: &str = "positions-121";

/// The version of the rules stored claims were made by: [`ENGINE_CODE_VERSION`] and the
/// first 12 hex digits of a SHA-256 over it, every embedded word list and every data file of
/// the attribution stage, so an edited list or retrained model rebuilds claims as a code
/// change does. The lexicons, which may be loaded at run time, are added by
/// `Lexicons::version`, the version the store keeps.
pub fn engine_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| version_of(ENGINE_CODE_VERSION, &version_inputs()))
}

/// Every data file the engine's answers depend on, by name: its word lists, and the
/// attribution stage's vocabulary and model weights, which decide speakers too (see
/// `stage`).
fn version_inputs() -> Vec<(&'static str, &'static str)> {
    let mut lists: Vec<(&str, &str)> = crate::wordlists::ALL
        .iter()
        .map(|l| (l.file, l.src))
        .collect();
    lists.extend(crate::attribution::data_files());
    lists
}

fn version_of(code: &str, lists: &[(&str, &str)]) -> String {
    let mut h = Sha256::new();
    h.update(code);
    for (file, src) in lists {
        h.update([0]);
        h.update(file);
        h.update([0]);
        h.update(src);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{code}-{hex}")
}

/// One attributed statement, quoted exactly as written in the brief.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub brief_id: String,
    pub brief_date: NaiveDate,
    /// Heading of the section the sentence is in ("" for the lead).
    pub section: String,
    /// Position of the sentence in the brief, counting from 0 (lead first).
    pub sentence_index: u32,
    /// The statement: the sentence, or its clause when a sentence holds several speakers.
    pub text: String,
    /// The speaker as written ("Kremlin spokesperson Dmitry Peskov").
    pub speaker: String,
    /// Canonical actor ids, most specific first: a person, then the country or body they
    /// speak for. Speakers missing from the lexicon appear as their folded name ("robert fico").
    pub actors: Vec<String>,
    /// Topic ids named in the statement itself.
    pub topics: Vec<String>,
    /// How many times each of `topics` is named (same order); more mentions rank higher.
    pub topic_hits: Vec<u32>,
    /// Topic ids the statement answers without naming them: the event the section opens
    /// with, or the topic of the earlier sentence a pronoun points back to.
    pub context_topics: Vec<String>,
    pub stance: Stance,
    /// The speaker was carried over from an earlier sentence ("He", "The spokesperson").
    pub from_context: bool,
    /// The statement's distinct word stems, sorted, space-separated: made once at ingest so
    /// free-text topics are matched without stemming every claim again at query time.
    pub stems: String,
}

/// A [`Claim`] borrowed from wherever it is kept (a stored record read in place), so an
/// index can take what it needs from tens of thousands of claims without copying each.
#[derive(Debug, Clone, Copy)]
pub struct ClaimRef<'a> {
    pub brief_id: &'a str,
    pub brief_date: NaiveDate,
    pub section: &'a str,
    pub sentence_index: u32,
    pub text: &'a str,
    pub speaker: &'a str,
    pub actors: &'a [&'a str],
    pub topics: &'a [&'a str],
    pub topic_hits: &'a [u32],
    pub context_topics: &'a [&'a str],
    pub stance: Stance,
    pub from_context: bool,
    pub stems: &'a str,
}

impl ClaimRef<'_> {
    pub fn to_claim(&self) -> Claim {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Claim {
            brief_id: self.brief_id.to_string(),
            brief_date: self.brief_date,
            section: self.section.to_string(),
            sentence_index: self.sentence_index,
            text: self.text.to_string(),
            speaker: self.speaker.to_string(),
            actors: owned(self.actors),
            topics: owned(self.topics),
            topic_hits: self.topic_hits.to_vec(),
            context_topics: owned(self.context_topics),
            stance: self.stance,
            from_context: self.from_context,
            stems: self.stems.to_string(),
        }
    }
}

impl Claim {
    /// Calls `f` with this claim borrowed (its lists of names as slices of `&str`).
    pub fn with_ref<R>(&self, f: impl FnOnce(&ClaimRef) -> R) -> R {
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let (actors, topics, context) = (
            refs(&self.actors),
            refs(&self.topics),
            refs(&self.context_topics),
        );
        f(&ClaimRef {
            brief_id: &self.brief_id,
            brief_date: self.brief_date,
            section: &self.section,
            sentence_index: self.sentence_index,
            text: &self.text,
            speaker: &self.speaker,
            actors: &actors,
            topics: &topics,
            topic_hits: &self.topic_hits,
            context_topics: &context,
            stance: self.stance,
            from_context: self.from_context,
            stems: &self.stems,
        })
    }
}

/// What decides whether a claim answers a topic and whom it speaks for, borrowed from
/// wherever the claim is kept (see [`TopicFilter`]).
#[derive(Debug, Clone, Copy)]
pub struct ClaimTerms<'a> {
    pub actors: &'a [&'a str],
    pub topics: &'a [&'a str],
    pub context_topics: &'a [&'a str],
    /// As in [`Claim::stems`], as bytes: a scan need not check them as UTF-8.
    pub stems: &'a [u8],
}

/// `text`'s distinct word stems, sorted and space-separated (see [`Claim::stems`]).
pub fn claim_stems(text: &str) -> String {
    let mut v: Vec<String> = text::term_words(text).into_iter().map(|w| w.stem).collect();
    v.sort_unstable();
    v.dedup();
    v.join(" ")
}

/// Topic ids and how often each is named, as two parallel lists.
fn topic_counts(lex: &Lexicons, text: &str) -> (Vec<String>, Vec<u32>) {
    lex.tag_topics(text).into_iter().unzip()
}

/// Section headings whose sentences are the writer's analysis rather than reporting.
fn is_analysis_heading(heading: &str) -> bool {
    let h = text::name_key(heading);
    let h = h.strip_prefix("the ").unwrap_or(&h);
    // The heading is the phrase or opens with it ("Analysis: …", "What to watch next
    // week"); one that holds it later names a story ("Climate opinion at the UN").
    crate::wordlists::ANALYSIS_HEADINGS.words().iter().any(|k| {
        h.strip_prefix(*k)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Marks a stem that a claim answers from context rather than holding it ("~constitut").
pub const CONTEXT_MARK: char = '~';

/// The claim's own stems from its `stems`, without those it answers from context.
pub fn own_stems_of(stems: &str) -> &str {
    match stems.find(CONTEXT_MARK) {
        Some(k) => stems[..k].trim_end(),
        None => stems,
    }
}

/// A sentence's stems worth carrying to the statements that continue it: no short or
/// function words, which no topic is asked by.
fn own_stems(text: &str) -> Vec<String> {
    own_stem_words(text::term_words(text))
}

fn own_stem_words(words: Vec<text::TermWord>) -> Vec<String> {
    let mut v: Vec<String> = words
        .into_iter()
        .filter(|w| w.stem.len() > 2 && !crate::wordlists::CONTEXT_STOPWORDS.contains(&w.form))
        .map(|w| w.stem)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The claim's own stems (see [`claim_stems`]), then, each marked with [`CONTEXT_MARK`],
/// the stems it answers from context: the statement a "He" or "The minister" continues,
/// the sentence a short reaction answers. A free-text topic matches these as a configured
/// topic matches `context_topics`: listed, but below what names it; and the words of its
/// story's opening event ([`section_event_stems`]), up to the last paragraph that names
/// them, so that a story that moves on to another event lends them no further.
fn stems_with_context(text: &str, context: &[&[String]]) -> String {
    with_context(claim_stems(text), context)
}

/// A claim's own stems `out` (as [`claim_stems`] gives them), then the stems of `context`
/// it does not hold, each marked with [`CONTEXT_MARK`].
fn with_context(mut out: String, context: &[&[String]]) -> String {
    let own: Vec<&str> = out.split(' ').collect();
    let mut extra: Vec<&str> = context
        .iter()
        .flat_map(|c| c.iter())
        .map(String::as_str)
        .filter(|s| own.binary_search(s).is_err())
        .collect();
    extra.sort_unstable();
    extra.dedup();
    let extra = extra.join(&format!(" {CONTEXT_MARK}"));
    if !extra.is_empty() {
        out.push(' ');
        out.push(CONTEXT_MARK);
        out.push_str(&extra);
    }
    out
}

/// The topics of the event a section reports: named in its opening sentences and again
/// further on, in at least a third of the paragraphs up to the last naming it (the rule
/// [`section_event_stems`] applies to words). Statements in the section answer
/// that event even when they do not name it ("The ministry said it had not planned to
/// strike any targets" under a drone incursion) up to the last paragraph that names it,
/// given with each topic: a section that turns to another story leaves the event there. A
/// section that lists unrelated news, one item a paragraph, is not about its first item.
fn section_event_topics(
    lex: &Lexicons,
    blocks: &[&str],
    tagged: &BlockTopics,
) -> Vec<(String, usize)> {
    let Some(&(first, _)) = tagged.first() else {
        return Vec::new();
    };
    let opening: Vec<&str> = sentences(blocks[first]).into_iter().take(2).collect();
    lex.tag_topics(&opening.join(" "))
        .into_iter()
        .filter_map(|(t, _)| {
            let (mentions, last) = named_on(tagged, &t, first)?;
            (mentions >= 2).then_some((t, last))
        })
        .collect()
}

/// The topics each paragraph of a part names, with how often; empty paragraphs are left
/// out, so that they do not count against a topic's share.
pub(super) type BlockTopics = Vec<(usize, Vec<(String, u32)>)>;

pub(super) fn block_topics(lex: &Lexicons, blocks: &[&str]) -> BlockTopics {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.trim().is_empty())
        .map(|(i, b)| (i, lex.tag_topics(b)))
        .collect()
}

/// How often topic `t` is named from paragraph `from` on, and the last paragraph that
/// names it, when it is named in at least a third of the paragraphs from `from` to that
/// last one: a story's subject, not a passing mention.
pub(super) fn named_on(tagged: &BlockTopics, t: &str, from: usize) -> Option<(u32, usize)> {
    let later = tagged.iter().filter(|&&(i, _)| i >= from);
    let (mentions, paras, last) =
        later
            .clone()
            .fold((0, 0, from), |(n, paras, last), (i, tags)| {
                match tags.iter().find(|(w, _)| w == t) {
                    Some((_, k)) => (n + k, paras + 1, *i),
                    None => (n, paras, last),
                }
            });
    let window = later.filter(|&&(i, _)| i <= last).count();
    (paras > 0 && paras * 3 >= window).then_some((mentions, last))
}

/// The words of the events a section's stories open with, each with the paragraphs it is
/// lent to (first and last, indices into `blocks`). A story opens at the section's first
/// paragraph, and at each later one that `opens_story` marks (one whose first sentence is
/// narrative, no statement: "A convoy of the Red Cross came under fire near Tawila …").
/// Its words are the stems of its opening sentences (two for the section's lede, which
/// often takes two; the first alone for a later story, whose second sentence is as often
/// background) that another paragraph names again, in at least a third of the paragraphs
/// up to the last naming them. Each is lent up to that last paragraph, or on through the
/// paragraphs of statements after it up to the next that narrates (`reports_speech` says
/// which of the narrative-opening ones someone not an actor speaks in) or turns to
/// another story ("Separately, …"), so a story that moves on to another event lends it
/// no further. A free-text topic ("fishing", "darfur")
/// then finds the statements of a story about it that do not repeat the word ("Japan
/// should not mistake China's restraint for weakness"), in context, below those that do.
fn section_event_stems(
    blocks: &[&str],
    stemmed: &[(usize, Vec<String>)],
    opens_story: &[bool],
    reports_speech: &[bool],
) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (k, &(first, _)) in stemmed.iter().enumerate() {
        if k > 0 && !opens_story[first] {
            continue;
        }
        let later = &stemmed[k..];
        // The story runs on through the paragraphs of statements after the last that
        // names a word, up to the next paragraph that narrates: "In Washington, the trade
        // representative's office said the licence set …" answers "lenacapavir" of the
        // lede though the Gilead paragraph before it named it last.
        // Only the paragraph's first word is read, not the whole paragraph tokenized.
        let turns = |i: usize| {
            let first = blocks[i]
                .split(|c: char| !c.is_alphabetic())
                .find(|w| !w.is_empty())
                .unwrap_or_default();
            crate::wordlists::STORY_TURNS.contains(&first.to_lowercase())
        };
        let story_end = later[1..]
            .iter()
            .find(|&&(i, _)| opens_story[i] && !reports_speech[i] || turns(i))
            .map_or(blocks.len() - 1, |&(i, _)| i - 1);
        let read = if k == 0 { 2 } else { 1 };
        let opening: Vec<&str> = sentences(blocks[first]).into_iter().take(read).collect();
        out.extend(
            own_stems(&opening.join(" "))
                .into_iter()
                .filter_map(|stem| {
                    let paragraphs: Vec<usize> = later
                        .iter()
                        .filter(|(_, stems)| stems.binary_search(&stem).is_ok())
                        .map(|&(i, _)| i)
                        .collect();
                    let last = *paragraphs.last()?;
                    // A third of the paragraphs up to the last that names it: a section
                    // that runs two stories under one heading lends the first one's words
                    // only to that one.
                    let window = later.iter().filter(|&&(i, _)| i <= last).count();
                    (paragraphs.len() >= 2 && paragraphs.len() * 3 >= window).then_some((
                        stem,
                        first,
                        last.max(story_end),
                    ))
                }),
        );
    }
    out
}

/// The words of a section's heading that its paragraphs name, when the heading names its
/// story ("THE MERCOSUR VOTE"): every statement under it answers them, in context.
fn heading_stems(heading: &str, stemmed: &[(usize, Vec<String>)]) -> Vec<String> {
    own_stems(heading)
        .into_iter()
        .filter(|s| {
            stemmed
                .iter()
                .any(|(_, stems)| stems.binary_search(s).is_ok())
        })
        .collect()
}

/// One story a brief's title names: the stems of its part, and of the clause the part
/// belongs to.
pub(super) struct TitleStory {
    /// The part's own stems: what a paragraph that opens it names.
    opens: Vec<String>,
    /// The stems of its whole clause: "five broadcasters stay away as Israel is confirmed
    /// for Eurovision 2027" is one story told in two parts, so a paragraph that opens either
    /// goes on with both, and the statements after it answer the words of both.
    words: Vec<String>,
}

impl TitleStory {
    /// How many of the part's words the sorted `stems` name, when that is much of it: two
    /// and a third of them, or, for a paragraph whose first sentence is someone's
    /// statement (`told`), three and half of them.
    fn named_in(&self, stems: &[String], told: bool) -> Option<usize> {
        let shared = self
            .opens
            .iter()
            .filter(|w| stems.binary_search(w).is_ok())
            .count();
        let much = match told {
            false => shared >= 2 && shared * 3 >= self.opens.len(),
            true => shared >= 3 && shared * 2 >= self.opens.len(),
        };
        much.then_some(shared)
    }
}

/// The stories a brief's title names: the title's parts between semicolons, colons,
/// commas, dashes, "and" and "as" ("A cyberattack stops the container terminals in Gdansk;
/// Norway detains a Latvian trawler off Svalbard"). A part of fewer than two words ("Weekly
/// Brief" is two, and names no story a paragraph opens with) could not be told from a
/// passing mention, and is left out. Parts joined by "as" tell one story ("South Africa
/// shut out as G20 sherpas prepare the Miami summit"); "and" as often joins two.
fn title_stories(title: &str) -> Vec<TitleStory> {
    let lower = title.to_lowercase();
    // "send home 7,000 freed scam workers": a comma between digits parts nothing.
    let mut pieces = vec![String::new()];
    let chars: Vec<char> = lower.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let in_number = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if matches!(c, ';' | ':' | ',' | '\u{2014}' | '\u{2013}') && !in_number {
            pieces.push(String::new());
        } else if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
    }
    let mut out = Vec::new();
    for clause in pieces.iter().flat_map(|p| p.split(" and ")) {
        let parts: Vec<Vec<String>> = clause
            .split(" as ")
            .map(own_stems)
            .filter(|stems| stems.len() >= 2)
            .collect();
        let mut words: Vec<String> = parts.concat();
        words.sort_unstable();
        words.dedup();
        out.extend(parts.into_iter().map(|opens| TitleStory {
            opens,
            words: words.clone(),
        }));
    }
    out
}

/// Which of the title's stories (by index) a narrative paragraph opens: the one whose words
/// its first sentence names most, at least two and a third of them ("1 billion dollars a
/// year" does not open "Washington approves a 6.4 billion dollar arms package"), among
/// those not opened before. A paragraph that opens with someone's statement (`told`) opens
/// a story only when it names three of its words and half of them: a story is as often
/// first told by whoever did it ("China Yajiang Group … said it had diverted the river",
/// under "China diverts the Yarlung Tsangpo for its Medog dam") as narrated, but a
/// reaction to another story names a word or two of it in passing (the caller also wants
/// the next paragraph to go on with it).
fn opens_title_story(
    stories: &[TitleStory],
    opened: &[bool],
    block: &str,
    told: bool,
) -> Option<usize> {
    let first = first_sentence_stems(block)?;
    stories
        .iter()
        .enumerate()
        .filter(|(k, _)| !opened[*k])
        .filter_map(|(k, story)| Some((story.named_in(&first, told)?, k)))
        .max_by_key(|&(shared, k)| (shared, std::cmp::Reverse(k)))
        .map(|(_, k)| k)
}

/// Whether a paragraph's first sentence names any word of the title's story `story`.
/// The actors the sentence names count by their names too: "MINSK — President Lukashenko
/// said Vilnius was …" goes on with "Lithuania shuts its Belarus border" though it names
/// neither country as the title does.
fn names_title_story(lex: &Lexicons, story: &[String], block: &str) -> bool {
    let Some(first) = sentences(block).into_iter().next() else {
        return false;
    };
    let stems = own_stems(first);
    if story.iter().any(|w| stems.binary_search(w).is_ok()) {
        return true;
    }
    actors_named_with_parents(lex, first)
        .iter()
        .filter_map(|id| lex.actor(id))
        .flat_map(|a| own_stems(&a.name))
        .any(|w| story.contains(&w))
}

/// The sorted stems of a paragraph's first sentence ([`own_stems`]).
fn first_sentence_stems(block: &str) -> Option<Vec<String>> {
    sentences(block).first().map(|s| own_stems(s))
}

/// The section's paragraphs that hold any text, each with its index in `blocks` and its
/// sorted stems ([`own_stems`]), stemmed once for the story words and the heading's.
fn stemmed_blocks(blocks: &[&str]) -> Vec<(usize, Vec<String>)> {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.trim().is_empty())
        .map(|(i, b)| (i, own_stems(b)))
        .collect()
}

/// The stems a claim answers from context, without their mark.
fn context_stems(stems: &str) -> Vec<String> {
    stems
        .split(' ')
        .filter_map(|s| s.strip_prefix(CONTEXT_MARK))
        .map(str::to_string)
        .collect()
}

/// A sentence that is nothing but a quotation.
fn is_bare_quote(s: &str) -> bool {
    let t = s.trim();
    let opens = t.starts_with(['"', '\u{201c}']);
    let body = t.trim_end_matches(['.', '!', '?', ')']);
    let closes = body.ends_with(['"', '\u{201d}']) || t.ends_with(['"', '\u{201d}']);
    let inner = &t[t.chars().next().map_or(0, char::len_utf8)..];
    let inner = inner.trim_end_matches(['.', '!', '?', ')', '"', '\u{201d}']);
    opens && closes && !inner.contains(['"', '\u{201c}', '\u{201d}'])
}

/// The subject's actors, people (known or discovered) before the bodies they speak for.
fn subject_actors(lex: &Lexicons, s: &attribution::Subject) -> Vec<String> {
    let mut v: Vec<String> = s.discovered.iter().map(|d| d.0.clone()).collect();
    let (people, bodies): (Vec<&String>, Vec<&String>) = s
        .actors
        .iter()
        .partition(|a| lex.actor(a).is_some_and(|d| d.kind == ActorKind::Person));
    for a in people.into_iter().chain(bodies) {
        if !v.contains(a) {
            v.push(a.clone());
        }
    }
    v
}

/// Whether the subject is a person titled with a national office and nothing else that
/// says whose ("Interior Minister Tomasz Wierzbicki"): news writing names the country
/// once and then gives its ministers by office alone.
fn holds_a_national_office(
    toks: &[Token],
    s: &attribution::Subject,
    verb: Option<usize>,
    offices: &crate::wordlists::WordList,
) -> bool {
    let phrase = &toks[s.start..s.end.min(toks.len())];
    let office = |t: &Token| offices.contains(&t.norm);
    // "Jonas Ekdahl, the civil defence minister, said", "The foreign minister, Kristjan
    // Lepik, said", "A ministry spokesman, He Yadong, told": the office in apposition,
    // between the subject's start and its verb.
    let to = verb.unwrap_or(s.end).clamp(s.start, toks.len());
    let clause = &toks[s.start..to];
    let in_apposition = clause.iter().enumerate().any(|(k, t)| {
        t.is_article()
            && clause[k + 1..]
                .iter()
                .take(3)
                .take_while(|w| w.kind == text::Kind::Word && !w.cap)
                .any(office)
    });
    // "the minister of industries": "of" and a portfolio in lower case after the office
    // word; "of" otherwise names whose office it is ("the head of the IAEA").
    let portfolio = |k: usize| {
        k > 0
            && office(&clause[k - 1])
            && clause
                .get(k + 1)
                .is_some_and(|t| t.kind == text::Kind::Word && !t.cap && !t.is_word("the"))
    };
    // An owner before the office says whose it is ("Ukraine's minister"); one after it
    // names what the office does ("the minister heading the Prime Minister's Office").
    let first_office = clause.iter().position(office).unwrap_or(clause.len());
    s.person
        && clause.iter().enumerate().all(|(k, t)| {
            (t.kind != text::Kind::Possessive || k > first_office)
                && (!t.is_word("of") || portfolio(k))
        })
        // "ministry spokeswoman X said", "deputy foreign minister X said": an office word
        // in lower case may open the phrase, or end the lower-case words that open it.
        && (phrase.iter().any(|t| t.cap && office(t))
            || phrase
                .iter()
                .take(4)
                .enumerate()
                .take_while(|(k, t)| t.kind == text::Kind::Word && (*k == 0 || !t.cap))
                .any(|(_, t)| office(t))
            || in_apposition)
}

/// Whether the words between a subject and its verb, or the phrase the subject is set in
/// apposition to, call it the country's office holder: "X, the country's defence minister,
/// said", "The head of the kingdom's delegation, X, said" (`country_nouns.txt`).
fn names_the_country(toks: &[Token], (start, end): (usize, usize), verb: Option<usize>) -> bool {
    let calls = |k: usize| {
        crate::wordlists::COUNTRY_NOUNS.contains(&toks[k].norm)
            && toks
                .get(k + 1)
                .is_some_and(|t| t.kind == text::Kind::Possessive)
    };
    let to = verb.unwrap_or(end).min(toks.len());
    let before = start > 0 && toks[start - 1].is_punct(",");
    let mut phrase = (0..start.saturating_sub(1))
        .rev()
        .take_while(|&k| toks[k].kind != text::Kind::Punct)
        .take(8);
    (end..to).any(calls) || before && phrase.any(calls)
}

/// A speaker the lexicon does not know, named in full, can be named by surname later.
fn remember_people(
    people: &mut BriefPeople,
    lex: &Lexicons,
    s: &attribution::Subject,
    actors: &[String],
) {
    if !s.person {
        return;
    }
    match s.discovered.as_slice() {
        [(key, _)] => people.remember(key, &body_actors(lex, actors)),
        // "the enlargement commissioner, Marta Kos, said … Kos later told reporters": a
        // surname of three letters names no one in the lexicon, but here it is hers. Each
        // person the lexicon knows in the phrase, with the body they speak for.
        [] => {
            let known = s
                .actors
                .iter()
                .filter_map(|a| lex.actor(a))
                .filter(|d| d.kind == ActorKind::Person);
            for person in known {
                remember_known_person(people, person);
            }
        }
        _ => {}
    }
}

/// A person the lexicon knows, named in full, by the first and the last word of their
/// name: which is the family name depends on the language ("Lee Jae-myung … Lee's
/// adviser", "Marta Kos … Kos said"), and a brief that named them in full means them by
/// either.
fn remember_known_person(people: &mut BriefPeople, person: &ActorDef) {
    let words: Vec<&str> = person.name.split_whitespace().collect();
    if let [first, .., last] = words.as_slice() {
        let body: Vec<String> = person.parent.iter().cloned().collect();
        people.remember_known(last, &person.id, &body);
        people.remember_known(first, &person.id, &body);
    }
}

/// Everyone the lexicon knows whom the sentence names in full, whatever it says of them:
/// "President Lee Jae-myung called a meeting … Lee's national security adviser said". And
/// every body it names in full, by the last word of its name, when that word is
/// capitalised: "the European Commission … according to the Commission".
pub(super) fn remember_named_in_full(people: &mut BriefPeople, lex: &Lexicons, toks: &[Token]) {
    for m in lex.mentions(toks, 0, toks.len()) {
        let actor = lex.actor_at(m.actor);
        if m.kind != lexicon::MentionKind::Name || m.end - m.start < 2 {
            continue;
        }
        if actor.kind == ActorKind::Person {
            remember_known_person(people, actor);
            continue;
        }
        let last = &toks[m.end - 1];
        if last.kind == text::Kind::Word && last.cap && !last.all_caps && last.norm.len() >= 4 {
            people.remember_body(&last.norm, &actor.id);
        }
    }
}

/// Adds to `list` (actors, topics) each of `more` it does not hold yet, in order.
pub(super) fn add_missing(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for a in more {
        if !list.contains(&a) {
            list.push(a);
        }
    }
}

/// The actors of `actors` that are not people.
pub(super) fn body_actors(lex: &Lexicons, actors: &[String]) -> Vec<String> {
    actors
        .iter()
        .filter(|a| lex.actor(a).is_some_and(|d| d.kind != ActorKind::Person))
        .cloned()
        .collect()
}

fn span<'a>(s: &'a str, toks: &[Token], a: usize, b: usize) -> &'a str {
    if a >= b {
        return "";
    }
    &s[toks[a].start..toks[b - 1].end]
}

/// The statement's words: the clause without a leading "and"/"while" or trailing ';'.
fn claim_text<'a>(s: &'a str, toks: &[Token], mut a: usize, mut b: usize) -> &'a str {
    while a < b
        && (toks[a].kind == text::Kind::Punct && toks[a].norm != "\""
            || crate::wordlists::SPLIT_CONJ.contains(&toks[a].norm))
    {
        a += 1;
    }
    while b > a
        && toks[b - 1].kind == text::Kind::Punct
        && matches!(toks[b - 1].norm.as_str(), ";" | ",")
    {
        b -= 1;
    }
    if a == 0 && b == toks.len() {
        return s;
    }
    span(s, toks, a, b)
}

/// Actor ids a phrase names, in reading order, each once ("Russia's envoy to the OSCE" →
/// `russia`, `osce`): how the attribution stage's speakers meet the lexicons.
pub fn actors_named(lex: &Lexicons, phrase: &str) -> Vec<String> {
    actors_in(lex, phrase, false, |i| vec![lex.actor_at(i).id.clone()])
}

/// `actors_named`, each with the country it belongs to ("Andrii Sybiha" is Ukraine's
/// too), as the sieve gives a speaker's actors.
pub(crate) fn actors_named_with_parents(lex: &Lexicons, phrase: &str) -> Vec<String> {
    actors_in(lex, phrase, false, |i| lex.expand(i))
}

/// The actors a speaker's whole phrase speaks for, as `actors_named_with_parents`, but a
/// demonym only where it heads an office or a name, as the sieve reads a subject: "MOL,
/// the Hungarian oil group" is not Hungary. (Where a phrase only stands for a speaker
/// already found, any actor it names may agree with them.)
pub(crate) fn actors_speaking(lex: &Lexicons, phrase: &str) -> Vec<String> {
    actors_in(lex, phrase, true, |i| lex.expand(i))
}

/// Whether the place `m` names is only where the speaker sits: "the National Federation
/// of Fisheries Cooperatives in Seoul" is no more South Korea than "the Russian Embassy in
/// Helsinki" is Finland; "officials in Kyiv" and "the foreign ministry in Abu Dhabi" are
/// their country's (`attribution::names_a_placed_body`).
fn only_sits_in(toks: &[text::Token], m: &lexicon::Mention) -> bool {
    m.start >= 2
        && toks[m.start - 1].is_word("in")
        && toks[m.start - 2].kind == text::Kind::Word
        && !attribution::names_a_placed_body(toks, 0, m.start - 1)
}

/// The ids `ids` gives each actor the phrase names, once each, in order. A relative clause
/// in the phrase (", who hosted the Russian and Ukrainian delegations") says what the
/// speaker did, not who the speaker is: what it names, to the phrase's end, is left out
/// (the commas inside it are its own: "BYD, whose plant, in Szeged, Hungary, opened this
/// year"); so is an actor the speaker only stands in a relation to ("Kremlin critic X").
/// With `offices_only`, a demonym counts only where it heads an office or a name.
fn actors_in(
    lex: &Lexicons,
    phrase: &str,
    offices_only: bool,
    ids: impl Fn(usize) -> Vec<String>,
) -> Vec<String> {
    let toks = text::tokenize(phrase);
    let mut out: Vec<String> = Vec::new();
    let relative = |t: &text::Token| {
        // "WHO" names a body.
        t.kind == text::Kind::Word
            && !t.all_caps
            && crate::wordlists::RELATIVE_PRONOUNS.contains(&t.norm)
    };
    // "the irrigation project that feeds much of central Sudan": a clause right after a
    // lower-case noun, with no comma, is one too.
    let after_noun = |k: usize| {
        k > 0
            && toks[k].is_word("that")
            && toks[k - 1].kind == text::Kind::Word
            && !toks[k - 1].cap
            && !crate::wordlists::DETERMINERS.contains(&toks[k - 1].norm)
    };
    let to = (0..toks.len())
        .find(|&k| toks[k].is_punct(",") && toks.get(k + 1).is_some_and(relative) || after_noun(k))
        .unwrap_or(toks.len());
    // "X, who met Poland's envoy, Ukraine's chief negotiator": an office after the clause's
    // last comma is the speaker's again.
    let office_after = (to < toks.len())
        .then(|| (to + 1..toks.len()).rev().find(|&k| toks[k].is_punct(",")))
        .flatten()
        .filter(|&k| toks[k + 1..].iter().any(attribution::is_role));
    let mut mentions = lex.mentions(&toks, 0, to);
    if let Some(k) = office_after {
        mentions.extend(lex.mentions(&toks, k + 1, toks.len()));
    }
    for m in &mentions {
        let to = if m.start > to { toks.len() } else { to };
        // "the Hungarian oil group" is no office of Hungary's.
        let speaks = !offices_only
            || (m.kind != lexicon::MentionKind::Demonym
                || attribution::demonym_heads_office(&toks, &mentions, m, to))
                && !attribution::ends_a_longer_name(lex, &toks, &mentions, m, to)
                && !attribution::begins_a_company_name(lex, &toks, &mentions, m, to);
        let apart = attribution::names_a_relation(&toks, m, to)
            || attribution::qualifies_a_thing(&toks, m, to)
            || offices_only
                && (attribution::owns_no_office(&toks, m, to) || only_sits_in(&toks, m));
        if speaks && !apart {
            add_missing(&mut out, ids(m.actor));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::{Block, Brief, Section};

    fn brief(sections: &[(&str, &[&str])]) -> Brief {
        Brief {
            id: "2025-01-01-test".into(),
            date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            title: "Test".into(),
            lead: String::new(),
            sections: sections
                .iter()
                .map(|(h, ps)| Section {
                    heading: h.to_string(),
                    blocks: ps.iter().map(|p| Block::Paragraph(p.to_string())).collect(),
                })
                .collect(),
            source: String::new(),
            content_hash: String::new(),
            revision: 1,
            ingested_at: 0,
        }
    }

    fn claims_of(sections: &[(&str, &[&str])]) -> Vec<Claim> {
        analyze(&Lexicons::builtin(), &brief(sections))
    }

    /// Whether the first claim whose text holds `words` answers `stem` from context.
    fn lends(claims: &[Claim], words: &str, stem: &str) -> bool {
        context_stems(&stems_of(claims, words))
            .iter()
            .any(|s| s == stem)
    }

    /// The stems of the first claim whose text holds `words`, context stems marked.
    fn stems_of(claims: &[Claim], words: &str) -> String {
        claims
            .iter()
            .find(|c| c.text.contains(words))
            .map(|c| c.stems.clone())
            .unwrap_or_default()
    }

    /// The actors of the first claim whose text holds `words`; none when no claim does.
    fn actors_saying(claims: &[Claim], words: &str) -> Vec<String> {
        claims
            .iter()
            .find(|c| c.text.contains(words))
            .map(|c| c.actors.clone())
            .unwrap_or_default()
    }

    /// The first claim that counts `actor` among its actors.
    fn claim_of<'c>(claims: &'c [Claim], actor: &str) -> &'c Claim {
        claims
            .iter()
            .find(|c| c.actors.iter().any(|a| a == actor))
            .unwrap_or_else(|| panic!("no claim of {actor}: {claims:?}"))
    }

    /// Data-file changes are covered by the hash automatically: editing any list, even
    /// only its comments, changes the version stored claims are stamped with, and so
    /// rebuilds them with no bump of `ENGINE_CODE_VERSION`.
    #[test]
    fn every_word_list_is_part_of_the_engine_version() {
        let lists = version_inputs();
        assert_eq!(engine_version(), version_of(ENGINE_CODE_VERSION, &lists));
        let code = format!("{ENGINE_CODE_VERSION}-");
        assert!(engine_version().starts_with(&code));
        assert_eq!(engine_version().len(), code.len() + 12);
        for k in 0..lists.len() {
            let mut edited = lists.clone();
            let changed = format!("{}extra\n", lists[k].1);
            edited[k].1 = &changed;
            assert_ne!(
                version_of(ENGINE_CODE_VERSION, &edited),
                engine_version(),
                "{}",
                lists[k].0
            );
        }
        assert_ne!(version_of("positions-0", &lists), engine_version());
        let lex = Lexicons::builtin();
        assert!(lex.version().starts_with(&format!("{}+", engine_version())));
    }

    #[test]
    fn a_bare_title_speaks_for_the_body_named_in_an_earlier_paragraph() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Japan's coast guard seized a Chinese fishing boat near the Goto islands on Wednesday.",
                "The coast guard said the trawler had been fishing for mackerel without a permit.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "without a permit"), ["japan"], "{c:?}");
    }

    /// (claim words, context stem, whether it is lent)
    type Lent<'a> = (&'a str, &'a str, bool);

    /// A story's opening words reach its statements in context, from the paragraph that
    /// opens it up to the last that names them: (paragraphs, rows).
    #[test]
    fn a_story_lends_the_words_of_its_opening_event_to_its_statements() {
        let table: [(&[&str], &[Lent]); 2] = [
            (
                &[
                    "Japan's coast guard seized a Chinese fishing boat near the Goto islands and arrested its captain.",
                    "The trawler had been fishing without a permit, officials in Tokyo said.",
                    "China's foreign ministry said Japan should not mistake China's restraint for weakness.",
                    "Fishing crews in Nagasaki said the area had been busy for years.",
                    "Separately, Japan's defence ministry said it would buy new radars.",
                    "The radars would be delivered in 2028, the ministry said.",
                ],
                &[
                    ("mistake China's restraint", "~fish", true),
                    // Past the last paragraph that names the event.
                    ("delivered in 2028", "~fish", false),
                ],
            ),
            // A later story, opened by a narrative paragraph, lends its words from there.
            (
                &[
                    "Iran ordered two inspectors of the IAEA to leave the country.",
                    "Iran's foreign ministry said the inspectors had exceeded their mandate.",
                    "A Red Cross convoy came under artillery fire near Tawila in North Darfur.",
                    "Britain's minister for Africa, Lord Collins, said attacks on aid workers may amount to war crimes.",
                    "The UN said its agencies had suspended road movements in Darfur.",
                ],
                &[
                    ("may amount to war crimes", "~darfur", true),
                    ("exceeded their mandate", "~darfur", false),
                ],
            ),
        ];
        for (paragraphs, rows) in table {
            let c = claims_of(&[("What Happened", paragraphs)]);
            for &(words, stem, lent) in rows {
                let stems = stems_of(&c, words);
                assert_eq!(
                    stems.split(' ').any(|s| s == stem),
                    lent,
                    "{words}: {stems}"
                );
            }
        }
    }

    #[test]
    fn an_apposition_owning_no_office_speaks_for_no_country() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Arnaud Rousseau, president of the FNSEA, France's largest farm union, said farmers had been sold.",
                "Kelsey Davenport, director for policy at the Arms Control Association, a Washington research group, said the expulsions were bad.",
                "Petro Kotin, head of Energoatom, Ukraine's nuclear operator, said the plant was safe.",
            ],
        )]);
        let country = |c: &Claim| {
            c.actors
                .iter()
                .any(|a| a == "france" || a == "united_states")
        };
        assert!(!c.iter().any(country), "{c:?}");
        // An office after the owner still names it.
        assert!(
            actors_saying(&c, "the plant was safe").contains(&"ukraine".to_string()),
            "{c:?}"
        );
    }

    #[test]
    fn a_heading_lends_the_words_its_section_names() {
        let c = claims_of(&[(
            "The Mercosur Vote in Strasbourg",
            &[
                "The European Parliament approved the trade agreement with Mercosur.",
                "France's agriculture minister said the vote was a bad day for farmers.",
            ],
        )]);
        let france = stems_of(&c, "a bad day");
        assert!(france.split(' ').any(|s| s == "~mercosur"), "{france}");
        // A heading word the section does not name is not lent.
        assert!(!france.split(' ').any(|s| s == "~strasbourg"), "{france}");
    }

    #[test]
    fn a_person_introduced_by_office_outside_a_statement_speaks_for_its_owner_later() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The contract was signed in Cairo by Ukraine's economy minister, Oleksii Sobolev, and by an Egyptian state agency.",
                "“Egypt chooses Ukrainian wheat with its eyes open,” Sobolev said after the signing.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "with its eyes open"),
            ["oleksii sobolev", "ukraine"],
            "{c:?}"
        );
    }

    #[test]
    fn pronouns_reach_back_a_few_sentences_only() {
        let c = claims_of(&[(
            "What Happened",
            &["Putin said the talks were useful. The weather was cold. Snow fell. Trains stopped. He said more talks would follow."],
        )]);
        assert_eq!(c.len(), 1, "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &["Putin said the talks were useful. Snow fell. He said more talks would follow."],
        )]);
        assert_eq!(c.len(), 2);
        assert!(c[1].from_context);
        assert_eq!(c[1].actors, ["putin", "russia"]);
        assert_eq!(c[1].speaker, "Putin");
    }

    /// A one-word name is a person only with a title before it, so only then can a later
    /// "He" be that person. (Without one, a lone capitalised word opening the sentence is
    /// not taken for a name at all.)
    #[test]
    fn a_short_title_makes_a_one_word_name_a_person() {
        for (title, carried) in [
            ("Col.", true),
            ("Lt.", true),
            ("Maj.", true),
            ("Gen.", true),
            ("Mr", true),
            ("", false),
        ] {
            let text = format!(
                "{title} Hrabovsky said the bridge was held. He said reinforcements were near."
            );
            let c = claims_of(&[("What Happened", &[text.trim_start()])]);
            assert_eq!(c.len(), if carried { 2 } else { 0 }, "{title:?}: {c:?}");
        }
    }

    /// A statement that continues another, or answers the event its section opens with,
    /// carries those words as context, so a topic outside the lexicons still finds it; in
    /// one paragraph, the statement continued carries the continuation's.
    #[test]
    fn continued_statements_carry_the_words_they_answer() {
        let c = claims_of(&[(
            "What Happened",
            &["Aliyev said Azerbaijan would sign only after Armenia changed its constitution. He added that Baku expected a referendum soon."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        let words: Vec<&str> = c[1].stems.split(' ').collect();
        assert!(words.contains(&"~constitut"), "{}", c[1].stems);
        assert!(words.contains(&"referendum") && !words.contains(&"~referendum"));
        // And the statement it continues answers its words in turn, as context.
        let first: Vec<&str> = c[0].stems.split(' ').collect();
        assert!(first.contains(&"~referendum"), "{}", c[0].stems);
        assert!(first.contains(&"constitut") && !first.contains(&"~constitut"));
    }

    #[test]
    fn the_countrys_minister_speaks_for_the_country_before() {
        let c = claims_of(&[(
            "What Happened",
            &["The Austrian interior ministry said drones were seen. Klaudia Tanner, the country's defence minister, said the army lacked authority."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].actors, ["klaudia tanner", "austria"]);
    }

    #[test]
    fn the_countrys_minister_in_a_named_capital_speaks_for_that_country() {
        let c = claims_of(&[(
            "What Happened",
            &["Swiss Defence Minister Martin Pfister said Switzerland would stay neutral. In Dublin, Helen McEntee, the country's foreign minister, said neutrality was not negotiable."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].actors, ["helen mcentee", "ireland"]);
    }

    /// A person the lexicon knows, named in full, is named again by a surname too short to
    /// name them anywhere else: "Marta Kos" … "Kos later told reporters".
    #[test]
    fn a_known_persons_surname_names_them_again_in_the_brief() {
        let text = "In Brussels, the EU's foreign policy chief, Kaja Kallas, and the \
                    enlargement commissioner, Marta Kos, said in a joint statement that the \
                    vote must be checked. Kos later told reporters that the talks would wait.";
        let c = claims_of(&[("What Happened", &[text])]);
        assert_eq!(
            actors_saying(&c, "talks would wait"),
            ["kos", "eu"],
            "{c:?}"
        );
        // Not named in full first, the short surname is no one.
        let c = claims_of(&[(
            "What Happened",
            &["Kos later told reporters that the talks would wait."],
        )]);
        assert!(actors_saying(&c, "talks would wait").is_empty(), "{c:?}");
    }

    /// Parts of a title joined by "as" tell one story: a paragraph that opens one part goes
    /// on when the next names the other, and the statements after it answer both parts'
    /// words.
    #[test]
    fn a_title_s_parts_joined_by_as_are_one_story() {
        let mut b = brief(&[(
            "What Happened",
            &[
                "Wheat prices climbed for a third week in Chicago.",
                "The International Grains Council confirmed on Monday that Egypt will host the grain summit \
                 in Cairo, after its board rejected a motion to move it.",
                "Four exporters said they would halt shipments.",
                "Brazil's agriculture minister said the decision was a question of principle.",
            ],
        )]);
        b.title = "Wheat prices climb; four exporters halt shipments as Egypt is confirmed \
                   for the grain summit"
            .into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "a question of principle", "summit"), "{c:?}");
        assert!(lends(&c, "a question of principle", "shipment"), "{c:?}");
        assert!(!lends(&c, "a question of principle", "wheat"), "{c:?}");
    }

    /// A paragraph of "What to Watch" that names much of a story the title names answers
    /// that story's words, though its statement does not name them.
    #[test]
    fn a_watch_item_that_names_a_title_story_answers_its_words() {
        let mut b = brief(&[
            (
                "What Happened",
                &["Trade ministers met in Lima to prepare the Pacific summit without Chile."],
            ),
            (
                "What to Watch",
                &[
                    "Whether others stay away from Lima. Boric said on Friday that his country \
                   would follow the summit from outside the room.",
                ],
            ),
        ]);
        b.title = "Chile shut out as trade ministers prepare the Lima summit".into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "from outside the room", "minist"), "{c:?}");
    }

    /// A person named in full where they do not speak lends either end of their name:
    /// "President Lee Jae-myung called a meeting … Lee's national security adviser said"
    /// is South Korea's adviser. A placed office after a statement in its paragraph is of
    /// that speaker's country.
    #[test]
    fn a_person_named_in_full_anywhere_lends_their_name_to_the_brief() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "President Lee Jae-myung called an emergency meeting of the National Security \
                 Council, according to a statement from his office. Lee's national security \
                 adviser, Wi Sung-lac, told reporters that Seoul would keep \"every channel \
                 open\" to Pyongyang.",
                "Prime Minister Sanae Takaichi told reporters that the launch was \"an \
                 outrageous act.\" The chief cabinet secretary, Minoru Kihara, said no damage \
                 had been reported.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "every channel"),
            ["wi sung lac", "south_korea"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "no damage"),
            ["minoru kihara", "japan"],
            "{c:?}"
        );
    }

    /// A dateline places a bare body ("the commerce ministry said") and an office in
    /// apposition ("A ministry spokesman, He Yadong,") for its paragraph, as "In Beijing,"
    /// does for its sentence; "He" before a capitalised word after a comma is a name.
    #[test]
    fn a_dateline_places_a_bare_body_and_an_office_in_apposition() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "BEIJING, Nov 25 — \u{201c}The ruling proves that the measures are \
               protectionism in disguise,\u{201d} the commerce ministry said in a statement on \
               Wednesday. A ministry spokesman, He Yadong, told a news conference that \
               Beijing would closely follow how the bloc complied.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "protectionism"), ["china"], "{c:?}");
        assert_eq!(
            actors_saying(&c, "closely follow"),
            ["he yadong", "china"],
            "{c:?}"
        );
    }

    /// An office nothing else places takes the story's country, though a company spoke
    /// before; a paragraph that opens by narrating what a country did places its office;
    /// "according to the Commission" is the European Commission named before it.
    #[test]
    fn the_story_and_its_paragraphs_place_offices_and_shortened_names() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Slovenia's parliament on Monday approved a second reactor at Krsko. It \
                 would cost up to 15 billion euros, according to GEN energija.",
                "\"Without it, we will buy power from whoever has some,\" Energy Minister \
                 Matej Rozman told lawmakers.",
                "Austria, which has no nuclear power of its own, reacted within hours. \
                 Climate Minister Norbert Totschnig said the vote was a wrong turn.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "whoever has some"),
            ["matej rozman", "slovenia"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "wrong turn"),
            ["norbert totschnig", "austria"],
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "Negotiators agreed on the law, three years after the European Commission \
               proposed it. The first digital euros could be issued in 2029, according to \
               the Commission.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "issued in 2029"), ["eu"], "{c:?}");
        assert!(actors_saying(&c, "Negotiators agreed").is_empty(), "{c:?}");
    }

    /// Whose office is said by what it reports of a country's intent ("said Berlin
    /// expected"), over the statement before, unless the lexicon knows the person; a
    /// lower-case office may open the phrase ("deputy foreign minister X") and the story's
    /// dateline places it when nothing else does; "Commission spokeswoman" is the EU's; a
    /// former president of a country does not speak for it; a relative clause's commas are
    /// its own; a title inside what another reports does not speak.
    #[test]
    fn an_office_is_placed_by_the_intent_it_reports_and_the_storys_dateline() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Trade Minister Dan Farrow said Australian farmers had won.",
                "Agriculture Minister Anne Berthier said France would read the text line by \
                 line. Government spokesman Stefan Kolbe said Berlin expected every member \
                 state to help.",
                "A Commission spokeswoman, Anna-Kaisa Virtanen, said the phase-out stood.",
                "Igor Dodon, a former president of Moldova, said the government had failed.",
                "BYD, whose plant, in Szeged, Hungary, opened this year, said it respected the \
                 findings.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "read the text"),
            ["anne berthier", "france"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "every member"),
            ["stefan kolbe", "germany"],
            "{c:?}"
        );
        assert!(
            actors_saying(&c, "phase-out stood").contains(&"eu".to_string()),
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "government had failed"),
            ["igor dodon"],
            "{c:?}"
        );
        assert!(
            actors_saying(&c, "respected the findings").is_empty(),
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "MOSCOW, Nov 21 — Gazprom said in a statement that supplies would not resume.",
                "\u{201c}Chisinau is creating a catastrophe,\u{201d} deputy foreign minister \
                 Mikhail Garin told the state news agency.",
                "A WTO panel ruled that the duties were wrong. \u{201c}The panel has confirmed \
                 our investigation,\u{201d} Commissioner Jan Smit told reporters.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "creating a catastrophe"),
            ["mikhail garin", "russia"],
            "{c:?}"
        );
        assert!(actors_saying(&c, "confirmed our").is_empty(), "{c:?}");
    }

    /// An office holder with no country, where the sentence says they spoke: "told
    /// reporters in New Delhi". A ministry's spokesman holds a national office too.
    #[test]
    fn a_national_office_speaks_for_the_country_it_is_heard_in() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "China Yajiang Group said it had diverted the river.",
                "Randhir Jaiswal, the external affairs ministry spokesman, told reporters in \
                 New Delhi that the project worried downstream states.",
                "Russia's ambassador, Alexander Botsan-Kharchenko, told reporters in Belgrade \
                 that the election was clean.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "worried downstream"),
            ["randhir jaiswal", "india"]
        );
        assert!(
            !actors_saying(&c, "election was clean").contains(&"serbia".to_string()),
            "{c:?}"
        );
    }

    /// A dateline places its paragraph for an office holder with no country, as "In
    /// Washington," would; "Secretary" before a name is a national office; "the minister
    /// for foreign trade, X," is an office in apposition though what it is for follows it.
    #[test]
    fn a_dateline_places_an_office_holder_with_no_country() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "WASHINGTON, Nov 20 — Commerce Secretary Jan Brzoza welcomed the rules. \
                 “Our allies are closing the back door,” Brzoza told reporters.",
                "“This is about national security,” the minister for foreign trade, Marieke \
                 Koster, told reporters in The Hague.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "closing the back door"),
            ["jan brzoza", "united_states"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "about national security"),
            ["marieke koster", "netherlands"],
            "{c:?}"
        );
        // Without the dateline or a country the story opens with, nothing places the
        // secretary, not even the statement before: a secretary often answers another
        // country.
        let c = claims_of(&[(
            "What Happened",
            &[
                "The eight producers agreed to pause their increases. Kazakhstan's energy \
                 minister said output would fall.",
                "“The rules close the back door,” Commerce Secretary Jan Brzoza said.",
            ],
        )]);
        assert!(
            !actors_saying(&c, "close the back door").contains(&"kazakhstan".to_string()),
            "{c:?}"
        );
    }

    /// A title that names a person before ("The prince") is placed where it speaks when
    /// nothing placed the person; "He" inside a name is a surname; a lower-case office
    /// may open the speaker's phrase ("ministry spokeswoman X").
    #[test]
    fn a_title_is_placed_where_it_speaks_and_he_may_be_a_surname() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Energy Minister Prince Faisal bin Omar said the pause was a precaution. The \
                 prince told a conference in Riyadh that the kingdom had no price target.",
                "China’s commerce ministry said it would require licences. “The Dutch side \
                 has bowed to pressure,” ministry spokeswoman He Yongqian told a briefing.",
            ],
        )]);
        assert!(
            actors_saying(&c, "no price target").contains(&"saudi_arabia".to_string()),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "was a precaution").contains(&"saudi_arabia".to_string()),
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "bowed to pressure"),
            ["he yongqian", "china"],
            "{c:?}"
        );
    }

    /// "was quoted by the agency as saying": the one quoted speaks, whatever the quoting
    /// verb is elsewhere.
    #[test]
    fn one_quoted_by_an_agency_speaks() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Russia's deputy prime minister, Pavel Orlov, was quoted by the Interfax \
               news agency as saying that the decision was balanced and timely.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "balanced and timely"),
            ["pavel orlov", "russia"],
            "{c:?}"
        );
    }

    /// A court's finding is its statement ("ruled … that", "found … that"), and its
    /// chamber and judges speak for it.
    #[test]
    fn a_courts_findings_are_its_statements() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The European Court of Human Rights ruled on December 1 that Italy had \
               violated the right to liberty. The chamber found by six votes to one that the \
               men had no remedy. The judges noted that the men had seen a lawyer only by \
               video link.",
            ],
        )]);
        for words in ["had violated", "had no remedy", "only by video link"] {
            assert_eq!(actors_saying(&c, words), ["echr"], "{words}: {c:?}");
        }
    }

    #[test]
    fn a_minister_titled_by_office_alone_speaks_for_the_country_before() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The Polish Border Guard said the fence was breached.",
                "Interior Minister Jan Brzoza told reporters that soldiers had driven migrants to the fence.",
            ],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].actors, ["jan brzoza", "poland"]);
        // Named by office and not by name, or with whose office it is, nothing is added.
        let c = claims_of(&[(
            "What Happened",
            &["The Polish Border Guard said the fence was breached. Energy analyst Jan Brzoza said the plan was costly."],
        )]);
        assert_eq!(c[1].actors, ["jan brzoza"]);
        // The office in apposition, lower case, does the same.
        let c = claims_of(&[(
            "What Happened",
            &["The Polish Border Guard said the fence was breached. Jan Brzoza, the interior minister, said soldiers had driven migrants to it."],
        )]);
        assert_eq!(c[1].actors, ["jan brzoza", "poland"]);
        // Reporting another country's intent, the minister is not taken for the last
        // speaker's country but for the one whose intent he reports.
        let c = claims_of(&[(
            "What Happened",
            &["Treasury Secretary Scott Bessent said the United States would keep its cap. Deputy Prime Minister Ivan Sorokin said Russia would not supply oil to anyone who applied it."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].actors, ["ivan sorokin", "russia"]);
        // An accusation is no intent: the minister keeps the country before.
        let c = claims_of(&[(
            "What Happened",
            &["The Polish Border Guard said the fence was breached. Interior Minister Jan Brzoza said Russia was behind the attack."],
        )]);
        assert_eq!(c[1].actors, ["jan brzoza", "poland"]);
        // A federation's president is no country's office.
        let c = claims_of(&[(
            "What Happened",
            &["The Polish Border Guard said the fence was breached. Federation President Jan Brzoza said the match would go ahead."],
        )]);
        assert_eq!(c[1].actors, ["jan brzoza"]);
        // A government's spokesman is: "Government" makes a title a country's.
        let c = claims_of(&[(
            "What Happened",
            &["The Polish Border Guard said the fence was breached. Government spokesman Jan Brzoza said the border would stay shut."],
        )]);
        assert_eq!(c[1].actors, ["jan brzoza", "poland"]);
    }

    #[test]
    fn a_paragraph_that_turns_to_another_country_gives_its_ministers_that_country() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The Russian foreign ministry said the accusations were fantasies.",
                "In Italy, rail cables were cut near Florence. Interior Minister Marco Bellandi said it was sabotage.",
            ],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].actors, ["marco bellandi", "italy"]);
        // A statement by another country since the place was named comes first.
        let c = claims_of(&[(
            "What Happened",
            &["In Estonia, GPS signals were jammed near Narva. The Russian foreign ministry denied involvement. Deputy Foreign Minister Ivan Sorokin said the claims were provocations."],
        )]);
        let last = c.last().unwrap();
        assert_eq!(last.actors, ["ivan sorokin", "russia"], "{c:?}");
    }

    #[test]
    fn its_office_holder_named_in_apposition_speaks_for_the_body_last_heard() {
        let c = claims_of(&[(
            "What Happened",
            &["NATO said it had sent more troops. Its commander, Major General Paolo Ferri, said the force had what it needed."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[1].actors.contains(&"nato".to_string()), "{c:?}");
        // A body named in lower case, named again as the office's owner.
        let c = claims_of(&[(
            "What Happened",
            &["France's foreign ministry said Paris was ready to help. The ministry's spokesman, Paul Durand, told reporters that donors would meet in February."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[1].actors.contains(&"france".to_string()), "{c:?}");
    }

    #[test]
    fn a_speaker_inside_what_according_to_relays_speaks() {
        let c = claims_of(&[(
            "What Happened",
            &["According to the state news agency BelTA, Lukashenko said Warsaw would first have to lift its ban on lorries."],
        )]);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(c[0].actors.contains(&"belarus".to_string()), "{c:?}");
        // A subject inside what someone says is still not a speaker.
        let c = claims_of(&[(
            "What Happened",
            &["The Ukrainian side proposed a joint customs post, she added."],
        )]);
        assert!(
            c.iter().all(|c| !c.actors.contains(&"ukraine".to_string())),
            "{c:?}"
        );
    }

    #[test]
    fn bare_quotes_continue_the_last_speaker() {
        let c = claims_of(&[(
            "What Happened",
            &["“We are ready,” Zelenskyy said. “But not at any price.”"],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].text, "“But not at any price.”");
        assert_eq!(c[1].actors, ["zelenskyy", "ukraine"]);
    }

    #[test]
    fn analysis_sections_do_not_carry_speakers_over() {
        let c = claims_of(&[
            ("What Happened", &["Putin said the talks were useful."]),
            (
                "Why It Matters",
                &["He wants time. Russia's rejection of garrisons reflects the same logic."],
            ),
        ]);
        assert_eq!(c.len(), 1, "{c:?}");
        // Analysis names what actors did and want; only what it reports them saying is a
        // statement.
        let c = claims_of(&[
            (
                "Why It Matters",
                &[
                    "Poland has blamed Russian services for a string of arson attempts since \
                   2024. Russia's foreign ministry said in October that it would retaliate.",
                ],
            ),
            (
                "What to Watch",
                &["- Whether Poland formally requests consultations under Article 4."],
            ),
        ]);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].actors, ["russia"], "{c:?}");
    }

    /// A pronoun with no statement of the sieve's before it speaks for the phrase the
    /// attribution stage resolves it to, when that phrase is narrated and names an actor.
    #[test]
    fn a_pronoun_after_a_speaker_the_sieve_missed_is_that_speaker() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "A drone came down in a field near Tulcea. Romania's president called it the \
               worst violation of Romanian airspace since the war began. “We will not wait,” \
               he said, “for a drone to fall on a school.” He said pilots would be allowed to \
               fire over land.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "for a drone to fall"), ["romania"]);
        assert_eq!(actors_saying(&c, "pilots would be allowed"), ["romania"]);
        // A phrase named only inside someone's statement does not speak, nor an object.
        for text in [
            "The embassy's note said Romania's president had no proof. He said so twice.",
            "Romania's president called Zelenskyy's envoy, Andriy Yermak, on Monday. “We \
             will not wait,” he said so twice.",
        ] {
            let c = claims_of(&[("What Happened", &[text])]);
            assert!(actors_saying(&c, "said so twice").is_empty(), "{c:?}");
        }
    }

    /// A quotation left open at a paragraph's end goes on in the next, as wire copy writes
    /// one over paragraphs: both are the last speaker's.
    #[test]
    fn a_quotation_over_two_paragraphs_is_one_speakers() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Latvia's defence minister, Andris Kalniņš, said the damage was deliberate. \
                 “An anchor does not drop twice in one night,” he told reporters in Riga. “We \
                 know where this ship came from, and we know whose interests the ship served.",
                "“Latvia will not wait for a third cable.”",
                "Sweden's coast guard said the ship slowed over each cable.",
            ],
        )]);
        for words in [
            "whose interests the ship served",
            "will not wait for a third cable",
        ] {
            let actors = actors_saying(&c, words);
            assert!(
                actors.contains(&"latvia".to_string()),
                "{words}: {actors:?}"
            );
        }
        // A quotation left open after narrative text continues nobody.
        let c = claims_of(&[(
            "What Happened",
            &[
                "“We will rebuild,” the mayor of Kyiv, Vitali Klitschko, said. The city \
                 lost power overnight. “Nobody saw it coming.",
                "“The lights came back at dawn.”",
            ],
        )]);
        assert!(
            actors_saying(&c, "Nobody saw it coming").is_empty(),
            "{c:?}"
        );
        assert!(actors_saying(&c, "lights came back").is_empty(), "{c:?}");
    }

    #[test]
    fn section_event_topics_reach_unnamed_reactions() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Drones entered Polish airspace overnight.",
                "Polish jets shot down several drones. The Russian Ministry of Defence said it had not planned any strikes.",
            ],
        )]);
        let mod_claim = c
            .iter()
            .find(|c| c.actors == ["russia"])
            .expect("the ministry's claim");
        assert!(mod_claim.topics.is_empty());
        assert!(mod_claim.context_topics.contains(&"drones".to_string()));
        assert_eq!(mod_claim.stance, Stance::Denies);
    }

    #[test]
    fn a_paragraph_lends_its_event_and_its_speakers_topics_but_not_anothers() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Poland's foreign ministry said it would summon the Russian ambassador on Tuesday to hear what Moscow had to say. The Kremlin said the drones had been decoys.",
                "Zelenskyy said the return of the men on Monday proved that steady pressure on Moscow worked in the end. He said Kyiv would keep pressing for the return of all prisoners of war.",
                "A carrier struck a sea mine off Odesa on Monday. Its crew was unhurt. Romania's defence ministry said the navy would double its patrols along the route.",
            ],
        )]);
        let said = |actor: &str, words: &str| {
            c.iter()
                .find(|c| c.actors.contains(&actor.to_string()) && c.text.contains(words))
                .unwrap_or_else(|| panic!("no claim of {actor} with {words:?}: {c:?}"))
        };
        let has = |v: &[String], t: &str| v.iter().any(|x| x == t);
        // The event the paragraph's narrative names.
        let romania = said("romania", "double its patrols");
        assert!(has(&romania.context_topics, "black_sea"), "{romania:?}");
        // Another speaker's statement is not the paragraph's event.
        let poland = said("poland", "summon the Russian ambassador");
        assert!(!has(&poland.context_topics, "drones"), "{poland:?}");
        // The same speaker's later statement lends its topic to the earlier one.
        let swap = said("ukraine", "steady pressure");
        assert!(has(&swap.context_topics, "prisoners"), "{swap:?}");
    }

    #[test]
    fn according_to_a_title_and_name_is_the_named_persons_statement() {
        let c = claims_of(&[(
            "What Happened",
            &["According to the foreign ministry's spokeswoman, Maria Zakharova, any use of the money would be answered in kind."],
        )]);
        assert!(
            c.iter()
                .any(|c| c.actors.contains(&"russia".to_string()) && c.text.starts_with("any use")),
            "{c:?}"
        );
    }

    #[test]
    fn an_event_reaches_the_reactions_up_to_the_last_paragraph_that_names_it() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Floods closed three bridges in southern Poland on Monday.",
                "A court in Riga upheld a ruling that ordered the depository to hand over frozen assets worth two billion euros.",
                "The depository said the frozen assets were not its own to hand over.",
                "Belgium's prime minister said the judgment proved his government had been right to ask for guarantees.",
                "The European Commission said the frozen assets would stay where they were.",
                "Hungary's foreign minister said the summit in December would go ahead as planned.",
            ],
        )]);
        let said = |actor: &str| claim_of(&c, actor);
        let has = |c: &Claim| c.context_topics.iter().any(|t| t == "frozen_assets");
        // Two paragraphs on, the story still names its event after Belgium's statement.
        assert!(has(said("belgium")), "{:?}", said("belgium"));
        // After the last paragraph that names it, the story has moved on.
        assert!(!has(said("hungary")), "{:?}", said("hungary"));
    }

    #[test]
    fn reactions_answer_the_paragraph_before_and_a_section_event_ends_where_it_is_last_named() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "GPS jamming disrupted flights over the Baltic for a third day. Two jets bound for Vilnius were diverted to Riga.",
                "Lithuania's foreign ministry said the jamming came from transmitters in Kaliningrad.",
                "Early on Tuesday a small drone flew in from Belarus and crashed in a field near the border.",
                "Belarus's defence ministry said it had no record of any such flight and that Lithuania was inventing incidents to justify its fences.",
            ],
        )]);
        let belarus = c
            .iter()
            .find(|c| c.actors == ["belarus"])
            .unwrap_or_else(|| panic!("no claim of Belarus: {c:?}"));
        let has = |t: &str| belarus.context_topics.iter().any(|x| x == t);
        assert!(has("drones"), "{belarus:?}");
        assert!(!has("hybrid_threats"), "{belarus:?}");
        let lithuania = c
            .iter()
            .find(|c| c.actors == ["lithuania"])
            .unwrap_or_else(|| panic!("no claim of Lithuania: {c:?}"));
        assert!(
            lithuania.topics.iter().any(|t| t == "hybrid_threats"),
            "{lithuania:?}"
        );
    }

    /// A story the title names lends its words to every statement from the narrative
    /// paragraph that opens it until another story opens: "Norway detains a Latvian
    /// trawler" answers "trawler" where the statements say "the vessel" or nothing of it.
    #[test]
    fn a_story_the_title_names_lends_its_words_until_the_next_opens() {
        let mut b = brief(&[(
            "What Happened",
            &[
                "A cyberattack stopped the container terminals in Gdansk on Wednesday.",
                "Kremlin spokesman Dmitry Peskov said the accusations were unfounded.",
                "The Norwegian coast guard boarded the Latvian trawler Vilnis off Svalbard.",
                "Norway's fisheries minister said the vessel had fished beyond its quota.",
                "A spokesman for the government of Mongolia said transit fees of 1 billion \
                 dollars a year would follow.",
                "Latvia's agriculture minister said the detention was political.",
            ],
        )]);
        b.title = "Weekly Brief: A cyberattack stops the container terminals in Gdansk; Norway \
                   detains a Latvian trawler off Svalbard"
            .into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "accusations were unfounded", "gdansk"), "{c:?}");
        assert!(!lends(&c, "accusations were unfounded", "trawler"), "{c:?}");
        assert!(lends(&c, "fished beyond its quota", "trawler"), "{c:?}");
        assert!(lends(&c, "the detention was political", "trawler"), "{c:?}");
        assert!(!lends(&c, "the detention was political", "gdansk"), "{c:?}");
        // A paragraph that opens with a statement opens no story when the next paragraph
        // moves on, and the title's words are no story without a paragraph that opens
        // with them.
        b.title = "Weekly Brief: Mongolia earns 1 billion dollars a year from gas transit".into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(!lends(&c, "the detention was political", "earn"), "{c:?}");
        // A story first told by whoever did it opens with that statement when it names
        // much of the story and the next paragraph goes on with it.
        let mut b = brief(&[(
            "What Happened",
            &[
                "Talks on sharing the mackerel catch ended in London without a deal.",
                "Norway's fisheries minister said the offer had been fair.",
                "China Yajiang Group said on Tuesday that it had diverted the Yarlung Tsangpo \
                 through the first tunnels at the Medog site.",
                "Foreign ministry spokeswoman Mao Ning said the project was a matter within \
                 China's sovereignty.",
            ],
        )]);
        b.title = "Coastal states fail to share the mackerel catch; China diverts the Yarlung \
                   Tsangpo for its Medog dam"
            .into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "a matter within", "dam"), "{c:?}");
        assert!(!lends(&c, "the offer had been fair", "dam"), "{c:?}");
        // A story under a later dateline that opens by naming the story goes on with it.
        let mut b = brief(&[(
            "",
            &[
                "VILNIUS, Dec 4 — Lithuania closed its border with Belarus at midnight.",
                "MINSK, Dec 4 — President Alexander Lukashenko said the closure was a \
                 provocation and that Lithuania was shooting itself in the foot.",
                "WARSAW, Dec 4 — Poland's interior minister said the guards were ready.",
            ],
        )]);
        b.title = "Lithuania shuts its border with Belarus".into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "shooting itself in the foot", "border"), "{c:?}");
        assert!(!lends(&c, "guards were ready", "border"), "{c:?}");
        // It may name the story's countries only by their capital, people or demonym.
        let mut b = brief(&[(
            "",
            &[
                "VILNIUS, Dec 4 — Lithuania closed its border with Belarus at midnight.",
                "MINSK, Dec 4 — President Alexander Lukashenko said Vilnius was shooting \
                 itself in the foot.",
                "WARSAW, Dec 4 — Poland's interior minister said the guards were ready.",
            ],
        )]);
        b.title = "Lithuania shuts its border with Belarus".into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "shooting itself in the foot", "border"), "{c:?}");
        assert!(!lends(&c, "guards were ready", "border"), "{c:?}");
        // A part's first paragraph opens the story though someone is said to report it.
        let mut b = brief(&[(
            "",
            &[
                "IZMAIL, Dec 4 — Russian drones struck the Danube port of Izmail overnight, \
                 setting fire to a bulk carrier, Ukrainian officials said on Friday.",
                "Oleksiy Kuleba, Ukraine's deputy prime minister, said the ports had handled \
                 about a quarter of the country's grain exports this year and would keep \
                 working.",
            ],
        )]);
        b.title = "Russian drones hit the Danube port of Izmail".into();
        let c = analyze(&Lexicons::builtin(), &b);
        assert!(lends(&c, "keep working", "danub"), "{c:?}");
    }

    /// "The foreign ministry summoned the Russian ambassador, Vladimir Lipaev": a later
    /// "Lipaev told reporters" is Russia's ambassador speaking.
    #[test]
    fn a_person_introduced_by_a_national_office_in_narrative_keeps_it() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Romania's foreign ministry summoned the Russian ambassador, Vladimir Lipaev, on \
               Friday. Lipaev told reporters afterwards that Romania had produced no proof.",
            ],
        )]);
        assert!(
            actors_saying(&c, "produced no proof").contains(&"russia".to_string()),
            "{c:?}"
        );
    }

    /// "In Warsaw, the justice ministry said" is Poland's ministry, not the one named last;
    /// "Poland's main opposition party" does not speak for Poland, nor "The Norwegian
    /// Fishermen's Association" for Norway.
    #[test]
    fn a_place_a_relation_and_an_owner_say_whose_speaker_it_is() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Ukraine's foreign ministry spokesman, Heorhii Tykhyi, said Kyiv respected the \
                 courts.",
                "In Warsaw, the justice ministry said Poland would not revisit the decision.",
                "Law and Justice, Poland's main opposition party, said the government had \
                 ignored warnings.",
                "The Norwegian Fishermen's Association said the detention was long overdue.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "would not revisit"), ["poland"], "{c:?}");
        assert!(
            !actors_saying(&c, "ignored warnings").contains(&"poland".to_string()),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "long overdue").contains(&"norway".to_string()),
            "{c:?}"
        );
    }

    /// A section's opening event counts in a third of the paragraphs up to the last that
    /// names it, as its words do: a long section that turns to another story still lends
    /// it to the reactions before that.
    #[test]
    fn a_section_event_is_weighed_up_to_its_last_paragraph() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "A cyberattack shut down the container terminals in Gdansk overnight.",
                "Soldiers guarded the port against drones.",
                "Kremlin spokesman Dmitry Peskov dismissed the accusations as unfounded.",
                "NATO said experts from its cyber defence teams had arrived in Gdansk.",
                "The Norwegian coast guard boarded a Latvian trawler off Svalbard.",
                "Norway's fisheries minister said the vessel had fished beyond its quota.",
                "Latvia's agriculture minister said the detention was political.",
                "The European Commission said EU vessels fish there under EU quotas.",
            ],
        )]);
        let said = |actor: &str| claim_of(&c, actor);
        let has = |c: &Claim, t: &str| c.context_topics.iter().any(|x| x == t);
        assert!(has(said("russia"), "hybrid_threats"), "{c:?}");
        assert!(!has(said("latvia"), "hybrid_threats"), "{c:?}");
    }

    /// "The island's defence ministry" is the island's, which the title does not name, not
    /// the ministry named last.
    #[test]
    fn a_title_with_its_own_owner_is_not_the_ministry_named_before() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "China's defence ministry spokesman, Zhang Xiaogang, said the package sent a \
                 wrong signal.",
                "Taiwan's presidential office thanked the United States. The island's defence \
                 ministry said it had tracked 34 Chinese aircraft on Monday.",
            ],
        )]);
        assert!(actors_saying(&c, "tracked 34").is_empty(), "{c:?}");
    }

    #[test]
    fn a_pronoun_continues_a_speaker_given_by_office_before_the_name() {
        let c = claims_of(&[(
            "What Happened",
            &["Moldova's state secretary for energy, Victor Ursachi, said the region owed €31 million. He said supplies would be restored in full once the debt was rescheduled."],
        )]);
        assert_eq!(c.len(), 2, "{c:?}");
        for claim in &c {
            assert!(claim.actors.contains(&"moldova".to_string()), "{claim:?}");
        }
        // After another country's minister, the office after the cue and then a name the
        // lexicon knows: the person the stage gives the pronoun brings their country.
        let c = claims_of(&[(
            "What Happened",
            &[
                "Turkey's foreign minister, Hakan Fidan, said any solution must reflect the realities on the island.",
                "“The framework is a federation,” said Greece's foreign minister, Giorgos Gerapetritis. He added that Athens would not accept foreign troops on the island.",
            ],
        )]);
        assert!(
            actors_saying(&c, "foreign troops").contains(&"greece".to_string()),
            "{c:?}"
        );
    }

    #[test]
    fn a_body_named_again_and_the_head_of_a_ministry_speak_for_it() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The European Commission said it would consider the request. A Commission spokesperson, Thomas Renard, said 560 vessels were already listed.",
                "Hungary's foreign minister said the veto stood.",
                "Its spokesman, Vadym Hlushko, said the crossing was a legitimate target.",
                "The defence ministry of Lithuania said the drone had come from Belarus. The minister said soldiers would be allowed to shoot such drones down.",
            ],
        )]);
        let by = |words: &str| actors_saying(&c, words);
        assert_eq!(by("560 vessels"), ["thomas renard", "eu"], "{c:?}");
        // "Its" is the body last heard from in the paragraph only, not the one before.
        assert!(
            !by("legitimate target").contains(&"hungary".to_string()),
            "{c:?}"
        );
        assert_eq!(by("shoot such drones"), ["lithuania"], "{c:?}");
    }

    #[test]
    fn a_national_office_is_not_a_speaker_who_holds_another() {
        let c = claims_of(&[(
            "What Happened",
            &["Its spokesman, Vadym Hlushko, said the crossing was a legitimate target. The minister said soldiers would be allowed to shoot such drones down."],
        )]);
        assert!(
            c.iter().all(|c| !c.text.contains("shoot such drones")),
            "{c:?}"
        );
    }

    #[test]
    fn titles_and_bodies_named_again_stay_with_their_own() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Prime Minister Donald Tusk said the jets had been scrambled. The premier said Poland would ask for consultations.",
                "Poland's defence ministry said it had scrambled jets. In Vilnius, the minister said the drone came from Belarus.",
                "The Russian defence ministry said the drill was planned. Foreign Ministry spokesman Ilja Petrov said the drill was defensive.",
            ],
        )]);
        let by = |words: &str| actors_saying(&c, words);
        // A premier is a prime minister.
        assert_eq!(by("ask for consultations"), ["tusk", "poland"], "{c:?}");
        // The sentence opens in another country than the ministry's.
        assert!(
            !by("came from Belarus").contains(&"poland".to_string()),
            "{c:?}"
        );
        // "Foreign Ministry" is not the defence ministry named again, but a ministry is a
        // national office: with no country of its own, its spokesman is of the country
        // whose ministry spoke just before, as a minister would be.
        assert_eq!(by("was defensive"), ["ilja petrov", "russia"], "{c:?}");
    }

    #[test]
    fn two_people_of_one_country_do_not_lend_each_other_topics() {
        let c = claims_of(&[(
            "What Happened",
            &["Hungarian Foreign Minister Péter Szijjártó said the EU had isolated the country from its partners for years. Hungarian Prime Minister Viktor Orbán said Hungary would veto the sanctions package."],
        )]);
        let szijjarto = c
            .iter()
            .find(|c| c.text.contains("isolated"))
            .unwrap_or_else(|| panic!("{c:?}"));
        assert!(
            szijjarto.actors.contains(&"hungary".to_string()),
            "{szijjarto:?}"
        );
        assert!(
            !szijjarto.context_topics.iter().any(|t| t == "sanctions"),
            "{szijjarto:?}"
        );
    }

    #[test]
    fn a_section_listing_unrelated_news_is_not_about_its_first_item() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Drones entered Polish airspace overnight.",
                "Polish jets shot down several drones.",
                "Hungary said it would block the next sanctions package.",
                "The EU agreed new tariffs on fertiliser.",
                "Moldova said it had taken in more refugees than any other country.",
                "The Russian Ministry of Defence said it had not planned any strikes.",
                "Finland said it would build a new power line.",
            ],
        )]);
        let mod_claim = c
            .iter()
            .find(|c| c.actors == ["russia"])
            .expect("the ministry's claim");
        assert!(
            !mod_claim.context_topics.contains(&"drones".to_string()),
            "{mod_claim:?}"
        );
    }

    /// A refusal to say is no position, unless it was an answer that names what it
    /// withheld, or comes with something said; its speaker still stands for a later "he".
    #[test]
    fn a_refusal_to_comment_is_no_position() {
        for (text, position) in [
            ("The ICRC declined to comment on the exchange.", false),
            ("Croatia's government has not commented publicly.", false),
            // Not answering calls or questions withholds the answer whatever it was.
            ("Bolivia's government spokesman did not answer calls.", false),
            ("Norway's foreign ministry would not answer questions on the talks.", false),
            // Not announcing something is an absence the writer observes.
            (
                "Bulgaria, which has reported 1,100 cases, has not announced a campaign of its own.",
                false,
            ),
            (
                "Denmark, which gave 300 million euros, has said nothing about the handover.",
                false,
            ),
            (
                "France has not said whether it would join the loan scheme.",
                false,
            ),
            (
                "Poland has not yet said whether it would welcome German troops.",
                false,
            ),
            (
                "The State Department said it would not respond to requests for comment.",
                false,
            ),
            ("Peskov said nothing had been agreed on troops.", true),
            (
                "Peskov declined to comment on the talks, saying only that Moscow remained \
                 open to dialogue.",
                true,
            ),
            (
                "Sybiha said Kyiv would not say yes to any deal that cedes land.",
                true,
            ),
            (
                "Lavrov said Moscow would not accept the comment as an apology.",
                true,
            ),
            (
                "A French spokesman said the minister would not comment before the summit.",
                false,
            ),
            ("The Dutch minister would not say who laid the mines.", true),
            (
                "The ICRC said it was not a party to the talks and would not comment on numbers.",
                true,
            ),
            (
                "Poland declined to comment on the loan, but said Warsaw would pay its share.",
                true,
            ),
            // An act before "and" says nothing, so the refusal after it is all there is.
            (
                "Steve Witkoff, the US special envoy, left Istanbul on Thursday and declined to \
                 comment on the outcome.",
                false,
            ),
            (
                "Hungary said it would not respond to threats over the loan.",
                true,
            ),
            // A refused verb whose object is the matter withheld says nothing of it.
            (
                "A spokesman for the ministry in Madrid said it did not discuss cases \
                 involving another member state's vessels.",
                false,
            ),
            (
                "The Pentagon declined to confirm the number of missiles in the package.",
                false,
            ),
            // A refused question that takes nothing for granted says nothing.
            (
                "The spokesman declined to say whether Ukrainian officials had been \
                 questioned.",
                false,
            ),
        ] {
            let c = claims_of(&[("What Happened", &[text])]);
            assert_eq!(!c.is_empty(), position, "{text}: {c:?}");
        }
        let c = claims_of(&[(
            "What Happened",
            &[
                "Poland's finance minister, Andrzej Domanski, declined to comment on the loan. \
               He said on Friday that Warsaw would pay its share.",
            ],
        )]);
        assert!(
            actors_saying(&c, "Warsaw would pay").contains(&"poland".to_string()),
            "{c:?}"
        );
    }

    /// What a relative clause in the speaker's phrase names is not the speaker.
    #[test]
    fn a_relative_clause_names_no_speaker() {
        let lex = &Lexicons::builtin();
        assert_eq!(
            actors_named(
                lex,
                "Ali Demir, who hosted the Russian and Ukrainian delegations"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            actors_named(
                lex,
                "Oleh Petrenko, who met Poland's envoy, Ukraine's chief negotiator"
            ),
            ["ukraine"]
        );
        assert_eq!(actors_named(lex, "Ukraine's foreign minister"), ["ukraine"]);
    }

    /// Each phrase of `table` gives the actors beside it.
    fn assert_actors(table: &[(&str, &[&str])], actors: impl Fn(&str) -> Vec<String>) {
        for (phrase, want) in table {
            assert_eq!(actors(phrase), *want, "{phrase}");
        }
    }

    /// "Kremlin critic X", "a Trump ally": a speaker described by a stance toward an actor
    /// does not speak for it; one who holds an office there does.
    #[test]
    fn a_relation_to_an_actor_is_no_speaking_for_it() {
        let lex = &Lexicons::builtin();
        let table: &[(&str, &[&str])] = &[
            ("Kremlin critic Ilya Markov", &[]),
            ("Ilya Markov, a Kremlin critic", &[]),
            ("Ilya Markov, a longtime critic of the Kremlin", &[]),
            ("Trump ally Mark Hale", &[]),
            ("Putin's critics", &[]),
            ("Russia analyst Jane Roe", &[]),
            // A stance toward one actor, an office in another.
            ("US ally Poland", &["poland"]),
            ("Oleg Sidorov, a Kremlin aide", &["russia"]),
            ("Kremlin spokesman Dmitry Peskov", &["russia", "peskov"]),
        ];
        assert_actors(table, |p| actors_named(lex, p));
        let c = claims_of(&[(
            "What Happened",
            &[
                "Kremlin critic Ilya Markov said the troops should come home by spring. Oleg \
                 Sidorov, a Kremlin aide, said the troops would stay until the goals were met.",
            ],
        )]);
        assert!(actors_saying(&c, "come home by spring").is_empty(), "{c:?}");
        assert!(
            actors_saying(&c, "would stay until").contains(&"russia".to_string()),
            "{c:?}"
        );
    }

    /// A demonym in a speaker's phrase the stage found speaks for its country only where it
    /// heads an office or a name, as in the sieve's own subjects.
    #[test]
    fn a_demonym_speaks_for_its_country_only_as_an_office() {
        let lex = &Lexicons::builtin();
        let table: &[(&str, &[&str])] = &[
            ("MOL, the Hungarian oil group", &[]),
            ("The Hungarian oil group MOL", &[]),
            ("Russian President Vladimir Putin", &["russia", "putin"]),
            ("the Finnish Economic Affairs Minister", &["finland"]),
            // Joined to another country's, a demonym names a community.
            ("the Turkish Cypriot leader", &[]),
            ("the Turkish foreign minister", &["turkey"]),
            // A country that begins a company's name is not the company.
            ("Japan Airlines", &[]),
            ("China Merchants Port Holdings", &[]),
            ("China Yajiang Group, the state-owned company", &[]),
            ("The China Association of Automobile Manufacturers", &[]),
            ("The opposition Armenia Alliance", &[]),
            ("the Japan Coast Guard", &["japan"]),
            ("Japan's prime minister", &["japan"]),
            ("The International Transport Association of Turkey", &[]),
            ("Greenpeace Switzerland", &[]),
            ("Universities UK", &[]),
            ("the Bulgarian regional development ministry", &["bulgaria"]),
            ("Poland's climate and environment ministry", &["poland"]),
            ("Ports and Airports Minister Silvio Costa Filho", &[]),
            // One capitalised word before a country that ends the phrase names something
            // else, unless it only opens the sentence.
            ("Neighbouring Hungary", &["hungary"]),
            ("Meanwhile Russia", &["russia"]),
            // A portfolio before a national office, not a company's office.
            ("the Polish state-owned operator", &[]),
            ("Russian oil company officials", &[]),
        ];
        assert_actors(table, |p| actors_speaking(lex, p));
        // What only stands for a speaker already found may still agree through it.
        assert_eq!(
            actors_named(lex, "The Hungarian oil group MOL"),
            ["hungary"]
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "MOL, the Hungarian oil group, said in a statement that the oil transit fees \
               were several times higher than the European average.",
            ],
        )]);
        assert!(actors_saying(&c, "transit fees").is_empty(), "{c:?}");
    }

    /// "X said Y had told him …" is Y's words at second hand, not X's position; X's own
    /// claim about Y stays X's.
    #[test]
    fn another_actors_words_passed_on_are_not_the_speakers() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Turkey's foreign minister, Ali Demir, said the Russian delegation had told him \
               it wanted facts on the water. He said Russia was blocking the deal.",
            ],
        )]);
        assert!(actors_saying(&c, "facts on the water").is_empty(), "{c:?}");
        assert!(
            actors_saying(&c, "Russia was blocking").contains(&"turkey".to_string()),
            "{c:?}"
        );
        // Another's words as the speaker's own charge stay the speaker's.
        let c = claims_of(&[(
            "What Happened",
            &["Poland's prime minister said Russia says it wants peace while it bombs Kyiv."],
        )]);
        assert_eq!(actors_saying(&c, "wants peace"), ["poland"], "{c:?}");
    }

    /// Wire copy runs several stories under one heading, each opening with its dateline:
    /// a statement answers its own story's lede, and a pronoun stands for its own story's
    /// speakers.
    #[test]
    fn a_dateline_opens_a_story_of_its_own() {
        let german = |second: &str| {
            let c = claims_of(&[(
                "What Happened",
                &[
                    "KYIV, Nov 20 (Reuters) — Ukraine and Russia swapped 390 prisoners of war \
                     on Thursday. Prisoners of war were flown home.",
                    "Ukraine's ombudsman said the prisoners were exhausted.",
                    second,
                    "Leaders meet on Thursday in Brussels.",
                    "Germany's chancellor said Berlin understood the worry.",
                    "The frozen assets earn Euroclear billions a year.",
                ],
            )]);
            c.iter()
                .find(|c| c.actors.contains(&"germany".to_string()))
                .map(|c| c.context_topics.clone())
                .unwrap_or_else(|| panic!("{c:?}"))
        };
        let belgium = "Belgium will not back an EU loan backed by frozen Russian assets. The \
                       frozen assets are held by Euroclear.";
        let wire = german(&format!("BRUSSELS, Nov 26 — {belgium}"));
        assert!(wire.contains(&"frozen_assets".to_string()), "{wire:?}");
        // Without the dateline the paragraph goes on the story before, as an event in it
        // that the story names again: the chancellor answers it all the same.
        let plain = german(belgium);
        assert!(plain.contains(&"frozen_assets".to_string()), "{plain:?}");
        for (block, dateline) in [
            ("BRUSSELS, Nov 26 (Reuters) — Belgium said no.", true),
            ("WARSAW/KYIV — Polish farmers blocked lorries.", true),
            ("NATO — the alliance — said it would respond.", false),
            ("IAEA — the UN watchdog — said the plant lost power.", false),
            ("Belgium — and only Belgium — said no.", false),
            ("The EU said no — again.", false),
        ] {
            assert_eq!(analyze::opens_with_dateline(block), dateline, "{block}");
        }
    }

    /// An office named with no country, in a story whose opening sentence is about a
    /// country, with no place or speaker before it, is that country's; a story that opens
    /// on no country gives none.
    #[test]
    fn an_office_with_no_country_is_the_storys_country() {
        let minister = "The migration minister, Nikos Drakakis, said the centres would open.";
        let opened_by = |lede: &str| {
            let c = claims_of(&[("What Happened", &[lede, minister])]);
            c.last().unwrap().actors.clone()
        };
        assert_eq!(
            opened_by("CHANIA, Crete, Dec 5 — Greece’s parliament voted to suspend asylum claims."),
            ["nikos drakakis", "greece"]
        );
        assert_eq!(
            opened_by("CHANIA, Crete, Dec 5 — A storm closed the port on Friday."),
            ["nikos drakakis"]
        );
    }

    /// A bare title the text puts in a named place speaks for that place ("The authorities
    /// in Tiraspol said"), not for the body last heard from.
    #[test]
    fn a_title_in_a_named_place_speaks_for_the_place() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Gazprom said deliveries would resume only after the debt was settled. The \
               authorities in Tiraspol said schools would close.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "schools would close"),
            ["transnistria"],
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "Gazprom said deliveries would resume only after the debt was settled. The \
               authorities said schools would close.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "schools would close"),
            ["gazprom"],
            "{c:?}"
        );
        // A body that only sits in a capital is not its country.
        let c = claims_of(&[(
            "What Happened",
            &[
                "South Korea kept its own restrictions unchanged, and the National Federation of \
               Fisheries Cooperatives in Seoul said Korean exporters could win market share in China.",
            ],
        )]);
        assert!(
            !actors_saying(&c, "market share").contains(&"south_korea".to_string()),
            "{c:?}"
        );
        // A ministry in a capital is that country's, whoever spoke before.
        let c = claims_of(&[(
            "What Happened",
            &[
                "The Russian Defence Ministry said the servicemen were receiving care.",
                "The foreign ministry in Abu Dhabi said it was the 19th exchange it had \
                 mediated.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "19th exchange"),
            ["united_arab_emirates"],
            "{c:?}"
        );
    }

    /// A paragraph that narrates what other countries did than the last speaker's opens
    /// another story: an office named after it with no country is not that speaker's
    /// country's, nor its new subject's (a guess that fails as often: "China suspended
    /// imports of Japanese seafood … Chief Cabinet Secretary X said").
    #[test]
    fn a_narrated_paragraph_about_other_countries_opens_another_story() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Russia and Ukraine each handed over 1,200 prisoners of war on Thursday.",
                "The Russian Defence Ministry said the servicemen were receiving care.",
                "Norway, Britain and the EU agreed in London on Wednesday to share the catch \
                 of mackerel under a five-year arrangement.",
                "Fisheries Minister Marianne Lund said the agreement ended years of quarrels.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "years of quarrels"),
            ["marianne lund"],
            "{c:?}"
        );
        // A paragraph that names the last speaker's country goes on with its story.
        let c = claims_of(&[(
            "What Happened",
            &[
                "The Russian Defence Ministry said the servicemen were receiving care.",
                "Russia and Norway agreed on Wednesday to share the catch of cod.",
                "Fisheries Minister Ilya Shestov said the agreement ended years of quarrels.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "years of quarrels"),
            ["ilya shestov", "russia"],
            "{c:?}"
        );
    }

    /// Speakers found apart from the engine's batches (batch 26): a speaker who is no
    /// actor is still the last heard from; a country inside an organisation's name is
    /// ruled out for good; a relative clause that ends in a quotation belongs to the
    /// subject before it; a double surname names the person named in full before.
    #[test]
    fn speakers_of_batch_twenty_six_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Finland's president said the cable was cut. Elisa, a Finnish telecoms \
                 operator, said it had rerouted traffic. It said the repairs would take weeks.",
                "The International Transport Association of Turkey said it would advise its \
                 members to use the crossing at Vidin.",
                "Spain’s transport minister, Óscar Puente, who had backed the bid as a way to \
                 build “a single Iberian hub,” said Madrid and Lisbon would now “compete \
                 rather than cooperate” for flights.",
                "\"We will appeal,\" Health Minister Jolanta Sobieranska-Grenda said in Warsaw.",
            ],
        ), (
            "What to Watch",
            &["Sobieranska-Grenda said the appeal would be lodged \"before Christmas.\""],
        )]);
        assert_eq!(actors_saying(&c, "the cable was cut"), ["finland"]);
        assert!(
            actors_saying(&c, "repairs would take weeks").is_empty(),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "advise its members").contains(&"turkey".to_string()),
            "{c:?}"
        );
        let puente = actors_saying(&c, "compete rather than cooperate");
        assert!(puente.contains(&"spain".to_string()), "{c:?}");
        assert!(!puente.contains(&"portugal".to_string()), "{c:?}");
        assert_eq!(
            actors_saying(&c, "before Christmas"),
            ["jolanta sobieranska grenda", "poland"],
            "{c:?}"
        );
    }

    /// Batch 27's shapes: a relative clause between a speaker and the verb is the
    /// writer's, and so is a lead-in before a colon; an office's owner after it names
    /// what the office does; a portfolio may be a list.
    #[test]
    fn speakers_of_batch_twenty_seven_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "BUDAPEST — Hungary's parliament passed the law on Tuesday. Gáspár Réti, the \
                 minister heading the Prime Minister's Office, told a news conference that no \
                 article would be banned.",
                "Austria, whose border with Italy also runs across glaciers, said it had no \
                 plans for a similar treaty.",
                "China and Russia, which abstained on the resolution, again voiced doubts: \
                 China said the force needed \"a clear timetable for leaving.\"",
                "\"This is the end of five lost years,\" Hanneke Visser, the minister of \
                 agriculture, fisheries, food security and nature, said at the signing in \
                 The Hague.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "no article would be banned"),
            ["gaspar reti", "hungary"],
            "{c:?}"
        );
        let austria = c
            .iter()
            .find(|c| c.actors == ["austria"])
            .expect("Austria's claim");
        assert_eq!(
            austria.text,
            "Austria … said it had no plans for a similar treaty."
        );
        let china = c
            .iter()
            .find(|c| c.actors == ["china"])
            .expect("China's claim");
        assert!(china.text.starts_with("China said the force"), "{china:?}");
        assert_eq!(
            actors_saying(&c, "five lost years"),
            ["hanneke visser", "netherlands"],
            "{c:?}"
        );
    }

    /// Batch 28's shapes: a name with a lower-case particle ("al-Kaabi"); a body named
    /// again by "the" and its last word, in an apposition ("a spokesman for the agency")
    /// or in a later section ("according to the Commission"); a relative clause that says
    /// whom the speaker acts for; "declined to answer questions" says nothing; a person
    /// under "What to Watch" answers the topics they spoke on before.
    #[test]
    fn speakers_of_batch_twenty_eight_shapes() {
        let c = claims_of(&[
            (
                "What Happened",
                &[
                    "The European Commission confirmed the rules on Wednesday.",
                    "DOHA — \"We will sell it somewhere else,\" Saad al-Kaabi, Qatar's \
                     minister of state for energy affairs, told a conference. Al-Kaabi, who is \
                     also chief executive of the state company QatarEnergy, said Asian buyers \
                     were \"queuing\" for gas.",
                    "In Vienna, the International Atomic Energy Agency said it had been \
                     notified of the agreement. \"Every gram has to be accounted for,\" said \
                     Fredrik Dahl, a spokesman for the agency.",
                    "Deputy Secretary of State Christopher Landau, who signed for Washington, \
                     said the alliance had become a partnership of equals. Jane Doe, who \
                     called for Russia to withdraw, said the deal was a mistake.",
                    "Australia did not comment. The defence department in Canberra declined \
                     to answer questions.",
                    "Treasurer Jim Chalmers said the acquisition of the port was not aimed at \
                     any country.",
                ],
            ),
            (
                "Tobacco",
                &[
                    "Smoking kills about 700,000 people a year in the EU, according to the \
                   Commission.",
                ],
            ),
            (
                "What to Watch",
                &[
                    "- Whether Landbridge goes to arbitration. Chalmers said the government \
                   was confident.",
                ],
            ),
        ]);
        assert_eq!(
            actors_saying(&c, "queuing"),
            ["saad al kaabi", "qatar"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "Every gram"),
            ["fredrik dahl", "iaea"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "partnership of equals"),
            ["christopher landau", "united_states"],
            "{c:?}"
        );
        assert_eq!(actors_saying(&c, "was a mistake"), ["jane doe"], "{c:?}");
        assert!(!c.iter().any(|c| c.text.contains("Canberra")), "{c:?}");
        assert_eq!(actors_saying(&c, "700,000"), ["eu"], "{c:?}");
        let port = c
            .iter()
            .find(|c| c.text.contains("acquisition of the port"))
            .expect("Chalmers's claim on the port");
        let watch = c
            .iter()
            .find(|c| c.text.contains("was confident"))
            .expect("Chalmers under What to Watch");
        assert!(!port.topics.is_empty(), "{port:?}");
        assert!(
            port.topics.iter().all(|t| watch.context_topics.contains(t)),
            "{watch:?}"
        );
    }

    /// Batch 29's shapes: "the fund" names the IMF again, as the owner of an office before
    /// a name and in "according to"; a spokesman "for" a body speaks for it; a relative
    /// clause that says whose delegation the speaker led; "the Paris Club" is no France.
    #[test]
    fn speakers_of_batch_twenty_nine_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The International Monetary Fund approved a programme for Senegal. \"That \
                 courage now has to become discipline,\" Kristalina Georgieva, the IMF's \
                 managing director, said. According to the fund, Senegal must cut its \
                 deficit. The fund's mission chief for Senegal, Edward Gemayel, told \
                 reporters that the programme did not require a restructuring.",
                "Farhan Haq, the deputy spokesman for the UN secretary-general, said the \
                 United Nations was ready to offer technical help.",
                "Rachel Weiss of NOAA Fisheries, who led the US delegation, said the United \
                 States was disappointed.",
                "The Paris Club of creditor countries, whose secretariat sits inside the \
                 French Treasury, said it had received no request.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "must cut its deficit"), ["imf"], "{c:?}");
        assert_eq!(
            actors_saying(&c, "did not require a restructuring"),
            ["edward gemayel", "imf"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "technical help"),
            ["farhan haq", "un"],
            "{c:?}"
        );
        assert!(
            actors_saying(&c, "was disappointed").contains(&"united_states".to_string()),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "no request").contains(&"france".to_string()),
            "{c:?}"
        );
    }

    /// Batch 30's shapes: a name with a particle is not the first name of another person
    /// the brief named; "its" and "the ministry" with nobody heard from are the country
    /// the paragraph or story narrates; an office word may end a name after a title; a
    /// relative clause after an inverted speaker says whose unit they head; "the kingdom's
    /// delegation" is the country's; an organization "of Canada" is no Canada; a
    /// portfolio in lower case before "ministry"; a bare title names a phrase of the
    /// paragraph before; church titles; a person under "What to Watch" answers a free-text
    /// topic they spoke on.
    #[test]
    fn speakers_of_batch_thirty_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "In Moscow, foreign ministry spokeswoman Maria Zakharova said Warsaw was \
                 building a wall.",
                "Maria da Graça Carvalho, Portugal's energy minister, said Lisbon would ask \
                 for data every second.",
                "Lithuania, which left the treaty in March, has bought mines. Its defence \
                 ministry said it could lay them within days.",
                "In Canberra, Resources Minister Madeleine King said Australia would welcome \
                 the competition.",
                "\"Mines do not forget,\" said Nicolas Lambert, who heads the ICRC's weapons \
                 unit in Geneva.",
                "Saudi Arabia said any treaty had to focus on waste. The head of the \
                 kingdom's delegation, Faisal Al-Harbi, said limits were a trade measure.",
                "The World Sikh Organization of Canada said the government had put trade \
                 ahead of answers.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "every second"),
            ["maria da graca carvalho", "portugal"],
            "{c:?}"
        );
        assert_eq!(actors_saying(&c, "within days"), ["lithuania"], "{c:?}");
        assert_eq!(
            actors_saying(&c, "welcome the competition"),
            ["madeleine king", "australia"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "Mines do not forget"),
            ["nicolas lambert", "red_cross"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "a trade measure"),
            ["faisal al harbi", "saudi_arabia"],
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "ahead of answers").contains(&"canada".to_string()),
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "Poland's army has laid the first mines on the border, the defence ministry \
                 confirmed.",
                "The ministry said the fields were marked and fenced.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "marked and fenced"), ["poland"], "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "Kazakhstan published its final report into the crash on Tuesday.",
                "The transport ministry said its recommendations had been sent to the \
                 aviation body.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "been sent"), ["kazakhstan"], "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "Japan's coast guard seized a fishing boat on Wednesday.",
                "The coast guard said the trawler had no permit.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "no permit"), ["japan"], "{c:?}");
        let c = claims_of(&[
            (
                "What Happened",
                &[
                    "A bishop was ordained without the pope's approval. Cardinal Pietro \
                   Parolin said the ordination was a surprise.",
                ],
            ),
            (
                "What to Watch",
                &[
                    "- Whether the pope recognises him. Parolin said the decision would be \
                   taken slowly.",
                ],
            ),
        ]);
        assert_eq!(
            actors_saying(&c, "was a surprise"),
            ["parolin", "holy_see"],
            "{c:?}"
        );
        assert!(lends(&c, "taken slowly", "bishop"), "{c:?}");
    }

    /// Batch 31's shapes: a portfolio list before an office ("justice and security
    /// minister"); an office in a new paragraph is the story's country's, not that of a
    /// statement another country's body made in the paragraph before; "did not comment"
    /// after a relative clause declines; a body's name may begin a chamber's; "it" after
    /// ", and" is the country the sentence opened on; an office "of" or "for" a lower-case
    /// portfolio ("Its minister of fisheries and oceans, X,").
    #[test]
    fn speakers_of_batch_thirty_one_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Belgian customs officers have seized 14 tonnes of cocaine at Antwerp, the \
                 authorities said. Eight people were arrested in Rotterdam, according to the \
                 Dutch police.",
                "Finance Minister Pieter Claes told reporters the scanners had checked more \
                 containers than ever.",
                "The Netherlands' justice and security minister, Marieke de Groot, said the \
                 two ports were one market for the cartels.",
                "Europol said the network had used encrypted phones. Its deputy executive \
                 director for operations, Luc Hermans, said gangs were recruiting teenagers.",
                "Norway said the fishery was well run. Its minister of fisheries and oceans, \
                 Marianne Sivertsen Næss, said Oslo would support a new rule.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "more containers"),
            ["pieter claes", "belgium"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "one market"),
            ["marieke de groot", "netherlands"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "recruiting teenagers"),
            ["luc hermans", "europol"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "a new rule"),
            ["marianne sivertsen naess", "norway"],
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "Lithuania, which signed the convention in 2013, did not comment.",
                "The European Union Chamber of Commerce in China said detentions were a \
                 standing worry.",
                "The Japan Chamber of Commerce and Industry in China said Beijing should make \
                 the rules visible.",
            ],
        )]);
        assert!(actors_saying(&c, "did not comment").is_empty(), "{c:?}");
        assert!(
            !actors_saying(&c, "standing worry").contains(&"eu".to_string()),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "rules visible").contains(&"japan".to_string()),
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "Ukraine's foreign minister, Andrii Sybiha, said the strike was aimed at food \
                 and called on Turkey and the Gulf states to say so publicly.",
                "Turkey has kept foreign warships out of the Black Sea since 2022, and on \
                 Monday it said it would not let minehunters through the straits.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "minehunters"), ["turkey"], "{c:?}");
        // A country the lexicon once lacked: its office was taken for the UK's.
        let c = claims_of(&[(
            "What Happened",
            &[
                "Foreign Office minister Daniel Marsh said the lease gave the base certainty.",
                "Mauritian Prime Minister Navin Ramgoolam said his country had completed its \
                 decolonisation.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "decolonisation"),
            ["ramgoolam", "mauritius"],
            "{c:?}"
        );
    }

    /// Batch 32's shapes: leaders of the countries added at stop 52 speak for them.
    #[test]
    fn speakers_of_batch_thirty_two_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "President Ferdinand Marcos Jr said the ship would return to the reef.",
                "Cyril Ramaphosa told reporters the summit could not speak for Africa.",
                "Isaac Herzog wrote that the contest belonged to everyone.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "return to the reef"),
            ["marcos", "philippines"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "speak for Africa"),
            ["ramaphosa", "south_africa"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "belonged to everyone"),
            ["herzog", "israel"],
            "{c:?}"
        );
        let c = claims_of(&[(
            "What Happened",
            &[
                "The International Court of Justice on Monday opened hearings on the border \
                 case.",
                "“Both sides will be heard,” the court’s registrar, Philippe Gautier, said. The \
                 court said in a statement that the ruling would come next year.",
                "Austria, which has asked for a legal opinion, again withheld its support. Its \
                 minister of state for Europe, Anna Berger, said Vienna wanted a clear answer.",
                "The clash was the worst at the reef since China declared a fishing ban around \
                 it in May.",
                "The Department of Foreign Affairs in Manila said the ban had no legal basis.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "ruling would come"), ["icj"], "{c:?}");
        assert_eq!(
            actors_saying(&c, "a clear answer"),
            ["anna berger", "austria"],
            "{c:?}"
        );
        assert!(actors_saying(&c, "fishing ban").is_empty(), "{c:?}");
        assert_eq!(
            actors_saying(&c, "no legal basis"),
            ["philippines"],
            "{c:?}"
        );
        // A claim to a thing is an act; a claim that something is so is a statement.
        let c = claims_of(&[(
            "What Happened",
            &[
                "Norway has claimed a fisheries zone around the islands since 1977.",
                "Russia claimed the vote was rigged.",
            ],
        )]);
        assert!(actors_saying(&c, "fisheries zone").is_empty(), "{c:?}");
        assert_eq!(actors_saying(&c, "vote was rigged"), ["russia"], "{c:?}");
        // A sherpa holds an office: the White House's speaks for the US, not for the G20
        // it is the US's sherpa to. Nor is the EU's Ukraine envoy Ukraine.
        let c = claims_of(&[(
            "What Happened",
            &[
                "“The agenda is settled,” said Mark Dunn, the White House's G20 sherpa.",
                "The EU's Ukraine envoy, Anna Weiss, said the talks would resume.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "talks would resume"),
            ["anna weiss", "eu"],
            "{c:?}"
        );
        assert_eq!(
            actors_saying(&c, "agenda is settled"),
            ["mark dunn", "united_states"],
            "{c:?}"
        );
    }

    /// Batch 33's shapes, in words of their own: a title held by an office's officer, an
    /// unnamed office holder "he" stands for, a title placed by its sentence, a bare title
    /// whose word before its head names another ministry, and a body named by a region's
    /// name and an office word.
    #[test]
    fn analysis_headings_are_the_phrase_or_open_with_it() {
        let table = [
            ("Why It Matters", true),
            ("WHAT TO WATCH", true),
            ("Analysis: the Baltic grid", true),
            ("The Bottom Line", true),
            ("Opinion", true),
            ("CLIMATE OPINION AT THE UN", false),
            ("What Happened", false),
            ("THE MERCOSUR VOTE", false),
        ];
        for (heading, want) in table {
            assert_eq!(is_analysis_heading(heading), want, "{heading}");
        }
    }

    #[test]
    fn speakers_of_batch_thirty_three_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The meeting was called by the UN secretary-general's special envoy for Cyprus.",
                "“Nobody expected a deal this week,” the envoy told reporters in Geneva.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "expected a deal"), ["un"], "{c:?}");
        // An office a person holds is someone a later "he" stands for, named or not; a
        // title nobody before holds is the office of the place its sentence opens in.
        let c = claims_of(&[(
            "What Happened",
            &[
                "Chile won the vote on Friday.",
                "Belgium's foreign minister said Belgium would keep its pledge. He added that \
                 the vote had been a fair one.",
                "Morocco's foreign minister said the plan was the solution. In Rabat, the \
                 government spokesman told reporters that the plan gave the region more \
                 self-rule.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "a fair one"), ["belgium"], "{c:?}");
        assert_eq!(actors_saying(&c, "more self-rule"), ["morocco"], "{c:?}");
        // Batch 34's: an office before its portfolio is a person's, under a heading that
        // holds "opinion" but names a story; "member states" is a noun.
        let c = claims_of(&[(
            "Climate Opinion at the UN",
            &[
                "The assembly adopted the text on Monday. All 27 EU member states voted in \
                 favour.",
                "“The court has spoken,” Fiji's minister for climate change told the assembly. \
                 He said the islands would name the countries that broke the law.",
            ],
        )]);
        assert!(actors_saying(&c, "voted in favour").is_empty(), "{c:?}");
        assert_eq!(
            actors_saying(&c, "would name the countries"),
            ["fiji"],
            "{c:?}"
        );
        // A national office nobody before holds, with no place, is the story's country's.
        let c = claims_of(&[(
            "Tiangong's First Foreign Astronaut",
            &[
                "Indonesia signed a deal on Monday to close a coal plant early.",
                "“We are retiring coal because it makes sense,” the energy minister said in \
                 Jakarta's parliament.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "retiring coal"), ["indonesia"], "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "The Turkish energy ministry said gas flows would double by the spring.",
                "Iraq's oil minister said the contract was fair. According to the oil \
                 ministry, Iraq expects to sell more crude through the port next year.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "sell more crude"), ["iraq"], "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "Iraq and Turkey signed a pipeline deal on Monday.",
                "The Kurdistan Regional Government said the deal could not work without its \
                 oilfields.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "could not work"),
            ["kurdistan regional"],
            "{c:?}"
        );
    }

    /// Batch 35's shapes: an apposition the writer sets off between a speaker and the verb,
    /// or after the statement, is not the speaker's words, though an office there says who
    /// speaks; a side's
    /// statements in one paragraph answer each other's words.
    #[test]
    fn claims_of_batch_thirty_five_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "WHO members agreed the annex on Friday.",
                "Switzerland, home to two of the world's largest drugmakers, said the annex \
                 protected “both the patient and the laboratory.”",
                "Costas Kadis, the European commissioner for fisheries and oceans, said the \
                 deal was fair.",
            ],
        )]);
        let swiss = claim_of(&c, "switzerland");
        // After the statement, an apposition that names it again and says more is the
        // writer's too.
        let c2 = claims_of(&[(
            "What Happened",
            &[
                "India's power ministry said the deal did not change its rule on imports, a \
                 rule widely read as aimed at China.",
                "Officials in Kyiv said Ukraine had offered to move the shells by rail, an \
                 offer that was rejected by Tiraspol.",
                "Poland said the plan was unacceptable, a betrayal of its farmers.",
            ],
        )]);
        assert_eq!(actors_saying(&c2, "rule on imports"), ["india"], "{c2:?}");
        assert!(actors_saying(&c2, "widely read").is_empty(), "{c2:?}");
        assert!(
            actors_saying(&c2, "rejected by Tiraspol").is_empty(),
            "{c2:?}"
        );
        // No relative clause or adverb after the noun: the speaker's own words.
        assert_eq!(actors_saying(&c2, "a betrayal"), ["poland"], "{c2:?}");
        assert!(!swiss.text.contains("drugmakers"), "{c:?}");
        assert!(swiss.text.contains("both the patient"), "{c:?}");
        assert!(claim_of(&c, "eu").text.contains("fisheries"), "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "Nigeria hosted the signing in Abuja on Monday.",
                "Senegal's president said in Dakar that the agreement had kept alive “a \
                 single market.” “The door back into ECOWAS stays open,” he said.",
                "Mali's government said the deal treated the three Sahel states as \
                 sovereign partners and not as runaway members.",
            ],
        )]);
        assert!(lends(&c, "had kept alive", "ecowa"), "{c:?}");
        // Another side's, in another paragraph, lends nothing.
        assert!(!lends(&c, "sovereign partners", "ecowa"), "{c:?}");
    }

    /// Batch 35's and 36's speakers: what a body named again owns speaks for it; "a" title
    /// in a named place is that place's; a place among several that spoke together is that
    /// one alone; a group's name followed by a country's is no country speaking; a
    /// vice-president is a person "she" stands for.
    #[test]
    fn speakers_of_batch_thirty_six_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "The World Bank's vice-president said the dam was safe. She said the bank \
                 would lend 1.1 billion dollars itself. According to the bank's \
                 environmental assessment, about 1,500 people will have to move.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "lend 1.1 billion"),
            ["world_bank"],
            "{c:?}"
        );
        assert_eq!(actors_saying(&c, "1,500 people"), ["world_bank"], "{c:?}");
        // An owner that names no body heard from owns nothing that speaks.
        let c = claims_of(&[(
            "What Happened",
            &[
                "Taiwan's coast guard said the ships had left. According to the island's \
                 latest figures, 14 ships crossed the line.",
            ],
        )]);
        assert!(actors_saying(&c, "14 ships").is_empty(), "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "“We will trade with Asia,” Paraguay's president told reporters.",
                "In Beijing, a foreign ministry spokesperson said China “is ready to \
                 negotiate with any member.”",
                "Ivory Coast and Ghana said in a joint statement that they would sell no \
                 cocoa below the floor.",
                "In Accra, the finance ministry said Ghana would match the farmgate price.",
                "The Independent Power Producers' Association, Nepal, said the deal would be \
                 worth little.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "ready to"), ["china"], "{c:?}");
        assert_eq!(actors_saying(&c, "match the farmgate"), ["ghana"], "{c:?}");
        assert!(
            !actors_saying(&c, "worth little").contains(&"nepal".to_string()),
            "{c:?}"
        );
    }

    #[test]
    fn speakers_of_batch_thirty_seven_and_thirty_eight_shapes() {
        // Where an opening phrase says the speaker speaks places a title as "In Beijing,"
        // does.
        let c = claims_of(&[(
            "What Happened",
            &[
                "The United States called the protocol “the missing piece of the corridor.”",
                "Asked about the corridor at a regular briefing in Beijing, a foreign ministry \
                 spokeswoman said China “welcomes every railway that helps Africa trade.”",
            ],
        )]);
        assert_eq!(actors_saying(&c, "every railway"), ["china"], "{c:?}");
        // A story opened by "A Pakistani …" is Pakistan's: its prime minister speaks for it.
        let c = claims_of(&[(
            "Tiangong",
            &[
                "A Pakistani air force engineer became the first foreign astronaut to board \
                 China's space station on Sunday.",
                "“Our children will not forget it,” the prime minister said in a televised \
                 address.",
            ],
        )]);
        assert_eq!(actors_saying(&c, "not forget it"), ["pakistan"], "{c:?}");
        // An office in apposition to a name the stage read alone, before a relative clause.
        let c = claims_of(&[(
            "What Happened",
            &[
                "“The treaty is not a tap. Today a court has said so in writing,” said Saima \
               Rafiq, Pakistan's attorney-general, who argued the case.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "said so in writing"),
            ["pakistan"],
            "{c:?}"
        );
        // "The company" is no country's, though a country's place or statement came last.
        let c = claims_of(&[(
            "What Happened",
            &[
                "The EU's ambassador told reporters that the bloc respected the choice.",
                "In Paris, the foreign ministry referred questions to TotalEnergies, the \
                 French oil major. The company said in a statement that the project met \
                 the highest standards.",
                "Gazprom said deliveries would resume. The company said the route remained \
                 open.",
            ],
        )]);
        assert!(actors_saying(&c, "highest standards").is_empty(), "{c:?}");
        assert_eq!(actors_saying(&c, "route remained"), ["gazprom"], "{c:?}");
    }

    #[test]
    fn more_speakers_and_stories_of_batches_thirty_seven_and_thirty_eight() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "Spain's minister for the ecological transition, Lucia Ferrer, who \
                 negotiated the text, said the deal “shares the scarcity as well as the \
                 water.”",
                "Zambia's mines minister told parliament that copper would reach the \
                 Atlantic in eight days.",
                "The Congolese transport minister, who signed for Kinshasa, was quoted by \
                 the state news agency ACP as saying that the protocol ended forty years of \
                 delays. He said Congo would rebuild the track by 2029.",
                "“We closed the door for two years,” Cabinet spokesman Kumara Wijesinghe \
                 told reporters in Colombo.",
                "The Vanuatu Christian Council said the treaty had been passed before the \
                 villages could read it.",
                "An economist at a Harare stockbroker said the bonds would trade at a \
                 discount. A Harare economist said the currency would hold.",
            ],
        )]);
        // A capital that only says where a firm or an economist is from is not speaking.
        for words in ["trade at a discount", "currency would hold"] {
            assert!(
                !actors_saying(&c, words).contains(&"zimbabwe".to_string()),
                "{c:?}"
            );
        }
        // The name after a leading office, before a relative clause, speaks with it.
        assert!(
            actors_saying(&c, "shares the scarcity").contains(&"spain".to_string()),
            "{c:?}"
        );
        // One quoted "as saying" holds an office a later "he" stands for.
        assert!(
            actors_saying(&c, "rebuild the track").contains(&"dr_congo".to_string()),
            "{c:?}"
        );
        // A cabinet is a country's, as a government is.
        assert!(
            actors_saying(&c, "closed the door").contains(&"sri_lanka".to_string()),
            "{c:?}"
        );
        // A council a country's name opens is no country's.
        assert!(
            !actors_saying(&c, "villages could read").contains(&"vanuatu".to_string()),
            "{c:?}"
        );
        // A comma inside a number parts no story.
        let stories = title_stories(
            "Thailand, China and Myanmar open a border post to send home 7,000 freed scam \
             workers; Iraq ratifies the Khor Abdullah deal",
        );
        assert!(
            stories.iter().any(|t| t.words.contains(&"scam".to_string())
                && t.words.contains(&"border".to_string())),
            "{:?}",
            stories.iter().map(|t| &t.words).collect::<Vec<_>>()
        );
        // Under "What to Watch" a person answers what they spoke on in the reports, though
        // the statement names a topic of its own.
        let c = claims_of(&[
            (
                "What Happened",
                &[
                    "Angola's transport minister, Mario Neto Cardoso, said the corridor would \
                   carry copper to the Atlantic.",
                ],
            ),
            (
                "What to Watch",
                &[
                    "- Whether the border posts open on time. Cardoso said the first sealed \
                   trains would leave Kolwezi in January.",
                ],
            ),
        ]);
        let report = c.iter().find(|c| c.text.contains("corridor")).unwrap();
        let watch = c.iter().find(|c| c.text.contains("sealed trains")).unwrap();
        assert!(
            !watch.topics.is_empty() && !report.topics.is_empty(),
            "{c:?}"
        );
        assert!(
            report
                .topics
                .iter()
                .all(|t| watch.topics.contains(t) || watch.context_topics.contains(t)),
            "{c:?}"
        );
    }

    #[test]
    fn speakers_of_batch_thirty_nine_shapes() {
        // Only the word that heads an apposition is its office: neither "the former
        // colonial power" nor "the largest donor to the electoral commission" is one, so
        // the writer's aside is left out of what the speaker is shown saying.
        let c = claims_of(&[(
            "What Happened",
            &[
                "France, the former colonial power, which has held back part of its aid \
                 since the takeover, said it would resume budget support.",
                "The European Union, the largest donor to the electoral commission, said it \
                 was ready to pay for a new voter roll.",
                "Costas Kadis, the European commissioner for fisheries and oceans, said the \
                 deal was fair.",
            ],
        )]);
        let text = |words: &str| {
            c.iter()
                .find(|c| c.text.contains(words))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            text("budget support"),
            "France … said it would resume budget support."
        );
        assert!(
            text("voter roll").starts_with("The European Union … said"),
            "{c:?}"
        );
        assert!(
            text("deal was fair").contains("commissioner for fisheries"),
            "{c:?}"
        );
        // A group's name that a country's name opens, or that runs on to "of" a country,
        // is no country speaking, though the country spoke just before.
        let c = claims_of(&[(
            "What Happened",
            &[
                "A foreign ministry spokesman said the fleet “complies strictly with \
                 international law.” The China Overseas Fisheries Association said its \
                 members would take their business to other ports.",
                "Peru closed its ports on Monday. The National Federation of Artisanal \
                 Fishermen of Peru said the ban was “ten years late, but welcome.”",
            ],
        )]);
        assert!(
            !actors_saying(&c, "other ports").contains(&"china".to_string()),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "ten years late").contains(&"peru".to_string()),
            "{c:?}"
        );
        // "He" after a sentence whose clause opened by "after" names a person is the
        // speaker before, not that person.
        let c = claims_of(&[(
            "What Happened",
            &[
                "In Zagreb, the prime minister told parliament that Croatia had not changed \
                 its view of the tribunal. Croatia left the arbitration in 2015 after a \
                 Slovenian judge was recorded discussing the case. He said the agreement was \
                 “a treaty between two neighbours.”",
            ],
        )]);
        assert_eq!(actors_saying(&c, "two neighbours"), ["croatia"], "{c:?}");
    }

    #[test]
    fn stories_of_batch_thirty_nine_opened_inside_a_section() {
        // A story that opens in a named place inside a section is that place's: its
        // minister, named with no country, is Brazil's, not the story before's. Its
        // opening words reach the statements after the last paragraph that names them.
        let c = claims_of(&[(
            "What Happened",
            &[
                "The International Court of Justice on Friday rejected Guatemala's claim to \
                 Belize.",
                "Honduras said the judgment “does not touch the rights of Honduras.”",
                "In Brasília, the government on Thursday issued a compulsory licence for \
                 lenacapavir, an HIV prevention injection made by Gilead.",
                "“We chose not to let a patent break our programme,” Health Minister Renata \
                 Figueiredo told a news conference.",
                "Gilead said the licence “undermines the system that made lenacapavir \
                 possible.”",
                "Colombia called Brazil's decision “an act of sovereignty in public health.”",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "break our programme"),
            ["renata figueiredo", "brazil"],
            "{c:?}"
        );
        assert!(lends(&c, "act of sovereignty", "lenacapavir"), "{c:?}");
    }

    #[test]
    fn a_head_of_state_first_to_speak_is_the_story_country_s() {
        // Read as a plain-text brief, the wire story of its second dateline a part of its
        // own, where nobody has spoken before the president.
        let text = "Peru shuts its ports; Madagascar sets dates\nDate: 2026-12-01\n\n\
            LIMA (wire) — Peru shut its ports on Monday. “It is over,” Peru's production \
            minister said.\n\n(Reporting by the Lima bureau)\n\n\
            ANTANANARIVO (wire) — Madagascar’s military-led government on Monday set a \
            constitutional referendum for June 2027.\n\n\
            “We promised the young people a vote, not a date,” the transitional president \
            said in a televised address.\n";
        let parsed = crate::brief::parse_brief(text.as_bytes(), "m.txt", 1 << 20).unwrap();
        let brief = crate::store::Store::brief_for_analysis(&parsed, "m.txt", 0);
        let c = analyze(&Lexicons::builtin(), &brief);
        assert_eq!(actors_saying(&c, "not a date"), ["madagascar"], "{c:?}");
    }

    #[test]
    fn speakers_of_batch_forty_shapes() {
        let c = claims_of(&[(
            "Brief",
            &[
                "“The people have chosen stability,” the prime minister said in Suva. The \
                 opposition leader, whose party won 21 seats, said the count had been “slow, \
                 opaque and suspicious.”",
                "China Road and Bridge Corporation, which built the canal, said the first \
                 section had been finished “four months ahead of schedule.”",
                "The field will produce gas from 2029, according to the joint operation run \
                 by Kuwait Gulf Oil Company and Aramco Gulf Operations.",
            ],
        )]);
        assert!(
            actors_saying(&c, "opaque and suspicious").is_empty(),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "ahead of schedule").contains(&"china".to_string()),
            "{c:?}"
        );
        assert!(
            !actors_saying(&c, "gas from 2029").contains(&"kuwait".to_string()),
            "{c:?}"
        );
    }

    /// Batches 41 and 42: offices named with their portfolio, and an indefinite title
    /// placed where it speaks.
    #[test]
    fn speakers_of_offices_with_portfolios() {
        let c = claims_of(&[(
            "Brief",
            &[
                "The ministry of mines and petroleum in Kabul said in a statement that 1,200 \
                 guards had been assigned to the line.",
                "A spokesman for the external affairs ministry told his weekly briefing in \
                 New Delhi that the corridor should be “open to all and hostage to none.”",
                "In Baku, the ministry of digital development and transport said the new line \
                 would “double what we can send south.”",
            ],
        )]);
        let table = [
            ("1,200 guards", "afghanistan"),
            ("hostage to none", "india"),
            ("send south", "azerbaijan"),
        ];
        for (said, actor) in table {
            assert_eq!(
                actors_saying(&c, said),
                [actor.to_string()],
                "{said}: {c:?}"
            );
        }
    }

    /// Batches 41 and 42: who a surname, a university's people and a clause in a
    /// speaker's phrase speak for.
    #[test]
    fn speakers_of_batch_forty_one_shapes() {
        let c = claims_of(&[(
            "Brief",
            &[
                "“From today it is a border with rules,” said Julian Ortega, Spain's foreign \
                 minister.",
                "Ortega said Madrid would ask in the spring to add fresh fish to the list.",
                "A hydrologist at the University of Khartoum said the figures would help only \
                 “if they arrive before the water does.”",
                "An economist at the University of Havana's Centre for the Study of the Cuban \
                 Economy said the island needed “a new grid, not another tanker.”",
                "Sarah Lin of the Development Policy Centre of the Australian National \
                 University said Canberra had “won the paperwork.”",
                "The union of tenant farmers of the Gezira Scheme, the irrigation project that \
                 feeds much of central Sudan, said the numbers “will not plant a single \
                 field.”",
                "Algeria, which froze most of its trade with Spain after Madrid backed \
                 Morocco's autonomy plan for Western Sahara, made no statement.",
                "Putrajaya said it would cap the fare for workers at 5 ringgit a trip.",
            ],
        )]);
        // The actors each statement speaks for; a person found in the text (a name key
        // with a space) may come with them.
        let table: [(&str, &[&str]); 7] = [
            ("add fresh fish", &["julian ortega", "spain"]),
            ("before the water does", &[]),
            ("not another tanker", &[]),
            ("won the paperwork", &[]),
            ("plant a single field", &[]),
            ("autonomy plan", &[]),
            ("cap the fare", &["malaysia"]),
        ];
        for (said, actors) in table {
            let got = actors_saying(&c, said);
            assert!(
                got.iter()
                    .all(|a| a.contains(' ') || actors.contains(&a.as_str()))
                    && actors.iter().all(|a| got.contains(&a.to_string())),
                "{said}: {got:?}\n{c:?}"
            );
        }
    }

    /// Batches 41 and 42: what the writer tells of a speaker in a relative clause is left
    /// out of what the speaker is shown saying.
    #[test]
    fn relative_clauses_about_the_speaker_are_the_writer_s() {
        let c = claims_of(&[(
            "Brief",
            &[
                "“For fifty years the Causeway has been a car park with a view,” said \
                 Singapore's transport minister, who rode the first train with his Malaysian \
                 counterpart.",
                "Sudan's irrigation minister, whose family farm near Sennar was under water \
                 in August, was quoted by the state news agency SUNA as saying that the \
                 hotline would give the engineers “three days of warning.”",
                "“The line will pay for itself,” said Mongolia's mining minister, who added \
                 that exports would double by 2030.",
            ],
        )]);
        // (words of the statement, actor, words shown, words left out)
        let table = [
            (
                "a car park",
                "singapore",
                "said Singapore's transport minister",
                Some("rode the first train"),
            ),
            (
                "three days of warning",
                "sudan",
                "Sudan's irrigation minister … was quoted",
                Some("family farm"),
            ),
            (
                "pay for itself",
                "mongolia",
                "who added that exports would double",
                None,
            ),
        ];
        for (said, actor, shown, left) in table {
            let claim = c.iter().find(|c| c.text.contains(said)).expect(said);
            assert!(claim.actors.contains(&actor.to_string()), "{claim:?}");
            assert!(claim.text.contains(shown), "{claim:?}");
            assert!(left.is_none_or(|l| !claim.text.contains(l)), "{claim:?}");
        }
    }

    /// Batch 42: the office holder a country sends is who "He" is next.
    #[test]
    fn an_envoy_a_country_sends_is_who_he_is() {
        let c = claims_of(&[(
            "Brief",
            &[
                "Asked about the line at a briefing in Beijing, a foreign ministry spokeswoman \
                 said China “welcomes Mongolian coal by any route.”",
                "Russia, which owns half of the Ulaanbaatar Railway, sent its ambassador to the \
                 ceremony. He told the state news agency Montsame that the new line “should \
                 complement the Ulaanbaatar Railway, not bypass it.”",
            ],
        )]);
        assert_eq!(actors_saying(&c, "not bypass it"), ["russia"], "{c:?}");
        assert_eq!(actors_saying(&c, "by any route"), ["china"], "{c:?}");
    }

    /// Batches 43 and 44: offices and names after a quotation, a narrated country's
    /// "Its", groups that are no country, an analyst at a named group, an office's name
    /// before its capital, a court's president, and the writer's words around a
    /// statement passed on.
    #[test]
    fn speakers_of_batch_forty_three_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "\"We are going back to a friend,\" Honduras's foreign minister, Ricardo Funes \
                 Aguilar, who signed for his government, told reporters after the ceremony.",
                "The State Department welcomed the decision. A spokesman said the United \
                 States would \"stand with any partner.\" Nicaragua, Beijing's closest ally in \
                 Central America, took the opposite view. Its foreign ministry said in a \
                 communique that Honduras had \"knelt before Washington and Taipei.\"",
                "\"Ras Jedir has been a wall,\" said Tunisia's interior minister, Khaled \
                 Mrabet, who hosted the signing.",
                "The Government of National Unity in Tripoli said in a statement that the \
                 agreement would end \"the humiliation of the queue.\"",
                "The regional office of the Tunisian General Labour Union in Medenine said \
                 the zone would mean little. An analyst at the International Crisis Group \
                 said Tunis and Tripoli had signed similar promises in 2022.",
                "Mrabet said the trade zone at Ben Guerdane would take its first tenants.",
                "The assembly of the International Criminal Court elected six judges. The \
                 Coalition for the International Criminal Court said the budget \"keeps the \
                 lights on.\" The court's president told the assembly that the ICC had paid \
                 its staff.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "back to a friend"),
            ["ricardo funes aguilar", "honduras"],
            "{c:?}"
        );
        assert_eq!(actors_saying(&c, "knelt before"), ["nicaragua"], "{c:?}");
        assert_eq!(
            actors_saying(&c, "first tenants"),
            ["khaled mrabet", "tunisia"],
            "{c:?}"
        );
        assert_eq!(actors_saying(&c, "humiliation"), ["libya"], "{c:?}");
        assert!(actors_saying(&c, "mean little").is_empty(), "{c:?}");
        assert!(
            !actors_saying(&c, "similar promises").contains(&"tunisia".to_string()),
            "{c:?}"
        );
        assert!(actors_saying(&c, "lights on").is_empty(), "{c:?}");
        assert_eq!(actors_saying(&c, "paid its staff"), ["icc"], "{c:?}");
        let c = claims_of(&[(
            "Brief",
            &[
                "Liang Wenbo, China's special envoy for Asian affairs, who brokered the talks \
                 and watched the first boat leave, was quoted by the Xinhua news agency as \
                 saying that the return showed \"what patient neighbours can do.\"",
                "The Saudi ambassador in Beirut was quoted by the Saudi Press Agency as saying \
                 that the kingdom would \"stand with a state that reforms itself,\" a reference \
                 to Hezbollah's weapons.",
            ],
        )]);
        let text = |words: &str| {
            c.iter()
                .find(|c| c.text.contains(words))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            text("patient neighbours"),
            "Liang Wenbo, China's special envoy for Asian affairs … was quoted by the Xinhua \
             news agency as saying that the return showed \"what patient neighbours can do.\""
        );
        assert!(
            text("reforms itself").ends_with("reforms itself,\""),
            "{c:?}"
        );
    }

    /// Batch 44: "His ministry" after an office that spoke in a quotation it named, a
    /// participle's aside holding an apposition, and hydropower as energy.
    #[test]
    fn speakers_of_batch_forty_four_shapes() {
        let c = claims_of(&[(
            "What Happened",
            &[
                "\"We got a text,\" said Teresa Villanueva, the Philippine foreign secretary. \
                 China's foreign minister called the code \"a rule written by the region.\" \
                 His ministry said in a statement that the text \"leaves no room for outside \
                 powers.\"",
            ],
        )]);
        assert_eq!(actors_saying(&c, "no room for outside"), ["china"], "{c:?}");
        let c = claims_of(&[(
            "What Happened",
            &[
                "BEIRUT, Dec 1 — Lebanon reached an agreement with the IMF. The prime minister, \
                 speaking at the Grand Serail, the seat of government, called the agreement \
                 \"a certificate of seriousness, not a cheque\" and said depositors would be \
                 repaid.",
                "Angola's water minister said the new hydropower plant would cut imports.",
            ],
        )]);
        assert_eq!(
            actors_saying(&c, "certificate of seriousness"),
            ["lebanon"],
            "{c:?}"
        );
        let plant = c
            .iter()
            .find(|c| c.text.contains("hydropower plant"))
            .expect("a claim on the plant");
        assert!(plant.topics.iter().any(|t| t == "energy"), "{plant:?}");
    }
}
