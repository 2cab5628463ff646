//! The search index in the data directory, with a real sled store in a temp dir: it is
//! built once and read by the next process, caught up when briefs change, and rebuilt when
//! damaged; search answers in every case.

use crate::support;
use std::path::PathBuf;

use briefbot::app::App;
use briefbot::commands::Invoker;
use briefbot::config::Config;
use briefbot::ingest;
use briefbot::search::{open_on_disk, Opened, INDEX_DIR};
use briefbot::store::Store;

struct Library {
    _dir: tempfile::TempDir,
    data: PathBuf,
    briefs: PathBuf,
}

fn library() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let briefs = dir.path().join("briefs");
    support::library::copy_bundled_briefs(&briefs);
    Library {
        data: dir.path().join("data"),
        briefs,
        _dir: dir,
    }
}

/// A new `App` on the data directory, as each `briefbot ask` makes one.
fn open(lib: &Library) -> App {
    let config = Config {
        data_dir: lib.data.clone(),
        ..Config::default()
    };
    let store = Store::open(&config.data_dir, config.cache_capacity_bytes()).unwrap();
    App::open(store, config).unwrap()
}

fn ingest(app: &App, files: &[PathBuf]) {
    let reports = app.ingest(&ingest::collect_files(files), |_| {}).unwrap();
    assert!(reports.iter().all(|r| r.outcome.is_ok()), "{reports:?}");
}

fn search(app: &App, query: &str) -> String {
    app.respond_text(&format!("/brief search {query}"), Invoker::operator())
        .to_text()
}

/// The index directory's identity: a rebuild renames a new directory into place.
fn built_at(lib: &Library) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(lib.data.join(INDEX_DIR).join("meta.json")).unwrap();
    (meta.ino(), meta.modified().unwrap())
}

const BRIEF: &str = "BORDERLAND BRIEF\nDate: 2 October 2025\n\nWHAT HAPPENED\n\nNegotiators met in Geneva to discuss zeppelin overflights of the border.\n";

#[test]
fn the_index_is_saved_once_and_read_by_the_next_process() {
    let lib = library();
    {
        let app = open(&lib);
        ingest(&app, std::slice::from_ref(&lib.briefs));
        assert!(search(&app, "drones").contains("drone"));
    }
    let first = built_at(&lib);
    for _ in 0..2 {
        let app = open(&lib);
        assert!(search(&app, "airspace").to_lowercase().contains("airspace"));
        assert_eq!(built_at(&lib), first, "a fresh index is read, not rebuilt");
    }
}

/// The index directory itself: a rebuild renames a new one into place, a catch-up commits
/// inside it.
fn index_dir(lib: &Library) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(lib.data.join(INDEX_DIR)).unwrap().ino()
}

/// What an index finds for `query`: each passage's brief, heading and text, sorted.
fn found(app: &App, query: &str) -> Vec<(String, String, String)> {
    let mut hits: Vec<_> = app
        .search_index()
        .unwrap()
        .search(query, 100)
        .unwrap()
        .into_iter()
        .map(|h| (h.passage.brief_id, h.passage.heading, h.passage.text))
        .collect();
    hits.sort();
    hits
}

/// Briefs stored after the index was saved (one added, one replaced by a new revision) are
/// caught up with in the index's own directory, and it then holds what a build from the
/// store holds.
#[test]
fn a_stale_index_catches_up_with_the_briefs_stored_since_as_a_build_would() {
    let lib = library();
    {
        let app = open(&lib);
        ingest(&app, std::slice::from_ref(&lib.briefs));
        search(&app, "drones");
    }
    let dir = index_dir(&lib);
    let added = lib.briefs.join("2025-10-02-geneva.txt");
    std::fs::write(&added, BRIEF).unwrap();
    let replaced = std::fs::read_dir(&lib.briefs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p != &added && p.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    let text = std::fs::read_to_string(&replaced).unwrap();
    std::fs::write(
        &replaced,
        format!("{text}\nQUARANTINE NOTE\n\nA zeppelin was seen.\n"),
    )
    .unwrap();
    // Stored by a process that held no index (`briefbot ingest` stopped before its own
    // update of the index).
    ingest(&open(&lib), &[added, replaced]);
    let app = open(&lib);
    let queries = [
        "zeppelin",
        "drones",
        "airspace",
        "geneva negotiators",
        "quarantine",
    ];
    let caught_up: Vec<_> = queries.iter().map(|q| found(&app, q)).collect();
    assert_eq!(index_dir(&lib), dir, "caught up in place, not rebuilt");
    assert_eq!(caught_up[0].len(), 2, "{:?}", caught_up[0]);
    let idx = app.search_index().unwrap();
    let (briefs, passages, sections) = (
        idx.brief_count(),
        idx.passage_count(),
        idx.section_names().to_vec(),
    );
    assert!(
        sections.contains(&"Quarantine Note".to_string()),
        "{sections:?}"
    );
    drop((idx, app));

    std::fs::remove_dir_all(lib.data.join(INDEX_DIR)).unwrap();
    let app = open(&lib);
    let rebuilt: Vec<_> = queries.iter().map(|q| found(&app, q)).collect();
    assert_eq!(caught_up, rebuilt);
    let idx = app.search_index().unwrap();
    assert_eq!(idx.brief_count(), briefs);
    assert_eq!(idx.passage_count(), passages);
    assert_eq!(idx.section_names(), sections);
}

#[test]
fn a_stale_index_is_updated_after_a_brief_is_added_or_replaced() {
    let lib = library();
    {
        let app = open(&lib);
        ingest(&app, std::slice::from_ref(&lib.briefs));
        assert!(search(&app, "zeppelin").contains("Nothing in 3 briefs"));
    }
    let before = built_at(&lib);
    let file = lib.briefs.join("2025-10-02-geneva.txt");
    std::fs::write(&file, BRIEF).unwrap();
    {
        let app = open(&lib);
        ingest(&app, std::slice::from_ref(&file));
        let found = search(&app, "zeppelin");
        assert!(found.contains("zeppelin overflights"), "{found}");
    }
    assert_ne!(
        built_at(&lib),
        before,
        "the added brief made the index stale, and it was brought up to date"
    );
    // The same file with other text is a new revision of the same brief.
    std::fs::write(&file, BRIEF.replace("zeppelin", "balloon")).unwrap();
    let app = open(&lib);
    search(&app, "drones");
    ingest(&app, std::slice::from_ref(&file));
    // The app that held the index in memory sees the change too.
    let found = search(&app, "balloon");
    assert!(found.contains("balloon overflights"), "{found}");
    assert!(search(&app, "zeppelin").contains("Nothing in 4 briefs"));
    drop(app);
    let app = open(&lib);
    assert!(search(&app, "zeppelin").contains("Nothing in 4 briefs"));
}

#[test]
fn a_damaged_index_is_rebuilt_and_search_still_answers() {
    let lib = library();
    {
        let app = open(&lib);
        ingest(&app, std::slice::from_ref(&lib.briefs));
        search(&app, "drones");
    }
    let index = lib.data.join(INDEX_DIR);
    let mut damaged = 0;
    for e in std::fs::read_dir(&index).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::write(&p, b"not an index").unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 1);
    let app = open(&lib);
    let found = search(&app, "drones");
    assert!(found.contains("drone"), "{found}");
    drop(app);
    let store = Store::open(&lib.data, 1 << 20).unwrap();
    let now = briefbot::search::Stamp {
        library: store.library_id().unwrap(),
        generation: store.claims_generation().unwrap(),
    };
    assert!(matches!(open_on_disk(&lib.data, &now), Opened::Fresh(_)));
}

