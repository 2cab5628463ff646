//! The sled database: the only code that touches sled. Holds briefs and their indexes,
//! a schema version checked (and migrated) at start-up, and the flush that makes a write
//! durable before anyone is told it is done. A new database is compressed (sled's zstd
//! pages); one made before keeps its pages as they are, since sled cannot change that
//! across opens.

mod backup;
mod briefs;
mod claims;
mod delivery;
mod records;
mod sources;

use std::path::{Path, PathBuf};

pub use backup::{
    write_checked_dump, BackupError, BackupSummary, Imported, EXPORT_VERSION, REPLACED_PREFIX,
};
pub use briefs::{BriefSummary, PutOutcome};
pub use delivery::DeliveryClaim;

/// Schema of the whole database. Bump it when a tree's layout or a record changes, and add
/// the step to `migrate`.
pub const SCHEMA_VERSION: u32 = 1;
const SCHEMA_KEY: &[u8] = b"schema_version";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database in {dir} is in use by a running briefbot (stop it first, or use another --data directory)")]
    InUse { dir: PathBuf },
    #[error("the database in {dir} was written by a newer briefbot (schema {found}); this build reads schema {supported} at most")]
    NewerSchema {
        dir: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("cannot open the database in {dir}: {source}")]
    Open {
        dir: PathBuf,
        #[source]
        source: sled::Error,
    },
    #[error("database error: {0}")]
    Db(#[from] sled::Error),
    #[error("corrupt record {key}: {reason}")]
    Corrupt { key: String, reason: String },
    /// A write that was to run on a blocking thread never ran: the runtime was shutting
    /// down. Nothing was lost that had been acknowledged, but nothing new is durable either.
    #[error("the database write did not run: briefbot is shutting down")]
    ShuttingDown,
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::Db(e),
        }
    }
}

/// The store's state an index derived from it answers for: any brief added or replaced
/// bumps the generation, and the library id tells one database from another (an import).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub library: u64,
    pub generation: u64,
}

/// An open briefbot database. Cheap to clone: sled trees are reference-counted.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    dir: PathBuf,
    compressed: bool,
    meta: sled::Tree,
    briefs: sled::Tree,
    by_date: sled::Tree,
    by_hash: sled::Tree,
    by_source: sled::Tree,
    revisions: sled::Tree,
    claims: sled::Tree,
    claim_terms: sled::Tree,
    subscriptions: sled::Tree,
    schedules: sled::Tree,
    deliveries: sled::Tree,
    sources: sled::Tree,
    source_items: sled::Tree,
}

impl Store {
    /// Opens (or creates) the database in `dir`. `cache_capacity` bounds sled's page cache in
    /// bytes (sled's own default is 1 GiB, too much for a small server).
    pub fn open(dir: &Path, cache_capacity: u64) -> Result<Store, StoreError> {
        // sled lets go of its lock when its last background task drops its handle, a moment
        // after the `Db` is dropped: a store this process just closed is given a second.
        let started = std::time::Instant::now();
        let compressed = !made_uncompressed(dir);
        let db = loop {
            let opened = open_sled(dir, cache_capacity, compressed)
                .map_err(|source| classify_open_error(dir, source));
            match opened {
                Err(StoreError::InUse { .. })
                    if started.elapsed() < std::time::Duration::from_secs(1) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => break other?,
            }
        };
        let tree = |name: &str| db.open_tree(name);
        let store = Store {
            meta: tree("meta")?,
            briefs: tree("briefs")?,
            by_date: tree("briefs_by_date")?,
            by_hash: tree("briefs_by_hash")?,
            by_source: tree("briefs_by_source")?,
            revisions: tree("brief_revisions")?,
            claims: tree("claims")?,
            claim_terms: tree("claim_terms")?,
            subscriptions: tree("subscriptions")?,
            schedules: tree("schedules")?,
            deliveries: tree("deliveries")?,
            sources: tree("sources")?,
            source_items: tree("source_items")?,
            dir: dir.to_path_buf(),
            compressed,
            db,
        };
        store.migrate()?;
        store.drop_unused_trees()?;
        Ok(store)
    }

    /// Whether sled compresses this database's pages (every database made since they are).
    pub fn compressed(&self) -> bool {
        self.compressed
    }

    /// Drops the trees older versions wrote and nothing reads: `claims_by_actor` held
    /// every claim a second time under each actor it named (half the store's bytes at 10k
    /// briefs; the claims and their terms hold all of it), and `briefs_by_title` (date and
    /// title -> id) was written with every brief and never read. Each write to sled costs
    /// a compressed page fragment, so an index nobody reads is not kept.
    fn drop_unused_trees(&self) -> Result<(), StoreError> {
        for (old, what) in [
            (
                &b"claims_by_actor"[..],
                "the second copy of each claim kept by actor",
            ),
            (
                &b"briefs_by_title"[..],
                "the index of briefs by title, never read",
            ),
        ] {
            if self.db.tree_names().iter().any(|n| n.as_ref() == old) {
                let started = std::time::Instant::now();
                self.db.drop_tree(old)?;
                self.flush()?;
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    "dropped {what}, which older versions wrote"
                );
            }
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes every write so far durable. Call before reporting success.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .meta
            .get(SCHEMA_KEY)?
            .and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
            .map(u32::from_be_bytes)
            .unwrap_or(0))
    }

    /// Brings an older database up to `SCHEMA_VERSION`; refuses a newer one rather than
    /// guessing at records it does not understand.
    fn migrate(&self) -> Result<(), StoreError> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                dir: self.dir.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            // Version 0 is a new, empty database; later versions add their steps here.
            self.meta
                .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())?;
            self.flush()?;
        }
        Ok(())
    }
}

