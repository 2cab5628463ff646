//! The search index in the data directory: derived from the store, never exported, and
//! rebuilt whenever it does not match the store. A build writes `search-index.tmp` and
//! renames it into place, so a crash mid-build leaves the last whole index or none, and
//! none is simply built again. The commit's payload records the store's state the index was
//! built from ([`Stamp`]) and the format; an index from another state or format, or one
//! that does not open, is replaced.

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::Index;

use super::{analyzer, fields_of, schema, Builder, Library, SearchError, SearchIndex, TOKENIZER};
use crate::brief::Brief;

/// The index's directory inside the data directory.
pub const INDEX_DIR: &str = "search-index";
/// Where a build is written before it replaces [`INDEX_DIR`].
const BUILD_DIR: &str = "search-index.tmp";
/// Where the replaced index waits to be deleted.
const OLD_DIR: &str = "search-index.old";
/// Bump when the schema, the analyzer or the payload changes: an index in another format
/// is rebuilt, not read.
const FORMAT: u32 = 1;

pub use crate::store::Stamp;

/// The commit payload of an index on disk.
#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    format: u32,
    stamp: Stamp,
    library: Library,
}

/// What is found in the data directory.
pub enum Opened {
    /// Built from the store as it is now.
    Fresh(SearchIndex),
    /// Readable, but built from an earlier state (`built`): it answers until a new build
    /// replaces it.
    Stale {
        index: SearchIndex,
        built: Stamp,
    },
    Missing,
    /// Damaged, half-written by an older build, or in another format.
    Unreadable(SearchError),
}

/// The index in `data_dir`, compared with the store's `now`.
pub fn open(data_dir: &Path, now: &Stamp) -> Opened {
    let path = data_dir.join(INDEX_DIR);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Opened::Missing,
        Err(source) => return Opened::Unreadable(SearchError::Io { path, source }),
        Ok(_) => {}
    }
    match open_dir(&path) {
        Ok(index) => match index.stamp() {
            Some(built) if built == *now => Opened::Fresh(index),
            Some(built) => Opened::Stale { index, built },
            None => Opened::Unreadable(SearchError::Format {
                path,
                reason: "no stamp".into(),
            }),
        },
        Err(e) => Opened::Unreadable(e),
    }
}

fn open_dir(path: &Path) -> Result<SearchIndex, SearchError> {
    let index_err = |source| SearchError::Index {
        path: path.display().to_string(),
        source,
    };
    let format_err = |reason: String| SearchError::Format {
        path: path.to_path_buf(),
        reason,
    };
    let index = Index::open_in_dir(path).map_err(index_err)?;
    let payload = index
        .load_metas()
        .map_err(index_err)?
        .payload
        .ok_or_else(|| format_err("no payload: a build that did not finish".into()))?;
    let payload: Payload = serde_json::from_str(&payload)
        .map_err(|e| format_err(format!("unreadable payload: {e}")))?;
    if payload.format != FORMAT {
        return Err(format_err(format!(
            "format {}, where this build reads {FORMAT}",
            payload.format
        )));
    }
    index.tokenizers().register(TOKENIZER, analyzer());
    let fields = fields_of(&index.schema()).map_err(index_err)?;
    SearchIndex::with_reader(
        index,
        fields,
        payload.library,
        Some(path.to_path_buf()),
        Some(payload.stamp),
    )
    .map_err(index_err)
}

/// A build of the index in `data_dir`: [`Rebuild::add`] every brief, then
/// [`Rebuild::finish`] puts it in place. Only one process builds at a time: the one that
/// holds the store's lock.
pub struct Rebuild {
    builder: Builder,
    data_dir: PathBuf,
    stamp: Stamp,
}

impl Rebuild {
    /// Starts a build for the store's state `stamp` (read before the first brief, so briefs
    /// stored meanwhile make it stale rather than missing) with `threads` writer threads.
    pub fn start(data_dir: &Path, stamp: Stamp, threads: usize) -> Result<Rebuild, SearchError> {
        let build = data_dir.join(BUILD_DIR);
        // A build that a crash cut short: no other process can be writing it, as this
        // one holds the store.
        remove_if_present(&build)?;
        fs::create_dir_all(&build).map_err(|source| SearchError::Io {
            path: build.clone(),
            source,
        })?;
        let index_err = |source| SearchError::Index {
            path: build.display().to_string(),
            source,
        };
        let (schema, fields) = schema();
        let index = Index::create_in_dir(&build, schema).map_err(index_err)?;
        index.tokenizers().register(TOKENIZER, analyzer());
        let builder = Builder::new(&index, fields, threads.max(1)).map_err(index_err)?;
        Ok(Rebuild {
            builder,
            data_dir: data_dir.to_path_buf(),
            stamp,
        })
    }

    pub fn add(&mut self, brief: &Brief) {
        self.builder.add(brief);
    }

