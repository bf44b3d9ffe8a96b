//! Loaders for the real evaluation data.
//!
//! The shared data lives outside the repository, at `../shared/data` beside
//! the checkout ([`locate_shared_data`] finds it; `SVERKA_SHARED_DATA`
//! overrides; tests and benchmarks ask [`shared_data_or_skip`], which skips
//! them with a note on a clone that lacks it). Every loader takes that
//! directory as `root`:
//!
//! * [`textberg`]: Text+Berg German–French, pre-segmented lines and human
//!   n:m gold beads;
//! * [`wmt21_docs`]: WMT21 English↔Russian news documents rebuilt as raw
//!   text with the byte span of every segment, gold 1-1;
//!   [`wmt21_excerpt_docs`] drops a passage from one side of every fifth
//!   document, as in a published excerpt; [`wmt21_variant_docs`] re-lays
//!   them out as web copy, chat, run-on transcripts, with inserted lines
//!   or all of these ([`Variant`]);
//! * [`chekhov`]: two Chekhov stories, Russian and English, gold at
//!   paragraph level only.
//!
//! The project's own document pairs under `<workspace>/corpora/` load with
//! [`corpora`] (see [`locate_corpora`]).
//!
//! Raw texts are rebuilt the same way everywhere ([`SegmentedText::build`]):
//! segments of a paragraph are joined by one space and paragraphs are
//! separated by a blank line (`"\n\n"`); spans never include that
//! whitespace.

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::beads::{parse_beads, validate, Bead, ParseError, Side};
use crate::spans::{check_against, locate_sentences, SegmentCheck, SpanError};

mod variants;
mod wmt;
pub use variants::*;
pub use wmt::*;
pub(crate) use wmt::{fnv1a, SplitMix64};

/// Environment variable that overrides where the shared data is.
pub const SHARED_DATA_ENV: &str = "SVERKA_SHARED_DATA";

/// Errors from the loaders.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The shared data folder is not where it should be.
    #[error("sverka shared data not found: expected the shared evaluation data at {} (set {SHARED_DATA_ENV})", .0.display())]
    SharedDataMissing(PathBuf),
    /// No `Cargo.toml` with `[workspace]` above this crate.
    #[error("workspace root not found: no Cargo.toml with [workspace] in {} or above", .0.display())]
    NoWorkspace(PathBuf),
    /// The corpora folder is missing.
    #[error("corpora not found: expected document pairs at {}", .0.display())]
    CorporaMissing(PathBuf),
    /// A file could not be read.
    #[error("cannot read {}: {error}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause, quoted in the message.
        error: std::io::Error,
    },
    /// A file is not valid UTF-8.
    #[error("{} is not valid UTF-8 (first bad byte at offset {offset})", .path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// A bead file does not parse.
    #[error("{}: {error}", .path.display())]
    Beads {
        /// The file.
        path: PathBuf,
        /// The cause, quoted in the message.
        error: ParseError,
    },
    /// A file does not have the expected shape.
    #[error("{}: {message}", .path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

