//! Times `/brief search` in one process as the bot runs it: the first answer (the search
//! index opened from the data directory, or rebuilt when stale) and then warm answers over
//! a set of queries, through the whole handler (index, ranking, excerpts, reply).
//!
//! `cargo run --release --example prof_search -- DATA_DIR [ROUNDS]`
use std::time::{Duration, Instant};

use briefbot::commands::Invoker;
use briefbot::config::Config;
use briefbot::corpus::QUERY_TOPICS;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DATA_DIR"));
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("ROUNDS"));
    let config = Config {
        data_dir: dir.clone(),
        ..Config::default()
    };
    let store = briefbot::store::Store::open(&dir, config.cache_capacity_bytes()).unwrap();
    let app = briefbot::app::App::open(store, config).unwrap();
    let ask = |q: &str| {
        let t = Instant::now();
        let reply = app.respond_text(&format!("/brief search {q}"), Invoker::operator());
        (t.elapsed(), reply.to_text().len())
    };
    let (first, _) = ask("ceasefire talks");
    println!("first answer (index opened or built): {first:?}");
    let mut queries: Vec<String> = QUERY_TOPICS.iter().map(|t| t.to_string()).collect();
    queries.extend(
        [
            "ceasefire talks",
            "security guarantees",
            "prisoner exchanges",
            "drones",
        ]
        .map(String::from),
    );
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..rounds {
        for q in &queries {
            times.push(ask(q).0);
        }
    }
    let index = app.search_index().unwrap();
    let mut slowest: Vec<(Duration, Duration, usize, &String)> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            let hits = index.search(q, 80).unwrap();
            let search = t.elapsed();
            (ask(q).0, search, hits.len(), q)
        })
        .collect();
    slowest.sort();
    for (whole, search, hits, q) in slowest.iter().rev().take(5) {
        println!("{q:?}: whole answer {whole:?}, of which index search {search:?} ({hits} hits)");
    }
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "warm: {} answers, p50 {:?}, p99 {:?}, max {:?}",
        times.len(),
        at(0.5),
        at(0.99),
        times[times.len() - 1]
    );
}
