//! The path shared by `align`, `batch` and `eval`: two texts in, documents
//! and an alignment out.

use sverka_align::{align, Alignment, Options};
use sverka_text::Document;

/// Both documents and their alignment.
pub struct Aligned {
    pub src: Document,
    pub tgt: Document,
    pub alignment: Alignment,
}

/// Aligns two documents with the given options.
pub fn align_documents(src: Document, tgt: Document, options: &Options) -> Aligned {
    let alignment = align(&src, &tgt, options);
    Aligned {
        src,
        tgt,
        alignment,
    }
}

/// Sentence index ranges of the beads, as evaluation beads.
pub fn eval_beads(alignment: &Alignment) -> Vec<sverka_eval::Bead> {
    alignment
        .beads
        .iter()
        .map(|b| sverka_eval::Bead::from_ranges(b.src.clone(), b.tgt.clone()))
        .collect()
}

/// Byte spans of a document's sentences.
pub fn sentence_spans(doc: &Document) -> Vec<std::ops::Range<usize>> {
    doc.sentences.iter().map(|s| s.span.clone()).collect()
}

/// The error of writing `what` (`the table`) to `path`. Errors that already
/// name the path and say what to do (a missing folder, a full disk) are
/// kept as they are; others get the path in front.
pub fn write_error(
    path: &std::path::Path,
    what: &str,
    err: sverka_table::TableError,
) -> anyhow::Error {
    use sverka_table::TableError;
    match err {
        TableError::Output { .. } | TableError::MissingDirectory { .. } => err.into(),
        other => {
            anyhow::Error::from(other).context(format!("{}: cannot write {what}", path.display()))
        }
    }
}