/// sled's own segment size, which a database made uncompressed keeps (sled refuses another).
const SLED_SEGMENT_BYTES: usize = 512 * 1024;
/// Opening a compressed database decompresses every page written in the last segment
/// before its tip, one at a time (sled makes a zstd context for each): at sled's 512 KiB
/// that added up to 30 ms to each command-line start at 10k briefs, at 128 KiB up to 13 ms,
/// for 11% more bytes on disk.
const COMPRESSED_SEGMENT_BYTES: usize = 128 * 1024;

/// Whether `dir` holds a database made before databases were compressed, which sled opens
/// only with the settings it was made with: they are in its `conf` (text lines, then a
/// checksum). One without `conf` counts too: sled would take it for a new database and
/// read its log with the new settings.
fn made_uncompressed(dir: &Path) -> bool {
    if !dir.join("db").exists() {
        return false;
    }
    match std::fs::read(dir.join("conf")) {
        Ok(conf) => !String::from_utf8_lossy(&conf)
            .lines()
            .any(|l| l.trim() == "use_compression: true"),
        Err(_) => true,
    }
}

fn open_sled(dir: &Path, cache_capacity: u64, compressed: bool) -> sled::Result<sled::Db> {
    sled::Config::new()
        .path(dir)
        .cache_capacity(cache_capacity)
        .flush_every_ms(Some(500))
        .use_compression(compressed)
        .segment_size(if compressed {
            COMPRESSED_SEGMENT_BYTES
        } else {
            SLED_SEGMENT_BYTES
        })
        // zstd's fastest level: sled compresses a page each time it writes one, and level
        // 3 saved 4% more of the bytes for more time (10k briefs).
        .compression_factor(1)
        .open()
}

/// sled reports a held lock as a generic I/O error; recognise it so a second process gets a
/// sentence a self-hoster can act on.
fn classify_open_error(dir: &Path, source: sled::Error) -> StoreError {
    if let sled::Error::Io(io) = &source {
        let msg = io.to_string();
        if msg.contains("could not acquire lock") || io.kind() == std::io::ErrorKind::WouldBlock {
            return StoreError::InUse {
                dir: dir.to_path_buf(),
            };
        }
    }
    StoreError::Open {
        dir: dir.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_open_of_the_same_dir_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path(), 1 << 20).unwrap();
        // sled's lock is per process on Linux (fcntl-style via flock on a new fd): a second
        // open in the same process also fails, which lets this be tested without a child.
        match Store::open(dir.path(), 1 << 20) {
            Err(StoreError::InUse { dir: d }) => assert_eq!(d, dir.path()),
            Err(e) => panic!("expected InUse, got {e}"),
            Ok(_) => panic!("second open succeeded"),
        }
    }

    /// A database made before databases were compressed opens as it was made (sled refuses
    /// to change it) with its records, and loses the trees nothing reads any more; a new
    /// one is compressed.
    #[test]
    fn an_older_database_opens_uncompressed_and_loses_its_unread_trees() {
        let dir = tempfile::tempdir().unwrap();
        {
            // As versions before this one opened it.
            let db = sled::Config::new().path(dir.path()).open().unwrap();
            db.open_tree("meta")
                .unwrap()
                .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                .unwrap();
            db.open_tree("claims_by_actor")
                .unwrap()
                .insert(b"russia\0b1", &b"copy"[..])
                .unwrap();
            db.open_tree("briefs_by_title")
                .unwrap()
                .insert(b"2025-09-05\0title", &b"b1"[..])
                .unwrap();
            db.open_tree("subscriptions")
                .unwrap()
                .insert(b"kept", &b"yes"[..])
                .unwrap();
            db.flush().unwrap();
        }
        for _ in 0..2 {
            let s = Store::open(dir.path(), 1 << 20).unwrap();
            assert!(!s.compressed());
            assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
            let names = s.db.tree_names();
            assert!(!names.iter().any(|n| n == b"claims_by_actor"));
            assert!(!names.iter().any(|n| n == b"briefs_by_title"));
            assert_eq!(
                s.subscriptions.get(b"kept").unwrap().as_deref(),
                Some(&b"yes"[..])
            );
        }
        let new = tempfile::tempdir().unwrap();
        let s = Store::open(new.path(), 1 << 20).unwrap();
        assert!(s.compressed());
        s.subscriptions.insert(b"kept", &b"yes"[..]).unwrap();
        s.flush().unwrap();
        drop(s);
        let s = Store::open(new.path(), 1 << 20).unwrap();
        assert!(s.compressed());
        assert_eq!(
            s.subscriptions.get(b"kept").unwrap().as_deref(),
            Some(&b"yes"[..])
        );
    }

    #[test]
    fn schema_version_is_written_and_a_newer_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path(), 1 << 20).unwrap();
            assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
            s.meta.insert(SCHEMA_KEY, &99u32.to_be_bytes()).unwrap();
            s.flush().unwrap();
        }
        match Store::open(dir.path(), 1 << 20) {
            Err(StoreError::NewerSchema { found: 99, .. }) => {}
            other => panic!("expected NewerSchema, got {:?}", other.err()),
        }
    }
}
