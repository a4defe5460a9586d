//! Dinic's maximum flow on a small residual network with `f64` capacities, where
//! `f64::INFINITY` stands for a capacity nobody has published.

use std::collections::VecDeque;

/// Residual capacities below this count as zero.
pub(crate) const EPS: f64 = 1e-9;

/// A flow network: arcs stored in pairs, arc `2k` forward and `2k + 1` its reverse.
#[derive(Debug, Clone)]
pub(crate) struct FlowNet {
    first: Vec<Vec<u32>>,
    pub head: Vec<u32>,
    pub cap: Vec<f64>,
    pub flow: Vec<f64>,
    level: Vec<u32>,
    next: Vec<usize>,
}

impl FlowNet {
    pub(crate) fn new(nodes: usize) -> FlowNet {
        FlowNet {
            first: vec![Vec::new(); nodes],
            head: Vec::new(),
            cap: Vec::new(),
            flow: Vec::new(),
            level: vec![0; nodes],
            next: vec![0; nodes],
        }
    }

    /// Adds a node; returns its index.
    pub(crate) fn add_node(&mut self) -> usize {
        self.first.push(Vec::new());
        self.level.push(0);
        self.next.push(0);
        self.first.len() - 1
    }

    /// Adds an arc `u → v` of capacity `cap`; returns its index.
    pub(crate) fn add(&mut self, u: usize, v: usize, cap: f64) -> usize {
        let k = self.head.len();
        self.first[u].push(k as u32);
        self.head.push(v as u32);
        self.cap.push(cap);
        self.flow.push(0.0);
        self.first[v].push(k as u32 + 1);
        self.head.push(u as u32);
        self.cap.push(0.0);
        self.flow.push(0.0);
        k
    }

    #[inline]
    fn residual(&self, k: usize) -> f64 {
        self.cap[k] - self.flow[k]
    }

    /// The tail of arc `k`.
    pub(crate) fn tail(&self, k: usize) -> usize {
        self.head[k ^ 1] as usize
    }

