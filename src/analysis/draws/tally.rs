//! What draws say of an assignment's loads and prices: each draw's link loads and full
//! capacities kept as it is made, then percentiles over the draws. The split and the optimal
//! assignment, drawn again, both report them so.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::percentiles;
use crate::analysis::LinkLoad;
use crate::analysis::optimal::{CapacityKind, ShadowPrice};
use crate::network::Network;

/// What the draws say of one link's load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoadDraws {
    /// The link id.
    pub link: String,
    /// Its busier direction's load, Mt/yr: percentiles 5, 50 and 95.
    pub load_mtpa: [f64; 3],
    /// Share of draws in which it is at or over its capacity (the draw's capacity): full,
    /// where capacities bind.
    pub chance_full: f64,
}

/// What the draws say of one capacity's price, where capacities bind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PriceDraws {
    /// The link or node id.
    pub id: String,
    /// A link, a node or a port.
    pub kind: CapacityKind,
    /// Its price, USD/t: percentiles 5, 50 and 95 (0 in a draw where it is not full).
    pub usd_per_t: [f64; 3],
    /// Share of draws in which it is full.
    pub chance_full: f64,
}

/// One draw's loads and prices, kept for the percentiles.
pub(crate) struct Tally {
    /// Per link of the network: busier direction's load and whether it is full.
    loads: Vec<(f64, bool)>,
    /// Each full capacity's id, kind and price.
    prices: Vec<(String, CapacityKind, f64)>,
}

impl Tally {
    /// A draw's `loads` and `prices` on `net` (the network drawn from: same links).
    pub(crate) fn new(net: &Network, loads: &[LinkLoad], prices: &[ShadowPrice]) -> Tally {
        let mut per_link = vec![(0.0, false); net.data.links.len()];
        for l in loads {
            per_link[net.data.link_ix[l.link.as_str()]] = (l.load_mtpa, l.saturated);
        }
        Tally {
            loads: per_link,
            prices: prices
                .iter()
                .map(|p| (p.id.clone(), p.kind, p.usd_per_t))
                .collect(),
        }
    }
}

/// Every link loaded or full in some draw of `rows`, busiest first (by median, then the 95th
/// percentile, then id).
pub(crate) fn load_draws<'a>(
    net: &Network,
    rows: impl Iterator<Item = &'a Tally> + Clone,
) -> Vec<LoadDraws> {
    let n = rows.clone().count() as f64;
    let mut loads: Vec<LoadDraws> = (0..net.data.links.len())
        .filter(|&l| rows.clone().any(|t| t.loads[l].0 > 0.0 || t.loads[l].1))
        .map(|l| {
            let mut xs: Vec<f64> = rows.clone().map(|t| t.loads[l].0).collect();
            let full = rows.clone().filter(|t| t.loads[l].1).count();
            LoadDraws {
                link: net.data.links[l].id.clone(),
                load_mtpa: percentiles(&mut xs),
                chance_full: full as f64 / n,
            }
        })
        .collect();
    loads.sort_by(|a, b| larger(&a.load_mtpa, &b.load_mtpa).then_with(|| a.link.cmp(&b.link)));
    loads
}

/// Every capacity full in some draw of `rows`, dearest first (by median price, then the 95th
/// percentile, then id).
pub(crate) fn price_draws<'a>(rows: impl Iterator<Item = &'a Tally> + Clone) -> Vec<PriceDraws> {
    let n = rows.clone().count();
    let mut priced: BTreeMap<&str, (CapacityKind, Vec<f64>)> = BTreeMap::new();
    for t in rows {
        for (id, kind, usd) in &t.prices {
            priced.entry(id).or_insert((*kind, Vec::new())).1.push(*usd);
        }
    }
    let mut prices: Vec<PriceDraws> = priced
        .into_iter()
        .map(|(id, (kind, mut xs))| {
            let full = xs.len();
            xs.resize(n, 0.0);
            PriceDraws {
                id: id.to_string(),
                kind,
                usd_per_t: percentiles(&mut xs),
                chance_full: full as f64 / n as f64,
            }
        })
        .collect();
    prices.sort_by(|a, b| larger(&a.usd_per_t, &b.usd_per_t).then_with(|| a.id.cmp(&b.id)));
    prices
}

/// Percentiles 5, 50 and 95 of `x` over `rows` (zeros when there are none).
pub(crate) fn spread_of<T>(rows: &[T], x: impl Fn(&T) -> f64) -> [f64; 3] {
    let mut xs: Vec<f64> = rows.iter().map(x).collect();
    if xs.is_empty() {
        [0.0; 3]
    } else {
        percentiles(&mut xs)
    }
}

/// How often each key turns up over `n` draws, each draw naming its keys once: each key with
/// its share of the draws, most often first, then by key.
pub(crate) fn chances<'a, K: Ord + Clone + 'a>(
    draws: impl Iterator<Item = &'a [K]>,
    n: usize,
) -> Vec<(K, f64)> {
    let mut count: std::collections::BTreeMap<&K, usize> = std::collections::BTreeMap::new();
    for keys in draws {
        for k in keys {
            *count.entry(k).or_default() += 1;
        }
    }
    let mut out: Vec<(K, f64)> = count
        .into_iter()
        .map(|(k, c)| (k.clone(), c as f64 / n as f64))
        .collect();
    // Stable: equal shares stay in key order.
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

/// Larger first: by median, then by the 95th percentile.
fn larger(a: &[f64; 3], b: &[f64; 3]) -> std::cmp::Ordering {
    b[1].total_cmp(&a[1]).then(b[2].total_cmp(&a[2]))
}
