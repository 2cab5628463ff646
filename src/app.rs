//! The running library: the store, the config, the `/position` lexicons and index that
//! every front end answers from. Discord handlers share one `App` behind an `Arc`; the CLI
//! opens one per invocation.

use std::path::{Path, PathBuf};
use std::sync::{
    Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError,
};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::brief::Brief;
use crate::commands::autocomplete::{self, Choice};
use crate::commands::{
    build_command_on, parse_command_on, respond, ActorSplitter, Command, Context, Invoker,
    RawCommand,
};
use crate::config::Config;
use crate::ingest::{self, FileReport};
use crate::positions::{
    analyze, Elsewhere, LexiconError, Lexicons, PositionIndex, Saved, SavedRead,
};
use crate::reply::Reply;
use crate::search::{self, Opened, SearchError, SearchIndex, Stamp};
use crate::sources::fetch::FetchError;
use crate::store::{PutOutcome, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

/// Why an index a command needs could not be had.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Logs an internal failure with its cause and gives the moderator a sentence that shows
/// nothing of it.
fn internal(what: &str, e: &dyn std::fmt::Display) -> String {
    tracing::error!(error = %e, "{what}");
    "sorry, something went wrong on the bot's side; the error was logged for its operator"
        .to_string()
}

/// What an uploaded brief is remembered by: `discord-attachment:{id}` from the CDN link
/// (`/attachments/{channel}/{attachment}/{name}`), else the hash of its bytes.
fn attachment_source(url: &str, bytes: &[u8]) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.split('/').skip_while(|p| *p != "attachments").skip(2);
    match parts.next() {
        Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
            format!("discord-attachment:{id}")
        }
        _ => {
            use sha2::Digest;
            let sum: String = sha2::Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("discord-attachment:sha256:{sum}")
        }
    }
}

/// A panic while a lock was held (an index rebuild) leaves the old value in place: the slot
/// is only assigned once the new index is built. So a poisoned lock is still good to use,
/// and every later command is answered rather than panicking until a restart.
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Files stored between two flushes (and reports) of a long ingest.
pub const INGEST_BATCH_FILES: usize = 200;
/// The longest a long ingest goes without a flush and a report.
pub const INGEST_BATCH_EVERY: Duration = Duration::from_secs(1);
/// Writer threads for a build of the search index, at most.
const SEARCH_BUILD_THREADS: usize = 1;
/// Chunks prepared ahead of the one being stored: enough that a flush of the store does
/// not leave the preparing threads waiting.
const PREPARED_CHUNKS_AHEAD: usize = 3;
/// Files prepared (read, parsed, analysed) in parallel before they are stored in order:
/// enough to keep every core busy, few enough that a kill loses little unflushed work.
const PREPARE_CHUNK_FILES: usize = 64;

/// The `/position` index in use, and the store's state it holds every claim of (it may
/// hold some written later too): catching up from there reads again only the briefs the
/// store's log of claims writes names since.
#[derive(Clone)]
struct HeldIndex {
    index: Arc<PositionIndex>,
    at: Stamp,
}

pub struct App {
    pub store: Store,
    pub config: Config,
    pub lexicons: Lexicons,
    /// Built or read on first use (a CLI `ask '/brief latest'` never needs it) and kept
    /// current as briefs arrive.
    positions: RwLock<Option<HeldIndex>>,
    /// The store's state the data directory's `/position` index was last read or saved
    /// at, so the same state is not written again. Held while saving: saves take turns.
    positions_saved: Mutex<Option<Stamp>>,
    /// The store's state at which the saved `/position` index was last found unusable, and
    /// why: `run`'s look at start and the build that follows read and report it once.
    positions_refused: Mutex<Option<(Stamp, &'static str)>>,
    /// Whether a `/position` asked before any index is held waits for the index, read from
    /// the data directory or built and saved there (the command line), rather than take
    /// the store path (the bot, which reads it at start-up or builds it in the background).
    positions_on_demand: bool,
    /// The saved `/position` index, being read on a thread since before the store opened
    /// ([`App::positions_on_demand_from`]); taken by the first look at it.
    positions_prefetch: Mutex<Option<JoinHandle<SavedRead<Stamp>>>>,
    /// Called after a moderator's change is flushed; the bot points it at the delivery
    /// engine's wake-up.
    on_change: Box<dyn Fn() + Send + Sync>,
    /// Called with the id of each brief added outside the folder watcher (`/brief add`,
    /// sources); the bot points it at the delivery engine.
    on_new_brief: Box<dyn Fn(String) + Send + Sync>,
    /// Posts a reply to a channel now (`/schedule test`); the bot points it at the delivery
    /// engine. None on the command line, which has no connection to post with.
    post_now: Option<Box<crate::commands::PostNow<'static>>>,
    /// The full-text index in use, which knows the store state it was built from
    /// (`SearchIndex::stamp`); replaced when any brief changed (by whatever path).
    search: RwLock<Option<Arc<SearchIndex>>>,
    /// Held by the one caller that opens or builds the search index; others answer from
    /// the index it replaces meanwhile, when there is one.
    search_build: Mutex<()>,
    /// Called once per batch of briefs added or changed, after they are flushed; the bot
    /// points it at its background rebuild of the search index.
    on_briefs_changed: Box<dyn Fn() + Send + Sync>,
}

impl App {
    /// Loads the lexicons and makes sure every stored brief has claims made with them:
    /// all are rebuilt when the lexicons or the engine changed, missing ones are added.
    pub fn open(store: Store, config: Config) -> Result<App, AppError> {
        let lexicons = with_wordnet(
            Lexicons::load_or_builtin(&config.actors_file, &config.topics_file)?,
            &config.wordnet_dir,
        );
        let app = App {
            store,
            config,
            lexicons,
            positions: RwLock::new(None),
            positions_saved: Mutex::new(None),
            positions_refused: Mutex::new(None),
            positions_on_demand: false,
            positions_prefetch: Mutex::new(None),
            on_change: Box::new(|| {}),
            on_new_brief: Box::new(|_| {}),
            post_now: None,
            search: RwLock::new(None),
            search_build: Mutex::new(()),
            on_briefs_changed: Box::new(|| {}),
        };
        app.sync_claims()?;
        Ok(app)
    }

    /// The full-text index for `/brief search`: the one in memory while it matches the
    /// store, else the data directory's when that does, else built again from the store and
    /// saved there. While one caller builds, others answer from the index it replaces.
    pub fn search_index(&self) -> Result<Arc<SearchIndex>, IndexError> {
        let now = self.store.stamp()?;
        let held = read(&self.search).clone();
        if let Some(idx) = &held {
            if idx.stamp() == Some(now) {
                return Ok(idx.clone());
            }
        }
        let _building = match self.search_build.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            // Behind by the batch being indexed, for the seconds the build takes.
            Err(TryLockError::WouldBlock) => match held {
                Some(idx) => return Ok(idx),
                None => lock(&self.search_build),
            },
        };
        let now = self.store.stamp()?;
        if let Some(idx) = read(&self.search).as_ref() {
            if idx.stamp() == Some(now) {
                return Ok(idx.clone());
            }
        }
        let idx = Arc::new(self.open_or_build_search(now)?);
        *write(&self.search) = Some(idx.clone());
        Ok(idx)
    }

