//! Per-link and per-transfer weights of one metric under one view, and the yearly risk of each
//! link that the reliability metric weighs.

use crate::engine::graph::Graph;
use crate::engine::view::{View, effects};
use crate::model::records::{NONE, handling_slot};
use crate::model::{Metric, Records, TransferKind};

/// How much a USD per tonne weighs against risk in the reliability metric: enough to break
/// ties between equally exposed routes, too little to outweigh any real risk.
pub(crate) const TIE_BREAK: f64 = 1e-6;

/// Per-link and per-transfer weights of one metric under one view.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// Per link: the weight of traversing it from its `from` end, border crossing included.
    pub link: Vec<f64>,
    /// Per link: the weight from its `to` end, when some crossing is priced differently by
    /// direction; empty when every link weighs the same both ways.
    pub back: Vec<f64>,
    /// Per transfer kind, indexed by `kind as usize`: the `[transfers]` defaults.
    pub transfer: [f64; TransferKind::ALL.len()],
    /// Per `[[handling]]` record: the weight of its transfer, at its place.
    pub handling: Vec<f64>,
}

impl Weights {
    /// The weights of `metric` under `view`, every figure at its record's value. Every
    /// weight is finite and non-negative, since records and scenarios are validated on the
    /// way in: views only add weight.
    pub(crate) fn new(
        net: &Records,
        g: &Graph,
        risk: &Risk,
        view: &View,
        metric: Metric,
    ) -> Weights {
        Weights::with(net, g, risk, view, metric, &net.uncertain.base)
    }

    /// The weights of `metric` under `view` with each parameter at `values` (one per
    /// `Records::uncertain` parameter): what a search weighs in one draw. Each figure is
    /// computed as the loader computes it (a link's rate is the mean of its tariffs, times its
    /// length), so at the records' values these are the weights of [`Weights::new`] to the bit.
    pub(crate) fn with(
        net: &Records,
        g: &Graph,
        risk: &Risk,
        view: &View,
        metric: Metric,
        values: &[f64],
    ) -> Weights {
        let u = &net.uncertain;
        let at = |p: u32| values[p as usize];
        let mean = |[a, b]: [u32; 2]| (at(a) + at(b)) * 0.5;
        let of = |[hours, usd]: [u32; 2]| match metric {
            Metric::Distance => 0.0,
            Metric::Time => at(hours),
            Metric::Cost => at(usd),
            Metric::Reliability => at(usd) * TIE_BREAK,
        };
        let transfer = TransferKind::ALL.map(|k| of(u.transfer[k as usize]));
        let border = transfer[TransferKind::Border as usize];
        let crossing = |i: usize, forward: bool| match net.crossing_at[i][usize::from(!forward)] {
            NONE => border,
            k => of(u.crossing[k as usize]),
        };
        // A length moves by the shifts (not at all when it is exact).
        let [longer, shorter] = u.lengths.map(|p| if p == NONE { 0.0 } else { at(p) });
        let km = |i: usize, l: &crate::model::Link| {
            let [up, down] = u.link_length[i];
            l.length_km + up * longer - down * shorter
        };
        let usd = |i: usize, l: &crate::model::Link| km(i, l) * mean(u.link_rate[i]);
        let base: Vec<f64> = net
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| match metric {
                Metric::Distance => km(i, l),
                Metric::Time => {
                    let h = match l.hours_override {
                        Some(h) => h,
                        None => km(i, l) / mean(u.link_speed[i]),
                    };
                    h + view.add_hours[i]
                }
                Metric::Cost => usd(i, l) + view.add_usd[i],
                Metric::Reliability => risk.link[i] + (usd(i, l) + view.add_usd[i]) * TIE_BREAK,
            })
            .collect();
        // A file's scenario's figures move from the values the view added.
        let mut base = base;
        for &(l, p, hours) in &view.drawn {
            let scale = match (metric, hours) {
                (Metric::Time, true) | (Metric::Cost, false) => 1.0,
                (Metric::Reliability, false) => TIE_BREAK,
                _ => continue,
            };
            base[l as usize] += (at(p) - u.base[p as usize]) * scale;
        }
        let along = |forward: bool| -> Vec<f64> {
            base.iter()
                .enumerate()
                .map(|(i, b)| {
                    b + if g.border[i] {
                        crossing(i, forward)
                    } else {
                        0.0
                    }
                })
                .collect()
        };
        let link = along(true);
        let directional = net
            .crossing_at
            .iter()
            .any(|&[fwd, bwd]| fwd != bwd && (fwd != NONE || bwd != NONE));
        let back = if directional {
            along(false)
        } else {
            Vec::new()
        };
        let handling = u.handling.iter().map(|&h| of(h)).collect();
        Weights {
            link,
            back,
            transfer,
            handling,
        }
    }

    /// The weight of a transfer at node `v`, if any: the place's own, else the default.
    #[inline]
    pub(crate) fn at(&self, g: &Graph, v: usize, k: Option<TransferKind>) -> f64 {
        let Some(k) = k else { return 0.0 };
        if let (Some(slot), Some(at)) = (handling_slot(k), g.handling_at.get(v)) {
            let h = at[slot];
            if h != NONE {
                return self.handling[h as usize];
            }
        }
        self.transfer[k as usize]
    }

    /// The weight of link `l` traversed towards `head`.
    #[inline]
    pub(crate) fn along(&self, g: &Graph, l: usize, head: usize) -> f64 {
        if self.back.is_empty() || g.to[l] as usize == head {
            self.link[l]
        } else {
            self.back[l]
        }
    }

    /// The lighter of a link's two directions: a bound that holds either way.
    pub(crate) fn either_way(&self, l: usize) -> f64 {
        match self.back.get(l) {
            Some(&b) => b.min(self.link[l]),
            None => self.link[l],
        }
    }

    /// The heaviest transfer anywhere.
    pub(crate) fn max_transfer(&self) -> f64 {
        self.transfer
            .iter()
            .chain(&self.handling)
            .copied()
            .fold(0.0, f64::max)
    }
}

