//! `sverka batch`: every document pair of a corpus, in parallel, into one
//! review table per document and a summary; resumable and shardable.
//!
//! Each document goes through exactly what `align` does for two files
//! ([`align_files`], [`rows`], [`write_table_file`]), so its table is the
//! same as `align` would write with the same options.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sverka_table::{
    read_table, write_atomically, write_parallel, ExportCounts, Format, ParallelFormat,
    ReviewedRow, Side, TableError, TableMeta, TmxWriter, WriteOptions,
};
use sverka_text::Lang;

use crate::cmd::align::parse_format;
use crate::input::ReadOptions;
use crate::output::{csv_flavour, describe_options, table_meta, write_table_file, Durability};
use crate::pairs::{discover, Pair, Unpaired};
use crate::pipeline::{align_files, Engine};
use crate::rows::rows;
use crate::same_file::{refuse_overlaps, Named};
use crate::shard::Shard;
use crate::summary::{write_summary, DocStats, DocStatus, SummaryRow};
use crate::{EngineArgs, InputArgs, PairEncodingArgs};
use sverka_core::fnv1a;

/// Test hook: abort the process (SIGABRT: no cleanup, like a kill) once K
/// resume records have been written (K being this variable's value), when
/// the next document's table is already in place but its record is not.
/// The integration tests use it to interrupt a run at the most delicate
/// point; it has no other use.
const ABORT_AFTER_ENV: &str = "SVERKA_TEST_ABORT_AFTER";

/// Folder of the resume records inside OUTDIR.
const RECORDS: &str = ".sverka";

/// The end of `sverka batch --help`; a test runs every line as written.
const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka batch corpora/manifest.tsv -o aligned/
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
///   NAME.csv               the review table (or .tsv .jsonl .xlsx .tmx)
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
/// flagged (rows flagged numbers-differ, names-differ, length-odd or
/// low-confidence); omissions; additions; seconds.
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
    /// Table format of each document: csv, tsv, jsonl, xlsx or tmx. CSV is
    /// Excel-ready (UTF-8 BOM, CRLF) unless --plain.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format, default_value = "csv")]
    pub format: Format,
    /// Plain CSV tables: no BOM, LF line ends (for other programs).
    #[arg(long)]
    pub plain: bool,
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
            "format={format};plain={plain};presegmented={presegmented};{};{};{}",
            read.fingerprint(),
            encodings.fingerprint(),
            engine.fingerprint()
        )
    }
}

/// Where each output goes in OUTDIR.
struct Layout {
    dir: PathBuf,
    format: Format,
    shard: Option<Shard>,
}

impl Layout {
    /// The table's path relative to OUTDIR, `/`-separated.
    fn table_name(&self, name: &str) -> String {
        format!("{name}.{}", self.format.name())
    }

    fn table(&self, name: &str) -> PathBuf {
        self.dir.join(self.table_name(name))
    }

    /// The run's resume records: `.sverka/records.jsonl`, or with a shard
    /// `.sverka/records.shard-I-of-N.jsonl`, so that shards sharing OUTDIR
    /// never write the same file. One file rather than one per document:
    /// creating a file costs about a tenth of aligning a short document.
    fn records(&self) -> PathBuf {
        let file = match self.shard {
            Some(shard) => format!("records.{}.jsonl", shard.tag()),
            None => "records.jsonl".to_string(),
        };
        self.dir.join(RECORDS).join(file)
    }

    fn summary(&self) -> PathBuf {
        match self.shard {
            Some(shard) => self.dir.join(format!("summary.{}.csv", shard.tag())),
            None => self.dir.join("summary.csv"),
        }
    }
}

/// With a shard, `corpus.tsv` becomes `corpus.shard-I-of-N.tsv`.
fn shard_path(path: &Path, shard: Option<Shard>) -> PathBuf {
    let Some(shard) = shard else {
        return path.to_path_buf();
    };
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{}.{}", shard.tag(), ext.to_string_lossy()),
        None => format!("{stem}.{}", shard.tag()),
    };
    path.with_file_name(name)
}

