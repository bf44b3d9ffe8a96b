//! Several dictionaries loaded together (`load_all`): the same lexicon as
//! loading each and merging, read from one cached file the next time. In
//! a file of its own: it sets the cache folder for the whole process.

use std::path::{Path, PathBuf};

use sverka_align::TranslationEvidence as _;
use sverka_lexicon::{dictd, load, load_all, Lexicon};
use sverka_text::Lang;

/// Writes a plain dictd dictionary; dictd numbers are base 64.
fn write_dictd(dir: &Path, name: &str, entries: &[(&str, &str)]) -> PathBuf {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b64 = |mut n: usize| {
        let mut out = vec![DIGITS[n % 64]];
        while n >= 64 {
            n /= 64;
            out.push(DIGITS[n % 64]);
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    };
    let (mut data, mut index) = (String::new(), String::new());
    for (headword, body) in entries {
        let entry = format!("{headword}\n{body}\n");
        index.push_str(&format!(
            "{headword}\t{}\t{}\n",
            b64(data.len()),
            b64(entry.len())
        ));
        data.push_str(&entry);
    }
    std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
    std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
    dir.join(format!("{name}.index"))
}

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
    );
    let second = write_dictd(
        dir.path(),
        "second",
        &[
            ("country", "   _n. страна; родина"),
            ("world", "   _n. мир, свет"),
            ("peace", "   _n. мир"),
        ],
    );
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
