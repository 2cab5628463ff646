//! A brief as Discord shows it: the embeds `/brief` answers with and the post a
//! subscription or schedule makes. It lives apart from the command handlers so that the
//! delivery engine can render a post without knowing them (ARCHITECTURE.md: delivery does
//! not import `commands`).

use chrono::NaiveDate;

use crate::brief::{find_section, Brief, Section};
use crate::reply::{self, Embed, Reply, COLOR_BRIEF};

/// A brief as posted to a channel by a subscription or schedule: the sections named in
/// `wanted` (all when empty, or when none of them exist in this brief).
pub fn brief_post(b: &Brief, wanted: &[String]) -> Reply {
    let mut chosen: Vec<&Section> = Vec::new();
    for w in wanted {
        if let Some(s) = find_section(&b.sections, w) {
            if !chosen.iter().any(|c| std::ptr::eq(*c, s)) {
                chosen.push(s);
            }
        }
    }
    if chosen.is_empty() {
        chosen = b.sections.iter().collect();
    }
    Reply::from_embeds(brief_embeds(b, &chosen), false)
}

/// A brief as a subscription or schedule posts it: [`brief_post`], its first message
/// mentioning `role` when the moderator chose one.
pub fn delivery_post(b: &Brief, wanted: &[String], role: Option<u64>) -> Reply {
    let mut reply = brief_post(b, wanted);
    if let (Some(role), Some(first)) = (role, reply.messages.first_mut()) {
        first.content = Some(format!("<@&{role}>"));
        first.mention_role = Some(role);
    }
    reply
}

/// A brief's embeds: a head (title, date, lead, link) and each of `sections`, split within
/// Discord's limits. Every embed carries the brief's footer and date;
/// [`Reply::from_embeds`] keeps them on the brief's last embed of each message.
pub fn brief_embeds(b: &Brief, sections: &[&Section]) -> Vec<Embed> {
    let footer = format!("{} · {}", b.title, b.date);
    let timestamp = b.date.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
    let mut embeds = vec![Embed {
        title: Some(format!("{} — {}", b.title, long_date(b.date))),
        description: (!b.lead.is_empty()).then(|| reply::escape_markdown(&b.lead)),
        footer: Some(footer.clone()),
        timestamp,
        url: web_source(&b.source),
        color: Some(COLOR_BRIEF),
        ..Embed::default()
    }];
    for s in sections {
        let pieces = reply::split_text(
            &reply::escape_markdown(&s.body_text()),
            reply::limits::DESCRIPTION,
        );
        let n = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            let title = if n == 1 {
                s.heading.clone()
            } else {
                format!("{} ({}/{n})", s.heading, i + 1)
            };
            embeds.push(Embed {
                title: Some(reply::truncate(&title, reply::limits::TITLE)),
                description: Some(piece),
                footer: Some(footer.clone()),
                timestamp,
                color: Some(COLOR_BRIEF),
                ..Embed::default()
            });
        }
    }
    embeds
}

/// The brief's source when a reader can open it: an http(s) URL without credentials (a
/// file path on the server is no use to them).
fn web_source(source: &str) -> Option<String> {
    let url = reqwest::Url::parse(source).ok()?;
    let web = matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none();
    web.then(|| url.to_string())
        .filter(|u| u.chars().count() <= 2048)
}

/// "September 5, 2025".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%B %-d, %Y").to_string()
}
