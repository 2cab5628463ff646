//! The command layer: a parsed [`Command`] in, a platform-neutral [`Reply`] out. The CLI's
//! `ask` and the Discord front end call the very same [`respond`].

mod brief;
mod help;
pub mod parse;

use chrono::NaiveDate;

pub use parse::{parse_command, ActorSplitter, FirstWord};

use crate::reply::Reply;
use crate::store::{Store, StoreError};

/// One request, whatever front end it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    BriefLatest {
        section: Option<String>,
    },
    BriefDate {
        date: NaiveDate,
        section: Option<String>,
    },
    BriefList {
        page: u32,
    },
    BriefSearch {
        query: String,
    },
    Position {
        actor: String,
        topic: String,
    },
    Help,
}

/// A problem with the request itself. Its message is safe to show in Discord and says
/// what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UserError(String);

impl UserError {
    pub fn new(message: impl Into<String>) -> UserError {
        UserError(message.into())
    }
}

/// Everything a handler may read.
pub struct Context<'a> {
    pub store: &'a Store,
    /// Briefs per page of `/brief list`.
    pub list_page_size: usize,
}

enum Failure {
    User(UserError),
    Internal(StoreError),
}

impl From<UserError> for Failure {
    fn from(e: UserError) -> Self {
        Failure::User(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Internal(e)
    }
}

type Handled = Result<Reply, Failure>;

/// Answers one command. Refusals and "nothing found" come back as ephemeral notices; an
/// internal error is logged in full and shown only as a short apology.
pub fn respond(ctx: &Context, cmd: &Command) -> Reply {
    let result = match cmd {
        Command::BriefLatest { section } => brief::latest(ctx, section.as_deref()),
        Command::BriefDate { date, section } => brief::on_date(ctx, *date, section.as_deref()),
        Command::BriefList { page } => brief::list(ctx, *page),
        Command::BriefSearch { query } => brief::search(ctx, query),
        Command::Position { .. } => Err(Failure::User(UserError::new(
            "/position is not available yet in this build. Try `/brief search` with the actor and topic.",
        ))),
        Command::Help => Ok(help::help()),
    };
    match result {
        Ok(reply) => reply,
        Err(Failure::User(e)) => Reply::notice(e.to_string()),
        Err(Failure::Internal(e)) => {
            tracing::error!(error = %e, command = ?cmd, "command failed");
            Reply::notice("Something went wrong reading the brief library; the error was logged for the bot's operator. Try again in a moment.")
        }
    }
}

/// Parses the text form and answers it; a malformed command gets an ephemeral explanation.
pub fn respond_text(ctx: &Context, text: &str, actors: &dyn ActorSplitter) -> Reply {
    match parse_command(text, actors) {
        Ok(cmd) => respond(ctx, &cmd),
        Err(e) => Reply::notice(e.to_string()),
    }
}
