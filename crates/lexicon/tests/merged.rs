//! Several dictionaries loaded together (`load_all`): the same lexicon as
//! loading each and merging, read from one cached file the next time. In
//! a file of its own: it sets the cache folder for the whole process.

mod common;

use common::write_dictd;

use sverka_align::TranslationEvidence as _;
use sverka_lexicon::{dictd, load, load_all, Lexicon};
use sverka_text::Lang;

fn keys(lexicon: &Lexicon) -> Vec<Vec<u32>> {
    let ru = vec![
        "министр",
        "иностранных",
        "дел",
        "мир",
        "переговоры",
        "страна",
    ];
    let en = vec!["foreign", "minister", "peace", "world", "talks", "country"];
    let mut keys = lexicon.sentence_keys(&Lang::Ru, &[ru]);
    keys.extend(lexicon.sentence_keys(&Lang::En, &[en]));
    keys
}

#[test]
fn dictionaries_load_merged_from_one_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::env::set_var("SVERKA_CACHE_DIR", &cache);
    let first = write_dictd(
        dir.path(),
        "first",
        &[
            (
                "minister",
                "   _n. министр; Foreign Minister министр иностранных дел",
            ),
            ("peace", "   _n. мир; спокойствие"),
            ("talks", "   _n. переговоры"),
        ],
        false,
    )
    .with_extension("index");
    let second = write_dictd(
        dir.path(),
        "second",
        &[
            ("country", "   _n. страна; родина"),
            ("world", "   _n. мир, свет"),
            ("peace", "   _n. мир"),
        ],
        false,
    )
    .with_extension("index");
    let mut expected = dictd::load(&first.with_extension("")).unwrap();
    expected
        .extend(&dictd::load(&second.with_extension("")).unwrap())
        .unwrap();
    let paths = [first.clone(), second.clone()];
    for run in 0..2 {
        let merged = load_all(&paths).unwrap();
        assert_eq!(merged.describe(), expected.describe(), "run {run}");
        assert_eq!(
            merged.stem_pairs().collect::<Vec<_>>(),
            expected.stem_pairs().collect::<Vec<_>>()
        );
        assert_eq!(keys(&merged), keys(&expected));
        let mut files: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let prefixes: Vec<&str> = files
            .iter()
            .map(|f| f.rsplit_once('-').unwrap().0)
            .collect();
        assert_eq!(prefixes, ["first", "merged-first+second", "second"]);
    }
    // The merged cache alone is enough.
    for file in std::fs::read_dir(&cache).unwrap() {
        let path = file.unwrap().path();
        if !path.to_string_lossy().contains("merged") {
            std::fs::remove_file(path).unwrap();
        }
    }
    assert_eq!(keys(&load_all(&paths).unwrap()), keys(&expected));
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
    // One dictionary alone loads as `load` does; a glossary among them is
    // merged after loading.
    assert_eq!(
        keys(&load_all(&paths[..1]).unwrap()),
        keys(&load(&first).unwrap())
    );
    let glossary = dir.path().join("terms.tsv");
    std::fs::write(&glossary, "переговоры\tnegotiations\n").unwrap();
    let with_glossary = load_all(&[first.clone(), second.clone(), glossary.clone()]).unwrap();
    expected.extend(&load(&glossary).unwrap()).unwrap();
    assert_eq!(with_glossary.describe(), expected.describe());
    assert_eq!(keys(&with_glossary), keys(&expected));
    assert!(load_all(&[]).is_err());
}
