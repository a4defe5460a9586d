//! Analysis beyond one route: k alternatives, max-flow beside petgraph's Dinic, a scenario
//! report, the full criticality scan, 100,000 Monte Carlo years (also watched by a `Progress`,
//! to show its ticks cost nothing measurable), cost matrices beside petgraph's
//! Dijkstra on the state graph, and the loader on a large file.
//!
//! Run: `cargo bench --bench analysis`

mod common;

use corridors::{
    CapacityQuery, CriticalQuery, DisruptionQuery, Filter, MatrixQuery, Metric, Network, Progress,
    ReliabilityQuery, RouteQuery,
};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use petgraph::graph::{DiGraph, NodeIndex};
use std::hint::black_box;

const ORIGINS: [&str; 5] = ["tashkent", "termez", "dushanbe", "ashgabat", "turkmenabat"];
const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];

fn alternatives(c: &mut Criterion) {
    let mut group = c.benchmark_group("alternatives");
    let net = Network::trans_afghan();
    for k in [3, 10] {
        let q = RouteQuery::new("tashkent", "nhava-sheva")
            .include_all()
            .alternatives(k);
        net.route(&q).unwrap();
        group.bench_function(BenchmarkId::new("trans_afghan", format!("k{k}")), |b| {
            b.iter(|| black_box(net.route(&q).unwrap()))
        });
    }
    let big = corridors::synthetic::network(10_000, 2);
    let q = RouteQuery::new("n17", "n9876").alternatives(5);
    big.route(&q).unwrap();
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("synthetic_10k", "k5"), |b| {
        b.iter(|| black_box(big.route(&q).unwrap()))
    });
    group.finish();
}

/// The rail capacity question of the capacity example, for petgraph: nodes split in two,
/// unknown capacities as a large finite number, a super source and sink.
fn petgraph_flow(net: &Network) -> (DiGraph<(), f64>, NodeIndex, NodeIndex) {
    let mut g = DiGraph::new();
    let n = net.nodes().len();
    let ins: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
    let outs: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
    let (s, t) = (g.add_node(()), g.add_node(()));
    for (v, node) in net.nodes().iter().enumerate() {
        g.add_edge(ins[v], outs[v], node.capacity_mtpa.unwrap_or(1e9));
    }
    for l in net.links() {
        if l.status != corridors::Status::Operational || l.mode != corridors::Mode::Rail {
            continue;
        }
        let (a, b) = (common::index_of(net, &l.from), common::index_of(net, &l.to));
        let c = l.capacity_mtpa.unwrap_or(1e9);
        g.add_edge(outs[a], ins[b], c);
        g.add_edge(outs[b], ins[a], c);
    }
    for o in ORIGINS {
        g.add_edge(s, ins[common::index_of(net, o)], 1e12);
    }
    for p in PORTS {
        g.add_edge(outs[common::index_of(net, p)], t, 1e12);
    }
    (g, s, t)
}

fn max_flow(c: &mut Criterion) {
    let mut group = c.benchmark_group("max_flow");
    let net = Network::trans_afghan();
    // The network as built, as the petgraph graph below has it (no event applied).
    let q = CapacityQuery::new(ORIGINS, PORTS)
        .filter(Filter::new().mode(corridors::Mode::Rail).no_events());
    let ours = net.capacity(&q).unwrap().max_flow_mtpa.unwrap();
    assert_eq!(ours, 10.5);
    group.bench_function(BenchmarkId::new("trans_afghan", "corridors"), |b| {
        b.iter(|| black_box(net.capacity(&q).unwrap()))
    });
    let (g, s, t) = petgraph_flow(&net);
    assert!((petgraph::algo::dinics(&g, s, t).0 - ours).abs() < 1e-9);
    group.bench_function(BenchmarkId::new("trans_afghan", "petgraph_dinics"), |b| {
        b.iter(|| black_box(petgraph::algo::dinics(&g, s, t)))
    });
    group.finish();
}

