//! The architecture's invariants that a scan of the source can check, after rust-analyzer's
//! tidy tests: which modules may import what (serenity only in `src/discord/`, sled only in
//! `src/store/`, nothing under `src/sources/` reaching up into `app`, the delivery engine
//! never using the command handlers), and that ARCHITECTURE.md's code map names every
//! module. A rule written only in a document drifts; here a change that breaks one fails CI
//! with the file and line.

use std::path::{Path, PathBuf};

/// One import rule: code under `outside` of `allowed_in` (or, with `only_from`, code under
/// that folder) must not name `what`.
struct Rule {
    what: Import<'static>,
    /// Where `what` may be imported; `None` when the rule is about `only_from` instead.
    allowed_in: Option<&'static str>,
    /// The rule applies only to files under this folder.
    only_from: Option<&'static str>,
    why: &'static str,
}

/// What an import rule looks for.
#[derive(Clone, Copy)]
enum Import<'a> {
    /// An external crate: `serenity::…`, `use serenity`, `extern crate serenity`.
    Crate(&'a str),
    /// A module of our crate: `crate::app`, `crate::{app, …}`.
    Module(&'a str),
}

const RULES: &[Rule] = &[
    Rule {
        what: Import::Crate("serenity"),
        allowed_in: Some("src/discord/"),
        only_from: None,
        why: "only src/discord/ knows serenity: handlers take a Command and return a Reply",
    },
    Rule {
        what: Import::Crate("sled"),
        allowed_in: Some("src/store/"),
        only_from: None,
        why: "only src/store/ touches sled",
    },
    Rule {
        what: Import::Module("app"),
        allowed_in: None,
        only_from: Some("src/sources/"),
        why: "sources get a narrow handle (sources::BriefLibrary), never the App",
    },
    Rule {
        what: Import::Module("commands"),
        allowed_in: None,
        only_from: Some("src/delivery/"),
        why: "delivery renders posts with crate::post, not the command handlers",
    },
];

/// Every broken import rule in one file, as `path:line: what (why)`. `path` is relative to
/// the package root with `/` separators (`src/store/mod.rs`).
fn import_violations(path: &str, text: &str) -> Vec<String> {
    // The whole file at once, because rustfmt spreads a long `use crate::{…}` over lines.
    let code: String = text.lines().map(|l| format!("{}\n", code_of(l))).collect();
    let mut out = Vec::new();
    for rule in RULES {
        if rule.allowed_in.is_some_and(|dir| path.starts_with(dir)) {
            continue;
        }
        if rule.only_from.is_some_and(|dir| !path.starts_with(dir)) {
            continue;
        }
        for (at, found) in names(&code, rule.what) {
            let line = code[..at].matches('\n').count() + 1;
            out.push(format!("{path}:{line}: {found} ({})", rule.why));
        }
    }
    out
}

/// A line without its `//` comment (doc comments mention crates they do not import). A `//`
/// inside a string literal (a URL) is left alone.
fn code_of(line: &str) -> &str {
    let mut in_string = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '/' if !in_string && line[i..].starts_with("//") => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// Where in `code` something names `what`, and how.
fn names(code: &str, what: Import<'_>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    match what {
        Import::Crate(name) => {
            let path = format!("{name}::");
            out.extend(words_at(code, &path).map(|at| (at, path.clone())));
            for whole in [format!("use {name}"), format!("extern crate {name}")] {
                out.extend(
                    words_at(code, &whole)
                        .filter(|&at| !code[at + whole.len()..].starts_with(is_ident))
                        .filter(|&at| !code[at + whole.len()..].starts_with("::"))
                        .map(|at| (at, whole.clone())),
                );
            }
        }
        Import::Module(name) => {
            let path = format!("crate::{name}");
            out.extend(
                words_at(code, &path)
                    .filter(|&at| !code[at + path.len()..].starts_with(is_ident))
                    .map(|at| (at, path.clone())),
            );
            // `use crate::{app, …}`, `use crate::{store, app::App}`, over lines or not.
            for at in words_at(code, "crate::{") {
                let group = &code[at + "crate::{".len()..];
                let group = &group[..group.find(';').unwrap_or(group.len())];
                let named = group
                    .split([',', '{', '}'])
                    .map(|item| item.trim().split("::").next().unwrap_or(""))
                    .any(|first| first == name);
                if named {
                    out.push((at, format!("crate::{{{name}, …}}")));
                }
            }
        }
    }
    out.sort();
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `needle` starts in `code` as a path of its own (not the tail of a longer name such
/// as `my_sled::` or `other::sled::`).
fn words_at<'a>(code: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(needle)
        .map(|(at, _)| at)
        .filter(|&at| !code[..at].ends_with(|c: char| is_ident(c) || c == ':'))
}

/// Every `.rs` file under `dir`, relative to `root`, with `/` separators, sorted.
fn rust_files(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p: PathBuf = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(root).unwrap();
                let parts: Vec<_> = rel.iter().map(|s| s.to_string_lossy()).collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    out
}

/// The code map's rows: the backquoted paths of the first cell, and the rest of the row.
fn code_map_rows(architecture: &str) -> Vec<(Vec<String>, String)> {
    let Some(start) = architecture.find("## Code map") else {
        return Vec::new();
    };
    let section = &architecture[start..];
    let section = section[2..]
        .find("\n## ")
        .map_or(section, |end| &section[..end + 2]);
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let mut cells = l.trim_matches('|').splitn(2, '|');
            let paths = cells.next()?;
            let rest = cells.next().unwrap_or("").to_string();
            let paths = paths
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            Some((paths, rest))
        })
        .collect()
}

