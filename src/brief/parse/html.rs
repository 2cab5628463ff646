//! HTML briefs: a saved page or fragment. Page chrome (nav, header, footer, scripts, forms) is
//! dropped; `h1`–`h3` open sections, `p` and `li` become blocks; the date comes from meta tags
//! or `<time>` before the text is searched.

use super::dates;
use super::draft::{Draft, Item};
use super::headings::collapse_ws;
use scraper::{ElementRef, Html, Node};

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

pub(crate) fn parse(text: &str) -> Draft {
    let doc = Html::parse_document(text);
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
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}<p>deep 2025-09-05</p>", "<div>".repeat(20_000));
        let d = parse(&html);
        assert!(d.items.iter().any(|i| *i == Item::para("deep 2025-09-05")));
    }
}
