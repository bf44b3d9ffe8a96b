use std::ops::Range;

use crate::soft::{self, SoftBoundary};
use crate::structure::{self, Paragraph};
use crate::{headline, segment, Lang};

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in [`Document::text`].
    pub span: Range<usize>,
    /// Index of the paragraph it belongs to.
    pub paragraph: usize,
    /// Whether it is the first sentence of its paragraph.
    pub opens_paragraph: bool,
    /// Whether its paragraph is a heading.
    pub heading: bool,
    /// The speaker of the turn it opens (only on a turn's first sentence).
    pub speaker: Option<String>,
    /// Whether that speaker is the one asking (`Q:`, `Вопрос:`).
    pub asks: bool,
    /// 1-based line numbers of its first and last character in the file.
    pub lines: (usize, usize),
    /// When it is spoken, in milliseconds from the start (subtitles: from
    /// the start of its first cue to the end of its last); None for text
    /// without timing.
    pub time: Option<(u64, u64)>,
}

/// A decoded text split into paragraphs and sentences.
#[derive(Debug, Clone)]
pub struct Document {
    /// The decoded text, unchanged.
    pub text: String,
    /// Language of the text.
    pub lang: Lang,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in order; every non-blank character of the text is in exactly one.
    pub sentences: Vec<Sentence>,
    /// Places inside sentences where they may be cut after all (see
    /// [`crate::soft`]), sorted; none for pre-segmented text, whose
    /// sentences are the user's.
    pub soft: Vec<SoftBoundary>,
    /// The sentences are the user's (one a line): nothing may cut them.
    pub presegmented: bool,
    /// The text's line breaks were taken for no sentence ends and its
    /// sentences made anew (see [`Document::join_sentences`]).
    pub lines_joined: bool,
}

impl Document {
    /// Finds the structure of `text` and segments it into sentences.
    pub fn from_text(text: String, lang: Lang) -> Document {
        let paragraphs = structure::paragraphs(&text);
        Document::from_paragraphs(text, lang, paragraphs)
    }

    /// Segments `text` whose paragraphs are already known, as a document
    /// format marks them (Word, HTML, subtitles): each block is a byte
    /// range of the text and whether it is a heading (`None`: judged from
    /// the text, as for plain text). Speaker labels are found as in
    /// [`Document::from_text`]. Blocks must be in order and not overlap;
    /// ranges out of order, out of bounds or off character boundaries are
    /// skipped.
    pub fn from_blocks(
        text: String,
        lang: Lang,
        blocks: &[(Range<usize>, Option<bool>)],
    ) -> Document {
        let mut paragraphs = Vec::with_capacity(blocks.len());
        let mut end = 0;
        for (span, heading) in blocks {
            if span.start < end
                || span.end > text.len()
                || !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
            {
                continue;
            }
            let span = structure::trim_span(&text, span.clone());
            if span.is_empty() {
                continue;
            }
            end = span.end;
            paragraphs.push(structure::describe_block(&text, span, *heading));
        }
        Document::from_paragraphs(text, lang, paragraphs)
    }

