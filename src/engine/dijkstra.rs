//! Dijkstra over (node, arrival class) states, so transfers (gauge, mode, port) are priced
//! where a route changes, and borders where it crosses.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::engine::graph::{Arc, Class, Graph, START, States, transfer};
use crate::engine::weights::Weights;
const NONE: u32 = u32::MAX;

/// What a search knows of a state: kept together so one cache line serves a relaxation.
#[derive(Debug, Clone, Copy)]
struct Label {
    dist: f64,
    pred: u32,
    link: u32,
}

const UNSEEN: Label = Label {
    dist: f64::INFINITY,
    pred: NONE,
    link: NONE,
};

/// What a search knows of its target: nothing ([`Unguided`]), or a lower bound on the weight
/// from a node to it (any `Fn(usize) -> f64`), which guides the search as A*.
pub(crate) trait Goal {
    /// Whether there is a bound to compute; without one the search never asks for it.
    const GUIDED: bool;
    /// A lower bound on the weight from node `v` to the target.
    fn bound(&self, v: usize) -> f64;
}

/// A search with no goal bound: plain Dijkstra.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unguided;

impl Goal for Unguided {
    const GUIDED: bool = false;
    fn bound(&self, _: usize) -> f64 {
        0.0
    }
}

impl<H: Fn(usize) -> f64> Goal for H {
    const GUIDED: bool = true;
    fn bound(&self, v: usize) -> f64 {
        self(v)
    }
}

/// Reusable Dijkstra buffers over the graph's search states.
#[derive(Debug, Clone)]
pub(crate) struct Dijkstra {
    states: std::sync::Arc<States>,
    label: Vec<Label>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// Per node: the goal bound of the current search, NaN until asked.
    bound: Vec<f64>,
    bounded: Vec<u32>,
}

/// One step of a path: a link taken from one node to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Step {
    pub link: u32,
    pub from: u32,
    pub to: u32,
}

impl Dijkstra {
    pub(crate) fn new(g: &Graph) -> Dijkstra {
        let states = g.states.node.len();
        Dijkstra {
            states: g.states.clone(),
            label: vec![UNSEEN; states],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            bound: vec![f64::NAN; g.node_count()],
            bounded: Vec::new(),
        }
    }

    #[inline]
    pub(crate) fn state(&self, node: usize, class: Class) -> usize {
        self.states.of(node, class)
    }

    #[inline]
    pub(crate) fn node_of(&self, state: usize) -> usize {
        self.states.node[state] as usize
    }

    #[inline]
    pub(crate) fn class_of(&self, state: usize) -> Class {
        self.states.class[state]
    }

    fn reset(&mut self) {
        for &s in &self.touched {
            self.label[s as usize] = UNSEEN;
        }
        self.touched.clear();
        for &v in &self.bounded {
            self.bound[v as usize] = f64::NAN;
        }
        self.bounded.clear();
        self.heap.clear();
    }

    /// The goal bound of a node, computed once per search.
    #[inline]
    fn bound_of<H: Goal>(&mut self, v: usize, goal: &H) -> f64 {
        let b = self.bound[v];
        if !b.is_nan() {
            return b;
        }
        let b = goal.bound(v);
        self.bound[v] = b;
        self.bounded.push(v as u32);
        b
    }

    /// Runs from `sources` (state, starting weight) until the first state of `target` is
    /// settled (or everything reachable, when `target` is `None`); returns that state.
    ///
    /// `usable(from, arc)` says whether an arc may be taken (the view's mask and any bans).
    /// `goal` is [`Unguided`], or a lower bound on the weight from a node to the target, which
    /// makes the search A*: exact for any admissible bound, since a state whose weight
    /// improves after it was settled is settled again.
    pub(crate) fn run<F, H>(
        &mut self,
        g: &Graph,
        w: &Weights,
        sources: &[(usize, f64)],
        target: Option<usize>,
        usable: F,
        goal: H,
    ) -> Option<usize>
    where
        F: Fn(usize, &Arc) -> bool,
        H: Goal,
    {
        self.reset();
        for &(s, d) in sources {
            if d < self.label[s].dist {
                if self.label[s].dist.is_infinite() {
                    self.touched.push(s as u32);
                }
                self.label[s].dist = d;
                let f = if H::GUIDED {
                    d + self.bound_of(self.node_of(s), &goal)
                } else {
                    d
                };
                if f.is_finite() {
                    self.heap.push(Reverse((f.to_bits(), s as u32)));
                }
            }
        }
        while let Some(Reverse((bits, s))) = self.heap.pop() {
            let s = s as usize;
            let v = self.node_of(s);
            let d = self.label[s].dist;
            let h = if H::GUIDED { self.bound[v] } else { 0.0 };
            if f64::from_bits(bits) > d + h {
                continue;
            }
            if Some(v) == target {
                return Some(s);
            }
            let class = self.class_of(s);
            for arc in g.out(v) {
                if !usable(v, arc) {
                    continue;
                }
                let l = arc.link as usize;
                let (kind, next_class) = transfer(class, g.class[l]);
                let head = arc.head as usize;
                let nd = d + w.at(g, v, kind) + w.along(g, l, head);
                let t = if arc.arrive != NONE {
                    arc.arrive as usize
                } else {
                    self.state(head, next_class)
                };
                if nd < self.label[t].dist {
                    let f = if H::GUIDED {
                        nd + self.bound_of(head, &goal)
                    } else {
                        nd
                    };
                    if H::GUIDED && !f.is_finite() {
                        continue;
                    }
                    if self.label[t].dist.is_infinite() {
                        self.touched.push(t as u32);
                    }
                    self.label[t] = Label {
                        dist: nd,
                        pred: s as u32,
                        link: arc.link,
                    };
                    self.heap.push(Reverse((f.to_bits(), t as u32)));
                }
            }
        }
        None
    }

    /// The steps from a source to `state`, and the source state it started from.
    pub(crate) fn path(&self, mut state: usize) -> (Vec<Step>, usize) {
        let mut steps = Vec::new();
        while self.label[state].pred != NONE {
            let p = self.label[state].pred as usize;
            steps.push(Step {
                link: self.label[state].link,
                from: self.node_of(p) as u32,
                to: self.node_of(state) as u32,
            });
            state = p;
        }
        steps.reverse();
        (steps, state)
    }

    /// The best settled or labelled states of a node, after a full run.
    pub(crate) fn states_of(&self, node: usize) -> Vec<(usize, f64)> {
        let (a, b) = (
            self.states.first[node] as usize,
            self.states.first[node + 1] as usize,
        );
        (a..b)
            .filter(|&s| self.label[s].dist.is_finite())
            .map(|s| (s, self.label[s].dist))
            .collect()
    }
}

/// Walks a sequence of steps from the start, returning its total weight and final class.
pub(crate) fn walk(g: &Graph, w: &Weights, steps: &[Step]) -> (f64, Class) {
    let mut class = START;
    let mut total = 0.0;
    for s in steps {
        let l = s.link as usize;
        let (kind, next) = transfer(class, g.class[l]);
        total = total + w.at(g, s.from as usize, kind) + w.along(g, l, s.to as usize);
        class = next;
    }
    (total, class)
}

/// A total order on the non-NaN weights the searches produce.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OrdF64(pub f64);
impl Eq for OrdF64 {}
impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdF64 {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}
