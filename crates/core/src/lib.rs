//! The vocabulary shared by every sverka crate, defined once: which side of
//! a pair ([`Side`]), the shape of an aligned group ([`BeadKind`]), the
//! review flags ([`Flag`]), and two small helpers every layer needs
//! ([`fnv1a`] for stable hashing, [`one_line`] for putting text on one line).
//!
//! The engine speaks of a source and a target side; `ru` and `en` are only
//! the names of the review table's columns.
//!
//! ```
//! use sverka_core::{BeadKind, Flag};
//!
//! let kind: BeadKind = "2-1".parse().unwrap();
//! assert_eq!((kind.source, kind.target), (2, 1));
//! assert_eq!("names-differ".parse::<Flag>().unwrap(), Flag::NamesDiffer);
//! assert_eq!(Flag::NamesDiffer.to_string(), "names-differ");
//! ```

#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

/// One side of a pair: the source (first, Russian in the table's columns)
/// or the target (second, English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Side {
    /// The first side: left of `:` in a bead file, `ru` in the table.
    #[default]
    Source,
    /// The second side: right of `:` in a bead file, `en` in the table.
    Target,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Source => Side::Target,
            Side::Target => Side::Source,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}

/// How many sentences of each side an aligned group holds, written
/// `source-target`: `1-1`, `2-1`, `0-1`. Orders by source count, then target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct BeadKind {
    /// Sentences of the source side.
    pub source: usize,
    /// Sentences of the target side.
    pub target: usize,
}

impl BeadKind {
    /// A group of `source` and `target` sentences.
    pub const fn new(source: usize, target: usize) -> BeadKind {
        BeadKind { source, target }
    }
}

impl fmt::Display for BeadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.source, self.target)
    }
}

/// The text is not of the form `N-M`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a bead kind of the form N-M")]
pub struct ParseKindError(pub String);

impl FromStr for BeadKind {
    type Err = ParseKindError;
    fn from_str(s: &str) -> Result<BeadKind, ParseKindError> {
        let bad = || ParseKindError(s.to_string());
        let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
        Ok(BeadKind {
            source: a.trim().parse().map_err(|_| bad())?,
            target: b.trim().parse().map_err(|_| bad())?,
        })
    }
}

/// Why a row deserves a second look. Tables write the flags `;`-separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// Text on the source side only: the target leaves it out (`omission`).
    Omission,
    /// Text on the target side only: it has no counterpart (`addition`).
    Addition,
    /// Text on one side whose translation is elsewhere in the other text:
    /// the translator moved it (`moved`). The row stands where the sentence
    /// is; its details name the row of its translation.
    Moved,
    /// The numbers on the two sides differ (`numbers-differ`).
    NumbersDiffer,
    /// A name on one side has no counterpart on the other (`names-differ`).
    NamesDiffer,
    /// The length ratio is far from the document's usual ratio (`length-odd`).
    LengthOdd,
    /// The aligner is unsure of this row (`low-confidence`).
    LowConfidence,
    /// The two sides do not seem to say the same thing: a replaced or
    /// rewritten sentence (`mismatch`).
    Mismatch,
}

impl Flag {
    /// Every flag, in the order tables write them.
    pub const ALL: [Flag; 8] = [
        Flag::Omission,
        Flag::Addition,
        Flag::Moved,
        Flag::NumbersDiffer,
        Flag::NamesDiffer,
        Flag::LengthOdd,
        Flag::LowConfidence,
        Flag::Mismatch,
    ];

    /// The flag's name in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Omission => "omission",
            Flag::Addition => "addition",
            Flag::Moved => "moved",
            Flag::NumbersDiffer => "numbers-differ",
            Flag::NamesDiffer => "names-differ",
            Flag::LengthOdd => "length-odd",
            Flag::LowConfidence => "low-confidence",
            Flag::Mismatch => "mismatch",
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not the name of a flag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a flag (known: omission, addition, moved, numbers-differ, names-differ, length-odd, low-confidence, mismatch)")]
pub struct ParseFlagError(pub String);

impl FromStr for Flag {
    type Err = ParseFlagError;
    fn from_str(s: &str) -> Result<Flag, ParseFlagError> {
        let name = s.trim();
        Flag::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| ParseFlagError(name.to_string()))
    }
}

/// English month names, lowercase, January first: capitalized in English
/// but never names, and what a spreadsheet reads as a date.
pub const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// 64-bit FNV-1a: a stable hash (the same on every machine and version),
/// for sharding and for seeding from names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `c` ends a line somewhere: in an editor, a spreadsheet, Python's
/// `str.splitlines` or a TSV reader (tab included).
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The text on one line: each run of tabs and line breaks becomes one space.
pub fn one_line(text: &str) -> String {
    // Most sentences hold no break: copied whole, not char by char.
    if !text.contains(is_line_break) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if is_line_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip_through_their_names() {
        for flag in Flag::ALL {
            assert_eq!(flag.as_str().parse::<Flag>(), Ok(flag));
        }
        assert!("rejekt".parse::<Flag>().is_err());
    }

    #[test]
    fn kinds_parse_and_display() {
        let kind: BeadKind = " 0-1 ".parse().unwrap();
        assert_eq!(kind, BeadKind::new(0, 1));
        assert_eq!(kind.to_string(), "0-1");
        assert!("2".parse::<BeadKind>().is_err());
        assert!("a-b".parse::<BeadKind>().is_err());
    }

    #[test]
    fn fnv1a_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn one_line_joins_runs_of_breaks() {
        assert_eq!(one_line("a\r\n\tb\u{2028}c"), "a b c");
        assert_eq!(one_line("plain"), "plain");
    }
}
