//! Cutting sentences at soft boundaries with both texts in view (see
//! [`crate::align_splitting`]).
//!
//! Where the first alignment needed merged beads or gaps, the sentences
//! around them are split at every soft boundary into parts, and a second
//! search runs over the parts of that window. Its bead shapes count
//! sentences (parts put back together are one sentence, and cost nothing
//! more), and a bead that starts or ends at a soft boundary pays half its
//! prior cost, so a cut is made only where the other side's sentences fit
//! the parts better than the whole.
//!
//! Then each matched bead of that search, and each 1-1 bead whose sentence
//! on one side only may end early, has its edges tested alone
//! ([`lone_edges`]): an untranslated heading or line glued to a translated
//! sentence becomes a gap, the omission it is.

use std::collections::HashMap;
use std::ops::Range;

use sverka_text::Document;

use crate::features::{Features, Memo, Unit};
use crate::score::{matched_weight, merge_keys, total_weight, Scorer, SpanTable};
use crate::search::{dp, Band, Step};
use crate::{Options, Searched};

/// Windows whose second search would score more beads than this (parts
/// on one side times parts on the other times bead shapes) are left as the
/// first search found them: a long passage without counterpart is a gap,
/// and cutting its sentences changes little.
const MAX_WINDOW_WORK: usize = 4_000_000;

/// Most parts on one side of a bead of the second search: room for two
/// sentences cut in many parts to stay whole in a 2-1 bead.
const MAX_PARTS: usize = 8;

/// A stretch of the first path worth a second look: its steps and the
/// sentences they cover.
struct Window {
    steps: Range<usize>,
    src: Range<usize>,
    tgt: Range<usize>,
    /// A 1-1 bead whose sentence on one side only may end early or start
    /// late: its edge is tested alone (see [`Fine::edge`]), not searched.
    edge: bool,
}

/// Cuts sentences of `src` and `tgt` where the second search says so, and
/// returns the path over the new sentences; None (the documents untouched)
/// when no cut is worth its cost.
pub(crate) fn cut(
    src: &mut Document,
    tgt: &mut Document,
    searched: &Searched,
    options: &Options,
    memo: &mut Memo,
) -> Option<Vec<Step>> {
    let mut windows = windows_to_search(src, tgt, &searched.path);
    windows.extend(edge_windows(src, tgt, &searched.path, &windows));
    windows.sort_by_key(|w| w.steps.start);
    if windows.is_empty() {
        return None;
    }
    let fine_src = Parts::new(src, windows.iter().map(|w| w.src.clone()));
    let fine_tgt = Parts::new(tgt, windows.iter().map(|w| w.tgt.clone()));
    // The parts' untranslated words count in the lone-edge test.
    let mut features = Features::extract_remembering(
        &fine_src.doc,
        &fine_tgt.doc,
        options.lexicon.as_deref(),
        memo,
    );
    for (units, parts) in [
        (&mut features.src, &fine_src),
        (&mut features.tgt, &fine_tgt),
    ] {
        for (unit, soft) in units.iter_mut().zip(&parts.soft_start) {
            unit.soft_start = *soft;
        }
    }
    let fine = Fine {
        features: &features,
        src: &fine_src,
        tgt: &fine_tgt,
        gaps: first_gaps(&searched.path, src.sentences.len(), tgt.sentences.len()),
    };
    let mut cuts_src = Vec::new();
    let mut cuts_tgt = Vec::new();
    let local_paths: Vec<Option<Vec<Step>>> = windows
        .iter()
        .map(|window| {
            let (path, (src_cuts, tgt_cuts)) = if window.edge {
                fine.edge(window)?
            } else {
                fine.search(window, searched, options)?
            };
            let (src_units, tgt_units) = (
                fine_src.units_of(&window.src),
                fine_tgt.units_of(&window.tgt),
            );
            cuts_src.extend(src_cuts.iter().map(|u| u + src_units.start));
            cuts_tgt.extend(tgt_cuts.iter().map(|u| u + tgt_units.start));
            Some(path)
        })
        .collect();
    if cuts_src.is_empty() && cuts_tgt.is_empty() {
        return None;
    }
    let finals = (
        fine_src.final_indices(&cuts_src),
        fine_tgt.final_indices(&cuts_tgt),
    );
    apply_cuts(src, &fine_src, &cuts_src);
    apply_cuts(tgt, &fine_tgt, &cuts_tgt);
    Some(normalized(fine.merged_path(
        &searched.path,
        &windows,
        &local_paths,
        &finals,
    )))
}

/// The windows of the first path worth a second search.
///
/// Gaps stay as the first search found them: a sentence without
/// counterpart is what the reviewer must see, and parts matched around it
/// would hide it. A 1-1 bead hides a cut only when both its sentences
/// could be cut (two sentences glued the same way on both sides), at a
/// place that looks like a sentence end on one side at least: clause
/// breaks cut on both sides are put back together (see `rejoined`).
fn windows_to_search(src: &Document, tgt: &Document, path: &[Step]) -> Vec<Window> {
    let worth_a_look: Vec<bool> = path
        .iter()
        .map(|s| {
            let (src_one, tgt_one) = (s.i..s.i + 1, s.j..s.j + 1);
            let gap = s.a == 0 || s.b == 0;
            !(gap || s.a == 1 && s.b == 1)
                || (has_soft(src, &src_one)
                    && has_soft(tgt, &tgt_one)
                    && (has_sentence_end(src, &src_one) || has_sentence_end(tgt, &tgt_one)))
        })
        .collect();
    windows(path, &worth_a_look)
        .into_iter()
        .filter(|w| has_soft(src, &w.src) || has_soft(tgt, &w.tgt))
        .collect()
}

