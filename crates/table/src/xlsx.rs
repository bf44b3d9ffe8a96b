//! The review table as an Excel workbook.

use std::io::Write;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, Format as CellFormat,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::escape::{escape_cell, escape_text_cell, is_formula_char, looks_converted};
use crate::row::{timed, Row, TableMeta, COLUMNS, TEXT_COLUMNS, TIME_COLUMNS};
use crate::TableError;

/// Excel's limit on the text of one cell, in UTF-16 code units.
const MAX_CELL: usize = 32_767;

/// Column widths in Excel's character units, in [`COLUMNS`] order.
const WIDTHS: [f64; COLUMNS.len()] = [6.0, 9.0, 9.0, 60.0, 60.0, 6.0, 11.0, 24.0, 36.0, 9.0, 30.0];

/// Columns whose text wraps: `ru`, `en`, `details`, `note`.
const WRAPPED: [usize; TEXT_COLUMNS.len()] = TEXT_COLUMNS;

/// Fill of rows that have flags (light yellow).
const FLAGGED_FILL: u32 = 0xFFF2CC;

fn xlsx_error(e: XlsxError) -> TableError {
    TableError::Xlsx(e.to_string())
}

/// The text written into an XLSX cell of column `col` (see [`write_xlsx`]):
/// only apostrophe-led text is escaped, so that the CSV a spreadsheet saves
/// from the workbook unescapes to the original.
fn xlsx_text(s: &str, col: usize) -> std::borrow::Cow<'_, str> {
    match (s.starts_with('\''), TEXT_COLUMNS.contains(&col)) {
        (false, _) => std::borrow::Cow::Borrowed(s),
        (true, true) => escape_text_cell(s),
        (true, false) => escape_cell(s),
    }
}

/// Writes the review table as an XLSX workbook with one sheet, "review".
///
/// * The header row is bold and frozen and carries an autofilter.
/// * `ru`, `en` (60 characters), `details` (36) and `note` (30) are wide,
///   wrapped columns (empty cells included, through the column format); the
///   others are narrow. Cells align to the top.
/// * Rows with flags have a light yellow fill.
/// * `row` and `confidence` are numbers (`confidence` shown with 3
///   decimals); every other cell is a string, never a formula, so no
///   formula escape is needed: `- Да.` and `=1+1` are written as they are,
///   with Excel's "quote prefix" style so that editing such a cell keeps it
///   text. `ru_lines` and `kind` stay text too (a CSV opened in Excel turns
///   `1-1` into a date; a workbook does not).
///   Text in `ru`, `en`, `details` and `note` that a spreadsheet would take for a
///   number or date when typed (`1.`, `007`, `1/2`, see
///   [`crate::looks_converted`]) gets the quote prefix too, so editing it
///   keeps it as it is.
/// * One apostrophe rule: text that is apostrophes followed by a formula
///   character (`'-x`) gets one more apostrophe, as in CSV (and in `ru`,
///   `en`, `details`, `note` so does `'007`, see [`crate::escape_text_cell`]), so that
///   a CSV saved from the workbook reads back exactly with
///   [`crate::read_table`].
/// * `status` offers a drop-down of `ok`, `fix`, `reject` (other text is
///   warned about, not refused).
/// * The [`TableMeta`] goes into the document properties (title, comments).
///
/// A text longer than an Excel cell holds (32,767 UTF-16 units) is an error
/// ([`TableError::CellTooLong`]) rather than silently cut.
pub fn write_xlsx<W: Write>(
    rows: &[Row],
    meta: &TableMeta,
    mut writer: W,
) -> Result<(), TableError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(meta));
    let sheet = workbook.add_worksheet();
    sheet.set_name("review").map_err(xlsx_error)?;
    fill_sheet(sheet, rows)?;
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    writer.write_all(&bytes)?;
    writer.flush()?;
    Ok(())
}

