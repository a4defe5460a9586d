//! The network as GraphML, for NetworkX, Gephi, yEd and igraph: every node and link with
//! every attribute of its record as a GraphML key.

use std::fmt::Write as _;

use crate::model::{Interval, Link, Node};
use crate::network::Network;
use crate::output::svg::esc as xml;

/// A GraphML attribute: its name, its type, and how a record gives its value (`None` leaves
/// it out for that record, as GraphML does for an unknown value); for a figure with a range,
/// how the record gives the range too, written as two more attributes after it, `…_low` and
/// `…_high`, of the same type.
struct Key<T> {
    name: &'static str,
    ty: &'static str,
    value: fn(&T) -> Option<String>,
    range: Option<fn(&T) -> Option<Interval>>,
}

/// The key `name` of type `ty`, whose value `value` gives.
const fn key<T>(name: &'static str, ty: &'static str, value: fn(&T) -> Option<String>) -> Key<T> {
    Key {
        name,
        ty,
        value,
        range: None,
    }
}

/// The key `name` of type `ty`, whose value `value` gives, and the ends of the range `range`
/// gives, when the record gives one: `name_low` and `name_high`.
const fn ranged<T>(
    name: &'static str,
    ty: &'static str,
    value: fn(&T) -> Option<String>,
    range: fn(&T) -> Option<Interval>,
) -> Key<T> {
    Key {
        name,
        ty,
        value,
        range: Some(range),
    }
}

impl<T> Key<T> {
    /// The names of the attributes this key writes: its own, then a range's low and high end.
    fn names(&self) -> Vec<String> {
        let mut names = vec![self.name.to_string()];
        if self.range.is_some() {
            names.push(format!("{}_low", self.name));
            names.push(format!("{}_high", self.name));
        }
        names
    }

    /// The values of those attributes in `record`, in the same order.
    fn values(&self, record: &T) -> Vec<Option<String>> {
        let mut values = vec![(self.value)(record)];
        if let Some(range) = self.range {
            let r = range(record);
            values.push(r.map(|r| r.low.to_string()));
            values.push(r.map(|r| r.high.to_string()));
        }
        values
    }
}

/// A value that is always there.
fn some(x: impl ToString) -> Option<String> {
    Some(x.to_string())
}

/// A value the record may leave unknown.
fn known(x: Option<impl ToString>) -> Option<String> {
    x.map(|v| v.to_string())
}

/// A list joined by `;`, left out when empty.
fn list(xs: &[String]) -> Option<String> {
    (!xs.is_empty()).then(|| xs.join(";"))
}

#[rustfmt::skip]
const NODE_KEYS: &[Key<Node>] = &[
    key("label", "string", |n| some(&n.name)),
    key("name", "string", |n| some(&n.name)),
    key("country", "string", |n| some(&n.country)),
    key("kind", "string", |n| some(n.kind)),
    key("lat", "double", |n| some(n.lat)),
    key("lon", "double", |n| some(n.lon)),
    ranged("capacity_mtpa", "double", |n| known(n.capacity_mtpa), |n| n.capacity_mtpa_range),
    key("estimated", "boolean", |n| some(n.estimated)),
    key("estimate", "string", |n| n.estimate.clone()),
    key("description", "string", |n| n.description.clone()),
    key("source", "string", |n| some(&n.source)),
    key("sources", "string", |n| list(&n.sources)),
];

