//! Text that runs on without sentence ends, as speech recognition gives it
//! (lower case, no punctuation, no line breaks): the segmenter finds one
//! sentence in it, which nothing on the other side matches. It is cut
//! where the other text's sentences fall: each of the other text's
//! sentences takes the run of words whose length fits its own and whose
//! words translate its words, in order (a search over word positions).
//! Speech recognition wrapped into caption lines is such a text too: the
//! segmenter ends a sentence at each line, where the tool only ran out of
//! room, so its lines are joined and cut the same way.

use std::ops::Range;

use sverka_text::{Document, Lang};

use crate::features::{Features, Unit};
use crate::TranslationEvidence;

/// Words a text must have before it counts as running on.
const STREAM_FROM_WORDS: usize = 100;

/// Words per sentence above which a text runs on (the punctuation warning's
/// rule: edited prose ends a sentence every 15 to 25 words, run-on
/// transcripts every 30 to 60).
const STREAM_WORDS_PER_SENTENCE: usize = 120;

/// Words per sentence the other text must stay under to guide the cuts.
const GUIDE_WORDS_PER_SENTENCE: usize = 60;

/// How many times more words one text may have than the other: a
/// translation has about as many (Russian some 15 % fewer than English);
/// beyond that the other text is no guide (a 10 MB line against three
/// sentences stays whole).
const MOST_WORDS_RATIO: usize = 3;

/// Spread of a span's log length ratio against its guide sentence's.
const LENGTH_SPREAD: f32 = 0.35;

/// Cost of a guide sentence that takes no words (the stream leaves it out).
const SKIPPED_SENTENCE: f32 = 12.0;

/// How far (words) a cut may stray from where the lengths alone put it,
/// besides a tenth of the stream.
const BAND_WORDS: usize = 60;

/// Most words a cut may stray, however long the stream.
const MOST_BAND_WORDS: usize = 600;

/// Cuts a running-on side of the pair (see the module docs) where the
/// other side's sentences fall. Pre-segmented sides are the user's and are
/// never cut. Returns how many cuts were made.
pub fn cut_running_on(
    src: &mut Document,
    tgt: &mut Document,
    lexicon: Option<&dyn TranslationEvidence>,
) -> usize {
    let mut made = 0;
    for first in [true, false] {
        let (stream, guide) = if first {
            (&mut *src, &*tgt)
        } else {
            (&mut *tgt, &*src)
        };
        if stream.presegmented {
            continue;
        }
        let captions = captioned(stream, guide);
        if !captions && !runs_on(stream, guide) {
            continue;
        }
        let cuts = cuts_by(stream, guide, lexicon, first);
        if captions {
            if cuts.is_empty() {
                continue;
            }
            // Its line breaks end no sentence: only the cuts do.
            stream.join_sentences();
        }
        made += stream.split_sentences_at(&cuts);
    }
    made
}

/// Whether `doc` runs on (few sentence ends for its words) while `other`
/// ends its sentences as edited text does and is about as long.
fn runs_on(doc: &Document, other: &Document) -> bool {
    // Words take two bytes or more with the space after them: a text with
    // fewer bytes per sentence cannot run on, and its words are not counted.
    if doc.text.len() <= 2 * STREAM_WORDS_PER_SENTENCE * doc.sentences.len() {
        return false;
    }
    let n = words(doc);
    n > STREAM_WORDS_PER_SENTENCE * doc.sentences.len() && guides(n, other)
}

fn words(doc: &Document) -> usize {
    doc.text.split_whitespace().count()
}

/// Whether `other` can guide the cuts of a text of `n` words: a text of
/// edited sentences about as long.
fn guides(n: usize, other: &Document) -> bool {
    let m = words(other);
    n >= STREAM_FROM_WORDS
        && m <= GUIDE_WORDS_PER_SENTENCE * other.sentences.len().max(1)
        && n <= MOST_WORDS_RATIO * m
        && m <= MOST_WORDS_RATIO * n
}

/// Lines a text must have before it counts as captions.
const CAPTIONS_FROM_LINES: usize = 12;