fn scenarios(c: &mut Criterion) {
    let net = Network::trans_afghan();
    let q = DisruptionQuery::new().scenario("pak-afghan-closure-2025");
    net.disruption(&q).unwrap();
    c.bench_function(
        "scenario_report/trans_afghan/pak-afghan-closure-2025",
        |b| b.iter(|| black_box(net.disruption(&q).unwrap())),
    );
    let q = CriticalQuery::new();
    net.critical(&q).unwrap();
    c.bench_function("criticality_scan/trans_afghan/links_and_pairs", |b| {
        b.iter(|| black_box(net.critical(&q).unwrap()))
    });
    let full = CriticalQuery::new().nodes(true).capacity(true);
    c.bench_function(
        "criticality_scan/trans_afghan/with_nodes_and_capacity",
        |b| b.iter(|| black_box(net.critical(&full).unwrap())),
    );
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    let mc = ReliabilityQuery::new().samples(100_000).seed(1);
    group.bench_function("trans_afghan/100k_samples", |b| {
        b.iter(|| black_box(net.reliability(&mc).unwrap()))
    });
    // The same with a watcher whose callback reads every tick, as the CLI's bar does.
    let watch = Progress::new().on_tick(|t| {
        black_box(t);
    });
    let watched = mc.clone().progress(watch);
    group.bench_function("trans_afghan/100k_samples_watched", |b| {
        b.iter(|| black_box(net.reliability(&watched).unwrap()))
    });
    let exact = ReliabilityQuery::new();
    group.bench_function("trans_afghan/exact_every_combination", |b| {
        b.iter(|| black_box(net.reliability(&exact).unwrap()))
    });
    group.finish();
}

fn loader(c: &mut Criterion) {
    let mut group = c.benchmark_group("loader");
    group.sample_size(10);
    let bundled =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corridors.toml")).unwrap();
    group.bench_function("trans_afghan", |b| {
        b.iter(|| black_box(Network::from_toml_str(&bundled).unwrap()))
    });
    let text = corridors::synthetic::network(100_000, 3).to_toml();
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.bench_function("synthetic_100k", |b| {
        b.iter(|| black_box(Network::from_toml_str(&text).unwrap()))
    });
    group.finish();
}

/// Cost matrices: every place to every place on the bundled network, and 16 × 16 places on a
/// synthetic one of 10,000; beside them, the same origins by petgraph's Dijkstra on the state
/// graph (`Network::state_graph`, built outside the timed loop).
fn matrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("matrix");
    let net = Network::trans_afghan();
    let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
    matrix_beside_petgraph(&mut group, "trans_afghan_all", &net, &ids);
    let big = corridors::synthetic::network(10_000, 2);
    let some: Vec<String> = (0..16).map(|k| format!("n{}", k * 617)).collect();
    group.sample_size(10);
    matrix_beside_petgraph(&mut group, "synthetic_10k_16x16", &big, &some);
    group.finish();
}

/// The cost matrix of `net` between every pair of `ids` ("ours"), beside petgraph's Dijkstra
/// from each of them on the state graph ("petgraph").
fn matrix_beside_petgraph(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    net: &Network,
    ids: &[String],
) {
    let q = MatrixQuery::new(ids.to_vec(), ids.to_vec());
    net.matrix(&q).unwrap();
    group.bench_function(BenchmarkId::new(name, "ours"), |b| {
        b.iter(|| black_box(net.matrix(&q).unwrap()))
    });
    let sg = net.state_graph(&Filter::new(), Metric::Cost).unwrap();
    group.bench_function(BenchmarkId::new(name, "petgraph"), |b| {
        b.iter(|| {
            for id in ids {
                let s = sg.start(id).unwrap();
                black_box(petgraph::algo::dijkstra(&sg.graph, s, None, |e| {
                    e.weight().weight
                }));
            }
        })
    });
}

criterion_group!(benches, alternatives, max_flow, scenarios, matrix, loader);
criterion_main!(benches);