    /// The data directory's index when it matches `now`, or caught up with the briefs
    /// written since its state when the store's log reaches back to it; else one built and
    /// saved there, with one log line saying why. When it cannot be saved (a read-only or
    /// full disk), one built in memory: search keeps answering.
    fn open_or_build_search(&self, now: Stamp) -> Result<SearchIndex, IndexError> {
        let data_dir = self.store.dir();
        let why = match search::open_on_disk(data_dir, &now) {
            Opened::Fresh(idx) => return Ok(idx),
            Opened::Stale { index, built } => {
                // Others answer from it meanwhile, when nothing newer is in memory.
                let index = Arc::new(index);
                {
                    let mut slot = write(&self.search);
                    if slot.is_none() {
                        *slot = Some(index.clone());
                    }
                }
                if let Some(caught_up) = self.catch_up_search(&index, built)? {
                    return Ok(caught_up);
                }
                format!(
                    "stale: built at generation {} of library {:x}, the store is at {} of {:x}",
                    built.generation, built.library, now.generation, now.library
                )
            }
            Opened::Missing => "missing".to_string(),
            Opened::Unreadable(e) => format!("unreadable: {e}"),
        };
        let started = Instant::now();
        match self.build_search_on_disk(now) {
            Ok(idx) => {
                tracing::info!(
                    reason = %why,
                    path = %data_dir.join(search::INDEX_DIR).display(),
                    briefs = idx.brief_count(),
                    passages = idx.passage_count(),
                    ms = started.elapsed().as_millis() as u64,
                    "search index rebuilt"
                );
                Ok(idx)
            }
            Err(IndexError::Search(e)) => {
                tracing::warn!(
                    reason = %why,
                    error = %e,
                    "search index not saved; searching one built in memory"
                );
                Ok(SearchIndex::build(&self.store.all_briefs()?)?)
            }
            Err(e) => Err(e),
        }
    }

    /// `index` (of the store at `built`) with the passages of every brief written since
    /// replaced; `None` when the store's log does not reach back to `built`, or the catch-up
    /// failed (logged: a build follows).
    fn catch_up_search(
        &self,
        index: &SearchIndex,
        built: Stamp,
    ) -> Result<Option<SearchIndex>, StoreError> {
        if built.library != self.store.library_id()? {
            return Ok(None);
        }
        let Some((upto, ids)) = self.store.claims_written_since(built.generation)? else {
            return Ok(None);
        };
        // The state the index will name must survive a crash: else the store could come
        // back behind it, then move on to that generation with other briefs.
        self.store.flush()?;
        let started = Instant::now();
        let changed = ids
            .into_iter()
            .map(|id| {
                let brief = self.store.brief(&id)?;
                Ok((id, brief))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let upto = Stamp {
            generation: upto,
            ..built
        };
        match search::catch_up(index, &changed, upto) {
            Ok(idx) => {
                tracing::info!(
                    briefs = changed.len(),
                    from = built.generation,
                    to = upto.generation,
                    ms = started.elapsed().as_millis() as u64,
                    "search index caught up with the briefs stored since"
                );
                Ok(Some(idx))
            }
            Err(error) => {
                tracing::warn!(%error, "search index could not catch up; building it again");
                Ok(None)
            }
        }
    }

    fn build_search_on_disk(&self, now: Stamp) -> Result<SearchIndex, IndexError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(SEARCH_BUILD_THREADS);
        // The state the index will name must survive a crash (see `catch_up_search`).
        self.store.flush()?;
        let mut build = search::Rebuild::start(self.store.dir(), now, threads)?;
        self.store.for_each_brief(|b| build.add(&b))?;
        Ok(build.finish()?)
    }

    /// Runs `f` after each flushed batch that added or changed briefs.
    pub fn set_on_briefs_changed(&mut self, f: impl Fn() + Send + Sync + 'static) {
        self.on_briefs_changed = Box::new(f);
    }

    /// Runs `f` with the id of every brief added by `/brief add`.
    pub fn set_on_new_brief(&mut self, f: impl Fn(String) + Send + Sync + 'static) {
        self.on_new_brief = Box::new(f);
    }

    /// `/brief add`: downloads a Discord attachment (Discord's CDN only, with the fetch
    /// limits), stores it like a file, and hands a new brief to `on_new_brief`. Needs the
    /// bot's runtime; called from a blocking task. The error is a sentence safe to show:
    /// internal failures are logged and shown only as an apology.
    pub fn add_attachment(&self, url: &str, filename: &str) -> Result<PutOutcome, String> {
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| "attachments can only be fetched by the running bot".to_string())?;
        let fetcher = crate::sources::fetch::Fetcher::new(&self.config.fetch)
            .map_err(|e| internal("could not build the HTTP client", &e))?;
        let body = handle
            .block_on(fetcher.discord_attachment(url))
            .map_err(|e| match e {
                // The bot's own connection to Discord's CDN failed: nothing the moderator
                // can act on, and the client's text carries the signed link.
                FetchError::Resolve { .. } | FetchError::Timeout { .. } | FetchError::Http(_) => {
                    internal("could not download an attached brief", &e)
                }
                // A refusal or a limit, named without any credential: safe to show.
                _ => e.to_string(),
            })?;
        self.store_attachment(url, filename, &body.bytes)
    }

    /// Stores a downloaded attachment. It is remembered by its attachment id (from the CDN
    /// link), not its file name: Discord names all pasted text `message.txt`, and two
    /// uploads are two briefs unless their text is the same.
    pub fn store_attachment(
        &self,
        url: &str,
        filename: &str,
        bytes: &[u8],
    ) -> Result<PutOutcome, String> {
        let now = ingest::now_unix();
        let source = attachment_source(url, bytes);
        let outcome = ingest::ingest_bytes(
            &self.store,
            bytes,
            filename,
            &source,
            self.config.max_brief_bytes,
            now,
            Some(&self.lexicons),
        )
        .map_err(|e| internal("could not store an attached brief", &e))?
        .map_err(|rejection| rejection.to_string())?;
        self.store
            .flush()
            .map_err(|e| internal("could not flush an attached brief", &e))?;
        let changed: &[String] = match &outcome {
            PutOutcome::Added { id } | PutOutcome::Updated { id, .. } => std::slice::from_ref(id),
            PutOutcome::Unchanged { .. } => &[],
        };
        let added: &[String] = match &outcome {
            PutOutcome::Added { id } => std::slice::from_ref(id),
            _ => &[],
        };
        if let Err(e) = self.briefs_stored(changed, added) {
            tracing::warn!(error = %e, "could not refresh the /position index");
        }
        Ok(outcome)
    }

    /// Runs `f` after every flushed moderator change (subscriptions, schedules).
    /// Lets `/schedule test` post: `(channel, reply)` → messages posted, or why not.
    pub fn set_post_now(
        &mut self,
        f: impl Fn(u64, &Reply) -> Result<usize, String> + Send + Sync + 'static,
    ) {
        self.post_now = Some(Box::new(f));
    }

    /// Makes a `/position` asked before any index is held wait for [`App::positions`]: for
    /// a process that answers one command, reading the saved index is quicker than the
    /// store path for a prolific actor (whose claims the store holds only in each brief's
    /// record), and when none is saved, the one built is saved for the next command.
    pub fn positions_on_demand(&mut self) {
        self.positions_on_demand = true;
    }

    /// [`App::positions_on_demand`], with the saved index already being read and decoded
    /// on `read`: a process that answers one `/position` starts that before it opens the
    /// store, so that the two overlap.
    pub fn positions_on_demand_from(&mut self, read: JoinHandle<SavedRead<Stamp>>) {
        self.positions_on_demand = true;
        *lock(&self.positions_prefetch) = Some(read);
    }

    /// Gives up the `/position` index in use without freeing it: for a process about to
    /// end, where freeing every statement one by one costs time and frees nothing the
    /// exit would not.
    pub fn leak_positions(&self) {
        if let Some(held) = write(&self.positions).take() {
            std::mem::forget(held);
        }
    }

