//! The command layer: a parsed [`Command`] in, a platform-neutral [`Reply`] out. The CLI's
//! `ask` and the Discord front end call the very same [`respond`].

pub mod autocomplete;
mod brief;
mod help;
mod library;
mod moderation;
pub mod parse;
mod position;

use chrono::NaiveDate;

pub use parse::{
    build_command, build_command_on, parse_command, parse_command_on, parse_text, ActorSplitter,
    FirstWord, RawCommand,
};

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
        page: u32,
    },
    /// `page` comes from the `page` option or from pagination buttons.
    Position {
        actor: String,
        topic: String,
        page: u32,
    },
    /// Moderators (`/library add`): a brief from an attached file (`url` is Discord's CDN
    /// link).
    LibraryAdd {
        url: String,
        filename: Option<String>,
    },
    /// Moderators (`/library sources`): the configured HTTP sources and their status.
    LibrarySources,
    Subscribe {
        channel: Option<u64>,
        sections: Vec<String>,
        /// A role each post mentions.
        role: Option<u64>,
    },
    Unsubscribe {
        channel: Option<u64>,
    },
    ScheduleDaily {
        time: String,
        timezone: Option<String>,
        channel: Option<u64>,
        sections: Vec<String>,
        role: Option<u64>,
    },
    ScheduleList,
    ScheduleRemove {
        id: String,
    },
    /// Moderators: post what a schedule or subscription would post, now.
    ScheduleTest {
        id: String,
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

/// Who is asking, as far as the command layer needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invoker {
    pub user_id: u64,
    /// None in a direct message (and on the command line).
    pub guild_id: Option<u64>,
    pub channel_id: Option<u64>,
    /// Manage Server, Administrator, or a configured moderator role.
    pub moderator: bool,
    /// Asking from where briefs may be published (`discord.publisher_guilds`, else
    /// `discord.guilds`), or at the server's command line. The library and its
    /// subscribers are shared by every server, so moderating one is not enough.
    pub publisher: bool,
}

impl Invoker {
    /// The person at the server's command line: a moderator, in no guild.
    pub fn operator() -> Invoker {
        Invoker {
            moderator: true,
            publisher: true,
            ..Invoker::default()
        }
    }
}

/// Everything a handler may read for one request.
pub struct Context<'a> {
    pub store: &'a Store,
    /// Briefs per page of `/brief list`.
    pub list_page_size: usize,
    pub invoker: Invoker,
    /// The `/position` index, when the front end has built it.
    pub positions: Option<&'a crate::positions::PositionIndex>,
    /// Zone for `/schedule daily` when none is given.
    pub default_timezone: &'a str,
    /// Called after a moderator's change is flushed, so the delivery engine looks again.
    pub on_change: &'a (dyn Fn() + Sync),
    /// A built full-text index, when the front end keeps one; otherwise `/brief search`
    /// builds one for the request.
    pub search: Option<&'a crate::search::SearchIndex>,
    /// The configured HTTP sources, for `/library sources`.
    pub sources: &'a [crate::config::SourceConfig],
    /// Downloads, parses and stores an attached brief for `/library add`; None where
    /// attachments cannot be fetched.
    pub add_attachment: Option<&'a AddAttachment<'a>>,
    /// Posts to a channel now, for `/schedule test`; None where nothing can be posted.
    pub post_now: Option<&'a PostNow<'a>>,
}

/// `(channel, reply)` → how many messages were posted, or why not (safe to show).
pub type PostNow<'a> = dyn Fn(u64, &Reply) -> Result<usize, String> + Send + Sync + 'a;

/// `(url, file name)` → what storing it did, or why it was not stored (safe to show).
pub type AddAttachment<'a> =
    dyn Fn(&str, &str) -> Result<crate::store::PutOutcome, String> + Sync + 'a;

enum Failure {
    User(UserError),
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl From<UserError> for Failure {
    fn from(e: UserError) -> Self {
        Failure::User(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Internal(Box::new(e))
    }
}

impl From<crate::search::SearchError> for Failure {
    fn from(e: crate::search::SearchError) -> Self {
        Failure::Internal(Box::new(e))
    }
}

type Handled = Result<Reply, Failure>;

/// Section headings across the library, most used first: from the front end's search index
/// when it keeps one, else read from the store.
fn library_sections(ctx: &Context) -> Result<Vec<String>, StoreError> {
    match ctx.search {
        Some(index) => Ok(index.section_names().to_vec()),
        None => Ok(crate::brief::section_names(&ctx.store.all_briefs()?)),
    }
}

/// Answers one command. Refusals and "nothing found" come back as ephemeral notices; an
/// internal error is logged in full and shown only as a short apology.
pub fn respond(ctx: &Context, cmd: &Command) -> Reply {
    let result = match cmd {
        Command::BriefLatest { section } => brief::latest(ctx, section.as_deref()),
        Command::BriefDate { date, section } => brief::on_date(ctx, *date, section.as_deref()),
        Command::BriefList { page } => brief::list(ctx, *page),
        Command::BriefSearch { query, page } => brief::search(ctx, query, *page),
        Command::Position { actor, topic, page } => match ctx.positions {
            Some(index) => position::position(index, actor, topic, *page),
            None => Err(Failure::User(UserError::new(
                "/position is still loading; try again in a moment, or use `/brief search`.",
            ))),
        },
        Command::LibraryAdd { url, filename } => library::add(ctx, url, filename.as_deref()),
        Command::LibrarySources => library::sources(ctx),
        Command::Subscribe {
            channel,
            sections,
            role,
        } => moderation::subscribe(ctx, *channel, sections, *role),
        Command::Unsubscribe { channel } => moderation::unsubscribe(ctx, *channel),
        Command::ScheduleDaily {
            time,
            timezone,
            channel,
            sections,
            role,
        } => moderation::schedule_daily(ctx, time, timezone.as_deref(), *channel, sections, *role),
        Command::ScheduleList => moderation::schedule_list(ctx),
        Command::ScheduleRemove { id } => moderation::schedule_remove(ctx, id),
        Command::ScheduleTest { id } => moderation::schedule_test(ctx, id),
        Command::Help => Ok(help::help()),
    };
    match result {
        Ok(reply) => reply,
        Err(Failure::User(e)) => Reply::error(e.to_string()),
        Err(Failure::Internal(e)) => {
            tracing::error!(error = %e, command = ?cmd, "command failed");
            Reply::error("Something went wrong reading the brief library; the error was logged for the bot's operator. Try again in a moment.")
        }
    }
}

/// Buttons carry a custom id that names the command they stand for; the front end routes
/// a click back here. `brief-list:3` is page 3 of `/brief list`.
pub fn button_command(custom_id: &str) -> Option<Command> {
    let (kind, arg) = custom_id.split_once(':')?;
    match kind {
        "position" => {
            let (page, actor, topic) = position::parse_button(arg)?;
            Some(Command::Position { actor, topic, page })
        }
        "brief-list" => Some(Command::BriefList {
            page: arg.parse().ok().filter(|&p| p >= 1)?,
        }),
        _ => None,
    }
}

/// Parses the text form and answers it; a malformed command gets an ephemeral explanation.
pub fn respond_text(ctx: &Context, text: &str, actors: &dyn ActorSplitter) -> Reply {
    match parse_command(text, actors) {
        Ok(cmd) => respond(ctx, &cmd),
        Err(e) => Reply::error(e.to_string()),
    }
}
