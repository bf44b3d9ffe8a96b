//! Language-neutral evidence per sentence: length, and "keys" that can match
//! across the two sides: numbers, names and cognates by a transliterated
//! consonant skeleton, punctuation marks, and keys from a lexicon.

use rayon::prelude::*;

use sverka_text::chars::{is_letter, is_lower, is_upper};
use sverka_text::hash::{TextMap, TextSet};
use sverka_text::{tokenize, Document, TokenKind};
use unicode_normalization::UnicodeNormalization;

use crate::names::{is_state_abbreviation, is_title_abbreviation, phonetic, Name};
use crate::numbers::{mentions, Mention};
use crate::TranslationEvidence;

/// Evidence of one unit (a sentence, or a block of sentences at a coarse level).
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// Length in characters, whitespace excluded.
    pub len: f32,
    /// Key ids with counts, sorted by id.
    pub keys: Vec<(u32, u16)>,
    /// Lexicon key ids with counts, sorted by id: scored apart from `keys`,
    /// as a share of translated words rather than a sum.
    pub lex: Vec<(u32, u16)>,
    /// Opens a paragraph.
    pub opens_paragraph: bool,
    /// Opens a speaker turn: Some(true) for a question/host, Some(false) otherwise.
    pub turn: Option<bool>,
    /// Paragraph index (for crossing checks).
    pub paragraph: usize,
    /// When it is spoken (milliseconds, start and end), for subtitle
    /// pairs whose timing is usable (see [`Features::timed`]).
    pub time: Option<(u64, u64)>,
    /// None when the unit starts a sentence; Some(cost) when it continues
    /// the unit before it past a soft boundary, which costs that much to
    /// cut (see `sverka_text::soft`).
    pub soft_start: Option<f32>,
    /// Dictionary words with no translation anywhere on the other side
    /// (their keys weigh nothing, so `lex` leaves them out).
    pub foreign_words: u16,
    /// Distinct dictionary words, counted with `foreign_words`.
    pub lexicon_words: u16,
    /// Soft boundaries inside the unit's sentence (a whole sentence of the
    /// first search): a run-on sentence that may be cut in that many more
    /// parts may stand against as many more sentences (see
    /// [`crate::run_on_room`]).
    pub soft_inside: u8,
}

/// Both sides' units with key weights shared between them.
#[derive(Debug, Clone)]
pub struct Features {
    /// Units of the first side.
    pub src: Vec<Unit>,
    /// Units of the second side.
    pub tgt: Vec<Unit>,
    /// Weight of each key id (inverse document frequency; 0 for keys seen on one side only).
    pub weight: Vec<f32>,
    /// Numbers of each sentence, by value, for flags.
    pub src_numbers: Vec<Vec<Mention>>,
    /// Numbers of each sentence of the second side.
    pub tgt_numbers: Vec<Vec<Mention>>,
    /// Possible names of each sentence (capitalized words not opening it).
    pub src_names: Vec<Vec<Name>>,
    /// Possible names of each sentence of the second side.
    pub tgt_names: Vec<Vec<Name>>,
    /// Phonetic spellings of every capitalized word of each sentence, for
    /// matching names of the other side.
    pub src_capitalized: Vec<Vec<String>>,
    /// The same for the second side.
    pub tgt_capitalized: Vec<Vec<String>>,
    /// Whether the document pair has structure worth using (paragraphs, turns).
    pub structured: bool,
    /// Whether both documents are timed (subtitles) on one clock: every
    /// sentence has a time, each side's times run in text order, and the
    /// two sides cover about the same stretch. Time overlap is then
    /// evidence; otherwise it is ignored.
    pub timed: bool,
    /// Per sentence of the first side: distinct evidence keys it has, and
    /// how many of them occur on the other side anywhere in the document. A
    /// sentence from another text finds few of its keys on the other side.
    pub src_coverage: Vec<[u16; 2]>,
    /// The same for the second side.
    pub tgt_coverage: Vec<[u16; 2]>,
    /// A dictionary was given (a lexicon that is
    /// [`thorough`](crate::TranslationEvidence::thorough)): capitalized
    /// words it does not translate are likely names, and rows it does not
    /// support are doubtful.
    pub has_lexicon: bool,
    /// Language code of the first side, for details (`ru`).
    pub src_lang: String,
    /// Language code of the second side.
    pub tgt_lang: String,
}

/// Text keys (`n:2017`, `w:lvrv`, `p:?`) of one side, each numbered once
/// (its raw number) and kept across extractions of the document.
#[derive(Default)]
struct TextKeys {
    names: Vec<String>,
    numbers: TextMap<String, u32>,
}

impl TextKeys {
    /// The raw number of `key`.
    fn raw(&mut self, key: &str) -> u32 {
        if let Some(&raw) = self.numbers.get(key) {
            return raw;
        }
        let raw = self.names.len() as u32;
        self.names.push(key.to_string());
        self.numbers.insert(key.to_string(), raw);
        raw
    }
}

/// Key ids shared by both sides, in the order keys are met: text keys (by
/// their side's raw numbers, see [`TextKeys`]) and lexicon keys, which live
/// in the lexicon's own number space.
#[derive(Default)]
struct Interner {
    /// Indexed by raw text key; `u32::MAX` for keys not met yet.
    text_ids: Vec<u32>,
    /// Lexicon key → id. A map, not a table indexed by key: a document
    /// meets a few thousand of a dictionary's hundreds of thousands of
    /// keys, and a table that size, made anew for each side of each
    /// document, cost more to clear than all the lookups.
    lexicon_ids: TextMap<u32, u32>,
    count: u32,
}

impl Interner {
    /// The id of the text key numbered `raw`.
    fn id(&mut self, raw: u32) -> u32 {
        let slot = raw as usize;
        if slot >= self.text_ids.len() {
            self.text_ids.resize(slot + 1, u32::MAX);
        }
        if self.text_ids[slot] == u32::MAX {
            self.text_ids[slot] = self.next();
        }
        self.text_ids[slot]
    }

    fn lexicon_id(&mut self, key: u32) -> u32 {
        if let Some(&id) = self.lexicon_ids.get(&key) {
            return id;
        }
        let id = self.next();
        self.lexicon_ids.insert(key, id);
        id
    }

    /// Interns every key of `other` (whose text keys are numbered in
    /// `other_keys`; this one's in `own_keys`) in the order `other` gave
    /// them ids; returns the new id of each of `other`'s ids.
    fn absorb(
        &mut self,
        other: Interner,
        other_keys: &TextKeys,
        own_keys: &mut TextKeys,
    ) -> Vec<u32> {
        enum Key {
            Text(u32),
            Lexicon(u32),
        }
        let mut keys: Vec<Option<Key>> = (0..other.count).map(|_| None).collect();
        for (raw, &id) in other.text_ids.iter().enumerate() {
            if id != u32::MAX {
                keys[id as usize] = Some(Key::Text(raw as u32));
            }
        }
        for (key, id) in other.lexicon_ids {
            keys[id as usize] = Some(Key::Lexicon(key));
        }
        keys.into_iter()
            .map(|key| match key {
                Some(Key::Text(raw)) => {
                    let own = own_keys.raw(&other_keys.names[raw as usize]);
                    self.id(own)
                }
                Some(Key::Lexicon(key)) => self.lexicon_id(key),
                None => unreachable!("every id of an interner belongs to a key"),
            })
            .collect()
    }

