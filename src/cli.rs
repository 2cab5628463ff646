//! The command line: `briefbot [--config FILE] [--data DIR] <command>`. Parses arguments,
//! sets up logging, and calls the library; `main.rs` only calls [`main`].

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::app::App;
use crate::brief::parse_brief;
use crate::commands::Invoker;
use crate::config::Config;
use crate::delivery::clock::SystemClock;
use crate::delivery::engine::{Engine, EngineConfig};
use crate::delivery::watcher::{modified_within, Watcher};
use crate::discord::render::reply_bodies;
use crate::ingest::{collect, collect_files, read_capped, FileReport, Summary};
use crate::positions::SavedRead;
use crate::sources::poller::Poller;
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(
    name = "briefbot",
    version,
    about = "A Discord bot that keeps a library of news briefs and answers questions about them"
)]
struct Cli {
    /// Configuration file [default: config/briefbot.toml if it exists]
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory holding the database; overrides `data_dir`
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Store brief files, or every file in folders (recursively)
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Answer one slash command, e.g. '/brief latest' or '/position russia troops'
    #[command(after_help = ASK_EXAMPLES)]
    Ask {
        /// Print the JSON message bodies the bot would send to Discord
        #[arg(long)]
        json: bool,
        /// Ask as a moderator in this guild (for /subscribe, /schedule ...)
        #[arg(long, value_name = "ID")]
        guild: Option<u64>,
        /// The channel the command is run in (the default for `channel` options)
        #[arg(long, value_name = "ID", requires = "guild")]
        channel: Option<u64>,
        /// A slash command as typed in Discord: bare words fill its options in order (the
        /// last takes the rest), `name:value` sets one by name (quote values with spaces)
        #[arg(value_name = "COMMAND", required = true, num_args = 1..)]
        command: Vec<String>,
    },
    /// Check the configuration and the briefs folder without writing anything
    Check,
    /// Run the Discord bot until SIGTERM or Ctrl-C
    Run,
    /// Write a versioned JSON Lines backup of the database (atomically); while the bot
    /// runs, the running bot sends it through its control socket
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Load a backup into an empty data directory (all of it, or nothing)
    Import {
        /// Move the current database aside (into DIR/replaced-<time>) and load the backup
        /// in its place; the bot must be stopped
        #[arg(long)]
        replace: bool,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Exit 0 when the running bot's heartbeat is fresh and it is connected (for Docker)
    Healthcheck,
    /// Print every attribution (who said what) the engine finds in text files; stores nothing
    Attributions {
        /// One JSON object per line, offsets in characters: file, speaker, cue, content,
        /// resolved, actor
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Train the attribution stage's cue model on an annotated corpus (brat standoff, as
    /// PolNeAR ships it) and write its weights; for developers
    #[command(hide = true)]
    TrainCueModel {
        /// Folder of NAME.txt files with NAME.ann beside them (e.g. PolNeAR's train split)
        #[arg(value_name = "DIR")]
        train: PathBuf,
        /// Where to write the weights
        #[arg(long, default_value = "config/attribution/cue_weights.tsv")]
        out: PathBuf,
        /// Another annotated folder to report the model's cue precision and recall on
        #[arg(long, value_name = "DIR")]
        check: Option<PathBuf>,
    },
    /// Train the attribution check model on an annotated corpus (brat standoff); for
    /// developers, run after any change to the stage's rules, cue model or vocabulary
    #[command(hide = true)]
    TrainCheckModel {
        /// Folder of NAME.txt files with NAME.ann beside them (e.g. PolNeAR's train split)
        #[arg(value_name = "DIR")]
        train: PathBuf,
        /// Where to write the weights
        #[arg(long, default_value = "config/attribution/check_weights.tsv")]
        out: PathBuf,
        /// Another annotated folder to report the stage's recall and precision on
        #[arg(long, value_name = "DIR")]
        check: Option<PathBuf>,
    },
}

const ASK_EXAMPLES: &str = "\
Examples:
  briefbot ask '/brief latest'
  briefbot ask '/brief date 5 September 2025 why it matters'
  briefbot ask '/brief search security guarantees'
  briefbot ask '/position actor:\"united states\" topic:ceasefire'
  briefbot ask --json '/brief list 2'
  briefbot ask --guild 123 --channel 456 '/schedule daily 08:00 Europe/Kyiv'
  briefbot ask --guild 123 '/library sources'
  briefbot ask '/help'

Exit status: 0 when answered, 1 when the answer is an error notice (a bad option, a
refusal, nothing found), 2 when briefbot itself failed (e.g. the data directory is in use).";

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Logs go to stderr (stdout carries command output); `RUST_LOG` sets the filter and
/// `log_format = "json"` suits log collectors.
fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,briefbot=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init()
    };
}

