//! Writing review tables to files, the same way for `align` and for each
//! document of `batch`: CSV flavour, the record of what a table was made
//! from, atomic writes.

use std::path::Path;

use anyhow::Result;
use sverka_table::{write_table, CsvFlavour, Format, Row, TableMeta, WriteOptions};
use sverka_text::Lang;

use crate::engine::{write_error, Engine};

/// The CSV flavour: Excel-ready (BOM, CRLF) for files unless `--plain`,
/// plain on standard output unless `--excel`.
pub fn csv_flavour(plain: bool, excel: bool, to_stdout: bool) -> CsvFlavour {
    if plain || (to_stdout && !excel) {
        CsvFlavour::Plain
    } else {
        CsvFlavour::Excel
    }
}

/// The command that is running, as a shell would take it back: `sverka`
/// and the arguments, each quoted when it holds anything but plain
/// characters. Shown on the review page.
pub fn command_line() -> String {
    shell_words(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned()),
    )
}

/// `sverka` and `args` as one shell command line (POSIX single quotes).
fn shell_words(args: impl Iterator<Item = String>) -> String {
    let quoted = |arg: String| {
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
        if plain {
            arg
        } else {
            format!("'{}'", arg.replace('\'', "'\\''"))
        }
    };
    std::iter::once("sverka".to_string())
        .chain(args.map(quoted))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The options a table was made with, for the record.
pub fn describe_options(engine: &Engine, langs: (&Lang, &Lang), presegmented: bool) -> String {
    let lexicon = engine.dictionary.as_ref().map_or_else(
        || "none".to_string(),
        |d| {
            d.sources()
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join("+")
        },
    );
    format!(
        "max-bead={} presegmented={} lexicon={} learn={}",
        engine.options.max_bead_side,
        presegmented,
        lexicon,
        engine.learning(langs.0, langs.1).is_some()
    )
}

/// What a table was made from (written into XLSX and TMX headers).
pub fn table_meta(
    (ru_file, ru_lang): (String, &Lang),
    (en_file, en_lang): (String, &Lang),
    engine: &Engine,
    presegmented: bool,
) -> TableMeta {
    TableMeta {
        ru_file: Some(ru_file),
        en_file: Some(en_file),
        ru_lang: ru_lang.code().to_string(),
        en_lang: en_lang.code().to_string(),
        options: describe_options(engine, (ru_lang, en_lang), presegmented),
        ..TableMeta::default()
    }
}

/// How sure a written table must be to survive a power failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Synced to disk before it is renamed into place (one table: `align`).
    Synced,
    /// Renamed into place without a sync: for many tables whose writer can
    /// check and remake them (`batch`; see `write_atomically_unsynced`).
    Unsynced,
}

/// Refuses an output path that cannot be written, before any work: a
/// folder, or a file in a folder that does not exist. (Found only when
/// writing, after other outputs were in place, it left a run half done.)
pub fn check_output(role: &str, path: &Path) -> Result<()> {
    if path == Path::new("-") {
        return Ok(());
    }
    if path.is_dir() {
        anyhow::bail!(
            "{role} {}: is a folder; give the path of a file to write",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(sverka_table::TableError::MissingDirectory {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        }
        .into());
    }
    Ok(())
}

/// A table written under a temporary name, for [`sverka_table::Pending::commit`].
pub fn pending_table_file(
    path: &Path,
    table: &[Row],
    meta: &TableMeta,
    format: Format,
    write_options: &WriteOptions,
    durability: Durability,
) -> Result<sverka_table::Pending> {
    let sync = durability == Durability::Synced;
    sverka_table::write_pending(path, sync, |file: &mut dyn std::io::Write| {
        write_table(table, meta, format, write_options, file).map(|_| ())
    })
    .map(|(pending, ())| pending)
    .map_err(|err| write_error(path, "the table", err))
}

/// Renames written outputs into place; if one fails, those already renamed
/// are removed again, so that a run leaves all its outputs or none.
pub fn commit_all(pending: Vec<sverka_table::Pending>) -> Result<()> {
    let mut placed: Vec<std::path::PathBuf> = Vec::new();
    for file in pending {
        let path = file.path().to_path_buf();
        let in_place = file.is_in_place();
        if let Err(err) = file.commit() {
            for done in &placed {
                let _ = std::fs::remove_file(done);
            }
            return Err(err.into());
        }
        if !in_place {
            placed.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_quote_what_a_shell_would_split() {
        let words = ["align", "ru file.txt", "it's.txt", "", "-o", "обзор.html"];
        assert_eq!(
            shell_words(words.iter().map(|w| w.to_string())),
            "sverka align 'ru file.txt' 'it'\\''s.txt' '' -o обзор.html"
        );
    }
}
