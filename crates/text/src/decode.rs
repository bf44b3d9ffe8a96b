//! Bytes to text: encoding detection and refusal of binary data.
//!
//! Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE), BOM-less UTF-16
//! recognised by its zero bytes, valid UTF-8, and finally the legacy
//! single-byte encodings in which Russian files still arrive (Windows-1251,
//! KOI8-R; Windows-1252 for Western text). The decoded text keeps every
//! character of the input, line ends included: offsets downstream point into
//! exactly this text.

use crate::chars::{is_alnum, is_cyrillic, is_invisible, is_letter, is_lower};
use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251, WINDOWS_1252};
use thiserror::Error;

/// A decoded text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with the byte-order mark (if any) removed and nothing else changed.
    pub text: String,
    /// Canonical name of the encoding used (`UTF-8`, `UTF-16LE`, `windows-1251`, `KOI8-R`, …).
    pub encoding: &'static str,
    /// Whether the input started with a byte-order mark.
    pub bom: bool,
    /// Whether the encoding was detected (true) or given by the caller (false).
    pub detected: bool,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Zero bytes of input.
    #[error("the file is empty; check that you gave the right file")]
    Empty,
    /// Only whitespace or invisible characters.
    #[error("the file contains no text, only whitespace; check that you gave the right file")]
    Blank,
    /// Data that is not text at all.
    #[error("this looks like a binary file, not text ({reason} at byte {offset}); give a plain-text file (.txt), e.g. saved from Word as \"Plain Text\"")]
    Binary {
        /// Byte offset of the first telling byte.
        offset: usize,
        /// What gave it away.
        reason: &'static str,
    },
    /// Decoded characters are mostly not letters: not a sensible text.
    #[error(
        "the file decodes to no sensible text as {encoding} (only {letters_percent}% letters)"
    )]
    Nonsense {
        /// Encoding tried.
        encoding: &'static str,
        /// Share of letters among visible characters.
        letters_percent: u32,
    },
    /// Visible characters but not one letter: punctuation, digits or symbols only.
    #[error(
        "the file has no letters, only punctuation, digits or symbols; give the text to align"
    )]
    NoLetters,
    /// Text in a certain encoding (UTF-8, UTF-16) that is mostly not letters.
    #[error("only {letters_percent}% of the characters are letters: this looks like numbers or symbols, not a text to align; give the text itself")]
    FewLetters {
        /// Share of letters among visible characters.
        letters_percent: u32,
    },
    /// Valid UTF-8 in places and invalid elsewhere: parts were saved in different encodings.
    #[error("mixed encodings: the file is UTF-8 in places but has bytes invalid in UTF-8 from byte {offset}; re-save the whole file in one encoding (UTF-8)")]
    Mixed {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The encoding given by the caller does not fit the bytes.
    #[error("not valid {encoding} at byte {offset}{}", looks_like.map(|e| format!("; the file looks like {e}")).unwrap_or_default())]
    Invalid {
        /// The encoding that was asked for.
        encoding: &'static str,
        /// Offset of the first bad byte.
        offset: usize,
        /// The encoding the bytes look like, if one fits (a caller may
        /// suggest it).
        looks_like: Option<&'static str>,
    },
    /// UTF-16 asked for, but the input has an odd number of bytes.
    #[error("not valid {encoding} at byte {offset}; UTF-16 needs an even number of bytes")]
    OddLength {
        /// The encoding that was asked for.
        encoding: &'static str,
        /// Offset of the last, unpaired byte.
        offset: usize,
    },
    /// An encoding name that is not known.
    #[error("unknown encoding '{0}': use utf-8, utf-16le, utf-16be, windows-1251, koi8-r or windows-1252")]
    UnknownEncoding(String),
}

