//! "Did you mean" at 20,000 ids: the index the loader and the network build once, beside the
//! scan of every id that each unknown reference used to make, on the same words (mistyped
//! ids, which have a suggestion, and strangers, which have none); then the index's build, and
//! a whole `check` of a file with 20,000 unknown references.
//!
//! Run: `cargo bench --bench suggest`

#[allow(dead_code)]
#[path = "../src/util/suggest.rs"]
mod suggest;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const IDS: usize = 20_000;

/// The ids of a large file: `place-0` … `place-19999`.
fn ids() -> Vec<String> {
    (0..IDS).map(|i| format!("place-{i}")).collect()
}

/// Ten mistyped ids and ten strangers.
fn words() -> Vec<String> {
    let typos = (0..10).map(|i| format!("plcae-{}", i * 1_999));
    let strangers = (0..10).map(|i| format!("warehouse-{i}"));
    typos.chain(strangers).collect()
}

fn suggest_20k(c: &mut Criterion) {
    let ids = ids();
    let words = words();
    let index = suggest::Index::new(ids.iter().map(String::as_str));
    // Both ways give the same answers.
    for w in &words {
        assert_eq!(
            index.nearest(w),
            suggest::nearest(w, ids.iter().map(String::as_str))
        );
    }
    let mut group = c.benchmark_group("suggest_20000_ids");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("20_words", "index"), |b| {
        b.iter(|| {
            for w in &words {
                black_box(index.nearest(w));
            }
        })
    });
    group.bench_function(BenchmarkId::new("20_words", "scan"), |b| {
        b.iter(|| {
            for w in &words {
                black_box(suggest::nearest(w, ids.iter().map(String::as_str)));
            }
        })
    });
    group.bench_function("build_index", |b| {
        b.iter(|| black_box(suggest::Index::new(ids.iter().map(String::as_str))))
    });
    let text = corridors::synthetic::typos(IDS);
    group.bench_function("check_20000_unknown_refs", |b| {
        b.iter(|| black_box(corridors::Network::from_toml_str(&text).unwrap_err()))
    });
    group.finish();
}

criterion_group!(benches, suggest_20k);
criterion_main!(benches);
