//! PDF with a text layer, through `pdf-extract` (on `lopdf`): the text of
//! each page, then what page layout adds taken away. Lines repeated at
//! the top or bottom of most pages (running headers, footers, page
//! numbers) are dropped; a word hyphenated across a line end is joined
//! (keeping the hyphen of a word that has one, such as `по-прежнему`);
//! lines are joined into paragraphs. Where the PDF marks wrapped lines
//! with a trailing space (LibreOffice and Word do), a line without one
//! ends its paragraph; otherwise a line that stops well short of the usual
//! width does. A line opening with a speaker label (`Вопрос:`) opens a
//! paragraph.
//!
//! A PDF whose pages have no text (scanned images) is refused with advice
//! to run OCR first. The extraction library can panic or recurse without
//! end on malformed files, so the file is checked first (nesting depth,
//! cycles in the page tree and in form objects) and extraction runs under
//! `catch_unwind`.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::{Document, Object, ObjectId};

use crate::{Format, FormatError, Limits, Paragraphs};

/// Deepest nesting of arrays and dictionaries accepted (the parser recurses).
const MAX_NESTING: usize = 256;

/// A line this much shorter than the usual width ends its paragraph.
const SHORT_LINE: f32 = 0.8;

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Paragraphs, FormatError> {
    check_nesting(bytes)?;
    let pages = extract_pages(bytes)?;
    let (texts, blank_pages) = pages_with_text(&pages);
    if texts.is_empty() {
        return Err(FormatError::PdfNoText {
            detail: match pages.len() {
                0 => "it has no pages".to_string(),
                1 => "its page has no text".to_string(),
                n => format!("none of its {n} pages has text"),
            },
        });
    }
    let mut out = Paragraphs::new(limits);
    if !blank_pages.is_empty() {
        out.warnings.push(format!(
            "page{} {} ha{} no text layer (scanned?); {} missing",
            if blank_pages.len() == 1 { "" } else { "s" },
            list(&blank_pages),
            if blank_pages.len() == 1 { "s" } else { "ve" },
            if blank_pages.len() == 1 {
                "its text is"
            } else {
                "their text is"
            }
        ));
    }
    let lines = drop_running_lines(&texts);
    for paragraph in paragraphs(&lines) {
        out.push(&paragraph, None)?;
    }
    Ok(out)
}

fn list(pages: &[usize]) -> String {
    pages
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text of every page, or why there is none.
fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, FormatError> {
    let damaged = |detail: String| FormatError::PdfDamaged { detail };
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<String>, FormatError> {
        let mut document = Document::load_mem(bytes).map_err(|err| damaged(err.to_string()))?;
        if document.is_encrypted() {
            // Many PDFs are encrypted with an empty password only to set
            // permissions; those open. Others need the password.
            if document.decrypt("").is_err() {
                return Err(FormatError::Encrypted {
                    format: Format::Pdf,
                });
            }
        }
        check_forms(&document)?;
        let pages = document.get_pages();
        let mut texts = Vec::with_capacity(pages.len());
        for &number in pages.keys() {
            let mut text = String::new();
            let mut output = pdf_extract::PlainTextOutput::new(&mut text);
            // A page that fails keeps what it gave; the page is reported
            // blank if that was nothing.
            let _ = pdf_extract::output_doc_page(&document, &mut output, number);
            texts.push(text);
        }
        Ok(texts)
    }));
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the PDF reader failed".to_string());
            Err(damaged(format!("malformed: {what}")))
        }
    }
}

