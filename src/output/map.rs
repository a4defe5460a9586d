//! Maps: the network and the answers about it as GeoJSON (RFC 7946) and as an SVG picture.
//!
//! [`Map`] collects layers over a network — highlighted routes, scenarios, a capacity answer,
//! an assignment's loads — and renders them as GeoJSON for GIS tools or as a self-contained SVG
//! map. The `*_geojson` functions are shortcuts for one layer.
//!
//! Coordinates are always written `[lon, lat]`, the order RFC 7946 and `geo` use, from the
//! node's `lon` and `lat` in the file. Links are straight lines between their ends in GeoJSON;
//! the SVG bows sea lanes away from the coast, which is schematic.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map as Object, Value, json};

use crate::capacity::{Assignment, CapacityReport, LinkLoad};
use crate::error::QueryError;
use crate::geometry::great_circle_km;
use crate::model::{Mode, Network, Node, NodeKind, Status};
use crate::route::Route;
use crate::suggest::nearest;

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// Country outlines around the region, from Natural Earth (public domain); see `assets/README.md`.
const OUTLINES: &str = include_str!("../../assets/countries.geojson");

/// Kilometres in one degree of latitude, on the sphere `great_circle_km` uses.
const KM_PER_DEG: f64 = 6371.0088 * std::f64::consts::PI / 180.0;

/// A node farther than this from every other node is a far gateway: left outside the frame.
const FAR_KM: f64 = 1200.0;

/// The largest map area, px; the frame keeps its aspect within it.
const MAP_MAX_W: f64 = 900.0;
const MAP_MAX_H: f64 = 1000.0;
const MARGIN: f64 = 20.0;
const PANEL_W: f64 = 290.0;

/// Colours of highlighted routes, in the order they are added (then repeating).
const ROUTE_COLOURS: [&str; 5] = ["#e7298a", "#2ca02c", "#ff9f1c", "#6a3d9a", "#17becf"];
const CLOSED: &str = "#d7191c";
const FLOW: &str = "#8e6cc8";
const CUT: &str = "#ffd21f";
const LOAD: &str = "#35a06b";

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
    /// O(n²) in the number of nodes.
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
        let near = |i: usize| {
            let a = &nodes[i];
            nodes.iter().enumerate().any(|(j, b)| {
                j != i
                    && (a.lat - b.lat).abs() < 12.0
                    && great_circle_km(a.lat, a.lon, b.lat, b.lon) <= FAR_KM
            })
        };
        let mut kept: Vec<&Node> = (0..nodes.len())
            .filter(|&i| near(i))
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
            Err(QueryError::BadOption(format!(
                "map bounds [{}, {}, {}, {}] are not a box: expected west < east, south < north, \
                 latitudes within ±85°",
                self.west, self.south, self.east, self.north
            )))
        }
    }
}

/// What the scenarios on a map do to one link.
#[derive(Debug, Clone, Default)]
struct Effect {
    closed: bool,
    factor: f64,
    add_hours: f64,
    add_usd_per_t: f64,
    reasons: Vec<String>,
    scenarios: Vec<String>,
}

/// A capacity answer, per link and node.
#[derive(Debug, Clone)]
struct CapacityLayer {
    origins: Vec<String>,
    destinations: Vec<String>,
    max_flow_mtpa: Option<f64>,
    flow_mtpa: Vec<f64>,
    /// Links of the path no published capacity bounds, when the flow is unbounded.
    unbounded: Vec<bool>,
    cut_links: Vec<Option<f64>>,
    cut_nodes: Vec<Option<f64>>,
}

/// An assignment's loads, per link.
#[derive(Debug, Clone)]
struct LoadLayer {
    demand_mtpa: f64,
    served_mtpa: f64,
    loads: Vec<Option<LinkLoad>>,
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
    net: &'a Network,
    title: Option<String>,
    bounds: Option<Bounds>,
    outlines: bool,
    routes: Vec<(String, Route)>,
    scenarios: Vec<String>,
    effects: Vec<Option<Effect>>,
    capacity: Option<CapacityLayer>,
    loads: Option<LoadLayer>,
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
            bounds: None,
            outlines: true,
            routes: Vec::new(),
            scenarios: Vec::new(),
            effects: vec![None; net.links.len()],
            capacity: None,
            loads: None,
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

    /// Frames the SVG on this box instead of [`Bounds::around`] the network; links leaving it
    /// end in an arrow at the edge. GeoJSON output is not cut.
    ///
    /// # Errors
    /// [`QueryError::BadOption`] when the box is empty, inverted or beyond ±85° latitude.
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
    /// let q = RouteQuery::new("tashkent", "nhava-sheva").include_all();
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
            let slot = self.effects[e.link].get_or_insert_with(|| Effect {
                factor: 1.0,
                ..Effect::default()
            });
            slot.closed |= e.closed;
            slot.factor *= e.factor;
            slot.add_hours += e.add_hours;
            slot.add_usd_per_t += e.add_usd_per_t;
            slot.reasons.extend(e.reasons.iter().map(|r| r.to_string()));
            slot.scenarios.push(id.to_string());
        }
        self.scenarios.push(id.to_string());
        Ok(self)
    }

    /// Shows a capacity answer: flow per link (line width in the SVG, `flow_mtpa` in GeoJSON),
    /// the minimum cut (`min_cut` on links and nodes), origins and destinations; when no
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
            flow_mtpa: vec![0.0; self.net.links.len()],
            unbounded: vec![false; self.net.links.len()],
            cut_links: vec![None; self.net.links.len()],
            cut_nodes: vec![None; self.net.nodes.len()],
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
            if c.kind == "node" {
                layer.cut_nodes[self.node_index(&c.id)?] = Some(c.capacity_mtpa);
            } else {
                layer.cut_links[self.link_index(&c.id)?] = Some(c.capacity_mtpa);
            }
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
    pub fn assignment(mut self, assignment: &Assignment) -> Result<Map<'a>, QueryError> {
        let mut loads = vec![None; self.net.links.len()];
        for l in &assignment.loads {
            loads[self.link_index(&l.link)?] = Some(l.clone());
        }
        self.loads = Some(LoadLayer {
            demand_mtpa: assignment.demand_mtpa,
            served_mtpa: assignment.served_mtpa,
            loads,
        });
        Ok(self)
    }

    fn link_index(&self, id: &str) -> Result<usize, QueryError> {
        self.net
            .link_ix
            .get(id)
            .copied()
            .ok_or_else(|| QueryError::UnknownId {
                kind: "link",
                id: id.to_string(),
                suggestion: nearest(id, self.net.links.iter().map(|l| l.id.as_str()))
                    .map(String::from),
            })
    }

    fn node_index(&self, id: &str) -> Result<usize, QueryError> {
        self.net
            .node_ix
            .get(id)
            .copied()
            .ok_or_else(|| QueryError::UnknownId {
                kind: "node",
                id: id.to_string(),
                suggestion: nearest(id, self.net.nodes.iter().map(|n| n.id.as_str()))
                    .map(String::from),
            })
    }

    /// The map as a GeoJSON FeatureCollection (RFC 7946): one Point feature per node and one
    /// LineString per link, in file order, each with every attribute of the record as
    /// properties (plus `feature`: `node` or `link`) and the layers' properties; then, per
    /// route, a `route` feature (the whole line, totals as properties) and one `leg` feature
    /// per leg, in order. The collection carries `name`, `year` and the layers' summaries as
    /// foreign members.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let gj = corridors::Map::new(&net).geojson();
    /// let herat = &gj["features"].as_array().unwrap().iter()
    ///     .find(|f| f["id"] == "herat").unwrap()["geometry"];
    /// assert_eq!(herat["coordinates"], serde_json::json!([62.20, 34.34])); // [lon, lat]
    /// ```
    pub fn geojson(&self) -> Value {
        let net = self.net;
        let mut features = Vec::with_capacity(net.nodes.len() + net.links.len());
        for (i, n) in net.nodes.iter().enumerate() {
            let mut props = object(n);
            props.insert("feature".into(), json!("node"));
            if let Some(c) = &self.capacity {
                props.insert("min_cut".into(), json!(c.cut_nodes[i].is_some()));
                props.insert("origin".into(), json!(c.origins.iter().any(|o| o == &n.id)));
                props.insert(
                    "destination".into(),
                    json!(c.destinations.iter().any(|o| o == &n.id)),
                );
            }
            features.push(feature(Some(&n.id), point(n), props));
        }
        for (i, l) in net.links.iter().enumerate() {
            let (a, b) = net.ends[i];
            let mut props = object(l);
            props.insert("feature".into(), json!("link"));
            props.insert("cross_border".into(), json!(net.is_cross_border(l)));
            if !self.scenarios.is_empty() {
                let e = self.effects[i].clone().unwrap_or(Effect {
                    factor: 1.0,
                    ..Effect::default()
                });
                props.insert("closed".into(), json!(e.closed));
                props.insert("factor".into(), json!(e.factor));
                props.insert("add_hours".into(), json!(e.add_hours));
                props.insert("add_usd_per_t".into(), json!(e.add_usd_per_t));
                props.insert("reasons".into(), json!(e.reasons));
                props.insert("scenarios".into(), json!(e.scenarios));
            }
            if let Some(c) = &self.capacity {
                props.insert("flow_mtpa".into(), json!(c.flow_mtpa[i]));
                props.insert("unbounded_path".into(), json!(c.unbounded[i]));
                props.insert("min_cut".into(), json!(c.cut_links[i].is_some()));
            }
            if let Some(layer) = &self.loads {
                let l = layer.loads[i].as_ref();
                props.insert("load_mtpa".into(), json!(l.map_or(0.0, |l| l.load_mtpa)));
                props.insert(
                    "forward_mtpa".into(),
                    json!(l.map_or(0.0, |l| l.forward_mtpa)),
                );
                props.insert(
                    "backward_mtpa".into(),
                    json!(l.map_or(0.0, |l| l.backward_mtpa)),
                );
                props.insert("utilisation".into(), json!(l.and_then(|l| l.utilisation)));
                props.insert("saturated".into(), json!(l.is_some_and(|l| l.saturated)));
            }
            let geometry = line_string(&[&net.nodes[a], &net.nodes[b]]);
            features.push(feature(Some(&l.id), geometry, props));
        }
        for (label, route) in &self.routes {
            features.extend(route_features(net, label, route));
        }
        let mut fc = Object::new();
        fc.insert("type".into(), json!("FeatureCollection"));
        fc.insert("name".into(), json!(net.name));
        fc.insert("year".into(), json!(net.year));
        if let Some(t) = &self.title {
            fc.insert("title".into(), json!(t));
        }
        if !self.scenarios.is_empty() {
            fc.insert("scenarios".into(), json!(self.scenarios));
        }
        if let Some(c) = &self.capacity {
            fc.insert(
                "capacity".into(),
                json!({
                    "origins": c.origins,
                    "destinations": c.destinations,
                    "max_flow_mtpa": c.max_flow_mtpa,
                }),
            );
        }
        if let Some(l) = &self.loads {
            fc.insert(
                "assignment".into(),
                json!({"demand_mtpa": l.demand_mtpa, "served_mtpa": l.served_mtpa}),
            );
        }
        fc.insert("features".into(), Value::Array(features));
        Value::Object(fc)
    }
}

