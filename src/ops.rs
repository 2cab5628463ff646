//! What the running bot does for its operator on its own: a heartbeat file that `briefbot
//! healthcheck` (the container's HEALTHCHECK) reads, a daily backup into the data
//! directory, and handing freed memory back to the system.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::store::Store;

pub const HEARTBEAT_FILE: &str = "heartbeat.json";
/// How often the bot rewrites the heartbeat, and how old one may be before it is stale.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(20);
pub const HEARTBEAT_STALE_AFTER: Duration = Duration::from_secs(90);
pub const BACKUP_DIR: &str = "backups";

/// How much lower than the bot's own threads a background build runs (a nice value).
const BACKGROUND_NICENESS: i32 = 10;

/// Lowers the calling thread's priority for good: for a thread of its own doing background
/// work (building an index), so that answers meanwhile get the cores first. Not for a
/// pooled thread: without privileges a thread cannot raise its priority again. Where
/// threads have no priority of their own (not Linux), it does nothing.
pub fn yield_to_answers() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority and gettid only read their integer arguments; for
    // PRIO_PROCESS, Linux takes a thread id and changes that thread alone.
    unsafe {
        let tid = libc::gettid();
        if libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, BACKGROUND_NICENESS) != 0 {
            tracing::debug!(error = %std::io::Error::last_os_error(), "could not lower a background thread's priority");
        }
    }
}

/// Hands the heap pages the process has freed back to the system. glibc keeps what its
/// threads free for their next allocations, and frees little of it on its own when live
/// data sits above it: building the `/position` index decodes every stored claim, and a
/// burst of answers runs on many threads, so without this the bot stays at its peak for
/// good (65 MiB of 183 at 10k briefs, measured after start-up). Elsewhere than on glibc
/// it does nothing.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes a byte count and only touches the allocator's own state,
    // which it locks; it is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Records that the bot is alive and whether its gateway connection is up. Written to a
/// temporary file and renamed, so the health check never reads half a file.
pub fn write_heartbeat(
    data_dir: &Path,
    connected: bool,
    now: DateTime<Utc>,
) -> std::io::Result<()> {
    let path = data_dir.join(HEARTBEAT_FILE);
    let tmp = data_dir.join(format!(".{HEARTBEAT_FILE}.tmp"));
    let body = json!({ "at": now.to_rfc3339(), "connected": connected, "pid": std::process::id() });
    fs::write(&tmp, body.to_string())?;
    fs::rename(tmp, path)
}

/// Ok when a heartbeat newer than [`HEARTBEAT_STALE_AFTER`] says the bot is connected;
/// otherwise the reason, for the health check's output.
pub fn check_heartbeat(data_dir: &Path, now: DateTime<Utc>) -> Result<String, String> {
    let path = data_dir.join(HEARTBEAT_FILE);
    let text = fs::read_to_string(&path).map_err(|e| {
        format!(
            "no heartbeat at {} ({e}): the bot is not running, or has not started yet",
            path.display()
        )
    })?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("unreadable heartbeat {}: {e}", path.display()))?;
    let at = v["at"]
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .ok_or_else(|| format!("heartbeat {} has no time", path.display()))?
        .with_timezone(&Utc);
    let age = (now - at).num_seconds();
    if age > HEARTBEAT_STALE_AFTER.as_secs() as i64 {
        return Err(format!("stale heartbeat: last written {age} s ago"));
    }
    if v["connected"] != true {
        return Err("running, but not connected to Discord (yet)".into());
    }
    Ok(format!("healthy: connected, heartbeat {age} s old"))
}

/// Writes today's backup (`backups/briefbot-YYYY-MM-DD.jsonl`) unless it exists, and keeps
/// the newest `keep`. Returns the path written, if any.
pub fn daily_backup(
    store: &Store,
    data_dir: &Path,
    keep: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<PathBuf>> {
    let dir = data_dir.join(BACKUP_DIR);
    fs::create_dir_all(&dir)?;
    let path = dir.join(format!("briefbot-{}.jsonl", now.format("%Y-%m-%d")));
    let written = if path.exists() {
        None
    } else {
        store.export(&path)?;
        Some(path)
    };
    let mut backups: Vec<PathBuf> = fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("briefbot-") && n.ends_with(".jsonl"))
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    for old in &backups[..excess] {
        fs::remove_file(old)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_background_thread_runs_lower_and_leaves_the_others_alone() {
        // SAFETY: getpriority and gettid only read their integer arguments.
        let niceness =
            || unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
        let before = niceness();
        let lowered = std::thread::spawn(move || {
            yield_to_answers();
            niceness()
        })
        .join()
        .unwrap();
        assert_eq!(lowered, (before + BACKGROUND_NICENESS).min(19));
        assert_eq!(niceness(), before, "only the calling thread is lowered");
    }

    #[test]
    fn releasing_freed_memory_keeps_live_data() {
        let kept: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 64 * 1024]).collect();
        drop((0..64).map(|_| vec![1u8; 64 * 1024]).collect::<Vec<_>>());
        release_freed_memory();
        assert!(kept
            .iter()
            .enumerate()
            .all(|(i, v)| v.iter().all(|&b| b == i as u8)));
    }

    #[test]
    fn heartbeat_is_healthy_only_when_fresh_and_connected() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        assert!(check_heartbeat(dir.path(), t0)
            .unwrap_err()
            .contains("no heartbeat"));
        write_heartbeat(dir.path(), false, t0).unwrap();
        assert!(check_heartbeat(dir.path(), t0)
            .unwrap_err()
            .contains("not connected"));
        write_heartbeat(dir.path(), true, t0).unwrap();
        assert!(check_heartbeat(dir.path(), t0 + chrono::Duration::seconds(30)).is_ok());
        assert!(
            check_heartbeat(dir.path(), t0 + chrono::Duration::seconds(600))
                .unwrap_err()
                .contains("stale")
        );
    }

    #[test]
    fn daily_backups_are_written_once_a_day_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db"), 1 << 20).unwrap();
        let day = |d: u32| Utc.with_ymd_and_hms(2026, 1, d, 3, 0, 0).unwrap();
        for d in 1..=9 {
            assert!(daily_backup(&store, dir.path(), 7, day(d))
                .unwrap()
                .is_some());
        }
        assert!(
            daily_backup(&store, dir.path(), 7, day(9))
                .unwrap()
                .is_none(),
            "once a day"
        );
        let left = fs::read_dir(dir.path().join(BACKUP_DIR)).unwrap().count();
        assert_eq!(left, 7);
        assert!(!dir
            .path()
            .join(BACKUP_DIR)
            .join("briefbot-2026-01-01.jsonl")
            .exists());
    }
}
