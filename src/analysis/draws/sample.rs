//! How a query's draws are made: each uncertain figure's numbers, independent or stratified,
//! and the triangular value each number gives.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::QueryError;
use crate::model::uncertainty::Draw;
use crate::model::{Parameter, ParameterKind};
use crate::network::Network;
use crate::util::fnv::Fnv;
use crate::util::progress::{Meter, Progress};
use crate::util::rng::{Permutation, SplitMix};
use std::hash::Hasher;

/// How a query's draws spread over each uncertain figure's range.
///
/// Both give every figure its triangular distribution and the same answer as the draws grow;
/// stratified draws get there with fewer, since no part of any range is left out or drawn
/// twice by chance.
///
/// # Example
/// ```
/// use corridors::{Network, RouteQuery, Sampling};
/// let net = Network::trans_afghan();
/// let q = RouteQuery::new("tashkent", "karachi").draws(200).sampling(Sampling::Stratified);
/// let a = net.route(&q)?;
/// assert_eq!(a.draws.unwrap().sampling, Sampling::Stratified);
/// # Ok::<(), corridors::QueryError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Sampling {
    /// Each draw made apart from the others (plain Monte Carlo): the default.
    #[default]
    Independent,
    /// Latin hypercube: of `n` draws, each figure falls once in each of `n` equally likely
    /// slices of its distribution, and the slices of different figures are paired at random
    /// (a shuffle of its own per figure and seed).
    Stratified,
}

impl Sampling {
    pub(crate) fn is_independent(&self) -> bool {
        *self == Sampling::Independent
    }
}

/// A query's draws: how many (none by default), their seed and how they spread. Queries hold
/// one, serialised flattened as `draws`, `seed` and `sampling` (each optional).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Sampler {
    #[serde(rename = "draws", default)]
    pub n: usize,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub sampling: Sampling,
}

impl Sampler {
    /// `n` draws of `seed`, made with `sampling`.
    pub(crate) fn new(n: usize, seed: u64, sampling: Sampling) -> Sampler {
        Sampler { n, seed, sampling }
    }

    /// The numbers of parameter `p`, keyed by its id (a pair's two sides by the pair's
    /// name): a figure draws the same numbers whatever figures come before it, so adding or
    /// removing a record's range leaves every other figure's draws where they were.
    pub(crate) fn column(&self, p: &Parameter) -> Column {
        let name = match p.draw {
            Draw::Side { .. } => {
                p.id.rsplit_once('.')
                    .map_or(p.id.as_str(), |(pair, _)| pair)
            }
            Draw::Triangular => p.id.as_str(),
        };
        let mut h = Fnv::default();
        h.write(name.as_bytes());
        self.keyed(h.finish())
    }

    /// The numbers of the figure keyed `j`.
    fn keyed(&self, j: u64) -> Column {
        let mix = |z: u64| SplitMix(z).next_u64();
        let key = mix(mix(self.seed) ^ j);
        Column {
            key,
            strata: (self.sampling == Sampling::Stratified)
                .then(|| Permutation::new(mix(key ^ STRATA), self.n as u64)),
        }
    }

    /// Draw `i` of a figure a query adds to the network's (say the split's spread θ), told
    /// apart from the network's figures by `key`: triangular between `low` and `high` with
    /// `mode` as its mode, spread as the network's figures are (stratified or not).
    pub(crate) fn extra(&self, key: u64, [low, mode, high]: [f64; 3], i: usize) -> f64 {
        triangular(low, mode, high, self.keyed(key).unit(i))
    }
}

/// The key of the route-choice spread θ among a query's drawn figures (a split's, or projects
/// valued under route choice: the same seed, n and range draw the same θ in both), apart
/// from the parameters' keys (hashes of their ids), so draw `i`'s θ does not depend on the
/// network's figures.
pub(crate) const THETA_KEY: u64 = 0x7E7A_0000_0000_0001;

/// One figure's numbers in [0, 1] over a query's draws. Each (seed, figure, draw) has its own
/// number, so a draw's values do not depend on which other figures a question needs;
/// stratified, the figure's `n` numbers fall one in each slice `[k / n, (k + 1) / n)`, the
/// slice given by a shuffle keyed by (seed, figure).
pub(crate) struct Column {
    key: u64,
    strata: Option<Permutation>,
}

impl Column {
    fn unit(&self, i: usize) -> f64 {
        let u = SplitMix(self.key ^ i as u64).unit();
        match &self.strata {
            Some(shuffle) if (i as u64) < shuffle.len() => {
                (shuffle.at(i as u64) as f64 + u) / shuffle.len() as f64
            }
            _ => u,
        }
    }
}

/// Keys the shuffle of the slices apart from the number drawn within one.
const STRATA: u64 = 0x5EED_57A7_A000_0001;

/// The value of parameter `p` in draw `i`, from its column `col`: triangular between its low
/// and high with its value as the mode.
pub(crate) fn drawn(p: &Parameter, col: &Column, i: usize) -> f64 {
    let u = col.unit(i);
    if let Draw::Side { longer, .. } = p.draw {
        // The pair's one shift, triangular on [-1, 1] around 0: this side's part of it.
        let shift = if u < 0.5 {
            (2.0 * u).sqrt() - 1.0
        } else {
            1.0 - (2.0 * (1.0 - u)).sqrt()
        };
        let side = if longer { shift } else { -shift };
        return side.clamp(0.0, 1.0);
    }
    triangular(p.low, p.base, p.high, u)
}

