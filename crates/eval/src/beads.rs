//! Beads and the bead file format.
//!
//! A *bead* links a group of source sentences to a group of target
//! sentences. Its sides hold 0-based sentence indices; either side may be
//! empty (an insertion or deletion). A bead file has one bead per line:
//!
//! ```text
//! [0]:[0, 1]
//! [1, 2]:[2]
//! []:[3]
//! ```
//!
//! [`parse_beads`] accepts spaces or no spaces around indices and commas, LF
//! or CRLF line ends and trailing blank lines; [`write_beads`] writes the
//! canonical `[i, j]:[k]` form. Parsing checks syntax only: use
//! [`validate`] to check that a list of beads is a monotone partition of
//! both documents (real gold files are not always one; see the crate docs).

use std::fmt;
use std::ops::Range;

pub use sverka_core::{BeadKind, Side};

/// One alignment bead: the source sentences and target sentences it links.
///
/// Indices are 0-based. Beads produced by an aligner have each side sorted
/// and contiguous; beads read from a file keep the order in which the file
/// lists them (see [`Bead::normalized`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Bead {
    /// Source sentence indices.
    pub src: Vec<usize>,
    /// Target sentence indices.
    pub tgt: Vec<usize>,
}

impl Bead {
    /// A bead from two index lists.
    pub fn new(src: impl Into<Vec<usize>>, tgt: impl Into<Vec<usize>>) -> Bead {
        Bead {
            src: src.into(),
            tgt: tgt.into(),
        }
    }

    /// A bead over two index ranges, e.g. `Bead::from_ranges(0..2, 3..4)`.
    pub fn from_ranges(src: Range<usize>, tgt: Range<usize>) -> Bead {
        Bead {
            src: src.collect(),
            tgt: tgt.collect(),
        }
    }

    /// The indices on one side.
    pub fn side(&self, side: Side) -> &[usize] {
        match side {
            Side::Source => &self.src,
            Side::Target => &self.tgt,
        }
    }

    /// Mutable access to the indices on one side.
    pub fn side_mut(&mut self, side: Side) -> &mut Vec<usize> {
        match side {
            Side::Source => &mut self.src,
            Side::Target => &mut self.tgt,
        }
    }

    /// The bead's shape (`2-1` etc.).
    pub fn kind(&self) -> BeadKind {
        BeadKind {
            source: self.src.len(),
            target: self.tgt.len(),
        }
    }

    /// The bead's shape as a string such as `"1-1"`, `"2-1"` or `"0-1"`.
    pub fn kind_str(&self) -> String {
        self.kind().to_string()
    }

    /// True if both sides are empty (such beads carry no alignment).
    pub fn is_empty(&self) -> bool {
        self.src.is_empty() && self.tgt.is_empty()
    }

    /// True if exactly one side is empty: an insertion or deletion
    /// (`1-0`, `0-2`, …).
    pub fn is_insertion_or_deletion(&self) -> bool {
        self.src.is_empty() != self.tgt.is_empty()
    }

    /// True if both sides hold at least one sentence.
    pub fn is_linking(&self) -> bool {
        !self.src.is_empty() && !self.tgt.is_empty()
    }

    /// A copy with both sides sorted and duplicate indices removed.
    pub fn normalized(&self) -> Bead {
        let mut b = self.clone();
        b.src.sort_unstable();
        b.src.dedup();
        b.tgt.sort_unstable();
        b.tgt.dedup();
        b
    }
}

impl fmt::Display for Bead {
    /// Writes the bead in bead-file form: `[0, 1]:[2]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(f: &mut fmt::Formatter<'_>, v: &[usize]) -> fmt::Result {
            f.write_str("[")?;
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{x}")?;
            }
            f.write_str("]")
        }
        list(f, &self.src)?;
        f.write_str(":")?;
        list(f, &self.tgt)
    }
}

/// What is wrong with a line of a bead file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    /// A blank line before the last bead.
    #[error("empty line")]
    EmptyLine,
    /// No `:` between the two sides.
    #[error("expected `[...]:[...]` but found no ':' between the sides")]
    MissingColon,
    /// More than one `:`.
    #[error("expected one ':' between the sides but found {0}")]
    ExtraColon(usize),
    /// A side that is not wrapped in brackets.
    #[error("the {0} side is not a bracketed list like [1, 2] (found {1:?})")]
    NotBracketed(Side, String),
    /// An item that is not a non-negative integer.
    #[error("the {0} side has {1:?}, which is not a sentence index (a non-negative integer)")]
    BadIndex(Side, String),
    /// The same index twice on one side.
    #[error("the {0} side lists index {1} twice")]
    RepeatedIndex(Side, usize),
}

