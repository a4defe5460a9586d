//! Route queries: the best route by distance, time or cost, with via points, avoided places,
//! scenarios and k alternatives, and the report that explains it.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;

use crate::error::QueryError;
use crate::graph::{Graph, SEA, START, View, transfer};
use crate::model::{Mode, Network, Scenario, Status, TransferKind};
use crate::scenario;
use crate::search::{Dijkstra, Metric, OrdF64, Step, Weights, walk};
use crate::suggest::nearest;

/// What the queries that look at cargo flows (the file's demands or given pairs) share:
/// `Default` (their `new()`), `metric` and `pair`. The query type needs fields
/// `metric: Metric` and `pairs: Option<Vec<(String, String, f64)>>`, and a `new()`.
macro_rules! flow_builders {
    ($ty:ident) => {
        impl Default for $ty {
            fn default() -> Self {
                $ty::new()
            }
        }

        impl $ty {
            /// What routes minimise (default: cost). Damage and costs are still reported in
            /// USD per tonne.
            pub fn metric(mut self, metric: crate::search::Metric) -> $ty {
                self.metric = metric;
                self
            }

            /// Looks at this origin–destination pair, with its volume in Mt/yr, instead of the
            /// file's demands; call again for several.
            pub fn pair(
                mut self,
                from: impl Into<String>,
                to: impl Into<String>,
                mtpa: f64,
            ) -> $ty {
                self.pairs
                    .get_or_insert_with(Vec::new)
                    .push((from.into(), to.into(), mtpa));
                self
            }
        }
    };
}
pub(crate) use flow_builders;

/// Which links a query counts: statuses or year, modes, avoided places and scenarios.
///
/// The default counts what runs today: operational links of every mode, nothing avoided, no
/// scenario. Shared by route and capacity queries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    statuses: Vec<Status>,
    year: Option<i32>,
    modes: Vec<Mode>,
    avoid: Vec<String>,
    scenarios: Vec<String>,
    custom: Vec<Scenario>,
}

impl Filter {
    /// Today's network: operational links only.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Also counts links of this status (operational links always count).
    pub fn include(mut self, status: Status) -> Filter {
        if !self.statuses.contains(&status) {
            self.statuses.push(status);
        }
        self
    }

    /// Counts every link, whatever its status: the network with every planned line built.
    pub fn include_all(self) -> Filter {
        Status::ALL.into_iter().fold(self, Filter::include)
    }

    /// Counts a non-operational link from its `opens` year on.
    pub fn year(mut self, year: i32) -> Filter {
        self.year = Some(year);
        self
    }

    /// Keeps only links of this mode (call again to keep several). No call keeps every mode.
    pub fn mode(mut self, mode: Mode) -> Filter {
        if !self.modes.contains(&mode) {
            self.modes.push(mode);
        }
        self
    }

    /// Avoids a node, link, country (ISO code) or corridor by id.
    ///
    /// An id is looked up as a node, then a link, a country and a corridor; prefix it with
    /// `node:`, `link:`, `country:` or `corridor:` to say which is meant (the bundled network
    /// has nodes and corridors both called `chabahar`, `gwadar` and `kabul`).
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// // Avoid the Kabul Corridor's links, not the city of Kabul.
    /// let q = RouteQuery::new("termez", "peshawar").include_all().avoid("corridor:kabul");
    /// let r = net.route(&q).unwrap().route.unwrap();
    /// assert!(r.legs.iter().all(|l| !l.corridors.iter().any(|c| c == "kabul")));
    /// ```
    pub fn avoid(mut self, id: impl Into<String>) -> Filter {
        self.avoid.push(id.into());
        self
    }

    /// Applies a scenario of the file by id.
    pub fn scenario(mut self, id: impl Into<String>) -> Filter {
        self.scenarios.push(id.into());
        self
    }

    /// Applies a scenario built in code.
    pub fn with_scenario(mut self, scenario: Scenario) -> Filter {
        self.custom.push(scenario);
        self
    }

