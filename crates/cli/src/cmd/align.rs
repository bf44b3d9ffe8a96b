//! `sverka align`: two files in, one review table out.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Args;
use sverka_pipeline::table::{write_table, Format, WriteOptions};
use sverka_pipeline::text::Lang;

use crate::{EngineArgs, InputArgs, PairEncodingArgs};
use sverka_pipeline::engine::{align_files, eval_beads, write_error, Aligned};
use sverka_pipeline::output::{
    check_output, command_line, commit_all, csv_flavour, pending_table_file, table_meta, Durability,
};
use sverka_pipeline::rows;
use sverka_pipeline::same_file::{refuse_overlaps, Named};
use sverka_pipeline::DocStats;

/// The end of `sverka align --help`; a test runs every line as written.
const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka align corpora/lavrov-belarus-2017/ru.txt corpora/lavrov-belarus-2017/en.txt -o review.csv
  sverka align corpora/lavrov-belarus-2017/ru.txt corpora/lavrov-belarus-2017/en.txt -o review.html
  sverka align --no-lexicon corpora/lavrov-belarus-2017/ru.txt corpora/lavrov-belarus-2017/en.txt";

/// Align two files sentence by sentence and write a review table.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct AlignArgs {
    /// The Russian file (goes in the `ru` columns): plain text, Word,
    /// OpenDocument, HTML, SRT/WebVTT subtitles or PDF, detected.
    pub ru: PathBuf,
    /// The English file (goes in the `en` columns), in any of those formats.
    pub en: PathBuf,
    /// Where to write the table (`-` or nothing: standard output). Written
    /// atomically: a failed run leaves no partial file.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Table format; by default from the output extension (.csv .tsv .jsonl
    /// .xlsx .tmx .html), else CSV. html is a review page to open in a
    /// browser: the rows side by side, a map, filters, review in the page.
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
    pub encodings: PairEncodingArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn parse_format(name: &str) -> Result<Format, String> {
    name.parse::<Format>().map_err(|e| e.to_string())
}

pub fn run(args: &AlignArgs, quiet: bool) -> Result<()> {
    let (format, to_stdout) = check_outputs(args)?;
    let engine = args.engine.engine(!quiet)?;
    let read = args
        .encodings
        .apply(args.input.read_options(args.presegmented, !quiet));
    let aligned = align_files(
        (&args.ru, args.ru_lang.clone()),
        (&args.en, args.en_lang.clone()),
        &read,
        &engine,
    )?;
    let table = rows(&aligned);
    let meta = sverka_pipeline::table::TableMeta {
        verdict: Some(aligned.alignment.verdict().as_str().to_string()),
        command: Some(command_line()),
        ..table_meta(
            (args.ru.display().to_string(), &args.ru_lang),
            (args.en.display().to_string(), &args.en_lang),
            &engine,
            args.presegmented,
        )
    };
    let write_options = WriteOptions {
        csv: csv_flavour(args.plain, args.excel, to_stdout),
        ..WriteOptions::default()
    };
    let output = args.output.as_deref().filter(|_| !to_stdout);
    // Every file output is written in full under a temporary name before
    // any is renamed into place, so a failure leaves none of them.
    let mut pending = Vec::new();
    match output {
        None => write_stdout(&table, &meta, format, &write_options)?,
        Some(path) => pending.push(pending_table_file(
            path,
            &table,
            &meta,
            format,
            &write_options,
            Durability::Synced,
        )?),
    }
    pending.extend(pending_beads(args, &aligned)?);
    commit_all(pending)?;
    if !quiet {
        eprintln!("sverka: {}", summary(&aligned, output));
    }
    warn_if_unrelated(args, &aligned);
    Ok(())
}

/// Refuses outputs that would overwrite an input or cannot be written, and
/// picks the table format: `--format`, else the output's extension, else
/// CSV. Returns it and whether the table goes to standard output.
fn check_outputs(args: &AlignArgs) -> Result<(Format, bool)> {
    let stdout = PathBuf::from("-");
    let mut outputs = vec![Named::new("-o", args.output.as_ref().unwrap_or(&stdout))];
    if let Some(beads) = &args.beads {
        outputs.push(Named::new("--beads", beads));
    }
    refuse_overlaps(
        &[
            Named::new("the Russian input", &args.ru),
            Named::new("the English input", &args.en),
        ],
        &outputs,
    )?;
    for output in &outputs {
        check_output(&output.role, output.path)?;
    }
    let to_stdout = args.output.as_deref().is_none_or(|p| p == Path::new("-"));
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) if !to_stdout => {
            refuse_foreign_format(path)?;
            Format::from_path(path).unwrap_or(Format::Csv)
        }
        _ => Format::Csv,
    };
    if to_stdout && format == Format::Xlsx {
        bail!("XLSX is a binary format: give an output file with -o");
    }
    Ok((format, to_stdout))
}