/// A bead file line that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

/// Parses bead-file text: one `[i, j]:[k]` bead per line.
///
/// Tolerates spaces anywhere between tokens, CRLF line ends, a missing or
/// present final newline and trailing blank lines. A blank line between
/// beads is an error. Indices keep the order in which the line lists them.
///
/// ```
/// use sverka_eval::beads::{parse_beads, Bead};
/// let beads = parse_beads("[0]:[0,1]\r\n[1, 2] : []\n").unwrap();
/// assert_eq!(beads, vec![Bead::new([0], [0, 1]), Bead::new([1, 2], [])]);
/// assert_eq!(
///     parse_beads("[0]:[0]\n[x]:[1]").unwrap_err().to_string(),
///     "line 2: the source side has \"x\", which is not a sentence index (a non-negative integer)"
/// );
/// ```
pub fn parse_beads(text: &str) -> Result<Vec<Bead>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let last_content = lines.iter().rposition(|l| !l.trim().is_empty());
    let Some(last) = last_content else {
        return Ok(Vec::new());
    };
    let mut beads = Vec::with_capacity(last + 1);
    for (i, line) in lines[..=last].iter().enumerate() {
        beads.push(parse_bead(line).map_err(|kind| ParseError { line: i + 1, kind })?);
    }
    Ok(beads)
}

/// Parses a single bead such as `[0, 1]:[2]` (surrounding spaces allowed).
pub fn parse_bead(line: &str) -> Result<Bead, ParseErrorKind> {
    let line = line.trim();
    if line.is_empty() {
        return Err(ParseErrorKind::EmptyLine);
    }
    let colons = line.matches(':').count();
    if colons == 0 {
        return Err(ParseErrorKind::MissingColon);
    }
    if colons > 1 {
        return Err(ParseErrorKind::ExtraColon(colons));
    }
    let (a, b) = line.split_once(':').expect("one colon");
    Ok(Bead {
        src: parse_side(a, Side::Source)?,
        tgt: parse_side(b, Side::Target)?,
    })
}

fn parse_side(s: &str, side: Side) -> Result<Vec<usize>, ParseErrorKind> {
    let t = s.trim();
    let inner = t
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .ok_or_else(|| ParseErrorKind::NotBracketed(side, t.to_string()))?;
    let inner = inner.trim();
    if inner.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<usize> = Vec::new();
    // A set, not a search of `out`: one bead of 400,000 indices took 29 s.
    let mut seen = std::collections::HashSet::new();
    for item in inner.split(',') {
        let item = item.trim();
        let v: usize = item
            .parse()
            .ok()
            .filter(|_| !item.starts_with('+'))
            .ok_or_else(|| ParseErrorKind::BadIndex(side, item.to_string()))?;
        if !seen.insert(v) {
            return Err(ParseErrorKind::RepeatedIndex(side, v));
        }
        out.push(v);
    }
    Ok(out)
}

/// Writes beads in bead-file form, one per line, each line ending in `\n`.
///
/// ```
/// use sverka_eval::beads::{write_beads, Bead};
/// let text = write_beads(&[Bead::new([0, 1], [0]), Bead::new([], [1])]);
/// assert_eq!(text, "[0, 1]:[0]\n[]:[1]\n");
/// ```
pub fn write_beads(beads: &[Bead]) -> String {
    let mut s = String::new();
    for b in beads {
        s.push_str(&b.to_string());
        s.push('\n');
    }
    s
}

