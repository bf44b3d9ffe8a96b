//! Reading input files: size limit, the format (plain text, Word,
//! OpenDocument, HTML, subtitles, PDF; see `sverka_formats`) with a note
//! on what was read, documents.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use sverka_core::Side;
use sverka_formats::{Cues, Format, FormatError};
use sverka_text::{decode, DecodeError, Document, Lang};

/// How to read an input file.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Encoding label forced by `--encoding`.
    pub encoding: Option<String>,
    /// Encoding of the source file of a pair (`--ru-encoding`), overriding
    /// `encoding`.
    pub source_encoding: Option<String>,
    /// Encoding of the target file of a pair (`--en-encoding`), overriding
    /// `encoding`.
    pub target_encoding: Option<String>,
    /// One sentence per line.
    pub presegmented: bool,
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
    /// Say what each file was read as (encoding, format), with the
    /// reader's warnings (on stderr).
    pub verbose: bool,
    /// The input format (`--input-format`); detected from the content when None.
    pub format: Option<Format>,
}

/// A file read into a document.
#[derive(Debug, Clone)]
pub struct Input {
    /// The segmented document.
    pub document: Document,
    /// For subtitles, the cue of each line (numbers and times for the table).
    pub cues: Option<Cues>,
}

/// The command line's default input limit, in bytes (`--max-input-mb 256`).
pub const DEFAULT_MAX_BYTES: u64 = 256_000_000;

impl Default for ReadOptions {
    /// Encodings and format detected, text segmented, the default size
    /// limit, quiet.
    fn default() -> ReadOptions {
        ReadOptions {
            encoding: None,
            source_encoding: None,
            target_encoding: None,
            presegmented: false,
            max_bytes: DEFAULT_MAX_BYTES,
            verbose: false,
            format: None,
        }
    }
}

impl Input {
    /// The text read from a file, segmented in `lang` (one sentence per
    /// line when `options` say it is pre-segmented).
    fn of(extracted: sverka_formats::Extracted, lang: Lang, options: &ReadOptions) -> Input {
        let (document, cues) = extracted.into_document(lang, options.presegmented);
        Input { document, cues }
    }
}

impl ReadOptions {
    /// These options for one file of a pair.
    pub fn for_side(&self, side: Side) -> ReadOptions {
        let forced = match side {
            Side::Source => &self.source_encoding,
            Side::Target => &self.target_encoding,
        };
        ReadOptions {
            encoding: forced.clone().or_else(|| self.encoding.clone()),
            ..self.clone()
        }
    }
}

/// Reads, decodes and segments a file. `-` reads standard input.
pub fn read_document(path: &Path, lang: Lang, options: &ReadOptions) -> Result<Document> {
    Ok(read_input(path, lang, options)?.document)
}

/// Reads a file in any format sverka reads and segments it; subtitles keep
/// their cues. `-` reads standard input. In a one-sentence-per-line
/// (`presegmented`) file a blank line aligns with nothing.
pub fn read_input(path: &Path, lang: Lang, options: &ReadOptions) -> Result<Input> {
    Ok(Input::of(read_extracted(path, options)?, lang, options))
}

/// Reads a file to text (a document's paragraphs one after another), with
/// messages that name the file.
pub fn read_text(path: &Path, options: &ReadOptions) -> Result<String> {
    Ok(read_extracted(path, options)?.text)
}

fn read_extracted(path: &Path, options: &ReadOptions) -> Result<sverka_formats::Extracted> {
    if path == Path::new("-") {
        let bytes = read_bounded(std::io::stdin().lock(), 0, options.max_bytes)
            .context("cannot read standard input")?;
        return extract(&"standard input", &bytes, options);
    }
    let bytes = read_file_bytes(path, options)?;
    extract(&path.display(), &bytes, options)
}

/// The bytes of a file (not standard input), with [`read_input`]'s checks
/// and messages: a folder, a FIFO or device, a file over the size limit
/// are refused, naming the file. With [`read_input_of_file`] after it, a
/// caller that needs the bytes too (the batch hashes what it aligned)
/// reads the file once.
pub fn read_file_bytes(path: &Path, options: &ReadOptions) -> Result<Vec<u8>> {
    let shown = path.display();
    let metadata = fs::metadata(path).map_err(|err| describe_io(path, err))?;
    if metadata.is_dir() {
        bail!("{shown}: is a directory, not a text file; give the path of a file in it");
    }
    if !metadata.is_file() {
        bail!("{shown}: is not a regular file (a FIFO, socket or device); give a text file, or pipe it in as - (standard input)");
    }
    if metadata.len() > options.max_bytes {
        bail!(
            "{shown}: is {} MB, over the limit of {} MB; split it, or raise the limit with --max-input-mb",
            metadata.len() / 1_000_000,
            options.max_bytes / 1_000_000
        );
    }
    // The size is checked again while reading: a file may report 0
    // (`/proc/self/pagemap`) or grow as it is read (`yes >> f`).
    let file = fs::File::open(path).map_err(|err| describe_io(path, err))?;
    read_bounded(file, metadata.len(), options.max_bytes).map_err(|err| describe_io(path, err))
}

