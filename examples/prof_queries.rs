//! Times every query of a varied set against the full index of an existing data dir and
//! prints the slowest, with what they answered: where the latency tail comes from.
//!
//! `cargo run --release --example prof_queries -- DATA_DIR [ANSWERS_FILE]`: with a file,
//! every reply is also written to it, to compare two builds' answers.
use std::time::Instant;

use briefbot::commands::Invoker;
use briefbot::config::Config;
use briefbot::corpus::{QUERY_ACTORS, QUERY_TOPICS};
use briefbot::positions::PositionAnswer;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DATA DIR"));
    let config = Config {
        data_dir: dir.clone(),
        ..Config::default()
    };
    let store = briefbot::store::Store::open(&dir, config.cache_capacity_bytes()).unwrap();
    let app = briefbot::app::App::open(store, config).unwrap();
    let t = Instant::now();
    let index = app.positions().unwrap();
    eprintln!("full index {:?}", t.elapsed());
    let mut rows = Vec::new();
    let mut answers = String::new();
    for a in QUERY_ACTORS {
        for tp in QUERY_TOPICS {
            let t = Instant::now();
            let ans = index.query(a, tp);
            let q = t.elapsed();
            let kind = match &ans {
                PositionAnswer::Found { hits, .. } => format!("found {}", hits.len()),
                PositionAnswer::Nothing { .. } => "nothing".into(),
                PositionAnswer::UnknownActor { .. } => "unknown".into(),
            };
            let text = format!("/position {a} {tp}");
            let t = Instant::now();
            let reply = app.respond_text(text.trim_end(), Invoker::operator());
            let r = t.elapsed();
            answers.push_str(&format!("{text}\n{reply:?}\n"));
            rows.push((q, r, text, kind));
        }
    }
    if let Some(file) = std::env::args().nth(2) {
        std::fs::write(file, answers).unwrap();
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (q, r, text, kind) in rows.iter().take(25) {
        println!(
            "query {:>8.3} ms  respond {:>8.3} ms  {text:40} {kind}",
            q.as_secs_f64() * 1e3,
            r.as_secs_f64() * 1e3
        );
    }
    let mut qs: Vec<_> = rows.iter().map(|r| r.0).collect();
    qs.sort();
    let mut rs: Vec<_> = rows.iter().map(|r| r.1).collect();
    rs.sort();
    let at = |v: &Vec<std::time::Duration>, p: f64| {
        v[((v.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3
    };
    println!(
        "query p50 {:.3} p99 {:.3}; respond p50 {:.3} p99 {:.3}",
        at(&qs, 0.5),
        at(&qs, 0.99),
        at(&rs, 0.5),
        at(&rs, 0.99)
    );
}