    fn next(&mut self) -> u32 {
        self.count += 1;
        self.count - 1
    }

    fn len(&self) -> usize {
        self.count as usize
    }
}

/// Sentences (both sides) from which a document's two sides are read on the
/// thread pool and their units made on two threads: below it, waking a
/// second thread costs more than it saves.
const PARALLEL_SIDES_FROM: usize = 4_000;

/// The dictionary keys of one side's sentences (raw lexicon keys), a set
/// the other side's keys are tested against before they are interned. A
/// key of one side only weighs nothing, so leaving it out changes no
/// score; and the ids of the keys kept come in the order they had, which
/// the tables' bytes depend on. A Russian sentence has some 68 dictionary
/// keys (every translation of every word), an English one about 7: most
/// of the Russian side's were interned, sorted and counted for nothing.
struct OtherSideKeys {
    bits: Vec<u64>,
}

impl OtherSideKeys {
    /// The keys of `side`'s sentences, whose ids `interner` gave.
    fn of(side: &SideKeys, interner: &Interner) -> OtherSideKeys {
        let mut raw_of_id = vec![u32::MAX; interner.len()];
        let mut most = 0;
        for (&raw, &id) in &interner.lexicon_ids {
            raw_of_id[id as usize] = raw;
            most = most.max(raw);
        }
        let mut bits = vec![0u64; most as usize / 64 + 1];
        for &id in side.lex.iter().flatten() {
            let raw = raw_of_id[id as usize] as usize;
            bits[raw / 64] |= 1 << (raw % 64);
        }
        OtherSideKeys { bits }
    }

    /// The set's words up to its last key: two sets are equal exactly when
    /// these are.
    fn significant(&self) -> &[u64] {
        let end = self
            .bits
            .iter()
            .rposition(|&word| word != 0)
            .map_or(0, |at| at + 1);
        &self.bits[..end]
    }

    fn has(&self, raw: u32) -> bool {
        let raw = raw as usize;
        self.bits
            .get(raw / 64)
            .is_some_and(|word| word & (1 << (raw % 64)) != 0)
    }
}

struct SideKeys {
    /// Per sentence, its length (see [`Unit::len`]).
    lens: Vec<u32>,
    keys: Vec<Vec<u32>>,
    lex: Vec<Vec<u32>>,
    /// Per sentence, the lexicon ids of its dictionary words, one list
    /// after another (`lex_word_ends` closes each sentence's).
    lex_words: Vec<u32>,
    lex_word_ends: Vec<u32>,
    /// Per sentence, its distinct dictionary keys left out of `lex` (see
    /// [`OtherSideKeys`]).
    lex_left_out: Vec<u32>,
    numbers: Vec<Vec<Mention>>,
    names: Vec<Vec<Name>>,
    capitalized: Vec<Vec<String>>,
}

impl SideKeys {
    /// Room for `sentences` more sentences with `words` dictionary words in
    /// all, so that appending them does not leave room to spare.
    fn reserve_exact(&mut self, sentences: usize, words: usize) {
        self.lens.reserve_exact(sentences);
        self.keys.reserve_exact(sentences);
        self.lex.reserve_exact(sentences);
        self.lex_words.reserve_exact(words);
        self.lex_word_ends.reserve_exact(sentences);
        self.lex_left_out.reserve_exact(sentences);
        self.numbers.reserve_exact(sentences);
        self.names.reserve_exact(sentences);
        self.capitalized.reserve_exact(sentences);
    }

    /// The keys of the sentences after these, as one reading would give.
    fn append(&mut self, mut more: SideKeys) {
        let offset = self.lex_words.len() as u32;
        self.lens.append(&mut more.lens);
        self.keys.append(&mut more.keys);
        self.lex.append(&mut more.lex);
        self.lex_words.append(&mut more.lex_words);
        self.lex_word_ends
            .extend(more.lex_word_ends.iter().map(|end| end + offset));
        self.lex_left_out.append(&mut more.lex_left_out);
        self.numbers.append(&mut more.numbers);
        self.names.append(&mut more.names);
        self.capitalized.append(&mut more.capitalized);
    }

    /// Replaces every key id by `new[id]`.
    fn renumber(&mut self, new: &[u32]) {
        for id in self.keys.iter_mut().chain(&mut self.lex).flatten() {
            *id = new[*id as usize];
        }
        for name in self.names.iter_mut().flatten() {
            for id in &mut name.translations {
                *id = new[*id as usize];
            }
            // Kept sorted, as they were interned.
            name.translations.sort_unstable();
            if let Some(key) = &mut name.key {
                *key = new[*key as usize];
            }
        }
    }
}

impl Features {
    /// Extracts the evidence of both documents.
    pub fn extract(
        src: &Document,
        tgt: &Document,
        lexicon: Option<&dyn TranslationEvidence>,
    ) -> Features {
        Features::extract_remembering(src, tgt, lexicon, &mut Memo::default())
    }