/// The 1-1 beads outside `searched` whose sentence on exactly one side has
/// a soft boundary that looks like a sentence end: their edges are tested
/// for an omission (see [`Fine::edge`]).
fn edge_windows(src: &Document, tgt: &Document, path: &[Step], searched: &[Window]) -> Vec<Window> {
    let mut covered = vec![false; path.len()];
    for window in searched {
        covered[window.steps.clone()].fill(true);
    }
    path.iter()
        .enumerate()
        .filter(|&(k, s)| {
            let (src_one, tgt_one) = (s.i..s.i + 1, s.j..s.j + 1);
            !covered[k]
                && s.a == 1
                && s.b == 1
                && has_sentence_end(src, &src_one) != has_sentence_end(tgt, &tgt_one)
        })
        .map(|(k, s)| Window {
            steps: k..k + 1,
            src: s.i..s.i + 1,
            tgt: s.j..s.j + 1,
            edge: true,
        })
        .collect()
}

/// Whether parts carry evidence of their own worth a verdict: a few
/// dictionary words (see [`EDGE_MIN_EVIDENCE`]).
fn has_evidence(parts: &[Unit], weight: &[f32]) -> bool {
    // Dictionary words only: a part whose evidence is a number or a name
    // that differs is a changed number or name, not an omission. Words the
    // other text never translates count too: they are what an untranslated
    // heading is made of.
    let foreign: f32 = parts.iter().map(|u| f32::from(u.foreign_words)).sum();
    parts
        .iter()
        .map(|u| total_weight(&u.lex, weight))
        .sum::<f32>()
        + FOREIGN_WORD_EVIDENCE * foreign
        >= EDGE_MIN_EVIDENCE
}

/// Evidence a dictionary word with no translation on the other side adds
/// to a part left out by [`Fine::edge`]: about what an uncommon matched
/// word weighs.
const FOREIGN_WORD_EVIDENCE: f32 = 1.0;

/// Least weight of dictionary words of a part left out by [`Fine::edge`]:
/// a part with less says too little to call it untranslated.
const EDGE_MIN_EVIDENCE: f32 = 3.0;

/// Sentences the first search left without counterpart, per side.
fn first_gaps(path: &[Step], n: usize, m: usize) -> (Vec<bool>, Vec<bool>) {
    let mut gaps = (vec![false; n], vec![false; m]);
    for step in path {
        if step.b == 0 {
            gaps.0[step.i..step.i + step.a].fill(true);
        }
        if step.a == 0 {
            gaps.1[step.j..step.j + step.b].fill(true);
        }
    }
    gaps
}

/// Parts of a window where its second search cuts, per side
/// (window-relative).
type WindowCuts = (Vec<usize>, Vec<usize>);

/// A window's parts and, per part, whether it starts past a clause break:
/// (first side, second side).
type PartsOfSides<'a> = ((&'a [Unit], &'a [bool]), (&'a [Unit], &'a [bool]));

/// The path with each match bead's lone edge left out as a gap: the first
/// or last parts of one side, up to a soft boundary that looks like a
/// sentence end, when they have dictionary words of their own that the
/// other side does not support while the rest is supported. So a heading
/// glued to a sentence whose translation lost its heading, or a sentence
/// run into the next with no full stop, shows as the omission it is
/// instead of hiding in a 1-1 row.
fn lone_edges(path: Vec<Step>, (src, tgt): PartsOfSides<'_>, weight: &[f32]) -> Vec<Step> {
    let mut out = Vec::with_capacity(path.len());
    for step in path {
        if step.a == 0 || step.b == 0 {
            out.push(step);
            continue;
        }
        let (src_span, tgt_span) = (step.i..step.i + step.a, step.j..step.j + step.b);
        let found = [true, false].into_iter().find_map(|on_src| {
            let ((parts, clause), other) = if on_src {
                (
                    (&src.0[src_span.clone()], &src.1[src_span.clone()]),
                    &tgt.0[tgt_span.clone()],
                )
            } else {
                (
                    (&tgt.0[tgt_span.clone()], &tgt.1[tgt_span.clone()]),
                    &src.0[src_span.clone()],
                )
            };
            lone_edge(parts, clause, other, weight).map(|edge| (on_src, edge))
        });
        let Some((on_src, (gap, kept))) = found else {
            out.push(step);
            continue;
        };
        let make = |own: Range<usize>, matched: bool| {
            if on_src {
                Step {
                    i: step.i + own.start,
                    a: own.len(),
                    j: step.j,
                    b: if matched { step.b } else { 0 },
                }
            } else {
                Step {
                    i: step.i,
                    a: if matched { step.a } else { 0 },
                    j: step.j + own.start,
                    b: own.len(),
                }
            }
        };
        let (gap_step, kept_step) = (make(gap.clone(), false), make(kept.clone(), true));
        if gap.start < kept.start {
            out.extend([gap_step, kept_step]);
        } else {
            // A gap after the match starts where the match ends on the
            // other side.
            let gap_step = if on_src {
                Step {
                    j: step.j + step.b,
                    ..gap_step
                }
            } else {
                Step {
                    i: step.i + step.a,
                    ..gap_step
                }
            };
            out.extend([kept_step, gap_step]);
        }
    }
    out
}

/// The lone head (else tail) of `parts` against `other`, as (the parts
/// left out, the parts kept), both ranges of `parts`.
fn lone_edge(
    parts: &[Unit],
    clause: &[bool],
    other: &[Unit],
    weight: &[f32],
) -> Option<(Range<usize>, Range<usize>)> {
    let ends: Vec<usize> = (1..parts.len())
        .filter(|&u| parts[u].soft_start.is_some() && !clause[u])
        .collect();
    // What the part shares with the rest of its side counts for the rest:
    // a heading that repeats its lead's names says nothing of its own that
    // the other side has.
    let (other_keys, other_lex) = evidence_of(other);
    let lone = |part: &[Unit], rest: &[Unit]| {
        has_evidence(part, weight) && {
            let (keys, lex) = evidence_of(part);
            let (rest_keys, rest_lex) = evidence_of(rest);
            !supported_evidence(
                (&without(&keys, &rest_keys), &without(&lex, &rest_lex)),
                (&other_keys, &other_lex),
                weight,
            )
        }
    };
    // The longest head, else the longest tail, that stands alone.
    ends.iter()
        .rev()
        .find(|&&b| lone(&parts[..b], &parts[b..]) && supported(&parts[b..], other, weight))
        .map(|&b| (0..b, b..parts.len()))
        .or_else(|| {
            ends.iter()
                .find(|&&b| lone(&parts[b..], &parts[..b]) && supported(&parts[..b], other, weight))
                .map(|&b| (b..parts.len(), 0..b))
        })
}

