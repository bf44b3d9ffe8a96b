//! `sverka._sverka`, the Rust half of the `sverka` Python package: the
//! engine of `sverka align` (`sverka-pipeline`: `Engine::load`, reading and
//! checking inputs, `align_files`/`align_bytes`, `rows`) behind a few
//! Python classes. The Python half (`python/sverka`) adds the module-level
//! functions, the exceptions, pandas and Spark.
//!
//! Errors reach Python as the exceptions of `sverka._errors` with the
//! command line's messages; the GIL is released while reading and aligning,
//! and a panic becomes `sverka.InternalError` instead of crossing into
//! Python.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};
use sverka_pipeline::engine::{align_bytes, align_files, Aligned};
use sverka_pipeline::formats::Format;
use sverka_pipeline::input::{read_input, read_input_bytes, ReadOptions};
use sverka_pipeline::table::Row as TableRow;
use sverka_pipeline::text::{Document, Lang};
use sverka_pipeline::{error_text, Engine as PipelineEngine, EngineSettings};

/// Which Python exception an error becomes (classes in `sverka._errors`).
#[derive(Clone, Copy)]
enum Kind {
    /// A document was refused: unreadable, empty, binary, undecodable, over
    /// the size limit, swapped or both in one language.
    Input,
    /// The options cannot be used: a bad language, parameter or lexicon.
    Settings,
    /// A bug: the engine panicked.
    Internal,
}

fn raise(py: Python<'_>, kind: Kind, message: String) -> PyErr {
    let name = match kind {
        Kind::Input => "InputError",
        Kind::Settings => "SettingsError",
        Kind::Internal => "InternalError",
    };
    let class = py
        .import("sverka._errors")
        .and_then(|module| module.getattr(name));
    match class.and_then(|class| class.call1((message.clone(),))) {
        Ok(err) => PyErr::from_value(err),
        // Only when the package is broken (the extension loaded alone).
        Err(_) => match kind {
            Kind::Internal => PyRuntimeError::new_err(message),
            _ => PyValueError::new_err(message),
        },
    }
}

/// Runs `work` without the GIL, turning its error into `kind` and a panic
/// into `InternalError`, so that neither crosses into Python as a panic.
fn run_detached<T: Send>(
    py: Python<'_>,
    kind: Kind,
    work: impl FnOnce() -> anyhow::Result<T> + Send,
) -> PyResult<T> {
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(work)));
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(raise(py, kind, error_text(&err))),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(raise(
                py,
                Kind::Internal,
                format!("internal error in sverka (please report it with the input): {what}"),
            ))
        }
    }
}

/// A text given as `str` (taken as its UTF-8 bytes, like a UTF-8 file) or as
/// `bytes`/`bytearray` (decoded as `sverka` decodes a file: encoding
/// detected, or as `encoding` says).
fn text_bytes(arg: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned().into_bytes());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    }
    let type_name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "{arg}: expected str or bytes, got {type_name}"
    )))
}

fn parse_lang(py: Python<'_>, arg: &str, code: &str) -> PyResult<Lang> {
    code.parse::<Lang>()
        .map_err(|err| raise(py, Kind::Settings, format!("{arg}: {err}")))
}

/// How to read the inputs, from the keyword arguments of `align`,
/// `align_files` and `split` (the command line's input flags).
struct Reading {
    presegmented: bool,
    encoding: Option<String>,
    ru_encoding: Option<String>,
    en_encoding: Option<String>,
    input_format: Option<String>,
    max_input_mb: u64,
}

impl Reading {
    fn options(&self, py: Python<'_>) -> PyResult<ReadOptions> {
        let format = match self.input_format.as_deref() {
            None => None,
            Some(name) if name.trim().eq_ignore_ascii_case("auto") => None,
            Some(name) => Some(
                name.parse::<Format>()
                    .map_err(|err| raise(py, Kind::Settings, format!("input_format: {err}")))?,
            ),
        };
        Ok(ReadOptions {
            encoding: self.encoding.clone(),
            source_encoding: self.ru_encoding.clone(),
            target_encoding: self.en_encoding.clone(),
            presegmented: self.presegmented,
            max_bytes: self.max_input_mb.saturating_mul(1_000_000),
            verbose: false,
            format,
        })
    }
}

