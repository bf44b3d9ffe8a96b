//! WMT21 documents re-laid out the way our users' text arrives: web copy
//! with headings glued to the text, chat messages, run-on transcript
//! sentences, unrelated inserted lines, and all of them mixed. The gold
//! stays over the original segments (plus `1-0` / `0-1` beads for inserted
//! lines), so a variant is scored end to end like the `wmt21` suite: the
//! segmenter and the aligner together must recover the segments.
//!
//! Every choice comes from splitmix64 seeded with a constant, the variant
//! and the document name: the suites are the same on every machine.

use std::path::Path;

use super::wmt::{fnv1a, wmt21_docs, SplitMix64, WmtDoc, WmtPair};
use super::{DataError, SegmentedText};
use crate::beads::{sort_beads, Bead};
use crate::Side;

/// A way of re-laying out documents (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// One side as copied from a web page: a paragraph per line with no
    /// blank lines between them, the title without its full stop (glued to
    /// the first paragraph in every other document), short one-sentence
    /// paragraphs (subheadings) without their full stop.
    Layout,
    /// Both sides as chat messages: a message per line of one to three
    /// sentences, a third of the sentences inside a message starting in
    /// lower case, half of the messages without their final full stop.
    Chat,
    /// One side as a speech transcript: runs of two to five consecutive
    /// sentences of a paragraph joined with commas or "and" / «и» into one
    /// sentence.
    RunOn,
    /// One side with unrelated lines (sentences of other documents in the
    /// same language) inserted as paragraphs of their own, about one per
    /// twelve sentences.
    Insertion,
    /// Insertions, run-on sentences, web layout and lower-case sentence
    /// starts together, each at a lower rate.
    Mixed,
    /// One side with sentences a translator moved: about one sentence in
    /// fifteen (of those in a 1-1 gold bead) taken 3 to 8 sentences
    /// further on, into the paragraph there; its gold bead crosses.
    Moved,
    /// One side as speech recognition gives it: lower case, no
    /// punctuation, every sentence on one line.
    Asr,
    /// One side as speech recognition captions: [`Variant::Asr`] wrapped
    /// into lines of at most 42 characters, a line break wherever the next
    /// word would not fit, inside a sentence or between two.
    Captions,
}

impl Variant {
    /// Every variant, in suite order.
    pub const ALL: [Variant; 8] = [
        Variant::Layout,
        Variant::Chat,
        Variant::RunOn,
        Variant::Insertion,
        Variant::Mixed,
        Variant::Moved,
        Variant::Asr,
        Variant::Captions,
    ];

    /// The variant's name (`run-on`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Layout => "layout",
            Variant::Chat => "chat",
            Variant::RunOn => "run-on",
            Variant::Insertion => "insertion",
            Variant::Mixed => "mixed",
            Variant::Moved => "moved",
            Variant::Asr => "asr",
            Variant::Captions => "captions",
        }
    }

    fn seed(self) -> u64 {
        0x7a41_a7e0_2021_0000 + self as u64
    }
}

/// What comes before a segment in the rebuilt text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Before {
    /// Nothing (the first segment).
    Start,
    /// A space, inside a paragraph.
    Space,
    /// A line break.
    Line,
    /// A blank line: a new paragraph.
    Blank,
    /// A connector that belongs to no segment (", and "), joining two
    /// segments into one sentence.
    Join(&'static str),
}

/// One segment of a side being re-laid out.
#[derive(Debug, Clone)]
struct Piece {
    before: Before,
    text: String,
}

/// A side as pieces, the unit every transformation works on.
fn pieces(side: &SegmentedText) -> Vec<Piece> {
    (0..side.len())
        .map(|i| Piece {
            before: match i {
                0 => Before::Start,
                _ if side.paragraphs[i] == side.paragraphs[i - 1] => Before::Space,
                _ => Before::Blank,
            },
            text: side.segment(i).to_string(),
        })
        .collect()
}

/// The text of `pieces`, with each piece's span; paragraph numbers follow
/// blank lines (a line break alone, as in web copy, is no new paragraph
/// for the record; the segmenter judges it on its own).
fn render(pieces: &[Piece]) -> SegmentedText {
    let mut out = SegmentedText::default();
    let mut para = 0;
    for piece in pieces {
        match &piece.before {
            Before::Start => {}
            Before::Space => out.text.push(' '),
            Before::Line => out.text.push('\n'),
            Before::Blank => {
                out.text.push_str("\n\n");
                para += 1;
            }
            Before::Join(connector) => out.text.push_str(connector),
        }
        let start = out.text.len();
        out.text.push_str(&piece.text);
        out.spans.push(start..out.text.len());
        out.paragraphs.push(para);
    }
    out
}

