//! The network handle: the records joined by id, and the search engine built from them on first
//! use. Also the one place ids are resolved: "unknown …, did you mean …" is written here only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::{Engine, Graph, Landmarks, Pooled, Risk, Search, View, Weights};
use crate::error::{IdKind, QueryError};
use crate::model::rules::Rule;
use crate::model::scenario::{Hints, KnownIds, suggest};
use crate::model::{
    Corridor, Crossing, Currency, Defaults, Demand, Handling, Link, Metric, Mode, Node, NodeKind,
    Observed, Parameter, ParameterKind, Project, Records, Scenario, Source, Spreads, Status,
    Tariff, Transfers, Unit,
};
use crate::util::fold::fold;

/// A loaded, validated corridor network.
///
/// Build one with [`Network::trans_afghan`] (the bundled network), [`Network::from_path`] or
/// [`Network::from_toml_str`]. Records keep the order of the file; look-ups go by id.
#[derive(Debug, Clone)]
pub struct Network {
    /// The records and their indices.
    pub(crate) data: Records,
    /// The search graph, views, weights, landmarks and buffers, built on first use.
    pub(crate) engine: Engine,
    /// The "did you mean" index of each kind of id, built on the first unknown id of its kind.
    hints: Hints,
}

impl Network {
    /// A network over validated records.
    pub(crate) fn new(data: Records) -> Network {
        Network {
            data,
            engine: Engine::default(),
            hints: Hints::default(),
        }
    }

    /// The search graph, built once.
    pub(crate) fn graph(&self) -> &Graph {
        self.engine.graph(&self.data)
    }

    /// Today's view: operational links of every mode, nothing avoided, no scenario.
    pub(crate) fn risk(&self) -> &Risk {
        self.engine.risk(&self.data)
    }

    pub(crate) fn today(&self) -> &View {
        self.engine.today(&self.data)
    }

    /// Today's weights for a metric, built once.
    pub(crate) fn today_weights(&self, metric: Metric) -> &Weights {
        self.engine.today_weights(&self.data, metric)
    }

    /// The weights of a metric under a view.
    pub(crate) fn weights(&self, view: &View, metric: Metric) -> Weights {
        self.engine.weights(&self.data, view, metric)
    }

    /// Landmark bounds for a metric, valid under every view.
    pub(crate) fn landmarks(&self, metric: Metric) -> &Landmarks {
        self.engine.landmarks(&self.data, metric)
    }

