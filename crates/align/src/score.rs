//! Cost of a candidate bead: bead-type prior, length model, lexical evidence
//! and structure. Lower is better; costs are in nats-like units so they add
//! up along a path.

use std::sync::OnceLock;

use crate::features::Unit;
use crate::Params;

/// Merged evidence of a span of units on one side (a view into a
/// [`SpanTable`]).
#[derive(Debug, Clone, Copy)]
pub struct Span<'a> {
    pub len: f32,
    pub keys: &'a [(u32, u16)],
    pub total_weight: f32,
    pub lex: &'a [(u32, u16)],
    pub lex_total: f32,
    /// Some unit after the first opens a paragraph: the span crosses a boundary.
    pub crosses_paragraph: bool,
    pub opens_paragraph: bool,
    pub turn: Option<bool>,
    /// Union of the units' times, when timed.
    pub time: Option<(u64, u64)>,
    /// Sentences the span makes: units that start a sentence, plus the
    /// first unit when it starts past a soft boundary (a cut there makes
    /// it a sentence too).
    pub pieces: usize,
    /// Half the cost of the soft boundaries the span is cut at, before its
    /// first unit and after its last (the bead on the other side of each
    /// cut pays the other half).
    pub cuts: f32,
    /// A span of one unit: its [`Unit::soft_inside`]; 0 for longer spans.
    pub soft_inside: usize,
}

/// The span of time covering both, when both are known.
pub fn union_time(a: Option<(u64, u64)>, b: Option<(u64, u64)>) -> Option<(u64, u64)> {
    let (a, b) = (a?, b?);
    Some((a.0.min(b.0), a.1.max(b.1)))
}

/// A span as stored: everything but its key lists (see [`SpanTable`]).
#[derive(Debug, Clone, Copy)]
struct SpanMeta {
    len: f32,
    total_weight: f32,
    lex_total: f32,
    crosses_paragraph: bool,
    opens_paragraph: bool,
    turn: Option<bool>,
    pieces: u16,
    cuts: f32,
    soft_inside: u8,
}

impl SpanMeta {
    fn span<'a>(
        &self,
        keys: &'a [(u32, u16)],
        lex: &'a [(u32, u16)],
        time: Option<(u64, u64)>,
    ) -> Span<'a> {
        Span {
            len: self.len,
            keys,
            total_weight: self.total_weight,
            lex,
            lex_total: self.lex_total,
            crosses_paragraph: self.crosses_paragraph,
            opens_paragraph: self.opens_paragraph,
            turn: self.turn,
            time,
            pieces: usize::from(self.pieces),
            cuts: self.cuts,
            soft_inside: usize::from(self.soft_inside),
        }
    }
}

/// A span's text keys and lexicon keys.
type KeyLists<'a> = (&'a [(u32, u16)], &'a [(u32, u16)]);

/// Key lists of many spans one after another in one array (no allocation
/// per span): entry `i` has text keys `keys[bounds[i].0..bounds[i].1]` and
/// lexicon keys from `bounds[i].1` to the next entry's start.
#[derive(Debug, Default, Clone)]
struct KeyStore {
    keys: Vec<(u32, u16)>,
    bounds: Vec<(usize, usize)>,
}

impl KeyStore {
    fn with_capacity(entries: usize, keys: usize) -> KeyStore {
        KeyStore {
            keys: Vec::with_capacity(keys),
            bounds: Vec::with_capacity(entries),
        }
    }

    /// Entries stored.
    fn len(&self) -> usize {
        self.bounds.len()
    }

    /// The lists of entry `at` (which must exist).
    fn lists(&self, at: usize) -> KeyLists<'_> {
        let (start, lex_start) = self.bounds[at];
        let end = self.bounds.get(at + 1).map_or(self.keys.len(), |b| b.0);
        (&self.keys[start..lex_start], &self.keys[lex_start..end])
    }

    /// Appends an entry with the lists of `a` and `b` merged.
    fn push_merged(&mut self, (a_keys, a_lex): KeyLists<'_>, (b_keys, b_lex): KeyLists<'_>) {
        let start = self.keys.len();
        merge_keys_into(a_keys, b_keys, &mut self.keys);
        self.bounds.push((start, self.keys.len()));
        merge_keys_into(a_lex, b_lex, &mut self.keys);
    }
}