/// What `--resume` keeps of each aligned document (a line of the records
/// file): the table is trusted only if this record matches the current run.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    /// The sverka version that made the table.
    sverka: String,
    /// [`BatchArgs::fingerprint`] of that run.
    options: String,
    /// The input files as named in the corpus.
    ru: String,
    en: String,
    /// Their sizes and 64-bit FNV-1a hashes when aligned: times alone let
    /// a file replaced by another with an older time (`cp -p`, `tar`)
    /// keep a stale table. (Absent from older records: those realign.)
    #[serde(default)]
    inputs: Option<[(u64, String); 2]>,
    /// The table, relative to OUTDIR, its size and 64-bit FNV-1a hash as
    /// written: tables are not synced one by one, so after a power failure
    /// a resumed run must tell a damaged table from a good one.
    table: String,
    table_bytes: u64,
    table_fnv1a: String,
    /// The document's summary row, so a resumed run can list it unchanged.
    summary: SummaryRow,
}

/// Everything a worker needs to process one document.
struct Job<'a> {
    layout: &'a Layout,
    engine: Engine,
    read: ReadOptions,
    write_options: WriteOptions,
    presegmented: bool,
    fingerprint: String,
    /// Set once a table could not be written for lack of space: the
    /// documents not yet started are left, not failed one by one.
    disk_full: AtomicBool,
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
    let corpus_file = match &args.corpus {
        Some(path) => Some((
            shard_path(path, args.shard),
            corpus_kind(path, args.format)?,
        )),
        None => None,
    };
    // Found at the end, after every document was aligned, it cost the run.
    if let Some((path, _)) = corpus_file.as_ref().filter(|(path, _)| path.is_dir()) {
        bail!(
            "--corpus {}: is a folder; give the path of a file to write",
            path.display()
        );
    }
    let outdir = &args.output;
    let layout = Layout {
        dir: outdir.clone(),
        format: args.format,
        shard: args.shard,
    };
    // The corpus is found and every output checked before OUTDIR is made.
    let (pairs, unpaired) = find_documents(args, &layout, corpus_file.as_ref().map(|c| &*c.0))?;
    fs::create_dir_all(outdir)
        .with_context(|| format!("{}: cannot create the output folder", outdir.display()))?;
    // Held to the end of the run: another run's start-up cleanup would
    // remove this run's temporary files.
    let _lock = lock_folder(&layout, args.wait, quiet)?;
    hint_on_interrupt(outdir);
    remove_stale_temporaries(&layout, &pairs, corpus_file.as_ref().map(|c| &*c.0));
    if !quiet {
        for file in &unpaired {
            eprintln!("sverka: warning: {}; skipped", file.reason);
        }
    }
    let jobs = args
        .jobs
        .map(NonZeroUsize::get)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get));
    let mut job = Job {
        layout: &layout,
        engine,
        read: args
            .encodings
            .apply(args.read.read_options(args.presegmented, false)),
        write_options: WriteOptions {
            csv: csv_flavour(args.plain, false, false),
            ..WriteOptions::default()
        },
        presegmented: args.presegmented,
        fingerprint: args.fingerprint(),
        disk_full: AtomicBool::new(false),
    };

    if job.engine.learn.is_some() {
        job.engine = learn_from_corpus(&pairs, &job, jobs, quiet)?;
    }

    // Every aligned document ends up as a record (which holds its summary
    // row); only failures and skipped files need rows of their own.
    let mut records: Vec<Record> = Vec::with_capacity(pairs.len());
    let mut todo: Vec<(&Pair, u64)> = Vec::new();
    let earlier = if args.resume {
        load_records(&layout)
    } else {
        BTreeMap::new()
    };
    for pair in &pairs {
        let candidates = earlier.get(&pair.name).map_or(&[][..], Vec::as_slice);
        match resumable(
            pair,
            &layout,
            &job.fingerprint,
            candidates,
            job.read.max_bytes,
        ) {
            Some(record) => records.push(record.clone()),
            None => todo.push((pair, input_bytes(pair))),
        }
    }
    drop(earlier);
    let resumed = records.len();
    // Largest first: the long documents start early instead of finishing
    // alone at the end, which keeps every core busy to the last document.
    todo.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    let mut failures = align_all(&todo, &job, jobs, quiet, &mut records)?;

    records.sort_by(|a, b| a.summary.name.cmp(&b.summary.name));
    let records_path = layout.records();
    write_atomically(&records_path, |w| -> Result<()> {
        for record in &records {
            serde_json::to_writer(&mut *w, record)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })
    .with_context(|| {
        format!(
            "{}: cannot write the resume records",
            records_path.display()
        )
    })?;

    failures.extend(unpaired.into_iter().map(|file| SummaryRow {
        name: file.name,
        status: DocStatus::Skipped,
        error: file.reason,
        stats: None,
        seconds: None,
    }));
    let mut summary: Vec<&SummaryRow> = records.iter().map(|r| &r.summary).collect();
    summary.extend(&failures);
    summary.sort_by(|a, b| a.name.cmp(&b.name));
    let summary_path = layout.summary();
    write_atomically(&summary_path, |w| -> Result<()> {
        write_summary(summary.iter().copied(), w)?;
        Ok(())
    })
    .with_context(|| format!("{}: cannot write the summary", summary_path.display()))?;

    let corpus_note = match &corpus_file {
        Some((path, kind)) => {
            let meta = TableMeta {
                options: describe_options(&job.engine, args.presegmented),
                ..TableMeta::default()
            };
            let counts = write_corpus(path, *kind, &records, &layout, &meta)?;
            format!(
                "; {} pairs in {} ({} rows with an empty side left out)",
                grouped(counts.kept),
                path.display(),
                grouped(counts.empty_side)
            )
        }
        None => String::new(),
    };

    let failed = failures
        .iter()
        .filter(|r| r.status == DocStatus::Failed)
        .count();
    let skipped = failures.len() - failed;
    if !quiet {
        let beads: usize = records
            .iter()
            .filter_map(|r| r.summary.stats.as_ref())
            .map(|s| s.beads)
            .sum();
        let verdict = |v: &str| {
            records
                .iter()
                .filter_map(|r| r.summary.stats.as_ref())
                .filter(|s| s.verdict == v)
                .count()
        };
        let (doubtful, unrelated) = (verdict("doubtful"), verdict("unrelated"));
        let verdicts = if doubtful + unrelated > 0 {
            format!(
                "; {doubtful} doubtful and {unrelated} unrelated pairs (see the verdict column)"
            )
        } else {
            String::new()
        };
        eprintln!(
            "sverka: {}: {} aligned, {resumed} resumed, {failed} failed; {} skipped; {} rows in {:.1} s; summary in {}{corpus_note}{verdicts}",
            counted(pairs.len(), "document"),
            grouped(records.len() - resumed),
            counted(skipped, "file"),
            grouped(beads),
            started.elapsed().as_secs_f64(),
            summary_path.display()
        );
    }
    Ok(if failed + skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The documents (and unpaired files) of this run: the corpus's, less
/// those of other shards; refuses an empty corpus and outputs that would
/// overwrite each other.
fn find_documents(
    args: &BatchArgs,
    layout: &Layout,
    corpus_file: Option<&Path>,
) -> Result<(Vec<Pair>, Vec<Unpaired>)> {
    let same = |a: &Path, b: &Path| matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b);
    if same(&args.source, &layout.dir) {
        bail!(
            "{}: the output folder is the input folder; give another one (a folder inside the input, such as {}, is left out of the input)",
            layout.dir.display(),
            layout.dir.join("aligned").display()
        );
    }
    let corpus = discover(&args.source, Some(&layout.dir))?;
    if corpus.pairs.is_empty() && corpus.unpaired.is_empty() {
        bail!(
            "{}: no document pairs found (name them NAME.ru.txt + NAME.en.txt, ru/NAME.txt + en/NAME.txt or NAME/ru.txt + NAME/en.txt, or give a manifest)",
            args.source.display()
        );
    }
    check_collisions(layout, &corpus.pairs, corpus_file, &args.source)?;
    let mine = |name: &str| args.shard.is_none_or(|s| s.contains(name));
    Ok((
        corpus.pairs.into_iter().filter(|p| mine(&p.name)).collect(),
        corpus
            .unpaired
            .into_iter()
            .filter(|u| mine(&u.name))
            .collect(),
    ))
}

/// Aligns the documents on `jobs` threads, with a progress bar, appending
/// each one's record to the records file as it finishes (and to
/// `records`); the summary rows of the failures.
/// `--learn` over the corpus: aligns every document once, learns word
/// translations from the confident beads of all of them (in name order, so
/// the lexicon does not depend on which thread finished first), and returns
/// the engine that aligns with them. Resumed documents are learned from too,
/// so a resumed run learns what an uninterrupted one would. Documents that
/// cannot be read are left to the second pass to report.
fn learn_from_corpus(pairs: &[Pair], job: &Job, jobs: usize, quiet: bool) -> Result<Engine> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("sverka-learn-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    let first_pass = Engine {
        learn: None,
        ..job.engine.clone()
    };
    let started = Instant::now();
    if !quiet {
        eprintln!(
            "sverka: learning translations from {} documents (first pass)…",
            pairs.len()
        );
    }
    let mut bags: Vec<(&str, sverka_lexicon::Bags)> = pool.install(|| {
        pairs
            .par_iter()
            .filter_map(|pair| {
                let aligned = align_files(
                    (&pair.ru, Lang::Ru),
                    (&pair.en, Lang::En),
                    &job.read,
                    &first_pass,
                )
                .ok()?;
                job.engine
                    .learning_bags(&aligned)
                    .map(|bags| (pair.name.as_str(), bags))
            })
            .collect()
    });
    bags.sort_by(|a, b| a.0.cmp(b.0));
    let settings = job.engine.learn.clone().unwrap_or_default();
    let mut learner = sverka_lexicon::Learner::new(Lang::Ru, Lang::En, settings);
    let documents = bags.len();
    for (_, doc_bags) in bags {
        learner.add_bags(doc_bags);
    }
    let beads = learner.beads();
    let learned = learner.finish();
    if !quiet {
        eprintln!(
            "sverka: learned {} translation pairs from {} confident beads of {} documents ({:.1} s)",
            grouped(learned.len()),
            grouped(beads),
            documents,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(job.engine.with_corpus_lexicon(learned))
}

fn align_all(
    todo: &[(&Pair, u64)],
    job: &Job,
    jobs: usize,
    quiet: bool,
    records: &mut Vec<Record>,
) -> Result<Vec<SummaryRow>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("sverka-batch-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    let mut journal = Journal::open(&job.layout.records())?;
    let bar = progress_bar(quiet, todo.iter().map(|t| t.1).sum());
    let (mut done, mut sentences) = (0usize, 0usize);
    let mut failures = Vec::new();
    let (mut disk_full_said, mut not_started) = (false, 0usize);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(Outcome, u64)>();
        let pool = &pool;
        scope.spawn(move || {
            pool.install(|| {
                // par_bridge hands documents out in list order as threads
                // free up; the results come back in any order and are sorted.
                todo.iter()
                    .par_bridge()
                    .for_each_with(sender, |sender, &(pair, bytes)| {
                        let _ = sender.send((process(pair, job), bytes));
                    });
            });
        });
        for (outcome, bytes) in receiver {
            done += 1;
            match outcome {
                Outcome::Aligned(record) => {
                    if let Some(stats) = &record.summary.stats {
                        sentences += stats.ru_sentences + stats.en_sentences;
                    }
                    if let Err(err) = journal.append(&record) {
                        bar.suspend(|| eprintln!("sverka: warning: {}", crate::message(&err)));
                    }
                    records.push(*record);
                }
                Outcome::Failed(row) => {
                    bar.suspend(|| eprintln!("sverka: {}: {}", row.name, row.error));
                    failures.push(row);
                }
                Outcome::DiskFull(row) => {
                    // Said once, with what to do; documents in flight on
                    // other threads may add a line each.
                    let first = !disk_full_said;
                    disk_full_said = true;
                    bar.suspend(|| {
                        eprintln!("sverka: {}: {}", row.name, row.error);
                        if first {
                            eprintln!("sverka: the disk is full: no more documents are started; free some space and re-run with --resume");
                        }
                    });
                    failures.push(row);
                }
                Outcome::NotStarted(row) => {
                    not_started += 1;
                    failures.push(row);
                }
            }
            bar.inc(bytes);
            let elapsed = bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{done}/{} documents · {} sentences · {}/s",
                todo.len(),
                grouped(sentences),
                grouped((sentences as f64 / elapsed) as usize)
            ));
        }
    });
    bar.finish_and_clear();
    if not_started > 0 && !quiet {
        eprintln!(
            "sverka: {} not started for lack of disk space (listed in the summary)",
            counted(not_started, "document")
        );
    }
    Ok(failures)
}

