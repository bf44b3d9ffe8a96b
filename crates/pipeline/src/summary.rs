//! Figures of one aligned document, and the batch summary table built from
//! them.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};
use sverka_align::{BeadKind, Flag};
use sverka_table::{escape_cell, escape_text_cell};

use crate::engine::Aligned;

/// Bead kinds that get a column of their own in the summary, in column order.
/// The engine makes no other kinds (beads have at most three sentences a
/// side, and gaps are single sentences).
pub const KINDS: [BeadKind; 8] = [
    BeadKind::new(1, 1),
    BeadKind::new(1, 2),
    BeadKind::new(2, 1),
    BeadKind::new(2, 2),
    BeadKind::new(1, 3),
    BeadKind::new(3, 1),
    BeadKind::new(1, 0),
    BeadKind::new(0, 1),
];

/// Beads per kind: a count for each of [`KINDS`] and one for any other
/// kind. Kept as an array, not a map of strings: a batch holds one per
/// document until its summary is written. Serialized as a map of the kinds
/// that occur (`{"1-1": 119, "0-1": 21}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "BTreeMap<String, usize>", from = "BTreeMap<String, usize>")]
pub struct KindCounts {
    counts: [usize; KINDS.len()],
    other: usize,
}

impl KindCounts {
    /// Counts a bead of this kind.
    pub fn add(&mut self, kind: BeadKind) {
        match KINDS.iter().position(|k| *k == kind) {
            Some(i) => self.counts[i] += 1,
            None => self.other += 1,
        }
    }

    /// Beads of one of [`KINDS`].
    pub fn get(&self, kind: BeadKind) -> usize {
        KINDS
            .iter()
            .position(|k| *k == kind)
            .map_or(0, |i| self.counts[i])
    }
}

impl From<KindCounts> for BTreeMap<String, usize> {
    fn from(kinds: KindCounts) -> Self {
        let mut map: BTreeMap<String, usize> = KINDS
            .iter()
            .zip(kinds.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        if kinds.other > 0 {
            map.insert("other".to_string(), kinds.other);
        }
        map
    }
}

impl From<BTreeMap<String, usize>> for KindCounts {
    fn from(map: BTreeMap<String, usize>) -> Self {
        let mut kinds = KindCounts::default();
        for (kind, n) in map {
            match KINDS.iter().position(|k| kind.parse() == Ok(*k)) {
                Some(i) => kinds.counts[i] += n,
                None => kinds.other += n,
            }
        }
        kinds
    }
}

/// What one aligned document came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocStats {
    pub ru_sentences: usize,
    pub en_sentences: usize,
    pub beads: usize,
    pub kinds: KindCounts,
    /// Sum of the bead confidences, kept as a sum (not a rounded mean) so
    /// that a row rebuilt from a resume record prints exactly as before.
    pub confidence_sum: f64,
    /// Rows with a flag that asks for a second look (moved, numbers-differ,
    /// names-differ, length-odd, low-confidence, mismatch, and `omission`
    /// or `addition` on a row with both languages: the untranslated
    /// sentence may be in it).
    pub flagged: usize,
    /// Rows of Russian only (flagged `omission`).
    pub omissions: usize,
    /// Rows of English only (flagged `addition`).
    pub additions: usize,
    /// Whether the two files look like translations of each other (`ok`,
    /// `doubtful`, `unrelated`); empty in records of older runs.
    #[serde(default)]
    pub verdict: String,
}

impl DocStats {
    pub fn of(aligned: &Aligned) -> DocStats {
        let mut stats = DocStats {
            ru_sentences: aligned.src.sentences.len(),
            en_sentences: aligned.tgt.sentences.len(),
            beads: aligned.alignment.beads.len(),
            kinds: KindCounts::default(),
            confidence_sum: 0.0,
            flagged: 0,
            omissions: 0,
            additions: 0,
            verdict: aligned.alignment.verdict().as_str().to_string(),
        };
        for bead in &aligned.alignment.beads {
            stats.kinds.add(bead.kind());
            stats.confidence_sum += f64::from(bead.confidence);
            let gap = bead.src.is_empty() || bead.tgt.is_empty();
            if gap && bead.flags.contains(&Flag::Omission) {
                stats.omissions += 1;
            }
            if gap && bead.flags.contains(&Flag::Addition) {
                stats.additions += 1;
            }
            if bead
                .flags
                .iter()
                .any(|f| !gap || !matches!(f, Flag::Omission | Flag::Addition))
            {
                stats.flagged += 1;
            }
        }
        stats
    }

