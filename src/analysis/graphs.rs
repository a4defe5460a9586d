//! The network as petgraph graphs, so any of petgraph's algorithms runs on it with the crate's
//! own weights: the places and the open links of a [`Filter`] ([`LinkGraph`]), and the search
//! states, place × the mode and gauge a route arrives by ([`StateGraph`]), on which petgraph's
//! Dijkstra gives the crate's route costs, transfers and crossings priced.
//!
//! Both are built from the engine's graph, view and weights, so they weigh exactly what the
//! searches weigh; indices map back to the file's ids through the node and edge weights.

use std::borrow::Cow;
use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use serde::Serialize;

use crate::analysis::{Day, Filter};
use crate::engine::{View, Weights, class_mode, transfer};
use crate::error::QueryError;
use crate::model::{Metric, Mode, TransferKind};
use crate::network::Network;

/// A place, the weight of a node of a [`LinkGraph`]: the node's id in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub struct Place {
    /// The node id, e.g. `herat`.
    pub id: String,
}

/// One direction of an open link, the weight of an edge of a [`LinkGraph`].
#[derive(Debug, Clone, PartialEq, PartialOrd, Serialize)]
#[non_exhaustive]
pub struct LinkArc {
    /// The link id.
    pub link: String,
    /// Whether the arc runs the link from its `from` end to its `to` end.
    pub forward: bool,
    /// The link's weight in the graph's metric this way: its length, hours or USD per tonne
    /// with what the filter's scenarios add, and, on a cross-border link, the crossing (the
    /// `[[crossings]]` figure for this direction, else the border transfer). Transfers at
    /// places are not in it: see [`StateGraph`].
    pub weight: f64,
}

/// The places joined by open links, the weight of an edge of [`LinkGraph::undirected`].
#[derive(Debug, Clone, PartialEq, PartialOrd, Serialize)]
#[non_exhaustive]
pub struct Connection {
    /// The ids of the open links between the two places (either way), sorted.
    pub links: Vec<String>,
    /// The lightest of their [`LinkArc::weight`]s, either way.
    pub weight: f64,
}

/// The network a [`Filter`] sees as a petgraph directed graph: a node per place (every node
/// of the file, in file order, so `NodeIndex::new(i)` is `net.nodes()[i]`), an edge per open
/// link and direction (one for a `oneway` link) weighing what the crate's searches weigh.
///
/// Built by [`Network::petgraph`]. Shortest paths on it price links and border crossings but
/// no transfers (gauge, mode, port); for route costs with transfers use [`StateGraph`]. For
/// the distance metric, where transfers weigh nothing, its Dijkstra is the crate's.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LinkGraph {
    /// The graph: node weights carry the place's id, edge weights the link's id and weight.
    pub graph: DiGraph<Place, LinkArc>,
    /// The metric the edges weigh.
    pub metric: Metric,
    /// The day the filter looks at and the events it applied.
    pub day: Day,
}

