//! `sverka batch`: flags to [`sverka_pipeline::batch::run`], a progress bar
//! and messages on stderr, and the exit status.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sverka_pipeline::batch::{BatchReport, BatchSettings, Event};
use sverka_pipeline::output::{command_line, csv_flavour};
use sverka_pipeline::shard::Shard;
use sverka_pipeline::table::{Format, WriteOptions};
use sverka_pipeline::{counted, grouped};

use crate::cmd::align::parse_format;
use crate::{EngineArgs, InputArgs, PairEncodingArgs};

/// The end of `sverka batch --help`; a test runs every line as written.
const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka batch corpora/manifest.tsv -o aligned/ --html
  sverka batch corpora/manifest.tsv -o aligned/ --resume --corpus corpus.tsv
  sverka batch corpora/manifest.tsv -o shards/ --shard 1/2 -f jsonl";

/// Align every document pair of a corpus: one review table per document,
/// and a summary.
///
/// INPUT is a folder or a manifest. A folder is walked with its subfolders
/// (hidden files and folders are skipped) and its files pair by name:
///
///   NAME.ru.txt + NAME.en.txt
///   ru/NAME.txt + en/NAME.txt   (the first ru or en folder on the way down)
///   NAME/ru.txt + NAME/en.txt
///
/// NAME keeps its subfolders (news/2021/a). A file that fits no layout, or
/// whose partner is missing, is named in a warning and listed in the summary
/// as skipped. A manifest is a CSV or TSV file whose header names the
/// columns name, ru and en; its paths are relative to the manifest.
///
/// Each document is read, checked and aligned exactly as `sverka align`
/// would (same options, same refusals), several at a time. One document
/// failing (binary, empty or undecodable file, swapped languages…) is
/// reported as `sverka: NAME: reason` and in the summary; the others go on.
///
/// OUTDIR gets:
///
///   NAME.csv               the review table (or .tsv .jsonl .xlsx .tmx .html)
///   NAME.html              with --html: the document's review page
///   index.html             with --html: every document with its verdict,
///                          counts and a link to its page, sortable
///   summary.csv            one row per document, sorted by name
///   .sverka/records.jsonl  what --resume reads: a line per document
///
/// Tables, the summary and the --corpus file are written under a temporary
/// name and renamed when complete; the records file gets a line as each
/// table is done and is rewritten, sorted, at the end. Tables are
/// byte-identical whatever --jobs is (XLSX files carry their creation
/// time). A failed document leaves no table (an older one is removed).
///
/// summary.csv is plain CSV (UTF-8, no BOM, LF) with the columns: name;
/// status (ok, failed, skipped); error; ru_sentences; en_sentences; beads;
/// beads per kind 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1; mean_confidence;
/// flagged (rows flagged moved, numbers-differ, names-differ, length-odd,
/// low-confidence or mismatch, or omission/addition with both languages in
/// the row); omissions (rows of Russian only); additions (rows of English
/// only); seconds.
///
/// Exit status: 0 when every document was aligned, 1 when any failed or a
/// file was skipped (all the others are still aligned), 2 on a usage error
/// or when INPUT or OUTDIR cannot be used.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment, after_long_help = EXAMPLES)]
pub struct BatchArgs {
    /// The corpus: a folder of document pairs, or a manifest (CSV or TSV with
    /// columns name, ru, en).
    #[arg(value_name = "INPUT")]
    pub source: PathBuf,
    /// Folder for the tables, the summary and the resume records; created if
    /// missing.
    #[arg(long, short = 'o', value_name = "OUTDIR")]
    pub output: PathBuf,
    /// Documents aligned at a time (threads) [default: every core].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Table format of each document: csv, tsv, jsonl, xlsx, tmx or html. CSV
    /// is Excel-ready (UTF-8 BOM, CRLF) unless --plain.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format, default_value = "csv")]
    pub format: Format,
    /// Plain CSV tables: no BOM, LF line ends (for other programs).
    #[arg(long)]
    pub plain: bool,
    /// Also a review page per document (NAME.html, as `align -o NAME.html`
    /// writes) and OUTDIR/index.html listing the documents with their
    /// verdicts and counts, sortable, linking the pages.
    #[arg(long)]
    pub html: bool,
    /// The inputs have one sentence per line (no segmentation).
    #[arg(long)]
    pub presegmented: bool,
    /// Skip each document whose table is newer than both its files and was
    /// made by this sverka version with the same options, as recorded in
    /// OUTDIR/.sverka/records.jsonl (a line appended as each table is
    /// written; the table's size and hash are checked too). Skipped
    /// documents are `ok` in the summary with the figures of the run that
    /// made them. A run killed midway and resumed gives the same files as an
    /// uninterrupted one.
    #[arg(long)]
    pub resume: bool,
    /// When another batch run is writing to OUTDIR, wait for it to finish
    /// instead of refusing to start. (Runs of different --shard share a
    /// folder; the same shard twice, or a run without --shard, waits.)
    #[arg(long)]
    pub wait: bool,
    /// Align only shard I of N (1-based): the documents whose name hashes to
    /// it (64-bit FNV-1a, mixed), so adding documents moves no other between
    /// shards. Shards share OUTDIR; each writes summary.shard-I-of-N.csv
    /// (and tags its --corpus file and its records the same way), with the
    /// same header: join
    /// them with `awk 'NR==1 || FNR>1' OUTDIR/summary.shard-*.csv`, or, once
    /// every shard is done, run batch again without --shard and with
    /// --resume: it aligns nothing and writes the whole summary.csv (and
    /// --corpus).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Also write the pairs of every aligned document into one file, in name
    /// order: .tsv (ru<TAB>en per line), .jsonl ({"ru": …, "en": …}) or .tmx
    /// (TMX 1.4b); rows with an empty side are left out. Built from the
    /// tables, so it needs --format csv, tsv or jsonl.
    #[arg(long, value_name = "FILE")]
    pub corpus: Option<PathBuf>,
    #[command(flatten)]
    pub read: InputArgs,
    #[command(flatten)]
    pub encodings: PairEncodingArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

impl BatchArgs {
    /// Every setting that can change a document's table, as one string; a
    /// table recorded with another fingerprint is not resumed. Every field
    /// that changes output must be here: the destructuring fails to compile
    /// when a field is added, so whoever adds one decides.
    pub fn fingerprint(&self) -> String {
        let BatchArgs {
            source: _, // names the documents; each record checks its own files
            output: _, // where the tables go, not what they hold
            jobs: _,   // tables are identical for any number of jobs
            format,    // also in the table's file name
            plain,     // CSV bytes
            html,      // a page beside each table
            presegmented,
            resume: _, // how a run starts, not what it writes
            wait: _,   // when a run starts
            shard: _,  // which documents, not what they hold
            corpus: _, // written afresh on every run
            read,
            encodings,
            engine,
        } = self;
        format!(
            "format={format};plain={plain};{}presegmented={presegmented};{};{};{}",
            // Only when set: records of runs without pages stay resumable.
            if *html { "html;" } else { "" },
            read.fingerprint(),
            encodings.fingerprint(),
            engine.fingerprint()
        )
    }
}

/// On Ctrl-C, says how to go on before the process ends: the documents
/// written so far are complete (tables are written atomically), and
/// `--resume` skips them. Exit code 130, as shells give an interrupted
/// command.
fn hint_on_interrupt(outdir: &Path) {
    let shown = outdir.display().to_string();
    // Only one handler per process; a second batch in one process (tests)
    // keeps the first, which says the same.
    let _ = ctrlc::set_handler(move || {
        eprintln!(
            "\nsverka: interrupted; the tables written to {shown} so far are complete: run the same command with --resume to align the rest"
        );
        std::process::exit(130);
    });
}

pub fn run(args: &BatchArgs, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let engine = args.engine.engine(!quiet)?;
    let settings = BatchSettings {
        source: args.source.clone(),
        output: args.output.clone(),
        jobs: args
            .jobs
            .map(NonZeroUsize::get)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get)),
        format: args.format,
        write_options: WriteOptions {
            csv: csv_flavour(args.plain, false, false),
            ..WriteOptions::default()
        },
        presegmented: args.presegmented,
        resume: args.resume,
        wait: args.wait,
        shard: args.shard,
        corpus: args.corpus.clone(),
        read: args
            .encodings
            .apply(args.read.read_options(args.presegmented, false)),
        fingerprint: args.fingerprint(),
        html: args.html,
        command: command_line(),
    };
    hint_on_interrupt(&args.output);
    let mut bar = ProgressBar::hidden();
    let report = sverka_pipeline::batch::run(&settings, engine, &mut |event| {
        show(event, &mut bar, quiet);
    })?;
    if !quiet {
        eprintln!("sverka: {}", closing_line(&report, started.elapsed()));
    }
    Ok(if report.failed + report.skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Draws one event of the run on stderr: notes and warnings above the
/// progress bar, failures as `sverka: NAME: reason` (even with --quiet:
/// they are errors).
fn show(event: Event, bar: &mut ProgressBar, quiet: bool) {
    match event {
        Event::Note(text) if !quiet => bar.suspend(|| eprintln!("sverka: {text}")),
        Event::Warning(text) if !quiet => bar.suspend(|| eprintln!("sverka: warning: {text}")),
        Event::Note(_) | Event::Warning(_) => {}
        Event::Started { bytes, .. } => *bar = progress_bar(quiet, bytes),
        Event::Failed { name, error } => bar.suspend(|| eprintln!("sverka: {name}: {error}")),
        Event::Progress {
            done,
            total,
            sentences,
            bytes,
        } => {
            bar.inc(bytes);
            let elapsed = bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{done}/{total} documents · {} sentences · {}/s",
                grouped(sentences),
                grouped((sentences as f64 / elapsed) as usize)
            ));
        }
        Event::Finished => bar.finish_and_clear(),
    }
}

