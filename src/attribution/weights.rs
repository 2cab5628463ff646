//! A logistic model's weights, kept by a hash of each feature's name. Both trained models of
//! the stage read their files with it: the cue model (is this word a cue?) and the check
//! model (is this attribution right?).

use rustc_hash::FxHashMap as HashMap;

/// Weights by a hash of the feature name: a lookup then compares no text, and the model
/// keeps none (a feature's name is made anew for every judgement).
pub(crate) struct Weights {
    map: HashMap<u64, f32>,
}

/// The key a feature's weight is kept under: the 64-bit FNV-1a hash of its name, given as
/// parts. FNV goes byte by byte, so parts hash as their concatenation does. Two of a
/// model's 30,000-odd names sharing one is about as likely as 1 in 10¹⁰.
fn key(parts: &[&str]) -> u64 {
    parts
        .iter()
        .flat_map(|p| p.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h: u64, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

impl Weights {
    /// Reads `feature<TAB>weight` lines; `#` lines are comments.
    pub(crate) fn parse(tsv: &str) -> Weights {
        let map = tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (f, w) = l.rsplit_once('\t')?;
                Some((key(&[f]), w.trim().parse().ok()?))
            })
            .collect();
        Weights { map }
    }

    /// The weight of the feature named `feature`; 0 for one the model does not know.
    #[cfg(test)]
    pub(crate) fn weight(&self, feature: &str) -> f32 {
        self.map.get(&key(&[feature])).copied().unwrap_or(0.0)
    }

    /// The model's probability given the features `each` emits, as parts of their names.
    pub(crate) fn probability(&self, each: impl FnOnce(&mut dyn FnMut(&[&str]))) -> f32 {
        let mut z = 0.0;
        each(&mut |parts: &[&str]| z += self.map.get(&key(parts)).copied().unwrap_or(0.0));
        1.0 / (1.0 + (-z).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_weights_and_skips_comments() {
        let w = Weights::parse("# header\nbias\t-1.5\nw=said\t3.0\nbroken\n");
        assert_eq!(w.weight("w=said"), 3.0);
        assert_eq!(w.weight("unknown"), 0.0);
        // Parts hash as their concatenation.
        let p = w.probability(|emit| {
            emit(&["bias"]);
            emit(&["w=", "said"]);
        });
        assert!((p - 1.0 / (1.0 + (-1.5f32).exp())).abs() < 1e-6);
    }
}
