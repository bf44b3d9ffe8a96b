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
//! compiled [`cache`] for dictd dictionaries), [`load_all`] several, merged
//! (the installed dictionaries through one cache of their merge).
//!
//! A lexicon grows in hash maps and can be frozen into flat arrays
//! ([`Lexicon::freeze`]): the form the cache stores, loaded without building
//! anything, and the form a loaded dictionary aligns with. Ids and keys are
//! the same in both.
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
mod flat;
pub mod glossary;
pub mod learn;
mod stem;

use std::collections::HashMap;

use fasthash::FastMap;
use flat::Flat;
use std::borrow::Cow;
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
#[derive(Debug, Clone, Default)]
struct SideIndex {
    stems: FastMap<String, u32>,
    by_first: FastMap<u32, Vec<Phrase>>,
}

impl SideIndex {
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
///
/// A lexicon is open (hash maps that take new pairs) or frozen into flat
/// arrays ([`Lexicon::freeze`]; dictionaries load frozen from the cache).
/// Both give the same ids and keys; adding pairs to a frozen one opens it
/// again first.
#[derive(Debug, Clone)]
pub struct Lexicon {
    langs: (Lang, Lang),
    tables: Tables,
    sources: Vec<Source>,
}

#[derive(Debug, Clone)]
enum Tables {
    Open(Open),
    Flat(Box<Flat>),
}

/// The tables of a lexicon that takes new pairs.
#[derive(Debug, Clone, Default)]
struct Open {
    first: SideIndex,
    second: SideIndex,
    /// Second-language phrases (sorted stem ids) to their key.
    second_phrases: FastMap<Box<[u32]>, u32>,
    /// Every pair as (first-side stem ids, key), in the order added: replaying
    /// it rebuilds the same ids, so a cached lexicon aligns exactly alike.
    log: Vec<(Box<[u32]>, u32)>,
}

impl Lexicon {
    /// An empty lexicon between two languages.
    pub fn new(first: Lang, second: Lang) -> Lexicon {
        Lexicon {
            langs: (first, second),
            tables: Tables::Open(Open::default()),
            sources: Vec::new(),
        }
    }

    /// The two languages, first and second.
    pub fn langs(&self) -> (&Lang, &Lang) {
        (&self.langs.0, &self.langs.1)
    }

    /// Distinct translation pairs.
    pub fn len(&self) -> usize {
        match &self.tables {
            Tables::Open(open) => open.log.len(),
            Tables::Flat(flat) => flat.len(),
        }
    }

    /// Whether the lexicon has no pairs.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

    /// Freezes the lexicon into flat arrays: smaller and quicker to load from
    /// the cache, looked up alike, same ids. Adding pairs later opens it again.
    pub fn freeze(&mut self) {
        if let Tables::Open(open) = &self.tables {
            self.tables = Tables::Flat(Box::new(Flat::freeze(open)));
        }
    }

    /// The tables open to new pairs (a frozen lexicon is thawed).
    fn open(&mut self) -> &mut Open {
        if let Tables::Flat(flat) = &self.tables {
            self.tables = Tables::Open(flat.thaw());
        }
        match &mut self.tables {
            Tables::Open(open) => open,
            Tables::Flat(_) => unreachable!("thawed above"),
        }
    }

    /// The tables frozen, as the cache stores them.
    pub(crate) fn flat(&self) -> Cow<'_, Flat> {
        match &self.tables {
            Tables::Open(open) => Cow::Owned(Flat::freeze(open)),
            Tables::Flat(flat) => Cow::Borrowed(flat),
        }
    }

    /// A frozen lexicon from its parts (as the cache reads them).
    pub(crate) fn from_flat(langs: (Lang, Lang), flat: Flat, sources: Vec<Source>) -> Lexicon {
        Lexicon {
            langs,
            tables: Tables::Flat(Box::new(flat)),
            sources,
        }
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
        self.open().add_stems(first, second)
    }

    /// Adds every pair of `other` (which must be for the same languages).
    pub fn extend(&mut self, other: &Lexicon) -> Result<(), LexiconError> {
        if self.langs() != other.langs() {
            return Err(LexiconError::LanguagesDiffer(
                pair_name(self.langs()),
                pair_name(other.langs()),
            ));
        }
        // Nothing to add leaves a frozen lexicon frozen.
        if !other.is_empty() {
            let open = self.open();
            for (first, second) in other.stem_pairs() {
                open.add_stems(&first, &second);
            }
        }
        self.sources.extend(other.sources.iter().cloned());
        Ok(())
    }

