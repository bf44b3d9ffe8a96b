//! ZIP containers (Word, OpenDocument) read with limits: on the number of
//! entries, the size of an entry and its compression ratio. Sizes in the
//! ZIP directory may lie, so reading stops at the limit whatever they say.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use crate::{Format, FormatError, Limits};

/// Entries smaller than this are not held to the ratio limit: a few
/// hundred kilobytes of repeated markup may compress very well and are
/// harmless.
const RATIO_FREE_BYTES: u64 = 1024 * 1024;

/// An open ZIP container.
pub(crate) struct Container<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    format: Format,
    limits: Limits,
}

impl<'a> Container<'a> {
    pub(crate) fn open(
        bytes: &'a [u8],
        format: Format,
        limits: &Limits,
    ) -> Result<Container<'a>, FormatError> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|err| damaged(format, &err))?;
        if archive.len() > limits.max_entries {
            return Err(FormatError::Bomb {
                format,
                detail: format!(
                    "it lists {} entries, over the limit of {}",
                    archive.len(),
                    limits.max_entries
                ),
            });
        }
        Ok(Container {
            archive,
            format,
            limits: *limits,
        })
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The entry `name` as text, or None when there is no such entry.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match String::from_utf8(body.to_vec()) {
            Ok(text) => Ok(Some(text)),
            Err(err) => Err(FormatError::BadXml {
                format: self.format,
                part: name.to_string(),
                detail: format!("not UTF-8 at byte {}", err.utf8_error().valid_up_to()),
            }),
        }
    }

    /// The bytes of entry `name`, or None when there is no such entry.
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatError> {
        let format = self.format;
        let limits = self.limits;
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let (declared, compressed) = {
            let raw = self
                .archive
                .by_index_raw(index)
                .map_err(|err| damaged(format, &err))?;
            if raw.encrypted() {
                return Err(FormatError::Encrypted { format });
            }
            (raw.size(), raw.compressed_size())
        };
        check_size(format, &limits, name, declared, compressed)?;
        let entry = self
            .archive
            .by_index(index)
            .map_err(|err| damaged(format, &err))?;
        // One byte past the limit tells a lying size from an honest one.
        let mut bytes = Vec::with_capacity(declared.min(limits.max_entry_bytes) as usize);
        entry
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| FormatError::Damaged {
                format,
                detail: format!("{name}: {err}"),
            })?;
        check_size(format, &limits, name, bytes.len() as u64, compressed)?;
        Ok(Some(bytes))
    }
}

fn check_size(
    format: Format,
    limits: &Limits,
    name: &str,
    size: u64,
    compressed: u64,
) -> Result<(), FormatError> {
    if size > limits.max_entry_bytes {
        return Err(FormatError::Bomb {
            format,
            detail: format!(
                "{name} unpacks to over {} MB, the limit",
                limits.max_entry_bytes / 1_000_000
            ),
        });
    }
    if size > RATIO_FREE_BYTES && size / compressed.max(1) > limits.max_ratio {
        return Err(FormatError::Bomb {
            format,
            detail: format!(
                "{name} unpacks {} times larger than it is stored, over the limit of {}",
                size / compressed.max(1),
                limits.max_ratio
            ),
        });
    }
    Ok(())
}

fn damaged(format: Format, err: &ZipError) -> FormatError {
    match err {
        ZipError::UnsupportedArchive(message) if *message == ZipError::PASSWORD_REQUIRED => {
            FormatError::Encrypted { format }
        }
        _ => FormatError::Damaged {
            format,
            detail: err.to_string(),
        },
    }
}

