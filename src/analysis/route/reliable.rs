//! The most reliable route, exactly: a scenario that closes several links of a route counts
//! once, as the route's survival counts it.
//!
//! The reliability metric's weights add each link's risk, so a search by them makes a route
//! with two links under one threat pay for that threat twice. [`Network::most_reliable`]
//! corrects it. It walks the sets of threats a route may run, lightest set first, and under
//! each finds the cheapest route that no threat outside the set closes; the route with the
//! least risk plus the cost tie-break, over every set, is the most reliable one. The walk
//! starts from the route the summed weights found, so it never does worse, and it stops as
//! soon as the next set alone weighs more than the best route so far: usually after a few
//! sets, since a route meets few threats.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::analysis::Filter;
use crate::analysis::route::{SegmentKind, via_path};
use crate::engine::{Graph, OrdF64, Risk, START, Step, TIE_BREAK, View, Weights, walk};
use crate::model::Metric;
use crate::network::Network;

/// The most sets of threats tried for one route. Past it the best route found so far is
/// kept, which is never worse than the summed weights' route; a route rarely meets more than
/// a few threats, and this bound is only reached when one must run a dozen of them.
pub(crate) const MAX_THREAT_SETS: usize = 4_096;

/// The threats a route under some open links may run: each scenario with a probability that
/// closes one of those links, lightest first (ties in file order), at most 64 of them.
pub(crate) struct Threats<'a> {
    /// Per threat: −ln(1 − p), what it adds to the risk of a route it closes.
    weight: Vec<f64>,
    /// Per threat: the links it closes, sorted.
    closes: Vec<&'a [u32]>,
}

impl<'a> Threats<'a> {
    /// The threats to routes over the links `open` allows. Beyond the 64 lightest, a threat
    /// is never left out of a set, as if it could not be avoided.
    pub(crate) fn new(risk: &'a Risk, open: &[bool]) -> Threats<'a> {
        let mut all: Vec<(f64, &[u32])> = risk
            .threats()
            .filter(|(_, closes)| closes.iter().any(|&l| open[l as usize]))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        all.truncate(64);
        let (weight, closes) = all.into_iter().unzip();
        Threats { weight, closes }
    }

    /// Whether no threat touches the open links: the summed weights are exact then.
    pub(crate) fn is_empty(&self) -> bool {
        self.weight.is_empty()
    }

    /// The risk a path runs: the weight of each threat closing any of its links, once.
    fn risk(&self, steps: &[Step]) -> f64 {
        self.weight
            .iter()
            .zip(&self.closes)
            .filter(|(_, closes)| steps.iter().any(|s| closes.binary_search(&s.link).is_ok()))
            .map(|(w, _)| w)
            .sum()
    }

    /// What the reliability metric gives a path: its risk plus its cost (by `cost`, the cost
    /// metric's weights) times the tie-break.
    pub(crate) fn value(&self, g: &Graph, cost: &Weights, steps: &[Step]) -> f64 {
        self.risk(steps) + walk(g, cost, steps).0 * TIE_BREAK
    }

    /// The total weight of the threats in `set` (bit `i` for the `i`-th lightest), added in
    /// that order.
    fn total(&self, set: u64) -> f64 {
        self.weight
            .iter()
            .enumerate()
            .filter(|(i, _)| set >> i & 1 == 1)
            .map(|(_, w)| w)
            .sum()
    }

    /// Writes into `out` the links of `open` that no threat outside `set` closes.
    fn open_within(&self, set: u64, open: &[bool], out: &mut Vec<bool>) {
        out.clear();
        out.extend_from_slice(open);
        for (i, closes) in self.closes.iter().enumerate() {
            if set >> i & 1 == 0 {
                for &l in *closes {
                    out[l as usize] = false;
                }
            }
        }
    }

    /// Every set of threats, lightest total first (ties by the set's bits): the empty set,
    /// then a best-first walk in which the set whose heaviest member is the `i`-th lightest
    /// threat leads to the same set with the next one added, and with the next one in place
    /// of its heaviest. Each set comes once, and never before a lighter one.
    fn sets(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        let n = self.weight.len();
        let mut heap = BinaryHeap::new();
        if n > 0 {
            heap.push(Reverse((OrdF64(self.total(1)), 1u64, 0usize)));
        }
        let rest = std::iter::from_fn(move || {
            let Reverse((OrdF64(total), set, last)) = heap.pop()?;
            if last + 1 < n {
                let next = 1u64 << (last + 1);
                for child in [set | next, set & !(1u64 << last) | next] {
                    heap.push(Reverse((OrdF64(self.total(child)), child, last + 1)));
                }
            }
            Some((total, set))
        });
        std::iter::once((0.0, 0)).chain(rest)
    }
}

impl Network {
    /// What the most reliable route needs under `view`, the view of `filter`: the threats
    /// to its links and the cost metric's weights; `None` when `metric` is another, or when
    /// no threat touches the view (the link weights are exact then).
    pub(crate) fn reliable_under<'a>(
        &'a self,
        metric: Metric,
        filter: &Filter,
        view: &View,
    ) -> Option<(Threats<'a>, Cow<'a, Weights>)> {
        if metric != Metric::Reliability {
            return None;
        }
        let threats = Threats::new(self.risk(), &view.open);
        if threats.is_empty() {
            return None;
        }
        let cost = if filter.is_today() {
            Cow::Borrowed(self.today_weights(Metric::Cost))
        } else {
            Cow::Owned(self.weights(view, Metric::Cost))
        };
        Some((threats, cost))
    }

    /// The best path from `from` through `stops` in order (the last the destination) over
    /// the links `open` allows, by the weights `w` of `metric`. With no stop but the
    /// destination, one search guided by the metric's landmarks, which stay lower bounds
    /// with fewer links open.
    pub(crate) fn best_path(
        &self,
        w: &Weights,
        metric: Metric,
        open: &[bool],
        from: usize,
        stops: &[(usize, SegmentKind)],
    ) -> Option<Vec<Step>> {
        let g = self.graph();
        let &[(to, SegmentKind::Any)] = stops else {
            return via_path(g, w, open, from, stops);
        };
        let mut d = self.dijkstra();
        let src = [(d.state(from, START), 0.0)];
        let lm = self.landmarks(metric);
        d.run(
            g,
            w,
            &src,
            Some(to),
            |_, a| open[a.link as usize],
            |v| lm.bound(v, to),
        )
        .map(|end| d.path(end).0)
    }

    /// The most reliable path from `from` through `stops`, starting from `summed`,
    /// the path the reliability metric's summed weights found, and its value
    /// ([`Threats::value`]): under each set of `threats` in turn, lightest first, the cheapest
    /// path by `cost` that no other threat closes, until a set alone weighs more than the
    /// best so far or [`MAX_THREAT_SETS`] have been tried.
    pub(crate) fn most_reliable(
        &self,
        threats: &Threats,
        open: &[bool],
        cost: &Weights,
        from: usize,
        stops: &[(usize, SegmentKind)],
        summed: Vec<Step>,
    ) -> (Vec<Step>, f64) {
        let g = self.graph();
        let mut best_value = threats.value(g, cost, &summed);
        let mut best = summed;
        let mut within = Vec::with_capacity(open.len());
        for (total, set) in threats.sets().take(MAX_THREAT_SETS) {
            if total >= best_value {
                break;
            }
            threats.open_within(set, open, &mut within);
            if let Some(steps) = self.best_path(cost, Metric::Cost, &within, from, stops) {
                let value = threats.value(g, cost, &steps);
                if value < best_value {
                    best_value = value;
                    best = steps;
                }
            }
        }
        (best, best_value)
    }
}