    /// Whether the filter is today's network, unchanged.
    pub(crate) fn is_today(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether the filter counts every status.
    fn counts_everything(&self) -> bool {
        Status::ALL
            .iter()
            .all(|s| *s == Status::Operational || self.statuses.contains(s))
    }

    /// The view this filter gives on `net`.
    pub(crate) fn view(&self, net: &Network) -> Result<View, QueryError> {
        let mut view = View::new(net, &self.statuses, self.year, &self.modes);
        for given in &self.avoid {
            let (kind, id) = match given.split_once(':') {
                Some((k @ ("node" | "link" | "country" | "corridor"), id)) => (Some(k), id),
                _ => (None, given.as_str()),
            };
            let wants = |k: &str| kind.is_none_or(|x| x == k);
            let hit: Vec<usize> = if let Some(&v) = net.node_ix.get(id).filter(|_| wants("node")) {
                links_where(net, |a, b| a == v || b == v)
            } else if let Some(&l) = net.link_ix.get(id).filter(|_| wants("link")) {
                vec![l]
            } else if wants("country") && net.nodes.iter().any(|n| n.country == id) {
                links_where(net, |a, b| {
                    net.nodes[a].country == id || net.nodes[b].country == id
                })
            } else if wants("corridor") && net.corridor(id).is_some() {
                (0..net.links.len())
                    .filter(|&i| net.links[i].corridors.iter().any(|c| c == id))
                    .collect()
            } else {
                return Err(unknown_place(net, kind, id, given));
            };
            for i in hit {
                view.open[i] = false;
            }
        }
        for id in &self.scenarios {
            let sc = net.scenario(id).ok_or_else(|| QueryError::UnknownId {
                kind: "scenario",
                id: id.clone(),
                suggestion: nearest(id, net.scenarios.iter().map(|s| s.id.as_str()))
                    .map(String::from),
            })?;
            scenario::apply(&mut view, &scenario::effects(net, sc));
        }
        for sc in &self.custom {
            crate::disrupt::validate(net, sc)?;
            scenario::apply(&mut view, &scenario::effects(net, sc));
        }
        Ok(view)
    }
}

fn links_where(net: &Network, f: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    net.ends
        .iter()
        .enumerate()
        .filter(|&(_, &(a, b))| f(a, b))
        .map(|(i, _)| i)
        .collect()
}

/// An avoided place that names nothing; `kind` is the prefix given (`corridor` in
/// `corridor:kabul`), and the suggestion is looked for among ids of that kind.
fn unknown_place(net: &Network, kind: Option<&str>, id: &str, given: &str) -> QueryError {
    let countries: BTreeSet<&str> = net.nodes.iter().map(|n| n.country.as_str()).collect();
    let wants = |k: &str| kind.is_none_or(|x| x == k);
    let mut all: Vec<&str> = Vec::new();
    if wants("node") {
        all.extend(net.nodes.iter().map(|n| n.id.as_str()));
    }
    if wants("link") {
        all.extend(net.links.iter().map(|l| l.id.as_str()));
    }
    if wants("corridor") {
        all.extend(net.corridors.iter().map(|c| c.id.as_str()));
    }
    if wants("country") {
        all.extend(countries);
    }
    QueryError::UnknownId {
        kind: match kind {
            Some("node") => "node",
            Some("link") => "link",
            Some("country") => "country",
            Some(_) => "corridor",
            None => "node, link, country or corridor",
        },
        id: given.to_string(),
        suggestion: nearest(id, all).map(|s| match kind {
            Some(k) => format!("{k}:{s}"),
            None => s.to_string(),
        }),
    }
}

impl Network {
    /// The node index of an id, or an error naming it with the nearest known node.
    pub(crate) fn node_index(&self, id: &str) -> Result<usize, QueryError> {
        self.node_ix
            .get(id)
            .copied()
            .ok_or_else(|| QueryError::UnknownId {
                kind: "node",
                id: id.to_string(),
                suggestion: nearest(id, self.nodes.iter().map(|n| n.id.as_str())).map(String::from),
            })
    }
}

/// A route question: from, to, the metric, the links counted, via points and alternatives.
///
/// # Example
/// ```
/// use corridors::{Metric, Network, RouteQuery, Status};
///
/// let net = Network::trans_afghan();
/// let q = RouteQuery::new("khaf", "herat").metric(Metric::Distance).mode(corridors::Mode::Rail);
/// // Today the line stops at Rozanak: no rail route yet.
/// let today = net.route(&q).unwrap();
/// assert!(today.route.is_none());
/// println!("{}", today.reason.as_deref().unwrap());
/// // Counting the section under construction, it is 225 km.
/// let built = net.route(&q.include(Status::UnderConstruction)).unwrap();
/// assert_eq!(built.route.unwrap().distance_km, 225.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RouteQuery {
    from: String,
    to: String,
    metric: Metric,
    filter: Filter,
    via: Vec<String>,
    /// Index in `via` of the port where the route reaches the sea, if one is named.
    port: Option<usize>,
    alternatives: usize,
    max_overlap: Option<f64>,
}