/// The piece without its final full stop, when it ends with exactly one
/// (an ellipsis, a question or a quote stays).
fn without_full_stop(text: &str) -> Option<String> {
    let head = text.strip_suffix('.')?;
    (!head.ends_with('.') && !head.trim_end().is_empty()).then(|| head.trim_end().to_string())
}

/// The piece with its first letter in lower case, unless that word is
/// written in capitals (an acronym keeps them).
fn lower_first(text: &str) -> Option<String> {
    let (at, first) = text.char_indices().find(|(_, c)| c.is_alphabetic())?;
    let second = text[at + first.len_utf8()..].chars().next();
    if !first.is_uppercase() || second.is_some_and(|c| c.is_uppercase()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.extend(first.to_lowercase());
    out.push_str(&text[at + first.len_utf8()..]);
    Some(out)
}

/// Whether `rng` says yes with probability `percent` / 100.
fn chance(rng: &mut SplitMix64, percent: usize) -> bool {
    rng.below(100) < percent
}

/// Web copy: no blank lines, the title without its full stop and glued
/// to the text (or on its own line), short one-sentence paragraphs
/// without their full stop.
fn layout(pieces: &mut [Piece], glue_title: bool) {
    let n = pieces.len();
    for i in 0..n {
        let alone = pieces[i].before != Before::Space
            && pieces
                .get(i + 1)
                .is_none_or(|next| next.before != Before::Space);
        let short = pieces[i].text.split_whitespace().count() <= 12;
        if (i == 0 || (alone && short)) && i + 1 < n {
            if let Some(text) = without_full_stop(&pieces[i].text) {
                pieces[i].text = text;
            }
        }
        if pieces[i].before == Before::Blank {
            pieces[i].before = Before::Line;
        }
    }
    if glue_title && n > 1 && pieces[1].before != Before::Space {
        pieces[1].before = Before::Space;
    }
}

/// Chat: a message per line of one to three sentences; sentences inside a
/// message start in lower case at `lower` percent, messages lose their
/// final full stop at `bare_end` percent.
fn chat(pieces: &mut [Piece], rng: &mut SplitMix64, lower: usize, bare_end: usize) {
    let mut in_message = 0;
    let mut message_len = 1 + rng.below(3);
    for piece in pieces.iter_mut() {
        match piece.before {
            Before::Start => in_message = 1,
            Before::Space if in_message < message_len => in_message += 1,
            _ => {
                piece.before = Before::Line;
                in_message = 1;
                message_len = 1 + rng.below(3);
            }
        }
    }
    for i in 0..pieces.len() {
        if pieces[i].before == Before::Space && chance(rng, lower) {
            if let Some(text) = lower_first(&pieces[i].text) {
                pieces[i].text = text;
            }
        }
        let ends_message = pieces
            .get(i + 1)
            .is_none_or(|next| next.before == Before::Line);
        if ends_message && chance(rng, bare_end) {
            if let Some(text) = without_full_stop(&pieces[i].text) {
                pieces[i].text = text;
            }
        }
    }
}

/// Speech recognition output: each piece in lower case without
/// punctuation (apostrophes and hyphens inside words stay), all on one
/// line.
fn asr(pieces: &mut [Piece]) {
    for (i, piece) in pieces.iter_mut().enumerate() {
        let chars: Vec<char> = piece.text.chars().collect();
        let kept: String = chars
            .iter()
            .enumerate()
            .map(|(k, &c)| {
                let inside = |c: char| {
                    k > 0
                        && k + 1 < chars.len()
                        && chars[k - 1].is_alphanumeric()
                        && chars[k + 1].is_alphanumeric()
                        && matches!(c, '\'' | '’' | '-')
                };
                if c.is_alphanumeric() || c.is_whitespace() || inside(c) {
                    c
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .to_lowercase();
        piece.text = kept.split_whitespace().collect::<Vec<_>>().join(" ");
        if i > 0 {
            piece.before = Before::Space;
        }
    }
}

/// Characters a caption line holds at most (a common width of subtitle
/// and caption lines).
const CAPTION_WIDTH: usize = 42;

/// Wraps the words of `pieces` (one space between words, as [`asr`] leaves
/// them) into lines of at most `width` characters: a line break before
/// each word that would not fit, inside a piece or before it. A word
/// longer than a line has a line of its own.
fn wrap(pieces: &mut [Piece], width: usize) {
    let mut column = 0;
    for piece in pieces.iter_mut() {
        let mut text = String::with_capacity(piece.text.len());
        for (k, word) in piece.text.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let len = word.chars().count();
            if column > 0 {
                let fits = column + 1 + len <= width;
                let line = if fits { ' ' } else { '\n' };
                column = if fits { column + 1 } else { 0 };
                if k == 0 {
                    piece.before = if fits { Before::Space } else { Before::Line };
                } else {
                    text.push(line);
                }
            }
            text.push_str(word);
            column += len;
        }
        piece.text = text;
    }
}

/// Run-on sentences: at `percent` per sentence, a run of 2–5 sentences of
/// the same paragraph starting there becomes one sentence.
fn run_on(pieces: &mut [Piece], rng: &mut SplitMix64, percent: usize, russian: bool) {
    let connectors: [&'static str; 3] = if russian {
        [", ", ", и ", ", а "]
    } else {
        [", ", ", and ", ", so "]
    };
    let mut i = 0;
    while i < pieces.len() {
        if !chance(rng, percent) {
            i += 1;
            continue;
        }
        let want = 2 + rng.below(4);
        let mut end = i + 1;
        while end < pieces.len() && end - i < want && pieces[end].before == Before::Space {
            end += 1;
        }
        for k in i + 1..end {
            let (Some(head), Some(tail)) = (
                without_full_stop(&pieces[k - 1].text),
                lower_first(&pieces[k].text),
            ) else {
                continue;
            };
            pieces[k - 1].text = head;
            pieces[k].text = tail;
            pieces[k].before = Before::Join(connectors[rng.below(connectors.len())]);
        }
        i = end;
    }
}

/// Inserts lines from `pool` as paragraphs of their own, about one per
/// `every` pieces; returns the indices (in the new numbering) of the
/// inserted pieces.
fn insert(
    pieces: &mut Vec<Piece>,
    rng: &mut SplitMix64,
    pool: &[&str],
    every: usize,
) -> Vec<usize> {
    if pool.is_empty() || pieces.len() < 2 {
        return Vec::new();
    }
    let count = (pieces.len() / every).max(1);
    // Paragraph starts after the first piece: an inserted line stands alone.
    let starts: Vec<usize> = (1..pieces.len())
        .filter(|&i| {
            pieces[i].before != Before::Space && !matches!(pieces[i].before, Before::Join(_))
        })
        .collect();
    let mut chosen: Vec<usize> = (0..count)
        .map(|_| match starts.is_empty() {
            true => pieces.len(),
            false => starts[rng.below(starts.len())],
        })
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    let mut inserted = Vec::new();
    for (shift, &at) in chosen.iter().enumerate() {
        let line = pool[rng.below(pool.len())];
        let before = pieces
            .get(at + shift)
            .map_or(Before::Blank, |p| p.before.clone());
        pieces.insert(
            at + shift,
            Piece {
                before,
                text: line.to_string(),
            },
        );
        if let Some(next) = pieces.get_mut(at + shift + 1) {
            next.before = Before::Blank;
        }
        inserted.push(at + shift);
    }
    inserted
}

/// The gold with sentences inserted on `side` at `inserted` (ascending,
/// in the new numbering): each gets a bead of its own, later indices move.
fn gold_with_insertions(gold: &[Bead], side: Side, inserted: &[usize]) -> Vec<Bead> {
    let shift = |i: usize| {
        let mut new = i;
        for &at in inserted {
            if at <= new {
                new += 1;
            }
        }
        new
    };
    let mut out: Vec<Bead> = gold
        .iter()
        .map(|b| {
            let mut b = b.clone();
            for i in b.side_mut(side).iter_mut() {
                *i = shift(*i);
            }
            b
        })
        .collect();
    for &at in inserted {
        out.push(match side {
            Side::Source => Bead::new([at], []),
            Side::Target => Bead::new([], [at]),
        });
    }
    sort_beads(&mut out);
    out
}

/// Moves about one piece in `every` (of those alone on `side` in a 1-1
/// bead of `gold`) 3 to 8 pieces further on, into the paragraph it lands
/// in, and renumbers `gold` to match. A moved piece's paragraph start (or
/// the text's) passes to the piece after it.
fn move_sentences(
    pieces: &mut Vec<Piece>,
    rng: &mut SplitMix64,
    gold: &mut Vec<Bead>,
    side: Side,
    every: usize,
) {
    for _ in 0..pieces.len() / every {
        let movable: Vec<usize> = gold
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
            .map(|b| b.side(side)[0])
            .filter(|&k| k + 8 < pieces.len())
            .collect();
        if movable.is_empty() {
            return;
        }
        let from = movable[rng.below(movable.len())];
        let to = from + 3 + rng.below(6);
        let mut moved = pieces.remove(from);
        if moved.before != Before::Space {
            pieces[from].before = std::mem::replace(&mut moved.before, Before::Space);
        }
        pieces.insert(to, moved);
        let renumbered = |k: usize| match k {
            _ if k == from => to,
            _ if from < k && k <= to => k - 1,
            _ => k,
        };
        for bead in gold.iter_mut() {
            for k in bead.side_mut(side).iter_mut() {
                *k = renumbered(*k);
            }
        }
    }
    sort_beads(gold);
}

/// `doc` re-laid out as `variant` says; `pool` holds lines of other
/// documents to insert, per side (source, target).
fn apply(doc: &WmtDoc, ordinal: usize, variant: Variant, pool: [&[&str]; 2]) -> WmtDoc {
    let mut rng = SplitMix64(variant.seed() ^ fnv1a(&doc.name));
    let mut sides = [pieces(&doc.source), pieces(&doc.target)];
    let russian = [doc.russian == Side::Source, doc.russian == Side::Target];
    // One-sided variants alternate sides over the documents.
    let one = ordinal % 2;
    let mut gold = doc.gold.clone();
    let mut insert_on = |sides: &mut [Vec<Piece>; 2], rng: &mut SplitMix64, k: usize, every| {
        let inserted = insert(&mut sides[k], rng, pool[k], every);
        let side = [Side::Source, Side::Target][k];
        gold = gold_with_insertions(&gold, side, &inserted);
    };
    match variant {
        Variant::Layout => layout(&mut sides[one], ordinal % 4 < 2),
        Variant::Chat => {
            for side in &mut sides {
                chat(side, &mut rng, 35, 50);
            }
        }
        Variant::RunOn => run_on(&mut sides[one], &mut rng, 30, russian[one]),
        Variant::Insertion => insert_on(&mut sides, &mut rng, one, 12),
        Variant::Mixed => {
            insert_on(&mut sides, &mut rng, one, 25);
            run_on(&mut sides[1 - one], &mut rng, 12, russian[1 - one]);
            layout(&mut sides[one], ordinal % 4 < 2);
            chat(&mut sides[1 - one], &mut rng, 15, 25);
        }
        Variant::Asr => asr(&mut sides[one]),
        Variant::Captions => {
            asr(&mut sides[one]);
            wrap(&mut sides[one], CAPTION_WIDTH);
        }
        Variant::Moved => {
            let side = [Side::Source, Side::Target][one];
            move_sentences(&mut sides[one], &mut rng, &mut gold, side, 15);
        }
    }
    let mut out = doc.clone();
    out.source = render(&sides[0]);
    out.target = render(&sides[1]);
    out.gold = gold;
    out
}

/// The WMT21 documents of one folder re-laid out as `variant` says.
pub fn wmt21_variant_docs(
    root: &Path,
    pair: WmtPair,
    variant: Variant,
) -> Result<Vec<WmtDoc>, DataError> {
    let docs = wmt21_docs(root, pair)?;
    // Inserted lines come from other documents: the segments of every
    // document, per side, and a document never draws from itself.
    Ok(docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let other = &docs[(i + docs.len() / 2) % docs.len()];
            let source: Vec<&str> = other.source.segments();
            let target: Vec<&str> = other.target.segments();
            let pool: [&[&str]; 2] = if other.name == doc.name {
                [&[], &[]]
            } else {
                [&source, &target]
            };
            apply(doc, i, variant, pool)
        })
        .collect())
}

/// [`wmt21_variant_docs`] with [`Variant::Layout`].
pub fn wmt21_layout_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Layout)
}