    /// [`Features::extract`], reusing what `memo` remembers of sentences
    /// met before: the same documents extracted again with some sentences
    /// cut are read anew only where they were cut. A memo serves one pair
    /// of documents (of unchanged texts) and the same lexicon.
    pub(crate) fn extract_remembering(
        src: &Document,
        tgt: &Document,
        lexicon: Option<&dyn TranslationEvidence>,
        memo: &mut Memo,
    ) -> Features {
        // Each side with its own interner; the target's ids are then
        // renumbered into the source's in the order the target met them,
        // which gives the ids one interner over both would have. The
        // target is read first: the source interns only the dictionary
        // keys the target's sentences have (see [`OtherSideKeys`]).
        let side = |doc: &Document, memo: &mut SideMemo, only: Option<&OtherSideKeys>| {
            let mut interner = Interner::default();
            // Room for a short document's dictionary keys from the start
            // (a Russian sentence has dozens): growing the map rehashed it
            // some ten times a side.
            let expected = (64 * doc.sentences.len()).min(MOST_RESERVED_KEYS);
            interner.lexicon_ids.reserve(expected);
            let keys = side_keys(doc, &mut interner, lexicon, memo, only);
            (keys, interner)
        };
        let parallel = src.sentences.len() + tgt.sentences.len() >= PARALLEL_SIDES_FROM;
        let (tgt_memo, src_memo) = (&mut memo.tgt, &mut memo.src);
        let mut both_sides = || {
            let (tgt_keys, tgt_interner) = side(tgt, tgt_memo, None);
            let only = lexicon.map(|_| OtherSideKeys::of(&tgt_keys, &tgt_interner));
            let (src_keys, interner) = side(src, src_memo, only.as_ref());
            (tgt_keys, tgt_interner, only, src_keys, interner)
        };
        // A long document's sides are read on the thread pool, whose
        // threads the search then keeps busy: the allocator hands back
        // the pages the reading freed as its threads allocate again, and
        // read on the calling thread they stayed held through the search
        // (at 100k sentence pairs a peak of 308 MiB instead of 289).
        let (mut tgt_keys, tgt_interner, only, src_keys, mut interner) = if parallel {
            rayon::scope(|_| both_sides())
        } else {
            both_sides()
        };
        let renumbered = interner.absorb(tgt_interner, &memo.tgt.keys, &mut memo.src.keys);
        tgt_keys.renumber(&renumbered);
        let n_keys = interner.len();
        let both = |f: &(dyn Fn(&SideKeys) -> Vec<Vec<u32>> + Sync)| {
            if parallel {
                rayon::join(|| f(&src_keys), || f(&tgt_keys))
            } else {
                (f(&src_keys), f(&tgt_keys))
            }
        };
        // Each sentence's distinct keys, text and lexicon together.
        let (src_seen, tgt_seen) = both(&|side: &SideKeys| {
            side.keys
                .iter()
                .zip(&side.lex)
                .map(|(keys, lex)| {
                    let mut seen: Vec<u32> = keys.iter().chain(lex).copied().collect();
                    seen.sort_unstable();
                    seen.dedup();
                    seen
                })
                .collect()
        });
        let mut df_src = vec![0u32; n_keys];
        let mut df_tgt = vec![0u32; n_keys];
        for (seen, df) in [(&src_seen, &mut df_src), (&tgt_seen, &mut df_tgt)] {
            for &id in seen.iter().flatten() {
                df[id as usize] += 1;
            }
        }
        let total = (src.sentences.len() + tgt.sentences.len()).max(2) as f32;
        let weight: Vec<f32> = (0..n_keys)
            .map(|k| {
                if df_src[k] == 0 || df_tgt[k] == 0 {
                    0.0
                } else {
                    let df = (df_src[k] + df_tgt[k]) as f32;
                    (total / df).ln().max(0.0) + 0.5
                }
            })
            .collect();
        let (src_foreign, tgt_foreign) = match (lexicon, &only) {
            (Some(lexicon), Some(tgt_counted)) => {
                // The first side's keys that count: those it kept (all of
                // them the second side has).
                let src_counted = OtherSideKeys::of(&src_keys, &interner);
                (
                    foreign_words(lexicon, &src.lang, &src_keys, tgt_counted, &mut memo.src),
                    foreign_words(lexicon, &tgt.lang, &tgt_keys, &src_counted, &mut memo.tgt),
                )
            }
            _ => (
                vec![(0, 0); src.sentences.len()],
                vec![(0, 0); tgt.sentences.len()],
            ),
        };
        let structured = has_structure(src) && has_structure(tgt);
        let timed = timed_alike(src, tgt);
        let units = |doc: &Document,
                     keys: Vec<Vec<u32>>,
                     lex: Vec<Vec<u32>>,
                     foreign: Vec<(u16, u16)>,
                     lens: Vec<u32>|
         -> Vec<Unit> {
            type Read = ((Vec<u32>, Vec<u32>), ((u16, u16), u32));
            let unit = |(sentence, ((ids, lex), ((foreign_words, lexicon_words), len))): (
                &sverka_text::Sentence,
                Read,
            )| Unit {
                len: len as f32,
                keys: counted(ids, &weight),
                lex: counted(lex, &weight),
                opens_paragraph: sentence.opens_paragraph,
                turn: sentence.speaker.as_ref().map(|_| sentence.asks),
                paragraph: sentence.paragraph,
                time: sentence.time.filter(|_| timed),
                soft_start: None,
                foreign_words,
                lexicon_words,
                soft_inside: 0,
            };
            let mut units: Vec<Unit> = if parallel {
                doc.sentences
                    .par_iter()
                    .zip(
                        keys.into_par_iter()
                            .zip(lex)
                            .zip(foreign.into_par_iter().zip(lens)),
                    )
                    .map(unit)
                    .collect()
            } else {
                doc.sentences
                    .iter()
                    .zip(keys.into_iter().zip(lex).zip(foreign.into_iter().zip(lens)))
                    .map(unit)
                    .collect()
            };
            count_soft_inside(doc, &mut units);
            units
        };
        // Distinct keys of each sentence: those interned, and the
        // dictionary keys left out for want of a match (see
        // [`OtherSideKeys`]).
        let coverage = |seen: Vec<Vec<u32>>, left_out: &[u32]| -> Vec<[u16; 2]> {
            let count = |(ids, &left_out): (Vec<u32>, &u32)| {
                let kept = ids.iter().filter(|&&id| weight[id as usize] > 0.0).count();
                [
                    (ids.len() + left_out as usize).min(u16::MAX as usize) as u16,
                    kept.min(u16::MAX as usize) as u16,
                ]
            };
            if parallel {
                seen.into_par_iter().zip(left_out).map(count).collect()
            } else {
                seen.into_iter().zip(left_out).map(count).collect()
            }
        };
        let side =
            |doc: &Document, keys: SideKeys, seen: Vec<Vec<u32>>, foreign: Vec<(u16, u16)>| {
                let coverage = coverage(seen, &keys.lex_left_out);
                (
                    units(doc, keys.keys, keys.lex, foreign, keys.lens),
                    coverage,
                    keys.numbers,
                    keys.names,
                    keys.capitalized,
                )
            };
        let (
            (src_units, src_coverage, src_numbers, src_names, src_capitalized),
            (tgt_units, tgt_coverage, tgt_numbers, tgt_names, tgt_capitalized),
        ) = if parallel {
            rayon::join(
                || side(src, src_keys, src_seen, src_foreign),
                || side(tgt, tgt_keys, tgt_seen, tgt_foreign),
            )
        } else {
            (
                side(src, src_keys, src_seen, src_foreign),
                side(tgt, tgt_keys, tgt_seen, tgt_foreign),
            )
        };
        Features {
            src_coverage,
            tgt_coverage,
            src: src_units,
            tgt: tgt_units,
            weight,
            src_numbers,
            tgt_numbers,
            src_names,
            tgt_names,
            src_capitalized,
            tgt_capitalized,
            has_lexicon: lexicon.is_some_and(|l| l.thorough()),
            src_lang: src.lang.code().to_string(),
            tgt_lang: tgt.lang.code().to_string(),
            structured,
            timed,
        }
    }
}

/// Ids with their counts, sorted by id. Keys of weight 0 (seen on one side
/// only) can never match: they are dropped, which keeps span tables small.
fn counted(mut ids: Vec<u32>, weight: &[f32]) -> Vec<(u32, u16)> {
    ids.retain(|&id| weight[id as usize] > 0.0);
    ids.sort_unstable();
    let mut out: Vec<(u32, u16)> = Vec::with_capacity(ids.len());
    for id in ids {
        match out.last_mut() {
            Some((last, count)) if *last == id => *count = count.saturating_add(1),
            _ => out.push((id, 1)),
        }
    }
    out
}

/// Sets each unit's [`Unit::soft_inside`]: the soft boundaries of `doc`
/// (sorted) inside its sentence.
fn count_soft_inside(doc: &Document, units: &mut [Unit]) {
    let mut soft = doc.soft.iter().map(|b| b.at).peekable();
    for (sentence, unit) in doc.sentences.iter().zip(units) {
        let mut inside = 0u8;
        while let Some(&at) = soft.peek() {
            if at >= sentence.span.end {
                break;
            }
            if at > sentence.span.start {
                inside = inside.saturating_add(1);
            }
            soft.next();
        }
        unit.soft_inside = inside;
    }
}

