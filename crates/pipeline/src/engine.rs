//! The engine as configured ([`EngineSettings`] → [`Engine::load`]) and the
//! path shared by `align`, `batch` and the evaluation: two texts in,
//! documents and an alignment out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;
use sverka_align::{align_splitting, Alignment, LayeredLexicon, Options};
use sverka_core::Side;
use sverka_lexicon::{LearnSettings, Learner, Lexicon};
use sverka_text::{Document, Lang};

use crate::input::{
    check_languages, read_input, read_input_bytes, read_input_of_file, Input, ReadOptions,
};

/// Both documents and their alignment.
pub struct Aligned {
    pub src: Document,
    pub tgt: Document,
    pub alignment: Alignment,
    /// The cues of a subtitle file on the first side: the table shows cue
    /// numbers and times.
    pub src_cues: Option<sverka_formats::Cues>,
    /// The same for the second side.
    pub tgt_cues: Option<sverka_formats::Cues>,
}

/// What the engine is made of, as flags or a caller give it.
#[derive(Debug, Clone, Default)]
pub struct EngineSettings {
    /// Most sentences on one side of a bead (1..=5).
    pub max_bead_side: usize,
    /// Engine parameter overrides, `name=value,…` (see `sverka_align::Params`).
    pub params: Option<String>,
    /// Lexicon files to load; see [`EngineSettings::lexicon_paths`].
    pub lexicons: Vec<PathBuf>,
    /// Use no lexicon, not even the installed dictionaries.
    pub no_lexicon: bool,
    /// Learn translations from a first pass and align again with them,
    /// Russian–English too, and in a batch from the whole corpus. Without
    /// it, a pair of other languages, which no dictionary covers, learns
    /// all the same (unless `no_lexicon`), and so does Russian–English
    /// without a dictionary, from each pair alone: see
    /// [`Engine::learning`].
    pub learn: bool,
}

impl EngineSettings {
    /// The lexicon files in use: those given, else the installed ones,
    /// none with `no_lexicon`.
    pub fn lexicon_paths(&self) -> Vec<PathBuf> {
        if self.no_lexicon {
            Vec::new()
        } else if self.lexicons.is_empty() {
            sverka_lexicon::installed_dictionaries()
        } else {
            self.lexicons.clone()
        }
    }

    /// Every setting that can change an alignment, as one string, for
    /// `batch --resume` (a table made with another fingerprint is remade).
    /// Every field that changes output must be here: the destructuring
    /// fails to compile when a field is added, so whoever adds one decides.
    /// Lexicons count by path, size and modification time, so an edited or
    /// newly installed one counts as a change.
    pub fn fingerprint(&self) -> String {
        let EngineSettings {
            max_bead_side,
            params,
            lexicons: _,
            no_lexicon: _,
            learn,
        } = self;
        let lexicons: Vec<String> = self
            .lexicon_paths()
            .iter()
            .map(|path| {
                let file = sverka_lexicon::dictd::base_path(path)
                    .ok()
                    .filter(|_| !path.to_string_lossy().ends_with(".tsv"))
                    .map_or_else(|| path.clone(), |base| base.with_extension("index"));
                let stamp = std::fs::metadata(&file).ok().map(|meta| {
                    let modified = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_secs());
                    format!("{}:{modified}", meta.len())
                });
                format!("{}@{}", file.display(), stamp.unwrap_or_default())
            })
            .collect();
        format!(
            "max-bead={max_bead_side};params={};lexicon={};learn={learn}",
            params.as_deref().unwrap_or(""),
            lexicons.join("+")
        )
    }
}

/// The engine ready to align: options, the dictionary lexicon if any, and
/// whether to learn translations in a second pass.
#[derive(Clone, Debug)]
pub struct Engine {
    pub options: Options,
    pub dictionary: Option<Arc<Lexicon>>,
    /// How to learn translations, when the engine learns (see
    /// [`Engine::learning`]); None never learns.
    pub learn: Option<LearnSettings>,
    /// `--learn` was not given: learn only where the default says (pairs
    /// of other languages; Russian–English without a dictionary, each
    /// pair from itself), rather than every pair.
    pub learn_only_by_default: bool,
    /// The options already hold translations learned from a whole corpus
    /// (`batch --learn`): documents are aligned once, with them.
    pub corpus_learned: bool,
}

