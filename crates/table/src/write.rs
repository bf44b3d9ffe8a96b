//! Writing the review table: CSV, TSV, JSONL (and XLSX, TMX via their modules).

use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use crate::escape::{escape_cell, escape_text_cell};
use crate::export::{write_tmx, ExportCounts};
use crate::html::write_html;
use crate::read::ReviewedRow;
use crate::row::{timed, Row, Side, TableMeta, COLUMNS, TEXT_COLUMNS, TIME_COLUMNS};
use crate::xlsx::write_xlsx;
use crate::TableError;

/// UTF-8 byte-order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Output format of the review table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values (RFC 4180 quoting); see [`CsvFlavour`].
    Csv,
    /// Tab-separated values: RFC 4180 quoting with a tab delimiter, no BOM,
    /// LF line ends.
    ///
    /// A cell containing a tab, a line break or a double quote is put in
    /// double quotes, with inner quotes doubled, exactly like CSV; every
    /// other cell is written bare. So nothing is lost or altered (apart from
    /// the formula escape), and Python's `csv.reader(f, delimiter="\t")`,
    /// `pandas.read_csv(sep="\t")` and LibreOffice read it back. Tools that
    /// split lines on tabs naively (`cut`, `awk -F'\t'`) are fine as long as
    /// no cell holds a line break, tab or quote; for such tools use the
    /// parallel-corpus export ([`crate::write_parallel`]), which flattens
    /// the text instead.
    Tsv,
    /// One JSON object per line, one line per bead, no header line, no
    /// escaping; includes the machine fields (sentence indices and spans).
    Jsonl,
    /// An Excel workbook; see [`crate::write_xlsx`].
    Xlsx,
    /// A TMX 1.4b translation memory; see [`crate::write_tmx`].
    Tmx,
    /// A review page: one self-contained HTML file; see [`crate::write_html`].
    Html,
}

impl Format {
    /// Every format, in the order of their names in [`Format::NAMES`].
    pub const ALL: [Format; 6] = [
        Format::Csv,
        Format::Tsv,
        Format::Jsonl,
        Format::Xlsx,
        Format::Tmx,
        Format::Html,
    ];

    /// Format names as accepted by [`Format::from_str`] (`--format`).
    pub const NAMES: [&'static str; 6] = ["csv", "tsv", "jsonl", "xlsx", "tmx", "html"];

    /// The format a file name asks for, by its extension (case-insensitive):
    /// `.csv`, `.tsv`, `.jsonl`, `.xlsx`, `.tmx`, `.html` (or `.htm`).
    /// `None` for anything else.
    pub fn from_path(path: impl AsRef<Path>) -> Option<Format> {
        let ext = path.as_ref().extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("htm") {
            return Some(Format::Html);
        }
        ext.parse().ok()
    }

    /// The format's name and usual file extension (without the dot).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Xlsx => "xlsx",
            Format::Tmx => "tmx",
            Format::Html => "html",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    /// Parses a format name (`csv`, `tsv`, `jsonl`, `xlsx`, `tmx`, `html`), ignoring case.
    fn from_str(s: &str) -> Result<Format, String> {
        let lower = s.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == lower)
            .ok_or_else(|| {
                format!(
                    "unknown format \"{s}\"; expected one of {}",
                    Format::NAMES.join(", ")
                )
            })
    }
}

