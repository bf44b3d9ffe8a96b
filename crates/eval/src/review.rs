//! Review signals measured on planted problems.
//!
//! A review table is there to send a reviewer to the rows that need a look.
//! To measure that, [`plant`] makes copies of real documents with one known
//! problem each on the English side — a sentence removed (an omission), a
//! sentence replaced by one of similar length from another document (a
//! substitution), a number changed — beside the clean documents, and
//! [`assess`] checks whether the rows of an alignment point at the problem,
//! how many untouched rows carry a flag they should not (false alarms), and
//! how well the row confidence separates right rows from wrong ones
//! ([`roc_auc`], [`calibration_error`]).
//!
//! ```
//! use sverka_eval::review::{calibration_error, roc_auc};
//! let scored = [(0.9, true), (0.8, true), (0.3, false), (0.6, false)];
//! assert_eq!(roc_auc(&scored), Some(1.0));
//! assert!(calibration_error(&scored) < 0.5);
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::beads::{Bead, Side};
use crate::data::{apply_excerpt, fnv1a, Excerpt, SegmentedText, SplitMix64, WmtDoc};

/// Seed of the planting generator; changing it changes the review suite.
const PLANT_SEED: u64 = 0x5eed_0012_4e71_e301;

/// A kind of planted problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    /// One English sentence removed: its Russian partner has no counterpart.
    Omission,
    /// One English sentence replaced by a sentence of similar length from
    /// another document.
    Substitution,
    /// One digit of a number in an English sentence changed.
    Number,
}

impl Problem {
    /// All kinds, in report order.
    pub const ALL: [Problem; 3] = [Problem::Omission, Problem::Substitution, Problem::Number];

    /// Name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Problem::Omission => "omission",
            Problem::Substitution => "substitution",
            Problem::Number => "changed number",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a planted problem shows: a gold segment of one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    /// What was done.
    pub problem: Problem,
    /// The side of `segment` (for an omission the Russian side, where the
    /// partner of the removed sentence stays; else the English side).
    pub side: Side,
    /// Gold segment index on `side` in the modified document.
    pub segment: usize,
}

/// A document of the review suite: clean, or with one planted problem.
#[derive(Debug, Clone)]
pub struct PlantedDoc {
    /// `folder/document` plus the kind of variant.
    pub name: String,
    /// The (modified) document with its gold.
    pub doc: WmtDoc,
    /// The problem, or None for a clean document.
    pub planted: Option<Planted>,
    /// In the half used to fit confidence (the other half checks it).
    pub fit: bool,
}

/// The clean documents plus, for each, one copy per problem kind that it
/// allows (an omission needs 3 sentences, a substitution a sentence of 20
/// characters or more with a partner of similar length elsewhere, a number
/// a sentence with a digit). Documents are named `folder/doc`; the choice of
/// sentence is seeded by the name, so the suite is the same on every run.
pub fn plant(docs: &[(String, WmtDoc)]) -> Vec<PlantedDoc> {
    // Substitutes: English sentences of every document, by length.
    let mut pool: Vec<(usize, usize, &str)> = Vec::new();
    for (d, (_, doc)) in docs.iter().enumerate() {
        let english = english_text(doc);
        for s in english.segments() {
            pool.push((s.chars().count(), d, s));
        }
    }
    pool.sort();
    let mut out = Vec::with_capacity(docs.len() * 4);
    for (d, (name, doc)) in docs.iter().enumerate() {
        let fit = fnv1a(name).is_multiple_of(2);
        let variant = |suffix: &str, doc: WmtDoc, planted: Option<Planted>| PlantedDoc {
            name: format!("{name}{suffix}"),
            doc,
            planted,
            fit,
        };
        out.push(variant("", doc.clone(), None));
        let mut rng = SplitMix64(PLANT_SEED ^ fnv1a(name));
        if let Some((doc, planted)) = plant_omission(doc, &mut rng) {
            out.push(variant("#omission", doc, Some(planted)));
        }
        if let Some((doc, planted)) = plant_substitution(doc, d, &pool, &mut rng) {
            out.push(variant("#substitution", doc, Some(planted)));
        }
        if let Some((doc, planted)) = plant_number(doc, &mut rng) {
            out.push(variant("#number", doc, Some(planted)));
        }
    }
    out
}

