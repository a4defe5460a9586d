//! The engine: everything that works on indices rather than ids. A compact graph over
//! (node, arrival class) states, views that mask it, weights per metric, Dijkstra with goal
//! bounds, max-flow, the [`Search`] facade every analysis asks its paths of, and the ids a
//! report gives its indices back as, made once.
//!
//! Invariant: views only close links and add non-negative weight, so landmark bounds computed
//! once on the whole network stay admissible under every view, and labels settle once.

mod cache;
mod dijkstra;
mod flow;
mod forms;
mod graph;
mod landmarks;
mod names;
mod view;
mod weights;

pub(crate) use cache::{Engine, Pooled};
pub(crate) use dijkstra::{Dijkstra, OrdF64, Step, Unguided, walk};
pub(crate) use flow::{EPS, FlowNet};
pub(crate) use forms::{Form, Forms, Ranges};
pub(crate) use graph::{Arc, Graph, SEA, START, class_mode, transfer};
pub(crate) use landmarks::Landmarks;
pub(crate) use names::Names;
pub(crate) use view::{View, effects, in_force, merged_effects};
pub(crate) use weights::{Risk, TIE_BREAK, Weights};

/// What a path search needs: the graph, the view of it a query sees and a metric's weights.
/// Buffers come from the caller (a pooled [`Dijkstra`]), so repeated searches allocate nothing.
#[derive(Clone, Copy)]
pub(crate) struct Search<'a> {
    pub g: &'a Graph,
    pub view: &'a View,
    pub w: &'a Weights,
}

impl Search<'_> {
    /// The best path from `from` to `to` over the view's open links.
    pub(crate) fn shortest(&self, d: &mut Dijkstra, from: usize, to: usize) -> Option<Vec<Step>> {
        self.shortest_where(d, from, to, |_, _| true)
    }

    /// The best path from `from` to `to` over the view's open links but those in `closed`.
    pub(crate) fn shortest_without(
        &self,
        d: &mut Dijkstra,
        from: usize,
        to: usize,
        closed: &[usize],
    ) -> Option<Vec<Step>> {
        self.shortest_where(d, from, to, |_, a| !closed.contains(&(a.link as usize)))
    }

    /// The best path from `from` to `to` over the view's open arcs for which `ok(tail, arc)`.
    pub(crate) fn shortest_where(
        &self,
        d: &mut Dijkstra,
        from: usize,
        to: usize,
        ok: impl Fn(usize, &Arc) -> bool,
    ) -> Option<Vec<Step>> {
        let src = [(self.g.states.of(from, START), 0.0)];
        let view = self.view;
        let open = |v, a: &Arc| view.open[a.link as usize] && ok(v, a);
        let end = d.run(self.g, self.w, &src, Some(to), open, Unguided)?;
        Some(d.path(end).0)
    }

    /// The weight of a path under these weights.
    pub(crate) fn cost(&self, steps: &[Step]) -> f64 {
        walk(self.g, self.w, steps).0
    }
}
