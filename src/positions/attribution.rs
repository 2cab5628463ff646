//! The attribution sieve: who, if anyone, makes the statement in a clause.
//!
//! Rules run most reliable first: a named subject right before a reporting verb; a quote
//! followed by "said X"; "according to X". Pronouns and bare titles ("He", "The
//! spokesperson") come back as such and `analyze` resolves them to an earlier speaker.
//! Only the grammatical subject counts: in "Zelenskyy said Russia was massing troops"
//! Russia is in the reported clause, and in "Putin's spokesman" Putin is not the speaker.

use super::lexicon::{ActorKind, Lexicons, Mention, MentionKind};
use super::text::{name_key, Kind, Token};
use crate::wordlists::{
    WordList, ACTING_VERBS, ADJECTIVE_ENDINGS, ADVERBS, BOUNDARY_WORDS, COMPANY_WORDS,
    DAYS_AND_MONTHS, DECLINING_VERBS, DELEGATION_WORDS, DETERMINERS, GLUE, NAME_PARTICLES,
    NARRATIVE_VERBS, NATIONAL_OFFICES, NOT_NAMES, NUMBER_WORDS, OFFICE_COMPLEMENTS, OPENERS,
    OPEN_QUESTION_WORDS, PASSIVE, PASSIVE_STANCE_VERBS, PERFECT_AUXILIARIES, PERSON_ROLE,
    PLACED_BODIES, PRONOUNS, QUESTION_WORDS, REFUSAL_AUX, REFUSAL_COMPLEMENTS, RELATION_WORDS,
    RELATIVE_PRONOUNS, REPORTING, ROLE, SPLIT_CONJ, SUBORDINATORS, WITHHELD_MATTER_VERBS,
    WITHHOLDING_VERBS,
};

/// A word that names a person's office, spelt out or as a short title ("Col.").
pub(crate) fn is_person_role(norm: &str) -> bool {
    // A compound is the role its last part names: "vice-president", "deputy-governor".
    let last = norm.rsplit_once('-').map_or(norm, |(_, last)| last);
    in_list(&PERSON_ROLE, norm) || in_list(&PERSON_ROLE, last) || super::text::is_person_title(norm)
}

fn in_list(list: &WordList, w: &str) -> bool {
    list.contains(w)
}

/// Whether `t` says how someone stands toward another ("critic", "ally", "opposition").
pub(crate) fn is_relation_word(t: &Token) -> bool {
    t.kind == Kind::Word && in_list(&RELATION_WORDS, &t.norm)
}

/// Whether `t` is a word that ends a company's or a group's name ("company", "group").
pub(crate) fn is_company_word(t: &Token) -> bool {
    t.kind == Kind::Word && in_list(&COMPANY_WORDS, &t.norm)
}

pub(crate) fn is_role(t: &Token) -> bool {
    // A compound is the role its last part names: "vice-president", "secretary-general".
    t.kind == Kind::Word
        && (in_list(&ROLE, &t.norm)
            || t.norm
                .rsplit_once('-')
                .is_some_and(|(_, last)| in_list(&ROLE, last))
            || t.norm.ends_with('.') && super::text::is_person_title(&t.norm))
}

/// Whether the demonym `m`, in a speaker's phrase ending at `end`, heads an office or a
/// name and so speaks for its country: "Russian President …", "the Hungarian foreign
/// minister", "Finnish Economic Affairs Minister", "European leaders". "Russian forces" and
/// "MOL, the Hungarian oil group" do not, nor a demonym joined to another country's: "the
/// Turkish Cypriot leader" leads a community, of neither country. `mentions` are the
/// phrase's.
pub(crate) fn demonym_heads_office(
    tokens: &[Token],
    mentions: &[Mention],
    m: &Mention,
    end: usize,
) -> bool {
    let joined = mentions.iter().any(|o| {
        o.kind == MentionKind::Demonym
            && o.actor != m.actor
            && (o.start == m.end || o.end == m.start)
    });
    // "the Tunisian General Labour Union", "the Hungarian Socialist Party": capitalised
    // words after the demonym that end in a group's word name a private group, whatever
    // office word they hold ("General").
    let group = (m.end..end)
        .take_while(|&k| tokens[k].kind == Kind::Word && tokens[k].cap)
        .last()
        .is_some_and(|k| k > m.end && in_list(&COMPANY_WORDS, &tokens[k].norm));
    if joined || group {
        return false;
    }
    let mut k = m.end;
    while k < end
        && mentions
            .iter()
            .any(|o| o.start == k && o.kind == MentionKind::Demonym)
    {
        k += 1;
    }
    // "Finnish Economic Affairs Minister": the office's own capitalised words.
    let mut office = k;
    while office < end
        && office < k + 3
        && tokens[office].kind == Kind::Word
        && tokens[office].cap
        && !is_role(&tokens[office])
        && !mentions.iter().any(|o| o.start == office)
    {
        office += 1;
    }
    if office > k && office < end && is_role(&tokens[office]) {
        k = office;
    }
    // "the Bulgarian regional development ministry": a portfolio in lower case before a
    // national office ("the Polish grid operator" may be a company's).
    let portfolio = (k..end.min(k + 3))
        .take_while(|&j| tokens[j].kind == Kind::Word && !tokens[j].cap)
        .find(|&j| in_list(&NATIONAL_OFFICES, &tokens[j].norm));
    if let Some(j) = portfolio {
        k = j;
    }
    k < end
        && (is_role(&tokens[k])
            || mentions
                .iter()
                .any(|o| o.start == k && o.kind == MentionKind::Name))
}

/// Whether the mention `m` ends the proper name of something else: "Transparency
/// International Georgia", a body's chapter in the country, does not speak for Georgia.
/// Capitalised words before the name that are no office ("Georgian Interior Ministry",
/// "Prime Minister") and no other actor make it part of a longer name. A person's name is
/// not: titles before it take many forms ("Secretary General Mark Rutte").
pub(crate) fn ends_a_longer_name(
    lex: &Lexicons,
    tokens: &[Token],
    mentions: &[Mention],
    m: &Mention,
    end: usize,
) -> bool {
    // Two such words at least: one alone may just open the sentence ("Two NATO officials").
    let name_word = |k: usize| {
        let norm = &tokens[k].norm;
        plain_capital(tokens, mentions, k) && !is_person_role(norm) && !names_nothing(norm)
    };
    // "On Poland's Independence Day Ukraine's ambassador": an owner ends no name.
    let owner = past_possessive(tokens, m) > m.end;
    // "King's College London": a possessive inside the name is part of it, and the word
    // that owns it is a name's, even an office's ("King").
    let owns = |k: usize| {
        tokens
            .get(k + 1)
            .is_some_and(|t| t.kind == Kind::Possessive)
            && tokens[k].kind == Kind::Word
            && tokens[k].cap
            && !mentions.iter().any(|o| o.start <= k && k < o.end)
    };
    let name_words = || {
        (0..m.start)
            .rev()
            .filter(|&k| tokens[k].kind != Kind::Possessive)
            .take_while(|&k| name_word(k) || owns(k))
            .take(2)
    };
    let words_before = name_words().count();
    let opens_sentence = name_words().next() == Some(0);
    // "Fisheries Iceland, which …", "the opposition Progressive Slovakia,", "Greenpeace
    // Switzerland said": one such word is enough where the country ends the phrase and no
    // capitalised word opens it, unless the word only opens the sentence ("Meanwhile
    // Russia said", "Neighbouring Hungary said").
    let ends_phrase = m.end >= end || tokens.get(m.end).is_some_and(|t| t.is_punct(","));
    let describes = |t: &Token| {
        let norm = t.norm.as_str();
        in_list(&OPENERS, norm)
            || in_list(&ADVERBS, norm)
            || ADJECTIVE_ENDINGS
                .words()
                .iter()
                .any(|s| norm.len() > s.len() + 2 && norm.ends_with(s))
    };
    let opens_name = m.start >= 2
        && (tokens[m.start - 2].kind != Kind::Word || !tokens[m.start - 2].cap)
        || m.start == 1;
    m.kind == MentionKind::Name
        && !owner
        && lex.actor_at(m.actor).kind != ActorKind::Person
        && (words_before == 2
            || words_before == 1
                && ends_phrase
                && opens_name
                && !(opens_sentence && describes(&tokens[0])))
}

/// A capitalised word at `k` that is no office and in no mention: a word of some other
/// name, or of none.
fn plain_capital(tokens: &[Token], mentions: &[Mention], k: usize) -> bool {
    let t = &tokens[k];
    t.kind == Kind::Word
        && t.cap
        && !is_role(t)
        && !mentions.iter().any(|o| o.start <= k && k < o.end)
}

/// Whether the country or body `m` begins the name of a company: "China Merchants Port
/// Holdings", "Japan Airlines" and "the European Union Chamber of Commerce in China" are
/// not theirs. Capitalised words right after it, no
/// office, no other actor, that end in a company's word ("Japan Coast Guard" is the
/// country's own body).
pub(crate) fn begins_a_company_name(
    lex: &Lexicons,
    tokens: &[Token],
    mentions: &[Mention],
    m: &Mention,
    end: usize,
) -> bool {
    let mut k = m.end;
    // "the Armenia Alliance": a body's word ends such a name too when it is capitalised.
    let company_word = |k: usize| {
        let t = &tokens[k];
        t.cap
            && in_list(&COMPANY_WORDS, &t.norm)
            && !mentions.iter().any(|o| o.start <= k && k < o.end)
    };
    // "China Road and Bridge Corporation": "and" joins two capitalised words of a name.
    let joins = |k: usize| {
        tokens[k].is_word("and")
            && k > m.end
            && tokens
                .get(k + 1)
                .is_some_and(|t| t.kind == Kind::Word && t.cap)
    };
    // "Kuwait Gulf Oil Company and Aramco Gulf Operations": a company's name may end
    // before the "and" that joins another's.
    let mut named_company = false;
    while k < end && (plain_capital(tokens, mentions, k) || company_word(k) || joins(k)) {
        named_company |= joins(k) && in_list(&COMPANY_WORDS, &tokens[k - 1].norm);
        k += 1;
    }
    m.kind == MentionKind::Name
        && k > m.end
        && (named_company || in_list(&COMPANY_WORDS, &tokens[k - 1].norm))
        && lex.actor_at(m.actor).kind != ActorKind::Person
}

/// Whether the mention `m` is a known person's surname alone that the brief gave in full
/// to someone else: "Ortega said" after "said Julian Ortega, Spain's foreign minister" is
/// Julian Ortega, not the Daniel Ortega the lexicon knows.
fn another_named_in_full(sv: &Sieve, tokens: &[Token], m: &Mention) -> bool {
    let known = sv.lex.actor_at(m.actor);
    m.kind == MentionKind::Name
        && m.end == m.start + 1
        && known.kind == ActorKind::Person
        && sv
            .people
            .get(&tokens[m.start].norm)
            .is_some_and(|(key, _)| *key != known.id)
}

/// Whether the mention `m`, in a speaker's phrase ending at `end`, says only how the
/// speaker stands toward its actor: "Kremlin critic Ilya Markov", "a Trump ally", "Putin's
/// critics", "a critic of the Kremlin", "Poland's main opposition party", or the members
/// of a body that speaks ("an association of Spanish workers"). Such a speaker does not
/// speak for the actor.
pub(crate) fn names_a_relation(tokens: &[Token], m: &Mention, end: usize) -> bool {
    let mut after = past_possessive(tokens, m);
    // "Poland's main opposition party": describing words before the relation.
    while after < end
        && tokens[after].kind == Kind::Word
        && !tokens[after].cap
        && !is_relation_word(&tokens[after])
        && !is_role(&tokens[after])
    {
        after += 1;
    }
    let follows = after < end && tokens.get(after).is_some_and(is_relation_word);
    let mut before = m.start;
    if before > 0 && in_list(&DETERMINERS, &tokens[before - 1].norm) {
        before -= 1;
    }
    // "a critic of the Kremlin"; "an association of Spanish cross-border workers", whose
    // members the country describes.
    let precedes = before >= 2
        && tokens[before - 1].is_word("of")
        && (is_relation_word(&tokens[before - 2]) || is_company_word(&tokens[before - 2]));
    // "The National Federation of Artisanal Fishermen of Peru": a group's name that runs
    // on in capitals up to the country, whose members it names. Its small words too: "the
    // Centre for the Study of the Cuban Economy", "the Coalition for the International
    // Criminal Court".
    let in_a_name = before >= 2
        && (tokens[before - 1].is_word("of") || tokens[before - 1].is_word("for"))
        && tokens[..before - 1]
            .iter()
            .rev()
            .take_while(|t| {
                t.kind == Kind::Word
                    && (t.cap || ["of", "for", "the", "and"].iter().any(|w| t.is_word(w)))
            })
            .any(|t| t.cap && is_company_word(t));
    follows || precedes || in_a_name
}

/// Whether the mention `m`, in an apposition of a speaker's phrase ending at `end`, owns or
/// places something that is no office: "X, president of the FNSEA, France's largest farm
/// union", "the Arms Control Association, a Washington research group". What follows it
/// in the apposition is lower-case words, none an office or a body ("Ukraine's nuclear
/// operator", "Estonia's prime minister" speak for theirs).
pub(crate) fn owns_no_office(tokens: &[Token], m: &Mention, end: usize) -> bool {
    let in_apposition = tokens[..m.start].iter().any(|t| t.is_punct(","));
    let after = past_possessive(tokens, m).min(end);
    let mut rest = tokens[after..end]
        .iter()
        .take_while(|t| !t.is_punct(","))
        .peekable();
    in_apposition
        && rest.peek().is_some()
        && rest.all(|t| t.kind == Kind::Word && !t.cap && !is_role(t))
}

