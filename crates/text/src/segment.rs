//! Sentence segmentation of one paragraph.

use std::ops::Range;

use crate::structure::trim_span;
use crate::Lang;

/// Splits a paragraph into sentences. Returned ranges are byte ranges into
/// `text`, trimmed of surrounding whitespace, non-empty, in order and not
/// overlapping; together with the gaps between them they give back `text`.
pub fn split(text: &str, lang: &Lang) -> Vec<Range<usize>> {
    let _ = lang;
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…' | '"' | '»' | '”' | ')' | '\'') {
                j += 1;
            }
            let next_is_space = chars.get(j).is_some_and(|&(_, n)| n.is_whitespace());
            let after_space = chars[j..].iter().find(|&&(_, n)| !n.is_whitespace()).map(|&(_, n)| n);
            let starts_upper = after_space.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '«' | '“' | '—' | '–' | '('));
            let word_before: String = chars[..i].iter().rev().take_while(|&&(_, p)| p.is_alphabetic()).map(|&(_, p)| p).collect();
            let initial = word_before.chars().count() == 1 && word_before.chars().all(char::is_uppercase);
            if c == '.' && initial {
                i = j;
                continue;
            }
            if next_is_space && starts_upper {
                let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
                let span = trim_span(text, start..end);
                if !span.is_empty() {
                    out.push(span);
                }
                start = end;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let span = trim_span(text, start..text.len());
    if !span.is_empty() {
        out.push(span);
    }
    out
}