impl Engine {
    /// Loads the engine `settings` describe: parses the parameters and loads
    /// and merges the lexicons, telling `note` what was loaded.
    pub fn load(settings: &EngineSettings, note: &mut dyn FnMut(String)) -> Result<Engine> {
        let mut options = Options {
            max_bead_side: settings.max_bead_side,
            ..Options::default()
        };
        if let Some(overrides) = &settings.params {
            options
                .params
                .apply(overrides)
                .map_err(|err| anyhow::anyhow!("--params: {err}"))?;
        }
        let paths = settings.lexicon_paths();
        let dictionary = if paths.is_empty() {
            if !settings.no_lexicon {
                note("no dictionary installed or given (--lexicon); aligning without one".into());
            }
            None
        } else {
            let started = std::time::Instant::now();
            // Several dictionaries load as one, from the cache of their merge.
            let loaded = sverka_lexicon::load_all(&paths)
                .map_err(|err| anyhow::anyhow!("--lexicon: {err}"))?;
            note(loaded_note(&paths, &loaded, started.elapsed()));
            Some(Arc::new(loaded))
        };
        options.lexicon = dictionary.clone().map(remembering);
        // The dictionaries are Russian–English: for other languages,
        // translations learned from the texts are the only word evidence
        // (Text+Berg, German–French: 0.860 → 0.896 strict F1), and so for
        // Russian–English without a dictionary installed, which then learns
        // from each pair alone (see `Engine::learns_from_pair_only`).
        // `--no-lexicon` asks for no word evidence at all.
        let learn_by_default = !settings.no_lexicon;
        Ok(Engine {
            options,
            dictionary,
            learn: (settings.learn || learn_by_default).then(LearnSettings::default),
            learn_only_by_default: !settings.learn,
            corpus_learned: false,
        })
    }

    /// How to learn translations for a pair of texts in these languages:
    /// with `--learn` always, else for languages other than Russian and
    /// English, which no dictionary covers, and for Russian–English when
    /// no dictionary is loaded; never with `--no-lexicon` alone.
    pub fn learning(&self, src: &Lang, tgt: &Lang) -> Option<&LearnSettings> {
        let settings = self.learn.as_ref()?;
        let by_default = !russian_english(src, tgt) || self.dictionary.is_none();
        (!self.learn_only_by_default || by_default).then_some(settings)
    }

    /// Whether a pair in these languages that learns learns from itself
    /// alone, even in a batch: Russian–English without a dictionary and
    /// without `--learn`. A batch's tables then stay those `align` writes
    /// for each pair, whatever the batch holds or how it is sharded; with
    /// `--learn` a batch learns from its whole corpus.
    pub fn learns_from_pair_only(&self, src: &Lang, tgt: &Lang) -> bool {
        self.learn_only_by_default && russian_english(src, tgt)
    }

    /// Whether a batch of pairs in these languages learns from all of them
    /// first (see [`Engine::learns_from_pair_only`]).
    pub fn learns_from_corpus(&self, src: &Lang, tgt: &Lang) -> bool {
        self.learning(src, tgt).is_some() && !self.learns_from_pair_only(src, tgt)
    }

    /// This engine with translations learned from a corpus beforehand.
    pub fn with_corpus_lexicon(&self, learned: Lexicon) -> Engine {
        Engine {
            options: self.with_learned(learned),
            corpus_learned: true,
            ..self.clone()
        }
    }

    /// Confident beads of an aligned pair for learning, oriented as the
    /// learned lexicon will be.
    pub fn learning_bags(&self, aligned: &Aligned) -> Option<sverka_lexicon::Bags> {
        let settings = self.learning(&aligned.src.lang, &aligned.tgt.lang)?;
        let (a, b) = learn_langs(&aligned.src.lang, &aligned.tgt.lang);
        Some(sverka_lexicon::bags(
            &aligned.learn_input(),
            &a,
            &b,
            settings,
        ))
    }