    /// A search buffer from the pool (or a new one), returned to it when dropped.
    pub(crate) fn dijkstra(&self) -> Pooled<'_> {
        self.engine.dijkstra(&self.data)
    }

    /// A search under a view with a metric's weights.
    pub(crate) fn search<'a>(&'a self, view: &'a View, w: &'a Weights) -> Search<'a> {
        Search {
            g: self.graph(),
            view,
            w,
        }
    }

    /// The chance that no scenario with a probability closes any of these links in a year;
    /// `None` when no scenario has a probability.
    pub(crate) fn survival(&self, links: &[u32]) -> Option<f64> {
        self.engine.risk(&self.data).survival(links)
    }

    /// Bytes held by the search graph: the compact adjacency, per-link classes, border flags,
    /// the places with their own handling costs and the risks every search runs on (the
    /// network's own records not counted).
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert!(net.search_graph_bytes() < 64 * (net.links().len() + net.nodes().len()));
    /// ```
    pub fn search_graph_bytes(&self) -> usize {
        self.graph().bytes() + self.engine.risk(&self.data).bytes()
    }

    /// Bytes held by the landmark distances built so far for goal-directed search (one table
    /// per metric used): every pair of nodes on networks up to 256 nodes, eight distances per
    /// node beyond.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// net.route(&corridors::RouteQuery::new("termez", "karachi")).unwrap();
    /// let n = net.nodes().len();
    /// assert_eq!(net.landmark_bytes(), n * n * 4);
    /// ```
    pub fn landmark_bytes(&self) -> usize {
        self.engine.landmark_bytes()
    }

    /// The index of an id of a simple kind (node, link, corridor or scenario), or an error
    /// naming it with the nearest known id of that kind.
    pub(crate) fn resolve(&self, kind: IdKind, id: &str) -> Result<usize, QueryError> {
        let d = &self.data;
        let found = match kind {
            IdKind::Node => d.node_ix.get(id).copied(),
            IdKind::Link => d.link_ix.get(id).copied(),
            IdKind::Corridor => d.corridors.iter().position(|c| c.id == id),
            IdKind::Scenario => d.scenarios.iter().position(|s| s.id == id),
            IdKind::Project => d.projects.iter().position(|p| p.id == id),
            _ => None,
        };
        found.ok_or_else(|| self.unknown(kind, id))
    }

    /// The node index of an id, or an error naming it with the nearest known node.
    pub(crate) fn node_index(&self, id: &str) -> Result<usize, QueryError> {
        self.resolve(IdKind::Node, id)
    }

    /// The node index of a port's id, or an error naming it with the nearest known node, or
    /// with its kind when it is not a port.
    pub(crate) fn port_index(&self, id: &str) -> Result<usize, QueryError> {
        let v = self.node_index(id)?;
        match self.data.nodes[v].kind {
            NodeKind::Port => Ok(v),
            kind => Err(QueryError::NotAPort {
                node: id.to_string(),
                kind: kind.as_str(),
            }),
        }
    }

    /// The project of the file with this id, or an error with the nearest known one.
    pub(crate) fn resolve_project(&self, id: &str) -> Result<&Project, QueryError> {
        self.resolve(IdKind::Project, id)
            .map(|i| &self.data.projects[i])
    }

    /// The scenario of the file with this id, or an error with the nearest known one.
    pub(crate) fn resolve_scenario(&self, id: &str) -> Result<&Scenario, QueryError> {
        self.resolve(IdKind::Scenario, id)
            .map(|i| &self.data.scenarios[i])
    }

    /// The links touching a node, in file order.
    pub(crate) fn links_at(&self, v: usize) -> Vec<usize> {
        let ends = &self.data.ends;
        (0..ends.len())
            .filter(|&i| ends[i].0 == v || ends[i].1 == v)
            .collect()
    }

    /// The error for an id that names nothing of a kind, with the nearest id of that kind.
    pub(crate) fn unknown(&self, kind: IdKind, id: &str) -> QueryError {
        QueryError::UnknownId {
            kind,
            id: id.to_string(),
            suggestion: suggest(self, kind, id),
        }
    }
}

impl PartialEq for Network {
    /// Two networks are equal when their records are: every node, link, corridor, scenario,
    /// demand, observation, project, source, tariff, crossing, handling record, conversion,
    /// default and transfer, field by field, in order. What has been computed from them (the search engine) is not
    /// compared. A network built in code equals the same network loaded from a file.
    ///
    /// # Example
    /// ```
    /// use corridors::Network;
    /// let net = Network::trans_afghan();
    /// assert!(Network::from_toml_str(&net.to_toml()).unwrap() == net);
    /// let dearer = net.edit().link_capacity("termez-hairatan-rail", Some(9.0)).build().unwrap();
    /// assert!(dearer != net);
    /// ```
    fn eq(&self, other: &Network) -> bool {
        self.data.same_records(&other.data)
    }
}

impl KnownIds for Network {
    fn has(&self, kind: IdKind, id: &str) -> bool {
        let d = &self.data;
        kind.parts().iter().any(|&k| match k {
            IdKind::Node => d.node_ix.contains_key(id),
            IdKind::Link => d.link_ix.contains_key(id),
            IdKind::Country => d.nodes.iter().any(|n| n.country == id),
            IdKind::Corridor => d.corridors.iter().any(|c| c.id == id),
            IdKind::Scenario => d.scenarios.iter().any(|s| s.id == id),
            IdKind::Parameter => d.uncertain.parameters.iter().any(|p| p.id == id),
            IdKind::Project => d.projects.iter().any(|p| p.id == id),
            _ => false,
        })
    }

