//! Property tests across the libraries: the fuzz targets' invariants on
//! generated input, and an alignment written as a review table and read
//! back in every table format giving the same beads.

use proptest::prelude::*;
use sverka_align::{align, align_splitting, Options};
use sverka_checks::{
    alignment_breach, cut_breach, decode_breach, read_table_breach, tokenize_breach, TABLE_FLAVOURS,
};
use sverka_pipeline::{align_documents, rows};
use sverka_table::{read_table, write_table, BeadKind, LineRange, Side, TableMeta, WriteOptions};
use sverka_text::{Document, Lang};

/// Words, numbers, names, end marks, quotes, dashes, line breaks and
/// invisible characters: raw text that segments into varied sentences.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,9} ",
        4 => "[а-я]{1,9} ",
        2 => "[A-Z][a-z]{0,6} ",
        2 => "[А-Я][а-я]{0,6} ",
        1 => "[0-9]{1,5}[.,]? ",
        2 => prop::sample::select(vec![
            ". ", "? ", "! ", "… ", "\n", "\n\n", "\r\n", "«", "» ", "\"", "— ", "- ",
            "Q: ", "Вопрос: ", "С.В.Лавров: ", "т.е. ", "Mr. ", "U.S. ", "2017 г. ",
            "\u{200B}", "\u{200D}", "\u{200F}", "\u{FEFF}", "\u{A0}", "=", "'", "\t",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn raw_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|p| p.concat())
}

