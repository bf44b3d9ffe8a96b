//! Formula safety for spreadsheet cells (CSV injection).

use std::borrow::Cow;

/// Characters that make a spreadsheet treat a cell as a formula when they
/// begin it.
pub const FORMULA_CHARS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `c` makes a cell a formula when it comes first.
pub fn is_formula_char(c: char) -> bool {
    FORMULA_CHARS.contains(&c)
}

/// Whether `s` is zero or more apostrophes followed by a formula character.
fn needs_escape(s: &str) -> bool {
    s.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(is_formula_char)
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
///
/// The one thing no rule can protect is text that itself begins with an
/// apostrophe in a spreadsheet that treats a leading apostrophe as a hidden
/// "text" marker and drops it on save: such a cell comes back without its
/// first apostrophe.
///
/// XLSX needs no escaping: its cells are written as strings, which are never
/// evaluated (see [`crate::write_xlsx`]).
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

    fn cell() -> impl Strategy<Value = String> {
        // Bias towards the interesting first characters.
        (
            prop::collection::vec(
                prop::sample::select(vec!['\'', '=', '-', '+', '@', '\t', '\r', 'a', '—', ' ']),
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
    }
}
