//! The text form of a slash command, as typed to `briefbot ask`:
//! `/brief date 2025-09-05 why`, `/position actor:"united states" topic:ceasefire`.
//! Bare words fill the options in order, the last option taking the rest; `name:value`
//! (value quoted if it has spaces) sets an option by name when `name` is one of the
//! command's options, so `08:00` and `at 10:00` stay plain words.

use chrono::NaiveDate;

use super::{Command, UserError};

/// Splits `/position` bare words into (actor, topic): the longest known actor name at the
/// start is the actor. The position engine provides the real one.
pub trait ActorSplitter {
    fn split_actor_topic(&self, words: &str) -> (String, String);
}

/// Without a list of actors: the first word is the actor.
pub struct FirstWord;

impl ActorSplitter for FirstWord {
    fn split_actor_topic(&self, words: &str) -> (String, String) {
        let mut it = words.trim().splitn(2, char::is_whitespace);
        let actor = it.next().unwrap_or("").to_string();
        (actor, it.next().unwrap_or("").trim().to_string())
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Named(String, String),
}

/// Words, quoted strings ("..." or “...”) and `name:value` pairs, where `name` is one of
/// `options` (any case); any other word with a colon is a plain word.
fn tokenize(s: &str, options: &[&str]) -> Result<Vec<Token>, UserError> {
    let mut tokens = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut word = String::new();
        let mut name: Option<String> = None;
        if is_open_quote(first) {
            chars.next();
            word = read_quoted(&mut chars, first)?;
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == ':'
                    && name.is_none()
                    && options.iter().any(|o| o.eq_ignore_ascii_case(&word))
                {
                    name = Some(std::mem::take(&mut word));
                    if let Some(&q) = chars.peek() {
                        if is_open_quote(q) {
                            chars.next();
                            word = read_quoted(&mut chars, q)?;
                            break;
                        }
                    }
                    continue;
                }
                word.push(c);
            }
        }
        tokens.push(match name {
            Some(n) => Token::Named(n.to_ascii_lowercase(), word),
            None => Token::Word(word),
        });
    }
    Ok(tokens)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '\'')
}

fn read_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    open: char,
) -> Result<String, UserError> {
    let close = if open == '“' { '”' } else { open };
    let mut out = String::new();
    for c in chars.by_ref() {
        if c == close || (open == '“' && c == '"') {
            return Ok(out);
        }
        out.push(c);
    }
    Err(UserError::new(format!(
        "A quote ({open}) is not closed: close it, or leave the quotes out."
    )))
}

/// A command as a front end received it: names and string values, not yet validated.
/// Discord's options arrive like this; the text form is turned into it first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawCommand {
    pub name: String,
    pub subcommand: Option<String>,
    pub options: Vec<(String, String)>,
}

/// Option names of every command, in the order bare words fill them.
fn option_names(name: &str, sub: Option<&str>) -> Option<&'static [&'static str]> {
    Some(match (name, sub) {
        ("brief", Some("latest")) => &["section"],
        ("brief", Some("date")) => &["date", "section"],
        ("brief", Some("list")) => &["page"],
        ("brief", Some("search")) => &["query", "page"],
        ("library", Some("add")) => &["file", "filename"],
        ("library", Some("sources")) => &[],
        ("position", None) => &["actor", "topic", "page"],
        ("subscribe", None) => &["channel", "sections", "role"],
        ("unsubscribe", None) => &["channel"],
        ("schedule", Some("daily")) => &["time", "timezone", "channel", "sections", "role"],
        ("schedule", Some("list")) => &[],
        ("schedule", Some("remove")) => &["id"],
        ("schedule", Some("test")) => &["id"],
        ("help", None) => &[],
        _ => return None,
    })
}

/// Options that bare words never fill: the free text before them takes every word
/// (`/brief search talks in 2 rounds` is one query).
fn named_only(name: &str, sub: Option<&str>) -> &'static [&'static str] {
    match (name, sub) {
        ("brief", Some("search")) | ("position", None) => &["page"],
        ("subscribe", None) | ("schedule", Some("daily")) => &["role"],
        _ => &[],
    }
}

