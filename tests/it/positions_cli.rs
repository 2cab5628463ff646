//! `/position` through the built binary, scored the way `../shared/tools/eval_positions.py`
//! scores it: the development set (and our own extra briefs and cases) ingested into a
//! fresh data directory, each case asked with `ask --json`, phrases matched after folding.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/positions")
}

/// Case-insensitive, typographic quotes and dashes folded, Markdown emphasis dropped,
/// whitespace collapsed: the script's `fold`.
pub(crate) fn fold(text: &str) -> String {
    let t: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' => ' ',
            c => c,
        })
        .filter(|c| !matches!(c, '*' | '_' | '~' | '`' | '>' | '|'))
        .collect();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A reply's text as `eval_positions.py` reads it: content, embed titles, descriptions,
/// footers and fields, folded.
pub(crate) fn reply_text(bodies: &[Value]) -> String {
    let mut parts = Vec::new();
    for b in bodies {
        parts.push(b["content"].as_str().unwrap_or("").to_string());
        for e in b["embeds"].as_array().into_iter().flatten() {
            for k in ["title", "description"] {
                parts.push(e[k].as_str().unwrap_or("").to_string());
            }
            parts.push(e["footer"]["text"].as_str().unwrap_or("").to_string());
            for f in e["fields"].as_array().into_iter().flatten() {
                parts.push(f["name"].as_str().unwrap_or("").to_string());
                parts.push(f["value"].as_str().unwrap_or("").to_string());
            }
        }
    }
    fold(&parts.join("\n"))
}

struct Score {
    found: usize,
    total: usize,
    wrong: Vec<String>,
    missing: Vec<String>,
}

/// `check`, once the cases against the rules are exactly `pinned`: a known one stays
/// known, and any other statement shown against a case fails.
fn check_pinned(score: Score, pinned: &[&str], min_recall: f64) {
    assert_eq!(score.wrong, pinned);
    check(
        Score {
            wrong: Vec::new(),
            ..score
        },
        min_recall,
    );
}

/// A batch written apart: `tests/fixtures/positions/NAME_briefs` asked
/// `NAME_cases.toml`'s questions.
fn run_batch(name: &str) -> Score {
    run_cases(
        &[fixtures().join(format!("{name}_briefs"))],
        &fixtures().join(format!("{name}_cases.toml")),
    )
}

fn run_cases(briefs: &[PathBuf], cases: &Path) -> Score {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bin = env!("CARGO_BIN_EXE_briefbot");
    let mut ingest = Command::new(bin);
    ingest
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--data")
        .arg(&data)
        .arg("ingest")
        .args(briefs);
    let out = ingest.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let table: toml::Table = std::fs::read_to_string(cases).unwrap().parse().unwrap();
    let mut score = Score {
        found: 0,
        total: 0,
        wrong: Vec::new(),
        missing: Vec::new(),
    };
    for case in table["case"].as_array().unwrap() {
        let cmd = case["command"].as_str().unwrap();
        let out = Command::new(bin)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("--data")
            .arg(&data)
            .args(["ask", "--json", cmd])
            .output()
            .unwrap();
        let bodies: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{cmd}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let text = reply_text(&bodies);
        let list = |k: &str| {
            case.get(k)
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        };
        for p in list("expect") {
            score.total += 1;
            if text.contains(&fold(p.as_str().unwrap())) {
                score.found += 1;
            } else {
                score.missing.push(format!("{cmd}: {p}"));
            }
        }
        if case.get("nothing").and_then(|v| v.as_bool()) == Some(true) {
            score.total += 1;
            if bodies[0]["flags"].as_u64().unwrap_or(0) & 64 != 0 {
                score.found += 1;
            } else {
                score
                    .missing
                    .push(format!("{cmd}: an ephemeral nothing-on-record reply"));
            }
        }
        if list("reject")
            .iter()
            .any(|p| text.contains(&fold(p.as_str().unwrap())))
        {
            score.wrong.push(cmd.to_string());
        }
    }
    score
}

fn check(score: Score, min_recall: f64) {
    let recall = score.found as f64 / score.total.max(1) as f64;
    assert!(
        score.wrong.is_empty(),
        "statements shown under the wrong actor: {:?}",
        score.wrong
    );
    assert!(
        recall >= min_recall,
        "recall {recall:.2} ({}/{}); missing: {:#?}",
        score.found,
        score.total,
        score.missing
    );
}

#[test]
fn the_development_set_scores_as_required() {
    check(
        run_cases(
            &[fixtures().join("briefs")],
            &fixtures().join("dev_cases.toml"),
        ),
        0.9,
    );
}

#[test]
fn our_own_briefs_and_cases_score_too() {
    let briefs = [fixtures().join("briefs"), fixtures().join("extra_briefs")];
    check(
        run_cases(&briefs, &fixtures().join("extra_cases.toml")),
        0.9,
    );
    // The development set still holds with more briefs (and more speakers) in the library.
    check(run_cases(&briefs, &fixtures().join("dev_cases.toml")), 0.9);
}

/// Briefs and questions written apart from the engine; see the file's header.
#[test]
fn briefs_written_apart_from_the_engine_score_no_worse_than_measured() {
    // Measured by this test (a "nothing on record" case counts as one phrase) 166/192 with
    // WordNet's related words for free-text topics (the binary reads them from
    // /usr/share/wordnet when it is there), 162/192 without; each floor allows two
    // phrases less. With a story's opening words lent to its statements, 0.86 by the
    // positions scorer (152/177, from 146): the floor with WordNet rises to 0.88.
    let wordnet = Path::new("/usr/share/wordnet/index.noun").is_file();
    check(run_batch("unseen"), if wordnet { 0.88 } else { 0.83 });
}

