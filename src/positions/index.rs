//! Answering `/position <actor> <topic>` from claims held in memory, and the autocomplete
//! suggestions for both options (Discord gives autocomplete no time to touch the disk).

use std::collections::{HashMap, HashSet};

use strsim::jaro_winkler;

use super::lexicon::{ActorKind, Lexicons};
use super::text::{name_key, term_words};
use super::{Claim, Stance};

const MAX_SUGGESTIONS: usize = 25;
const MAX_DID_YOU_MEAN: usize = 5;
const MAX_OTHERS: usize = 8;

/// Words too common to carry a free-text topic.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "on", "in", "to", "for", "and", "or", "about", "with", "at", "by",
    "from", "is", "are", "was", "what", "has", "have", "said", "say", "its", "it", "this", "that",
    "their", "his", "her",
];

/// One claim in an answer and how well it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub claim: Claim,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PositionAnswer {
    /// Ranked: most relevant first, then newest.
    Found {
        actor_label: String,
        topic_label: String,
        hits: Vec<Hit>,
    },
    /// Nobody by that name in the lexicon or among the briefs' speakers.
    UnknownActor {
        input: String,
        did_you_mean: Vec<String>,
    },
    /// The actor exists but has said nothing on record about the topic.
    Nothing {
        actor_label: String,
        topic_label: String,
        other_topics_for_actor: Vec<String>,
        other_actors_for_topic: Vec<String>,
    },
}

enum TopicQuery {
    All,
    Known { id: String, stems: Vec<String> },
    Free { stems: Vec<String> },
}

/// Claims indexed by actor, plus everything the suggestions need.
#[derive(Debug, Clone)]
pub struct PositionIndex {
    lex: Lexicons,
    claims: Vec<Claim>,
    stems: Vec<HashSet<String>>,
    topic_hits: Vec<HashMap<String, u32>>,
    by_actor: HashMap<String, Vec<usize>>,
    /// Speakers the lexicon does not know: id (folded name) -> name as written.
    discovered: HashMap<String, String>,
}

impl PositionIndex {
    pub fn new(lex: Lexicons, claims: Vec<Claim>) -> PositionIndex {
        let mut idx = PositionIndex {
            lex,
            claims: Vec::new(),
            stems: Vec::new(),
            topic_hits: Vec::new(),
            by_actor: HashMap::new(),
            discovered: HashMap::new(),
        };
        idx.extend(claims);
        idx
    }

    fn extend(&mut self, claims: Vec<Claim>) {
        for c in claims {
            let i = self.claims.len();
            self.stems
                .push(term_words(&c.text).into_iter().map(|w| w.stem).collect());
            self.topic_hits
                .push(self.lex.tag_topics(&c.text).into_iter().collect());
            for a in &c.actors {
                self.by_actor.entry(a.clone()).or_default().push(i);
                if self.lex.actor(a).is_none() && !self.discovered.contains_key(a) {
                    self.discovered
                        .insert(a.clone(), written_name(&c.speaker, a));
                }
            }
            self.claims.push(c);
        }
    }

