//! WMT21 en↔ru documents (both directions, reference A) and the excerpt
//! variant with a passage removed from one side.

use std::fs;
use std::ops::Range;
use std::path::Path;

use super::{format_err, read_beads, read_lines, DataError, SegmentedText};
use crate::beads::{remove_sentences, validate, Bead, Side};

/// Direction of a WMT21 document folder; the first language is the one the
/// documents were written in (the source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WmtPair {
    /// `docs-en-ru`: English originals, Russian reference A.
    EnRu,
    /// `docs-ru-en`: Russian originals, English reference A.
    RuEn,
}

impl WmtPair {
    /// Both directions.
    pub const ALL: [WmtPair; 2] = [WmtPair::EnRu, WmtPair::RuEn];

    /// Folder name under `wmt21-en-ru/`.
    pub fn dir_name(self) -> &'static str {
        match self {
            WmtPair::EnRu => "docs-en-ru",
            WmtPair::RuEn => "docs-ru-en",
        }
    }

    /// Language code of the source (original) side.
    pub fn source_lang(self) -> &'static str {
        match self {
            WmtPair::EnRu => "en",
            WmtPair::RuEn => "ru",
        }
    }

    /// Language code of the target (translation) side.
    pub fn target_lang(self) -> &'static str {
        match self {
            WmtPair::EnRu => "ru",
            WmtPair::RuEn => "en",
        }
    }

    /// Which side is Russian.
    pub fn russian(self) -> Side {
        match self {
            WmtPair::EnRu => Side::Target,
            WmtPair::RuEn => Side::Source,
        }
    }
}

/// A passage removed from one side of a document (see
/// [`wmt21_excerpt_docs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The side that lost the passage.
    pub side: Side,
    /// Indices of the removed segments in the full document.
    pub removed: Range<usize>,
}

/// One WMT21 document as raw text on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WmtDoc {
    /// Document id, e.g. `abcnews.420102` (ids may contain dots).
    pub name: String,
    /// Which folder it came from.
    pub pair: WmtPair,
    /// The original (`NAME.en` or `NAME.ru`), rebuilt with paragraphs from
    /// `NAME.paras`.
    pub source: SegmentedText,
    /// Reference A (`NAME.ru.refA` or `NAME.en.refA`), with the source's
    /// paragraph structure.
    pub target: SegmentedText,
    /// Gold beads over segment indices (1-1 by construction, plus `1-0` /
    /// `0-1` in excerpt documents).
    pub gold: Vec<Bead>,
    /// Which side is Russian.
    pub russian: Side,
    /// True if the document also has a reference B (`NAME.*.refB`): the
    /// official WMT21 test set.
    pub has_ref_b: bool,
    /// The passage removed, in excerpt documents.
    pub excerpt: Option<Excerpt>,
}

