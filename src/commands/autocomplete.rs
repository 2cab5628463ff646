//! Autocomplete suggestions (Discord allows 25, answered within 3 s and never deferred), so
//! they come from memory or sled's cached indexes, never from re-reading briefs.

use super::Context;

/// Discord shows at most this many choices.
pub const MAX_CHOICES: usize = 25;
/// Characters of a choice's name or value.
const CHOICE_MAX: usize = 100;

/// One suggestion: what the user sees and the value the option gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    pub value: String,
}

impl Choice {
    fn same(s: impl Into<String>) -> Choice {
        let s = s.into();
        Choice {
            name: s.clone(),
            value: s,
        }
    }
}

/// Suggestions for the focused `option` of `command` (`"brief date"`, `"position"`,
/// `"schedule daily"`) given what the user has typed so far.
pub fn suggest(ctx: &Context, command: &str, option: &str, typed: &str) -> Vec<Choice> {
    let typed = typed.trim();
    let mut out = match (command, option) {
        ("brief date", "date") => dates(ctx, typed),
        ("schedule daily", "timezone") => timezones(typed),
        ("subscribe" | "schedule daily", "sections") => sections(ctx, typed),
        ("schedule remove" | "schedule test", "id") => ids(ctx, typed),
        _ => Vec::new(),
    };
    out.truncate(MAX_CHOICES);
    out
}

/// Stored dates, newest first, that start with or contain what was typed.
fn dates(ctx: &Context, typed: &str) -> Vec<Choice> {
    let Ok(dates) = ctx.store.dates_desc() else {
        return Vec::new();
    };
    let (starts, contains): (Vec<String>, Vec<String>) = dates
        .into_iter()
        .map(|d| d.to_string())
        .filter(|d| d.contains(typed))
        .partition(|d| d.starts_with(typed));
    starts
        .into_iter()
        .chain(contains)
        .take(MAX_CHOICES)
        .map(Choice::same)
        .collect()
}

/// Section names for the last of the comma-separated names typed so far; the value keeps
/// the names before it, so picking one completes the list.
fn sections(ctx: &Context, typed: &str) -> Vec<Choice> {
    let Ok(names) = super::library_sections(ctx) else {
        return Vec::new();
    };
    let (done, last) = match typed.rsplit_once(',') {
        Some((done, last)) => (Some(done.trim()), last.trim()),
        None => (None, typed),
    };
    let last = last.to_lowercase();
    let chosen: Vec<String> = done
        .map(|d| d.split(',').map(|s| s.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let (starts, contains): (Vec<&String>, Vec<&String>) = names
        .iter()
        .filter(|n| !chosen.contains(&n.to_lowercase()))
        .filter(|n| n.to_lowercase().contains(&last))
        .partition(|n| n.to_lowercase().starts_with(&last));
    starts
        .into_iter()
        .chain(contains)
        .map(|n| match done {
            Some(d) => format!("{d}, {n}"),
            None => n.clone(),
        })
        // Discord refuses a choice longer than 100 characters.
        .filter(|v| v.chars().count() <= CHOICE_MAX)
        .take(MAX_CHOICES)
        .map(Choice::same)
        .collect()
}

/// This server's schedule and subscription ids, with what each does.
fn ids(ctx: &Context, typed: &str) -> Vec<Choice> {
    let Some(guild) = ctx.invoker.guild_id else {
        return Vec::new();
    };
    let typed = typed.to_lowercase();
    let mut out: Vec<Choice> = Vec::new();
    if let Ok(schedules) = ctx.store.schedules() {
        out.extend(
            schedules
                .into_iter()
                .filter(|s| s.guild_id == guild)
                .map(|s| Choice {
                    name: format!(
                        "{} · daily {} {} · channel {}",
                        s.id,
                        s.time.format("%H:%M"),
                        s.timezone,
                        s.channel_id
                    ),
                    value: s.id,
                }),
        );
    }
    if let Ok(subs) = ctx.store.subscriptions() {
        out.extend(
            subs.into_iter()
                .filter(|s| s.guild_id == guild)
                .map(|s| Choice {
                    name: format!("{} · every new brief · channel {}", s.id, s.channel_id),
                    value: s.id,
                }),
        );
    }
    out.retain(|c| c.name.to_lowercase().contains(&typed));
    for c in &mut out {
        c.name = crate::reply::truncate(&c.name, CHOICE_MAX);
    }
    out
}

/// IANA zone names by prefix, then by any part ("kyiv" finds "Europe/Kyiv").
fn timezones(typed: &str) -> Vec<Choice> {
    let t = typed.to_lowercase();
    let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
    let (starts, contains): (Vec<&str>, Vec<&str>) = names
        .filter(|n| n.to_lowercase().contains(&t))
        .partition(|n| n.to_lowercase().starts_with(&t));
    starts
        .into_iter()
        .chain(contains)
        .take(MAX_CHOICES)
        .map(Choice::same)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezones_match_by_prefix_then_part() {
        let z = timezones("kyiv");
        assert_eq!(z[0].value, "Europe/Kyiv");
        let z = timezones("america/new");
        assert_eq!(z[0].value, "America/New_York");
        assert!(timezones("").len() >= MAX_CHOICES);
    }
}
