//! The petgraph views: petgraph's Dijkstra on the state graph gives the crate's route costs
//! (transfers, crossings and handling priced) on seeded random networks, synthetic ones and
//! the bundled one; the link graph's distances are the crate's; the undirected view's bridges
//! and articulation points are what removing them does.

mod common;

use corridors::petgraph::algo::articulation_points::articulation_points;
use corridors::petgraph::algo::{bridges, connected_components, dijkstra};
use corridors::petgraph::graph::{NodeIndex, UnGraph};
use corridors::petgraph::visit::EdgeRef;
use corridors::{Filter, Metric, Network, RouteQuery, Status};

const METRICS: [Metric; 4] = [
    Metric::Distance,
    Metric::Time,
    Metric::Cost,
    Metric::Reliability,
];

/// The bundled file's ban on joining India and Pakistan, which the petgraph views leave out.
const BAN: &str = "india-pakistan-trade-ban-2025";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Every ordered pair of `origins` × all places: petgraph's Dijkstra from the start state,
/// least over the destination's states, against `Network::route`'s metric value.
fn state_graph_equals_route(
    net: &Network,
    filter: &Filter,
    origins: &[String],
    label: &str,
) -> usize {
    let mut compared = 0;
    let threatened = net.scenarios().iter().any(|s| s.probability.is_some());
    for metric in METRICS {
        let sg = net.state_graph(filter, metric).unwrap();
        assert_eq!(sg.metric, metric);
        for from in origins {
            let costs = dijkstra(&sg.graph, sg.start(from).unwrap(), None, |e| {
                e.weight().weight
            });
            for to in net.nodes().iter().map(|n| &n.id) {
                if to == from {
                    continue;
                }
                let petgraph = sg
                    .states(to)
                    .filter_map(|s| costs.get(&s).copied())
                    .reduce(f64::min);
                let q = RouteQuery::new(from.clone(), to.clone())
                    .metric(metric)
                    .filter(filter.clone());
                let ours = net.route(&q).unwrap().route.map(|r| r.metric_value);
                match (ours, petgraph) {
                    (Some(a), Some(b)) => {
                        // The state graph's reliability weights count a threat once per link
                        // it closes, the most reliable route once: never more, and the same
                        // where no threat closes two links of a route.
                        let fits = match metric {
                            Metric::Reliability if threatened => a <= b * (1.0 + 1e-9),
                            _ => close(a, b),
                        };
                        assert!(fits, "{label} {from}->{to} {metric}: {a} vs petgraph {b}");
                        compared += 1;
                    }
                    (None, None) => {}
                    (a, b) => panic!("{label} {from}->{to} {metric}: {a:?} vs petgraph {b:?}"),
                }
            }
        }
    }
    compared
}

#[test]
fn state_graph_dijkstra_equals_route_costs_on_random_networks() {
    let mut compared = 0;
    for seed in 0..80u64 {
        let n = 3 + (seed % 7) as usize;
        let m = n + (seed % 11) as usize;
        let text = common::random_network_toml(seed, n, m);
        let net = Network::from_toml_str(&text).unwrap();
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        for filter in [Filter::new(), Filter::new().include_all()] {
            compared += state_graph_equals_route(&net, &filter, &ids, &format!("seed {seed}"));
        }
    }
    assert!(compared > 2000, "only {compared} routes compared");
}

#[test]
fn state_graph_dijkstra_equals_route_costs_on_synthetic_networks() {
    for (size, seed) in [(120, 1), (400, 7)] {
        let net = corridors::synthetic::network(size, seed);
        let origins: Vec<String> = (0..4).map(|k| format!("n{}", k * size / 4)).collect();
        let label = format!("synthetic {size}/{seed}");
        let filter = Filter::new().include(Status::Planned);
        assert!(state_graph_equals_route(&net, &filter, &origins, &label) > 1000);
    }
}