/// Whether the country or body `m` names is one an office was held for in the past: "a
/// former Estonian prime minister", "Estonia's former prime minister", "a former president
/// of Moldova". Whoever held it no
/// longer speaks for it. A person named stays themselves ("former President X").
fn held_formerly(lex: &Lexicons, tokens: &[Token], m: &Mention) -> bool {
    if lex.actor_at(m.actor).kind == ActorKind::Person {
        return false;
    }
    let mut before = m.start;
    while before > 0 && in_list(&DETERMINERS, &tokens[before - 1].norm) {
        before -= 1;
    }
    let former = |t: &Token| t.is_word("former");
    let after = past_possessive(tokens, m);
    // "a former president of Moldova": the office before "of".
    let of_former = before > 0
        && tokens[before - 1].is_word("of")
        && tokens[..before - 1]
            .iter()
            .rev()
            .take(3)
            .take_while(|t| t.kind == Kind::Word && (!t.cap || is_role(t)))
            .any(former);
    of_former
        || (before > 0 && former(&tokens[before - 1]))
        || tokens[after.min(tokens.len())..]
            .iter()
            .take(2)
            .take_while(|t| t.kind == Kind::Word)
            .any(former)
}

/// Where the words after the mention `m` start, past its possessive ("France's").
fn past_possessive(tokens: &[Token], m: &Mention) -> usize {
    let owner = tokens
        .get(m.end)
        .is_some_and(|t| t.kind == Kind::Possessive);
    m.end + usize::from(owner)
}

/// A lower-case word describing an office right before it ("special envoy", "human rights
/// commissioner", "de facto leader"): at most two, and only in front of an office word, or
/// of "and" and another such word ("the justice and security minister").
fn describes_office(tokens: &[Token], j: usize, end: usize) -> bool {
    let t = &tokens[j];
    let plain = |t: &Token| {
        t.kind == Kind::Word
            && !t.cap
            && !is_role(t)
            && t.norm.chars().all(|c| c.is_alphabetic())
            && !in_list(&PRONOUNS, &t.norm)
            && !in_list(&DETERMINERS, &t.norm)
            && !in_list(&GLUE, &t.norm)
            && !in_list(&BOUNDARY_WORDS, &t.norm)
            && !in_list(&PASSIVE, &t.norm)
            && !in_list(&REPORTING, &t.norm)
    };
    if !plain(t) {
        return false;
    }
    match tokens.get(j + 1) {
        Some(n) if j + 1 < end && is_role(n) => true,
        Some(n) if j + 1 < end && plain(n) => {
            tokens.get(j + 2).is_some_and(|m| j + 2 < end && is_role(m))
        }
        Some(n) if j + 2 < end && n.is_word("and") => {
            is_role(&tokens[j + 2]) || describes_office(tokens, j + 2, end)
        }
        _ => false,
    }
}

/// What the sieve recognises speakers by: the lexicons, and the people the brief has
/// already named in full.
pub(crate) struct Sieve<'a> {
    pub lex: &'a Lexicons,
    pub people: &'a BriefPeople,
}

/// People a brief has named in full ("Aykhan Hajizada", speaking for Azerbaijan), by
/// surname: a later "Hajizada said" is the same speaker, with the same actors, even at the
/// start of a sentence where one capitalised word is otherwise not taken for a name. And
/// bodies it has named in full, by the last word of their name: "the Commission" after
/// "the European Commission".
#[derive(Debug, Default, Clone)]
pub(crate) struct BriefPeople {
    by_surname: std::collections::HashMap<String, (String, Vec<String>)>,
    by_last_word: std::collections::HashMap<String, String>,
}

impl BriefPeople {
    /// Remembers a discovered person's name key and the bodies they speak for.
    pub(crate) fn remember(&mut self, key: &str, bodies: &[String]) {
        let words: Vec<&str> = key.split(' ').collect();
        // "Jolanta Sobieranska-Grenda … Sobieranska-Grenda said": a double surname is one
        // word in the text and two in the key.
        for n in 1..words.len().min(3) {
            // "The European Cocoa Association": the word that ends a group's name is no
            // surname ("The Independent Power Producers' Association" is another).
            if n == 1 && in_list(&COMPANY_WORDS, words[words.len() - 1]) {
                continue;
            }
            let surname = words[words.len() - n..].join(" ");
            self.by_surname
                .insert(surname, (key.to_string(), bodies.to_vec()));
        }
    }

    /// Remembers a person the lexicon knows, named in full, by their surname, which may be
    /// too short or too common to name them alone elsewhere ("Marta Kos", then "Kos").
    pub(crate) fn remember_known(&mut self, surname: &str, id: &str, bodies: &[String]) {
        self.by_surname
            .insert(name_key(surname), (id.to_string(), bodies.to_vec()));
    }

    /// Remembers a body named in full by the last word of its name; the body named last
    /// keeps the word.
    pub(crate) fn remember_body(&mut self, last_word: &str, id: &str) {
        self.by_last_word
            .insert(last_word.to_string(), id.to_string());
    }

    /// The body a brief named in full whose name ends in `token_norm`.
    fn body_named(&self, token_norm: &str) -> Option<&String> {
        self.by_last_word.get(token_norm)
    }

    fn get(&self, token_norm: &str) -> Option<&(String, Vec<String>)> {
        if self.by_surname.is_empty() {
            return None;
        }
        self.by_surname.get(&name_key(token_norm))
    }
}

/// What kind of subject a clause has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SubjectKind {
    /// Names at least one actor, known or discovered.
    Named,
    /// "He", "She", "They", "It".
    Pronoun(String),
    /// "The spokesperson", "The ministry": refers back; `true` when it names a person's office.
    Definite(bool),
}

#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub kind: SubjectKind,
    /// Token range of the noun phrase.
    pub start: usize,
    pub end: usize,
    /// Canonical actor ids, the most specific first (person before country).
    pub actors: Vec<String>,
    /// Speaker names not in the lexicon, as name keys ("robert fico").
    pub discovered: Vec<(String, (usize, usize))>,
    /// The phrase names a person (so He/She can refer to it later).
    pub person: bool,
}

/// One attributed stretch of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Attribution {
    /// Token range of the stretch the statement covers.
    pub start: usize,
    pub end: usize,
    pub subject: Subject,
    /// Index of the reporting verb, when there is one.
    pub verb: Option<usize>,
}

pub(crate) fn is_reporting_verb(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if t.kind != Kind::Word || t.cap && i > 0 || !in_list(&REPORTING, &t.norm) {
        return false;
    }
    let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
    if names_a_plural_subject(tokens, i) {
        return false;
    }
    match t.norm.as_str() {
        // "ruled out"; a court "ruled on December 1 that …" and a panel "found by six
        // votes to one that …" state a finding, while "ruled the country" and "found the
        // wreck" report acts.
        "ruled" => next == "out" || finding_follows(tokens, i),
        "found" => finding_follows(tokens, i),
        // "agreed to lend", "agreed on the total catch", "refused to back a plan" report
        // decisions; "agreed during a video call on Jan. 21 that …", "refused to accept
        // that …" and "agreed: “…”" report words.
        "agreed" | "agrees" | "refused" | "refuses" => {
            agreement_follows(tokens, i) || quote_follows(tokens, i)
        }
        // "has claimed a fisheries protection zone there since 1977", "has claimed the
        // land": a claim to a thing is an act; "claimed the vote was rigged" reports words.
        "claimed" | "claims" => !claims_a_thing(tokens, i),
        "pushed" => next == "back" || next == "for",
        // "called an emergency meeting", "calls a referendum": convening is an act; "called
        // the plan a betrayal" and "called for talks" report words.
        "called" | "calls" => next != "a" && next != "an",
        // "The EU has added smuggling networks to its sanctions list": something put
        // somewhere, not words added.
        "added" | "adds" | "add" => !puts_somewhere(tokens, i),
        _ => true,
    }
}

/// "All 27 EU member states voted in favour", "press reports have said": a verb's "-s"
/// form after a lower-case word and before a verb of its own (a past tense, or an
/// auxiliary) is a plural noun, the subject of that verb.
fn names_a_plural_subject(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let noun_before = i > 0 && {
        let p = &tokens[i - 1];
        p.kind == Kind::Word && !p.cap && !p.is_article() && !in_list(&PRONOUNS, &p.norm)
    };
    let verb_after = tokens.get(i + 1).is_some_and(|n| {
        n.kind == Kind::Word
            && !n.cap
            && (n.norm.ends_with("ed")
                || in_list(&PASSIVE, &n.norm)
                || in_list(&PERFECT_AUXILIARIES, &n.norm))
    });
    t.norm.ends_with('s') && t.norm != "says" && noun_before && verb_after
}

/// Whether "claimed" at `i` takes a thing: an article follows, and no verb of a clause
/// ("was", "would", "had") before the next mark.
fn claims_a_thing(tokens: &[Token], i: usize) -> bool {
    let rest = &tokens[i + 1..];
    let clause = rest
        .iter()
        .take_while(|t| t.kind != Kind::Punct)
        .any(|t| in_list(&PASSIVE, &t.norm) || in_list(&PERFECT_AUXILIARIES, &t.norm));
    rest.first().is_some_and(Token::is_article) && !clause
}

/// Whether the word at `i` is a reporting verb that its context says reports an act here:
/// "agreed on the law", "called a meeting", "found the wreck". The stage's cue model, which
/// does not read these contexts, is overruled by it.
pub(crate) fn reports_an_act(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    t.kind == Kind::Word && !t.cap && in_list(&REPORTING, &t.norm) && !is_reporting_verb(tokens, i)
}

/// Whether "that" opens what the verb at `i` reports, within a few words and before any
/// punctuation: "ruled on December 1 that", "found by six votes to one that".
fn finding_follows(tokens: &[Token], i: usize) -> bool {
    const MAX_WORDS_BEFORE_THAT: usize = 6;
    tokens[i + 1..]
        .iter()
        .take(MAX_WORDS_BEFORE_THAT + 1)
        .take_while(|t| t.kind != Kind::Punct)
        .any(|t| t.is_word("that"))
}

/// Whether "that" opens what "agreed" or "refused" at `i` reports, within a few words and before any
/// punctuation but an abbreviation's stop ("during a video call on Jan. 21 that"). Not
/// once the verb has taken what was agreed: in "agreed early on Thursday on the law that
/// would …" the "that" opens a clause about the law.
fn agreement_follows(tokens: &[Token], i: usize) -> bool {
    const MAX_TOKENS_BEFORE_THAT: usize = 10;
    let near = &tokens[i + 1..tokens.len().min(i + 2 + MAX_TOKENS_BEFORE_THAT)];
    let end = near
        .iter()
        .position(|t| t.kind == Kind::Punct && !t.is_punct("."))
        .unwrap_or(near.len());
    let near = &near[..end];
    let Some(that) = near.iter().position(|t| t.is_word("that")) else {
        return false;
    };
    !near[..that].windows(2).any(|w| {
        (w[0].is_word("on") || w[0].is_word("upon"))
            && w[1].kind == Kind::Word
            && in_list(&DETERMINERS, &w[1].norm)
    })
}

/// Whether a quotation opens right after the verb at `i`, perhaps after a colon or comma.
fn quote_follows(tokens: &[Token], i: usize) -> bool {
    tokens[i + 1..]
        .iter()
        .take(2)
        .take_while(|t| t.kind == Kind::Punct)
        .any(|t| t.is_punct("\""))
}

/// Whether the verb at `i` puts its object somewhere ("added X to its list"): "to" and a
/// determiner follow within the clause, with no "that" opening a clause first.
fn puts_somewhere(tokens: &[Token], i: usize) -> bool {
    tokens[i + 1..]
        .iter()
        .take_while(|t| t.kind == Kind::Word || t.kind == Kind::Possessive)
        .take(10)
        .collect::<Vec<_>>()
        .windows(2)
        .take_while(|w| !w[0].is_word("that"))
        .any(|w| w[0].is_word("to") && in_list(&DETERMINERS, &w[1].norm))
}

/// Attributions in a sentence, in order; clauses split on ';' and on ", while X said".
pub(crate) fn attribute(sv: &Sieve, tokens: &[Token]) -> Vec<Attribution> {
    let mut out = Vec::new();
    for (cs, ce) in clauses(tokens) {
        out.extend(attribute_clause(sv, tokens, cs, ce));
    }
    // "In Bern, Defence Minister Martin Pfister said": an office holder named without a
    // country speaks for the country the sentence opens in.
    if let Some(place) = place_opening(sv, tokens) {
        for a in &mut out {
            let s = &mut a.subject;
            let office = tokens[s.start..s.end].iter().any(is_role);
            if s.kind == SubjectKind::Named
                && office
                && super::body_actors(sv.lex, &s.actors).is_empty()
            {
                s.actors.push(place.clone());
            }
        }
    }
    out
}

/// The country a sentence opens in ("In Bern, ..."), by name or capital.
pub(super) fn place_opening(sv: &Sieve, tokens: &[Token]) -> Option<String> {
    let first = tokens.first()?;
    if first.is_word("in") {
        let comma = (2..tokens.len().min(6)).find(|&k| tokens[k].is_punct(","))?;
        return country_named_alone(sv, tokens, 1, comma);
    }
    // "Asked about the corridor at a regular briefing in Beijing, a spokeswoman said",
    // "Speaking to reporters in Kyiv, …", "At a news conference in Lima, …": an opening
    // phrase saying where the sentence's speaker speaks places it as "told a briefing in
    // Beijing" after the verb does.
    const MAX_PHRASE_TOKENS: usize = 14;
    let participle = first.kind == Kind::Word
        && first.norm.len() > 4
        && (first.norm.ends_with("ing") || first.norm.ends_with("ed"));
    if !(participle || first.is_word("at")) {
        return None;
    }
    let comma = (1..tokens.len().min(MAX_PHRASE_TOKENS))
        .find(|&k| tokens[k].is_punct(",") || tokens[k].is_punct("\""))?;
    if !tokens[comma].is_punct(",") {
        return None;
    }
    let at = (1..comma).rev().find(|&k| tokens[k].is_word("in"))?;
    country_named_alone(sv, tokens, at + 1, comma)
}

/// The country of a dateline's place ("WASHINGTON, Nov 20 — …", "THE HAGUE (Reuters) —"),
/// by name or capital, when the sentence opens with one.
pub(super) fn dateline_place(sv: &Sieve, tokens: &[Token]) -> Option<String> {
    let dash = dateline_dash(tokens)?;
    let end = (0..dash)
        .find(|&k| tokens[k].is_punct(",") || tokens[k].is_punct("("))
        .unwrap_or(dash);
    country_named_alone(sv, tokens, 0, end)
}

