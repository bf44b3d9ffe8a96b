//! Batch alignment of a corpus: every document pair into one review table
//! (and with [`BatchSettings::html`] a review page, and an index of the
//! pages), in parallel, with a summary; resumable and shardable.
//!
//! Each document goes through exactly what a single alignment does
//! ([`crate::align_files`], from each file's bytes read once:
//! [`crate::engine::align_file_bytes`]; [`crate::rows`],
//! [`crate::output::pending_table_file`]), so its table is the same as
//! `sverka align` would write with the same options. [`run`] reports what
//! happens through [`Event`]s (the command line draws them as a progress
//! bar and messages) and returns a [`BatchReport`].
//!
//! By subject: [`layout`] (where each output goes, collisions, the folder
//! lock, stale temporaries), [`journal`] (the resume records), `work` (one
//! document), [`corpus`] (the `--corpus` file).

pub mod corpus;
pub mod journal;
pub mod layout;
mod work;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use sverka_table::{
    write_atomically, write_html_index, ExportCounts, Format, IndexEntry, TableMeta, WriteOptions,
};
use sverka_text::Lang;

use crate::engine::{align_files, Engine};
use crate::input::ReadOptions;
use crate::output::describe_options;
use crate::pairs::{discover, Pair, Unpaired};
use crate::shard::Shard;
use crate::summary::{write_summary, DocStatus, SummaryRow};
use crate::{counted, error_text, grouped};
use corpus::{corpus_kind, write_corpus};
use journal::{input_bytes, load_records, resumable, Journal, Record};
use layout::{check_collisions, lock_folder, remove_stale_temporaries, shard_path, Layout};
use work::{process, Outcome};

/// What a batch run does, as the command line's flags set it.
#[derive(Debug, Clone)]
pub struct BatchSettings {
    /// The corpus: a folder of document pairs or a manifest.
    pub source: PathBuf,
    /// Folder for the tables, the summary and the resume records.
    pub output: PathBuf,
    /// Documents aligned at a time.
    pub jobs: usize,
    /// Table format of each document.
    pub format: Format,
    /// How tables are written (CSV flavour).
    pub write_options: WriteOptions,
    /// The inputs have one sentence per line.
    pub presegmented: bool,
    /// Skip documents whose recorded table is still current.
    pub resume: bool,
    /// Wait for another run writing to the folder instead of refusing.
    pub wait: bool,
    /// Align only this shard of the corpus.
    pub shard: Option<Shard>,
    /// Also write every aligned pair into this one file.
    pub corpus: Option<PathBuf>,
    /// How input files are read.
    pub read: ReadOptions,
    /// Every setting that can change a table, as one string: a table
    /// recorded with another fingerprint is not resumed.
    pub fingerprint: String,
    /// Also a review page per document (`NAME.html`) and `index.html`
    /// linking them.
    pub html: bool,
    /// The command that runs the batch, shown on the review pages.
    pub command: String,
}

/// Something a batch run reports as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// Something worth telling (learning, waiting for a lock).
    Note(String),
    /// Something that went wrong without stopping the run.
    Warning(String),
    /// Alignment starts: documents to align and their input bytes.
    Started {
        /// Documents to align.
        documents: usize,
        /// Their input size, for weighing progress.
        bytes: u64,
    },
    /// A document could not be aligned (the others go on).
    Failed {
        /// The document's name.
        name: &'a str,
        /// Why.
        error: &'a str,
    },
    /// One more document is done.
    Progress {
        /// Documents done.
        done: usize,
        /// Documents to align in all.
        total: usize,
        /// Sentences aligned so far.
        sentences: usize,
        /// Input bytes of the document just done.
        bytes: u64,
    },
    /// Every document is done.
    Finished,
}

/// What a batch run came to.
#[derive(Debug, Clone)]
pub struct BatchReport {
    /// Documents of this run (its shard).
    pub documents: usize,
    /// Documents aligned now.
    pub aligned: usize,
    /// Documents whose tables were kept from an earlier run.
    pub resumed: usize,
    /// Documents that failed.
    pub failed: usize,
    /// Files skipped (no partner, no layout).
    pub skipped: usize,
    /// Rows in all tables.
    pub rows: usize,
    /// Pairs judged doubtful.
    pub doubtful: usize,
    /// Pairs judged unrelated.
    pub unrelated: usize,
    /// Where the summary is.
    pub summary: PathBuf,
    /// The corpus file written and what went into it.
    pub corpus: Option<(PathBuf, ExportCounts)>,
}

