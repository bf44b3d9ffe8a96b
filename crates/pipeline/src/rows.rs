//! Review-table rows from an alignment.

use std::collections::HashMap;

use sverka_formats::Cues;
use sverka_table::{LineRange, Row, Status};
use sverka_text::Document;

use crate::engine::Aligned;
use sverka_core::one_line;

/// One row per bead, in document order. The first document goes in the `ru`
/// columns, the second in the `en` columns.
pub fn rows(aligned: &Aligned) -> Vec<Row> {
    let beads = &aligned.alignment.beads;
    let moved = moved_details(aligned);
    let row = |(index, bead): (usize, &sverka_align::Bead)| Row {
        row: index + 1,
        ru_lines: lines(&aligned.src, aligned.src_cues.as_ref(), bead.src.clone()),
        en_lines: lines(&aligned.tgt, aligned.tgt_cues.as_ref(), bead.tgt.clone()),
        ru_time: time(&aligned.src, aligned.src_cues.as_ref(), bead.src.clone()),
        en_time: time(&aligned.tgt, aligned.tgt_cues.as_ref(), bead.tgt.clone()),
        ru: joined(&aligned.src, bead.src.clone()),
        en: joined(&aligned.tgt, bead.tgt.clone()),
        kind: bead.kind(),
        confidence: f64::from(bead.confidence),
        flags: bead.flags.clone(),
        details: match moved.get(&index) {
            Some(moved) if bead.details.is_empty() => moved.clone(),
            Some(moved) => format!("{moved}; {}", bead.details),
            None => bead.details.clone(),
        },
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
    };
    // A long table's rows are made on several threads, in order.
    if beads.len() >= PARALLEL_ROWS_FROM {
        use rayon::prelude::*;
        beads.par_iter().enumerate().map(row).collect()
    } else {
        beads.iter().enumerate().map(row).collect()
    }
}

/// For each row of a moved sentence (by bead index), where its
/// translation is: `moved: translated in row 14 (en line 30)`, and on the
/// other side `moved: translates row 9 (ru line 17)`.
fn moved_details(aligned: &Aligned) -> HashMap<usize, String> {
    let beads = &aligned.alignment.beads;
    // The bead holding sentence `k` of a side: beads are in order on both.
    let src_bead = |k: usize| beads.partition_point(|b| b.src.end <= k);
    let tgt_bead = |k: usize| beads.partition_point(|b| b.tgt.end <= k);
    let rows = |beads: &[usize]| -> String {
        match (beads.first(), beads.last()) {
            (Some(first), Some(last)) if first != last => {
                format!("rows {}-{}", first + 1, last + 1)
            }
            (Some(first), _) => format!("row {}", first + 1),
            _ => String::new(),
        }
    };
    let mut details = HashMap::new();
    for moved in &aligned.alignment.moves {
        let src_rows: Vec<usize> = moved.src.clone().map(src_bead).collect();
        let tgt_rows: Vec<usize> = moved.tgt.clone().map(tgt_bead).collect();
        // Subtitles' rows name cues, as their line columns do.
        let place = |doc: &Document, cues: Option<&Cues>, sentences: std::ops::Range<usize>| {
            let word = if cues.is_some() { "cue" } else { "line" };
            match lines(doc, cues, sentences) {
                Some(r) if r.first != r.last => format!("{word}s {r}"),
                Some(r) => format!("{word} {r}"),
                None => String::new(),
            }
        };
        let en_place = place(&aligned.tgt, aligned.tgt_cues.as_ref(), moved.tgt.clone());
        let ru_place = place(&aligned.src, aligned.src_cues.as_ref(), moved.src.clone());
        let sides = [
            (
                &src_rows,
                format!("translated in {} (en {en_place})", rows(&tgt_rows)),
            ),
            (
                &tgt_rows,
                format!("translates {} (ru {ru_place})", rows(&src_rows)),
            ),
        ];
        for (own_rows, text) in sides {
            for &k in own_rows {
                details.insert(k, format!("moved: {text}"));
            }
        }
    }
    details
}

/// Rows from which a table's rows are made on several threads.
const PARALLEL_ROWS_FROM: usize = 2_000;

/// The first and last line of a bead side's sentences.
fn line_span(doc: &Document, sentences: std::ops::Range<usize>) -> Option<(usize, usize)> {
    if sentences.is_empty() {
        return None;
    }
    Some((
        doc.sentences[sentences.start].lines.0,
        doc.sentences[sentences.end - 1].lines.1,
    ))
}

/// The lines of a bead side; for subtitles, its cue numbers.
fn lines(
    doc: &Document,
    cues: Option<&Cues>,
    sentences: std::ops::Range<usize>,
) -> Option<LineRange> {
    let (first, last) = line_span(doc, sentences)?;
    let cue_span = cues.and_then(|cues| cues.of_lines((first, last)));
    if let Some((one, other)) = cue_span.and_then(|span| Some((span.first()?, span.last()?))) {
        return Some(LineRange::new(one.number as usize, other.number as usize));
    }
    Some(LineRange::new(first, last))
}

/// When a bead side is spoken, for subtitles; empty otherwise.
fn time(doc: &Document, cues: Option<&Cues>, sentences: std::ops::Range<usize>) -> String {
    match (cues, line_span(doc, sentences)) {
        (Some(cues), Some(lines)) => cues.time_label(lines),
        _ => String::new(),
    }
}

/// The sentences of a bead side joined by a space, each on one line.
fn joined(doc: &Document, sentences: std::ops::Range<usize>) -> String {
    sentences
        .map(|i| one_line(doc.sentence_text(&doc.sentences[i])))
        .collect::<Vec<_>>()
        .join(" ")
}
