//! Export and import: a versioned JSON Lines dump of every tree but the derived ones
//! (claims are rebuilt from briefs at start-up). The first line describes the dump; each
//! further line is one key/value. Values that are our versioned records are written as
//! their JSON, so a dump is readable and diffable; anything else as hex. The last line is a
//! trailer with the number of entries and a SHA-256 of every line before it, so a dump cut
//! short or damaged is refused as a whole.
//!
//! An import is built in a staging directory inside the target (`.import-<pid>`: inside,
//! so a data directory that is a mount point, as `/data` is in the container, needs no
//! writable parent) and moved into place only when every line parsed, every record decoded
//! and the trailer matched: a failed import leaves the target as it was. `import --replace`
//! first moves the database it replaces aside, into `replaced-<time>` in the same
//! directory, so a restore never mixes old and new data and loses nothing.
//!
//! A dump can also arrive as a stream (from a running bot over its control socket):
//! [`write_checked_dump`] checks it line by line as the import would and writes it
//! atomically, so a dump cut short never lands as a backup file.

use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{Store, StoreError, SCHEMA_VERSION};

/// Format version of the dump itself. Version 2 added the trailer.
pub const EXPORT_VERSION: u32 = 2;
const FORMAT: &str = "briefbot-export";
/// Trees that are derived from others and rebuilt, not exported.
const DERIVED: &[&str] = &["claims", "claims_by_actor", "claim_terms"];
/// A tree older versions wrote and nothing reads (see `Store::open`).
const DROPPED: &str = "briefs_by_title";
/// Every tree a dump may hold besides the derived ones; any other name is not ours.
const TREES: &[&str] = &[
    "meta",
    "briefs",
    "brief_revisions",
    "briefs_by_date",
    "briefs_by_hash",
    "briefs_by_source",
    // Written by older versions, never read, and dropped at open: their backups still
    // import, without it.
    DROPPED,
    "subscriptions",
    "schedules",
    "deliveries",
    "sources",
    "source_items",
];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} line {line}: {reason}")]
    Format {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("the database in {0} is not empty: import into an empty data directory, or use `import --replace` to move the current data aside first")]
    NotEmpty(PathBuf),
    #[error("a briefbot is running on the data directory {0}: stop it before importing (with Docker: `docker compose stop briefbot`); `briefbot export` backs up a running bot")]
    Running(PathBuf),
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// What an export or import moved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub entries: usize,
    pub trees: usize,
}

/// A finished import: the database now in the target, what was loaded, and where the
/// database it replaced was moved (`import --replace` on a data directory that had one).
pub struct Imported {
    pub store: Store,
    pub summary: BackupSummary,
    pub moved_aside: Option<PathBuf>,
}

/// The staging directory of an import, inside the target.
const STAGING_PREFIX: &str = ".import-";
/// Where `import --replace` puts the database it replaces, inside the target.
pub const REPLACED_PREFIX: &str = "replaced-";

