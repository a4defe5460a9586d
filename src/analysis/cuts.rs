//! Which links every route between two places must take: the joint-cut half of criticality.
//!
//! Whether a route exists does not depend on weights (every weight is finite) nor on the
//! class a route arrives in (every arc leaving a place is open to every arrival there), so
//! these searches walk places, not search states, and count links instead of adding weights:
//! a breadth-first search with weights 0 and 1 (a deque), far cheaper than a route search.

use std::collections::VecDeque;

use crate::engine::{Graph, View};

const NONE: u32 = u32::MAX;

/// Reusable buffers for reachability searches over one graph and view.
pub(crate) struct Reach<'a> {
    g: &'a Graph,
    pub(crate) view: &'a View,
    /// Per node: links counted on the way (`NONE` unseen), the arc's link and tail it came by.
    dist: Vec<u32>,
    pred: Vec<(u32, u32)>,
    touched: Vec<u32>,
    /// Per link: 1 when closed, 2 when it counts, 0 otherwise.
    mark: Vec<u8>,
    marked: Vec<u32>,
    /// Per link: the number of the last path that took it.
    taken: Vec<u32>,
    paths: u32,
    queue: VecDeque<u32>,
}

const CLOSED: u8 = 1;
const COUNTS: u8 = 2;

impl<'a> Reach<'a> {
    pub(crate) fn new(g: &'a Graph, view: &'a View) -> Reach<'a> {
        let n = g.node_count();
        Reach {
            g,
            view,
            dist: vec![NONE; n],
            pred: vec![(NONE, NONE); n],
            touched: Vec::new(),
            mark: vec![0; view.open.len()],
            marked: Vec::new(),
            taken: vec![0; view.open.len()],
            paths: 0,
            queue: VecDeque::new(),
        }
    }

    fn set_marks(&mut self, closed: &[usize], counted: &[usize]) {
        for &l in &self.marked {
            self.mark[l as usize] = 0;
        }
        self.marked.clear();
        for &l in counted {
            self.mark[l] = COUNTS;
            self.marked.push(l as u32);
        }
        for &l in closed {
            self.mark[l] = CLOSED;
            self.marked.push(l as u32);
        }
    }

    /// The links of a path from `from` to `to` over the view's open links but `closed`, using
    /// as few of the `counted` links as it can; `None` when there is no path.
    pub(crate) fn path(
        &mut self,
        from: usize,
        to: usize,
        closed: &[usize],
        counted: &[usize],
    ) -> Option<Vec<usize>> {
        self.set_marks(closed, counted);
        for &v in &self.touched {
            self.dist[v as usize] = NONE;
            self.pred[v as usize] = (NONE, NONE);
        }
        self.touched.clear();
        self.queue.clear();
        self.dist[from] = 0;
        self.touched.push(from as u32);
        self.queue.push_back(from as u32);
        // Each node leaves the deque at its final count first (0–1 BFS); later copies of it
        // carry a larger count than its label and are passed over.
        while let Some(v) = self.queue.pop_front() {
            let v = v as usize;
            if v == to {
                break;
            }
            let dv = self.dist[v];
            for arc in self.g.out(v) {
                let l = arc.link as usize;
                if !self.view.open[l] || self.mark[l] == CLOSED {
                    continue;
                }
                let step = u32::from(self.mark[l] == COUNTS);
                let h = arc.head as usize;
                let nd = dv + step;
                if nd < self.dist[h] {
                    if self.dist[h] == NONE {
                        self.touched.push(h as u32);
                    }
                    self.dist[h] = nd;
                    self.pred[h] = (arc.link, v as u32);
                    if step == 0 {
                        self.queue.push_front(h as u32);
                    } else {
                        self.queue.push_back(h as u32);
                    }
                }
            }
        }
        if self.dist[to] == NONE {
            return None;
        }
        let mut links = Vec::new();
        let mut v = to;
        while v != from {
            let (l, p) = self.pred[v];
            links.push(l as usize);
            v = p as usize;
        }
        Some(links)
    }

    /// The links other than `a` and those `skip` refuses that every path from `from` to `to`
    /// takes once `a` is closed, sorted; `None` when closing `a` alone leaves no path.
    pub(crate) fn must_take(
        &mut self,
        from: usize,
        to: usize,
        a: usize,
        skip: impl Fn(usize) -> bool,
    ) -> Option<Vec<usize>> {
        // Every such link lies on every path: start from one path's links and keep only
        // those each further path takes, asking for paths that take as few as they can.
        let mut left = self.path(from, to, &[a], &[])?;
        left.retain(|&c| c != a && !skip(c));
        left.sort_unstable();
        left.dedup();
        let mut sure: Vec<usize> = Vec::new();
        if !left.is_empty() {
            let p = self.path(from, to, &[a], &left)?;
            self.keep_taken(&mut left, &p);
        }
        while let Some(c) = left.pop() {
            match self.path(from, to, &[a, c], &left) {
                None => sure.push(c),
                Some(p) => self.keep_taken(&mut left, &p),
            }
        }
        sure.sort_unstable();
        Some(sure)
    }

    /// Keeps the links of `left` that `path` takes.
    fn keep_taken(&mut self, left: &mut Vec<usize>, path: &[usize]) {
        self.paths += 1;
        if self.paths == u32::MAX {
            self.taken.fill(0);
            self.paths = 1;
        }
        for &l in path {
            self.taken[l] = self.paths;
        }
        left.retain(|&l| self.taken[l] == self.paths);
    }
}
