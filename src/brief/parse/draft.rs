//! The format-neutral middle step. Each format parser yields a `Draft` (what its metadata said
//! plus a flat list of headings and blocks); `finish` applies the rules every format shares
//! (title, lead, date order, sections, empty-body checks) so all formats behave alike.

use super::dates;
use super::headings::{collapse_ws, normalize_heading, title_from_name};
use super::ParseError;
use crate::brief::{Block, ParsedBrief, Section};
use chrono::NaiveDate;

/// Heading of the section that holds text written without any heading.
pub(crate) const DEFAULT_HEADING: &str = "Brief";

/// A lead longer than this is body text that happens to come before the first heading.
const MAX_LEAD_CHARS: usize = 400;

/// A header line ("Published by the desk on 5 September 2025") is at most this long.
const MAX_HEADER_LINE_CHARS: usize = 200;

/// How many blocks before the first heading count as the header when looking for a date.
const HEADER_BLOCKS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Heading {
        level: u8,
        text: String,
        /// Guessed from the shape of a plain-text line rather than marked up.
        weak: bool,
    },
    Para {
        text: String,
        /// Marked as a standfirst by the author (a wholly italic paragraph, `<p class="lead">`).
        lead_hint: bool,
    },
    Bullet(String),
}

impl Item {
    pub(crate) fn para(text: &str) -> Item {
        Item::Para {
            text: collapse_ws(text),
            lead_hint: false,
        }
    }

    fn text(&self) -> &str {
        match self {
            Item::Heading { text, .. } | Item::Para { text, .. } | Item::Bullet(text) => text,
        }
    }

    fn is_heading(&self) -> bool {
        matches!(self, Item::Heading { .. })
    }