/// The files and folders sled keeps in a database directory (sled 0.34: `conf`, `db`,
/// `blobs/`, `snap.*`). Only these are moved: backups, the heartbeat and anything else the
/// operator keeps in the data directory stay where they are.
fn is_database_entry(name: &str) -> bool {
    matches!(name, "conf" | "db" | "blobs") || name.starts_with("snap.")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A key as readable text when it is printable UTF-8, else hex.
fn key_json(k: &[u8]) -> (String, Value) {
    match std::str::from_utf8(k) {
        Ok(s) if !s.chars().any(|c| c.is_control()) => ("key".into(), json!(s)),
        _ => ("key_hex".into(), json!(hex(k))),
    }
}

/// A value as its record JSON when it is one (version byte 1..=9 then JSON), else hex.
fn value_json(v: &[u8]) -> (String, Value) {
    if let Some((&ver, body)) = v.split_first() {
        if (1..=9).contains(&ver) {
            if let Ok(j) = serde_json::from_slice::<Value>(body) {
                if j.is_object() || j.is_array() {
                    return ("record".into(), json!({ "v": ver, "data": j }));
                }
            }
        }
    }
    ("value_hex".into(), json!(hex(v)))
}

impl Store {
    /// Writes the dump to `path` atomically: a temporary file beside it, fsynced, renamed.
    pub fn export(&self, path: &Path) -> Result<BackupSummary, BackupError> {
        write_atomically(path, |out| self.export_to(out, path))
    }

    /// Writes the dump to `out` (a file, or a running bot's control socket). `shown` names
    /// where it goes, in errors.
    pub fn export_to(
        &self,
        out: &mut dyn Write,
        shown: &Path,
    ) -> Result<BackupSummary, BackupError> {
        let io = |source| BackupError::Io {
            path: shown.to_path_buf(),
            source,
        };
        let mut hash = Sha256::new();
        let mut line_out = |out: &mut dyn Write, line: &Value| {
            let line = format!("{line}\n");
            hash.update(line.as_bytes());
            out.write_all(line.as_bytes())
        };
        let mut summary = BackupSummary::default();
        let header = json!({
            "format": FORMAT,
            "version": EXPORT_VERSION,
            "schema": SCHEMA_VERSION,
            "exported_at": chrono::Utc::now().to_rfc3339(),
        });
        line_out(out, &header).map_err(io)?;
        for name in self.db.tree_names() {
            let name = String::from_utf8_lossy(&name).into_owned();
            if name.starts_with("__sled") || DERIVED.contains(&name.as_str()) {
                continue;
            }
            let tree = self.db.open_tree(&name).map_err(StoreError::from)?;
            summary.trees += 1;
            for kv in tree.iter() {
                let (k, v) = kv.map_err(StoreError::from)?;
                let (kf, kv_) = key_json(&k);
                let (vf, vv) = value_json(&v);
                let mut line = serde_json::Map::new();
                line.insert("tree".into(), json!(name));
                line.insert(kf, kv_);
                line.insert(vf, vv);
                line_out(out, &Value::Object(line)).map_err(io)?;
                summary.entries += 1;
            }
        }
        let trailer =
            json!({ "trailer": { "entries": summary.entries, "sha256": hex(&hash.finalize()) } });
        writeln!(out, "{trailer}").map_err(io)?;
        out.flush().map_err(io)?;
        Ok(summary)
    }

    /// Restores a dump into `target`, which must hold no database or an empty one. The dump
    /// is loaded into a staging directory inside `target`, checked, flushed and only then
    /// moved into place; on any error the staging directory is removed and `target` is left
    /// as it was. A running bot's database is refused ([`BackupError::Running`]).
    pub fn import_into(
        target: &Path,
        path: &Path,
        cache_capacity: u64,
    ) -> Result<Imported, BackupError> {
        import(target, path, cache_capacity, false)
    }

    /// [`Store::import_into`] for a data directory that holds data: once the dump is loaded
    /// and checked, the current database is moved aside into `replaced-<time>` inside
    /// `target` (where `--data` can open it), and the dump takes its place.
    pub fn import_replacing(
        target: &Path,
        path: &Path,
        cache_capacity: u64,
    ) -> Result<Imported, BackupError> {
        import(target, path, cache_capacity, true)
    }

    /// Every record a command would read decodes, and the schema is this build's.
    fn check_loaded(&self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::Corrupt {
                key: "meta/schema_version".into(),
                reason: format!("schema {found}; this build imports schema {SCHEMA_VERSION}"),
            });
        }
        for kv in self.briefs.iter().chain(self.revisions.iter()) {
            let (k, v) = kv?;
            super::records::decode_brief(&k, &v)?;
        }
        self.all_briefs()?;
        self.subscriptions()?;
        self.schedules()?;
        self.deliveries_with_prefix("")?;
        self.source_states()?;
        Ok(())
    }

    /// Writes the dump's entries into this (new, empty) database, checking each line, the
    /// tree names, the header's versions and the trailer's count and checksum.
    fn load_dump(&self, path: &Path) -> Result<BackupSummary, BackupError> {
        let file = fs::File::open(path).map_err(|source| BackupError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        read_dump(
            BufReader::new(file),
            path,
            |_| Ok(()),
            |tree, key, value| {
                if DERIVED.contains(&tree) || tree == DROPPED {
                    return Ok(());
                }
                self.db
                    .open_tree(tree)
                    .map_err(StoreError::from)?
                    .insert(key, value)
                    .map_err(StoreError::from)?;
                Ok(())
            },
        )
    }
}