/// Looks up an encoding by a label such as `cp1251`, `koi8-r`, `utf-16le`.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, DecodeError> {
    let normalized = label.trim().to_ascii_lowercase();
    let alias = match normalized.as_str() {
        "cp1251" | "win1251" | "windows1251" => "windows-1251",
        "cp1252" | "win1252" => "windows-1252",
        "koi8r" | "koi8" => "koi8-r",
        "utf8" => "utf-8",
        "utf16le" | "utf-16" | "utf16" => "utf-16le",
        "utf16be" => "utf-16be",
        other => other,
    };
    Encoding::for_label(alias.as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
///
/// ```
/// let cp1251 = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0, 0x21];
/// let decoded = sverka_text::decode(&cp1251, None).unwrap();
/// assert_eq!(decoded.text, "Привет, мир!");
/// assert_eq!(decoded.encoding, "windows-1251");
/// ```
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let decoded = match forced {
        Some(label) => decode_forced(bytes, encoding_for_label(label)?)?,
        None => detect_and_decode(bytes)?,
    };
    if let Err(mut err) = check_sensible(&decoded.text, decoded.encoding) {
        if let DecodeError::Binary { offset, .. } = &mut err {
            // Found in the text; the message speaks of the file's bytes.
            *offset = input_offset(&decoded, *offset);
            // UTF-16 read as UTF-8 or a single-byte encoding is full of
            // NULs: name what the file is rather than calling it binary.
            let utf16 = bomless_utf16(bytes).filter(|utf16| utf16.name() != decoded.encoding);
            if let (Some(_), Some(utf16)) = (forced, utf16) {
                return Err(DecodeError::Invalid {
                    encoding: decoded.encoding,
                    offset: *offset,
                    looks_like: Some(utf16.name()),
                });
            }
        }
        return Err(err);
    }
    Ok(decoded)
}

/// Decodes `bytes` like [`decode`] but without judging the text: for
/// markup (HTML, subtitles) whose tags and timecodes are not the text to
/// align. Judge what is extracted with [`check_text`].
pub fn decode_markup(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    match forced {
        Some(label) => decode_forced(bytes, encoding_for_label(label)?),
        None => detect_and_decode(bytes),
    }
}

/// Refuses text extracted from a document that has nothing to align:
/// blank, no letters, control characters, mostly symbols.
pub fn check_text(text: &str) -> Result<(), DecodeError> {
    check_sensible(text, UTF_8.name())
}

/// Russian text that went through the wrong encoding once: its Windows-1251
/// bytes read as Windows-1252 (or Latin-1) and saved as such, so that
/// «Рецензия» reads «Ðåöåíçèÿ». No decoding can tell this from real
/// accented Latin, but Russian text has almost no Cyrillic letters left and
/// turns back into Cyrillic words. Returns the first such word as it is and
/// as it would read, for a message; None for any other text.
///
/// ```
/// use sverka_text::decode::mojibake_cyrillic;
/// let garbled = "Ðåöåíçèÿ íà \"Ïåðñîâ\": ñòàðèííîå îïèñàíèå";
/// let (seen, meant) = mojibake_cyrillic(garbled).unwrap();
/// assert_eq!((seen.as_str(), meant.as_str()), ("Ðåöåíçèÿ", "Рецензия"));
/// assert!(mojibake_cyrillic("Über die Brücke, café crème à la française").is_none());
/// assert!(mojibake_cyrillic("Рецензия на «Персов»").is_none());
/// ```
pub fn mojibake_cyrillic(text: &str) -> Option<(String, String)> {
    // A sample is enough to judge, and keeps this cheap on long files.
    let mut sample_end = text.len().min(64 * 1024);
    while !text.is_char_boundary(sample_end) {
        sample_end -= 1;
    }
    let sample = &text[..sample_end];
    let (mut letters, mut cyrillic, mut high_latin) = (0usize, 0usize, 0usize);
    for c in sample.chars().filter(|&c| is_letter(c)) {
        letters += 1;
        if is_cyrillic(c) {
            cyrillic += 1;
        } else if ('\u{C0}'..='\u{FF}').contains(&c) {
            high_latin += 1;
        }
    }
    // Russian through Windows-1252 is nearly all high Latin letters;
    // French or German text has a few in ten.
    if letters < 20 || cyrillic * 20 > letters || high_latin * 2 < letters {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(sample);
    if unmappable {
        return None;
    }
    let (meant, _, _) = WINDOWS_1251.decode(&bytes);
    let meant_cyrillic = meant.chars().filter(|&c| is_cyrillic(c)).count();
    if meant_cyrillic * 2 < letters {
        return None;
    }
    let word = sample.split(|c: char| !is_letter(c)).find(|w| {
        w.chars().count() >= 4 && w.chars().all(|c| ('\u{C0}'..='\u{FF}').contains(&c))
    })?;
    Some((word.to_string(), mend_cyrillic_mojibake(word)))
}

/// `text` with each character that stands for a Windows-1252 byte replaced
/// by what that byte is in Windows-1251: Russian garbled as
/// [`mojibake_cyrillic`] finds it, mended («Ðåöåíçèÿ» → «Рецензия»).
/// ASCII, line breaks and characters Windows-1252 cannot hold (a heading
/// typed in Cyrillic) stay as they are. Meant for text that
/// [`mojibake_cyrillic`] judged garbled; other text would be garbled by it.
///
/// ```
/// use sverka_text::decode::mend_cyrillic_mojibake;
/// assert_eq!(mend_cyrillic_mojibake("Ðåöåíçèÿ íà \"Ïåðñîâ\", ¹ 5"), "Рецензия на \"Персов\", № 5");
/// ```
pub fn mend_cyrillic_mojibake(text: &str) -> String {
    // The 128 upper bytes as Windows-1252 shows them and as Windows-1251
    // means them, sorted by the first.
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let upper: Vec<u8> = (0x80..=0xFF).collect();
        let (seen, _) = WINDOWS_1252.decode_without_bom_handling(&upper);
        let (meant, _) = WINDOWS_1251.decode_without_bom_handling(&upper);
        let mut table: Vec<(char, char)> = seen.chars().zip(meant.chars()).collect();
        table.sort_unstable();
        table
    });
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            match table.binary_search_by_key(&c, |&(seen, _)| seen) {
                Ok(at) => table[at].1,
                Err(_) => c,
            }
        })
        .collect()
}

