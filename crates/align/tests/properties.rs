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

/// A short news-like pair whose sentence `k` carries the number `k * 37 +
/// 101` and a name, English sentences taken from `order`.
fn numbered_pair(n: usize, order: &[usize]) -> (Document, Document) {
    const CITIES: [(&str, &str); 5] = [
        ("Минске", "Minsk"),
        ("Гродно", "Grodno"),
        ("Бресте", "Brest"),
        ("Гомеле", "Gomel"),
        ("Витебске", "Vitebsk"),
    ];
    let ru: Vec<String> = (0..n)
        .map(|k| {
            let (city, _) = CITIES[k % CITIES.len()];
            format!(
                "В {city} открыли {} новых школ и больниц в этом году.",
                k * 37 + 101
            )
        })
        .collect();
    let en: Vec<String> = order
        .iter()
        .map(|&k| {
            let (_, city) = CITIES[k % CITIES.len()];
            format!(
                "{city} opened {} new schools and hospitals this year.",
                k * 37 + 101
            )
        })
        .collect();
    (
        Document::presegmented(ru.join("\n"), Lang::Ru),
        Document::presegmented(en.join("\n"), Lang::En),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Sentences moved (and some left out) on one side: the alignment stays
    /// a partition, and a move only ever pairs sentences with their own
    /// translations (two swapped neighbours may move as one 2-2 bead).
    #[test]
    fn moves_pair_only_translations(
        n in 12usize..40,
        shifts in prop::collection::vec((0usize..40, 1usize..25), 1..4),
        dropped in prop::collection::vec(0usize..40, 0..3),
    ) {
        let mut order: Vec<usize> = (0..n).filter(|k| !dropped.contains(k)).collect();
        for (from, by) in shifts {
            if from < order.len() {
                let k = order.remove(from);
                order.insert((from + by).min(order.len()), k);
            }
        }
        let (ru, en) = numbered_pair(n, &order);
        let alignment = align(&ru, &en, &Options::default());
        check_partition(&alignment, ru.sentences.len(), en.sentences.len());
        for moved in &alignment.moves {
            let mut translated: Vec<usize> = moved.tgt.clone().map(|t| order[t]).collect();
            translated.sort_unstable();
            let src: Vec<usize> = moved.src.clone().collect();
            prop_assert_eq!(src, translated, "{:?}", alignment.moves);
        }
    }
}

#[test]
fn a_numbered_sentence_moved_ten_places_is_found() {
    let mut order: Vec<usize> = (0..30).collect();
    let k = order.remove(5);
    order.insert(15, k);
    let (ru, en) = numbered_pair(30, &order);
    let alignment = align(&ru, &en, &Options::default());
    check_partition(&alignment, 30, 30);
    assert_eq!(
        alignment.moves,
        [sverka_align::Move {
            src: 5..6,
            tgt: 15..16
        }]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A text that runs on without sentence ends, against any other text:
    /// cut or not, the alignment covers both texts once, in order.
    #[test]
    fn a_running_on_text_is_cut_into_a_partition(
        words in prop::collection::vec(prop_oneof!["[a-z]{1,9}", "[0-9]{1,4}", Just("lavrov".to_string())], 100..400),
        guide in document(40),
    ) {
        let mut a = Document::from_text(guide.join(". "), Lang::Ru);
        let mut b = Document::from_text(words.join(" "), Lang::En);
        let alignment = sverka_align::align_splitting(&mut a, &mut b, &Options::default());
        check_partition(&alignment, a.sentences.len(), b.sentences.len());
        let covered: usize = b.sentences.iter().map(|s| s.span.len()).sum::<usize>() + b.sentences.len();
        prop_assert!(covered >= b.text.trim().len(), "{} of {}", covered, b.text.len());
    }
}
