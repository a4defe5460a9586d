//! Maps: the network and the answers about it as GeoJSON (RFC 7946) and as an SVG picture.
//!
//! [`Map`] collects layers over a network — highlighted routes, scenarios, a capacity answer,
//! an assignment's loads — and renders them as GeoJSON for GIS tools or as a self-contained SVG
//! map. The `*_geojson` functions are shortcuts for one layer.
//!
//! Coordinates are always written `[lon, lat]`, the order RFC 7946 and `geo` use, from the
//! node's `lon` and `lat` in the file. Links are straight lines between their ends in GeoJSON;
//! the SVG bows sea lanes away from the coast, which is schematic.
//!
//! This file holds the builder and the layers it checks and keeps; `geojson.rs` and `svg/`
//! render them, reading the layers through `pub(crate)` fields.

use serde::Serialize;

use crate::analysis::CutKind;
use crate::analysis::{
    Assignment, CapacityKind, CapacityReport, LinkLoad, LoadDraws, OptimalAssignment, ShadowPrice,
    Split, Use, Utilisation,
};
use crate::analysis::{Day, Route};
use crate::error::{IdKind, QueryError};
use crate::model::great_circle_km;
use crate::model::{LinkEffect, Node, Site};
use crate::network::Network;

/// A node farther than this from every other node is a far gateway: left outside the frame.
const FAR_KM: f64 = 1200.0;

/// A box of longitudes and latitudes, degrees, in RFC 7946 `bbox` order: west, south, east,
/// north.
///
/// # Example
/// ```
/// use corridors::{Bounds, Network};
/// let frame = Bounds::around(&Network::trans_afghan());
/// assert!(frame.contains(62.20, 34.34)); // Herat (lon, lat)
/// assert!(!frame.contains(37.62, 55.76)); // Moscow, a far gateway: drawn as an arrow
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bounds {
    /// Westernmost longitude, degrees east.
    pub west: f64,
    /// Southernmost latitude, degrees north.
    pub south: f64,
    /// Easternmost longitude, degrees east.
    pub east: f64,
    /// Northernmost latitude, degrees north.
    pub north: f64,
}

/// Per node: whether another node lies within [`FAR_KM`] (and 12° of latitude) of it.
///
/// Two nodes in the same whole-degree cell are at most about 160 km apart, so every node
/// sharing its cell is near; a node alone in its cell is compared with the nodes within 12° of
/// latitude until one is near.
fn near_another(nodes: &[Node]) -> Vec<bool> {
    let cell = |n: &Node| (n.lat.floor() as i64, n.lon.floor() as i64);
    let mut count: std::collections::HashMap<(i64, i64), u32> = std::collections::HashMap::new();
    for n in nodes {
        *count.entry(cell(n)).or_default() += 1;
    }
    let mut by_lat: Vec<usize> = (0..nodes.len()).collect();
    by_lat.sort_by(|&a, &b| nodes[a].lat.total_cmp(&nodes[b].lat).then(a.cmp(&b)));
    let lats: Vec<f64> = by_lat.iter().map(|&i| nodes[i].lat).collect();
    (0..nodes.len())
        .map(|i| {
            let a = &nodes[i];
            if count[&cell(a)] > 1 {
                return true;
            }
            // The nodes with latitudes in (lat − 12, lat + 12).
            let lo = lats.partition_point(|&x| x <= a.lat - 12.0);
            let hi = lats.partition_point(|&x| x < a.lat + 12.0);
            by_lat[lo..hi].iter().any(|&j| {
                let b = &nodes[j];
                j != i
                    && (a.lat - b.lat).abs() < 12.0
                    && great_circle_km(a.position(), b.position()) <= FAR_KM
            })
        })
        .collect()
}

impl Bounds {
    /// A box from its four sides, in RFC 7946 `bbox` order.
    ///
    /// # Example
    /// ```
    /// let core = corridors::Bounds::new(55.0, 17.0, 78.0, 43.0);
    /// assert!(core.contains(69.17, 34.53)); // Kabul
    /// ```
    pub fn new(west: f64, south: f64, east: f64, north: f64) -> Bounds {
        Bounds {
            west,
            south,
            east,
            north,
        }
    }