impl RouteQuery {
    /// A query for the cheapest route (by cost) from one node id to another, on today's network.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> RouteQuery {
        RouteQuery {
            from: from.into(),
            to: to.into(),
            metric: Metric::Cost,
            filter: Filter::new(),
            via: Vec::new(),
            port: None,
            alternatives: 0,
            max_overlap: None,
        }
    }

    /// What to minimise (default: cost).
    pub fn metric(mut self, metric: Metric) -> RouteQuery {
        self.metric = metric;
        self
    }

    /// Replaces the whole filter.
    pub fn filter(mut self, filter: Filter) -> RouteQuery {
        self.filter = filter;
        self
    }

    /// Also counts links of this status.
    pub fn include(mut self, status: Status) -> RouteQuery {
        self.filter = self.filter.include(status);
        self
    }

    /// Counts every link: the network once every planned line is built.
    pub fn include_all(mut self) -> RouteQuery {
        self.filter = self.filter.include_all();
        self
    }

    /// Counts non-operational links from their `opens` year.
    pub fn year(mut self, year: i32) -> RouteQuery {
        self.filter = self.filter.year(year);
        self
    }

    /// Keeps only links of this mode (call again for several).
    pub fn mode(mut self, mode: Mode) -> RouteQuery {
        self.filter = self.filter.mode(mode);
        self
    }

    /// Passes through this node (call again for several, in order).
    pub fn via(mut self, id: impl Into<String>) -> RouteQuery {
        self.via.push(id.into());
        self
    }

    /// Reaches the sea at this port: land links up to it, sea links from it on (after any
    /// earlier via points). This is how "through Chabahar" is meant in a port comparison: a
    /// route may not slip into another port and take a coastal ship to this one.
    pub fn via_port(mut self, id: impl Into<String>) -> RouteQuery {
        self.port = Some(self.via.len());
        self.via.push(id.into());
        self
    }

    /// Avoids a node, link, country or corridor.
    pub fn avoid(mut self, id: impl Into<String>) -> RouteQuery {
        self.filter = self.filter.avoid(id);
        self
    }

    /// Applies a scenario of the file by id.
    pub fn scenario(mut self, id: impl Into<String>) -> RouteQuery {
        self.filter = self.filter.scenario(id);
        self
    }

    /// Applies a scenario built in code.
    pub fn with_scenario(mut self, scenario: Scenario) -> RouteQuery {
        self.filter = self.filter.with_scenario(scenario);
        self
    }

    /// Also finds the `k` best loopless routes (the first being the route itself). Combines
    /// with one [`RouteQuery::via_port`], not with other via points.
    pub fn alternatives(mut self, k: usize) -> RouteQuery {
        self.alternatives = k;
        self
    }

    /// Drops alternatives that share more than this fraction of their length with a better one.
    pub fn max_overlap(mut self, fraction: f64) -> RouteQuery {
        self.max_overlap = Some(fraction);
        self
    }
}

/// One leg of a route: a link taken in one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Leg {
    /// The link id.
    pub link: String,
    /// Node id the leg starts at.
    pub from: String,
    /// Node id the leg ends at.
    pub to: String,
    /// The link's mode.
    pub mode: Mode,
    /// Rail gauge, mm, when known.
    pub gauge_mm: Option<u32>,
    /// Kilometres.
    pub distance_km: f64,
    /// Hours, scenario delays included, transfers not.
    pub hours: f64,
    /// USD per tonne, scenario surcharges included, transfer fees not.
    pub usd_per_t: f64,
    /// The link's status.
    pub status: Status,
    /// Expected opening year of a link not yet built.
    pub opens: Option<i32>,
    /// Capacity, Mt/yr, after scenarios; `None` when unknown.
    pub capacity_mtpa: Option<f64>,
    /// The corridors the link belongs to.
    pub corridors: Vec<String>,
    /// Whether the length is an estimate.
    pub estimated: bool,
}

/// A change a route makes at a node: gauge, mode, port or border.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Transfer {
    /// Where: the node at which the change happens (for a border, the first node across it).
    pub node: String,
    /// What kind of change.
    pub kind: TransferKind,
    /// Hours it takes.
    pub hours: f64,
    /// USD per tonne it costs.
    pub usd_per_t: f64,
}