fn run(cli: Cli) -> Result<ExitCode> {
    let (mut config, config_file) = Config::load(cli.config.as_deref())?;
    init_logging(config.log_format == "json");
    if let Some(d) = cli.data {
        config.data_dir = d;
    }
    match cli.command {
        Cmd::Ingest { paths } => {
            let app = open_app(config)?;
            let (files, skipped) = collect(&paths);
            let mut out = std::io::stdout().lock();
            for s in &skipped {
                writeln!(out, "{}", s.line())?;
            }
            // Each line goes out once its batch is flushed, so what was printed is durable.
            let mut written = Ok(());
            let reports = ingest_with_progress(&app, &files, |batch| {
                if written.is_ok() {
                    written = batch
                        .iter()
                        .try_for_each(|r| writeln!(out, "{}", r.line()))
                        .and_then(|()| out.flush());
                }
            })?;
            written?;
            let summary = Summary::of(&reports);
            writeln!(out, "{} files: {summary}", reports.len())?;
            // The search and `/position` indexes are derived from what was just stored: made
            // here, side by side, so the bot and `ask` open them fresh instead of building
            // them at their start. A failure only delays that: they are built when needed.
            if summary.added + summary.updated > 0 {
                std::thread::scope(|s| {
                    s.spawn(|| {
                        if let Err(e) = app.positions() {
                            tracing::warn!(error = %e, "/position index not saved after ingest; it will be built on first use");
                        }
                    });
                    if let Err(e) = app.search_index() {
                        tracing::warn!(error = %e, "search index not rebuilt after ingest; it will be on first use");
                    }
                });
            }
            Ok(if summary.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Ask {
            json,
            guild,
            channel,
            command,
        } => {
            // A /position reads the saved index: begun before the store opens, the two
            // overlap. The command's name is enough to tell; parsing it needs the lexicons,
            // which come with the app.
            let prefetch = command
                .first()
                .is_some_and(|c| c.trim_start().starts_with("/position"))
                .then(|| SavedRead::read_in_background(&config.data_dir));
            let mut app = open_app(config)?;
            match prefetch {
                Some(read) => app.positions_on_demand_from(read),
                None => app.positions_on_demand(),
            }
            ingest_briefs_dir(&app, false)?;
            let invoker = Invoker {
                guild_id: guild,
                channel_id: channel,
                ..Invoker::operator()
            };
            let reply = app.respond_text(&command.join(" "), invoker);
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &reply_bodies(&reply))?;
                writeln!(out)?;
            } else {
                write!(out, "{}", reply.to_text())?;
            }
            app.leak_positions();
            Ok(if reply.error {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Check => check(&config, config_file.as_deref()),
        Cmd::Attributions { json, paths } => attributions(&config, json, &paths),
        Cmd::TrainCueModel { train, out, check } => train_cue_model(&train, &out, check.as_deref()),
        Cmd::TrainCheckModel { train, out, check } => {
            train_check_model(&train, &out, check.as_deref())
        }
        Cmd::Run => {
            // A misspelt key or an impossible value is refused, not silently defaulted.
            config.refuse_problems(config_file.as_deref())?;
            run_bot(config)
        }
        Cmd::Export { file } => export(&config, &file),
        Cmd::Import { replace, file } => {
            let (dir, cache) = (&config.data_dir, config.cache_capacity_bytes());
            let imported = if replace {
                Store::import_replacing(dir, &file, cache)?
            } else {
                Store::import_into(dir, &file, cache)?
            };
            if let Some(aside) = &imported.moved_aside {
                tracing::info!(aside = %aside.display(), "import --replace: the previous database was moved aside");
                println!(
                    "moved the previous database aside to {} (open it with --data {0})",
                    aside.display()
                );
            }
            // Claims are derived: opening the library rebuilds them from the imported briefs.
            let summary = imported.summary;
            let app = App::open(imported.store, config)?;
            println!(
                "imported {} entries into {} trees from {}; {} briefs",
                summary.entries,
                summary.trees,
                file.display(),
                app.store.brief_count()
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Healthcheck => match crate::ops::check_heartbeat(&config.data_dir, chrono::Utc::now())
        {
            Ok(msg) => {
                println!("{msg}");
                Ok(ExitCode::SUCCESS)
            }
            Err(msg) => {
                println!("unhealthy: {msg}");
                Ok(ExitCode::from(1))
            }
        },
    }
}

/// `briefbot export FILE`: straight from the database, or, while a bot holds it, from the
/// running bot through its control socket.
fn export(config: &Config, file: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(&config.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            config.data_dir.display()
        )
    })?;
    let (summary, via) = match Store::open(&config.data_dir, config.cache_capacity_bytes()) {
        Ok(store) => (store.export(file)?, String::new()),
        Err(crate::store::StoreError::InUse { .. }) => {
            let summary = crate::control::export_from_running(&config.data_dir, file)?;
            let socket = crate::control::socket_path(&config.data_dir);
            (
                summary,
                format!(" (from the running bot, through {})", socket.display()),
            )
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "exported {} entries from {} trees to {}{via}",
        summary.entries,
        summary.trees,
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Threads the bot answers on (and builds, ingests and backs up on) at most. Answers are
/// work for the cores, not waits, so a burst of fifty gains nothing from fifty threads,
/// and each thread keeps a stack and what it allocated (tokio's default allows 512).
const BLOCKING_THREADS: usize = 16;

/// Connects to Discord and answers until SIGTERM or Ctrl-C, then flushes and exits 0.
fn run_bot(config: Config) -> Result<ExitCode> {
    let token = config.discord_token()?;
    let mut app = open_app(config.clone())?;
    if !app.store.compressed() {
        tracing::info!(
            data_dir = %config.data_dir.display(),
            "this database was made before databases were compressed; `briefbot export FILE`, \
             then with the bot stopped `briefbot import --replace FILE`, makes a compressed one \
             (an eighth of the bytes at 10k briefs)"
        );
    }
    // Primed before the start-up ingest: a file that lands in between is ingested now and
    // seen again by the watcher (then "unchanged"), rather than missed.
    let mut watcher = Watcher::new(
        &config.briefs_dir,
        Duration::from_secs(config.watch_interval_secs.max(1)),
    );
    watcher.prime();
    ingest_briefs_dir(&app, true)?;
    let store = app.store.clone();
    let api_base = config.discord_api_base();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()?;
    let engine = Engine::new(
        store.clone(),
        crate::discord::poster(&token, api_base.as_deref())?,
        Arc::new(SystemClock),
        EngineConfig {
            rate_per_sec: config.delivery_rate_per_sec,
            concurrency: config.delivery_concurrency,
            catchup: Duration::from_secs(config.catchup_hours * 3600),
            log_channel: (config.discord.log_channel != 0).then_some(config.discord.log_channel),
            ..EngineConfig::default()
        },
    );
    {
        let engine = engine.clone();
        app.set_on_change(move || engine.wake());
    }
    {
        let (engine, handle) = (engine.clone(), runtime.handle().clone());
        app.set_on_new_brief(move |id| push_later(&handle, &engine, id));
    }
    {
        // Commands run on blocking threads, where waiting for the post is allowed.
        let (engine, handle) = (engine.clone(), runtime.handle().clone());
        app.set_post_now(move |channel, reply| {
            handle
                .block_on(engine.post_now(channel, reply))
                .map_err(|e| e.to_string())
        });
    }
    // Each flushed batch of briefs wakes the search index's rebuild; a batch stored while
    // one runs leaves a permit, so it is built once more.
    let search_stale = Arc::new(tokio::sync::Notify::new());
    {
        let stale = search_stale.clone();
        app.set_on_briefs_changed(move || stale.notify_one());
    }
    let app = Arc::new(app);
    {
        // Opened (or rebuilt) from the start and after every batch, in the background:
        // meanwhile `/brief search` answers from the index it replaces.
        let app = app.clone();
        runtime.spawn(async move {
            loop {
                let a = app.clone();
                let started = std::time::Instant::now();
                match tokio::task::spawn_blocking(move || a.search_index()).await {
                    Ok(Ok(idx)) => tracing::info!(
                        briefs = idx.brief_count(),
                        ms = started.elapsed().as_millis() as u64,
                        "search index ready"
                    ),
                    Ok(Err(e)) => tracing::warn!(error = %e, "search index not ready; a search will try again"),
                    Err(e) => tracing::warn!(error = %e, "search index build failed"),
                }
                search_stale.notified().await;
            }
        });
    }
    // The `/position` index a build or an ingest saved is read before connecting, so answers
    // come from it from the first command: reading takes a fraction of a build.
    let started = std::time::Instant::now();
    let taken = app.take_saved_positions().unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the saved /position index could not be checked; building it");
        false
    });
    if taken {
        let claims = app.positions().map_or(0, |idx| idx.claims_held());
        tracing::info!(
            claims,
            ms = started.elapsed().as_millis() as u64,
            from = "the data directory",
            "/position index ready"
        );
    } else {
        // Built from the start rather than on the first autocomplete, so answers after
        // ready come from the index; until it is built they take the store path. On a
        // thread of its own at a lower priority, so those answers are not slowed by it.
        let app = app.clone();
        let spawned = std::thread::Builder::new().name("position-index".into()).spawn(move || {
            crate::ops::yield_to_answers();
            let started = std::time::Instant::now();
            match app.positions() {
                Ok(idx) => {
                    tracing::info!(
                        claims = idx.claims_held(),
                        ms = started.elapsed().as_millis() as u64,
                        from = "the store",
                        "/position index ready"
                    );
                    // The build decoded every claim: what it freed goes back at once.
                    crate::ops::release_freed_memory();
                }
                Err(e) => {
                    tracing::warn!(error = %e, "/position index not built; answers use the store")
                }
            }
        });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "could not start building the /position index; answers use the store");
        }
    }
    // Handlers are installed before connecting, so a SIGTERM during start-up is a clean
    // stop too, not the default kill.
    let (mut term, mut int) = runtime.block_on(async {
        use tokio::signal::unix::{signal, SignalKind};
        Ok::<_, std::io::Error>((
            signal(SignalKind::terminate())?,
            signal(SignalKind::interrupt())?,
        ))
    })?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };
    // The control socket lets `briefbot export` reach the database this process holds. A
    // bot without it still runs; the log says why, and `export` then says the bot must stop.
    let control = runtime.block_on(async { crate::control::Listener::bind(&config.data_dir) });
    let control_bound = match control {
        Ok(listener) => {
            runtime.spawn(listener.serve(store.clone(), stopped()));
            true
        }
        Err(e) => {
            tracing::warn!(error = %e, "no control socket: `briefbot export` will not work while the bot runs");
            false
        }
    };
    let connected = Arc::new(AtomicBool::new(false));
    runtime.spawn(heartbeat_loop(
        config.data_dir.clone(),
        connected.clone(),
        stopped(),
    ));
    if config.backup_enabled {
        runtime.spawn(backup_loop(store.clone(), config.clone(), stopped()));
    }
    runtime.spawn(engine.clone().run(stopped()));
    runtime.spawn(watch_loop(app.clone(), watcher, stopped()));
    if !config.sources.is_empty() {
        let poller = Arc::new(Poller::new(
            app.clone(),
            config.sources.clone(),
            config.fetch.clone(),
        )?);
        tracing::info!(sources = config.sources.len(), "polling sources");
        runtime.spawn(poller.run(stopped()));
    }
    let shutdown = async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = int.recv() => tracing::info!("interrupt received"),
        }
        let _ = stop_tx.send(true);
    };
    tracing::info!(data_dir = %config.data_dir.display(), briefs = store.brief_count(), "starting");
    let result = runtime.block_on(crate::discord::run(
        app, token, api_base, connected, shutdown,
    ));
    engine.stop();
    runtime.shutdown_timeout(Duration::from_secs(2));
    store.flush()?;
    if control_bound {
        crate::control::remove_socket(&config.data_dir);
    }
    let _ = crate::ops::write_heartbeat(&config.data_dir, false, chrono::Utc::now());
    tracing::info!("stopped; the database is flushed");
    result?;
    Ok(ExitCode::SUCCESS)
}