/// Reads a dump line by line: `on_line` gets every line as it came (trailer included),
/// `on_entry` every entry decoded (tree, key, value). Checks the header's format and
/// versions, every line, the tree names, the schema in `meta`, and the trailer's count and
/// checksum; `shown` names the dump in errors.
fn read_dump(
    mut reader: impl BufRead,
    shown: &Path,
    mut on_line: impl FnMut(&[u8]) -> Result<(), BackupError>,
    mut on_entry: impl FnMut(&str, Vec<u8>, Vec<u8>) -> Result<(), BackupError>,
) -> Result<BackupSummary, BackupError> {
    let io = |source| BackupError::Io {
        path: shown.to_path_buf(),
        source,
    };
    let bad = |line: usize, reason: String| BackupError::Format {
        path: shown.to_path_buf(),
        line,
        reason,
    };
    let mut summary = BackupSummary::default();
    let mut trees_seen: Vec<String> = Vec::new();
    let mut hash = Sha256::new();
    let mut trailer: Option<(usize, Value)> = None;
    let mut raw = Vec::new();
    let mut n = 0;
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw).map_err(io)? == 0 {
            break;
        }
        n += 1;
        if let Some((at, _)) = trailer {
            return Err(bad(n, format!("a line after the trailer on line {at}")));
        }
        let line = std::str::from_utf8(&raw).map_err(|_| bad(n, "not UTF-8".into()))?;
        if line.trim().is_empty() {
            return Err(bad(n, "an empty line".into()));
        }
        let v: Value = serde_json::from_str(line).map_err(|e| bad(n, e.to_string()))?;
        on_line(&raw)?;
        if v.get("trailer").is_some() {
            trailer = Some((n, v));
            continue;
        }
        hash.update(&raw);
        if n == 1 {
            check_header(&v).map_err(|reason| bad(n, reason))?;
            continue;
        }
        let tree = v["tree"].as_str().ok_or_else(|| bad(n, "no tree".into()))?;
        if !TREES.contains(&tree) && !DERIVED.contains(&tree) {
            return Err(bad(n, format!("unknown tree {tree:?}")));
        }
        let key = match (&v["key"], &v["key_hex"]) {
            (Value::String(s), _) => s.as_bytes().to_vec(),
            (_, Value::String(h)) => unhex(h).ok_or_else(|| bad(n, "bad key_hex".into()))?,
            _ => return Err(bad(n, "no key".into())),
        };
        let value = match (&v["record"], &v["value_hex"]) {
            (Value::Object(r), _) => {
                let ver = r
                    .get("v")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| bad(n, "record without v".into()))?;
                let mut out =
                    vec![u8::try_from(ver).map_err(|_| bad(n, "bad record version".into()))?];
                serde_json::to_writer(&mut out, &r["data"]).map_err(|e| bad(n, e.to_string()))?;
                out
            }
            (_, Value::String(h)) => unhex(h).ok_or_else(|| bad(n, "bad value_hex".into()))?,
            _ => return Err(bad(n, "no value".into())),
        };
        summary.entries += 1;
        if tree == "meta" && key == super::SCHEMA_KEY && value != SCHEMA_VERSION.to_be_bytes() {
            return Err(bad(
                n,
                format!(
                    "meta schema_version is not {SCHEMA_VERSION}, the schema this build imports"
                ),
            ));
        }
        if !DERIVED.contains(&tree) && !trees_seen.iter().any(|t| t == tree) {
            trees_seen.push(tree.to_string());
        }
        on_entry(tree, key, value)?;
    }
    if n == 0 {
        return Err(bad(1, "empty file: no header line".into()));
    }
    let Some((at, trailer)) = trailer else {
        return Err(bad(
            n,
            "no trailer line: the backup is incomplete (cut short?)".into(),
        ));
    };
    let t = &trailer["trailer"];
    if t["entries"].as_u64() != Some(summary.entries as u64) {
        return Err(bad(
            at,
            format!(
                "the trailer counts {} entries, the file holds {}",
                t["entries"], summary.entries
            ),
        ));
    }
    if t["sha256"].as_str() != Some(hex(&hash.finalize()).as_str()) {
        return Err(bad(
            at,
            "checksum mismatch: the backup was changed or damaged".into(),
        ));
    }
    summary.trees = trees_seen.len();
    Ok(summary)
}

