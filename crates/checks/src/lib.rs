//! Invariants of sverka's libraries on arbitrary input.
//!
//! Each `check_*` function takes raw bytes, runs one library entry point on
//! them and panics with a description if an invariant is broken (or if the
//! library itself panics). The same functions are called by the libFuzzer
//! targets in `fuzz/`, by the regression replay of the inputs kept in
//! `fuzz/regressions/` (see `tests/regressions.rs`) and by property tests,
//! so every finding stays a test in the ordinary `cargo test` run.
//!
//! The `*_breach` functions return the first broken invariant as text
//! instead of panicking, for property tests that want to shrink on it.
//!
//! | target | entry point |
//! |---|---|
//! | `decode` | [`sverka_text::decode`], detected and with every `--encoding` label |
//! | `segment` | [`sverka_text::segment::split`] and [`Document`] (sentences, paragraphs, lines) |
//! | `tokenize` | [`sverka_text::tokenize`] |
//! | `align` | [`sverka_align::align`] on two documents cut from the bytes |
//! | `read_table` | [`sverka_table::read_table`], then writing what it read and reading it again |
//! | `lexicon` | [`sverka_lexicon::dictd::parse`] and the lexicon built from it, TSV glossaries |
//! | `docx`, `odt` | [`sverka_formats::read`] on the bytes as the document XML of a container, and as the file |
//! | `html` | [`sverka_formats::read`] as HTML, and detected |
//! | `subtitles` | [`sverka_formats::read`] as SRT, as WebVTT, and detected |
//! | `pdf` | [`sverka_formats::read`] as PDF, the bytes alone and after a PDF header |

#![deny(missing_docs)]

use std::ops::Range;

use sverka_align::{align_splitting, bead_types, Alignment, Flag, Options};
use sverka_table::{
    read_table, write_parallel, write_table, write_tmx, BeadKind, CsvFlavour, Format,
    ParallelFormat, ReviewedRow, Row, Side, TableMeta, WriteOptions,
};
use sverka_text::normalize::fold_char;
use sverka_text::segment::split;
use sverka_text::structure;
use sverka_text::{decode, tokenize, DecodeError, Document, Lang, TokenKind};