    fn ids(&self, kind: IdKind) -> Vec<&str> {
        let d = &self.data;
        match kind {
            IdKind::Node => d.nodes.iter().map(|n| n.id.as_str()).collect(),
            IdKind::Link => d.links.iter().map(|l| l.id.as_str()).collect(),
            IdKind::Country => d.countries(),
            IdKind::Corridor => d.corridors.iter().map(|c| c.id.as_str()).collect(),
            IdKind::Scenario => d.scenarios.iter().map(|s| s.id.as_str()).collect(),
            IdKind::Parameter => d
                .uncertain
                .parameters
                .iter()
                .map(|p| p.id.as_str())
                .collect(),
            IdKind::Project => d.projects.iter().map(|p| p.id.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    fn hints(&self) -> &Hints {
        &self.hints
    }
}

impl Network {
    /// The file's planned investments (`[[projects]]`), in file order.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert!(net.projects().iter().any(|p| p.id == "khaf-herat-section-4"));
    /// ```
    pub fn projects(&self) -> &[Project] {
        &self.data.projects
    }

    /// The project with this id.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert!(net.project("sarakhs-tracks").unwrap().links.is_empty());
    /// ```
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.data.projects.iter().find(|p| p.id == id)
    }

    /// The network's name.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// The year "today" means.
    pub fn year(&self) -> i32 {
        self.data.year
    }

    /// What the network describes, when the file says.
    pub fn description(&self) -> Option<&str> {
        self.data.description.as_deref()
    }

    /// Speeds, rates and estimation rules per mode.
    pub fn defaults(&self) -> &Defaults {
        &self.data.defaults
    }

    /// What each kind of transfer costs.
    pub fn transfers(&self) -> &Transfers {
        &self.data.transfers
    }

    /// Every node, in file order.
    pub fn nodes(&self) -> &[Node] {
        &self.data.nodes
    }

    /// Every link, in file order.
    pub fn links(&self) -> &[Link] {
        &self.data.links
    }

    /// Every corridor, in file order.
    pub fn corridors(&self) -> &[Corridor] {
        &self.data.corridors
    }

    /// Every scenario, in file order.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.data.scenarios
    }

    /// Every demand, in file order.
    pub fn demands(&self) -> &[Demand] {
        &self.data.demands
    }

    /// Every observation (`[[observed]]`: what a link or place was counted carrying), in
    /// file order.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert!(net.observed().iter().all(|o| o.start <= o.end && o.tonnes >= 0.0));
    /// ```
    pub fn observed(&self) -> &[Observed] {
        &self.data.observed
    }

    /// Every entry of the file's `[[sources]]` bibliography, in file order.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::from_toml_str(r#"
    /// [network]
    /// name = "Two towns"
    /// year = 2025
    /// [[sources]]
    /// id = "gazetteer"
    /// title = "A gazetteer"
    /// publisher = "Somebody"
    /// date = "2024-06"
    /// address = "https://example.org/gazetteer"
    /// confidence = "B"
    /// [[nodes]]
    /// id = "a"
    /// name = "A"
    /// country = "AF"
    /// kind = "city"
    /// lat = 34.0
    /// lon = 62.0
    /// sources = ["gazetteer"]
    /// "#).unwrap();
    /// assert_eq!(net.sources()[0].confidence, corridors::Confidence::B);
    /// assert_eq!(net.node("a").unwrap().sources, ["gazetteer"]);
    /// ```
    pub fn sources(&self) -> &[Source] {
        &self.data.sources
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.data.sources.iter().find(|s| s.id == id)
    }

    /// The freight rates and speeds per country and mode (`[[tariffs]]`), in file order.
    ///
    /// # Example
    /// ```
    /// use corridors::{Mode, Network};
    /// let net = Network::trans_afghan();
    /// let tm = net.tariffs().iter().find(|t| t.country == "TM" && t.mode == Mode::Rail);
    /// assert!(tm.is_some_and(|t| t.usd_per_tkm.is_some()));
    /// ```
    pub fn tariffs(&self) -> &[Tariff] {
        &self.data.tariffs
    }

    /// Every uncertain figure of the network as a parameter (its id, value, low and high):
    /// defaults, transfers, tariffs, links' own rates and speeds, crossings, handling,
    /// capacities and scenario probabilities, in that order. A file with no `[uncertainty]`
    /// and no stated range has parameters that do not vary.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let varying = net.parameters().iter().filter(|p| p.varies()).count();
    /// assert!(varying > 50);
    /// ```
    pub fn parameters(&self) -> &[Parameter] {
        &self.data.uncertain.parameters
    }

    /// One parameter by id (`tariff.UZ.rail.usd_per_tkm`).
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] naming the nearest parameter id.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let err = net.parameter("tariff.UZ.rail.usd_per_km").unwrap_err();
    /// assert!(err.to_string().contains("tariff.UZ.rail.usd_per_tkm"));
    /// ```
    pub fn parameter(&self, id: &str) -> Result<&Parameter, QueryError> {
        self.parameters()
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| self.unknown(IdKind::Parameter, id))
    }

    /// The same network with every parameter's figure set to `values` (one per
    /// [`Network::parameters`] entry, in order): links take the new tariffs and defaults,
    /// crossings and transfers their new hours and costs. Each parameter keeps its range. With
    /// [`Network::draw`], this is a draw's network, on which any query gives that draw's answer.
    ///
    /// # Errors
    /// [`QueryError::ParameterCount`] when `values` does not hold one value per parameter;
    /// [`QueryError::ParameterValue`] naming the first value its figure cannot take.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// let mut v: Vec<f64> = net.parameters().iter().map(|p| p.base).collect();
    /// let i = net.parameters().iter().position(|p| p.id == "defaults.rail.usd_per_tkm").unwrap();
    /// v[i] *= 2.0;
    /// let dear = net.with_parameters(&v).unwrap();
    /// let q = RouteQuery::new("tashkent", "bandar-abbas");
    /// let (a, b) = (net.route(&q).unwrap(), dear.route(&q).unwrap());
    /// assert!(b.route.unwrap().usd_per_t > a.route.unwrap().usd_per_t);
    /// ```
    pub fn with_parameters(&self, values: &[f64]) -> Result<Network, QueryError> {
        let ps = self.parameters();
        if values.len() != ps.len() {
            return Err(QueryError::ParameterCount {
                expected: ps.len(),
                found: values.len(),
            });
        }
        for (p, &x) in ps.iter().zip(values) {
            let rule = match p.kind {
                ParameterKind::Speed | ParameterKind::Capacity | ParameterKind::Volume => {
                    Rule::Positive
                }
                ParameterKind::Probability => Rule::Fraction,
                _ => Rule::NonNegative,
            };
            if let Err(why) = rule.check(x) {
                return Err(QueryError::ParameterValue {
                    id: p.id.clone(),
                    value: x,
                    why,
                });
            }
        }
        let data = self
            .data
            .with_values(values)
            .map_err(|id| self.unknown(IdKind::Link, &id))?;
        Ok(Network::new(data))
    }

    /// The `[uncertainty]` spreads by grade, when the file declares them.
    pub fn spreads(&self) -> Option<&Spreads> {
        self.data.spreads.as_ref()
    }

    /// The border crossings priced on their own (`[[crossings]]`), in file order.
    pub fn crossings(&self) -> &[Crossing] {
        &self.data.crossings
    }

    /// The transfers priced at their place (`[[handling]]`), in file order.
    pub fn handling(&self) -> &[Handling] {
        &self.data.handling
    }

    /// The units costs are published in (`[units]`: tonnes per truck, per box).
    pub fn units(&self) -> &[Unit] {
        &self.data.units
    }

    /// The currencies costs are published in (`[currencies]`: USD per unit, and when).
    pub fn currencies(&self) -> &[Currency] {
        &self.data.currencies
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.data.node_ix.get(id).map(|&i| &self.data.nodes[i])
    }

    /// The link with this id.
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.data.link_ix.get(id).map(|&i| &self.data.links[i])
    }

    /// The corridor with this id.
    pub fn corridor(&self, id: &str) -> Option<&Corridor> {
        self.data.corridors.iter().find(|c| c.id == id)
    }

    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.data.scenarios.iter().find(|s| s.id == id)
    }

    /// Whether a link's two ends lie in different countries.
    pub fn is_cross_border(&self, link: &Link) -> bool {
        match (self.node(&link.from), self.node(&link.to)) {
            (Some(a), Some(b)) => a.country != b.country,
            _ => false,
        }
    }

    /// Counts and lengths of the network, for `corridors check` and reports.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let s = net.summary();
    /// assert!(s.nodes >= 45);
    /// assert_eq!(s.links, net.links().len());
    /// ```
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            name: self.data.name.clone(),
            year: self.data.year,
            nodes: self.data.nodes.len(),
            links: self.data.links.len(),
            links_by_mode: BTreeMap::new(),
            links_by_status: BTreeMap::new(),
            km_by_status: BTreeMap::new(),
            estimated_links: self.data.links.iter().filter(|l| l.estimated).count(),
            countries: Vec::new(),
            corridors: self.data.corridors.len(),
            scenarios: self.data.scenarios.len(),
            demands: self.data.demands.len(),
            observed: self.data.observed.len(),
            rail_gauges: Vec::new(),
            gauge_doubts: Vec::new(),
        };
        let mut gauges: BTreeMap<u32, usize> = BTreeMap::new();
        let mut first_of: BTreeMap<u32, &str> = BTreeMap::new();
        for l in &self.data.links {
            if let (Mode::Rail, Some(g)) = (l.mode, l.gauge_mm) {
                *gauges.entry(g).or_default() += 1;
                first_of.entry(g).or_insert(&l.id);
            }
            *s.links_by_mode.entry(l.mode).or_default() += 1;
            *s.links_by_status.entry(l.status).or_default() += 1;
            *s.km_by_status.entry(l.status).or_default() += l.length_km;
        }
        // A gauge no railway uses, on one link, within a few mm of one on more links.
        for (&g, &n) in &gauges {
            let near = gauges
                .iter()
                .filter(|&(&h, &m)| h != g && h.abs_diff(g) <= GAUGE_DOUBT_MM && m > n)
                .max_by_key(|&(&h, &m)| (m, std::cmp::Reverse(h.abs_diff(g))));
            if let (1, Some((&h, &m)), false) = (n, near, KNOWN_GAUGES_MM.contains(&g)) {
                s.gauge_doubts.push(GaugeDoubt {
                    gauge_mm: g,
                    link: first_of[&g].to_string(),
                    near_mm: h,
                    near_links: m,
                });
            }
        }
        s.rail_gauges = gauges
            .into_iter()
            .map(|(gauge_mm, links)| GaugeCount { gauge_mm, links })
            .collect();
        s.countries = self
            .data
            .countries()
            .into_iter()
            .map(String::from)
            .collect();
        s
    }
}