/// The keys of `a` that `b` does not have (both sorted by id).
fn without(a: &[(u32, u16)], b: &[(u32, u16)]) -> Vec<(u32, u16)> {
    a.iter()
        .filter(|(k, _)| b.binary_search_by_key(k, |&(key, _)| key).is_err())
        .copied()
        .collect()
}

/// Both documents cut in parts, with the parts' evidence.
struct Fine<'a> {
    features: &'a Features,
    src: &'a Parts,
    tgt: &'a Parts,
    /// Per original sentence, per side: left without counterpart by the
    /// first search.
    gaps: (Vec<bool>, Vec<bool>),
}

impl Fine<'_> {
    /// The second search over one window: its path over the window's parts
    /// and the parts (window-relative) where it cuts, per side; None when
    /// the window is too large or the path would hide a gap.
    fn search(
        &self,
        window: &Window,
        searched: &Searched,
        options: &Options,
    ) -> Option<(Vec<Step>, WindowCuts)> {
        let src_units = self.src.units_of(&window.src);
        let tgt_units = self.tgt.units_of(&window.tgt);
        let src_parts = &self.features.src[src_units.clone()];
        let tgt_parts = &self.features.tgt[tgt_units.clone()];
        let shapes = part_shapes(src_parts, tgt_parts, options.max_bead_side);
        if src_units.len() * tgt_units.len() * shapes.len() > MAX_WINDOW_WORK {
            return None;
        }
        let clauses = (
            &self.src.clause[src_units.clone()],
            &self.tgt.clause[tgt_units.clone()],
        );
        let path = search_window(
            self.features,
            (&src_units, &tgt_units),
            &shapes,
            searched,
            options,
            clauses,
        );
        let path = rejoined(path, (src_parts, tgt_parts), clauses, options.max_bead_side);
        let path = lone_edges(
            path,
            self.sides(&src_units, &tgt_units),
            &self.features.weight,
        );
        if self.hides_a_gap(&path, (&src_units, &tgt_units)) {
            return None;
        }
        let window_cuts = (
            cuts(&path, src_parts, true).collect(),
            cuts(&path, tgt_parts, false).collect(),
        );
        Some((path, window_cuts))
    }

    /// An edge window (a 1-1 bead, soft boundaries that look like
    /// sentence ends on one side only): its one bead, with a lone edge
    /// left out (see [`lone_edges`]); None when there is none.
    fn edge(&self, window: &Window) -> Option<(Vec<Step>, WindowCuts)> {
        let src_units = self.src.units_of(&window.src);
        let tgt_units = self.tgt.units_of(&window.tgt);
        let whole = vec![Step {
            i: 0,
            a: src_units.len(),
            j: 0,
            b: tgt_units.len(),
        }];
        let sides = self.sides(&src_units, &tgt_units);
        let path = lone_edges(whole.clone(), sides, &self.features.weight);
        if path == whole {
            return None;
        }
        let window_cuts = (
            cuts(&path, sides.0 .0, true).collect(),
            cuts(&path, sides.1 .0, false).collect(),
        );
        Some((path, window_cuts))
    }

    /// A window's parts and their clause marks, per side.
    fn sides(&self, src_units: &Range<usize>, tgt_units: &Range<usize>) -> PartsOfSides<'_> {
        (
            (
                &self.features.src[src_units.clone()],
                &self.src.clause[src_units.clone()],
            ),
            (
                &self.features.tgt[tgt_units.clone()],
                &self.tgt.clause[tgt_units.clone()],
            ),
        )
    }

    /// Whether a bead of the window's `path` matches parts of a sentence
    /// the first search left without counterpart with text they share
    /// nothing with: a way around a gap (an omission hidden), not a
    /// translation.
    fn hides_a_gap(
        &self,
        path: &[Step],
        (src_units, tgt_units): (&Range<usize>, &Range<usize>),
    ) -> bool {
        let src_parts = &self.features.src[src_units.clone()];
        let tgt_parts = &self.features.tgt[tgt_units.clone()];
        let lost =
            |gaps: &[bool], parts: &Parts, all: &[Unit], offset: usize, span: Range<usize>| {
                span.filter(|&u| gaps[parts.sentence_of[offset + u]])
                    .map(|u| all[u].clone())
                    .collect::<Vec<Unit>>()
            };
        path.iter().filter(|s| s.a > 0 && s.b > 0).any(|step| {
            let (src_span, tgt_span) = (step.i..step.i + step.a, step.j..step.j + step.b);
            let lost_src = lost(
                &self.gaps.0,
                self.src,
                src_parts,
                src_units.start,
                src_span.clone(),
            );
            let lost_tgt = lost(
                &self.gaps.1,
                self.tgt,
                tgt_parts,
                tgt_units.start,
                tgt_span.clone(),
            );
            let weight = &self.features.weight;
            (!lost_src.is_empty() && !supported(&lost_src, &tgt_parts[tgt_span], weight))
                || (!lost_tgt.is_empty() && !supported(&src_parts[src_span], &lost_tgt, weight))
        })
    }

    /// The first path with each searched window's steps replaced by the
    /// second search's, all over the new sentences (`finals`: each part's
    /// new sentence, per side).
    fn merged_path(
        &self,
        first: &[Step],
        windows: &[Window],
        local_paths: &[Option<Vec<Step>>],
        (src_final, tgt_final): &(Vec<usize>, Vec<usize>),
    ) -> Vec<Step> {
        let first_part = |parts: &Parts, finals: &[usize], sentence: usize| -> usize {
            parts
                .first_unit
                .get(sentence)
                .map_or(finals.last().map_or(0, |&f| f + 1), |&u| finals[u])
        };
        let mapped =
            |step: &Step| map_step(step, self.src, src_final, self.tgt, tgt_final, &first_part);
        let mut path = Vec::with_capacity(first.len());
        let mut next_window = windows.iter().zip(local_paths).peekable();
        let mut k = 0;
        while k < first.len() {
            let Some((window, local)) = next_window.next_if(|(w, _)| w.steps.start == k) else {
                path.push(mapped(&first[k]));
                k += 1;
                continue;
            };
            k = window.steps.end;
            let Some(local) = local else {
                path.extend(first[window.steps.clone()].iter().map(mapped));
                continue;
            };
            let (s0, t0) = (
                self.src.units_of(&window.src).start,
                self.tgt.units_of(&window.tgt).start,
            );
            path.extend(local.iter().map(|step| Step {
                i: final_at(src_final, s0 + step.i),
                a: span_of(src_final, s0 + step.i, step.a),
                j: final_at(tgt_final, t0 + step.j),
                b: span_of(tgt_final, t0 + step.j, step.b),
            }));
        }
        path
    }
}

