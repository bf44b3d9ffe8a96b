//! Command-line flags of the engine, shared by every front end built with
//! clap (`sverka` and the development binary `sverka-bench`). Behind the
//! `clap` feature.

use std::path::PathBuf;

use clap::Args;

use crate::{Engine, EngineSettings};

/// Options of the alignment engine.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// Most sentences on one side of a bead: 1 (1-1 and gaps only), 2 (adds
    /// 2-1, 1-2, 2-2), 3 (adds 3-1, 1-3), 4 (adds 4-1, 1-4, 3-2, 2-3) or 5
    /// (adds 5-1, 1-5, 4-2, 2-4, 3-3). Larger beads cost more, so they are taken only when
    /// the text calls for them. In raw text one sentence may stand against more (up to 5)
    /// when it can be cut into as many parts (a run-on transcript sentence); the cuts are
    /// then made where the other text supports them.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=5))]
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
    /// (over all documents given), then align again with them. Texts in
    /// other languages than Russian and English (e.g. German and French),
    /// which the dictionaries do not cover, learn without this flag, and
    /// so do Russian and English when no dictionary is installed (each
    /// pair from itself alone); --no-lexicon alone learns nothing.
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
    pub fn engine(&self, verbose: bool) -> anyhow::Result<Engine> {
        Engine::load(&self.settings(), &mut |note| {
            if verbose {
                eprintln!("sverka: {note}");
            }
        })
    }
}
