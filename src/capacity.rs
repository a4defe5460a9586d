//! Capacity: the widest path, maximum flow and minimum cut between groups of places, and the
//! assignment of cargo demands onto links of limited capacity.

use std::collections::BinaryHeap;

use serde::Serialize;

use crate::error::QueryError;
use crate::flow::{EPS, FlowNet};
use crate::graph::{START, View};
use crate::model::Network;
use crate::route::{Filter, Leg};
use crate::search::{Dijkstra, Metric, OrdF64, Step, Weights, walk};

/// A capacity question: how much can move from a group of origins to a group of destinations.
///
/// # Example
/// ```
/// use corridors::{CapacityQuery, Filter, Mode, Network, Status};
/// let net = Network::trans_afghan();
/// // Herat to Khaf by rail once the Khaf–Herat line is finished: its 3 Mt/yr decides.
/// let q = CapacityQuery::new(["herat"], ["khaf"])
///     .filter(Filter::new().mode(Mode::Rail).include(Status::UnderConstruction));
/// let c = net.capacity(&q).unwrap();
/// assert_eq!(c.max_flow_mtpa, Some(3.0));
/// assert!(c.min_cut.iter().all(|cut| cut.capacity_mtpa == 3.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityQuery {
    origins: Vec<String>,
    destinations: Vec<String>,
    filter: Filter,
    design: bool,
}

impl CapacityQuery {
    /// From every origin to every destination, on today's network.
    pub fn new<S: Into<String>>(
        origins: impl IntoIterator<Item = S>,
        destinations: impl IntoIterator<Item = S>,
    ) -> CapacityQuery {
        CapacityQuery {
            origins: origins.into_iter().map(Into::into).collect(),
            destinations: destinations.into_iter().map(Into::into).collect(),
            filter: Filter::new(),
            design: false,
        }
    }

    /// Which links count (statuses, year, modes, avoided places, scenarios).
    pub fn filter(mut self, filter: Filter) -> CapacityQuery {
        self.filter = filter;
        self
    }

    /// Uses each link's design capacity (`design_capacity_mtpa`, the figure it reaches later)
    /// where one is published.
    pub fn design(mut self, design: bool) -> CapacityQuery {
        self.design = design;
        self
    }
}

/// A link or node in a minimum cut.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CutItem {
    /// The link or node id.
    pub id: String,
    /// `link` or `node`.
    pub kind: &'static str,
    /// Its capacity, Mt/yr, after scenarios.
    pub capacity_mtpa: f64,
}

/// Flow on one link in one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LinkFlow {
    /// The link id.
    pub link: String,
    /// Node the flow leaves.
    pub from: String,
    /// Node the flow enters.
    pub to: String,
    /// Mt/yr carried.
    pub flow_mtpa: f64,
    /// The link's capacity, Mt/yr; `None` when unknown.
    pub capacity_mtpa: Option<f64>,
}

/// The path whose smallest capacity is largest.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WidestPath {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// The smallest capacity on the path; `None` when every capacity on it is unknown.
    pub bottleneck_mtpa: Option<f64>,
    /// The link or node that sets it.
    pub bottleneck_id: Option<String>,
    /// The legs, shortest among the widest paths.
    pub legs: Vec<Leg>,
}

/// The answer to a [`CapacityQuery`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CapacityReport {
    /// Origin node ids.
    pub origins: Vec<String>,
    /// Destination node ids.
    pub destinations: Vec<String>,
    /// The maximum flow, Mt/yr; `None` when a path of links of unknown capacity joins the two
    /// groups, so no published figure bounds it.
    pub max_flow_mtpa: Option<f64>,
    /// When unbounded: the links of unknown capacity on one path that has no limit.
    pub unbounded_path: Vec<String>,
    /// The links and nodes that limit the flow (a minimum cut), sorted by id; empty when
    /// unbounded or when nothing connects the groups.
    pub min_cut: Vec<CutItem>,
    /// Links of unknown capacity (counted as unbounded) that carry part of the maximum flow.
    pub unknown_capacity_used: Vec<String>,
    /// Flow per link and direction, largest first.
    pub flows: Vec<LinkFlow>,
    /// The widest single path between the groups, if any path exists.
    pub widest_path: Option<WidestPath>,
}

/// The flow network of a view: each node split in two (`2v` in, `2v + 1` out) joined by its
/// throughput; super source and sink at the end.
struct Built {
    net: FlowNet,
    source: usize,
    sink: usize,
    /// Forward arc index → what it stands for.
    arc_of: ArcRoles,
}

