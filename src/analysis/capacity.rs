//! Capacity: the widest path, maximum flow and minimum cut between groups of places, and the
//! node-split flow network the assignment reuses.

use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use crate::analysis::draws::{Sampler, Sampling, chances, spread_of};
use crate::analysis::route::Leg;
use crate::analysis::{Filter, Watch};
use crate::engine::{EPS, FlowNet, OrdF64, START, Unguided, View};
use crate::error::QueryError;
use crate::model::Metric;
use crate::network::Network;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapacityQuery {
    origins: Vec<String>,
    destinations: Vec<String>,
    filter: Filter,
    design: bool,
    #[serde(flatten)]
    sampler: Sampler,
    #[serde(skip)]
    watch: Watch,
}

/// The most draws a capacity question takes: each solves the maximum flow again on a network
/// rebuilt with the draw's figures.
pub const MAX_CAPACITY_DRAWS: usize = 100_000;

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
            sampler: Sampler::default(),
            watch: Watch::default(),
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

crate::analysis::draw_builders! {
    CapacityQuery,
    /// Also solves the maximum flow again in `n` draws of every uncertain figure (the
    /// capacities among them; lengths held): [`CapacityReport::draws`] then gives the
    /// percentiles of the maximum flow and how often each link or place is on the minimum
    /// cut. At most [`MAX_CAPACITY_DRAWS`].
    ///
    /// # Example
    /// ```
    /// use corridors::{CapacityQuery, Network};
    /// let net = Network::trans_afghan();
    /// let c = net.capacity(&CapacityQuery::new(["termez"], ["karachi"]).draws(50)).unwrap();
    /// let d = c.draws.as_ref().unwrap();
    /// assert!(d.cut.iter().all(|x| x.chance > 0.0 && x.chance <= 1.0));
    /// ```
}

crate::analysis::progress_builder! {
    CapacityQuery,
    /// Reports the draws to `progress` as they are solved (`capacity draws`), and stops with
    /// [`QueryError::Cancelled`] when it is cancelled.
}

/// What the draws say of a capacity answer ([`CapacityQuery::draws`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CapacityDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// The maximum flow, Mt/yr: percentiles 5, 50 and 95 over the draws a published figure
    /// bounds (`None` when none does).
    pub max_flow_mtpa: Option<[f64; 3]>,
    /// Share of draws in which no published figure bounds the flow.
    pub chance_unbounded: f64,
    /// Every link and place on the minimum cut in some draw, most often first (then by id).
    pub cut: Vec<CutDraws>,
}

/// How often one link or place limits the flow over the draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CutDraws {
    /// The link or node id.
    pub id: String,
    /// Whether the id is a link's or a node's.
    pub kind: CutKind,
    /// Share of draws in which it is on the minimum cut.
    pub chance: f64,
}

/// A link or node in a minimum cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CutItem {
    /// The link or node id.
    pub id: String,
    /// Whether the id is a link's or a node's.
    pub kind: CutKind,
    /// Its capacity, Mt/yr, after scenarios.
    pub capacity_mtpa: f64,
}

/// What a minimum cut passes through: a link, or a node whose throughput is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CutKind {
    /// A link.
    Link,
    /// A node (a port or a crossing with a published capacity).
    Node,
}

impl CutKind {
    /// `link` or `node`.
    pub fn as_str(self) -> &'static str {
        match self {
            CutKind::Link => "link",
            CutKind::Node => "node",
        }
    }
}

impl std::fmt::Display for CutKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Flow on one link in one direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// With draws: the spread of the maximum flow and how often each link or place limits
    /// it (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<CapacityDraws>,
    /// Whether links count at their design capacity (`design_capacity_mtpa`) where the file
    /// gives one, else at their capacity; left out of the JSON when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub design: bool,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: crate::analysis::Day,
}

/// The flow network of a view: each node split in two (`2v` in, `2v + 1` out) joined by its
/// throughput; super source and sink at the end.
pub(super) struct Built {
    pub net: FlowNet,
    pub source: usize,
    pub sink: usize,
    /// Forward arc index → what it stands for.
    pub arc_of: ArcRoles,
}

/// What each forward arc of a flow network stands for, by arc index.
#[derive(Default)]
pub(super) struct ArcRoles(Vec<Option<ArcRole>>);

