//! Interactions: options → [`RawCommand`] → the shared handler → [`Reply`] → serenity
//! builders. Slow answers are deferred, long ones continue in follow-ups, errors are
//! ephemeral, pagination buttons answer only the person who asked and expire.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, ComponentInteraction,
    CreateAutocompleteResponse, CreateInteractionResponse, CreateInteractionResponseMessage, Http,
    Interaction, Member, Permissions,
};
use tracing::{info, warn, Instrument};

use super::render;
use super::Bot;
use crate::commands::{self, autocomplete, Invoker, RawCommand};
use crate::reply::Reply;

/// Answer directly when the handler is done within this; otherwise defer first. Discord
/// kills the token after 3 s, and the network takes its share.
const DEFER_AFTER: Duration = Duration::from_millis(1200);
/// Pagination buttons stop working after this (an interaction token lives 15 minutes).
pub const BUTTON_LIFETIME: Duration = Duration::from_secs(15 * 60);

pub async fn handle(bot: Arc<Bot>, http: Arc<Http>, interaction: Interaction) {
    match interaction {
        Interaction::Command(i) => {
            let span = tracing::info_span!(
                "interaction",
                kind = "command",
                command = %command_path(&i),
                guild = i.guild_id.map(|g| g.get()),
                user = i.user.id.get(),
            );
            on_command(bot, &http, i).instrument(span).await
        }
        Interaction::Autocomplete(i) => {
            let span = tracing::debug_span!("interaction", kind = "autocomplete", command = %command_path(&i));
            on_autocomplete(bot, &http, i).instrument(span).await
        }
        Interaction::Component(i) => {
            let span = tracing::info_span!(
                "interaction",
                kind = "button",
                custom_id = %i.data.custom_id,
                guild = i.guild_id.map(|g| g.get()),
                user = i.user.id.get(),
            );
            on_button(bot, &http, i).instrument(span).await
        }
        other => warn!(kind = ?other.kind(), "interaction kind not handled"),
    }
}

/// `brief latest`, `position`: the command and its subcommand, for logs and autocomplete.
fn command_path(i: &CommandInteraction) -> String {
    match i.data.options.first() {
        Some(CommandDataOption {
            name,
            value: CommandDataOptionValue::SubCommand(_),
            ..
        }) => {
            format!("{} {name}", i.data.name)
        }
        _ => i.data.name.clone(),
    }
}

/// Discord's options as names and string values; the command layer validates them.
pub fn raw_command(i: &CommandInteraction) -> RawCommand {
    let mut raw = RawCommand {
        name: i.data.name.clone(),
        ..RawCommand::default()
    };
    let mut options = i.data.options.as_slice();
    if let Some(CommandDataOption {
        name,
        value: CommandDataOptionValue::SubCommand(inner),
        ..
    }) = options.first()
    {
        raw.subcommand = Some(name.clone());
        options = inner.as_slice();
    }
    for o in options {
        let value = match &o.value {
            CommandDataOptionValue::String(s) => s.clone(),
            CommandDataOptionValue::Integer(n) => n.to_string(),
            CommandDataOptionValue::Number(n) => n.to_string(),
            CommandDataOptionValue::Boolean(b) => b.to_string(),
            CommandDataOptionValue::Channel(c) => c.get().to_string(),
            CommandDataOptionValue::Role(r) => r.get().to_string(),
            CommandDataOptionValue::User(u) => u.get().to_string(),
            CommandDataOptionValue::Autocomplete { value, .. } => value.clone(),
            CommandDataOptionValue::Attachment(id) => match i.data.resolved.attachments.get(id) {
                // The command layer gets the CDN link and the name the file was sent under.
                Some(a) => {
                    raw.options.push(("filename".into(), a.filename.clone()));
                    a.url.clone()
                }
                None => continue,
            },
            _ => continue,
        };
        raw.options.push((o.name.clone(), value));
    }
    raw
}

