//! Faults and hostile input, through the built binary: special files in a briefs folder,
//! re-ingest, a kill in the middle of an ingest, impossible dates, odd file names,
//! configuration mistakes and damaged backups. Each test here failed before its fix.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_briefbot")
}

/// What a finished run printed.
struct Ran {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.current_dir(cwd)
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("DISCORD_TOKEN")
        .env_remove("DISCORD_TOKEN_FILE")
        .env_remove("DISCORD_API_BASE")
        .env("NO_COLOR", "1")
        // A child that reads stdin would wait for ever: nobody writes to this pipe.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = r.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    })
}

/// Runs briefbot and fails the test (killing it) if it has not finished in `secs`.
fn run_within(secs: u64, mut cmd: Command) -> Ran {
    let mut child = cmd.spawn().expect("start briefbot");
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "briefbot {:?} still running after {secs} s; it printed:\n{}",
                cmd.get_args().collect::<Vec<_>>(),
                out.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ran {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(cwd: &Path, args: &[&str]) -> Ran {
    run_within(120, command(cwd, args))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A plain-text brief in the layout the generator writes.
fn brief(title: &str, date: &str, text: &str) -> String {
    format!("{title} | {date}\n\nA lead line.\n\nWHAT HAPPENED\n\n{text}\n\nWHY IT MATTERS\n\nIt matters.\n")
}

/// The id in an ingest line: `added      path (id)`.
fn id_of(line: &str) -> &str {
    let open = line.rfind('(').unwrap();
    line[open + 1..]
        .trim_end_matches(')')
        .split(',')
        .next()
        .unwrap()
}

/// Brief ids in the store, read from an export.
fn stored_ids(cwd: &Path, data: &Path) -> BTreeSet<String> {
    let file = cwd.join("dump.jsonl");
    let r = run(cwd, &["--data", s(data), "export", s(&file)]);
    assert!(r.status.success(), "export: {}", r.stderr);
    std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["tree"] == "briefs")
        .map(|v| v["key"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_a_link_to_stdin_is_rejected_by_name_and_blocks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    std::fs::write(
        briefs.join("good.txt"),
        brief("Pipe Brief", "2025-09-05", "Text."),
    )
    .unwrap();
    let made = Command::new("mkfifo")
        .arg(briefs.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/stdin", briefs.join("stdin.md")).unwrap();
    let data = dir.path().join("data");

    // `ask` on an empty store ingests the briefs folder first, as `run` does at start.
    let r = run_within(
        60,
        command(dir.path(), &["--data", s(&data), "ask", "/brief latest"]),
    );
    assert!(r.status.success(), "{}", r.stderr);
    assert!(r.stdout.contains("Pipe Brief"), "{}", r.stdout);
    for name in ["pipe.txt", "stdin.md"] {
        assert!(r.stderr.contains(name), "{name} not named:\n{}", r.stderr);
    }

    let r = run_within(60, command(dir.path(), &["check"]));
    assert_eq!(r.status.code(), Some(1), "{}", r.stdout);
    for (name, kind) in [("pipe.txt", "a named pipe"), ("stdin.md", "")] {
        let line = r
            .stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{}", r.stdout));
        assert!(
            line.contains("not a regular file") && line.contains(kind),
            "{line}"
        );
    }

    let r = run_within(
        60,
        command(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]),
    );
    assert_eq!(r.status.code(), Some(1), "{}", r.stdout);
    assert!(r.stdout.contains("1 unchanged, 2 rejected"), "{}", r.stdout);
    assert!(r
        .stdout
        .lines()
        .any(|l| l.starts_with("rejected") && l.contains("pipe.txt") && l.contains("named pipe")));
}

#[test]
fn same_date_and_title_are_two_briefs_and_an_unchanged_folder_stays_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    for (name, text) in [
        ("a.txt", "The morning edition."),
        ("b.txt", "The evening edition, with other text."),
        ("c.txt", "Another day."),
    ] {
        let date = if name == "c.txt" {
            "2025-09-06"
        } else {
            "2025-09-05"
        };
        std::fs::write(briefs.join(name), brief("Borderland Brief", date, text)).unwrap();
    }
    let data = dir.path().join("data");
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
    assert!(r.status.success(), "{}", r.stdout);
    let added: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("added"))
        .map(id_of)
        .collect();
    assert_eq!(added.len(), 3, "{}", r.stdout);
    assert_eq!(added.iter().collect::<BTreeSet<_>>().len(), 3, "{added:?}");
    for round in 2..=4 {
        let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
        assert!(
            r.stdout
                .contains("3 files: 0 added, 0 updated, 3 unchanged, 0 rejected"),
            "round {round}:\n{}",
            r.stdout
        );
    }
    assert_eq!(stored_ids(dir.path(), &data).len(), 3);

    // A copy is stored once; edited later, it is a brief of its own, and the folder stays
    // unchanged from then on.
    std::fs::copy(briefs.join("a.txt"), briefs.join("copy-of-a.txt")).unwrap();
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
    assert!(
        r.stdout.contains("0 added, 0 updated, 4 unchanged"),
        "{}",
        r.stdout
    );
    std::fs::write(
        briefs.join("copy-of-a.txt"),
        brief(
            "Borderland Brief",
            "2025-09-05",
            "The morning edition, corrected.",
        ),
    )
    .unwrap();
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
    assert!(
        r.stdout.contains("1 added, 0 updated, 3 unchanged"),
        "{}",
        r.stdout
    );
    for round in 1..=3 {
        let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
        assert!(
            r.stdout
                .contains("4 files: 0 added, 0 updated, 4 unchanged, 0 rejected"),
            "after the copy, round {round}:\n{}",
            r.stdout
        );
    }
    assert_eq!(stored_ids(dir.path(), &data).len(), 4);
}

/// The ingest is killed once it has printed its first lines: every brief it printed as
/// stored is in the database, and the kill landed before the end (so the lines were printed
/// while it was still working, not after one final flush).
#[cfg(unix)]
#[test]
fn kill_9_in_the_middle_of_an_ingest_keeps_every_brief_it_printed() {
    const FILES: usize = 3_000;
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    for b in briefbot::corpus::generate(FILES, 11) {
        std::fs::write(briefs.join(&b.file_name), b.text).unwrap();
    }
    let data = dir.path().join("data");
    let mut child: Child = command(dir.path(), &["--data", s(&data), "ingest", s(&briefs)])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed = vec![rx
        .recv_timeout(Duration::from_secs(120))
        .expect("a first line within two minutes")];
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    reader.join().unwrap();
    printed.extend(rx.try_iter());
    assert!(!status.success(), "finished before the kill: {status:?}");
    let added: Vec<&str> = printed
        .iter()
        .filter(|l| l.starts_with("added"))
        .map(|l| id_of(l))
        .collect();
    assert!(!added.is_empty(), "{printed:?}");
    let stored = stored_ids(dir.path(), &data);
    for id in &added {
        assert!(stored.contains(*id), "{id} was printed but not stored");
    }
    assert!(
        stored.len() < FILES,
        "all {FILES} briefs were stored before the first line was printed"
    );
}

/// An ingest into a library whose indexes were saved is killed mid-way: the next start
/// catches both indexes up with what it stored (no build), and they answer as indexes
/// built afresh from the same store do.
#[cfg(unix)]
#[test]
fn after_a_kill_9_mid_ingest_both_indexes_catch_up_with_what_was_stored() {
    use briefbot::app::App;
    use briefbot::config::Config;
    use briefbot::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let write = |folder: &str, n: usize, seed: u64| {
        let path = dir.path().join(folder);
        std::fs::create_dir(&path).unwrap();
        for b in briefbot::corpus::generate(n, seed) {
            std::fs::write(path.join(&b.file_name), b.text).unwrap();
        }
        path
    };
    let first = write("first", 40, 12);
    let more = write("more", 2_000, 13);
    let data = dir.path().join("data");
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&first)]);
    assert!(r.status.success(), "{}", r.stderr);
    let mut child: Child = command(dir.path(), &["--data", s(&data), "ingest", s(&more)])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    child.kill().unwrap(); // SIGKILL
    assert!(!child.wait().unwrap().success(), "finished before the kill");
    assert!(line.starts_with("added"), "{line}");

    // A copy without the saved indexes builds both from the store.
    let fresh = dir.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    for e in std::fs::read_dir(&data).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "search-index" || name == briefbot::positions::SAVED_INDEX_FILE {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir(fresh.join(&name)).unwrap();
            for f in std::fs::read_dir(e.path()).unwrap() {
                let f = f.unwrap();
                std::fs::copy(f.path(), fresh.join(&name).join(f.file_name())).unwrap();
            }
        } else {
            std::fs::copy(e.path(), fresh.join(&name)).unwrap();
        }
    }
    let open = |data: &Path| {
        let config = Config {
            data_dir: data.to_path_buf(),
            ..Config::default()
        };
        let store = Store::open(&config.data_dir, config.cache_capacity_bytes()).unwrap();
        App::open(store, config).unwrap()
    };
    let (caught_up, built) = (open(&data), open(&fresh));
    assert!(
        caught_up.store.brief_count() > 40,
        "the kill came before any was stored"
    );
    assert!(
        caught_up.take_saved_positions().unwrap(),
        "the saved index caught up"
    );
    assert!(!built.take_saved_positions().unwrap());
    let (held, fresh) = (caught_up.positions().unwrap(), built.positions().unwrap());
    let sorted = |idx: &briefbot::positions::PositionIndex| {
        let mut v: Vec<String> = idx
            .statements()
            .iter()
            .map(|st| format!("{st:?}"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(sorted(&held), sorted(&fresh));
    for actor in briefbot::corpus::QUERY_ACTORS {
        for topic in briefbot::corpus::QUERY_TOPICS {
            assert_eq!(
                held.query(actor, topic),
                fresh.query(actor, topic),
                "/position {actor} {topic}"
            );
        }
    }
    for query in ["ceasefire talks", "drones", "sanctions"] {
        // Every hit, not the first 200: passages of the same text score the same, and which
        // of them a cut keeps depends on how each index laid out its segments.
        let found = |app: &App| {
            let mut hits: Vec<(String, String)> = app
                .search_index()
                .unwrap()
                .search(query, 1_000_000)
                .unwrap()
                .into_iter()
                .map(|h| (h.passage.brief_id, h.passage.text))
                .collect();
            hits.sort();
            hits
        };
        assert_eq!(found(&caught_up), found(&built), "{query}");
    }
}

#[test]
fn a_brief_dated_in_the_far_future_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    let today = chrono::Utc::now().date_naive();
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    for (name, date) in [
        ("far.txt", "9999-12-31"),
        ("next-week.txt", &(today + chrono::Days::new(7)).to_string()),
        ("tomorrow.txt", &tomorrow),
    ] {
        std::fs::write(briefs.join(name), brief("Dated Brief", date, name)).unwrap();
    }
    let data = dir.path().join("data");
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
    assert_eq!(r.status.code(), Some(1), "{}", r.stdout);
    let line = |name: &str| {
        r.stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{}", r.stdout))
            .to_string()
    };
    assert!(line("tomorrow.txt").starts_with("added"), "{}", r.stdout);
    // The day may turn between this test's clock and the binary's.
    let said_today = |l: &str| {
        [today, today + chrono::Days::new(1)]
            .iter()
            .any(|d| l.contains(&format!("after today ({d})")))
    };
    for name in ["far.txt", "next-week.txt"] {
        let l = line(name);
        assert!(
            l.starts_with("rejected") && l.contains("future") && said_today(&l),
            "{l}"
        );
    }
    assert!(line("far.txt").contains("9999-12-31"));
    let r = run(dir.path(), &["--data", s(&data), "ask", "/brief latest"]);
    assert!(r.stdout.contains(&tomorrow), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn hidden_and_too_deep_files_get_a_skipped_line_and_control_characters_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    let deep = briefs.join("a/b/c/d/e");
    std::fs::create_dir_all(&deep).unwrap();
    let text = brief("Odd Names", "2025-09-05", "Text.");
    std::fs::write(briefs.join(".hidden.txt"), &text).unwrap();
    std::fs::write(deep.join("deep.txt"), &text).unwrap();
    std::fs::write(briefs.join("clear\x1b[2Jscreen\nfake.txt"), &text).unwrap();
    let data = dir.path().join("data");
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
    assert!(r.status.success(), "{}", r.stdout);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("added") && l.contains("clear\\u{1b}[2Jscreen\\nfake.txt")),
        "{lines:?}"
    );
    for (name, why) in [(".hidden.txt", "hidden"), ("a/b/c/d/e", "levels below")] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("skipped") && l.contains(name) && l.contains(why)),
            "no skipped line for {name}: {lines:?}"
        );
    }
}