impl ArcRoles {
    fn insert(&mut self, arc: usize, role: ArcRole) {
        let i = arc / 2;
        if self.0.len() <= i {
            self.0.resize(i + 1, None);
        }
        self.0[i] = Some(role);
    }

    pub(super) fn get(&self, arc: usize) -> Option<&ArcRole> {
        if arc % 2 == 1 {
            return None;
        }
        self.0.get(arc / 2).and_then(Option::as_ref)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (usize, &ArcRole)> {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (2 * i, r)))
    }
}

#[derive(Clone, Copy)]
pub(super) enum ArcRole {
    Node(usize),
    Link { link: usize, forward: bool },
}

impl Network {
    /// Capacity of a link under a view, `INFINITY` when unknown.
    /// A project built under the view sets it, else its design figure when asked for and
    /// published, else its figure, else the mode's default; scenarios' factors apply.
    pub(crate) fn link_capacity(&self, i: usize, view: &View, design: bool) -> f64 {
        let l = &self.data.links[i];
        let own = if design {
            l.design_capacity_mtpa.or(l.capacity_mtpa)
        } else {
            l.capacity_mtpa
        };
        view.set_capacity(&view.link_capacity, i)
            .or(own)
            .or(self.data.defaults.of(l.mode).capacity_mtpa)
            .map_or(f64::INFINITY, |c| c * view.capacity_factor[i])
    }

    /// Throughput of a place under a view (a project built may set it), `INFINITY` when
    /// unknown.
    pub(crate) fn node_capacity(&self, v: usize, view: &View) -> f64 {
        view.set_capacity(&view.node_capacity, v)
            .or(self.data.nodes[v].capacity_mtpa)
            .unwrap_or(f64::INFINITY)
    }

