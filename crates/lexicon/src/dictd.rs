//! The dictd dictionary format: `NAME.index` lists headwords with the byte
//! offset and length of their entry in `NAME.dict` (plain text) or
//! `NAME.dict.dz` (gzip, dictzip flavour), as base-64 numbers.
//!
//! Entries are free text. For English–Russian dictionaries such as Mueller
//! and FreeDict, translations are the Cyrillic phrases between `;`, `,` and
//! sense numbers; a stretch that also holds Latin words is a usage example
//! or a cross-reference, and `[transcriptions]`, `(comments)` and
//! `_labels.` are skipped. Short usage examples (`many thanks большое
//! спасибо`) are pairs of their own: Mueller gives many everyday words
//! (спасибо, соскучиться) only there.

use std::io::Read;
use std::path::{Path, PathBuf};

use sverka_text::chars::is_cyrillic;
use sverka_text::Lang;

use crate::{Lexicon, LexiconError, PairStemmer, DICTD_DIRS};

/// Translations kept per headword: the first senses are the common ones.
const MAX_TRANSLATIONS: usize = 12;

/// Longest translation phrase (in words, function words included) kept:
/// longer ones are explanations rather than translations.
const MAX_TRANSLATION_WORDS: usize = 4;

/// Longest side (in words) of a usage example taken as a pair: longer
/// examples are sentences whose words rarely all meet again.
const MAX_EXAMPLE_WORDS: usize = 3;

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The headword as listed in the index.
    pub headword: String,
    /// The entry's text.
    pub body: String,
}

/// Finds the base path (without `.index`) of a dictionary given its base
/// path, its index or data file, or a bare name of an installed one.
pub fn base_path(path: &Path) -> Result<PathBuf, LexiconError> {
    let text = path.to_string_lossy();
    for suffix in [".index", ".dict.dz", ".dict"] {
        if let Some(base) = text.strip_suffix(suffix) {
            return Ok(PathBuf::from(base));
        }
    }
    if Path::new(&format!("{text}.index")).exists() {
        return Ok(path.to_path_buf());
    }
    if path.components().count() == 1 {
        for dir in DICTD_DIRS {
            let base = Path::new(dir).join(path);
            if base.with_extension("index").exists() {
                return Ok(base);
            }
        }
    }
    Err(LexiconError::NotFound(format!(
        "{text}: no such lexicon; give a dictd dictionary (NAME.index with NAME.dict or \
         NAME.dict.dz beside it), a TSV glossary (.tsv), or the name of a dictionary \
         installed in {}",
        DICTD_DIRS.join(" or ")
    )))
}

/// Reads all entries of a dictd dictionary.
pub fn read(base: &Path) -> Result<Vec<Entry>, LexiconError> {
    let index_path = with_suffix(base, ".index");
    let index = std::fs::read(&index_path).map_err(|error| LexiconError::Io {
        path: index_path.clone(),
        error,
    })?;
    let (data_path, data) = read_data(base)?;
    parse(&index, &data, &index_path, &data_path)
}

/// Entries of a dictd dictionary held in memory: the index file's bytes and
/// the (decompressed) data. The paths are only for messages.
pub fn parse(
    index: &[u8],
    data: &[u8],
    index_path: &Path,
    data_path: &Path,
) -> Result<Vec<Entry>, LexiconError> {
    let index = std::str::from_utf8(index).map_err(|err| LexiconError::Format {
        path: index_path.to_path_buf(),
        message: format!(
            "not a dictd index: invalid UTF-8 at byte {}",
            err.valid_up_to()
        ),
    })?;
    let mut entries = Vec::new();
    for (number, line) in index.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let bad = |message: String| LexiconError::Format {
            path: index_path.to_path_buf(),
            message: format!("line {}: {message}", number + 1),
        };
        let mut fields = line.split('\t');
        let (Some(headword), Some(offset), Some(length)) =
            (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad(
                "expected headword, offset and length separated by tabs".into(),
            ));
        };
        let offset = decode_number(offset)
            .ok_or_else(|| bad(format!("'{offset}' is not a base-64 offset")))?;
        let length = decode_number(length)
            .ok_or_else(|| bad(format!("'{length}' is not a base-64 length")))?;
        let end = offset
            .checked_add(length)
            .filter(|&end| end <= data.len() as u64);
        let Some(end) = end else {
            return Err(LexiconError::Format {
                path: data_path.to_path_buf(),
                message: format!(
                    "entry '{headword}' (index line {}) runs past the end of the data \
                     ({} bytes): the file is truncated or does not belong to this index",
                    number + 1,
                    data.len()
                ),
            });
        };
        let body = &data[offset as usize..end as usize];
        entries.push(Entry {
            headword: headword.to_string(),
            body: String::from_utf8_lossy(body).into_owned(),
        });
    }
    Ok(entries)
}

