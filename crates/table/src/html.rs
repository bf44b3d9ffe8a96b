//! The review page: the table as one self-contained HTML file, and an index
//! page linking the pages of a batch.
//!
//! The page needs no network and no other file: its style sheet and script
//! are inlined, and the rows travel as JSON inside a
//! `<script type="application/json">` element, which the script reads and
//! turns into DOM nodes with `textContent`. No input text is ever parsed as
//! HTML, so a sentence such as `<script>alert(1)</script>` shows as text.
//! In the JSON, `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes,
//! so no text can close the script element or end a line in it, and a
//! Content-Security-Policy forbids loading anything from anywhere.

use std::io::Write;

use serde::Serialize;

use crate::escape::{
    FORMULA_CHARS, NUMBER_CHARS, RUSSIAN_MONTHS, RUSSIAN_MONTH_ENDINGS, SHORT_MONTHS,
};
use crate::row::{Row, TableMeta, COLUMNS};
use crate::TableError;

const PAGE_CSS: &str = include_str!("html/page.css");
const DOM_JS: &str = include_str!("html/dom.js");
const PAGE_JS: &str = include_str!("html/page.js");
const INDEX_JS: &str = include_str!("html/index.js");

/// No fetch, image, font or frame from anywhere; only the inline style and
/// script. `blob:` for the "Download reviewed table" link.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; \
                   script-src 'unsafe-inline'; img-src data:; form-action 'none'; \
                   base-uri 'none'";

/// What the page says about the document beside the rows.
#[derive(Serialize)]
struct PageData<'a> {
    ru_file: &'a str,
    en_file: &'a str,
    ru_lang: &'a str,
    en_lang: &'a str,
    version: &'a str,
    options: &'a str,
    verdict: &'a str,
    command: &'a str,
    /// Keys the reviewer's work in the browser's storage: a hash of the
    /// document as written, so two documents never share a review, and a
    /// page rewritten from the same alignment finds its review again.
    key: String,
    columns: [&'a str; COLUMNS.len()],
    /// The spreadsheet escape (escape.rs), for the page's download to
    /// escape cells exactly as the CSV writer does, from one definition.
    escape: EscapeRules,
    rows: Vec<PageRow<'a>>,
}

#[derive(Serialize)]
struct EscapeRules {
    formula: String,
    number: &'static str,
    months: Vec<&'static str>,
    ru_months: &'static [&'static str],
    ru_endings: &'static [&'static str],
}

impl EscapeRules {
    fn new() -> EscapeRules {
        EscapeRules {
            formula: FORMULA_CHARS.iter().collect(),
            number: NUMBER_CHARS,
            months: sverka_core::ENGLISH_MONTHS
                .iter()
                .chain(SHORT_MONTHS)
                .copied()
                .collect(),
            ru_months: RUSSIAN_MONTHS,
            ru_endings: RUSSIAN_MONTH_ENDINGS,
        }
    }
}

/// One row: the table cells as the CSV writer has them (unescaped), where
/// the row sits among the sentences of each side (for the map), and the
/// numbers and names of the `details` that differ (to mark in the text),
/// and the times of subtitle cues.
#[derive(Serialize)]
struct PageRow<'a>(
    [String; COLUMNS.len()],
    [usize; 4],
    Vec<&'a str>,
    Vec<&'a str>,
    /// The subtitle cues' times of each side (`ru_time`, `en_time`), empty
    /// for other inputs.
    [&'a str; 2],
);