    /// Aligns one pair (learning from that pair alone if it learns: see
    /// [`Engine::learning`]).
    /// Without learning it runs on the calling thread: a caller aligning
    /// pairs on threads of its own (Python's) would otherwise hand each pair
    /// to the thread pool and back, which costs CPU time in waking workers.
    pub fn align(&self, src: Document, tgt: Document) -> Aligned {
        if self.corpus_learned || self.learning(&src.lang, &tgt.lang).is_none() {
            return align_documents(src, tgt, &self.options);
        }
        let mut aligned = self.align_learning(vec![(src, tgt)]);
        aligned.pop().expect("one pair in, one out")
    }

    /// Aligns pairs in parallel; with learning, a first pass over all of
    /// them teaches translations to a second pass (over each pair alone,
    /// where it learns from the pair only: see
    /// [`Engine::learns_from_pair_only`]).
    pub fn align_corpus(&self, pairs: Vec<(Document, Document)>) -> Vec<Aligned> {
        let pair_only = pairs
            .first()
            .is_some_and(|(src, tgt)| self.learns_from_pair_only(&src.lang, &tgt.lang));
        if pair_only {
            return pairs
                .into_par_iter()
                .map(|(src, tgt)| self.align(src, tgt))
                .collect();
        }
        self.align_learning(pairs)
    }

    /// [`Engine::align_corpus`] learning from all of `pairs`.
    fn align_learning(&self, pairs: Vec<(Document, Document)>) -> Vec<Aligned> {
        let first: Vec<Aligned> = pairs
            .into_par_iter()
            .map(|(src, tgt)| align_documents(src, tgt, &self.options))
            .collect();
        if self.corpus_learned {
            return first;
        }
        let Some((settings, (a, b))) = first.first().and_then(|d| {
            let settings = self.learning(&d.src.lang, &d.tgt.lang)?;
            Some((settings, learn_langs(&d.src.lang, &d.tgt.lang)))
        }) else {
            return first;
        };
        let mut learner = Learner::new(a, b, settings.clone());
        for doc in &first {
            learner.add(&doc.learn_input());
        }
        let options = self.with_learned(learner.finish());
        first
            .into_par_iter()
            .map(|d| align_documents(d.src, d.tgt, &options))
            .collect()
    }

    /// Options with the learned lexicon added to the dictionary: layered on
    /// the dictionary the engine shares, which stays as loaded (merging
    /// would copy all of it for each document learned from).
    pub fn with_learned(&self, learned: Lexicon) -> Options {
        let lexicon: Arc<dyn sverka_align::TranslationEvidence> =
            match (&self.dictionary, &self.options.lexicon) {
                (Some(dictionary), Some(shared)) if dictionary.langs() == learned.langs() => {
                    Arc::new(LayeredLexicon::new(shared.clone(), Arc::new(learned)))
                }
                _ => remembering(Arc::new(learned)),
            };
        Options {
            lexicon: Some(lexicon),
            ..self.options.clone()
        }
    }
}

/// Russian and English, in either order: what the dictionaries cover.
fn russian_english(src: &Lang, tgt: &Lang) -> bool {
    matches!((src, tgt), (Lang::Ru, Lang::En) | (Lang::En, Lang::Ru))
}

/// A lexicon as the aligner gets it: remembering the words looked up, which
/// the documents of a batch (and one document aligned again after cuts at
/// soft boundaries) share.
fn remembering(lexicon: Arc<Lexicon>) -> Arc<dyn sverka_align::TranslationEvidence> {
    Arc::new(sverka_align::MemoizedLexicon::new(lexicon))
}

/// What was loaded: `lexicon PATH: N translation pairs (0.01 s)`, several
/// paths joined by ` + `, each with its own count when it has one.
fn loaded_note(paths: &[PathBuf], lexicon: &Lexicon, took: std::time::Duration) -> String {
    let sources = lexicon.sources();
    let names: Vec<String> = if paths.len() > 1 && sources.len() == paths.len() {
        paths
            .iter()
            .zip(sources)
            .map(|(path, source)| format!("{} ({} pairs)", path.display(), source.pairs))
            .collect()
    } else {
        paths
            .iter()
            .map(|path| path.display().to_string())
            .collect()
    };
    format!(
        "lexicon {}: {} translation pairs ({:.2} s)",
        names.join(" + "),
        lexicon.len(),
        took.as_secs_f64()
    )
}

