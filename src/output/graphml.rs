//! The network as GraphML, for NetworkX, Gephi, yEd and igraph: every node and link with
//! every attribute of its record as a GraphML key.

use std::fmt::Write as _;

use crate::model::{Link, Node};
use crate::network::Network;
use crate::output::svg::esc as xml;

/// A GraphML attribute: its name, its type, and how a record gives its value (`None` leaves
/// it out for that record, as GraphML does for an unknown value).
struct Key<T> {
    name: &'static str,
    ty: &'static str,
    value: fn(&T) -> Option<String>,
}

/// A value that is always there.
fn some(x: impl ToString) -> Option<String> {
    Some(x.to_string())
}

/// A list joined by `;`, left out when empty.
fn list(xs: &[String]) -> Option<String> {
    (!xs.is_empty()).then(|| xs.join(";"))
}

const NODE_KEYS: &[Key<Node>] = &[
    Key {
        name: "label",
        ty: "string",
        value: |n| some(&n.name),
    },
    Key {
        name: "name",
        ty: "string",
        value: |n| some(&n.name),
    },
    Key {
        name: "country",
        ty: "string",
        value: |n| some(&n.country),
    },
    Key {
        name: "kind",
        ty: "string",
        value: |n| some(n.kind),
    },
    Key {
        name: "lat",
        ty: "double",
        value: |n| some(n.lat),
    },
    Key {
        name: "lon",
        ty: "double",
        value: |n| some(n.lon),
    },
    Key {
        name: "capacity_mtpa",
        ty: "double",
        value: |n| n.capacity_mtpa.map(|c| c.to_string()),
    },
    Key {
        name: "capacity_mtpa_low",
        ty: "double",
        value: |n| n.capacity_mtpa_range.map(|r| r.low.to_string()),
    },
    Key {
        name: "capacity_mtpa_high",
        ty: "double",
        value: |n| n.capacity_mtpa_range.map(|r| r.high.to_string()),
    },
    Key {
        name: "estimated",
        ty: "boolean",
        value: |n| some(n.estimated),
    },
    Key {
        name: "estimate",
        ty: "string",
        value: |n| n.estimate.clone(),
    },
    Key {
        name: "description",
        ty: "string",
        value: |n| n.description.clone(),
    },
    Key {
        name: "source",
        ty: "string",
        value: |n| some(&n.source),
    },
    Key {
        name: "sources",
        ty: "string",
        value: |n| list(&n.sources),
    },
];

const LINK_KEYS: &[Key<Link>] = &[
    Key {
        name: "mode",
        ty: "string",
        value: |l| some(l.mode),
    },
    Key {
        name: "gauge_mm",
        ty: "int",
        value: |l| l.gauge_mm.map(|g| g.to_string()),
    },
    Key {
        name: "length_km",
        ty: "double",
        value: |l| some(l.length_km),
    },
    Key {
        name: "length_km_low",
        ty: "double",
        value: |l| l.length_km_range.map(|r| r.low.to_string()),
    },
    Key {
        name: "length_km_high",
        ty: "double",
        value: |l| l.length_km_range.map(|r| r.high.to_string()),
    },
    Key {
        name: "estimated",
        ty: "boolean",
        value: |l| some(l.estimated),
    },
    Key {
        name: "status",
        ty: "string",
        value: |l| some(l.status),
    },
    Key {
        name: "opens",
        ty: "int",
        value: |l| l.opens.map(|y| y.to_string()),
    },
    Key {
        name: "opens_on",
        ty: "string",
        value: |l| l.opens_on.map(|d| d.to_string()),
    },
    Key {
        name: "capacity_mtpa",
        ty: "double",
        value: |l| l.capacity_mtpa.map(|c| c.to_string()),
    },
    Key {
        name: "capacity_mtpa_low",
        ty: "double",
        value: |l| l.capacity_mtpa_range.map(|r| r.low.to_string()),
    },
    Key {
        name: "capacity_mtpa_high",
        ty: "double",
        value: |l| l.capacity_mtpa_range.map(|r| r.high.to_string()),
    },
    Key {
        name: "design_capacity_mtpa",
        ty: "double",
        value: |l| l.design_capacity_mtpa.map(|c| c.to_string()),
    },
    Key {
        name: "corridors",
        ty: "string",
        value: |l| list(&l.corridors),
    },
    Key {
        name: "oneway",
        ty: "boolean",
        value: |l| some(l.oneway),
    },
    Key {
        name: "speed_kmh",
        ty: "double",
        value: |l| some(l.speed_kmh),
    },
    Key {
        name: "speed_kmh_low",
        ty: "double",
        value: |l| l.speed_kmh_range.map(|r| r.low.to_string()),
    },
    Key {
        name: "speed_kmh_high",
        ty: "double",
        value: |l| l.speed_kmh_range.map(|r| r.high.to_string()),
    },
    Key {
        name: "usd_per_tkm",
        ty: "double",
        value: |l| some(l.usd_per_tkm),
    },
    Key {
        name: "usd_per_tkm_low",
        ty: "double",
        value: |l| l.usd_per_tkm_range.map(|r| r.low.to_string()),
    },
    Key {
        name: "usd_per_tkm_high",
        ty: "double",
        value: |l| l.usd_per_tkm_range.map(|r| r.high.to_string()),
    },
    Key {
        name: "rate_basis",
        ty: "string",
        value: |l| some(l.rate_basis.as_str()),
    },
    Key {
        name: "rate_sources",
        ty: "string",
        value: |l| list(&l.rate_sources),
    },
    Key {
        name: "hours_override",
        ty: "double",
        value: |l| l.hours_override.map(|h| h.to_string()),
    },
    Key {
        name: "hours",
        ty: "double",
        value: |l| some(l.hours()),
    },
    Key {
        name: "usd_per_t",
        ty: "double",
        value: |l| some(l.usd_per_t()),
    },
    Key {
        name: "estimate",
        ty: "string",
        value: |l| l.estimate.clone(),
    },
    Key {
        name: "description",
        ty: "string",
        value: |l| l.description.clone(),
    },
    Key {
        name: "source",
        ty: "string",
        value: |l| some(&l.source),
    },
    Key {
        name: "sources",
        ty: "string",
        value: |l| list(&l.sources),
    },
];

/// Writes the `<data>` elements of a record.
fn data<T>(out: &mut String, prefix: &str, keys: &[Key<T>], record: &T, indent: &str) {
    for k in keys {
        if let Some(v) = (k.value)(record) {
            let _ = writeln!(
                out,
                "{indent}<data key=\"{prefix}_{}\">{}</data>",
                k.name,
                xml(&v)
            );
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
        (
            "n",
            "node",
            NODE_KEYS.iter().map(|k| (k.name, k.ty)).collect::<Vec<_>>(),
        ),
        (
            "e",
            "edge",
            LINK_KEYS.iter().map(|k| (k.name, k.ty)).collect(),
        ),
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