/// Spread of caption lines' lengths (standard deviation over the mean, in
/// characters) up to which their breaks are a tool's wrapping: lines
/// wrapped at 42 characters spread about 0.1, chat messages 0.5 and more.
const CAPTION_LENGTH_SPREAD: f32 = 0.3;

/// Words (with a letter) a caption line has on average at least: lines of
/// numbers or codes (a list of ids, an alignment's bead file) are no
/// captions.
const CAPTION_LEAST_WORDS_PER_LINE: usize = 3;

/// Whether `text` is speech recognition wrapped into caption lines: at
/// least [`CAPTIONS_FROM_LINES`] lines with text, at most one stop (`.`
/// `!` `?` `…`) per ten of them, three words or more a line on average,
/// and lines of nearly one length (the last aside), as a captioning tool
/// wraps words where a line is full, while a writer's lines (chat
/// messages, verse, list items) vary and end in stops. Its line breaks
/// fall inside sentences as often as not.
fn is_captions(text: &str) -> bool {
    let lines: Vec<usize> = text
        .lines()
        .map(|l| l.trim().chars().count())
        .filter(|&len| len > 0)
        .collect();
    if lines.len() < CAPTIONS_FROM_LINES {
        return false;
    }
    let stops = text
        .chars()
        .filter(|c| matches!(c, '.' | '!' | '?' | '…'))
        .count();
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if stops * 10 > lines.len() || words < CAPTION_LEAST_WORDS_PER_LINE * lines.len() {
        return false;
    }
    let full = &lines[..lines.len() - 1];
    let mean = full.iter().sum::<usize>() as f32 / full.len() as f32;
    let variance = full
        .iter()
        .map(|&len| (len as f32 - mean).powi(2))
        .sum::<f32>()
        / full.len() as f32;
    variance.sqrt() <= CAPTION_LENGTH_SPREAD * mean
}

/// Whether `doc` is captions (see [`is_captions`]), untimed (subtitle
/// cues keep their times and their breaks), which `other`, not captions,
/// can guide, with a quarter more lines than `other` has sentences at
/// least: lines wrapped at a width outnumber sentences (1.4 to 6 times in
/// the WMT21 documents wrapped at 42 characters), while verse or messages
/// translated line by line have about as many.
fn captioned(doc: &Document, other: &Document) -> bool {
    doc.sentences.iter().all(|s| s.time.is_none())
        && doc.sentences.len() * 4 >= other.sentences.len() * 5
        && is_captions(&doc.text)
        && !is_captions(&other.text)
        && guides(words(doc), other)
}