/// The orientation of a learned lexicon: Russian first when the pair has
/// Russian and English (as the dictionaries are), else as given.
pub fn learn_langs(src: &Lang, tgt: &Lang) -> (Lang, Lang) {
    if *tgt == Lang::Ru && *src == Lang::En {
        (Lang::Ru, Lang::En)
    } else {
        (src.clone(), tgt.clone())
    }
}

impl Aligned {
    /// This pair as input to learning.
    pub fn learn_input(&self) -> sverka_lexicon::learn::Aligned<'_> {
        sverka_lexicon::learn::Aligned {
            src: &self.src,
            tgt: &self.tgt,
            alignment: &self.alignment,
        }
    }

    /// A warning for each side whose text has almost no sentence
    /// punctuation while the other side has it (see [`Punctuation`]), or
    /// is captions whose lines were joined and cut anew, naming its file of
    /// `files` (first side, second side). None for `presegmented` input,
    /// whose lines are its sentences.
    pub fn punctuation_warnings(&self, files: [&Path; 2], presegmented: bool) -> Vec<String> {
        if presegmented {
            return Vec::new();
        }
        let counts = [Punctuation::of(&self.src), Punctuation::of(&self.tgt)];
        let docs = [&self.src, &self.tgt];
        (0..2)
            .filter_map(|side| {
                let (file, other) = (files[side], files[1 - side]);
                let sentences = docs[side].sentences.len();
                if counts[side].is_missing() && !counts[1 - side].is_missing() {
                    Some(counts[side].warning(file, other, sentences))
                } else if docs[side].lines_joined {
                    Some(counts[side].captions_warning(file, other))
                } else {
                    None
                }
            })
            .collect()
    }
}

/// How much a text says where its sentences end: an ASR transcript may
/// run on for pages without a full stop or a line break, and sverka finds
/// sentences by them. Such a text is one long sentence against the other
/// text's sentences: most of the table is gaps, and its verdict says the
/// files look unrelated when they are a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Punctuation {
    /// Words (runs of non-space characters with a letter or digit).
    pub words: usize,
    /// Full stops, question and exclamation marks and ellipses.
    pub stops: usize,
    /// Lines with text: chat messages and captions end at a line break
    /// even without a stop, and the aligner may cut there.
    pub lines: usize,
}

/// Words a text has at least before its lack of sentence ends is told.
const PUNCTUATION_FROM_WORDS: usize = 100;

/// Words per sentence end (a stop or a line break) above which a text
/// counts as unpunctuated. Edited prose ends a sentence every 15 to 25
/// words, run-on transcripts every 30 to 60 (which the aligner cuts at
/// their commas); 120 is far past either.
const MOST_WORDS_PER_END: usize = 120;

impl Punctuation {
    /// Counts `doc`'s words, sentence stops and lines, in one pass over
    /// its bytes (a word is a run without ASCII spaces holding an ASCII
    /// letter or digit or a two-byte UTF-8 letter: Latin with accents,
    /// Greek, Cyrillic; a dash or a quotation mark alone is no word).
    pub fn of(doc: &Document) -> Punctuation {
        let mut count = Punctuation {
            words: 0,
            stops: 0,
            lines: 0,
        };
        let (mut in_word, mut word_counted, mut line_has_text) = (false, false, false);
        let bytes = doc.text.as_bytes();
        for (k, &byte) in bytes.iter().enumerate() {
            if byte.is_ascii_whitespace() {
                in_word = false;
                if byte == b'\n' {
                    count.lines += usize::from(line_has_text);
                    line_has_text = false;
                }
                continue;
            }
            line_has_text = true;
            if !in_word {
                in_word = true;
                word_counted = false;
            }
            if !word_counted && (byte.is_ascii_alphanumeric() || (0xC3..=0xDF).contains(&byte)) {
                word_counted = true;
                count.words += 1;
            }
            // `…` is E2 80 A6 in UTF-8.
            let ellipsis = byte == 0xA6 && k >= 2 && bytes[k - 2..k] == [0xE2, 0x80];
            if matches!(byte, b'.' | b'!' | b'?') || ellipsis {
                count.stops += 1;
            }
        }
        count.lines += usize::from(line_has_text);
        count
    }

