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
//! // Khaf–Herat by rail: 230 km once the section under construction opens.
//! let q = RouteQuery::new("khaf", "herat").metric(Metric::Distance).mode(Mode::Rail);
//! assert!(net.route(&q).unwrap().route.is_none()); // not yet today
//! let line = net.route(&q.include(Status::UnderConstruction)).unwrap().route.unwrap();
//! assert_eq!(line.distance_km, 230.0);
//! assert_eq!(line.bottleneck_mtpa, Some(3.0));
//!
//! // Kabul to Karachi while every Pakistan–Afghanistan crossing is closed.
//! let q = RouteQuery::new("kabul", "karachi").scenario("pak-afghan-closure-2025");
//! let detour = net.route(&q).unwrap().route.unwrap();
//! assert_eq!(detour.countries, ["AF", "IR", "PK"]);
//! ```
//!
//! # How the crate is organised
//! Records (`model`) are read from a file (`load`) into a [`Network`], which builds its search
//! engine (`engine`: a compact graph over place × arrival-mode states, views, weights, Dijkstra
//! with landmark bounds, max-flow) on the first query. Each question is a query type answered by
//! one analysis (`analysis`), whose report prints as a table, GeoJSON or SVG (`output`). Every
//! layer uses only those below it; `ARCHITECTURE.md` in the repository is the map.
//!
//! # Beyond the queries
//! The network runs under petgraph's algorithms with the crate's weights
//! ([`Network::petgraph`], [`Network::state_graph`]; petgraph is re-exported as
//! [`petgraph`]), answers many routes at once as a matrix ([`Network::matrix`]),
//! and leaves as CSV ([`nodes_csv`], [`links_csv`], [`legs_csv`], …) or GraphML
//! ([`network_graphml`]). Places are found by name with [`Network::find_node`]. What lines
//! and crossings were counted carrying sits beside their capacity, and beside what the model
//! puts there, in [`Network::utilisation`] and [`Network::utilisation_beside`].
//!
//! # Units
//! Lengths in km, times in hours, money in USD per tonne, capacities in million tonnes a year
//! (Mt/yr, `mtpa`) each direction. Coordinates are degrees, written `lat`, `lon` in the file.
#![deny(missing_docs)]

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod analysis;
mod engine;
mod error;
mod load;
mod model;
mod network;
mod output;
mod util;

pub use load::NetworkBuilder;
#[cfg(feature = "synthetic")]
pub use load::synthetic;

/// petgraph, whose graphs [`Network::petgraph`] and [`Network::state_graph`] return: use its
/// algorithms through this path and the versions always match.
pub use petgraph;

pub use analysis::{
    Affected, AssignQuery, AssignedPath, Assignment, CapacityDraws, CapacityQuery, CapacityReport,
    CompareQuery, CompareRow, Comparison, CorridorReliability, CriticalQuery, Criticality,
    CutDraws, CutItem, CutKind, Damage, Day, DemandReliability, DemandResult, DisruptedLink,
    DisruptionQuery, DisruptionReport, Draws, Filter, JointCut, Leg, LinkFlow, LinkLoad,
    MAX_ALTERNATIVES, MAX_CAPACITY_DRAWS, MAX_DRAWS, MAX_SAMPLES, Method, NodeDamage, PortOption,
    ReducedLink, Regions, Reliability, ReliabilityQuery, Robust, Route, RouteAnswer, RouteQuery,
    Sampling, ScenarioRisk, Sensitivity, SensitivityQuery, Swing, Transfer, Unconfirmed, Use,
    Utilisation, WidestPath,
};
pub use analysis::{
    Against, ArrivalState, BuildStep, CapacityFrom, Connection, Discount, Discounted, LinkArc,
    LinkGraph, MAX_DISCOUNT_YEARS, MAX_MATRIX_CELLS, MAX_MATRIX_DRAWS, MAX_PROJECT_DRAWS, Matrix,
    MatrixDraws, MatrixQuery, Place, ProjectBase, ProjectDraws, ProjectPair, ProjectRanking,
    ProjectValue, ProjectsQuery, RankingDraws, SpreadDraws, SpreadPair, SpreadStep, StateArc,
    StateGraph,
};
pub use analysis::{
    CapacityKind, DemandDraws, GreedyBaseline, LpSize, MAX_OPTIMAL_DRAWS, MAX_ROUTES, NodeLoad,
    OptimalAssignment, OptimalDemand, OptimalDraws, OptimalPath, OptimalQuery, ShadowPrice,
    UNMET_USD_PER_T,
};
pub use analysis::{
    CountFit, DEFAULT_THETA, FlowDraws, LoadDraws, Loaded, MAX_SPLIT_DRAWS, MAX_SPLIT_ROUTES,
    PriceDraws, RouteDraws, Split, SplitCapacity, SplitDemand, SplitDraws, SplitFit, SplitQuery,
    SplitRoute, SpreadGain,
};
pub use analysis::{
    CriticalDraws, DamageDraws, DisruptionDraws, FlowDisruptionDraws, JointDraws,
    MAX_CRITICAL_DRAWS, MAX_DISRUPTION_DRAWS,
};
pub use error::{IdKind, LoadError, ParseEnumError, Problem, QueryError};
pub use model::{
    Basis, Confidence, Corridor, Crossing, Currency, Date, DateError, Defaults, Demand, Handling,
    Id, Interval, Link, LinkEffect, LonLat, MAX_GAUGES, Metric, Mode, ModeDefaults, Money, Node,
    NodeKind, Observed, Parameter, ParameterKind, Priced, Project, RangeFrom, Reason, Scenario,
    Site, Source, Spreads, Status, Tariff, TransferCost, TransferKind, Transfers, Unit,
    great_circle_km, node_distance_km,
};
pub use network::{GAUGE_DOUBT_MM, GaugeCount, GaugeDoubt, Network, Summary};
pub use output::{
    Bounds, CitedSource, LinkTable, Map, NodeTable, SourceTable, assignment_geojson,
    capacity_geojson, network_geojson, network_graphml, route_geojson, scenario_geojson,
    short_name, split_fit_table,
};
pub use output::{
    capacity_csv, critical_draws_csv, criticality_csv, legs_csv, links_csv, loads_csv, matrix_csv,
    nodes_csv, observed_csv, routes_csv,
};
pub use util::progress::{Progress, Tick};
