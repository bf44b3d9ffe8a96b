//! `sverka eval`: score bead files, or run an evaluation suite on real data.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use sverka_eval::data::{self, WmtPair};
use sverka_eval::metrics::{Confusion, Counts};
use sverka_eval::report;
use sverka_eval::spans;
use sverka_eval::{parse_beads, Bead, Side};
use sverka_text::{Document, Lang};

use sverka_pipeline::same_file::{refuse_overlaps, Named};
use sverka_pipeline::Engine;

/// Evaluation suites on the shared data and the project's corpora.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Suite {
    /// Text+Berg German–French test0–6, pre-segmented (human n:m gold).
    Textberg,
    /// Text+Berg dev (for tuning).
    TextbergDev,
    /// WMT21 en↔ru documents as raw text, segmentation included.
    Wmt21,
    /// WMT21 en↔ru documents pre-segmented (gold segments given): the aligner alone.
    Wmt21Presegmented,
    /// WMT21 with a stretch of 3–8 segments removed from one side of every fifth document.
    Wmt21Excerpts,
    /// Chekhov stories as raw text, scored by paragraph.
    Chekhov,
    /// Every pair under corpora/ that has a gold.beads.
    Corpora,
    /// Review signals: WMT21 documents with planted omissions, substitutions
    /// and changed numbers, plus the clean documents (raw and pre-segmented).
    Review,
    /// All of the above except textberg-dev.
    All,
}

/// The end of `sverka eval --help`; a test runs every line as written. The
/// other suites need the evaluation data beside the checkout.
pub const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka eval --suite corpora
  sverka eval --suite corpora --no-lexicon --learn --markdown corpora.md";

/// Score an alignment against gold beads, or run an evaluation suite.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold bead file (`[i, j]:[k]` per line).
    #[arg(long, requires = "test", conflicts_with = "suite")]
    pub gold: Option<PathBuf>,
    /// System bead file to score against --gold.
    #[arg(long, requires = "gold")]
    pub test: Option<PathBuf>,
    /// Run a suite instead of scoring two files.
    #[arg(long, value_enum)]
    pub suite: Option<Suite>,
    /// Folder of the shared evaluation data (default: ../shared/data beside
    /// the workspace, or $SVERKA_SHARED_DATA).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Also write the results as Markdown to this file (for docs/quality.md).
    #[arg(long)]
    pub markdown: Option<PathBuf>,
    /// With --suite review: fit the confidence model on the fitting half of
    /// the suite and Text+Berg dev, and print it (for development).
    #[arg(long, requires = "suite")]
    pub fit_confidence: bool,
}

pub fn run(args: &EvalArgs, engine: &Engine) -> Result<()> {
    let mut inputs = Vec::new();
    if let (Some(gold), Some(test)) = (&args.gold, &args.test) {
        inputs.push(Named::new("--gold", gold));
        inputs.push(Named::new("--test", test));
    }
    let stdout = PathBuf::from("-");
    let mut outputs = vec![Named::new("standard output", &stdout)];
    if let Some(markdown) = &args.markdown {
        outputs.push(Named::new("--markdown", markdown));
    }
    refuse_overlaps(&inputs, &outputs)?;
    if let Some(markdown) = &args.markdown {
        sverka_pipeline::output::check_output("--markdown", markdown)?;
    }
    if let (Some(gold), Some(test)) = (&args.gold, &args.test) {
        let gold_beads = read_beads(gold)?;
        let test_beads = read_beads(test)?;
        let scores = sverka_eval::score(&gold_beads, &test_beads);
        println!("{}", report::scores_summary(&scores));
        return Ok(());
    }
    let Some(suite) = args.suite else {
        bail!("give --gold and --test, or --suite (see sverka eval --help)");
    };
    if args.fit_confidence {
        if suite != Suite::Review {
            bail!("--fit-confidence goes with --suite review");
        }
        println!(
            "{}",
            super::review::fit(&shared_data(args.data.as_deref())?, engine)?
        );
        return Ok(());
    }
    let suites: Vec<Suite> = if suite == Suite::All {
        vec![
            Suite::Textberg,
            Suite::Wmt21,
            Suite::Wmt21Excerpts,
            Suite::Chekhov,
            Suite::Corpora,
            Suite::Review,
        ]
    } else {
        vec![suite]
    };
    let mut markdown = String::new();
    for suite in suites {
        let started = Instant::now();
        let result = run_suite(suite, args.data.as_deref(), engine)?;
        println!("{}", result.text);
        eprintln!(
            "sverka: suite {} took {:.1} s",
            suite_name(suite),
            started.elapsed().as_secs_f64()
        );
        markdown.push_str(&result.markdown);
        markdown.push('\n');
    }
    if let Some(path) = &args.markdown {
        sverka_table::write_atomically(path, |w| -> Result<(), sverka_table::TableError> {
            Ok(w.write_all(markdown.as_bytes())?)
        })
        .map_err(|err| sverka_pipeline::engine::write_error(path, "the report", err))?;
    }
    Ok(())
}