/// A step of the first path (over the old sentences) over the new ones.
fn map_step(
    step: &Step,
    fine_src: &Parts,
    src_final: &[usize],
    fine_tgt: &Parts,
    tgt_final: &[usize],
    first_part: &impl Fn(&Parts, &[usize], usize) -> usize,
) -> Step {
    let i = first_part(fine_src, src_final, step.i);
    let j = first_part(fine_tgt, tgt_final, step.j);
    Step {
        i,
        a: first_part(fine_src, src_final, step.i + step.a) - i,
        j,
        b: first_part(fine_tgt, tgt_final, step.j + step.b) - j,
    }
}

/// The new sentence of part `part`; past the last part, the number of new
/// sentences (where a gap step of the other side stands at the end).
fn final_at(finals: &[usize], part: usize) -> usize {
    finals
        .get(part)
        .copied()
        .unwrap_or_else(|| finals.last().map_or(0, |&f| f + 1))
}

/// New sentences covered by `count` parts from part `first`.
fn span_of(finals: &[usize], first: usize, count: usize) -> usize {
    match count {
        0 => 0,
        _ => finals[first + count - 1] + 1 - finals[first],
    }
}

/// The path with every sentence in exactly one step: a step that starts
/// on a sentence the step before already covers (the parts of one
/// sentence left out one by one, or around a gap of the other side)
/// keeps only what is new, and goes when nothing is.
fn normalized(path: Vec<Step>) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(path.len());
    let (mut next_i, mut next_j) = (0, 0);
    for mut step in path {
        if step.i < next_i {
            step.a = (step.i + step.a).saturating_sub(next_i);
            step.i = next_i;
        }
        if step.j < next_j {
            step.b = (step.j + step.b).saturating_sub(next_j);
            step.j = next_j;
        }
        if step.a == 0 && step.b == 0 {
            continue;
        }
        next_i = step.i + step.a;
        next_j = step.j + step.b;
        out.push(step);
    }
    out
}

/// The local path with two match beads put back together where the
/// boundary between them is a clause break on both sides: cutting both
/// texts where neither ends a sentence makes rows of clauses that neither
/// segmentation had. A cut stays where the other side ends a sentence
/// (or leaves something out).
fn rejoined(
    path: Vec<Step>,
    (src, tgt): (&[crate::features::Unit], &[crate::features::Unit]),
    (src_clause, tgt_clause): (&[bool], &[bool]),
    max_pieces: usize,
) -> Vec<Step> {
    let pieces = |units: &[crate::features::Unit]| {
        1 + units
            .iter()
            .skip(1)
            .filter(|u| u.soft_start.is_none())
            .count()
    };
    let mut out: Vec<Step> = Vec::with_capacity(path.len());
    for step in path {
        if let Some(last) = out.last_mut() {
            let both_match = last.a > 0 && last.b > 0 && step.a > 0 && step.b > 0;
            if both_match && src_clause[step.i] && tgt_clause[step.j] {
                let joined = Step {
                    i: last.i,
                    a: last.a + step.a,
                    j: last.j,
                    b: last.b + step.b,
                };
                // A shape the search allows (each side and both together):
                // 2 and 4 sentences are each within 4, but not a bead.
                if crate::allowed_shape(
                    pieces(&src[joined.i..joined.i + joined.a]),
                    pieces(&tgt[joined.j..joined.j + joined.b]),
                    max_pieces,
                ) {
                    *last = joined;
                    continue;
                }
            }
        }
        out.push(step);
    }
    out
}

/// Bead shapes of the second search, in parts: room for the longest
/// sentences of the window to stay whole in a bead of two sentences.
fn part_shapes(
    src: &[crate::features::Unit],
    tgt: &[crate::features::Unit],
    max_bead_side: usize,
) -> Vec<(usize, usize)> {
    let most_parts = |units: &[crate::features::Unit]| {
        let mut longest = 0;
        let mut run = 0;
        for unit in units {
            run = if unit.soft_start.is_some() {
                run + 1
            } else {
                1
            };
            longest = usize::max(longest, run);
        }
        longest
    };
    let max_parts =
        |units: &[crate::features::Unit]| (2 * most_parts(units)).max(max_bead_side).min(MAX_PARTS);
    let (max_a, max_b) = (max_parts(src), max_parts(tgt));
    (1..=max_a)
        .flat_map(|a| (1..=max_b).map(move |b| (a, b)))
        .collect()
}

