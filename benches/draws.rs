//! Robust comparisons: the 40-option table (5 origins × 2 destinations × 4 ports) on today's
//! bundled network with 1,000 and 100,000 draws, beside one draw answered the plain way
//! (the draw's network built and all 40 options searched again), and 100,000 stratified
//! draws (Latin hypercube) for what the stratification adds. Then a disruption, the
//! criticality ranking, a maximum flow and a 5 × 4 matrix answered again in 200 draws, each
//! beside the loop a caller would write (the matrix also beside a route query with draws per
//! cell).
//!
//! Run: `cargo bench --bench draws`

#[path = "../tests/common/mod.rs"]
mod common;

use corridors::{
    CapacityQuery, CompareQuery, CriticalQuery, DisruptionQuery, Filter, MatrixQuery, Mode,
    Network, RouteQuery, Sampling,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn draws(c: &mut Criterion) {
    let net = Network::trans_afghan();
    let q = CompareQuery::new(
        ["tashkent", "termez", "dushanbe", "ashgabat", "kashgar"],
        ["nhava-sheva", "mundra"],
        ["chabahar", "gwadar", "karachi", "bandar-abbas"],
    );
    let robust_1000 = q.clone().draws(1000).seed(1);
    let robust_100000 = q.clone().draws(100_000).seed(1);
    let stratified_100000 = robust_100000.clone().sampling(Sampling::Stratified);
    let table = net.compare(&robust_1000).unwrap();
    assert_eq!(table.rows.len(), 10);
    assert!(table.rows.iter().all(|r| r.options.len() == 4));

    let mut group = c.benchmark_group("draws");
    group.bench_function("robust_1000", |b| {
        b.iter(|| black_box(net.compare(&robust_1000).unwrap()))
    });
    // One draw per iteration, cycling through the first 1,000 draws of seed 1.
    let mut i = 0;
    group.bench_function("re_search_per_draw", |b| {
        b.iter(|| {
            let d = net.with_parameters(&net.draw(1, i % 1000)).unwrap();
            i += 1;
            black_box(d.compare(&q).unwrap())
        })
    });
    group.sample_size(10);
    group.bench_function("robust_100000", |b| {
        b.iter(|| black_box(net.compare(&robust_100000).unwrap()))
    });
    group.bench_function("robust_100000_stratified", |b| {
        b.iter(|| black_box(net.compare(&stratified_100000).unwrap()))
    });
    group.finish();
}

/// A disruption, the criticality ranking and a maximum flow answered again in draws, beside the
/// loop a caller would write without `draws`: each drawn network rebuilt and answered in turn,
/// every answer kept.
fn held_draws(c: &mut Criterion) {
    const DRAWS: usize = 200;
    let mut group = c.benchmark_group("held_draws");
    group.sample_size(10);
    let net = Network::trans_afghan();
    let each = |i| common::drawn_network(&net, 0, i, DRAWS, Sampling::Independent);
    let q = DisruptionQuery::new().scenario("pak-afghan-closure-2025");
    let by_hand = || -> Vec<_> {
        (0..DRAWS)
            .map(|i| each(i).disruption(&q).unwrap())
            .collect()
    };
    // The same draws: Kabul's median detour from both (the lower median of 200).
    let drawn = net.disruption(&q.clone().draws(DRAWS)).unwrap();
    let mut extra: Vec<f64> = by_hand()
        .iter()
        .map(|r| {
            r.affected
                .iter()
                .find(|a| a.from == "kabul")
                .unwrap()
                .extra_usd_per_t
                .unwrap()
        })
        .collect();
    extra.sort_by(f64::total_cmp);
    let kabul = &drawn.draws.as_ref().unwrap().flows;
    let kabul = kabul.iter().find(|f| f.from == "kabul").unwrap();
    assert_eq!(kabul.extra_usd_per_t.unwrap()[1], extra[DRAWS / 2 - 1]);
    group.bench_function(BenchmarkId::new("disruption_200", "corridors"), |b| {
        b.iter(|| black_box(net.disruption(&q.clone().draws(DRAWS)).unwrap()))
    });
    group.bench_function(BenchmarkId::new("disruption_200", "by_hand"), |b| {
        b.iter(|| black_box(by_hand()))
    });
    let q = CriticalQuery::new();
    let by_hand = || -> Vec<_> { (0..DRAWS).map(|i| each(i).critical(&q).unwrap()).collect() };
    // The same draws: the worst link's median damage from both.
    let drawn = net.critical(&q.clone().draws(DRAWS)).unwrap();
    let first = &drawn.draws.as_ref().unwrap().links[0];
    let mut damage: Vec<f64> = by_hand()
        .iter()
        .map(|c| {
            c.links
                .iter()
                .find(|l| l.link == first.id)
                .unwrap()
                .damage_usd_per_year
        })
        .collect();
    damage.sort_by(f64::total_cmp);
    assert_eq!(first.damage_usd_per_year[1], damage[DRAWS / 2 - 1]);
    group.bench_function(BenchmarkId::new("criticality_200", "corridors"), |b| {
        b.iter(|| black_box(net.critical(&q.clone().draws(DRAWS)).unwrap()))
    });
    group.bench_function(BenchmarkId::new("criticality_200", "by_hand"), |b| {
        b.iter(|| black_box(by_hand()))
    });
    let q = CapacityQuery::new(
        ["tashkent", "termez"],
        ["chabahar", "bandar-abbas", "karachi"],
    )
    .filter(Filter::new().mode(Mode::Rail));
    let by_hand = || -> Vec<_> { (0..DRAWS).map(|i| each(i).capacity(&q).unwrap()).collect() };
    let drawn = net.capacity(&q.clone().draws(DRAWS)).unwrap();
    let mut flows: Vec<f64> = by_hand().iter().filter_map(|r| r.max_flow_mtpa).collect();
    flows.sort_by(f64::total_cmp);
    let median = drawn.draws.as_ref().unwrap().max_flow_mtpa.unwrap()[1];
    assert_eq!(median, flows[flows.len().div_ceil(2) - 1]);
    group.bench_function(BenchmarkId::new("max_flow_200", "corridors"), |b| {
        b.iter(|| black_box(net.capacity(&q.clone().draws(DRAWS)).unwrap()))
    });
    group.bench_function(BenchmarkId::new("max_flow_200", "by_hand"), |b| {
        b.iter(|| black_box(by_hand()))
    });
    // A matrix of five origins to the four ports; by hand, and again as one route query with
    // draws per cell (its paths planned once, the draws evaluated over them).
    let (from, to) = (
        ["tashkent", "termez", "dushanbe", "kabul", "ashgabat"],
        ["chabahar", "gwadar", "karachi", "bandar-abbas"],
    );
    let q = MatrixQuery::new(from, to);
    let by_hand = || -> Vec<_> { (0..DRAWS).map(|i| each(i).matrix(&q).unwrap()).collect() };
    let per_cell = || -> Vec<_> {
        from.iter()
            .flat_map(|a| to.iter().map(move |b| RouteQuery::new(*a, *b).draws(DRAWS)))
            .map(|r| net.route(&r).unwrap().robust)
            .collect()
    };
    // The same draws: Tashkent–Karachi's median from all three (the lower median of 200).
    let drawn = net.matrix(&q.clone().draws(DRAWS)).unwrap();
    let mut cell: Vec<f64> = by_hand().iter().map(|m| m.values[0][2].unwrap()).collect();
    cell.sort_by(f64::total_cmp);
    let median = drawn.draws.as_ref().unwrap().values[0][2].unwrap()[1];
    assert_eq!(median, cell[DRAWS / 2 - 1]);
    let route = per_cell()[2].unwrap().usd_per_t_p50;
    assert!((route - median).abs() < 1e-9 * median);
    group.bench_function(BenchmarkId::new("matrix_5x4_200", "corridors"), |b| {
        b.iter(|| black_box(net.matrix(&q.clone().draws(DRAWS)).unwrap()))
    });
    group.bench_function(BenchmarkId::new("matrix_5x4_200", "by_hand"), |b| {
        b.iter(|| black_box(by_hand()))
    });
    group.bench_function(
        BenchmarkId::new("matrix_5x4_200", "route_draws_per_cell"),
        |b| b.iter(|| black_box(per_cell())),
    );
    group.finish();
}

criterion_group!(benches, draws, held_draws);
criterion_main!(benches);
