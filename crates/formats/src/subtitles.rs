//! SRT and WebVTT subtitles: each cue becomes one line of the text, with
//! its number and times kept in [`Cues`]. Consecutive cues make one
//! paragraph, so that a sentence running across cues is segmented as one
//! and keeps its cue span; a pause of two seconds or more, or a cue that
//! opens with a speaker label, starts a new paragraph.
//!
//! Broken files are read as far as they make sense, with a warning that
//! names the line: a missing cue number or blank line, a timestamp that
//! cannot be read (the cue is kept, timed at the end of the one before),
//! cues that end before they start or overlap. A file in which no cue can
//! be read is refused.

use std::ops::Range;

use crate::{Block, Extracted, Format, FormatError, Limits};

/// A pause between cues that ends a paragraph, in milliseconds.
const PARAGRAPH_GAP_MS: u64 = 2000;

/// Warnings kept word for word; past these only counted.
const MAX_WARNINGS: usize = 20;

/// One subtitle cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// The cue's number in the file (SRT counter, numeric WebVTT
    /// identifier), or its position when it has none.
    pub number: u64,
    /// Start time in milliseconds.
    pub start_ms: u64,
    /// End time in milliseconds (not before the start).
    pub end_ms: u64,
}

/// The cues of a subtitle file: cue `i` is line `i + 1` of the extracted
/// text, so a sentence's line range is a cue range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cues(Vec<Cue>);

impl Cues {
    /// Wraps cues in text order.
    pub fn new(cues: Vec<Cue>) -> Cues {
        Cues(cues)
    }

    /// Number of cues.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The cues in order.
    pub fn as_slice(&self) -> &[Cue] {
        &self.0
    }

    /// The cues of a 1-based line range of the text (as in
    /// `Sentence::lines`), if the range is in bounds.
    pub fn of_lines(&self, lines: (usize, usize)) -> Option<&[Cue]> {
        let (first, last) = (lines.0.max(1), lines.1.max(lines.0).max(1));
        self.0.get(first - 1..last)
    }

    /// The cue numbers of a line range: `12`, or `12-13`; empty when out of range.
    pub fn lines_label(&self, lines: (usize, usize)) -> String {
        match self.of_lines(lines) {
            Some([one]) => one.number.to_string(),
            Some([first, .., last]) => format!("{}-{}", first.number, last.number),
            _ => String::new(),
        }
    }

    /// Start and end in milliseconds of a line range: from the earliest
    /// start to the latest end of its cues.
    pub fn span_ms(&self, lines: (usize, usize)) -> Option<Range<u64>> {
        let cues = self.of_lines(lines)?;
        let start = cues.iter().map(|c| c.start_ms).min()?;
        let end = cues.iter().map(|c| c.end_ms).max()?;
        Some(start..end.max(start))
    }

    /// The time of a line range as SRT writes it:
    /// `00:01:02,500–00:01:05,000`; empty when out of range.
    pub fn time_label(&self, lines: (usize, usize)) -> String {
        match self.span_ms(lines) {
            Some(span) => format!("{}–{}", timestamp(span.start), timestamp(span.end)),
            None => String::new(),
        }
    }
}

/// `HH:MM:SS,mmm`.
pub fn timestamp(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Reads the start and end of a timing line: `00:01:02,500 --> 00:01:05,000`
/// (SRT) or `01:02.500 --> 01:05.000 align:start` (WebVTT); either
/// separator for milliseconds, hours optional. `Some(Err)` for a line
/// with an arrow whose times cannot be read.
pub(crate) fn timing_line(line: &str) -> Option<Result<(u64, u64), String>> {
    let (left, right) = line.split_once("-->")?;
    let start = left.trim();
    let end = right.split_whitespace().next().unwrap_or("");
    // An arrow in running text (`A --> B`) is not a timing line.
    if !start.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(match (parse_time(start), parse_time(end)) {
        (Some(start), Some(end)) => Ok((start, end)),
        (None, _) => Err(format!("cannot read the start time '{start}'")),
        (_, None) => Err(format!("cannot read the end time '{end}'")),
    })
}

/// `[HH:]MM:SS[,.]mmm` in milliseconds; minutes and seconds under 60.
fn parse_time(text: &str) -> Option<u64> {
    let (clock, fraction) = match text.rfind([',', '.']) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, "0"),
    };
    if fraction.is_empty() || fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // `5` after the separator is 500 ms, `05` 50 ms.
    let ms = fraction.parse::<u64>().ok()? * 10u64.pow(3 - fraction.len() as u32);
    let parts: Vec<&str> = clock.split(':').collect();
    let number = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    };
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        [m, s] => (0, number(m)?, number(s)?),
        _ => return None,
    };
    if minutes >= 60 || seconds >= 60 {
        return None;
    }
    Some(((hours * 60 + minutes) * 60 + seconds) * 1000 + ms)
}

