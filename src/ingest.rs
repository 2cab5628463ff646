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
    /// Opening a named pipe or a device blocks until someone writes to it, or reads for
    /// ever: only regular files are read.
    #[error("not a regular file ({0}): only regular files are read")]
    NotAFile(&'static str),
    #[error("dated {date}, more than {} days after today ({today}): a brief cannot be from the future; check the date in the text or the file name", MAX_DAYS_AHEAD)]
    FutureDate {
        date: chrono::NaiveDate,
        today: chrono::NaiveDate,
    },
}

/// How far past today (UTC) a brief may be dated: time zones ahead of UTC and a publisher's
/// next-day brief, nothing more. A far-future date would be `/brief latest` for ever.
pub const MAX_DAYS_AHEAD: i64 = 2;

/// Refuses a brief dated more than [`MAX_DAYS_AHEAD`] days after the day of `now` (Unix
/// seconds, injected so tests choose today).
pub fn check_date(parsed: &crate::brief::ParsedBrief, now: i64) -> Result<(), Rejection> {
    let today = chrono::DateTime::from_timestamp(now, 0)
        .unwrap_or_default()
        .date_naive();
    if (parsed.date - today).num_days() > MAX_DAYS_AHEAD {
        return Err(Rejection::FutureDate {
            date: parsed.date,
            today,
        });
    }
    Ok(())
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
        let path = shown(&self.path);
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

/// A path as printed: control characters (a newline or an escape sequence in a file name)
/// are escaped, so one file is one line and cannot rewrite the terminal.
pub fn shown(path: &Path) -> String {
    let s = path.to_string_lossy();
    if !s.chars().any(char::is_control) {
        return s.into_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Why a path under a named folder was not looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    Hidden,
    TooDeep,
}

/// A path left out of an ingest, reported so that nothing vanishes without a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

impl Skipped {
    pub fn line(&self) -> String {
        let why = match self.reason {
            SkipReason::Hidden => "hidden (its name starts with a dot)".to_string(),
            SkipReason::TooDeep => {
                format!("a folder more than {MAX_DEPTH} levels below the named folder")
            }
        };
        format!("skipped    {}: {why}", shown(&self.path))
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
    collect(paths).0
}

/// Like [`collect_files`], with the hidden files and too-deep folders that were left out.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        walk(p, 0, &mut out, &mut skipped);
    }
    (out, skipped)
}

fn walk(p: &Path, depth: usize, out: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    if p.is_dir() {
        let Ok(entries) = fs::read_dir(p) else {
            out.push(p.to_path_buf());
            return;
        };
        let mut children: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        children.sort();
        for c in children {
            let hidden = c
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            let reason = if hidden {
                Some(SkipReason::Hidden)
            } else if c.is_dir() && depth >= MAX_DEPTH {
                Some(SkipReason::TooDeep)
            } else {
                None
            };
            match reason {
                Some(reason) => skipped.push(Skipped { path: c, reason }),
                None => walk(&c, depth + 1, out, skipped),
            }
        }
    } else {
        out.push(p.to_path_buf());
    }
}

/// A file read, parsed and (when its text is new) analysed: the work of ingest that needs
/// no order and no transaction, so files are prepared on every core and stored one by one.
pub struct Prepared {
    path: PathBuf,
    source: String,
    parsed: Result<crate::brief::ParsedBrief, Rejection>,
    claims: Option<Vec<crate::positions::Claim>>,
}

/// Reads and parses `path`, and makes its claims with `lexicons` unless the store already
/// holds its text. Stores nothing.
pub fn prepare_file(
    store: &Store,
    path: &Path,
    max_bytes: usize,
    now: i64,
    lexicons: Option<&Lexicons>,
) -> Result<Prepared, StoreError> {
    let source = source_name(path);
    let parsed = read_capped(path, max_bytes)
        .and_then(|bytes| parse_dated(&bytes, &path.to_string_lossy(), max_bytes, now));
    let claims = match (&parsed, lexicons) {
        (Ok(p), Some(lex)) if !store.has_text_of(p)? => {
            Some(analyze(lex, &Store::brief_for_analysis(p, &source, now)))
        }
        _ => None,
    };
    Ok(Prepared {
        path: path.to_path_buf(),
        source,
        parsed,
        claims,
    })
}

/// Prepares `files` on up to `threads` threads; the results keep the files' order.
pub fn prepare_files(
    store: &Store,
    files: &[PathBuf],
    max_bytes: usize,
    now: i64,
    lexicons: Option<&Lexicons>,
    threads: usize,
) -> Vec<Result<Prepared, StoreError>> {
    let threads = threads.clamp(1, files.len().max(1));
    if threads == 1 {
        return files
            .iter()
            .map(|f| prepare_file(store, f, max_bytes, now, lexicons))
            .collect();
    }
    // Each thread takes the next file not yet taken, so one that drew long files does not
    // leave the others idle at the end of the chunk.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<Prepared, StoreError>>> = Vec::new();
    slots.resize_with(files.len(), || None);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let next = &next;
                scope.spawn(move || {
                    std::iter::from_fn(|| {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        files
                            .get(i)
                            .map(|f| (i, prepare_file(store, f, max_bytes, now, lexicons)))
                    })
                    .collect::<Vec<_>>()
                })
            })
            .collect();
        for w in workers {
            for (i, p) in w.join().expect("a preparing thread panicked") {
                slots[i] = Some(p);
            }
        }
    });
    slots
        .into_iter()
        .map(|p| p.expect("every file is prepared"))
        .collect()
}

