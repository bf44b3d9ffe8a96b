//! The evaluation suites: each loads its documents from the shared data
//! (or the project's corpora), aligns them with the engine, and scores the
//! beads against the gold with the strict/lax bead F1. For tuning,
//! `SVERKA_DEBUG_BEADS=1` prints each wrong bead of the raw-text suites
//! with its reference sentences on stderr, and `SVERKA_DUMP_DOCS=DIR`
//! (with it) writes each document's two texts there, to align by hand.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::ValueEnum;
use sverka_eval::data::{self, WmtPair};
use sverka_eval::metrics::{Confusion, Counts};
use sverka_eval::{report, spans, Bead, Side};
pub use sverka_pipeline::engine::eval_beads;
use sverka_pipeline::{Aligned, Engine};
use sverka_text::{Document, Lang};

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
    /// WMT21 as web copy on one side: no blank lines, titles and
    /// subheadings without full stops, the title glued to the text.
    Wmt21Layout,
    /// WMT21 as chat on both sides: a message per line, lower-case
    /// sentence starts, messages without final full stops.
    Wmt21Chat,
    /// WMT21 with run-on transcript sentences on one side: 2–5 sentences
    /// joined with commas or "and".
    Wmt21RunOn,
    /// WMT21 with unrelated lines of other documents inserted on one side.
    Wmt21Insertion,
    /// WMT21 with insertions, run-on sentences, web layout and chat-like
    /// starts together.
    Wmt21Mixed,
    /// WMT21 with sentences moved 3–8 sentences further on one side, as
    /// translators reorder: the gold crosses.
    Wmt21Moved,
    /// WMT21 with one side as speech recognition gives it: lower case, no
    /// punctuation, one line.
    Wmt21Asr,
    Wmt21Captions,
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

impl Suite {
    /// The suites `all` runs, in order.
    pub const ALL: [Suite; 14] = [
        Suite::Textberg,
        Suite::Wmt21,
        Suite::Wmt21Excerpts,
        Suite::Wmt21Layout,
        Suite::Wmt21Chat,
        Suite::Wmt21RunOn,
        Suite::Wmt21Insertion,
        Suite::Wmt21Mixed,
        Suite::Wmt21Moved,
        Suite::Wmt21Asr,
        Suite::Wmt21Captions,
        Suite::Chekhov,
        Suite::Corpora,
        Suite::Review,
    ];
}

