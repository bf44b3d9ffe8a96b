//! Invariants of the input-format readers (Word, OpenDocument, HTML,
//! subtitles, PDF), for their fuzz targets and regression replay.

use crate::*;

/// A ZIP container holding `entries`, as a word processor would write it.
fn container(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        // Writing to memory does not fail.
        let _ = writer.start_file(*name, options);
        let _ = writer.write_all(content);
    }
    writer
        .finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

/// Reads `bytes` with each format given (None: detected) and checks each
/// result: see [`extracted_breach`].
fn check_reads(what: &str, bytes: &[u8], formats: &[Option<sverka_formats::Format>]) {
    for &format in formats {
        let options = sverka_formats::ReadOptions {
            format,
            ..sverka_formats::ReadOptions::default()
        };
        let result = sverka_formats::read(bytes, &options);
        if let Err(breach) = extracted_breach(&result) {
            fail(what, format!("as {format:?}: {breach}"), &bytes);
        }
    }
}

/// What a read must satisfy:
///
/// - an error has a message;
/// - the text is not blank; blocks lie in it, in order, on character
///   boundaries, each starting and ending a line;
/// - subtitles have one cue per line, each ending at or after its start;
/// - the document made of it keeps the contract of [`document_breach`],
///   and subtitle sentences are timed within their cues.
pub fn extracted_breach(
    result: &Result<sverka_formats::Extracted, sverka_formats::FormatError>,
) -> Result<(), String> {
    let extracted = match result {
        Err(err) if err.to_string().trim().is_empty() => return Err("an empty message".into()),
        Err(_) => return Ok(()),
        Ok(extracted) => extracted,
    };
    let text = extracted.text.as_str();
    if text.trim().is_empty() {
        return Err("a blank text".into());
    }
    let mut end = 0;
    for block in extracted.blocks.iter().flatten() {
        let span = &block.span;
        if span.start < end
            || span.end > text.len()
            || span.start >= span.end
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            return Err(format!("block {span:?} out of order or bounds"));
        }
        if (span.start > 0 && text.as_bytes()[span.start - 1] != b'\n')
            || (span.end < text.len() && text.as_bytes()[span.end] != b'\n')
        {
            return Err(format!("block {span:?} does not hold whole lines"));
        }
        end = span.end;
    }
    if let Some(cues) = &extracted.cues {
        let lines = structure::lines(text).len();
        if cues.len() != lines {
            return Err(format!("{} cues for {lines} lines", cues.len()));
        }
        if let Some(cue) = cues.as_slice().iter().find(|c| c.end_ms < c.start_ms) {
            return Err(format!("cue {} ends before it starts", cue.number));
        }
    }
    let (doc, cues) = extracted.clone().into_document(Lang::Ru, false);
    document_breach(&doc, false)?;
    if let Some(cues) = cues {
        for (k, sentence) in doc.sentences.iter().enumerate() {
            let span = cues.span_ms(sentence.lines).map(|s| (s.start, s.end));
            if sentence.time != span {
                return Err(format!(
                    "sentence {k}: time {:?}, its cues {span:?}",
                    sentence.time
                ));
            }
        }
    }
    Ok(())
}

/// Word: the bytes as `word/document.xml` (with and without a styles part
/// made of them too), and as the file itself.
pub fn check_docx(bytes: &[u8]) {
    use sverka_formats::Format::Docx;
    check_reads("docx", &container(&[("word/document.xml", bytes)]), &[None]);
    let styled = container(&[("word/document.xml", bytes), ("word/styles.xml", bytes)]);
    check_reads("docx", &styled, &[Some(Docx)]);
    check_reads("docx", bytes, &[None, Some(Docx)]);
}

/// OpenDocument: the bytes as `content.xml`, and as the file itself.
pub fn check_odt(bytes: &[u8]) {
    use sverka_formats::Format::Odt;
    let odt = container(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", bytes),
    ]);
    check_reads("odt", &odt, &[None]);
    check_reads("odt", bytes, &[Some(Odt)]);
}

/// HTML: named and detected.
pub fn check_html(bytes: &[u8]) {
    check_reads("html", bytes, &[Some(sverka_formats::Format::Html), None]);
}

/// Subtitles: as SRT, as WebVTT (also behind a `WEBVTT` line), detected.
pub fn check_subtitles(bytes: &[u8]) {
    use sverka_formats::Format::{Srt, WebVtt};
    check_reads("subtitles", bytes, &[Some(Srt), Some(WebVtt), None]);
    let mut vtt = b"WEBVTT\n\n".to_vec();
    vtt.extend_from_slice(bytes);
    check_reads("subtitles", &vtt, &[None]);
}

/// PDF: the bytes as a PDF, and after a PDF header.
pub fn check_pdf(bytes: &[u8]) {
    check_reads("pdf", bytes, &[Some(sverka_formats::Format::Pdf)]);
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(bytes);
    check_reads("pdf", &pdf, &[None]);
}
