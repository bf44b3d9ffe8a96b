//! The path shared by `align`, `batch` and `eval`: two texts in, documents
//! and an alignment out.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;
use sverka_align::{align, Alignment, Options};
use sverka_lexicon::{LearnSettings, Learner, Lexicon};
use sverka_text::{Document, Lang};

use crate::input::{check_languages, read_document, ReadOptions};

/// Both documents and their alignment.
pub struct Aligned {
    pub src: Document,
    pub tgt: Document,
    pub alignment: Alignment,
}

/// The engine as the command line configured it: options, the dictionary
/// lexicon if any, and whether to learn translations in a second pass.
#[derive(Clone, Debug)]
pub struct Engine {
    pub options: Options,
    pub dictionary: Option<Arc<Lexicon>>,
    pub learn: Option<LearnSettings>,
    /// The options already hold translations learned from a whole corpus
    /// (`batch --learn`): documents are aligned once, with them.
    pub corpus_learned: bool,
}

impl Engine {
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
        let settings = self.learn.as_ref()?;
        let (a, b) = learn_langs(&aligned.src.lang, &aligned.tgt.lang);
        Some(sverka_lexicon::bags(
            &aligned.learn_input(),
            &a,
            &b,
            settings,
        ))
    }

    /// Aligns one pair (learning from that pair alone if learning is on).
    pub fn align(&self, src: Document, tgt: Document) -> Aligned {
        let mut aligned = self.align_corpus(vec![(src, tgt)]);
        aligned.pop().expect("one pair in, one out")
    }

    /// Aligns pairs in parallel; with learning, a first pass over all of
    /// them teaches translations to a second pass.
    pub fn align_corpus(&self, pairs: Vec<(Document, Document)>) -> Vec<Aligned> {
        let first: Vec<Aligned> = pairs
            .into_par_iter()
            .map(|(src, tgt)| align_documents(src, tgt, &self.options))
            .collect();
        let Some(settings) = self.learn.as_ref().filter(|_| !self.corpus_learned) else {
            return first;
        };
        let Some((a, b)) = first.first().map(|d| learn_langs(&d.src.lang, &d.tgt.lang)) else {
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

    /// Options with the learned lexicon added to the dictionary.
    pub fn with_learned(&self, learned: Lexicon) -> Options {
        let lexicon = match &self.dictionary {
            Some(dictionary) if dictionary.langs() == learned.langs() => {
                let mut merged = (**dictionary).clone();
                merged.extend(&learned).expect("languages checked above");
                merged
            }
            _ => learned,
        };
        Options {
            lexicon: Some(Arc::new(lexicon)),
            ..self.options.clone()
        }
    }
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
}

/// Aligns two documents with the given options. Headlines run into the
/// first sentence are cut first, with both texts in view.
pub fn align_documents(mut src: Document, mut tgt: Document, options: &Options) -> Aligned {
    sverka_text::headline::split_pair(&mut src, &mut tgt);
    let alignment = align(&src, &tgt, options);
    Aligned {
        src,
        tgt,
        alignment,
    }
}

/// Reads both files, refuses a pair whose scripts contradict the languages
/// given (swapped files, one language twice), and aligns them: what `align`
/// does for its two files and `batch` for each document.
pub fn align_files(
    (ru, ru_lang): (&Path, Lang),
    (en, en_lang): (&Path, Lang),
    read: &ReadOptions,
    engine: &Engine,
) -> Result<Aligned> {
    let ru_doc = read_document(ru, ru_lang, &read.for_side(true))?;
    let en_doc = read_document(en, en_lang, &read.for_side(false))?;
    check_languages(ru, &ru_doc, en, &en_doc)?;
    Ok(engine.align(ru_doc, en_doc))
}

/// Sentence index ranges of the beads, as evaluation beads.
pub fn eval_beads(alignment: &Alignment) -> Vec<sverka_eval::Bead> {
    alignment
        .beads
        .iter()
        .map(|b| sverka_eval::Bead::from_ranges(b.src.clone(), b.tgt.clone()))
        .collect()
}

/// Byte spans of a document's sentences.
pub fn sentence_spans(doc: &Document) -> Vec<std::ops::Range<usize>> {
    doc.sentences.iter().map(|s| s.span.clone()).collect()
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
