//! Inputs shared by the benches: networks, fixed origin–destination pairs, and the same link
//! weights laid out for petgraph and pathfinding.
#![allow(dead_code)]

use corridors::{Metric, Network, Status};
use petgraph::graph::{DiGraph, NodeIndex};

/// The networks benched, by name. The bundled network is read without its `as_of`, so that
/// "today" is the network as built with no event: the graph the petgraph and pathfinding
/// references are given.
pub fn network(name: &str) -> Network {
    match name {
        "trans_afghan" => as_built(),
        "synthetic_1k" => corridors::synthetic::network(1_000, 1),
        "synthetic_100k" => corridors::synthetic::network(100_000, 1),
        "synthetic_1m" => corridors::synthetic::network(1_000_000, 1),
        _ => unreachable!("unknown network {name}"),
    }
}

/// The bundled network with no `as_of`: its default view is the network as built.
fn as_built() -> Network {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corridors.toml")).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("as_of = "))
        .map(|l| format!("{l}\n"))
        .collect();
    Network::from_toml_str(&text).unwrap()
}

/// A fixed list of origin–destination pairs: real corridors on the bundled network, seeded
/// random pairs on synthetic ones.
pub fn pairs(net: &Network) -> Vec<(String, String)> {
    if net.node("tashkent").is_some() {
        return [
            ("tashkent", "nhava-sheva"),
            ("termez", "karachi"),
            ("kabul", "karachi"),
            ("ashgabat", "chabahar"),
            ("kashgar", "gwadar"),
            ("moscow", "bandar-abbas"),
            ("dushanbe", "mundra"),
            ("herat", "peshawar"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    }
    // Eight seeded random pairs: queries an analyst might ask, near and far alike.
    let n = net.nodes().len() as u64;
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    (0..8)
        .map(|_| (format!("n{}", next()), format!("n{}", next())))
        .collect()
}

/// The cost weight of each link as the router sees it with no transfers: USD/t plus the border
/// fee on a cross-border link.
pub fn weights(net: &Network) -> Vec<f64> {
    let border = net.transfers().border.usd_per_t;
    net.links()
        .iter()
        .map(|l| l.usd_per_t() + if net.is_cross_border(l) { border } else { 0.0 })
        .collect()
}

/// The operational links as directed arcs (both directions unless one-way), with the same
/// weights as the router: `(from index, to index, weight)`.
fn operational_arcs(net: &Network) -> Vec<(usize, usize, f64)> {
    let pos: std::collections::HashMap<&str, usize> = net
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut arcs = Vec::with_capacity(2 * net.links().len());
    for (l, w) in net.links().iter().zip(weights(net)) {
        if l.status != Status::Operational {
            continue;
        }
        let (a, b) = (pos[l.from.as_str()], pos[l.to.as_str()]);
        arcs.push((a, b, w));
        if !l.oneway {
            arcs.push((b, a, w));
        }
    }
    arcs
}

/// The operational links as a petgraph graph with the same weights.
pub fn petgraph(net: &Network) -> (DiGraph<(), f64>, Vec<NodeIndex>) {
    let mut g = DiGraph::with_capacity(net.nodes().len(), 2 * net.links().len());
    let ix: Vec<NodeIndex> = net.nodes().iter().map(|_| g.add_node(())).collect();
    for (a, b, w) in operational_arcs(net) {
        g.add_edge(ix[a], ix[b], w);
    }
    (g, ix)
}

/// The same adjacency for pathfinding, weights in thousandths of a USD/t (it needs `Ord`).
pub fn adjacency(net: &Network) -> Vec<Vec<(usize, u64)>> {
    let mut adj = vec![Vec::new(); net.nodes().len()];
    for (a, b, w) in operational_arcs(net) {
        adj[a].push((b, (w * 1000.0).round() as u64));
    }
    adj
}

pub fn index_of(net: &Network, id: &str) -> usize {
    net.nodes().iter().position(|n| n.id == id).unwrap()
}

pub const METRIC: Metric = Metric::Cost;