/// Text in a legacy encoding or UTF-16, or bytes of no encoding at all.
fn encoded_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        (raw_text(40), 0usize..6).prop_map(|(text, how)| match how {
            0 => encoding_rs::WINDOWS_1251.encode(&text).0.into_owned(),
            1 => encoding_rs::KOI8_R.encode(&text).0.into_owned(),
            2 => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            3 => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            4 => [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect(),
            _ => text.into_bytes(),
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn decoding_keeps_its_contract(bytes in encoded_bytes()) {
        if let Err(breach) = decode_breach(&bytes) {
            prop_assert!(false, "{breach}\ninput: {bytes:?}");
        }
    }

    #[test]
    fn tokens_keep_their_contract(text in raw_text(60)) {
        if let Err(breach) = tokenize_breach(&text) {
            prop_assert!(false, "{breach}\ninput: {text:?}");
        }
    }

    #[test]
    fn reading_any_table_keeps_its_contract(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            "(ru|en|status|note|row|kind|details|[a-z]{0,3})([,;\t](ru|en|status|note|row|kind|details)){0,5}\r?\n([a-zа-я'\"=\\-,;\t\r\n ]{0,40}|ok|reject|fix)*"
                .prop_map(String::into_bytes),
        ]
    ) {
        if let Err(breach) = read_table_breach(&bytes) {
            prop_assert!(false, "{breach}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Raw text (segmented, not one sentence per line) on both sides, any
    /// largest bead: a partition in order, allowed bead types, confidence
    /// finite and in 0..=1, gap flags on exactly the gaps.
    #[test]
    fn alignment_of_raw_text_keeps_its_contract(
        ru in raw_text(120), en in raw_text(120), max_bead in 1usize..=3,
    ) {
        let a = Document::from_text(ru, Lang::Ru);
        let b = Document::from_text(en, Lang::En);
        let options = Options { max_bead_side: max_bead, ..Options::default() };
        let alignment = align(&a, &b, &options);
        if let Err(breach) =
            alignment_breach(&alignment, a.sentences.len(), b.sentences.len(), max_bead)
        {
            prop_assert!(false, "{breach}\nru: {:?}\nen: {:?}", a.text, b.text);
        }
    }

    /// With sentences cut at soft boundaries (as the pipeline aligns), any
    /// largest bead up to 5: the cut documents cover the same text once in
    /// order, the beads partition their sentences, and the result is the
    /// same on one thread and on two.
    #[test]
    fn alignment_with_soft_boundaries_keeps_its_contract(
        ru in raw_text(160), en in raw_text(160), max_bead in 1usize..=5,
    ) {
        let options = Options { max_bead_side: max_bead, ..Options::default() };
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let mut a = Document::from_text(ru.clone(), Lang::Ru);
                let mut b = Document::from_text(en.clone(), Lang::En);
                let alignment = align_splitting(&mut a, &mut b, &options);
                (a, b, alignment)
            })
        };
        let (a, b, alignment) = run(1);
        let (before_a, before_b) = (
            Document::from_text(ru.clone(), Lang::Ru),
            Document::from_text(en.clone(), Lang::En),
        );
        for (before, after) in [(&before_a, &a), (&before_b, &b)] {
            if let Err(breach) = cut_breach(before, after) {
                prop_assert!(false, "{breach}\nru: {:?}\nen: {:?}", a.text, b.text);
            }
        }
        if let Err(breach) =
            alignment_breach(&alignment, a.sentences.len(), b.sentences.len(), max_bead)
        {
            prop_assert!(false, "{breach}\nru: {:?}\nen: {:?}", a.text, b.text);
        }
        let (a2, b2, alignment2) = run(2);
        prop_assert_eq!(&a.sentences, &a2.sentences);
        prop_assert_eq!(&b.sentences, &b2.sentences);
        prop_assert_eq!(format!("{:?}", alignment.beads), format!("{:?}", alignment2.beads));
    }

    /// An alignment written as a review table in every format a reviewer
    /// edits (CSV for Excel, plain CSV, TSV, JSONL) and read back gives the
    /// same beads: kinds, line ranges, texts, confidence (to the 3 decimals
    /// written), flags, details.
    #[test]
    fn review_table_read_back_gives_the_same_beads(
        ru in raw_text(80), en in raw_text(80),
    ) {
        let a = Document::from_text(ru, Lang::Ru);
        let b = Document::from_text(en, Lang::En);
        // The real row builder, as `sverka align` writes rows.
        let aligned = align_documents(a, b, &Options::default());
        let (alignment, rows) = (&aligned.alignment, rows(&aligned));
        for (format, csv) in TABLE_FLAVOURS {
            let mut bytes = Vec::new();
            let options = WriteOptions { csv, srclang: Side::Source };
            write_table(&rows, &TableMeta::default(), format, &options, &mut bytes).unwrap();
            if rows.is_empty() {
                continue; // nothing to compare; JSONL has not even a header
            }
            let back = read_table(&bytes[..])
                .unwrap_or_else(|e| panic!("{format} {csv:?}: {e}"));
            prop_assert_eq!(back.len(), alignment.beads.len());
            let (mut i, mut j) = (0, 0);
            for ((bead, row), read) in alignment.beads.iter().zip(&rows).zip(&back) {
                let kind: BeadKind = read.kind.parse().unwrap();
                let src = i..i + kind.source;
                let tgt = j..j + kind.target;
                prop_assert_eq!((&src, &tgt), (&bead.src, &bead.tgt), "{} {:?}", format, csv);
                (i, j) = (src.end, tgt.end);
                let parse_lines = |cell: &str| {
                    (!cell.is_empty()).then(|| cell.parse::<LineRange>().unwrap())
                };
                prop_assert_eq!(parse_lines(&read.ru_lines), row.ru_lines);
                prop_assert_eq!(parse_lines(&read.en_lines), row.en_lines);
                prop_assert_eq!(&read.ru, &row.ru);
                prop_assert_eq!(&read.en, &row.en);
                let confidence: f32 = read.confidence.parse().unwrap();
                prop_assert!((confidence - bead.confidence).abs() <= 0.0005 + f32::EPSILON);
                let flags: Vec<&str> = bead.flags.iter().map(|f| f.as_str()).collect();
                prop_assert_eq!(&read.flags, &flags.join(";"));
                prop_assert_eq!(&read.details, &bead.details);
            }
        }
    }
}
