//! Glossaries as TSV: one pair a line, `ru<TAB>en` (the order may be swapped
//! by a first line `en<TAB>ru`). Lines starting with `#` and blank lines are
//! skipped. Translators keep such lists for names and terms.

use std::path::Path;

use sverka_text::Lang;

use crate::{Lexicon, LexiconError, PairStemmer};

/// Loads a glossary file.
pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
    let bytes = std::fs::read(path).map_err(|error| LexiconError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let text = String::from_utf8(bytes).map_err(|err| LexiconError::Format {
        path: path.to_path_buf(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); save the glossary as UTF-8",
            err.utf8_error().valid_up_to()
        ),
    })?;
    let mut lexicon = parse(&text).map_err(|message| LexiconError::Format {
        path: path.to_path_buf(),
        message,
    })?;
    lexicon.mark_source(&path.display().to_string());
    Ok(lexicon)
}

/// Parses glossary text; errors name the line.
pub fn parse(text: &str) -> Result<Lexicon, String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
    let mut stemmers = PairStemmer::new(lexicon.langs());
    let mut english_first = false;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((left, right)) = line.split_once('\t') else {
            return Err(format!(
                "line {}: expected two columns separated by a tab (Russian, then English)",
                number + 1
            ));
        };
        let header = (left.trim().to_lowercase(), right.trim().to_lowercase());
        if number == 0 || lexicon.is_empty() {
            match (header.0.as_str(), header.1.as_str()) {
                ("ru", "en") => continue,
                ("en", "ru") => {
                    english_first = true;
                    continue;
                }
                _ => {}
            }
        }
        let (ru, en) = if english_first {
            (right, left)
        } else {
            (left, right)
        };
        lexicon.add_pair_with(ru, en, &mut stemmers);
    }
    Ok(lexicon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sverka_align::TranslationEvidence as _;

    #[test]
    fn header_sets_the_order() {
        let lexicon = parse("en\tru\nForeign Ministry\tМИД\n").unwrap();
        assert_eq!(lexicon.len(), 1);
        let ru = lexicon.sentence_keys(&Lang::Ru, &[vec!["мид"]]);
        let en = lexicon.sentence_keys(&Lang::En, &[vec!["foreign", "ministry"]]);
        assert_eq!(ru, en);
        assert_eq!(ru[0].len(), 1);
    }

    #[test]
    fn a_line_without_a_tab_is_named() {
        let err = parse("# names\nЛавров\tLavrov\nТиллерсон Tillerson\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
    }
}