    fn from_paragraphs(text: String, lang: Lang, paragraphs: Vec<Paragraph>) -> Document {
        let line_index = LineIndex::new(&text);
        // Built on first use: most paragraphs never ask.
        let lowercase = std::cell::OnceCell::new();
        let is_lowercase = |word: &str| {
            lowercase
                .get_or_init(|| headline::lowercase_words(&text))
                .contains(word)
        };
        let mut sentences = Vec::new();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let body = &text[paragraph.span.clone()];
            let mut pieces = if paragraph.heading {
                std::iter::once(0..body.len()).collect()
            } else {
                segment::split(body, &lang)
            };
            if let Some(first) = pieces.first().cloned().filter(|_| !paragraph.heading) {
                if let Some(at) = headline::headline_end(&body[first.clone()], &lang, &is_lowercase)
                {
                    let headline = crate::structure::trim_span(body, first.start..first.start + at);
                    pieces[0] = first.start + at..first.end;
                    pieces.insert(0, headline);
                }
            }
            for (k, piece) in pieces.into_iter().enumerate() {
                let span = paragraph.span.start + piece.start..paragraph.span.start + piece.end;
                let speaker = paragraph.speaker.as_ref().filter(|_| k == 0);
                sentences.push(Sentence {
                    lines: line_index.lines_of(&span),
                    span,
                    paragraph: index,
                    opens_paragraph: k == 0,
                    heading: paragraph.heading,
                    speaker: speaker.map(|s| s.name.clone()),
                    asks: speaker.is_some_and(|s| s.asks),
                    time: None,
                });
            }
        }
        // Headings too: a line without final punctuation may be a chat
        // message of two sentences.
        let spans: Vec<Range<usize>> = sentences.iter().map(|s| s.span.clone()).collect();
        let soft = soft::candidates(&text, &lang, &spans, &is_lowercase);
        Document {
            text,
            lang,
            paragraphs,
            sentences,
            soft,
            presegmented: false,
            lines_joined: false,
        }
    }

    /// Takes `text` as already segmented: each line is one sentence (blank
    /// lines too, so that line numbers and sentence indices agree), and
    /// each sentence is its own paragraph.
    pub fn presegmented(text: String, lang: Lang) -> Document {
        Document::presegmented_lines(text, lang, false)
    }

    /// Like [`Document::presegmented`], but a blank line is no sentence:
    /// what a user's one-sentence-per-line file means (a blank line there
    /// separates, it aligns with nothing). Sentences keep their own line
    /// numbers, so the table still points at the right lines; sentence
    /// indices count only the lines with text.
    pub fn presegmented_skipping_blank_lines(text: String, lang: Lang) -> Document {
        Document::presegmented_lines(text, lang, true)
    }

    fn presegmented_lines(text: String, lang: Lang, skip_blank: bool) -> Document {
        let lines = structure::lines(&text);
        // One of each a line: sized at once, not doubled on the way.
        let mut paragraphs = Vec::with_capacity(lines.len());
        let mut sentences = Vec::with_capacity(lines.len());
        for (index, line) in lines.into_iter().enumerate() {
            if skip_blank && structure::trim_span(&text, line.clone()).is_empty() {
                continue;
            }
            let speaker = structure::speaker_label(&text[line.clone()]);
            sentences.push(Sentence {
                span: line.clone(),
                paragraph: paragraphs.len(),
                opens_paragraph: true,
                heading: false,
                speaker: speaker.map(|(_, name)| name),
                asks: false,
                lines: (index + 1, index + 1),
                time: None,
            });
            paragraphs.push(Paragraph {
                span: line,
                heading: false,
                speaker: None,
            });
        }
        Document {
            text,
            lang,
            paragraphs,
            sentences,
            soft: Vec::new(),
            presegmented: true,
            lines_joined: false,
        }
    }

    /// The soft boundaries strictly inside the byte range `bytes` (a
    /// sentence's span, or several sentences').
    pub fn soft_within(&self, bytes: &Range<usize>) -> &[SoftBoundary] {
        let start = self.soft.partition_point(|b| b.at <= bytes.start);
        let end = self.soft.partition_point(|b| b.at < bytes.end).max(start);
        &self.soft[start..end]
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.text[sentence.span.clone()]
    }

    /// Makes the whole text one sentence, in the first paragraph, before
    /// it is cut anew (see [`Document::split_sentences_at`]): text whose
    /// line breaks end no sentence, as captions wrap speech recognition
    /// wherever a line is full. Soft boundaries go with the old sentences.
    pub fn join_sentences(&mut self) {
        let (Some(first), Some(last)) = (self.sentences.first(), self.sentences.last()) else {
            return;
        };
        let joined = Sentence {
            span: first.span.start..last.span.end,
            paragraph: first.paragraph,
            opens_paragraph: true,
            heading: false,
            speaker: None,
            asks: false,
            lines: (first.lines.0, last.lines.1),
            time: None,
        };
        self.sentences = vec![joined];
        self.soft.clear();
        self.lines_joined = true;
    }

    /// Splits sentences at every byte offset of `cuts` that falls strictly
    /// inside one (as [`Document::split_sentence`] does for one cut), in
    /// one pass over the document; offsets elsewhere are skipped. Returns
    /// how many cuts were made.
    pub fn split_sentences_at(&mut self, cuts: &[usize]) -> usize {
        let mut cuts: Vec<usize> = cuts
            .iter()
            .copied()
            .filter(|&at| self.text.is_char_boundary(at))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        if cuts.is_empty() {
            return 0;
        }
        let line_index = LineIndex::new(&self.text);
        let mut out = Vec::with_capacity(self.sentences.len() + cuts.len());
        let mut made = Vec::new();
        let mut next = 0;
        for sentence in self.sentences.drain(..) {
            while next < cuts.len() && cuts[next] <= sentence.span.start {
                next += 1;
            }
            let mut rest = sentence;
            while next < cuts.len() && cuts[next] < rest.span.end {
                let at = cuts[next];
                next += 1;
                let head = structure::trim_span(&self.text, rest.span.start..at);
                let tail = structure::trim_span(&self.text, at..rest.span.end);
                if head.is_empty() || tail.is_empty() {
                    continue;
                }
                let mut second = rest.clone();
                second.span = tail.clone();
                second.lines = line_index.lines_of(&tail);
                second.opens_paragraph = false;
                second.speaker = None;
                second.asks = false;
                rest.span = head.clone();
                rest.lines = line_index.lines_of(&head);
                made.push(head.end..=tail.start);
                out.push(rest);
                rest = second;
            }
            out.push(rest);
        }
        self.sentences = out;
        // The cuts are sure boundaries now; both lists are in text order.
        let mut range = made.iter().peekable();
        self.soft.retain(|b| {
            while range.next_if(|r| *r.end() < b.at).is_some() {}
            !range.peek().is_some_and(|r| r.contains(&b.at))
        });
        made.len()
    }

    /// Splits sentence `index` in two at byte `at` of the text (which must
    /// fall strictly inside it); whitespace around the cut goes to neither
    /// part. Returns false, changing nothing, when the cut is not inside.
    pub fn split_sentence(&mut self, index: usize, at: usize) -> bool {
        let Some(sentence) = self.sentences.get(index) else {
            return false;
        };
        let span = sentence.span.clone();
        if at <= span.start || at >= span.end || !self.text.is_char_boundary(at) {
            return false;
        }
        let head = structure::trim_span(&self.text, span.start..at);
        let tail = structure::trim_span(&self.text, at..span.end);
        if head.is_empty() || tail.is_empty() {
            return false;
        }
        let line_index = LineIndex::new(&self.text);
        let mut second = sentence.clone();
        second.span = tail.clone();
        second.lines = line_index.lines_of(&tail);
        second.opens_paragraph = false;
        second.speaker = None;
        second.asks = false;
        let first = &mut self.sentences[index];
        first.span = head.clone();
        first.lines = line_index.lines_of(&head);
        self.sentences.insert(index + 1, second);
        // The cut is a sure boundary now.
        self.soft
            .retain(|b| !(head.end..=tail.start).contains(&b.at));
        true
    }
}

