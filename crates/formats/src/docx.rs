//! Word 2007+ documents (`.docx`): the paragraphs of `word/document.xml`
//! in reading order. Table cells, list items and headings are paragraphs
//! of their own there already; headings are known from their style (or
//! outline level) in `word/styles.xml`. Footnotes, endnotes and comments
//! live in other parts and are not read; tracked deletions, field codes,
//! hidden text and the fallback copy of text boxes are dropped; tracked
//! insertions are kept.

use std::collections::HashMap;

use crate::xml::{attribute, Item, Xml};
use crate::zipped::Container;
use crate::{Format, FormatError, Limits, Paragraphs, LINE_BREAK};

const FORMAT: Format = Format::Docx;

/// Elements whose content is not part of the text a reader sees.
const DROPPED: [&str; 9] = [
    "w:del",
    "w:moveFrom",
    "w:instrText",
    "w:delInstrText",
    "w:delText",
    // Word stores a text box twice: as drawing and, for old readers, as VML.
    "mc:Fallback",
    "w:footnoteReference",
    "w:endnoteReference",
    "w:commentReference",
];

/// What a paragraph style makes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Heading,
    /// A table of contents entry: a copy of a heading.
    Contents,
}

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Paragraphs, FormatError> {
    let mut container = Container::open(bytes, FORMAT, limits)?;
    let styles = match container.text("word/styles.xml")? {
        Some(xml) => styles(&xml)?,
        None => HashMap::new(),
    };
    let document = container
        .text("word/document.xml")?
        .ok_or_else(|| FormatError::Damaged {
            format: FORMAT,
            detail: "it has no word/document.xml".to_string(),
        })?;
    paragraphs(&document, &styles, limits)
}

/// One paragraph being read.
#[derive(Default)]
struct Open {
    text: String,
    style: Option<Style>,
}