/// A route found, with everything an analyst asks of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Route {
    /// Total kilometres.
    pub distance_km: f64,
    /// Total hours, transfers included.
    pub hours: f64,
    /// Total days (hours / 24).
    pub days: f64,
    /// Total USD per tonne, transfer fees included.
    pub usd_per_t: f64,
    /// The value of the metric the route minimises.
    pub metric_value: f64,
    /// Legs in order.
    pub legs: Vec<Leg>,
    /// Transfers in order.
    pub transfers: Vec<Transfer>,
    /// Countries passed, in order.
    pub countries: Vec<String>,
    /// Corridors used, in order of first use.
    pub corridors: Vec<String>,
    /// Number of borders crossed.
    pub border_crossings: usize,
    /// The smallest known capacity on the route (links and node throughput), Mt/yr; `None`
    /// when no capacity on the route is known.
    pub bottleneck_mtpa: Option<f64>,
    /// The link or node that sets the bottleneck.
    pub bottleneck_id: Option<String>,
    /// Links on the route that are not yet operational.
    pub unbuilt: Vec<String>,
    /// The chance that no scenario of the file closes a link of the route within a year
    /// (scenarios striking independently); `None` when no scenario has a probability.
    pub survival: Option<f64>,
}

impl Route {
    /// Whether the route uses only operational links.
    pub fn is_built(&self) -> bool {
        self.unbuilt.is_empty()
    }

    /// Links on the route whose capacity is unknown (counted as unbounded).
    pub fn unknown_capacity(&self) -> impl Iterator<Item = &str> {
        self.legs
            .iter()
            .filter(|l| l.capacity_mtpa.is_none())
            .map(|l| l.link.as_str())
    }

    /// The number of transfers of a kind.
    pub fn count(&self, kind: TransferKind) -> usize {
        self.transfers.iter().filter(|t| t.kind == kind).count()
    }

    /// Node ids in order, from the origin to the destination.
    pub fn nodes(&self) -> impl Iterator<Item = &str> {
        self.legs
            .first()
            .map(|l| l.from.as_str())
            .into_iter()
            .chain(self.legs.iter().map(|l| l.to.as_str()))
    }

    /// Whether the route passes the node.
    pub fn passes(&self, node: &str) -> bool {
        self.nodes().any(|n| n == node)
    }
}

/// The answer to a [`RouteQuery`]: the route, or why there is none, and alternatives.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RouteAnswer {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// The metric minimised.
    pub metric: Metric,
    /// The best route, or `None` when none exists under the query.
    pub route: Option<Route>,
    /// Why there is no route, when there is none.
    pub reason: Option<String>,
    /// The k best routes when asked, the first being `route`.
    pub alternatives: Vec<Route>,
}

impl RouteAnswer {
    /// Whether a route was found.
    pub fn found(&self) -> bool {
        self.route.is_some()
    }
}

impl Serialize for RouteAnswer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde_json::{Map, Value, json};
        let mut m = Map::new();
        m.insert("from".into(), json!(self.from));
        m.insert("to".into(), json!(self.to));
        m.insert("metric".into(), json!(self.metric));
        m.insert("found".into(), json!(self.found()));
        m.insert("reason".into(), json!(self.reason));
        match &self.route {
            Some(r) => {
                if let Ok(Value::Object(fields)) = serde_json::to_value(r) {
                    m.extend(fields);
                }
                m.insert("nodes".into(), json!(r.nodes().collect::<Vec<_>>()));
            }
            None => {
                for k in [
                    "distance_km",
                    "hours",
                    "days",
                    "usd_per_t",
                    "bottleneck_mtpa",
                    "bottleneck_id",
                ] {
                    m.insert(k.into(), Value::Null);
                }
                for k in [
                    "legs",
                    "transfers",
                    "nodes",
                    "countries",
                    "corridors",
                    "unbuilt",
                ] {
                    m.insert(k.into(), json!([]));
                }
                m.insert("border_crossings".into(), json!(0));
            }
        }
        if !self.alternatives.is_empty() {
            m.insert("alternatives".into(), json!(self.alternatives));
        }
        Value::Object(m).serialize(s)
    }
}

