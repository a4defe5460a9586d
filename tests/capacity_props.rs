//! Maximum flow, minimum cut, widest path and assignment on seeded random networks, checked
//! against petgraph's Dinic and against their own definitions.

mod common;

use common::random_network_toml;
use corridors::{AssignQuery, CapacityQuery, Filter, Network};
use petgraph::graph::{DiGraph, NodeIndex};

const BIG: f64 = 1e9;

fn networks() -> impl Iterator<Item = (u64, Network)> {
    (0..150u64).map(|seed| {
        let n = 3 + (seed % 8) as usize;
        let m = n + (seed % 13) as usize;
        let text = random_network_toml(seed.wrapping_mul(7919), n, m);
        (seed, Network::from_toml_str(&text).unwrap())
    })
}

/// The same flow problem built independently for petgraph: nodes split in two, unknown
/// capacities as a large finite number.
fn petgraph_max_flow(net: &Network, origins: &[&str], destinations: &[&str], wide: bool) -> f64 {
    let mut g = DiGraph::<(), f64>::new();
    let n = net.nodes().len();
    let ins: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
    let outs: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
    let (s, t) = (g.add_node(()), g.add_node(()));
    let ix = |id: &str| net.nodes().iter().position(|x| x.id == id).unwrap();
    for (v, node) in net.nodes().iter().enumerate() {
        g.add_edge(ins[v], outs[v], node.capacity_mtpa.unwrap_or(BIG));
    }
    for l in net.links() {
        if !wide && l.status != corridors::Status::Operational {
            continue;
        }
        let c = l.capacity_mtpa.unwrap_or(BIG);
        let (a, b) = (ix(&l.from), ix(&l.to));
        g.add_edge(outs[a], ins[b], c);
        if !l.oneway {
            g.add_edge(outs[b], ins[a], c);
        }
    }
    for o in origins {
        g.add_edge(s, ins[ix(o)], BIG * 10.0);
    }
    for d in destinations {
        g.add_edge(outs[ix(d)], t, BIG * 10.0);
    }
    petgraph::algo::dinics(&g, s, t).0
}

#[test]
fn max_flow_agrees_with_petgraph_and_equals_the_min_cut() {
    let mut finite = 0;
    for (seed, net) in networks() {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let (o, d) = (&ids[..1], &ids[ids.len() - 2..]);
        for wide in [false, true] {
            let f = if wide {
                Filter::new().include_all()
            } else {
                Filter::new()
            };
            let c = net
                .capacity(&CapacityQuery::new(o.to_vec(), d.to_vec()).filter(f))
                .unwrap();
            let theirs = petgraph_max_flow(&net, o, d, wide);
            match c.max_flow_mtpa {
                Some(ours) => {
                    finite += 1;
                    assert!(
                        (ours - theirs).abs() < 1e-6,
                        "seed {seed}: ours {ours}, petgraph {theirs}"
                    );
                    let cut: f64 = c.min_cut.iter().map(|x| x.capacity_mtpa).sum();
                    assert!(
                        (cut - ours).abs() < 1e-6,
                        "seed {seed}: cut {cut} vs flow {ours}"
                    );
                }
                None => {
                    assert!(
                        theirs >= BIG,
                        "seed {seed}: we say unbounded, petgraph {theirs}"
                    );
                    assert!(!c.unbounded_path.is_empty());
                }
            }
        }
    }
    assert!(finite > 100, "only {finite} finite cases");
}

#[test]
fn closing_a_link_never_raises_capacity() {
    for (seed, net) in networks().take(80) {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let q =
            |f: Filter| CapacityQuery::new([ids[0]], [ids[ids.len() - 1]]).filter(f.include_all());
        let base = net
            .capacity(&q(Filter::new()))
            .unwrap()
            .max_flow_mtpa
            .unwrap_or(f64::INFINITY);
        for l in net.links() {
            let closed = net
                .capacity(&q(Filter::new().avoid(l.id.clone())))
                .unwrap()
                .max_flow_mtpa
                .unwrap_or(f64::INFINITY);
            assert!(
                closed <= base + 1e-9,
                "seed {seed}: closing {} raised {base} to {closed}",
                l.id
            );
        }
    }
}

#[test]
fn node_throughput_limits_hold() {
    for (seed, net) in networks() {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let c = net
            .capacity(
                &CapacityQuery::new([ids[0]], [ids[ids.len() - 1]])
                    .filter(Filter::new().include_all()),
            )
            .unwrap();
        for node in net.nodes() {
            let Some(cap) = node.capacity_mtpa else {
                continue;
            };
            let inflow: f64 = c
                .flows
                .iter()
                .filter(|f| f.to == node.id)
                .map(|f| f.flow_mtpa)
                .sum();
            let outflow: f64 = c
                .flows
                .iter()
                .filter(|f| f.from == node.id)
                .map(|f| f.flow_mtpa)
                .sum();
            assert!(
                inflow.max(outflow) <= cap + 1e-9,
                "seed {seed}: {} carries {inflow}/{outflow} > {cap}",
                node.id
            );
        }
        for f in &c.flows {
            if let Some(cap) = f.capacity_mtpa {
                assert!(
                    f.flow_mtpa <= cap + 1e-9,
                    "seed {seed}: {} over capacity",
                    f.link
                );
            }
        }
    }
}