fn paragraphs(
    xml: &str,
    styles: &HashMap<String, Style>,
    limits: &Limits,
) -> Result<Paragraphs, FormatError> {
    let mut out = Paragraphs::new(limits);
    let mut reader = Xml::new(xml, FORMAT, "word/document.xml");
    // Paragraphs nest: a text box's paragraphs are inside a run of another.
    let mut open: Vec<Open> = Vec::new();
    // The depth at which a dropped element opened.
    let mut dropped: Option<usize> = None;
    let (mut in_text, mut in_run, mut in_run_properties, mut hidden) = (false, false, false, false);
    loop {
        let item = reader.next_kept(&mut dropped)?;
        match item {
            Item::Eof => break,
            Item::Start {
                name,
                element,
                empty,
            } => {
                if DROPPED.contains(&name.as_str()) {
                    if !empty {
                        dropped = Some(reader.depth());
                    }
                    continue;
                }
                match name.as_str() {
                    "w:p" if !empty => open.push(Open::default()),
                    "w:r" if !empty => {
                        in_run = true;
                        hidden = false;
                    }
                    "w:rPr" if in_run && !empty => in_run_properties = true,
                    "w:vanish" | "w:webHidden" if in_run_properties => {
                        hidden = !matches!(
                            attribute(&element, "w:val").as_deref(),
                            Some("0" | "false" | "off")
                        );
                    }
                    "w:t" if !empty => in_text = true,
                    "w:tab" if in_run && !hidden => {
                        if let Some(paragraph) = open.last_mut() {
                            paragraph.text.push(' ');
                        }
                    }
                    // A page or column break is no line end of the text.
                    "w:br" if in_run && !hidden => {
                        if let Some(paragraph) = open.last_mut() {
                            let page = attribute(&element, "w:type")
                                .is_some_and(|kind| kind == "page" || kind == "column");
                            paragraph.text.push(if page { ' ' } else { LINE_BREAK });
                        }
                    }
                    "w:cr" if in_run && !hidden => {
                        if let Some(paragraph) = open.last_mut() {
                            paragraph.text.push(LINE_BREAK);
                        }
                    }
                    "w:noBreakHyphen" if in_run && !hidden => {
                        if let Some(paragraph) = open.last_mut() {
                            paragraph.text.push('-');
                        }
                    }
                    "w:pStyle" => {
                        if let (Some(paragraph), Some(id)) =
                            (open.last_mut(), attribute(&element, "w:val"))
                        {
                            paragraph.style = styles.get(&id).copied();
                        }
                    }
                    "w:outlineLvl" if !in_run => {
                        if let Some(paragraph) = open.last_mut() {
                            if outline_heading(&element) {
                                paragraph.style = Some(Style::Heading);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Item::End { name } => match name.as_str() {
                "w:p" => {
                    if let Some(paragraph) = open.pop() {
                        match paragraph.style {
                            Some(Style::Contents) => {}
                            Some(Style::Heading) => out.push(&paragraph.text, Some(true))?,
                            None => out.push(&paragraph.text, None)?,
                        }
                    }
                }
                "w:r" => {
                    in_run = false;
                    hidden = false;
                }
                "w:rPr" => in_run_properties = false,
                "w:t" => in_text = false,
                _ => {}
            },
            Item::Text(text) => {
                if in_text && !hidden {
                    if let Some(paragraph) = open.last_mut() {
                        paragraph.text.push_str(&text);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Outline levels 0–8 are heading levels 1–9; 9 is body text.
fn outline_heading(element: &quick_xml::events::BytesStart<'_>) -> bool {
    attribute(element, "w:val")
        .and_then(|v| v.parse::<u8>().ok())
        .is_some_and(|level| level < 9)
}

/// Paragraph styles that make headings or contents entries, by style id.
/// Ids are localized (a Russian Word names "heading 1" `1`), the names
/// are not: the name or the outline level decides.
fn styles(xml: &str) -> Result<HashMap<String, Style>, FormatError> {
    let mut reader = Xml::new(xml, FORMAT, "word/styles.xml");
    let mut found = HashMap::new();
    let mut current: Option<(String, Option<Style>)> = None;
    loop {
        match reader.next()? {
            Item::Eof => return Ok(found),
            Item::Start {
                name,
                element,
                empty,
            } => match name.as_str() {
                "w:style" if !empty => {
                    let paragraph = attribute(&element, "w:type").is_none_or(|t| t == "paragraph");
                    current = attribute(&element, "w:styleId")
                        .filter(|_| paragraph)
                        .map(|id| (id, None));
                }
                "w:name" => {
                    if let (Some((_, style)), Some(value)) =
                        (current.as_mut(), attribute(&element, "w:val"))
                    {
                        let value = value.to_lowercase();
                        if value.starts_with("heading") || value == "title" || value == "subtitle" {
                            *style = Some(Style::Heading);
                        } else if value.starts_with("toc ") || value == "toc heading" {
                            *style = Some(Style::Contents);
                        }
                    }
                }
                "w:outlineLvl" => {
                    if let Some((_, style)) = current.as_mut() {
                        if style.is_none() && outline_heading(&element) {
                            *style = Some(Style::Heading);
                        }
                    }
                }
                _ => {}
            },
            Item::End { name } if name == "w:style" => {
                if let Some((id, Some(style))) = current.take() {
                    found.insert(id, style);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zipped::tests::zip_of;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text"/></w:style>
</w:styles>"#;

    fn read_body(body: &str) -> Result<Vec<(String, Option<bool>)>, FormatError> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#
        );
        let bytes = zip_of(&[
            ("word/document.xml", document.as_bytes()),
            ("word/styles.xml", STYLES.as_bytes()),
        ]);
        let extracted = read(&bytes, &Limits::default())?.into_extracted(FORMAT);
        Ok(extracted
            .blocks
            .unwrap()
            .iter()
            .map(|b| (extracted.text[b.span.clone()].to_string(), b.heading))
            .collect())
    }

    #[test]
    fn paragraphs_headings_tables_and_revisions() {
        let body = r#"
<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>Введение</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>Введение</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr>
  <w:r><w:t xml:space="preserve">Первая </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>строка</w:t></w:r><w:r><w:br/><w:t>вторая</w:t></w:r>
  <w:ins w:id="1"><w:r><w:t xml:space="preserve"> вставка</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText> удалено</w:delText></w:r></w:del>
  <w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>
  <w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> Ещё</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>
  <w:r><w:rPr><w:vanish/></w:rPr><w:t>скрыто</w:t></w:r>
  <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
</w:p>
<w:p/>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Пункт один</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ячейка 1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ячейка 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>В рамке</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>В рамке</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>После рамки.</w:t></w:r></w:p>
<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Уровень 2</w:t></w:r></w:p>
"#;
        let found = read_body(body).unwrap();
        let expected: Vec<(String, Option<bool>)> = [
            ("Введение", Some(true)),
            ("Первая строка\nвторая вставка. Ещё 7", None),
            ("Пункт один", None),
            ("Ячейка 1", None),
            ("Ячейка 2", None),
            ("В рамке", None),
            ("После рамки.", None),
            ("Уровень 2", Some(true)),
        ]
        .iter()
        .map(|(t, h)| (t.to_string(), *h))
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn truncated_xml_is_an_error_naming_the_part() {
        let bytes = zip_of(&[(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>Обрыв".as_bytes(),
        )]);
        let err = read(&bytes, &Limits::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("word/document.xml is not well-formed XML"),
            "{err}"
        );
        assert!(err.to_string().contains("truncated"), "{err}");
    }

    #[test]
    fn a_container_without_the_document_part_is_damaged() {
        let bytes = zip_of(&[("word/styles.xml", STYLES.as_bytes())]);
        assert!(matches!(
            read(&bytes, &Limits::default()),
            Err(FormatError::Damaged { .. })
        ));
    }
}
