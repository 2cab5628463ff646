//! Brief parsers against the fixture files in `tests/fixtures/briefs`: what each fixture must
//! parse into (or which error it must give), the size limit, and that no input makes
//! `parse_brief` panic.

use briefbot::brief::{parse_brief, Block, ParseError, ParsedBrief};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::path::PathBuf;

const LIMIT: usize = 1 << 20;

struct Want {
    date: (i32, u32, u32),
    title: &'static str,
    /// `None` skips the check; `Some("")` means no lead.
    lead: Option<&'static str>,
    /// Section heading and how many blocks it holds.
    sections: &'static [(&'static str, usize)],
    /// Text expected verbatim in some block (joins, entities, quotes, non-ASCII).
    phrase: &'static str,
}

enum Expect {
    Ok(Want),
    Err(ParseError),
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/briefs")
        .join(name)
}

fn parse_fixture(name: &str) -> Result<ParsedBrief, ParseError> {
    let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("read {name}: {e}"));
    parse_brief(&bytes, name, LIMIT)
}

fn cases() -> Vec<(&'static str, Expect)> {
    use Expect::{Err as E, Ok as O};
    vec![
        (
            "date-then-title.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 1), ("Why It Matters", 1)],
                phrase: "European leaders met in Paris. They agreed on a plan.",
            }),
        ),
        (
            "2025-09-05-borderland-brief.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(
                    "Borderland Brief delivers sharp updates and analysis on the evolving \
                     situation in and around Ukraine, covering military developments, \
                     geopolitical shifts, and regional impacts with clarity and precision.",
                ),
                sections: &[("What Happened", 13), ("Why It Matters", 6)],
                phrase: "under the “Coalition of the Willing” framework",
            }),
        ),
        (
            "2025-08-16-alaska-summit.txt",
            O(Want {
                date: (2025, 8, 16),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 6), ("Why It Matters", 3)],
                phrase: "military base in Anchorage, Alaska",
            }),
        ),
        (
            "2025-09-11-drones-over-poland.md",
            O(Want {
                date: (2025, 9, 11),
                title: "Borderland Brief",
                lead: Some("Sharp updates and analysis on the war in and around Ukraine."),
                sections: &[("What Happened", 7), ("Why It Matters", 3)],
                phrase: "Airports in Warsaw and Rzeszów were briefly closed.",
            }),
        ),
        (
            "upper-colon-headings.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[
                    ("What Happened", 2),
                    ("Why It Matters", 1),
                    ("What to Watch", 1),
                ],
                phrase: "a reassurance force that would deploy only after a ceasefire.",
            }),
        ),
        (
            "inline-headings.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 2), ("Why It Matters", 1)],
                phrase: "pledged post-war security guarantees under the “Coalition of the Willing” framework.",
            }),
        ),
        (
            "title-pipe-date.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 2), ("Why It Matters", 1)],
                phrase: "post-war security guarantees to Ukraine.",
            }),
        ),
        (
            "day-month-year.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some("Sharp updates on the war in and around Ukraine."),
                // Two bullets plus the closing line.
                sections: &[("What Happened", 2), ("Why It Matters", 3)],
                phrase: "Airports in Warsaw and Rzeszów were briefly closed",
            }),
        ),
        (
            "front-matter.md",
            O(Want {
                date: (2025, 9, 12),
                title: "Borderland Brief",
                lead: Some("Sharp updates and analysis on the war in and around Ukraine."),
                // One paragraph, three bullets, two numbered items.
                sections: &[("What happened", 6), ("Why it matters", 1)],
                // The link's target stays in view.
                phrase: "The European Union agreed its 19th sanctions package (https://example.org/eu), targeting:",
            }),
        ),
        (
            "page.html",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some("Sharp updates & analysis on the war in and around Ukraine."),
                sections: &[("What Happened", 3), ("Why It Matters", 1)],
                phrase: "backed the “Coalition of the Willing” plan. Ukraine’s president welcomed it.",
            }),
        ),
        (
            "meta-date.html",
            O(Want {
                date: (2025, 9, 6),
                title: "Borderland Brief — Weekend Edition",
                lead: Some(""),
                sections: &[("What Happened", 2), ("Why It Matters", 1)],
                phrase: "hit for the first time",
            }),
        ),
        (
            "published-time.htm",
            O(Want {
                date: (2025, 9, 7),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What to watch", 2)],
                phrase: "Grain corridor",
            }),
        ),
        (
            "bom-crlf.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 1), ("Why It Matters", 1)],
                phrase: "Zelenskyy’s office said talks in Rzeszów would continue next week.",
            }),
        ),
        (
            "lone-cr.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 1), ("Why It Matters", 1)],
                phrase: "Old Mac line ends still work.",
            }),
        ),
        (
            // The name's date wins over "September 1, 2025" in the body.
            "2025-09-07-date-in-name.txt",
            O(Want {
                date: (2025, 9, 7),
                title: "Borderland Brief",
                lead: Some(""),
                sections: &[("What Happened", 1), ("Why It Matters", 1)],
                phrase: "the other's patience",
            }),
        ),
        (
            // No header and no heading: the name's date beats the news date in the first
            // paragraph.
            "2025-09-05-name-beats-body.txt",
            O(Want {
                date: (2025, 9, 5),
                title: "Name Beats Body",
                lead: Some(""),
                sections: &[("Brief", 2)],
                phrase: "a coordinated commitment to provide",
            }),
        ),
        (
            "quick-note.txt",
            O(Want {
                date: (2025, 9, 8),
                title: "Quick Note",
                lead: Some(""),
                sections: &[("Brief", 2)],
                phrase: "nobody was hurt",
            }),
        ),
        (
            "body-date.md",
            O(Want {
                date: (2025, 9, 3),
                title: "Weekly Notes",
                lead: Some(""),
                sections: &[("What Happened", 1)],
                phrase: "met in Copenhagen",
            }),
        ),
        ("empty.txt", E(ParseError::Empty)),
        ("whitespace-only.txt", E(ParseError::Empty)),
        ("binary.png", E(ParseError::NotText)),
        ("binary.txt", E(ParseError::NotText)),
        ("dateless-note.txt", E(ParseError::NoDate)),
        ("headings-only.txt", E(ParseError::NoBody)),
        ("headings-only.md", E(ParseError::NoBody)),
        ("chrome-only.html", E(ParseError::NoBody)),
    ]
}

