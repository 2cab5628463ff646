//! Autocomplete suggestions (Discord allows 25, answered within 3 s and never deferred), so
//! they come from memory or sled's cached indexes, never from re-reading briefs.

use super::Context;

/// Discord shows at most this many choices.
pub const MAX_CHOICES: usize = 25;

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
