//! What route queries reuse across calls: today's view and its weights, landmark distances
//! for goal-directed search, and search buffers. Built on first use, once per network.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, OnceLock};

use crate::graph::{Graph, View};
use crate::model::Network;
use crate::search::{Dijkstra, Metric, Weights};

/// How many landmarks guide the search on networks too large for exact bounds.
const LANDMARKS: usize = 8;

/// Networks up to this many nodes keep exact transfer-free distances between every pair.
const EXACT_UP_TO: usize = 256;

/// Relative slack on landmark bounds, which are stored as `f32`: the bound is lowered by this
/// share of the distances it subtracts, more than covering their rounding.
const SLACK: f64 = 1e-6;

fn metric_index(m: Metric) -> usize {
    match m {
        Metric::Distance => 0,
        Metric::Time => 1,
        Metric::Cost => 2,
        Metric::Reliability => 3,
    }
}

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
    fn build(net: &Network, g: &Graph, w: &Weights) -> Landmarks {
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
            adj[a].push((b as u32, w.link[i]));
            adj[b].push((a as u32, w.link[i]));
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
        // which the bound needs; with them, fall back to the transfer-free closure.
        let aware = net.links.iter().all(|l| !l.oneway);
        let less = if aware {
            w.transfer.iter().copied().fold(0.0, f64::max)
        } else {
            0.0
        };
        let mut search = crate::search::Dijkstra::new(g);
        let mut from_landmark = |s: usize| -> Vec<f64> {
            if !aware {
                return one_to_all(&adj, s);
            }
            let src = [(search.state(s, crate::graph::START), 0.0)];
            search.run(g, w, &src, None, |_, _| true);
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

/// Per-network reuse, built lazily. Cloning a network starts a fresh cache.
#[derive(Default)]
pub(crate) struct SearchCache {
    today: OnceLock<View>,
    weights: [OnceLock<Weights>; 4],
    landmarks: [OnceLock<Landmarks>; 4],
    pool: Mutex<Vec<Dijkstra>>,
}

impl Clone for SearchCache {
    fn clone(&self) -> Self {
        SearchCache::default()
    }
}

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchCache")
    }
}

/// A search buffer lent from the pool, returned when dropped.
pub(crate) struct Pooled<'a> {
    d: Option<Dijkstra>,
    pool: &'a Mutex<Vec<Dijkstra>>,
}

impl Deref for Pooled<'_> {
    type Target = Dijkstra;
    fn deref(&self) -> &Dijkstra {
        self.d.as_ref().expect("present until dropped")
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Dijkstra {
        self.d.as_mut().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(d), Ok(mut pool)) = (self.d.take(), self.pool.lock()) {
            pool.push(d);
        }
    }
}

impl Network {
    /// Today's view: operational links of every mode, nothing avoided, no scenario.
    pub(crate) fn today(&self) -> &View {
        self.cache
            .today
            .get_or_init(|| View::new(self, &[], None, &[]))
    }

    /// Today's weights for a metric.
    pub(crate) fn today_weights(&self, metric: Metric) -> &Weights {
        self.cache.weights[metric_index(metric)]
            .get_or_init(|| Weights::new(self, self.graph(), self.today(), metric))
    }

    /// Landmark bounds for a metric, valid under every view.
    pub(crate) fn landmarks(&self, metric: Metric) -> &Landmarks {
        self.cache.landmarks[metric_index(metric)].get_or_init(|| {
            let g = self.graph();
            let all = View::new(self, &crate::model::Status::ALL, None, &[]);
            Landmarks::build(self, g, &Weights::new(self, g, &all, metric))
        })
    }

    /// Bytes held by the search graph: the compact adjacency, per-link classes, border flags
    /// and risks every search runs on (the network's own records not counted).
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert!(net.search_graph_bytes() < 64 * net.links().len());
    /// ```
    pub fn search_graph_bytes(&self) -> usize {
        self.graph().bytes()
    }

    /// Bytes held by the landmark distances built so far for goal-directed search (one table
    /// per metric used): every pair of nodes on networks up to 256 nodes, eight distances per
    /// node beyond.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// net.route(&corridors::RouteQuery::new("termez", "karachi")).unwrap();
    /// let n = net.nodes().len();
    /// assert_eq!(net.landmark_bytes(), n * n * 4);
    /// ```
    pub fn landmark_bytes(&self) -> usize {
        self.cache
            .landmarks
            .iter()
            .filter_map(|l| l.get())
            .map(Landmarks::bytes)
            .sum()
    }

    /// A search buffer from the pool (or a new one).
    pub(crate) fn dijkstra(&self) -> Pooled<'_> {
        let d = self
            .cache
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| Dijkstra::new(self.graph()));
        Pooled {
            d: Some(d),
            pool: &self.cache.pool,
        }
    }
}