/// Where a dateline's dash is (folded to "-"), near the sentence's start.
fn dateline_dash(tokens: &[Token]) -> Option<usize> {
    const MAX_DATELINE_TOKENS: usize = 12;
    tokens
        .iter()
        .take(MAX_DATELINE_TOKENS)
        .position(|t| t.is_punct("-"))
}

/// The country whose name or capital is all of `tokens[a..b]`.
fn country_named_alone(sv: &Sieve, tokens: &[Token], a: usize, b: usize) -> Option<String> {
    let mentions = sv.lex.mentions(tokens, a, b);
    let [m] = mentions.as_slice() else {
        return None;
    };
    let actor = sv.lex.actor_at(m.actor);
    (m.start == a && m.end == b && m.kind == MentionKind::Name && actor.kind == ActorKind::Country)
        .then(|| actor.id.clone())
}

/// The country a speaker speaks in, when the words right after the verb name it: "told
/// reporters in New Delhi", "told a regular briefing in Beijing", "said in Kyiv". Only a
/// country or its capital, named alone.
pub(super) fn place_of_speaking(sv: &Sieve, tokens: &[Token], verb: usize) -> Option<String> {
    // "a regular news briefing": the listener's few lower-case words before "in".
    const MAX_LISTENER_WORDS: usize = 4;
    let last = tokens.len().min(verb + 2 + MAX_LISTENER_WORDS);
    let at = (verb + 1..last).find(|&k| tokens[k].is_word("in"))?;
    let listener = &tokens[verb + 1..at];
    if listener
        .iter()
        .any(|t| t.kind != Kind::Word || t.cap || t.is_word("that"))
    {
        return None;
    }
    let end = (at + 1..tokens.len())
        .find(|&k| !(tokens[k].kind == Kind::Word && tokens[k].cap))
        .unwrap_or(tokens.len());
    country_named_alone(sv, tokens, at + 1, end)
}

/// The country a story's opening sentence is about, when its subject names it:
/// "Greece’s parliament voted …", "The Greek coast guard …", after a dateline's dash
/// ("CHANIA, Crete, Dec 5 — Greece’s parliament …", its dash folded to "-") when
/// `dateline`.
pub(super) fn subject_country(sv: &Sieve, tokens: &[Token], dateline: bool) -> Option<String> {
    let mut k = 0;
    if dateline {
        k = dateline_dash(tokens)? + 1;
    }
    if tokens.get(k).is_some_and(Token::is_article) {
        k += 1;
    }
    let mentions = sv.lex.mentions(tokens, k, tokens.len());
    let m = mentions.first()?;
    let actor = sv.lex.actor_at(m.actor);
    (m.start == k && actor.kind == ActorKind::Country).then(|| actor.id.clone())
}

/// Token ranges between semicolons that are outside quotes.
fn clauses(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quote = false;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct("\"") {
            quote = !quote;
        }
        if t.is_punct(";") && !quote {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push((start, tokens.len()));
    }
    out
}

fn attribute_clause(sv: &Sieve, tokens: &[Token], cs: usize, ce: usize) -> Vec<Attribution> {
    let mut found: Vec<Attribution> = Vec::new();
    for v in cs..ce {
        let refusal = refusal_aux(tokens, cs, v);
        if refusal.is_none() && !is_reporting_verb(tokens, v) {
            continue;
        }
        let mut e = refusal.unwrap_or(v);
        while e > cs && tokens[e - 1].kind == Kind::Word && is_adverb(&tokens[e - 1]) {
            e -= 1;
        }
        if e > cs && tokens[e - 1].kind == Kind::Word && in_list(&PASSIVE, &tokens[e - 1].norm) {
            // "The plan was rejected by Hungary": the agent takes the position.
            if found.is_empty() {
                if let Some(subject) = passive_agent(sv, tokens, v, ce) {
                    found.push(Attribution {
                        start: cs,
                        end: ce,
                        subject,
                        verb: Some(v),
                    });
                }
            }
            continue;
        }
        let subject = subject_before(sv, tokens, cs, e).or_else(|| {
            if found.is_empty() {
                inverted_subject(sv, tokens, cs, ce, v)
                    .or_else(|| coordinated_subject(sv, tokens, cs, e))
            } else {
                None
            }
        });
        let Some(subject) = subject else { continue };
        if only_a_subordinate_act(tokens, ce, &subject, v) {
            continue;
        }
        if found.is_empty() {
            found.push(Attribution {
                start: cs,
                end: ce,
                subject,
                verb: Some(v),
            });
            continue;
        }
        // A second named speaker joined by a conjunction starts its own statement.
        if subject.kind == SubjectKind::Named && subject.start > cs {
            let mut b = subject.start;
            let conj = b > cs
                && tokens[b - 1].kind == Kind::Word
                && in_list(&SPLIT_CONJ, &tokens[b - 1].norm);
            if conj {
                b -= 1;
            }
            let comma = b > cs && tokens[b - 1].is_punct(",");
            if conj || comma {
                let last = found.last_mut().expect("non-empty");
                last.end = if comma { b - 1 } else { b };
                found.push(Attribution {
                    start: subject.start,
                    end: ce,
                    subject,
                    verb: Some(v),
                });
            }
        }
    }
    if found.is_empty() {
        if let Some(a) = according_to(sv, tokens, cs, ce)
            .or_else(|| name_colon_quote(sv, tokens, cs, ce))
            .or_else(|| quoted_as_saying(sv, tokens, cs, ce))
        {
            found.push(a);
        }
    }
    found
}

/// "…, more than three years after the European Commission proposed it", "since China
/// declared a nature reserve around it": a speaker in a clause of time or cause, whose
/// verb takes at most a pronoun or a thing (an article and no quotation), did something
/// the sentence dates; nothing it says is reported.
fn only_a_subordinate_act(tokens: &[Token], ce: usize, subject: &Subject, v: usize) -> bool {
    let opens = subject.start.checked_sub(1).map(|k| &tokens[k]);
    let rest = &tokens[v + 1..ce];
    let ends = |t: &Token| t.kind == Kind::Punct && !t.is_punct("\"");
    let object = rest.iter().position(ends).map_or(rest, |k| &rest[..k]);
    let pronoun = object.len() <= 1 && object.iter().all(|t| in_list(&PRONOUNS, &t.norm));
    // "after Madrid backed Morocco's autonomy plan": a name's possessive opens a thing
    // as an article does.
    let owned = object.len() >= 2 && object[0].cap && object[1].kind == Kind::Possessive;
    let thing = (object.first().is_some_and(Token::is_article) || owned)
        && !object.iter().any(|t| t.is_punct("\"") || t.is_word("that"));
    opens.is_some_and(|t| t.kind == Kind::Word && in_list(&SUBORDINATORS, &t.norm))
        && (pronoun || thing)
}

/// `Kaja Kallas: "Hybrid attacks on one member ..."` — a name introducing a quote.
fn name_colon_quote(sv: &Sieve, tokens: &[Token], cs: usize, ce: usize) -> Option<Attribution> {
    let colon = (cs..ce).take(15).find(|&k| tokens[k].is_punct(":"))?;
    if !tokens.get(colon + 1).is_some_and(|t| t.is_punct("\"")) {
        return None;
    }
    let start = np_backward(tokens, cs, colon);
    if start != cs || start == colon {
        return None;
    }
    let subject = resolve_np(sv, tokens, cs, start, colon)?;
    (subject.kind == SubjectKind::Named).then_some(Attribution {
        start: cs,
        end: ce,
        subject,
        verb: None,
    })
}

/// "Zelenskyy, who joined the session, thanked Germany but said ...": a reporting verb
/// joined by "and"/"but" to an earlier verb shares the clause's opening subject.
fn coordinated_subject(sv: &Sieve, tokens: &[Token], cs: usize, e: usize) -> Option<Subject> {
    if e <= cs + 2 || !(tokens[e - 1].is_word("but") || tokens[e - 1].is_word("and")) {
        return None;
    }
    let end = np_forward(tokens, cs, e - 1);
    // The opening phrase must be followed by its own verb, not be a list ("X and Y said").
    if end <= cs || end >= e - 1 || tokens[cs..end].iter().any(|t| t.is_word("and")) {
        return None;
    }
    resolve_np(sv, tokens, cs, cs, end).filter(|s| s.kind == SubjectKind::Named)
}

/// The agent of a passive stance verb: "was rejected by Budapest and Bratislava", "was
/// described as reckless by Poland". Only verbs that take a position count ("was attacked
/// by" is no statement), and the agent must name someone.
fn passive_agent(sv: &Sieve, tokens: &[Token], v: usize, ce: usize) -> Option<Subject> {
    if !in_list(&PASSIVE_STANCE_VERBS, &tokens[v].norm) {
        return None;
    }
    let by = (v + 1..ce.min(v + 8))
        .take_while(|&k| tokens[k].kind != Kind::Punct)
        .find(|&k| tokens[k].is_word("by"))?;
    let end = np_forward(tokens, by + 1, ce);
    if end <= by + 1 {
        return None;
    }
    resolve_np(sv, tokens, usize::MAX, by + 1, end).filter(|s| s.kind == SubjectKind::Named)
}

/// "He would not say who laid the mines": declining to say is read as a statement, and
/// `only_declines` then tells whether it says anything. Returns where the auxiliary
/// starts, so the subject is looked for before it.
fn refusal_aux(tokens: &[Token], cs: usize, v: usize) -> Option<usize> {
    let t = &tokens[v];
    if v < cs + 2 || t.kind != Kind::Word || !in_list(&WITHHOLDING_VERBS, &t.norm) {
        return None;
    }
    let aux = &tokens[v - 2];
    (tokens[v - 1].is_word("not") && aux.kind == Kind::Word && in_list(&REFUSAL_AUX, &aux.norm))
        .then_some(v - 2)
}

/// Whether the words from the speaker on (`tokens`) only decline to say anything: "declined
/// to comment on the exchange", "has not commented publicly", "has said nothing about the
/// handover", "did not respond to a request for comment", or such a refusal reported
/// ("said the minister would not comment"). A refusal says where the speaker stands on
/// nothing, so it is no position; the question it leaves open keeps it one when the
/// refusal was an answer ("would not say who laid the mines"), not an absence the writer
/// observes ("has not said whether …"). A refusal coordinated with something said ("was
/// not a party to it and would not comment", "…, but said …") leaves that said.
pub(crate) fn only_declines(tokens: &[Token]) -> bool {
    let word = |i: usize, list: &WordList| {
        tokens
            .get(i)
            .is_some_and(|t| t.kind == Kind::Word && in_list(list, &t.norm))
    };
    // "…, but said …", "declined to comment, saying only that …": something said after.
    let goes_on = tokens.windows(2).any(|w| {
        w[0].is_word("but")
            || (w[0].is_punct(",") && w[1].kind == Kind::Word && w[1].norm.ends_with("ing"))
    });
    if goes_on || tokens.last().is_some_and(|t| t.is_word("but")) {
        return false;
    }
    // "…, left Istanbul and declined to comment": an act before "and" says nothing, so
    // the refusal after it is all there is; only a reporting verb before "and" (or a
    // refusal there) leaves something said.
    let before_and = tokens
        .iter()
        .position(|t| t.is_word("and"))
        .filter(|&k| (0..k).any(|i| is_reporting_verb(tokens, i)))
        .unwrap_or(tokens.len());
    (0..before_and).any(|v| {
        let t = &tokens[v];
        if t.kind != Kind::Word {
            return false;
        }
        // "has not yet said", "did not publicly comment": past adverbs.
        let mut k = v;
        let negation = |t: &Token| t.is_word("not") || t.is_word("never");
        while k > 0
            && tokens[k - 1].kind == Kind::Word
            && !negation(&tokens[k - 1])
            && (is_adverb(&tokens[k - 1]) || tokens[k - 1].is_word("yet"))
        {
            k -= 1;
        }
        // "did not", "would not", "has not": a verb's negation, not "was not a party".
        let perfect = k >= 2 && word(k - 2, &PERFECT_AUXILIARIES);
        let negated = k >= 2 && negation(&tokens[k - 1]) && (perfect || word(k - 2, &REFUSAL_AUX));
        let declined = k >= 2 && tokens[k - 1].is_word("to") && word(k - 2, &DECLINING_VERBS);
        let withheld = in_list(&WITHHOLDING_VERBS, &t.norm);
        let next = tokens.get(v + 1);
        // "said nothing about the handover", not "said nothing had been agreed".
        if withheld && next.is_some_and(|n| n.is_word("nothing")) {
            let after = tokens.get(v + 2);
            return after.is_none_or(|a| a.kind != Kind::Word || word(v + 2, &REFUSAL_COMPLEMENTS));
        }
        // "did not respond to a request for comment": any verb refused with "for comment".
        let for_comment = tokens[v + 1..]
            .windows(2)
            .take_while(|w| !w[0].is_punct(","))
            .any(|w| w[0].is_word("for") && w[1].is_word("comment"));
        if !(negated || declined) || !(withheld || (negated && for_comment)) {
            return false;
        }
        // What follows the refused verb: anything when it names the matter withheld ("would
        // not discuss the talks"); else nothing, or only where and when ("would not say
        // publicly"). An object of "say" says something ("would not say yes to the deal"),
        // and so does the question an answer withheld ("would not say who laid the mines")
        // unless it takes nothing for granted ("declined to say whether …"); an observed
        // absence leaves its question open ("has not said whether …").
        let question = word(v + 1, &QUESTION_WORDS);
        in_list(&WITHHELD_MATTER_VERBS, &t.norm)
            || next.is_none_or(|n| n.kind != Kind::Word)
            || word(v + 1, &REFUSAL_COMPLEMENTS)
            || (question && perfect)
            || word(v + 1, &OPEN_QUESTION_WORDS)
    })
}

/// A word that names nothing of its own, capitalised or not: "Not", "The", "Monday".
pub(crate) fn names_nothing(norm: &str) -> bool {
    in_list(&NOT_NAMES, norm) || in_list(&DETERMINERS, norm) || in_list(&DAYS_AND_MONTHS, norm)
}

pub(crate) fn is_adverb(t: &Token) -> bool {
    in_list(&ADVERBS, &t.norm) || (t.norm.len() > 4 && t.norm.ends_with("ly") && !t.cap)
}