/// [`wmt21_variant_docs`] with [`Variant::Chat`].
pub fn wmt21_chat_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Chat)
}

/// [`wmt21_variant_docs`] with [`Variant::RunOn`].
pub fn wmt21_run_on_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::RunOn)
}

/// [`wmt21_variant_docs`] with [`Variant::Insertion`].
pub fn wmt21_insertion_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Insertion)
}

/// [`wmt21_variant_docs`] with [`Variant::Moved`].
pub fn wmt21_moved_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Moved)
}

/// [`wmt21_variant_docs`] with [`Variant::Asr`].
pub fn wmt21_asr_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Asr)
}

/// [`wmt21_variant_docs`] with [`Variant::Captions`].
pub fn wmt21_captions_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Captions)
}

/// [`wmt21_variant_docs`] with [`Variant::Mixed`].
pub fn wmt21_mixed_docs(root: &Path, pair: WmtPair) -> Result<Vec<WmtDoc>, DataError> {
    wmt21_variant_docs(root, pair, Variant::Mixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(segments: &[&str], paragraphs: &[usize]) -> Vec<Piece> {
        pieces(&SegmentedText::build(segments, paragraphs))
    }

    #[test]
    fn run_on_joins_sentences_and_keeps_each_segment_span() {
        let mut p = side(&["One is here.", "Two is there.", "Three."], &[0, 0, 0]);
        let mut rng = SplitMix64(1);
        run_on(&mut p, &mut rng, 100, false);
        let t = render(&p);
        assert!(t.text.starts_with("One is here, "), "{}", t.text);
        assert_eq!(t.segment(0), "One is here");
        assert!(t.segment(1).starts_with("two is there"));
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn captions_wrap_words_across_sentences_and_keep_each_segment_span() {
        let mut p = side(
            &[
                "The minister met his counterpart in Minsk on Friday.",
                "They spoke about trade.",
                "Nothing was signed.",
            ],
            &[0, 0, 1],
        );
        asr(&mut p);
        wrap(&mut p, 20);
        let t = render(&p);
        assert_eq!(
            t.text,
            "the minister met his\ncounterpart in minsk\non friday they spoke\nabout trade nothing\nwas signed"
        );
        assert_eq!(t.segment(1), "they spoke\nabout trade");
        assert_eq!(t.segment(2), "nothing\nwas signed");
        assert!(t.text.lines().all(|l| l.chars().count() <= 20));
    }

    #[test]
    fn layout_glues_the_title_and_drops_blank_lines() {
        let mut p = side(
            &["A title.", "Body one.", "Body two.", "Sub."],
            &[0, 1, 1, 2],
        );
        layout(&mut p, true);
        let t = render(&p);
        assert_eq!(t.text, "A title Body one. Body two.\nSub.");
        assert_eq!(t.segment(0), "A title");
    }

    #[test]
    fn acronyms_and_ellipses_stay() {
        assert_eq!(lower_first("NATO said."), None);
        assert_eq!(lower_first("«Он пришёл»"), Some("«он пришёл»".to_string()));
        assert_eq!(without_full_stop("Wait..."), None);
        assert_eq!(without_full_stop("Done."), Some("Done".to_string()));
    }

    #[test]
    fn a_moved_sentence_lands_further_on_and_its_gold_bead_crosses() {
        let segments: Vec<String> = (0..15).map(|k| format!("Sentence {k}.")).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let mut p = side(&segments, &[0; 15]);
        let mut gold: Vec<Bead> = (0..15).map(|k| Bead::new([k], [k])).collect();
        move_sentences(&mut p, &mut SplitMix64(7), &mut gold, Side::Target, 15);
        let t = render(&p);
        assert_eq!(t.len(), 15);
        // Each gold bead still pairs a source sentence with the same text.
        for b in &gold {
            assert_eq!(t.segment(b.tgt[0]), format!("Sentence {}.", b.src[0]));
        }
        let moved: Vec<&Bead> = gold.iter().filter(|b| b.src[0] != b.tgt[0]).collect();
        let forward = moved
            .iter()
            .find(|b| b.tgt[0] > b.src[0])
            .expect("one moved forward");
        assert!(
            (3..=8).contains(&(forward.tgt[0] - forward.src[0])),
            "{gold:?}"
        );
    }

    #[test]
    fn insertions_get_gold_beads_of_their_own() {
        let gold = vec![Bead::new([0], [0]), Bead::new([1], [1])];
        let out = gold_with_insertions(&gold, Side::Target, &[1]);
        assert_eq!(
            out,
            vec![Bead::new([0], [0]), Bead::new([], [1]), Bead::new([1], [2])]
        );
        let mut p = side(&["A.", "B.", "C."], &[0, 1, 2]);
        let mut rng = SplitMix64(3);
        let inserted = insert(&mut p, &mut rng, &["Other."], 1);
        let t = render(&p);
        assert_eq!(t.len(), 3 + inserted.len());
        for at in inserted {
            assert_eq!(t.segment(at), "Other.");
            assert_ne!(p[at].before, Before::Space);
        }
    }
}