/// Writes the review page of `rows`: the document's names, counts and
/// verdict from `meta`, the rows side by side, a map of the alignment,
/// filters, and review in the page, saved as a table that
/// [`crate::read_table`] reads like the CSV [`crate::write_csv`] writes.
pub fn write_html<W: Write>(rows: &[Row], meta: &TableMeta, writer: W) -> Result<(), TableError> {
    let mut ru_at = 0;
    let mut en_at = 0;
    let page_rows = rows
        .iter()
        .map(|row| {
            let (ru_terms, en_terms) = differing_terms(&row.details);
            let place = [ru_at, row.kind.source, en_at, row.kind.target];
            ru_at += row.kind.source;
            en_at += row.kind.target;
            PageRow(
                row.cells(),
                place,
                ru_terms,
                en_terms,
                [&row.ru_time, &row.en_time],
            )
        })
        .collect();
    let data = PageData {
        ru_file: meta.ru_file.as_deref().unwrap_or(""),
        en_file: meta.en_file.as_deref().unwrap_or(""),
        ru_lang: &meta.ru_lang,
        en_lang: &meta.en_lang,
        version: &meta.version,
        options: &meta.options,
        verdict: meta.verdict.as_deref().unwrap_or(""),
        command: meta.command.as_deref().unwrap_or(""),
        key: document_key(rows, meta),
        columns: COLUMNS,
        escape: EscapeRules::new(),
        rows: page_rows,
    };
    let title = match (&meta.ru_file, &meta.en_file) {
        (Some(ru), Some(en)) => format!("{} ↔ {} — sverka review", file_name(ru), file_name(en)),
        _ => "sverka review".to_string(),
    };
    write_page(&title, &data, PAGE_JS, writer)
}

/// One document of a batch on the index page.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct IndexEntry {
    /// The document's name.
    pub name: String,
    /// Link to its review page, relative to the index; `None` when there is
    /// no page (the document failed).
    pub page: Option<String>,
    /// How the run went for it, as in a batch summary (`ok`, `failed`,
    /// `skipped`).
    pub status: String,
    /// Whether the two files look like translations (`ok`, `doubtful`,
    /// `unrelated`); empty when unknown.
    pub verdict: String,
    /// Rows of the table.
    pub rows: usize,
    /// Rows by kind, as one text (`120×1-1, 15×1-2`).
    pub kinds: String,
    /// Rows flagged for review (see `sverka_pipeline`'s `DocStats`).
    pub flagged: usize,
    /// Rows of Russian only (flagged `omission`).
    pub omissions: usize,
    /// Rows of English only (flagged `addition`).
    pub additions: usize,
    /// Mean confidence of the rows; `None` without rows.
    pub mean_confidence: Option<f64>,
    /// Why the document failed; empty otherwise.
    pub error: String,
}

#[derive(Serialize)]
struct IndexData<'a> {
    title: &'a str,
    command: &'a str,
    entries: &'a [IndexEntry],
}

/// Writes the index page of a batch: one line per document, linking its
/// review page, with its verdict and counts, sortable by any column.
pub fn write_html_index<W: Write>(
    entries: &[IndexEntry],
    title: &str,
    command: &str,
    writer: W,
) -> Result<(), TableError> {
    let data = IndexData {
        title,
        command,
        entries,
    };
    write_page(&format!("{title} — sverka review"), &data, INDEX_JS, writer)
}