#[test]
fn run_refuses_a_config_with_an_unknown_key_or_an_impossible_value_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("briefs")).unwrap();
    for (config, key) in [
        ("briefs_dri = \"x\"\n", "briefs_dri"),
        ("[discord]\nguild = [1]\n", "discord.guild"),
        ("delivery_rate_per_sec = 0\n", "delivery_rate_per_sec"),
    ] {
        std::fs::write(dir.path().join("b.toml"), config).unwrap();
        let mut cmd = command(dir.path(), &["--config", "b.toml", "--data", "data", "run"]);
        // Were the config accepted, the bot would try this token on a closed port.
        cmd.env("DISCORD_TOKEN", "fake-token")
            .env("DISCORD_API_BASE", "http://127.0.0.1:9");
        let r = run_within(60, cmd);
        assert_eq!(r.status.code(), Some(2), "{config}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{key}:")) && r.stderr.contains("refusing to start"),
            "{config}: {}",
            r.stderr
        );
    }
}

#[test]
fn an_unreadable_token_file_is_a_problem_for_check_and_its_os_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("briefs")).unwrap();
    let missing = dir.path().join("no-such-token");
    let mut cmd = command(dir.path(), &["check"]);
    cmd.env("DISCORD_TOKEN_FILE", &missing);
    let r = run_within(60, cmd);
    assert_eq!(r.status.code(), Some(1), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("problem  discord.token: cannot read DISCORD_TOKEN_FILE"),
        "{}",
        r.stdout
    );

    let mut cmd = command(dir.path(), &["--data", "data", "run"]);
    cmd.env("DISCORD_TOKEN_FILE", &missing);
    let r = run_within(60, cmd);
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("no-such-token"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("os error").count(), 1, "{}", r.stderr);
}

