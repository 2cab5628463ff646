//! The platform-neutral reply: messages made of embeds, fields and buttons, built so that
//! every message already fits Discord's limits (a 400 from Discord loses the post).
//! Long text is split at paragraph, then sentence, then word boundaries; embeds are packed
//! into as many messages as the per-message limits need.

/// Limits every outgoing message must respect (DESIGN.md, checked in Discord's docs).
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const AUTHOR: usize = 256;
    pub const EMBED_TOTAL: usize = 6000;
    pub const EMBEDS_PER_MESSAGE: usize = 10;
    pub const CONTENT: usize = 2000;
    pub const BUTTON_LABEL: usize = 80;
    pub const CUSTOM_ID: usize = 100;
}

/// A whole answer: the interaction response first, then follow-ups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    pub messages: Vec<Message>,
    /// The request failed: an error, a refusal or nothing found. Scripts calling `ask` see
    /// it in the exit status; a confirmation is ephemeral too but not an error.
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    pub buttons: Vec<Button>,
    /// Shown only to the person who asked (errors, refusals, "nothing found").
    pub ephemeral: bool,
    /// The one role this message may ping (a moderator's choice for a subscription or
    /// schedule); every other mention in it stays silent.
    pub mention_role: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embed {
    pub title: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    pub author: Option<String>,
    pub color: Option<u32>,
    /// Unix seconds Discord shows beside the footer (a brief's date); kept only where the
    /// footer is.
    pub timestamp: Option<i64>,
    /// The title links here (a brief's web source). Discord merges embeds of one message
    /// that share a URL, so only one embed of a brief carries it.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// Opaque id the front end routes back to a command (e.g. the next page).
    pub custom_id: String,
    pub disabled: bool,
}

/// Colour of answers.
pub const COLOR_BRIEF: u32 = 0x2b6cb0;

impl Reply {
    /// A single ephemeral notice, e.g. a moderator's confirmation; failures use
    /// [`Reply::error`].
    pub fn notice(text: impl Into<String>) -> Reply {
        let text = truncate(&text.into(), limits::CONTENT);
        Reply {
            messages: vec![Message {
                content: Some(text),
                ephemeral: true,
                ..Message::default()
            }],
            error: false,
        }
    }

    /// An ephemeral notice that the request failed (an error, a refusal, nothing found),
    /// saying what to do next.
    pub fn error(text: impl Into<String>) -> Reply {
        Reply {
            error: true,
            ..Reply::notice(text)
        }
    }

    /// Packs embeds into as few messages as the limits allow: ≤10 embeds and ≤6000
    /// characters of embed text per message. Each embed is first clamped to its own limits.
    pub fn from_embeds(embeds: Vec<Embed>, ephemeral: bool) -> Reply {
        let mut messages: Vec<Message> = Vec::new();
        let mut current = Message {
            ephemeral,
            ..Message::default()
        };
        let mut used = 0;
        for e in embeds {
            let e = e.clamped();
            let size = e.text_len();
            if !current.embeds.is_empty()
                && (current.embeds.len() == limits::EMBEDS_PER_MESSAGE
                    || used + size > limits::EMBED_TOTAL)
            {
                messages.push(std::mem::replace(
                    &mut current,
                    Message {
                        ephemeral,
                        ..Message::default()
                    },
                ));
                used = 0;
            }
            used += size;
            current.embeds.push(e);
        }
        if !current.embeds.is_empty() || messages.is_empty() {
            messages.push(current);
        }
        for m in &mut messages {
            m.footer_once();
        }
        Reply {
            messages,
            error: false,
        }
    }

    pub fn is_ephemeral(&self) -> bool {
        self.messages.first().is_some_and(|m| m.ephemeral)
    }

    /// Every message within every limit; used by tests and as a last guard before sending.
    pub fn check_limits(&self) -> Result<(), String> {
        for (i, m) in self.messages.iter().enumerate() {
            m.check_limits().map_err(|e| format!("message {i}: {e}"))?;
        }
        Ok(())
    }