/// The key lists of a span of several units, merged from its units'.
#[derive(Debug)]
struct MergedKeys {
    /// Text keys, then lexicon keys from `lex_start`.
    keys: Box<[(u32, u16)]>,
    lex_start: usize,
}

/// Merges the key lists of `units` (text keys, lexicon keys) one unit after
/// another, as a span one unit shorter with its last unit: the counts and
/// order any way of merging them gives.
fn merge_units<'a>(mut units: impl Iterator<Item = KeyLists<'a>>) -> MergedKeys {
    let (first_keys, first_lex) = units.next().unwrap_or_default();
    let (mut keys, mut lex) = (first_keys.to_vec(), first_lex.to_vec());
    let mut scratch = Vec::new();
    for (unit_keys, unit_lex) in units {
        for (merged, more) in [(&mut keys, unit_keys), (&mut lex, unit_lex)] {
            scratch.clear();
            // Room for the longest merge at once: pushed one by one, the
            // list grew several times a merge.
            scratch.reserve(merged.len() + more.len());
            merge_keys_into(merged, more, &mut scratch);
            std::mem::swap(merged, &mut scratch);
        }
    }
    let lex_start = keys.len();
    keys.extend_from_slice(&lex);
    MergedKeys {
        keys: keys.into_boxed_slice(),
        lex_start,
    }
}

/// Merges sorted key lists, adding counts.
pub fn merge_keys(a: &[(u32, u16)], b: &[(u32, u16)]) -> Vec<(u32, u16)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    merge_keys_into(a, b, &mut out);
    out
}

/// [`merge_keys`] appending to `out`.
pub fn merge_keys_into(a: &[(u32, u16)], b: &[(u32, u16)], out: &mut Vec<(u32, u16)>) {
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
}

