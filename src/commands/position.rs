//! `/position <actor> <topic>`: the actor's own statements on the topic, quoted, with the
//! speaker as written, the stance and the brief's date; most relevant first, then newest.

use super::{Handled, UserError};
use crate::positions::{Hit, PositionAnswer, PositionIndex};
use crate::reply::{self, Button, Embed, Field, Reply, COLOR_BRIEF};

/// Statements per page; also bounded by the embed's 6000 characters.
const PER_PAGE: usize = 8;
/// Characters of quoted statements one page may hold, leaving room for title and footer.
const PAGE_BUDGET: usize = 5200;
/// Dates shown in the timeline line.
const TIMELINE_DATES: usize = 12;
/// The part of a button id the command layer may use (the front end appends its own tag).
const BUTTON_ID_MAX: usize = 60;

pub fn position(index: &PositionIndex, actor: &str, topic: &str, page: u32) -> Handled {
    match index.query(actor, topic) {
        PositionAnswer::UnknownActor {
            input,
            did_you_mean,
        } => {
            let hint = if did_you_mean.is_empty() {
                "Try a country, body or person named in the briefs, e.g. `/position russia troops`."
                    .to_string()
            } else {
                format!("Did you mean: {}?", did_you_mean.join(", "))
            };
            Err(UserError::new(format!("I don't know an actor called {input:?}. {hint}")).into())
        }
        PositionAnswer::Nothing {
            actor_label,
            topic_label,
            other_topics_for_actor,
            other_actors_for_topic,
        } => {
            let mut msg = format!("Nothing on record from {actor_label} about {topic_label}.");
            if !other_topics_for_actor.is_empty() {
                msg.push_str(&format!(
                    " {actor_label} has spoken about: {}.",
                    other_topics_for_actor.join(", ")
                ));
            }
            if !other_actors_for_topic.is_empty() {
                msg.push_str(&format!(
                    " On {topic_label}, these have spoken: {}.",
                    other_actors_for_topic.join(", ")
                ));
            }
            Err(UserError::new(msg).into())
        }
        PositionAnswer::Found {
            actor_label,
            topic_label,
            hits,
        } => Ok(found(&actor_label, &topic_label, &hits, actor, topic, page)),
    }
}

fn found(
    actor_label: &str,
    topic_label: &str,
    hits: &[Hit],
    actor: &str,
    topic: &str,
    page: u32,
) -> Reply {
    let pages = paginate(hits);
    let page = (page as usize).clamp(1, pages.len());
    let (from, to) = pages[page - 1];
    let fields: Vec<Field> = hits[from..to].iter().map(hit_field).collect();
    // Statements per date in one pass: a prolific actor has thousands of each.
    let mut per_date: std::collections::BTreeMap<chrono::NaiveDate, usize> =
        std::collections::BTreeMap::new();
    for h in hits {
        *per_date.entry(h.claim.brief_date).or_default() += 1;
    }
    let description = if per_date.len() > 1 {
        // The newest dates matter most when the line has to be cut.
        let shown: Vec<String> = per_date
            .iter()
            .rev()
            .take(TIMELINE_DATES)
            .rev()
            .map(|(d, n)| format!("{d} ({n})"))
            .collect();
        let counts: Vec<String> = if per_date.len() > TIMELINE_DATES {
            std::iter::once(format!("{} earlier dates", per_date.len() - TIMELINE_DATES))
                .chain(shown)
                .collect()
        } else {
            shown
        };
        Some(reply::truncate(
            &format!("Timeline: {}", counts.join(" → ")),
            600,
        ))
    } else {
        None
    };
    let mut reply = Reply::from_embeds(
        vec![Embed {
            title: Some(reply::truncate(
                &format!("{actor_label} on {topic_label}"),
                reply::limits::TITLE,
            )),
            description,
            fields,
            footer: Some(format!(
                "{} statement{} · page {page} of {} · ↩ = speaker taken from an earlier sentence",
                hits.len(),
                if hits.len() == 1 { "" } else { "s" },
                pages.len()
            )),
            color: Some(COLOR_BRIEF),
            ..Embed::default()
        }],
        false,
    );
    let id = |p: usize| format!("position:{p}:{actor}:{topic}");
    if pages.len() > 1 && id(pages.len()).chars().count() <= BUTTON_ID_MAX {
        reply.messages[0].buttons = vec![
            Button {
                label: "◀ Previous".into(),
                custom_id: id(page.saturating_sub(1).max(1)),
                disabled: page == 1,
            },
            Button {
                label: "Next ▶".into(),
                custom_id: id((page + 1).min(pages.len())),
                disabled: page == pages.len(),
            },
        ];
    }
    reply
}

/// Page boundaries: at most PER_PAGE statements and PAGE_BUDGET characters each.
fn paginate(hits: &[Hit]) -> Vec<(usize, usize)> {
    let mut pages = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, h) in hits.iter().enumerate() {
        let f = hit_field(h);
        let size = f.name.chars().count() + f.value.chars().count();
        if i > start && (i - start == PER_PAGE || used + size > PAGE_BUDGET) {
            pages.push((start, i));
            start = i;
            used = 0;
        }
        used += size;
    }
    pages.push((start, hits.len()));
    pages
}

fn hit_field(h: &Hit) -> Field {
    let c = &h.claim;
    let mark = if c.from_context { " ↩" } else { "" };
    Field {
        name: reply::truncate(
            &format!(
                "{} · {}{mark} · {}",
                c.brief_date,
                c.speaker,
                c.stance.as_str()
            ),
            reply::limits::FIELD_NAME,
        ),
        value: reply::truncate(
            &format!("> {}", c.text.replace('\n', " ")),
            reply::limits::FIELD_VALUE,
        ),
        inline: false,
    }
}

/// `position:2:russia:troops` → page 2 of `/position russia troops`.
pub fn parse_button(arg: &str) -> Option<(u32, String, String)> {
    let mut parts = arg.splitn(3, ':');
    let page = parts.next()?.parse().ok().filter(|&p| p >= 1)?;
    Some((page, parts.next()?.to_string(), parts.next()?.to_string()))
}
