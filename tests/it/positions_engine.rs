//! End-to-end checks of the /position engine: sample briefs -> `analyze` -> `PositionIndex`,
//! scored the way `../shared/tools/eval_positions.py` scores the bot's replies.
//!
//! Briefs are built with a tiny local reader (blank-line blocks, short unpunctuated lines are
//! headings) so that these tests do not depend on the real parsers.

use std::path::{Path, PathBuf};

use briefbot::brief::{Block, Brief, Section};
use briefbot::positions::{analyze, Claim, Lexicons, PositionAnswer, PositionIndex};
use chrono::NaiveDate;

/// How many hits a reply plausibly shows; expected phrases must be among them.
const SHOWN: usize = 10;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/positions")
}

fn is_heading(line: &str) -> bool {
    if line.starts_with('#') {
        return true;
    }
    let ends_like_prose = line.ends_with(['.', '!', '?', ':', '"', '\u{201d}', '*', ')', ';', ',']);
    line.chars().count() <= 60 && !ends_like_prose && !line.starts_with(['-', '*', '•'])
}

fn heading_text(line: &str) -> String {
    let h = line.trim_start_matches('#').trim().trim_end_matches(':');
    if h.chars().any(|c| c.is_lowercase()) {
        return h.to_string();
    }
    h.split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a sample brief: the date comes from the file name (YYYY-MM-DD-...).
fn load_brief(path: &Path) -> Brief {
    let raw = std::fs::read_to_string(path)
        .unwrap()
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n");
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let date = NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").unwrap();
    let mut lead = String::new();
    let mut sections: Vec<Section> = Vec::new();
    for block in raw.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        if !block.contains('\n') && is_heading(block) {
            sections.push(Section {
                heading: heading_text(block),
                blocks: Vec::new(),
            });
            continue;
        }
        for para in split_bullets(block) {
            match sections.last_mut() {
                Some(s) => s.blocks.push(para),
                None => {
                    if !lead.is_empty() {
                        lead.push(' ');
                    }
                    lead.push_str(para.text());
                }
            }
        }
    }
    Brief {
        id: stem,
        date,
        title: "Borderland Brief".into(),
        lead,
        sections,
        source: path.display().to_string(),
        content_hash: String::new(),
        revision: 1,
        ingested_at: 0,
    }
}

fn split_bullets(block: &str) -> Vec<Block> {
    let lines: Vec<&str> = block.lines().map(str::trim).collect();
    if lines
        .iter()
        .all(|l| l.starts_with("- ") || l.starts_with("* ") || l.starts_with("• "))
    {
        return lines
            .iter()
            .map(|l| Block::Bullet(l[2..].trim().to_string()))
            .collect();
    }
    let text = lines.join(" ");
    let text = text
        .strip_prefix('*')
        .and_then(|t| t.strip_suffix('*'))
        .unwrap_or(&text)
        .to_string();
    vec![Block::Paragraph(text)]
}

fn load_dir(dir: &Path) -> Vec<Brief> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths.iter().map(|p| load_brief(p)).collect()
}

/// Folds case, whitespace, typographic quotes and Markdown emphasis, as the scorer does.
fn fold(s: &str) -> String {
    let mut t = s.to_string();
    for (a, b) in [
        ('\u{2018}', "'"),
        ('\u{2019}', "'"),
        ('\u{201c}', "\""),
        ('\u{201d}', "\""),
        ('\u{2013}', "-"),
        ('\u{2014}', "-"),
        ('\u{a0}', " "),
    ] {
        t = t.replace(a, b);
    }
    t.retain(|c| !matches!(c, '*' | '_' | '~' | '`' | '>' | '|'));
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct Case {
    command: String,
    expect: Vec<String>,
    reject: Vec<String>,
    nothing: bool,
}

fn load_cases(path: &Path) -> Vec<Case> {
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    table["case"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            command: c["command"].as_str().unwrap().to_string(),
            expect: strings(c.get("expect")),
            reject: strings(c.get("reject")),
            nothing: c.get("nothing").and_then(|v| v.as_bool()).unwrap_or(false),
        })
        .collect()
}

