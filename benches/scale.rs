//! End-to-end scale benchmark: the real `briefbot run` binary over generated libraries of
//! 1k and 10k briefs (50k with `BRIEFBOT_SCALE_SIZES=1000,10000,50000`), driven through the
//! fake Discord. For each size it prints the ingest time, the store's size beside the
//! briefs' raw bytes, start-up time, the first answer of each command kind after the bot
//! registered its commands, when the bot logged its `/position` index ready, warm latency
//! per kind (once that index is built), a burst of 50 `/position` at once, and the bot's
//! resident memory. Then 20 briefs arrive in the folder the bot watches (how long until
//! both indexes caught up with them), and the bot is killed and started again (start-up,
//! first `/position`, `/position` index ready).
//!
//! Latency is from the moment the fake starts writing INTERACTION_CREATE to the gateway
//! socket to the moment the bot's first callback arrives, as in `benches/interactions.rs`.
//! `cargo bench --bench scale` measures the release build; it is not part of `cargo test`.
//! `BRIEFBOT_SCALE_BIN=path` drives another build's binary instead (a before/after pair).

mod common;
#[path = "../tests/it/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use briefbot::corpus::{self, QUERY_ACTORS, QUERY_TOPICS};
use common::{ms, percentile, prepare, start_bot, Bot};
use serde_json::{json, Value};
use support::fake_discord::{FakeConfig, FakeDiscord};
use support::interactions::{self as ix, Who};

const ROUNDS: usize = 200;
const BURST: usize = 50;
/// Briefs dropped in the watched folder while the bot runs.
const ARRIVING: usize = 20;
const WAIT: Duration = Duration::from_secs(120);
/// Long enough for an answer the bot deferred; the bench reports the first callback.
const CALLBACK_WAIT: Duration = Duration::from_secs(30);

