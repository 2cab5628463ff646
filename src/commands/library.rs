//! `/library` (moderators): what changes or watches the shared library, apart from the
//! public `/brief`, so Discord can hide it from members (its permission is per top-level
//! command). `add` stores a brief from an attached file; `sources` shows each configured
//! HTTP source with its status, last fetch, items found and last error, from the state the
//! poller keeps in sled.

use super::moderation::guild_and_moderator;
use super::{Context, Handled, UserError};
use crate::reply::{self, Embed, Field, Reply, COLOR_BRIEF};
use crate::sources::statuses;
use crate::sources::SourceState;
use crate::store::PutOutcome;

/// `/library add`: moderators store a brief from an attached file; the answer says what was
/// stored (or why not) and it is then pushed to subscribers like a new file.
pub(crate) fn add(ctx: &Context, url: &str, filename: Option<&str>) -> Handled {
    let guild = guild_and_moderator(ctx, "/library add")?;
    if !ctx.invoker.publisher {
        return Err(UserError::new(format!(
            "Briefs cannot be added from this server ({guild}): every server the bot is in shares the library and its subscribers, so the bot's operator allows adding briefs only from the servers listed in `discord.publisher_guilds` (or, without that list, `discord.guilds`)."
        ))
        .into());
    }
    let Some(add) = ctx.add_attachment else {
        return Err(UserError::new(
            "Adding a brief from an attachment works in Discord; on the server, use `briefbot ingest FILE`.",
        )
        .into());
    };
    let name = filename.map(str::to_string).unwrap_or_else(|| {
        url.rsplit('/')
            .next()
            .unwrap_or("attachment")
            .split('?')
            .next()
            .unwrap_or("attachment")
            .to_string()
    });
    let outcome =
        add(url, &name).map_err(|why| UserError::new(format!("{name} was not stored: {why}")))?;
    let id = outcome.id().to_string();
    let what = match &outcome {
        PutOutcome::Added { .. } => "Added",
        PutOutcome::Updated { .. } => "Updated",
        PutOutcome::Unchanged { .. } => "Already stored, unchanged:",
    };
    let detail = match ctx.store.brief(&id)? {
        Some(b) => format!(
            "{} — {} ({}; sections: {})",
            b.title,
            crate::post::long_date(b.date),
            id,
            b.sections
                .iter()
                .map(|s| s.heading.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => id.clone(),
    };
    let pushed = if matches!(outcome, PutOutcome::Added { .. }) {
        " It is being posted to subscribed channels."
    } else {
        ""
    };
    Ok(Reply::notice(format!("{what} {detail}.{pushed}")))
}

/// `/library sources`: the configured feeds and pages, each with its status.
pub(crate) fn sources(ctx: &Context) -> Handled {
    guild_and_moderator(ctx, "/library sources")?;
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
