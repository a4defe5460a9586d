//! GeoJSON (RFC 7946): [`Map::geojson`] and the `*_geojson` shortcuts for one layer.

use serde::Serialize;
use serde_json::{Map as Object, Value, json};

use crate::analysis::Route;
use crate::analysis::{Assignment, CapacityReport};
use crate::error::QueryError;
use crate::model::Node;
use crate::network::Network;
use crate::output::map::{Counted, LoadModel, Map};

impl Map<'_> {
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
        let mut features = Vec::with_capacity(net.data.nodes.len() + net.data.links.len());
        for (i, n) in net.data.nodes.iter().enumerate() {
            let mut props = object(n);
            props.insert("feature".into(), json!("node"));
            if let Some(c) = &self.capacity {
                props.insert("min_cut".into(), json!(c.cut_nodes[i].is_some()));
                if let Some(d) = &c.drawn {
                    props.insert("chance_on_cut".into(), json!(d.nodes[i]));
                }
                props.insert("origin".into(), json!(c.origins.iter().any(|o| o == &n.id)));
                props.insert(
                    "destination".into(),
                    json!(c.destinations.iter().any(|o| o == &n.id)),
                );
            }
            if let Some(p) = self.loads.as_ref().and_then(|l| l.prices.as_ref()) {
                props.insert("price_usd_per_t".into(), json!(p.nodes[i]));
            }
            if let Some(c) = &self.counted {
                counted(&mut props, c.nodes[i].as_ref());
            }
            features.push(feature(Some(&n.id), point(n), props));
        }
        for (i, l) in net.data.links.iter().enumerate() {
            let (a, b) = net.data.ends[i];
            let mut props = object(l);
            props.insert("feature".into(), json!("link"));
            props.insert("cross_border".into(), json!(net.is_cross_border(l)));
            if !self.scenarios.is_empty() {
                let e = self.effects[i].as_ref();
                let reasons: Vec<String> = e
                    .map(|e| e.reasons.iter().map(ToString::to_string).collect())
                    .unwrap_or_default();
                props.insert("closed".into(), json!(e.is_some_and(|e| e.closed)));
                props.insert("factor".into(), json!(e.map_or(1.0, |e| e.factor)));
                props.insert("add_hours".into(), json!(e.map_or(0.0, |e| e.add_hours)));
                let usd = e.map_or(0.0, |e| e.add_usd_per_t);
                props.insert("add_usd_per_t".into(), json!(usd));
                props.insert("reasons".into(), json!(reasons));
                let scenarios: &[String] = e.map_or(&[], |e| &e.scenarios);
                props.insert("scenarios".into(), json!(scenarios));
            }
            if let Some(c) = &self.capacity {
                props.insert("flow_mtpa".into(), json!(c.flow_mtpa[i]));
                props.insert("unbounded_path".into(), json!(c.unbounded[i]));
                props.insert("min_cut".into(), json!(c.cut_links[i].is_some()));
                if let Some(d) = &c.drawn {
                    props.insert("chance_on_cut".into(), json!(d.links[i]));
                }
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
                if let Some(p) = &layer.prices {
                    props.insert("price_usd_per_t".into(), json!(p.links[i]));
                }
                if let Some((_, drawn)) = &layer.drawn {
                    let d = drawn[i].as_ref();
                    let at = |k: usize| json!(d.map_or(0.0, |d| d.load_mtpa[k]));
                    props.insert("load_mtpa_p5".into(), at(0));
                    props.insert("load_mtpa_p50".into(), at(1));
                    props.insert("load_mtpa_p95".into(), at(2));
                    props.insert(
                        "chance_full".into(),
                        json!(d.map_or(0.0, |d| d.chance_full)),
                    );
                }
            }
            if let Some(c) = &self.counted {
                counted(&mut props, c.links[i].as_ref());
            }
            let geometry = line_string(&[&net.data.nodes[a], &net.data.nodes[b]]);
            features.push(feature(Some(&l.id), geometry, props));
        }
        for (label, route) in &self.routes {
            features.extend(route_features(net, label, route));
        }
        let mut fc = Object::new();
        fc.insert("type".into(), json!("FeatureCollection"));
        fc.insert("name".into(), json!(net.data.name));
        fc.insert("year".into(), json!(net.data.year));
        if let Some(t) = &self.title {
            fc.insert("title".into(), json!(t));
        }
        if let Some(day) = &self.day {
            if let Some(d) = day.date {
                fc.insert("date".into(), json!(d));
            }
            fc.insert("events".into(), json!(day.events));
            fc.insert("unconfirmed".into(), json!(day.unconfirmed));
            if !day.scenarios.is_empty() {
                fc.insert("scenarios_applied".into(), json!(day.scenarios));
            }
            // The rest of the view (events off or left out, statuses, year, modes, avoided,
            // projects), under the names of the reports' JSON, each only when the query set it.
            if let serde_json::Value::Object(rest) = json!(day) {
                for (k, v) in rest {
                    if !matches!(k.as_str(), "date" | "events" | "unconfirmed" | "scenarios") {
                        fc.insert(k, v);
                    }
                }
            }
        }
        if !self.scenarios.is_empty() {
            fc.insert("scenarios".into(), json!(self.scenarios));
        }
        if let Some(c) = &self.capacity {
            let mut capacity = json!({
                "origins": c.origins,
                "destinations": c.destinations,
                "max_flow_mtpa": c.max_flow_mtpa,
            });
            if let Some(d) = &c.drawn {
                capacity["draws"] = json!(d.n);
            }
            fc.insert("capacity".into(), capacity);
        }
        if let Some(l) = &self.loads {
            let mut a = json!({
                "model": l.model.name(),
                "demand_mtpa": l.demand_mtpa,
                "served_mtpa": l.served_mtpa,
            });
            if let LoadModel::Split {
                theta,
                within_capacity,
            } = l.model
            {
                a["theta"] = json!(theta);
                a["within_capacity"] = json!(within_capacity);
            }
            if let Some((n, _)) = &l.drawn {
                a["draws"] = json!(n);
            }
            fc.insert("assignment".into(), a);
        }
        fc.insert("features".into(), Value::Array(features));
        Value::Object(fc)
    }
}

/// The counted-traffic properties of one feature: its latest count, or nulls and no counts.
fn counted(props: &mut Object<String, Value>, c: Option<&Counted>) {
    let u = c.map(|c| &c.latest);
    let range = u.and_then(|u| u.mtpa_range).map(|r| [r.low, r.high]);
    props.insert("counted_mtpa".into(), json!(u.map(|u| u.mtpa)));
    props.insert("counted_range".into(), json!(range));
    props.insert("counted_start".into(), json!(u.map(|u| u.start)));
    props.insert("counted_end".into(), json!(u.map(|u| u.end)));
    props.insert(
        "counted_from".into(),
        json!(u.and_then(|u| u.from.as_ref())),
    );
    props.insert("counted_share".into(), json!(u.and_then(|u| u.share)));
    let modelled = u.and_then(|u| u.modelled_mtpa);
    props.insert("counted_modelled_mtpa".into(), json!(modelled));
    props.insert("counts".into(), json!(c.map_or(0, |c| c.counts)));
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
