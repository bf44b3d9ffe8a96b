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

use crate::chars::{is_alnum, is_letter, is_lower, is_upper};
use crate::hash::TextSet;
use crate::{Document, Lang};

/// Least words of a headline.
const MIN_HEADLINE_WORDS: usize = 3;
/// Most words of a headline.
const MAX_HEADLINE_WORDS: usize = 30;
/// Least words of the lead after it.
const MIN_LEAD_WORDS: usize = 4;

/// Lowercase words of a text (letters only), for telling names from words
/// that are capitalized only because they open a sentence.
pub fn lowercase_words(text: &str) -> TextSet<&str> {
    lowercase_word_occurrences(text).collect()
}

/// The words of [`lowercase_words`] as they occur, repeats included.
pub fn lowercase_word_occurrences(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_letter(c) && c != '-')
        .filter(|w| !w.is_empty() && w.chars().all(|c| !is_upper(c)))
}

/// Where the lead starts, if `sentence` opens with a headline (a byte offset
/// into `sentence`).
///
/// `lowercase` tells whether a word occurs in lowercase in the text (see
/// [`lowercase_words`]); it is asked only when a rule needs it.
pub fn headline_end(
    sentence: &str,
    lang: &Lang,
    lowercase: &dyn Fn(&str) -> bool,
) -> Option<usize> {
    if !matches!(lang, Lang::Ru | Lang::En) {
        return None;
    }
    // A headline and the start of its lead are all that is looked at, so a
    // huge first sentence costs no more than a short one.
    let words = words_of(sentence);
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
    // The best cut retells much of its headline, and many words of it: a
    // later cut drags lead words into the headline (a smaller share), an
    // earlier one leaves headline words at the lead's start, which retells
    // the few words before it (`Эксперты из США назвали | Помпео худшим
    // госсекретарем …`: all of two words). Shared words times the share
    // weighs both; more shared words break ties.
    let mut repeated: Option<(f64, usize, usize)> = None;
    // Each word's content stem, read once for all the cuts tried.
    let mut stems: Option<Vec<Option<String>>> = None;
    for k in candidates {
        let (start, next) = words[k];
        let then = words.get(k + 1).map_or("", |w| w.1);
        if opens_lead(next, then, lang, lowercase) {
            return Some(start);
        }
        // A quotation is not a headline.
        let quoted = words[0].1.starts_with(['"', '«', '“', '\'']);
        if !quoted && capitalized(next) && ends_plainly(words[k - 1].1) {
            let stems = stems.get_or_insert_with(|| {
                words
                    .iter()
                    .map(|(_, word)| content_stem(word, lang))
                    .collect()
            });
            let (shared, head_words) = retold_counts(&stems[..k], &stems[k..]);
            let share = shared as f64 / head_words.max(1) as f64;
            let score = shared as f64 * share;
            let better = repeated.is_none_or(|(best_score, best, _)| {
                score > best_score || score == best_score && shared >= best
            });
            if shared >= 2 && share >= 0.5 && better {
                repeated = Some((score, shared, start));
            }
        }
    }
    repeated.map(|(_, _, start)| start)
}

/// Words of the lead compared with the headline.
const LEAD_WINDOW: usize = 60;

/// Content words of the headline that the lead retells.
fn retold(head: &[(usize, &str)], lead: &[(usize, &str)], lang: &Lang) -> usize {
    let stems = |words: &[(usize, &str)]| -> Vec<Option<String>> {
        words
            .iter()
            .map(|(_, word)| content_stem(word, lang))
            .collect()
    };
    retold_counts(&stems(head), &stems(lead)).0
}

/// A content word's first five letters, lowercased; None for a function
/// word or a word of fewer than four letters.
fn content_stem(word: &str, lang: &Lang) -> Option<String> {
    // Letters only; `из-за` is a preposition, not a content word.
    // Room for the whole word: collected, the string grew letter by letter.
    let mut letters = String::with_capacity(word.len());
    letters.extend(
        word.chars()
            .filter(|&c| is_letter(c) || c == '-')
            .flat_map(char::to_lowercase),
    );
    let letters = letters.trim_matches('-');
    let long = letters.chars().count() >= 4;
    (long && !function_words(lang).contains(&letters)).then(|| {
        // The first five letters, copied at once.
        let end = letters
            .char_indices()
            .nth(5)
            .map_or(letters.len(), |(at, _)| at);
        letters[..end].to_string()
    })
}

