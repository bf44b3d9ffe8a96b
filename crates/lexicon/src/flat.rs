//! A lexicon frozen into flat arrays: what the [`cache`](crate::cache)
//! stores and what a loaded dictionary aligns with. Loading it copies a few
//! arrays out of the file and checks them; nothing is hashed into a map or
//! allocated per entry (building Mueller's hash maps from its cache was most
//! of a run's time on a short document), and the arrays take a fraction of
//! the maps' memory.
//!
//! Each side keeps its stems in one text arena with offsets, an
//! open-addressing table of stem ids over [`FastHasher`] (deterministic, so
//! the stored table holds across runs), and its phrases grouped by first
//! stem in CSR arrays: phrase offsets into one id array, key offsets into
//! one key array. Ids and keys are exactly those of the open lexicon it was
//! frozen from, so alignments do not change.

use std::hash::Hasher;

use crate::fasthash::FastHasher;
use crate::{names_by_id, Open, SideIndex};

/// A free slot of a stem table.
const EMPTY: u32 = u32::MAX;

/// The stem table's hash of a stem.
fn stem_hash(stem: &str) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(stem.as_bytes());
    hasher.finish()
}

/// Slots for `n` stems: a power of two, at least half again as many, so
/// probes stay short and one slot is always free (probing ends there).
fn table_len(n: usize) -> usize {
    (n + n / 2 + 1).next_power_of_two()
}

/// One language of a frozen lexicon.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FlatSide {
    /// Stem `i` is `text[ends[i]..ends[i + 1]]`.
    text: String,
    ends: Vec<u32>,
    /// Stem ids by hash, linear probing, [`EMPTY`] where free.
    slots: Vec<u32>,
    /// Phrases starting with stem `i` are `by_first[i]..by_first[i + 1]`,
    /// ordered by their other stems.
    by_first: Vec<u32>,
    /// Stem ids of phrase `p`, sorted (the first is its group's stem):
    /// `ids[phrase_ends[p]..phrase_ends[p + 1]]`.
    phrase_ends: Vec<u32>,
    ids: Vec<u32>,
    /// Keys of phrase `p`, sorted: `keys[key_ends[p]..key_ends[p + 1]]`.
    key_ends: Vec<u32>,
    keys: Vec<u32>,
}

/// Phrases a word opens up to which each is tested against a sentence's
/// stems; past it only those whose second stem the sentence has.
const SCANNED_PHRASES: usize = 8;

impl FlatSide {
    fn stems(&self) -> usize {
        self.ends.len() - 1
    }

    fn phrases(&self) -> usize {
        self.phrase_ends.len() - 1
    }

    fn stem(&self, id: usize) -> &str {
        &self.text[self.ends[id] as usize..self.ends[id + 1] as usize]
    }

    fn phrase(&self, p: usize) -> &[u32] {
        &self.ids[self.phrase_ends[p] as usize..self.phrase_ends[p + 1] as usize]
    }

    fn phrase_keys(&self, p: usize) -> &[u32] {
        &self.keys[self.key_ends[p] as usize..self.key_ends[p + 1] as usize]
    }

    fn names(&self, ids: &[u32]) -> Vec<String> {
        ids.iter()
            .map(|&id| self.stem(id as usize).to_string())
            .collect()
    }

