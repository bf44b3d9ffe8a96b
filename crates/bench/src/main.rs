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
//! ```

mod review;
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sverka-bench: {}", error_text(&err));
            ExitCode::from(2)
        }
    }
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
