//! Documents made by a real word processor: headless LibreOffice Writer
//! converts the shipped Lavrov pair and a hand-made document (headings, a
//! list, a table, a footnote, a comment) into Word, OpenDocument and HTML;
//! each must read back to what the plain text gives.
//!
//! Skipped (with a message) when LibreOffice Writer is missing, unless
//! `SVERKA_REQUIRE_CLIENTS=1`.

#[path = "../../table/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use sverka_align::{align, Options};
use sverka_formats::{read, Format, ReadOptions};
use sverka_text::{Document, Lang};

/// LibreOffice's export filters, by format.
const EXPORTS: [(Format, &str); 3] = [
    (Format::Docx, "docx:MS Word 2007 XML"),
    (Format::Odt, "odt:writer8"),
    (Format::Html, "html:HTML (StarWriter)"),
];

/// A plain text as a word processor document: each paragraph (lines
/// up to a blank line) one paragraph, its line ends as line breaks. (Opened
/// directly, LibreOffice makes every line a paragraph, and a two-line
/// paragraph such as a dateline is no longer the plain text's.)
fn flat_odt(text: &str) -> String {
    let mut body = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let lines: Vec<String> = paragraph
            .lines()
            .map(|line| {
                line.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            })
            .collect();
        body.push_str(&format!(
            "<text:p>{}</text:p>\n",
            lines.join("<text:line-break/>")
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
{body}</office:text></office:body></office:document>
"#
    )
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/lavrov-belarus-2017")
}

fn read_file(path: &Path) -> sverka_formats::Extracted {
    let bytes = std::fs::read(path).unwrap();
    read(&bytes, &ReadOptions::default()).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// What a review table shows of an alignment, line numbers aside: each
/// row's sentences (white space runs as one space), kind, flags and
/// confidence.
fn rows(ru: &Document, en: &Document) -> Vec<String> {
    let side = |doc: &Document, indices: std::ops::Range<usize>| {
        indices
            .map(|i| {
                doc.sentence_text(&doc.sentences[i])
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    align(ru, en, &Options::default())
        .beads
        .iter()
        .map(|bead| {
            format!(
                "{} [{}] <{}> {:.3} {:?}",
                bead.kind(),
                side(ru, bead.src.clone()),
                side(en, bead.tgt.clone()),
                bead.confidence,
                bead.flags
            )
        })
        .collect()
}

#[test]
fn the_lavrov_pair_aligns_the_same_from_word_opendocument_and_html() {
    if !common::libreoffice_writer() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for side in ["ru", "en"] {
        let text = std::fs::read_to_string(corpus().join(format!("{side}.txt"))).unwrap();
        std::fs::write(dir.path().join(format!("{side}.txt")), &text).unwrap();
        let source = dir.path().join(format!("{side}.fodt"));
        std::fs::write(&source, flat_odt(&text)).unwrap();
        inputs.push(source);
    }
    let plain = |side: &str, lang: Lang| {
        let (doc, _) =
            read_file(&dir.path().join(format!("{side}.txt"))).into_document(lang, false);
        doc
    };
    let expected = rows(&plain("ru", Lang::Ru), &plain("en", Lang::En));
    assert!(expected.len() > 40, "{}", expected.len());
    for (format, filter) in EXPORTS {
        common::soffice_convert(&inputs, filter, None, dir.path());
        let extension = filter.split(':').next().unwrap();
        let mut docs = Vec::new();
        for (side, lang) in [("ru", Lang::Ru), ("en", Lang::En)] {
            let extracted = read_file(&dir.path().join(format!("{side}.{extension}")));
            assert_eq!(extracted.format, format);
            assert!(extracted.warnings.is_empty(), "{:?}", extracted.warnings);
            docs.push(extracted.into_document(lang, false).0);
        }
        let found = rows(&docs[0], &docs[1]);
        assert_eq!(found.len(), expected.len(), "{format}");
        for (row, (found, expected)) in found.iter().zip(&expected).enumerate() {
            assert_eq!(found, expected, "{format}, row {}", row + 1);
        }
    }
}

#[test]
fn headings_lists_tables_footnotes_and_comments_from_a_word_processor() {
    if !common::libreoffice_writer() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("structured.fodt");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/structured.fodt"),
        &source,
    )
    .unwrap();
    let expected: Vec<(&str, bool)> = vec![
        ("Переговоры в Минске", true),
        (
            "Министр прибыл в Минск утром. Встреча длилась два часа.",
            false,
        ),
        ("Итоги", true),
        ("Подписано соглашение о транзите.", false),
        ("Следующая встреча пройдёт в Москве.", false),
        ("Год", false),
        ("Товарооборот", false),
        ("2017", false),
        ("30 млрд долларов", false),
        ("Стороны остались довольны\nитогами визита.", false),
    ];
    for (format, filter) in EXPORTS {
        common::soffice_convert(std::slice::from_ref(&source), filter, None, dir.path());
        let extension = filter.split(':').next().unwrap();
        let extracted = read_file(&dir.path().join(format!("structured.{extension}")));
        assert_eq!(extracted.format, format);
        let blocks = extracted.blocks.as_ref().unwrap();
        let found: Vec<(&str, bool)> = blocks
            .iter()
            .map(|b| (&extracted.text[b.span.clone()], b.heading == Some(true)))
            .collect();
        assert_eq!(found, expected, "{format}");
        assert_eq!(
            extracted.description(),
            format!("read as {}, 10 paragraphs", format.label())
        );
    }
}

/// `flat_odt` with a running header and a page-number footer on every page.
fn with_header_and_footer(fodt: &str, header: &str) -> String {
    fodt.replacen(
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0""#,
        1,
    )
    .replacen(
        "<office:body>",
        &format!(
            r#"<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p>{header}</text:p></style:header><style:footer><text:p>– <text:page-number text:select-page="current">1</text:page-number> –</text:p></style:footer></style:master-page></office:master-styles><office:body>"#
        ),
        1,
    )
}

/// Byte spans of `sentences` in `text`, found in order, comparing only
/// letters, digits and punctuation other than hyphens: PDF extraction may
/// change white space and where a hyphen at a line end was.
fn locate_loosely(text: &str, sentences: &[String]) -> Vec<std::ops::Range<usize>> {
    let kept = |c: &char| !c.is_whitespace() && !matches!(c, '-' | '\u{AD}');
    let chars: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| kept(c)).collect();
    let mut cursor = 0;
    sentences
        .iter()
        .map(|sentence| {
            let needle: Vec<char> = sentence.chars().filter(kept).collect();
            let found = (cursor..=chars.len().saturating_sub(needle.len()))
                .find(|&p| {
                    chars[p..p + needle.len()]
                        .iter()
                        .map(|&(_, c)| c)
                        .eq(needle.iter().copied())
                })
                .unwrap_or_else(|| panic!("gold sentence not in the PDF text: {sentence}"));
            let (last, c) = chars[found + needle.len() - 1];
            cursor = found + needle.len();
            chars[found].0..last + c.len_utf8()
        })
        .collect()
}

/// The Lavrov pair as PDF (with a running header and page numbers, which
/// must not reach the text) aligns to strict F1 ≥ 0.95 against the gold.
#[test]
fn the_lavrov_pair_from_pdf_meets_the_gold() {
    if !common::libreoffice_writer() {
        return;
    }
    let gold = sverka_eval::data::corpus_doc(&corpus()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for (side, lang, header) in [
        ("ru", Lang::Ru, "Интервью С.В.Лаврова, 23 июня 2017"),
        ("en", Lang::En, "MEMRI Special Dispatch No. 6998"),
    ] {
        let text = std::fs::read_to_string(corpus().join(format!("{side}.txt"))).unwrap();
        let source = dir.path().join(format!("{side}.fodt"));
        std::fs::write(&source, with_header_and_footer(&flat_odt(&text), header)).unwrap();
        common::soffice_convert(
            std::slice::from_ref(&source),
            "pdf:writer_pdf_Export",
            None,
            dir.path(),
        );
        let pdf = dir.path().join(format!("{side}.pdf"));
        let raw =
            pdf_extract::extract_text_from_mem_by_pages(&std::fs::read(&pdf).unwrap()).unwrap();
        assert!(raw.len() >= 3, "{} pages", raw.len());
        assert!(
            raw.iter().all(|page| page.contains(header)),
            "a header on every page"
        );
        let extracted = read_file(&pdf);
        assert_eq!(extracted.format, Format::Pdf);
        assert!(!extracted.text.contains(header), "the header is dropped");
        assert!(
            !extracted.text.contains("– 2 –"),
            "page numbers are dropped"
        );
        docs.push(extracted.into_document(lang, false).0);
    }
    let strict_f1 = |ru: &Document, en: &Document| {
        let spans = |doc: &Document| -> Vec<std::ops::Range<usize>> {
            doc.sentences.iter().map(|s| s.span.clone()).collect()
        };
        let beads: Vec<sverka_eval::Bead> = align(ru, en, &Options::default())
            .beads
            .iter()
            .map(|b| {
                sverka_eval::Bead::new(
                    b.src.clone().collect::<Vec<_>>(),
                    b.tgt.clone().collect::<Vec<_>>(),
                )
            })
            .collect();
        let projection = sverka_eval::spans::project(
            &locate_loosely(&ru.text, &gold.ru_sents),
            &locate_loosely(&en.text, &gold.en_sents),
            &spans(ru),
            &spans(en),
            &beads,
        )
        .unwrap();
        sverka_eval::metrics::score(&gold.gold, &projection.beads)
    };
    let scores = strict_f1(&docs[0], &docs[1]);
    // The same measure on the plain text, for comparison (no dictionary
    // either way).
    let plain = strict_f1(
        &Document::from_text(gold.ru_text.clone(), Lang::Ru),
        &Document::from_text(gold.en_text.clone(), Lang::En),
    );
    eprintln!(
        "Lavrov pair from PDF: {}; as plain text: {}",
        sverka_eval::report::scores_summary(&scores),
        sverka_eval::report::scores_summary(&plain)
    );
    assert!(
        scores.strict.f1 >= 0.95,
        "strict F1 {:.3}",
        scores.strict.f1
    );
}