/// Shared content words (by their [`content_stem`]s), and the headline's
/// content words: the lead of a news text retells its headline, an ordinary
/// sentence seldom repeats its own words.
fn retold_counts(head: &[Option<String>], lead: &[Option<String>]) -> (usize, usize) {
    fn distinct(stems: &[Option<String>]) -> HashSet<&str> {
        let mut set = HashSet::with_capacity(stems.len());
        set.extend(stems.iter().flatten().map(String::as_str));
        set
    }
    let (head, lead) = (distinct(head), distinct(lead));
    (head.intersection(&lead).count(), head.len())
}

/// Capitalized, or all capitals (`VIRGINIA BEACH, Va. --`).
fn capitalized(word: &str) -> bool {
    word.chars().find(|c| is_alnum(*c)).is_some_and(is_upper)
        && word.chars().next().is_some_and(is_letter)
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
        .is_some_and(|c| is_lower(c) || c.is_ascii_digit())
        && !first.is_some_and(is_upper)
}

/// Cuts the headline off the first sentence of one or both documents of a
/// translation pair, where the rules of [`headline_end`] alone were not
/// sure. Both texts open with the same headline; so when one of them has a
/// headline of its own (a first sentence without a full stop) and the other
/// opens with a long sentence, the other is cut where its first part is as
/// long as that headline (by the pair's length ratio); and when both open
/// with a long sentence, both are cut where the two parts match in length
/// and the leads retell the headlines. Returns whether anything was cut.
///
/// Documents whose every paragraph is one sentence (pre-segmented input)
/// are left alone.
pub fn split_pair(a: &mut Document, b: &mut Document) -> bool {
    let (Some(a_first), Some(b_first)) = (FirstSentence::of(a), FirstSentence::of(b)) else {
        return false;
    };
    let ratio = (b.text.len() as f64 + 1.0).ln() - (a.text.len() as f64 + 1.0).ln();
    let fits = |head_a: usize, head_b: usize| {
        ((head_b as f64 + 10.0).ln() - (head_a as f64 + 10.0).ln() - ratio).abs()
    };
    match (a_first.headline, b_first.headline) {
        (true, true) => false,
        (true, false) => {
            let expected = a_first.len as f64 * ratio.exp();
            split_to_match(b, &b_first, expected, |h| fits(a_first.len, h))
        }
        (false, true) => {
            let expected = b_first.len as f64 / ratio.exp();
            split_to_match(a, &a_first, expected, |h| fits(h, b_first.len))
        }
        (false, false) => {
            let mut best: Option<(f64, usize, usize)> = None;
            for ca in &a_first.candidates {
                for cb in &b_first.candidates {
                    let retold = ca.retold + cb.retold;
                    let misfit = fits(ca.head_len, cb.head_len)
                        + fits(a_first.len - ca.head_len, b_first.len - cb.head_len);
                    if retold >= 2 && ca.retold >= 1 && cb.retold >= 1 && misfit < 0.5 {
                        let score = retold as f64 - misfit;
                        if best.is_none_or(|(s, _, _)| score > s) {
                            best = Some((score, ca.at, cb.at));
                        }
                    }
                }
            }
            match best {
                Some((_, at_a, at_b)) => a.split_sentence(0, at_a) && b.split_sentence(0, at_b),
                None => false,
            }
        }
    }
}

/// Cuts `first` where its headline part best matches the other side's
/// headline, expected to be `expected` bytes long here.
fn split_to_match(
    doc: &mut Document,
    first: &FirstSentence,
    expected: f64,
    misfit: impl Fn(usize) -> f64,
) -> bool {
    // The long side must be clearly longer than a headline to hold one.
    if (first.len as f64) < 1.5 * expected {
        return false;
    }
    let best = first
        .candidates
        .iter()
        .map(|c| (misfit(c.head_len), c))
        .filter(|(m, c)| *m < 0.35 && c.retold >= 1)
        .min_by(|x, y| x.0.total_cmp(&y.0));
    match best {
        Some((_, c)) => doc.split_sentence(0, c.at),
        None => false,
    }
}