/// Refuses a corpus whose tables would overwrite the summary, the corpus
/// file or the manifest: better said before the run than found after it.
fn check_collisions(
    layout: &Layout,
    pairs: &[Pair],
    corpus: Option<&Path>,
    source: &Path,
) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut taken = vec![(absolute(&layout.summary()), "the summary")];
    if let Some(corpus) = corpus {
        taken.push((absolute(corpus), "the --corpus file"));
    }
    if source.is_file() {
        taken.push((absolute(source), "the manifest"));
    }
    if let Some(corpus) = corpus {
        if absolute(corpus) == taken[0].0 {
            bail!(
                "--corpus {} is the summary's file; choose another name",
                corpus.display()
            );
        }
    }
    // A table whose path is the folder of another's (`x` and `x.csv/y`):
    // which one failed depended on thread timing.
    let tables: BTreeMap<String, &str> = pairs
        .iter()
        .map(|p| (layout.table_name(&p.name), p.name.as_str()))
        .collect();
    for pair in pairs {
        let table = layout.table_name(&pair.name);
        let mut folder = table.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if let Some(other) = tables.get(parent) {
                bail!(
                    "the table of document \"{other}\" ({parent}) would be the folder of the table of document \"{}\" ({table}); rename one of them",
                    pair.name
                );
            }
            folder = parent;
        }
    }
    for pair in pairs {
        let table = absolute(&layout.table(&pair.name));
        if let Some((path, what)) = taken.iter().find(|(path, _)| *path == table) {
            bail!(
                "the table of document \"{}\" would overwrite {what} ({}); rename the document or choose another output folder",
                pair.name,
                path.display()
            );
        }
    }
    // The same by device and inode: no output may be an input document or
    // the manifest under another name (a hard link, a symlink, a manifest
    // pointing into OUTDIR).
    let mut inputs = Vec::with_capacity(2 * pairs.len() + 1);
    if source.is_file() {
        inputs.push(Named::new("the manifest", source));
    }
    for pair in pairs {
        inputs.push(Named::new(
            format!("the Russian file of \"{}\"", pair.name),
            &pair.ru,
        ));
        inputs.push(Named::new(
            format!("the English file of \"{}\"", pair.name),
            &pair.en,
        ));
    }
    let summary = layout.summary();
    let records = layout.records();
    let mut outputs = vec![
        Named::new("the summary", &summary),
        Named::new("the resume records", &records),
    ];
    if let Some(corpus) = corpus {
        outputs.push(Named::new("--corpus", corpus));
    }
    let tables: Vec<PathBuf> = pairs.iter().map(|p| layout.table(&p.name)).collect();
    for (pair, table) in pairs.iter().zip(&tables) {
        outputs.push(Named::new(format!("the table of \"{}\"", pair.name), table));
    }
    refuse_overlaps(&inputs, &outputs)
}