    /// Whether a point lies in the box (edges included).
    ///
    /// # Example
    /// ```
    /// let b = corridors::Bounds::new(60.0, 30.0, 70.0, 40.0);
    /// assert!(b.contains(60.0, 35.0));
    /// assert!(!b.contains(59.9, 35.0));
    /// ```
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.west..=self.east).contains(&lon) && (self.south..=self.north).contains(&lat)
    }

    /// The box a map of the network frames: every node, padded, except far gateways — nodes
    /// more than 1,200 km from every other node (Moscow, in the bundled network), whose links
    /// the SVG draws as arrows to the edge.
    ///
    /// # Complexity
    /// Near-linear: places are bucketed by whole degrees, and two places in one bucket are
    /// near; only a place alone in its bucket is compared with the others within 12° of
    /// latitude.
    ///
    /// # Example
    /// ```
    /// use corridors::{Bounds, Network};
    /// let net = Network::trans_afghan();
    /// let b = Bounds::around(&net);
    /// let inside = net.nodes().iter().filter(|n| b.contains(n.lon, n.lat)).count();
    /// assert_eq!(inside, net.nodes().len() - 1); // all but Moscow
    /// ```
    pub fn around(net: &Network) -> Bounds {
        let nodes = net.nodes();
        let near = near_another(nodes);
        let mut kept: Vec<&Node> = (0..nodes.len())
            .filter(|&i| near[i])
            .map(|i| &nodes[i])
            .collect();
        if kept.is_empty() {
            kept = nodes.iter().collect();
        }
        let Some(first) = kept.first() else {
            return Bounds::new(60.0, 25.0, 75.0, 40.0);
        };
        let mut b = Bounds::new(first.lon, first.lat, first.lon, first.lat);
        for n in &kept {
            b.west = b.west.min(n.lon);
            b.east = b.east.max(n.lon);
            b.south = b.south.min(n.lat);
            b.north = b.north.max(n.lat);
        }
        // At least 2° a side, then 6 % padding, so labels at the edge fit.
        for (lo, hi) in [(&mut b.west, &mut b.east), (&mut b.south, &mut b.north)] {
            let grow = (2.0 - (*hi - *lo)).max(0.0) / 2.0;
            *lo -= grow;
            *hi += grow;
        }
        let pad = (0.06 * (b.east - b.west).max(b.north - b.south)).max(0.3);
        Bounds::new(
            b.west - pad,
            (b.south - pad).max(-85.0),
            b.east + pad,
            (b.north + pad).min(85.0),
        )
    }

    fn check(&self) -> Result<(), QueryError> {
        let ok = [self.west, self.south, self.east, self.north]
            .iter()
            .all(|v| v.is_finite())
            && self.west < self.east
            && self.south < self.north
            && self.south >= -85.0
            && self.north <= 85.0
            && self.east - self.west <= 360.0;
        if ok {
            Ok(())
        } else {
            Err(QueryError::BadBounds {
                west: self.west,
                south: self.south,
                east: self.east,
                north: self.north,
            })
        }
    }
}

/// What the scenarios on a map do to one link: their effects merged by the rule every analysis
/// uses ([`LinkEffect::merge`]), and which scenarios touched it.
#[derive(Debug, Clone)]
pub(crate) struct Effect {
    pub(crate) effect: LinkEffect,
    pub(crate) scenarios: Vec<String>,
}

impl std::ops::Deref for Effect {
    type Target = LinkEffect;
    fn deref(&self) -> &LinkEffect {
        &self.effect
    }
}

/// A capacity answer, per link and node.
#[derive(Debug, Clone)]
pub(crate) struct CapacityLayer {
    pub(crate) origins: Vec<String>,
    pub(crate) destinations: Vec<String>,
    pub(crate) max_flow_mtpa: Option<f64>,
    pub(crate) flow_mtpa: Vec<f64>,
    /// Links of the path no published capacity bounds, when the flow is unbounded.
    pub(crate) unbounded: Vec<bool>,
    pub(crate) cut_links: Vec<Option<f64>>,
    pub(crate) cut_nodes: Vec<Option<f64>>,
    /// With draws: how many, and per link and node the share of draws it is on the cut.
    pub(crate) drawn: Option<CutChances>,
}

/// How often each link and node is on the minimum cut over a capacity answer's draws.
#[derive(Debug, Clone)]
pub(crate) struct CutChances {
    pub(crate) n: usize,
    pub(crate) links: Vec<f64>,
    pub(crate) nodes: Vec<f64>,
}