fn check(name: &str, want: &Expect) -> Result<(), String> {
    let got = parse_fixture(name);
    match (want, got) {
        (Expect::Err(e), Err(g)) if *e == g => Ok(()),
        (Expect::Err(e), other) => Err(format!("expected Err({e:?}), got {other:?}")),
        (Expect::Ok(_), Err(g)) => Err(format!("expected Ok, got Err({g:?})")),
        (Expect::Ok(w), Ok(b)) => {
            let mut problems = Vec::new();
            let date = NaiveDate::from_ymd_opt(w.date.0, w.date.1, w.date.2).unwrap();
            if b.date != date {
                problems.push(format!("date {} != {date}", b.date));
            }
            if b.title != w.title {
                problems.push(format!("title {:?} != {:?}", b.title, w.title));
            }
            if let Some(lead) = w.lead {
                if b.lead != lead {
                    problems.push(format!("lead {:?} != {lead:?}", b.lead));
                }
            }
            let shape: Vec<(&str, usize)> = b
                .sections
                .iter()
                .map(|s| (s.heading.as_str(), s.blocks.len()))
                .collect();
            if shape != w.sections {
                problems.push(format!("sections {shape:?} != {:?}", w.sections));
            }
            let has_phrase = b
                .sections
                .iter()
                .flat_map(|s| &s.blocks)
                .any(|blk| blk.text().contains(w.phrase));
            if !has_phrase {
                problems.push(format!("phrase {:?} not found", w.phrase));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(format!("{}\n  parsed: {b:#?}", problems.join("; ")))
            }
        }
    }
}

