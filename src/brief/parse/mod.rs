//! Parsers: one model, several inputs (plain text, Markdown, HTML), detected by content and
//! file extension.

mod dates;
mod draft;
mod headings;
mod html;
mod markdown;
mod text;

pub(crate) use dates::typed_date;

use super::ParsedBrief;

/// Why a file was not accepted as a brief. The caller adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("empty file")]
    Empty,
    #[error("not UTF-8 text")]
    NotText,
    #[error("no date found in the text or the file name")]
    NoDate,
    #[error("no body text")]
    NoBody,
    #[error("too large: {size} bytes, the limit is {limit} bytes (max_brief_bytes)")]
    TooLarge { size: usize, limit: usize },
}

/// Parses one brief. `name` is the file name or URL: its extension helps pick the format and
/// a date in it is the fallback when the text has none.
pub fn parse_brief(bytes: &[u8], name: &str, max_bytes: usize) -> Result<ParsedBrief, ParseError> {
    if bytes.len() > max_bytes {
        return Err(ParseError::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    let text = decode(bytes)?;
    let draft = match detect(&text, name) {
        Format::Text => text::parse(&text),
        Format::Markdown => markdown::parse(&text),
        Format::Html => html::parse(&text),
    };
    draft::finish(draft, name)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Html,
}

/// Controls other than tab and line ends. A few stray ones happen in pasted text; many mean
/// the file is binary even if its bytes happen to be valid UTF-8.
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}')
}

/// Checks the bytes are text and returns them with one line-end style (`\n`), no BOM and no
/// stray control characters.
fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    if bytes.is_empty() {
        return Err(ParseError::Empty);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let s = std::str::from_utf8(bytes).map_err(|_| ParseError::NotText)?;
    if s.contains('\0') {
        return Err(ParseError::NotText);
    }
    let controls = s.chars().filter(|&c| is_binary_control(c)).count();
    if controls > 0 && controls * 100 > s.chars().count() {
        return Err(ParseError::NotText);
    }
    let text: String = s
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| c != '\u{feff}')
        .map(|c| match c {
            '\r' => '\n',
            c if is_binary_control(c) || c == '\u{0b}' || c == '\u{0c}' => ' ',
            c => c,
        })
        .collect();
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(text)
}

/// The lower-cased extension of the file a name or URL points at.
fn extension(name: &str) -> String {
    let path = if name.contains("://") {
        name.split(['?', '#']).next().unwrap_or(name)
    } else {
        name
    };
    let file = path.rsplit(['/', '\\']).next().unwrap_or("");
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn detect(text: &str, name: &str) -> Format {
    let head_end = text.char_indices().nth(4096).map_or(text.len(), |(i, _)| i);
    let head = text[..head_end].trim_start().to_ascii_lowercase();
    let is_page = head.starts_with("<!doctype") || head.starts_with("<html");
    let looks_html = is_page
        || head.contains("<!doctype html")
        || head.contains("<html")
        || (head.starts_with('<') && (head.contains("<body") || head.contains("<h1")));
    let front_matter = markdown::split_front_matter(text).is_some();
    match extension(name).as_str() {
        "html" | "htm" | "xhtml" => Format::Html,
        "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
        // The extension wins, unless the content is unmistakably something else.
        "txt" | "text" if is_page => Format::Html,
        "txt" | "text" if front_matter => Format::Markdown,
        "txt" | "text" => Format::Text,
        _ if looks_html => Format::Html,
        _ if front_matter
            || text.lines().any(|l| {
                ["# ", "## ", "### "]
                    .iter()
                    .any(|p| l.trim_start().starts_with(p))
            }) =>
        {
            Format::Markdown
        }
        _ => Format::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        let cases: &[(&str, &str, Format)] = &[
            ("a.txt", "# Title", Format::Text),
            ("a.md", "plain", Format::Markdown),
            ("a.markdown", "plain", Format::Markdown),
            ("a.HTM", "plain", Format::Html),
            ("a.txt", "<!DOCTYPE html><p>x</p>", Format::Html),
            ("a.txt", "---\ndate: 2025-09-05\n---\nx", Format::Markdown),
            (
                "https://x.org/brief?id=3",
                "<h1>T</h1><p>x</p>",
                Format::Html,
            ),
            ("brief", "  <body><p>x</p></body>", Format::Html),
            ("brief", "---\ntitle: x\n---\n", Format::Markdown),
            ("brief", "intro\n## What Happened\n", Format::Markdown),
            ("brief", "Use <h1> for titles", Format::Text),
            ("brief.dat", "WHAT HAPPENED", Format::Text),
        ];
        for (name, text, want) in cases {
            assert_eq!(detect(text, name), *want, "{name} {text:?}");
        }
    }

    #[test]
    fn decodes_text() {
        let cases: &[(&[u8], Result<&str, ParseError>)] = &[
            (b"", Err(ParseError::Empty)),
            (b" \n\t\r\n", Err(ParseError::Empty)),
            (b"\xEF\xBB\xBF", Err(ParseError::Empty)),
            (b"\xEF\xBB\xBFa\r\nb\rc", Ok("a\nb\nc")),
            (b"\x89PNG\r\n\x1a\n\0\0", Err(ParseError::NotText)),
            (b"abc\0def", Err(ParseError::NotText)),
            (b"\xff\xfeh\0i\0", Err(ParseError::NotText)),
            (b"\x01\x02\x03 text", Err(ParseError::NotText)),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes).as_deref(), want.as_deref(), "{bytes:?}");
        }
    }
}
