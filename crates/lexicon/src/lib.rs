//! Bilingual lexicons for the sverka aligner: which words of one language
//! translate which words of the other.
//!
//! Sources: dictionaries in the dictd format ([`dictd`], e.g. Debian's
//! `mueller7-dict` and `dict-freedict-eng-rus`), glossaries as TSV files
//! ([`glossary`]), and translations learned from a first alignment pass
//! ([`learn`](mod@learn)). All of them become one [`Lexicon`]: phrase pairs over
//! Snowball stems, so inflected Russian forms meet their dictionary entry.
//! A [`Lexicon`] implements [`sverka_align::TranslationEvidence`] and goes into
//! [`sverka_align::Options::lexicon`]. [`load`] reads a file (through the
//! compiled [`cache`] for dictd dictionaries).
//!
//! ```
//! use sverka_lexicon::Lexicon;
//! use sverka_align::TranslationEvidence as _;
//! use sverka_text::Lang;
//!
//! let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
//! lexicon.add_pair("переговоры", "negotiations");
//! lexicon.add_pair("министр иностранных дел", "foreign minister");
//! let ru = lexicon.sentence_keys(&Lang::Ru, &[vec!["министр", "иностранных", "дел", "о", "переговорах"]]);
//! let en = lexicon.sentence_keys(&Lang::En, &[vec!["the", "foreign", "minister", "on", "negotiation"]]);
//! assert_eq!(ru[0].len(), 2);
//! assert_eq!(ru, en);
//! ```
#![deny(missing_docs)]

pub mod cache;
pub mod dictd;
mod fasthash;
pub mod glossary;
pub mod learn;
mod stem;

use std::collections::HashMap;

use fasthash::FastMap;
use std::path::{Path, PathBuf};

pub use learn::{bags, learn, Bags, LearnSettings, Learner};
pub use stem::WordStemmer;
use sverka_text::Lang;

/// Longest phrase (in content words) kept on either side of a pair.
const MAX_PHRASE_WORDS: usize = 3;

/// What can go wrong when loading a lexicon.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file could not be read.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause, quoted in the message.
        error: std::io::Error,
    },
    /// The file is not what its name says.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        message: String,
    },
    /// No file was found for a name.
    #[error("{0}")]
    NotFound(String),
    /// Two lexicons for different language pairs were combined.
    #[error("a {0} lexicon cannot be combined with a {1} lexicon")]
    LanguagesDiffer(String, String),
}

/// Where a lexicon's entries came from, for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Dictionary name or file.
    pub name: String,
    /// Translation pairs it contributed.
    pub pairs: usize,
}

/// Phrases of one side that start with a given stem (stems sorted by id).
#[derive(Debug, Clone, Default)]
struct Phrase {
    rest: Box<[u32]>,
    keys: Vec<u32>,
}

/// Stems of one language and the phrases built from them.
#[derive(Debug, Clone)]
struct SideIndex {
    lang: Lang,
    stems: FastMap<String, u32>,
    by_first: FastMap<u32, Vec<Phrase>>,
}

impl SideIndex {
    fn new(lang: Lang) -> SideIndex {
        SideIndex {
            lang,
            stems: FastMap::default(),
            by_first: FastMap::default(),
        }
    }

    fn stem_id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.stems.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.insert(stem.to_string(), id);
        id
    }

    /// Adds `key` to the phrase of these stem ids; returns whether it was new.
    fn add(&mut self, ids: &[u32], key: u32) -> bool {
        let (&first, rest) = ids.split_first().expect("phrases are not empty");
        let phrases = self.by_first.entry(first).or_default();
        match phrases.iter_mut().find(|p| *p.rest == *rest) {
            Some(phrase) if phrase.keys.contains(&key) => false,
            Some(phrase) => {
                phrase.keys.push(key);
                true
            }
            None => {
                phrases.push(Phrase {
                    rest: rest.into(),
                    keys: vec![key],
                });
                true
            }
        }
    }

    /// Keys of the phrases whose stems all occur among `present` (sorted).
    fn keys_in(&self, present: &[u32], out: &mut Vec<u32>) {
        for id in present {
            let Some(phrases) = self.by_first.get(id) else {
                continue;
            };
            for phrase in phrases {
                if phrase.rest.iter().all(|r| present.binary_search(r).is_ok()) {
                    out.extend_from_slice(&phrase.keys);
                }
            }
        }
    }
}

