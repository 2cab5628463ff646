//! Export and import: a versioned JSON Lines dump of every tree but the derived ones
//! (claims are rebuilt from briefs at start-up). The first line describes the dump; each
//! further line is one key/value. Values that are our versioned records are written as
//! their JSON, so a dump is readable and diffable; anything else as hex.

use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::{Store, StoreError, SCHEMA_VERSION};

/// Format version of the dump itself.
pub const EXPORT_VERSION: u32 = 1;
const FORMAT: &str = "briefbot-export";
/// Trees that are derived from others and rebuilt, not exported.
const DERIVED: &[&str] = &["claims", "claims_by_actor", "claim_terms"];

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
        let mut summary = BackupSummary::default();
        let header = json!({
            "format": FORMAT,
            "version": EXPORT_VERSION,
            "schema": SCHEMA_VERSION,
            "exported_at": chrono::Utc::now().to_rfc3339(),
        });
        writeln!(out, "{header}").map_err(io)?;
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
                writeln!(out, "{}", Value::Object(line)).map_err(io)?;
                summary.entries += 1;
            }
        }
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

    /// Loads a dump into this (empty) database and flushes it.
    pub fn import(&self, path: &Path) -> Result<BackupSummary, BackupError> {
        if !self.is_empty() || !self.subscriptions.is_empty() || !self.schedules.is_empty() {
            return Err(BackupError::NotEmpty(self.dir.clone()));
        }
        let io = |source| BackupError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bad = |line: usize, reason: String| BackupError::Format {
            path: path.to_path_buf(),
            line,
            reason,
        };
        let reader = BufReader::new(fs::File::open(path).map_err(io)?);
        let mut summary = BackupSummary::default();
        let mut trees_seen: Vec<String> = Vec::new();
        for (i, line) in reader.lines().enumerate() {
            let n = i + 1;
            let line = line.map_err(io)?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line).map_err(|e| bad(n, e.to_string()))?;
            if n == 1 {
                if v["format"] != FORMAT {
                    return Err(bad(n, "not a briefbot export (no header line)".into()));
                }
                let version = v["version"].as_u64().unwrap_or(0);
                if version == 0 || version > u64::from(EXPORT_VERSION) {
                    return Err(bad(
                        n,
                        format!("export version {version}; this build reads {EXPORT_VERSION}"),
                    ));
                }
                let schema = v["schema"].as_u64().unwrap_or(0);
                if schema > u64::from(SCHEMA_VERSION) {
                    return Err(bad(
                        n,
                        format!("written by a newer briefbot (schema {schema})"),
                    ));
                }
                continue;
            }
            let tree = v["tree"].as_str().ok_or_else(|| bad(n, "no tree".into()))?;
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
            if DERIVED.contains(&tree) {
                continue;
            }
            self.db
                .open_tree(tree)
                .map_err(StoreError::from)?
                .insert(key, value)
                .map_err(StoreError::from)?;
            if !trees_seen.iter().any(|t| t == tree) {
                trees_seen.push(tree.to_string());
            }
            summary.entries += 1;
        }
        summary.trees = trees_seen.len();
        self.flush()?;
        Ok(summary)
    }
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
