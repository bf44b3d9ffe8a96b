//! Finding the document pairs of a corpus.
//!
//! A folder is walked (sorted, hidden entries skipped) and its files paired
//! by name in any of these layouts, which may be mixed:
//!
//! * `NAME.ru.txt` + `NAME.en.txt` side by side;
//! * `ru/NAME.txt` + `en/NAME.txt`: the first folder called `ru` or `en` on
//!   the way down marks the language, and the rest of the path is the name
//!   (`set1/ru/news/a.txt` + `set1/en/news/a.txt` is `set1/news/a`);
//! * `NAME/ru.txt` + `NAME/en.txt`, as in the project's `corpora/` folder.
//!
//! Names keep their folders, joined by `/`. A file that fits no layout or
//! whose partner is missing is returned as [`Unpaired`], with the reason;
//! two files claiming the same name and language are an error naming both.
//!
//! A manifest is a CSV or TSV table with a header naming the columns
//! `name`, `ru` and `en` (any order, other columns ignored); relative paths
//! are relative to the manifest's folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// One document: a Russian and an English file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The document's name: a relative path with `/` separators, no
    /// extension; its table is `OUTDIR/NAME.csv` (or another extension).
    pub name: String,
    pub ru: PathBuf,
    pub en: PathBuf,
    /// The Russian file as named in the corpus (relative to the folder, or
    /// as written in the manifest), for messages and table headers.
    pub ru_shown: String,
    pub en_shown: String,
}

/// A file that is not part of a pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpaired {
    /// The name the document would have had, or the file's relative path
    /// when it fits no layout.
    pub name: String,
    pub reason: String,
}

/// Everything found in a corpus, pairs sorted by name.
#[derive(Debug, Default)]
pub struct Corpus {
    pub pairs: Vec<Pair>,
    pub unpaired: Vec<Unpaired>,
}

/// Reads a corpus: a folder (see the module docs) or a manifest file.
/// `skip` is a folder never to walk into (the output folder, when it lies
/// inside the input).
pub fn discover(input: &Path, skip: Option<&Path>) -> Result<Corpus> {
    let metadata = fs::metadata(input).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("{}: no such file or folder", input.display())
        }
        _ => anyhow::anyhow!("{}: cannot read: {err}", input.display()),
    })?;
    if metadata.is_dir() {
        let skip = skip.and_then(|s| fs::canonicalize(s).ok());
        scan_folder(input, skip.as_deref())
    } else {
        read_manifest(input)
    }
}

/// A file found in a layout: its name, language and partner.
struct Found {
    shown: String,
    path: PathBuf,
    /// Where the partner is expected, relative, for the message if missing.
    partner: String,
}

#[derive(Default)]
struct Slots {
    ru: Option<Found>,
    en: Option<Found>,
}

fn scan_folder(root: &Path, skip: Option<&Path>) -> Result<Corpus> {
    let mut slots: BTreeMap<String, Slots> = BTreeMap::new();
    let mut unpaired = Vec::new();
    let mut files = Vec::new();
    walk(root, &mut Vec::new(), skip, &mut files, &mut unpaired)?;
    for (parts, path) in files {
        let shown = parts.join("/");
        let Some((name, lang, partner)) = classify(&parts) else {
            unpaired.push(Unpaired {
                reason: format!(
                    "{shown}: not part of a pair; name pairs NAME.ru.txt + NAME.en.txt, ru/NAME.txt + en/NAME.txt or NAME/ru.txt + NAME/en.txt"
                ),
                name: shown,
            });
            continue;
        };
        let entry = slots.entry(name.clone()).or_default();
        let slot = if lang == "ru" {
            &mut entry.ru
        } else {
            &mut entry.en
        };
        if let Some(first) = slot {
            let language = if lang == "ru" { "Russian" } else { "English" };
            bail!(
                "two {language} files make the document \"{name}\": {} and {shown}; rename one of them",
                first.shown
            );
        }
        *slot = Some(Found {
            shown,
            path,
            partner,
        });
    }
    let mut pairs = Vec::new();
    for (name, slot) in slots {
        match (slot.ru, slot.en) {
            (Some(ru), Some(en)) => pairs.push(Pair {
                name,
                ru: ru.path,
                en: en.path,
                ru_shown: ru.shown,
                en_shown: en.shown,
            }),
            (Some(ru), None) => unpaired.push(Unpaired {
                name,
                reason: format!(
                    "{} has no English partner (expected {})",
                    ru.shown, ru.partner
                ),
            }),
            (None, Some(en)) => unpaired.push(Unpaired {
                name,
                reason: format!(
                    "{} has no Russian partner (expected {})",
                    en.shown, en.partner
                ),
            }),
            (None, None) => unreachable!("a slot is made for a file"),
        }
    }
    unpaired.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Corpus { pairs, unpaired })
}

