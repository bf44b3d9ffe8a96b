//! The `sverka` binary end to end: the corpus pair, encodings, split, eval
//! and export. Hostile inputs (refusals, huge and odd files, failing
//! writes) are in the catalogue `tests/hostile.toml`, run by `tests/hostile.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sverka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("sverka runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const CORPUS: &str = "corpora/lavrov-belarus-2017";

const RU: &str = "Вопрос: Как Москва относится к сближению Белоруссии и Евросоюза?\n\nС.В.Лавров: У нас нет никакой ревности. Это естественное желание любой страны.\n";
const EN: &str = "Q: How does Moscow view the rapprochement between Belarus and the EU?\n\nSergey Lavrov: We are not jealous. It is a natural desire of any country.\n";

#[test]
fn corpus_table_covers_every_sentence_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("review.jsonl");
    let output = sverka(&[
        "align",
        &format!("{CORPUS}/ru.txt"),
        &format!("{CORPUS}/en.txt"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("read as UTF-8"));
    let text = std::fs::read_to_string(&out).unwrap();
    let (mut next_ru, mut next_en) = (0u64, 0u64);
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        for (key, next) in [
            ("ru_sentences", &mut next_ru),
            ("en_sentences", &mut next_en),
        ] {
            for index in row[key].as_array().unwrap() {
                assert_eq!(
                    index.as_u64().unwrap(),
                    *next,
                    "{key} out of order in {line}"
                );
                *next += 1;
            }
        }
    }
    let count = |name: &str| {
        std::fs::read_to_string(workspace().join(CORPUS).join(name))
            .unwrap()
            .lines()
            .count() as u64
    };
    // The segmenter's own sentences agree in number with the shipped
    // reference segmentation; the table may have cut some more at soft
    // boundaries where the other text has two sentences.
    for (lang, file, reference, in_table) in [
        ("ru", "ru.txt", "ru.sents", next_ru),
        ("en", "en.txt", "en.sents", next_en),
    ] {
        let split = sverka(&["split", "-q", "--lang", lang, &format!("{CORPUS}/{file}")]);
        assert!(split.status.success(), "{}", stderr(&split));
        let sentences = String::from_utf8(split.stdout).unwrap().lines().count() as u64;
        assert_eq!(sentences, count(reference), "{file}");
        assert!(in_table >= sentences, "{file}: {in_table} < {sentences}");
    }
}

#[test]
fn csv_file_is_excel_ready_and_stdout_is_plain() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ru.txt"), RU).unwrap();
    std::fs::write(dir.path().join("en.txt"), EN).unwrap();
    let out = dir.path().join("t.csv");
    let ru = dir.path().join("ru.txt");
    let en = dir.path().join("en.txt");
    let output = sverka(&[
        "align",
        ru.to_str().unwrap(),
        en.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(
        b"\xEF\xBB\xBFrow,ru_lines,en_lines,ru,en,kind,confidence,flags,details,status,note\r\n"
    ));
    let output = sverka(&["align", "-q", ru.to_str().unwrap(), en.to_str().unwrap()]);
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.starts_with("row,ru_lines"), "{table}");
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(table.contains("1,1,1,Вопрос: Как Москва"), "{table}");
    assert!(output.stderr.is_empty());
}

fn write_encoded(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn legacy_and_utf16_encodings_are_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_encoded(dir.path(), "en.txt", EN.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(RU.encode_utf16().flat_map(|u| u.to_le_bytes()));
    for (name, bytes, expected) in [
        (
            "cp1251.txt",
            encoding_rs::WINDOWS_1251.encode(RU).0.into_owned(),
            "windows-1251",
        ),
        (
            "koi8.txt",
            encoding_rs::KOI8_R.encode(RU).0.into_owned(),
            "KOI8-R",
        ),
        ("utf16.txt", utf16, "UTF-16LE"),
    ] {
        let ru = write_encoded(dir.path(), name, &bytes);
        let output = sverka(&[
            "align",
            "--plain",
            ru.to_str().unwrap(),
            en.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("read as {expected}")),
            "{name}: {}",
            stderr(&output)
        );
        let table = String::from_utf8(output.stdout).unwrap();
        assert!(
            table.contains("С.В.Лавров: У нас нет никакой ревности."),
            "{name}: {table}"
        );
    }
}

#[test]
fn split_reproduces_the_reference_segmentation() {
    for lang in ["en", "ru"] {
        let output = sverka(&[
            "split",
            "-q",
            "--lang",
            lang,
            &format!("{CORPUS}/{lang}.txt"),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let ours = String::from_utf8(output.stdout).unwrap();
        let reference =
            std::fs::read_to_string(workspace().join(CORPUS).join(format!("{lang}.sents")))
                .unwrap();
        let ours: Vec<&str> = ours.lines().collect();
        let reference: Vec<&str> = reference.lines().collect();
        for (k, (a, b)) in ours.iter().zip(&reference).enumerate() {
            assert_eq!(a, b, "{lang}: sentence {k} differs");
        }
        assert_eq!(ours.len(), reference.len(), "{lang}: sentence count");
    }
}

#[test]
fn split_jsonl_carries_offsets_into_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let ru = write_encoded(dir.path(), "ru.txt", RU.as_bytes());
    let output = sverka(&["split", "--jsonl", "--lang", "ru", ru.to_str().unwrap()]);
    assert!(output.status.success());
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&RU[start..end], v["text"].as_str().unwrap());
    }
}