/// A fuzz target's name and its check, as the regression replay finds them.
pub type Target = (&'static str, fn(&[u8]));

mod formats;
pub use formats::*;

/// Every target, by the name of its fuzz target and of its folder in
/// `fuzz/regressions/`.
pub const TARGETS: [Target; 11] = [
    ("decode", check_decode),
    ("segment", check_segment),
    ("tokenize", check_tokenize),
    ("align", check_align),
    ("read_table", check_read_table),
    ("lexicon", check_lexicon),
    ("docx", check_docx),
    ("odt", check_odt),
    ("html", check_html),
    ("subtitles", check_subtitles),
    ("pdf", check_pdf),
];

/// The encoding labels `--encoding` documents.
const LABELS: [&str; 6] = [
    "utf-8",
    "utf-16le",
    "utf-16be",
    "windows-1251",
    "koi8-r",
    "windows-1252",
];

fn fail(what: &str, breach: String, input: &dyn std::fmt::Debug) -> ! {
    let mut shown = format!("{input:?}");
    if shown.len() > 2000 {
        let mut cut = 2000;
        while !shown.is_char_boundary(cut) {
            cut -= 1;
        }
        shown.truncate(cut);
        shown.push('…');
    }
    panic!("{what}: {breach}\ninput: {shown}");
}

// ---------------------------------------------------------------- decoding

/// Decoding: detection and every forced label return `Ok` or `Err`; see
/// [`decode_breach`] for what a result must satisfy.
pub fn check_decode(bytes: &[u8]) {
    if let Err(breach) = decode_breach(bytes) {
        fail("decode", breach, &bytes);
    }
}

/// What decoding must satisfy:
///
/// - a decoded text is not blank and holds no NUL;
/// - it keeps every character: encoded again it gives back the input
///   without its byte-order mark;
/// - a detected encoding, given with `--encoding`, reads the same text;
/// - an error's byte offset lies inside the input.
pub fn decode_breach(bytes: &[u8]) -> Result<(), String> {
    let detected = decode(bytes, None);
    decoded_breach(bytes, None, &detected)?;
    if let Ok(found) = &detected {
        match decode(bytes, Some(found.encoding)) {
            Ok(again) if again.text == found.text => {}
            other => {
                return Err(format!(
                    "detected as {} but --encoding {} gives {other:?}",
                    found.encoding, found.encoding
                ))
            }
        }
    }
    for label in LABELS {
        decoded_breach(bytes, Some(label), &decode(bytes, Some(label)))?;
    }
    Ok(())
}

fn decoded_breach(
    bytes: &[u8],
    label: Option<&str>,
    result: &Result<sverka_text::Decoded, DecodeError>,
) -> Result<(), String> {
    let how = label.unwrap_or("detected");
    let decoded = match result {
        Ok(decoded) => decoded,
        Err(err) => {
            let offset = match err {
                DecodeError::Binary { offset, .. }
                | DecodeError::Mixed { offset }
                | DecodeError::Invalid { offset, .. }
                | DecodeError::OddLength { offset, .. } => Some(*offset),
                _ => None,
            };
            if let Some(offset) = offset.filter(|&o| o >= bytes.len()) {
                return Err(format!(
                    "{how}: error {err:?} names byte {offset} of a {}-byte input",
                    bytes.len()
                ));
            }
            return Ok(());
        }
    };
    let text = &decoded.text;
    if text
        .chars()
        .all(|c| c.is_whitespace() || fold_char(c).is_none())
    {
        return Err(format!("{how}: blank text accepted: {text:?}"));
    }
    if text.contains('\0') {
        return Err(format!("{how}: NUL in the decoded text"));
    }
    let encoding = encoding_rs::Encoding::for_label(decoded.encoding.as_bytes())
        .ok_or_else(|| format!("{how}: unknown encoding name {}", decoded.encoding))?;
    let bom_len = match (decoded.bom, encoding_rs::Encoding::for_bom(bytes)) {
        (true, Some((bom_encoding, len))) if bom_encoding == encoding => len,
        (true, found) => return Err(format!("{how}: bom reported, but the input has {found:?}")),
        (false, _) => 0,
    };
    let body = &bytes[bom_len..];
    let again: Vec<u8> = if encoding == encoding_rs::UTF_16LE {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    } else if encoding == encoding_rs::UTF_16BE {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    } else {
        encoding.encode(text).0.into_owned()
    };
    if again != body {
        return Err(format!(
            "{how}: the text as {} does not give back the input (less a {bom_len}-byte BOM)",
            decoded.encoding
        ));
    }
    Ok(())
}

// ------------------------------------------------------------ segmentation

/// The language a fuzz input asks for in its first byte.
fn lang_of(selector: u8) -> Lang {
    match selector % 4 {
        0 => Lang::Ru,
        1 => Lang::En,
        2 => Lang::Other("de".to_string()),
        _ => Lang::Other("fr".to_string()),
    }
}

/// Segmentation: the first byte picks the language, the rest (read as
/// UTF-8, invalid bytes replaced) is split as a paragraph and as a whole
/// document, raw and presegmented. See [`split_breach`] and
/// [`document_breach`].
pub fn check_segment(bytes: &[u8]) {
    let Some((&selector, rest)) = bytes.split_first() else {
        return;
    };
    let lang = lang_of(selector);
    let text = String::from_utf8_lossy(rest).into_owned();
    let spans = split(&text, &lang);
    if let Err(breach) = split_breach(&text, &spans) {
        fail("segment::split", format!("{breach} ({lang})"), &text);
    }
    for presegmented in [false, true] {
        let doc = if presegmented {
            Document::presegmented(text.clone(), lang.clone())
        } else {
            Document::from_text(text.clone(), lang.clone())
        };
        if let Err(breach) = document_breach(&doc, presegmented) {
            let how = if presegmented {
                "Document::presegmented"
            } else {
                "Document::from_text"
            };
            fail(how, format!("{breach} ({lang})"), &text);
        }
    }
}

/// Whitespace, or a character that takes no space (what spans are trimmed of).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || fold_char(c).is_none()
}

/// The contract of [`split`]: spans in order, not overlapping, non-empty,
/// on char boundaries, trimmed; the gaps between them blank; spans and gaps
/// together give back the text.
pub fn split_breach(text: &str, spans: &[Range<usize>]) -> Result<(), String> {
    let mut rebuilt = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        if span.start < at {
            return Err(format!(
                "{span:?} starts before the end of the previous span {at}"
            ));
        }
        if span.is_empty() {
            return Err(format!("empty span {span:?}"));
        }
        if span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            return Err(format!("{span:?} is not on char boundaries"));
        }
        let gap = &text[at..span.start];
        if let Some(c) = gap.chars().find(|&c| !is_blank(c)) {
            return Err(format!(
                "{c:?} in the gap {at}..{} is in no span",
                span.start
            ));
        }
        let piece = &text[span.clone()];
        if piece.starts_with(is_blank) || piece.ends_with(is_blank) {
            return Err(format!("{piece:?} is not trimmed"));
        }
        rebuilt.push_str(gap);
        rebuilt.push_str(piece);
        at = span.end;
    }
    let gap = &text[at..];
    if let Some(c) = gap.chars().find(|&c| !is_blank(c)) {
        return Err(format!("{c:?} after the last span is in no span"));
    }
    rebuilt.push_str(gap);
    if rebuilt != text {
        return Err("spans and gaps do not give back the text".to_string());
    }
    Ok(())
}