/// One row of the review table: one bead of the alignment, with the
/// columns `sverka align` writes (`row`, `ru_lines`, `en_lines`, `ru`, `en`,
/// `kind`, `confidence`, `flags`, `details`, `status`, `note`; `ru_time` and
/// `en_time` for subtitles) and the sentence indices and byte spans its
/// JSONL output carries.
#[pyclass(frozen, get_all, eq, module = "sverka")]
#[derive(Clone, PartialEq)]
struct Row {
    /// 1-based row number.
    row: usize,
    /// Lines of the Russian sentences in the input, `12` or `12-14`
    /// (subtitles: cue numbers); empty when the side is empty.
    ru_lines: String,
    /// Lines of the English sentences, as `ru_lines`.
    en_lines: String,
    /// The Russian sentences joined by a space; empty for an addition.
    ru: String,
    /// The English sentences joined by a space; empty for an omission.
    en: String,
    /// Sentences per side: `1-1`, `2-1`, `1-0` (omission), `0-1` (addition) …
    kind: String,
    /// 0..1, higher is surer (the table shows it with 3 decimals).
    confidence: f64,
    /// Reasons for a second look (`numbers-differ`, `low-confidence`, …).
    flags: Vec<String>,
    /// What the flags found, briefly; empty when there is nothing to say.
    details: String,
    /// The reviewer's verdict: empty as aligned.
    status: String,
    /// The reviewer's note: empty as aligned.
    note: String,
    /// For subtitles, when the Russian sentences are spoken; else empty.
    ru_time: String,
    /// For subtitles, when the English sentences are spoken; else empty.
    en_time: String,
    /// 0-based indices of the Russian sentences.
    ru_sentences: Vec<usize>,
    /// 0-based indices of the English sentences.
    en_sentences: Vec<usize>,
    /// Byte ranges `(start, end)` of the Russian sentences in the decoded
    /// UTF-8 text.
    ru_spans: Vec<(usize, usize)>,
    /// Byte ranges of the English sentences.
    en_spans: Vec<(usize, usize)>,
}

impl Row {
    fn of(row: &TableRow) -> Row {
        let lines = |r: Option<sverka_pipeline::table::LineRange>| {
            r.map(|r| r.to_string()).unwrap_or_default()
        };
        let spans =
            |spans: &[std::ops::Range<usize>]| spans.iter().map(|s| (s.start, s.end)).collect();
        Row {
            row: row.row,
            ru_lines: lines(row.ru_lines),
            en_lines: lines(row.en_lines),
            ru: row.ru.clone(),
            en: row.en.clone(),
            kind: row.kind.to_string(),
            confidence: row.confidence,
            flags: row.flags.iter().map(|f| f.as_str().to_string()).collect(),
            details: row.details.clone(),
            status: row.status.to_string(),
            note: row.note.clone(),
            ru_time: row.ru_time.clone(),
            en_time: row.en_time.clone(),
            ru_sentences: row.ru_sentences.clone(),
            en_sentences: row.en_sentences.clone(),
            ru_spans: spans(&row.ru_spans),
            en_spans: spans(&row.en_spans),
        }
    }
}

#[pymethods]
impl Row {
    /// The row as a dict: the table's columns in their order, then
    /// `ru_time`, `en_time`, `ru_sentences`, `en_sentences`, `ru_spans`,
    /// `en_spans`.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("row", self.row)?;
        dict.set_item("ru_lines", &self.ru_lines)?;
        dict.set_item("en_lines", &self.en_lines)?;
        dict.set_item("ru", &self.ru)?;
        dict.set_item("en", &self.en)?;
        dict.set_item("kind", &self.kind)?;
        dict.set_item("confidence", self.confidence)?;
        dict.set_item("flags", self.flags.clone())?;
        dict.set_item("details", &self.details)?;
        dict.set_item("status", &self.status)?;
        dict.set_item("note", &self.note)?;
        dict.set_item("ru_time", &self.ru_time)?;
        dict.set_item("en_time", &self.en_time)?;
        dict.set_item("ru_sentences", self.ru_sentences.clone())?;
        dict.set_item("en_sentences", self.en_sentences.clone())?;
        dict.set_item("ru_spans", self.ru_spans.clone())?;
        dict.set_item("en_spans", self.en_spans.clone())?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let short = |text: &str| {
            let mut cut: String = text.chars().take(40).collect();
            if cut.len() < text.len() {
                cut.push('…');
            }
            format!("{cut:?}")
        };
        format!(
            "Row(row={}, kind='{}', confidence={:.3}, flags={:?}, ru={}, en={})",
            self.row,
            self.kind,
            self.confidence,
            self.flags,
            short(&self.ru),
            short(&self.en)
        )
    }
}