/// The network as GeoJSON: a Point per node and a LineString per link, every attribute as
/// properties. The same as `Map::new(net).geojson()`.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let gj = corridors::network_geojson(&net);
/// let n = gj["features"].as_array().unwrap().len();
/// assert_eq!(n, net.nodes().len() + net.links().len());
/// ```
pub fn network_geojson(net: &Network) -> Value {
    Map::new(net).geojson()
}

/// A route as GeoJSON: a `route` feature (a LineString through its nodes, totals such as
/// `distance_km`, `hours`, `days`, `usd_per_t` as properties), then one `leg` feature per leg,
/// in order, each a LineString from the leg's `from` to its `to`.
///
/// # Errors
/// [`QueryError::UnknownId`] when the route names a link or node the network does not hold.
///
/// # Example
/// ```
/// use corridors::{Network, RouteQuery, route_geojson};
/// let net = Network::trans_afghan();
/// let route = net.route(&RouteQuery::new("termez", "karachi"))?.route.unwrap();
/// let gj = route_geojson(&net, &route)?;
/// let features = gj["features"].as_array().unwrap();
/// assert_eq!(features.len(), 1 + route.legs.len());
/// assert_eq!(features[0]["properties"]["distance_km"], route.distance_km);
/// # Ok::<(), corridors::QueryError>(())
/// ```
pub fn route_geojson(net: &Network, route: &Route) -> Result<Value, QueryError> {
    let label = match (route.nodes().next(), route.nodes().last()) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => String::new(),
    };
    let map = Map::new(net).route(label.clone(), route)?;
    let (label, route) = &map.routes[0];
    Ok(json!({
        "type": "FeatureCollection",
        "features": route_features(net, label, route),
    }))
}

/// The network as GeoJSON with a scenario's effects on every link: `closed`, `factor` (share
/// of capacity left), `add_hours`, `add_usd_per_t` and `reasons` (the scenario's rules that hit
/// the link, e.g. `close_borders AF-PK`).
///
/// # Errors
/// [`QueryError::UnknownId`] when no scenario has this id.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let gj = corridors::scenario_geojson(&net, "pak-afghan-closure-2025")?;
/// let torkham = gj["features"].as_array().unwrap().iter()
///     .find(|f| f["id"] == "torkham-af-torkham-pk-road").unwrap();
/// assert_eq!(torkham["properties"]["closed"], true);
/// # Ok::<(), corridors::QueryError>(())
/// ```
pub fn scenario_geojson(net: &Network, id: &str) -> Result<Value, QueryError> {
    Ok(Map::new(net).scenario(id)?.geojson())
}

/// The network as GeoJSON with a capacity answer: `flow_mtpa` and `min_cut` on every link,
/// `min_cut`, `origin` and `destination` on every node.
///
/// # Errors
/// [`QueryError::UnknownId`] when the report names a link or node the network does not hold.
///
/// # Example
/// ```
/// use corridors::{CapacityQuery, Network, capacity_geojson};
/// let net = Network::trans_afghan();
/// let report = net.capacity(&CapacityQuery::new(["termez"], ["karachi", "gwadar"]))?;
/// let gj = capacity_geojson(&net, &report)?;
/// assert_eq!(gj["capacity"]["max_flow_mtpa"], serde_json::json!(report.max_flow_mtpa));
/// # Ok::<(), corridors::QueryError>(())
/// ```
pub fn capacity_geojson(net: &Network, report: &CapacityReport) -> Result<Value, QueryError> {
    Ok(Map::new(net).capacity(report)?.geojson())
}

/// The network as GeoJSON with an assignment's loads: `load_mtpa`, `forward_mtpa`,
/// `backward_mtpa`, `utilisation` and `saturated` on every link.
///
/// # Errors
/// [`QueryError::UnknownId`] when a load names a link the network does not hold.
///
/// # Example
/// ```
/// use corridors::{AssignQuery, Network, assignment_geojson};
/// let net = Network::trans_afghan();
/// let a = net.assign(&AssignQuery::new())?;
/// let gj = assignment_geojson(&net, &a)?;
/// assert_eq!(gj["assignment"]["served_mtpa"], a.served_mtpa);
/// # Ok::<(), corridors::QueryError>(())
/// ```
pub fn assignment_geojson(net: &Network, assignment: &Assignment) -> Result<Value, QueryError> {
    Ok(Map::new(net).assignment(assignment)?.geojson())
}

/// A record's fields as a JSON object.
fn object<T: Serialize>(v: &T) -> Object<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => Object::new(),
    }
}

fn feature(id: Option<&str>, geometry: Value, properties: Object<String, Value>) -> Value {
    let mut f = Object::new();
    f.insert("type".into(), json!("Feature"));
    if let Some(id) = id {
        f.insert("id".into(), json!(id));
    }
    f.insert("geometry".into(), geometry);
    f.insert("properties".into(), Value::Object(properties));
    Value::Object(f)
}

fn point(n: &Node) -> Value {
    json!({"type": "Point", "coordinates": [n.lon, n.lat]}) // lon, lat
}

fn line_string(nodes: &[&Node]) -> Value {
    let coords: Vec<Value> = nodes.iter().map(|n| json!([n.lon, n.lat])).collect();
    json!({"type": "LineString", "coordinates": coords})
}