    /// Commits the build, moves it into place and opens it.
    pub fn finish(self) -> Result<SearchIndex, SearchError> {
        let build = self.data_dir.join(BUILD_DIR);
        let stamp = self.stamp;
        self.builder
            .finish(|library| {
                serde_json::to_string(&Payload {
                    format: FORMAT,
                    stamp,
                    library: library.clone(),
                })
                .unwrap_or_default()
            })
            .map_err(|source| SearchError::Index {
                path: build.display().to_string(),
                source,
            })?;
        let path = self.data_dir.join(INDEX_DIR);
        let old = self.data_dir.join(OLD_DIR);
        remove_if_present(&old)?;
        // Between these two renames there is no index: the next start builds one.
        if path.exists() {
            rename(&path, &old)?;
        }
        rename(&build, &path)?;
        // An index still open elsewhere in this process keeps its mapped files until it is
        // dropped; only the names go.
        if let Err(e) = remove_if_present(&old) {
            tracing::warn!(error = %e, "could not delete the replaced search index");
        }
        open_dir(&path)
    }
}

fn rename(from: &Path, to: &Path) -> Result<(), SearchError> {
    fs::rename(from, to).map_err(|source| SearchError::Io {
        path: from.to_path_buf(),
        source,
    })
}

fn remove_if_present(path: &Path) -> Result<(), SearchError> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(SearchError::Io {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::{Block, Section};

    fn brief(id: &str, text: &str) -> Brief {
        Brief {
            id: id.into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
            title: "T".into(),
            lead: String::new(),
            sections: vec![Section {
                heading: "What Happened".into(),
                blocks: vec![Block::Paragraph(text.into())],
            }],
            source: String::new(),
            content_hash: String::new(),
            revision: 1,
            ingested_at: 0,
        }
    }

    fn build(dir: &Path, stamp: Stamp, briefs: &[Brief]) -> SearchIndex {
        let mut b = Rebuild::start(dir, stamp, 1).unwrap();
        for x in briefs {
            b.add(x);
        }
        b.finish().unwrap()
    }

    const AT_1: Stamp = Stamp {
        library: 7,
        generation: 1,
    };

    #[test]
    fn an_index_is_fresh_for_its_stamp_and_stale_for_another() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(open(dir.path(), &AT_1), Opened::Missing));
        build(
            dir.path(),
            AT_1,
            &[brief("a", "Drones crossed the border.")],
        );
        let Opened::Fresh(idx) = open(dir.path(), &AT_1) else {
            panic!("not fresh")
        };
        assert_eq!(idx.brief_count(), 1);
        assert_eq!(idx.section_names(), ["What Happened"]);
        assert_eq!(idx.search("drone", 5).unwrap().len(), 1);
        let later = Stamp {
            generation: 2,
            ..AT_1
        };
        assert!(matches!(
            open(dir.path(), &later),
            Opened::Stale { built, .. } if built == AT_1
        ));
        let other_library = Stamp { library: 8, ..AT_1 };
        assert!(matches!(
            open(dir.path(), &other_library),
            Opened::Stale { .. }
        ));
    }

    #[test]
    fn a_rebuild_replaces_the_index_an_open_one_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let old = build(
            dir.path(),
            AT_1,
            &[brief("a", "Drones crossed the border.")],
        );
        let at_2 = Stamp {
            generation: 2,
            ..AT_1
        };
        let new = build(dir.path(), at_2, &[brief("b", "Talks on a ceasefire.")]);
        assert_eq!(old.search("drone", 5).unwrap().len(), 1, "old mapping kept");
        assert!(new.search("drone", 5).unwrap().is_empty());
        assert!(matches!(open(dir.path(), &at_2), Opened::Fresh(_)));
        assert!(!dir.path().join(BUILD_DIR).exists() && !dir.path().join(OLD_DIR).exists());
    }

    #[test]
    fn an_index_in_another_format_or_without_a_payload_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), AT_1, &[brief("a", "Drones.")]);
        let meta = dir.path().join(INDEX_DIR).join("meta.json");
        let text = fs::read_to_string(&meta).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let payload = json["payload"].as_str().unwrap().replace(
            &format!("\"format\":{FORMAT}"),
            &format!("\"format\":{}", FORMAT + 1),
        );
        json["payload"] = payload.into();
        fs::write(&meta, json.to_string()).unwrap();
        assert!(matches!(
            open(dir.path(), &AT_1),
            Opened::Unreadable(SearchError::Format { .. })
        ));
        json["payload"] = serde_json::Value::Null;
        fs::write(&meta, json.to_string()).unwrap();
        assert!(matches!(
            open(dir.path(), &AT_1),
            Opened::Unreadable(SearchError::Format { .. })
        ));
        fs::write(&meta, "{").unwrap();
        assert!(matches!(open(dir.path(), &AT_1), Opened::Unreadable(_)));
    }
}
