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
//! use corridors::{Metric, Mode, Network, RouteQuery, Status};
//!
//! let net = Network::trans_afghan();
//! // Khaf–Herat by rail: 225 km once the section under construction opens.
//! let q = RouteQuery::new("khaf", "herat").metric(Metric::Distance).mode(Mode::Rail);
//! assert!(net.route(&q).unwrap().route.is_none()); // not yet today
//! let line = net.route(&q.include(Status::UnderConstruction)).unwrap().route.unwrap();
//! assert_eq!(line.distance_km, 225.0);
//! assert_eq!(line.bottleneck_mtpa, Some(3.0));
//!
//! // Kabul to Karachi while every Pakistan–Afghanistan crossing is closed.
//! let q = RouteQuery::new("kabul", "karachi").scenario("pak-afghan-closure-2025");
//! let detour = net.route(&q).unwrap().route.unwrap();
//! assert_eq!(detour.countries, ["AF", "IR", "PK"]);
//! ```
//!
//! # Units
//! Lengths in km, times in hours, money in USD per tonne, capacities in million tonnes a year
//! (Mt/yr, `mtpa`) each direction. Coordinates are degrees, written `lat`, `lon` in the file.
#![deny(missing_docs)]

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod cache;
mod capacity;
mod compare;
mod critical;
mod disrupt;
mod error;
mod flow;
mod geometry;
mod graph;
mod load;
mod model;
mod output;
mod reliability;
mod route;
mod scenario;
mod search;
mod suggest;
pub mod synthetic;

pub use capacity::{
    AssignQuery, AssignedPath, Assignment, CapacityQuery, CapacityReport, CutItem, DemandResult,
    LinkFlow, LinkLoad, WidestPath,
};
pub use compare::{CompareQuery, CompareRow, Comparison, PortOption};
pub use critical::{CriticalQuery, Criticality, Damage, JointCut};
pub use disrupt::{Affected, DisruptedLink, DisruptionQuery, DisruptionReport, ReducedLink};
pub use error::{LoadError, Problem, QueryError};
pub use geometry::{great_circle_km, node_distance_km};
pub use model::{
    Corridor, Date, Defaults, Demand, Link, Mode, ModeDefaults, Network, Node, NodeKind, Scenario,
    Status, Summary, TransferCost, TransferKind, Transfers,
};
pub use output::{
    Bounds, LinkTable, Map, NodeTable, assignment_geojson, capacity_geojson, network_geojson,
    route_geojson, scenario_geojson, short_name,
};
pub use reliability::{
    CorridorReliability, DemandReliability, Reliability, ReliabilityQuery, ScenarioRisk,
};
pub use route::{Filter, Leg, Route, RouteAnswer, RouteQuery, Transfer};
pub use scenario::{LinkEffect, Reason};
pub use search::Metric;
