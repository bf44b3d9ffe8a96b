//! `sverka-bench segmentation`: our sentence segmenter next to sentencex
//! (Wikimedia's Rust crate) and, when a Python with it is given, pysbd, on
//! the segmentation cases (`crates/text/tests/cases/*.toml`) and on the
//! reference sentences of the project's corpora (`corpora/*/ru.sents`,
//! `en.sents`).
//!
//! With the shared data, also on the WMT21 gold segments (news and TED
//! talks, segmented by the WMT organisers, not by us; a gold segment may
//! hold several sentences, so no tool reaches 100 %).
//!
//! A case counts as passed when a tool gives exactly its expected
//! sentences; on the corpora and WMT21 a reference sentence counts when a
//! tool gives it exactly (as `suite corpora` scores ours). sverka segments a case with
//! `segment::split` and a corpus text with `Document::from_text` (its
//! paragraphs, headings and speaker lines included); the other tools get
//! each case whole and each corpus text paragraph by paragraph (blocks
//! separated by an empty line), which spares them our paragraph detection.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use sverka_eval::data;
use sverka_text::segment::split;
use sverka_text::{Document, Lang};

/// The tools compared, in the order of the table's columns.
const TOOLS: [&str; 3] = ["sverka", "sentencex", "pysbd"];

#[derive(Deserialize)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    lang: String,
    input: String,
    expected: Vec<String>,
}

/// One text to segment, in a language, and what counts as right.
struct Item {
    lang: String,
    text: String,
    /// For a case: its sentences; for a corpus text: its paragraphs.
    pieces: Vec<String>,
}

/// One row of the table: a case file or a corpus side.
struct Row {
    label: String,
    /// What is counted (`cases`, `sentences`).
    unit: &'static str,
    items: Vec<Item>,
    /// Corpus rows: the reference sentences (cases carry theirs).
    reference: Option<Vec<String>>,
}

/// The comparison as plain text and as a Markdown table.
pub struct Comparison {
    pub text: String,
    pub markdown: String,
}

/// Runs the comparison. `cases`: the folder of case files (default: the
/// workspace's `crates/text/tests/cases`); `python`: a Python interpreter
/// that can import pysbd (without it the pysbd column is left out).
/// `show`: a tool whose failed cases are printed on stderr.
pub fn compare(
    cases: Option<&Path>,
    python: Option<&Path>,
    shared: Option<&Path>,
    show: Option<&str>,
) -> Result<Comparison> {
    if let Some(tool) = show.filter(|t| !TOOLS.contains(t)) {
        bail!("unknown tool {tool}: one of {}", TOOLS.join(", "));
    }
    let corpora_dir = data::locate_corpora().map_err(|e| anyhow!("{e}"))?;
    let cases_dir = match cases {
        Some(dir) => dir.to_path_buf(),
        None => corpora_dir
            .parent()
            .map(|root| root.join("crates/text/tests/cases"))
            .ok_or_else(|| anyhow!("{}: no parent folder", corpora_dir.display()))?,
    };
    let mut rows = case_rows(&cases_dir)?;
    rows.extend(corpus_rows(&corpora_dir)?);
    match shared {
        Some(root) => rows.extend(wmt_rows(root)?),
        None => eprintln!("sverka-bench: shared data not found: the WMT21 rows are left out"),
    }
    let pysbd = match python {
        Some(python) => Some(run_pysbd(python, &rows)?),
        None => None,
    };
    let mut scores: Vec<[Option<usize>; 3]> = Vec::new();
    let mut totals = Vec::new();
    let mut next_pysbd = 0;
    for row in &rows {
        let mut got: [Vec<Vec<String>>; 3] = Default::default();
        for item in &row.items {
            got[0].push(ours(row, item));
            got[1].push(sentencex_sentences(row, item));
            if let Some(pysbd) = &pysbd {
                got[2].push(pieces_output(row, item, |_| {
                    let out = pysbd[next_pysbd].clone();
                    next_pysbd += 1;
                    out
                }));
            }
        }
        let mut score = [None; 3];
        for (tool, outputs) in got.iter().enumerate() {
            if tool == 2 && pysbd.is_none() {
                continue;
            }
            if show == Some(TOOLS[tool]) && row.reference.is_none() {
                for (item, out) in row.items.iter().zip(outputs) {
                    if *out != item.pieces {
                        eprintln!(
                            "{}: {:?}\n  expected {:?}\n  got      {:?}",
                            row.label, item.text, item.pieces, out
                        );
                    }
                }
            }
            score[tool] = Some(match &row.reference {
                None => row
                    .items
                    .iter()
                    .zip(outputs)
                    .filter(|(item, out)| **out == item.pieces)
                    .count(),
                Some(reference) => reproduced(reference, outputs.iter().flatten()),
            });
        }
        totals.push(match &row.reference {
            None => row.items.len(),
            Some(reference) => reference.len(),
        });
        scores.push(score);
    }
    Ok(render(&rows, &scores, &totals, pysbd.is_some()))
}

