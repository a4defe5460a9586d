//! # corridors
//!
//! The trans-Afghan freight network — the ports of Chabahar, Gwadar, Karachi and Bandar Abbas,
//! the Khaf–Herat and Mazar–Herat–Kandahar railways, the Kabul Corridor, the roads and border
//! crossings between them — as a weighted graph you can ask questions of.
//!
//! The network ships with the crate ([`Network::trans_afghan`]); any file in the same format
//! loads with [`Network::from_path`].
//!
//! ```
//! use corridors::{Mode, Network, Status};
//!
//! let net = Network::trans_afghan();
//! let khaf_herat: f64 = net
//!     .links()
//!     .iter()
//!     .filter(|l| l.corridors.iter().any(|c| c == "khaf-herat") && l.mode == Mode::Rail)
//!     .map(|l| l.length_km)
//!     .sum();
//! assert_eq!(khaf_herat, 225.0);
//! let building = net.links().iter().filter(|l| l.status == Status::UnderConstruction).count();
//! assert!(building > 0);
//! ```
//!
//! # Units
//! Lengths in km, times in hours, money in USD per tonne, capacities in million tonnes a year
//! (Mt/yr, `mtpa`) each direction. Coordinates are degrees, written `lat`, `lon` in the file.
#![deny(missing_docs)]

mod compare;
mod error;
mod geometry;
mod load;
mod graph;
mod model;
mod route;
mod scenario;
mod search;
mod suggest;
mod text;

pub use compare::{CompareQuery, CompareRow, Comparison, PortOption};
pub use error::{LoadError, Problem, QueryError};
pub use route::{Filter, Leg, Route, RouteAnswer, RouteQuery, Transfer};
pub use scenario::{LinkEffect, Reason};
pub use search::Metric;
pub use geometry::{great_circle_km, node_distance_km};
pub use model::{
    Corridor, Date, Defaults, Demand, Link, Mode, ModeDefaults, Network, Node, NodeKind, Scenario,
    Status, Summary, TransferCost, TransferKind, Transfers,
};
