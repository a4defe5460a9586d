//! Small helpers with no knowledge of networks: dates, id hashing, a seeded generator,
//! "did you mean" suggestions and the watcher of long queries (`Progress`). Imports nothing from the crate.

pub(crate) mod date;
pub(crate) mod fnv;
pub(crate) mod fold;
pub(crate) mod progress;
pub(crate) mod rng;
pub(crate) mod suggest;

/// The threads to split work that gains from more cores into: one per core, at most four
/// (past four, the loader's parts and runs are memory-bound).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// A number as a message quotes it: as Rust writes it, or in exponent form when that would run
/// to many digits (`1e308`, not three hundred digits).
pub(crate) fn quoted(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