fn properties(meta: &TableMeta) -> DocProperties {
    let files: Vec<&str> = [meta.ru_file.as_deref(), meta.en_file.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut comment = format!(
        "sverka {}; {} / {}",
        meta.version, meta.ru_lang, meta.en_lang
    );
    if !files.is_empty() {
        comment.push_str(&format!("; files: {}", files.join(", ")));
    }
    if !meta.options.is_empty() {
        comment.push_str(&format!("; options: {}", meta.options));
    }
    let title = if files.is_empty() {
        "sverka review".to_string()
    } else {
        format!("sverka review: {}", files.join(" / "))
    };
    DocProperties::new()
        .set_title(title)
        .set_comment(comment)
        .set_author("sverka")
}

fn cell_format(flagged: bool, wrap: bool, quote: bool) -> CellFormat {
    let mut f = CellFormat::new().set_align(FormatAlign::Top);
    if wrap {
        f = f.set_text_wrap();
    }
    if quote {
        f = f.set_quote_prefix();
    }
    if flagged {
        f = f.set_background_color(Color::RGB(FLAGGED_FILL));
    }
    f
}

fn fill_sheet(sheet: &mut Worksheet, rows: &[Row]) -> Result<(), TableError> {
    let header = CellFormat::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    for (col, (name, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        // The column format styles the empty cells too, so a note typed
        // into one wraps like the rest.
        let column_format = cell_format(false, WRAPPED.contains(&col), false);
        let col = col as u16;
        sheet.set_column_width(col, width).map_err(xlsx_error)?;
        sheet
            .set_column_format(col, &column_format)
            .map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, col, *name, &header)
            .map_err(xlsx_error)?;
    }
    // Subtitle times after the review columns, as text.
    let timed = timed(rows);
    if timed {
        for (k, name) in TIME_COLUMNS.iter().enumerate() {
            let col = (COLUMNS.len() + k) as u16;
            sheet.set_column_width(col, 26.0).map_err(xlsx_error)?;
            sheet
                .write_string_with_format(0, col, *name, &header)
                .map_err(xlsx_error)?;
        }
    }
    let too_many = || TableError::Xlsx(format!("{} rows do not fit in one sheet", rows.len()));
    let last_row = u32::try_from(rows.len()).map_err(|_| too_many())?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let flagged = !row.flags.is_empty();
        let cells = row.cells();
        // Tall enough for the wrapped text: spreadsheets do not grow rows
        // written with text, and LibreOffice shows the lines over each other.
        sheet
            .set_row_height(r, row_height(&cells))
            .map_err(xlsx_error)?;
        if timed {
            for (k, time) in [&row.ru_time, &row.en_time].into_iter().enumerate() {
                let f = cell_format(flagged, false, false);
                let c = (COLUMNS.len() + k) as u16;
                if time.is_empty() {
                    if flagged {
                        sheet.write_blank(r, c, &f).map_err(xlsx_error)?;
                    }
                } else {
                    sheet
                        .write_string_with_format(r, c, time.as_str(), &f)
                        .map_err(xlsx_error)?;
                }
            }
        }
        for (col, cell) in cells.iter().enumerate() {
            let c = col as u16;
            let wrap = WRAPPED.contains(&col);
            match COLUMNS[col] {
                "row" => {
                    let f = cell_format(flagged, wrap, false).set_num_format("0");
                    sheet
                        .write_number_with_format(r, c, row.row as f64, &f)
                        .map_err(xlsx_error)?;
                }
                "confidence" if row.confidence.is_finite() => {
                    let f = cell_format(flagged, wrap, false).set_num_format("0.000");
                    sheet
                        .write_number_with_format(r, c, row.confidence, &f)
                        .map_err(xlsx_error)?;
                }
                _ => {
                    let text = xlsx_text(cell, col);
                    let length = text.encode_utf16().count();
                    if length > MAX_CELL {
                        return Err(TableError::CellTooLong {
                            row: row.row,
                            column: COLUMNS[col],
                            length,
                        });
                    }
                    let quote = text.chars().next().is_some_and(is_formula_char)
                        || (TEXT_COLUMNS.contains(&col) && looks_converted(&text));
                    let f = cell_format(flagged, wrap, quote);
                    if text.is_empty() {
                        if flagged {
                            sheet.write_blank(r, c, &f).map_err(xlsx_error)?;
                        }
                    } else {
                        sheet
                            .write_string_with_format(r, c, text.as_ref(), &f)
                            .map_err(xlsx_error)?;
                    }
                }
            }
        }
    }
    let last_col = (COLUMNS.len() - 1 + if timed { TIME_COLUMNS.len() } else { 0 }) as u16;
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    // Printed or saved as PDF: landscape, all columns on one page wide, the
    // header on every page, so `ru` and `en` stay side by side.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(xlsx_error)?;
    sheet
        .autofilter(0, 0, last_row.max(1), last_col)
        .map_err(|_| too_many())?;
    if last_row > 0 {
        let status = COLUMNS.iter().position(|c| *c == "status").unwrap_or(9) as u16;
        let validation = DataValidation::new()
            .allow_list_strings(&["ok", "fix", "reject"])
            .map_err(xlsx_error)?
            .ignore_blank(true)
            .set_error_style(DataValidationErrorStyle::Warning);
        sheet
            .add_data_validation(1, status, last_row, status, &validation)
            .map_err(xlsx_error)?;
    }
    Ok(())
}

