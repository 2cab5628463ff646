//! Prints the `/position` claims the engine makes from brief files, one per line, and the
//! sentences it attributed to nobody: for seeing why a statement is or is not found.
//!
//! `cargo run --release --example claims -- FILE... [--all]` (`--all` also lists the
//! sentences without a claim).
use briefbot::brief::{parse_brief, Brief};
use briefbot::positions::{analyze, sentences, Lexicons};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let lex = Lexicons::builtin();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let parsed = parse_brief(&bytes, path, 1 << 20).unwrap_or_else(|e| panic!("{path}: {e}"));
        let brief = Brief {
            id: path.clone(),
            date: parsed.date,
            title: parsed.title,
            lead: parsed.lead,
            sections: parsed.sections,
            source: path.clone(),
            content_hash: String::new(),
            revision: 1,
            ingested_at: 0,
        };
        let claims = analyze(&lex, &brief);
        println!("== {path}: {} claims", claims.len());
        let mut said = std::collections::HashSet::new();
        for c in &claims {
            said.insert(c.sentence_index);
            println!(
                "{:>3} [{}]{} {:?} speaker={:?} topics={:?} ctx={:?}\n      {}",
                c.sentence_index,
                c.actors.join(","),
                if c.from_context { " (context)" } else { "" },
                c.stance,
                c.speaker,
                c.topics,
                c.context_topics,
                c.text
            );
        }
        if all {
            println!("-- sentences without a claim");
            let mut i = 0u32;
            for text in std::iter::once(brief.lead.as_str()).chain(
                brief
                    .sections
                    .iter()
                    .flat_map(|s| s.blocks.iter().map(|b| b.text())),
            ) {
                for s in sentences(text) {
                    if !said.contains(&i) {
                        println!("{i:>3} {s}");
                    }
                    i += 1;
                }
            }
        }
    }
}