/// What each forward arc of a flow network stands for, by arc index.
#[derive(Default)]
struct ArcRoles(Vec<Option<ArcRole>>);

impl ArcRoles {
    fn insert(&mut self, arc: usize, role: ArcRole) {
        let i = arc / 2;
        if self.0.len() <= i {
            self.0.resize(i + 1, None);
        }
        self.0[i] = Some(role);
    }

    fn get(&self, arc: usize) -> Option<&ArcRole> {
        if arc % 2 == 1 {
            return None;
        }
        self.0.get(arc / 2).and_then(Option::as_ref)
    }

    fn iter(&self) -> impl Iterator<Item = (usize, &ArcRole)> {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (2 * i, r)))
    }
}

#[derive(Clone, Copy)]
enum ArcRole {
    Node(usize),
    Link { link: usize, forward: bool },
}

impl Network {
    /// Capacity of a link under a view, `INFINITY` when unknown.
    pub(crate) fn link_capacity(&self, i: usize, view: &View, design: bool) -> f64 {
        let l = &self.links[i];
        let own = if design {
            l.design_capacity_mtpa.or(l.capacity_mtpa)
        } else {
            l.capacity_mtpa
        };
        own.or(self.defaults.of(l.mode).capacity_mtpa)
            .map_or(f64::INFINITY, |c| c * view.capacity_factor[i])
    }

    fn node_capacity(&self, v: usize) -> f64 {
        self.nodes[v].capacity_mtpa.unwrap_or(f64::INFINITY)
    }

    /// Builds the flow network; `residual[l][dir]` overrides link capacities when given.
    fn flow_network(
        &self,
        view: &View,
        design: bool,
        origins: &[usize],
        destinations: &[usize],
        residual: Option<&[[f64; 2]]>,
    ) -> Built {
        let n = self.nodes.len();
        let (source, sink) = (2 * n, 2 * n + 1);
        let mut net = FlowNet::new(2 * n + 2);
        let mut arc_of = ArcRoles::default();
        for v in 0..n {
            let k = net.add(2 * v, 2 * v + 1, self.node_capacity(v));
            arc_of.insert(k, ArcRole::Node(v));
        }
        for (i, l) in self.links.iter().enumerate() {
            if !view.open[i] {
                continue;
            }
            let (a, b) = self.ends[i];
            let cap = |dir: usize| {
                residual.map_or_else(|| self.link_capacity(i, view, design), |r| r[i][dir])
            };
            let k = net.add(2 * a + 1, 2 * b, cap(0));
            arc_of.insert(
                k,
                ArcRole::Link {
                    link: i,
                    forward: true,
                },
            );
            if !l.oneway {
                let k = net.add(2 * b + 1, 2 * a, cap(1));
                arc_of.insert(
                    k,
                    ArcRole::Link {
                        link: i,
                        forward: false,
                    },
                );
            }
        }
        for &o in origins {
            net.add(source, 2 * o, f64::INFINITY);
        }
        for &d in destinations {
            net.add(2 * d + 1, sink, f64::INFINITY);
        }
        Built {
            net,
            source,
            sink,
            arc_of,
        }
    }

    fn node_list(&self, ids: &[String], what: &str) -> Result<Vec<usize>, QueryError> {
        if ids.is_empty() {
            return Err(QueryError::BadOption(format!("name at least one {what}")));
        }
        ids.iter().map(|id| self.node_index(id)).collect()
    }

