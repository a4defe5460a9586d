//! Route choice beside a reference: `Network::split`, eight flows each spread over its eight
//! cheapest loopless routes by a path-size logit at θ = 10, against pathfinding's Yen for the
//! same eight routes of each flow on the same operational links with the same weights, and the
//! same logit worked in the bench. The reference prices no transfers and sees parallel links
//! between two places as one; ours searches (place, mode, gauge) states and reports each
//! route's links, modes, shares and every link's load.
//!
//! Run: `cargo bench --bench split`

mod common;

use std::collections::HashMap;
use std::hint::black_box;

use corridors::{Network, ParameterKind, Sampling, Split, SplitQuery, Status};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use pathfinding::directed::yen::yen;

const ROUTES: usize = 8;
const THETA: f64 = 10.0;

/// The reference's inputs: the adjacency, each arc's length by its ends, the pairs' indices.
struct Reference {
    adj: Vec<Vec<(usize, u64)>>,
    km: HashMap<(usize, usize), f64>,
    pairs: Vec<(usize, usize)>,
}

impl Reference {
    fn new(net: &Network) -> Reference {
        let mut km = HashMap::new();
        for l in net
            .links()
            .iter()
            .filter(|l| l.status == Status::Operational)
        {
            let (a, b) = (common::index_of(net, &l.from), common::index_of(net, &l.to));
            km.insert((a.min(b), a.max(b)), l.length_km);
        }
        let pairs = common::pairs(net)
            .iter()
            .map(|(a, b)| (common::index_of(net, a), common::index_of(net, b)))
            .collect();
        Reference {
            adj: common::adjacency(net),
            km,
            pairs,
        }
    }

    /// Each flow's shares, route by route: Yen's eight best, then the path-size logit.
    fn split(&self) -> Vec<Vec<f64>> {
        self.pairs
            .iter()
            .map(|&(s, t)| {
                let paths = yen(&s, |&n| self.adj[n].iter().copied(), |&n| n == t, ROUTES);
                let arcs: Vec<Vec<(usize, usize)>> = paths
                    .iter()
                    .map(|(p, _)| {
                        p.windows(2)
                            .map(|w| (w[0].min(w[1]), w[0].max(w[1])))
                            .collect()
                    })
                    .collect();
                let best = paths.first().map_or(1, |p| p.1.max(1)) as f64;
                let weights: Vec<f64> = arcs
                    .iter()
                    .zip(&paths)
                    .map(|(route, (_, cost))| {
                        let length: f64 = route.iter().map(|a| self.km[a]).sum();
                        let size: f64 = route
                            .iter()
                            .map(|a| {
                                let using = arcs.iter().filter(|r| r.contains(a)).count() as f64;
                                self.km[a] / length / using
                            })
                            .sum();
                        size * (-THETA * (*cost as f64 / best - 1.0)).exp()
                    })
                    .collect();
                let total: f64 = weights.iter().sum();
                weights.iter().map(|w| w / total).collect()
            })
            .collect()
    }
}

fn split(c: &mut Criterion) {
    let mut group = c.benchmark_group("split");
    for name in ["trans_afghan", "synthetic_1k"] {
        let net = common::network(name);
        let q = common::pairs(&net)
            .iter()
            .fold(SplitQuery::new(), |q, (a, b)| q.pair(a, b, 1.0))
            .theta(THETA)
            .routes(ROUTES);
        let ours = net.split(&q).unwrap();
        let reference = Reference::new(&net);
        let theirs = reference.split();
        // The same flows, each with as many routes where the graph has them.
        assert_eq!(ours.demands.len(), theirs.len());
        if name == "synthetic_1k" {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new(name, "corridors"), |b| {
            b.iter(|| black_box(net.split(&q).unwrap()))
        });
        group.bench_function(BenchmarkId::new(name, "pathfinding_yen"), |b| {
            b.iter(|| black_box(reference.split()))
        });
    }
    group.finish();
}

/// The split in 100 draws of every uncertain figure (the file's demands, lengths held):
/// `corridors` is `SplitQuery::draws`, the draws split in parallel and each reduced at once
/// to what the answer keeps; `by_hand` is what a caller would write without it, each drawn
/// network rebuilt and split in turn, every answer kept (no percentiles taken).
fn split_draws(c: &mut Criterion) {
    const DRAWS: usize = 100;
    let mut group = c.benchmark_group("split_draws");
    group.sample_size(10);
    let net = common::network("trans_afghan");
    let by_hand = |q: &SplitQuery| -> Vec<Split> {
        (0..DRAWS)
            .map(|i| {
                let mut v = net.draw_in(0, i, DRAWS, Sampling::Independent);
                for (x, p) in v.iter_mut().zip(net.parameters()) {
                    if p.kind == ParameterKind::LengthShift {
                        *x = p.base;
                    }
                }
                net.with_parameters(&v).unwrap().split(q).unwrap()
            })
            .collect()
    };
    for (name, q) in [
        ("split", SplitQuery::new()),
        ("within_capacity", SplitQuery::new().within_capacity(true)),
    ] {
        let drawn = net.split(&q.clone().draws(DRAWS)).unwrap();
        let each = by_hand(&q);
        // The same draws: the first flow's cheapest route's median share from both.
        let mut shares: Vec<f64> = each
            .iter()
            .map(|s| {
                let r = &drawn.demands[0].routes[0];
                s.demands[0]
                    .routes
                    .iter()
                    .find(|x| x.links == r.links)
                    .map_or(0.0, |x| x.share)
            })
            .collect();
        shares.sort_by(f64::total_cmp);
        let median = drawn.demands[0].routes[0].draws.as_ref().unwrap().share[1];
        assert_eq!(median, shares[DRAWS / 2 - 1]);
        group.bench_function(BenchmarkId::new(name, "corridors"), |b| {
            b.iter(|| black_box(net.split(&q.clone().draws(DRAWS)).unwrap()))
        });
        group.bench_function(BenchmarkId::new(name, "by_hand"), |b| {
            b.iter(|| black_box(by_hand(&q)))
        });
    }
    group.finish();
}

criterion_group!(benches, split, split_draws);
criterion_main!(benches);
