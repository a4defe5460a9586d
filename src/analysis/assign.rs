//! Demand assignment: each flow takes its cheapest route with room left, then max-flow for the
//! rest, and the load and utilisation of every link.

use serde::{Deserialize, Serialize};

use super::capacity::ArcRole;
use crate::analysis::{Filter, Flows, flow_builders};
use crate::engine::{Dijkstra, EPS, Graph, Step, View, Weights, walk};
use crate::error::QueryError;
use crate::model::Metric;
use crate::network::Network;

/// A demand-assignment question: route cargo flows onto the network, cheapest first.
///
/// # Example
/// ```
/// use corridors::{AssignQuery, Network};
/// let net = Network::trans_afghan();
/// let a = net.assign(&AssignQuery::new()).unwrap(); // the file's [[demands]], today
/// assert_eq!(a.demands.len(), net.demands().len());
/// assert!(a.loads.iter().all(|l| l.capacity_mtpa.is_none_or(|c| l.load_mtpa <= c + 1e-9)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignQuery {
    pairs: Flows,
    filter: Filter,
    metric: Metric,
    design: bool,
}

flow_builders!(AssignQuery);

impl AssignQuery {
    /// The file's `[[demands]]` on today's network, by cost.
    pub fn new() -> AssignQuery {
        AssignQuery {
            pairs: Flows::default(),
            filter: Filter::new(),
            metric: Metric::Cost,
            design: false,
        }
    }

    /// Assigns this demand (Mt/yr from one node to another) instead of the file's; call again
    /// for several. The same as [`AssignQuery::pair`], the name the other flow queries use.
    pub fn demand(self, from: impl Into<String>, to: impl Into<String>, mtpa: f64) -> AssignQuery {
        self.pair(from, to, mtpa)
    }

    /// Which links count.
    pub fn filter(mut self, filter: Filter) -> AssignQuery {
        self.filter = filter;
        self
    }

    /// Uses design capacities where published.
    pub fn design(mut self, design: bool) -> AssignQuery {
        self.design = design;
        self
    }
}

/// A path a share of a demand takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssignedPath {
    /// Mt/yr on this path.
    pub mtpa: f64,
    /// Link ids in order.
    pub links: Vec<String>,
    /// The path's metric value per tonne (USD/t for cost).
    pub metric_value: f64,
}

/// What became of one demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DemandResult {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Mt/yr asked.
    pub demand_mtpa: f64,
    /// Mt/yr placed on the network.
    pub served_mtpa: f64,
    /// Mt/yr left over.
    pub unserved_mtpa: f64,
    /// The paths used, cheapest first.
    pub paths: Vec<AssignedPath>,
    /// For unserved cargo: the links of its cheapest route with no capacity left.
    pub blocked_by: Vec<String>,
    /// For unserved cargo: the cheapest route it would have taken, link ids.
    pub would_take: Vec<String>,
    /// Why nothing could be served, when no route exists at all.
    pub reason: Option<String>,
}

/// Load on a link, both directions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkLoad {
    /// The link id.
    pub link: String,
    /// Mt/yr from `from` to `to`.
    pub forward_mtpa: f64,
    /// Mt/yr from `to` to `from`.
    pub backward_mtpa: f64,
    /// The larger direction's load.
    pub load_mtpa: f64,
    /// Capacity each direction, Mt/yr; `None` when unknown.
    pub capacity_mtpa: Option<f64>,
    /// Load over capacity, when the capacity is known.
    pub utilisation: Option<f64>,
    /// Whether the link has no capacity left in a loaded direction.
    pub saturated: bool,
}

/// Puts link loads in the order the answers list them: the most used first (a link of unknown
/// capacity counts as unused), then the heaviest, then by id, so ties come out the same on
/// every run.
pub(crate) fn sort_loads(loads: &mut [LinkLoad]) {
    loads.sort_by(|a, b| {
        b.utilisation
            .unwrap_or(0.0)
            .total_cmp(&a.utilisation.unwrap_or(0.0))
            .then(b.load_mtpa.total_cmp(&a.load_mtpa))
            .then_with(|| a.link.cmp(&b.link))
    });
}

/// The answer to an [`AssignQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assignment {
    /// The metric that ordered the routes.
    pub metric: Metric,
    /// One result per demand, in the order served (cheapest first).
    pub demands: Vec<DemandResult>,
    /// Every loaded link, busiest first.
    pub loads: Vec<LinkLoad>,
    /// Ids of the saturated links.
    pub saturated: Vec<String>,
    /// Total Mt/yr asked.
    pub demand_mtpa: f64,
    /// Total Mt/yr served.
    pub served_mtpa: f64,
    /// Whether links count at their design capacity (`design_capacity_mtpa`) where the file
    /// gives one, else at their capacity; left out of the JSON when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub design: bool,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: crate::analysis::Day,
}

