//! Strict and lax precision, recall and F1 over beads.
//!
//! The convention is the one published sentence-alignment figures use
//! (Sennrich & Volk 2011, as implemented by Vecalign's `score.py` and used by
//! Bertalign):
//!
//! * **Precision** looks at every *system* bead that is not empty on both
//!   sides, insertions and deletions included. Strict: the bead is correct
//!   if the gold has exactly the same bead. Lax: it is also correct if some
//!   gold bead shares at least one source sentence *and* at least one target
//!   sentence with it.
//! * **Recall** is the same computation with the roles swapped (each gold
//!   bead is checked against the system beads), after removing every bead
//!   with an empty side from both gold and system.
//! * Counts are pooled over documents ([`Counts`] adds up) and the ratios
//!   are taken at the end; F1 is the harmonic mean of the pooled precision
//!   and recall. A ratio with a zero denominator is 0.
//!
//! Beads are compared as sets of indices: within one side the order of the
//! indices does not matter and duplicate beads count once (Vecalign turns
//! each alignment into a set of beads too; it compares sides as tuples in
//! file order, which gives the same result unless one file lists a side's
//! indices out of ascending order).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Add;

use crate::beads::{Bead, BeadKind};

/// Correct / wrong counts for strict and lax matching, in one direction.
///
/// For precision, "wrong" is a false positive (a system bead with no
/// match); for recall it is a false negative (a gold bead with no match).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Beads with an exact counterpart.
    pub strict_correct: usize,
    /// Beads without an exact counterpart.
    pub strict_wrong: usize,
    /// Beads with an overlapping counterpart (exact ones included).
    pub lax_correct: usize,
    /// Beads with no overlapping counterpart.
    pub lax_wrong: usize,
}

impl Tally {
    /// Number of beads looked at.
    pub fn total(&self) -> usize {
        self.strict_correct + self.strict_wrong
    }
}

sum_by_field!(Tally {
    strict_correct,
    strict_wrong,
    lax_correct,
    lax_wrong
});

/// Raw counts for one or more documents; add them up, then call
/// [`Counts::scores`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// System beads (not empty on both sides) checked against the gold.
    pub precision: Tally,
    /// Gold beads with both sides non-empty checked against the system
    /// beads with both sides non-empty.
    pub recall: Tally,
}

sum_by_field!(Counts { precision, recall });

impl std::iter::Sum for Counts {
    fn sum<I: Iterator<Item = Counts>>(iter: I) -> Counts {
        iter.fold(Counts::default(), Add::add)
    }
}

/// Precision, recall and F1 for one matching mode.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Share of system beads that are correct.
    pub precision: f64,
    /// Share of gold beads that are found.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Strict and lax scores together.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AlignmentScores {
    /// Exact bead matches.
    pub strict: Scores,
    /// Overlap on both sides counts as a match.
    pub lax: Scores,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Counts {
    /// Pooled strict and lax scores.
    pub fn scores(&self) -> AlignmentScores {
        let mode = |pc: usize, pw: usize, rc: usize, rw: usize| {
            let precision = ratio(pc, pc + pw);
            let recall = ratio(rc, rc + rw);
            Scores {
                precision,
                recall,
                f1: harmonic(precision, recall),
            }
        };
        let (p, r) = (&self.precision, &self.recall);
        AlignmentScores {
            strict: mode(
                p.strict_correct,
                p.strict_wrong,
                r.strict_correct,
                r.strict_wrong,
            ),
            lax: mode(p.lax_correct, p.lax_wrong, r.lax_correct, r.lax_wrong),
        }
    }
}

