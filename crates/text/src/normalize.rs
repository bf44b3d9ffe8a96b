//! Matching forms of text. These never replace what the user sees: they are
//! computed on the side, for comparing words and sentences.

use unicode_normalization::UnicodeNormalization;

use crate::chars::{is_invisible, is_letter, DASHES, DOUBLE_QUOTES, SINGLE_QUOTES};

/// Folds one character for matching: typographic variants to one form.
/// Returns `None` for characters that carry nothing for matching
/// (soft hyphens, zero-width spaces and joiners, direction marks, BOM).
pub fn fold_char(c: char) -> Option<char> {
    // Most characters fold to themselves: ASCII and Cyrillic letters skip
    // the scans of the typographic lists below.
    let cyrillic = ('\u{400}'..='\u{45F}').contains(&c);
    if (c.is_ascii() && c != '`') || (cyrillic && c != 'ё' && c != 'Ё') {
        return Some(c);
    }
    if is_invisible(c) {
        return None;
    }
    Some(match c {
        'ё' => 'е',
        'Ё' => 'Е',
        c if DOUBLE_QUOTES.contains(&c) => '"',
        c if SINGLE_QUOTES.contains(&c) => '\'',
        c if DASHES.contains(&c) => '-',
        '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        '…' => '.',
        other => other,
    })
}

/// The matching form of a string: NFKC, folded characters (see
/// [`fold_char`]), lowercase.
///
/// ```
/// use sverka_text::normalize::for_matching;
/// assert_eq!(for_matching("«Ёлка» — Sergey\u{AD}’s"), "\"елка\" - sergey's");
/// ```
pub fn for_matching(text: &str) -> String {
    simple_for_matching(text).unwrap_or_else(|| general_for_matching(text))
}

/// [`for_matching`] of text made only of printable ASCII and the basic
/// Russian alphabet (nearly every word), without the normalization
/// machinery: NFKC leaves such text as it is, since nothing in it
/// decomposes and nothing composes without a combining mark. None for any
/// other text.
fn simple_for_matching(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        out.push(match c {
            '`' => '\'',
            ' '..='~' => c.to_ascii_lowercase(),
            // Capital А..Я sit 0x20 below their lowercase.
            'А'..='Я' => char::from_u32(c as u32 + 0x20)?,
            'а'..='я' => c,
            'Ё' | 'ё' => 'е',
            _ => return None,
        });
    }
    Some(out)
}

fn general_for_matching(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        if let Some(folded) = fold_char(c) {
            out.extend(folded.to_lowercase());
        }
    }
    if out
        .chars()
        .any(|c| is_stress_mark(c) || latin_stressed_vowel(c).is_some())
    {
        out = unstressed(&out);
    }
    out
}

/// A combining acute or grave accent: the stress mark of Russian texts for
/// learners, dictionaries and verse (`за\u{301}мок`).
pub(crate) fn is_stress_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}')
}

/// The Cyrillic vowel a Latin letter with an acute stands for inside a
/// Russian word: Cyrillic has no precomposed stressed vowels, so a typed
/// stress often borrows the Latin look-alike (`замóк`, `замкá`).
fn latin_stressed_vowel(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' => 'а',
        'é' | 'è' => 'е',
        'ó' | 'ò' => 'о',
        'ý' => 'у',
        _ => return None,
    })
}

/// `text` (lowercase) with the stress of its Russian words taken off: in a
/// word with a Cyrillic letter, stress marks are dropped and Latin stressed
/// vowels become the Cyrillic vowel. Other words (`café`) keep theirs.
fn unstressed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().any(crate::chars::is_cyrillic) {
            for c in word.chars() {
                if !is_stress_mark(c) {
                    out.push(latin_stressed_vowel(c).unwrap_or(c));
                }
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_letter(c) || is_stress_mark(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Transliterates Russian Cyrillic to Latin letters for matching names and
/// cognates against English (`Лавров` → `lavrov`, `Щукин` → `shchukin`).
/// Input should already be lowercase; other characters pass through.
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        let latin = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            'і' => "i",
            'ї' => "yi",
            'є' => "ye",
            'ў' => "u",
            'ґ' => "g",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(latin);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simple_path_agrees_with_the_general_one() {
        let mut checked = 0;
        for c in ('\0'..='\u{600}').chain(['…', '«', '\u{AD}', 'ﬁ', 'Ｌ']) {
            let one = c.to_string();
            if let Some(simple) = simple_for_matching(&one) {
                assert_eq!(simple, general_for_matching(&one), "{c:?}");
                checked += 1;
            }
            // A mark after a simple letter composes with it: never simple.
            for base in ['и', 'e', 'Е'] {
                let pair = format!("{base}{c}");
                assert_eq!(for_matching(&pair), general_for_matching(&pair), "{pair:?}");
            }
        }
        assert_eq!(checked, 95 + 66);
    }

    #[test]
    fn invisible_and_variant_characters_fold() {
        assert_eq!(for_matching("по\u{AD}ли\u{200B}тика"), "политика");
        assert_eq!(for_matching("Ｌａｖｒｏｖ"), "lavrov");
        assert_eq!(for_matching("2017\u{A0}г."), "2017 г.");
        assert_eq!(for_matching("ЁЖИК"), "ежик");
        assert_eq!(for_matching("ﬁne"), "fine");
    }

    #[test]
    fn stress_marks_come_off_russian_words_only() {
        assert_eq!(for_matching("За\u{301}мок"), "замок");
        assert_eq!(for_matching("замóк"), "замок");
        assert_eq!(for_matching("ЗАМКÁ"), "замка");
        assert_eq!(for_matching("у\u{300}тро и вечер"), "утро и вечер");
        assert_eq!(for_matching("кафе́ и café"), "кафе и café");
        // Other marks compose: и with a breve is й.
        assert_eq!(for_matching("и\u{306}од"), "йод");
    }

    #[test]
    fn transliteration_of_names() {
        assert_eq!(transliterate("сергей лавров"), "sergey lavrov");
        assert_eq!(transliterate("лукашенко"), "lukashenko");
        assert_eq!(transliterate("грибаускайте"), "gribauskayte");
        assert_eq!(transliterate("тиллерсон"), "tillerson");
    }
}
