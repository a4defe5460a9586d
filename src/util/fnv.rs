//! FNV-1a hashing for the id maps.

use std::collections::HashMap;

/// FNV-1a: ids are short strings from the user's own file, so a fast hash beats SipHash's
/// protection against crafted keys.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A map hashed with FNV-1a.
pub(crate) type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// Id → index, hashed with FNV-1a.
pub(crate) type IdMap = FnvMap<String, usize>;
