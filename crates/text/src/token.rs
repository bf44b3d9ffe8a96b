use std::ops::Range;

use crate::chars::is_alnum;
use crate::normalize::{fold_char, for_matching, is_stress_mark};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A run of letters (with inner apostrophes and invisible characters).
    Word,
    /// A run of digits, with inner decimal or date separators (`1.5`, `27.10.14`).
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// A word, number or punctuation mark, with its byte span in the text it
/// was cut from and a normalized form for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// The kind of token.
    pub kind: TokenKind,
    /// Matching form: lowercase, folded (see [`crate::normalize`]); numbers
    /// without thousands separators and with `.` as the decimal mark.
    pub norm: String,
}

/// Room to give a list of the words or tokens of `bytes` bytes of text,
/// about one to `bytes_per_item`: enough that a short text's list is
/// allocated once, capped so that a long text without spaces (a pasted
/// blob) is not given room for nothing.
pub(crate) fn room_for(bytes: usize, bytes_per_item: usize) -> usize {
    (bytes / bytes_per_item + 1).min(MOST_ROOM)
}

/// Most items [`room_for`] gives room for.
const MOST_ROOM: usize = 4096;

/// Splits text into tokens. Whitespace is skipped; letters and digits are
/// never in one token (`25-летие` gives `25`, `-`, `летие`; `25th` gives
/// `25`, `th`), so numbers are found wherever they are written.
///
/// ```
/// use sverka_text::{tokenize, TokenKind};
/// let tokens = tokenize("В 2017 г. — 1,5 млн «евро».");
/// let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
/// assert_eq!(norms, ["в", "2017", "г", ".", "-", "1.5", "млн", "\"", "евро", "\"", "."]);
/// assert_eq!(tokens[1].kind, TokenKind::Number);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    // Sized once (a short pass counts the characters): growing the two
    // lists reallocated them some five times a sentence.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.chars().count());
    chars.extend(text.char_indices());
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    // About a token to four bytes of English, fewer of Russian.
    let mut tokens = Vec::with_capacity(room_for(text.len(), 4));
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() || fold_char(c).is_none() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let next = chars[j].1;
                let inner_joiner = (next == '\'' || next == '’' || fold_char(next).is_none())
                    && chars
                        .get(j + 1)
                        .is_some_and(|&(_, after)| is_word_char(after));
                // A stress mark over a Russian vowel stays in its word
                // (`за\u{301}мок`): it is not punctuation.
                if is_word_char(next) || inner_joiner || is_stress_mark(next) {
                    j += 1;
                } else {
                    break;
                }
            }
            let span = start..end_of(j);
            tokens.push(Token {
                norm: for_matching(&text[span.clone()]),
                span,
                kind: TokenKind::Word,
            });
            i = j;
        } else if c.is_ascii_digit() {
            let mut j = i + 1;
            let mut norm = String::from(c);
            // Thousands separators only join groups of three after a first
            // group of at most three digits: `2 000`, not `2016 500`.
            let mut group_len = 1;
            let mut grouping_possible = true;
            while j < chars.len() {
                let next = chars[j].1;
                if next.is_ascii_digit() {
                    norm.push(next);
                    group_len += 1;
                    j += 1;
                    continue;
                }
                let digits_after = chars[j + 1..]
                    .iter()
                    .take_while(|&&(_, d)| d.is_ascii_digit())
                    .count();
                let followed_by_letter_or_digit = chars
                    .get(j + 1 + digits_after)
                    .is_some_and(|&(_, d)| is_alnum(d));
                let thousands = grouping_possible
                    && group_len <= 3
                    && digits_after == 3
                    && !followed_by_letter_or_digit;
                match next {
                    ',' if thousands => {
                        group_len = 0;
                        j += 1;
                    }
                    '.' | ',' | ':' | '/' if digits_after > 0 => {
                        norm.push(if next == ',' { '.' } else { next });
                        grouping_possible = false;
                        group_len = 0;
                        j += 1;
                    }
                    ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}' if thousands => {
                        group_len = 0;
                        j += 1;
                    }
                    _ => break,
                }
            }
            let span = start..end_of(j);
            tokens.push(Token {
                norm,
                span,
                kind: TokenKind::Number,
            });
            i = j;
        } else {
            let span = start..end_of(i + 1);
            tokens.push(Token {
                norm: for_matching(&text[span.clone()]),
                span,
                kind: TokenKind::Punct,
            });
            i += 1;
        }
    }
    tokens
}

fn is_word_char(c: char) -> bool {
    crate::chars::is_letter(c) || (!c.is_ascii() && is_alnum(c) && !c.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn numbers_inside_words_and_separators() {
        assert_eq!(norms("25-летие"), ["25", "-", "летие"]);
        assert_eq!(norms("the 25th"), ["the", "25", "th"]);
        assert_eq!(norms("2,000 people"), ["2000", "people"]);
        assert_eq!(norms("2 000 человек"), ["2000", "человек"]);
        assert_eq!(norms("27.10.14"), ["27.10.14"]);
        assert_eq!(norms("1,5"), ["1.5"]);
        assert_eq!(norms("2017."), ["2017", "."]);
        assert_eq!(norms("in 2016 500 people"), ["in", "2016", "500", "people"]);
    }

    #[test]
    fn words_keep_inner_apostrophes_and_invisible_characters() {
        assert_eq!(norms("Russia's"), ["russia's"]);
        assert_eq!(norms("по\u{AD}ли\u{200D}тика"), ["политика"]);
        assert_eq!(norms("'quoted'"), ["'", "quoted", "'"]);
    }

    #[test]
    fn stressed_russian_words_stay_whole_and_lose_their_stress() {
        assert_eq!(
            norms("За\u{301}мок закры\u{301}т."),
            ["замок", "закрыт", "."]
        );
        assert_eq!(norms("код для замкá"), ["код", "для", "замка"]);
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "Ёлка, 2017\u{A0}г.";
        for token in tokenize(text) {
            assert!(
                text.is_char_boundary(token.span.start) && text.is_char_boundary(token.span.end)
            );
        }
        assert_eq!(&text[tokenize(text)[0].span.clone()], "Ёлка");
    }
}