fn case_rows(dir: &Path) -> Result<Vec<Row>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the case folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{}: no *.toml case files", dir.display());
    }
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let parsed: CaseFile =
                toml::from_str(&text).with_context(|| format!("{}", file.display()))?;
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            Ok(Row {
                label: format!("cases {name}"),
                unit: "cases",
                items: parsed
                    .case
                    .into_iter()
                    .map(|c| Item {
                        lang: c.lang,
                        text: c.input,
                        pieces: c.expected,
                    })
                    .collect(),
                reference: None,
            })
        })
        .collect()
}

fn corpus_rows(dir: &Path) -> Result<Vec<Row>> {
    let docs = data::corpora(dir).map_err(|e| anyhow!("{e}"))?;
    let mut rows = Vec::new();
    for doc in docs {
        for (lang, text, sents) in [
            ("ru", &doc.ru_text, &doc.ru_sents),
            ("en", &doc.en_text, &doc.en_sents),
        ] {
            rows.push(Row {
                label: format!("corpora {} {lang}.sents", doc.name),
                unit: "sentences",
                items: vec![Item {
                    lang: lang.to_string(),
                    text: text.clone(),
                    pieces: paragraphs(text),
                }],
                reference: Some(sents.iter().map(|s| normalize(s)).collect()),
            });
        }
    }
    Ok(rows)
}

/// The WMT21 texts of each language, paragraph by paragraph, against their
/// gold segments.
fn wmt_rows(root: &Path) -> Result<Vec<Row>> {
    let mut by_lang: [(&str, Vec<Item>, Vec<String>); 2] = [
        ("ru", Vec::new(), Vec::new()),
        ("en", Vec::new(), Vec::new()),
    ];
    for pair in data::WmtPair::ALL {
        for doc in data::wmt21_docs(root, pair).map_err(|e| anyhow!("{e}"))? {
            let (ru, en) = match doc.russian {
                sverka_eval::Side::Source => (&doc.source, &doc.target),
                sverka_eval::Side::Target => (&doc.target, &doc.source),
            };
            for (slot, side) in by_lang.iter_mut().zip([ru, en]) {
                slot.1.push(Item {
                    lang: slot.0.to_string(),
                    text: side.text.clone(),
                    pieces: paragraphs(&side.text),
                });
                slot.2.extend(
                    side.spans
                        .iter()
                        .map(|span| normalize(&side.text[span.clone()])),
                );
            }
        }
    }
    Ok(by_lang
        .into_iter()
        .map(|(lang, items, reference)| Row {
            label: format!("WMT21 gold segments, {lang}"),
            unit: "segments",
            items,
            reference: Some(reference),
        })
        .collect())
}

/// Blocks of text separated by a line with nothing but whitespace.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// A sentence as the cases and the `.sents` files write it: trimmed, each
/// run of whitespace that holds a line break turned into one space.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.trim().chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if run.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            out.push(' ');
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out
}

fn tidy<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    sentences
        .into_iter()
        .map(normalize)
        .filter(|s| !s.is_empty())
        .collect()
}

fn ours(row: &Row, item: &Item) -> Vec<String> {
    let lang: Lang = item.lang.parse().unwrap_or(Lang::Other(item.lang.clone()));
    if row.reference.is_none() {
        return tidy(split(&item.text, &lang).into_iter().map(|r| &item.text[r]));
    }
    let doc = Document::from_text(item.text.clone(), lang);
    tidy(doc.sentences.iter().map(|s| doc.sentence_text(s)))
}

fn sentencex_sentences(row: &Row, item: &Item) -> Vec<String> {
    pieces_output(row, item, |text| {
        Some(tidy(sentencex::segment(&item.lang, text)))
    })
}