/// The first sentence of a document, and where a headline could end in it.
struct FirstSentence {
    /// Length in bytes.
    len: usize,
    /// Is a headline of its own: short, and ends without a full stop.
    headline: bool,
    candidates: Vec<Candidate>,
}

struct Candidate {
    /// Byte offset in the document's text.
    at: usize,
    /// Bytes of the headline part.
    head_len: usize,
    /// Content words of the headline the lead retells.
    retold: usize,
}

impl FirstSentence {
    fn of(doc: &Document) -> Option<FirstSentence> {
        if doc.paragraphs.len() == doc.sentences.len() || !matches!(doc.lang, Lang::Ru | Lang::En) {
            return None;
        }
        let sentence = doc.sentences.first()?;
        if sentence.heading {
            return None;
        }
        let text = doc.sentence_text(sentence);
        let words = words_of(text);
        let headline = !crate::structure::ends_like_sentence(text)
            && words.len() <= MAX_HEADLINE_WORDS
            && words.len() >= MIN_HEADLINE_WORDS;
        let mut candidates = Vec::new();
        if words.len() >= MIN_HEADLINE_WORDS + MIN_LEAD_WORDS {
            let last = (words.len() - MIN_LEAD_WORDS).min(MAX_HEADLINE_WORDS);
            for k in MIN_HEADLINE_WORDS..=last {
                let (before, (start, next)) = (words[k - 1].1, words[k]);
                let opens = capitalized(next) || next.starts_with(|c: char| c.is_ascii_digit());
                if before.contains(['\n', '\t'])
                    || !opens
                    || !ends_headline(before, &doc.lang)
                    || before.ends_with([',', ':', ';'])
                {
                    continue;
                }
                candidates.push(Candidate {
                    at: sentence.span.start + start,
                    head_len: text[..start].trim_end().len(),
                    retold: retold(&words[..k], &words[k..], &doc.lang),
                });
            }
        }
        Some(FirstSentence {
            len: text.len(),
            headline,
            candidates,
        })
    }
}

/// Words with their byte offsets, at most as many as a headline and the
/// start of a lead need.
fn words_of(sentence: &str) -> Vec<(usize, &str)> {
    sentence
        .split(' ')
        .scan(0usize, |at, piece| {
            let start = *at;
            *at += piece.len() + 1;
            Some((start, piece))
        })
        .filter(|(_, piece)| !piece.is_empty())
        .take(MAX_HEADLINE_WORDS + LEAD_WINDOW)
        .collect()
}

/// A headline's last word: ends in a letter or digit, or a closing quote or
/// bracket after one; not a function word (`in The Guardian`).
fn ends_headline(word: &str, lang: &Lang) -> bool {
    let core = word.trim_end_matches(['"', '»', '“', '”', '\'', ')']);
    let Some(last) = core.chars().last() else {
        return false;
    };
    if !is_alnum(last) || core.starts_with(['"', '«', '“', '(']) && core.len() == word.len() {
        return false;
    }
    let lower = core.to_lowercase();
    !function_words(lang).contains(&lower.as_str()) && !is_possessive(core)
}

/// An English possessive (`Mexico's`, `fleet’s`): the noun it belongs to
/// follows, so no headline or sentence ends there.
pub(crate) fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// The lead's first word: capitalized, and not something a sentence may
/// hold in its middle.
pub(crate) fn opens_lead(
    word: &str,
    then: &str,
    lang: &Lang,
    lowercase: &dyn Fn(&str) -> bool,
) -> bool {
    let core = word.trim_end_matches([',', ':', ';']);
    let mut chars = core.chars();
    let (Some(first), rest) = (chars.next(), chars.as_str()) else {
        return false;
    };
    if !is_upper(first)
        || rest
            .chars()
            .any(|c| is_upper(c) || !is_letter(c) && c != '-')
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
    let name_follows = then.chars().next().is_some_and(is_upper);
    *lang == Lang::Ru && !name_follows && rest.chars().count() >= 2 && lowercase(lower.as_str())
}

