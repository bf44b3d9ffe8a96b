//! A lexicon that remembers the words it has looked up: stemming a word and
//! finding its stem is most of what a lexicon costs per document, and the
//! documents of a batch (and the extractions of one document with its
//! sentences cut at soft boundaries) meet the same words again and again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use sverka_text::hash::TextMap;
use sverka_text::Lang;

use crate::TranslationEvidence;

/// Distinct words remembered per language; past it new words are looked
/// up without being remembered (a vocabulary that large is a corpus of
/// many languages' noise, not words that will come back).
const MOST_WORDS: usize = 1 << 20;

/// A [`TranslationEvidence`] in front of another, remembering each word's
/// id. It answers exactly as the lexicon behind it does.
///
/// ```
/// use std::sync::Arc;
/// use sverka_align::{MemoizedLexicon, TranslationEvidence};
/// use sverka_text::Lang;
///
/// struct Letters;
/// impl TranslationEvidence for Letters {
///     fn word_ids(&self, _: &Lang, words: &[&str]) -> Vec<Option<u32>> {
///         words.iter().map(|w| w.chars().next().map(|c| c as u32)).collect()
///     }
///     fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
///         keys.extend_from_slice(ids);
///     }
/// }
/// let memo = MemoizedLexicon::new(Arc::new(Letters));
/// assert_eq!(memo.word_ids(&Lang::En, &["ab", "", "ab"]), [Some(97), None, Some(97)]);
/// ```
pub struct MemoizedLexicon {
    inner: Arc<dyn TranslationEvidence>,
    known: Mutex<HashMap<Lang, TextMap<String, Option<u32>>>>,
}

impl MemoizedLexicon {
    /// Remembers what `inner` says about words.
    pub fn new(inner: Arc<dyn TranslationEvidence>) -> MemoizedLexicon {
        MemoizedLexicon {
            inner,
            known: Mutex::new(HashMap::new()),
        }
    }
}

/// The answers a lexicon wrapper remembers, locked. A thread that panicked
/// holding the lock left only answers the lexicon gave, which are still
/// right: the poison is ignored rather than passed on to every document.
pub(crate) fn lock_remembered<T>(remembered: &Mutex<T>) -> MutexGuard<'_, T> {
    remembered
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl TranslationEvidence for MemoizedLexicon {
    fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
        let mut ids = vec![None; words.len()];
        let mut unknown: Vec<usize> = Vec::new();
        {
            let known = lock_remembered(&self.known);
            let of_lang = known.get(lang);
            for (at, word) in words.iter().enumerate() {
                match of_lang.and_then(|m| m.get(*word)) {
                    Some(&id) => ids[at] = id,
                    None => unknown.push(at),
                }
            }
        }
        if unknown.is_empty() {
            return ids;
        }
        // Looked up without the lock held: the other threads go on.
        let asked: Vec<&str> = unknown.iter().map(|&at| words[at]).collect();
        let found = self.inner.word_ids(lang, &asked);
        let mut known = lock_remembered(&self.known);
        let of_lang = known.entry(lang.clone()).or_default();
        for (&at, id) in unknown.iter().zip(found) {
            ids[at] = id;
            if of_lang.len() < MOST_WORDS {
                of_lang.insert(words[at].to_string(), id);
            }
        }
        ids
    }

    fn keys_of_words(&self, lang: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
        self.inner.keys_of_words(lang, ids, keys);
    }

    fn thorough(&self) -> bool {
        self.inner.thorough()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the words it is asked about.
    struct Counting(Mutex<usize>);

    impl TranslationEvidence for Counting {
        fn word_ids(&self, _: &Lang, words: &[&str]) -> Vec<Option<u32>> {
            *self.0.lock().unwrap() += words.len();
            words
                .iter()
                .map(|w| (w.len() > 2).then_some(w.len() as u32))
                .collect()
        }
        fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
            keys.extend(ids.iter().map(|id| id * 10));
        }
    }

    #[test]
    fn answers_as_the_lexicon_behind_it_asking_each_word_once() {
        let inner = Arc::new(Counting(Mutex::new(0)));
        let memo = MemoizedLexicon::new(inner.clone());
        let words = ["the", "of", "minister", "the"];
        let direct = inner.word_ids(&Lang::En, &words);
        *inner.0.lock().unwrap() = 0;
        assert_eq!(memo.word_ids(&Lang::En, &words), direct);
        assert_eq!(memo.word_ids(&Lang::En, &words), direct);
        // Once each on the first call (the repeat inside it included), never after.
        assert_eq!(*inner.0.lock().unwrap(), 4);
        // Languages are apart.
        memo.word_ids(&Lang::Ru, &["the"]);
        assert_eq!(*inner.0.lock().unwrap(), 5);
        let mut keys = Vec::new();
        memo.keys_of_words(&Lang::En, &[3, 8], &mut keys);
        assert_eq!(keys, [30, 80]);
    }
}
