//! The delivery engine against the fake Discord: schedules across daylight-saving changes
//! (driven by a hand-moved clock), exactly-once fan-out through a crash, and what happens when
//! Discord refuses, rate-limits or fails a post.

use crate::support;

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use briefbot::delivery::clock::{BoxFuture, Clock, ManualClock};
use briefbot::delivery::engine::{DeliveryReport, Engine, EngineConfig};
use briefbot::delivery::model::{brief_key, DeliveryState, Schedule, Subscription};
use briefbot::delivery::poster::{PostError, Poster};
use briefbot::discord::poster::DiscordPoster;
use briefbot::reply::Message;
use briefbot::store::Store;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde_json::Value;
use support::fake_discord::{Failure, FakeDiscord};

/// Only bounds waits for what must happen: every post here flushes sled, and on a CI host
/// running the whole suite at once those flushes can take many times their usual few
/// milliseconds. A passing test never waits this long.
const WAIT: Duration = Duration::from_secs(60);
const POSTS: &str = "POST /channels/*/messages";
const TWO_PART: &str = "tests/fixtures/delivery/2025-10-02-two-part-watch.txt";

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn open_store(dir: &Path) -> Store {
    Store::open(dir, 1 << 20).expect("store opens")
}

/// Stores a small one-message brief dated `date`; returns its id.
fn add_brief(store: &Store, date: NaiveDate, ingested_at: i64) -> String {
    let text = format!(
        "Daily Watch | {date}\n\nWHAT HAPPENED\n\nMonitors reported a quiet night on {date}.\n\n\
         WHY IT MATTERS\n\nA quiet {date} keeps the talks going.\n"
    );
    store_text(
        store,
        &text,
        &format!("{date}-daily-watch.txt"),
        ingested_at,
    )
}

fn add_two_part_brief(store: &Store, ingested_at: i64) -> String {
    let text = std::fs::read_to_string(TWO_PART).unwrap();
    let id = store_text(store, &text, TWO_PART, ingested_at);
    let brief = store.brief(&id).unwrap().unwrap();
    assert!(
        briefbot::post::brief_post(&brief, &[]).messages.len() >= 2,
        "the fixture must need more than one message"
    );
    id
}

fn store_text(store: &Store, text: &str, name: &str, ingested_at: i64) -> String {
    let parsed =
        briefbot::brief::parse_brief(text.as_bytes(), name, 1 << 20).expect("brief parses");
    let id = store
        .put_brief(&parsed, name, ingested_at)
        .unwrap()
        .id()
        .to_string();
    store.flush().unwrap();
    id
}

fn parts_of(store: &Store, brief_id: &str) -> usize {
    let brief = store.brief(brief_id).unwrap().unwrap();
    briefbot::post::brief_post(&brief, &[]).messages.len()
}

fn subscribe(store: &Store, channel_id: u64, created_at: i64) -> Subscription {
    let s = Subscription {
        id: store.next_id("sub").unwrap(),
        guild_id: 1,
        channel_id,
        sections: Vec::new(),
        created_by: 9,
        created_at,
        paused: None,
        role: None,
    };
    store.put_subscription(&s).unwrap();
    s
}

fn add_schedule(store: &Store, channel_id: u64, time: &str, tz: &str, created_at: i64) -> Schedule {
    let s = Schedule {
        id: store.next_id("daily").unwrap(),
        guild_id: 1,
        channel_id,
        time: NaiveTime::parse_from_str(time, "%H:%M").unwrap(),
        timezone: tz.to_string(),
        sections: Vec::new(),
        created_by: 9,
        created_at,
        paused: None,
        last: None,
        role: None,
    };
    store.put_schedule(&s).unwrap();
    s
}

fn discord_poster(fake: &FakeDiscord) -> Arc<dyn Poster> {
    Arc::new(DiscordPoster::new(Arc::new(fake.serenity_http())).expect("poster builds"))
}

fn config() -> EngineConfig {
    EngineConfig {
        rate_per_sec: 500.0,
        retry_base: Duration::from_millis(20),
        ..EngineConfig::default()
    }
}