#[test]
fn fixtures_parse_as_expected() {
    let failures: Vec<String> = cases()
        .iter()
        .filter_map(|(name, want)| check(name, want).err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bullets_stay_bullets() {
    let b = parse_fixture("front-matter.md").unwrap();
    let kinds: Vec<bool> = b.sections[0]
        .blocks
        .iter()
        .map(|blk| matches!(blk, Block::Bullet(_)))
        .collect();
    assert_eq!(kinds, [false, true, true, true, true, true]);
    assert_eq!(
        b.sections[0].blocks[3].text(),
        "crypto platforms using USDT"
    );
}

#[test]
fn html_drops_page_chrome() {
    let b = parse_fixture("page.html").unwrap();
    let all: String = b.sections.iter().map(|s| s.body_text()).collect();
    for junk in [
        "Home",
        "Archive",
        "tracking",
        "color",
        "Subscribe",
        "Sign up",
        "JavaScript",
        "©",
    ] {
        assert!(!all.contains(junk), "{junk:?} leaked into {all:?}");
    }
}

#[test]
fn crlf_bom_and_lf_versions_parse_the_same() {
    let crlf = parse_fixture("bom-crlf.txt").unwrap();
    let lf = String::from_utf8(std::fs::read(fixture("bom-crlf.txt")).unwrap())
        .unwrap()
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n");
    assert_eq!(
        parse_brief(lf.as_bytes(), "bom-crlf.txt", LIMIT).unwrap(),
        crlf
    );
}

#[test]
fn too_large_is_checked_before_anything_else() {
    let bytes = std::fs::read(fixture("2025-09-05-borderland-brief.txt")).unwrap();
    assert_eq!(
        parse_brief(&bytes, "b.txt", 100),
        Err(ParseError::TooLarge {
            size: bytes.len(),
            limit: 100
        })
    );
    // Even bytes that are not text are measured first.
    assert_eq!(
        parse_brief(&[0u8; 11], "b.bin", 10),
        Err(ParseError::TooLarge {
            size: 11,
            limit: 10
        })
    );
    assert!(parse_brief(&bytes, "b.txt", bytes.len()).is_ok());
}

#[test]
fn invalid_dates_are_not_dates() {
    let r = parse_brief(
        b"Date: 2025-02-30\n\nSomething happened.\n",
        "note.txt",
        LIMIT,
    );
    assert_eq!(r, Err(ParseError::NoDate));
}

/// Fragments briefs are made of, so random combinations reach deep into every parser.
fn brief_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("---\n".to_string()),
        Just("title: \"Borderland Brief\"\n".to_string()),
        Just("date: 2025-09-05\n".to_string()),
        Just("# ".to_string()),
        Just("## What Happened".to_string()),
        Just("### ".to_string()),
        Just("WHAT HAPPENED:".to_string()),
        Just("WHY IT MATTERS".to_string()),
        Just("What Happened".to_string()),
        Just(" date 2025-09-05 Borderland Brief delivers ".to_string()),
        Just("Borderland Brief | September 5, 2025".to_string()),
        Just("Date: 16 August 2025".to_string()),
        Just("Sept. 5th, 2025".to_string()),
        Just("5 September 2025".to_string()),
        Just("2025-02-30".to_string()),
        Just("Friday, ".to_string()),
        Just("- ".to_string()),
        Just("* ".to_string()),
        Just("1. ".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("**".to_string()),
        Just("`".to_string()),
        Just("[link](http://x.org)".to_string()),
        Just("![img](a.png)".to_string()),
        Just("    ".to_string()),
        Just("<!DOCTYPE html>".to_string()),
        Just("<html><body>".to_string()),
        Just("<h1>".to_string()),
        Just("</h1>".to_string()),
        Just("<h2>".to_string()),
        Just("<p class=\"lead\">".to_string()),
        Just("<li>".to_string()),
        Just("<ul>".to_string()),
        Just("<script>".to_string()),
        Just("<time datetime=\"2025-09-05\">".to_string()),
        Just("<meta name=\"date\" content=\"Sept. 5 2025\">".to_string()),
        Just("&amp;&ldquo;&#8217;&#x0;".to_string()),
        Just("Zelenskyy’s Rzeszów “quoted”".to_string()),
        Just(":".to_string()),
        Just("|".to_string()),
        Just("—".to_string()),
        Just("\t".to_string()),
        Just("\u{1}".to_string()),
        "\\PC{0,40}",
        "[A-Za-z .,:;!?0-9]{0,80}",
    ]
}

fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("brief.txt".to_string()),
        Just("brief.md".to_string()),
        Just("brief.html".to_string()),
        Just("2025-09-05-brief".to_string()),
        Just("https://example.org/2025/09/05/brief?x=1#y".to_string()),
        Just(String::new()),
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048), name in any_name()) {
        let _ = parse_brief(&bytes, &name, LIMIT);
    }

    #[test]
    fn never_panics_on_strings(text in "\\PC{0,500}|(?s).{0,500}", name in any_name()) {
        let _ = parse_brief(text.as_bytes(), &name, LIMIT);
    }

    #[test]
    fn never_panics_on_brief_like_text(pieces in prop::collection::vec(brief_piece(), 0..60), name in any_name()) {
        let text = pieces.concat();
        if let Ok(b) = parse_brief(text.as_bytes(), &name, LIMIT) {
            // Whatever is accepted has a body and no empty blocks.
            prop_assert!(!b.sections.is_empty());
            prop_assert!(b.sections.iter().all(|s| !s.blocks.is_empty() && !s.heading.is_empty()));
            prop_assert!(b.sections.iter().flat_map(|s| &s.blocks).all(|blk| !blk.text().trim().is_empty()));
        }
    }
}

