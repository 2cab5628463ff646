//! Briefs: the model and the parsers that turn files and pages into it.

mod model;
pub mod parse;

pub use model::{find_section, Block, Brief, ParsedBrief, Section};
pub use parse::{parse_brief, ParseError};

use sha2::{Digest, Sha256};

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
