//! Fan-out benchmark: one brief pushed to 1,000 subscribed channels by the real delivery
//! engine and `DiscordPoster`, against the fake Discord enforcing Discord's limits (50
//! requests/s global, 5 messages per 5 s per channel). Prints the time taken, the posts per
//! second achieved against both the 50/s limit and the engine's own rate, the 429s the fake
//! handed out, and, from what each channel holds, how many posts were lost or duplicated.
//!
//! Runs twice: at the engine's default 40/s, and at 60/s to show that when the engine asks
//! for more than Discord allows, the 429s it gets still end in every channel having the brief
//! exactly once. `cargo bench --bench fanout`; bounded by a per-run timeout.

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use briefbot::delivery::clock::SystemClock;
use briefbot::delivery::engine::{DeliveryReport, Engine, EngineConfig};
use briefbot::delivery::model::Subscription;
use briefbot::discord::poster::{build_http, DiscordPoster};
use briefbot::store::Store;
use support::fake_discord::{FakeDiscord, RateLimits, TEST_TOKEN};

const CHANNELS: u64 = 1_000;
const FIRST_CHANNEL: u64 = 3_000_000_000_000_000_000;
/// A run that takes longer than this has stalled; it is reported, not waited out.
const RUN_LIMIT: Duration = Duration::from_secs(180);
/// `run_due` passes after the push, for deliveries that gave up on 429s and stayed claimed
/// (what the engine's loop would do on its next tick).
const MAX_CATCH_UP_PASSES: usize = 20;
const POSTS: &str = "POST /channels/*/messages";

/// A short brief: one message per channel, so posts = channels.
const BRIEF: &str = "FANOUT BENCH | 2025-12-01\n\nOne brief, a thousand channels.\n\n\
WHAT HAPPENED\n\nThe bot was asked to post this brief to every subscribed channel at once.\n\n\
WHY IT MATTERS\n\nDiscord allows 50 requests a second; the engine keeps below that.\n";

struct Figures {
    rate: f64,
    parts: usize,
    total: Duration,
    post_span: Duration,
    acknowledged: usize,
    requests: usize,
    global_429: usize,
    channel_429: usize,
    lost: usize,
    duplicated: usize,
    report: DeliveryReport,
    passes: usize,
    peak_per_sec: usize,
}

async fn run(rate: f64) -> Figures {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), 64 << 20).expect("store opens");
    let parsed = briefbot::brief::parse_brief(BRIEF.as_bytes(), "fanout.txt", 1 << 20)
        .expect("bench brief parses");
    let id = store
        .put_brief(&parsed, "fanout.txt", 1_000)
        .expect("brief stored")
        .id()
        .to_string();
    let brief = store.brief(&id).unwrap().unwrap();
    let parts = briefbot::post::brief_post(&brief, &[]).messages.len();
    for i in 0..CHANNELS {
        store
            .put_subscription(&Subscription {
                id: format!("sub-{i}"),
                guild_id: 1,
                channel_id: FIRST_CHANNEL + i,
                sections: Vec::new(),
                created_by: 9,
                created_at: 0,
                paused: None,
                role: None,
            })
            .expect("subscription stored");
    }
    store.flush().expect("flush");

    let fake = FakeDiscord::start().await;
    fake.enforce_rate_limits(RateLimits::discord());
    let http = build_http(TEST_TOKEN, Some(&fake.api_base())).expect("http");
    let poster = Arc::new(DiscordPoster::new(Arc::new(http)).expect("poster"));
    let engine = Engine::new(
        store,
        poster,
        Arc::new(SystemClock),
        EngineConfig {
            rate_per_sec: rate,
            ..EngineConfig::default()
        },
    );

    let started = Instant::now();
    let mut passes = 0;
    let work = async {
        let mut report = engine.push_brief(&id).await;
        let mut last = report;
        while last.pending > 0 && passes < MAX_CATCH_UP_PASSES {
            passes += 1;
            last = engine.run_due().await;
            report += last;
        }
        report
    };
    let report = match tokio::time::timeout(RUN_LIMIT, work).await {
        Ok(r) => r,
        Err(_) => {
            println!("  !! run at {rate}/s did not finish within {RUN_LIMIT:?}");
            DeliveryReport::default()
        }
    };
    let total = started.elapsed();

    let posts = fake.requests_matching(POSTS);
    let ok: Vec<_> = posts.iter().filter(|r| r.status == 200).collect();
    let post_span = match (ok.first(), ok.last()) {
        (Some(a), Some(b)) => b.at.duration_since(a.at),
        _ => Duration::ZERO,
    };
    // Busiest one-second window of acknowledged posts, to compare with the 50/s limit.
    let mut peak_per_sec = 0;
    let mut lo = 0;
    for hi in 0..ok.len() {
        while ok[hi].at.duration_since(ok[lo].at) >= Duration::from_secs(1) {
            lo += 1;
        }
        peak_per_sec = peak_per_sec.max(hi - lo + 1);
    }
    let mut per_channel: HashMap<u64, usize> = HashMap::new();
    for i in 0..CHANNELS {
        let ch = FIRST_CHANNEL + i;
        per_channel.insert(ch, fake.channel_messages(ch).len());
    }
    let lost = per_channel.values().map(|&n| parts.saturating_sub(n)).sum();
    let duplicated = per_channel.values().map(|&n| n.saturating_sub(parts)).sum();
    let stats = fake.rate_limit_stats();
    assert_eq!(
        stats.total_429(),
        posts.iter().filter(|r| r.status == 429).count(),
        "every 429 is a post"
    );
    Figures {
        rate,
        parts,
        total,
        post_span,
        acknowledged: ok.len(),
        requests: posts.len(),
        global_429: stats.global_429,
        channel_429: stats.channel_429,
        lost,
        duplicated,
        report,
        passes,
        peak_per_sec,
    }
}

fn print(f: &Figures) {
    let expected = CHANNELS as usize * f.parts;
    let achieved = f.acknowledged as f64 / f.post_span.as_secs_f64().max(1e-9);
    println!("engine at {:.0}/s:", f.rate);
    println!(
        "  {} channels x {} message(s) = {expected} posts; total {:.2} s (push + {} catch-up passes)",
        CHANNELS,
        f.parts,
        f.total.as_secs_f64(),
        f.passes
    );
    println!(
        "  achieved {achieved:.1} posts/s between first and last post = {:.0}% of Discord's 50/s, {:.0}% of the engine's {:.0}/s; busiest second {} posts",
        achieved / 50.0 * 100.0,
        achieved / f.rate * 100.0,
        f.rate,
        f.peak_per_sec
    );
    println!(
        "  POST requests {}, acknowledged {}, 429s {} (global {}, per-channel {})",
        f.requests,
        f.acknowledged,
        f.global_429 + f.channel_429,
        f.global_429,
        f.channel_429
    );
    println!(
        "  engine report: {}; lost {}, duplicates {}",
        f.report, f.lost, f.duplicated
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; there is nothing to configure.
    println!(
        "fan-out: 1 brief to {CHANNELS} channels, fake Discord enforcing 50 req/s global and 5 msgs/5 s per channel"
    );
    let mut bad = false;
    for rate in [40.0, 60.0] {
        let f = run(rate).await;
        print(&f);
        bad |= f.lost > 0 || f.duplicated > 0;
    }
    if bad {
        eprintln!("fan-out lost or duplicated posts");
        std::process::exit(1);
    }
}
