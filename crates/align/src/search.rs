//! Dynamic programming over beads inside a band of the (src × tgt) grid,
//! with affine gaps, and coarse-to-fine search that keeps time and memory
//! linear in document length.
//!
//! States per cell: M (the last bead matched sentences on both sides), X (the
//! last bead skipped a first-side sentence), Y (the last bead skipped a
//! second-side sentence). Opening a run of skipped sentences costs
//! `gap_open` once; each skipped sentence then costs only `gap_extend`, so a
//! long passage missing from one side is one cheap event, not many errors.

use std::cell::OnceCell;

use rayon::prelude::*;

use crate::features::Unit;
use crate::score::{merge_keys_into, Probe, Scorer, SpanTable};
use crate::Params;

/// A bead of a search path: `a` units from `i`, `b` units from `j`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub i: usize,
    pub a: usize,
    pub j: usize,
    pub b: usize,
}

/// For each row i in 0..=n, the inclusive column range searched.
#[derive(Debug, Clone)]
pub struct Band {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
}

impl Band {
    pub fn full(n: usize, m: usize) -> Band {
        Band {
            lo: vec![0; n + 1],
            hi: vec![m; n + 1],
        }
    }
}

const INF: f32 = f32::INFINITY;
const M: usize = 0;
const X: usize = 1;
const Y: usize = 2;

/// Runs the DP in `band` over the sub-grid whose corner is at `origin`
/// (units `origin.0..origin.0 + n` and `origin.1..origin.1 + m`) and returns
/// the best path in absolute unit indices.
pub fn dp(
    scorer: &Scorer,
    origin: (usize, usize),
    n: usize,
    m: usize,
    band: &Band,
    types: &[(usize, usize)],
    unit_sizes: (&[f32], &[f32]),
) -> Vec<Step> {
    dp_passing_refused(scorer, (origin, n, m), band, types, unit_sizes, true)
}

