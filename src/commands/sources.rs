//! `/sources` (moderators): each configured HTTP source with its status, last fetch, items
//! found and last error, from the state the poller keeps in sled.

use super::moderation::guild_and_moderator;
use super::{Context, Handled, UserError};
use crate::reply::{self, Embed, Field, Reply, COLOR_BRIEF};
use crate::sources::poller::statuses;
use crate::sources::SourceState;

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
            value: reply::truncate(&status(s), reply::limits::FIELD_VALUE),
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

/// A source's status for Discord: times as `<t:…>` markers, which each reader's client shows
/// in their own zone and keeps relative ("5 minutes ago"), as `/schedule list` does.
fn status(s: &SourceState) -> String {
    let when = |t: Option<i64>| t.map_or_else(|| "never".to_string(), |t| format!("<t:{t}:R>"));
    let mut out = format!(
        "{} · fetched {} · {} items · {} briefs added",
        s.health.as_str(),
        when(s.last_fetch),
        s.items_found,
        s.briefs_added
    );
    if let Some(t) = s.next_poll {
        out.push_str(&format!("\nNext: <t:{t}:R>"));
    }
    if let Some(e) = &s.last_error {
        out.push_str(&format!(
            "\nLast error ({} in a row): {e}",
            s.consecutive_failures
        ));
    }
    out
}
