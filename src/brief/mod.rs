//! Briefs: the model and the parsers that turn files and pages into it.

mod model;
pub mod parse;

pub use model::{find_heading, find_section, Block, Brief, ParsedBrief, Section};
pub use parse::{parse_brief, ParseError};

use sha2::{Digest, Sha256};

/// Section headings across `briefs`, most used first (then by name): what `/brief`'s
/// `section` choices offer and what `sections` options are checked against.
pub fn section_names(briefs: &[Brief]) -> Vec<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for s in briefs.iter().flat_map(|b| &b.sections) {
        *counts.entry(s.heading.clone()).or_default() += 1;
    }
    most_used_first(counts)
}

/// Section headings by how many sections use them, most first, then by name; for whoever
/// counts them without holding every brief (the search index's build).
pub fn most_used_first(counts: std::collections::HashMap<String, usize>) -> Vec<String> {
    let mut names: Vec<(String, usize)> = counts.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    names.into_iter().map(|(h, _)| h).collect()
}

/// Hash of what a reader sees (date, title, lead, sections), so the same brief copied under
/// another name, or saved with CRLF line ends or a BOM, counts as unchanged.
pub fn content_hash(p: &ParsedBrief) -> String {
    let mut h = Sha256::new();
    h.update(p.date.to_string());
    h.update([0]);
    h.update(&p.title);
    h.update([0]);
    h.update(&p.lead);
    for s in &p.sections {
        h.update([1]);
        h.update(&s.heading);
        for b in &s.blocks {
            h.update(match b {
                Block::Paragraph(_) => [2],
                Block::Bullet(_) => [3],
            });
            h.update(b.text());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
