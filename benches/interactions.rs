//! Interaction latency benchmark: the real `briefbot run` binary against the fake Discord,
//! timing each interaction from the moment the fake starts writing INTERACTION_CREATE to the
//! gateway socket to the moment the bot's first callback
//! (`POST /interactions/{id}/{token}/callback`) arrives at the fake. One interaction at a
//! time, so this is latency, not throughput.
//!
//! The binary is the one Cargo builds for this bench profile (`CARGO_BIN_EXE_briefbot`, set
//! for benches as for integration tests): `cargo bench --bench interactions` measures the
//! release build.

mod common;
#[path = "../tests/it/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{copy_dir, ms, percentile, prepare, start_bot, Bot};
use serde_json::{json, Value};
use support::fake_discord::{FakeConfig, FakeDiscord};
use support::interactions::{self as ix, Who};

const ROUNDS: usize = 300;
/// Warm-up interactions per kind, not counted (first-use allocations, lazy indexes).
const WARM_UP: usize = 10;
const WAIT: Duration = Duration::from_secs(20);
/// Discord's own deadline for a first response.
const CALLBACK_WAIT: Duration = Duration::from_secs(3);

fn start(fake: &FakeDiscord, dir: &Path) -> Bot {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("briefs"), &dir.join("briefs"));
    prepare(dir);
    start_bot(fake, dir).0
}

type Make = fn() -> Value;

fn brief_latest() -> Value {
    ix::slash("brief", json!([ix::sub("latest", json!([]))]), Who::Plain)
}

fn help() -> Value {
    ix::slash("help", json!([]), Who::Plain)
}

fn date_autocomplete() -> Value {
    ix::autocomplete(
        "brief",
        json!([ix::sub("date", json!([ix::focused("date", "2025-09")]))]),
    )
}

/// Round trip of one interaction, and the callback's response type.
async fn once(fake: &FakeDiscord, make: Make) -> (Duration, u64) {
    let payload = make();
    let sent = fake.send_interaction(payload);
    let cb = fake.wait_for_callback(sent.id, CALLBACK_WAIT).await;
    let kind = cb.json()["type"].as_u64().unwrap_or(0);
    // The clock starts when the fake began writing the frame to the bot's socket, so neither
    // the fake's own payload checks nor this task's scheduling are billed to the bot.
    let queued = fake
        .interaction_written_at(sent.id)
        .expect("answered, so the frame was written");
    (cb.at.saturating_duration_since(queued), kind)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        ..FakeConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let _bot = start(&fake, dir.path());
    fake.wait_ready_sent(WAIT).await;
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    // The bot builds its in-memory indexes before connecting, but give READY handling a
    // moment so the first timed interaction does not race it.
    tokio::time::sleep(Duration::from_millis(300)).await;

    println!(
        "interactions: {ROUNDS} each, one at a time, gateway frame written -> first callback received ({})",
        env!("CARGO_BIN_EXE_briefbot")
    );
    let kinds: [(&str, Make); 3] = [
        ("/brief latest", brief_latest),
        ("/help", help),
        ("autocomplete /brief date", date_autocomplete),
    ];
    let bench_started = Instant::now();
    for (name, make) in kinds {
        for _ in 0..WARM_UP {
            once(&fake, make).await;
        }
        let mut times = Vec::with_capacity(ROUNDS);
        let mut types = std::collections::BTreeSet::new();
        for _ in 0..ROUNDS {
            let (t, kind) = once(&fake, make).await;
            times.push(t);
            types.insert(kind);
        }
        times.sort();
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        println!(
            "  {name:<26} p50 {:>6.2} ms  p99 {:>6.2} ms  min {:>6.2} ms  max {:>6.2} ms  mean {:>6.2} ms  (response type {types:?})",
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.99)),
            ms(times[0]),
            ms(*times.last().unwrap()),
            ms(mean)
        );
    }
    println!("  took {:.1} s", bench_started.elapsed().as_secs_f64());
    let warnings = fake.warnings();
    if !warnings.is_empty() {
        eprintln!("fake Discord warnings: {warnings:?}");
    }
}