/// Manage Server, Administrator, or one of the configured moderator roles.
fn is_moderator(member: Option<&Member>, moderator_roles: &[u64]) -> bool {
    let Some(m) = member else { return false };
    let perms = m.permissions.unwrap_or(Permissions::empty());
    perms.contains(Permissions::MANAGE_GUILD)
        || perms.contains(Permissions::ADMINISTRATOR)
        || m.roles.iter().any(|r| moderator_roles.contains(&r.get()))
}

fn invoker(bot: &Bot, i: &CommandInteraction) -> Invoker {
    let guild_id = i.guild_id.map(|g| g.get());
    Invoker {
        user_id: i.user.id.get(),
        guild_id,
        channel_id: Some(i.channel_id.get()),
        moderator: is_moderator(i.member.as_deref(), &bot.config.discord.moderator_roles),
        publisher: guild_id.is_some_and(|g| bot.config.discord.publishers().contains(&g)),
    }
}

async fn on_command(bot: Arc<Bot>, http: &Http, i: CommandInteraction) {
    let started = Instant::now();
    let raw = raw_command(&i);
    let who = invoker(&bot, &i);
    let handler = {
        let bot = bot.clone();
        tokio::task::spawn_blocking(move || bot.respond_raw(&raw, who))
    };
    let user = i.user.id.get();
    let outcome = deliver(http, &i, handler, user).await;
    let latency_ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok(kind) => info!(latency_ms, outcome = kind, "answered"),
        Err(e) => warn!(latency_ms, error = %e, "could not answer"),
    }
}

/// Sends the reply: directly when it is ready soon, else after a defer. Returns what kind
/// of answer went out, for the log.
async fn deliver(
    http: &Http,
    i: &CommandInteraction,
    mut handler: tokio::task::JoinHandle<Reply>,
    user: u64,
) -> serenity::Result<&'static str> {
    let (reply, deferred) = match tokio::time::timeout(DEFER_AFTER, &mut handler).await {
        Ok(done) => (done.unwrap_or_else(|e| crashed(&e)), false),
        Err(_) => {
            i.create_response(
                http,
                CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new()),
            )
            .await?;
            (handler.await.unwrap_or_else(|e| crashed(&e)), true)
        }
    };
    let reply = tag_buttons(reply, user, now_secs());
    let Some(first) = reply.messages.first() else {
        return Ok("empty");
    };
    let kind = if reply.is_ephemeral() {
        "notice"
    } else {
        "reply"
    };
    if !deferred {
        i.create_response(
            http,
            CreateInteractionResponse::Message(render::response_message(first)),
        )
        .await?;
    } else if first.ephemeral {
        // A deferred response is public; an error shown there would be seen by everyone.
        i.delete_response(http).await?;
        i.create_followup(http, render::followup(first)).await?;
    } else {
        i.edit_response(http, render::edit_original(first)).await?;
    }
    for m in &reply.messages[1..] {
        i.create_followup(http, render::followup(m)).await?;
    }
    Ok(kind)
}

fn crashed(e: &tokio::task::JoinError) -> Reply {
    tracing::error!(error = %e, "command handler panicked");
    Reply::error(
        "Something went wrong answering that; the error was logged for the bot's operator.",
    )
}

async fn on_autocomplete(bot: Arc<Bot>, http: &Http, i: CommandInteraction) {
    let Some(focused) = i.data.autocomplete() else {
        return;
    };
    let path = command_path(&i);
    let (option, typed) = (focused.name.to_string(), focused.value.to_string());
    let guild = i.guild_id.map(|g| g.get());
    let choices = {
        let bot = bot.clone();
        tokio::task::spawn_blocking(move || bot.suggest(guild, &path, &option, &typed))
            .await
            .unwrap_or_default()
    };
    let mut response = CreateAutocompleteResponse::new();
    for c in choices.into_iter().take(autocomplete::MAX_CHOICES) {
        response = response.add_string_choice(c.name, c.value);
    }
    if let Err(e) = i
        .create_response(http, CreateInteractionResponse::Autocomplete(response))
        .await
    {
        warn!(error = %e, "could not answer autocomplete");
    }
}

