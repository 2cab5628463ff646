//! Tokens with byte offsets and the quotation they sit in, for the attribution stage.
//!
//! Quotation marks decide more than any word does: text inside them is content and never a
//! speaker or a cue. Curly quotes open and close by shape; straight ones alternate within a
//! paragraph. A quotation left open runs to the end of its paragraph, as news writing does
//! when a quote goes on in the next paragraph.

/// What a token is, as far as sentence structure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Comma,
    Colon,
    OpenQuote,
    CloseQuote,
    /// `.`, `!`, `?`, `;` and dashes: nothing reaches across them within a sentence.
    Stop,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower-cased, with typographic apostrophes made plain ("trump's").
    pub lower: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Inside a quotation (the marks themselves are not).
    pub quoted: bool,
}

impl Tok {
    pub(crate) fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokens of `text[from..to]`, offsets into `text`.
pub(crate) fn tokenize(text: &str, from: usize, to: usize) -> Vec<Tok> {
    let s = &text[from..to];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n));
                if is_word_char(d)
                    || (matches!(d, '\'' | '\u{2019}' | '-' | '.' | '&') && next_is_word)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let mut e = chars.get(j).map_or(s.len(), |&(e, _)| e);
            // "Mr." and "Sen." keep their period: it ends no sentence and splits no name. So
            // do initialisms written with periods ("U.S.", "D.C."): "according to data from
            // the U.S. Department of Education" names one source.
            let initial = j == i + 1 && c.is_uppercase();
            let initialism =
                s[b..e].contains('.') && s[b..e].split('.').all(|p| p.chars().count() <= 2);
            if chars.get(j).is_some_and(|&(_, d)| d == '.')
                && (initial
                    || initialism
                    || super::vocab::Vocab::get().is("abbreviations", &s[b..e].to_lowercase()))
            {
                e += 1;
                j += 1;
            }
            let word = &s[b..e];
            out.push(Tok {
                start: from + b,
                end: from + e,
                kind: Kind::Word,
                lower: word.to_lowercase().replace('\u{2019}', "'"),
                cap: c.is_uppercase(),
                quoted: false,
            });
            i = j;
            continue;
        }
        // Two apostrophes are a straight double quote in some newspapers' text.
        if c == '\'' && chars.get(i + 1).is_some_and(|&(_, d)| d == '\'') {
            let e = chars.get(i + 2).map_or(s.len(), |&(e, _)| e);
            out.push(Tok {
                start: from + b,
                end: from + e,
                kind: Kind::OpenQuote,
                lower: "\"".to_string(),
                cap: false,
                quoted: false,
            });
            i += 2;
            continue;
        }
        let kind = match c {
            ',' => Kind::Comma,
            ':' => Kind::Colon,
            '\u{201c}' | '\u{201e}' | '\u{00ab}' => Kind::OpenQuote,
            '\u{201d}' | '\u{00bb}' => Kind::CloseQuote,
            // Straight quotes are sorted out below, by alternation.
            '"' => Kind::OpenQuote,
            '.' | '!' | '?' | ';' | '\u{2014}' | '\u{2013}' | '[' | ']' => Kind::Stop,
            _ => Kind::Other,
        };
        let e = chars.get(i + 1).map_or(s.len(), |&(e, _)| e);
        out.push(Tok {
            start: from + b,
            end: from + e,
            kind,
            lower: c.to_string(),
            cap: false,
            quoted: false,
        });
        i += 1;
    }
    mark_quotes(text, &mut out);
    out
}

/// Sets `quoted` on every token between an opening and a closing mark.
fn mark_quotes(text: &str, toks: &mut [Tok]) {
    let mut inside = false;
    for t in toks.iter_mut() {
        let straight = matches!(&text[t.start..t.end], "\"" | "''");
        match t.kind {
            Kind::OpenQuote if straight && inside => {
                t.kind = Kind::CloseQuote;
                inside = false;
            }
            Kind::OpenQuote => inside = true,
            Kind::CloseQuote => inside = false,
            _ => t.quoted = inside,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_punctuation_and_quotes() {
        let text = "“We won’t,” Mr. Smith said. U.S. officials \"agree\".";
        let toks = tokenize(text, 0, text.len());
        let shown: Vec<(String, bool)> = toks
            .iter()
            .map(|t| (text[t.start..t.end].to_string(), t.quoted))
            .collect();
        let expect = [
            ("“", false),
            ("We", true),
            ("won’t", true),
            (",", true),
            ("”", false),
            ("Mr.", false),
            ("Smith", false),
            ("said", false),
            (".", false),
            ("U.S.", false),
            ("officials", false),
            ("\"", false),
            ("agree", true),
            ("\"", false),
            (".", false),
        ];
        let expect: Vec<(String, bool)> = expect.iter().map(|(s, q)| (s.to_string(), *q)).collect();
        assert_eq!(shown, expect);
        assert_eq!(toks[2].lower, "won't");
        assert_eq!(toks[11].kind, Kind::OpenQuote);
        assert_eq!(toks[13].kind, Kind::CloseQuote);
    }
}