/// A bilingual lexicon between a first language (usually Russian) and a
/// second (usually English): pairs of phrases over stems.
///
/// Keys given to the aligner are ids of second-language phrases: a sentence
/// of the second language carries the ids of the phrases it contains, a
/// sentence of the first language the ids of their translations.
#[derive(Debug, Clone)]
pub struct Lexicon {
    first: SideIndex,
    second: SideIndex,
    /// Second-language phrases (sorted stem ids) to their key.
    second_phrases: FastMap<Box<[u32]>, u32>,
    /// Every pair as (first-side stem ids, key), in the order added: replaying
    /// it rebuilds the same ids, so a cached lexicon aligns exactly alike.
    log: Vec<(Box<[u32]>, u32)>,
    sources: Vec<Source>,
}

impl Lexicon {
    /// An empty lexicon between two languages.
    pub fn new(first: Lang, second: Lang) -> Lexicon {
        Lexicon {
            first: SideIndex::new(first),
            second: SideIndex::new(second),
            second_phrases: FastMap::default(),
            log: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// The two languages, first and second.
    pub fn langs(&self) -> (&Lang, &Lang) {
        (&self.first.lang, &self.second.lang)
    }

    /// Distinct translation pairs.
    pub fn len(&self) -> usize {
        self.log.len()
    }

    /// Whether the lexicon has no pairs.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }

    /// Where the pairs came from.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Records that the pairs added since the last call came from `name`.
    pub fn mark_source(&mut self, name: &str) {
        let before: usize = self.sources.iter().map(|s| s.pairs).sum();
        self.sources.push(Source {
            name: name.to_string(),
            pairs: self.len() - before,
        });
    }

    /// The lexicon's tables as plain lists (for the cache): stems of each
    /// side by id, second-side phrases by key, and the pair log.
    pub(crate) fn parts(&self) -> Parts<'_> {
        let mut second_phrases: Vec<&[u32]> = vec![&[]; self.second_phrases.len()];
        for (phrase, &key) in &self.second_phrases {
            second_phrases[key as usize] = phrase;
        }
        Parts {
            first_stems: names_by_id(&self.first.stems),
            second_stems: names_by_id(&self.second.stems),
            second_phrases,
            log: &self.log,
        }
    }

    /// Rebuilds a lexicon from [`Lexicon::parts`]; None if they disagree.
    pub(crate) fn from_parts(
        first: Lang,
        second: Lang,
        first_stems: Vec<String>,
        second_stems: Vec<String>,
        second_phrases: Vec<Box<[u32]>>,
        log: Vec<(Box<[u32]>, u32)>,
    ) -> Option<Lexicon> {
        let mut lexicon = Lexicon::new(first, second);
        let (n_first, n_second) = (first_stems.len() as u32, second_stems.len() as u32);
        for (id, stem) in first_stems.into_iter().enumerate() {
            lexicon.first.stems.insert(stem, id as u32);
        }
        for (id, stem) in second_stems.into_iter().enumerate() {
            lexicon.second.stems.insert(stem, id as u32);
        }
        if lexicon.first.stems.len() as u32 != n_first
            || lexicon.second.stems.len() as u32 != n_second
        {
            return None;
        }
        for (key, phrase) in second_phrases.into_iter().enumerate() {
            if phrase.is_empty() || phrase.iter().any(|&id| id >= n_second) {
                return None;
            }
            // A phrase twice (a damaged cache) would leave a key with no
            // phrase, past the end of the keys (found by fuzzing).
            if lexicon.second_phrases.contains_key(&phrase) {
                return None;
            }
            lexicon.second.add(&phrase, key as u32);
            lexicon.second_phrases.insert(phrase, key as u32);
        }
        let n_keys = lexicon.second_phrases.len() as u32;
        // Where each first-side phrase sits among those sharing its first
        // stem: found by hashing, not by scanning them (common stems open
        // hundreds of phrases; the scan was most of a cache load).
        let mut at: FastMap<&[u32], usize> =
            FastMap::with_capacity_and_hasher(log.len(), Default::default());
        for (first, key) in &log {
            if first.is_empty() || key >= &n_keys || first.iter().any(|&id| id >= n_first) {
                return None;
            }
            let phrases = lexicon.first.by_first.entry(first[0]).or_default();
            match at.get(&**first) {
                Some(&index) => {
                    let phrase: &mut Phrase = &mut phrases[index];
                    if !phrase.keys.contains(key) {
                        phrase.keys.push(*key);
                    }
                }
                None => {
                    at.insert(first, phrases.len());
                    phrases.push(Phrase {
                        rest: first[1..].into(),
                        keys: vec![*key],
                    });
                }
            }
        }
        drop(at);
        lexicon.log = log;
        Some(lexicon)
    }

    pub(crate) fn push_source(&mut self, name: String, pairs: usize) {
        self.sources.push(Source { name, pairs });
    }

    /// Adds a translation pair given as text (words in any case and form):
    /// a phrase of the first language and one of the second. Function words
    /// are dropped; pairs left empty on a side, or longer than three content
    /// words, are ignored. Returns whether a new pair was added.
    pub fn add_pair(&mut self, first: &str, second: &str) -> bool {
        let mut stemmers = PairStemmer::new(self.langs());
        self.add_pair_with(first, second, &mut stemmers)
    }

    /// [`Lexicon::add_pair`] with stemmers (and their memory) kept across
    /// calls, for loading many pairs.
    pub(crate) fn add_pair_with(
        &mut self,
        first: &str,
        second: &str,
        stemmers: &mut PairStemmer,
    ) -> bool {
        let first_stems = stemmers.first.phrase(first);
        let second_stems = stemmers.second.phrase(second);
        match (first_stems, second_stems) {
            (Some(a), Some(b)) => self.add_stems(&a, &b),
            _ => false,
        }
    }

    /// Adds a pair of phrases given as stems (as [`WordStemmer`] makes them).
    pub fn add_stems(&mut self, first: &[String], second: &[String]) -> bool {
        if first.is_empty() || second.is_empty() {
            return false;
        }
        let mut b: Vec<u32> = second.iter().map(|s| self.second.stem_id(s)).collect();
        b.sort_unstable();
        b.dedup();
        let next_key = self.second_phrases.len() as u32;
        let key = *self
            .second_phrases
            .entry(b.clone().into())
            .or_insert(next_key);
        if key == next_key {
            self.second.add(&b, key);
        }
        let mut a: Vec<u32> = first.iter().map(|s| self.first.stem_id(s)).collect();
        a.sort_unstable();
        a.dedup();
        let added = self.first.add(&a, key);
        if added {
            self.log.push((a.into(), key));
        }
        added
    }

    /// Adds every pair of `other` (which must be for the same languages).
    pub fn extend(&mut self, other: &Lexicon) -> Result<(), LexiconError> {
        if self.langs() != other.langs() {
            return Err(LexiconError::LanguagesDiffer(
                pair_name(self.langs()),
                pair_name(other.langs()),
            ));
        }
        for (first, second) in other.stem_pairs() {
            self.add_stems(&first, &second);
        }
        self.sources.extend(other.sources.iter().cloned());
        Ok(())
    }

    /// Every pair as stems, in the order added.
    pub fn stem_pairs(&self) -> impl Iterator<Item = (Vec<String>, Vec<String>)> + '_ {
        let first_names = names_by_id(&self.first.stems);
        let second_names = names_by_id(&self.second.stems);
        let mut phrase_of_key: Vec<&[u32]> = vec![&[]; self.second_phrases.len()];
        for (phrase, &key) in &self.second_phrases {
            phrase_of_key[key as usize] = phrase;
        }
        self.log.iter().map(move |(first, key)| {
            let names = |ids: &[u32], names: &[&str]| -> Vec<String> {
                ids.iter()
                    .map(|&id| names[id as usize].to_string())
                    .collect()
            };
            (
                names(first, &first_names),
                names(phrase_of_key[*key as usize], &second_names),
            )
        })
    }