fn write_page<W: Write, T: Serialize>(
    title: &str,
    data: &T,
    script: &str,
    writer: W,
) -> Result<(), TableError> {
    let json = serde_json::to_string(data).map_err(std::io::Error::from)?;
    let mut w = std::io::BufWriter::new(writer);
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"generator\" content=\"sverka {}\">\n\
         <title>{}</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n\
         <noscript>This page needs JavaScript to show the alignment.</noscript>\n\
         <script type=\"application/json\" id=\"sverka-data\">",
        env!("CARGO_PKG_VERSION"),
        escape_html(title)
    )?;
    w.write_all(script_safe_json(&json).as_bytes())?;
    write!(
        w,
        "</script>\n<script>\n{DOM_JS}</script>\n<script>\n{script}</script>\n</body>\n</html>\n"
    )?;
    w.flush()?;
    Ok(())
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` only
/// occur inside JSON strings, where `\u003c` and the like mean the same
/// character, so no `</script>` or `<!--` can appear; U+2028 and U+2029 are
/// escaped too, as older script parsers take them for line ends.
fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML element or a quoted attribute.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The last component of a path as given (either slash).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The numbers and names that `details` says differ, per side: from
/// `numbers: 640, 12 ≠ 460` and `names: Grybauskaite? ≠ Gribauskaite?`,
/// (`["640", "12", "Grybauskaite"], ["460", "Gribauskaite"])`. A side with
/// none (`-`) gives nothing. The terms are the words as they stand in the
/// text, so the page can mark them there.
fn differing_terms(details: &str) -> (Vec<&str>, Vec<&str>) {
    let mut ru = Vec::new();
    let mut en = Vec::new();
    for part in details.split("; ") {
        let Some(rest) = part
            .strip_prefix("numbers: ")
            .or_else(|| part.strip_prefix("names: "))
        else {
            continue;
        };
        let Some((left, right)) = rest.split_once(" ≠ ") else {
            continue;
        };
        for (side, list) in [(&mut ru, left), (&mut en, right)] {
            for term in list.split(", ") {
                let term = term.trim().trim_end_matches('?');
                if !term.is_empty() && term != "-" && !side.contains(&term) {
                    side.push(term);
                }
            }
        }
    }
    (ru, en)
}

/// A 64-bit FNV-1a hash of the file names and the cells of every row, in
/// hex: stable across runs, platforms and versions of Rust.
fn document_key(rows: &[Row], meta: &TableMeta) -> String {
    // Each cell ends in 0xff, a byte UTF-8 never holds, so cells cannot
    // run into each other.
    let mut bytes = Vec::new();
    let mut feed = |s: &str| {
        bytes.extend_from_slice(s.as_bytes());
        bytes.push(0xff);
    };
    feed(meta.ru_file.as_deref().unwrap_or(""));
    feed(meta.en_file.as_deref().unwrap_or(""));
    for row in rows {
        for cell in row.cells() {
            feed(&cell);
        }
    }
    format!("{:016x}", sverka_core::fnv1a(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::{BeadKind, Flag, LineRange};

    fn hostile_rows() -> Vec<Row> {
        vec![
            Row {
                row: 1,
                ru_lines: Some(LineRange::single(1)),
                en_lines: Some(LineRange::single(1)),
                ru: "<script>alert(1)</script> Да, 12.".into(),
                en: "\"><img src=x onerror=alert(2)> </style> Yes, 11.\u{2028}x & y".into(),
                kind: BeadKind::new(1, 1),
                confidence: 0.25,
                flags: vec![Flag::NumbersDiffer],
                details: "numbers: 12 ≠ 11".into(),
                ..Row::default()
            },
            Row {
                row: 2,
                ru_lines: Some(LineRange::new(2, 3)),
                en_lines: None,
                ru: "</script><!-- Нет. Ушёл.".into(),
                kind: BeadKind::new(2, 0),
                confidence: 0.5,
                flags: vec![Flag::Omission],
                ..Row::default()
            },
        ]
    }

    fn page(rows: &[Row], meta: &TableMeta) -> String {
        let mut out = Vec::new();
        write_html(rows, meta, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The JSON between the data element's tags.
    fn data_json(page: &str) -> &str {
        let start = page.find("id=\"sverka-data\">").unwrap() + "id=\"sverka-data\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        &page[start..end]
    }

    #[test]
    fn input_text_never_reaches_the_markup() {
        let meta = TableMeta {
            ru_file: Some("dir/<b>ru.txt".into()),
            en_file: Some("en\".txt".into()),
            command: Some("sverka align '</title><script>x</script>'".into()),
            ..TableMeta::default()
        };
        let html = page(&hostile_rows(), &meta);
        // The only tags are the page's own: three scripts (the data, the
        // DOM helpers, the page), one style.
        assert_eq!(html.matches("<script").count(), 3, "{html}");
        assert_eq!(html.matches("</script>").count(), 3);
        assert_eq!(html.matches("<style").count(), 1);
        assert_eq!(html.matches("</style>").count(), 1);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(!html.contains("<!--"));
        assert!(!html.contains('\u{2028}'));
        assert!(html.contains("<title>&lt;b&gt;ru.txt ↔ en&quot;.txt — sverka review</title>"));
        // And the JSON gives the text back exactly.
        let data: serde_json::Value = serde_json::from_str(data_json(&html)).unwrap();
        assert_eq!(data["rows"][0][0][3], "<script>alert(1)</script> Да, 12.");
        assert_eq!(
            data["rows"][0][0][4],
            "\"><img src=x onerror=alert(2)> </style> Yes, 11.\u{2028}x & y"
        );
        assert_eq!(data["rows"][1][0][3], "</script><!-- Нет. Ушёл.");
        assert_eq!(data["command"], "sverka align '</title><script>x</script>'");
    }

    #[test]
    fn rows_carry_cells_places_and_terms() {
        let html = page(&hostile_rows(), &TableMeta::default());
        let data: serde_json::Value = serde_json::from_str(data_json(&html)).unwrap();
        let row = &data["rows"][0];
        assert_eq!(
            row[0],
            serde_json::json!([
                "1",
                "1",
                "1",
                "<script>alert(1)</script> Да, 12.",
                "\"><img src=x onerror=alert(2)> </style> Yes, 11.\u{2028}x & y",
                "1-1",
                "0.250",
                "numbers-differ",
                "numbers: 12 ≠ 11",
                "",
                ""
            ])
        );
        assert_eq!(row[1], serde_json::json!([0, 1, 0, 1]));
        assert_eq!(row[2], serde_json::json!(["12"]));
        assert_eq!(row[3], serde_json::json!(["11"]));
        // The omission takes two Russian sentences and no English one.
        assert_eq!(data["rows"][1][1], serde_json::json!([1, 2, 1, 0]));
        assert_eq!(data["columns"][10], "note");
        assert_eq!(data["key"].as_str().unwrap().len(), 16);
        assert_eq!(row[4], serde_json::json!(["", ""]));
    }

    #[test]
    fn subtitle_rows_carry_their_cue_times() {
        let mut rows = hostile_rows();
        rows[0].ru_time = "00:01:02,500–00:01:05,000".into();
        let html = page(&rows, &TableMeta::default());
        let data: serde_json::Value = serde_json::from_str(data_json(&html)).unwrap();
        assert_eq!(
            data["rows"][0][4],
            serde_json::json!(["00:01:02,500–00:01:05,000", ""])
        );
    }

    #[test]
    fn terms_from_details() {
        assert_eq!(
            differing_terms("length: ru 10 / en 40 chars; numbers: 640, 12 ≠ 460; names: Grybauskaite?, Вильнюс? ≠ Gribauskaite?"),
            (
                vec!["640", "12", "Grybauskaite", "Вильнюс"],
                vec!["460", "Gribauskaite"]
            )
        );
        assert_eq!(differing_terms("numbers: - ≠ 5"), (vec![], vec!["5"]));
        assert_eq!(differing_terms(""), (vec![], vec![]));
        assert_eq!(differing_terms("numbers: broken"), (vec![], vec![]));
    }

    #[test]
    fn the_key_follows_the_document() {
        let meta = TableMeta::default();
        let rows = hostile_rows();
        let key = document_key(&rows, &meta);
        assert_eq!(key, document_key(&rows, &meta));
        let mut edited = rows.clone();
        edited[1].ru.push('!');
        assert_ne!(key, document_key(&edited, &meta));
        let named = TableMeta {
            ru_file: Some("a.txt".into()),
            ..TableMeta::default()
        };
        assert_ne!(key, document_key(&rows, &named));
    }

    #[test]
    fn output_is_deterministic() {
        let meta = TableMeta::default();
        assert_eq!(page(&hostile_rows(), &meta), page(&hostile_rows(), &meta));
    }

    #[test]
    fn index_escapes_and_lists_entries() {
        let entries = vec![IndexEntry {
            name: "<i>doc</i>".into(),
            page: Some("doc.html".into()),
            status: "aligned".into(),
            verdict: "ok".into(),
            rows: 3,
            kinds: "3×1-1".into(),
            flagged: 1,
            mean_confidence: Some(0.5),
            ..IndexEntry::default()
        }];
        let mut out = Vec::new();
        write_html_index(&entries, "out</title>", "sverka batch", &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("<i>"));
        assert!(html.contains("<title>out&lt;/title&gt; — sverka review</title>"));
        let data: serde_json::Value = serde_json::from_str(data_json(&html)).unwrap();
        assert_eq!(data["entries"][0]["name"], "<i>doc</i>");
        assert_eq!(data["entries"][0]["page"], "doc.html");
    }
}