/// A plain-text news item opens with its headline, then a date line. The headline is the
/// brief's title and not a paragraph, where the engine would read it as a statement. A
/// first line is only taken for a headline when a date line follows it: without one, or
/// when it ends like a sentence, it stays in the body.
#[test]
fn plain_text_headlines_above_a_date_line_are_titles() {
    /// (fixture, date, headline, whether it is the title)
    type Case = (&'static str, (i32, u32, u32), &'static str, bool);
    let cases: &[Case] = &[
        (
            "long-headline.txt",
            (2025, 9, 5),
            "Zelenskyy says Ukraine is ready for talks with Russia but will not cede territory",
            true,
        ),
        (
            "question-headline.txt",
            (2025, 9, 11),
            "Can Europe keep its promise of security guarantees for Ukraine?",
            true,
        ),
        (
            "headline-then-blank-then-date.txt",
            (2025, 9, 11),
            "Kremlin says drone incursion into Poland was \"not planned\"",
            true,
        ),
        (
            "sentence-then-date.txt",
            (2025, 9, 11),
            "Drones crossed into Polish airspace overnight, officials said.",
            false,
        ),
        (
            "2025-09-05-headline-without-date.txt",
            (2025, 9, 5),
            "Zelenskyy says Ukraine is ready for talks with Russia but will not cede territory",
            false,
        ),
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/headlines");
    let mut failures = Vec::new();
    for &(name, (y, m, d), headline, is_title) in cases {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let b = match parse_brief(&bytes, name, LIMIT) {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let in_body = std::iter::once(b.lead.as_str())
            .chain(
                b.sections
                    .iter()
                    .flat_map(|s| s.blocks.iter().map(Block::text)),
            )
            .chain(b.sections.iter().map(|s| s.heading.as_str()))
            .any(|t| t.contains(headline));
        if b.date != NaiveDate::from_ymd_opt(y, m, d).unwrap() {
            failures.push(format!("{name}: date {}", b.date));
        }
        if (b.title == headline) != is_title || in_body == is_title {
            failures.push(format!(
                "{name}: title {:?}, headline in the body: {in_body}",
                b.title
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
