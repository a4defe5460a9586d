//! The project ranking's evaluator: optimal assignments of the query's flows with sets of
//! projects built, each set solved once, and what one set adds over another.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{NOISE, ProjectsQuery};
use crate::analysis::{CapacityQuery, Filter, Flows, OptimalQuery, Regions};
use crate::error::QueryError;
use crate::model::Mode;
use crate::network::Network;

/// One optimal assignment, as the comparisons need it.
pub(super) struct Outcome {
    pub(super) objective: f64,
    pub(super) total: f64,
    pub(super) unmet: f64,
    /// Each flow's Mt/yr carried.
    pub(super) carried: Vec<(String, String, f64)>,
}

/// What a set of projects adds over a base: value, saving, Mt/yr newly served.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Gain {
    pub(super) value: f64,
    pub(super) saving: f64,
    pub(super) served: f64,
}

/// Evaluates sets of projects on one network, each set once: the pairs, the build order and
/// "all but one" ask for many of the same sets.
pub(super) struct Valuer<'a> {
    net: &'a Network,
    q: &'a ProjectsQuery,
    /// Each set solved so far (sorted ids) and its assignment.
    memo: Mutex<HashMap<Vec<String>, Arc<Outcome>>>,
}

impl<'a> Valuer<'a> {
    pub(super) fn new(net: &'a Network, q: &'a ProjectsQuery) -> Valuer<'a> {
        Valuer {
            net,
            q,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// The optimal assignment at the query's flows with `built` built, solved once per set.
    pub(super) fn built(&self, built: &[&str]) -> Result<Arc<Outcome>, QueryError> {
        let mut key: Vec<String> = built.iter().map(|s| s.to_string()).collect();
        key.sort();
        key.dedup();
        let known = self.memo.lock().ok().and_then(|m| m.get(&key).cloned());
        if let Some(o) = known {
            return Ok(o);
        }
        let o = Arc::new(self.outcome(self.with(built), self.q.pairs.clone())?);
        if let Ok(mut m) = self.memo.lock() {
            m.insert(key, o.clone());
        }
        Ok(o)
    }

    fn outcome(&self, filter: Filter, flows: Flows) -> Result<Outcome, QueryError> {
        let q = OptimalQuery::new()
            .flows(flows)
            .filter(filter)
            .design(self.q.design)
            .unmet_penalty(self.q.penalty)
            .versus_greedy(false);
        let a = self.net.optimal(&q)?;
        Ok(Outcome {
            objective: a.objective_usd_per_year,
            total: a.total_usd_per_year,
            unmet: a.unmet_mtpa,
            carried: a
                .demands
                .iter()
                .map(|d| (d.from.clone(), d.to.clone(), d.served_mtpa))
                .collect(),
        })
    }

    /// The network of the filter with these projects built.
    pub(super) fn with(&self, built: &[&str]) -> Filter {
        built
            .iter()
            .fold(self.q.filter.clone(), |f, id| f.project(*id))
    }

    /// What building `built` adds over `base` (itself `built` less some).
    pub(super) fn gain(&self, base: &Outcome, built: &[&str]) -> Result<Gain, QueryError> {
        let o = self.built(built)?;
        let served = base.unmet - o.unmet;
        // With cargo unmet at the base, the saving is on the base's cargo alone.
        let total = if base.unmet > 0.0 {
            let mut same = Flows::default();
            for (from, to, x) in base.carried.iter().filter(|c| c.2 > 0.0) {
                same.push(from.clone(), to.clone(), *x);
            }
            if same == Flows::default() {
                0.0
            } else {
                self.outcome(self.with(built), same)?.total
            }
        } else {
            o.total
        };
        let tiny = NOISE * base.total.max(1.0);
        let clean = |x: f64| if x.abs() <= tiny { 0.0 } else { x };
        Ok(Gain {
            value: clean(base.objective - o.objective),
            saving: clean(base.total - total),
            served: if served.abs() <= 1e-9 { 0.0 } else { served },
        })
    }

    /// The maximum flow from the flows' origins (`regions`) to their destinations by `modes`.
    pub(super) fn capacity(
        &self,
        regions: &Regions,
        filter: Filter,
        modes: &[Mode],
    ) -> Result<Option<f64>, QueryError> {
        if regions.origins.is_empty() || regions.destinations.is_empty() {
            return Ok(None);
        }
        let f = modes.iter().fold(filter, |f, m| f.mode(*m));
        let c = CapacityQuery::new(regions.origins.clone(), regions.destinations.clone())
            .filter(f)
            .design(self.q.design);
        Ok(self.net.capacity(&c)?.max_flow_mtpa)
    }
}
