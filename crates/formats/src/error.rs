//! Why a file could not be read. Messages do not name the file (the caller
//! puts its name first) and say what to do.

use sverka_text::DecodeError;
use thiserror::Error;

use crate::Format;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FormatError {
    /// A text format whose bytes are not text.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The document holds no text to align.
    #[error("read as {}, but {reason}", format.label())]
    NoText {
        /// What it was read as.
        format: Format,
        /// What is wrong with what was found.
        reason: DecodeError,
    },
    /// An `--input-format` value that is not known.
    #[error("unknown input format '{0}': use auto, txt, docx, odt, html, srt, vtt or pdf")]
    UnknownFormat(String),
    /// A format sverka does not read, named, with what to do.
    #[error("this is {what}, which sverka does not read; {advice}")]
    Unsupported {
        /// What the file is (`an old Word .doc file`).
        what: &'static str,
        /// What to do instead.
        advice: &'static str,
    },
    /// A password-protected document.
    #[error("this {} is password-protected (encrypted); open it with its password and save a copy without one (Word: File > Info > Protect Document; LibreOffice: File > Properties > Security; a PDF viewer: export or print to a new PDF), then give that copy", format.label())]
    Encrypted {
        /// What it was read as.
        format: Format,
    },
    /// A ZIP container that is broken or is no document.
    #[error("cannot read this {} ({detail}); the file is damaged or incomplete: open it in Word or LibreOffice and save it again", format.label())]
    Damaged {
        /// What it was read as.
        format: Format,
        /// What went wrong.
        detail: String,
    },
    /// A ZIP container over a size, ratio or count limit: a ZIP bomb or a
    /// document far larger than any text.
    #[error("refused to unpack this {}: {detail}; this looks like a ZIP bomb, not a document: if it is a real document, save it again from Word or LibreOffice, or as plain text", format.label())]
    Bomb {
        /// What it was read as.
        format: Format,
        /// Which limit was crossed.
        detail: String,
    },
    /// A ZIP container that is some other kind of file (a spreadsheet, …).
    #[error("this is a ZIP archive but not a Word or OpenDocument text document ({found}); give a .docx, .odt, or the text saved as plain text")]
    OtherZip {
        /// What was found in it.
        found: String,
    },
    /// XML that stops in the middle or is malformed.
    #[error("the {} is damaged: {part} is not well-formed XML ({detail}); open it in Word or LibreOffice and save it again", format.label())]
    BadXml {
        /// What it was read as.
        format: Format,
        /// The part of the container (`word/document.xml`).
        part: String,
        /// What the parser says, with the position.
        detail: String,
    },
    /// More text than the limit.
    #[error("the text extracted is over the limit of {limit_mb} MB; split the document")]
    TooMuchText {
        /// The limit in MB.
        limit_mb: usize,
    },
    /// Subtitles with no cue that could be read.
    #[error("no subtitle cue could be read ({detail}); check that the file is {}, or give --input-format txt to read it as plain text", format.label())]
    NoCues {
        /// What it was read as.
        format: Format,
        /// What was wrong first.
        detail: String,
    },
    /// A PDF whose pages have no text layer (scanned).
    #[error("this PDF has no text layer ({detail}): it is probably scanned images of pages; run OCR on it first (e.g. `ocrmypdf -l rus+eng in.pdf out.pdf`, or save it as text from an OCR program), then give the result")]
    PdfNoText {
        /// What was found.
        detail: String,
    },
    /// A PDF that could not be read.
    #[error("cannot read this PDF ({detail}); open it in a PDF viewer and save or export it as text (or copy the text into a .txt file)")]
    PdfDamaged {
        /// What went wrong.
        detail: String,
    },
}
