//! Randomness: the few helpers the generator needs over `ChaCha8`'s raw output. Every choice of
//! the demo goes through one `Dice`, in a fixed order, so a seed decides everything.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

pub(super) struct Dice(ChaCha8Rng);

impl Dice {
    pub(super) fn seeded(seed: u64) -> Dice {
        Dice(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    pub(super) fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform in 0..n (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        // Lemire's multiply-shift: the high word of a 128-bit product; the bias is < n / 2^64.
        let high = (u128::from(self.0.next_u64()) * u128::from(n)) >> 64;
        usize::try_from(high).unwrap_or(0)
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// Roughly standard normal (Irwin–Hall: twelve uniforms).
    pub(super) fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// An index drawn in proportion to `weights` (at least one positive).
    pub(super) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.unit() * total;
        for (index, weight) in weights.iter().enumerate() {
            if *weight > 0.0 && target < *weight {
                return index;
            }
            target -= weight;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }
}