fn display_name(name: &str, sub: Option<&str>) -> String {
    match sub {
        Some(s) => format!("/{name} {s}"),
        None => format!("/{name}"),
    }
}

const BRIEF_SUBCOMMANDS: &str = "latest, date, list, search";
const SCHEDULE_SUBCOMMANDS: &str = "daily, list, remove, test";
const LIBRARY_SUBCOMMANDS: &str = "add, sources";
const COMMANDS: &str = "/brief, /position, /subscribe, /unsubscribe, /schedule, /library, /help";
/// Where a moderator's action went when it moved under `/library`: Discord can hide a
/// top-level command from members, not a subcommand of the public `/brief`.
const MOVED_TO_LIBRARY: &str =
    "moderators' library actions have their own command now, which Discord shows to moderators only";

/// Turns the text form into a [`RawCommand`]: bare words fill the options not given by
/// name, in order, the last one taking the rest; for `/position` the longest known actor
/// name at the start is the actor.
pub fn parse_text(text: &str, actors: &dyn ActorSplitter) -> Result<RawCommand, UserError> {
    let text = text.trim();
    let text = text.strip_prefix('/').unwrap_or(text);
    let (name, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let name = name.to_ascii_lowercase();
    let (sub, rest) = if matches!(name.as_str(), "brief" | "schedule" | "library") {
        let rest = rest.trim_start();
        let (s, r) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        (Some(s.to_ascii_lowercase()).filter(|s| !s.is_empty()), r)
    } else {
        (None, rest)
    };
    let names = command_spec(&name, sub.as_deref())?;
    let shown = display_name(&name, sub.as_deref());
    let mut options: Vec<(String, String)> = Vec::new();
    let mut bare = Vec::new();
    for t in tokenize(rest, names)? {
        match t {
            Token::Named(n, v) => {
                options.retain(|(k, _)| *k != n);
                options.push((n, v));
            }
            Token::Word(w) => bare.push(w),
        }
    }
    let named = named_only(&name, sub.as_deref());
    let free: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !options.iter().any(|(k, _)| k == n) && !named.contains(n))
        .collect();
    if name == "position" && free == ["actor", "topic"] && !bare.is_empty() {
        let (actor, topic) = actors.split_actor_topic(&bare.join(" "));
        options.push(("actor".into(), actor));
        options.push(("topic".into(), topic));
        return Ok(RawCommand {
            name,
            subcommand: sub,
            options,
        });
    }
    if name == "brief" && free == ["date", "section"] {
        // A date may take several words ("5 September 2025"): the longest run at the start
        // that reads as one is the date, the rest the section.
        let is_date = |words: &[String]| {
            // Any day will do to tell whether the words are a date at all.
            crate::brief::parse::typed_date(&words.join(" "), NaiveDate::MAX).is_some()
        };
        if let Some(n) = (1..=bare.len().min(4)).rev().find(|&n| is_date(&bare[..n])) {
            let rest = bare.split_off(n);
            options.push(("date".into(), bare.join(" ")));
            if !rest.is_empty() {
                options.push(("section".into(), rest.join(" ")));
            }
            return Ok(RawCommand {
                name,
                subcommand: sub,
                options,
            });
        }
    }
    let mut words = bare.into_iter();
    for (i, n) in free.iter().enumerate() {
        let v: Vec<String> = if i + 1 == free.len() {
            words.by_ref().collect()
        } else {
            words.next().into_iter().collect()
        };
        if !v.is_empty() {
            options.push(((*n).to_string(), v.join(" ")));
        }
    }
    if let Some(extra) = words.next() {
        // `colour:red` left over was most likely meant as an option.
        if let Some((n, _)) = extra.split_once(':') {
            if !n.is_empty() && n.chars().all(|c| c.is_alphabetic() || c == '_') {
                return Err(unknown_option(&shown, &n.to_ascii_lowercase(), names));
            }
        }
        return Err(UserError::new(format!(
            "`{shown}` got more than it takes: {extra:?} is left over. Options: {}.",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        )));
    }
    Ok(RawCommand {
        name,
        subcommand: sub,
        options,
    })
}

