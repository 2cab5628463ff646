//! Core benchmarks: parsing, ingest into sled (parse + store, flushed at the end), and
//! `/brief latest`, `/brief date`, `/brief search` latency over several thousand generated
//! briefs. Run with `cargo bench --bench core`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use briefbot::brief::parse_brief;
use briefbot::commands::{respond, Command, Context, Invoker};
use briefbot::corpus;
use briefbot::store::Store;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const CORPUS: usize = 5_000;
const MAX: usize = 1 << 20;

fn parse(c: &mut Criterion) {
    let briefs = corpus::generate(200, 1);
    let bytes: u64 = briefs.iter().map(|b| b.text.len() as u64).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("200 generated briefs", |b| {
        b.iter(|| {
            for br in &briefs {
                black_box(parse_brief(br.text.as_bytes(), &br.file_name, MAX).unwrap());
            }
        })
    });
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/briefs/2025-09-05-borderland-brief.txt"
    ))
    .unwrap();
    g.throughput(Throughput::Bytes(sample.len() as u64));
    g.bench_function("borderland sample", |b| {
        b.iter(|| black_box(parse_brief(&sample, "b.txt", MAX).unwrap()))
    });
    g.finish();
}

fn ingest(c: &mut Criterion) {
    let briefs = corpus::generate(1_000, 2);
    let bytes: u64 = briefs.iter().map(|b| b.text.len() as u64).sum();
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    g.throughput(Throughput::Elements(briefs.len() as u64));
    g.bench_function("1000 briefs, parse + store + flush", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let store = Store::open(dir.path(), 64 << 20).unwrap();
                for (i, br) in briefs.iter().enumerate() {
                    let parsed = parse_brief(br.text.as_bytes(), &br.file_name, MAX).unwrap();
                    store.put_brief(&parsed, &br.file_name, i as i64).unwrap();
                }
                store.flush().unwrap();
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    eprintln!("ingest corpus: {} briefs, {} bytes", briefs.len(), bytes);
}

fn queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), 64 << 20).unwrap();
    let started = Instant::now();
    for (i, br) in corpus::generate(CORPUS, 3).iter().enumerate() {
        let parsed = parse_brief(br.text.as_bytes(), &br.file_name, MAX).unwrap();
        store.put_brief(&parsed, &br.file_name, i as i64).unwrap();
    }
    store.flush().unwrap();
    eprintln!("setup: {CORPUS} briefs stored in {:?}", started.elapsed());
    let ctx = Context {
        store: &store,
        list_page_size: 10,
        invoker: Invoker::operator(),
        positions: None,
        default_timezone: "UTC",
        on_change: &|| {},
        search: None,
        sources: &[],
        add_attachment: None,
        post_now: None,
    };
    let mut g = c.benchmark_group(format!("query over {CORPUS} briefs"));
    g.measurement_time(Duration::from_secs(5));
    let latest = Command::BriefLatest { section: None };
    g.bench_function("/brief latest", |b| {
        b.iter(|| black_box(respond(&ctx, &latest)))
    });
    let on_date = Command::BriefDate {
        date: NaiveDate::from_ymd_opt(2022, 3, 4).unwrap(),
        section: Some("why".into()),
    };
    g.bench_function("/brief date (with section)", |b| {
        b.iter(|| black_box(respond(&ctx, &on_date)))
    });
    let list = Command::BriefList { page: 7 };
    g.bench_function("/brief list page 7", |b| {
        b.iter(|| black_box(respond(&ctx, &list)))
    });
    g.sample_size(10);
    let search = Command::BriefSearch {
        query: "security guarantees".into(),
        page: 1,
    };
    g.bench_function("/brief search (index built per query)", |b| {
        b.iter(|| black_box(respond(&ctx, &search)))
    });
    g.finish();
}

criterion_group!(benches, parse, ingest, queries);
criterion_main!(benches);