/// Writes a dump read from `input` (a running bot's answer on its control socket) to
/// `path`, atomically, checking it as an import would: a dump cut short or damaged is
/// refused and no file is left. `shown` names where the dump came from, in errors.
pub fn write_checked_dump(
    input: impl BufRead,
    path: &Path,
    shown: &Path,
) -> Result<BackupSummary, BackupError> {
    write_atomically(path, |out| {
        read_dump(
            input,
            shown,
            |line| {
                out.write_all(line).map_err(|source| BackupError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            },
            |_, _, _| Ok(()),
        )
    })
}

/// Runs `write` on a temporary file beside `path`, then fsyncs it and renames it to `path`;
/// on any error the temporary file is removed and `path` is left as it was.
fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, BackupError>,
) -> Result<T, BackupError> {
    let io = |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = fs::File::create(&tmp).map_err(io).and_then(|file| {
        let mut out = BufWriter::new(file);
        let value = write(&mut out)?;
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        Ok(value)
    });
    let value = match written {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    fs::rename(&tmp, path).map_err(io)?;
    // The rename is durable once the directory is synced.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(value)
}

/// An import, plain or replacing (see [`Store::import_into`], [`Store::import_replacing`]).
fn import(
    target: &Path,
    path: &Path,
    cache_capacity: u64,
    replace: bool,
) -> Result<Imported, BackupError> {
    let io_at = |at: &Path| {
        let at = at.to_path_buf();
        move |source| BackupError::Io { path: at, source }
    };
    // Held open while the dump loads: the lock keeps a bot from starting on the data
    // directory meanwhile, and a running bot's lock refuses the import.
    let existing = if target.join("db").exists() {
        let existing = match Store::open(target, cache_capacity) {
            Err(StoreError::InUse { dir }) => return Err(BackupError::Running(dir)),
            other => other?,
        };
        let has_data = !existing.is_empty()
            || !existing.subscriptions.is_empty()
            || !existing.schedules.is_empty();
        if has_data && !replace {
            return Err(BackupError::NotEmpty(target.to_path_buf()));
        }
        Some((existing, has_data))
    } else {
        None
    };
    let created = !target.exists();
    fs::create_dir_all(target).map_err(io_at(target))?;
    let staging = target.join(format!("{STAGING_PREFIX}{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_at(&staging))?;
    }
    // A failed import leaves no trace: the staging directory goes, and so does the target
    // if this import made it (only when empty).
    let clean_up = || {
        let _ = fs::remove_dir_all(&staging);
        if created {
            let _ = fs::remove_dir(target);
        }
    };
    let loaded = Store::open(&staging, cache_capacity)
        .map_err(BackupError::from)
        .and_then(|store| {
            let summary = store.load_dump(path)?;
            store.check_loaded().map_err(|e| BackupError::Invalid {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
            store.flush()?;
            Ok(summary)
        });
    // The staging store is closed here (its lock released) whatever happened.
    let summary = match loaded {
        Ok(summary) => summary,
        Err(e) => {
            clean_up();
            return Err(e);
        }
    };
    // Closed before its files move. sled lets go of the files a moment after, but has
    // nothing left to write, and a rename leaves open files pointing where they went.
    let keep_aside = existing.is_some_and(|(store, has_data)| {
        drop(store);
        has_data
    });
    let moved = (|| {
        let aside = if keep_aside {
            Some(move_aside(target)?)
        } else {
            None
        };
        move_into_place(&staging, target)?;
        Ok(aside)
    })()
    .map_err(io_at(target));
    let moved_aside = match moved {
        Ok(aside) => aside,
        Err(e) => {
            clean_up();
            return Err(e);
        }
    };
    Ok(Imported {
        store: open_once_released(target, cache_capacity)?,
        summary,
        moved_aside,
    })
}

/// Moves the database in `target` into a new `replaced-<time>` folder beside its files and
/// returns that folder.
fn move_aside(target: &Path) -> std::io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut aside = target.join(format!("{REPLACED_PREFIX}{stamp}"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = target.join(format!("{REPLACED_PREFIX}{stamp}-{n}"));
    }
    fs::create_dir(&aside)?;
    for e in fs::read_dir(target)? {
        let e = e?;
        if is_database_entry(&e.file_name().to_string_lossy()) {
            fs::rename(e.path(), aside.join(e.file_name()))?;
        }
    }
    Ok(aside)
}

/// Opens a database this process has just closed. sled lets go of its lock when the last
/// of its background tasks drops its handle, a moment after the `Db` itself is dropped.
fn open_once_released(dir: &Path, cache_capacity: u64) -> Result<Store, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match Store::open(dir, cache_capacity) {
            Err(StoreError::InUse { .. }) if started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(50));
            }
            opened => return opened,
        }
    }
}

