//! The `sverka` command line: flags to library calls, messages, exit codes.

mod cmd;
mod input;
mod pipeline;
mod rows;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sverka_align::Options;

use crate::input::ReadOptions;

/// Align Russian and English versions of a text sentence by sentence, and
/// write review tables for translators.
#[derive(Debug, Parser)]
#[command(name = "sverka", version, about, long_about = None, max_term_width = 100)]
struct Cli {
    /// Print nothing on stderr but errors (no progress, no notes).
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Align(Box<cmd::align::AlignArgs>),
    Split(cmd::split::SplitArgs),
    Export(cmd::export::ExportArgs),
    Eval(EvalCommand),
}

/// Score an alignment against gold beads, or run an evaluation suite.
#[derive(Debug, Args)]
struct EvalCommand {
    #[command(flatten)]
    eval: cmd::eval::EvalArgs,
    #[command(flatten)]
    engine: EngineArgs,
}

/// Options shared by the commands that read text files.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Encoding of the input files (utf-8, utf-16le, utf-16be, windows-1251,
    /// koi8-r, windows-1252); detected when not given.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Refuse input files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    pub max_input_mb: u64,
}

impl InputArgs {
    fn read_options(&self, presegmented: bool, verbose: bool) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding.clone(),
            presegmented,
            max_bytes: self.max_input_mb.saturating_mul(1_000_000),
            verbose,
        }
    }
}

/// Options of the alignment engine.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// Most sentences on one side of a bead: 1 (1-1 and gaps only), 2 (adds
    /// 2-1, 1-2, 2-2) or 3 (adds 3-1, 1-3).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub max_bead: u8,
    /// Override engine parameters for experiments: `name=value,…` (names as
    /// in the align crate's `Params`, e.g. `gap_open=5,cost_2_1=3`).
    #[arg(long, value_name = "SETTINGS", hide_short_help = true)]
    pub params: Option<String>,
}

impl EngineArgs {
    fn options(&self) -> anyhow::Result<Options> {
        let mut options = Options {
            max_bead_side: usize::from(self.max_bead),
            ..Options::default()
        };
        if let Some(settings) = &self.params {
            options
                .params
                .apply(settings)
                .map_err(|err| anyhow::anyhow!("--params: {err}"))?;
        }
        Ok(options)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Align(args) => cmd::align::run(args, cli.quiet),
        Command::Export(args) => cmd::export::run(args, cli.quiet),
        Command::Split(args) => cmd::split::run(args, cli.quiet),
        Command::Eval(args) => args
            .engine
            .options()
            .and_then(|options| cmd::eval::run(&args.eval, &options)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sverka: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, `: `-separated, leaving out a cause whose text
/// the message already holds (errors that explain their cause quote it).
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_do_not_repeat_a_quoted_cause() {
        let io = std::io::Error::from_raw_os_error(28);
        let shown = io.to_string();
        let err = anyhow::Error::from(sverka_table::TableError::Output {
            path: "out.csv".into(),
            source: io,
        });
        let text = message(&err);
        assert_eq!(text.matches(&shown).count(), 1, "{text}");
        let chained = anyhow::anyhow!("inner").context("outer");
        assert_eq!(message(&chained), "outer: inner");
    }
}