/// A pair has usable structure when paragraphs hold several sentences on
/// average; pre-segmented input (one sentence per paragraph) has none.
/// Whether the times of two documents can be compared: all sentences of
/// both are timed, at most one in fifty starts before the one before it
/// (subtitles listed out of time order would pull the alignment against
/// the text), and the spans the two sides cover overlap by half or more
/// (not two different cuts of a video).
fn timed_alike(src: &Document, tgt: &Document) -> bool {
    let span = |doc: &Document| -> Option<(u64, u64)> {
        let times: Option<Vec<(u64, u64)>> = doc.sentences.iter().map(|s| s.time).collect();
        let times = times?;
        let backwards = times.windows(2).filter(|w| w[1].0 < w[0].0).count();
        if times.is_empty() || backwards * 50 > times.len() {
            return None;
        }
        let start = times.iter().map(|t| t.0).min()?;
        let end = times.iter().map(|t| t.1).max()?;
        Some((start, end.max(start)))
    };
    let (Some(a), Some(b)) = (span(src), span(tgt)) else {
        return false;
    };
    let overlap = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = a.1.max(b.1) - a.0.min(b.0);
    union > 0 && overlap * 2 >= union
}

fn has_structure(doc: &Document) -> bool {
    doc.paragraphs.len() > 1 && doc.sentences.len() as f32 / doc.paragraphs.len() as f32 > 1.2
}

/// What both sides' extractions remember for the next extraction of the
/// same documents (see [`Features::extract_remembering`]).
#[derive(Default)]
pub(crate) struct Memo {
    src: SideMemo,
    tgt: SideMemo,
}

impl Memo {
    /// A memo that keeps each sentence read, for documents about to be
    /// extracted again.
    pub(crate) fn remembering_sentences() -> Memo {
        let side = || SideMemo {
            remember_sentences: true,
            ..SideMemo::default()
        };
        Memo {
            src: side(),
            tgt: side(),
        }
    }
}

/// One side's memory: its text keys, its words, the text's lowercase words
/// and, when asked, what each sentence read gave.
#[derive(Default)]
struct SideMemo {
    keys: TextKeys,
    vocabulary: Vocabulary,
    /// Made when a sentence must first be read; the texts of the
    /// extractions a memo serves are one.
    lowercase: Lowercase,
    remember_sentences: bool,
    /// By sentence text.
    sentences: TextMap<String, ReadSentence>,
    /// Whether each dictionary word has a translation on the other side.
    foreign: ForeignWords,
}

/// Whether each dictionary word (by lexicon id) has no translation among
/// the other side's keys `other` (see [`foreign_words`]): None for a word
/// translated only within phrases.
#[derive(Default)]
struct ForeignWords {
    other: Vec<u64>,
    states: TextMap<u32, Option<bool>>,
}

/// Most entries a map of a document's keys or words is made with room
/// for; past it a long document's maps grow as they fill.
const MOST_RESERVED_KEYS: usize = 16_384;

/// The lowercase words of a side's text (see
/// [`sverka_text::headline::lowercase_words`]), made when first needed: a
/// capitalized word the text also has in lowercase is a word that opens a
/// sentence or a title, not a name.
type Lowercase = std::sync::OnceLock<TextSet<Box<str>>>;

fn lowercase_words(text: &str) -> TextSet<Box<str>> {
    // About one distinct lowercase word to twenty bytes of text.
    let mut words = TextSet::with_capacity_and_hasher(
        (text.len() / 20).min(MOST_RESERVED_KEYS),
        Default::default(),
    );
    for word in sverka_text::headline::lowercase_word_occurrences(text) {
        if !words.contains(word) {
            words.insert(Box::from(word));
        }
    }
    words
}

/// What a sentence gives before its keys get the document's ids.
#[derive(Clone)]
struct ReadSentence {
    /// Characters but whitespace (see [`Unit::len`]).
    len: u32,
    /// Text keys in the order met, by raw number.
    keys: Vec<u32>,
    /// Places of its words in the vocabulary (for the lexicon).
    words: Vec<u32>,
    numbers: Vec<Mention>,
    /// Possible names, their `key` a raw number.
    names: Vec<Name>,
    capitalized: Vec<String>,
    /// Its dictionary words and their keys, once looked up (a remembered
    /// sentence's, for the extractions after the first).
    lexicon: Option<std::sync::Arc<SentenceLexicon>>,
}

/// What the lexicon gives a sentence: its dictionary words (lexicon ids,
/// sorted, distinct) and their translation keys (raw lexicon keys, sorted,
/// distinct), before the keys get the document's ids.
struct SentenceLexicon {
    words: Vec<u32>,
    keys: Vec<u32>,
}

/// A sentence waiting for its lexicon keys: its words' places in the
/// vocabulary, or what the lexicon gave it before; and its text when it is
/// remembered, to remember the lexicon's answer with it.
struct PendingLexicon<'d> {
    words: Vec<u32>,
    known: Option<std::sync::Arc<SentenceLexicon>>,
    remembered_as: Option<&'d str>,
}

/// What a distinct word of a document gives, worked out once per document.
#[derive(Clone, Copy)]
struct WordEntry {
    /// Its skeleton's text key (raw number), when it has one.
    skeleton: Option<u32>,
    /// Its place in the document's list of words for the lexicon.
    word: u32,
}

/// The distinct words of one side and their lexicon ids, looked up in
/// batches as sentences come.
#[derive(Default)]
struct Vocabulary {
    entries: TextMap<String, WordEntry>,
    /// Each distinct word, in the order met.
    words: Vec<String>,
    /// The lexicon's id of each word in `words` looked up so far.
    lexicon_ids: Vec<Option<u32>>,
    /// What a capitalized word (without a possessive ending) gives, by the
    /// word as written: worked out once, as most recur.
    capitals: TextMap<String, Capital>,
}

/// What a capitalized word gives as a possible name (see [`read_sentence`]).
struct Capital {
    /// Its phonetic spelling.
    sound: String,
    /// A common word: also met in lowercase, or a month or weekday.
    common: bool,
    /// An abbreviation whatever follows it: a title, an acronym.
    abbreviation: bool,
    /// Long enough to be a name (three letters or more).
    long_enough: bool,
}

impl Capital {
    fn of(base: &str, lowercase: &TextSet<Box<str>>) -> Capital {
        let base_norm = sverka_text::normalize::for_matching(base);
        Capital {
            sound: phonetic(&base_norm),
            common: lowercase.contains(base.to_lowercase().as_str())
                || crate::names::is_calendar_word(&base_norm),
            // All capitals: an acronym, translated rather than
            // transliterated (ООН / UN); so is a short word of several
            // capitals (IoT, PhD).
            abbreviation: is_title_abbreviation(base)
                || base.chars().all(|c| !is_lower(c))
                || (base.chars().count() <= 5
                    && base.chars().filter(|&c| is_upper(c)).count() >= 2),
            long_enough: base.chars().count() >= 3,
        }
    }
}