impl LinkGraph {
    /// The node index of a place by id, `None` for an id the network does not have.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.graph.node_indices().find(|&i| self.graph[i].id == id)
    }

    /// The same places as an undirected simple graph: one edge per pair of places joined by
    /// at least one open link, carrying every such link. What connectivity algorithms want:
    /// petgraph's `bridges` compares a neighbour with the DFS parent by node, so on a graph
    /// with a rail and a road link between the same two towns it would call both bridges.
    ///
    /// # Complexity
    /// O(V + E log E) for V places and E open link directions.
    ///
    /// # Example
    /// Articulation points (places whose loss splits the network) and bridges (connections
    /// whose loss does), today and once every planned line is built:
    /// ```
    /// use corridors::petgraph::algo::articulation_points::articulation_points;
    /// use corridors::petgraph::algo::bridges;
    /// use corridors::{Filter, Metric, Network};
    ///
    /// let net = Network::trans_afghan();
    /// let today = net.petgraph(&Filter::new(), Metric::Cost).unwrap().undirected();
    /// let built = net.petgraph(&Filter::new().include_all(), Metric::Cost).unwrap().undirected();
    /// let cut_places = |g: &corridors::petgraph::graph::UnGraph<corridors::Place, _>| {
    ///     let mut ids: Vec<String> =
    ///         articulation_points(g).into_iter().map(|i| g[i].id.clone()).collect();
    ///     ids.sort();
    ///     ids
    /// };
    /// let (now, later) = (cut_places(&today), cut_places(&built));
    /// assert!(now.contains(&"kabul".to_string()));
    /// assert!(later.len() < now.len()); // new lines add ways round
    /// // Quetta–Chaman is a bridge although two links, rail and road, make it.
    /// let both = ["quetta-chaman-rail", "quetta-chaman-road"];
    /// assert!(bridges(&today).any(|e| e.weight().links == both));
    /// ```
    pub fn undirected(&self) -> UnGraph<Place, Connection> {
        let g = &self.graph;
        let mut out: UnGraph<Place, Connection> =
            UnGraph::with_capacity(g.node_count(), g.edge_count() / 2);
        for i in g.node_indices() {
            out.add_node(g[i].clone());
        }
        let mut pairs: HashMap<(NodeIndex, NodeIndex), Connection> = HashMap::new();
        let mut order: Vec<(NodeIndex, NodeIndex)> = Vec::new();
        for e in g.edge_indices() {
            let (a, b) = g.edge_endpoints(e).expect("an edge of the graph");
            let key = (a.min(b), a.max(b));
            let arc = &g[e];
            let c = pairs.entry(key).or_insert_with(|| {
                order.push(key);
                Connection {
                    links: Vec::new(),
                    weight: f64::INFINITY,
                }
            });
            if !c.links.contains(&arc.link) {
                c.links.push(arc.link.clone());
            }
            c.weight = c.weight.min(arc.weight);
        }
        order.sort_unstable();
        for key in order {
            let mut c = pairs.remove(&key).expect("recorded with its key");
            c.links.sort();
            out.add_edge(key.0, key.1, c);
        }
        out
    }
}

/// A search state, the weight of a node of a [`StateGraph`]: a place and how a route arrived
/// there. A route pays a transfer when it leaves a place by another mode or gauge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub struct ArrivalState {
    /// The node id.
    pub node: String,
    /// The mode the route arrived by; `None` for the state a route starts in.
    pub mode: Option<Mode>,
    /// The rail gauge it arrived on, mm; `None` when not by rail, or on a line whose gauge
    /// the file leaves open (it takes the gauge of the rail it continues).
    pub gauge_mm: Option<u32>,
}

/// One step between states, the weight of an edge of a [`StateGraph`]: leave a place along
/// an open link, paying the transfer the change of mode or gauge costs there.
#[derive(Debug, Clone, PartialEq, PartialOrd, Serialize)]
#[non_exhaustive]
pub struct StateArc {
    /// The link id.
    pub link: String,
    /// The transfer paid at the tail place, if any.
    pub transfer: Option<TransferKind>,
    /// The transfer's weight at that place (its `[[handling]]` figure, else the
    /// `[transfers]` default) plus the link's [`LinkArc::weight`] this way.
    pub weight: f64,
}