/// One way in which beads fail to be a monotone partition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Issue {
    /// A bead with both sides empty.
    #[error("bead {bead} is empty on both sides")]
    EmptyBead {
        /// 0-based bead number.
        bead: usize,
    },
    /// An index at or past the number of sentences.
    #[error("bead {bead}: {side} index {index} is out of range (the {side} has {len} sentences)")]
    OutOfRange {
        /// 0-based bead number.
        bead: usize,
        /// The side.
        side: Side,
        /// The offending index.
        index: usize,
        /// Number of sentences on that side.
        len: usize,
    },
    /// A sentence in more than one bead (or twice in one).
    #[error("{side} sentence {index} appears more than once (again in bead {bead})")]
    Repeated {
        /// 0-based bead number of the second occurrence.
        bead: usize,
        /// The side.
        side: Side,
        /// The sentence index.
        index: usize,
    },
    /// A sentence in no bead.
    #[error("{side} sentence {index} is in no bead")]
    Missing {
        /// The side.
        side: Side,
        /// The sentence index.
        index: usize,
    },
    /// A side whose indices are not consecutive ascending numbers.
    #[error(
        "bead {bead}: the {side} side {indices:?} is not a run of consecutive ascending indices"
    )]
    NotContiguous {
        /// 0-based bead number.
        bead: usize,
        /// The side.
        side: Side,
        /// The side's indices as given.
        indices: Vec<usize>,
    },
    /// A bead whose indices come before those of an earlier bead.
    #[error("bead {bead}: {side} index {index} comes after index {previous} of an earlier bead (not monotone)")]
    NotMonotone {
        /// 0-based bead number.
        bead: usize,
        /// The side.
        side: Side,
        /// The first index of this bead on that side.
        index: usize,
        /// The largest index seen before on that side.
        previous: usize,
    },
}

/// Beads that are not a monotone partition: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summarize(.issues))]
pub struct ValidationError {
    /// All problems, in the order found.
    pub issues: Vec<Issue>,
}

fn summarize(issues: &[Issue]) -> String {
    let mut s = format!(
        "not a monotone partition ({} problem{}): ",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" }
    );
    for (i, issue) in issues.iter().take(5).enumerate() {
        if i > 0 {
            s.push_str("; ");
        }
        s.push_str(&issue.to_string());
    }
    if issues.len() > 5 {
        s.push_str("; …");
    }
    s
}

/// Lists every way in which `beads` fail to be a monotone partition of
/// `n_src` source and `n_tgt` target sentences: each index in `0..n` in
/// exactly one bead, each side a run of consecutive ascending indices, beads
/// in document order on both sides, no bead empty on both sides.
pub fn check_partition(beads: &[Bead], n_src: usize, n_tgt: usize) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut seen = [vec![false; n_src], vec![false; n_tgt]];
    let mut prev: [Option<usize>; 2] = [None, None];
    for (bi, b) in beads.iter().enumerate() {
        if b.is_empty() {
            issues.push(Issue::EmptyBead { bead: bi });
        }
        for (si, side) in [Side::Source, Side::Target].into_iter().enumerate() {
            let idx = b.side(side);
            let len = seen[si].len();
            for &i in idx {
                if i >= len {
                    issues.push(Issue::OutOfRange {
                        bead: bi,
                        side,
                        index: i,
                        len,
                    });
                } else if seen[si][i] {
                    issues.push(Issue::Repeated {
                        bead: bi,
                        side,
                        index: i,
                    });
                } else {
                    seen[si][i] = true;
                }
            }
            if idx.windows(2).any(|w| w[1] != w[0] + 1) {
                issues.push(Issue::NotContiguous {
                    bead: bi,
                    side,
                    indices: idx.to_vec(),
                });
            }
            if let (Some(&first), Some(p)) = (idx.iter().min(), prev[si]) {
                if first <= p {
                    issues.push(Issue::NotMonotone {
                        bead: bi,
                        side,
                        index: first,
                        previous: p,
                    });
                }
            }
            if let Some(&m) = idx.iter().max() {
                prev[si] = Some(prev[si].map_or(m, |p| p.max(m)));
            }
        }
    }
    for (si, side) in [Side::Source, Side::Target].into_iter().enumerate() {
        for (i, &s) in seen[si].iter().enumerate() {
            if !s {
                issues.push(Issue::Missing { side, index: i });
            }
        }
    }
    issues
}

/// Checks that `beads` are a monotone partition (see [`check_partition`]).
///
/// ```
/// use sverka_eval::beads::{validate, Bead};
/// let ok = [Bead::new([0], [0, 1]), Bead::new([1], []), Bead::new([], [2])];
/// assert!(validate(&ok, 2, 3).is_ok());
/// let err = validate(&[Bead::new([1], [0]), Bead::new([0], [1])], 2, 2).unwrap_err();
/// assert!(err.to_string().contains("not monotone"));
/// ```
pub fn validate(beads: &[Bead], n_src: usize, n_tgt: usize) -> Result<(), ValidationError> {
    let issues = check_partition(beads, n_src, n_tgt);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ValidationError { issues })
    }
}