impl Vocabulary {
    /// The entry of `norm`, numbering its skeleton when first met.
    fn entry(&mut self, norm: &str, keys: &mut TextKeys, buffer: &mut String) -> WordEntry {
        if let Some(&entry) = self.entries.get(norm) {
            return entry;
        }
        let skeleton = skeleton(norm).map(|skeleton| {
            buffer.clear();
            buffer.push_str("w:");
            buffer.push_str(&skeleton);
            keys.raw(buffer)
        });
        let entry = WordEntry {
            skeleton,
            word: self.words.len() as u32,
        };
        self.words.push(norm.to_string());
        self.entries.insert(norm.to_string(), entry);
        entry
    }

    /// Looks up the words met since the last call.
    fn look_up(&mut self, lexicon: &dyn TranslationEvidence, lang: &sverka_text::Lang) {
        let new: Vec<&str> = self.words[self.lexicon_ids.len()..]
            .iter()
            .map(String::as_str)
            .collect();
        if !new.is_empty() {
            let ids = lexicon.word_ids(lang, &new);
            debug_assert_eq!(ids.len(), new.len());
            self.lexicon_ids.extend(ids);
            self.lexicon_ids.resize(self.words.len(), None);
        }
    }
}

/// Reads one sentence: its keys, words, numbers and possible names.
fn read_sentence(
    text: &str,
    lowercase: &TextSet<Box<str>>,
    keys: &mut TextKeys,
    vocabulary: &mut Vocabulary,
    buffer: &mut String,
) -> ReadSentence {
    let tokens = tokenize(text);
    // At most one key and one word a token; both lists are short-lived
    // (the keys are renumbered into a list of their own, the words wait
    // for the lexicon), so room for all of them costs nothing kept.
    let mut ids = Vec::with_capacity(tokens.len());
    let mut words = Vec::with_capacity(tokens.len());
    let mut names = Vec::new();
    let mut capitalized = Vec::new();
    let mut first_word = true;
    for (t, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Number => {
                buffer.clear();
                buffer.push_str("n:");
                buffer.push_str(&token.norm);
                ids.push(keys.raw(buffer));
            }
            TokenKind::Word => {
                let surface = &text[token.span.clone()];
                let is_capitalized = surface.chars().next().is_some_and(is_upper);
                let entry = vocabulary.entry(&token.norm, keys, buffer);
                ids.extend(entry.skeleton);
                if is_capitalized {
                    // Without a possessive ending: `Wiley's` is Wiley.
                    let base = surface.split(['\'', '’']).next().unwrap_or(surface);
                    if !vocabulary.capitals.contains_key(base) {
                        let capital = Capital::of(base, lowercase);
                        vocabulary.capitals.insert(base.to_string(), capital);
                    }
                    let capital = &vocabulary.capitals[base];
                    let abbreviation = capital.abbreviation
                        || (tokens.get(t + 1).is_some_and(|n| n.norm == ".")
                            && is_state_abbreviation(surface));
                    if !first_word && capital.long_enough && !abbreviation && !capital.common {
                        names.push(Name {
                            surface: base.to_string(),
                            phonetic: capital.sound.clone(),
                            translations: Vec::new(),
                            key: entry.skeleton,
                        });
                    }
                    capitalized.push(capital.sound.clone());
                }
                words.push(entry.word);
                first_word = false;
            }
            TokenKind::Punct => {
                // A word after a full stop inside a "sentence" opens
                // one (two sentences the segmenter kept together).
                if matches!(token.norm.as_str(), "." | "!" | "?" | "…") {
                    first_word = true;
                }
                let key = match token.norm.as_str() {
                    "?" => Some("p:?"),
                    "!" => Some("p:!"),
                    "\"" => Some("p:\""),
                    ":" => Some("p::"),
                    "(" => Some("p:("),
                    ";" => Some("p:;"),
                    "%" => Some("p:%"),
                    "$" | "€" | "£" => Some("p:$"),
                    _ => None,
                };
                if let Some(key) = key {
                    ids.push(keys.raw(key));
                }
            }
        }
    }
    // Kept for the whole alignment, one set per sentence: without the
    // room left by growing (a sentence's one name held room for four),
    // they took some 50 MB at 100k sentence pairs.
    names.shrink_to_fit();
    capitalized.shrink_to_fit();
    ReadSentence {
        len: text.chars().filter(|c| !c.is_whitespace()).count() as u32,
        keys: ids,
        words,
        numbers: mentions(text, &tokens),
        names,
        capitalized,
        lexicon: None,
    }
}

/// Sentences of a side from which they are read in chunks on several
/// threads, each with its own key numbering, merged after in order (see
/// [`side_keys`]).
const CHUNKED_FROM: usize = 2 * LEXICON_BATCH;

/// Chunks a long side is read in: enough to keep two threads busy while
/// the other side is read too.
const CHUNKS: usize = 4;

/// The keys of `doc`'s sentences, numbered by `interner` in the order a
/// reading from first sentence to last meets them (the tables' bytes
/// depend on it). A long side read for the first time (a fresh `memo`
/// that remembers no sentences) is read in [`CHUNKS`] chunks at once, each
/// numbering its own keys; the chunks' numberings are then absorbed into
/// the first one's in order, which gives every key the id one reading
/// would: a key new to chunk `c` is first met there, and the chunks meet
/// their keys in the same order. Chunks start at multiples of
/// [`LEXICON_BATCH`], where a reading interns a batch's lexicon keys. The
/// memo then knows the first chunk's words only: such a memo serves one
/// extraction (a memo that remembers sentences is read in one go).
fn side_keys(
    doc: &Document,
    interner: &mut Interner,
    lexicon: Option<&dyn TranslationEvidence>,
    memo: &mut SideMemo,
    only: Option<&OtherSideKeys>,
) -> SideKeys {
    let n = doc.sentences.len();
    let fresh = !memo.remember_sentences && memo.keys.names.is_empty() && interner.len() == 0;
    // Out of the memo while the memo is lent to the reading.
    let lowercase = std::mem::take(&mut memo.lowercase);
    let mut keys = if n < CHUNKED_FROM || !fresh {
        read_sentences(doc, 0..n, &lowercase, interner, lexicon, memo, only)
    } else {
        read_in_chunks(doc, &lowercase, interner, lexicon, memo, only)
    };
    memo.lowercase = lowercase;
    if let Some(lexicon) = lexicon {
        name_translations(lexicon, &doc.lang, &mut keys.names, interner);
    }
    keys
}