/// `lines` (header and entries) with a trailer that matches them, as export writes it.
fn with_trailer(lines: &[String]) -> String {
    use sha2::Digest;
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let sum: String = sha2::Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let trailer = serde_json::json!({ "trailer": { "entries": lines.len() - 1, "sha256": sum } });
    format!("{body}{trailer}\n")
}

#[test]
fn a_truncated_empty_or_corrupt_backup_is_refused_whole_and_leaves_the_target_importable() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
    let r = run(root, &["--data", "a", "ingest", s(&bundled)]);
    assert!(r.status.success(), "{}", r.stderr);
    let r = run(root, &["--data", "a", "export", "good.jsonl"]);
    assert!(r.status.success(), "{}", r.stderr);
    let good = std::fs::read_to_string(root.join("good.jsonl")).unwrap();
    let lines: Vec<String> = good.lines().map(String::from).collect();
    assert!(lines.last().unwrap().contains("\"trailer\""), "{good}");
    let body = &lines[..lines.len() - 1];
    let brief_line = body
        .iter()
        .position(|l| l.contains("\"tree\":\"briefs\""))
        .unwrap();
    let meta_schema = body
        .iter()
        .position(|l| l.contains("\"tree\":\"meta\"") && l.contains("schema_version"))
        .unwrap();
    let edited = |at: usize, f: &dyn Fn(&str) -> String| {
        let mut l = body.to_vec();
        l[at] = f(&l[at]);
        l
    };
    let mut cut = good.len() * 2 / 3;
    while !good.is_char_boundary(cut) {
        cut -= 1;
    }
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "empty file"),
        (
            "last lines missing",
            format!("{}\n", lines[..lines.len() - 3].join("\n")),
            "no trailer",
        ),
        ("cut mid-line", good[..cut].to_string(), "line"),
        (
            "trailer counts more",
            with_trailer(&body[..body.len() - 1]).replace(
                &format!("\"entries\":{}", body.len() - 2),
                &format!("\"entries\":{}", body.len() - 1),
            ),
            "counts",
        ),
        (
            "text changed",
            good.replacen("Borderland", "Borderlund", 1),
            "checksum",
        ),
        (
            "malformed brief record",
            with_trailer(&edited(brief_line, &|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["record"]["data"] = serde_json::json!({ "nonsense": 1 });
                v.to_string()
            })),
            "corrupt record",
        ),
        (
            "schema 99 in the header",
            with_trailer(&edited(0, &|l| l.replace("\"schema\":1", "\"schema\":99"))),
            "schema 99",
        ),
        (
            "schema 99 in meta",
            with_trailer(&edited(meta_schema, &|_| {
                r#"{"tree":"meta","key":"schema_version","value_hex":"00000063"}"#.into()
            })),
            "schema_version",
        ),
        (
            "unknown tree",
            with_trailer(
                &[
                    body.to_vec(),
                    vec![r#"{"tree":"evil","key":"k","value_hex":"00"}"#.into()],
                ]
                .concat(),
            ),
            "unknown tree \"evil\"",
        ),
    ];
    for (i, (name, text, why)) in cases.iter().enumerate() {
        let target = format!("t{i}");
        if i == 0 {
            // An empty database is already there, as `ask` leaves one.
            let r = run(root, &["--data", &target, "ask", "/brief latest"]);
            // "Nothing stored yet" is an error notice (exit 1); the store is made either way.
            assert_eq!(r.status.code(), Some(1), "{}", r.stderr);
        }
        std::fs::write(root.join("bad.jsonl"), text).unwrap();
        let r = run(root, &["--data", &target, "import", "bad.jsonl"]);
        assert_eq!(r.status.code(), Some(2), "{name}: {}", r.stdout);
        assert!(
            r.stderr.contains("bad.jsonl") && r.stderr.contains(why),
            "{name}: {}",
            r.stderr
        );
        // The import stages inside the target (a mount point has no writable parent).
        let leftovers: Vec<String> = [root.to_path_buf(), root.join(&target)]
            .iter()
            .filter(|d| d.is_dir())
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".import"))
            .collect();
        assert!(leftovers.is_empty(), "{name}: {leftovers:?}");
        let r = run(root, &["--data", &target, "import", "good.jsonl"]);
        assert!(
            r.status.success() && r.stdout.contains("3 briefs"),
            "{name}: the good backup after the bad one: {}{}",
            r.stdout,
            r.stderr
        );
        let r = run(root, &["--data", &target, "ask", "/brief list"]);
        assert!(r.status.success(), "{name}: {}", r.stderr);
    }
}

