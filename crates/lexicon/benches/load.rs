//! Time to load the installed dictionaries (Debian's mueller7-dict and
//! dict-freedict-eng-rus): parsing and stemming every entry, loading the
//! compiled cache that later runs use, and loading them all as the engine
//! does (`load_all`, one cache of the merge; issue 15 bounds it at 30 ms).
//! Also the look-up the aligner makes per sentence: words to translation
//! keys.

use criterion::{criterion_group, criterion_main, Criterion};
use sverka_align::TranslationEvidence as _;
use sverka_text::Lang;

fn load_dictionaries(c: &mut Criterion) {
    let installed = sverka_lexicon::installed_dictionaries();
    if installed.is_empty() {
        eprintln!(
            "no dictd dictionary installed (apt-get install mueller7-dict): nothing to measure"
        );
        return;
    }
    let cache = tempfile::tempdir().expect("temporary folder");
    std::env::set_var("SVERKA_CACHE_DIR", cache.path());
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for index in installed {
        let name = index.file_stem().unwrap().to_string_lossy().into_owned();
        let base = index.with_extension("");
        group.bench_function(format!("{name}/parse"), |b| {
            b.iter(|| sverka_lexicon::dictd::load(&base).expect("installed dictionary loads"))
        });
        // The first load writes the cache; the measured ones read it.
        sverka_lexicon::load(&index).expect("installed dictionary loads");
        group.bench_function(format!("{name}/cached"), |b| {
            b.iter(|| sverka_lexicon::load(&index).expect("cached dictionary loads"))
        });
    }
    // What the engine loads by default: every installed dictionary, merged.
    let installed = sverka_lexicon::installed_dictionaries();
    sverka_lexicon::load_all(&installed).expect("installed dictionaries load");
    group.bench_function("installed, merged/cached", |b| {
        b.iter(|| sverka_lexicon::load_all(&installed).expect("cached dictionaries load"))
    });
    group.finish();
}

/// Sentences in matching form (lowercase words), as the aligner passes them.
fn sentences(text: &str, copies: usize) -> Vec<Vec<String>> {
    let one: Vec<Vec<String>> = text
        .split('.')
        .map(|s| {
            s.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    one.iter()
        .cycle()
        .take(one.len() * copies)
        .cloned()
        .collect()
}

fn lookup(c: &mut Criterion) {
    let Some(index) = sverka_lexicon::installed_dictionaries().into_iter().next() else {
        eprintln!(
            "no dictd dictionary installed (apt-get install mueller7-dict): nothing to measure"
        );
        return;
    };
    let lexicon = sverka_lexicon::load(&index).expect("installed dictionary loads");
    let ru = sentences(
        "Министр иностранных дел встретился с коллегами в столице. Переговоры \
         продолжались три часа и закончились подписанием договора о торговле. \
         Стороны обсудили вопросы безопасности границы и поставок энергии",
        200,
    );
    let en = sentences(
        "The foreign minister met his colleagues in the capital. The talks \
         lasted three hours and ended with the signing of a trade treaty. \
         The parties discussed border security and energy supplies",
        200,
    );
    let mut group = c.benchmark_group("lookup");
    for (lang, text) in [(Lang::Ru, &ru), (Lang::En, &en)] {
        let words: Vec<Vec<&str>> = text
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        group.bench_function(format!("{} sentences, {}", words.len(), lang.code()), |b| {
            b.iter(|| lexicon.sentence_keys(&lang, &words))
        });
    }
    group.finish();
}

criterion_group!(benches, load_dictionaries, lookup);
criterion_main!(benches);
