//! Translations learned from aligned text: stems that occur together in
//! confident beads far more often than chance are taken as translations.
//!
//! The association is Dunning's log-likelihood ratio (G²) on the 2×2 table
//! of bead counts; a pair is kept when it is significant, seen at least
//! twice, and each stem is among the other's best few partners, which keeps
//! frequent words from pairing with everything.

use std::collections::HashMap;

use sverka_align::Alignment;
use sverka_text::{tokenize, Document, Lang, TokenKind};

use crate::{Lexicon, WordStemmer};

/// The source name of learned pairs (see [`Lexicon::sources`]).
pub const LEARNED: &str = "learned";

/// Knobs of learning.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnSettings {
    /// Beads below this confidence are not learned from.
    pub min_confidence: f32,
    /// Beads with more sentences than this on a side are not learned from.
    pub max_bead_side: usize,
    /// Least number of beads a pair must share.
    pub min_joint: u32,
    /// Least G² (10.83 is p < 0.001 for one degree of freedom).
    pub min_g2: f64,
    /// Each stem keeps at most this many partners.
    pub partners: usize,
    /// Stems in more than this share of beads are function words here.
    pub max_share: f64,
}

impl Default for LearnSettings {
    fn default() -> Self {
        LearnSettings {
            min_confidence: 0.6,
            max_bead_side: 2,
            min_joint: 2,
            min_g2: 10.83,
            partners: 3,
            max_share: 0.1,
        }
    }
}

/// One aligned document pair to learn from.
pub struct Aligned<'a> {
    /// The first side.
    pub src: &'a Document,
    /// The second side.
    pub tgt: &'a Document,
    /// Their alignment.
    pub alignment: &'a Alignment,
}