    /// Builds the flow network; `residual[l][dir]` overrides link capacities when given.
    pub(super) fn flow_network(
        &self,
        view: &View,
        design: bool,
        origins: &[usize],
        destinations: &[usize],
        residual: Option<&[[f64; 2]]>,
    ) -> Built {
        let n = self.data.nodes.len();
        let (source, sink) = (2 * n, 2 * n + 1);
        let mut net = FlowNet::new(2 * n + 2);
        let mut arc_of = ArcRoles::default();
        for v in 0..n {
            let k = net.add(2 * v, 2 * v + 1, self.node_capacity(v, view));
            arc_of.insert(k, ArcRole::Node(v));
        }
        for (i, l) in self.data.links.iter().enumerate() {
            if !view.open[i] {
                continue;
            }
            let (a, b) = self.data.ends[i];
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

    fn node_list(&self, ids: &[String], what: &'static str) -> Result<Vec<usize>, QueryError> {
        if ids.is_empty() {
            return Err(QueryError::Empty { what });
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
    /// [`QueryError::UnknownId`] for an unknown id; [`QueryError::Empty`] when a group is
    /// empty, [`QueryError::OriginIsDestination`] when the groups share a node.
    ///
    /// # Complexity
    /// Dinic's algorithm on the node-split network: O(V² E) at worst, a few microseconds on the
    /// bundled network.
    pub fn capacity(&self, q: &CapacityQuery) -> Result<CapacityReport, QueryError> {
        if q.sampler.n > 0 {
            QueryError::cap(
                "capacity draws",
                q.sampler.n,
                MAX_CAPACITY_DRAWS,
                "each draw solves the maximum flow again on a network rebuilt with the draw's figures",
            )?;
            let mut once = q.clone();
            once.sampler.n = 0;
            once.watch = Watch::default();
            let mut report = self.capacity(&once)?;
            report.draws = Some(self.capacity_draws(q, &once)?);
            return Ok(report);
        }
        let origins = self.node_list(&q.origins, "origin")?;
        let destinations = self.node_list(&q.destinations, "destination")?;
        if let Some(&v) = origins.iter().find(|v| destinations.contains(v)) {
            return Err(QueryError::OriginIsDestination {
                node: self.data.nodes[v].id.clone(),
            });
        }
        let view = q.filter.view(self)?;
        let mut b = self.flow_network(&view, q.design, &origins, &destinations, None);
        let widest_path = self.widest(&view, q.design, &origins, &destinations);
        let mut report = CapacityReport {
            day: q.filter.day(self),
            origins: q.origins.clone(),
            destinations: q.destinations.clone(),
            max_flow_mtpa: None,
            unbounded_path: Vec::new(),
            min_cut: Vec::new(),
            unknown_capacity_used: Vec::new(),
            flows: Vec::new(),
            widest_path,
            draws: None,
            design: q.design,
        };
        if let Some(path) = b.net.infinite_path(b.source, b.sink) {
            report.unbounded_path = path
                .iter()
                .filter_map(|k| match b.arc_of.get(*k) {
                    Some(ArcRole::Link { link, .. }) => Some(self.data.links[*link].id.clone()),
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
                        ArcRole::Node(v) => (self.data.nodes[v].id.clone(), CutKind::Node),
                        ArcRole::Link { link, .. } => {
                            (self.data.links[link].id.clone(), CutKind::Link)
                        }
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
                    let l = &self.data.links[link];
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
        let n = self.data.nodes.len();
        let mut best = vec![f64::NEG_INFINITY; n];
        let mut heap: BinaryHeap<(OrdF64, std::cmp::Reverse<usize>)> = BinaryHeap::new();
        for &o in origins {
            best[o] = self.node_capacity(o, view);
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
                    .min(self.node_capacity(v, view));
                if nb > best[v] {
                    best[v] = nb;
                    heap.push((OrdF64(nb), std::cmp::Reverse(v)));
                }
            }
        }
        let bottleneck = bottleneck?;
        // Shortest path through links and nodes whose capacity reaches the bottleneck.
        let wide = view.keeping(|i| {
            let (a, b) = self.data.ends[i];
            self.link_capacity(i, view, design) >= bottleneck
                && self.node_capacity(a, view) >= bottleneck
                && self.node_capacity(b, view) >= bottleneck
        });
        let w = self.weights(&wide, Metric::Distance);
        let mut d = self.dijkstra();
        let src: Vec<(usize, f64)> = origins.iter().map(|&o| (d.state(o, START), 0.0)).collect();
        let usable = |_: usize, a: &crate::engine::Arc| wide.open[a.link as usize];
        let ends: Vec<usize> = destinations.to_vec();
        // Run to completion and pick the nearest destination, ties to the first listed.
        d.run(g, &w, &src, None, usable, Unguided);
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
            let node_hit = nodes
                .clone()
                .find(|&v| self.node_capacity(v, view) <= bottleneck);
            let link_hit = steps
                .iter()
                .find(|s| self.link_capacity(s.link as usize, view, design) <= bottleneck);
            link_hit
                .map(|s| self.data.links[s.link as usize].id.clone())
                .or_else(|| node_hit.map(|v| self.data.nodes[v].id.clone()))
        } else {
            None
        };
        Some(WidestPath {
            from: self.data.nodes[from].id.clone(),
            to: self.data.nodes[d.node_of(end)].id.clone(),
            bottleneck_mtpa: bottleneck.is_finite().then_some(bottleneck),
            bottleneck_id: limit,
            legs: route.legs,
        })
    }
}

/// One draw's maximum flow (`None` when unbounded) and the links and places on its cut.
type DrawnCut = (Option<f64>, Vec<(String, CutKind)>);

impl Network {
    /// What `q.sampler.n` draws say of the capacity answer to `once` (`q` without its draws).
    fn capacity_draws(
        &self,
        q: &CapacityQuery,
        once: &CapacityQuery,
    ) -> Result<CapacityDraws, QueryError> {
        let sampler = q.sampler;
        let rows: Vec<DrawnCut> =
            self.each_draw("capacity draws", &sampler, q.watch.get(), |_, net| {
                let c = net.capacity(once)?;
                Ok((
                    c.max_flow_mtpa,
                    c.min_cut.into_iter().map(|x| (x.id, x.kind)).collect(),
                ))
            })?;
        let bounded: Vec<f64> = rows.iter().filter_map(|r| r.0).collect();
        let n = rows.len() as f64;
        let cut = chances(rows.iter().map(|r| &r.1[..]), rows.len())
            .into_iter()
            .map(|((id, kind), chance)| CutDraws { id, kind, chance })
            .collect();
        Ok(CapacityDraws {
            n: q.sampler.n,
            seed: q.sampler.seed,
            sampling: q.sampler.sampling,
            max_flow_mtpa: (!bounded.is_empty()).then(|| spread_of(&bounded, |x| *x)),
            chance_unbounded: (rows.len() - bounded.len()) as f64 / n,
            cut,
        })
    }
}