    pub fn set_on_change(&mut self, f: impl Fn() + Send + Sync + 'static) {
        self.on_change = Box::new(f);
    }

    fn sync_claims(&self) -> Result<(), StoreError> {
        let version = self.lexicons.version();
        let stale = self.store.claims_version()?.as_deref() != Some(version.as_str());
        // Looking for briefs without claims reads every brief: skipped when none was stored
        // without claims since the last look found none.
        let checked = !stale && self.store.all_briefs_have_claims()?;
        let mut made = 0;
        let mut analyse = |b: &Brief| -> Result<(), StoreError> {
            made += 1;
            self.store.put_claims(&b.id, &analyze(&self.lexicons, b))
        };
        if stale {
            let briefs = self.store.all_briefs()?;
            if !briefs.is_empty() {
                // About 1.5 s per thousand briefs: said first, so the pause is explained.
                tracing::info!(
                    briefs = briefs.len(),
                    "remaking /position claims: the lexicons or the engine changed"
                );
            }
            for b in &briefs {
                analyse(b)?;
            }
        } else if !checked {
            for id in self.store.briefs_without_claims()? {
                if let Some(b) = self.store.brief(&id)? {
                    analyse(&b)?;
                }
            }
        }
        if made == 0 && !stale {
            if !checked {
                self.store.set_all_briefs_have_claims()?;
                self.store.flush()?;
            }
            return Ok(());
        }
        self.store.set_claims_version(&version)?;
        self.store.set_all_briefs_have_claims()?;
        // Remade now rather than by the first query after start-up.
        self.store.position_summary(&self.lexicons)?;
        self.store.flush()?;
        if made > 0 {
            tracing::info!(
                briefs = made,
                reason = if stale {
                    "lexicons or engine changed"
                } else {
                    "briefs without claims"
                },
                "made /position claims"
            );
        }
        Ok(())
    }

    /// The `/position` index, on first use read from the data directory when it was saved
    /// there from the store as it is (or as it was, a few writes ago), else built from the
    /// stored claims and saved. The build runs outside the lock, so answers meanwhile take
    /// the store path instead of waiting.
    pub fn positions(&self) -> Result<Arc<PositionIndex>, StoreError> {
        if let Some(held) = read(&self.positions).as_ref() {
            return Ok(held.index.clone());
        }
        let held = match self.saved_positions()? {
            Ok(held) => held,
            Err(why) => {
                tracing::info!(why, "building the /position index from the store");
                self.build_positions()?
            }
        };
        self.install_positions(held)
    }

    /// Every stored claim, read claim by claim (never all decoded at once; their texts stay
    /// in the store).
    fn build_positions(&self) -> Result<HeldIndex, StoreError> {
        let at = self.store.stamp()?;
        let mut b =
            PositionIndex::builder(self.lexicons.clone()).texts_from(self.store.text_source());
        self.store.for_each_claim_ref(|c| b.push_ref(c))?;
        Ok(HeldIndex {
            index: Arc::new(b.finish()),
            at,
        })
    }

    /// Makes `held` the index in use unless another caller's is, once it has caught up
    /// with the briefs stored since its state: their batches found no index to refresh.
    /// Most of the catch-up runs outside the lock; what came in last is read under it,
    /// which holds further batches back meanwhile.
    fn install_positions(&self, held: HeldIndex) -> Result<Arc<PositionIndex>, StoreError> {
        let catch_up = |held: &HeldIndex| -> Result<HeldIndex, StoreError> {
            match self.catch_up_positions(held)? {
                Some(caught_up) => Ok(caught_up),
                // More writes than the log keeps came in meanwhile.
                None => self.build_positions(),
            }
        };
        // Commands take the store path meanwhile instead of waiting for the lock.
        let held = catch_up(&held)?;
        let mut slot = write(&self.positions);
        if let Some(held) = slot.as_ref() {
            return Ok(held.index.clone());
        }
        let held = catch_up(&held)?;
        *slot = Some(held.clone());
        drop(slot);
        self.save_positions(&held);
        Ok(held.index)
    }

    /// `held` brought up to the store's state by reading again the claims of the briefs
    /// written since its own, or `None` when the store no longer logs that far back.
    fn catch_up_positions(&self, held: &HeldIndex) -> Result<Option<HeldIndex>, StoreError> {
        if self.store.library_id()? != held.at.library {
            return Ok(None);
        }
        let Some((upto, ids)) = self.store.claims_written_since(held.at.generation)? else {
            return Ok(None);
        };
        if ids.is_empty() {
            return Ok(Some(held.clone()));
        }
        let started = Instant::now();
        let count = ids.len();
        // Stored with each brief at ingest: nothing is analysed again.
        let briefs = ids
            .into_iter()
            .map(|id| {
                let claims = self.store.brief_claims(&id)?;
                Ok((id, claims))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let index = Arc::new(held.index.with_briefs_replaced(briefs));
        tracing::info!(
            briefs = count,
            from = held.at.generation,
            to = upto,
            ms = started.elapsed().as_millis() as u64,
            "/position index caught up with the briefs stored since"
        );
        Ok(Some(HeldIndex {
            index,
            at: Stamp {
                generation: upto,
                ..held.at
            },
        }))
    }

    /// Saves `held` in the data directory when it holds exactly the store as it is and the
    /// file does not already: a write after its state would make the file claim what it
    /// does not hold. Flushed first, so a crash cannot bring back a state the file names.
    fn save_positions(&self, held: &HeldIndex) {
        let mut saved = lock(&self.positions_saved);
        if *saved == Some(held.at) {
            return;
        }
        *lock(&self.positions_refused) = None;
        let done = (|| -> Result<bool, String> {
            if self.store.stamp().map_err(|e| e.to_string())? != held.at {
                return Ok(false);
            }
            self.store.flush().map_err(|e| e.to_string())?;
            held.index
                .save(self.store.dir(), held.at)
                .map_err(|e| e.to_string())?;
            Ok(true)
        })();
        match done {
            Ok(true) => *saved = Some(held.at),
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(%error, "/position index not saved; the next start builds it again")
            }
        }
    }

    /// The data directory's saved `/position` index when it was built from the store as it
    /// is, or as it was at a state the store's log of claims writes reaches back to; else
    /// why not.
    fn saved_positions(&self) -> Result<Result<HeldIndex, &'static str>, StoreError> {
        let (dir, lex) = (self.store.dir(), self.lexicons.clone());
        let now = self.store.stamp()?;
        if let Some((at, why)) = *lock(&self.positions_refused) {
            if at == now {
                return Ok(Err(why));
            }
        }
        let usable = |at: &Stamp| {
            at.library == now.library
                && (at.generation == now.generation
                    || matches!(self.store.claims_written_since(at.generation), Ok(Some(_))))
        };
        let prefetched = lock(&self.positions_prefetch).take();
        let read = match prefetched.map(JoinHandle::join) {
            Some(Ok(read)) => read,
            // The reading thread panicked: read again here, where it is reported.
            Some(Err(_)) | None => SavedRead::read(dir),
        };
        let why = match read.open(lex, self.store.text_source(), usable) {
            Saved::Usable(index, at) => {
                *lock(&self.positions_saved) = Some(at);
                return Ok(Ok(HeldIndex {
                    index: Arc::from(index),
                    at,
                }));
            }
            Saved::Stale => "the saved one is of a state of the store it cannot catch up from",
            Saved::Missing => "none is saved",
            Saved::Unreadable(e) => {
                tracing::warn!(error = %e, "the saved /position index is unreadable");
                "the saved one is unreadable"
            }
        };
        *lock(&self.positions_refused) = Some((now, why));
        Ok(Err(why))
    }