/// The first line: our format, an export version this build reads, and this build's schema.
fn check_header(v: &Value) -> Result<(), String> {
    if v["format"] != FORMAT {
        return Err("not a briefbot export (no header line)".into());
    }
    let version = v["version"].as_u64().unwrap_or(0);
    if version != u64::from(EXPORT_VERSION) {
        return Err(format!(
            "export version {version}; this build imports version {EXPORT_VERSION} (with a trailer), so export again with this build"
        ));
    }
    let schema = v["schema"].as_u64().unwrap_or(0);
    if schema != u64::from(SCHEMA_VERSION) {
        return Err(format!(
            "schema {schema}; this build imports schema {SCHEMA_VERSION}"
        ));
    }
    Ok(())
}

/// Moves the finished database from `staging` into `target`, replacing the (empty)
/// database there, if any; `db` goes last, so a data directory never has a `db` file
/// beside half of another database's files.
fn move_into_place(staging: &Path, target: &Path) -> std::io::Result<()> {
    for e in fs::read_dir(target)? {
        let e = e?;
        if !is_database_entry(&e.file_name().to_string_lossy()) {
            continue;
        }
        // An empty database; its snapshots name log positions and must not outlive the log.
        if e.file_type()?.is_dir() {
            fs::remove_dir_all(e.path())?;
        } else {
            fs::remove_file(e.path())?;
        }
    }
    let mut entries = fs::read_dir(staging)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.file_name() == "db");
    for e in entries {
        fs::rename(e.path(), target.join(e.file_name()))?;
    }
    fs::remove_dir(staging)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = vec![0u8, 1, 254, 255, 16];
        assert_eq!(unhex(&hex(&bytes)).unwrap(), bytes);
        assert!(unhex("abc").is_none());
        assert!(unhex("zz").is_none());
    }
}
