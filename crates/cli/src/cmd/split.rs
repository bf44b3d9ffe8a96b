//! `sverka split`: one sentence per line, or JSON lines with offsets.

use std::io::Write;
use std::path::PathBuf;
use sverka_pipeline::core::one_line;

use anyhow::Result;
use clap::Args;
use serde::Serialize;
use sverka_pipeline::text::Lang;

use crate::InputArgs;
use sverka_pipeline::input::read_document;
use sverka_pipeline::same_file::{refuse_overlaps, Named};

/// The end of `sverka split --help`; a test runs every line as written.
const EXAMPLES: &str = "\
Examples (from the top of the source tree, on the corpus it ships):
  sverka split --lang ru corpora/lavrov-belarus-2017/ru.txt
  sverka split --lang en --jsonl corpora/lavrov-belarus-2017/en.txt > en.jsonl
  sverka split --lang en --soft corpora/lavrov-belarus-2017/en.txt";

/// Split a text into sentences.
#[derive(Debug, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct SplitArgs {
    /// Language of the text: ru, en, or another two-letter code for
    /// language-neutral rules.
    #[arg(long, short = 'l')]
    pub lang: Lang,
    /// Write JSON lines with byte offsets, line numbers, paragraph and speaker.
    #[arg(long)]
    pub jsonl: bool,
    /// Also show the soft boundaries: places inside a sentence where
    /// `align` may cut it when the other text supports the cut. Each part
    /// after one goes on its own line, indented, with the cut's prior cost
    /// (`  ~1.5 ` ; lower is likelier); with --jsonl, a `soft` list of
    /// byte offsets and costs.
    #[arg(long)]
    pub soft: bool,
    /// The text file (`-` for standard input).
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Serialize)]
struct SentenceLine<'a> {
    index: usize,
    text: &'a str,
    start: usize,
    end: usize,
    first_line: usize,
    last_line: usize,
    paragraph: usize,
    heading: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    soft: Option<Vec<SoftCut>>,
}

/// A soft boundary inside a sentence, for `--jsonl --soft`.
#[derive(Serialize)]
struct SoftCut {
    at: usize,
    cost: f32,
}

pub fn run(args: &SplitArgs, quiet: bool) -> Result<()> {
    // Standard output redirected into the file being split (`>> f`).
    refuse_overlaps(
        &[Named::new("the input", &args.file)],
        &[Named::new("standard output", std::path::Path::new("-"))],
    )?;
    let options = args.input.read_options(false, !quiet);
    let doc = read_document(&args.file, args.lang.clone(), &options)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let text = doc.sentence_text(sentence);
        let soft = doc.soft_within(&sentence.span).iter().filter(|_| args.soft);
        if args.jsonl {
            let line = SentenceLine {
                index,
                text,
                start: sentence.span.start,
                end: sentence.span.end,
                first_line: sentence.lines.0,
                last_line: sentence.lines.1,
                paragraph: sentence.paragraph,
                heading: sentence.heading,
                speaker: sentence.speaker.as_deref(),
                soft: args.soft.then(|| {
                    soft.map(|b| SoftCut {
                        at: b.at,
                        cost: b.cost,
                    })
                    .collect()
                }),
            };
            serde_json::to_writer(&mut out, &line)?;
            writeln!(out)?;
        } else {
            let mut from = sentence.span.start;
            let mut prefix = String::new();
            for b in soft {
                writeln!(out, "{prefix}{}", one_line(doc.text[from..b.at].trim_end()))?;
                prefix = format!("  ~{} ", b.cost);
                from = b.at;
            }
            writeln!(
                out,
                "{prefix}{}",
                one_line(&doc.text[from..sentence.span.end])
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