#[test]
fn widest_path_bottleneck_is_the_best_single_path() {
    for (seed, net) in networks().take(80) {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let (from, to) = (ids[0], ids[ids.len() - 1]);
        let c = net
            .capacity(&CapacityQuery::new([from], [to]).filter(Filter::new().include_all()))
            .unwrap();
        let brute = common::all_simple_paths(&net, from, to, &|_| true)
            .iter()
            .map(|p| {
                let mut b = f64::INFINITY;
                let mut here = from.to_string();
                b = b.min(
                    net.node(&here)
                        .unwrap()
                        .capacity_mtpa
                        .unwrap_or(f64::INFINITY),
                );
                for id in p {
                    let l = net.link(id).unwrap();
                    b = b.min(l.capacity_mtpa.unwrap_or(f64::INFINITY));
                    here = if l.from == here {
                        l.to.clone()
                    } else {
                        l.from.clone()
                    };
                    b = b.min(
                        net.node(&here)
                            .unwrap()
                            .capacity_mtpa
                            .unwrap_or(f64::INFINITY),
                    );
                }
                b
            })
            .fold(f64::NEG_INFINITY, f64::max);
        match &c.widest_path {
            None => assert_eq!(brute, f64::NEG_INFINITY, "seed {seed}"),
            Some(w) => {
                assert_eq!(
                    w.bottleneck_mtpa.unwrap_or(f64::INFINITY),
                    brute,
                    "seed {seed}"
                );
                // A single path never carries more than the maximum flow.
                if let Some(flow) = c.max_flow_mtpa {
                    assert!(
                        brute <= flow + 1e-9,
                        "seed {seed}: path {brute} > flow {flow}"
                    );
                }
            }
        }
    }
}

#[test]
fn assignment_respects_capacity_and_serves_what_capacity_allows() {
    for (seed, net) in networks() {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let (from, to) = (ids[0], ids[ids.len() - 1]);
        let flow = net
            .capacity(&CapacityQuery::new([from], [to]))
            .unwrap()
            .max_flow_mtpa
            .unwrap_or(f64::INFINITY);
        for want in [1.0, 5.0, 30.0] {
            let a = net
                .assign(&AssignQuery::new().demand(from, to, want))
                .unwrap();
            let served = a.demands[0].served_mtpa;
            assert!(
                (served - want.min(flow)).abs() < 1e-6,
                "seed {seed}: served {served} of {want}, max flow {flow}"
            );
            let placed: f64 = a.demands[0].paths.iter().map(|p| p.mtpa).sum();
            assert!((placed - served).abs() < 1e-6);
            for l in &a.loads {
                if let Some(c) = l.capacity_mtpa {
                    assert!(
                        l.load_mtpa <= c + 1e-6,
                        "seed {seed}: {} loaded {} > {c}",
                        l.link,
                        l.load_mtpa
                    );
                }
            }
        }
        // Several demands at once never overload anything either.
        let a = net
            .assign(
                &AssignQuery::new()
                    .demand(ids[0], ids[1], 4.0)
                    .demand(ids[1], ids[ids.len() - 1], 6.0)
                    .demand(ids[ids.len() - 1], ids[0], 3.0),
            )
            .unwrap();
        for l in &a.loads {
            if let Some(c) = l.capacity_mtpa {
                assert!(
                    l.forward_mtpa <= c + 1e-6 && l.backward_mtpa <= c + 1e-6,
                    "seed {seed}: {}",
                    l.link
                );
            }
        }
        for node in net.nodes() {
            let Some(cap) = node.capacity_mtpa else {
                continue;
            };
            let through: f64 = a
                .demands
                .iter()
                .flat_map(|d| d.paths.iter().map(move |p| (d, p)))
                .filter(|(d, p)| {
                    d.from == node.id
                        || p.links.iter().any(|id| {
                            let l = net.link(id).unwrap();
                            l.from == node.id || l.to == node.id
                        })
                })
                .map(|(_, p)| p.mtpa)
                .sum();
            assert!(
                through <= cap + 1e-6,
                "seed {seed}: node {} carries {through} > {cap}",
                node.id
            );
        }
    }
}

#[test]
fn assignment_of_ample_capacity_serves_everything_by_the_cheapest_route() {
    let net = Network::trans_afghan();
    let a = net
        .assign(&AssignQuery::new().demand("tashkent", "nhava-sheva", 0.5))
        .unwrap();
    let cheapest = net
        .route(&corridors::RouteQuery::new("tashkent", "nhava-sheva"))
        .unwrap()
        .route
        .unwrap();
    assert_eq!(a.demands[0].served_mtpa, 0.5);
    assert_eq!(a.demands[0].paths.len(), 1);
    let links: Vec<String> = cheapest.legs.iter().map(|l| l.link.to_string()).collect();
    assert_eq!(a.demands[0].paths[0].links, links);
}