/// Batch 5, written apart from the engine after the attribution stage was built; see the
/// file's header for its first score.
#[test]
fn batch_five_written_apart_scores_no_worse_than_measured() {
    check(
        run_batch("unseen5"),
        // 51/59 as this test counts, WordNet or not.
        0.84,
    );
}

/// Batch 6, written apart from the engine by a session that did not read its source, and
/// scored first with the engine as it was before the changes measured on it; see the
/// file's header.
#[test]
fn batch_six_written_apart_scores_no_worse_than_measured() {
    check(
        run_batch("unseen6"),
        // 58/72 as this test counts, WordNet or not.
        0.79,
    );
}

/// Batch 7, written apart from the engine the same way as batch 6 and scored first with
/// the engine as it was before this batch's changes; see the file's header.
#[test]
fn batch_seven_written_apart_scores_no_worse_than_measured() {
    // 65/83 as this test counts when first scored; 68/83 since words derived from the same
    // word are related ("fishing" finds "fisheries"), which needs WordNet. Each floor allows
    // two phrases less.
    let wordnet = Path::new("/usr/share/wordnet/index.noun").is_file();
    check(run_batch("unseen7"), if wordnet { 0.79 } else { 0.77 });
}

/// Batch 8, written apart from the engine by a helper that did not read its source, and
/// scored first with the engine of stop 34, before any change for it; see the file's
/// header.
#[test]
fn batch_eight_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen8");
    // "gas" asks for the energy topic, which holds the State Department's words on an oil
    // pipeline: the speaker is right and the topic wider than the case asks. Pinned, so
    // that any other statement shown against a case fails.
    check_pinned(
        score,
        &["/position usa gas"],
        // 56/70 as this test counts when first scored, WordNet or not; 58/70 since a
        // quotation left open at a paragraph's end goes on in the next.
        0.79,
    );
}

/// Batch 9, written apart from the engine by a helper that did not read its source, and
/// scored first with the engine of stop 35 before any change for it (0.70, 62/88, two
/// cases against the rules); see the file's header.
#[test]
fn batch_nine_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen9");
    // "Belarus, which has hosted Russian tactical nuclear weapons since 2023, has not
    // commented on the shutdown" was listed until a refusal to say stopped being a claim;
    // "/position ukraine sanctions" no longer lists the Kremlin spokesman's words under
    // Ukraine. No case is against the rules now, and any statement shown against one fails.
    check_pinned(
        score,
        &[],
        // 68/88 as this test counts, WordNet or not: 62 at first, 63 with "The Kremlin
        // spokesman" a person, 66 with a pronoun the sieve cannot resolve given the
        // stage's phrase, 68 with a quotation that goes on over paragraphs; 69/87 once the
        // Belarus case's refusal was no claim, 77/87 with each datelined story its own (the
        // Zaporizhzhia plant's reactions answer the plant's story, not the story above it).
        0.86,
    );
}

/// Batch 10, written apart from the engine by a helper that did not read its source, and
/// scored first with the engine of stop 35 before any change for it (0.69, 63/91, eight
/// cases against the rules); see the file's header.
#[test]
fn batch_ten_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen10");
    // "He recalled that Gazprom had promised … “would not be left in the cold”": Gazprom's
    // promise, recalled by Romania's minister, is listed as his; "promised" is not a verb
    // of speech the engine takes as another's words at second hand. Pinned, so that any
    // other statement shown against a case fails.
    check_pinned(
        score,
        &["/position romania gas"],
        // 67/87 as this test counts with refusals no claims, relative clauses no speakers
        // and another's words passed on not the speaker's; 77/87 with each datelined story
        // its own; 79/87 with "the authorities in Tiraspol" Transnistria's and a named
        // speaker the stage found bringing their country ("“…,” De Wever told …").
        0.86,
    );
}

#[test]
fn batch_eleven_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen11");
    // Left as first measured (see the case file's header): a posted video taken for a
    // statement, and a former office's country. (The company's statement under its
    // country, "MOL, the Hungarian oil group, said", holds since a demonym speaks only for
    // an office; the refusal "would not say whether …" since refusing a question that
    // takes nothing for granted says nothing.) Pinned, so that any other statement shown
    // against a case fails.
    check_pinned(
        score,
        &["/position ukraine oil", "/position estonia border"],
        // 60/91 when first measured; 64/91 with "peace" meaning peace talks for an actor
        // who used the word on them; 70/91 with pronouns that stand for no phrase inside
        // what they report and a story's opening words lent to its statements; 81/91 with
        // the words of the story the title names lent to its statements.
        0.66,
    );
}

#[test]
fn batch_twelve_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen12");
    // Left as first measured (see the case file's header): the head of a country's trade
    // body ("head of Russia's Union of Grain Exporters") taken for the country. Pinned, so
    // that any other statement shown against a case fails.
    check_pinned(
        score,
        &["/position russia wheat"],
        // 51/100 when first measured; 76/100 with a title that speaks for a phrase of the
        // paragraph before, a story's opening words lent to its statements and a person
        // introduced by office outside a statement remembered for a later surname; 77/100
        // with a hyphenated office ("executive vice-president"); 90/100 with a story's
        // opening words reaching its statements after the last paragraph naming them.
        0.51,
    );
}