/// Which document a ZIP container holds, from its entries.
pub(crate) fn document_kind(bytes: &[u8]) -> Result<Format, FormatError> {
    // Counted as a Word document for the messages until known.
    let mut container = Container::open(bytes, Format::Docx, &Limits::default())?;
    if container.has("word/document.xml") {
        return Ok(Format::Docx);
    }
    container.format = Format::Odt;
    if let Some(mimetype) = container.text("mimetype")? {
        let mimetype = mimetype.trim();
        return match mimetype {
            "application/vnd.oasis.opendocument.text"
            | "application/vnd.oasis.opendocument.text-template"
            | "application/vnd.oasis.opendocument.text-master" => Ok(Format::Odt),
            other => Err(FormatError::OtherZip {
                found: format!("an OpenDocument file of type {other}"),
            }),
        };
    }
    if container.has("content.xml") {
        return Ok(Format::Odt);
    }
    let found = if container.has("xl/workbook.xml") {
        "an Excel workbook".to_string()
    } else if container.has("ppt/presentation.xml") {
        "a PowerPoint presentation".to_string()
    } else {
        let names: Vec<String> = container
            .archive
            .file_names()
            .take(3)
            .map(|name| name.map_or_else(|_| "?".to_string(), |n| n.into_owned()))
            .collect();
        format!("it holds {}", names.join(", "))
    };
    Err(FormatError::OtherZip { found })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A ZIP file of `(name, content)` entries, deflated.
    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn kinds() {
        let docx = zip_of(&[("word/document.xml", b"<w:document/>")]);
        assert_eq!(document_kind(&docx).unwrap(), Format::Docx);
        let odt = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ]);
        assert_eq!(document_kind(&odt).unwrap(), Format::Odt);
        let ods = zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )]);
        assert!(document_kind(&ods)
            .unwrap_err()
            .to_string()
            .contains("opendocument.spreadsheet"));
        let xlsx = zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
        assert!(document_kind(&xlsx)
            .unwrap_err()
            .to_string()
            .contains("an Excel workbook"));
    }

    #[test]
    fn a_zip_bomb_is_refused_without_unpacking_it() {
        let zeros = vec![b' '; 50 * 1024 * 1024];
        let bomb = zip_of(&[("word/document.xml", &zeros)]);
        assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
        let mut container = Container::open(&bomb, Format::Docx, &Limits::default()).unwrap();
        let err = container.bytes("word/document.xml").unwrap_err();
        assert!(
            matches!(err, FormatError::Bomb { .. }) && err.to_string().contains("times larger"),
            "{err}"
        );
        // Over the size limit, whatever the ratio.
        let limits = Limits {
            max_entry_bytes: 1000,
            ..Limits::default()
        };
        let mut container = Container::open(&bomb, Format::Docx, &limits).unwrap();
        assert!(container
            .bytes("word/document.xml")
            .unwrap_err()
            .to_string()
            .contains("unpacks to over"));
    }

    #[test]
    fn a_lying_size_is_caught_while_reading() {
        let content = vec![b'a'; 5000];
        let mut bytes = zip_of(&[("word/document.xml", &content)]);
        // Patch the declared uncompressed size (local header at 22, central
        // directory entry at 24 after its signature) down to 10 bytes.
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[22..26].copy_from_slice(&10u32.to_le_bytes());
        bytes[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        let limits = Limits {
            max_entry_bytes: 100,
            ..Limits::default()
        };
        let mut container = Container::open(&bytes, Format::Docx, &limits).unwrap();
        match container.bytes("word/document.xml") {
            Err(FormatError::Bomb { .. } | FormatError::Damaged { .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_many_entries() {
        let names: Vec<String> = (0..20).map(|i| format!("f{i}")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let bytes = zip_of(&entries);
        let limits = Limits {
            max_entries: 10,
            ..Limits::default()
        };
        assert!(Container::open(&bytes, Format::Docx, &limits)
            .err()
            .unwrap()
            .to_string()
            .contains("20 entries"));
    }

    #[test]
    fn truncated_and_garbage_containers_are_damaged() {
        let docx = zip_of(&[("word/document.xml", b"<w:document/>")]);
        for bytes in [&docx[..docx.len() / 2], b"PK\x03\x04garbage"] {
            assert!(matches!(
                document_kind(bytes),
                Err(FormatError::Damaged { .. })
            ));
        }
    }
}
