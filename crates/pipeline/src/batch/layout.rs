//! Where each output of a batch goes in OUTDIR, and the checks made before
//! anything is written there: outputs that would overwrite each other or an
//! input, the folder lock, and temporary files a killed run left behind.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use sverka_table::Format;

use super::Event;
use crate::pairs::Pair;
use crate::same_file::{refuse_overlaps, Named};
use crate::shard::Shard;

/// Folder of the resume records inside OUTDIR.
pub(crate) const RECORDS: &str = ".sverka";

/// Where each output goes in OUTDIR.
pub(crate) struct Layout {
    pub(crate) dir: PathBuf,
    pub(crate) format: Format,
    pub(crate) shard: Option<Shard>,
    /// A review page per document (`NAME.html`) and an index (`--html`).
    pub(crate) html: bool,
}

impl Layout {
    /// The table's path relative to OUTDIR, `/`-separated.
    pub(crate) fn table_name(&self, name: &str) -> String {
        format!("{name}.{}", self.format.name())
    }

    pub(crate) fn table(&self, name: &str) -> PathBuf {
        self.dir.join(self.table_name(name))
    }

    /// The review page's path relative to OUTDIR, `/`-separated, when pages
    /// are asked for and the table is not itself the page (`--format html`).
    pub(crate) fn page_name(&self, name: &str) -> Option<String> {
        (self.html && self.format != Format::Html).then(|| format!("{name}.html"))
    }

    pub(crate) fn page(&self, name: &str) -> Option<PathBuf> {
        self.page_name(name).map(|page| self.dir.join(page))
    }

    /// The link from the index to a document's page (`--html`), relative to
    /// OUTDIR, `/`-separated: its page, or its table when that is the page.
    pub(crate) fn page_link(&self, name: &str) -> Option<String> {
        match self.format {
            Format::Html if self.html => Some(self.table_name(name)),
            _ => self.page_name(name),
        }
    }

    /// Every file of a document in OUTDIR, relative, `/`-separated: the
    /// table, and the page if there is one.
    pub(crate) fn document_files(&self, name: &str) -> Vec<String> {
        std::iter::once(self.table_name(name))
            .chain(self.page_name(name))
            .collect()
    }

    /// The index of the review pages (`--html`): `index.html`, or with a
    /// shard `index.shard-I-of-N.html`.
    pub(crate) fn index(&self) -> Option<PathBuf> {
        self.html
            .then(|| shard_path(&self.dir.join("index.html"), self.shard))
    }

    /// The run's resume records: `.sverka/records.jsonl`, or with a shard
    /// `.sverka/records.shard-I-of-N.jsonl`, so that shards sharing OUTDIR
    /// never write the same file. One file rather than one per document:
    /// creating a file costs about a tenth of aligning a short document.
    pub(crate) fn records(&self) -> PathBuf {
        let file = match self.shard {
            Some(shard) => format!("records.{}.jsonl", shard.tag()),
            None => "records.jsonl".to_string(),
        };
        self.dir.join(RECORDS).join(file)
    }

    pub(crate) fn summary(&self) -> PathBuf {
        match self.shard {
            Some(shard) => self.dir.join(format!("summary.{}.csv", shard.tag())),
            None => self.dir.join("summary.csv"),
        }
    }
}

/// With a shard, `corpus.tsv` becomes `corpus.shard-I-of-N.tsv`.
pub(crate) fn shard_path(path: &Path, shard: Option<Shard>) -> PathBuf {
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

/// Refuses a corpus whose tables would overwrite the summary, the corpus
/// file or the manifest: better said before the run than found after it.
pub(crate) fn check_collisions(
    layout: &Layout,
    pairs: &[Pair],
    corpus: Option<&Path>,
    source: &Path,
) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut taken = vec![(absolute(&layout.summary()), "the summary")];
    if let Some(index) = layout.index() {
        taken.push((absolute(&index), "the index of the review pages"));
    }
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
        .flat_map(|p| {
            layout
                .document_files(&p.name)
                .into_iter()
                .map(|file| (file, p.name.as_str()))
        })
        .collect();
    for pair in pairs {
        for table in layout.document_files(&pair.name) {
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
    }
    for pair in pairs {
        for file in layout.document_files(&pair.name) {
            let table = absolute(&layout.dir.join(file));
            if let Some((path, what)) = taken.iter().find(|(path, _)| *path == table) {
                bail!(
                    "the table of document \"{}\" would overwrite {what} ({}); rename the document or choose another output folder",
                    pair.name,
                    path.display()
                );
            }
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
    let index = layout.index();
    if let Some(index) = &index {
        outputs.push(Named::new("the index of the review pages", index));
    }
    let tables: Vec<PathBuf> = pairs.iter().map(|p| layout.table(&p.name)).collect();
    let pages: Vec<Option<PathBuf>> = pairs.iter().map(|p| layout.page(&p.name)).collect();
    for ((pair, table), page) in pairs.iter().zip(&tables).zip(&pages) {
        outputs.push(Named::new(format!("the table of \"{}\"", pair.name), table));
        if let Some(page) = page {
            outputs.push(Named::new(
                format!("the review page of \"{}\"", pair.name),
                page,
            ));
        }
    }
    refuse_overlaps(&inputs, &outputs)
}

/// Locks OUTDIR for this run (advisory locks in `.sverka/`, released when
/// the process ends, however it ends). A run without `--shard` locks the
/// folder exclusively; a shard locks it shared, so that other shards may
/// run beside it, and its own shard exclusively. A locked folder is
/// refused naming the other run's pid, or waited for with `--wait`.
pub(crate) fn lock_folder(
    layout: &Layout,
    wait: bool,
    events: &mut dyn FnMut(Event),
) -> Result<Vec<fs::File>> {
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
                events(Event::Note(format!(
                    "{}: waiting for {other} to finish…",
                    layout.dir.display()
                )));
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
pub(crate) fn remove_stale_temporaries(layout: &Layout, pairs: &[Pair], corpus: Option<&Path>) {
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
    if let Some(index) = layout.index() {
        expect(index);
    }
    for pair in pairs {
        expect(layout.table(&pair.name));
        if let Some(page) = layout.page(&pair.name) {
            expect(page);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