/// [`dp`]; `pass_refused`: whether bead types the scorer would refuse
/// are passed over without a look-up (false only to test that it changes
/// nothing).
fn dp_passing_refused(
    scorer: &Scorer,
    (origin, n, m): ((usize, usize), usize, usize),
    band: &Band,
    types: &[(usize, usize)],
    unit_sizes: (&[f32], &[f32]),
    pass_refused: bool,
) -> Vec<Step> {
    let p = scorer.params;
    let (oi, oj) = origin;
    let mut offsets = Vec::with_capacity(n + 2);
    let mut total = 0usize;
    for (lo, hi) in band.lo.iter().zip(&band.hi) {
        offsets.push(total);
        total += hi + 1 - lo;
    }
    let index = |i: usize, j: usize| -> Option<usize> {
        (j >= band.lo[i] && j <= band.hi[i]).then(|| offsets[i] + j - band.lo[i])
    };
    let mut cost = vec![[INF; 3]; total];
    // Back pointers: the bead type and the state it came from; u16 leaves
    // room for the many part shapes of a soft-boundary search.
    let mut back = vec![[0u16; 3]; total];
    let best_of = |c: &[f32; 3]| -> (f32, usize) {
        let mut best = (c[M], M);
        for s in [X, Y] {
            if c[s] < best.0 {
                best = (c[s], s);
            }
        }
        best
    };
    // Each cell's cheapest state, which every bead type ending further on
    // starts from: worked out once per cell, not once per bead.
    let mut best = vec![(INF, M); total];
    if let Some(start) = index(0, 0) {
        cost[start][M] = 0.0;
        best[start] = (0.0, M);
    }
    // Where every unit is a whole sentence, a bead type the shapes refuse
    // is scored only for a run-on sentence against several (see
    // `crate::run_on_room`): a first-side sentence with the soft boundaries
    // for it (known per row) or a second-side one (known per column). The
    // others are passed over here, not looked up to be refused: they were
    // a third of the bead types of a document's first search.
    let whole = pass_refused && scorer.src.whole_sentences() && scorer.tgt.whole_sentences();
    let refused: Vec<bool> = types
        .iter()
        .map(|&(a, b)| whole && !crate::allowed_shape(a, b, scorer.max_pieces))
        .collect();
    let mut usable = vec![Usable::Always; types.len()];
    // One probe per first-side span length, loaded once per row.
    let max_a = types.iter().map(|t| t.0).max().unwrap_or(1);
    let mut probes: Vec<Probe> = (0..=max_a)
        .map(|a| Probe::new(if a == 0 { 0 } else { scorer.weight.len() }))
        .collect();
    let max_b = types.iter().map(|t| t.1).max().unwrap_or(1);
    let window = scorer.tgt.window_at(oj, m, max_b);
    #[allow(clippy::needless_range_loop)] // i is a grid coordinate, not just an index
    for i in 0..=n {
        for (a, probe) in probes.iter_mut().enumerate().skip(1) {
            if a <= i {
                probe.load(scorer.src, oi + i - a, a);
            }
        }
        if i > 0 {
            let src_soft = scorer.src.soft_inside(oi + i - 1);
            for (use_, (&refused, &(a, b))) in usable.iter_mut().zip(refused.iter().zip(types)) {
                // A run-on first-side sentence: whether this row's has room.
                let runs_on = a == 1 && b <= crate::MAX_BEAD_SIDE && b <= src_soft + 1;
                *use_ = if !refused || runs_on {
                    Usable::Always
                } else if b == 1 && a <= crate::MAX_BEAD_SIDE {
                    Usable::IfColumnRunsOn
                } else {
                    Usable::Never
                };
            }
        }
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let here = offsets[i] + j - band.lo[i];
            let mut cell = [INF; 3];
            let mut ptr = [0u16; 3];
            for (t, &(a, b)) in types.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                match usable[t] {
                    Usable::Always => {}
                    Usable::Never => continue,
                    Usable::IfColumnRunsOn => {
                        if a > scorer.tgt.soft_inside(oj + j - 1) + 1 {
                            continue;
                        }
                    }
                }
                let Some(prev) = index(i - a, j - b) else {
                    continue;
                };
                let (prev_cost, prev_state) = best[prev];
                if prev_cost == INF {
                    continue;
                }
                let bound = cell[M] - prev_cost;
                let Some(bead) = scorer.probe_cost(&probes[a], &window, oj + j - b, b, bound)
                else {
                    continue;
                };
                let c = prev_cost + bead;
                if c < cell[M] {
                    cell[M] = c;
                    ptr[M] = (t as u16) << 2 | prev_state as u16;
                }
            }
            if i > 0 {
                if let Some(prev) = index(i - 1, j) {
                    let span = scorer.src.get(oi + i - 1, 1).expect("unit exists");
                    let step = p.gap_extend * unit_sizes.0[oi + i - 1] + scorer.skip_cost(span);
                    for (s, extra) in [(M, p.gap_open), (X, 0.0), (Y, p.gap_open)] {
                        let c = cost[prev][s] + extra + step;
                        if c < cell[X] {
                            cell[X] = c;
                            ptr[X] = s as u16;
                        }
                    }
                }
            }
            if j > 0 {
                if let Some(prev) = index(i, j - 1) {
                    let span = scorer.tgt.get(oj + j - 1, 1).expect("unit exists");
                    let step = p.gap_extend * unit_sizes.1[oj + j - 1] + scorer.skip_cost(span);
                    for (s, extra) in [(M, p.gap_open), (X, p.gap_open), (Y, 0.0)] {
                        let c = cost[prev][s] + extra + step;
                        if c < cell[Y] {
                            cell[Y] = c;
                            ptr[Y] = s as u16;
                        }
                    }
                }
            }
            cost[here] = cell;
            back[here] = ptr;
            best[here] = best_of(&cell);
        }
    }
    let end = index(n, m).expect("band reaches the end");
    let (_, mut state) = best_of(&cost[end]);
    let (mut i, mut j) = (n, m);
    let mut path = Vec::new();
    while i > 0 || j > 0 {
        let at = index(i, j).expect("path stays in band");
        let ptr = back[at][state];
        match state {
            M => {
                let (a, b) = types[(ptr >> 2) as usize];
                i -= a;
                j -= b;
                path.push(Step { i, a, j, b });
                state = (ptr & 3) as usize;
            }
            X => {
                i -= 1;
                path.push(Step { i, a: 1, j, b: 0 });
                state = ptr as usize;
            }
            _ => {
                j -= 1;
                path.push(Step { i, a: 0, j, b: 1 });
                state = ptr as usize;
            }
        }
    }
    path.reverse();
    for step in &mut path {
        step.i += oi;
        step.j += oj;
    }
    path
}