/// A tool's sentences for an item: the whole case, or each paragraph of a
/// corpus text in turn (`segment` gets the text and gives `None` when it
/// cannot segment the language).
fn pieces_output(
    row: &Row,
    item: &Item,
    mut segment: impl FnMut(&str) -> Option<Vec<String>>,
) -> Vec<String> {
    if row.reference.is_none() {
        return segment(&item.text).unwrap_or_default();
    }
    item.pieces
        .iter()
        .flat_map(|p| segment(p).unwrap_or_default())
        .collect()
}

/// How many reference sentences the output holds (each used once).
fn reproduced<'a>(reference: &[String], output: impl Iterator<Item = &'a String>) -> usize {
    let mut have: HashMap<&str, usize> = HashMap::new();
    for s in output {
        *have.entry(s.as_str()).or_default() += 1;
    }
    reference
        .iter()
        .filter(|s| match have.get_mut(s.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

/// Segments every text the rows hold with pysbd, in the order
/// `pieces_output` asks for them: one request per case, one per corpus
/// paragraph.
fn run_pysbd(python: &Path, rows: &[Row]) -> Result<Vec<Option<Vec<String>>>> {
    let script = data::locate_corpora()
        .map_err(|e| anyhow!("{e}"))?
        .with_file_name("scripts")
        .join("pysbd_segment.py");
    let mut requests = String::new();
    for row in rows {
        for item in &row.items {
            let texts: Vec<&str> = if row.reference.is_none() {
                vec![item.text.as_str()]
            } else {
                item.pieces.iter().map(String::as_str).collect()
            };
            for text in texts {
                let line = serde_json::json!({ "lang": item.lang, "text": text });
                writeln!(requests, "{line}").expect("writing to a String");
            }
        }
    }
    let mut child = Command::new(python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {} {}", python.display(), script.display()))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = child.stdout.take().expect("piped stdout");
    let mut out = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let sentences: Option<Vec<String>> = serde_json::from_str(&line?)
            .context("pysbd_segment.py wrote a line that is not a JSON list")?;
        out.push(sentences.map(|s| tidy(s.iter().map(String::as_str))));
    }
    writer
        .join()
        .map_err(|_| anyhow!("the pysbd writer thread panicked"))?
        .context("cannot write to pysbd_segment.py")?;
    let status = child.wait()?;
    if !status.success() {
        bail!(
            "{} {} failed ({status}); is pysbd installed for it? scripts/segmenter-comparison sets up a venv",
            python.display(),
            script.display()
        );
    }
    Ok(out)
}

fn render(
    rows: &[Row],
    scores: &[[Option<usize>; 3]],
    totals: &[usize],
    pysbd: bool,
) -> Comparison {
    let tools = if pysbd { &TOOLS[..] } else { &TOOLS[..2] };
    let mut text = String::new();
    let mut markdown = format!("| test set | {} |\n|---|", tools.join(" | "));
    markdown.push_str(&"---:|".repeat(tools.len()));
    markdown.push('\n');
    for ((row, score), total) in rows.iter().zip(scores).zip(totals) {
        let langs = {
            let mut l: Vec<&str> = row.items.iter().map(|i| i.lang.as_str()).collect();
            l.sort_unstable();
            l.dedup();
            l.join(", ")
        };
        let cells: Vec<String> = score[..tools.len()]
            .iter()
            .map(|s| {
                let n = s.unwrap_or(0);
                format!(
                    "{n}/{total} ({:.1} %)",
                    100.0 * n as f64 / (*total).max(1) as f64
                )
            })
            .collect();
        let _ = writeln!(
            text,
            "{} [{langs}], {} {}: {}",
            row.label,
            total,
            row.unit,
            tools
                .iter()
                .zip(&cells)
                .map(|(t, c)| format!("{t} {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(
            markdown,
            "| {} ({langs}; {} {}) | {} |",
            row.label,
            total,
            row.unit,
            cells.join(" | ")
        );
    }
    Comparison { text, markdown }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_joins_lines_and_keeps_other_spaces() {
        assert_eq!(normalize("  A  b\n  c. "), "A  b c.");
        assert_eq!(normalize("x\r\ny"), "x y");
    }

    #[test]
    fn paragraphs_split_at_empty_lines() {
        assert_eq!(
            paragraphs("a\nb\n\n \nc\n"),
            vec!["a\nb\n".to_string(), "c\n".to_string()]
        );
    }

    #[test]
    fn reproduced_counts_each_output_sentence_once() {
        let reference = vec!["A.".to_string(), "A.".to_string(), "B.".to_string()];
        let output = ["A.".to_string(), "C.".to_string()];
        assert_eq!(reproduced(&reference, output.iter()), 1);
    }
}