/// 1-based line of a byte offset, counting `\n`, `\r\n` and a lone `\r`
/// as one line end each (independently of `structure::lines`).
fn line_at(text: &[u8], offset: usize) -> usize {
    let before = &text[..offset];
    let mut line = 1;
    for (i, &b) in before.iter().enumerate() {
        let lone_cr = b == b'\r' && text.get(i + 1) != Some(&b'\n');
        if b == b'\n' || lone_cr {
            line += 1;
        }
    }
    line
}

/// The contract of a [`Document`]: sentences in order and covering every
/// visible character (as [`split_breach`]); each sentence inside its
/// paragraph, paragraphs in order; `opens_paragraph` on exactly the first
/// sentence of each; line numbers those of the sentence's first and last
/// byte. Presegmented documents have one sentence per line, blank lines
/// included.
pub fn document_breach(doc: &Document, presegmented: bool) -> Result<(), String> {
    let text = doc.text.as_str();
    let spans: Vec<Range<usize>> = doc.sentences.iter().map(|s| s.span.clone()).collect();
    if presegmented {
        let lines = structure::lines(text);
        if spans != lines {
            return Err(format!(
                "presegmented sentences {spans:?} are not the lines {lines:?}"
            ));
        }
    } else {
        split_breach(text, &spans)?;
    }
    let mut paragraph_end = 0;
    for (k, paragraph) in doc.paragraphs.iter().enumerate() {
        let span = &paragraph.span;
        if span.start < paragraph_end || span.end > text.len() {
            return Err(format!("paragraph {k} {span:?} out of order or bounds"));
        }
        paragraph_end = span.end;
    }
    let bytes = text.as_bytes();
    let mut previous: Option<usize> = None;
    for (k, sentence) in doc.sentences.iter().enumerate() {
        let Some(paragraph) = doc.paragraphs.get(sentence.paragraph) else {
            return Err(format!("sentence {k}: no paragraph {}", sentence.paragraph));
        };
        if previous.is_some_and(|p| p > sentence.paragraph) {
            return Err(format!("sentence {k}: paragraphs out of order"));
        }
        let opens = previous != Some(sentence.paragraph);
        if sentence.opens_paragraph != opens {
            return Err(format!("sentence {k}: opens_paragraph is wrong"));
        }
        previous = Some(sentence.paragraph);
        let span = &sentence.span;
        if span.start < paragraph.span.start || span.end > paragraph.span.end {
            return Err(format!(
                "sentence {k} {span:?} is outside its paragraph {:?}",
                paragraph.span
            ));
        }
        if !presegmented {
            let last = span.end.saturating_sub(1).max(span.start);
            let want = (line_at(bytes, span.start), line_at(bytes, last));
            if sentence.lines != want {
                return Err(format!(
                    "sentence {k} {span:?}: lines {:?}, expected {want:?}",
                    sentence.lines
                ));
            }
        } else if sentence.lines != (k + 1, k + 1) {
            return Err(format!("line {k}: lines {:?}", sentence.lines));
        }
    }
    Ok(())
}

// ------------------------------------------------------------ tokenization

/// Tokenization of the input read as UTF-8 (invalid bytes replaced): see
/// [`tokenize_breach`].
pub fn check_tokenize(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Err(breach) = tokenize_breach(&text) {
        fail("tokenize", breach, &text);
    }
}