/// [`read_input`] of the file at `path` whose `bytes` [`read_file_bytes`]
/// gave: the same document and messages.
pub fn read_input_of_file(
    path: &Path,
    bytes: &[u8],
    lang: Lang,
    options: &ReadOptions,
) -> Result<Input> {
    Ok(Input::of(
        extract(&path.display(), bytes, options)?,
        lang,
        options,
    ))
}

/// Reads a document held in memory exactly as [`read_input`] reads a file
/// with these bytes (size limit, format, encoding, segmentation); `name`
/// stands for the file in messages. For front ends that get text rather
/// than paths (the Python package).
pub fn read_input_bytes(
    name: &str,
    bytes: &[u8],
    lang: Lang,
    options: &ReadOptions,
) -> Result<Input> {
    Ok(Input::of(extract(&name, bytes, options)?, lang, options))
}

/// The bytes of a file (or of standard input) to text, as its format says.
fn extract(
    shown: &dyn std::fmt::Display,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<sverka_formats::Extracted> {
    if bytes.len() as u64 > options.max_bytes {
        bail!(
            "{shown}: input over the limit of {} MB; split it, or raise the limit with --max-input-mb",
            options.max_bytes / 1_000_000
        );
    }
    let format_options = sverka_formats::ReadOptions {
        format: options.format,
        encoding: options.encoding.clone(),
        limits: sverka_formats::Limits {
            // Text extracted from a container is held to the input limit too.
            max_text_bytes: usize::try_from(options.max_bytes).unwrap_or(usize::MAX),
            ..sverka_formats::Limits::default()
        },
    };
    // Plain text keeps its own message (with the BOM), as before formats.
    let plain = match options.format {
        Some(format) => format == Format::Text,
        None => sverka_formats::detect(bytes).ok() == Some(Format::Text),
    };
    if plain {
        let decoded = decode(bytes, options.encoding.as_deref()).map_err(|err| {
            anyhow::anyhow!("{shown}: {err}{}", decode_advice(&err).unwrap_or_default())
        })?;
        if options.verbose {
            let how = if decoded.detected {
                "detected"
            } else {
                "as given"
            };
            let bom = if decoded.bom { ", with BOM" } else { "" };
            eprintln!("sverka: {shown}: read as {} ({how}{bom})", decoded.encoding);
        }
        let mut extracted = sverka_formats::Extracted {
            format: Format::Text,
            detected: options.format.is_none(),
            text: decoded.text,
            blocks: None,
            cues: None,
            encoding: Some(decoded.encoding),
            warnings: Vec::new(),
        };
        mend_mojibake(&mut extracted);
        if options.verbose {
            for warning in &extracted.warnings {
                eprintln!("sverka: {shown}: warning: {warning}");
            }
        }
        return Ok(extracted);
    }
    let extracted = sverka_formats::read(bytes, &format_options).map_err(|err| {
        let advice = match &err {
            FormatError::Decode(err) => decode_advice(err),
            _ => None,
        };
        anyhow::anyhow!("{shown}: {err}{}", advice.unwrap_or_default())
    })?;
    let mut extracted = extracted;
    mend_mojibake(&mut extracted);
    if options.verbose {
        eprintln!("sverka: {shown}: {}", extracted.description());
        for warning in &extracted.warnings {
            eprintln!("sverka: {shown}: warning: {warning}");
        }
    }
    Ok(extracted)
}

/// Mends Russian text garbled by a wrong encoding on its way here (see
/// [`decode::mojibake_cyrillic`]): aligned as it is, it would match
/// nothing. The paragraphs of a document keep their places; a warning says
/// what was mended and how to mend the file itself.
fn mend_mojibake(extracted: &mut sverka_formats::Extracted) {
    let Some((seen, meant)) = decode::mojibake_cyrillic(&extracted.text) else {
        return;
    };
    match &mut extracted.blocks {
        None => extracted.text = decode::mend_cyrillic_mojibake(&extracted.text),
        Some(blocks) => extracted.text = mend_keeping_blocks(&extracted.text, blocks),
    }
    let encoding = extracted.encoding.unwrap_or("");
    let mend = if encoding.starts_with("UTF") {
        "to mend the file itself: \
         `iconv -f UTF-8 -t WINDOWS-1252 FILE | iconv -f WINDOWS-1251 -t UTF-8 > MENDED`"
            .to_string()
    } else if encoding.is_empty() {
        "the document was saved with its text garbled; save it again from the original".to_string()
    } else {
        format!("it was read as {encoding}; --encoding windows-1251 reads it right")
    };
    extracted.warnings.push(format!(
        "the text is Russian in the wrong encoding («{seen}» for «{meant}»): aligned as \
         Windows-1251 text, mended in the table (the file is unchanged); {mend}"
    ));
}

/// [`decode::mend_cyrillic_mojibake`] on `text`, moving the byte spans of
/// `blocks` with it: a mended character may take another number of bytes.
fn mend_keeping_blocks(text: &str, blocks: &mut [sverka_formats::Block]) -> String {
    let mut edges: Vec<usize> = blocks
        .iter()
        .flat_map(|b| [b.span.start, b.span.end])
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let mut mended = String::with_capacity(text.len());
    let mut moved = Vec::with_capacity(edges.len());
    let mut from = 0;
    for &edge in &edges {
        mended.push_str(&decode::mend_cyrillic_mojibake(&text[from..edge]));
        moved.push(mended.len());
        from = edge;
    }
    mended.push_str(&decode::mend_cyrillic_mojibake(&text[from..]));
    let new_place = |old: usize| moved[edges.binary_search(&old).expect("an edge")];
    for block in blocks {
        block.span = new_place(block.span.start)..new_place(block.span.end);
    }
    mended
}

/// What to do about a file that does not decode, in terms of the command
/// line's flags (the text crate says what is wrong, not which flag fixes it).
fn decode_advice(err: &DecodeError) -> Option<String> {
    match err {
        DecodeError::Invalid {
            looks_like: Some(encoding),
            ..
        } => Some(format!(
            ": drop --encoding to detect it, or give --encoding {}",
            encoding.to_ascii_lowercase()
        )),
        DecodeError::Nonsense { .. } => {
            Some("; check that it is a text file, or name its encoding with --encoding".into())
        }
        _ => None,
    }
}

/// Reads until past `max_bytes` at most (by less than a chunk), so that
/// an endless or growing input is refused (by the caller, seeing more than
/// the limit) instead of filling memory. `expected` (the size the file
/// reports) only sizes the buffer. Reads go in 64 KiB chunks: some files
/// (`/proc/self/pagemap`) refuse reads of other sizes than multiples of 8.
pub fn read_bounded(
    mut reader: impl std::io::Read,
    expected: u64,
    max_bytes: u64,
) -> std::io::Result<Vec<u8>> {
    let mut buffer = Vec::with_capacity(usize::try_from(expected.min(max_bytes)).unwrap_or(0));
    let mut chunk = vec![0u8; 64 * 1024];
    while buffer.len() as u64 <= max_bytes {
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(buffer)
}

pub fn describe_io(path: &Path, err: std::io::Error) -> anyhow::Error {
    let shown = path.display();
    match err.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!("{shown}: no such file; check the path"),
        std::io::ErrorKind::PermissionDenied => {
            anyhow::anyhow!("{shown}: permission denied; check the file's permissions")
        }
        _ => anyhow::anyhow!("{shown}: cannot read: {err}"),
    }
}

/// Share of Cyrillic letters among Cyrillic and Latin letters.
fn cyrillic_share(text: &str) -> Option<f32> {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        // ASCII and the basic Cyrillic block (U+0400–U+045F, letters only)
        // first: `is_alphabetic` on other characters is a table search,
        // which showed in batch profiles.
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
        } else if ('\u{400}'..='\u{45F}').contains(&c)
            || (('\u{460}'..='\u{52F}').contains(&c) && c.is_alphabetic())
        {
            cyrillic += 1;
        }
    }
    let total = cyrillic + latin;
    (total >= 20).then(|| cyrillic as f32 / total as f32)
}