/// Checks every bead of `test` (not empty on both sides, duplicates once)
/// against `reference`: strict = same bead in `reference`, lax = some
/// reference bead shares a source and a target sentence with it.
fn tally<'a>(
    reference: impl IntoIterator<Item = &'a Bead>,
    test: impl IntoIterator<Item = &'a Bead>,
) -> Tally {
    let reference: HashSet<Bead> = reference
        .into_iter()
        .filter(|b| !b.is_empty())
        .map(Bead::normalized)
        .collect();
    // source sentence -> target sentences it is linked to in the reference
    let mut linked: HashMap<usize, HashSet<usize>> = HashMap::new();
    for b in &reference {
        for &s in &b.src {
            linked.entry(s).or_default().extend(b.tgt.iter().copied());
        }
    }
    let mut seen = HashSet::new();
    let mut t = Tally::default();
    for b in test.into_iter().filter(|b| !b.is_empty()) {
        let b = b.normalized();
        if !seen.insert(b.clone()) {
            continue;
        }
        if reference.contains(&b) {
            t.strict_correct += 1;
            t.lax_correct += 1;
        } else {
            t.strict_wrong += 1;
            let overlaps = b.src.iter().any(|s| {
                linked
                    .get(s)
                    .is_some_and(|ts| b.tgt.iter().any(|x| ts.contains(x)))
            });
            if overlaps {
                t.lax_correct += 1;
            } else {
                t.lax_wrong += 1;
            }
        }
    }
    t
}

/// Counts for one document: `gold` beads against `system` beads.
///
/// ```
/// use sverka_eval::beads::Bead;
/// use sverka_eval::metrics::count;
/// let gold = vec![Bead::new([0], [0]), Bead::new([1, 2], [1])];
/// let system = vec![Bead::new([0], [0]), Bead::new([1], [1]), Bead::new([2], [])];
/// let s = count(&gold, &system).scores();
/// assert_eq!(s.strict.precision, 1.0 / 3.0);
/// assert_eq!(s.strict.recall, 0.5);
/// assert_eq!(s.lax.precision, 2.0 / 3.0);
/// assert_eq!(s.lax.recall, 1.0);
/// ```
pub fn count(gold: &[Bead], system: &[Bead]) -> Counts {
    let precision = tally(gold, system);
    let recall = tally(
        system.iter().filter(|b| b.is_linking()),
        gold.iter().filter(|b| b.is_linking()),
    );
    Counts { precision, recall }
}

/// Scores for one document (see [`count`] to pool several).
pub fn score(gold: &[Bead], system: &[Bead]) -> AlignmentScores {
    count(gold, system).scores()
}

/// Pooled scores over many `(gold, system)` document pairs.
pub fn score_many<'a, I>(docs: I) -> AlignmentScores
where
    I: IntoIterator<Item = (&'a [Bead], &'a [Bead])>,
{
    docs.into_iter()
        .map(|(g, s)| count(g, s))
        .sum::<Counts>()
        .scores()
}

/// What became of a gold bead in the system output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The system has exactly this bead (so a bead of the same kind).
    Exact,
    /// No exact match; the system bead sharing the most sentences with it
    /// (either side; the earliest on a tie) has this kind.
    Partial(BeadKind),
    /// No system bead contains any of its sentences.
    Missed,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Exact => f.write_str("exact"),
            Outcome::Partial(k) => write!(f, "~{k}"),
            Outcome::Missed => f.write_str("none"),
        }
    }
}

/// Gold bead kind × outcome counts (see [`Outcome`]); add documents up with
/// [`Confusion::merge`].
///
/// ```
/// use sverka_eval::beads::{Bead, BeadKind};
/// use sverka_eval::metrics::{Confusion, Outcome};
/// let gold = vec![Bead::new([0], [0]), Bead::new([1, 2], [1])];
/// let system = vec![Bead::new([0], [0]), Bead::new([1], [1]), Bead::new([2], [])];
/// let c = Confusion::new(&gold, &system);
/// let one_one = BeadKind::new(1, 1);
/// assert_eq!(c.get(one_one, Outcome::Exact), 1);
/// assert_eq!(c.get(BeadKind::new(2, 1), Outcome::Partial(one_one)), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    cells: BTreeMap<BeadKind, BTreeMap<Outcome, usize>>,
}

