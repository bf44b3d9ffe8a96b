//! The sverka alignment engine: pairs the sentences of two documents into
//! beads (1-1, 2-1, 1-2, 2-2, 1-3, 3-1, up to 1-5, 2-4 and 3-3 when allowed, and
//! 1-0 / 0-1 for sentences without a counterpart), with a confidence and
//! review flags for every bead. [`align_splitting`] also cuts sentences at
//! their soft boundaries where the other text supports it (module `soft`),
//! and a text that runs on without sentence ends (speech recognition
//! output) where the other text's sentences fall (module `stream`).
//!
//! Evidence ([`features`]): a per-document length model (Gale & Church in
//! log space), numbers, names and cognates matched through a transliterated
//! consonant skeleton, punctuation, paragraphs and speaker turns, and
//! optionally a bilingual [`TranslationEvidence`]. Search (the `search` module): dynamic
//! programming with affine gap costs (long omissions are cheap as one event)
//! in a band found coarse-to-fine, so time and memory grow linearly.
//!
//! Review signals ([`signals`]): after the search, a sentence at the edge of
//! a merged bead that adds no evidence becomes its own 1-0 / 0-1 bead; each
//! bead gets its [`Evidence`], flags with `details` (numbers compared by
//! value in [`numbers`], names across scripts in [`names`], `mismatch` for
//! sides that share nothing), and a calibrated confidence ([`Calibration`]);
//! [`Alignment::verdict`] says whether the documents look like translations
//! of each other at all; [`Alignment::moves`] pairs sentences a translator
//! moved to another place ([`signals::find_moves`]).
//!
//! Pure: no file or terminal I/O.
//!
//! ```
//! use sverka_align::{align, Options};
//! use sverka_text::{Document, Lang};
//!
//! let ru = Document::from_text("В 2017 году Лавров был в Минске. Он говорил 2 часа.".into(), Lang::Ru);
//! let en = Document::from_text("In 2017, Lavrov visited Minsk. He spoke for 2 hours.".into(), Lang::En);
//! let alignment = align(&ru, &en, &Options::default());
//! let kinds: Vec<String> = alignment.beads.iter().map(|b| b.kind().to_string()).collect();
//! assert_eq!(kinds, ["1-1", "1-1"]);
//! assert!(alignment.beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
//! ```
#![deny(missing_docs)]

pub mod features;
mod layered;
mod memo;
pub mod names;
pub mod numbers;
mod params;
mod score;
mod search;
pub mod signals;
mod soft;
mod stream;

use std::fmt;
use std::ops::Range;

use features::Features;
pub use layered::LayeredLexicon;
pub use memo::MemoizedLexicon;
pub use params::Params;
pub use signals::{Calibration, Evidence};

use score::{LengthModel, Scorer};
pub use sverka_core::{BeadKind, Flag};
use sverka_text::{Document, Lang};

/// A bilingual lexicon seen by the aligner. For each sentence of a document
/// it gives translation keys: a key carried by a sentence of one side and by
/// a sentence of the other marks a word (or phrase) and its translation.
/// Implemented by the lexicon crate (dictionaries, learned translations).
///
/// Words come in matching form (lowercase, folded, see
/// `sverka_text::normalize`). The aligner looks each distinct word of a
/// document up once ([`TranslationEvidence::word_ids`]) and then asks for
/// the keys of each sentence by its words' ids
/// ([`TranslationEvidence::keys_of_words`]).
pub trait TranslationEvidence: Send + Sync {
    /// The lexicon's id of each word in `lang` (words with the same stem
    /// share it), None for a word it has no translation for; all None for
    /// a language it does not cover.
    fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>>;

    /// Appends to `keys` the keys of a sentence whose words have the ids
    /// `ids` (sorted, without repeats), in no particular order and
    /// possibly repeated.
    fn keys_of_words(&self, lang: &Lang, ids: &[u32], keys: &mut Vec<u32>);

    /// Whether it is a dictionary of the languages, so that a word without
    /// a translation on the other side is evidence against a bead. Pairs
    /// learned from the text itself (`false`) cover its frequent words
    /// only: a sentence they do not connect may still be translated.
    fn thorough(&self) -> bool {
        true
    }

    /// Keys of each sentence, sorted and without repeats: one list per
    /// sentence, each sentence as its words.
    fn sentence_keys(&self, lang: &Lang, sentences: &[Vec<&str>]) -> Vec<Vec<u32>> {
        let mut ids = Vec::new();
        sentences
            .iter()
            .map(|words| {
                ids.clear();
                ids.extend(self.word_ids(lang, words).into_iter().flatten());
                ids.sort_unstable();
                ids.dedup();
                let mut keys = Vec::new();
                self.keys_of_words(lang, &ids, &mut keys);
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect()
    }
}

/// Options of one alignment.
#[derive(Clone)]
pub struct Options {
    /// Most sentences on one side of a bead (1..=5; 3 allows 1-3 and 3-1,
    /// 5 up to 1-5, 2-4 and 3-3; see [`allowed_shape`]).
    pub max_bead_side: usize,
    /// Cut sentences at their soft boundaries where the other text
    /// supports it ([`align_splitting`]).
    pub soft_boundaries: bool,
    /// Scoring and search parameters.
    pub params: Params,
    /// A lexicon to use as evidence.
    pub lexicon: Option<std::sync::Arc<dyn TranslationEvidence>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bead_side: 3,
            soft_boundaries: true,
            params: Params::default(),
            lexicon: None,
        }
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("max_bead_side", &self.max_bead_side)
            .field("soft_boundaries", &self.soft_boundaries)
            .field("params", &self.params)
            .field("lexicon", &self.lexicon.is_some())
            .finish()
    }
}

/// Aligned sentences: ranges of sentence indices on each side.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Sentences of the first side.
    pub src: Range<usize>,
    /// Sentences of the second side.
    pub tgt: Range<usize>,
    /// How sure the aligner is, 0..=1.
    pub confidence: f32,
    /// Review flags, in a fixed order.
    pub flags: Vec<Flag>,
    /// What the flags found, briefly (`numbers: 640 ≠ 460; length: ru 84 /
    /// en 424 chars`); empty when there is nothing to say.
    pub details: String,
    /// The evidence behind the bead's confidence and flags.
    pub evidence: Evidence,
}

