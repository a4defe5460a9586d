//! The optimal assignment beside the greedy one, in the same group: the bundled network's
//! eight cargo flows today, and 50 flows of 2 to 10 Mt/yr between seeded random places of a
//! synthetic network of 10,000 places (a congested case: a few hundred capacities bind).
//!
//! Then the project ranking: the bundled file's ten projects (beside the way a user would
//! value them without it: each project's links made operational in the file's text, the file
//! loaded again and the optimum solved, alone values only; and with each project valued under
//! route choice too), and two projects of the synthetic network's planned links at its 50
//! flows.
//!
//! Then the split within capacity (route choice with every capacity binding, the same solver
//! with an entropy term per route) beside the split without capacity and the optimal
//! assignment, on the same two cases.
//!
//! Last, the bundled assignment in 100 draws of every uncertain figure (`OptimalQuery::draws`)
//! beside the loop a caller would write: each drawn network rebuilt and solved in turn.
//!
//! Run: `cargo bench --bench optimal`

#[path = "../tests/common/mod.rs"]
mod common;

use common::{built_in_file, drawn_network, synthetic_with_projects};
use corridors::{
    AssignQuery, Network, OptimalAssignment, OptimalQuery, ProjectsQuery, Sampling, SplitQuery,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// `count` flows between seeded random places of `net`, 2 to 10 Mt/yr each.
fn flows(net: &Network, count: usize, seed: u64) -> Vec<(String, String, f64)> {
    let n = net.nodes().len() as u64;
    let mut s = seed;
    let mut next = move || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        s >> 33
    };
    (0..count)
        .map(|_| {
            let (a, b) = (next() % n, next() % n);
            let mtpa = 2.0 + (next() % 9) as f64;
            (
                net.nodes()[a as usize].id.clone(),
                net.nodes()[b as usize].id.clone(),
                mtpa,
            )
        })
        .collect()
}

fn optimal(c: &mut Criterion) {
    let mut group = c.benchmark_group("optimal");
    let net = Network::trans_afghan();
    let q = OptimalQuery::new().versus_greedy(false);
    let greedy = AssignQuery::new();
    net.optimal(&q).unwrap();
    group.bench_function(BenchmarkId::new("trans_afghan", "optimal"), |b| {
        b.iter(|| black_box(net.optimal(&q).unwrap()))
    });
    group.bench_function(BenchmarkId::new("trans_afghan", "greedy"), |b| {
        b.iter(|| black_box(net.assign(&greedy).unwrap()))
    });

    let big = corridors::synthetic::network(10_000, 2);
    let pairs = flows(&big, 50, 7);
    let q = pairs.iter().fold(OptimalQuery::new(), |q, (a, b, x)| {
        q.pair(a.clone(), b.clone(), *x)
    });
    let greedy = pairs.iter().fold(AssignQuery::new(), |q, (a, b, x)| {
        q.pair(a.clone(), b.clone(), *x)
    });
    // Outside the timed loop: the optimum is never dearer than the greedy.
    let a = big.optimal(&q).unwrap();
    let g = a.greedy.as_ref().unwrap();
    assert!(a.objective_usd_per_year <= g.objective_usd_per_year * (1.0 + 1e-9));
    eprintln!(
        "synthetic_10k, 50 flows: {:?}; {} binding capacities; the optimum saves {:.0} million USD/yr over greedy",
        a.lp,
        a.shadow_prices.len(),
        g.saves_usd_per_year / 1e6
    );
    let q = q.versus_greedy(false);
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("synthetic_10k_50_flows", "optimal"), |b| {
        b.iter(|| black_box(big.optimal(&q).unwrap()))
    });
    group.bench_function(BenchmarkId::new("synthetic_10k_50_flows", "greedy"), |b| {
        b.iter(|| black_box(big.assign(&greedy).unwrap()))
    });
    group.finish();
}

