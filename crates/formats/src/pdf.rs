//! PDF: not read yet.

use crate::{FormatError, Limits, Paragraphs};

pub(crate) fn read(_bytes: &[u8], _limits: &Limits) -> Result<Paragraphs, FormatError> {
    Err(FormatError::Unsupported {
        what: "a PDF",
        advice: "open it in a PDF viewer and save or export it as text, then give the .txt file",
    })
}