/// Aligns a corpus as `settings` say, with `engine`.
pub fn run(
    settings: &BatchSettings,
    engine: Engine,
    events: &mut dyn FnMut(Event),
) -> Result<BatchReport> {
    let corpus_file = match &settings.corpus {
        Some(path) => Some((
            shard_path(path, settings.shard),
            corpus_kind(path, settings.format)?,
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
    let outdir = &settings.output;
    let layout = Layout {
        dir: outdir.clone(),
        format: settings.format,
        shard: settings.shard,
        html: settings.html,
    };
    // The corpus is found and every output checked before OUTDIR is made.
    let (pairs, unpaired) = find_documents(settings, &layout, corpus_file.as_ref().map(|c| &*c.0))?;
    fs::create_dir_all(outdir)
        .with_context(|| format!("{}: cannot create the output folder", outdir.display()))?;
    // Held to the end of the run: another run's start-up cleanup would
    // remove this run's temporary files.
    let _lock = lock_folder(&layout, settings.wait, events)?;
    remove_stale_temporaries(&layout, &pairs, corpus_file.as_ref().map(|c| &*c.0));
    for file in &unpaired {
        events(Event::Warning(format!("{}; skipped", file.reason)));
    }
    let mut job = Job {
        layout: &layout,
        engine,
        read: settings.read.clone(),
        write_options: settings.write_options,
        presegmented: settings.presegmented,
        fingerprint: settings.fingerprint.clone(),
        command: settings.command.clone(),
        disk_full: AtomicBool::new(false),
    };
    if job.engine.learns_from_corpus(&Lang::Ru, &Lang::En) {
        job.engine = learn_from_corpus(&pairs, &job, settings.jobs, events)?;
    }

    // Every aligned document ends up as a record (which holds its summary
    // row); only failures and skipped files need rows of their own.
    let mut records: Vec<Record> = Vec::with_capacity(pairs.len());
    let mut todo: Vec<(&Pair, u64)> = Vec::new();
    let earlier = if settings.resume {
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
    let mut failures = align_all(&todo, &job, settings.jobs, events, &mut records)?;

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

    if let Some(index) = layout.index() {
        let title = settings.source.display().to_string();
        write_index(&index, &layout, &summary, &title, &settings.command)?;
    }

    let corpus = match &corpus_file {
        Some((path, kind)) => {
            let meta = TableMeta {
                options: describe_options(
                    &job.engine,
                    (&Lang::Ru, &Lang::En),
                    settings.presegmented,
                ),
                ..TableMeta::default()
            };
            let counts = write_corpus(path, *kind, &records, &layout, &meta)?;
            Some((path.clone(), counts))
        }
        None => None,
    };
    let failed = failures
        .iter()
        .filter(|r| r.status == DocStatus::Failed)
        .count();
    let stats = || records.iter().filter_map(|r| r.summary.stats.as_ref());
    let verdicts = |v: &str| stats().filter(|s| s.verdict == v).count();
    Ok(BatchReport {
        documents: pairs.len(),
        aligned: records.len() - resumed,
        resumed,
        failed,
        skipped: failures.len() - failed,
        rows: stats().map(|s| s.beads).sum(),
        doubtful: verdicts("doubtful"),
        unrelated: verdicts("unrelated"),
        summary: summary_path,
        corpus,
    })
}

/// The index of the review pages: every document of the summary, in name
/// order, with a link to its page when it has one.
fn write_index(
    path: &Path,
    layout: &Layout,
    summary: &[&SummaryRow],
    title: &str,
    command: &str,
) -> Result<()> {
    let entries: Vec<IndexEntry> = summary
        .iter()
        .map(|row| {
            let stats = row.stats.as_ref();
            IndexEntry {
                name: row.name.clone(),
                page: stats.and(layout.page_link(&row.name)).map(|p| href(&p)),
                status: row.status.as_str().to_string(),
                verdict: stats.map(|s| s.verdict.clone()).unwrap_or_default(),
                rows: stats.map_or(0, |s| s.beads),
                kinds: stats.map(|s| s.kinds_text()).unwrap_or_default(),
                flagged: stats.map_or(0, |s| s.flagged),
                omissions: stats.map_or(0, |s| s.omissions),
                additions: stats.map_or(0, |s| s.additions),
                mean_confidence: stats.and_then(|s| s.mean_confidence()),
                error: row.error.clone(),
            }
        })
        .collect();
    write_atomically(path, |w| write_html_index(&entries, title, command, w)).with_context(|| {
        format!(
            "{}: cannot write the index of the review pages",
            path.display()
        )
    })
}

/// A relative path as a URL path: each `/`-separated part percent-encoded
/// but for the characters that never need it, so that names with `#`, `?`,
/// `%` or spaces link right.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Everything a worker needs to process one document.
pub(crate) struct Job<'a> {
    pub(crate) layout: &'a Layout,
    pub(crate) engine: Engine,
    pub(crate) read: ReadOptions,
    pub(crate) write_options: WriteOptions,
    pub(crate) presegmented: bool,
    pub(crate) fingerprint: String,
    /// The command, for the review pages.
    pub(crate) command: String,
    /// Set once a table could not be written for lack of space: the
    /// documents not yet started are left, not failed one by one.
    pub(crate) disk_full: AtomicBool,
}

/// The documents (and unpaired files) of this run: the corpus's, less
/// those of other shards; refuses an empty corpus and outputs that would
/// overwrite each other.
fn find_documents(
    args: &BatchSettings,
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

/// `--learn` over the corpus: aligns every document once, learns word
/// translations from the confident beads of all of them (in name order, so
/// the lexicon does not depend on which thread finished first), and returns
/// the engine that aligns with them. Resumed documents are learned from too,
/// so a resumed run learns what an uninterrupted one would. Documents that
/// cannot be read are left to the second pass to report.
fn learn_from_corpus(
    pairs: &[Pair],
    job: &Job,
    jobs: usize,
    events: &mut dyn FnMut(Event),
) -> Result<Engine> {
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
    events(Event::Note(format!(
        "learning translations from {} documents (first pass)…",
        pairs.len()
    )));
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
    events(Event::Note(format!(
        "learned {} translation pairs from {} confident beads of {} documents ({:.1} s)",
        grouped(learned.len()),
        grouped(beads),
        documents,
        started.elapsed().as_secs_f64()
    )));
    Ok(job.engine.with_corpus_lexicon(learned))
}

/// Aligns the documents on `jobs` threads, appending each one's record to
/// the records file as it finishes (and to `records`), and reporting each
/// through `events`; the summary rows of the failures.
fn align_all(
    todo: &[(&Pair, u64)],
    job: &Job,
    jobs: usize,
    events: &mut dyn FnMut(Event),
    records: &mut Vec<Record>,
) -> Result<Vec<SummaryRow>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("sverka-batch-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    let mut journal = Journal::open(&job.layout.records())?;
    events(Event::Started {
        documents: todo.len(),
        bytes: todo.iter().map(|t| t.1).sum(),
    });
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
                Outcome::Aligned(record, warnings) => {
                    if let Some(stats) = &record.summary.stats {
                        sentences += stats.ru_sentences + stats.en_sentences;
                    }
                    for warning in warnings {
                        events(Event::Warning(warning));
                    }
                    if let Err(err) = journal.append(&record) {
                        events(Event::Warning(error_text(&err)));
                    }
                    records.push(*record);
                }
                Outcome::Failed(row) => {
                    events(Event::Failed {
                        name: &row.name,
                        error: &row.error,
                    });
                    failures.push(row);
                }
                Outcome::DiskFull(row) => {
                    // Said once, with what to do; documents in flight on
                    // other threads may add a line each.
                    events(Event::Failed {
                        name: &row.name,
                        error: &row.error,
                    });
                    if !disk_full_said {
                        disk_full_said = true;
                        events(Event::Note(
                            "the disk is full: no more documents are started; free some space and re-run with --resume".into(),
                        ));
                    }
                    failures.push(row);
                }
                Outcome::NotStarted(row) => {
                    not_started += 1;
                    failures.push(row);
                }
            }
            events(Event::Progress {
                done,
                total: todo.len(),
                sentences,
                bytes,
            });
        }
    });
    events(Event::Finished);
    if not_started > 0 {
        events(Event::Note(format!(
            "{} not started for lack of disk space (listed in the summary)",
            counted(not_started, "document")
        )));
    }
    Ok(failures)
}