/// The crate's search graph under a [`Filter`] as a petgraph directed graph: a node per place
/// and arrival (mode and gauge), an edge per way to leave it along an open link. Shortest
/// path costs from [`StateGraph::start`] to the cheapest of [`StateGraph::states`] are the
/// costs [`Network::route`](crate::network::Network) gives.
///
/// Built by [`Network::state_graph`].
///
/// # Example
/// ```
/// use corridors::petgraph::algo::dijkstra;
/// use corridors::{Filter, Metric, Network, RouteQuery};
///
/// let net = Network::trans_afghan();
/// let sg = net.state_graph(&Filter::new(), Metric::Cost).unwrap();
/// let costs = dijkstra(&sg.graph, sg.start("kabul").unwrap(), None, |e| e.weight().weight);
/// let best = sg.states("karachi").filter_map(|s| costs.get(&s)).copied().fold(f64::INFINITY, f64::min);
/// let route = net.route(&RouteQuery::new("kabul", "karachi")).unwrap().route.unwrap();
/// assert!((best - route.usd_per_t).abs() < 1e-9);
/// // The same in one call:
/// assert_eq!(sg.cost("kabul", "karachi"), Some(best));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StateGraph {
    /// The graph: node weights carry the place and its arrival, edge weights the link, the
    /// transfer and the weight.
    pub graph: DiGraph<ArrivalState, StateArc>,
    /// The metric the edges weigh.
    pub metric: Metric,
    /// The day the filter looks at and the events it applied.
    pub day: Day,
    /// Per place in file order: its states are `first[v]..first[v + 1]`, the start first.
    first: Vec<u32>,
    /// Place id → index in file order.
    index: HashMap<String, usize>,
}

impl StateGraph {
    /// The state a route from this place starts in (arrived by nothing, so its first link
    /// pays no transfer); `None` for an unknown id.
    pub fn start(&self, id: &str) -> Option<NodeIndex> {
        let &v = self.index.get(id)?;
        Some(NodeIndex::new(self.first[v] as usize))
    }

    /// Every state of a place: the start, then one per mode and gauge a route can arrive by.
    /// A route's cost to the place is the least over these. Empty for an unknown id.
    pub fn states(&self, id: &str) -> impl Iterator<Item = NodeIndex> + '_ {
        let range = match self.index.get(id) {
            Some(&v) => self.first[v] as usize..self.first[v + 1] as usize,
            None => 0..0,
        };
        range.map(NodeIndex::new)
    }

    /// The least cost from one place to another by petgraph's Dijkstra on this graph: the
    /// `metric_value` of the crate's route. `None` when no route joins them or an id is
    /// unknown; zero from a place to itself.
    ///
    /// # Complexity
    /// One Dijkstra, O((V + E) log V) over the states.
    pub fn cost(&self, from: &str, to: &str) -> Option<f64> {
        let start = self.start(from)?;
        let costs = petgraph::algo::dijkstra(&self.graph, start, None, |e| e.weight().weight);
        self.states(to)
            .filter_map(|s| costs.get(&s).copied())
            .reduce(f64::min)
    }
}

impl Network {
    /// The network a filter sees, as a petgraph graph whose edges weigh a metric: see
    /// [`LinkGraph`]. Run any petgraph algorithm on `.graph`, or on
    /// [`LinkGraph::undirected`] for connectivity; the crate re-exports petgraph as
    /// `corridors::petgraph`, so its version always matches. A ban on joining two countries
    /// ([`Scenario::ban_between`](crate::Scenario::ban_between)) is a rule on whole routes,
    /// which a graph of links cannot hold: these views leave it out.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id the filter names (an avoided place, a scenario)
    /// that the network does not have.
    ///
    /// # Complexity
    /// O(V + E) for V places and E links, plus the weights of the filter's view.
    ///
    /// # Example
    /// ```
    /// use corridors::petgraph::algo::dijkstra;
    /// use corridors::{Filter, Metric, Network, RouteQuery};
    ///
    /// let net = Network::trans_afghan();
    /// let g = net.petgraph(&Filter::new(), Metric::Distance).unwrap();
    /// assert_eq!(g.graph.node_count(), net.nodes().len());
    /// let km = dijkstra(&g.graph, g.node("termez").unwrap(), None, |e| e.weight().weight);
    /// let route = RouteQuery::new("termez", "bandar-abbas").metric(Metric::Distance);
    /// let r = net.route(&route).unwrap().route.unwrap();
    /// assert!((km[&g.node("bandar-abbas").unwrap()] - r.distance_km).abs() < 1e-9);
    /// ```
    pub fn petgraph(&self, filter: &Filter, metric: Metric) -> Result<LinkGraph, QueryError> {
        let (view, w) = self.view_and_weights(filter, metric)?;
        let g = self.graph();
        let d = &self.data;
        let mut graph = DiGraph::with_capacity(d.nodes.len(), g.arcs.len());
        for n in &d.nodes {
            graph.add_node(Place { id: n.id.clone() });
        }
        for v in 0..g.node_count() {
            for arc in g.out(v) {
                let l = arc.link as usize;
                if !view.open[l] {
                    continue;
                }
                let head = arc.head as usize;
                graph.add_edge(
                    NodeIndex::new(v),
                    NodeIndex::new(head),
                    LinkArc {
                        link: d.links[l].id.clone(),
                        forward: g.to[l] as usize == head && d.ends[l].0 == v,
                        weight: w.along(g, l, head),
                    },
                );
            }
        }
        Ok(LinkGraph {
            graph,
            metric,
            day: filter.day(self),
        })
    }

