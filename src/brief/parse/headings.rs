//! Heading and title shapes: telling a heading line from prose, and showing headings the same
//! way whatever case they were typed in (`WHAT HAPPENED:` → `What Happened`).

/// Lower-case in title case unless first, as in "What to Watch".
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "at", "by",
];

/// Kept upper-case when an all-caps heading is title-cased ("NATO RESPONSE" → "NATO Response").
/// "US" is left out on purpose: in "WHAT IT MEANS FOR US" it is a pronoun.
const ACRONYMS: &[&str] = &[
    "NATO", "EU", "UN", "UK", "USA", "U.S.", "U.K.", "OSCE", "IAEA", "UAE", "OPEC", "ISW", "AI",
    "G7", "G20",
];

/// Characters that end a sentence or a clause, so a line ending in one is prose, not a heading.
const END_PUNCTUATION: &[char] = &['.', '!', '?', ',', ';', '…'];

/// Lines longer than this (in words / chars) are prose, not headings or titles.
const MAX_WORDS: usize = 8;
const MAX_CHARS: usize = 70;

pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Has at least two upper-case letters and no lower-case ones ("WHAT HAPPENED", "G7 SUMMIT").
pub(crate) fn is_all_caps(s: &str) -> bool {
    let mut upper = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            upper += 1;
        }
    }
    upper >= 2
}

/// Short, has letters, and does not end like a sentence: the shape of a heading or a title.
pub(crate) fn is_short_line(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= MAX_CHARS
        && s.split_whitespace().count() <= MAX_WORDS
        && s.chars().any(char::is_alphabetic)
        && !s.ends_with(END_PUNCTUATION)
}

fn starts_like_heading(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn is_upper_heading_text(s: &str) -> bool {
    // All-caps is a strong signal, so a question mark is allowed ("WHAT NEXT?").
    let t = s.trim_end_matches('?');
    is_all_caps(s) && is_short_line(t) && starts_like_heading(s)
}

/// An all-caps heading line, alone (`WHY IT MATTERS`, `WHAT HAPPENED:`) or followed by text on
/// the same line (`WHAT HAPPENED: The talks…`). Returns the heading and the rest of the line.
pub(crate) fn upper_heading(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if let Some((head, rest)) = line.split_once(':') {
        let head = head.trim();
        if is_upper_heading_text(head) {
            return Some((head, rest.trim()));
        }
    }
    is_upper_heading_text(line).then_some((line, ""))
}

/// Every longer word capitalized ("Why It Matters", "What to Watch").
fn is_title_cased(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() < 4
            || w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
    })
}

/// A mixed-case heading line in plain text. Alone in its block it only needs the heading shape;
/// directly followed by text it must also look like one (title case or a trailing colon), since
/// the first line of a hard-wrapped paragraph can be short too.
pub(crate) fn is_mixed_heading(line: &str, standalone: bool, followed_by_text: bool) -> bool {
    let line = line.trim();
    if !is_short_line(line) || !starts_like_heading(line) {
        return false;
    }
    standalone || (followed_by_text && (line.ends_with(':') || is_title_cased(line)))
}

fn capitalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut at_start = true;
    for c in word.chars() {
        if c.is_alphabetic() {
            if at_start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            at_start = false;
        } else {
            // "AIR-DEFENCE" → "Air-Defence"
            if c == '-' || c == '/' {
                at_start = true;
            }
            out.push(c);
        }
    }
    out
}

