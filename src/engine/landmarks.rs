//! Landmark bounds for goal-directed search (ALT: A*, landmarks, triangle inequality).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::engine::dijkstra::{Dijkstra, Unguided};
use crate::engine::graph::{Graph, START};
use crate::engine::weights::Weights;
use crate::model::Records;

/// How many landmarks guide the search on networks too large for exact bounds.
const LANDMARKS: usize = 8;

/// Networks up to this many nodes keep exact transfer-free distances between every pair.
const EXACT_UP_TO: usize = 256;

/// Relative slack on landmark bounds, which are stored as `f32`: the bound is lowered by this
/// share of the distances it subtracts, more than covering their rounding.
const SLACK: f64 = 1e-6;

/// Distances from far-apart nodes (or from every node, on small networks) over every link in
/// both directions: |d(L, t) − d(L, v)| is then a lower bound on any route from v to t under any
/// view, since views only close links and add weight (ALT: A*, landmarks, triangle
/// inequality). Exact tables leave transfers out; landmark distances count them, less the
/// largest transfer, which joining two routes at a node may change.
#[derive(Debug)]
pub(crate) struct Landmarks {
    count: usize,
    /// `dist[v * count + i]`: distance from landmark i to node v (infinite when unconnected).
    dist: Vec<f32>,
    /// Taken off every bound: the largest transfer, when distances include transfers.
    less: f64,
}

impl Landmarks {
    pub(crate) fn build(net: &Records, g: &Graph, w: &Weights) -> Landmarks {
        let n = g.node_count();
        // A small network affords every node as a landmark: the bound is then the exact
        // transfer-free distance, one lookup.
        let count = if n <= EXACT_UP_TO {
            n
        } else {
            LANDMARKS.min(n)
        };
        // The undirected closure of the network, every link counted.
        let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for (i, &(a, b)) in net.ends.iter().enumerate() {
            adj[a].push((b as u32, w.either_way(i)));
            adj[b].push((a as u32, w.either_way(i)));
        }
        let mut dist = vec![f32::INFINITY; n * count];
        if count == n {
            for i in 0..n {
                let d = one_to_all(&adj, i);
                for v in 0..n {
                    dist[v * count + i] = d[v] as f32;
                }
            }
            return Landmarks {
                count,
                dist,
                less: 0.0,
            };
        }
        // Beyond the exact case, distances over the search states, transfers included, make far
        // tighter bounds; joining two routes at a node may change one transfer there, so the
        // largest transfer is taken off. Without one-way links these distances are symmetric,
        // which the bound needs; with them (or crossings priced by direction), fall back to the
        // transfer-free closure.
        let aware = net.links.iter().all(|l| !l.oneway) && w.back.is_empty();
        let less = if aware { w.max_transfer() } else { 0.0 };
        let mut search = Dijkstra::new(g);
        let mut from_landmark = |s: usize| -> Vec<f64> {
            if !aware {
                return one_to_all(&adj, s);
            }
            let src = [(search.state(s, START), 0.0)];
            search.run(g, w, &src, None, |_, _| true, Unguided);
            (0..n)
                .map(|v| {
                    search
                        .states_of(v)
                        .iter()
                        .map(|x| x.1)
                        .fold(f64::INFINITY, f64::min)
                })
                .collect()
        };
        let mut nearest = vec![f64::INFINITY; n];
        let mut from = from_landmark(0);
        for i in 0..count {
            // The next landmark: the node farthest from those chosen (from node 0 at first).
            let pick = (0..n)
                .filter(|&v| from[v].is_finite())
                .max_by(|&a, &b| from[a].total_cmp(&from[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            let d = from_landmark(pick);
            for v in 0..n {
                dist[v * count + i] = d[v] as f32;
                nearest[v] = nearest[v].min(d[v]);
            }
            from = nearest.clone();
        }
        Landmarks { count, dist, less }
    }

    /// A lower bound on the weight of any route from `v` to `t`.
    #[inline]
    pub(crate) fn bound(&self, v: usize, t: usize) -> f64 {
        if self.count * self.count == self.dist.len() {
            let d = self.dist[v * self.count + t];
            // An unconnected pair stays infinite and is pruned.
            return (d * (1.0 - SLACK as f32)) as f64;
        }
        let dv = &self.dist[v * self.count..][..self.count];
        let dt = &self.dist[t * self.count..][..self.count];
        // A landmark that reaches neither node gives NaN, which `max` passes over.
        let slack = SLACK as f32;
        let best = dv
            .iter()
            .zip(dt)
            .map(|(&a, &b)| (a - b).abs() - slack * (a + b))
            .fold(0.0f32, f32::max);
        (best as f64 - self.less).max(0.0)
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.dist.len() * std::mem::size_of::<f32>()
    }
}

fn one_to_all(adj: &[Vec<(u32, f64)>], s: usize) -> Vec<f64> {
    let mut d = vec![f64::INFINITY; adj.len()];
    let mut heap = BinaryHeap::new();
    d[s] = 0.0;
    heap.push(Reverse((0u64, s as u32)));
    while let Some(Reverse((bits, v))) = heap.pop() {
        let v = v as usize;
        let dv = f64::from_bits(bits);
        if dv > d[v] {
            continue;
        }
        for &(h, w) in &adj[v] {
            let nd = dv + w;
            if nd < d[h as usize] {
                d[h as usize] = nd;
                heap.push(Reverse((nd.to_bits(), h)));
            }
        }
    }
    d
}