fn english_side(doc: &WmtDoc) -> Side {
    doc.russian.other()
}

fn english_text(doc: &WmtDoc) -> &SegmentedText {
    match english_side(doc) {
        Side::Source => &doc.source,
        Side::Target => &doc.target,
    }
}

/// The gold partners on the other side of segment `i` of `side`.
fn partners(gold: &[Bead], side: Side, i: usize) -> Vec<usize> {
    gold.iter()
        .filter(|b| b.side(side).contains(&i))
        .flat_map(|b| b.side(side.other()).to_vec())
        .collect()
}

fn plant_omission(doc: &WmtDoc, rng: &mut SplitMix64) -> Option<(WmtDoc, Planted)> {
    let english = english_side(doc);
    let n = english_text(doc).len();
    if n < 3 {
        return None;
    }
    let k = rng.below(n);
    let partner = *partners(&doc.gold, english, k).first()?;
    let cut = apply_excerpt(
        doc,
        Excerpt {
            side: english,
            removed: k..k + 1,
        },
    );
    Some((
        cut,
        Planted {
            problem: Problem::Omission,
            side: doc.russian,
            segment: partner,
        },
    ))
}

/// A copy of `doc` whose English segment `k` reads `text` instead.
fn replace_english(doc: &WmtDoc, k: usize, text: &str) -> WmtDoc {
    let english = english_text(doc);
    let mut segments: Vec<&str> = english.segments();
    segments[k] = text;
    let rebuilt = SegmentedText::build(&segments, &english.paragraphs);
    let mut out = doc.clone();
    match english_side(doc) {
        Side::Source => out.source = rebuilt,
        Side::Target => out.target = rebuilt,
    }
    out
}

fn plant_substitution(
    doc: &WmtDoc,
    index: usize,
    pool: &[(usize, usize, &str)],
    rng: &mut SplitMix64,
) -> Option<(WmtDoc, Planted)> {
    let english = english_text(doc);
    let long: Vec<usize> = (0..english.len())
        .filter(|&i| english.segment(i).chars().count() >= 20)
        .collect();
    if long.is_empty() {
        return None;
    }
    let k = long[rng.below(long.len())];
    let len = english.segment(k).chars().count();
    let (lo, hi) = (len * 85 / 100, len * 115 / 100);
    let first = pool.partition_point(|p| p.0 < lo);
    let last = pool.partition_point(|p| p.0 <= hi);
    let candidates: Vec<&str> = pool[first..last]
        .iter()
        .filter(|p| p.1 != index)
        .map(|p| p.2)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let substitute = candidates[rng.below(candidates.len())];
    Some((
        replace_english(doc, k, substitute),
        Planted {
            problem: Problem::Substitution,
            side: english_side(doc),
            segment: k,
        },
    ))
}

fn plant_number(doc: &WmtDoc, rng: &mut SplitMix64) -> Option<(WmtDoc, Planted)> {
    let english = english_text(doc);
    let with_digits: Vec<usize> = (0..english.len())
        .filter(|&i| english.segment(i).bytes().any(|b| b.is_ascii_digit()))
        .collect();
    if with_digits.is_empty() {
        return None;
    }
    let k = with_digits[rng.below(with_digits.len())];
    let changed = change_a_digit(english.segment(k), rng);
    Some((
        replace_english(doc, k, &changed),
        Planted {
            problem: Problem::Number,
            side: english_side(doc),
            segment: k,
        },
    ))
}

