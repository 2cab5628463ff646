//! `/sources` (moderators): each configured HTTP source with its status, last fetch, items
//! found and last error, from the state the poller keeps in sled.

use super::moderation::guild_and_moderator;
use super::{Context, Handled, UserError};
use crate::reply::{self, Embed, Field, Reply, COLOR_BRIEF};
use crate::sources::poller::statuses;

pub fn sources(ctx: &Context) -> Handled {
    guild_and_moderator(ctx, "/sources")?;
    if ctx.sources.is_empty() {
        return Err(UserError::new(
            "No sources are configured. The bot's operator can add `[[sources]]` (RSS, Atom, JSON Feed or a page) to briefbot.toml.",
        )
        .into());
    }
    let states = statuses(ctx.store, ctx.sources)?;
    let fields = states
        .iter()
        .map(|s| Field {
            name: reply::truncate(&s.name, reply::limits::FIELD_NAME),
            value: reply::truncate(&s.line(), reply::limits::FIELD_VALUE),
            inline: false,
        })
        .take(reply::limits::FIELDS)
        .collect();
    Ok(Reply::from_embeds(
        vec![Embed {
            title: Some("Sources".into()),
            fields,
            footer: Some(format!("{} configured", states.len())),
            color: Some(COLOR_BRIEF),
            ..Embed::default()
        }],
        true,
    ))
}