/// Refuses a pair whose scripts contradict the languages given: swapped
/// files, or both files in the same language.
pub fn check_languages(ru_path: &Path, ru: &Document, en_path: &Path, en: &Document) -> Result<()> {
    if ru.lang != Lang::Ru || en.lang != Lang::En {
        return Ok(());
    }
    // Long texts are counted both at once (a pass over every character).
    let shares = if ru.text.len() + en.text.len() >= 1 << 20 {
        rayon::join(|| cyrillic_share(&ru.text), || cyrillic_share(&en.text))
    } else {
        (cyrillic_share(&ru.text), cyrillic_share(&en.text))
    };
    let (Some(ru_share), Some(en_share)) = shares else {
        return Ok(());
    };
    let (ru_shown, en_shown) = (ru_path.display(), en_path.display());
    let ru_looks_russian = ru_share >= 0.5;
    let en_looks_russian = en_share >= 0.5;
    match (ru_looks_russian, en_looks_russian) {
        (false, true) => bail!(
            "the files seem swapped: {ru_shown} (given as Russian) looks English and {en_shown} (given as English) looks Russian; give the Russian file first"
        ),
        (true, true) => bail!(
            "both files look Russian ({ru_shown} and {en_shown}); the second file must be the English version"
        ),
        (false, false) => bail!(
            "both files look English ({ru_shown} and {en_shown}); the first file must be the Russian version (or give --ru-lang for another language)"
        ),
        (true, false) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition the fast path must agree with.
    fn slow_share(text: &str) -> Option<f32> {
        let (mut cyrillic, mut latin) = (0usize, 0usize);
        for c in text.chars().filter(|&c| sverka_text::chars::is_letter(c)) {
            if ('\u{400}'..='\u{52F}').contains(&c) {
                cyrillic += 1;
            } else if c.is_ascii_alphabetic() {
                latin += 1;
            }
        }
        let total = cyrillic + latin;
        (total >= 20).then(|| cyrillic as f32 / total as f32)
    }

    #[test]
    fn fast_cyrillic_share_agrees_with_its_definition() {
        let every_cyrillic: String = ('\u{400}'..='\u{52F}').collect();
        for text in [
            "Вопрос: Как Москва относится к сближению Белоруссии и Евросоюза? Yes, 2017.",
            "Sergey Lavrov: We are not jealous. ҂ ҃ Ѣ ѣ Ӕ é ß — «ёлочки»",
            every_cyrillic.as_str(),
            "short",
        ] {
            assert_eq!(cyrillic_share(text), slow_share(text), "{text}");
        }
    }

    /// Russian text once read as Windows-1252: «Рецензия» as «Ðåöåíçèÿ».
    fn garbled(russian: &str) -> String {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(russian);
        assert!(!unmappable);
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned()
    }

    const RUSSIAN: [&str; 3] = [
        "Рецензия на «Персов»: старинное описание поражения № 1.",
        "В «Персах» не так много действия, да и сюжет едва заметен.",
        "Люди просто перемещаются по сцене — и всё.",
    ];

    #[test]
    fn russian_in_the_wrong_encoding_is_mended_with_a_warning() {
        let text = RUSSIAN
            .iter()
            .map(|p| garbled(p))
            .collect::<Vec<_>>()
            .join("\n\n");
        let input = read_input_bytes("ru.txt", text.as_bytes(), Lang::Ru, &ReadOptions::default())
            .expect("reads");
        let doc = &input.document;
        let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.sentence_text(s)).collect();
        assert_eq!(sentences, RUSSIAN);
        // Said once, and as read: nothing is written back.
        let extracted = extract(&"ru.txt", text.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(extracted.warnings.len(), 1);
        assert!(extracted.warnings[0].contains("«Ðåöåíçèÿ» for «Рецензия»"));
    }

    #[test]
    fn a_garbled_document_keeps_its_paragraphs_when_mended() {
        // ¹ (two bytes) becomes № (three): the paragraphs after it move.
        let html = format!(
            "<html><body><h1>{}</h1><p>{}</p><p>{}</p></body></html>",
            garbled(RUSSIAN[0]),
            garbled(RUSSIAN[1]),
            garbled(RUSSIAN[2])
        );
        let input = read_input_bytes(
            "ru.html",
            html.as_bytes(),
            Lang::Ru,
            &ReadOptions::default(),
        )
        .expect("reads");
        let doc = &input.document;
        let paragraphs: Vec<String> = doc
            .sentences
            .iter()
            .map(|s| format!("{}:{}", s.paragraph, doc.sentence_text(s)))
            .collect();
        assert_eq!(
            paragraphs,
            RUSSIAN
                .iter()
                .enumerate()
                .map(|(k, text)| format!("{k}:{text}"))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn accented_latin_text_is_not_mended() {
        let text =
            "Über die Brücke ging der Bäcker, café crème à la française, déjà vu. Señor Müller.";
        let extracted = extract(&"de.txt", text.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(extracted.text, text);
        assert!(extracted.warnings.is_empty());
    }
}