/// `text` with one digit of one of its numbers replaced by another digit
/// (never a leading zero), so the number's value changes.
pub fn change_a_digit(text: &str, rng: &mut impl DigitRng) -> String {
    let bytes = text.as_bytes();
    let digits: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i].is_ascii_digit())
        .collect();
    let at = digits[rng.pick(digits.len())];
    let leading = at == 0 || !bytes[at - 1].is_ascii_digit();
    let old = bytes[at] - b'0';
    let choices: Vec<u8> = (0..10u8)
        .filter(|&d| {
            d != old
                && !(leading && d == 0 && at + 1 < bytes.len() && bytes[at + 1].is_ascii_digit())
        })
        .collect();
    let new = choices[rng.pick(choices.len())];
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    out.push(char::from(b'0' + new));
    out.push_str(&text[at + 1..]);
    out
}

/// A source of choices for [`change_a_digit`].
pub trait DigitRng {
    /// A number below `n` (n ≥ 1).
    fn pick(&mut self, n: usize) -> usize;
}

impl DigitRng for SplitMix64 {
    fn pick(&mut self, n: usize) -> usize {
        self.below(n)
    }
}

/// One row of an alignment, seen through the gold segments it touches.
#[derive(Debug, Clone, Default)]
pub struct ReviewRow {
    /// Gold segments of the source side this row's sentences overlap.
    pub src: Vec<usize>,
    /// Gold segments of the target side.
    pub tgt: Vec<usize>,
    /// The row has no sentence on the source side.
    pub src_empty: bool,
    /// The row has no sentence on the target side.
    pub tgt_empty: bool,
    /// Flag names.
    pub flags: Vec<String>,
    /// The row's confidence.
    pub confidence: f64,
}

impl ReviewRow {
    fn side(&self, side: Side) -> &[usize] {
        match side {
            Side::Source => &self.src,
            Side::Target => &self.tgt,
        }
    }

    fn empty(&self, side: Side) -> bool {
        match side {
            Side::Source => self.src_empty,
            Side::Target => self.tgt_empty,
        }
    }
}

/// What the rows of one document showed.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    /// The planted problem and whether a row pointed at it.
    pub found: Option<(Problem, bool)>,
    /// Rows that do not touch the planted segment.
    pub untouched: usize,
    /// Untouched rows whose content is right (whole gold beads) but that
    /// carry a flag, with their flags.
    pub false_alarms: Vec<Vec<String>>,
    /// Confidence of each row and whether the row is right in content: not
    /// the planted problem's row, and pairing what the gold pairs (see
    /// [`content_agrees`]).
    pub scored: Vec<(f64, bool)>,
    /// Confidence of each row and whether it is exactly one gold bead, made
    /// by this row alone (stricter: a finer or coarser row than the gold's
    /// counts as wrong).
    pub scored_exact: Vec<(f64, bool)>,
}

/// Whether a row pairs content the gold pairs: both sides touch the same
/// gold beads, or, for a gap row, only gold gaps. Rows finer than the gold
/// (segmentation cut a gold segment into pieces) or coarser (two gold
/// beads in one row) pair right content: the gold cannot say which piece of
/// a long segment translates which piece of the other, and a reviewer reads
/// a merged row as two right pairs. A piece left alone as a gap while its
/// gold bead has a translation is wrong.
fn content_agrees(row: &ReviewRow, bead_of: &HashMap<(Side, usize), usize>, gold: &[Bead]) -> bool {
    let beads = |side: Side| -> HashSet<usize> {
        row.side(side)
            .iter()
            .filter_map(|&i| bead_of.get(&(side, i)).copied())
            .collect()
    };
    let (src, tgt) = (beads(Side::Source), beads(Side::Target));
    match (src.is_empty(), tgt.is_empty()) {
        (false, false) => src == tgt,
        (true, true) => false,
        (false, true) => src.iter().all(|&b| gold[b].tgt.is_empty()),
        (true, false) => tgt.iter().all(|&b| gold[b].src.is_empty()),
    }
}