/// The second search over one window's parts, with its matched beads
/// split in halves that match in order (see [`parallel_halves`]; the
/// window's span tables are built here).
fn search_window(
    features: &Features,
    (src_units, tgt_units): (&Range<usize>, &Range<usize>),
    types: &[(usize, usize)],
    searched: &Searched,
    options: &Options,
    clauses: (&[bool], &[bool]),
) -> Vec<Step> {
    let src = &features.src[src_units.clone()];
    let tgt = &features.tgt[tgt_units.clone()];
    let max_a = types.iter().map(|t| t.0).max().unwrap_or(1);
    let max_b = types.iter().map(|t| t.1).max().unwrap_or(1);
    let (src_table, tgt_table) = (
        SpanTable::new(src, max_a, &features.weight),
        SpanTable::new(tgt, max_b, &features.weight),
    );
    let scorer = Scorer {
        src: &src_table,
        tgt: &tgt_table,
        weight: &features.weight,
        length: searched.length,
        params: &options.params,
        structured: features.structured,
        dictionary: features.has_lexicon,
        max_pieces: options.max_bead_side,
    };
    let (src_sizes, tgt_sizes) = (part_sizes(src), part_sizes(tgt));
    let (n, m) = (src.len(), tgt.len());
    let path = dp(
        &scorer,
        (0, 0),
        n,
        m,
        &diagonal_band(n, m, max_a.max(max_b)),
        types,
        (&src_sizes, &tgt_sizes),
    );
    parallel_halves(path, &scorer, (src, tgt), clauses)
}

/// Most that splitting a bead in [`parallel_halves`] may add to the
/// path's cost: about the two cuts' priors, which a good 1-1 bead split in
/// two good halves pays without gaining (the dictionary reward follows
/// each bead's evidence, and the halves' add up to the whole's).
const PARALLEL_MOST_EXTRA: f32 = 4.0;

/// Most each half of [`parallel_halves`] may cost, its share of the cuts'
/// priors included: a half must be a likely bead in itself. A title and
/// its lead run together on both sides were otherwise cut a word off the
/// title on one side, leaving a lead's last name as a costly half. At 2.0
/// it also kept whole a long run-on sentence against the two sentences it
/// joins, whose halves each pay a clause break's prior (3.5) or half of
/// it: 4.0 took the run-on suite from 0.932 to 0.934 and every other suite
/// stayed or gained.
const PARALLEL_MOST_HALF: f32 = 4.0;

/// Least by which the halves of [`parallel_halves`] crosswise (each first
/// half with the other's second half) must cost more than in order: that
/// the words of each half are found in its own counterpart, not spread
/// over the whole. On the chat development suite 10 to 30 gave the same
/// rows within one bead in a thousand; on the run-on suite 15 gained 0.003
/// over 20, and 10 lost a planted omission of the review suite (an
/// unsupported sentence went into a half).
const PARALLEL_LEAST_CROSS: f32 = 15.0;

/// The local path with each match bead split in two where its halves
/// translate each other in order: two messages glued the same way in both
/// texts ("The monument will be stored for now. the city now must wait…" /
/// «Пока памятник останется на хранении. сейчас город должен…»), or a
/// run-on sentence against the two sentences it joins. The search keeps
/// such a bead whole, as cutting it gains nothing in bead costs; what
/// speaks for the cut is that each half's words are found in its own
/// counterpart and hardly in the other's.
///
/// The halves' boundaries must look like sentence ends on both sides, or
/// be a clause break against two sentences. A clause break against a soft
/// boundary is one sentence on both sides («В июле 2016 г. Россия…» / "In
/// July 2016, Russia…"). A sentence end against two sentences is left to
/// the cut search, which cuts there cheaply when it should (allowed here,
/// the mixed suite went from 0.967 to 0.966).
fn parallel_halves(
    path: Vec<Step>,
    scorer: &Scorer,
    (src, tgt): (&[Unit], &[Unit]),
    (src_clause, tgt_clause): (&[bool], &[bool]),
) -> Vec<Step> {
    let cost = |s: Step| scorer.bead_cost(s.i, s.a, s.j, s.b, f32::INFINITY);
    let mut out = Vec::with_capacity(path.len());
    // Halves are split again, in document order.
    let mut pending: Vec<Step> = path.into_iter().rev().collect();
    while let Some(step) = pending.pop() {
        let whole = (step.a >= 2 && step.b >= 2).then(|| cost(step)).flatten();
        let Some(whole) = whole else {
            out.push(step);
            continue;
        };
        let mut best: Option<(f32, Step, Step)> = None;
        for u in 1..step.a {
            let src_at = step.i + u;
            let src_kind = boundary_kind(&src[src_at], src_clause[src_at]);
            for v in 1..step.b {
                let tgt_at = step.j + v;
                let tgt_kind = boundary_kind(&tgt[tgt_at], tgt_clause[tgt_at]);
                let allowed = match (src_kind, tgt_kind) {
                    (Boundary::End, Boundary::End) => true,
                    // A run-on sentence's clause against two sentences.
                    (Boundary::Sure, Boundary::Clause) | (Boundary::Clause, Boundary::Sure) => true,
                    _ => false,
                };
                if !allowed {
                    continue;
                }
                let first = Step {
                    i: step.i,
                    a: u,
                    j: step.j,
                    b: v,
                };
                let second = Step {
                    i: src_at,
                    a: step.a - u,
                    j: tgt_at,
                    b: step.b - v,
                };
                let (Some(in_order_first), Some(in_order_second)) = (cost(first), cost(second))
                else {
                    continue;
                };
                let in_order = in_order_first + in_order_second;
                // A crosswise bead of a shape too large to score is no rival.
                let crosswise = cost(Step {
                    j: tgt_at,
                    b: step.b - v,
                    ..first
                })
                .zip(cost(Step {
                    j: step.j,
                    b: v,
                    ..second
                }))
                .map_or(f32::INFINITY, |(x, y)| x + y);
                if in_order_first.max(in_order_second) <= PARALLEL_MOST_HALF
                    && in_order - whole <= PARALLEL_MOST_EXTRA
                    && crosswise - in_order >= PARALLEL_LEAST_CROSS
                    && best.as_ref().is_none_or(|b| in_order < b.0)
                {
                    best = Some((in_order, first, second));
                }
            }
        }
        match best {
            Some((_, first, second)) => {
                pending.push(second);
                pending.push(first);
            }
            None => out.push(step),
        }
    }
    out
}