pub fn suite_name(suite: Suite) -> &'static str {
    match suite {
        Suite::Textberg => "textberg",
        Suite::TextbergDev => "textberg-dev",
        Suite::Wmt21 => "wmt21",
        Suite::Wmt21Excerpts => "wmt21-excerpts",
        Suite::Wmt21Presegmented => "wmt21-presegmented",
        Suite::Wmt21Layout => "wmt21-layout",
        Suite::Wmt21Chat => "wmt21-chat",
        Suite::Wmt21RunOn => "wmt21-run-on",
        Suite::Wmt21Insertion => "wmt21-insertion",
        Suite::Wmt21Mixed => "wmt21-mixed",
        Suite::Wmt21Moved => "wmt21-moved",
        Suite::Wmt21Asr => "wmt21-asr",
        Suite::Wmt21Captions => "wmt21-captions",
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

/// One document's score.
pub(crate) struct DocResult {
    name: String,
    counts: Counts,
    confusion: Confusion,
    gaps_found: usize,
    gaps_total: usize,
    /// Reference sentences reproduced exactly by the segmenter, and their number.
    segmentation: Option<(usize, usize)>,
}

pub(crate) fn shared_data(given: Option<&Path>) -> Result<PathBuf> {
    match given {
        Some(path) => Ok(path.to_path_buf()),
        None => data::locate_shared_data().map_err(|err| anyhow!("{err}")),
    }
}

/// Runs one suite (not `all`).
pub fn run_suite(suite: Suite, data_dir: Option<&Path>, engine: &Engine) -> Result<SuiteResult> {
    let name = suite_name(suite);
    let docs = match suite {
        Suite::Textberg => textberg(&shared_data(data_dir)?, &data::TEXTBERG_TEST, engine)?,
        Suite::TextbergDev => textberg(&shared_data(data_dir)?, &["dev"], engine)?,
        Suite::Wmt21Presegmented => wmt21_presegmented(&shared_data(data_dir)?, engine)?,
        Suite::Wmt21 => wmt21_raw(&shared_data(data_dir)?, data::wmt21_docs, engine)?,
        Suite::Wmt21Excerpts => {
            wmt21_raw(&shared_data(data_dir)?, data::wmt21_excerpt_docs, engine)?
        }
        Suite::Wmt21Layout => wmt21_raw(&shared_data(data_dir)?, data::wmt21_layout_docs, engine)?,
        Suite::Wmt21Chat => wmt21_raw(&shared_data(data_dir)?, data::wmt21_chat_docs, engine)?,
        Suite::Wmt21RunOn => wmt21_raw(&shared_data(data_dir)?, data::wmt21_run_on_docs, engine)?,
        Suite::Wmt21Insertion => {
            wmt21_raw(&shared_data(data_dir)?, data::wmt21_insertion_docs, engine)?
        }
        Suite::Wmt21Mixed => wmt21_raw(&shared_data(data_dir)?, data::wmt21_mixed_docs, engine)?,
        Suite::Wmt21Moved => wmt21_raw(&shared_data(data_dir)?, data::wmt21_moved_docs, engine)?,
        Suite::Wmt21Asr => wmt21_raw(&shared_data(data_dir)?, data::wmt21_asr_docs, engine)?,
        Suite::Wmt21Captions => {
            wmt21_raw(&shared_data(data_dir)?, data::wmt21_captions_docs, engine)?
        }
        Suite::Corpora => corpora(engine)?,
        Suite::Chekhov => return chekhov(name, &shared_data(data_dir)?, engine),
        Suite::Review => return crate::review::run(&shared_data(data_dir)?, engine),
        Suite::All => bail!("suite all is run suite by suite"),
    };
    Ok(summarize(name, &docs))
}

/// Text+Berg German–French, pre-segmented, with human n:m gold.
fn textberg(root: &Path, names: &[&str], engine: &Engine) -> Result<Vec<DocResult>> {
    let docs = names
        .iter()
        .map(|n| data::textberg(root, n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow!("{e}"))?;
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
    Ok(docs
        .iter()
        .zip(&aligned)
        .map(|(doc, aligned)| {
            let beads = eval_beads(&aligned.alignment);
            if std::env::var_os("SVERKA_DEBUG_BEADS").is_some() {
                print_wrong_lines(&doc.name, &doc.gold, &beads, (&doc.src, &doc.tgt));
            }
            doc_result(&doc.name, &doc.gold, &beads)
        })
        .collect())
}

/// For tuning (`SVERKA_DEBUG_BEADS=1`): each system bead of a pre-segmented
/// document the gold does not have, with its lines, on stderr.
fn print_wrong_lines(name: &str, gold: &[Bead], system: &[Bead], lines: (&[String], &[String])) {
    print_wrong(name, gold, system, |first, ids| {
        let side = if first { lines.0 } else { lines.1 };
        ids.iter()
            .map(|&k| side[k].as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    });
}

/// Prints each system bead the gold does not have, with the gold beads
/// over its sentences and its text on each side (`text(first side, ids)`).
fn print_wrong(
    name: &str,
    gold: &[Bead],
    system: &[Bead],
    text: impl Fn(bool, &[usize]) -> String,
) {
    for bead in system.iter().filter(|b| !gold.contains(b)) {
        let near: Vec<String> = gold
            .iter()
            .filter(|g| {
                g.src.iter().any(|k| bead.src.contains(k))
                    || g.tgt.iter().any(|k| bead.tgt.contains(k))
            })
            .map(|g| format!("{:?}:{:?}", g.src, g.tgt))
            .collect();
        eprintln!(
            "WRONG {name} {}-{} src {:?} tgt {:?} gold {}\n  S: {}\n  T: {}",
            bead.src.len(),
            bead.tgt.len(),
            bead.src,
            bead.tgt,
            near.join(" "),
            text(true, &bead.src),
            text(false, &bead.tgt),
        );
    }
}

/// WMT21 en↔ru with the gold segments given: the aligner alone.
fn wmt21_presegmented(root: &Path, engine: &Engine) -> Result<Vec<DocResult>> {
    let docs = wmt_docs(root, data::wmt21_docs)?;
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
    Ok(docs
        .iter()
        .zip(&aligned)
        .map(|((name, doc), aligned)| doc_result(name, &doc.gold, &eval_beads(&aligned.alignment)))
        .collect())
}

/// WMT21 en↔ru as raw text (segmentation included), whole or with passages
/// removed (`load`).
fn wmt21_raw(
    root: &Path,
    load: fn(&Path, WmtPair) -> Result<Vec<data::WmtDoc>, data::DataError>,
    engine: &Engine,
) -> Result<Vec<DocResult>> {
    let docs = wmt_docs(root, load)?;
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
        .map(|((name, doc), aligned)| {
            projected_result(
                name,
                &doc.gold,
                (&doc.source.spans, &doc.target.spans),
                aligned,
            )
        })
        .collect()
}

/// The project's corpora (`corpora/*/gold.beads`), also scoring how many
/// reference sentences the segmenter reproduced exactly.
fn corpora(engine: &Engine) -> Result<Vec<DocResult>> {
    let dir = data::locate_corpora().map_err(|e| anyhow!("{e}"))?;
    let docs = data::corpora(&dir).map_err(|e| anyhow!("{e}"))?;
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
        .map(|(doc, aligned)| {
            let (Some(ru_spans), Some(en_spans)) = (&doc.ru_spans, &doc.en_spans) else {
                bail!("{}: reference sentences not found in the text", doc.name);
            };
            let mut result = projected_result(&doc.name, &doc.gold, (ru_spans, en_spans), aligned)?;
            let mut same = 0;
            for (reference, system) in [(ru_spans, &aligned.src), (en_spans, &aligned.tgt)] {
                let ours: HashSet<_> = sentence_spans(system).into_iter().collect();
                same += reference.iter().filter(|span| ours.contains(*span)).count();
            }
            result.segmentation = Some((same, ru_spans.len() + en_spans.len()));
            Ok(result)
        })
        .collect()
}

/// The score of a document the aligner segmented itself: its beads carried
/// over to the reference sentences (`reference` byte spans) and compared
/// with the gold.
fn projected_result(
    name: &str,
    gold: &[Bead],
    reference: (&[Range<usize>], &[Range<usize>]),
    aligned: &Aligned,
) -> Result<DocResult> {
    let projection = spans::project(
        reference.0,
        reference.1,
        &sentence_spans(&aligned.src),
        &sentence_spans(&aligned.tgt),
        &eval_beads(&aligned.alignment),
    )
    .map_err(|e| anyhow!("{name}: {e}"))?;
    if std::env::var_os("SVERKA_DEBUG_BEADS").is_some() {
        print_wrong_beads(name, gold, &projection.beads, reference, aligned);
    }
    Ok(doc_result(name, gold, &projection.beads))
}

/// For tuning: with `SVERKA_DUMP_DOCS=DIR`, writes a document's two texts
/// to `DIR/<name>.src` and `.tgt`, to align by hand.
pub(crate) fn dump_texts(name: &str, aligned: &Aligned) {
    let Some(dir) = std::env::var_os("SVERKA_DUMP_DOCS") else {
        return;
    };
    let base = Path::new(&dir).join(name.replace(['/', '#'], "_"));
    for (side, doc) in [("src", &aligned.src), ("tgt", &aligned.tgt)] {
        let path = format!("{}.{side}", base.display());
        if let Err(e) = std::fs::write(&path, &doc.text) {
            eprintln!("{path}: {e}");
        }
    }
}

/// For tuning (`SVERKA_DEBUG_BEADS=1`): each system bead the gold does not
/// have, with its reference sentences, on stderr.
fn print_wrong_beads(
    name: &str,
    gold: &[Bead],
    system: &[Bead],
    (src_spans, tgt_spans): (&[Range<usize>], &[Range<usize>]),
    aligned: &Aligned,
) {
    dump_texts(name, aligned);
    print_wrong(name, gold, system, |first, ids| {
        let (spans, doc) = if first {
            (src_spans, &aligned.src)
        } else {
            (tgt_spans, &aligned.tgt)
        };
        ids.iter()
            .map(|&k| doc.text[spans[k].clone()].replace('\n', " "))
            .collect::<Vec<_>>()
            .join(" | ")
    });
}

/// Chekhov stories as raw text, scored against paragraph-level gold.
fn chekhov(name: &str, root: &Path, engine: &Engine) -> Result<SuiteResult> {
    let docs = data::chekhov_all(root).map_err(|e| anyhow!("{e}"))?;
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
        .map_err(|e| anyhow!("{}: {e}", doc.name))?;
        let f1 = check.counts.scores().strict.f1;
        let (beads, crossing) = (check.crossings.beads, check.crossings.crossing);
        let share = 100.0 * check.crossings.share();
        all_beads += beads;
        all_crossing += crossing;
        writeln!(
            text,
            "{name} {}: {beads} beads, {crossing} cross a paragraph ({share:.1}%); paragraph strict F1 {f1:.3}",
            doc.name
        )?;
        writeln!(
            md,
            "| {} | {beads} | {crossing} | {share:.1}% | {f1:.3} |",
            doc.name
        )?;
    }
    writeln!(
        text,
        "{name} (all): {all_beads} beads, {all_crossing} cross a paragraph"
    )?;
    Ok(SuiteResult {
        text: text.trim_end().to_string(),
        markdown: md,
    })
}

/// The WMT21 documents of both directions, named `dir/doc`.
pub fn wmt_docs(
    root: &Path,
    load: fn(&Path, WmtPair) -> Result<Vec<data::WmtDoc>, data::DataError>,
) -> Result<Vec<(String, data::WmtDoc)>> {
    let mut all = Vec::new();
    for pair in [WmtPair::EnRu, WmtPair::RuEn] {
        let docs = load(root, pair).map_err(|e| anyhow!("{e}"))?;
        all.extend(
            docs.into_iter()
                .map(|doc| (format!("{}/{}", pair.dir_name(), doc.name), doc)),
        );
    }
    Ok(all)
}

/// Languages of a WMT21 document's source and translation.
pub fn wmt_langs(doc: &data::WmtDoc) -> (Lang, Lang) {
    match doc.russian {
        Side::Source => (Lang::Ru, Lang::En),
        Side::Target => (Lang::En, Lang::Ru),
    }
}

pub(crate) fn doc_result(name: &str, gold: &[Bead], system: &[Bead]) -> DocResult {
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

pub(crate) fn summarize(name: &str, docs: &[DocResult]) -> SuiteResult {
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

/// Byte spans of a document's sentences.
pub fn sentence_spans(doc: &sverka_text::Document) -> Vec<std::ops::Range<usize>> {
    doc.sentences.iter().map(|s| s.span.clone()).collect()
}
