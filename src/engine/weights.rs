//! Per-link and per-transfer weights of one metric under one view, and the yearly risk of each
//! link that the reliability metric weighs.

use crate::engine::graph::Graph;
use crate::engine::view::{View, effects};
use crate::model::{Metric, Records, TransferCost, TransferKind};

/// How much a USD per tonne weighs against risk in the reliability metric: enough to break
/// ties between equally exposed routes, too little to outweigh any real risk.
const TIE_BREAK: f64 = 1e-6;

/// Per-link and per-transfer weights of one metric under one view.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// Per link: the weight of traversing it, border fee included.
    pub link: Vec<f64>,
    /// Per transfer kind, indexed by `kind as usize`.
    pub transfer: [f64; TransferKind::ALL.len()],
}

impl Weights {
    /// The weights of `metric` under `view`. Every weight is finite and non-negative, since
    /// records and scenarios are validated on the way in: views only add weight.
    pub(crate) fn new(
        net: &Records,
        g: &Graph,
        risk: &Risk,
        view: &View,
        metric: Metric,
    ) -> Weights {
        let of = |c: &TransferCost| match metric {
            Metric::Distance => 0.0,
            Metric::Time => c.hours,
            Metric::Cost => c.usd_per_t,
            Metric::Reliability => c.usd_per_t * TIE_BREAK,
        };
        let transfer = TransferKind::ALL.map(|k| of(net.transfers.of(k)));
        let border = transfer[TransferKind::Border as usize];
        let link = net
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let base = match metric {
                    Metric::Distance => l.length_km,
                    Metric::Time => l.hours() + view.add_hours[i],
                    Metric::Cost => l.usd_per_t() + view.add_usd[i],
                    Metric::Reliability => {
                        risk.link[i] + (l.usd_per_t() + view.add_usd[i]) * TIE_BREAK
                    }
                };
                base + if g.border[i] { border } else { 0.0 }
            })
            .collect();
        Weights { link, transfer }
    }

    /// The weight of a transfer, if any.
    #[inline]
    pub(crate) fn of(&self, k: Option<TransferKind>) -> f64 {
        k.map_or(0.0, |k| self.transfer[k as usize])
    }
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
            // A certain closure gets a large finite risk so routes still compare.
            let r = -(1.0 - p).max(1e-12).ln();
            for &l in closed {
                link[l as usize] += r;
            }
        }
        Risk { scenarios, link }
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
