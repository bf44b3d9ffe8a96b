//! Reading an edited review table back.

use std::borrow::Cow;
use std::io::Read;

use crate::error::RowPosition;
use crate::escape::{unescape_cell, unescape_text_cell};
use crate::row::{Row, Status, COLUMNS, TEXT_COLUMNS};
use crate::TableError;

/// A row read back from an edited table. Text cells are as the reviewer left
/// them (after unescaping); only `status` is parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewedRow {
    /// 1-based number of the data row in the file (header not counted).
    pub data_row: usize,
    /// 1-based line of the file where the row starts (0 when the row did not
    /// come from a file, see [`ReviewedRow::from_row`]).
    pub line: u64,
    /// The `row` cell as a bead number, if it is one.
    pub row: Option<usize>,
    /// The `ru_lines` cell.
    pub ru_lines: String,
    /// The `en_lines` cell.
    pub en_lines: String,
    /// The Russian text, possibly edited.
    pub ru: String,
    /// The English text, possibly edited.
    pub en: String,
    /// The `kind` cell.
    pub kind: String,
    /// The `confidence` cell as text (a spreadsheet may have rewritten it,
    /// e.g. with a decimal comma).
    pub confidence: String,
    /// The `flags` cell.
    pub flags: String,
    /// The `details` cell (empty in tables written before the column existed).
    pub details: String,
    /// The reviewer's verdict.
    pub status: Status,
    /// The reviewer's note.
    pub note: String,
    /// The row number a spreadsheet shows at its left edge (header = 1);
    /// `None` for JSONL and for rows that did not come from a file.
    pub sheet_row: Option<usize>,
    /// The time of the Russian sentences (subtitles), when known: set from
    /// a [`Row`]; an edited table's time columns are not read back.
    pub ru_time: String,
    /// The time of the English sentences, likewise.
    pub en_time: String,
}

impl ReviewedRow {
    /// The row as it would read back from a freshly written table (for
    /// exporting an alignment straight to TMX). `data_row` is the bead
    /// number, `line` is 0.
    pub fn from_row(row: &Row) -> ReviewedRow {
        let [_, ru_lines, en_lines, ru, en, kind, confidence, flags, details, _, note] =
            row.cells();
        ReviewedRow {
            data_row: row.row,
            line: 0,
            row: Some(row.row),
            ru_lines,
            en_lines,
            ru,
            en,
            kind,
            confidence,
            flags,
            details,
            status: row.status,
            note,
            sheet_row: None,
            ru_time: row.ru_time.clone(),
            en_time: row.en_time.clone(),
        }
    }

    /// Where the row is, for messages.
    pub fn position(&self) -> RowPosition {
        RowPosition {
            data_row: self.data_row,
            line: self.line,
            sheet_row: self.sheet_row,
        }
    }

    /// The cells in [`COLUMNS`] order (`row` empty if it was not a number).
    pub fn cells(&self) -> [String; COLUMNS.len()] {
        [
            self.row.map(|r| r.to_string()).unwrap_or_default(),
            self.ru_lines.clone(),
            self.en_lines.clone(),
            self.ru.clone(),
            self.en.clone(),
            self.kind.clone(),
            self.confidence.clone(),
            self.flags.clone(),
            self.details.clone(),
            self.status.to_string(),
            self.note.clone(),
        ]
    }

    fn set(&mut self, column: usize, value: String) {
        match column {
            0 => self.row = value.trim().parse().ok(),
            1 => self.ru_lines = value,
            2 => self.en_lines = value,
            3 => self.ru = value,
            4 => self.en = value,
            5 => self.kind = value,
            6 => self.confidence = value,
            7 => self.flags = value,
            8 => self.details = value,
            10 => self.note = value,
            _ => unreachable!("status is parsed separately"),
        }
    }
}

const STATUS: usize = 9;
const REQUIRED: [usize; 3] = [3, 4, STATUS];