/// Whether a bead type may be scored at a row of [`dp`] (see there).
#[derive(Clone, Copy)]
enum Usable {
    Always,
    Never,
    /// When the second side's sentence ending at the column has the soft
    /// boundaries to stand against the type's first-side sentences.
    IfColumnRunsOn,
}

/// Grid size below which the whole grid is searched. Above it a coarser
/// level is searched first; the coarsest level is a full grid of up to
/// 32 × 32 units. At 128 × 128 a news story of 60 sentences was searched
/// cell by cell, most of a batch's search; at 32 × 32 batch CPU is about
/// 8 % less and every eval suite, the review suite, the ×1 and ×5 batch
/// tables and the tables of 3,688, 29,504 and 100k pairs are the same
/// (at 16 × 16 too, no faster). At 256 × 256 it was a third of the search
/// on 3,688 sentence pairs.
const FULL_GRID: usize = 1_024;

/// Span tables of both sides, as long as the longest bead side in `types`.
pub(crate) fn span_tables<'u>(
    src: &'u [Unit],
    tgt: &'u [Unit],
    types: &[(usize, usize)],
    weight: &[f32],
) -> (SpanTable<'u>, SpanTable<'u>) {
    let max_a = types.iter().map(|t| t.0).max().unwrap_or(1);
    let max_b = types.iter().map(|t| t.1).max().unwrap_or(1);
    // Both sides at once on long documents; a short one is not worth
    // waking a second thread for.
    if src.len() + tgt.len() >= PARALLEL_TABLES_FROM {
        rayon::join(
            || SpanTable::new(src, max_a, weight),
            || SpanTable::new(tgt, max_b, weight),
        )
    } else {
        (
            SpanTable::new(src, max_a, weight),
            SpanTable::new(tgt, max_b, weight),
        )
    }
}

/// Units (both sides) from which the two span tables are built at once.
const PARALLEL_TABLES_FROM: usize = 4_000;

/// One search: two unit sequences and everything that scores their beads;
/// `'u` is the units' lifetime, which the span tables built of them share.
#[derive(Clone, Copy)]
pub struct Search<'a, 'u> {
    /// Units of the first side.
    pub src: &'u [Unit],
    /// Units of the second side.
    pub tgt: &'u [Unit],
    /// How many sentences each unit stands for, per side.
    pub sizes: (&'a [f32], &'a [f32]),
    /// Weight of each evidence key.
    pub weight: &'a [f32],
    /// Scoring and search parameters.
    pub params: &'a Params,
    /// The length model.
    pub length: crate::score::LengthModel,
    /// Whether the documents carry structure (paragraphs, speaker turns).
    pub structured: bool,
    /// The lexicon is a dictionary (see [`Scorer::dictionary`]).
    pub dictionary: bool,
    /// Bead shapes allowed, as (first side, second side) unit counts.
    pub types: &'a [(usize, usize)],
    /// Most sentences on one side of a bead (see [`Scorer::max_pieces`]).
    pub max_pieces: usize,
    /// Where the span tables of `src` and `tgt` go once built, for a
    /// caller that needs them again after the search; None to build them
    /// for this search alone. Built after the coarser levels' search, so
    /// that their tables and these are never held at once.
    pub tables: Option<&'a OnceCell<(SpanTable<'u>, SpanTable<'u>)>>,
}