    /// What to tell the user of `file` (whose other text is `other`), which
    /// the alignment left in `sentences` sentences: cut where the other
    /// text's sentences fall (see `sverka_align::align_splitting`), or not.
    pub fn warning(&self, file: &Path, other: &Path, sentences: usize) -> String {
        let found = format!(
            "{} has almost no sentence punctuation ({} full stops, question or exclamation marks and {} line{} in {} words)",
            file.display(),
            self.stops,
            self.lines,
            if self.lines == 1 { "" } else { "s" },
            self.words,
        );
        let remedy = "give the text its punctuation (the punctuated version of the transcript, or a punctuation-restoring tool), or put one sentence per line in both files and use --presegmented";
        if (self.stops + self.lines) * 2 <= sentences {
            format!(
                "{found}: sverka cut it where the sentences of {} fall, by their lengths and the words they share, so a row may start or end a word or two off; for exact rows {remedy}",
                other.display()
            )
        } else {
            format!(
                "{found}: sverka finds sentences by them, so this text makes a few long sentences and most sentences of {} stand alone as gaps; {remedy}",
                other.display()
            )
        }
    }

    /// What to tell the user of `file`, speech recognition wrapped into
    /// caption lines, whose lines the alignment joined and cut where the
    /// sentences of `other` fall (see [`Document::lines_joined`]).
    pub fn captions_warning(&self, file: &Path, other: &Path) -> String {
        format!(
            "{} looks like speech recognition captions ({} lines of about {} words, {} full stops, question or exclamation marks): its line breaks end no sentences, so sverka joined the lines and cut the text where the sentences of {} fall, by their lengths and the words they share, and a row may start or end a word or two off; for exact rows give the punctuated transcript, or put one sentence per line in both files and use --presegmented",
            file.display(),
            self.lines,
            self.words.div_ceil(self.lines.max(1)),
            self.stops,
            other.display()
        )
    }

    /// Whether the text is long enough and almost never says where a
    /// sentence ends.
    pub fn is_missing(&self) -> bool {
        self.words >= PUNCTUATION_FROM_WORDS
            && (self.stops + self.lines) * MOST_WORDS_PER_END < self.words
    }
}

/// Aligns two documents with the given options. Headlines run into the
/// first sentence are cut first, and sentences at their soft boundaries
/// where the other text supports it, both with both texts in view.
pub fn align_documents(mut src: Document, mut tgt: Document, options: &Options) -> Aligned {
    sverka_text::headline::split_pair(&mut src, &mut tgt);
    let alignment = align_splitting(&mut src, &mut tgt, options);
    Aligned {
        src,
        tgt,
        alignment,
        src_cues: None,
        tgt_cues: None,
    }
}

/// Reads both files, refuses a pair whose scripts contradict the languages
/// given (swapped files, one language twice), and aligns them: what `align`
/// does for its two files (`batch` reads each document's bytes first, see
/// [`align_file_bytes`]).
pub fn align_files(
    (ru, ru_lang): (&Path, Lang),
    (en, en_lang): (&Path, Lang),
    read: &ReadOptions,
    engine: &Engine,
) -> Result<Aligned> {
    let (ru_input, en_input) = read_both(
        read,
        || bytes_on_disk(&[ru, en]),
        || read_input(ru, ru_lang.clone(), &read.for_side(Side::Source)),
        || read_input(en, en_lang.clone(), &read.for_side(Side::Target)),
    );
    align_inputs((ru, ru_input?), (en, en_input?), engine)
}

/// Reads the two sides: long files (decoded, split into sentences) both at
/// once; an error is still the first side's first, as when read one by
/// one. Not when reading tells what it found: the notes keep their order.
fn read_both(
    read: &ReadOptions,
    bytes: impl FnOnce() -> u64,
    read_ru: impl FnOnce() -> Result<Input> + Send,
    read_en: impl FnOnce() -> Result<Input> + Send,
) -> (Result<Input>, Result<Input>) {
    if !read.verbose && bytes() >= PARALLEL_READ_FROM {
        rayon::join(read_ru, read_en)
    } else {
        (read_ru(), read_en())
    }
}