/// The offset in the input bytes of the character at `at` in the decoded text.
fn input_offset(decoded: &Decoded, at: usize) -> usize {
    let before = &decoded.text[..at];
    match decoded.encoding {
        "UTF-8" => at + if decoded.bom { 3 } else { 0 },
        "UTF-16LE" | "UTF-16BE" => {
            before.encode_utf16().count() * 2 + if decoded.bom { 2 } else { 0 }
        }
        // The legacy encodings have one byte per character.
        _ => before.chars().count(),
    }
}

fn decode_forced(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, DecodeError> {
    let (bom_encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) if enc == encoding => (Some(enc), len),
        _ => (None, 0),
    };
    let body = &bytes[bom_len..];
    if encoding == UTF_8 {
        if let Err(err) = std::str::from_utf8(body) {
            return Err(DecodeError::Invalid {
                encoding: UTF_8.name(),
                offset: bom_len + err.valid_up_to(),
                looks_like: guess_single_byte(body).map(|enc| enc.name()),
            });
        }
    }
    if (encoding == UTF_16LE || encoding == UTF_16BE) && body.len() % 2 == 1 {
        return Err(DecodeError::OddLength {
            encoding: encoding.name(),
            offset: bytes.len() - 1,
        });
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(DecodeError::Invalid {
            encoding: encoding.name(),
            offset: bom_len + first_invalid(encoding, body),
            looks_like: None,
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        bom: bom_encoding.is_some(),
        detected: false,
    })
}

/// Byte offset of the first malformed sequence of `body` in `encoding`
/// (the length of `body` if there is none).
fn first_invalid(encoding: &'static Encoding, body: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(usize::MAX / 2);
    let mut out = String::with_capacity(capacity.min(body.len().saturating_mul(3) + 16));
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(usize::from(bad) + usize::from(after))
        }
        _ => body.len(),
    }
}

fn detect_and_decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        // decode_forced removes this one BOM; a second one is text.
        let mut decoded = decode_forced(bytes, encoding)?;
        decoded.detected = true;
        return Ok(decoded);
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        let mut decoded = decode_forced(bytes, encoding)?;
        decoded.detected = true;
        return Ok(decoded);
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(DecodeError::Binary {
            offset,
            reason: "NUL byte",
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            bom: false,
            detected: true,
        }),
        Err(err) => {
            let first_bad = err.valid_up_to();
            if looks_partly_utf8(bytes) {
                return Err(DecodeError::Mixed { offset: first_bad });
            }
            let encoding = guess_single_byte(bytes).unwrap_or(WINDOWS_1252);
            let mut decoded = decode_forced(bytes, encoding)?;
            decoded.detected = true;
            Ok(decoded)
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// UTF-16 without a BOM shows as ASCII characters with a zero byte beside each.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    // Cyrillic UTF-16 has 0x04 high bytes instead of zeros; count both, in
    // one pass over the pairs.
    let (mut zero_even, mut zero_odd, mut cyr_even, mut cyr_odd) = (0, 0, 0, 0);
    for pair in sample.chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
        cyr_even += usize::from(pair[0] == 0x04);
        cyr_odd += usize::from(pair[1] == 0x04);
    }
    let le = zero_odd + cyr_odd;
    let be = zero_even + cyr_even;
    if le * 10 >= pairs * 7 && zero_even * 10 < pairs && zero_odd > 0 {
        Some(UTF_16LE)
    } else if be * 10 >= pairs * 7 && zero_odd * 10 < pairs && zero_even > 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether a file that is not valid UTF-8 holds UTF-8 text in places: a