impl Network {
    /// Routes demands onto the network, cheapest first, within capacities.
    ///
    /// Demands are taken in order of their cheapest route's cost. Each is pushed along its
    /// cheapest route with capacity left (transfers priced as in route search), again and
    /// again, until served or no such route remains; then, if capacity is still left between
    /// its ends, the rest is placed by maximum flow so no cargo is left over that the remaining
    /// capacity could carry. Links of unknown capacity take any load.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id in a demand or the filter.
    ///
    /// # Complexity
    /// A Dijkstra per path placed (each saturates a link or finishes a demand), plus a max-flow
    /// per demand not served by its cheapest paths.
    pub fn assign(&self, q: &AssignQuery) -> Result<Assignment, QueryError> {
        let flows = q.pairs.resolve(self)?;
        let ends: Vec<(usize, usize)> = flows.iter().map(|f| (f.a, f.b)).collect();
        let view = q.filter.view(self)?;
        let g = self.graph();
        let w = self.weights(&view, q.metric);
        let search = self.search(&view, &w);
        let mut d = self.dijkstra();
        // Each flow searches the links its view under the bans leaves open.
        let cheapest = |d: &mut Dijkstra,
                        (from, to): (usize, usize),
                        open: &[bool],
                        ok: &dyn Fn(usize, bool) -> bool| {
            let ends = &self.data.ends;
            search.shortest_where(d, from, to, |v, a| {
                let l = a.link as usize;
                open[l] && ok(l, ends[l].0 == v)
            })
        };
        let flow_views: Vec<_> = ends
            .iter()
            .map(|&(f, t)| view.for_flow(&self.data, f, t))
            .collect();
        // Order: cheapest unconstrained route first; no route last; ties in the given order.
        let mut order: Vec<(f64, usize)> = ends
            .iter()
            .enumerate()
            .map(|(i, &(f, t))| {
                let c = cheapest(&mut d, (f, t), &flow_views[i].open, &|_, _| true)
                    .map_or(f64::INFINITY, |p| walk(g, &w, &p).0);
                (c, i)
            })
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

        let m = self.data.links.len();
        let cap: Vec<f64> = (0..m)
            .map(|i| self.link_capacity(i, &view, q.design))
            .collect();
        let mut load = vec![[0.0f64; 2]; m];
        let mut node_load = vec![0.0f64; self.data.nodes.len()];
        let mut results = Vec::new();
        for &(_, i) in &order {
            let (from, to, mtpa) = (&flows[i].from, &flows[i].to, flows[i].mtpa);
            let (fi, ti) = ends[i];
            let fv = &flow_views[i];
            let mut left = mtpa;
            let mut paths: Vec<AssignedPath> = Vec::new();
            loop {
                if left <= EPS {
                    break;
                }
                let room = |l: usize, fwd: bool| cap[l] - load[l][usize::from(!fwd)] > EPS;
                let Some(p) = cheapest(&mut d, (fi, ti), &fv.open, &|l, fwd| {
                    room(l, fwd) && {
                        let (a, b) = self.data.ends[l];
                        let head = if fwd { b } else { a };
                        self.node_capacity(head, &view) - node_load[head] > EPS
                    }
                }) else {
                    break;
                };
                if self.node_capacity(fi, &view) - node_load[fi] <= EPS {
                    break;
                }
                let mut amount = left.min(self.node_capacity(fi, &view) - node_load[fi]);
                for s in &p {
                    let l = s.link as usize;
                    let dir = usize::from(self.data.ends[l].0 != s.from as usize);
                    amount = amount
                        .min(cap[l] - load[l][dir])
                        .min(self.node_capacity(s.to as usize, &view) - node_load[s.to as usize]);
                }
                self.place(&p, amount, fi, &mut load, &mut node_load);
                left -= amount;
                push_path(&mut paths, self, g, &w, &p, amount);
            }
            if left > EPS {
                left = self.assign_rest(
                    fv,
                    q.design,
                    fi,
                    ti,
                    left,
                    &cap,
                    &mut load,
                    &mut node_load,
                    &mut paths,
                    &w,
                );
            }
            let mut result = DemandResult {
                from: from.clone(),
                to: to.clone(),
                demand_mtpa: mtpa,
                served_mtpa: mtpa - left.max(0.0),
                unserved_mtpa: left.max(0.0),
                paths,
                blocked_by: Vec::new(),
                would_take: Vec::new(),
                reason: None,
            };
            if result.unserved_mtpa > EPS {
                match cheapest(&mut d, (fi, ti), &fv.open, &|_, _| true) {
                    Some(p) => {
                        result.would_take = p
                            .iter()
                            .map(|s| self.data.links[s.link as usize].id.clone())
                            .collect();
                        for s in &p {
                            let l = s.link as usize;
                            let dir = usize::from(self.data.ends[l].0 != s.from as usize);
                            if cap[l] - load[l][dir] <= EPS
                                && !result.blocked_by.contains(&self.data.links[l].id)
                            {
                                result.blocked_by.push(self.data.links[l].id.clone());
                            }
                            let v = s.to as usize;
                            if self.node_capacity(v, &view) - node_load[v] <= EPS
                                && !result.blocked_by.contains(&self.data.nodes[v].id)
                            {
                                result.blocked_by.push(self.data.nodes[v].id.clone());
                            }
                        }
                        if self.node_capacity(fi, &view) - node_load[fi] <= EPS {
                            result.blocked_by.insert(0, self.data.nodes[fi].id.clone());
                        }
                    }
                    None => {
                        result.reason = Some(format!(
                            "no route from \"{from}\" to \"{to}\" under this query"
                        ));
                    }
                }
            }
            results.push(result);
        }

        let (loads, saturated) = self.link_loads(&load, &cap);
        let demand_mtpa = results.iter().map(|r| r.demand_mtpa).sum();
        let served_mtpa = results.iter().map(|r| r.served_mtpa).sum();
        Ok(Assignment {
            day: q.filter.day(self),
            metric: q.metric,
            demands: results,
            loads,
            saturated,
            demand_mtpa,
            served_mtpa,
            design: q.design,
        })
    }

