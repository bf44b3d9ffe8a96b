//! Paragraphs, headings and speaker turns.
//!
//! Paragraphs are separated by blank lines; a text without any blank line
//! has one paragraph per line (subtitles, books exported line by line). A
//! line that opens with a speaker label also opens a paragraph. A heading is
//! a one-line paragraph without a final punctuation mark.

use std::ops::Range;

use crate::chars::{is_invisible, is_letter, is_upper};

/// A block of text: a paragraph or a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the text, without surrounding whitespace.
    pub span: Range<usize>,
    /// A heading or caption: one short line with no final punctuation.
    pub heading: bool,
    /// The speaker label that opens the paragraph, if any.
    pub speaker: Option<Speaker>,
}

/// A speaker label such as `Q:`, `Sergey Lavrov:`, `С.В.Лавров:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Byte range of the label in the text, colon included.
    pub span: Range<usize>,
    /// The name as written, without the colon (`С.В.Лавров`).
    pub name: String,
    /// Whether the label marks a question or host (`Q`, `Вопрос`, `Ведущий`, …).
    pub asks: bool,
}

/// Lines of a text as byte ranges without their line ends; `\n`, `\r\n` and
/// a lone `\r` all end a line.
pub fn lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // Line ends found by a vector search: a byte loop was a percent of a
    // batch, as each text (and each cut document) is indexed by line.
    for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if at < start {
            // The `\n` of a `\r\n`.
            continue;
        }
        out.push(start..at);
        start = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Trims whitespace and invisible characters from both ends of a range.
pub fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let is_trimmed = |c: char| c.is_whitespace() || is_invisible(c);
    let start = span.start + (piece.len() - piece.trim_start_matches(is_trimmed).len());
    let end = span.start + piece.trim_end_matches(is_trimmed).len();
    start..end.max(start)
}

/// Finds the paragraphs of a text.
///
/// ```
/// use sverka_text::structure::paragraphs;
/// let text = "Title\n\nQ: Why?\nSergey Lavrov: Because.\nIt is so.";
/// let found = paragraphs(text);
/// assert_eq!(found.len(), 3);
/// assert!(found[0].heading);
/// assert_eq!(found[2].speaker.as_ref().unwrap().name, "Sergey Lavrov");
/// assert_eq!(&text[found[2].span.clone()], "Sergey Lavrov: Because.\nIt is so.");
/// ```
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let lines = lines(text);
    let has_blank_separators = lines.iter().any(|l| is_blank(&text[l.clone()]));
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in &lines {
        let content = &text[line.clone()];
        if is_blank(content) {
            blocks.extend(current.take());
            continue;
        }
        let starts_new = !has_blank_separators || speaker_label(content).is_some();
        match current.as_mut() {
            Some(block) if !starts_new => block.end = line.end,
            _ => {
                blocks.extend(current.take());
                current = Some(line.clone());
            }
        }
    }
    blocks.extend(current);
    blocks
        .into_iter()
        .map(|block| trim_span(text, block))
        .filter(|span| !span.is_empty())
        .map(|span| describe(text, span))
        .collect()
}

fn describe(text: &str, span: Range<usize>) -> Paragraph {
    describe_block(text, span, None)
}

/// A paragraph at `span` (trimmed), a heading as `heading` says or, when
/// it says nothing, as judged from the text: one short line with no final
/// punctuation.
pub(crate) fn describe_block(text: &str, span: Range<usize>, heading: Option<bool>) -> Paragraph {
    let content = &text[span.clone()];
    let one_line = !content.contains(['\n', '\r']);
    let heading = heading.unwrap_or_else(|| {
        one_line && content.chars().count() <= 200 && !ends_like_sentence(content)
    });
    let speaker = if heading {
        None
    } else {
        speaker_label(content).map(|(len, name)| Speaker {
            span: span.start..span.start + len,
            asks: is_asking_label(&name),
            name,
        })
    };
    Paragraph {
        span,
        heading,
        speaker,
    }
}