/// The option names of a command, or an error that lists what exists.
fn command_spec(name: &str, sub: Option<&str>) -> Result<&'static [&'static str], UserError> {
    if let Some(names) = option_names(name, sub) {
        return Ok(names);
    }
    Err(UserError::new(match (name, sub) {
        ("brief", None) => format!("`/brief` needs a subcommand: {BRIEF_SUBCOMMANDS}."),
        // The old spellings say where the command went instead of "no such command".
        ("brief", Some("add")) => {
            format!("`/brief add` is now `/library add`: {MOVED_TO_LIBRARY}.")
        }
        ("brief", Some(other)) => {
            format!("`/brief` has no subcommand `{other}`: try {BRIEF_SUBCOMMANDS}.")
        }
        ("sources", _) => format!("`/sources` is now `/library sources`: {MOVED_TO_LIBRARY}."),
        ("library", None) => format!("`/library` needs a subcommand: {LIBRARY_SUBCOMMANDS}."),
        ("library", Some(other)) => {
            format!("`/library` has no subcommand `{other}`: try {LIBRARY_SUBCOMMANDS}.")
        }
        ("schedule", None) => format!("`/schedule` needs a subcommand: {SCHEDULE_SUBCOMMANDS}."),
        ("schedule", Some(other)) => {
            format!("`/schedule` has no subcommand `{other}`: try {SCHEDULE_SUBCOMMANDS}.")
        }
        ("", _) => "Type a command, e.g. `/brief latest` or `/help`.".to_string(),
        (other, _) => format!("There is no command `/{other}`. Commands: {COMMANDS}."),
    }))
}

fn unknown_option(command: &str, name: &str, names: &[&str]) -> UserError {
    let valid = if names.is_empty() {
        "it takes none".to_string()
    } else {
        format!("it takes {}", names.join(", "))
    };
    UserError::new(format!("`{command}` has no option `{name}`: {valid}."))
}

/// Validates a [`RawCommand`] into a [`Command`]; every front end ends here. Dates such as
/// `yesterday` or `Sept 5` are read relative to today in UTC.
pub fn build_command(raw: &RawCommand) -> Result<Command, UserError> {
    build_command_on(raw, chrono::Utc::now().date_naive())
}

