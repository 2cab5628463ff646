//! Full-text search over briefs: BM25 over passages (a paragraph or bullet with its
//! section), on English word stems, so "guarantee" finds "guarantees".

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_stemmers::{Algorithm, Stemmer};

use crate::brief::Brief;

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Longest quoted passage in a result.
pub const EXCERPT_CHARS: usize = 350;

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were",
    "will", "with", "would",
];

/// Lower-cased, stemmed words without stop words.
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::English);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

#[derive(Debug, Clone)]
pub struct Passage {
    pub brief_id: String,
    pub date: NaiveDate,
    pub title: String,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    pub passage: &'a Passage,
    pub score: f32,
    /// The best-matching sentences of the passage, at most [`EXCERPT_CHARS`].
    pub excerpt: String,
}

pub struct SearchIndex {
    briefs: usize,
    /// Kept here because this index is the library's in-memory copy, rebuilt when it changes.
    section_names: Vec<String>,
    passages: Vec<Passage>,
    lengths: Vec<u32>,
    postings: HashMap<String, Vec<(u32, u16)>>,
    avg_len: f32,
}

impl SearchIndex {
    pub fn build(briefs: &[Brief]) -> SearchIndex {
        let mut passages = Vec::new();
        let mut lengths = Vec::new();
        let mut postings: HashMap<String, Vec<(u32, u16)>> = HashMap::new();
        for b in briefs {
            let lead = (!b.lead.is_empty()).then(|| ("Lead".to_string(), b.lead.clone()));
            let blocks = b.sections.iter().flat_map(|s| {
                s.blocks
                    .iter()
                    .map(move |bl| (s.heading.clone(), bl.text().to_string()))
            });
            for (heading, text) in lead.into_iter().chain(blocks) {
                let ts = terms(&text);
                let id = passages.len() as u32;
                let mut tf: HashMap<&str, u16> = HashMap::new();
                for t in &ts {
                    *tf.entry(t).or_default() += 1;
                }
                for (t, n) in tf {
                    postings.entry(t.to_string()).or_default().push((id, n));
                }
                lengths.push(ts.len() as u32);
                passages.push(Passage {
                    brief_id: b.id.clone(),
                    date: b.date,
                    title: b.title.clone(),
                    heading,
                    text,
                });
            }
        }
        let avg_len = if lengths.is_empty() {
            1.0
        } else {
            lengths.iter().map(|&l| l as f32).sum::<f32>() / lengths.len() as f32
        };
        SearchIndex {
            briefs: briefs.len(),
            section_names: crate::brief::section_names(briefs),
            passages,
            lengths,
            postings,
            avg_len,
        }
    }

    /// The best `limit` passages for `query`, best first; newer briefs win ties.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        let mut qterms = terms(query);
        qterms.sort();
        qterms.dedup();
        let n = self.passages.len() as f32;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for t in &qterms {
            let Some(list) = self.postings.get(t) else {
                continue;
            };
            let idf = ((n - list.len() as f32 + 0.5) / (list.len() as f32 + 0.5) + 1.0).ln();
            for &(p, tf) in list {
                let len = self.lengths[p as usize] as f32;
                let tf = tf as f32;
                *scores.entry(p).or_default() +=
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.avg_len));
            }
        }
        // The exact phrase counts for more than its words scattered.
        let phrase = query.trim().to_lowercase();
        let mut ranked: Vec<(u32, f32)> = scores
            .into_iter()
            .map(|(p, s)| {
                let boost = if qterms.len() > 1
                    && self.passages[p as usize]
                        .text
                        .to_lowercase()
                        .contains(&phrase)
                {
                    1.5
                } else {
                    1.0
                };
                (p, s * boost)
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| {
                    self.passages[b.0 as usize]
                        .date
                        .cmp(&self.passages[a.0 as usize].date)
                })
                .then_with(|| a.0.cmp(&b.0))
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(p, score)| {
                let passage = &self.passages[p as usize];
                SearchHit {
                    passage,
                    score,
                    excerpt: excerpt(&passage.text, &qterms),
                }
            })
            .collect()
    }

    pub fn brief_count(&self) -> usize {
        self.briefs
    }

    /// Section headings of the indexed briefs, most used first.
    pub fn section_names(&self) -> &[String] {
        &self.section_names
    }
}