    /// The crate's search graph under a filter, as a petgraph graph whose Dijkstra gives the
    /// crate's route costs: see [`StateGraph`].
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id the filter names that the network does not have.
    ///
    /// # Complexity
    /// O(S × A) for S states (a few per place) and A arcs per place, plus the view's weights.
    ///
    /// # Example
    /// ```
    /// use corridors::{Filter, Metric, Network};
    /// let net = Network::trans_afghan();
    /// let sg = net.state_graph(&Filter::new(), Metric::Time).unwrap();
    /// assert!(sg.graph.node_count() > net.nodes().len()); // a place has a state per arrival
    /// let start = &sg.graph[sg.start("herat").unwrap()];
    /// assert_eq!((start.node.as_str(), start.mode), ("herat", None));
    /// assert_eq!(sg.cost("herat", "herat"), Some(0.0));
    /// ```
    pub fn state_graph(&self, filter: &Filter, metric: Metric) -> Result<StateGraph, QueryError> {
        let (view, w) = self.view_and_weights(filter, metric)?;
        let g = self.graph();
        let d = &self.data;
        let states = &g.states;
        // The gauge of each rail class, read off a link of that class (a class is a bit of a
        // `u32` mask, so there are at most 32).
        let mut gauge = vec![None; u32::BITS as usize];
        for (l, link) in d.links.iter().enumerate() {
            if let Some(mm) = link.gauge_mm {
                gauge[g.class[l] as usize] = Some(mm);
            }
        }
        let mut graph = DiGraph::with_capacity(states.node.len(), 2 * g.arcs.len());
        for (s, &v) in states.node.iter().enumerate() {
            let c = states.class[s];
            graph.add_node(ArrivalState {
                node: d.nodes[v as usize].id.clone(),
                mode: class_mode(c),
                gauge_mm: gauge[c as usize],
            });
        }
        for (s, &v) in states.node.iter().enumerate() {
            let v = v as usize;
            let class = states.class[s];
            for arc in g.out(v) {
                let l = arc.link as usize;
                if !view.open[l] {
                    continue;
                }
                let (kind, next) = transfer(class, g.class[l]);
                let head = arc.head as usize;
                graph.add_edge(
                    NodeIndex::new(s),
                    NodeIndex::new(states.of(head, next)),
                    StateArc {
                        link: d.links[l].id.clone(),
                        transfer: kind,
                        weight: w.at(g, v, kind) + w.along(g, l, head),
                    },
                );
            }
        }
        Ok(StateGraph {
            graph,
            metric,
            day: filter.day(self),
            first: states.first.clone(),
            index: d
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.clone(), i))
                .collect(),
        })
    }

    /// The view of a filter and a metric's weights under it (today's, cached, for the
    /// default filter).
    fn view_and_weights(
        &self,
        filter: &Filter,
        metric: Metric,
    ) -> Result<(Cow<'_, View>, Cow<'_, Weights>), QueryError> {
        let view = filter.cow_view(self)?;
        let w = match &view {
            Cow::Borrowed(_) => Cow::Borrowed(self.today_weights(metric)),
            Cow::Owned(v) => Cow::Owned(self.weights(v, metric)),
        };
        Ok((view, w))
    }
}