/// Refuses arrays and dictionaries nested deeper than the parser can
/// recurse, counting outside streams (whose bytes are data).
fn check_nesting(bytes: &[u8]) -> Result<(), FormatError> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                match find(&bytes[i..], b"endstream") {
                    Some(end) => i += end + b"endstream".len() - 1,
                    None => break,
                }
            }
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(FormatError::PdfDamaged {
                detail: format!("objects nested over {MAX_NESTING} deep at byte {i}"),
            });
        }
        i += 1;
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Refuses form objects that draw themselves, directly or through others
/// (the extractor would recurse without end), and page trees whose parent
/// links loop.
fn check_forms(document: &Document) -> Result<(), FormatError> {
    let cycle = |what: &str| FormatError::PdfDamaged {
        detail: format!("{what} refer to each other in a loop"),
    };
    for &page in document.get_pages().values() {
        let mut seen = HashSet::new();
        let mut current = Some(page);
        while let Some(id) = current {
            if !seen.insert(id) {
                return Err(cycle("pages of its page tree"));
            }
            current = document
                .get_dictionary(id)
                .ok()
                .and_then(|d| d.get(b"Parent").ok())
                .and_then(|p| p.as_reference().ok());
        }
    }
    // The forms each form object draws, through its own resources (a form
    // without resources draws from its page's: it may reach any form).
    let forms: Vec<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| is_form(object))
        .map(|(&id, _)| id)
        .collect();
    let form_set: HashSet<ObjectId> = forms.iter().copied().collect();
    let mut draws: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
    for &id in &forms {
        let Ok(Object::Stream(stream)) = document.get_object(id) else {
            continue;
        };
        let targets = match stream.dict.get(b"Resources") {
            Ok(resources) => xobjects(document, resources),
            Err(_) => forms.clone(),
        };
        draws.insert(
            id,
            targets
                .into_iter()
                .filter(|t| form_set.contains(t))
                .collect(),
        );
    }
    // Depth-first search with an explicit stack: white, grey, black.
    let mut state: HashMap<ObjectId, u8> = HashMap::new();
    for &start in &forms {
        if state.contains_key(&start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state.insert(start, 1);
        while let Some((node, next)) = stack.pop() {
            let children = draws.get(&node).map_or(&[][..], Vec::as_slice);
            if let Some(&child) = children.get(next) {
                stack.push((node, next + 1));
                match state.get(&child) {
                    Some(1) => return Err(cycle("form objects")),
                    Some(_) => {}
                    None => {
                        state.insert(child, 1);
                        stack.push((child, 0));
                    }
                }
            } else {
                state.insert(node, 2);
            }
        }
    }
    Ok(())
}

fn is_form(object: &Object) -> bool {
    matches!(object, Object::Stream(stream)
        if stream.dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Form"))
}

/// The objects named in a resource dictionary's `/XObject` entry.
fn xobjects(document: &Document, resources: &Object) -> Vec<ObjectId> {
    let Ok((_, resources)) = document.dereference(resources) else {
        return Vec::new();
    };
    let Ok(resources) = resources.as_dict() else {
        return Vec::new();
    };
    let Ok(xobject) = resources.get(b"XObject") else {
        return Vec::new();
    };
    let Ok((_, xobject)) = document.dereference(xobject) else {
        return Vec::new();
    };
    let Ok(xobject) = xobject.as_dict() else {
        return Vec::new();
    };
    xobject
        .iter()
        .filter_map(|(_, value)| value.as_reference().ok())
        .collect()
}

/// Pages that have letters, and the numbers (1-based) of those without.
fn pages_with_text(pages: &[String]) -> (Vec<&str>, Vec<usize>) {
    let mut texts = Vec::new();
    let mut blank = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        if page.chars().any(char::is_alphabetic) {
            texts.push(page.as_str());
        } else {
            blank.push(index + 1);
        }
    }
    (texts, blank)
}

/// A line as compared across pages: digits as `#` (page numbers change),
/// white space dropped, lowercase.
fn running_key(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A line that is only a page number: `7`, `- 7 -`, `Page 7 of 12`, `стр. 7`.
fn is_page_number(line: &str) -> bool {
    let key = running_key(line);
    let rest: String = key
        .trim_start_matches("page")
        .trim_start_matches("стр.")
        .trim_start_matches("страница")
        .chars()
        .filter(|c| !matches!(c, '#' | '-' | '–' | '/' | '.' | '|'))
        .collect();
    key.contains('#') && (rest.is_empty() || rest == "of" || rest == "из")
}

/// A line of a page: its text, trimmed, and whether the PDF gave it a
/// trailing space (a wrapped line, in many producers' output).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    text: String,
    wraps: bool,
    /// The last line kept of its page.
    page_end: bool,
}