fn boundary_ok(tokens: &[Token], cs: usize, start: usize) -> bool {
    if start == cs {
        return true;
    }
    let p = &tokens[start - 1];
    match p.kind {
        Kind::Punct => matches!(p.norm.as_str(), "," | ":" | "(" | "\"" | "-" | "—" | "'"),
        // "On Thursday the European Parliament adopted ...".
        Kind::Word => in_list(&BOUNDARY_WORDS, &p.norm) || in_list(&DAYS_AND_MONTHS, &p.norm),
        // "On March 5 the ministry said ...".
        Kind::Number => {
            start >= cs + 2
                && tokens[start - 2].kind == Kind::Word
                && in_list(&DAYS_AND_MONTHS, &tokens[start - 2].norm)
        }
        _ => false,
    }
}

/// The noun phrase ending right before `end`, walking back; returns its first token.
fn np_backward(tokens: &[Token], cs: usize, end: usize) -> usize {
    let mut i = end;
    let mut has_and = false;
    while i > cs {
        let t = &tokens[i - 1];
        let ok = match t.kind {
            Kind::Word => {
                if in_list(&PRONOUNS, &t.norm) {
                    // "ministry spokeswoman He Yongqian", "A ministry spokesman, He
                    // Yadong,": a capitalised pronoun inside a phrase or after its comma,
                    // before another capitalised word, is a surname.
                    let inside = i - 1 > cs && tokens[i - 2].kind == Kind::Word;
                    let after_comma = i >= 2 && tokens[i - 2].is_punct(",");
                    t.cap
                        && (inside || after_comma)
                        && tokens.get(i).is_some_and(|n| i < end && n.cap)
                } else {
                    t.cap
                        || is_role(t)
                        || in_list(&GLUE, &t.norm)
                        || in_list(&DETERMINERS, &t.norm)
                        || in_list(&NUMBER_WORDS, &t.norm)
                        || describes_office(tokens, i - 1, end)
                        || portfolio_start(tokens, cs, i).is_some()
                        || t.norm.contains('-')
                            && t.norm
                                .split('-')
                                .all(|p| in_list(&NUMBER_WORDS, p) || p == "six" || p == "one")
                }
            }
            Kind::Number => true,
            Kind::Possessive => i - 1 > cs && tokens[i - 2].kind == Kind::Word,
            Kind::Punct => {
                t.norm == "," && has_and && i - 1 > cs && tokens[i - 2].cap || t.norm == "&"
            }
        };
        if !ok {
            break;
        }
        if t.kind == Kind::Word && (t.norm == "and" || t.norm == "or") {
            has_and = true;
        }
        i -= 1;
        // A determiner opens the phrase, unless it opens one item of a list
        // ("France and the United Kingdom").
        if t.kind == Kind::Word && in_list(&DETERMINERS, &t.norm) {
            let list_before =
                i > cs && (tokens[i - 1].is_word("and") || tokens[i - 1].is_word("or"));
            if !list_before {
                break;
            }
        }
    }
    while i < end && tokens[i].kind == Kind::Word && in_list(&GLUE, &tokens[i].norm) {
        i += 1;
    }
    while i < end && (tokens[i].kind == Kind::Punct || tokens[i].kind == Kind::Possessive) {
        i += 1;
    }
    i
}

/// Whether the phrase `(at, end)` after "at" names a group the office before it works for
/// ("an analyst at the International Crisis Group"): a name the lexicon does not know as
/// any actor, after an office that nobody owns ("an analyst", not "Russia's envoy").
fn employer_named(sv: &Sieve, tokens: &[Token], cs: usize, at: usize, end: usize) -> bool {
    let office = np_backward(tokens, cs, at - 1);
    let owned = tokens[office..at - 1]
        .iter()
        .any(|t| (t.cap && !in_list(&DETERMINERS, &t.norm)) || t.kind == Kind::Possessive);
    !owned
        && resolve_np(sv, tokens, usize::MAX, at, end).is_some_and(|n| {
            n.kind == SubjectKind::Named && n.actors.is_empty() && !n.discovered.is_empty()
        })
}

/// Where an office with its owner before it ends: "Moldova's deputy prime minister for
/// reintegration", "Russia's envoy for Baltic affairs", "Russia's ambassador in Chisinau"
/// name the owner's office and then what it is for or where it sits, which is no body
/// the speaker speaks for. Only an owner named before the office cuts the phrase, with a
/// possessive or as a name ("the UN humanitarian coordinator for Ukraine"): in "a
/// spokesperson for the Turkish Ministry of Defence" the words after "for" are the owner.
fn owned_office_end(tokens: &[Token], (a, b): (usize, usize)) -> Option<usize> {
    owned_office_end_as(tokens, (a, b), false)
}

/// `owned_office_end`; with `by_determiner`, a possessive determiner opening the phrase
/// names an owner too ("Its minister of state for Europe"), whom the context gives.
fn owned_office_end_as(
    tokens: &[Token],
    (a, b): (usize, usize),
    by_determiner: bool,
) -> Option<usize> {
    let owner =
        |t: &Token| t.kind == Kind::Word && t.cap && !is_role(t) && !in_list(&DETERMINERS, &t.norm);
    let owned = by_determiner
        && tokens
            .get(a)
            .is_some_and(|t| in_list(&DETERMINERS, &t.norm) && !t.is_article());
    // A named owner only before an office in lower case: "the International Committee of
    // the Red Cross" is one name.
    (a + 1..b).find(|&k| {
        let possessive = owned || tokens[a..k].iter().any(|t| t.kind == Kind::Possessive);
        tokens[k].kind == Kind::Word
            && in_list(&OFFICE_COMPLEMENTS, &tokens[k].norm)
            && is_role(&tokens[k - 1])
            && (possessive || !tokens[k - 1].cap && tokens[a..k].iter().any(owner))
            && is_one_phrase(tokens, (a, k))
    })
}

/// Whether `a..b` is one noun phrase that names an office: "chair of NATO's Military
/// Committee", "a U.S. State Department spokesperson", and "head of the ICRC's delegation",
/// where the office's owner opens with an article after "of".
fn is_office_phrase(tokens: &[Token], (a, b): (usize, usize)) -> bool {
    is_one_phrase(tokens, (a, b)) && tokens[a..b].iter().any(is_role)
}

/// Whether the noun phrase ending at `b` reaches back to `a`, also over an office and "of"
/// or "for" before an article ("head of the ICRC's delegation", "a spokesman for the UN").
fn is_one_phrase(tokens: &[Token], (a, b): (usize, usize)) -> bool {
    let np = np_backward(tokens, a, b);
    // "the president of the European Central Bank": an article may open the office.
    let a = a + usize::from(
        tokens
            .get(a)
            .is_some_and(|t| in_list(&DETERMINERS, &t.norm)),
    );
    // "a spokesman for the UN": whom the office speaks for, after "for".
    let of_the = np >= a + 2
        && (tokens[np - 1].is_word("of") || tokens[np - 1].is_word("for"))
        && tokens[a..np - 1]
            .iter()
            .all(|t| t.kind == Kind::Word && is_role(t));
    np + 1 == a || np == a || of_the
}

/// The subject whose phrase ends right before `end` (the reporting verb, adverbs skipped).
fn subject_before(sv: &Sieve, tokens: &[Token], cs: usize, end: usize) -> Option<Subject> {
    if end <= cs {
        return None;
    }
    let last = &tokens[end - 1];
    if last.kind == Kind::Word && in_list(&PRONOUNS, &last.norm) {
        let start = end - 1;
        return boundary_ok(tokens, cs, start).then(|| Subject {
            kind: SubjectKind::Pronoun(last.norm.clone()),
            start,
            end,
            actors: Vec::new(),
            discovered: Vec::new(),
            person: false,
        });
    }
    let mut np_end = end;
    let mut appositive: Option<(usize, usize)> = None;
    let mut office_of: Option<Vec<String>> = None;
    // "X, who had backed the bid as “a single Iberian hub,” said": a relative clause
    // that ends in a quotation ends at the comma inside its closing mark, as at one
    // outside it below.
    if end >= cs + 2
        && last.is_punct("\"")
        && tokens[end - 2].is_punct(",")
        && (cs + 1..end - 2)
            .any(|k| tokens[k].is_punct(",") && opens_relative_clause(&tokens[k + 1]))
    {
        return subject_before(sv, tokens, cs, end - 1);
    }
    if last.is_punct(",") {
        // "BYD, whose plant, in Szeged, Hungary, opened this year, said": a relative clause
        // after the subject runs to the comma before the verb, and a name inside it
        // ("Hungary") is not the subject, when the phrase before the clause opens it,
        // whether or not it names anyone the lexicon knows.
        // Not past a clause joined after a comma: "X, who …, said Y, and his minister, Z,
        // told" is Z's.
        let joined = |k: usize| {
            tokens[k].is_punct(",")
                && tokens
                    .get(k + 1)
                    .is_some_and(|t| t.kind == Kind::Word && in_list(&SPLIT_CONJ, &t.norm))
        };
        let relative = (cs + 1..end - 1)
            .rev()
            .take_while(|&k| end - k <= MAX_RELATIVE_CLAUSE && !joined(k))
            .filter(|&k| {
                tokens[k].is_punct(",")
                    && opens_relative_clause(&tokens[k + 1])
                    && tokens[k - 1].kind != Kind::Punct
                    && np_backward(tokens, cs, k) == cs
            })
            .last();
        if let Some(k) = relative {
            let mut subject = subject_before(sv, tokens, cs, k)?;
            if subject.kind == SubjectKind::Named
                && super::body_actors(sv.lex, &subject.actors).is_empty()
            {
                super::add_missing(&mut subject.actors, acts_for(sv, tokens, (k + 2, end - 1)));
            }
            return Some(subject);
        }
        // "X, who was not invited, said" / "Peskov, Putin's spokesman, said".
        let c1 = (cs..end - 1)
            .rev()
            .take(20)
            .find(|&k| tokens[k].is_punct(","))?;
        let c1 = apposition_over_list(tokens, cs, c1, end - 1);
        // "The prime minister, speaking at the Grand Serail, the seat of government,
        // called": a participle's clause after the subject is an aside, with the
        // appositions inside it.
        let c1 = (cs + 1..c1)
            .find(|&k| {
                let next = &tokens[k + 1];
                tokens[k].is_punct(",")
                    && next.kind == Kind::Word
                    && !next.cap
                    && next.norm.len() > 4
                    && next.norm.ends_with("ing")
                    && np_backward(tokens, cs, k) == cs
            })
            .unwrap_or(c1);
        let seg = (c1 + 1, end - 1);
        if seg.0 >= seg.1 {
            return None;
        }
        // "X, Ukraine's deputy minister for ports, who oversees the corridor, said": the
        // relative clause describes the subject, and what comes before it is read as if
        // the verb followed, when that gives a subject opening the clause. Otherwise
        // ("Steve Witkoff, who attended, said"; "After meeting Russia's foreign minister,
        // X, who hosted the talks, said") the phrase before the clause is the subject, as
        // below.
        // So with "whose" and "which": "X, the minister of industries, whose portfolio
        // includes fisheries, told".
        // "Spain's minister for the ecological transition, Lucia Ferrer, who negotiated
        // the text, said": the name after a leading office opens it too.
        if opens_relative_clause(&tokens[seg.0]) && c1 > cs && tokens[c1 - 1].kind != Kind::Punct {
            let after_office = |s: &Subject| {
                s.start >= cs + 2
                    && tokens[s.start - 1].is_punct(",")
                    && owned_office_end(tokens, (cs, s.start - 1)).is_some()
            };
            // "“…,” Honduras's foreign minister, X, who signed for his government, told": an
            // office that opens the clause after a quotation's closing comma speaks.
            let after_quotation = |s: &Subject| {
                s.start >= cs + 2
                    && tokens[s.start - 1].is_punct("\"")
                    && tokens[s.start - 2].is_punct(",")
                    && is_office_phrase(tokens, (s.start, s.end))
            };
            if let Some(s) = subject_before(sv, tokens, cs, c1 + 1)
                .filter(|s| s.start == cs || after_quotation(s) || after_office(s))
            {
                return Some(s);
            }
        }
        let seg = (seg.0, owned_office_end(tokens, seg).unwrap_or(seg.1));
        let first = &tokens[seg.0];
        let descriptive = first.kind == Kind::Word && !first.cap;
        if !descriptive && np_backward(tokens, seg.0, seg.1) == seg.0 {
            appositive = Some(seg);
        }
        // "X, chair of NATO's Military Committee, said", "X, a U.S. State Department
        // spokesperson, said": the office's body speaks with X (not "X, whose
        // organisation is based in Vienna, said").
        if descriptive {
            office_of = office_bodies(sv, tokens, seg).or_else(|| placed_body(sv, tokens, seg));
        }
        np_end = c1;
    }
    let mut start = np_backward(tokens, cs, np_end);
    // "the Organization for Security and Co-operation in Europe and the Council of
    // Europe said": a name the lexicon knows is one phrase, though it holds a word the
    // walk back stops at (a word: a name holds no punctuation).
    let inside_a_name = || {
        sv.lex
            .mentions(tokens, cs, np_end)
            .into_iter()
            .find(|m| m.start < start && start < m.end)
    };
    let stopped_at_word = start > cs && tokens[start - 1].kind == Kind::Word;
    if let Some(m) = stopped_at_word.then(inside_a_name).flatten() {
        start = np_backward(tokens, cs, m.start).min(m.start);
    }
    if start >= np_end {
        // "Russia's envoy for Baltic affairs, Nikolai Vorontsov, said": the name in the
        // apposition speaks, with the body of the office named before it.
        let appositive = appositive?;
        if let Some(subject) = leading_office(sv, tokens, cs, np_end, appositive) {
            return Some(subject);
        }
        // "The minister for foreign trade, Marieke Koster, said": an office nobody is
        // named to own, with what it is for. The name speaks, its phrase opening at the
        // office, so that whose office it is can be read from where it is said.
        let opens = unowned_office_start(tokens, cs, np_end)?;
        let mut named = resolve_np(sv, tokens, cs, appositive.0, appositive.1)
            .filter(|e| e.kind == SubjectKind::Named)?;
        named.start = opens;
        return Some(named);
    }
    // The phrase may go on past "the". "A spokesperson for the Turkish Ministry of
    // Defence", "Col. Mikko Saarinen of the Finnish Border Guard", "Observers from the OSCE
    // and the Council of Europe": all of it speaks. "The
    // Russian Embassy in Helsinki", "Russia's representative to the OPCW": the place an
    // office sits in, or the body it is sent to, is no speaker and is left out.
    if !boundary_ok(tokens, cs, start) && start >= cs + 2 && tokens[start - 1].kind == Kind::Word {
        let before = &tokens[start - 2];
        // "The Government of National Unity in Tripoli": an office's name may end in a word
        // that is no office's.
        let office = is_role(before)
            || before.cap
                && tokens[np_backward(tokens, cs, start - 1)..start - 1]
                    .iter()
                    .any(is_role);
        let (reaches, keeps_rest) = match tokens[start - 1].norm.as_str() {
            "for" | "of" | "from" => (is_role(before) || before.cap, true),
            // "An analyst at the International Crisis Group": a group no one owns the
            // office in, named and no country, is whom the office holder speaks for.
            "at" => (office, employer_named(sv, tokens, cs, start, np_end)),
            "in" | "to" => (office, false),
            _ => (false, true),
        };
        let wider = if reaches {
            np_backward(tokens, cs, start - 1)
        } else {
            start
        };
        if wider < start - 1 && boundary_ok(tokens, cs, wider) {
            start = wider;
            if !keeps_rest {
                np_end = tokens[..np_end]
                    .iter()
                    .rposition(|t| t.is_word("in") || t.is_word("at") || t.is_word("to"))
                    .unwrap_or(np_end);
            }
        }
    }
    if tokens[np_end - 1].kind == Kind::Possessive {
        return None; // "Poland's proposed plan": the verb form is an adjective here
    }
    if !boundary_ok(tokens, cs, start) {
        // "... a contract with Gazprom, and Szijjártó insisted": the list ran into an
        // object; the subject is the last conjunct.
        let last_and = (start..np_end)
            .rev()
            .find(|&k| tokens[k].is_word("and") || tokens[k].is_word("or"));
        match last_and {
            Some(k) if k + 1 < np_end => start = k + 1,
            // "Russia's ambassador to the UN, Vasily Nebenzya, said", "On Tuesday
            // Lithuania's deputy foreign minister, X, summoned": only the apposition is
            // certainly the speaker, with the body whose office the phrase before it is.
            _ => {
                let (a, b) = appositive?;
                let mut named =
                    resolve_np(sv, tokens, cs, a, b).filter(|e| e.kind == SubjectKind::Named)?;
                super::add_missing(&mut named.actors, office_owner(sv, tokens, start, np_end));
                return Some(named);
            }
        }
    }
    // The whole phrase speaks, and every name in it ("Ukraine's Minister of Defence Rustem
    // Umerov"), but a body named only in what an owned office is for does not
    // ("Russia's envoy for Baltic affairs"), nor in what "its" office is for ("Its
    // minister of state for Europe"), whose owner the context gives.
    let main = resolve_np(sv, tokens, cs, start, np_end).map(|mut m| {
        if let Some(k) = owned_office_end_as(tokens, (start, np_end), true) {
            let owners = resolve_np(sv, tokens, usize::MAX, start, k)
                .map(|o| o.actors)
                .unwrap_or_default();
            let complement = resolve_np(sv, tokens, usize::MAX, k, np_end)
                .map(|c| super::body_actors(sv.lex, &c.actors))
                .unwrap_or_default();
            m.actors
                .retain(|a| owners.contains(a) || !complement.contains(a));
        }
        m
    });
    // "The Independent Power Producers' Association, Nepal, said": a country's bare name
    // after a group's name says where the group is, not that the country speaks.
    let group = np_end > start && in_list(&COMPANY_WORDS, &tokens[np_end - 1].norm);
    let extra = appositive
        .filter(|&(a, b)| !(group && b == a + 1 && tokens[a].cap))
        .and_then(|(a, b)| resolve_np(sv, tokens, cs, a, b))
        .filter(|e| e.kind == SubjectKind::Named);
    let subject = joined(main, extra, start)?;
    Some(match office_of {
        Some(bodies) if subject.kind == SubjectKind::Named => {
            let mut subject = subject;
            super::add_missing(&mut subject.actors, bodies);
            subject
        }
        _ => subject,
    })
}

