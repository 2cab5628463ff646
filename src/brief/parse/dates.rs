//! Dates as briefs write them (`2025-09-05`, `September 5, 2025`, `5 September 2025`,
//! `Sept. 5th 2025`), found inside header lines, metadata values, file names and body text.

use chrono::{Datelike, NaiveDate};
use std::ops::Range;

/// A date found in a string, with the byte range it was written in (so callers can cut it out
/// of a title such as "Borderland Brief — 2025-09-11").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub date: NaiveDate,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// No whitespace between this token and the previous one ("5th", "Sept.", "2025-09").
    glued: bool,
}

/// Characters that separate a date from a title or label around it on the same line.
const SEPARATORS: &[char] = &[
    '-', '–', '—', '|', ':', ',', '·', '•', '/', '(', ')', '[', ']', '*', '_', '~', '#',
];

/// Words that may stand next to a date on a line that says nothing else ("Date: …",
/// "Published on …").
const LABELS: &[&str] = &[
    "date",
    "dated",
    "published",
    "posted",
    "updated",
    "issued",
    "edition",
    "on",
    "as",
    "of",
    "last",
];

/// Label phrases cut off the end of the text before a date, longest first.
const LABEL_SUFFIXES: &[&str] = &[
    "published on",
    "posted on",
    "updated on",
    "as of",
    "dated",
    "date",
    "published",
    "posted",
    "updated",
    "issued",
    "on",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    let mut glued = false;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            glued = false;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        let mut end = i + c.len_utf8();
        if !matches!(kind, Kind::Punct(_)) {
            while let Some(&(j, d)) = it.peek() {
                let same = match kind {
                    Kind::Num => d.is_ascii_digit(),
                    _ => d.is_alphabetic(),
                };
                if !same {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
        }
        out.push(Tok {
            kind,
            start: i,
            end,
            glued,
        });
        glued = true;
    }
    out
}

fn month_number(word: &str) -> Option<u32> {
    if word.len() > 9 {
        return None;
    }
    let m = match word.to_ascii_lowercase().as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

struct Cursor<'a> {
    s: &'a str,
    toks: &'a [Tok],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.i).copied()
    }

    fn text(&self, t: Tok) -> &str {
        &self.s[t.start..t.end]
    }

    /// A run of `min..=max` ASCII digits, as a number.
    fn num(&mut self, min: usize, max: usize, glued: Option<bool>) -> Option<u32> {
        let t = self.peek()?;
        if t.kind != Kind::Num || glued.unwrap_or(t.glued) != t.glued {
            return None;
        }
        let len = t.end - t.start;
        if len < min || len > max {
            return None;
        }
        let n = self.text(t).parse().ok()?;
        self.i += 1;
        Some(n)
    }

    fn punct(&mut self, c: char, glued: Option<bool>) -> bool {
        match self.peek() {
            Some(t) if t.kind == Kind::Punct(c) && glued.unwrap_or(t.glued) == t.glued => {
                self.i += 1;
                true
            }
            _ => false,
        }
    }

    fn month(&mut self) -> Option<u32> {
        let t = self.peek()?;
        if t.kind != Kind::Word {
            return None;
        }
        let m = month_number(self.text(t))?;
        self.i += 1;
        // "Sept." / "Sep." — the abbreviation dot belongs to the date.
        self.punct('.', Some(true));
        Some(m)
    }

    fn ordinal(&mut self) {
        if let Some(t) = self.peek() {
            if t.kind == Kind::Word && t.glued {
                let w = self.text(t);
                if ["st", "nd", "rd", "th"]
                    .iter()
                    .any(|o| w.eq_ignore_ascii_case(o))
                {
                    self.i += 1;
                }
            }
        }
    }

    fn word(&mut self, wanted: &str) -> bool {
        match self.peek() {
            Some(t) if t.kind == Kind::Word && self.text(t).eq_ignore_ascii_case(wanted) => {
                self.i += 1;
                true
            }
            _ => false,
        }
    }
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if y < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// `2025-09-05`, also with `/`, `.` or `_` between the parts (URLs, file names).
fn iso(c: &mut Cursor) -> Option<NaiveDate> {
    let y = c.num(4, 4, None)?;
    let sep = match c.peek()? {
        Tok {
            kind: Kind::Punct(p @ ('-' | '/' | '.' | '_')),
            glued: true,
            ..
        } => p,
        _ => return None,
    };
    c.i += 1;
    let m = c.num(1, 2, Some(true))?;
    if !c.punct(sep, Some(true)) {
        return None;
    }
    let d = c.num(1, 2, Some(true))?;
    ymd(y, m, d)
}

/// `September 5, 2025`, `Sept. 5th 2025`, `Sep 5 2025`.
fn month_first(c: &mut Cursor) -> Option<NaiveDate> {
    let m = c.month()?;
    let d = c.num(1, 2, None)?;
    c.ordinal();
    c.punct(',', None);
    let y = c.num(4, 4, None)?;
    ymd(y, m, d)
}

/// `5 September 2025`, `5th of Sept. 2025`.
fn day_first(c: &mut Cursor) -> Option<NaiveDate> {
    let d = c.num(1, 2, None)?;
    c.ordinal();
    c.word("of");
    let m = c.month()?;
    c.punct(',', None);
    let y = c.num(4, 4, None)?;
    ymd(y, m, d)
}

fn match_at(s: &str, toks: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    type Pattern = fn(&mut Cursor) -> Option<NaiveDate>;
    let patterns: [Pattern; 3] = [iso, month_first, day_first];
    patterns.iter().find_map(|p| {
        let mut c = Cursor { s, toks, i };
        p(&mut c).map(|d| (d, c.i))
    })
}

/// The first valid date in `s`. Impossible dates (2025-02-30) are skipped, not errors.
pub(crate) fn find_date(s: &str) -> Option<Found> {
    let toks = tokenize(s);
    (0..toks.len()).find_map(|i| {
        let (date, end) = match_at(s, &toks, i)?;
        let mut start = toks[i].start;
        // A weekday in front ("Friday, September 5, 2025") is part of the date when cutting it
        // out of a title.
        let is_weekday = |t: &Tok| {
            t.kind == Kind::Word
                && WEEKDAYS
                    .iter()
                    .any(|w| s[t.start..t.end].eq_ignore_ascii_case(w))
        };
        if i >= 1 && is_weekday(&toks[i - 1]) {
            start = toks[i - 1].start;
        } else if i >= 2 && toks[i - 1].kind == Kind::Punct(',') && is_weekday(&toks[i - 2]) {
            start = toks[i - 2].start;
        }
        Some(Found {
            date,
            span: start..toks[end - 1].end,
        })
    })
}

fn trim_separators(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    if !s.is_char_boundary(cut) {
        return None;
    }
    let (head, tail) = s.split_at(cut);
    if !tail.eq_ignore_ascii_case(suffix) || head.chars().last().is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some(head)
}

/// The text around the first date of a line, with labels and separators trimmed:
/// "Borderland Brief | Date: September 5, 2025" → ("Borderland Brief", "").
pub(crate) fn split_around_date(s: &str) -> Option<(NaiveDate, String, String)> {
    let found = find_date(s)?;
    let mut before = trim_separators(&s[..found.span.start]);
    'labels: loop {
        for label in LABEL_SUFFIXES {
            if let Some(head) = strip_suffix_ci(before, label) {
                before = trim_separators(head);
                continue 'labels;
            }
        }
        break;
    }
    let after = trim_separators(&s[found.span.end..]);
    Some((found.date, before.to_string(), after.to_string()))
}