#[rustfmt::skip]
const LINK_KEYS: &[Key<Link>] = &[
    key("mode", "string", |l| some(l.mode)),
    key("gauge_mm", "int", |l| known(l.gauge_mm)),
    ranged("length_km", "double", |l| some(l.length_km), |l| l.length_km_range),
    key("estimated", "boolean", |l| some(l.estimated)),
    key("status", "string", |l| some(l.status)),
    key("opens", "int", |l| known(l.opens)),
    key("opens_on", "string", |l| known(l.opens_on)),
    ranged("capacity_mtpa", "double", |l| known(l.capacity_mtpa), |l| l.capacity_mtpa_range),
    key("design_capacity_mtpa", "double", |l| known(l.design_capacity_mtpa)),
    key("corridors", "string", |l| list(&l.corridors)),
    key("oneway", "boolean", |l| some(l.oneway)),
    ranged("speed_kmh", "double", |l| some(l.speed_kmh), |l| l.speed_kmh_range),
    ranged("usd_per_tkm", "double", |l| some(l.usd_per_tkm), |l| l.usd_per_tkm_range),
    key("rate_basis", "string", |l| some(l.rate_basis.as_str())),
    key("rate_sources", "string", |l| list(&l.rate_sources)),
    key("hours_override", "double", |l| known(l.hours_override)),
    key("hours", "double", |l| some(l.hours())),
    key("usd_per_t", "double", |l| some(l.usd_per_t())),
    key("estimate", "string", |l| l.estimate.clone()),
    key("description", "string", |l| l.description.clone()),
    key("source", "string", |l| some(&l.source)),
    key("sources", "string", |l| list(&l.sources)),
];

/// The name and type of every attribute `keys` write, in order.
fn attributes<T>(keys: &[Key<T>]) -> Vec<(String, &'static str)> {
    keys.iter()
        .flat_map(|k| k.names().into_iter().map(|name| (name, k.ty)))
        .collect()
}

/// Writes the `<data>` elements of a record.
fn data<T>(out: &mut String, prefix: &str, keys: &[Key<T>], record: &T, indent: &str) {
    for k in keys {
        for (name, value) in k.names().into_iter().zip(k.values(record)) {
            if let Some(v) = value {
                let _ = writeln!(
                    out,
                    "{indent}<data key=\"{prefix}_{name}\">{}</data>",
                    xml(&v)
                );
            }
        }
    }
}

/// The whole network as GraphML: a node per place (GraphML id = node id) and an edge per
/// link (GraphML id = link id, source and target its `from` and `to`), whatever its status,
/// with every attribute of the records as typed keys (`name`, `country`, `kind`, `lat`,
/// `lon`, `capacity_mtpa`…; `mode`, `gauge_mm`, `length_km`, `status`, `opens`,
/// `capacity_mtpa`, `oneway`, `hours`, `usd_per_t`…; lists joined by `;`; a value the file
/// leaves unknown is left out). Nodes also carry `label`, the name Gephi shows; the graph its
/// `name` and `year`.
///
/// The graph is undirected (`oneway` says which links run one way) and may hold several links
/// between two places, which NetworkX reads as a `MultiGraph` keyed by link id. What
/// `corridors export graphml` prints.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let xml = corridors::network_graphml(&net);
/// assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"));
/// assert_eq!(xml.matches("<node id=").count(), net.nodes().len());
/// assert_eq!(xml.matches("<edge id=").count(), net.links().len());
/// assert!(xml.contains("<key id=\"e_length_km\" for=\"edge\" attr.name=\"length_km\" attr.type=\"double\"/>"));
/// ```
pub fn network_graphml(net: &Network) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (prefix, domain, keys) in [
        ("n", "node", attributes(NODE_KEYS)),
        ("e", "edge", attributes(LINK_KEYS)),
    ] {
        for (name, ty) in keys {
            let _ = writeln!(
                out,
                "  <key id=\"{prefix}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
            );
        }
    }
    out.push_str(
        "  <key id=\"g_name\" for=\"graph\" attr.name=\"name\" attr.type=\"string\"/>\n  \
         <key id=\"g_year\" for=\"graph\" attr.name=\"year\" attr.type=\"int\"/>\n  \
         <graph id=\"G\" edgedefault=\"undirected\">\n",
    );
    let _ = writeln!(out, "    <data key=\"g_name\">{}</data>", xml(net.name()));
    let _ = writeln!(out, "    <data key=\"g_year\">{}</data>", net.year());
    for n in net.nodes() {
        let _ = writeln!(out, "    <node id=\"{}\">", xml(&n.id));
        data(&mut out, "n", NODE_KEYS, n, "      ");
        out.push_str("    </node>\n");
    }
    for l in net.links() {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml(&l.id),
            xml(&l.from),
            xml(&l.to)
        );
        data(&mut out, "e", LINK_KEYS, l, "      ");
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