/// The sentence with the most query terms, with its neighbours while they fit.
fn excerpt(text: &str, qterms: &[String]) -> String {
    // The /position splitter: it knows "U.S." and "Gen." do not end a sentence.
    let sentences = crate::sentences::sentences(text);
    let score = |s: &str| terms(s).iter().filter(|t| qterms.contains(t)).count();
    let best = (0..sentences.len())
        .max_by_key(|&i| (score(sentences[i]), std::cmp::Reverse(i)))
        .unwrap_or(0);
    let mut out = sentences.get(best).copied().unwrap_or("").to_string();
    let mut next = best + 1;
    while next < sentences.len()
        && out.chars().count() + sentences[next].chars().count() < EXCERPT_CHARS
    {
        out.push(' ');
        out.push_str(sentences[next]);
        next += 1;
    }
    let prefix = if best > 0 { "… " } else { "" };
    let suffix = if next < sentences.len() { " …" } else { "" };
    crate::reply::truncate(&format!("{prefix}{out}{suffix}"), EXCERPT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::{Block, Section};

    fn brief(id: &str, date: &str, paras: &[&str]) -> Brief {
        Brief {
            id: id.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            title: "T".into(),
            lead: String::new(),
            sections: vec![Section {
                heading: "What Happened".into(),
                blocks: paras
                    .iter()
                    .map(|p| Block::Paragraph((*p).into()))
                    .collect(),
            }],
            source: String::new(),
            content_hash: String::new(),
            revision: 1,
            ingested_at: 0,
        }
    }

    #[test]
    fn ranks_by_stems_and_prefers_newer_on_ties() {
        let idx = SearchIndex::build(&[
            brief(
                "a",
                "2025-09-01",
                &["Talks on security guarantees stalled.", "Weather was mild."],
            ),
            brief(
                "b",
                "2025-09-05",
                &[
                    "A guarantee of security was offered.",
                    "Drones crossed the border.",
                ],
            ),
            brief(
                "c",
                "2025-09-06",
                &["Nothing relevant here at all, just words."],
            ),
        ]);
        let hits = idx.search("security guarantees", 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].passage.brief_id, "a", "exact phrase ranks first");
        assert_eq!(hits[1].passage.brief_id, "b", "stems match");
        assert!(idx.search("drone", 10)[0]
            .excerpt
            .contains("Drones crossed"));
        assert!(idx.search("zeppelin", 10).is_empty());
        assert!(
            idx.search("the and of", 10).is_empty(),
            "stop words alone find nothing"
        );
    }

    #[test]
    fn excerpts_center_on_the_matching_sentence() {
        let long = format!(
            "{} The key sentence mentions garrisons. {}",
            "Filler sentence here. ".repeat(20),
            "Tail sentence. ".repeat(30)
        );
        let idx = SearchIndex::build(&[brief("a", "2025-09-01", &[&long])]);
        let hit = &idx.search("garrison", 1)[0];
        assert!(
            hit.excerpt.starts_with("… The key sentence"),
            "{}",
            hit.excerpt
        );
        assert!(hit.excerpt.chars().count() <= EXCERPT_CHARS);
    }

    #[test]
    fn excerpts_do_not_start_inside_an_abbreviation() {
        let text = format!(
            "{} The U.S. Secretary of State said garrisons were not planned. {}",
            "Filler sentence here. ".repeat(20),
            "Tail sentence. ".repeat(30)
        );
        let idx = SearchIndex::build(&[brief("a", "2025-09-01", &[&text])]);
        let hit = &idx.search("garrison", 1)[0];
        assert!(
            hit.excerpt
                .starts_with("… The U.S. Secretary of State said garrisons"),
            "{}",
            hit.excerpt
        );
    }
}