/// [`read_sentences`] over all of `doc` in [`CHUNKS`] chunks at once (see
/// [`side_keys`]).
fn read_in_chunks(
    doc: &Document,
    lowercase: &Lowercase,
    interner: &mut Interner,
    lexicon: Option<&dyn TranslationEvidence>,
    memo: &mut SideMemo,
    only: Option<&OtherSideKeys>,
) -> SideKeys {
    let n = doc.sentences.len();
    let chunk = n.div_ceil(CHUNKS).div_ceil(LEXICON_BATCH) * LEXICON_BATCH;
    let ranges: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(chunk)
        .map(|from| from..(from + chunk).min(n))
        .collect();
    let mut read: Vec<(SideKeys, Interner, SideMemo)> = ranges
        .into_par_iter()
        .map(|range| {
            let mut interner = Interner::default();
            let mut memo = SideMemo::default();
            let keys = read_sentences(
                doc,
                range,
                lowercase,
                &mut interner,
                lexicon,
                &mut memo,
                only,
            );
            (keys, interner, memo)
        })
        .collect();
    let rest = read.split_off(1);
    let (mut keys, first_interner, first_memo) = read.pop().expect("a first chunk");
    *interner = first_interner;
    *memo = first_memo;
    keys.reserve_exact(
        rest.iter().map(|(more, _, _)| more.keys.len()).sum(),
        rest.iter().map(|(more, _, _)| more.lex_words.len()).sum(),
    );
    for (mut more, chunk_interner, chunk_memo) in rest {
        let renumbered = interner.absorb(chunk_interner, &chunk_memo.keys, &mut memo.keys);
        more.renumber(&renumbered);
        keys.append(more);
    }
    keys
}

/// Reads the sentences `range` of `doc` (see [`side_keys`]), all but the
/// names' dictionary translations.
fn read_sentences(
    doc: &Document,
    range: std::ops::Range<usize>,
    lowercase: &Lowercase,
    interner: &mut Interner,
    lexicon: Option<&dyn TranslationEvidence>,
    memo: &mut SideMemo,
    only: Option<&OtherSideKeys>,
) -> SideKeys {
    let sentences = &doc.sentences[range];
    // About a distinct word to ten bytes of text.
    let words = doc.text.len() / 10;
    if memo.vocabulary.entries.is_empty() && words <= MOST_RESERVED_KEYS {
        // Room for a short document's words and their keys from the start:
        // growing the maps rehashed them some ten times a side. A long
        // document's maps grow as they fill (room made early held more
        // memory at the end).
        memo.vocabulary.entries.reserve(words);
        memo.vocabulary.words.reserve(words);
        memo.keys.numbers.reserve(words);
        memo.keys.names.reserve(words);
        if memo.remember_sentences {
            memo.sentences
                .reserve(doc.sentences.len().min(MOST_RESERVED_KEYS));
        }
    }
    let mut lens = Vec::with_capacity(sentences.len());
    let mut keys = Vec::with_capacity(sentences.len());
    let mut numbers = Vec::with_capacity(sentences.len());
    let mut names: Vec<Vec<Name>> = Vec::with_capacity(sentences.len());
    let mut capitalized = Vec::with_capacity(sentences.len());
    // Sentences waiting for the lexicon.
    let mut sentence_words: Vec<PendingLexicon> = Vec::new();
    let mut lex: Vec<Vec<u32>> = Vec::with_capacity(sentences.len());
    let mut lex_words: Vec<u32> = Vec::new();
    let mut lex_word_ends: Vec<u32> = Vec::new();
    let mut lex_left_out: Vec<u32> = Vec::new();
    let mut buffer = String::new();
    for sentence in sentences {
        let text = doc.sentence_text(sentence);
        let mut read = |memo: &mut SideMemo| {
            // Made when a sentence must be read, which a remembered
            // document may not need.
            let lowercase = lowercase.get_or_init(|| lowercase_words(&doc.text));
            read_sentence(
                text,
                lowercase,
                &mut memo.keys,
                &mut memo.vocabulary,
                &mut buffer,
            )
        };
        let read = if !memo.remember_sentences {
            read(memo)
        } else if let Some(known) = memo.sentences.get(text) {
            known.clone()
        } else {
            let read = read(memo);
            memo.sentences.insert(text.to_string(), read.clone());
            read
        };
        lens.push(read.len);
        // Ids in the order the keys were met, as one pass over the text gives.
        keys.push(
            read.keys
                .iter()
                .map(|&raw| interner.id(raw))
                .collect::<Vec<u32>>(),
        );
        numbers.push(read.numbers);
        names.push(
            read.names
                .into_iter()
                .map(|name| Name {
                    key: name.key.map(|raw| interner.id(raw)),
                    ..name
                })
                .collect(),
        );
        capitalized.push(read.capitalized);
        if let Some(lexicon) = lexicon {
            sentence_words.push(PendingLexicon {
                words: read.words,
                known: read.lexicon,
                remembered_as: memo.remember_sentences.then_some(text),
            });
            // Lexicon keys are interned a batch of sentences at a time,
            // after the batch's text keys: the order key ids have always
            // had, which the tables' bytes depend on.
            if sentence_words.len() == LEXICON_BATCH {
                lexicon_keys(
                    lexicon,
                    &doc.lang,
                    memo,
                    &mut sentence_words,
                    (interner, only),
                    (&mut lex, &mut lex_left_out),
                    (&mut lex_words, &mut lex_word_ends),
                );
            }
        }
    }
    if let Some(lexicon) = lexicon {
        lexicon_keys(
            lexicon,
            &doc.lang,
            memo,
            &mut sentence_words,
            (interner, only),
            (&mut lex, &mut lex_left_out),
            (&mut lex_words, &mut lex_word_ends),
        );
    }
    lex.resize(sentences.len(), Vec::new());
    lex_word_ends.resize(sentences.len(), lex_words.len() as u32);
    lex_left_out.resize(sentences.len(), 0);
    SideKeys {
        lens,
        lex,
        lex_words,
        lex_word_ends,
        lex_left_out,
        keys,
        numbers,
        names,
        capitalized,
    }
}

/// Looks up every possible name alone: a capitalized word the dictionary
/// translates is a word, and matches through its translations.
fn name_translations(
    lexicon: &dyn TranslationEvidence,
    lang: &sverka_text::Lang,
    names: &mut [Vec<Name>],
    interner: &mut Interner,
) {
    let words: Vec<String> = names
        .iter()
        .flatten()
        .map(|n| sverka_text::normalize::for_matching(&n.surface))
        .collect();
    if words.is_empty() {
        return;
    }
    let borrowed: Vec<&str> = words.iter().map(String::as_str).collect();
    let ids = lexicon.word_ids(lang, &borrowed);
    let mut keys = Vec::new();
    for (name, id) in names.iter_mut().flatten().zip(ids) {
        keys.clear();
        if let Some(id) = id {
            lexicon.keys_of_words(lang, &[id], &mut keys);
        }
        keys.sort_unstable();
        keys.dedup();
        name.translations = keys.iter().map(|&k| interner.lexicon_id(k)).collect();
        name.translations.sort_unstable();
        name.translations.dedup();
    }
}

/// Sentences whose lexicon keys are interned at a time.
const LEXICON_BATCH: usize = 2048;