#[test]
fn state_graph_dijkstra_equals_route_costs_on_the_bundled_network() {
    // Directional crossings, handling priced per place, events in force, a scenario's
    // surcharges, an avoided country: every weight the crate has.
    let net = Network::trans_afghan();
    let origins: Vec<String> = ["kabul", "termez", "chabahar", "herat", "tashkent"]
        .map(String::from)
        .to_vec();
    // The petgraph views know no bans on joining two countries: India's is left out.
    let filters = [
        Filter::new().except_event(BAN),
        Filter::new().no_events().include_all(),
        Filter::new().include_all().avoid("PK").except_event(BAN),
    ];
    for (i, f) in filters.iter().enumerate() {
        let n = state_graph_equals_route(&net, f, &origins, &format!("bundled filter {i}"));
        assert!(n > 200, "filter {i}: only {n} compared");
    }
    for s in net.scenarios().iter().filter(|s| s.ban_between.is_empty()) {
        let f = Filter::new().no_events().scenario(s.id.clone());
        state_graph_equals_route(&net, &f, &origins[..2], &s.id);
    }
}

#[test]
fn state_graph_cost_is_the_route_and_knows_no_route() {
    let net = Network::trans_afghan();
    let sg = net.state_graph(&Filter::new(), Metric::Cost).unwrap();
    let r = net
        .route(&RouteQuery::new("termez", "bandar-abbas"))
        .unwrap()
        .route
        .unwrap();
    assert!(close(
        sg.cost("termez", "bandar-abbas").unwrap(),
        r.usd_per_t
    ));
    assert_eq!(sg.cost("termez", "nowhere"), None);
    assert_eq!(sg.start("nowhere"), None);
    assert_eq!(sg.states("nowhere").count(), 0);
    // Every state names its place; the start comes first and arrived by nothing.
    for n in net.nodes() {
        let states: Vec<NodeIndex> = sg.states(&n.id).collect();
        assert_eq!(states[0], sg.start(&n.id).unwrap());
        assert_eq!(sg.graph[states[0]].mode, None);
        assert!(states.iter().all(|&s| sg.graph[s].node == n.id));
    }
    // A closed place: its links carry no edge.
    let avoided = net
        .state_graph(&Filter::new().avoid("herat"), Metric::Cost)
        .unwrap();
    assert!(avoided.graph.edge_weights().all(|e| {
        let l = net.link(&e.link).unwrap();
        l.from != "herat" && l.to != "herat"
    }));
}

#[test]
fn link_graph_distances_are_the_crates() {
    // Distance has no transfer or crossing weight, so the link graph alone gives routes.
    let net = Network::trans_afghan();
    // The petgraph views know no bans on joining two countries: India's is left out.
    let filters = [Filter::new(), Filter::new().include_all()].map(|f| f.except_event(BAN));
    for filter in filters {
        let g = net.petgraph(&filter, Metric::Distance).unwrap();
        assert_eq!(g.graph.node_count(), net.nodes().len());
        for (i, n) in net.nodes().iter().enumerate() {
            assert_eq!(g.graph[NodeIndex::new(i)].id, n.id);
            assert_eq!(g.node(&n.id), Some(NodeIndex::new(i)));
        }
        for from in ["termez", "kabul", "gwadar"] {
            let km = dijkstra(&g.graph, g.node(from).unwrap(), None, |e| e.weight().weight);
            for to in net.nodes() {
                if to.id == from {
                    continue;
                }
                let q = RouteQuery::new(from, to.id.clone())
                    .metric(Metric::Distance)
                    .filter(filter.clone());
                let ours = net.route(&q).unwrap().route.map(|r| r.distance_km);
                let theirs = g.node(&to.id).and_then(|i| km.get(&i).copied());
                match (ours, theirs) {
                    (Some(a), Some(b)) => assert!(close(a, b), "{from}->{}: {a} vs {b}", to.id),
                    (a, b) => assert_eq!(a.is_some(), b.is_some(), "{from}->{}", to.id),
                }
            }
        }
    }
}

