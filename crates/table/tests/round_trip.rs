//! Write every flavour, read it back, get the same cells.

use proptest::prelude::*;
use sverka_table::*;

fn tricky_rows() -> Vec<Row> {
    let texts = [
        ("- Да.", "- Yes."),
        ("— Нет.", "— No."),
        ("=1+1", "+7 (495) 123-45-67"),
        ("@all", "\tindented"),
        ("'Tis", "'Yes,' she said."),
        ("'-x", "''=y"),
        (
            "Он сказал: \"Нет, спасибо\"; ушёл.",
            "He said, \"No, thanks\"; left.",
        ),
        ("строка 1\nстрока 2", "line 1\r\nline 2\rline 3"),
        ("a\tb", "c,d;e"),
        ("", "Only English."),
        ("Только русский.", ""),
        ("  spaces  ", " "),
        ("1.", "(5)"),
        ("'007", "1/2"),
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
            confidence: i as f64 / 11.0,
            flags: if i % 3 == 0 {
                vec![Flag::Omission, Flag::NumbersDiffer, Flag::Mismatch]
            } else {
                vec![]
            },
            // Details as the engine writes them, and ones a spreadsheet
            // would run as a formula or take for a number.
            details: [
                "",
                "numbers: 640 ≠ 460; names: Grybauskaite?",
                "=640-460",
                "-2 sentences",
                "length: ru 84 / en 424 chars",
                "1.5",
                "no support for: «Горячая линия МЧС работает круглосуточно.»",
            ][i % 7]
                .to_string(),
            status: [Status::Unreviewed, Status::Ok, Status::Fix, Status::Reject][i % 4],
            note: if i % 2 == 0 {
                String::new()
            } else {
                format!("- заметка {i}")
            },
            ..Row::default()
        })
        .collect()
}

fn written(rows: &[Row], format: Format, csv: CsvFlavour) -> Vec<u8> {
    let mut out = Vec::new();
    let options = WriteOptions {
        csv,
        srclang: Side::Source,
    };
    write_table(rows, &TableMeta::default(), format, &options, &mut out).unwrap();
    out
}

fn assert_same_cells(rows: &[Row], back: &[ReviewedRow], numeric_confidence: bool) {
    assert_eq!(rows.len(), back.len());
    for (row, read) in rows.iter().zip(back) {
        let (mut want, mut got) = (row.cells(), read.cells());
        if numeric_confidence {
            // JSONL carries a number: compare values, not spellings.
            let w: f64 = want[6].parse().unwrap();
            let g: f64 = got[6].parse().unwrap();
            assert_eq!(w, g);
            want[6].clear();
            got[6].clear();
        }
        assert_eq!(want, got, "row {}", row.row);
    }
}

#[test]
fn every_flavour_round_trips() {
    let rows = tricky_rows();
    for (format, flavour) in [
        (Format::Csv, CsvFlavour::Excel),
        (Format::Csv, CsvFlavour::Plain),
        (Format::Tsv, CsvFlavour::Plain),
        (Format::Jsonl, CsvFlavour::Plain),
    ] {
        let bytes = written(&rows, format, flavour);
        let back = read_table(&bytes[..]).unwrap_or_else(|e| panic!("{format} {flavour:?}: {e}"));
        assert_same_cells(&rows, &back, format == Format::Jsonl);
    }
}

#[test]
fn lines_and_positions_point_at_the_file() {
    let rows = tricky_rows();
    let bytes = written(&rows, Format::Csv, CsvFlavour::Plain);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let back = read_table(&bytes[..]).unwrap();
    for r in &back {
        let line = text.split('\n').nth(r.line as usize - 1).unwrap();
        assert!(line.starts_with(&format!("{},", r.row.unwrap())), "{line}");
        assert_eq!(r.position().sheet_row, Some(r.data_row + 1));
    }
    // Row 8 holds line breaks, so the rows after it start further down the file.
    assert_eq!(back[8].data_row, 9);
    assert_eq!(back[8].line, 12);
}

