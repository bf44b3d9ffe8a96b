//! `sverka export`: a reviewed table to TMX or a clean parallel corpus.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use sverka_pipeline::table::{
    visit_table_bytes, ExportCounts, ParallelFormat, ParallelWriter, ReviewedRow, Side, TableError,
    TableMeta, TmxWriter,
};

use sverka_pipeline::input::{describe_io, read_bounded};
use sverka_pipeline::same_file::{refuse_overlaps, Named};

/// What to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// TMX 1.4b translation memory for CAT tools (Trados, memoQ, OmegaT).
    Tmx,
    /// `ru<TAB>en` per line: a parallel corpus.
    Tsv,
    /// One JSON object `{"ru": …, "en": …}` per line.
    Jsonl,
}

/// The end of `sverka export --help`; a test runs every line as written
/// (after `sverka align`'s examples, which write review.csv).
const EXAMPLES: &str = "\
Examples (review.csv as `sverka align … -o review.csv` wrote it, then reviewed):
  sverka export review.csv --to tmx -o approved.tmx
  sverka export review.csv --to tmx --srclang en -o approved-en.tmx
  sverka export review.csv --to tsv -o corpus.tsv";

/// Turn a reviewed table (CSV, TSV or JSONL as written by `align`, edited in
/// a spreadsheet) into TMX or a parallel corpus. Rows marked `reject` and
/// rows with an empty side are left out, and counted on stderr.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct ExportArgs {
    /// The reviewed table (`-` for standard input).
    pub table: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    pub to: Target,
    /// Where to write it (`-` or nothing: standard output). Written atomically.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Refuse a table larger than this many megabytes (read from a file or
    /// standard input).
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_input_mb: u64,
    /// Source language of the TMX: ru or en.
    #[arg(long, value_name = "LANG", default_value = "ru", value_parser = ["ru", "en"])]
    pub srclang: String,
}

pub fn run(args: &ExportArgs, quiet: bool) -> Result<()> {
    let stdout = PathBuf::from("-");
    refuse_overlaps(
        &[Named::new("the table", &args.table)],
        &[Named::new("-o", args.output.as_ref().unwrap_or(&stdout))],
    )?;
    if let Some(path) = &args.output {
        sverka_pipeline::output::check_output("-o", path)?;
    }
    let shown = args.table.display();
    let bytes = read_table_bytes(args)?;
    // Two passes over the table's text, one row at a time: the first checks
    // every row, so a bad row late in the table is refused before anything
    // is written; the second writes. Holding the rows of a table of tiny
    // rows took about 23 bytes of memory per byte of table.
    visit_table_bytes(&bytes, |_: ReviewedRow| Ok::<(), TableError>(()))
        .map_err(|err| anyhow::anyhow!("{shown}: {err}"))?;
    let srclang = if args.srclang == "en" {
        Side::Target
    } else {
        Side::Source
    };
    let meta = TableMeta::default();
    let write = |writer: &mut dyn Write| -> Result<ExportCounts, TableError> {
        match args.to {
            Target::Tmx => {
                let mut tmx = TmxWriter::new(writer, &meta, srclang)?;
                visit_table_bytes(&bytes, |row| tmx.write_row(&row))?;
                tmx.finish()
            }
            Target::Tsv | Target::Jsonl => {
                let format = if args.to == Target::Tsv {
                    ParallelFormat::Tsv
                } else {
                    ParallelFormat::Jsonl
                };
                let mut corpus = ParallelWriter::new(writer, format);
                visit_table_bytes(&bytes, |row| corpus.write_row(&row))?;
                corpus.finish()
            }
        }
    };
    let counts = match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => sverka_pipeline::table::write_atomically(path, write)
            .map_err(|err| sverka_pipeline::engine::write_error(path, "the export", err))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let counts = write(&mut out)?;
            out.flush()?;
            counts
        }
    };
    if !quiet {
        eprintln!(
            "sverka: {shown}: exported {} pairs{}; left out {} rejected and {} with an empty side",
            counts.kept,
            moved_pairs_note(&counts),
            counts.rejected,
            counts.empty_side
        );
    }
    Ok(())
}

/// `, 3 of the pairs moved sentences with their translations` when an
/// export paired rows of moved sentences.
pub(crate) fn moved_pairs_note(counts: &ExportCounts) -> String {
    match counts.moved_pairs {
        0 => String::new(),
        1 => ", 1 of the pairs a moved sentence with its translation".to_string(),
        n => format!(
            ", {} of the pairs moved sentences with their translations",
            sverka_pipeline::grouped(n)
        ),
    }
}

/// The table's bytes, under the same limit as texts: an endless stream or a
/// device (`/dev/zero`) is refused, not read until memory runs out.
fn read_table_bytes(args: &ExportArgs) -> Result<Vec<u8>> {
    let shown = args.table.display();
    let max_bytes = args.max_input_mb.saturating_mul(1_000_000);
    let bytes = if args.table == Path::new("-") {
        read_bounded(std::io::stdin().lock(), 0, max_bytes).context("cannot read standard input")?
    } else {
        let metadata =
            std::fs::metadata(&args.table).map_err(|err| describe_io(&args.table, err))?;
        if metadata.is_dir() {
            bail!("{shown}: is a folder, not a table; give the path of the reviewed table");
        }
        let file = std::fs::File::open(&args.table).map_err(|err| describe_io(&args.table, err))?;
        read_bounded(file, metadata.len(), max_bytes)
            .map_err(|err| describe_io(&args.table, err))?
    };
    if bytes.len() as u64 > max_bytes {
        bail!(
            "{}: input over the limit of {} MB; split the table, or raise the limit with --max-input-mb",
            if args.table == Path::new("-") { "standard input".to_string() } else { shown.to_string() },
            args.max_input_mb
        );
    }
    Ok(bytes)
}
