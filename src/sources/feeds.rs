//! What a source serves, turned into documents the brief parsers accept: feeds (RSS, Atom,
//! JSON Feed, via feed-rs) become one item each, a page is one brief, optionally narrowed to
//! a CSS selector. Feed items are wrapped as small HTML documents whose `<title>` and
//! `<meta name="date">` carry the item's title and date, so the HTML parser reads them like
//! any saved page.

use chrono::NaiveDate;
use scraper::{Html, Selector};
use sha2::{Digest, Sha256};

use crate::config::SourceKind;

/// What a response turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Feed,
    Page,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("malformed feed: {0}")]
    Malformed(String),
    #[error("invalid selector {selector:?}: {reason}")]
    BadSelector { selector: String, reason: String },
    #[error("selector {0:?} matched nothing on the page")]
    NoMatch(String),
    #[error("the page is not UTF-8 text")]
    NotText,
}

/// One feed entry, reduced to what a brief needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// Identifies the item across polls: its guid/id, else its link (and title).
    pub key: String,
    pub title: Option<String>,
    pub link: Option<String>,
    /// Published, else updated.
    pub date: Option<NaiveDate>,
    /// Full content (HTML, or plain text made into HTML).
    pub content: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    /// Oldest first, so briefs are stored (and pushed) in the order they were published.
    pub items: Vec<FeedItem>,
}

/// Feed or page: the configured kind when it says, else the first bytes (which cannot lie
/// about being XML or JSON), else the Content-Type.
pub fn detect(kind: SourceKind, content_type: Option<&str>, bytes: &[u8]) -> Shape {
    match kind {
        SourceKind::Rss | SourceKind::Atom | SourceKind::Json => return Shape::Feed,
        SourceKind::Page => return Shape::Page,
        SourceKind::Auto => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        return Shape::Feed;
    }
    if head.starts_with('{') && head.contains("jsonfeed.org") {
        return Shape::Feed;
    }
    if head.starts_with("<!doctype html") || head.contains("<html") {
        return Shape::Page;
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ["rss", "atom", "xml", "json"]
        .iter()
        .any(|k| ct.contains(k))
        || head.starts_with('{')
    {
        Shape::Feed
    } else {
        Shape::Page
    }
}

/// Parses RSS 0.9x/1.0/2.0, Atom or JSON Feed. `base_url` resolves relative links.
pub fn parse_feed(bytes: &[u8], base_url: &str) -> Result<ParsedFeed, FeedError> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base_url))
        // feed-rs would invent a random id for an entry without id or link; ours must be
        // the same in every poll, so missing ids stay empty and `item_key` decides.
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(bytes)
        .map_err(|e| FeedError::Malformed(e.to_string()))?;
    let mut items: Vec<FeedItem> = feed.entries.into_iter().map(item_of).collect();
    // Feeds list newest first; dated items are put in date order, the rest just reversed.
    items.reverse();
    if items.iter().all(|i| i.date.is_some()) {
        items.sort_by_key(|i| i.date);
    }
    Ok(ParsedFeed {
        title: feed
            .title
            .map(|t| t.content)
            .filter(|t| !t.trim().is_empty()),
        items,
    })
}

fn item_of(e: feed_rs::model::Entry) -> FeedItem {
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let title = e
        .title
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let content = e
        .content
        .and_then(|c| c.body)
        .filter(|b| has_text(b))
        .map(|b| as_html(&b));
    let summary = e
        .summary
        .map(|s| s.content)
        .filter(|s| has_text(s))
        .map(|s| as_html(&s));
    let date = e.published.or(e.updated).map(|d| d.date_naive());
    let key = item_key(
        e.id.trim(),
        link.as_deref(),
        title.as_deref(),
        content.as_deref().or(summary.as_deref()),
    );
    FeedItem {
        key,
        title,
        link,
        date,
        content,
        summary,
    }
}

fn item_key(id: &str, link: Option<&str>, title: Option<&str>, body: Option<&str>) -> String {
    if !id.is_empty() {
        return id.to_string();
    }
    match (link, title) {
        // Some feeds give every item the same link (the home page): the title tells them apart.
        (Some(l), Some(t)) => format!("{l} {t}"),
        (Some(l), None) => l.to_string(),
        _ => {
            let mut h = Sha256::new();
            h.update(title.unwrap_or(""));
            h.update([0]);
            h.update(body.unwrap_or(""));
            let hex: String = h.finalize()[..16]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("sha256:{hex}")
        }
    }
}