fn build_index(briefs: &[Brief]) -> PositionIndex {
    let lex = Lexicons::load(
        Path::new("config/actors.toml"),
        Path::new("config/topics.toml"),
    )
    .unwrap();
    let claims: Vec<Claim> = briefs.iter().flat_map(|b| analyze(&lex, b)).collect();
    PositionIndex::new(lex, claims)
}

struct Score {
    found: usize,
    total: usize,
    wrong: usize,
    report: Vec<String>,
}

fn run_cases(index: &PositionIndex, cases: &[Case]) -> Score {
    let mut s = Score {
        found: 0,
        total: 0,
        wrong: 0,
        report: Vec::new(),
    };
    for case in cases {
        let words = case
            .command
            .trim()
            .strip_prefix("/position")
            .expect("a /position command")
            .trim();
        let (actor, topic) = index.split_actor_topic(words);
        let answer = index.query(&actor, &topic);
        let (shown, all) = match &answer {
            PositionAnswer::Found { hits, .. } => {
                let texts: Vec<String> = hits
                    .iter()
                    .map(|h| fold(&index.text(&h.statement)))
                    .collect();
                (
                    texts
                        .iter()
                        .take(SHOWN)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n"),
                    texts.join("\n"),
                )
            }
            _ => (String::new(), String::new()),
        };
        let mut missing: Vec<String> = case
            .expect
            .iter()
            .filter(|p| !shown.contains(&fold(p)))
            .cloned()
            .collect();
        if case.nothing && matches!(answer, PositionAnswer::Found { .. }) {
            missing.push("(a nothing-on-record answer)".into());
        }
        let case_total = case.expect.len() + usize::from(case.nothing);
        s.total += case_total;
        s.found += case_total - missing.len();
        let leaked: Vec<&String> = case
            .reject
            .iter()
            .filter(|p| all.contains(&fold(p)))
            .collect();
        if !leaked.is_empty() {
            s.wrong += 1;
        }
        s.report.push(format!(
            "{} {} -> ({actor:?}, {topic:?}){}{}",
            if missing.is_empty() && leaked.is_empty() {
                "ok  "
            } else {
                "MISS"
            },
            case.command,
            if missing.is_empty() {
                String::new()
            } else {
                format!(" missing={missing:?}")
            },
            if leaked.is_empty() {
                String::new()
            } else {
                format!(" wrong-actor={leaked:?}")
            },
        ));
    }
    s
}

fn check(briefs_dir: &Path, cases_file: &Path, extra_briefs: Option<&Path>) {
    let mut briefs = load_dir(briefs_dir);
    if let Some(d) = extra_briefs {
        briefs.extend(load_dir(d));
    }
    let index = build_index(&briefs);
    let cases = load_cases(cases_file);
    let s = run_cases(&index, &cases);
    let recall = s.found as f64 / s.total.max(1) as f64;
    let report = s.report.join("\n");
    eprintln!(
        "{report}\nrecall {recall:.2} ({}/{}), wrong-actor cases {}/{}",
        s.found,
        s.total,
        s.wrong,
        cases.len()
    );
    assert!(recall >= 0.9, "recall {recall:.2} below 0.9\n{report}");
    assert_eq!(s.wrong, 0, "a rejected phrase was attributed\n{report}");
}

#[test]
fn dev_set_cases_pass() {
    check(
        &fixtures().join("briefs"),
        &fixtures().join("dev_cases.toml"),
        None,
    );
}

#[test]
fn extra_cases_pass_with_all_briefs_loaded() {
    check(
        &fixtures().join("extra_briefs"),
        &fixtures().join("extra_cases.toml"),
        Some(&fixtures().join("briefs")),
    );
}

#[test]
fn dev_cases_still_pass_with_extra_briefs_loaded() {
    check(
        &fixtures().join("briefs"),
        &fixtures().join("dev_cases.toml"),
        Some(&fixtures().join("extra_briefs")),
    );
}