/// [`align_files`] of two files whose bytes are read already (with
/// [`crate::input::read_file_bytes`]): the same reading from them, the same
/// checks, messages and alignment.
pub fn align_file_bytes(
    (ru, ru_bytes, ru_lang): (&Path, &[u8], Lang),
    (en, en_bytes, en_lang): (&Path, &[u8], Lang),
    read: &ReadOptions,
    engine: &Engine,
) -> Result<Aligned> {
    let (ru_input, en_input) = read_both(
        read,
        || (ru_bytes.len() + en_bytes.len()) as u64,
        || read_input_of_file(ru, ru_bytes, ru_lang.clone(), &read.for_side(Side::Source)),
        || read_input_of_file(en, en_bytes, en_lang.clone(), &read.for_side(Side::Target)),
    );
    align_inputs((ru, ru_input?), (en, en_input?), engine)
}

/// Checks that the two read files are in their languages, and aligns them.
fn align_inputs(
    (ru, ru_input): (&Path, Input),
    (en, en_input): (&Path, Input),
    engine: &Engine,
) -> Result<Aligned> {
    check_languages(ru, &ru_input.document, en, &en_input.document)?;
    let mut aligned = engine.align(ru_input.document, en_input.document);
    aligned.src_cues = ru_input.cues;
    aligned.tgt_cues = en_input.cues;
    Ok(aligned)
}

/// Bytes of input (both files) from which the two are read on two
/// threads: below it, waking a second thread costs more than it saves.
const PARALLEL_READ_FROM: u64 = 1 << 20;

/// The size of the files at `paths` together, as far as known (standard
/// input and unreadable files count 0; reading them says what is wrong).
fn bytes_on_disk(paths: &[&Path]) -> u64 {
    paths
        .iter()
        .map(|path| std::fs::metadata(path).map_or(0, |meta| meta.len()))
        .sum()
}

/// One side of a pair held in memory: the name that stands for its file in
/// messages, its bytes (any format sverka reads) and its language.
pub type InMemory<'a> = (&'a str, &'a [u8], Lang);

/// [`align_files`] for documents held in memory: each side is read from its
/// bytes as a file with that content would be, checked and aligned the same
/// way, with the same messages (naming each side by its name).
pub fn align_bytes(
    (ru_name, ru, ru_lang): InMemory<'_>,
    (en_name, en, en_lang): InMemory<'_>,
    read: &ReadOptions,
    engine: &Engine,
) -> Result<Aligned> {
    let ru_input = read_input_bytes(ru_name, ru, ru_lang, &read.for_side(Side::Source))?;
    let en_input = read_input_bytes(en_name, en, en_lang, &read.for_side(Side::Target))?;
    align_inputs(
        (Path::new(ru_name), ru_input),
        (Path::new(en_name), en_input),
        engine,
    )
}

/// Sentence index ranges of the beads, as evaluation beads (`align
/// --beads`, the evaluation suites). Moved sentences are one bead each
/// move, in their first side's place, instead of their two gap beads.
pub fn eval_beads(alignment: &Alignment) -> Vec<sverka_eval::Bead> {
    let moved = |bead: &sverka_align::Bead| bead.flags.contains(&sverka_align::Flag::Moved);
    let mut beads: Vec<sverka_eval::Bead> = alignment
        .beads
        .iter()
        .filter(|bead| !moved(bead))
        .map(|bead| sverka_eval::Bead::from_ranges(bead.src.clone(), bead.tgt.clone()))
        .chain(
            alignment
                .moves
                .iter()
                .map(|m| sverka_eval::Bead::from_ranges(m.src.clone(), m.tgt.clone())),
        )
        .collect();
    if !alignment.moves.is_empty() {
        sverka_eval::beads::sort_beads(&mut beads);
    }
    beads
}

