//! Fixtures shared by the lexicon's test files.

use std::io::Write;
use std::path::{Path, PathBuf};

/// dictd base-64 digits of a number.
fn b64(mut n: u64) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 64) as usize]);
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// Writes a dictd dictionary with these entries; `.dict.dz` when `packed`.
pub fn write_dictd(dir: &Path, name: &str, entries: &[(&str, &str)], packed: bool) -> PathBuf {
    let mut data = Vec::new();
    let mut index = String::new();
    let mut sorted: Vec<&(&str, &str)> = entries.iter().collect();
    sorted.sort_by_key(|(headword, _)| headword.to_lowercase());
    for (headword, body) in sorted {
        let entry = format!("{headword}\n{body}\n");
        index.push_str(&format!(
            "{headword}\t{}\t{}\n",
            b64(data.len() as u64),
            b64(entry.len() as u64)
        ));
        data.extend_from_slice(entry.as_bytes());
    }
    let base = dir.join(name);
    std::fs::write(base.with_extension("index"), index).unwrap();
    if packed {
        let file = std::fs::File::create(dir.join(format!("{name}.dict.dz"))).unwrap();
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        gz.write_all(&data).unwrap();
        gz.finish().unwrap();
    } else {
        std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
    }
    base
}