/// The weight of a key list: each key's weight times its count.
pub fn total_weight(keys: &[(u32, u16)], weight: &[f32]) -> f32 {
    keys.iter()
        .map(|&(k, c)| weight[k as usize] * f32::from(c))
        .sum()
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

/// One first-side span spread over a dense array indexed by key id, so
/// that its matched weight with many second-side spans (a row of the search)
/// costs one look-up per key of the other span instead of a merge of both
/// lists. Shared keys are still met in ascending id order, so the sum, and
/// every cost, is the same as [`matched_weight`]'s to the bit.
pub struct Probe {
    /// Unsaturated sums (five units of u16 counts fit): a unit can then be
    /// taken out again, and `min` with the other span's count is what the
    /// saturated sum gave.
    counts: Vec<u32>,
    /// The span loaded: first unit and unit count.
    loaded: Option<(usize, usize)>,
}

impl Probe {
    /// An empty probe for key ids below `keys`.
    pub fn new(keys: usize) -> Probe {
        Probe {
            counts: vec![0; keys],
            loaded: None,
        }
    }

    /// Loads the span of `count` units at `start` of `table` (none if it is
    /// outside), unloading the one before. Its units' lists are added up
    /// one by one: the counts of the merged list, without merging. The
    /// search loads the span one unit further on each row: then only the
    /// unit that leaves and the one that comes are read.
    pub fn load(&mut self, table: &SpanTable<'_>, start: usize, count: usize) {
        if self.loaded == Some((start, count)) {
            return;
        }
        let inside = table.summary(start, count).is_some();
        match self.loaded.take() {
            Some((old_start, old_count))
                if inside && old_count == count && old_start + 1 == start =>
            {
                self.add(table, old_start, |own, c| own - c);
                self.add(table, start + count - 1, |own, c| own + c);
            }
            Some((old_start, old_count)) => {
                for i in old_start..old_start + old_count {
                    self.add(table, i, |_, _| 0);
                }
                if inside {
                    for i in start..start + count {
                        self.add(table, i, |own, c| own + c);
                    }
                }
            }
            None if inside => {
                for i in start..start + count {
                    self.add(table, i, |own, c| own + c);
                }
            }
            None => {}
        }
        if inside {
            self.loaded = Some((start, count));
        }
    }

    /// Sets the count of each key of unit `i` to `update(count, the
    /// unit's)`. Text keys and lexicon keys are apart in the id space: one
    /// array holds both lists.
    #[inline]
    fn add(&mut self, table: &SpanTable<'_>, i: usize, update: impl Fn(u32, u32) -> u32) {
        let (keys, lex) = table.unit_keys(i);
        for &(k, c) in keys.iter().chain(lex) {
            let own = &mut self.counts[k as usize];
            *own = update(*own, u32::from(c));
        }
    }

    /// Matched weight of the loaded span's keys with `keys` (sorted).
    #[inline]
    fn matched(&self, keys: &[(u32, u16)], weight: &[f32]) -> f32 {
        let mut sum = 0.0;
        for &(k, c) in keys {
            let own = self.counts[k as usize];
            if own != 0 {
                // As a u16 sum saturated would give: `c` is below it.
                sum += weight[k as usize] * own.min(u32::from(c)) as f32;
            }
        }
        sum
    }
}

/// Spans of 1..=max units starting at every index. Everything but key lists
/// is precomputed for every span; single units' key lists are the units'
/// own (borrowed), and those of longer spans are merged when first asked
/// for ([`SpanTable::get`]). The search never asks: it loads first-side spans
/// unit by unit into a [`Probe`] and merges second-side spans per stretch
/// ([`SpanTable::window`]), so a long document never holds the merged
/// lists of all its spans (they were most of its memory: a Russian
/// sentence has some forty dictionary keys, a span of three about 120).
#[derive(Debug, Default)]
pub struct SpanTable<'u> {
    /// `meta[k][i]` is the span of `k + 1` units from unit `i`.
    meta: Vec<Vec<SpanMeta>>,
    /// `times[k][i]`: the time of that span; empty when no unit is timed
    /// (all but subtitles), which halves the size of `meta`.
    times: Vec<Vec<Option<(u64, u64)>>>,
    /// The units, whose key lists single-unit spans read: borrowed, as a
    /// copy was the largest thing a long document held (50 MB at 100k
    /// sentence pairs).
    units: &'u [Unit],
    /// `merged[k][i]`: the merged lists of the span of `k + 2` units from
    /// `i`; each level made when first asked for (the search never asks).
    merged: Vec<OnceLock<Box<[OnceLock<MergedKeys>]>>>,
    /// The window of all units ([`SpanTable::window_at`]) and the longest
    /// span it was made for.
    all: OnceLock<(usize, Window)>,
    /// See [`SpanTable::whole_sentences`].
    whole_sentences: bool,
}

impl<'u> SpanTable<'u> {
    pub fn new(units: &'u [Unit], max: usize, weight: &[f32]) -> SpanTable<'u> {
        let cut_cost = |i: usize| units.get(i).and_then(|u| u.soft_start).unwrap_or(0.0);
        let cuts = |first: usize, after: usize| 0.5 * (cut_cost(first) + cut_cost(after));
        let mut single = Vec::with_capacity(units.len());
        for (i, u) in units.iter().enumerate() {
            single.push(SpanMeta {
                len: u.len,
                total_weight: total_weight(&u.keys, weight),
                lex_total: total_weight(&u.lex, weight),
                crosses_paragraph: false,
                opens_paragraph: u.opens_paragraph,
                turn: u.turn,
                pieces: 1,
                cuts: cuts(i, i + 1),
                soft_inside: u.soft_inside,
            });
        }
        let mut meta: Vec<Vec<SpanMeta>> = Vec::with_capacity(max);
        meta.push(single);
        for k in 1..max {
            let count = units.len().saturating_sub(k);
            let (prev, first) = (&meta[k - 1], &meta[0]);
            let next: Vec<SpanMeta> = (0..count)
                .map(|i| {
                    let (head, tail) = (&prev[i], &first[i + k]);
                    SpanMeta {
                        len: head.len + tail.len,
                        total_weight: head.total_weight + tail.total_weight,
                        lex_total: head.lex_total + tail.lex_total,
                        crosses_paragraph: head.crosses_paragraph || units[i + k].opens_paragraph,
                        opens_paragraph: head.opens_paragraph,
                        turn: head.turn,
                        pieces: head.pieces + u16::from(units[i + k].soft_start.is_none()),
                        cuts: cuts(i, i + k + 1),
                        soft_inside: 0,
                    }
                })
                .collect();
            meta.push(next);
        }
        let mut times: Vec<Vec<Option<(u64, u64)>>> = Vec::new();
        if units.iter().any(|u| u.time.is_some()) {
            times.push(units.iter().map(|u| u.time).collect());
            for k in 1..max {
                let (prev, first) = (&times[k - 1], &times[0]);
                let next = (0..units.len().saturating_sub(k))
                    .map(|i| union_time(prev[i], first[i + k]))
                    .collect();
                times.push(next);
            }
        }
        let merged = meta[1..].iter().map(|_| OnceLock::new()).collect();
        SpanTable {
            meta,
            times,
            units,
            merged,
            all: OnceLock::new(),
            whole_sentences: units.iter().all(|u| u.soft_start.is_none()),
        }
    }

    /// Whether every unit starts a sentence (none starts past a soft
    /// boundary): a span then makes as many sentences as it has units.
    pub fn whole_sentences(&self) -> bool {
        self.whole_sentences
    }

    /// The soft boundaries inside unit `i` (see [`Unit::soft_inside`]).
    pub fn soft_inside(&self, i: usize) -> usize {
        usize::from(self.units[i].soft_inside)
    }

    /// The time of the span of `count` units from `start` (which must be in
    /// the table).
    fn time(&self, count: usize, start: usize) -> Option<(u64, u64)> {
        self.times.get(count - 1).and_then(|level| level[start])
    }

    /// Text keys and lexicon keys of unit `i` (which must exist).
    fn unit_keys(&self, i: usize) -> KeyLists<'u> {
        let unit = &self.units[i];
        (&unit.keys, &unit.lex)
    }