/// One sentence of a segmented text.
#[pyclass(frozen, get_all, eq, module = "sverka")]
#[derive(Clone, PartialEq)]
struct Sentence {
    /// 0-based position in the text.
    index: usize,
    /// The sentence as it stands in the text.
    text: String,
    /// Character offset of its start in the decoded text: for a `str` input,
    /// `text[s.start:s.end] == s.text`.
    start: usize,
    /// Character offset just past its end.
    end: usize,
    /// Byte offset of its start in the decoded text as UTF-8 (the `start` of
    /// `sverka split --jsonl`).
    byte_start: usize,
    /// Byte offset just past its end.
    byte_end: usize,
    /// 1-based line of its first character.
    first_line: usize,
    /// 1-based line of its last character.
    last_line: usize,
    /// 0-based index of its paragraph.
    paragraph: usize,
    /// Whether its paragraph is a heading.
    heading: bool,
    /// The speaker of the turn it opens (`Лавров`, `Question`), if any.
    speaker: Option<String>,
}

#[pymethods]
impl Sentence {
    fn __repr__(&self) -> String {
        format!(
            "Sentence(index={}, start={}, end={}, text={:?})",
            self.index, self.start, self.end, self.text
        )
    }
}

fn sentences(doc: &Document) -> Vec<Sentence> {
    // Byte offsets to character offsets in one pass over the text.
    let mut char_at = Vec::with_capacity(doc.sentences.len() * 2);
    for sentence in &doc.sentences {
        char_at.push(sentence.span.start);
        char_at.push(sentence.span.end);
    }
    let mut sorted = char_at.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let mut chars = Vec::with_capacity(sorted.len());
    let (mut count, mut next) = (0usize, 0usize);
    for (byte, _) in doc
        .text
        .char_indices()
        .chain(std::iter::once((doc.text.len(), ' ')))
    {
        while next < sorted.len() && sorted[next] <= byte {
            chars.push(count);
            next += 1;
        }
        count += 1;
    }
    let to_char = |byte: usize| {
        sorted
            .binary_search(&byte)
            .ok()
            .and_then(|i| chars.get(i).copied())
            .unwrap_or(0)
    };
    doc.sentences
        .iter()
        .enumerate()
        .map(|(index, s)| Sentence {
            index,
            text: doc.sentence_text(s).to_string(),
            start: to_char(s.span.start),
            end: to_char(s.span.end),
            byte_start: s.span.start,
            byte_end: s.span.end,
            first_line: s.lines.0,
            last_line: s.lines.1,
            paragraph: s.paragraph,
            heading: s.heading,
            speaker: s.speaker.clone(),
        })
        .collect()
}