/// "X, the minister of agriculture, fisheries, food security and nature, said": the
/// comma that opens an office's apposition, when the commas after it (the last at `c`,
/// the apposition closing at `close`) only part the items of its portfolio, each in lower
/// case.
fn apposition_over_list(tokens: &[Token], cs: usize, c: usize, close: usize) -> usize {
    let item = |t: &Token| t.kind == Kind::Word && !t.cap;
    if !tokens[c + 1..close].iter().all(item) {
        return c;
    }
    let mut k = c;
    while k > cs {
        let Some(before) = (cs..k).rev().take(12).find(|&j| tokens[j].is_punct(",")) else {
            return c;
        };
        let opens = tokens.get(before + 1).is_some_and(Token::is_article);
        // An office, not a body of members ("a coalition of US states, cities and
        // businesses" lists its members).
        let office = |t: &Token| is_role(t) && !in_list(&COMPANY_WORDS, &t.norm);
        if opens && tokens[before + 2..k].iter().any(office) {
            return before;
        }
        if !tokens[before + 1..k].iter().all(item) {
            return c;
        }
        k = before;
    }
    c
}

/// "X, who signed for Washington, said": the body a relative clause `(a, b)` says the
/// subject acts for, named right after a verb of acting and "for", after "representing"
/// or after "on behalf of", at the clause's end; before the delegation the subject led
/// ("who led the US delegation"); or owning what the subject heads ("who heads the
/// ICRC's weapons unit").
fn acts_for(sv: &Sieve, tokens: &[Token], (a, b): (usize, usize)) -> Vec<String> {
    let body_at = |from: usize, to: usize| {
        sv.lex
            .mentions(tokens, from, to)
            .into_iter()
            .find(|m| m.start == from && m.end == to)
            .map(|m| sv.lex.actor_at(m.actor))
            .filter(|d| d.kind != ActorKind::Person)
    };
    let delegation = b >= a + 4
        && in_list(&DELEGATION_WORDS, &tokens[b - 1].norm)
        && in_list(&ACTING_VERBS, &tokens[a].norm)
        && tokens[a + 1].is_article();
    if let Some(d) = delegation.then(|| body_at(a + 2, b - 1)).flatten() {
        return vec![d.id.clone()];
    }
    // "who heads the ICRC's weapons unit": a part of the body the subject leads.
    if b > a + 2 && in_list(&ACTING_VERBS, &tokens[a].norm) {
        let from = a + 1 + usize::from(tokens[a + 1].is_article());
        let owner = sv
            .lex
            .mentions(tokens, from, b)
            .into_iter()
            .find(|m| {
                m.start == from
                    && tokens
                        .get(m.end)
                        .is_some_and(|t| t.kind == Kind::Possessive)
            })
            .map(|m| sv.lex.actor_at(m.actor))
            .filter(|d| d.kind != ActorKind::Person);
        if let Some(d) = owner {
            return vec![d.id.clone()];
        }
    }
    for k in a..b {
        let t = &tokens[k];
        let acting = t.is_word("for") && k > a && in_list(&ACTING_VERBS, &tokens[k - 1].norm);
        let name = if acting || t.is_word("representing") {
            k + 1
        } else if t.is_word("behalf") && tokens.get(k + 1).is_some_and(|n| n.is_word("of")) {
            k + 2
        } else {
            continue;
        };
        let name = name + usize::from(tokens.get(name).is_some_and(Token::is_article));
        if let Some(d) = body_at(name, b) {
            return vec![d.id.clone()];
        }
    }
    Vec::new()
}

/// Whether `t` opens a relative clause after a comma: "who", "whose", "which" ("whom"
/// follows a preposition).
fn opens_relative_clause(t: &Token) -> bool {
    t.is_word("who") || t.is_word("whose") || t.is_word("which")
}

/// "X, who …, said": at most this many tokens from the comma before the relative word to
/// the comma before the verb.
const MAX_RELATIVE_CLAUSE: usize = 32;

/// Where "the minister for foreign trade" opens, when `cs..end` ends with such a phrase:
/// an article, at most two lower-case words and an office, then "for" or "of" and only
/// lower-case words. `None` for anything else, an owner named in it included.
fn unowned_office_start(tokens: &[Token], cs: usize, end: usize) -> Option<usize> {
    const MAX_PURPOSE_WORDS: usize = 4;
    const MAX_OFFICE_WORDS: usize = 4;
    let lower = |t: &Token| t.kind == Kind::Word && !t.cap;
    let mut k = end;
    while k > cs
        && lower(&tokens[k - 1])
        && !tokens[k - 1].is_word("for")
        && !tokens[k - 1].is_word("of")
    {
        k -= 1;
    }
    let purpose = end - k;
    if purpose == 0 || purpose > MAX_PURPOSE_WORDS || k <= cs + 1 {
        return None;
    }
    let joint = &tokens[k - 1];
    if !(joint.is_word("for") || joint.is_word("of")) || !is_role(&tokens[k - 2]) {
        return None;
    }
    let det = (cs..k - 1)
        .rev()
        .take(MAX_OFFICE_WORDS)
        .take_while(|&i| tokens[i].kind == Kind::Word)
        .find(|&i| in_list(&DETERMINERS, &tokens[i].norm))?;
    let office_words_plain = tokens[det + 1..k - 1].iter().all(lower);
    (office_words_plain && boundary_ok(tokens, cs, det)).then_some(det)
}

/// The bodies that own the office ending the phrase `start..end` by a possessive
/// ("Lithuania's deputy foreign minister" after "On Tuesday"); none when
/// the phrase names no office or no owner.
fn office_owner(sv: &Sieve, tokens: &[Token], start: usize, end: usize) -> Vec<String> {
    // The possessive nearest the office: "On Poland's Independence Day Ukraine's
    // ambassador" is Ukraine's.
    let Some(role) = (start..end).find(|&k| is_role(&tokens[k])) else {
        return Vec::new();
    };
    let Some(owner_end) = (start..role)
        .rev()
        .find(|&k| tokens[k].kind == Kind::Possessive)
    else {
        return Vec::new();
    };
    // The name right before the possessive, not the whole run of capitals before it.
    let Some(owner) = sv
        .lex
        .mentions(tokens, start, owner_end)
        .into_iter()
        .find(|m| m.end == owner_end)
    else {
        return Vec::new();
    };
    resolve_np(sv, tokens, usize::MAX, owner.start, owner.end)
        .map(|o| super::body_actors(sv.lex, &o.actors))
        .unwrap_or_default()
}

/// The name in `appositive` as the subject, speaking for the body whose office opens the
/// clause and ends before `end` with what it is for ("Russia's envoy for Baltic affairs,
/// Nikolai Vorontsov"); `None` when the clause does not open with such an office.
fn leading_office(
    sv: &Sieve,
    tokens: &[Token],
    cs: usize,
    end: usize,
    appositive: (usize, usize),
) -> Option<Subject> {
    let head = owned_office_end(tokens, (cs, end))?;
    let office = resolve_np(sv, tokens, usize::MAX, cs, head)?;
    let mut subject = resolve_np(sv, tokens, cs, appositive.0, appositive.1)
        .filter(|e| e.kind == SubjectKind::Named)?;
    super::add_missing(
        &mut subject.actors,
        super::body_actors(sv.lex, &office.actors),
    );
    Some(subject)
}

/// A subject phrase and its apposition as one subject.
fn joined(main: Option<Subject>, extra: Option<Subject>, start: usize) -> Option<Subject> {
    match (main, extra) {
        (Some(mut subject), Some(extra)) if subject.kind == SubjectKind::Named => {
            merge(&mut subject, extra);
            Some(subject)
        }
        // "his foreign minister, Péter Szijjártó, told": the name is in the apposition.
        (_, Some(mut extra)) => {
            extra.start = start;
            Some(extra)
        }
        (main, None) => main,
    }
}

fn merge(into: &mut Subject, extra: Subject) {
    if into.kind != SubjectKind::Named {
        into.kind = SubjectKind::Named;
        into.start = extra.start;
        into.end = extra.end;
    }
    for a in extra.actors {
        if !into.actors.contains(&a) {
            into.actors.push(a);
        }
    }
    into.discovered.extend(extra.discovered);
    into.person |= extra.person;
}

/// Turns a noun phrase into a subject: the actors it names, names it introduces, or a
/// reference back ("The spokesperson"). `None` when it names nobody ("The talks").
/// "the EU's Ukraine envoy", "the White House's G20 sherpa": a name between an owner's
/// possessive and the office says what the office is for; the owner speaks, not it.
fn names_an_owned_office_s_portfolio(
    tokens: &[Token],
    m: &Mention,
    start: usize,
    end: usize,
) -> bool {
    let name_word = |t: &Token| t.kind == Kind::Word && t.cap && !is_role(t);
    let mut a = m.start;
    while a > start && name_word(&tokens[a - 1]) {
        a -= 1;
    }
    let mut b = m.end;
    while b < end && name_word(&tokens[b]) {
        b += 1;
    }
    a > start && tokens[a - 1].kind == Kind::Possessive && b < end && is_role(&tokens[b])
}

/// Whether the name `m`, after "a" or "an" and before a lower-case word that is no office,
/// only says where something is from: "an economist at a Harare stockbroker", "A Harare
/// economist". Such a speaker does not speak for the country ("a Ukraine envoy" does).
pub(crate) fn qualifies_a_thing(tokens: &[Token], m: &Mention, end: usize) -> bool {
    m.kind == MentionKind::Name
        && m.start > 0
        && (tokens[m.start - 1].is_word("a") || tokens[m.start - 1].is_word("an"))
        && m.end < end
        && tokens[m.end].kind == Kind::Word
        && !tokens[m.end].cap
        && !is_role(&tokens[m.end])
}