/// The lines of all pages in order, without running headers and footers:
/// a line among the first or last two of a page that recurs (digits aside)
/// at that place on at least half the pages (and two or more), or that is
/// a page number there.
fn drop_running_lines(pages: &[&str]) -> Vec<Line> {
    const EDGE: usize = 2;
    let page_lines: Vec<Vec<&str>> = pages
        .iter()
        .map(|page| page.lines().filter(|l| !l.trim().is_empty()).collect())
        .collect();
    // Counted by place: the first or second line from the top, the last
    // or second last.
    let mut top: HashMap<(usize, String), usize> = HashMap::new();
    let mut bottom: HashMap<(usize, String), usize> = HashMap::new();
    for lines in &page_lines {
        for (k, line) in lines.iter().take(EDGE).enumerate() {
            *top.entry((k, running_key(line))).or_default() += 1;
        }
        for (k, line) in lines.iter().rev().take(EDGE).enumerate() {
            *bottom.entry((k, running_key(line))).or_default() += 1;
        }
    }
    let enough = (pages.len().div_ceil(2)).max(2);
    let mut out = Vec::new();
    for lines in &page_lines {
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            let at_top = k < EDGE;
            let at_bottom = k + EDGE >= n;
            let key = running_key(line);
            let recurs = |counts: &HashMap<(usize, String), usize>, place: usize| {
                counts
                    .get(&(place, key.clone()))
                    .is_some_and(|&c| c >= enough)
            };
            let running = (at_top && recurs(&top, k))
                || (at_bottom && recurs(&bottom, n - 1 - k))
                || ((at_top || at_bottom) && is_page_number(line));
            if !running {
                out.push(Line {
                    text: line.trim().to_string(),
                    wraps: line.ends_with(char::is_whitespace),
                    page_end: false,
                });
            }
        }
        if let Some(last) = out.last_mut() {
            last.page_end = true;
        }
    }
    out
}

