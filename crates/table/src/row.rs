//! The row of the review table and the small value types in its cells.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
pub use sverka_core::{BeadKind, Flag, Side};

/// Positions in [`COLUMNS`] of the free-text columns (`ru`, `en`,
/// `details`, `note`), which get the wider [`crate::escape_text_cell`].
pub(crate) const TEXT_COLUMNS: [usize; 4] = [3, 4, 8, 10];

/// Column names of the review table, in the order they are written.
///
/// This order is stable; tools may rely on it, but [`crate::read_table`]
/// finds columns by name, so reviewers may reorder them.
pub const COLUMNS: [&str; 11] = [
    "row",
    "ru_lines",
    "en_lines",
    "ru",
    "en",
    "kind",
    "confidence",
    "flags",
    "details",
    "status",
    "note",
];

/// A 1-based, inclusive range of source lines, written `12` or `12-14`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineRange {
    /// First line (1-based).
    pub first: usize,
    /// Last line (1-based, inclusive, `>= first`).
    pub last: usize,
}

impl LineRange {
    /// A range from `first` to `last` (swapped if given in reverse).
    pub fn new(first: usize, last: usize) -> LineRange {
        LineRange {
            first: first.min(last),
            last: first.max(last),
        }
    }

    /// A single line.
    pub fn single(line: usize) -> LineRange {
        LineRange {
            first: line,
            last: line,
        }
    }
}

impl fmt::Display for LineRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

/// The text could not be parsed as a [`LineRange`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not of the form N or N-M")]
pub struct ParseRangeError(pub String);

impl FromStr for LineRange {
    type Err = ParseRangeError;
    fn from_str(s: &str) -> Result<LineRange, ParseRangeError> {
        let bad = || ParseRangeError(s.to_string());
        let number = |t: &str| t.trim().parse::<usize>().map_err(|_| bad());
        match s.trim().split_once('-') {
            None => number(s).map(LineRange::single),
            Some((a, b)) => Ok(LineRange::new(number(a)?, number(b)?)),
        }
    }
}

/// The reviewer's verdict on a row.
///
/// Read case-insensitively with surrounding spaces ignored. Accepted spellings:
///
/// | status | cell text |
/// |---|---|
/// | [`Status::Unreviewed`] | empty |
/// | [`Status::Ok`] | `ok`, `approved`, `approve`, and `ок` typed with a Cyrillic keyboard layout |
/// | [`Status::Fix`] | `fix`, `fixed` |
/// | [`Status::Reject`] | `reject`, `rejected` |
///
/// Anything else is an error (a typo such as `rejekt` must not turn a
/// rejected row into an exported one). `fix` means "I corrected the text in
/// this row": the row is exported with the edited text, like `ok`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    /// Not reviewed (empty cell). Exported.
    #[default]
    Unreviewed,
    /// Approved as it is. Exported.
    Ok,
    /// Corrected by the reviewer. Exported with the edited text.
    Fix,
    /// Rejected: left out of exports.
    Reject,
}

