//! Plain-text briefs: an optional header (title, date, tagline) and then heading lines and
//! paragraphs separated by blank lines. Hard-wrapped lines are joined into one paragraph.

use super::dates;
use super::draft::{Draft, Item};
use super::headings::{self, collapse_ws};

/// A tagline title is a short run of capitalized words ("Borderland Brief delivers …").
const MAX_TAGLINE_TITLE_WORDS: usize = 6;

/// A headline may be longer than a title line, but not as long as a paragraph. One that
/// joins two stories ("Russian drones set a grain ship on fire …; Lithuania shuts its
/// border with Belarus") runs to 25–30 words.
const MAX_HEADLINE_WORDS: usize = 32;
const MAX_HEADLINE_CHARS: usize = 220;

/// Small words that may sit inside a capitalized name ("Institute for the Study of War").
const NAME_JOINERS: &[&str] = &["of", "and", "the", "for", "on", "in", "de"];

pub(crate) fn parse(text: &str) -> Draft {
    let blocks = split_blocks(text);
    let mut draft = Draft::default();
    let (bi, li) = take_header(&blocks, &mut draft);
    let mut body: Vec<&[&str]> = Vec::new();
    if let Some(b) = blocks.get(bi) {
        if li < b.len() {
            body.push(&b[li..]);
        }
        body.extend(blocks[bi + 1..].iter().map(Vec::as_slice));
    }
    body_items(&body, &mut draft.items);
    draft
}

/// Non-blank lines, trimmed, grouped by blank lines.
fn split_blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut cur = Vec::new();
    for line in text.split('\n') {
        let t = line.trim();
        if t.is_empty() {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(t);
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    blocks
}

fn is_title_line(s: &str) -> bool {
    headings::is_short_line(s) && !s.trim_end().ends_with(':') && bullet_text(s).is_none()
}

/// A news headline: one line that starts like a title and does not end like a sentence or
/// a clause ("Zelenskyy says Kyiv is ready for talks but will not cede territory", "Can
/// Europe keep its promise?"). Longer than a title line, so it counts only above a date
/// line, which is what marks it as a headline rather than a one-line paragraph.
fn is_headline(s: &str) -> bool {
    let s = s.trim();
    let starts = s.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || "\"\u{201c}'\u{2018}".contains(c)
    });
    starts
        && s.chars().count() <= MAX_HEADLINE_CHARS
        && s.split_whitespace().count() <= MAX_HEADLINE_WORDS
        && !s.ends_with(['.', ',', ';', ':', '\u{2026}'])
        && bullet_text(s).is_none()
        && hash_heading(s).is_none()
}

/// What a header line with a date in it says besides the date.
struct HeaderLine {
    date: chrono::NaiveDate,
    title: Option<String>,
    tagline: Option<String>,
}

/// Reads a first line that carries the date: `2025-09-05`, `Date: 16 August 2025`,
/// `Borderland Brief | September 5, 2025`, or a date run into a tagline
/// (` date 2025-09-05 Borderland Brief delivers sharp updates …`).
fn header_date_line(line: &str) -> Option<HeaderLine> {
    let (date, before, after) = dates::split_around_date(line)?;
    let mut h = HeaderLine {
        date,
        title: None,
        tagline: None,
    };
    match (before.is_empty(), after.is_empty()) {
        (true, true) => {}
        (false, true) if is_title_line(&before) => h.title = Some(before),
        (true, false) if is_title_line(&after) && !starts_lower(&after) => h.title = Some(after),
        // A tagline starts a new sentence; "September 4, 2025, a coalition …" continues one
        // and is body text.
        (true, false) if !starts_lower(&after) => {
            h.title = tagline_title(&after);
            h.tagline = Some(after);
        }
        _ => return None,
    }
    Some(h)
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// The leading run of capitalized words of a tagline, when a lower-case word follows it:
/// "Borderland Brief delivers sharp updates" → "Borderland Brief".
fn tagline_title(tagline: &str) -> Option<String> {
    let words: Vec<&str> = tagline.split_whitespace().collect();
    let capitalized = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '’' || c == '\'')
    };
    let mut run = 0;
    let mut i = 0;
    while i < words.len() && i < MAX_TAGLINE_TITLE_WORDS {
        if capitalized(words[i]) {
            i += 1;
            run = i;
        } else if run > 0 && NAME_JOINERS.contains(&words[i]) {
            // Joiners only count when a capitalized word follows them.
            match words[i..].iter().position(|w| !NAME_JOINERS.contains(w)) {
                Some(n) if capitalized(words[i + n]) => i += n,
                _ => break,
            }
        } else {
            break;
        }
    }
    let next_is_lower = words
        .get(run)
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_lowercase);
    let name = &words[..run];
    let meaningful = name
        .iter()
        .any(|w| !["The", "A", "An", "This", "These", "Our", "Today"].contains(w));
    (run > 0 && next_is_lower && meaningful).then(|| name.join(" "))
}