/// Removes the sentences `removed` from one side of an alignment and
/// renumbers the later ones, e.g. to model a document whose translation
/// lacks a passage.
///
/// Partners of the removed sentences stay, as insertions or deletions when
/// their bead loses its whole other side; beads left empty on both sides are
/// dropped. A monotone partition stays a monotone partition of the shorter
/// document.
///
/// ```
/// use sverka_eval::beads::{remove_sentences, Bead, Side};
/// let gold: Vec<Bead> = (0..4).map(|i| Bead::new([i], [i])).collect();
/// let cut = remove_sentences(&gold, Side::Target, 1..3);
/// assert_eq!(
///     cut,
///     vec![Bead::new([0], [0]), Bead::new([1], []), Bead::new([2], []), Bead::new([3], [1])]
/// );
/// ```
pub fn remove_sentences(beads: &[Bead], side: Side, removed: Range<usize>) -> Vec<Bead> {
    let n_removed = removed.len();
    beads
        .iter()
        .filter_map(|b| {
            let mut b = b.clone();
            let v = b.side_mut(side);
            v.retain(|i| !removed.contains(i));
            for i in v.iter_mut() {
                if *i >= removed.end {
                    *i -= n_removed;
                }
            }
            (!b.is_empty()).then_some(b)
        })
        .collect()
}

