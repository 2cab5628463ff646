//! The running library: the store and config (and, as they land, in-memory indexes) that
//! every front end answers from. Discord handlers share one `App` behind an `Arc`; the CLI
//! builds one per invocation.

use crate::commands::autocomplete::{self, Choice};
use crate::commands::{build_command, respond, Command, Context, FirstWord, Invoker, RawCommand};
use crate::config::Config;
use crate::reply::Reply;
use crate::store::{Store, StoreError};

pub struct App {
    pub store: Store,
    pub config: Config,
}

impl App {
    pub fn new(store: Store, config: Config) -> App {
        App { store, config }
    }

    fn context(&self, invoker: Invoker) -> Context<'_> {
        Context {
            store: &self.store,
            list_page_size: self.config.list_page_size,
            invoker,
        }
    }

    pub fn respond(&self, cmd: &Command, invoker: Invoker) -> Reply {
        respond(&self.context(invoker), cmd)
    }

    /// Validates options as a front end received them, then answers; a bad option gets an
    /// ephemeral explanation.
    pub fn respond_raw(&self, raw: &RawCommand, invoker: Invoker) -> Reply {
        match build_command(raw) {
            Ok(cmd) => self.respond(&cmd, invoker),
            Err(e) => Reply::notice(e.to_string()),
        }
    }

    /// Answers a command in its text form (`briefbot ask`).
    pub fn respond_text(&self, text: &str, invoker: Invoker) -> Reply {
        crate::commands::respond_text(&self.context(invoker), text, &FirstWord)
    }

    /// Autocomplete for the focused `option` of `command` ("brief date", "position").
    pub fn suggest(
        &self,
        command: &str,
        option: &str,
        typed: &str,
        _raw: &RawCommand,
    ) -> Vec<Choice> {
        autocomplete::suggest(&self.context(Invoker::default()), command, option, typed)
    }

    /// Section headings across the library, most common first: the choices offered for
    /// `/brief ... section`.
    pub fn section_names(&self, max: usize) -> Result<Vec<String>, StoreError> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for b in self.store.all_briefs()? {
            for s in b.sections {
                match counts.iter_mut().find(|(h, _)| *h == s.heading) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((s.heading, 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts.into_iter().take(max).map(|(h, _)| h).collect())
    }
}
