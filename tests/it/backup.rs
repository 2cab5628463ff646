//! Export → import round trip through the binary: a bot restored from a backup lists the
//! same briefs and the same schedules and subscriptions. Backups while `briefbot run` holds
//! the database (through its control socket, against the fake Discord), `import --replace`,
//! and the README's backup, restore and upgrade commands, run as the container runs them.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::fake_discord::{FakeConfig, FakeDiscord};
use support::interactions as ix;

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run briefbot")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn export_then_import_restores_briefs_schedules_and_subscriptions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let briefs = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
    ok(run(
        root,
        &["--data", "a", "ingest", briefs.to_str().unwrap()],
    ));
    let as_mod = ["--guild", "42", "--channel", "7"];
    let ask = |data: &str, cmd: &str| {
        let mut args = vec!["--data", data, "ask", "--json"];
        args.extend(as_mod);
        args.push(cmd);
        ok(run(root, &args))
    };
    assert!(ask("a", "/subscribe sections:\"What Happened\"").contains("sub-"));
    assert!(ask(
        "a",
        "/schedule daily time:08:00 timezone:Europe/Kyiv channel:<#9>"
    )
    .contains("daily-"));

    let export = ok(run(
        root,
        &["--data", "a", "export", "backup/briefbot.jsonl"],
    ));
    assert!(export.contains("exported"), "{export}");
    let dump = std::fs::read_to_string(root.join("backup/briefbot.jsonl")).unwrap();
    assert!(dump
        .lines()
        .next()
        .unwrap()
        .contains("\"format\":\"briefbot-export\""));
    assert!(!root.join("backup").read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".tmp")));

    let import = ok(run(
        root,
        &["--data", "b", "import", "backup/briefbot.jsonl"],
    ));
    assert!(import.contains("3 briefs"), "{import}");
    for cmd in [
        "/brief list",
        "/schedule list",
        "/brief latest",
        "/position russia troops",
    ] {
        assert_eq!(
            ask("a", cmd),
            ask("b", cmd),
            "{cmd} differs after the round trip"
        );
    }
    // A second import into a data directory that is not empty is refused, nothing lost.
    let again = run(root, &["--data", "b", "import", "backup/briefbot.jsonl"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn healthcheck_fails_without_a_running_bot() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--data", "data", "healthcheck"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("unhealthy"));
}

/// An entry of a data directory whose name starts with `prefix`.
fn entries_starting(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

#[test]
fn import_replace_moves_the_current_data_aside_only_once_the_backup_is_good() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let briefs = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
    ok(run(
        root,
        &["--data", "a", "ingest", briefs.to_str().unwrap()],
    ));
    ok(run(root, &["--data", "a", "export", "good.jsonl"]));
    let good = std::fs::read_to_string(root.join("good.jsonl")).unwrap();
    std::fs::write(root.join("cut.jsonl"), &good[..good.len() / 2]).unwrap();
    // Made after the backup: the data a restore replaces, which must not be lost.
    let ask = |data: &str, cmd: &str| {
        ok(run(
            root,
            &[
                "--data",
                data,
                "ask",
                "--guild",
                "42",
                "--channel",
                "7",
                cmd,
            ],
        ))
    };
    assert!(ask("a", "/subscribe").contains("sub-"));
    let data = root.join("a");

    // A bad backup is refused before anything moves.
    let bad = run(root, &["--data", "a", "import", "--replace", "cut.jsonl"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cut.jsonl"));
    assert!(entries_starting(&data, "replaced-").is_empty());
    assert!(entries_starting(&data, ".import-").is_empty());
    assert!(ask("a", "/schedule list").contains("sub-"));

    // Without --replace, a data directory with data is refused, naming the way out.
    let plain = run(root, &["--data", "a", "import", "good.jsonl"]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&plain.stderr).contains("--replace"));

    let out = ok(run(
        root,
        &["--data", "a", "import", "--replace", "good.jsonl"],
    ));
    let aside = entries_starting(&data, "replaced-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    let aside = &aside[0];
    assert!(
        out.contains("moved the previous database aside to")
            && out.contains(&format!(
                "a/{}",
                aside.file_name().unwrap().to_string_lossy()
            ))
            && out.contains("3 briefs"),
        "{out}"
    );
    assert!(aside.join("db").is_file() && aside.join("conf").is_file());
    assert!(entries_starting(&data, ".import-").is_empty());
    // The backup's state is in place; the replaced state is kept, and opens with --data.
    let nothing = run(
        root,
        &["--data", "a", "ask", "--guild", "42", "/schedule list"],
    );
    assert!(
        String::from_utf8_lossy(&nothing.stdout).contains("Nothing is scheduled"),
        "{nothing:?}"
    );
    let aside = aside.to_str().unwrap();
    assert!(ask(aside, "/schedule list").contains("sub-"));
    assert_eq!(ask("a", "/brief list"), ask(aside, "/brief list"));
}

// ----- The README's "Backup, restore and upgrade", as the container runs it --------------------

/// The commands of README.md's *Backup, restore and upgrade*, word for word; the test runs
/// what each does inside the container, with `/data` a temporary data directory.
const BACKUP_NOW: &str = "docker compose exec briefbot briefbot export /data/backups/now.jsonl";
const COPY_OFF: &str = "docker compose cp briefbot:/data/backups/now.jsonl ./briefbot-now.jsonl";
const STOP: &str = "docker compose stop briefbot";
const RESTORE: &str = "docker compose run --rm -v \"$PWD/briefbot-now.jsonl:/restore.jsonl:ro\" briefbot import --replace /restore.jsonl";
const START: &str = "docker compose start briefbot";
const LOOK_ASIDE: &str =
    "docker compose run --rm briefbot --data /data/replaced-<time> ask '/brief list'";
const BEFORE_UPGRADE: &str =
    "docker compose exec briefbot briefbot export /data/backups/before-upgrade.jsonl";

const WAIT: Duration = Duration::from_secs(20);

/// The image's layout: `/app` (the working directory, with `briefs/` and `config/`) and the
/// `/data` volume; `host` is the operator's directory (`$PWD` of the compose commands).
struct Container {
    app: PathBuf,
    data: PathBuf,
    host: PathBuf,
}

impl Container {
    /// The briefbot arguments of a compose command, with the container's paths mapped to
    /// the test's: `/data` to the data directory, `/restore.jsonl` to the host file the
    /// `-v` option mounts there.
    fn briefbot_args(&self, command: &str) -> Vec<String> {
        let rest = command
            .strip_prefix("docker compose exec briefbot briefbot ")
            .or_else(|| {
                let rest = command.strip_prefix("docker compose run --rm ")?;
                let rest = match rest.strip_prefix("-v ") {
                    Some(r) => r.split_once(' ')?.1,
                    None => rest,
                };
                rest.strip_prefix("briefbot ")
            })
            .unwrap_or_else(|| panic!("not a briefbot command: {command}"));
        let mut args = Vec::new();
        let mut quoted: Option<String> = None;
        for word in rest.split(' ') {
            match &mut quoted {
                Some(q) => {
                    q.push(' ');
                    q.push_str(word.trim_end_matches('\''));
                    if word.ends_with('\'') {
                        args.push(quoted.take().unwrap());
                    }
                }
                None if word.starts_with('\'') && !word[1..].ends_with('\'') => {
                    quoted = Some(word[1..].to_string())
                }
                None => args.push(word.trim_matches('\'').to_string()),
            }
        }
        args.into_iter()
            .map(|a| {
                if a == "/restore.jsonl" {
                    self.host.join("briefbot-now.jsonl").display().to_string()
                } else if let Some(p) = a.strip_prefix("/data/") {
                    self.data.join(p).display().to_string()
                } else {
                    a
                }
            })
            .collect()
    }

    /// `briefbot` as the image runs it: in `/app`, `BRIEFBOT_DATA_DIR=/data`.
    fn briefbot(&self, args: &[String]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_briefbot"));
        c.current_dir(&self.app)
            .args(args)
            .env("BRIEFBOT_DATA_DIR", &self.data)
            .env_remove("RUST_LOG")
            .env_remove("DISCORD_TOKEN_FILE")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, command: &str) -> Output {
        let args = self.briefbot_args(command);
        self.briefbot(&args).output().expect("run briefbot")
    }

    /// `docker compose cp briefbot:/data/X ./Y`.
    fn copy_off(&self, command: &str) {
        let (from, to) = command
            .strip_prefix("docker compose cp briefbot:/data/")
            .and_then(|r| r.split_once(" ./"))
            .unwrap_or_else(|| panic!("not a copy off the volume: {command}"));
        std::fs::copy(self.data.join(from), self.host.join(to)).unwrap();
    }

    fn ask(&self, data: &Path, command: &str) -> String {
        let args: Vec<String> = ["--data", data.to_str().unwrap(), "ask"]
            .into_iter()
            .chain(["--guild", &ix::GUILD_ID.to_string()])
            .chain(["--channel", &ix::CHANNEL_ID.to_string(), command])
            .map(String::from)
            .collect();
        ok(self.briefbot(&args).output().unwrap())
    }

    /// `docker compose start briefbot`: the image's `CMD ["run"]`, against the fake Discord.
    fn start(&self, fake: &FakeDiscord) -> Bot {
        let log = std::fs::File::create(self.host.join("bot.log")).unwrap();
        let child = self
            .briefbot(&["run".to_string()])
            .env("DISCORD_TOKEN", "fake-token")
            .env("DISCORD_API_BASE", fake.api_base())
            .env("BRIEFBOT_DISCORD__GUILDS", format!("[{}]", ix::GUILD_ID))
            .env("BRIEFBOT_WATCH_INTERVAL_SECS", "1")
            .env("RUST_LOG", "warn,briefbot=info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start briefbot run");
        Bot {
            child,
            log: self.host.join("bot.log"),
        }
    }
}

/// A running `briefbot run`, killed if the test ends before stopping it.
struct Bot {
    child: Child,
    log: PathBuf,
}

impl Bot {
    /// `docker compose stop briefbot`: SIGTERM, and a clean exit.
    fn stop(&mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let started = Instant::now();
        while started.elapsed() < WAIT {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status:?}\n{}", self.log());
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the bot did not stop within {WAIT:?}\n{}", self.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The lines of a dump between its header (which holds the time) and its trailer.
fn dump_entries(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<String> = text.lines().map(String::from).collect();
    assert!(
        lines[0].contains("\"format\":\"briefbot-export\""),
        "{}",
        lines[0]
    );
    assert!(lines.last().unwrap().contains("\"trailer\""));
    lines[1..lines.len() - 1].to_vec()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_backup_restore_and_upgrade_commands_work() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for command in [
        BACKUP_NOW,
        COPY_OFF,
        STOP,
        RESTORE,
        START,
        LOOK_ASIDE,
        BEFORE_UPGRADE,
    ] {
        assert!(
            readme.contains(command),
            "README.md no longer shows: {command}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = Container {
        app: dir.path().join("app"),
        data: dir.path().join("data"),
        host: dir.path().join("host"),
    };
    copy_dir(&repo.join("briefs"), &c.app.join("briefs"));
    copy_dir(&repo.join("config"), &c.app.join("config"));
    std::fs::create_dir_all(&c.host).unwrap();
    // The bundled briefs (ingested by the first `ask`), a subscription and a schedule.
    assert!(c.ask(&c.data, "/subscribe").contains("sub-"));
    // Twelve hours from now: neither due nor within the catch-up window while the test
    // runs, so the schedule changes nothing between the backups compared below.
    let time = (chrono::Utc::now() + chrono::Duration::hours(12)).format("%H:%M");
    assert!(c
        .ask(
            &c.data,
            &format!("/schedule daily time:{time} timezone:UTC channel:<#9>")
        )
        .contains("daily-"));
    // A socket file left by a bot that was killed: the next one replaces it.
    drop(std::os::unix::net::UnixListener::bind(c.data.join("control.sock")).unwrap());

    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await;
    let mut bot = c.start(&fake);
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    let socket = c.data.join("control.sock");
    let meta = std::fs::metadata(&socket).unwrap();
    assert!(meta.file_type().is_socket());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "owner only");

    // A brief that arrives while the bot runs is in the backup: the subscription's post
    // says it is stored and flushed.
    std::fs::write(
        c.app.join("briefs/2025-09-20-while-running.md"),
        "# Written While Running — 2025-09-20\n\n## What Happened\n\nThe harbour reopened at dawn.\n",
    )
    .unwrap();
    let posts = format!("POST /channels/{}/messages", ix::CHANNEL_ID);
    let started = Instant::now();
    while !fake
        .requests_matching(&posts)
        .iter()
        .any(|r| r.json().to_string().contains("Written While Running"))
    {
        assert!(started.elapsed() < WAIT, "not posted\n{}", bot.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The engine records a delivery's message ids just after Discord answers the post.
    tokio::time::sleep(Duration::from_secs(1)).await;

    // A request in another protocol version is refused, saying so.
    let mut s = std::os::unix::net::UnixStream::connect(&socket).unwrap();
    s.write_all(b"{\"control\":2,\"op\":\"export\"}\n").unwrap();
    let mut answer = String::new();
    BufReader::new(&s).read_line(&mut answer).unwrap();
    assert!(
        answer.contains("\"ok\":false") && answer.contains("speaks control protocol 1"),
        "{answer}"
    );

    let o = c.run(BACKUP_NOW);
    assert!(o.status.success(), "{}\n{}", stderr(&o), bot.log());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("from the running bot") && out.contains("control.sock"),
        "{out}"
    );
    let now = c.data.join("backups/now.jsonl");
    let running = dump_entries(&now);
    for wanted in [
        "Written While Running",
        "\"tree\":\"subscriptions\"",
        "\"tree\":\"schedules\"",
        "\"tree\":\"deliveries\"",
    ] {
        assert!(
            running.iter().any(|l| l.contains(wanted)),
            "{wanted} is not in the backup"
        );
    }
    let o = c.run(BEFORE_UPGRADE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        dump_entries(&c.data.join("backups/before-upgrade.jsonl")),
        running
    );

    // A restore while the bot runs is refused, and moves nothing.
    c.copy_off(COPY_OFF);
    let o = c.run(RESTORE);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a briefbot is running") && stderr(&o).contains("stop it"),
        "{}",
        stderr(&o)
    );
    assert!(entries_starting(&c.data, "replaced-").is_empty());

    assert!(readme.contains(STOP));
    bot.stop();
    assert!(!socket.exists(), "the socket is removed on a clean stop");
    // The backup taken while the bot ran holds everything the stopped database does.
    let stopped = dir.path().join("stopped.jsonl");
    ok(
        c.briefbot(&["export".into(), stopped.display().to_string()])
            .output()
            .unwrap(),
    );
    assert_eq!(running, dump_entries(&stopped));

    // Restored into a new volume: the same library, subscriptions and schedules.
    let fresh = Container {
        app: c.app.clone(),
        data: dir.path().join("new-volume"),
        host: c.host.clone(),
    };
    let out = ok(fresh.run(RESTORE));
    assert!(out.contains("4 briefs") && !out.contains("aside"), "{out}");
    for cmd in ["/brief list", "/brief latest", "/schedule list"] {
        assert_eq!(c.ask(&c.data, cmd), c.ask(&fresh.data, cmd), "{cmd}");
    }

    // Restored over the data it came from: that data is moved aside, not lost.
    let out = ok(c.run(RESTORE));
    let aside = entries_starting(&c.data, "replaced-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        out.contains(&format!("aside to {}", aside[0].display())),
        "{out}"
    );
    assert!(c.data.join("backups/now.jsonl").exists(), "backups stay");
    let look = LOOK_ASIDE.replace(
        "replaced-<time>",
        &aside[0].file_name().unwrap().to_string_lossy(),
    );
    let o = c.run(&look);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        c.ask(&c.data, "/brief list")
    );

    // `docker compose start briefbot`: the restored data serves again.
    assert!(readme.contains(START));
    let mut bot = c.start(&fake);
    fake.wait_readies_sent(2, WAIT).await;
    let started = Instant::now();
    while !socket.exists() {
        assert!(started.elapsed() < WAIT, "{}", bot.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    bot.stop();
}