/// A cue as read, before its text is cleaned.
struct RawCue {
    number: Option<u64>,
    times: Option<(u64, u64)>,
    /// Line of the timing line (1-based), for warnings.
    line: usize,
    text: Vec<String>,
}

struct Warnings {
    kept: Vec<String>,
    more: usize,
}

impl Warnings {
    fn add(&mut self, line: usize, message: impl std::fmt::Display) {
        if self.kept.len() < MAX_WARNINGS {
            self.kept.push(format!("line {line}: {message}"));
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.kept
                .push(format!("… and {} more problems like these", self.more));
        }
        self.kept
    }
}

/// Reads SRT or WebVTT text.
pub(crate) fn read(text: &str, format: Format, limits: &Limits) -> Result<Extracted, FormatError> {
    let mut warnings = Warnings {
        kept: Vec::new(),
        more: 0,
    };
    let lines: Vec<&str> = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let raw = if format == Format::WebVtt {
        parse_vtt(&lines, &mut warnings)
    } else {
        parse_srt(&lines, &mut warnings)
    };
    if raw.is_empty() {
        let detail =
            warnings.kept.first().cloned().unwrap_or_else(|| {
                "no timing line such as 00:00:01,000 --> 00:00:02,000".to_string()
            });
        return Err(FormatError::NoCues { format, detail });
    }
    build(raw, format, limits, warnings)
}

fn parse_srt(lines: &[&str], warnings: &mut Warnings) -> Vec<RawCue> {
    let mut cues: Vec<RawCue> = Vec::new();
    let mut current: Option<RawCue> = None;
    let mut i = 0;
    let mut stray_reported = false;
    while i < lines.len() {
        let line = lines[i].trim();
        let next = lines.get(i + 1).map(|l| l.trim());
        let number =
            (!line.is_empty() && line.len() <= 9 && line.bytes().all(|b| b.is_ascii_digit()))
                .then(|| line.parse::<u64>().ok())
                .flatten();
        let next_is_timing = next.is_some_and(|l| timing_line(l).is_some());
        if let (Some(number), true) = (number, next_is_timing) {
            // A number line followed by a timing line opens a cue, even
            // without a blank line before it.
            if let Some(cue) = current.take() {
                if !cue.text.is_empty() && !lines[i - 1].trim().is_empty() {
                    warnings.add(i + 1, "no blank line before this cue; read as a new cue");
                }
                cues.push(cue);
            }
            current = Some(open_cue(Some(number), lines[i + 1], i + 2, warnings));
            i += 2;
            continue;
        }
        if let Some(timing) = timing_line(line) {
            let _ = timing;
            if let Some(cue) = current.take() {
                cues.push(cue);
            }
            warnings.add(
                i + 1,
                "a cue without its number; numbered after the one before",
            );
            current = Some(open_cue(None, lines[i], i + 1, warnings));
            i += 1;
            continue;
        }
        if line.is_empty() {
            if let Some(cue) = current.take() {
                cues.push(cue);
            }
            stray_reported = false;
        } else if let Some(cue) = current.as_mut() {
            cue.text.push(line.to_string());
        } else if !stray_reported {
            warnings.add(
                i + 1,
                "text outside any cue (no timing line before it); skipped",
            );
            stray_reported = true;
        }
        i += 1;
    }
    cues.extend(current);
    cues
}