#[test]
fn eval_scores_gold_against_itself_as_perfect() {
    let gold = format!("{CORPUS}/gold.beads");
    let output = sverka(&["eval", "--gold", &gold, "--test", &gold]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().trim(),
        "strict P 1.000 R 1.000 F1 1.000; lax P 1.000 R 1.000 F1 1.000"
    );
}

#[test]
fn export_turns_a_reviewed_table_into_tmx_and_refuses_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let ru = write_encoded(dir.path(), "ru.txt", RU.as_bytes());
    let en = write_encoded(dir.path(), "en.txt", EN.as_bytes());
    let table = dir.path().join("review.csv");
    let output = sverka(&[
        "align",
        ru.to_str().unwrap(),
        en.to_str().unwrap(),
        "-o",
        table.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A reviewer rejects the second row, as a spreadsheet would save it.
    let text = std::fs::read_to_string(&table).unwrap();
    let edited: Vec<String> = text
        .split("\r\n")
        .map(|line| {
            if line.starts_with("2,") {
                format!("{}reject,", &line[..line.len() - 1])
            } else {
                line.to_string()
            }
        })
        .collect();
    std::fs::write(&table, edited.join("\r\n")).unwrap();
    let tmx = dir.path().join("out.tmx");
    let output = sverka(&[
        "export",
        table.to_str().unwrap(),
        "--to",
        "tmx",
        "-o",
        tmx.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("exported 2 pairs; left out 1 rejected"),
        "{}",
        stderr(&output)
    );
    let tmx_text = std::fs::read_to_string(&tmx).unwrap();
    assert_eq!(tmx_text.matches("<tu>").count(), 2);
    assert!(tmx_text
        .contains("<tuv xml:lang=\"ru\"><seg>Это естественное желание любой страны.</seg></tuv>"));

    let broken = write_encoded(dir.path(), "broken.csv", b"row,ru,en,status\n1,a,b,maybe\n");
    let out = dir.path().join("broken.tmx");
    let output = sverka(&[
        "export",
        broken.to_str().unwrap(),
        "--to",
        "tmx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("broken.csv") && message.contains("row 1") && message.contains("status"),
        "{message}"
    );
    assert!(!out.exists());
}

#[test]
fn export_carries_details_and_reads_tables_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let export = |name: &str, table: &[u8]| {
        let path = write_encoded(dir.path(), name, table);
        let tmx = path.with_extension("tmx");
        let output = sverka(&[
            "export",
            path.to_str().unwrap(),
            "--to",
            "tmx",
            "-o",
            tmx.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        std::fs::read_to_string(&tmx).unwrap()
    };
    // As Excel in a Russian locale saves a table with the column, escapes kept.
    let tmx = export(
        "details.csv",
        "\u{feff}row;ru;en;flags;details;status;note\r\n\
         1;Да.;Yes.;mismatch;\"'-2 sentences; names: «Грибаускайте»?\";ok;\r\n\
         2;Нет.;No.;;;;\r\n"
            .as_bytes(),
    );
    assert!(
        tmx.contains("<prop type=\"x-details\">-2 sentences; names: «Грибаускайте»?</prop>"),
        "{tmx}"
    );
    assert_eq!(tmx.matches("x-details").count(), 1, "{tmx}");
    // A table written before the column existed.
    let tmx = export(
        "old.csv",
        "row,ru_lines,en_lines,ru,en,kind,confidence,flags,status,note\n\
         1,1,1,Да.,Yes.,1-1,0.900,,ok,\n"
            .as_bytes(),
    );
    assert_eq!(tmx.matches("<tu>").count(), 1, "{tmx}");
    assert!(!tmx.contains("x-details"), "{tmx}");
}

#[derive(serde::Deserialize)]
struct BrokenCase {
    name: String,
    table: String,
    #[serde(default = "default_table_file")]
    file: String,
    encoding: Option<String>,
    expect: Vec<String>,
}

fn default_table_file() -> String {
    "reviewed.csv".to_string()
}

#[test]
fn broken_tables_are_refused() {
    #[derive(serde::Deserialize)]
    struct Cases {
        case: Vec<BrokenCase>,
    }
    let path = workspace().join("crates/cli/tests/data/broken_tables.toml");
    let cases: Cases = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(cases.case.len() >= 10);
    for case in &cases.case {
        let dir = tempfile::tempdir().unwrap();
        let bytes = match case.encoding.as_deref() {
            None => case.table.as_bytes().to_vec(),
            Some(label) => {
                let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
                encoding.encode(&case.table).0.into_owned()
            }
        };
        let table = write_encoded(dir.path(), &case.file, &bytes);
        for to in ["tmx", "tsv", "jsonl"] {
            let out = dir.path().join(format!("out.{to}"));
            let output = sverka(&[
                "export",
                table.to_str().unwrap(),
                "--to",
                to,
                "-o",
                out.to_str().unwrap(),
            ]);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(2), "{}: {message}", case.name);
            assert!(
                message.starts_with("sverka: ") && message.contains(&case.file),
                "{}: the message names the file: {message}",
                case.name
            );
            for fragment in &case.expect {
                assert!(
                    message.contains(fragment.as_str()),
                    "{}: {fragment:?} not in {message}",
                    case.name
                );
            }
            let left: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(
                left,
                [case.file.as_str()],
                "{}: output left behind",
                case.name
            );
        }
        // Nothing on standard output either.
        let output = sverka(&["export", table.to_str().unwrap(), "--to", "tsv"]);
        assert_eq!(output.status.code(), Some(2), "{}", case.name);
        assert!(output.stdout.is_empty(), "{}", case.name);
    }
}

/// A compiled-lexicon cache holding a wrong count aborted every later run
/// (the count was allocated for before it was checked); now the cache is
/// ignored, the run goes on, and the cache is rebuilt.
#[test]
fn a_damaged_lexicon_cache_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let entries = [
        ("country", "   _n. страна; родина"),
        ("desire", "   _n. желание"),
    ];
    let (mut data, mut index) = (String::new(), String::new());
    // dictd's base64 numbers: digits of the alphabet below, most significant first.
    let b64 = |mut n: usize| {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut digits = vec![alphabet[n % 64]];
        while n >= 64 {
            n /= 64;
            digits.push(alphabet[n % 64]);
        }
        digits.reverse();
        String::from_utf8(digits).unwrap()
    };
    for (headword, body) in entries {
        let entry = format!("{headword}\n{body}\n");
        index.push_str(&format!(
            "{headword}\t{}\t{}\n",
            b64(data.len()),
            b64(entry.len())
        ));
        data.push_str(&entry);
    }
    std::fs::write(dir.path().join("test.index"), index).unwrap();
    std::fs::write(dir.path().join("test.dict"), data).unwrap();
    std::fs::write(dir.path().join("ru.txt"), RU).unwrap();
    std::fs::write(dir.path().join("en.txt"), EN).unwrap();
    let cache = dir.path().join("cache");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_sverka"))
            .args([
                "align",
                "ru.txt",
                "en.txt",
                "-o",
                "t.jsonl",
                "--lexicon",
                "test.index",
            ])
            .env("SVERKA_CACHE_DIR", &cache)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    let files: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let good = std::fs::read(&files[0]).unwrap();
    // A count after the fingerprint line and checksum made huge.
    let body = good.iter().position(|&b| b == b'\n').unwrap() + 1 + 8;
    let mut damaged = good.clone();
    damaged[body..body + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(&files[0], damaged).unwrap();
    let second = run();
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("translation pairs"),
        "{}",
        stderr(&second)
    );
    assert!(
        std::fs::read(&files[0]).unwrap() == good,
        "the cache is rebuilt"
    );
}

/// Texts in languages the dictionaries do not cover learn translations from
/// the pair by default. On the two longest Text+Berg documents (German–
/// French) that scores clearly better than `--no-lexicon` (strict F1: dev
/// 0.826 against 0.813, test1 0.897 against 0.860).
#[test]
fn a_german_french_pair_learns_translations_by_default() {
    let Some(data) = sverka_eval::data::shared_data_or_skip(&["textberg-de-fr"]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let folder = data.join("textberg-de-fr");
    for doc in ["dev", "test1"] {
        let path = |suffix: &str| folder.join(format!("{doc}.{suffix}"));
        let strict_f1 = |extra: &[&str]| -> f64 {
            let beads = dir.path().join(format!("{doc}-{}.beads", extra.len()));
            let table = dir.path().join("table.csv");
            let (de, fr) = (path("de"), path("fr"));
            let mut args = vec![
                "align",
                de.to_str().unwrap(),
                fr.to_str().unwrap(),
                "--ru-lang",
                "de",
                "--en-lang",
                "fr",
                "--presegmented",
                "-q",
                "--beads",
                beads.to_str().unwrap(),
                "-o",
                table.to_str().unwrap(),
            ];
            args.extend(extra);
            let output = sverka(&args);
            assert!(output.status.success(), "{}", stderr(&output));
            let gold = path("defr");
            let output = sverka(&[
                "eval",
                "-q",
                "--gold",
                gold.to_str().unwrap(),
                "--test",
                beads.to_str().unwrap(),
            ]);
            assert!(output.status.success(), "{}", stderr(&output));
            let scores = String::from_utf8(output.stdout).unwrap();
            // "strict P … R … F1 x; lax …"
            scores
                .split(';')
                .next()
                .and_then(|strict| strict.rsplit(' ').next())
                .and_then(|f1| f1.parse().ok())
                .unwrap_or_else(|| panic!("no strict F1 in {scores:?}"))
        };
        let (learned, bare) = (strict_f1(&[]), strict_f1(&["--no-lexicon"]));
        assert!(
            learned >= bare + 0.005,
            "{doc}: strict F1 {learned} by default, {bare} with --no-lexicon"
        );
    }
}
