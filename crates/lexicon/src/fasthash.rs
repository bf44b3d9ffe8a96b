//! A fast hash for the lexicon's own tables (stems and phrases of the
//! dictionaries): std's SipHash made up a good part of loading a compiled
//! dictionary. Keys are short strings and id lists; a multiply-rotate mix
//! per 8 bytes is enough for them. Not for keys an attacker chooses freely
//! (document text keeps std's hasher), since collisions are easy to make.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Multiply-rotate hashing of 8-byte words.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

/// An odd constant with well-spread bits (the golden ratio's fraction).
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The table picks buckets by the low bits and tags by the high
        // ones; the multiplications leave their best bits at the top: one
        // more mix brings them down.
        let x = self.0 ^ (self.0 >> 32);
        let x = x.wrapping_mul(SEED);
        x ^ (x >> 29)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn similar_keys_spread_over_buckets() {
        let build = BuildHasherDefault::<FastHasher>::default();
        let mut buckets = [0u32; 64];
        for i in 0..64_000u32 {
            buckets[(build.hash_one(format!("stem{i}")) & 63) as usize] += 1;
            buckets[(build.hash_one([i, i + 1].as_slice()) & 63) as usize] += 1;
        }
        // 2000 per bucket on average: none far off.
        assert!(
            buckets.iter().all(|&n| (1500..2500).contains(&n)),
            "{buckets:?}"
        );
    }
}
