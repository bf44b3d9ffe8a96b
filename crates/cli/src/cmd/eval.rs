//! `sverka eval`: score a bead file against gold beads. The evaluation
//! suites over real data are a development tool: `sverka-bench suite`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use sverka_pipeline::eval::{parse_beads, report, Bead};
use sverka_pipeline::same_file::{refuse_overlaps, Named};

/// The end of `sverka eval --help`; a test runs every line as written.
pub const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka align corpora/lavrov-belarus-2017/ru.txt corpora/lavrov-belarus-2017/en.txt --beads b
  sverka eval --gold corpora/lavrov-belarus-2017/gold.beads --test b";

/// Score an alignment (a bead file, as `sverka align --beads` writes it)
/// against gold beads: strict and lax precision, recall and F1.
///
/// A bead file has one line per aligned group: the sentence indices of each
/// side, `[0, 1]:[0]`, with `[]` for an empty side. Strict counts a bead
/// right only when both sides match the gold exactly; lax gives credit for
/// the sentence pairs a bead gets right.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct EvalArgs {
    /// Gold bead file (`[i, j]:[k]` per line).
    #[arg(long)]
    pub gold: PathBuf,
    /// System bead file to score against --gold.
    #[arg(long)]
    pub test: PathBuf,
    /// Also write the scores as a Markdown table to this file.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
}

pub fn run(args: &EvalArgs) -> Result<()> {
    let inputs = [
        Named::new("--gold", &args.gold),
        Named::new("--test", &args.test),
    ];
    let stdout = PathBuf::from("-");
    let mut outputs = vec![Named::new("standard output", &stdout)];
    if let Some(markdown) = &args.markdown {
        outputs.push(Named::new("--markdown", markdown));
    }
    refuse_overlaps(&inputs, &outputs)?;
    if let Some(markdown) = &args.markdown {
        sverka_pipeline::output::check_output("--markdown", markdown)?;
    }
    let gold = read_beads(&args.gold)?;
    let test = read_beads(&args.test)?;
    let scores = sverka_pipeline::eval::score(&gold, &test);
    println!("{}", report::scores_summary(&scores));
    if let Some(path) = &args.markdown {
        let name = args.test.display().to_string();
        let table = report::scores_table(&[(name.as_str(), scores)]);
        sverka_pipeline::table::write_atomically(
            path,
            |w| -> Result<(), sverka_pipeline::table::TableError> {
                Ok(w.write_all(table.as_bytes())?)
            },
        )
        .map_err(|err| sverka_pipeline::engine::write_error(path, "the report", err))?;
    }
    Ok(())
}

fn read_beads(path: &Path) -> Result<Vec<Bead>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    parse_beads(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}
