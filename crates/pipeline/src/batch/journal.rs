//! The resume records: a line per aligned document in
//! `OUTDIR/.sverka/records.jsonl`, appended as each table is written, so
//! that `--resume` can trust a table only when its record matches the run.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sverka_core::fnv1a;

use super::layout::{Layout, RECORDS};
use super::work::create_parent;
use super::Job;
use crate::pairs::Pair;
use crate::summary::{DocStatus, SummaryRow};

/// Test hook: abort the process (SIGABRT: no cleanup, like a kill) once K
/// resume records have been written (K being this variable's value), when
/// the next document's table is already in place but its record is not.
/// The integration tests use it to interrupt a run at the most delicate
/// point; it has no other use.
const ABORT_AFTER_ENV: &str = "SVERKA_TEST_ABORT_AFTER";

/// What `--resume` keeps of each aligned document (a line of the records
/// file): the table is trusted only if this record matches the current run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
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
    pub(crate) summary: SummaryRow,
}

pub(crate) fn input_bytes(pair: &Pair) -> u64 {
    [&pair.ru, &pair.en]
        .iter()
        .filter_map(|p| fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// Every resume record in OUTDIR/.sverka (this run's file and those of
/// other shards), by document name, in file order. A line that does not
/// parse (cut short by a kill) is passed over.
pub(crate) fn load_records(layout: &Layout) -> BTreeMap<String, Vec<Record>> {
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
pub(crate) fn resumable<'r>(
    pair: &Pair,
    layout: &Layout,
    fingerprint: &str,
    candidates: &'r [Record],
    max_bytes: u64,
) -> Option<&'r Record> {
    let path = layout.table(&pair.name);
    let made = fs::metadata(&path).ok()?.modified().ok()?;
    // A review page is written with its table (`--html` is part of the
    // fingerprint); one removed since is made again.
    if layout.page(&pair.name).is_some_and(|page| !page.is_file()) {
        return None;
    }
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

/// Sizes and hashes of a document's two files as they are now, to compare
/// with its record when resuming (`None` if one cannot be read, or is over
/// the input limit: aligning refuses it then). Hashing is cheap next to
/// aligning; the files are read no further than the limit, as for aligning
/// (a manifest may name an endless file).
pub(crate) fn input_hashes(pair: &Pair, max_bytes: u64) -> Option<[(u64, String); 2]> {
    let hash = |path: &Path| {
        let file = fs::File::open(path).ok()?;
        let bytes = crate::input::read_bounded(file, 0, max_bytes).ok()?;
        (bytes.len() as u64 <= max_bytes).then(|| input_hash(&bytes))
    };
    Some([hash(&pair.ru)?, hash(&pair.en)?])
}

/// The size and hash of one input file's bytes, as records keep them.
pub(crate) fn input_hash(bytes: &[u8]) -> (u64, String) {
    (bytes.len() as u64, hash_text(bytes))
}

/// The records file, appended to as documents finish: a killed run keeps
/// the records of every table it completed.
pub(crate) struct Journal {
    file: Option<fs::File>,
    path: PathBuf,
    /// Records appended so far in this run (for the test hook).
    appended: usize,
    abort_after: Option<usize>,
}

impl Journal {
    pub(crate) fn open(path: &Path) -> Result<Journal> {
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
    pub(crate) fn append(&mut self, record: &Record) -> Result<()> {
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

/// The resume record of a table just written.
pub(crate) fn record(
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
pub(crate) fn hash_text(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}
