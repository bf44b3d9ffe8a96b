//! OpenDocument text (`.odt`): the paragraphs and headings of
//! `content.xml` in reading order; list items and table cells are
//! paragraphs there already. Notes (footnotes, endnotes), annotations
//! (comments), the record of tracked changes (which holds the deleted
//! text) and generated indexes are dropped; tracked insertions are
//! ordinary text and kept.

use crate::xml::{Item, Xml};
use crate::zipped::Container;
use crate::{Format, FormatError, Limits, Paragraphs, LINE_BREAK};

const FORMAT: Format = Format::Odt;

/// Elements whose content is not part of the running text.
const DROPPED: [&str; 12] = [
    "text:note",
    "office:annotation",
    "text:tracked-changes",
    "text:table-of-content",
    "text:alphabetical-index",
    "text:illustration-index",
    "text:table-index",
    "text:object-index",
    "text:user-index",
    "text:bibliography",
    "text:hidden-text",
    "text:hidden-paragraph",
];

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Paragraphs, FormatError> {
    let mut container = Container::open(bytes, FORMAT, limits)?;
    // An encrypted OpenDocument is a normal ZIP whose parts are encrypted;
    // the manifest says so.
    if let Some(manifest) = container.text("META-INF/manifest.xml")? {
        if manifest.contains("encryption-data") {
            return Err(FormatError::Encrypted { format: FORMAT });
        }
    }
    let content = container
        .text("content.xml")?
        .ok_or_else(|| FormatError::Damaged {
            format: FORMAT,
            detail: "it has no content.xml".to_string(),
        })?;
    paragraphs(&content, limits)
}

fn paragraphs(xml: &str, limits: &Limits) -> Result<Paragraphs, FormatError> {
    let mut out = Paragraphs::new(limits);
    let mut reader = Xml::new(xml, FORMAT, "content.xml");
    // Paragraphs nest: a frame's text box holds paragraphs inside another.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut dropped: Option<usize> = None;
    loop {
        let item = reader.next_kept(&mut dropped)?;
        match item {
            Item::Eof => break,
            Item::Start { name, empty, .. } => {
                if DROPPED.contains(&name.as_str()) {
                    if !empty {
                        dropped = Some(reader.depth());
                    }
                    continue;
                }
                match name.as_str() {
                    "text:p" if !empty => open.push((String::new(), false)),
                    "text:h" if !empty => open.push((String::new(), true)),
                    "text:s" | "text:tab" => {
                        if let Some((text, _)) = open.last_mut() {
                            text.push(' ');
                        }
                    }
                    "text:line-break" => {
                        if let Some((text, _)) = open.last_mut() {
                            text.push(LINE_BREAK);
                        }
                    }
                    _ => {}
                }
            }
            Item::End { name } => {
                if name == "text:p" || name == "text:h" {
                    if let Some((text, heading)) = open.pop() {
                        out.push(&text, heading.then_some(true))?;
                    }
                }
            }
            Item::Text(text) => {
                if let Some((paragraph, _)) = open.last_mut() {
                    paragraph.push_str(&text);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zipped::tests::zip_of;

    fn read_body(body: &str) -> Vec<(String, Option<bool>)> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let bytes = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
        ]);
        let extracted = read(&bytes, &Limits::default())
            .unwrap()
            .into_extracted(FORMAT);
        extracted
            .blocks
            .unwrap()
            .iter()
            .map(|b| (extracted.text[b.span.clone()].to_string(), b.heading))
            .collect()
    }

    #[test]
    fn paragraphs_headings_lists_tables_notes_and_changes() {
        let body = r#"
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>удалённое</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:table-of-content><text:index-body><text:p>Введение 1</text:p></text:index-body></text:table-of-content>
<text:h text:outline-level="1">Введение</text:h>
<text:p>Первая<text:line-break/>строка,<text:s text:c="3"/>со<text:tab/>сноской<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Сноска.</text:p></text:note-body></text:note> и <office:annotation><dc:creator>Я</dc:creator><text:p>Комментарий</text:p></office:annotation>вставкой <text:change-start text:change-id="c2"/>новой<text:change-end text:change-id="c2"/><text:change text:change-id="c1"/>.</text:p>
<text:list><text:list-item><text:p>Пункт один</text:p></text:list-item><text:list-item><text:p>Пункт два</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Ячейка 1</text:p></table:table-cell><table:table-cell><text:p>Ячейка 2</text:p></table:table-cell></table:table-row></table:table>
<text:p/>
"#;
        let expected: Vec<(String, Option<bool>)> = [
            ("Введение", Some(true)),
            ("Первая\nстрока, со сноской и вставкой новой.", None),
            ("Пункт один", None),
            ("Пункт два", None),
            ("Ячейка 1", None),
            ("Ячейка 2", None),
        ]
        .iter()
        .map(|(t, h)| (t.to_string(), *h))
        .collect();
        assert_eq!(read_body(body), expected);
    }

    #[test]
    fn encrypted_documents_are_named() {
        let bytes = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            (
                "META-INF/manifest.xml",
                b"<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
            ),
            ("content.xml", b"\x93\x11binary"),
        ]);
        assert_eq!(
            read(&bytes, &Limits::default()).unwrap_err(),
            FormatError::Encrypted { format: FORMAT }
        );
    }
}
