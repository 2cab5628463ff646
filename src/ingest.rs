//! Ingest: brief files and folders into the store, one outcome per file. A bad file is
//! reported by name and never stops the good ones from being stored.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::brief::{parse_brief, ParseError};
use crate::positions::{analyze, Lexicons};
use crate::store::{PutOutcome, Store, StoreError};

/// Why one file was not stored.
#[derive(Debug, thiserror::Error)]
pub enum Rejection {
    #[error("{0}")]
    Parse(#[from] ParseError),
    #[error("cannot read: {0}")]
    Read(std::io::Error),
}

#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Result<PutOutcome, Rejection>,
}

impl FileReport {
    /// `added`, `updated`, `unchanged` or `rejected`.
    pub fn kind(&self) -> &'static str {
        match &self.outcome {
            Ok(PutOutcome::Added { .. }) => "added",
            Ok(PutOutcome::Updated { .. }) => "updated",
            Ok(PutOutcome::Unchanged { .. }) => "unchanged",
            Err(_) => "rejected",
        }
    }

    /// One line for a person: `added    briefs/x.txt (2025-09-05-borderland-brief)`.
    pub fn line(&self) -> String {
        let path = self.path.display();
        match &self.outcome {
            Ok(PutOutcome::Added { id }) => format!("added      {path} ({id})"),
            Ok(PutOutcome::Updated { id, revision }) => {
                format!("updated    {path} ({id}, revision {revision})")
            }
            Ok(PutOutcome::Unchanged { id }) => format!("unchanged  {path} (same as {id})"),
            Err(e) => format!("rejected   {path}: {e}"),
        }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            match r.kind() {
                "added" => s.added += 1,
                "updated" => s.updated += 1,
                "unchanged" => s.unchanged += 1,
                _ => s.rejected += 1,
            }
        }
        s
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} unchanged, {} rejected",
            self.added, self.updated, self.unchanged, self.rejected
        )
    }
}

/// How many folders deep below a named folder to look for briefs. Deeper trees are not
/// briefs folders, and the bound also ends a symlink that loops back to a parent.
pub const MAX_DEPTH: usize = 4;

/// Every file under `paths` (folders to [`MAX_DEPTH`], in name order), skipping hidden files.
/// A path that does not exist is reported as a rejected file rather than ending the run.
pub fn collect_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        walk(p, 0, &mut out);
    }
    out
}

fn walk(p: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let Ok(entries) = fs::read_dir(p) else {
            out.push(p.to_path_buf());
            return;
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|c| {
                !c.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        children.sort();
        for c in children {
            if c.is_dir() && depth >= MAX_DEPTH {
                continue;
            }
            walk(&c, depth + 1, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

/// Reads, parses and stores one file. Not flushed: the caller flushes once for the batch.
/// With `lexicons`, the brief's `/position` claims are made and stored with it.
pub fn ingest_file(
    store: &Store,
    path: &Path,
    max_bytes: usize,
    now: i64,
    lexicons: Option<&Lexicons>,
) -> Result<FileReport, StoreError> {
    let outcome = match read_capped(path, max_bytes) {
        Err(e) => Err(e),
        Ok(bytes) => ingest_bytes(
            store,
            &bytes,
            &path.to_string_lossy(),
            &source_name(path),
            max_bytes,
            now,
            lexicons,
        )?,
    };
    Ok(FileReport {
        path: path.to_path_buf(),
        outcome,
    })
}

/// The file's bytes, refusing an oversize file from its length before reading it all.
pub fn read_capped(path: &Path, max_bytes: usize) -> Result<Vec<u8>, Rejection> {
    let file = fs::File::open(path).map_err(Rejection::Read)?;
    let len = file.metadata().map_err(Rejection::Read)?.len();
    if len > max_bytes as u64 {
        return Err(ParseError::TooLarge {
            size: usize::try_from(len).unwrap_or(usize::MAX),
            limit: max_bytes,
        }
        .into());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Read one byte past the cap so a file that grew since stat is still caught.
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Rejection::Read)?;
    Ok(bytes)
}

/// Sources are remembered by absolute path, so running from another folder still finds
/// the same brief.
fn source_name(path: &Path) -> String {
    fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Stores one parsed brief under `source` (a path, URL or other stable name): with
/// `lexicons`, its `/position` claims too. Not flushed.
pub fn ingest_parsed(
    store: &Store,
    parsed: &crate::brief::ParsedBrief,
    source: &str,
    now: i64,
    lexicons: Option<&Lexicons>,
) -> Result<PutOutcome, StoreError> {
    match lexicons {
        Some(lex) => store.put_brief_analyzed(parsed, source, now, &|b| analyze(lex, b)),
        None => store.put_brief(parsed, source, now),
    }
}

/// Parses and stores bytes that did not come from a file (a fetched page or feed item, an
/// uploaded attachment). `name` guides the parser (its extension picks the format, a date
/// in it is the fallback); `source` is what the brief is remembered by, so the same source
/// later is a new revision. Not flushed: the caller flushes before reporting anything.
pub fn ingest_bytes(
    store: &Store,
    bytes: &[u8],
    name: &str,
    source: &str,
    max_bytes: usize,
    now: i64,
    lexicons: Option<&Lexicons>,
) -> Result<Result<PutOutcome, Rejection>, StoreError> {
    match parse_brief(bytes, name, max_bytes) {
        Err(e) => Ok(Err(Rejection::Parse(e))),
        Ok(parsed) => ingest_parsed(store, &parsed, source, now, lexicons).map(Ok),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[PathBuf], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn folders_are_walked_in_name_order_to_the_depth_limit_skipping_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let deep = root.join("a/b/c/d");
        fs::create_dir_all(deep.join("e")).unwrap();
        for f in [
            "z.md",
            ".hidden.md",
            "a/b/c/d/four.md",
            "a/b/c/d/e/five.md",
            "m.md",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let files = collect_files(&[root.to_path_buf()]);
        assert_eq!(names(&files, root), ["a/b/c/d/four.md", "m.md", "z.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_back_to_a_parent_folder_ends_at_the_depth_limit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/brief.md"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let files = collect_files(&[root.to_path_buf()]);
        // sub/brief.md and sub/loop/sub/brief.md; sub/loop/sub/loop/sub is five deep.
        assert_eq!(files.len(), 2, "{files:?}");
        assert!(files.iter().all(|f| f.ends_with("sub/brief.md")));
    }

    #[test]
    fn an_oversize_file_is_refused_from_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        fs::write(&path, vec![b'a'; 100]).unwrap();
        let err = read_capped(&path, 99).unwrap_err().to_string();
        assert!(err.contains("100") && err.contains("99"), "{err}");
        assert_eq!(read_capped(&path, 100).unwrap().len(), 100);
        let missing = read_capped(&dir.path().join("nope.md"), 100).unwrap_err();
        assert!(missing.to_string().starts_with("cannot read"), "{missing}");
    }
}