/// The byte offsets where `stream` is cut: the first word of each guide
/// sentence's span after the first.
fn cuts_by(
    stream: &Document,
    guide: &Document,
    lexicon: Option<&dyn TranslationEvidence>,
    stream_first: bool,
) -> Vec<usize> {
    let words: Vec<Range<usize>> = sverka_text::soft::word_spans(&stream.text);
    if words.len() < 2 || guide.sentences.is_empty() {
        return Vec::new();
    }
    // Each word a unit, against the guide's sentences: their keys and
    // lexicon ids meet as sentences' do.
    let word_doc = Document::presegmented(
        words
            .iter()
            .map(|w| stream.text[w.clone()].replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n"),
        stream.lang.clone(),
    );
    let features = if stream_first {
        Features::extract(&word_doc, guide, lexicon)
    } else {
        Features::extract(guide, &word_doc, lexicon)
    };
    let (word_units, sentences) = if stream_first {
        (&features.src, &features.tgt)
    } else {
        (&features.tgt, &features.src)
    };
    let no_end: Vec<bool> = words
        .iter()
        .map(|w| never_ends(&stream.text[w.clone()], &stream.lang))
        .collect();
    let ends = search(word_units, sentences, &features.weight, &no_end);
    // A cut where the stream already has a sentence start is no cut.
    ends[..ends.len() - 1]
        .iter()
        .filter(|&&end| end > 0 && end < words.len())
        .map(|&end| words[end].start)
        .collect()
}

/// For each guide sentence, the word index where its span ends (the spans
/// cover the words in order; the last ends at the last word).
fn search(words: &[Unit], sentences: &[Unit], weight: &[f32], no_end: &[bool]) -> Vec<usize> {
    let (w, n) = (words.len(), sentences.len());
    // Word lengths with the space after each; the stream's length per
    // guide character.
    let word_len: Vec<f32> = words.iter().map(|u| u.len + 1.0).collect();
    let mut at_len = vec![0.0f32; w + 1];
    for k in 0..w {
        at_len[k + 1] = at_len[k] + word_len[k];
    }
    let guide_total: f32 = sentences.iter().map(|u| u.len + 1.0).sum();
    let ratio = at_len[w] / guide_total.max(1.0);
    // Where the lengths alone end each sentence, in words.
    let mut expected_end = Vec::with_capacity(n);
    let mut guide_so_far = 0.0;
    let mut k = 0;
    for s in sentences {
        guide_so_far += (s.len + 1.0) * ratio;
        while k < w && at_len[k + 1] <= guide_so_far {
            k += 1;
        }
        expected_end.push(k);
    }
    let band = (BAND_WORDS + w / 10).min(MOST_BAND_WORDS);
    let mean_word = at_len[w] / w as f32;
    let lo = |i: usize| expected_end[i].saturating_sub(band);
    let hi = |i: usize| (expected_end[i] + band).min(w);
    // best[i][b - lo(i)]: cost of sentences 0..=i with sentence i ending at word b.
    let mut best: Vec<Vec<f32>> = Vec::with_capacity(n);
    let mut back: Vec<Vec<u32>> = Vec::with_capacity(n);
    let mut matched = vec![0.0f32; w + 1];
    for (i, sentence) in sentences.iter().enumerate() {
        let (from, to) = if i + 1 == n { (w, w) } else { (lo(i), hi(i)) };
        // Matched weight of each word against this sentence, as prefix sums
        // over the words this sentence's span may hold.
        let first = if i == 0 { 0 } else { lo(i - 1) };
        matched[first] = 0.0;
        for k in first..to {
            matched[k + 1] = matched[k] + meet(&words[k], sentence, weight);
        }
        let want = (sentence.len + 1.0) * ratio;
        // Longest span: three times the words its length asks for, and more.
        let longest = (3.0 * want / mean_word) as usize + 15;
        let mut row = vec![f32::INFINITY; to + 1 - from];
        let mut ptr = vec![0u32; to + 1 - from];
        let (plo, prev): (usize, &[f32]) = if i == 0 {
            (0, &[0.0])
        } else {
            (lo(i - 1), &best[i - 1])
        };
        // Only ends of the sentence before within [`BEAM`] of its best
        // start this one: the others do not come back.
        let floor = prev.iter().copied().fold(f32::INFINITY, f32::min);
        for (k, &before) in prev.iter().enumerate() {
            if !before.is_finite() || before > floor + BEAM {
                continue;
            }
            let a = plo + k;
            if a > to {
                break;
            }
            for b in a.max(from)..=(a + longest).min(to) {
                let cost = if a == b {
                    SKIPPED_SENTENCE
                } else {
                    let z = length_z(at_len[b] - at_len[a], want);
                    let ending = if b < w && no_end[b - 1] {
                        NO_END_COST
                    } else {
                        0.0
                    };
                    z * z - (matched[b] - matched[a]) + ending
                };
                if before + cost < row[b - from] {
                    row[b - from] = before + cost;
                    ptr[b - from] = a as u32;
                }
            }
        }
        best.push(row);
        back.push(ptr);
    }
    let mut ends = vec![w; n];
    let mut b = w;
    for i in (0..n).rev() {
        ends[i] = b;
        let from = if i + 1 == n { w } else { lo(i) };
        // A span no search reached (the bands missed each other): no cuts.
        let Some(at) = b.checked_sub(from).and_then(|k| back[i].get(k)) else {
            return vec![w; n];
        };
        b = *at as usize;
    }
    refine(&mut ends, words, sentences, weight, no_end, ratio, &at_len);
    ends
}

/// How far a span of `length` characters is from the `want`ed length, in
/// spreads of the log ratio: (L − W) / √(LW) is ln(L / W) within 2 % up
/// to a ratio of 2, and a square root costs less than a logarithm.
fn length_z(length: f32, want: f32) -> f32 {
    let want = want.max(1.0);
    (length - want) / (length * want).sqrt() / LENGTH_SPREAD
}

/// How much dearer than the best a partial cut may be and still go on.
/// Without it the search took 2.5 s of a 98,000-word transcript's 3.3 s;
/// at 100 it takes 0.25 s and cuts the `wmt21-asr` suite the same (at 40
/// it lost 0.06 strict F1).
const BEAM: f32 = 100.0;

/// Words a cut may move in [`refine`].
const REFINE_REACH: usize = 3;

/// Moves each cut up to [`REFINE_REACH`] words where its two spans cost
/// less with each guide word matched at most as often as it occurs: the
/// search above counts a word that both sentences have for either, and so
/// leaves the word at a cut (`…other confederate | monuments the
/// monument will be stored`) to the lengths.
fn refine(
    ends: &mut [usize],
    words: &[Unit],
    sentences: &[Unit],
    weight: &[f32],
    no_end: &[bool],
    ratio: f32,
    at_len: &[f32],
) {
    let w = words.len();
    let span_cost = |i: usize, a: usize, b: usize| -> f32 {
        if a >= b {
            return SKIPPED_SENTENCE;
        }
        let want = (sentences[i].len + 1.0) * ratio;
        let z = length_z(at_len[b] - at_len[a], want);
        let ending = if b < w && no_end[b - 1] {
            NO_END_COST
        } else {
            0.0
        };
        z * z - matched_counted(&words[a..b], &sentences[i], weight) + ending
    };
    for i in 0..ends.len().saturating_sub(1) {
        let start = if i == 0 { 0 } else { ends[i - 1] };
        let next_end = ends[i + 1];
        let here = ends[i];
        let lowest = here.saturating_sub(REFINE_REACH).max(start + 1);
        let highest = (here + REFINE_REACH).min(next_end.saturating_sub(1));
        let mut best = (
            span_cost(i, start, here) + span_cost(i + 1, here, next_end),
            here,
        );
        for b in lowest..=highest {
            let cost = span_cost(i, start, b) + span_cost(i + 1, b, next_end);
            if cost < best.0 - 1e-4 {
                best = (cost, b);
            }
        }
        ends[i] = best.1;
    }
}

/// Weight of the words' keys and lexicon ids that the sentence has, each
/// at most as often as the sentence has it.
fn matched_counted(words: &[Unit], sentence: &Unit, weight: &[f32]) -> f32 {
    let mut left: Vec<(u32, u16)> = sentence.lex.iter().chain(&sentence.keys).copied().collect();
    left.sort_unstable_by_key(|k| k.0);
    let mut total = 0.0;
    for word in words {
        for (id, _) in word.lex.iter().chain(&word.keys) {
            if let Ok(k) = left.binary_search_by_key(id, |x| x.0) {
                if left[k].1 > 0 {
                    left[k].1 -= 1;
                    total += weight.get(*id as usize).copied().unwrap_or(0.0);
                }
            }
        }
    }
    total
}

/// Cost of a cut after a word that hardly ever ends a sentence.
const NO_END_COST: f32 = 3.0;

/// Whether a sentence hardly ever ends with `word` (an article, a
/// preposition, a conjunction, a pronoun before its verb).
fn never_ends(word: &str, lang: &Lang) -> bool {
    const EN: &[&str] = &[
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "and", "or", "but", "that",
        "which", "who", "from", "by", "as", "is", "are", "was", "were", "be", "been", "has",
        "have", "had", "will", "would", "can", "could", "should", "its", "their", "his", "her",
        "our", "my", "your", "this", "these", "those", "than", "into", "about", "if", "because",
        "while", "not", "very", "i", "we", "they", "he", "she", "it's", "i'm", "we're", "they're",
        "there's", "what", "when", "where", "how",
    ];
    const RU: &[&str] = &[
        "и",
        "в",
        "во",
        "на",
        "с",
        "со",
        "к",
        "ко",
        "по",
        "о",
        "об",
        "от",
        "до",
        "из",
        "за",
        "для",
        "без",
        "под",
        "над",
        "при",
        "у",
        "не",
        "ни",
        "но",
        "а",
        "что",
        "как",
        "чтобы",
        "его",
        "их",
        "мы",
        "вы",
        "он",
        "она",
        "они",
        "я",
        "же",
        "ли",
        "бы",
        "если",
        "когда",
        "который",
        "которые",
        "которая",
        "которое",
        "где",
        "или",
        "это",
    ];
    let word = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    match lang {
        Lang::En => EN.contains(&word.as_str()),
        Lang::Ru => RU.contains(&word.as_str()),
        _ => false,
    }
}

/// Weight of the word's keys and lexicon ids that the sentence has too.
fn meet(word: &Unit, sentence: &Unit, weight: &[f32]) -> f32 {
    word.lex
        .iter()
        .chain(&word.keys)
        .filter(|(id, _)| {
            sentence.lex.binary_search_by_key(id, |k| k.0).is_ok()
                || sentence.keys.binary_search_by_key(id, |k| k.0).is_ok()
        })
        .map(|(id, _)| weight.get(*id as usize).copied().unwrap_or(0.0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sverka_text::Lang;

    /// Twenty news sentences, each with its own number and city.
    fn sentences(russian: bool) -> Vec<String> {
        const CITIES: [(&str, &str); 4] = [
            ("Минске", "Minsk"),
            ("Гродно", "Grodno"),
            ("Бресте", "Brest"),
            ("Гомеле", "Gomel"),
        ];
        (0..20)
            .map(|k| {
                let (ru, en) = CITIES[k % 4];
                let n = k * 37 + 101;
                if russian {
                    format!("в {ru} в этом году открыли {n} новых школ и больниц")
                } else {
                    format!("{en} opened {n} new schools and hospitals this year.")
                }
            })
            .collect()
    }

    #[test]
    fn a_text_without_sentence_ends_is_cut_where_the_other_texts_sentences_fall() {
        let spoken = sentences(true);
        let mut stream = Document::from_text(spoken.join(" "), Lang::Ru);
        let mut guide = Document::from_text(sentences(false).join(" "), Lang::En);
        assert_eq!((stream.sentences.len(), guide.sentences.len()), (1, 20));
        assert_eq!(cut_running_on(&mut stream, &mut guide, None), 19);
        let found: Vec<&str> = stream
            .sentences
            .iter()
            .map(|s| stream.sentence_text(s))
            .collect();
        assert_eq!(found, spoken);
        assert_eq!(guide.sentences.len(), 20);
    }

    /// `text`'s words in lines of at most `width` characters.
    fn wrapped(text: &str, width: usize) -> String {
        let mut lines: Vec<String> = vec![String::new()];
        for word in text.split_whitespace() {
            let line = lines.last_mut().expect("a line");
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(word.to_string());
            } else {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
        }
        lines.join("\n")
    }

    #[test]
    fn captions_are_joined_and_cut_where_the_other_texts_sentences_fall() {
        let spoken = sentences(true);
        let captions = wrapped(&spoken.join(" "), 42);
        assert!(is_captions(&captions), "{captions}");
        let mut stream = Document::from_text(captions.clone(), Lang::Ru);
        let mut guide = Document::from_text(sentences(false).join(" "), Lang::En);
        assert!(stream.sentences.len() > 20, "a sentence a line");
        assert_eq!(cut_running_on(&mut stream, &mut guide, None), 19);
        let found: Vec<String> = stream
            .sentences
            .iter()
            .map(|s| stream.sentence_text(s).replace('\n', " "))
            .collect();
        assert_eq!(found, spoken);
        // Each row names the caption lines its sentence spans.
        let line_of = |at: usize| {
            captions.as_bytes()[..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        };
        for sentence in &stream.sentences {
            let lines = (line_of(sentence.span.start), line_of(sentence.span.end - 1));
            assert_eq!(sentence.lines, lines);
        }
    }

    #[test]
    fn lines_a_writer_ends_are_no_captions() {
        let english = sentences(false);
        let spoken = sentences(true);
        // Sentences a line, punctuated or not (chat messages): their
        // lengths vary, or they end in stops.
        let messages: Vec<String> = english
            .iter()
            .enumerate()
            .map(|(k, s)| {
                if k % 3 == 0 {
                    format!("{s} And then some more words came.")
                } else {
                    s.replace('.', "")
                }
            })
            .collect();
        assert!(!is_captions(&messages.join("\n")));
        assert!(!is_captions(&english.join("\n")));
        // Wrapped prose keeps its stops.
        assert!(!is_captions(&wrapped(&english.join(" "), 42)));
        // A column of numbers is no text.
        let ids: Vec<String> = (100..140).map(|k| format!("[{k}]:[{k}]")).collect();
        assert!(!is_captions(&ids.join("\n")));
        // Fewer than twelve lines.
        assert!(!is_captions(&wrapped(&spoken[..4].join(" "), 42)));
        // Lines translated line by line (verse, lyrics): about as many
        // sentences on the other side, whose line breaks stay.
        let captions = wrapped(&spoken.join(" "), 42);
        let english_text = english.join(" ").replace('.', "");
        let english_words: Vec<&str> = english_text.split(' ').collect();
        let per_line = english_words.len().div_ceil(captions.lines().count());
        let lines_as_sentences: Vec<String> = english_words
            .chunks(per_line)
            .map(|line| format!("{}.", line.join(" ")))
            .collect();
        let mut stream = Document::from_text(captions, Lang::Ru);
        let mut other = Document::from_text(lines_as_sentences.join("\n"), Lang::En);
        assert!(
            other.sentences.len() * 5 > stream.sentences.len() * 4,
            "{} {}",
            other.sentences.len(),
            stream.sentences.len()
        );
        let before = stream.sentences.len();
        assert_eq!(cut_running_on(&mut stream, &mut other, None), 0);
        assert_eq!(stream.sentences.len(), before);
        // Captions on both sides: neither guides the other.
        let mut stream = Document::from_text(wrapped(&spoken.join(" "), 42), Lang::Ru);
        let english_captions = wrapped(&english.join(" ").replace('.', ""), 42);
        let mut other = Document::from_text(english_captions, Lang::En);
        let before = stream.sentences.len();
        assert_eq!(cut_running_on(&mut stream, &mut other, None), 0);
        assert_eq!(stream.sentences.len(), before);
    }

    #[test]
    fn punctuated_short_and_presegmented_texts_are_left_alone() {
        let spoken = sentences(true).join(" ");
        let english = sentences(false).join(" ");
        // The user's lines are the user's.
        let mut stream = Document::presegmented(spoken.clone(), Lang::Ru);
        let mut guide = Document::from_text(english.clone(), Lang::En);
        assert_eq!(cut_running_on(&mut stream, &mut guide, None), 0);
        // Both texts running on: nothing to be guided by.
        let mut stream = Document::from_text(spoken.clone(), Lang::Ru);
        let mut other = Document::from_text(english.replace('.', ""), Lang::En);
        assert_eq!(cut_running_on(&mut stream, &mut other, None), 0);
        // Three sentences cannot guide a text thirty times as long.
        let long = std::iter::repeat_n(spoken.as_str(), 10)
            .collect::<Vec<_>>()
            .join(" ");
        let mut stream = Document::from_text(long, Lang::Ru);
        let few: Vec<String> = sentences(false).into_iter().take(3).collect();
        let mut guide = Document::from_text(few.join(" "), Lang::En);
        assert_eq!(cut_running_on(&mut stream, &mut guide, None), 0);
        // Under a hundred words.
        let short: Vec<&str> = spoken.split(' ').take(90).collect();
        let mut stream = Document::from_text(short.join(" "), Lang::Ru);
        let mut guide = Document::from_text(english, Lang::En);
        assert_eq!(cut_running_on(&mut stream, &mut guide, None), 0);
    }
}