/// Checks the rows of one planted (or clean) document against its gold.
///
/// A planted problem is found when a row touching its segment shows it:
/// an omission by a row with no English or the `omission` flag; a
/// substitution by any flag, a gap row or confidence below 0.5; a changed
/// number by `numbers-differ`.
pub fn assess(doc: &PlantedDoc, rows: &[ReviewRow]) -> Assessment {
    let gold: HashSet<Bead> = doc.doc.gold.iter().map(Bead::normalized).collect();
    // Gold bead of each segment, to tell whole beads from pieces.
    let mut bead_of: HashMap<(Side, usize), usize> = HashMap::new();
    for (b, bead) in doc.doc.gold.iter().enumerate() {
        for side in [Side::Source, Side::Target] {
            for &i in bead.side(side) {
                bead_of.insert((side, i), b);
            }
        }
    }
    // How many rows touch each segment: a segment in two rows is split.
    let mut touches: HashMap<(Side, usize), usize> = HashMap::new();
    for row in rows {
        for side in [Side::Source, Side::Target] {
            for &i in row.side(side) {
                *touches.entry((side, i)).or_default() += 1;
            }
        }
    }
    let mut out = Assessment::default();
    let english = doc.doc.russian.other();
    let mut found = false;
    for row in rows {
        let touched = Bead::new(row.src.clone(), row.tgt.clone()).normalized();
        let alone = [Side::Source, Side::Target]
            .iter()
            .all(|&s| row.side(s).iter().all(|&i| touches[&(s, i)] == 1));
        let on_problem = doc
            .planted
            .as_ref()
            .is_some_and(|p| row.side(p.side).contains(&p.segment));
        if let Some(p) = doc.planted.as_ref().filter(|_| on_problem) {
            let flagged = |name: &str| row.flags.iter().any(|f| f == name);
            found |= match p.problem {
                Problem::Omission => row.empty(english) || flagged("omission"),
                Problem::Substitution => {
                    !row.flags.is_empty() || row.src_empty || row.tgt_empty || row.confidence < 0.5
                }
                Problem::Number => flagged("numbers-differ"),
            };
        }
        let substituted = on_problem
            && doc
                .planted
                .as_ref()
                .is_some_and(|p| p.problem != Problem::Omission);
        let exact = !substituted && alone && gold.contains(&touched);
        let right = !substituted && content_agrees(row, &bead_of, &doc.doc.gold);
        out.scored.push((row.confidence, right));
        out.scored_exact.push((row.confidence, exact));
        if on_problem || touched.is_empty() {
            continue;
        }
        out.untouched += 1;
        // Whole gold beads: every gold bead the row touches lies inside it.
        let mut inside: HashSet<usize> = HashSet::new();
        for side in [Side::Source, Side::Target] {
            inside.extend(
                row.side(side)
                    .iter()
                    .filter_map(|&i| bead_of.get(&(side, i))),
            );
        }
        let whole = alone
            && inside.iter().all(|&b| {
                let bead = &doc.doc.gold[b];
                bead.src.iter().all(|i| row.src.contains(i))
                    && bead.tgt.iter().all(|i| row.tgt.contains(i))
            });
        if whole && !row.flags.is_empty() {
            out.false_alarms.push(row.flags.clone());
        }
    }
    out.found = doc.planted.as_ref().map(|p| (p.problem, found));
    out
}

/// Area under the ROC curve of `(score, positive)` pairs: the chance that
/// a random positive scores above a random negative (ties count half).
/// None when one class is missing.
pub fn roc_auc(scored: &[(f64, bool)]) -> Option<f64> {
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let positives = sorted.iter().filter(|s| s.1).count() as f64;
    let negatives = sorted.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return None;
    }
    // Mann–Whitney: sum of the positives' ranks, ties given their mean rank.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let mean_rank = (i + j + 1) as f64 / 2.0;
        rank_sum += mean_rank * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    Some((rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives))
}

/// Expected calibration error over ten equal-width confidence bins: the
/// row-weighted mean gap between a bin's mean confidence and its share of
/// right rows.
pub fn calibration_error(scored: &[(f64, bool)]) -> f64 {
    if scored.is_empty() {
        return 0.0;
    }
    let mut bins = [(0.0f64, 0.0f64, 0usize); 10];
    for &(p, right) in scored {
        let bin = ((p * 10.0) as usize).min(9);
        bins[bin].0 += p;
        bins[bin].1 += f64::from(u8::from(right));
        bins[bin].2 += 1;
    }
    bins.iter()
        .filter(|b| b.2 > 0)
        .map(|&(p, r, _)| (p - r).abs())
        .sum::<f64>()
        / scored.len() as f64
}

