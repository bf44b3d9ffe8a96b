//! Finding a file's format from its content: magic numbers for the binary
//! formats, the ZIP directory for Word and OpenDocument, the first lines
//! for HTML and subtitles; plain text otherwise.

use crate::{zipped, Format, FormatError};

/// Bytes looked at to tell the text formats apart.
const SAMPLE: usize = 4096;

/// The format of `bytes`, or why it is one sverka does not read.
///
/// ```
/// use sverka_formats::{detect, Format};
/// assert_eq!(detect(b"WEBVTT\n\n00:01.000 --> 00:02.000\nHello.").unwrap(), Format::WebVtt);
/// assert_eq!(detect(b"<!DOCTYPE html><p>Hello.</p>").unwrap(), Format::Html);
/// assert_eq!(detect("Привет. Это текст.".as_bytes()).unwrap(), Format::Text);
/// ```
pub fn detect(bytes: &[u8]) -> Result<Format, FormatError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zipped::document_kind(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(compound_file(bytes));
    }
    // The PDF header may come after some junk (the format allows 1024 bytes).
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(FormatError::Unsupported {
            what: "an RTF document",
            advice: "open it in Word or LibreOffice and save it as .docx, .odt or plain text",
        });
    }
    let sample = &bytes[..bytes.len().min(SAMPLE) & !1];
    let sample = match sverka_text::decode_markup(sample, None) {
        Ok(decoded) => decoded.text,
        Err(_) => String::from_utf8_lossy(sample).into_owned(),
    };
    Ok(text_format(&sample))
}

/// A Microsoft compound file: an old binary Word file, or an encrypted
/// Office 2007+ document (which is stored as a compound file holding an
/// `EncryptedPackage` stream).
fn compound_file(bytes: &[u8]) -> FormatError {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if find(bytes, &name).is_some() {
        FormatError::Encrypted {
            format: Format::Docx,
        }
    } else {
        FormatError::Unsupported {
            what: "an old Microsoft Office file (Word 97–2003 .doc or similar)",
            advice:
                "open it in Word or LibreOffice and save it as .docx (Word Document) or plain text",
        }
    }
}

/// HTML, subtitles or plain text, from the start of the decoded text.
fn text_format(sample: &str) -> Format {
    let text = sample.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if text.starts_with("WEBVTT")
        && text[6..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
    {
        return Format::WebVtt;
    }
    if looks_like_srt(text) {
        return Format::Srt;
    }
    if looks_like_html(text) {
        return Format::Html;
    }
    Format::Text
}

/// A cue number line followed by a timing line, or a timing line first
/// (an SRT file whose numbers were dropped).
fn looks_like_srt(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    if crate::subtitles::timing_line(first).is_some() {
        return true;
    }
    first.len() <= 9
        && first.bytes().all(|b| b.is_ascii_digit())
        && lines
            .next()
            .is_some_and(|l| crate::subtitles::timing_line(l).is_some())
}

/// Markup that opens like an HTML page: a doctype, `<html>`, `<head>` or
/// `<body>`, possibly after an XML declaration and comments.
fn looks_like_html(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        let lower: String = rest
            .chars()
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower.starts_with("<?xml") {
            match rest.find("?>") {
                Some(end) => rest = &rest[end + 2..],
                None => return false,
            }
        } else if lower.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => rest = &rest[end + 3..],
                None => return false,
            }
        } else {
            return [
                "<!doctype html",
                "<html",
                "<head",
                "<body",
                "<meta",
                "<title",
            ]
            .iter()
            .any(|open| {
                lower.starts_with(open)
                    && lower[open.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == '>' || c.is_ascii_whitespace() || c == '/')
            });
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_formats() {
        for (text, format) in [
            ("1\n00:00:01,000 --> 00:00:02,000\nДа.\n", Format::Srt),
            ("\u{FEFF}\n\n12\r\n00:00:01,000 --> 00:00:02,000\r\n", Format::Srt),
            ("00:00:01,000 --> 00:00:02,000\nНомера потеряны.\n", Format::Srt),
            ("WEBVTT - Interview\n\n", Format::WebVtt),
            ("WEBVTT\n", Format::WebVtt),
            ("WEBVTTx\n", Format::Text),
            ("<!DOCTYPE html>\n<html>", Format::Html),
            ("<?xml version=\"1.0\"?>\n<!-- saved -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", Format::Html),
            ("<HTML><BODY>Old page</BODY></HTML>", Format::Html),
            ("<htmlx>", Format::Text),
            ("1\nПервый пункт.\n2\nВторой.", Format::Text),
            ("2017 год.\n00:00 начало", Format::Text),
            ("Вопрос: Когда? <b>жирный</b>", Format::Text),
        ] {
            assert_eq!(detect(text.as_bytes()).unwrap(), format, "{text:?}");
        }
    }

    #[test]
    fn utf16_html_is_html() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "<html><body><p>Привет.</p></body></html>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert_eq!(detect(&bytes).unwrap(), Format::Html);
    }

    #[test]
    fn binary_office_files_are_named() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend([0u8; 100]);
        let err = detect(&doc).unwrap_err();
        assert!(
            err.to_string().contains("old Microsoft Office file"),
            "{err}"
        );
        doc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            detect(&doc).unwrap_err(),
            FormatError::Encrypted {
                format: Format::Docx
            }
        );
        assert!(detect(b"{\\rtf1\\ansi Hello}")
            .unwrap_err()
            .to_string()
            .contains("RTF"));
        assert_eq!(detect(b"junk\n%PDF-1.7\n").unwrap(), Format::Pdf);
    }
}
