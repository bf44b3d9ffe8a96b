//! Soft boundaries: places inside a sentence where it may end after all,
//! which the segmenter alone cannot decide. A line without final
//! punctuation (a heading, a chat message), a sentence that goes on in
//! lower case after a full stop, a long transcript sentence's clause
//! break, quoted speech after a colon. Each has a prior cost; the aligner
//! cuts a sentence there only when the other text supports the cut by more
//! than that cost (see `sverka_align::align_splitting`).

use std::ops::Range;

use crate::chars::{is_alnum, is_letter, is_lower, is_upper, DOUBLE_QUOTES, SINGLE_QUOTES};
use crate::Lang;

/// A place where a sentence may be cut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoftBoundary {
    /// Byte offset of the first character of the second part (never
    /// whitespace); the whitespace before it goes to neither part.
    pub at: usize,
    /// Prior cost of cutting here, in the aligner's cost units (a 2-1 bead
    /// costs 2.5 over a 1-1): lower is likelier.
    pub cost: f32,
    /// A clause break (a comma, semicolon or dash in a long sentence), not
    /// a place where the sentence looks ended: cut on both texts at once,
    /// it makes rows of clauses, which the aligner avoids.
    pub clause: bool,
}

/// Candidates per sentence at most: the cheapest ones, this many or one
/// per [`WORDS_PER_CANDIDATE`] words if that is more (a run-on sentence of
/// 60 words may hold five sentences). Every candidate makes the aligner's
/// units finer.
pub const MAX_PER_SENTENCE: usize = 4;

/// See [`MAX_PER_SENTENCE`]. Ties go to the earlier candidate, so with
/// one per six words a run-on sentence's last sentences lost their comma
/// breaks (`…черных дыры, все это время…`); one per four took the run-on
/// suite from 0.937 to 0.942 and no suite lost. Fewer words per candidate
/// changed nothing more.
const WORDS_PER_CANDIDATE: usize = 4;

/// Words each part of a clause cut must keep: a clause of one or two words
/// is never a sentence of its own in the other language.
const MIN_CLAUSE_WORDS: usize = 3;

/// Sentences at least this long (words) offer clause breaks: run-on
/// transcript sentences.
const RUN_ON_WORDS: usize = 10;