impl<'u> Search<'_, 'u> {
    /// The span tables: the shared ones (built now if need be), or new
    /// ones in `owned`.
    fn tables<'t>(
        &'t self,
        owned: &'t mut Option<(SpanTable<'u>, SpanTable<'u>)>,
    ) -> (&'t SpanTable<'u>, &'t SpanTable<'u>) {
        let build = || span_tables(self.src, self.tgt, self.types, self.weight);
        let (src, tgt) = match self.tables {
            Some(shared) => shared.get_or_init(build),
            None => owned.insert(build()),
        };
        (src, tgt)
    }

    fn scorer<'t>(
        &'t self,
        src_table: &'t SpanTable<'t>,
        tgt_table: &'t SpanTable<'t>,
    ) -> Scorer<'t> {
        Scorer {
            src: src_table,
            tgt: tgt_table,
            weight: self.weight,
            length: self.length,
            params: self.params,
            structured: self.structured,
            dictionary: self.dictionary,
            max_pieces: self.max_pieces,
        }
    }

    /// Aligns the two sequences, recursing on pairs of units when the grid
    /// is large.
    pub fn align(&self) -> Vec<Step> {
        match self.coarse_plan() {
            None => self.full_grid(),
            Some(plan) => self.search_plan(&plan),
        }
    }

    /// Aligns the two sequences like [`Search::align`], with a length model
    /// that `reestimate` draws from a first path; returns the path and the
    /// model to describe its beads with. A long document's first path is
    /// only a sample of the band's stretches, spread over the document,
    /// before the search in full with the model drawn from it; the beads
    /// are then described with the model of that whole path. A first path
    /// in full cost a third of the search, and the sample finds the same
    /// path: on 99,576 WMT21 sentence pairs the rows are the same. A
    /// shorter document is searched in full, then again near that path.
    pub fn align_reestimating(
        &self,
        reestimate: impl Fn(&[Step], crate::score::LengthModel) -> Option<crate::score::LengthModel>,
    ) -> (Vec<Step>, crate::score::LengthModel) {
        let again = |length| Search { length, ..*self };
        let (n, m) = (self.src.len(), self.tgt.len());
        if n + m >= SAMPLED_FROM {
            if let Some(plan) = self.coarse_plan() {
                let sample = sample_of(&plan.cuts, n + m);
                if sample.len() + 1 < plan.cuts.len() {
                    let first = self.search_stretches(&plan, &sample);
                    let sampled = reestimate(&first, self.length).unwrap_or(self.length);
                    let path = again(sampled).search_plan(&plan);
                    // The rows' flags and confidence use the model of the
                    // whole path, as a first path in full gives it.
                    let whole = reestimate(&path, sampled).unwrap_or(sampled);
                    return (path, whole);
                }
            }
        }
        self.again_near(self.align(), reestimate)
    }

    /// [`Search::align_reestimating`] for a short document (no sample)
    /// whose path is nearly known: the first pass searches a band around
    /// `near` instead of the whole grid or a coarser level's band. After a
    /// round of cuts at soft boundaries the path the cuts were decided
    /// with is such a path; searching near it made the same rows in every
    /// eval suite, the review suite and the ×5 batch corpus, and took the
    /// second round's search from 0.28 to 0.22 s CPU over those 965
    /// documents.
    pub fn align_reestimating_near(
        &self,
        near: &[Step],
        reestimate: impl Fn(&[Step], crate::score::LengthModel) -> Option<crate::score::LengthModel>,
    ) -> (Vec<Step>, crate::score::LengthModel) {
        self.again_near(self.realign_near(near), reestimate)
    }

    /// The second pass of a short document: `first` searched again near
    /// itself with the length model `reestimate` draws from it (`first`
    /// as it is when the model cannot be drawn), and the model.
    fn again_near(
        &self,
        first: Vec<Step>,
        reestimate: impl Fn(&[Step], crate::score::LengthModel) -> Option<crate::score::LengthModel>,
    ) -> (Vec<Step>, crate::score::LengthModel) {
        match reestimate(&first, self.length) {
            Some(better) => (
                Search {
                    length: better,
                    ..*self
                }
                .realign_near(&first),
                better,
            ),
            None => (first, self.length),
        }
    }

    /// The band a coarser level's path gives, and its stretches; None when
    /// the grid is small enough to search whole.
    fn coarse_plan(&self) -> Option<BandPlan> {
        let (n, m) = (self.src.len(), self.tgt.len());
        if (n + 1) * (m + 1) <= FULL_GRID || n < 4 || m < 4 {
            return None;
        }
        let ((coarse_src, coarse_src_sizes), (coarse_tgt, coarse_tgt_sizes)) = rayon::join(
            || coarsen(self.src, self.sizes.0, self.weight),
            || coarsen(self.tgt, self.sizes.1, self.weight),
        );
        let coarse = Search {
            src: &coarse_src,
            tgt: &coarse_tgt,
            sizes: (&coarse_src_sizes, &coarse_tgt_sizes),
            weight: self.weight,
            params: self.params,
            length: self.length,
            structured: self.structured,
            dictionary: self.dictionary,
            types: &[(1, 1), (1, 2), (2, 1), (2, 2)],
            max_pieces: self.max_pieces.max(2),
            tables: None,
        }
        .align();
        let plan = self.plan(&coarse, 2, (&coarse_src, &coarse_tgt));
        // The coarse units are done with: freed before this level's span
        // tables are built, the largest thing a long document holds.
        drop((coarse_src, coarse_tgt));
        Some(plan)
    }

    /// Searches again near a path found before (with another length model):
    /// a band of [`Params::band_margin`] units around it, stretches in
    /// parallel. A short document too: searching its whole grid again found
    /// the same rows in every eval suite and batch table, at twice the cost
    /// of this pass.
    pub fn realign_near(&self, path: &[Step]) -> Vec<Step> {
        self.search_plan(&self.plan(path, 1, (self.src, self.tgt)))
    }

    /// The whole grid, for small documents.
    fn full_grid(&self) -> Vec<Step> {
        let (n, m) = (self.src.len(), self.tgt.len());
        let mut owned = None;
        let (src_table, tgt_table) = self.tables(&mut owned);
        let scorer = self.scorer(src_table, tgt_table);
        dp(
            &scorer,
            (0, 0),
            n,
            m,
            &Band::full(n, m),
            self.types,
            self.sizes,
        )
    }

    /// A band around `path`, found on units `scale` times as large
    /// (`path_units`, the units its steps index), and the points where it
    /// is cut into stretches between confident anchors.
    fn plan(&self, path: &[Step], scale: usize, path_units: (&[Unit], &[Unit])) -> BandPlan {
        let (n, m) = (self.src.len(), self.tgt.len());
        BandPlan {
            band: project(path, scale, n, m, self.params.band_margin),
            cuts: cut_points(path, scale, path_units.0, path_units.1, self.weight, n, m),
        }
    }

    /// Searches the band of `plan`, its stretches in parallel.
    fn search_plan(&self, plan: &BandPlan) -> Vec<Step> {
        let all: Vec<usize> = (0..plan.cuts.len().saturating_sub(1)).collect();
        self.search_stretches(plan, &all)
    }

    /// Searches the stretches `which` of `plan` (indices of their first
    /// cut, ascending), in parallel: their paths one after the other.
    fn search_stretches(&self, plan: &BandPlan, which: &[usize]) -> Vec<Step> {
        let mut owned = None;
        let (src_table, tgt_table) = self.tables(&mut owned);
        let scorer = self.scorer(src_table, tgt_table);
        search_band(
            &scorer, &plan.band, &plan.cuts, which, self.types, self.sizes,
        )
    }
}