    /// Maximum flow, minimum cut and widest path between the query's origins and destinations.
    ///
    /// Link capacities count in each direction; a node's `capacity_mtpa` limits what passes
    /// through it, origins and destinations included; scenarios' capacity factors apply. A link
    /// with no capacity (its own or its mode's default) counts as unbounded, and when such
    /// links alone join the groups the answer says so (`max_flow_mtpa` is `None`) rather than
    /// printing a number.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id; [`QueryError::BadOption`] when a group is
    /// empty or the groups share a node.
    ///
    /// # Complexity
    /// Dinic's algorithm on the node-split network: O(V² E) at worst, a few microseconds on the
    /// bundled network.
    pub fn capacity(&self, q: &CapacityQuery) -> Result<CapacityReport, QueryError> {
        let origins = self.node_list(&q.origins, "origin")?;
        let destinations = self.node_list(&q.destinations, "destination")?;
        if let Some(&v) = origins.iter().find(|v| destinations.contains(v)) {
            return Err(QueryError::BadOption(format!(
                "\"{}\" is both an origin and a destination",
                self.nodes[v].id
            )));
        }
        let view = q.filter.view(self)?;
        let mut b = self.flow_network(&view, q.design, &origins, &destinations, None);
        let widest_path = self.widest(&view, q.design, &origins, &destinations);
        let mut report = CapacityReport {
            origins: q.origins.clone(),
            destinations: q.destinations.clone(),
            max_flow_mtpa: None,
            unbounded_path: Vec::new(),
            min_cut: Vec::new(),
            unknown_capacity_used: Vec::new(),
            flows: Vec::new(),
            widest_path,
        };
        if let Some(path) = b.net.infinite_path(b.source, b.sink) {
            report.unbounded_path = path
                .iter()
                .filter_map(|k| match b.arc_of.get(*k) {
                    Some(ArcRole::Link { link, .. }) => Some(self.links[*link].id.clone()),
                    _ => None,
                })
                .collect();
            return Ok(report);
        }
        let value = b.net.max_flow(b.source, b.sink);
        report.max_flow_mtpa = Some(value);
        if value > EPS {
            let side = b.net.source_side(b.source);
            for (k, role) in b.arc_of.iter() {
                let (u, v) = (b.net.tail(k), b.net.head[k] as usize);
                if side[u] && !side[v] {
                    let (id, kind) = match *role {
                        ArcRole::Node(v) => (self.nodes[v].id.clone(), "node"),
                        ArcRole::Link { link, .. } => (self.links[link].id.clone(), "link"),
                    };
                    report.min_cut.push(CutItem {
                        id,
                        kind,
                        capacity_mtpa: b.net.cap[k],
                    });
                }
            }
            report.min_cut.sort_by(|a, b| a.id.cmp(&b.id));
        }
        for (k, role) in b.arc_of.iter() {
            if let ArcRole::Link { link, forward } = *role {
                let f = b.net.flow[k];
                if f > EPS {
                    let l = &self.links[link];
                    let (from, to) = if forward {
                        (&l.from, &l.to)
                    } else {
                        (&l.to, &l.from)
                    };
                    let cap = self.link_capacity(link, &view, q.design);
                    report.flows.push(LinkFlow {
                        link: l.id.clone(),
                        from: from.clone(),
                        to: to.clone(),
                        flow_mtpa: f,
                        capacity_mtpa: cap.is_finite().then_some(cap),
                    });
                    if cap.is_infinite() && !report.unknown_capacity_used.contains(&l.id) {
                        report.unknown_capacity_used.push(l.id.clone());
                    }
                }
            }
        }
        report.flows.sort_by(|a, b| {
            b.flow_mtpa
                .total_cmp(&a.flow_mtpa)
                .then_with(|| a.link.cmp(&b.link))
        });
        report.unknown_capacity_used.sort();
        Ok(report)
    }

    /// The widest path from any origin to any destination: first the largest bottleneck, then
    /// the shortest path among links and nodes that allow it.
    fn widest(
        &self,
        view: &View,
        design: bool,
        origins: &[usize],
        destinations: &[usize],
    ) -> Option<WidestPath> {
        let g = self.graph();
        let n = self.nodes.len();
        let mut best = vec![f64::NEG_INFINITY; n];
        let mut heap: BinaryHeap<(OrdF64, std::cmp::Reverse<usize>)> = BinaryHeap::new();
        for &o in origins {
            best[o] = self.node_capacity(o);
            heap.push((OrdF64(best[o]), std::cmp::Reverse(o)));
        }
        let mut bottleneck = None;
        while let Some((OrdF64(b), std::cmp::Reverse(u))) = heap.pop() {
            if b < best[u] {
                continue;
            }
            if destinations.contains(&u) {
                bottleneck = Some(b);
                break;
            }
            for arc in g.out(u) {
                let l = arc.link as usize;
                if !view.open[l] {
                    continue;
                }
                let v = arc.head as usize;
                let nb = b
                    .min(self.link_capacity(l, view, design))
                    .min(self.node_capacity(v));
                if nb > best[v] {
                    best[v] = nb;
                    heap.push((OrdF64(nb), std::cmp::Reverse(v)));
                }
            }
        }
        let bottleneck = bottleneck?;
        // Shortest path through links and nodes whose capacity reaches the bottleneck.
        let mut wide = view.clone();
        for (i, open) in wide.open.iter_mut().enumerate() {
            let (a, b) = self.ends[i];
            *open = *open
                && self.link_capacity(i, view, design) >= bottleneck
                && self.node_capacity(a) >= bottleneck
                && self.node_capacity(b) >= bottleneck;
        }
        let w = Weights::new(self, g, &wide, Metric::Distance);
        let mut d = Dijkstra::new(g);
        let src: Vec<(usize, f64)> = origins.iter().map(|&o| (d.state(o, START), 0.0)).collect();
        let usable = |_: usize, a: &crate::graph::Arc| wide.open[a.link as usize];
        let ends: Vec<usize> = destinations.to_vec();
        // Run to completion and pick the nearest destination, ties to the first listed.
        d.run(g, &w, &src, None, usable);
        let (end, _) = ends
            .iter()
            .flat_map(|&t| d.states_of(t))
            .min_by(|a, b| a.1.total_cmp(&b.1))?;
        let (steps, start) = d.path(end);
        let from = d.node_of(start);
        let route = self.report(g, view, &w, &steps);
        let limit = if bottleneck.is_finite() {
            // Name what sets the bottleneck: the first link or node on the path at that value.
            let nodes = std::iter::once(from).chain(steps.iter().map(|s| s.to as usize));
            let node_hit = nodes.clone().find(|&v| self.node_capacity(v) <= bottleneck);
            let link_hit = steps
                .iter()
                .find(|s| self.link_capacity(s.link as usize, view, design) <= bottleneck);
            link_hit
                .map(|s| self.links[s.link as usize].id.clone())
                .or_else(|| node_hit.map(|v| self.nodes[v].id.clone()))
        } else {
            None
        };
        Some(WidestPath {
            from: self.nodes[from].id.clone(),
            to: self.nodes[d.node_of(end)].id.clone(),
            bottleneck_mtpa: bottleneck.is_finite().then_some(bottleneck),
            bottleneck_id: limit,
            legs: route.legs,
        })
    }
}

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
#[derive(Debug, Clone, PartialEq)]
pub struct AssignQuery {
    demands: Option<Vec<(String, String, f64)>>,
    filter: Filter,
    metric: Metric,
    design: bool,
}