    /// A readable rendering for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for m in &self.messages {
            if m.ephemeral {
                out.push_str("(only you can see this)\n");
            }
            if let Some(c) = &m.content {
                out.push_str(c);
                out.push('\n');
            }
            for e in &m.embeds {
                if let Some(a) = &e.author {
                    out.push_str(a);
                    out.push('\n');
                }
                if let Some(t) = &e.title {
                    out.push_str(&format!("== {t} ==\n"));
                }
                if let Some(d) = &e.description {
                    out.push_str(d);
                    out.push('\n');
                }
                for f in &e.fields {
                    out.push_str(&format!("-- {}\n{}\n", f.name, f.value));
                }
                if let Some(f) = &e.footer {
                    out.push_str(&format!("[{f}]\n"));
                }
                out.push('\n');
            }
            if !m.buttons.is_empty() {
                let labels: Vec<&str> = m
                    .buttons
                    .iter()
                    .filter(|b| !b.disabled)
                    .map(|b| b.label.as_str())
                    .collect();
                if !labels.is_empty() {
                    out.push_str(&format!("[buttons: {}]\n", labels.join(" | ")));
                }
            }
        }
        out.trim_end().to_string() + "\n"
    }
}

impl Message {
    /// A footer repeated on consecutive embeds (every part of one brief) is shown once, on
    /// the last of them, with its timestamp; a message about two briefs keeps one each.
    fn footer_once(&mut self) {
        for i in 1..self.embeds.len() {
            let (before, after) = self.embeds.split_at_mut(i);
            let (prev, next) = (&mut before[i - 1], &after[0]);
            if prev.footer.is_some() && prev.footer == next.footer {
                prev.footer = None;
                prev.timestamp = None;
            }
        }
    }

    pub fn check_limits(&self) -> Result<(), String> {
        let over = |what: &str, len: usize, max: usize| {
            if len > max {
                Err(format!("{what} has {len} characters, the limit is {max}"))
            } else {
                Ok(())
            }
        };
        over("content", chars(self.content.as_deref()), limits::CONTENT)?;
        if self.embeds.len() > limits::EMBEDS_PER_MESSAGE {
            return Err(format!(
                "{} embeds, the limit is {}",
                self.embeds.len(),
                limits::EMBEDS_PER_MESSAGE
            ));
        }
        let mut total = 0;
        for e in &self.embeds {
            over("title", chars(e.title.as_deref()), limits::TITLE)?;
            over(
                "description",
                chars(e.description.as_deref()),
                limits::DESCRIPTION,
            )?;
            over("footer", chars(e.footer.as_deref()), limits::FOOTER)?;
            over("author", chars(e.author.as_deref()), limits::AUTHOR)?;
            if e.fields.len() > limits::FIELDS {
                return Err(format!(
                    "{} fields, the limit is {}",
                    e.fields.len(),
                    limits::FIELDS
                ));
            }
            for f in &e.fields {
                over("field name", f.name.chars().count(), limits::FIELD_NAME)?;
                over("field value", f.value.chars().count(), limits::FIELD_VALUE)?;
                if f.name.trim().is_empty() || f.value.trim().is_empty() {
                    return Err("empty field name or value".into());
                }
            }
            total += e.text_len();
        }
        over("embed text", total, limits::EMBED_TOTAL)?;
        if self.content.is_none() && self.embeds.is_empty() {
            return Err("a message with neither content nor embeds".into());
        }
        Ok(())
    }
}

impl Embed {
    /// Characters Discord counts toward the 6000 per message.
    pub fn text_len(&self) -> usize {
        chars(self.title.as_deref())
            + chars(self.description.as_deref())
            + chars(self.footer.as_deref())
            + chars(self.author.as_deref())
            + self
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
    }