/// The lexicon keys of a batch of sentences, appended to `lex`. What the
/// lexicon gives a remembered sentence is remembered with it: the
/// extractions after the first (one per round of cuts) only number its keys.
fn lexicon_keys(
    lexicon: &dyn TranslationEvidence,
    lang: &sverka_text::Lang,
    memo: &mut SideMemo,
    sentence_words: &mut Vec<PendingLexicon>,
    (interner, only): (&mut Interner, Option<&OtherSideKeys>),
    (lex, left_out): (&mut Vec<Vec<u32>>, &mut Vec<u32>),
    (words_out, ends): (&mut Vec<u32>, &mut Vec<u32>),
) {
    memo.vocabulary.look_up(lexicon, lang);
    // Scratch lists with room for a long sentence's dictionary words and
    // their keys (a Russian sentence has dozens of keys): growing them
    // from nothing reallocated each several times a document.
    let mut present = Vec::with_capacity(64);
    let mut keys = Vec::with_capacity(512);
    let mut kept = Vec::with_capacity(512);
    for pending in sentence_words.drain(..) {
        let (words, found_keys): (&[u32], &[u32]) = match &pending.known {
            Some(known) => (&known.words, &known.keys),
            None => {
                present.clear();
                present.extend(
                    pending
                        .words
                        .iter()
                        .filter_map(|&w| memo.vocabulary.lexicon_ids[w as usize]),
                );
                present.sort_unstable();
                present.dedup();
                keys.clear();
                lexicon.keys_of_words(lang, &present, &mut keys);
                keys.sort_unstable();
                keys.dedup();
                if let Some(read) = pending
                    .remembered_as
                    .and_then(|text| memo.sentences.get_mut(text))
                {
                    read.lexicon = Some(std::sync::Arc::new(SentenceLexicon {
                        words: present.clone(),
                        keys: keys.clone(),
                    }));
                }
                (&present, &keys)
            }
        };
        kept.clear();
        kept.extend(
            found_keys
                .iter()
                .filter(|&&key| only.is_none_or(|only| only.has(key)))
                .map(|&key| interner.lexicon_id(key)),
        );
        left_out.push((found_keys.len() - kept.len()) as u32);
        // Without room to spare: a long document holds these lists.
        lex.push(kept.as_slice().to_vec());
        words_out.extend_from_slice(words);
        ends.push(words_out.len() as u32);
    }
}

/// Per sentence of one side: how many of its dictionary words have no
/// translation anywhere on the other side (no key of positive weight), and
/// how many dictionary words it has. The untranslated words' keys weigh
/// nothing in the search, but a sentence (or part) full of them says
/// something the other text does not.
///
/// `other`: the dictionary keys of the other side's sentences that count
/// there. A word's keys are all among its sentence's, so one of them
/// weighs something exactly when the other side counts it.
///
/// A memo that remembers sentences keeps each word's answer for the next
/// extraction, as long as the other side's keys are the same (sentences
/// cut at soft boundaries keep their words).
fn foreign_words(
    lexicon: &dyn TranslationEvidence,
    lang: &sverka_text::Lang,
    side: &SideKeys,
    other: &OtherSideKeys,
    memo: &mut SideMemo,
) -> Vec<(u16, u16)> {
    let mut fresh = ForeignWords::default();
    let foreign = if memo.remember_sentences {
        let known = &mut memo.foreign;
        if known.other != other.significant() {
            known.other.clear();
            known.other.extend_from_slice(other.significant());
            known.states.clear();
        }
        &mut known.states
    } else {
        &mut fresh.states
    };
    let mut keys = Vec::new();
    let mut start = 0usize;
    side.lex_word_ends
        .iter()
        .map(|&end| {
            let words = &side.lex_words[start..end as usize];
            start = end as usize;
            let mut count = 0u16;
            let mut known = 0u16;
            for &word in words {
                let state = *foreign.entry(word).or_insert_with(|| {
                    keys.clear();
                    lexicon.keys_of_words(lang, &[word], &mut keys);
                    (!keys.is_empty()).then(|| !keys.iter().any(|&key| other.has(key)))
                });
                count = count.saturating_add(u16::from(state == Some(true)));
                known = known.saturating_add(u16::from(state.is_some()));
            }
            (count, known)
        })
        .collect()
}

/// A consonant skeleton of a word in Latin letters, so that `Лаврова`,
/// `Lavrov`, `президентом` and `president` meet: transliterate, drop accents,
/// merge letters that transliterations confuse, drop vowels after the first
/// letter and keep four consonants (Russian endings fall off). Words with
/// fewer than three consonants carry too little to match and give None.
pub fn skeleton(norm: &str) -> Option<String> {
    let mut latin = sverka_text::normalize::transliterate(norm);
    if latin.contains("ph") {
        // Greek φ is `ph` in English and ф in Russian: philosophy, философия.
        latin = latin.replace("ph", "f");
    }
    if latin.is_ascii() {
        // Nothing to decompose (most words): no normalization pass.
        skeleton_of(latin.chars().filter(char::is_ascii_alphabetic))
    } else {
        skeleton_of(latin.nfd().filter(|&c| is_letter(c)))
    }
}

fn skeleton_of(letters: impl Iterator<Item = char>) -> Option<String> {
    let mut out = String::with_capacity(8);
    let mut consonants = 0;
    let mut last: Option<char> = None;
    for (position, c) in letters.enumerate() {
        let c = match c {
            'c' | 'q' => 'k',
            'z' => 's',
            'w' => 'v',
            'ß' => 's',
            'x' => 'k',
            'j' => 'y',
            other => other,
        };
        if c == 'h' {
            continue;
        }
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if position == 0 {
            out.push(if vowel { 'a' } else { c });
            if !vowel {
                consonants += 1;
            }
            last = Some(c);
            continue;
        }
        if vowel || Some(c) == last || !c.is_ascii_lowercase() {
            last = Some(c);
            continue;
        }
        out.push(c);
        last = Some(c);
        consonants += 1;
        if consonants == 4 {
            break;
        }
    }
    (consonants >= 3).then_some(out)
}

#[cfg(test)]
mod memo_tests {
    use super::*;
    use proptest::prelude::*;
    use sverka_text::Lang;

    /// Gives each word of two or more letters a key of its own, and a
    /// second for the words it would translate (their first letter), so
    /// that keys repeat across words as a dictionary's do.
    struct Letters;

