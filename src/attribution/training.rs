//! Trains the stage's two models on an annotated corpus in brat standoff form, as PolNeAR
//! ships it: `NAME.txt` beside `NAME.ann`, whose `E` lines tie a Source, a Cue and a Content
//! span. Only attributions that have a source and content count (the ones the scorer
//! counts).
//!
//! - The cue model (`cue_model.rs`): every word it would judge is an example, positive when
//!   it lies inside an annotated cue.
//! - The check model (`check_model.rs`): every candidate the rules find is an example,
//!   positive when it is right by the scorer's pairing (content paired with an annotated
//!   one, speaker overlapping its source). Two differences from the scorer, both small:
//!   offsets here count bytes where it counts characters, and the pairing is made among
//!   all candidates, where the scorer sees only those kept. It is trained on the rules
//!   and cue model as built, so it is trained after them; the weights are made on Linux
//!   x86-64, as CI checks them.
//!
//! The fit is plain logistic regression with AdaGrad steps and a fixed shuffle, so the same
//! corpus always gives the same weights file. Features seen fewer than `MIN_COUNT` times are
//! dropped: they would only learn single examples, and would carry bits of the corpus's
//! text into the weights.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::check_model::CheckModel;
use super::cue_model::{features, is_candidate};
use super::tokens::Tok;
use super::vocab::Vocab;
use super::{paragraph_sentences, paragraphs, Attribution, Sentence};

/// A feature must occur in at least this many examples to be learned.
const MIN_COUNT: u32 = 10;
const EPOCHS: usize = 8;
const LEARNING_RATE: f64 = 0.2;
/// L2 penalty per step, keeping rare features' weights small.
const L2: f64 = 1e-6;
/// The check model keeps a candidate when its score is at or above the point where the
/// train split's candidates above it are right in this share of cases. Where the model's
/// own even odds fall moved with the order of the examples: one candidate more moved recall
/// and precision by a point each way. The stage's precision comes out about half a point
/// lower than its candidates' (dropping one reading lends its words to another), and dev's
/// about half a point lower than train's: with 0.86, dev's has been 0.848 to 0.851 from
/// one retrain to the next (0.865 cost 0.009 of dev's recall for 0.002 of its precision;
/// BENCHMARKS, stop 41).
const CHECK_PRECISION: f64 = 0.86;
/// Weights closer to 0 than this are left out of the file.
const MIN_WEIGHT: f64 = 0.1;

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {msg}")]
    Annotation {
        path: PathBuf,
        line: usize,
        msg: String,
    },
    #[error("no NAME.txt with a NAME.ann beside it in {0}")]
    Empty(PathBuf),
}

/// What training did, for the command's report.
#[derive(Debug)]
pub struct Trained {
    /// The weights file's text.
    pub tsv: String,
    pub files: usize,
    pub examples: usize,
    pub positives: usize,
    pub features: usize,
}

/// How well a weights file picks cues in a corpus, token by token.
#[derive(Debug, Default, PartialEq)]
pub struct TokenScore {
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
}

impl TokenScore {
    pub fn precision(&self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_pos).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.true_pos as f64 / (self.true_pos + self.false_neg).max(1) as f64
    }
}