#[test]
fn batch_thirteen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen13");
    // None wrong since "called an emergency meeting" convenes one and is no statement
    // (wrong as first measured, see the case file's header). A party whose name opens with
    // its country ("Armenia Alliance") no longer speaks for it since a capitalised body word
    // ends a group's name. (The European Parliament's vote under the EU holds since a vote
    // is no statement.) Pinned, so that any other statement shown against a case fails.
    check_pinned(
        score,
        &[],
        // 44/98 when first measured; 68/97 with a heading's words and a later story's
        // opening words lent to statements, the office after an inverted subject and no
        // country for an apposition that owns no office; 80/97 with the words of the story
        // the title names lent to its statements; 85/97 with "Lee's" lent by "President
        // Lee Jae-myung" and KCNA and Kim Yo Jong in the lexicon.
        0.45,
    );
}

#[test]
fn batch_fourteen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen14");
    // Every wrong answer of the first measure is gone (see the case file's header), so
    // any statement shown against a case fails.
    check_pinned(
        score,
        &[],
        // 55/98 when first measured; 58/97 with analysis that states only what it reports
        // said, approving and summoning as acts and refusals of a matter withheld; 68/97
        // with a section's event weighed up to its last mention; 88/97 with the words of
        // the story the title names lent to its statements; 92/97 with a person introduced
        // by a national office in narrative and the UN's coordinator speaking for the UN.
        0.56,
    );
}

#[test]
fn batch_fifteen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen15");
    // Left as first measured (see the case file's header). Pinned, so that any other
    // statement shown against a case fails.
    check_pinned(
        score,
        &["/position ukraine plant", "/position greece asylum"],
        // Armenia's treaty case holds since positions-91; the EU's since positions-103
        // ("EU member states extended the mandate": "states" is their noun, not a verb).
        // 70/97 when first measured; 78/97 with imposing, invoking and vetoing as acts
        // (the Commission's imposing the tariffs had hidden the tariffs story from the
        // statements after it) and a noun's "to" inside the speaker's phrase ("China's
        // mission to the EU wrote"); 82/97 with an office that names no country taking
        // the country of its story's opening subject ("CHANIA, Crete, Dec 5 — Greece's
        // parliament voted … the migration minister, X, told parliament"); 83/97 with a
        // named speaker after "According to" speaking; 85/97 with "Government" making a
        // title a country's office; 87/97 with "ministry" one too; 88/97 with a person the
        // lexicon knows lending their surname to the rest of the brief.
        0.72,
    );
}

#[test]
fn batch_sixteen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen16");
    // Left as first measured (see the case file's header). Pinned, so that any other
    // statement shown against a case fails.
    check_pinned(
        score,
        &[
            "/position south_korea missile",
            "/position israel peacekeepers",
            "/position united_states peacekeepers",
        ],
        // 70/89 when first measured; 75/89 with an event reaching the reactions up to the
        // last paragraph that names it (the Moscow court's ruling on Euroclear's frozen
        // assets, answered by Belgium, Russia and Ukraine); 77/89 with "according to the
        // spokeswoman, Name," naming its speaker. "/position cyprus talks" and "/position
        // turkey talks" were wrong until a demonym joined to another country's headed no
        // office ("the Turkish Cypriot leader"); 80/89 with the person a pronoun stands
        // for bringing their country ("said Greece's foreign minister, X. He added …") and
        // "Government spokesman X" speaking for the country before; 81/89 with "The
        // ministry's spokesman" naming again the ministry just heard from. "/position japan
        // missile" was wrong until a country that begins a company's name ("Japan
        // Airlines") was no longer its speaker.
        0.78,
    );
}

#[test]
fn batch_seventeen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen17");
    // Left as first measured (see the case file's header). Pinned, so that any other
    // statement shown against a case fails.
    check_pinned(
        score,
        &["/position serbia election"],
        // 55/87 when first measured. "/position china port" was wrong until a country that
        // begins a company's name ("China Merchants Port Holdings") was no longer its
        // speaker; 61/86 with a story first told by whoever did it ("China Yajiang Group
        // … said it had diverted the river") opening the title's story it names; 66/86
        // with the College of Commissioners, ODIHR and PACE in the lexicon; 72/86 with
        // "observers from A and B" speaking for both, an office heard "in New Delhi"
        // speaking for India, and "ministry" a national office; 74/86 with "Marta Kos"
        // lending "Kos" to the rest of the brief; 75/85 with "agreed on the total catch"
        // a decision (the coastal states' shares no longer the United Kingdom's statement).
        0.63,
    );
}

#[test]
fn batch_eighteen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen18");
    // Left as first measured (see the case file's header). Pinned, so that any other
    // statement shown against a case fails.
    check_pinned(
        score,
        &[],
        // 57/80 when first measured, "/position united_states climate" wrong; 62/80 with a dateline placing its paragraph for an
        // office with no country ("WASHINGTON, Nov 20 — Commerce Secretary X"),
        // "Secretary" a national office, and "the minister for foreign trade, X," read as
        // an office in apposition; 68/80 with "was quoted by the Interfax news agency as
        // saying" read as a passive, "After the vote he told" spoken by "he", "The prince
        // told a conference in Riyadh" placed there, and "ministry spokeswoman He
        // Yongqian" a named national office; 71/80 with a court's "ruled … that" and
        // "found … that" read as findings and its chamber and judges speaking for it;
        // 74/80 with a cue that ends "as saying" counted as speech; 77/79, none wrong,
        // with "America Is All In, a coalition of US states, cities and businesses" not
        // the United States (a body's members, not its speaker).
        0.71,
    );
}