/// Pooled figures of a review suite.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Planted problems per kind: (found, total).
    pub found: HashMap<Problem, (usize, usize)>,
    /// Untouched rows.
    pub untouched: usize,
    /// False alarms among them, by flag name.
    pub false_alarms_by_flag: HashMap<String, usize>,
    /// Rows with at least one false-alarm flag.
    pub false_alarms: usize,
    /// Rows of documents in the half confidence is checked on (not fitted).
    pub held_out: Vec<(f64, bool)>,
    /// Rows of the fitting half.
    pub fitted: Vec<(f64, bool)>,
    /// Held-out rows against exact gold beads ([`Assessment::scored_exact`]).
    pub held_out_exact: Vec<(f64, bool)>,
}

impl Tally {
    /// Adds one document's assessment.
    pub fn add(&mut self, doc: &PlantedDoc, a: &Assessment) {
        if let Some((problem, found)) = a.found {
            let entry = self.found.entry(problem).or_default();
            entry.0 += usize::from(found);
            entry.1 += 1;
        }
        self.untouched += a.untouched;
        self.false_alarms += a.false_alarms.len();
        for flags in &a.false_alarms {
            for f in flags {
                *self.false_alarms_by_flag.entry(f.clone()).or_default() += 1;
            }
        }
        if doc.fit {
            self.fitted.extend_from_slice(&a.scored);
        } else {
            self.held_out.extend_from_slice(&a.scored);
            self.held_out_exact.extend_from_slice(&a.scored_exact);
        }
    }

    /// Share of planted problems of `kind` found (None if none planted).
    pub fn found_share(&self, kind: Problem) -> Option<f64> {
        let &(found, total) = self.found.get(&kind)?;
        (total > 0).then(|| found as f64 / total as f64)
    }