    /// Mean bead confidence; `None` without beads.
    pub fn mean_confidence(&self) -> Option<f64> {
        (self.beads > 0).then(|| self.confidence_sum / self.beads as f64)
    }

    /// `119×1-1, 15×1-2, …`: the kinds that occur, in [`KINDS`] order.
    pub fn kinds_text(&self) -> String {
        let mut parts: Vec<String> = KINDS
            .iter()
            .filter(|k| self.kinds.get(**k) > 0)
            .map(|k| format!("{}×{k}", self.kinds.get(*k)))
            .collect();
        // Not expected from the engine, but never hidden if it happens.
        if self.kinds.other > 0 {
            parts.push(format!("{}×other", self.kinds.other));
        }
        parts.join(", ")
    }
}

/// How a document of a batch went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocStatus {
    /// Aligned, its table written (in this run or, with `--resume`, an
    /// earlier one).
    Ok,
    /// Could not be read or aligned; the reason is in `error`.
    Failed,
    /// A file that is not part of a pair (its partner is missing, or its
    /// name fits no layout); the reason is in `error`.
    Skipped,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Ok => "ok",
            DocStatus::Failed => "failed",
            DocStatus::Skipped => "skipped",
        }
    }
}

/// One row of the summary: one document (or one unpaired file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub name: String,
    pub status: DocStatus,
    /// Why the document failed or was skipped; empty when ok.
    pub error: String,
    /// Figures of an aligned document.
    pub stats: Option<DocStats>,
    /// Wall time spent on the document (reading, aligning, writing).
    pub seconds: Option<f64>,
}

/// Columns of `summary.csv`, in order.
pub fn summary_columns() -> Vec<String> {
    let mut columns: Vec<String> = [
        "name",
        "status",
        "verdict",
        "error",
        "ru_sentences",
        "en_sentences",
        "beads",
    ]
    .map(String::from)
    .to_vec();
    columns.extend(KINDS.map(|k| k.to_string()));
    columns.extend(
        [
            "mean_confidence",
            "flagged",
            "omissions",
            "additions",
            "seconds",
        ]
        .map(String::from),
    );
    columns
}

impl SummaryRow {
    /// The cells in [`summary_columns`] order; figures are empty when the
    /// document was not aligned.
    pub fn cells(&self) -> Vec<String> {
        let mut cells = vec![
            escape_text_cell(&self.name).into_owned(),
            self.status.as_str().to_string(),
            self.stats
                .as_ref()
                .map_or_else(String::new, |s| s.verdict.clone()),
            escape_cell(&self.error).into_owned(),
        ];
        let figure = |f: fn(&DocStats) -> usize| {
            self.stats
                .as_ref()
                .map_or_else(String::new, |s| f(s).to_string())
        };
        cells.push(figure(|s| s.ru_sentences));
        cells.push(figure(|s| s.en_sentences));
        cells.push(figure(|s| s.beads));
        for kind in KINDS {
            cells.push(
                self.stats
                    .as_ref()
                    .map_or_else(String::new, |s| s.kinds.get(kind).to_string()),
            );
        }
        cells.push(
            self.stats
                .as_ref()
                .and_then(DocStats::mean_confidence)
                .map_or_else(String::new, |c| format!("{c:.3}")),
        );
        cells.push(figure(|s| s.flagged));
        cells.push(figure(|s| s.omissions));
        cells.push(figure(|s| s.additions));
        cells.push(self.seconds.map_or_else(String::new, |s| format!("{s:.3}")));
        cells
    }
}

