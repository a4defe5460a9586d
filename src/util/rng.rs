//! A seeded generator: the same seed gives the same numbers on every platform.

/// SplitMix64: small, fast and reproducible across platforms.
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A bijection of `[0, n)` keyed by a number: a four-round balanced Feistel network on the
/// fewest even number of bits that holds `n - 1`, applied again until the value lands below
/// `n` (cycle walking, fewer than four passes on average). Each key gives a different
/// shuffle; no table is kept, so shuffling a million indices costs no memory.
pub(crate) struct Permutation {
    n: u64,
    half: u32,
    mask: u64,
    rounds: [u64; 4],
}

impl Permutation {
    pub(crate) fn new(key: u64, n: u64) -> Permutation {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half = bits.div_ceil(2);
        Permutation {
            n,
            half,
            mask: (1u64 << half) - 1,
            rounds: std::array::from_fn(|r| SplitMix(key ^ r as u64).next_u64()),
        }
    }

    /// How many indices it shuffles.
    pub(crate) fn len(&self) -> u64 {
        self.n
    }

    /// Where `i` goes, for `i < n`.
    pub(crate) fn at(&self, i: u64) -> u64 {
        if self.n <= 1 {
            return 0;
        }
        let mut x = i;
        loop {
            let (mut l, mut r) = (x >> self.half, x & self.mask);
            for k in self.rounds {
                // One multiply of the half and the round's key: the high bits mix all of r.
                let f = ((r ^ k).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) & self.mask;
                (l, r) = (r, l ^ f);
            }
            x = (l << self.half) | r;
            if x < self.n {
                return x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Permutation;

    #[test]
    fn permute_is_a_bijection_that_depends_on_its_key() {
        for n in (0..300).chain([1000, 4096, 4097]) {
            for key in [0, 1, 0xDEAD_BEEF] {
                let mut seen = vec![false; n as usize];
                let shuffle = Permutation::new(key, n);
                for i in 0..n {
                    let p = shuffle.at(i);
                    assert!(p < n.max(1), "n {n} key {key}: {i} -> {p}");
                    assert!(!std::mem::replace(&mut seen[p as usize], true));
                }
            }
        }
        let a: Vec<u64> = (0..100).map(|i| Permutation::new(1, 100).at(i)).collect();
        let b: Vec<u64> = (0..100).map(|i| Permutation::new(2, 100).at(i)).collect();
        assert_ne!(a, b);
        assert_ne!(a, (0..100).collect::<Vec<_>>());
        // Shuffles of different keys pair the slices with no trend: the rank correlation of
        // two of them, and of one with the identity, is near 0 (|ρ| < 0.1 over 2,000).
        let n = 2000;
        let rho = |x: &dyn Fn(u64) -> u64, y: &dyn Fn(u64) -> u64| {
            let m = (n - 1) as f64 / 2.0;
            let var = (0..n).map(|i| (i as f64 - m).powi(2)).sum::<f64>();
            (0..n)
                .map(|i| (x(i) as f64 - m) * (y(i) as f64 - m))
                .sum::<f64>()
                / var
        };
        for (k1, k2) in [(1, 2), (7, 8), (0, 0xFFFF)] {
            let (p, q) = (Permutation::new(k1, n), Permutation::new(k2, n));
            let r = rho(&|i| p.at(i), &|i| q.at(i));
            assert!(r.abs() < 0.1, "keys {k1}, {k2}: {r}");
            let r = rho(&|i| p.at(i), &|i| i);
            assert!(r.abs() < 0.1, "key {k1} against the identity: {r}");
        }
    }
}