/// Title case for all-caps text, keeping small words lower-case and acronyms upper-case.
pub(crate) fn title_case(s: &str) -> String {
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if ACRONYMS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')) {
                return w.to_string();
            }
            if w.chars().any(|c| c.is_ascii_digit()) {
                return w.to_string();
            }
            let lower = w.to_lowercase();
            if i > 0 && SMALL_WORDS.contains(&lower.as_str()) {
                return lower;
            }
            capitalize(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a heading is shown: whitespace collapsed, trailing colon and Markdown `#`s removed,
/// all-caps turned to title case; mixed case is kept as the author wrote it.
pub(crate) fn normalize_heading(raw: &str) -> String {
    let collapsed = collapse_ws(raw);
    let trimmed = collapsed
        .trim_start_matches('#')
        .trim_end_matches(|c: char| c == ':' || c == '#' || c.is_whitespace())
        .trim();
    if is_all_caps(trimmed) {
        title_case(trimmed)
    } else {
        trimmed.to_string()
    }
}

/// A title from a file name or URL: "2025-09-05-borderland-brief.txt" → "Borderland Brief".
pub(crate) fn title_from_name(name: &str) -> Option<String> {
    let path = if name.contains("://") {
        name.split(['?', '#']).next().unwrap_or(name)
    } else {
        name
    };
    let file = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    // A spelled-out date ("brief-september-5-2025") is cut whole; numeric parts are dropped.
    let spaced = stem.replace(['-', '_', '.', '+'], " ");
    let (_, undated) = super::dates::strip_date(&spaced);
    let words: Vec<&str> = undated
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let lower = words.join(" ").to_lowercase();
    Some(title_case(&lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_headings() {
        let cases: &[(&str, &str)] = &[
            ("WHAT HAPPENED:", "What Happened"),
            ("WHAT HAPPENED", "What Happened"),
            ("WHY IT MATTERS", "Why It Matters"),
            ("WHAT TO WATCH", "What to Watch"),
            ("THE VIEW OF KYIV", "The View of Kyiv"),
            ("A LOOK AT THE FRONT", "A Look at the Front"),
            ("NATO RESPONSE", "NATO Response"),
            ("RUSSIA’S POSITION", "Russia’s Position"),
            ("AIR-DEFENCE GAPS", "Air-Defence Gaps"),
            ("F-35 DEPLOYMENTS", "F-35 Deployments"),
            ("What happened:", "What happened"),
            ("Why It Matters", "Why It Matters"),
            ("What Happened in Rzeszów", "What Happened in Rzeszów"),
            ("  What   Happened  ", "What Happened"),
            ("## Why It Matters ##", "Why It Matters"),
            ("WHAT HAPPENED IN RZESZÓW", "What Happened in Rzeszów"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_heading(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn recognizes_upper_headings() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("WHAT HAPPENED", Some(("WHAT HAPPENED", ""))),
            ("WHAT HAPPENED:", Some(("WHAT HAPPENED", ""))),
            (
                "WHAT HAPPENED: The talks ended.",
                Some(("WHAT HAPPENED", "The talks ended.")),
            ),
            ("WHAT NEXT?", Some(("WHAT NEXT?", ""))),
            ("What Happened", None),
            ("U.S.", None),
            ("A", None),
            (
                "THIS IS A VERY LONG UPPER CASE LINE WITH FAR TOO MANY WORDS IN IT",
                None,
            ),
            ("- NATO", None),
        ];
        for (input, want) in cases {
            assert_eq!(upper_heading(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn recognizes_mixed_headings() {
        // (line, standalone, followed by text, is heading)
        let cases: &[(&str, bool, bool, bool)] = &[
            ("What Happened", true, false, true),
            ("Why It Matters", false, true, true),
            ("What happened:", false, true, true),
            ("The coalition said that it would", false, true, false),
            ("The coalition said that it would", true, false, true),
            ("This is a sentence.", true, false, false),
            ("lower case start", true, false, false),
            ("First, the facts", true, false, true),
            ("Budapest Memorandum, 1994,", true, false, false),
        ];
        for (line, standalone, followed, want) in cases {
            assert_eq!(
                is_mixed_heading(line, *standalone, *followed),
                *want,
                "line {line:?}"
            );
        }
    }

    #[test]
    fn titles_from_names() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2025-09-05-borderland-brief.txt", Some("Borderland Brief")),
            (
                "briefs/2025-09-11-drones-over-poland.md",
                Some("Drones Over Poland"),
            ),
            (
                "https://example.org/2025/09/05/borderland_brief.html?ref=x",
                Some("Borderland Brief"),
            ),
            ("2025-09-05.txt", None),
            ("brief-september-5-2025.txt", Some("Brief")),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(title_from_name(input).as_deref(), *want, "input {input:?}");
        }
    }
}