fn read_beads(path: &Path) -> Result<Vec<Bead>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    parse_beads(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}

pub fn suite_name(suite: Suite) -> &'static str {
    match suite {
        Suite::Textberg => "textberg",
        Suite::TextbergDev => "textberg-dev",
        Suite::Wmt21 => "wmt21",
        Suite::Wmt21Excerpts => "wmt21-excerpts",
        Suite::Wmt21Presegmented => "wmt21-presegmented",
        Suite::Chekhov => "chekhov",
        Suite::Corpora => "corpora",
        Suite::Review => "review",
        Suite::All => "all",
    }
}

/// What a suite produced: plain text for the terminal and a Markdown section.
pub struct SuiteResult {
    pub text: String,
    pub markdown: String,
}

struct DocResult {
    name: String,
    counts: Counts,
    confusion: Confusion,
    gaps_found: usize,
    gaps_total: usize,
    /// Reference sentences reproduced exactly by the segmenter, and their number.
    segmentation: Option<(usize, usize)>,
}

fn shared_data(given: Option<&Path>) -> Result<PathBuf> {
    match given {
        Some(path) => Ok(path.to_path_buf()),
        None => data::locate_shared_data().map_err(|err| anyhow::anyhow!("{err}")),
    }
}

pub fn run_suite(suite: Suite, data_dir: Option<&Path>, engine: &Engine) -> Result<SuiteResult> {
    let name = suite_name(suite);
    let docs: Vec<DocResult> = match suite {
        Suite::Textberg | Suite::TextbergDev => {
            let root = shared_data(data_dir)?;
            let names: Vec<&str> = if suite == Suite::Textberg {
                data::TEXTBERG_TEST.to_vec()
            } else {
                vec!["dev"]
            };
            let docs = names
                .iter()
                .map(|n| data::textberg(&root, n))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let pairs = docs
                .iter()
                .map(|doc| {
                    (
                        Document::presegmented(doc.src.join("\n"), Lang::Other("de".into())),
                        Document::presegmented(doc.tgt.join("\n"), Lang::Other("fr".into())),
                    )
                })
                .collect();
            let aligned = engine.align_corpus(pairs);
            docs.iter()
                .zip(&aligned)
                .map(|(doc, aligned)| {
                    doc_result(&doc.name, &doc.gold, &eval_beads(&aligned.alignment))
                })
                .collect()
        }
        Suite::Wmt21Presegmented => {
            let root = shared_data(data_dir)?;
            let docs = wmt_docs(&root, data::wmt21_docs)?;
            let pairs = docs
                .iter()
                .map(|(_, doc)| {
                    let (src_lang, tgt_lang) = wmt_langs(doc);
                    (
                        Document::presegmented(doc.source.segments().join("\n"), src_lang),
                        Document::presegmented(doc.target.segments().join("\n"), tgt_lang),
                    )
                })
                .collect();
            let aligned = engine.align_corpus(pairs);
            docs.iter()
                .zip(&aligned)
                .map(|((name, doc), aligned)| {
                    doc_result(name, &doc.gold, &eval_beads(&aligned.alignment))
                })
                .collect()
        }
        Suite::Wmt21 | Suite::Wmt21Excerpts => {
            let root = shared_data(data_dir)?;
            let docs = if suite == Suite::Wmt21 {
                wmt_docs(&root, data::wmt21_docs)?
            } else {
                wmt_docs(&root, data::wmt21_excerpt_docs)?
            };
            let pairs = docs
                .iter()
                .map(|(_, doc)| {
                    let (src_lang, tgt_lang) = wmt_langs(doc);
                    (
                        Document::from_text(doc.source.text.clone(), src_lang),
                        Document::from_text(doc.target.text.clone(), tgt_lang),
                    )
                })
                .collect();
            let aligned = engine.align_corpus(pairs);
            docs.iter()
                .zip(&aligned)
                .map(|((name, doc), aligned)| -> Result<DocResult> {
                    let projection = spans::project(
                        &doc.source.spans,
                        &doc.target.spans,
                        &sentence_spans(&aligned.src),
                        &sentence_spans(&aligned.tgt),
                        &eval_beads(&aligned.alignment),
                    )
                    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
                    Ok(doc_result(name, &doc.gold, &projection.beads))
                })
                .collect::<Result<_>>()?
        }
        Suite::Chekhov => {
            let root = shared_data(data_dir)?;
            let docs = data::chekhov_all(&root).map_err(|e| anyhow::anyhow!("{e}"))?;
            let pairs = docs
                .iter()
                .map(|doc| {
                    (
                        Document::from_text(doc.ru.text.clone(), Lang::Ru),
                        Document::from_text(doc.en.text.clone(), Lang::En),
                    )
                })
                .collect();
            let aligned = engine.align_corpus(pairs);
            let mut text = String::new();
            let mut md = format!("## {name}\n\nParagraph-level gold. A bead crosses when its sentences come from two gold paragraphs.\n\n| story | beads | crossing | share | paragraph strict F1 |\n|---|---|---|---|---|\n");
            let (mut all_beads, mut all_crossing) = (0, 0);
            for (doc, aligned) in docs.iter().zip(&aligned) {
                let check = spans::check_against(
                    &doc.gold,
                    &doc.ru.spans,
                    &doc.en.spans,
                    &sentence_spans(&aligned.src),
                    &sentence_spans(&aligned.tgt),
                    &eval_beads(&aligned.alignment),
                )
                .map_err(|e| anyhow::anyhow!("{}: {e}", doc.name))?;
                let f1 = check.counts.scores().strict.f1;
                all_beads += check.crossings.beads;
                all_crossing += check.crossings.crossing;
                writeln!(
                    text,
                    "{name} {}: {} beads, {} cross a paragraph ({:.1}%); paragraph strict F1 {:.3}",
                    doc.name,
                    check.crossings.beads,
                    check.crossings.crossing,
                    100.0 * check.crossings.share(),
                    f1
                )?;
                writeln!(
                    md,
                    "| {} | {} | {} | {:.1}% | {:.3} |",
                    doc.name,
                    check.crossings.beads,
                    check.crossings.crossing,
                    100.0 * check.crossings.share(),
                    f1
                )?;
            }
            writeln!(
                text,
                "{name} (all): {all_beads} beads, {all_crossing} cross a paragraph"
            )?;
            return Ok(SuiteResult {
                text: text.trim_end().to_string(),
                markdown: md,
            });
        }
        Suite::Corpora => {
            let dir = data::locate_corpora().map_err(|e| anyhow::anyhow!("{e}"))?;
            let docs = data::corpora(&dir).map_err(|e| anyhow::anyhow!("{e}"))?;
            let pairs = docs
                .iter()
                .map(|doc| {
                    (
                        Document::from_text(doc.ru_text.clone(), Lang::Ru),
                        Document::from_text(doc.en_text.clone(), Lang::En),
                    )
                })
                .collect();
            let aligned = engine.align_corpus(pairs);
            docs.iter()
                .zip(&aligned)
                .map(|(doc, aligned)| -> Result<DocResult> {
                    let (Some(ru_spans), Some(en_spans)) = (&doc.ru_spans, &doc.en_spans) else {
                        bail!("{}: reference sentences not found in the text", doc.name);
                    };
                    let projection = spans::project(
                        ru_spans,
                        en_spans,
                        &sentence_spans(&aligned.src),
                        &sentence_spans(&aligned.tgt),
                        &eval_beads(&aligned.alignment),
                    )
                    .map_err(|e| anyhow::anyhow!("{}: {e}", doc.name))?;
                    let mut result = doc_result(&doc.name, &doc.gold, &projection.beads);
                    let mut same = 0;
                    for (reference, system) in [(ru_spans, &aligned.src), (en_spans, &aligned.tgt)]
                    {
                        let ours: std::collections::HashSet<_> =
                            sentence_spans(system).into_iter().collect();
                        same += reference.iter().filter(|span| ours.contains(*span)).count();
                    }
                    result.segmentation = Some((same, ru_spans.len() + en_spans.len()));
                    Ok(result)
                })
                .collect::<Result<_>>()?
        }
        Suite::Review => {
            let root = shared_data(data_dir)?;
            return super::review::run(&root, engine);
        }
        Suite::All => bail!("suite all is run suite by suite"),
    };
    Ok(summarize(name, &docs))
}

