//! Character classes every stage of the text crate shares, defined once:
//! the decoder (which script a text is in), normalization (folding for
//! matching) and segmentation (where sentences end) all ask these.

/// Dashes and hyphens other than ASCII `-`: typographic variants that fold
/// to `-` for matching and that can open a line of dialogue.
pub const DASHES: [char; 8] = ['‐', '‑', '‒', '–', '—', '―', '−', '－'];

/// Double quotation marks other than ASCII `"`, which fold to `"`.
pub const DOUBLE_QUOTES: [char; 8] = ['«', '»', '„', '“', '”', '‟', '″', '＂'];

/// Single quotation marks and apostrophes other than ASCII `'`, which fold
/// to `'`.
pub const SINGLE_QUOTES: [char; 7] = ['‘', '’', '‚', '‛', '′', '`', '´'];

/// A dash or hyphen of any kind, ASCII `-` included.
pub fn is_dash(c: char) -> bool {
    c == '-' || DASHES.contains(&c)
}

/// Whether `c` is a letter: `char::is_alphabetic` with the common scripts
/// first. For Cyrillic the standard test is a table search, which showed
/// in profiles of Russian text.
#[inline]
pub fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{400}'..='\u{45F}').contains(&c)
        || (!c.is_ascii() && c.is_alphabetic())
}

/// Whether `c` is an uppercase letter: `char::is_uppercase` with Russian's
/// letters (U+0400–U+045F) first, which the standard test looks up in a
/// table.
#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else if ('\u{400}'..='\u{45F}').contains(&c) {
        c <= '\u{42F}'
    } else {
        c.is_uppercase()
    }
}

/// Whether `c` is a lowercase letter: `char::is_lowercase` with Russian's
/// letters first (see [`is_upper`]).
#[inline]
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else if ('\u{400}'..='\u{45F}').contains(&c) {
        c >= '\u{430}'
    } else {
        c.is_lowercase()
    }
}

/// Whether `c` is a letter or a digit of any script: `char::is_alphanumeric`
/// with the letters of [`is_letter`] first.
#[inline]
pub fn is_alnum(c: char) -> bool {
    is_letter(c) || c.is_numeric()
}

/// A letter of the basic Cyrillic block (U+0400–U+04FF): Russian and the
/// other Cyrillic alphabets, as legacy encodings such as Windows-1251 give
/// them.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4FF}')
}

/// Characters that take no space on screen: format controls and the BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_letter_agrees_with_the_standard_test() {
        for c in ('\0'..='\u{3000}').chain(['𝔸', '中', '\u{FFFF}']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn is_upper_agrees_with_the_standard_test() {
        for c in ('\0'..='\u{3000}').chain(['𝔸', '中', '\u{FFFF}']) {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn is_lower_and_is_alnum_agree_with_the_standard_tests() {
        for c in ('\0'..='\u{3000}').chain(['𝔸', '中', '\u{FFFF}', '٣']) {
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?} U+{:04X}", c as u32);
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn dashes_and_quotes_are_not_ascii() {
        for c in DASHES.iter().chain(&DOUBLE_QUOTES).chain(&SINGLE_QUOTES) {
            assert!(!c.is_ascii() || *c == '`', "{c:?}");
        }
        assert!(is_dash('-') && is_dash('—') && !is_dash('a'));
    }
}