/// The error of writing `what` (`the table`) to `path`. Errors that already
/// name the path and say what to do (a missing folder, a full disk) are
/// kept as they are; others get the path in front.
pub fn write_error(
    path: &std::path::Path,
    what: &str,
    err: sverka_table::TableError,
) -> anyhow::Error {
    use sverka_table::TableError;
    match err {
        TableError::Output { .. } | TableError::MissingDirectory { .. } => err.into(),
        other => {
            anyhow::Error::from(other).context(format!("{}: cannot write {what}", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows;

    #[test]
    fn punctuation_counts_words_stops_and_lines_with_text() {
        let doc = Document::from_text(
            "Привет, мир! — сказал он… Second line.\n\n  \nthird line".to_string(),
            Lang::Ru,
        );
        assert_eq!(
            Punctuation::of(&doc),
            Punctuation {
                words: 8,
                stops: 3,
                lines: 2,
            }
        );
        assert!(!Punctuation::of(&doc).is_missing());
        let run_on = vec!["слово"; 130].join(" ");
        let unpunctuated = Punctuation::of(&Document::from_text(run_on, Lang::Ru));
        assert_eq!(
            (unpunctuated.words, unpunctuated.stops, unpunctuated.lines),
            (130, 0, 1)
        );
        assert!(unpunctuated.is_missing());
    }

    fn engine() -> Engine {
        let settings = EngineSettings {
            max_bead_side: 3,
            no_lexicon: true,
            ..EngineSettings::default()
        };
        Engine::load(&settings, &mut |_| {}).unwrap()
    }

    #[test]
    fn pairs_of_other_languages_learn_by_default() {
        let load = |no_lexicon: bool, learn: bool| {
            let settings = EngineSettings {
                max_bead_side: 3,
                no_lexicon,
                learn,
                ..EngineSettings::default()
            };
            Engine::load(&settings, &mut |_| {}).unwrap()
        };
        let (de, fr) = (Lang::Other("de".into()), Lang::Other("fr".into()));
        let learns = |engine: &Engine| {
            [(&Lang::Ru, &Lang::En), (&Lang::En, &Lang::Ru), (&de, &fr)]
                .map(|(a, b)| engine.learning(a, b).is_some())
        };
        // Russian–English learns by default only without a dictionary,
        // and then from each pair alone.
        let default = load(false, false);
        let without_dictionary = default.dictionary.is_none();
        assert_eq!(
            learns(&default),
            [without_dictionary, without_dictionary, true],
            "by default"
        );
        assert!(default.learns_from_pair_only(&Lang::Ru, &Lang::En));
        assert!(!default.learns_from_corpus(&Lang::Ru, &Lang::En));
        assert!(default.learns_from_corpus(&de, &fr));
        let no_dictionary = Engine {
            dictionary: None,
            ..default.clone()
        };
        assert!(no_dictionary.learning(&Lang::En, &Lang::Ru).is_some());
        assert!(!no_dictionary.learns_from_corpus(&Lang::En, &Lang::Ru));
        assert!(load(false, true).learns_from_corpus(&Lang::Ru, &Lang::En));
        assert_eq!(learns(&load(false, true)), [true; 3], "--learn");
        assert_eq!(learns(&load(true, false)), [false; 3], "--no-lexicon");
        assert_eq!(learns(&load(true, true)), [true; 3], "--no-lexicon --learn");
    }

    #[test]
    fn bytes_in_memory_align_as_their_files() {
        let corpus =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/lavrov-belarus-2017");
        let (ru, en) = (corpus.join("ru.txt"), corpus.join("en.txt"));
        let engine = engine();
        let read = ReadOptions::default();
        let from_files = align_files((&ru, Lang::Ru), (&en, Lang::En), &read, &engine).unwrap();
        let (ru_bytes, en_bytes) = (std::fs::read(&ru).unwrap(), std::fs::read(&en).unwrap());
        let from_bytes = align_bytes(
            ("ru.txt", &ru_bytes, Lang::Ru),
            ("en.txt", &en_bytes, Lang::En),
            &read,
            &engine,
        )
        .unwrap();
        assert!(!rows(&from_files).is_empty());
        assert_eq!(rows(&from_files), rows(&from_bytes));
    }

    #[test]
    fn bytes_in_memory_are_refused_by_name() {
        let engine = engine();
        let read = ReadOptions::default();
        let english =
            "The minister met his counterpart in Minsk on Tuesday. They spoke about trade.";
        let err = align_bytes(
            ("first", english.as_bytes(), Lang::Ru),
            ("second", english.as_bytes(), Lang::En),
            &read,
            &engine,
        )
        .err()
        .expect("both English");
        assert_eq!(
            crate::error_text(&err),
            "both files look English (first and second); the first file must be the Russian version (or give --ru-lang for another language)"
        );
        let tight = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        let err = align_bytes(
            ("first", english.as_bytes(), Lang::Ru),
            ("second", english.as_bytes(), Lang::En),
            &tight,
            &engine,
        )
        .err()
        .expect("over the limit");
        assert!(crate::error_text(&err).starts_with("first: input over the limit"));
    }
}
