//! Small helpers with no knowledge of networks: dates, id hashing, a seeded generator and
//! "did you mean" suggestions. Imports nothing from the crate.

pub(crate) mod date;
pub(crate) mod fnv;
pub(crate) mod rng;
pub(crate) mod suggest;