    /// False alarms per 100 untouched rows.
    pub fn false_alarms_per_100(&self) -> f64 {
        if self.untouched == 0 {
            0.0
        } else {
            100.0 * self.false_alarms as f64 / self.untouched as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(Vec<usize>);
    impl DigitRng for Fixed {
        fn pick(&mut self, n: usize) -> usize {
            self.0.remove(0) % n
        }
    }

    #[test]
    fn changing_a_digit_changes_the_value_and_nothing_else() {
        assert_eq!(
            change_a_digit("in 2017 we", &mut Fixed(vec![0, 0])),
            "in 1017 we"
        );
        assert_eq!(change_a_digit("7 days", &mut Fixed(vec![0, 0])), "0 days");
        assert_eq!(change_a_digit("7 days", &mut Fixed(vec![0, 7])), "8 days");
        // a leading digit never becomes 0 in a longer number
        assert_eq!(change_a_digit("12", &mut Fixed(vec![0, 0])), "22");
    }

    #[test]
    fn auc_counts_ties_half_and_needs_both_classes() {
        assert_eq!(roc_auc(&[(0.5, true), (0.5, false)]), Some(0.5));
        assert_eq!(roc_auc(&[(0.2, true), (0.9, false)]), Some(0.0));
        assert_eq!(roc_auc(&[(0.2, true)]), None);
    }

    #[test]
    fn calibration_error_is_zero_when_confidence_matches_accuracy() {
        let scored: Vec<(f64, bool)> = (0..10).map(|i| (0.75, i % 4 != 0)).collect();
        // 0.75 confidence, 7 of 10 right (i = 0, 4, 8 wrong)
        assert!((calibration_error(&scored) - 0.05).abs() < 1e-9);
        assert_eq!(calibration_error(&[(1.0, true), (0.0, false)]), 0.0);
    }

    #[test]
    fn an_omission_is_found_by_a_row_without_english() {
        let gold: Vec<Bead> = vec![Bead::new([0], []), Bead::new([1], [0])];
        let text = SegmentedText::build(&["A.", "B."], &[0, 0]);
        let doc = PlantedDoc {
            name: "x".into(),
            doc: WmtDoc {
                name: "x".into(),
                pair: crate::data::WmtPair::RuEn,
                source: text.clone(),
                target: SegmentedText::build(&["b."], &[0]),
                gold,
                russian: Side::Source,
                has_ref_b: false,
                excerpt: None,
            },
            planted: Some(Planted {
                problem: Problem::Omission,
                side: Side::Source,
                segment: 0,
            }),
            fit: false,
        };
        let merged = vec![ReviewRow {
            src: vec![0, 1],
            tgt: vec![0],
            confidence: 1.0,
            ..ReviewRow::default()
        }];
        let a = assess(&doc, &merged);
        assert_eq!(a.found, Some((Problem::Omission, false)));
        assert_eq!(a.scored, vec![(1.0, false)]);
        let split = vec![
            ReviewRow {
                src: vec![0],
                tgt_empty: true,
                flags: vec!["omission".into()],
                confidence: 0.9,
                ..ReviewRow::default()
            },
            ReviewRow {
                src: vec![1],
                tgt: vec![0],
                flags: vec!["length-odd".into()],
                confidence: 0.8,
                ..ReviewRow::default()
            },
        ];
        let a = assess(&doc, &split);
        assert_eq!(a.found, Some((Problem::Omission, true)));
        assert_eq!(a.untouched, 1);
        assert_eq!(a.false_alarms, vec![vec!["length-odd".to_string()]]);
        assert_eq!(a.scored, vec![(0.9, true), (0.8, true)]);
    }
}

/// Fits a logistic regression `P(y) = 1 / (1 + exp(-(b + w·x)))` by
/// Newton's method with a small L2 penalty on the weights (not the bias),
/// which keeps the fit stable when an input rarely varies. Returns the
/// weights and the bias.
pub fn fit_logistic(inputs: &[Vec<f64>], labels: &[bool], penalty: f64) -> (Vec<f64>, f64) {
    let k = inputs.first().map_or(0, Vec::len) + 1;
    let mut theta = vec![0.0; k];
    for _ in 0..50 {
        let mut gradient = vec![0.0; k];
        let mut hessian = vec![vec![0.0; k]; k];
        for (x, &y) in inputs.iter().zip(labels) {
            let row: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            let z: f64 = row.iter().zip(&theta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let error = p - f64::from(u8::from(y));
            let curvature = (p * (1.0 - p)).max(1e-9);
            for a in 0..k {
                gradient[a] += error * row[a];
                for b in 0..k {
                    hessian[a][b] += curvature * row[a] * row[b];
                }
            }
        }
        for a in 1..k {
            gradient[a] += penalty * theta[a];
            hessian[a][a] += penalty;
        }
        let step = solve(hessian, gradient);
        let mut largest: f64 = 0.0;
        for (t, s) in theta.iter_mut().zip(&step) {
            *t -= s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-7 {
            break;
        }
    }
    (theta[1..].to_vec(), theta[0])
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        let pivot_row = a[col].clone();
        for row in col + 1..n {
            let f = a[row][col] / d;
            if f != 0.0 {
                for (cell, &p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                    *cell -= f * p;
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = if a[row][row].abs() < 1e-12 {
            0.0
        } else {
            (b[row] - s) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod fit_tests {
    use super::fit_logistic;

    #[test]
    fn logistic_fit_recovers_a_known_model() {
        // y is true exactly when x > 0.5: a steep positive weight, bias ≈ -w/2.
        let inputs: Vec<Vec<f64>> = (0..200).map(|i| vec![f64::from(i) / 200.0]).collect();
        let labels: Vec<bool> = inputs.iter().map(|x| x[0] > 0.5).collect();
        let (w, b) = fit_logistic(&inputs, &labels, 0.01);
        assert!(w[0] > 10.0, "{w:?}");
        assert!((b / w[0] + 0.5).abs() < 0.05, "{b} {w:?}");
    }
}
