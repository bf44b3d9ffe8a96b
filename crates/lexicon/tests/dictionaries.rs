//! Dictionaries read from files: small dictd and TSV fixtures made here, the
//! compiled cache, damaged files, and Debian's Mueller dictionary when it is
//! installed (CI installs it and sets SVERKA_REQUIRE_CLIENTS=1).

mod common;

use std::path::Path;

use common::write_dictd;

use sverka_align::TranslationEvidence as _;
use sverka_lexicon::{cache, dictd, load, LexiconError};
use sverka_text::Lang;

const ENTRIES: &[(&str, &str)] = &[
    ("00-database-short", "   Test dictionary"),
    (
        "negotiation",
        "   [nɪˌɡəʊʃɪ'eɪʃən] _n. переговоры; обсуждение условий",
    ),
    (
        "minister",
        "   _n. 1) министр; Foreign Minister министр иностранных дел\n   2) _церк. священник",
    ),
    ("foreign minister", "   _n. министр иностранных дел"),
    ("peace", "   _n. мир; спокойствие"),
    ("world", "   _n. мир, свет; вселенная"),
];

fn keys(lexicon: &sverka_lexicon::Lexicon, lang: Lang, words: &[&str]) -> Vec<u32> {
    lexicon.sentence_keys(&lang, &[words.to_vec()]).remove(0)
}

#[test]
fn dictd_plain_and_packed_read_alike() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write_dictd(dir.path(), "plain", ENTRIES, false);
    let packed = write_dictd(dir.path(), "packed", ENTRIES, true);
    let a = dictd::load(&plain).unwrap();
    let b = dictd::load(&packed).unwrap();
    assert_eq!(a.len(), b.len());
    assert!(a.len() >= 8, "{}", a.describe());
    assert_eq!(
        a.stem_pairs().collect::<Vec<_>>(),
        b.stem_pairs().collect::<Vec<_>>()
    );
}

#[test]
fn inflected_russian_meets_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "test", ENTRIES, true);
    let lexicon = dictd::load(&base).unwrap();
    let ru = keys(&lexicon, Lang::Ru, &["о", "переговорах", "министров"]);
    let en = keys(&lexicon, Lang::En, &["the", "ministers", "negotiations"]);
    assert_eq!(ru.len(), 2, "{ru:?}");
    assert_eq!(ru, en);
    // `мир` is both peace and world: either English word matches it.
    let mir = keys(&lexicon, Lang::Ru, &["миром"]);
    assert!(keys(&lexicon, Lang::En, &["peace"])
        .iter()
        .all(|k| mir.contains(k)));
    assert!(keys(&lexicon, Lang::En, &["world"])
        .iter()
        .all(|k| mir.contains(k)));
    // A language the lexicon does not cover gets empty lists.
    assert_eq!(
        keys(&lexicon, Lang::Other("de".into()), &["frieden"]),
        Vec::<u32>::new()
    );
}

#[test]
fn multi_word_entries_need_all_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "test", ENTRIES, false);
    let lexicon = dictd::load(&base).unwrap();
    let full = keys(&lexicon, Lang::Ru, &["министр", "иностранных", "дел"]);
    let part = keys(&lexicon, Lang::Ru, &["министр", "дел"]);
    assert!(full.len() > part.len(), "{full:?} {part:?}");
    let en = keys(&lexicon, Lang::En, &["foreign", "minister"]);
    assert!(en.iter().all(|k| full.contains(k)), "{en:?} {full:?}");
}

