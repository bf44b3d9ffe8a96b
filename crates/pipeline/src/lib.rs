//! The sverka application layer, between the command line (and any other
//! front end) and the engine crates: everything `sverka align` and `sverka
//! batch` do, as library calls.
//!
//! * [`Engine`]: loaded from [`EngineSettings`] (dictionaries, parameters,
//!   learning); [`Engine::align`] aligns two documents into [`Aligned`];
//!   [`align_files`] reads, checks and aligns two files, [`align_bytes`] two
//!   documents held in memory (the Python package) the same way.
//! * [`input`]: reading a file as text ([`read_document`]: size limit,
//!   encoding detection, clear refusals) and checking the two languages.
//! * [`rows()`]: the review table's rows of an alignment; [`DocStats`]: the
//!   figures of one document; [`output`]: table metadata and writing.
//! * [`batch`]: a whole corpus in parallel, resumable and shardable, with
//!   progress reported through [`batch::Event`]s.
//!
//! ```no_run
//! use sverka_pipeline::{align_files, rows, Engine, EngineSettings, ReadOptions};
//! use sverka_text::Lang;
//! use std::path::Path;
//!
//! let settings = EngineSettings { max_bead_side: 3, ..EngineSettings::default() };
//! let engine = Engine::load(&settings, &mut |note| eprintln!("{note}"))?;
//! let aligned = align_files(
//!     (Path::new("ru.txt"), Lang::Ru),
//!     (Path::new("en.txt"), Lang::En),
//!     &ReadOptions::default(),
//!     &engine,
//! )?;
//! for row in rows(&aligned) {
//!     println!("{} | {} | {}", row.ru, row.en, row.confidence);
//! }
//! # Ok::<(), anyhow::Error>(())
//! ```

// The engine crates, for front ends that depend on this layer alone.
pub use sverka_align as align;
pub use sverka_core as core;
pub use sverka_eval as eval;
pub use sverka_formats as formats;
pub use sverka_lexicon as lexicon;
pub use sverka_table as table;
pub use sverka_text as text;

#[cfg(feature = "clap")]
pub mod args;
pub mod batch;
pub mod engine;
pub mod input;
pub mod output;
pub mod pairs;
pub mod rows;
pub mod same_file;
pub mod shard;
pub mod summary;

pub use engine::{
    align_bytes, align_documents, align_files, learn_langs, Aligned, Engine, EngineSettings,
};
pub use input::ReadOptions;
pub use rows::rows;
pub use summary::DocStats;

/// An error and its causes on one line, `: `-separated. Each error either
/// quotes its cause or returns it as its source, never both, so nothing is
/// said twice.
pub fn error_text(err: &anyhow::Error) -> String {
    format!("{err:#}")
}

/// `1 document`, `1,200 documents`.
pub fn counted(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", grouped(n))
}

/// 12345678 → `12,345,678`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(12_345_678), "12,345,678");
        assert_eq!(counted(1, "document"), "1 document");
        assert_eq!(counted(1200, "file"), "1,200 files");
    }

    #[test]
    fn messages_do_not_repeat_a_quoted_cause() {
        let io = std::io::Error::from_raw_os_error(28);
        let shown = io.to_string();
        let err = anyhow::Error::from(sverka_table::TableError::Output {
            path: "out.csv".into(),
            error: io,
        });
        let text = error_text(&err);
        assert_eq!(text.matches(&shown).count(), 1, "{text}");
        let chained = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_text(&chained), "outer: inner");
    }
}
