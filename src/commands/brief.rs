//! `/brief latest|date|list|search`: briefs as embeds, and notices that say what does exist
//! when the request names something that does not.

use chrono::NaiveDate;

use super::{Context, Handled, UserError};
use crate::brief::{find_section, Brief, Section};
use crate::post::brief_embeds;
use crate::reply::{self, Button, Embed, Field, Reply, COLOR_BRIEF};
use crate::search::SearchIndex;

/// Results shown on one page of `/brief search`.
const SEARCH_RESULTS: usize = 8;
/// Pages `/brief search` goes to: the best 80 passages are plenty to browse.
const SEARCH_PAGES: usize = 10;

const EMPTY_LIBRARY: &str = "No briefs are stored yet. A moderator can add some: put brief files in the briefs folder, or run `briefbot ingest PATH` on the server.";

pub(crate) fn latest(ctx: &Context, section: Option<&str>) -> Handled {
    let brief = ctx
        .store
        .latest_brief()?
        .ok_or_else(|| UserError::new(EMPTY_LIBRARY))?;
    Ok(brief_reply(&[brief], section)?)
}

pub(crate) fn on_date(ctx: &Context, date: NaiveDate, section: Option<&str>) -> Handled {
    let briefs = ctx.store.briefs_on(date)?;
    if briefs.is_empty() {
        let dates = ctx.store.dates_desc()?;
        if dates.is_empty() {
            return Err(UserError::new(EMPTY_LIBRARY).into());
        }
        return Err(UserError::new(format!(
            "No brief on {date}. Nearest dates: {}. `/brief list` shows them all.",
            nearest_dates(&dates, date, 3)
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    }
    Ok(brief_reply(&briefs, section)?)
}

pub(crate) fn list(ctx: &Context, page: u32) -> Handled {
    let total = ctx.store.brief_count();
    if total == 0 {
        return Err(UserError::new(EMPTY_LIBRARY).into());
    }
    let size = ctx.list_page_size.max(1);
    let pages = total.div_ceil(size);
    let page = page as usize;
    if page > pages {
        return Err(UserError::new(format!(
            "There is no page {page}: {total} briefs make {pages} page{}. Try `/brief list {pages}`.",
            if pages == 1 { "" } else { "s" }
        ))
        .into());
    }
    let items = ctx.store.list_briefs((page - 1) * size, size)?;
    let lines: Vec<String> = items
        .iter()
        .map(|b| {
            format!(
                "**{}** · {} — {}",
                b.date,
                reply::escape_markdown(&b.title),
                reply::escape_markdown(&b.section_headings.join(", "))
            )
        })
        .collect();
    let mut reply = Reply::from_embeds(
        vec![Embed {
            title: Some(format!("Briefs — page {page} of {pages}")),
            description: Some(lines.join("\n")),
            footer: Some(format!("{total} briefs · /brief date YYYY-MM-DD shows one")),
            color: Some(COLOR_BRIEF),
            ..Embed::default()
        }],
        false,
    );
    if pages > 1 {
        reply.messages[0].buttons = vec![
            Button {
                label: "◀ Newer".into(),
                custom_id: format!("brief-list:{}", page.saturating_sub(1).max(1)),
                disabled: page == 1,
            },
            Button {
                label: "Older ▶".into(),
                custom_id: format!("brief-list:{}", (page + 1).min(pages)),
                disabled: page == pages,
            },
        ];
    }
    Ok(reply)
}

pub(crate) fn search(ctx: &Context, query: &str, page: u32) -> Handled {
    let built;
    let index = match ctx.search {
        Some(index) => index,
        None => {
            built = SearchIndex::build(&ctx.store.all_briefs()?)?;
            &built
        }
    };
    if index.brief_count() == 0 {
        return Err(UserError::new(EMPTY_LIBRARY).into());
    }
    let all = index.search(query, SEARCH_RESULTS * SEARCH_PAGES)?;
    if all.is_empty() {
        return Err(UserError::new(format!(
            "Nothing in {} briefs matches {query:?}. Try fewer or other words, or `/brief list` to browse.",
            index.brief_count()
        ))
        .into());
    }
    let pages = all.len().div_ceil(SEARCH_RESULTS);
    let page = page as usize;
    if page > pages {
        return Err(UserError::new(format!(
            "There is no page {page}: {} passages match {query:?}, {pages} page{}. Try `/brief search {query} page:{pages}`.",
            all.len(),
            if pages == 1 { "" } else { "s" }
        ))
        .into());
    }
    let hits = &all[(page - 1) * SEARCH_RESULTS..(page * SEARCH_RESULTS).min(all.len())];
    let fields = hits
        .iter()
        .map(|h| Field {
            name: format!(
                "{} · {} · {}",
                h.passage.date, h.passage.title, h.passage.heading
            ),
            value: quote(&h.excerpt),
            inline: false,
        })
        .collect();
    Ok(Reply::from_embeds(
        vec![Embed {
            title: Some(reply::truncate(
                &format!("Search: {query}"),
                reply::limits::TITLE,
            )),
            fields,
            footer: Some(format!(
                "{} matching passages, best first · page {page} of {pages}",
                all.len()
            )),
            color: Some(COLOR_BRIEF),
            ..Embed::default()
        }],
        false,
    ))
}

/// Each line as a Markdown block quote, cut to a field value.
fn quote(text: &str) -> String {
    let q = text
        .lines()
        .map(|l| format!("> {}", reply::escape_markdown(l)))
        .collect::<Vec<_>>()
        .join("\n");
    reply::truncate(&q, reply::limits::FIELD_VALUE)
}

/// Briefs (usually one) as embeds: a header embed with title, date and lead, then one
/// embed per section (or the one asked for), split where a section is too long.
fn brief_reply(briefs: &[Brief], section: Option<&str>) -> Result<Reply, UserError> {
    let mut embeds = Vec::new();
    for b in briefs {
        let sections: Vec<&Section> = match section {
            None => b.sections.iter().collect(),
            Some(want) => match find_section(&b.sections, want) {
                Some(s) => vec![s],
                None if briefs.len() > 1 => continue,
                None => {
                    return Err(UserError::new(format!(
                        "The brief of {} has no section {want:?}. Its sections: {}.",
                        b.date,
                        b.sections
                            .iter()
                            .map(|s| s.heading.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                }
            },
        };
        embeds.extend(brief_embeds(b, &sections));
    }
    if embeds.is_empty() {
        return Err(UserError::new(format!(
            "None of these briefs has a section {:?}.",
            section.unwrap_or("")
        )));
    }
    Ok(Reply::from_embeds(embeds, false))
}

/// Up to `n` stored dates closest to `want`, in calendar order.
fn nearest_dates(dates: &[NaiveDate], want: NaiveDate, n: usize) -> Vec<NaiveDate> {
    let mut by_distance: Vec<NaiveDate> = dates.to_vec();
    by_distance.sort_by_key(|d| ((*d - want).num_days().abs(), *d));
    by_distance.truncate(n);
    by_distance.sort();
    by_distance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_dates_are_closest_first_then_sorted() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let dates = [
            d("2025-09-11"),
            d("2025-09-05"),
            d("2025-08-16"),
            d("2024-01-01"),
        ];
        assert_eq!(
            nearest_dates(&dates, d("2025-09-06"), 2),
            vec![d("2025-09-05"), d("2025-09-11")]
        );
        assert_eq!(
            nearest_dates(&dates, d("2030-01-01"), 1),
            vec![d("2025-09-11")]
        );
    }
}