    /// A one-line description: sources and sizes.
    pub fn describe(&self) -> String {
        let sources: Vec<String> = self
            .sources
            .iter()
            .map(|s| format!("{} ({} pairs)", s.name, s.pairs))
            .collect();
        format!(
            "{} lexicon, {} translation pairs: {}",
            pair_name(self.langs()),
            self.len(),
            if sources.is_empty() {
                "no sources".to_string()
            } else {
                sources.join(", ")
            }
        )
    }
}

fn pair_name((a, b): (&Lang, &Lang)) -> String {
    format!("{}-{}", a.code(), b.code())
}

fn names_by_id<S>(stems: &HashMap<String, u32, S>) -> Vec<&str> {
    let mut names = vec![""; stems.len()];
    for (name, &id) in stems {
        names[id as usize] = name;
    }
    names
}

/// A lexicon's tables, borrowed (see [`Lexicon::parts`]).
pub(crate) struct Parts<'a> {
    pub first_stems: Vec<&'a str>,
    pub second_stems: Vec<&'a str>,
    pub second_phrases: Vec<&'a [u32]>,
    pub log: &'a [(Box<[u32]>, u32)],
}

/// Stemmers of both languages of a lexicon, remembering the phrases they
/// have seen: dictionaries repeat the same translations many times.
pub(crate) struct PairStemmer {
    first: PhraseStemmer,
    second: PhraseStemmer,
}