    /// Takes the data directory's saved `/position` index as the one in use, when it was
    /// built from the store as it is or one it can catch up from: a start reads it in a
    /// fraction of a build's time, so the bot answers from it from the first command. False
    /// when there is none to take; [`App::positions`] then builds one.
    pub fn take_saved_positions(&self) -> Result<bool, StoreError> {
        if read(&self.positions).is_some() {
            return Ok(true);
        }
        let Ok(held) = self.saved_positions()? else {
            return Ok(false);
        };
        self.install_positions(held)?;
        Ok(true)
    }

    /// Ingests files (see [`ingest::collect_files`] for folders): parse, analyse, store, one
    /// flush, then the reports — nothing is reported stored before it is durable.
    pub fn ingest(
        &self,
        files: &[PathBuf],
        progress: impl FnMut(&Path),
    ) -> Result<Vec<FileReport>, StoreError> {
        self.ingest_in_batches(files, progress, |_| {})
    }

    /// Like [`App::ingest`], flushing every [`INGEST_BATCH_FILES`] files or
    /// [`INGEST_BATCH_EVERY`], whichever comes first, and handing each flushed batch's
    /// reports to `on_batch`: a long ingest that is killed has reported what survived, and
    /// only that.
    pub fn ingest_in_batches(
        &self,
        files: &[PathBuf],
        mut progress: impl FnMut(&Path),
        mut on_batch: impl FnMut(&[FileReport]),
    ) -> Result<Vec<FileReport>, StoreError> {
        let now = ingest::now_unix();
        let mut reports = Vec::with_capacity(files.len());
        let mut reported = 0;
        let mut batch_started = Instant::now();
        // Reading, parsing and analysing run on every core, a chunk at a time; storing stays
        // in file order, one transaction per brief, so ids and reports do not depend on
        // which thread was quicker. The next chunk is prepared while this one is stored, so
        // no core waits for the store.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        std::thread::scope(|scope| -> Result<(), StoreError> {
            let (ready, chunks) = std::sync::mpsc::sync_channel(PREPARED_CHUNKS_AHEAD);
            scope.spawn(move || {
                for chunk in files.chunks(PREPARE_CHUNK_FILES) {
                    let prepared = ingest::prepare_files(
                        &self.store,
                        chunk,
                        self.config.max_brief_bytes,
                        now,
                        Some(&self.lexicons),
                        threads,
                    );
                    // The storing side stopped at an error: nothing more is wanted.
                    if ready.send((chunk, prepared)).is_err() {
                        break;
                    }
                }
            });
            for (chunk, prepared) in chunks {
                for (f, p) in chunk.iter().zip(prepared) {
                    progress(f);
                    reports.push(ingest::store_prepared(
                        &self.store,
                        p?,
                        now,
                        Some(&self.lexicons),
                    )?);
                    if reports.len() - reported >= INGEST_BATCH_FILES
                        || batch_started.elapsed() >= INGEST_BATCH_EVERY
                    {
                        self.store.flush()?;
                        on_batch(&reports[reported..]);
                        reported = reports.len();
                        batch_started = Instant::now();
                    }
                }
            }
            Ok(())
        })?;
        self.store.flush()?;
        if reported < reports.len() {
            on_batch(&reports[reported..]);
        }
        // The /position summary and index are brought up to date once, at the end: a kill
        // before that leaves the summary stale, and it is remade from the stored claims.
        let changed: Vec<String> = reports
            .iter()
            .filter_map(|r| match &r.outcome {
                Ok(PutOutcome::Added { id } | PutOutcome::Updated { id, .. }) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let added: Vec<String> = reports
            .iter()
            .filter_map(|r| match &r.outcome {
                Ok(PutOutcome::Added { id }) => Some(id.clone()),
                _ => None,
            })
            .collect();
        self.briefs_stored(&changed, &added)?;
        Ok(reports)
    }

    /// Brings `/position` up to date with briefs just stored (and flushed) by any path:
    /// files, `/brief add`, sources. Ids of unchanged briefs may be passed; they cost a
    /// claims read each.
    /// Every path that stores briefs (files, the briefs folder, `/library add`, sources)
    /// ends here once they are flushed: `/position` learns of the `changed` ones (added or
    /// updated), and each `added` one is handed to `on_new_brief`, which the bot points at
    /// delivery. A brief is announced even when the index could not be refreshed.
    pub(crate) fn briefs_stored(
        &self,
        changed: &[String],
        added: &[String],
    ) -> Result<(), StoreError> {
        let refreshed = self.refresh_positions(changed);
        if !changed.is_empty() {
            (self.on_briefs_changed)();
        }
        for id in added {
            (self.on_new_brief)(id.clone());
        }
        refreshed
    }

    /// Brings `/position` up to date with briefs just stored (and flushed), and saves it
    /// when it then holds the store as it is. Only whether `ids` is empty matters: the
    /// store's log of claims writes says which briefs to read again, those of earlier
    /// batches that could not be refreshed included.
    fn refresh_positions(&self, ids: &[String]) -> Result<(), StoreError> {
        // The summary is remade here, once per batch, so the next command-line query finds
        // it current.
        self.store.position_summary(&self.lexicons)?;
        // None yet: the one being built catches up with these briefs when it is installed.
        let Some(held) = read(&self.positions).clone() else {
            return Ok(());
        };
        if ids.is_empty() {
            return Ok(());
        }
        // Caught up outside the lock, so commands answer from the index in use meanwhile.
        // Two batches caught up at once from the same index: the one that read further in
        // the log holds the other's briefs too, and stays. When the log no longer reaches
        // back (more writes than it keeps since), a build from the store takes its place.
        let next = match self.catch_up_positions(&held)? {
            Some(caught_up) => caught_up,
            None => {
                tracing::info!("building the /position index from the store: more briefs were stored since it was made than the store's log keeps");
                self.build_positions()?
            }
        };
        if self.install_if_newer(&next) {
            self.save_positions(&next);
        }
        Ok(())
    }

    /// Makes `caught_up` the index in use unless the one in use read as far in the store's
    /// log or further (a batch caught up at the same time); true when it did.
    fn install_if_newer(&self, caught_up: &HeldIndex) -> bool {
        let mut slot = write(&self.positions);
        match slot.as_ref() {
            Some(now) if now.at.generation >= caught_up.at.generation => false,
            _ => {
                *slot = Some(caught_up.clone());
                true
            }
        }
    }

    /// Without an index read or built (the bot's first moments after a start with no usable
    /// saved one): an index of only the claims that answer `(actor, topic)`, picked from
    /// the actor's without decoding the rest. When none do,
    /// the store is scanned (not decoded) for the other lists of "Nothing on record".
    pub fn one_actor_index(&self, actor: &str, topic: &str) -> Result<PositionIndex, StoreError> {
        let summary = self.store.position_summary(&self.lexicons)?;
        let base = PositionIndex::from_summary(self.lexicons.clone(), summary);
        let Some(id) = base.actor_id(actor) else {
            return Ok(base);
        };
        let filter = base.topic_filter(topic);
        let mut elsewhere = Elsewhere::default();
        let mut b = base.actor_builder(&id).texts_from(self.store.text_source());
        self.store.for_actor_claims(
            &id,
            |t| {
                for tp in t.topics {
                    // Counted without allocating: most claims name topics already seen.
                    match elsewhere.topics_of_actor.get_mut(*tp) {
                        Some(n) => *n += 1,
                        None => {
                            elsewhere.topics_of_actor.insert(tp.to_string(), 1);
                        }
                    }
                }
                filter.answers(t)
            },
            |c| b.push_ref(c),
        )?;
        let idx = b.finish();
        if idx.claims_held() > 0 {
            return Ok(idx);
        }
        self.store.for_each_claim_terms(|t| {
            if filter.speaks_on(t) {
                for a in t.actors.iter().filter(|a| **a != id) {
                    *elsewhere.actors_on_topic.entry(a.to_string()).or_default() += 1;
                }
            }
        })?;
        Ok(idx.with_elsewhere(topic, elsewhere))
    }

    fn respond_with(&self, cmd: &Command, invoker: Invoker) -> Result<Reply, IndexError> {
        let positions = match cmd {
            Command::Position { actor, topic, .. } => {
                let built = read(&self.positions).as_ref().map(|h| h.index.clone());
                Some(match built {
                    Some(idx) => idx,
                    None if self.positions_on_demand => self.positions()?,
                    None => Arc::new(self.one_actor_index(actor, topic)?),
                })
            }
            _ => None,
        };
        let add = |url: &str, name: &str| self.add_attachment(url, name);
        let search = match cmd {
            Command::BriefSearch { .. } => Some(self.search_index()?),
            // Sections are checked against the library's, which the index keeps in memory.
            Command::Subscribe { sections, .. } | Command::ScheduleDaily { sections, .. }
                if !sections.is_empty() =>
            {
                Some(self.search_index()?)
            }
            _ => None,
        };
        let ctx = Context {
            store: &self.store,
            list_page_size: self.config.list_page_size,
            invoker,
            positions: positions.as_deref(),
            default_timezone: &self.config.timezone,
            on_change: &*self.on_change,
            search: search.as_deref(),
            sources: &self.config.sources,
            add_attachment: Some(&add),
            post_now: self.post_now.as_deref(),
        };
        Ok(respond(&ctx, cmd))
    }

    pub fn respond(&self, cmd: &Command, invoker: Invoker) -> Reply {
        self.respond_with(cmd, invoker).unwrap_or_else(|e| {
            tracing::error!(error = %e, "could not load the /position or search index");
            Reply::error("Something went wrong reading the brief library; the error was logged for the bot's operator.")
        })
    }

    /// Validates options as a front end received them, then answers; a bad option gets an
    /// ephemeral explanation.
    pub fn respond_raw(&self, raw: &RawCommand, invoker: Invoker) -> Reply {
        match build_command_on(raw, self.today()) {
            Ok(cmd) => self.respond(&cmd, invoker),
            Err(e) => Reply::error(e.to_string()),
        }
    }

    /// Today in the configured zone: what `yesterday` in `/brief date` counts from.
    fn today(&self) -> chrono::NaiveDate {
        let zone: chrono_tz::Tz = self.config.timezone.parse().unwrap_or(chrono_tz::UTC);
        chrono::Utc::now().with_timezone(&zone).date_naive()
    }

    /// Answers a command in its text form (`briefbot ask`).
    pub fn respond_text(&self, text: &str, invoker: Invoker) -> Reply {
        match parse_command_on(text, self, self.today()) {
            Ok(cmd) => self.respond(&cmd, invoker),
            Err(e) => Reply::error(e.to_string()),
        }
    }

    /// Autocomplete for the focused `option` of `command` ("brief date", "position"), asked
    /// in `guild` (None in a direct message).
    pub fn suggest(
        &self,
        guild: Option<u64>,
        command: &str,
        option: &str,
        typed: &str,
    ) -> Vec<Choice> {
        let same = |v: Vec<String>| {
            v.into_iter()
                .map(|s| Choice {
                    name: s.clone(),
                    value: s,
                })
                .take(autocomplete::MAX_CHOICES)
                .collect()
        };
        match (command, option) {
            ("position", "actor") => self
                .positions()
                .map(|p| same(p.suggest_actors(typed)))
                .unwrap_or_default(),
            ("position", "topic") => self
                .positions()
                .map(|p| same(p.suggest_topics(typed)))
                .unwrap_or_default(),
            _ => {
                let search = match option {
                    "sections" => self.search_index().ok(),
                    _ => None,
                };
                let ctx = Context {
                    store: &self.store,
                    list_page_size: self.config.list_page_size,
                    invoker: Invoker {
                        guild_id: guild,
                        ..Invoker::default()
                    },
                    positions: None,
                    default_timezone: &self.config.timezone,
                    on_change: &*self.on_change,
                    search: search.as_deref(),
                    sources: &self.config.sources,
                    add_attachment: None,
                    post_now: None,
                };
                autocomplete::suggest(&ctx, command, option, typed)
            }
        }
    }

    /// Section headings across the library, most common first: the choices offered for
    /// `/brief ... section`.
    pub fn section_names(&self, max: usize) -> Result<Vec<String>, IndexError> {
        let index = self.search_index()?;
        Ok(index.section_names().iter().take(max).cloned().collect())
    }
}