    fn bfs(&mut self, s: usize, t: usize) -> bool {
        self.level.iter_mut().for_each(|l| *l = u32::MAX);
        self.level[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            for &k in &self.first[u] {
                let k = k as usize;
                let v = self.head[k] as usize;
                if self.level[v] == u32::MAX && self.residual(k) > EPS {
                    self.level[v] = self.level[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        self.level[t] != u32::MAX
    }

    fn dfs(&mut self, u: usize, t: usize, pushed: f64) -> f64 {
        if u == t {
            return pushed;
        }
        while self.next[u] < self.first[u].len() {
            let k = self.first[u][self.next[u]] as usize;
            let v = self.head[k] as usize;
            if self.level[v] == self.level[u] + 1 && self.residual(k) > EPS {
                let got = self.dfs(v, t, pushed.min(self.residual(k)));
                if got > EPS {
                    self.flow[k] += got;
                    self.flow[k ^ 1] -= got;
                    return got;
                }
            }
            self.next[u] += 1;
        }
        0.0
    }

    /// Pushes the maximum flow from `s` to `t` and returns its value.
    ///
    /// The caller must make sure no path of infinite arcs joins `s` to `t`
    /// (see [`FlowNet::infinite_path`]).
    pub(crate) fn max_flow(&mut self, s: usize, t: usize) -> f64 {
        let mut total = 0.0;
        while self.bfs(s, t) {
            self.next.iter_mut().for_each(|n| *n = 0);
            loop {
                let f = self.dfs(s, t, f64::INFINITY);
                if f <= EPS {
                    break;
                }
                total += f;
            }
        }
        total
    }

    /// Breadth-first from `start` along the arcs `open(k)` allows, arc `k` leading from the node
    /// it leaves to `head[k]`: which nodes it reaches, and for each the arc it was first
    /// reached by (`usize::MAX` for `start` and the nodes not reached).
    fn reach(&self, start: usize, open: impl Fn(usize) -> bool) -> (Vec<bool>, Vec<usize>) {
        let mut via = vec![usize::MAX; self.first.len()];
        let mut seen = vec![false; self.first.len()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(u) = queue.pop_front() {
            for &k in &self.first[u] {
                let k = k as usize;
                let v = self.head[k] as usize;
                if !seen[v] && open(k) {
                    seen[v] = true;
                    via[v] = k;
                    queue.push_back(v);
                }
            }
        }
        (seen, via)
    }

    /// A path of forward arcs of infinite capacity from `s` to `t`, as arc indices.
    pub(crate) fn infinite_path(&self, s: usize, t: usize) -> Option<Vec<usize>> {
        let (seen, via) = self.reach(s, |k| k % 2 == 0 && self.cap[k].is_infinite());
        if !seen[t] {
            return None;
        }
        let mut path = Vec::new();
        let mut v = t;
        while v != s {
            let k = via[v];
            path.push(k);
            v = self.tail(k);
        }
        path.reverse();
        Some(path)
    }

    /// The nodes reachable from `s` in the residual network: the source side of a minimum cut
    /// after [`FlowNet::max_flow`].
    pub(crate) fn source_side(&self, s: usize) -> Vec<bool> {
        self.reach(s, |k| self.residual(k) > EPS).0
    }

    /// The nodes that reach `t` in the residual network: the sink side of a minimum cut after
    /// [`FlowNet::max_flow`], the cut nearest the sink.
    pub(crate) fn sink_side(&self, t: usize) -> Vec<bool> {
        // Arc k leaves a node for head[k]; its twin k ^ 1 enters the node from head[k].
        self.reach(t, |k| self.residual(k ^ 1) > EPS).0
    }

    /// Splits the flow into paths from `s` to `t`, each as forward arc indices with its amount.
    /// Flow on cycles carries nothing from `s` to `t` and is left out.
    pub(crate) fn paths(&self, s: usize, t: usize) -> Vec<(Vec<usize>, f64)> {
        let mut left: Vec<f64> = (0..self.head.len())
            .map(|k| {
                if k % 2 == 0 {
                    self.flow[k].max(0.0)
                } else {
                    0.0
                }
            })
            .collect();
        let mut out = Vec::new();
        loop {
            // Follow arcs with flow left from s, never revisiting a node, to t.
            let mut path = Vec::new();
            let mut on_path = vec![false; self.first.len()];
            let mut u = s;
            on_path[s] = true;
            while u != t {
                let step = self.first[u]
                    .iter()
                    .map(|&k| k as usize)
                    .find(|&k| k % 2 == 0 && left[k] > EPS && !on_path[self.head[k] as usize]);
                match step {
                    Some(k) => {
                        path.push(k);
                        u = self.head[k] as usize;
                        on_path[u] = true;
                    }
                    None => break,
                }
            }
            if u != t {
                // A dead end: what flows into it only circulates. Drop the last arc and retry.
                match path.last() {
                    Some(&k) => {
                        left[k] = 0.0;
                        continue;
                    }
                    None => break,
                }
            }
            let amount = path.iter().map(|&k| left[k]).fold(f64::INFINITY, f64::min);
            for &k in &path {
                left[k] -= amount;
            }
            out.push((path, amount));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CLRS figure 26.1: maximum flow 23.
    #[test]
    fn clrs_example() {
        let mut f = FlowNet::new(6);
        for (u, v, c) in [
            (0, 1, 16.0),
            (0, 2, 13.0),
            (1, 2, 10.0),
            (2, 1, 4.0),
            (1, 3, 12.0),
            (3, 2, 9.0),
            (2, 4, 14.0),
            (4, 3, 7.0),
            (3, 5, 20.0),
            (4, 5, 4.0),
        ] {
            f.add(u, v, c);
        }
        assert_eq!(f.max_flow(0, 5), 23.0);
        let side = f.source_side(0);
        let cut: f64 = (0..f.head.len())
            .step_by(2)
            .filter(|&k| side[f.tail(k)] && !side[f.head[k] as usize])
            .map(|k| f.cap[k])
            .sum();
        assert_eq!(cut, 23.0);
        let carried: f64 = f.paths(0, 5).iter().map(|p| p.1).sum();
        assert!((carried - 23.0).abs() < 1e-9);
    }

    #[test]
    fn infinite_paths_are_found() {
        let mut f = FlowNet::new(3);
        f.add(0, 1, f64::INFINITY);
        f.add(1, 2, 5.0);
        assert!(f.infinite_path(0, 2).is_none());
        f.add(1, 2, f64::INFINITY);
        assert_eq!(f.infinite_path(0, 2).map(|p| p.len()), Some(2));
    }
}