/// Loads an English–Russian dictd dictionary as a Russian–English lexicon.
pub fn load(base: &Path) -> Result<Lexicon, LexiconError> {
    let entries = read(base)?;
    let name = base.file_name().map_or_else(
        || base.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(from_entries(&entries, &name))
}

/// A Russian–English lexicon from the entries of an English–Russian
/// dictionary, its pairs credited to `name`.
pub fn from_entries(entries: &[Entry], name: &str) -> Lexicon {
    let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
    let mut stemmers = PairStemmer::new(lexicon.langs());
    for entry in entries {
        if entry.headword.starts_with("00-database") || entry.headword.starts_with("00database") {
            continue;
        }
        let translations = translations(&entry.body);
        for headword in entry.headword.split(", ") {
            if headword.starts_with(['-', '_']) {
                continue;
            }
            for translation in &translations {
                lexicon.add_pair_with(translation, headword, &mut stemmers);
                if !translation.contains(' ') {
                    for perfective in crate::stem::perfective_forms(translation) {
                        lexicon.add_pair_with(&perfective, headword, &mut stemmers);
                    }
                }
            }
        }
        for (english, russian) in examples(&entry.body) {
            lexicon.add_pair_with(&russian, &english, &mut stemmers);
        }
    }
    lexicon.mark_source(name);
    lexicon
}

/// [`load`] through the compiled cache ([`crate::cache`]): read it when it
/// matches the dictionary files, else build and store it. A cache that
/// cannot be written only costs time. The lexicon comes frozen.
pub fn load_cached(base: &Path) -> Result<Lexicon, LexiconError> {
    let cached = cache_slot(
        std::slice::from_ref(&base.to_path_buf()),
        &dictionary_name(base),
    );
    if let Some((file, fingerprint)) = &cached {
        if let Some(lexicon) = crate::cache::read(file, fingerprint) {
            return Ok(lexicon);
        }
    }
    let mut lexicon = load(base)?;
    lexicon.freeze();
    if let Some((file, fingerprint)) = &cached {
        let _ = crate::cache::write(file, fingerprint, &lexicon);
    }
    Ok(lexicon)
}

/// Several dictionaries merged in order ([`Lexicon::extend`]), through a
/// cache of the merge keyed by all their files: the installed dictionaries
/// load as one file, with nothing to merge. On a miss each is loaded
/// through its own cache ([`load_cached`]).
pub fn load_merged_cached(bases: &[PathBuf]) -> Result<Lexicon, LexiconError> {
    let names: Vec<String> = bases.iter().map(|base| dictionary_name(base)).collect();
    let cached = cache_slot(bases, &format!("merged-{}", names.join("+")));
    if let Some((file, fingerprint)) = &cached {
        if let Some(lexicon) = crate::cache::read(file, fingerprint) {
            return Ok(lexicon);
        }
    }
    let mut merged = crate::merge_loaded(bases, |base| load_cached(base))?
        .unwrap_or_else(|| Lexicon::new(Lang::Ru, Lang::En));
    merged.freeze();
    if let Some((file, fingerprint)) = &cached {
        let _ = crate::cache::write(file, fingerprint, &merged);
    }
    Ok(merged)
}

/// A dictionary's name: its base path's file name.
fn dictionary_name(base: &Path) -> String {
    base.file_name().map_or_else(
        || "lexicon".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The cache file and fingerprint for these dictionaries (index and data
/// files), if there is a cache folder and every file is there.
fn cache_slot(bases: &[PathBuf], name: &str) -> Option<(PathBuf, String)> {
    let dir = crate::cache::dir()?;
    let mut files = Vec::new();
    for base in bases {
        files.push(with_suffix(base, ".index"));
        let data = [with_suffix(base, ".dict.dz"), with_suffix(base, ".dict")];
        files.push(data.into_iter().find(|p| p.exists())?);
    }
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let fingerprint = crate::cache::fingerprint(&files)?;
    Some((
        crate::cache::file_for(&dir, name, &fingerprint),
        fingerprint,
    ))
}

fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut path = base.as_os_str().to_owned();
    path.push(suffix);
    PathBuf::from(path)
}

fn read_data(base: &Path) -> Result<(PathBuf, Vec<u8>), LexiconError> {
    let plain = with_suffix(base, ".dict");
    let packed = with_suffix(base, ".dict.dz");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| LexiconError::Io { path, error }
    };
    if packed.exists() {
        let file = std::fs::read(&packed).map_err(io(&packed))?;
        let data = decompress(&packed, &file, MAX_DATA_BYTES)?;
        return Ok((packed, data));
    }
    if plain.exists() {
        let data = std::fs::read(&plain).map_err(io(&plain))?;
        return Ok((plain, data));
    }
    Err(LexiconError::NotFound(format!(
        "{}: dictionary data missing: neither {} nor {} exists",
        with_suffix(base, ".index").display(),
        plain.display(),
        packed.display()
    )))
}

/// The most a dictionary's data may decompress to. Mueller's, the largest
/// known, is about 12 MB; a gzip bomb (1 MB that inflates to 1 GB) is
/// refused instead of filling memory.
const MAX_DATA_BYTES: u64 = 256 * 1_000_000;

/// Inflates a `.dict.dz` file's bytes, refusing more than `limit` bytes out.
fn decompress(path: &Path, file: &[u8], limit: u64) -> Result<Vec<u8>, LexiconError> {
    let mut data = Vec::with_capacity(file.len().saturating_mul(4).min(limit as usize));
    flate2::read::GzDecoder::new(file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|err| LexiconError::Format {
            path: path.to_path_buf(),
            message: format!(
                "not a readable .dict.dz (gzip) file: {err}; the file may be truncated \
                 or corrupt; reinstall the dictionary"
            ),
        })?;
    if data.len() as u64 > limit {
        return Err(LexiconError::Format {
            path: path.to_path_buf(),
            message: format!(
                "decompresses to more than {} MB, more than any dictionary holds; the file is \
                 damaged or not a dictionary: reinstall it, or leave it out (--no-lexicon)",
                limit / 1_000_000
            ),
        });
    }
    Ok(data)
}

/// A dictd base-64 number (most significant digit first).
fn decode_number(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 10 {
        return None;
    }
    text.bytes().try_fold(0u64, |value, byte| {
        let digit = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(value * 64 + u64::from(digit))
    })
}

/// Cyrillic translation phrases of an entry, in order, without repeats.
pub fn translations(body: &str) -> Vec<String> {
    // The first line repeats the headword (with a transcription in FreeDict).
    let rest = body.split_once('\n').map_or("", |(_, rest)| rest);
    let cleaned = strip_comments(rest);
    let mut out: Vec<String> = Vec::new();
    let mut segment: Vec<&str> = Vec::new();
    let flush = |segment: &mut Vec<&str>, out: &mut Vec<String>| {
        if !segment.is_empty() && segment.len() <= MAX_TRANSLATION_WORDS {
            let phrase = segment.join(" ");
            let cyrillic_only = !phrase.chars().any(|c| c.is_ascii_alphabetic());
            if cyrillic_only && phrase.chars().any(is_cyrillic) && !out.contains(&phrase) {
                out.push(phrase);
            }
        }
        segment.clear();
    };
    for word in cleaned.split_whitespace() {
        if is_sense_marker(word) {
            flush(&mut segment, &mut out);
            continue;
        }
        if word.starts_with('_') {
            // A grammatical or domain label such as `_n.` or `_биол.`.
            continue;
        }
        let ends_segment = word.ends_with([';', ',', ':']);
        let word = word.trim_end_matches([';', ',', ':', '.', '!', '?']);
        if !word.is_empty() {
            segment.push(word);
        }
        if ends_segment {
            flush(&mut segment, &mut out);
        }
        if out.len() >= MAX_TRANSLATIONS {
            break;
        }
    }
    flush(&mut segment, &mut out);
    out.truncate(MAX_TRANSLATIONS);
    out
}

/// Short usage examples of an entry: an English phrase followed by its
/// Cyrillic translation in one `;`-separated stretch (`many thanks большое
/// спасибо`), as (English, Russian). Stretches that mix the two scripts
/// otherwise (a Russian word then Latin again) are not examples.
pub fn examples(body: &str) -> Vec<(String, String)> {
    let rest = body.split_once('\n').map_or("", |(_, rest)| rest);
    let cleaned = strip_comments(rest);
    // Stretches end at `;`, `:` and sense numbers.
    let mut stretches: Vec<Vec<&str>> = vec![Vec::new()];
    for word in cleaned.split_whitespace() {
        if is_sense_marker(word) {
            stretches.push(Vec::new());
            continue;
        }
        if let Some(stretch) = stretches.last_mut().filter(|_| !word.starts_with('_')) {
            stretch.push(word);
        }
        if word.ends_with([';', ':']) {
            stretches.push(Vec::new());
        }
    }
    let latin = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
    };
    let cyrillic = |w: &str| w.chars().all(|c| is_cyrillic(c) || c == '-');
    let bare = |w: &'_ str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
            .to_string()
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for stretch in stretches {
        let split = stretch
            .iter()
            .position(|w| !latin(&bare(w)))
            .unwrap_or(stretch.len());
        let (english, rest) = stretch.split_at(split);
        // A comma lists alternatives on the Russian side: the first will do.
        let mut russian = Vec::new();
        for word in rest {
            russian.push(bare(word));
            if word.ends_with(',') {
                break;
            }
        }
        let english: Vec<String> = english.iter().map(|w| bare(w)).collect();
        russian.retain(|w| !w.is_empty());
        if english.is_empty()
            || russian.is_empty()
            || english.len() > MAX_EXAMPLE_WORDS
            || russian.len() > MAX_EXAMPLE_WORDS
            || !russian.iter().all(|w| cyrillic(w))
        {
            continue;
        }
        let pair = (english.join(" "), russian.join(" "));
        if !out.contains(&pair) {
            out.push(pair);
        }
    }
    out
}

/// `1)`, `2.`, `а)`, `I`, `II`: sense numbers between translations.
fn is_sense_marker(word: &str) -> bool {
    let core = word.trim_end_matches([')', '.']);
    if core.len() == word.len() {
        return matches!(word, "I" | "II" | "III" | "IV" | "V" | "VI");
    }
    !core.is_empty()
        && (core.chars().all(|c| c.is_ascii_digit())
            || (core.chars().count() == 1 && core.chars().all(char::is_alphabetic)))
}

/// Drops `[...]`, `(...)` and `{...}` stretches, which hold transcriptions
/// and comments rather than translations.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' if depth > 0 => {
                depth -= 1;
                out.push(' ');
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_numbers() {
        assert_eq!(decode_number("A"), Some(0));
        assert_eq!(decode_number("B"), Some(1));
        assert_eq!(decode_number("BA"), Some(64));
        assert_eq!(decode_number("C+m"), Some(2 * 4096 + 62 * 64 + 38));
        assert_eq!(decode_number("a-b"), None);
        assert_eq!(decode_number(""), None);
    }

    /// A small gzip file that inflates past the limit (a bomb) is refused
    /// with a message, having inflated no more than the limit.
    #[test]
    fn data_inflating_past_the_limit_is_refused() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 2_000_000]).unwrap();
        let packed = gz.finish().unwrap();
        assert!(packed.len() < 10_000);
        let path = Path::new("bomb.dict.dz");
        let err = decompress(path, &packed, 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("bomb.dict.dz: decompresses to more than 1 MB"),
            "{err}"
        );
        assert_eq!(
            decompress(path, &packed, 2_000_000).unwrap().len(),
            2_000_000
        );
    }

    #[test]
    fn mueller_style_entry() {
        let body = "abortive\n   [ɜ↗bɘ:tɪv] _a.\n   1) преждевременный (о родах)\n   2) неудавшийся, бесплодный; abortive scheme мертворождённый план; to render\n   abortive сорвать (попытку и т.п.)\n   3) _биол. недоразвитый\n";
        assert_eq!(
            translations(body),
            [
                "преждевременный",
                "неудавшийся",
                "бесплодный",
                "недоразвитый"
            ]
        );
    }

    #[test]
    fn short_usage_examples_are_pairs() {
        let body = "thank\n   [x]\n   1. _n. (обыкн. _pl.)\n      1) благодарность; thanks спасибо; many thanks большое спасибо; to give\n      thanks возблагодарить; to return thanks прочитать молитву (до или\n      после еды)\n   2. _v. благодарить; thank you благодарю; thank you ever so much _разг.\n   очень вам благодарен; thank you for nothing! спасибо и на том!\n";
        assert_eq!(
            examples(body),
            [
                ("thanks", "спасибо"),
                ("many thanks", "большое спасибо"),
                ("to give thanks", "возблагодарить"),
                ("to return thanks", "прочитать молитву"),
                ("thank you", "благодарю"),
            ]
            .map(|(e, r)| (e.to_string(), r.to_string()))
        );
    }

    #[test]
    fn freedict_style_entry() {
        let body = "American /əmerikən/\n1. американский\n2. американец\n";
        assert_eq!(translations(body), ["американский", "американец"]);
    }

    #[test]
    fn phrases_and_cross_references() {
        let body = "aborigine\n   [x] _n. _pl. туземцы; коренные жители, аборигены\n";
        assert_eq!(
            translations(body),
            ["туземцы", "коренные жители", "аборигены"]
        );
        let body = "aborted\n   1. _p-p. от abort\n   2. _a. недоношенный\n";
        assert_eq!(translations(body), ["недоношенный"]);
    }
}