#[test]
fn claims_carry_speaker_actors_and_context() {
    let briefs = load_dir(&fixtures().join("briefs"));
    let lex = Lexicons::builtin();
    let claims: Vec<Claim> = briefs.iter().flat_map(|b| analyze(&lex, b)).collect();
    let find = |needle: &str| {
        claims
            .iter()
            .find(|c| c.text.contains(needle))
            .unwrap_or_else(|| panic!("no claim with {needle:?}"))
    };

    let peskov = find("legally binding and balanced");
    assert_eq!(peskov.speaker, "Kremlin spokesperson Dmitry Peskov");
    assert_eq!(peskov.actors, ["peskov", "russia"]);
    assert!(!peskov.from_context);
    assert!(peskov.topics.contains(&"security_guarantees".to_string()));

    let he = find("subject to military action");
    assert!(he.from_context);
    assert_eq!(he.actors, ["peskov", "russia"]);
    assert_eq!(he.stance.as_str(), "threatens");

    let poland = find("Poland ruled out sending troops");
    assert_eq!(poland.actors, ["poland"]);
    assert_eq!(poland.stance.as_str(), "rejects");
    assert!(!poland.text.contains("United Kingdom"));

    let zelenskyy = find("significant step toward");
    assert_eq!(zelenskyy.actors, ["zelenskyy", "ukraine"]);

    // Analysis without a speaker is not a statement.
    assert!(claims
        .iter()
        .all(|c| !c.text.contains("reflects the same logic")));
    assert!(claims
        .iter()
        .all(|c| c.section != "Why It Matters" || !c.from_context));
}

#[test]
fn unknown_and_misspelt_actors() {
    let index = build_index(&load_dir(&fixtures().join("briefs")));
    match index.query("rusia", "troops") {
        PositionAnswer::UnknownActor { did_you_mean, .. } => {
            assert_eq!(did_you_mean.first().map(String::as_str), Some("Russia"))
        }
        other => panic!("expected UnknownActor, got {other:?}"),
    }
    match index.query("china", "troops") {
        PositionAnswer::Nothing { actor_label, .. } => assert_eq!(actor_label, "China"),
        other => panic!("expected Nothing, got {other:?}"),
    }
    match index.query("poland", "nuclear weapons") {
        PositionAnswer::Nothing {
            other_topics_for_actor,
            ..
        } => assert!(other_topics_for_actor.iter().any(|t| t == "troops")),
        other => panic!("expected Nothing, got {other:?}"),
    }
    // A free-text topic falls back to the words of the actor's own statements.
    match index.query("poland", "logistics") {
        PositionAnswer::Found { hits, .. } => {
            assert!(index.text(&hits[0].statement).contains("logistics hub"))
        }
        other => panic!("expected Found, got {other:?}"),
    }
}

#[test]
fn splitting_and_suggestions() {
    let index = build_index(&load_dir(&fixtures().join("briefs")));
    assert_eq!(
        index.split_actor_topic("united states ceasefire"),
        ("united states".into(), "ceasefire".into())
    );
    assert_eq!(
        index.split_actor_topic("russia security guarantees"),
        ("russia".into(), "security guarantees".into())
    );
    assert_eq!(
        index.split_actor_topic("narnia troops"),
        ("narnia".into(), "troops".into())
    );
    let s = index.suggest_actors("ru");
    assert_eq!(s.first().map(String::as_str), Some("Russia"), "{s:?}");
    assert!(s.len() <= 25);
    assert!(index.suggest_actors("").len() == 25);
    assert!(index
        .suggest_actors("zelen")
        .contains(&"Volodymyr Zelenskyy".to_string()));
    assert!(index
        .suggest_actors("kremlim")
        .contains(&"Russia".to_string()));
    assert_eq!(
        index.suggest_topics("tro").first().map(String::as_str),
        Some("troops")
    );
    assert!(index
        .suggest_topics("secur")
        .contains(&"security guarantees".to_string()));
}