fn function_words(lang: &Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ru => &[
            "а",
            "из-за",
            "из-под",
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
            "many",
            "on",
            "she",
            "since",
            "several",
            "some",
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
        headline_end(text, &lang, &|w| lower.contains(w))
            .map(|at| (text[..at].trim_end(), &text[at..]))
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
    fn a_cut_that_leaves_headline_words_at_the_leads_start_is_not_taken() {
        // Cut after `назвали`, the lead retells both words of the headline
        // before it; after `страны`, seven of eight: the larger retelling.
        let text = "Аналитики из Германии назвали Шольца слабым канцлером в истории страны \
                    Аналитики по европейской политике Ханс Мюллер и Петер Шмидт назвали Олафа \
                    Шольца слабым канцлером в истории Германии.";
        assert_eq!(
            cut(text, Lang::Ru).map(|c| c.0),
            Some("Аналитики из Германии назвали Шольца слабым канцлером в истории страны")
        );
    }

    #[test]
    fn english_headlines() {
        let text = "Alarm declared in two Mexican states over Hurricane Hanna The Mexican National Civil Protection has declared an alarm.";
        assert_eq!(
            cut(text, Lang::En).map(|c| c.0),
            Some("Alarm declared in two Mexican states over Hurricane Hanna")
        );
        // A quantifier opens the lead, even after a name; the lead's retelling
        // alone would cut after its number (`… in Warsaw Some 1500 | Warsaw
        // residents …`).
        let text = "1500 people evacuated due to a bomb in Warsaw Some 1500 Warsaw residents are being evacuated due to a bomb.";
        assert_eq!(
            cut(text, Lang::En).map(|c| c.1),
            Some("Some 1500 Warsaw residents are being evacuated due to a bomb.")
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

#[cfg(test)]
mod pair_tests {
    use super::*;

    fn first_two(doc: &Document) -> Vec<&str> {
        doc.sentences
            .iter()
            .take(2)
            .map(|s| doc.sentence_text(s))
            .collect()
    }

    #[test]
    fn the_side_with_a_headline_shows_where_the_other_is_cut() {
        // Russian: the headline ends in a function-word cue; English: a name
        // runs on into the lead, which no single-text rule may cut.
        let ru = "Ураган Ханна обрушился на два мексиканских штата В двух восточных штатах Мексики объявлен оранжевый уровень тревоги из-за урагана Ханна. Ожидаются сильные ливни.";
        let en = "Storm hits two Mexican provinces Mexico's civil protection agency declared an orange alert in the east due to Hurricane Hanna. Heavy rain is expected.";
        let mut a = Document::from_text(ru.into(), Lang::Ru);
        let mut b = Document::from_text(en.into(), Lang::En);
        assert_eq!(
            first_two(&a)[0],
            "Ураган Ханна обрушился на два мексиканских штата"
        );
        assert!(first_two(&b)[0].ends_with("Hurricane Hanna."));
        assert!(split_pair(&mut a, &mut b));
        assert_eq!(
            first_two(&b),
            [
                "Storm hits two Mexican provinces",
                "Mexico's civil protection agency declared an orange alert in the east due to Hurricane Hanna."
            ]
        );
        // Done once: a second call finds both headlines cut.
        assert!(!split_pair(&mut a, &mut b));
    }

    #[test]
    fn ordinary_openings_and_presegmented_text_are_left_alone() {
        let ru = "Министр иностранных дел России Сергей Лавров провел переговоры в Минске. Стороны обсудили учения.";
        let en = "Russian Foreign Minister Sergey Lavrov held talks in Minsk. The sides discussed the exercises.";
        let mut a = Document::from_text(ru.into(), Lang::Ru);
        let mut b = Document::from_text(en.into(), Lang::En);
        assert!(!split_pair(&mut a, &mut b));
        let mut a = Document::presegmented("Ураган Ханна обрушился на штаты Мексики В штатах объявлена тревога из-за урагана Ханна".into(), Lang::Ru);
        let mut b = Document::presegmented(
            "Hurricane Hanna hits Mexico Mexico declared an alert in states due to Hurricane Hanna"
                .into(),
            Lang::En,
        );
        assert!(!split_pair(&mut a, &mut b));
        assert_eq!(a.sentences.len(), 1);
    }
}
