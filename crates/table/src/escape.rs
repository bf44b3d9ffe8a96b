//! Formula and number safety for spreadsheet cells (CSV injection, mangled text).

use std::borrow::Cow;

/// Characters that make a spreadsheet treat a cell as a formula when they
/// begin it.
pub const FORMULA_CHARS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `c` makes a cell a formula when it comes first.
pub fn is_formula_char(c: char) -> bool {
    FORMULA_CHARS.contains(&c)
}

/// Whether a spreadsheet opening `s` from a CSV file would take it for a
/// number, date, time, fraction, percentage or amount, and so show and save
/// it back changed.
///
/// LibreOffice turns `1.` into `1`, `1.10` into `1.1`, `007` into `7`,
/// `(5)` into `-5`, `50%` into `50.00%`, `$5` into `$5.00` and `1/2` into a
/// date; Excel does the same and more (`1-2` becomes a date). The test is
/// deliberately wide, as a false alarm only costs a visible apostrophe: the
/// text, trimmed, holds an ASCII digit and nothing but digits, spaces and
/// the characters `. , : / - + − ( ) % $ € £ ¥ ₽ e E`.
pub fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    t.bytes().any(|b| b.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || NUMBER_CHARS.contains(c))
}

/// Besides digits and spaces, the characters of text that [`looks_numeric`].
pub(crate) const NUMBER_CHARS: &str = ".,:/-+\u{2212}()%$€£¥₽eE";

/// English month abbreviations a spreadsheet reads as dates (the full names
/// are [`sverka_core::ENGLISH_MONTHS`]).
pub(crate) const SHORT_MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Stems of the Russian month names, and the endings they take in dates.
pub(crate) const RUSSIAN_MONTHS: &[&str] = &[
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];
pub(crate) const RUSSIAN_MONTH_ENDINGS: &[&str] = &["", "ь", "я", "а", "й", "е"];

