//! The way back from a spreadsheet, with real clients: a table that went
//! through LibreOffice exports the same pairs as the original, and
//! translate-toolkit reads our TMX as we meant it.
//!
//! Skipped (with a message) when LibreOffice, Python 3 or translate-toolkit
//! is missing, unless `SVERKA_REQUIRE_CLIENTS=1`, in which case a missing
//! client fails the test.

#[path = "../../table/tests/common/mod.rs"]
mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use sverka_table::{
    read_table, write_atomically, write_csv, BeadKind, CsvFlavour, Flag, LineRange, ReviewedRow,
    Row, Status,
};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sverka(args: &[&OsStr]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("sverka runs");
    assert!(
        output.status.success(),
        "sverka {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `sverka align` on the shipped Lavrov interview, as an Excel-ready CSV.
fn align_corpus(out: &Path) {
    let corpus = workspace().join("corpora/lavrov-belarus-2017");
    sverka(&[
        "align".as_ref(),
        "-q".as_ref(),
        corpus.join("ru.txt").as_os_str(),
        corpus.join("en.txt").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
}

/// `sverka export TABLE --to FORMAT [--srclang LANG]`; the output's bytes.
fn export(table: &Path, to: &str, srclang: &str) -> Vec<u8> {
    let out = table.with_extension(format!("{srclang}.{to}"));
    sverka(&[
        "export".as_ref(),
        table.as_os_str(),
        "--to".as_ref(),
        to.as_ref(),
        "--srclang".as_ref(),
        srclang.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    std::fs::read(&out).unwrap()
}

/// A reviewed table with what reviewers do to one: statuses, notes (with
/// quotes, dashes and line breaks), dialogue dashes, formula-like text,
/// numeric-looking sentences, multi-line cells; and the aligner's flags and
/// details, some of which a spreadsheet would take for a formula or number.
fn reviewed_rows() -> Vec<Row> {
    let cells: [(&str, &str, Status, &str); 10] = [
        ("- Да.", "- Yes.", Status::Ok, ""),
        ("Нет.", "No.", Status::Reject, "лишнее"),
        ("=1+1", "+7 (495) 244-16-06", Status::Unreviewed, ""),
        (
            "@МИД_России: «Заявление».",
            "@MFA_Russia: \"Statement\".",
            Status::Fix,
            "- исправлено, \"так\"\nвторая строка",
        ),
        (
            "строка 1\nстрока 2",
            "line 1\nline 2",
            Status::Unreviewed,
            "",
        ),
        ("1.", "(5)", Status::Ok, ""),
        ("Только русский.", "", Status::Ok, ""),
        (
            "A & B <c>",
            "'Tis 'quoted'",
            Status::Unreviewed,
            "  <note> & \"co\"  ",
        ),
        ("1/2", "007", Status::Reject, ""),
        (
            "Последнее предложение.",
            "The last sentence.",
            Status::Unreviewed,
            "",
        ),
    ];
    cells
        .iter()
        .enumerate()
        .map(|(i, (ru, en, status, note))| Row {
            row: i + 1,
            ru_lines: Some(LineRange::single(i + 1)),
            en_lines: (!en.is_empty()).then(|| LineRange::single(i + 1)),
            ru: ru.to_string(),
            en: en.to_string(),
            kind: BeadKind::new(1, usize::from(!en.is_empty())),
            confidence: 0.25 + i as f64 / 20.0,
            flags: if DETAILS[i].is_empty() {
                vec![]
            } else {
                vec![Flag::Mismatch]
            },
            details: DETAILS[i].to_string(),
            status: *status,
            note: note.to_string(),
            ..Row::default()
        })
        .collect()
}

/// The `details` cells of [`reviewed_rows`].
const DETAILS: [&str; 10] = [
    "numbers: 640 ≠ 460",
    "",
    "=640-460",
    "-1 sentence; names: «Грибаускайте»?",
    "length: ru 84 / en 424 chars\nno support for: «строка 2»",
    "1.5",
    "",
    "names: A & B <c>?",
    "",
    "no support for: \"The last sentence.\"",
];

fn write_reviewed(path: &Path, flavour: CsvFlavour) {
    write_atomically(path, |w| write_csv(&reviewed_rows(), flavour, w)).unwrap();
}

/// Opens each CSV in LibreOffice, saves it as XLSX, opens that and saves it
/// as CSV again, once with LibreOffice's default settings (comma, quotes
/// where needed) and once with `;` and every text cell quoted. Returns the
/// two directories of re-saved CSV files (same file names as `tables`).
fn libreoffice_round_trip(tables: &[PathBuf], dir: &Path) -> [PathBuf; 2] {
    let xl = dir.join("xl");
    std::fs::create_dir(&xl).unwrap();
    common::soffice_convert(tables, common::XLSX_EXPORT, Some(common::CSV_IMPORT), &xl);
    let workbooks: Vec<PathBuf> = tables
        .iter()
        .map(|t| xl.join(t.file_stem().unwrap()).with_extension("xlsx"))
        .collect();
    let dirs = [dir.join("comma"), dir.join("semicolon")];
    for (out, filter) in dirs.iter().zip([
        common::CSV_EXPORT_COMMA,
        common::CSV_EXPORT_SEMICOLON_QUOTED,
    ]) {
        std::fs::create_dir(out).unwrap();
        common::soffice_convert(&workbooks, filter, None, out);
    }
    dirs
}

#[test]
fn a_table_saved_back_by_libreoffice_exports_the_same_pairs() {
    if !common::libreoffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.csv");
    align_corpus(&corpus);
    let reviewed = dir.path().join("reviewed.csv");
    write_reviewed(&reviewed, CsvFlavour::Excel);
    let plain = dir.path().join("plain.csv");
    write_reviewed(&plain, CsvFlavour::Plain);
    let tables = [corpus, reviewed, plain];
    let resaved = libreoffice_round_trip(&tables, dir.path());
    for table in &tables {
        let name = table.file_name().unwrap();
        for to in ["tmx", "jsonl", "tsv"] {
            let want = export(table, to, "ru");
            assert!(
                want.len() > 200,
                "{name:?} {to}: {}",
                String::from_utf8_lossy(&want)
            );
            for dir in &resaved {
                let got = export(&dir.join(name), to, "ru");
                assert!(
                    got == want,
                    "{name:?} via {} to {to}:\n{}\n---- want ----\n{}",
                    dir.display(),
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want)
                );
            }
        }
    }
    // The reviewed table lost its rejected rows and the row with an empty side.
    let tmx = String::from_utf8(export(&tables[1], "tmx", "ru")).unwrap();
    assert_eq!(tmx.matches("<tu>").count(), 7, "{tmx}");
}

/// Parses a TMX with translate-toolkit and prints what it found as JSON.
const TMX_READER: &str = r#"
import json, sys
from translate.storage import tmx
from translate.misc.xml_helpers import getXMLlang
with open(sys.argv[1], "rb") as f:
    store = tmx.tmxfile(f)
units = [
    {
        "langs": [getXMLlang(node) for node in unit.getlanguageNodes()],
        "source": unit.source,
        "target": unit.target,
        "notes": unit.getnotes(),
        "details": [
            prop.text
            for prop in unit.xmlelement.iterchildren("prop")
            if prop.get("type") == "x-details"
        ],
    }
    for unit in store.units
]
json.dump({"srclang": store.sourcelanguage, "units": units}, sys.stdout, ensure_ascii=False)
"#;

fn translate_toolkit_reads(tmx: &Path) -> Value {
    let out = common::run_python(TMX_READER, &[tmx.as_os_str()]);
    serde_json::from_slice(&out).expect("JSON from the TMX reader")
}

/// What a TMX reader should find for `rows`: the rows not rejected with
/// text on both sides, trimmed, in order, the source language first; the
/// reviewer's note as the unit's note and the details as a property apart.
fn expected_units(rows: &[ReviewedRow], srclang: &str) -> Value {
    let trim = |s: &str| {
        s.trim_matches(|c: char| c.is_whitespace() || c.is_control())
            .to_string()
    };
    let units: Vec<Value> = rows
        .iter()
        .filter(|r| r.status != Status::Reject)
        .filter(|r| !trim(&r.ru).is_empty() && !trim(&r.en).is_empty())
        .map(|r| {
            let (ru, en, notes) = (trim(&r.ru), trim(&r.en), r.note.trim().to_string());
            let details: Vec<&str> = Some(r.details.trim()).filter(|d| !d.is_empty()).into_iter().collect();
            let (source, target, langs) = if srclang == "ru" {
                (ru, en, ["ru", "en"])
            } else {
                (en, ru, ["en", "ru"])
            };
            json!({"langs": langs, "source": source, "target": target, "notes": notes, "details": details})
        })
        .collect();
    json!({"srclang": srclang, "units": units})
}

#[test]
fn translate_toolkit_reads_our_tmx() {
    if !common::translate_toolkit() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("reviewed.csv");
    write_reviewed(&table, CsvFlavour::Excel);
    let rows = read_table(std::fs::File::open(&table).unwrap()).unwrap();
    for srclang in ["ru", "en"] {
        export(&table, "tmx", srclang);
        let tmx = table.with_extension(format!("{srclang}.tmx"));
        let got = translate_toolkit_reads(&tmx);
        let want = expected_units(&rows, srclang);
        assert_eq!(got, want, "srclang {srclang}");
        let units = got["units"].as_array().unwrap();
        assert_eq!(units.len(), 7);
        // Details survive the table and its spreadsheet escape.
        let details: Vec<&Value> = units
            .iter()
            .flat_map(|u| u["details"].as_array().unwrap())
            .collect();
        assert_eq!(
            details,
            [
                "numbers: 640 ≠ 460",
                "=640-460",
                "-1 sentence; names: «Грибаускайте»?",
                "length: ru 84 / en 424 chars\nno support for: «строка 2»",
                "1.5",
                "names: A & B <c>?",
                "no support for: \"The last sentence.\"",
            ]
        );
    }
}

/// Plays the reviewer on a CSV as LibreOffice saved it: reads it with
/// Python's csv module, applies the edits (row number → column → text) and
/// saves it back with Python's defaults (CRLF, no BOM, minimal quoting).
const REVIEWER: &str = r#"
import csv, json, sys
path, edits = sys.argv[1], json.loads(sys.argv[2])
with open(path, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header = rows[0]
for row in rows[1:]:
    for column, text in edits.get(row[header.index("row")], {}).items():
        row[header.index(column)] = text
with open(path, "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows(rows)
"#;

#[test]
fn align_review_in_libreoffice_export_and_read_with_translate_toolkit() {
    if !(common::libreoffice() && common::translate_toolkit()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.csv");
    align_corpus(&review);
    let original = read_table(std::fs::File::open(&review).unwrap()).unwrap();
    let [resaved, _] = libreoffice_round_trip(std::slice::from_ref(&review), dir.path());
    let resaved = resaved.join("review.csv");

    // The reviewer rejects two pairs, approves one with a note, corrects the
    // English of another, and approves a row whose English side is empty.
    let pairs: Vec<&ReviewedRow> = original
        .iter()
        .filter(|r| !r.ru.is_empty() && !r.en.is_empty())
        .collect();
    let addition = original
        .iter()
        .find(|r| r.ru.is_empty())
        .expect("an addition");
    let number = |r: &ReviewedRow| r.row.unwrap().to_string();
    let note = "Проверить: «Лавров», \"кавычки\", - тире;\nвторая строка";
    let fixed_en = format!("{} (edited)", pairs[3].en);
    let edits = json!({
        number(pairs[0]): {"status": "reject"},
        number(pairs[2]): {"status": "Rejected"},
        number(pairs[1]): {"status": "ok", "note": note},
        number(pairs[3]): {"status": "fix", "en": fixed_en},
        number(addition): {"status": "ок"},
    });
    common::run_python(REVIEWER, &[resaved.as_os_str(), edits.to_string().as_ref()]);

    let tmx = resaved.with_extension("ru.tmx");
    export(&resaved, "tmx", "ru");
    let got = translate_toolkit_reads(&tmx);

    // The same edits on the table as sverka wrote it.
    let mut want_rows = original.clone();
    for row in &mut want_rows {
        if let Some(edit) = edits.get(number(row)) {
            if let Some(status) = edit.get("status") {
                row.status = Status::parse(status.as_str().unwrap()).unwrap();
            }
            if let Some(note) = edit.get("note") {
                row.note = note.as_str().unwrap().to_string();
            }
            if let Some(en) = edit.get("en") {
                row.en = en.as_str().unwrap().to_string();
            }
        }
    }
    let want = expected_units(&want_rows, "ru");
    assert_eq!(got, want);
    let units = got["units"].as_array().unwrap();
    assert_eq!(units.len(), pairs.len() - 2);
    assert!(units.iter().any(|u| u["notes"] == note));
    assert!(units.iter().any(|u| u["target"] == fixed_en.as_str()));
}
