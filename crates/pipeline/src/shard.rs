//! `--shard I/N`: a stable partition of a corpus by document name, so that
//! N machines (or runs) can share one corpus without talking to each other.

use std::fmt;
use std::str::FromStr;
use sverka_core::fnv1a;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether the document (or unpaired file) called `name` belongs to this
    /// shard. Decided by a hash of the name alone, never by position, so
    /// adding or removing documents moves no other document between shards.
    pub fn contains(&self, name: &str) -> bool {
        shard_of(name, self.count) == self.index - 1
    }

    /// `shard-I-of-N`, inserted into the names of files each shard writes
    /// for itself (the summary, the corpus file).
    pub fn tag(&self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("\"{s}\" is not a shard: give I/N with 1 ≤ I ≤ N, e.g. 2/4");
        let (i, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u64 = i.trim().parse().map_err(|_| usage())?;
        let count: u64 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

/// MurmurHash3's 64-bit finalizer: every input bit flips about half the
/// output bits.
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// 0-based shard of `name` among `count`: `fmix64(fnv1a(name)) % count`.
/// FNV-1a alone spreads poorly here: names that differ only in their last
/// character (`doc-1`, `doc-2`) get hashes that differ only in their low
/// bits, and its lowest bit is the parity of the odd bytes; the finalizer
/// mixes every bit into all the others.
fn shard_of(name: &str, count: u64) -> u64 {
    fmix64(fnv1a(name.as_bytes())) % count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("1/1".parse::<Shard>().unwrap().tag(), "shard-1-of-1");
        for bad in ["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", ""] {
            let err = bad.parse::<Shard>().unwrap_err();
            assert!(err.contains("1 ≤ I ≤ N"), "{bad}: {err}");
        }
    }

    #[test]
    fn names_differing_in_the_last_character_spread() {
        for count in [2, 3] {
            let mut sizes = vec![0; count as usize];
            for c in 'a'..='z' {
                sizes[shard_of(&format!("piece-{c}"), count) as usize] += 1;
            }
            assert!(sizes.iter().all(|&n| n >= 4), "{count} shards: {sizes:?}");
        }
    }

    #[test]
    fn every_name_in_exactly_one_shard_and_balanced() {
        let names: Vec<String> = (0..4000).map(|i| format!("news/doc{i}")).collect();
        for count in [1, 2, 3, 7] {
            let shards: Vec<Shard> = (1..=count).map(|index| Shard { index, count }).collect();
            let mut sizes = vec![0usize; count as usize];
            for name in &names {
                let owners: Vec<&Shard> = shards.iter().filter(|s| s.contains(name)).collect();
                assert_eq!(owners.len(), 1, "{name} in {count} shards");
                sizes[owners[0].index as usize - 1] += 1;
            }
            let fair = names.len() / count as usize;
            for size in sizes {
                assert!(
                    size.abs_diff(fair) < fair / 10 + 5,
                    "{count} shards: {size} vs {fair}"
                );
            }
        }
    }
}