impl Status {
    /// The canonical cell text: empty, `ok`, `fix` or `reject`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Unreviewed => "",
            Status::Ok => "ok",
            Status::Fix => "fix",
            Status::Reject => "reject",
        }
    }

    /// Parses a status cell; `None` for text that is not a known status.
    pub fn parse(s: &str) -> Option<Status> {
        let t = s.trim().to_lowercase();
        match t.as_str() {
            "" => Some(Status::Unreviewed),
            "ok" | "approved" | "approve" | "ок" => Some(Status::Ok),
            "fix" | "fixed" => Some(Status::Fix),
            "reject" | "rejected" => Some(Status::Reject),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the review table: one bead of the alignment.
///
/// The first eleven fields are the table's columns ([`COLUMNS`]); the last four
/// are machine fields that only JSONL carries. Serde serializes the row as
/// JSONL writes it: ranges and kinds as strings (`"12-14"`, `"2-1"`),
/// `confidence` rounded to 3 decimals, `flags` as an array of names, spans as
/// `[start, end]` pairs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Row {
    /// 1-based bead number.
    pub row: usize,
    /// Source lines of the Russian sentences; `None` when the side is empty.
    #[serde(with = "opt_display")]
    pub ru_lines: Option<LineRange>,
    /// Source lines of the English sentences; `None` when the side is empty.
    #[serde(with = "opt_display")]
    pub en_lines: Option<LineRange>,
    /// The Russian sentences joined by a space; empty for an addition.
    pub ru: String,
    /// The English sentences joined by a space; empty for an omission.
    pub en: String,
    /// Sentences per side.
    #[serde(with = "display")]
    pub kind: BeadKind,
    /// 0..1, higher is surer. Written with 3 decimals.
    #[serde(serialize_with = "ser_confidence", deserialize_with = "de_confidence")]
    pub confidence: f64,
    /// Reasons for a second look.
    #[serde(with = "flag_list")]
    pub flags: Vec<Flag>,
    /// What the flags found, briefly (`numbers: 640 ≠ 460; names:
    /// Grybauskaite?`); empty when there is nothing to say. Tables written
    /// before the column existed lack it, hence the serde default.
    #[serde(default)]
    pub details: String,
    /// The reviewer's verdict (normally [`Status::Unreviewed`] when written).
    #[serde(with = "display")]
    pub status: Status,
    /// The reviewer's note (normally empty when written).
    pub note: String,
    /// 0-based indices of the Russian sentences (JSONL only).
    #[serde(default)]
    pub ru_sentences: Vec<usize>,
    /// 0-based indices of the English sentences (JSONL only).
    #[serde(default)]
    pub en_sentences: Vec<usize>,
    /// Byte ranges of the Russian sentences in the decoded input (JSONL only).
    #[serde(default, with = "spans")]
    pub ru_spans: Vec<Range<usize>>,
    /// Byte ranges of the English sentences in the decoded input (JSONL only).
    #[serde(default, with = "spans")]
    pub en_spans: Vec<Range<usize>>,
}

impl Row {
    /// The `flags` cell: flag names joined by `;`.
    pub fn flags_cell(&self) -> String {
        join_flags(&self.flags)
    }

    /// The `confidence` cell: 3 decimals, empty if not a finite number.
    pub fn confidence_cell(&self) -> String {
        format_confidence(self.confidence)
    }

    /// The table cells in [`COLUMNS`] order, unescaped.
    pub fn cells(&self) -> [String; COLUMNS.len()] {
        [
            self.row.to_string(),
            self.ru_lines.map(|r| r.to_string()).unwrap_or_default(),
            self.en_lines.map(|r| r.to_string()).unwrap_or_default(),
            self.ru.clone(),
            self.en.clone(),
            self.kind.to_string(),
            self.confidence_cell(),
            self.flags_cell(),
            self.details.clone(),
            self.status.to_string(),
            self.note.clone(),
        ]
    }
}

pub(crate) fn join_flags(flags: &[Flag]) -> String {
    let names: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
    names.join(";")
}

pub(crate) fn format_confidence(c: f64) -> String {
    if c.is_finite() {
        format!("{c:.3}")
    } else {
        String::new()
    }
}

pub(crate) fn round3(c: f64) -> f64 {
    (c * 1000.0).round() / 1000.0
}

/// What the table was made from; written into TMX and XLSX headers.
///
/// CSV and TSV carry no metadata (they stay a plain table with one header
/// row), and neither does JSONL: every JSONL line is a row, so
/// `pandas.read_json(lines=True)`, `jq` and line-oriented tools need no
/// special case. Keep provenance in the batch summary or use TMX/XLSX.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableMeta {
    /// The Russian input file name, if known.
    pub ru_file: Option<String>,
    /// The English input file name, if known.
    pub en_file: Option<String>,
    /// Language code of the Russian side (`ru`).
    pub ru_lang: String,
    /// Language code of the English side (`en`).
    pub en_lang: String,
    /// The sverka version that made the table.
    pub version: String,
    /// The options the table was made with, as one string (for the record).
    pub options: String,
    /// Whether the two files look like translations of each other (`ok`,
    /// `doubtful`, `unrelated`), if known; shown on the review page.
    #[serde(default)]
    pub verdict: Option<String>,
    /// The command that made the table, if known; shown on the review page.
    #[serde(default)]
    pub command: Option<String>,
}

impl Default for TableMeta {
    fn default() -> TableMeta {
        TableMeta {
            ru_file: None,
            en_file: None,
            ru_lang: "ru".to_string(),
            en_lang: "en".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            options: String::new(),
            verdict: None,
            command: None,
        }
    }
}

impl TableMeta {
    /// The language code of a side.
    pub fn lang(&self, side: Side) -> &str {
        match side {
            Side::Source => &self.ru_lang,
            Side::Target => &self.en_lang,
        }
    }
}

fn ser_confidence<S: Serializer>(c: &f64, s: S) -> Result<S::Ok, S::Error> {
    if c.is_finite() {
        s.serialize_f64(round3(*c))
    } else {
        s.serialize_none()
    }
}