impl Bead {
    /// The bead kind: how many sentences of each side, e.g. `2-1`.
    pub fn kind(&self) -> BeadKind {
        BeadKind::new(self.src.len(), self.tgt.len())
    }
}

/// Whether two documents look like translations of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Most sentences are in rows whose sides share words, names or numbers.
    Ok,
    /// A good part of the text has no counterpart or little in common with it.
    Doubtful,
    /// Hardly any row shares anything: not a translation of each other.
    Unrelated,
}

impl Verdict {
    /// The verdict's name in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Doubtful => "doubtful",
            Verdict::Unrelated => "unrelated",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Below which share of sentences in supported rows a pair of `rows` rows
/// is unrelated: chance support, about 0.1 of the sentences, plus a margin
/// that narrows as rows add up (unrelated five-sentence news items reached
/// 0.44, unrelated pairs of 80 sentences and more never 0.1); without a
/// lexicon names and numbers support less, by chance or not. Set on the
/// WMT21 translations against unrelated pairs of them (`sverka-bench suite
/// review`); a pair is doubtful up to 0.1 above it. A pair of a few rows
/// says too little to call a translation doubtful: the bar stops rising
/// below about fourteen rows.
///
/// With the dictionaries the bar and the doubtful band above it sit in the
/// middle of the gap between the two: of 10 to 14 rows, unrelated pairs
/// reached 0.48 and translations never fell below 0.71 (raw text; below
/// 10 rows 0.36 and 0.67, from 25 rows 0.17 and 0.62). The bar had been
/// 0.9 / √rows capped at 0.4, close to the unrelated pairs: when the length
/// model of a short document came to be fitted to its first 1-1 rows, two
/// stories of one news agency reached 0.48 at 14 rows, above the 0.45 that
/// made a pair `ok`.
fn unrelated_below(rows: usize, lexicon_in_use: bool) -> f32 {
    let (chance, spread, most) = if lexicon_in_use {
        (0.12, 1.4, 0.5)
    } else {
        (0.05, 0.5, 0.25)
    };
    (chance + spread / (rows.max(1) as f32).sqrt()).min(most)
}

/// How far above [`unrelated_below`] a pair is still doubtful.
const DOUBTFUL_BAND: f32 = 0.1;

/// The result of aligning two documents.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// Beads in document order; every sentence of both sides is in exactly one.
    pub beads: Vec<Bead>,
    /// Length ratio (second side / first side, characters) used.
    pub length_ratio: f32,
    /// Whether a lexicon gave evidence (it decides what supports a bead).
    pub lexicon_in_use: bool,
    /// Gap sentences of the beads that translate each other at different
    /// places (the translator moved them), in order of their first side.
    pub moves: Vec<Move>,
}

/// Sentences a translator moved: first-side sentences that `beads` leave
/// out as gaps and the second-side gap sentences, elsewhere, that
/// translate them.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Sentences of the first side (each in a 1-0 bead).
    pub src: Range<usize>,
    /// Sentences of the second side (each in a 0-1 bead).
    pub tgt: Range<usize>,
}

impl Alignment {
    /// Share of all sentences (both sides) that sit in supported rows: rows
    /// with both sides whose words, names or numbers meet (see
    /// [`Evidence::supported`]), or rows of sentences the translator moved
    /// (see [`Alignment::moves`]).
    pub fn supported_share(&self) -> f32 {
        let total: usize = self.beads.iter().map(|b| b.src.len() + b.tgt.len()).sum();
        if total == 0 {
            return 0.0;
        }
        let supported: usize = self
            .beads
            .iter()
            .filter(|b| {
                b.evidence.supported(self.lexicon_in_use) && !b.flags.contains(&Flag::Mismatch)
            })
            .map(|b| b.src.len() + b.tgt.len())
            .sum();
        // A moved sentence's rows are gaps, but a move is made only on the
        // evidence a supported row has (see `signals::find_moves`).
        let moved: usize = self.moves.iter().map(|m| m.src.len() + m.tgt.len()).sum();
        (supported + moved) as f32 / total as f32
    }

    /// Whether the two documents look like translations of each other.
    pub fn verdict(&self) -> Verdict {
        let share = self.supported_share();
        let unrelated = unrelated_below(self.beads.len(), self.lexicon_in_use);
        if share < unrelated {
            Verdict::Unrelated
        } else if share < unrelated + DOUBTFUL_BAND {
            Verdict::Doubtful
        } else {
            Verdict::Ok
        }
    }
}

/// Aligns the sentences of `src` with those of `tgt`.
pub fn align(src: &Document, tgt: &Document, options: &Options) -> Alignment {
    let features = Features::extract(src, tgt, options.lexicon.as_deref());
    align_features(&features, options)
}