/// Collects the files under `dir` (path components relative to the root,
/// and the full path), in sorted order. Hidden entries are skipped; a name
/// that is not UTF-8 or a link to a folder is reported as unpaired.
fn walk(
    dir: &Path,
    parts: &mut Vec<String>,
    skip: Option<&Path>,
    files: &mut Vec<(Vec<String>, PathBuf)>,
    unpaired: &mut Vec<Unpaired>,
) -> Result<()> {
    let listed = fs::read_dir(dir).and_then(|read| read.collect::<Result<Vec<_>, _>>());
    let mut entries = match listed {
        Ok(entries) => entries,
        // A subfolder that cannot be listed is reported like a document
        // that cannot be read, and the rest of the corpus goes on.
        Err(err) if !parts.is_empty() => {
            let shown = parts.join("/");
            let why = match err.kind() {
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => err.to_string(),
            };
            unpaired.push(Unpaired {
                reason: format!(
                    "{shown}/: cannot list the folder ({why}); its documents are left out: check its permissions"
                ),
                name: shown,
            });
            return Ok(());
        }
        Err(err) => {
            return Err(anyhow::Error::from(err).context(format!("{}: cannot list", dir.display())))
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            let lossy = parts_with(parts, &file_name.to_string_lossy());
            unpaired.push(Unpaired {
                reason: format!("{lossy}: the file name is not valid UTF-8; rename it"),
                name: lossy,
            });
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        // Follows a link to see what it points at, but never walks into a
        // linked folder (a link loop would never end).
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        let is_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir {
            if skip.is_some_and(|s| fs::canonicalize(&path).is_ok_and(|p| p == s)) {
                continue;
            }
            if is_link {
                let shown = parts_with(parts, name);
                unpaired.push(Unpaired {
                    reason: format!("{shown}: a link to a folder, not followed"),
                    name: shown,
                });
                continue;
            }
            parts.push(name.to_string());
            walk(&path, parts, skip, files, unpaired)?;
            parts.pop();
        } else {
            let mut file_parts = parts.clone();
            file_parts.push(name.to_string());
            files.push((file_parts, path));
        }
    }
    Ok(())
}

fn parts_with(parts: &[String], last: &str) -> String {
    let mut all = parts.to_vec();
    all.push(last.to_string());
    all.join("/")
}

/// The name, language and expected partner (relative path) of a file by
/// the layouts of the module docs, or `None` if it fits none.
fn classify(parts: &[String]) -> Option<(String, &'static str, String)> {
    let (last, folders) = parts.split_last()?;
    // ru/NAME.txt: the first ru or en folder on the way down.
    if let Some(i) = folders.iter().position(|f| f == "ru" || f == "en") {
        let stem = last.strip_suffix(".txt").filter(|s| !s.is_empty())?;
        let lang = if folders[i] == "ru" { "ru" } else { "en" };
        let mut name_parts: Vec<&str> = folders[..i].iter().map(String::as_str).collect();
        name_parts.extend(folders[i + 1..].iter().map(String::as_str));
        name_parts.push(stem);
        let mut partner: Vec<&str> = parts.iter().map(String::as_str).collect();
        partner[i] = other(lang);
        return Some((name_parts.join("/"), lang, partner.join("/")));
    }
    // NAME.ru.txt
    for lang in ["ru", "en"] {
        if let Some(stem) = last
            .strip_suffix(&format!(".{lang}.txt"))
            .filter(|s| !s.is_empty())
        {
            let mut name_parts: Vec<&str> = folders.iter().map(String::as_str).collect();
            name_parts.push(stem);
            let name = name_parts.join("/");
            let partner = format!("{name}.{}.txt", other(lang));
            return Some((name, lang, partner));
        }
    }
    // NAME/ru.txt
    for lang in ["ru", "en"] {
        if last == &format!("{lang}.txt") && !folders.is_empty() {
            let name = folders.join("/");
            let partner = format!("{name}/{}.txt", other(lang));
            return Some((name, lang, partner));
        }
    }
    None
}

fn other(lang: &str) -> &'static str {
    if lang == "ru" {
        "en"
    } else {
        "ru"
    }
}