fn format_err(path: &Path, message: impl Into<String>) -> DataError {
    DataError::Format {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The workspace root: the nearest folder at or above this crate's manifest
/// directory whose `Cargo.toml` declares `[workspace]`.
pub fn workspace_root() -> Result<PathBuf, DataError> {
    let start = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in start.ancestors() {
        if let Ok(toml) = fs::read_to_string(dir.join("Cargo.toml")) {
            if toml.lines().any(|l| l.trim() == "[workspace]") {
                return Ok(dir.to_path_buf());
            }
        }
    }
    Err(DataError::NoWorkspace(start.to_path_buf()))
}

/// Finds the shared evaluation data: `$SVERKA_SHARED_DATA` if set, else
/// `../shared/data` beside the workspace root. Fails with a message naming
/// the expected path when the folder does not exist.
pub fn locate_shared_data() -> Result<PathBuf, DataError> {
    let path = match std::env::var_os(SHARED_DATA_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => {
            let root = workspace_root()?;
            match root.parent() {
                Some(parent) => parent.join("shared").join("data"),
                None => root.join("..").join("shared").join("data"),
            }
        }
    };
    if path.is_dir() {
        Ok(path)
    } else {
        Err(DataError::SharedDataMissing(path))
    }
}

/// Environment variable that makes missing shared data fail a test or
/// benchmark instead of skipping it (`.ci/run` sets it to `1`).
pub const REQUIRE_DATA_ENV: &str = "SVERKA_REQUIRE_DATA";

/// Where each folder of the shared data comes from, for the note that says
/// how to get it.
const DATA_SOURCES: &[(&str, &str)] = &[
    ("textberg-de-fr", "github.com/thompsonb/vecalign"),
    (
        "wmt21-en-ru",
        "github.com/wmt-conference/wmt21-news-systems",
    ),
    ("chekhov-ru-en", "github.com/bilinguator/aligned-texts"),
];

/// The shared data folder if it holds every one of `folders`
/// (`wmt21-en-ru`, …); else the first missing path (the data folder itself
/// when that is missing).
pub fn shared_data_with(folders: &[&str]) -> Result<PathBuf, PathBuf> {
    let root = match locate_shared_data() {
        Ok(root) => root,
        Err(DataError::SharedDataMissing(path)) => return Err(path),
        // No workspace above this crate: name the conventional place.
        Err(_) => return Err(PathBuf::from("../shared/data")),
    };
    match folders.iter().map(|f| root.join(f)).find(|p| !p.is_dir()) {
        Some(missing) => Err(missing),
        None => Ok(root),
    }
}

/// For tests and benchmarks that read the shared data: the data folder when
/// it holds every one of `folders`. Otherwise a test on a plain clone skips
/// (prints a one-line note naming the missing folder and how to get it and
/// returns `None`), and under `SVERKA_REQUIRE_DATA=1` it fails with that
/// note, so CI cannot pass by skipping.
pub fn shared_data_or_skip(folders: &[&str]) -> Option<PathBuf> {
    let missing = match shared_data_with(folders) {
        Ok(root) => return Some(root),
        Err(missing) => missing,
    };
    // The harness names each test's thread after the test.
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let required = std::env::var(REQUIRE_DATA_ENV).as_deref() == Ok("1");
    let note = missing_data_note(test, &missing, folders, required);
    if required {
        panic!("{note}");
    }
    // Straight to the process's stderr in one write: the harness captures
    // `eprintln!`, and a skip must show in a plain `cargo test`.
    use std::io::Write;
    let _ = std::io::stderr().write_all(format!("{note}\n").as_bytes());
    None
}

/// The line [`shared_data_or_skip`] prints or fails with.
fn missing_data_note(test: &str, missing: &Path, folders: &[&str], required: bool) -> String {
    let sources: Vec<String> = folders
        .iter()
        .filter_map(|f| DATA_SOURCES.iter().find(|(name, _)| name == f))
        .map(|(name, source)| format!("{name} from {source}"))
        .collect();
    let sources = if sources.is_empty() {
        String::new()
    } else {
        format!(" ({})", sources.join(", "))
    };
    let how = format!(
        "the evaluation data is not in the repository: put it at ../shared/data beside the \
         checkout or set {SHARED_DATA_ENV}=DIR{sources}"
    );
    if required {
        format!(
            "{test} needs {} ({REQUIRE_DATA_ENV}=1); {how}",
            missing.display()
        )
    } else {
        format!(
            "skipped {test}: {} not found; {how}; {REQUIRE_DATA_ENV}=1 makes this a failure",
            missing.display()
        )
    }
}

/// The project's corpora folder, `<workspace>/corpora`.
pub fn locate_corpora() -> Result<PathBuf, DataError> {
    let path = workspace_root()?.join("corpora");
    if path.is_dir() {
        Ok(path)
    } else {
        Err(DataError::CorporaMissing(path))
    }
}

fn read_text(path: &Path) -> Result<String, DataError> {
    let bytes = fs::read(path).map_err(|error| DataError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let mut s = String::from_utf8(bytes).map_err(|e| DataError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if s.starts_with('\u{feff}') {
        s.drain(..3);
    }
    // As `sverka align` reads a file: one WMT21 reference
    // (nytimes.268790.ru.refA) is Windows-1251 text once read as
    // Windows-1252, which the reader mends.
    if sverka_text::decode::mojibake_cyrillic(&s).is_some() {
        s = sverka_text::decode::mend_cyrillic_mojibake(&s);
    }
    Ok(s)
}

/// Lines of a one-item-per-line file: no line terminators (LF or CRLF), no
/// empty item for a final newline.
fn read_lines(path: &Path) -> Result<Vec<String>, DataError> {
    Ok(read_text(path)?.lines().map(str::to_string).collect())
}

fn read_beads(path: &Path) -> Result<Vec<Bead>, DataError> {
    parse_beads(&read_text(path)?).map_err(|error| DataError::Beads {
        path: path.to_path_buf(),
        error,
    })
}

fn check_range(path: &Path, beads: &[Bead], n_src: usize, n_tgt: usize) -> Result<(), DataError> {
    for (i, b) in beads.iter().enumerate() {
        for (side, idx, n) in [(Side::Source, &b.src, n_src), (Side::Target, &b.tgt, n_tgt)] {
            if let Some(&x) = idx.iter().find(|&&x| x >= n) {
                return Err(format_err(
                    path,
                    format!(
                        "line {}: {side} index {x} is out of range (the {side} has {n} sentences)",
                        i + 1
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A text rebuilt from segments, with the byte span of every segment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SegmentedText {
    /// The text.
    pub text: String,
    /// Byte span of each segment in `text`, in order, without surrounding
    /// whitespace.
    pub spans: Vec<Range<usize>>,
    /// Paragraph number of each segment (0, 1, 2, … in text order).
    pub paragraphs: Vec<usize>,
}

impl SegmentedText {
    /// Joins segments into a text: segments with the same paragraph id in a
    /// row share a paragraph and are joined by one space; a change of id
    /// starts a new paragraph after a blank line (`"\n\n"`). Segments are
    /// trimmed of surrounding whitespace first.
    ///
    /// ```
    /// use sverka_eval::data::SegmentedText;
    /// let t = SegmentedText::build(&["A.", "B.", "C."], &[0, 0, 3]);
    /// assert_eq!(t.text, "A. B.\n\nC.");
    /// assert_eq!(t.segment(2), "C.");
    /// assert_eq!(t.paragraphs, vec![0, 0, 1]);
    /// ```
    ///
    /// # Panics
    ///
    /// If the two slices differ in length.
    pub fn build<S: AsRef<str>>(segments: &[S], paragraph_ids: &[usize]) -> SegmentedText {
        assert_eq!(
            segments.len(),
            paragraph_ids.len(),
            "one paragraph id per segment"
        );
        let mut t = SegmentedText::default();
        let mut prev: Option<usize> = None;
        let mut para = 0;
        for (seg, &pid) in segments.iter().zip(paragraph_ids) {
            match prev {
                None => {}
                Some(p) if p == pid => t.text.push(' '),
                Some(_) => {
                    t.text.push_str("\n\n");
                    para += 1;
                }
            }
            prev = Some(pid);
            let seg = seg.as_ref().trim();
            let start = t.text.len();
            t.text.push_str(seg);
            t.spans.push(start..t.text.len());
            t.paragraphs.push(para);
        }
        t
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True if there are no segments.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The text of segment `i`.
    pub fn segment(&self, i: usize) -> &str {
        &self.text[self.spans[i].clone()]
    }

    /// The texts of all segments.
    pub fn segments(&self) -> Vec<&str> {
        self.spans.iter().map(|r| &self.text[r.clone()]).collect()
    }

    /// Byte span of each paragraph (first segment start to last segment end).
    pub fn paragraph_spans(&self) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (span, &p) in self.spans.iter().zip(&self.paragraphs) {
            if p < out.len() {
                out[p].end = span.end;
            } else {
                out.push(span.clone());
            }
        }
        out
    }
}

// ---------------------------------------------------------------- Text+Berg

/// The Text+Berg test documents whose pooled scores are published.
pub const TEXTBERG_TEST: [&str; 7] = [
    "test0", "test1", "test2", "test3", "test4", "test5", "test6",
];

/// One Text+Berg document: German source, French target, one sentence per
/// line (tokenized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBergDoc {
    /// `dev`, `test0`, …
    pub name: String,
    /// German sentences (`NAME.de`), trailing whitespace removed.
    pub src: Vec<String>,
    /// French sentences (`NAME.fr`), trailing whitespace removed.
    pub tgt: Vec<String>,
    /// Human gold beads (`NAME.defr`) as in the file. Not always a monotone
    /// partition: some beads are non-contiguous or out of order and a few
    /// sentences are in no bead (or in two) — score them as they are.
    pub gold: Vec<Bead>,
}

/// Loads one Text+Berg document (`dev`, `test0` … `test6`) from
/// `root/textberg-de-fr/`.
pub fn textberg(root: &Path, name: &str) -> Result<TextBergDoc, DataError> {
    let dir = root.join("textberg-de-fr");
    let trimmed = |ext: &str| -> Result<Vec<String>, DataError> {
        Ok(read_lines(&dir.join(format!("{name}.{ext}")))?
            .into_iter()
            .map(|l| l.trim_end().to_string())
            .collect())
    };
    let src = trimmed("de")?;
    let tgt = trimmed("fr")?;
    let gold_path = dir.join(format!("{name}.defr"));
    let gold = read_beads(&gold_path)?;
    check_range(&gold_path, &gold, src.len(), tgt.len())?;
    Ok(TextBergDoc {
        name: name.to_string(),
        src,
        tgt,
        gold,
    })
}

/// Loads `test0` … `test6`, the set published figures pool over.
pub fn textberg_test(root: &Path) -> Result<Vec<TextBergDoc>, DataError> {
    TEXTBERG_TEST.iter().map(|n| textberg(root, n)).collect()
}

// ---------------------------------------------------------------- Chekhov

/// The Chekhov stories available.
pub const CHEKHOV_STORIES: [&str; 2] = ["aptekarsha", "khameleon"];

/// A Chekhov story, Russian original (source) and English translation
/// (target), aligned by paragraph.
///
/// Segments are the lines of the files: paragraph 0 is the author's name,
/// paragraph 1 the title (`<h1>` removed), then the story's paragraphs.
/// Tags `<h1>`, `<b>`, `<i>` (and closing ones) are removed, `<delimiter>`
/// becomes a line break, trailing whitespace is trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChekhovDoc {
    /// `aptekarsha` or `khameleon`.
    pub name: String,
    /// Russian text; its segments are paragraphs.
    pub ru: SegmentedText,
    /// English text; its segments are paragraphs.
    pub en: SegmentedText,
    /// Paragraph i ↔ paragraph i.
    pub gold: Vec<Bead>,
}

fn clean_chekhov_line(line: &str) -> String {
    let mut s = line.replace("<delimiter>", "\n");
    for tag in ["h1", "b", "i"] {
        s = s
            .replace(&format!("<{tag}>"), "")
            .replace(&format!("</{tag}>"), "");
    }
    s.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// Loads one Chekhov story from `root/chekhov-ru-en/`.
pub fn chekhov(root: &Path, name: &str) -> Result<ChekhovDoc, DataError> {
    let dir = root.join("chekhov-ru-en");
    let load = |lang: &str| -> Result<(PathBuf, SegmentedText), DataError> {
        let path = dir.join(format!("{name}_{lang}.txt"));
        let lines: Vec<String> = read_lines(&path)?
            .iter()
            .map(|l| clean_chekhov_line(l))
            .collect();
        if lines.len() < 3 {
            return Err(format_err(
                &path,
                "expected an author line, a title line and paragraphs",
            ));
        }
        if let Some(i) = lines.iter().position(|l| l.is_empty()) {
            return Err(format_err(&path, format!("line {} is empty", i + 1)));
        }
        let ids: Vec<usize> = (0..lines.len()).collect();
        Ok((path, SegmentedText::build(&lines, &ids)))
    };
    let (_, ru) = load("ru")?;
    let (en_path, en) = load("en")?;
    if ru.len() != en.len() {
        return Err(format_err(
            &en_path,
            format!("{} lines, but the Russian file has {}", en.len(), ru.len()),
        ));
    }
    let gold = (0..ru.len()).map(|i| Bead::new([i], [i])).collect();
    Ok(ChekhovDoc {
        name: name.to_string(),
        ru,
        en,
        gold,
    })
}

/// Loads both Chekhov stories.
pub fn chekhov_all(root: &Path) -> Result<Vec<ChekhovDoc>, DataError> {
    CHEKHOV_STORIES.iter().map(|n| chekhov(root, n)).collect()
}

impl ChekhovDoc {
    /// Scores a system's sentence alignment of this story at paragraph
    /// level: `sys_ru` / `sys_en` are the byte spans of the system's
    /// sentences in `self.ru.text` / `self.en.text` and `beads` its beads
    /// over them.
    ///
    /// The result gives the share of system beads that cross a paragraph
    /// boundary (they touch two paragraphs on one side, or link a Russian
    /// paragraph to a different English one) and the paragraph-level counts:
    /// system beads merged until no paragraph is split between beads
    /// ([`crate::spans::project`]), compared with the gold paragraph beads.
    /// A perfect paragraph-respecting alignment scores strict F1 = 1; each
    /// bead that crosses a boundary merges the paragraphs it touches into
    /// one wrong bead.
    pub fn check(
        &self,
        sys_ru: &[Range<usize>],
        sys_en: &[Range<usize>],
        beads: &[Bead],
    ) -> Result<SegmentCheck, SpanError> {
        check_against(
            &self.gold,
            &self.ru.spans,
            &self.en.spans,
            sys_ru,
            sys_en,
            beads,
        )
    }
}

// ---------------------------------------------------------------- corpora

/// A document pair shipped with the project under `corpora/NAME/`:
/// `ru.txt`, `en.txt` (raw text), `ru.sents`, `en.sents` (reference
/// sentences, one per line) and `gold.beads` (Russian is the source side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusDoc {
    /// Folder name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// Russian raw text (a UTF-8 BOM removed).
    pub ru_text: String,
    /// English raw text (a UTF-8 BOM removed).
    pub en_text: String,
    /// Russian reference sentences (every line is a sentence).
    pub ru_sents: Vec<String>,
    /// English reference sentences (every line is a sentence).
    pub en_sents: Vec<String>,
    /// Gold beads over the reference sentences; a monotone partition.
    pub gold: Vec<Bead>,
    /// Byte spans of the Russian sentences in `ru_text`, when every one of
    /// them could be found ([`locate_sentences`] tells why not).
    pub ru_spans: Option<Vec<Range<usize>>>,
    /// Byte spans of the English sentences in `en_text`, likewise.
    pub en_spans: Option<Vec<Range<usize>>>,
}

/// Loads one document pair from its folder.
pub fn corpus_doc(dir: &Path) -> Result<CorpusDoc, DataError> {
    let ru_text = read_text(&dir.join("ru.txt"))?;
    let en_text = read_text(&dir.join("en.txt"))?;
    let ru_sents = read_lines(&dir.join("ru.sents"))?;
    let en_sents = read_lines(&dir.join("en.sents"))?;
    let gold_path = dir.join("gold.beads");
    let gold = read_beads(&gold_path)?;
    validate(&gold, ru_sents.len(), en_sents.len())
        .map_err(|e| format_err(&gold_path, e.to_string()))?;
    let ru_spans = locate_sentences(&ru_text, &ru_sents).ok();
    let en_spans = locate_sentences(&en_text, &en_sents).ok();
    Ok(CorpusDoc {
        name: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        dir: dir.to_path_buf(),
        ru_text,
        en_text,
        ru_sents,
        en_sents,
        gold,
        ru_spans,
        en_spans,
    })
}

/// Loads every document pair under `dir` (e.g. [`locate_corpora`]) that has
/// a `gold.beads`, sorted by folder name; folders without one are skipped.
pub fn corpora(dir: &Path) -> Result<Vec<CorpusDoc>, DataError> {
    let rd = fs::read_dir(dir).map_err(|error| DataError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    let mut dirs = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|error| DataError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        let p = entry.path();
        if p.is_dir() && p.join("gold.beads").is_file() {
            dirs.push(p);
        }
    }
    dirs.sort();
    dirs.iter().map(|d| corpus_doc(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::beads::check_partition;
    use crate::metrics::{count, score};

    #[test]
    fn missing_data_notes_name_the_folder_and_its_source() {
        let missing = Path::new("/nowhere/shared/data/wmt21-en-ru");
        let skip = missing_data_note("t", missing, &["wmt21-en-ru"], false);
        assert_eq!(
            skip,
            "skipped t: /nowhere/shared/data/wmt21-en-ru not found; the evaluation data is not in \
             the repository: put it at ../shared/data beside the checkout or set \
             SVERKA_SHARED_DATA=DIR (wmt21-en-ru from github.com/wmt-conference/wmt21-news-systems); \
             SVERKA_REQUIRE_DATA=1 makes this a failure"
        );
        let fail = missing_data_note("t", missing, &["wmt21-en-ru"], true);
        assert!(
            fail.starts_with("t needs /nowhere/shared/data/wmt21-en-ru (SVERKA_REQUIRE_DATA=1); "),
            "{fail}"
        );
        assert!(!skip.contains('\n') && !fail.contains('\n'));
    }

    #[test]
    fn shared_data_with_names_the_first_missing_folder() {
        let missing = shared_data_with(&["no-such-folder"]).unwrap_err();
        match locate_shared_data() {
            Ok(root) => assert_eq!(missing, root.join("no-such-folder")),
            // Without the data, the data folder itself is what is missing.
            Err(DataError::SharedDataMissing(path)) => assert_eq!(missing, path),
            Err(err) => panic!("{err}"),
        }
    }

    #[test]
    fn missing_shared_data_message() {
        let e = DataError::SharedDataMissing(PathBuf::from("/nowhere/shared/data"));
        assert_eq!(
            e.to_string(),
            "sverka shared data not found: expected the shared evaluation data at /nowhere/shared/data (set SVERKA_SHARED_DATA)"
        );
        assert!(workspace_root().unwrap().join("crates").is_dir());
    }

    #[test]
    fn build_segmented_text() {
        let t = SegmentedText::build(&[" A. ", "B.", "C.", "D."], &[2, 2, 5, 7]);
        assert_eq!(t.text, "A. B.\n\nC.\n\nD.");
        assert_eq!(t.segments(), vec!["A.", "B.", "C.", "D."]);
        assert_eq!(t.paragraphs, vec![0, 0, 1, 2]);
        assert_eq!(t.paragraph_spans(), vec![0..5, 7..9, 11..13]);
        let empty = SegmentedText::build::<&str>(&[], &[]);
        assert!(empty.is_empty() && empty.text.is_empty());
    }

    fn toy_doc(n: usize) -> WmtDoc {
        let segs: Vec<String> = (0..n).map(|i| format!("S{i}.")).collect();
        let paras: Vec<usize> = (0..n).map(|i| i / 2).collect();
        WmtDoc {
            name: "toy".into(),
            pair: WmtPair::EnRu,
            source: SegmentedText::build(&segs, &paras),
            target: SegmentedText::build(&segs, &paras),
            gold: (0..n).map(|i| Bead::new([i], [i])).collect(),
            russian: Side::Target,
            has_ref_b: false,
            excerpt: None,
        }
    }

    #[test]
    fn excerpt_keeps_gold_a_partition() {
        let cut = apply_excerpt(
            &toy_doc(12),
            Excerpt {
                side: Side::Target,
                removed: 3..6,
            },
        );
        assert_eq!(cut.target.len(), 9);
        // paragraph 2 (S4, S5) vanished, S3 is gone from paragraph 1
        assert_eq!(
            cut.target.text,
            "S0. S1.\n\nS2.\n\nS6. S7.\n\nS8. S9.\n\nS10. S11."
        );
        assert_eq!(cut.source, toy_doc(12).source);
        validate(&cut.gold, 12, 9).unwrap();
        assert_eq!(cut.gold[3], Bead::new([3], []));
        assert_eq!(cut.gold[6], Bead::new([6], [3]));

        for (ordinal, name) in ["a", "b", "c", "dd", "eee"].iter().enumerate() {
            for n in 4..40 {
                let plan = excerpt_plan(name, ordinal, n).unwrap();
                assert!((3..=8).contains(&plan.removed.len()));
                assert!(plan.removed.end <= n && plan.removed.len() < n);
                assert_eq!(plan.side == Side::Target, ordinal % 2 != 1);
                assert_eq!(Some(plan.clone()), excerpt_plan(name, ordinal, n));
                let k = plan.removed.len();
                let (ns, nt) = match plan.side {
                    Side::Source => (n - k, n),
                    Side::Target => (n, n - k),
                };
                let cut = apply_excerpt(&toy_doc(n), plan);
                assert_eq!((cut.source.len(), cut.target.len()), (ns, nt));
                validate(&cut.gold, ns, nt).unwrap();
                let removed = cut
                    .gold
                    .iter()
                    .filter(|b| b.is_insertion_or_deletion())
                    .count();
                assert_eq!(removed, k);
            }
        }
        assert_eq!(excerpt_plan("a", 0, 3), None);
    }

    #[test]
    fn corpus_loader_reads_a_pair() {
        let base = std::env::temp_dir().join(format!("sverka-eval-corpus-{}", std::process::id()));
        let doc = base.join("pair");
        fs::create_dir_all(&doc).unwrap();
        fs::create_dir_all(base.join("no-gold")).unwrap();
        fs::write(doc.join("ru.txt"), "\u{feff}Привет.\nКак дела?\n").unwrap();
        fs::write(doc.join("en.txt"), "Hello. How are you?\r\n").unwrap();
        fs::write(doc.join("ru.sents"), "Привет.\nКак дела?\n").unwrap();
        fs::write(doc.join("en.sents"), "Hello.\r\nHow are you?\r\n").unwrap();
        fs::write(doc.join("gold.beads"), "[0]:[0]\n[1]:[1]\n").unwrap();
        let docs = corpora(&base).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.name, "pair");
        assert_eq!(d.ru_text, "Привет.\nКак дела?\n");
        assert_eq!(d.en_sents, vec!["Hello.", "How are you?"]);
        let spans = d.ru_spans.as_ref().unwrap();
        assert_eq!(&d.ru_text[spans[1].clone()], "Как дела?");
        assert!(d.en_spans.is_some());
        fs::write(doc.join("gold.beads"), "[0]:[0]\n[0]:[1]\n").unwrap();
        let e = corpora(&base).unwrap_err().to_string();
        assert!(
            e.contains("gold.beads") && e.contains("source sentence 0"),
            "{e}"
        );
        fs::write(doc.join("gold.beads"), "[0]:[0]\n[1]:1\n").unwrap();
        let e = corpora(&base).unwrap_err().to_string();
        assert!(e.contains("line 2: the target side"), "{e}");
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn shared_textberg_loads_and_scores() {
        let Some(root) = shared_data_or_skip(&["textberg-de-fr"]) else {
            return;
        };
        let docs = textberg_test(&root).unwrap();
        let lines: (usize, usize, usize) = docs.iter().fold((0, 0, 0), |a, d| {
            (a.0 + d.src.len(), a.1 + d.tgt.len(), a.2 + d.gold.len())
        });
        assert_eq!(lines, (991, 1011, 916));
        assert_eq!(docs[0].src[1], "Michel Piola , Vernier");
        assert_eq!(docs[0].gold[0], Bead::new([0], [0, 1]));
        // the published gold is not always a monotone partition
        assert!(!check_partition(&docs[1].gold, docs[1].src.len(), docs[1].tgt.len()).is_empty());
        let pooled: crate::metrics::Counts = docs.iter().map(|d| count(&d.gold, &d.gold)).sum();
        let s = pooled.scores();
        assert_eq!((s.strict.f1, s.lax.f1), (1.0, 1.0));
        // a length-blind diagonal 1-1 baseline scores far below
        let diag: Vec<crate::metrics::Counts> = docs
            .iter()
            .map(|d| {
                let n = d.src.len().min(d.tgt.len());
                let b: Vec<Bead> = (0..n).map(|i| Bead::new([i], [i])).collect();
                count(&d.gold, &b)
            })
            .collect();
        let s = diag.into_iter().sum::<crate::metrics::Counts>().scores();
        assert!(s.strict.f1 < 0.5, "{s:?}");
        let dev = textberg(&root, "dev").unwrap();
        assert_eq!((dev.src.len(), dev.tgt.len()), (468, 554));
    }

    #[test]
    fn shared_wmt21_loads() {
        let Some(root) = shared_data_or_skip(&["wmt21-en-ru"]) else {
            return;
        };
        for (pair, n_docs, n_segs) in [(WmtPair::EnRu, 77, 1845), (WmtPair::RuEn, 116, 1843)] {
            let docs = wmt21_docs(&root, pair).unwrap();
            assert_eq!(docs.len(), n_docs);
            assert_eq!(docs.iter().map(|d| d.source.len()).sum::<usize>(), n_segs);
            for d in &docs {
                assert_eq!(d.source.len(), d.target.len());
                assert!(d.source.spans.iter().all(|r| !r.is_empty()));
                assert_eq!(score(&d.gold, &d.gold).strict.f1, 1.0);
                assert_eq!(d.russian, pair.russian());
                // a system that segments exactly like the gold projects onto itself
                let p = crate::spans::project(
                    &d.source.spans,
                    &d.target.spans,
                    &d.source.spans,
                    &d.target.spans,
                    &d.gold,
                )
                .unwrap();
                assert_eq!(p.beads, d.gold);
            }
            let excerpts = wmt21_excerpt_docs(&root, pair).unwrap();
            let cut: Vec<&WmtDoc> = excerpts.iter().filter(|d| d.excerpt.is_some()).collect();
            assert_eq!(cut.len(), n_docs / 5);
            for d in &excerpts {
                validate(&d.gold, d.source.len(), d.target.len()).unwrap();
            }
            assert!(cut
                .iter()
                .any(|d| d.excerpt.as_ref().unwrap().side == Side::Source));
            assert!(cut
                .iter()
                .any(|d| d.excerpt.as_ref().unwrap().side == Side::Target));
        }
        let d = wmt21_doc(&root, WmtPair::EnRu, "abcnews.420102").unwrap();
        assert!(d.source.text.starts_with(
            "Virginia Beach takes down Confederate monument\n\nVIRGINIA BEACH, Va. -- "
        ));
        assert_eq!(
            d.source.segment(0),
            "Virginia Beach takes down Confederate monument"
        );
        assert!(d.target.segment(0).starts_with("В городе Вирджиния-Бич"));
        assert_eq!(d.source.paragraphs, vec![0, 1, 2, 2, 3, 3, 4, 5, 5]);
        assert!(d.has_ref_b);
        let names = wmt21_doc_names(&root, WmtPair::EnRu).unwrap();
        assert!(names.contains(&"en.ndtv.com.75227".to_string()));
    }

    #[test]
    fn shared_chekhov_loads_and_checks() {
        let Some(root) = shared_data_or_skip(&["chekhov-ru-en"]) else {
            return;
        };
        let docs = chekhov_all(&root).unwrap();
        assert_eq!(docs[0].ru.len(), 71);
        assert_eq!(docs[1].en.len(), 32);
        assert_eq!(docs[0].en.segment(1), "The Chemist’s Wife");
        assert_eq!(docs[1].ru.segment(1), "Хамелеон");
        assert!(docs[1].ru.text.contains("Толпа хохочет над Хрюкиным.\n\n"));
        for d in &docs {
            // a "system" that treats each paragraph as one sentence and aligns 1-1
            let c = d.check(&d.ru.spans, &d.en.spans, &d.gold).unwrap();
            assert_eq!(c.crossings.crossing, 0);
            assert_eq!(c.counts.scores().strict.f1, 1.0);
            // shifting the English side by one paragraph crosses everywhere
            let n = d.gold.len();
            let shifted: Vec<Bead> = (0..n - 1).map(|i| Bead::new([i], [i + 1])).collect();
            let c = d.check(&d.ru.spans, &d.en.spans, &shifted).unwrap();
            assert_eq!(c.crossings.crossing, n - 1);
            assert_eq!(c.counts.scores().strict.f1, 0.0);
        }
    }
}
