//! Runs the number and name cases of `equivalence.toml`, each in both
//! directions.

use serde::Deserialize;
use sverka_align::names::{phonetic, similar};
use sverka_align::numbers::{differ, mentions};
use sverka_text::{normalize::for_matching, tokenize};

#[derive(Deserialize)]
struct Case {
    ru: String,
    en: String,
    same: bool,
}

#[derive(Deserialize)]
struct Cases {
    numbers: Vec<Case>,
    names: Vec<Case>,
}

fn cases() -> Cases {
    let text = include_str!("equivalence.toml");
    toml::from_str(text).expect("equivalence.toml parses")
}

#[test]
fn numbers_compare_by_value() {
    let mut failures = Vec::new();
    for case in cases().numbers {
        let ru = mentions(&case.ru, &tokenize(&case.ru));
        let en = mentions(&case.en, &tokenize(&case.en));
        for (a, b, direction) in [(&ru, &en, "ru→en"), (&en, &ru, "en→ru")] {
            let same = differ(a, b).is_none();
            if same != case.same {
                failures.push(format!(
                    "{direction}: {:?} / {:?}: expected {}",
                    case.ru,
                    case.en,
                    if case.same { "same" } else { "different" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn names_compare_across_scripts() {
    let mut failures = Vec::new();
    for case in cases().names {
        let (ru, en) = (
            phonetic(&for_matching(&case.ru)),
            phonetic(&for_matching(&case.en)),
        );
        for (a, b, direction) in [(&ru, &en, "ru→en"), (&en, &ru, "en→ru")] {
            if similar(a, b) != case.same {
                failures.push(format!(
                    "{direction}: {} ({a}) / {} ({b}): expected {}",
                    case.ru,
                    case.en,
                    if case.same { "same" } else { "different" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn enough_cases() {
    let cases = cases();
    assert!(cases.numbers.len() + cases.names.len() >= 60);
}