fn resolve_np(
    sv: &Sieve,
    tokens: &[Token],
    cs: usize,
    start: usize,
    end: usize,
) -> Option<Subject> {
    let all = sv.lex.mentions(tokens, start, end);
    let mentions: Vec<Mention> = all
        .iter()
        .filter(|m| {
            !names_a_relation(tokens, m, end)
                && !ends_a_longer_name(sv.lex, tokens, &all, m, end)
                && !begins_a_company_name(sv.lex, tokens, &all, m, end)
                && !held_formerly(sv.lex, tokens, m)
                && !names_an_owned_office_s_portfolio(tokens, m, start, end)
                && !qualifies_a_thing(tokens, m, end)
                && !another_named_in_full(sv, tokens, m)
        })
        .cloned()
        .collect();
    let mut people: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    let mut person = false;
    let mut covered = vec![false; end - start];
    let push = |v: &mut Vec<String>, id: String| {
        if !v.contains(&id) {
            v.push(id);
        }
    };
    for m in &mentions {
        covered[m.start - start..m.end - start]
            .iter_mut()
            .for_each(|c| *c = true);
        let actor = sv.lex.actor_at(m.actor);
        let possessive = tokens
            .get(m.end)
            .is_some_and(|t| t.kind == Kind::Possessive);
        match m.kind {
            MentionKind::Demonym => {
                if demonym_heads_office(tokens, &mentions, m, end) {
                    push(&mut others, actor.id.clone());
                }
            }
            MentionKind::Name => {
                if actor.kind == ActorKind::Person {
                    if let Some(p) = &actor.parent {
                        push(&mut others, p.clone());
                    }
                    if !possessive {
                        push(&mut people, actor.id.clone());
                        person = true;
                    }
                } else {
                    push(&mut others, actor.id.clone());
                }
            }
        }
    }
    // Capitalized runs the lexicon does not know: a discovered speaker.
    let mut discovered = Vec::new();
    let mut k = start;
    while k < end {
        let t = &tokens[k];
        let candidate = |t: &Token| {
            t.kind == Kind::Word
                && t.cap
                && !is_role(t)
                && !in_list(&GLUE, &t.norm)
                && !names_nothing(&t.norm)
        };
        if covered[k - start] || !candidate(t) {
            k += 1;
            continue;
        }
        let run_start = k;
        // "Maria da Graça Carvalho": a particle between capitalised words keeps the run.
        let particle = |k: usize| {
            in_list(&NAME_PARTICLES, &tokens[k].norm)
                && !tokens[k].cap
                && k + 1 < end
                && !covered[k + 1 - start]
                && candidate(&tokens[k + 1])
        };
        while k < end
            && !covered[k - start]
            && (candidate(&tokens[k]) || k > run_start && particle(k))
        {
            k += 1;
        }
        // "Resources Minister Madeleine King": after a person's title and a first name, an
        // office word that ends the name is a surname; titles come before names.
        let titled = run_start > start && is_person_role(&tokens[run_start - 1].norm);
        let surname = |k: usize| {
            let t = &tokens[k];
            t.kind == Kind::Word
                && t.cap
                && is_role(t)
                && !covered[k - start]
                && tokens.get(k + 1).is_none_or(|n| k + 1 >= end || !n.cap)
        };
        if titled && k < end && k > run_start && surname(k) {
            k += 1;
        }
        let len = k - run_start;
        let at_clause_start = run_start == cs;
        if names_an_office(tokens, start, run_start, k, end) {
            continue;
        }
        // "according to the Commission": the body the brief named in full.
        let after_the = run_start > start && tokens[run_start - 1].is_word("the");
        if len == 1 && after_the {
            if let Some(id) = sv.people.body_named(&tokens[run_start].norm) {
                push(&mut others, id.clone());
                continue;
            }
        }
        if len == 1 {
            if let Some((key, bodies)) = sv.people.get(&tokens[run_start].norm) {
                let possessive = tokens.get(k).is_some_and(|t| t.kind == Kind::Possessive);
                // "Lee's national security adviser": the person's office holder speaks
                // for the body the person does, as for a person the lexicon names.
                if !possessive {
                    person = true;
                    discovered.push((key.clone(), (run_start, k)));
                }
                for b in bodies {
                    push(&mut others, b.clone());
                }
                continue;
            }
        }
        // "The Association of Turkey": a country ruled out above is no name of its own.
        let ruled_out = all.iter().any(|m| m.start == run_start && m.end == k);
        if (len >= 2 || !at_clause_start) && !ruled_out {
            let text: Vec<&str> = tokens[run_start..k]
                .iter()
                .map(|t| t.norm.as_str())
                .collect();
            let key = name_key(&text.join(" "));
            let possessive = tokens.get(k).is_some_and(|t| t.kind == Kind::Possessive);
            let titled = run_start > start
                && tokens[start..run_start]
                    .iter()
                    .any(|t| is_person_role(&t.norm));
            // "The Kurdistan Regional Government": a run that a body's office word ends
            // names that body, not a person.
            let body = tokens.get(k).is_some_and(|t| {
                k < end && t.kind == Kind::Word && t.cap && is_role(t) && !is_person_role(&t.norm)
            });
            if !possessive && !key.is_empty() {
                person |= (titled || len >= 2) && !body;
                discovered.push((key, (run_start, k)));
            }
        }
    }
    if people.is_empty() && others.is_empty() && discovered.is_empty() {
        let words: Vec<&Token> = tokens[start..end]
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .collect();
        // "according to the Commission" in any part of the brief, "According to the fund"
        // after "the International Monetary Fund": a body the brief named in full, by its
        // last word, capitalised or else no office word (a bare office stands for the body
        // last heard from, below).
        let by_last_word = match words.as_slice() {
            [the, only] if the.norm == "the" && (only.cap || !is_role(only)) => {
                sv.people.body_named(&only.norm)
            }
            _ => None,
        };
        // "The court's president told the assembly": the office of a body the brief named
        // in full ("the International Criminal Court") speaks for it.
        let by_owner = || {
            (end >= start + 4
                && tokens[start].is_word("the")
                && tokens[start + 2].kind == Kind::Possessive
                && tokens[start + 3..end]
                    .iter()
                    .all(|t| t.kind == Kind::Word && !t.cap)
                && is_role(&tokens[end - 1]))
            .then(|| sv.people.body_named(&tokens[start + 1].norm))
            .flatten()
        };
        if let Some(id) = by_last_word.or_else(by_owner) {
            return Some(Subject {
                kind: SubjectKind::Named,
                start,
                end,
                actors: vec![id.clone()],
                discovered: Vec::new(),
                person: false,
            });
        }
        // "The spokesperson", "A spokeswoman", "His office": a determiner, then office words,
        // or up to two lower-case words before the office ("The transport ministry", "the
        // former president"), owning nothing.
        let describes = |t: &Token| !is_role(t) && !t.cap;
        let owns = tokens[start..end]
            .iter()
            .any(|t| t.kind == Kind::Possessive);
        // "A spokesman for the external affairs ministry", "the ministry of digital
        // development and transport": what joins the words, and a portfolio after "of" or
        // "for", are no more words before the office.
        let portfolio = portfolio_start(tokens, start, end);
        let joins = |t: &Token| in_list(&GLUE, &t.norm) || in_list(&DETERMINERS, &t.norm);
        let office = |rest: &[&Token]| {
            (rest.last().is_some_and(|t| is_role(t)) || portfolio.is_some())
                && rest.iter().all(|t| is_role(t) || describes(t))
                && rest.iter().filter(|t| describes(t) && !joins(t)).count() <= 3
                && (!owns || rest.iter().all(|t| is_role(t)))
        };
        let (first, head) = match words.as_slice() {
            [first, rest @ ..] if office(rest) => {
                let head = match portfolio {
                    Some(k) => &tokens[k - 2],
                    None => rest[rest.len() - 1],
                };
                (first.norm.as_str(), head.norm.as_str())
            }
            _ => return None,
        };
        let kind = match first {
            "the" => Some(SubjectKind::Definite(is_person_role(head))),
            // "A spokeswoman said": someone speaking for the body last heard from.
            "a" | "an" | "its" | "their" => Some(SubjectKind::Definite(false)),
            // "His office denied": the person last heard from.
            "his" | "her" => Some(SubjectKind::Definite(true)),
            _ => None,
        };
        if let Some(kind) = kind {
            return Some(Subject {
                kind,
                start,
                end,
                actors: Vec::new(),
                discovered: Vec::new(),
                person: false,
            });
        }
        return None;
    }
    let mut actors = people;
    for o in others {
        if !actors.contains(&o) {
            actors.push(o);
        }
    }
    Some(Subject {
        kind: SubjectKind::Named,
        start,
        end,
        actors,
        discovered,
        person,
    })
}

/// Capitalised words that are part of an office's name rather than a speaker's:
/// "Economic Affairs Minister" (right before an office word, after a country) or "Ministry of Territorial
/// Administration and Infrastructure" (reached from an office word through "of"/"and").
fn names_an_office(
    tokens: &[Token],
    start: usize,
    run_start: usize,
    run_end: usize,
    end: usize,
) -> bool {
    // "Finnish Economic Affairs Minister", but not "KFOR commander" or "the Gazprom
    // spokesman": a body opening the phrase is a speaker.
    let opens_phrase = tokens[start..run_start]
        .iter()
        .all(|t| t.kind == Kind::Word && in_list(&DETERMINERS, &t.norm));
    // "Health Minister Jolanta X": a capitalised title before a person's name is the
    // office's whole name, whatever opens the phrase.
    let titles_a_name = || {
        let after = (run_end..end)
            .find(|&k| !(is_role(&tokens[k]) && tokens[k].cap))
            .unwrap_or(end);
        after > run_end && after < end && tokens[after].kind == Kind::Word && tokens[after].cap
    };
    if run_end < end && is_role(&tokens[run_end]) && (!opens_phrase || titles_a_name()) {
        return true;
    }
    let mut j = run_start;
    let mut linked = false;
    while j > start {
        let t = &tokens[j - 1];
        let link = t.kind == Kind::Word && matches!(t.norm.as_str(), "of" | "and" | "&" | "the")
            || t.is_punct(",");
        if link {
            linked |= t.norm != "the";
            j -= 1;
        } else if is_role(t) {
            return linked;
        } else if linked && t.kind == Kind::Word && t.cap {
            // An earlier name in the same list ("Ministry of Economy, Trade and Industry").
            j -= 1;
        } else {
            return false;
        }
    }
    false
}

/// `"...," said Peskov.` — the speaker follows the verb right after a quote.
fn inverted_subject(
    sv: &Sieve,
    tokens: &[Token],
    cs: usize,
    ce: usize,
    v: usize,
) -> Option<Subject> {
    if v == cs || !(tokens[v - 1].is_punct("\"") || tokens[v - 1].is_punct(",")) {
        return None;
    }
    let start = v + 1;
    let end = np_forward(tokens, start, ce);
    if end <= start {
        return None;
    }
    let mut subject =
        resolve_np(sv, tokens, usize::MAX, start, end).filter(|s| s.kind == SubjectKind::Named)?;
    super::add_missing(&mut subject.actors, office_after(sv, tokens, end, ce));
    // `said Tunisia's interior minister, Khaled Mrabet, who hosted the signing`: the name
    // set off after an office is who holds it, and a later "Mrabet said" is theirs.
    if !subject.person && end + 1 < ce && tokens[end].is_punct(",") {
        let name_end = np_forward(tokens, end + 1, ce);
        let closes = name_end >= ce || tokens[name_end].kind == Kind::Punct;
        let capitals = tokens[end + 1..name_end]
            .iter()
            .all(|t| t.kind == Kind::Word && t.cap && !is_role(t));
        let holder = (name_end > end + 2 && closes && capitals)
            .then(|| resolve_np(sv, tokens, usize::MAX, end + 1, name_end))
            .flatten()
            .filter(|n| n.kind == SubjectKind::Named && n.person);
        if let Some(holder) = holder {
            subject.person = true;
            subject.discovered.extend(holder.discovered);
            super::add_missing(&mut subject.actors, holder.actors);
        }
    }
    // `said X, who heads the ICRC's weapons unit`: the body the relative clause after it
    // says X acts for, as before the verb.
    let who = end + 1 < ce && tokens[end].is_punct(",") && opens_relative_clause(&tokens[end + 1]);
    if who && super::body_actors(sv.lex, &subject.actors).is_empty() {
        let close = (end + 2..ce)
            .find(|&k| tokens[k].kind == Kind::Punct)
            .unwrap_or(ce);
        super::add_missing(&mut subject.actors, acts_for(sv, tokens, (end + 2, close)));
    }
    Some(subject)
}

/// `"…," said X, Estonia's ambassador to the UN.`, `said X, head of the ICRC's delegation
/// in Sudan`: the bodies whose office the apposition after an inverted subject gives, as
/// an apposition before the verb does ("X, Estonia's ambassador to the UN, said"). What
/// the office is for or where it sits speaks for no one ("to the UN").
fn office_after(sv: &Sieve, tokens: &[Token], end: usize, ce: usize) -> Vec<String> {
    if end >= ce || !tokens[end].is_punct(",") {
        return Vec::new();
    }
    let a = end + 1;
    // "…, the member of the ECB's Executive Board who leads the project": the office ends
    // where a clause about its holder begins.
    let b = (a..ce)
        .find(|&k| {
            tokens[k].kind == Kind::Punct
                || (tokens[k].kind == Kind::Word && in_list(&RELATIVE_PRONOUNS, &tokens[k].norm))
        })
        .unwrap_or(ce);
    let b = owned_office_end(tokens, (a, b)).unwrap_or(b);
    if b <= a {
        return Vec::new();
    }
    office_bodies(sv, tokens, (a, b)).unwrap_or_default()
}

/// The bodies the office phrase `seg` names ("chair of NATO's Military Committee" is
/// NATO's); `None` when `seg` is no office phrase or names no actor.
fn office_bodies(sv: &Sieve, tokens: &[Token], seg: (usize, usize)) -> Option<Vec<String>> {
    // "the International Committee of the Red Cross's regional director": a name the
    // lexicon knows is one phrase, though it holds an article the walk back stops at.
    let over_a_name = || {
        let np = np_backward(tokens, seg.0, seg.1);
        sv.lex
            .mentions(tokens, seg.0, seg.1)
            .iter()
            .find(|m| m.start < np && np < m.end)
            .is_some_and(|m| is_one_phrase(tokens, (seg.0, m.start + 1)))
            && tokens[seg.0..seg.1].iter().any(is_role)
    };
    if !is_office_phrase(tokens, seg) && !over_a_name() {
        return None;
    }
    resolve_np(sv, tokens, usize::MAX, seg.0, seg.1)
        .filter(|o| o.kind == SubjectKind::Named)
        .map(|o| super::body_actors(sv.lex, &o.actors))
}