/// Finding places: by id or by name, and what touches them.
impl Network {
    /// The node a user means: by id (`mazar-i-sharif`), else by id or name with case, accents
    /// and punctuation set aside (`Mazar-i-Sharif`, `MAZĀR I SHARIF`), else by the name
    /// before its parenthesis (`Naibabad` is not, but `Mazar-i-Sharif` is, the short name of
    /// `Mazar-i-Sharif (Naibabad)`). The first of these that some node answers to decides.
    ///
    /// # Errors
    /// [`QueryError::AmbiguousName`] when several nodes answer at that step (a crossing
    /// known by one name on both sides); [`QueryError::UnknownId`] when none does, with the
    /// nearest node by id or name.
    ///
    /// # Complexity
    /// O(n) over the nodes; an unknown name builds the name index once, then asks it.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert_eq!(net.find_node("Mazar-i-Sharif").unwrap().id, "mazar-i-sharif");
    /// assert_eq!(net.find_node("bandar abbas").unwrap().id, "bandar-abbas");
    /// let e = net.find_node("Torkham").unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "\"Torkham\" names several nodes: torkham-pk, torkham-af; give one of their ids"
    /// );
    /// let e = net.find_node("Mazar Sharif").unwrap_err();
    /// assert_eq!(e.to_string(), "unknown node \"Mazar Sharif\" (did you mean \"mazar-i-sharif\"?)");
    /// ```
    pub fn find_node(&self, query: &str) -> Result<&Node, QueryError> {
        if let Some(n) = self.node(query) {
            return Ok(n);
        }
        let key = fold(query);
        let nodes = &self.data.nodes;
        let steps: [&dyn Fn(&Node) -> bool; 3] =
            [&|n| n.id == key, &|n| fold(&n.name) == key, &|n| {
                fold(short(&n.name)) == key
            }];
        for answers in steps {
            let found: Vec<&Node> = nodes.iter().filter(|n| answers(n)).collect();
            match found.as_slice() {
                [] => continue,
                [n] => return Ok(n),
                many => {
                    return Err(QueryError::AmbiguousName {
                        name: query.to_string(),
                        ids: many.iter().map(|n| n.id.clone()).collect(),
                    });
                }
            }
        }
        let keys = || {
            let mut keys: Vec<String> = Vec::with_capacity(3 * nodes.len());
            for n in nodes {
                keys.extend([n.id.clone(), fold(&n.name), fold(short(&n.name))]);
            }
            keys
        };
        let suggestion = self.hints.names(keys).nearest(&key).and_then(|near| {
            nodes
                .iter()
                .find(|n| n.id == near || fold(&n.name) == near || fold(short(&n.name)) == near)
                .map(|n| n.id.clone())
        });
        Err(QueryError::UnknownId {
            kind: IdKind::Node,
            id: query.to_string(),
            suggestion,
        })
    }