/// `sverka: 12 documents: 10 aligned, 2 resumed, 0 failed; …`.
fn closing_line(report: &BatchReport, elapsed: Duration) -> String {
    let corpus_note = match &report.corpus {
        Some((path, counts)) => format!(
            "; {} pairs in {} ({} rows with an empty side left out{})",
            grouped(counts.kept),
            path.display(),
            grouped(counts.empty_side),
            super::export::moved_pairs_note(counts)
        ),
        None => String::new(),
    };
    let verdicts = if report.doubtful + report.unrelated > 0 {
        format!(
            "; {} doubtful and {} unrelated pairs (see the verdict column)",
            report.doubtful, report.unrelated
        )
    } else {
        String::new()
    };
    format!(
        "{}: {} aligned, {} resumed, {} failed; {} skipped; {} rows in {:.1} s; summary in {}{corpus_note}{verdicts}",
        counted(report.documents, "document"),
        grouped(report.aligned),
        report.resumed,
        report.failed,
        counted(report.skipped, "file"),
        grouped(report.rows),
        elapsed.as_secs_f64(),
        report.summary.display()
    )
}

/// The progress bar on stderr: hidden with `--quiet` or when stderr is not
/// a terminal. Its length is the input bytes still to align, so the ETA
/// weighs documents by size.
fn progress_bar(quiet: bool, bytes: u64) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{elapsed_precise} [{bar:28}] {msg} · ETA {eta}")
        .expect("a valid template")
        .progress_chars("=> ");
    bar.set_style(style);
    if !bar.is_hidden() {
        bar.enable_steady_tick(Duration::from_millis(200));
    }
    bar
}