/// What [`tokenize`] must give: non-empty spans in order, not overlapping,
/// on char boundaries; words start with a letter, numbers with an ASCII
/// digit and normalize to digits and separators, punctuation is one
/// character; every character outside the tokens is whitespace or
/// invisible.
pub fn tokenize_breach(text: &str) -> Result<(), String> {
    let mut at = 0;
    for token in tokenize(text) {
        let span = &token.span;
        if span.start < at || span.is_empty() || span.end > text.len() {
            return Err(format!("{token:?} is empty, overlapping or out of bounds"));
        }
        if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            return Err(format!("{token:?} is not on char boundaries"));
        }
        if let Some(c) = text[at..span.start].chars().find(|&c| !is_blank(c)) {
            return Err(format!("{c:?} before {span:?} is in no token"));
        }
        let piece = &text[span.clone()];
        let first = piece.chars().next().unwrap_or(' ');
        let ok = match token.kind {
            TokenKind::Word => first.is_alphanumeric(),
            TokenKind::Number => {
                first.is_ascii_digit()
                    && token.norm.starts_with(|c: char| c.is_ascii_digit())
                    && token
                        .norm
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/'))
            }
            TokenKind::Punct => piece.chars().count() == 1,
        };
        if !ok {
            return Err(format!("{token:?} ({piece:?}) is not a well-formed token"));
        }
        at = span.end;
    }
    if let Some(c) = text[at..].chars().find(|&c| !is_blank(c)) {
        return Err(format!("{c:?} after the last token is in no token"));
    }
    Ok(())
}

// --------------------------------------------------------------- alignment

/// The two documents and options an alignment input describes.
///
/// Byte 0 selects: bit 0 presegmented, bits 1–2 the largest bead side
/// (1–3), bit 3 both sides in a language other than ru/en. The rest is cut
/// at the first `0xFF` byte (never valid UTF-8) into the first and second
/// side, each read as UTF-8 with invalid bytes replaced.
pub fn alignment_input(bytes: &[u8]) -> Option<(Document, Document, Options)> {
    let (&selector, rest) = bytes.split_first()?;
    let (a, b) = match rest.iter().position(|&b| b == 0xFF) {
        Some(cut) => (&rest[..cut], &rest[cut + 1..]),
        None => rest.split_at(rest.len() / 2),
    };
    let (lang_a, lang_b) = if selector & 8 != 0 {
        (Lang::Other("de".into()), Lang::Other("fr".into()))
    } else {
        (Lang::Ru, Lang::En)
    };
    let make = |bytes: &[u8], lang: Lang| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        if selector & 1 != 0 {
            Document::presegmented(text, lang)
        } else {
            Document::from_text(text, lang)
        }
    };
    let options = Options {
        max_bead_side: usize::from((selector >> 1) % 5 + 1),
        ..Options::default()
    };
    Some((make(a, lang_a), make(b, lang_b), options))
}

/// Alignment of two documents cut from the input ([`alignment_input`]):
/// see [`alignment_breach`].
pub fn check_align(bytes: &[u8]) {
    let Some((src, tgt, options)) = alignment_input(bytes) else {
        return;
    };
    // As the pipeline aligns: sentences may be cut at soft boundaries.
    let (before_src, before_tgt) = (src.clone(), tgt.clone());
    let (mut src, mut tgt) = (src, tgt);
    let alignment = align_splitting(&mut src, &mut tgt, &options);
    for (before, after) in [(&before_src, &src), (&before_tgt, &tgt)] {
        if let Err(breach) = cut_breach(before, after) {
            fail(
                "align",
                breach,
                &(&src.text, &tgt.text, options.max_bead_side),
            );
        }
    }
    if let Err(breach) = alignment_breach(
        &alignment,
        src.sentences.len(),
        tgt.sentences.len(),
        options.max_bead_side,
    ) {
        fail(
            "align",
            breach,
            &(&src.text, &tgt.text, options.max_bead_side),
        );
    }
    let shown = (src.text.clone(), tgt.text.clone(), options.max_bead_side);
    let aligned = sverka_pipeline::Aligned {
        src,
        tgt,
        alignment,
        src_cues: None,
        tgt_cues: None,
    };
    if let Err(breach) = rows_breach(&aligned) {
        fail("align", breach, &shown);
    }
}

/// What cutting sentences at soft boundaries must keep: the sentences of
/// `after` are in order, do not overlap, are not empty and cover the same
/// text as those of `before` (whitespace aside), each inside one sentence
/// of `before`; its soft boundaries lie inside its sentences.
pub fn cut_breach(before: &Document, after: &Document) -> Result<(), String> {
    let visible = |doc: &Document| -> String {
        doc.sentences
            .iter()
            .flat_map(|s| doc.sentence_text(s).chars())
            // The segmenter trims invisible marks (RLM, BOM) at sentence
            // ends too, so a cut may leave one between two sentences.
            .filter(|&c| !c.is_whitespace() && !sverka_text::chars::is_invisible(c))
            .collect()
    };
    if visible(before) != visible(after) {
        return Err("the sentences cover other text after the cuts".to_string());
    }
    let mut end = 0;
    let mut old = before.sentences.iter().peekable();
    for (k, sentence) in after.sentences.iter().enumerate() {
        // An empty sentence the segmenter made stays; a cut never makes one.
        let cut = !before.sentences.iter().any(|o| o.span == sentence.span);
        if sentence.span.start < end || (cut && sentence.span.is_empty()) {
            return Err(format!(
                "sentence {k} {:?} overlaps or is an empty part",
                sentence.span
            ));
        }
        end = sentence.span.end;
        while old.next_if(|o| o.span.end < sentence.span.end).is_some() {}
        if !old
            .peek()
            .is_some_and(|o| o.span.start <= sentence.span.start && sentence.span.end <= o.span.end)
        {
            return Err(format!(
                "sentence {k} {:?} straddles two sentences",
                sentence.span
            ));
        }
    }
    for b in &after.soft {
        if !after
            .sentences
            .iter()
            .any(|s| s.span.start < b.at && b.at < s.span.end)
        {
            return Err(format!("soft boundary {b:?} outside every sentence"));
        }
    }
    Ok(())
}