/// Reads an edited review table: CSV, TSV or JSONL, as written by this
/// crate and saved back by a spreadsheet. Returns every non-blank data row,
/// in file order.
///
/// # What is accepted
///
/// * **Encoding**: UTF-8 with or without a byte-order mark; UTF-16 with a
///   byte-order mark (what Excel writes as "Unicode Text"). Anything else is
///   [`TableError::NotUtf8`], naming the first bad line and how to re-save.
/// * **Syntax**: CSV or TSV with RFC 4180 quoting, CRLF or LF line ends. The
///   delimiter is sniffed from the header line: tab, `;` (what Excel writes
///   as "CSV" in locales with a decimal comma, such as Russian) or `,`,
///   whichever occurs most often there. Input whose first non-blank
///   character is `{` is read as JSONL (one object per line, no escaping).
/// * **Columns** are found by header name (trimmed, any case), so reviewers
///   may reorder them; unknown columns are ignored. Required: `ru`, `en` and
///   `status` (without `status` a reviewer's rejections could silently be
///   lost, say after renaming the column). Missing optional columns read as
///   empty, so tables written before `details` existed still read. A known
///   name appearing twice is an error.
/// * **Cells** are unescaped with [`crate::unescape_cell`], and `ru`, `en`,
///   `details` and `note` with [`crate::unescape_text_cell`] (CSV/TSV only).
/// * **Quotes**: a cell that opens a double quote never closed is an error
///   ([`TableError::UnclosedQuote`]); read as RFC 4180 says, it would
///   swallow every row after it.
/// * **Workbooks** (XLSX, ODS, XLS) are refused with a message saying how to
///   save the sheet as CSV ([`TableError::Workbook`]), and review pages
///   (HTML) with one saying how to download the table from the page
///   ([`TableError::ReviewPage`]).
/// * **Short rows**: Excel may leave out the trailing empty cells of a row
///   when it saves CSV (it does so past the first rows of a sheet), so a row with fewer cells than the header is read
///   with the missing cells empty, provided its last cell is non-empty (as
///   it is when trailing empty cells were trimmed). A short row that ends in
///   an empty cell has lost a delimiter somewhere and is an error
///   ([`TableError::TooFewCells`]): its cells may have shifted.
/// * **Another delimiter**: a short row that, split at another of the
///   three delimiters, has exactly the header's number of cells or a known
///   status in the status column was typed or pasted with that delimiter;
///   read with the header's, its status would land in a text cell. It is an
///   error ([`TableError::OtherDelimiter`]).
/// * **Long rows**: empty cells past the last header column are ignored; a
///   non-empty one is an error ([`TableError::TooManyCells`]).
/// * **Blank rows** (every cell empty or spaces) hold nothing and are
///   skipped. Every other row is returned, whatever it holds: reviewers may
///   merge, split, add or delete rows, so `row` numbers may be missing or
///   repeated and are only used in messages.
///
/// ```
/// use sverka_table::{read_table, Status};
/// let csv = "\u{feff}row;ru;en;status\r\n1;'- Да.;- Yes.;OK\r\n2;Нет.;No.;reject\r\n";
/// let rows = read_table(csv.as_bytes())?;
/// assert_eq!(rows[0].ru, "- Да.");
/// assert_eq!(rows[1].status, Status::Reject);
/// # Ok::<(), sverka_table::TableError>(())
/// ```
pub fn read_table<R: Read>(reader: R) -> Result<Vec<ReviewedRow>, TableError> {
    let mut rows = Vec::new();
    visit_table(reader, |row| {
        rows.push(row);
        Ok::<(), TableError>(())
    })?;
    Ok(rows)
}

/// Reads a table as [`read_table`] does (the same formats, checks and
/// errors) but hands each row to `visit` in file order instead of
/// collecting them, so a caller that needs one row at a time (an export)
/// holds only the table's text, not every row's cells besides.
///
/// The first error, the table's or the one `visit` returns, stops the
/// reading and is returned. The table is checked as it goes, so `visit`
/// may see rows before a bad row later in the file is found: a caller that
/// must not act on a bad table reads it once with a `visit` that does
/// nothing, then again (see [`visit_table_bytes`] to read the same bytes
/// twice).
///
/// ```
/// use sverka_table::{visit_table, TableError};
/// let mut seen = Vec::new();
/// visit_table("ru,en,status\nДа.,Yes.,ok\n".as_bytes(), |row| {
///     seen.push(row.ru);
///     Ok::<(), TableError>(())
/// })?;
/// assert_eq!(seen, ["Да."]);
/// # Ok::<(), TableError>(())
/// ```
pub fn visit_table<R: Read, E: From<TableError>>(
    mut reader: R,
    visit: impl FnMut(ReviewedRow) -> Result<(), E>,
) -> Result<(), E> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(TableError::from)?;
    visit_table_bytes(&bytes, visit)
}