/// The alignment engine, loaded once (dictionaries parsed, parameters set)
/// and used for any number of pairs, from any number of threads.
///
/// Engine(*, lexicon=None, no_lexicon=False, learn=False, max_bead=3, params=None)
///
/// lexicon: a dictionary path (dictd `NAME.index`, an installed dictd name
///     such as `mueller7`, or a `.tsv` glossary), or a list of them; None
///     uses the installed dictionaries, as `sverka align` does.
/// no_lexicon: use no dictionary at all (`--no-lexicon`).
/// learn: learn translations from each pair's confident rows and align it
///     again with them (`sverka align --learn`, one pair at a time); pairs
///     of other languages than Russian and English, and Russian–English
///     pairs when no dictionary is installed, learn anyway unless
///     no_lexicon=True.
/// max_bead: most sentences on one side of a row, 1 to 5 (`--max-bead`).
/// params: engine parameter overrides, `name=value,…` (`--params`).
#[pyclass(frozen, module = "sverka")]
struct Engine {
    engine: PipelineEngine,
    notes: Vec<String>,
    settings: EngineSettings,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (*, lexicon=None, no_lexicon=false, learn=false, max_bead=3, params=None))]
    fn new(
        py: Python<'_>,
        lexicon: Option<&Bound<'_, PyAny>>,
        no_lexicon: bool,
        learn: bool,
        max_bead: i64,
        params: Option<String>,
    ) -> PyResult<Engine> {
        if !(1..=5).contains(&max_bead) {
            return Err(raise(
                py,
                Kind::Settings,
                format!("max_bead: {max_bead} is not in 1..=5"),
            ));
        }
        let lexicons: Vec<PathBuf> = match lexicon {
            None => Vec::new(),
            Some(one) if one.cast::<PyString>().is_ok() || one.hasattr("__fspath__")? => {
                vec![one.extract::<PathBuf>()?]
            }
            Some(many) => many.extract::<Vec<PathBuf>>()?,
        };
        if no_lexicon && !lexicons.is_empty() {
            return Err(raise(
                py,
                Kind::Settings,
                "lexicon and no_lexicon=True cannot go together: give one".into(),
            ));
        }
        let settings = EngineSettings {
            max_bead_side: max_bead as usize,
            params,
            lexicons,
            no_lexicon,
            learn,
        };
        let loading = settings.clone();
        let (engine, notes) = run_detached(py, Kind::Settings, move || {
            let mut notes = Vec::new();
            let engine = PipelineEngine::load(&loading, &mut |note| notes.push(note))?;
            Ok((engine, notes))
        })?;
        Ok(Engine {
            engine,
            notes,
            settings,
        })
    }

    /// What loading said: the dictionaries loaded and their sizes, as
    /// `sverka align` reports them on stderr.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    /// Every setting that can change an alignment, as one string (the
    /// fingerprint `sverka batch --resume` compares).
    #[getter]
    fn fingerprint(&self) -> String {
        self.settings.fingerprint()
    }

    /// Aligns two texts and returns the review table's rows.
    ///
    /// ru, en: `str`, or `bytes` decoded as `sverka align` decodes a file
    ///     (encoding detected; Word, OpenDocument, HTML, subtitles and PDF
    ///     recognised by their content).
    /// presegmented: one sentence per line (`--presegmented`).
    /// ru_lang, en_lang: the languages (`--ru-lang`, `--en-lang`).
    /// encoding, ru_encoding, en_encoding: force the encoding of bytes.
    /// input_format: `auto` (or None), `txt`, `docx`, `odt`, `html`, `srt`,
    ///     `vtt` or `pdf` (`--input-format`).
    /// max_input_mb: refuse a text larger than this (`--max-input-mb`).
    /// ru_name, en_name: what error messages call the two texts.
    ///
    /// Raises InputError (with the command line's message) when a text is
    /// refused: empty, binary, undecodable, swapped, both in one language.
    #[pyo3(signature = (ru, en, *, presegmented=false, ru_lang="ru", en_lang="en", encoding=None, ru_encoding=None, en_encoding=None, input_format=None, max_input_mb=256, ru_name="ru", en_name="en"))]
    #[allow(clippy::too_many_arguments)]
    fn align(
        &self,
        py: Python<'_>,
        ru: &Bound<'_, PyAny>,
        en: &Bound<'_, PyAny>,
        presegmented: bool,
        ru_lang: &str,
        en_lang: &str,
        encoding: Option<String>,
        ru_encoding: Option<String>,
        en_encoding: Option<String>,
        input_format: Option<String>,
        max_input_mb: u64,
        ru_name: &str,
        en_name: &str,
    ) -> PyResult<Vec<Row>> {
        let ru_bytes = text_bytes("ru", ru)?;
        let en_bytes = text_bytes("en", en)?;
        let (ru_lang, en_lang) = (
            parse_lang(py, "ru_lang", ru_lang)?,
            parse_lang(py, "en_lang", en_lang)?,
        );
        let read = Reading {
            presegmented,
            encoding,
            ru_encoding,
            en_encoding,
            input_format,
            max_input_mb,
        }
        .options(py)?;
        let engine = &self.engine;
        run_detached(py, Kind::Input, move || {
            let aligned = align_bytes(
                (ru_name, &ru_bytes, ru_lang),
                (en_name, &en_bytes, en_lang),
                &read,
                engine,
            )?;
            Ok(table_rows(&aligned))
        })
    }

    /// Reads two files and aligns them exactly as `sverka align RU EN`
    /// does; returns the rows of its table. The keyword arguments are those
    /// of `Engine.align`. Raises InputError with the command line's message
    /// (naming the file) when a file is refused or cannot be read.
    #[pyo3(signature = (ru_path, en_path, *, presegmented=false, ru_lang="ru", en_lang="en", encoding=None, ru_encoding=None, en_encoding=None, input_format=None, max_input_mb=256))]
    #[allow(clippy::too_many_arguments)]
    fn align_files(
        &self,
        py: Python<'_>,
        ru_path: PathBuf,
        en_path: PathBuf,
        presegmented: bool,
        ru_lang: &str,
        en_lang: &str,
        encoding: Option<String>,
        ru_encoding: Option<String>,
        en_encoding: Option<String>,
        input_format: Option<String>,
        max_input_mb: u64,
    ) -> PyResult<Vec<Row>> {
        let (ru_lang, en_lang) = (
            parse_lang(py, "ru_lang", ru_lang)?,
            parse_lang(py, "en_lang", en_lang)?,
        );
        let read = Reading {
            presegmented,
            encoding,
            ru_encoding,
            en_encoding,
            input_format,
            max_input_mb,
        }
        .options(py)?;
        let engine = &self.engine;
        run_detached(py, Kind::Input, move || {
            let aligned = align_files((&ru_path, ru_lang), (&en_path, en_lang), &read, engine)?;
            Ok(table_rows(&aligned))
        })
    }

    fn __repr__(&self) -> String {
        format!("Engine({})", self.settings.fingerprint())
    }
}