#[test]
fn batch_nineteen_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen19");
    // Left as first measured (see the case file's header). Pinned, so that any other
    // statement shown against a case fails.
    check_pinned(
        score,
        &["/position japan missile", "/position armenia peace"],
        // 64/82 when first measured, five cases wrong; the Estonian, EU and Chinese ones
        // went with "agreed to lend" read as a decision, "a former Estonian prime
        // minister" no longer Estonia's, and "The China Association of Automobile
        // Manufacturers" no longer China. 67/82 with a placed office taking the country
        // of a statement earlier in its paragraph ("The chief cabinet secretary") and a
        // known person named in full lending either end of the name ("Lee's adviser");
        // 71/82 with KCNA and Kim Yo Jong in the lexicon.
        0.78,
    );
}

#[test]
fn batch_twenty_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen20");
    // Left as first measured (see the case file's header). Pinned, so that any other
    // statement shown against a case fails.
    check_pinned(
        score,
        &[
            "/position slovakia sanctions",
            "/position saudi_arabia climate",
        ],
        // 45/72 when first measured, four cases wrong; Moldova's went with "a former
        // president of Moldova" no longer Moldova. 56/72 with an office placed by the
        // intent it reports ("said Berlin expected") and by its story's dateline, and
        // "Commission spokeswoman" the EU's; 68/72, and the United Kingdom's case right,
        // with more ministers and spokespeople in the lexicon (several of them this
        // batch's, so this figure is no longer a measure of the rules).
        0.62,
    );
}

/// Batch 21: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_one_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen21");
    check_pinned(
        score,
        &[],
        // 53/69 when first measured, the United Kingdom's case wrong (a researcher at
        // King's College London). 68/69, none wrong, with a place that ends a longer name
        // no speaker, a ministry or government body placed in a capital its country's, a
        // paragraph about other countries opening another story, the title's story
        // reaching a later dateline that names its countries otherwise, "X was quoted by
        // the agency as saying" whatever word the model is surest of, and "she" passing
        // over the places an office covers. Left: "wrote on X." is read as an initial.
        // 64/69 once a story break no longer gives an office its new subject's country
        // (Norway's fisheries minister, after a paragraph listing four parties, has none;
        // batch 22's Chief Cabinet Secretary had taken China's from such a guess).
        0.93,
    );
}

/// Batch 22: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_two_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen22");
    check_pinned(
        score,
        &[],
        // 54/79 when first measured, three cases wrong: "Fisheries Iceland, which …" as
        // Iceland, Japan's Chief Cabinet Secretary given China's country as the new
        // story's subject, and a federation "in Seoul" as South Korea. 63/78, none wrong,
        // with a country that ends a name before a comma not its speaker, a story break
        // giving no country, "Chief Cabinet Secretary" Japan's in the lexicon, a place a
        // speaker only sits in no speaker, "the president of the European Central Bank"
        // the bank's, and a name "which" describes no person for "she". Left: the Cyprus
        // story's reactions name no word of "reunification", which only its opening
        // sentence does.
        0.81,
    );
}

/// Batch 23: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_three_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen23");
    check_pinned(
        score,
        &[],
        // 59/69 when first measured, one case wrong: Tokayev's "He told the Khabar
        // television channel" after a relative clause naming Xi Jinping read as China's.
        // 62/69, none wrong, with a pronoun passing over the names in a relative aside
        // (the water minister after him then takes Kazakhstan, the last speaker's country,
        // not China), and "The minister" after Serbia's energy minister no longer
        // Albania's prime minister, whose office ends in the same word. Left: Serbia's minister, named by title
        // alone, and the Kosovo and Commission reactions, which do not repeat
        // "interconnector".
        0.89,
    );
}

/// Batch 24: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_four_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen24");
    check_pinned(
        score,
        &["/position frontex gibraltar", "/position eu digital euro"],
        // 57/72 when first measured, three cases wrong (the case file's header). 68/72,
        // two wrong, with an office nothing else places taking the story's country
        // (Slovenia's energy minister after a company spoke), a paragraph that opens with
        // "Austria, which …, reacted" placing its minister, "agreed on the law that …" a
        // decision, "after the European Commission proposed it" no statement, "according
        // to the Commission" the European Commission named before, "the minister of
        // industries, whose portfolio …," Iceland's minister, an office ending at "who"
        // ("the member of the ECB's Executive Board who leads the project"), and "an
        // association of Spanish cross-border workers" not Spain. Left: Frontex's refusal
        // to say "how many officers" read as an answer, a commissioner's corridor line
        // shown as related to "digital euro" by "euros", the ECB's interview answer and
        // its president's line in "What to Watch", which names no digital euro.
        0.94,
    );
}

/// Batch 25: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_five_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen25");
    check_pinned(
        score,
        &[
            "/position moldova measles",
            "/position spain clocks",
            "/position spain rockets",
        ],
        // 64/75 when first measured, four cases wrong (the case file's header). 68/74 with
        // "has not announced" a refusal, no statement (Bulgaria's case now holds), and
        // "health minister X was quoted by the state news agency Moldpres as saying" X's:
        // Moldova's minister now speaks, but the claim opens with the sentence's "In
        // Moldova, where 312 cases have been reported this year," which the case rejects.
        // Left: Germany's ministry spokesman in parentheses and "went on to say", France's
        // "minister for research and space, X," after a quote of two sentences, Italy's
        // lines that name no rockets, the lead sentence under a dateline, and a clock-change
        // line shown as related to "rockets" through "transport". 69/74 and the UK's case
        // right with positions-91: "Universities UK said" names a body, not the UK, and
        // "France's minister for research and space, X," is read whole.
        0.93,
    );
}