    /// Swaps one brief's claims for a new analysis of it (a re-ingested revision).
    pub fn replace_brief(&mut self, brief_id: &str, claims: Vec<Claim>) {
        let mut kept: Vec<Claim> = std::mem::take(&mut self.claims)
            .into_iter()
            .filter(|c| c.brief_id != brief_id)
            .collect();
        kept.extend(claims);
        self.stems.clear();
        self.topic_hits.clear();
        self.by_actor.clear();
        self.discovered.clear();
        self.extend(kept);
    }

    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// The display name of an actor id (configured or discovered).
    pub fn actor_label(&self, id: &str) -> String {
        if let Some(a) = self.lex.actor(id) {
            return a.name.clone();
        }
        self.discovered
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub fn topic_label(&self, id: &str) -> String {
        self.lex
            .topic(id)
            .map(|t| t.label.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn resolve_actor(&self, input: &str) -> Option<String> {
        if let Some(a) = self.lex.resolve_actor_name(input) {
            return Some(a.id.clone());
        }
        let key = name_key(input);
        if key.is_empty() {
            return None;
        }
        if self.discovered.contains_key(&key) {
            return Some(key);
        }
        // A surname or part of a discovered name ("fico" -> "robert fico").
        let words: Vec<&str> = key.split(' ').collect();
        self.discovered
            .keys()
            .filter(|d| {
                let dw: Vec<&str> = d.split(' ').collect();
                words.iter().all(|w| dw.contains(w))
            })
            .max_by_key(|d| {
                (
                    self.by_actor.get(*d).map_or(0, Vec::len),
                    std::cmp::Reverse((*d).clone()),
                )
            })
            .cloned()
    }

    fn resolve_topic(&self, input: &str) -> (TopicQuery, String) {
        let stems: Vec<String> = term_words(input)
            .into_iter()
            .filter(|w| !STOPWORDS.contains(&w.form.as_str()))
            .map(|w| w.stem)
            .collect();
        if stems.is_empty() {
            return (TopicQuery::All, "everything".into());
        }
        if let Some(t) = self.lex.resolve_topic(input) {
            return (
                TopicQuery::Known {
                    id: t.id.clone(),
                    stems,
                },
                t.label.clone(),
            );
        }
        // A misspelt topic name ("troups") still finds the configured topic.
        let key = name_key(input);
        let key = key.as_str();
        let close = self
            .lex
            .topics()
            .iter()
            .flat_map(|t| {
                std::iter::once(&t.label)
                    .chain(&t.terms_text)
                    .map(move |n| (t, jaro_winkler(&name_key(n.trim_start_matches('=')), key)))
            })
            .filter(|(_, s)| *s >= 0.93)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((t, _)) = close {
            return (
                TopicQuery::Known {
                    id: t.id.clone(),
                    stems,
                },
                t.label.clone(),
            );
        }
        (TopicQuery::Free { stems }, input.trim().to_string())
    }

    /// How well claim `i` answers the topic; `None` when it does not.
    fn topic_score(&self, i: usize, q: &TopicQuery) -> Option<f32> {
        let c = &self.claims[i];
        let all_stems = |stems: &[String]| stems.iter().all(|s| self.stems[i].contains(s));
        match q {
            TopicQuery::All => Some(1.0),
            TopicQuery::Known { id, stems } => {
                if let Some(&n) = self.topic_hits[i].get(id) {
                    Some(3.0 + 0.25 * n.min(4) as f32)
                } else if c.topics.contains(id) {
                    Some(3.0)
                } else if all_stems(stems) {
                    Some(2.5)
                } else if c.context_topics.contains(id) {
                    Some(1.0)
                } else {
                    None
                }
            }
            TopicQuery::Free { stems } => {
                let found = stems.iter().filter(|s| self.stems[i].contains(*s)).count();
                let need = if stems.len() >= 3 {
                    stems.len() - 1
                } else {
                    stems.len()
                };
                (found >= need).then(|| 2.0 + found as f32 / stems.len() as f32)
            }
        }
    }

    fn matches_topic_directly(&self, i: usize, q: &TopicQuery) -> bool {
        self.topic_score(i, q).is_some_and(|s| s > 1.5)
    }

    pub fn query(&self, actor: &str, topic: &str) -> PositionAnswer {
        let Some(actor_id) = self.resolve_actor(actor) else {
            return PositionAnswer::UnknownActor {
                input: actor.trim().to_string(),
                did_you_mean: self.did_you_mean(actor),
            };
        };
        let actor_label = self.actor_label(&actor_id);
        let (q, topic_label) = self.resolve_topic(topic);
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen = HashSet::new();
        for &i in self
            .by_actor
            .get(&actor_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let Some(mut score) = self.topic_score(i, &q) else {
                continue;
            };
            let c = &self.claims[i];
            if !seen.insert((c.brief_id.as_str(), c.sentence_index, c.text.as_str())) {
                continue;
            }
            if c.stance != Stance::States {
                score += 0.1;
            }
            if c.from_context {
                score -= 0.2;
            }
            if c.actors.first() == Some(&actor_id) {
                score += 0.1;
            }
            hits.push(Hit {
                claim: c.clone(),
                score,
            });
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.claim.brief_date.cmp(&a.claim.brief_date))
                .then(a.claim.brief_id.cmp(&b.claim.brief_id))
                .then(a.claim.sentence_index.cmp(&b.claim.sentence_index))
        });
        if !hits.is_empty() {
            return PositionAnswer::Found {
                actor_label,
                topic_label,
                hits,
            };
        }
        PositionAnswer::Nothing {
            other_topics_for_actor: self.topics_of(&actor_id),
            other_actors_for_topic: self.actors_on(&q, &actor_id),
            actor_label,
            topic_label,
        }
    }

    fn topics_of(&self, actor_id: &str) -> Vec<String> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &i in self
            .by_actor
            .get(actor_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            for t in &self.claims[i].topics {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .take(MAX_OTHERS)
            .map(|(t, _)| self.topic_label(t))
            .collect()
    }

    fn actors_on(&self, q: &TopicQuery, except: &str) -> Vec<String> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for i in 0..self.claims.len() {
            if !self.matches_topic_directly(i, q) {
                continue;
            }
            for a in &self.claims[i].actors {
                if a != except {
                    *counts.entry(a.as_str()).or_default() += 1;
                }
            }
        }
        let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .take(MAX_OTHERS)
            .map(|(a, _)| self.actor_label(a))
            .collect()
    }

    fn did_you_mean(&self, input: &str) -> Vec<String> {
        let key = name_key(input);
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, String)> = Vec::new();
        let lex_names = self
            .lex
            .name_keys()
            .map(|(k, i)| (k.to_string(), self.lex.actor_at(i).id.clone()));
        let disc = self.discovered.keys().map(|k| (k.clone(), k.clone()));
        for (name, id) in lex_names.chain(disc) {
            let s = jaro_winkler(&key, &name).max(
                name.split(' ')
                    .map(|w| jaro_winkler(&key, w))
                    .fold(0.0, f64::max)
                    - 0.02,
            );
            if s >= 0.78 {
                scored.push((s, id));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (_, id) in scored {
            let label = self.actor_label(&id);
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == MAX_DID_YOU_MEAN {
                break;
            }
        }
        out
    }

    /// For the CLI's text form: the longest known actor name at the start is the actor,
    /// the rest the topic ("united states ceasefire" -> ("united states", "ceasefire")).
    pub fn split_actor_topic(&self, words: &str) -> (String, String) {
        let parts: Vec<&str> = words.split_whitespace().collect();
        if parts.is_empty() {
            return (String::new(), String::new());
        }
        for n in (1..=parts.len()).rev() {
            let cand = parts[..n].join(" ");
            let key = name_key(&cand);
            if self.lex.resolve_actor_name(&cand).is_some() || self.discovered.contains_key(&key) {
                return (cand, parts[n..].join(" "));
            }
        }
        (parts[0].to_string(), parts[1..].join(" "))
    }

    fn claim_count(&self, id: &str) -> usize {
        self.by_actor.get(id).map_or(0, Vec::len)
    }

    /// Up to 25 actor names for autocomplete: prefix matches first, then fuzzy ones; actors
    /// with statements on record before those without.
    pub fn suggest_actors(&self, prefix: &str) -> Vec<String> {
        let p = name_key(prefix);
        // (tier, -claims, label)
        let mut best: HashMap<String, (u8, usize)> = HashMap::new();
        let mut consider = |id: &str, name: &str, tier_of: &dyn Fn(&str) -> Option<u8>| {
            if let Some(tier) = tier_of(name) {
                let e = best.entry(id.to_string()).or_insert((tier, 0));
                e.0 = e.0.min(tier);
            }
        };
        let tier_of = |name: &str| -> Option<u8> {
            if p.is_empty() {
                return Some(0);
            }
            if name.starts_with(&p) {
                Some(0)
            } else if name.split(' ').any(|w| w.starts_with(&p)) {
                Some(1)
            } else {
                let head: String = name.chars().take(p.chars().count()).collect();
                (jaro_winkler(&head, &p) >= 0.8 || jaro_winkler(name, &p) >= 0.85).then_some(2)
            }
        };
        for (name, i) in self.lex.name_keys() {
            let a = self.lex.actor_at(i);
            // Demonyms and bodies resolve too, but suggest the actor's own name.
            consider(&a.id, name, &tier_of);
        }
        for id in self.discovered.keys() {
            consider(id, id, &tier_of);
        }
        let mut v: Vec<(u8, std::cmp::Reverse<usize>, u8, String)> = best
            .into_iter()
            .map(|(id, (tier, _))| {
                let kind_rank = match self.lex.actor(&id).map(|a| a.kind) {
                    Some(ActorKind::Country) => 0,
                    Some(ActorKind::Organization) | Some(ActorKind::Group) => 1,
                    _ => 2,
                };
                (
                    tier,
                    std::cmp::Reverse(self.claim_count(&id)),
                    kind_rank,
                    self.actor_label(&id),
                )
            })
            .collect();
        v.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, _, label) in v {
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }

    /// Up to 25 topic names for autocomplete, topics with statements on record first.
    pub fn suggest_topics(&self, prefix: &str) -> Vec<String> {
        let p = name_key(prefix);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for c in &self.claims {
            for t in &c.topics {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut v: Vec<(u8, std::cmp::Reverse<usize>, String)> = Vec::new();
        for t in self.lex.topics() {
            let names = std::iter::once(t.label.as_str())
                .chain(t.terms_text.iter().map(|s| s.trim_start_matches('=')));
            let tier = names
                .map(name_key)
                .filter_map(|n| {
                    if p.is_empty() || n.starts_with(&p) {
                        Some(if n == name_key(&t.label) { 0 } else { 1 })
                    } else if n.split(' ').any(|w| w.starts_with(&p)) {
                        Some(2)
                    } else {
                        (jaro_winkler(&n, &p) >= 0.85).then_some(3)
                    }
                })
                .min();
            if let Some(tier) = tier {
                v.push((
                    tier,
                    std::cmp::Reverse(counts.get(t.id.as_str()).copied().unwrap_or(0)),
                    t.label.clone(),
                ));
            }
        }
        v.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, label) in v {
            if !out.contains(&label) {
                out.push(label);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }
}

/// The words of `speaker` that fold to `key`, so "Robert Fico" keeps its capitals and accents.
fn written_name(speaker: &str, key: &str) -> String {
    let words: Vec<&str> = speaker.split_whitespace().collect();
    let n = key.split(' ').count();
    for w in words.windows(n) {
        let cand = w.join(" ");
        if name_key(&cand) == key {
            return cand
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string();
        }
    }
    key.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