    /// The id of a stem, if the side has it.
    pub(crate) fn stem_id(&self, stem: &str) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = stem_hash(stem) as usize & mask;
        loop {
            match self.slots[at] {
                EMPTY => return None,
                id if self.stem(id as usize) == stem => return Some(id),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Keys of the phrases whose stems all occur among `present` (sorted).
    pub(crate) fn keys_in(&self, present: &[u32], out: &mut Vec<u32>) {
        for (at, &id) in present.iter().enumerate() {
            let Some(group) = self.by_first.get(id as usize..id as usize + 2) else {
                continue;
            };
            let phrases = group[0] as usize..group[1] as usize;
            if phrases.len() <= SCANNED_PHRASES {
                for p in phrases {
                    self.keys_if_present(p, present, out);
                }
            } else {
                self.keys_in_group(phrases, &present[at..], present, out);
            }
        }
    }

    /// The keys of phrase `p` when all its stems after the first are
    /// among `present`.
    #[inline]
    fn keys_if_present(&self, p: usize, present: &[u32], out: &mut Vec<u32>) {
        let rest = &self.phrase(p)[1..];
        if rest.iter().all(|r| present.binary_search(r).is_ok()) {
            out.extend_from_slice(self.phrase_keys(p));
        }
    }

    /// [`FlatSide::keys_in`] for a word that opens many phrases (`the`,
    /// `в`): a group's phrases are sorted by their stems after the first,
    /// each of them at least the first, so only those whose second stem is
    /// among `later` (the present stems from the word on) are tested, in
    /// the group's order. A word alone comes first.
    fn keys_in_group(
        &self,
        phrases: std::ops::Range<usize>,
        later: &[u32],
        present: &[u32],
        out: &mut Vec<u32>,
    ) {
        let mut from = phrases.start;
        while from < phrases.end && self.phrase(from).len() == 1 {
            out.extend_from_slice(self.phrase_keys(from));
            from += 1;
        }
        let second_of = |p: usize| self.phrase(p)[1];
        // The first phrase of `from..phrases.end` for which `past` holds
        // (it holds for the rest after it).
        let first_past = |from: usize, past: &dyn Fn(u32) -> bool| {
            let (mut lo, mut hi) = (from, phrases.end);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if past(second_of(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            lo
        };
        for &second in later {
            if from == phrases.end {
                break;
            }
            let start = first_past(from, &|s| s >= second);
            let end = first_past(start, &|s| s > second);
            for p in start..end {
                self.keys_if_present(p, present, out);
            }
            from = end;
        }
    }

    /// The phrase with these stem ids (sorted), if the side has it.
    fn find(&self, ids: &[u32]) -> Option<usize> {
        let (&first, rest) = ids.split_first()?;
        let group = self.by_first.get(first as usize..first as usize + 2)?;
        let (mut lo, mut hi) = (group[0] as usize, group[1] as usize);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.phrase(mid)[1..].cmp(rest) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn freeze(side: &SideIndex) -> FlatSide {
        let names = names_by_id(&side.stems);
        let mut flat = FlatSide {
            ends: vec![0],
            slots: vec![EMPTY; table_len(names.len())],
            by_first: vec![0],
            phrase_ends: vec![0],
            key_ends: vec![0],
            ..FlatSide::default()
        };
        for name in &names {
            flat.text.push_str(name);
            flat.ends.push(flat.text.len() as u32);
        }
        let mask = flat.slots.len() - 1;
        for (id, name) in names.iter().enumerate() {
            let mut at = stem_hash(name) as usize & mask;
            while flat.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            flat.slots[at] = id as u32;
        }
        for first in 0..names.len() as u32 {
            let mut phrases: Vec<_> = side.by_first.get(&first).into_iter().flatten().collect();
            phrases.sort_by(|a, b| a.rest.cmp(&b.rest));
            for phrase in phrases {
                flat.ids.push(first);
                flat.ids.extend_from_slice(&phrase.rest);
                flat.phrase_ends.push(flat.ids.len() as u32);
                let start = flat.keys.len();
                flat.keys.extend_from_slice(&phrase.keys);
                flat.keys[start..].sort_unstable();
                flat.key_ends.push(flat.keys.len() as u32);
            }
            flat.by_first.push(flat.phrases() as u32);
        }
        flat
    }

    /// Whether the arrays make a side whose keys are below `n_keys`: every
    /// offset in bounds, phrases sorted and distinct, and the stem table
    /// finding each stem at its own id (so the stems are distinct too).
    /// Nothing is sliced before the offsets it uses are checked.
    fn check(&self, n_keys: usize) -> bool {
        let Some(n) = self.ends.len().checked_sub(1) else {
            return false;
        };
        if !offsets(&self.ends, self.text.len(), false)
            || !self
                .ends
                .iter()
                .all(|&e| self.text.is_char_boundary(e as usize))
            || self.by_first.len() != n + 1
            || !offsets(&self.phrase_ends, self.ids.len(), true)
            || !offsets(&self.by_first, self.phrases(), false)
            || self.key_ends.len() != self.phrase_ends.len()
            || !offsets(&self.key_ends, self.keys.len(), true)
            || !self.table_holds_each_stem(n)
        {
            return false;
        }
        for first in 0..n {
            let group = self.by_first[first] as usize..self.by_first[first + 1] as usize;
            for p in group.clone() {
                let ids = self.phrase(p);
                if ids[0] as usize != first
                    || !increasing(ids)
                    || ids[ids.len() - 1] as usize >= n
                    || (p > group.start && self.phrase(p - 1)[1..] >= ids[1..])
                {
                    return false;
                }
                let keys = self.phrase_keys(p);
                if !increasing(keys) || keys[keys.len() - 1] as usize >= n_keys {
                    return false;
                }
            }
        }
        true
    }

    fn table_holds_each_stem(&self, n: usize) -> bool {
        if !self.slots.len().is_power_of_two() || self.slots.len() <= n {
            return false;
        }
        let mut seen = vec![false; n];
        for &id in &self.slots {
            if id != EMPTY {
                match seen.get_mut(id as usize) {
                    Some(seen @ false) => *seen = true,
                    _ => return false,
                }
            }
        }
        // Each id once and more slots than ids: probing always ends.
        seen.iter().all(|&s| s) && (0..n).all(|id| self.stem_id(self.stem(id)) == Some(id as u32))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.text.as_bytes());
        for array in [
            &self.ends,
            &self.slots,
            &self.by_first,
            &self.phrase_ends,
            &self.ids,
            &self.key_ends,
            &self.keys,
        ] {
            put_u32s(out, array);
        }
    }

    fn decode(input: &mut Reader<'_>) -> Option<FlatSide> {
        Some(FlatSide {
            text: std::str::from_utf8(input.bytes()?).ok()?.to_string(),
            ends: input.u32s()?,
            slots: input.u32s()?,
            by_first: input.u32s()?,
            phrase_ends: input.u32s()?,
            ids: input.u32s()?,
            key_ends: input.u32s()?,
            keys: input.u32s()?,
        })
    }
}

/// Offsets into a list of `total` items: from 0 to `total`, never falling
/// (rising at each step when `strictly`).
fn offsets(ends: &[u32], total: usize, strictly: bool) -> bool {
    ends.first() == Some(&0)
        && ends.last().is_some_and(|&last| last as usize == total)
        && ends
            .windows(2)
            .all(|w| w[0] < w[1] || (!strictly && w[0] == w[1]))
}

fn increasing(ids: &[u32]) -> bool {
    ids.windows(2).all(|w| w[0] < w[1])
}

/// A frozen lexicon: both sides and the order its pairs were added in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flat {
    pub(crate) first: FlatSide,
    pub(crate) second: FlatSide,
    /// The pairs in the order added, each as its place in `first.keys`:
    /// replaying them rebuilds the same ids (see [`Flat::thaw`]).
    log: Vec<u32>,
    /// The second-side phrase of each key (one each).
    key_phrase: Vec<u32>,
}

impl Flat {
    pub(crate) fn len(&self) -> usize {
        self.log.len()
    }

    pub(crate) fn freeze(open: &Open) -> Flat {
        let first = FlatSide::freeze(&open.first);
        let second = FlatSide::freeze(&open.second);
        let log = open
            .log
            .iter()
            .map(|(ids, key)| {
                let p = first.find(ids).expect("logged phrases are indexed");
                let at = first.phrase_keys(p).binary_search(key);
                first.key_ends[p] + at.expect("logged keys are indexed") as u32
            })
            .collect();
        let key_phrase = key_phrases(&second).expect("an open lexicon has a phrase per key");
        Flat {
            first,
            second,
            log,
            key_phrase,
        }
    }

    /// The open lexicon this was frozen from, to add pairs to: the same
    /// stems, keys and log, so new pairs get the ids they would have got.
    pub(crate) fn thaw(&self) -> Open {
        let stems = |side: &FlatSide| {
            (0..side.stems())
                .map(|i| side.stem(i).to_string())
                .collect()
        };
        let second_phrases = self
            .key_phrase
            .iter()
            .map(|&p| self.second.phrase(p as usize).into())
            .collect();
        let log = (0..self.log.len())
            .map(|i| {
                let (ids, key) = self.logged(i);
                (ids.into(), key)
            })
            .collect();
        Open::from_parts(stems(&self.first), stems(&self.second), second_phrases, log)
            .expect("a checked flat lexicon is consistent")
    }

    /// Pair `i` of the log: first-side stem ids and key.
    fn logged(&self, i: usize) -> (&[u32], u32) {
        let at = self.log[i];
        let p = self.first.key_ends.partition_point(|&end| end <= at) - 1;
        (self.first.phrase(p), self.first.keys[at as usize])
    }

    pub(crate) fn stem_pairs(&self) -> impl Iterator<Item = (Vec<String>, Vec<String>)> + '_ {
        (0..self.log.len()).map(|i| {
            let (first, key) = self.logged(i);
            let second = self.second.phrase(self.key_phrase[key as usize] as usize);
            (self.first.names(first), self.second.names(second))
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.first.encode(out);
        self.second.encode(out);
        put_u32s(out, &self.log);
    }

    /// Reads what [`Flat::encode`] wrote; None unless every array is in
    /// bounds and consistent with the others.
    pub(crate) fn decode(input: &mut Reader<'_>) -> Option<Flat> {
        let first = FlatSide::decode(input)?;
        let second = FlatSide::decode(input)?;
        let log = input.u32s()?;
        // The second side's phrases are the keys, one key each.
        let n_keys = second.phrase_ends.len().checked_sub(1)?;
        if !second.check(n_keys) || second.keys.len() != n_keys || !first.check(n_keys) {
            return None;
        }
        let key_phrase = key_phrases(&second)?;
        // The log holds every pair of the first side once.
        let mut logged = vec![false; first.keys.len()];
        if log.len() != logged.len() {
            return None;
        }
        for &at in &log {
            match logged.get_mut(at as usize) {
                Some(seen @ false) => *seen = true,
                _ => return None,
            }
        }
        Some(Flat {
            first,
            second,
            log,
            key_phrase,
        })
    }
}

/// The phrase of each key of a second side; None unless each key has
/// exactly one.
fn key_phrases(second: &FlatSide) -> Option<Vec<u32>> {
    let mut key_phrase = vec![EMPTY; second.phrases()];
    for p in 0..second.phrases() {
        let &[key] = second.phrase_keys(p) else {
            return None;
        };
        let slot = key_phrase.get_mut(key as usize)?;
        if *slot != EMPTY {
            return None;
        }
        *slot = p as u32;
    }
    Some(key_phrase)
}

/// Bytes of a cache body, read front to back; every length is checked
/// against the bytes left before anything is allocated for it.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(taken)
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A length (u32) and that many bytes.
    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// A count (u32) and that many u32s.
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(4)?)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    }
}

/// A length (u32) and the bytes, as [`Reader::bytes`] reads them.
pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn put_u32s(out: &mut Vec<u8>, values: &[u32]) {
    out.reserve(4 + 4 * values.len());
    out.extend_from_slice(&(values.len() as u32).to_le_bytes());
    for value in values {
        out.extend_from_slice(&value.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lexicon;
    use sverka_align::TranslationEvidence as _;
    use sverka_text::Lang;

    const PAIRS: &[(&str, &str)] = &[
        ("переговоры", "negotiations"),
        ("министр иностранных дел", "foreign minister"),
        ("министр", "minister"),
        ("мир", "peace"),
        ("мир", "world"),
        ("мировой", "world"),
        ("иностранный", "foreign"),
        ("дела", "affairs"),
        ("министерство иностранных дел", "foreign ministry"),
    ];

    fn open() -> Lexicon {
        let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
        for (ru, en) in PAIRS {
            lexicon.add_pair(ru, en);
        }
        lexicon
    }

    const SENTENCES: &[&[&str]] = &[
        &["министр", "иностранных", "дел", "о", "переговорах"],
        &["мир", "и", "мировой", "порядок"],
        &["министерства", "иностранных", "дел"],
        &["неизвестное", "слово"],
        &[],
    ];

    fn keys(lexicon: &Lexicon) -> Vec<Vec<Vec<u32>>> {
        [Lang::Ru, Lang::En, Lang::Other("de".into())]
            .iter()
            .map(|lang| {
                let sentences: Vec<Vec<&str>> = SENTENCES.iter().map(|s| s.to_vec()).collect();
                let mut english: Vec<Vec<&str>> = vec![
                    vec!["the", "foreign", "minister", "negotiations"],
                    vec!["world", "peace"],
                    vec!["foreign", "ministry", "affairs"],
                ];
                english.extend(sentences.iter().cloned());
                lexicon.sentence_keys(lang, &english)
            })
            .collect()
    }

    fn word_ids(lexicon: &Lexicon) -> Vec<Vec<Option<u32>>> {
        let words: Vec<&str> = SENTENCES.iter().flat_map(|s| s.iter().copied()).collect();
        let english = ["foreign", "minister", "ministry", "world", "peace", "cat"];
        vec![
            lexicon.word_ids(&Lang::Ru, &words),
            lexicon.word_ids(&Lang::En, &english),
        ]
    }

    #[test]
    fn frozen_looks_up_as_open() {
        let open = open();
        let mut frozen = open.clone();
        frozen.freeze();
        assert!(matches!(frozen.tables, crate::Tables::Flat(_)));
        assert_eq!(frozen.len(), open.len());
        assert_eq!(word_ids(&frozen), word_ids(&open));
        assert_eq!(keys(&frozen), keys(&open));
        assert!(keys(&open)[0][3].len() >= 3, "{:?}", keys(&open));
        assert_eq!(
            frozen.stem_pairs().collect::<Vec<_>>(),
            open.stem_pairs().collect::<Vec<_>>()
        );
    }

    /// A word that opens many phrases: its phrases are tested only where
    /// the sentence has their second stem, and give what the open
    /// lexicon's test of every phrase gives, in the same order.
    #[test]
    fn a_word_of_many_phrases_finds_the_same_keys() {
        let mut open = open();
        let letters: Vec<char> = "бвгдзклмнпрст".chars().collect();
        let words: Vec<String> = (0..40)
            .map(|i| format!("{}о{}ан", letters[i % 13], letters[i / 13]))
            .collect();
        for (i, word) in words.iter().enumerate() {
            open.add_pair(&format!("министр {word}"), &format!("minister word{i}"));
            open.add_pair(&format!("министр {word} дел"), &format!("word{i} affairs"));
        }
        let mut frozen = open.clone();
        frozen.freeze();
        let sentences: Vec<Vec<&str>> = vec![
            vec!["министр", &words[3], &words[17], "дел", &words[39]],
            vec![&words[5], "министр"],
            vec!["министр", "иностранных", "дел"],
            vec!["министр"],
        ];
        let keys = |lexicon: &Lexicon| lexicon.sentence_keys(&Lang::Ru, &sentences);
        assert_eq!(keys(&frozen), keys(&open));
        // The phrases add keys to what `министр` alone gives.
        assert!(
            keys(&open)[0].len() > keys(&open)[3].len() + 1,
            "{:?}",
            keys(&open)
        );
        let mut found = Vec::new();
        let ids = frozen.word_ids(&Lang::Ru, &sentences[0]);
        let mut ids: Vec<u32> = ids.into_iter().flatten().collect();
        ids.sort_unstable();
        frozen.keys_of_words(&Lang::Ru, &ids, &mut found);
        let crate::Tables::Flat(flat) = &frozen.tables else {
            panic!("frozen");
        };
        let largest = ids
            .iter()
            .map(|&id| flat.first.by_first[id as usize + 1] - flat.first.by_first[id as usize]);
        assert!(largest.max().unwrap() as usize > SCANNED_PHRASES);
        let mut scanned = Vec::new();
        for &id in &ids {
            let group = flat.first.by_first[id as usize] as usize
                ..flat.first.by_first[id as usize + 1] as usize;
            for p in group {
                flat.first.keys_if_present(p, &ids, &mut scanned);
            }
        }
        assert_eq!(found, scanned);
    }

    /// Pairs added to a frozen lexicon get the ids they would have got in
    /// the open one it was frozen from.
    #[test]
    fn thawed_takes_pairs_as_open() {
        let mut open = open();
        let mut frozen = open.clone();
        frozen.freeze();
        for lexicon in [&mut open, &mut frozen] {
            lexicon.add_pair("мирный", "peaceful");
            lexicon.add_pair("министр", "secretary");
            lexicon.add_pair("мир", "peace");
        }
        assert!(matches!(frozen.tables, crate::Tables::Open(_)));
        assert_eq!(word_ids(&frozen), word_ids(&open));
        assert_eq!(keys(&frozen), keys(&open));
        assert_eq!(
            frozen.stem_pairs().collect::<Vec<_>>(),
            open.stem_pairs().collect::<Vec<_>>()
        );
    }

    /// `flat` encoded and decoded again (None when decoding refuses it).
    fn round_trip(flat: &Flat) -> Option<Flat> {
        let mut bytes = Vec::new();
        flat.encode(&mut bytes);
        Flat::decode(&mut Reader::new(&bytes))
    }

    #[test]
    fn encoded_decodes_alike() {
        let flat = Flat::freeze(match &open().tables {
            crate::Tables::Open(open) => open,
            crate::Tables::Flat(_) => unreachable!(),
        });
        let mut bytes = Vec::new();
        flat.encode(&mut bytes);
        let mut input = Reader::new(&bytes);
        assert_eq!(Flat::decode(&mut input), Some(flat.clone()));
        assert!(input.is_empty());
        // Any byte cut off is refused.
        for len in 0..bytes.len() {
            assert_eq!(Flat::decode(&mut Reader::new(&bytes[..len])), None, "{len}");
        }
        // An empty lexicon too.
        let empty = Flat::freeze(&Open::default());
        assert_eq!(round_trip(&empty), Some(empty));
    }

    /// Two stems with one text would give one of them no lookup, and two
    /// ids to one stem when thawed: refused.
    #[test]
    fn repeated_stems_are_refused() {
        let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
        lexicon.add_stems(&["аб".into()], &["ab".into()]);
        lexicon.add_stems(&["ба".into()], &["ba".into()]);
        let flat = lexicon.flat().into_owned();
        let mut damaged = flat.clone();
        damaged.first.text = "абаб".into();
        assert_eq!(round_trip(&damaged), None);
        assert_eq!(round_trip(&flat), Some(flat));
    }

    /// A phrase twice on the second side would leave a key without a
    /// phrase once thawed (the old text cache's fuzzing found it): refused.
    #[test]
    fn repeated_phrases_are_refused() {
        let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
        lexicon.add_stems(&["а".into()], &["x".into(), "y".into()]);
        lexicon.add_stems(&["б".into()], &["x".into(), "z".into()]);
        let flat = lexicon.flat().into_owned();
        assert_eq!(flat.second.ids, [0, 1, 0, 2]);
        let mut damaged = flat.clone();
        damaged.second.ids[3] = 1;
        assert_eq!(round_trip(&damaged), None);
    }
}