/// Batch 26: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_six_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen26");
    check_pinned(
        score,
        &[],
        // 69/80 when first measured, four cases wrong (the case file's header). 78/79 and
        // none wrong with positions-91: an "and" inside an office's portfolio ("climate
        // and environment ministry", "Ports and Airports Minister"), a demonym before a
        // lower-case portfolio, one capitalised word before a country that ends the
        // phrase ("Greenpeace Switzerland"), a country ruled out inside a name ("the
        // International Transport Association of Turkey"), a company speaker as the last
        // heard from for "Its chief executive", a relative clause ending in a quotation,
        // "it" for a ministry with a long portfolio, and a double surname. Left: the
        // health minister's line in "What to Watch", which names no vaccines.
        0.98,
    );
}

/// Batch 27: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_seven_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen27");
    check_pinned(
        score,
        &["/position united_states haiti"],
        // 53/72 when first measured, five cases wrong (the case file's header). 63/72 with
        // positions-92: a relative clause between the speaker and the verb and a lead-in
        // before a colon left out of the claim, an owner after an office ("the minister
        // heading the Prime Minister's Office"), a portfolio that is a list, and "European
        // commissioner" the EU's. Left: "pledged another 150 million dollars", which the
        // case reads as an act; Switzerland's Federal Council; Germany's "Federal Foreign
        // Office in Berlin"; lines in "What to Watch" that name no topic word.
        0.87,
    );
}

/// Batch 28: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_eight_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen28");
    check_pinned(
        score,
        &["/position united_states lng"],
        // 66/83 when first measured, one case wrong (the case file's header). 76/82 with
        // positions-93: "al-Kaabi" a name, "the Commission" and "the agency" the bodies
        // named in full before, "who signed for Washington" the US's, "declined to answer
        // questions" no position, and a person under "What to Watch" on the topics they
        // spoke on. Now wrong: the US's statement on submarine fuel, as the US's, answers
        // "lng" through the energy topic's "fuel". Left: the Congo convoy's statements
        // that name no mineral (the story's lead does: "tin and tantalum ore").
        0.92,
    );
}

/// Batch 29: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_twenty_nine_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen29");
    check_pinned(
        score,
        &["/position china water", "/position albania cyberattack"],
        // 47/76 when first measured, four cases wrong (the case file's header). 54/76 with
        // positions-94: "according to the fund" and "The fund's mission chief" the IMF's
        // after its managing director, "the deputy spokesman for the UN secretary-general"
        // the UN's, "who led the US delegation" the US's, and "the Paris Club" no France.
        // Left: "China has offered Bangladesh loans" read as an offer; what a hacker group
        // "said were emails" taken for Albania's; "did not say how it had voted" a
        // statement (the engine reads a withheld answer to "how" as taking the vote for
        // granted); "spokesperson X" after India's ministry names no body; statements on
        // the cyberattack that do not name it. With positions-105 "The United States, the
        // fund's largest shareholder, did not say …" is shown without the writer's
        // apposition, so the phrase the case rejects is gone; the refusal is still a
        // claim, and the case still misses its "nothing on record". 63/75 with
        // positions-113: the lede's "cyberattack" reaches the US, EU and Montenegrin
        // statements after the last paragraph that names it.
        0.80,
    );
}

/// Batch 30: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong case is pinned.
#[test]
fn batch_thirty_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen30");
    check_pinned(
        score,
        &[],
        // 61/75 when first measured, one case wrong (the case file's header). 75/75 with
        // positions-95: "Maria da Graça Carvalho" no Zakharova, "Its defence ministry" and
        // "The ministry" the countries their paragraph and story narrate, "Minister
        // Madeleine King" a name, "who heads the ICRC's weapons unit" the Red Cross's,
        // "the kingdom's delegation" Saudi Arabia's, "The transport ministry" a body, the
        // World Sikh Organization of Canada no Canada, and under "What to Watch" a
        // person's words on the bishop and the crash answering those topics.
        1.0,
    );
}

/// Batch 31: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_thirty_one_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen31");
    check_pinned(
        score,
        &[
            "/position united_states chagos",
            "/position belgium cocaine",
            "/position eu convention",
        ],
        // 52/73 when first measured, ten cases wrong (the case file's header). 55/73 with
        // positions-95 (batch 30's rules), before any change for this batch, eleven wrong:
        // Belgium's cocaine took a statement of the Netherlands'. 65/71 with positions-96,
        // seven wrong: the Dutch minister's "justice and security" portfolio, Belgium's
        // finance minister after "according to the Dutch police" in the paragraph before,
        // "did not comment" after a relative clause, the EU's and Japan's chambers of
        // commerce, "Its minister of fisheries and oceans" and Europol's director "for
        // operations". With 75 more countries in config/actors.toml, "Mauritian Prime
        // Minister X" is no longer taken for the UK, six wrong. Left: "Critics … in London and Washington" the stage's Washington; what a
        // relative clause inside the Pentagon's statement narrates; "the authorities said"
        // after Belgian customs, which the case leaves to neither list but rejects; an EU
        // commissioner's port rules shown for "convention" on a related topic ("rule");
        // "China and Russia blocked a proposal" (blocking is a stance here); the krill
        // story's statements that name no krill (a story begun without a heading). 69/71 with
        // positions-98, three wrong: "after China and Russia blocked a proposal" is a dated
        // act, no longer a statement that also broke the krill story's thread.
        0.97,
    );
}