/// "X, the government body in Kyiv that negotiates the swaps, said": a body of state the
/// apposition puts in a place speaks for that place's country, as "the authorities in
/// Tiraspol" do (`PLACED_BODIES`, the head or the word before it). A school or a company
/// there does not.
fn placed_body(sv: &Sieve, tokens: &[Token], (a, b): (usize, usize)) -> Option<Vec<String>> {
    let at = (a + 1..b).find(|&k| tokens[k].is_word("in"))?;
    if !names_a_placed_body(tokens, a, at) {
        return None;
    }
    let end = (at + 1..b)
        .find(|&k| !(tokens[k].kind == Kind::Word && tokens[k].cap))
        .unwrap_or(b);
    let countries = sv.lex.countries_named(tokens, at + 1, end);
    (!countries.is_empty()).then_some(countries)
}

/// Whether the words of `tokens[from..at]` right before the preposition at `at` name one
/// of a place's own bodies (`PLACED_BODIES`): the head ("the authorities in Tiraspol") or
/// the word before it ("the government body in Kyiv").
/// So does a body named with its portfolio after "of" or "for": "the ministry of mines and
/// petroleum in Kabul".
pub(crate) fn names_a_placed_body(tokens: &[Token], from: usize, at: usize) -> bool {
    let placed =
        |k: usize| tokens[k].kind == Kind::Word && in_list(&PLACED_BODIES, &tokens[k].norm);
    at > from && placed(at - 1)
        || at >= from + 2 && placed(at - 2)
        || portfolio_start(tokens, from, at).is_some_and(|k| placed(k - 2))
}

/// Where the lower-case portfolio that ends just before `end` opens, after the "of" or
/// "for" that follows an office's word: "(ministry of) digital development and transport",
/// "(minister for) mines". The index of its first word.
fn portfolio_start(tokens: &[Token], from: usize, end: usize) -> Option<usize> {
    const MAX_PORTFOLIO_WORDS: usize = 5;
    let plain = |t: &Token| {
        t.kind == Kind::Word
            && !t.cap
            && t.norm.chars().all(char::is_alphabetic)
            && !in_list(&PRONOUNS, &t.norm)
            && !in_list(&DETERMINERS, &t.norm)
            && !in_list(&BOUNDARY_WORDS, &t.norm)
            && !in_list(&REPORTING, &t.norm)
            && !in_list(&PASSIVE, &t.norm)
    };
    let mut k = end;
    while k > from && end - k < MAX_PORTFOLIO_WORDS {
        let t = &tokens[k - 1];
        if t.is_word("of") || t.is_word("for") {
            let opens = k < end && !tokens[k].is_word("and");
            return (opens && k >= from + 2 && is_role(&tokens[k - 2])).then_some(k);
        }
        // "and" joins the portfolio's words; no other small word does.
        if !(t.is_word("and") || plain(t) && !in_list(&GLUE, &t.norm)) {
            return None;
        }
        k -= 1;
    }
    None
}

/// The noun phrase starting at `start`, walking forward; returns its end.
fn np_forward(tokens: &[Token], start: usize, ce: usize) -> usize {
    let mut i = start;
    while i < ce {
        let t = &tokens[i];
        let ok = match t.kind {
            Kind::Word => {
                // "said Singapore's transport minister": lower-case words before an office.
                (t.cap
                    || is_role(t)
                    || in_list(&GLUE, &t.norm)
                    || (i == start && in_list(&DETERMINERS, &t.norm))
                    || describes_office(tokens, i, ce))
                    && !in_list(&PRONOUNS, &t.norm)
            }
            Kind::Possessive => true,
            Kind::Number => false,
            Kind::Punct => false,
        };
        if !ok {
            break;
        }
        i += 1;
    }
    while i > start && tokens[i - 1].kind == Kind::Word && in_list(&GLUE, &tokens[i - 1].norm) {
        i -= 1;
    }
    i
}

/// Whether the token at `k` is the "saying" (or "telling") of "quoted … as saying".
pub(super) fn says_as(tokens: &[Token], k: usize) -> bool {
    k > 0
        && tokens[k - 1].is_word("as")
        && (tokens[k].is_word("saying") || tokens[k].is_word("telling"))
}

/// "State media quoted Kim Jong Un as saying ...": the one quoted speaks, not the media.
fn quoted_as_saying(sv: &Sieve, tokens: &[Token], cs: usize, ce: usize) -> Option<Attribution> {
    let q = (cs..ce).find(|&k| tokens[k].is_word("quoted") || tokens[k].is_word("cited"))?;
    // "X was quoted by the agency Moldpres as saying …": the one quoted speaks, not the
    // agency.
    let passive =
        q > cs && tokens[q - 1].kind == Kind::Word && in_list(&PASSIVE, &tokens[q - 1].norm);
    if passive {
        let says = (q + 2..ce).find(|&k| says_as(tokens, k))?;
        let subject = subject_before(sv, tokens, cs, q - 1)?;
        return (subject.kind == SubjectKind::Named).then_some(Attribution {
            start: cs,
            end: ce,
            subject,
            verb: Some(says),
        });
    }
    let start = q + 1;
    let end = np_forward(tokens, start, ce);
    let saying = end + 1;
    if end <= start || saying >= ce || !says_as(tokens, saying) {
        return None;
    }
    let subject = resolve_np(sv, tokens, usize::MAX, start, end)?;
    (subject.kind == SubjectKind::Named).then_some(Attribution {
        start: cs,
        end: ce,
        subject,
        verb: Some(saying),
    })
}

/// "According to X, ..." or "..., according to X."
fn according_to(sv: &Sieve, tokens: &[Token], cs: usize, ce: usize) -> Option<Attribution> {
    let k = (cs..ce.saturating_sub(1))
        .find(|&k| tokens[k].is_word("according") && tokens[k + 1].is_word("to"))?;
    let start = k + 2;
    let end = np_forward(tokens, start, ce);
    if end <= start {
        return None;
    }
    let subject = resolve_np(sv, tokens, usize::MAX, start, end)?;
    (subject.kind == SubjectKind::Named).then_some(Attribution {
        start: cs,
        end: ce,
        subject,
        verb: None,
    })
}

/// A named person who is the subject of some verb in a sentence that makes no statement
/// ("Putin delivered a keynote speech"): a later "he" refers to them.
pub(crate) fn narrative_person(sv: &Sieve, tokens: &[Token]) -> Option<Subject> {
    for v in 1..tokens.len() {
        let t = &tokens[v];
        if t.kind != Kind::Word
            || t.cap
            || !(t.norm.ends_with("ed") || in_list(&NARRATIVE_VERBS, &t.norm))
        {
            continue;
        }
        let mut e = v;
        while e > 0 && tokens[e - 1].kind == Kind::Word && is_adverb(&tokens[e - 1]) {
            e -= 1;
        }
        if let Some(s) = subject_before(sv, tokens, 0, e) {
            // "Croatia left the arbitration after a Slovenian judge was recorded …": the
            // subject of a clause a subordinator opens is not who the sentence is about.
            let subordinate = (0..s.start)
                .rev()
                .take_while(|&k| !tokens[k].is_punct(","))
                .any(|k| tokens[k].kind == Kind::Word && in_list(&SUBORDINATORS, &tokens[k].norm));
            if s.kind == SubjectKind::Named && s.person && !subordinate {
                return Some(s);
            }
            // "Russia … sent its ambassador to the ceremony. He told …": the office holder
            // a country sends is the person, and the country's.
            if s.kind == SubjectKind::Named && !s.person && !subordinate && !s.actors.is_empty() {
                if let Some(end) = sent_office_holder(tokens, v) {
                    return Some(Subject {
                        kind: SubjectKind::Named,
                        start: v + 1,
                        end,
                        actors: s.actors,
                        discovered: Vec::new(),
                        person: true,
                    });
                }
            }
        }
        return None;
    }
    None
}

/// People a narrative sentence introduces by office, wherever they stand in it: "The
/// contract was signed by Ukraine's economy minister, Oleksii Sobolev, and …". A later
/// "Sobolev said" is Ukraine's minister speaking. The office is a possessive owner or a
/// capitalised word ("the Russian ambassador") and office words before a comma, the name
/// two or more capitalised words after it.
/// Where the office holder the verb at `v` takes ends, when it takes one by the subject's
/// possessive: "sent its ambassador", "sent their deputy transport minister". At most two
/// lower-case words before a person's office.
fn sent_office_holder(tokens: &[Token], v: usize) -> Option<usize> {
    const MAX_DESCRIBING_WORDS: usize = 2;
    let owner = tokens.get(v + 1)?;
    if !(owner.is_word("its") || owner.is_word("their")) {
        return None;
    }
    let words = tokens[v + 2..]
        .iter()
        .take(MAX_DESCRIBING_WORDS + 1)
        .take_while(|t| t.kind == Kind::Word && !t.cap)
        .count();
    (v + 2..v + 2 + words)
        .rev()
        .find(|&k| is_person_role(&tokens[k].norm))
        .map(|k| k + 1)
}