/// A route's summary feature and its leg features. Ids were checked when the route was added.
fn route_features(net: &Network, label: &str, route: &Route) -> Vec<Value> {
    let node = |id: &str| net.node(id);
    let through: Vec<&Node> = route.nodes().filter_map(node).collect();
    let mut props = object(route);
    props.remove("legs");
    props.insert("feature".into(), json!("route"));
    props.insert("route".into(), json!(label));
    props.insert("from".into(), json!(route.nodes().next()));
    props.insert("to".into(), json!(route.nodes().last()));
    let geometry = match through.as_slice() {
        [only] => point(only),
        nodes => line_string(nodes),
    };
    let mut out = vec![feature(None, geometry, props)];
    for (i, leg) in route.legs.iter().enumerate() {
        let (Some(a), Some(b)) = (node(&leg.from), node(&leg.to)) else {
            continue;
        };
        let mut props = object(leg);
        props.insert("feature".into(), json!("leg"));
        props.insert("route".into(), json!(label));
        props.insert("leg".into(), json!(i));
        out.push(feature(None, line_string(&[a, b]), props));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// SVG

type P = (f64, f64);

#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn grow(self, d: f64) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn holds(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    fn contains(&self, p: P) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }
}

/// The part of segment `a`→`b` inside `r`, as parameters `(t0, t1)` along it (Liang–Barsky).
fn clip_segment(a: P, b: P, r: Rect) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// A ring cut to a rectangle (Sutherland–Hodgman).
fn clip_ring(mut pts: Vec<P>, r: Rect) -> Vec<P> {
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: P| match edge {
            0 => p.0 >= r.x0,
            1 => p.0 <= r.x1,
            2 => p.1 >= r.y0,
            _ => p.1 <= r.y1,
        };
        let cross = |p: P, q: P| -> P {
            match edge {
                0 | 1 => {
                    let x = if edge == 0 { r.x0 } else { r.x1 };
                    (x, p.1 + (q.1 - p.1) * (x - p.0) / (q.0 - p.0))
                }
                _ => {
                    let y = if edge == 2 { r.y0 } else { r.y1 };
                    (p.0 + (q.0 - p.0) * (y - p.1) / (q.1 - p.1), y)
                }
            }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let cur = pts[i];
            let prev = pts[(i + pts.len() - 1) % pts.len()];
            if inside(cur) {
                if !inside(prev) {
                    out.push(cross(prev, cur));
                }
                out.push(cur);
            } else if inside(prev) {
                out.push(cross(prev, cur));
            }
        }
        pts = out;
    }
    pts
}

/// A number for SVG: rounded to 0.1 px, no trailing `.0`, no `-0`.
fn f(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

fn pt(p: P) -> String {
    format!("{},{}", f(p.0), f(p.1))
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `4330.2` → `4,330`.
fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `3.0` → `3`, `2.85` → `2.9`.
fn short(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// Estimated width of a text in DejaVu Sans (the widest common sans-serif), px.
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.38,
            'm' | 'w' | 'M' | 'W' => 0.92,
            c if c.is_ascii_uppercase() => 0.7,
            _ => 0.6,
        })
        .sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// Words of `s` in lines of at most `max` characters.
fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A name without its parenthesis: `Nhava Sheva (JNPA, Mumbai)` → `Nhava Sheva`.
fn short_name(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name).trim()
}

/// Equirectangular projection of a box into the map area, scaled by the cosine of its middle
/// latitude so shapes keep their proportions there.
struct Frame {
    b: Bounds,
    cos: f64,
    k: f64,
    rect: Rect,
}

impl Frame {
    fn new(b: Bounds, left: f64, top: f64) -> Frame {
        let cos = ((b.south + b.north) / 2.0).to_radians().cos();
        let wx = (b.east - b.west) * cos;
        let hy = b.north - b.south;
        let k = (MAP_MAX_W / wx).min(MAP_MAX_H / hy);
        Frame {
            b,
            cos,
            k,
            rect: Rect {
                x0: left,
                y0: top,
                x1: left + wx * k,
                y1: top + hy * k,
            },
        }
    }

    fn px(&self, lon: f64, lat: f64) -> P {
        (
            self.rect.x0 + (lon - self.b.west) * self.cos * self.k,
            self.rect.y0 + (self.b.north - lat) * self.k,
        )
    }

    fn node(&self, n: &Node) -> P {
        self.px(n.lon, n.lat)
    }
}

/// Where a link leaves the frame towards a far node.
#[derive(Debug, Clone, Copy)]
struct Exit {
    at: P,
    /// Unit vector pointing out of the frame.
    dir: P,
    far: usize,
}

/// A link's drawn shape: a straight line, or a curve for a sea lane; cut at the frame edge.
#[derive(Debug, Clone)]
struct Shape {
    a: P,
    b: P,
    ctrl: Option<P>,
    /// Unit normal, the same for every link between the same two nodes.
    normal: P,
    /// Offset along the normal, px, so parallel links (rail beside road) both show.
    offset: f64,
    exits: Vec<Exit>,
}

impl Shape {
    fn shifted(&self, extra: f64) -> (P, Option<P>, P) {
        let o = self.offset + extra;
        let s = |p: P| (p.0 + self.normal.0 * o, p.1 + self.normal.1 * o);
        (s(self.a), self.ctrl.map(s), s(self.b))
    }

    fn d(&self, extra: f64) -> String {
        match self.shifted(extra) {
            (a, Some(c), b) => format!("M{}Q{} {}", pt(a), pt(c), pt(b)),
            (a, None, b) => format!("M{}L{}", pt(a), pt(b)),
        }
    }

    /// The middle point and the direction of travel there.
    fn mid(&self, extra: f64) -> (P, P) {
        let (a, c, b) = self.shifted(extra);
        let m = match c {
            Some(c) => (
                0.25 * a.0 + 0.5 * c.0 + 0.25 * b.0,
                0.25 * a.1 + 0.5 * c.1 + 0.25 * b.1,
            ),
            None => ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
        };
        let len = (b.0 - a.0).hypot(b.1 - a.1).max(1e-9);
        (m, ((b.0 - a.0) / len, (b.1 - a.1) / len))
    }

    /// Points along the shape, for telling whether a label would sit on it.
    fn samples(&self, extra: f64) -> Vec<P> {
        match self.shifted(extra) {
            (a, Some(c), b) => (0..=8)
                .map(|i| {
                    let t = f64::from(i) / 8.0;
                    let u = 1.0 - t;
                    (
                        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
                        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
                    )
                })
                .collect(),
            (a, None, b) => vec![a, b],
        }
    }
}

/// The shapes of every link, in file order.
fn shapes(net: &Network, frame: &Frame) -> Vec<Shape> {
    // Links between the same two nodes, rail first, then road, then sea.
    let mut pairs: BTreeMap<(usize, usize), Vec<(Mode, usize)>> = BTreeMap::new();
    for (i, l) in net.links.iter().enumerate() {
        let (a, b) = net.ends[i];
        pairs
            .entry((a.min(b), a.max(b)))
            .or_default()
            .push((l.mode, i));
    }
    let mut offset = vec![0.0; net.links.len()];
    for group in pairs.values_mut() {
        group.sort();
        let n = group.len() as f64;
        for (j, &(_, i)) in group.iter().enumerate() {
            offset[i] = (j as f64 - (n - 1.0) / 2.0) * 3.5;
        }
    }
    let inside = frame.rect.grow(1.0);
    net.links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (fi, ti) = net.ends[i];
            let (pa, pb) = (frame.node(&net.nodes[fi]), frame.node(&net.nodes[ti]));
            let (p, q) = if fi <= ti { (pa, pb) } else { (pb, pa) };
            let len = (q.0 - p.0).hypot(q.1 - p.1);
            let normal = if len > 0.0 {
                (-(q.1 - p.1) / len, (q.0 - p.0) / len)
            } else {
                (0.0, 0.0)
            };
            let mut shape = Shape {
                a: pa,
                b: pb,
                ctrl: None,
                normal,
                offset: offset[i],
                exits: Vec::new(),
            };
            if inside.contains(pa) && inside.contains(pb) {
                if l.mode == Mode::Sea && len > 0.0 {
                    // Bow sea lanes to the south (down the page): the region's sea is there,
                    // and a straight line between two ports often cuts across a cape.
                    let mut n = normal;
                    if n.1 < 0.0 || (n.1 == 0.0 && n.0 < 0.0) {
                        n = (-n.0, -n.1);
                    }
                    let m = ((pa.0 + pb.0) / 2.0, (pa.1 + pb.1) / 2.0);
                    shape.ctrl = Some((m.0 + n.0 * 0.2 * len, m.1 + n.1 * 0.2 * len));
                }
            } else if let Some((t0, t1)) = clip_segment(pa, pb, frame.rect) {
                let d = (pb.0 - pa.0, pb.1 - pa.1);
                let unit = (d.0 / len, d.1 / len);
                shape.a = (pa.0 + d.0 * t0, pa.1 + d.1 * t0);
                shape.b = (pa.0 + d.0 * t1, pa.1 + d.1 * t1);
                if t0 > 0.0 {
                    shape.exits.push(Exit {
                        at: shape.a,
                        dir: (-unit.0, -unit.1),
                        far: fi,
                    });
                }
                if t1 < 1.0 {
                    shape.exits.push(Exit {
                        at: shape.b,
                        dir: unit,
                        far: ti,
                    });
                }
            }
            shape
        })
        .collect()
}

