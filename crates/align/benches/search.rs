//! The scoring inner loop: aligning synthetic document pairs whose
//! sentences share numbers, names and lexicon keys, as translations do, so
//! that most of the time goes to scoring candidate beads in the band.
//! `cargo bench -p sverka-align`.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use sverka_align::{align, Options, TranslationEvidence};
use sverka_text::{Document, Lang};

/// A lexicon where a word and its "translation" share a key: word N is
/// N written in base 26 with Latin letters on the English side and in
/// base 32 with Russian letters on the other; both give key N.
struct Numbered;

fn spell(mut n: u32, first: u32, base: u32) -> String {
    let mut word = String::new();
    for _ in 0..4 {
        word.push(char::from_u32(first + n % base).expect("a letter"));
        n /= base;
    }
    word
}

fn read(word: &str) -> Option<u32> {
    let (first, base) = match word.chars().next()? {
        'a'..='z' => ('a' as u32, 26),
        'а'..='я' => ('а' as u32, 32),
        _ => return None,
    };
    word.chars()
        .rev()
        .try_fold(0u32, |n, c| Some(n * base + (c as u32).checked_sub(first)?))
}

impl TranslationEvidence for Numbered {
    fn word_ids(&self, _lang: &Lang, words: &[&str]) -> Vec<Option<u32>> {
        words.iter().map(|w| read(w)).collect()
    }

    fn keys_of_words(&self, _lang: &Lang, ids: &[u32], keys: &mut Vec<u32>) {
        // Each word has several translations, as in a dictionary.
        keys.extend(ids.iter().flat_map(|&k| [k, k + 100_000, k + 200_000]));
    }
}

/// `n` sentence pairs of 8–20 words drawn from a 3,000-word vocabulary
/// (a small linear congruential generator: the same text every run).
fn pair(n: usize) -> (Document, Document) {
    let mut state: u64 = 7;
    let mut next = |below: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) % below
    };
    let (mut ru, mut en) = (String::new(), String::new());
    for s in 0..n {
        let words = 8 + next(13);
        for w in 0..words {
            let word = next(3000);
            let space = if w == 0 { "" } else { " " };
            ru.push_str(&format!("{space}{}", spell(word as u32, 'а' as u32, 32)));
            en.push_str(&format!("{space}{}", spell(word as u32, 'a' as u32, 26)));
        }
        if s % 7 == 0 {
            ru.push_str(&format!(" {} Петров", next(2030)));
            en.push_str(&format!(" {} Petrov", next(2030)));
        }
        ru.push_str(".\n");
        en.push_str(".\n");
    }
    (
        Document::presegmented(ru, Lang::Ru),
        Document::presegmented(en, Lang::En),
    )
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    let options = Options {
        lexicon: Some(Arc::new(Numbered)),
        ..Options::default()
    };
    for n in [200, 2000] {
        let (ru, en) = pair(n);
        group.bench_function(format!("{n} pairs, lexicon"), |b| {
            b.iter(|| align(&ru, &en, &options))
        });
        group.bench_function(format!("{n} pairs, no lexicon"), |b| {
            b.iter(|| align(&ru, &en, &Options::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
