//! Headlines run into the first sentence. News pages copied as one block
//! (and corpora that join lines with spaces) put a headline, which has no
//! full stop, straight before the lead: `… из-за урагана "Ханна" Мексиканское
//! национальное управление …`. The sentence rules see one sentence there.
//!
//! A paragraph's first sentence is cut after a headline when a word is
//! followed, with only a space between, by a capitalized word that cannot
//! stand inside a sentence: a function word (`В`, `По`, `The`, `According`),
//! or, in Russian, which writes only names with a capital, a word the text
//! also uses in lowercase. Failing those, it is cut where the rest retells
//! the headline: a lead repeats the headline's content words, an ordinary
//! sentence seldom repeats its own. Headline and lead must both be a few
//! words long.

use std::collections::HashSet;

use crate::Lang;

/// Least words of a headline.
const MIN_HEADLINE_WORDS: usize = 3;
/// Most words of a headline.
const MAX_HEADLINE_WORDS: usize = 30;
/// Least words of the lead after it.
const MIN_LEAD_WORDS: usize = 4;

/// Lowercase words of a text (letters only), for telling names from words
/// that are capitalized only because they open a sentence.
pub fn lowercase_words(text: &str) -> HashSet<&str> {
    text.split(|c: char| !c.is_alphabetic() && c != '-')
        .filter(|w| !w.is_empty() && w.chars().all(|c| !c.is_uppercase()))
        .collect()
}

/// Where the lead starts, if `sentence` opens with a headline (a byte offset
/// into `sentence`).
pub fn headline_end(sentence: &str, lang: &Lang, lowercase: &HashSet<&str>) -> Option<usize> {
    if !matches!(lang, Lang::Ru | Lang::En) {
        return None;
    }
    // A headline and the start of its lead are all that is looked at, so a
    // huge first sentence costs no more than a short one.
    let words: Vec<(usize, &str)> = sentence
        .split(' ')
        .scan(0usize, |at, piece| {
            let start = *at;
            *at += piece.len() + 1;
            Some((start, piece))
        })
        .filter(|(_, piece)| !piece.is_empty())
        .take(MAX_HEADLINE_WORDS + LEAD_WINDOW)
        .collect();
    if words.len() < MIN_HEADLINE_WORDS + MIN_LEAD_WORDS {
        return None;
    }
    let last = (words.len() - MIN_LEAD_WORDS).min(MAX_HEADLINE_WORDS);
    let candidates = (MIN_HEADLINE_WORDS..=last).filter(|&k| {
        let (before, next) = (words[k - 1].1, words[k].1);
        !before.contains(['\n', '\t'])
            && !next.contains(['\n', '\t'])
            && ends_headline(before, lang)
    });
    let mut repeated: Option<(usize, usize)> = None;
    for k in candidates {
        let (start, next) = words[k];
        let then = words.get(k + 1).map_or("", |w| w.1);
        if opens_lead(next, then, lang, lowercase) {
            return Some(start);
        }
        // A quotation is not a headline.
        let quoted = words[0].1.starts_with(['"', '«', '“', '\'']);
        if !quoted && capitalized(next) && ends_plainly(words[k - 1].1) {
            let shared = shared_stems(&words[..k], &words[k..], lang);
            if shared >= 2 && repeated.is_none_or(|(best, _)| shared >= best) {
                repeated = Some((shared, start));
            }
        }
    }
    repeated.map(|(_, start)| start)
}

/// Words of the lead compared with the headline.
const LEAD_WINDOW: usize = 60;

/// The lead of a news text retells its headline: content words (by their
/// first five letters) of the headline that come back in the lead. Counted
/// only when they are at least half of the headline's content words.
fn shared_stems(head: &[(usize, &str)], lead: &[(usize, &str)], lang: &Lang) -> usize {
    let stems = |words: &[(usize, &str)]| -> HashSet<String> {
        words
            .iter()
            .filter_map(|(_, word)| {
                let letters: String = word
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .flat_map(char::to_lowercase)
                    .collect();
                let long = letters.chars().count() >= 4;
                (long && !function_words(lang).contains(&letters.as_str()))
                    .then(|| letters.chars().take(5).collect())
            })
            .collect()
    };
    let (head, lead) = (stems(head), stems(lead));
    let shared = head.intersection(&lead).count();
    if shared * 2 >= head.len() {
        shared
    } else {
        0
    }
}

/// Capitalized, or all capitals (`VIRGINIA BEACH, Va. --`).
fn capitalized(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_uppercase)
        && word.chars().next().is_some_and(char::is_alphabetic)
}

/// Ends in a lowercase letter or a digit, or a closing quote: not in a name
/// that the next capitalized word would continue (`России Сергей Лавров`).
fn ends_plainly(word: &str) -> bool {
    if word.ends_with(['"', '»', '”']) {
        return true;
    }
    let first = word.chars().next();
    word.chars()
        .last()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        && !first.is_some_and(char::is_uppercase)
}

/// A headline's last word: ends in a letter or digit, or a closing quote or
/// bracket after one; not a function word (`in The Guardian`).
fn ends_headline(word: &str, lang: &Lang) -> bool {
    let core = word.trim_end_matches(['"', '»', '“', '”', '\'', ')']);
    let Some(last) = core.chars().last() else {
        return false;
    };
    if !last.is_alphanumeric() || core.starts_with(['"', '«', '“', '(']) && core.len() == word.len()
    {
        return false;
    }
    let lower = core.to_lowercase();
    !function_words(lang).contains(&lower.as_str())
}

