//! The real `briefbot run` binary against the fake Discord on loopback: gateway identify,
//! command registration, slash commands, autocomplete, buttons, refusals and SIGTERM.

use crate::support;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::fake_discord::{FakeConfig, FakeDiscord, Recorded, Scope};
use support::interactions::{self as ix, Who};

const WAIT: Duration = Duration::from_secs(15);

/// A running `briefbot run`, killed if a test fails before stopping it.
struct Bot {
    child: Child,
    dir: tempfile::TempDir,
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_bot(fake: &FakeDiscord, dir: tempfile::TempDir) -> Bot {
    let briefs = dir.path().join("briefs");
    if !briefs.exists() {
        support::library::copy_bundled_briefs(&briefs);
    }
    let config = dir.path().join("briefbot.toml");
    if !config.exists() {
        std::fs::write(
            &config,
            format!(
                "[discord]\nguilds = [{}]\nmoderator_roles = []\n",
                ix::GUILD_ID
            ),
        )
        .unwrap();
    }
    let child = support::bot::run_command(dir.path(), fake, "briefbot=debug,warn")
        .spawn()
        .expect("start briefbot run");
    Bot { child, dir }
}

async fn fake() -> FakeDiscord {
    FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await
}

/// Starts the fake and the bot, and waits until the bot's commands are registered.
async fn running() -> (FakeDiscord, Bot) {
    let fake = fake().await;
    let bot = start_bot(&fake, tempfile::tempdir().unwrap());
    fake.wait_ready_sent(WAIT).await;
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    (fake, bot)
}

fn data(cb: &Recorded) -> Value {
    cb.json()["data"].clone()
}

fn is_ephemeral(d: &Value) -> bool {
    d["flags"].as_u64().unwrap_or(0) & 64 != 0
}

fn assert_no_pings(body: &Value) {
    assert_eq!(body["allowed_mentions"]["parse"], json!([]), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn identifies_with_guilds_only_and_registers_the_contract_once() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().to_path_buf();
    let mut bot = start_bot(&fake, dir);
    let identify = fake.wait_identified(WAIT).await;
    assert_eq!(
        identify["d"]["intents"]
            .as_u64()
            .or(identify["intents"].as_u64()),
        Some(1),
        "{identify}"
    );
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    let registered = fake.commands(Scope::Guild(ix::GUILD_ID));
    let names: Vec<&str> = registered
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in [
        "brief",
        "position",
        "subscribe",
        "unsubscribe",
        "schedule",
        "help",
    ] {
        assert!(names.contains(&n), "{n} not registered: {names:?}");
    }
    let schedule = registered.iter().find(|c| c["name"] == "schedule").unwrap();
    assert_eq!(schedule["default_member_permissions"], "32");
    assert_moderators_have_their_own_command(&registered);
    assert_eq!(fake.command_stats(Scope::Guild(ix::GUILD_ID)).overwrites, 1);
    assert!(
        fake.command_stats(Scope::Global).writes() == 0,
        "guild ids configured: nothing global"
    );

    // A restart finds the same commands registered and does not overwrite them. The
    // store is copied once the bot has exited: a store shutting down still removes files.
    kill_term(&mut bot.child);
    wait_exit(&mut bot.child, WAIT).expect("the bot exits on SIGTERM");
    let dir = tempfile::TempDir::new().unwrap();
    copy_dir(&keep, dir.path());
    drop(bot);
    let _bot = start_bot(&fake, dir);
    fake.wait_readies_sent(2, WAIT).await;
    let start = Instant::now();
    while fake.command_stats(Scope::Guild(ix::GUILD_ID)).gets < 2 && start.elapsed() < WAIT {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stats = fake.command_stats(Scope::Guild(ix::GUILD_ID));
    assert_eq!(stats.gets, 2, "{stats:?}");
    assert_eq!(
        stats.overwrites, 1,
        "unchanged commands are not overwritten: {stats:?}"
    );
}

/// `/brief` is public and holds nothing a member may not use; adding briefs and the sources
/// are `/library`, which Discord shows only to members with Manage Server.
fn assert_moderators_have_their_own_command(registered: &[Value]) {
    let find = |name: &str| {
        registered
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} not registered: {registered:?}"))
    };
    let subs = |c: &Value| -> Vec<String> {
        c["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_string())
            .collect()
    };
    let brief = find("brief");
    assert_eq!(subs(brief), ["latest", "date", "list", "search"]);
    assert!(brief["default_member_permissions"].is_null(), "{brief}");
    let library = find("library");
    assert_eq!(subs(library), ["add", "sources"]);
    assert_eq!(library["default_member_permissions"], "32", "{library}");
    assert!(
        !registered.iter().any(|c| c["name"] == "sources"),
        "no top-level /sources"
    );
}

/// What an older briefbot registered: `add` under the public `/brief`, and `/sources`.
fn old_contract() -> Vec<Value> {
    vec![
        json!({
            "name": "brief",
            "description": "Read the news briefs",
            "options": [
                {"type": 1, "name": "latest", "description": "The newest brief"},
                {"type": 1, "name": "add", "description": "Moderators: add a brief from a file",
                 "options": [{"type": 11, "name": "file", "description": "The brief", "required": true}]}
            ]
        }),
        json!({
            "name": "sources",
            "description": "The feeds and pages briefs are fetched from",
            "default_member_permissions": "32"
        }),
    ]
}

/// Waits until `scope` holds no commands.
async fn wait_emptied(fake: &FakeDiscord, scope: Scope) {
    let start = Instant::now();
    while !fake.commands(scope).is_empty() {
        assert!(
            start.elapsed() < WAIT,
            "{scope:?} still holds {:?}",
            fake.commands(scope)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Moving from global to per-guild registration: the global set would show every command a
/// second time in the guild, so it is deleted; another guild's stale set too. A scope that
/// is already empty is only read.
#[tokio::test(flavor = "multi_thread")]
async fn a_stale_global_set_is_deleted_when_registering_per_guild() {
    const OTHER: u64 = ix::GUILD_ID + 1;
    const EMPTY: u64 = ix::GUILD_ID + 2;
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID, OTHER, EMPTY],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await;
    fake.seed_commands(Scope::Global, old_contract());
    fake.seed_commands(Scope::Guild(OTHER), old_contract());
    let _bot = start_bot(&fake, tempfile::tempdir().unwrap());
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    wait_emptied(&fake, Scope::Global).await;
    wait_emptied(&fake, Scope::Guild(OTHER)).await;
    assert_moderators_have_their_own_command(&fake.commands(Scope::Guild(ix::GUILD_ID)));
    let global = fake.command_stats(Scope::Global);
    assert_eq!((global.overwrites, global.removed), (1, 2), "{global:?}");
    wait_until(WAIT, || {
        (fake.command_stats(Scope::Guild(EMPTY)).gets == 1).then_some(())
    });
    assert_eq!(fake.command_stats(Scope::Guild(EMPTY)).writes(), 0);
}

/// Moving from per-guild to global registration: each guild the bot is in (READY's list)
/// that still holds a set from before has it deleted.
#[tokio::test(flavor = "multi_thread")]
async fn stale_guild_sets_are_deleted_when_registering_globally() {
    const EMPTY: u64 = ix::GUILD_ID + 2;
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![ix::GUILD_ID, EMPTY],
        heartbeat_interval_ms: 1_000,
        ..FakeConfig::default()
    })
    .await;
    fake.seed_commands(Scope::Guild(ix::GUILD_ID), old_contract());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("briefbot.toml"), "[discord]\nguilds = []\n").unwrap();
    let _bot = start_bot(&fake, dir);
    fake.wait_for_route("PUT /applications/*/commands", WAIT)
        .await;
    assert_moderators_have_their_own_command(&fake.commands(Scope::Global));
    wait_emptied(&fake, Scope::Guild(ix::GUILD_ID)).await;
    let guild = fake.command_stats(Scope::Guild(ix::GUILD_ID));
    assert_eq!((guild.overwrites, guild.removed), (1, 2), "{guild:?}");
    wait_until(WAIT, || {
        (fake.command_stats(Scope::Guild(EMPTY)).gets == 1).then_some(())
    });
    assert_eq!(fake.command_stats(Scope::Guild(EMPTY)).writes(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn brief_latest_is_answered_with_embeds_within_limits() {
    let (fake, _bot) = running().await;
    let i = fake.send_interaction(ix::slash(
        "brief",
        json!([ix::sub("latest", json!([]))]),
        Who::Plain,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert_eq!(cb.json()["type"], 4);
    let d = data(&cb);
    assert!(!is_ephemeral(&d));
    assert_no_pings(&d);
    let embeds = d["embeds"].as_array().unwrap();
    assert_eq!(embeds[0]["title"], "Borderland Brief — September 11, 2025");
    assert!(embeds.iter().any(|e| e["title"] == "Why It Matters"));
    assert!(fake.warnings().is_empty(), "{:?}", fake.warnings());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_reply_continues_in_follow_ups_and_list_pages_with_owner_only_buttons() {
    let (fake, _bot) = running().await;
    // /brief list with a page size of 10 and 3 briefs has no buttons; search gives one message.
    let i = fake.send_interaction(ix::slash(
        "brief",
        json!([ix::sub(
            "search",
            json!([ix::string_opt("query", "drones")])
        )]),
        Who::Plain,
    ));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(
        d["embeds"][0]["fields"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "{d}"
    );
    // Every message the bot sent parses nothing.
    for (_, body) in fake.sent_message_bodies() {
        assert_no_pings(&body);
    }
    // A button press by someone else is refused, ephemerally.
    let press = fake.send_interaction(ix::button(
        &format!("brief-list:2|u{}|t{}", ix::MODERATOR_USER_ID, now()),
        ix::MEMBER_USER_ID,
        1,
    ));
    let d = data(&fake.wait_for_callback(press.id, WAIT).await);
    assert!(
        is_ephemeral(&d)
            && d["content"]
                .as_str()
                .unwrap()
                .contains("Only the person who asked"),
        "{d}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn autocomplete_offers_stored_dates_and_time_zones() {
    let (fake, _bot) = running().await;
    let i = fake.send_interaction(ix::autocomplete(
        "brief",
        json!([ix::sub("date", json!([ix::focused("date", "2025-09")]))]),
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert_eq!(cb.json()["type"], 8);
    let choices: Vec<String> = cb.json()["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(choices, vec!["2025-09-11", "2025-09-05"]);
    let i = fake.send_interaction(ix::autocomplete(
        "schedule",
        json!([ix::sub(
            "daily",
            json!([
                ix::string_opt("time", "08:00"),
                ix::focused("timezone", "kyiv")
            ])
        )]),
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert_eq!(cb.json()["data"]["choices"][0]["value"], "Europe/Kyiv");
}

fn choice_values(cb: &Recorded) -> Vec<String> {
    cb.json()["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn autocomplete_offers_stored_sections_and_this_servers_ids() {
    let (fake, _bot) = running().await;
    let i = fake.send_interaction(ix::autocomplete(
        "subscribe",
        json!([ix::focused("sections", "wh")]),
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert_eq!(choice_values(&cb), vec!["What Happened", "Why It Matters"]);
    // After a comma, the next name completes the list.
    let i = fake.send_interaction(ix::autocomplete(
        "schedule",
        json!([ix::sub(
            "daily",
            json!([
                ix::string_opt("time", "08:00"),
                ix::focused("sections", "What Happened, m")
            ])
        )]),
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert_eq!(choice_values(&cb), vec!["What Happened, Why It Matters"]);

    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub("daily", json!([ix::string_opt("time", "08:00")]))]),
        Who::Moderator,
    ));
    let text = data(&fake.wait_for_callback(i.id, WAIT).await)["content"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let id = text.split(['(', ')']).nth(1).unwrap().to_string();
    assert!(id.starts_with("daily-"), "{text}");
    let i = fake.send_interaction(ix::autocomplete(
        "schedule",
        json!([ix::sub("remove", json!([ix::focused("id", "")]))]),
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert_eq!(choice_values(&cb), vec![id.clone()]);
    let name = cb.json()["data"]["choices"][0]["name"].clone();
    assert!(name.as_str().unwrap().contains("daily 08:00 UTC"), "{name}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_date_gets_an_ephemeral_answer_and_the_bot_keeps_answering() {
    let (fake, _bot) = running().await;
    let i = fake.send_interaction(ix::slash(
        "brief",
        json!([ix::sub(
            "date",
            json!([ix::string_opt("date", "2025-13-45")])
        )]),
        Who::Plain,
    ));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(is_ephemeral(&d), "{d}");
    assert!(d["content"].as_str().unwrap().contains("YYYY-MM-DD"), "{d}");
    let i = fake.send_interaction(ix::slash(
        "brief",
        json!([ix::sub(
            "date",
            json!([ix::string_opt("date", "2025-09-06")])
        )]),
        Who::Plain,
    ));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(
        is_ephemeral(&d) && d["content"].as_str().unwrap().contains("2025-09-05"),
        "{d}"
    );
    let i = fake.send_interaction(ix::slash("help", json!([]), Who::Dm));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(
        !is_ephemeral(&d) && d["embeds"][0]["title"] == "briefbot commands",
        "{d}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_closes_the_gateway_and_exits_zero() {
    let (fake, mut bot) = running().await;
    let i = fake.send_interaction(ix::slash("help", json!([]), Who::Plain));
    fake.wait_for_callback(i.id, WAIT).await;
    // The container's health check passes while the bot is connected.
    let health = wait_until(WAIT, || {
        let o = Command::new(env!("CARGO_BIN_EXE_briefbot"))
            .current_dir(bot.dir.path())
            .args(["--data", "data", "healthcheck"])
            .output()
            .unwrap();
        o.status
            .success()
            .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
    });
    assert!(health.contains("healthy"), "{health}");
    let started = Instant::now();
    kill_term(&mut bot.child);
    let status = wait_exit(&mut bot.child, Duration::from_secs(10)).expect("exited within 10 s");
    assert!(status.success(), "exit status {status:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    let close = fake.wait_gateway_closed(WAIT).await;
    assert_eq!(close.client_code, Some(1000), "{close:?}");
}

fn wait_until<T>(within: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            start.elapsed() < within,
            "condition not met within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn kill_term(child: &mut Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -TERM failed");
}

fn wait_exit(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < within {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        // A running bot's control socket is no data, and cannot be copied.
        if std::os::unix::fs::FileTypeExt::is_socket(&e.file_type().unwrap()) {
            continue;
        }
        let p = e.path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test(flavor = "multi_thread")]
async fn moderator_commands_are_refused_to_members_and_confirmed_to_moderators() {
    let (fake, _bot) = running().await;
    let content = |cb: &Recorded| data(cb)["content"].as_str().unwrap_or("").to_string();

    let i = fake.send_interaction(ix::slash("subscribe", json!([]), Who::Plain));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        is_ephemeral(&data(&cb)) && content(&cb).contains("Only moderators"),
        "{}",
        content(&cb)
    );

    let i = fake.send_interaction(ix::slash("subscribe", json!([]), Who::Dm));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        is_ephemeral(&data(&cb)) && content(&cb).contains("works in a server"),
        "{}",
        content(&cb)
    );

    let i = fake.send_interaction(ix::slash(
        "subscribe",
        json!([ix::string_opt("sections", "What Happened")]),
        Who::Moderator,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        is_ephemeral(&data(&cb)) && content(&cb).contains("sub-"),
        "{}",
        content(&cb)
    );
    assert!(content(&cb).contains(&format!("<#{}>", ix::CHANNEL_ID)));

    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub(
            "daily",
            json!([
                ix::string_opt("time", "08:00"),
                ix::string_opt("timezone", "Europe/Kyiv")
            ])
        )]),
        Who::Admin,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    let text = content(&cb);
    assert!(
        text.contains("08:00 Europe/Kyiv") && text.contains("<t:"),
        "{text}"
    );
    let id = text.split(['(', ')']).nth(1).unwrap().to_string();

    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub("daily", json!([ix::string_opt("time", "25:00")]))]),
        Who::Moderator,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        is_ephemeral(&data(&cb)) && content(&cb).contains("HH:MM"),
        "{}",
        content(&cb)
    );

    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub("list", json!([]))]),
        Who::Moderator,
    ));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    let names: Vec<&str> = d["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with(&id))
            && names.iter().any(|n| n.contains("every new brief")),
        "{names:?}"
    );

    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub("remove", json!([ix::string_opt("id", &id)]))]),
        Who::Moderator,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        content(&cb).starts_with(&format!("Removed {id}")),
        "{}",
        content(&cb)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_brief_file_reaches_a_subscribed_channel_exactly_once() {
    let (fake, bot) = running().await;
    let i = fake.send_interaction(ix::slash("subscribe", json!([]), Who::Moderator));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        data(&cb)["content"].as_str().unwrap().contains("sub-"),
        "{}",
        data(&cb)
    );

    // Written under a temporary name and renamed, as a careful copier would; the watcher
    // also copes with a slow plain copy, but this keeps the test quick.
    let briefs = bot.dir.path().join("briefs");
    let text = "Borderland Brief | 2025-12-01\n\nWHAT HAPPENED\n\nThe Kremlin said talks would resume in January.\n\nWHY IT MATTERS\n\nA pause in talks gives both sides time to regroup.\n";
    std::fs::write(briefs.join(".incoming.tmp"), text).unwrap();
    std::fs::rename(
        briefs.join(".incoming.tmp"),
        briefs.join("2025-12-01-talks.txt"),
    )
    .unwrap();

    let route = format!("POST /channels/{}/messages", ix::CHANNEL_ID);
    let post = fake.wait_for_route(&route, Duration::from_secs(20)).await;
    let body = post.json();
    assert_eq!(
        body["embeds"][0]["title"], "Borderland Brief — December 1, 2025",
        "{body}"
    );
    assert_no_pings(&body);
    assert!(
        body["nonce"].is_string() && body["enforce_nonce"] == true,
        "{body}"
    );
    // Nothing more arrives for it: one post, once.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let posts = fake.requests_matching(&route);
    assert_eq!(posts.len(), 1, "{}", fake.describe_requests());
    // The channel also holds the /subscribe answer; count the brief's own messages.
    let brief_messages = fake
        .channel_messages(ix::CHANNEL_ID)
        .into_iter()
        .filter(|m| m["embeds"][0]["title"] == "Borderland Brief — December 1, 2025")
        .count();
    assert_eq!(brief_messages, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subscription_with_a_role_pings_that_role_and_nothing_else() {
    let (fake, bot) = running().await;
    let role = json!({"name": "role", "type": 8, "value": "555"});
    let i = fake.send_interaction(ix::slash("subscribe", json!([role]), Who::Moderator));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(
        d["content"]
            .as_str()
            .unwrap()
            .contains("mentioning <@&555>"),
        "{d}"
    );
    // The confirmation names the role without pinging it.
    assert_no_pings(&d);
    assert!(d["allowed_mentions"]["roles"]
        .as_array()
        .is_none_or(|r| r.is_empty()));

    let briefs = bot.dir.path().join("briefs");
    let text = "Borderland Brief | 2025-12-02\n\nWHAT HAPPENED\n\nThe Kremlin said talks would resume, @everyone heard it.\n\nWHY IT MATTERS\n\nA pause gives both sides time to regroup.\n";
    std::fs::write(briefs.join(".incoming.tmp"), text).unwrap();
    std::fs::rename(
        briefs.join(".incoming.tmp"),
        briefs.join("2025-12-02-talks.txt"),
    )
    .unwrap();
    let route = format!("POST /channels/{}/messages", ix::CHANNEL_ID);
    let body = fake
        .wait_for_route(&route, Duration::from_secs(20))
        .await
        .json();
    assert_eq!(body["content"], "<@&555>", "{body}");
    assert_eq!(body["allowed_mentions"]["parse"], json!([]), "{body}");
    assert_eq!(body["allowed_mentions"]["roles"], json!(["555"]), "{body}");
    assert!(body["allowed_mentions"]["users"]
        .as_array()
        .is_none_or(|u| u.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn schedule_test_posts_the_newest_brief_now_as_the_schedule_would() {
    let (fake, _bot) = running().await;
    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub(
            "daily",
            json!([
                ix::string_opt("time", "08:00"),
                ix::string_opt("sections", "why"),
                {"name": "role", "type": 8, "value": "777"}
            ])
        )]),
        Who::Moderator,
    ));
    let text = data(&fake.wait_for_callback(i.id, WAIT).await)["content"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let id = text.split(['(', ')']).nth(1).unwrap().to_string();
    assert!(id.starts_with("daily-"), "{text}");

    let test = |who| {
        ix::slash(
            "schedule",
            json!([ix::sub("test", json!([ix::string_opt("id", &id)]))]),
            who,
        )
    };
    let i = fake.send_interaction(test(Who::Plain));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(
        is_ephemeral(&d) && d["content"].as_str().unwrap().contains("Only moderators"),
        "{d}"
    );

    let i = fake.send_interaction(test(Who::Moderator));
    let route = format!("POST /channels/{}/messages", ix::CHANNEL_ID);
    let body = fake
        .wait_for_route(&route, Duration::from_secs(20))
        .await
        .json();
    assert_eq!(body["content"], "<@&777>", "{body}");
    assert_eq!(body["allowed_mentions"]["roles"], json!(["777"]), "{body}");
    let titles: Vec<&str> = body["embeds"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["Borderland Brief — September 11, 2025", "Why It Matters"],
        "the newest brief, with the schedule's sections"
    );
    // The moderator is told, whether the answer came at once or after a defer.
    let posted = |r: &Recorded| r.json().to_string().contains("Posted Borderland Brief");
    fake.wait_for_request(posted, Duration::from_secs(20)).await;
    assert!(fake.callbacks_for(i.id).iter().any(posted));
    // A test is not a delivery: the schedule has still posted nothing.
    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub("list", json!([]))]),
        Who::Moderator,
    ));
    let d = data(&fake.wait_for_callback(i.id, WAIT).await);
    assert!(d.to_string().contains("Last: never"), "{d}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_during_a_fan_out_exits_zero_and_a_restart_finishes_it_exactly_once() {
    let (fake, mut bot) = running().await;
    let channels: Vec<u64> = (0..12).map(|i| 2_000_000_000_000_000_000 + i).collect();
    for &ch in &channels {
        let i = fake.send_interaction(ix::in_channel(
            ix::slash("subscribe", json!([]), Who::Moderator),
            ch,
        ));
        let cb = fake.wait_for_callback(i.id, WAIT).await;
        assert!(
            data(&cb)["content"].as_str().unwrap().contains("sub-"),
            "{}",
            data(&cb)
        );
    }
    // Slow posts, so the stop lands in the middle of the fan-out.
    fake.set_delay("POST /channels/*/messages", Duration::from_millis(400));
    let briefs = bot.dir.path().join("briefs");
    let text = "Borderland Brief | 2025-12-02\n\nWHAT HAPPENED\n\nWarsaw said it would extend the border fence.\n";
    std::fs::write(briefs.join(".incoming.tmp"), text).unwrap();
    std::fs::rename(
        briefs.join(".incoming.tmp"),
        briefs.join("2025-12-02-fence.txt"),
    )
    .unwrap();
    fake.wait_for_route("POST /channels/*/messages", Duration::from_secs(20))
        .await;

    kill_term(&mut bot.child);
    let status = wait_exit(&mut bot.child, Duration::from_secs(10)).expect("exited within 10 s");
    assert!(status.success(), "exit status {status:?}");
    let title = "Borderland Brief — December 2, 2025";
    let count = |ch: u64| {
        fake.channel_messages(ch)
            .into_iter()
            .filter(|m| m["embeds"][0]["title"] == title)
            .count()
    };
    let done_before = channels.iter().filter(|&&ch| count(ch) == 1).count();
    assert!(
        done_before < channels.len(),
        "the stop should land mid fan-out; raise the delay"
    );

    // Same data directory: the restart finishes what was claimed.
    let dir = std::mem::replace(&mut bot.dir, tempfile::tempdir().unwrap());
    drop(bot);
    let _bot = start_bot(&fake, dir);
    let start = Instant::now();
    while channels.iter().any(|&ch| count(ch) == 0) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "not finished: {:?}",
            channels.iter().map(|&c| count(c)).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    for &ch in &channels {
        assert_eq!(count(ch), 1, "channel {ch}");
    }
    eprintln!(
        "{done_before} of {} channels were done before SIGTERM",
        channels.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn library_sources_and_add_are_for_moderators_and_refuse_what_they_must() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    // A source on loopback without allow_private: the poller must refuse to fetch it.
    std::fs::write(
        dir.path().join("briefbot.toml"),
        format!(
            "[discord]\nguilds = [{}]\n\n[[sources]]\nname = \"Intranet feed\"\nurl = \"http://127.0.0.1:9/feed.xml\"\ninterval_secs = 60\n",
            ix::GUILD_ID
        ),
    )
    .unwrap();
    let _bot = start_bot(&fake, dir);
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    let content = |cb: &Recorded| data(cb)["content"].as_str().unwrap_or("").to_string();

    let sources = |who| ix::slash("library", json!([ix::sub("sources", json!([]))]), who);
    let i = fake.send_interaction(sources(Who::Plain));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        is_ephemeral(&data(&cb)) && content(&cb).contains("Only moderators"),
        "{}",
        content(&cb)
    );

    let shown = wait_until(WAIT, || {
        let i = fake.send_interaction(sources(Who::Moderator));
        let d = futures_lite_block(fake.wait_for_callback(i.id, WAIT));
        let line = d["embeds"][0]["fields"][0]["value"]
            .as_str()
            .unwrap_or("")
            .to_string();
        line.contains("private").then_some(line)
    });
    assert!(shown.contains("fetched <t:"), "{shown}");

    // A client that still shows the old `/sources` (Discord caches command lists) is told
    // the new name.
    let i = fake.send_interaction(ix::slash("sources", json!([]), Who::Moderator));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        is_ephemeral(&data(&cb)) && content(&cb).contains("`/sources` is now `/library sources`"),
        "{}",
        content(&cb)
    );

    // Only Discord's CDN is fetched for /library add.
    let add = |who| {
        ix::slash(
            "library",
            json!([ix::sub(
                "add",
                json!([ix::string_opt("file", "http://127.0.0.1:9/brief.txt")])
            )]),
            who,
        )
    };
    let i = fake.send_interaction(add(Who::Plain));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(content(&cb).contains("Only moderators"), "{}", content(&cb));
    let i = fake.send_interaction(add(Who::Moderator));
    let cb = fake.wait_for_callback(i.id, Duration::from_secs(20)).await;
    let text = content(&cb);
    assert!(
        is_ephemeral(&data(&cb)) && text.contains("was not stored"),
        "{text}"
    );
}

/// Waits for a callback from synchronous code inside `wait_until`.
fn futures_lite_block(f: impl std::future::Future<Output = Recorded>) -> Value {
    let cb = tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(f));
    data(&cb)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schedule_for_the_next_minute_posts_once_and_not_again_after_a_restart() {
    let (fake, mut bot) = running().await;
    // The next minute boundary at least 10 s away, so the schedule surely exists before it.
    let now = chrono::Utc::now();
    let next = now
        + chrono::Duration::seconds(if chrono::Timelike::second(&now) >= 50 {
            120
        } else {
            60
        });
    let time = next.format("%H:%M").to_string();
    let i = fake.send_interaction(ix::slash(
        "schedule",
        json!([ix::sub(
            "daily",
            json!([
                ix::string_opt("time", &time),
                ix::string_opt("timezone", "UTC")
            ])
        )]),
        Who::Moderator,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    assert!(
        data(&cb)["content"]
            .as_str()
            .unwrap()
            .contains(&format!("{time} UTC")),
        "{}",
        data(&cb)
    );

    let route = format!("POST /channels/{}/messages", ix::CHANNEL_ID);
    let post = fake.wait_for_route(&route, Duration::from_secs(140)).await;
    // The newest brief the channel has not had.
    assert_eq!(
        post.json()["embeds"][0]["title"],
        "Borderland Brief — September 11, 2025"
    );

    kill_term(&mut bot.child);
    assert!(wait_exit(&mut bot.child, Duration::from_secs(10))
        .expect("exited")
        .success());
    let dir = std::mem::replace(&mut bot.dir, tempfile::tempdir().unwrap());
    drop(bot);
    let _bot = start_bot(&fake, dir);
    fake.wait_readies_sent(2, WAIT).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        fake.requests_matching(&route).len(),
        1,
        "posted again after the restart"
    );
}

/// The library is shared: a moderator of a server that is not on the publisher list may
/// not add briefs that every other server's subscribers would get.
#[tokio::test(flavor = "multi_thread")]
async fn library_add_is_refused_in_a_server_that_is_not_a_publisher() {
    let fake = fake().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("briefbot.toml"),
        format!(
            "[discord]\nguilds = [{}]\npublisher_guilds = [{}]\n",
            ix::GUILD_ID,
            ix::GUILD_ID + 1
        ),
    )
    .unwrap();
    let _bot = start_bot(&fake, dir);
    fake.wait_for_route("PUT /applications/*/guilds/*/commands", WAIT)
        .await;
    let i = fake.send_interaction(ix::slash(
        "library",
        json!([ix::sub(
            "add",
            json!([ix::string_opt(
                "file",
                "https://cdn.discordapp.com/attachments/1/2/message.txt"
            )])
        )]),
        Who::Moderator,
    ));
    let cb = fake.wait_for_callback(i.id, WAIT).await;
    let d = data(&cb);
    let text = d["content"].as_str().unwrap_or("");
    assert!(
        is_ephemeral(&d)
            && text.contains("cannot be added from this server")
            && text.contains("publisher_guilds"),
        "{text}"
    );
}
