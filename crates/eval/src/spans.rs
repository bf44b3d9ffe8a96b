//! Scoring a system that segmented raw text itself.
//!
//! When an aligner splits raw text into sentences on its own, its sentences
//! are not the gold segments, so its beads cannot be compared with the gold
//! beads directly. [`project`] carries the system beads over to the gold
//! segments through byte spans in the same text:
//!
//! 1. Each system sentence is mapped to the gold segments its byte span
//!    overlaps (a non-empty byte intersection).
//! 2. Each system bead touches, per side, the union of the gold segments of
//!    its sentences ([`Projection::touched`]).
//! 3. System beads that touch a common gold segment, on either side, are
//!    merged (transitively). Each merged group becomes one bead over gold
//!    segment indices; gold segments that no system bead touches become
//!    beads of their own (`1-0` / `0-1`). The result
//!    ([`Projection::beads`]) is a partition of the gold segments, in
//!    document order, ready for [`crate::metrics::count`] against the gold.
//!
//! Consequences of the rule:
//!
//! * a segmentation finer than the gold costs nothing: pieces of one gold
//!   segment end up in one bead whether the system put them in one bead or
//!   in neighbouring beads;
//! * a system sentence that overlaps two gold segments joins them, and the
//!   joined bead is strictly wrong (lax credit can remain);
//! * pieces of one gold segment aligned to different places pull those
//!   places together into one larger bead: a strict error, never a gain.
//!   Merging can only make beads larger, so a projection never scores
//!   better than a system that segmented exactly like the gold and aligned
//!   the same way.
//!
//! System spans should not include the whitespace between sentences (gold
//! spans never do, so it would be harmless, but spans that reach into a
//! neighbouring segment join it).

use std::collections::HashMap;
use std::ops::Range;

use crate::beads::{sort_beads, Bead, Side};
use crate::metrics::{count, Counts};

/// A problem with the spans or beads handed to [`project`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    /// Gold spans must be sorted and must not overlap.
    #[error(
        "gold {side} segment {index} ({start}..{end}) starts before the previous segment ends"
    )]
    UnsortedGold {
        /// The side.
        side: Side,
        /// Index of the offending segment.
        index: usize,
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
    },
    /// A span whose start is after its end.
    #[error("{what} {side} span {index} is reversed ({start}..{end})")]
    Reversed {
        /// "gold" or "system".
        what: &'static str,
        /// The side.
        side: Side,
        /// Index of the span.
        index: usize,
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
    },
    /// A system bead refers to a sentence that does not exist.
    #[error("system bead {bead}: {side} sentence {index} does not exist (the system has {len} {side} sentences)")]
    NoSuchSentence {
        /// 0-based bead number.
        bead: usize,
        /// The side.
        side: Side,
        /// The sentence index.
        index: usize,
        /// Number of system sentences on that side.
        len: usize,
    },
}

/// Gold segment indices whose spans overlap `span` (a non-empty byte
/// intersection). `gold` must be sorted and non-overlapping.
///
/// ```
/// use sverka_eval::spans::overlapping;
/// let gold = [0..5, 6..10, 12..20];
/// assert_eq!(overlapping(&gold, &(3..8)), vec![0, 1]);
/// assert_eq!(overlapping(&gold, &(10..12)), Vec::<usize>::new());
/// assert_eq!(overlapping(&gold, &(13..14)), vec![2]);
/// ```
pub fn overlapping(gold: &[Range<usize>], span: &Range<usize>) -> Vec<usize> {
    if span.start >= span.end {
        return Vec::new();
    }
    let first = gold.partition_point(|g| g.end <= span.start);
    let last = gold.partition_point(|g| g.start < span.end);
    (first..last.max(first))
        .filter(|&i| {
            let g = &gold[i];
            g.start.max(span.start) < g.end.min(span.end)
        })
        .collect()
}

/// System beads carried over to gold segments (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// For each system bead, in order: the gold segments its sentences
    /// overlap, per side (sorted).
    pub touched: Vec<Bead>,
    /// Beads over gold segment indices after merging system beads that share
    /// a gold segment, plus one bead per untouched gold segment; a monotone
    /// partition of the gold segments when the system beads are monotone.
    pub beads: Vec<Bead>,
}

