//! The text form of a slash command, as typed to `briefbot ask`:
//! `/brief date 2025-09-05 why`, `/position actor:"united states" topic:ceasefire`.
//! Bare words fill the options in order, the last option taking the rest; `name:value`
//! (value quoted if it has spaces) sets an option by name.

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

/// Words, quoted strings ("..." or “...”) and `name:value` pairs.
fn tokenize(s: &str) -> Result<Vec<Token>, UserError> {
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
                    && !word.is_empty()
                    && word.chars().all(|w| w.is_ascii_alphanumeric() || w == '_')
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

/// The options of one command, filled from tokens.
struct Options {
    command: &'static str,
    names: &'static [&'static str],
    values: Vec<Option<String>>,
}

impl Options {
    fn fill(
        command: &'static str,
        names: &'static [&'static str],
        tokens: Vec<Token>,
    ) -> Result<Options, UserError> {
        let mut values: Vec<Option<String>> = vec![None; names.len()];
        let mut bare = Vec::new();
        for t in tokens {
            match t {
                Token::Named(n, v) => {
                    let Some(i) = names.iter().position(|&k| k == n) else {
                        return Err(unknown_option(command, &n, names));
                    };
                    values[i] = Some(v);
                }
                Token::Word(w) => bare.push(w),
            }
        }
        // Bare words fill the options not given by name, in order; the last takes the rest.
        let free: Vec<usize> = (0..names.len()).filter(|&i| values[i].is_none()).collect();
        let mut words = bare.into_iter();
        for (n, &i) in free.iter().enumerate() {
            let v: Vec<String> = if n + 1 == free.len() {
                words.by_ref().collect()
            } else {
                words.next().into_iter().collect()
            };
            if !v.is_empty() {
                values[i] = Some(v.join(" "));
            }
        }
        if let Some(extra) = words.next() {
            return Err(UserError::new(format!(
                "`{command}` got more than it takes: {extra:?} is left over. Options: {}.",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )));
        }
        Ok(Options {
            command,
            names,
            values,
        })
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let i = self.names.iter().position(|&n| n == name)?;
        self.values[i]
            .take()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn required(&mut self, name: &str, example: &str) -> Result<String, UserError> {
        self.take(name).ok_or_else(|| {
            UserError::new(format!(
                "`{}` needs `{name}`, e.g. `{} {example}`.",
                self.command, self.command
            ))
        })
    }
}

fn unknown_option(command: &str, name: &str, names: &[&str]) -> UserError {
    let valid = if names.is_empty() {
        "it takes none".to_string()
    } else {
        format!("it takes {}", names.join(", "))
    };
    UserError::new(format!("`{command}` has no option `{name}`: {valid}."))
}

/// Parses a date option: `YYYY-MM-DD`.
pub fn parse_date_option(value: &str) -> Result<NaiveDate, UserError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        UserError::new(format!(
            "`date`: {value:?} is not a date in YYYY-MM-DD form, e.g. 2025-09-05."
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

const BRIEF_SUBCOMMANDS: &str = "latest, date, list, search";

/// Parses one command in its text form.
pub fn parse_command(text: &str, actors: &dyn ActorSplitter) -> Result<Command, UserError> {
    let text = text.trim();
    let text = text.strip_prefix('/').unwrap_or(text);
    let (name, rest) = match text.split_once(char::is_whitespace) {
        Some((n, r)) => (n, r),
        None => (text, ""),
    };
    match name.to_ascii_lowercase().as_str() {
        "brief" => {
            let (sub, rest) = match rest.trim().split_once(char::is_whitespace) {
                Some((s, r)) => (s.to_string(), r),
                None => (rest.trim().to_string(), ""),
            };
            let tokens = tokenize(rest)?;
            match sub.to_ascii_lowercase().as_str() {
                "latest" => {
                    let mut o = Options::fill("/brief latest", &["section"], tokens)?;
                    Ok(Command::BriefLatest {
                        section: o.take("section"),
                    })
                }
                "date" => {
                    let mut o = Options::fill("/brief date", &["date", "section"], tokens)?;
                    let date = parse_date_option(&o.required("date", "2025-09-05")?)?;
                    Ok(Command::BriefDate {
                        date,
                        section: o.take("section"),
                    })
                }
                "list" => {
                    let mut o = Options::fill("/brief list", &["page"], tokens)?;
                    let page = o.take("page").map(|p| parse_page_option(&p)).transpose()?;
                    Ok(Command::BriefList {
                        page: page.unwrap_or(1),
                    })
                }
                "search" => {
                    let mut o = Options::fill("/brief search", &["query"], tokens)?;
                    Ok(Command::BriefSearch {
                        query: o.required("query", "security guarantees")?,
                    })
                }
                "" => Err(UserError::new(format!(
                    "`/brief` needs a subcommand: {BRIEF_SUBCOMMANDS}."
                ))),
                other => Err(UserError::new(format!(
                    "`/brief` has no subcommand `{other}`: try {BRIEF_SUBCOMMANDS}."
                ))),
            }
        }
        "position" => {
            let tokens = tokenize(rest)?;
            let named = tokens.iter().any(|t| matches!(t, Token::Named(..)));
            let mut o = Options::fill("/position", &["actor", "topic"], tokens)?;
            if !named {
                // Bare words: the longest known actor name at the start is the actor.
                let words = [o.take("actor"), o.take("topic")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let (actor, topic) = actors.split_actor_topic(&words);
                o.values = vec![Some(actor), Some(topic)];
            }
            let actor = o.required("actor", "russia troops")?;
            let topic = o.required("topic", &format!("{actor} troops"))?;
            Ok(Command::Position { actor, topic })
        }
        "help" => {
            Options::fill("/help", &[], tokenize(rest)?)?;
            Ok(Command::Help)
        }
        "" => Err(UserError::new(
            "Type a command, e.g. `/brief latest` or `/help`.",
        )),
        other => Err(UserError::new(format!(
            "There is no command `/{other}`. Commands: /brief, /position, /help."
        ))),
    }
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
                },
            ),
            (
                "/brief search query:“reassurance force”",
                Command::BriefSearch {
                    query: "reassurance force".into(),
                },
            ),
            (
                "/position russia troops",
                Command::Position {
                    actor: "russia".into(),
                    topic: "troops".into(),
                },
            ),
            (
                "/position russia security guarantees",
                Command::Position {
                    actor: "russia".into(),
                    topic: "security guarantees".into(),
                },
            ),
            (
                "/position actor:\"united states\" topic:ceasefire",
                Command::Position {
                    actor: "united states".into(),
                    topic: "ceasefire".into(),
                },
            ),
            ("/help", Command::Help),
            ("  /HELP  ", Command::Help),
        ];
        for (text, want) in cases {
            assert_eq!(parse_command(text, &FirstWord).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn bad_text_forms_say_what_is_wrong() {
        let cases = [
            ("/brief", "needs a subcommand"),
            ("/brief yesterday", "no subcommand `yesterday`"),
            ("/brief date", "needs `date`"),
            ("/brief date 05/09/2025", "not a date in YYYY-MM-DD"),
            ("/brief date 2025-02-30", "not a date"),
            ("/brief list zero", "not a page number"),
            ("/brief list 0", "not a page number"),
            ("/brief latest colour:red", "no option `colour`"),
            ("/brief search", "needs `query`"),
            ("/brief search \"open", "not closed"),
            ("/position russia", "needs `topic`"),
            ("/position", "needs `actor`"),
            ("/help me", "left over"),
            ("/weather", "no command `/weather`"),
        ];
        for (text, want) in cases {
            let err = parse_command(text, &FirstWord).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