/// Consumes the header from the top of the text into `d` and returns where the body starts
/// as (block index, line index).
fn take_header(blocks: &[Vec<&str>], d: &mut Draft) -> (usize, usize) {
    let Some(b0) = blocks.first() else {
        return (0, 0);
    };
    let first = b0[0];
    if let Some(h) = header_date_line(first) {
        d.header_date = Some(h.date);
        d.title = h.title;
        if let Some(tagline) = h.tagline {
            // A hard-wrapped tagline continues over the rest of the first block.
            let mut lead = tagline;
            for l in &b0[1..] {
                lead.push(' ');
                lead.push_str(l);
            }
            d.lead = Some(lead);
            return (1, 0);
        }
        if d.title.is_some() {
            return (0, 1);
        }
        // "2025-09-05" then "Borderland Brief" closing the same block. A short line with text
        // under it is a section heading instead.
        if b0.len() == 2 && is_title_line(b0[1]) {
            d.title = Some(b0[1].to_string());
            return (1, 0);
        }
        // "2025-09-05", a blank line, "Borderland Brief" alone, then the first heading.
        if b0.len() == 1
            && blocks
                .get(1)
                .is_some_and(|b| b.len() == 1 && is_title_line(b[0]))
            && blocks.get(2).is_some_and(|b| starts_with_heading(b))
        {
            d.title = Some(blocks[1][0].to_string());
            return (2, 0);
        }
        return (0, 1);
    }
    let title_line = is_title_line(first);
    if !title_line && !is_headline(first) {
        return (0, 0);
    }
    let next = if b0.len() > 1 {
        Some((0, 1))
    } else {
        blocks.get(1).map(|_| (1, 0))
    };
    let Some((bi, li)) = next else {
        return (0, 0);
    };
    let line = blocks[bi][li];
    if let Some(date) = dates::date_only_line(line) {
        d.header_date = Some(date);
        d.title = Some(first.to_string());
        return (bi, li + 1);
    }
    // Two heading-like lines alone at the top: the first names the brief, the second opens
    // the first section.
    if title_line && bi == 1 && starts_with_heading(&blocks[1]) {
        d.title = Some(first.to_string());
        return (1, 0);
    }
    (0, 0)
}

fn upper(line: &str) -> Option<(&str, &str)> {
    headings::upper_heading(line)
}

fn starts_with_heading(block: &[&str]) -> bool {
    let line = block[0];
    hash_heading(line).is_some()
        || upper(line).is_some_and(|(_, rest)| rest.is_empty())
        || (dates::date_only_line(line).is_none()
            && headings::is_mixed_heading(line, block.len() == 1, block.len() > 1))
}

/// `## What Happened` in a text file: Markdown habits survive in plain text.
fn hash_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = line[hashes..].strip_prefix(' ')?;
    let text = rest.trim().trim_end_matches('#').trim();
    // Counts of up to 6 fit in a u8.
    (!text.is_empty()).then_some((hashes.min(3) as u8, text))
}

/// The text of a bullet line (`- `, `* `, `• `, `+ `, `– `, `1. `, `1) `).
fn bullet_text(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "• ", "+ ", "– ", "— ", "· "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim());
        }
    }
    None
}

struct BlockBuilder<'a> {
    items: &'a mut Vec<Item>,
    para: Vec<&'a str>,
    bullet: Option<String>,
}