    /// Every link with an end at a node, whatever its status and direction, in file order.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names no node, with the nearest one.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let links = net.links_of("hairatan").unwrap();
    /// assert!(links.iter().any(|l| l.id == "termez-hairatan-rail"));
    /// assert!(links.iter().all(|l| l.from == "hairatan" || l.to == "hairatan"));
    /// ```
    pub fn links_of(&self, id: &str) -> Result<Vec<&Link>, QueryError> {
        let v = self.node_index(id)?;
        Ok(self
            .links_at(v)
            .into_iter()
            .map(|l| &self.data.links[l])
            .collect())
    }

    /// The places one link away from a node, each once, in the file order of the first link
    /// that joins them; whatever the links' status or direction (filter with
    /// [`Network::links_of`] for more control).
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names no node, with the nearest one.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let near: Vec<&str> = net.neighbours("hairatan").unwrap().iter().map(|n| n.id.as_str()).collect();
    /// assert!(near.contains(&"termez"));
    /// assert!(!near.contains(&"hairatan"));
    /// ```
    pub fn neighbours(&self, id: &str) -> Result<Vec<&Node>, QueryError> {
        let v = self.node_index(id)?;
        let mut seen = vec![false; self.data.nodes.len()];
        seen[v] = true;
        let mut out = Vec::new();
        for l in self.links_at(v) {
            let (a, b) = self.data.ends[l];
            let other = if a == v { b } else { a };
            if !std::mem::replace(&mut seen[other], true) {
                out.push(&self.data.nodes[other]);
            }
        }
        Ok(out)
    }
}