    /// The span of `count` units from `start`, with its key lists (merged
    /// now if first asked for); None outside the table.
    pub fn get(&self, start: usize, count: usize) -> Option<Span<'_>> {
        let meta = self.meta.get(count.checked_sub(1)?)?.get(start)?;
        if count == 1 {
            let (keys, lex) = self.unit_keys(start);
            return Some(meta.span(keys, lex, self.time(count, start)));
        }
        let level = self.merged[count - 2].get_or_init(|| {
            (0..self.meta[count - 1].len())
                .map(|_| OnceLock::new())
                .collect()
        });
        let merged = level[start]
            .get_or_init(|| merge_units((start..start + count).map(|i| self.unit_keys(i))));
        let (keys, lex) = merged.keys.split_at(merged.lex_start);
        Some(meta.span(keys, lex, self.time(count, start)))
    }

    /// The span of `count` units from `start` without its key lists (both
    /// empty): everything of a span a [`Probe`] holding it needs.
    pub fn summary(&self, start: usize, count: usize) -> Option<Span<'_>> {
        let meta = self.meta.get(count.checked_sub(1)?)?.get(start)?;
        Some(meta.span(&[], &[], self.time(count, start)))
    }

    /// The merged key lists of every span of 2..=`max` units inside units
    /// `start..start + len`: what a search of that stretch reads, made for
    /// it alone.
    pub fn window(&self, start: usize, len: usize, max: usize) -> Window {
        let max = max.min(self.meta.len());
        let mut levels: Vec<KeyStore> = Vec::with_capacity(max.saturating_sub(1));
        for k in 1..max {
            let count = len.saturating_sub(k);
            let mut level = KeyStore::with_capacity(count, 0);
            for i in start..start + count {
                // Each span as the one a unit shorter and its last unit.
                let head = match levels.last() {
                    None => self.unit_keys(i),
                    Some(prev) => prev.lists(i - start),
                };
                level.push_merged(head, self.unit_keys(i + k));
            }
            levels.push(level);
        }
        Window { start, levels }
    }

    /// [`SpanTable::window`] of `len` units from `start`, made once for a
    /// stretch of all units: each pass of a short document's search (all
    /// of it one stretch) read the same window, made anew.
    pub fn window_at(&self, start: usize, len: usize, max: usize) -> std::borrow::Cow<'_, Window> {
        if start == 0 && len == self.units.len() {
            let (made_for, window) = self.all.get_or_init(|| (max, self.window(0, len, max)));
            if *made_for == max {
                return std::borrow::Cow::Borrowed(window);
            }
        }
        std::borrow::Cow::Owned(self.window(start, len, max))
    }

    /// Spans of at most this many units are in the table.
    pub fn max_span(&self) -> usize {
        self.meta.len()
    }
}

