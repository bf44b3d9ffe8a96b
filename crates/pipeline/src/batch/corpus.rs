//! `batch --corpus`: the pairs of every aligned document in one file
//! (TSV, JSONL or TMX), built from the tables one at a time.

use std::fs;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use sverka_core::Side;
use sverka_table::{
    read_table, write_atomically, write_parallel, ExportCounts, Format, ParallelFormat,
    ReviewedRow, TableError, TableMeta, TmxWriter,
};

use super::journal::Record;
use super::layout::Layout;

/// What `--corpus` writes, by the file's extension.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CorpusKind {
    Parallel(ParallelFormat),
    Tmx,
}

pub(crate) fn corpus_kind(path: &Path, format: Format) -> Result<CorpusKind> {
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
    if matches!(format, Format::Xlsx | Format::Tmx | Format::Html) {
        bail!("--corpus is built from the tables, which sverka reads back only as csv, tsv or jsonl; give --format csv, tsv or jsonl");
    }
    Ok(kind)
}

/// Writes the corpus file from the tables of the aligned documents (their
/// records, sorted by name), one at a time, so memory holds one table at
/// most.
pub(crate) fn write_corpus(
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
                    total.add(counts);
                }
            }
        }
        Ok(total)
    })
    .with_context(|| format!("{}: cannot write the corpus", path.display()))
}

pub(crate) fn read_back(layout: &Layout, name: &str) -> Result<Vec<ReviewedRow>> {
    let path = layout.table(name);
    let file = fs::File::open(&path).with_context(|| format!("{}: cannot open", path.display()))?;
    match read_table(std::io::BufReader::new(file)) {
        Ok(rows) => Ok(rows),
        Err(TableError::Empty) => Ok(Vec::new()),
        Err(err) => Err(anyhow!("{}: {err}", path.display())),
    }
}