impl Network {
    /// Finds the best route for a query.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names nothing (with the nearest known id);
    /// [`QueryError::BadOption`] for options that contradict each other. No route is not an
    /// error: the answer's `route` is `None` and `reason` says why.
    ///
    /// # Complexity
    /// One Dijkstra over (node, arrival class) states per via segment: O((n·c + m·c) log(n·c))
    /// for n nodes, m links and c ≤ 7 classes; k alternatives cost up to k·L more searches
    /// (Yen), L the route's length in legs.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// let ans = net.route(&RouteQuery::new("termez", "karachi")).unwrap();
    /// let r = ans.route.unwrap();
    /// assert!(r.countries.first().map(String::as_str) == Some("UZ"));
    /// assert!(r.countries.contains(&"PK".to_string()));
    ///
    /// let err = net.route(&RouteQuery::new("termez", "karachy")).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown node \"karachy\" (did you mean \"karachi\"?)");
    /// ```
    pub fn route(&self, q: &RouteQuery) -> Result<RouteAnswer, QueryError> {
        let from = self.node_index(&q.from)?;
        let to = self.node_index(&q.to)?;
        let via = q
            .via
            .iter()
            .map(|v| self.node_index(v))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(f) = q.max_overlap {
            if !(0.0..=1.0).contains(&f) {
                return Err(QueryError::BadOption(format!(
                    "max overlap must lie in [0, 1], found {f}"
                )));
            }
        }
        let through_port_only = q.port == Some(0) && via.len() == 1;
        if q.alternatives > 1 && !via.is_empty() && !through_port_only {
            return Err(QueryError::BadOption(
                "alternatives are searched without via points, or through one port (--via-port): \
                 drop --via or --alternatives"
                    .into(),
            ));
        }
        let owned;
        let (view, w) = if q.filter.is_today() {
            (self.today(), Cow::Borrowed(self.today_weights(q.metric)))
        } else {
            owned = q.filter.view(self)?;
            (
                &owned,
                Cow::Owned(Weights::new(self, self.graph(), &owned, q.metric)),
            )
        };
        let (view, w): (&View, &Weights) = (view, &w);
        let g = self.graph();
        let mut answer = RouteAnswer {
            from: q.from.clone(),
            to: q.to.clone(),
            metric: q.metric,
            route: None,
            reason: None,
            alternatives: Vec::new(),
        };
        if from == to && via.is_empty() {
            answer.reason = Some(format!("\"{}\" is both origin and destination", q.from));
            return Ok(answer);
        }
        let open = |_: usize, a: &crate::graph::Arc| view.open[a.link as usize];
        let steps = if via.is_empty() {
            let mut d = self.dijkstra();
            let src = [(d.state(from, START), 0.0)];
            let lm = self.landmarks(q.metric);
            d.run_astar(g, w, &src, Some(to), open, |v| lm.bound(v, to))
                .map(|end| d.path(end).0)
        } else {
            let stops: Vec<(usize, SegmentKind)> = via
                .iter()
                .copied()
                .chain([to])
                .enumerate()
                .map(|(i, v)| {
                    let kind = match q.port {
                        Some(p) if i <= p => SegmentKind::Land,
                        Some(_) => SegmentKind::Sea,
                        None => SegmentKind::Any,
                    };
                    (v, kind)
                })
                .collect();
            via_path(g, w, view, from, &stops)
        };
        match steps {
            Some(steps) => {
                let route = self.report(g, view, w, &steps);
                if q.alternatives > 1 {
                    let paths = if through_port_only {
                        self.k_best_through_port(g, view, w, from, via[0], to, q)
                    } else {
                        self.k_best(
                            g,
                            view,
                            w,
                            from,
                            to,
                            q.alternatives,
                            q.max_overlap,
                            q.metric,
                        )
                    };
                    answer.alternatives =
                        paths.iter().map(|p| self.report(g, view, w, p)).collect();
                }
                // Equal-cost ties may be broken differently: the route is the first alternative.
                answer.route = answer.alternatives.first().cloned().or(Some(route));
            }
            None => answer.reason = Some(self.why_not(q, view, from, &via, to)),
        }
        Ok(answer)
    }

