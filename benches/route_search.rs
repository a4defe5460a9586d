//! Route search: our full route query (search and report) beside petgraph's and pathfinding's
//! Dijkstra on the same nodes and link weights, on the bundled network and synthetic ones.
//!
//! Run: `cargo bench --bench route_search`

mod common;

use corridors::RouteQuery;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn route_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("route_search");
    for name in [
        "trans_afghan",
        "synthetic_1k",
        "synthetic_100k",
        "synthetic_1m",
    ] {
        let net = common::network(name);
        let pairs = common::pairs(&net);
        if name.ends_with("100k") || name.ends_with("1m") {
            group.sample_size(10);
        } else {
            group.sample_size(50);
        }
        let queries: Vec<RouteQuery> = pairs
            .iter()
            .map(|(a, b)| RouteQuery::new(a.clone(), b.clone()).metric(common::METRIC))
            .collect();
        // Build the search graph outside the timed loop, as a long-lived program would.
        net.route(&queries[0]).unwrap();
        group.bench_function(BenchmarkId::new(name, "corridors"), |b| {
            b.iter(|| {
                for q in &queries {
                    black_box(net.route(q).unwrap());
                }
            })
        });
        let (g, ix) = common::petgraph(&net);
        let ends: Vec<(usize, usize)> = pairs
            .iter()
            .map(|(a, b)| (common::index_of(&net, a), common::index_of(&net, b)))
            .collect();
        group.bench_function(BenchmarkId::new(name, "petgraph_dijkstra"), |b| {
            b.iter(|| {
                for &(s, t) in &ends {
                    black_box(petgraph::algo::dijkstra(&g, ix[s], Some(ix[t]), |e| {
                        *e.weight()
                    }));
                }
            })
        });
        let adj = common::adjacency(&net);
        group.bench_function(BenchmarkId::new(name, "pathfinding_dijkstra"), |b| {
            b.iter(|| {
                for &(s, t) in &ends {
                    black_box(pathfinding::directed::dijkstra::dijkstra(
                        &s,
                        |&v| adj[v].iter().copied(),
                        |&v| v == t,
                    ));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, route_search);
criterion_main!(benches);