/// Merged key lists of the spans of several units in a stretch of a
/// [`SpanTable`] ([`SpanTable::window`]).
#[derive(Debug, Clone)]
pub struct Window {
    /// First unit of the stretch.
    start: usize,
    /// `levels[k]`: spans of `k + 2` units, by start within the stretch.
    levels: Vec<KeyStore>,
}

impl Window {
    /// The span of `count` units from `start` (absolute) of `table`, the
    /// table the window was made of; None outside the window.
    pub fn span<'a>(
        &'a self,
        table: &'a SpanTable<'_>,
        start: usize,
        count: usize,
    ) -> Option<Span<'a>> {
        let meta = table.meta.get(count.checked_sub(1)?)?.get(start)?;
        let (keys, lex) = if count == 1 {
            table.unit_keys(start)
        } else {
            let level = self.levels.get(count - 2)?;
            let at = start.checked_sub(self.start)?;
            if at >= level.len() {
                return None;
            }
            level.lists(at)
        };
        Some(meta.span(keys, lex, table.time(count, start)))
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
        // Shrunk towards equal lengths (see `Params::length_prior_sentences`).
        let sentences = src.len().min(tgt.len()) as f32;
        let weight = sentences / (sentences + params.length_prior_sentences);
        LengthModel {
            mu: (total_tgt / total_src).ln() * weight,
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
    pub src: &'a SpanTable<'a>,
    pub tgt: &'a SpanTable<'a>,
    pub weight: &'a [f32],
    pub length: LengthModel,
    pub params: &'a Params,
    pub structured: bool,
    /// The lexicon is a dictionary (see [`crate::Features::has_lexicon`]):
    /// a sentence it does not connect to the other side of its bead is
    /// unsupported there.
    pub dictionary: bool,
    /// Most sentences on one side of a bead (units may be parts of
    /// sentences: see [`Span::pieces`]).
    pub max_pieces: usize,
}

/// The parts of a match bead's score, kept for confidence and flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct BeadEvidence {
    pub cost: f32,
    pub length_z: f32,
}