fn check_gold(side: Side, gold: &[Range<usize>]) -> Result<(), SpanError> {
    for (i, g) in gold.iter().enumerate() {
        if g.start > g.end {
            return Err(SpanError::Reversed {
                what: "gold",
                side,
                index: i,
                start: g.start,
                end: g.end,
            });
        }
        if i > 0 && g.start < gold[i - 1].end {
            return Err(SpanError::UnsortedGold {
                side,
                index: i,
                start: g.start,
                end: g.end,
            });
        }
    }
    Ok(())
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
}

/// Projects system beads (over system sentences) onto gold segments.
///
/// `gold_src` / `gold_tgt` are the byte spans of the gold segments and
/// `sys_src` / `sys_tgt` those of the system sentences, in the same source
/// and target texts; `sys_beads` index the system sentences.
///
/// ```
/// use sverka_eval::beads::Bead;
/// use sverka_eval::spans::project;
/// // gold: two segments per side, aligned 1-1
/// let (gs, gt) = ([0..10, 11..20], [0..8, 9..16]);
/// // the system split source segment 0 in two and put both pieces with target 0
/// let ss = [0..4, 5..10, 11..20];
/// let st = [0..8, 9..16];
/// let beads = [Bead::new([0], [0]), Bead::new([1], []), Bead::new([2], [1])];
/// let p = project(&gs, &gt, &ss, &st, &beads).unwrap();
/// assert_eq!(p.beads, vec![Bead::new([0], [0]), Bead::new([1], [1])]);
/// ```
pub fn project(
    gold_src: &[Range<usize>],
    gold_tgt: &[Range<usize>],
    sys_src: &[Range<usize>],
    sys_tgt: &[Range<usize>],
    sys_beads: &[Bead],
) -> Result<Projection, SpanError> {
    check_gold(Side::Source, gold_src)?;
    check_gold(Side::Target, gold_tgt)?;
    let sides = [
        (Side::Source, gold_src, sys_src),
        (Side::Target, gold_tgt, sys_tgt),
    ];
    // gold segments of every system sentence, per side
    let mut sent_gold: [Vec<Vec<usize>>; 2] = [Vec::new(), Vec::new()];
    for (si, &(side, gold, sys)) in sides.iter().enumerate() {
        for (i, s) in sys.iter().enumerate() {
            if s.start > s.end {
                return Err(SpanError::Reversed {
                    what: "system",
                    side,
                    index: i,
                    start: s.start,
                    end: s.end,
                });
            }
            sent_gold[si].push(overlapping(gold, s));
        }
    }
    let mut touched = Vec::with_capacity(sys_beads.len());
    for (bi, b) in sys_beads.iter().enumerate() {
        let mut t = Bead::default();
        for (si, &(side, _, sys)) in sides.iter().enumerate() {
            let out = t.side_mut(side);
            for &i in b.side(side) {
                let segs = sent_gold[si].get(i).ok_or(SpanError::NoSuchSentence {
                    bead: bi,
                    side,
                    index: i,
                    len: sys.len(),
                })?;
                out.extend_from_slice(segs);
            }
            out.sort_unstable();
            out.dedup();
        }
        touched.push(t);
    }

    // merge system beads sharing a gold segment on either side
    let mut parent: Vec<usize> = (0..touched.len()).collect();
    for &(side, gold, _) in sides.iter() {
        let mut owner: Vec<Option<usize>> = vec![None; gold.len()];
        for (bi, t) in touched.iter().enumerate() {
            for &g in t.side(side) {
                match owner[g] {
                    None => owner[g] = Some(bi),
                    Some(o) => union(&mut parent, o, bi),
                }
            }
        }
    }
    let mut groups: HashMap<usize, Bead> = HashMap::new();
    for (bi, t) in touched.iter().enumerate() {
        if t.is_empty() {
            continue;
        }
        let root = find(&mut parent, bi);
        let g = groups.entry(root).or_default();
        g.src.extend_from_slice(&t.src);
        g.tgt.extend_from_slice(&t.tgt);
    }
    let mut covered = [vec![false; gold_src.len()], vec![false; gold_tgt.len()]];
    let mut beads: Vec<Bead> = groups
        .into_values()
        .map(|b| {
            let b = b.normalized();
            for &i in &b.src {
                covered[0][i] = true;
            }
            for &i in &b.tgt {
                covered[1][i] = true;
            }
            b
        })
        .collect();
    for (i, &c) in covered[0].iter().enumerate() {
        if !c {
            beads.push(Bead::new([i], []));
        }
    }
    for (i, &c) in covered[1].iter().enumerate() {
        if !c {
            beads.push(Bead::new([], [i]));
        }
    }
    sort_beads(&mut beads);
    Ok(Projection { touched, beads })
}