    /// Cuts every part to its limit (with an ellipsis) and drops fields past the 25th.
    pub fn clamped(mut self) -> Embed {
        let clamp = |s: &mut Option<String>, max: usize| {
            if let Some(t) = s {
                *t = truncate(t, max);
            }
        };
        clamp(&mut self.title, limits::TITLE);
        clamp(&mut self.description, limits::DESCRIPTION);
        clamp(&mut self.footer, limits::FOOTER);
        clamp(&mut self.author, limits::AUTHOR);
        self.fields.truncate(limits::FIELDS);
        for f in &mut self.fields {
            f.name = truncate(&f.name, limits::FIELD_NAME);
            f.value = truncate(&f.value, limits::FIELD_VALUE);
        }
        // A single embed can still exceed 6000 in total. Builders paginate before this, so
        // this is a last guard: shorten the description, then drop trailing fields, then the
        // footer, rather than lose the post.
        let excess = self.text_len().saturating_sub(limits::EMBED_TOTAL);
        if excess > 0 {
            if let Some(d) = &mut self.description {
                let keep = d.chars().count().saturating_sub(excess);
                *d = truncate(d, keep.max(1));
            }
        }
        while self.text_len() > limits::EMBED_TOTAL && !self.fields.is_empty() {
            self.fields.pop();
        }
        let excess = self.text_len().saturating_sub(limits::EMBED_TOTAL);
        if let (true, Some(f)) = (excess > 0, &mut self.footer) {
            let keep = f.chars().count().saturating_sub(excess);
            *f = truncate(f, keep.max(1));
        }
        self
    }
}

fn chars(s: Option<&str>) -> usize {
    s.map_or(0, |s| s.chars().count())
}

/// Cuts `s` to at most `max` characters, at a word boundary when one is near, ending in "…".
/// Brief text as Discord shows it literally. Stored briefs are plain text (the Markdown
/// parser keeps a link's target in view), so any Markdown in them came from a plain-text,
/// HTML or feed brief and must not act: `[Official statement](https://evil.example)`
/// would otherwise be a masked link to a page the reader cannot see.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut line_start = true;
    for c in text.chars() {
        let special = matches!(c, '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' | '<')
            || (line_start && matches!(c, '#' | '>' | '-'));
        if special {
            out.push('\\');
        }
        out.push(c);
        line_start = c == '\n' || (line_start && c == ' ');
    }
    out
}

pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let cut: String = s.chars().take(max - 1).collect();
    let trimmed = match cut.rfind(char::is_whitespace) {
        Some(i) if i > cut.len() * 3 / 4 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", trimmed.trim_end())
}

/// Splits text into pieces of at most `max` characters, preferring paragraph breaks, then
/// sentence ends, then spaces; a single unbreakable run is cut hard.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    assert!(max > 0, "split_text needs a positive limit");
    let mut pieces = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > max {
        // Byte offset of the `max`-th character: everything before it fits.
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let window = &rest[..limit];
        let cut = best_break(window).unwrap_or(limit);
        let (head, tail) = rest.split_at(cut);
        pieces.push(head.trim_end().to_string());
        rest = tail.trim_start();
    }
    if !rest.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}

