//! Reading the files translators have into text that sverka aligns: plain
//! text, Word (`.docx`), OpenDocument text (`.odt`), HTML, SRT and WebVTT
//! subtitles, and PDF with a text layer.
//!
//! The format is found from the content, not the name ([`detect`]); a
//! caller may force one ([`Format`] parses `--input-format` values). A
//! document comes back as [`Extracted`]: one text in which every paragraph
//! of the document starts a line (a line break inside a paragraph, such
//! as Word's Shift+Enter or `<br>`, is a line end, as in plain text; other
//! white space runs are one space), the paragraphs with what the format
//! says about them (a Word heading is a heading), and for subtitles the
//! cue of every line with its number and times.
//! [`Extracted::into_document`] segments it into sentences; a sentence's
//! line numbers are lines of that text (cue indices for subtitles, which
//! [`Cues`] turns into cue numbers and times).
//!
//! Hostile input is refused with a reason and never exhausts memory: ZIP
//! containers are read with limits on entry count, size and compression
//! ratio ([`Limits`]), encrypted documents are named as such, truncated XML
//! is an error, deeply nested HTML is read without recursion.
//!
//! ```
//! use sverka_formats::{read, Format, ReadOptions};
//! use sverka_text::Lang;
//!
//! let srt = "1\n00:00:01,000 --> 00:00:03,500\nДобрый день.\n\n2\n00:00:04,000 --> 00:00:06,000\nНачнём.\n";
//! let extracted = read(srt.as_bytes(), &ReadOptions::default()).unwrap();
//! assert_eq!(extracted.format, Format::Srt);
//! assert_eq!(extracted.description(), "read as SRT subtitles, 2 cues");
//! let (doc, cues) = extracted.into_document(Lang::Ru, false);
//! assert_eq!(doc.sentences.len(), 2);
//! let cues = cues.unwrap();
//! assert_eq!(cues.lines_label(doc.sentences[1].lines), "2");
//! assert_eq!(cues.time_label(doc.sentences[1].lines), "00:00:04,000–00:00:06,000");
//! ```
#![deny(missing_docs)]

mod detect;
mod docx;
mod error;
mod html;
mod odt;
mod pdf;
mod subtitles;
mod xml;
mod zipped;

use std::ops::Range;

pub use detect::detect;
pub use error::FormatError;
pub use subtitles::{Cue, Cues};
use sverka_text::{Document, Lang};

/// A kind of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text in any encoding sverka detects.
    Text,
    /// Word 2007+ (`.docx`, Office Open XML).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// HTML or XHTML.
    Html,
    /// SubRip subtitles (`.srt`).
    Srt,
    /// WebVTT subtitles (`.vtt`).
    WebVtt,
    /// PDF with a text layer.
    Pdf,
}

impl Format {
    /// Every format, in the order `--input-format` lists them.
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Docx,
        Format::Odt,
        Format::Html,
        Format::Srt,
        Format::WebVtt,
        Format::Pdf,
    ];

    /// The `--input-format` value (`txt`, `docx`, `odt`, `html`, `srt`, `vtt`, `pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Html => "html",
            Format::Srt => "srt",
            Format::WebVtt => "vtt",
            Format::Pdf => "pdf",
        }
    }

    /// What the file was read as, for messages (`Word document`).
    pub fn label(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Docx => "Word document",
            Format::Odt => "OpenDocument text",
            Format::Html => "HTML page",
            Format::Srt => "SRT subtitles",
            Format::WebVtt => "WebVTT subtitles",
            Format::Pdf => "PDF",
        }
    }

    /// Whether the format is subtitles (cues with times).
    pub fn is_subtitles(self) -> bool {
        matches!(self, Format::Srt | Format::WebVtt)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = FormatError;

    /// Parses an `--input-format` value; `auto` is not a format (the
    /// caller passes no format instead).
    fn from_str(s: &str) -> Result<Format, FormatError> {
        let lower = s.trim().to_ascii_lowercase();
        let format = match lower.as_str() {
            "txt" | "text" | "plain" => Format::Text,
            "docx" | "word" => Format::Docx,
            "odt" | "opendocument" => Format::Odt,
            "html" | "htm" | "xhtml" => Format::Html,
            "srt" | "subrip" => Format::Srt,
            "vtt" | "webvtt" => Format::WebVtt,
            "pdf" => Format::Pdf,
            _ => return Err(FormatError::UnknownFormat(s.to_string())),
        };
        Ok(format)
    }
}