/// Aligns `src` with `tgt` like [`align`], and cuts sentences at their
/// soft boundaries ([`Document::soft`]) where the other text supports it:
/// a heading glued to a sentence, chat messages without punctuation, a
/// run-on transcript sentence against several. The documents come back
/// with those sentences split (rows still cover the text exactly once, in
/// order); the beads index the new sentences.
///
/// The cuts are decided where the first alignment needed merged beads or
/// gaps: there a second search runs over the parts of sentences, where
/// shapes count sentences and each cut pays its prior cost. Where every
/// bead is 1-1 no cut could help, and nothing more is done; nor in
/// documents of more than [`SOFT_MAX_SENTENCES`] sentences. Cuts are
/// decided in rounds, up to [`Params::soft_rounds`]: after each, the cut
/// documents are searched anew, and that search may call for a cut the one
/// before could not see (a run-on sentence cut once may need a second cut,
/// now that its first part has its match). The rows are those of the last
/// round's search over parts, which decided its cuts and left untranslated
/// edges as gaps.
pub fn align_splitting(src: &mut Document, tgt: &mut Document, options: &Options) -> Alignment {
    if options.soft_boundaries {
        stream::cut_running_on(src, tgt, options.lexicon.as_deref());
    }
    let within_reach = src.sentences.len().max(tgt.sentences.len()) <= SOFT_MAX_SENTENCES;
    let rounds = options.params.soft_rounds;
    let may_cut = options.soft_boundaries
        && rounds > 0
        && within_reach
        && !(src.soft.is_empty() && tgt.soft.is_empty());
    // Cuts mean extracting the documents again, each round: each sentence
    // read is kept, so that only the parts of cut sentences are read anew.
    let mut memo = if may_cut {
        features::Memo::remembering_sentences()
    } else {
        features::Memo::default()
    };
    let lexicon = options.lexicon.as_deref();
    // The path the last round's cuts were decided with (by the search over
    // the parts of sentences, with its gaps for untranslated edges) and its
    // length model. The rows come from it; the new search of each round
    // only looks for more cuts.
    let mut decided: Option<(Vec<search::Step>, LengthModel)> = None;
    for round in 0..=rounds {
        let features = Features::extract_remembering(src, tgt, lexicon, &mut memo);
        let types = search_types(&features, options, may_cut);
        // `known`: span tables already built over these features.
        let rows_decided =
            |(path, length): (Vec<search::Step>, LengthModel),
             known: Option<(score::SpanTable<'_>, score::SpanTable<'_>)>| {
                let tables = known.unwrap_or_else(|| {
                    search::span_tables(&features.src, &features.tgt, &types, &features.weight)
                });
                let length = reestimate(&path, &features, length).unwrap_or(length);
                describe(path, &features, length, &tables, options)
            };
        if round == rounds {
            if let Some(decided) = decided {
                return rows_decided(decided, None);
            }
        }
        // After a cut, the path its round decided is near the new one.
        let near = decided.as_ref().map(|(path, _)| path.as_slice());
        let mut searched = search_features(&features, options, may_cut, near);
        if !may_cut || round == rounds {
            let alignment = finish_search(searched, &features, options);
            if is_long(&features) {
                free_aside(features);
            }
            return alignment;
        }
        // Sentences the alignment leaves without counterpart are decided
        // before any cut, with its evidence: a cut must not make an
        // omission disappear.
        let tables = searched.tables.get_or_init(|| {
            search::span_tables(&features.src, &features.tgt, &types, &features.weight)
        });
        let scorer = Scorer::of(tables, &features, searched.length, options);
        // Except in a merged bead whose one sentence on a side may end
        // early (a soft boundary that looks like a sentence end): a heading
        // or message there may be the translation of the sentence evidence
        // alone would leave out, once that sentence is cut. Such a bead is
        // left to the cut search, whose lone-edge test, and the review
        // signals after it, still leave out what the other side lacks.
        // Where that sentence has only clause breaks (a run-on sentence),
        // a sentence is split off only if it makes the evidence worse:
        // left whole, a planted omission was paired with a clause.
        let one_may = |step: &search::Step, may: fn(&Document, usize) -> bool| {
            (step.b == 1 && may(tgt, step.j)) || (step.a == 1 && may(src, step.i))
        };
        searched.path =
            signals::split_unsupported_where(std::mem::take(&mut searched.path), &scorer, |step| {
                if one_may(step, soft::may_end_early) {
                    None
                } else if one_may(step, soft::may_break) {
                    Some(0.0)
                } else {
                    Some(f32::INFINITY)
                }
            });
        let length = searched.length;
        match soft::cut(src, tgt, &searched, options, &mut memo) {
            Some(path) => decided = Some((path, length)),
            None => {
                // No cut: the documents are those this round's tables are of.
                return match decided {
                    Some(decided) => rows_decided(decided, searched.tables.into_inner()),
                    None => finish_search(searched, &features, options),
                };
            }
        }
    }
    unreachable!("the last round returns")
}

/// Documents with more sentences than this on a side are aligned without
/// cutting at soft boundaries: the second search costs about as much again
/// as the first, and text that long is a corpus pasted into one file
/// (`sverka batch` aligns its documents one by one), not a transcript.
pub const SOFT_MAX_SENTENCES: usize = 10_000;

/// The bead types allowed by `max_side` (1 to 5 sentences on a side), 1-1
/// first, then by size (2-1 before 3-1 before 4-1); see [`allowed_shape`].
pub fn bead_types(max_side: usize) -> Vec<(usize, usize)> {
    let mut types: Vec<(usize, usize)> = (1..=MAX_BEAD_SIDE)
        .flat_map(|a| (1..=MAX_BEAD_SIDE).map(move |b| (a, b)))
        .filter(|&(a, b)| allowed_shape(a, b, max_side))
        .collect();
    types.sort_by_key(|&(a, b)| (a + b, a.max(b), a));
    types
}

/// Whether a bead of `a` and `b` sentences is allowed by `max_side`: each
/// side at most `max_side` (clamped to 1..=5), and in all at most one more
/// than that (4 up to `max_side` 3: 2-2 and 3-1; 5 for 4: 4-1 and 3-2; 6
/// for 5: 5-1, 4-2 and 3-3).
pub fn allowed_shape(a: usize, b: usize, max_side: usize) -> bool {
    let max_side = max_side.clamp(1, MAX_BEAD_SIDE);
    let most = (max_side + 1).max(2 * max_side.min(2));
    (1..=max_side).contains(&a) && (1..=max_side).contains(&b) && a + b <= most
}

/// Most sentences on one side of a bead that [`Options::max_bead_side`]
/// may allow.
pub const MAX_BEAD_SIDE: usize = 5;

/// Whether a bead of `a` and `b` sentences that [`allowed_shape`] refuses
/// is scored all the same: one sentence with `soft_a` (or `soft_b`) soft
/// boundaries inside against up to one more sentences than that, at most
/// [`MAX_BEAD_SIDE`]. A run-on transcript sentence against the four
/// sentences it joins is then one bead of the first search, which the cut
/// search takes apart; refused, the first search matched it with one of
/// them and left the others as gaps, which no cut undoes (gaps stay as the
/// first search finds them). With `max_bead_side` 3 this took the run-on
/// suite from 0.944 to 0.951 (0.828 to 0.849 without a lexicon) and left
/// every other suite as it was, where `--max-bead 5` for all beads lost
/// Text+Berg and omissions found without a lexicon. Such beads cost what
/// [`Params::type_cost`] says of their size.
pub fn run_on_room(a: usize, b: usize, soft_a: usize, soft_b: usize) -> bool {
    (a == 1 && b <= MAX_BEAD_SIDE && b <= soft_a + 1)
        || (b == 1 && a <= MAX_BEAD_SIDE && a <= soft_b + 1)
}