/// An assignment's loads, per link, and the prices of its full capacities when it has them.
#[derive(Debug, Clone)]
pub(crate) struct LoadLayer {
    pub(crate) model: LoadModel,
    pub(crate) demand_mtpa: f64,
    pub(crate) served_mtpa: f64,
    pub(crate) loads: Vec<Option<LinkLoad>>,
    /// The full capacities' prices, USD/t, for the models that price them (least cost, the
    /// split within capacity).
    pub(crate) prices: Option<Prices>,
    /// A split with draws: how many, and per link what they say of its load (`None` for a
    /// link loaded in none).
    pub(crate) drawn: Option<(usize, Vec<Option<LoadDraws>>)>,
}

/// Which model put the loads on a map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LoadModel {
    /// The greedy assignment: cheapest route first, then max-flow.
    Greedy,
    /// The optimal assignment: the least total cost within every capacity.
    LeastCost,
    /// The path-size logit split at a spread, free or within capacity.
    Split { theta: f64, within_capacity: bool },
}

impl LoadModel {
    /// `greedy`, `least_cost` or `split`: the GeoJSON's `assignment.model`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            LoadModel::Greedy => "greedy",
            LoadModel::LeastCost => "least_cost",
            LoadModel::Split { .. } => "split",
        }
    }
}

/// Each full capacity's price, USD/t: per link (both directions at once) and per place or port.
#[derive(Debug, Clone)]
pub(crate) struct Prices {
    pub(crate) links: Vec<Option<f64>>,
    pub(crate) nodes: Vec<Option<f64>>,
}

/// Counted traffic: per link and per place, its latest count and how many it has.
#[derive(Debug, Clone)]
pub(crate) struct CountLayer {
    pub(crate) links: Vec<Option<Counted>>,
    pub(crate) nodes: Vec<Option<Counted>>,
}

/// The count a map shows for one link or place.
#[derive(Debug, Clone)]
pub(crate) struct Counted {
    /// The latest count: the one ending last, then starting last, a count of both directions
    /// before one of a single direction.
    pub(crate) latest: Use,
    /// How many counts the link or place has.
    pub(crate) counts: usize,
}

impl Counted {
    /// Whether `u` shows better than the latest so far.
    fn later(&self, u: &Use) -> bool {
        let key = |u: &Use| (u.end, u.start, u.from.is_none());
        key(u) > key(&self.latest)
    }
}

/// A map of a network with layers on top: routes, scenarios, a capacity answer, loads.
///
/// Build it, then render it with [`Map::geojson`] or [`Map::svg`]. Layer methods check every
/// id against the network, so a map never draws what the network does not hold.
///
/// # Example
/// ```
/// use corridors::{Map, Network, RouteQuery};
/// let net = Network::trans_afghan();
/// let route = net.route(&RouteQuery::new("termez", "karachi"))?.route.unwrap();
/// let map = Map::new(&net)
///     .title("Termez to Karachi today")
///     .route("Termez → Karachi", &route)?
///     .scenario("pak-afghan-closure-2025")?;
/// let svg = map.svg();
/// assert!(svg.starts_with("<?xml"));
/// let gj = map.geojson();
/// assert_eq!(gj["type"], "FeatureCollection");
/// # Ok::<(), corridors::QueryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Map<'a> {
    pub(crate) net: &'a Network,
    pub(crate) title: Option<String>,
    pub(crate) day: Option<Day>,
    pub(crate) bounds: Option<Bounds>,
    pub(crate) outlines: bool,
    pub(crate) routes: Vec<(String, Route)>,
    pub(crate) scenarios: Vec<String>,
    pub(crate) effects: Vec<Option<Effect>>,
    pub(crate) capacity: Option<CapacityLayer>,
    pub(crate) loads: Option<LoadLayer>,
    pub(crate) counted: Option<CountLayer>,
}

impl<'a> Map<'a> {
    /// A map of the whole network, every link drawn whatever its status, no layers.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let svg = corridors::Map::new(&net).svg();
    /// assert_eq!(svg.matches("data-link=").count(), net.links().len());
    /// ```
    pub fn new(net: &'a Network) -> Map<'a> {
        Map {
            net,
            title: None,
            day: None,
            bounds: None,
            outlines: true,
            routes: Vec::new(),
            scenarios: Vec::new(),
            effects: vec![None; net.data.links.len()],
            capacity: None,
            loads: None,
            counted: None,
        }
    }

    /// A line under the network's name, saying what the map shows.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let svg = corridors::Map::new(&net).title("Today's network").svg();
    /// assert!(svg.contains("Today&apos;s network"));
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Map<'a> {
        self.title = Some(title.into());
        self
    }

