//! Markdown briefs: optional YAML-style front matter (`date:`, `title:`), `#`–`###` headings,
//! paragraphs and lists. Inline markup (emphasis, links, code) is reduced to its text.

use super::dates;
use super::draft::{Draft, Item};
use super::headings::{self, collapse_ws};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Simple `key: value` lines between `---` fences at the top, and the text after them.
/// Only flat keys are understood; anything else in the block is ignored.
pub(crate) fn split_front_matter(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let text = text.trim_start_matches(['\n', ' ', '\t']);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim() != "---" {
        return None;
    }
    let mut offset = first.len();
    let mut pairs = Vec::new();
    for line in lines {
        offset += line.len();
        let t = line.trim();
        if t == "---" || t == "..." {
            return (!pairs.is_empty()).then(|| (pairs, &text[offset..]));
        }
        if let Some((k, v)) = t.split_once(':') {
            let key = k.trim();
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                pairs.push((key.to_ascii_lowercase(), unquote(v.trim()).to_string()));
            }
        }
    }
    None
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

fn apply_front_matter(pairs: Vec<(String, String)>, d: &mut Draft) {
    for (key, value) in pairs {
        match key.as_str() {
            "date" | "published" | "pubdate" | "published_at" | "publish_date" | "created"
                if d.header_date.is_none() =>
            {
                d.header_date = dates::find_date(&value).map(|f| f.date);
            }
            "title" if d.title.is_none() && !value.is_empty() => d.title = Some(value),
            "lead" | "description" | "summary" | "subtitle" | "tagline"
                if d.lead.is_none() && !value.is_empty() =>
            {
                d.lead = Some(value)
            }
            _ => {}
        }
    }
}

pub(crate) fn parse(text: &str) -> Draft {
    let mut d = Draft::default();
    let body = match split_front_matter(text) {
        Some((pairs, body)) => {
            apply_front_matter(pairs, &mut d);
            body
        }
        None => text,
    };
    let mut b = Builder::default();
    for event in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH) {
        b.event(event);
    }
    b.flush_para();
    d.items = b.items;
    d
}

#[derive(Default)]
struct ParaBuf {
    /// Soft breaks kept as '\n' so an all-caps first line can be told apart as a heading.
    text: String,
    plain: usize,
    italic: usize,
    bold: usize,
    /// A code block: its text is never a heading.
    code: bool,
}

