//! `sverka-bench suite review`: review signals on planted problems, and
//! `--fit-confidence`, which fits the confidence model on the suite's
//! fitting half. For tuning, `SVERKA_DEBUG_REVIEW=1` prints every row's
//! evidence, flagged rows and the planted problems no row showed on stderr
//! (with `SVERKA_DUMP_DOCS=DIR`, each document's texts go there; the
//! pre-segmented run's replace the raw run's).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use sverka_eval::review::{
    self, calibration_error, roc_auc, PlantedDoc, Problem, ReviewRow, Tally,
};
use sverka_eval::spans;
use sverka_text::Document;

use crate::suites::{eval_beads, sentence_spans, wmt_docs, wmt_langs, SuiteResult};
use sverka_pipeline::{Aligned, Engine};

/// How the documents are given to the aligner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Raw,
    Presegmented,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Raw => "raw text",
            Mode::Presegmented => "pre-segmented",
        }
    }
}

/// A bead's confidence inputs, for fitting.
fn inputs_of(bead: &sverka_align::Bead) -> Vec<f64> {
    bead.evidence
        .vector()
        .iter()
        .map(|&v| f64::from(v))
        .collect()
}

/// Fits the confidence model on the fitting half of the review suite (raw
/// and pre-segmented) and Text+Berg dev, and prints it as Rust code for
/// `Calibration::default` with the held-out figures.
pub fn fit(root: &Path, engine: &Engine) -> Result<String> {
    let docs = wmt_docs(root, sverka_eval::data::wmt21_docs)?;
    let planted = review::plant(&docs);
    let mut inputs: Vec<Vec<f64>> = Vec::new();
    let mut labels: Vec<bool> = Vec::new();
    // With the dictionaries and without any lexicon: one model for both.
    let bare = Engine {
        options: sverka_align::Options {
            lexicon: None,
            ..engine.options.clone()
        },
        dictionary: None,
        learn: None,
        learn_only_by_default: false,
        corpus_learned: false,
    };
    let settings = [
        (Mode::Raw, engine),
        (Mode::Presegmented, engine),
        (Mode::Raw, &bare),
        (Mode::Presegmented, &bare),
    ];
    for (mode, engine) in settings {
        let aligned = align_mode(&planted, mode, engine);
        for (doc, aligned) in planted.iter().zip(&aligned).filter(|(d, _)| d.fit) {
            let rows = review_rows(doc, aligned, mode)?;
            let assessment = review::assess(doc, &rows);
            for (bead, &(_, right)) in aligned.alignment.beads.iter().zip(&assessment.scored) {
                inputs.push(inputs_of(bead));
                labels.push(right);
            }
        }
    }
    let dev = sverka_eval::data::textberg(root, "dev").map_err(|e| anyhow::anyhow!("{e}"))?;
    let aligned = engine.align(
        Document::presegmented(dev.src.join("\n"), sverka_text::Lang::Other("de".into())),
        Document::presegmented(dev.tgt.join("\n"), sverka_text::Lang::Other("fr".into())),
    );
    let gold: std::collections::HashSet<sverka_eval::Bead> =
        dev.gold.iter().map(sverka_eval::Bead::normalized).collect();
    for bead in &aligned.alignment.beads {
        let as_gold =
            sverka_eval::Bead::from_ranges(bead.src.clone(), bead.tgt.clone()).normalized();
        inputs.push(inputs_of(bead));
        labels.push(gold.contains(&as_gold));
    }
    let (weights, bias) = review::fit_logistic(&inputs, &labels, 1.0);
    let listed: Vec<String> = weights.iter().map(|w| format!("{w:.3}")).collect();
    Ok(format!(
        "fitted on {} rows ({} right):\nweights: [{}],\nbias: {bias:.3},",
        labels.len(),
        labels.iter().filter(|&&y| y).count(),
        listed.join(", ")
    ))
}