/// Where to cut `window` (all of which fits): after the last paragraph break, else after the
/// last sentence end, else at the last space; never so early that a piece is tiny.
fn best_break(window: &str) -> Option<usize> {
    let min = window.len() / 3;
    if let Some(i) = window.rfind("\n\n").filter(|&i| i > min) {
        return Some(i);
    }
    if let Some(i) = window.rfind('\n').filter(|&i| i > min) {
        return Some(i);
    }
    let sentence_end = window
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '…')
                && window[i + c.len_utf8()..].starts_with(|n: char| n.is_whitespace())
        })
        .map(|(i, c)| i + c.len_utf8())
        .rfind(|&i| i > min);
    if sentence_end.is_some() {
        return sentence_end;
    }
    window.rfind(char::is_whitespace).filter(|&i| i > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_text_is_escaped_so_discord_shows_it_literally() {
        for (text, shown) in [
            ("plain words (and parens)", "plain words (and parens)"),
            (
                "[Official](https://evil.example/x)",
                r"\[Official\](https://evil.example/x)",
            ),
            (
                "**bold** _it_ ~~gone~~ `code` ||spoiler||",
                r"\*\*bold\*\* \_it\_ \~\~gone\~\~ \`code\` \|\|spoiler\|\|",
            ),
            (
                "# big\n> quote\n- item\nmid-word # not a heading",
                "\\# big\n\\> quote\n\\- item\nmid-word # not a heading",
            ),
            (
                "<https://evil.example> and a \\",
                r"\<https://evil.example> and a \\",
            ),
        ] {
            assert_eq!(escape_markdown(text), shown, "{text:?}");
        }
    }

    #[test]
    fn split_text_prefers_paragraphs_then_sentences_then_words() {
        let para = "a".repeat(30);
        let text = format!("{para}\n\n{para}\n\n{para}");
        assert_eq!(
            split_text(&text, 70),
            vec![format!("{para}\n\n{para}"), para.clone()]
        );

        let text = "One sentence here. Two sentence here. Three sentence here.";
        assert_eq!(
            split_text(text, 40),
            vec![
                "One sentence here. Two sentence here.",
                "Three sentence here."
            ]
        );

        let text = "word ".repeat(30);
        for piece in split_text(&text, 23) {
            assert!(piece.chars().count() <= 23);
            assert!(!piece.starts_with(' ') && !piece.ends_with(' '));
        }
        let hard = "x".repeat(50);
        assert_eq!(split_text(&hard, 20).len(), 3);
        // Multi-byte characters are counted as characters, never split.
        let cyr = "щ".repeat(45);
        assert!(split_text(&cyr, 20).iter().all(|p| p.chars().count() <= 20));
    }

    #[test]
    fn split_text_keeps_every_word() {
        let text = "Alpha beta. Gamma delta epsilon.\n\nZeta eta theta iota. Kappa lambda mu nu xi omicron.";
        for max in [9, 12, 17, 25, 40, 200] {
            let joined = split_text(text, max).join(" ");
            let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(&joined), words(text), "max {max}");
        }
    }

    #[test]
    fn embeds_are_packed_within_message_limits() {
        let big = Embed {
            title: Some("t".into()),
            description: Some("d".repeat(4000)),
            ..Embed::default()
        };
        let small = Embed {
            title: Some("s".into()),
            ..Embed::default()
        };
        let reply = Reply::from_embeds(vec![big.clone(), big.clone(), small.clone()], false);
        assert_eq!(reply.messages.len(), 2);
        reply.check_limits().unwrap();
        let reply = Reply::from_embeds(vec![small; 23], false);
        assert_eq!(
            reply
                .messages
                .iter()
                .map(|m| m.embeds.len())
                .collect::<Vec<_>>(),
            vec![10, 10, 3]
        );
        reply.check_limits().unwrap();
    }

    #[test]
    fn a_footer_shows_once_per_message_and_brief() {
        let part = |footer: &str| Embed {
            title: Some("t".into()),
            description: Some("d".repeat(2500)),
            footer: Some(footer.into()),
            timestamp: Some(1),
            ..Embed::default()
        };
        let embeds = vec![
            part("a"),
            part("a"),
            part("a"),
            part("b"),
            part("b"),
            part("b"),
        ];
        let reply = Reply::from_embeds(embeds, false);
        let footers: Vec<Vec<Option<&str>>> = reply
            .messages
            .iter()
            .map(|m| m.embeds.iter().map(|e| e.footer.as_deref()).collect())
            .collect();
        assert_eq!(
            footers,
            vec![
                vec![None, Some("a")],
                vec![Some("a"), Some("b")],
                vec![None, Some("b")]
            ]
        );
        for e in reply.messages.iter().flat_map(|m| &m.embeds) {
            assert_eq!(e.timestamp.is_some(), e.footer.is_some());
        }
    }

    #[test]
    fn clamping_cuts_every_part_to_its_limit() {
        let e = Embed {
            title: Some("T".repeat(300)),
            description: Some("D ".repeat(3000)),
            footer: Some("F".repeat(3000)),
            fields: (0..30)
                .map(|i| Field {
                    name: format!("n{i}"),
                    value: "v".repeat(2000),
                    inline: false,
                })
                .collect(),
            ..Embed::default()
        }
        .clamped();
        let reply = Reply::from_embeds(vec![e], false);
        reply.check_limits().unwrap();
    }

    #[test]
    fn truncate_counts_characters_and_marks_the_cut() {
        assert_eq!(truncate("short", 10), "short");
        let t = truncate("Zelenskyy’s words were many and long", 20);
        assert!(t.chars().count() <= 20 && t.ends_with('…'), "{t}");
    }
}