    impl TranslationEvidence for Letters {
        fn word_ids(&self, _: &Lang, words: &[&str]) -> Vec<Option<u32>> {
            words
                .iter()
                .map(|w| (w.chars().count() > 1).then(|| w.chars().map(|c| c as u32).sum()))
                .collect()
        }
        fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
            keys.extend(ids.iter().flat_map(|&id| [id, id % 97]));
        }
    }

    const RU: &str =
        "В 2017 году Лавров прилетел в Минск. Он встретился с Макеем и говорил 2 часа \
        о договоре, «Северном потоке» и ценах на газ. Затем министры ответили на вопросы: \
        сколько стоит газ? Почему 15% - это много! Встреча продлилась до 18:30, сказал Макей.";
    const EN: &str = "In 2017 Lavrov flew to Minsk. He met Makei and spoke for 2 hours about \
        the treaty, \"Nord Stream\" and gas prices. Then the ministers took questions: how much \
        does gas cost? Why is 15% a lot! The meeting lasted until 18:30, Makei said.";

    /// Everything extracted, as text: equal strings mean equal features to
    /// the bit (floats print so that they read back exactly).
    fn shown(features: &Features) -> String {
        format!("{features:?}")
    }

    proptest! {
        /// Documents extracted again after cuts, through a memo that has
        /// seen them whole, give exactly the features a fresh extraction
        /// gives (key ids in the same order, so the same sums to the bit).
        #[test]
        fn a_remembering_extraction_equals_a_fresh_one(
            ru_cuts in proptest::collection::vec(0usize..400, 0..6),
            en_cuts in proptest::collection::vec(0usize..400, 0..6),
            lexicon in any::<bool>(),
        ) {
            let lexicon: Option<&dyn TranslationEvidence> = if lexicon { Some(&Letters) } else { None };
            let mut ru = Document::from_text(RU.to_string(), Lang::Ru);
            let mut en = Document::from_text(EN.to_string(), Lang::En);
            let mut memo = Memo::remembering_sentences();
            let first = Features::extract_remembering(&ru, &en, lexicon, &mut memo);
            prop_assert_eq!(shown(&first), shown(&Features::extract(&ru, &en, lexicon)));
            let at = |text: &str, cuts: &[usize]| -> Vec<usize> {
                cuts.iter().map(|&c| c % text.len()).filter(|&c| text.is_char_boundary(c)).collect()
            };
            ru.split_sentences_at(&at(RU, &ru_cuts));
            en.split_sentences_at(&at(EN, &en_cuts));
            let again = Features::extract_remembering(&ru, &en, lexicon, &mut memo);
            let fresh = Features::extract_remembering(&ru, &en, lexicon, &mut Memo::default());
            prop_assert_eq!(shown(&again), shown(&fresh));
        }
    }

    /// `sentences` one per line, words drawn by a fixed generator from a
    /// vocabulary of `alphabet`'s letters, with numbers and names: each
    /// chunk of a long side meets its keys in an order of its own.
    fn long_text(sentences: usize, alphabet: &[char], seed: u64) -> String {
        let mut state = seed;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % below
        };
        let word = |capital: bool, next: &mut dyn FnMut(u64) -> u64| -> String {
            let n = 2 + next(6) as usize;
            let mut w: String = (0..n)
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect();
            if capital {
                w = w
                    .chars()
                    .next()
                    .unwrap()
                    .to_uppercase()
                    .chain(w.chars().skip(1))
                    .collect();
            }
            w
        };
        let mut text = String::new();
        for _ in 0..sentences {
            let words = 3 + next(12) as usize;
            let mut sentence: Vec<String> = vec![word(true, &mut next)];
            for _ in 1..words {
                sentence.push(match next(10) {
                    0 => next(3000).to_string(),
                    1 => word(true, &mut next),
                    _ => word(false, &mut next),
                });
            }
            text.push_str(&sentence.join(" "));
            text.push_str(".\n");
        }
        text
    }

    /// A long side is read in chunks on several threads; the features are
    /// those one reading from first sentence to last gives (a remembering
    /// memo reads that way), to the bit.
    #[test]
    fn a_long_side_read_in_chunks_equals_one_reading() {
        let ru_letters: Vec<char> = "абвгдежзиклмнопрстуфх".chars().collect();
        let en_letters: Vec<char> = "abcdefghiklmnoprstuvw".chars().collect();
        let n = CHUNKED_FROM + LEXICON_BATCH + 123;
        let ru = Document::presegmented(long_text(n, &ru_letters, 7), Lang::Ru);
        let en = Document::presegmented(long_text(n, &en_letters, 11), Lang::En);
        for lexicon in [Some(&Letters as &dyn TranslationEvidence), None] {
            let chunked = Features::extract(&ru, &en, lexicon);
            let one_reading = Features::extract_remembering(
                &ru,
                &en,
                lexicon,
                &mut Memo::remembering_sentences(),
            );
            assert!(chunked.weight.len() > 10_000);
            assert_eq!(shown(&chunked), shown(&one_reading));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::skeleton;
    use super::{Features, TranslationEvidence, Unit};
    use sverka_text::{Document, Lang};

    /// A glossary of a few words: each Russian word and its English
    /// translation share one key.
    struct Glossary;

    impl TranslationEvidence for Glossary {
        fn word_ids(&self, lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
            let known: &[&str] = match lang {
                Lang::Ru => &["кошка", "спит", "окне", "акции"],
                _ => &["cat", "sleeps", "window", "shares", "airline", "fell"],
            };
            words
                .iter()
                .map(|w| known.iter().position(|k| k == w).map(|p| p as u32))
                .collect()
        }
        fn keys_of_words(&self, _: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
            keys.extend_from_slice(ids);
        }
    }

    /// A sentence from another text is full of dictionary words whose
    /// translations the other side lacks; its translation is not.
    #[test]
    fn words_whose_translations_the_other_side_lacks_are_counted() {
        let ru = Document::from_text(
            "Кошка спит на окне. Кошка спит долго.".to_string(),
            Lang::Ru,
        );
        let en = Document::from_text(
            "The cat sleeps on the window. Shares of the airline fell.".to_string(),
            Lang::En,
        );
        let counts = |units: &[Unit]| -> Vec<(u16, u16)> {
            units
                .iter()
                .map(|u| (u.foreign_words, u.lexicon_words))
                .collect()
        };
        let features = Features::extract(&ru, &en, Some(&Glossary));
        assert_eq!(counts(&features.src), [(0, 3), (0, 2)]);
        assert_eq!(counts(&features.tgt), [(0, 3), (3, 3)]);
        let bare = Features::extract(&ru, &en, None);
        assert_eq!(counts(&bare.tgt), [(0, 0), (0, 0)]);
    }

    /// A dictionary key of the first side that the second side's sentences
    /// lack weighs nothing: it gets no id, yet its sentence still counts
    /// it among its keys, and its word as foreign.
    #[test]
    fn keys_of_the_first_side_alone_are_counted_not_interned() {
        let ru = Document::from_text("Кошка спит на окне. Акции упали.".to_string(), Lang::Ru);
        let en = Document::from_text("The cat sleeps on the window.".to_string(), Lang::En);
        let features = Features::extract(&ru, &en, Some(&Glossary));
        let text_keys = Features::extract(&ru, &en, None).weight.len();
        // кошка, спит and окне meet cat, sleeps and window; акции's key
        // (that of `shares`) is not numbered.
        assert_eq!(features.weight.len(), text_keys + 3);
        let shares = &features.src[1];
        assert_eq!((shares.foreign_words, shares.lexicon_words), (1, 1));
        assert!(shares.lex.is_empty());
        // Its skeleton key and its dictionary key, neither on the other side.
        assert_eq!(features.src_coverage[1], [2, 0]);
        let bare = Features::extract(&ru, &en, None);
        assert_eq!(bare.src_coverage[1], [1, 0]);
    }

    #[test]
    fn skeletons_meet_across_scripts() {
        for (ru, en) in [
            ("лавров", "lavrov"),
            ("лаврова", "lavrov"),
            ("президентом", "president"),
            ("беларусь", "belarus"),
            ("тиллерсон", "tillerson"),
            ("вашингтоне", "washington"),
            ("expédition", "expedition"),
            ("филодендрон", "philodendron"),
            ("философии", "philosophy"),
        ] {
            assert_eq!(skeleton(ru), skeleton(en), "{ru} {en}");
            assert!(skeleton(en).is_some(), "{en}");
        }
        assert_eq!(skeleton("the"), None);
    }
}