/// Locks OUTDIR for this run (advisory locks in `.sverka/`, released when
/// the process ends, however it ends). A run without `--shard` locks the
/// folder exclusively; a shard locks it shared, so that other shards may
/// run beside it, and its own shard exclusively. A locked folder is
/// refused naming the other run's pid, or waited for with `--wait`.
fn lock_folder(layout: &Layout, wait: bool, quiet: bool) -> Result<Vec<fs::File>> {
    let dir = layout.dir.join(RECORDS);
    fs::create_dir_all(&dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let mut locks = vec![(dir.join("lock"), layout.shard.is_some())];
    if let Some(shard) = layout.shard {
        locks.push((dir.join(format!("lock.{}", shard.tag())), false));
    }
    let mut held = Vec::new();
    for (path, shared) in locks {
        let cannot = |err: std::io::Error| {
            anyhow!(
                "{}: cannot lock the output folder ({err}); check its permissions",
                path.display()
            )
        };
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(cannot)?;
        let tried = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match tried {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = std::io::Read::read_to_string(&mut file, &mut text);
                let pid = text.trim();
                let other = if pid.is_empty() {
                    "another sverka batch".to_string()
                } else {
                    format!("another sverka batch (pid {pid})")
                };
                if !wait {
                    bail!(
                        "{}: {other} is writing to this folder; wait for it to finish, give --wait to start when it has, or choose another output folder",
                        layout.dir.display()
                    );
                }
                if !quiet {
                    eprintln!(
                        "sverka: {}: waiting for {other} to finish…",
                        layout.dir.display()
                    );
                }
                if shared {
                    file.lock_shared()
                } else {
                    file.lock()
                }
                .map_err(cannot)?;
            }
            Err(fs::TryLockError::Error(err)) => return Err(cannot(err)),
        }
        // Our pid, for the message of a run that finds the folder locked.
        let written = file
            .set_len(0)
            .and_then(|()| std::io::Seek::rewind(&mut file))
            .and_then(|()| writeln!(file, "{}", std::process::id()));
        written.map_err(cannot)?;
        held.push(file);
    }
    Ok(held)
}

