//! Invariants of every alignment: each sentence of both sides in exactly one
//! bead, beads in order, confidence in 0..=1, same result for any number of
//! threads.

use proptest::prelude::*;
use sverka_align::{align, Alignment, Options};
use sverka_checks::alignment_breach;
use sverka_text::{Document, Lang};

/// Panics with the first broken invariant (see `sverka_checks::alignment_breach`).
fn check_partition(alignment: &Alignment, n: usize, m: usize) {
    if let Err(breach) = alignment_breach(alignment, n, m, Options::default().max_bead_side) {
        panic!("{breach}");
    }
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-z]{1,9}",
            "[а-я]{1,9}",
            "[0-9]{1,4}",
            Just("Lavrov".to_string()),
            Just("Лавров".to_string()),
            Just("?".to_string()),
        ],
        1..12,
    )
    .prop_map(|words| words.join(" "))
}

fn document(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(sentence(), 0..max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn beads_partition_both_sides(src in document(40), tgt in document(40)) {
        let a = Document::presegmented(src.join("\n"), Lang::Ru);
        let b = Document::presegmented(tgt.join("\n"), Lang::En);
        let alignment = align(&a, &b, &Options::default());
        check_partition(&alignment, a.sentences.len(), b.sentences.len());
    }
}

/// Large enough for the coarse-to-fine search and parallel stretches.
fn long_pair(n: usize) -> (Document, Document) {
    let mut ru = Vec::new();
    let mut en = Vec::new();
    for k in 0..n {
        ru.push(format!(
            "Предложение номер {k} о городе Минск и {} людях.",
            k * 7 % 1000
        ));
        if k % 97 != 5 {
            en.push(format!(
                "Sentence number {k} about the city of Minsk and {} people.",
                k * 7 % 1000
            ));
        }
        if k % 211 == 3 {
            en.push("An editorial note without a counterpart.".to_string());
        }
    }
    (
        Document::presegmented(ru.join("\n"), Lang::Ru),
        Document::presegmented(en.join("\n"), Lang::En),
    )
}

#[test]
fn long_documents_partition_and_find_the_omissions() {
    let (ru, en) = long_pair(6000);
    let alignment = align(&ru, &en, &Options::default());
    check_partition(&alignment, ru.sentences.len(), en.sentences.len());
    let one_to_one = alignment
        .beads
        .iter()
        .filter(|b| b.kind() == sverka_align::BeadKind::new(1, 1))
        .count();
    assert!(
        one_to_one as f64 > 0.97 * 5900.0,
        "only {one_to_one} 1-1 beads"
    );
}

#[test]
fn same_result_for_one_and_two_threads() {
    let (ru, en) = long_pair(5000);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| align(&ru, &en, &Options::default()))
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one.beads, two.beads);
}