/// Units (both sides) from which the first path, from which the length
/// model is re-estimated, searches a sample of the stretches only (see
/// [`Search::align_reestimating`]). Below it the first path is searched in
/// full, as the eval suites' documents all are.
const SAMPLED_FROM: usize = 40_000;

/// Units (both sides) the sample's stretches hold together, about.
const SAMPLE_UNITS: usize = 8_000;

/// Stretches (indices into `cuts`' windows) spread evenly over a document
/// of `units` units (both sides), holding about [`SAMPLE_UNITS`].
fn sample_of(cuts: &[(usize, usize)], units: usize) -> Vec<usize> {
    let stretches = cuts.len().saturating_sub(1);
    let size = |k: usize| (cuts[k + 1].0 - cuts[k].0) + (cuts[k + 1].1 - cuts[k].1);
    // Every `step`-th stretch, `step` chosen from the average stretch.
    let average = units / stretches.max(1);
    let wanted = SAMPLE_UNITS.div_ceil(average.max(1)).max(1);
    let step = (stretches / wanted).max(1);
    let mut sample = Vec::new();
    let mut held = 0;
    for k in (0..stretches).step_by(step) {
        if held >= SAMPLE_UNITS {
            break;
        }
        sample.push(k);
        held += size(k);
    }
    sample
}