/// Cost of a line break after terminal punctuation that the segmenter kept
/// inside (the next line starts in lower case).
const LINE_AFTER_STOP: f32 = 0.5;
/// A line without final punctuation followed by a capitalised line: a
/// heading or a message.
const LINE_BEFORE_CAPITAL: f32 = 1.0;
/// A line without final punctuation followed by a lower-case line: a chat
/// message, or a wrapped line.
const LINE_BEFORE_LOWER: f32 = 2.0;
/// Terminal punctuation followed by a lower-case word on the same line
/// (after a word of three letters or more: shorter ones and dotted ones
/// are abbreviations, see [`STOP_AFTER_SHORT_WORD`]). Two sentences glued
/// this way on both sides fit the other side's two about as well as the
/// whole fits the whole (a part has less evidence than a sentence), so
/// the prior decides; at 1.5 such pairs stayed whole rows. At 0.5: chat
/// 0.956 → 0.958 strict F1 (0.799 → 0.814 without a lexicon), mixed
/// 0.974 → 0.975 (0.921 → 0.931), no suite lower; 0 gained 0.001–0.007
/// more on chat, where every such start is a sentence by construction.
const STOP_BEFORE_LOWER: f32 = 0.5;
/// Terminal punctuation followed by a capitalised word that the segmenter
/// kept inside (a line it took for a heading, a rare abbreviation).
const STOP_BEFORE_CAPITAL: f32 = 1.0;
/// The same after a short word (an abbreviation, likelier than a sentence end).
const STOP_AFTER_SHORT_WORD: f32 = 3.0;
/// In the first sentence of a text, a capitalised word (or a number)
/// after a word without punctuation: a title run into the text.
const TITLE_RUN_IN: f32 = 2.5;
/// The same before a Russian name: Russian capitalizes only names and
/// sentence starts, and a name in a first sentence more often goes on it
/// (`ключевой ставки Банк | России`, `вмешательство | Кремля`) than opens
/// the text after a title, which mostly starts with a common word.
const TITLE_BEFORE_NAME: f32 = 3.5;
/// Past the first sentence, a word without punctuation followed by a
/// capitalised word that cannot go on a sentence (a function word, or in
/// Russian a word the text also writes in lowercase): a headline of a list
/// of news items, or a line the layout glued to the next.
const HEADLINE_INSIDE: f32 = 2.5;
/// The same before an English capitalized word (see [`candidates`]).
const HEADLINE_BEFORE_NAME: f32 = 3.5;
/// Words of the first sentence in which a title may end.
const TITLE_WORDS: usize = 20;
/// Words a title has at least.
const MIN_TITLE_WORDS: usize = 2;
/// Title cuts offered at most: the first ones (names further on are
/// likelier names than a title's end).
const MAX_TITLE_CUTS: usize = 6;
/// A semicolon in a long sentence.
const SEMICOLON: f32 = 1.5;
/// A colon before a quotation that opens with a capital letter (`said:
/// "We have…`): quoted speech that many texts and segmentations keep as
/// sentences of their own.
const COLON_QUOTE: f32 = 1.5;
/// A colon before a capitalized word: what follows is often a sentence of
/// its own in the other text (`…технологий для незрячих: Трёхмерная
/// система…` / `…technology. So starting from…`). Names included: the
/// cut is taken only where the other text has two sentences, and leaving
/// names out (a word never seen in lowercase) left out most such starts.
const COLON_CAPITAL: f32 = 2.0;
/// A colon before a lowercase word in a long sentence.
const COLON_CLAUSE: f32 = 2.0;
/// Words before such a colon at least: a speaker's name alone (`Sergey
/// Lavrov: "There are…`) labels the quotation, it is not a sentence.
const MIN_WORDS_BEFORE_QUOTE: usize = 3;
/// A comma or dash before a coordinating word (", and", ", и").
const COMMA_CONJUNCTION: f32 = 2.0;
/// Any other comma in a long sentence.
const COMMA: f32 = 3.5;

/// Coordinating words that often start what could have been a sentence.
const CONJUNCTIONS: &[&str] = &[
    "and",
    "but",
    "so",
    "or",
    "then",
    "yet",
    "because",
    "и",
    "а",
    "но",
    "или",
    "однако",
    "поэтому",
    "потом",
    "затем",
    "ведь",
    "так",
];

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The soft boundaries inside `sentences` (byte ranges of `text`), sorted,
/// at most [`MAX_PER_SENTENCE`] per sentence. `is_lowercase` tells whether
/// the text has a word in lowercase (the document's own lookup, see
/// [`crate::headline::lowercase_words`]), asked only for a Russian title cut.
pub fn candidates(
    text: &str,
    lang: &Lang,
    sentences: &[Range<usize>],
    is_lowercase: &dyn Fn(&str) -> bool,
) -> Vec<SoftBoundary> {
    let mut out = Vec::new();
    let is_name = |word: &str| {
        *lang == Lang::Ru
            && !CAPITALISED_FUNCTION_WORDS.contains(&word)
            && !is_lowercase(word.to_lowercase().as_str())
    };
    // English capitalizes titles of works and names that open with a
    // function word (`reads The Guardian`, `in The Hague`): before a
    // capitalized word the cut costs more (`the economy | The Bank of
    // Russia…` is a headline's end).
    let opens_sentence = |word: &str, then: &str| {
        crate::headline::opens_lead(word, then, lang, is_lowercase).then(|| {
            if *lang == Lang::En && then.starts_with(is_upper) {
                HEADLINE_BEFORE_NAME
            } else {
                HEADLINE_INSIDE
            }
        })
    };
    for (index, span) in sentences.iter().enumerate() {
        let (mut found, words) =
            in_sentence(text, span.clone(), index == 0, &is_name, &opens_sentence);
        let most = MAX_PER_SENTENCE.max(words / WORDS_PER_CANDIDATE);
        if found.len() > most {
            found.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.at.cmp(&b.at)));
            found.truncate(most);
            found.sort_by_key(|b| b.at);
        }
        out.extend(found);
    }
    out
}