/// Stores a prepared file. Claims made ahead are used; a brief whose text became new since
/// (another writer changed the store) is analysed here. Not flushed.
pub fn store_prepared(
    store: &Store,
    p: Prepared,
    now: i64,
    lexicons: Option<&Lexicons>,
) -> Result<FileReport, StoreError> {
    let outcome = match p.parsed {
        Err(e) => Err(e),
        Ok(parsed) => {
            let ahead = std::cell::RefCell::new(p.claims);
            match lexicons {
                Some(lex) => store.put_brief_analyzed(&parsed, &p.source, now, &|b| {
                    ahead.borrow_mut().take().unwrap_or_else(|| analyze(lex, b))
                }),
                None => store.put_brief(&parsed, &p.source, now),
            }
            .map(Ok)?
        }
    };
    Ok(FileReport {
        path: p.path,
        outcome,
    })
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
    // Checked before opening: opening a FIFO blocks until a writer comes, which may be never.
    let meta = fs::metadata(path).map_err(Rejection::Read)?;
    if !meta.is_file() {
        return Err(Rejection::NotAFile(file_type_name(&meta.file_type())));
    }
    let file = fs::File::open(path).map_err(Rejection::Read)?;
    let meta = file.metadata().map_err(Rejection::Read)?;
    // Swapped for something else between the look and the open.
    if !meta.is_file() {
        return Err(Rejection::NotAFile(file_type_name(&meta.file_type())));
    }
    let len = meta.len();
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

fn file_type_name(t: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "another kind of file"
    }
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
    match parse_dated(bytes, name, max_bytes, now) {
        Err(e) => Ok(Err(e)),
        Ok(parsed) => ingest_parsed(store, &parsed, source, now, lexicons).map(Ok),
    }
}

