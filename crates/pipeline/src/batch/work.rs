//! One document of a batch: read, align, write its table, make its record.

use std::fs;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use sverka_table::{Format, TableError, TableMeta};
use sverka_text::Lang;

use super::journal::{input_hash, record, Record};
use super::Job;
use crate::engine::align_file_bytes;
use crate::engine::write_error;
use crate::error_text;
use crate::input::read_file_bytes;
use crate::output::{pending_table_file, table_meta, Durability};
use crate::pairs::Pair;
use crate::rows::rows;
use crate::summary::{DocStats, DocStatus, SummaryRow};

/// How one document went.
pub(crate) enum Outcome {
    /// Its resume record, which holds its summary row, and what to warn
    /// of (a text without punctuation).
    Aligned(Box<Record>, Vec<String>),
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
pub(crate) fn is_disk_full(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind;
    let full = |io: &std::io::Error| {
        matches!(io.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded)
    };
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(full)
            || matches!(
                cause.downcast_ref::<TableError>(),
                Some(TableError::Output { error, .. }) if full(error)
            )
    })
}

/// Aligns one document and writes its table: its resume record (which
/// holds its summary row), or the summary row of its failure.
pub(crate) fn process(pair: &Pair, job: &Job) -> Outcome {
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
    // Each file is read once: the record hashes the very bytes its table
    // was made from, so a file changed since is realigned when resumed.
    let mut inputs = None;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let ru = read_file_bytes(&pair.ru, &job.read);
        let en = read_file_bytes(&pair.en, &job.read);
        if let (Ok(ru), Ok(en)) = (&ru, &en) {
            inputs = Some([input_hash(ru), input_hash(en)]);
        }
        align_and_write(pair, job, (&ru?, &en?))
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(anyhow!("internal error, please report it: {what}"))
    });
    let seconds = start.elapsed().as_secs_f64();
    let outcome = outcome.and_then(|(stats, warnings)| {
        let row = SummaryRow {
            name: pair.name.clone(),
            status: DocStatus::Ok,
            error: String::new(),
            stats: Some(stats),
            seconds: Some(seconds),
        };
        Ok((record(pair, job, row, inputs)?, warnings))
    });
    match outcome {
        Ok((record, warnings)) => Outcome::Aligned(Box::new(record), warnings),
        Err(err) => {
            // No table may outlive a failure: an older one would look current.
            let _ = fs::remove_file(job.layout.table(&pair.name));
            if let Some(page) = job.layout.page(&pair.name) {
                let _ = fs::remove_file(page);
            }
            let row = SummaryRow {
                name: pair.name.clone(),
                status: DocStatus::Failed,
                error: error_text(&err),
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

/// Aligns one document from its files' bytes and writes its table;
/// returns its statistics and what to warn of.
pub(crate) fn align_and_write(
    pair: &Pair,
    job: &Job,
    (ru, en): (&[u8], &[u8]),
) -> Result<(DocStats, Vec<String>)> {
    let aligned = align_file_bytes(
        (&pair.ru, ru, Lang::Ru),
        (&pair.en, en, Lang::En),
        &job.read,
        &job.engine,
    )?;
    let stats = DocStats::of(&aligned);
    let warnings = aligned.punctuation_warnings(
        [pair.ru_shown.as_ref(), pair.en_shown.as_ref()],
        job.presegmented,
    );
    let table = rows(&aligned);
    drop(aligned);
    let meta = TableMeta {
        verdict: Some(stats.verdict.clone()),
        command: Some(job.command.clone()),
        ..table_meta(
            (pair.ru_shown.clone(), &Lang::Ru),
            (pair.en_shown.clone(), &Lang::En),
            &job.engine,
            job.presegmented,
        )
    };
    let path = job.layout.table(&pair.name);
    create_parent(&path)?;
    // Written atomically: a failed write leaves no partial table.
    pending_table_file(
        &path,
        &table,
        &meta,
        job.layout.format,
        &job.write_options,
        Durability::Unsynced,
    )?
    .commit()
    .map_err(|err| write_error(&path, "the table", err))?;
    if let Some(page) = job.layout.page(&pair.name) {
        // A failure here removes the table too (see `process`).
        pending_table_file(
            &page,
            &table,
            &meta,
            Format::Html,
            &job.write_options,
            Durability::Unsynced,
        )?
        .commit()
        .map_err(|err| write_error(&page, "the review page", err))?;
    }
    Ok((stats, warnings))
}

pub(crate) fn create_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    Ok(())
}
