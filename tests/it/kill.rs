//! Exactly once through `kill -9`: the real `briefbot run` fans a brief dropped into its
//! briefs folder out to 40 subscribed channels on a slowed fake Discord, is SIGKILLed at a
//! random point of the fan-out, is started again on the same data directory, and every
//! channel must end up with every part of the brief exactly once.
//!
//! The subscriptions and the bundled briefs are made once through the binary (`ingest`,
//! `ask /subscribe`) into a template data directory; each run copies it, so every run starts
//! from the same state with its own fake Discord. Kill points are spread over the fan-out
//! (one random point in each tenth of it) and printed, with the seed that chose them.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use support::fake_discord::{FakeConfig, FakeDiscord};
use support::interactions as ix;

const CHANNELS: u64 = 40;
const FIRST_CHANNEL: u64 = 2_000_000_000_000_000_000;
const RUNS: usize = 10;
/// Per post, so a fan-out lasts long enough to be cut at many points.
const POST_DELAY: Duration = Duration::from_millis(30);
const POSTS: &str = "POST /channels/*/messages";
/// Bounds on every wait, so a bot that never posts fails the test instead of hanging it.
const START_WAIT: Duration = Duration::from_secs(20);
const FINISH_WAIT: Duration = Duration::from_secs(30);
/// After every channel is complete, how long a late duplicate gets to show up.
const SETTLE: Duration = Duration::from_millis(400);

fn channel(i: u64) -> u64 {
    FIRST_CHANNEL + i
}

/// A running bot, SIGKILLed if the test ends without having killed it.
struct Bot(Child);

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn briefbot(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_briefbot"));
    c.current_dir(dir)
        .args(["--config", "briefbot.toml", "--data", "data"])
        .env_remove("DISCORD_TOKEN_FILE")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null());
    c
}

fn run_ok(mut c: Command) {
    let out = c.output().expect("run briefbot");
    assert!(
        out.status.success(),
        "{c:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The bundled briefs ingested and one subscription per channel, all through the binary.
fn template() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs"),
        &dir.path().join("briefs"),
    );
    // The watcher's shortest interval, and no backup thread racing the kill.
    std::fs::write(
        dir.path().join("briefbot.toml"),
        format!(
            "watch_interval_secs = 1\nbackup_enabled = false\n\n[discord]\nguilds = [{}]\n",
            ix::GUILD_ID
        ),
    )
    .unwrap();
    let mut ingest = briefbot(dir.path());
    ingest.args(["ingest", "briefs"]);
    run_ok(ingest);
    // A subscription made in the same second as a brief's ingest counts as older than the
    // brief (the engine compares whole seconds), and the engine's start-up catch-up would
    // then post the bundled briefs too; a second apart keeps this test about the new brief.
    std::thread::sleep(Duration::from_millis(1_100));
    for i in 0..CHANNELS {
        let mut ask = briefbot(dir.path());
        ask.args(["ask", "--guild", &ix::GUILD_ID.to_string()])
            .args(["--channel", &channel(i).to_string(), "/subscribe"]);
        run_ok(ask);
    }
    dir
}

fn start(dir: &Path, fake: &FakeDiscord, log: &Path) -> Bot {
    let log = std::fs::File::create(log).unwrap();
    let child = briefbot(dir)
        .arg("run")
        .env("DISCORD_TOKEN", "fake-token")
        .env("DISCORD_API_BASE", fake.api_base())
        .env("RUST_LOG", "warn,briefbot=info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start briefbot run");
    Bot(child)
}

/// A brief long enough to need several messages, with a title and date no other run uses.
fn drill_text(run: usize) -> String {
    let words = [
        "convoy",
        "harbour",
        "monitors",
        "ceasefire",
        "corridor",
        "observers",
        "depot",
        "envoy",
        "statement",
        "border",
        "reserves",
        "grain",
    ];
    let mut seed = 0x9e37_79b9_u64 + run as u64;
    let mut paragraph = |sentences: usize| {
        let mut p = String::new();
        for _ in 0..sentences {
            for w in 0..12 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let word = words[(seed >> 33) as usize % words.len()];
                if w == 0 {
                    let mut c = word.chars();
                    let first = c.next().unwrap().to_ascii_uppercase();
                    p.push(first);
                    p.push_str(c.as_str());
                } else {
                    p.push(' ');
                    p.push_str(word);
                }
            }
            p.push_str(". ");
        }
        p.trim_end().to_string()
    };
    let mut text = format!(
        "KILL DRILL {} | 2025-11-{:02}\n\nA brief dropped in while the bot runs, for run {run}.\n\n",
        run + 1,
        run + 1
    );
    for heading in ["WHAT HAPPENED", "WHY IT MATTERS", "WHAT TO WATCH"] {
        text.push_str(heading);
        text.push_str("\n\n");
        for _ in 0..7 {
            text.push_str(&paragraph(5));
            text.push_str("\n\n");
        }
    }
    text
}

