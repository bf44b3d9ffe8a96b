//! Evaluation for sverka: bead files, strict/lax precision–recall–F1, and
//! loaders for the real test data.
//!
//! * [`beads`]: [`Bead`] (source and target sentence indices), the
//!   `[i, j]:[k]` bead file format ([`parse_beads`], [`write_beads`]) and a
//!   partition check ([`validate`]).
//! * [`metrics`]: strict and lax precision, recall and F1 as published
//!   sentence-alignment figures compute them (Sennrich & Volk 2011 /
//!   Vecalign's `score.py`); [`Counts`] pool over documents, [`Confusion`]
//!   tabulates what became of each kind of gold bead.
//! * [`spans`]: scoring a system that segmented raw text itself, by carrying
//!   its beads over to the gold segments through byte spans.
//! * [`data`]: Text+Berg, WMT21 en↔ru (plus an excerpt variant with long
//!   omissions), Chekhov (paragraph gold) and the project's own corpora.
//! * [`report`]: Markdown tables and one-line summaries.
//! * [`review`]: documents with planted problems (omissions, substitutions,
//!   changed numbers) and the measures of review signals: problems found,
//!   false alarms, confidence ROC AUC and calibration error.
//!
//! The crate is a library only: it prints nothing.
//!
//! ```
//! use sverka_eval::{parse_beads, metrics::count, report::scores_summary};
//!
//! let gold = parse_beads("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n").unwrap();
//! let system = parse_beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n").unwrap();
//! let counts = count(&gold, &system); // add up `Counts` over documents
//! let scores = counts.scores();
//! assert_eq!(scores.strict.precision, 1.0 / 3.0);
//! assert_eq!(scores.lax.recall, 1.0);
//! assert_eq!(
//!     scores_summary(&scores),
//!     "strict P 0.333 R 0.500 F1 0.400; lax P 0.667 R 1.000 F1 0.800"
//! );
//! ```
//!
//! Real gold files are not always clean partitions: the Text+Berg gold
//! leaves a few sentences out, lists a few twice and has beads with
//! non-contiguous or out-of-order sides. Loaders keep such gold as it is
//! (published figures are computed on it); [`validate`] reports the
//! problems when you need a clean partition.

#![deny(missing_docs)]

/// `Add` and `AddAssign` for a struct of counts, field by field: figures
/// of documents add up to the figures of a suite.
macro_rules! sum_by_field {
    ($ty:ident { $($field:ident),+ }) => {
        impl std::ops::Add for $ty {
            type Output = $ty;
            fn add(self, other: $ty) -> $ty {
                $ty { $($field: self.$field + other.$field),+ }
            }
        }

        impl std::ops::AddAssign for $ty {
            fn add_assign(&mut self, other: $ty) {
                *self = *self + other;
            }
        }
    };
}

pub mod beads;
#[cfg(feature = "data")]
pub mod data;
pub mod metrics;
pub mod report;
#[cfg(feature = "data")]
pub mod review;
pub mod spans;

pub use beads::{parse_beads, validate, write_beads, Bead, BeadKind, Side};
pub use metrics::{count, score, AlignmentScores, Confusion, Counts, Scores};