/// Where a banded search looks: the band, and the points that cut it into
/// independent stretches.
struct BandPlan {
    band: Band,
    cuts: Vec<(usize, usize)>,
}

/// Searches the stretches `which` between `cuts` (indices of a stretch's
/// first cut).
fn search_band(
    scorer: &Scorer,
    band: &Band,
    cuts: &[(usize, usize)],
    which: &[usize],
    types: &[(usize, usize)],
    sizes: (&[f32], &[f32]),
) -> Vec<Step> {
    {
        // Stretches between confident anchors are independent: align them in
        // parallel. Results come back in order, so the path is the same for
        // any number of threads.
        let pieces: Vec<Vec<Step>> = which
            .par_iter()
            .map(|&k| {
                let ((i0, j0), (i1, j1)) = (cuts[k], cuts[k + 1]);
                let sub = Band {
                    lo: (i0..=i1).map(|i| band.lo[i].clamp(j0, j1) - j0).collect(),
                    hi: (i0..=i1).map(|i| band.hi[i].clamp(j0, j1) - j0).collect(),
                };
                dp(scorer, (i0, j0), i1 - i0, j1 - j0, &sub, types, sizes)
            })
            .collect();
        pieces.concat()
    }
}

/// Rows between parallel stretches, at least.
const STRETCH_ROWS: usize = 1000;

/// Points where the path may be cut into independent stretches: boundaries
/// between two confident coarse 1-1 beads (strong matched evidence on both),
/// at least [`STRETCH_ROWS`] apart. Always includes both corners.
fn cut_points(
    coarse: &[Step],
    scale: usize,
    src: &[Unit],
    tgt: &[Unit],
    weight: &[f32],
    n: usize,
    m: usize,
) -> Vec<(usize, usize)> {
    let confident = |s: &Step| {
        s.a == 1
            && s.b == 1
            && crate::score::matched_weight(&src[s.i].keys, &tgt[s.j].keys, weight) >= 8.0
    };
    let mut cuts = vec![(0, 0)];
    for pair in coarse.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let (i, j) = ((scale * after.i).min(n), (scale * after.j).min(m));
        if confident(before)
            && confident(after)
            && i >= cuts.last().expect("corner").0 + STRETCH_ROWS
            && n - i >= STRETCH_ROWS
        {
            cuts.push((i, j));
        }
    }
    cuts.push((n, m));
    cuts
}

