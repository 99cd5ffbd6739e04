//! Okta-style object ids (`00u…` users, `00g…` groups, `0oa…` apps): three-character type
//! prefix and 17 base62 characters, random or derived from the seed.

use rand::RngCore;

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A random id with `prefix`.
pub(crate) fn random_id(prefix: &str) -> String {
    seeded_id(prefix, rand::rng().next_u64(), rand::rng().next_u64())
}

/// The id with `prefix` for `(seed, index)`: the same inputs give the same id.
pub(crate) fn seeded_id(prefix: &str, seed: u64, index: u64) -> String {
    let mut state = mix(seed ^ mix(index.wrapping_add(0x9E37_79B9_7F4A_7C15)));
    let mut id = String::with_capacity(20);
    id.push_str(prefix);
    for _ in 0..17 {
        state = mix(state);
        id.push(char::from(ALPHABET[(state % 62) as usize]));
    }
    id
}

/// SplitMix64's finalizer: a fast, well-mixing 64-bit hash.
pub(crate) fn mix(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    value ^ (value >> 31)
}

/// A seeded choice in `0..n` for `(seed, index, salt)`.
pub(crate) fn pick(seed: u64, index: u64, salt: u64, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    (mix(seed ^ mix(index ^ mix(salt))) % n as u64) as usize
}