/// Batch 32: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_thirty_two_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen32");
    check_pinned(
        score,
        &["/position netherlands eurovision"],
        // 43/71 when first measured, three cases wrong (the case file's header). 51/71
        // with positions-97: the title's "five broadcasters stay away as Israel is
        // confirmed for Eurovision 2027" is one story, so the statements after the
        // paragraph that opens it answer "eurovision". 56/71 with the leaders of the
        // countries added at stop 52 in config/actors.toml (Marcos, Ramaphosa) and
        // Israel's president. 63/71 with positions-98, two wrong: "The court said" after
        // its president, "Its minister of state for Europe" Germany's, "since China
        // declared a nature reserve" no statement, "The Department of Foreign Affairs in
        // Manila" the Philippines'. 64/71 with "sherpa" an office (positions-99): "the
        // White House's G20 sherpa" is the US's. 65/71 with positions-100, one wrong: "has
        // claimed the land" is a claim to a thing, an act; Ramaphosa's What-to-Watch
        // statement answers the title's G20 story. Left: "The broadcasters of Spain,
        // Ireland, the Netherlands …" read as the list's last three countries; "the coast
        // guard's spokesman" and "the court's president" name no body; a department named
        // in full with no country.
        0.91,
    );
}

/// Batch 33: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_thirty_three_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen33");
    check_pinned(
        score,
        &["/position turkey steel"],
        // 66/77 when first measured, four cases wrong (the case file's header). 70/77 with
        // positions-101, three wrong: "the envoy" is the UN secretary-general's personal
        // envoy the stage resolves it to; "the oil ministry" is not "the Turkish energy
        // ministry", and is read by who spoke last (Iraq's oil minister); "The Kurdistan
        // Regional Government" is no person, so takes no country's office. 73/77 with
        // positions-102: "Belgium's foreign minister" is someone a later "He added" stands
        // for, and the envoy too; "In Rabat, the government spokesman" is Morocco's.
        // 74/76 and two wrong once "offing" (which stems to "of") no longer relates any
        // statement to "high seas". Left: Spain's standing policy "has backed the Moroccan
        // plan since 2022" and Turkey's request to the WTO, both acts the case rejects;
        // the IAEA deputy director general's "The agency's …" after the agency; an EU
        // commissioner's What-to-Watch statement that names no high seas. Spain's case
        // no longer counts wrong since positions-112 only because the apposition is left
        // out of what is shown ("Spain … has backed the Moroccan plan since 2022"): the
        // narrated stance is still shown under Spain, where the case wants none.
        0.96,
    );
}

/// Batch 34: three briefs and 30 questions written apart from the engine (see the case
/// file's header). No case is wrong.
#[test]
fn batch_thirty_four_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen34");
    check_pinned(
        score,
        &[],
        // 46/84 when first measured on stop 53's engine, 50/84 on this stop's before any
        // change for it, no case wrong (the case file's header). 58/84 with positions-103:
        // "CLIMATE OPINION AT THE UN" names a story, not the writer's opinion, so its
        // statements are reported ones ("He said", "India … said"); "All 27 EU member
        // states voted" is no statement (a first reading of the section made it one).
        // 60/84 with positions-104: "the energy minister" nobody before held is the
        // story's country's (Indonesia's). 61/84 with positions-106: "A ministry
        // spokesman told reporters at Torkham", in a paragraph that opens "In Kabul", is
        // Afghanistan's, as "the" ministry there is.
        0.72,
    );
}

/// Batch 35: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_thirty_five_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen35");
    check_pinned(
        score,
        &[],
        // 77/88 when first measured on stop 54's engine, before any change for it, one case
        // wrong (the case file's header). 82/88 with positions-105, none wrong: "Switzerland,
        // home to two of the world's largest drugmakers, said" is shown without the
        // writer's apposition; a side's statements in a paragraph answer each other's
        // words ("had kept alive “a single market”" answers "ECOWAS", which Senegal's
        // next sentence names). 83/88 with positions-106: "According to the bank's
        // environmental assessment" after the World Bank's vice-president spoke is the
        // World Bank's.
        0.94,
    );
}

/// Batch 36: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_thirty_six_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen36");
    check_pinned(
        score,
        &[],
        // 74/80 when first measured on this stop's engine (positions-105), before any
        // change for it, four cases wrong (the case file's header). With positions-106,
        // 74/80 and one wrong: "In Accra, the finance ministry" after Ivory Coast's and
        // Ghana's joint statement is Ghana's alone; "The Independent Power Producers'
        // Association, Nepal," is no Nepal (nor the European Cocoa Association named by
        // its last word); "In Beijing, a foreign ministry spokesperson" is China's, not
        // Paraguay's, who spoke before; "his spokesman did not answer calls" says nothing.
        // With positions-107 none: India's statement no longer runs on into the writer's
        // closing apposition ("…, a rule widely read as aimed at China").
        0.92,
    );
}

/// Batch 37: three briefs and 30 questions written apart from the engine (see the case
/// file's header). The wrong cases are pinned.
#[test]
fn batch_thirty_seven_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen37");
    check_pinned(
        score,
        &["/position china railway", "/position tanzania railway"],
        // 53/75 when first measured on stop 55's engine (positions-107), before any
        // change for it, four cases wrong (the case file's header). 57/74 with
        // positions-108, two wrong: "Asked about the corridor at a regular briefing in
        // Beijing, a foreign ministry spokeswoman said" is China's, not the United
        // States', who spoke before; "In Paris, the foreign ministry referred questions
        // to TotalEnergies … The company said" is not France's. 62/74 with
        // positions-109: "Spain's minister for the ecological transition, Lucia Ferrer,
        // who negotiated the text, said" is Spain's; "He said" after a minister quoted
        // "as saying" is that minister.
        0.83,
    );
}

/// Batch 38: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_thirty_eight_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen38");
    check_pinned(
        score,
        &[],
        // 50/68 when first measured on stop 55's engine (positions-107), before any
        // change for it, one case wrong (the case file's header). 52/68 with
        // positions-108: "said Saima Rafiq, Pakistan's attorney-general, who argued the
        // case" after a quote of two sentences is Pakistan's. 59/68 with positions-109,
        // none wrong: the title's "send home 7,000 freed scam workers" is one story, not
        // two parted at the number's comma; "Cabinet spokesman X told reporters in
        // Colombo" is Sri Lanka's; "The Vanuatu Christian Council" is no Vanuatu.
        0.86,
    );
}

