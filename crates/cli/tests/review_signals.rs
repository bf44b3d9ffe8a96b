//! Review signals through the command line, on the shipped Lavrov pair with
//! problems planted in its English side: a removed sentence must show as a
//! row without English (or flagged `omission`, or `mismatch` when the
//! search paired it with a sentence it has nothing in common with), a
//! changed number as
//! `numbers-differ` with the numbers in `details`, and a pair of unrelated
//! files as a warning and a `verdict` in the batch summary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus(file: &str) -> String {
    std::fs::read_to_string(workspace().join("corpora/lavrov-belarus-2017").join(file))
        .expect("corpus file")
}

fn sverka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .output()
        .expect("sverka runs")
}

/// The table of a Russian text and an English text, as JSON rows.
fn rows(dir: &Path, ru: &str, en: &str) -> Vec<serde_json::Value> {
    let (ru_path, en_path) = (dir.join("ru.txt"), dir.join("en.txt"));
    std::fs::write(&ru_path, ru).unwrap();
    std::fs::write(&en_path, en).unwrap();
    let out = sverka(&[
        "align",
        ru_path.to_str().unwrap(),
        en_path.to_str().unwrap(),
        "-f",
        "jsonl",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn flags(row: &serde_json::Value) -> Vec<String> {
    row["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

/// Gold 1-1 pairs of the corpus: (Russian sentence, English sentence).
fn gold_pairs() -> Vec<(String, String)> {
    let ru: Vec<String> = corpus("ru.sents").lines().map(str::to_string).collect();
    let en: Vec<String> = corpus("en.sents").lines().map(str::to_string).collect();
    sverka_eval::parse_beads(&corpus("gold.beads"))
        .unwrap()
        .into_iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
        .map(|b| (ru[b.src[0]].clone(), en[b.tgt[0]].clone()))
        .collect()
}

#[test]
fn a_removed_sentence_shows_as_a_row_without_english() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = (corpus("ru.txt"), corpus("en.txt"));
    let pairs = gold_pairs();
    let mut found = 0;
    let mut tried = 0;
    // Every tenth 1-1 pair whose English sentence occurs once in the text.
    for (ru_sentence, en_sentence) in pairs.iter().step_by(10) {
        if en.matches(en_sentence.as_str()).count() != 1
            || ru.matches(ru_sentence.as_str()).count() != 1
        {
            continue;
        }
        tried += 1;
        let cut = en.replacen(en_sentence.as_str(), "", 1);
        let table = rows(dir.path(), &ru, &cut);
        let shown = table.iter().any(|row| {
            row["ru"].as_str().unwrap().contains(ru_sentence.as_str())
                && (row["en"].as_str().unwrap().is_empty()
                    || flags(row).contains(&"omission".to_string())
                    || flags(row).contains(&"mismatch".to_string()))
        });
        if !shown {
            let near: Vec<String> = table
                .iter()
                .filter(|row| row["ru"].as_str().unwrap().contains(ru_sentence.as_str()))
                .map(|row| format!("{} {} {:?}", row["kind"], row["confidence"], flags(row)))
                .collect();
            eprintln!("not shown: {en_sentence:?}: {near:?}");
        }
        found += usize::from(shown);
    }
    assert!(tried >= 8, "only {tried} sentences tried");
    assert!(
        found * 10 >= tried * 9,
        "{found} of {tried} removed sentences shown"
    );
}

#[test]
fn a_changed_number_is_flagged_with_both_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = (corpus("ru.txt"), corpus("en.txt"));
    // Pairs with a number of two digits or more, written alike on both sides.
    let number = |s: &str| -> Option<String> {
        s.split(|c: char| !c.is_ascii_digit())
            .find(|n| n.len() >= 2)
            .map(str::to_string)
    };
    let planted: Vec<(String, String, String)> = gold_pairs()
        .into_iter()
        .filter_map(|(r, e)| {
            let n = number(&e)?;
            (r.contains(n.as_str()) && en.matches(e.as_str()).count() == 1).then_some((r, e, n))
        })
        .collect();
    assert!(planted.len() >= 3, "the corpus has pairs with numbers");
    for (ru_sentence, en_sentence, number) in planted {
        // One more in the first digit: 25 → 35, 2017 → 3017.
        let first = number.as_bytes()[0] - b'0';
        let new = format!("{}{}", (first + 1) % 10, &number[1..]);
        let changed = en.replacen(&en_sentence, &en_sentence.replacen(&number, &new, 1), 1);
        let table = rows(dir.path(), &ru, &changed);
        let row = table
            .iter()
            .find(|row| row["ru"].as_str().unwrap().contains(ru_sentence.as_str()))
            .expect("a row with the Russian sentence");
        assert!(flags(row).contains(&"numbers-differ".to_string()), "{row}");
        let details = row["details"].as_str().unwrap();
        assert!(
            details.contains(&number) && details.contains(&new),
            "{details}"
        );
    }
}

#[test]
fn unrelated_files_get_a_warning_and_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let (ru, en) = (corpus("ru.txt"), corpus("en.txt"));
    // The English of the project's own README: English, but no translation.
    let other = std::fs::read_to_string(workspace().join("corpora/README.md")).unwrap();
    std::fs::write(input.join("good.ru.txt"), &ru).unwrap();
    std::fs::write(input.join("good.en.txt"), &en).unwrap();
    std::fs::write(input.join("bad.ru.txt"), &ru).unwrap();
    std::fs::write(input.join("bad.en.txt"), format!("{other}\n\n{other}")).unwrap();

    let out = sverka(&[
        "align",
        input.join("bad.ru.txt").to_str().unwrap(),
        input.join("bad.en.txt").to_str().unwrap(),
        "-o",
        dir.path().join("bad.csv").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("do not look like translations of each other (unrelated"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.ru.txt") && stderr.contains("bad.en.txt"),
        "{stderr}"
    );

    let good = sverka(&[
        "align",
        input.join("good.ru.txt").to_str().unwrap(),
        input.join("good.en.txt").to_str().unwrap(),
        "-o",
        dir.path().join("good.csv").to_str().unwrap(),
    ]);
    assert!(!String::from_utf8_lossy(&good.stderr).contains("do not look like"));

    let out_dir = dir.path().join("out");
    let batch = sverka(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&batch.stderr);
    assert!(batch.status.success(), "{stderr}");
    assert!(stderr.contains("0 doubtful and 1 unrelated"), "{stderr}");
    let summary = std::fs::read_to_string(out_dir.join("summary.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(summary.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let (name, verdict) = (
        headers.iter().position(|h| h == "name").unwrap(),
        headers.iter().position(|h| h == "verdict").unwrap(),
    );
    let verdicts: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[name].to_string(), r[verdict].to_string())
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("bad".to_string(), "unrelated".to_string()),
            ("good".to_string(), "ok".to_string())
        ]
    );
}

/// The share of a CSV table's rows that are 1-1 (kind cells read without
/// parsing the CSV: the only cells of three characters with a dash inside).
fn one_to_one_share(table: &str) -> f64 {
    let kinds: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|line| {
            line.split(',')
                .find(|cell| cell.len() == 3 && cell.as_bytes()[1] == b'-')
        })
        .collect();
    let one_to_one = kinds.iter().filter(|k| **k == "1-1").count();
    one_to_one as f64 / kinds.len().max(1) as f64
}

#[test]
fn a_text_without_punctuation_is_named_as_the_cause_not_called_unrelated() {
    // The Lavrov English as an ASR transcript gives it: lower case, no
    // punctuation, one line. Its sentences cannot be found: it is cut
    // where the Russian sentences fall, and the warning names that file,
    // says so and what gives exact rows.
    let dir = tempfile::tempdir().unwrap();
    let (ru_path, en_path) = (dir.path().join("ru.txt"), dir.path().join("en.txt"));
    let unpunctuated: String = corpus("en.txt")
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '\'')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    std::fs::write(&ru_path, corpus("ru.txt")).unwrap();
    std::fs::write(&en_path, &unpunctuated).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "align",
            ru_path.to_str().unwrap(),
            en_path.to_str().unwrap(),
            "-q",
            "-o",
        ];
        let table = dir.path().join("table.csv");
        let table = table.to_str().unwrap().to_string();
        args.push(&table);
        args.extend_from_slice(extra);
        let out = sverka(&args);
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = run(&[]);
    assert!(
        stderr.contains("en.txt has almost no sentence punctuation (0 full stops"),
        "{stderr}"
    );
    assert!(stderr.contains("--presegmented"), "{stderr}");
    assert!(
        !stderr.contains("do not look like translations"),
        "{stderr}"
    );
    // It is cut where the Russian sentences fall: the rows pair them.
    assert!(
        stderr.contains("sverka cut it where the sentences of"),
        "{stderr}"
    );
    let table = std::fs::read_to_string(dir.path().join("table.csv")).unwrap();
    assert!(one_to_one_share(&table) >= 0.9, "{table}");

    // The same text as captions, wrapped every twelve words: its lines
    // are joined and cut as the one line was, and the warning says so.
    let words: Vec<&str> = unpunctuated.split(' ').collect();
    let captions: Vec<String> = words.chunks(12).map(|line| line.join(" ")).collect();
    std::fs::write(&en_path, captions.join("\n")).unwrap();
    let stderr = run(&[]);
    assert!(
        stderr.contains("en.txt looks like speech recognition captions"),
        "{stderr}"
    );
    assert!(
        stderr.contains("joined the lines and cut the text"),
        "{stderr}"
    );
    let table = std::fs::read_to_string(dir.path().join("table.csv")).unwrap();
    assert!(one_to_one_share(&table) >= 0.9, "{table}");

    // As chat messages, a line each of one to thirty words: the lines end
    // its sentences, and nothing is said.
    let mut messages: Vec<String> = Vec::new();
    let mut rest = &words[..];
    for size in [3, 14, 30, 6, 1, 22, 9].iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (message, after) = rest.split_at((*size).min(rest.len()));
        messages.push(message.join(" "));
        rest = after;
    }
    std::fs::write(&en_path, messages.join("\n")).unwrap();
    let stderr = run(&[]);
    assert!(
        !stderr.contains("punctuation") && !stderr.contains("captions"),
        "{stderr}"
    );

    // One sentence per line, as --presegmented reads: nothing to find.
    std::fs::write(&en_path, &unpunctuated).unwrap();
    assert!(!run(&["--presegmented"]).contains("punctuation"));

    // A batch says it of the document, and goes on.
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("talk.ru.txt"), corpus("ru.txt")).unwrap();
    std::fs::write(input.join("talk.en.txt"), &unpunctuated).unwrap();
    std::fs::write(input.join("good.ru.txt"), corpus("ru.txt")).unwrap();
    std::fs::write(input.join("good.en.txt"), corpus("en.txt")).unwrap();
    let out = sverka(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("has almost no sentence punctuation").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("talk.en.txt has almost no sentence punctuation"),
        "{stderr}"
    );
    assert!(stderr.contains("2 aligned"), "{stderr}");
}