/// How many system beads cross a gold bead boundary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Crossings {
    /// System beads that touch at least one gold segment.
    pub beads: usize,
    /// Those among them whose gold segments (both sides together) belong to
    /// more than one gold bead.
    pub crossing: usize,
}

impl Crossings {
    /// `crossing / beads` (0 when there are no beads).
    pub fn share(&self) -> f64 {
        if self.beads == 0 {
            0.0
        } else {
            self.crossing as f64 / self.beads as f64
        }
    }
}

sum_by_field!(Crossings { beads, crossing });

/// Counts the system beads (as [`Projection::touched`]) that cross a gold
/// bead boundary: their gold segments, source and target together, belong
/// to two or more gold beads. With paragraph-level gold this is a bead that
/// spans two paragraphs on one side, or links a paragraph to the wrong one.
/// A gold segment in no gold bead counts as a bead of its own.
pub fn boundary_crossings(gold: &[Bead], touched: &[Bead]) -> Crossings {
    let mut of_src: HashMap<usize, usize> = HashMap::new();
    let mut of_tgt: HashMap<usize, usize> = HashMap::new();
    for (gi, g) in gold.iter().enumerate() {
        for &s in &g.src {
            of_src.insert(s, gi);
        }
        for &t in &g.tgt {
            of_tgt.insert(t, gi);
        }
    }
    let n = gold.len();
    let mut c = Crossings::default();
    for t in touched.iter().filter(|t| !t.is_empty()) {
        c.beads += 1;
        // unknown segments get ids past the gold beads, distinct per side
        let mut ids: Vec<usize> = t
            .src
            .iter()
            .map(|s| of_src.get(s).copied().unwrap_or(n + 2 * s))
            .chain(
                t.tgt
                    .iter()
                    .map(|x| of_tgt.get(x).copied().unwrap_or(n + 2 * x + 1)),
            )
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > 1 {
            c.crossing += 1;
        }
    }
    c
}

/// A system scored against coarse gold segments (e.g. paragraphs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentCheck {
    /// System beads crossing a gold bead boundary.
    pub crossings: Crossings,
    /// Bead counts of the projection (see [`project`]) against the gold.
    pub counts: Counts,
}

sum_by_field!(SegmentCheck { crossings, counts });

/// Projects the system beads onto the gold segments and scores them:
/// boundary crossings of the original system beads, and the bead counts of
/// the merged projection against `gold` (see [`project`]).
pub fn check_against(
    gold: &[Bead],
    gold_src: &[Range<usize>],
    gold_tgt: &[Range<usize>],
    sys_src: &[Range<usize>],
    sys_tgt: &[Range<usize>],
    sys_beads: &[Bead],
) -> Result<SegmentCheck, SpanError> {
    let p = project(gold_src, gold_tgt, sys_src, sys_tgt, sys_beads)?;
    Ok(SegmentCheck {
        crossings: boundary_crossings(gold, &p.touched),
        counts: count(gold, &p.beads),
    })
}

/// A reference sentence that could not be found in the raw text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sentence {index} ({preview:?}) was not found in the text after byte {after}")]
pub struct LocateError {
    /// 0-based sentence number.
    pub index: usize,
    /// The start of the sentence.
    pub preview: String,
    /// Byte offset where the search started.
    pub after: usize,
}