/// Limits that keep a hostile file from exhausting memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest uncompressed size of one ZIP entry that is read, in bytes.
    pub max_entry_bytes: u64,
    /// Largest ratio of uncompressed to compressed size of a ZIP entry.
    /// Office XML compresses about 5–20 times; a ZIP bomb thousands of times.
    pub max_ratio: u64,
    /// Most entries a ZIP container may list.
    pub max_entries: usize,
    /// Most characters of text extracted from one file.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_entry_bytes: 256 * 1024 * 1024,
            max_ratio: 200,
            max_entries: 10_000,
            max_text_bytes: 256 * 1024 * 1024,
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The format, if the caller names it (`--input-format`); detected otherwise.
    pub format: Option<Format>,
    /// The encoding of a text format (plain text, HTML, subtitles), if named.
    pub encoding: Option<String>,
    /// Limits on containers and extracted text.
    pub limits: Limits,
}

/// A paragraph of an extracted document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte range of the paragraph in [`Extracted::text`]: whole lines.
    pub span: Range<usize>,
    /// Whether the format marks it as a heading; `None` when it says
    /// nothing (judged from the text, as for plain text).
    pub heading: Option<bool>,
}

/// A file read into text.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The format it was read as.
    pub format: Format,
    /// Whether the format was detected (true) or named by the caller.
    pub detected: bool,
    /// The text: for plain text the decoded file as it is; for documents
    /// each paragraph on lines of its own (a cue on one line).
    pub text: String,
    /// The paragraphs, for every format but plain text (whose paragraphs
    /// are found from blank lines).
    pub blocks: Option<Vec<Block>>,
    /// For subtitles, the cue of each line of the text (cue `i` is line `i + 1`).
    pub cues: Option<Cues>,
    /// The encoding of a text format (`UTF-8`, `windows-1251`, …).
    pub encoding: Option<&'static str>,
    /// Problems read past, each naming where (`line 12: …`).
    pub warnings: Vec<String>,
}

impl Extracted {
    /// The note on what was read: `read as Word document, 48 paragraphs`.
    pub fn description(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let what = match (&self.cues, &self.blocks) {
            (Some(cues), _) => count(cues.len(), "cue", "cues"),
            (None, Some(blocks)) => count(blocks.len(), "paragraph", "paragraphs"),
            (None, None) => match self.encoding {
                Some(encoding) => encoding.to_string(),
                None => String::new(),
            },
        };
        let mut note = format!("read as {}", self.format.label());
        if !what.is_empty() {
            note.push_str(", ");
            note.push_str(&what);
        }
        if self.blocks.is_some() {
            if let Some(encoding) = self.encoding.filter(|e| *e != "UTF-8") {
                note.push_str(&format!(" ({encoding})"));
            }
        }
        note
    }

    /// Segments the text into a document (`presegmented`: one sentence per
    /// line). Returns the cues for subtitles; each sentence then has the
    /// time of its cues (`Sentence::time`), which the aligner uses.
    pub fn into_document(self, lang: Lang, presegmented: bool) -> (Document, Option<Cues>) {
        let mut document = match (&self.blocks, presegmented) {
            (_, true) => Document::presegmented_skipping_blank_lines(self.text, lang),
            (None, false) => Document::from_text(self.text, lang),
            (Some(blocks), false) => {
                let spans: Vec<(Range<usize>, Option<bool>)> =
                    blocks.iter().map(|b| (b.span.clone(), b.heading)).collect();
                Document::from_blocks(self.text, lang, &spans)
            }
        };
        if let Some(cues) = &self.cues {
            for sentence in &mut document.sentences {
                sentence.time = cues
                    .span_ms(sentence.lines)
                    .map(|span| (span.start, span.end));
            }
        }
        (document, self.cues)
    }
}

/// Reads `bytes` as the format named in `options`, or the one detected.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Extracted, FormatError> {
    if bytes.is_empty() {
        return Err(sverka_text::DecodeError::Empty.into());
    }
    let (format, detected) = match options.format {
        Some(format) => (format, false),
        None => (detect(bytes)?, true),
    };
    let mut extracted = match format {
        Format::Text => {
            let decoded = sverka_text::decode(bytes, options.encoding.as_deref())?;
            Extracted {
                format,
                detected,
                text: decoded.text,
                blocks: None,
                cues: None,
                encoding: Some(decoded.encoding),
                warnings: Vec::new(),
            }
        }
        Format::Docx => docx::read(bytes, &options.limits)?.into_extracted(format),
        Format::Odt => odt::read(bytes, &options.limits)?.into_extracted(format),
        Format::Pdf => pdf::read(bytes, &options.limits)?.into_extracted(format),
        Format::Html => {
            let decoded = sverka_text::decode_markup(bytes, options.encoding.as_deref())?;
            let mut extracted = html::read(&decoded.text, &options.limits)?.into_extracted(format);
            extracted.encoding = Some(decoded.encoding);
            extracted
        }
        Format::Srt | Format::WebVtt => {
            let decoded = sverka_text::decode_markup(bytes, options.encoding.as_deref())?;
            let mut extracted = subtitles::read(&decoded.text, format, &options.limits)?;
            extracted.encoding = Some(decoded.encoding);
            extracted
        }
    };
    extracted.detected = detected;
    if format != Format::Text {
        sverka_text::check_text(&extracted.text)
            .map_err(|reason| FormatError::NoText { format, reason })?;
    }
    Ok(extracted)
}