/// Byte-level details of CSV output. Both flavours quote per RFC 4180 and
/// escape formula cells (see [`crate::escape_cell`]) and, in the text
/// columns, numeric-looking text (see [`crate::escape_text_cell`]).
///
/// # Why the default is [`CsvFlavour::Excel`]
///
/// The first reader of a review table is a translator who double-clicks the
/// `.csv` file. Excel decodes a CSV without a byte-order mark in the
/// system's legacy code page (Windows-1251 or 1252), so without the BOM every
/// Cyrillic letter turns into mojibake, and nothing on screen says why or
/// which flag would fix it. The people a BOM bothers are programmers, who
/// can deal with it: Python's `encoding="utf-8-sig"`, pandas, R's readr, the
/// Rust `csv` crate and sverka's own reader all skip it, and TSV and JSONL
/// stay BOM-free for pipelines. CRLF line ends are what RFC 4180 specifies
/// and what Python's `csv` module writes by default; every CSV reader
/// accepts them.
///
/// So `.csv` files get the Excel flavour by default. A CLI may well pick
/// [`CsvFlavour::Plain`] when writing to stdout (a pipe, not a double-click)
/// and offer a flag for plain files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CsvFlavour {
    /// UTF-8 with a byte-order mark, CRLF line ends: opens correctly on a
    /// double-click in Excel, LibreOffice and Google Sheets.
    #[default]
    Excel,
    /// UTF-8 without a byte-order mark, LF line ends: for pipelines.
    Plain,
}

/// Options for [`write_table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteOptions {
    /// CSV flavour (ignored by other formats).
    pub csv: CsvFlavour,
    /// The source language of a TMX (ignored by other formats).
    pub srclang: Side,
}

/// Writes the review table in `format`.
///
/// Returns how many rows went out: for table formats every row is written
/// (`kept == rows.len()`); TMX leaves out rows with an empty side and counts
/// them in [`ExportCounts::empty_side`] (and rejected rows, if any row was
/// already marked `reject`).
pub fn write_table<W: Write>(
    rows: &[Row],
    meta: &TableMeta,
    format: Format,
    options: &WriteOptions,
    writer: W,
) -> Result<ExportCounts, TableError> {
    match format {
        Format::Csv => write_csv(rows, options.csv, writer)?,
        Format::Tsv => write_tsv(rows, writer)?,
        Format::Jsonl => write_jsonl(rows, writer)?,
        Format::Xlsx => write_xlsx(rows, meta, writer)?,
        Format::Html => write_html(rows, meta, writer)?,
        Format::Tmx => {
            let reviewed: Vec<ReviewedRow> = rows.iter().map(ReviewedRow::from_row).collect();
            return write_tmx(&reviewed, meta, options.srclang, writer);
        }
    }
    Ok(ExportCounts {
        kept: rows.len(),
        ..ExportCounts::default()
    })
}

fn write_delimited<W: Write>(
    rows: &[Row],
    delimiter: u8,
    flavour: CsvFlavour,
    mut writer: W,
) -> Result<(), TableError> {
    if flavour == CsvFlavour::Excel {
        writer.write_all(BOM)?;
    }
    let terminator = match flavour {
        CsvFlavour::Excel => csv::Terminator::CRLF,
        CsvFlavour::Plain => csv::Terminator::Any(b'\n'),
    };
    let builder = || {
        let mut builder = csv::WriterBuilder::new();
        builder
            .delimiter(delimiter)
            .terminator(terminator)
            .quote_style(csv::QuoteStyle::Necessary);
        builder
    };
    let timed = timed(rows);
    let times = if timed { &TIME_COLUMNS[..] } else { &[] };
    let mut out = builder().from_writer(writer);
    out.write_record(COLUMNS.iter().chain(times))
        .map_err(csv_error)?;
    if rows.len() < PARALLEL_ROWS_FROM {
        write_rows(rows, timed, &mut out).map_err(csv_error)?;
    } else {
        // A long table is formatted in chunks on several threads, each
        // into its own buffer (a record's bytes do not depend on the
        // records before it), and the buffers written in order; a few
        // chunks at a time, so that the bytes held stay bounded.
        use rayon::prelude::*;
        let mut writer = out
            .into_inner()
            .map_err(|e| TableError::Io(e.into_error()))?;
        for window in rows.chunks(PARALLEL_ROWS_FROM * CHUNKS_AT_ONCE) {
            let chunks: Vec<Vec<u8>> = window
                .par_chunks(PARALLEL_ROWS_FROM)
                .map(|chunk| {
                    let mut buffer = builder().from_writer(Vec::new());
                    write_rows(chunk, timed, &mut buffer)?;
                    buffer
                        .into_inner()
                        .map_err(|e| csv::Error::from(e.into_error()))
                })
                .collect::<Result<_, _>>()
                .map_err(csv_error)?;
            for chunk in chunks {
                writer.write_all(&chunk)?;
            }
        }
        writer.flush()?;
        return Ok(());
    }
    out.flush()?;
    Ok(())
}