impl PairStemmer {
    pub(crate) fn new((first, second): (&Lang, &Lang)) -> PairStemmer {
        PairStemmer {
            first: PhraseStemmer::new(first),
            second: PhraseStemmer::new(second),
        }
    }
}

struct PhraseStemmer {
    stemmer: WordStemmer,
    seen: HashMap<String, Option<Vec<String>>>,
}

impl PhraseStemmer {
    fn new(lang: &Lang) -> PhraseStemmer {
        PhraseStemmer {
            stemmer: WordStemmer::new(lang),
            seen: HashMap::new(),
        }
    }

    /// Content-word stems of a phrase, or None when it has none or too many.
    fn phrase(&mut self, text: &str) -> Option<Vec<String>> {
        if let Some(stems) = self.seen.get(text) {
            return stems.clone();
        }
        let mut stems = Vec::new();
        for token in sverka_text::tokenize(text) {
            if token.kind != sverka_text::TokenKind::Word {
                continue;
            }
            if let Some(stem) = self.stemmer.stem(&token.norm) {
                stems.push(stem);
            }
        }
        let stems = (!stems.is_empty() && stems.len() <= MAX_PHRASE_WORDS).then_some(stems);
        self.seen.insert(text.to_string(), stems.clone());
        stems
    }
}

impl Lexicon {
    /// The index of the side in `lang`, if the lexicon has one.
    fn side(&self, lang: &Lang) -> Option<&SideIndex> {
        if *lang == self.first.lang {
            Some(&self.first)
        } else if *lang == self.second.lang {
            Some(&self.second)
        } else {
            None
        }
    }
}

impl sverka_align::TranslationEvidence for Lexicon {
    fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
        let Some(side) = self.side(lang) else {
            return vec![None; words.len()];
        };
        let stemmer = WordStemmer::new(lang);
        words
            .iter()
            .map(|word| {
                stemmer
                    .stem(word)
                    .and_then(|stem| side.stems.get(&stem).copied())
            })
            .collect()
    }

    fn keys_of_words(&self, lang: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
        if let Some(side) = self.side(lang) {
            side.keys_in(ids, keys);
        }
    }
}

/// Loads a lexicon file: a dictd dictionary (`NAME.index` with `NAME.dict`
/// or `NAME.dict.dz` beside it; the base name or either file may be given)
/// or a TSV glossary (`.tsv`, `.txt`). A bare name such as `mueller7` is
/// looked up among the installed dictd dictionaries.
pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
    let name = path.to_string_lossy();
    if name.ends_with(".tsv") || name.ends_with(".txt") {
        return glossary::load(path);
    }
    let base = dictd::base_path(path)?;
    dictd::load_cached(&base)
}

/// Folders where dictd dictionaries are installed (Debian: `/usr/share/dictd`).
pub const DICTD_DIRS: &[&str] = &["/usr/share/dictd", "/usr/local/share/dictd"];

/// Russian–English dictd dictionaries that sverka knows how to read, in the
/// order they are used when found.
pub const KNOWN_DICTIONARIES: &[&str] = &["mueller7", "freedict-eng-rus"];

/// Installed dictionaries from [`KNOWN_DICTIONARIES`] (index files).
pub fn installed_dictionaries() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for name in KNOWN_DICTIONARIES {
        for dir in DICTD_DIRS {
            let index = Path::new(dir).join(format!("{name}.index"));
            if index.is_file() {
                found.push(index);
                break;
            }
        }
    }
    found
}