impl<'a> Scorer<'a> {
    /// The scorer of whole sentences: span tables built over `features`'
    /// units, with the options' parameters and largest bead.
    pub fn of(
        (src, tgt): &'a (SpanTable<'a>, SpanTable<'a>),
        features: &'a crate::features::Features,
        length: LengthModel,
        options: &'a crate::Options,
    ) -> Scorer<'a> {
        Scorer {
            src,
            tgt,
            weight: &features.weight,
            length,
            params: &options.params,
            structured: features.structured,
            dictionary: features.has_lexicon,
            max_pieces: options.max_bead_side,
        }
    }

    /// A scorer of plain units for tests: no structure, no dictionary,
    /// three sentences a side at most, the length model of the units.
    #[cfg(test)]
    pub(crate) fn plain(
        (src, tgt): (&'a SpanTable<'a>, &'a SpanTable<'a>),
        units: (&[Unit], &[Unit]),
        weight: &'a [f32],
        params: &'a Params,
    ) -> Scorer<'a> {
        Scorer {
            src,
            tgt,
            weight,
            length: LengthModel::estimate(units.0, units.1, params),
            params,
            structured: false,
            dictionary: false,
            max_pieces: 3,
        }
    }

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
        let s = self.src.get(i, a)?;
        let t = self.tgt.get(j, b)?;
        self.cost_of(s, t, bound, |s, t| matched_weight(s, t, self.weight))
    }

    /// [`Scorer::bead_cost`] of the first-side span loaded in `probe` (as
    /// `a` units) with `b` units at `j`, whose lists `window` (of the
    /// second side's table) holds: the search's inner loop.
    pub fn probe_cost(
        &self,
        probe: &Probe,
        window: &Window,
        j: usize,
        b: usize,
        bound: f32,
    ) -> Option<f32> {
        let (start, a) = probe.loaded?;
        let s = self.src.summary(start, a)?;
        let t = window.span(self.tgt, j, b)?;
        self.cost_of(s, t, bound, |_, t| probe.matched(t, self.weight))
    }

    /// The bead cost of spans `s` and `t`; `matched` gives the matched
    /// weight of two key lists of theirs.
    #[inline(always)]
    fn cost_of(
        &self,
        s: Span,
        t: Span,
        bound: f32,
        matched: impl Fn(&[(u32, u16)], &[(u32, u16)]) -> f32,
    ) -> Option<f32> {
        // Pruning must never drop a bead that could win: leave a margin for
        // rounding between the bound and the exact cost.
        const MARGIN: f32 = 1e-3;
        let p = self.params;
        // Shapes count sentences, not units: parts of one sentence put
        // together are one sentence.
        let (a, b) = (s.pieces, t.pieces);
        if !crate::allowed_shape(a, b, self.max_pieces)
            && !crate::run_on_room(a, b, s.soft_inside, t.soft_inside)
        {
            return None;
        }
        let cuts = s.cuts + t.cuts;
        let structure = if self.structured {
            self.structure_cost(&s, &t)
        } else {
            0.0
        };
        let time = self.time_cost(&s, &t);
        // The parts after the length term, added in the same order to any
        // start: from the bead type alone they bound the cost from below
        // (the length term is never negative and rounding is monotonic),
        // so most beads are dropped before its logarithms are taken.
        let add_rest = |mut cost: f32| {
            if cuts > 0.0 {
                cost += cuts;
            }
            if self.structured {
                cost += structure;
            }
            cost + time
        };
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
        let type_cost = p.type_cost(a, b);
        if add_rest(type_cost) + best_keys + best_lexical >= bound + MARGIN {
            return None;
        }
        let mut cost = add_rest(type_cost + p.length_weight * self.length.cost(s.len, t.len, p));
        if cost + best_keys + best_lexical >= bound + MARGIN {
            return None;
        }
        let matched_keys = matched(s.keys, t.keys);
        let unmatched = (s.total_weight + t.total_weight - 2.0 * matched_keys).max(0.0);
        cost += -p.match_reward * matched_keys + p.mismatch_cost * unmatched;
        if lexical > 0.0 {
            if cost + best_lexical >= bound + MARGIN {
                return None;
            }
            // A share, not a sum: merging sentences must not collect reward
            // from the many translated words every sentence has.
            let share = 2.0 * matched(s.lex, t.lex) / lexical;
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
    pub fn skip_cost(&self, span: Span) -> f32 {
        // Evidence a skipped sentence carries is lost: charge part of it, so
        // sentences full of matchable names are not skipped lightly.
        self.params.skip_evidence_cost * span.total_weight
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(keys: Vec<(u32, u16)>, lex: Vec<(u32, u16)>) -> Unit {
        Unit {
            len: 10.0,
            keys,
            lex,
            ..Unit::default()
        }
    }

    /// Sorted, deduplicated key lists with counts, ids below 64: text keys
    /// even, lexicon keys odd (apart, as the interner makes them).
    fn keys(odd: u32) -> impl Strategy<Value = Vec<(u32, u16)>> {
        proptest::collection::btree_map(0u32..32, 1u16..4, 0..12)
            .prop_map(move |m| m.into_iter().map(|(k, c)| (2 * k + odd, c)).collect())
    }

    proptest! {
        /// A probe loaded span after span (one unit further on, or
        /// anywhere, or outside the table) holds what a fresh probe loaded
        /// with the last span holds.
        #[test]
        fn a_probe_slid_along_holds_what_a_fresh_one_holds(
            units in proptest::collection::vec((keys(0), keys(1)), 1..8),
            loads in proptest::collection::vec((0usize..9, 1usize..4, any::<bool>()), 1..12),
        ) {
            let units: Vec<Unit> = units.into_iter().map(|(k, l)| unit(k, l)).collect();
            let weights = vec![1.0; 64];
            let table = SpanTable::new(&units, 3, &weights);
            let every_key: Vec<(u32, u16)> = (0..64).map(|k| (k, u16::MAX)).collect();
            let mut probe = Probe::new(64);
            let mut at = (0, 1);
            for (start, count, slide) in loads {
                // Slid: the span one unit further on, as each row of a search.
                at = if slide { (at.0 + 1, at.1) } else { (start, count) };
                probe.load(&table, at.0, at.1);
                let mut fresh = Probe::new(64);
                fresh.load(&table, at.0, at.1);
                prop_assert_eq!(probe.loaded, fresh.loaded);
                for key in &every_key {
                    let one = std::slice::from_ref(key);
                    prop_assert_eq!(
                        probe.matched(one, &weights).to_bits(),
                        fresh.matched(one, &weights).to_bits()
                    );
                }
            }
        }

        /// A span's lists, merged when first asked for or for a stretch,
        /// are its units' lists merged one by one; its totals are theirs.
        #[test]
        fn spans_merge_their_units(
            units in proptest::collection::vec((keys(0), keys(1)), 1..8),
            weights in proptest::collection::vec(0.5f32..4.0, 64),
            stretch in (0usize..8, 0usize..8),
        ) {
            let units: Vec<Unit> = units.into_iter().map(|(k, l)| unit(k, l)).collect();
            let table = SpanTable::new(&units, 3, &weights);
            let start = stretch.0.min(units.len());
            let len = stretch.1.min(units.len() - start);
            let window = table.window(start, len, 3);
            for count in 1..=3 {
                for i in 0..units.len() + 1 {
                    let span = table.get(i, count);
                    prop_assert_eq!(span.is_some(), i + count <= units.len());
                    let Some(span) = span else { continue };
                    let part = &units[i..i + count];
                    let fold = |of: fn(&Unit) -> &Vec<(u32, u16)>| {
                        part.iter().fold(Vec::new(), |acc, u| merge_keys(&acc, of(u)))
                    };
                    prop_assert_eq!(span.keys, &fold(|u| &u.keys)[..]);
                    prop_assert_eq!(span.lex, &fold(|u| &u.lex)[..]);
                    let total: f32 = part.iter().map(|u| total_weight(&u.keys, &weights)).sum();
                    prop_assert!((span.total_weight - total).abs() < 1e-3);
                    let summary = table.summary(i, count).expect("span exists");
                    prop_assert!(summary.keys.is_empty() && summary.lex.is_empty());
                    prop_assert_eq!(summary.total_weight.to_bits(), span.total_weight.to_bits());
                    // The window has exactly the spans inside its stretch.
                    let inside = i >= start && i + count <= start + len;
                    match window.span(&table, i, count) {
                        Some(seen) => {
                            prop_assert!(inside || count == 1);
                            prop_assert_eq!(seen.keys, span.keys);
                            prop_assert_eq!(seen.lex, span.lex);
                        }
                        None => prop_assert!(!inside),
                    }
                }
            }
        }

        /// The probe's costs equal the merge's to the bit, for every span
        /// length, after loading and unloading other spans.
        #[test]
        fn probe_costs_are_the_merge_costs(
            src in proptest::collection::vec((keys(0), keys(1)), 1..6),
            tgt in proptest::collection::vec((keys(0), keys(1)), 1..6),
            weights in proptest::collection::vec(0.5f32..4.0, 64),
        ) {
            let src: Vec<Unit> = src.into_iter().map(|(k, l)| unit(k, l)).collect();
            let tgt: Vec<Unit> = tgt.into_iter().map(|(k, l)| unit(k, l)).collect();
            let (s, t) = (SpanTable::new(&src, 3, &weights), SpanTable::new(&tgt, 3, &weights));
            let params = Params::default();
            let scorer = Scorer::plain((&s, &t), (&src, &tgt), &weights, &params);
            let mut probe = Probe::new(weights.len());
            let window = t.window(0, tgt.len(), 3);
            for i in 0..src.len() + 1 {
                for a in 1..=3 {
                    probe.load(&s, i, a);
                    for j in 0..tgt.len() + 1 {
                        for b in 1..=3 {
                            for bound in [f32::INFINITY, 0.0] {
                                let merged = scorer.bead_cost(i, a, j, b, bound);
                                let probed = scorer.probe_cost(&probe, &window, j, b, bound);
                                prop_assert_eq!(merged.map(f32::to_bits), probed.map(f32::to_bits));
                            }
                        }
                    }
                }
            }
        }
    }
}
