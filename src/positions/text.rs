//! Text primitives shared by the engine: folding, word tokens with offsets, and stemming.
//!
//! Everything the engine compares goes through `fold` so that "Orbán" and "Orban",
//! "Russia’s" and "Russia's", or "“quote”" and "\"quote\"" are the same to it.

pub(crate) use crate::stems::stem;
use crate::wordlists::{GLUE, TITLE_ABBREVIATIONS};

/// Lower-cases and strips diacritics and typographic punctuation variants.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

fn fold_char_into(c: char, out: &mut String) {
    let mapped: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ĕ' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė'
        | 'Ę' | 'Ě' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' | 'Ğ' | 'Ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => {
            "i"
        }
        'ķ' | 'Ķ' => "k",
        'ł' | 'ľ' | 'ļ' | 'ĺ' | 'Ł' | 'Ľ' | 'Ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'ř' | 'ŕ' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'ŝ' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => "\"",
        '\u{2013}' | '\u{2014}' | '\u{2212}' => "-",
        '\u{00a0}' | '\u{2009}' | '\u{202f}' => " ",
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push_str(mapped);
}

/// "al-Kaabi", "bin-Salman": a name that opens with a lower-case particle joined to a
/// capitalised word reads as a name, as "Al-Kaabi" does when it opens a sentence.
fn particle_name(raw: &str) -> bool {
    raw.split_once('-').is_some_and(|(particle, rest)| {
        GLUE.contains(particle) && rest.chars().next().is_some_and(char::is_uppercase)
    })
}

/// Folded words separated by single spaces, punctuation dropped: the key for name lookups.
pub(crate) fn name_key(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for w in f
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
    {
        let w = w.strip_suffix("'s").unwrap_or(w);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// What a token is, as far as the attribution rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// The possessive `'s` (or a bare `'` after a plural) split off a word.
    Possessive,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub kind: Kind,
    /// Byte offsets into the text the token came from.
    pub start: usize,
    pub end: usize,
    /// Folded (lower-case, no diacritics) form; for punctuation the folded character.
    pub norm: String,
    /// First character is upper-case in the original.
    pub cap: bool,
    /// Every letter is upper-case (acronyms: NATO, EU, U.S.).
    pub all_caps: bool,
}

impl Token {
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == Kind::Punct && self.norm == p
    }
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.norm == w
    }
    /// "the", "a" or "an".
    pub fn is_article(&self) -> bool {
        self.is_word("the") || self.is_word("a") || self.is_word("an")
    }
}