/// Most keys a coarse unit keeps: the heaviest ones. Without a cap, key
/// lists double at every level and coarse scoring stops being cheap. The
/// coarse levels, all held while the coarsest is searched, are what a
/// 100k-pair document's memory peaks at: at 16 (from 48) its peak fell
/// from 511 to 473 MB, at 12 (span tables borrowing their units' lists)
/// from about 301 to 292 MB; every eval suite and the tables of 3,688,
/// 11k shuffled and 100k pairs are the same at 12, 16, 24 or 48: the
/// heaviest keys (names, numbers, rare words) are what places a coarse
/// unit.
const COARSE_KEYS: usize = 12;

/// Merges units pairwise: the next coarser level.
fn coarsen(units: &[Unit], sizes: &[f32], weight: &[f32]) -> (Vec<Unit>, Vec<f32>) {
    let mut out = Vec::with_capacity(units.len().div_ceil(2));
    let mut out_sizes = Vec::with_capacity(units.len().div_ceil(2));
    let mut scratch = Vec::new();
    for (pair, pair_sizes) in units.chunks(2).zip(sizes.chunks(2)) {
        let first = &pair[0];
        let second = pair.get(1);
        let mut merged = Unit {
            len: first.len + second.map_or(0.0, |u| u.len),
            keys: Vec::new(),
            lex: Vec::new(),
            time: match second {
                Some(second) => crate::score::union_time(first.time, second.time),
                None => first.time,
            },
            soft_inside: if second.is_some() {
                0
            } else {
                first.soft_inside
            },
            ..*first
        };
        for (out, own, other) in [
            (&mut merged.keys, &first.keys, second.map(|u| &u.keys)),
            (&mut merged.lex, &first.lex, second.map(|u| &u.lex)),
        ] {
            scratch.clear();
            merge_keys_into(own, other.map_or(&[][..], Vec::as_slice), &mut scratch);
            keep_heaviest(&mut scratch, weight);
            out.extend_from_slice(&scratch);
        }
        out.push(merged);
        out_sizes.push(pair_sizes.iter().sum());
    }
    (out, out_sizes)
}

/// Caps a coarse unit's key list at [`COARSE_KEYS`], keeping the heaviest
/// (ties by id: the kept set is the same whatever the selection's order).
fn keep_heaviest(keys: &mut Vec<(u32, u16)>, weight: &[f32]) {
    if keys.len() > COARSE_KEYS {
        let heft = |&(k, c): &(u32, u16)| weight[k as usize] * f32::from(c);
        keys.select_nth_unstable_by(COARSE_KEYS - 1, |a, b| {
            heft(b).total_cmp(&heft(a)).then(a.0.cmp(&b.0))
        });
        keys.truncate(COARSE_KEYS);
        keys.sort_unstable_by_key(|&(k, _)| k);
    }
}

