//! `sverka align`: two files in, one review table out.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;
use sverka_align::Options;
use sverka_table::{write_table, CsvFlavour, Format, TableMeta, WriteOptions};
use sverka_text::Lang;

use crate::input::{check_languages, read_document};
use crate::pipeline::{align_documents, eval_beads, write_error, Aligned};
use crate::rows::rows;
use crate::{EngineArgs, InputArgs};

/// Align two files sentence by sentence and write a review table.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The Russian file (goes in the `ru` columns).
    pub ru: PathBuf,
    /// The English file (goes in the `en` columns).
    pub en: PathBuf,
    /// Where to write the table (`-` or nothing: standard output). Written
    /// atomically: a failed run leaves no partial file.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Table format; by default from the output extension (.csv .tsv .jsonl
    /// .xlsx .tmx), else CSV.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,
    /// CSV for a double-click in Excel: UTF-8 BOM and CRLF line ends. This is
    /// the default for a .csv file; standard output gets plain CSV.
    #[arg(long, conflicts_with = "plain")]
    pub excel: bool,
    /// Plain CSV: no BOM, LF line ends (for other programs).
    #[arg(long)]
    pub plain: bool,
    /// The inputs have one sentence per line (no segmentation).
    #[arg(long)]
    pub presegmented: bool,
    /// Language of the first file (another code than ru uses language-neutral rules).
    #[arg(long, value_name = "CODE", default_value = "ru")]
    pub ru_lang: Lang,
    /// Language of the second file.
    #[arg(long, value_name = "CODE", default_value = "en")]
    pub en_lang: Lang,
    /// Also write the alignment as a bead file (`[i, j]:[k]` per line, the
    /// format `sverka eval` reads).
    #[arg(long, value_name = "PATH")]
    pub beads: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

fn parse_format(name: &str) -> Result<Format, String> {
    name.parse::<Format>().map_err(|e| e.to_string())
}

pub fn run(args: &AlignArgs, quiet: bool) -> Result<()> {
    let options = args.engine.options()?;
    let read = args.input.read_options(args.presegmented, !quiet);
    let ru = read_document(&args.ru, args.ru_lang.clone(), &read)?;
    let en = read_document(&args.en, args.en_lang.clone(), &read)?;
    check_languages(&args.ru, &ru, &args.en, &en)?;
    let aligned = align_documents(ru, en, &options);
    let to_stdout = args.output.as_deref().is_none_or(|p| p == Path::new("-"));
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) if !to_stdout => Format::from_path(path).unwrap_or(Format::Csv),
        _ => Format::Csv,
    };
    let csv = if args.plain || (to_stdout && !args.excel) {
        CsvFlavour::Plain
    } else {
        CsvFlavour::Excel
    };
    let table = rows(&aligned);
    let meta = TableMeta {
        ru_file: Some(args.ru.display().to_string()),
        en_file: Some(args.en.display().to_string()),
        ru_lang: args.ru_lang.code().to_string(),
        en_lang: args.en_lang.code().to_string(),
        options: describe_options(&options, args.presegmented),
        ..TableMeta::default()
    };
    let write_options = WriteOptions {
        csv,
        ..WriteOptions::default()
    };
    if to_stdout {
        if format == Format::Xlsx {
            bail!("XLSX is a binary format: give an output file with -o");
        }
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        // Name standard output in the message: `> /dev/full` fails here.
        let stdout_error = |source| sverka_table::TableError::Output {
            path: PathBuf::from("standard output"),
            source,
        };
        write_table(&table, &meta, format, &write_options, &mut out).map_err(|err| match err {
            sverka_table::TableError::Io(source) => stdout_error(source),
            other => other,
        })?;
        out.flush().map_err(stdout_error)?;
    } else {
        let path = args.output.as_deref().expect("output path");
        sverka_table::write_atomically(path, |file| -> Result<(), sverka_table::TableError> {
            write_table(&table, &meta, format, &write_options, file).map(|_| ())
        })
        .map_err(|err| write_error(path, "the table", err))?;
    }
    if let Some(path) = &args.beads {
        let text = sverka_eval::write_beads(&eval_beads(&aligned.alignment));
        sverka_table::write_atomically(path, |file| -> Result<(), sverka_table::TableError> {
            Ok(file.write_all(text.as_bytes())?)
        })
        .map_err(|err| write_error(path, "the bead file", err))?;
    }
    if !quiet {
        eprintln!(
            "sverka: {}",
            summary(&aligned, args.output.as_deref().filter(|_| !to_stdout))
        );
    }
    Ok(())
}

/// The options a table was made with, for the record.
pub fn describe_options(options: &Options, presegmented: bool) -> String {
    format!(
        "max-bead={} presegmented={} lexicon={}",
        options.max_bead_side,
        presegmented,
        options.lexicon.is_some()
    )
}

/// One line: sentences, beads by kind, flagged rows, where the table went.
pub fn summary(aligned: &Aligned, output: Option<&Path>) -> String {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut flagged = 0;
    for bead in &aligned.alignment.beads {
        *kinds.entry(bead.kind()).or_default() += 1;
        if bead.flags.iter().any(|f| {
            !matches!(
                f,
                sverka_align::Flag::Omission | sverka_align::Flag::Addition
            )
        }) {
            flagged += 1;
        }
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n}×{k}")).collect();
    let target = output.map_or_else(String::new, |p| format!("; wrote {}", p.display()));
    format!(
        "{} + {} sentences → {} rows ({}); {} rows flagged for review{}",
        aligned.src.sentences.len(),
        aligned.tgt.sentences.len(),
        aligned.alignment.beads.len(),
        kinds.join(", "),
        flagged,
        target
    )
}
