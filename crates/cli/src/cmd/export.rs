//! `sverka export`: a reviewed table to TMX or a clean parallel corpus.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use sverka_table::{
    read_table, write_parallel, write_tmx, ExportCounts, ParallelFormat, Side, TableError,
    TableMeta,
};

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
    /// Source language of the TMX: ru or en.
    #[arg(long, value_name = "LANG", default_value = "ru", value_parser = ["ru", "en"])]
    pub srclang: String,
}

pub fn run(args: &ExportArgs, quiet: bool) -> Result<()> {
    let shown = args.table.display();
    let rows = if args.table == Path::new("-") {
        read_table(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(&args.table).with_context(|| format!("{shown}: cannot open"))?;
        read_table(std::io::BufReader::new(file))
    }
    .map_err(|err| anyhow::anyhow!("{shown}: {err}"))?;
    let srclang = if args.srclang == "en" {
        Side::En
    } else {
        Side::Ru
    };
    let meta = TableMeta::default();
    let write = |writer: &mut dyn Write| -> Result<ExportCounts, TableError> {
        match args.to {
            Target::Tmx => write_tmx(&rows, &meta, srclang, writer),
            Target::Tsv => write_parallel(&rows, ParallelFormat::Tsv, writer),
            Target::Jsonl => write_parallel(&rows, ParallelFormat::Jsonl, writer),
        }
    };
    let counts = match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => sverka_table::write_atomically(path, write)
            .map_err(|err| crate::pipeline::write_error(path, "the export", err))?,
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
            "sverka: {shown}: exported {} pairs; left out {} rejected and {} with an empty side",
            counts.kept, counts.rejected, counts.empty_side
        );
    }
    Ok(())
}