/// Pushes a brief to subscribers on the runtime, without holding up the caller.
fn push_later(handle: &tokio::runtime::Handle, engine: &Arc<Engine>, id: String) {
    let engine = engine.clone();
    handle.spawn(async move {
        let report = engine.push_brief(&id).await;
        tracing::info!(brief = %id, %report, "pushed to subscribers");
    });
}

/// Ingests new or changed files in the briefs folder once they stop changing; the app
/// announces new briefs to delivery as it does for every path. A file that fails to parse
/// while it is still fresh is looked at again (it may be half copied); otherwise it is
/// reported once.
async fn watch_loop(
    app: Arc<App>,
    mut watcher: Watcher,
    stopped: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stopped);
    loop {
        let files = tokio::select! {
            _ = &mut stopped => return,
            files = watcher.changed() => files,
        };
        let a = app.clone();
        let reports = match tokio::task::spawn_blocking(move || a.ingest(&files, |_| {})).await {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "ingesting from the briefs folder failed");
                continue;
            }
            Err(e) => {
                tracing::error!(error = %e, "the ingest task failed");
                continue;
            }
        };
        for r in reports {
            match &r.outcome {
                Ok(_) => tracing::info!("{}", r.line()),
                Err(_) if modified_within(&r.path, Duration::from_secs(10)) => {
                    tracing::debug!(path = %r.path.display(), "not readable yet; will look again");
                    watcher.retry(&r.path);
                }
                Err(_) => tracing::warn!("{}", r.line()),
            }
        }
    }
}