#[test]
fn the_cache_rebuilds_the_same_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "test", ENTRIES, true);
    let built = dictd::load(&base).unwrap();
    let index = base.with_extension("index");
    let data = dir.path().join("test.dict.dz");
    let fingerprint = cache::fingerprint(&[&index, &data]).unwrap();
    let file = cache::file_for(&dir.path().join("cache"), "test", &fingerprint);
    cache::write(&file, &fingerprint, &built).unwrap();
    let cached = cache::read(&file, &fingerprint).expect("cache reads back");
    assert_eq!(cached.describe(), built.describe());
    assert_eq!(
        cached.stem_pairs().collect::<Vec<_>>(),
        built.stem_pairs().collect::<Vec<_>>()
    );
    let words = vec!["переговоры", "министр", "иностранных", "дел", "мир"];
    assert_eq!(
        cached.sentence_keys(&Lang::Ru, std::slice::from_ref(&words)),
        built.sentence_keys(&Lang::Ru, &[words])
    );
    // A different fingerprint (the dictionary changed) misses the cache.
    assert!(cache::read(&file, "other fingerprint").is_none());
    // A damaged cache is ignored, not trusted: cut short, or one byte off.
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    assert!(cache::read(&file, &fingerprint).is_none());
    let mut flipped = bytes.clone();
    *flipped.last_mut().unwrap() ^= 1;
    std::fs::write(&file, &flipped).unwrap();
    assert!(cache::read(&file, &fingerprint).is_none());
    std::fs::write(&file, &bytes).unwrap();
    assert!(cache::read(&file, &fingerprint).is_some());
}

/// Counts in a damaged file (a pair count of billions) are checked against
/// the bytes left before anything is allocated: the cache is ignored, where
/// a count once aborted every run ("memory allocation of 96000000000 bytes
/// failed"). The checksum is made to match, so the body's own checks are
/// what refuse it.
#[test]
fn a_cache_with_wrong_counts_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "test", ENTRIES, false);
    let built = dictd::load(&base).unwrap();
    let mut bytes = Vec::new();
    cache::write_to(&mut bytes, "fp", &built).unwrap();
    let read = cache::parse(&bytes, "fp").expect("the cache as written reads back");
    assert_eq!(
        read.stem_pairs().collect::<Vec<_>>(),
        built.stem_pairs().collect::<Vec<_>>()
    );
    let body_at = "fp\n".len() + 8;
    let seal = |mut bytes: Vec<u8>| {
        let sum = cache::checksum(&bytes[body_at..]);
        bytes[body_at - 8..body_at].copy_from_slice(&sum.to_le_bytes());
        bytes
    };
    assert_eq!(seal(bytes.clone()), bytes);
    // Every u32 of the body replaced by a huge count, by one more and by
    // one less: each is refused or reads as a consistent lexicon.
    let mut refused = 0;
    for at in (body_at..bytes.len() - 3).step_by(4) {
        let value = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        for wrong in [
            u32::MAX - 1,
            4_000_000_000,
            value.wrapping_add(1),
            value.wrapping_sub(1),
        ] {
            let mut damaged = bytes.clone();
            damaged[at..at + 4].copy_from_slice(&wrong.to_le_bytes());
            match cache::parse(&seal(damaged), "fp") {
                None => refused += 1,
                Some(lexicon) => {
                    let _ = lexicon.stem_pairs().count();
                    let _ = keys(&lexicon, Lang::Ru, &["переговоры", "министр", "мир"]);
                }
            }
        }
    }
    assert!(refused > 0);
    // Unsealed damage is refused by the checksum.
    let mut damaged = bytes.clone();
    damaged[body_at + 10] ^= 0x40;
    assert!(cache::parse(&damaged, "fp").is_none());
    // Cut anywhere, the file is refused, with its checksum or without.
    for len in body_at..bytes.len() {
        assert!(cache::parse(&bytes[..len], "fp").is_none(), "cut at {len}");
        assert!(
            cache::parse(&seal(bytes[..len].to_vec()), "fp").is_none(),
            "cut at {len}"
        );
    }
}

#[test]
fn truncated_data_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "short", ENTRIES, false);
    let data = dir.path().join("short.dict");
    let bytes = std::fs::read(&data).unwrap();
    std::fs::write(&data, &bytes[..bytes.len() / 2]).unwrap();
    let err = dictd::load(&base).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("short.dict"), "{message}");
    assert!(message.contains("runs past the end"), "{message}");
}

