//! The `sverka` command line: flags to library calls, messages, exit codes.

mod cmd;

use std::process::ExitCode;

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use sverka_pipeline::{error_text, Engine, EngineSettings, ReadOptions};

/// The end of `sverka --help`; a test runs every line as written.
const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka align corpora/lavrov-belarus-2017/ru.txt corpora/lavrov-belarus-2017/en.txt -o review.csv
  sverka export review.csv --to tmx -o approved.tmx
  sverka doctor";

/// Align Russian and English versions of a text sentence by sentence, and
/// write review tables for translators.
#[derive(Debug, Parser)]
#[command(name = "sverka", version, about, long_about = None, max_term_width = 100)]
#[command(after_long_help = EXAMPLES)]
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
    Batch(Box<cmd::batch::BatchArgs>),
    Split(cmd::split::SplitArgs),
    Export(cmd::export::ExportArgs),
    Eval(EvalCommand),
    Doctor(cmd::doctor::DoctorArgs),
}

/// Score an alignment against gold beads, or run an evaluation suite.
#[derive(Debug, Args)]
#[command(after_long_help = cmd::eval::EXAMPLES)]
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
    /// Every input setting that can change a table, as one string, for
    /// `batch --resume` (a table made with another fingerprint is remade).
    /// Every field that changes output must be here: the destructuring
    /// fails to compile when a field is added, so whoever adds one decides.
    pub fn fingerprint(&self) -> String {
        let InputArgs {
            encoding,
            max_input_mb,
        } = self;
        // The limit only refuses files, but a table made under a larger
        // limit must not be resumed by a run that would refuse its input.
        format!(
            "encoding={};max-input-mb={max_input_mb}",
            encoding.as_deref().unwrap_or("auto")
        )
    }

    fn read_options(&self, presegmented: bool, verbose: bool) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding.clone(),
            ru_encoding: None,
            en_encoding: None,
            presegmented,
            max_bytes: self.max_input_mb.saturating_mul(1_000_000),
            verbose,
        }
    }
}

/// Encodings of the two files of a pair, each overriding `--encoding`: a
/// Russian file in Windows-1251 and an English one in Windows-1252 need
/// one each.
#[derive(Debug, Clone, Args)]
pub struct PairEncodingArgs {
    /// Encoding of the first (Russian) file; overrides --encoding for it.
    #[arg(long, value_name = "NAME")]
    pub ru_encoding: Option<String>,
    /// Encoding of the second (English) file; overrides --encoding for it.
    #[arg(long, value_name = "NAME")]
    pub en_encoding: Option<String>,
}

impl PairEncodingArgs {
    /// For `batch --resume`, as [`InputArgs::fingerprint`].
    pub fn fingerprint(&self) -> String {
        let PairEncodingArgs {
            ru_encoding,
            en_encoding,
        } = self;
        format!(
            "ru-encoding={};en-encoding={}",
            ru_encoding.as_deref().unwrap_or("auto"),
            en_encoding.as_deref().unwrap_or("auto")
        )
    }

    /// `read` with these encodings for the two sides.
    fn apply(&self, read: ReadOptions) -> ReadOptions {
        ReadOptions {
            ru_encoding: self.ru_encoding.clone(),
            en_encoding: self.en_encoding.clone(),
            ..read
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
    /// Bilingual lexicon to use as evidence; repeat for several. A dictd
    /// dictionary (`NAME.index` with `NAME.dict[.dz]` beside it, or the name
    /// of one installed in /usr/share/dictd such as `mueller7`) or a TSV
    /// glossary (`.tsv`: Russian<TAB>English per line). Without this flag
    /// the installed mueller7 and freedict-eng-rus dictionaries are used
    /// when present (Debian packages mueller7-dict, dict-freedict-eng-rus).
    #[arg(long, value_name = "PATH")]
    pub lexicon: Vec<PathBuf>,
    /// Use no dictionary, not even the installed ones.
    #[arg(long, conflicts_with = "lexicon")]
    pub no_lexicon: bool,
    /// Learn word translations from the confident beads of a first pass
    /// (over all documents given), then align again with them.
    #[arg(long)]
    pub learn: bool,
}

impl EngineArgs {
    /// The engine settings these flags describe.
    pub fn settings(&self) -> EngineSettings {
        let EngineArgs {
            max_bead,
            params,
            lexicon,
            no_lexicon,
            learn,
        } = self;
        EngineSettings {
            max_bead_side: usize::from(*max_bead),
            params: params.clone(),
            lexicons: lexicon.clone(),
            no_lexicon: *no_lexicon,
            learn: *learn,
        }
    }

    /// For `batch --resume`: [`EngineSettings::fingerprint`].
    pub fn fingerprint(&self) -> String {
        self.settings().fingerprint()
    }

    /// The engine these flags describe; loads lexicons (and says which on
    /// stderr when `verbose`).
    fn engine(&self, verbose: bool) -> anyhow::Result<Engine> {
        Engine::load(&self.settings(), &mut |note| {
            if verbose {
                eprintln!("sverka: {note}");
            }
        })
    }
}

fn main() -> ExitCode {
    // `--version` also names the dictionaries and cache folder, found at run
    // time; clap wants a `&'static str` (its `string` feature is off), so
    // the one string of this run is leaked.
    let long_version: &'static str = Box::leak(cmd::doctor::long_version().into_boxed_str());
    let matches = Cli::command().long_version(long_version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
    let success = |result: anyhow::Result<()>| result.map(|()| ExitCode::SUCCESS);
    let result = match &cli.command {
        Command::Align(args) => success(cmd::align::run(args, cli.quiet)),
        Command::Batch(args) => cmd::batch::run(args, cli.quiet),
        Command::Export(args) => success(cmd::export::run(args, cli.quiet)),
        Command::Split(args) => success(cmd::split::run(args, cli.quiet)),
        Command::Doctor(args) => success(cmd::doctor::run(args)),
        Command::Eval(args) => success(
            args.engine
                .engine(!cli.quiet)
                .and_then(|engine| cmd::eval::run(&args.eval, &engine)),
        ),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sverka: {}", error_text(&err));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