    fn into_block(self) -> Block {
        match self {
            Item::Bullet(t) => Block::Bullet(t),
            Item::Heading { text, .. } | Item::Para { text, .. } => Block::Paragraph(text),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Draft {
    /// From front matter, meta tags or header lines: wins over every other date.
    pub header_date: Option<NaiveDate>,
    pub title: Option<String>,
    pub lead: Option<String>,
    pub items: Vec<Item>,
}

fn clean_title(raw: &str) -> String {
    let (_, undated) = dates::strip_date(&collapse_ws(raw));
    normalize_heading(&undated)
}

pub(crate) fn finish(d: Draft, name: &str) -> Result<ParsedBrief, ParseError> {
    let Draft {
        mut header_date,
        mut title,
        lead,
        items,
    } = d;
    let mut items: Vec<Item> = items
        .into_iter()
        .map(|it| match it {
            Item::Heading { level, text, weak } => Item::Heading {
                level,
                text: collapse_ws(&text),
                weak,
            },
            Item::Para { text, lead_hint } => Item::Para {
                text: collapse_ws(&text),
                lead_hint,
            },
            Item::Bullet(t) => Item::Bullet(collapse_ws(&t)),
        })
        .filter(|it| !it.text().is_empty())
        .collect();

    // A single `#` heading at the very top names the brief rather than opening a section.
    let h1_count = items
        .iter()
        .filter(|it| matches!(it, Item::Heading { level: 1, .. }))
        .count();
    if h1_count == 1 {
        if let Some(Item::Heading { level: 1, text, .. }) = items.first() {
            let (date, undated) = dates::strip_date(text);
            if header_date.is_none() {
                header_date = date;
            }
            if title.is_none() && !undated.is_empty() {
                title = Some(undated);
            }
            items.remove(0);
        }
    }

    let mut first_heading = items
        .iter()
        .position(Item::is_heading)
        .unwrap_or(items.len());
    let had_headings = first_heading < items.len();

    // Header lines that only carry a date are metadata, not body text.
    let mut i = 0;
    let mut scanned = 0;
    while i < first_heading && scanned < HEADER_BLOCKS {
        scanned += 1;
        if let Item::Para { text, .. } = &items[i] {
            if let Some(date) = dates::date_only_line(text) {
                header_date.get_or_insert(date);
                items.remove(i);
                first_heading -= 1;
                continue;
            }
        }
        i += 1;
    }
    if header_date.is_none() {
        // Only short lines count as header lines: a date in a body paragraph written before
        // any heading ("On September 4, 2025, …") is news, and the file name's date beats it.
        header_date = items[..first_heading.min(HEADER_BLOCKS)]
            .iter()
            .filter(|it| it.text().chars().count() <= MAX_HEADER_LINE_CHARS)
            .find_map(|it| dates::find_date(it.text()))
            .map(|f| f.date);
    }

    let mut rest = items.split_off(first_heading);
    let mut preamble = items;

    let mut lead = lead.map(|l| collapse_ws(&l)).filter(|l| !l.is_empty());
    if lead.is_none() {
        if let Some(Item::Para { text, lead_hint }) = preamble.first() {
            let short = text.chars().count() <= MAX_LEAD_CHARS;
            // Without headings a lone paragraph is the body, not a standfirst.
            let takes = if had_headings {
                *lead_hint || short
            } else {
                *lead_hint && preamble.len() > 1
            };
            if takes {
                lead = Some(text.clone());
                preamble.remove(0);
            }
        }
    }

    // A plain-text "heading" left dangling at the very end is a closing line ("Slava Ukraini"):
    // keep it as text of the section before it.
    if let Some(Item::Heading { weak: true, .. }) = rest.last() {
        if rest.iter().rev().skip(1).any(|it| !it.is_heading()) {
            if let Some(Item::Heading { text, .. }) = rest.pop() {
                rest.push(Item::Para {
                    text,
                    lead_hint: false,
                });
            }
        }
    }

    let mut sections: Vec<Section> = Vec::new();
    if !preamble.is_empty() {
        sections.push(Section {
            heading: DEFAULT_HEADING.to_string(),
            blocks: preamble.into_iter().map(Item::into_block).collect(),
        });
    }
    for it in rest {
        match it {
            Item::Heading { text, .. } => {
                let heading = normalize_heading(&text);
                sections.push(Section {
                    heading: if heading.is_empty() {
                        DEFAULT_HEADING.to_string()
                    } else {
                        heading
                    },
                    blocks: Vec::new(),
                });
            }
            block => {
                if let Some(s) = sections.last_mut() {
                    s.blocks.push(block.into_block());
                }
            }
        }
    }
    sections.retain(|s| !s.blocks.is_empty());
    if sections.is_empty() && !had_headings {
        // Only a tagline was written: it is the whole body.
        if let Some(l) = lead.take() {
            sections.push(Section {
                heading: DEFAULT_HEADING.to_string(),
                blocks: vec![Block::Paragraph(l)],
            });
        }
    }
    if sections.is_empty() {
        return Err(ParseError::NoBody);
    }

    let title = title
        .map(|t| clean_title(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| title_from_name(name))
        .unwrap_or_else(|| DEFAULT_HEADING.to_string());
    let lead = lead.unwrap_or_default();

    let date = header_date
        .or_else(|| dates::date_in_name(name))
        .or_else(|| {
            std::iter::once(title.as_str())
                .chain(std::iter::once(lead.as_str()))
                .chain(
                    sections
                        .iter()
                        .flat_map(|s| s.blocks.iter().map(Block::text)),
                )
                .find_map(dates::find_date)
                .map(|f| f.date)
        })
        .ok_or(ParseError::NoDate)?;

    Ok(ParsedBrief {
        date,
        title,
        lead,
        sections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(text: &str) -> Item {
        Item::Heading {
            level: 2,
            text: text.to_string(),
            weak: false,
        }
    }

    fn shape(b: &ParsedBrief) -> Vec<(&str, usize)> {
        b.sections
            .iter()
            .map(|s| (s.heading.as_str(), s.blocks.len()))
            .collect()
    }

    #[test]
    fn text_before_the_first_heading() {
        let long = "word ".repeat(100);
        // (items, expected lead, expected sections)
        type Case = (Vec<Item>, &'static str, Vec<(&'static str, usize)>);
        let cases: Vec<Case> = vec![
            (
                vec![
                    Item::para("Short standfirst."),
                    heading("WHAT HAPPENED"),
                    Item::para("x"),
                ],
                "Short standfirst.",
                vec![("What Happened", 1)],
            ),
            (
                vec![Item::para(&long), heading("What Happened"), Item::para("x")],
                "",
                vec![("Brief", 1), ("What Happened", 1)],
            ),
            (
                vec![
                    Item::para("Date: 5 September 2025"),
                    Item::para("Lead."),
                    Item::para("More."),
                    heading("Why It Matters:"),
                    Item::Bullet("b".into()),
                ],
                "Lead.",
                vec![("Brief", 1), ("Why It Matters", 1)],
            ),
            // Without headings a lone short paragraph is the body.
            (vec![Item::para("Only text.")], "", vec![("Brief", 1)]),
            (
                vec![
                    Item::Para {
                        text: "Italic standfirst.".into(),
                        lead_hint: true,
                    },
                    Item::para("Body."),
                ],
                "Italic standfirst.",
                vec![("Brief", 1)],
            ),
            // Empty sections are dropped.
            (
                vec![heading("A HEADING"), heading("Another"), Item::para("x")],
                "",
                vec![("Another", 1)],
            ),
        ];
        for (items, lead, sections) in cases {
            let d = Draft {
                header_date: NaiveDate::from_ymd_opt(2025, 9, 5),
                items: items.clone(),
                ..Draft::default()
            };
            let b = finish(d, "brief.txt").unwrap();
            assert_eq!(b.lead, lead, "{items:?}");
            assert_eq!(shape(&b), sections, "{items:?}");
        }
    }

    #[test]
    fn date_order() {
        let d = |items: Vec<Item>, header: Option<NaiveDate>, name: &str| {
            finish(
                Draft {
                    header_date: header,
                    items,
                    ..Draft::default()
                },
                name,
            )
            .map(|b| b.date)
        };
        let day = |n| NaiveDate::from_ymd_opt(2025, 9, n).unwrap();
        let body = || {
            vec![
                heading("What Happened"),
                Item::para("On 1 September 2025 it rained."),
            ]
        };
        assert_eq!(d(body(), Some(day(3)), "2025-09-02-x.txt"), Ok(day(3)));
        assert_eq!(d(body(), None, "2025-09-02-x.txt"), Ok(day(2)));
        assert_eq!(d(body(), None, "x.txt"), Ok(day(1)));
        assert_eq!(
            d(
                vec![heading("What Happened"), Item::para("No date.")],
                None,
                "x.txt"
            ),
            Err(ParseError::NoDate)
        );
        assert_eq!(
            d(vec![heading("Only")], None, "x.txt"),
            Err(ParseError::NoBody)
        );
    }
}