/// A country outline from `assets/countries.geojson`.
struct Country {
    iso: String,
    name: String,
    label: Option<(f64, f64)>,
    capital: Option<(f64, f64)>,
    /// Polygons, each a list of rings of (lon, lat).
    polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

fn countries() -> &'static [Country] {
    static PARSED: OnceLock<Vec<Country>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let Ok(Value::Object(fc)) = serde_json::from_str::<Value>(OUTLINES) else {
            return Vec::new();
        };
        let lonlat =
            |v: &Value| -> Option<(f64, f64)> { Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?)) };
        let empty = Vec::new();
        let features = fc
            .get("features")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        features
            .iter()
            .filter_map(|feat| {
                let props = feat.get("properties")?;
                let coords = feat.get("geometry")?.get("coordinates")?.as_array()?;
                let polygons = coords
                    .iter()
                    .filter_map(|poly| {
                        poly.as_array().map(|rings| {
                            rings
                                .iter()
                                .filter_map(|ring| {
                                    ring.as_array()
                                        .map(|r| r.iter().filter_map(lonlat).collect())
                                })
                                .collect()
                        })
                    })
                    .collect();
                Some(Country {
                    iso: props.get("iso")?.as_str()?.to_string(),
                    name: props.get("name")?.as_str()?.to_string(),
                    label: props.get("label").and_then(lonlat),
                    capital: props.get("capital").and_then(lonlat),
                    polygons,
                })
            })
            .collect()
    })
}

/// Whether a node is its country's capital (within about 25 km of it).
fn is_capital(n: &Node) -> bool {
    countries().iter().any(|c| {
        c.iso == n.country
            && c.capital
                .is_some_and(|(lon, lat)| (lon - n.lon).abs() < 0.25 && (lat - n.lat).abs() < 0.25)
    })
}

/// How a label looks: CSS class, size, weight.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    class: &'static str,
    size: f64,
    bold: bool,
}

const END: Style = Style {
    class: "le",
    size: 13.0,
    bold: true,
};
const PORT: Style = Style {
    class: "lp",
    size: 12.0,
    bold: true,
};
const CAPITAL: Style = Style {
    class: "lc",
    size: 12.0,
    bold: true,
};
const CROSSING: Style = Style {
    class: "lx",
    size: 10.5,
    bold: false,
};
const TOWN: Style = Style {
    class: "lt",
    size: 11.0,
    bold: false,
};
const JUNCTION: Style = Style {
    class: "lj",
    size: 10.0,
    bold: false,
};
const FAR: Style = Style {
    class: "lf",
    size: 12.0,
    bold: true,
};

/// A label waiting for a place: the point it names, the radius of its symbol, its priority.
struct Want {
    /// The text, then shorter ones to try if it finds no place.
    texts: Vec<String>,
    at: P,
    r: f64,
    style: Style,
    /// 0 is placed first and always; from 2 on, only where it collides with nothing.
    tier: u8,
    /// Links at the place: within a tier, busier places are labelled first.
    degree: usize,
    /// Nodes whose symbols the label may touch (its own).
    own: Vec<usize>,
}

struct Placed {
    text: String,
    x: f64,
    y: f64,
    anchor: &'static str,
    style: Style,
}

