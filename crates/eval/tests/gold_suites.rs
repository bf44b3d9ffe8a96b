//! Every suite's gold scored against itself is perfect, and the same gold
//! shifted by one sentence scores near zero: the yardstick itself is sound.

use sverka_eval::data::{self, WmtPair};
use sverka_eval::{count, Bead, Counts};

fn shifted(gold: &[Bead]) -> Vec<Bead> {
    gold.iter()
        .map(|b| {
            Bead::new(
                b.src.iter().map(|i| i + 1).collect::<Vec<_>>(),
                b.tgt.clone(),
            )
        })
        .collect()
}

fn check(name: &str, golds: &[Vec<Bead>]) {
    let same: Counts = golds.iter().map(|g| count(g, g)).sum();
    let scores = same.scores();
    assert_eq!(
        (scores.strict.f1, scores.lax.f1),
        (1.0, 1.0),
        "{name}: gold against itself"
    );
    let moved: Counts = golds.iter().map(|g| count(g, &shifted(g))).sum();
    let strict = moved.scores().strict.f1;
    assert!(
        strict < 0.1,
        "{name}: shifted gold scores strict F1 {strict}"
    );
}

#[test]
fn every_suite_gold_is_perfect_against_itself_and_poor_when_shifted() {
    let Some(root) = data::shared_data_or_skip(&["textberg-de-fr", "wmt21-en-ru", "chekhov-ru-en"])
    else {
        return;
    };
    let textberg: Vec<Vec<Bead>> = data::textberg_test(&root)
        .unwrap()
        .into_iter()
        .map(|d| d.gold)
        .collect();
    check("textberg", &textberg);
    for pair in [WmtPair::EnRu, WmtPair::RuEn] {
        let wmt: Vec<Vec<Bead>> = data::wmt21_docs(&root, pair)
            .unwrap()
            .into_iter()
            .map(|d| d.gold)
            .collect();
        check("wmt21", &wmt);
        let excerpts: Vec<Vec<Bead>> = data::wmt21_excerpt_docs(&root, pair)
            .unwrap()
            .into_iter()
            .map(|d| d.gold)
            .collect();
        check("wmt21-excerpts", &excerpts);
    }
    let chekhov: Vec<Vec<Bead>> = data::chekhov_all(&root)
        .unwrap()
        .into_iter()
        .map(|d| d.gold)
        .collect();
    check("chekhov", &chekhov);
}

/// The shipped corpus needs no shared data, so it is checked on a plain
/// clone too.
#[test]
fn corpora_gold_is_perfect_against_itself_and_poor_when_shifted() {
    let corpora_dir = data::locate_corpora().unwrap();
    let corpora: Vec<Vec<Bead>> = data::corpora(&corpora_dir)
        .unwrap()
        .into_iter()
        .map(|d| d.gold)
        .collect();
    assert!(
        !corpora.is_empty(),
        "the shipped corpus pair has a gold alignment"
    );
    check("corpora", &corpora);
}
