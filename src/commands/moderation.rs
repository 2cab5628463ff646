//! Moderator commands: `/subscribe`, `/unsubscribe`, `/schedule daily|list|remove`. Each
//! is checked again here (Discord's default permissions can be overridden by a server),
//! works only in a server, and is confirmed only after the change is flushed to disk.

use chrono::{NaiveTime, Utc};
use chrono_tz::Tz;

use super::{library_sections, Context, Failure, Handled, UserError};
use crate::brief::find_heading;
use crate::delivery::model::{Schedule, Subscription};
use crate::delivery::schedule::next_fire;
use crate::reply::{self, Embed, Field, Reply, COLOR_BRIEF};

pub(super) fn guild_and_moderator(ctx: &Context, command: &str) -> Result<u64, UserError> {
    let Some(guild) = ctx.invoker.guild_id else {
        return Err(UserError::new(format!(
            "`{command}` works in a server, not in direct messages: run it in the server whose channels should get briefs."
        )));
    };
    if !ctx.invoker.moderator {
        return Err(UserError::new(format!(
            "Only moderators can use `{command}` (Manage Server permission, or a moderator role set by the bot's operator)."
        )));
    }
    Ok(guild)
}

fn target_channel(ctx: &Context, channel: Option<u64>) -> Result<u64, UserError> {
    channel
        .or(ctx.invoker.channel_id)
        .ok_or_else(|| UserError::new("Name a channel with the `channel` option."))
}

/// Each wanted section as the library's own heading for it ("why" → "Why It Matters"). A
/// name no brief has would silently post every section, so it is refused, listing the real
/// ones.
fn checked_sections(ctx: &Context, wanted: &[String]) -> Result<Vec<String>, Failure> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let known = library_sections(ctx)?;
    let mut out: Vec<String> = Vec::new();
    for w in wanted {
        let Some(heading) = find_heading(&known, w) else {
            return Err(UserError::new(if known.is_empty() {
                format!(
                    "`sections`: no briefs are stored yet, so there is no section {w:?}. Leave `sections` out to post whole briefs, or add briefs first."
                )
            } else {
                format!(
                    "`sections`: no brief has a section {w:?}. Sections in the library: {}.",
                    known.join(", ")
                )
            })
            .into());
        };
        if !out.contains(heading) {
            out.push(heading.clone());
        }
    }
    Ok(out)
}

fn sections_text(sections: &[String]) -> String {
    if sections.is_empty() {
        "all sections".to_string()
    } else {
        sections.join(", ")
    }
}

/// ", mentioning <@&555>" when posts ping a role.
fn role_text(role: Option<u64>) -> String {
    role.map(|r| format!(", mentioning <@&{r}>"))
        .unwrap_or_default()
}

fn now() -> i64 {
    Utc::now().timestamp()
}

pub(crate) fn subscribe(
    ctx: &Context,
    channel: Option<u64>,
    sections: &[String],
    role: Option<u64>,
) -> Handled {
    let guild = guild_and_moderator(ctx, "/subscribe")?;
    let channel = target_channel(ctx, channel)?;
    let sections = checked_sections(ctx, sections)?;
    let sections = sections.as_slice();
    let existing = ctx
        .store
        .subscriptions()?
        .into_iter()
        .find(|s| s.guild_id == guild && s.channel_id == channel);
    let (sub, verb) = match existing {
        Some(mut s) => {
            // Subscribing again updates the sections and resumes a paused subscription.
            s.sections = sections.to_vec();
            s.role = role;
            s.paused = None;
            (s, "updated")
        }
        None => (
            Subscription {
                id: ctx.store.next_id("sub")?,
                guild_id: guild,
                channel_id: channel,
                sections: sections.to_vec(),
                created_by: ctx.invoker.user_id,
                created_at: now(),
                paused: None,
                role,
            },
            "created",
        ),
    };
    ctx.store.put_subscription(&sub)?;
    ctx.store.flush()?;
    (ctx.on_change)();
    Ok(Reply::notice(format!(
        "Subscription {verb} ({}): every new brief will be posted in <#{channel}> ({}{}). `/unsubscribe` stops it; `/schedule list` shows it.",
        sub.id,
        sections_text(&sub.sections),
        role_text(sub.role)
    )))
}

pub(crate) fn unsubscribe(ctx: &Context, channel: Option<u64>) -> Handled {
    let guild = guild_and_moderator(ctx, "/unsubscribe")?;
    let channel = target_channel(ctx, channel)?;
    let subs: Vec<Subscription> = ctx
        .store
        .subscriptions()?
        .into_iter()
        .filter(|s| s.guild_id == guild)
        .collect();
    let Some(sub) = subs.iter().find(|s| s.channel_id == channel) else {
        let others: Vec<String> = subs
            .iter()
            .map(|s| format!("<#{}>", s.channel_id))
            .collect();
        return Err(UserError::new(if others.is_empty() {
            format!("<#{channel}> has no subscription, and neither has any other channel here.")
        } else {
            format!(
                "<#{channel}> has no subscription. Subscribed here: {}.",
                others.join(", ")
            )
        })
        .into());
    };
    ctx.store.remove_subscription(&sub.id)?;
    ctx.store.flush()?;
    (ctx.on_change)();
    Ok(Reply::notice(format!(
        "Unsubscribed <#{channel}> ({}): new briefs will no longer be posted there.",
        sub.id
    )))
}