/// Places labels greedily, most important first, where they overlap no other label or symbol
/// and cross the fewest lines; drops minor labels that find no free place.
fn place_labels(
    wants: Vec<Want>,
    area: Rect,
    symbols: &[(usize, Rect)],
    soft: &[Rect],
    lines: &[(Vec<P>, f64)],
) -> Vec<Placed> {
    let mut taken: Vec<Rect> = Vec::new();
    let mut placed = Vec::new();
    for want in wants {
        let Style { size, bold, .. } = want.style;
        let (x, y) = want.at;
        let mut candidates: Vec<(f64, f64, &'static str)> = Vec::new();
        for r in [want.r + 2.5, want.r + 8.0] {
            let d = r * 0.75;
            candidates.extend([
                (x + r, y + size * 0.35, "start"),
                (x - r, y + size * 0.35, "end"),
                (x + d, y - d, "start"),
                (x + d, y + d + size * 0.7, "start"),
                (x - d, y - d, "end"),
                (x - d, y + d + size * 0.7, "end"),
                (x, y - r - 1.0, "middle"),
                (x, y + r + size * 0.8, "middle"),
            ]);
        }
        let mut best: Option<(f64, usize, Rect, usize)> = None;
        for (t, text) in want.texts.iter().enumerate() {
            let w = text_width(text, size, bold);
            for (k, &(cx, cy, anchor)) in candidates.iter().enumerate() {
                let x0 = match anchor {
                    "start" => cx,
                    "end" => cx - w,
                    _ => cx - w / 2.0,
                };
                let bx = Rect {
                    x0,
                    y0: cy - size * 0.8,
                    x1: x0 + w,
                    y1: cy + size * 0.25,
                };
                if !area.holds(&bx) {
                    continue;
                }
                let hard = taken.iter().filter(|t| t.overlaps(&bx)).count()
                    + symbols
                        .iter()
                        .filter(|(i, s)| !want.own.contains(i) && s.grow(3.0).overlaps(&bx))
                        .count();
                let softs = soft.iter().filter(|s| s.overlaps(&bx)).count();
                if want.tier >= 2 && (hard > 0 || softs > 0) {
                    continue;
                }
                let crossing: f64 = lines
                    .iter()
                    .map(|(pts, weight)| {
                        let hit = pts
                            .windows(2)
                            .any(|s| clip_segment(s[0], s[1], bx).is_some());
                        if hit { *weight } else { 0.0 }
                    })
                    .sum();
                let cost = 1000.0 * hard as f64
                    + 50.0 * softs as f64
                    + crossing
                    + 0.2 * k as f64
                    + if k >= 8 { 6.0 } else { 0.0 }
                    + 20.0 * t as f64;
                if best.as_ref().is_none_or(|(c, ..)| cost < *c) {
                    best = Some((cost, k, bx, t));
                }
            }
        }
        if let Some((_, k, bx, t)) = best {
            let (cx, cy, anchor) = candidates[k];
            taken.push(bx.grow(1.0));
            placed.push(Placed {
                text: want.texts[t].clone(),
                x: cx,
                y: cy,
                anchor,
                style: want.style,
            });
        }
    }
    placed
}

/// Which kinds of place a node symbol stands for.
fn symbol_radius(kind: NodeKind, capital: bool) -> f64 {
    match kind {
        NodeKind::Port => 4.5,
        NodeKind::Border => 4.0,
        NodeKind::City if capital => 5.0,
        NodeKind::City => 3.5,
        NodeKind::Junction => 2.2,
    }
}

fn node_symbol(out: &mut String, id: Option<&str>, kind: NodeKind, capital: bool, p: P) {
    let data = id.map_or(String::new(), |id| format!(" data-node=\"{}\"", esc(id)));
    let (x, y) = p;
    match kind {
        NodeKind::Port => w!(
            out,
            "<rect{data} class=\"np\" x=\"{}\" y=\"{}\" width=\"9\" height=\"9\"/>",
            f(x - 4.5),
            f(y - 4.5)
        ),
        NodeKind::Border => w!(
            out,
            "<path{data} class=\"nx\" d=\"M{}L{}L{}L{}Z\"/>",
            pt((x, y - 4.5)),
            pt((x + 4.5, y)),
            pt((x, y + 4.5)),
            pt((x - 4.5, y))
        ),
        NodeKind::City if capital => w!(
            out,
            "<g{data}><circle class=\"nc\" cx=\"{}\" cy=\"{}\" r=\"5\"/><circle cx=\"{}\" cy=\"{}\" r=\"2\"/></g>",
            f(x),
            f(y),
            f(x),
            f(y)
        ),
        NodeKind::City => w!(
            out,
            "<circle{data} class=\"nc\" cx=\"{}\" cy=\"{}\" r=\"3.5\"/>",
            f(x),
            f(y)
        ),
        NodeKind::Junction => w!(
            out,
            "<circle{data} class=\"nj\" cx=\"{}\" cy=\"{}\" r=\"2.2\"/>",
            f(x),
            f(y)
        ),
    }
    out.push('\n');
}

/// A sample of a link style for the legend: a short line.
fn swatch(out: &mut String, x: f64, y: f64, class: &str) {
    w!(
        out,
        "<path class=\"{class}\" d=\"M{}L{}\"/>\n",
        pt((x, y)),
        pt((x + 30.0, y))
    );
}

const STYLE: &str = "text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#222}
.h{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.ln{fill:none}
.rail{stroke:#2b2b2b;stroke-width:2.2}
.road{stroke:#c2562a;stroke-width:1.6}
.sea{stroke:#3a7dbf;stroke-width:1.4}
.under_construction{stroke-dasharray:7 4}
.planned{stroke-dasharray:0.1 4.5;stroke-linecap:round;stroke-width:2.6}
.proposed{stroke-dasharray:0.1 7;stroke-linecap:round;stroke-width:2.6}
.land{fill:#f6f3ec;stroke:#a8a294;stroke-width:0.7;stroke-linejoin:round}
.land.other{fill:#e8e5dd}
.cn{font-size:15px;font-weight:bold;letter-spacing:3px;fill:#a39d8f;text-anchor:middle}
.cn.other{font-size:11px;letter-spacing:2px}
.np{fill:#1f3b73;stroke:#fff;stroke-width:1}
.nx{fill:#fff;stroke:#8a1c1c;stroke-width:1.4}
.nc{fill:#fff;stroke:#222;stroke-width:1.4}
.nj{fill:#777;stroke:#fff;stroke-width:0.6}
.le{font-size:13px;font-weight:bold}
.lp{font-size:12px;font-weight:bold;fill:#1f3b73}
.lc{font-size:12px;font-weight:bold}
.lx{font-size:10.5px;font-style:italic;fill:#7a1f1f}
.lt{font-size:11px;fill:#333}
.lj{font-size:10px;fill:#666}
.lf{font-size:12px;font-weight:bold;fill:#555}
.k{font-size:12px}
.kh{font-size:11px;font-weight:bold;fill:#666;letter-spacing:1px}
.ks{font-size:11px;fill:#555}
";

impl Map<'_> {
    /// The map as a self-contained SVG document: country outlines and labels, every link
    /// coloured by mode (rail black, road brick, sea blue; sea lanes bowed, schematically) and
    /// styled by status (solid operational, dashed under construction, dotted planned, sparse
    /// dots proposed), ports, crossings, capitals, cities and junctions marked, labels placed
    /// so they do not overlap, routes highlighted with a legend entry each, closed links in red
    /// with a cross, a scale bar in km. Links to far gateways end in an arrow at the edge,
    /// labelled with the place they lead to.
    ///
    /// Each link is one element with `data-link="ID"`, each node symbol one with
    /// `data-node="ID"`. The same map gives the same bytes: coordinates are rounded to 0.1 px
    /// and everything is drawn in file order.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let svg = corridors::Map::new(&net).svg();
    /// assert!(svg.contains("data-link=\"khaf-shamtigh-rail\""));
    /// assert_eq!(svg, corridors::Map::new(&net).svg()); // deterministic
    /// ```
    pub fn svg(&self) -> String {
        let d = Drawing::new(self);
        let area = d.frame.rect;
        let mut body = String::new();
        let mut soft = d.countries(&mut body);
        d.halos(&mut body);
        d.routes(&mut body);
        d.links(&mut body);
        let mut wants = d.exits(&mut body);
        d.scenario(&mut body);
        let symbols = d.nodes(&mut body);
        wants.extend(self.node_labels(&d.frame, &d.in_frame, &d.capital));
        let (scale, scale_box) = scale_bar(&d.frame);
        soft.push(scale_box);
        d.labels(&mut body, wants, &symbols, &soft);

        let (key, key_h) = self.key(area.x1 + MARGIN, area.y0);
        let width = area.x1 + MARGIN + PANEL_W + MARGIN;
        let height = area.y1.max(area.y0 + key_h) + MARGIN;
        let net = self.net;
        let mut out = String::new();
        w!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">\n",
            f(width),
            f(height),
            f(width),
            f(height)
        );
        let full_title = match &self.title {
            Some(t) => format!("{}: {t}", net.name),
            None => net.name.clone(),
        };
        w!(out, "<title>{}</title>\n", esc(&full_title));
        let rect = format!(
            "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            f(area.x0),
            f(area.y0),
            f(area.x1 - area.x0),
            f(area.y1 - area.y0)
        );
        w!(
            out,
            "<style>\n{STYLE}</style>\n<defs><clipPath id=\"map\"><rect {rect}/></clipPath></defs>\n"
        );
        let sea = if d.outlines.is_empty() {
            "#fbfaf7"
        } else {
            "#d9e8f3"
        };
        w!(
            out,
            "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<rect {rect} fill=\"{sea}\"/>\n"
        );
        w!(
            out,
            "<text x=\"{}\" y=\"32\" font-size=\"22\" font-weight=\"bold\">{}</text>\n",
            f(MARGIN),
            esc(&net.name)
        );
        if let Some(t) = &self.title {
            w!(
                out,
                "<text x=\"{}\" y=\"56\" font-size=\"14\" fill=\"#444\">{}</text>\n",
                f(MARGIN),
                esc(t)
            );
        }
        out.push_str("<g clip-path=\"url(#map)\">\n");
        out.push_str(&body);
        out.push_str("</g>\n");
        out.push_str(&scale);
        w!(
            out,
            "<rect {rect} fill=\"none\" stroke=\"#777\" stroke-width=\"1\"/>\n"
        );
        out.push_str(&key);
        out.push_str("</svg>\n");
        out
    }

    /// Labels for the nodes in the frame, most important first. Nodes drawn within a few px
    /// of each other (the two sides of a crossing) share one label.
    fn node_labels(&self, frame: &Frame, in_frame: &[bool], capital: &[bool]) -> Vec<Want> {
        let net = self.net;
        let ends: Vec<&str> = self
            .routes
            .iter()
            .flat_map(|(_, r)| [r.nodes().next(), r.nodes().last()])
            .flatten()
            .chain(
                self.capacity
                    .iter()
                    .flat_map(|c| c.origins.iter().chain(&c.destinations).map(String::as_str)),
            )
            .collect();
        let on_route = |id: &str| self.routes.iter().any(|(_, r)| r.passes(id));
        let role = |i: usize| -> (u8, Style) {
            let n = &net.nodes[i];
            let cut = self
                .capacity
                .as_ref()
                .is_some_and(|c| c.cut_nodes[i].is_some());
            let kind_style = match n.kind {
                NodeKind::Port => PORT,
                NodeKind::Border => CROSSING,
                NodeKind::City if capital[i] => CAPITAL,
                NodeKind::City => TOWN,
                NodeKind::Junction => JUNCTION,
            };
            if ends.contains(&n.id.as_str()) {
                (0, END)
            } else if n.kind == NodeKind::Port || capital[i] {
                (1, kind_style)
            } else if on_route(&n.id) || cut {
                (2, kind_style)
            } else {
                let tier = match n.kind {
                    NodeKind::Border | NodeKind::City => 3,
                    _ => 4,
                };
                (tier, kind_style)
            }
        };
        let mut grouped = vec![false; net.nodes.len()];
        let mut wants = Vec::new();
        for i in 0..net.nodes.len() {
            if grouped[i] || !in_frame[i] {
                continue;
            }
            let p = frame.node(&net.nodes[i]);
            let mut group = vec![i];
            for j in i + 1..net.nodes.len() {
                let q = frame.node(&net.nodes[j]);
                if !grouped[j] && in_frame[j] && (p.0 - q.0).hypot(p.1 - q.1) < 6.0 {
                    group.push(j);
                }
            }
            for &j in &group {
                grouped[j] = true;
            }
            let (tier, style) = group
                .iter()
                .map(|&j| role(j))
                .min_by(|a, b| a.0.cmp(&b.0))
                .unwrap_or((5, JUNCTION));
            let mut names: Vec<&str> = Vec::new();
            for &j in &group {
                let name = short_name(&net.nodes[j].name);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let (sx, sy) = group.iter().fold((0.0, 0.0), |(x, y), &j| {
                let q = frame.node(&net.nodes[j]);
                (x + q.0, y + q.1)
            });
            let k = group.len() as f64;
            let r = group
                .iter()
                .map(|&j| symbol_radius(net.nodes[j].kind, capital[j]))
                .fold(0.0, f64::max);
            // Alone, the shorter name of a pair fits more easily.
            let mut texts = vec![names.join("–")];
            if names.len() > 1 {
                names.sort_by_key(|n| (n.chars().count(), *n));
                texts.extend(names.iter().map(|n| n.to_string()));
            }
            let degree = net
                .ends
                .iter()
                .filter(|(a, b)| group.contains(a) || group.contains(b))
                .count();
            wants.push(Want {
                texts,
                at: (sx / k, sy / k),
                r,
                style,
                tier,
                degree,
                own: group,
            });
        }
        // Stable: ties keep file order.
        wants.sort_by_key(|w| (w.tier, std::cmp::Reverse(w.degree)));
        wants
    }

    /// The key: routes and layers first, then modes, statuses and places. Returns the SVG and
    /// its height.
    fn key(&self, x: f64, top: f64) -> (String, f64) {
        let net = self.net;
        let mut out = String::new();
        let mut y = top + 16.0;
        let tx = x + 40.0;
        let header = |out: &mut String, y: &mut f64, text: &str| {
            *y += 8.0;
            w!(
                out,
                "<text class=\"kh\" x=\"{}\" y=\"{}\">{}</text>\n",
                f(x),
                f(*y),
                esc(&text.to_uppercase())
            );
            *y += 18.0;
        };
        let line = |out: &mut String, y: &mut f64, class: &str, text: &str| {
            w!(
                out,
                "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>\n",
                f(tx),
                f(*y + 4.0),
                esc(text)
            );
            *y += 17.0;
        };
        if !self.routes.is_empty() {
            header(&mut out, &mut y, "Routes");
            for (r, (label, route)) in self.routes.iter().enumerate() {
                let colour = ROUTE_COLOURS[r % ROUTE_COLOURS.len()];
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{colour}\" stroke-width=\"7\" stroke-linecap=\"round\" opacity=\"0.6\" d=\"M{}L{}\"/>\n",
                    pt((x + 2.0, y)),
                    pt((x + 28.0, y))
                );
                for (k, l) in wrap(label, 30).iter().enumerate() {
                    line(&mut out, &mut y, if k == 0 { "k h" } else { "k" }, l);
                }
                line(
                    &mut out,
                    &mut y,
                    "ks",
                    &format!(
                        "{} km · {} days · {} USD/t",
                        thousands(route.distance_km),
                        short(route.days),
                        thousands(route.usd_per_t)
                    ),
                );
                let mut facts = vec![format!(
                    "{} border{}",
                    route.border_crossings,
                    if route.border_crossings == 1 { "" } else { "s" }
                )];
                facts.push(match route.bottleneck_mtpa {
                    Some(b) => format!("bottleneck {} Mt/yr", short(b)),
                    None => "no capacity published".to_string(),
                });
                line(&mut out, &mut y, "ks", &facts.join(" · "));
                if !route.unbuilt.is_empty() {
                    let n = route.unbuilt.len();
                    line(
                        &mut out,
                        &mut y,
                        "ks",
                        &format!("{n} link{} not yet built", if n == 1 { "" } else { "s" }),
                    );
                }
                y += 5.0;
            }
        }
        if !self.scenarios.is_empty() {
            header(&mut out, &mut y, "Scenario");
            for id in &self.scenarios {
                let name = net.scenario(id).map_or(id.as_str(), |s| s.name.as_str());
                for l in wrap(name, 38) {
                    w!(
                        out,
                        "<text class=\"k\" x=\"{}\" y=\"{}\">{}</text>\n",
                        f(x),
                        f(y + 4.0),
                        esc(&l)
                    );
                    y += 17.0;
                }
            }
            let closed = self.effects.iter().flatten().filter(|e| e.closed).count();
            let reduced = self
                .effects
                .iter()
                .flatten()
                .filter(|e| !e.closed && e.factor < 1.0)
                .count();
            let (cx, cy) = (x + 15.0, y);
            w!(
                out,
                "<path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"3\" d=\"M{}L{}\"/><path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"2.6\" d=\"M{}L{}M{}L{}\"/>\n",
                pt((x, y)),
                pt((x + 30.0, y)),
                pt((cx - 5.0, cy - 5.0)),
                pt((cx + 5.0, cy + 5.0)),
                pt((cx - 5.0, cy + 5.0)),
                pt((cx + 5.0, cy - 5.0))
            );
            line(
                &mut out,
                &mut y,
                "k",
                &format!(
                    "closed ({closed} link{})",
                    if closed == 1 { "" } else { "s" }
                ),
            );
            if reduced > 0 {
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{CLOSED}\" stroke-opacity=\"0.35\" stroke-width=\"8\" d=\"M{}L{}\"/>\n",
                    pt((x, y)),
                    pt((x + 30.0, y))
                );
                line(
                    &mut out,
                    &mut y,
                    "k",
                    &format!("capacity cut, % left ({reduced})"),
                );
            }
        }
        if let Some(c) = &self.capacity {
            header(&mut out, &mut y, "Capacity");
            let max = c
                .max_flow_mtpa
                .map_or("unbounded".to_string(), |m| format!("{} Mt/yr", short(m)));
            for l in wrap(
                &format!(
                    "{} → {}: max flow {max}",
                    c.origins.join(", "),
                    c.destinations.join(", ")
                ),
                38,
            ) {
                w!(
                    out,
                    "<text class=\"k\" x=\"{}\" y=\"{}\">{}</text>\n",
                    f(x),
                    f(y + 4.0),
                    esc(&l)
                );
                y += 17.0;
            }
            w!(
                out,
                "<path class=\"ln\" stroke=\"{FLOW}\" stroke-opacity=\"0.55\" stroke-width=\"8\" d=\"M{}L{}\"/>\n",
                pt((x, y)),
                pt((x + 30.0, y))
            );
            let flow_text = if c.max_flow_mtpa.is_some() {
                "flow (width ∝ Mt/yr)"
            } else {
                "path of unknown capacity"
            };
            line(&mut out, &mut y, "k", flow_text);
            w!(
                out,
                "<path class=\"ln\" stroke=\"{CUT}\" stroke-width=\"11\" d=\"M{}L{}\"/>\n",
                pt((x, y)),
                pt((x + 30.0, y))
            );
            line(&mut out, &mut y, "k", "minimum cut");
        }
        if let Some(l) = &self.loads {
            header(&mut out, &mut y, "Cargo assigned");
            line(
                &mut out,
                &mut y,
                "ks",
                &format!(
                    "{} of {} Mt/yr served",
                    short(l.served_mtpa),
                    short(l.demand_mtpa)
                ),
            );
            for (colour, text) in [(LOAD, "load (width ∝ Mt/yr)"), (CLOSED, "saturated")] {
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{colour}\" stroke-opacity=\"0.55\" stroke-width=\"8\" d=\"M{}L{}\"/>\n",
                    pt((x, y)),
                    pt((x + 30.0, y))
                );
                line(&mut out, &mut y, "k", text);
            }
        }

        let count = |pred: &dyn Fn(&crate::model::Link) -> bool| {
            net.links.iter().filter(|l| pred(l)).count()
        };
        header(&mut out, &mut y, "Links");
        out.push_str("<g class=\"ln\">\n");
        // Only what the network holds, with how many links.
        for m in Mode::ALL {
            let n = count(&|l| l.mode == m);
            if n > 0 {
                swatch(&mut out, x, y, m.as_str());
                line(&mut out, &mut y, "k", &format!("{} ({n})", m.as_str()));
            }
        }
        y += 4.0;
        for s in Status::ALL {
            let n = count(&|l| l.status == s);
            if n > 0 {
                swatch(&mut out, x, y, &format!("rail {}", s.as_str()));
                let name = s.as_str().replace('_', " ");
                line(&mut out, &mut y, "k", &format!("{name} ({n})"));
            }
        }
        out.push_str("</g>\n");
        header(&mut out, &mut y, "Places");
        for (kind, capital, text) in [
            (NodeKind::Port, false, "port"),
            (NodeKind::City, true, "capital"),
            (NodeKind::City, false, "city"),
            (NodeKind::Border, false, "border crossing"),
            (NodeKind::Junction, false, "junction"),
        ] {
            let held = net
                .nodes
                .iter()
                .any(|n| n.kind == kind && (kind != NodeKind::City || is_capital(n) == capital));
            if !held {
                continue;
            }
            node_symbol(&mut out, None, kind, capital, (x + 15.0, y));
            line(&mut out, &mut y, "k", text);
        }
        y += 10.0;
        let notes = [
            "Sea lanes drawn schematically.",
            "Outlines: Natural Earth (public domain).",
        ];
        for note in notes {
            if note.starts_with("Outlines") && !self.outlines {
                continue;
            }
            w!(
                out,
                "<text class=\"ks\" x=\"{}\" y=\"{}\">{}</text>\n",
                f(x),
                f(y),
                esc(note)
            );
            y += 15.0;
        }
        (out, y - top)
    }
}

/// What drawing a map needs, computed once: the frame, link shapes, which nodes show.
struct Drawing<'m, 'a> {
    map: &'m Map<'a>,
    net: &'a Network,
    frame: Frame,
    shapes: Vec<Shape>,
    outlines: &'static [Country],
    capital: Vec<bool>,
    in_frame: Vec<bool>,
    /// For each link, the routes that use it, in the order they were added.
    users: Vec<Vec<usize>>,
}

impl<'m, 'a> Drawing<'m, 'a> {
    fn new(map: &'m Map<'a>) -> Drawing<'m, 'a> {
        let net = map.net;
        let bounds = map.bounds.unwrap_or_else(|| Bounds::around(net));
        let title_h = if map.title.is_some() { 70.0 } else { 50.0 };
        let frame = Frame::new(bounds, MARGIN, title_h);
        let in_frame = net
            .nodes
            .iter()
            .map(|n| frame.rect.contains(frame.node(n)))
            .collect();
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); net.links.len()];
        for (r, (_, route)) in map.routes.iter().enumerate() {
            for leg in &route.legs {
                if let Some(&i) = net.link_ix.get(&leg.link) {
                    if !users[i].contains(&r) {
                        users[i].push(r);
                    }
                }
            }
        }
        Drawing {
            map,
            net,
            shapes: shapes(net, &frame),
            frame,
            outlines: if map.outlines { countries() } else { &[] },
            capital: net.nodes.iter().map(is_capital).collect(),
            in_frame,
            users,
        }
    }

    /// Routes sharing a link are drawn side by side: route `r`'s offset on link `i`, px.
    fn band(&self, r: usize, i: usize) -> f64 {
        let users = &self.users[i];
        let n = users.len() as f64;
        let j = users.iter().position(|&x| x == r).unwrap_or(0) as f64;
        (j - (n - 1.0) / 2.0) * 6.0
    }

    /// Country outlines, then their names; returns where the names are, for labels to avoid.
    fn countries(&self, body: &mut String) -> Vec<Rect> {
        let area = self.frame.rect;
        let country_box = area.grow(4.0);
        let used: Vec<&str> = self.net.nodes.iter().map(|n| n.country.as_str()).collect();
        let mut soft: Vec<Rect> = Vec::new();
        let mut names = String::new();
        for c in self.outlines {
            let mut d = String::new();
            for ring in c.polygons.iter().flatten() {
                let px: Vec<P> = ring
                    .iter()
                    .map(|&(lon, lat)| self.frame.px(lon, lat))
                    .collect();
                let cut = clip_ring(px, country_box);
                if cut.len() < 3 {
                    continue;
                }
                for (k, p) in cut.iter().enumerate() {
                    d.push(if k == 0 { 'M' } else { 'L' });
                    d.push_str(&pt(*p));
                }
                d.push('Z');
            }
            let other = if used.contains(&c.iso.as_str()) {
                ""
            } else {
                " other"
            };
            if !d.is_empty() {
                w!(
                    body,
                    "<path data-country=\"{}\" class=\"land{other}\" fill-rule=\"evenodd\" d=\"{d}\"/>\n",
                    esc(&c.iso)
                );
            }
            let Some((lon, lat)) = c.label else { continue };
            let p = self.frame.px(lon, lat);
            let text = c.name.to_uppercase();
            let (size, spacing) = if other.is_empty() {
                (15.0, 3.0)
            } else {
                (11.0, 2.0)
            };
            let wdt = text_width(&text, size, true) + spacing * text.chars().count() as f64;
            let bx = Rect {
                x0: p.0 - wdt / 2.0,
                y0: p.1 - size * 0.8,
                x1: p.0 + wdt / 2.0,
                y1: p.1 + size * 0.2,
            };
            if area.holds(&bx) {
                soft.push(bx);
                w!(
                    names,
                    "<text class=\"cn{other}\" x=\"{}\" y=\"{}\">{}</text>\n",
                    f(p.0),
                    f(p.1),
                    esc(&text)
                );
            }
        }
        body.push_str(&names);
        soft
    }

    /// Capacity and load halos, under everything else: width grows with the flow or load.
    fn halos(&self, body: &mut String) {
        let links = &self.net.links;
        if let Some(c) = &self.map.capacity {
            let max = c.flow_mtpa.iter().copied().fold(0.0, f64::max);
            for (i, s) in self.shapes.iter().enumerate() {
                let id = esc(&links[i].id);
                if let Some(cap) = c.cut_links[i] {
                    w!(
                        body,
                        "<path data-cut=\"{id}\" class=\"ln\" stroke=\"{CUT}\" stroke-width=\"13\" stroke-linecap=\"round\" d=\"{}\"><title>minimum cut: {} Mt/yr</title></path>\n",
                        s.d(0.0),
                        short(cap)
                    );
                }
                if c.unbounded[i] {
                    w!(
                        body,
                        "<path data-unbounded=\"{id}\" class=\"ln\" stroke=\"{FLOW}\" stroke-opacity=\"0.55\" stroke-width=\"12\" d=\"{}\"/>\n",
                        s.d(0.0)
                    );
                } else if c.flow_mtpa[i] > 0.0 && max > 0.0 {
                    w!(
                        body,
                        "<path data-flow=\"{id}\" class=\"ln\" stroke=\"{FLOW}\" stroke-opacity=\"0.55\" stroke-width=\"{}\" d=\"{}\"/>\n",
                        f(3.0 + 9.0 * c.flow_mtpa[i] / max),
                        s.d(0.0)
                    );
                }
            }
        }
        if let Some(layer) = &self.map.loads {
            let max = layer
                .loads
                .iter()
                .flatten()
                .map(|l| l.load_mtpa)
                .fold(0.0, f64::max);
            for (i, s) in self.shapes.iter().enumerate() {
                let Some(l) = &layer.loads[i] else { continue };
                if l.load_mtpa <= 0.0 || max <= 0.0 {
                    continue;
                }
                let colour = if l.saturated { CLOSED } else { LOAD };
                w!(
                    body,
                    "<path data-load=\"{}\" class=\"ln\" stroke=\"{colour}\" stroke-opacity=\"0.55\" stroke-width=\"{}\" d=\"{}\"/>\n",
                    esc(&links[i].id),
                    f(3.0 + 9.0 * l.load_mtpa / max),
                    s.d(0.0)
                );
            }
        }
    }

    /// Routes: translucent bands under the links, one group per route.
    fn routes(&self, body: &mut String) {
        for (r, (label, route)) in self.map.routes.iter().enumerate() {
            let colour = ROUTE_COLOURS[r % ROUTE_COLOURS.len()];
            w!(
                body,
                "<g data-route=\"{r}\" class=\"ln\" stroke=\"{colour}\" stroke-width=\"7\" stroke-linecap=\"round\" stroke-linejoin=\"round\" opacity=\"0.6\"><title>{}</title>\n",
                esc(label)
            );
            for leg in &route.legs {
                if let Some(&i) = self.net.link_ix.get(&leg.link) {
                    w!(
                        body,
                        "<path data-leg=\"{}\" d=\"{}\"/>\n",
                        esc(&leg.link),
                        self.shapes[i].d(self.band(r, i))
                    );
                }
            }
            body.push_str("</g>\n");
        }
    }

    /// Every link, the least real underneath.
    fn links(&self, body: &mut String) {
        let links = &self.net.links;
        let mut order: Vec<usize> = (0..links.len()).collect();
        order.sort_by_key(|&i| {
            let l = &links[i];
            (std::cmp::Reverse(l.status), std::cmp::Reverse(l.mode), i)
        });
        body.push_str("<g class=\"ln\">\n");
        for &i in &order {
            let l = &links[i];
            w!(
                body,
                "<path data-link=\"{}\" class=\"{} {}\" d=\"{}\"/>\n",
                esc(&l.id),
                l.mode.as_str(),
                l.status.as_str(),
                self.shapes[i].d(0.0)
            );
        }
        body.push_str("</g>\n");
    }

    /// Arrows where links leave the frame for a far gateway; returns their labels, one per
    /// place and stretch of edge.
    fn exits(&self, body: &mut String) -> Vec<Want> {
        let mut wants: Vec<Want> = Vec::new();
        for (i, s) in self.shapes.iter().enumerate() {
            for e in &s.exits {
                let (tip, dir) = (e.at, e.dir);
                let base = (tip.0 - dir.0 * 10.0, tip.1 - dir.1 * 10.0);
                let side = (-dir.1 * 5.0, dir.0 * 5.0);
                w!(
                    body,
                    "<path data-exit=\"{}\" class=\"{}\" fill=\"currentColor\" d=\"M{}L{}L{}Z\"/>\n",
                    esc(&self.net.links[i].id),
                    self.net.links[i].mode.as_str(),
                    pt(tip),
                    pt((base.0 + side.0, base.1 + side.1)),
                    pt((base.0 - side.0, base.1 - side.1))
                );
                let at = (tip.0 - dir.0 * 16.0, tip.1 - dir.1 * 16.0);
                let text = format!("to {}", short_name(&self.net.nodes[e.far].name));
                let dup = wants
                    .iter()
                    .any(|w| w.texts[0] == text && (w.at.0 - at.0).hypot(w.at.1 - at.1) < 80.0);
                if !dup {
                    wants.push(Want {
                        texts: vec![text],
                        at,
                        r: 3.0,
                        style: FAR,
                        tier: 0,
                        degree: 0,
                        own: Vec::new(),
                    });
                }
            }
        }
        wants
    }

    /// Scenario marks: closed links red and crossed, shrunk ones haloed with what is left.
    fn scenario(&self, body: &mut String) {
        for (i, e) in self.map.effects.iter().enumerate() {
            let Some(e) = e else { continue };
            let s = &self.shapes[i];
            let (m, _) = s.mid(0.0);
            let id = esc(&self.net.links[i].id);
            if e.closed {
                w!(
                    body,
                    "<g data-closed=\"{id}\"><path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"3\" d=\"{}\"/>",
                    s.d(0.0)
                );
                if self.frame.rect.contains(m) {
                    let (x, y) = m;
                    let cross = format!(
                        "M{}L{}M{}L{}",
                        pt((x - 5.0, y - 5.0)),
                        pt((x + 5.0, y + 5.0)),
                        pt((x - 5.0, y + 5.0)),
                        pt((x + 5.0, y - 5.0))
                    );
                    w!(
                        body,
                        "<path class=\"ln\" stroke=\"#fff\" stroke-width=\"5.5\" d=\"{cross}\"/><path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"2.6\" d=\"{cross}\"/>"
                    );
                }
                body.push_str("</g>\n");
            } else if e.factor < 1.0 {
                w!(
                    body,
                    "<g data-reduced=\"{id}\"><path class=\"ln\" stroke=\"{CLOSED}\" stroke-opacity=\"0.35\" stroke-width=\"8\" d=\"{}\"/><text class=\"lt h\" x=\"{}\" y=\"{}\">{}%</text></g>\n",
                    s.d(0.0),
                    f(m.0 + 6.0),
                    f(m.1 - 6.0),
                    short(e.factor * 100.0)
                );
            }
        }
    }

    /// A symbol per node in the frame; returns the box of each, for labels to avoid.
    fn nodes(&self, body: &mut String) -> Vec<(usize, Rect)> {
        let mut symbols: Vec<(usize, Rect)> = Vec::new();
        for (i, n) in self.net.nodes.iter().enumerate() {
            if !self.in_frame[i] {
                continue;
            }
            let p = self.frame.node(n);
            let cut = self
                .map
                .capacity
                .as_ref()
                .is_some_and(|c| c.cut_nodes[i].is_some());
            if cut {
                w!(
                    body,
                    "<circle data-cut=\"{}\" cx=\"{}\" cy=\"{}\" r=\"10\" fill=\"{CUT}\"/>\n",
                    esc(&n.id),
                    f(p.0),
                    f(p.1)
                );
            }
            node_symbol(body, Some(&n.id), n.kind, self.capital[i], p);
            let r = symbol_radius(n.kind, self.capital[i]);
            let bx = Rect {
                x0: p.0 - r,
                y0: p.1 - r,
                x1: p.0 + r,
                y1: p.1 + r,
            };
            symbols.push((i, bx));
        }
        symbols
    }

    /// Places the labels (see [`place_labels`]) and draws them.
    fn labels(
        &self,
        body: &mut String,
        wants: Vec<Want>,
        symbols: &[(usize, Rect)],
        soft: &[Rect],
    ) {
        let mut lines: Vec<(Vec<P>, f64)> =
            self.shapes.iter().map(|s| (s.samples(0.0), 1.0)).collect();
        for (r, (_, route)) in self.map.routes.iter().enumerate() {
            for leg in &route.legs {
                if let Some(&i) = self.net.link_ix.get(&leg.link) {
                    lines.push((self.shapes[i].samples(self.band(r, i)), 4.0));
                }
            }
        }
        let area = self.frame.rect.grow(-2.0);
        for p in place_labels(wants, area, symbols, soft, &lines) {
            let anchor = match p.anchor {
                "start" => "",
                "end" => " text-anchor=\"end\"",
                _ => " text-anchor=\"middle\"",
            };
            w!(
                body,
                "<text class=\"{} h\" x=\"{}\" y=\"{}\"{anchor}>{}</text>\n",
                p.style.class,
                f(p.x),
                f(p.y),
                esc(&p.text)
            );
        }
    }
}

/// A scale bar in the map's lower-left corner, true along meridians and at the middle latitude.
fn scale_bar(frame: &Frame) -> (String, Rect) {
    let px_per_km = frame.k / KM_PER_DEG;
    let max_px = ((frame.rect.x1 - frame.rect.x0) * 0.25).max(110.0);
    let km = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0,
    ]
    .into_iter()
    .rfind(|&km| km * px_per_km <= max_px)
    .unwrap_or(1.0);
    let len = km * px_per_km;
    let (x, y) = (frame.rect.x0 + 14.0, frame.rect.y1 - 18.0);
    let bx = Rect {
        x0: x - 8.0,
        y0: y - 22.0,
        x1: x + len + 30.0,
        y1: y + 10.0,
    };
    let mut out = String::new();
    w!(
        out,
        "<g data-scale=\"{km}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0.85\" rx=\"3\"/>\n",
        f(bx.x0),
        f(bx.y0),
        f(bx.x1 - bx.x0),
        f(bx.y1 - bx.y0)
    );
    for k in 0..4 {
        let x0 = x + len * f64::from(k) / 4.0;
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"{}\" stroke=\"#222\" stroke-width=\"0.8\"/>",
            f(x0),
            f(y - 2.0),
            f(len / 4.0),
            if k % 2 == 0 { "#222" } else { "#fff" }
        );
    }
    let mut ticks = vec![(0.0, "0".to_string())];
    if len >= 80.0 {
        ticks.push((len / 2.0, short(km / 2.0)));
    }
    ticks.push((len, format!("{} km", thousands(km))));
    for (at, text) in ticks {
        w!(
            out,
            "<text class=\"ks\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            f(x + at),
            f(y - 6.0),
            text
        );
    }
    out.push_str("</g>\n");
    (out, bx)
}
