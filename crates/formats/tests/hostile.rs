//! Hostile and broken files through the public reader: each gives the
//! right result or a clear message, without a panic and within bounded
//! memory and time.

use std::io::{Cursor, Write};
use std::path::Path;

use sverka_formats::{read, Format, FormatError, ReadOptions};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn message(bytes: &[u8]) -> String {
    match read(bytes, &ReadOptions::default()) {
        Ok(extracted) => panic!("read as {}", extracted.description()),
        Err(err) => err.to_string(),
    }
}

#[test]
fn an_encrypted_word_file_is_named_as_such() {
    let err = message(&data("encrypted.docx"));
    assert!(err.contains("password-protected"), "{err}");
    assert!(err.contains("save a copy without one"), "{err}");
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 1 GB of one byte compresses to about 1 MB; a few of them in one file.
    let chunk = vec![b'a'; 64 * 1024 * 1024];
    let bomb = zip_of(&[("word/document.xml", &chunk), ("word/styles.xml", &chunk)]);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let err = message(&bomb);
    assert!(err.contains("ZIP bomb"), "{err}");
    assert!(err.contains("times larger than it is stored"), "{err}");
}

#[test]
fn truncated_document_xml_is_a_clear_error() {
    let whole = r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Первый абзац.</w:t></w:r></w:p><w:p><w:r><w:t>Второй абзац.</w:t></w:r></w:p></w:body></w:document>"#;
    let cut = &whole[..whole.find("Второй").unwrap()];
    let bytes = zip_of(&[("word/document.xml", cut.as_bytes())]);
    let err = message(&bytes);
    assert!(
        err.starts_with("the Word document is damaged: word/document.xml is not well-formed XML"),
        "{err}"
    );
    assert!(err.contains("truncated"), "{err}");
    // The whole file reads.
    let bytes = zip_of(&[("word/document.xml", whole.as_bytes())]);
    let extracted = read(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(extracted.text, "Первый абзац.\nВторой абзац.");
    // A ZIP cut short loses its directory.
    let err = message(&bytes[..bytes.len() - 30]);
    assert!(err.contains("damaged or incomplete"), "{err}");
}

#[test]
fn fifty_thousand_nested_divs() {
    let depth = 50_000;
    let html = format!(
        "<!DOCTYPE html><html><body>{}Текст в глубине.{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    // Read on a thread with a small stack: recursion over the depth
    // would overflow it.
    let extracted = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || read(html.as_bytes(), &ReadOptions::default()))
        .unwrap()
        .join()
        .unwrap()
        .unwrap();
    assert_eq!(extracted.format, Format::Html);
    assert_eq!(extracted.text, "Текст в глубине.");
}

#[test]
fn a_million_srt_cues() {
    let mut srt = String::with_capacity(50_000_000);
    for i in 0..1_000_000u64 {
        let (s, e) = (i * 2, i * 2 + 1);
        srt.push_str(&format!(
            "{}\n{:02}:{:02}:{:02},000 --> {:02}:{:02}:{:02},500\nФраза {}.\n\n",
            i + 1,
            s / 3600,
            s / 60 % 60,
            s % 60,
            e / 3600,
            e / 60 % 60,
            e % 60,
            i + 1
        ));
    }
    let extracted = read(srt.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(extracted.format, Format::Srt);
    assert_eq!(
        extracted.description(),
        "read as SRT subtitles, 1000000 cues"
    );
    let cues = extracted.cues.as_ref().unwrap();
    assert_eq!(cues.lines_label((999_999, 1_000_000)), "999999-1000000");
    assert_eq!(
        cues.time_label((1_000_000, 1_000_000)),
        "555:33:18,000–555:33:19,500"
    );
}

#[test]
fn other_files_are_named() {
    for (bytes, expected) in [
        (
            zip_of(&[("xl/workbook.xml", b"<workbook/>")]),
            "an Excel workbook",
        ),
        (b"{\\rtf1\\ansi Hi}".to_vec(), "RTF document"),
        (
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0u8; 504],
            ]
            .concat(),
            "Word 97–2003 .doc",
        ),
        (
            b"WEBVTT\n\nno cues here\n".to_vec(),
            "no subtitle cue could be read",
        ),
        (
            zip_of(&[("word/document.xml", b"<w:document><w:body/></w:document>")]),
            "read as Word document, but the file contains no text",
        ),
    ] {
        let err = message(&bytes);
        assert!(err.contains(expected), "{err}");
    }
    assert!(matches!(
        "pages".parse::<Format>(),
        Err(FormatError::UnknownFormat(_))
    ));
}

/// A PDF of one page that only draws an image, as a scanner makes them.
fn scanned_pdf() -> Vec<u8> {
    pdf_drawing(false)
}

/// A one-page PDF drawing an image, or (`looping`) a form object that
/// draws itself.
fn pdf_drawing(looping: bool) -> Vec<u8> {
    use pdf_extract::{Dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let form_id = doc.new_object_id();
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"XObject".to_vec()));
    form.set("Subtype", Object::Name(b"Form".to_vec()));
    form.set("BBox", vec![0.into(), 0.into(), 10.into(), 10.into()]);
    let mut form_xobjects = Dictionary::new();
    form_xobjects.set("Im0", form_id);
    let mut form_resources = Dictionary::new();
    form_resources.set("XObject", form_xobjects);
    form.set("Resources", form_resources);
    if looping {
        doc.objects.insert(
            form_id,
            Object::Stream(Stream::new(form, b"/Im0 Do".to_vec())),
        );
    }
    let mut image = Dictionary::new();
    image.set("Type", Object::Name(b"XObject".to_vec()));
    image.set("Subtype", Object::Name(b"Image".to_vec()));
    image.set("Width", 2);
    image.set("Height", 2);
    image.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
    image.set("BitsPerComponent", 8);
    let image_id = doc.add_object(Stream::new(image, vec![0, 255, 255, 0]));
    let mut xobjects = Dictionary::new();
    xobjects.set("Im0", if looping { form_id } else { image_id });
    let mut resources = Dictionary::new();
    resources.set("XObject", xobjects);
    let content = doc.add_object(Stream::new(
        Dictionary::new(),
        b"q 500 0 0 700 50 50 cm /Im0 Do Q".to_vec(),
    ));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", pages_id);
    page.set("Contents", content);
    page.set("Resources", resources);
    page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
    let page_id = doc.add_object(page);
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", vec![page_id.into()]);
    pages.set("Count", 1);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", pages_id);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_pdf_without_a_text_layer_asks_for_ocr() {
    let err = message(&scanned_pdf());
    assert!(
        err.starts_with("this PDF has no text layer (its page has no text)"),
        "{err}"
    );
    assert!(err.contains("run OCR on it first"), "{err}");
}

#[test]
fn a_form_drawing_itself_is_refused_before_it_recurses() {
    let err = message(&pdf_drawing(true));
    assert!(
        err.contains("form objects refer to each other in a loop"),
        "{err}"
    );
}

#[test]
fn broken_pdfs_are_damaged_not_panics() {
    let whole = scanned_pdf();
    for cut in [20, whole.len() / 2, whole.len() - 10] {
        let err = message(&whole[..cut]);
        assert!(err.contains("PDF"), "cut at {cut}: {err}");
    }
}