/// The date of a line that says nothing but a date ("Date: 16 August 2025", "*Sept. 5, 2025*").
pub(crate) fn date_only_line(s: &str) -> Option<NaiveDate> {
    let found = find_date(s)?;
    let rest = [&s[..found.span.start], &s[found.span.end..]];
    let only_labels = rest.iter().all(|part| {
        tokenize(part).iter().all(|t| match t.kind {
            Kind::Word => LABELS
                .iter()
                .any(|l| part[t.start..t.end].eq_ignore_ascii_case(l)),
            Kind::Num => false,
            Kind::Punct(_) => true,
        })
    });
    only_labels.then_some(found.date)
}

/// Cuts the first date and the separators around it out of a title.
pub(crate) fn strip_date(s: &str) -> (Option<NaiveDate>, String) {
    match split_around_date(s) {
        Some((date, before, after)) => {
            let joined = [before, after]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (Some(date), joined)
        }
        None => (None, s.trim().to_string()),
    }
}

/// The date in a file name or URL: `2025-09-11-drones-over-poland.md`,
/// `…/2025/09/11/…`, `brief-september-5-2025.txt`.
pub(crate) fn date_in_name(name: &str) -> Option<NaiveDate> {
    find_date(name)
        .or_else(|| find_date(&name.replace(['-', '_', '.', '/'], " ")))
        .map(|f| f.date)
}

