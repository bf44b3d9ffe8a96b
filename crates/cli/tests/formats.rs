//! Input formats end to end: subtitles give cue numbers and time columns,
//! a Word document against plain text gives the plain pair's table, batch
//! pairs files by name whatever their extension, and `--input-format`
//! overrides detection.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data(name: &str) -> PathBuf {
    workspace().join("crates/formats/tests/data").join(name)
}

fn sverka(args: &[&str]) -> Output {
    let scratch = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .current_dir(scratch.path())
        .output()
        .expect("sverka runs")
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A Word document with one paragraph per blank-line block of `text`, its
/// line ends as line breaks (what a word processor saves).
fn docx_of(text: &str) -> Vec<u8> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let runs: Vec<String> = paragraph
            .lines()
            .map(|line| {
                format!(
                    r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                    escape(line)
                )
            })
            .collect();
        body.push_str(&format!("<w:p>{}</w:p>", runs.join("<w:r><w:br/></w:r>")));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("word/document.xml", options).unwrap();
    writer.write_all(document.as_bytes()).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn subtitles_give_cue_numbers_and_times() {
    let out = sverka(&["align", s(&data("talk.ru.srt")), s(&data("talk.en.vtt"))]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("talk.ru.srt: read as SRT subtitles, 11 cues"),
        "{stderr}"
    );
    assert!(
        stderr.contains("talk.en.vtt: read as WebVTT subtitles, 10 cues"),
        "{stderr}"
    );
    let rows = csv_rows(&out.stdout);
    assert_eq!(rows[0][11..], ["ru_time", "en_time"]);
    assert_eq!(rows.len(), 11, "10 rows and the header");
    // Row 2: one Russian cue against two English ones.
    assert_eq!(rows[2][1..3], ["2", "2-3"]);
    assert_eq!(
        rows[2][11..],
        ["00:00:04,600–00:00:08,900", "00:00:04,500–00:00:08,800"]
    );
    // Row 4: a Russian sentence over two cues.
    assert_eq!(rows[4][1..3], ["4-5", "5"]);
}

#[test]
fn a_word_document_against_plain_text_gives_the_plain_table() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = workspace().join("corpora/lavrov-belarus-2017");
    let ru_text = std::fs::read_to_string(corpus.join("ru.txt")).unwrap();
    let docx = dir.path().join("ru.docx");
    std::fs::write(&docx, docx_of(&ru_text)).unwrap();
    let en = corpus.join("en.txt");
    let plain = sverka(&["align", s(&corpus.join("ru.txt")), s(&en)]);
    let mixed = sverka(&["align", s(&docx), s(&en)]);
    let stderr = String::from_utf8_lossy(&mixed.stderr);
    assert!(mixed.status.success(), "{stderr}");
    assert!(
        stderr.contains("ru.docx: read as Word document, 43 paragraphs"),
        "{stderr}"
    );
    // Everything but the Russian line numbers (paragraphs are lines of
    // their own in a document, one blank line apart in the text).
    let without_ru_lines = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|mut row| {
                row.remove(1);
                row
            })
            .collect()
    };
    let (plain, mixed) = (csv_rows(&plain.stdout), csv_rows(&mixed.stdout));
    assert!(plain.len() > 100);
    assert_eq!(without_ru_lines(mixed), without_ru_lines(plain));
}

#[test]
fn batch_pairs_files_by_name_whatever_their_extension() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    std::fs::copy(data("talk.ru.srt"), input.path().join("talk.ru.srt")).unwrap();
    std::fs::copy(data("talk.en.vtt"), input.path().join("talk.en.vtt")).unwrap();
    let corpus = workspace().join("corpora/lavrov-belarus-2017");
    let ru_text = std::fs::read_to_string(corpus.join("ru.txt")).unwrap();
    std::fs::write(input.path().join("lavrov.ru.docx"), docx_of(&ru_text)).unwrap();
    std::fs::copy(corpus.join("en.txt"), input.path().join("lavrov.en.txt")).unwrap();
    let out = sverka(&["batch", s(input.path()), "-o", s(output.path())]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let talk = csv_rows(&std::fs::read(output.path().join("talk.csv")).unwrap());
    assert_eq!(talk[0][11..], ["ru_time", "en_time"]);
    assert_eq!(talk.len(), 11);
    let lavrov = csv_rows(&std::fs::read(output.path().join("lavrov.csv")).unwrap());
    assert!(lavrov.len() > 100, "{}", lavrov.len());
    assert_eq!(lavrov[0].len(), 11, "no time columns for documents");
}

#[test]
fn input_format_overrides_detection() {
    // Read as plain text, the timing lines are text to align.
    let out = sverka(&[
        "align",
        "--input-format",
        "txt",
        s(&data("talk.ru.srt")),
        s(&data("talk.en.srt")),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("-->"));
    let out = sverka(&["align", "--input-format", "rtf", "a", "b"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown input format 'rtf'"), "{stderr}");
    // A named format that does not fit the file says what was expected.
    let out = sverka(&[
        "align",
        "--input-format",
        "docx",
        s(&data("talk.ru.srt")),
        s(&data("talk.en.srt")),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("talk.ru.srt: cannot read this Word document"),
        "{stderr}"
    );
}