/// The bead types of a search over `features`: those of
/// [`Options::max_bead_side`], and with `run_on` one sentence against more
/// (see [`run_on_room`]) when a sentence has the soft boundaries for it.
fn search_types(features: &Features, options: &Options, run_on: bool) -> Vec<(usize, usize)> {
    let mut types = bead_types(options.max_bead_side);
    if !run_on {
        return types;
    }
    let max_side = options.max_bead_side.clamp(1, MAX_BEAD_SIDE);
    // Each side's longest run-on sentence: the room it gives is searched
    // only where it can be used (a bead type the scorer would refuse
    // everywhere costs the search as much as one it takes).
    let room = |units: &[features::Unit]| {
        let inside = units.iter().map(|u| usize::from(u.soft_inside)).max();
        (inside.unwrap_or(0) + 1).min(MAX_BEAD_SIDE)
    };
    for k in max_side + 1..=room(&features.src) {
        types.push((1, k));
    }
    for k in max_side + 1..=room(&features.tgt) {
        types.push((k, 1));
    }
    types
}

/// The result of the search, before the review signals.
struct Searched<'f> {
    path: Vec<search::Step>,
    length: LengthModel,
    /// The bead types searched (see [`search_types`]).
    types: Vec<(usize, usize)>,
    tables: std::cell::OnceCell<(score::SpanTable<'f>, score::SpanTable<'f>)>,
}

/// The search over `features`: a first pass, then a second near it with
/// the length model re-estimated from the first. `run_on`: whether a
/// run-on sentence may stand against more sentences than
/// [`Options::max_bead_side`] (see [`run_on_room`]), for a search whose
/// merged beads the cut search takes apart. `near`: a path over these
/// features known to be close (a round of cuts' decided path), around
/// which the first pass searches a band instead of the whole grid.
fn search_features<'f>(
    features: &'f Features,
    options: &Options,
    run_on: bool,
    near: Option<&[search::Step]>,
) -> Searched<'f> {
    let params = &options.params;
    let (n, m) = (features.src.len(), features.tgt.len());
    let types = search_types(features, options, run_on);
    let ones_src = vec![1.0; n];
    let ones_tgt = vec![1.0; m];
    let mut length = LengthModel::estimate(&features.src, &features.tgt, params);
    // Built once, by the search: its second pass scores beads with them,
    // and so do the review signals after.
    let tables = std::cell::OnceCell::new();
    let search = |length: LengthModel| search::Search {
        src: &features.src,
        tgt: &features.tgt,
        sizes: (&ones_src, &ones_tgt),
        weight: &features.weight,
        params,
        length,
        structured: features.structured,
        dictionary: features.has_lexicon,
        types: &types,
        max_pieces: options.max_bead_side,
        tables: Some(&tables),
    };
    let path = if params.reestimate_length {
        let reestimated = |path: &[search::Step], old| reestimate(path, features, old);
        let (path, better) = match near {
            Some(near) => search(length).align_reestimating_near(near, reestimated),
            None => search(length).align_reestimating(reestimated),
        };
        length = better;
        path
    } else {
        search(length).align()
    };
    Searched {
        path,
        length,
        types,
        tables,
    }
}

/// Aligns already extracted features (see [`Features::extract`]).
pub fn align_features(features: &Features, options: &Options) -> Alignment {
    let searched = search_features(features, options, false, None);
    finish_search(searched, features, options)
}

fn finish_search<'f>(
    searched: Searched<'f>,
    features: &'f Features,
    options: &Options,
) -> Alignment {
    let tables = searched.tables.into_inner().unwrap_or_else(|| {
        search::span_tables(
            &features.src,
            &features.tgt,
            &searched.types,
            &features.weight,
        )
    });
    describe(searched.path, features, searched.length, &tables, options)
}

/// Units (both sides) from which a document's features are freed on
/// another thread ([`free_aside`]). Its span tables, which borrow the
/// features' key lists and hold a few large arrays, are freed at once.
const FREE_ASIDE_FROM: usize = 4_000;

/// Whether `features` are a long document's, freed aside.
fn is_long(features: &Features) -> bool {
    features.src.len() + features.tgt.len() >= FREE_ASIDE_FROM
}

/// Frees `value` on a worker thread when it is a long document's: its
/// features are a million small allocations, and freeing them took as long
/// as describing the rows (0.2 s at 100k sentence pairs) while nothing
/// waits for it.
fn free_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// The beads of a path, with their review signals.
fn describe(
    path: Vec<search::Step>,
    features: &Features,
    length: LengthModel,
    tables: &(score::SpanTable<'_>, score::SpanTable<'_>),
    options: &Options,
) -> Alignment {
    let params = &options.params;
    let scorer = Scorer::of(tables, features, length, options);
    let path = signals::split_unsupported(path, &scorer);
    let path = signals::pair_gaps(path, &scorer, features);
    let mut path = signals::shift_gaps(path, &scorer, features);
    // Translations learned from the texts, and no dictionary.
    let learned_only = options.lexicon.is_some() && !features.has_lexicon;
    let described = |path: &[search::Step]| {
        // Each bead is described on its own: a long path's in parallel
        // (the order of the beads is kept).
        let mut beads: Vec<Bead> = if path.len() >= PARALLEL_DESCRIBE_FROM {
            use rayon::prelude::*;
            path.par_iter()
                .map(|step| signals::describe(step, &scorer, features))
                .collect()
        } else {
            path.iter()
                .map(|step| signals::describe(step, &scorer, features))
                .collect()
        };
        signals::finish(&mut beads, params, learned_only);
        beads
    };
    let mut beads = described(&path);
    let loose: Vec<bool> = beads
        .iter()
        .map(|b| b.kind() == BeadKind::new(1, 1) && b.flags.contains(&Flag::Mismatch))
        .collect();
    // Sentences a translator moved: gaps (or sides of loose rows) that
    // translate each other at two places. Taken out of a loose row, a
    // moved sentence leaves the row's other side to be placed again.
    let mut moved = signals::find_moves(&path, &loose, &scorer, features);
    if !moved.is_empty() {
        let shapes = bead_types(options.max_bead_side);
        if let Some(settled) = signals::settle_moves(&path, &moved, &loose, &scorer, &shapes) {
            path = settled;
            beads = described(&path);
        }
        // A loose row too long a stretch to search again keeps its sentence.
        signals::keep_moves_of_gaps(&mut moved, &path);
    }
    signals::flag_moved(&moved, &mut beads);
    let moves: Vec<Move> = moved
        .into_iter()
        .map(|step| Move {
            src: step.i..step.i + step.a,
            tgt: step.j..step.j + step.b,
        })
        .collect();
    signals::flag_unsure_gaps(&path, &mut beads, &scorer);
    signals::flag_unsure_merges(&path, &mut beads, &scorer);
    Alignment {
        beads,
        length_ratio: length.mu.exp(),
        lexicon_in_use: features.has_lexicon,
        moves,
    }
}

