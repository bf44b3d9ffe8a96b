//! Time to load the installed dictionaries (Debian's mueller7-dict and
//! dict-freedict-eng-rus): parsing and stemming every entry, and loading
//! the compiled cache that later runs use. The issue bounds Mueller at 0.5 s.

use criterion::{criterion_group, criterion_main, Criterion};

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
    group.finish();
}

criterion_group!(benches, load_dictionaries);
criterion_main!(benches);