/// [`visit_table`] of a table already in memory (read twice without a copy).
pub fn visit_table_bytes<E: From<TableError>>(
    bytes: &[u8],
    mut visit: impl FnMut(ReviewedRow) -> Result<(), E>,
) -> Result<(), E> {
    // Zip (XLSX, ODS) and OLE2 (XLS) signatures: a saved workbook, not a text table.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(TableError::Workbook.into());
    }
    let text = decode(bytes)?;
    let start = text.trim_start();
    if start.is_empty() {
        return Err(TableError::Empty.into());
    }
    // A review page or another web page: no table reader would make sense of it.
    let head = start.get(..14).unwrap_or(start).to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err(TableError::ReviewPage.into());
    }
    if start.starts_with('{') {
        read_jsonl(&text, &mut visit)
    } else {
        read_delimited(&text, &mut visit)
    }
}

fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, TableError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<Cow<'_, str>, TableError> {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| match (c, le) {
                ([a, b], true) => u16::from_le_bytes([*a, *b]),
                ([a, b], false) => u16::from_be_bytes([*a, *b]),
                _ => 0xD800, // odd trailing byte: an unpaired surrogate, rejected below
            })
            .collect();
        let mut out = String::with_capacity(units.len());
        let mut line = 1;
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => {
                    line += u64::from(c == '\n');
                    out.push(c);
                }
                Err(_) => return Err(TableError::NotUtf8 { line }),
            }
        }
        Ok(Cow::Owned(out))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, TableError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            Err(TableError::NotUtf8 { line })
        }
    }
}

/// Picks the delimiter occurring most often (outside quotes) in the header line.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3]; // tab, semicolon, comma
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b'\t' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b'\t', b';', b','];
    // On a tie the earlier (rarer in prose) delimiter wins; no delimiter at all means a
    // one-column header, reported as missing columns later.
    let mut best = 2;
    for i in [1, 0] {
        if counts[i] >= counts[best] && counts[i] > 0 {
            best = i;
        }
    }
    delimiters[best]
}

struct Header {
    names: Vec<String>,
    /// For each of [`COLUMNS`], its position in the file.
    index: [Option<usize>; COLUMNS.len()],
}

fn header(names: Vec<String>, line: u64) -> Result<Header, TableError> {
    let mut index = [None; COLUMNS.len()];
    for (pos, name) in names.iter().enumerate() {
        let key = name.trim().trim_start_matches('\u{feff}').to_lowercase();
        if let Some(col) = COLUMNS.iter().position(|c| *c == key) {
            if let Some(first) = index[col] {
                return Err(TableError::DuplicateColumn {
                    column: key,
                    line,
                    first: first + 1,
                    second: pos + 1,
                });
            }
            index[col] = Some(pos);
        }
    }
    for col in REQUIRED {
        if index[col].is_none() {
            let found: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            return Err(TableError::MissingColumn {
                column: COLUMNS[col],
                line,
                found: found.join(", "),
            });
        }
    }
    Ok(Header { names, index })
}

/// File line numbers from byte offsets, counted incrementally.
///
/// (The `csv` crate's own line numbers are off by one after CRLF line ends,
/// and its byte offset of a record then points at the preceding `\n`.)
struct LineCounter<'t> {
    text: &'t [u8],
    byte: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The 1-based line of the record starting at (or just before) `byte`;
    /// offsets must not decrease between calls.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // A record never starts with a line break: skip the rest of the previous terminator.
        while target < self.text.len() && matches!(self.text[target], b'\r' | b'\n') {
            target += 1;
        }
        if target > self.byte {
            self.line += self.text[self.byte..target]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = target;
        }
        self.line
    }
}