/// The candidates of one sentence, in order, and its number of words;
/// `opening`: the text's first sentence, where a title may run in.
/// `is_name`: whether a capitalized word is a name rather than a common
/// word (Russian only).
fn in_sentence(
    text: &str,
    span: Range<usize>,
    opening: bool,
    is_name: &dyn Fn(&str) -> bool,
    opens_sentence: &dyn Fn(&str, &str) -> Option<f32>,
) -> (Vec<SoftBoundary>, usize) {
    let body = &text[span.clone()];
    let words: Vec<Range<usize>> = word_spans(body);
    if words.len() < 2 {
        return (Vec::new(), words.len());
    }
    let long = words.len() >= RUN_ON_WORDS;
    // Past the text's first sentence: word `k` after a word without
    // punctuation (its last character `last`), opening a sentence.
    let glued_headline = |k: usize, last: Option<char>| {
        let glued = !opening
            && k >= MIN_TITLE_WORDS
            && words.len() - k >= MIN_CLAUSE_WORDS
            && last.is_some_and(|c| is_letter(c) || c.is_ascii_digit());
        let then = words.get(k + 1).map_or("", |w| &body[w.clone()]);
        glued.then(|| opens_sentence(&body[words[k].clone()], then))?
    };
    let mut out = Vec::new();
    let mut titles = 0;
    for (k, word) in words.iter().enumerate().skip(1) {
        let gap = &body[words[k - 1].end..word.start];
        let before = &body[words[k - 1].clone()];
        // The word's first letter, past an opening quote, bracket or dash.
        let first = body[word.clone()]
            .chars()
            .find(|c| is_alnum(*c))
            .unwrap_or(' ');
        let last = before.chars().rev().find(|&c| {
            !DOUBLE_QUOTES.contains(&c)
                && !SINGLE_QUOTES.contains(&c)
                && !matches!(c, '"' | '\'' | ')' | ']')
        });
        let mut clause = false;
        let cost = if gap.contains('\n') {
            Some(match last {
                Some(c) if is_terminal(c) => LINE_AFTER_STOP,
                Some(c) if is_letter(c) || c.is_ascii_digit() => {
                    if is_upper(first) {
                        LINE_BEFORE_CAPITAL
                    } else {
                        LINE_BEFORE_LOWER
                    }
                }
                _ => COMMA,
            })
        } else if last.is_some_and(is_terminal) && is_alnum(first) {
            let stem = before.trim_end_matches(|c: char| !is_letter(c));
            let letters = stem.chars().rev().take_while(|c| is_letter(*c)).count();
            Some(if letters <= 2 || stem.contains('.') {
                STOP_AFTER_SHORT_WORD
            } else if is_upper(first) {
                STOP_BEFORE_CAPITAL
            } else {
                STOP_BEFORE_LOWER
            })
        } else if before.ends_with(':')
            && k >= MIN_WORDS_BEFORE_QUOTE
            && opens_quote(&body[word.clone()])
            && is_upper(first)
        {
            Some(COLON_QUOTE)
        } else if before.ends_with(':') && k >= MIN_WORDS_BEFORE_QUOTE && is_upper(first) {
            Some(COLON_CAPITAL)
        } else if opening
            && (MIN_TITLE_WORDS..=TITLE_WORDS).contains(&k)
            && titles < MAX_TITLE_CUTS
            && last.is_some_and(|c| is_letter(c) || c.is_ascii_digit())
            && (is_upper(first) || first.is_ascii_digit())
            && !is_function_word(before)
            && !crate::headline::is_possessive(before)
            && prose_follows(body, &words[k + 1..])
        {
            titles += 1;
            let next = body[word.clone()].trim_matches(|c: char| !is_letter(c));
            Some(if is_upper(first) && is_name(next) {
                TITLE_BEFORE_NAME
            } else {
                TITLE_RUN_IN
            })
        } else if let Some(cost) = glued_headline(k, last) {
            Some(cost)
        } else if long && k >= MIN_CLAUSE_WORDS && words.len() - k >= MIN_CLAUSE_WORDS {
            clause = true;
            clause_cost(before, gap, &body[word.clone()])
        } else {
            None
        };
        if let Some(cost) = cost {
            out.push(SoftBoundary {
                at: span.start + word.start,
                cost,
                clause,
            });
        }
    }
    (out, words.len())
}

