//! Two lexicons answering as one: a large one shared by every document (the
//! installed dictionaries, remembering their words) and a small one on top
//! (translations learned from one document pair, or one corpus). Merging
//! them into one table would copy the large one for each document; layered,
//! the large one is only asked, and its remembered words stay shared.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sverka_text::Lang;

use crate::memo::lock_remembered;
use crate::TranslationEvidence;

/// Marks the top lexicon's word ids and keys: the base's stay below it.
const TOP: u32 = 1 << 31;

/// A [`TranslationEvidence`] that answers with `base` and `top` together:
/// a word's keys are its keys in both. The two must stem words alike (a
/// word's stem is its identity in both), as lexicons of one stemmer do.
///
/// ```
/// use std::sync::Arc;
/// use sverka_align::{LayeredLexicon, TranslationEvidence};
/// use sverka_text::Lang;
///
/// /// Knows the words it is given, each word its own key.
/// struct Knows(Vec<&'static str>);
/// impl TranslationEvidence for Knows {
///     fn word_ids(&self, _: &Lang, words: &[&str]) -> Vec<Option<u32>> {
///         words.iter().map(|w| self.0.iter().position(|k| k == w).map(|at| at as u32)).collect()
///     }
///     fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
///         keys.extend_from_slice(ids);
///     }
/// }
///
/// let both = LayeredLexicon::new(Arc::new(Knows(vec!["house"])), Arc::new(Knows(vec!["home", "house"])));
/// let ids = both.word_ids(&Lang::En, &["house", "home", "flat"]);
/// assert!(ids[0].is_some() && ids[1].is_some() && ids[2].is_none());
/// let mut keys = Vec::new();
/// both.keys_of_words(&Lang::En, &[ids[0].unwrap()], &mut keys);
/// assert_eq!(keys.len(), 2); // the base's key and the top's
/// ```
pub struct LayeredLexicon {
    base: Arc<dyn TranslationEvidence>,
    top: Arc<dyn TranslationEvidence>,
    /// Per language, the base's id of each top word met so far (None when
    /// the base does not know the word).
    base_of_top: Mutex<HashMap<Lang, HashMap<u32, Option<u32>>>>,
}

impl LayeredLexicon {
    /// `top` answered on top of `base`.
    pub fn new(
        base: Arc<dyn TranslationEvidence>,
        top: Arc<dyn TranslationEvidence>,
    ) -> LayeredLexicon {
        LayeredLexicon {
            base,
            top,
            base_of_top: Mutex::new(HashMap::new()),
        }
    }
}

impl TranslationEvidence for LayeredLexicon {
    fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
        let mut ids = self.base.word_ids(lang, words);
        let top = self.top.word_ids(lang, words);
        let mut links = lock_remembered(&self.base_of_top);
        let links = links.entry(lang.clone()).or_default();
        for (id, top) in ids.iter_mut().zip(top) {
            // An id past the mark (no real lexicon has 2³¹ stems) keeps the
            // base's answer alone rather than being taken for a top id.
            let Some(top) = top.filter(|&t| t < TOP && id.is_none_or(|b| b < TOP)) else {
                continue;
            };
            links.insert(top, *id);
            *id = Some(TOP | top);
        }
        ids
    }

    fn keys_of_words(&self, lang: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
        let mut base: Vec<u32> = Vec::with_capacity(ids.len());
        let mut top: Vec<u32> = Vec::new();
        {
            let links = lock_remembered(&self.base_of_top);
            let links = links.get(lang);
            for &id in ids {
                if id & TOP == 0 {
                    base.push(id);
                    continue;
                }
                let id = id & !TOP;
                top.push(id);
                if let Some(&Some(linked)) = links.and_then(|l| l.get(&id)) {
                    base.push(linked);
                }
            }
        }
        base.sort_unstable();
        base.dedup();
        self.base.keys_of_words(lang, &base, keys);
        let from = keys.len();
        self.top.keys_of_words(lang, &top, keys);
        // Keys past the mark cannot be told apart: the top drops them.
        let mut at = from;
        for i in from..keys.len() {
            if keys[i] < TOP {
                keys[at] = TOP | keys[i];
                at += 1;
            }
        }
        keys.truncate(at);
    }

    fn thorough(&self) -> bool {
        self.base.thorough() || self.top.thorough()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words by their first letter; keys are ids times ten plus `offset`.
    struct Initials {
        known: &'static str,
        offset: u32,
    }

    impl TranslationEvidence for Initials {
        fn word_ids(&self, _: &Lang, words: &[&str]) -> Vec<Option<u32>> {
            words
                .iter()
                .map(|w| {
                    let c = w.chars().next()?;
                    self.known.contains(c).then_some(c as u32)
                })
                .collect()
        }
        fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
            keys.extend(ids.iter().map(|id| id * 10 + self.offset));
        }
    }

    fn keys(lexicon: &dyn TranslationEvidence, lang: &Lang, words: &[&str]) -> Vec<u32> {
        let mut ids: Vec<u32> = lexicon
            .word_ids(lang, words)
            .into_iter()
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut keys = Vec::new();
        lexicon.keys_of_words(lang, &ids, &mut keys);
        keys.sort_unstable();
        keys
    }

    #[test]
    fn a_word_has_its_keys_in_both_lexicons_and_the_two_never_collide() {
        let base = Arc::new(Initials {
            known: "ab",
            offset: 1,
        });
        let top = Arc::new(Initials {
            known: "bc",
            offset: 1,
        });
        let both = LayeredLexicon::new(base.clone(), top.clone());
        let en = Lang::En;
        // Only the base, only the top, both, neither.
        assert_eq!(
            keys(&both, &en, &["apple"]),
            keys(base.as_ref(), &en, &["apple"])
        );
        let from_top = keys(&both, &en, &["cat"]);
        assert_eq!(from_top, [TOP | ('c' as u32 * 10 + 1)]);
        let from_both = keys(&both, &en, &["bee"]);
        assert_eq!(
            from_both,
            ['b' as u32 * 10 + 1, TOP | ('b' as u32 * 10 + 1)]
        );
        assert!(keys(&both, &en, &["dog"]).is_empty());
        // A sentence's keys are its words' keys together.
        let all = keys(&both, &en, &["apple", "bee", "cat", "dog"]);
        assert_eq!(all.len(), 4);
    }

    #[test]
    fn languages_are_apart() {
        let both = LayeredLexicon::new(
            Arc::new(Initials {
                known: "",
                offset: 0,
            }),
            Arc::new(Initials {
                known: "x",
                offset: 0,
            }),
        );
        let en = both.word_ids(&Lang::En, &["x"]);
        // Asked in English only: in Russian the top id has no base link yet,
        // and its keys are the top's alone, as they are in English.
        let mut keys = Vec::new();
        both.keys_of_words(&Lang::Ru, &[en[0].unwrap()], &mut keys);
        assert_eq!(keys, [TOP | ('x' as u32 * 10)]);
    }
}
