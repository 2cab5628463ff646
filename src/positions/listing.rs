//! What `briefbot attributions` prints: the attribution stage's findings with the actor a
//! speaker names, as one JSON object per attribution or a readable listing, with offsets in characters (Unicode code points) as other tools count them.

use serde_json::{json, Value};

use super::{actors_speaking, Lexicons};
use crate::attribution::{Attribution, Span};

/// Byte offsets to character offsets, for one text.
pub struct CharOffsets {
    /// `chars[i]` is the number of characters before byte `starts[i]`.
    starts: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        CharOffsets {
            starts: text.char_indices().map(|(b, _)| b).collect(),
        }
    }

    /// The character index of byte `b` (a char boundary, or the text's end).
    pub fn at(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s < b)
    }
}

/// One attribution as the `--json` line describes it.
pub fn to_json(
    file: &str,
    text: &str,
    offsets: &CharOffsets,
    lex: &Lexicons,
    a: &Attribution,
) -> Value {
    let span = |s: Span| {
        json!({
            "text": s.of(text),
            "start": offsets.at(s.start),
            "end": offsets.at(s.end),
        })
    };
    let resolved = a.resolved.map(|s| s.of(text));
    json!({
        "file": file,
        "speaker": span(a.speaker),
        "cue": a.cue.map(span),
        "content": span(a.content),
        "resolved": resolved,
        "actor": actor(lex, text, a),
    })
}

/// The actor the speaker speaks for, when its phrase (or what a pronoun stands for) names one.
pub fn actor(lex: &Lexicons, text: &str, a: &Attribution) -> Option<String> {
    let named = a.resolved.unwrap_or(a.speaker).of(text);
    actors_speaking(lex, named).into_iter().next()
}

/// A readable line: `speaker [cue] → content`, with the resolved name and actor when known.
pub fn to_line(text: &str, lex: &Lexicons, a: &Attribution) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut who = one_line(a.speaker.of(text));
    if let Some(r) = a.resolved {
        who = format!("{who} (= {})", one_line(r.of(text)));
    }
    if let Some(id) = actor(lex, text, a) {
        who = format!("{who} [{id}]");
    }
    let cue = a.cue.map(|c| one_line(c.of(text))).unwrap_or_default();
    format!("  {who} — {cue}: {}", one_line(a.content.of(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Orbán “said” é";
        let o = CharOffsets::new(text);
        assert_eq!(o.at(0), 0);
        assert_eq!(o.at("Orbán".len()), 5);
        assert_eq!(o.at(text.len()), text.chars().count());
    }
}