#[derive(Default)]
struct Builder {
    items: Vec<Item>,
    heading: Option<(u8, String)>,
    para: Option<ParaBuf>,
    /// Text of the list items being read, innermost last.
    list_items: Vec<String>,
    emphasis: usize,
    strong: usize,
    image: usize,
    /// Targets of the links being read, innermost last; empty where the text already
    /// shows it (an autolink).
    links: Vec<String>,
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text("\n"),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_para();
                let level = level as u8;
                if level <= 3 {
                    self.heading = Some((level, String::new()));
                } else if self.list_items.is_empty() {
                    // Deeper headings read as emphasized lines of the section.
                    self.para = Some(ParaBuf::default());
                }
            }
            Tag::Paragraph => {
                if let Some(item) = self.list_items.last_mut() {
                    item.push(' ');
                } else {
                    self.flush_para();
                    self.para = Some(ParaBuf::default());
                }
            }
            Tag::CodeBlock(_) => {
                self.flush_para();
                if self.list_items.is_empty() {
                    self.para = Some(ParaBuf {
                        code: true,
                        ..ParaBuf::default()
                    });
                }
            }
            Tag::Item => {
                self.flush_para();
                // A nested list ends the text of its parent item.
                if let Some(parent) = self.list_items.last_mut() {
                    let text = collapse_ws(parent);
                    parent.clear();
                    if !text.is_empty() {
                        self.items.push(Item::Bullet(text));
                    }
                }
                self.list_items.push(String::new());
            }
            Tag::List(_) | Tag::BlockQuote(_) => self.flush_para(),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Image { .. } => self.image += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.links.push(match link_type {
                LinkType::Autolink | LinkType::Email => String::new(),
                _ => dest_url.trim().to_string(),
            }),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                if let Some((lvl, text)) = self.heading.take() {
                    self.items.push(Item::Heading {
                        level: lvl,
                        text,
                        weak: false,
                    });
                } else if (level as u8) > 3 {
                    self.flush_para();
                }
            }
            TagEnd::Paragraph | TagEnd::CodeBlock => self.flush_para(),
            TagEnd::Item => {
                if let Some(text) = self.list_items.pop() {
                    let text = collapse_ws(&text);
                    if !text.is_empty() {
                        self.items.push(Item::Bullet(text));
                    }
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            // The target stays in view: a reader sees where a link goes before following it,
            // and nothing in a brief becomes a masked link.
            TagEnd::Link => {
                if let Some(dest) = self.links.pop() {
                    if !dest.is_empty() && !dest.starts_with('#') {
                        self.text(&format!(" ({dest})"));
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        // Image alt text is not part of the brief's prose.
        if self.image > 0 {
            return;
        }
        if let Some((_, h)) = self.heading.as_mut() {
            h.push_str(t);
            return;
        }
        if let Some(item) = self.list_items.last_mut() {
            item.push_str(t);
            return;
        }
        let p = self.para.get_or_insert_with(ParaBuf::default);
        p.text.push_str(t);
        let n = t.chars().filter(|c| !c.is_whitespace()).count();
        if self.emphasis > 0 {
            p.italic += n;
        } else if self.strong > 0 {
            p.bold += n;
        } else {
            p.plain += n;
        }
    }

    fn flush_para(&mut self) {
        let Some(p) = self.para.take() else {
            return;
        };
        if p.code {
            // Indented text is a code block to Markdown; blank lines still split paragraphs.
            for chunk in p.text.split("\n\n") {
                let text = collapse_ws(chunk);
                if !text.is_empty() {
                    self.items.push(Item::para(&text));
                }
            }
            return;
        }
        let text = collapse_ws(&p.text);
        if text.is_empty() {
            return;
        }
        // A wholly bold short line is how many authors write a heading.
        if p.plain == 0 && p.italic == 0 && p.bold > 0 && headings::is_short_line(&text) {
            self.items.push(Item::Heading {
                level: 2,
                text,
                weak: false,
            });
            return;
        }
        let (first_line, more) = p
            .text
            .trim()
            .split_once('\n')
            .unwrap_or((p.text.trim(), ""));
        if let Some((head, rest)) = headings::upper_heading(first_line) {
            self.items.push(Item::Heading {
                level: 2,
                text: head.to_string(),
                weak: false,
            });
            let body = collapse_ws(&format!("{rest} {more}"));
            if !body.is_empty() {
                self.items.push(Item::para(&body));
            }
            return;
        }
        self.items.push(Item::Para {
            text,
            lead_hint: p.plain == 0 && p.italic > 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter() {
        let text = "---\ntitle: \"Borderland Brief\"\ndate: 2025-09-11\nlead: 'Sharp updates'\n---\n# Body\n";
        let (pairs, body) = split_front_matter(text).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("title".to_string(), "Borderland Brief".to_string()),
                ("date".to_string(), "2025-09-11".to_string()),
                ("lead".to_string(), "Sharp updates".to_string()),
            ]
        );
        assert_eq!(body, "# Body\n");
        assert!(split_front_matter("---\nno closing fence: here\n").is_none());
        assert!(split_front_matter("# Title\n---\n").is_none());
    }

    #[test]
    fn inline_markup_is_plain_text_and_links_show_their_target() {
        let d = parse("## What Happened\n\nThe **coalition** met in [Paris](https://x.org) and `agreed`.\n\n- *one*\n- two\n  1. nested\n");
        assert_eq!(
            d.items,
            vec![
                Item::Heading {
                    level: 2,
                    text: "What Happened".into(),
                    weak: false
                },
                // A link keeps its target in view.
                Item::para("The coalition met in Paris (https://x.org) and agreed."),
                Item::Bullet("one".into()),
                Item::Bullet("two".into()),
                Item::Bullet("nested".into()),
            ]
        );
    }
}
