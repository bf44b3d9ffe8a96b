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