/// Writes the table to standard output, naming it in errors (`> /dev/full`
/// fails here).
fn write_stdout(
    table: &[sverka_pipeline::table::Row],
    meta: &sverka_pipeline::table::TableMeta,
    format: Format,
    options: &WriteOptions,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let stdout_error = |error| sverka_pipeline::table::TableError::Output {
        path: PathBuf::from("standard output"),
        error,
    };
    write_table(table, meta, format, options, &mut out).map_err(|err| match err {
        sverka_pipeline::table::TableError::Io(source) => stdout_error(source),
        other => other,
    })?;
    out.flush().map_err(stdout_error)?;
    Ok(())
}

/// The bead file (`--beads`), written in full under a temporary name.
fn pending_beads(
    args: &AlignArgs,
    aligned: &Aligned,
) -> Result<Option<sverka_pipeline::table::Pending>> {
    let Some(path) = &args.beads else {
        return Ok(None);
    };
    let text = sverka_pipeline::eval::write_beads(&eval_beads(&aligned.alignment));
    let (beads, ()) = sverka_pipeline::table::write_pending(
        path,
        true,
        |file| -> Result<(), sverka_pipeline::table::TableError> {
            Ok(file.write_all(text.as_bytes())?)
        },
    )
    .map_err(|err| write_error(path, "the bead file", err))?;
    Ok(Some(beads))
}

/// Says, even with --quiet, when the two files do not look like
/// translations of each other: the whole table is in doubt. A text without
/// sentence punctuation is named as the likelier cause (its verdict is
/// unrelated even when it is a translation).
fn warn_if_unrelated(args: &AlignArgs, aligned: &Aligned) {
    let unpunctuated = aligned.punctuation_warnings([&args.ru, &args.en], args.presegmented);
    for warning in &unpunctuated {
        eprintln!("sverka: warning: {warning}");
    }
    if !unpunctuated.is_empty() {
        return;
    }
    let verdict = aligned.alignment.verdict();
    if verdict != sverka_pipeline::align::Verdict::Ok {
        eprintln!(
            "sverka: warning: {} and {} do not look like translations of each other ({verdict}: {:.0}% of the sentences are in rows whose sides share words, names or numbers); check that these are the right files",
            args.ru.display(),
            args.en.display(),
            100.0 * aligned.alignment.supported_share()
        );
    }
}

/// Refuses an output named for a format sverka does not write (`.ods`,
/// `.xls`, `.docx` …): the file would hold CSV under a name that promises
/// something else, and the program that opens it would refuse or garble it.
fn refuse_foreign_format(path: &Path) -> Result<()> {
    const FOREIGN: &[&str] = &[
        "ods", "xls", "xlsm", "xlsb", "numbers", "doc", "docx", "odt", "rtf", "pdf", "xml", "json",
        "po", "xliff", "xlf", "sdlxliff",
    ];
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return Ok(());
    };
    if FOREIGN.contains(&ext.to_ascii_lowercase().as_str()) {
        bail!(
            "{}: sverka does not write .{ext} files; name the output .csv, .tsv, .jsonl, .xlsx, .tmx or .html, or give --format (a spreadsheet opens .csv and .xlsx, a browser .html)",
            path.display()
        );
    }
    Ok(())
}

/// One line: sentences, beads by kind, flagged rows, where the table went.
pub fn summary(aligned: &Aligned, output: Option<&Path>) -> String {
    let stats = DocStats::of(aligned);
    let target = output.map_or_else(String::new, |p| format!("; wrote {}", p.display()));
    format!(
        "{} + {} sentences → {} rows ({}); {} rows flagged for review{}",
        stats.ru_sentences,
        stats.en_sentences,
        stats.beads,
        stats.kinds_text(),
        stats.flagged,
        target
    )
}