/// Puts beads in document order: beads with source sentences by their
/// first source index, and beads with only target sentences just before
/// the first bead whose target side starts after theirs.
///
/// For a monotone partition in any order this restores the monotone order.
pub fn sort_beads(beads: &mut Vec<Bead>) {
    let (mut with_src, mut tgt_only): (Vec<Bead>, Vec<Bead>) =
        beads.drain(..).partition(|b| !b.src.is_empty());
    with_src.sort_by_key(|b| (b.src.iter().min().copied(), b.tgt.iter().min().copied()));
    tgt_only.sort_by_key(|b| b.tgt.iter().min().copied());
    let mut pending = tgt_only.into_iter().peekable();
    for b in with_src {
        if let Some(&t) = b.tgt.iter().min() {
            while let Some(ins) = pending.next_if(|p| p.tgt.iter().min().copied() < Some(t)) {
                beads.push(ins);
            }
        }
        beads.push(b);
    }
    beads.extend(pending);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One bead of 200,000 indices: a quadratic check for repeats took
    /// tens of seconds (400,000 took 29 s in a release build).
    #[test]
    fn a_huge_bead_parses_in_linear_time() {
        let indices: Vec<String> = (0..200_000).map(|i| i.to_string()).collect();
        let line = format!("[{}]:[0]", indices.join(", "));
        let started = std::time::Instant::now();
        let beads = parse_beads(&line).unwrap();
        assert_eq!(beads[0].src.len(), 200_000);
        assert!(
            started.elapsed().as_secs() < 5,
            "took {:?}",
            started.elapsed()
        );
        let repeated = format!("[{}, 7]:[0]", indices.join(", "));
        assert_eq!(
            parse_beads(&repeated).unwrap_err().kind,
            ParseErrorKind::RepeatedIndex(Side::Source, 7)
        );
    }

    #[test]
    fn parses_spacing_variants_and_crlf() {
        let text = "[0]:[0]\r\n[1,2]:[1]\r\n[ 3 ] : [ ]\n[]:[2, 3,4]\n\n\n";
        let beads = parse_beads(text).unwrap();
        assert_eq!(
            beads,
            vec![
                Bead::new([0], [0]),
                Bead::new([1, 2], [1]),
                Bead::new([3], []),
                Bead::new([], [2, 3, 4]),
            ]
        );
        assert_eq!(beads[1].kind_str(), "2-1");
        assert_eq!(beads[2].kind_str(), "1-0");
        assert_eq!(beads[3].kind_str(), "0-3");
        assert_eq!(parse_beads("").unwrap(), vec![]);
        assert_eq!(parse_beads("\n\n").unwrap(), vec![]);
        assert_eq!(parse_beads("[0]:[0]").unwrap().len(), 1);
    }

    #[test]
    fn errors_name_line_and_problem() {
        let cases = [
            ("[0]:[0]\n\n[1]:[1]\n", 2, ParseErrorKind::EmptyLine),
            ("[0]:[0]\n[1][1]\n", 2, ParseErrorKind::MissingColon),
            ("[0]:[0]:[1]\n", 1, ParseErrorKind::ExtraColon(2)),
            (
                "0:[1]",
                1,
                ParseErrorKind::NotBracketed(Side::Source, "0".into()),
            ),
            (
                "[0]:[1,]",
                1,
                ParseErrorKind::BadIndex(Side::Target, "".into()),
            ),
            (
                "[-1]:[1]",
                1,
                ParseErrorKind::BadIndex(Side::Source, "-1".into()),
            ),
            (
                "[0]:[0]\n[1]:[1]\n[2]:[3, 3]",
                3,
                ParseErrorKind::RepeatedIndex(Side::Target, 3),
            ),
        ];
        for (text, line, kind) in cases {
            let e = parse_beads(text).unwrap_err();
            assert_eq!(e, ParseError { line, kind }, "{text:?}");
            assert!(e.to_string().starts_with(&format!("line {line}: ")));
        }
        let msg = parse_beads("[0]:[0]\n[1][1]").unwrap_err().to_string();
        assert_eq!(
            msg,
            "line 2: expected `[...]:[...]` but found no ':' between the sides"
        );
    }

    #[test]
    fn write_then_parse_round_trips() {
        let beads = vec![
            Bead::new([0, 1], [0]),
            Bead::new([], [1]),
            Bead::new([2], []),
            Bead::from_ranges(3..6, 2..4),
        ];
        let text = write_beads(&beads);
        assert_eq!(text, "[0, 1]:[0]\n[]:[1]\n[2]:[]\n[3, 4, 5]:[2, 3]\n");
        assert_eq!(parse_beads(&text).unwrap(), beads);
    }

    #[test]
    fn validation_finds_each_problem() {
        let good = [
            Bead::new([0, 1], [0]),
            Bead::new([], [1]),
            Bead::new([2], [2, 3]),
        ];
        assert!(check_partition(&good, 3, 4).is_empty());

        let issues = check_partition(&[Bead::new([0], [0]), Bead::new([], [])], 1, 1);
        assert_eq!(issues, vec![Issue::EmptyBead { bead: 1 }]);

        let issues = check_partition(&[Bead::new([0, 2], [0])], 3, 1);
        assert!(issues.contains(&Issue::NotContiguous {
            bead: 0,
            side: Side::Source,
            indices: vec![0, 2]
        }));
        assert!(issues.contains(&Issue::Missing {
            side: Side::Source,
            index: 1
        }));

        let issues = check_partition(&[Bead::new([0], [0]), Bead::new([0], [1, 2])], 1, 2);
        assert!(issues.contains(&Issue::Repeated {
            bead: 1,
            side: Side::Source,
            index: 0
        }));
        assert!(issues.contains(&Issue::OutOfRange {
            bead: 1,
            side: Side::Target,
            index: 2,
            len: 2
        }));

        let issues = check_partition(&[Bead::new([1], [0]), Bead::new([0], [1])], 2, 2);
        assert_eq!(
            issues,
            vec![Issue::NotMonotone {
                bead: 1,
                side: Side::Source,
                index: 0,
                previous: 1
            }]
        );
        let e = validate(&[Bead::new([1], [0]), Bead::new([0], [1])], 2, 2).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("not a monotone partition (1 problem): bead 1"));
    }

    #[test]
    fn sort_restores_document_order() {
        let ordered = vec![
            Bead::new([], [0]),
            Bead::new([0], [1]),
            Bead::new([1], []),
            Bead::new([], [2]),
            Bead::new([2, 3], [3]),
            Bead::new([], [4]),
        ];
        let mut shuffled = vec![
            ordered[5].clone(),
            ordered[2].clone(),
            ordered[0].clone(),
            ordered[4].clone(),
            ordered[3].clone(),
            ordered[1].clone(),
        ];
        sort_beads(&mut shuffled);
        assert_eq!(shuffled, ordered);
    }

    #[test]
    fn removing_sentences_keeps_a_partition() {
        let gold = vec![
            Bead::new([0], [0]),
            Bead::new([1, 2], [1]),
            Bead::new([3], [2, 3]),
            Bead::new([4], [4]),
        ];
        let cut = remove_sentences(&gold, Side::Source, 1..4);
        assert_eq!(
            cut,
            vec![
                Bead::new([0], [0]),
                Bead::new([], [1]),
                Bead::new([], [2, 3]),
                Bead::new([1], [4]),
            ]
        );
        assert!(validate(&cut, 2, 5).is_ok());
    }
}
