//! Runs the built `briefbot` binary the way a self-hoster does: ingest, ask (text and
//! JSON), check, and a second process on a data directory in use.

use crate::support;
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
    support::library::copy_bundled_briefs(&dir.path().join("briefs"));
    dir
}

fn ask_json(cwd: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["ask", "--json"];
    all.extend_from_slice(args);
    let o = run(cwd, &all);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
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
    // The footer and the date once per message, on its last embed.
    let footers: Vec<&Value> = embeds.iter().map(|e| &e["footer"]["text"]).collect();
    assert_eq!(
        footers.last().unwrap().as_str(),
        Some("Borderland Brief · 2025-09-11")
    );
    assert!(
        footers[..footers.len() - 1].iter().all(|f| f.is_null()),
        "{footers:?}"
    );
    assert!(embeds.last().unwrap()["timestamp"]
        .as_str()
        .unwrap()
        .starts_with("2025-09-11T00:00:00"));
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

#[test]
fn sections_are_checked_against_the_library_and_stored_by_their_heading() {
    let dir = fresh_install();
    let mod_ask =
        |command: &str| ask_json(dir.path(), &["--guild", "1", "--channel", "2", command]);
    let content = |bodies: &[Value]| bodies[0]["content"].as_str().unwrap_or("").to_string();
    for command in [
        "/subscribe sections:foo",
        "/schedule daily 08:00 sections:\"What Happened, foo\"",
    ] {
        let bodies = mod_ask(command);
        assert_eq!(bodies[0]["flags"], 64, "{command}");
        let text = content(&bodies);
        assert!(
            text.contains("no brief has a section \"foo\"")
                && text.contains("What Happened, Why It Matters"),
            "{command}: {text}"
        );
    }
    let text = content(&mod_ask("/subscribe sections:\"what happened\""));
    assert!(
        text.contains("Subscription created") && text.contains("(What Happened)"),
        "{text}"
    );
    let text = content(&mod_ask("/schedule daily 08:00 sections:why"));
    assert!(
        text.contains("08:00 UTC") && text.contains("(Why It Matters)"),
        "{text}"
    );
    let listed = text_of(&mod_ask("/schedule list"));
    assert!(
        listed.contains("Why It Matters") && !listed.contains("foo"),
        "{listed}"
    );
}

#[test]
fn ask_exits_1_on_an_error_notice_and_0_on_an_answer_or_confirmation() {
    let dir = fresh_install();
    let cases: &[(&[&str], i32)] = &[
        (&["/brief latest"], 0),
        (&["/help"], 0),
        (&["/brief date 2025-09-06"], 1),
        (&["/brief frobnicate"], 1),
        (&["/brief search zeppelin airship"], 1),
        (&["/position russia"], 1),
        (&["/subscribe"], 1),
        // A moderator's confirmation is ephemeral too, and still a success.
        (&["--guild", "1", "--channel", "2", "/subscribe"], 0),
        (
            &["--guild", "1", "--channel", "2", "/subscribe sections:foo"],
            1,
        ),
        // Posting needs the running bot's connection.
        (
            &["--guild", "1", "--channel", "2", "/schedule test sub-1"],
            1,
        ),
        // The old spellings of the moderators' library actions name the new ones.
        (&["--guild", "1", "/sources"], 1),
        (&["--guild", "1", "/brief add file:brief.md"], 1),
    ];
    for (args, want) in cases {
        for json in [false, true] {
            let mut all = vec!["ask"];
            if json {
                all.push("--json");
            }
            all.extend_from_slice(args);
            let o = run(dir.path(), &all);
            assert_eq!(o.status.code(), Some(*want), "{all:?}: {}", stdout(&o));
            assert!(
                !stdout(&o).is_empty(),
                "{all:?} prints its answer either way"
            );
            if args
                .iter()
                .any(|a| *a == "/sources" || a.starts_with("/brief add"))
            {
                assert!(stdout(&o).contains("is now `/library "), "{}", stdout(&o));
            }
        }
    }
}

#[test]
fn ask_help_describes_the_command_with_examples() {
    let o = run(Path::new(env!("CARGO_MANIFEST_DIR")), &["ask", "--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    for want in [
        "<COMMAND>...",
        "bare words fill its options in order",
        "Examples:",
        "briefbot ask '/brief latest'",
        "/schedule daily 08:00",
        "Exit status",
    ] {
        assert!(help.contains(want), "ask --help lacks {want:?}:\n{help}");
    }
}

#[test]
fn brief_embeds_carry_the_date_the_web_source_and_one_footer_per_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let store = briefbot::store::Store::open(&data, 1 << 20).unwrap();
        let put = |file: &str, source: &str| {
            let bytes = std::fs::read(fixtures().join("long").join(file))
                .or_else(|_| {
                    std::fs::read(
                        Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("briefs")
                            .join(file),
                    )
                })
                .unwrap();
            let parsed = briefbot::brief::parse_brief(&bytes, file, 1 << 20).unwrap();
            store.put_brief(&parsed, source, 1_700_000_000).unwrap();
        };
        put(
            "2025-09-05-borderland-brief.txt",
            "https://example.org/briefs/2025-09-05?edition=1",
        );
        put(
            "2025-09-11-drones-over-poland.md",
            "briefs/2025-09-11-drones-over-poland.md",
        );
        put(
            "2025-10-01-long-watch.txt",
            "https://user:secret@example.org/long",
        );
        store.flush().unwrap();
    }
    let data = data.to_str().unwrap();
    let embeds_of = |command: &str| -> Vec<Vec<Value>> {
        ask_json(dir.path(), &["--data", data, command])
            .iter()
            .map(|b| b["embeds"].as_array().unwrap().clone())
            .collect()
    };
    let url = |messages: &[Vec<Value>]| messages[0][0]["url"].as_str().map(str::to_string);
    let sept5 = embeds_of("/brief date 2025-09-05");
    assert_eq!(
        url(&sept5).as_deref(),
        Some("https://example.org/briefs/2025-09-05?edition=1")
    );
    // A path on the server, or a URL with credentials, is not linked.
    assert_eq!(url(&embeds_of("/brief date 2025-09-11")), None);
    let long = embeds_of("/brief date 2025-10-01");
    assert_eq!(url(&long), None);
    assert!(long.len() >= 2, "the long brief takes follow-ups");
    for (date, messages) in [("2025-09-05", &sept5), ("2025-10-01", &long)] {
        for embeds in messages.iter() {
            let (last, rest) = embeds.split_last().unwrap();
            assert!(last["footer"]["text"].as_str().unwrap().ends_with(date));
            assert!(last["timestamp"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{date}T00:00:00")));
            for e in rest {
                assert!(
                    e.get("footer").is_none() && e.get("timestamp").is_none(),
                    "{e}"
                );
            }
        }
        // Only the first embed links, or Discord would merge the embeds that share it.
        let linked = messages
            .iter()
            .flatten()
            .filter(|e| e.get("url").is_some())
            .count();
        assert!(linked <= 1, "{date}: {linked} embeds carry the url");
    }
}

#[test]
fn search_and_position_take_a_page() {
    let dir = fresh_install();
    let footer = |bodies: &[Value]| {
        bodies[0]["embeds"][0]["footer"]["text"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let first = ask_json(dir.path(), &["/brief search ukraine"]);
    let f = footer(&first);
    assert!(f.contains("page 1 of "), "{f}");
    let pages: usize = f.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(pages >= 2, "ukraine should match more than one page: {f}");
    let second = ask_json(dir.path(), &["/brief search ukraine page:2"]);
    assert!(
        footer(&second).contains("page 2 of "),
        "{}",
        footer(&second)
    );
    assert_ne!(
        first[0]["embeds"][0]["fields"][0],
        second[0]["embeds"][0]["fields"][0]
    );
    let past = ask_json(
        dir.path(),
        &[&format!("/brief search ukraine page:{}", pages + 1)],
    );
    assert_eq!(past[0]["flags"], 64);
    assert!(past[0]["content"].as_str().unwrap().contains("no page"));

    let p1 = ask_json(dir.path(), &["/position russia troops"]);
    let p2 = ask_json(dir.path(), &["/position russia troops page:2"]);
    assert!(footer(&p1).contains("page 1 of 2"), "{}", footer(&p1));
    assert!(footer(&p2).contains("page 2 of 2"), "{}", footer(&p2));
    assert_ne!(
        p1[0]["embeds"][0]["fields"][0],
        p2[0]["embeds"][0]["fields"][0]
    );
}
