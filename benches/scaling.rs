//! How costs grow with the network (issue 16): loading a file and a corner-to-corner route at
//! 10,000 and 100,000 places, the criticality scan at 10,000 and 20,000, and the SVG map at
//! 10,000, 100,000 and 200,000, on seeded synthetic networks. One million places is measured
//! by single runs of `examples/scale.rs` (each step, with its peak memory).
//!
//! Run: `cargo bench --bench scaling` (`-- --test` runs each case once, about 30 s in all).

use corridors::{CriticalQuery, Map, Metric, Network, RouteQuery};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// Five flows from the network's first tenth of places (the south-west) to its last (the
/// north-east), so each route crosses the whole grid.
fn flows(net: &Network) -> CriticalQuery {
    let m = net.nodes().len();
    (0..5).fold(CriticalQuery::new(), |q, i| {
        let a = (i * 7919) % (m / 10);
        let b = m - 1 - (i * 104_729) % (m / 10);
        q.pair(format!("n{a}"), format!("n{b}"), 1.0 + i as f64)
    })
}

fn criticality(c: &mut Criterion) {
    let mut group = c.benchmark_group("criticality_scale");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for n in [10_000, 20_000] {
        let net = corridors::synthetic::network(n, 2);
        let q = flows(&net);
        net.critical(&q).unwrap();
        let id = BenchmarkId::new(format!("synthetic_{}k", n / 1000), "5_flows");
        group.bench_function(id, |b| b.iter(|| black_box(net.critical(&q).unwrap())));
    }
    group.finish();
}

fn svg_map(c: &mut Criterion) {
    let mut group = c.benchmark_group("svg_map_scale");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for n in [10_000, 100_000, 200_000] {
        let net = corridors::synthetic::network(n, 2);
        let id = BenchmarkId::new(format!("synthetic_{}k", n / 1000), "whole");
        group.bench_function(id, |b| b.iter(|| black_box(Map::new(&net).svg())));
    }
    group.finish();
}

/// The loader on the text of a synthetic network: parsing, checking every record and
/// indexing them (`Network::from_toml_str`).
fn loader(c: &mut Criterion) {
    let mut group = c.benchmark_group("loader_scale");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let text = corridors::synthetic::network(n, 2).to_toml();
        group.throughput(criterion::Throughput::Bytes(text.len() as u64));
        let id = BenchmarkId::new(format!("synthetic_{}k", n / 1000), "from_toml_str");
        group.bench_function(id, |b| {
            b.iter(|| black_box(Network::from_toml_str(&text).unwrap()))
        });
    }
    group.finish();
}

/// The cheapest route from the first place (south-west) to the last (north-east), the
/// engine built outside the timed loop.
fn route(c: &mut Criterion) {
    let mut group = c.benchmark_group("route_scale");
    for n in [10_000, 100_000] {
        let net = corridors::synthetic::network(n, 2);
        let last = format!("n{}", net.nodes().len() - 1);
        let q = RouteQuery::new("n0", last).metric(Metric::Cost);
        net.route(&q).unwrap();
        let id = BenchmarkId::new(format!("synthetic_{}k", n / 1000), "corner_to_corner");
        group.bench_function(id, |b| b.iter(|| black_box(net.route(&q).unwrap())));
    }
    group.finish();
}

criterion_group!(benches, loader, route, criticality, svg_map);
criterion_main!(benches);
