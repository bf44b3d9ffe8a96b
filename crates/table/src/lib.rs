//! The review table of sverka: writing it for spreadsheets and tools, and
//! reading it back after a reviewer has edited it.
//!
//! An alignment becomes a list of [`Row`]s, one per bead, with the columns
//! [`COLUMNS`] (`row`, `ru_lines`, `en_lines`, `ru`, `en`, `kind`,
//! `confidence`, `flags`, `details`, `status`, `note`). [`write_table`] writes them as
//! CSV, TSV, JSONL, XLSX, TMX or HTML ([`Format`]); CSV comes in two
//! [`CsvFlavour`]s, Excel-ready (the default) and plain; HTML is a
//! self-contained review page ([`write_html`]) with the rows side by side,
//! a map of the alignment and review in the browser. Spreadsheet formats
//! are safe to open: cells that a spreadsheet would run as a formula, and
//! text cells it would take for a number or date, are escaped by a
//! reversible rule ([`escape_cell`], [`escape_text_cell`]).
//!
//! After review, [`read_table`] reads the edited CSV/TSV (as saved by Excel,
//! LibreOffice or Google Sheets) or JSONL into [`ReviewedRow`]s, and
//! [`write_tmx`] or [`write_parallel`] export the approved pairs, reporting
//! what was left out in [`ExportCounts`]. [`write_atomically`] makes any of
//! these writes all-or-nothing on disk.
//!
//! The crate does no terminal I/O: writers take any [`std::io::Write`],
//! the reader any [`std::io::Read`], and every failure is a [`TableError`]
//! whose message names the row and column concerned.
//!
//! ```
//! use sverka_table::*;
//!
//! let rows = vec![Row {
//!     row: 1,
//!     ru_lines: Some(LineRange::single(3)),
//!     en_lines: Some(LineRange::new(3, 4)),
//!     ru: "- Да, 12 человек.".into(),
//!     en: "- Yes. Eleven people.".into(),
//!     kind: BeadKind::new(1, 2),
//!     confidence: 0.8125,
//!     flags: vec![Flag::NumbersDiffer],
//!     details: "numbers: 12 ≠ 11".into(),
//!     ..Row::default()
//! }];
//! let mut csv = Vec::new();
//! write_csv(&rows, CsvFlavour::Plain, &mut csv)?;
//! assert_eq!(
//!     String::from_utf8(csv.clone()).unwrap(),
//!     "row,ru_lines,en_lines,ru,en,kind,confidence,flags,details,status,note\n\
//!      1,3,3-4,\"'- Да, 12 человек.\",'- Yes. Eleven people.,1-2,0.812,numbers-differ,numbers: 12 ≠ 11,,\n"
//! );
//!
//! // The reviewer approves the row; read it back and export a TMX.
//! let edited = String::from_utf8(csv).unwrap().replace(" 11,,", " 11,ok,");
//! let reviewed = read_table(edited.as_bytes())?;
//! assert_eq!(reviewed[0].ru, "- Да, 12 человек.");
//! assert_eq!(reviewed[0].details, "numbers: 12 ≠ 11");
//! let mut tmx = Vec::new();
//! let counts = write_tmx(&reviewed, &TableMeta::default(), Side::Source, &mut tmx)?;
//! assert_eq!((counts.kept, counts.rejected, counts.empty_side), (1, 0, 0));
//! # Ok::<(), TableError>(())
//! ```

#![deny(missing_docs)]

mod atomic;
mod error;
mod escape;
mod export;
mod html;
mod read;
mod row;
mod write;
mod xlsx;

pub use atomic::{
    temporary_prefix, write_atomically, write_atomically_unsynced, write_pending, Pending,
};
pub use error::{RowPosition, TableError};
pub use escape::{
    escape_cell, escape_text_cell, is_formula_char, looks_converted, looks_like_date,
    looks_numeric, unescape_cell, unescape_text_cell, FORMULA_CHARS,
};
pub use export::{
    write_parallel, write_tmx, ExportCounts, ParallelFormat, ParallelWriter, TmxWriter,
};
pub use html::{write_html, write_html_index, IndexEntry};
pub use read::{read_table, visit_table, visit_table_bytes, ReviewedRow};
pub use row::{
    timed, BeadKind, Flag, LineRange, ParseRangeError, Row, Side, Status, TableMeta, COLUMNS,
    TIME_COLUMNS,
};
pub use write::{write_csv, write_jsonl, write_table, write_tsv, CsvFlavour, Format, WriteOptions};
pub use xlsx::write_xlsx;