/// Checks that a manifest's document name is usable as a relative output
/// path: `/`-separated parts, none empty, `.`/`..` or hidden.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    if name.contains('\\') || name.chars().any(char::is_control) {
        return Err(format!(
            "\"{name}\" has a backslash or a control character; use / between folders"
        ));
    }
    for part in name.split('/') {
        if part.is_empty() || part.starts_with('.') {
            return Err(format!(
                "\"{name}\" must be a relative path without empty, hidden, \".\" or \"..\" parts"
            ));
        }
    }
    Ok(())
}

/// Reads a manifest: CSV, or TSV when the file ends in `.tsv`/`.tab` or its
/// header has a tab and no comma.
fn read_manifest(path: &Path) -> Result<Corpus> {
    let shown = path.display();
    let bytes = fs::read(path).map_err(|err| anyhow::anyhow!("{shown}: cannot read: {err}"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "{shown}: a manifest must be UTF-8 text (a CSV or TSV table with columns name, ru, en)"
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let header = text.lines().next().unwrap_or("");
    let by_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let tab = matches!(by_extension.as_deref(), Some("tsv" | "tab"))
        || (by_extension.as_deref() != Some("csv")
            && header.contains('\t')
            && !header.contains(','));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| anyhow::anyhow!("{shown}: {err}"))?
        .clone();
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{shown}: no \"{wanted}\" column; a manifest's header names the columns name, ru and en"
                )
            })
    };
    let (name_col, ru_col, en_col) = (column("name")?, column("ru")?, column("en")?);
    let base = path.parent().unwrap_or(Path::new(""));
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut pairs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| anyhow::anyhow!("{shown}: {err}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let (name, ru, en) = (cell(name_col), cell(ru_col), cell(en_col));
        if name.is_empty() && ru.is_empty() && en.is_empty() {
            continue;
        }
        check_name(&name).map_err(|why| anyhow::anyhow!("{shown}: line {line}: {why}"))?;
        for (column, value) in [("ru", &ru), ("en", &en)] {
            if value.is_empty() {
                bail!("{shown}: line {line}: the {column} file of \"{name}\" is missing");
            }
        }
        if let Some(first) = seen.insert(name.clone(), line) {
            bail!("{shown}: lines {first} and {line} both name the document \"{name}\"; names must be unique");
        }
        pairs.push(Pair {
            name,
            ru: base.join(&ru),
            en: base.join(&en),
            ru_shown: ru,
            en_shown: en,
        });
    }
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Corpus {
        pairs,
        unpaired: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(path: &str) -> Vec<String> {
        path.split('/').map(str::to_string).collect()
    }

    #[test]
    fn layouts() {
        let c = |p: &str| classify(&parts(p));
        assert_eq!(
            c("news/a.b.ru.txt"),
            Some(("news/a.b".into(), "ru", "news/a.b.en.txt".into()))
        );
        assert_eq!(
            c("set1/en/news/a.txt"),
            Some(("set1/news/a".into(), "en", "set1/ru/news/a.txt".into()))
        );
        assert_eq!(
            c("lavrov/ru.txt"),
            Some(("lavrov".into(), "ru", "lavrov/en.txt".into()))
        );
        // The language folder decides, even for a name that looks like a pair file.
        assert_eq!(
            c("ru/a.en.txt"),
            Some(("a.en".into(), "ru", "en/a.en.txt".into()))
        );
        assert_eq!(c("README.md"), None);
        assert_eq!(c("ru.txt"), None);
        assert_eq!(c("ru/a.docx"), None);
        assert_eq!(c("a.de.txt"), None);
    }

    #[test]
    fn names_from_a_manifest_are_checked() {
        assert!(check_name("news/2021/a.b").is_ok());
        for bad in [
            "",
            "/abs",
            "a//b",
            "../up",
            "a/./b",
            ".sverka/x",
            "a\\b",
            "a/",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