fn posts_to(fake: &FakeDiscord, channel: u64) -> Vec<support::fake_discord::Recorded> {
    fake.requests_matching(&format!("POST /channels/{channel}/messages"))
}

fn nonce_of(v: &Value) -> String {
    v["nonce"].as_str().unwrap_or_default().to_string()
}

/// Waits until `check` holds, polling; panics after `WAIT`.
async fn eventually(what: &str, check: impl Fn() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Schedules across daylight-saving changes
// ---------------------------------------------------------------------------------------------

/// Moves the clock from `start` to `end` in 5-minute steps, with a new brief every UTC
/// midnight, running due work at each step; returns, per schedule, the local dates that fired
/// and the step at which each first appeared.
async fn drive(
    schedules: &[(u64, &str, &str)],
    start: &str,
    end: &str,
) -> BTreeMap<u64, Vec<(NaiveDate, DateTime<Utc>)>> {
    let (start, end) = (utc(start), utc(end));
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(start));
    let mut by_id = BTreeMap::new();
    for (channel, time, tz) in schedules {
        let s = add_schedule(&store, *channel, time, tz, start.timestamp());
        by_id.insert(s.id.clone(), *channel);
    }
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );

    let mut fired: BTreeMap<u64, Vec<(NaiveDate, DateTime<Utc>)>> = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut predicted = HashSet::new();
    let mut t = start;
    while t <= end {
        if t == start || t.timestamp() % 86_400 == 0 {
            add_brief(&store, t.date_naive(), t.timestamp());
        }
        clock.set(t);
        predicted.extend(engine.next_wakeup());
        let report = engine.run_due().await;
        assert_eq!(
            (report.failed, report.pending, report.skipped),
            (0, 0, 0),
            "at {t}: {report:?}"
        );
        for d in store.deliveries_with_prefix("s/").unwrap() {
            if seen.insert(d.key.clone()) {
                let mut parts = d.key.splitn(3, '/').skip(1);
                let (id, date) = (parts.next().unwrap(), parts.next().unwrap());
                assert_eq!(d.state, DeliveryState::Sent, "{d:?}");
                assert_eq!(d.at, t.timestamp(), "recorded when it fired");
                fired
                    .entry(by_id[id])
                    .or_default()
                    .push((date.parse().unwrap(), t));
            }
        }
        t += TimeDelta::minutes(5);
    }
    for (channel, fires) in &fired {
        // A fire exactly at the start is due at once; every later one was predicted.
        for (_, at) in fires.iter().filter(|(_, at)| *at > start) {
            assert!(
                predicted.contains(at),
                "next_wakeup predicted the fire at {at}"
            );
        }
        // One message per fire (every brief here is one message), none twice.
        let messages = fake.channel_messages(*channel);
        assert_eq!(messages.len(), fires.len(), "channel {channel}");
        let nonces: HashSet<String> = messages.iter().map(nonce_of).collect();
        assert_eq!(nonces.len(), messages.len());
    }
    let last = store.schedules().unwrap();
    for s in last {
        let fires = &fired[&s.channel_id];
        assert_eq!(
            s.last.unwrap().local_date,
            fires.last().unwrap().0,
            "LastRun is the latest fire"
        );
    }
    fired
}