/// Removes temporary files that a killed run of ours left behind for the
/// outputs this run writes (see `write_atomically`: `.NAME.XXXXXX.tmp`), so
/// that an interrupted and resumed run leaves the same files as an
/// uninterrupted one. Only this run's own outputs are touched, so shards
/// sharing OUTDIR never remove each other's files.
fn remove_stale_temporaries(layout: &Layout, pairs: &[Pair], corpus: Option<&Path>) {
    let mut expected: BTreeMap<PathBuf, HashSet<OsString>> = BTreeMap::new();
    let mut expect = |path: PathBuf| {
        if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
            expected
                .entry(dir.to_path_buf())
                .or_default()
                .insert(sverka_table::temporary_prefix(name));
        }
    };
    expect(layout.summary());
    expect(layout.records());
    if let Some(corpus) = corpus {
        expect(corpus.to_path_buf());
    }
    for pair in pairs {
        expect(layout.table(&pair.name));
    }
    for (dir, names) in expected {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            // `.NAME.XXXXXX.tmp` (NAME cut short for a long name): six
            // random characters between the prefix and `.tmp`.
            let Some(prefix) = file
                .to_str()
                .and_then(|f| f.strip_suffix(".tmp"))
                .and_then(|f| f.get(..f.len().checked_sub(6)?))
            else {
                continue;
            };
            if names.contains(&OsString::from(prefix)) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn input_bytes(pair: &Pair) -> u64 {
    [&pair.ru, &pair.en]
        .iter()
        .filter_map(|p| fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Every resume record in OUTDIR/.sverka (this run's file and those of
/// other shards), by document name, in file order. A line that does not
/// parse (cut short by a kill) is passed over.
fn load_records(layout: &Layout) -> BTreeMap<String, Vec<Record>> {
    let mut found: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    let Ok(entries) = fs::read_dir(layout.dir.join(RECORDS)) else {
        return found;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("records") && n.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    for file in files {
        let Ok(bytes) = fs::read(&file) else {
            continue;
        };
        for line in bytes.split(|&b| b == b'\n') {
            if let Ok(record) = serde_json::from_slice::<Record>(line) {
                found
                    .entry(record.summary.name.clone())
                    .or_default()
                    .push(record);
            }
        }
    }
    found
}

/// The record of a document that `--resume` may skip: one that matches
/// this run (version, options, files, table name, size and hash) and whose
/// table is newer than both input files. `None` means align it again.
fn resumable<'r>(
    pair: &Pair,
    layout: &Layout,
    fingerprint: &str,
    candidates: &'r [Record],
    max_bytes: u64,
) -> Option<&'r Record> {
    let path = layout.table(&pair.name);
    let made = fs::metadata(&path).ok()?.modified().ok()?;
    for input in [&pair.ru, &pair.en] {
        // Strictly newer: an input stamped in the same clock tick as the
        // table may have been written after it.
        if fs::metadata(input).ok()?.modified().ok()? >= made {
            return None;
        }
    }
    let table = candidates.iter().rev().find(|record| {
        record.sverka == env!("CARGO_PKG_VERSION")
            && record.options == fingerprint
            && record.ru == pair.ru_shown
            && record.en == pair.en_shown
            && record.table == layout.table_name(&pair.name)
            && record.summary.name == pair.name
            && record.summary.status == DocStatus::Ok
    })?;
    // The inputs are read only for a document that may be skipped.
    if table.inputs.is_none() || table.inputs != input_hashes(pair, max_bytes) {
        return None;
    }
    let bytes = fs::read(&path).ok()?;
    (bytes.len() as u64 == table.table_bytes && hash_text(&bytes) == table.table_fnv1a)
        .then_some(table)
}

/// Sizes and hashes of a document's two files (`None` if one cannot be
/// read, or is over the input limit: aligning refuses it then). Hashing is
/// cheap next to aligning; the files are read no further than the limit,
/// as for aligning (a manifest may name an endless file).
fn input_hashes(pair: &Pair, max_bytes: u64) -> Option<[(u64, String); 2]> {
    let hash = |path: &Path| {
        let file = fs::File::open(path).ok()?;
        let bytes = crate::input::read_bounded(file, 0, max_bytes).ok()?;
        (bytes.len() as u64 <= max_bytes).then(|| (bytes.len() as u64, hash_text(&bytes)))
    };
    Some([hash(&pair.ru)?, hash(&pair.en)?])
}

/// The records file, appended to as documents finish: a killed run keeps
/// the records of every table it completed.
struct Journal {
    file: Option<fs::File>,
    path: PathBuf,
    /// Records appended so far in this run (for the test hook).
    appended: usize,
    abort_after: Option<usize>,
}

impl Journal {
    fn open(path: &Path) -> Result<Journal> {
        create_parent(path)?;
        let mut file = fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .with_context(|| format!("{}: cannot open the resume records", path.display()))?;
        // A line cut short by a kill is ended, so the next record starts a
        // line of its own.
        if ends_mid_line(&mut file).unwrap_or(false) {
            file.write_all(b"\n")
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        Ok(Journal {
            file: Some(file),
            path: path.to_path_buf(),
            appended: 0,
            abort_after: std::env::var(ABORT_AFTER_ENV)
                .ok()
                .and_then(|v| v.parse().ok()),
        })
    }

    /// Appends one line in one write, so that a kill cuts at most this line.
    fn append(&mut self, record: &Record) -> Result<()> {
        if self.abort_after == Some(self.appended) {
            std::process::abort();
        }
        self.appended += 1;
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        if let Err(err) = file.write_all(&line) {
            // Said once; the tables are fine, only --resume loses them.
            self.file = None;
            bail!(
                "{}: cannot append to the resume records ({err}); --resume will align these documents again",
                self.path.display()
            );
        }
        Ok(())
    }
}

fn ends_mid_line(file: &mut fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// How one document went.
enum Outcome {
    /// Its resume record, which holds its summary row.
    Aligned(Box<Record>),
    /// The summary row of its failure.
    Failed(SummaryRow),
    /// Its table could not be written because the disk is full (the
    /// summary row of that failure): the run stops starting documents.
    DiskFull(SummaryRow),
    /// Not started, the disk being full (its summary row).
    NotStarted(SummaryRow),
}

/// The reason given for documents not started once the disk is full.
const NOT_STARTED: &str =
    "not aligned: the output folder's disk is full; free some space and re-run with --resume";

/// Whether an error comes from a full disk or an exceeded quota.
fn is_disk_full(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind;
    let full = |io: &std::io::Error| {
        matches!(io.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded)
    };
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(full)
            || matches!(
                cause.downcast_ref::<TableError>(),
                Some(TableError::Output { source, .. }) if full(source)
            )
    })
}

/// Aligns one document and writes its table: its resume record (which
/// holds its summary row), or the summary row of its failure.
fn process(pair: &Pair, job: &Job) -> Outcome {
    if job.disk_full.load(Ordering::Relaxed) {
        return Outcome::NotStarted(SummaryRow {
            name: pair.name.clone(),
            status: DocStatus::Failed,
            error: NOT_STARTED.to_string(),
            stats: None,
            seconds: None,
        });
    }
    let start = Instant::now();
    // Hashed before reading for alignment: a file changed in between
    // leaves a record that no longer matches, so it is realigned later
    // rather than trusted.
    let inputs = input_hashes(pair, job.read.max_bytes);
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| align_and_write(pair, job)))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(anyhow!("internal error, please report it: {what}"))
        });
    let seconds = start.elapsed().as_secs_f64();
    let outcome = outcome.and_then(|stats| {
        let row = SummaryRow {
            name: pair.name.clone(),
            status: DocStatus::Ok,
            error: String::new(),
            stats: Some(stats),
            seconds: Some(seconds),
        };
        record(pair, job, row, inputs)
    });
    match outcome {
        Ok(record) => Outcome::Aligned(Box::new(record)),
        Err(err) => {
            // No table may outlive a failure: an older one would look current.
            let _ = fs::remove_file(job.layout.table(&pair.name));
            let row = SummaryRow {
                name: pair.name.clone(),
                status: DocStatus::Failed,
                error: crate::message(&err),
                stats: None,
                seconds: Some(seconds),
            };
            if is_disk_full(&err) {
                job.disk_full.store(true, Ordering::Relaxed);
                Outcome::DiskFull(row)
            } else {
                Outcome::Failed(row)
            }
        }
    }
}

