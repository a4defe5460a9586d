//! Robust comparisons: the 40-option table (5 origins × 2 destinations × 4 ports) on today's
//! bundled network with 1,000 and 100,000 draws, beside one draw answered the plain way
//! (the draw's network built and all 40 options searched again), and 100,000 stratified
//! draws (Latin hypercube) for what the stratification adds.
//!
//! Run: `cargo bench --bench draws`

use corridors::{CompareQuery, Network, Sampling};
use criterion::{Criterion, criterion_group, criterion_main};
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

criterion_group!(benches, draws);
criterion_main!(benches);