    /// Every loaded link of `load` (Mt/yr each direction) against `cap` (per direction,
    /// infinite when unknown), busiest first by utilisation, then load, then id; and the ids
    /// of those at or over capacity, sorted.
    pub(crate) fn link_loads(
        &self,
        load: &[[f64; 2]],
        cap: &[f64],
    ) -> (Vec<LinkLoad>, Vec<String>) {
        let mut loads: Vec<LinkLoad> = (0..load.len())
            .filter(|&i| load[i][0] > EPS || load[i][1] > EPS)
            .map(|i| {
                let c = cap[i].is_finite().then_some(cap[i]);
                let peak = load[i][0].max(load[i][1]);
                LinkLoad {
                    link: self.data.links[i].id.clone(),
                    forward_mtpa: load[i][0],
                    backward_mtpa: load[i][1],
                    load_mtpa: peak,
                    capacity_mtpa: c,
                    utilisation: c.map(|c| peak / c),
                    saturated: c.is_some_and(|c| peak >= c - 1e-9),
                }
            })
            .collect();
        sort_loads(&mut loads);
        let mut saturated: Vec<String> = loads
            .iter()
            .filter(|l| l.saturated)
            .map(|l| l.link.clone())
            .collect();
        saturated.sort();
        (loads, saturated)
    }

    fn place(
        &self,
        p: &[Step],
        amount: f64,
        from: usize,
        load: &mut [[f64; 2]],
        node_load: &mut [f64],
    ) {
        node_load[from] += amount;
        for s in p {
            let l = s.link as usize;
            let dir = usize::from(self.data.ends[l].0 != s.from as usize);
            load[l][dir] += amount;
            node_load[s.to as usize] += amount;
        }
    }

    /// Places what the cheapest paths could not by maximum flow on the remaining capacity.
    #[allow(clippy::too_many_arguments)]
    fn assign_rest(
        &self,
        view: &View,
        design: bool,
        from: usize,
        to: usize,
        left: f64,
        cap: &[f64],
        load: &mut [[f64; 2]],
        node_load: &mut [f64],
        paths: &mut Vec<AssignedPath>,
        w: &Weights,
    ) -> f64 {
        let residual: Vec<[f64; 2]> = (0..cap.len())
            .map(|i| {
                [
                    (cap[i] - load[i][0]).max(0.0),
                    (cap[i] - load[i][1]).max(0.0),
                ]
            })
            .collect();
        let mut b = self.flow_network(view, design, &[from], &[to], Some(&residual));
        // Node throughput left, and the demand itself as a limit on the source arc.
        for (k, role) in b.arc_of.iter() {
            if let ArcRole::Node(v) = role {
                b.net.cap[k] = (self.node_capacity(*v, view) - node_load[*v]).max(0.0);
            }
        }
        // Limit the total to what is left of the demand with an arc from a new source.
        let limit = b.net.add_node();
        b.net.add(limit, b.source, left);
        let got = b.net.max_flow(limit, b.sink);
        if got <= EPS {
            return left;
        }
        let g = self.graph();
        for (arcs, amount) in b.net.paths(limit, b.sink) {
            let steps: Vec<Step> = arcs
                .iter()
                .filter_map(|k| match b.arc_of.get(*k) {
                    Some(ArcRole::Link { link, forward }) => {
                        let (a, bb) = self.data.ends[*link];
                        let (f, t) = if *forward { (a, bb) } else { (bb, a) };
                        Some(Step {
                            link: *link as u32,
                            from: f as u32,
                            to: t as u32,
                        })
                    }
                    _ => None,
                })
                .collect();
            self.place(&steps, amount, from, load, node_load);
            push_path(paths, self, g, w, &steps, amount);
        }
        left - got
    }
}

fn push_path(
    paths: &mut Vec<AssignedPath>,
    net: &Network,
    g: &Graph,
    w: &Weights,
    p: &[Step],
    amount: f64,
) {
    let links: Vec<String> = p
        .iter()
        .map(|s| net.data.links[s.link as usize].id.clone())
        .collect();
    match paths.iter_mut().find(|q| q.links == links) {
        Some(q) => q.mtpa += amount,
        None => paths.push(AssignedPath {
            mtpa: amount,
            links,
            metric_value: walk(g, w, p).0,
        }),
    }
}