/// What a channel must end up with: for each message of the brief, its first embed's title
/// (distinct per part) and the brief's footer, which its last embed of each message carries.
fn expected_parts(text: &str, name: &str) -> (String, Vec<String>) {
    let scratch = tempfile::tempdir().unwrap();
    let store = briefbot::store::Store::open(scratch.path(), 1 << 20).unwrap();
    let parsed = briefbot::brief::parse_brief(text.as_bytes(), name, 1 << 20).unwrap();
    let id = store.put_brief(&parsed, name, 0).unwrap().id().to_string();
    let brief = store.brief(&id).unwrap().unwrap();
    let reply = briefbot::post::brief_post(&brief, &[]);
    let titles: Vec<String> = reply
        .messages
        .iter()
        .map(|m| m.embeds[0].title.clone().unwrap_or_default())
        .collect();
    let footer = reply.messages[0]
        .embeds
        .last()
        .and_then(|e| e.footer.clone())
        .unwrap();
    let mut unique = titles.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), titles.len(), "parts must be told apart");
    assert!(
        titles.len() >= 2,
        "the drill brief must need several messages"
    );
    (footer, titles)
}

/// The footer of a posted message: on its last embed.
fn footer_of(body: &Value) -> Option<&str> {
    body["embeds"].as_array()?.last()?["footer"]["text"].as_str()
}

/// Per part title, how many messages of the brief the channel holds.
fn parts_in(fake: &FakeDiscord, ch: u64, footer: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for m in fake.channel_messages(ch) {
        let first = &m["embeds"][0];
        if footer_of(&m) != Some(footer) {
            continue;
        }
        let title = first["title"].as_str().unwrap_or_default().to_string();
        *counts.entry(title).or_insert(0) += 1;
    }
    counts
}

fn complete(counts: &BTreeMap<String, usize>, titles: &[String]) -> bool {
    titles
        .iter()
        .all(|t| counts.get(t).copied().unwrap_or(0) >= 1)
}

fn successful_posts(fake: &FakeDiscord) -> Vec<support::fake_discord::Recorded> {
    fake.requests_matching(POSTS)
        .into_iter()
        .filter(|r| r.status == 200)
        .collect()
}

/// xorshift: no rand crate among the dependencies, and a printed seed replays a run.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Outcome {
    kill_after: Duration,
    posts_before_kill: usize,
    channels_done_at_kill: usize,
    /// Acknowledged posts of the drill brief, re-sends included.
    drill_posts: usize,
    /// Of those, re-sends Discord answered with the message it already had (same nonce).
    answered_by_nonce: usize,
    /// Acknowledged posts of any other brief (none expected).
    other_posts: usize,
    duplicates: usize,
    missing: usize,
}