/// Button custom ids carry the command layer's id plus who may press it and when it was
/// made: `brief-list:2|u123|t1700000000` (well under Discord's 100 characters).
fn tag_buttons(mut reply: Reply, user: u64, now: u64) -> Reply {
    for m in &mut reply.messages {
        for b in &mut m.buttons {
            b.custom_id = format!("{}|u{user}|t{now}", b.custom_id);
        }
    }
    reply
}

#[derive(Debug, PartialEq, Eq)]
enum ButtonCheck {
    Ok(String),
    NotYours,
    Expired,
    Unknown,
}

fn check_button(custom_id: &str, presser: u64, now: u64) -> ButtonCheck {
    let mut parts = custom_id.split('|');
    let inner = parts.next().unwrap_or("").to_string();
    let owner = parts
        .next()
        .and_then(|p| p.strip_prefix('u'))
        .and_then(|u| u.parse::<u64>().ok());
    let made = parts
        .next()
        .and_then(|p| p.strip_prefix('t'))
        .and_then(|t| t.parse::<u64>().ok());
    let (Some(owner), Some(made)) = (owner, made) else {
        return ButtonCheck::Unknown;
    };
    if now.saturating_sub(made) > BUTTON_LIFETIME.as_secs() {
        ButtonCheck::Expired
    } else if owner != presser {
        ButtonCheck::NotYours
    } else {
        ButtonCheck::Ok(inner)
    }
}

async fn on_button(bot: Arc<Bot>, http: &Http, i: ComponentInteraction) {
    let presser = i.user.id.get();
    let notice = |text: &str| {
        CreateInteractionResponse::Message(render::response_message(
            &Reply::error(text).messages[0],
        ))
    };
    let response = match check_button(&i.data.custom_id, presser, now_secs()) {
        ButtonCheck::NotYours => notice("Only the person who asked can turn these pages. Run the command yourself to get your own."),
        ButtonCheck::Expired => notice("These buttons have expired. Run the command again."),
        ButtonCheck::Unknown => notice("This button is no longer recognised. Run the command again."),
        ButtonCheck::Ok(inner) => match commands::button_command(&inner) {
            None => notice("This button is no longer recognised. Run the command again."),
            Some(cmd) => {
                let who = Invoker {
                    user_id: presser,
                    guild_id: i.guild_id.map(|g| g.get()),
                    channel_id: Some(i.channel_id.get()),
                    moderator: is_moderator(i.member.as_ref(), &bot.config.discord.moderator_roles),
                    publisher: i.guild_id.is_some_and(|g| bot.config.discord.publishers().contains(&g.get())),
                };
                let b = bot.clone();
                let reply = tokio::task::spawn_blocking(move || b.respond(&cmd, who)).await.unwrap_or_else(|e| crashed(&e));
                let reply = tag_buttons(reply, presser, now_secs());
                match reply.messages.first() {
                    Some(m) if !m.ephemeral => CreateInteractionResponse::UpdateMessage(render::response_message(m)),
                    Some(m) => CreateInteractionResponse::Message(render::response_message(m)),
                    None => return,
                }
            }
        },
    };
    match i.create_response(http, response).await {
        Ok(()) => info!("answered"),
        Err(e) => warn!(error = %e, "could not answer button"),
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Button, Message};

    #[test]
    fn buttons_answer_their_owner_until_they_expire() {
        let reply = Reply {
            messages: vec![Message {
                buttons: vec![Button {
                    label: "Older".into(),
                    custom_id: "brief-list:2".into(),
                    disabled: false,
                }],
                ..Message::default()
            }],
            error: false,
        };
        let tagged = tag_buttons(reply, 42, 1_000);
        let id = &tagged.messages[0].buttons[0].custom_id;
        assert!(id.len() <= 100);
        assert_eq!(
            check_button(id, 42, 1_010),
            ButtonCheck::Ok("brief-list:2".into())
        );
        assert_eq!(check_button(id, 7, 1_010), ButtonCheck::NotYours);
        assert_eq!(check_button(id, 42, 1_000 + 16 * 60), ButtonCheck::Expired);
        assert_eq!(
            check_button("brief-list:2", 42, 1_000),
            ButtonCheck::Unknown
        );
    }
}