/// Batch 39: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_thirty_nine_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen39");
    check_pinned(
        score,
        &["/position bolivia lithium", "/position guatemala belize"],
        // 50/73 when first measured on stop 56's engine (positions-111), before any
        // change for it, seven cases wrong (the case file's header). 52/73 with
        // positions-112, two wrong: only the word that heads an apposition is its office
        // ("France, the former colonial power, which has held back part of its aid …,
        // said" and "The European Union, the largest donor to the electoral commission,
        // said" leave the writer's aside out); "The China Overseas Fisheries Association"
        // names no China again; "The National Federation of Artisanal Fishermen of Peru"
        // is no Peru; "He" after "… after a Slovenian judge was recorded …" is Croatia's
        // prime minister who spoke before. 59/73 with positions-113: the story opened
        // mid-section "In Brasília, the government issued …" is Brazil's, so "Health
        // Minister Renata Figueiredo" is its minister, and its lede's "lenacapavir"
        // reaches the US and Colombian statements after the last paragraph naming it.
        // 63/73 with positions-114: "the transitional president", first to speak in the
        // story of "ANTANANARIVO — Madagascar's military-led government set …", is
        // Madagascar's.
        0.85,
    );
}

/// Batch 40: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_forty_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen40");
    check_pinned(
        score,
        &["/position unicef nipah"],
        // 62/76 when first measured on stop 56's engine (positions-111), before any
        // change for it, three cases wrong (the case file's header). 64/76 with
        // positions-113, a story's opening words reaching its later statements. 65/75
        // with positions-115, one wrong: "The opposition leader" is not the prime minister
        // who spoke before, and "China Road and Bridge Corporation" is no China. Left:
        // UNICEF's statement shown with the writer's ", who make up three of the nine
        // cases", which the case rejects.
        0.85,
    );
}

/// Batch 41: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_forty_one_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen41");
    check_pinned(
        score,
        &[
            "/position morocco customs",
            "/position mozambique troops",
            "/position iran railway",
            "/position eu gas",
            "/position eu blackout",
        ],
        // 59/76 when first measured on stop 57's engine (positions-115), before any
        // change for it, eight cases wrong (the case file's header). 69/76 with
        // positions-116: "In Baku, the ministry of digital development and transport said"
        // and "A spokesman for the external affairs ministry told his weekly briefing in
        // New Delhi" are read. 70/76 with positions-117, six wrong: "Ortega said" is the
        // Julian Ortega named before, not the Daniel Ortega the lexicon knows; "after
        // Madrid backed Morocco's autonomy plan" is no statement; "An economist at the
        // University of Havana's Centre for the Study of the Cuban Economy" is no Cuba.
        // Left: narrative shown as Morocco's ("has never recognised") and the EU's, a
        // relative clause shown with Sudan's minister, "a Maputo watchdog" taken for
        // Mozambique, a deputy prime minister "who flew in from Moscow" given the
        // dateline's Iran, and statements on the gas pipeline and on Cuba's blackout
        // answering each other's topic through "energy". Five wrong with positions-118:
        // the relative clause about Sudan's minister is left out of what is shown.
        0.90,
    );
}

/// Batch 42: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_forty_two_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen42");
    check_pinned(
        score,
        &["/position oman mediation", "/position china coal"],
        // 56/71 when first measured on stop 57's engine (positions-115), before any
        // change for it, four cases wrong (the case file's header). 59/71 with
        // positions-116: "The ministry of mines and petroleum in Kabul said" is read.
        // 62/71 with positions-117, three wrong: "the Development Policy Centre of the
        // Australian National University" is no Australia, and the lexicon knows
        // Putrajaya and Aden as seats of Malaysia's and Yemen's governments. Left: "A
        // Chinese vice-premier unveiled a plaque" read as a statement, a relative clause
        // shown with Singapore's minister, and Oman's Yemen statement answering
        // "mediation". 63/71 with positions-118, two wrong: "said Singapore's transport
        // minister, who rode the first train" is shown up to the minister. 65/71 with
        // positions-119: "Russia … sent its ambassador to the ceremony. He told …" is
        // Russia's.
        0.90,
    );
}

/// Batch 43: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_forty_three_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen43");
    check_pinned(
        score,
        &["/position eu enlargement"],
        // 53/73 when first measured on stop 58's engine (positions-119), before any
        // change for it, four cases wrong (the case file's header). 65/73 with
        // positions-120, one wrong: "“…,” Honduras's foreign minister, X, who signed …,
        // told" is Honduras's, the "Its foreign ministry" after "Nicaragua, Beijing's
        // closest ally, took the opposite view" is Nicaragua's, "the Tunisian General
        // Labour Union", "An analyst at the International Crisis Group" and "The Coalition
        // for the International Criminal Court" are no actor, "The Government of National
        // Unity in Tripoli" is Libya's, "said Tunisia's interior minister, Khaled Mrabet"
        // makes a later "Mrabet said" Tunisia's, and "The court's president" is the
        // court's. 68/73 with positions-121 and "hydropower" among the energy topic's
        // terms. Left: the EU's statement on scanners at the border answers
        // "enlargement" through the "eu" topic.
        0.92,
    );
}