/// Paragraphs gathered by a reader, before they become one text.
#[derive(Debug, Default)]
pub(crate) struct Paragraphs {
    text: String,
    blocks: Vec<Block>,
    /// Bytes of text kept so far, against the limit.
    limit: usize,
    pub(crate) warnings: Vec<String>,
}

impl Paragraphs {
    pub(crate) fn new(limits: &Limits) -> Paragraphs {
        Paragraphs {
            limit: limits.max_text_bytes,
            ..Paragraphs::default()
        }
    }

    /// Adds a paragraph: a run of white space becomes one space, or one
    /// line end when it holds a [`LINE_BREAK`] (the markup's own line ends
    /// are white space); an empty paragraph is dropped.
    pub(crate) fn push(&mut self, raw: &str, heading: Option<bool>) -> Result<(), FormatError> {
        let raw = raw.trim_matches(is_space);
        if raw.is_empty() {
            return Ok(());
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        let mut gap: Option<char> = None;
        for c in raw.chars() {
            if is_space(c) {
                if c == LINE_BREAK || gap.is_none() {
                    gap = Some(if c == LINE_BREAK { '\n' } else { ' ' });
                }
                continue;
            }
            if let Some(gap) = gap.take() {
                self.text.push(gap);
            }
            self.text.push(c);
        }
        if self.text.len() > self.limit {
            return Err(FormatError::TooMuchText {
                limit_mb: self.limit / 1_000_000,
            });
        }
        self.blocks.push(Block {
            span: start..self.text.len(),
            heading,
        });
        Ok(())
    }

    pub(crate) fn into_extracted(self, format: Format) -> Extracted {
        Extracted {
            format,
            detected: true,
            text: self.text,
            blocks: Some(self.blocks),
            cues: None,
            encoding: None,
            warnings: self.warnings,
        }
    }
}

/// A line break inside a paragraph (Word's Shift+Enter, `<br>`), as
/// readers mark it: it becomes a line end of the text, so the segmenter
/// treats it as in plain text (a line without final punctuation, such as
/// a dateline, may end a sentence there).
pub(crate) const LINE_BREAK: char = '\u{2028}';

/// Whitespace that separates words in a paragraph: Unicode white space,
/// except the no-break spaces, which keep `25 000` and `С. В.` together.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse_back() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>().unwrap(), format);
        }
        assert!(matches!(
            "rtf".parse::<Format>(),
            Err(FormatError::UnknownFormat(_))
        ));
    }

    #[test]
    fn paragraphs_are_one_line_each() {
        let mut paragraphs = Paragraphs::new(&Limits::default());
        paragraphs.push("  Заголовок\n", Some(true)).unwrap();
        paragraphs.push(" \t\n", None).unwrap();
        paragraphs
            .push(
                "Первая строка,\u{2028} \nвторая\tстрока и 25\u{A0}000.",
                None,
            )
            .unwrap();
        let extracted = paragraphs.into_extracted(Format::Docx);
        assert_eq!(
            extracted.text,
            "Заголовок\nПервая строка,\nвторая строка и 25\u{A0}000."
        );
        assert_eq!(
            extracted.description(),
            "read as Word document, 2 paragraphs"
        );
        let (doc, cues) = extracted.into_document(Lang::Ru, false);
        assert!(cues.is_none());
        assert!(doc.paragraphs[0].heading && !doc.paragraphs[1].heading);
        assert_eq!(doc.sentences[1].lines, (2, 3));
    }

    #[test]
    fn too_much_text_is_refused() {
        let limits = Limits {
            max_text_bytes: 10,
            ..Limits::default()
        };
        let mut paragraphs = Paragraphs::new(&limits);
        assert!(matches!(
            paragraphs.push("A paragraph longer than ten bytes.", None),
            Err(FormatError::TooMuchText { .. })
        ));
    }
}
