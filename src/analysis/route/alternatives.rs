//! Alternatives: the k best loopless routes (Yen), and the k best through one port from the
//! separable k-best lists of its land and sea sides.

use std::collections::BTreeSet;

use crate::engine::{Arc, OrdF64, START, Search, Step, walk};
use crate::model::{Metric, TransferKind};
use crate::network::Network;
use crate::util::progress::{Meter, Stopped};

use super::RouteQuery;

impl Network {
    /// The k best routes reaching the sea at `port`: land routes to the port and sea routes
    /// from it are independent (a land-to-sea change at the port costs the same whatever the
    /// land mode), so the best combinations are the best sums of the two k-best lists, taken
    /// in order and kept when the two parts share no place but the port.
    pub(super) fn k_best_through_port(
        &self,
        s: Search<'_>,
        from: usize,
        port: usize,
        to: usize,
        q: &RouteQuery,
    ) -> Result<Vec<Vec<Step>>, Stopped> {
        let (g, w) = (s.g, s.w);
        let k = q.alternatives;
        let meter = Meter::start(
            q.watch.get(),
            "alternatives on either side of the port",
            4 * k,
        )?;
        let (land_view, sea_view) = (s.view.only_sea(g, false), s.view.only_sea(g, true));
        let land_side = Search {
            view: &land_view,
            ..s
        };
        let sea_side = Search {
            view: &sea_view,
            ..s
        };
        // Extra candidates on each side leave room for combinations dropped as loops.
        let land = self.k_best(land_side, (from, port, 2 * k), None, q.metric, &meter)?;
        let sea = self.k_best(sea_side, (port, to, 2 * k), None, q.metric, &meter)?;
        // The parts are separable: land, then the change to sea at the port, then sea.
        let port_fee = w.at(g, port, Some(TransferKind::Port));
        let land_cost: Vec<f64> = land.iter().map(|p| walk(g, w, p).0).collect();
        let sea_cost: Vec<f64> = sea.iter().map(|p| walk(g, w, p).0).collect();
        let cost = |i: usize, j: usize| OrdF64(land_cost[i] + port_fee + sea_cost[j]);
        let mut heap: BTreeSet<(OrdF64, usize, usize)> = BTreeSet::new();
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        if !land.is_empty() && !sea.is_empty() {
            heap.insert((cost(0, 0), 0, 0));
            seen.insert((0, 0));
        }
        let mut out: Vec<Vec<Step>> = Vec::new();
        while let Some((_, i, j)) = heap.pop_first() {
            let land_nodes: BTreeSet<u32> = land[i].iter().flat_map(|s| [s.from, s.to]).collect();
            let loops = sea[j]
                .iter()
                .any(|s| s.to as usize != port && land_nodes.contains(&s.to));
            let mut p = land[i].clone();
            p.extend_from_slice(&sea[j]);
            let near_duplicate = self.near_duplicate(&p, &out, q.max_overlap);
            if !loops && !near_duplicate {
                out.push(p);
                if out.len() >= k {
                    break;
                }
            }
            for (a, b) in [(i + 1, j), (i, j + 1)] {
                if a < land.len() && b < sea.len() && seen.insert((a, b)) {
                    heap.insert((cost(a, b), a, b));
                }
            }
        }
        Ok(out)
    }

    /// Whether a path shares more than `max_overlap` of its length with a path already kept.
    fn near_duplicate(&self, path: &[Step], kept: &[Vec<Step>], max_overlap: Option<f64>) -> bool {
        let Some(f) = max_overlap else {
            return false;
        };
        let km = |s: &Step| self.data.links[s.link as usize].length_km;
        let length: f64 = path.iter().map(km).sum();
        kept.iter().any(|k| {
            let shared: f64 = path
                .iter()
                .filter(|s| k.iter().any(|t| t.link == s.link))
                .map(km)
                .sum();
            shared > f * length
        })
    }

    /// Yen's k shortest loopless paths over the state graph, from `from` to `to`, telling
    /// `meter` of each one kept and stopping when it is cancelled.
    pub(crate) fn k_best(
        &self,
        s: Search<'_>,
        (from, to, k): (usize, usize, usize),
        max_overlap: Option<f64>,
        metric: Metric,
        meter: &Meter<'_>,
    ) -> Result<Vec<Vec<Step>>, Stopped> {
        let (g, view, w) = (s.g, s.view, s.w);
        let mut found: Vec<(f64, Vec<Step>)> = Vec::new();
        let mut kept: Vec<Vec<Step>> = Vec::new();
        let mut candidates: BTreeSet<(OrdF64, Vec<Step>)> = BTreeSet::new();
        let mut d = self.dijkstra();
        let lm = self.landmarks(metric);
        let bound = |v: usize| lm.bound(v, to);
        let src = [(d.state(from, START), 0.0)];
        let open = |_: usize, a: &Arc| view.open[a.link as usize];
        let Some(end) = d.run(g, w, &src, Some(to), open, bound) else {
            return Ok(kept);
        };
        let first = d.path(end).0;
        found.push((walk(g, w, &first).0, first));
        let mut banned_node = vec![false; g.node_count()];
        // Near-duplicates are generated and used as deviation bases, but not returned.
        let limit = k.saturating_mul(20).max(50);
        loop {
            let (_, last) = found.last().expect("found starts non-empty").clone();
            if !self.near_duplicate(&last, &kept, max_overlap) {
                kept.push(last.clone());
                meter.add(1)?;
                if kept.len() >= k {
                    break;
                }
            } else {
                meter.check()?;
            }
            if found.len() >= limit {
                break;
            }
            let mut path_nodes: Vec<usize> = vec![from];
            path_nodes.extend(last.iter().map(|s| s.to as usize));
            for i in 0..last.len() {
                // The root's nodes before the spur are banned, one more at each step.
                if i > 0 {
                    banned_node[path_nodes[i - 1]] = true;
                }
                let spur = path_nodes[i];
                let root = &last[..i];
                let banned_links: Vec<u32> = found
                    .iter()
                    .filter(|(_, p)| p.len() > i && p[..i] == *root)
                    .map(|(_, p)| p[i].link)
                    .collect();
                let (root_cost, class) = walk(g, w, root);
                let src = [(d.state(spur, class), root_cost)];
                let usable = |v: usize, a: &Arc| {
                    view.open[a.link as usize]
                        && !banned_node[a.head as usize]
                        && !(v == spur && banned_links.contains(&a.link))
                };
                if let Some(end) = d.run(g, w, &src, Some(to), usable, bound) {
                    let mut p = root.to_vec();
                    p.extend(d.path(end).0);
                    let cost = walk(g, w, &p).0;
                    if !found.iter().any(|(_, q)| *q == p) {
                        candidates.insert((OrdF64(cost), p));
                    }
                }
            }
            for &v in &path_nodes {
                banned_node[v] = false;
            }
            match candidates.pop_first() {
                Some((OrdF64(c), p)) => found.push((c, p)),
                None => break,
            }
        }
        Ok(kept)
    }
}
