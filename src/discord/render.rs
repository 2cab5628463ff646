//! A [`Reply`] as serenity builders, and as the JSON bodies those builders send. `briefbot
//! ask --json` prints [`reply_bodies`], so what the CLI shows is byte for byte what the bot
//! posts.

use serde_json::Value;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedAuthor, CreateEmbedFooter, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, RoleId, Timestamp,
};

use crate::reply::{Button, Embed, Message, Reply};

/// Pagination buttons per action row (Discord allows five).
const BUTTONS_PER_ROW: usize = 5;

/// Mentions in brief text must never ping anyone: parse nothing, and allow only the one
/// role a moderator chose for the post, if any.
fn mentions(m: &Message) -> CreateAllowedMentions {
    let allowed = CreateAllowedMentions::new();
    match m.mention_role {
        Some(role) => allowed.roles([RoleId::new(role)]),
        None => allowed,
    }
}

fn embeds(m: &Message) -> Vec<CreateEmbed> {
    m.embeds.iter().map(embed).collect()
}

fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new();
    if let Some(t) = &e.title {
        out = out.title(t);
    }
    if let Some(d) = &e.description {
        out = out.description(d);
    }
    if let Some(c) = e.color {
        out = out.colour(c);
    }
    if let Some(a) = &e.author {
        out = out.author(CreateEmbedAuthor::new(a));
    }
    for f in &e.fields {
        out = out.field(&f.name, &f.value, f.inline);
    }
    if let Some(f) = &e.footer {
        out = out.footer(CreateEmbedFooter::new(f));
    }
    if let Some(t) = e
        .timestamp
        .and_then(|t| Timestamp::from_unix_timestamp(t).ok())
    {
        out = out.timestamp(t);
    }
    if let Some(u) = &e.url {
        out = out.url(u);
    }
    out
}

fn rows(buttons: &[Button]) -> Vec<CreateActionRow> {
    buttons
        .chunks(BUTTONS_PER_ROW)
        .map(|chunk| {
            CreateActionRow::Buttons(
                chunk
                    .iter()
                    .map(|b| {
                        CreateButton::new(&b.custom_id)
                            .label(&b.label)
                            .style(ButtonStyle::Secondary)
                            .disabled(b.disabled)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// The same fields on serenity's four message builders, which share no trait: embeds,
/// buttons, no mentions, optional content (and the ephemeral flag where it can be set).
macro_rules! message_builder {
    ($builder:expr, $m:expr) => {{
        let m: &Message = $m;
        let mut b = $builder
            .embeds(embeds(m))
            .components(rows(&m.buttons))
            .allowed_mentions(mentions(m));
        if let Some(c) = &m.content {
            b = b.content(c);
        }
        b
    }};
}

/// The first message, sent as the interaction response (callback type 4 or 7's data).
pub fn response_message(m: &Message) -> CreateInteractionResponseMessage {
    message_builder!(CreateInteractionResponseMessage::new(), m).ephemeral(m.ephemeral)
}

/// The first message when the response was deferred: an edit of `@original`. The
/// ephemeral flag was already fixed by the defer.
pub fn edit_original(m: &Message) -> EditInteractionResponse {
    message_builder!(EditInteractionResponse::new(), m)
}

/// Every message after the first.
pub fn followup(m: &Message) -> CreateInteractionResponseFollowup {
    message_builder!(CreateInteractionResponseFollowup::new(), m).ephemeral(m.ephemeral)
}

/// A message posted to a channel (deliveries).
pub fn channel_message(m: &Message) -> CreateMessage {
    message_builder!(CreateMessage::new(), m)
}

/// The JSON bodies the bot sends for `reply`: the interaction response's data first, then
/// each follow-up.
pub fn reply_bodies(reply: &Reply) -> Vec<Value> {
    reply
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let v = if i == 0 {
                serde_json::to_value(response_message(m))
            } else {
                serde_json::to_value(followup(m))
            };
            // Builders of strings and numbers always serialize.
            v.expect("serenity builders serialize")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Field;
    use serde_json::json;

    #[test]
    fn bodies_carry_allowed_mentions_flags_and_components() {
        let notice = reply_bodies(&Reply::notice("No brief on 2025-09-06."));
        assert_eq!(notice[0]["flags"], 64);
        assert_eq!(notice[0]["allowed_mentions"]["parse"], json!([]));
        assert_eq!(notice[0]["content"], "No brief on 2025-09-06.");

        let e = Embed {
            title: Some("T".into()),
            fields: vec![Field {
                name: "n".into(),
                value: "v".into(),
                inline: false,
            }],
            footer: Some("f".into()),
            ..Embed::default()
        };
        let mut reply = Reply::from_embeds(vec![e; 12], false);
        reply.messages[0].buttons = (0..6)
            .map(|i| Button {
                label: format!("{i}"),
                custom_id: format!("id{i}"),
                disabled: false,
            })
            .collect();
        let bodies = reply_bodies(&reply);
        assert_eq!(bodies.len(), 2);
        let body = &bodies[0];
        assert!(body.get("flags").is_none() || body["flags"] == 0, "{body}");
        // The same footer on every embed is shown once per message, on its last embed.
        assert!(body["embeds"][0].get("footer").is_none(), "{body}");
        assert_eq!(body["embeds"][9]["footer"]["text"], "f");
        assert_eq!(bodies[1]["embeds"][1]["footer"]["text"], "f");
        assert_eq!(body["embeds"][0]["fields"][0]["name"], "n");
        assert_eq!(body["components"].as_array().unwrap().len(), 2);
        assert_eq!(body["components"][0]["components"][4]["custom_id"], "id4");
        assert_eq!(bodies[1]["allowed_mentions"]["parse"], json!([]));
        assert_eq!(bodies[1]["embeds"].as_array().unwrap().len(), 2);
    }
}