/// Finds the byte spans of `sentences` in `text`, in order.
///
/// Whitespace is ignored when matching (a line break in the text may be a
/// space in the sentence, or missing), and text between sentences is
/// skipped. Each span runs from the first to the last non-whitespace
/// character of the sentence; an empty sentence gets an empty span where
/// the search stands.
///
/// ```
/// use sverka_eval::spans::locate_sentences;
/// let text = "Title\n\nFirst one.  Second\none.";
/// let spans = locate_sentences(text, &["First one.", "Second one."]).unwrap();
/// assert_eq!(&text[spans[0].clone()], "First one.");
/// assert_eq!(&text[spans[1].clone()], "Second\none.");
/// ```
pub fn locate_sentences<S: AsRef<str>>(
    text: &str,
    sentences: &[S],
) -> Result<Vec<Range<usize>>, LocateError> {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    let mut cursor = 0usize; // index into `chars`
    let mut out = Vec::with_capacity(sentences.len());
    for (si, s) in sentences.iter().enumerate() {
        let needle: Vec<char> = s.as_ref().chars().filter(|c| !c.is_whitespace()).collect();
        let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
        if needle.is_empty() {
            let b = byte_at(cursor);
            out.push(b..b);
            continue;
        }
        let found = (cursor..chars.len().saturating_sub(needle.len() - 1)).find(|&p| {
            chars[p..p + needle.len()]
                .iter()
                .zip(&needle)
                .all(|(&(_, a), &b)| a == b)
        });
        let Some(p) = found else {
            return Err(LocateError {
                index: si,
                preview: s.as_ref().chars().take(40).collect(),
                after: byte_at(cursor),
            });
        };
        let (last_b, last_c) = chars[p + needle.len() - 1];
        out.push(chars[p].0..last_b + last_c.len_utf8());
        cursor = p + needle.len();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::beads::validate;
    use crate::metrics::score;

    /// Builds a text from segments joined by single spaces, with spans.
    fn layout(segs: &[&str]) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (i, s) in segs.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            spans.push(text.len()..text.len() + s.len());
            text.push_str(s);
        }
        (text, spans)
    }

    fn diag(n: usize) -> Vec<Bead> {
        (0..n).map(|i| Bead::new([i], [i])).collect()
    }

    #[test]
    fn overlap_edges() {
        let gold = [0..5, 5..9, 12..12, 13..20];
        assert_eq!(overlapping(&gold, &(0..5)), vec![0]);
        assert_eq!(overlapping(&gold, &(4..6)), vec![0, 1]);
        assert_eq!(overlapping(&gold, &(9..13)), Vec::<usize>::new());
        assert_eq!(overlapping(&gold, &(10..14)), vec![3]);
        assert_eq!(overlapping(&gold, &(3..3)), Vec::<usize>::new());
        assert_eq!(overlapping(&gold, &(0..100)), vec![0, 1, 3]);
        assert_eq!(overlapping(&[], &(0..100)), Vec::<usize>::new());
    }

    #[test]
    fn same_segmentation_gives_same_beads() {
        let (_, gs) = layout(&["A a.", "B b.", "C c."]);
        let (_, gt) = layout(&["X.", "Y.", "Z."]);
        let sys = vec![
            Bead::new([0, 1], [0]),
            Bead::new([], [1]),
            Bead::new([2], [2]),
        ];
        let p = project(&gs, &gt, &gs, &gt, &sys).unwrap();
        assert_eq!(p.beads, sys);
        assert_eq!(p.touched, sys);
    }

    #[test]
    fn finer_segmentation_is_free() {
        let (_, gs) = layout(&["A one. A two.", "B b."]);
        let (_, gt) = layout(&["X.", "Y."]);
        // system splits gold source 0 into two sentences and aligns them 2-1
        let ss = vec![0..6, 7..13, 14..18];
        let p = project(
            &gs,
            &gt,
            &ss,
            &gt,
            &[Bead::new([0, 1], [0]), Bead::new([2], [1])],
        )
        .unwrap();
        assert_eq!(p.beads, diag(2));
        // or aligns the second piece alone as a 1-1 next to a 1-0: still free
        let p = project(
            &gs,
            &gt,
            &ss,
            &gt,
            &[Bead::new([0], []), Bead::new([1], [0]), Bead::new([2], [1])],
        )
        .unwrap();
        assert_eq!(p.beads, diag(2));
        assert_eq!(score(&diag(2), &p.beads).strict.f1, 1.0);
    }

    #[test]
    fn joined_segments_cost_a_strict_bead() {
        let (st, gs) = layout(&["A a.", "B b.", "C c."]);
        let (_, gt) = layout(&["X.", "Y.", "Z."]);
        // the system did not split gold 0 and 1: one sentence spanning both
        let ss = vec![gs[0].start..gs[1].end, gs[2].clone()];
        assert_eq!(&st[ss[0].clone()], "A a. B b.");
        let sys = [Bead::new([0], [0, 1]), Bead::new([1], [2])];
        let p = project(&gs, &gt, &ss, &gt, &sys).unwrap();
        assert_eq!(
            p.beads,
            vec![Bead::new([0, 1], [0, 1]), Bead::new([2], [2])]
        );
        let s = score(&diag(3), &p.beads);
        assert_eq!(s.strict.precision, 0.5);
        assert_eq!(s.strict.recall, 1.0 / 3.0);
        assert_eq!(s.lax.precision, 1.0);
    }

    #[test]
    fn pieces_in_different_beads_are_merged() {
        // gold source 1 is split by the system; its pieces go to different
        // beads, so those beads merge into one
        let (_, gs) = layout(&["A a.", "B one. B two.", "C c."]);
        let (_, gt) = layout(&["X.", "Y.", "Z."]);
        let ss = vec![gs[0].clone(), 5..11, 12..18, gs[2].clone()];
        let sys = [
            Bead::new([0, 1], [0]),
            Bead::new([2], [1]),
            Bead::new([3], [2]),
        ];
        let p = project(&gs, &gt, &ss, &gt, &sys).unwrap();
        assert_eq!(p.touched[0], Bead::new([0, 1], [0]));
        assert_eq!(
            p.beads,
            vec![Bead::new([0, 1], [0, 1]), Bead::new([2], [2])]
        );
        assert!(validate(&p.beads, 3, 3).is_ok());
    }

    #[test]
    fn untouched_gold_segments_become_insertions_and_deletions() {
        let (_, gs) = layout(&["A a.", "B b.", "C c."]);
        let (_, gt) = layout(&["X.", "Y.", "Z."]);
        // the system has no sentence for source 1, and drops target 2
        let ss = vec![gs[0].clone(), gs[2].clone()];
        let sys = [Bead::new([0], [0]), Bead::new([1], [1])];
        let p = project(&gs, &gt, &ss, &gt, &sys).unwrap();
        assert_eq!(
            p.beads,
            vec![
                Bead::new([0], [0]),
                Bead::new([1], []),
                Bead::new([2], [1]),
                Bead::new([], [2]),
            ]
        );
        assert!(validate(&p.beads, 3, 3).is_ok());
    }

    #[test]
    fn errors() {
        let g = [0..4, 2..6];
        let e = project(&g, &[], &[], &[], &[]).unwrap_err();
        assert!(matches!(e, SpanError::UnsortedGold { index: 1, .. }));
        let one: &[Range<usize>] = std::slice::from_ref(&(0..4));
        let e = project(one, one, one, one, &[Bead::new([1], [0])]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "system bead 0: source sentence 1 does not exist (the system has 1 source sentences)"
        );
        let bad = Range { start: 4, end: 2 };
        let e = project(one, one, std::slice::from_ref(&bad), one, &[]).unwrap_err();
        assert!(matches!(e, SpanError::Reversed { what: "system", .. }));
    }

    #[test]
    fn crossings_and_paragraph_scores() {
        // two paragraphs per side, gold 0<->0, 1<->1; two sentences each
        let gold = diag(2);
        let (_, gp) = layout(&["S1. S2.", "S3. S4."]);
        let ss = vec![0..3, 4..7, 8..11, 12..15];
        // perfect sentence alignment within paragraphs
        let ok = diag(4);
        let c = check_against(&gold, &gp, &gp, &ss, &ss, &ok).unwrap();
        assert_eq!(
            c.crossings,
            Crossings {
                beads: 4,
                crossing: 0
            }
        );
        assert_eq!(c.counts.scores().strict.f1, 1.0);
        // a bead that links source paragraph 0 to target paragraph 1
        let bad = vec![
            Bead::new([0], [0]),
            Bead::new([1], [1, 2]),
            Bead::new([2, 3], [3]),
        ];
        let c = check_against(&gold, &gp, &gp, &ss, &ss, &bad).unwrap();
        assert_eq!(
            c.crossings,
            Crossings {
                beads: 3,
                crossing: 1
            }
        );
        assert!((c.crossings.share() - 1.0 / 3.0).abs() < 1e-12);
        // everything merges into one paragraph bead
        let s = c.counts.scores();
        assert_eq!(s.strict.precision, 0.0);
        assert_eq!(s.lax.precision, 1.0);
        let both = check_against(&gold, &gp, &gp, &ss, &ss, &ok).unwrap() + c;
        assert_eq!(both.crossings.beads, 7);
    }

    #[test]
    fn locating_sentences() {
        let text = "Заголовок\n\nПервое  предложение.\nВторое — здесь.";
        let spans =
            locate_sentences(text, &["Первое предложение.", "", "Второе — здесь."]).unwrap();
        assert_eq!(&text[spans[0].clone()], "Первое  предложение.");
        assert!(spans[1].is_empty());
        assert_eq!(&text[spans[2].clone()], "Второе — здесь.");
        let e = locate_sentences(text, &["Второе — здесь.", "Первое предложение."]).unwrap_err();
        assert_eq!(e.index, 1);
        assert!(e
            .to_string()
            .starts_with("sentence 1 (\"Первое предложение.\")"));
        assert!(locate_sentences("ab", &["abc"]).is_err());
    }
}