impl Confusion {
    /// Classifies every gold bead (not empty on both sides) of one document.
    pub fn new(gold: &[Bead], system: &[Bead]) -> Confusion {
        let system: Vec<Bead> = system
            .iter()
            .filter(|b| !b.is_empty())
            .map(Bead::normalized)
            .collect();
        let exact: HashSet<&Bead> = system.iter().collect();
        let mut by_src: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut by_tgt: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, b) in system.iter().enumerate() {
            for &s in &b.src {
                by_src.entry(s).or_default().push(i);
            }
            for &t in &b.tgt {
                by_tgt.entry(t).or_default().push(i);
            }
        }
        let mut c = Confusion::default();
        for g in gold.iter().filter(|b| !b.is_empty()) {
            let g = g.normalized();
            let outcome = if exact.contains(&g) {
                Outcome::Exact
            } else {
                let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
                let hits = g
                    .src
                    .iter()
                    .flat_map(|s| by_src.get(s).into_iter().flatten())
                    .chain(
                        g.tgt
                            .iter()
                            .flat_map(|t| by_tgt.get(t).into_iter().flatten()),
                    );
                for &i in hits {
                    *shared.entry(i).or_default() += 1;
                }
                // most shared sentences, earliest bead on a tie
                let best = shared
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(&i, _)| i);
                match best {
                    Some(i) => Outcome::Partial(system[i].kind()),
                    None => Outcome::Missed,
                }
            };
            c.add(g.kind(), outcome, 1);
        }
        c
    }

    /// Adds `n` to one cell.
    pub fn add(&mut self, gold_kind: BeadKind, outcome: Outcome, n: usize) {
        *self
            .cells
            .entry(gold_kind)
            .or_default()
            .entry(outcome)
            .or_default() += n;
    }

    /// Adds another table (e.g. another document) to this one.
    pub fn merge(&mut self, other: &Confusion) {
        for (&k, row) in &other.cells {
            for (&o, &n) in row {
                self.add(k, o, n);
            }
        }
    }

    /// The count in one cell.
    pub fn get(&self, gold_kind: BeadKind, outcome: Outcome) -> usize {
        self.cells
            .get(&gold_kind)
            .and_then(|r| r.get(&outcome))
            .copied()
            .unwrap_or(0)
    }

    /// Gold kinds present, in order (`0-1`, `1-0`, `1-1`, `1-2`, …).
    pub fn gold_kinds(&self) -> Vec<BeadKind> {
        self.cells.keys().copied().collect()
    }

    /// Outcomes present in any row, in order (exact, partial by kind, none).
    pub fn outcomes(&self) -> Vec<Outcome> {
        let mut set: Vec<Outcome> = self
            .cells
            .values()
            .flat_map(|r| r.keys().copied())
            .collect();
        set.sort();
        set.dedup();
        set
    }

    /// Number of gold beads of one kind.
    pub fn row_total(&self, gold_kind: BeadKind) -> usize {
        self.cells.get(&gold_kind).map_or(0, |r| r.values().sum())
    }

    /// Number of gold beads classified.
    pub fn total(&self) -> usize {
        self.cells.values().flat_map(|r| r.values()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &[usize], tgt: &[usize]) -> Bead {
        Bead::new(src, tgt)
    }

    fn tally4(t: Tally) -> [usize; 4] {
        [t.strict_correct, t.strict_wrong, t.lax_correct, t.lax_wrong]
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let gold = vec![
            b(&[0], &[0, 1]),
            b(&[1, 2], &[2]),
            b(&[], &[3]),
            b(&[3], &[]),
            b(&[4, 5], &[4, 5]),
        ];
        let s = score(&gold, &gold);
        for m in [s.strict, s.lax] {
            assert_eq!((m.precision, m.recall, m.f1), (1.0, 1.0, 1.0));
        }
        let c = count(&gold, &gold);
        // precision sees all 5 beads, recall only the 3 linking ones
        assert_eq!(tally4(c.precision), [5, 0, 5, 0]);
        assert_eq!(tally4(c.recall), [3, 0, 3, 0]);
    }

    #[test]
    fn hand_computed_mixed_case() {
        // gold: 0-0, 1+2 - 1, [] - 2, 3 - 3+4
        let gold = vec![
            b(&[0], &[0]),
            b(&[1, 2], &[1]),
            b(&[], &[2]),
            b(&[3], &[3, 4]),
        ];
        // system: 0-0 exact; 1-1 partial; 2-2 wrong (gold 2 is with tgt 1);
        //         3-3+4 exact; [] - [] ignored
        let system = vec![
            b(&[0], &[0]),
            b(&[1], &[1]),
            b(&[2], &[2]),
            b(&[], &[]),
            b(&[3], &[3, 4]),
        ];
        let c = count(&gold, &system);
        // precision over 4 system beads: strict 2 right; lax 3 (1-1 overlaps gold [1,2]:[1])
        assert_eq!(tally4(c.precision), [2, 2, 3, 1]);
        // recall over 3 linking gold beads vs 4 linking system beads:
        // [0]:[0] exact, [1,2]:[1] overlaps [1]:[1], [3]:[3,4] exact
        assert_eq!(tally4(c.recall), [2, 1, 3, 0]);
        let s = c.scores();
        assert_eq!(s.strict.precision, 0.5);
        assert_eq!(s.strict.recall, 2.0 / 3.0);
        assert!((s.strict.f1 - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(s.lax.precision, 0.75);
        assert_eq!(s.lax.recall, 1.0);
        assert!((s.lax.f1 - 6.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn deletions_count_for_precision_only() {
        let gold = vec![b(&[0], &[0]), b(&[1], &[])];
        // matching deletion: a strict true positive in precision
        let c = count(&gold, &[b(&[0], &[0]), b(&[1], &[])]);
        assert_eq!(tally4(c.precision), [2, 0, 2, 0]);
        assert_eq!(tally4(c.recall), [1, 0, 1, 0]);
        // a system deletion that gold does not have: wrong both ways
        let c = count(&gold, &[b(&[0], &[]), b(&[], &[0]), b(&[1], &[])]);
        assert_eq!(tally4(c.precision), [1, 2, 1, 2]);
        // the gold 1-1 has no linking system bead to overlap with
        assert_eq!(tally4(c.recall), [0, 1, 0, 1]);
        assert_eq!(c.scores().strict.recall, 0.0);
        assert_eq!(c.scores().strict.f1, 0.0);
    }

    #[test]
    fn n_to_m_beads_strict_vs_lax() {
        let gold = vec![b(&[0, 1], &[0, 1, 2]), b(&[2], &[3])];
        let system = vec![b(&[0], &[0]), b(&[1], &[1, 2]), b(&[2], &[3])];
        let c = count(&gold, &system);
        assert_eq!(tally4(c.precision), [1, 2, 3, 0]);
        assert_eq!(tally4(c.recall), [1, 1, 2, 0]);
        // a bead that overlaps a gold bead on the source side only is lax-wrong
        let c = count(&gold, &[b(&[1], &[3]), b(&[0], &[0, 1, 2]), b(&[2], &[])]);
        assert_eq!(tally4(c.precision), [0, 3, 1, 2]);
    }

    #[test]
    fn index_order_and_duplicates_do_not_matter() {
        let gold = vec![b(&[1, 0], &[0]), b(&[2], &[1])];
        let system = vec![b(&[0, 1], &[0]), b(&[2], &[1]), b(&[2], &[1])];
        let s = score(&gold, &system);
        assert_eq!(s.strict.precision, 1.0);
        assert_eq!(s.strict.recall, 1.0);
        // a repeated wrong bead is counted once
        let c = count(&gold, &[b(&[5], &[5]), b(&[5], &[5])]);
        assert_eq!(tally4(c.precision), [0, 1, 0, 1]);
    }

    #[test]
    fn shifting_every_bead_scores_near_zero() {
        let n = 50;
        let gold: Vec<Bead> = (0..n).map(|i| b(&[i], &[i])).collect();
        let shifted: Vec<Bead> = std::iter::once(b(&[0], &[]))
            .chain((1..n).map(|i| b(&[i], &[i - 1])))
            .chain(std::iter::once(b(&[], &[n - 1])))
            .collect();
        let s = score(&gold, &shifted);
        assert_eq!(s.strict.precision, 0.0);
        assert_eq!(s.strict.recall, 0.0);
        assert_eq!(s.lax.f1, 0.0);
        // with 2-sentence gold beads, a one-sentence shift still overlaps (lax)
        let gold2: Vec<Bead> = (0..n).map(|i| b(&[2 * i, 2 * i + 1], &[i])).collect();
        let shifted2: Vec<Bead> = (0..n)
            .map(|i| b(&[2 * i + 1, 2 * i + 2], &[i]))
            .filter(|x| x.src.iter().all(|&s| s < 2 * n))
            .collect();
        let s = score(&gold2, &shifted2);
        assert_eq!(s.strict.f1, 0.0);
        assert_eq!(s.lax.precision, 1.0);
    }

    #[test]
    fn counts_pool_before_dividing() {
        let g1 = vec![b(&[0], &[0])];
        let s1 = vec![b(&[0], &[0])];
        let g2 = vec![b(&[0], &[0]), b(&[1], &[1]), b(&[2], &[2])];
        let s2 = vec![b(&[0, 1, 2], &[0, 1, 2])];
        let pooled = score_many([(&g1[..], &s1[..]), (&g2[..], &s2[..])]);
        // precision: 1 of 2 beads; recall: 1 of 4 gold beads
        assert_eq!(pooled.strict.precision, 0.5);
        assert_eq!(pooled.strict.recall, 0.25);
        let sum = count(&g1, &s1) + count(&g2, &s2);
        assert_eq!(sum.scores(), pooled);
        assert_eq!(Counts::default().scores(), AlignmentScores::default());
    }

    #[test]
    fn confusion_classifies_gold_beads() {
        let gold = vec![
            b(&[0], &[0]),
            b(&[1, 2], &[1]),
            b(&[], &[2]),
            b(&[3], &[3]),
            b(&[4], &[4]),
        ];
        let system = vec![
            b(&[0], &[0]),
            b(&[1], &[1]),
            b(&[2], &[]),
            b(&[], &[2]),
            b(&[3, 4], &[3, 4]),
        ];
        let mut c = Confusion::new(&gold, &system);
        let k = |s, t| BeadKind::new(s, t);
        assert_eq!(c.get(k(1, 1), Outcome::Exact), 1);
        assert_eq!(c.get(k(2, 1), Outcome::Partial(k(1, 1))), 1);
        assert_eq!(c.get(k(0, 1), Outcome::Exact), 1);
        assert_eq!(c.get(k(1, 1), Outcome::Partial(k(2, 2))), 2);
        assert_eq!(c.row_total(k(1, 1)), 3);
        assert_eq!(c.total(), 5);
        let missed = Confusion::new(&[b(&[7], &[7])], &system);
        assert_eq!(missed.get(k(1, 1), Outcome::Missed), 1);
        c.merge(&missed);
        assert_eq!(c.total(), 6);
        assert_eq!(c.gold_kinds(), vec![k(0, 1), k(1, 1), k(2, 1)]);
        assert_eq!(
            c.outcomes(),
            vec![
                Outcome::Exact,
                Outcome::Partial(k(1, 1)),
                Outcome::Partial(k(2, 2)),
                Outcome::Missed
            ]
        );
        assert_eq!(Outcome::Partial(k(2, 2)).to_string(), "~2-2");
    }
}
