//! The command that starts the real `briefbot run` against the fake Discord, for the tests
//! and the benches that drive the binary.

use std::path::Path;
use std::process::{Command, Stdio};

use super::fake_discord::FakeDiscord;

/// `briefbot run` in `dir` (which holds `briefbot.toml`; the store goes in `dir/data`),
/// talking to `fake`, logging at `rust_log` to this process's stderr.
pub fn run_command(dir: &Path, fake: &FakeDiscord, rust_log: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefbot"));
    cmd.current_dir(dir)
        .args(["--config", "briefbot.toml", "--data", "data", "run"])
        .env("DISCORD_TOKEN", "fake-token")
        .env("DISCORD_API_BASE", fake.api_base())
        .env("RUST_LOG", rust_log)
        .env_remove("DISCORD_TOKEN_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    cmd
}
