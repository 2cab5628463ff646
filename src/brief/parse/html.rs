//! HTML briefs: a saved page or fragment. Page chrome (nav, header, footer, scripts, forms) is
//! dropped; `h1`–`h3` open sections, `p` and `li` become blocks; the date comes from meta tags
//! or `<time>` before the text is searched.

use super::dates;
use super::draft::{Draft, Item};
use super::headings::collapse_ws;
use scraper::{ElementRef, Html, Node};
use std::borrow::Cow;
use std::ops::Range;

/// Real pages nest a few dozen levels deep. html5ever's scope checks cost time in proportion
/// to the depth for every block tag, so a megabyte of nothing but `<div>` takes minutes; tags
/// deeper than this are cut out before parsing (their text stays).
const MAX_DEPTH: usize = 256;

/// Elements that never have content, so they do not deepen the tree.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose end tag may be left out: the next sibling closes them, so a page full of
/// unclosed `<p>` is still shallow.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp", "html", "head", "body",
];

/// Elements whose content is not markup, so a `<` inside them is not a tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "noembed", "noframes",
];

/// Elements whose content is never part of the brief's text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "svg", "iframe", "button", "select", "textarea", "canvas", "object", "math",
];

/// Elements that end the paragraph before them and start a new one.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "center",
    "hr",
    "h4",
    "h5",
    "h6",
    "body",
    "html",
    "fieldset",
    "legend",
];

/// `<meta>` names that carry the publication date, best first.
const DATE_META: &[&str] = &[
    "date",
    "article:published_time",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "datepublished",
    "pubdate",
    "publish-date",
    "publish_date",
    "og:published_time",
];

/// Classes by which pages mark a standfirst paragraph.
const LEAD_CLASSES: &[&str] = &["lead", "standfirst", "dek", "subtitle", "summary", "intro"];

fn element_text(e: ElementRef) -> String {
    collapse_ws(&e.text().collect::<String>())
}

fn meta_date(doc: &Html) -> Option<chrono::NaiveDate> {
    let metas: Vec<(String, &str)> = doc
        .root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == "meta")
        .filter_map(|e| {
            let key = e
                .attr("name")
                .or_else(|| e.attr("property"))
                .or_else(|| e.attr("itemprop"))?;
            Some((key.to_ascii_lowercase(), e.attr("content")?))
        })
        .collect();
    DATE_META.iter().find_map(|wanted| {
        metas
            .iter()
            .filter(|(k, _)| k == wanted)
            .find_map(|(_, v)| dates::find_date(v))
            .map(|f| f.date)
    })
}

fn first_element<'a>(doc: &'a Html, name: &str) -> Option<ElementRef<'a>> {
    doc.root_element()
        .descendent_elements()
        .find(|e| e.value().name() == name)
}

fn time_date(doc: &Html) -> Option<chrono::NaiveDate> {
    let times: Vec<ElementRef> = doc
        .root_element()
        .descendent_elements()
        .filter(|e| e.value().name() == "time")
        .collect();
    times
        .iter()
        .find_map(|t| t.attr("datetime").and_then(dates::find_date))
        .or_else(|| {
            times
                .iter()
                .find_map(|t| dates::find_date(&element_text(*t)))
        })
        .map(|f| f.date)
}

