//! `/position <actor> <topic>`: the actor's own statements on the topic, quoted, with the
//! speaker as written, the stance and the brief's date; most relevant first, then newest.

use chrono::Datelike;

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

pub(crate) fn position(index: &PositionIndex, actor: &str, topic: &str, page: u32) -> Handled {
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
        } => Ok(found(
            index,
            &actor_label,
            &topic_label,
            &hits,
            actor,
            topic,
            page,
        )),
    }
}

fn found(
    index: &PositionIndex,
    actor_label: &str,
    topic_label: &str,
    hits: &[Hit],
    actor: &str,
    topic: &str,
    page: u32,
) -> Reply {
    let text = |h: &Hit| index.text(&h.statement).into_owned();
    let pages = paginate(hits, &text);
    let page = (page as usize).clamp(1, pages.len());
    let (from, to) = pages[page - 1];
    // Texts the index left in the store are read back for the page's statements only (and,
    // to number the pages, for any long enough to be cut).
    let fields: Vec<Field> = hits[from..to]
        .iter()
        .map(|h| hit_field(h, &text(h)))
        .collect();
    // Statements per date in one pass: a prolific actor has thousands of each.
    let mut per_date: std::collections::BTreeMap<chrono::NaiveDate, usize> =
        std::collections::BTreeMap::new();
    for h in hits {
        *per_date.entry(h.statement.brief_date).or_default() += 1;
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
fn paginate(hits: &[Hit], text: &dyn Fn(&Hit) -> String) -> Vec<(usize, usize)> {
    let mut pages = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, h) in hits.iter().enumerate() {
        let size = field_size(h, text);
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

/// The characters `hit_field(h, text)` takes, without building it: answers run to
/// thousands of statements and every one is measured to number the pages. The text is read
/// (from the store, when the index left it there) only for a statement long enough to be
/// cut, whose cut may end early at a word.
fn field_size(h: &Hit, text: &dyn Fn(&Hit) -> String) -> usize {
    let c = &h.statement;
    // "{date} · {speaker}{mark} · {stance}" and "> {text}" (one char per newline too).
    let name = 10
        + 3
        + h.speaker_chars as usize
        + 2 * usize::from(c.from_context)
        + 3
        + c.stance.as_str().chars().count();
    let name = if !h.related.is_empty()
        || name > reply::limits::FIELD_NAME
        || c.brief_date.year() > 9999
        || c.brief_date.year() < 0
    {
        // Cut to fit, or marked as related (few are): measure the real thing.
        field_name(h).chars().count()
    } else {
        name
    };
    let value = 2 + h.text_chars as usize;
    let value = if value > reply::limits::FIELD_VALUE {
        field_value(&text(h)).chars().count()
    } else {
        value
    };
    name + value
}

/// The field quoting hit `h`, whose statement's words are `text`.
fn hit_field(h: &Hit, text: &str) -> Field {
    Field {
        name: field_name(h),
        value: field_value(text),
        inline: false,
    }
}

/// "{date} · {speaker}{mark} · {stance}", and the related words a hit was found through.
fn field_name(h: &Hit) -> String {
    let c = &h.statement;
    let mark = if c.from_context { " ↩" } else { "" };
    // Found through related words, not the topic's own: say which, so a reader can judge.
    let related = if h.related.is_empty() {
        String::new()
    } else {
        format!(" · on a related topic: {}", h.related.join(", "))
    };
    reply::truncate(
        &format!(
            "{} · {}{mark} · {}{related}",
            c.brief_date,
            c.speaker,
            c.stance.as_str()
        ),
        reply::limits::FIELD_NAME,
    )
}

/// The statement's words quoted, on one line.
fn field_value(text: &str) -> String {
    reply::truncate(
        &format!("> {}", reply::escape_markdown(&text.replace('\n', " "))),
        reply::limits::FIELD_VALUE,
    )
}

/// `position:2:russia:troops` → page 2 of `/position russia troops`.
pub(crate) fn parse_button(arg: &str) -> Option<(u32, String, String)> {
    let mut parts = arg.splitn(3, ':');
    let page = parts.next()?.parse().ok().filter(|&p| p >= 1)?;
    Some((page, parts.next()?.to_string(), parts.next()?.to_string()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::positions::{Stance, Statement, StatementText};

    fn hit(date: &str, speaker: &str, text: &str, from_context: bool, stance: Stance) -> Hit {
        Hit {
            statement: Arc::new(Statement {
                brief_id: "b".into(),
                brief_date: date.parse().unwrap(),
                section: "".into(),
                sentence_index: 0,
                text: StatementText::Held(text.into()),
                speaker: speaker.into(),
                stance,
                from_context,
            }),
            score: 1.0,
            speaker_chars: speaker.chars().count() as u32,
            text_chars: text.chars().count() as u32,
            related: Vec::new(),
        }
    }

    fn held(h: &Hit) -> String {
        match &h.statement.text {
            StatementText::Held(t) => t.to_string(),
            StatementText::Stored { .. } => unreachable!("the table's hits hold their text"),
        }
    }

    /// Paging measures every hit of an answer; a text left in the store is read only for a
    /// statement long enough to be cut, not for one marked as related.
    #[test]
    fn paging_reads_only_the_texts_that_may_be_cut() {
        let mut related = hit("2025-03-01", "Peskov", "Drills.", false, Stance::States);
        related.related = vec!["exercise".into()];
        let long_text = "Troops will stay, officials said again. ".repeat(40);
        let long = hit("2025-03-01", "Peskov", &long_text, false, Stance::States);
        let hits: Vec<Hit> = std::iter::repeat_n(related, 30).chain([long]).collect();
        let reads = std::cell::Cell::new(0);
        let text = |h: &Hit| {
            reads.set(reads.get() + 1);
            held(h)
        };
        let pages = paginate(&hits, &text);
        assert!(pages.len() > 3, "{pages:?}");
        assert_eq!(reads.get(), 1);
    }

    #[test]
    fn field_size_is_the_size_of_the_field() {
        let long_speaker = "Deputy Foreign Minister ".repeat(12);
        let long_text = "Troops will stay, officials said again. ".repeat(40);
        let cases = [
            hit(
                "2025-03-01",
                "Peskov",
                "Troops will stay.",
                false,
                Stance::States,
            ),
            hit("2025-03-01", "He", "Troops will stay.", true, Stance::Warns),
            hit(
                "2025-03-01",
                "Łukasz Kowalski",
                "Wojska — zostaną\nna miejscu.",
                false,
                Stance::Rejects,
            ),
            hit("2025-03-01", &long_speaker, "Short.", true, Stance::Denies),
            hit("2025-03-01", "Peskov", &long_text, false, Stance::States),
            hit(
                "+12025-03-01",
                "Peskov",
                "Far future.",
                false,
                Stance::States,
            ),
        ];
        let mut related = hit("2025-03-01", "Peskov", "Drills.", false, Stance::States);
        related.related = vec!["exercise".into(), "drill".into()];
        assert!(hit_field(&related, &held(&related))
            .name
            .ends_with("states · on a related topic: exercise, drill"));
        for h in cases.iter().chain([&related]) {
            let f = hit_field(h, &held(h));
            assert_eq!(
                field_size(h, &held),
                f.name.chars().count() + f.value.chars().count(),
                "{:?}",
                h.statement.speaker
            );
        }
    }
}