/// The lead's first word: capitalized, and not something a sentence may
/// hold in its middle.
fn opens_lead(word: &str, then: &str, lang: &Lang, lowercase: &HashSet<&str>) -> bool {
    let core = word.trim_end_matches([',', ':', ';']);
    let mut chars = core.chars();
    let (Some(first), rest) = (chars.next(), chars.as_str()) else {
        return false;
    };
    if !first.is_uppercase()
        || rest
            .chars()
            .any(|c| c.is_uppercase() || !c.is_alphabetic() && c != '-')
    {
        return false;
    }
    let lower = core.to_lowercase();
    if function_words(lang).contains(&lower.as_str()) && lower != "i" {
        return true;
    }
    // Russian capitalizes names only: a word also seen in lowercase here is
    // an ordinary word, capitalized because a sentence starts; unless a
    // capitalized word follows, as in `Российской Федерации`, where it opens
    // a many-word name. (English capitalizes titles and more: not used.)
    let name_follows = then.chars().next().is_some_and(char::is_uppercase);
    *lang == Lang::Ru
        && !name_follows
        && rest.chars().count() >= 2
        && lowercase.contains(lower.as_str())
}

fn function_words(lang: &Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ru => &[
            "а",
            "в",
            "во",
            "вчера",
            "для",
            "до",
            "его",
            "ее",
            "её",
            "за",
            "здесь",
            "из",
            "и",
            "как",
            "когда",
            "кроме",
            "к",
            "ко",
            "на",
            "напомним",
            "однако",
            "он",
            "она",
            "они",
            "оно",
            "о",
            "об",
            "от",
            "по",
            "после",
            "при",
            "ранее",
            "с",
            "со",
            "сегодня",
            "так",
            "также",
            "теперь",
            "у",
            "эта",
            "это",
            "этот",
            "эти",
        ],
        Lang::En => &[
            "a",
            "according",
            "after",
            "an",
            "as",
            "at",
            "before",
            "but",
            "by",
            "during",
            "for",
            "from",
            "he",
            "her",
            "his",
            "however",
            "i",
            "in",
            "it",
            "its",
            "on",
            "she",
            "since",
            "the",
            "their",
            "there",
            "these",
            "they",
            "this",
            "those",
            "to",
            "we",
            "when",
            "while",
            "with",
            "of",
            "and",
            "or",
        ],
        Lang::Other(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, lang: Lang) -> Option<(&str, &str)> {
        let lower = lowercase_words(text);
        headline_end(text, &lang, &lower).map(|at| (text[..at].trim_end(), &text[at..]))
    }

    #[test]
    fn russian_headlines() {
        let text = "В двух мексиканских штатах объявили тревогу из-за урагана \"Ханна\" Мексиканское национальное управление гражданской обороны объявило тревогу в двух мексиканских штатах";
        // `мексиканское` is not in lowercase here, but the lead retells the
        // headline (тревогу, мексиканских штатах).
        assert_eq!(
            cut(text, Lang::Ru).map(|c| c.0),
            Some("В двух мексиканских штатах объявили тревогу из-за урагана \"Ханна\"")
        );
        let text = "В Иркутске самолет совершил вынужденную посадку В Иркутске самолет, следовавший рейсом Москва-Улан-Удэ, совершил посадку.";
        assert_eq!(
            cut(text, Lang::Ru),
            Some((
                "В Иркутске самолет совершил вынужденную посадку",
                "В Иркутске самолет, следовавший рейсом Москва-Улан-Удэ, совершил посадку."
            ))
        );
        let text = "Путин рассказал о преимуществах флота Президент заявил, что президент доволен.";
        assert_eq!(
            cut(text, Lang::Ru).map(|c| c.1),
            Some("Президент заявил, что президент доволен.")
        );
    }

    #[test]
    fn english_headlines() {
        let text = "Alarm declared in two Mexican states over Hurricane Hanna The Mexican National Civil Protection has declared an alarm.";
        assert_eq!(
            cut(text, Lang::En).map(|c| c.0),
            Some("Alarm declared in two Mexican states over Hurricane Hanna")
        );
    }

    #[test]
    fn ordinary_sentences_stay_whole() {
        for (text, lang) in [
            (
                "В понедельник глава МИД России Сергей Лавров встретился в Москве с коллегами.",
                Lang::Ru,
            ),
            (
                "Об этом заявил министр Лавров в интервью белорусским СМИ в Минске.",
                Lang::Ru,
            ),
            (
                "The story was first reported in The Guardian on Monday morning.",
                Lang::En,
            ),
            ("He said that I would be there on Monday at noon.", Lang::En),
            (
                "Они посмотрели фильм \"В бой идут одни старики\" вчера вечером дома.",
                Lang::Ru,
            ),
            (
                "Лавров: В июне мы встретимся с ними снова в Минске.",
                Lang::Ru,
            ),
            (
                "Это учения Российской Федерации, и российской армии это известно.",
                Lang::Ru,
            ),
        ] {
            assert_eq!(cut(text, lang), None, "{text}");
        }
    }
}