/// Parses `bytes` and refuses a brief dated in the future: what every path checks before
/// storing.
fn parse_dated(
    bytes: &[u8],
    name: &str,
    max_bytes: usize,
    now: i64,
) -> Result<crate::brief::ParsedBrief, Rejection> {
    let parsed = parse_brief(bytes, name, max_bytes)?;
    check_date(&parsed, now)?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled briefs plus a broken file, as paths in their folder's order.
    fn bundled_with_a_broken_file(dir: &Path) -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
        let mut files: Vec<PathBuf> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let broken = dir.join("broken.md");
        fs::write(&broken, "no date, no sections").unwrap();
        files.insert(1, broken);
        files
    }

    #[test]
    fn files_prepared_in_parallel_store_as_one_by_one_would() {
        let dir = tempfile::tempdir().unwrap();
        let files = bundled_with_a_broken_file(dir.path());
        let lex = Lexicons::builtin();
        let now = now_unix();
        let one = Store::open(&dir.path().join("one"), 1 << 20).unwrap();
        let many = Store::open(&dir.path().join("many"), 1 << 20).unwrap();
        let by_one: Vec<FileReport> = files
            .iter()
            .map(|f| ingest_file(&one, f, 1 << 20, now, Some(&lex)).unwrap())
            .collect();
        let by_many: Vec<FileReport> = prepare_files(&many, &files, 1 << 20, now, Some(&lex), 3)
            .into_iter()
            .map(|p| store_prepared(&many, p.unwrap(), now, Some(&lex)).unwrap())
            .collect();
        let show = |r: &FileReport| (r.path.clone(), r.kind(), format!("{:?}", r.outcome));
        assert_eq!(
            by_many.iter().map(show).collect::<Vec<_>>(),
            by_one.iter().map(show).collect::<Vec<_>>()
        );
        assert_eq!(by_many[1].kind(), "rejected");
        let ids: Vec<String> = by_one
            .iter()
            .filter_map(|r| match &r.outcome {
                Ok(PutOutcome::Added { id }) => Some(id.clone()),
                _ => None,
            })
            .collect();
        assert!(ids.len() >= 3, "{ids:?}");
        for id in &ids {
            let claims = one.brief_claims(id).unwrap();
            assert_eq!(many.brief_claims(id).unwrap(), claims, "{id}");
        }
        assert!(ids
            .iter()
            .any(|id| !one.brief_claims(id).unwrap().is_empty()));
    }

    #[test]
    fn a_stored_text_is_not_analysed_again() {
        let dir = tempfile::tempdir().unwrap();
        let files = bundled_with_a_broken_file(dir.path());
        let lex = Lexicons::builtin();
        let store = Store::open(&dir.path().join("db"), 1 << 20).unwrap();
        let now = now_unix();
        let first = prepare_file(&store, &files[0], 1 << 20, now, Some(&lex)).unwrap();
        assert!(first.claims.is_some());
        store_prepared(&store, first, now, Some(&lex)).unwrap();
        let again = prepare_file(&store, &files[0], 1 << 20, now, Some(&lex)).unwrap();
        assert!(again.claims.is_none());
        let report = store_prepared(&store, again, now, Some(&lex)).unwrap();
        assert_eq!(report.kind(), "unchanged");
    }

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
        let (files, skipped) = collect(&[root.to_path_buf()]);
        assert_eq!(names(&files, root), ["a/b/c/d/four.md", "m.md", "z.md"]);
        let skipped: Vec<(String, SkipReason)> = skipped
            .iter()
            .map(|s| {
                (
                    names(std::slice::from_ref(&s.path), root).remove(0),
                    s.reason,
                )
            })
            .collect();
        assert_eq!(
            skipped,
            [
                (".hidden.md".to_string(), SkipReason::Hidden),
                ("a/b/c/d/e".to_string(), SkipReason::TooDeep)
            ]
        );
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

    #[test]
    fn control_characters_in_a_file_name_are_escaped() {
        for (name, want) in [
            ("plain.md", "plain.md"),
            ("two\nlines.md", "two\\nlines.md"),
            ("\u{1b}[2Jclear.md", "\\u{1b}[2Jclear.md"),
        ] {
            assert_eq!(shown(Path::new(name)), want, "{name:?}");
        }
    }

    #[test]
    fn a_brief_dated_after_tomorrow_is_refused_with_the_date_and_today() {
        // 2025-09-05T12:00:00Z
        let now = 1_757_073_600;
        let brief = |date: &str| crate::brief::ParsedBrief {
            date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            title: "T".into(),
            lead: String::new(),
            sections: Vec::new(),
        };
        for (date, ok) in [
            ("2025-09-05", true),
            ("2025-09-07", true),
            ("2025-09-08", false),
            ("9999-12-31", false),
            ("1999-01-01", true),
        ] {
            let got = check_date(&brief(date), now);
            assert_eq!(got.is_ok(), ok, "{date}: {got:?}");
            if let Err(e) = got {
                let e = e.to_string();
                assert!(e.contains(date) && e.contains("2025-09-05"), "{e}");
            }
        }
    }
}