#[test]
fn lexicon_files_match_the_builtin_copy() {
    let loaded = Lexicons::load(
        Path::new("config/actors.toml"),
        Path::new("config/topics.toml"),
    )
    .unwrap();
    assert_eq!(loaded.version(), Lexicons::builtin().version());
    let missing = Lexicons::load(
        Path::new("config/nope.toml"),
        Path::new("config/topics.toml"),
    )
    .unwrap_err();
    assert!(missing.to_string().contains("nope.toml"));
    let fallback = Lexicons::load_or_builtin(
        Path::new("config/nope.toml"),
        Path::new("config/nope2.toml"),
    )
    .unwrap();
    assert_eq!(fallback.version(), Lexicons::builtin().version());
}

/// Where the engine's fingerprint is kept: the version stored claims are stamped with
/// (`Lexicons::version`: the code version, the word lists, the lexicons) and a hash of
/// every claim `analyze` makes from the fixture briefs.
fn fingerprint_file() -> PathBuf {
    fixtures().join("engine_fingerprint.txt")
}

/// Every claim the engine makes from the in-repo fixture briefs, hashed. Briefs are read
/// with this file's own reader, so that a parser change does not count as an engine change.
fn claims_hash(lex: &Lexicons) -> (usize, String) {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut n = 0;
    for dir in ["briefs", "extra_briefs", "unseen_briefs"] {
        for b in load_dir(&fixtures().join(dir)) {
            for c in analyze(lex, &b) {
                n += 1;
                let line = format!(
                    "{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{:?}\x1f{:?}\x1f{:?}\x1f{:?}\x1f{:?}\x1f{}\x1f{}\n",
                    c.brief_id,
                    c.brief_date,
                    c.section,
                    c.sentence_index,
                    c.text,
                    c.speaker,
                    c.actors,
                    c.topics,
                    c.topic_hits,
                    c.context_topics,
                    c.stance,
                    c.from_context,
                    c.stems
                );
                h.update(line.as_bytes());
            }
        }
    }
    let hex = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    (n, hex)
}

fn fingerprint_text(version: &str, claims: usize, hash: &str) -> String {
    format!(
        "# What the /position engine makes of tests/fixtures/positions/*_briefs, checked by\n\
         # `engine_output_changes_only_with_its_version` in tests/it/positions_engine.rs.\n\
         # Rewrite it with BRIEFBOT_BLESS=1 cargo test --test it positions_engine::engine_output\n\
         version = {version}\n\
         claims = {claims}\n\
         hash = {hash}\n"
    )
}

fn fingerprint_field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .filter_map(|l| l.split_once(" = "))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.trim())
}

/// Stored claims are rebuilt only when the stored version changes. If the engine's answers
/// change and the version does not, upgraded stores keep stale claims: this test catches
/// that. A word list or lexicon edit changes the version by itself (see
/// `positions::tests::every_word_list_is_part_of_the_engine_version`); a code change needs
/// `ENGINE_CODE_VERSION` bumped.
#[test]
fn engine_output_changes_only_with_its_version() {
    let lex = Lexicons::builtin();
    let version = lex.version();
    let (claims, hash) = claims_hash(&lex);
    let file = fingerprint_file();
    if std::env::var("BRIEFBOT_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&file, fingerprint_text(&version, claims, &hash)).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&file).unwrap_or_default();
    let (rv, rh) = (
        fingerprint_field(&recorded, "version").unwrap_or("none"),
        fingerprint_field(&recorded, "hash").unwrap_or("none"),
    );
    assert!(
        rh == hash || rv != version,
        "The engine's claims on the fixture briefs changed ({claims} claims now) but its \
         version ({version}) did not, so stores made before would keep stale claims. Bump \
         ENGINE_CODE_VERSION in src/positions/mod.rs, then rewrite {} with \
         BRIEFBOT_BLESS=1 cargo test --test it positions_engine::engine_output",
        file.display()
    );
    assert!(
        rv == version && rh == hash,
        "The engine's version changed ({rv} -> {version}), so stores rebuild their claims; \
         record the new fingerprint with \
         BRIEFBOT_BLESS=1 cargo test --test it positions_engine::engine_output"
    );
}