/// Characters of text in an HTML fragment (or plain text).
pub fn text_len(html: &str) -> usize {
    Html::parse_fragment(html)
        .root_element()
        .text()
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

fn has_text(s: &str) -> bool {
    text_len(s) > 0
}

/// Feeds often mark HTML as plain text and plain text as HTML; markup is recognised by its
/// tags, and plain text is escaped with its blank lines kept as paragraph breaks.
fn as_html(s: &str) -> String {
    let looks_html = s.contains('<')
        && s.contains('>')
        && Html::parse_fragment(s)
            .root_element()
            .descendent_elements()
            .nth(1)
            .is_some();
    if looks_html {
        return s.to_string();
    }
    s.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A feed item's body as a page the HTML parser reads: title and date in the head.
pub fn item_document(title: Option<&str>, date: NaiveDate, body_html: &str) -> String {
    let title = title
        .map(|t| format!("<title>{}</title>", escape(&collapse(t))))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html><head>{title}<meta name=\"date\" content=\"{date}\"></head>\n<body>\n{body_html}\n</body></html>\n"
    )
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page, or the part of it a selector picks, as a page of its own that keeps the original
/// head (title and date metadata) so the brief's title and date survive the cut. A feed
/// item's own title and date, when given, replace the page's: a linked article's `<title>`
/// often carries the site's name too.
pub fn select_content(
    page: &[u8],
    selector: Option<&str>,
    title: Option<&str>,
    date: Option<NaiveDate>,
) -> Result<String, FeedError> {
    let text = std::str::from_utf8(page).map_err(|_| FeedError::NotText)?;
    let doc = Html::parse_document(text);
    let body = match selector {
        Some(selector) => {
            let sel = Selector::parse(selector).map_err(|e| FeedError::BadSelector {
                selector: selector.to_string(),
                reason: e.to_string(),
            })?;
            doc.select(&sel)
                .next()
                .ok_or_else(|| FeedError::NoMatch(selector.to_string()))?
                .html()
        }
        None => doc
            .root_element()
            .descendent_elements()
            .find(|e| e.value().name() == "body")
            .map_or_else(|| doc.root_element().html(), |b| b.inner_html()),
    };
    let mut head = String::new();
    if let Some(t) = title {
        head.push_str(&format!("<title>{}</title>", escape(&collapse(t))));
    }
    if let Some(d) = date {
        head.push_str(&format!("<meta name=\"date\" content=\"{d}\">"));
    }
    for e in doc.root_element().descendent_elements() {
        match e.value().name() {
            "title" if title.is_none() => head.push_str(&e.html()),
            "meta" if date.is_none() || e.attr("name") != Some("date") => head.push_str(&e.html()),
            _ => {}
        }
    }
    Ok(format!(
        "<!DOCTYPE html>\n<html><head>{head}</head>\n<body>\n{body}\n</body></html>\n"
    ))
}

/// A name for `parse_brief` that makes it read HTML while keeping the URL's path (a date in
/// it is the parser's last resort).
pub fn html_name(url: &str) -> String {
    let base = url.split(['?', '#']).next().unwrap_or(url);
    format!("{}/index.html", base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_feeds_and_pages() {
        let cases: &[(Option<&str>, &str, Shape)] = &[
            (
                None,
                "<?xml version=\"1.0\"?><rss version=\"2.0\">",
                Shape::Feed,
            ),
            (
                Some("text/html"),
                "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                Shape::Feed,
            ),
            (
                None,
                "{\"version\": \"https://jsonfeed.org/version/1.1\"}",
                Shape::Feed,
            ),
            (
                Some("application/feed+json"),
                "{\"items\": []}",
                Shape::Feed,
            ),
            (
                Some("application/rss+xml"),
                "<!DOCTYPE html><html>",
                Shape::Page,
            ),
            (Some("text/html"), "<p>hello</p>", Shape::Page),
            (Some("application/xml"), "<x/>", Shape::Feed),
        ];
        for (ct, body, want) in cases {
            assert_eq!(
                detect(SourceKind::Auto, *ct, body.as_bytes()),
                *want,
                "{body}"
            );
        }
        assert_eq!(detect(SourceKind::Page, None, b"<rss>"), Shape::Page);
        assert_eq!(detect(SourceKind::Rss, None, b"<html>"), Shape::Feed);
    }

    #[test]
    fn plain_text_is_escaped_and_markup_kept() {
        assert_eq!(
            as_html("a < b\n\nc & d"),
            "<p>a &lt; b</p>\n<p>c &amp; d</p>"
        );
        assert_eq!(as_html("<p>x</p>"), "<p>x</p>");
        assert_eq!(text_len("<p> a b </p><script></script>"), 2);
    }

    #[test]
    fn items_get_stable_keys() {
        assert_eq!(item_key("g1", Some("https://x/1"), None, None), "g1");
        assert_eq!(item_key("", Some("https://x/1"), None, None), "https://x/1");
        assert_eq!(
            item_key("", Some("https://x/"), Some("T"), None),
            "https://x/ T"
        );
        let a = item_key("", None, Some("T"), Some("body"));
        assert_eq!(a, item_key("", None, Some("T"), Some("body")));
        assert_ne!(a, item_key("", None, Some("T"), Some("other")));
    }

    #[test]
    fn selects_content_keeping_the_head() {
        let page = b"<html><head><title>Desk Brief</title><meta name=\"date\" content=\"2025-09-05\"></head>\
            <body><div id=\"menu\">Home</div><article><h2>What Happened</h2><p>Talks.</p></article></body></html>";
        let doc = select_content(page, Some("article"), None, None).unwrap();
        assert!(doc.contains("<title>Desk Brief</title>") && doc.contains("2025-09-05"));
        assert!(doc.contains("Talks.") && !doc.contains("Home"));
        assert!(matches!(
            select_content(page, Some("main"), None, None),
            Err(FeedError::NoMatch(_))
        ));
        assert!(matches!(
            select_content(page, Some("[[["), None, None),
            Err(FeedError::BadSelector { .. })
        ));
        let date = NaiveDate::from_ymd_opt(2025, 9, 6);
        let doc = select_content(page, None, Some("Item <Title>"), date).unwrap();
        assert!(doc.contains("<title>Item &lt;Title&gt;</title>"));
        assert!(!doc.contains("Desk Brief</title>"));
        assert!(doc.contains("content=\"2025-09-06\"") && !doc.contains("2025-09-05"));
        assert!(doc.contains("Home") && doc.contains("Talks."));
    }
}