fn expect(list: &[(&str, &str)]) -> Vec<(NaiveDate, DateTime<Utc>)> {
    list.iter()
        .map(|(d, t)| (d.parse().unwrap(), utc(t)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn kyiv_spring_forward() {
    let fired = drive(
        &[(101, "08:00", "Europe/Kyiv"), (102, "03:30", "Europe/Kyiv")],
        "2025-03-28T12:00:00Z",
        "2025-04-01T00:00:00Z",
    )
    .await;
    // 08:00 is 06:00Z in winter (UTC+2) and 05:00Z from the change day on (UTC+3).
    assert_eq!(
        fired[&101],
        expect(&[
            ("2025-03-29", "2025-03-29T06:00:00Z"),
            ("2025-03-30", "2025-03-30T05:00:00Z"),
            ("2025-03-31", "2025-03-31T05:00:00Z"),
        ])
    );
    // 03:30 does not exist on 2025-03-30 (03:00 -> 04:00): it fires at 04:00 local, once.
    assert_eq!(
        fired[&102],
        expect(&[
            ("2025-03-29", "2025-03-29T01:30:00Z"),
            ("2025-03-30", "2025-03-30T01:00:00Z"),
            ("2025-03-31", "2025-03-31T00:30:00Z"),
        ])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn kyiv_fall_back() {
    let fired = drive(
        &[(101, "08:00", "Europe/Kyiv"), (102, "03:30", "Europe/Kyiv")],
        "2025-10-24T12:00:00Z",
        "2025-10-28T00:00:00Z",
    )
    .await;
    assert_eq!(
        fired[&101],
        expect(&[
            ("2025-10-25", "2025-10-25T05:00:00Z"),
            ("2025-10-26", "2025-10-26T06:00:00Z"),
            ("2025-10-27", "2025-10-27T06:00:00Z"),
        ])
    );
    // 03:30 happens twice on 2025-10-26 (00:30Z and 01:30Z): only the first fires.
    assert_eq!(
        fired[&102],
        expect(&[
            ("2025-10-25", "2025-10-25T00:30:00Z"),
            ("2025-10-26", "2025-10-26T00:30:00Z"),
            ("2025-10-27", "2025-10-27T01:30:00Z"),
        ])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn new_york_spring_forward() {
    let fired = drive(
        &[
            (103, "02:30", "America/New_York"),
            (104, "01:30", "America/New_York"),
            (105, "08:00", "America/New_York"),
        ],
        "2025-03-07T12:00:00Z",
        "2025-03-11T00:00:00Z",
    )
    .await;
    // 02:30 is in the gap on 2025-03-09 (02:00 -> 03:00): it fires at 03:00 EDT = 07:00Z.
    assert_eq!(
        fired[&103],
        expect(&[
            ("2025-03-08", "2025-03-08T07:30:00Z"),
            ("2025-03-09", "2025-03-09T07:00:00Z"),
            ("2025-03-10", "2025-03-10T06:30:00Z"),
        ])
    );
    assert_eq!(
        fired[&104],
        expect(&[
            ("2025-03-08", "2025-03-08T06:30:00Z"),
            ("2025-03-09", "2025-03-09T06:30:00Z"),
            ("2025-03-10", "2025-03-10T05:30:00Z"),
        ])
    );
    assert_eq!(
        fired[&105],
        expect(&[
            ("2025-03-07", "2025-03-07T13:00:00Z"),
            ("2025-03-08", "2025-03-08T13:00:00Z"),
            ("2025-03-09", "2025-03-09T12:00:00Z"),
            ("2025-03-10", "2025-03-10T12:00:00Z"),
        ])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn new_york_fall_back() {
    let fired = drive(
        &[
            (103, "02:30", "America/New_York"),
            (104, "01:30", "America/New_York"),
            (105, "08:00", "America/New_York"),
        ],
        "2025-10-31T12:00:00Z",
        "2025-11-04T00:00:00Z",
    )
    .await;
    assert_eq!(
        fired[&103],
        expect(&[
            ("2025-11-01", "2025-11-01T06:30:00Z"),
            ("2025-11-02", "2025-11-02T07:30:00Z"),
            ("2025-11-03", "2025-11-03T07:30:00Z"),
        ])
    );
    // 01:30 happens twice on 2025-11-02 (05:30Z EDT, 06:30Z EST): it fires once, at the first.
    assert_eq!(
        fired[&104],
        expect(&[
            ("2025-11-01", "2025-11-01T05:30:00Z"),
            ("2025-11-02", "2025-11-02T05:30:00Z"),
            ("2025-11-03", "2025-11-03T06:30:00Z"),
        ])
    );
    assert_eq!(
        fired[&105],
        expect(&[
            ("2025-10-31", "2025-10-31T12:00:00Z"),
            ("2025-11-01", "2025-11-01T12:00:00Z"),
            ("2025-11-02", "2025-11-02T13:00:00Z"),
            ("2025-11-03", "2025-11-03T13:00:00Z"),
        ])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn missed_and_empty_fires_are_recorded_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let created = utc("2025-06-01T00:00:00Z");
    let clock = Arc::new(ManualClock::new(created));
    let sched = add_schedule(&store, 7, "08:00", "UTC", created.timestamp());
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );

    // Down from before the 2nd's post until 20:00 on the 3rd: the 2nd's post is too old to
    // catch up, the 3rd's (12 h late) too with a 6 h window. Neither is sent.
    add_brief(&store, "2025-06-01".parse().unwrap(), created.timestamp());
    clock.set(utc("2025-06-03T20:00:00Z"));
    let report = engine.run_due().await;
    assert_eq!(
        report,
        DeliveryReport {
            skipped: 2,
            ..DeliveryReport::default()
        }
    );
    for date in ["2025-06-02", "2025-06-03"] {
        let d = store
            .delivery(&format!("s/{}/{date}", sched.id))
            .unwrap()
            .unwrap();
        assert_eq!(d.state, DeliveryState::Skipped);
        assert!(
            d.note.contains("older than the catch-up window"),
            "{}",
            d.note
        );
    }
    assert!(fake.channel_messages(7).is_empty());

    // Back in time for the 4th (2 h late, within the window): the brief goes out.
    clock.set(utc("2025-06-04T10:00:00Z"));
    assert_eq!(engine.run_due().await.sent, 1);
    // The 5th has nothing new: skipped with "no new brief", and LastRun says so.
    clock.set(utc("2025-06-05T08:00:00Z"));
    assert_eq!(engine.run_due().await.skipped, 1);
    let d = store
        .delivery(&format!("s/{}/2025-06-05", sched.id))
        .unwrap()
        .unwrap();
    assert_eq!(
        (d.state, d.note.as_str()),
        (DeliveryState::Skipped, "no new brief")
    );
    let last = store.schedules().unwrap()[0].last.clone().unwrap();
    assert_eq!(last.local_date, "2025-06-05".parse().unwrap());
    assert_eq!(last.brief_id, None);
    assert_eq!(fake.channel_messages(7).len(), 1);
    assert!(engine.run_due().await.is_empty(), "nothing fires twice");
}

// ---------------------------------------------------------------------------------------------
// Exactly once through a crash
// ---------------------------------------------------------------------------------------------

/// Posts through Discord, but after `normal` posts it stops answering: the message is made and
/// its id never comes back, as when the process dies between Discord's reply and the record.
struct HangAfter {
    inner: Arc<dyn Poster>,
    normal: usize,
    calls: AtomicUsize,
}

impl Poster for HangAfter {
    fn post<'a>(
        &'a self,
        channel_id: u64,
        message: &'a Message,
        nonce: &'a str,
    ) -> BoxFuture<'a, Result<u64, PostError>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let result = self.inner.post(channel_id, message, nonce).await;
            if n >= self.normal {
                std::future::pending::<()>().await;
            }
            result
        })
    }
}

/// The store can be opened again once every handle of the crashed engine is gone.
async fn reopen(dir: &Path) -> Store {
    let start = Instant::now();
    loop {
        match Store::open(dir, 1 << 20) {
            Ok(s) => return s,
            Err(e) if start.elapsed() < WAIT => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("store did not reopen: {e}"),
        }
    }
}

async fn crash(task: tokio::task::JoinHandle<DeliveryReport>) {
    task.abort();
    let _ = tokio::time::timeout(WAIT, task)
        .await
        .expect("aborted task ends");
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_mid_fan_out_posts_every_part_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-10-02T09:00:00Z")));
    let channels: Vec<u64> = (2001..=2030).collect();
    let (brief_id, parts) = {
        let store = open_store(dir.path());
        for ch in &channels {
            subscribe(&store, *ch, 0);
        }
        let id = add_two_part_brief(&store, clock.now().timestamp());
        let parts = parts_of(&store, &id);
        let poster = Arc::new(HangAfter {
            inner: discord_poster(&fake),
            normal: 25,
            calls: AtomicUsize::new(0),
        });
        let engine = Engine::new(store.clone(), poster, clock.clone(), config());
        let task = tokio::spawn({
            let id = id.clone();
            async move { engine.push_brief(&id).await }
        });
        // 25 answered posts, then one hung post in each of the 8 delivery slots.
        fake.wait_for_route_count(POSTS, 33, WAIT).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            fake.requests_matching(POSTS).len(),
            33,
            "everything else waits"
        );
        crash(task).await;
        (id, parts)
    };

    let store = reopen(dir.path()).await;
    let claimed: Vec<_> = store
        .deliveries_with_prefix("b/")
        .unwrap()
        .into_iter()
        .filter(|d| d.state == DeliveryState::Claimed)
        .collect();
    let finished = store
        .deliveries_with_prefix("b/")
        .unwrap()
        .into_iter()
        .filter(|d| d.state == DeliveryState::Sent)
        .count();
    assert_eq!(
        claimed.len() + finished,
        30,
        "every claim was flushed before posting"
    );
    assert!(claimed.len() >= 8, "the 8 hung deliveries are unfinished");
    let recorded: usize = claimed.iter().map(|d| d.message_ids.len()).sum();
    assert!(
        recorded + finished * parts <= 25,
        "only answered posts are recorded"
    );

    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    let report = engine.run_due().await;
    assert_eq!(
        report,
        DeliveryReport {
            resumed: claimed.len(),
            ..DeliveryReport::default()
        }
    );

    let mut deduplicated = 0;
    let mut per_channel = Vec::new();
    for ch in &channels {
        let messages = fake.channel_messages(*ch);
        assert_eq!(
            messages.len(),
            parts,
            "channel {ch} has the brief exactly once"
        );
        let d = store.delivery(&brief_key(&brief_id, *ch)).unwrap().unwrap();
        assert_eq!(d.state, DeliveryState::Sent);
        let ids: Vec<u64> = messages
            .iter()
            .map(|m| m["id"].as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            d.message_ids, ids,
            "the record names the messages in the channel, in order"
        );
        let posts = posts_to(&fake, *ch);
        assert!(posts
            .iter()
            .all(|p| p.json()["enforce_nonce"] == Value::Bool(true)));
        deduplicated += posts.len() - parts;
        per_channel.push((*ch, posts.len()));
    }
    // Every post whose id was not recorded before the crash (the 8 hung ones, and any answered
    // one whose answer the engine had not yet written down) went out again with the same nonce,
    // and Discord (the fake) answered with the message it already had instead of posting a
    // second one: each channel above holds its parts once. How many answers were written down
    // before the abort, and whether a slow answer after the restart is retried (with the same
    // nonce), depend on the host's load, so the count is a floor taken from the store.
    let unrecorded = 33 - (recorded + finished * parts);
    assert!(unrecorded >= 8, "the 8 hung posts were never answered");
    assert!(
        deduplicated >= unrecorded,
        "{deduplicated} posts sent again for {unrecorded} unrecorded; posts per channel (each \
         has {parts} messages): {per_channel:?}"
    );
    assert!(engine.run_due().await.is_empty());
    assert!(engine.push_brief(&brief_id).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_while_discord_is_slow_still_posts_once() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    fake.set_delay(POSTS, Duration::from_millis(150));
    let clock = Arc::new(ManualClock::new(utc("2025-10-02T09:00:00Z")));
    let channels: Vec<u64> = (2101..=2130).collect();
    let brief_id = {
        let store = open_store(dir.path());
        for ch in &channels {
            subscribe(&store, *ch, 0);
        }
        let id = add_brief(
            &store,
            "2025-10-02".parse().unwrap(),
            clock.now().timestamp(),
        );
        let engine = Engine::new(
            store.clone(),
            discord_poster(&fake),
            clock.clone(),
            config(),
        );
        let task = tokio::spawn({
            let id = id.clone();
            async move { engine.push_brief(&id).await }
        });
        fake.wait_for_route_count(POSTS, 10, WAIT).await;
        crash(task).await;
        id
    };
    let before = fake.requests_matching(POSTS).len();
    assert!(before < 30, "crashed mid fan-out ({before} posts)");

    let store = reopen(dir.path()).await;
    let unfinished = store
        .deliveries_with_prefix("b/")
        .unwrap()
        .iter()
        .filter(|d| d.state == DeliveryState::Claimed)
        .count();
    assert!(unfinished > 0);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    let report = engine.run_due().await;
    assert_eq!(
        report,
        DeliveryReport {
            resumed: unfinished,
            ..DeliveryReport::default()
        }
    );
    for ch in &channels {
        assert_eq!(fake.channel_messages(*ch).len(), 1, "channel {ch}");
        let d = store.delivery(&brief_key(&brief_id, *ch)).unwrap().unwrap();
        assert_eq!(d.state, DeliveryState::Sent);
    }
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn refused_channels_pause_and_tell_moderators_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-09-05T07:00:00Z")));
    let (ok, forbidden, gone, sched_ch, log) = (3001, 3002, 3003, 3004, 3999);
    fake.fail_channel(forbidden, Failure::missing_access());
    fake.fail_channel(gone, Failure::unknown_channel());
    fake.fail_channel(sched_ch, Failure::missing_access());
    for ch in [ok, forbidden, gone] {
        subscribe(&store, ch, 0);
    }
    let sched = add_schedule(&store, sched_ch, "08:00", "UTC", 0);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        EngineConfig {
            log_channel: Some(log),
            ..config()
        },
    );

    let first = add_brief(
        &store,
        "2025-09-05".parse().unwrap(),
        clock.now().timestamp(),
    );
    let report = engine.push_brief(&first).await;
    assert_eq!(
        report,
        DeliveryReport {
            sent: 1,
            failed: 2,
            ..DeliveryReport::default()
        }
    );
    assert_eq!(posts_to(&fake, forbidden).len(), 1, "a 403 is not retried");
    assert_eq!(posts_to(&fake, gone).len(), 1, "a 404 is not retried");

    let subs = store.subscriptions().unwrap();
    let paused = |ch: u64| {
        subs.iter()
            .find(|s| s.channel_id == ch)
            .unwrap()
            .paused
            .clone()
    };
    assert_eq!(paused(ok), None);
    assert_eq!(
        paused(forbidden).as_deref(),
        Some("Missing Access (403) in channel 3002")
    );
    assert_eq!(
        paused(gone).as_deref(),
        Some("Unknown Channel (404) in channel 3003")
    );
    let failed = store
        .delivery(&brief_key(&first, forbidden))
        .unwrap()
        .unwrap();
    assert_eq!(
        (failed.state, failed.note.as_str()),
        (DeliveryState::Failed, "Missing Access (403)")
    );

    let notices = fake.channel_messages(log);
    assert_eq!(notices.len(), 2, "one notice per refused channel");
    let texts: Vec<&str> = notices
        .iter()
        .map(|n| n["content"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("<#3002>") && t.contains("Missing Access")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("<#3003>") && t.contains("Unknown Channel")),
        "{texts:?}"
    );
    assert!(
        notices
            .iter()
            .all(|n| n["flags"].as_u64().unwrap_or(0) & 64 == 0),
        "not ephemeral"
    );

    // The schedule's channel refuses too: the schedule pauses, with one more notice.
    clock.set(utc("2025-09-05T08:00:00Z"));
    let report = engine.run_due().await;
    assert_eq!(report.failed, 1, "{report:?}");
    let s = store
        .schedules()
        .unwrap()
        .into_iter()
        .find(|s| s.id == sched.id)
        .unwrap();
    assert_eq!(
        s.paused.as_deref(),
        Some("Missing Access (403) in channel 3004")
    );
    let rec = store
        .delivery(&format!("s/{}/2025-09-05", sched.id))
        .unwrap()
        .unwrap();
    assert_eq!(rec.state, DeliveryState::Failed);
    assert_eq!(fake.channel_messages(log).len(), 3);

    // Nothing is retried later: not by another brief, not by the schedule the next day.
    let second = add_brief(
        &store,
        "2025-09-06".parse().unwrap(),
        clock.now().timestamp() + 60,
    );
    assert_eq!(engine.push_brief(&second).await.sent, 1);
    clock.set(utc("2025-09-06T08:00:00Z"));
    engine.run_due().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    for ch in [forbidden, gone, sched_ch] {
        assert_eq!(
            posts_to(&fake, ch).len(),
            1,
            "channel {ch}: one request, ever"
        );
    }
    assert_eq!(fake.channel_messages(log).len(), 3, "no more notices");
    assert_eq!(fake.channel_messages(ok).len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limited_post_waits_and_retries_with_the_same_nonce() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-09-05T07:00:00Z")));
    subscribe(&store, 4001, 0);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    let id = add_brief(
        &store,
        "2025-09-05".parse().unwrap(),
        clock.now().timestamp(),
    );

    fake.fail_next(POSTS, Failure::rate_limited(0.3));
    let started = Instant::now();
    let report = engine.push_brief(&id).await;
    assert_eq!(
        report,
        DeliveryReport {
            sent: 1,
            ..DeliveryReport::default()
        }
    );
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "waited as the 429 said"
    );
    let posts = posts_to(&fake, 4001);
    assert_eq!(
        posts.iter().map(|p| p.status).collect::<Vec<_>>(),
        [429, 200]
    );
    assert_eq!(nonce_of(&posts[0].json()), nonce_of(&posts[1].json()));
    assert!(nonce_of(&posts[0].json()).len() <= 25);
    assert_eq!(fake.channel_messages(4001).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_are_retried_with_the_same_nonce() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-09-05T07:00:00Z")));
    subscribe(&store, 5001, 0);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    let id = add_brief(
        &store,
        "2025-09-05".parse().unwrap(),
        clock.now().timestamp(),
    );

    fake.fail_times(POSTS, 2, Failure::server_error());
    let report = engine.push_brief(&id).await;
    assert_eq!(
        report,
        DeliveryReport {
            sent: 1,
            ..DeliveryReport::default()
        }
    );
    let posts = posts_to(&fake, 5001);
    assert_eq!(
        posts.iter().map(|p| p.status).collect::<Vec<_>>(),
        [500, 500, 200]
    );
    let nonces: HashSet<String> = posts.iter().map(|p| nonce_of(&p.json())).collect();
    assert_eq!(nonces.len(), 1, "one nonce for every attempt");
    assert!(posts
        .iter()
        .all(|p| p.json()["enforce_nonce"] == Value::Bool(true)));
    assert_eq!(fake.channel_messages(5001).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delivery_that_keeps_failing_is_left_claimed_and_finished_later() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-09-05T07:00:00Z")));
    subscribe(&store, 6001, 0);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        EngineConfig {
            max_attempts: 3,
            ..config()
        },
    );
    let id = add_brief(
        &store,
        "2025-09-05".parse().unwrap(),
        clock.now().timestamp(),
    );

    fake.fail_always(POSTS, Failure::server_error());
    let report = engine.push_brief(&id).await;
    assert_eq!(
        report,
        DeliveryReport {
            pending: 1,
            ..DeliveryReport::default()
        }
    );
    assert_eq!(
        posts_to(&fake, 6001).len(),
        3,
        "max_attempts, then it stops"
    );
    let d = store.delivery(&brief_key(&id, 6001)).unwrap().unwrap();
    assert_eq!(d.state, DeliveryState::Claimed);

    fake.clear_failures();
    clock.advance(TimeDelta::minutes(1));
    assert_eq!(
        engine.run_due().await,
        DeliveryReport {
            resumed: 1,
            ..DeliveryReport::default()
        }
    );
    assert_eq!(fake.channel_messages(6001).len(), 1);
    let nonces: HashSet<String> = posts_to(&fake, 6001)
        .iter()
        .map(|p| nonce_of(&p.json()))
        .collect();
    assert_eq!(nonces.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Pushing briefs
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_pushed_brief_appears_once_however_often_it_is_pushed() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-10-02T07:00:00Z")));
    let now = clock.now().timestamp();
    for ch in [7001, 7002, 7003] {
        subscribe(&store, ch, now - 3600);
    }
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    let id = add_two_part_brief(&store, now);
    let parts = parts_of(&store, &id);
    // Subscribed after the brief came in: it does not get it.
    subscribe(&store, 7004, now + 60);

    assert_eq!(
        engine.push_brief(&id).await,
        DeliveryReport {
            sent: 3,
            ..DeliveryReport::default()
        }
    );
    assert!(
        engine.push_brief(&id).await.is_empty(),
        "the second push finds everything sent"
    );

    // Two pushes at once still post once.
    let second = add_brief(&store, "2025-10-03".parse().unwrap(), now + 120);
    let (a, b) = tokio::join!(engine.push_brief(&second), engine.push_brief(&second));
    assert_eq!(a.sent + b.sent, 4, "{a:?} {b:?}");
    for ch in [7001, 7002, 7003] {
        let messages = fake.channel_messages(ch);
        assert_eq!(messages.len(), parts + 1, "channel {ch}");
        assert!(messages.iter().all(|m| m["allowed_mentions"].is_null()
            || m["allowed_mentions"]["parse"] == serde_json::json!([])));
    }
    assert_eq!(
        fake.channel_messages(7004).len(),
        1,
        "only the brief ingested after it subscribed"
    );
    // The schedule path knows the channel has the newest brief already.
    add_schedule(
        &store,
        7001,
        "08:00",
        "UTC",
        utc("2025-10-02T09:00:00Z").timestamp(),
    );
    clock.set(utc("2025-10-03T08:00:00Z"));
    assert_eq!(engine.run_due().await.skipped, 1);
    assert_eq!(fake.channel_messages(7001).len(), parts + 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_brief_stored_but_never_pushed_is_caught_up_after_a_restart() {
    // A crash (or SIGTERM) between storing a brief and claiming its deliveries leaves no
    // record at all; the next start must still deliver it, and only within the window.
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-10-02T07:00:00Z")));
    let now = clock.now().timestamp();
    subscribe(&store, 7101, now - 7200);
    let old = add_brief(&store, "2025-09-20".parse().unwrap(), now - 7 * 3600);
    let recent = add_brief(&store, "2025-10-01".parse().unwrap(), now - 600);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    assert!(
        engine.run_due().await.is_empty(),
        "run_due alone knows nothing of unclaimed briefs"
    );
    let report = engine.push_recent().await;
    assert_eq!(report.sent, 1, "{report:?}");
    assert_eq!(fake.channel_messages(7101).len(), 1);
    assert!(store
        .delivery(&briefbot::delivery::model::brief_key(&recent, 7101))
        .unwrap()
        .is_some());
    assert!(
        store
            .delivery(&briefbot::delivery::model::brief_key(&old, 7101))
            .unwrap()
            .is_none(),
        "older than the catch-up window"
    );
    assert!(engine.push_recent().await.is_empty(), "and only once");
}

// ---------------------------------------------------------------------------------------------
// The loop
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn the_loop_sleeps_until_the_next_fire_wakes_on_changes_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let fake = FakeDiscord::start().await;
    let clock = Arc::new(ManualClock::new(utc("2025-09-05T07:59:00Z")));
    let created = clock.now().timestamp();
    add_brief(&store, "2025-09-05".parse().unwrap(), created);
    add_schedule(&store, 8001, "08:00", "UTC", created);
    let engine = Engine::new(
        store.clone(),
        discord_poster(&fake),
        clock.clone(),
        config(),
    );
    assert_eq!(engine.next_wakeup(), Some(utc("2025-09-05T08:00:00Z")));

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(Arc::clone(&engine).run(async move {
        let _ = stop_rx.await;
    }));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(fake.channel_messages(8001).is_empty(), "not due yet");

    clock.set(utc("2025-09-05T08:00:00Z"));
    eventually("the 08:00 post", || fake.channel_messages(8001).len() == 1).await;

    // A moderator adds a schedule for 08:30: the loop, asleep until tomorrow 08:00, is woken.
    add_schedule(&store, 8002, "08:30", "UTC", created);
    engine.wake();
    tokio::time::sleep(Duration::from_millis(100)).await;
    clock.set(utc("2025-09-05T08:30:00Z"));
    eventually("the 08:30 post", || fake.channel_messages(8002).len() == 1).await;

    stop_tx.send(()).unwrap();
    tokio::time::timeout(WAIT, running)
        .await
        .expect("run returns after shutdown")
        .unwrap();
    assert!(
        engine.run_due().await.is_empty(),
        "a stopped engine takes no new work"
    );
}

/// Keeps the compiler honest about the shape the binary will use.
#[allow(dead_code)]
fn run_is_send(engine: Arc<Engine>) -> impl Future<Output = ()> + Send {
    engine.run(std::future::pending())
}