/// Ids of the documents in one WMT21 folder, sorted (byte order).
pub fn wmt21_doc_names(root: &Path, pair: WmtPair) -> Result<Vec<String>, DataError> {
    let dir = root.join("wmt21-en-ru").join(pair.dir_name());
    let rd = fs::read_dir(&dir).map_err(|error| DataError::Io {
        path: dir.clone(),
        error,
    })?;
    let mut names = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|error| DataError::Io {
            path: dir.clone(),
            error,
        })?;
        let file = entry.file_name();
        if let Some(n) = file.to_str().and_then(|f| f.strip_suffix(".gold")) {
            names.push(n.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// Loads one WMT21 document.
pub fn wmt21_doc(root: &Path, pair: WmtPair, name: &str) -> Result<WmtDoc, DataError> {
    let dir = root.join("wmt21-en-ru").join(pair.dir_name());
    let (sl, tl) = (pair.source_lang(), pair.target_lang());
    let src_path = dir.join(format!("{name}.{sl}"));
    let tgt_path = dir.join(format!("{name}.{tl}.refA"));
    let paras_path = dir.join(format!("{name}.paras"));
    let gold_path = dir.join(format!("{name}.gold"));
    let src = read_lines(&src_path)?;
    let tgt = read_lines(&tgt_path)?;
    let paras: Vec<usize> = read_lines(&paras_path)?
        .iter()
        .enumerate()
        .map(|(i, l)| {
            l.trim().parse().map_err(|_| {
                format_err(
                    &paras_path,
                    format!("line {}: {l:?} is not a paragraph index", i + 1),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    if tgt.len() != src.len() {
        return Err(format_err(
            &tgt_path,
            format!("{} lines, but the source has {}", tgt.len(), src.len()),
        ));
    }
    if paras.len() != src.len() {
        return Err(format_err(
            &paras_path,
            format!("{} lines, but the source has {}", paras.len(), src.len()),
        ));
    }
    let gold = read_beads(&gold_path)?;
    validate(&gold, src.len(), tgt.len()).map_err(|e| format_err(&gold_path, e.to_string()))?;
    Ok(WmtDoc {
        name: name.to_string(),
        pair,
        source: SegmentedText::build(&src, &paras),
        target: SegmentedText::build(&tgt, &paras),
        gold,
        russian: pair.russian(),
        has_ref_b: dir.join(format!("{name}.{tl}.refB")).is_file(),
        excerpt: None,
    })
}

/// Loads every document of one WMT21 folder, sorted by id.
pub fn wmt21_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_doc_names(root, pair)?
        .iter()
        .map(|n| wmt21_doc(root, pair, n))
        .collect()
}

/// splitmix64: a small, well-mixed deterministic generator.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Seed of the excerpt generator; changing it changes the excerpt suite.
const EXCERPT_SEED: u64 = 0x5eed_c0de_2021_0001;

/// FNV-1a of a document name: seeds that stay put across machines.
pub(crate) fn fnv1a(name: &str) -> u64 {
    sverka_core::fnv1a(name.as_bytes())
}

/// The passage [`wmt21_excerpt_docs`] removes from the `ordinal`-th
/// modified document (0, 1, 2, …) called `name` with `n_segments` segments.
///
/// Even ordinals cut the target (the translation is an excerpt of the
/// original), odd ones the source (the translation carries extra text). The
/// passage is 3–8 consecutive segments, at least one segment of the side
/// is kept, and the start and length come from splitmix64 seeded with a
/// constant and the document name. Documents with fewer than 4 segments
/// get no excerpt.
pub fn excerpt_plan(name: &str, ordinal: usize, n_segments: usize) -> Option<Excerpt> {
    let max_len = n_segments.saturating_sub(1).min(8);
    if max_len < 3 {
        return None;
    }
    let mut rng = SplitMix64(EXCERPT_SEED ^ fnv1a(name));
    let len = 3 + rng.below(max_len - 3 + 1);
    let start = rng.below(n_segments - len + 1);
    let side = match ordinal % 2 {
        0 => Side::Target,
        _ => Side::Source,
    };
    Some(Excerpt {
        side,
        removed: start..start + len,
    })
}

/// A copy of `doc` without the segments `excerpt.removed` on
/// `excerpt.side`: that side's text is rebuilt without them (a paragraph
/// left with no segment disappears) and the gold loses them, their partners
/// becoming `1-0` / `0-1` beads, later indices renumbered.
///
/// # Panics
///
/// If the range is past the end of the side.
pub fn apply_excerpt(doc: &WmtDoc, excerpt: Excerpt) -> WmtDoc {
    let side_text = match excerpt.side {
        Side::Source => &doc.source,
        Side::Target => &doc.target,
    };
    assert!(
        excerpt.removed.end <= side_text.len(),
        "excerpt past the end"
    );
    let keep = |i: &usize| !excerpt.removed.contains(i);
    let segs: Vec<&str> = (0..side_text.len())
        .filter(keep)
        .map(|i| side_text.segment(i))
        .collect();
    let paras: Vec<usize> = (0..side_text.len())
        .filter(keep)
        .map(|i| side_text.paragraphs[i])
        .collect();
    let rebuilt = SegmentedText::build(&segs, &paras);
    let mut out = doc.clone();
    match excerpt.side {
        Side::Source => out.source = rebuilt,
        Side::Target => out.target = rebuilt,
    }
    out.gold = remove_sentences(&doc.gold, excerpt.side, excerpt.removed.clone());
    out.excerpt = Some(excerpt);
    out
}

/// The WMT21 documents of one folder where every fifth document (index
/// `i % 5 == 4` in sorted order) lacks a passage of 3–8 consecutive
/// segments on one side, alternating sides (see [`excerpt_plan`]): a test
/// of long omissions. The other documents are unchanged.
pub fn wmt21_excerpt_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    Ok(wmt21_docs(root, pair)?
        .into_iter()
        .enumerate()
        .map(|(i, doc)| {
            if i % 5 != 4 {
                return doc;
            }
            match excerpt_plan(&doc.name, i / 5, doc.source.len()) {
                Some(e) => apply_excerpt(&doc, e),
                None => doc,
            }
        })
        .collect())
}