/// A person's title written short ("Gen.", "Col.", "Mr"), as a token's `norm` holds it.
/// "St." is left out: it is mostly a place's saint ("St. Petersburg").
pub(crate) fn is_person_title(norm: &str) -> bool {
    match norm.strip_suffix('.') {
        Some(bare) => bare != "st" && TITLE_ABBREVIATIONS.contains(bare),
        // British style drops the dot, but only these are common enough to trust bare.
        None => matches!(norm, "mr" | "mrs" | "ms" | "dr"),
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits text into words, numbers, possessives and punctuation, keeping byte offsets.
///
/// Dotted acronyms ("U.S.", "e.g.") stay one word, hyphenated words stay one word
/// ("combat-capable", "F-35s"), and a possessive `'s` becomes its own token so that
/// "Russia's" can be looked up as "Russia".
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let mut j = i;
            loop {
                while j < n && is_word_char(chars[j].1) {
                    j += 1;
                }
                // A hyphen, or a dot inside an acronym (U.S.), keeps the word going.
                if j + 1 < n
                    && (chars[j].1 == '-' || chars[j].1 == '.')
                    && is_word_char(chars[j + 1].1)
                {
                    if chars[j].1 == '.' {
                        // Only for single letters between dots: U.S, e.g, not "end.Next".
                        let seg_len = j - word_seg_start(&chars, start, j);
                        if seg_len != 1 {
                            break;
                        }
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            // Trailing dot of a dotted acronym ("U.S.") belongs to it.
            let mut end = j;
            if j < n && chars[j].1 == '.' && j > start {
                let word: String = chars[start..j].iter().map(|x| x.1).collect();
                if word.contains('.') && word.split('.').all(|p| p.chars().count() == 1) {
                    end = j + 1;
                }
            }
            // A title's dot belongs to it ("Mr. Putin"), so the name stays one phrase.
            if end < n && chars[end].1 == '.' {
                let word: String = chars[start..end]
                    .iter()
                    .flat_map(|x| x.1.to_lowercase())
                    .collect();
                // A middle initial ("Tore O. Sandvik") keeps its dot the same way.
                let initial = end - start == 1 && chars[start].1.is_uppercase();
                if initial || TITLE_ABBREVIATIONS.contains(&word) {
                    end += 1;
                }
            }
            let raw = &text[byte_at(start)..byte_at(end)];
            let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
            let kind = if letters.is_empty() {
                Kind::Number
            } else {
                Kind::Word
            };
            let cap = raw.chars().next().is_some_and(|c| c.is_uppercase()) || particle_name(raw);
            let all_caps = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
            out.push(Token {
                kind,
                start: byte_at(start),
                end: byte_at(end),
                norm: fold(raw),
                cap,
                all_caps,
            });
            i = end;
            // Possessive: 's / ’s, or a bare apostrophe after a plural ("allies’").
            if i < n && is_apostrophe(chars[i].1) {
                let s_follows = i + 1 < n && (chars[i + 1].1 == 's' || chars[i + 1].1 == 'S');
                let word_after = i + 2 < n && is_word_char(chars[i + 2].1);
                if s_follows && !word_after {
                    out.push(Token {
                        kind: Kind::Possessive,
                        start: byte_at(i),
                        end: byte_at(i + 2),
                        norm: "'s".into(),
                        cap: false,
                        all_caps: false,
                    });
                    i += 2;
                } else if !(s_follows || i + 1 < n && is_word_char(chars[i + 1].1)) {
                    let prev = out.last().map(|t| t.norm.ends_with('s')).unwrap_or(false);
                    if prev {
                        out.push(Token {
                            kind: Kind::Possessive,
                            start: byte_at(i),
                            end: byte_at(i + 1),
                            norm: "'s".into(),
                            cap: false,
                            all_caps: false,
                        });
                        i += 1;
                    }
                } else if i + 1 < n && is_word_char(chars[i + 1].1) && !s_follows {
                    // An apostrophe inside a word (O'Brien, don't): glue it on.
                    let last = out.last_mut().expect("word just pushed");
                    let mut k = i + 1;
                    while k < n && is_word_char(chars[k].1) {
                        k += 1;
                    }
                    last.end = byte_at(k);
                    last.norm = fold(&text[last.start..last.end]);
                    i = k;
                }
            }
            continue;
        }
        let mut buf = String::new();
        fold_char_into(c, &mut buf);
        out.push(Token {
            kind: Kind::Punct,
            start: byte_at(i),
            end: byte_at(i + 1),
            norm: buf,
            cap: false,
            all_caps: false,
        });
        i += 1;
    }
    out
}

fn word_seg_start(chars: &[(usize, char)], start: usize, j: usize) -> usize {
    let mut k = j;
    while k > start && is_word_char(chars[k - 1].1) {
        k -= 1;
    }
    k
}

/// One word of running text as the topic matcher sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermWord {
    /// Folded surface form ("forces").
    pub form: String,
    /// Stem of the form ("forc").
    pub stem: String,
}

/// Words for topic matching: folded, hyphens and dots split, possessives dropped.
pub(crate) fn term_words(text: &str) -> Vec<TermWord> {
    let f = fold(text);
    f.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .filter(|w| !w.is_empty())
        .map(|w| TermWord {
            form: w.to_string(),
            stem: stem(w),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_titles() {
        for (norm, want) in [
            ("col.", true),
            ("lt.", true),
            ("maj.", true),
            ("gen.", true),
            ("mr.", true),
            ("mr", true),
            ("dr", true),
            ("st.", false),
            ("st", false),
            ("col", false),
            ("gen", false),
            ("president", false),
        ] {
            assert_eq!(is_person_title(norm), want, "{norm}");
        }
    }

    fn norms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn folds_diacritics_and_quotes() {
        assert_eq!(fold("Orbán’s “plan”"), "orban's \"plan\"");
        assert_eq!(name_key("Viktor  Orbán's"), "viktor orban");
    }

    #[test]
    fn tokens_keep_acronyms_possessives_and_hyphens() {
        assert_eq!(norms("U.S. President"), ["u.s.", "president"]);
        assert_eq!(norms("Russia’s borders"), ["russia", "'s", "borders"]);
        assert_eq!(
            norms("combat-capable F-35s, e.g. jets."),
            ["combat-capable", "f-35s", ",", "e.g.", "jets", "."]
        );
        assert_eq!(norms("allies’ view"), ["allies", "'s", "view"]);
        assert_eq!(norms("don't stop"), ["don't", "stop"]);
        assert_eq!(norms("in 2014."), ["in", "2014", "."]);
        assert_eq!(
            norms("Mr. Putin and Gen. Syrskyi."),
            ["mr.", "putin", "and", "gen.", "syrskyi", "."]
        );
    }

    #[test]
    fn term_words_stem() {
        let w: Vec<String> = term_words("Troops deployed; air-defence")
            .into_iter()
            .map(|w| w.stem)
            .collect();
        assert_eq!(w, ["troop", "deploy", "air", "defenc"]);
    }
}