/// What starts a part, for [`parallel_halves`].
#[derive(Clone, Copy, PartialEq)]
enum Boundary {
    /// A sentence (no soft boundary before it).
    Sure,
    /// A soft boundary that looks like a sentence end.
    End,
    /// A clause break.
    Clause,
}

/// The kind of boundary `unit` starts after; `clause`: it starts past a
/// clause break.
fn boundary_kind(unit: &Unit, clause: bool) -> Boundary {
    match (unit.soft_start, clause) {
        (None, _) => Boundary::Sure,
        (Some(_), false) => Boundary::End,
        (Some(_), true) => Boundary::Clause,
    }
}

/// The cells of an `n` × `m` grid near its diagonal: a window starts and
/// ends on beads both searches agree on, and in between the parts run
/// about evenly; `reach` parts to each side (at least) leave room for the
/// largest bead.
fn diagonal_band(n: usize, m: usize, reach: usize) -> Band {
    let margin = reach.max(n.abs_diff(m)) + 4;
    let mut band = Band::full(n, m);
    if n == 0 {
        return band;
    }
    for i in 0..=n {
        let centre = i * m / n;
        band.lo[i] = centre.saturating_sub(margin);
        band.hi[i] = (centre + margin).min(m);
    }
    band
}

/// Share of translated words (lexicon keys) two sides of a bead must have
/// in common for a bead made by a cut; without lexicon keys, the matched
/// weight of names, numbers and cognates it needs.
const CUT_MIN_SHARE: f32 = 0.15;
/// See [`CUT_MIN_SHARE`].
const CUT_MIN_KEYS: f32 = 2.0;

/// Whether two sides of a bead of the second search meet.
fn supported(src: &[crate::features::Unit], tgt: &[crate::features::Unit], weight: &[f32]) -> bool {
    let (s_keys, s_lex) = evidence_of(src);
    let (t_keys, t_lex) = evidence_of(tgt);
    supported_evidence((&s_keys, &s_lex), (&t_keys, &t_lex), weight)
}

/// Text keys and lexicon keys of `units` together.
type Evidence = (Vec<(u32, u16)>, Vec<(u32, u16)>);
/// [`Evidence`] borrowed.
type EvidenceRef<'a> = (&'a [(u32, u16)], &'a [(u32, u16)]);

fn evidence_of(units: &[crate::features::Unit]) -> Evidence {
    units
        .iter()
        .fold((Vec::new(), Vec::new()), |(keys, lex), u| {
            (merge_keys(&keys, &u.keys), merge_keys(&lex, &u.lex))
        })
}

/// [`supported`] on evidence already gathered: (text keys, lexicon keys).
fn supported_evidence(
    (s_keys, s_lex): EvidenceRef<'_>,
    (t_keys, t_lex): EvidenceRef<'_>,
    weight: &[f32],
) -> bool {
    let lexical = total_weight(s_lex, weight) + total_weight(t_lex, weight);
    if lexical > 0.0 && 2.0 * matched_weight(s_lex, t_lex, weight) / lexical >= CUT_MIN_SHARE {
        return true;
    }
    matched_weight(s_keys, t_keys, weight) >= CUT_MIN_KEYS
}

/// Each part's share of its sentence (by length): leaving out all parts of
/// a sentence costs what leaving out the sentence does.
fn part_sizes(units: &[crate::features::Unit]) -> Vec<f32> {
    let mut sizes = vec![1.0; units.len()];
    let mut start = 0;
    for end in 1..=units.len() {
        if end == units.len() || units[end].soft_start.is_none() {
            let total: f32 = units[start..end].iter().map(|u| u.len).sum();
            if end - start > 1 && total > 0.0 {
                for k in start..end {
                    sizes[k] = units[k].len / total;
                }
            }
            start = end;
        }
    }
    sizes
}

/// Parts (window-relative) at which the local path cuts a sentence: a part
/// past a soft boundary that starts a step, unless it and the part before
/// are both left out (one gap, not two).
fn cuts<'a>(
    path: &'a [Step],
    units: &'a [crate::features::Unit],
    first_side: bool,
) -> impl Iterator<Item = usize> + 'a {
    let mut previous_gap = false;
    path.iter().filter_map(move |step| {
        let (start, count, other) = match first_side {
            true => (step.i, step.a, step.b),
            false => (step.j, step.b, step.a),
        };
        if count == 0 {
            return None;
        }
        let gap = other == 0;
        let cut = units[start].soft_start.is_some() && !(gap && previous_gap);
        previous_gap = gap;
        cut.then_some(start)
    })
}

/// Whether sentence `at` of `doc` has a soft boundary that looks like a
/// sentence end.
pub(crate) fn may_end_early(doc: &Document, at: usize) -> bool {
    has_sentence_end(doc, &(at..at + 1))
}

/// Whether sentence `at` of `doc` has any soft boundary.
pub(crate) fn may_break(doc: &Document, at: usize) -> bool {
    has_soft(doc, &(at..at + 1))
}

/// Whether any sentence of `sentences` has a soft boundary.
fn has_soft(doc: &Document, sentences: &Range<usize>) -> bool {
    !soft_in(doc, sentences).is_empty()
}

/// Whether any sentence of `sentences` has a soft boundary that looks like
/// a sentence end (not a clause break).
fn has_sentence_end(doc: &Document, sentences: &Range<usize>) -> bool {
    soft_in(doc, sentences).iter().any(|b| !b.clause)
}

/// The soft boundaries inside `sentences`.
fn soft_in<'d>(doc: &'d Document, sentences: &Range<usize>) -> &'d [sverka_text::SoftBoundary] {
    let (Some(first), Some(last)) = (
        doc.sentences.get(sentences.start),
        sentences
            .end
            .checked_sub(1)
            .and_then(|l| doc.sentences.get(l)),
    ) else {
        return &[];
    };
    doc.soft_within(&(first.span.start..last.span.end))
}