fn de_confidence<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

mod display {
    use super::*;

    pub fn serialize<T: fmt::Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: FromStr,
        T::Err: fmt::Display,
        D: Deserializer<'de>,
    {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Status, String> {
        Status::parse(s).ok_or_else(|| format!("unknown status \"{s}\""))
    }
}

mod opt_display {
    use super::*;

    pub fn serialize<T: fmt::Display, S: Serializer>(
        v: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.collect_str(v),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr,
        T::Err: fmt::Display,
        D: Deserializer<'de>,
    {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            Ok(None)
        } else {
            s.parse().map(Some).map_err(serde::de::Error::custom)
        }
    }
}

mod flag_list {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[Flag], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|f| f.as_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Flag>, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names
            .iter()
            .map(|n| n.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}

mod spans {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[Range<usize>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|r| [r.start, r.end]))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Range<usize>>, D::Error> {
        let pairs = Vec::<[usize; 2]>::deserialize(d)?;
        Ok(pairs.into_iter().map(|[a, b]| a..b).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges() {
        assert_eq!(LineRange::single(12).to_string(), "12");
        assert_eq!(LineRange::new(12, 14).to_string(), "12-14");
        assert_eq!(LineRange::new(14, 12), LineRange::new(12, 14));
        assert_eq!(
            "12-14".parse::<LineRange>().unwrap(),
            LineRange::new(12, 14)
        );
        assert_eq!(" 7 ".parse::<LineRange>().unwrap(), LineRange::single(7));
        assert!("x".parse::<LineRange>().is_err());
        assert_eq!("2-1".parse::<BeadKind>().unwrap(), BeadKind::new(2, 1));
        assert!("2".parse::<BeadKind>().is_err());
    }

    #[test]
    fn statuses() {
        for (text, status) in [
            ("", Status::Unreviewed),
            ("  ", Status::Unreviewed),
            ("OK", Status::Ok),
            (" Approved ", Status::Ok),
            ("ОК", Status::Ok),
            ("fix", Status::Fix),
            ("Fixed", Status::Fix),
            ("REJECT", Status::Reject),
            ("rejected", Status::Reject),
        ] {
            assert_eq!(Status::parse(text), Some(status), "{text:?}");
        }
        assert_eq!(Status::parse("rejekt"), None);
        assert_eq!(Status::parse("no"), None);
    }

    #[test]
    fn row_json_round_trip() {
        let row = Row {
            row: 3,
            ru_lines: Some(LineRange::new(4, 5)),
            en_lines: None,
            ru: "Да. Нет.".into(),
            kind: BeadKind::new(2, 0),
            confidence: 0.123456,
            flags: vec![Flag::Omission, Flag::Mismatch],
            details: "no support for: «Да. Нет.»".into(),
            ru_sentences: vec![5, 6],
            ru_spans: vec![10..14, 15..23],
            ..Row::default()
        };
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(
            json,
            r#"{"row":3,"ru_lines":"4-5","en_lines":"","ru":"Да. Нет.","en":"","kind":"2-0","confidence":0.123,"flags":["omission","mismatch"],"details":"no support for: «Да. Нет.»","status":"","note":"","ru_sentences":[5,6],"en_sentences":[],"ru_spans":[[10,14],[15,23]],"en_spans":[]}"#
        );
        let back: Row = serde_json::from_str(&json).unwrap();
        let nan = Row {
            confidence: f64::NAN,
            ..Row::default()
        };
        let nan_json = serde_json::to_string(&nan).unwrap();
        assert!(nan_json.contains(r#""confidence":null"#));
        let nan_back: Row = serde_json::from_str(&nan_json).unwrap();
        assert!(nan_back.confidence.is_nan());
        assert_eq!(back.confidence, 0.123);
        assert_eq!(
            Row {
                confidence: 0.123,
                ..row
            },
            back
        );
    }

    #[test]
    fn row_json_without_details_reads_as_empty_details() {
        // A JSONL row written before the `details` column existed.
        let old = r#"{"row":1,"ru_lines":"1","en_lines":"1","ru":"Да.","en":"Yes.","kind":"1-1","confidence":0.5,"flags":["mismatch"],"status":"","note":""}"#;
        let row: Row = serde_json::from_str(old).unwrap();
        assert_eq!(row.details, "");
        assert_eq!(row.flags, vec![Flag::Mismatch]);
        assert_eq!(row.en, "Yes.");
    }
}