/// heading of a few words is enough (a 7-character UTF-8 heading before a
/// Windows-1251 body became mojibake when 8 UTF-8 characters were needed).
///
/// A legacy single-byte text forms a valid UTF-8 character now and then by
/// chance, almost always a capital letter (lowercase in KOI8-R) followed by
/// a closing quote, a dash, `№` or `ё` (`«МИД РФ»` holds `Ф»`, which is
/// UTF-8 for `л`). So a UTF-8 character counts only when it is next to
/// another one, when its second byte is nothing a legacy text puts after a
/// letter, or when there are many of them.
fn looks_partly_utf8(bytes: &[u8]) -> bool {
    // Second bytes that follow a letter in Windows-1251, KOI8-R or -1252
    // text: quotes, dashes, ellipsis, №, no-break space, ё and Ё, and the
    // Ukrainian and Belarusian letters (і ї є ґ ў).
    const AFTER_A_LETTER: [u8; 25] = [
        0x84, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xA0, 0xA1, 0xA2, 0xA3, 0xA5, 0xA8, 0xAA,
        0xAB, 0xAF, 0xB2, 0xB3, 0xB4, 0xB8, 0xB9, 0xBA, 0xBB, 0xBF,
    ];
    let mut chance = 0usize;
    let mut previous_end = None;
    let mut i = 0;
    while i < bytes.len() {
        let len = match bytes[i] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(candidate) = bytes.get(i..i + len) else {
            break;
        };
        let Ok(text) = std::str::from_utf8(candidate) else {
            i += 1;
            continue;
        };
        let adjacent = previous_end == Some(i);
        let telling = len > 2 || !AFTER_A_LETTER.contains(&candidate[1]);
        if adjacent || (telling && text.chars().all(is_alnum)) {
            return true;
        }
        chance += 1;
        if chance >= 8 {
            return true;
        }
        previous_end = Some(i + len);
        i += len;
    }
    false
}

/// Picks among the legacy Cyrillic encodings by the case of the letters
/// they produce: running Russian text is mostly lowercase, and reading
/// Windows-1251 as KOI8-R (or the reverse) swaps the case of nearly every
/// letter. Returns None when the high bytes do not look Cyrillic at all.
fn guess_single_byte(bytes: &[u8]) -> Option<&'static Encoding> {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high == 0 {
        return None;
    }
    let score = |encoding: &'static Encoding| {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let mut lower = 0usize;
        let mut upper = 0usize;
        for c in text.chars().filter(|&c| is_cyrillic(c)) {
            if is_lower(c) {
                lower += 1;
            } else {
                upper += 1;
            }
        }
        (lower, upper)
    };
    let (cp_lower, cp_upper) = score(WINDOWS_1251);
    let (koi_lower, koi_upper) = score(KOI8_R);
    let cyrillic = (cp_lower + cp_upper).max(koi_lower + koi_upper);
    if cyrillic * 2 < high {
        return None;
    }
    let cyrillic_encoding = if koi_lower > cp_lower {
        KOI8_R
    } else {
        WINDOWS_1251
    };
    // Western text with accents (café, naïve) read as Cyrillic gives
    // Cyrillic letters inside Latin words (cafй, naпve); Russian gives
    // words of Cyrillic letters only.
    let (text, _) = cyrillic_encoding.decode_without_bom_handling(bytes);
    let (mut mixed, mut cyrillic_words) = (0usize, 0usize);
    for word in text.split(|c: char| !is_letter(c)) {
        let has_cyrillic = word.chars().any(is_cyrillic);
        if !has_cyrillic {
            continue;
        }
        if word.chars().any(|c| c.is_ascii_alphabetic()) {
            mixed += 1;
        } else {
            cyrillic_words += 1;
        }
    }
    if mixed > cyrillic_words {
        Some(WINDOWS_1252)
    } else {
        Some(cyrillic_encoding)
    }
}