/// Joins lines into paragraphs (see the module doc); a hyphen at a line
/// end joins the word's halves (see [`join_hyphenated`]).
fn paragraphs(lines: &[Line]) -> Vec<String> {
    let widths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    // Wrapped lines marked by a trailing space: a third of the lines at
    // least have one (most lines of running text are wrapped).
    let marked = lines.iter().filter(|l| l.wraps).count() * 3 >= lines.len();
    let usual = {
        let mut sorted = widths.clone();
        sorted.sort_unstable();
        // The width most full lines reach: the 80th percentile.
        sorted.get(sorted.len() * 4 / 5).copied().unwrap_or(0)
    };
    let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    let words = word_counts(&texts);
    let mut out = Vec::new();
    let mut current = String::new();
    for (
        k,
        Line {
            text: line, wraps, ..
        },
    ) in lines.iter().enumerate()
    {
        if !current.is_empty() && sverka_text::structure::speaker_label(line).is_some() {
            out.push(std::mem::take(&mut current));
        }
        if current.is_empty() {
            current.push_str(line);
        } else if let Some(joined) = join_hyphenated(&current, line, &words) {
            current = joined;
        } else {
            current.push(' ');
            current.push_str(line);
        }
        let ends = if marked {
            !wraps
        } else {
            (widths[k] as f32) < usual as f32 * SHORT_LINE
        };
        let hyphen = line.ends_with('-') || line.ends_with('\u{AD}');
        // A sentence going on in lowercase on the next line, or across a
        // page break (whose last line has no trailing space), runs on.
        let next_lowercase = lines
            .get(k + 1)
            .and_then(|next| next.text.chars().next())
            .is_some_and(char::is_lowercase);
        let runs_on = !sverka_text::structure::ends_like_sentence(line)
            && (next_lowercase || (lines[k].page_end && k + 1 < lines.len()));
        if ends && !hyphen && !runs_on {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// How often each word (lowercase, hyphens kept) occurs in the lines.
fn word_counts(lines: &[String]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for line in lines {
        for word in line.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let word = word.trim_matches('-');
            if !word.is_empty() {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Russian parts written with a hyphen (`по-прежнему`, `кто-то`, `из-за`).
const HYPHEN_PREFIXES: [&str; 9] = ["по", "кое", "кой", "из", "во", "в", "на", "северо", "юго"];
const HYPHEN_SUFFIXES: [&str; 6] = ["то", "либо", "нибудь", "ка", "таки", "де"];

/// `head` ends with a word broken by a hyphen at the line end and `line`
/// goes on with its lowercase second half: the joined text, with the
/// hyphen kept when the word is written with one (the document has it so
/// elsewhere, or a Russian prefix or particle asks for it) and dropped
/// when it was only hyphenation.
fn join_hyphenated(head: &str, line: &str, words: &HashMap<String, usize>) -> Option<String> {
    let (stem, hyphen) = if let Some(stem) = head.strip_suffix('\u{AD}') {
        (stem, false)
    } else {
        (head.strip_suffix('-')?, true)
    };
    let first = stem
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .filter(|w| !w.is_empty())?;
    let second_len = line
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(line.len());
    let second = &line[..second_len];
    if !second.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let (first_lower, second_lower) = (first.to_lowercase(), second.to_lowercase());
    let with_hyphen = format!("{first_lower}-{second_lower}");
    let without = format!("{first_lower}{second_lower}");
    let keep = hyphen
        && (words.get(&with_hyphen).copied().unwrap_or(0)
            > words.get(&without).copied().unwrap_or(0)
            || (words.get(&without).is_none()
                && (HYPHEN_PREFIXES.contains(&first_lower.as_str())
                    || HYPHEN_SUFFIXES.contains(&second_lower.as_str()))));
    let mut joined = String::with_capacity(stem.len() + line.len() + 1);
    joined.push_str(stem);
    if keep {
        joined.push('-');
    }
    joined.push_str(line);
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn hyphenation_is_undone_and_real_hyphens_kept() {
        let words = word_counts(&lines("международный договор\nпо-прежнему\nwell-known"));
        for (head, line, joined) in [
            ("о меж-", "дународный договор", "о международный договор"),
            ("мы по-", "прежнему рады", "мы по-прежнему рады"),
            ("кто-", "то пришёл", "кто-то пришёл"),
            ("a well-", "known fact", "a well-known fact"),
            ("the inter-", "national law", "the international law"),
            ("soft\u{AD}", "ware", "software"),
        ] {
            assert_eq!(
                join_hyphenated(head, line, &words).as_deref(),
                Some(joined),
                "{head}"
            );
        }
        // A dash before a capital or a number is no hyphenation.
        assert_eq!(join_hyphenated("Москва -", "Минск", &words), None);
        assert_eq!(join_hyphenated("в 2017-", "2018 годах", &words), None);
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let page = |n: usize, body: &str| {
            format!("Интервью С.В.Лаврова\n\n{body}\n\n– {n} –\nМИД России, 2017\n")
        };
        let bodies = ["Первая страница.", "Вторая страница.", "Третья страница."];
        let pages: Vec<String> = (1..=3).map(|n| page(n, bodies[n - 1])).collect();
        let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
        let kept: Vec<String> = drop_running_lines(&refs)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(kept, bodies);
        assert!(is_page_number("Page 3 of 12"));
        assert!(is_page_number("стр. 4"));
        assert!(!is_page_number("1935 год"));
    }

    fn unmarked(text: &[String]) -> Vec<Line> {
        text.iter()
            .map(|t| Line {
                text: t.clone(),
                wraps: false,
                page_end: false,
            })
            .collect()
    }

    #[test]
    fn short_lines_end_paragraphs() {
        let text = lines(
            "Заголовок статьи\n\
             Первая строка длинного абзаца, который идёт дальше и\n\
             продолжается на второй строке, а потом заканчивается на\n\
             третьей.\n\
             Второй абзац тоже длинный и занимает целую строку, как и\n\
             первый.",
        );
        assert_eq!(
            paragraphs(&unmarked(&text)),
            [
                "Заголовок статьи",
                "Первая строка длинного абзаца, который идёт дальше и продолжается на второй строке, а потом заканчивается на третьей.",
                "Второй абзац тоже длинный и занимает целую строку, как и первый.",
            ]
        );
    }

    #[test]
    fn garbage_and_deep_nesting_are_refused() {
        let err = read(b"%PDF-1.4\n garbage", &Limits::default()).unwrap_err();
        assert!(matches!(err, FormatError::PdfDamaged { .. }), "{err}");
        let mut deep = b"%PDF-1.4\n1 0 obj\n".to_vec();
        deep.extend(std::iter::repeat_n(b'[', 100_000));
        let err = read(&deep, &Limits::default()).unwrap_err();
        assert!(err.to_string().contains("nested over 256 deep"), "{err}");
    }

    #[test]
    fn trailing_spaces_mark_wrapped_lines_and_speakers_open_paragraphs() {
        let line = |text: &str, wraps: bool| Line {
            text: text.to_string(),
            wraps,
            page_end: false,
        };
        let lines = [
            line("Вопрос: Как Москва реагирует на", true),
            line("такие действия?", false),
            line(
                "С.В.Лавров: Насколько я понимаю, снята лишь часть санкций.",
                false,
            ),
            line("Что касается сближения, то у нас на это нет", true),
            line("никакой аллергии.", false),
            line("Короткая строка", true),
            line("Вопрос: Ещё один?", true),
        ];
        assert_eq!(
            paragraphs(&lines),
            [
                "Вопрос: Как Москва реагирует на такие действия?",
                "С.В.Лавров: Насколько я понимаю, снята лишь часть санкций.",
                "Что касается сближения, то у нас на это нет никакой аллергии.",
                "Короткая строка",
                "Вопрос: Ещё один?",
            ]
        );
    }
}