/// Stretches of the path around the steps worth a second look (merged
/// beads, gaps): each run of them, with the step before and the step after.
fn windows(path: &[Step], worth_a_look: &[bool]) -> Vec<Window> {
    let mut out: Vec<Window> = Vec::new();
    let mut k = 0;
    while k < path.len() {
        if !worth_a_look[k] {
            k += 1;
            continue;
        }
        let mut end = k;
        while end < path.len() && worth_a_look[end] {
            end += 1;
        }
        // With the match before and after (never a gap: see `cut`).
        let is_match = |s: &Step| s.a > 0 && s.b > 0;
        let start = match k.checked_sub(1) {
            Some(before) if is_match(&path[before]) => before,
            _ => k,
        };
        let stop = match path.get(end) {
            Some(after) if is_match(after) => end + 1,
            _ => end,
        };
        let steps = start..stop;
        k = end;
        match out.last_mut() {
            Some(last) if last.steps.end >= steps.start => last.steps.end = steps.end,
            _ => out.push(Window {
                steps,
                src: 0..0,
                tgt: 0..0,
                edge: false,
            }),
        }
    }
    for w in &mut out {
        let (first, last) = (&path[w.steps.start], &path[w.steps.end - 1]);
        w.src = first.i..last.i + last.a;
        w.tgt = first.j..last.j + last.b;
    }
    out
}

/// A document with the sentences of some windows cut at every soft
/// boundary.
struct Parts {
    doc: Document,
    /// Per part: None when it starts a sentence, Some(cost) past a soft
    /// boundary.
    soft_start: Vec<Option<f32>>,
    /// Per part: whether it starts past a clause break.
    clause: Vec<bool>,
    /// Per sentence of the original document: its first part.
    first_unit: Vec<usize>,
    /// Per part: its sentence in the original document.
    sentence_of: Vec<usize>,
}

impl Parts {
    fn new(doc: &Document, windows: impl Iterator<Item = Range<usize>>) -> Parts {
        let mut parts = doc.clone();
        let mut boundaries = Vec::new();
        for window in windows {
            boundaries.extend_from_slice(soft_in(doc, &window));
        }
        boundaries.sort_by_key(|b| b.at);
        boundaries.dedup_by_key(|b| b.at);
        let cuts: Vec<usize> = boundaries.iter().map(|b| b.at).collect();
        parts.split_sentences_at(&cuts);
        let costs: HashMap<usize, (f32, bool)> = boundaries
            .iter()
            .map(|b| (b.at, (b.cost, b.clause)))
            .collect();
        let soft_start: Vec<Option<f32>> = parts
            .sentences
            .iter()
            .map(|s| costs.get(&s.span.start).map(|c| c.0))
            .collect();
        let clause = parts
            .sentences
            .iter()
            .map(|s| costs.get(&s.span.start).is_some_and(|c| c.1))
            .collect();
        let first_unit = soft_start
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_none())
            .map(|(u, _)| u)
            .collect();
        let mut sentence = 0;
        let sentence_of = soft_start
            .iter()
            .enumerate()
            .map(|(u, soft)| {
                if u > 0 && soft.is_none() {
                    sentence += 1;
                }
                sentence
            })
            .collect();
        Parts {
            doc: parts,
            soft_start,
            clause,
            first_unit,
            sentence_of,
        }
    }

    /// The parts of the original sentences `sentences`.
    fn units_of(&self, sentences: &Range<usize>) -> Range<usize> {
        let at = |s: usize| {
            self.first_unit
                .get(s)
                .copied()
                .unwrap_or(self.soft_start.len())
        };
        at(sentences.start)..at(sentences.end)
    }

    /// The index of each part's sentence once the parts `cuts` start are
    /// cut off.
    fn final_indices(&self, cuts: &[usize]) -> Vec<usize> {
        let mut cut = vec![false; self.soft_start.len()];
        for &u in cuts {
            cut[u] = true;
        }
        let mut index = 0;
        self.soft_start
            .iter()
            .enumerate()
            .map(|(u, soft)| {
                if u > 0 && (soft.is_none() || cut[u]) {
                    index += 1;
                }
                index
            })
            .collect()
    }
}