/// Where a quoted cell opens that is never closed: (byte offset of the
/// quote, 0-based record counting non-blank lines only, 0-based field).
///
/// Follows RFC 4180 as the `csv` crate reads it: only a quote at the start
/// of a cell opens a quoted cell, and `""` inside one is a quote.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let (mut record, mut field) = (0, 0);
    let (mut field_start, mut content) = (true, false);
    let mut open: Option<(usize, usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
        } else if b == b'"' && field_start {
            open = Some((i, record, field));
            field_start = false;
            content = true;
        } else if b == delimiter {
            field += 1;
            field_start = true;
            content = true;
        } else if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            record += usize::from(content);
            field = 0;
            field_start = true;
            content = false;
        } else if b != b'\r' {
            field_start = false;
            content = true;
        }
        i += 1;
    }
    open
}

fn read_delimited<E: From<TableError>>(
    text: &str,
    visit: &mut impl FnMut(ReviewedRow) -> Result<(), E>,
) -> Result<(), E> {
    let delimiter = sniff_delimiter(text);
    if let Some((byte, record, field)) = unclosed_quote(text, delimiter) {
        let line = LineCounter::new(text).line_at(byte as u64);
        let header: Vec<String> = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(|c| c.trim().to_string()).collect())
            .unwrap_or_default();
        let column = match header.get(field) {
            Some(name) if record > 0 && !name.is_empty() => format!("column \"{name}\""),
            _ => format!("column {}", field + 1),
        };
        let at = if record == 0 {
            format!("the header row (line {line})")
        } else {
            RowPosition {
                data_row: record,
                line,
                sheet_row: Some(record + 1),
            }
            .to_string()
        };
        return Err(TableError::UnclosedQuote { at, column }.into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut lines = LineCounter::new(text);
    let syntax = |e: csv::Error| TableError::Syntax {
        line: e
            .position()
            .map_or(0, |p| LineCounter::new(text).line_at(p.byte())),
        message: e.to_string(),
    };
    let first = records.next().ok_or(TableError::Empty)?.map_err(syntax)?;
    let head_line = lines.line_at(first.position().map_or(0, |p| p.byte()));
    let head = header(first.iter().map(str::to_string).collect(), head_line)?;
    // Spreadsheets may save empty header cells past the last column; they don't count.
    let width = head
        .names
        .iter()
        .rposition(|n| !n.trim().is_empty())
        .map_or(0, |p| p + 1);
    for (i, record) in records.enumerate() {
        let record = record.map_err(syntax)?;
        let at = RowPosition {
            data_row: i + 1,
            line: lines.line_at(record.position().map_or(0, |p| p.byte())),
            sheet_row: Some(i + 2),
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let n = record.len();
        if n > width {
            if let Some(extra) = (width..n).find(|&k| !record[k].trim().is_empty()) {
                return Err(TableError::TooManyCells {
                    at,
                    column_number: extra + 1,
                    expected: width,
                }
                .into());
            }
        } else if n < width && record[n - 1].is_empty() {
            return Err(TableError::TooFewCells {
                at,
                column: head.names[n].trim().to_string(),
                found: n,
                expected: width,
            }
            .into());
        } else if n < width {
            if let Some(other) = other_delimiter(&record, delimiter, width, head.index[STATUS]) {
                return Err(TableError::OtherDelimiter {
                    at,
                    found: delimiter_name(other),
                    expected: delimiter_name(delimiter),
                }
                .into());
            }
        }
        let mut row = ReviewedRow {
            data_row: at.data_row,
            line: at.line,
            sheet_row: at.sheet_row,
            ..ReviewedRow::default()
        };
        for (col, pos) in head.index.iter().enumerate() {
            let cell = pos.and_then(|p| record.get(p)).unwrap_or("");
            let cell = if TEXT_COLUMNS.contains(&col) {
                unescape_text_cell(cell)
            } else {
                unescape_cell(cell)
            };
            if col == STATUS {
                row.status = Status::parse(&cell).ok_or_else(|| TableError::BadStatus {
                    at,
                    value: cell.to_string(),
                })?;
            } else {
                row.set(col, cell.into_owned());
            }
        }
        visit(row)?;
    }
    Ok(())
}

/// The delimiter a short row was written with, when it is not the
/// header's: split at it, the row has more cells, and either exactly the
/// header's number or a known status in the status column. A short row is
/// otherwise taken for one whose trailing empty cells a spreadsheet
/// trimmed; prose with a few `;` rarely meets either test.
fn other_delimiter(
    record: &csv::StringRecord,
    delimiter: u8,
    width: usize,
    status: Option<usize>,
) -> Option<u8> {
    let joined = record
        .iter()
        .collect::<Vec<_>>()
        .join(char::from(delimiter).encode_utf8(&mut [0; 4]));
    [b'\t', b';', b',']
        .into_iter()
        .filter(|&d| d != delimiter)
        .find(|&other| {
            let cells: Vec<&str> = joined.split(char::from(other)).collect();
            let status_fits = status
                .and_then(|s| cells.get(s))
                .is_some_and(|cell| !cell.trim().is_empty() && Status::parse(cell).is_some());
            cells.len() > record.len() && (cells.len() == width || status_fits)
        })
}

fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tabs".to_string(),
        other => format!("\"{}\"", char::from(other)),
    }
}

