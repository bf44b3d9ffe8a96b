//! Subtitle timing as evidence: sentences spoken at the same time pair up,
//! and timing that cannot be trusted is ignored.

use sverka_align::features::Features;
use sverka_align::{align, Options};
use sverka_text::{Document, Lang};

/// A document of one paragraph per sentence, each timed as given.
fn timed(sentences: &[&str], times: &[(u64, u64)], lang: Lang) -> Document {
    let mut doc = Document::from_text(sentences.join("\n\n"), lang);
    assert_eq!(doc.sentences.len(), times.len());
    for (sentence, &time) in doc.sentences.iter_mut().zip(times) {
        sentence.time = Some(time);
    }
    doc
}

fn beads(ru: &Document, en: &Document) -> Vec<(Vec<usize>, Vec<usize>)> {
    align(ru, en, &Options::default())
        .beads
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect()
}

/// Six Russian lines, five English: the English lacks the third. Nothing
/// but length tells the lines apart (no names, numbers or shared words),
/// and the lengths are alike, so text alone cannot place the omission;
/// the times can.
#[test]
fn time_overlap_places_an_omission_that_text_cannot() {
    let ru = [
        "Мы долго шли по лесу.",
        "Потом начался дождь.",
        "Собака лаяла у ворот.",
        "Вечером стало тихо.",
        "Мы пили чай на кухне.",
        "Утром все уехали.",
    ];
    let en = [
        "We walked in the woods.",
        "Then it began to rain.",
        "In the evening, silence.",
        "We drank tea inside.",
        "In the morning all left.",
    ];
    let ru_times = [
        (1_000, 3_000),
        (4_000, 6_000),
        (7_000, 9_000),
        (10_000, 12_000),
        (13_000, 15_000),
        (16_000, 18_000),
    ];
    let en_times = [
        (1_100, 2_900),
        (4_100, 5_900),
        (10_100, 11_900),
        (13_100, 14_900),
        (16_100, 17_900),
    ];
    let expected = [
        (vec![0], vec![0]),
        (vec![1], vec![1]),
        (vec![2], vec![]),
        (vec![3], vec![2]),
        (vec![4], vec![3]),
        (vec![5], vec![4]),
    ];
    let untimed = beads(
        &Document::from_text(ru.join("\n\n"), Lang::Ru),
        &Document::from_text(en.join("\n\n"), Lang::En),
    );
    assert_ne!(untimed, expected, "the text alone should not tell");
    let ru_doc = timed(&ru, &ru_times, Lang::Ru);
    let en_doc = timed(&en, &en_times, Lang::En);
    assert!(Features::extract(&ru_doc, &en_doc, None).timed);
    assert_eq!(beads(&ru_doc, &en_doc), expected);
}

/// One side's times run backwards in places (cues listed out of time
/// order), or the two sides are different stretches of a recording: the
/// times are not used, and the alignment is the one the text gives.
#[test]
fn untrustworthy_timing_is_ignored() {
    let ru = [
        "Первая фраза здесь.",
        "Вторая фраза тут.",
        "Третья и последняя.",
    ];
    let en = [
        "The first phrase.",
        "The second one.",
        "The third and last.",
    ];
    let untimed = beads(
        &Document::from_text(ru.join("\n\n"), Lang::Ru),
        &Document::from_text(en.join("\n\n"), Lang::En),
    );
    let ru_doc = timed(&ru, &[(0, 1000), (1000, 2000), (2000, 3000)], Lang::Ru);
    for en_times in [
        // Out of order: the text's third line timed first.
        [(2000, 3000), (1000, 2000), (0, 1000)],
        // An hour later: another cut of the video.
        [
            (3_600_000, 3_601_000),
            (3_601_000, 3_602_000),
            (3_602_000, 3_603_000),
        ],
    ] {
        let en_doc = timed(&en, &en_times, Lang::En);
        assert!(!Features::extract(&ru_doc, &en_doc, None).timed);
        assert_eq!(beads(&ru_doc, &en_doc), untimed);
    }
    // Untimed text on one side: no timing at all.
    let en_doc = Document::from_text(en.join("\n\n"), Lang::En);
    assert!(!Features::extract(&ru_doc, &en_doc, None).timed);
}
