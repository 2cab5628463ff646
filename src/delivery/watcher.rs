//! Notices new and changed brief files by polling the briefs folder (no platform file-event
//! API: it works the same on every OS, in Docker volumes and on network shares). A file is
//! handed out only once its size and modification time were the same on two scans in a row,
//! so a brief still being copied in is not read half-written.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::ingest::MAX_DEPTH;

type Stamp = (u64, Option<SystemTime>);

#[derive(Debug)]
pub struct Watcher {
    dir: PathBuf,
    interval: Duration,
    /// What each file looked like on the last scan.
    observed: HashMap<PathBuf, Stamp>,
    /// What each file looked like when it was last handed out.
    handed: HashMap<PathBuf, Stamp>,
}

impl Watcher {
    pub fn new(dir: impl Into<PathBuf>, interval: Duration) -> Watcher {
        Watcher {
            dir: dir.into(),
            interval,
            observed: HashMap::new(),
            handed: HashMap::new(),
        }
    }

    /// Treats every file there now as already handled (the start-up ingest read them), so
    /// only later changes are reported.
    pub fn prime(&mut self) {
        self.observed = self.list();
        self.handed = self.observed.clone();
    }

    /// Files new or changed since they were last handed out whose size and mtime did not
    /// change since the previous scan. Hidden files (and those in hidden folders) are skipped.
    pub fn scan(&mut self) -> Vec<PathBuf> {
        let now = self.list();
        let mut ready: Vec<PathBuf> = now
            .iter()
            .filter(|(path, stamp)| {
                self.observed.get(*path) == Some(*stamp) && self.handed.get(*path) != Some(*stamp)
            })
            .map(|(path, _)| path.clone())
            .collect();
        ready.sort();
        for path in &ready {
            self.handed.insert(path.clone(), now[path]);
        }
        // A deleted file that comes back is new again.
        self.handed.retain(|path, _| now.contains_key(path));
        self.observed = now;
        ready
    }

    /// Offers `path` again on the next scan that finds it stable (e.g. it failed to parse
    /// while it may still have been being written).
    pub fn retry(&mut self, path: &Path) {
        self.handed.remove(path);
    }

    /// Sleeps `interval` between scans until one finds something.
    pub async fn changed(&mut self) -> Vec<PathBuf> {
        loop {
            tokio::time::sleep(self.interval).await;
            let found = self.scan();
            if !found.is_empty() {
                return found;
            }
        }
    }

    fn list(&self) -> HashMap<PathBuf, Stamp> {
        let mut out = HashMap::new();
        walk(&self.dir, 0, &mut out);
        out
    }
}

/// Whether `path` was modified within `window` of now: a parse failure of such a file may be
/// a half-written copy and deserves a [`Watcher::retry`] rather than a final rejection.
pub fn modified_within(path: &Path, window: Duration) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age <= window)
}

fn walk(dir: &Path, depth: usize, out: &mut HashMap<PathBuf, Stamp>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows symlinks, so a linked brief counts as the file it points to.
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, out);
            }
        } else if meta.is_file() {
            out.insert(path, (meta.len(), meta.modified().ok()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn set_mtime(path: &Path, secs_ago: u64) {
        let f = fs::OpenOptions::new().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(secs_ago))
            .unwrap();
    }

    #[test]
    fn files_are_handed_out_once_stable_and_again_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Watcher::new(dir.path(), Duration::from_millis(10));
        assert!(w.scan().is_empty());

        let a = dir.path().join("2025-09-05-a.txt");
        fs::write(&a, "first").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join(".git").join("HEAD"), "x").unwrap();
        assert!(w.scan().is_empty(), "seen once: not yet known to be stable");
        assert_eq!(names(&w.scan()), ["2025-09-05-a.txt"]);
        assert!(w.scan().is_empty(), "unchanged: not handed out again");

        // Still being written: the size changes between scans, so it waits.
        let mut f = fs::OpenOptions::new().append(true).open(&a).unwrap();
        f.write_all(b" more").unwrap();
        assert!(w.scan().is_empty());
        f.write_all(b" and more").unwrap();
        assert!(w.scan().is_empty());
        drop(f);
        assert_eq!(names(&w.scan()), ["2025-09-05-a.txt"]);

        // Same size, new mtime (an editor rewrote it) counts as a change.
        fs::write(&a, "first more and more").unwrap();
        set_mtime(&a, 100);
        w.scan();
        assert_eq!(names(&w.scan()), ["2025-09-05-a.txt"]);

        // A file in a subfolder is found; a deleted file that comes back is new.
        fs::create_dir(dir.path().join("2025")).unwrap();
        fs::write(dir.path().join("2025").join("b.md"), "# b").unwrap();
        fs::remove_file(&a).unwrap();
        w.scan();
        assert_eq!(names(&w.scan()), ["b.md"]);
        fs::write(&a, "first more and more").unwrap();
        set_mtime(&a, 100);
        w.scan();
        assert_eq!(names(&w.scan()), ["2025-09-05-a.txt"]);
    }

    #[test]
    fn retry_offers_a_file_again_and_prime_skips_existing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.txt");
        fs::write(&old, "old").unwrap();
        let mut w = Watcher::new(dir.path(), Duration::from_millis(10));
        w.prime();
        assert!(w.scan().is_empty());
        assert!(w.scan().is_empty(), "primed files count as handled");

        let new = dir.path().join("new.txt");
        fs::write(&new, "half").unwrap();
        w.scan();
        assert_eq!(names(&w.scan()), ["new.txt"]);
        assert!(modified_within(&new, Duration::from_secs(10)));
        w.retry(&new);
        assert_eq!(names(&w.scan()), ["new.txt"], "offered again while stable");
        assert!(w.scan().is_empty());
        set_mtime(&new, 60);
        assert!(!modified_within(&new, Duration::from_secs(10)));
    }

    #[tokio::test]
    async fn changed_waits_for_a_stable_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Watcher::new(dir.path(), Duration::from_millis(10));
        w.prime();
        fs::write(dir.path().join("c.txt"), "c").unwrap();
        let found = tokio::time::timeout(Duration::from_secs(5), w.changed())
            .await
            .expect("found within a few scans");
        assert_eq!(names(&found), ["c.txt"]);
    }
}
