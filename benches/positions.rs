//! `/position` benchmarks over 10,000 generated briefs (`BRIEFBOT_BENCH_BRIEFS` to change):
//! ingest throughput with and without analysis; in-process latency of the per-actor path
//! one command-line query takes and of the full in-memory index the bot keeps, as p50/p99
//! over many varied queries (criterion reports means only); the BM25 baseline's speed on the
//! same corpus and its quality against the engine's on the development set, scored the way
//! `eval_positions.py` scores. `cargo bench --bench positions`; figures in BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefbot::app::App;
use briefbot::commands::Invoker;
use briefbot::config::Config;
use briefbot::corpus::{self, QUERY_ACTORS, QUERY_TOPICS};
use briefbot::ingest;
use briefbot::positions::baseline::Baseline;
use briefbot::positions::{Lexicons, PositionIndex};
use briefbot::store::Store;
use criterion::Criterion;

const MAX: usize = 1 << 20;
/// Statements on the first page of a `/position` reply: what the baseline is allowed too.
const PAGE: usize = 8;

fn corpus_size() -> usize {
    std::env::var("BRIEFBOT_BENCH_BRIEFS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn app_on(dir: &Path) -> App {
    let config = Config {
        data_dir: dir.to_path_buf(),
        ..Config::default()
    };
    let store = Store::open(dir, config.cache_capacity_bytes()).unwrap();
    App::open(store, config).unwrap()
}

/// Varied queries, the same every run.
fn queries(n: usize) -> Vec<String> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = QUERY_ACTORS[(x % QUERY_ACTORS.len() as u64) as usize];
            let t = QUERY_TOPICS[((x >> 20) % QUERY_TOPICS.len() as u64) as usize];
            format!("/position {a} {t}").trim_end().to_string()
        })
        .collect()
}

struct Percentiles {
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
}

fn percentiles(mut v: Vec<Duration>) -> Percentiles {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    Percentiles {
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        max: *v.last().unwrap(),
    }
}

fn report(what: &str, p: &Percentiles, n: usize) {
    println!(
        "{what}: n={n} p50={:.3} ms p90={:.3} ms p99={:.3} ms max={:.3} ms",
        p.p50.as_secs_f64() * 1e3,
        p.p90.as_secs_f64() * 1e3,
        p.p99.as_secs_f64() * 1e3,
        p.max.as_secs_f64() * 1e3
    );
}

fn time_each(qs: &[String], mut f: impl FnMut(&str)) -> Percentiles {
    percentiles(
        qs.iter()
            .map(|q| {
                let t = Instant::now();
                f(q);
                t.elapsed()
            })
            .collect(),
    )
}

fn write_corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    corpus::generate(n, 42)
        .into_iter()
        .map(|g| {
            let p = dir.join(&g.file_name);
            std::fs::write(&p, g.text).unwrap();
            p
        })
        .collect()
}

/// Phrases folded as `eval_positions.py` folds them.
fn fold(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' => ' ',
            c => c,
        })
        .filter(|c| !"*_~`>|".contains(*c))
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Default)]
struct Score {
    found: usize,
    total: usize,
    wrong: usize,
    cases: usize,
}

impl Score {
    /// One case, as the script scores it: `nothing` cases add to the total only on failure.
    fn add(&mut self, case: &toml::Value, text: &str, said_nothing: bool) {
        let list = |k: &str| -> Vec<String> {
            case.get(k)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|s| s.as_str()).map(fold).collect())
                .unwrap_or_default()
        };
        let text = fold(text);
        let expect = list("expect");
        self.total += expect.len();
        self.found += expect.iter().filter(|p| text.contains(p.as_str())).count();
        if case.get("nothing").and_then(|v| v.as_bool()) == Some(true) && !said_nothing {
            self.total += 1;
        }
        if list("reject").iter().any(|p| text.contains(p.as_str())) {
            self.wrong += 1;
        }
        self.cases += 1;
    }
}

fn quality(dev_briefs: &Path, cases_file: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on(dir.path());
    let files = ingest::collect_files(&[dev_briefs.to_path_buf()]);
    app.ingest(&files, |_| {}).unwrap();
    let index = app.positions().unwrap();
    let briefs = app.store.all_briefs().unwrap();
    let baseline = Baseline::new(app.lexicons.clone(), &briefs);
    let cases: toml::Value = toml::from_str(&std::fs::read_to_string(cases_file).unwrap()).unwrap();
    let (mut engine, mut base) = (Score::default(), Score::default());
    for case in cases["case"].as_array().unwrap() {
        let cmd = case["command"].as_str().unwrap();
        let reply = app.respond_text(cmd, Invoker::operator());
        engine.add(case, &reply.to_text(), reply.messages[0].ephemeral);
        let words = cmd.trim_start_matches("/position").trim();
        let (actor, topic) = index.split_actor_topic(words);
        let hits = baseline.query(&actor, &topic, PAGE).unwrap_or_default();
        let text: Vec<&str> = hits.iter().map(|(_, s)| *s).collect();
        base.add(case, &text.join("\n"), hits.is_empty());
    }
    for (name, s) in [("engine", &engine), ("baseline BM25", &base)] {
        println!(
            "quality {name}: recall {:.2} ({}/{}), wrong-actor cases {}/{}",
            s.found as f64 / s.total.max(1) as f64,
            s.found,
            s.total,
            s.wrong,
            s.cases
        );
    }
}