/// What Excel in a Russian locale saves: BOM, `;`, CRLF, apostrophe escapes
/// dropped, decimal commas, dates for kinds, trailing empty cells trimmed.
#[test]
fn excel_resave_russian_locale() {
    let text = "\u{feff}row;ru_lines;en_lines;ru;en;kind;confidence;flags;status;note\r\n\
                1;1;1;- Да.;- Yes.;01.янв;0,988;;OK;\r\n\
                2;2-3;;\"Он сказал: \"\"Нет\"\"; ушёл.\";;02.янв;0,100;omission;Reject;нет перевода\r\n\
                3;4;2;Три.;Three.;1-1;0,5;;fixed;\"исправлено;\r\nвторая строка\"\r\n\
                4;5;3;Четыре.;Four.;1-1;0,4\r\n";
    let rows = read_table(text.as_bytes()).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!((rows[0].ru.as_str(), rows[0].status), ("- Да.", Status::Ok));
    assert_eq!(rows[1].ru, "Он сказал: \"Нет\"; ушёл.");
    assert_eq!((rows[1].en.as_str(), rows[1].status), ("", Status::Reject));
    assert_eq!(rows[2].note, "исправлено;\r\nвторая строка");
    assert_eq!(rows[2].status, Status::Fix);
    assert_eq!(
        (rows[3].status, rows[3].note.as_str()),
        (Status::Unreviewed, "")
    );
    assert_eq!((rows[3].data_row, rows[3].line), (4, 6));
    let mut tmx = Vec::new();
    let counts = write_tmx(&rows, &TableMeta::default(), Side::Source, &mut tmx).unwrap();
    assert_eq!((counts.kept, counts.rejected, counts.empty_side), (3, 1, 0));
}

#[test]
fn details_that_look_like_formulas_or_numbers_stay_text() {
    let details = [
        "=640-460",
        "-2 sentences",
        "+7",
        "1.5",
        "'=x",
        "numbers: 640 ≠ 460",
    ];
    let rows: Vec<Row> = details
        .iter()
        .enumerate()
        .map(|(i, d)| Row {
            row: i + 1,
            ru: "Да.".into(),
            en: "Yes.".into(),
            kind: BeadKind::new(1, 1),
            confidence: 0.5,
            flags: vec![Flag::Mismatch],
            details: d.to_string(),
            ..Row::default()
        })
        .collect();
    let escaped = [
        "'=640-460",
        "'-2 sentences",
        "'+7",
        "'1.5",
        "''=x",
        "numbers: 640 ≠ 460",
    ];
    for (format, delimiter) in [(Format::Csv, b','), (Format::Tsv, b'\t')] {
        let bytes = written(&rows, format, CsvFlavour::Plain);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(&bytes[..]);
        let header = reader.headers().unwrap().clone();
        let flags = header.iter().position(|h| h == "flags").unwrap();
        assert_eq!(
            &header[flags + 1],
            "details",
            "{format}: details right after flags"
        );
        let cells: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[flags + 1].to_string())
            .collect();
        assert_eq!(cells, escaped, "{format}");
        let back = read_table(&bytes[..]).unwrap();
        let read: Vec<&str> = back.iter().map(|r| r.details.as_str()).collect();
        assert_eq!(read, details, "{format}");
        assert!(back.iter().all(|r| r.flags == "mismatch"));
    }
    // JSONL is not for spreadsheets: no escape, and the text reads back as it is.
    let bytes = written(&rows, Format::Jsonl, CsvFlavour::Plain);
    let first: serde_json::Value =
        serde_json::from_slice(bytes.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["details"], "=640-460");
    let back = read_table(&bytes[..]).unwrap();
    let read: Vec<&str> = back.iter().map(|r| r.details.as_str()).collect();
    assert_eq!(read, details);
}

