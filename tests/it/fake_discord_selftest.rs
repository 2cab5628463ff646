//! Proves the fake Discord in `tests/it/support/` is faithful enough to test the bot against: a real
//! serenity 0.12.5 client, wired the way the bot wires its own (custom `Http` with `proxy`,
//! no serenity rate limiter, a reqwest client that ignores `HTTP_PROXY`), connects, identifies,
//! gets READY, answers interactions, posts messages, sees scripted errors, resumes after a
//! dropped socket and shuts down cleanly.

use crate::support;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use serenity::all::{
    ChannelId, CommandOptionType, Context, CreateActionRow, CreateAllowedMentions,
    CreateAutocompleteResponse, CreateButton, CreateCommand, CreateCommandOption, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse, EventHandler, GatewayIntents, GuildId, Interaction,
    Permissions, Ready,
};
use serenity::http::{Http, HttpBuilder};
use serenity::model::id::ApplicationId;
use tokio::sync::mpsc;

use support::fake_discord::{
    check_interaction, Failure, FakeConfig, FakeDiscord, Scope, APPLICATION_ID, BOT_USER_ID,
    TEST_TOKEN,
};
use support::interactions::{
    autocomplete, button, channel_opt, focused, slash, string_opt, sub, Who, CHANNEL_ID,
    DM_USER_ID, GUILD_ID, MEMBER_USER_ID, MODERATOR_USER_ID,
};

const WAIT: Duration = Duration::from_secs(5);
const OTHER_CHANNEL_ID: u64 = 1_000_000_000_000_000_201;

/// What the handler saw, reported back to the test.
#[derive(Debug)]
enum Seen {
    Ready {
        user: u64,
        application: u64,
    },
    Command {
        name: String,
        user: u64,
        guild: Option<u64>,
        callback_ok: bool,
        followup_ok: bool,
    },
    Deferred {
        ok: bool,
        edited_content: Option<String>,
    },
    Autocomplete {
        ok: bool,
    },
    Button {
        ok: bool,
    },
}

struct Handler {
    seen: mpsc::UnboundedSender<Seen>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        let _ = self.seen.send(Seen::Ready {
            user: ready.user.id.get(),
            application: ready.application.id.get(),
        });
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) if cmd.data.name == "slow" => {
                // The path for slow commands: defer (type 5), then edit @original.
                let deferred = cmd.defer_ephemeral(&ctx.http).await.is_ok();
                let edited = cmd
                    .edit_response(&ctx.http, EditInteractionResponse::new().content("done"))
                    .await;
                let _ = self.seen.send(Seen::Deferred {
                    ok: deferred,
                    edited_content: edited.ok().map(|m| m.content),
                });
            }
            Interaction::Command(cmd) => {
                let reply = CreateInteractionResponseMessage::new()
                    .content(format!("pong from /{}", cmd.data.name))
                    .allowed_mentions(CreateAllowedMentions::new());
                let callback_ok = cmd
                    .create_response(&ctx.http, CreateInteractionResponse::Message(reply))
                    .await
                    .is_ok();
                let followup = CreateInteractionResponseFollowup::new()
                    .content("second part")
                    .allowed_mentions(CreateAllowedMentions::new());
                let followup_ok = cmd.create_followup(&ctx.http, followup).await.is_ok();
                let _ = self.seen.send(Seen::Command {
                    name: cmd.data.name.clone(),
                    user: cmd.user.id.get(),
                    guild: cmd.guild_id.map(|g| g.get()),
                    callback_ok,
                    followup_ok,
                });
            }
            Interaction::Autocomplete(ac) => {
                let choices =
                    CreateAutocompleteResponse::new().add_string_choice("Russia", "russia");
                let ok = ac
                    .create_response(&ctx.http, CreateInteractionResponse::Autocomplete(choices))
                    .await
                    .is_ok();
                let _ = self.seen.send(Seen::Autocomplete { ok });
            }
            Interaction::Component(c) => {
                let ok = c
                    .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
                    .await
                    .is_ok();
                let _ = self.seen.send(Seen::Button { ok });
            }
            _ => {}
        }
    }
}

