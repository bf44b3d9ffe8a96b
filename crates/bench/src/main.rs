//! `sverka-bench`: the development binary of sverka. It runs the evaluation
//! suites over the shared data (`../shared/data` beside the checkout, or
//! `$SVERKA_SHARED_DATA`) and the project's corpora, and prints their
//! scores; `scripts/quality` writes them into `docs/quality.md`. Not part of
//! the product: `sverka` itself only scores bead files (`sverka eval`).
//!
//! ```text
//! cargo run --release -p sverka-bench -- suite corpora
//! cargo run --release -p sverka-bench -- suite all --markdown quality.md
//! cargo run --release -p sverka-bench -- suite review --fit-confidence
//! cargo run --release -p sverka-bench -- segmentation --pysbd target/pysbd-venv/bin/python
//! ```

mod review;
mod segmentation;
mod suites;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};
use sverka_pipeline::args::EngineArgs;
use sverka_pipeline::{error_text, Engine};

use suites::{run_suite, shared_data, suite_name, Suite};

/// Development tools of sverka: evaluation suites over real data.
#[derive(Debug, Parser)]
#[command(name = "sverka-bench", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Suite(SuiteArgs),
    Segmentation(SegmentationArgs),
}

/// Compare sverka's sentence segmenter with sentencex and pysbd on the
/// segmentation cases and the corpora's reference sentences.
#[derive(Debug, Args)]
#[command(after_long_help = "\
A case counts when a tool gives exactly its expected sentences; a corpus
sentence counts when a tool reproduces it exactly. pysbd runs in Python:
give an interpreter that can import it (scripts/segmenter-comparison makes
a virtual environment with it and runs this command).

Examples (from the top of the source tree):
  sverka-bench segmentation
  sverka-bench segmentation --pysbd target/pysbd-venv/bin/python --markdown seg.md
  sverka-bench segmentation --show-failures sentencex")]
struct SegmentationArgs {
    /// Folder of the case files (default: crates/text/tests/cases).
    #[arg(long)]
    cases: Option<PathBuf>,
    /// A Python interpreter with pysbd installed; without it the pysbd
    /// column is left out.
    #[arg(long, value_name = "PYTHON")]
    pysbd: Option<PathBuf>,
    /// Folder of the shared evaluation data, for the WMT21 rows (default:
    /// ../shared/data beside the workspace, or $SVERKA_SHARED_DATA; without
    /// it those rows are left out).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Also write the table as Markdown to this file.
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Print on stderr the cases this tool fails (sverka, sentencex or
    /// pysbd).
    #[arg(long, value_name = "TOOL")]
    show_failures: Option<String>,
}

/// Run an evaluation suite and print its scores (strict/lax bead F1, bead
/// kinds, review-signal measures).
#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples (from the top of the source tree):
  sverka-bench suite corpora
  sverka-bench suite corpora --no-lexicon --learn --markdown corpora.md
  sverka-bench suite all --markdown docs/quality-suites.md")]
struct SuiteArgs {
    /// The suite to run.
    #[arg(value_enum)]
    suite: Suite,
    /// Folder of the shared evaluation data (default: ../shared/data beside
    /// the workspace, or $SVERKA_SHARED_DATA).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Also write the results as Markdown to this file (for docs/quality.md).
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// With the review suite: fit the confidence model on the fitting half
    /// of the suite and Text+Berg dev, and print it.
    #[arg(long)]
    fit_confidence: bool,
    /// Print nothing on stderr but errors.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Suite(args) => args
            .engine
            .engine(!args.quiet)
            .and_then(|e| suite(args, &e)),
        Command::Segmentation(args) => segmentation_table(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sverka-bench: {}", error_text(&err));
            ExitCode::from(2)
        }
    }
}

fn segmentation_table(args: &SegmentationArgs) -> Result<()> {
    if args.pysbd.is_none() {
        eprintln!("sverka-bench: no --pysbd PYTHON given: the pysbd column is left out");
    }
    let shared = shared_data(args.data.as_deref()).ok();
    let table = segmentation::compare(
        args.cases.as_deref(),
        args.pysbd.as_deref(),
        shared.as_deref(),
        args.show_failures.as_deref(),
    )?;
    print!("{}", table.text);
    if let Some(path) = &args.markdown {
        sverka_table::write_atomically(path, |w| -> Result<(), sverka_table::TableError> {
            Ok(w.write_all(table.markdown.as_bytes())?)
        })
        .map_err(|err| sverka_pipeline::engine::write_error(path, "the table", err))?;
    }
    Ok(())
}

fn suite(args: &SuiteArgs, engine: &Engine) -> Result<()> {
    if args.fit_confidence {
        if args.suite != Suite::Review {
            bail!("--fit-confidence goes with the review suite");
        }
        let root = shared_data(args.data.as_deref())?;
        println!("{}", review::fit(&root, engine)?);
        return Ok(());
    }
    let suites = match args.suite {
        Suite::All => Suite::ALL.to_vec(),
        one => vec![one],
    };
    let mut markdown = String::new();
    for suite in suites {
        let started = Instant::now();
        let result = run_suite(suite, args.data.as_deref(), engine)?;
        println!("{}", result.text);
        if !args.quiet {
            eprintln!(
                "sverka-bench: suite {} took {:.1} s",
                suite_name(suite),
                started.elapsed().as_secs_f64()
            );
        }
        markdown.push_str(&result.markdown);
        markdown.push('\n');
    }
    if let Some(path) = &args.markdown {
        sverka_table::write_atomically(path, |w| -> Result<(), sverka_table::TableError> {
            Ok(w.write_all(markdown.as_bytes())?)
        })
        .map_err(|err| sverka_pipeline::engine::write_error(path, "the report", err))?;
    }
    Ok(())
}