/// The WMT21 documents of both directions, named `dir/doc`.
pub(crate) fn wmt_docs(
    root: &Path,
    load: fn(&Path, WmtPair) -> Result<Vec<data::WmtDoc>, data::DataError>,
) -> Result<Vec<(String, data::WmtDoc)>> {
    let mut all = Vec::new();
    for pair in [WmtPair::EnRu, WmtPair::RuEn] {
        let docs = load(root, pair).map_err(|e| anyhow::anyhow!("{e}"))?;
        all.extend(
            docs.into_iter()
                .map(|doc| (format!("{}/{}", pair.dir_name(), doc.name), doc)),
        );
    }
    Ok(all)
}

/// Languages of a WMT21 document's source and translation.
pub(crate) fn wmt_langs(doc: &data::WmtDoc) -> (Lang, Lang) {
    match doc.russian {
        Side::Source => (Lang::Ru, Lang::En),
        Side::Target => (Lang::En, Lang::Ru),
    }
}

fn doc_result(name: &str, gold: &[Bead], system: &[Bead]) -> DocResult {
    let gaps: Vec<&Bead> = gold
        .iter()
        .filter(|b| b.is_insertion_or_deletion())
        .collect();
    let gaps_found = gaps.iter().filter(|g| system.contains(g)).count();
    DocResult {
        name: name.to_string(),
        counts: sverka_eval::count(gold, system),
        confusion: Confusion::new(gold, system),
        gaps_found,
        gaps_total: gaps.len(),
        segmentation: None,
    }
}

