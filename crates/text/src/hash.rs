//! Hash maps keyed by words of a document: aHash, keyed at random per
//! process as std's SipHash is (a document is input nobody vouches for, so
//! colliding keys must stay hard to make), and several times faster on
//! short words, which are most of what feature extraction hashes.

use std::collections::{HashMap, HashSet};

/// The hasher of maps keyed by document text.
pub type TextHasher = ahash::RandomState;

/// A map keyed by document text.
pub type TextMap<K, V> = HashMap<K, V, TextHasher>;

/// A set of document text.
pub type TextSet<T> = HashSet<T, TextHasher>;