impl BlockBuilder<'_> {
    fn flush(&mut self) {
        if !self.para.is_empty() {
            self.items.push(Item::para(&self.para.join(" ")));
            self.para.clear();
        }
        if let Some(b) = self.bullet.take() {
            self.items.push(Item::Bullet(collapse_ws(&b)));
        }
    }

    fn heading(&mut self, level: u8, text: &str, weak: bool) {
        self.flush();
        self.items.push(Item::Heading {
            level,
            text: text.to_string(),
            weak,
        });
    }
}

fn body_items<'a>(blocks: &[&'a [&'a str]], items: &mut Vec<Item>) {
    let mut b = BlockBuilder {
        items,
        para: Vec::new(),
        bullet: None,
    };
    for block in blocks {
        for (k, &line) in block.iter().enumerate() {
            if let Some((level, text)) = hash_heading(line) {
                b.heading(level, text, false);
                continue;
            }
            if let Some((head, rest)) = upper(line) {
                b.heading(2, head, false);
                if !rest.is_empty() {
                    b.para.push(rest);
                }
                continue;
            }
            if k == 0
                && dates::date_only_line(line).is_none()
                && headings::is_mixed_heading(line, block.len() == 1, block.len() > 1)
            {
                b.heading(2, line, true);
                continue;
            }
            if let Some(text) = bullet_text(line) {
                b.flush();
                b.bullet = Some(text.to_string());
                continue;
            }
            match b.bullet.as_mut() {
                Some(bullet) => {
                    bullet.push(' ');
                    bullet.push_str(line);
                }
                None => b.para.push(line),
            }
        }
        b.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagline_titles() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Borderland Brief delivers sharp updates",
                Some("Borderland Brief"),
            ),
            (
                "Institute for the Study of War reports daily",
                Some("Institute for the Study of War"),
            ),
            ("The coalition announced plans", None),
            ("Borderland Brief", None),
            ("Borderland Brief: updates", None),
            ("sharp updates", None),
        ];
        for (input, want) in cases {
            assert_eq!(tagline_title(input).as_deref(), *want, "input {input:?}");
        }
    }

    #[test]
    fn header_lines() {
        // (line, title, tagline?)
        let cases: &[(&str, Option<Option<&str>>, bool)] = &[
            (
                " date 2025-09-05 Borderland Brief delivers sharp updates.",
                Some(Some("Borderland Brief")),
                true,
            ),
            (
                "Borderland Brief | September 5, 2025",
                Some(Some("Borderland Brief")),
                false,
            ),
            ("Date: 16 August 2025", Some(None), false),
            ("2025-09-05", Some(None), false),
            ("On September 4, 2025, a coalition announced", None, false),
            ("September 4, 2025, a coalition announced", None, false),
        ];
        for (line, title, tagline) in cases {
            let h = header_date_line(line);
            assert_eq!(
                h.as_ref().map(|h| h.title.as_deref()),
                *title,
                "line {line:?}"
            );
            assert_eq!(
                h.is_some_and(|h| h.tagline.is_some()),
                *tagline,
                "line {line:?}"
            );
        }
    }

    #[test]
    fn headlines() {
        let cases: &[(&str, bool)] = &[
            (
                "Zelenskyy says Kyiv is ready for talks but will not cede territory",
                true,
            ),
            ("Can Europe keep its promise?", true),
            ("Kremlin says the incursion was \"not planned\"", true),
            (
                "Drones crossed into Polish airspace overnight, officials said.",
                false,
            ),
            ("officials said drones crossed the border", false),
            ("- a bullet that is no headline", false),
            ("## What Happened", false),
            (
                "Russian drones set a grain ship on fire in the Danube port of Izmail and \
                 scatter debris in Romania; Lithuania shuts its border with Belarus",
                true,
            ),
            (
                "One two three four five six seven eight nine ten eleven twelve thirteen \
                 fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one \
                 twenty-two twenty-three twenty-four twenty-five twenty-six twenty-seven \
                 twenty-eight twenty-nine thirty thirty-one thirty-two thirty-three",
                false,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(is_headline(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn bullets() {
        let cases: &[(&str, Option<&str>)] = &[
            ("- one", Some("one")),
            ("• two", Some("two")),
            ("12. twelve", Some("twelve")),
            ("3) three", Some("three")),
            ("2025. A year", None),
            ("-dash", None),
        ];
        for (input, want) in cases {
            assert_eq!(bullet_text(input), *want, "input {input:?}");
        }
    }
}