/// What the review rows `sverka align` writes must satisfy (built by the
/// real row builder): one row per bead, numbered from 1, of the bead's kind
/// and flags, each side's text on one line, line ranges on exactly the
/// non-empty sides.
pub fn rows_breach(aligned: &sverka_pipeline::Aligned) -> Result<(), String> {
    let rows = sverka_pipeline::rows(aligned);
    if rows.len() != aligned.alignment.beads.len() {
        return Err(format!(
            "{} rows for {} beads",
            rows.len(),
            aligned.alignment.beads.len()
        ));
    }
    for (k, (row, bead)) in rows.iter().zip(&aligned.alignment.beads).enumerate() {
        if row.row != k + 1 || row.kind != bead.kind() || row.flags != bead.flags {
            return Err(format!("row {k} {row:?} does not match bead {bead:?}"));
        }
        for text in [&row.ru, &row.en] {
            if text.chars().any(sverka_core::is_line_break) {
                return Err(format!("row {k}: a cell holds a line break: {text:?}"));
            }
        }
        if row.ru_lines.is_some() == bead.src.is_empty()
            || row.en_lines.is_some() == bead.tgt.is_empty()
        {
            return Err(format!("row {k}: line ranges {row:?} for bead {bead:?}"));
        }
    }
    Ok(())
}

/// The sentences of each side in the alignment's moves; an error when a
/// move is empty on a side or a sentence is in two moves.
fn moved_sentences(
    alignment: &Alignment,
) -> Result<
    (
        std::collections::HashSet<usize>,
        std::collections::HashSet<usize>,
    ),
    String,
> {
    let (mut src, mut tgt) = (
        std::collections::HashSet::new(),
        std::collections::HashSet::new(),
    );
    for m in &alignment.moves {
        if m.src.is_empty() || m.tgt.is_empty() {
            return Err(format!("move {m:?} leaves a side empty"));
        }
        if !m.src.clone().all(|k| src.insert(k)) || !m.tgt.clone().all(|k| tgt.insert(k)) {
            return Err(format!("move {m:?} shares a sentence with another"));
        }
    }
    Ok((src, tgt))
}

