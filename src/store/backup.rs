//! Export and import: a versioned JSON Lines dump of every tree but the derived ones
//! (claims are rebuilt from briefs at start-up). The first line describes the dump; each
//! further line is one key/value. Values that are our versioned records are written as
//! their JSON, so a dump is readable and diffable; anything else as hex. The last line is a
//! trailer with the number of entries and a SHA-256 of every line before it, so a dump cut
//! short or damaged is refused as a whole.
//!
//! An import is built in a temporary directory beside the target and moved into place only
//! when every line parsed, every record decoded and the trailer matched: a failed import
//! leaves the target as it was, empty and ready for the next try.

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
/// Every tree a dump may hold besides the derived ones; any other name is not ours.
const TREES: &[&str] = &[
    "meta",
    "briefs",
    "brief_revisions",
    "briefs_by_date",
    "briefs_by_hash",
    "briefs_by_source",
    "briefs_by_title",
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
    #[error("the database in {0} is not empty: import only into an empty data directory")]
    NotEmpty(PathBuf),
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// What an export or import moved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub entries: usize,
    pub trees: usize,
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
        let file = fs::File::create(&tmp).map_err(io)?;
        let mut out = BufWriter::new(file);
        let mut hash = Sha256::new();
        let mut line_out = |out: &mut BufWriter<fs::File>, line: &Value| {
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
        line_out(&mut out, &header).map_err(io)?;
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
                line_out(&mut out, &Value::Object(line)).map_err(io)?;
                summary.entries += 1;
            }
        }
        let trailer =
            json!({ "trailer": { "entries": summary.entries, "sha256": hex(&hash.finalize()) } });
        writeln!(out, "{trailer}").map_err(io)?;
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        drop(file);
        fs::rename(&tmp, path).map_err(io)?;
        // The rename is durable once the directory is synced.
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(summary)
    }

    /// Restores a dump into `target`, which must hold no database or an empty one (a
    /// running bot's is refused as in use). The dump is loaded into a temporary directory
    /// beside `target`, checked, flushed and only then moved into place; on any error the
    /// temporary directory is removed and `target` is left as it was. Returns the database
    /// opened in `target`.
    pub fn import_into(
        target: &Path,
        path: &Path,
        cache_capacity: u64,
    ) -> Result<(Store, BackupSummary), BackupError> {
        let io_at = |at: &Path| {
            let at = at.to_path_buf();
            move |source| BackupError::Io { path: at, source }
        };
        if target.join("db").exists() {
            let existing = Store::open(target, cache_capacity)?;
            if !existing.is_empty()
                || !existing.subscriptions.is_empty()
                || !existing.schedules.is_empty()
            {
                return Err(BackupError::NotEmpty(target.to_path_buf()));
            }
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "data".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_at(parent))?;
        let tmp = parent.join(format!(".{name}.import-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io_at(&tmp))?;
        }
        let loaded = Store::open(&tmp, cache_capacity)
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
        // The temporary store is closed here (its lock released) whatever happened.
        let summary = match loaded {
            Ok(summary) => summary,
            Err(e) => {
                let _ = fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        move_into_place(&tmp, target).map_err(|source| {
            let _ = fs::remove_dir_all(&tmp);
            BackupError::Io {
                path: target.to_path_buf(),
                source,
            }
        })?;
        Ok((open_once_released(target, cache_capacity)?, summary))
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
        let io = |source| BackupError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bad = |line: usize, reason: String| BackupError::Format {
            path: path.to_path_buf(),
            line,
            reason,
        };
        let mut reader = BufReader::new(fs::File::open(path).map_err(io)?);
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
                    serde_json::to_writer(&mut out, &r["data"])
                        .map_err(|e| bad(n, e.to_string()))?;
                    out
                }
                (_, Value::String(h)) => unhex(h).ok_or_else(|| bad(n, "bad value_hex".into()))?,
                _ => return Err(bad(n, "no value".into())),
            };
            summary.entries += 1;
            if DERIVED.contains(&tree) {
                continue;
            }
            if tree == "meta" && key == super::SCHEMA_KEY && value != SCHEMA_VERSION.to_be_bytes() {
                return Err(bad(
                    n,
                    format!("meta schema_version is not {SCHEMA_VERSION}, the schema this build imports"),
                ));
            }
            self.db
                .open_tree(tree)
                .map_err(StoreError::from)?
                .insert(key, value)
                .map_err(StoreError::from)?;
            if !trees_seen.iter().any(|t| t == tree) {
                trees_seen.push(tree.to_string());
            }
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

/// Moves the finished database from `tmp` to `target`: a rename when `target` is absent or
/// an empty folder; otherwise (an empty database, perhaps with backups and a heartbeat
/// beside it) the old database's files are replaced one by one.
fn move_into_place(tmp: &Path, target: &Path) -> std::io::Result<()> {
    let entries = match fs::read_dir(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return fs::rename(tmp, target),
        Err(e) => return Err(e),
        Ok(entries) => entries.collect::<Result<Vec<_>, _>>()?,
    };
    if entries.is_empty() {
        fs::remove_dir(target)?;
        return fs::rename(tmp, target);
    }
    for e in &entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        // sled's snapshots name their log position: an old one must not outlive its log.
        if name.starts_with("snap.") {
            fs::remove_file(e.path())?;
        }
    }
    for e in fs::read_dir(tmp)? {
        let e = e?;
        let to = target.join(e.file_name());
        if to.is_dir() {
            fs::remove_dir_all(&to)?;
        } else if to.exists() {
            fs::remove_file(&to)?;
        }
        fs::rename(e.path(), to)?;
    }
    fs::remove_dir(tmp)
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