/// The value at quantile `u` of the triangular distribution between `a` and `b` with mode
/// `c` (`c` itself when `a >= b`).
fn triangular(a: f64, c: f64, b: f64, u: f64) -> f64 {
    if a >= b {
        return c;
    }
    let fc = (c - a) / (b - a);
    let x = if u < fc {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    };
    x.clamp(a, b)
}

impl Network {
    /// The values of every parameter (in [`Network::parameters`] order) in draw `index` of
    /// `seed`: what `--draws --draw-lengths` uses (plain `--draws` holds the two length
    /// shifts at 0). Each is triangular between the parameter's low and high, with the
    /// record's figure as its mode; the shifts `lengths.longer` and `lengths.shorter` are the
    /// two sides of one shift, triangular on [-1, 1] around 0, so one of them is 0.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let v = net.draw(7, 0);
    /// assert_eq!(v, net.draw(7, 0));
    /// for (p, x) in net.parameters().iter().zip(&v) {
    ///     assert!(p.low <= *x && *x <= p.high);
    /// }
    /// ```
    pub fn draw(&self, seed: u64, index: usize) -> Vec<f64> {
        let s = Sampler::new(index + 1, seed, Sampling::Independent);
        self.drawn_values(&s, index, true)
    }

    /// Draw `index` of `n` made with `sampling`, as a query with `.draws(n).seed(seed)` and
    /// that sampling makes it (every figure drawn, the length shifts too). Independent, it
    /// equals [`Network::draw`] whatever `n`; stratified, the `n` draws put each figure once
    /// in each of `n` equally likely slices of its range. `index` should be below `n`: beyond,
    /// a stratified draw is still a draw of every figure, but outside the `n` draws' slices.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, ParameterKind, Sampling};
    /// let net = Network::trans_afghan();
    /// let params = net.parameters();
    /// let j = params
    ///     .iter()
    ///     .position(|p| p.low < p.high && p.kind != ParameterKind::LengthShift)
    ///     .unwrap();
    /// let (a, c, b) = (params[j].low, params[j].base, params[j].high);
    /// // The median of the figure's triangular distribution.
    /// let median = if c - a >= b - c {
    ///     a + ((b - a) * (c - a) / 2.0).sqrt()
    /// } else {
    ///     b - ((b - a) * (b - c) / 2.0).sqrt()
    /// };
    /// // Stratified, its 50 values fall one in each fiftieth of that distribution: exactly
    /// // half of them below the median, where independent draws land about half.
    /// let n = 50;
    /// let below = (0..n)
    ///     .filter(|&i| net.draw_in(1, i, n, Sampling::Stratified)[j] < median)
    ///     .count();
    /// assert_eq!(below, n / 2);
    /// assert_eq!(net.draw_in(1, 3, n, Sampling::Independent), net.draw(1, 3));
    /// ```
    pub fn draw_in(&self, seed: u64, index: usize, n: usize, sampling: Sampling) -> Vec<f64> {
        self.drawn_values(&Sampler::new(n, seed, sampling), index, true)
    }

    /// Draw `index` of `s`, with the length shifts held at 0 unless `lengths`.
    pub(crate) fn drawn_values(&self, s: &Sampler, index: usize, lengths: bool) -> Vec<f64> {
        self.parameters()
            .iter()
            .map(|p| {
                if !lengths && p.kind == ParameterKind::LengthShift {
                    p.base
                } else {
                    drawn(p, &s.column(p), index)
                }
            })
            .collect()
    }

    /// `answer` on every draw of `s` (its number, and a network rebuilt with the draw's
    /// figures, link lengths held), answered in parallel, in the draws' order. Reported to `watch` as
    /// `what`; stops at the first error, or with [`QueryError::Cancelled`] when cancelled.
    pub(crate) fn each_draw<T: Send>(
        &self,
        what: &'static str,
        s: &Sampler,
        watch: Option<&Progress>,
        answer: impl Fn(usize, &Network) -> Result<T, QueryError> + Sync,
    ) -> Result<Vec<T>, QueryError> {
        let meter = Meter::start(watch, what, s.n)?;
        (0..s.n)
            .into_par_iter()
            .map(|i| {
                meter.check()?;
                let t = answer(i, &self.with_parameters(&self.drawn_values(s, i, false))?)?;
                meter.add(1)?;
                Ok(t)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stratified, a figure a query adds falls once in each of the n equally likely slices of
    /// its triangular distribution, as each of the network's figures does.
    #[test]
    fn a_query_s_own_figure_is_stratified_like_the_network_s() {
        let n = 40;
        let (a, c, b) = (2.0, 10.0, 50.0);
        let cdf = |x: f64| {
            if x <= c {
                (x - a).powi(2) / ((b - a) * (c - a))
            } else {
                1.0 - (b - x).powi(2) / ((b - a) * (b - c))
            }
        };
        let slices = |sampling| {
            let s = Sampler::new(n, 3, sampling);
            let mut k: Vec<usize> = (0..n)
                .map(|i| (cdf(s.extra(THETA_KEY, [a, c, b], i)) * n as f64).floor() as usize)
                .collect();
            k.sort_unstable();
            k
        };
        assert_eq!(slices(Sampling::Stratified), (0..n).collect::<Vec<_>>());
        assert_ne!(slices(Sampling::Independent), (0..n).collect::<Vec<_>>());
    }
}
