//! Python's `csv` module reads our CSV and TSV flavours and the parallel TSV.
//!
//! Skipped (with a message) when `python3` is missing, unless
//! `SVERKA_REQUIRE_CLIENTS=1`, in which case a missing client fails the test.

mod common;

use std::path::Path;

use sverka_table::*;

const READER: &str = r#"
import csv, json, sys
path, delimiter, quoting = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f, delimiter=delimiter, quoting=quoting))
json.dump(rows, sys.stdout, ensure_ascii=False)
"#;

fn python_reads(path: &Path, delimiter: &str, quoting: u8) -> Vec<Vec<String>> {
    let quoting = quoting.to_string();
    let out = common::run_python(
        READER,
        &[path.as_os_str(), delimiter.as_ref(), quoting.as_ref()],
    );
    serde_json::from_slice(&out).expect("python output is JSON")
}

fn rows() -> Vec<Row> {
    [
        ("- Да.", "- Yes."),
        ("Он сказал: \"Нет, спасибо\".", "He said, \"No, thanks.\""),
        ("строка 1\nстрока 2", "line 1\r\nline 2"),
        ("a\tb", "=1+1"),
        ("'Tis", "— No."),
        ("1.", "(5)"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (ru, en))| Row {
        row: i + 1,
        ru_lines: Some(LineRange::single(i + 1)),
        en_lines: Some(LineRange::new(i + 1, i + 2)),
        ru: ru.to_string(),
        en: en.to_string(),
        kind: BeadKind::new(1, 1),
        confidence: 0.5,
        flags: vec![Flag::LowConfidence, Flag::NamesDiffer, Flag::Mismatch],
        details: [
            "names: Grybauskaite?",
            "-1 sentence",
            "",
            "=1",
            "1.5",
            "a, \"b\"\nc",
        ][i]
            .to_string(),
        ..Row::default()
    })
    .collect()
}

#[test]
fn python_csv_reads_our_tables() {
    if !common::python3() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rows = rows();
    let mut expected = vec![COLUMNS.map(String::from).to_vec()];
    expected.extend(rows.iter().map(|r| {
        r.cells()
            .iter()
            .zip(COLUMNS)
            .map(|(c, name)| match name {
                "ru" | "en" | "details" | "note" => escape_text_cell(c).into_owned(),
                _ => escape_cell(c).into_owned(),
            })
            .collect()
    }));
    for (name, format, flavour, delimiter) in [
        ("excel.csv", Format::Csv, CsvFlavour::Excel, ","),
        ("plain.csv", Format::Csv, CsvFlavour::Plain, ","),
        ("table.tsv", Format::Tsv, CsvFlavour::Plain, "\t"),
    ] {
        let path = dir.path().join(name);
        let options = WriteOptions {
            csv: flavour,
            ..WriteOptions::default()
        };
        write_atomically(&path, |w| {
            write_table(&rows, &TableMeta::default(), format, &options, w)
        })
        .unwrap();
        // 0 = csv.QUOTE_MINIMAL
        let got = python_reads(&path, delimiter, 0);
        assert_eq!(got, expected, "{name}");
        // And our reader gets the original text back from what Python read.
        let back = read_table(std::fs::File::open(&path).unwrap()).unwrap();
        let texts: Vec<[String; 3]> = back
            .iter()
            .map(|r| [r.ru.clone(), r.en.clone(), r.details.clone()])
            .collect();
        let want: Vec<[String; 3]> = rows
            .iter()
            .map(|r| [r.ru.clone(), r.en.clone(), r.details.clone()])
            .collect();
        assert_eq!(texts, want, "{name}");
    }
}

#[test]
fn python_csv_reads_the_parallel_tsv() {
    if !common::python3() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.tsv");
    let reviewed: Vec<ReviewedRow> = rows().iter().map(ReviewedRow::from_row).collect();
    write_atomically(&path, |w| write_parallel(&reviewed, ParallelFormat::Tsv, w)).unwrap();
    // 3 = csv.QUOTE_NONE
    let got = python_reads(&path, "\t", 3);
    let want: Vec<Vec<String>> = [
        ("- Да.", "- Yes."),
        ("Он сказал: \"Нет, спасибо\".", "He said, \"No, thanks.\""),
        ("строка 1 строка 2", "line 1 line 2"),
        ("a b", "=1+1"),
        ("'Tis", "— No."),
        ("1.", "(5)"),
    ]
    .iter()
    .map(|(a, b)| vec![a.to_string(), b.to_string()])
    .collect();
    assert_eq!(got, want);
}