/// Whether text ends with a sentence-final mark, looking through closing
/// quotes and brackets.
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace()
            || is_invisible(c)
            || matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '*')
    });
    trimmed.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn is_asking_label(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "q",
        "question",
        "interviewer",
        "host",
        "moderator",
        "correspondent",
        "journalist",
        "вопрос",
        "ведущий",
        "ведущая",
        "корреспондент",
        "журналист",
        "журналистка",
    ]
    .contains(&lower.as_str())
}

/// Recognizes a speaker label at the start of a line: one to four
/// capitalised words or initials followed by a colon and a space, like
/// `Q:`, `Sergey Lavrov:`, `С.В.Лавров:`, `Вопрос (ТАСС):`. Returns the length of
/// the label in bytes (colon included) and the name.
pub fn speaker_label(line: &str) -> Option<(usize, String)> {
    let line_start = line.len() - line.trim_start().len();
    let rest = &line[line_start..];
    let colon = rest.find(':')?;
    if colon == 0 || colon > 60 {
        return None;
    }
    let after = &rest[colon + 1..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let name = rest[..colon].trim();
    // A parenthesised affiliation may follow the name: `Вопрос (РИА Новости)`.
    let core = match name.find('(') {
        Some(open) if name.ends_with(')') => name[..open].trim_end(),
        Some(_) => return None,
        None => name,
    };
    let words: Vec<&str> = core.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let word_ok = |word: &str| {
        let mut parts = word.split('.').filter(|p| !p.is_empty()).peekable();
        parts.peek().is_some()
            && parts.all(|p| {
                let mut chars = p.chars();
                chars.next().is_some_and(is_upper)
                    && chars.all(|c| is_letter(c) || c == '-' || c == '\'')
            })
    };
    if !words.iter().all(|w| word_ok(w)) {
        return None;
    }
    // A lone word with nothing after the colon is a list lead-in
    // (`Участники:`, `Steps:`), not a speaker, unless it is a known label.
    if after.trim().is_empty() && words.len() == 1 && !core.contains('.') && !is_asking_label(core)
    {
        return None;
    }
    Some((line_start + colon + 1, core.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        for (line, name) in [
            ("Q: \"…This year", "Q"),
            ("Sergey Lavrov: \"As far", "Sergey Lavrov"),
            ("Вопрос: Как", "Вопрос"),
            ("С.В.Лавров: Насколько", "С.В.Лавров"),
            ("Лавров: Да.", "Лавров"),
            ("Ведущий: Добрый вечер.", "Ведущий"),
            ("Вопрос (ТАСС): Когда?", "Вопрос"),
            ("Question: When?", "Question"),
        ] {
            assert_eq!(
                speaker_label(line).map(|(_, n)| n).as_deref(),
                Some(name),
                "{line}"
            );
        }
        for line in [
            "Below are excerpts from Lavrov's interview:[1]",
            "The time is 10:30 now.",
            "He said: yes.",
            "Note that: this",
            "See http://example.com",
            "Участники:",
            "Steps:",
        ] {
            assert_eq!(speaker_label(line), None, "{line}");
        }
    }

    #[test]
    fn every_line_end_ends_a_line_once() {
        let spans = |text: &'static str| -> Vec<&'static str> {
            lines(text).into_iter().map(|span| &text[span]).collect()
        };
        assert_eq!(spans("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(spans("\n\r\n\r\r\nлиния\n"), ["", "", "", "", "линия"]);
        assert_eq!(spans("без конца строки\r"), ["без конца строки"]);
        assert_eq!(spans(""), Vec::<&str>::new());
        assert_eq!(spans("\r\n\n"), ["", ""]);
    }

    #[test]
    fn paragraphs_by_line_when_there_are_no_blank_lines() {
        let text = "Первый абзац.\r\nВторой абзац.\rТретий.";
        let spans: Vec<&str> = paragraphs(text)
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect();
        assert_eq!(spans, ["Первый абзац.", "Второй абзац.", "Третий."]);
    }

    #[test]
    fn headings_are_not_speaker_turns() {
        let text = "Lavrov: 'NATO Has Never Changed Its Plans'\n\nQ: \"Why?\"";
        let found = paragraphs(text);
        assert!(found[0].heading && found[0].speaker.is_none());
        assert!(!found[1].heading && found[1].speaker.as_ref().unwrap().asks);
    }
}