/// Byte offset of the first `</name` in `s`, ignoring ASCII case.
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    s.match_indices("</").map(|(i, _)| i).find(|&i| {
        s.as_bytes()
            .get(i + 2..i + 2 + name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Cuts out start and end tags nested deeper than `MAX_DEPTH`. The depth is estimated from
/// the tags alone, which is close enough for the pathological inputs this guards against.
fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut drops: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Some(end) = html[name_start..].find('>').map(|e| name_start + e + 1) else {
            break;
        };
        let shallow = VOID.contains(&name.as_str())
            || OPTIONAL_END.contains(&name.as_str())
            || RAW_TEXT.contains(&name.as_str());
        if closing {
            if !shallow {
                if depth > MAX_DEPTH {
                    drops.push(start..end);
                }
                depth = depth.saturating_sub(1);
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            match find_end_tag(&html[end..], &name) {
                Some(p) => {
                    i = end + p;
                    continue;
                }
                None => break,
            }
        } else if !shallow && !html[..end].ends_with("/>") {
            depth += 1;
            if depth > MAX_DEPTH {
                drops.push(start..end);
            }
        }
        i = end;
    }
    if drops.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for r in drops {
        out.push_str(&html[last..r.start]);
        last = r.end;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

pub(crate) fn parse(text: &str) -> Draft {
    let doc = Html::parse_document(&limit_nesting(text));
    let mut d = Draft {
        header_date: meta_date(&doc).or_else(|| time_date(&doc)),
        ..Draft::default()
    };
    for name in ["title", "h1"] {
        if let Some(e) = first_element(&doc, name) {
            let (date, undated) = dates::strip_date(&element_text(e));
            if d.header_date.is_none() {
                d.header_date = date;
            }
            if d.title.is_none() && !undated.is_empty() {
                d.title = Some(undated);
            }
        }
    }
    if d.header_date.is_none() {
        // Page headers are dropped from the text but often carry the dateline.
        d.header_date = first_element(&doc, "header")
            .and_then(|h| dates::find_date(&element_text(h)))
            .map(|f| f.date);
    }
    d.items = walk(&doc);
    d
}

#[derive(Default)]
struct Walker {
    items: Vec<Item>,
    buf: String,
    heading: Option<u8>,
    bullet_depth: usize,
    lead_hint: bool,
}

impl Walker {
    fn flush(&mut self) {
        let text = collapse_ws(&self.buf);
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        let item = match self.heading {
            Some(level) => Item::Heading {
                level,
                text,
                weak: false,
            },
            None if self.bullet_depth > 0 => Item::Bullet(text),
            None => Item::Para {
                text,
                lead_hint: self.lead_hint,
            },
        };
        self.items.push(item);
    }

    /// Returns whether to walk the node's children.
    fn open(&mut self, node: &Node) -> bool {
        match node {
            Node::Document | Node::Fragment => true,
            Node::Text(t) => {
                self.buf.push_str(t);
                false
            }
            Node::Element(e) => {
                let name = e.name();
                if DROPPED.contains(&name) {
                    return false;
                }
                match name {
                    "h1" | "h2" | "h3" => {
                        self.flush();
                        self.heading = Some(name.as_bytes()[1] - b'0');
                    }
                    "li" => {
                        self.flush();
                        self.bullet_depth += 1;
                    }
                    "br" => self.buf.push(' '),
                    "p" => {
                        self.flush();
                        self.lead_hint = e
                            .classes()
                            .any(|c| LEAD_CLASSES.iter().any(|l| c.eq_ignore_ascii_case(l)));
                    }
                    _ if BLOCKS.contains(&name) => self.flush(),
                    // Inline elements: their text runs on in the current block.
                    _ => {}
                }
                true
            }
            _ => false,
        }
    }

    fn close(&mut self, node: &Node) {
        if let Node::Element(e) = node {
            match e.name() {
                "h1" | "h2" | "h3" => {
                    self.flush();
                    self.heading = None;
                }
                "li" => {
                    self.flush();
                    self.bullet_depth = self.bullet_depth.saturating_sub(1);
                }
                "p" => {
                    self.flush();
                    self.lead_hint = false;
                }
                name if BLOCKS.contains(&name) => self.flush(),
                _ => {}
            }
        }
    }
}

/// Document-order walk without recursion, so deeply nested markup cannot exhaust the stack.
fn walk(doc: &Html) -> Vec<Item> {
    let mut w = Walker::default();
    let root = doc.tree.root();
    let mut node = root;
    'outer: loop {
        let entered = w.open(node.value());
        if entered {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            w.close(node.value());
        }
        loop {
            if node.id() == root.id() {
                break 'outer;
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                continue 'outer;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    w.close(node.value());
                }
                None => break 'outer,
            }
        }
    }
    w.flush();
    w.items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_chrome_and_reads_blocks() {
        let d = parse(
            "<html><head><title>Borderland Brief</title><meta name=\"date\" content=\"2025-09-05\">\
             <script>var x = '<p>no</p>';</script></head><body><nav><a>Home</a></nav>\
             <h2>What&nbsp;Happened</h2><p>Talks in <b>Rzesz&oacute;w</b>&hellip;</p>\
             <ul><li>one</li><li>two<ul><li>three</li></ul></li></ul><footer>(c)</footer></body></html>",
        );
        assert_eq!(d.header_date, chrono::NaiveDate::from_ymd_opt(2025, 9, 5));
        assert_eq!(d.title.as_deref(), Some("Borderland Brief"));
        assert_eq!(
            d.items,
            vec![
                Item::Heading {
                    level: 2,
                    text: "What Happened".into(),
                    weak: false
                },
                Item::para("Talks in Rzeszów…"),
                Item::Bullet("one".into()),
                Item::Bullet("two".into()),
                Item::Bullet("three".into()),
            ]
        );
    }

    #[test]
    fn limits_nesting() {
        let deep = format!("{}x{}", "<div>".repeat(300), "</div>".repeat(300));
        let cut = limit_nesting(&deep);
        assert_eq!(cut.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(cut.matches("</div>").count(), MAX_DEPTH);
        let shallow = format!(
            "<script>{}</script>{}<br><img/>",
            "<div>".repeat(300),
            "<p>a".repeat(300)
        );
        assert!(matches!(limit_nesting(&shallow), Cow::Borrowed(_)));
        for odd in [
            "<",
            "</",
            "<a",
            "<1>",
            "<é>",
            "<script>",
            "</é",
            "<div><style>x</STYLE>",
        ] {
            let _ = limit_nesting(odd);
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}<p>deep 2025-09-05</p>", "<div>".repeat(20_000));
        let d = parse(&html);
        assert!(d.items.iter().any(|i| *i == Item::para("deep 2025-09-05")));
    }
}