/// `/position` bare words: the longest known actor name at the start is the actor.
impl ActorSplitter for App {
    fn split_actor_topic(&self, words: &str) -> (String, String) {
        if let Some(held) = read(&self.positions).as_ref() {
            return held.index.split_actor_topic(words);
        }
        // Names and speakers are all it needs: the summary, not the claims.
        match self.store.position_summary(&self.lexicons) {
            Ok(s) => PositionIndex::from_summary(self.lexicons.clone(), s).split_actor_topic(words),
            Err(_) => crate::commands::FirstWord.split_actor_topic(words),
        }
    }
}

/// The source poller's view of the app: it stores briefs as `ingest` does and announces
/// them through [`App::briefs_stored`].
impl crate::sources::BriefLibrary for App {
    fn store(&self) -> &Store {
        &self.store
    }
    fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }
    fn max_brief_bytes(&self) -> usize {
        self.config.max_brief_bytes
    }
    fn briefs_stored(&self, changed: &[String], added: &[String]) -> Result<(), StoreError> {
        App::briefs_stored(self, changed, added)
    }
}

/// The lexicons with WordNet from `dir` when it is there; else as they are, with one line
/// in the log saying what is lost and how to get it.
pub fn with_wordnet(lexicons: Lexicons, dir: &std::path::Path) -> Lexicons {
    match crate::positions::WordNet::open(dir) {
        Ok(wn) => lexicons.with_wordnet(Arc::new(wn)),
        Err(e) => {
            tracing::warn!(
                "{e}: /position topics match their configured synonyms and exact words only \
                 (install Debian's wordnet-base, or set wordnet_dir)"
            );
            lexicons
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::positions::{PositionAnswer, StatementText};

    fn temp_app(dir: &Path) -> App {
        let config = Config {
            data_dir: dir.join("data"),
            ..Config::default()
        };
        let store = Store::open(&config.data_dir, config.cache_capacity_bytes()).unwrap();
        App::open(store, config).unwrap()
    }

    /// A download that fails on the bot's side (here: no route to Discord's CDN) is logged
    /// and shown as an apology, not as the HTTP client's error text.
    #[test]
    fn an_attachment_that_cannot_be_downloaded_is_shown_as_an_apology() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data_dir: dir.path().join("data"),
            ..Config::default()
        };
        config.fetch.connect_timeout_secs = 1;
        config.fetch.timeout_secs = 3;
        let store = Store::open(&config.data_dir, config.cache_capacity_bytes()).unwrap();
        let app = Arc::new(App::open(store, config).unwrap());
        let rt = tokio::runtime::Runtime::new().unwrap();
        // Port 1 of the CDN: refused or unreachable wherever this runs.
        let url = "https://cdn.discordapp.com:1/attachments/1/2/message.txt?ex=1&hm=secret";
        let task = rt.spawn_blocking(move || app.add_attachment(url, "message.txt"));
        let got = rt.block_on(task).unwrap().unwrap_err();
        assert!(got.starts_with("sorry"), "{got}");
        for leak in [
            "cdn.discordapp.com",
            "secret",
            "resolve",
            "os error",
            "sending",
        ] {
            assert!(!got.contains(leak), "{leak:?} shown: {got}");
        }
    }

    /// The index is built outside its lock while briefs arrive; whichever comes first, the
    /// index that results holds the brief stored during the build.
    #[test]
    fn a_brief_stored_while_the_index_builds_is_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let app = Arc::new(temp_app(dir.path()));
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        let (files, _) = ingest::collect(&[bundled]);
        app.ingest(&files, |_| {}).unwrap();
        let late = dir.path().join("2025-10-01-late.txt");
        std::fs::write(
            &late,
            "Late Brief | 2025-10-01\n\nA lead.\n\nWHAT HAPPENED\n\nThe Kremlin said troops \
             would stay in Belarus through the winter.\n",
        )
        .unwrap();
        let builder = {
            let app = app.clone();
            std::thread::spawn(move || app.positions().unwrap())
        };
        app.ingest(&[late], |_| {}).unwrap();
        builder.join().unwrap();
        let idx = app.positions().unwrap();
        let all = app.store.all_claims().unwrap();
        assert!(all.iter().any(|c| c.brief_id.starts_with("2025-10-01")));
        assert_eq!(idx.claims_held(), all.len());
    }

    /// Batches stored at once by several paths, each caught up with outside the index's
    /// lock: the index in use ends holding every one of them, as a build would. A catch-up
    /// that read less of the log than the one already in use does not replace it.
    #[test]
    fn batches_stored_at_once_all_end_in_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let app = Arc::new(temp_app(dir.path()));
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        app.ingest(&ingest::collect(&[bundled]).0, |_| {}).unwrap();
        app.positions().unwrap();
        let writers: Vec<_> = (1..=6)
            .map(|i| {
                let path = dir.path().join(format!("2025-11-0{i}-late.txt"));
                std::fs::write(
                    &path,
                    format!(
                        "Late Brief {i} | 2025-11-0{i}\n\nA lead.\n\nWHAT HAPPENED\n\n\
                         The Kremlin said troops would stay in Belarus for {i} months.\n"
                    ),
                )
                .unwrap();
                let app = app.clone();
                std::thread::spawn(move || app.ingest(&[path], |_| {}).unwrap())
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let held = app.positions().unwrap();
        let built = app.build_positions().unwrap();
        assert_eq!(held.claims_held(), built.index.claims_held());
        let mut ids: Vec<&str> = held.statements().iter().map(|s| &*s.brief_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids.iter().filter(|id| id.starts_with("2025-11-0")).count(),
            6
        );
        assert_eq!(
            held.query("russia", "troops"),
            built.index.query("russia", "troops")
        );

        // A catch-up finished late, from before the last batch, is refused.
        let before = read(&app.positions).clone().unwrap();
        let path = dir.path().join("2025-11-09-last.txt");
        std::fs::write(
            &path,
            "Last Brief | 2025-11-09\n\nA lead.\n\nWHAT HAPPENED\n\nThe Kremlin said troops \
             would leave Belarus.\n",
        )
        .unwrap();
        app.ingest(&[path], |_| {}).unwrap();
        let after = read(&app.positions).clone().unwrap();
        assert!(after.at.generation > before.at.generation);
        assert!(!app.install_if_newer(&before));
        assert_eq!(
            app.positions().unwrap().claims_held(),
            held.claims_held() + 1
        );
    }

    /// More writes since the index in use than the store's log keeps (here stored past the
    /// app): the next batch builds it again from the store, installs it and saves it.
    #[test]
    fn an_index_further_behind_than_the_log_is_built_again() {
        use crate::positions::{Saved, SAVED_INDEX_FILE};
        let dir = tempfile::tempdir().unwrap();
        let app = temp_app(dir.path());
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        app.ingest(&ingest::collect(&[bundled]).0, |_| {}).unwrap();
        let before = app.positions().unwrap();
        let text = "Late Brief | 2025-11-01\n\nA lead.\n\nWHAT HAPPENED\n\nThe Kremlin said \
                    troops would stay in Belarus.\n";
        let late = dir.path().join("late.txt");
        std::fs::write(&late, text).unwrap();
        app.ingest(&[late], |_| {}).unwrap();
        let one_more = app.positions().unwrap().claims_held();
        assert!(one_more > before.claims_held());
        // Revisions stored past the app.
        for i in 0..4100 {
            let t = text.replace("A lead.", &format!("Lead {i}."));
            let parsed = crate::brief::parse_brief(t.as_bytes(), "late.txt", 1 << 20).unwrap();
            app.store.put_brief(&parsed, "late.txt", 0).unwrap();
        }
        let last = dir.path().join("last.txt");
        std::fs::write(&last, text.replace("2025-11-01", "2025-11-02")).unwrap();
        app.ingest(&[last], |_| {}).unwrap();
        let built = app.build_positions().unwrap();
        let held = app.positions().unwrap();
        assert_eq!(held.statements(), built.index.statements());
        assert!(held.claims_held() >= one_more);
        let now = app.store.stamp().unwrap();
        let saved = PositionIndex::open_saved(
            app.store.dir(),
            app.lexicons.clone(),
            app.store.text_source(),
            |at: &Stamp| *at == now,
        );
        assert!(matches!(saved, Saved::Usable(..)), "{SAVED_INDEX_FILE}");
    }

    /// Files, attachments and sources all announce a new brief through `briefs_stored`,
    /// once, and nothing that was already stored.
    #[test]
    fn every_path_announces_each_new_brief_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = temp_app(dir.path());
        let announced = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        {
            let announced = announced.clone();
            app.set_on_new_brief(move |id| announced.lock().unwrap().push(id));
        }
        let take = || std::mem::take(&mut *announced.lock().unwrap());
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        let (files, _) = ingest::collect(&[bundled]);
        let reports = app.ingest(&files, |_| {}).unwrap();
        let added: Vec<String> = reports
            .iter()
            .filter_map(|r| match &r.outcome {
                Ok(PutOutcome::Added { id }) => Some(id.clone()),
                _ => None,
            })
            .collect();
        assert!(!added.is_empty());
        assert_eq!(take(), added);
        app.ingest(&files, |_| {}).unwrap();
        assert_eq!(take(), Vec::<String>::new());

        let url = "https://cdn.discordapp.com/attachments/111/301/message.txt?ex=1&hm=2";
        let text = b"Pasted Brief | 2025-09-06\n\nA lead.\n\nWHAT HAPPENED\n\nA thing.\n";
        let first = app.store_attachment(url, "message.txt", text).unwrap();
        assert_eq!(take(), vec![first.id().to_string()]);
        app.store_attachment(url, "message.txt", text).unwrap();
        assert_eq!(take(), Vec::<String>::new());

        // What the source poller calls after a poll stored briefs.
        let library: &dyn crate::sources::BriefLibrary = &app;
        library
            .briefs_stored(&["x".to_string(), "y".to_string()], &["y".to_string()])
            .unwrap();
        assert_eq!(take(), vec!["y".to_string()]);
    }

    /// Discord names pasted text `message.txt`: two such uploads are two briefs, and only
    /// the same text again is "unchanged".
    #[test]
    fn two_uploads_named_message_txt_are_two_briefs() {
        let dir = tempfile::tempdir().unwrap();
        let app = temp_app(dir.path());
        let text = |what: &str| {
            format!("Pasted Brief | 2025-09-05\n\nA lead.\n\nWHAT HAPPENED\n\n{what}\n")
        };
        let cdn = |id: u64| {
            format!("https://cdn.discordapp.com/attachments/111/{id}/message.txt?ex=1&hm=2")
        };
        let first = app
            .store_attachment(&cdn(201), "message.txt", text("First.").as_bytes())
            .unwrap();
        let second = app
            .store_attachment(&cdn(202), "message.txt", text("Second.").as_bytes())
            .unwrap();
        assert!(matches!(first, PutOutcome::Added { .. }), "{first:?}");
        assert!(matches!(second, PutOutcome::Added { .. }), "{second:?}");
        assert_ne!(first.id(), second.id());
        let again = app
            .store_attachment(&cdn(203), "message.txt", text("First.").as_bytes())
            .unwrap();
        assert_eq!(
            again,
            PutOutcome::Unchanged {
                id: first.id().into()
            }
        );
        assert_eq!(app.store.brief_count(), 2);
        // A link without an attachment id falls back to the text itself.
        let odd = app
            .store_attachment(
                "https://cdn.discordapp.com/x",
                "message.txt",
                b"Odd Brief | 2025-09-06\n\nWHAT HAPPENED\n\nThird.\n",
            )
            .unwrap();
        assert!(matches!(odd, PutOutcome::Added { .. }), "{odd:?}");
    }

    /// A panic while a lock is held (say, in an index rebuild) must not turn every later
    /// `/position`, search and autocomplete into a panic until the bot restarts.
    #[test]
    fn commands_still_answer_after_a_panic_poisoned_the_locks() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().join("data"),
            ..Config::default()
        };
        let store = Store::open(&config.data_dir, config.cache_capacity_bytes()).unwrap();
        let app = App::open(store, config).unwrap();
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        app.ingest(&ingest::collect_files(&[bundled]), |_| {})
            .unwrap();
        app.positions().unwrap();
        app.search_index().unwrap();
        std::thread::scope(|s| {
            let positions = s.spawn(|| {
                let _held = app.positions.write().unwrap();
                panic!("a panic while rebuilding the /position index");
            });
            let search = s.spawn(|| {
                let _held = app.search.write().unwrap();
                panic!("a panic while rebuilding the search index");
            });
            assert!(positions.join().is_err() && search.join().is_err());
        });
        assert!(app.positions.is_poisoned() && app.search.is_poisoned());
        let text = |cmd: &str| app.respond_text(cmd, Invoker::operator()).to_text();
        assert!(text("/position russia troops").contains("Russia"));
        assert!(text("/brief search drones")
            .to_lowercase()
            .contains("drone"));
        assert!(!app.suggest(None, "position", "actor", "rus").is_empty());
        app.briefs_stored(&[], &[]).unwrap();
    }

    /// The bot's index leaves statements' texts in the store and reads back those a reply
    /// shows: they are the words an index holding them shows. A statement whose brief
    /// changed since the index was built is not shown in the new words.
    #[test]
    fn statements_left_in_the_store_read_back_as_their_words() {
        let dir = tempfile::tempdir().unwrap();
        let app = temp_app(dir.path());
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/positions");
        app.ingest(&ingest::collect_files(&[fixtures.join("briefs")]), |_| {})
            .unwrap();
        let stored = app.positions().unwrap();
        let held = PositionIndex::new(app.lexicons.clone(), app.store.all_claims().unwrap());
        assert!(stored
            .statements()
            .iter()
            .all(|s| matches!(s.text, StatementText::Stored { .. })));
        let mut compared = 0;
        for (actor, topic) in [("russia", "troops"), ("poland", ""), ("trump", "ceasefire")] {
            let (PositionAnswer::Found { hits: a, .. }, PositionAnswer::Found { hits: b, .. }) =
                (stored.query(actor, topic), held.query(actor, topic))
            else {
                panic!("/position {actor} {topic} finds statements");
            };
            let words = |idx: &PositionIndex, hits: &[crate::positions::Hit]| -> Vec<String> {
                hits.iter()
                    .map(|h| idx.text(&h.statement).into_owned())
                    .collect()
            };
            assert_eq!(
                words(&stored, &a),
                words(&held, &b),
                "/position {actor} {topic}"
            );
            let chars = |hits: &[crate::positions::Hit]| -> Vec<u32> {
                hits.iter().map(|h| h.text_chars).collect()
            };
            assert_eq!(chars(&a), chars(&b));
            compared += a.len();
        }
        assert!(compared > 10, "{compared}");

        // The brief is rewritten under the same id; the old index is still in a reader's hands.
        let brief = dir.path().join("drones.txt");
        let text = |said: &str| {
            format!(
                "FRONTIER NOTES\nDate: 1 October 2025\n\nWHAT HAPPENED\n\n\
                 Kremlin spokesperson Dmitry Peskov said that {said}.\n"
            )
        };
        std::fs::write(&brief, text("foreign troops would be legitimate targets")).unwrap();
        app.ingest(std::slice::from_ref(&brief), |_| {}).unwrap();
        let before = app.positions().unwrap();
        std::fs::write(&brief, text("talks on troops could resume next week")).unwrap();
        app.ingest(&[brief], |_| {}).unwrap();
        let shown = |idx: &PositionIndex| -> Vec<String> {
            match idx.query("peskov", "troops") {
                PositionAnswer::Found { hits, .. } => hits
                    .iter()
                    .filter(|h| h.statement.brief_date.to_string() == "2025-10-01")
                    .map(|h| idx.text(&h.statement).into_owned())
                    .collect(),
                other => panic!("{other:?}"),
            }
        };
        let old = shown(&before);
        assert!(
            old.iter().any(|t| t.contains(crate::positions::TEXT_GONE)),
            "{old:?}"
        );
        assert!(
            !old.iter().any(|t| t.contains("talks on troops")),
            "{old:?}"
        );
        let new = shown(&app.positions().unwrap());
        assert!(
            new.iter()
                .any(|t| t.contains("talks on troops could resume")),
            "{new:?}"
        );
    }

    /// The command line answers from one actor's claims (and scans for "Nothing on record");
    /// the bot from the full index. Both must give the same answer to every query.
    #[test]
    fn one_actor_path_answers_as_the_full_index_does() {
        let dir = tempfile::tempdir().unwrap();
        let briefs = dir.path().join("briefs");
        std::fs::create_dir(&briefs).unwrap();
        for b in crate::corpus::generate(120, 7) {
            std::fs::write(briefs.join(&b.file_name), b.text).unwrap();
        }
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/positions");
        for sub in ["briefs", "extra_briefs", "unseen_briefs", "topics_briefs"] {
            for f in std::fs::read_dir(fixtures.join(sub)).unwrap() {
                let f = f.unwrap().path();
                std::fs::copy(&f, briefs.join(f.file_name().unwrap())).unwrap();
            }
        }
        let config = Config {
            data_dir: dir.path().join("data"),
            ..Config::default()
        };
        let store = Store::open(&config.data_dir, config.cache_capacity_bytes()).unwrap();
        let app = App::open(store, config).unwrap();
        let files = ingest::collect_files(&[briefs]);
        app.ingest(&files, |_| {}).unwrap();
        let full = app.positions().unwrap();
        let actors = [
            "russia",
            "kremlin",
            "peskov",
            "poland",
            "tusk",
            "nato",
            "france",
            "zelenskyy",
            "hungary",
            "turkey",
            "china",
            "rusia",
            "iaea",
            "commission",
            "azerbaijan",
            "aliyev",
        ];
        let topics = [
            "troops",
            "troop deployments",
            "sanctions",
            "ceasefire",
            "security guarantees",
            "legitimate targets",
            "grain",
            "nothingatall",
            "energy exports",
            "elections",
            "nuclear",
            "defence",
            "assets",
            "constitution",
            "",
            // Words no topic knows: with WordNet installed, matched through related words
            // (the full index takes its candidates from the postings, the other path tests
            // every claim).
            "war games",
            "military drills",
            "frontier",
            "weapons race",
            "dam",
        ];
        let (mut found, mut nothing) = (0, 0);
        for a in actors {
            for t in topics {
                let one = app.one_actor_index(a, t).unwrap();
                let answer = one.query(a, t);
                match &answer {
                    crate::positions::PositionAnswer::Found { .. } => found += 1,
                    crate::positions::PositionAnswer::Nothing { .. } => nothing += 1,
                    _ => {}
                }
                assert_eq!(answer, full.query(a, t), "/position {a} {t}");
            }
        }
        // The table reaches both paths.
        assert!(
            found > 20 && nothing > 10,
            "found {found}, nothing {nothing}"
        );
    }

    /// The `/position` index a build saves in the data directory reads back into one that
    /// answers as the build did, and a second start reads it instead of building. Briefs
    /// stored since are caught up with, from the store's log of claims writes, and saved; a
    /// file of another library, or damaged, is built again, not trusted.
    #[test]
    fn a_saved_position_index_answers_as_built_until_the_store_moves_on() {
        use crate::corpus::{QUERY_ACTORS, QUERY_TOPICS};
        use crate::positions::{Saved, SAVED_INDEX_FILE};
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let app = temp_app(dir.path());
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/positions");
        app.ingest(&ingest::collect_files(&[fixtures.join("briefs")]), |_| {})
            .unwrap();
        let built = app.positions().unwrap();
        let data = app.store.dir().to_path_buf();
        let file = data.join(SAVED_INDEX_FILE);
        // The file as of the store's state now, or why not.
        let open = |app: &App| {
            let now = app.store.stamp().unwrap();
            PositionIndex::open_saved(
                &data,
                app.lexicons.clone(),
                app.store.text_source(),
                |at: &Stamp| *at == now,
            )
        };
        let Saved::Usable(read, _) = open(&app) else {
            panic!("the index saved by the build reads back");
        };
        assert_eq!(read.statements(), built.statements());
        let mut found = 0;
        for actor in QUERY_ACTORS {
            for topic in QUERY_TOPICS {
                let answer = read.query(actor, topic);
                found += usize::from(matches!(answer, PositionAnswer::Found { .. }));
                assert_eq!(
                    answer,
                    built.query(actor, topic),
                    "/position {actor} {topic}"
                );
            }
        }
        assert!(found > 20, "{found}");
        for prefix in ["ru", "pe", "z"] {
            assert_eq!(read.suggest_actors(prefix), built.suggest_actors(prefix));
            assert_eq!(read.suggest_topics(prefix), built.suggest_topics(prefix));
        }

        // Another start on the same store reads the file: it is not written again.
        let inode = std::fs::metadata(&file).unwrap().ino();
        let again = App::open(app.store.clone(), app.config.clone()).unwrap();
        assert!(again.take_saved_positions().unwrap());
        assert_eq!(again.positions().unwrap().statements(), built.statements());
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode);
        // So does a one-command process that began reading it before the app opened, and
        // it answers as the build did.
        let read_early = SavedRead::read_in_background(&data);
        let mut once = App::open(app.store.clone(), app.config.clone()).unwrap();
        once.positions_on_demand_from(read_early);
        assert!(once.take_saved_positions().unwrap());
        assert!(lock(&once.positions_prefetch).is_none());
        assert_eq!(once.positions().unwrap().statements(), built.statements());
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode);
        once.leak_positions();
        assert!(super::read(&once.positions).is_none());

        // A brief stored by a running bot: its index catches up and is saved as the store
        // is now, so the next start takes it as it is.
        let brief = |name: &str, speaker: &str| {
            let path = dir.path().join(name);
            std::fs::write(
                &path,
                format!(
                    "FRONTIER NOTES\nDate: 1 October 2025\n\nWHAT HAPPENED\n\n\
                     {speaker} said that troops would stay.\n"
                ),
            )
            .unwrap();
            path
        };
        app.ingest(
            &[brief("new.txt", "Kremlin spokesperson Dmitry Peskov")],
            |_| {},
        )
        .unwrap();
        assert_eq!(
            app.positions().unwrap().claims_held(),
            built.claims_held() + 1
        );
        assert!(matches!(open(&app), Saved::Usable(..)));
        let inode = std::fs::metadata(&file).unwrap().ino();
        let again = App::open(app.store.clone(), app.config.clone()).unwrap();
        assert!(again.take_saved_positions().unwrap());
        assert_eq!(
            again.positions().unwrap().statements(),
            app.positions().unwrap().statements()
        );
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode);

        // Stored while no index was held (`briefbot ingest` then stopped before its own
        // save): the next start reads the file, catches up with that brief alone, and saves.
        let cli = App::open(app.store.clone(), app.config.clone()).unwrap();
        cli.ingest(
            &[brief("newer.txt", "Polish Prime Minister Donald Tusk")],
            |_| {},
        )
        .unwrap();
        assert!(matches!(open(&app), Saved::Stale));
        let after = App::open(app.store.clone(), app.config.clone()).unwrap();
        assert!(after.take_saved_positions().unwrap());
        let caught_up = after.positions().unwrap();
        assert_eq!(caught_up.claims_held(), built.claims_held() + 2);
        let rebuilt = App::open(app.store.clone(), app.config.clone())
            .unwrap()
            .build_positions()
            .unwrap();
        assert_eq!(caught_up.statements(), rebuilt.index.statements());
        assert_eq!(
            caught_up.query("poland", "troops"),
            rebuilt.index.query("poland", "troops")
        );
        assert!(matches!(open(&app), Saved::Usable(..)));

        // Saved from another library (an import since): not taken, built and saved again.
        let other = Stamp {
            library: rebuilt.at.library ^ 1,
            ..rebuilt.at
        };
        rebuilt.index.save(&data, other).unwrap();
        let fresh = App::open(app.store.clone(), app.config.clone()).unwrap();
        assert!(!fresh.take_saved_positions().unwrap());
        assert_eq!(
            fresh.positions().unwrap().claims_held(),
            built.claims_held() + 2
        );
        assert!(matches!(open(&app), Saved::Usable(..)));

        // Damaged: reported, built again from the store, and saved whole; what a killed
        // save left behind goes.
        let leftover = data.join(format!("{SAVED_INDEX_FILE}.tmp-4000000-0"));
        std::fs::write(&leftover, b"half an index").unwrap();
        let bytes = std::fs::read(&file).unwrap();
        for damaged in [&bytes[..bytes.len() / 2], &b"not an index"[..]] {
            std::fs::write(&file, damaged).unwrap();
            assert!(matches!(open(&app), Saved::Unreadable(_)));
            let rebuilt = App::open(app.store.clone(), app.config.clone()).unwrap();
            assert_eq!(
                rebuilt.positions().unwrap().claims_held(),
                built.claims_held() + 2
            );
            assert!(matches!(open(&app), Saved::Usable(..)));
        }
        assert!(!leftover.exists());
    }
}