pub fn run(root: &Path, engine: &Engine) -> Result<SuiteResult> {
    let docs = wmt_docs(root, sverka_eval::data::wmt21_docs)?;
    let planted = review::plant(&docs);
    let mut text = String::new();
    let mut md = String::from(
        "## review\n\nWMT21 documents with one planted problem each on the English side \
         (a sentence removed, a sentence replaced by one of similar length from another \
         document, a digit of a number changed), plus the clean documents. Found: a row \
         touching the problem shows it (omission: a row without English or flagged \
         `omission`; substitution: any flag, a gap row or confidence below 0.5; number: \
         `numbers-differ`). False alarms: flagged rows, away from the problem, whose \
         content is right (whole gold beads), per 100 such rows. Confidence is scored \
         against \"the row pairs what the gold pairs\" (both sides hold the same gold \
         beads, whole or in pieces; a gap row only gold gaps; never the planted \
         problem's row) on the half of the documents it was not fitted on (ROC AUC, \
         expected calibration error over 10 bins); the text output adds the AUC against \
         \"the row is exactly one gold bead\".\n\n\
         | input | omissions | substitutions | changed numbers | false alarms / 100 rows | \
         confidence AUC | calibration error |\n|---|---|---|---|---|---|---|\n",
    );
    let mut alarms_md = String::new();
    for mode in [Mode::Raw, Mode::Presegmented] {
        let tally = run_mode(&planted, mode, engine)?;
        let share = |p: Problem| {
            tally
                .found_share(p)
                .map_or("-".to_string(), |s| format!("{s:.3}"))
        };
        let counts = |p: Problem| tally.found.get(&p).copied().unwrap_or_default();
        let auc = roc_auc(&tally.held_out).map_or("-".to_string(), |a| format!("{a:.3}"));
        let ece = calibration_error(&tally.held_out);
        writeln!(
            text,
            "review, {} ({} documents): found omissions {} ({}/{}), substitutions {} ({}/{}), \
             changed numbers {} ({}/{}); false alarms {:.2} per 100 rows ({} of {}); \
             confidence AUC {auc}, calibration error {ece:.3} (held-out half; fitted half: AUC {}, error {:.3}; \
             AUC against exact gold beads {})",
            mode.name(),
            planted.len(),
            share(Problem::Omission),
            counts(Problem::Omission).0,
            counts(Problem::Omission).1,
            share(Problem::Substitution),
            counts(Problem::Substitution).0,
            counts(Problem::Substitution).1,
            share(Problem::Number),
            counts(Problem::Number).0,
            counts(Problem::Number).1,
            tally.false_alarms_per_100(),
            tally.false_alarms,
            tally.untouched,
            roc_auc(&tally.fitted).map_or("-".to_string(), |a| format!("{a:.3}")),
            calibration_error(&tally.fitted),
            roc_auc(&tally.held_out_exact).map_or("-".to_string(), |a| format!("{a:.3}")),
        )?;
        writeln!(
            md,
            "| {} | {} | {} | {} | {:.2} | {auc} | {ece:.3} |",
            mode.name(),
            share(Problem::Omission),
            share(Problem::Substitution),
            share(Problem::Number),
            tally.false_alarms_per_100(),
        )?;
        let mut by_flag: Vec<(&String, &usize)> = tally.false_alarms_by_flag.iter().collect();
        by_flag.sort();
        let listed: Vec<String> = by_flag.iter().map(|(f, n)| format!("`{f}` {n}")).collect();
        writeln!(
            alarms_md,
            "- {}: {} of {} rows ({})",
            mode.name(),
            tally.false_alarms,
            tally.untouched,
            if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            }
        )?;
        writeln!(text, "  false alarms by flag: {}", listed.join(", "))?;
    }
    writeln!(
        md,
        "\nFalse alarms by flag (a row may carry several):\n\n{alarms_md}"
    )?;
    let verdicts = verdicts(&docs, engine);
    writeln!(text, "{verdicts}")?;
    writeln!(md, "\nDocument {verdicts}.")?;
    Ok(SuiteResult {
        text: text.trim_end().to_string(),
        markdown: md,
    })
}