pub(crate) fn people_by_office(sv: &Sieve, tokens: &[Token]) -> Vec<Subject> {
    let mut out = Vec::new();
    for k in 2..tokens.len() {
        if !tokens[k].is_punct(",") || !is_role(&tokens[k - 1]) {
            continue;
        }
        let mut a = k - 1;
        while a > 0 && is_role(&tokens[a - 1]) {
            a -= 1;
        }
        // "Ukraine's economy minister, X" or "the Russian ambassador, X": an owner or a
        // capitalised word (a demonym) before the office.
        let owned = a >= 2 && tokens[a - 1].kind == Kind::Possessive;
        let qualified = a >= 1 && tokens[a - 1].kind == Kind::Word && tokens[a - 1].cap;
        if !owned && !qualified {
            continue;
        }
        let name = k + 1;
        let mut end = name;
        while end < tokens.len() && tokens[end].kind == Kind::Word && tokens[end].cap {
            end += 1;
        }
        let closed = tokens
            .get(end)
            .is_none_or(|t| t.kind != Kind::Word || t.norm == "and");
        if end < name + 2 || !closed {
            continue;
        }
        // "South Korea's": the owner's every capitalised word.
        let mut start = if owned { a - 2 } else { a - 1 };
        while start > 0 && tokens[start - 1].kind == Kind::Word && tokens[start - 1].cap {
            start -= 1;
        }
        let office = resolve_np(sv, tokens, 0, start, k);
        let named = resolve_np(sv, tokens, 0, name, end);
        if let (Some(office), Some(mut named)) = (office, named) {
            if named.kind == SubjectKind::Named && named.person && named.actors.is_empty() {
                named.actors = office.actors;
                out.push(named);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positions::text::tokenize;

    fn lex() -> Lexicons {
        Lexicons::builtin()
    }

    fn attribute(lex: &Lexicons, toks: &[Token]) -> Vec<Attribution> {
        super::attribute(
            &Sieve {
                lex,
                people: &BriefPeople::default(),
            },
            toks,
        )
    }

    /// (sentence, expected actors of each attribution in order; "he"/"they"/"the" mark references)
    #[test]
    fn attribution_table() {
        let lex = lex();
        let cases: &[(&str, &[&str])] = &[
            ("Kremlin spokesperson Dmitry Peskov stated that guarantees must be binding.", &["peskov russia"]),
            ("Following Putin’s speech, Kremlin spokesperson Dmitry Peskov stated that guarantees must be binding.", &["peskov russia"]),
            ("Putin further rejected the prospect of peacekeeping forces.", &["putin russia"]),
            ("He emphasized that such deployments would constitute acts of hostility.", &["he"]),
            ("In his address, he declared that any foreign troops would be targets.", &["he"]),
            ("Zelenskyy said Russia was massing troops.", &["zelenskyy ukraine"]),
            ("France and the United Kingdom expressed readiness to deploy combat-capable troops once the conflict ends.", &["france united_kingdom"]),
            (
                "National contributions vary: France and the United Kingdom expressed readiness to deploy troops; Germany and Italy emphasized training; and Poland ruled out sending troops but offered to serve as a logistics hub.",
                &["france united_kingdom", "germany italy", "poland"],
            ),
            ("The Russian Ministry of Defence said it had not planned to strike any targets in Poland.", &["russia"]),
            ("President Volodymyr Zelenskyy, who was not invited to Alaska, reiterated that Ukraine would not give up land.", &["zelenskyy ukraine"]),
            ("Trump said there was no deal until there was a deal, while Putin said the two sides had reached an understanding.", &["trump united_states", "putin russia"]),
            ("NATO Secretary General Mark Rutte said the alliance would defend every inch of its territory.", &["rutte nato"]),
            ("Warsaw formally requested consultations with its allies under Article 4.", &["poland"]),
            ("European leaders said in a joint statement that borders must not be changed by force.", &["europe"]),
            ("Coalition members stated that the reassurance force would not be deployed during active hostilities.", &["coalition_of_the_willing"]),
            ("“We will not retreat,” said Volodymyr Zelenskyy.", &["zelenskyy ukraine"]),
            ("\"We will not retreat,\" Zelenskyy told reporters.", &["zelenskyy ukraine"]),
            ("According to the Kremlin, the talks were useful.", &["russia"]),
            ("The talks were useful, according to Turkish Foreign Minister Hakan Fidan.", &["fidan turkey"]),
            // A decision, and a speaker in a clause of time: no statements.
            ("Negotiators for EU governments agreed early on Thursday on the law that would create a digital euro.", &[]),
            ("The deal came three years after the European Commission proposed it.", &[]),
            // An apposition's office ends before a relative clause, and one follows it.
            ("\"Europe cannot wait,\" said Piero Cipollone, the member of the ECB's Executive Board who leads the project.", &["piero cipollone ecb"]),
            ("Hanna Fridriksson, the minister of industries, whose portfolio includes fisheries, told RUV that the licences would be honoured.", &["hanna fridriksson"]),
            // An apposition's portfolio may be a list.
            ("\"This is the end,\" Hanneke Visser, the minister of agriculture, fisheries, food security and nature, said at the signing.", &["hanneke visser"]),
            ("Hanneke Visser, the minister of agriculture, fisheries, food security and nature, said the deal was good.", &["hanneke visser"]),
            // The one quoted speaks, not the agency that quoted them.
            ("Health Minister Emil Ceban was quoted by the state news agency Moldpres as saying the country would act.", &["emil ceban"]),
            // The country describes the body's members, not the speaker.
            ("An association of Spanish cross-border workers said its members would save an hour.", &[]),
            ("Dmitry Peskov, Putin's spokesman, said the plan was unacceptable.", &["peskov russia"]),
            ("Putin's spokesman said the plan was unacceptable.", &["russia"]),
            ("The spokesperson added that talks would continue.", &["the"]),
            ("Slovak Prime Minister Robert Smolny said gas transit must resume.", &["robert smolny slovakia"]),
            ("The Vatican said it was ready to mediate.", &["holy_see"]),
            ("Orbán said no, and his foreign minister, Péter Szijjártó, told reporters the veto stood.", &["orban hungary", "szijjarto hungary"]),
            ("Orbán's government announced a contract with Gazprom, and Szijjártó insisted it was legal.", &["hungary", "szijjarto hungary"]),
            ("Putin met Macron and Zelenskyy said nothing changed.", &["zelenskyy ukraine"]),
            ("Russia's ambassador to the UN, Vasily Nebenzya, told the council the claims were false.", &["russia nebenzya"]),
            ("Mr. Putin said talks could resume.", &["putin russia"]),
            ("Sikorski, Poland's foreign minister, said the border would stay open.", &["sikorski poland"]),
            // The office ends before what it is for or where it sits; its body speaks.
            ("Ana Rusu, Moldova's deputy prime minister for reintegration, said the contingent had no mandate.", &["ana rusu moldova"]),
            ("Pavel Dorn, Russia's ambassador in Chisinau, told reporters the mission would stay.", &["pavel dorn russia"]),
            ("Ivan Petrenko, Ukraine's deputy minister for communities and territories, said the silos were hit.", &["ivan petrenko ukraine"]),
            ("Lena Vos, a teacher in Tartu, said the school would close.", &["lena vos"]),
            ("Russia's envoy for Baltic affairs, Oleg Vorin, said the checks were a blockade.", &["oleg vorin russia"]),
            ("Russia's envoy for Baltic affairs said the checks were a blockade.", &["russia"]),
            ("Moldova's deputy prime minister for reintegration, Ana Rusu, said the contingent had no mandate.", &["ana rusu moldova"]),
            ("Ukraine's Minister of Defence Rustem Umerov said the talks would resume.", &["umerov ukraine"]),
            ("Pope Leo XIV's Envoy for Ukraine Matteo Zuppi said the children were home.", &["matteo zuppi holy_see"]),
            ("Neither Moscow nor Minsk commented.", &[]),
            ("“We will respond,” he said.", &["he"]),
            ("Kaja Kallas: “Hybrid attacks on one member are attacks on all.”", &["kallas eu"]),
            ("Russia’s claim signals that Moscow sees the station as an asset.", &[]),
            ("Energy analyst Mykhailo Honchar said the exemption would cost Kyiv revenue.", &["mykhailo honchar"]),
            ("According to Moldovan police, more than 100,000 voters were offered cash.", &["moldova"]),
            ("Amnesty International said the strikes were unlawful.", &["amnesty international"]),
            ("The Red Crescent said aid was blocked.", &["red crescent"]),
            ("Norwegian Defence Minister Tore O. Sandvik said submarine activity had grown.", &["tore o sandvik norway"]),
            ("U.S. special envoy Steve Witkoff said the negotiations were closer than ever.", &["witkoff united_states"]),
            ("Ukraine’s human rights commissioner Dmytro Lubinets said 8,000 Ukrainians remained in captivity.", &["lubinets ukraine"]),
            ("Transnistria's de facto leader Vadim Krasnoselsky said the region faced a blockade.", &["vadim krasnoselsky transnistria"]),
            ("Finnish Economic Affairs Minister Wille Rydman said the gas link was operating normally.", &["wille rydman finland"]),
            ("According to the Armenian Ministry of Territorial Administration and Infrastructure, Armenia will keep control.", &["armenia"]),
            ("Russian Minister of Foreign Affairs Sergei Lavrovich said the talks were over.", &["sergei lavrovich russia"]),
            ("The Wagner commander Dmitri Utkinov said the fighters would stay.", &["wagner dmitri utkinov"]),
            ("KFOR commander Maj. Gen. Davide Marchetti told reporters the patrols would stay.", &["davide marchetti nato"]),
            ("A spokesperson for the Turkish Ministry of National Defence, Rear Adm. Zeki Aktürk, said Ankara was ready.", &["zeki akturk turkey"]),
            ("Col. Mikko Saarinen of the Finnish Border Guard told reporters the anchor was missing.", &["mikko saarinen finland"]),
            ("The organisation said observers would arrive in April.", &["the"]),
            ("A spokeswoman said the figure still fell short.", &["the"]),
            ("His office denied that it had received any offer.", &["the"]),
            ("He would not say who laid the mines.", &["he"]),
            ("Analysts would not say who laid the mines.", &[]),
            ("The special forces said nothing.", &[]),
            ("1,200 said they would vote against the plan.", &[]),
            ("On Thursday the European Parliament adopted a resolution calling for a loan.", &["eu"]),
            ("The Russian Embassy in Helsinki called the reports a provocation.", &["russia"]),
            ("Officials in Helsinki said the cable was cut.", &[]),
            ("In Bern, Defence Minister Martin Pfister said Switzerland would not join.", &["martin pfister switzerland"]),
            ("In Bern, Martin Pfister said Switzerland would not join.", &["martin pfister"]),
            ("In Kyiv, German Chancellor Friedrich Merz said aid would continue.", &["merz germany"]),
            ("Separately, Adm. Giuseppe Cavo Dragone, chair of NATO's Military Committee, told reporters jamming was a hybrid attack.", &["giuseppe cavo dragone nato"]),
            ("Dmitri Orlov, who was not invited, said the talks were a farce.", &["dmitri orlov"]),
            ("Japan's Ministry of Economy, Trade and Industry said the deal would cut dependence.", &["japan"]),
            ("Russia's representative to the OPCW, Vladimir Tarabrin, called the findings politically motivated.", &["vladimir tarabrin russia"]),
            ("Marcus J. Holloway, a U.S. State Department spokesperson, said the report confirmed it.", &["marcus j holloway united_states"]),
            ("President Volodymyr Zelenskyy, who joined the session, thanked Germany for the pledge but said Ukraine needed more batteries.", &["zelenskyy ukraine"]),
            ("The drone hit a depot near Lviv and said nothing.", &[]),
            ("OSCE Secretary General Feridun H. Sinirlioğlu, whose organisation is based in Vienna, said the OSCE was ready.", &["feridun h sinirlioglu osce"]),
            // A relative clause after the apposition; an office named before the apposition
            // in a clause that opens with something else.
            ("Oksana Melnyk, Ukraine's deputy minister for ports, who oversees the corridor, said the route would stay open.", &["oksana melnyk ukraine"]),
            ("U.S. special envoy Steve Witkoff, who attended the meeting in Abu Dhabi, said the swap showed progress.", &["witkoff united_states"]),
            ("On Tuesday Lithuania's deputy foreign minister, Rūta Žemaitienė, said the jamming came from Kaliningrad.", &["ruta zemaitiene lithuania"]),
            ("After meeting Russia's foreign minister, Hakan Fidan, who hosted the talks, said the ceasefire should hold.", &["fidan turkey"]),
            ("On Poland's Independence Day Ukraine's ambassador, Vasyl Bodnar, said the drones were Russian.", &["vasyl bodnar ukraine"]),
            // A country that ends a body's name is not the speaker; one word before it may
            // only open the sentence.
            ("Amnesty International UK, a charity, said the arrests followed a pattern.", &["amnesty international uk"]),
            ("Two NATO officials said the drones came from Belarus.", &["nato"]),
            ("Marta Kowalska, a researcher at King's College London, said the finding mattered.", &["marta kowalska"]),
            ("Fisheries Iceland, which represents the fishing companies, said the policy was written for other oceans.", &["fisheries iceland"]),
            ("Michal Simecka, the leader of the opposition Progressive Slovakia, said Fico was holding the union hostage.", &["michal simecka"]),
            ("Christine Lagarde, the president of the European Central Bank, told the committee that any scheme must be lawful.", &["christine lagarde ecb"]),
            // A body's name with "of the" in it owns the office after it; a body the
            // apposition puts in a capital is that country's.
            ("Katrin Wyss, the International Committee of the Red Cross's regional director, said every prisoner was registered.", &["katrin wyss red_cross"]),
            ("The Coordination Headquarters, the government body in Kyiv that negotiates the swaps, said 84 had been held since 2022.", &["coordination headquarters ukraine"]),
            // The office in apposition after an inverted subject, as before the verb; what
            // the office is for or where it sits is no speaker.
            ("“The lorries were hit,” said Jean Sandoz, head of the ICRC's delegation in Sudan.", &["jean sandoz red_cross"]),
            ("“The lorries were hit,” said Jean Sandoz, head of the ICRC's delegation.", &["jean sandoz red_cross"]),
            ("“The convoy was marked,” said Ali Baba, Estonia's ambassador to the UN.", &["ali baba estonia"]),
            ("Jean Sandoz, head of the ICRC's delegation in Sudan, said the lorries were hit.", &["jean sandoz red_cross"]),
            ("“The convoy was marked,” said Ali Baba, a professor at Tartu University.", &["ali baba"]),
            // A hyphenated office is the role its last part names.
            ("Henna Virkkunen, the European Commission's executive vice-president for tech sovereignty, said the plan would work.", &["virkkunen eu"]),
            // Observers from two bodies speak for both, a name with "in" in it included.
            ("International observers from the Organization for Security and Co-operation in Europe and the Council of Europe said the vote was free.", &["osce council_of_europe"]),
            ("Observers from the OSCE and the Council of Europe said the count was accurate.", &["osce council_of_europe"]),
            // An owner named before a lower-case office; what the office is for is not it.
            ("Matthias Schmale, the UN humanitarian coordinator for Ukraine, said attacks hurt people.", &["matthias schmale un"]),
            ("The International Committee of the Red Cross said its teams had visited 212 prisoners.", &["red_cross"]),
            // No statement: object only, analysis, passive, or nobody named.
            ("Russia’s rejection of foreign garrisons after a peace settlement reflects the same logic.", &[]),
            ("The talks lasted about three hours and ended without a ceasefire.", &[]),
            ("Russia voted against it, along with China and Burkina Faso.", &[]),
            ("The EU has added Belarusian smuggling networks to its sanctions list twice since 2025.", &[]),
            ("Peskov added that the talks would go on.", &["peskov russia"]),
            // Calling a meeting convenes it; calling something a name, or for something,
            // says it.
            ("Britain, which drafts the council's texts on Sudan, called an emergency meeting of the council.", &[]),
            ("Britain called the attack a war crime.", &["united_kingdom"]),
            ("Britain called for an emergency meeting of the council.", &["united_kingdom"]),
            ("The US State Department on November 27 approved the possible sale to Taiwan of weapons worth 6.4 billion dollars.", &[]),
            ("The foreign ministry summoned the Russian ambassador, Vladimir Lipaev, on Friday morning.", &[]),
            ("The violation was described as reckless by Poland.", &["poland"]),
            ("A compromise text was rejected by Budapest and Bratislava, which argued it would drag them into the war.", &["hungary slovakia"]),
            ("The port was attacked by Russia overnight.", &[]),
            // A court's finding before "that" is a statement; what it rules or finds
            // otherwise is an act.
            ("The European Court of Human Rights ruled on December 1 that Italy had violated the right to liberty.", &["echr"]),
            ("The European Court of Human Rights found by six votes to one that the men had no remedy.", &["echr"]),
            ("The European Court of Human Rights found the complaint inadmissible.", &[]),
            ("The plan was rejected by analysts.", &[]),
            // Agreeing and refusing to do something are decisions; agreeing that
            // something is so is a statement.
            ("The EU agreed in December 2025 to lend Ukraine 90 billion euros.", &[]),
            ("EU finance ministers agreed during a video call on Jan. 21 that the assets should stay frozen.", &["eu"]),
            ("Azerbaijan has refused to sign it until Armenia drops its claims.", &[]),
            ("Hungary refused to accept that the listings were lawful.", &["hungary"]),
            // A former office holder does not speak for the country of the office.
            ("Kaja Kallas, the EU's foreign policy chief and a former Estonian prime minister, said sanctions were weak.", &["kallas eu"]),
            ("Estonia's former prime minister said sanctions were weak.", &[]),
            ("North Korean state media quoted Kim Jong Un as saying that the soldiers had fulfilled their duty.", &["kim_jong_un north_korea"]),
            ("Reuters quoted officials as saying the talks had stalled.", &[]),
            ("For Kyiv, the summit confirmed the risk of decisions being shaped without Ukraine.", &[]),
            ("Russian forces said nothing.", &[]),
            ("Analysts said the move was risky.", &[]),
            ("The proposed force would comprise land, sea, and air components.", &[]),
        ];
        let mut wrong = Vec::new();
        for (sentence, want) in cases {
            let toks = tokenize(sentence);
            let got: Vec<String> = attribute(&lex, &toks)
                .into_iter()
                .map(|a| match &a.subject.kind {
                    SubjectKind::Named => a
                        .subject
                        .discovered
                        .iter()
                        .map(|d| d.0.clone())
                        .chain(a.subject.actors.iter().cloned())
                        .collect::<Vec<_>>()
                        .join(" "),
                    SubjectKind::Pronoun(p) => p.clone(),
                    SubjectKind::Definite(_) => "the".into(),
                })
                .collect();
            if got != *want {
                wrong.push(format!("{sentence:?}\n  got  {got:?}\n  want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn semicolon_clauses_keep_their_text() {
        let lex = lex();
        let s = "France offered jets; and Poland ruled out sending troops.";
        let toks = tokenize(s);
        let a = attribute(&lex, &toks);
        assert_eq!(a.len(), 2);
        assert_eq!(
            &s[toks[a[1].start].start..toks[a[1].end - 1].end],
            "and Poland ruled out sending troops."
        );
    }
}