/// Rewrites the heartbeat the container's health check reads: every
/// [`HEARTBEAT_EVERY`](crate::ops::HEARTBEAT_EVERY), and at once when the gateway
/// connection comes up or goes down. Each beat also hands freed memory back.
async fn heartbeat_loop(
    data_dir: PathBuf,
    connected: Arc<AtomicBool>,
    stopped: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stopped);
    let mut last: Option<(bool, std::time::Instant)> = None;
    loop {
        let now_connected = connected.load(Ordering::SeqCst);
        let due = match last {
            None => true,
            Some((was, at)) => was != now_connected || at.elapsed() >= crate::ops::HEARTBEAT_EVERY,
        };
        if due {
            if let Err(e) =
                crate::ops::write_heartbeat(&data_dir, now_connected, chrono::Utc::now())
            {
                tracing::warn!(error = %e, dir = %data_dir.display(), "could not write the heartbeat");
            }
            last = Some((now_connected, std::time::Instant::now()));
            // What answers, ingests and index rebuilds freed since is given back on the
            // same beat, so the bot settles back after a burst.
            let _ = tokio::task::spawn_blocking(crate::ops::release_freed_memory).await;
        }
        tokio::select! {
            _ = &mut stopped => return,
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// Writes the day's backup at start and then hourly checks whether a new day began.
async fn backup_loop(store: Store, config: Config, stopped: impl std::future::Future<Output = ()>) {
    tokio::pin!(stopped);
    loop {
        let (s, c) = (store.clone(), config.clone());
        let done = tokio::task::spawn_blocking(move || {
            crate::ops::daily_backup(&s, &c.data_dir, c.backup_keep, chrono::Utc::now())
        })
        .await;
        match done {
            Ok(Ok(Some(path))) => tracing::info!(path = %path.display(), "daily backup written"),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "daily backup failed"),
            Err(e) => tracing::error!(error = %e, "daily backup task failed"),
        }
        tokio::select! {
            _ = &mut stopped => return,
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
        }
    }
}

/// `briefbot train-cue-model`: fits the cue model and reports how well it picks cue words,
/// on the training folder and on `check` when given.
fn train_cue_model(train: &Path, out: &Path, check: Option<&Path>) -> Result<ExitCode> {
    use crate::attribution::training;
    let t = training::train(train)?;
    report_training(
        &t,
        out,
        ("examples", "in a cue"),
        train,
        check,
        |name, dir| {
            let s = training::score(&t.tsv, dir)?;
            Ok(format!(
                "cue words in {name} ({}): precision {:.3}, recall {:.3}",
                dir.display(),
                s.precision(),
                s.recall()
            ))
        },
    )
}

/// `briefbot train-check-model`: fits the check model on the stage's candidates and reports
/// how the stage does with it, on the training folder and on `check` when given.
fn train_check_model(train: &Path, out: &Path, check: Option<&Path>) -> Result<ExitCode> {
    use crate::attribution::training;
    let t = training::train_check(train)?;
    report_training(
        &t,
        out,
        ("candidates", "right"),
        train,
        check,
        |name, dir| {
            let s = training::score_check(&t.tsv, dir)?;
            Ok(format!(
                "attributions in {name} ({}): recall {:.3}, precision {:.3} \
                 ({} of {} kept right, {} annotated)",
                dir.display(),
                s.recall(),
                s.precision(),
                s.matched,
                s.found,
                s.gold
            ))
        },
    )
}

/// Writes a trained model's weights to `out`, says what it was trained on, then how it
/// does on the training folder and on `check` when given: `score` gives that line for a
/// folder and its role ("train", "check").
fn report_training(
    t: &crate::attribution::training::Trained,
    out: &Path,
    (examples, positives): (&str, &str),
    train: &Path,
    check: Option<&Path>,
    score: impl Fn(&str, &Path) -> Result<String, crate::attribution::training::TrainError>,
) -> Result<ExitCode> {
    std::fs::write(out, &t.tsv).with_context(|| format!("cannot write {}", out.display()))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "trained on {} texts: {} {examples}, {} {positives}; {} features written to {}",
        t.files,
        t.examples,
        t.positives,
        t.features,
        out.display()
    )?;
    for (name, dir) in [("train", Some(train)), ("check", check)] {
        if let Some(dir) = dir {
            writeln!(stdout, "{}", score(name, dir)?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `briefbot attributions`: reads each file as it is (offsets count its characters) and
/// prints what the attribution stage finds. A file that cannot be read is named on stderr
/// and the others are still read; the exit status is then 1.
fn attributions(config: &Config, json: bool, paths: &[PathBuf]) -> Result<ExitCode> {
    use crate::attribution::find;
    use crate::positions::listing;
    let lex =
        crate::positions::Lexicons::load_or_builtin(&config.actors_file, &config.topics_file)?;
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for path in paths {
        let name = path.display().to_string();
        let text = match read_capped(path, config.max_brief_bytes)
            .map_err(anyhow::Error::from)
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("not UTF-8 text"))
            }) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{name}: {e:#}");
                failed = true;
                continue;
            }
        };
        let found = find(&text);
        if json {
            let offsets = listing::CharOffsets::new(&text);
            for a in &found {
                serde_json::to_writer(
                    &mut out,
                    &listing::to_json(&name, &text, &offsets, &lex, a),
                )?;
                writeln!(out)?;
            }
        } else {
            writeln!(out, "{name}: {} attributions", found.len())?;
            for a in &found {
                writeln!(out, "{}", listing::to_line(&text, &lex, a))?;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Opens the database and the library on it (lexicons loaded, claims in step).
fn open_app(config: Config) -> Result<App> {
    std::fs::create_dir_all(&config.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            config.data_dir.display()
        )
    })?;
    let store = Store::open(&config.data_dir, config.cache_capacity_bytes())?;
    Ok(App::open(store, config)?)
}

/// Ingests with a progress bar when stderr is a terminal; `on_batch` gets the reports of
/// each flushed batch.
fn ingest_with_progress(
    app: &App,
    files: &[PathBuf],
    on_batch: impl FnMut(&[FileReport]),
) -> Result<Vec<FileReport>> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let reports = app.ingest_in_batches(
        files,
        |f| {
            bar.set_message(
                f.file_name()
                    .map(|n| crate::ingest::shown(Path::new(n)))
                    .unwrap_or_default(),
            );
            bar.inc(1);
        },
        on_batch,
    )?;
    bar.finish_and_clear();
    Ok(reports)
}

/// Ingests the briefs folder: for `ask`, only into an empty store (so a fresh install
/// answers from the bundled briefs); for `run`, always, so files added while the bot was
/// down are not missed (unchanged files are recognised by their hash and cost a parse).
fn ingest_briefs_dir(app: &App, always: bool) -> Result<()> {
    let config = &app.config;
    let was_empty = app.store.is_empty();
    if !always && !was_empty {
        return Ok(());
    }
    if !config.briefs_dir.is_dir() {
        if was_empty {
            tracing::warn!(briefs_dir = %config.briefs_dir.display(), "the store is empty and the briefs folder does not exist");
        }
        return Ok(());
    }
    let (files, skipped) = collect(std::slice::from_ref(&config.briefs_dir));
    for s in &skipped {
        tracing::info!("{}", s.line());
    }
    let reports = ingest_with_progress(app, &files, |_| {})?;
    for r in reports.iter().filter(|r| r.outcome.is_err()) {
        tracing::warn!("{}", r.line());
    }
    let summary = Summary::of(&reports);
    if was_empty {
        tracing::info!(briefs_dir = %config.briefs_dir.display(), "the store was empty: ingested the briefs folder ({summary})");
    } else if summary.added + summary.updated > 0 {
        tracing::info!(briefs_dir = %config.briefs_dir.display(), "new or changed files in the briefs folder ({summary})");
    }
    Ok(())
}

/// Validates the config and parses every file in the briefs folder, storing nothing.
fn check(config: &Config, file: Option<&Path>) -> Result<ExitCode> {
    let mut bad = 0;
    match file {
        Some(f) => println!("config: {}", f.display()),
        None => println!("config: built-in defaults (no config/briefbot.toml)"),
    }
    for p in config.problems(file) {
        println!("problem  {}: {}", p.key, p.message);
        bad += 1;
    }
    match config.discord_token() {
        Ok(_) => {}
        // Set but unreadable: `run` would fail, whatever else is right.
        Err(e @ crate::config::ConfigError::TokenFile { .. }) => {
            println!("problem  discord.token: {e}");
            bad += 1;
        }
        // Only `run` needs it; ingest, ask and check work without.
        Err(e) => println!("warning  discord.token: {e} (needed for `briefbot run`)"),
    }
    match crate::positions::Lexicons::load_or_builtin(&config.actors_file, &config.topics_file) {
        Ok(_) => {}
        Err(e) => {
            println!("problem  actors_file/topics_file: {e}");
            bad += 1;
        }
    }
    if let Err(e) = crate::positions::WordNet::open(&config.wordnet_dir) {
        println!(
            "warning  wordnet_dir: {e}; /position topics will match their configured synonyms and exact words only (install Debian's wordnet-base)"
        );
    }
    if config.briefs_dir.is_dir() {
        let files = collect_files(std::slice::from_ref(&config.briefs_dir));
        let mut good = 0;
        for f in &files {
            // The same cap as ingest, so an oversize file is refused before it is read.
            let result = read_capped(f, config.max_brief_bytes)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    parse_brief(&bytes, &f.to_string_lossy(), config.max_brief_bytes)
                        .map_err(|e| e.to_string())
                });
            match result {
                Ok(_) => good += 1,
                Err(e) => {
                    println!(
                        "problem  briefs_dir: {} would be rejected: {e}",
                        crate::ingest::shown(f)
                    );
                    bad += 1;
                }
            }
        }
        println!(
            "briefs: {good} of {} files in {} parse",
            files.len(),
            config.briefs_dir.display()
        );
    }
    if bad == 0 {
        println!("ok");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{bad} problem{}", if bad == 1 { "" } else { "s" });
        Ok(ExitCode::from(1))
    }
}
