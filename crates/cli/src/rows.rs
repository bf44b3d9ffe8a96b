//! Review-table rows from an alignment.

use sverka_table::{BeadKind, Flag, LineRange, Row, Status};
use sverka_text::Document;

use crate::cmd::split::one_line;
use crate::pipeline::Aligned;

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
            kind: BeadKind::new(bead.src.len(), bead.tgt.len()),
            confidence: f64::from(bead.confidence),
            flags: bead.flags.iter().map(|&f| table_flag(f)).collect(),
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

/// The table's flag for an engine flag. An exhaustive match rather than
/// parsing the name, so that a new engine flag fails to compile here until
/// it is given a name in the table, instead of slipping through as
/// [`Flag::Other`].
fn table_flag(flag: sverka_align::Flag) -> Flag {
    use sverka_align::Flag as Engine;
    match flag {
        Engine::Omission => Flag::Omission,
        Engine::Addition => Flag::Addition,
        Engine::NumbersDiffer => Flag::NumbersDiffer,
        Engine::NamesDiffer => Flag::NamesDiffer,
        Engine::LengthOdd => Flag::LengthOdd,
        Engine::LowConfidence => Flag::LowConfidence,
        Engine::Mismatch => Flag::Mismatch,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use sverka_align::Flag as Engine;

    #[test]
    fn every_engine_flag_keeps_its_name_and_is_known_to_the_table() {
        for flag in [
            Engine::Omission,
            Engine::Addition,
            Engine::NumbersDiffer,
            Engine::NamesDiffer,
            Engine::LengthOdd,
            Engine::LowConfidence,
            Engine::Mismatch,
        ] {
            let table = table_flag(flag);
            assert_eq!(table.as_str(), flag.as_str());
            assert!(!matches!(table, Flag::Other(_)), "{flag:?}");
            // And a table read back parses the name to the same flag.
            assert_eq!(Flag::parse(flag.as_str()), table);
        }
    }
}
