//! How costs grow with the network (issue 16): the criticality scan at 10,000 and 20,000
//! places, and the SVG map at 10,000, 100,000 and 200,000, on seeded synthetic networks.
//!
//! Run: `cargo bench --bench scaling` (`-- --test` runs each case once, about 10 s in all).

use corridors::{CriticalQuery, Map, Network};
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

criterion_group!(benches, criticality, svg_map);
criterion_main!(benches);