/// The release binary Cargo built for this bench (`CARGO_BIN_EXE_briefbot`), or the one
/// `BRIEFBOT_SCALE_BIN` names: another version's, for a before/after pair on one host.
fn bin() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        std::env::var("BRIEFBOT_SCALE_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_briefbot").to_string())
    })
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_bytes(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// `VmRSS` and `VmHWM` (peak) of a process, in MiB.
fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Writes `n` generated briefs and ingests them with `briefbot ingest`, as a self-hoster
/// would; returns the briefs' raw bytes and the ingest's wall time.
fn build_library(dir: &Path, n: usize) -> (u64, Duration) {
    let src = dir.join("generated");
    std::fs::create_dir_all(&src).expect("create generated");
    let mut raw = 0;
    for b in corpus::generate(n, 42) {
        raw += b.text.len() as u64;
        std::fs::write(src.join(&b.file_name), b.text).expect("write brief");
    }
    let started = Instant::now();
    let out = Command::new(bin())
        .current_dir(dir)
        .args([
            "--config",
            "briefbot.toml",
            "--data",
            "data",
            "ingest",
            "generated",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .expect("run briefbot ingest");
    assert!(out.success(), "briefbot ingest failed: {out}");
    (raw, started.elapsed())
}

fn position(i: usize) -> Value {
    let actor = QUERY_ACTORS[i % QUERY_ACTORS.len()];
    // The topic option is required: Discord never sends an empty one.
    let topics: Vec<&str> = QUERY_TOPICS
        .iter()
        .copied()
        .filter(|t| !t.trim().is_empty())
        .collect();
    let topic = topics[i % topics.len()];
    ix::slash(
        "position",
        json!([
            ix::string_opt("actor", actor),
            ix::string_opt("topic", topic)
        ]),
        Who::Plain,
    )
}

fn search(i: usize) -> Value {
    let query = QUERY_TOPICS[i % QUERY_TOPICS.len()];
    let query = if query.trim().is_empty() {
        "ceasefire talks"
    } else {
        query
    };
    ix::slash(
        "brief",
        json!([ix::sub("search", json!([ix::string_opt("query", query)]))]),
        Who::Plain,
    )
}

fn latest(_: usize) -> Value {
    ix::slash("brief", json!([ix::sub("latest", json!([]))]), Who::Plain)
}

fn position_autocomplete(i: usize) -> Value {
    let actor = QUERY_ACTORS[i % QUERY_ACTORS.len()];
    let typed: String = actor.chars().take(3).collect();
    ix::autocomplete("position", json!([ix::focused("actor", &typed)]))
}

type Make = fn(usize) -> Value;

/// Round trip of one interaction already sent.
async fn answered(fake: &FakeDiscord, id: u64) -> Duration {
    let cb = fake.wait_for_callback(id, CALLBACK_WAIT).await;
    let queued = fake
        .interaction_written_at(id)
        .expect("answered, so the frame was written");
    cb.at.saturating_duration_since(queued)
}

async fn once(fake: &FakeDiscord, payload: Value) -> Duration {
    let sent = fake.send_interaction(payload);
    answered(fake, sent.id).await
}

async fn measure(n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    prepare(dir.path());
    // An empty briefs folder: the library is what `ingest` stored, not a folder to re-read.
    std::fs::create_dir_all(dir.path().join("briefs")).expect("create briefs");
    let (raw, ingest) = build_library(dir.path(), n);
    let store = dir_bytes(&dir.path().join("data"));
    println!(
        "{n} briefs: ingest {:.1} s ({:.0} briefs/s); store {:.1} MB for {:.1} MB of briefs ({:.1}x)",
        ingest.as_secs_f64(),
        n as f64 / ingest.as_secs_f64(),
        store as f64 / 1e6,
        raw as f64 / 1e6,
        store as f64 / raw as f64
    );

    let (fake, bot, index_built, started) = start(dir.path()).await;
    let startup = started.elapsed();
    // The first answer of each kind, right after the commands are registered: before any
    // index the bot builds in the background can be assumed ready.
    let first_position = once(&fake, position(0)).await;
    let first_search = once(&fake, search(0)).await;
    println!(
        "  start-up (spawn -> commands registered) {:.0} ms; first /position {:.1} ms; first /brief search {:.1} ms",
        ms(startup),
        ms(first_position),
        ms(first_search)
    );
    // Warm figures are of the index, which the bot builds in the background from the start.
    let (built, index_lines) = logged(index_built, &["/position index ready"]).await;
    println!(
        "  /position index ready {:.0} ms after spawn",
        ms(built.saturating_duration_since(started))
    );

    let kinds: [(&str, Make); 4] = [
        ("/position", position),
        ("/brief search", search),
        ("/brief latest", latest),
        ("autocomplete /position", position_autocomplete),
    ];
    for (name, make) in kinds {
        let mut times = Vec::with_capacity(ROUNDS);
        for i in 0..ROUNDS {
            times.push(once(&fake, make(i)).await);
        }
        times.sort();
        println!(
            "  {name:<24} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  ({ROUNDS} one at a time)",
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().expect("rounds"))
        );
    }

    let ids: Vec<u64> = (0..BURST)
        .map(|i| fake.send_interaction(position(i)).id)
        .collect();
    let mut burst = Vec::with_capacity(BURST);
    for id in ids {
        burst.push(answered(&fake, id).await);
    }
    burst.sort();
    println!(
        "  burst of {BURST} /position   p50 {:>7.2} ms  max {:>7.2} ms",
        ms(percentile(&burst, 0.50)),
        ms(*burst.last().expect("burst"))
    );

    let (rss, peak) = memory_mib(bot.0.id());
    println!("  resident memory {rss:.0} MiB now, {peak:.0} MiB at peak");
    let warnings = fake.warnings();
    if !warnings.is_empty() {
        eprintln!("fake Discord warnings: {warnings:?}");
    }

    // Briefs arriving while the bot runs, in the folder it watches: both indexes catch up
    // with them and are saved, so a start after a crash (SIGKILL) reads them.
    let arrived = Instant::now();
    for b in corpus::generate(ARRIVING, 7) {
        let name = format!("arrived-{}", b.file_name);
        std::fs::write(dir.path().join("briefs").join(name), b.text).expect("write brief");
    }
    let (positions, index_lines) = logged(index_lines, &["/position index caught up"]).await;
    let (searched, _) = logged(
        index_lines,
        &["search index caught up", "search index rebuilt"],
    )
    .await;
    println!(
        "  {ARRIVING} briefs arrived in the folder: /position index caught up {:.0} ms and search index {:.0} ms after they were written",
        ms(positions.saturating_duration_since(arrived)),
        ms(searched.saturating_duration_since(arrived))
    );
    drop(bot);
    let (fake, _bot, index_built, started) = start(dir.path()).await;
    let startup = started.elapsed();
    let first_position = once(&fake, position(0)).await;
    let (built, _) = logged(index_built, &["/position index ready"]).await;
    println!(
        "  restart after SIGKILL: start-up {:.0} ms; first /position {:.1} ms; /position index ready {:.0} ms after spawn",
        ms(startup),
        ms(first_position),
        ms(built.saturating_duration_since(started))
    );
}

/// A new fake Discord and `briefbot run` in `dir` against it, once the bot registered its
/// commands: the fake, the bot, its index log lines and the moment it was spawned.
async fn start(dir: &Path) -> (FakeDiscord, Bot, mpsc::Receiver<(Instant, String)>, Instant) {
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        ..FakeConfig::default()
    })
    .await;
    let started = Instant::now();
    let (bot, lines) = start_bot(&fake, dir);
    fake.wait_ready_sent(WAIT).await;
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    (fake, bot, lines, started)
}

/// The moment of the next of the bot's index log lines that holds one of `wanted` (lines
/// before it are passed over), and the channel back for the next wait.
async fn logged(
    lines: mpsc::Receiver<(Instant, String)>,
    wanted: &'static [&'static str],
) -> (Instant, mpsc::Receiver<(Instant, String)>) {
    tokio::task::spawn_blocking(move || loop {
        let (at, line) = lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("the bot logs one of {wanted:?}"));
        if wanted.iter().any(|w| line.contains(w)) {
            return (at, lines);
        }
    })
    .await
    .expect("the log reader")
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BRIEFBOT_SCALE_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("BRIEFBOT_SCALE_SIZES: numbers separated by commas")
        })
        .collect();
    println!(
        "scale: the real binary through the fake Discord ({})",
        bin()
    );
    for n in sizes {
        measure(n).await;
    }
}