#[test]
fn corrupt_packed_data_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "bad", ENTRIES, true);
    let packed = dir.path().join("bad.dict.dz");
    let bytes = std::fs::read(&packed).unwrap();
    // Cut the gzip stream short, then also try garbage.
    std::fs::write(&packed, &bytes[..bytes.len() / 2]).unwrap();
    let message = dictd::load(&base).unwrap_err().to_string();
    assert!(
        message.contains("bad.dict.dz") && message.contains("gzip"),
        "{message}"
    );
    std::fs::write(&packed, b"not gzip at all").unwrap();
    let message = dictd::load(&base).unwrap_err().to_string();
    assert!(message.contains("bad.dict.dz"), "{message}");
}

#[test]
fn broken_index_lines_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let base = write_dictd(dir.path(), "idx", ENTRIES, false);
    let index = base.with_extension("index");
    let mut text = std::fs::read_to_string(&index).unwrap();
    text.push_str("broken line without tabs\n");
    std::fs::write(&index, &text).unwrap();
    let message = dictd::load(&base).unwrap_err().to_string();
    assert!(
        message.contains("idx.index") && message.contains("line 7"),
        "{message}"
    );
    std::fs::write(&index, "word\tA!\tB\n").unwrap();
    let message = dictd::load(&base).unwrap_err().to_string();
    assert!(message.contains("base-64"), "{message}");
    std::fs::write(&index, [0xff, 0xfe, b'\t']).unwrap();
    let message = dictd::load(&base).unwrap_err().to_string();
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn missing_files_say_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(&dir.path().join("nothing")).unwrap_err();
    assert!(matches!(err, LexiconError::NotFound(_)), "{err}");
    assert!(err.to_string().contains("TSV glossary"), "{err}");
    std::fs::write(dir.path().join("lonely.index"), "word\tA\tB\n").unwrap();
    let err = load(&dir.path().join("lonely.index")).unwrap_err();
    assert!(err.to_string().contains("dictionary data missing"), "{err}");
}

#[test]
fn tsv_glossaries_load_and_name_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.tsv");
    std::fs::write(
        &path,
        "\u{FEFF}# names\nru\ten\nЛавров\tLavrov\nМИД\tForeign Ministry\r\n",
    )
    .unwrap();
    let lexicon = load(&path).unwrap();
    assert_eq!(lexicon.len(), 2);
    assert_eq!(
        keys(&lexicon, Lang::Ru, &["мид"]),
        keys(&lexicon, Lang::En, &["foreign", "ministry"])
    );
    std::fs::write(&path, "Лавров\tLavrov\nТиллерсон\n").unwrap();
    let message = load(&path).unwrap_err().to_string();
    assert!(
        message.contains("names.tsv") && message.contains("line 2"),
        "{message}"
    );
    std::fs::write(&path, b"\xcb\xe0\xe2\xf0\xee\xe2\tLavrov\n").unwrap();
    let message = load(&path).unwrap_err().to_string();
    assert!(message.contains("UTF-8"), "{message}");
}

/// Debian's Mueller dictionary, when installed: it loads, is large, and
/// knows common words in inflected forms.
#[test]
fn mueller_dictionary_when_installed() {
    let index = Path::new("/usr/share/dictd/mueller7.index");
    if !index.exists() {
        let required = std::env::var("SVERKA_REQUIRE_CLIENTS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "mueller7-dict is not installed (apt-get install mueller7-dict) and SVERKA_REQUIRE_CLIENTS=1"
        );
        eprintln!("skipped mueller_dictionary_when_installed: mueller7-dict is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dictd::load(Path::new("/usr/share/dictd/mueller7")).unwrap();
    assert!(lexicon.len() > 50_000, "{}", lexicon.describe());
    let ru = keys(&lexicon, Lang::Ru, &["переговоров", "министра", "войны"]);
    let en = keys(&lexicon, Lang::En, &["negotiations", "minister", "war"]);
    let shared = en.iter().filter(|k| ru.contains(k)).count();
    assert!(shared >= 3, "ru {ru:?} en {en:?}");
    // Through the cache, the same lexicon.
    std::env::set_var("SVERKA_CACHE_DIR", dir.path());
    let first = load(index).unwrap();
    let second = load(index).unwrap();
    assert_eq!(first.len(), lexicon.len());
    assert_eq!(second.len(), lexicon.len());
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1);
}