/// Verdicts on the clean WMT21 pairs (raw text) and on unrelated pairs (the
/// Russian of one document against the English of the next).
fn verdicts(docs: &[(String, sverka_eval::data::WmtDoc)], engine: &Engine) -> String {
    fn russian_english(
        doc: &sverka_eval::data::WmtDoc,
    ) -> (
        &sverka_eval::data::SegmentedText,
        &sverka_eval::data::SegmentedText,
    ) {
        match doc.russian {
            sverka_eval::Side::Source => (&doc.source, &doc.target),
            sverka_eval::Side::Target => (&doc.target, &doc.source),
        }
    }
    let pairs = |shift: usize, mode: Mode| -> Vec<(Document, Document)> {
        (0..docs.len())
            .map(|i| {
                let (ru, _) = russian_english(&docs[i].1);
                let (_, en) = russian_english(&docs[(i + shift) % docs.len()].1);
                if std::env::var_os("SVERKA_DEBUG_REVIEW").is_some() {
                    eprintln!("PAIR\t{}\t{}", docs[i].0, docs[(i + shift) % docs.len()].0);
                }
                let (ru_lang, en_lang) = (sverka_text::Lang::Ru, sverka_text::Lang::En);
                match mode {
                    Mode::Raw => (
                        Document::from_text(ru.text.clone(), ru_lang),
                        Document::from_text(en.text.clone(), en_lang),
                    ),
                    Mode::Presegmented => (
                        Document::presegmented(ru.segments().join("\n"), ru_lang),
                        Document::presegmented(en.segments().join("\n"), en_lang),
                    ),
                }
            })
            .collect()
    };
    let count = |aligned: Vec<Aligned>| -> String {
        let mut counts = std::collections::BTreeMap::new();
        for a in &aligned {
            if std::env::var_os("SVERKA_DEBUG_REVIEW").is_some() {
                // Development aid for the verdict: every bead's evidence.
                for b in &a.alignment.beads {
                    let e = &b.evidence;
                    eprintln!(
                        "VBEAD\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        b.src.len(),
                        b.tgt.len(),
                        e.margin,
                        e.lexical_share,
                        e.lexical_amount,
                        e.key_share,
                        e.key_amount,
                        u8::from(e.supported(a.alignment.lexicon_in_use)),
                        u8::from(b.flags.contains(&sverka_align::Flag::Mismatch)),
                    );
                }
                eprintln!(
                    "SHARE\t{}\t{}\t{}",
                    a.alignment.supported_share(),
                    a.src.sentences.len(),
                    a.tgt.sentences.len()
                );
            }
            *counts.entry(a.alignment.verdict()).or_insert(0usize) += 1;
        }
        counts
            .iter()
            .map(|(v, n)| format!("{v} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    [Mode::Raw, Mode::Presegmented]
        .map(|mode| {
            format!(
                "verdicts, {}: translations ({} pairs): {}; unrelated pairs ({} pairs): {}",
                mode.name(),
                docs.len(),
                count(align_each(engine, pairs(0, mode))),
                docs.len(),
                count(align_each(engine, pairs(1, mode)))
            )
        })
        .join("\n")
}

fn align_mode(planted: &[PlantedDoc], mode: Mode, engine: &Engine) -> Vec<Aligned> {
    let pairs = planted
        .iter()
        .map(|p| {
            let (src_lang, tgt_lang) = wmt_langs(&p.doc);
            match mode {
                Mode::Raw => (
                    Document::from_text(p.doc.source.text.clone(), src_lang),
                    Document::from_text(p.doc.target.text.clone(), tgt_lang),
                ),
                Mode::Presegmented => (
                    Document::presegmented(p.doc.source.segments().join("\n"), src_lang),
                    Document::presegmented(p.doc.target.segments().join("\n"), tgt_lang),
                ),
            }
        })
        .collect();
    align_each(engine, pairs)
}

fn align_each(engine: &Engine, pairs: Vec<(Document, Document)>) -> Vec<Aligned> {
    use rayon::prelude::*;
    pairs
        .into_par_iter()
        .map(|(src, tgt)| engine.align(src, tgt))
        .collect()
}

fn run_mode(planted: &[PlantedDoc], mode: Mode, engine: &Engine) -> Result<Tally> {
    let aligned = align_mode(planted, mode, engine);
    let mut tally = Tally::default();
    for (doc, aligned) in planted.iter().zip(&aligned) {
        let rows = review_rows(doc, aligned, mode)?;
        let assessment = review::assess(doc, &rows);
        if std::env::var_os("SVERKA_DEBUG_REVIEW").is_some() {
            debug_rows(doc, aligned, &rows, &assessment);
        }
        tally.add(doc, &assessment);
    }
    Ok(tally)
}

/// The rows of an alignment, each with the gold segments it touches.
fn review_rows(doc: &PlantedDoc, aligned: &Aligned, mode: Mode) -> Result<Vec<ReviewRow>> {
    let beads = &aligned.alignment.beads;
    let touched: Vec<(Vec<usize>, Vec<usize>)> = match mode {
        // One line, one gold segment.
        Mode::Presegmented => beads
            .iter()
            .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
            .collect(),
        Mode::Raw => spans::project(
            &doc.doc.source.spans,
            &doc.doc.target.spans,
            &sentence_spans(&aligned.src),
            &sentence_spans(&aligned.tgt),
            &eval_beads(&aligned.alignment),
        )
        .map_err(|e| anyhow::anyhow!("{}: {e}", doc.name))?
        .touched
        .into_iter()
        .map(|t| (t.src, t.tgt))
        .collect(),
    };
    Ok(beads
        .iter()
        .zip(touched)
        .map(|(bead, (src, tgt))| ReviewRow {
            src,
            tgt,
            src_empty: bead.src.is_empty(),
            tgt_empty: bead.tgt.is_empty(),
            flags: bead.flags.iter().map(|f| f.as_str().to_string()).collect(),
            confidence: f64::from(bead.confidence),
        })
        .collect())
}

/// Development aid: prints flagged rows and missed problems.
fn debug_rows(doc: &PlantedDoc, aligned: &Aligned, rows: &[ReviewRow], a: &review::Assessment) {
    crate::suites::dump_texts(&doc.name, aligned);
    let text = |d: &Document, r: std::ops::Range<usize>| -> String {
        r.map(|i| d.sentence_text(&d.sentences[i]).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (bead, _row) in aligned.alignment.beads.iter().zip(rows) {
        if !bead.flags.is_empty() && !bead.details.is_empty() {
            eprintln!(
                "FLAG\t{}\t{}\t{}\t{}\t{}",
                doc.name,
                bead.details,
                text(&aligned.src, bead.src.clone()),
                text(&aligned.tgt, bead.tgt.clone()),
                bead.confidence
            );
        }
    }
    for ((bead, row), (_, right)) in aligned.alignment.beads.iter().zip(rows).zip(&a.scored) {
        let on = doc.planted.as_ref().is_some_and(|p| {
            (if p.side == sverka_eval::Side::Source {
                &row.src
            } else {
                &row.tgt
            })
            .contains(&p.segment)
        });
        if on && !a.found.is_some_and(|f| f.1) {
            eprintln!(
                "PROBLEM\t{}\t{}\t{}\t{}",
                doc.name,
                text(&aligned.src, bead.src.clone()),
                text(&aligned.tgt, bead.tgt.clone()),
                bead.details
            );
        }
        let e = &bead.evidence;
        eprintln!(
            "ROW\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}\t{:.3}\t{:.3}\t{}\t{:.3}\t{}\t{}",
            doc.name,
            u8::from(on),
            u8::from(*right),
            bead.kind(),
            e.gap,
            e.margin,
            e.lexical_share,
            e.lexical_amount,
            e.key_share,
            e.key_amount,
            e.length_z,
            e.weakest_support,
            e.coverage,
            text(&aligned.src, bead.src.clone()).replace(['\n', '\t'], " "),
            text(&aligned.tgt, bead.tgt.clone()).replace(['\n', '\t'], " "),
            bead.confidence,
            e.relative_margin,
            bead.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(","),
            e.foreign_share,
            u8::from(e.numbers_one_side),
            u8::from(e.names_one_side),
        );
    }
    if let Some((problem, false)) = a.found {
        eprintln!("MISSED\t{}\t{problem}", doc.name);
    }
}
