//! The `sverka` command line: flags to library calls, messages, exit codes.

mod cmd;
mod input;
mod output;
mod pairs;
mod pipeline;
mod rows;
mod same_file;
mod shard;
mod summary;

use std::process::ExitCode;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use sverka_align::Options;
use sverka_lexicon::LearnSettings;

use crate::input::ReadOptions;
use crate::pipeline::Engine;

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
    /// Every engine setting that can change an alignment, as one string,
    /// for `batch --resume` (a table made with another fingerprint is
    /// remade). Every field that changes output must be here: the
    /// destructuring fails to compile when a field is added, so whoever adds
    /// one decides. Dictionaries count by path, size and modification time,
    /// so an edited or newly installed one counts as a change.
    pub fn fingerprint(&self) -> String {
        let EngineArgs {
            max_bead,
            params,
            lexicon: _,
            no_lexicon: _,
            learn,
        } = self;
        let lexicons: Vec<String> = self
            .lexicon_paths()
            .iter()
            .map(|path| {
                let file = sverka_lexicon::dictd::base_path(path)
                    .ok()
                    .filter(|_| !path.to_string_lossy().ends_with(".tsv"))
                    .map_or_else(|| path.clone(), |base| base.with_extension("index"));
                let stamp = std::fs::metadata(&file).ok().map(|meta| {
                    let modified = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_secs());
                    format!("{}:{modified}", meta.len())
                });
                format!("{}@{}", file.display(), stamp.unwrap_or_default())
            })
            .collect();
        format!(
            "max-bead={max_bead};params={};lexicon={};learn={learn}",
            params.as_deref().unwrap_or(""),
            lexicons.join("+")
        )
    }

    /// The lexicon files in use: those given, else the installed ones,
    /// none with `--no-lexicon`.
    fn lexicon_paths(&self) -> Vec<PathBuf> {
        if self.no_lexicon {
            Vec::new()
        } else if self.lexicon.is_empty() {
            sverka_lexicon::installed_dictionaries()
        } else {
            self.lexicon.clone()
        }
    }

    /// The engine these flags describe; loads lexicons (and says which on
    /// stderr when `verbose`).
    fn engine(&self, verbose: bool) -> anyhow::Result<Engine> {
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
        let paths = self.lexicon_paths();
        let mut dictionary: Option<sverka_lexicon::Lexicon> = None;
        for path in &paths {
            let started = std::time::Instant::now();
            let loaded =
                sverka_lexicon::load(path).map_err(|err| anyhow::anyhow!("--lexicon: {err}"))?;
            if verbose {
                eprintln!(
                    "sverka: lexicon {}: {} translation pairs ({:.2} s)",
                    path.display(),
                    loaded.len(),
                    started.elapsed().as_secs_f64()
                );
            }
            match &mut dictionary {
                Some(merged) => merged
                    .extend(&loaded)
                    .map_err(|err| anyhow::anyhow!("--lexicon {}: {err}", path.display()))?,
                None => dictionary = Some(loaded),
            }
        }
        if verbose && paths.is_empty() && !self.no_lexicon {
            eprintln!("sverka: no dictionary installed or given (--lexicon); aligning without one");
        }
        let dictionary = dictionary.map(Arc::new);
        options.lexicon = dictionary
            .clone()
            .map(|d| d as Arc<dyn sverka_align::TranslationEvidence>);
        Ok(Engine {
            options,
            dictionary,
            learn: self.learn.then(LearnSettings::default),
            corpus_learned: false,
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