/// Builds the `Http` exactly as the bot must: see DESIGN.md, "Discord facts".
fn bot_http(api_base: &str) -> Http {
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    HttpBuilder::new(TEST_TOKEN)
        .client(client)
        .proxy(api_base)
        .ratelimiter_disabled(true)
        .application_id(ApplicationId::new(APPLICATION_ID))
        .build()
}

async fn next_seen(rx: &mut mpsc::UnboundedReceiver<Seen>) -> Seen {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("the event handler reported nothing within 5 s")
        .expect("handler channel closed")
}

fn http_status(err: &serenity::Error) -> Option<(u16, isize)> {
    match err {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(resp)) => {
            Some((resp.status_code.as_u16(), resp.error.code))
        }
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn serenity_client_runs_against_the_fake() {
    let fake = FakeDiscord::start_with(FakeConfig {
        guild_ids: vec![GUILD_ID],
        heartbeat_interval_ms: 300,
        ..FakeConfig::default()
    })
    .await;

    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let mut client = serenity::client::ClientBuilder::new_with_http(
        bot_http(&fake.api_base()),
        GatewayIntents::GUILDS,
    )
    .event_handler(Handler { seen: seen_tx })
    .await
    .expect("client builds against the fake");
    let http: Arc<Http> = Arc::clone(&client.http);
    let shards = Arc::clone(&client.shard_manager);
    let running = tokio::spawn(async move { client.start().await });

    // --- Connect, identify, READY -----------------------------------------------------------
    let identify = fake.wait_identified(WAIT).await;
    assert_eq!(
        identify["intents"],
        json!(1),
        "GatewayIntents::GUILDS is bit 0"
    );
    assert_eq!(
        identify["token"],
        json!(format!("Bot {TEST_TOKEN}")),
        "serenity adds `Bot `"
    );
    assert_eq!(identify["shard"], json!([0, 1]));
    fake.wait_ready_sent(WAIT).await;
    match next_seen(&mut seen).await {
        Seen::Ready { user, application } => {
            assert_eq!(user, BOT_USER_ID);
            assert_eq!(application, APPLICATION_ID);
        }
        other => panic!("expected READY first, got {other:?}"),
    }
    let gateway_get = fake.wait_for_route("GET /gateway", WAIT).await;
    assert_eq!(gateway_get.header("authorization"), Some("Bot fake-token"));

    // Heartbeats are answered, so serenity keeps its one socket.
    fake.wait_heartbeats(2, WAIT).await;
    assert_eq!(fake.connection_count(), 1, "{}", fake.describe_gateway());

    // --- A slash command: callback type 4, then a follow-up ----------------------------------
    let sent = fake.send_interaction(slash("help", json!([]), Who::Plain));
    match next_seen(&mut seen).await {
        Seen::Command {
            name,
            user,
            guild,
            callback_ok,
            followup_ok,
        } => {
            assert_eq!(name, "help");
            assert_eq!(
                user, MEMBER_USER_ID,
                "serenity copies member.user into .user"
            );
            assert_eq!(guild, Some(GUILD_ID));
            assert!(callback_ok && followup_ok);
        }
        other => panic!("expected the command, got {other:?}"),
    }
    let calls = fake.wait_for_callbacks(sent.id, 2, WAIT).await;
    assert!(
        calls[0].matches("POST /interactions/*/*/callback"),
        "{:?}",
        calls[0].route
    );
    assert_eq!(calls[0].status, 204);
    let callback = calls[0].json();
    assert_eq!(callback["type"], json!(4));
    assert_eq!(callback["data"]["content"], json!("pong from /help"));
    assert_eq!(callback["data"]["allowed_mentions"]["parse"], json!([]));
    assert_eq!(
        calls[1].route,
        format!("/webhooks/{APPLICATION_ID}/{}", sent.token)
    );
    assert_eq!(calls[1].json()["content"], json!("second part"));
    assert_eq!(calls[1].status, 200);

    // A DM command: no member, serenity takes the user from `user`.
    fake.send_interaction(slash("help", json!([]), Who::Dm));
    match next_seen(&mut seen).await {
        Seen::Command {
            user,
            guild,
            callback_ok,
            ..
        } => {
            assert_eq!(user, DM_USER_ID);
            assert_eq!(guild, None);
            assert!(callback_ok);
        }
        other => panic!("expected the DM command, got {other:?}"),
    }

    // A deferred command: type 5 with EPHEMERAL, then PATCH @original returns the message.
    let slow = fake.send_interaction(slash("slow", json!([]), Who::Plain));
    match next_seen(&mut seen).await {
        Seen::Deferred { ok, edited_content } => {
            assert!(ok);
            assert_eq!(edited_content.as_deref(), Some("done"));
        }
        other => panic!("expected the deferred command, got {other:?}"),
    }
    let calls = fake.wait_for_callbacks(slow.id, 2, WAIT).await;
    assert_eq!(calls[0].json()["type"], json!(5));
    assert_eq!(calls[0].json()["data"]["flags"], json!(64));
    assert!(calls[1].matches("PATCH /webhooks/*/*/messages/@original"));
    assert_eq!(calls[1].status, 200);
    assert_eq!(
        calls[1].response.as_ref().unwrap()["flags"],
        json!(64),
        "stays ephemeral"
    );

    // Autocomplete answers with type 8; a button click is acknowledged with type 6.
    let ac = fake.send_interaction(autocomplete("position", json!([focused("actor", "rus")])));
    assert!(matches!(
        next_seen(&mut seen).await,
        Seen::Autocomplete { ok: true }
    ));
    let ac_callback = fake.wait_for_callback(ac.id, WAIT).await;
    assert_eq!(ac_callback.json()["type"], json!(8));
    assert_eq!(
        ac_callback.json()["data"]["choices"][0]["value"],
        json!("russia")
    );
    let click = fake.send_interaction(button(
        "brief:page:2",
        MEMBER_USER_ID,
        1_300_000_000_000_000_001,
    ));
    assert!(matches!(
        next_seen(&mut seen).await,
        Seen::Button { ok: true }
    ));
    assert_eq!(
        fake.wait_for_callback(click.id, WAIT).await.json()["type"],
        json!(6)
    );

    // Discord's rules for callbacks hold: a second acknowledgement is refused.
    let again = http
        .create_interaction_response(
            sent.id.into(),
            &sent.token,
            &CreateInteractionResponse::Acknowledge,
            Vec::new(),
        )
        .await
        .expect_err("a second callback must fail");
    assert_eq!(http_status(&again), Some((400, 40060)));

    // --- Channel messages --------------------------------------------------------------------
    let posted = ChannelId::new(CHANNEL_ID)
        .send_message(
            &http,
            CreateMessage::new()
                .content("daily brief")
                .embed(
                    CreateEmbed::new()
                        .title("Borderland brief")
                        .description("What Happened")
                        .field("Why It Matters", "Because.", false)
                        .footer(serenity::all::CreateEmbedFooter::new("2025-09-05")),
                )
                .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                    "brief:page:2",
                )
                .label("Next")])])
                .allowed_mentions(CreateAllowedMentions::new()),
        )
        .await
        .expect("message create parses as serenity's Message");
    assert_eq!(posted.channel_id.get(), CHANNEL_ID);
    assert_eq!(posted.content, "daily brief");
    assert_eq!(posted.embeds.len(), 1);
    assert_eq!(posted.embeds[0].title.as_deref(), Some("Borderland brief"));
    assert_eq!(posted.author.id.get(), BOT_USER_ID);
    let stored = fake
        .message(posted.id.get())
        .expect("the fake keeps the message");
    assert_eq!(
        stored["components"][0]["components"][0]["custom_id"],
        json!("brief:page:2")
    );

    // A scripted 403 comes back to the caller as an error with that status and code.
    fake.fail_channel(OTHER_CHANNEL_ID, Failure::missing_access());
    let denied = ChannelId::new(OTHER_CHANNEL_ID)
        .send_message(&http, CreateMessage::new().content("hello"))
        .await
        .expect_err("scripted 403");
    assert_eq!(http_status(&denied), Some((403, 50001)));

    // With serenity's rate limiter off, a 429 is not retried: the caller sees it. Its body has
    // no `code`, so serenity reports -1.
    fake.fail_next("POST /channels/*/messages", Failure::rate_limited(0.2));
    let limited = ChannelId::new(CHANNEL_ID)
        .send_message(&http, CreateMessage::new().content("hello"))
        .await
        .expect_err("scripted 429");
    assert_eq!(http_status(&limited), Some((429, -1)));
    let limited_req = fake
        .requests_matching("POST /channels/*/messages")
        .last()
        .cloned()
        .unwrap();
    assert_eq!(limited_req.status, 429);

    // Discord's limits are enforced: an embed description over 4096 characters is a 400.
    let too_long = json!({ "embeds": [{ "description": "x".repeat(5000) }] });
    let rejected = http
        .send_message(ChannelId::new(CHANNEL_ID), Vec::new(), &too_long)
        .await
        .expect_err("4096-character description limit");
    assert_eq!(http_status(&rejected), Some((400, 50035)));
    if let serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(resp)) = &rejected {
        assert_eq!(resp.error.errors[0].path, "embeds.0.description");
    }

    // Calls the fake does not know are 404s the test can list.
    let unknown = http
        .get_channel(ChannelId::new(CHANNEL_ID))
        .await
        .expect_err("no such route");
    assert_eq!(http_status(&unknown), Some((404, 0)));
    let unexpected = fake.unexpected_requests();
    assert_eq!(unexpected.len(), 1, "{}", fake.describe_requests());
    assert_eq!(unexpected[0].route, format!("/channels/{CHANNEL_ID}"));

    // --- Command registration: GET returns what was PUT; an identical PUT creates nothing ----
    let definitions = vec![
        CreateCommand::new("brief")
            .description("Read briefs")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "latest",
                    "The newest brief",
                )
                .add_sub_option(CreateCommandOption::new(
                    CommandOptionType::String,
                    "section",
                    "Only this section",
                )),
            ),
        CreateCommand::new("subscribe")
            .description("Post briefs to a channel")
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .add_option(CreateCommandOption::new(
                CommandOptionType::Channel,
                "channel",
                "Where to post",
            )),
    ];
    let guild = GuildId::new(GUILD_ID);
    let created = http
        .create_guild_commands(guild, &definitions)
        .await
        .expect("PUT commands");
    assert_eq!(created.len(), 2);
    let listed = http.get_guild_commands(guild).await.expect("GET commands");
    assert_eq!(
        listed.iter().map(|c| (c.id, c.version)).collect::<Vec<_>>(),
        created
            .iter()
            .map(|c| (c.id, c.version))
            .collect::<Vec<_>>()
    );
    let subscribe = listed.iter().find(|c| c.name == "subscribe").unwrap();
    assert_eq!(
        subscribe.default_member_permissions,
        Some(Permissions::MANAGE_GUILD)
    );
    assert_eq!(subscribe.guild_id, Some(guild));
    let again = http
        .create_guild_commands(guild, &definitions)
        .await
        .expect("second PUT");
    assert_eq!(
        again.iter().map(|c| (c.id, c.version)).collect::<Vec<_>>(),
        created
            .iter()
            .map(|c| (c.id, c.version))
            .collect::<Vec<_>>(),
        "an identical overwrite keeps ids and versions"
    );
    let stats = fake.command_stats(Scope::Guild(GUILD_ID));
    assert_eq!((stats.overwrites, stats.created, stats.updated), (2, 2, 0));
    assert!(fake.commands(Scope::Global).is_empty());

    // --- Resume after a dropped socket -------------------------------------------------------
    let session = fake.identify_payloads().len();
    fake.disconnect_all();
    fake.wait_resumed(WAIT).await;
    let resume = fake.resume_payloads().pop().expect("RESUME payload");
    assert_eq!(resume["session_id"], json!("fake-session-1"));
    assert_eq!(
        fake.identify_payloads().len(),
        session,
        "resumed, not re-identified"
    );
    fake.send_interaction(slash("help", json!([]), Who::Moderator));
    match next_seen(&mut seen).await {
        Seen::Command {
            user, callback_ok, ..
        } => {
            assert_eq!(user, MODERATOR_USER_ID);
            assert!(callback_ok);
        }
        other => panic!("expected a command after resume, got {other:?}"),
    }

    // --- Shutdown closes the socket with 1000 -----------------------------------------------
    shards.shutdown_all().await;
    let closed = fake.wait_gateway_closed(WAIT).await;
    assert_eq!(
        closed.client_code,
        Some(1000),
        "{}",
        fake.describe_gateway()
    );
    let result = tokio::time::timeout(WAIT, running)
        .await
        .expect("client.start returns");
    assert!(result.expect("client task").is_ok());

    assert!(
        fake.warnings().is_empty(),
        "fake warnings: {:?}",
        fake.warnings()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fixtures_deserialize_and_bad_ones_are_caught() {
    let valid = [
        slash("help", json!([]), Who::Moderator),
        slash("help", json!([]), Who::Plain),
        slash("help", json!([]), Who::Admin),
        slash("help", json!([]), Who::Dm),
        slash(
            "brief",
            json!([sub("latest", json!([string_opt("section", "why")]))]),
            Who::Plain,
        ),
        slash("brief", json!([sub("list", json!([]))]), Who::Plain),
        slash(
            "subscribe",
            json!([channel_opt("channel", OTHER_CHANNEL_ID)]),
            Who::Moderator,
        ),
        autocomplete(
            "brief",
            json!([sub("date", json!([focused("date", "2025-09")]))]),
        ),
        button("brief:page:2", MEMBER_USER_ID, 1_300_000_000_000_000_001),
    ];
    for v in &valid {
        if let Err(e) = check_interaction(v) {
            panic!("fixture does not parse: {e}\n{v:#}");
        }
    }
    // Parsed through serenity, the options read as the bot will read them.
    let parsed: Interaction = serde_json::from_value(valid[6].clone()).unwrap();
    let Interaction::Command(cmd) = parsed else {
        panic!("not a command")
    };
    let member = cmd.member.as_ref().expect("guild member");
    assert!(member.permissions.unwrap().manage_guild());
    assert_eq!(
        cmd.data.options[0].value.as_channel_id(),
        Some(ChannelId::new(OTHER_CHANNEL_ID))
    );
    assert!(cmd
        .data
        .resolved
        .channels
        .contains_key(&ChannelId::new(OTHER_CHANNEL_ID)));
    let Interaction::Command(plain) =
        serde_json::from_value::<Interaction>(valid[1].clone()).unwrap()
    else {
        panic!("not a command")
    };
    let perms = plain.member.unwrap().permissions.unwrap();
    assert!(!perms.manage_guild() && !perms.administrator());
    let Interaction::Autocomplete(ac) =
        serde_json::from_value::<Interaction>(valid[7].clone()).unwrap()
    else {
        panic!("not autocomplete")
    };
    let focus = ac.data.autocomplete().expect("focused option");
    assert_eq!((focus.name, focus.value), ("date", "2025-09"));

    // serenity 0.12.5 rejects an interaction without `attachment_size_limit`; the fake says so
    // instead of letting serenity drop the event silently.
    let fake = FakeDiscord::start().await;
    let mut bad = slash("help", json!([]), Who::Plain);
    bad.as_object_mut().unwrap().remove("attachment_size_limit");
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| fake.send_interaction(bad)));
    let message = match outcome {
        Ok(_) => panic!("send_interaction accepted an invalid interaction"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    };
    assert!(message.contains("attachment_size_limit"), "{message}");

    // So does a subcommand without its `options` array.
    let mut no_options = slash("brief", json!([sub("list", json!([]))]), Who::Plain);
    no_options["data"]["options"][0]
        .as_object_mut()
        .unwrap()
        .remove("options");
    assert!(check_interaction(&no_options).is_err());

    // GUILD_CREATE as the fake sends it parses as serenity's Guild.
    let guild: Value = support::fake_discord::guild_create_payload(GUILD_ID);
    support::fake_discord::check_dispatch("GUILD_CREATE", &guild).expect("GUILD_CREATE parses");
}

#[tokio::test(flavor = "multi_thread")]
async fn privileged_intents_are_refused_like_discord() {
    let fake = FakeDiscord::start().await;
    let mut client = serenity::client::ClientBuilder::new_with_http(
        bot_http(&fake.api_base()),
        GatewayIntents::GUILDS | GatewayIntents::MESSAGE_CONTENT,
    )
    .await
    .expect("client builds");
    let outcome = tokio::time::timeout(WAIT, client.start())
        .await
        .expect("start returns");
    assert!(
        outcome.is_err(),
        "close code 4014 must end client.start with an error"
    );
    let closed = fake.wait_gateway_closed(WAIT).await;
    assert_eq!(closed.server_code, Some(4014));
}