#[test]
fn a_masked_link_in_a_plain_brief_is_escaped_and_a_markdown_link_shows_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    std::fs::create_dir(&briefs).unwrap();
    std::fs::write(
        briefs.join("plain.txt"),
        brief(
            "Plain Brief",
            "2025-09-05",
            "Read the [Official statement](https://evil.example/phish) and **act** now.",
        ),
    )
    .unwrap();
    std::fs::write(
        briefs.join("2025-09-06-md.md"),
        "# Markdown Brief\n\nSeptember 6, 2025\n\n## What Happened\n\nThe ministry published a [statement](https://example.org/statement) today.\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let r = run(dir.path(), &["--data", s(&data), "ingest", s(&briefs)]);
    assert!(r.status.success(), "{}", r.stdout);
    let described = |date: &str| {
        let r = run(
            dir.path(),
            &[
                "--data",
                s(&data),
                "ask",
                "--json",
                &format!("/brief date {date}"),
            ],
        );
        assert!(r.status.success(), "{}", r.stderr);
        let bodies: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
        bodies
            .iter()
            .flat_map(|b| b["embeds"].as_array().cloned().unwrap_or_default())
            .filter_map(|e| e["description"].as_str().map(String::from))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let plain = described("2025-09-05");
    assert!(
        plain.contains(r"\[Official statement\](https://evil.example/phish)")
            && plain.contains(r"\*\*act\*\*"),
        "{plain}"
    );
    let md = described("2025-09-06");
    assert!(
        md.contains("statement (https://example.org/statement) today"),
        "{md}"
    );
}