/// Rows from which a delimited table is formatted on several threads, and
/// the rows of each thread's chunk.
const PARALLEL_ROWS_FROM: usize = 4_096;

/// Chunks formatted before they are written (about 1.5 MB each).
const CHUNKS_AT_ONCE: usize = 8;

/// Writes `rows` as records (with the time columns when `timed`).
fn write_rows<W: Write>(
    rows: &[Row],
    timed: bool,
    out: &mut csv::Writer<W>,
) -> Result<(), csv::Error> {
    for row in rows {
        let cells = row.cells();
        let escaped = cells.iter().enumerate().map(|(col, c)| {
            if TEXT_COLUMNS.contains(&col) {
                escape_text_cell(c).into_owned()
            } else {
                escape_cell(c).into_owned()
            }
        });
        let time_cells = [&row.ru_time, &row.en_time]
            .into_iter()
            .filter(|_| timed)
            .map(|t| escape_cell(t).into_owned());
        out.write_record(escaped.chain(time_cells))?;
    }
    Ok(())
}

fn csv_error(e: csv::Error) -> TableError {
    if e.is_io_error() {
        if let csv::ErrorKind::Io(io) = e.into_kind() {
            return TableError::Io(io);
        }
        unreachable!("is_io_error() means ErrorKind::Io");
    }
    TableError::Io(std::io::Error::other(e.to_string()))
}

/// Writes the table as CSV: a header row of [`COLUMNS`], then one row per
/// bead, RFC 4180 quoting, formula cells escaped ([`crate::escape_cell`];
/// [`crate::escape_text_cell`] in `ru`, `en`, `details` and `note`).
pub fn write_csv<W: Write>(rows: &[Row], flavour: CsvFlavour, writer: W) -> Result<(), TableError> {
    write_delimited(rows, b',', flavour, writer)
}

/// Writes the table as TSV (see [`Format::Tsv`] for the quoting rule).
pub fn write_tsv<W: Write>(rows: &[Row], writer: W) -> Result<(), TableError> {
    write_delimited(rows, b'\t', CsvFlavour::Plain, writer)
}