/// The fine-level band around a coarse path: every coarse bead's rectangle,
/// widened by `margin` units on each side.
fn project(coarse: &[Step], scale: usize, n: usize, m: usize, margin: usize) -> Band {
    let mut lo = vec![usize::MAX; n + 1];
    let mut hi = vec![0usize; n + 1];
    let mut cover = |i0: usize, i1: usize, j0: usize, j1: usize| {
        let rows = i0.saturating_sub(margin)..=(i1 + margin).min(n);
        let (c0, c1) = (j0.saturating_sub(margin), (j1 + margin).min(m));
        for i in rows {
            lo[i] = lo[i].min(c0);
            hi[i] = hi[i].max(c1);
        }
    };
    for step in coarse {
        let i0 = (scale * step.i).min(n);
        let i1 = (scale * (step.i + step.a)).min(n);
        let j0 = (scale * step.j).min(m);
        let j1 = (scale * (step.j + step.b)).min(m);
        cover(i0, i1, j0, j1);
    }
    cover(0, 0, 0, 0);
    cover(n, n, m, m);
    for i in 0..=n {
        if lo[i] == usize::MAX {
            lo[i] = 0;
            hi[i] = m;
        }
    }
    Band { lo, hi }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::SpanTable;
    use crate::Params;
    use proptest::prelude::*;

    proptest! {
        /// Bead types passed over at a row or column (those the scorer
        /// refuses there) change no path: sentences with and without the
        /// soft boundaries of a run-on sentence, every run-on type.
        #[test]
        fn types_passed_over_are_those_the_scorer_refuses(
            groups in proptest::collection::vec((1usize..6, 0u8..5, 3usize..60), 1..5),
            coarse_first in any::<bool>(),
        ) {
            // Sentences of one side joined in groups of one to five on the
            // other, each joined sentence with zero to four soft boundaries:
            // run-on beads win where the boundaries allow them.
            let mut fine = Vec::new();
            let mut coarse = Vec::new();
            for &(size, soft_inside, len) in &groups {
                let first = fine.len() as u32;
                for k in 0..size as u32 {
                    fine.push(crate::features::Unit {
                        len: (len + 7 * k as usize) as f32,
                        keys: vec![(first + k, 1)],
                        ..Default::default()
                    });
                }
                coarse.push(crate::features::Unit {
                    len: fine[first as usize..].iter().map(|u| u.len).sum(),
                    keys: (first..fine.len() as u32).map(|k| (k, 1)).collect(),
                    soft_inside,
                    ..Default::default()
                });
            }
            let (src, tgt) = if coarse_first { (coarse, fine) } else { (fine, coarse) };
            let weight = vec![1.5; 32];
            let mut types = crate::bead_types(3);
            types.extend([(1, 4), (1, 5), (4, 1), (5, 1)]);
            let (s, t) = (SpanTable::new(&src, 5, &weight), SpanTable::new(&tgt, 5, &weight));
            let params = Params::default();
            let scorer = Scorer::plain((&s, &t), (&src, &tgt), &weight, &params);
            let (n, m) = (src.len(), tgt.len());
            let sizes = (vec![1.0; n], vec![1.0; m]);
            let band = Band::full(n, m);
            let search = |pass| {
                dp_passing_refused(&scorer, ((0, 0), n, m), &band, &types, (&sizes.0, &sizes.1), pass)
            };
            prop_assert_eq!(search(true), search(false));
        }
    }

    /// Stretches of 1,000 units (both sides) each, `count` of them.
    fn cuts(count: usize) -> Vec<(usize, usize)> {
        (0..=count).map(|k| (500 * k, 500 * k)).collect()
    }

    #[test]
    fn a_sample_is_spread_over_the_document_and_holds_about_the_sample_size() {
        let cuts = cuts(200);
        let sample = sample_of(&cuts, 200_000);
        assert_eq!(sample.len(), SAMPLE_UNITS / 1_000);
        assert!(sample.windows(2).all(|w| w[1] - w[0] == 25), "{sample:?}");
        // A document of few stretches is all sample: it is searched in full.
        assert_eq!(sample_of(&cuts[..4], 3_000), [0, 1, 2]);
    }

    #[test]
    fn stretches_of_unequal_size_still_stop_the_sample_near_its_size() {
        let mut cuts = vec![(0, 0)];
        for k in 0..100 {
            let (i, j) = *cuts.last().unwrap();
            let size = if k % 2 == 0 { 200 } else { 1_800 };
            cuts.push((i + size, j + size));
        }
        let units = cuts.last().map_or(0, |&(i, j)| i + j);
        let sample = sample_of(&cuts, units);
        let held: usize = sample
            .iter()
            .map(|&k| (cuts[k + 1].0 - cuts[k].0) + (cuts[k + 1].1 - cuts[k].1))
            .sum();
        assert!(
            (SAMPLE_UNITS..SAMPLE_UNITS + 2 * 1_800).contains(&held),
            "{held}"
        );
        assert!(sample.len() < 100);
    }
}