/// Byte offset to 1-based line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(structure::lines(text).iter().skip(1).map(|l| l.start));
        LineIndex { starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    fn lines_of(&self, span: &Range<usize>) -> (usize, usize) {
        (
            self.line_of(span.start),
            self.line_of(span.end.saturating_sub(1).max(span.start)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_sentences_are_cut_anew_with_their_lines() {
        let text =
            "the minister met his\ncounterpart in minsk\non friday they spoke\nabout trade\n";
        let mut doc = Document::from_text(text.to_string(), Lang::En);
        assert_eq!(doc.sentences.len(), 4, "{:?}", doc.sentences);
        assert!(!doc.lines_joined);
        doc.join_sentences();
        assert!(doc.lines_joined);
        assert_eq!(doc.sentences.len(), 1);
        assert_eq!(doc.sentence_text(&doc.sentences[0]), text.trim_end());
        assert_eq!(doc.sentences[0].lines, (1, 4));
        let they = text.find("they").unwrap();
        assert_eq!(doc.split_sentences_at(&[they]), 1);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.sentence_text(s)).collect();
        assert_eq!(texts, [&text[..they - 1], text[they..].trim_end()]);
        let lines: Vec<(usize, usize)> = doc.sentences.iter().map(|s| s.lines).collect();
        assert_eq!(lines, [(1, 3), (3, 4)]);
    }

    #[test]
    fn cutting_many_sentences_at_once_is_cutting_them_one_by_one() {
        let text = "One two three, four five six. Seven eight nine ten. Eleven.".to_string();
        let mut at_once = Document::from_text(text.clone(), Lang::En);
        let mut one_by_one = at_once.clone();
        let before: Vec<&str> = at_once
            .sentences
            .iter()
            .map(|s| at_once.sentence_text(s))
            .collect();
        assert_eq!(
            before,
            [
                "One two three, four five six.",
                "Seven eight nine ten.",
                "Eleven."
            ]
        );
        let cuts = [15, 42, 30, 60];
        assert_eq!(at_once.split_sentences_at(&cuts), 2);
        for at in [42, 15] {
            let index = one_by_one.sentences.partition_point(|s| s.span.start <= at) - 1;
            assert!(one_by_one.split_sentence(index, at));
        }
        assert_eq!(at_once.sentences, one_by_one.sentences);
        assert_eq!(at_once.soft, one_by_one.soft);
        let texts: Vec<&str> = at_once
            .sentences
            .iter()
            .map(|s| at_once.sentence_text(s))
            .collect();
        assert_eq!(
            texts,
            [
                "One two three,",
                "four five six.",
                "Seven eight",
                "nine ten.",
                "Eleven."
            ]
        );
    }

    #[test]
    fn blank_lines_of_presegmented_text_are_no_sentences_and_keep_line_numbers() {
        let text = format!(
            "Первое.\n{}  \t\n\nВторое.\r\nТретье.\n\n",
            "\n".repeat(1000)
        );
        let doc = Document::presegmented_skipping_blank_lines(text.clone(), Lang::Ru);
        let found: Vec<(&str, (usize, usize), usize)> = doc
            .sentences
            .iter()
            .map(|s| (doc.sentence_text(s), s.lines, s.paragraph))
            .collect();
        assert_eq!(
            found,
            [
                ("Первое.", (1, 1), 0),
                ("Второе.", (1004, 1004), 1),
                ("Третье.", (1005, 1005), 2)
            ]
        );
        assert_eq!(doc.paragraphs.len(), 3);
        // Without skipping, every line stays a sentence (as evaluation
        // data with gold line indices needs).
        let every = Document::presegmented(text, Lang::Ru);
        assert_eq!(every.sentences.len(), 1006);
    }
}
