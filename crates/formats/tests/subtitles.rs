//! Hand-written subtitle pairs (`tests/data/talk.*`): Russian and English
//! subtitles of one talk with different cue splits, as SRT and WebVTT.

use std::path::Path;

use sverka_align::features::Features;
use sverka_align::{align, Options};
use sverka_formats::{read, Cues, Extracted, Format, ReadOptions};
use sverka_text::{Document, Lang};

fn extract(name: &str) -> Extracted {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap();
    read(&bytes, &ReadOptions::default()).unwrap_or_else(|err| panic!("{name}: {err}"))
}

fn load(name: &str, lang: Lang) -> (Document, Cues) {
    let extracted = extract(name);
    assert!(extracted.format.is_subtitles(), "{name}");
    assert!(
        extracted.warnings.is_empty(),
        "{name}: {:?}",
        extracted.warnings
    );
    let (doc, cues) = extracted.into_document(lang, false);
    (doc, cues.unwrap())
}

/// Each row as a table shows it: cue numbers, times and text of both sides.
fn rows(ru: &(Document, Cues), en: &(Document, Cues)) -> Vec<String> {
    let side = |(doc, cues): &(Document, Cues), range: std::ops::Range<usize>| {
        if range.is_empty() {
            return "-".to_string();
        }
        let lines = (
            doc.sentences[range.start].lines.0,
            doc.sentences[range.end - 1].lines.1,
        );
        let text: Vec<String> = range
            .map(|i| {
                doc.sentence_text(&doc.sentences[i])
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        format!(
            "{} {} {}",
            cues.lines_label(lines),
            cues.time_label(lines),
            text.join(" ")
        )
    };
    align(&ru.0, &en.0, &Options::default())
        .beads
        .iter()
        .map(|b| format!("{} | {}", side(ru, b.src.clone()), side(en, b.tgt.clone())))
        .collect()
}

const EXPECTED: [&str; 10] = [
    "1 00:00:01,000–00:00:04,200 Добрый вечер, дорогие слушатели. | 1 00:00:01,100–00:00:04,000 Good evening, dear listeners.",
    "2 00:00:04,600–00:00:08,900 Сегодня мы поговорим о том, как строилось московское метро. | 2-3 00:00:04,500–00:00:08,800 Today we will talk about how the Moscow metro was built.",
    "3 00:00:09,300–00:00:12,000 Первую линию открыли в мае 1935 года. | 4 00:00:09,200–00:00:12,100 The first line opened in May 1935.",
    "4-5 00:00:12,400–00:00:18,500 Она шла от Сокольников до Парка культуры, и на ней было тринадцать станций. | 5 00:00:12,300–00:00:18,400 It ran from Sokolniki to Park Kultury and had thirteen stations.",
    "6 00:00:19,000–00:00:22,700 Строители работали круглые сутки. | 6 00:00:18,900–00:00:26,100 The builders worked around the clock.",
    "7 00:00:23,100–00:00:26,000 Многие из них прежде никогда не видели шахты. | 6 00:00:18,900–00:00:26,100 Many of them had never seen a mine before.",
    "8 00:00:29,500–00:00:33,000 Теперь о станциях. | 7 00:00:29,400–00:00:32,900 Now about the stations.",
    "9 00:00:33,400–00:00:37,800 Архитекторы хотели, чтобы каждая станция была похожа на дворец. | 8 00:00:33,300–00:00:38,000 The architects wanted every station to look like a palace.",
    "10 00:00:38,200–00:00:41,000 Поэтому там мрамор, бронза и мозаика. | 9 00:00:38,100–00:00:41,200 That is why there is marble, bronze and mosaic.",
    "11 00:00:41,500–00:00:44,000 Спасибо за внимание. | 10 00:00:41,400–00:00:44,100 Thank you for your attention.",
];

#[test]
fn srt_webvtt_and_mixed_pairs_align_with_cue_numbers_and_times() {
    for (ru, en) in [
        ("talk.ru.srt", "talk.en.srt"),
        ("talk.ru.vtt", "talk.en.vtt"),
        ("talk.ru.srt", "talk.en.vtt"),
    ] {
        let ru_doc = load(ru, Lang::Ru);
        let en_doc = load(en, Lang::En);
        assert!(
            Features::extract(&ru_doc.0, &en_doc.0, None).timed,
            "{ru} {en}"
        );
        assert_eq!(rows(&ru_doc, &en_doc), EXPECTED, "{ru} {en}");
    }
    assert_eq!(extract("talk.ru.srt").format, Format::Srt);
    assert_eq!(extract("talk.en.vtt").format, Format::WebVtt);
    assert_eq!(
        extract("talk.en.vtt").description(),
        "read as WebVTT subtitles, 10 cues"
    );
}

/// The English cue times run against the text in places: the reader says
/// where, and the aligner goes by the text alone.
#[test]
fn timing_against_the_text_order_is_reported_and_not_used() {
    let extracted = extract("talk.en.shuffled-times.srt");
    assert_eq!(
        extracted.warnings,
        [
            "line 10: cue 3 starts before cue 2 does; kept in file order",
            "line 18: cue 5 starts before cue 4 does; kept in file order",
            "line 28: cue 7 starts before cue 6 does; kept in file order",
            "line 37: cue 9 starts before cue 8 does; kept in file order",
        ]
    );
    let text = extracted.text.clone();
    let (en, _) = extracted.into_document(Lang::En, false);
    let (ru, _) = load("talk.ru.srt", Lang::Ru);
    assert!(!Features::extract(&ru, &en, None).timed);
    let untimed = |doc: &Document| {
        let mut doc = doc.clone();
        doc.sentences.iter_mut().for_each(|s| s.time = None);
        doc
    };
    let beads =
        |ru: &Document, en: &Document| -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
            align(ru, en, &Options::default())
                .beads
                .iter()
                .map(|b| (b.src.clone(), b.tgt.clone()))
                .collect()
        };
    assert_eq!(beads(&ru, &en), beads(&untimed(&ru), &untimed(&en)));
    assert!(text.starts_with("Good evening, dear listeners.\nToday we will talk about\n"));
}
