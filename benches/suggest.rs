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

/// A file of `n` places and `n` links, each link's `from` a typo of a place.
fn typo_file(n: usize) -> String {
    let mut s = String::from("[network]\nname = \"typos\"\nyear = 2025\n\n");
    for i in 0..n {
        let (lat, lon) = (
            30.0 + (i % 100) as f64 * 0.05,
            60.0 + (i / 100) as f64 * 0.05,
        );
        s += &format!(
            "[[nodes]]\nid = \"place-{i}\"\nname = \"P\"\ncountry = \"AF\"\nkind = \"city\"\nlat = {lat}\nlon = {lon}\nsource = \"t\"\n\n"
        );
    }
    for i in 0..n {
        s += &format!(
            "[[links]]\nid = \"link-{i}\"\nfrom = \"plcae-{i}\"\nto = \"place-{}\"\nmode = \"road\"\nstatus = \"operational\"\nsource = \"t\"\n\n",
            (i + 1) % n
        );
    }
    s
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
    let text = typo_file(IDS);
    group.bench_function("check_20000_unknown_refs", |b| {
        b.iter(|| black_box(corridors::Network::from_toml_str(&text).unwrap_err()))
    });
    group.finish();
}

criterion_group!(benches, suggest_20k);
criterion_main!(benches);
