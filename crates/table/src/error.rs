//! The error type of this crate.

use std::path::PathBuf;

/// Where a data row sits in a table that was read back.
///
/// Messages name every number people look for: the reviewer sees the
/// spreadsheet row number at the left edge, a text editor shows file lines
/// (which differ once a cell holds a line break).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowPosition {
    /// 1-based number of the data row (the header row is not counted; for
    /// JSONL, the 1-based number of the non-blank line).
    pub data_row: usize,
    /// 1-based line of the file where the row starts.
    pub line: u64,
    /// The row number a spreadsheet shows at its left edge (header = 1);
    /// `None` for JSONL.
    pub sheet_row: Option<usize>,
}

impl std::fmt::Display for RowPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.sheet_row {
            Some(sheet) => write!(
                f,
                "row {} (spreadsheet row {sheet}, line {})",
                self.data_row, self.line
            ),
            None => write!(f, "row {} (line {})", self.data_row, self.line),
        }
    }
}

/// Everything that can go wrong while writing or reading a table.
///
/// Messages are complete sentences fit for a `sverka: ` prefix; they name the
/// row and the column where there is one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    /// Reading or writing failed at the operating-system level.
    #[error(transparent)]
    Io(#[from] std::io::Error),

    /// The bytes are not UTF-8 (nor UTF-16 with a byte-order mark).
    #[error(
        "line {line} is not valid UTF-8: save the table as UTF-8 CSV \
         (Excel: \"CSV UTF-8 (Comma delimited)\"; LibreOffice: character set \"Unicode (UTF-8)\")"
    )]
    NotUtf8 {
        /// 1-based line holding the first invalid byte.
        line: u64,
    },

    /// The input has no header row at all.
    #[error("the table is empty: expected a header row naming the columns (ru, en, status, …)")]
    Empty,

    /// A required column is not in the header row.
    #[error(
        "column \"{column}\" not found in the header row (line {line}); \
         the header has: {found}. Restore the column name (renamed or deleted?)"
    )]
    MissingColumn {
        /// The required column.
        column: &'static str,
        /// 1-based line of the header row.
        line: u64,
        /// The header cells found, quoted and comma-separated.
        found: String,
    },

    /// Two header cells name the same known column.
    #[error(
        "column \"{column}\" appears twice in the header row (line {line}, columns {first} and {second}); \
         rename or delete one"
    )]
    DuplicateColumn {
        /// The column name (lower case).
        column: String,
        /// 1-based line of the header row.
        line: u64,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the second occurrence.
        second: usize,
    },

    /// A row has fewer cells than the header and ends in an empty cell, which
    /// means a delimiter was lost rather than trailing empty cells trimmed.
    #[error(
        "{at}: the row has {found} cells but the header has {expected}; \
         column \"{column}\" onwards is missing and the cells may have shifted left"
    )]
    TooFewCells {
        /// Where the row is.
        at: RowPosition,
        /// First missing column.
        column: String,
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },

    /// A row has non-empty cells past the last header column.
    #[error(
        "{at}: the row has a non-empty cell in column {column_number}, past the last header column ({expected}); \
         the cells may have shifted right, or give the column a header name"
    )]
    TooManyCells {
        /// Where the row is.
        at: RowPosition,
        /// 1-based position of the first non-empty cell without a header.
        column_number: usize,
        /// Cells in the header.
        expected: usize,
    },

    /// A short row splits into the header's columns at another delimiter
    /// than the header's: it was typed or pasted with `;` into a `,` table
    /// (or the like), and read with the header's delimiter its cells, the
    /// status among them, would land in the wrong columns.
    #[error(
        "{at}: the row is separated by {found} but the header by {expected}; \
         re-save the table with one delimiter, or fix the row"
    )]
    OtherDelimiter {
        /// Where the row is.
        at: RowPosition,
        /// The row's delimiter, named (`";"`, `tab`).
        found: String,
        /// The header's delimiter, named.
        expected: String,
    },

    /// The `status` cell holds something other than a known status.
    #[error(
        "{at}, column \"status\": unknown status \"{value}\"; write ok, fix or reject, or leave it empty"
    )]
    BadStatus {
        /// Where the row is.
        at: RowPosition,
        /// The cell as read.
        value: String,
    },

    /// A cell opens a double quote that is never closed, which would make the
    /// rest of the file one cell.
    #[error(
        "{at}, {column}: the cell starts with a double quote that is never closed, \
         so every row after it would be read into this cell; close the quote or remove it"
    )]
    UnclosedQuote {
        /// Where the cell is: a [`RowPosition`] or the header row, as text.
        at: String,
        /// The column: its header name, or its 1-based number.
        column: String,
    },

    /// The input is a spreadsheet workbook, not a text table.
    #[error(
        "this is a spreadsheet workbook (XLSX, ODS or XLS), not a text table: save the sheet as CSV \
         with character set UTF-8 (Excel: \"CSV UTF-8 (Comma delimited)\"; LibreOffice: \
         File > Save a Copy > Text CSV, character set \"Unicode (UTF-8)\") and export that file"
    )]
    Workbook,

    /// The input is a review page (HTML), not a table.
    #[error(
        "this is a review page (HTML), not a table: open it in a browser, review the rows there \
         and click \"Download reviewed table\", then export the CSV it saves"
    )]
    ReviewPage,

    /// The CSV/TSV syntax could not be parsed.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line.
        line: u64,
        /// What the parser said.
        message: String,
    },

    /// A JSONL line could not be read.
    #[error("line {line}: {message}")]
    Json {
        /// 1-based line.
        line: u64,
        /// What went wrong.
        message: String,
    },

    /// A cell holds more text than a spreadsheet cell can (32,767 UTF-16 units).
    #[error(
        "row {row}, column \"{column}\": {length} characters is more than an Excel cell holds (32767); \
         write CSV, TSV or JSONL instead"
    )]
    CellTooLong {
        /// 1-based bead number.
        row: usize,
        /// The column.
        column: &'static str,
        /// Length in UTF-16 code units.
        length: usize,
    },

    /// The XLSX library failed.
    #[error("writing the XLSX workbook failed: {0}")]
    Xlsx(String),

    /// The directory an output file should go into does not exist.
    #[error(
        "cannot write {path}: directory {dir} does not exist; create it first, or give another output path"
    )]
    MissingDirectory {
        /// The output path.
        path: PathBuf,
        /// The missing directory.
        dir: PathBuf,
    },

    /// Creating, writing or renaming the output file failed.
    #[error("cannot write {path}: {}", explain_write(error))]
    Output {
        /// The output path.
        path: PathBuf,
        /// The cause, quoted in the message (so not also given as its
        /// `source`, which would print it twice).
        error: std::io::Error,
    },
}

/// What a failed write means for the person running the command, and what
/// to do about it.
fn explain_write(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let what = match error.kind() {
        ErrorKind::StorageFull => {
            "the disk is full (no space left on the device); free some space or write the output elsewhere"
        }
        ErrorKind::QuotaExceeded => {
            "the disk quota is exceeded; free some space or write the output elsewhere"
        }
        ErrorKind::FileTooLarge => {
            "the file is larger than the file system or the file-size limit (ulimit -f) allows; write it elsewhere or raise the limit"
        }
        ErrorKind::PermissionDenied => {
            "permission denied; write to a folder you may write to, or change its permissions"
        }
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only; write the output elsewhere",
        ErrorKind::IsADirectory => "it is a directory; give a file name",
        _ => return error.to_string(),
    };
    format!("{what} ({error})")
}