impl Default for AssignQuery {
    fn default() -> Self {
        AssignQuery::new()
    }
}

impl AssignQuery {
    /// The file's `[[demands]]` on today's network, by cost.
    pub fn new() -> AssignQuery {
        AssignQuery {
            demands: None,
            filter: Filter::new(),
            metric: Metric::Cost,
            design: false,
        }
    }

    /// Assigns this demand (Mt/yr from one node to another) instead of the file's; call again
    /// for several.
    pub fn demand(
        mut self,
        from: impl Into<String>,
        to: impl Into<String>,
        mtpa: f64,
    ) -> AssignQuery {
        self.demands
            .get_or_insert_with(Vec::new)
            .push((from.into(), to.into(), mtpa));
        self
    }

    /// Which links count.
    pub fn filter(mut self, filter: Filter) -> AssignQuery {
        self.filter = filter;
        self
    }

    /// What "cheapest" means (default: cost).
    pub fn metric(mut self, metric: Metric) -> AssignQuery {
        self.metric = metric;
        self
    }

    /// Uses design capacities where published.
    pub fn design(mut self, design: bool) -> AssignQuery {
        self.design = design;
        self
    }
}

/// A path a share of a demand takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The answer to an [`AssignQuery`].
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        let list: Vec<(String, String, f64)> = match &q.demands {
            Some(d) => d.clone(),
            None => self
                .demands
                .iter()
                .map(|d| (d.from.clone(), d.to.clone(), d.mtpa))
                .collect(),
        };
        let mut ends = Vec::with_capacity(list.len());
        for (from, to, mtpa) in &list {
            if !(mtpa.is_finite() && *mtpa > 0.0) {
                return Err(QueryError::BadOption(format!(
                    "demand {from} → {to}: volume must be a positive number of Mt/yr, found {mtpa}"
                )));
            }
            ends.push((self.node_index(from)?, self.node_index(to)?));
        }
        let view = q.filter.view(self)?;
        let g = self.graph();
        let w = Weights::new(self, g, &view, q.metric);
        let mut d = Dijkstra::new(g);
        let cheapest =
            |d: &mut Dijkstra, from: usize, to: usize, ok: &dyn Fn(usize, bool) -> bool| {
                let src = [(d.state(from, START), 0.0)];
                let ends = &self.ends;
                d.run(g, &w, &src, Some(to), |v, a| {
                    let l = a.link as usize;
                    view.open[l] && ok(l, ends[l].0 == v)
                })
                .map(|e| d.path(e).0)
            };
        // Order: cheapest unconstrained route first; no route last; ties in the given order.
        let mut order: Vec<(f64, usize)> = ends
            .iter()
            .enumerate()
            .map(|(i, &(f, t))| {
                let c = cheapest(&mut d, f, t, &|_, _| true)
                    .map_or(f64::INFINITY, |p| walk(g, &w, &p).0);
                (c, i)
            })
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

        let m = self.links.len();
        let cap: Vec<f64> = (0..m)
            .map(|i| self.link_capacity(i, &view, q.design))
            .collect();
        let mut load = vec![[0.0f64; 2]; m];
        let mut node_load = vec![0.0f64; self.nodes.len()];
        let mut results = Vec::new();
        for &(_, i) in &order {
            let (from, to, mtpa) = (&list[i].0, &list[i].1, list[i].2);
            let (fi, ti) = ends[i];
            let mut left = mtpa;
            let mut paths: Vec<AssignedPath> = Vec::new();
            loop {
                if left <= EPS {
                    break;
                }
                let room = |l: usize, fwd: bool| cap[l] - load[l][usize::from(!fwd)] > EPS;
                let Some(p) = cheapest(&mut d, fi, ti, &|l, fwd| {
                    room(l, fwd) && {
                        let (a, b) = self.ends[l];
                        let head = if fwd { b } else { a };
                        self.node_capacity(head) - node_load[head] > EPS
                    }
                }) else {
                    break;
                };
                if self.node_capacity(fi) - node_load[fi] <= EPS {
                    break;
                }
                let mut amount = left.min(self.node_capacity(fi) - node_load[fi]);
                for s in &p {
                    let l = s.link as usize;
                    let dir = usize::from(self.ends[l].0 != s.from as usize);
                    amount = amount
                        .min(cap[l] - load[l][dir])
                        .min(self.node_capacity(s.to as usize) - node_load[s.to as usize]);
                }
                self.place(&p, amount, fi, &mut load, &mut node_load);
                left -= amount;
                push_path(&mut paths, self, g, &w, &p, amount);
            }
            if left > EPS {
                left = self.assign_rest(
                    &view,
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
                match cheapest(&mut d, fi, ti, &|_, _| true) {
                    Some(p) => {
                        result.would_take = p
                            .iter()
                            .map(|s| self.links[s.link as usize].id.clone())
                            .collect();
                        for s in &p {
                            let l = s.link as usize;
                            let dir = usize::from(self.ends[l].0 != s.from as usize);
                            if cap[l] - load[l][dir] <= EPS
                                && !result.blocked_by.contains(&self.links[l].id)
                            {
                                result.blocked_by.push(self.links[l].id.clone());
                            }
                            let v = s.to as usize;
                            if self.node_capacity(v) - node_load[v] <= EPS
                                && !result.blocked_by.contains(&self.nodes[v].id)
                            {
                                result.blocked_by.push(self.nodes[v].id.clone());
                            }
                        }
                        if self.node_capacity(fi) - node_load[fi] <= EPS {
                            result.blocked_by.insert(0, self.nodes[fi].id.clone());
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

        let mut loads: Vec<LinkLoad> = (0..m)
            .filter(|&i| load[i][0] > EPS || load[i][1] > EPS)
            .map(|i| {
                let c = cap[i].is_finite().then_some(cap[i]);
                let peak = load[i][0].max(load[i][1]);
                LinkLoad {
                    link: self.links[i].id.clone(),
                    forward_mtpa: load[i][0],
                    backward_mtpa: load[i][1],
                    load_mtpa: peak,
                    capacity_mtpa: c,
                    utilisation: c.map(|c| peak / c),
                    saturated: c.is_some_and(|c| peak >= c - 1e-9),
                }
            })
            .collect();
        loads.sort_by(|a, b| {
            b.utilisation
                .unwrap_or(0.0)
                .total_cmp(&a.utilisation.unwrap_or(0.0))
                .then(b.load_mtpa.total_cmp(&a.load_mtpa))
                .then_with(|| a.link.cmp(&b.link))
        });
        let mut saturated: Vec<String> = loads
            .iter()
            .filter(|l| l.saturated)
            .map(|l| l.link.clone())
            .collect();
        saturated.sort();
        let demand_mtpa = results.iter().map(|r| r.demand_mtpa).sum();
        let served_mtpa = results.iter().map(|r| r.served_mtpa).sum();
        Ok(Assignment {
            metric: q.metric,
            demands: results,
            loads,
            saturated,
            demand_mtpa,
            served_mtpa,
        })
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
            let dir = usize::from(self.ends[l].0 != s.from as usize);
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
                b.net.cap[k] = (self.node_capacity(*v) - node_load[*v]).max(0.0);
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
                        let (a, bb) = self.ends[*link];
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
    g: &crate::graph::Graph,
    w: &Weights,
    p: &[Step],
    amount: f64,
) {
    let links: Vec<String> = p
        .iter()
        .map(|s| net.links[s.link as usize].id.clone())
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
