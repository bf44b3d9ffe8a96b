//! Review-table rows from an alignment.

use sverka_table::{LineRange, Row, Status};
use sverka_text::Document;

use crate::engine::Aligned;
use sverka_core::one_line;

/// One row per bead, in document order. The first document goes in the `ru`
/// columns, the second in the `en` columns.
pub fn rows(aligned: &Aligned) -> Vec<Row> {
    aligned
        .alignment
        .beads
        .iter()
        .enumerate()
        .map(|(index, bead)| Row {
            row: index + 1,
            ru_lines: lines(&aligned.src, bead.src.clone()),
            en_lines: lines(&aligned.tgt, bead.tgt.clone()),
            ru: joined(&aligned.src, bead.src.clone()),
            en: joined(&aligned.tgt, bead.tgt.clone()),
            kind: bead.kind(),
            confidence: f64::from(bead.confidence),
            flags: bead.flags.clone(),
            details: bead.details.clone(),
            status: Status::default(),
            note: String::new(),
            ru_sentences: bead.src.clone().collect(),
            en_sentences: bead.tgt.clone().collect(),
            ru_spans: bead
                .src
                .clone()
                .map(|i| aligned.src.sentences[i].span.clone())
                .collect(),
            en_spans: bead
                .tgt
                .clone()
                .map(|i| aligned.tgt.sentences[i].span.clone())
                .collect(),
        })
        .collect()
}

fn lines(doc: &Document, sentences: std::ops::Range<usize>) -> Option<LineRange> {
    if sentences.is_empty() {
        return None;
    }
    let first = doc.sentences[sentences.start].lines.0;
    let last = doc.sentences[sentences.end - 1].lines.1;
    Some(LineRange::new(first, last))
}

/// The sentences of a bead side joined by a space, each on one line.
fn joined(doc: &Document, sentences: std::ops::Range<usize>) -> String {
    sentences
        .map(|i| one_line(doc.sentence_text(&doc.sentences[i])))
        .collect::<Vec<_>>()
        .join(" ")
}