/// What a scenario striking with yearly probability `p` weighs on a route it closes: −ln(1 − p),
/// so that weights add where chances of escaping multiply. A certain closure gets a large
/// finite weight so routes still compare.
fn threat_weight(p: f64) -> f64 {
    -(1.0 - p).max(1e-12).ln()
}

/// The file's scenarios that carry a yearly probability, as weight data: which links each
/// closes, and per link the risk the reliability metric adds.
#[derive(Debug, Clone)]
pub(crate) struct Risk {
    /// Per scenario with a probability: (probability, closed links sorted).
    scenarios: Vec<(f64, Vec<u32>)>,
    /// Per link: −ln of the chance that no such scenario closes it in a year.
    pub link: Vec<f64>,
}

impl Risk {
    pub(crate) fn new(net: &Records) -> Risk {
        let scenarios: Vec<(f64, Vec<u32>)> = net
            .scenarios
            .iter()
            .filter_map(|sc| {
                let p = sc.probability.filter(|&p| p > 0.0)?;
                let closed = effects(net, sc)
                    .into_iter()
                    .filter(|e| e.closed)
                    .map(|e| e.link as u32)
                    .collect();
                Some((p, closed))
            })
            .collect();
        let mut link = vec![0.0; net.links.len()];
        for (p, closed) in &scenarios {
            let r = threat_weight(*p);
            for &l in closed {
                link[l as usize] += r;
            }
        }
        Risk { scenarios, link }
    }

    /// Each scenario with a probability, in file order: its weight (−ln(1 − p)) and the links
    /// it closes, sorted.
    pub(crate) fn threats(&self) -> impl Iterator<Item = (f64, &[u32])> {
        self.scenarios
            .iter()
            .map(|(p, closed)| (threat_weight(*p), &closed[..]))
    }

    /// The chance that no scenario with a probability closes any of these links in a year,
    /// scenarios striking independently; `None` when no scenario has a probability.
    pub(crate) fn survival(&self, links: &[u32]) -> Option<f64> {
        if self.scenarios.is_empty() {
            return None;
        }
        Some(
            self.scenarios
                .iter()
                .filter(|(_, closed)| links.iter().any(|l| closed.binary_search(l).is_ok()))
                .map(|(p, _)| 1.0 - p)
                .product(),
        )
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.link.capacity() * size_of::<f64>()
            + self
                .scenarios
                .iter()
                .map(|(_, l)| l.capacity() * size_of::<u32>())
                .sum::<usize>()
    }
}