fn projects(c: &mut Criterion) {
    let mut group = c.benchmark_group("projects");
    let net = Network::trans_afghan();
    let q = ProjectsQuery::new();
    group.bench_function(BenchmarkId::new("trans_afghan", "ranking"), |b| {
        b.iter(|| black_box(net.rank_projects(&q).unwrap()))
    });
    // The same ranking with each project also valued under route choice (two splits' routes
    // per project): what `--spread` adds.
    let spread = ProjectsQuery::new().spread(10.0);
    group.bench_function(BenchmarkId::new("trans_afghan", "ranking_spread"), |b| {
        b.iter(|| black_box(net.rank_projects(&spread).unwrap()))
    });
    // And within capacity: three splits within capacity per project (the network before, the
    // one after, the one before again on the routes after).
    let within = ProjectsQuery::new().spread_within_capacity(10.0);
    group.bench_function(
        BenchmarkId::new("trans_afghan", "ranking_spread_within_capacity"),
        |b| b.iter(|| black_box(net.rank_projects(&within).unwrap())),
    );
    let text = include_str!("../corridors.toml");
    group.bench_function(
        BenchmarkId::new("trans_afghan", "reload_per_project_alone"),
        |b| {
            b.iter(|| {
                let q = OptimalQuery::new().versus_greedy(false);
                let base = net.optimal(&q).unwrap().total_usd_per_year;
                let savings: Vec<f64> = net
                    .projects()
                    .iter()
                    .filter(|p| !p.links.is_empty())
                    .map(|p| {
                        let built = Network::from_toml_str(&built_in_file(text, &p.links));
                        base - built.unwrap().optimal(&q).unwrap().total_usd_per_year
                    })
                    .collect();
                black_box(savings)
            })
        },
    );

    // Two projects of the synthetic network's planned links, at its 50 flows.
    let big = Network::from_toml_str(&synthetic_with_projects(10_000, 2, 2)).unwrap();
    let q = flows(&big, 50, 7)
        .into_iter()
        .fold(ProjectsQuery::new(), |q, (a, b, x)| q.pair(a, b, x));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("synthetic_10k_50_flows", "ranking"), |b| {
        b.iter(|| black_box(big.rank_projects(&q).unwrap()))
    });
    group.finish();
}

fn within_capacity(c: &mut Criterion) {
    let mut group = c.benchmark_group("split_within");
    let net = Network::trans_afghan();
    let free = SplitQuery::new();
    let within = SplitQuery::new().within_capacity(true);
    let optimal = OptimalQuery::new().versus_greedy(false);
    group.bench_function(BenchmarkId::new("trans_afghan", "split"), |b| {
        b.iter(|| black_box(net.split(&free).unwrap()))
    });
    group.bench_function(BenchmarkId::new("trans_afghan", "within_capacity"), |b| {
        b.iter(|| black_box(net.split(&within).unwrap()))
    });
    group.bench_function(BenchmarkId::new("trans_afghan", "optimal"), |b| {
        b.iter(|| black_box(net.optimal(&optimal).unwrap()))
    });

    let big = corridors::synthetic::network(10_000, 2);
    let pairs = flows(&big, 50, 7);
    let within = pairs
        .iter()
        .fold(SplitQuery::new(), |q, (a, b, x)| q.pair(a, b, *x))
        .within_capacity(true);
    let optimal = pairs
        .iter()
        .fold(OptimalQuery::new().versus_greedy(false), |q, (a, b, x)| {
            q.pair(a.clone(), b.clone(), *x)
        });
    let s = big.split(&within).unwrap();
    let k = s.capacity.as_ref().unwrap();
    eprintln!(
        "synthetic_10k, 50 flows within capacity: {} routes added in {} rounds, {} capacities priced, {:.0} million USD/yr",
        k.routes_added,
        k.rounds,
        k.shadow_prices.len(),
        s.total_per_year / 1e6
    );
    group.sample_size(10);
    group.bench_function(
        BenchmarkId::new("synthetic_10k_50_flows", "within_capacity"),
        |b| b.iter(|| black_box(big.split(&within).unwrap())),
    );
    group.bench_function(BenchmarkId::new("synthetic_10k_50_flows", "optimal"), |b| {
        b.iter(|| black_box(big.optimal(&optimal).unwrap()))
    });
    group.finish();
}

fn optimal_draws(c: &mut Criterion) {
    const DRAWS: usize = 100;
    let mut group = c.benchmark_group("optimal_draws");
    group.sample_size(10);
    let net = Network::trans_afghan();
    let q = OptimalQuery::new().versus_greedy(false);
    let by_hand = || -> Vec<OptimalAssignment> {
        (0..DRAWS)
            .map(|i| {
                drawn_network(&net, 0, i, DRAWS, Sampling::Independent)
                    .optimal(&q)
                    .unwrap()
            })
            .collect()
    };
    // The same draws: the railway to Qazvin's median price from both.
    let drawn = net.optimal(&q.clone().draws(DRAWS)).unwrap();
    let mut prices: Vec<f64> = by_hand()
        .iter()
        .map(|a| {
            a.shadow_prices
                .iter()
                .find(|p| p.id == "qazvin-rasht-rail")
                .map_or(0.0, |p| p.usd_per_t)
        })
        .collect();
    prices.sort_by(f64::total_cmp);
    let rasht = drawn
        .draws
        .as_ref()
        .unwrap()
        .prices
        .iter()
        .find(|p| p.id == "qazvin-rasht-rail");
    assert_eq!(rasht.unwrap().usd_per_t[1], prices[DRAWS / 2 - 1]);
    group.bench_function(BenchmarkId::new("trans_afghan", "corridors"), |b| {
        b.iter(|| black_box(net.optimal(&q.clone().draws(DRAWS)).unwrap()))
    });
    group.bench_function(BenchmarkId::new("trans_afghan", "by_hand"), |b| {
        b.iter(|| black_box(by_hand()))
    });
    group.finish();
}

criterion_group!(benches, optimal, projects, within_capacity, optimal_draws);
criterion_main!(benches);
