//! A [`Reply`] as the JSON message bodies Discord receives: the interaction response's data
//! first, then each follow-up. `briefbot ask --json` prints exactly these.

use serde_json::{json, Value};

use crate::reply::{Button, Embed, Message, Reply};

/// Message flag: only the invoking user sees it.
pub const FLAG_EPHEMERAL: u64 = 1 << 6;
/// Component types and the button style used for pagination.
const ACTION_ROW: u8 = 1;
const BUTTON: u8 = 2;
const STYLE_SECONDARY: u8 = 2;
const BUTTONS_PER_ROW: usize = 5;

pub fn reply_bodies(reply: &Reply) -> Vec<Value> {
    reply.messages.iter().map(message_body).collect()
}

pub fn message_body(m: &Message) -> Value {
    let mut body = serde_json::Map::new();
    if let Some(c) = &m.content {
        body.insert("content".into(), json!(c));
    }
    body.insert(
        "embeds".into(),
        Value::Array(m.embeds.iter().map(embed).collect()),
    );
    body.insert(
        "components".into(),
        Value::Array(m.buttons.chunks(BUTTONS_PER_ROW).map(action_row).collect()),
    );
    // Brief text must never ping @everyone, a role or a member.
    body.insert("allowed_mentions".into(), json!({ "parse": [] }));
    if m.ephemeral {
        body.insert("flags".into(), json!(FLAG_EPHEMERAL));
    }
    Value::Object(body)
}

fn embed(e: &Embed) -> Value {
    let mut o = serde_json::Map::new();
    if let Some(t) = &e.title {
        o.insert("title".into(), json!(t));
    }
    if let Some(d) = &e.description {
        o.insert("description".into(), json!(d));
    }
    if let Some(c) = e.color {
        o.insert("color".into(), json!(c));
    }
    if let Some(a) = &e.author {
        o.insert("author".into(), json!({ "name": a }));
    }
    if !e.fields.is_empty() {
        o.insert(
            "fields".into(),
            Value::Array(
                e.fields
                    .iter()
                    .map(|f| json!({ "name": f.name, "value": f.value, "inline": f.inline }))
                    .collect(),
            ),
        );
    }
    if let Some(f) = &e.footer {
        o.insert("footer".into(), json!({ "text": f }));
    }
    Value::Object(o)
}

fn action_row(buttons: &[Button]) -> Value {
    json!({
        "type": ACTION_ROW,
        "components": buttons.iter().map(|b| json!({
            "type": BUTTON,
            "style": STYLE_SECONDARY,
            "label": b.label,
            "custom_id": b.custom_id,
            "disabled": b.disabled,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Field, Reply};

    #[test]
    fn bodies_carry_allowed_mentions_flags_and_components() {
        let notice = reply_bodies(&Reply::notice("No brief on 2025-09-06."));
        assert_eq!(notice[0]["flags"], 64);
        assert_eq!(notice[0]["allowed_mentions"], json!({ "parse": [] }));
        assert_eq!(notice[0]["content"], "No brief on 2025-09-06.");

        let mut reply = Reply::from_embeds(
            vec![Embed {
                title: Some("T".into()),
                fields: vec![Field {
                    name: "n".into(),
                    value: "v".into(),
                    inline: false,
                }],
                footer: Some("f".into()),
                ..Embed::default()
            }],
            false,
        );
        reply.messages[0].buttons = (0..6)
            .map(|i| Button {
                label: format!("{i}"),
                custom_id: format!("id{i}"),
                disabled: false,
            })
            .collect();
        let body = &reply_bodies(&reply)[0];
        assert!(body.get("flags").is_none());
        assert_eq!(body["embeds"][0]["footer"]["text"], "f");
        assert_eq!(body["embeds"][0]["fields"][0]["name"], "n");
        assert_eq!(body["components"].as_array().unwrap().len(), 2);
        assert_eq!(body["components"][0]["components"][4]["custom_id"], "id4");
    }
}