fn table_rows(aligned: &Aligned) -> Vec<Row> {
    sverka_pipeline::rows(aligned).iter().map(Row::of).collect()
}

/// Splits a text into sentences as `sverka split` does.
///
/// text: `str`, or `bytes` decoded as `sverka` decodes a file.
/// lang: `ru`, `en`, or another two-letter code (language-neutral rules).
/// encoding, input_format, max_input_mb: as for `Engine.align`.
/// name: what error messages call the text.
///
/// Each Sentence has its character offsets (`start`, `end`) and byte
/// offsets (`byte_start`, `byte_end`) in the decoded text, its lines,
/// paragraph and speaker. Raises InputError when the text is refused.
#[pyfunction]
#[pyo3(signature = (text, lang, *, encoding=None, input_format=None, max_input_mb=256, name="text"))]
fn split(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    lang: &str,
    encoding: Option<String>,
    input_format: Option<String>,
    max_input_mb: u64,
    name: &str,
) -> PyResult<Vec<Sentence>> {
    let bytes = text_bytes("text", text)?;
    let lang = parse_lang(py, "lang", lang)?;
    let read = Reading {
        presegmented: false,
        encoding,
        ru_encoding: None,
        en_encoding: None,
        input_format,
        max_input_mb,
    }
    .options(py)?;
    run_detached(py, Kind::Input, move || {
        let input = read_input_bytes(name, &bytes, lang, &read)?;
        Ok(sentences(&input.document))
    })
}

/// Splits a file into sentences exactly as `sverka split --lang LANG FILE`
/// does. Keyword arguments as for `split`.
#[pyfunction]
#[pyo3(signature = (path, lang, *, encoding=None, input_format=None, max_input_mb=256))]
fn split_file(
    py: Python<'_>,
    path: PathBuf,
    lang: &str,
    encoding: Option<String>,
    input_format: Option<String>,
    max_input_mb: u64,
) -> PyResult<Vec<Sentence>> {
    let lang = parse_lang(py, "lang", lang)?;
    let read = Reading {
        presegmented: false,
        encoding,
        ru_encoding: None,
        en_encoding: None,
        input_format,
        max_input_mb,
    }
    .options(py)?;
    run_detached(py, Kind::Input, move || {
        let input = read_input(&path, lang, &read)?;
        Ok(sentences(&input.document))
    })
}

/// The document pairs of a corpus, found as `sverka batch` finds them: a
/// folder (`NAME.ru.txt` + `NAME.en.txt`, `ru/NAME.txt` + `en/NAME.txt`,
/// `NAME/ru.txt` + `NAME/en.txt`) or a CSV/TSV manifest with the columns
/// name, ru and en.
///
/// Returns `(pairs, unpaired)`: `(name, ru_path, en_path)` for each
/// document, sorted by name, and `(name, reason)` for each file left out.
#[pyfunction]
fn corpus_pairs(py: Python<'_>, path: PathBuf) -> PyResult<CorpusPairs> {
    run_detached(py, Kind::Input, move || {
        let corpus = sverka_pipeline::pairs::discover(&path, None)?;
        Ok((
            corpus
                .pairs
                .into_iter()
                .map(|pair| (pair.name, path_text(&pair.ru), path_text(&pair.en)))
                .collect(),
            corpus
                .unpaired
                .into_iter()
                .map(|file| (file.name, file.reason))
                .collect(),
        ))
    })
}

type CorpusPairs = (Vec<(String, String, String)>, Vec<(String, String)>);

/// A path for Python, where paths are text (a non-UTF-8 byte is replaced).
fn path_text(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Raises the panic `InternalError` is for; the tests check that no panic
/// crosses into Python.
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    run_detached(py, Kind::Input, || -> anyhow::Result<()> {
        panic!("a panic raised on purpose by sverka._sverka._panic_for_test")
    })
}

/// The Rust half of the `sverka` package; use `sverka` itself.
#[pymodule]
fn _sverka(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Row>()?;
    m.add_class::<Sentence>()?;
    m.add_function(wrap_pyfunction!(split, m)?)?;
    m.add_function(wrap_pyfunction!(split_file, m)?)?;
    m.add_function(wrap_pyfunction!(corpus_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The table crate's column list, so Python never keeps a copy.
    m.add(
        "COLUMNS",
        pyo3::types::PyTuple::new(m.py(), sverka_pipeline::table::COLUMNS)?,
    )?;
    Ok(())
}
