//! A deterministic generator of plausible briefs, for benchmarks and load tests: the same
//! seed always gives the same text, in the plain-text format the parsers read.

use chrono::{Days, NaiveDate};

/// How people ask `/position` about the generated corpus: its speakers by name, country,
/// body and title, one misspelt; its topics, one misspelt, one empty, some nobody speaks
/// on. Benchmarks and profilers draw their queries from these.
pub const QUERY_ACTORS: &[&str] = &[
    "russia",
    "kremlin",
    "putin",
    "peskov",
    "ukraine",
    "zelenskyy",
    "poland",
    "tusk",
    "nato",
    "rutte",
    "france",
    "macron",
    "germany",
    "merz",
    "united kingdom",
    "starmer",
    "hungary",
    "orban",
    "turkey",
    "erdogan",
    "european commission",
    "russai",
];
pub const QUERY_TOPICS: &[&str] = &[
    "troops",
    "sanctions",
    "ceasefire",
    "drones",
    "security guarantees",
    "grain",
    "nuclear plant",
    "air defence",
    "prisoner exchange",
    "",
    "legitimate targets",
    "energy exports",
    "troups",
    "elections",
];

/// Speakers as briefs name them, with the verb phrases they use.
const SPEAKERS: &[&str] = &[
    "Russian President Vladimir Putin",
    "Kremlin spokesperson Dmitry Peskov",
    "Ukrainian President Volodymyr Zelenskyy",
    "Polish Prime Minister Donald Tusk",
    "NATO Secretary General Mark Rutte",
    "French President Emmanuel Macron",
    "German Chancellor Friedrich Merz",
    "British Prime Minister Keir Starmer",
    "Hungarian Prime Minister Viktor Orbán",
    "Turkish President Recep Tayyip Erdoğan",
    "The Russian Ministry of Defence",
    "The European Commission",
];

const VERBS: &[&str] = &[
    "said",
    "stated",
    "warned",
    "insisted",
    "rejected claims",
    "argued",
    "declared",
];

const CLAIMS: &[&str] = &[
    "that any foreign troops deployed to Ukraine would be treated as legitimate targets",
    "that new sanctions on energy exports would be answered in kind",
    "that the ceasefire proposal lacked credible guarantees",
    "that drones had crossed into allied airspace without warning",
    "that security guarantees must be legally binding and balanced",
    "that grain shipments through the Black Sea would continue under escort",
    "that the nuclear plant at Zaporizhzhia needed international inspectors",
    "that peacekeepers would only be deployed after a settlement",
    "that air-defence systems would be moved closer to the eastern flank",
    "that talks on prisoner exchanges would resume within weeks",
];

const ANALYSIS: &[&str] = &[
    "The move narrows the room for compromise before winter.",
    "Markets reacted calmly, but freight insurers raised premiums for Black Sea routes.",
    "Analysts read the statement as a signal to domestic audiences as much as to allies.",
    "The timing suggests coordination with the next round of sanctions talks.",
    "European capitals are split on how far to go in answering the provocation.",
    "The episode tests the alliance's ability to respond quickly without escalating.",
];

/// A tiny xorshift generator: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

/// One generated brief: a suggested file name and its text.
pub struct GeneratedBrief {
    pub file_name: String,
    pub text: String,
}

/// `n` briefs, one a day from 2020-01-01 (or earlier, so that the last is no later than
/// 2025-12-31: ingest refuses briefs dated in the future), deterministic for a given `seed`.
pub fn generate(n: usize, seed: u64) -> Vec<GeneratedBrief> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let last = NaiveDate::from_ymd_opt(2025, 12, 31).expect("valid date");
    let start = NaiveDate::from_ymd_opt(2020, 1, 1)
        .expect("valid date")
        .min(last - Days::new(n.saturating_sub(1) as u64));
    (0..n)
        .map(|i| {
            let date = start + Days::new(i as u64);
            let mut text = format!("Borderland Brief | {date}\n\n");
            text.push_str(&format!(
                "Sharp updates and analysis, issue {}.\n\nWHAT HAPPENED\n\n",
                i + 1
            ));
            for _ in 0..rng.range(3, 6) {
                let mut para = Vec::new();
                for _ in 0..rng.range(1, 3) {
                    para.push(format!(
                        "{} {} {}.",
                        rng.pick(SPEAKERS),
                        rng.pick(VERBS),
                        rng.pick(CLAIMS)
                    ));
                }
                text.push_str(&para.join(" "));
                text.push_str("\n\n");
            }
            text.push_str("WHY IT MATTERS\n\n");
            for _ in 0..rng.range(2, 4) {
                text.push_str(rng.pick(ANALYSIS));
                text.push(' ');
                text.push_str(rng.pick(ANALYSIS));
                text.push_str("\n\n");
            }
            GeneratedBrief {
                file_name: format!("{date}-generated-{i}.txt"),
                text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn generation_is_deterministic_and_dated() {
        let a = super::generate(3, 7);
        let b = super::generate(3, 7);
        assert_eq!(
            a.iter().map(|g| &g.text).collect::<Vec<_>>(),
            b.iter().map(|g| &g.text).collect::<Vec<_>>()
        );
        assert!(a[2].text.starts_with("Borderland Brief | 2020-01-03"));
        assert_ne!(a[0].text, super::generate(1, 8)[0].text);
        let many = super::generate(10_000, 7);
        assert!(many[9_999]
            .text
            .starts_with("Borderland Brief | 2025-12-31"));
        assert!(many[0].text.starts_with("Borderland Brief | 1998-"));
    }
}