/// Writes one JSON object per bead, one per line (LF), no header line.
/// Cells are not escaped; see [`Row`] for the field encoding.
pub fn write_jsonl<W: Write>(rows: &[Row], writer: W) -> Result<(), TableError> {
    let mut w = std::io::BufWriter::new(writer);
    for row in rows {
        serde_json::to_writer(&mut w, row).map_err(std::io::Error::from)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::{BeadKind, Flag, LineRange};

    pub(crate) fn sample() -> Vec<Row> {
        vec![
            Row {
                row: 1,
                ru_lines: Some(LineRange::single(1)),
                en_lines: Some(LineRange::single(1)),
                ru: "- Да.".into(),
                en: "- Yes.".into(),
                kind: BeadKind::new(1, 1),
                confidence: 0.98765,
                ..Row::default()
            },
            Row {
                row: 2,
                ru_lines: Some(LineRange::new(2, 3)),
                en_lines: None,
                ru: "Он сказал: \"Нет, спасибо\". Ушёл.".into(),
                en: String::new(),
                kind: BeadKind::new(2, 0),
                confidence: 0.1,
                flags: vec![Flag::Omission, Flag::LowConfidence],
                details: "-2 sentences; no support for: «Ушёл.»".into(),
                ..Row::default()
            },
        ]
    }

    fn render(format: Format, csv: CsvFlavour) -> Vec<u8> {
        let mut out = Vec::new();
        let opts = WriteOptions {
            csv,
            srclang: Side::Source,
        };
        write_table(&sample(), &TableMeta::default(), format, &opts, &mut out).unwrap();
        out
    }

    /// Subtitle rows: a time column per side after the review columns, in
    /// every format; empty for a side without sentences.
    #[test]
    fn times_of_subtitle_rows_in_every_format() {
        let mut rows = sample();
        rows[0].ru_time = "00:00:01,000–00:00:04,200".into();
        rows[0].en_time = "00:00:01,100–00:00:04,000".into();
        rows[1].ru_time = "00:00:04,600–00:00:08,900".into();
        let opts = WriteOptions {
            csv: CsvFlavour::Plain,
            srclang: Side::Source,
        };
        let render = |format: Format| {
            let mut out = Vec::new();
            write_table(&rows, &TableMeta::default(), format, &opts, &mut out).unwrap();
            out
        };
        let csv = String::from_utf8(render(Format::Csv)).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].ends_with(",note,ru_time,en_time"), "{}", lines[0]);
        assert!(
            lines[1].ends_with(",\"00:00:01,000–00:00:04,200\",\"00:00:01,100–00:00:04,000\""),
            "{}",
            lines[1]
        );
        let xlsx = render(Format::Xlsx);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut strings = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/sharedStrings.xml").unwrap(),
            &mut strings,
        )
        .unwrap();
        for expected in ["ru_time", "en_time", "00:00:04,600–00:00:08,900"] {
            assert!(strings.contains(expected), "{expected}");
        }
        assert!(
            lines[2].ends_with(",\"00:00:04,600–00:00:08,900\","),
            "{}",
            lines[2]
        );
        let tsv = String::from_utf8(render(Format::Tsv)).unwrap();
        assert!(tsv
            .lines()
            .next()
            .unwrap()
            .ends_with("note\tru_time\ten_time"));
        assert!(tsv
            .lines()
            .nth(1)
            .unwrap()
            .ends_with("\t00:00:01,000–00:00:04,200\t00:00:01,100–00:00:04,000"));
        let jsonl = String::from_utf8(render(Format::Jsonl)).unwrap();
        assert!(jsonl.lines().next().unwrap().contains(
            r#""ru_time":"00:00:01,000–00:00:04,200","en_time":"00:00:01,100–00:00:04,000""#
        ));
        assert!(!jsonl.lines().nth(1).unwrap().contains("en_time"));
        let tmx = String::from_utf8(render(Format::Tmx)).unwrap();
        assert!(
            tmx.contains(r#"<prop type="x-ru-time">00:00:01,000–00:00:04,200</prop>"#),
            "{tmx}"
        );
        // Read back: the review columns as before, the times ignored.
        let back = crate::read_table(csv.as_bytes()).unwrap();
        assert_eq!(back[1].ru, "Он сказал: \"Нет, спасибо\". Ушёл.");
        // Untimed tables have no time columns.
        let plain = String::from_utf8({
            let mut out = Vec::new();
            write_table(
                &sample(),
                &TableMeta::default(),
                Format::Csv,
                &opts,
                &mut out,
            )
            .unwrap();
            out
        })
        .unwrap();
        assert!(!plain.contains("ru_time"));
    }

    /// A table long enough to be formatted in chunks on several threads
    /// has the bytes one pass over its rows gives, in both flavours and
    /// with a quoted text cell across a chunk's edge.
    #[test]
    fn long_tables_are_written_as_one_pass_writes_them() {
        let rows: Vec<Row> = (0..(CHUNKS_AT_ONCE + 2) * PARALLEL_ROWS_FROM + 7)
            .map(|at| Row {
                row: at + 1,
                ..sample()[at % 2].clone()
            })
            .collect();
        for (flavour, delimiter) in [(CsvFlavour::Plain, b','), (CsvFlavour::Excel, b'\t')] {
            let mut chunked = Vec::new();
            write_delimited(&rows, delimiter, flavour, &mut chunked).unwrap();
            let mut one_pass = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(match flavour {
                    CsvFlavour::Excel => csv::Terminator::CRLF,
                    CsvFlavour::Plain => csv::Terminator::Any(b'\n'),
                })
                .from_writer(Vec::new());
            one_pass.write_record(COLUMNS).unwrap();
            write_rows(&rows, false, &mut one_pass).unwrap();
            let mut expected = if flavour == CsvFlavour::Excel {
                BOM.to_vec()
            } else {
                Vec::new()
            };
            expected.extend(one_pass.into_inner().unwrap());
            assert!(chunked == expected, "{flavour:?}");
        }
    }

    #[test]
    fn golden_csv_plain() {
        let out = String::from_utf8(render(Format::Csv, CsvFlavour::Plain)).unwrap();
        assert_eq!(
            out,
            "row,ru_lines,en_lines,ru,en,kind,confidence,flags,details,status,note\n\
             1,1,1,'- Да.,'- Yes.,1-1,0.988,,,,\n\
             2,2-3,,\"Он сказал: \"\"Нет, спасибо\"\". Ушёл.\",,2-0,0.100,omission;low-confidence,'-2 sentences; no support for: «Ушёл.»,,\n"
        );
    }

    #[test]
    fn golden_csv_excel() {
        let out = render(Format::Csv, CsvFlavour::Excel);
        assert!(out.starts_with(BOM));
        let text = std::str::from_utf8(&out[3..]).unwrap();
        assert!(text.starts_with(
            "row,ru_lines,en_lines,ru,en,kind,confidence,flags,details,status,note\r\n1,1,1,'- Да.,"
        ));
        assert_eq!(text.matches("\r\n").count(), 3);
        assert_eq!(text.matches('\n').count(), 3);
    }

    #[test]
    fn golden_tsv() {
        let out = String::from_utf8(render(Format::Tsv, CsvFlavour::Excel)).unwrap();
        assert_eq!(
            out,
            "row\tru_lines\ten_lines\tru\ten\tkind\tconfidence\tflags\tdetails\tstatus\tnote\n\
             1\t1\t1\t'- Да.\t'- Yes.\t1-1\t0.988\t\t\t\t\n\
             2\t2-3\t\t\"Он сказал: \"\"Нет, спасибо\"\". Ушёл.\"\t\t2-0\t0.100\tomission;low-confidence\t'-2 sentences; no support for: «Ушёл.»\t\t\n"
        );
    }

    #[test]
    fn golden_jsonl() {
        let out = String::from_utf8(render(Format::Jsonl, CsvFlavour::Excel)).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            r#"{"row":1,"ru_lines":"1","en_lines":"1","ru":"- Да.","en":"- Yes.","kind":"1-1","confidence":0.988,"flags":[],"details":"","status":"","note":"","ru_sentences":[],"en_sentences":[],"ru_spans":[],"en_spans":[]}"#
        );
        // JSONL has no spreadsheet escape: the leading `-` stays bare.
        assert!(
            lines[1].contains(
                r#""flags":["omission","low-confidence"],"details":"-2 sentences; no support for: «Ушёл.»","status""#
            ),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn formats_by_path_and_name() {
        assert_eq!(Format::from_path("a/b.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_path("x.tsv"), Some(Format::Tsv));
        assert_eq!(Format::from_path("x.jsonl"), Some(Format::Jsonl));
        assert_eq!(Format::from_path("x.xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::from_path("x.tmx"), Some(Format::Tmx));
        assert_eq!(Format::from_path("x.html"), Some(Format::Html));
        assert_eq!(Format::from_path("x.HTM"), Some(Format::Html));
        assert_eq!(Format::from_path("x.txt"), None);
        assert_eq!(Format::from_path("csv"), None);
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>().unwrap(), f);
        }
        assert!("xls".parse::<Format>().unwrap_err().contains("csv, tsv"));
    }

    #[test]
    fn tmx_through_write_table_skips_empty_sides() {
        let out = render(Format::Tmx, CsvFlavour::Excel);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("<tu>").count(), 1);
        let counts = write_table(
            &sample(),
            &TableMeta::default(),
            Format::Tmx,
            &WriteOptions::default(),
            std::io::sink(),
        )
        .unwrap();
        assert_eq!((counts.kept, counts.empty_side, counts.rejected), (1, 1, 0));
    }
}