fn parse_vtt(lines: &[&str], warnings: &mut Warnings) -> Vec<RawCue> {
    let mut cues = Vec::new();
    // The header runs to the first blank line.
    let mut i = lines
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(lines.len());
    while i < lines.len() {
        // A block runs to the next blank line.
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let Some(first) = block.first() else {
            break;
        };
        let first = first.trim();
        if first.starts_with("NOTE") || first == "STYLE" || first == "REGION" {
            continue;
        }
        let Some(timing_at) = block.iter().position(|l| l.contains("-->")) else {
            warnings.add(start + 1, "a block without a timing line; skipped");
            continue;
        };
        if timing_at > 1 {
            warnings.add(
                start + 1,
                "more than one line before the timing line; read the last as the cue identifier",
            );
        }
        let number = timing_at
            .checked_sub(1)
            .and_then(|k| block[k].trim().parse::<u64>().ok());
        let mut cue = open_cue(number, block[timing_at], start + timing_at + 1, warnings);
        cue.text = block[timing_at + 1..]
            .iter()
            .map(|l| l.trim().to_string())
            .collect();
        // Another timing line inside the text: a missing blank line.
        if let Some(k) = cue.text.iter().position(|l| timing_line(l).is_some()) {
            warnings.add(
                start + timing_at + 2 + k,
                "a timing line inside a cue's text (a blank line missing?); read as text",
            );
        }
        cues.push(cue);
    }
    cues
}

fn open_cue(number: Option<u64>, timing: &str, line: usize, warnings: &mut Warnings) -> RawCue {
    let times = match timing_line(timing.trim()) {
        Some(Ok((start, end))) => {
            if end < start {
                warnings.add(
                    line,
                    "the cue ends before it starts; its end is taken as its start",
                );
            }
            Some((start, end.max(start)))
        }
        Some(Err(why)) => {
            warnings.add(
                line,
                format!("{why}; the cue is kept, timed at the end of the one before"),
            );
            None
        }
        None => None,
    };
    RawCue {
        number,
        times,
        line,
        text: Vec::new(),
    }
}

fn build(
    raw: Vec<RawCue>,
    format: Format,
    limits: &Limits,
    mut warnings: Warnings,
) -> Result<Extracted, FormatError> {
    let mut text = String::new();
    let mut cues = Vec::with_capacity(raw.len());
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous: Option<Cue> = None;
    let mut voice: Option<String> = None;
    for (index, cue) in raw.into_iter().enumerate() {
        let (line_text, cue_voice) = clean(&cue.text.join(" "), format);
        if line_text.is_empty() {
            continue;
        }
        let number = cue
            .number
            .unwrap_or_else(|| previous.map_or(index as u64 + 1, |p| p.number + 1));
        let (start_ms, end_ms) = cue
            .times
            .unwrap_or_else(|| previous.map_or((0, 0), |p| (p.end_ms, p.end_ms)));
        if let Some(before) = previous {
            if start_ms < before.start_ms {
                warnings.add(
                    cue.line,
                    format!(
                        "cue {number} starts before cue {} does; kept in file order",
                        before.number
                    ),
                );
            } else if start_ms < before.end_ms {
                warnings.add(
                    cue.line,
                    format!(
                        "cue {number} starts before cue {} ends (overlap)",
                        before.number
                    ),
                );
            }
        }
        // A new voice (WebVTT `<v Name>`) is shown as a speaker label.
        let mut shown = line_text;
        if let Some(name) = cue_voice {
            if voice.as_deref() != Some(name.as_str()) {
                shown = format!("{name}: {shown}");
            }
            voice = Some(name);
        }
        let new_paragraph = previous.is_none_or(|p| start_ms >= p.end_ms + PARAGRAPH_GAP_MS)
            || sverka_text::structure::speaker_label(&shown).is_some();
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(&shown);
        if text.len() > limits.max_text_bytes {
            return Err(FormatError::TooMuchText {
                limit_mb: limits.max_text_bytes / 1_000_000,
            });
        }
        match blocks.last_mut() {
            Some(block) if !new_paragraph => block.span.end = text.len(),
            _ => blocks.push(Block {
                span: start..text.len(),
                heading: Some(false),
            }),
        }
        let cue = Cue {
            number,
            start_ms,
            end_ms,
        };
        cues.push(cue);
        previous = Some(cue);
    }
    if cues.is_empty() {
        return Err(FormatError::NoCues {
            format,
            detail: "every cue is empty".to_string(),
        });
    }
    Ok(Extracted {
        format,
        detected: true,
        text,
        blocks: Some(blocks),
        cues: Some(Cues(cues)),
        encoding: None,
        warnings: warnings.finish(),
    })
}