    /// Every pair as stems, in the order added.
    pub fn stem_pairs(&self) -> Box<dyn Iterator<Item = (Vec<String>, Vec<String>)> + '_> {
        match &self.tables {
            Tables::Open(open) => Box::new(open.stem_pairs()),
            Tables::Flat(flat) => Box::new(flat.stem_pairs()),
        }
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

impl Open {
    /// An open lexicon from its tables as plain lists: stems of each side
    /// by id, second-side phrases by key, and the pair log; None if they
    /// disagree.
    fn from_parts(
        first_stems: Vec<String>,
        second_stems: Vec<String>,
        second_phrases: Vec<Box<[u32]>>,
        log: Vec<(Box<[u32]>, u32)>,
    ) -> Option<Open> {
        let mut open = Open::default();
        let (n_first, n_second) = (first_stems.len() as u32, second_stems.len() as u32);
        for (id, stem) in first_stems.into_iter().enumerate() {
            open.first.stems.insert(stem, id as u32);
        }
        for (id, stem) in second_stems.into_iter().enumerate() {
            open.second.stems.insert(stem, id as u32);
        }
        if open.first.stems.len() as u32 != n_first || open.second.stems.len() as u32 != n_second {
            return None;
        }
        for (key, phrase) in second_phrases.into_iter().enumerate() {
            if phrase.is_empty() || phrase.iter().any(|&id| id >= n_second) {
                return None;
            }
            // A phrase twice would leave a key with no phrase, past the end
            // of the keys.
            if open.second_phrases.contains_key(&phrase) {
                return None;
            }
            open.second.add(&phrase, key as u32);
            open.second_phrases.insert(phrase, key as u32);
        }
        let n_keys = open.second_phrases.len() as u32;
        // Where each first-side phrase sits among those sharing its first
        // stem: found by hashing, not by scanning them (common stems open
        // hundreds of phrases).
        let mut at: FastMap<&[u32], usize> =
            FastMap::with_capacity_and_hasher(log.len(), Default::default());
        for (first, key) in &log {
            if first.is_empty() || key >= &n_keys || first.iter().any(|&id| id >= n_first) {
                return None;
            }
            let phrases = open.first.by_first.entry(first[0]).or_default();
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
        open.log = log;
        Some(open)
    }

    fn add_stems(&mut self, first: &[String], second: &[String]) -> bool {
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

    fn stem_pairs(&self) -> impl Iterator<Item = (Vec<String>, Vec<String>)> + '_ {
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
    /// Whether `lang` is the first side (true) or the second (false), if
    /// the lexicon has it.
    fn is_first(&self, lang: &Lang) -> Option<bool> {
        if *lang == self.langs.0 {
            Some(true)
        } else if *lang == self.langs.1 {
            Some(false)
        } else {
            None
        }
    }
}

impl sverka_align::TranslationEvidence for Lexicon {
    fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
        let Some(first) = self.is_first(lang) else {
            return vec![None; words.len()];
        };
        let stemmer = WordStemmer::new(lang);
        let id = |stem: String| match &self.tables {
            Tables::Open(open) => {
                let side = if first { &open.first } else { &open.second };
                side.stems.get(&stem).copied()
            }
            Tables::Flat(flat) => {
                let side = if first { &flat.first } else { &flat.second };
                side.stem_id(&stem)
            }
        };
        words
            .iter()
            .map(|word| stemmer.stem(word).and_then(id))
            .collect()
    }

    fn keys_of_words(&self, lang: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
        let Some(first) = self.is_first(lang) else {
            return;
        };
        match &self.tables {
            Tables::Open(open) => {
                let side = if first { &open.first } else { &open.second };
                side.keys_in(ids, keys);
            }
            Tables::Flat(flat) => {
                let side = if first { &flat.first } else { &flat.second };
                side.keys_in(ids, keys);
            }
        }
    }

    /// Learned pairs alone are not a dictionary of the languages.
    fn thorough(&self) -> bool {
        self.sources.is_empty() || self.sources.iter().any(|s| s.name != learn::LEARNED)
    }
}

/// Loads a lexicon file: a dictd dictionary (`NAME.index` with `NAME.dict`
/// or `NAME.dict.dz` beside it; the base name or either file may be given)
/// or a TSV glossary (`.tsv`, `.txt`). A bare name such as `mueller7` is
/// looked up among the installed dictd dictionaries.
pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
    if is_glossary(path) {
        return glossary::load(path);
    }
    let base = dictd::base_path(path)?;
    dictd::load_cached(&base)
}

/// Loads several lexicon files as [`load`] does and merges them in order
/// ([`Lexicon::extend`]). Dictd dictionaries given without glossaries are
/// also cached merged ([`dictd::load_merged_cached`]), so the installed
/// ones load from one file.
pub fn load_all(paths: &[PathBuf]) -> Result<Lexicon, LexiconError> {
    if paths.len() > 1 && !paths.iter().any(|path| is_glossary(path)) {
        let bases: Result<Vec<PathBuf>, _> =
            paths.iter().map(|path| dictd::base_path(path)).collect();
        return dictd::load_merged_cached(&bases?);
    }
    merge_loaded(paths, |path| load(path))?
        .ok_or_else(|| LexiconError::NotFound("no lexicon given".into()))
}

/// Loads each of `items` and merges them in order ([`Lexicon::extend`]);
/// None when there are none.
pub(crate) fn merge_loaded<T>(
    items: &[T],
    load: impl Fn(&T) -> Result<Lexicon, LexiconError>,
) -> Result<Option<Lexicon>, LexiconError> {
    let mut merged: Option<Lexicon> = None;
    for item in items {
        let loaded = load(item)?;
        match &mut merged {
            Some(merged) => merged.extend(&loaded)?,
            None => merged = Some(loaded),
        }
    }
    Ok(merged)
}

fn is_glossary(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".tsv") || name.ends_with(".txt")
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
