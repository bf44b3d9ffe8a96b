//! A compiled copy of a dictionary, or of several merged: the frozen
//! lexicon's arrays, so a later run skips parsing entries, stemming and
//! building tables (Mueller: about a second to build, about 10 ms to
//! reload). The cache lives in `$SVERKA_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/sverka`, else `~/.cache/sverka`; it is tied to the
//! dictionary files' size and modification time and to this crate's
//! version, and rebuilt when any of them changes or the cache is unreadable.

use std::hash::Hasher;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sverka_text::Lang;

use crate::fasthash::FastHasher;
use crate::flat::{put_bytes, Flat, Reader};
use crate::{Lexicon, Source};

/// Bumped whenever what a dictionary compiles to, or the file, changes.
const FORMAT: &str = "sverka-lexicon-cache 6";

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
    let bytes = std::fs::read(path).ok()?;
    parse(&bytes, fingerprint)
}

/// A cache file's bytes as a (frozen) lexicon; None when stale or damaged
/// in any way.
///
/// The file is the fingerprint line, a checksum of the rest ([`checksum`])
/// and the body: the languages, the sources, then each side's stem text
/// and arrays and the pair log, every array as a count and little-endian
/// u32s. The checksum catches a damaged or truncated file at once; the
/// body is checked in full all the same (every count against the bytes
/// left before anything is allocated for it, every offset and id against
/// what it points into), so no file, however made, can crash a run or
/// make it allocate more than the file's size in arrays.
pub fn parse(bytes: &[u8], fingerprint: &str) -> Option<Lexicon> {
    let rest = bytes
        .strip_prefix(fingerprint.as_bytes())?
        .strip_prefix(b"\n")?;
    let (sum, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != checksum(body) {
        return None;
    }
    let mut input = Reader::new(body);
    // Codes as written: a code read in another spelling would be written
    // back otherwise.
    let mut lang = || -> Option<Lang> {
        let code = std::str::from_utf8(input.bytes()?).ok()?;
        let lang: Lang = code.parse().ok()?;
        (lang.code() == code).then_some(lang)
    };
    let langs = (lang()?, lang()?);
    let mut sources = Vec::new();
    for _ in 0..input.u32()? {
        let name = std::str::from_utf8(input.bytes()?).ok()?.to_string();
        let pairs = usize::try_from(input.u64()?).ok()?;
        sources.push(Source { name, pairs });
    }
    let flat = Flat::decode(&mut input)?;
    if !input.is_empty() {
        return None;
    }
    Some(Lexicon::from_flat(langs, flat, sources))
}

/// The checksum a cache file holds of its body: the crate's fast hash over
/// the bytes (a few milliseconds for Mueller), so damage is found before
/// the body is read.
pub fn checksum(body: &[u8]) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(body);
    hasher.write_usize(body.len());
    hasher.finish()
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
    let mut body = Vec::new();
    let (first, second) = lexicon.langs();
    put_bytes(&mut body, first.code().as_bytes());
    put_bytes(&mut body, second.code().as_bytes());
    body.extend_from_slice(&(lexicon.sources().len() as u32).to_le_bytes());
    for source in lexicon.sources() {
        put_bytes(&mut body, source.name.as_bytes());
        body.extend_from_slice(&(source.pairs as u64).to_le_bytes());
    }
    lexicon.flat().encode(&mut body);
    out.write_all(fingerprint.as_bytes())?;
    out.write_all(b"\n")?;
    out.write_all(&checksum(&body).to_le_bytes())?;
    out.write_all(&body)
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
