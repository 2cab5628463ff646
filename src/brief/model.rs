//! The Brief model every other part of briefbot shares: a dated analysis made of sections.

use chrono::NaiveDate;

/// One block of a section's body, kept in the shape it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Bullet(String),
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(t) | Block::Bullet(t) => t,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Heading as shown to readers (normalized, e.g. `WHAT HAPPENED:` -> `What Happened`).
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    /// The section's text with blocks separated by blank lines, bullets marked with `•`.
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str(
                    if matches!(b, Block::Bullet(_))
                        && matches!(self.blocks[i - 1], Block::Bullet(_))
                    {
                        "\n"
                    } else {
                        "\n\n"
                    },
                );
            }
            if let Block::Bullet(t) = b {
                out.push_str("• ");
                out.push_str(t);
            } else {
                out.push_str(b.text());
            }
        }
        out
    }
}

/// What a parser makes of one input, before the store gives it an id and a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedBrief {
    pub date: NaiveDate,
    /// Publication or title line ("Borderland Brief").
    pub title: String,
    /// The tagline or standfirst; may be empty.
    pub lead: String,
    pub sections: Vec<Section>,
}

/// A stored brief: what was parsed plus where it came from and its place in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    /// Stable across revisions: `YYYY-MM-DD-title-slug`.
    pub id: String,
    pub date: NaiveDate,
    pub title: String,
    pub lead: String,
    pub sections: Vec<Section>,
    /// File path or URL the brief was read from.
    pub source: String,
    /// Hex SHA-256 of the normalized input text.
    pub content_hash: String,
    /// 1 for the first version, +1 for every edit stored under the same id.
    pub revision: u32,
    /// Seconds since the Unix epoch.
    pub ingested_at: i64,
}

impl Brief {
    /// Finds a section by a user's name for it: exact, then case-insensitive prefix or word match.
    pub fn find_section(&self, wanted: &str) -> Option<&Section> {
        find_section(&self.sections, wanted)
    }
}

pub fn find_section<'a>(sections: &'a [Section], wanted: &str) -> Option<&'a Section> {
    find_by_name(sections, |s| &s.heading, wanted)
}

/// The heading a user means by `wanted` among `headings`, matched as [`find_section`] does,
/// so what a moderator may pick is what a post will find.
pub fn find_heading<'a>(headings: &'a [String], wanted: &str) -> Option<&'a String> {
    find_by_name(headings, |h| h, wanted)
}

fn find_by_name<'a, T>(items: &'a [T], name: impl Fn(&T) -> &str, wanted: &str) -> Option<&'a T> {
    let want = fold_name(wanted);
    if want.is_empty() {
        return None;
    }
    let folded: Vec<String> = items.iter().map(|i| fold_name(name(i))).collect();
    let pick = |ok: &dyn Fn(&str) -> bool| folded.iter().position(|f| ok(f));
    pick(&|f| f == want)
        .or_else(|| pick(&|f| f.starts_with(&want)))
        .or_else(|| pick(&|f| f.contains(&want)))
        .map(|i| &items[i])
}

/// Lower-case letters and digits only, single spaces: "why-it_matters" == "Why It Matters".
fn fold_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
