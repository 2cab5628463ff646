//! The search index in the data directory: derived from the store, never exported, and
//! rebuilt whenever it does not match the store. A build writes `search-index.tmp` and
//! renames it into place, so a crash mid-build leaves the last whole index or none, and
//! none is simply built again. The commit's payload records the store's state the index was
//! built from ([`Stamp`]) and the format; an index from another state or format, or one
//! that does not open, is replaced. One of an earlier state of the same store can instead
//! catch up ([`catch_up`]): the passages of the briefs written since are replaced in one
//! commit, which tantivy makes atomic, so a crash leaves the index as it was before it.

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
/// is rebuilt, not read. 2: each passage says whether it is a lead's, and the payload counts
/// sections, so a catch-up can replace a brief's passages. 3: stored fields compressed
/// (lz4), which repeat each passage's title and brief id (24 of the 27 MB at 10k briefs).
const FORMAT: u32 = 3;

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
    // The format first: another format's payload need not read as this one's.
    #[derive(serde::Deserialize)]
    struct Format {
        format: u32,
    }
    let format: Format = serde_json::from_str(&payload)
        .map_err(|e| format_err(format!("unreadable payload: {e}")))?;
    if format.format != FORMAT {
        return Err(format_err(format!(
            "format {}, where this build reads {FORMAT}",
            format.format
        )));
    }
    let payload: Payload = serde_json::from_str(&payload)
        .map_err(|e| format_err(format!("unreadable payload: {e}")))?;
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

/// Brings `index` (one on disk, as last committed: opened after any earlier catch-up, whose
/// counts it goes on from) up to the store's state `upto`, given every brief written since
/// its own state: each one's passages are replaced by its current revision's (`None`: no
/// longer stored). One commit, whose payload names `upto`; the store's writes up to `upto`
/// must be flushed first. Passages added get places after every earlier one, so among
/// equal scores on the same day they can come in another order than after a build.
pub fn catch_up(
    index: &SearchIndex,
    changed: &[(String, Option<Brief>)],
    upto: Stamp,
) -> Result<SearchIndex, SearchError> {
    let Some(path) = index.path.clone() else {
        return Err(SearchError::Format {
            path: PathBuf::from("in memory"),
            reason: "only an index on disk catches up".into(),
        });
    };
    let index_err = |source| SearchError::Index {
        path: path.display().to_string(),
        source,
    };
    let searcher = index.reader.searcher();
    let mut builder = Builder::resume(searcher.index(), index.fields, 1, index.library.clone())
        .map_err(index_err)?;
    for (id, brief) in changed {
        builder.remove(&searcher, id).map_err(index_err)?;
        if let Some(b) = brief {
            builder.add(b);
        }
    }
    builder
        .finish(|library| {
            serde_json::to_string(&Payload {
                format: FORMAT,
                stamp: upto,
                library: library.clone(),
            })
            .unwrap_or_default()
        })
        .map_err(index_err)?;
    drop(searcher);
    open_dir(&path)
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

    /// A catch-up replaces, adds and drops briefs' passages and counts in one commit; an
    /// index opened before it still reads its own state.
    #[test]
    fn a_catch_up_replaces_the_passages_of_the_briefs_written_since() {
        let dir = tempfile::tempdir().unwrap();
        let mut lead = brief("b", "Sanctions were extended.");
        lead.lead = "A drone report.".into();
        lead.sections[0].heading = "Why It Matters".into();
        let old = build(
            dir.path(),
            AT_1,
            &[brief("a", "Drones crossed the border."), lead],
        );
        assert_eq!(old.section_names(), ["What Happened", "Why It Matters"]);
        let at_2 = Stamp {
            generation: 4,
            ..AT_1
        };
        let changed = [
            ("a".to_string(), Some(brief("a", "Talks on a ceasefire."))),
            ("b".to_string(), None),
            ("c".to_string(), Some(brief("c", "Drones again."))),
        ];
        let new = catch_up(&old, &changed, at_2).unwrap();
        let ids = |idx: &SearchIndex, q: &str| -> Vec<String> {
            let mut v: Vec<String> = idx
                .search(q, 9)
                .unwrap()
                .into_iter()
                .map(|h| h.passage.brief_id)
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&new, "drone"), ["c"]);
        assert_eq!(ids(&new, "ceasefire"), ["a"]);
        assert_eq!(
            ids(&old, "drone"),
            ["a", "b"],
            "the old reader keeps its state"
        );
        assert_eq!((new.brief_count(), new.passage_count()), (2, 2));
        assert_eq!(new.section_names(), ["What Happened"]);
        assert_eq!(new.stamp(), Some(at_2));
        assert!(matches!(open(dir.path(), &at_2), Opened::Fresh(_)));
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