fn check_sensible(text: &str, encoding: &'static str) -> Result<(), DecodeError> {
    let mut visible = 0usize;
    let mut letters = 0usize;
    let mut controls = 0usize;
    let is_odd_control = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
    for (at, c) in text.char_indices() {
        // Cyrillic (most of a Russian text) is neither control, space nor
        // invisible: the standard tests search tables for it.
        if ('\u{400}'..='\u{4FF}').contains(&c) {
            visible += 1;
            letters += usize::from(is_letter(c));
            continue;
        }
        if c == '\0' {
            return Err(DecodeError::Binary {
                offset: at,
                reason: "NUL character",
            });
        }
        controls += usize::from(is_odd_control(c));
        if c.is_whitespace() || is_invisible(c) {
            continue;
        }
        visible += 1;
        if is_letter(c) {
            letters += 1;
        }
    }
    if visible == 0 {
        return Err(DecodeError::Blank);
    }
    if controls * 100 > visible.max(1) {
        let offset = text
            .char_indices()
            .find(|&(_, c)| is_odd_control(c))
            .map_or(0, |(at, _)| at);
        return Err(DecodeError::Binary {
            offset,
            reason: "control characters",
        });
    }
    // Not one letter: nothing to align, whatever the encoding.
    if letters == 0 {
        return Err(DecodeError::NoLetters);
    }
    // Replacement characters from a lossy source or lots of symbols mean the
    // bytes were not text in this encoding. Short inputs (a title, a caption
    // with figures) are given the benefit of the doubt.
    if visible >= 200 && letters * 100 < visible * 25 {
        let letters_percent = (letters * 100 / visible) as u32;
        // A legacy encoding may be the wrong guess; UTF-8 and UTF-16 are
        // not guesses, so the text itself is the problem.
        return Err(if encoding.starts_with("UTF-") {
            DecodeError::FewLetters { letters_percent }
        } else {
            DecodeError::Nonsense {
                encoding,
                letters_percent,
            }
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str = "Министр иностранных дел России Сергей Лавров дал интервью белорусским СМИ. Он сказал, что Москва никогда не ставила Белоруссию перед выбором.";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(RU.as_bytes(), None).unwrap();
        assert_eq!(
            (plain.text.as_str(), plain.encoding, plain.bom),
            (RU, "UTF-8", false)
        );
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(RU.as_bytes());
        let bom = decode(&with_bom, None).unwrap();
        assert_eq!((bom.text.as_str(), bom.bom), (RU, true));
    }

    #[test]
    fn legacy_cyrillic_encodings_are_told_apart() {
        for encoding in [WINDOWS_1251, KOI8_R] {
            let (bytes, _, _) = encoding.encode(RU);
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(decoded.text, RU);
            assert_eq!(decoded.encoding, encoding.name());
        }
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        let mut bare = Vec::new();
        for unit in RU.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
            bare.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&le, None).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&be, None).unwrap().text, RU);
        assert_eq!(decode(&bare, None).unwrap().text, RU);
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n\t ", None), Err(DecodeError::Blank));
        let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00";
        assert!(matches!(
            decode(elf, None),
            Err(DecodeError::Binary { offset: 7, .. })
        ));
        let (cp1251, _, _) = WINDOWS_1251.encode(RU);
        let err = decode(&cp1251, Some("utf-8")).unwrap_err();
        assert!(err.to_string().contains("looks like windows-1251"), "{err}");
        let mut mixed = RU.as_bytes().to_vec();
        mixed.extend_from_slice(&cp1251);
        assert_eq!(
            decode(&mixed, None),
            Err(DecodeError::Mixed { offset: RU.len() })
        );
        assert!(matches!(
            decode(b"abc", Some("ebcdic-x")),
            Err(DecodeError::UnknownEncoding(_))
        ));
    }

    /// Found by fuzzing: the offset of a bad sequence was taken from the
    /// decoded text (where replacement characters take three bytes) and
    /// could point past the end of the file.
    #[test]
    fn invalid_offsets_are_offsets_in_the_file() {
        // "AB", an unpaired high surrogate, "C".
        let utf16 = [0x41, 0x00, 0x42, 0x00, 0x00, 0xD8, 0x43, 0x00];
        assert!(matches!(
            decode(&utf16, Some("utf-16le")),
            Err(DecodeError::Invalid { offset: 4, .. })
        ));
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&utf16);
        assert!(matches!(
            decode(&with_bom, Some("utf-16le")),
            Err(DecodeError::Invalid { offset: 6, .. })
        ));
    }

    /// A NUL found in decoded UTF-16 is reported at its byte in the file,
    /// not at its offset in the UTF-8 text.
    #[test]
    fn binary_offsets_are_offsets_in_the_file() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Привет\0".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&utf16, None),
            Err(DecodeError::Binary {
                offset: 14,
                reason: "NUL character"
            })
        );
    }

    #[test]
    fn utf16_forced_as_utf8_is_named() {
        let bare: Vec<u8> = RU.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode(&bare, Some("utf-8")).unwrap_err();
        assert!(
            matches!(
                err,
                DecodeError::Invalid {
                    looks_like: Some("UTF-16LE"),
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("looks like UTF-16LE"), "{err}");
    }

    #[test]
    fn no_letters_is_refused() {
        assert_eq!(decode(b"... !!! 12 345", None), Err(DecodeError::NoLetters));
        assert!(decode(b"... !!! 12 345 a", None).is_ok());
        let figures = "12 345, 2017 a. ".repeat(20);
        assert!(matches!(
            decode(figures.as_bytes(), None),
            Err(DecodeError::FewLetters { letters_percent: 8 })
        ));
        let (cp1251, _, _) = WINDOWS_1251.encode(&figures);
        assert!(matches!(
            decode(&cp1251, Some("windows-1251")),
            Err(DecodeError::Nonsense { .. })
        ));
    }

    /// Caught by the decode check of the fuzz target: a BOM after the BOM
    /// was removed too, so the text no longer held every character.
    #[test]
    fn only_the_first_bom_is_removed() {
        let doubled = b"\xEF\xBB\xBF\xEF\xBB\xBFHello, world.";
        let decoded = decode(doubled, None).unwrap();
        assert_eq!(decoded.text, "\u{FEFF}Hello, world.");
        assert!(decoded.bom);
        assert_eq!(decode(doubled, Some("utf-8")).unwrap().text, decoded.text);
    }

    /// An English file in Windows-1252 with Latin-1 accents was read as
    /// Windows-1251 (cafй, naпve).
    #[test]
    fn western_accents_are_read_as_windows_1252() {
        let text = "The café served a naïve crème brûlée. Señor Müller said: déjà vu.";
        let (bytes, _, _) = WINDOWS_1252.encode(text);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.encoding),
            (text, "windows-1252")
        );
        // Russian with a stray Latin word stays Windows-1251.
        let ru = format!("{RU} Компания Apple и «МИД РФ» — ёлка.");
        let (bytes, _, _) = WINDOWS_1251.encode(&ru);
        assert_eq!(decode(&bytes, None).unwrap().text, ru);
    }

    /// A short UTF-8 heading before a Windows-1251 body became mojibake
    /// (8 UTF-8 characters were needed to see a mix); one word is enough.
    #[test]
    fn a_short_utf8_heading_before_a_legacy_body_is_mixed() {
        for heading in ["Вот «Да»\n", "Да\n", "Café\n"] {
            let mut bytes = heading.as_bytes().to_vec();
            let (body, _, _) = WINDOWS_1251.encode(RU);
            bytes.extend_from_slice(&body);
            assert_eq!(
                decode(&bytes, None),
                Err(DecodeError::Mixed {
                    offset: heading.len()
                }),
                "{heading:?}"
            );
        }
        // Chance UTF-8 pairs in legacy text (`Ф»` is UTF-8 for `л`, KOI8-R
        // `её` for `ţ`) are no mix.
        for (encoding, text) in [
            (
                WINDOWS_1251,
                "Заявление «МИД РФ» и «ФСБ» — «СВР». Тёмный лес.",
            ),
            (
                KOI8_R,
                "Она взяла её книгу. Её сестра пришла. Всё хорошо, её ждут.",
            ),
        ] {
            let (bytes, _, _) = encoding.encode(text);
            assert_eq!(
                decode(&bytes, None).unwrap().text,
                text,
                "{}",
                encoding.name()
            );
        }
    }

    #[test]
    fn line_ends_are_kept() {
        let text = "One.\r\nTwo.\rThree.\n";
        assert_eq!(decode(text.as_bytes(), None).unwrap().text, text);
    }
}
