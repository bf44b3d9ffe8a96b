//! A compiled copy of a dictionary: its pairs as stems, so a later run skips
//! parsing entries and stemming (Mueller: about a second to build, a small
//! fraction of that to reload). The cache lives in `$SVERKA_CACHE_DIR`,
//! else `$XDG_CACHE_HOME/sverka`, else `~/.cache/sverka`; it is tied to the
//! dictionary files' size and modification time and to this crate's
//! version, and rebuilt when any of them changes or the cache is unreadable.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sverka_text::Lang;

use crate::Lexicon;

/// Bumped whenever what a dictionary compiles to changes.
const FORMAT: &str = "sverka-lexicon-cache 5";

/// The cache folder, if one can be named.
pub fn dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SVERKA_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("sverka"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache").join("sverka"))
}

/// What the cache must match: the source files, their sizes and times.
pub fn fingerprint(files: &[&Path]) -> Option<String> {
    let mut parts = vec![FORMAT.to_string(), env!("CARGO_PKG_VERSION").to_string()];
    for file in files {
        let meta = std::fs::metadata(file).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let path = std::fs::canonicalize(file).ok()?;
        parts.push(format!(
            "{}:{}:{}.{:09}",
            path.display(),
            meta.len(),
            modified.as_secs(),
            modified.subsec_nanos()
        ));
    }
    Some(parts.join("\t"))
}

/// The cache file for a fingerprint: named by the dictionary and a hash.
pub fn file_for(dir: &Path, name: &str, fingerprint: &str) -> PathBuf {
    // FNV-1a: stable across runs and builds, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in fingerprint.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    dir.join(format!("{name}-{hash:016x}.lexicon"))
}

/// Reads a cached lexicon; None when missing, stale or damaged.
pub fn read(path: &Path, fingerprint: &str) -> Option<Lexicon> {
    let text = std::fs::read_to_string(path).ok()?;
    parse(&text, fingerprint)
}

/// A cache file's text as a lexicon; None when stale or damaged in any way.
///
/// Every count in the file is checked against the lines left in it before
/// anything is allocated for it: each item takes a line, so a count over
/// the lines remaining is damage (a pair count of 12 billion once aborted
/// every run trying to allocate for it). Ids are checked against the stems
/// by [`Lexicon::from_parts`].
pub fn parse(text: &str, fingerprint: &str) -> Option<Lexicon> {
    let mut lines = text.split('\n');
    if lines.next()? != fingerprint {
        return None;
    }
    let mut header = lines.next()?.split('\t');
    let first: Lang = header.next()?.parse().ok()?;
    let second: Lang = header.next()?.parse().ok()?;
    let pairs: usize = header.next()?.parse().ok()?;
    if header.next().is_some() {
        return None;
    }
    let mut sources = Vec::new();
    loop {
        let line = lines.next()?;
        if line.is_empty() {
            break;
        }
        let (name, count) = line.rsplit_once('\t')?;
        sources.push((name.to_string(), count.parse::<usize>().ok()?));
    }
    let stems = |line: &str| -> Vec<String> {
        if line.is_empty() {
            Vec::new()
        } else {
            line.split(' ').map(str::to_string).collect()
        }
    };
    let ids = parse_ids;
    let first_stems = stems(lines.next()?);
    let second_stems = stems(lines.next()?);
    let phrase_count: usize = lines.next()?.parse().ok()?;
    // Phrases, pairs and the closing `end` take a line each: counts past
    // the lines left are damage, found before allocating for them.
    if phrase_count.checked_add(pairs)?.checked_add(1)? > lines.clone().count() {
        return None;
    }
    let mut second_phrases = Vec::with_capacity(phrase_count);
    for _ in 0..phrase_count {
        second_phrases.push(ids(lines.next()?)?);
    }
    let mut log = Vec::with_capacity(pairs);
    for _ in 0..pairs {
        let (first_ids, key) = lines.next()?.split_once('\t')?;
        log.push((ids(first_ids)?, key.parse().ok()?));
    }
    if lines.next() != Some("end") {
        return None;
    }
    let mut lexicon = Lexicon::from_parts(
        first,
        second,
        first_stems,
        second_stems,
        second_phrases,
        log,
    )?;
    for (name, count) in sources {
        lexicon.push_source(name, count);
    }
    Some(lexicon)
}