fn align_and_write(pair: &Pair, job: &Job) -> Result<DocStats> {
    let aligned = align_files(
        (&pair.ru, Lang::Ru),
        (&pair.en, Lang::En),
        &job.read,
        &job.engine,
    )?;
    let stats = DocStats::of(&aligned);
    let table = rows(&aligned);
    drop(aligned);
    let meta = table_meta(
        (pair.ru_shown.clone(), &Lang::Ru),
        (pair.en_shown.clone(), &Lang::En),
        &job.engine,
        job.presegmented,
    );
    let path = job.layout.table(&pair.name);
    create_parent(&path)?;
    write_table_file(
        &path,
        &table,
        &meta,
        job.layout.format,
        &job.write_options,
        Durability::Unsynced,
    )?;
    Ok(stats)
}

/// The resume record of a table just written.
fn record(
    pair: &Pair,
    job: &Job,
    row: SummaryRow,
    inputs: Option<[(u64, String); 2]>,
) -> Result<Record> {
    let table = job.layout.table(&pair.name);
    let bytes =
        fs::read(&table).with_context(|| format!("{}: cannot read it back", table.display()))?;
    Ok(Record {
        sverka: env!("CARGO_PKG_VERSION").to_string(),
        options: job.fingerprint.clone(),
        ru: pair.ru_shown.clone(),
        en: pair.en_shown.clone(),
        inputs,
        table: job.layout.table_name(&pair.name),
        table_bytes: bytes.len() as u64,
        table_fnv1a: hash_text(&bytes),
        summary: row,
    })
}