/// Batch 44: three briefs and 30 questions written apart from the engine (see the case
/// file's header).
#[test]
fn batch_forty_four_written_apart_scores_no_worse_than_measured() {
    let score = run_batch("unseen44");
    check_pinned(
        score,
        &[],
        // 52/70 when first measured on stop 58's engine (positions-119), before any
        // change for it, two cases wrong (the case file's header). None wrong with
        // positions-120: the relative clause after "Liang Wenbo, China's special envoy
        // for Asian affairs" before "was quoted … as saying", and ", a reference to
        // Hezbollah's weapons" after a quotation, are the writer's and not shown.
        // 56/70 with positions-121: "His ministry" after "China's foreign minister called
        // the code “…”" is China's, and "The prime minister, speaking at the Grand Serail,
        // the seat of government, called" is read.
        0.79,
    );
}

/// One case per attribution pattern that named the wrong speaker before the attribution
/// stage; every case must hold.
#[test]
fn attribution_patterns_name_the_right_speaker() {
    check(
        run_cases(
            &[fixtures().join("patterns_briefs")],
            &fixtures().join("patterns_cases.toml"),
        ),
        1.0,
    );
}

#[test]
fn position_replies_name_the_speaker_stance_and_date_and_refuse_unknowns_ephemerally() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let bin = env!("CARGO_BIN_EXE_briefbot");
    let ask = |cmd: &str| -> Vec<Value> {
        let out = Command::new(bin)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("--data")
            .arg(&data)
            .args(["ask", "--json", cmd])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    Command::new(bin)
        .arg("--data")
        .arg(&data)
        .arg("ingest")
        .arg(fixtures().join("briefs"))
        .output()
        .unwrap();
    let bodies = ask("/position kremlin troops");
    let field = &bodies[0]["embeds"][0]["fields"][0];
    let name = field["name"].as_str().unwrap();
    assert!(name.starts_with("2025-09-05 · "), "{name}");
    assert!(
        ["rejects", "threatens", "states", "warns", "demands"]
            .iter()
            .any(|s| name.ends_with(s)),
        "{name}"
    );
    assert!(field["value"].as_str().unwrap().starts_with("> "));

    let unknown = ask("/position russa troops");
    assert_eq!(unknown[0]["flags"], 64);
    assert!(
        unknown[0]["content"].as_str().unwrap().contains("Russia"),
        "did you mean: {}",
        unknown[0]
    );
    let nothing = ask("/position poland nuclear");
    assert_eq!(nothing[0]["flags"], 64);
    assert!(
        nothing[0]["content"]
            .as_str()
            .unwrap()
            .contains("Nothing on record"),
        "{}",
        nothing[0]
    );
}

/// `briefbot attributions --json`: one object per line, offsets in characters into the file
/// as read (the fixture has "ü" and curly quotes before its spans), pronouns resolved, and
/// a speaker linked to an actor only when the text names one.
#[test]
fn attributions_json_offsets_count_characters() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attributions");
    let file = dir.join("news.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .args(["attributions", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for l in &lines {
        assert_eq!(l["file"], file.display().to_string());
        for part in ["speaker", "cue", "content"] {
            let (a, b) = (
                l[part]["start"].as_u64().unwrap() as usize,
                l[part]["end"].as_u64().unwrap() as usize,
            );
            let at: String = chars[a..b].iter().collect();
            assert_eq!(at, l[part]["text"].as_str().unwrap(), "{part} of {l}");
        }
    }
    assert_eq!(lines[0]["speaker"]["text"], "It");
    assert_eq!(lines[0]["resolved"], "UAE foreign ministry");
    assert_eq!(lines[0]["content"]["text"], "the agreement would hold");
    assert_eq!(lines[0]["actor"], "united_arab_emirates");
    assert_eq!(
        lines[1]["speaker"]["text"],
        "Kaja Tamm, Estonia’s prime minister"
    );
    assert_eq!(lines[1]["content"]["text"], "“We are not done,”");
    assert_eq!(lines[1]["actor"], "estonia");
}

/// A file that is not text is named on stderr; the others are still read; exit 1.
#[test]
fn attributions_reports_unreadable_files_and_goes_on() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attributions");
    let out = Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .arg("attributions")
        .arg(dir.join("binary.txt"))
        .arg(dir.join("news.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("binary.txt: not UTF-8 text"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("news.txt: 2 attributions"), "{stdout}");
    assert!(
        stdout.contains(
            "It (= UAE foreign ministry) [united_arab_emirates] — said: the agreement would hold"
        ),
        "{stdout}"
    );
}

/// `briefbot train-check-model`: fits the check model on an annotated folder, writes the
/// weights where told and reports how the stage does; a broken annotation is named by file
/// and line, and nothing is written.
#[test]
fn train_check_model_writes_weights_and_names_a_broken_annotation() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let tmp = tempfile::tempdir().unwrap();
    let weights = tmp.path().join("check_weights.tsv");
    let corpus = fixtures.join("attribution_corpus");
    let out = Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .args(["train-check-model"])
        .arg(&corpus)
        .arg("--out")
        .arg(&weights)
        .arg("--check")
        .arg(&corpus)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("trained on 1 texts: 2 candidates, 2 right;"),
        "{stdout}"
    );
    assert!(
        stdout.contains("recall 1.000, precision 1.000 (2 of 2 kept right, 2 annotated)"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&weights).unwrap();
    assert!(
        written.starts_with("# Made by `briefbot train-check-model` from 1 annotated texts"),
        "{written}"
    );

    let broken = fixtures.join("attribution_corpus_broken");
    let elsewhere = tmp.path().join("not_written.tsv");
    let out = Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .args(["train-check-model"])
        .arg(&broken)
        .arg("--out")
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("port.ann:1: offset past the text's end"),
        "{stderr}"
    );
    assert!(!elsewhere.exists());
}
