//! The plain baseline the `/position` engine is measured against (`benches/positions.rs`):
//! BM25 over every sentence that mentions the actor, with no attribution, stance or topic
//! lexicon. It shows what the engine's precision costs and buys; nothing answers from it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::lexicon::Lexicons;
use super::text::{term_words, tokenize};
use crate::brief::Brief;
use crate::sentences::sentences;

const K1: f32 = 1.2;
const B: f32 = 0.75;

struct Sentence {
    date: NaiveDate,
    text: String,
    /// Stem -> count.
    tf: HashMap<String, u32>,
    len: u32,
}

/// Sentences by the actors they mention, with document frequencies for BM25.
pub struct Baseline {
    lex: Lexicons,
    sentences: Vec<Sentence>,
    df: HashMap<String, u32>,
    avg_len: f32,
    by_actor: HashMap<String, Vec<u32>>,
}

impl Baseline {
    pub fn new(lex: Lexicons, briefs: &[Brief]) -> Baseline {
        let mut b = Baseline {
            lex,
            sentences: Vec::new(),
            df: HashMap::new(),
            avg_len: 0.0,
            by_actor: HashMap::new(),
        };
        let mut total = 0u64;
        for brief in briefs {
            let blocks = std::iter::once(brief.lead.as_str()).chain(
                brief
                    .sections
                    .iter()
                    .flat_map(|s| s.blocks.iter().map(|b| b.text())),
            );
            for block in blocks {
                for s in sentences(block) {
                    let toks = tokenize(s);
                    let i = b.sentences.len() as u32;
                    let mut actors: Vec<String> = b
                        .lex
                        .mentions(&toks, 0, toks.len())
                        .iter()
                        .flat_map(|m| b.lex.expand(m.actor))
                        .collect();
                    actors.sort();
                    actors.dedup();
                    for a in actors {
                        b.by_actor.entry(a).or_default().push(i);
                    }
                    let mut tf: HashMap<String, u32> = HashMap::new();
                    let words = term_words(s);
                    for w in &words {
                        *tf.entry(w.stem.clone()).or_default() += 1;
                    }
                    for stem in tf.keys() {
                        *b.df.entry(stem.clone()).or_default() += 1;
                    }
                    total += words.len() as u64;
                    b.sentences.push(Sentence {
                        date: brief.date,
                        text: s.to_string(),
                        tf,
                        len: words.len() as u32,
                    });
                }
            }
        }
        b.avg_len = total as f32 / b.sentences.len().max(1) as f32;
        b
    }

    /// The `k` best sentences mentioning the actor for the topic words (newest first on a
    /// tie; every sentence of the actor when no topic is given). `None` for an unknown actor.
    pub fn query(&self, actor: &str, topic: &str, k: usize) -> Option<Vec<(f32, &str)>> {
        let id = &self.lex.resolve_actor_name(actor)?.id;
        let stems: Vec<String> = term_words(topic).into_iter().map(|w| w.stem).collect();
        let n = self.sentences.len() as f32;
        let idf: Vec<f32> = stems
            .iter()
            .map(|s| {
                let df = self.df.get(s).copied().unwrap_or(0) as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let mut scored: Vec<(f32, u32)> = Vec::new();
        for &i in self.by_actor.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            let s = &self.sentences[i as usize];
            let norm = K1 * (1.0 - B + B * s.len as f32 / self.avg_len);
            let score: f32 = stems
                .iter()
                .zip(&idf)
                .map(|(stem, idf)| {
                    let tf = s.tf.get(stem).copied().unwrap_or(0) as f32;
                    idf * tf * (K1 + 1.0) / (tf + norm)
                })
                .sum();
            if stems.is_empty() || score > 0.0 {
                scored.push((score, i));
            }
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(
                    self.sentences[b.1 as usize]
                        .date
                        .cmp(&self.sentences[a.1 as usize].date),
                )
                .then(a.1.cmp(&b.1))
        });
        Some(
            scored
                .into_iter()
                .take(k)
                .map(|(s, i)| (s, self.sentences[i as usize].text.as_str()))
                .collect(),
        )
    }
}