/// A day as a person types it, alone (`/brief date …`): a full date in any form a brief
/// may use (`2025-09-05`, `2025/09/05`, `5 September 2025`), a day of a month without the
/// year (`Sept 5`, `5th of September`: the nearest such day not after `today`), or `today`
/// and `yesterday`. Words around the date are not allowed, so a typo is not read as a date.
pub(crate) fn typed_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("today") {
        return Some(today);
    }
    if s.eq_ignore_ascii_case("yesterday") {
        return today.pred_opt();
    }
    let toks = tokenize(s);
    let only_punct = |rest: &[Tok]| rest.iter().all(|t| matches!(t.kind, Kind::Punct(_)));
    if let Some((date, end)) = match_at(s, &toks, 0) {
        return only_punct(&toks[end..]).then_some(date);
    }
    type Pattern = fn(&mut Cursor) -> Option<(u32, u32)>;
    let patterns: [Pattern; 2] = [
        |c| {
            let m = c.month()?;
            let d = c.num(1, 2, None)?;
            c.ordinal();
            Some((m, d))
        },
        |c| {
            let d = c.num(1, 2, None)?;
            c.ordinal();
            c.word("of");
            Some((c.month()?, d))
        },
    ];
    let (month, day) = patterns.iter().find_map(|p| {
        let mut c = Cursor {
            s,
            toks: &toks,
            i: 0,
        };
        p(&mut c).filter(|_| only_punct(&toks[c.i..]))
    })?;
    // February 29 is looked for back to the last leap year.
    (0..8).find_map(|back| {
        let d = NaiveDate::from_ymd_opt(today.year() - back, month, day)?;
        (d <= today).then_some(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn finds_dates_in_text() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("2025-09-05", d(2025, 9, 5)),
            (" date 2025-09-05 Borderland Brief delivers", d(2025, 9, 5)),
            ("September 5, 2025", d(2025, 9, 5)),
            ("5 September 2025", d(2025, 9, 5)),
            ("Sept. 5, 2025", d(2025, 9, 5)),
            ("Sep 5 2025", d(2025, 9, 5)),
            ("Sep. 5th, 2025", d(2025, 9, 5)),
            ("5th of September 2025", d(2025, 9, 5)),
            ("Date: 16 August 2025", d(2025, 8, 16)),
            ("DATE: 16 AUGUST 2025", d(2025, 8, 16)),
            ("aug 16 2025", d(2025, 8, 16)),
            ("On September 4, 2025, a coalition", d(2025, 9, 4)),
            ("2025-09-05T10:30:00Z", d(2025, 9, 5)),
            ("2025/09/05", d(2025, 9, 5)),
            ("2025-02-30", None),
            ("February 30, 2025", None),
            ("2025-13-01", None),
            ("Today, September 5, Putin spoke", None),
            ("September 2025", None),
            ("in 1994 the memorandum", None),
            ("12025-09-05", None),
            ("", None),
            ("Rzeszów 5 maja 2025", None),
            // An impossible date is skipped and the next real one is found.
            ("2025-02-30 or rather 2025-03-02", d(2025, 3, 2)),
        ];
        for (input, want) in cases {
            assert_eq!(find_date(input).map(|f| f.date), *want, "input {input:?}");
        }
    }

    #[test]
    fn span_covers_weekday_and_abbreviation_dot() {
        let s = "Brief — Friday, Sept. 5th, 2025";
        let f = find_date(s).unwrap();
        assert_eq!(&s[f.span], "Friday, Sept. 5th, 2025");
    }

    #[test]
    fn date_only_lines() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("Date: 16 August 2025", d(2025, 8, 16)),
            ("*September 11, 2025*", d(2025, 9, 11)),
            ("Published on 5 September 2025", d(2025, 9, 5)),
            ("Friday, September 5, 2025", d(2025, 9, 5)),
            ("Borderland Brief | September 5, 2025", None),
            ("On September 4, 2025, a coalition", None),
            ("no date here", None),
        ];
        for (input, want) in cases {
            assert_eq!(date_only_line(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn strips_dates_from_titles() {
        let cases: &[(&str, &str)] = &[
            ("Borderland Brief — 2025-09-11", "Borderland Brief"),
            ("Borderland Brief | September 5, 2025", "Borderland Brief"),
            ("2025-09-05: Borderland Brief", "Borderland Brief"),
            ("Borderland Brief (Sept. 5, 2025)", "Borderland Brief"),
            (
                "Borderland Brief | Date: 5 September 2025",
                "Borderland Brief",
            ),
            ("Borderland Brief", "Borderland Brief"),
            ("2025-09-05", ""),
        ];
        for (input, want) in cases {
            assert_eq!(strip_date(input).1, *want, "input {input:?}");
        }
    }

    #[test]
    fn dates_people_type() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("2025-09-05", d(2025, 9, 5)),
            ("2025/09/05", d(2025, 9, 5)),
            (" 5 September 2025 ", d(2025, 9, 5)),
            ("September 5, 2025", d(2025, 9, 5)),
            ("Sept. 5th, 2025", d(2025, 9, 5)),
            // Without a year: the nearest such day that is not in the future.
            ("Sept 5", d(2025, 9, 5)),
            ("sep 5th", d(2025, 9, 5)),
            ("5 September", d(2025, 9, 5)),
            ("5th of Sept", d(2025, 9, 5)),
            ("March 4", d(2026, 3, 4)),
            ("March 5", d(2025, 3, 5)),
            ("Jan 1", d(2026, 1, 1)),
            ("Feb 29", d(2024, 2, 29)),
            ("today", d(2026, 3, 4)),
            ("Yesterday", d(2026, 3, 3)),
            // Not dates, or more than a date.
            ("2025-02-30", None),
            ("Sept 31", None),
            ("Sept", None),
            ("5", None),
            ("05/09/2025", None),
            ("tomorrow", None),
            ("brief of Sept 5", None),
            ("Sept 5 why it matters", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(typed_date(input, today), *want, "input {input:?}");
        }
    }

    #[test]
    fn dates_in_names() {
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("2025-09-11-drones-over-poland.md", d(2025, 9, 11)),
            ("briefs/2025-08-16-alaska-summit.txt", d(2025, 8, 16)),
            ("https://example.org/2025/09/05/brief.html", d(2025, 9, 5)),
            ("brief-september-5-2025.txt", d(2025, 9, 5)),
            ("brief_2025_09_05.txt", d(2025, 9, 5)),
            ("notes.txt", None),
            ("2025-02-30-brief.txt", None),
        ];
        for (input, want) in cases {
            assert_eq!(date_in_name(input), *want, "input {input:?}");
        }
    }
}