/// What every alignment must satisfy: beads follow each other on both
/// sides and cover every sentence exactly once; each bead is of an allowed
/// type for `max_bead_side`, one sentence against up to
/// [`MAX_BEAD_SIDE`](sverka_align::MAX_BEAD_SIDE) (a run-on sentence the
/// cuts left whole, see [`sverka_align::run_on_room`]), or a 1-0 / 0-1
/// gap; confidence is finite and in
/// 0..=1; flags are sorted, unique, and `omission` / `addition` mark every
/// 1-0 / 0-1 gap but those of moved sentences, which `moved` marks (and
/// nothing else): each move pairs gap sentences of both sides, no sentence
/// in two moves; besides gaps they mark only a 1-1 bead beside such a gap
/// (the untranslated sentence may be its, see
/// [`sverka_align::signals::flag_unsure_gaps`]) or a bead with two or more
/// sentences on that side (one may be unsupported, see
/// [`sverka_align::signals::flag_unsure_merges`]); the length ratio is
/// finite and positive.
pub fn alignment_breach(
    alignment: &Alignment,
    n: usize,
    m: usize,
    max_bead_side: usize,
) -> Result<(), String> {
    let types = bead_types(max_bead_side);
    let moved = moved_sentences(alignment)?;
    let (mut i, mut j) = (0, 0);
    for (k, bead) in alignment.beads.iter().enumerate() {
        if bead.src.start != i || bead.tgt.start != j {
            return Err(format!(
                "bead {k} {bead:?} does not follow the previous one (at {i}, {j})"
            ));
        }
        let shape = (bead.src.len(), bead.tgt.len());
        let run_on =
            shape.0.min(shape.1) == 1 && shape.0.max(shape.1) <= sverka_align::MAX_BEAD_SIDE;
        if !(types.contains(&shape) || run_on || shape == (1, 0) || shape == (0, 1)) {
            return Err(format!("bead {k} {bead:?} is of no allowed type"));
        }
        if !(bead.confidence.is_finite() && (0.0..=1.0).contains(&bead.confidence)) {
            return Err(format!("bead {k} confidence {}", bead.confidence));
        }
        if bead.flags.windows(2).any(|w| w[0] >= w[1]) {
            return Err(format!("bead {k} flags not sorted and unique"));
        }
        let beside = |gap: (usize, usize)| {
            shape == (1, 1)
                && [k.checked_sub(1), Some(k + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|n| alignment.beads.get(n))
                    .any(|b| (b.src.len(), b.tgt.len()) == gap)
        };
        let is_moved = match shape {
            (1, 0) => moved.0.contains(&bead.src.start),
            (0, 1) => moved.1.contains(&bead.tgt.start),
            _ => false,
        };
        if is_moved != bead.flags.contains(&Flag::Moved) {
            return Err(format!(
                "bead {k} {bead:?}: `moved` does not match the moves {:?}",
                alignment.moves
            ));
        }
        for (flag, gap, side) in [
            (Flag::Omission, (1, 0), shape.0),
            (Flag::Addition, (0, 1), shape.1),
        ] {
            let flagged = bead.flags.contains(&flag);
            let allowed = shape == gap && !is_moved
                || (shape.0 > 0 && shape.1 > 0 && (side >= 2 || beside(gap)));
            if shape == gap && !is_moved && !flagged || flagged && !allowed {
                return Err(format!(
                    "bead {k} {bead:?}: {flag} does not fit its kind or place"
                ));
            }
        }
        i = bead.src.end;
        j = bead.tgt.end;
    }
    if (i, j) != (n, m) {
        return Err(format!(
            "beads end at ({i}, {j}) but the documents have ({n}, {m}) sentences"
        ));
    }
    let flagged_moved = alignment
        .beads
        .iter()
        .filter(|b| b.flags.contains(&Flag::Moved))
        .count();
    if flagged_moved != moved.0.len() + moved.1.len() {
        return Err(format!(
            "moves {:?} hold sentences that are not gaps flagged `moved`",
            alignment.moves
        ));
    }
    if !(alignment.length_ratio.is_finite() && alignment.length_ratio > 0.0) {
        return Err(format!("length ratio {}", alignment.length_ratio));
    }
    Ok(())
}

// ------------------------------------------------------------ review table

/// Reading an edited table: see [`read_table_breach`].
pub fn check_read_table(bytes: &[u8]) {
    if let Err(breach) = read_table_breach(bytes) {
        fail("read_table", breach, &String::from_utf8_lossy(bytes));
    }
}

/// What reading a table must satisfy: `Ok` or `Err`, never a panic; rows
/// numbered 1, 2, … in file order (blank rows skipped but counted), lines
/// non-decreasing; the reviewer's text, status and note survive being
/// written in every table format and read again; exports of what was read
/// account for every row.
pub fn read_table_breach(bytes: &[u8]) -> Result<(), String> {
    let Ok(rows) = read_table(bytes) else {
        return Ok(());
    };
    let mut last = (0usize, 0u64);
    for row in &rows {
        if row.data_row <= last.0 || row.line < last.1.max(1) {
            return Err(format!(
                "row {:?} line {} after row {} line {}",
                row.data_row, row.line, last.0, last.1
            ));
        }
        if let Some(sheet) = row.sheet_row {
            if sheet != row.data_row + 1 {
                return Err(format!(
                    "data row {} shown as spreadsheet row {sheet}",
                    row.data_row
                ));
            }
        }
        last = (row.data_row, row.line);
    }
    table_round_trip_breach(&rows)?;
    let meta = TableMeta::default();
    let total = |counts: Result<sverka_table::ExportCounts, sverka_table::TableError>| {
        counts
            .map(|c| c.total())
            .map_err(|e| format!("export of rows that were read failed: {e}"))
    };
    for count in [
        total(write_tmx(&rows, &meta, Side::Source, std::io::sink()))?,
        total(write_parallel(&rows, ParallelFormat::Tsv, std::io::sink()))?,
        total(write_parallel(
            &rows,
            ParallelFormat::Jsonl,
            std::io::sink(),
        ))?,
    ] {
        if count != rows.len() {
            return Err(format!(
                "an export accounted for {count} of {} rows",
                rows.len()
            ));
        }
    }
    Ok(())
}

/// The table formats a reviewer edits, with the CSV flavour.
pub const TABLE_FLAVOURS: [(Format, CsvFlavour); 4] = [
    (Format::Csv, CsvFlavour::Excel),
    (Format::Csv, CsvFlavour::Plain),
    (Format::Tsv, CsvFlavour::Plain),
    (Format::Jsonl, CsvFlavour::Plain),
];

/// Writes the text cells of `rows` (`ru`, `en`, `details`, `status`,
/// `note`) as a table in every format and reads each back: the same cells must come
/// back, row for row.
pub fn table_round_trip_breach(rows: &[ReviewedRow]) -> Result<(), String> {
    let table: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| Row {
            row: k + 1,
            ru: r.ru.clone(),
            en: r.en.clone(),
            kind: BeadKind::new(1, 1),
            confidence: 0.5,
            details: r.details.clone(),
            status: r.status,
            note: r.note.clone(),
            ..Row::default()
        })
        .collect();
    for (format, csv) in TABLE_FLAVOURS {
        let mut bytes = Vec::new();
        let options = WriteOptions {
            csv,
            srclang: Side::Source,
        };
        write_table(&table, &TableMeta::default(), format, &options, &mut bytes)
            .map_err(|e| format!("{format} {csv:?}: writing failed: {e}"))?;
        if table.is_empty() && format == Format::Jsonl {
            continue; // an empty JSONL file has no header to read
        }
        let back = read_table(&bytes[..])
            .map_err(|e| format!("{format} {csv:?}: reading what was written failed: {e}"))?;
        let cells = |r: &ReviewedRow| {
            (
                r.ru.clone(),
                r.en.clone(),
                r.details.clone(),
                r.status,
                r.note.clone(),
            )
        };
        let want: Vec<_> = rows.iter().map(cells).collect();
        let got: Vec<_> = back.iter().map(cells).collect();
        if want != got {
            return Err(format!(
                "{format} {csv:?}: cells changed on the way back:\n wrote {want:?}\n read  {got:?}"
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- lexicon

/// A compiled-lexicon cache file, damaged any way (counts, offsets, ids,
/// lengths): read without a panic or a huge allocation, and when it reads,
/// writing it again gives the same file, which reads back to the same
/// lexicon. The bytes are the file's body: the fingerprint line and a
/// matching checksum are put in front, so the body's own checks are what
/// is tried (bytes taken as a whole file are refused by the checksum).
pub fn check_lexicon_cache(bytes: &[u8]) {
    use sverka_lexicon::cache;
    const FINGERPRINT: &str = "fuzz";
    // Taken as a whole file, the bytes read or not, without a panic.
    let _ = cache::parse(bytes, FINGERPRINT);
    let mut file = format!("{FINGERPRINT}\n").into_bytes();
    file.extend_from_slice(&cache::checksum(bytes).to_le_bytes());
    file.extend_from_slice(bytes);
    let Some(lexicon) = cache::parse(&file, FINGERPRINT) else {
        return;
    };
    let mut written = Vec::new();
    cache::write_to(&mut written, FINGERPRINT, &lexicon).expect("writing to memory");
    assert_eq!(written, file, "the cache writes back as read");
    let again = cache::parse(&written, FINGERPRINT).expect("a written cache reads back");
    assert_eq!(again.describe(), lexicon.describe());
    assert_eq!(
        again.stem_pairs().collect::<Vec<_>>(),
        lexicon.stem_pairs().collect::<Vec<_>>()
    );
    // Opened again to take pairs, it keeps them all.
    let mut opened = lexicon.clone();
    opened.add_stems(&["fuzz".into()], &["fuzz".into()]);
    assert!(opened.len() >= lexicon.len());
}

/// The dictionary readers on arbitrary bytes, cut at `0xFF` bytes (never in
/// UTF-8) into a dictd index, its data, a TSV glossary and a compiled cache
/// ([`check_lexicon_cache`]). Reading gives entries or an error with a
/// message, never a panic; entries lie inside the data; the lexicon built
/// from them gives one key list per sentence and survives the replay its
/// cache relies on.
pub fn check_lexicon(bytes: &[u8]) {
    use std::path::Path;
    use sverka_align::TranslationEvidence as _;
    use sverka_lexicon::{dictd, glossary, Lexicon};

    // 0xFF never occurs in UTF-8, so the glossary part (UTF-8 or skipped)
    // reads as it did before the cache part was added after it.
    let mut parts = bytes.splitn(4, |&b| b == 0xFF);
    let index = parts.next().unwrap_or_default();
    let data = parts.next().unwrap_or_default();
    let tsv = parts.next().unwrap_or_default();
    let cache = parts.next().unwrap_or_default();
    check_lexicon_cache(cache);
    match dictd::parse(index, data, Path::new("fuzz.index"), Path::new("fuzz.dict")) {
        Ok(entries) => {
            let total: usize = entries.iter().map(|e| e.body.len()).sum();
            // Lossy decoding may widen a bad byte to three (U+FFFD).
            assert!(
                entries.iter().all(|e| e.body.len() <= 3 * data.len()),
                "an entry is longer than the data ({total} bytes in all)"
            );
            let lexicon = dictd::from_entries(&entries, "fuzz");
            check_lexicon_use(&lexicon, data);
        }
        Err(err) => assert!(!err.to_string().is_empty(), "an error without a message"),
    }
    if let Ok(text) = std::str::from_utf8(tsv) {
        match glossary::parse(text) {
            Ok(lexicon) => check_lexicon_use(&lexicon, tsv),
            Err(message) => assert!(message.starts_with("line "), "{message}"),
        }
    }

    fn check_lexicon_use(lexicon: &Lexicon, text: &[u8]) {
        let text = String::from_utf8_lossy(text);
        let words: Vec<String> = tokenize(&text)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.norm)
            .collect();
        let sentence: Vec<&str> = words.iter().map(String::as_str).collect();
        for lang in [Lang::Ru, Lang::En, Lang::Other("de".into())] {
            let keys = lexicon.sentence_keys(&lang, &[sentence.clone(), Vec::new()]);
            assert_eq!(keys.len(), 2, "one key list per sentence");
            assert!(keys[1].is_empty(), "an empty sentence has no keys");
        }
        let mut replayed = Lexicon::new(Lang::Ru, Lang::En);
        replayed.extend(lexicon).expect("same languages");
        assert_eq!(
            replayed.len(),
            lexicon.len(),
            "replaying the pairs lost some"
        );
        assert_eq!(
            replayed.sentence_keys(&Lang::Ru, std::slice::from_ref(&sentence)),
            lexicon.sentence_keys(&Lang::Ru, std::slice::from_ref(&sentence)),
            "replayed lexicon gives other keys"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(src: Range<usize>, tgt: Range<usize>, flags: &[Flag]) -> sverka_align::Bead {
        sverka_align::Bead {
            src,
            tgt,
            confidence: 0.5,
            flags: flags.to_vec(),
            details: String::new(),
            evidence: Default::default(),
        }
    }

    fn breach(beads: Vec<sverka_align::Bead>) -> Result<(), String> {
        let (n, m) = beads.last().map_or((0, 0), |b| (b.src.end, b.tgt.end));
        let alignment = Alignment {
            beads,
            length_ratio: 1.0,
            lexicon_in_use: false,
            moves: Vec::new(),
        };
        alignment_breach(&alignment, n, m, 3)
    }

    #[test]
    fn omission_flags_go_on_gaps_and_the_rows_that_may_hide_one() {
        use Flag::{Addition, Omission};
        // Every gap carries its flag.
        assert!(breach(vec![bead(0..1, 0..1, &[]), bead(1..2, 1..1, &[])]).is_err());
        assert!(breach(vec![bead(0..1, 0..1, &[]), bead(1..2, 1..1, &[Addition])]).is_err());
        // A 1-1 row beside a gap of that side, unsure which sentence it is.
        assert!(breach(vec![
            bead(0..1, 0..1, &[Omission]),
            bead(1..2, 1..1, &[Omission])
        ])
        .is_ok());
        assert!(breach(vec![
            bead(0..1, 0..1, &[Addition]),
            bead(1..2, 1..1, &[Omission])
        ])
        .is_err());
        // Not a 1-1 row away from any gap ...
        assert!(breach(vec![bead(0..1, 0..1, &[Omission]), bead(1..2, 1..2, &[])]).is_err());
        // ... but a merged row with two sentences on the flagged side.
        assert!(breach(vec![bead(0..2, 0..1, &[Omission]), bead(2..3, 1..2, &[])]).is_ok());
        assert!(breach(vec![bead(0..2, 0..1, &[Addition]), bead(2..3, 1..2, &[])]).is_err());
        assert!(breach(vec![bead(0..1, 0..2, &[Addition]), bead(1..2, 2..3, &[])]).is_ok());
    }
}