/// Points per line of wrapped text at the default font.
const LINE_HEIGHT: f64 = 15.0;
/// The tallest row a sheet allows.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Height of a row whose wrapped cells hold `cells`: the most lines any
/// wrapped column needs, counting a column's width in characters (a little
/// less, since words wrap whole) and the line breaks in the text.
fn row_height(cells: &[String]) -> f64 {
    let lines = WRAPPED
        .iter()
        .filter_map(|&col| Some((cells.get(col)?, WIDTHS[col])))
        .map(|(text, width)| {
            let per_line = (width * 0.9).max(1.0);
            text.split('\n')
                .map(|line| (line.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::{BeadKind, Flag, LineRange};

    #[test]
    fn a_long_row_is_written_tall() {
        let long = Row {
            row: 1,
            ru: "я".repeat(200),
            ..Row::default()
        };
        let mut out = Vec::new();
        write_xlsx(&[long], &TableMeta::default(), &mut out).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out)).unwrap();
        let sheet = entry(&mut zip, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"ht="60" customHeight="1""#), "{sheet}");
    }

    #[test]
    fn rows_are_tall_enough_for_their_wrapped_text() {
        let mut cells = vec![String::new(); COLUMNS.len()];
        assert_eq!(row_height(&cells), LINE_HEIGHT);
        let ru = COLUMNS.iter().position(|c| *c == "ru").unwrap();
        // 60 wide, 54 characters a line: 200 characters take 4 lines.
        cells[ru] = "я".repeat(200);
        assert_eq!(row_height(&cells), 4.0 * LINE_HEIGHT);
        cells[ru] = "я".repeat(100_000);
        assert_eq!(row_height(&cells), MAX_ROW_HEIGHT);
    }
    use std::io::Read;

    fn rows() -> Vec<Row> {
        vec![
            Row {
                row: 1,
                ru_lines: Some(LineRange::new(1, 2)),
                en_lines: Some(LineRange::single(1)),
                ru: "- Да. =1+1".into(),
                en: "=SUM(A1)".into(),
                kind: BeadKind::new(2, 1),
                confidence: 0.5,
                ..Row::default()
            },
            Row {
                row: 2,
                ru: "'Tis & <b>".into(),
                en: "'-x".into(),
                note: "'007".into(),
                kind: BeadKind::new(1, 1),
                confidence: 0.25,
                flags: vec![Flag::NumbersDiffer],
                details: "numbers: 640 ≠ 460".into(),
                ..Row::default()
            },
        ]
    }

    fn entry(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn workbook_has_strings_not_formulas() {
        let mut out = Vec::new();
        write_xlsx(&rows(), &TableMeta::default(), &mut out).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out)).unwrap();
        let sheet = entry(&mut zip, "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "no formulas");
        assert!(sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ));
        assert!(sheet.contains(r#"<autoFilter ref="A1:K3"/>"#));
        assert!(sheet.contains("<formula1>\"ok,fix,reject\"</formula1>"));
        assert!(
            sheet.contains(r#"<col min="4" max="5" width="60.7109375""#),
            "{sheet}"
        );
        assert!(
            sheet.contains(r#"<col min="9" max="9" width="36.7109375""#),
            "details column: {sheet}"
        );
        // Printing: landscape, one page wide, the header repeated.
        assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
        assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
        assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
        let workbook = entry(&mut zip, "xl/workbook.xml");
        assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
        let strings = entry(&mut zip, "xl/sharedStrings.xml");
        for text in [
            "- Да. =1+1",
            "=SUM(A1)",
            "'Tis &amp; &lt;b&gt;",
            "''-x",
            "''007",
            "1-2",
            "2-1",
            "numbers: 640 ≠ 460",
        ] {
            assert!(
                strings.contains(&format!(">{text}<")),
                "{text} in {strings}"
            );
        }
        let styles = entry(&mut zip, "xl/styles.xml");
        assert!(styles.contains("quotePrefix=\"1\""));
        assert!(styles.contains("FFFFF2CC"));
        assert!(styles.contains("formatCode=\"0.000\""));
    }

    #[test]
    fn overlong_cell_is_an_error() {
        let rows = vec![Row {
            row: 7,
            en: "x".repeat(MAX_CELL + 1),
            ..Row::default()
        }];
        let err = write_xlsx(&rows, &TableMeta::default(), std::io::sink()).unwrap_err();
        assert!(matches!(
            err,
            TableError::CellTooLong {
                row: 7,
                column: "en",
                ..
            }
        ));
    }

    #[test]
    fn empty_table() {
        let mut out = Vec::new();
        write_xlsx(&[], &TableMeta::default(), &mut out).unwrap();
        assert!(out.starts_with(b"PK"));
    }
}