/// Beads from which a path's beads are described on several threads.
const PARALLEL_DESCRIBE_FROM: usize = 2_000;

/// Re-estimates the length model from the 1-1 beads of a first pass: their
/// median log ratio is the document's usual ratio, and with
/// [`SPREAD_FROM_BEADS`] of them or more their spread is its variance.
///
/// A short document needs the median most: its first model is the ratio of
/// the two sides' total lengths, and one long sentence missing on a side
/// moves that ratio so far that the search then pairs sentences off by one
/// to fit it (one 200-character sentence of five sets the ratio at 2.1
/// instead of 1.1). The 1-1 beads of that first path still have mostly
/// true ratios. From two beads on (it was twenty, with the spread): planted
/// omissions found without a lexicon 0.642 → 0.731 (raw text) and 0.699 →
/// 0.813 (pre-segmented) in the review suite, wmt21-excerpts 0.982 → 0.985,
/// the rest the same within 0.001.
fn reestimate(path: &[search::Step], features: &Features, old: LengthModel) -> Option<LengthModel> {
    let mut logs: Vec<f32> = path
        .iter()
        .filter(|s| s.a == 1 && s.b == 1)
        .map(|s| {
            let (x, y) = (features.src[s.i].len, features.tgt[s.j].len);
            ((y + 10.0) / (x + 10.0)).ln()
        })
        .collect();
    if logs.len() < MEDIAN_FROM_BEADS {
        return None;
    }
    logs.sort_by(f32::total_cmp);
    let median = logs[logs.len() / 2];
    if logs.len() < SPREAD_FROM_BEADS {
        return Some(LengthModel {
            mu: median,
            sigma2: old.sigma2,
        });
    }
    let mut deviations: Vec<f32> = logs.iter().map(|l| (l - median).abs()).collect();
    deviations.sort_by(f32::total_cmp);
    let mad = deviations[deviations.len() / 2] * 1.4826;
    let sigma = mad.clamp(0.08, 0.6);
    Some(LengthModel {
        mu: median,
        sigma2: (sigma * sigma).max(old.sigma2 * 0.25),
    })
}

/// Least 1-1 beads of a first pass whose median ratio replaces the first
/// model's (see [`reestimate`]): one bead may be the wrong pair.
const MEDIAN_FROM_BEADS: usize = 2;

/// Least 1-1 beads of a first pass whose spread replaces the model's
/// variance: fewer say little about it.
const SPREAD_FROM_BEADS: usize = 20;

#[cfg(test)]
mod length_tests {
    use super::*;
    use sverka_text::Lang;

    #[test]
    fn a_long_sentence_missing_in_a_short_document_stands_alone() {
        // The English lacks the long third sentence: the two texts' total
        // lengths then say Russian runs twice as long as English, and
        // paired by that ratio the third sentence took the fourth one's
        // translation, the fourth and fifth the last.
        let ru = Document::from_text(
            "Пожар на складе под Самарой потушили утром.\n\
             Огонь заметили ночью охранники, которые сразу вызвали пожарных.\n\
             Около полуночи на пульт поступил сигнал с территории склада на \
             улице Заводской, где, по словам очевидцев, горели деревянные \
             поддоны, картонные коробки и несколько грузовиков, стоявших у \
             погрузочной площадки всю неделю.\n\
             Пострадавших нет, причины пожара выясняются.\n\
             Полиция начала проверку.\n"
                .to_string(),
            Lang::Ru,
        );
        let en = Document::from_text(
            "A warehouse fire near Samara was put out in the morning.\n\
             Guards noticed the fire at night and called firefighters at once.\n\
             No one was hurt and the cause of the fire is being investigated.\n\
             Police have opened an inquiry.\n"
                .to_string(),
            Lang::En,
        );
        assert_eq!((ru.sentences.len(), en.sentences.len()), (5, 4));
        let options = Options {
            lexicon: None,
            ..Options::default()
        };
        let alignment = align(&ru, &en, &options);
        let shapes: Vec<(Range<usize>, Range<usize>)> = alignment
            .beads
            .iter()
            .map(|bead| (bead.src.clone(), bead.tgt.clone()))
            .collect();
        assert_eq!(
            shapes,
            [
                (0..1, 0..1),
                (1..2, 1..2),
                (2..3, 2..2),
                (3..4, 2..3),
                (4..5, 3..4)
            ]
        );
        // With the ratio of total lengths alone, every row was merged.
        let mut alone = Options {
            lexicon: None,
            ..Options::default()
        };
        alone.params.length_prior_sentences = 0.0;
        let alignment = align(&ru, &en, &alone);
        assert!(
            alignment
                .beads
                .iter()
                .all(|b| b.src.len() + b.tgt.len() > 2),
            "{:?}",
            alignment.beads
        );
    }

