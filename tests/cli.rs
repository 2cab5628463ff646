//! Runs the built `briefbot` binary the way a self-hoster does: ingest, ask (text and
//! JSON), check, and a second process on a data directory in use.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_briefbot")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(cwd)
        .args(args)
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run briefbot")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A working folder with `briefs/` holding the bundled briefs and no config file.
fn fresh_install() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, briefs.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn ask_json(cwd: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["ask", "--json"];
    all.extend_from_slice(args);
    let o = run(cwd, &all);
    assert!(
        o.status.success(),
        "ask failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)))
}

/// Every limit in DESIGN.md, checked on the JSON that would go to Discord.
fn assert_within_discord_limits(bodies: &[Value]) {
    let len = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    for body in bodies {
        // Brief text must never ping: nothing parsed, nobody listed.
        let am = &body["allowed_mentions"];
        assert_eq!(am["parse"], serde_json::json!([]), "{body}");
        for k in ["users", "roles"] {
            assert!(am[k].as_array().is_none_or(|a| a.is_empty()), "{body}");
        }
        assert!(len(&body["content"]) <= 2000);
        let embeds = body["embeds"].as_array().unwrap();
        assert!(embeds.len() <= 10, "{} embeds", embeds.len());
        let mut total = 0;
        for e in embeds {
            let (t, d, f, a) = (
                len(&e["title"]),
                len(&e["description"]),
                len(&e["footer"]["text"]),
                len(&e["author"]["name"]),
            );
            assert!(
                t <= 256 && d <= 4096 && f <= 2048 && a <= 256,
                "embed over a limit: {e}"
            );
            let fields = e["fields"].as_array().cloned().unwrap_or_default();
            assert!(fields.len() <= 25);
            for field in &fields {
                assert!(len(&field["name"]) <= 256 && len(&field["value"]) <= 1024);
                total += len(&field["name"]) + len(&field["value"]);
            }
            total += t + d + f + a;
        }
        assert!(total <= 6000, "message embeds total {total} characters");
    }
}

fn text_of(bodies: &[Value]) -> String {
    let mut out = String::new();
    for b in bodies {
        out.push_str(b["content"].as_str().unwrap_or(""));
        for e in b["embeds"].as_array().unwrap() {
            for k in ["title", "description"] {
                out.push_str(e[k].as_str().unwrap_or(""));
                out.push('\n');
            }
            for f in e["fields"].as_array().cloned().unwrap_or_default() {
                out.push_str(f["name"].as_str().unwrap_or(""));
                out.push_str(f["value"].as_str().unwrap_or(""));
            }
        }
    }
    out
}

#[test]
fn ingest_of_a_mixed_folder_stores_the_good_and_names_the_bad() {
    let dir = tempfile::tempdir().unwrap();
    let folder = fixtures().join("ingest_mixed");
    let data = dir.path().join("data");
    let (folder_s, data_s) = (folder.to_str().unwrap(), data.to_str().unwrap());
    let o = run(dir.path(), &["--data", data_s, "ingest", folder_s]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    let line = |name: &str| {
        out.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{out}"))
            .to_string()
    };
    for (name, want) in [
        ("empty.txt", "rejected"),
        ("logo.png", "rejected"),
        ("meeting-notes.txt", "rejected"),
        ("copy-of-borderland.txt", "unchanged"),
        ("2025-08-16-alaska-summit.txt", "added"),
        ("2025-09-05-borderland-brief.txt", "added"),
        ("2025-09-11-drones-over-poland.md", "added"),
    ] {
        assert!(line(name).starts_with(want), "{name}: {}", line(name));
    }
    assert!(line("empty.txt").contains("empty"));
    assert!(line("logo.png").contains("not UTF-8 text"));
    assert!(line("meeting-notes.txt").contains("no date"));
    assert!(
        out.contains("7 files: 3 added, 0 updated, 1 unchanged, 3 rejected"),
        "{out}"
    );

    // Ingesting again stores nothing twice.
    let o = run(dir.path(), &["--data", data_s, "ingest", folder_s]);
    assert!(
        stdout(&o).contains("0 added, 0 updated, 4 unchanged, 3 rejected"),
        "{}",
        stdout(&o)
    );
    let list = ask_json(dir.path(), &["--data", data_s, "/brief list"]);
    let listing = list[0]["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(listing.lines().count(), 3, "{listing}");
}

#[test]
fn ask_on_a_fresh_install_shows_the_latest_bundled_brief() {
    let dir = fresh_install();
    let bodies = ask_json(dir.path(), &["/brief latest"]);
    assert_within_discord_limits(&bodies);
    let first = &bodies[0];
    assert_eq!(
        first["flags"].as_u64().unwrap_or(0) & 64,
        0,
        "a brief is public: {first}"
    );
    let embeds = first["embeds"].as_array().unwrap();
    assert_eq!(embeds[0]["title"], "Borderland Brief — September 11, 2025");
    let titles: Vec<&str> = embeds.iter().filter_map(|e| e["title"].as_str()).collect();
    assert!(
        titles.contains(&"What Happened") && titles.contains(&"Why It Matters"),
        "{titles:?}"
    );
    assert!(embeds
        .iter()
        .all(|e| e["footer"]["text"] == "Borderland Brief · 2025-09-11"));
    assert!(text_of(&bodies).contains("Rzeszów"));
    // The store now holds the bundled briefs; the plain rendering reads them back.
    let o = run(
        dir.path(),
        &["ask", "/brief date 2025-09-05 why it matters"],
    );
    let text = stdout(&o);
    assert!(
        text.contains("== Why It Matters ==") && !text.contains("== What Happened =="),
        "{text}"
    );
    assert!(text.contains("legitimate target"), "{text}");
}

#[test]
fn bad_requests_get_ephemeral_answers_that_say_what_exists() {
    let dir = fresh_install();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["/brief date 2025-09-06"],
            &["No brief on 2025-09-06", "2025-09-05", "2025-09-11"],
        ),
        (&["/brief date 06/09/2025"], &["YYYY-MM-DD"]),
        (
            &["/brief latest section:Outlook"],
            &["no section \"Outlook\"", "What Happened, Why It Matters"],
        ),
        (&["/brief list 9"], &["no page 9", "1 page"]),
        (
            &["/brief search zeppelin airship"],
            &["Nothing in 3 briefs matches"],
        ),
        (&["/brief frobnicate"], &["no subcommand `frobnicate`"]),
    ];
    for (args, wants) in cases {
        let bodies = ask_json(dir.path(), args);
        assert_eq!(bodies.len(), 1);
        assert_eq!(
            bodies[0]["flags"], 64,
            "{args:?} must be ephemeral: {}",
            bodies[0]
        );
        let content = bodies[0]["content"].as_str().unwrap();
        for w in *wants {
            assert!(content.contains(w), "{args:?}: {content:?} lacks {w:?}");
        }
    }
}

#[test]
fn an_empty_library_says_how_to_add_briefs() {
    let dir = tempfile::tempdir().unwrap();
    let bodies = ask_json(dir.path(), &["/brief latest"]);
    assert_eq!(bodies[0]["flags"], 64);
    assert!(bodies[0]["content"]
        .as_str()
        .unwrap()
        .contains("No briefs are stored yet"));
}

#[test]
fn a_long_brief_becomes_a_response_and_follow_ups_within_limits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let long = fixtures().join("long");
    let o = run(
        dir.path(),
        &[
            "--data",
            data.to_str().unwrap(),
            "ingest",
            long.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stdout(&o));
    let bodies = ask_json(
        dir.path(),
        &["--data", data.to_str().unwrap(), "/brief latest"],
    );
    assert!(
        bodies.len() >= 2,
        "expected follow-ups, got {} message(s)",
        bodies.len()
    );
    assert_within_discord_limits(&bodies);
    let text = text_of(&bodies);
    // Nothing lost in the splitting: every paragraph's first words are there.
    let source = std::fs::read_to_string(long.join("2025-10-01-long-watch.txt")).unwrap();
    for para in source.split("\n\n").filter(|p| p.len() > 200) {
        let head: String = para.chars().take(60).collect();
        assert!(text.contains(&head), "lost: {head}");
    }
    assert!(
        text.contains("@everyone"),
        "text is kept; allowed_mentions keeps it from pinging"
    );
}

#[test]
fn search_and_list_answer_with_dates_and_sections() {
    let dir = fresh_install();
    let bodies = ask_json(dir.path(), &["/brief search security guarantees"]);
    assert_within_discord_limits(&bodies);
    let fields = bodies[0]["embeds"][0]["fields"].as_array().unwrap();
    assert!(!fields.is_empty());
    let first = fields[0]["name"].as_str().unwrap();
    assert!(first.starts_with("2025-"), "{first}");
    assert!(fields.iter().any(|f| f["value"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("security guarantees")));

    let bodies = ask_json(dir.path(), &["/brief list"]);
    let desc = bodies[0]["embeds"][0]["description"].as_str().unwrap();
    let dates: Vec<&str> = desc.lines().map(|l| &l[2..12]).collect();
    assert_eq!(
        dates,
        vec!["2025-09-11", "2025-09-05", "2025-08-16"],
        "{desc}"
    );

    let bodies = ask_json(dir.path(), &["/help"]);
    assert!(text_of(&bodies).contains("/position"));
}

#[test]
fn a_second_process_on_a_data_dir_in_use_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let _held = briefbot::store::Store::open(&data, 1 << 20).unwrap();
    let o = run(
        dir.path(),
        &[
            "--data",
            data.to_str().unwrap(),
            "ingest",
            fixtures().join("ingest_mixed").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is in use by a running briefbot"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn check_reports_bad_keys_and_writes_nothing() {
    let dir = fresh_install();
    let o = run(dir.path(), &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("briefs: 3 of 3 files"),
        "{}",
        stdout(&o)
    );
    assert!(
        !dir.path().join("data").exists(),
        "check must not create the database"
    );

    std::fs::write(
        dir.path().join("bad.toml"),
        "timezone = \"Europe/Kiev-ish\"\nbriefs_dir = \"nowhere\"\nlist_pagesize = 3\n[[sources]]\nurl = \"ftp://example.org/feed\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["--config", "bad.toml", "check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for key in ["timezone", "briefs_dir", "list_pagesize", "sources[0].url"] {
        assert!(
            out.contains(&format!("problem  {key}:")),
            "{key} not named:\n{out}"
        );
    }
    let o = run(dir.path(), &["--config", "missing.toml", "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.toml"));
}

#[test]
fn environment_variables_override_the_config_file() {
    let dir = fresh_install();
    std::fs::write(
        dir.path().join("b.toml"),
        "list_page_size = 10\n[discord]\nguilds = [1]\n",
    )
    .unwrap();
    let list = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(bin());
        cmd.current_dir(dir.path())
            .args(["--config", "b.toml", "ask", "--json", "/brief list"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let o = cmd.output().unwrap();
        let bodies: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
        bodies[0]["embeds"][0]["title"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(list(&[]), "Briefs — page 1 of 1");
    assert_eq!(
        list(&[("BRIEFBOT_LIST_PAGE_SIZE", "2")]),
        "Briefs — page 1 of 2"
    );
    // A bad value from the environment is reported with its key.
    let o = Command::new(bin())
        .current_dir(dir.path())
        .args(["--config", "b.toml", "check"])
        .env("BRIEFBOT_DISCORD__GUILDS", "not-a-list")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("discord.guilds"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