/// Tables written before the `details` column existed, as CSV (also as a
/// Russian-locale Excel saves it) and JSONL, still read and export.
#[test]
fn tables_without_details_still_read() {
    for text in [
        "row,ru_lines,en_lines,ru,en,kind,confidence,flags,status,note\n\
         1,1,1,'- Да.,'- Yes.,1-1,0.988,numbers-differ,ok,'007\n",
        "\u{feff}row;ru_lines;en_lines;ru;en;kind;confidence;flags;status;note\r\n\
         1;1;1;- Да.;- Yes.;01.янв;0,988;numbers-differ;OK;007\r\n",
        "{\"row\":1,\"ru_lines\":\"1\",\"en_lines\":\"1\",\"ru\":\"- Да.\",\"en\":\"- Yes.\",\"kind\":\"1-1\",\
         \"confidence\":0.988,\"flags\":[\"numbers-differ\"],\"status\":\"ok\",\"note\":\"007\"}\n",
    ] {
        let rows = read_table(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(rows.len(), 1, "{text:?}");
        let row = &rows[0];
        assert_eq!(
            (row.ru.as_str(), row.en.as_str(), row.status),
            ("- Да.", "- Yes.", Status::Ok),
            "{text:?}"
        );
        assert_eq!((row.flags.as_str(), row.details.as_str()), ("numbers-differ", ""));
        assert_eq!(row.note, "007", "{text:?}");
        let mut tmx = Vec::new();
        let counts = write_tmx(&rows, &TableMeta::default(), Side::Source, &mut tmx).unwrap();
        assert_eq!(counts.kept, 1);
        assert!(!String::from_utf8(tmx).unwrap().contains("x-details"));
    }
}

/// A reviewer may move the column or save the table with `;`: `details`
/// is found by name like every other column.
#[test]
fn details_found_by_name() {
    let text = "\u{feff}Details;ru;en;status\r\n'-1 sentence;Да.;Yes.;ok\r\n";
    let rows = read_table(text.as_bytes()).unwrap();
    assert_eq!(rows[0].details, "-1 sentence");
    let err = read_table("ru,en,status,details,DETAILS\n".as_bytes()).unwrap_err();
    assert!(matches!(err, TableError::DuplicateColumn { .. }), "{err:?}");
}

#[test]
fn merged_and_split_rows_are_all_kept() {
    let text = "row,ru,en,status\n\
                1,Раз. Два.,One. Two.,fix\n\
                3,Три.,Three.,ok\n\
                3,Три-бис.,Three again.,ok\n\
                ,Новая.,New.,\n";
    let rows = read_table(text.as_bytes()).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3].row, None);
    let mut out = Vec::new();
    let counts = write_parallel(&rows, ParallelFormat::Tsv, &mut out).unwrap();
    assert_eq!(counts.kept, 4);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "Раз. Два.\tOne. Two.\nТри.\tThree.\nТри-бис.\tThree again.\nНовая.\tNew.\n"
    );
}

fn arb_row() -> impl Strategy<Value = Row> {
    let text = prop_oneof![
        any::<String>(),
        "[-=+@'\"\t\r\n ,;a-zа-я—0-9.()%/$≠«»?:]{0,12}",
    ];
    (
        1usize..1000,
        (text.clone(), text.clone()),
        text.clone(),
        text,
        0.0f64..=1.0,
        0usize..4,
    )
        .prop_map(|(row, (ru, en), details, note, confidence, s)| Row {
            row,
            ru,
            en,
            details,
            note,
            confidence,
            kind: BeadKind::new(1, 1),
            status: [Status::Unreviewed, Status::Ok, Status::Fix, Status::Reject][s],
            flags: if s == 1 {
                vec![Flag::LengthOdd]
            } else {
                vec![]
            },
            ..Row::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_round_trips(rows in prop::collection::vec(arb_row(), 0..6)) {
        for (format, flavour) in [
            (Format::Csv, CsvFlavour::Excel),
            (Format::Csv, CsvFlavour::Plain),
            (Format::Tsv, CsvFlavour::Plain),
            (Format::Jsonl, CsvFlavour::Plain),
        ] {
            let bytes = written(&rows, format, flavour);
            if rows.is_empty() && format == Format::Jsonl {
                prop_assert!(bytes.is_empty());
                continue;
            }
            let back = read_table(&bytes[..]).unwrap();
            assert_same_cells(&rows, &back, format == Format::Jsonl);
        }
    }
}