#[test]
fn a_sentence_moved_in_the_translation_shows_where_its_translation_is() {
    // Rows with one side empty, which an export leaves out.
    let gaps = |rows: &[serde_json::Value]| {
        rows.iter()
            .filter(|r| r["ru"] == "" || r["en"] == "")
            .count()
    };
    // The Lavrov pair one sentence a line, with the English sentence on
    // the first Maidan taken six sentences further on.
    let dir = tempfile::tempdir().unwrap();
    let (ru_path, en_path) = (dir.path().join("ru.txt"), dir.path().join("en.txt"));
    let mut english: Vec<String> = corpus("en.sents").lines().map(str::to_string).collect();
    let maidan = english.remove(25);
    assert!(maidan.starts_with("The first Maidan protests"), "{maidan}");
    english.insert(31, maidan);
    std::fs::write(&ru_path, corpus("ru.sents")).unwrap();
    std::fs::write(&en_path, english.join("\n")).unwrap();
    for extra in [&[][..], &["--no-lexicon"][..]] {
        let beads = dir.path().join("beads.txt");
        let mut args = vec![
            "align",
            ru_path.to_str().unwrap(),
            en_path.to_str().unwrap(),
            "--presegmented",
            "-f",
            "jsonl",
            "-q",
            "--beads",
            beads.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = sverka(&args);
        assert!(out.status.success(), "{out:?}");
        let table = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<serde_json::Value> = table
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let moved: Vec<&serde_json::Value> = rows
            .iter()
            .filter(|r| flags(r).contains(&"moved".to_string()))
            .collect();
        assert_eq!(moved.len(), 2, "{extra:?}: {moved:#?}");
        // An export writes the two rows as one pair.
        let table_path = dir.path().join("table.jsonl");
        std::fs::write(&table_path, &table).unwrap();
        let export = sverka(&["export", table_path.to_str().unwrap(), "--to", "tsv"]);
        assert!(export.status.success(), "{export:?}");
        let corpus = String::from_utf8(export.stdout).unwrap();
        assert!(
            corpus
                .lines()
                .any(|l| l.starts_with("Показательный пример — первый Майдан")
                    && l.contains("\tThe first Maidan protests")),
            "{extra:?}: {corpus}"
        );
        assert_eq!(
            corpus.lines().count(),
            rows.len() - gaps(&rows) + 1,
            "{extra:?}"
        );
        let said = String::from_utf8_lossy(&export.stderr);
        assert!(
            said.contains("1 of the pairs a moved sentence with its translation"),
            "{said}"
        );
        let (russian, english) = (moved[0], moved[1]);
        assert!(
            russian["ru"].as_str().unwrap().contains("Майдан"),
            "{russian}"
        );
        assert_eq!(russian["en"], "");
        assert!(english["en"]
            .as_str()
            .unwrap()
            .starts_with("The first Maidan"));
        assert_eq!(english["ru"], "");
        // Each names the other's row and line, and is no omission or addition.
        assert_eq!(
            russian["details"],
            format!("moved: translated in row {} (en line 32)", english["row"])
        );
        assert_eq!(
            english["details"],
            format!(
                "moved: translates row {} (ru line {})",
                russian["row"],
                russian["ru_lines"].as_str().unwrap()
            )
        );
        assert_eq!(flags(russian), ["moved"]);
        assert_eq!(flags(english), ["moved"]);
        // The bead file pairs them across the rows between.
        let ru_index = russian["ru_sentences"][0].as_u64().unwrap();
        let bead = format!("[{ru_index}]:[31]");
        let written = std::fs::read_to_string(&beads).unwrap();
        assert!(
            written.lines().any(|l| l == bead),
            "{bead} not in\n{written}"
        );
    }
}
