//! `sverka batch` end to end: layouts and manifests, broken pairs reported
//! without stopping the batch, identical tables for any --jobs, a killed run
//! resumed, shards that add up to the whole run.
//!
//! Documents are pieces of the Lavrov interview in `corpora/`, cut at
//! paragraph breaks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sverka_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    // Run in a scratch folder: an aborted run may leave a core file there.
    let scratch = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(scratch.path())
        .output()
        .expect("sverka runs")
}

fn sverka(args: &[&str]) -> Output {
    sverka_env(args, &[])
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails with the whole of stderr when it lacks `expected`.
fn assert_stderr_has(output: &Output, expected: &str) {
    let err = stderr(output);
    assert!(
        err.contains(expected),
        "expected {expected:?} in stderr:\n{err}"
    );
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The interview cut into `n` document pairs at paragraph breaks: piece `i`
/// has the i-th n-th of the Russian paragraphs and of the English ones.
fn pieces(n: usize) -> Vec<(String, String)> {
    let paragraphs = |lang: &str| -> Vec<String> {
        let path = workspace().join(format!("corpora/lavrov-belarus-2017/{lang}.txt"));
        std::fs::read_to_string(path)
            .unwrap()
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    let (ru, en) = (paragraphs("ru"), paragraphs("en"));
    let cut = |all: &[String], i: usize| {
        all[i * all.len() / n..(i + 1) * all.len() / n].join("\n\n") + "\n"
    };
    (0..n).map(|i| (cut(&ru, i), cut(&en, i))).collect()
}

/// Writes `n` pieces as `piece-K.ru.txt` + `piece-K.en.txt` into `dir`.
fn write_pieces(dir: &Path, n: usize) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    pieces(n)
        .into_iter()
        .enumerate()
        .map(|(i, (ru, en))| {
            let name = format!("piece-{i:02}");
            for (lang, text) in [("ru", ru), ("en", en)] {
                let path = dir.join(format!("{name}.{lang}.txt"));
                std::fs::write(&path, text).unwrap();
                // Older than any table, even where file times are coarse.
                let past = std::time::SystemTime::now() - std::time::Duration::from_secs(10);
                std::fs::File::options()
                    .write(true)
                    .open(&path)
                    .unwrap()
                    .set_modified(past)
                    .unwrap();
            }
            name
        })
        .collect()
}

/// Every file under `dir`, hidden ones included: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("lock"))
            {
                // The run's lock file holds its pid.
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The summary as rows of cells, header first.
fn summary(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Summary rows without the `seconds` column (the one column that varies
/// between runs).
fn summary_without_seconds(path: &Path) -> Vec<Vec<String>> {
    let mut rows = summary(path);
    let seconds = rows[0].iter().position(|c| c == "seconds").unwrap();
    for row in &mut rows {
        row.remove(seconds);
    }
    rows
}

/// A summary row by document name, as column → cell.
fn summary_row(path: &Path, name: &str) -> BTreeMap<String, String> {
    let rows = summary(path);
    let row = rows
        .iter()
        .find(|r| r[0] == name)
        .unwrap_or_else(|| panic!("no summary row {name} in {rows:?}"));
    rows[0].iter().cloned().zip(row.iter().cloned()).collect()
}

/// Resume records (one JSON line per document) with the timings taken out,
/// for comparing two runs.
fn records_without_seconds(bytes: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|line| {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["summary"]["seconds"] = serde_json::Value::Null;
            value
        })
        .collect()
}

/// Asserts two output folders hold the same files: tables byte for byte,
/// records and summaries apart from their timings.
fn assert_same_outputs(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &ta {
        if name.starts_with(".sverka/") {
            assert_eq!(
                records_without_seconds(bytes),
                records_without_seconds(&tb[name]),
                "{name}"
            );
        } else if name.starts_with("summary") {
            assert_eq!(
                summary_without_seconds(&a.join(name)),
                summary_without_seconds(&b.join(name)),
                "{name}"
            );
        } else {
            assert!(*bytes == tb[name], "{name} differs");
        }
    }
}

#[test]
fn broken_pairs_are_reported_and_the_good_ones_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let names = write_pieces(&input, 4);
    let (ru0, en0) = pieces(4).swap_remove(0);
    let write = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();
    // The same text as piece-00 in Windows-1251: must align to the same table.
    write("cp1251.ru.txt", &encoding_rs::WINDOWS_1251.encode(&ru0).0);
    write("cp1251.en.txt", en0.as_bytes());
    write(
        "binary.ru.txt",
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    );
    write("binary.en.txt", en0.as_bytes());
    write("empty.ru.txt", ru0.as_bytes());
    write("empty.en.txt", b"");
    write("swapped.ru.txt", en0.as_bytes());
    write("swapped.en.txt", ru0.as_bytes());
    write("lonely.ru.txt", ru0.as_bytes());
    write("notes.md", b"not a document");

    let output = sverka(&["batch", s(&input), "-o", s(&out), "--jobs", "2"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(!message.contains("panicked"), "{message}");
    // Without a terminal there is no progress bar: only sverka's lines.
    for line in message.lines() {
        assert!(line.starts_with("sverka: "), "{line:?} in {message}");
    }
    for expected in [
        "sverka: binary: ",
        "binary.ru.txt: this looks like a binary file",
        "sverka: empty: ",
        "empty.en.txt: the file is empty",
        "sverka: swapped: the files seem swapped",
        "sverka: warning: lonely.ru.txt has no English partner (expected lonely.en.txt); skipped",
        "sverka: warning: notes.md: not part of a pair",
        "3 failed; 2 files skipped",
    ] {
        assert!(message.contains(expected), "{expected:?} in {message}");
    }

    let summary_path = out.join("summary.csv");
    let rows = summary(&summary_path);
    let listed: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut expected: Vec<&str> = names.iter().map(String::as_str).collect();
    expected.extend(["binary", "cp1251", "empty", "lonely", "notes.md", "swapped"]);
    expected.sort();
    assert_eq!(listed, expected, "every document and file, sorted by name");
    for (name, status, error) in [
        ("binary", "failed", "looks like a binary file"),
        ("empty", "failed", "the file is empty"),
        ("swapped", "failed", "the files seem swapped"),
        ("lonely", "skipped", "has no English partner"),
        ("notes.md", "skipped", "not part of a pair"),
        ("cp1251", "ok", ""),
    ] {
        let row = summary_row(&summary_path, name);
        assert_eq!(row["status"], status, "{name}: {row:?}");
        assert!(row["error"].contains(error), "{name}: {row:?}");
        if status != "ok" {
            assert_eq!(row["beads"], "", "{name}: no figures");
            assert!(
                !out.join(format!("{name}.csv")).exists(),
                "{name}: no table"
            );
        }
    }
    // Every aligned document: a table whose rows agree with its summary row.
    for name in names.iter().map(String::as_str).chain(["cp1251"]) {
        let row = summary_row(&summary_path, name);
        let table = std::fs::read_to_string(out.join(format!("{name}.csv"))).unwrap();
        assert!(table.starts_with("\u{feff}row,ru_lines"), "Excel-ready CSV");
        let reviewed = sverka_table::read_table(table.as_bytes()).unwrap();
        let beads: usize = row["beads"].parse().unwrap();
        assert_eq!(reviewed.len(), beads, "{name}");
        let by_kind: usize = ["1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-0", "0-1"]
            .iter()
            .map(|k| row[*k].parse::<usize>().unwrap())
            .sum();
        assert_eq!(by_kind, beads, "{name}: kinds add up");
        for kind in ["1-1", "0-1"] {
            let in_table = reviewed.iter().filter(|r| r.kind == kind).count();
            assert_eq!(row[kind], in_table.to_string(), "{name} {kind}");
        }
        assert!(row["ru_sentences"].parse::<usize>().unwrap() > 0);
        let mean: f64 = row["mean_confidence"].parse().unwrap();
        assert!((0.0..=1.0).contains(&mean), "{name}: {mean}");
    }
    assert_eq!(
        std::fs::read(out.join("cp1251.csv")).unwrap(),
        std::fs::read(out.join("piece-00.csv")).unwrap(),
        "the Windows-1251 file aligns exactly like its UTF-8 twin"
    );
}

#[test]
fn tables_are_the_same_for_any_jobs_and_as_align_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let names = write_pieces(&input, 8);
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (out, jobs) in [(&one, "1"), (&two, "2")] {
        let output = sverka(&[
            "batch",
            "-q",
            s(&input),
            "-o",
            s(out),
            "-j",
            jobs,
            "-f",
            "tsv",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(output.stderr.is_empty(), "quiet: {}", stderr(&output));
    }
    assert_same_outputs(&one, &two);
    assert_eq!(tree(&one).keys().filter(|k| k.ends_with(".tsv")).count(), 8);
    // One document through `align` gives the same table.
    let name = &names[3];
    let single = dir.path().join("single.tsv");
    let output = sverka(&[
        "align",
        s(&input.join(format!("{name}.ru.txt"))),
        s(&input.join(format!("{name}.en.txt"))),
        "-o",
        s(&single),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(&single).unwrap(),
        std::fs::read(one.join(format!("{name}.tsv"))).unwrap()
    );
}

#[test]
fn a_killed_run_resumes_to_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let names = write_pieces(&input, 8);
    let whole = dir.path().join("whole");
    let output = sverka(&["batch", s(&input), "-o", s(&whole)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // Abort (SIGABRT, no cleanup) once 3 resume records are written, when
    // the 4th table is in place but its record is not.
    let killed = dir.path().join("killed");
    let output = sverka_env(
        &["batch", s(&input), "-o", s(&killed), "--jobs", "1"],
        &[("SVERKA_TEST_ABORT_AFTER", "3")],
    );
    assert!(!output.status.success(), "the run was interrupted");
    assert_eq!(output.status.code(), None, "killed by a signal");
    let files = tree(&killed);
    let tables = files.keys().filter(|k| k.ends_with(".csv")).count();
    assert!((4..8).contains(&tables), "{:?}", files.keys());
    assert!(!files.contains_key("summary.csv"));
    let records = killed.join(".sverka/records.jsonl");
    let recorded: Vec<String> = records_without_seconds(&files[".sverka/records.jsonl"])
        .iter()
        .map(|r| r["table"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(recorded.len(), 3, "{recorded:?}");
    // A kill can also cut a record line short, and leave a temporary file
    // in the middle of writing a table.
    let mut journal = std::fs::OpenOptions::new()
        .append(true)
        .open(&records)
        .unwrap();
    std::io::Write::write_all(&mut journal, b"{\"sverka\":\"0.1.0\",\"opt").unwrap();
    let unfinished = names
        .iter()
        .find(|n| !files.contains_key(&format!("{n}.csv")))
        .unwrap();
    std::fs::write(
        killed.join(format!(".{unfinished}.csv.a1B2c3.tmp")),
        "row,ru",
    )
    .unwrap();
    let mtime = |table: &str| {
        std::fs::metadata(killed.join(table))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before: Vec<_> = recorded.iter().map(|t| (t, mtime(t))).collect();

    let output = sverka(&[
        "batch",
        s(&input),
        "-o",
        s(&killed),
        "--resume",
        "--jobs",
        "2",
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(message.contains("5 aligned, 3 resumed"), "{message}");
    for (table, then) in &before {
        assert_eq!(mtime(table), *then, "{table} was resumed, not rewritten");
    }
    assert_same_outputs(&whole, &killed);

    // A damaged table (same size, one byte changed) is realigned.
    let damaged = killed.join(&recorded[0]);
    let mut bytes = std::fs::read(&damaged).unwrap();
    let last = bytes.len() - 3;
    bytes[last] = b'#';
    std::fs::write(&damaged, &bytes).unwrap();
    let output = sverka(&["batch", s(&input), "-o", s(&killed), "--resume"]);
    assert_stderr_has(&output, "1 aligned, 7 resumed");
    assert_same_outputs(&whole, &killed);

    // An edited input is realigned; the others are not.
    let edited = input.join(format!("{}.en.txt", names[5]));
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text + "\nOne more sentence at the end.\n").unwrap();
    let output = sverka(&["batch", s(&input), "-o", s(&killed), "--resume"]);
    assert_stderr_has(&output, "1 aligned, 7 resumed");
    // Other options: everything is realigned.
    let output = sverka(&[
        "batch",
        s(&input),
        "-o",
        s(&killed),
        "--resume",
        "--max-bead",
        "2",
    ]);
    assert_stderr_has(&output, "8 aligned, 0 resumed");
}

#[test]
fn two_shards_make_the_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_pieces(&input, 8);
    let whole = dir.path().join("whole");
    let sharded = dir.path().join("sharded");
    let output = sverka(&["batch", "-q", s(&input), "-o", s(&whole), "-f", "jsonl"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut shard_rows = Vec::new();
    for shard in ["1/2", "2/2"] {
        let output = sverka(&[
            "batch",
            s(&input),
            "-o",
            s(&sharded),
            "-f",
            "jsonl",
            "--shard",
            shard,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let tag = shard.replace('/', "-of-");
        let rows = summary_without_seconds(&sharded.join(format!("summary.shard-{tag}.csv")));
        assert!(rows.len() > 1, "shard {shard} has documents");
        shard_rows.push(rows);
    }
    // Same header; the rows together are the whole run's.
    assert_eq!(shard_rows[0][0], shard_rows[1][0]);
    let mut joined: Vec<Vec<String>> = shard_rows.iter().flat_map(|r| r[1..].to_vec()).collect();
    joined.sort();
    let whole_rows = summary_without_seconds(&whole.join("summary.csv"));
    assert_eq!(whole_rows[0], shard_rows[0][0]);
    assert_eq!(joined, whole_rows[1..].to_vec());
    // Once all shards are done, an unsharded --resume aligns nothing and
    // writes the whole summary.
    let output = sverka(&[
        "batch",
        s(&input),
        "-o",
        s(&sharded),
        "-f",
        "jsonl",
        "--resume",
    ]);
    assert_stderr_has(&output, "0 aligned, 8 resumed");
    for file in [
        "summary.shard-1-of-2.csv",
        "summary.shard-2-of-2.csv",
        ".sverka/records.shard-1-of-2.jsonl",
        ".sverka/records.shard-2-of-2.jsonl",
    ] {
        std::fs::remove_file(sharded.join(file)).unwrap();
    }
    assert_same_outputs(&whole, &sharded);

    let output = sverka(&["batch", s(&input), "-o", s(&sharded), "--shard", "3/2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("1 ≤ I ≤ N"), "{}", stderr(&output));
}

#[test]
fn manifest_names_the_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts");
    write_pieces(&texts, 3);
    let manifest = dir.path().join("list.tsv");
    std::fs::write(
        &manifest,
        "\u{feff}name\ten\tru\tnote\n\
         news/first\ttexts/piece-00.en.txt\ttexts/piece-00.ru.txt\tx\n\
         second\ttexts/piece-01.en.txt\ttexts/piece-01.ru.txt\t\n\
         \n\
         third\ttexts/missing.en.txt\ttexts/piece-02.ru.txt\t\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = sverka(&["batch", s(&manifest), "-o", s(&out), "-f", "jsonl"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("sverka: third: ") && message.contains("missing.en.txt: no such file"),
        "{message}"
    );
    assert!(out.join("news/first.jsonl").is_file());
    assert!(out.join("second.jsonl").is_file());
    let records =
        records_without_seconds(&std::fs::read(out.join(".sverka/records.jsonl")).unwrap());
    let tables: Vec<&str> = records
        .iter()
        .map(|r| r["table"].as_str().unwrap())
        .collect();
    assert_eq!(
        tables,
        ["news/first.jsonl", "second.jsonl"],
        "ok documents only"
    );
    assert_eq!(
        summary_row(&out.join("summary.csv"), "news/first")["status"],
        "ok"
    );
    assert_eq!(
        summary_row(&out.join("summary.csv"), "third")["status"],
        "failed"
    );

    let csv_manifest = dir.path().join("dupes.csv");
    std::fs::write(
        &csv_manifest,
        "name,ru,en\na,texts/piece-00.ru.txt,texts/piece-00.en.txt\nb,texts/piece-01.ru.txt,texts/piece-01.en.txt\na,texts/piece-02.ru.txt,texts/piece-02.en.txt\n",
    )
    .unwrap();
    let output = sverka(&["batch", s(&csv_manifest), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_has(&output, "lines 2 and 4 both name the document \"a\"");
    std::fs::write(&csv_manifest, "name,ru\na,texts/piece-00.ru.txt\n").unwrap();
    let output = sverka(&["batch", s(&csv_manifest), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_has(&output, "no \"en\" column");
}

#[test]
fn language_folders_keep_subfolders_in_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = input.join("out"); // inside the input: must not be walked
    for (i, (ru, en)) in pieces(3).into_iter().enumerate() {
        let name = ["news/2017/a", "b", "c"][i];
        for (lang, text) in [("ru", &ru), ("en", &en)] {
            if name == "c" && lang == "en" {
                continue;
            }
            let path = input.join(lang).join(format!("{name}.txt"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    for _ in 0..2 {
        let output = sverka(&[
            "batch",
            s(&input),
            "-o",
            s(&out),
            "--corpus",
            s(&out.join("all.tsv")),
        ]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(
            message.contains("ru/c.txt has no English partner (expected en/c.txt)"),
            "{message}"
        );
        let warnings: Vec<&str> = message.lines().filter(|l| l.contains("warning")).collect();
        assert_eq!(
            warnings.len(),
            1,
            "the output folder is not walked: {message}"
        );
    }
    assert!(out.join("news/2017/a.csv").is_file());
    assert!(out.join("b.csv").is_file());
    assert_eq!(
        summary_row(&out.join("summary.csv"), "c")["status"],
        "skipped"
    );
    // The corpus file: both documents' pairs in name order (b before news/…).
    let corpus = std::fs::read_to_string(out.join("all.tsv")).unwrap();
    let b = sverka_table::read_table(std::fs::File::open(out.join("b.csv")).unwrap()).unwrap();
    let first_pair = b
        .iter()
        .find(|r| !r.ru.is_empty() && !r.en.is_empty())
        .unwrap();
    assert_eq!(
        corpus.lines().next().unwrap(),
        format!("{}\t{}", first_pair.ru, first_pair.en)
    );
    let a = sverka_table::read_table(std::fs::File::open(out.join("news/2017/a.csv")).unwrap())
        .unwrap();
    let both_sides = |rows: &[sverka_table::ReviewedRow]| {
        rows.iter()
            .filter(|r| !r.ru.is_empty() && !r.en.is_empty())
            .count()
    };
    assert_eq!(corpus.lines().count(), both_sides(&b) + both_sides(&a));

    // The same name from two layouts is refused, naming both files.
    std::fs::copy(input.join("ru/b.txt"), input.join("b.ru.txt")).unwrap();
    let output = sverka(&["batch", s(&input), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("two Russian files make the document \"b\": b.ru.txt and ru/b.txt"),
        "{}",
        stderr(&output)
    );
    // A corpus file needs tables sverka can read back.
    let output = sverka(&[
        "batch",
        s(&input),
        "-o",
        s(&out),
        "-f",
        "xlsx",
        "--corpus",
        "c.tmx",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn unusable_input_is_a_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = sverka(&["batch", s(&dir.path().join("nothing")), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("nothing: no such file or folder"));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = sverka(&["batch", s(&empty), "-o", s(&empty)]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_has(&output, "the output folder is the input folder");
    let output = sverka(&["batch", s(&empty), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_has(&output, "no document pairs found");
}

/// `--learn` learns from the whole corpus first: the tables still do not
/// depend on --jobs, the run says what it learned, and the options recorded
/// differ from a run without it (so --resume would remake the tables).
#[test]
fn corpus_learning_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_pieces(&input, 6);
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    for (out, jobs) in [(&one, "1"), (&two, "2")] {
        let output = sverka(&[
            "batch",
            s(&input),
            "-o",
            s(out),
            "-j",
            jobs,
            "-f",
            "tsv",
            "--no-lexicon",
            "--learn",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let err = stderr(&output);
        assert!(
            err.contains("learning translations from 6 documents"),
            "{err}"
        );
        assert!(err.contains("translation pairs from"), "{err}");
    }
    assert_same_outputs(&one, &two);
    let records = std::fs::read_to_string(one.join(".sverka/records.jsonl")).unwrap();
    assert!(records.contains("learn=true"), "{records}");
}

/// Two runs on one folder: the second's start-up cleanup removed the first
/// one's temporary files. A folder locked by another run is refused naming
/// it and the other run's pid; with --wait the run starts when the lock is
/// released.
#[test]
fn a_second_run_on_one_folder_is_refused_or_waits() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    write_pieces(&input, 2);
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".sverka")).unwrap();
    let mut lock = std::fs::File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(out.join(".sverka/lock"))
        .unwrap();
    lock.lock().unwrap();
    std::io::Write::write_all(&mut lock, b"4242\n").unwrap();
    let args = ["batch", s(&input), "-o", s(&out), "--no-lexicon", "-q"];
    let refused = sverka(&args);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_stderr_has(
        &refused,
        &format!(
            "{}: another sverka batch (pid 4242) is writing to this folder",
            out.display()
        ),
    );
    assert!(!out.join("summary.csv").exists());
    // A shard waits for a whole run too.
    let shard = sverka(&[
        "batch",
        s(&input),
        "-o",
        s(&out),
        "--no-lexicon",
        "-q",
        "--shard",
        "1/2",
    ]);
    assert_eq!(shard.status.code(), Some(2), "{}", stderr(&shard));
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .arg("--wait")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(waiting.try_wait().unwrap().is_none(), "--wait waits");
    assert!(!out.join("summary.csv").exists());
    drop(lock);
    let done = waiting.wait_with_output().unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(out.join("summary.csv").exists());
    // While shard 2 runs (its locks held here), shard 1 runs beside it and
    // a second shard 2 is refused.
    let open = |name: &str| {
        std::fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(out.join(".sverka").join(name))
            .unwrap()
    };
    let folder = open("lock");
    folder.lock_shared().unwrap();
    let two = open("lock.shard-2-of-2");
    two.lock().unwrap();
    let shard = |i: &str| {
        sverka(&[
            "batch",
            s(&input),
            "-o",
            s(&out),
            "--no-lexicon",
            "-q",
            "--shard",
            i,
        ])
    };
    let one = shard("1/2");
    assert!(one.status.success(), "{}", stderr(&one));
    let again = shard("2/2");
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert_stderr_has(&again, "is writing to this folder");
}

/// A file replaced by a different text with an older time (as `cp -p` or
/// `tar` leave it) kept its stale table under --resume, which trusted
/// times; the recorded hashes of the inputs now catch it.
#[test]
fn resume_realigns_an_input_replaced_with_an_older_time() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let names = write_pieces(&input, 3);
    let out = dir.path().join("out");
    let args = [
        "batch",
        s(&input),
        "-o",
        s(&out),
        "--no-lexicon",
        "--jobs",
        "1",
    ];
    let first = sverka(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    let table = out.join(format!("{}.csv", names[1]));
    let before = std::fs::read_to_string(&table).unwrap();
    // The English side of document 1 becomes document 2's, dated a day back.
    let en = input.join(format!("{}.en.txt", names[1]));
    std::fs::copy(input.join(format!("{}.en.txt", names[2])), &en).unwrap();
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(&en)
        .unwrap()
        .set_modified(day_ago)
        .unwrap();
    let resumed = sverka(&[&args[..], &["--resume"]].concat());
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    // (Other notes may follow "aligned" in the closing line.)
    assert_stderr_has(&resumed, " 1 aligned");
    assert_stderr_has(&resumed, ", 2 resumed");
    assert_ne!(
        std::fs::read_to_string(&table).unwrap(),
        before,
        "the table is remade"
    );
}

#[test]
fn ctrl_c_says_how_to_go_on_and_resume_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // Documents large enough that the run is still going when interrupted.
    let corpus = workspace().join("corpora/lavrov-belarus-2017");
    let (ru, en) = (
        std::fs::read_to_string(corpus.join("ru.txt"))
            .unwrap()
            .repeat(40),
        std::fs::read_to_string(corpus.join("en.txt"))
            .unwrap()
            .repeat(40),
    );
    for i in 0..4 {
        std::fs::write(input.join(format!("doc{i}.ru.txt")), &ru).unwrap();
        std::fs::write(input.join(format!("doc{i}.en.txt")), &en).unwrap();
    }
    let out = dir.path().join("out");
    let args = [
        "batch",
        s(&input),
        "-o",
        s(&out),
        "--jobs",
        "1",
        "--no-lexicon",
    ];
    let child = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    // The shell's own kill: no other program needed.
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap();
    assert!(kill.success());
    let interrupted = child.wait_with_output().unwrap();
    let message = stderr(&interrupted);
    assert_eq!(interrupted.status.code(), Some(130), "{message}");
    assert!(
        message.contains("interrupted;") && message.contains("--resume"),
        "{message}"
    );

    let mut resumed_args = args.to_vec();
    resumed_args.push("--resume");
    let resumed = sverka(&resumed_args);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    for i in 0..4 {
        assert!(out.join(format!("doc{i}.csv")).is_file(), "doc{i} aligned");
    }
}