/// `HH:MM` on a 24-hour clock; `8:00` is fine too.
pub(crate) fn parse_time(value: &str) -> Result<NaiveTime, UserError> {
    let v = value.trim();
    let bad = || {
        UserError::new(format!(
            "`time`: {value:?} is not a time as HH:MM on a 24-hour clock, e.g. 08:00 or 18:30."
        ))
    };
    let (h, m) = v.split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m.to_string().len() > 2 || h > 23 {
        return Err(bad());
    }
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// An IANA zone name, or an error suggesting the closest names.
pub(crate) fn parse_timezone(value: &str) -> Result<Tz, UserError> {
    if let Ok(tz) = value.trim().parse::<Tz>() {
        return Ok(tz);
    }
    let want = value.trim().to_lowercase();
    let mut scored: Vec<(f64, &str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|z| {
            let name = z.name();
            let city = name.rsplit('/').next().unwrap_or(name).to_lowercase();
            let s = strsim::jaro_winkler(&want, &name.to_lowercase())
                .max(strsim::jaro_winkler(&want, &city));
            (s, name)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let near: Vec<&str> = scored.iter().take(3).map(|(_, n)| *n).collect();
    Err(UserError::new(format!(
        "`timezone`: {value:?} is not an IANA time zone name. Did you mean {}?",
        near.join(", ")
    )))
}

pub(crate) fn schedule_daily(
    ctx: &Context,
    time: &str,
    timezone: Option<&str>,
    channel: Option<u64>,
    sections: &[String],
    role: Option<u64>,
) -> Handled {
    let guild = guild_and_moderator(ctx, "/schedule daily")?;
    let channel = target_channel(ctx, channel)?;
    let time = parse_time(time)?;
    let zone = parse_timezone(timezone.unwrap_or(ctx.default_timezone))?;
    let sections = checked_sections(ctx, sections)?;
    let sections = sections.as_slice();
    let sched = Schedule {
        id: ctx.store.next_id("daily")?,
        guild_id: guild,
        channel_id: channel,
        time,
        timezone: zone.name().to_string(),
        sections: sections.to_vec(),
        created_by: ctx.invoker.user_id,
        created_at: now(),
        paused: None,
        last: None,
        role,
    };
    ctx.store.put_schedule(&sched)?;
    ctx.store.flush()?;
    (ctx.on_change)();
    let (_, next) = next_fire(time, zone, Utc::now());
    Ok(Reply::notice(format!(
        "Scheduled ({}): every day at {} {} the newest brief <#{channel}> has not had yet is posted there ({}{}). Next: <t:{}:F> (<t:{}:R>).",
        sched.id,
        time.format("%H:%M"),
        sched.timezone,
        sections_text(sections),
        role_text(role),
        next.timestamp(),
        next.timestamp()
    )))
}

pub(crate) fn schedule_list(ctx: &Context) -> Handled {
    let guild = guild_and_moderator(ctx, "/schedule list")?;
    let schedules: Vec<Schedule> = ctx
        .store
        .schedules()?
        .into_iter()
        .filter(|s| s.guild_id == guild)
        .collect();
    let subs: Vec<Subscription> = ctx
        .store
        .subscriptions()?
        .into_iter()
        .filter(|s| s.guild_id == guild)
        .collect();
    if schedules.is_empty() && subs.is_empty() {
        return Err(UserError::new(
            "Nothing is scheduled here. `/schedule daily time:08:00` posts the newest brief every morning; `/subscribe` posts every new brief.",
        )
        .into());
    }
    let status = |paused: &Option<String>| match paused {
        None => "active".to_string(),
        Some(why) => format!("**paused**: {why}"),
    };
    let mut fields = Vec::new();
    for s in &schedules {
        let zone: Option<Tz> = s.timezone.parse().ok();
        let next = match (zone, &s.paused) {
            (Some(z), None) => {
                let t = next_fire(s.time, z, Utc::now()).1.timestamp();
                format!("<t:{t}:F> (<t:{t}:R>)")
            }
            _ => "—".to_string(),
        };
        let last = match &s.last {
            Some(l) => match &l.brief_id {
                Some(b) => format!("{} posted {b}", l.local_date),
                None => format!("{}: no new brief", l.local_date),
            },
            None => "never".to_string(),
        };
        fields.push(Field {
            name: format!("{} · daily {} {}", s.id, s.time.format("%H:%M"), s.timezone),
            value: format!(
                "Channel <#{}> · {}{}\nNext: {next}\nLast: {last}\nStatus: {}",
                s.channel_id,
                sections_text(&s.sections),
                role_text(s.role),
                status(&s.paused)
            ),
            inline: false,
        });
    }
    // One scan of the brief deliveries for all subscriptions, not one per subscription.
    let sent: Vec<_> = if subs.is_empty() {
        Vec::new()
    } else {
        ctx.store
            .deliveries_with_prefix("b/")?
            .into_iter()
            .filter(|d| d.state == crate::delivery::model::DeliveryState::Sent)
            .collect()
    };
    for s in &subs {
        let last = sent
            .iter()
            .filter(|d| d.channel_id == s.channel_id)
            .max_by_key(|d| d.at)
            .cloned()
            .map_or("never".to_string(), |d| {
                format!("{} <t:{}:R>", d.brief_id.unwrap_or_default(), d.at)
            });
        fields.push(Field {
            name: format!("{} · every new brief", s.id),
            value: format!(
                "Channel <#{}> · {}{}\nLast: {last}\nStatus: {}",
                s.channel_id,
                sections_text(&s.sections),
                role_text(s.role),
                status(&s.paused)
            ),
            inline: false,
        });
    }
    let total = fields.len();
    fields.truncate(reply::limits::FIELDS);
    Ok(Reply::from_embeds(
        vec![Embed {
            title: Some("Schedules and subscriptions".into()),
            fields,
            footer: Some(format!(
                "{total} in this server · /schedule remove id:… removes one"
            )),
            color: Some(COLOR_BRIEF),
            ..Embed::default()
        }],
        true,
    ))
}

pub(crate) fn schedule_remove(ctx: &Context, id: &str) -> Handled {
    let guild = guild_and_moderator(ctx, "/schedule remove")?;
    let id = id.trim();
    let sched = ctx
        .store
        .schedules()?
        .into_iter()
        .find(|s| s.id == id && s.guild_id == guild);
    let sub = ctx
        .store
        .subscriptions()?
        .into_iter()
        .find(|s| s.id == id && s.guild_id == guild);
    let what = match (sched, sub) {
        (Some(s), _) => {
            ctx.store.remove_schedule(&s.id)?;
            format!(
                "Removed {} (daily {} {} in <#{}>).",
                s.id,
                s.time.format("%H:%M"),
                s.timezone,
                s.channel_id
            )
        }
        (None, Some(s)) => {
            ctx.store.remove_subscription(&s.id)?;
            format!("Removed {} (every new brief in <#{}>).", s.id, s.channel_id)
        }
        (None, None) => {
            return Err(UserError::new(format!(
            "No schedule or subscription here has the id {id:?}. `/schedule list` shows the ids."
        ))
            .into())
        }
    };
    ctx.store.flush()?;
    (ctx.on_change)();
    Ok(Reply::notice(what))
}

/// `/schedule test`: the newest brief, posted now as the schedule or subscription `id`
/// posts it (its sections and role), so a moderator sees what members will get. Nothing is
/// recorded: the planned deliveries are not affected.
pub(crate) fn schedule_test(ctx: &Context, id: &str) -> Handled {
    let guild = guild_and_moderator(ctx, "/schedule test")?;
    let id = id.trim();
    let target = match ctx
        .store
        .schedules()?
        .into_iter()
        .find(|s| s.id == id && s.guild_id == guild)
    {
        Some(s) => Some((s.channel_id, s.sections, s.role)),
        None => ctx
            .store
            .subscriptions()?
            .into_iter()
            .find(|s| s.id == id && s.guild_id == guild)
            .map(|s| (s.channel_id, s.sections, s.role)),
    };
    let Some((channel, sections, role)) = target else {
        return Err(UserError::new(format!(
            "No schedule or subscription here has the id {id:?}. `/schedule list` shows the ids."
        ))
        .into());
    };
    let Some(brief) = ctx.store.latest_brief()? else {
        return Err(UserError::new(
            "No briefs are stored yet, so there is nothing to post. Add a brief, then test again.",
        )
        .into());
    };
    let Some(post) = ctx.post_now else {
        return Err(UserError::new(
            "`/schedule test` posts through the running bot; use it in Discord.",
        )
        .into());
    };
    let reply = crate::post::delivery_post(&brief, &sections, role);
    let sent = post(channel, &reply).map_err(|why| {
        UserError::new(format!(
            "The test post to <#{channel}> failed: {why}. Check that the bot may view, send and embed there."
        ))
    })?;
    Ok(Reply::notice(format!(
        "Posted {} ({}) in <#{channel}> as {id} posts it: {sent} message{}{}. Planned posts are not affected.",
        brief.title,
        brief.date,
        if sent == 1 { "" } else { "s" },
        role_text(role)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_zones_are_checked_with_suggestions() {
        for (input, ok) in [
            ("08:00", true),
            ("8:05", true),
            ("23:59", true),
            ("24:00", false),
            ("8", false),
            ("08:60", false),
            ("noon", false),
        ] {
            assert_eq!(parse_time(input).is_ok(), ok, "{input}");
        }
        assert_eq!(parse_timezone("Europe/Kyiv").unwrap().name(), "Europe/Kyiv");
        let err = parse_timezone("Europe/Kiyv").unwrap_err().to_string();
        assert!(
            err.contains("Europe/Kyiv") || err.contains("Europe/Kiev"),
            "{err}"
        );
    }
}
