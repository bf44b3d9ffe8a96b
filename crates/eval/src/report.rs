//! Plain-text and Markdown renderings of scores (pure functions).

use crate::metrics::{AlignmentScores, Confusion, Counts, Outcome};

fn cell(label: &str) -> String {
    label.replace('|', "\\|").replace('\n', " ")
}

/// Header and separator lines of a Markdown scores table (ends in `\n`).
pub fn scores_header() -> String {
    "| set | strict P | strict R | strict F1 | lax P | lax R | lax F1 |\n\
     |---|---:|---:|---:|---:|---:|---:|\n"
        .to_string()
}

/// One Markdown table row (ends in `\n`), three decimals.
///
/// ```
/// use sverka_eval::metrics::{AlignmentScores, Scores};
/// use sverka_eval::report::scores_row;
/// let s = Scores { precision: 0.5, recall: 1.0, f1: 2.0 / 3.0 };
/// let row = scores_row("test0", &AlignmentScores { strict: s, lax: s });
/// assert_eq!(row, "| test0 | 0.500 | 1.000 | 0.667 | 0.500 | 1.000 | 0.667 |\n");
/// ```
pub fn scores_row(label: &str, s: &AlignmentScores) -> String {
    format!(
        "| {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
        cell(label),
        s.strict.precision,
        s.strict.recall,
        s.strict.f1,
        s.lax.precision,
        s.lax.recall,
        s.lax.f1
    )
}

/// A whole Markdown scores table, one row per `(label, scores)`.
pub fn scores_table<L: AsRef<str>>(rows: &[(L, AlignmentScores)]) -> String {
    let mut s = scores_header();
    for (label, scores) in rows {
        s.push_str(&scores_row(label.as_ref(), scores));
    }
    s
}

/// One line: `strict P 0.932 R 0.941 F1 0.936; lax P 0.987 R 0.991 F1 0.989`.
pub fn scores_summary(s: &AlignmentScores) -> String {
    format!(
        "strict P {:.3} R {:.3} F1 {:.3}; lax P {:.3} R {:.3} F1 {:.3}",
        s.strict.precision, s.strict.recall, s.strict.f1, s.lax.precision, s.lax.recall, s.lax.f1
    )
}

/// The raw counts behind the scores, on one line, e.g.
/// `precision: strict 9/10, lax 10/10 system beads; recall: strict 8/9, lax 9/9 gold beads`.
pub fn counts_summary(c: &Counts) -> String {
    let (p, r) = (&c.precision, &c.recall);
    format!(
        "precision: strict {}/{}, lax {}/{} system beads; recall: strict {}/{}, lax {}/{} gold beads",
        p.strict_correct,
        p.total(),
        p.lax_correct,
        p.lax_correct + p.lax_wrong,
        r.strict_correct,
        r.total(),
        r.lax_correct,
        r.lax_correct + r.lax_wrong
    )
}

/// A Markdown table of gold bead kinds (rows) against what the system made
/// of them (columns): `exact` (the system has the same bead), `~K` (no exact
/// match; the system bead sharing most sentences with it has kind K),
/// `none` (no system bead touches it). `n` is the number of gold beads of
/// the kind and `exact %` the share matched exactly.
///
/// ```
/// use sverka_eval::beads::Bead;
/// use sverka_eval::metrics::Confusion;
/// use sverka_eval::report::confusion_table;
/// let gold = vec![Bead::new([0], [0]), Bead::new([1, 2], [1])];
/// let system = vec![Bead::new([0], [0]), Bead::new([1], [1]), Bead::new([2], [])];
/// let table = confusion_table(&Confusion::new(&gold, &system));
/// assert_eq!(
///     table,
///     "| gold | n | exact % | exact | ~1-1 |\n\
///      |---|---:|---:|---:|---:|\n\
///      | 1-1 | 1 | 100.0 | 1 | 0 |\n\
///      | 2-1 | 1 | 0.0 | 0 | 1 |\n"
/// );
/// ```
pub fn confusion_table(c: &Confusion) -> String {
    let outcomes = c.outcomes();
    let mut s = String::from("| gold | n | exact % |");
    for o in &outcomes {
        s.push_str(&format!(" {o} |"));
    }
    s.push_str("\n|---|---:|---:|");
    for _ in &outcomes {
        s.push_str("---:|");
    }
    s.push('\n');
    for k in c.gold_kinds() {
        let n = c.row_total(k);
        let exact = c.get(k, Outcome::Exact);
        let pct = if n == 0 {
            0.0
        } else {
            100.0 * exact as f64 / n as f64
        };
        s.push_str(&format!("| {k} | {n} | {pct:.1} |"));
        for &o in &outcomes {
            s.push_str(&format!(" {} |", c.get(k, o)));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::beads::Bead;
    use crate::metrics::{count, Scores};

    #[test]
    fn table_and_summaries() {
        let s = Scores {
            precision: 0.9,
            recall: 0.8,
            f1: 0.847,
        };
        let a = AlignmentScores { strict: s, lax: s };
        let t = scores_table(&[("a|b", a)]);
        assert_eq!(t.lines().count(), 3);
        assert!(t.lines().nth(2).unwrap().starts_with("| a\\|b | 0.900 |"));
        assert_eq!(
            scores_summary(&a),
            "strict P 0.900 R 0.800 F1 0.847; lax P 0.900 R 0.800 F1 0.847"
        );
        let gold = vec![Bead::new([0], [0]), Bead::new([1], [1])];
        let sys = vec![Bead::new([0], [0]), Bead::new([1], []), Bead::new([], [1])];
        assert_eq!(
            counts_summary(&count(&gold, &sys)),
            "precision: strict 1/3, lax 1/3 system beads; recall: strict 1/2, lax 1/2 gold beads"
        );
    }

    #[test]
    fn confusion_columns() {
        let gold = vec![
            Bead::new([0], [0]),
            Bead::new([1], [1]),
            Bead::new([9], [9]),
        ];
        let sys = vec![Bead::new([0, 1], [0, 1])];
        let t = confusion_table(&Confusion::new(&gold, &sys));
        assert_eq!(
            t,
            "| gold | n | exact % | ~2-2 | none |\n|---|---:|---:|---:|---:|\n| 1-1 | 3 | 0.0 | 2 | 1 |\n"
        );
    }
}