/// Modules the code map does not name. Each file or folder directly in `src/` needs a row
/// (or a row inside it); each module in a folder of `src/` (a file other than `mod.rs` and
/// `tests.rs`, or a subfolder) is named in its own row or in its folder's row.
fn code_map_violations(architecture: &str, files: &[String]) -> Vec<String> {
    let rows = code_map_rows(architecture);
    let has_row = |p: &str| rows.iter().any(|(paths, _)| paths.iter().any(|x| x == p));
    let has_row_within = |dir: &str| {
        rows.iter()
            .any(|(paths, _)| paths.iter().any(|x| x.starts_with(dir)))
    };
    let folder_row_names = |dir: &str, name: &str| {
        let quoted = format!("`{name}`");
        rows.iter()
            .any(|(paths, rest)| paths.iter().any(|x| x == dir) && rest.contains(&quoted))
    };
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for f in files {
        let parts: Vec<&str> = f.split('/').collect();
        match parts.as_slice() {
            ["src", _] if !has_row(f) => {
                out.push(format!("{f} has no row in ARCHITECTURE.md's code map"));
            }
            ["src", _] => {}
            ["src", dir, rest @ ..] => {
                let top = format!("src/{dir}/");
                if seen.insert(top.clone()) && !has_row_within(&top) {
                    out.push(format!("{top} has no row in ARCHITECTURE.md's code map"));
                }
                let name = match rest {
                    [file] if *file == "mod.rs" || *file == "tests.rs" => continue,
                    [file] => file.to_string(),
                    [sub, ..] => format!("{sub}/"),
                    [] => continue,
                };
                let path = format!("{top}{name}");
                if seen.insert(path.clone()) && !has_row(&path) && !folder_row_names(&top, &name) {
                    out.push(format!(
                        "{path} is named neither in its own row nor in {top}'s row of \
                         ARCHITECTURE.md's code map"
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// The top-level module a file of `src/` belongs to (`src/store/mod.rs` → `store`), or
/// `None` for the crate root.
fn top_module(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/")?;
    let first = rest.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// Each top-level module's imports of the others (`crate::x`, `crate::{x, …}`), read from
/// code before the file's first `#[cfg(test)]`: tests may reach anywhere.
fn module_imports(files: &[(String, String)]) -> std::collections::BTreeMap<String, Vec<String>> {
    let modules: std::collections::BTreeSet<String> =
        files.iter().filter_map(|(p, _)| top_module(p)).collect();
    let mut out: std::collections::BTreeMap<String, Vec<String>> =
        std::collections::BTreeMap::new();
    for (path, text) in files {
        let Some(from) = top_module(path) else {
            continue;
        };
        let code: String = text
            .lines()
            .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
            .map(|l| format!("{}\n", code_of(l)))
            .collect();
        let deps = out.entry(from.clone()).or_default();
        for to in &modules {
            if *to != from && !names(&code, Import::Module(to)).is_empty() && !deps.contains(to) {
                deps.push(to.clone());
            }
        }
    }
    out
}

/// Import circles between top-level modules, each as the path that closes it
/// (`a -> b -> a`), found by a depth-first walk from every module in name order.
fn import_circles(files: &[(String, String)]) -> Vec<String> {
    let graph = module_imports(files);
    let mut circles = std::collections::BTreeSet::new();
    fn walk(
        graph: &std::collections::BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        circles: &mut std::collections::BTreeSet<String>,
    ) {
        let here = path.last().unwrap().clone();
        for next in graph.get(&here).into_iter().flatten() {
            if let Some(at) = path.iter().position(|m| m == next) {
                // One name per circle: start it at its smallest module.
                let mut ring: Vec<String> = path[at..].to_vec();
                let min = (0..ring.len()).min_by_key(|&i| &ring[i]).unwrap();
                ring.rotate_left(min);
                let first = ring[0].clone();
                ring.push(first);
                circles.insert(ring.join(" -> "));
            } else if path.len() < graph.len() {
                path.push(next.clone());
                walk(graph, path, circles);
                path.pop();
            }
        }
    }
    for start in graph.keys() {
        walk(&graph, &mut vec![start.clone()], &mut circles);
    }
    circles.into_iter().collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn src_keeps_the_import_rules() {
    let root = root();
    let files = rust_files(root, &root.join("src"));
    assert!(
        files.len() > 50,
        "found only {} files under src/",
        files.len()
    );
    let broken: Vec<String> = files
        .iter()
        .flat_map(|f| import_violations(f, &std::fs::read_to_string(root.join(f)).unwrap()))
        .collect();
    assert!(
        broken.is_empty(),
        "import rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = root();
    let files: Vec<(String, String)> = rust_files(root, &root.join("src"))
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(root.join(&f)).unwrap();
            (f, text)
        })
        .collect();
    let circles = import_circles(&files);
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_circle_check_finds_a_circle_and_nothing_else() {
    let files = |fs: &[(&str, &str)]| {
        fs.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect::<Vec<_>>()
    };
    let circle = files(&[
        ("src/app.rs", "use crate::commands::Command;"),
        (
            "src/commands/mod.rs",
            "use crate::{sources::statuses, store};",
        ),
        ("src/sources/poller.rs", "use crate::app::App;"),
        (
            "src/store/mod.rs",
            "// crate::app is named only in a comment",
        ),
        ("src/lib.rs", "pub mod app;"),
    ]);
    assert_eq!(
        import_circles(&circle),
        ["app -> commands -> sources -> app"]
    );
    let tests_only = files(&[
        (
            "src/store/mod.rs",
            "fn f() {}\n#[cfg(test)]\nmod tests { use crate::positions; }",
        ),
        ("src/positions/mod.rs", "use crate::store::Store;"),
    ]);
    assert!(import_circles(&tests_only).is_empty());
    let pair = files(&[
        (
            "src/store/delivery.rs",
            "use crate::delivery::model::Schedule;",
        ),
        ("src/delivery/engine.rs", "use crate::store::Store;"),
    ]);
    assert_eq!(import_circles(&pair), ["delivery -> store -> delivery"]);
}

#[test]
fn the_code_map_names_every_module() {
    let root = root();
    let files = rust_files(root, &root.join("src"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let missing = code_map_violations(&architecture, &files);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn each_import_rule_fails_on_code_that_breaks_it() {
    let v = |path: &str, text: &str| import_violations(path, text);
    // serenity outside src/discord/, by `use`, by path and by a bare `use serenity;`.
    assert_eq!(
        v("src/commands/mod.rs", "use serenity::all::Http;"),
        ["src/commands/mod.rs:1: serenity:: (only src/discord/ knows serenity: handlers take a Command and return a Reply)"]
    );
    assert_eq!(
        v(
            "src/app.rs",
            "fn f() {\n    let _ = serenity::model::id::ChannelId::new(1);\n}"
        )
        .len(),
        1
    );
    assert_eq!(v("src/cli.rs", "use serenity;").len(), 1);
    assert_eq!(v("src/cli.rs", "extern crate serenity;").len(), 1);
    // sled outside src/store/.
    assert_eq!(
        v("src/ops.rs", "use sled::Db;"),
        ["src/ops.rs:1: sled:: (only src/store/ touches sled)"]
    );
    // app from src/sources/, also inside a group; commands from src/delivery/.
    assert_eq!(v("src/sources/poller.rs", "use crate::app::App;").len(), 1);
    assert_eq!(
        v(
            "src/sources/poller.rs",
            "use crate::{app::App, store::Store};"
        )
        .len(),
        1
    );
    assert_eq!(
        v("src/sources/poller.rs", "use crate::{store, app};").len(),
        1
    );
    assert_eq!(
        v(
            "src/sources/mod.rs",
            "//! x\nuse crate::{\n    config::SourceConfig,\n    app::App,\n};"
        ),
        ["src/sources/mod.rs:2: crate::{app, …} (sources get a narrow handle (sources::BriefLibrary), never the App)"]
    );
    assert_eq!(
        v("src/delivery/engine.rs", "use crate::commands::delivery_post;"),
        ["src/delivery/engine.rs:1: crate::commands (delivery renders posts with crate::post, not the command handlers)"]
    );
    // The line number is the line's own.
    assert_eq!(
        v("src/delivery/engine.rs", "//! x\n\nuse crate::commands;"),
        ["src/delivery/engine.rs:3: crate::commands (delivery renders posts with crate::post, not the command handlers)"]
    );
}

#[test]
fn the_import_rules_allow_what_they_should() {
    let v = |path: &str, text: &str| import_violations(path, text);
    // In their own rooms.
    assert!(v("src/discord/client.rs", "use serenity::all::Http;").is_empty());
    assert!(v("src/store/mod.rs", "use sled::Db;").is_empty());
    assert!(v("src/store/backup.rs", "sled::open(dir)").is_empty());
    // app and commands from elsewhere; a module whose name only starts the same.
    assert!(v("src/cli.rs", "use crate::app::App;").is_empty());
    assert!(v("src/discord/mod.rs", "use crate::commands::Command;").is_empty());
    assert!(v("src/sources/poller.rs", "use crate::apps::X;").is_empty());
    assert!(v("src/delivery/engine.rs", "use crate::{commandsx, post};").is_empty());
    // Comments and names that only end in a crate's name.
    assert!(v("src/app.rs", "// serenity::all is not used here").is_empty());
    assert!(v("src/app.rs", "/// Unlike `sled::Db`, …").is_empty());
    assert!(v("src/app.rs", "let x = my_sled::open(); // sled::").is_empty());
    assert!(v("src/app.rs", "let u = \"http://x\"; let s = 1;").is_empty());
}

#[test]
fn the_code_map_check_fails_on_an_unnamed_module() {
    let map = "# A\n\n## Code map\n\n| path | what |\n|---|---|\n\
               | `src/app.rs` | the app |\n\
               | `src/store/` | sled: `briefs.rs`, `parse/` |\n\
               | `src/brief/model.rs` | the model |\n\n## Invariants\n\n| `src/late.rs` | no |\n";
    let files = |fs: &[&str]| fs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        code_map_violations(
            map,
            &files(&[
                "src/app.rs",
                "src/store/mod.rs",
                "src/store/briefs.rs",
                "src/store/parse/x.rs",
                "src/store/tests.rs",
                "src/brief/model.rs",
            ])
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        code_map_violations(
            map,
            &files(&[
                "src/late.rs",
                "src/store/claims.rs",
                "src/store/deep/x.rs",
                "src/search/mod.rs",
            ])
        ),
        [
            "src/late.rs has no row in ARCHITECTURE.md's code map",
            "src/store/claims.rs is named neither in its own row nor in src/store/'s row of ARCHITECTURE.md's code map",
            "src/store/deep/ is named neither in its own row nor in src/store/'s row of ARCHITECTURE.md's code map",
            "src/search/ has no row in ARCHITECTURE.md's code map",
        ]
    );
}
