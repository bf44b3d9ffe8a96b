//! The review workbook's layout: frozen header, autofilter, widths, wrapped
//! text, highlighted flagged rows, no formulas; checked in our file and, when
//! LibreOffice is installed, in the workbook LibreOffice saves after opening
//! ours (so we know it understood them).

mod common;

use std::path::Path;

use sverka_table::*;

fn rows() -> Vec<Row> {
    (1..=4)
        .map(|i| Row {
            row: i,
            ru: format!("- Предложение {i}. =1+1"),
            en: format!("Sentence {i}."),
            kind: BeadKind::new(1, 1),
            confidence: 0.5,
            flags: if i % 2 == 0 {
                vec![Flag::NamesDiffer]
            } else {
                vec![]
            },
            details: if i % 2 == 0 {
                format!("names: Grybauskaite{i}?")
            } else {
                String::new()
            },
            ..Row::default()
        })
        .collect()
}

fn write(path: &Path) {
    write_atomically(path, |w| write_xlsx(&rows(), &TableMeta::default(), w)).unwrap();
}

fn sheet_and_styles(path: &Path) -> (String, String) {
    (
        common::zip_entry(path, "xl/worksheets/sheet1.xml"),
        common::zip_entry(path, "xl/styles.xml"),
    )
}

const FLAGGED: &str = "FFF2CC";

fn assert_layout(sheet: &str, styles: &str) {
    assert!(!sheet.contains("<f>"), "a formula: {sheet}");
    assert!(sheet.contains("<autoFilter ref=\"A1:K5\""), "{sheet}");
    assert!(common::column_width(sheet, 1) < 10.0);
    for text_column in [4, 5] {
        assert!(common::column_width(sheet, text_column) > 50.0, "{sheet}");
    }
    assert!(common::column_width(sheet, 9) > 20.0, "details column");
    assert!(common::column_width(sheet, 11) > 20.0, "note column");
    for row in 2..=5 {
        let flagged = row % 2 == 1; // bead `row - 1` is flagged when even
        for column in ['A', 'D', 'E', 'I', 'K'] {
            let look = common::cell_look(sheet, styles, &format!("{column}{row}"));
            assert_eq!(
                look.fill.as_deref() == Some(FLAGGED),
                flagged,
                "{column}{row}: {look:?}"
            );
            assert_eq!(look.wrap, column != 'A', "{column}{row}: {look:?}");
        }
    }
}

#[test]
fn our_workbook_has_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.xlsx");
    write(&path);
    let (sheet, styles) = sheet_and_styles(&path);
    assert!(
        sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""),
        "header not frozen: {sheet}"
    );
    assert_layout(&sheet, &styles);
}

#[test]
fn libreoffice_understands_the_layout() {
    if !common::libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.xlsx");
    write(&path);
    let out = dir.path().join("lo");
    std::fs::create_dir(&out).unwrap();
    common::soffice_convert(&[path], common::XLSX_EXPORT, None, &out);
    let (sheet, styles) = sheet_and_styles(&out.join("review.xlsx"));
    // Headless LibreOffice has no view, so it drops view settings such as
    // the frozen header on conversion; that one is checked in our file only.
    assert_layout(&sheet, &styles);
}