#[test]
fn link_graph_edges_weigh_each_direction_with_its_crossing() {
    let net = Network::trans_afghan();
    let g = net
        .petgraph(&Filter::new().no_events().include_all(), Metric::Cost)
        .unwrap();
    let open = net.links().len();
    let two_way = net.links().iter().filter(|l| !l.oneway).count();
    assert_eq!(g.graph.edge_count(), open + two_way);
    for e in g.graph.edge_references() {
        let arc = e.weight();
        let l = net.link(&arc.link).unwrap();
        let (a, b) = (&g.graph[e.source()].id, &g.graph[e.target()].id);
        assert_eq!(arc.forward, (a, b) == (&l.from, &l.to), "{}", arc.link);
        if !net.is_cross_border(l) {
            assert!(
                close(arc.weight, l.usd_per_t()),
                "{}: {}",
                arc.link,
                arc.weight
            );
        } else {
            assert!(
                arc.weight > l.usd_per_t(),
                "{}: crossing not priced",
                arc.link
            );
        }
    }
}

/// Connected components of an undirected graph with some edges or a node left out.
fn components_without(
    g: &UnGraph<corridors::Place, corridors::Connection>,
    edge: Option<usize>,
    node: Option<NodeIndex>,
) -> usize {
    let mut h = g.clone();
    if let Some(e) = edge {
        h.remove_edge(corridors::petgraph::graph::EdgeIndex::new(e));
    }
    if let Some(v) = node {
        // Leaving the node in, isolated, would count it as a component of its own.
        // Highest index first: removal moves the last edge into the gap.
        let mut edges: Vec<_> = h.edges(v).map(|e| e.id()).collect();
        edges.sort();
        for e in edges.into_iter().rev() {
            h.remove_edge(e);
        }
        return connected_components(&h) - 1;
    }
    connected_components(&h)
}

#[test]
fn bridges_and_articulation_points_are_what_removal_splits() {
    for seed in 0..60u64 {
        let n = 4 + (seed % 9) as usize;
        let m = n + (seed % 7) as usize;
        let net = Network::from_toml_str(&common::random_network_toml(seed, n, m)).unwrap();
        let g = net
            .petgraph(&Filter::new().include_all(), Metric::Cost)
            .unwrap()
            .undirected();
        // One edge per pair of places, carrying every link between them.
        let links: usize = g.edge_weights().map(|c| c.links.len()).sum();
        assert_eq!(links, net.links().len(), "seed {seed}");
        let base = connected_components(&g);
        let mut want_bridges: Vec<usize> = (0..g.edge_count())
            .filter(|&e| components_without(&g, Some(e), None) > base)
            .collect();
        let mut got_bridges: Vec<usize> = bridges(&g).map(|e| e.id().index()).collect();
        want_bridges.sort();
        got_bridges.sort();
        assert_eq!(got_bridges, want_bridges, "seed {seed}: bridges");
        let mut want_points: Vec<usize> = g
            .node_indices()
            .filter(|&v| g.edges(v).next().is_some())
            .filter(|&v| components_without(&g, None, Some(v)) > base)
            .map(|v| v.index())
            .collect();
        let mut got_points: Vec<usize> = articulation_points(&g)
            .into_iter()
            .map(|v| v.index())
            .collect();
        want_points.sort();
        got_points.sort();
        assert_eq!(got_points, want_points, "seed {seed}: articulation points");
    }
}

#[test]
fn a_filter_naming_an_unknown_place_is_an_error() {
    let net = Network::trans_afghan();
    let f = Filter::new().avoid("heart");
    let e = net.petgraph(&f, Metric::Cost).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node, link, country or corridor \"heart\" (did you mean \"herat\"?)"
    );
    assert_eq!(net.state_graph(&f, Metric::Cost).unwrap_err(), e);
}