/// Splits `doc`'s sentences where the parts `cuts` start.
fn apply_cuts(doc: &mut Document, parts: &Parts, cuts: &[usize]) {
    let at: Vec<usize> = cuts
        .iter()
        .map(|&u| parts.doc.sentences[u].span.start)
        .collect();
    let made = doc.split_sentences_at(&at);
    debug_assert_eq!(
        made,
        at.len(),
        "soft boundaries fall inside their sentences"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part with dictionary keys `lex` (weight 2 each), past a soft
    /// boundary when `soft`.
    fn part(lex: &[u32], soft: bool) -> Unit {
        Unit {
            len: 20.0,
            keys: Vec::new(),
            lex: lex.iter().map(|&k| (k, 1)).collect(),
            opens_paragraph: false,
            turn: None,
            paragraph: 0,
            time: None,
            soft_start: soft.then_some(2.5),
            foreign_words: 0,
            lexicon_words: 0,
            soft_inside: 0,
        }
    }

    const WEIGHT: [f32; 8] = [2.0; 8];

    /// [`parallel_halves`] of one 2-2 bead of parts (one sentence per side,
    /// cut at a sentence end on both sides) with these dictionary keys.
    fn halves_of(src_keys: [&[u32]; 2], tgt_keys: [&[u32]; 2]) -> Vec<Step> {
        halves_with(src_keys, tgt_keys, [Boundary::End, Boundary::End])
    }

    /// [`halves_of`] with the kind of boundary between the parts, per side.
    fn halves_with(
        src_keys: [&[u32]; 2],
        tgt_keys: [&[u32]; 2],
        kinds: [Boundary; 2],
    ) -> Vec<Step> {
        let weight = [2.0; 16];
        let src = [
            part(src_keys[0], false),
            part(src_keys[1], kinds[0] != Boundary::Sure),
        ];
        let tgt = [
            part(tgt_keys[0], false),
            part(tgt_keys[1], kinds[1] != Boundary::Sure),
        ];
        let clauses = kinds.map(|k| [false, k == Boundary::Clause]);
        let params = crate::Params::default();
        let (src_table, tgt_table) = (
            SpanTable::new(&src, 2, &weight),
            SpanTable::new(&tgt, 2, &weight),
        );
        let scorer = Scorer::plain((&src_table, &tgt_table), (&src, &tgt), &weight, &params);
        let whole = vec![Step {
            i: 0,
            a: 2,
            j: 0,
            b: 2,
        }];
        parallel_halves(whole, &scorer, (&src, &tgt), (&clauses[0], &clauses[1]))
    }

    #[test]
    fn halves_that_match_in_order_and_not_crosswise_are_split() {
        let in_order = halves_of(
            [&[0, 1, 2, 3, 4], &[5, 6, 7, 8, 9]],
            [&[0, 1, 2, 3, 4], &[5, 6, 7, 8, 9]],
        );
        assert_eq!(
            in_order,
            [
                Step {
                    i: 0,
                    a: 1,
                    j: 0,
                    b: 1
                },
                Step {
                    i: 1,
                    a: 1,
                    j: 1,
                    b: 1
                }
            ]
        );
        // The words of each half spread over both halves of the other side:
        // one sentence cut at different places, not two.
        // A run-on sentence's clause against two sentences is split; a
        // clause against a soft boundary is one sentence on both sides.
        let (src, tgt): ([&[u32]; 2], [&[u32]; 2]) = (
            [&[0, 1, 2, 3, 4], &[5, 6, 7, 8, 9]],
            [&[0, 1, 2, 3, 4], &[5, 6, 7, 8, 9]],
        );
        let run_on = halves_with(src, tgt, [Boundary::Sure, Boundary::Clause]);
        assert_eq!(run_on.len(), 2, "{run_on:?}");
        let one = halves_with(src, tgt, [Boundary::End, Boundary::Clause]);
        assert_eq!(one.len(), 1, "{one:?}");
        let spread = halves_of(
            [&[0, 1, 2, 5, 6], &[3, 4, 7, 8, 9]],
            [&[0, 1, 3, 5, 7], &[2, 4, 6, 8, 9]],
        );
        assert_eq!(
            spread,
            [Step {
                i: 0,
                a: 2,
                j: 0,
                b: 2
            }]
        );
    }

    /// The path of a 2-1 row whose first part on the first side (a
    /// heading) is left out: a 1-0 row, then the rest 1-1.
    fn heading_left_out() -> [Step; 2] {
        [
            Step {
                i: 0,
                a: 1,
                j: 0,
                b: 0,
            },
            Step {
                i: 1,
                a: 1,
                j: 0,
                b: 1,
            },
        ]
    }

    #[test]
    fn a_lone_heading_leaves_the_row_as_a_gap_on_its_side() {
        // Heading (keys 0, 1) glued to a sentence (keys 2, 3) that the
        // other side (keys 2, 3) translates.
        let src = [part(&[0, 1], false), part(&[2, 3], true)];
        let tgt = [part(&[2, 3], false)];
        let whole = vec![Step {
            i: 0,
            a: 2,
            j: 0,
            b: 1,
        }];
        let path = lone_edges(
            whole.clone(),
            ((&src, &[false, false]), (&tgt, &[false])),
            &WEIGHT,
        );
        assert_eq!(path, heading_left_out());
        // The same on the second side, the lone part at the end.
        let src = [part(&[2, 3], false)];
        let tgt = [part(&[2, 3], false), part(&[4, 5], true)];
        let whole = vec![Step {
            i: 0,
            a: 1,
            j: 0,
            b: 2,
        }];
        let path = lone_edges(whole, ((&src, &[false]), (&tgt, &[false, false])), &WEIGHT);
        assert_eq!(
            path,
            [
                Step {
                    i: 0,
                    a: 1,
                    j: 0,
                    b: 1
                },
                Step {
                    i: 1,
                    a: 0,
                    j: 1,
                    b: 1
                }
            ]
        );
    }

    #[test]
    fn a_heading_of_untranslated_words_and_its_leads_name_leaves_the_row() {
        // The heading's dictionary words have no translation anywhere on
        // the other side (no keys of weight), and its one name (text key
        // 4) is the lead's too: "США призвали Катар и его соседей
        // прекратить спор" before a lead about Qatar whose English lost
        // its heading.
        let mut heading = part(&[], false);
        heading.keys = vec![(4, 1)];
        heading.foreign_words = 4;
        let mut lead = part(&[2, 3], true);
        lead.keys = vec![(4, 1)];
        let mut english = part(&[2, 3], false);
        english.keys = vec![(4, 1)];
        let whole = vec![Step {
            i: 0,
            a: 2,
            j: 0,
            b: 1,
        }];
        let split = |heading: &Unit| {
            lone_edges(
                whole.clone(),
                (
                    (&[heading.clone(), lead.clone()], &[false, false]),
                    (&[english.clone()], &[false]),
                ),
                &WEIGHT,
            )
        };
        assert_eq!(split(&heading), heading_left_out());
        // One untranslated word says too little.
        heading.foreign_words = 1;
        assert_eq!(split(&heading), whole);
    }

    #[test]
    fn supported_edges_clause_breaks_and_thin_parts_stay() {
        let tgt = [part(&[0, 1, 2, 3], false)];
        let whole = vec![Step {
            i: 0,
            a: 2,
            j: 0,
            b: 1,
        }];
        // Both parts translated.
        let src = [part(&[0, 1], false), part(&[2, 3], true)];
        let sides = |src: &[Unit; 2], clause: &'static [bool]| -> Vec<Step> {
            lone_edges(whole.clone(), ((src, clause), (&tgt, &[false])), &WEIGHT)
        };
        assert_eq!(sides(&src, &[false, false]), whole);
        // Untranslated, but past a clause break (not a sentence end).
        let src = [part(&[6, 7], false), part(&[2, 3], true)];
        assert_eq!(sides(&src, &[false, true]), whole);
        // Untranslated, but one dictionary word says too little.
        let src = [part(&[6], false), part(&[2, 3], true)];
        assert_eq!(sides(&src, &[false, false]), whole);
    }
}
