//! The `sverka` command line: flags to library calls, messages, exit codes.

mod cmd;

use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use sverka_pipeline::args::EngineArgs;
use sverka_pipeline::{error_text, ReadOptions};

/// jemalloc rather than the system's allocator: at 100k sentence pairs
/// glibc's per-thread arenas held some 135 MB more than the heap's peak
/// (443 MB in all, before the span tables stopped copying key lists);
/// jemalloc, handing freed pages back after 100 ms, holds 100 MB less,
/// with less CPU time (see the README's speed figures). That option is
/// built in (`.cargo/config.toml`); `_RJEM_MALLOC_CONF` overrides it at
/// run time.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
    Eval(cmd::eval::EvalArgs),
    Doctor(cmd::doctor::DoctorArgs),
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
    /// Format of the input files: auto (found from the content), txt, docx
    /// (Word), odt (OpenDocument), html, srt, vtt (WebVTT) or pdf.
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = parse_input_format)]
    pub input_format: InputFormat,
}

/// An `--input-format` value: a format, or auto (None).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputFormat(pub Option<sverka_pipeline::formats::Format>);

fn parse_input_format(value: &str) -> Result<InputFormat, String> {
    if value.trim().eq_ignore_ascii_case("auto") {
        return Ok(InputFormat(None));
    }
    value
        .parse()
        .map(|format| InputFormat(Some(format)))
        .map_err(|err: sverka_pipeline::formats::FormatError| err.to_string())
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
            input_format,
        } = self;
        // The limit only refuses files, but a table made under a larger
        // limit must not be resumed by a run that would refuse its input.
        let mut fingerprint = format!(
            "encoding={};max-input-mb={max_input_mb}",
            encoding.as_deref().unwrap_or("auto")
        );
        // Only when given, so that tables made before the flag resume.
        if let Some(format) = input_format.0 {
            fingerprint.push_str(&format!(";input-format={format}"));
        }
        fingerprint
    }

    fn read_options(&self, presegmented: bool, verbose: bool) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding.clone(),
            source_encoding: None,
            target_encoding: None,
            presegmented,
            max_bytes: self.max_input_mb.saturating_mul(1_000_000),
            verbose,
            format: self.input_format.0,
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
            source_encoding: self.ru_encoding.clone(),
            target_encoding: self.en_encoding.clone(),
            ..read
        }
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
        Command::Eval(args) => success(cmd::eval::run(args)),
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