fn main() {
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    let n = corpus_size();
    let src = tempfile::tempdir().unwrap();
    let files = write_corpus(src.path(), n);

    // Ingest without analysis: parse + store + one flush.
    let plain = tempfile::tempdir().unwrap();
    {
        let store = Store::open(plain.path(), 64 << 20).unwrap();
        let t = Instant::now();
        for f in &files {
            ingest::ingest_file(&store, f, MAX, ingest::now_unix(), None).unwrap();
        }
        store.flush().unwrap();
        let s = t.elapsed().as_secs_f64();
        println!(
            "ingest without analysis: {n} briefs in {s:.1} s = {:.0} briefs/s",
            n as f64 / s
        );
    }
    drop(plain);

    // With analysis, as `briefbot ingest` does it (claims, claims by actor, summary).
    let data = tempfile::tempdir().unwrap();
    let app = app_on(data.path());
    let t = Instant::now();
    app.ingest(&files, |_| {}).unwrap();
    let s = t.elapsed().as_secs_f64();
    println!(
        "ingest with analysis: {n} briefs in {s:.1} s = {:.0} briefs/s",
        n as f64 / s
    );

    let qs = queries(2_000);
    let invoker = Invoker::operator();

    // The command line's path, as `App::respond_with` takes it without a built index:
    // the summary, then only the actor's claims that answer (or, for "Nothing on record",
    // a scan of every claim's terms).
    let few = &qs[..300];
    let summary = app.store.position_summary(&app.lexicons).unwrap();
    let splitter = PositionIndex::from_summary(app.lexicons.clone(), summary);
    let times: Vec<Duration> = few
        .iter()
        .map(|q| {
            let (a, tp) = splitter.split_actor_topic(q.trim_start_matches("/position").trim());
            let t = Instant::now();
            let idx = app.one_actor_index(&a, &tp).unwrap();
            black_box(idx.query(&a, &tp));
            t.elapsed()
        })
        .collect();
    report(
        "command-line path (summary + answering claims + query)",
        &percentiles(times),
        few.len(),
    );

    // The bot's path: the full index in memory.
    let t = Instant::now();
    let index = app.positions().unwrap();
    println!(
        "full index: {} claims decoded and indexed in {:.0} ms",
        index.claims_held(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let split: Vec<(String, String)> = qs
        .iter()
        .map(|q| index.split_actor_topic(q.trim_start_matches("/position").trim()))
        .collect();
    let p = percentiles(
        split
            .iter()
            .map(|(a, tp)| {
                let t = Instant::now();
                black_box(index.query(a, tp));
                t.elapsed()
            })
            .collect(),
    );
    report("full index, PositionIndex::query", &p, qs.len());
    let p = time_each(&qs, |q| {
        black_box(app.respond_text(q, invoker.clone()));
    });
    report("full index, respond_text (query + reply)", &p, qs.len());
    c.bench_function("full index: respond_text /position russia troops", |b| {
        b.iter(|| black_box(app.respond_text("/position russia troops", invoker.clone())))
    });
    c.bench_function("full index: query russia troops", |b| {
        b.iter(|| black_box(index.query("russia", "troops")))
    });

    // The baseline on the same corpus.
    let briefs = app.store.all_briefs().unwrap();
    let t = Instant::now();
    let baseline = Baseline::new(Lexicons::builtin(), &briefs);
    println!(
        "baseline BM25: built over {} briefs in {:.0} ms",
        briefs.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let p = percentiles(
        split
            .iter()
            .map(|(a, tp)| {
                let t = Instant::now();
                black_box(baseline.query(a, tp, PAGE));
                t.elapsed()
            })
            .collect(),
    );
    report("baseline BM25 query (top 8)", &p, qs.len());
    c.bench_function("baseline: russia troops", |b| {
        b.iter(|| black_box(baseline.query("russia", "troops", PAGE)))
    });
    drop(index);
    drop(app);

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    let (dev, cases) = if shared.join("eval/positions.toml").exists() {
        (shared.join("briefs"), shared.join("eval/positions.toml"))
    } else {
        (
            root.join("tests/fixtures/positions/briefs"),
            root.join("tests/fixtures/positions/dev_cases.toml"),
        )
    };
    quality(&dev, &cases);
    c.final_summary();
}