    /// The day the map's layers were worked out on, with the events and scenarios applied
    /// (a query's [`Filter::day`](crate::Filter::day)): the SVG says it under the title, and
    /// the GeoJSON carries `date`, `events`, `unconfirmed` and `scenarios_applied`, so a map
    /// read alone still says what it shows.
    ///
    /// # Example
    /// ```
    /// use corridors::{Filter, Map, Network};
    /// let net = Network::trans_afghan();
    /// let map = Map::new(&net).day(&Filter::new().day(&net));
    /// assert!(map.svg().contains("on 2026-06-30, events applied: pak-afghan-closure-2025"));
    /// assert_eq!(map.geojson()["date"], "2026-06-30");
    /// ```
    pub fn day(mut self, day: &Day) -> Map<'a> {
        self.day = Some(day.clone());
        self
    }

    /// The day as one line of text: its date and the events and scenarios applied.
    pub(crate) fn day_line(&self) -> Option<String> {
        let day = self.day.as_ref()?;
        let mut line = match day.date {
            Some(d) if day.events_off => format!("on {d}, events off: the network as built"),
            Some(d) if day.events.is_empty() => format!("on {d}, no event applied"),
            Some(d) => format!("on {d}, events applied: {}", day.events.join(", ")),
            None if day.events.is_empty() => String::new(),
            None => format!("events applied: {}", day.events.join(", ")),
        };
        if !day.scenarios.is_empty() {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&format!("scenarios applied: {}", day.scenarios.join(", ")));
        }
        if !day.events_left_out.is_empty() && !day.events_off {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&format!(
                "events left out: {}",
                day.events_left_out.join(", ")
            ));
        }
        if let Some(view) = day.view() {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&view);
        }
        (!line.is_empty()).then_some(line)
    }

    /// Frames the SVG on this box instead of [`Bounds::around`] the network; links leaving it
    /// end in an arrow at the edge. GeoJSON output is not cut.
    ///
    /// # Errors
    /// [`QueryError::BadBounds`] when the box is empty, inverted or beyond ±85° latitude.
    ///
    /// # Example
    /// ```
    /// use corridors::{Bounds, Map, Network};
    /// let net = Network::trans_afghan();
    /// let afghanistan = Map::new(&net).bounds(Bounds::new(60.0, 29.0, 72.0, 39.0))?;
    /// assert!(afghanistan.svg().contains("data-link=\"khaf-shamtigh-rail\""));
    /// assert!(Map::new(&net).bounds(Bounds::new(70.0, 29.0, 60.0, 39.0)).is_err());
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn bounds(mut self, bounds: Bounds) -> Result<Map<'a>, QueryError> {
        bounds.check()?;
        self.bounds = Some(bounds);
        Ok(self)
    }

    /// Whether the SVG draws country outlines and labels (default: yes).
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let bare = corridors::Map::new(&net).outlines(false).svg();
    /// assert!(!bare.contains("data-country="));
    /// ```
    pub fn outlines(mut self, on: bool) -> Map<'a> {
        self.outlines = on;
        self
    }

    /// Highlights a route, with a legend entry under `label` and its totals. Add several to
    /// compare them; legs they share are drawn side by side.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] when a leg names a link or node the network does not hold
    /// (a route found on another network).
    ///
    /// # Example
    /// ```
    /// use corridors::{Map, Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// // Every line built, with no event (today India's ban keeps cargo for India out of
    /// // Pakistan's ports).
    /// let q = RouteQuery::new("tashkent", "nhava-sheva").include_all().no_events();
    /// let via_chabahar = net.route(&q.clone().via_port("chabahar"))?.route.unwrap();
    /// let via_gwadar = net.route(&q.via_port("gwadar"))?.route.unwrap();
    /// let svg = Map::new(&net)
    ///     .route("via Chabahar", &via_chabahar)?
    ///     .route("via Gwadar", &via_gwadar)?
    ///     .svg();
    /// assert!(svg.contains("via Chabahar") && svg.contains("via Gwadar"));
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn route(mut self, label: impl Into<String>, route: &Route) -> Result<Map<'a>, QueryError> {
        for leg in &route.legs {
            self.link_index(&leg.link)?;
            self.node_index(&leg.from)?;
            self.node_index(&leg.to)?;
        }
        for n in route.nodes() {
            self.node_index(n)?;
        }
        self.routes.push((label.into(), route.clone()));
        Ok(self)
    }

    /// Marks what a scenario of the file does: closed links (red, crossed), shrunk capacity,
    /// and in GeoJSON `closed`, `factor`, `add_hours`, `add_usd_per_t` and `reasons` on every
    /// link. Several scenarios combine; adding one twice changes nothing.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] when no scenario has this id.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let map = corridors::Map::new(&net).scenario("pak-afghan-closure-2025")?;
    /// assert!(map.svg().contains("data-closed=\"torkham-af-torkham-pk-road\""));
    /// assert!(corridors::Map::new(&net).scenario("pak-afghan-closure").is_err());
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn scenario(mut self, id: &str) -> Result<Map<'a>, QueryError> {
        let effects = self.net.scenario_effects(id)?;
        if self.scenarios.iter().any(|s| s == id) {
            return Ok(self);
        }
        for e in effects {
            let slot = &mut self.effects[e.link];
            match slot {
                Some(s) => {
                    s.effect.merge(e);
                    s.scenarios.push(id.to_string());
                }
                None => {
                    *slot = Some(Effect {
                        effect: e,
                        scenarios: vec![id.to_string()],
                    })
                }
            }
        }
        self.scenarios.push(id.to_string());
        Ok(self)
    }

    /// Shows a capacity answer: flow per link (line width in the SVG, `flow_mtpa` in GeoJSON),
    /// the minimum cut (`min_cut` on links and nodes), and with draws
    /// ([`CapacityQuery::draws`](crate::CapacityQuery::draws)) how often each link and place
    /// is on it (`chance_on_cut`; in the SVG a fainter halo or disc for those on it in some
    /// draws only, each with its share in the tooltip), origins and destinations; when no
    /// published figure bounds the flow, the path that shows it (`unbounded_path`). Replaces an
    /// earlier capacity layer.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] when the report names a link or node the network does not hold.
    ///
    /// # Example
    /// ```
    /// use corridors::{CapacityQuery, Filter, Map, Mode, Network, Status};
    /// let net = Network::trans_afghan();
    /// let q = CapacityQuery::new(["herat"], ["khaf"])
    ///     .filter(Filter::new().mode(Mode::Rail).include(Status::UnderConstruction));
    /// let report = net.capacity(&q)?;
    /// let gj = Map::new(&net).capacity(&report)?.geojson();
    /// let cut = gj["features"].as_array().unwrap().iter()
    ///     .filter(|f| f["properties"]["min_cut"] == true).count();
    /// assert_eq!(cut, report.min_cut.len());
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn capacity(mut self, report: &CapacityReport) -> Result<Map<'a>, QueryError> {
        let mut layer = CapacityLayer {
            origins: report.origins.clone(),
            destinations: report.destinations.clone(),
            max_flow_mtpa: report.max_flow_mtpa,
            flow_mtpa: vec![0.0; self.net.data.links.len()],
            unbounded: vec![false; self.net.data.links.len()],
            cut_links: vec![None; self.net.data.links.len()],
            cut_nodes: vec![None; self.net.data.nodes.len()],
            drawn: None,
        };
        for id in report.origins.iter().chain(&report.destinations) {
            self.node_index(id)?;
        }
        for f in &report.flows {
            layer.flow_mtpa[self.link_index(&f.link)?] += f.flow_mtpa;
        }
        for id in &report.unbounded_path {
            layer.unbounded[self.link_index(id)?] = true;
        }
        for c in &report.min_cut {
            if c.kind == CutKind::Node {
                layer.cut_nodes[self.node_index(&c.id)?] = Some(c.capacity_mtpa);
            } else {
                layer.cut_links[self.link_index(&c.id)?] = Some(c.capacity_mtpa);
            }
        }
        if let Some(d) = &report.draws {
            let mut chances = CutChances {
                n: d.n,
                links: vec![0.0; self.net.data.links.len()],
                nodes: vec![0.0; self.net.data.nodes.len()],
            };
            for c in &d.cut {
                if c.kind == CutKind::Node {
                    chances.nodes[self.node_index(&c.id)?] = c.chance;
                } else {
                    chances.links[self.link_index(&c.id)?] = c.chance;
                }
            }
            layer.drawn = Some(chances);
        }
        self.capacity = Some(layer);
        Ok(self)
    }

    /// Shows an assignment's load per link (line width, red when saturated; `load_mtpa`,
    /// `utilisation` and `saturated` in GeoJSON). Replaces an earlier assignment layer.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] when a load names a link the network does not hold.
    ///
    /// # Example
    /// ```
    /// use corridors::{AssignQuery, Map, Network};
    /// let net = Network::trans_afghan();
    /// let a = net.assign(&AssignQuery::new())?;
    /// let gj = Map::new(&net).assignment(&a)?.geojson();
    /// let loaded = gj["features"].as_array().unwrap().iter()
    ///     .filter(|f| f["properties"]["load_mtpa"].as_f64().is_some_and(|l| l > 0.0)).count();
    /// assert_eq!(loaded, a.loads.iter().filter(|l| l.load_mtpa > 0.0).count());
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn assignment(self, assignment: &Assignment) -> Result<Map<'a>, QueryError> {
        let a = assignment;
        self.load_layer(
            LoadModel::Greedy,
            a.demand_mtpa,
            a.served_mtpa,
            &a.loads,
            None,
        )
    }

    /// Adds the optimal assignment's loads: each link's Mt/yr and its share of capacity, as
    /// [`Map::assignment`] shows the greedy one's, and each full capacity's shadow price
    /// (`price_usd_per_t` on every link and place in GeoJSON, `null` where nothing binds; in
    /// the SVG's tooltips). An assignment with draws
    /// ([`OptimalQuery::draws`](crate::OptimalQuery::draws)) adds each link's load range as
    /// [`Map::split`] does.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for a link or place of another network.
    ///
    /// # Example
    /// ```
    /// use corridors::{Map, Network, OptimalQuery};
    /// let net = Network::trans_afghan();
    /// let a = net.optimal(&OptimalQuery::new())?;
    /// let gj = Map::new(&net).optimal(&a)?.geojson();
    /// let full = gj["features"].as_array().unwrap().iter()
    ///     .filter(|f| f["properties"]["id"] == "qazvin-rasht-rail")
    ///     .all(|f| f["properties"]["load_mtpa"] == 7.0);
    /// assert!(full);
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn optimal(self, assignment: &OptimalAssignment) -> Result<Map<'a>, QueryError> {
        let a = assignment;
        let prices = Some(&a.shadow_prices[..]);
        let map = self.load_layer(
            LoadModel::LeastCost,
            a.demand_mtpa,
            a.served_mtpa,
            &a.loads,
            prices,
        )?;
        match &a.draws {
            Some(d) => map.load_draws(d.n, &d.loads),
            None => Ok(map),
        }
    }

    /// Adds a split's loads: the cargo spread over each flow's cheapest routes
    /// ([`Network::split`]), drawn as [`Map::assignment`] draws loads. Within capacity the
    /// full capacities' prices come too, as [`Map::optimal`] shows the least-cost ones. In
    /// GeoJSON `assignment` says `"model": "split"`, its `theta` and `within_capacity`. A
    /// split with draws ([`SplitQuery::draws`](crate::SplitQuery::draws)) adds to every link
    /// `load_mtpa_p5`, `load_mtpa_p50`, `load_mtpa_p95` and `chance_full` (0 where no draw
    /// loads it) and `draws` to `assignment`; the SVG's tooltips give the range.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for a link or place of another network.
    ///
    /// # Example
    /// ```
    /// use corridors::{Map, Network, SplitQuery};
    /// let net = Network::trans_afghan();
    /// let s = net.split(&SplitQuery::new().within_capacity(true))?;
    /// let gj = Map::new(&net).split(&s)?.geojson();
    /// assert_eq!(gj["assignment"]["within_capacity"], true);
    /// let rasht = gj["features"].as_array().unwrap().iter()
    ///     .find(|f| f["id"] == "qazvin-rasht-rail").unwrap();
    /// assert!(rasht["properties"]["price_usd_per_t"].as_f64().unwrap() > 80.0);
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn split(self, split: &Split) -> Result<Map<'a>, QueryError> {
        let model = LoadModel::Split {
            theta: split.theta,
            within_capacity: split.capacity.is_some(),
        };
        let prices = split.capacity.as_ref().map(|c| &c.shadow_prices[..]);
        let map = self.load_layer(
            model,
            split.demand_mtpa,
            split.routed_mtpa,
            &split.loads,
            prices,
        )?;
        match &split.draws {
            Some(d) => map.load_draws(d.n, &d.loads),
            None => Ok(map),
        }
    }

    /// Adds counted traffic: each link and place counted shows its latest count (the one
    /// ending last), as Mt/yr with its share of capacity and, when the report was set beside
    /// a model, what the model puts there. In GeoJSON a counted feature has `counted_mtpa`,
    /// `counted_range` (`[low, high]` or `null`), `counted_start`, `counted_end`,
    /// `counted_from` (the end a one-way count came from), `counted_share`,
    /// `counted_modelled_mtpa` and `counts` (how many it has); the SVG draws each as a band
    /// whose width grows with the Mt/yr, with the figure in its tooltip.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for a link or place of another network.
    ///
    /// # Example
    /// ```
    /// use corridors::{Map, Network};
    /// let net = Network::trans_afghan();
    /// let gj = Map::new(&net).counted(&net.utilisation())?.geojson();
    /// let hairatan = gj["features"].as_array().unwrap().iter()
    ///     .find(|f| f["id"] == "termez-hairatan-rail").unwrap();
    /// assert_eq!(hairatan["properties"]["counted_end"], "2025-08-21");
    /// assert_eq!(hairatan["properties"]["counts"], 4);
    /// # Ok::<(), corridors::QueryError>(())
    /// ```
    pub fn counted(mut self, report: &Utilisation) -> Result<Map<'a>, QueryError> {
        let mut layer = CountLayer {
            links: vec![None; self.net.data.links.len()],
            nodes: vec![None; self.net.data.nodes.len()],
        };
        for u in &report.uses {
            let slot = match &u.at {
                Site::Link(id) => &mut layer.links[self.link_index(id)?],
                Site::Node(id) => &mut layer.nodes[self.node_index(id)?],
            };
            match slot {
                Some(c) => {
                    c.counts += 1;
                    if c.later(u) {
                        c.latest = u.clone();
                    }
                }
                None => {
                    *slot = Some(Counted {
                        latest: u.clone(),
                        counts: 1,
                    })
                }
            }
        }
        self.counted = Some(layer);
        Ok(self)
    }

    /// The load layer of an assignment's link loads and, for a model that has them, its
    /// prices.
    fn load_layer(
        mut self,
        model: LoadModel,
        demand_mtpa: f64,
        served_mtpa: f64,
        from: &[LinkLoad],
        prices: Option<&[ShadowPrice]>,
    ) -> Result<Map<'a>, QueryError> {
        let mut loads = vec![None; self.net.data.links.len()];
        for l in from {
            loads[self.link_index(&l.link)?] = Some(l.clone());
        }
        let prices = match prices {
            None => None,
            Some(list) => {
                let mut p = Prices {
                    links: vec![None; self.net.data.links.len()],
                    nodes: vec![None; self.net.data.nodes.len()],
                };
                for s in list {
                    let slot = match s.kind {
                        CapacityKind::Link => &mut p.links[self.link_index(&s.id)?],
                        CapacityKind::Node | CapacityKind::Port => {
                            &mut p.nodes[self.node_index(&s.id)?]
                        }
                    };
                    *slot = Some(s.usd_per_t);
                }
                Some(p)
            }
        };
        self.loads = Some(LoadLayer {
            model,
            demand_mtpa,
            served_mtpa,
            loads,
            prices,
            drawn: None,
        });
        Ok(self)
    }

    /// The load layer's draws: `n` of them, and what they say of each link's load.
    fn load_draws(mut self, n: usize, loads: &[LoadDraws]) -> Result<Map<'a>, QueryError> {
        let mut per_link = vec![None; self.net.data.links.len()];
        for l in loads {
            per_link[self.link_index(&l.link)?] = Some(l.clone());
        }
        if let Some(layer) = &mut self.loads {
            layer.drawn = Some((n, per_link));
        }
        Ok(self)
    }

    fn link_index(&self, id: &str) -> Result<usize, QueryError> {
        self.net.resolve(IdKind::Link, id)
    }

    fn node_index(&self, id: &str) -> Result<usize, QueryError> {
        self.net.node_index(id)
    }
}