/// Whether `word` opens with a quotation mark.
fn opens_quote(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| DOUBLE_QUOTES.contains(&c) || SINGLE_QUOTES.contains(&c) || c == '"')
}

/// Words after a title cut's first word that are looked at for running
/// text: enough to pass a dateline (`VIRGINIA BEACH, Va. -- The city`) or
/// a name of four words (`Hanna | Mexico's National Civil Protection
/// System declared…`; with four, chat 0.956, with five 0.957).
const PROSE_LOOKAHEAD: usize = 5;

/// Whether running text follows a title cut: a lower-case word among the
/// next few. Inside a title-case heading every word is capitalised, and a
/// cut there splits the heading (`Over 50 Employees Test | Coronavirus
/// Positive At Single Bank Branch`), taking its number away from it.
fn prose_follows(body: &str, next: &[Range<usize>]) -> bool {
    next.iter().take(PROSE_LOOKAHEAD).any(|word| {
        body[word.clone()]
            .chars()
            .find(|c| is_alnum(*c))
            .is_some_and(is_lower)
    })
}

/// A short lower-case word (в, на, of, the) that a title does not end
/// with: the capitalised word after it is a name. Title case writes some
/// of them capitalised (`Ready To Conquer Space The Proton…`, `Branch In
/// Tamil Nadu`): those count too.
fn is_function_word(word: &str) -> bool {
    (word.chars().count() <= 3 && word.chars().all(is_lower))
        || CAPITALISED_FUNCTION_WORDS.contains(&word)
        || BEFORE_NUMBERS.contains(&word.to_lowercase().as_str())
}

/// Words that go before a number, which a title does not end with
/// (`Инфицировано более | 15,7 миллиона`, `More than | 15.7 million`).
const BEFORE_NUMBERS: &[&str] = &[
    "than",
    "about",
    "nearly",
    "almost",
    "some",
    "around",
    "approximately",
    "roughly",
    "over",
    "under",
    "более",
    "менее",
    "около",
    "почти",
    "свыше",
    "порядка",
    "примерно",
    "приблизительно",
];

/// Articles, prepositions and conjunctions as title case writes them.
const CAPITALISED_FUNCTION_WORDS: &[&str] = &[
    "The", "A", "An", "Of", "In", "On", "At", "To", "For", "From", "By", "With", "And", "Or",
    "But", "As", "Into", "Over", "About", "В", "На", "И", "С", "К", "По", "О", "У", "За", "Из",
    "От", "До",
];

