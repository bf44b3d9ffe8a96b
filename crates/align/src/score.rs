//! Cost of a candidate bead: bead-type prior, length model, lexical evidence
//! and structure. Lower is better; costs are in nats-like units so they add
//! up along a path.

use crate::features::Unit;
use crate::Params;

/// Merged evidence of a span of units on one side.
#[derive(Debug, Clone, Default)]
pub struct Span {
    pub len: f32,
    pub keys: Vec<(u32, u16)>,
    pub total_weight: f32,
    pub lex: Vec<(u32, u16)>,
    pub lex_total: f32,
    /// Some unit after the first opens a paragraph: the span crosses a boundary.
    pub crosses_paragraph: bool,
    pub opens_paragraph: bool,
    pub turn: Option<bool>,
    /// Union of the units' times, when timed.
    pub time: Option<(u64, u64)>,
}

/// The span of time covering both, when both are known.
pub fn union_time(a: Option<(u64, u64)>, b: Option<(u64, u64)>) -> Option<(u64, u64)> {
    let (a, b) = (a?, b?);
    Some((a.0.min(b.0), a.1.max(b.1)))
}

/// Merges sorted key lists, adding counts.
pub fn merge_keys(a: &[(u32, u16)], b: &[(u32, u16)]) -> Vec<(u32, u16)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1.saturating_add(b[j].1)));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Matched weight of two key lists: sum over shared keys of min count × weight.
pub fn matched_weight(a: &[(u32, u16)], b: &[(u32, u16)], weight: &[f32]) -> f32 {
    let (mut i, mut j) = (0, 0);
    let mut sum = 0.0;
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weight[a[i].0 as usize] * f32::from(a[i].1.min(b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Spans of 1..=max units starting at every index, precomputed once.
pub struct SpanTable {
    /// `spans[k][i]` covers units `i..i+k+1`.
    pub spans: Vec<Vec<Span>>,
}

impl SpanTable {
    pub fn new(units: &[Unit], max: usize, weight: &[f32]) -> SpanTable {
        let mut spans: Vec<Vec<Span>> = Vec::with_capacity(max);
        let single: Vec<Span> = units
            .iter()
            .map(|u| Span {
                len: u.len,
                total_weight: u
                    .keys
                    .iter()
                    .map(|&(k, c)| weight[k as usize] * f32::from(c))
                    .sum(),
                keys: u.keys.clone(),
                lex_total: u
                    .lex
                    .iter()
                    .map(|&(k, c)| weight[k as usize] * f32::from(c))
                    .sum(),
                lex: u.lex.clone(),
                crosses_paragraph: false,
                opens_paragraph: u.opens_paragraph,
                turn: u.turn,
                time: u.time,
            })
            .collect();
        spans.push(single);
        for k in 1..max {
            let prev = &spans[k - 1];
            let next: Vec<Span> = (0..units.len().saturating_sub(k))
                .map(|i| {
                    let head = &prev[i];
                    let tail = &spans[0][i + k];
                    Span {
                        len: head.len + tail.len,
                        keys: merge_keys(&head.keys, &tail.keys),
                        total_weight: head.total_weight + tail.total_weight,
                        lex: merge_keys(&head.lex, &tail.lex),
                        lex_total: head.lex_total + tail.lex_total,
                        crosses_paragraph: head.crosses_paragraph || units[i + k].opens_paragraph,
                        opens_paragraph: head.opens_paragraph,
                        turn: head.turn,
                        time: union_time(head.time, tail.time),
                    }
                })
                .collect();
            spans.push(next);
        }
        SpanTable { spans }
    }

    pub fn get(&self, start: usize, count: usize) -> Option<&Span> {
        self.spans.get(count.checked_sub(1)?)?.get(start)
    }
}

/// Per-document length model: log ratio of lengths ~ Normal(mu, sigma²),
/// with extra variance for short sentences.
#[derive(Debug, Clone, Copy)]
pub struct LengthModel {
    pub mu: f32,
    pub sigma2: f32,
}

impl LengthModel {
    pub fn estimate(src: &[Unit], tgt: &[Unit], params: &Params) -> LengthModel {
        let total_src: f32 = src.iter().map(|u| u.len).sum::<f32>() + 1.0;
        let total_tgt: f32 = tgt.iter().map(|u| u.len).sum::<f32>() + 1.0;
        LengthModel {
            mu: (total_tgt / total_src).ln(),
            sigma2: params.length_sigma * params.length_sigma,
        }
    }

    /// Negative log-likelihood of the length pair, up to a constant.
    pub fn cost(&self, src_len: f32, tgt_len: f32, params: &Params) -> f32 {
        let smooth = params.length_smoothing;
        let x = ((tgt_len + smooth) / (src_len + smooth)).ln() - self.mu;
        let short = params.short_variance / (src_len + tgt_len + 1.0);
        let var = self.sigma2 + short;
        x * x / (2.0 * var) + 0.5 * (var / self.sigma2).ln()
    }

    /// Standard score of the length pair (for flags).
    pub fn z(&self, src_len: f32, tgt_len: f32, params: &Params) -> f32 {
        let smooth = params.length_smoothing;
        let x = ((tgt_len + smooth) / (src_len + smooth)).ln() - self.mu;
        let var = self.sigma2 + params.short_variance / (src_len + tgt_len + 1.0);
        x / var.sqrt()
    }
}

/// Everything needed to score beads at one level.
pub struct Scorer<'a> {
    pub src: &'a SpanTable,
    pub tgt: &'a SpanTable,
    pub weight: &'a [f32],
    pub length: LengthModel,
    pub params: &'a Params,
    pub structured: bool,
}

/// The parts of a match bead's score, kept for confidence and flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct BeadEvidence {
    pub cost: f32,
    pub length_z: f32,
}

impl Scorer<'_> {
    /// Cost of aligning `a` units at `i` with `b` units at `j` (a, b ≥ 1),
    /// with the length z-score for flags.
    pub fn match_cost(&self, i: usize, a: usize, j: usize, b: usize) -> Option<BeadEvidence> {
        let cost = self.bead_cost(i, a, j, b, f32::INFINITY)?;
        let (s, t) = (self.src.get(i, a)?, self.tgt.get(j, b)?);
        Some(BeadEvidence {
            cost,
            length_z: self.length.z(s.len, t.len, self.params),
        })
    }

    /// Cost of aligning `a` units at `i` with `b` units at `j`, or None when
    /// a span is outside the documents or the cost is surely not below
    /// `bound` (the search passes what would have to be beaten; parts are
    /// computed cheapest first and bounds on the rest end the work early).
    pub fn bead_cost(&self, i: usize, a: usize, j: usize, b: usize, bound: f32) -> Option<f32> {
        // Pruning must never drop a bead that could win: leave a margin for
        // rounding between the bound and the exact cost.
        const MARGIN: f32 = 1e-3;
        let s = self.src.get(i, a)?;
        let t = self.tgt.get(j, b)?;
        let p = self.params;
        let mut cost = p.type_cost(a, b) + p.length_weight * self.length.cost(s.len, t.len, p);
        if self.structured {
            cost += self.structure_cost(s, t);
        }
        cost += self.time_cost(s, t);
        let lexical = s.lex_total + t.lex_total;
        // Evidence counts per sentence, so a merged bead needs more.
        let sure = (2.0 * lexical / (p.lexicon_evidence * (a + b) as f32)).min(1.0);
        let best_lexical = if lexical > 0.0 {
            // Matched weight is at most the smaller side's total.
            let best_share = 2.0 * s.lex_total.min(t.lex_total) / lexical;
            -p.lexicon_weight * sure * (best_share - p.lexicon_baseline)
        } else {
            0.0
        };
        let best_keys = -p.match_reward * s.total_weight.min(t.total_weight)
            + p.mismatch_cost * (s.total_weight - t.total_weight).abs();
        if cost + best_keys + best_lexical >= bound + MARGIN {
            return None;
        }
        let matched = matched_weight(&s.keys, &t.keys, self.weight);
        let unmatched = (s.total_weight + t.total_weight - 2.0 * matched).max(0.0);
        cost += -p.match_reward * matched + p.mismatch_cost * unmatched;
        if lexical > 0.0 {
            if cost + best_lexical >= bound + MARGIN {
                return None;
            }
            // A share, not a sum: merging sentences must not collect reward
            // from the many translated words every sentence has.
            let share = 2.0 * matched_weight(&s.lex, &t.lex, self.weight) / lexical;
            cost -= p.lexicon_weight * sure * (share - p.lexicon_baseline);
        }
        Some(cost)
    }

    fn structure_cost(&self, s: &Span, t: &Span) -> f32 {
        let p = self.params;
        let mut cost = 0.0;
        if s.crosses_paragraph || t.crosses_paragraph {
            cost += p.paragraph_cross_cost;
        }
        match (s.opens_paragraph, t.opens_paragraph) {
            (true, true) => cost -= p.paragraph_reward,
            (false, false) => {}
            _ => cost += p.paragraph_mismatch_cost,
        }
        match (s.turn, t.turn) {
            (Some(x), Some(y)) if x == y => cost -= p.turn_reward,
            (Some(_), Some(_)) => cost += p.turn_mismatch_cost,
            _ => {}
        }
        cost
    }

    /// Subtitle timing: a reward for the share of the two spans' time they
    /// share (intersection over union), a cost growing with the pause
    /// between spans that do not meet. Zero when either side is untimed.
    fn time_cost(&self, s: &Span, t: &Span) -> f32 {
        let (Some(a), Some(b)) = (s.time, t.time) else {
            return 0.0;
        };
        let p = self.params;
        let overlap = a.1.min(b.1).saturating_sub(a.0.max(b.0));
        if overlap > 0 {
            let union = a.1.max(b.1) - a.0.min(b.0);
            return -p.time_reward * overlap as f32 / union as f32;
        }
        let pause = a.0.max(b.0) - a.1.min(b.1);
        p.time_mismatch_cost * (pause as f32 / p.time_slack_ms).min(1.0)
    }

    /// Cost of leaving unit `i` of one side unmatched (besides gap open/extend).
    pub fn skip_cost(&self, span: &Span) -> f32 {
        // Evidence a skipped sentence carries is lost: charge part of it, so
        // sentences full of matchable names are not skipped lightly.
        self.params.skip_evidence_cost * span.total_weight
    }
}