/// A place's name before its parenthesis: `Mazar-i-Sharif (Naibabad)` → `Mazar-i-Sharif`.
fn short(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name)
}

/// Counts and lengths of a network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// The network's name.
    pub name: String,
    /// The year "today" means.
    pub year: i32,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of links.
    pub links: usize,
    /// Links per mode.
    pub links_by_mode: BTreeMap<Mode, usize>,
    /// Links per status.
    pub links_by_status: BTreeMap<Status, usize>,
    /// Kilometres per status.
    pub km_by_status: BTreeMap<Status, f64>,
    /// Links whose length is an estimate.
    pub estimated_links: usize,
    /// Country codes of the nodes, sorted.
    pub countries: Vec<String>,
    /// Number of corridors.
    pub corridors: usize,
    /// Number of scenarios.
    pub scenarios: usize,
    /// Number of demands.
    pub demands: usize,
    /// Number of observations.
    pub observed: usize,
    /// Rail links per gauge, narrowest first (those with no gauge given are not counted). A
    /// gauge that one link alone has, next to a common one, is often a typo: it makes a break
    /// of gauge.
    #[serde(default)]
    pub rail_gauges: Vec<GaugeCount>,
    /// Gauges that look like typos: one link alone has a gauge no railway uses, within
    /// [`GAUGE_DOUBT_MM`] of a gauge on more links (absent from JSON when there are none).
    /// `check` prints them; the file still loads, since any gauge may be meant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gauge_doubts: Vec<GaugeDoubt>,
}

/// How near (mm) a lone, unknown gauge must be to a commoner one to look like a typo of it.
pub const GAUGE_DOUBT_MM: u32 = 10;

/// Track gauges railways use, mm, narrow to broad: a lone link on one of these is not doubted
/// (1,520 and 1,524 mm, for one, are both real and 4 mm apart).
const KNOWN_GAUGES_MM: [u32; 18] = [
    600, 610, 750, 760, 762, 891, 900, 914, 950, 1000, 1067, 1435, 1445, 1520, 1524, 1600, 1668,
    1676,
];

/// A gauge that looks like a typo ([`Summary::gauge_doubts`]).
///
/// # Example
/// ```
/// use corridors::Network;
/// assert!(Network::trans_afghan().summary().gauge_doubts.is_empty());
/// // One standard-gauge link typed a millimetre wide:
/// let text = Network::trans_afghan()
///     .to_toml()
///     .replacen("gauge_mm = 1435", "gauge_mm = 1436", 1);
/// let doubts = Network::from_toml_str(&text).unwrap().summary().gauge_doubts;
/// assert_eq!(doubts.len(), 1);
/// assert_eq!((doubts[0].gauge_mm, doubts[0].near_mm, doubts[0].near_links), (1436, 1435, 26));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GaugeDoubt {
    /// The gauge, mm, that one link alone has.
    pub gauge_mm: u32,
    /// That link's id.
    pub link: String,
    /// The commoner gauge it lies near, mm.
    pub near_mm: u32,
    /// Rail links of the commoner gauge.
    pub near_links: usize,
}

/// How many rail links have one gauge ([`Summary::rail_gauges`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GaugeCount {
    /// The gauge, mm.
    pub gauge_mm: u32,
    /// Rail links of that gauge.
    pub links: usize,
}
