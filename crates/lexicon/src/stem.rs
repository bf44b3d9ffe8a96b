//! Stems and stopwords: inflected forms of a word meet in one stem
//! (`войны`, `войной` → `войн`), and function words, which every sentence
//! has, are left out of the lexicon.

use rust_stemmers::{Algorithm, Stemmer};
use sverka_text::chars::is_letter;
use sverka_text::Lang;

/// Stems words of one language. Languages without a Snowball stemmer keep
/// words as they are.
pub struct WordStemmer {
    stemmer: Option<Stemmer>,
    stopwords: &'static [&'static str],
}

impl WordStemmer {
    /// A stemmer for `lang`.
    pub fn new(lang: &Lang) -> WordStemmer {
        WordStemmer {
            stemmer: algorithm(lang).map(Stemmer::create),
            stopwords: stopwords(lang),
        }
    }

    /// The stem of a word in matching form, or None for words that carry no
    /// translation evidence: function words, single letters, words with
    /// digits or other non-letters.
    pub fn stem(&self, word: &str) -> Option<String> {
        let letters = word.chars().filter(|&c| is_letter(c)).count();
        if letters < 2 || word.chars().any(|c| !is_letter(c) && c != '-' && c != '\'') {
            return None;
        }
        if self.stopwords.binary_search(&word).is_ok() {
            return None;
        }
        Some(match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_string(),
        })
    }
}

fn algorithm(lang: &Lang) -> Option<Algorithm> {
    Some(match lang.code() {
        "ru" => Algorithm::Russian,
        "en" => Algorithm::English,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "no" | "nb" => Algorithm::Norwegian,
        "da" => Algorithm::Danish,
        "fi" => Algorithm::Finnish,
        "hu" => Algorithm::Hungarian,
        "ro" => Algorithm::Romanian,
        "tr" => Algorithm::Turkish,
        "el" => Algorithm::Greek,
        "ar" => Algorithm::Arabic,
        "ta" => Algorithm::Tamil,
        _ => return None,
    })
}

/// Function words, sorted for binary search. Other languages rely on the
/// frequency cut of learning instead.
fn stopwords(lang: &Lang) -> &'static [&'static str] {
    match lang {
        Lang::Ru => RU_STOPWORDS,
        Lang::En => EN_STOPWORDS,
        Lang::Other(_) => &[],
    }
}

const EN_STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

const RU_STOPWORDS: &[&str] = &[
    "а",
    "без",
    "более",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "весь",
    "во",
    "вот",
    "все",
    "всего",
    "всех",
    "вы",
    "где",
    "да",
    "даже",
    "для",
    "до",
    "его",
    "ее",
    "ей",
    "ему",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "когда",
    "кто",
    "ли",
    "либо",
    "мне",
    "может",
    "мы",
    "на",
    "над",
    "нам",
    "нас",
    "не",
    "него",
    "нее",
    "нет",
    "ни",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "по",
    "под",
    "при",
    "с",
    "со",
    "так",
    "также",
    "такой",
    "там",
    "те",
    "тем",
    "то",
    "того",
    "тоже",
    "той",
    "только",
    "том",
    "ты",
    "у",
    "уже",
    "чем",
    "что",
    "чтобы",
    "эта",
    "эти",
    "это",
    "этого",
    "этой",
    "этом",
    "этот",
    "я",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_lists_are_sorted_for_binary_search() {
        for list in [EN_STOPWORDS, RU_STOPWORDS] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }

    #[test]
    fn inflected_forms_meet() {
        let ru = WordStemmer::new(&Lang::Ru);
        assert_eq!(ru.stem("войны"), ru.stem("войной"));
        assert_eq!(ru.stem("переговоры"), ru.stem("переговоров"));
        assert_eq!(ru.stem("и"), None);
        let en = WordStemmer::new(&Lang::En);
        assert_eq!(en.stem("negotiations"), en.stem("negotiation"));
        assert_eq!(en.stem("the"), None);
        assert_eq!(en.stem("2017"), None);
        assert_eq!(en.stem("x"), None);
    }

    #[test]
    fn languages_without_a_stemmer_keep_words() {
        let other = WordStemmer::new(&Lang::Other("xx".into()));
        assert_eq!(other.stem("wörter").as_deref(), Some("wörter"));
    }
}