fn summarize(name: &str, docs: &[DocResult]) -> SuiteResult {
    let mut counts = Counts::default();
    let mut confusion = Confusion::default();
    let (mut gaps_found, mut gaps_total) = (0, 0);
    for doc in docs {
        counts += doc.counts;
        confusion.merge(&doc.confusion);
        gaps_found += doc.gaps_found;
        gaps_total += doc.gaps_total;
    }
    let scores = counts.scores();
    let segmentation = docs
        .iter()
        .filter_map(|d| d.segmentation)
        .reduce(|a, b| (a.0 + b.0, a.1 + b.1));
    let mut text = format!(
        "{name} ({} documents): {}",
        docs.len(),
        report::scores_summary(&scores)
    );
    if gaps_total > 0 {
        let _ = write!(
            text,
            "; gold 1-0/0-1 beads found exactly: {gaps_found}/{gaps_total}"
        );
    }
    let mut worst: Vec<&DocResult> = docs.iter().collect();
    worst.sort_by(|a, b| {
        a.counts
            .scores()
            .strict
            .f1
            .total_cmp(&b.counts.scores().strict.f1)
            .then_with(|| a.name.cmp(&b.name))
    });
    if let Some((same, total)) = segmentation {
        let _ = write!(
            text,
            "; segmentation: {same}/{total} reference sentences reproduced exactly"
        );
    }
    let mut md = format!("## {name}\n\n{} documents.\n\n", docs.len());
    if let Some((same, total)) = segmentation {
        let _ = writeln!(md, "Segmentation: {same} of {total} reference sentences (both sides) reproduced exactly.\n");
    }
    md.push_str(&report::scores_table(&[(name, scores)]));
    if gaps_total > 0 {
        let _ = writeln!(
            md,
            "\nGold 1-0 / 0-1 beads found exactly: {gaps_found} of {gaps_total}."
        );
    }
    let _ = writeln!(
        md,
        "\nBead kinds (rows: gold kind; columns: what the system made of it):\n"
    );
    md.push_str(&report::confusion_table(&confusion));
    if docs.len() > 1 {
        let _ = writeln!(
            md,
            "\nWorst documents by strict F1:\n\n| document | strict F1 | lax F1 |\n|---|---|---|"
        );
        for doc in worst.iter().take(5) {
            let s = doc.counts.scores();
            let _ = writeln!(
                md,
                "| {} | {:.3} | {:.3} |",
                doc.name, s.strict.f1, s.lax.f1
            );
        }
    }
    SuiteResult { text, markdown: md }
}

/// Sentence index ranges of the beads, as evaluation beads.
pub fn eval_beads(alignment: &sverka_align::Alignment) -> Vec<sverka_eval::Bead> {
    alignment
        .beads
        .iter()
        .map(|b| sverka_eval::Bead::from_ranges(b.src.clone(), b.tgt.clone()))
        .collect()
}

/// Byte spans of a document's sentences.
pub fn sentence_spans(doc: &sverka_text::Document) -> Vec<std::ops::Range<usize>> {
    doc.sentences.iter().map(|s| s.span.clone()).collect()
}