#[test]
fn a_build_cut_short_leaves_an_index_that_is_rebuilt() {
    let lib = library();
    {
        let app = open(&lib);
        ingest(&app, std::slice::from_ref(&lib.briefs));
        search(&app, "drones");
    }
    // A crash between moving the old index aside and the new one in: only the half-way
    // directories are left.
    let index = lib.data.join(INDEX_DIR);
    std::fs::rename(&index, lib.data.join("search-index.old")).unwrap();
    std::fs::create_dir(lib.data.join("search-index.tmp")).unwrap();
    std::fs::write(lib.data.join("search-index.tmp/meta.json"), b"{").unwrap();
    let app = open(&lib);
    assert!(search(&app, "drones").contains("drone"));
    assert!(index.join("meta.json").exists());
    assert!(!lib.data.join("search-index.tmp").exists());
    assert!(!lib.data.join("search-index.old").exists());
}

/// Runs the built binary on the library's data directory; its stdout and stderr, once it
/// succeeded.
fn briefbot(lib: &Library, args: &[&str]) -> (String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .arg("--data")
        .arg(&lib.data)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `briefbot ingest` leaves the index fresh: the next process (the bot, `ask`) opens it
/// instead of building it at its start.
#[test]
fn the_ingest_command_leaves_both_indexes_fresh() {
    let lib = library();
    let run = |args: &[&str]| briefbot(&lib, args).1;
    run(&["ingest", lib.briefs.to_str().unwrap()]);
    let first = built_at(&lib);
    let positions = || {
        use std::os::unix::fs::MetadataExt;
        let file = lib.data.join(briefbot::positions::SAVED_INDEX_FILE);
        std::fs::metadata(file)
            .expect("ingest saves the /position index")
            .ino()
    };
    let saved = positions();
    let stderr = run(&["ask", "/brief search drones"]);
    assert_eq!(built_at(&lib), first, "ask rebuilt it: {stderr}");
    // Nothing stored: nothing to rebuild.
    run(&["ingest", lib.briefs.to_str().unwrap()]);
    assert_eq!(built_at(&lib), first);
    assert_eq!(positions(), saved);
    // What the bot does at its start: the saved /position index matches the store.
    assert!(open(&lib).take_saved_positions().unwrap());
}

/// `ask '/position …'` answers from the saved `/position` index; with none saved it
/// builds one, saves it for the next command, and answers the same.
#[test]
fn ask_position_reads_the_saved_index_or_builds_and_saves_one() {
    let lib = library();
    let run = |args: &[&str]| briefbot(&lib, args);
    run(&["ingest", lib.briefs.to_str().unwrap()]);
    let file = lib.data.join(briefbot::positions::SAVED_INDEX_FILE);
    let (saved, log) = run(&["ask", "/position russia troops"]);
    assert!(saved.contains("Russia"), "{saved}");
    assert!(!log.contains("building the /position index"), "{log}");
    std::fs::remove_file(&file).unwrap();
    let (built, log) = run(&["ask", "/position russia troops"]);
    assert_eq!(built, saved);
    assert!(log.contains("none is saved"), "{log}");
    assert!(file.exists(), "the index built was not saved: {log}");
    let (again, log) = run(&["ask", "/position russia troops"]);
    assert_eq!(again, saved);
    assert!(!log.contains("building the /position index"), "{log}");
}