    #[test]
    fn a_sentence_the_translator_moved_is_paired_where_it_went() {
        // The English tells the 1998 climb (Russian sentence 2) five
        // sentences later than the Russian does.
        let ru = [
            "Утром 12 июля группа вышла из хижины Хёрнли.",
            "Погода была ясной, но ветер усиливался с каждым часом.",
            "В 1998 году Петер Хансен поднялся на Маттерхорн с 14 друзьями из Церматта.",
            "На высоте 4000 метров Анна Мейер почувствовала усталость.",
            "Проводник Томас Штеффен предложил сделать привал на 20 минут.",
            "Они выпили чаю и съели немного шоколада.",
            "К полудню облака закрыли вершину Вайсхорна.",
            "Спуск занял ещё 6 часов.",
            "Вечером все 9 альпинистов вернулись в долину уставшими, но счастливыми.",
            "Через 2 года Анна Мейер снова приехала в Швейцарию.",
        ];
        let en = [
            "On the morning of 12 July the group left the Hörnli hut.",
            "The weather was clear, but the wind grew stronger every hour.",
            "At 4000 metres Anna Meyer felt tired.",
            "The guide Thomas Steffen suggested a 20-minute rest.",
            "They drank tea and ate a little chocolate.",
            "By noon clouds covered the summit of the Weisshorn.",
            "The descent took another 6 hours.",
            "In 1998 Peter Hansen climbed the Matterhorn with 14 friends from Zermatt.",
            "In the evening all 9 climbers returned to the valley tired but happy.",
            "2 years later Anna Meyer came to Switzerland again.",
        ];
        let ru = Document::from_text(ru.join("\n"), Lang::Ru);
        let en = Document::from_text(en.join("\n"), Lang::En);
        assert_eq!((ru.sentences.len(), en.sentences.len()), (10, 10));
        let options = Options {
            lexicon: None,
            ..Options::default()
        };
        let alignment = align(&ru, &en, &options);
        assert_eq!(
            alignment.moves,
            [Move {
                src: 2..3,
                tgt: 7..8
            }],
            "{:?}",
            alignment.beads
        );
        // Its two rows, and no other, say `moved`, not `omission` and `addition`.
        let moved: Vec<(Range<usize>, Range<usize>, &[Flag])> = alignment
            .beads
            .iter()
            .filter(|b| b.flags.contains(&Flag::Moved))
            .map(|b| (b.src.clone(), b.tgt.clone(), b.flags.as_slice()))
            .collect();
        assert_eq!(
            moved,
            [
                (2..3, 2..2, &[Flag::Moved][..]),
                (8..8, 7..8, &[Flag::Moved][..])
            ]
        );
        // Moved back in place, nothing is moved.
        let mut back: Vec<String> = (0..10)
            .map(|k| en.sentence_text(&en.sentences[k]).to_string())
            .collect();
        let climb = back.remove(7);
        back.insert(2, climb);
        let en = Document::from_text(back.join("\n"), Lang::En);
        let moved = alignment;
        let alignment = align(&ru, &en, &options);
        assert!(alignment.moves.is_empty(), "{:?}", alignment.moves);
        // The moved pair supports the document as it does in place.
        assert_eq!(moved.supported_share(), alignment.supported_share());
        assert!(alignment
            .beads
            .iter()
            .all(|b| b.kind() == BeadKind::new(1, 1)));
    }

    #[test]
    fn a_few_one_to_one_beads_set_the_ratio_but_not_the_spread() {
        let unit = |len: f32| features::Unit {
            len,
            ..features::Unit::default()
        };
        let features = Features::extract(
            &Document::from_text(String::new(), Lang::Ru),
            &Document::from_text(String::new(), Lang::En),
            None,
        );
        let features = Features {
            src: [40.0, 60.0, 80.0].map(unit).to_vec(),
            tgt: [50.0, 300.0, 90.0].map(unit).to_vec(),
            ..features
        };
        let step = |i, j| search::Step { i, a: 1, j, b: 1 };
        let old = LengthModel {
            mu: 0.7,
            sigma2: 0.0625,
        };
        let new = reestimate(&[step(0, 0), step(1, 1), step(2, 2)], &features, old)
            .expect("three beads are enough");
        // The middle of ln(60/50), ln(310/70) and ln(100/90): the odd one
        // out does not move it.
        assert!((new.mu - (60.0f32 / 50.0).ln()).abs() < 1e-6, "{new:?}");
        assert_eq!(new.sigma2, old.sigma2);
        assert!(reestimate(&[step(0, 0)], &features, old).is_none());
    }
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    #[test]
    fn bead_types_keep_their_order_and_grow_with_max_side() {
        assert_eq!(
            bead_types(3),
            [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)]
        );
        assert_eq!(bead_types(1), [(1, 1)]);
        assert_eq!(bead_types(2), [(1, 1), (1, 2), (2, 1), (2, 2)]);
        let five = bead_types(5);
        for shape in [(1, 5), (5, 1), (2, 4), (4, 2), (3, 3), (2, 3)] {
            assert!(five.contains(&shape), "{shape:?}");
        }
        assert!(!five.contains(&(3, 4)));
        assert!(bead_types(4).iter().all(|&(a, b)| a + b <= 5));
    }
}

#[cfg(test)]
mod round_tests {
    use super::*;
    use sverka_text::Lang;

    const RUSSIAN: &str = "\
Мэр открыл новый мост через реку.

Мэр города в субботу открыл новый автомобильный мост через реку, строительство которого заняло почти пять лет.

По словам строителей, длина моста составляет более двух километров. На его строительство потратили около сорока миллиардов рублей.

Глава города также рассказал о планах на следующий год. Власти хотят построить еще одну станцию метро. Кроме того, в городе появятся новые парки. Деньги на это уже выделены из областного бюджета.
";

    const ENGLISH: &str = "\
The mayor opens a new bridge over the river.

The city's mayor on Saturday opened a new road bridge over the river, whose construction took almost five years.

According to the builders, the bridge is more than two kilometres long, and its construction cost about forty billion roubles.

The head of the city also spoke about plans for next year, the authorities want to build one more metro station, and in addition, new parks will appear in the city, so the money for this has already been allocated from the regional budget.
";

    /// A small glossary of word beginnings: a word has the id of the first
    /// pair whose beginning on its side it starts with, and that id is its
    /// key.
    struct Glossary;