/// A cue's text without markup: tags (`<i>`, `<font …>`, WebVTT's
/// `<c.x>`, `<v Name>`, inline timestamps, ruby annotations), SRT's
/// `{\an8}` position codes and the entities both formats use; runs of
/// white space as one space. Returns the voice of a WebVTT `<v Name>`.
fn clean(text: &str, format: Format) -> (String, Option<String>) {
    let mut out = String::with_capacity(text.len());
    let mut voice = None;
    let mut in_ruby_text = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let tag = &rest[1..end];
                let name = tag.split([' ', '.', '\t']).next().unwrap_or("");
                match name {
                    "v" if voice.is_none() && format == Format::WebVtt => {
                        let speaker = tag[1..].split_once(' ').map_or("", |(_, s)| s).trim();
                        if !speaker.is_empty() {
                            voice = Some(speaker.to_string());
                        }
                    }
                    "rt" => in_ruby_text = true,
                    "/rt" => in_ruby_text = false,
                    _ => {}
                }
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c == '{' && rest.starts_with("{\\") {
            if let Some(end) = rest.find('}') {
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c == '&' {
            if let Some((entity, len)) = entity(rest) {
                if !in_ruby_text {
                    out.push_str(entity);
                }
                rest = &rest[len..];
                continue;
            }
        }
        if !in_ruby_text {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    let cleaned = out
        .split(crate::is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (cleaned, voice)
}

fn entity(text: &str) -> Option<(&'static str, usize)> {
    [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", "\u{A0}"),
        ("&lrm;", ""),
        ("&rlm;", ""),
        ("&quot;", "\""),
        ("&apos;", "'"),
    ]
    .iter()
    .find(|(name, _)| text.starts_with(name))
    .map(|(name, value)| (*value, name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (number, start, end, text) of each cue.
    type Read = (Vec<(u64, u64, u64, String)>, Vec<String>);

    fn cues_of(text: &str, format: Format) -> Read {
        let extracted = read(text, format, &Limits::default()).unwrap();
        let lines: Vec<&str> = extracted.text.lines().collect();
        let cues = extracted.cues.unwrap();
        (
            cues.as_slice()
                .iter()
                .zip(lines)
                .map(|(c, l)| (c.number, c.start_ms, c.end_ms, l.to_string()))
                .collect(),
            extracted.warnings,
        )
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("00:01:02,500"), Some(62_500));
        assert_eq!(parse_time("01:02.5"), Some(62_500));
        assert_eq!(parse_time("1:00:00.000"), Some(3_600_000));
        assert_eq!(parse_time("00:61:00,000"), None);
        assert_eq!(parse_time("00:00:01,5000"), None);
        assert_eq!(parse_time("aa:00:01,000"), None);
        assert_eq!(timestamp(3_723_004), "01:02:03,004");
        assert!(timing_line("Стрелка --> вправо").is_none());
    }

    #[test]
    fn srt_with_markup_and_a_sentence_across_cues() {
        let srt = "1\r\n00:00:01,000 --> 00:00:03,000\r\n<i>Добрый</i> день,\r\nколлеги\r\n\r\n2\r\n00:00:03,100 --> 00:00:05,000\r\n{\\an8}и гости &amp; друзья.\r\n\r\n3\r\n00:00:09,000 --> 00:00:10,000\r\nПосле паузы.\r\n";
        let extracted = read(srt, Format::Srt, &Limits::default()).unwrap();
        assert!(extracted.warnings.is_empty(), "{:?}", extracted.warnings);
        assert_eq!(
            extracted.text,
            "Добрый день, коллеги\nи гости & друзья.\nПосле паузы."
        );
        let (doc, cues) = extracted.into_document(sverka_text::Lang::Ru, false);
        let cues = cues.unwrap();
        let found: Vec<(&str, String, String)> = doc
            .sentences
            .iter()
            .map(|s| {
                (
                    doc.sentence_text(s),
                    cues.lines_label(s.lines),
                    cues.time_label(s.lines),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "Добрый день, коллеги\nи гости & друзья.",
                    "1-2".to_string(),
                    "00:00:01,000–00:00:05,000".to_string()
                ),
                (
                    "После паузы.",
                    "3".to_string(),
                    "00:00:09,000–00:00:10,000".to_string()
                )
            ]
        );
    }

    #[test]
    fn broken_srt_is_read_with_warnings_naming_lines() {
        let srt = "\
1
00:00:01,000 --> 00:00:02,000
Первый.
2
00:00:02,500 --> 00:00:03,000
Без пустой строки.

00:00:03,000 --> 00:00:04,000
Без номера.

4
00:00:xx,000 --> 00:00:05,000
Плохое время.

5
00:00:04,500 --> 00:00:04,000
Конец раньше начала.
";
        let (cues, warnings) = cues_of(srt, Format::Srt);
        assert_eq!(
            cues,
            [
                (1, 1000, 2000, "Первый.".to_string()),
                (2, 2500, 3000, "Без пустой строки.".to_string()),
                (3, 3000, 4000, "Без номера.".to_string()),
                (4, 4000, 4000, "Плохое время.".to_string()),
                (5, 4500, 4500, "Конец раньше начала.".to_string()),
            ]
        );
        assert_eq!(
            warnings,
            [
                "line 4: no blank line before this cue; read as a new cue",
                "line 8: a cue without its number; numbered after the one before",
                "line 12: cannot read the start time '00:00:xx,000'; the cue is kept, timed at the end of the one before",
                "line 16: the cue ends before it starts; its end is taken as its start",
            ]
        );
    }

    #[test]
    fn overlaps_are_warned() {
        let srt = "1\n00:00:01,000 --> 00:00:03,000\nА.\n\n2\n00:00:02,000 --> 00:00:04,000\nБ.\n\n3\n00:00:00,500 --> 00:00:01,000\nВ.\n";
        let (_, warnings) = cues_of(srt, Format::Srt);
        assert_eq!(
            warnings,
            [
                "line 6: cue 2 starts before cue 1 ends (overlap)",
                "line 10: cue 3 starts before cue 2 does; kept in file order"
            ]
        );
    }

    #[test]
    fn nothing_sensible_is_refused() {
        for (text, format) in [
            ("1\nHello there\n\n2\nNo times at all\n", Format::Srt),
            ("WEBVTT\n\nJust text.\n", Format::WebVtt),
            ("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", Format::Srt),
        ] {
            let err = read(text, format, &Limits::default()).unwrap_err();
            assert!(matches!(err, FormatError::NoCues { .. }), "{text:?}: {err}");
        }
    }

    #[test]
    fn webvtt_with_notes_styles_identifiers_and_voices() {
        let vtt = "WEBVTT - interview\nKind: captions\n\nSTYLE\n::cue { color: yellow }\n\nNOTE a comment\nspanning lines\n\nintro\n00:01.000 --> 00:03.000 align:start position:10%\n<v Сергей Лавров>Добрый <c.loud>день</c>.\n\n7\n00:03.500 --> 00:05.000\n<v Сергей Лавров><00:03.600>Продолжим &lt;тему&gt;.\n\n00:05.000 --> 00:06.000\n<v Вопрос>Когда?\n";
        let (cues, warnings) = cues_of(vtt, Format::WebVtt);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            cues,
            [
                (1, 1000, 3000, "Сергей Лавров: Добрый день.".to_string()),
                (7, 3500, 5000, "Продолжим <тему>.".to_string()),
                (8, 5000, 6000, "Вопрос: Когда?".to_string()),
            ]
        );
    }

    #[test]
    fn a_million_cues_are_read_in_linear_time() {
        let mut srt = String::with_capacity(60_000_000);
        for i in 0..1_000_000u64 {
            let start = i * 1000;
            srt.push_str(&format!(
                "{}\n{} --> {}\nCue number {} says something.\n\n",
                i + 1,
                timestamp(start),
                timestamp(start + 900),
                i + 1
            ));
        }
        let started = std::time::Instant::now();
        let extracted = read(&srt, Format::Srt, &Limits::default()).unwrap();
        assert_eq!(extracted.cues.as_ref().unwrap().len(), 1_000_000);
        assert!(extracted.warnings.is_empty());
        // Generous for an unoptimized build on a busy machine; quadratic
        // work would take hours.
        assert!(started.elapsed().as_secs() < 120, "{:?}", started.elapsed());
    }
}