/// Writes the summary: plain CSV (UTF-8 without BOM, LF line ends, RFC 4180
/// quoting) so that the summaries of shards concatenate once each header
/// line but the first is dropped. Text cells get the tables' formula escape,
/// and names the escape of text cells too: a document called `007` or
/// `1.` would come back from a spreadsheet as the number 7 or 1.
pub fn write_summary<'r, W: Write>(
    rows: impl IntoIterator<Item = &'r SummaryRow>,
    writer: W,
) -> std::io::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(writer);
    out.write_record(summary_columns())?;
    for row in rows {
        out.write_record(row.cells())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resumed document's summary row comes from its JSON record: sums of
    /// confidences must come back bit for bit (they differed in the last
    /// digit, so a resumed summary differed from an uninterrupted one).
    #[test]
    fn recorded_sums_round_trip_exactly() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut differ = Vec::new();
        for _ in 0..20_000 {
            let mut sum = 0.0f64;
            for _ in 0..(state % 50) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                sum += f64::from((state >> 40) as f32 / (1u64 << 24) as f32);
            }
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let text = serde_json::to_string(&sum).unwrap();
            let back: f64 = serde_json::from_str(&text).unwrap();
            if back.to_bits() != sum.to_bits() {
                differ.push((sum, back));
            }
        }
        assert!(
            differ.is_empty(),
            "{} differ, e.g. {:?}",
            differ.len(),
            &differ[..differ.len().min(3)]
        );
    }

    /// Omissions and additions count rows of one language; a row with both
    /// flagged `omission` (its sentence may be the untranslated one) counts
    /// as flagged for review.
    #[test]
    fn gap_rows_count_apart_from_rows_that_may_hide_one() {
        use sverka_align::{Alignment, Bead};
        let bead =
            |src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, flags: &[Flag]| Bead {
                src,
                tgt,
                confidence: 0.9,
                flags: flags.to_vec(),
                details: String::new(),
                evidence: Default::default(),
            };
        let doc = |n: usize| {
            let text = (0..n).map(|k| format!("Sentence {k}.")).collect::<Vec<_>>();
            sverka_text::Document::presegmented(text.join("\n"), sverka_text::Lang::En)
        };
        let aligned = Aligned {
            src: doc(4),
            tgt: doc(3),
            alignment: Alignment {
                beads: vec![
                    bead(0..1, 0..1, &[Flag::Omission]),
                    bead(1..2, 1..1, &[Flag::Omission]),
                    bead(2..3, 1..2, &[]),
                    bead(3..4, 2..3, &[Flag::Mismatch]),
                ],
                length_ratio: 1.0,
                lexicon_in_use: true,
                moves: Vec::new(),
            },
            src_cues: None,
            tgt_cues: None,
        };
        let stats = DocStats::of(&aligned);
        assert_eq!((stats.omissions, stats.additions, stats.flagged), (1, 0, 2));
    }

    #[test]
    fn names_that_look_like_numbers_are_protected() {
        let row = |name: &str| SummaryRow {
            name: name.into(),
            status: DocStatus::Failed,
            error: "x".into(),
            stats: None,
            seconds: None,
        };
        for (name, cell) in [
            ("007", "'007"),
            ("1.", "'1."),
            ("news/007", "news/007"),
            ("-b", "'-b"),
        ] {
            assert_eq!(row(name).cells()[0], cell, "{name}");
        }
    }

    #[test]
    fn cells_line_up_with_the_columns() {
        let stats = DocStats {
            ru_sentences: 3,
            en_sentences: 4,
            beads: 3,
            kinds: KindCounts::from(BTreeMap::from([
                ("1-1".to_string(), 2),
                ("1-2".to_string(), 1),
            ])),
            confidence_sum: 2.5,
            flagged: 1,
            omissions: 0,
            additions: 0,
            verdict: "ok".into(),
        };
        let ok = SummaryRow {
            name: "news/a".into(),
            status: DocStatus::Ok,
            error: String::new(),
            stats: Some(stats),
            seconds: Some(0.0125),
        };
        let failed = SummaryRow {
            name: "-b".into(),
            status: DocStatus::Failed,
            error: "b.ru.txt: the file is empty".into(),
            stats: None,
            seconds: Some(0.001),
        };
        let mut out = Vec::new();
        write_summary(&[ok, failed], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,status,verdict,error,ru_sentences,en_sentences,beads,1-1,1-2,2-1,2-2,1-3,3-1,1-0,0-1,mean_confidence,flagged,omissions,additions,seconds\n\
             news/a,ok,ok,,3,4,3,2,1,0,0,0,0,0,0,0.833,1,0,0,0.013\n\
             '-b,failed,,b.ru.txt: the file is empty,,,,,,,,,,,,,,,,0.001\n"
        );
    }

    #[test]
    fn kinds_text_keeps_column_order() {
        let stats = DocStats {
            ru_sentences: 0,
            en_sentences: 0,
            beads: 0,
            kinds: KindCounts::from(BTreeMap::from([
                ("0-1".to_string(), 2),
                ("1-1".to_string(), 5),
                ("2-1".to_string(), 1),
                ("4-4".to_string(), 1),
            ])),
            confidence_sum: 0.0,
            flagged: 0,
            omissions: 0,
            additions: 0,
            verdict: String::new(),
        };
        assert_eq!(stats.kinds_text(), "5×1-1, 1×2-1, 2×0-1, 1×other");
        let json = serde_json::to_string(&stats.kinds).unwrap();
        assert_eq!(json, r#"{"0-1":2,"1-1":5,"2-1":1,"other":1}"#);
        assert_eq!(
            serde_json::from_str::<KindCounts>(&json).unwrap(),
            stats.kinds
        );
        assert_eq!(stats.mean_confidence(), None);
    }
}
