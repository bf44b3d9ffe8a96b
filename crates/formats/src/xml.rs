//! Streaming XML for the document readers: events with the element depth
//! tracked, so that a part which stops in the middle (a truncated file) is
//! an error rather than a silently shorter text.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

use crate::{Format, FormatError};

/// An XML part being read.
pub(crate) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    /// Names of the open elements.
    open: Vec<String>,
    format: Format,
    part: &'a str,
}

/// What the readers act on.
pub(crate) enum Item<'a> {
    /// A start tag, or an empty element (`empty`: no end tag follows).
    Start {
        /// The qualified name (`w:p`).
        name: String,
        element: quick_xml::events::BytesStart<'a>,
        empty: bool,
    },
    /// An end tag.
    End {
        /// The qualified name.
        name: String,
    },
    /// Character data, entities resolved.
    Text(Cow<'a, str>),
    /// The end of a well-formed part.
    Eof,
}

impl<'a> Xml<'a> {
    pub(crate) fn new(xml: &'a str, format: Format, part: &'a str) -> Xml<'a> {
        Xml {
            reader: Reader::from_reader(xml.as_bytes()),
            open: Vec::new(),
            format,
            part,
        }
    }

    /// The next item; comments, declarations and processing instructions
    /// are skipped.
    pub(crate) fn next(&mut self) -> Result<Item<'a>, FormatError> {
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|err| self.error(&err.to_string()))?;
            return Ok(match event {
                Event::Start(element) => {
                    let name = element.name().as_ref().to_string();
                    self.open.push(name.clone());
                    Item::Start {
                        name,
                        element,
                        empty: false,
                    }
                }
                Event::Empty(element) => Item::Start {
                    name: element.name().as_ref().to_string(),
                    element,
                    empty: true,
                },
                Event::End(element) => {
                    self.open.pop();
                    Item::End {
                        name: element.name().as_ref().to_string(),
                    }
                }
                Event::Text(text) => Item::Text(text.xml10_content()),
                Event::CData(data) => Item::Text(data.into_inner()),
                Event::GeneralRef(reference) => Item::Text(Cow::Owned(resolve(&reference))),
                Event::Eof => {
                    if let Some(inside) = self.open.last() {
                        return Err(self
                            .error(&format!("it ends inside <{inside}>: the file is truncated")));
                    }
                    Item::Eof
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// How many elements are open.
    /// The next item outside a dropped element: while `dropped` holds the
    /// depth at which a dropped element (a footnote, a comment) opened,
    /// everything inside it is passed over; leaving it clears `dropped`.
    /// The end of the input is always returned.
    pub(crate) fn next_kept(
        &mut self,
        dropped: &mut Option<usize>,
    ) -> Result<Item<'a>, FormatError> {
        loop {
            let item = self.next()?;
            if let Some(depth) = *dropped {
                if self.depth() < depth {
                    *dropped = None;
                }
                if !matches!(item, Item::Eof) {
                    continue;
                }
            }
            return Ok(item);
        }
    }

    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    fn error(&self, detail: &str) -> FormatError {
        FormatError::BadXml {
            format: self.format,
            part: self.part.to_string(),
            detail: format!("{detail}, at byte {}", self.reader.error_position()),
        }
    }
}

/// The text of an entity or character reference; an unknown entity stays
/// as written.
fn resolve(reference: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = &reference.clone().into_inner();
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => return format!("&{other};"),
    }
    .to_string()
}

/// The value of attribute `key` (a qualified name such as `w:val`).
pub(crate) fn attribute(element: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, FormatError> {
        let mut reader = Xml::new(xml, Format::Docx, "word/document.xml");
        let mut out = String::new();
        loop {
            match reader.next()? {
                Item::Text(text) => out.push_str(&text),
                Item::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    #[test]
    fn entities_are_resolved() {
        assert_eq!(
            texts("<a>&lt;&amp;&#1071;&#x44F;&quot;&unknown;<![CDATA[<x>]]></a>").unwrap(),
            "<&Яя\"&unknown;<x>"
        );
    }

    #[test]
    fn truncated_and_malformed_xml_are_errors() {
        let err = texts("<w:document><w:body><w:p><w:r><w:t>Нач").unwrap_err();
        assert!(err.to_string().contains("ends inside <w:t>"), "{err}");
        assert!(err.to_string().contains("word/document.xml"), "{err}");
        let err = texts("<a><b></a>").unwrap_err();
        assert!(matches!(err, FormatError::BadXml { .. }), "{err}");
        assert!(texts("<a><b").is_err());
    }
}