    /// Explains why no route joins the places.
    fn why_not(
        &self,
        q: &RouteQuery,
        view: &View,
        from: usize,
        via: &[usize],
        to: usize,
    ) -> String {
        let counted = View::new(self, &q.filter.statuses, q.filter.year, &q.filter.modes);
        let stops: Vec<usize> = std::iter::once(from)
            .chain(via.iter().copied())
            .chain([to])
            .collect();
        let dead_end = stops.iter().find_map(|&v| {
            let touching: Vec<usize> = (0..self.links.len())
                .filter(|&i| self.ends[i].0 == v || self.ends[i].1 == v)
                .collect();
            if touching.iter().any(|&i| view.open[i]) {
                return None;
            }
            let why: Vec<String> = touching
                .iter()
                .map(|&i| {
                    let l = &self.links[i];
                    if !counted.open[i] && l.status != Status::Operational {
                        format!("{} ({})", l.id, l.status)
                    } else if !counted.open[i] {
                        format!("{} ({} not kept)", l.id, l.mode)
                    } else {
                        format!("{} (closed)", l.id)
                    }
                })
                .collect();
            Some(if why.is_empty() {
                format!("no link reaches \"{}\"", self.nodes[v].id)
            } else {
                format!(
                    "no link open at \"{}\": {}",
                    self.nodes[v].id,
                    why.join(", ")
                )
            })
        });
        let mut msg = dead_end.unwrap_or_else(|| {
            if via.is_empty() {
                format!(
                    "\"{}\" and \"{}\" are not connected by the links this query counts",
                    q.from, q.to
                )
            } else {
                format!(
                    "no route from \"{}\" to \"{}\" through {}",
                    q.from,
                    q.to,
                    q.via
                        .iter()
                        .map(|v| format!("\"{v}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        });
        if !q.filter.counts_everything() {
            let wider = RouteQuery {
                filter: q.filter.clone().include_all(),
                alternatives: 0,
                ..q.clone()
            };
            if let Ok(RouteAnswer { route: Some(r), .. }) = self.route(&wider) {
                msg.push_str(&format!(
                    "; counting lines not yet built, a route exists through {}",
                    r.unbuilt.join(", ")
                ));
            }
        }
        msg
    }

    /// Builds the report of a path.
    pub(crate) fn report(&self, g: &Graph, view: &View, w: &Weights, steps: &[Step]) -> Route {
        let t = &self.transfers;
        let mut legs = Vec::with_capacity(steps.len());
        let mut transfers = Vec::new();
        let mut class = START;
        for s in steps {
            let i = s.link as usize;
            let l = &self.links[i];
            let (kind, next) = transfer(class, g.class[i]);
            class = next;
            let here = &self.nodes[s.from as usize].id;
            if let Some(k) = kind {
                let c = t.of(k);
                transfers.push(Transfer {
                    node: here.clone(),
                    kind: k,
                    hours: c.hours,
                    usd_per_t: c.usd_per_t,
                });
            }
            if g.border[i] {
                transfers.push(Transfer {
                    node: self.nodes[s.to as usize].id.clone(),
                    kind: TransferKind::Border,
                    hours: t.border.hours,
                    usd_per_t: t.border.usd_per_t,
                });
            }
            let cap = l
                .capacity_mtpa
                .or(self.defaults.of(l.mode).capacity_mtpa)
                .map(|c| c * view.capacity_factor[i]);
            legs.push(Leg {
                link: l.id.clone(),
                from: here.clone(),
                to: self.nodes[s.to as usize].id.clone(),
                mode: l.mode,
                gauge_mm: l.gauge_mm,
                distance_km: l.length_km,
                hours: l.hours() + view.add_hours[i],
                usd_per_t: l.usd_per_t() + view.add_usd[i],
                status: l.status,
                opens: l.opens,
                capacity_mtpa: cap,
                corridors: l.corridors.clone(),
                estimated: l.estimated,
            });
        }
        let path: Vec<usize> = steps
            .first()
            .map(|s| s.from as usize)
            .into_iter()
            .chain(steps.iter().map(|s| s.to as usize))
            .collect();
        let mut countries: Vec<String> = Vec::new();
        for &v in &path {
            let c = &self.nodes[v].country;
            if countries.last() != Some(c) {
                countries.push(c.clone());
            }
        }
        let mut corridors: Vec<String> = Vec::new();
        for leg in &legs {
            for c in &leg.corridors {
                if !corridors.contains(c) {
                    corridors.push(c.clone());
                }
            }
        }
        let mut bottleneck: Option<(f64, String)> = None;
        let mut consider = |cap: f64, id: &str| {
            if bottleneck.as_ref().is_none_or(|(b, _)| cap < *b) {
                bottleneck = Some((cap, id.to_string()));
            }
        };
        for leg in &legs {
            if let Some(c) = leg.capacity_mtpa {
                consider(c, &leg.link);
            }
        }
        for &v in &path {
            if let Some(c) = self.nodes[v].capacity_mtpa {
                consider(c, &self.nodes[v].id);
            }
        }
        let distance_km = legs.iter().map(|l| l.distance_km).sum();
        let hours: f64 = legs.iter().map(|l| l.hours).sum::<f64>()
            + transfers.iter().map(|t| t.hours).sum::<f64>();
        let usd_per_t = legs.iter().map(|l| l.usd_per_t).sum::<f64>()
            + transfers.iter().map(|t| t.usd_per_t).sum::<f64>();
        Route {
            distance_km,
            hours,
            days: hours / 24.0,
            usd_per_t,
            metric_value: walk(g, w, steps).0,
            border_crossings: transfers
                .iter()
                .filter(|t| t.kind == TransferKind::Border)
                .count(),
            unbuilt: legs
                .iter()
                .filter(|l| l.status != Status::Operational)
                .map(|l| l.link.clone())
                .collect(),
            survival: g.survival(&steps.iter().map(|s| s.link).collect::<Vec<_>>()),
            bottleneck_mtpa: bottleneck.as_ref().map(|b| b.0),
            bottleneck_id: bottleneck.map(|b| b.1),
            legs,
            transfers,
            countries,
            corridors,
        }
    }

    /// The k best routes reaching the sea at `port`: land routes to the port and sea routes
    /// from it are independent (a land-to-sea change at the port costs the same whatever the
    /// land mode), so the best combinations are the best sums of the two k-best lists, taken
    /// in order and kept when the two parts share no place but the port.
    #[allow(clippy::too_many_arguments)]
    fn k_best_through_port(
        &self,
        g: &Graph,
        view: &View,
        w: &Weights,
        from: usize,
        port: usize,
        to: usize,
        q: &RouteQuery,
    ) -> Vec<Vec<Step>> {
        let k = q.alternatives;
        let only = |sea: bool| {
            let mut v = view.clone();
            for (i, open) in v.open.iter_mut().enumerate() {
                *open = *open && (g.class[i] == SEA) == sea;
            }
            v
        };
        let (land_view, sea_view) = (only(false), only(true));
        // Extra candidates on each side leave room for combinations dropped as loops.
        let land = self.k_best(g, &land_view, w, from, port, 2 * k, None, q.metric);
        let sea = self.k_best(g, &sea_view, w, port, to, 2 * k, None, q.metric);
        // The parts are separable: land, then the change to sea at the port, then sea.
        let port_fee = w.of(Some(TransferKind::Port));
        let land_cost: Vec<f64> = land.iter().map(|p| walk(g, w, p).0).collect();
        let sea_cost: Vec<f64> = sea.iter().map(|p| walk(g, w, p).0).collect();
        let cost = |i: usize, j: usize| OrdF64(land_cost[i] + port_fee + sea_cost[j]);
        let mut heap: BTreeSet<(OrdF64, usize, usize)> = BTreeSet::new();
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        if !land.is_empty() && !sea.is_empty() {
            heap.insert((cost(0, 0), 0, 0));
            seen.insert((0, 0));
        }
        let mut out: Vec<Vec<Step>> = Vec::new();
        while let Some((_, i, j)) = heap.pop_first() {
            let land_nodes: BTreeSet<u32> = land[i].iter().flat_map(|s| [s.from, s.to]).collect();
            let loops = sea[j]
                .iter()
                .any(|s| s.to as usize != port && land_nodes.contains(&s.to));
            let mut p = land[i].clone();
            p.extend_from_slice(&sea[j]);
            let near_duplicate = self.near_duplicate(&p, &out, q.max_overlap);
            if !loops && !near_duplicate {
                out.push(p);
                if out.len() >= k {
                    break;
                }
            }
            for (a, b) in [(i + 1, j), (i, j + 1)] {
                if a < land.len() && b < sea.len() && seen.insert((a, b)) {
                    heap.insert((cost(a, b), a, b));
                }
            }
        }
        out
    }

    /// Whether a path shares more than `max_overlap` of its length with a path already kept.
    fn near_duplicate(&self, path: &[Step], kept: &[Vec<Step>], max_overlap: Option<f64>) -> bool {
        let Some(f) = max_overlap else {
            return false;
        };
        let km = |s: &Step| self.links[s.link as usize].length_km;
        let length: f64 = path.iter().map(km).sum();
        kept.iter().any(|k| {
            let shared: f64 = path
                .iter()
                .filter(|s| k.iter().any(|t| t.link == s.link))
                .map(km)
                .sum();
            shared > f * length
        })
    }

    /// Yen's k shortest loopless paths over the state graph.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn k_best(
        &self,
        g: &Graph,
        view: &View,
        w: &Weights,
        from: usize,
        to: usize,
        k: usize,
        max_overlap: Option<f64>,
        metric: Metric,
    ) -> Vec<Vec<Step>> {
        let mut found: Vec<(f64, Vec<Step>)> = Vec::new();
        let mut kept: Vec<Vec<Step>> = Vec::new();
        let mut candidates: BTreeSet<(OrdF64, Vec<Step>)> = BTreeSet::new();
        let mut d = self.dijkstra();
        let lm = self.landmarks(metric);
        let bound = |v: usize| lm.bound(v, to);
        let src = [(d.state(from, START), 0.0)];
        let open = |_: usize, a: &crate::graph::Arc| view.open[a.link as usize];
        let Some(end) = d.run_astar(g, w, &src, Some(to), open, bound) else {
            return kept;
        };
        let first = d.path(end).0;
        found.push((walk(g, w, &first).0, first));
        let mut banned_node = vec![false; g.node_count()];
        // Near-duplicates are generated and used as deviation bases, but not returned.
        let limit = k.saturating_mul(20).max(50);
        loop {
            let (_, last) = found.last().expect("found starts non-empty").clone();
            if !self.near_duplicate(&last, &kept, max_overlap) {
                kept.push(last.clone());
                if kept.len() >= k {
                    break;
                }
            }
            if found.len() >= limit {
                break;
            }
            let mut path_nodes: Vec<usize> = vec![from];
            path_nodes.extend(last.iter().map(|s| s.to as usize));
            for i in 0..last.len() {
                // The root's nodes before the spur are banned, one more at each step.
                if i > 0 {
                    banned_node[path_nodes[i - 1]] = true;
                }
                let spur = path_nodes[i];
                let root = &last[..i];
                let banned_links: Vec<u32> = found
                    .iter()
                    .filter(|(_, p)| p.len() > i && p[..i] == *root)
                    .map(|(_, p)| p[i].link)
                    .collect();
                let (root_cost, class) = walk(g, w, root);
                let src = [(d.state(spur, class), root_cost)];
                let usable = |v: usize, a: &crate::graph::Arc| {
                    view.open[a.link as usize]
                        && !banned_node[a.head as usize]
                        && !(v == spur && banned_links.contains(&a.link))
                };
                if let Some(end) = d.run_astar(g, w, &src, Some(to), usable, bound) {
                    let mut p = root.to_vec();
                    p.extend(d.path(end).0);
                    let cost = walk(g, w, &p).0;
                    if !found.iter().any(|(_, q)| *q == p) {
                        candidates.insert((OrdF64(cost), p));
                    }
                }
            }
            for &v in &path_nodes {
                banned_node[v] = false;
            }
            match candidates.pop_first() {
                Some((OrdF64(c), p)) => found.push((c, p)),
                None => break,
            }
        }
        kept
    }
}

/// Which links a segment between two stops may use.
#[derive(Debug, Clone, Copy, PartialEq)]
enum SegmentKind {
    Any,
    Land,
    Sea,
}

/// The best path through via points in order, exact across the joins: each segment starts
/// from every class the previous one reached the via point in.
fn via_path(
    g: &Graph,
    w: &Weights,
    view: &View,
    from: usize,
    stops: &[(usize, SegmentKind)],
) -> Option<Vec<Step>> {
    let mut runs: Vec<Dijkstra> = Vec::with_capacity(stops.len());
    let mut sources = {
        let d = Dijkstra::new(g);
        vec![(d.state(from, START), 0.0)]
    };
    let mut end = None;
    for (i, &(stop, kind)) in stops.iter().enumerate() {
        let mut d = Dijkstra::new(g);
        let last = i + 1 == stops.len();
        let usable = |_: usize, a: &crate::graph::Arc| {
            let l = a.link as usize;
            view.open[l]
                && match kind {
                    SegmentKind::Any => true,
                    SegmentKind::Land => g.class[l] != SEA,
                    SegmentKind::Sea => g.class[l] == SEA,
                }
        };
        let hit = d.run(g, w, &sources, if last { Some(stop) } else { None }, usable);
        if last {
            end = Some(hit?);
        } else {
            sources = d.states_of(stop);
            if sources.is_empty() {
                return None;
            }
        }
        runs.push(d);
    }
    let mut state = end?;
    let mut steps = Vec::new();
    for d in runs.iter().rev() {
        let (mut seg, start) = d.path(state);
        seg.extend(steps);
        steps = seg;
        state = start;
    }
    Some(steps)
}
