//! Times the parts of a `/position` answer on an existing data dir: the full index (what the
//! bot keeps) and the command line's path (the actor's claims that answer, and the scan a
//! "Nothing on record" answer adds).
//!
//! `cargo run --release --example prof_positions -- DATA_DIR [ACTOR [TOPIC]]`; with
//! `BRIEFBOT_PROF_HELD=1` the full index holds its statements' texts instead of leaving
//! them in the store, to compare the memory each takes.
use std::time::Instant;

use briefbot::positions::{Lexicons, PositionIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("DATA DIR");
    let actor = args.next().unwrap_or_else(|| "russia".into());
    let topic = args.next().unwrap_or_else(|| "troops".into());
    let t = Instant::now();
    let store = briefbot::store::Store::open(std::path::Path::new(&dir), 64 << 20).unwrap();
    eprintln!("open {:?}", t.elapsed());
    let lex = Lexicons::builtin();

    let t = Instant::now();
    let missing = store.briefs_without_claims().unwrap();
    eprintln!(
        "briefs_without_claims ({}) {:?}",
        missing.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let summary = store.position_summary(&lex).unwrap();
    eprintln!("summary {:?}", t.elapsed());
    let t = Instant::now();
    let base = PositionIndex::from_summary(lex.clone(), summary);
    let id = base.actor_id(&actor).expect("known actor");
    eprintln!("summary index + resolve {:?}", t.elapsed());
    let t = Instant::now();
    let filter = base.topic_filter(&topic);
    let mut seen = 0;
    let claims = store
        .actor_claims_where(&id, |c| {
            seen += 1;
            filter.answers(c)
        })
        .unwrap();
    eprintln!(
        "look at {seen} claims of {id}, decode the {} that answer {:?}",
        claims.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let mut speaking = 0;
    store
        .for_each_claim_terms(|c| speaking += usize::from(filter.speaks_on(c)))
        .unwrap();
    eprintln!(
        "scan every claim's terms ({speaking} speak on the topic) {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    let one = base.with_actor_claims(&id, claims);
    eprintln!("actor index {:?}", t.elapsed());
    let t = Instant::now();
    let ok = one.can_answer(&actor, &topic);
    let _ = one.query(&actor, &topic);
    eprintln!("can_answer={ok} + query {:?}", t.elapsed());

    let t = Instant::now();
    let rss_before = rss_mib();
    // As the bot builds it: claim by claim from the store, read in place, the texts left
    // there.
    let mut b = PositionIndex::builder(lex);
    if std::env::var_os("BRIEFBOT_PROF_HELD").is_none() {
        b = b.texts_from(store.text_source());
    }
    store.for_each_claim_ref(|c| b.push_ref(c)).unwrap();
    let idx = b.finish();
    eprintln!(
        "full index of {} claims {:?}; resident memory {rss_before:.0} MiB before the claims, {:.0} MiB with the index",
        idx.claims_held(),
        t.elapsed(),
        rss_mib()
    );
    let t = Instant::now();
    let answer = idx.query(&actor, &topic);
    eprintln!("query {:?}", t.elapsed());
    if let briefbot::positions::PositionAnswer::Found { hits, .. } = answer {
        let t = Instant::now();
        let chars: usize = hits
            .iter()
            .take(8)
            .map(|h| idx.text(&h.statement).len())
            .sum();
        eprintln!(
            "texts of a page's 8 statements ({chars} bytes) {:?}",
            t.elapsed()
        );
    }
    if std::env::var_os("BRIEFBOT_PROF_HELD").is_some() {
        return;
    }
    // What a start does instead of the build when the data directory holds the index.
    let scratch = tempfile::tempdir().unwrap();
    let stamp = store.stamp().unwrap();
    let t = Instant::now();
    idx.save(scratch.path(), stamp).unwrap();
    let bytes = std::fs::metadata(scratch.path().join(briefbot::positions::SAVED_INDEX_FILE))
        .unwrap()
        .len();
    eprintln!("save ({:.1} MB) {:?}", bytes as f64 / 1e6, t.elapsed());
    drop(idx);
    let t = Instant::now();
    let lex = Lexicons::builtin();
    match PositionIndex::open_saved(
        scratch.path(),
        lex,
        store.text_source(),
        |at: &briefbot::store::Stamp| *at == stamp,
    ) {
        briefbot::positions::Saved::Usable(read, _) => {
            eprintln!(
                "read the saved index of {} claims {:?}",
                read.claims_held(),
                t.elapsed()
            );
            let t = Instant::now();
            let _ = read.query(&actor, &topic);
            eprintln!("query {:?}", t.elapsed());
        }
        other => panic!("the saved index did not read back: {other:?}"),
    }
}

/// The process's resident memory (`VmRSS`), in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}