    const PAIRS: &[(&str, &str)] = &[
        ("мэр", "mayor"),
        ("мост", "bridge"),
        ("город", "city"),
        ("рек", "river"),
        ("открыл", "open"),
        ("суббот", "saturday"),
        // Longer beginnings first: the first pair that fits is the word's.
        ("строительств", "construction"),
        ("строител", "builder"),
        ("километр", "kilometre"),
        ("миллиард", "billion"),
        ("рубл", "rouble"),
        ("план", "plan"),
        ("год", "year"),
        ("власт", "authorit"),
        ("построит", "build"),
        ("станци", "station"),
        ("метро", "metro"),
        ("парк", "park"),
        ("появ", "appear"),
        ("деньг", "money"),
        ("выделен", "allocated"),
        ("бюджет", "budget"),
        ("областн", "regional"),
    ];

    impl TranslationEvidence for Glossary {
        fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
            let russian = *lang == Lang::Ru;
            words
                .iter()
                .map(|word| {
                    PAIRS
                        .iter()
                        .position(|(ru, en)| word.starts_with(if russian { ru } else { en }))
                        .map(|at| at as u32)
                })
                .collect()
        }
        fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
            keys.extend_from_slice(ids);
        }
    }

    /// English rows of the alignment that hold a part of the last English
    /// sentence (the run-on one).
    fn rows_of_last_sentence(rounds: usize) -> usize {
        let mut ru = Document::from_text(RUSSIAN.to_string(), Lang::Ru);
        let mut en = Document::from_text(ENGLISH.to_string(), Lang::En);
        let mut options = Options {
            lexicon: Some(std::sync::Arc::new(Glossary)),
            ..Options::default()
        };
        options.params.soft_rounds = rounds;
        let alignment = align_splitting(&mut ru, &mut en, &options);
        let start = ENGLISH.find("The head of the city").unwrap();
        alignment
            .beads
            .iter()
            .filter(|bead| {
                bead.tgt
                    .clone()
                    .any(|s| en.sentences[s].span.start >= start)
            })
            .count()
    }

    /// Aligns the two documents with the test glossary (cutting at soft
    /// boundaries); each row's Russian and English text, its sentences
    /// joined by a space.
    fn rows_with_glossary(ru: &mut Document, en: &mut Document) -> Vec<(String, String)> {
        let options = Options {
            lexicon: Some(std::sync::Arc::new(Glossary)),
            ..Options::default()
        };
        let alignment = align_splitting(ru, en, &options);
        let text = |d: &Document, r: Range<usize>| -> String {
            r.map(|i| d.sentence_text(&d.sentences[i]).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        alignment
            .beads
            .iter()
            .map(|b| (text(ru, b.src.clone()), text(en, b.tgt.clone())))
            .collect()
    }

    /// A Russian heading whose words all come back in its lead, against
    /// an English heading run into its lead (one sentence there: a chat
    /// message without a full stop).
    const RUSSIAN_HEADED: &str = "\
Мэр открыл мост

Мэр города открыл новый мост через реку, строительство которого заняло почти пять лет.
";
    const ENGLISH_HEADED: &str = "\
The mayor opens the bridge The city's mayor opened a new road bridge over the river, whose construction took almost five years
";

    #[test]
    fn a_heading_that_repeats_its_lead_is_cut_as_heading_not_left_out() {
        let mut ru = Document::from_text(RUSSIAN_HEADED.to_string(), Lang::Ru);
        let mut en = Document::from_text(ENGLISH_HEADED.to_string(), Lang::En);
        assert_eq!((ru.sentences.len(), en.sentences.len()), (2, 1));
        // The heading adds no word its lead lacks, so evidence alone would
        // leave it out of a 2-1; but the English sentence may end early,
        // and cut there each heading finds the other.
        let rows = rows_with_glossary(&mut ru, &mut en);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].0, "Мэр открыл мост");
        assert_eq!(rows[0].1, "The mayor opens the bridge");
    }

    #[test]
    fn a_translated_sentence_is_left_for_the_clause_it_matches() {
        let ru_text = "\
Строители открыли новый мост через реку после пяти лет работы. Деньги на это выделены вовремя.
";
        let en_text = "\
The builders opened a new bridge over the river after five years of work, and the money for it was allocated in time.
";
        let mut ru = Document::from_text(ru_text.to_string(), Lang::Ru);
        let mut en = Document::from_text(en_text.to_string(), Lang::En);
        let options = Options {
            lexicon: Some(std::sync::Arc::new(Glossary)),
            ..Options::default()
        };
        let alignment = align_splitting(&mut ru, &mut en, &options);
        // The second Russian sentence shares two words with the English
        // clause: too little to hold its place in a 2-1 by evidence alone,
        // enough to be that clause's translation once the sentence is cut.
        let kinds: Vec<String> = alignment
            .beads
            .iter()
            .map(|b| b.kind().to_string())
            .collect();
        assert_eq!(kinds, ["1-1", "1-1"], "{:?}", alignment.beads);
    }

    #[test]
    fn a_gap_next_to_the_match_its_sentence_translates_better_moves_there() {
        // The English lost the translation of the second Russian sentence;
        // the search paired that sentence with the third one's translation.
        let ru = Document::from_text(
            "Мэр открыл новый мост через реку в субботу. \
             Строительство моста заняло пять лет. \
             Деньги выделены из областного бюджета."
                .to_string(),
            Lang::Ru,
        );
        let en = Document::from_text(
            "The mayor opened a new bridge over the river on Saturday. \
             The money was allocated from the regional budget."
                .to_string(),
            Lang::En,
        );
        let options = Options {
            lexicon: Some(std::sync::Arc::new(Glossary)),
            ..Options::default()
        };
        let features = Features::extract(&ru, &en, options.lexicon.as_deref());
        let types = bead_types(options.max_bead_side);
        let tables = search::span_tables(&features.src, &features.tgt, &types, &features.weight);
        let length = LengthModel::estimate(&features.src, &features.tgt, &options.params);
        let scorer = Scorer::of(&tables, &features, length, &options);
        let step = |i, a, j, b| search::Step { i, a, j, b };
        let found = vec![step(0, 1, 0, 1), step(1, 1, 1, 1), step(2, 1, 2, 0)];
        assert_eq!(
            signals::shift_gaps(found, &scorer, &features),
            [step(0, 1, 0, 1), step(1, 1, 1, 0), step(2, 1, 1, 1)]
        );
        // Where the match is right, it stays.
        let right = vec![step(0, 1, 0, 1), step(1, 1, 1, 0), step(2, 1, 1, 1)];
        assert_eq!(
            signals::shift_gaps(right.clone(), &scorer, &features),
            right
        );
    }

    #[test]
    fn a_run_on_sentence_against_five_is_cut_not_matched_with_some_and_gaps() {
        // Without a lexicon only numbers and names speak; the run-on
        // sentence has four clause breaks, room for the five sentences.
        let mut ru = Document::from_text(
            "В 2018 году Иванов открыл 12 новых шахт на севере страны. \
             В 2019 году Петров продал 740 тонн никеля зарубежным покупателям. \
             В 2020 году Сидоров купил 35 станков для нового завода. \
             В 2021 году Смирнов построил 18 домов для рабочих комбината. \
             В 2022 году Кузнецов закрыл 3 старых рудника в горах."
                .to_string(),
            Lang::Ru,
        );
        let mut en = Document::from_text(
            "in 2018 Ivanov opened 12 new mines in the north of the country, \
             in 2019 Petrov sold 740 tonnes of nickel to foreign buyers, \
             in 2020 Sidorov bought 35 machine tools for the new plant, \
             in 2021 Smirnov built 18 houses for the plant's workers, \
             and in 2022 Kuznetsov closed 3 old mines in the mountains."
                .to_string(),
            Lang::En,
        );
        assert_eq!((ru.sentences.len(), en.sentences.len()), (5, 1));
        assert!(run_on_room(5, 1, 0, en.soft.len()));
        // The first search keeps the run-on sentence against all five, not
        // against three with two gaps.
        let features = Features::extract(&ru, &en, None);
        let first = search_features(&features, &Options::default(), true, None).path;
        let first: Vec<(usize, usize)> = first.iter().map(|s| (s.a, s.b)).collect();
        assert_eq!(first, [(5, 1)]);
        let alignment = align_splitting(&mut ru, &mut en, &Options::default());
        let shapes: Vec<(usize, usize)> = alignment
            .beads
            .iter()
            .map(|b| (b.src.len(), b.tgt.len()))
            .collect();
        assert_eq!(shapes, [(1, 1); 5], "{:?}", alignment.beads);
    }

    #[test]
    fn a_search_near_a_path_finds_the_path_the_whole_grid_gives() {
        // A later round of cuts searches near the path the round before
        // decided. Near the right path, or one a merge away from it, the
        // band holds the right path and the search finds it.
        let ru: Vec<String> = (1..=8)
            .map(|k| {
                format!(
                    "В {} году завод выпустил {} машин и {} станков.",
                    2000 + k,
                    10 * k + 3,
                    7 * k + 1
                )
            })
            .collect();
        let en: Vec<String> = (1..=8)
            .map(|k| {
                format!(
                    "In {} the plant made {} cars and {} machine tools.",
                    2000 + k,
                    10 * k + 3,
                    7 * k + 1
                )
            })
            .collect();
        let ru = Document::presegmented(ru.join("\n"), Lang::Ru);
        let en = Document::presegmented(en.join("\n"), Lang::En);
        let features = Features::extract(&ru, &en, None);
        let options = Options::default();
        let whole = search_features(&features, &options, false, None);
        let one_to_one: Vec<search::Step> = (0..8)
            .map(|k| search::Step {
                i: k,
                a: 1,
                j: k,
                b: 1,
            })
            .collect();
        assert_eq!(whole.path, one_to_one);
        let mut merged = vec![search::Step {
            i: 0,
            a: 2,
            j: 0,
            b: 2,
        }];
        merged.extend_from_slice(&one_to_one[2..]);
        for near in [&one_to_one, &merged] {
            let searched = search_features(&features, &options, false, Some(near));
            assert_eq!(searched.path, whole.path);
            assert_eq!(
                (searched.length.mu, searched.length.sigma2),
                (whole.length.mu, whole.length.sigma2)
            );
        }
    }

    #[test]
    fn two_sentences_glued_alike_on_both_sides_are_cut_on_both() {
        // A chat or transcript habit: the next sentence goes on in lower
        // case after the full stop, in both texts. The segmenter keeps
        // each as one sentence; where the parts match one to one, both
        // are cut (a row per sentence, as the reviewer reads them).
        let mut ru = Document::from_text(
            "Мэр города открыл новый мост через реку в субботу. его строительство заняло почти пять лет и миллиард рублей."
                .to_string(),
            Lang::Ru,
        );
        let mut en = Document::from_text(
            "The city's mayor opened a new bridge over the river on Saturday. its construction took almost five years and a billion roubles."
                .to_string(),
            Lang::En,
        );
        assert_eq!((ru.sentences.len(), en.sentences.len()), (1, 1));
        let rows = rows_with_glossary(&mut ru, &mut en);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(
            rows[1].0,
            "его строительство заняло почти пять лет и миллиард рублей."
        );
        assert_eq!(
            rows[1].1,
            "its construction took almost five years and a billion roubles."
        );
    }

    #[test]
    fn run_on_room_is_one_sentence_against_at_most_one_more_than_its_breaks() {
        assert!(run_on_room(4, 1, 0, 3) && run_on_room(1, 5, 4, 0));
        assert!(!run_on_room(4, 1, 0, 2), "too few breaks");
        assert!(!run_on_room(1, 6, 9, 0), "past the largest bead");
        assert!(!run_on_room(2, 4, 9, 9), "two sentences on each side");
    }

    #[test]
    fn no_round_no_cut_and_the_rounds_cut_a_run_on_sentence_against_several() {
        // Without rounds the run-on sentence stays whole: one row.
        assert_eq!(rows_of_last_sentence(0), 1);
        // Its four Russian sentences each find their clause: four rows.
        assert_eq!(rows_of_last_sentence(Params::default().soft_rounds), 4);
    }
}
