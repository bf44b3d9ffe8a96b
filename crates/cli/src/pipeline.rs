//! The path shared by `align`, `batch` and `eval`: two texts in, documents
//! and an alignment out.

use std::path::Path;

use anyhow::Result;
use sverka_align::{align, Alignment, Options};
use sverka_text::{Document, Lang};

use crate::input::{check_languages, read_document, ReadOptions};

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

/// Reads both files, refuses a pair whose scripts contradict the languages
/// given (swapped files, one language twice), and aligns them: what `align`
/// does for its two files and `batch` for each document.
pub fn align_files(
    (ru, ru_lang): (&Path, Lang),
    (en, en_lang): (&Path, Lang),
    read: &ReadOptions,
    options: &Options,
) -> Result<Aligned> {
    let ru_doc = read_document(ru, ru_lang, read)?;
    let en_doc = read_document(en, en_lang, read)?;
    check_languages(ru, &ru_doc, en, &en_doc)?;
    Ok(align_documents(ru_doc, en_doc, options))
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
