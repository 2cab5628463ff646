//! Builders for the interaction payloads Discord sends on INTERACTION_CREATE, made from the
//! JSON templates in `tests/fixtures/discord/` (real payload shapes, with the fields serenity
//! 0.12.5 insists on) with a fresh id and token each time.
//!
//! Option helpers mirror Discord's wire format: subcommands are option type 1 with nested
//! `options`, so `/brief latest section:why` is
//! `slash("brief", json!([sub("latest", json!([string_opt("section", "why")]))]), Who::Plain)`.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::fake_discord::{snowflake, APPLICATION_ID, BOT_USER_ID};

pub const GUILD_ID: u64 = 1_000_000_000_000_000_100;
/// The guild text channel the templates are sent from.
pub const CHANNEL_ID: u64 = 1_000_000_000_000_000_200;
pub const DM_CHANNEL_ID: u64 = 1_000_000_000_000_000_300;
pub const MODERATOR_USER_ID: u64 = 1_000_000_000_000_000_400;
pub const MEMBER_USER_ID: u64 = 1_000_000_000_000_000_401;
pub const DM_USER_ID: u64 = 1_000_000_000_000_000_402;
/// The role the moderator template carries; tests that configure `moderator_roles` use it.
pub const MODERATOR_ROLE_ID: u64 = 1_000_000_000_000_000_500;

/// Permission bits of a plain member: VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS,
/// READ_MESSAGE_HISTORY, USE_APPLICATION_COMMANDS.
pub const MEMBER_PERMISSIONS: u64 = 2_147_568_640;

/// Who runs the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// A guild member with MANAGE_GUILD (and the moderator role).
    Moderator,
    /// A guild member with ADMINISTRATOR but without the MANAGE_GUILD bit, to exercise that
    /// branch of the check. (Real Discord sends every bit for administrators.)
    Admin,
    /// A guild member with ordinary permissions and no roles.
    Plain,
    /// A user in a DM with the bot: no guild, no member, `user` instead.
    Dm,
}

/// Reads `tests/fixtures/discord/{name}.json`.
pub fn load_fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/discord")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse fixture {}: {e}", path.display()))
}

fn fresh(mut v: Value) -> Value {
    let id = snowflake();
    v["id"] = json!(id.to_string());
    v["token"] = json!(format!("fake-interaction-token-{id}"));
    v["application_id"] = json!(APPLICATION_ID.to_string());
    v
}

fn template_for(who: Who) -> Value {
    match who {
        Who::Moderator => load_fixture("slash_guild_moderator"),
        Who::Admin => {
            let mut v = load_fixture("slash_guild_member");
            v["member"]["permissions"] = json!((MEMBER_PERMISSIONS | (1 << 3)).to_string());
            v
        }
        Who::Plain => load_fixture("slash_guild_member"),
        Who::Dm => load_fixture("slash_dm"),
    }
}

/// A slash command (interaction type 2). `options` is the JSON array Discord sends.
pub fn slash(name: &str, options: Value, who: Who) -> Value {
    let mut v = fresh(template_for(who));
    v["data"]["id"] = json!(snowflake().to_string());
    v["data"]["name"] = json!(name);
    v["data"]["options"] = options_array(options);
    resolve_channels(&mut v);
    v
}

/// An autocomplete request (interaction type 4) from a plain member. One option in `options`
/// (possibly inside a subcommand) must be [`focused`].
pub fn autocomplete(name: &str, options: Value) -> Value {
    let mut v = fresh(load_fixture("autocomplete_guild_member"));
    v["data"]["id"] = json!(snowflake().to_string());
    v["data"]["name"] = json!(name);
    v["data"]["options"] = options_array(options);
    v
}

/// A button click (interaction type 3) by `user_id` on the bot's message `message_id`.
pub fn button(custom_id: &str, user_id: u64, message_id: u64) -> Value {
    let mut v = fresh(load_fixture("button_guild_member"));
    v["data"]["custom_id"] = json!(custom_id);
    v["member"]["user"]["id"] = json!(user_id.to_string());
    v["message"]["id"] = json!(message_id.to_string());
    v["message"]["author"]["id"] = json!(BOT_USER_ID.to_string());
    v
}

/// A subcommand option (type 1) holding `options`.
pub fn sub(name: &str, options: Value) -> Value {
    json!({ "type": 1, "name": name, "options": options_array(options) })
}

/// A subcommand group option (type 2) holding subcommands.
pub fn group(name: &str, subcommands: Value) -> Value {
    json!({ "type": 2, "name": name, "options": options_array(subcommands) })
}

pub fn string_opt(name: &str, value: &str) -> Value {
    json!({ "type": 3, "name": name, "value": value })
}

pub fn int_opt(name: &str, value: i64) -> Value {
    json!({ "type": 4, "name": name, "value": value })
}

pub fn bool_opt(name: &str, value: bool) -> Value {
    json!({ "type": 5, "name": name, "value": value })
}

/// A channel option (type 7); [`slash`] adds the channel to `data.resolved` as Discord does.
pub fn channel_opt(name: &str, channel_id: u64) -> Value {
    json!({ "type": 7, "name": name, "value": channel_id.to_string() })
}

/// The option being typed in an autocomplete request: Discord sends the partial input as a
/// string whatever the option's type.
pub fn focused(name: &str, partial: &str) -> Value {
    json!({ "type": 3, "name": name, "value": partial, "focused": true })
}

/// Replaces the member's roles (guild interactions only).
pub fn with_roles(mut v: Value, roles: &[u64]) -> Value {
    let roles: Vec<String> = roles.iter().map(u64::to_string).collect();
    v["member"]["roles"] = json!(roles);
    v
}

/// Replaces the member's permission bits (guild interactions only).
pub fn with_permissions(mut v: Value, bits: u64) -> Value {
    v["member"]["permissions"] = json!(bits.to_string());
    v
}

/// Moves the interaction to another channel of the guild.
pub fn in_channel(mut v: Value, channel_id: u64) -> Value {
    v["channel_id"] = json!(channel_id.to_string());
    v["channel"]["id"] = json!(channel_id.to_string());
    v
}

/// Changes who invoked the interaction, keeping the template's permissions.
pub fn by_user(mut v: Value, user_id: u64) -> Value {
    if v.get("member").is_some() {
        v["member"]["user"]["id"] = json!(user_id.to_string());
    } else {
        v["user"]["id"] = json!(user_id.to_string());
    }
    v
}

pub fn id_of(v: &Value) -> u64 {
    v["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("interaction id")
}

pub fn token_of(v: &Value) -> String {
    v["token"].as_str().expect("interaction token").to_string()
}

fn options_array(options: Value) -> Value {
    match options {
        Value::Array(_) => options,
        Value::Null => json!([]),
        single => json!([single]),
    }
}

fn collect_channel_ids(options: &Value, out: &mut Vec<String>) {
    for o in options.as_array().into_iter().flatten() {
        if o["type"] == json!(7) {
            if let Some(id) = o["value"].as_str() {
                out.push(id.to_string());
            }
        }
        collect_channel_ids(&o["options"], out);
    }
}

fn resolve_channels(v: &mut Value) {
    let mut ids = Vec::new();
    collect_channel_ids(&v["data"]["options"], &mut ids);
    for id in ids {
        v["data"]["resolved"]["channels"][id.as_str()] = json!({
            "id": id,
            "name": format!("channel-{id}"),
            "type": 0,
            "permissions": "2147601408",
            "parent_id": null,
            "thread_metadata": null
        });
    }
}