/// [`build_command`] with the day that `yesterday` or `Sept 5` count from (the bot's zone's
/// today, or a fixed day in tests).
pub fn build_command_on(raw: &RawCommand, today: NaiveDate) -> Result<Command, UserError> {
    let name = raw.name.to_ascii_lowercase();
    let sub = raw.subcommand.as_deref().map(str::to_ascii_lowercase);
    let names = command_spec(&name, sub.as_deref())?;
    let shown = display_name(&name, sub.as_deref());
    if let Some((bad, _)) = raw
        .options
        .iter()
        .find(|(k, _)| !names.contains(&k.as_str()))
    {
        return Err(unknown_option(&shown, bad, names));
    }
    let get = |key: &str| {
        raw.options
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let required = |key: &str, example: &str| {
        get(key).ok_or_else(|| {
            UserError::new(format!(
                "`{shown}` needs `{key}`, e.g. `{shown} {example}`."
            ))
        })
    };
    let page = || -> Result<u32, UserError> {
        Ok(get("page")
            .map(|p| parse_page_option(&p))
            .transpose()?
            .unwrap_or(1))
    };
    Ok(match (name.as_str(), sub.as_deref()) {
        ("brief", Some("latest")) => Command::BriefLatest {
            section: get("section"),
        },
        ("brief", Some("date")) => Command::BriefDate {
            date: parse_date_option(&required("date", "2025-09-05")?, today)?,
            section: get("section"),
        },
        ("brief", Some("list")) => Command::BriefList { page: page()? },
        ("brief", Some("search")) => Command::BriefSearch {
            query: required("query", "security guarantees")?,
            page: page()?,
        },
        ("position", None) => {
            let actor = required("actor", "russia troops")?;
            let topic = required("topic", &format!("{actor} troops"))?;
            Command::Position {
                actor,
                topic,
                page: page()?,
            }
        }
        ("library", Some("add")) => Command::LibraryAdd {
            url: required("file", "file:<attachment>")?,
            filename: get("filename"),
        },
        ("library", Some("sources")) => Command::LibrarySources,
        ("subscribe", None) => Command::Subscribe {
            channel: get("channel").map(|c| parse_channel(&c)).transpose()?,
            sections: split_sections(get("sections")),
            role: get("role").map(|r| parse_role(&r)).transpose()?,
        },
        ("unsubscribe", None) => Command::Unsubscribe {
            channel: get("channel").map(|c| parse_channel(&c)).transpose()?,
        },
        ("schedule", Some("daily")) => Command::ScheduleDaily {
            time: required("time", "time:08:00")?,
            timezone: get("timezone"),
            channel: get("channel").map(|c| parse_channel(&c)).transpose()?,
            sections: split_sections(get("sections")),
            role: get("role").map(|r| parse_role(&r)).transpose()?,
        },
        ("schedule", Some("list")) => Command::ScheduleList,
        ("schedule", Some("remove")) => Command::ScheduleRemove {
            id: required("id", "id:daily-3")?,
        },
        ("schedule", Some("test")) => Command::ScheduleTest {
            id: required("id", "id:daily-3")?,
        },
        _ => Command::Help,
    })
}

/// A channel id, as Discord sends it or as a mention (`<#123>`).
fn parse_channel(value: &str) -> Result<u64, UserError> {
    let v = value.trim().trim_start_matches("<#").trim_end_matches('>');
    v.parse::<u64>().map_err(|_| {
        UserError::new(format!(
            "`channel`: {value:?} is not a channel; pick one from the list, or write <#id>."
        ))
    })
}

/// A role id, as Discord sends it or as a mention (`<@&123>`).
fn parse_role(value: &str) -> Result<u64, UserError> {
    let v = value.trim().trim_start_matches("<@&").trim_end_matches('>');
    v.parse::<u64>().ok().filter(|&id| id != 0).ok_or_else(|| {
        UserError::new(format!(
            "`role`: {value:?} is not a role; pick one from the list, or write <@&id>."
        ))
    })
}

/// `What Happened, Why It Matters` → two section names.
fn split_sections(value: Option<String>) -> Vec<String> {
    value
        .map(|v| {
            v.split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Parses a date option as people type it: `2025-09-05`, `2025/09/05`, `5 September 2025`,
/// `Sept 5` (the nearest such day up to `today`), `yesterday`.
pub fn parse_date_option(value: &str, today: NaiveDate) -> Result<NaiveDate, UserError> {
    crate::brief::parse::typed_date(value, today).ok_or_else(|| {
        UserError::new(format!(
            "`date`: {value:?} is not a date I can read. Write it as YYYY-MM-DD (2025-09-05), 5 September 2025, Sept 5, or yesterday."
        ))
    })
}

/// Parses a page option: a whole number from 1.
pub fn parse_page_option(value: &str) -> Result<u32, UserError> {
    match value.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(UserError::new(format!(
            "`page`: {value:?} is not a page number (1, 2, ...)."
        ))),
    }
}

/// Parses one command in its text form.
pub fn parse_command(text: &str, actors: &dyn ActorSplitter) -> Result<Command, UserError> {
    build_command(&parse_text(text, actors)?)
}

/// [`parse_command`] with the day that relative dates count from.
pub fn parse_command_on(
    text: &str,
    actors: &dyn ActorSplitter,
    today: NaiveDate,
) -> Result<Command, UserError> {
    build_command_on(&parse_text(text, actors)?, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn text_forms_parse_to_commands() {
        let cases: Vec<(&str, Command)> = vec![
            ("/brief latest", Command::BriefLatest { section: None }),
            (
                "brief latest why it matters",
                Command::BriefLatest {
                    section: Some("why it matters".into()),
                },
            ),
            (
                "/brief latest section:\"What Happened\"",
                Command::BriefLatest {
                    section: Some("What Happened".into()),
                },
            ),
            (
                "/brief date 2025-09-05",
                Command::BriefDate {
                    date: date("2025-09-05"),
                    section: None,
                },
            ),
            (
                "/brief date 2025-09-05 why",
                Command::BriefDate {
                    date: date("2025-09-05"),
                    section: Some("why".into()),
                },
            ),
            (
                "/brief date section:why date:2025-09-05",
                Command::BriefDate {
                    date: date("2025-09-05"),
                    section: Some("why".into()),
                },
            ),
            ("/brief list", Command::BriefList { page: 1 }),
            ("/brief list 3", Command::BriefList { page: 3 }),
            (
                "/brief search security guarantees",
                Command::BriefSearch {
                    query: "security guarantees".into(),
                    page: 1,
                },
            ),
            (
                "/brief search query:“reassurance force”",
                Command::BriefSearch {
                    query: "reassurance force".into(),
                    page: 1,
                },
            ),
            (
                "/position russia troops",
                Command::Position {
                    actor: "russia".into(),
                    topic: "troops".into(),
                    page: 1,
                },
            ),
            (
                "/position russia security guarantees",
                Command::Position {
                    actor: "russia".into(),
                    topic: "security guarantees".into(),
                    page: 1,
                },
            ),
            (
                "/position actor:\"united states\" topic:ceasefire",
                Command::Position {
                    actor: "united states".into(),
                    topic: "ceasefire".into(),
                    page: 1,
                },
            ),
            ("/help", Command::Help),
            ("  /HELP  ", Command::Help),
            // `page` is set by name only: bare words are the query, or actor and topic.
            (
                "/brief search talks in 2 rounds page:2",
                Command::BriefSearch {
                    query: "talks in 2 rounds".into(),
                    page: 2,
                },
            ),
            (
                "/position russia troops page:3",
                Command::Position {
                    actor: "russia".into(),
                    topic: "troops".into(),
                    page: 3,
                },
            ),
            (
                "/position page:2 actor:russia topic:troops",
                Command::Position {
                    actor: "russia".into(),
                    topic: "troops".into(),
                    page: 2,
                },
            ),
            // A word before a colon names an option only when the command has that option.
            (
                "/brief search talks at 10:00",
                Command::BriefSearch {
                    query: "talks at 10:00".into(),
                    page: 1,
                },
            ),
            (
                "/brief search query:\"10:00 talks\"",
                Command::BriefSearch {
                    query: "10:00 talks".into(),
                    page: 1,
                },
            ),
            (
                "/brief search note: ceasefire",
                Command::BriefSearch {
                    query: "note: ceasefire".into(),
                    page: 1,
                },
            ),
            (
                "/brief latest Section:why",
                Command::BriefLatest {
                    section: Some("why".into()),
                },
            ),
            (
                "/schedule daily 08:00",
                Command::ScheduleDaily {
                    time: "08:00".into(),
                    timezone: None,
                    channel: None,
                    sections: vec![],
                    role: None,
                },
            ),
            (
                "/schedule daily time:08:00 timezone:Europe/Kyiv",
                Command::ScheduleDaily {
                    time: "08:00".into(),
                    timezone: Some("Europe/Kyiv".into()),
                    channel: None,
                    sections: vec![],
                    role: None,
                },
            ),
            (
                "/schedule daily 18:30 Europe/Kyiv <#42> sections:\"What Happened, Why It Matters\"",
                Command::ScheduleDaily {
                    time: "18:30".into(),
                    timezone: Some("Europe/Kyiv".into()),
                    channel: Some(42),
                    sections: vec!["What Happened".into(), "Why It Matters".into()],
                    role: None,
                },
            ),
            // `role` is set by name only: the sections before it keep every word.
            (
                "/subscribe <#42> What Happened, Why It Matters role:<@&555>",
                Command::Subscribe {
                    channel: Some(42),
                    sections: vec!["What Happened".into(), "Why It Matters".into()],
                    role: Some(555),
                },
            ),
            (
                "/schedule daily 08:00 role:555",
                Command::ScheduleDaily {
                    time: "08:00".into(),
                    timezone: None,
                    channel: None,
                    sections: vec![],
                    role: Some(555),
                },
            ),
            (
                "/schedule remove daily-3",
                Command::ScheduleRemove {
                    id: "daily-3".into(),
                },
            ),
            // Moderators' library actions: a top-level command of their own.
            ("/library sources", Command::LibrarySources),
            ("/LIBRARY Sources", Command::LibrarySources),
            (
                "/library add https://cdn.discordapp.com/attachments/1/2/brief.md",
                Command::LibraryAdd {
                    url: "https://cdn.discordapp.com/attachments/1/2/brief.md".into(),
                    filename: None,
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_command(text, &FirstWord).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn dates_people_type_pick_that_day() {
        let today = date("2025-09-12");
        let cases = [
            ("/brief date 2025-09-05", "2025-09-05"),
            ("/brief date 2025/09/05", "2025-09-05"),
            ("/brief date 5 September 2025", "2025-09-05"),
            ("/brief date September 5, 2025", "2025-09-05"),
            ("/brief date Sept 5", "2025-09-05"),
            ("/brief date date:\"sept 5th\" section:why", "2025-09-05"),
            ("/brief date Sept 13", "2024-09-13"),
            ("/brief date yesterday", "2025-09-11"),
            ("/brief date today", "2025-09-12"),
        ];
        for (text, want) in cases {
            match parse_command_on(text, &FirstWord, today) {
                Ok(Command::BriefDate { date: d, .. }) => assert_eq!(d, date(want), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        // The longest run of words that reads as a date is the date; the rest, the section.
        for (text, want, section) in [
            ("/brief date Sept 5 why", "2025-09-05", "why"),
            (
                "/brief date 5 September 2025 why it matters",
                "2025-09-05",
                "why it matters",
            ),
            (
                "/brief date 2025-09-05 what happened",
                "2025-09-05",
                "what happened",
            ),
        ] {
            assert_eq!(
                parse_command_on(text, &FirstWord, today).unwrap(),
                Command::BriefDate {
                    date: date(want),
                    section: Some(section.into())
                },
                "{text}"
            );
        }
    }

    #[test]
    fn bad_text_forms_say_what_is_wrong() {
        let cases = [
            ("/brief", "needs a subcommand"),
            ("/brief yesterday", "no subcommand `yesterday`"),
            ("/brief date", "needs `date`"),
            ("/brief date 05/09/2025", "YYYY-MM-DD"),
            ("/brief date 2025-02-30", "not a date"),
            ("/brief list zero", "not a page number"),
            ("/brief list 0", "not a page number"),
            ("/help colour:red", "no option `colour`"),
            ("/schedule list at:08:00", "no option `at`"),
            ("/schedule daily", "needs `time`"),
            ("/subscribe role:@everyone", "is not a role"),
            ("/subscribe role:0", "is not a role"),
            ("/brief search", "needs `query`"),
            ("/brief search talks page:0", "not a page number"),
            ("/position russia troops page:two", "not a page number"),
            ("/brief search \"open", "not closed"),
            ("/position russia", "needs `topic`"),
            ("/position", "needs `actor`"),
            ("/help me", "left over"),
            ("/weather", "no command `/weather`"),
            // The old spellings name the new one.
            ("/brief add file:x.md", "`/brief add` is now `/library add`"),
            ("/sources", "`/sources` is now `/library sources`"),
            ("/library", "needs a subcommand: add, sources"),
            (
                "/library remove",
                "no subcommand `remove`: try add, sources",
            ),
            ("/library add", "needs `file`"),
            ("/brief", "latest, date, list, search."),
        ];
        for (text, want) in cases {
            let err = parse_command(text, &FirstWord).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