/// Whether a spreadsheet would take `s`, as a whole, for a date written
/// with a month name and save it back in its own date format (`July 8,
/// 2017` → `07/08/17`): a month name (English, full or short, or Russian
/// in any case) and one or two numbers, nothing else but spaces, commas and
/// full stops. Dates in digits (`6/23`, `23.06.2017`, `2017-06-23`) are
/// caught by [`looks_numeric`].
pub fn looks_like_date(s: &str) -> bool {
    let split = || {
        s.split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .filter(|w| !w.is_empty())
    };
    // Every text cell passes here, nearly all of them sentences: count
    // words (up to four) before making lowercase copies of them.
    if !(2..=3).contains(&split().take(4).count()) {
        return false;
    }
    let words: Vec<String> = split().map(str::to_lowercase).collect();
    let is_month = |w: &str| {
        sverka_core::ENGLISH_MONTHS.contains(&w)
            || SHORT_MONTHS.contains(&w)
            || RUSSIAN_MONTHS.iter().any(|stem| {
                w.strip_prefix(stem)
                    .is_some_and(|end| RUSSIAN_MONTH_ENDINGS.contains(&end))
            })
    };
    let numbers = words
        .iter()
        .filter(|w| (1..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    let months = words.iter().filter(|w| is_month(w)).count();
    months == 1 && numbers == words.len() - 1
}

/// Text a spreadsheet would convert on open and save back changed: a
/// number ([`looks_numeric`]) or a date with a month name
/// ([`looks_like_date`]).
pub fn looks_converted(s: &str) -> bool {
    looks_numeric(s) || looks_like_date(s)
}

/// Whether `s` is zero or more apostrophes followed by a formula character.
fn needs_escape(s: &str) -> bool {
    s.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(is_formula_char)
}

/// Whether `s` is zero or more apostrophes followed by a formula character
/// or by text that [`looks_converted`].
fn text_needs_escape(s: &str) -> bool {
    needs_escape(s) || looks_converted(s.trim_start_matches('\''))
}

/// Makes a cell safe to open in a spreadsheet: the CSV/TSV formula escape.
///
/// Excel and LibreOffice run a cell that begins with `=`, `+`, `-`, `@`, tab
/// or carriage return as a formula. Subtitles and transcripts are full of
/// such cells: dialogue lines like `- Да.` begin with a hyphen-minus. (An em
/// dash, `— Нет.`, is harmless and left alone.)
///
/// # The rule
///
/// * **Writing** (this function): a cell that begins with a formula
///   character, possibly after one or more apostrophes, gets one more
///   apostrophe in front: `- Да.` → `'- Да.`, `=1+1` → `'=1+1`,
///   `'=x` → `''=x`. Every other cell is written unchanged, including
///   cells that begin with an apostrophe followed by anything else
///   (`'Tis`, `'Yes,' she said.`), so ordinary text shows as it is.
/// * **Reading** ([`unescape_cell`]): a cell that is one or more apostrophes
///   followed by a formula character loses exactly one apostrophe. Every
///   other cell is read unchanged.
///
/// The two are exact inverses, so no text is lost, and an escaped cell never
/// begins with a formula character. The rule also survives a spreadsheet
/// that drops the apostrophe on import and saves the bare text back: a cell
/// without the apostrophe is read unchanged (`- Да.` stays `- Да.`).
/// LibreOffice keeps the apostrophe of a CSV cell as part of the text, so a
/// table it saves back reads exactly.
///
/// The one thing no rule can protect is text that itself begins with an
/// apostrophe in a spreadsheet that treats a leading apostrophe as a hidden
/// "text" marker and drops it on save: such a cell comes back without its
/// first apostrophe.
///
/// The text columns (`ru`, `en`, `note`) use the wider [`escape_text_cell`],
/// which also protects text that looks like a number. XLSX needs no
/// escaping: its cells are written as strings, which are never evaluated
/// (see [`crate::write_xlsx`]).
///
/// # Examples
///
/// ```
/// use sverka_table::{escape_cell, unescape_cell};
/// assert_eq!(escape_cell("- Да."), "'- Да.");
/// assert_eq!(escape_cell("— Нет."), "— Нет.");
/// assert_eq!(escape_cell("'Tis"), "'Tis");
/// assert_eq!(unescape_cell(&escape_cell("'=x")), "'=x");
/// ```
pub fn escape_cell(s: &str) -> Cow<'_, str> {
    if needs_escape(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Reverses [`escape_cell`]: strips one apostrophe from a cell that is one
/// or more apostrophes followed by a formula character, and returns every
/// other cell unchanged.
pub fn unescape_cell(s: &str) -> Cow<'_, str> {
    match s.strip_prefix('\'') {
        Some(rest) if needs_escape(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(s),
    }
}

/// The escape of the text columns (`ru`, `en`, `details`, `note`):
/// [`escape_cell`], and the same apostrophe in front of text that
/// [`looks_converted`] (a number, or a date like `July 8, 2017`).
///
/// A sentence such as `1.`, `(5)` or `1/2` is a number or a date to a
/// spreadsheet, which would save it back as `1`, `-5` or `01/02/26`. An
/// apostrophe in front keeps it text, as it keeps `'- Да.` from being a
/// formula, and is undone the same way by [`unescape_text_cell`]: one
/// apostrophe comes off a cell that is apostrophes followed by a formula
/// character or by numeric-looking text, and no other cell changes. The two
/// are exact inverses. Columns that are numbers on purpose (`row`,
/// `confidence`) use [`escape_cell`] and stay numbers a spreadsheet can sort.
///
/// ```
/// use sverka_table::{escape_text_cell, unescape_text_cell};
/// assert_eq!(escape_text_cell("1."), "'1.");
/// assert_eq!(escape_text_cell("- Да."), "'- Да.");
/// assert_eq!(escape_text_cell("В 1990 году."), "В 1990 году.");
/// assert_eq!(escape_text_cell("July 8, 2017"), "'July 8, 2017");
/// assert_eq!(escape_text_cell("23 июня 2017"), "'23 июня 2017");
/// assert_eq!(escape_text_cell("In May 2017 we met."), "In May 2017 we met.");
/// assert_eq!(unescape_text_cell("''007"), "'007");
/// ```
pub fn escape_text_cell(s: &str) -> Cow<'_, str> {
    if text_needs_escape(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Reverses [`escape_text_cell`].
pub fn unescape_text_cell(s: &str) -> Cow<'_, str> {
    match s.strip_prefix('\'') {
        Some(rest) if text_needs_escape(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        for (raw, escaped) in [
            ("- Да.", "'- Да."),
            ("— Нет.", "— Нет."),
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+7 495 000-00-00", "'+7 495 000-00-00"),
            ("@user", "'@user"),
            ("\tindented", "'\tindented"),
            ("\rx", "'\rx"),
            ("-", "'-"),
            ("'Tis", "'Tis"),
            ("'Yes,' she said.", "'Yes,' she said."),
            ("'", "'"),
            ("''", "''"),
            ("'-x", "''-x"),
            ("''=x", "'''=x"),
            ("", ""),
            (" =1", " =1"),
            ("1-1", "1-1"),
        ] {
            assert_eq!(escape_cell(raw), escaped, "escape {raw:?}");
            assert_eq!(unescape_cell(escaped), raw, "unescape {escaped:?}");
        }
    }

    #[test]
    fn spreadsheet_that_drops_the_apostrophe() {
        // The bare text comes back; it is read as it is.
        assert_eq!(unescape_cell("- Да."), "- Да.");
        assert_eq!(unescape_cell("=1+1"), "=1+1");
    }

    #[test]
    fn text_cells_that_look_like_numbers() {
        for (raw, escaped) in [
            ("1.", "'1."),
            ("1.10", "'1.10"),
            ("007", "'007"),
            ("(5)", "'(5)"),
            ("1/2", "'1/2"),
            ("50%", "'50%"),
            ("$5", "'$5"),
            ("1e5", "'1e5"),
            (" 1 000 ", "' 1 000 "),
            ("12.03.2017", "'12.03.2017"),
            ("'97", "''97"),
            ("- Да.", "'- Да."),
            ("'-x", "''-x"),
            ("В 1990 году.", "В 1990 году."),
            ("1st", "1st"),
            ("e", "e"),
            ("...", "..."),
            ("'Tis", "'Tis"),
            ("", ""),
        ] {
            assert_eq!(escape_text_cell(raw), escaped, "escape {raw:?}");
            assert_eq!(unescape_text_cell(escaped), raw, "unescape {escaped:?}");
        }
        // The formula escape alone leaves numbers alone (they are numbers on purpose).
        assert_eq!(escape_cell("0.500"), "0.500");
        assert_eq!(unescape_cell("'5"), "'5");
    }

    fn cell() -> impl Strategy<Value = String> {
        // Bias towards the interesting first characters.
        (
            prop::collection::vec(
                prop::sample::select(vec![
                    '\'', '=', '-', '+', '@', '\t', '\r', 'a', '—', ' ', '1', '.', '(', '%',
                ]),
                0..4,
            ),
            any::<String>(),
        )
            .prop_map(|(head, tail)| head.into_iter().collect::<String>() + &tail)
    }

    proptest! {
        #[test]
        fn escape_then_unescape_is_identity(s in cell()) {
            let escaped = escape_cell(&s);
            prop_assert_eq!(unescape_cell(&escaped), s.as_str());
        }

        #[test]
        fn escaped_cell_never_starts_with_a_formula_char(s in cell()) {
            let escaped = escape_cell(&s);
            prop_assert!(!escaped.chars().next().is_some_and(is_formula_char));
        }

        #[test]
        fn arbitrary_strings_too(s in any::<String>()) {
            let escaped = escape_cell(&s);
            prop_assert_eq!(unescape_cell(&escaped), s.as_str());
        }

        #[test]
        fn text_escape_then_unescape_is_identity(s in cell()) {
            let escaped = escape_text_cell(&s);
            prop_assert_eq!(unescape_text_cell(&escaped), s.as_str());
            prop_assert!(!escaped.chars().next().is_some_and(is_formula_char));
            prop_assert!(!looks_converted(&escaped));
        }
    }
}