fn read_jsonl<E: From<TableError>>(
    text: &str,
    visit: &mut impl FnMut(ReviewedRow) -> Result<(), E>,
) -> Result<(), E> {
    let mut data_row = 0;
    for (i, line_text) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if line_text.trim().is_empty() {
            continue;
        }
        data_row += 1;
        let at = RowPosition {
            data_row,
            line,
            sheet_row: None,
        };
        let json_err = |message: String| TableError::Json { line, message };
        let value: serde_json::Value =
            serde_json::from_str(line_text).map_err(|e| json_err(e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| json_err("expected a JSON object per line".to_string()))?;
        for col in REQUIRED {
            if !object.contains_key(COLUMNS[col]) {
                let found: Vec<String> = object.keys().map(|k| format!("\"{k}\"")).collect();
                return Err(TableError::MissingColumn {
                    column: COLUMNS[col],
                    line,
                    found: found.join(", "),
                }
                .into());
            }
        }
        let mut row = ReviewedRow {
            data_row,
            line,
            ..ReviewedRow::default()
        };
        for (col, name) in COLUMNS.iter().enumerate() {
            let cell = match object.get(*name) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::Bool(b)) => b.to_string(),
                Some(serde_json::Value::Array(items)) if *name == "flags" => {
                    let names: Option<Vec<&str>> = items.iter().map(|v| v.as_str()).collect();
                    names
                        .ok_or_else(|| json_err("\"flags\" must hold strings".to_string()))?
                        .join(";")
                }
                Some(_) => {
                    return Err(
                        json_err(format!("field \"{name}\" must be a string or a number")).into(),
                    )
                }
            };
            if col == STATUS {
                row.status =
                    Status::parse(&cell).ok_or(TableError::BadStatus { at, value: cell })?;
            } else {
                row.set(col, cell);
            }
        }
        visit(row)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Result<Vec<ReviewedRow>, TableError> {
        read_table(s.as_bytes())
    }

    /// A row typed with `;` into a `,` table: read with `,` its status would
    /// land in a text cell (a rejected row exported) or the row would look
    /// empty on one side (silently dropped).
    #[test]
    fn a_row_with_another_delimiter_is_refused() {
        for (table, line) in [
            ("ru,en,status\nДа;Yes;reject,Hmm\n", 2),
            ("ru,en,status\nНет.,No.,ok\nДа;Yes;reject\n", 3),
            (
                "row\tru\ten\tstatus\n1\tДа.\tYes.\tok\n2,Нет.,No.,reject\n",
                3,
            ),
        ] {
            let err = read(table).unwrap_err();
            assert!(
                matches!(err, TableError::OtherDelimiter { at, .. } if at.line == line),
                "{table:?}: {err}"
            );
        }
        let message = read("ru,en,status\nДа;Yes;reject\n")
            .unwrap_err()
            .to_string();
        assert!(message.contains("row 1 (spreadsheet row 2, line 2): the row is separated by \";\" but the header by \",\""), "{message}");
        // Prose with semicolons in a row whose trailing empty cells were
        // trimmed stays a row.
        let rows = read(&format!(
            "{}\n1,2,2,Да; нет; может,Yes; no; maybe; so\n",
            COLUMNS.join(",")
        ))
        .unwrap();
        assert_eq!(rows[0].en, "Yes; no; maybe; so");
    }

    #[test]
    fn reads_csv_by_header_name() {
        let rows = read("note,EN, Ru ,status,extra\nn1,Yes.,Да.,ok,x\n,No.,Нет.,,\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].ru, "Да.");
        assert_eq!(rows[0].en, "Yes.");
        assert_eq!(rows[0].note, "n1");
        assert_eq!(rows[0].status, Status::Ok);
        assert_eq!(rows[0].row, None);
        assert_eq!(rows[1].status, Status::Unreviewed);
        assert_eq!((rows[1].data_row, rows[1].line), (2, 3));
    }

    #[test]
    fn sniffs_delimiters_and_line_ends() {
        for text in [
            "ru,en,status\r\nа,b,ok\r\n",
            "ru;en;status\nа;b;ok\n",
            "ru\ten\tstatus\nа\tb\tok",
            "\u{feff}ru;en;status\r\nа;b;ok\r\n",
        ] {
            let rows = read(text).unwrap();
            assert_eq!(rows.len(), 1, "{text:?}");
            assert_eq!((rows[0].ru.as_str(), rows[0].en.as_str()), ("а", "b"));
            assert_eq!(rows[0].status, Status::Ok);
        }
    }

    #[test]
    fn quoted_cells_with_delimiters_and_newlines() {
        let rows = read("ru,en,status\n\"a, b\",\"line1\nline2 \"\"q\"\"\",fix\nc,d,\n").unwrap();
        assert_eq!(rows[0].ru, "a, b");
        assert_eq!(rows[0].en, "line1\nline2 \"q\"");
        assert_eq!(rows[1].line, 4);
        assert_eq!(
            rows[1].position().to_string(),
            "row 2 (spreadsheet row 3, line 4)"
        );
    }

    #[test]
    fn apostrophe_rule_either_way() {
        let rows = read("ru,en,status\n'- Да.,- Yes.,\n'Tis,''=x,\n").unwrap();
        assert_eq!(rows[0].ru, "- Да.");
        assert_eq!(rows[0].en, "- Yes.");
        assert_eq!(rows[1].ru, "'Tis");
        assert_eq!(rows[1].en, "'=x");
    }

    #[test]
    fn utf16_with_bom() {
        let text = "ru\ten\tstatus\r\nДа\tYes\tok\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be] {
            let rows = read_table(&bytes[..]).unwrap();
            assert_eq!(rows[0].ru, "Да");
        }
    }

    #[test]
    fn not_utf8_names_the_line() {
        let mut bytes = b"ru,en,status\na,b,ok\n".to_vec();
        bytes.extend(b"\xc4\xe0,Yes,ok\n"); // "Да" in CP1251
        let err = read_table(&bytes[..]).unwrap_err();
        assert!(matches!(err, TableError::NotUtf8 { line: 3 }), "{err:?}");
        assert!(err.to_string().contains("UTF-8 CSV"));
    }

    #[test]
    fn missing_and_duplicate_columns() {
        let err = read("row,ru,en,Статус\n1,a,b,ok\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "column \"status\" not found in the header row (line 1); the header has: \
             \"row\", \"ru\", \"en\", \"Статус\". Restore the column name (renamed or deleted?)"
        );
        let err = read("ru,en,status,RU\n").unwrap_err();
        assert!(matches!(
            err,
            TableError::DuplicateColumn {
                first: 1,
                second: 4,
                ..
            }
        ));
        assert!(matches!(read(""), Err(TableError::Empty)));
        assert!(matches!(read(" \n\n"), Err(TableError::Empty)));
    }

    #[test]
    fn bad_status_names_row_line_and_column() {
        let err = read("row,ru,en,status\n1,a,b,ok\n2,\"x\ny\",b,rejekt\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 2 (spreadsheet row 3, line 3), column \"status\": unknown status \"rejekt\"; \
             write ok, fix or reject, or leave it empty"
        );
    }

    #[test]
    fn line_numbers_with_crlf() {
        let err = read("ru,en,status\r\na,b,ok\r\n\"x\r\ny\",b,ok\r\nc,d,bad\r\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 3 (spreadsheet row 4, line 5), column \"status\": unknown status \"bad\"; \
             write ok, fix or reject, or leave it empty"
        );
    }

    #[test]
    fn short_rows() {
        // Trailing empty cells trimmed (as Excel does past row 16): fine.
        let rows = read("ru,en,status,note\na,b\nc,d,ok\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].status, Status::Unreviewed);
        // A lost delimiter: the row is short but ends in an empty cell.
        let err = read("row,ru,en,status,note\n1,a,b,ok,\n2,c,,\n").unwrap_err();
        match err {
            TableError::TooFewCells {
                at,
                column,
                found,
                expected,
            } => {
                assert_eq!((at.data_row, at.line, found, expected), (2, 3, 4, 5));
                assert_eq!(column, "note");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_header_cells_at_the_end_do_not_count() {
        let rows = read("ru,en,status,note,,\na,b,ok,\nc,d\n").unwrap();
        assert_eq!(rows.len(), 2);
        let err = read("ru,en,status,,\na,b,ok,,x\n").unwrap_err();
        assert!(matches!(
            err,
            TableError::TooManyCells {
                column_number: 5,
                expected: 3,
                ..
            }
        ));
    }

    #[test]
    fn long_rows() {
        let rows = read("ru,en,status\na,b,ok,,\n").unwrap();
        assert_eq!(rows.len(), 1);
        let err = read("ru,en,status\na,b,ok,,stray\n").unwrap_err();
        assert!(matches!(
            err,
            TableError::TooManyCells {
                column_number: 5,
                expected: 3,
                ..
            }
        ));
    }

    #[test]
    fn unclosed_quote_names_row_and_column() {
        // Without the check, row 2's "en" cell would swallow rows 3 and 4 and
        // the short row would be read as trimmed trailing cells.
        let err =
            read("ru,en,status\r\nа,b,ok\r\n\n\"в,\"\"г\"\",ok\r\nд,e,\r\nж,з\r\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 2 (spreadsheet row 3, line 4), column \"ru\": the cell starts with a double quote \
             that is never closed, so every row after it would be read into this cell; \
             close the quote or remove it"
        );
        let err = read("ru;en;status\nа;b;\"ok\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("row 1 (spreadsheet row 2, line 2), column \"status\""),
            "{err}"
        );
        let err = read("ru,\"en,status\na,b,c\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the header row (line 1), column 2:"),
            "{err}"
        );
        // Quotes inside a cell, or doubled inside a quoted cell, open nothing.
        let rows = read("ru,en,status\nsay \"hi,\"a \"\"b\"\" c\",ok\n").unwrap();
        assert_eq!(rows[0].ru, "say \"hi");
        assert_eq!(rows[0].en, "a \"b\" c");
    }

    #[test]
    fn workbooks_are_refused_with_advice() {
        for bytes in [
            &b"PK\x03\x04\x14\x00\x06\x00"[..],
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00"[..],
        ] {
            let err = read_table(bytes).unwrap_err();
            assert!(matches!(err, TableError::Workbook), "{err:?}");
            assert!(err.to_string().contains("CSV UTF-8"));
        }
    }

    #[test]
    fn review_pages_are_refused_with_advice() {
        let mut page = Vec::new();
        crate::write_html(&[], &crate::TableMeta::default(), &mut page).unwrap();
        for bytes in [&page[..], b"\xEF\xBB\xBF  <HTML><body>row,ru</body>"] {
            let err = read_table(bytes).unwrap_err();
            assert!(matches!(err, TableError::ReviewPage), "{err:?}");
            assert!(err.to_string().contains("Download reviewed table"));
        }
    }

    #[test]
    fn numeric_looking_text_is_unescaped_in_text_columns_only() {
        let rows = read("row,ru,en,status,note,confidence\n'1,'1.,''(5),,'007,'0.5\n").unwrap();
        assert_eq!((rows[0].ru.as_str(), rows[0].en.as_str()), ("1.", "'(5)"));
        assert_eq!(rows[0].note, "007");
        assert_eq!(rows[0].confidence, "'0.5");
    }

    #[test]
    fn blank_rows_are_skipped_but_counted() {
        let rows = read("ru,en,status\n,,\na,b,\n , ,  \n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].data_row, 2);
    }

    #[test]
    fn jsonl() {
        let text = "{\"row\":1,\"ru\":\"- Да.\",\"en\":\"Yes\",\"status\":\"OK\",\"flags\":[\"omission\",\"x\"],\"confidence\":0.5}\n\n\
                    {\"ru\":\"a\",\"en\":\"b\",\"status\":\"nope\"}\n";
        let err = read(text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 2 (line 3), column \"status\": unknown status \"nope\"; write ok, fix or reject, or leave it empty"
        );
        let rows = read(text.lines().next().unwrap()).unwrap();
        assert_eq!(rows[0].ru, "- Да.");
        assert_eq!(rows[0].flags, "omission;x");
        assert_eq!(rows[0].confidence, "0.5");
        assert_eq!(rows[0].row, Some(1));
        let err = read("{\"ru\":\"a\"}").unwrap_err();
        assert!(matches!(
            err,
            TableError::MissingColumn { column: "en", .. }
        ));
        assert!(matches!(
            read("{\"ru\":"),
            Err(TableError::Json { line: 1, .. })
        ));
    }

    /// The visitor sees exactly the rows `read_table` returns, in order, for
    /// every format; a table error reaches the caller as its own error type,
    /// and the visitor's error stops the reading.
    #[test]
    fn visitor_sees_the_rows_read_table_returns() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "ru\ten\tstatus\r\nДа.\tYes.\tok\r\n\r\nНет.\t\treject\r\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let tables: Vec<Vec<u8>> = vec![
            "\u{feff}row;ru;en;status;note\r\n1;'- Да.;- Yes.;OK;\r\n;;;;\r\n2;\"Нет;\nнет.\";No.;reject;x\r\n"
                .into(),
            "ru,en,status\nОдин.,One.,\nДва.,Two.,fix\n".into(),
            "{\"ru\":\"Да.\",\"en\":\"Yes.\",\"status\":\"ok\",\"flags\":[\"a\",\"b\"]}\n\n{\"ru\":\"Нет.\",\"en\":\"\",\"status\":\"\"}\n".into(),
            utf16,
        ];
        for table in &tables {
            let expected = read_table(&table[..]).unwrap();
            assert!(expected.len() >= 2);
            let mut seen = Vec::new();
            visit_table(&table[..], |row| {
                seen.push(row);
                Ok::<(), TableError>(())
            })
            .unwrap();
            assert_eq!(seen, expected);
            let mut again = Vec::new();
            visit_table_bytes(table, |row| {
                again.push(row);
                Ok::<(), TableError>(())
            })
            .unwrap();
            assert_eq!(again, expected);
            // The visitor's own error stops the reading at the first row.
            let mut calls = 0;
            let err = visit_table_bytes(table, |_| {
                calls += 1;
                Err(Stop::Visitor)
            });
            assert_eq!((err, calls), (Err(Stop::Visitor), 1));
        }
        // A bad row late in the table: the rows before it are visited, then
        // the same error as read_table's.
        let bad = "ru,en,status\nДа.,Yes.,ok\nНет.,No.,nope\n";
        let mut seen = 0;
        let err = visit_table(bad.as_bytes(), |_| {
            seen += 1;
            Ok::<(), TableError>(())
        })
        .unwrap_err();
        assert_eq!(seen, 1);
        assert_eq!(err.to_string(), read(bad).unwrap_err().to_string());
        let err = visit_table(bad.as_bytes(), |_| Ok::<(), Stop>(()));
        assert_eq!(err, Err(Stop::Table(read(bad).unwrap_err().to_string())));
    }

    /// A caller's error type, to check how table errors reach it.
    #[derive(Debug, PartialEq)]
    enum Stop {
        Table(String),
        Visitor,
    }

    impl From<TableError> for Stop {
        fn from(err: TableError) -> Stop {
            Stop::Table(err.to_string())
        }
    }
}