/// Space-separated decimal ids (`12 7 30`), each at most `u32::MAX`; None
/// for anything else (an empty list, an empty id, a sign, a letter). By
/// hand, into a list of the right size at once: parsing the ids this way
/// takes a third of what `split` and `str::parse` took, most of a load.
fn parse_ids(text: &str) -> Option<Box<[u32]>> {
    let count = text.bytes().filter(|&b| b == b' ').count() + 1;
    let mut ids = Vec::with_capacity(count);
    for id in text.as_bytes().split(|&b| b == b' ') {
        if id.is_empty() || id.len() > 10 {
            return None;
        }
        let mut value: u64 = 0;
        for &digit in id {
            if !digit.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u64::from(digit - b'0');
        }
        ids.push(u32::try_from(value).ok()?);
    }
    Some(ids.into_boxed_slice())
}

/// Writes a lexicon to the cache, atomically (a temporary file renamed).
pub fn write(path: &Path, fingerprint: &str, lexicon: &Lexicon) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut out = BufWriter::new(temp.as_file());
        write_to(&mut out, fingerprint, lexicon)?;
        out.flush()?;
    }
    temp.persist(path).map_err(|err| err.error)?;
    remove_stale(dir, path);
    Ok(())
}

/// Writes a lexicon in the cache's format, which [`parse`] reads back.
pub fn write_to(out: &mut dyn Write, fingerprint: &str, lexicon: &Lexicon) -> std::io::Result<()> {
    writeln!(out, "{fingerprint}")?;
    let (first, second) = lexicon.langs();
    writeln!(
        out,
        "{}\t{}\t{}",
        first.code(),
        second.code(),
        lexicon.len()
    )?;
    for source in lexicon.sources() {
        writeln!(out, "{}\t{}", source.name, source.pairs)?;
    }
    writeln!(out)?;
    let parts = lexicon.parts();
    writeln!(out, "{}", parts.first_stems.join(" "))?;
    writeln!(out, "{}", parts.second_stems.join(" "))?;
    writeln!(out, "{}", parts.second_phrases.len())?;
    let join = |ids: &[u32]| ids.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    for phrase in &parts.second_phrases {
        writeln!(out, "{}", join(phrase))?;
    }
    for (first, key) in parts.log {
        writeln!(out, "{}\t{key}", join(first))?;
    }
    writeln!(out, "end")
}

/// Removes older caches of the same dictionary (other fingerprints).
fn remove_stale(dir: &Path, current: &Path) {
    let Some(name) = current.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Some((prefix, _)) = name.rsplit_once('-') else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let other = entry.file_name();
        let other = other.to_string_lossy();
        if path != current
            && other.ends_with(".lexicon")
            && other.rsplit_once('-').is_some_and(|(p, _)| p == prefix)
        {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ids;

    #[test]
    fn ids_parse_as_str_parse_would() {
        for text in [
            "0",
            "12 7 30",
            "4294967295",
            "4294967296",
            "",
            " ",
            "1  2",
            "1 ",
            " 1",
            "+1",
            "-1",
            "1a",
            "01",
            "99999999999",
            "٣",
        ] {
            let expected: Option<Box<[u32]>> = text.split(' ').map(|id| id.parse().ok()).collect();
            // str::parse takes a leading `+`; the cache never writes one.
            let expected = expected.filter(|_| !text.contains('+'));
            assert_eq!(parse_ids(text), expected, "{text:?}");
        }
    }
}
