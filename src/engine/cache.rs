//! The engine a network builds on first use and reuses across queries: the search graph, the
//! yearly risks, the ids reports name, today's view and its weights, landmark bounds and a pool of search buffers.

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, OnceLock};

use crate::engine::dijkstra::Dijkstra;
use crate::engine::graph::Graph;
use crate::engine::landmarks::Landmarks;
use crate::engine::names::Names;
use crate::engine::view::View;
use crate::engine::weights::{Risk, Weights};
use crate::model::{Metric, Records, Status};

/// Everything searches need beyond the records, each part built lazily from them. Cloning
/// starts afresh: the clone builds its own on first use.
#[derive(Default)]
pub(crate) struct Engine {
    graph: OnceLock<Graph>,
    risk: OnceLock<Risk>,
    names: OnceLock<Names>,
    today: OnceLock<View>,
    weights: [OnceLock<Weights>; Metric::COUNT],
    landmarks: [OnceLock<Landmarks>; Metric::COUNT],
    pool: Mutex<Vec<Dijkstra>>,
}

impl Clone for Engine {
    fn clone(&self) -> Self {
        Engine::default()
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Engine")
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

impl Engine {
    /// The search graph of these records, built once.
    pub(crate) fn graph(&self, data: &Records) -> &Graph {
        self.graph.get_or_init(|| Graph::build(data))
    }

    /// The yearly risks of the records' scenarios, built once.
    pub(crate) fn risk(&self, data: &Records) -> &Risk {
        self.risk.get_or_init(|| Risk::new(data))
    }

    /// The records' ids as a report hands them out, made once.
    pub(crate) fn names(&self, data: &Records) -> &Names {
        self.names.get_or_init(|| Names::new(data))
    }

    /// Today's view: the links built by the file's `as_of`, of every mode, nothing avoided,
    /// the events in force that day applied.
    pub(crate) fn today(&self, data: &Records) -> &View {
        self.today.get_or_init(|| View::today(data))
    }

    /// The weights of a metric under a view.
    pub(crate) fn weights(&self, data: &Records, view: &View, metric: Metric) -> Weights {
        Weights::new(data, self.graph(data), self.risk(data), view, metric)
    }

    /// Today's weights for a metric, built once.
    pub(crate) fn today_weights(&self, data: &Records, metric: Metric) -> &Weights {
        self.weights[metric as usize].get_or_init(|| self.weights(data, self.today(data), metric))
    }

    /// Landmark bounds for a metric, valid under every view.
    pub(crate) fn landmarks(&self, data: &Records, metric: Metric) -> &Landmarks {
        self.landmarks[metric as usize].get_or_init(|| {
            let all = View::new(data, &Status::ALL, None, &[], None);
            Landmarks::build(data, self.graph(data), &self.weights(data, &all, metric))
        })
    }

    /// Bytes held by the landmark tables built so far.
    pub(crate) fn landmark_bytes(&self) -> usize {
        self.landmarks
            .iter()
            .filter_map(|l| l.get())
            .map(Landmarks::bytes)
            .sum()
    }

    /// A search buffer from the pool (or a new one).
    pub(crate) fn dijkstra(&self, data: &Records) -> Pooled<'_> {
        let d = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| Dijkstra::new(self.graph(data)));
        Pooled {
            d: Some(d),
            pool: &self.pool,
        }
    }
}