async fn one_run(
    run: usize,
    template: &Path,
    kill_after: Duration,
    logs: &Path,
) -> Result<Outcome, String> {
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await;
    fake.set_delay(POSTS, POST_DELAY);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template, dir.path());
    let name = format!("2025-11-{:02}-kill-drill.txt", run + 1);
    let text = drill_text(run);
    let (footer, titles) = expected_parts(&text, &name);

    let first_log = logs.join(format!("run{run}-first.log"));
    let mut bot = start(dir.path(), &fake, &first_log);
    fake.wait_ready_sent(START_WAIT).await;
    // Hidden while written (the watcher skips dot files), then renamed into place whole.
    let tmp = dir.path().join("briefs").join(".drill.tmp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, dir.path().join("briefs").join(&name)).unwrap();

    let first = fake
        .try_wait_for_request(
            |r| {
                r.matches(POSTS) && r.status == 200 && footer_of(&r.json()) == Some(footer.as_str())
            },
            START_WAIT,
        )
        .await
        .ok_or_else(|| format!("run {run}: no post within {START_WAIT:?}; see {first_log:?}"))?;
    tokio::time::sleep_until((first.at + kill_after).into()).await;
    bot.0.kill().map_err(|e| e.to_string())?;
    bot.0.wait().map_err(|e| e.to_string())?;
    let posts_before_kill = successful_posts(&fake)
        .iter()
        .filter(|r| footer_of(&r.json()) == Some(footer.as_str()))
        .count();
    let channels_done_at_kill = (0..CHANNELS)
        .filter(|&i| complete(&parts_in(&fake, channel(i), &footer), &titles))
        .count();

    let second_log = logs.join(format!("run{run}-restart.log"));
    let _bot = start(dir.path(), &fake, &second_log);
    let deadline = Instant::now() + FINISH_WAIT;
    loop {
        let done = (0..CHANNELS)
            .filter(|&i| complete(&parts_in(&fake, channel(i), &footer), &titles))
            .count();
        if done == CHANNELS as usize {
            break;
        }
        if Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(SETTLE).await;

    let mut duplicates = 0;
    let mut missing = 0;
    let mut problems = Vec::new();
    for i in 0..CHANNELS {
        let counts = parts_in(&fake, channel(i), &footer);
        for t in &titles {
            match counts.get(t).copied().unwrap_or(0) {
                1 => {}
                0 => {
                    missing += 1;
                    problems.push(format!("channel {} lacks part {t:?}", channel(i)));
                }
                n => {
                    duplicates += n - 1;
                    problems.push(format!("channel {} has part {t:?} {n} times", channel(i)));
                }
            }
        }
        if counts.len() > titles.len() {
            problems.push(format!(
                "channel {} has unknown parts {counts:?}",
                channel(i)
            ));
        }
    }
    let mut drill_posts = 0;
    let mut other_posts = 0;
    let mut drill_ids = std::collections::HashSet::new();
    for r in successful_posts(&fake) {
        if footer_of(&r.json()) == Some(footer.as_str()) {
            drill_posts += 1;
            drill_ids.insert(r.response.as_ref().map(|b| b["id"].clone()));
        } else {
            other_posts += 1;
        }
    }
    let outcome = Outcome {
        kill_after,
        posts_before_kill,
        channels_done_at_kill,
        drill_posts,
        answered_by_nonce: drill_posts - drill_ids.len(),
        other_posts,
        duplicates,
        missing,
    };
    if problems.is_empty() {
        Ok(outcome)
    } else {
        // Keep the data directory and logs for whoever investigates.
        let kept = dir.keep();
        Err(format!(
            "run {run} (killed {:?} after the first post, {} posts in): {} problems, data kept in {}, logs {first_log:?} {second_log:?}:\n  {}",
            outcome.kill_after,
            outcome.posts_before_kill,
            problems.len(),
            kept.display(),
            problems.join("\n  ")
        ))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_fan_out_then_restart_posts_every_part_exactly_once() {
    let started = Instant::now();
    let template = template();
    // Outside the template, which every run copies.
    let logs_dir = tempfile::tempdir().unwrap();
    let logs: PathBuf = logs_dir.path().to_path_buf();

    let parts = expected_parts(&drill_text(0), "x.txt").1.len();
    // Posts of one fan-out at the default 40/s, the engine's global limit.
    let fan_out = Duration::from_secs_f64((CHANNELS as usize * parts) as f64 / 40.0);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let mut rng = Rng(seed);
    println!(
        "kill test: {CHANNELS} channels x {parts} parts, fan-out ~{fan_out:?}, seed {seed:#x}"
    );

    // Kill points first, so the printed seed replays them whatever order runs finish in.
    let kills: Vec<Duration> = (0..RUNS)
        .map(|run| fan_out.mul_f64((run as f64 + rng.unit()) / RUNS as f64))
        .collect();
    let mut failures = Vec::new();
    // Two runs at a time, each with its own fake and data directory: halves the wall time,
    // and kill points are measured from each run's own first post.
    for pair in (0..RUNS).collect::<Vec<_>>().chunks(2) {
        let runs = pair
            .iter()
            .map(|&run| one_run(run, template.path(), kills[run], &logs));
        for (run, result) in pair.iter().zip(futures_util::future::join_all(runs).await) {
            match result {
                Ok(o) => println!(
                    "run {run}: killed {:>5} ms after the first post ({:>3} posts in, {:>2}/{CHANNELS} channels complete); \
                     in all {} posts acknowledged ({} re-sent and answered by nonce, {} of other briefs), {} duplicates, {} missing",
                    o.kill_after.as_millis(),
                    o.posts_before_kill,
                    o.channels_done_at_kill,
                    o.drill_posts,
                    o.answered_by_nonce,
                    o.other_posts,
                    o.duplicates,
                    o.missing
                ),
                Err(e) => {
                    println!("{e}");
                    failures.push(e);
                }
            }
        }
    }
    println!("kill test: {RUNS} runs in {:?}", started.elapsed());
    if !failures.is_empty() {
        let _ = logs_dir.keep();
        panic!(
            "{} of {RUNS} runs failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// The one window the main test does not cut: after the watcher has stored a new brief and
/// before the engine has flushed its claims (`watch_loop` ingests and flushes, then
/// `push_brief` claims and flushes). A SIGKILL there, or a SIGTERM (`push_brief` claims
/// nothing once the engine is stopping), leaves the brief stored, its file in the briefs
/// folder (which the restarted watcher treats as handled), and no delivery records. Hitting a
/// window of a few milliseconds with a kill is luck, so this builds that same state directly:
/// the file is ingested with `briefbot ingest` while no bot runs, then the bot starts, and
/// the engine's start-up catch-up (`push_recent`) must push it.
#[tokio::test(flavor = "multi_thread")]
async fn a_brief_stored_but_never_claimed_is_pushed_after_a_restart() {
    let template = template();
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template.path(), dir.path());
    let run = 20;
    let name = format!("2025-12-{:02}-kill-drill.txt", run - 10);
    let text = drill_text(run);
    let (footer, titles) = expected_parts(&text, &name);
    std::fs::write(dir.path().join("briefs").join(&name), &text).unwrap();
    let mut ingest = briefbot(dir.path());
    ingest.args(["ingest", &format!("briefs/{name}")]);
    run_ok(ingest);

    let _bot = start(dir.path(), &fake, &dir.path().join("run.log"));
    fake.wait_ready_sent(START_WAIT).await;
    // Start-up `run_due` and a few watcher scans.
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut done = 0;
    while Instant::now() < deadline {
        done = (0..CHANNELS)
            .filter(|&i| complete(&parts_in(&fake, channel(i), &footer), &titles))
            .count();
        if done == CHANNELS as usize {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        done, CHANNELS as usize,
        "only {done} of {CHANNELS} channels got a brief that was stored but never claimed"
    );
}

/// A brief file that lands in the briefs folder while the bot is down (or is dropped in and
/// the bot is killed before the watcher's second scan, about two seconds) must be ingested
/// and pushed when the bot starts again: `run` ingests the whole folder at start (unchanged
/// files are recognised by their hash) before the watcher takes over.
#[tokio::test(flavor = "multi_thread")]
async fn a_brief_file_added_while_the_bot_is_down_is_ingested_and_pushed_at_start() {
    let template = template();
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template.path(), dir.path());
    let run = 21;
    let name = format!("2025-12-{:02}-kill-drill.txt", run - 10);
    let text = drill_text(run);
    let (footer, titles) = expected_parts(&text, &name);
    std::fs::write(dir.path().join("briefs").join(&name), &text).unwrap();

    let _bot = start(dir.path(), &fake, &dir.path().join("run.log"));
    fake.wait_ready_sent(START_WAIT).await;
    // Start-up catch-up and a few watcher scans.
    let deadline = Instant::now() + Duration::from_secs(8);
    let mut done = 0;
    while Instant::now() < deadline {
        done = (0..CHANNELS)
            .filter(|&i| complete(&parts_in(&fake, channel(i), &footer), &titles))
            .count();
        if done == CHANNELS as usize {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        done,
        CHANNELS as usize,
        "only {done} of {CHANNELS} channels got a brief whose file was added while the bot was down"
    );
}
