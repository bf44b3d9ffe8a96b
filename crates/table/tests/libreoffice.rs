//! LibreOffice Calc opens our CSV (both flavours) and XLSX right, and what
//! it saves back reads as the table we wrote.
//!
//! Skipped (with a message) when `soffice` is missing, unless
//! `SVERKA_REQUIRE_CLIENTS=1`, in which case a missing client fails the test.

mod common;

use std::path::Path;

use sverka_table::*;

/// Rows that a spreadsheet could get wrong.
fn rows() -> Vec<Row> {
    let texts = [
        (
            "Вопрос: Как Москва относится к этому? Спасибо.",
            "Q: How does Moscow see it? Thank you.",
        ),
        ("- Да.", "- Yes."),
        ("=1+1", "+7 (495) 244-16-06"),
        ("@МИД_России", "-5 degrees"),
        (
            "Он сказал: \"Нет, спасибо\"; ушёл.",
            "He said, \"No, thanks\"; left.",
        ),
        ("строка 1\nстрока 2", "line 1\nline 2"),
        ("1.", "(5)"),
        ("1/2", "007"),
        ("'Tis", "''=x"),
        ("", "Only English."),
        ("В 1990 году, 12.03.", "In 1990, on 12 March."),
        // Dates a spreadsheet would turn into its own date format on save.
        ("23 июня 2017", "July 8, 2017"),
        ("июнь 2017", "June 2017"),
        ("6/23", "Jun 23"),
        ("23.06.2017", "2017-06-23"),
        ("8 июля", "8 July 2017"),
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, (ru, en))| Row {
            row: i + 1,
            ru_lines: (!ru.is_empty()).then(|| LineRange::new(i + 1, i + 2)),
            en_lines: (!en.is_empty()).then(|| LineRange::single(i + 1)),
            ru: ru.to_string(),
            en: en.to_string(),
            kind: BeadKind::new(usize::from(!ru.is_empty()), usize::from(!en.is_empty())),
            confidence: (i as f64 + 0.5) / 12.0,
            flags: if i % 3 == 0 {
                vec![Flag::NumbersDiffer, Flag::LowConfidence, Flag::Mismatch]
            } else {
                vec![]
            },
            details: [
                "numbers: 640 ≠ 460; names: Grybauskaite?",
                "",
                "-2 sentences",
                "=640-460",
                "1.5",
                "no support for: «Горячая линия МЧС работает круглосуточно.»\nlength: ru 84 / en 424 chars",
            ][i % 6]
                .to_string(),
            note: if i % 4 == 1 {
                format!("- проверить, \"{i}\"")
            } else {
                String::new()
            },
            ..Row::default()
        })
        .collect()
}

/// The cells as our CSV writer puts them in the file.
fn escaped(row: &Row) -> Vec<String> {
    row.cells()
        .iter()
        .zip(COLUMNS)
        .map(|(cell, name)| match name {
            "ru" | "en" | "details" | "note" => escape_text_cell(cell).into_owned(),
            _ => escape_cell(cell).into_owned(),
        })
        .collect()
}

fn write(path: &Path, rows: &[Row], format: Format, csv: CsvFlavour) {
    let options = WriteOptions {
        csv,
        ..WriteOptions::default()
    };
    write_atomically(path, |w| {
        write_table(rows, &TableMeta::default(), format, &options, w)
    })
    .unwrap();
}

/// `read_table` on the file gives back every cell of `rows` (confidence as
/// a number: LibreOffice shows `0.500` as `0.5`).
fn assert_reads_back(path: &Path, rows: &[Row]) {
    let back = read_table(std::fs::File::open(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(back.len(), rows.len(), "{}", path.display());
    for (row, read) in rows.iter().zip(&back) {
        let (mut want, mut got) = (row.cells(), read.cells());
        let number = |s: &str| -> f64 { s.parse().unwrap_or_else(|_| panic!("number {s:?}")) };
        assert!((number(&want[6]) - number(&got[6])).abs() < 5e-4);
        want[6].clear();
        got[6].clear();
        assert_eq!(want, got, "{} row {}", path.display(), row.row);
    }
}

#[test]
fn libreoffice_opens_our_csv_and_xlsx_and_saves_them_back_intact() {
    if !common::libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rows = rows();
    let excel = dir.path().join("excel.csv");
    let plain = dir.path().join("plain.csv");
    let ours = dir.path().join("ours.xlsx");
    write(&excel, &rows, Format::Csv, CsvFlavour::Excel);
    write(&plain, &rows, Format::Csv, CsvFlavour::Plain);
    write(&ours, &rows, Format::Xlsx, CsvFlavour::Excel);

    // Open the CSV files as a spreadsheet (saved as XLSX to look inside).
    let xl = dir.path().join("xl");
    std::fs::create_dir(&xl).unwrap();
    common::soffice_convert(
        &[excel.clone(), plain.clone()],
        common::XLSX_EXPORT,
        Some(common::CSV_IMPORT),
        &xl,
    );
    for name in ["excel.xlsx", "plain.xlsx"] {
        let sheet = common::zip_entry(&xl.join(name), "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "{name}: a cell became a formula");
        assert_eq!(
            sheet.matches("<row ").count(),
            rows.len() + 1,
            "{name}: a multi-line cell split a row"
        );
        let strings = common::zip_entry(&xl.join(name), "xl/sharedStrings.xml");
        for text in [
            "Москва",
            "&apos;- Да.",
            "&apos;=1+1",
            "&apos;1/2",
            "&apos;=640-460",
            "&apos;1.5",
            "строка 1&#10;строка 2",
        ] {
            assert!(strings.contains(text), "{name}: {text} not in {strings}");
        }
    }

    // Save every workbook back as CSV, as a reviewer would.
    let back = dir.path().join("back");
    std::fs::create_dir(&back).unwrap();
    common::soffice_convert(
        &[xl.join("excel.xlsx"), xl.join("plain.xlsx"), ours.clone()],
        common::CSV_EXPORT_COMMA,
        None,
        &back,
    );
    for name in ["excel.csv", "plain.csv"] {
        let path = back.join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.starts_with(b"\xEF\xBB\xBF"),
            "LibreOffice writes no BOM"
        );
        assert!(
            !bytes.windows(2).any(|w| w == b"\r\n"),
            "LibreOffice writes LF"
        );
        // Every text cell comes back as we wrote it, apostrophes included:
        // nothing was evaluated, converted or split.
        let cells = common::raw_cells(&path, b',');
        assert_eq!(cells.len(), rows.len() + 1, "{name}");
        assert_eq!(cells[0], COLUMNS, "{name}");
        for (row, got) in rows.iter().zip(&cells[1..]) {
            let want = escaped(row);
            for (col, name) in COLUMNS.iter().enumerate() {
                if matches!(*name, "row" | "confidence" | "ru_lines" | "en_lines") {
                    // Numbers in a spreadsheet: same value, maybe another spelling.
                    let value = |s: &str| s.split('-').next().unwrap().parse::<f64>().ok();
                    assert_eq!(
                        value(&want[col]),
                        value(&got[col]),
                        "{name} {want:?} {got:?}"
                    );
                } else {
                    assert_eq!(want[col], got[col], "row {} column {name}", row.row);
                }
            }
        }
        assert_reads_back(&path, &rows);
    }
    // From our workbook: strings stay strings, and the apostrophe rule makes
    // the saved CSV read back exactly.
    assert_reads_back(&back.join("ours.csv"), &rows);
}
