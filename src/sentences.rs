//! Sentence segmentation for brief paragraphs, under both the attribution stage and the
//! `/position` engine (which re-exports it).
//!
//! Briefs are full of "U.S.", "Sept. 5", "Gen. Gerasimov" and quoted speech, and a wrong
//! split hands half a statement to nobody, so a period only ends a sentence when the word
//! before it is not a known abbreviation and the text after it looks like a new sentence.

use crate::wordlists::{NEVER_FINAL, OPENERS, RARELY_FINAL};

/// Byte ranges of the sentences in `text`, trimmed of surrounding whitespace.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let balanced = quotes_balanced(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut start = 0usize; // char index
    let mut in_quote = false;
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        match c {
            '\u{201c}' => in_quote = true,
            '\u{201d}' => in_quote = false,
            '"' => in_quote = !in_quote,
            _ => {}
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow a run of terminal marks and closing quotes/brackets.
            let mut j = i + 1;
            let mut closed_quote = false;
            while j < n
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '…' | '"' | '\u{201d}' | '\u{2019}' | '\'' | ')' | ']'
                )
            {
                if matches!(chars[j].1, '"' | '\u{201d}') {
                    closed_quote = true;
                }
                j += 1;
            }
            let at_end = j >= n;
            let space_after = at_end || chars[j].1.is_whitespace();
            if space_after {
                let mut k = j;
                while k < n && chars[k].1.is_whitespace() {
                    k += 1;
                }
                let next_word = word_at(&chars, k);
                let next_ok = k >= n || starts_sentence(chars[k].1);
                let quote_ok = !balanced || !in_quote || closed_quote;
                let abbrev_ok = c != '.' || period_ends(&chars, i, &next_word, k >= n);
                if next_ok && quote_ok && abbrev_ok {
                    if closed_quote {
                        in_quote = false;
                    }
                    push_trimmed(text, &chars, start, j, &mut out);
                    start = k;
                    i = k;
                    continue;
                }
            }
            if closed_quote {
                in_quote = false;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, &chars, start, n, &mut out);
    out
}

/// The sentences themselves, for callers that do not need offsets.
pub fn sentences(text: &str) -> Vec<&str> {
    split_sentences(text)
        .into_iter()
        .map(|(a, b)| &text[a..b])
        .collect()
}

fn quotes_balanced(text: &str) -> bool {
    let open = text.matches('\u{201c}').count();
    let close = text.matches('\u{201d}').count();
    let straight = text.matches('"').count();
    open == close && straight % 2 == 0
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\u{201c}' | '\'' | '\u{2018}' | '(' | '[' | '•' | '-' | '\u{2014}'
        )
}

fn word_at(chars: &[(usize, char)], k: usize) -> String {
    let mut w = String::new();
    let mut i = k;
    while i < chars.len() && matches!(chars[i].1, '"' | '\u{201c}' | '\u{2018}' | '(') {
        i += 1;
    }
    while i < chars.len() && chars[i].1.is_alphanumeric() {
        w.extend(chars[i].1.to_lowercase());
        i += 1;
    }
    w
}

/// Does the period at char index `i` end the sentence?
fn period_ends(chars: &[(usize, char)], i: usize, next_word: &str, at_end: bool) -> bool {
    if at_end {
        return true;
    }
    // The word before the period, dots included ("U.S", "e.g", "Sept").
    let mut b = i;
    while b > 0
        && (chars[b - 1].1.is_alphanumeric() || chars[b - 1].1 == '.' || chars[b - 1].1 == '-')
    {
        b -= 1;
    }
    let before: String = chars[b..i].iter().map(|x| x.1).collect();
    if before.is_empty() {
        return true;
    }
    let lower = before.to_lowercase();
    let next_is_digit = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if NEVER_FINAL.contains(&lower) {
        return false;
    }
    // A single capital letter is an initial ("Donald J. Trump"), unless a word that opens
    // sentences follows: no name goes on with "He" ("wrote on X. He added").
    if before.chars().count() == 1 && before.chars().all(|c| c.is_uppercase()) {
        return !next_is_digit && OPENERS.contains(next_word);
    }
    let dotted = lower.contains('.') && lower.split('.').all(|p| p.chars().count() <= 2);
    if dotted || RARELY_FINAL.contains(&lower) {
        return !next_is_digit && OPENERS.contains(next_word);
    }
    true
}

fn push_trimmed(
    text: &str,
    chars: &[(usize, char)],
    a: usize,
    b: usize,
    out: &mut Vec<(usize, usize)>,
) {
    let byte = |i: usize| {
        if i < chars.len() {
            chars[i].0
        } else {
            text.len()
        }
    };
    let s = &text[byte(a)..byte(b)];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let start = byte(a) + lead;
        out.push((start, start + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segmentation_table() {
        let cases: &[(&str, &[&str])] = &[
            ("U.S. President Donald Trump met Putin. They talked.", &["U.S. President Donald Trump met Putin.", "They talked."]),
            ("Sanctions by the U.S. The EU agreed.", &["Sanctions by the U.S.", "The EU agreed."]),
            ("On Sept. 5 Mr. Smith and Dr. Jones spoke. Gen. Valery Gerasimov said no.", &["On Sept. 5 Mr. Smith and Dr. Jones spoke.", "Gen. Valery Gerasimov said no."]),
            ("The U.K. and the U.N. said so, e.g. in No. 10 Downing St. yesterday. Lt. Col. Ivanov left.", &["The U.K. and the U.N. said so, e.g. in No. 10 Downing St. yesterday.", "Lt. Col. Ivanov left."]),
            ("He said: “We will not retreat. Never.” Then he left.", &["He said: “We will not retreat. Never.”", "Then he left."]),
            ("\"It is over,\" Peskov said. \"Done.\" Rutte disagreed!", &["\"It is over,\" Peskov said.", "\"Done.\"", "Rutte disagreed!"]),
            ("Donald J. Trump spoke at 3.5 p.m. today. Is it true? Yes.", &["Donald J. Trump spoke at 3.5 p.m. today.", "Is it true?", "Yes."]),
            ("i.e. the plan, etc. and more. Next one", &["i.e. the plan, etc. and more.", "Next one"]),
            ("The minister wrote on X. He added that talks would go on.", &["The minister wrote on X.", "He added that talks would go on."]),
            ("George W. Bush and Harry S. Truman spoke.", &["George W. Bush and Harry S. Truman spoke."]),
        ];
        for (text, want) in cases {
            assert_eq!(&sentences(text), want, "for {text:?}");
        }
    }

    #[test]
    fn unbalanced_quotes_do_not_swallow_the_paragraph() {
        let s = sentences("He said “no. Then Peskov spoke. Later Rutte spoke.");
        assert_eq!(
            s,
            ["He said “no.", "Then Peskov spoke.", "Later Rutte spoke."]
        );
    }
}