/// The `.txt` files of `dir` that have an `.ann` beside them, sorted.
fn corpus_files(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, TrainError> {
    let read = |e| TrainError::Read {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let path = entry.map_err(read)?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let ann = path.with_extension("ann");
            if ann.exists() {
                out.push((path, ann));
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(TrainError::Empty(dir.to_path_buf()));
    }
    Ok(out)
}

/// One annotated attribution that has a source and content (the ones the scorer counts), as
/// byte ranges of its text.
#[derive(Debug, Clone, Copy)]
struct Gold {
    source: (usize, usize),
    cue: Option<(usize, usize)>,
    content: (usize, usize),
}

/// The cue spans, as byte ranges of `text`, of the attributions in `ann` that have a source
/// and content.
fn gold_cues(text: &str, ann: &str, path: &Path) -> Result<Vec<(usize, usize)>, TrainError> {
    Ok(gold(text, ann, path)?
        .iter()
        .filter_map(|g| g.cue)
        .collect())
}

/// The attributions in `ann` that have a source and content. Offsets in the file count
/// characters; discontinuous spans become their hull.
fn gold(text: &str, ann: &str, path: &Path) -> Result<Vec<Gold>, TrainError> {
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let mut spans: HashMap<&str, (usize, usize)> = HashMap::new();
    let bad = |line: usize, msg: &str| TrainError::Annotation {
        path: path.to_path_buf(),
        line: line + 1,
        msg: msg.to_string(),
    };
    let mut events = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let mut parts = line.split('\t');
        let (Some(id), Some(body)) = (parts.next(), parts.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let nums: Vec<usize> = body
                .split([' ', ';'])
                .skip(1)
                .map(|x| x.parse().map_err(|_| bad(n, "offsets are not numbers")))
                .collect::<Result<_, _>>()?;
            let (Some(&a), Some(&b)) = (nums.iter().min(), nums.iter().max()) else {
                return Err(bad(n, "a span without offsets"));
            };
            let at = |c: usize| {
                bytes
                    .get(c)
                    .copied()
                    .ok_or_else(|| bad(n, "offset past the text's end"))
            };
            spans.insert(id, (at(a)?, at(b)?));
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut out = Vec::new();
    for body in events {
        let roles: HashMap<&str, &str> =
            body.split(' ').filter_map(|r| r.split_once(':')).collect();
        let span = |k: &str| roles.get(k).and_then(|id| spans.get(id)).copied();
        if let (Some(source), Some(content)) = (span("Source"), span("Content")) {
            out.push(Gold {
                source,
                cue: span("Cue"),
                content,
            });
        }
    }
    Ok(out)
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Which of `found` are right, as the corpus's scorer decides (in bytes, not characters):
/// paired one to one with the gold attributions, greedily by how much of a gold content
/// they cover (at least half; ties to the later candidate, then the later gold one), and
/// right when the speaker overlaps the gold source.
fn matched(found: &[Attribution], gold: &[Gold]) -> Vec<bool> {
    let mut pairs = Vec::new();
    for (i, f) in found.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let covered = overlap((f.content.start, f.content.end), g.content);
            let len = (g.content.1 - g.content.0).max(1);
            if 2 * covered >= len {
                pairs.push((covered as f64 / len as f64, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let mut right = vec![false; found.len()];
    let (mut used_f, mut used_g) = (vec![false; found.len()], vec![false; gold.len()]);
    for (_, i, j) in pairs {
        if used_f[i] || used_g[j] {
            continue;
        }
        used_f[i] = true;
        used_g[j] = true;
        right[i] = overlap(
            (found[i].speaker.start, found[i].speaker.end),
            gold[j].source,
        ) > 0;
    }
    right
}

/// Every example of one text: its feature names and whether it lies in a cue.
fn examples(text: &str, cues: &[(usize, usize)], mut each: impl FnMut(Vec<String>, bool)) {
    candidates(text, cues, |toks, s, c, label| {
        let mut names = Vec::new();
        features(Vocab::get(), toks, s, c, |f| names.push(f.concat()));
        each(names, label);
    });
}

/// Every word of `text` the model judges, with its sentence and whether it lies in a cue:
/// the one walk training and scoring share.
fn candidates(
    text: &str,
    cues: &[(usize, usize)],
    mut each: impl FnMut(&[Tok], Sentence, usize, bool),
) {
    let v = Vocab::get();
    for (a, b) in paragraphs(text) {
        let (toks, sentences) = paragraph_sentences(text, a, b);
        for s in sentences {
            for c in (s.ts..s.te).filter(|&c| is_candidate(v, &toks, c)) {
                let t = &toks[c];
                let label = cues.iter().any(|&(x, y)| t.start < y && x < t.end);
                each(&toks, s, c, label);
            }
        }
    }
}

fn read(path: &Path) -> Result<String, TrainError> {
    std::fs::read_to_string(path).map_err(|e| TrainError::Read {
        path: path.to_path_buf(),
        source: e,
    })
}

/// Trains on every annotated text in `dir`.
pub fn train(dir: &Path) -> Result<Trained, TrainError> {
    fit(dir, MIN_COUNT)
}

fn fit(dir: &Path, min_count: u32) -> Result<Trained, TrainError> {
    let files = corpus_files(dir)?;
    let mut learner = Learner::default();
    for (txt, ann) in &files {
        let text = read(txt)?;
        let cues = gold_cues(&text, &read(ann)?, ann)?;
        examples(&text, &cues, |names, label| learner.add(names, label));
    }
    Ok(learner.fit(
        files.len(),
        min_count,
        None,
        "train-cue-model",
        "in a cue",
        "cue_model.rs",
    ))
}

/// Examples of a logistic model, their features interned, and the fit.
#[derive(Default)]
struct Learner {
    ids: HashMap<String, u32>,
    counts: Vec<u32>,
    data: Vec<(Vec<u32>, bool)>,
}

impl Learner {
    fn add(&mut self, names: Vec<String>, label: bool) {
        let fs = names
            .into_iter()
            .map(|n| {
                let next = self.ids.len() as u32;
                let id = *self.ids.entry(n).or_insert(next);
                if id as usize == self.counts.len() {
                    self.counts.push(0);
                }
                self.counts[id as usize] += 1;
                id
            })
            .collect();
        self.data.push((fs, label));
    }

    /// Plain logistic regression, AdaGrad steps in a fixed shuffle; the weights file's text.
    fn fit(
        mut self,
        files: usize,
        min_count: u32,
        precision: Option<f64>,
        command: &str,
        positive: &str,
        model: &str,
    ) -> Trained {
        let counts = &self.counts;
        for (fs, _) in &mut self.data {
            fs.retain(|&f| counts[f as usize] >= min_count);
        }
        let data = &self.data;
        let mut w = vec![0f64; self.ids.len()];
        let mut g2 = vec![0f64; self.ids.len()];
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..EPOCHS {
            // Fisher–Yates with a fixed xorshift stream: the same corpus, the same weights.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &i in &order {
                let (fs, label) = &data[i];
                let z: f64 = fs.iter().map(|&f| w[f as usize]).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let err = p - if *label { 1.0 } else { 0.0 };
                for &f in fs {
                    let f = f as usize;
                    let g = err + L2 * w[f];
                    g2[f] += g * g;
                    w[f] -= LEARNING_RATE * g / (g2[f].sqrt() + 1e-8);
                }
            }
        }
        let bias = self.ids.get("bias").map(|&id| id as usize);
        // The model as written: weights too small to keep are left out.
        for (i, x) in w.iter_mut().enumerate() {
            if x.abs() < MIN_WEIGHT && Some(i) != bias {
                *x = 0.0;
            }
        }
        if let (Some(target), Some(bias)) = (precision, bias) {
            w[bias] -= threshold_for(data, &w, target);
        }
        let mut kept: Vec<(&str, f64)> = self
            .ids
            .iter()
            .map(|(n, &id)| (n.as_str(), w[id as usize]))
            .filter(|&(n, x)| x != 0.0 || n == "bias")
            .collect();
        kept.sort_by(|a, b| a.0.cmp(b.0));
        let positives = data.iter().filter(|d| d.1).count();
        let mut tsv = format!(
            "# Made by `briefbot {command}` from {files} annotated texts ({} examples, {positives} {positive}).\n\
             # feature<TAB>weight of a logistic model; see src/attribution/{model}.\n",
            data.len(),
        );
        for (n, x) in &kept {
            tsv.push_str(&format!("{n}\t{x:.3}\n"));
        }
        Trained {
            tsv,
            files,
            examples: data.len(),
            positives,
            features: kept.len(),
        }
    }
}

/// The score at or above which the examples, taken from the most probable down, are right
/// in at least `target` of cases, as many of them as can be: the point between the last
/// example kept and the next; below every score when all can be kept, above every score
/// when none can.
fn threshold_for(data: &[(Vec<u32>, bool)], w: &[f64], target: f64) -> f64 {
    let mut scored: Vec<(f64, bool)> = data
        .iter()
        .map(|(fs, label)| (fs.iter().map(|&f| w[f as usize]).sum(), *label))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut right = 0usize;
    let mut last = None;
    for (i, &(_, label)) in scored.iter().enumerate() {
        right += usize::from(label);
        if right as f64 >= target * (i + 1) as f64 {
            last = Some(i);
        }
    }
    match last {
        Some(i) if i + 1 < scored.len() => (scored[i].0 + scored[i + 1].0) / 2.0,
        Some(i) => scored[i].0 - 1.0,
        None => scored.first().map_or(0.0, |s| s.0 + 1.0),
    }
}

/// Trains the check model on the stage's candidates in every annotated text of `dir`: a
/// candidate is a positive example when the scorer would count it right.
pub fn train_check(dir: &Path) -> Result<Trained, TrainError> {
    fit_check(dir, MIN_COUNT)
}

fn fit_check(dir: &Path, min_count: u32) -> Result<Trained, TrainError> {
    let mut learner = Learner::default();
    let files = each_annotated_text(dir, |text, gold| {
        let (found, names): (Vec<Attribution>, Vec<Option<Vec<String>>>) =
            super::candidates(text).into_iter().unzip();
        for (names, right) in names.into_iter().zip(matched(&found, gold)) {
            if let Some(names) = names {
                learner.add(names, right);
            }
        }
    })?;
    Ok(learner.fit(
        files,
        min_count,
        Some(CHECK_PRECISION),
        "train-check-model",
        "right",
        "check_model.rs",
    ))
}

/// How the stage does on the annotated texts of `dir` when the check model's weights are
/// `tsv`, as the corpus's scorer counts (offsets in bytes, not characters, so a figure may
/// differ from the scorer's in its last digit).
#[derive(Debug, Default, PartialEq)]
pub struct AttributionScore {
    pub gold: usize,
    pub found: usize,
    pub matched: usize,
}

impl AttributionScore {
    pub fn precision(&self) -> f64 {
        self.matched as f64 / self.found.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.matched as f64 / self.gold.max(1) as f64
    }
}

/// Scores the stage on `dir` with the check model's weights in `tsv`.
pub fn score_check(tsv: &str, dir: &Path) -> Result<AttributionScore, TrainError> {
    let model = CheckModel::parse(tsv);
    let mut out = AttributionScore::default();
    each_annotated_text(dir, |text, gold| {
        let kept = super::find_with(text, &model);
        out.gold += gold.len();
        out.found += kept.len();
        out.matched += matched(&kept, gold).iter().filter(|&&r| r).count();
    })?;
    Ok(out)
}

/// Calls `each` with every annotated text of `dir` and its annotated attributions: the walk
/// training and scoring the check model share. The number of texts read.
fn each_annotated_text(
    dir: &Path,
    mut each: impl FnMut(&str, &[Gold]),
) -> Result<usize, TrainError> {
    let files = corpus_files(dir)?;
    for (txt, ann) in &files {
        let text = read(txt)?;
        let gold = gold(&text, &read(ann)?, ann)?;
        each(&text, &gold);
    }
    Ok(files.len())
}

/// How well the weights in `tsv` pick cue words in the annotated texts of `dir`.
pub fn score(tsv: &str, dir: &Path) -> Result<TokenScore, TrainError> {
    let model = super::cue_model::CueModel::parse(tsv);
    let v = Vocab::get();
    let mut out = TokenScore::default();
    for (txt, ann) in corpus_files(dir)? {
        let text = read(&txt)?;
        let cues = gold_cues(&text, &read(&ann)?, &ann)?;
        candidates(&text, &cues, |toks, s, c, gold| {
            let said = model.probability(v, toks, s, c) >= super::cue_model::CUE_PROBABILITY;
            match (gold, said) {
                (true, true) => out.true_pos += 1,
                (false, true) => out.false_pos += 1,
                (true, false) => out.false_neg += 1,
                (false, false) => {}
            }
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-article corpus in brat form, written for this test.
    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let a = "Mayor Lee said that taxes will rise. The show ended.\n";
        // Source "Mayor Lee" 0-9, Cue "said" 10-14, Content 15-35.
        let ann = "T1\tSource 0 9\tMayor Lee\nT2\tCue 10 14\tsaid\nT3\tContent 15 35\tthat taxes will rise\n\
                   E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        std::fs::write(dir.path().join("a.txt"), a).unwrap();
        std::fs::write(dir.path().join("a.ann"), ann).unwrap();
        let b = "“It’s over,” Kim said. Nobody came.\n";
        let ann = "T1\tSource 13 16\tKim\nT2\tCue 17 21\tsaid\nT3\tContent 0 12\t“It’s over,”\n\
                   E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
        std::fs::write(dir.path().join("b.txt"), b).unwrap();
        std::fs::write(dir.path().join("b.ann"), ann).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "no annotation beside me").unwrap();
        dir
    }

    #[test]
    fn gold_cues_are_byte_ranges_of_attributions_with_a_source() {
        let text = "“It’s over,” Kim said.";
        let ann = "T1\tSource 13 16\tKim\nT2\tCue 17 21\tsaid\nT3\tContent 0 12\tx\n\
                   T4\tCue 0 1\tx\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n\
                   E2\tAttribution:T4 Content:T3 Cue:T4\n";
        let cues = gold_cues(text, ann, Path::new("b.ann")).unwrap();
        assert_eq!(cues.len(), 1);
        assert_eq!(&text[cues[0].0..cues[0].1], "said");
    }

    #[test]
    fn a_bad_offset_names_the_file_and_line() {
        let err = gold_cues("short", "T1\tCue 0 99\tx\n", Path::new("x.ann")).unwrap_err();
        assert_eq!(err.to_string(), "x.ann:1: offset past the text's end");
    }

    #[test]
    fn training_is_deterministic_and_learns_the_cue() {
        let dir = corpus();
        // Two texts are too few for the corpus's count floor.
        let a = fit(dir.path(), 1).unwrap();
        let b = fit(dir.path(), 1).unwrap();
        assert_eq!(a.tsv, b.tsv);
        assert_eq!(a.files, 2);
        assert_eq!(a.positives, 2);
        let score = score(&a.tsv, dir.path()).unwrap();
        assert_eq!(score.true_pos, 2, "{score:?}\n{}", a.tsv);
    }

    #[test]
    fn check_training_is_deterministic_and_labels_as_the_scorer_does() {
        let dir = corpus();
        let a = fit_check(dir.path(), 1).unwrap();
        let b = fit_check(dir.path(), 1).unwrap();
        assert_eq!(a.tsv, b.tsv);
        // The rules find both attributions, and both are right.
        assert_eq!((a.examples, a.positives), (2, 2), "{}", a.tsv);
        assert!(a
            .tsv
            .starts_with("# Made by `briefbot train-check-model` from 2"));
        let s = score_check(&a.tsv, dir.path()).unwrap();
        assert_eq!((s.gold, s.found, s.matched), (2, 2, 2));
    }

    #[test]
    fn matching_pairs_by_covered_content_then_checks_the_speaker() {
        let found = |speaker: (usize, usize), content: (usize, usize)| Attribution {
            speaker: super::super::Span {
                start: speaker.0,
                end: speaker.1,
            },
            cue: None,
            content: super::super::Span {
                start: content.0,
                end: content.1,
            },
            kind: super::super::SpeakerKind::Named,
            resolved: None,
        };
        let gold = [
            Gold {
                source: (0, 5),
                cue: None,
                content: (10, 30),
            },
            Gold {
                source: (40, 45),
                cue: None,
                content: (50, 60),
            },
        ];
        // Right; covering too little of a gold content; a wrong speaker; and a second
        // candidate for a gold attribution already paired.
        let table = [
            (found((0, 5), (10, 30)), true),
            (found((0, 5), (10, 18)), false),
            (found((30, 35), (50, 60)), false),
        ];
        let (f, want): (Vec<_>, Vec<_>) = table.into_iter().unzip();
        assert_eq!(matched(&f, &gold), want);
        let twice = [found((0, 5), (10, 30)), found((0, 5), (12, 30))];
        assert_eq!(matched(&twice, &gold), [true, false]);
    }

    #[test]
    fn the_threshold_keeps_as_many_as_hold_the_target_precision() {
        // One feature per example, its weight the example's score.
        let scores = [4.0, 3.0, 2.0, 1.0, 0.0];
        let labels = [true, true, false, true, false];
        let data: Vec<(Vec<u32>, bool)> = (0..5).map(|i| (vec![i], labels[i as usize])).collect();
        let table = [
            // The top two are right; with the third 2 of 3; with the fourth 3 of 4.
            (1.0, 2.5),
            (0.75, 0.5),
            (0.7, 0.5),
            // Every example: 3 of 5.
            (0.6, -1.0),
        ];
        for (target, want) in table {
            assert_eq!(
                threshold_for(&data, &scores, target),
                want,
                "target {target}"
            );
        }
        let wrong: Vec<(Vec<u32>, bool)> = vec![(vec![0], false)];
        assert_eq!(threshold_for(&wrong, &[2.0], 0.5), 3.0);
    }

    #[test]
    fn an_empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(train(dir.path()), Err(TrainError::Empty(_))));
    }
}