/// The cost of a clause break between `before` (a word with its trailing
/// punctuation) and `next`, or None when there is no break.
fn clause_cost(before: &str, gap: &str, next: &str) -> Option<f32> {
    // Asked of every word of a long sentence: the next word is looked at
    // only after a comma or dash.
    let conjunction = || {
        let next_word = next.trim_matches(|c: char| !is_letter(c)).to_lowercase();
        CONJUNCTIONS.contains(&next_word.as_str())
    };
    let dash = gap.contains(['–', '—']);
    if before.ends_with(';') {
        Some(SEMICOLON)
    } else if before.ends_with(':') {
        Some(COLON_CLAUSE)
    } else if before.ends_with(',') || dash {
        Some(if conjunction() {
            COMMA_CONJUNCTION
        } else {
            COMMA
        })
    } else {
        None
    }
}

/// Byte spans of the whitespace-separated words of `body`; a dash standing
/// alone between spaces belongs to the gap, not to a word.
pub fn word_spans(body: &str) -> Vec<Range<usize>> {
    // About a word to six bytes of English, fewer of Russian.
    let mut out = Vec::with_capacity(crate::token::room_for(body.len(), 6));
    let mut start = None;
    for (i, c) in body.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..body.len());
    }
    out.retain(|w| body[w.clone()].chars().any(is_alnum));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookup a document gives [`candidates`].
    fn lowercase_in(text: &str) -> impl Fn(&str) -> bool + '_ {
        let words = crate::headline::lowercase_words(text);
        move |word| words.contains(word)
    }

    /// The candidates of `text` taken as one sentence.
    fn in_whole(text: &str, lang: &Lang) -> Vec<SoftBoundary> {
        candidates(
            text,
            lang,
            std::slice::from_ref(&(0..text.len())),
            &lowercase_in(text),
        )
    }

    /// Where [`in_whole`]'s candidates start (`width` characters)
    /// and their costs.
    fn starts(text: &str, lang: &Lang, width: usize) -> Vec<(String, f32)> {
        in_whole(text, lang)
            .into_iter()
            .map(|b| (text[b.at..].chars().take(width).collect(), b.cost))
            .collect()
    }

    fn cuts(text: &str) -> Vec<(String, f32)> {
        starts(text, &Lang::En, 6)
    }

    #[test]
    fn a_colon_before_a_capital_or_in_a_long_sentence_is_a_candidate() {
        // What follows the colon is a sentence of its own in many
        // translations (`…for the blind: Three-dimensional sound…`).
        assert!(
            cuts("We built many tools for the blind: Sound maps came first.")
                .contains(&("Sound ".to_string(), COLON_CAPITAL))
        );
        // Lowercase after it: a clause break, offered in a long sentence.
        let long = "All the data I have shown you says one thing: on average, the wellbeing \
                    of our societies no longer depends on income.";
        assert!(cuts(long).contains(&("on ave".to_string(), COLON_CLAUSE)));
        // A short label before the colon is not a sentence.
        assert!(cuts("Note: Sound maps came first.").is_empty());
    }

    #[test]
    fn a_russian_title_cut_costs_more_before_a_name_and_none_before_a_number() {
        let found = |text: &str| starts(text, &Lang::Ru, 4);
        // `Рост` is a common word: the text has it in lowercase.
        let common = found(
            "Цены на жильё выросли Рост цен составил более 15 процентов за год. Такой рост ждали.",
        );
        assert!(
            common.contains(&("Рост".to_string(), TITLE_RUN_IN)),
            "{common:?}"
        );
        // A title does not end with `более`.
        assert!(
            !common.iter().any(|(w, _)| w.starts_with("15")),
            "{common:?}"
        );
        // `Москва` is a name: Russian writes it capitalized everywhere.
        let name = found("Цены на жильё выросли Москва остаётся самым дорогим городом страны.");
        assert!(
            name.contains(&("Моск".to_string(), TITLE_BEFORE_NAME)),
            "{name:?}"
        );
    }

    #[test]
    fn headings_messages_and_lower_case_starts_are_candidates() {
        assert_eq!(
            cuts("It is wrong. \"first of all, no\""),
            [("\"first".to_string(), STOP_BEFORE_LOWER)]
        );
        assert_eq!(
            cuts("Silence in the castle\nThe guards left at noon."),
            [("The gu".to_string(), LINE_BEFORE_CAPITAL)]
        );
        assert_eq!(
            cuts("are you coming? i am at the station now"),
            [("i am a".to_string(), STOP_BEFORE_LOWER)]
        );
        assert_eq!(
            cuts("We are done here. then we went home"),
            [("then w".to_string(), STOP_BEFORE_LOWER)]
        );
    }

    #[test]
    fn quoted_speech_after_a_colon_is_a_candidate() {
        let found = cuts("the health director said: \"We have outbreaks. It could be a wave.\"");
        assert!(
            found.contains(&("\"We ha".to_string(), COLON_QUOTE)),
            "{found:?}"
        );
        let found = cuts("директор центра заявила: «Сейчас возникают очаги вируса».");
        assert!(
            found.contains(&("«Сейча".to_string(), COLON_QUOTE)),
            "{found:?}"
        );
        // Not before a lower-case quotation, nor without a quotation mark,
        // nor after fewer than three words.
        for text in [
            "the health director wrote: «как обычно» and left",
            "the rule of the house says: you must stop here now",
            "he said: \"We have outbreaks.\"",
        ] {
            assert!(cuts(text).iter().all(|c| c.1 != COLON_QUOTE), "{text}");
        }
    }

    #[test]
    fn a_title_run_into_the_first_sentence_and_numbers_after_a_stop() {
        let text =
            "Dynamo will let Panchenko leave Forward Kirill Panchenko is off. 30 goals in all.";
        let found: Vec<(&str, f32)> = candidates(
            text,
            &Lang::En,
            &[0..65, 66..text.len()],
            &lowercase_in(text),
        )
        .into_iter()
        .map(|b| (&text[b.at..b.at + 3], b.cost))
        .collect();
        assert!(found.contains(&("For", TITLE_RUN_IN)), "{found:?}");
        // A capitalised word after "in" is a name, not the text after a title.
        let title = "Work week in St. Petersburg starts";
        assert!(!in_whole(title, &Lang::En)
            .iter()
            .any(|b| title[b.at..].starts_with("St.")));
        assert!(!found.iter().any(|(w, _)| *w == "30 "), "{found:?}");
        // Title case writes articles capitalised: a title does not end
        // with "The", so the cut is before it, not after.
        let title = "Proton Is Ready To Conquer Space The Proton-M rocket stands on the pad.";
        let starts: Vec<&str> = in_whole(title, &Lang::En)
            .into_iter()
            .map(|b| &title[b.at..b.at + 5])
            .collect();
        assert!(starts.contains(&"The P"), "{starts:?}");
        assert!(!starts.contains(&"Proto"), "{starts:?}");
        assert!(!starts.contains(&"Conqu"), "{starts:?}");
        assert_eq!(
            cuts("He left early. 30 people stayed on."),
            [("30 peo".to_string(), STOP_BEFORE_LOWER)]
        );
    }

    #[test]
    fn a_title_case_heading_is_cut_only_where_running_text_follows() {
        let starts = |text: &str, first: Range<usize>| -> Vec<String> {
            candidates(text, &Lang::En, &[first], &lowercase_in(text))
                .into_iter()
                .map(|b| text[b.at..].chars().take(5).collect())
                .collect()
        };
        // Every word capitalised up to the line's end: no cut inside.
        let heading = "Over 50 Employees Test Coronavirus Positive At Single Bank Branch\n\
                       At least 38 employees have tested positive.";
        assert_eq!(starts(heading, 0..65), Vec::<String>::new());
        // Glued to its text, the heading ends where running text follows.
        let glued = "Over 50 Employees Test Coronavirus Positive At Single Bank Branch \
                     At least 38 employees have tested positive.";
        assert!(starts(glued, 0..glued.len()).contains(&"At le".to_string()));
    }

    /// The candidates (first `width` characters, cost) of a text's second
    /// sentence, which starts after its first ". ".
    fn starts_after_first(text: &str, lang: &Lang, width: usize) -> Vec<(String, f32)> {
        let second = text.find(". ").expect("two sentences") + 2;
        let sentences = [0..second - 1, second..text.len()];
        candidates(text, lang, &sentences, &lowercase_in(text))
            .into_iter()
            .map(|b| (text[b.at..].chars().take(width).collect(), b.cost))
            .collect()
    }

    #[test]
    fn a_headline_glued_to_the_next_sentence_further_on_is_a_candidate() {
        // Two news items glued into one sentence after the text's first.
        let text = "Новости дня. 18 детей погибли с начала лета в Волгоградской области \
                    В Волгоградской области бесследно пропал пенсионер.";
        assert_eq!(
            starts_after_first(text, &Lang::Ru, 7),
            vec![("В Волго".to_string(), HEADLINE_INSIDE)]
        );
        // In English a function word before a capitalized word may open a
        // name or a title: the cut costs more there.
        let text = "Markets today. How the decision will affect the economy The Bank of Russia \
                    is expected to cut the rate again.";
        assert_eq!(
            starts_after_first(text, &Lang::En, 8),
            vec![("The Bank".to_string(), HEADLINE_BEFORE_NAME)]
        );
        // After punctuation a capitalized word is no headline's end.
        let text = "Markets today. He said, The end is near and we know it.";
        assert!(starts_after_first(text, &Lang::En, 5).is_empty());
    }

    #[test]
    fn a_title_does_not_end_on_a_possessive() {
        let text = "An alarm was raised in two Mexican states due to Hurricane Hanna \
                    Mexico's National Civil Protection System declared an orange alert.";
        let found: Vec<String> = starts(text, &Lang::En, 10)
            .into_iter()
            .map(|(start, _)| start)
            .collect();
        assert!(found.contains(&"Mexico's N".to_string()), "{found:?}");
        assert!(!found.contains(&"National C".to_string()), "{found:?}");
    }

    #[test]
    fn a_run_on_sentence_keeps_candidates_to_its_end() {
        // 28 words and six comma breaks: the last two, after two
        // sentences' worth of words, are offered too.
        let text = "и здесь мы упорно проводим эти эксперименты, делаем расчеты, пишем \
                    программы, а представьте — миллиард лет назад столкнулись две черных \
                    дыры, все это время, их песня звучит в космосе.";
        let cuts: Vec<String> = starts(text, &Lang::Ru, 5)
            .into_iter()
            .map(|(start, _)| start)
            .collect();
        assert!(cuts.contains(&"все э".to_string()), "{cuts:?}");
        assert!(cuts.contains(&"их пе".to_string()), "{cuts:?}");
    }

    #[test]
    fn long_sentences_offer_clause_breaks_and_short_ones_do_not() {
        let long = "The committee met on Monday to discuss the budget, and the members \
                    agreed that the schools needed more money; the mayor, however, refused";
        let found = cuts(long);
        assert!(
            found.contains(&("and th".to_string(), COMMA_CONJUNCTION)),
            "{found:?}"
        );
        assert!(
            found.contains(&("the ma".to_string(), SEMICOLON)),
            "{found:?}"
        );
        assert_eq!(cuts("Well, I think so, and she agreed."), []);
    }

    #[test]
    fn at_most_a_few_per_sentence_and_never_at_whitespace() {
        let text = "a, b c d, e f g, h i j, k l m, n o p, q r s, t u v, w x y, z a b, c d e.";
        let found = in_whole(text, &Lang::En);
        assert!((MAX_PER_SENTENCE..=36 / WORDS_PER_CANDIDATE).contains(&found.len()));
        for b in found {
            assert!(!text[b.at..].starts_with(char::is_whitespace));
        }
    }
}