/// Learns a `first`–`second` lexicon from aligned documents. Pairs in the
/// other direction are turned round; pairs of other languages are ignored.
pub fn learn(
    docs: &[Aligned<'_>],
    first: &Lang,
    second: &Lang,
    settings: &LearnSettings,
) -> Lexicon {
    let mut learner = Learner::new(first.clone(), second.clone(), settings.clone());
    for doc in docs {
        learner.add(doc);
    }
    learner.finish()
}

/// Learning one document at a time, so a corpus need not stay in memory:
/// only the stems of confident beads are kept.
pub struct Learner {
    first: Lang,
    second: Lang,
    settings: LearnSettings,
    vocab: [HashMap<String, u32>; 2],
    beads: Vec<(Vec<u32>, Vec<u32>)>,
}

impl Learner {
    /// A learner of a `first`–`second` lexicon.
    pub fn new(first: Lang, second: Lang, settings: LearnSettings) -> Learner {
        Learner {
            first,
            second,
            settings,
            vocab: [HashMap::new(), HashMap::new()],
            beads: Vec::new(),
        }
    }

    /// Beads learned from so far.
    pub fn beads(&self) -> usize {
        self.beads.len()
    }

    /// Takes the confident beads of one aligned document pair.
    pub fn add(&mut self, doc: &Aligned<'_>) {
        let bags = bags(doc, &self.first, &self.second, &self.settings);
        self.add_bags(bags);
    }

    /// Takes beads prepared by [`bags`] (which may run in parallel; add
    /// them in a fixed order for a deterministic lexicon).
    pub fn add_bags(&mut self, bags: Bags) {
        for (a, b) in bags.beads {
            let [first_vocab, second_vocab] = &mut self.vocab;
            let a = intern(a, first_vocab);
            let b = intern(b, second_vocab);
            self.beads.push((a, b));
        }
    }

    /// The learned lexicon.
    pub fn finish(self) -> Lexicon {
        let pairs = associate(
            &self.beads,
            self.vocab[0].len(),
            self.vocab[1].len(),
            &self.settings,
        );
        let a_names = crate::names_by_id(&self.vocab[0]);
        let b_names = crate::names_by_id(&self.vocab[1]);
        let mut lexicon = Lexicon::new(self.first.clone(), self.second.clone());
        for (a, b) in pairs {
            lexicon.add_stems(
                &[a_names[a as usize].to_string()],
                &[b_names[b as usize].to_string()],
            );
        }
        lexicon.mark_source(LEARNED);
        lexicon
    }
}

/// Stem ids of a bag, sorted.
fn intern(stems: Vec<String>, vocab: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut ids: Vec<u32> = stems
        .into_iter()
        .map(|stem| {
            let next = vocab.len() as u32;
            *vocab.entry(stem).or_insert(next)
        })
        .collect();
    ids.sort_unstable();
    ids
}

/// Confident beads of one document pair as bags of stems, first language
/// first: what [`Learner::add_bags`] takes.
pub struct Bags {
    beads: Vec<(Vec<String>, Vec<String>)>,
}

impl Bags {
    /// Beads kept.
    pub fn len(&self) -> usize {
        self.beads.len()
    }

    /// Whether no bead was kept.
    pub fn is_empty(&self) -> bool {
        self.beads.is_empty()
    }
}

/// The confident beads of a document pair for a `first`–`second` lexicon
/// (pairs in the other direction are turned round; other pairs give none).
pub fn bags(doc: &Aligned<'_>, first: &Lang, second: &Lang, settings: &LearnSettings) -> Bags {
    let (a_doc, b_doc, swapped) = if doc.src.lang == *first && doc.tgt.lang == *second {
        (doc.src, doc.tgt, false)
    } else if doc.src.lang == *second && doc.tgt.lang == *first {
        (doc.tgt, doc.src, true)
    } else {
        return Bags { beads: Vec::new() };
    };
    let a_stems = sentence_stems(a_doc, &WordStemmer::new(first));
    let b_stems = sentence_stems(b_doc, &WordStemmer::new(second));
    let mut beads = Vec::new();
    for bead in &doc.alignment.beads {
        let (a_range, b_range) = if swapped {
            (bead.tgt.clone(), bead.src.clone())
        } else {
            (bead.src.clone(), bead.tgt.clone())
        };
        if bead.confidence < settings.min_confidence
            || a_range.is_empty()
            || b_range.is_empty()
            || a_range.len() > settings.max_bead_side
            || b_range.len() > settings.max_bead_side
        {
            continue;
        }
        let bag = |sentences: &[Vec<String>], range: std::ops::Range<usize>| {
            let mut stems: Vec<String> = sentences[range].iter().flatten().cloned().collect();
            stems.sort_unstable();
            stems.dedup();
            stems
        };
        beads.push((bag(&a_stems, a_range), bag(&b_stems, b_range)));
    }
    Bags { beads }
}

fn sentence_stems(doc: &Document, stemmer: &WordStemmer) -> Vec<Vec<String>> {
    doc.sentences
        .iter()
        .map(|sentence| {
            tokenize(doc.sentence_text(sentence))
                .into_iter()
                .filter(|t| t.kind == TokenKind::Word)
                .filter_map(|t| stemmer.stem(&t.norm))
                .collect()
        })
        .collect()
}

/// Significant pairs, sorted, from bags of stem ids per bead.
fn associate(
    beads: &[(Vec<u32>, Vec<u32>)],
    a_size: usize,
    b_size: usize,
    settings: &LearnSettings,
) -> Vec<(u32, u32)> {
    let n = beads.len();
    if n == 0 {
        return Vec::new();
    }
    let mut a_count = vec![0u32; a_size];
    let mut b_count = vec![0u32; b_size];
    for (a, b) in beads {
        a.iter().for_each(|&id| a_count[id as usize] += 1);
        b.iter().for_each(|&id| b_count[id as usize] += 1);
    }
    // Frequent stems are function words of this text: at least a handful of
    // beads so that short texts keep their content words.
    let cap = ((n as f64 * settings.max_share) as u32).max(5);
    let mut joint: HashMap<(u32, u32), u32> = HashMap::new();
    for (a, b) in beads {
        for &x in a.iter().filter(|&&x| a_count[x as usize] <= cap) {
            for &y in b.iter().filter(|&&y| b_count[y as usize] <= cap) {
                *joint.entry((x, y)).or_insert(0) += 1;
            }
        }
    }
    let mut scored: Vec<(u32, u32, f64)> = joint
        .into_iter()
        .filter(|&(_, k)| k >= settings.min_joint)
        .filter_map(|((x, y), k)| {
            let g2 = g_squared(k, a_count[x as usize], b_count[y as usize], n as u32)?;
            (g2 >= settings.min_g2).then_some((x, y, g2))
        })
        .collect();
    // Best first, ties by ids: the result must not depend on hash order.
    scored.sort_unstable_by(|p, q| q.2.total_cmp(&p.2).then((p.0, p.1).cmp(&(q.0, q.1))));
    let best = |side: fn(&(u32, u32, f64)) -> u32| {
        let mut kept: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
        for pair in &scored {
            let list = kept.entry(side(pair)).or_default();
            if list.len() < settings.partners {
                list.push((pair.0, pair.1));
            }
        }
        kept.into_values()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
    };
    let by_a = best(|p| p.0);
    let by_b = best(|p| p.1);
    let mut pairs: Vec<(u32, u32)> = by_a.intersection(&by_b).copied().collect();
    pairs.sort_unstable();
    pairs
}

/// Dunning's G² for a positive association of two events seen `a` and `b`
/// times in `n` trials, `k` times together; None for no or negative
/// association.
fn g_squared(k: u32, a: u32, b: u32, n: u32) -> Option<f64> {
    let (k, a, b, n) = (f64::from(k), f64::from(a), f64::from(b), f64::from(n));
    if k * n <= a * b {
        return None;
    }
    let cells = [
        (k, a * b / n),
        (a - k, a * (n - b) / n),
        (b - k, (n - a) * b / n),
        (n - a - b + k, (n - a) * (n - b) / n),
    ];
    let g2: f64 = cells
        .iter()
        .filter(|(observed, expected)| *observed > 0.0 && *expected > 0.0)
        .map(|(observed, expected)| observed * (observed / expected).ln())
        .sum();
    Some(2.0 * g2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_pairs_alone_are_not_a_dictionary() {
        use sverka_align::TranslationEvidence;
        let mut lexicon = Lexicon::new(Lang::Ru, Lang::En);
        lexicon.add_stems(&["кошк".to_string()], &["cat".to_string()]);
        lexicon.mark_source(LEARNED);
        assert!(!lexicon.thorough());
        lexicon.add_stems(&["собак".to_string()], &["dog".to_string()]);
        lexicon.mark_source("glossary.tsv");
        assert!(lexicon.thorough());
        let layered = sverka_align::LayeredLexicon::new(
            std::sync::Arc::new(Lexicon::new(Lang::Ru, Lang::En)),
            std::sync::Arc::new({
                let mut learned = Lexicon::new(Lang::Ru, Lang::En);
                learned.mark_source(LEARNED);
                learned
            }),
        );
        assert!(layered.thorough(), "a dictionary under learned pairs");
    }

    #[test]
    fn g2_grows_with_association() {
        let weak = g_squared(2, 10, 10, 100).unwrap();
        let strong = g_squared(9, 10, 10, 100).unwrap();
        assert!(strong > weak && weak > 0.0);
        assert_eq!(g_squared(1, 10, 10, 100), None);
    }

    #[test]
    fn pairs_that_always_co_occur_are_found() {
        // Stem 0 ~ 0 in every bead it is in; 1 and 2 are noise.
        let mut beads = Vec::new();
        for i in 0..30u32 {
            let mut a = vec![1 + i % 2];
            let mut b = vec![2 - i % 2];
            if i % 3 == 0 {
                a.push(0);
                b.push(0);
            }
            a.sort_unstable();
            b.sort_unstable();
            beads.push((a, b));
        }
        let settings = LearnSettings {
            max_share: 1.0,
            ..LearnSettings::default()
        };
        let pairs = associate(&beads, 3, 3, &settings);
        assert!(pairs.contains(&(0, 0)), "{pairs:?}");
        assert!(!pairs.contains(&(0, 1)), "{pairs:?}");
    }
}
