//! What the benches that run the real `briefbot run` binary against the fake Discord share:
//! starting and stopping the bot, preparing its folder, and the figures they print.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::fake_discord::FakeDiscord;
use crate::support::interactions as ix;

/// A running `briefbot run`, killed when dropped.
pub(crate) struct Bot(pub(crate) Child);

impl Drop for Bot {
    fn drop(&mut self) {
        // SIGKILL is fine: the data directory is a throwaway.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("dir entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Copies the project's `config/` into `dir` and writes a `briefbot.toml` that registers
/// commands in the fake's guild, with backups off.
pub(crate) fn prepare(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("config"), &dir.join("config"));
    std::fs::write(
        dir.join("briefbot.toml"),
        format!(
            "backup_enabled = false\n\n[discord]\nguilds = [{}]\n",
            ix::GUILD_ID
        ),
    )
    .expect("write config");
}

/// Log lines of the bot's indexes a bench times: ready at start, caught up or rebuilt
/// after briefs arrive.
const INDEX_LINES: &[&str] = &[
    "/position index ready",
    "/position index caught up",
    "search index caught up",
    "search index rebuilt",
];

/// Starts `briefbot run` in `dir` (prepared by [`prepare`]) against the fake, its info
/// log read here: every line is passed on to stderr, and each line about its indexes
/// ([`INDEX_LINES`]) is sent on the channel returned, with the moment it was read.
pub(crate) fn start_bot(
    fake: &FakeDiscord,
    dir: &Path,
) -> (Bot, mpsc::Receiver<(Instant, String)>) {
    let mut child = crate::support::bot::run_command(dir, fake, "warn,briefbot=info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start briefbot run");
    let stderr = child.stderr.take().expect("piped stderr");
    let (built, on_built) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if INDEX_LINES.iter().any(|l| line.contains(l)) {
                let _ = built.send((Instant::now(), line.clone()));
            }
            eprintln!("{line}");
        }
    });
    (Bot(child), on_built)
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