/// A table's hash as the record keeps it (hex, as JSON numbers lose
/// precision past 2^53 in many readers).
fn hash_text(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

fn create_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    Ok(())
}

/// What `--corpus` writes, by the file's extension.
#[derive(Debug, Clone, Copy)]
enum CorpusKind {
    Parallel(ParallelFormat),
    Tmx,
}

fn corpus_kind(path: &Path, format: Format) -> Result<CorpusKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let kind = match ext.as_deref() {
        Some("tsv") => CorpusKind::Parallel(ParallelFormat::Tsv),
        Some("jsonl") => CorpusKind::Parallel(ParallelFormat::Jsonl),
        Some("tmx") => CorpusKind::Tmx,
        _ => bail!(
            "--corpus {}: give a file ending in .tsv, .jsonl or .tmx",
            path.display()
        ),
    };
    if matches!(format, Format::Xlsx | Format::Tmx) {
        bail!("--corpus is built from the tables, which sverka reads back only as csv, tsv or jsonl; give --format csv, tsv or jsonl");
    }
    Ok(kind)
}

/// Writes the corpus file from the tables of the aligned documents (their
/// records, sorted by name), one at a time, so memory holds one table at
/// most.
fn write_corpus(
    path: &Path,
    kind: CorpusKind,
    records: &[Record],
    layout: &Layout,
    meta: &TableMeta,
) -> Result<ExportCounts> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    let documents = records.iter().map(|r| &r.summary);
    write_atomically(path, |w| -> Result<ExportCounts> {
        let mut total = ExportCounts::default();
        match kind {
            CorpusKind::Tmx => {
                let mut tmx = TmxWriter::new(w, meta, Side::Source)?;
                for row in documents {
                    tmx.write_rows(&read_back(layout, &row.name)?)?;
                }
                total = tmx.finish()?;
            }
            CorpusKind::Parallel(format) => {
                for row in documents {
                    let counts = write_parallel(&read_back(layout, &row.name)?, format, &mut *w)?;
                    total.kept += counts.kept;
                    total.rejected += counts.rejected;
                    total.empty_side += counts.empty_side;
                }
            }
        }
        Ok(total)
    })
    .with_context(|| format!("{}: cannot write the corpus", path.display()))
}

fn read_back(layout: &Layout, name: &str) -> Result<Vec<ReviewedRow>> {
    let path = layout.table(name);
    let file = fs::File::open(&path).with_context(|| format!("{}: cannot open", path.display()))?;
    match read_table(std::io::BufReader::new(file)) {
        Ok(rows) => Ok(rows),
        Err(TableError::Empty) => Ok(Vec::new()),
        Err(err) => Err(anyhow!("{}: {err}", path.display())),
    }
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

/// `1 document`, `1,200 documents`.
fn counted(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", grouped(n))
}

/// 12345678 → `12,345,678`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(12_345_678), "12,345,678");
    }

    #[test]
    fn shard_tags_go_before_the_extension() {
        let shard = Some(Shard { index: 2, count: 3 });
        assert_eq!(
            shard_path(Path::new("out/corpus.tmx"), shard),
            Path::new("out/corpus.shard-2-of-3.tmx")
        );
        assert_eq!(
            shard_path(Path::new("corpus"), shard),
            Path::new("corpus.shard-2-of-3")
        );
        assert_eq!(
            shard_path(Path::new("corpus.tsv"), None),
            Path::new("corpus.tsv")
        );
    }
}
