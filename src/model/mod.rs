//! The file's vocabulary: modes, statuses, kinds, dates, per-mode defaults and transfer costs;
//! and, in its submodules, the records (nodes, links, corridors, demands, observations),
//! scenarios and the rules every number obeys. Imports nothing above `util`.

use serde::{Deserialize, Serialize};

pub(crate) mod build;
pub(crate) mod costs;
mod geometry;
mod id;
pub(crate) mod observed;
mod project;
pub(crate) mod records;
pub(crate) mod rules;
pub(crate) mod scenario;
pub(crate) mod uncertainty;

pub use crate::util::date::{Date, DateError};
pub use costs::{Basis, Crossing, Currency, Handling, Money, Priced, Tariff, Unit};
pub use geometry::{LonLat, great_circle_km, node_distance_km};
pub use id::Id;
pub use observed::{Observed, Site};
pub use project::Project;
pub(crate) use records::Records;
pub use records::{Confidence, Corridor, Demand, Link, Node, Source};
pub use scenario::{LinkEffect, Reason, Scenario};
pub(crate) use uncertainty::unit_of;
pub use uncertainty::{Interval, Parameter, ParameterKind, RangeFrom, Spreads};

/// A unit's text (`USD/t`), as a type the serde derive does not take for a borrow of the
/// input: a unit read back is one of the crate's own.
pub(crate) type UnitText = &'static str;

/// How a link carries freight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A railway line.
    Rail,
    /// A road.
    Road,
    /// A sea lane between two ports.
    Sea,
}

impl Mode {
    /// Every mode, in the order used for tables and summaries.
    pub const ALL: [Mode; 3] = [Mode::Rail, Mode::Road, Mode::Sea];

    /// Its place in [`Mode::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The mode as spelt in the file: `rail`, `road` or `sea`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Sea => "sea",
        }
    }

    /// Whether the mode runs over land (rail or road).
    pub fn is_land(self) -> bool {
        !matches!(self, Mode::Sea)
    }
}

/// How far a link is from carrying freight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In service today.
    Operational,
    /// Being built.
    UnderConstruction,
    /// Decided or contracted, not yet being built.
    Planned,
    /// Talked about: a memorandum, a feasibility study, an announcement.
    Proposed,
}

impl Status {
    /// Every status, from the most to the least real.
    pub const ALL: [Status; 4] = [
        Status::Operational,
        Status::UnderConstruction,
        Status::Planned,
        Status::Proposed,
    ];

    /// The status as spelt in the file, e.g. `under_construction`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Operational => "operational",
            Status::UnderConstruction => "under_construction",
            Status::Planned => "planned",
            Status::Proposed => "proposed",
        }
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A sea port: where cargo changes between land and sea.
    Port,
    /// A city or freight terminal.
    City,
    /// A border post on one side of a crossing.
    Border,
    /// A railway or road junction.
    Junction,
}

impl NodeKind {
    /// The kind as spelt in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Port => "port",
            NodeKind::City => "city",
            NodeKind::Border => "border",
            NodeKind::Junction => "junction",
        }
    }
}

/// The default of a flag that says a record gives a figure itself: a record read from JSON
/// states every figure it holds.
pub(crate) fn given() -> bool {
    true
}

/// `FromStr` and `Display` for an enum spelt by its `as_str`: parsing fails with a
/// `ParseEnumError` listing the spellings, and `Display` pads to the width and alignment
/// asked (`{:<12}`), so tables can line enums up as they do strings.
macro_rules! spelt_enum {
    ($ty:ty, $what:literal, $expected:literal, [$($v:expr),+]) => {
        impl ::std::str::FromStr for $ty {
            type Err = $crate::error::ParseEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                [$($v),+]
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::error::ParseEnumError {
                        what: $what,
                        found: s.to_string(),
                        expected: $expected,
                    })
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}
pub(crate) use spelt_enum;

spelt_enum!(
    Mode,
    "mode",
    "rail, road or sea",
    [Mode::Rail, Mode::Road, Mode::Sea]
);
spelt_enum!(
    Status,
    "status",
    "operational, under_construction, planned or proposed",
    [
        Status::Operational,
        Status::UnderConstruction,
        Status::Planned,
        Status::Proposed
    ]
);
spelt_enum!(
    NodeKind,
    "kind",
    "port, city, border or junction",
    [
        NodeKind::Port,
        NodeKind::City,
        NodeKind::Border,
        NodeKind::Junction
    ]
);

/// What a route optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Metric {
    /// Kilometres.
    Distance,
    /// Hours, transfers and border crossings included.
    Time,
    /// USD per tonne, transfer and border fees included.
    Cost,
    /// Risk first: the route least exposed to the file's scenarios with a yearly probability.
    /// Each scenario that closes any link of the route weighs −ln(1 − p), once however many
    /// of its links it closes, so the risk is −ln of the route's `survival`; cost breaks ties
    /// (a USD per tonne weighs 10⁻⁶). Routes, comparisons and matrices find that route
    /// exactly (see [`Network::route`](crate::Network::route)). The other answers that take a
    /// metric (criticality, disruptions, the sensitivity, the draws' best routes, the
    /// alternatives after the first, the state graph) search by link weights, each link
    /// weighing the sum for the scenarios that close it: there a scenario closing several
    /// links of a route counts once for each.
    Reliability,
}

impl Metric {
    /// Every metric, in the order of its discriminant: per-metric tables index by `m as usize`.
    pub const ALL: [Metric; 4] = [
        Metric::Distance,
        Metric::Time,
        Metric::Cost,
        Metric::Reliability,
    ];

    /// The number of metrics: the length of per-metric tables.
    pub(crate) const COUNT: usize = Metric::ALL.len();

    /// The metric as spelt on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Distance => "distance",
            Metric::Time => "time",
            Metric::Cost => "cost",
            Metric::Reliability => "reliability",
        }
    }
}

spelt_enum!(
    Metric,
    "metric",
    "distance, time, cost or reliability",
    [
        Metric::Distance,
        Metric::Time,
        Metric::Cost,
        Metric::Reliability
    ]
);

/// The most distinct rail gauges a network may use: the search keeps one bit per arrival class
/// (road, sea, undecided rail, the start, and one per gauge) in a `u32`.
pub const MAX_GAUGES: usize = 28;

/// Speed, rate and estimation rules for the links of one mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModeDefaults {
    /// Average commercial speed, km/h.
    pub speed_kmh: f64,
    /// Freight rate, USD per tonne-kilometre.
    pub usd_per_tkm: f64,
    /// Ratio of real length to great-circle distance, used to estimate missing lengths.
    pub detour: f64,
    /// Capacity, Mt/yr each direction, for links of this mode that state none.
    pub capacity_mtpa: Option<f64>,
    /// The low and high of the default speed, when stated.
    pub speed_kmh_range: Option<Interval>,
    /// The low and high of the default rate, when stated.
    pub usd_per_tkm_range: Option<Interval>,
}

/// The `[defaults.rail]`, `[defaults.road]` and `[defaults.sea]` tables.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Defaults {
    /// Rail defaults.
    pub rail: ModeDefaults,
    /// Road defaults.
    pub road: ModeDefaults,
    /// Sea defaults.
    pub sea: ModeDefaults,
}

impl Defaults {
    /// The defaults of one mode.
    pub fn of(&self, mode: Mode) -> &ModeDefaults {
        match mode {
            Mode::Rail => &self.rail,
            Mode::Road => &self.road,
            Mode::Sea => &self.sea,
        }
    }
}

impl Default for Defaults {
    /// Mid-range figures from the indicative ranges in DOMAIN.md: rail 0.03–0.05 USD/t-km at
    /// 25–40 km/h, road 0.06–0.10 at 40–60 km/h, sea 0.002–0.01 at 25–30 km/h.
    fn default() -> Self {
        Defaults {
            rail: ModeDefaults {
                speed_kmh: 30.0,
                usd_per_tkm: 0.04,
                detour: 1.3,
                capacity_mtpa: None,
                speed_kmh_range: None,
                usd_per_tkm_range: None,
            },
            road: ModeDefaults {
                speed_kmh: 45.0,
                usd_per_tkm: 0.08,
                detour: 1.35,
                capacity_mtpa: None,
                speed_kmh_range: None,
                usd_per_tkm_range: None,
            },
            sea: ModeDefaults {
                speed_kmh: 27.0,
                usd_per_tkm: 0.005,
                detour: 1.1,
                capacity_mtpa: None,
                speed_kmh_range: None,
                usd_per_tkm_range: None,
            },
        }
    }
}

/// Time and money a route pays at one transfer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TransferCost {
    /// Hours spent.
    pub hours: f64,
    /// USD per tonne paid.
    pub usd_per_t: f64,
    /// The low and high of the hours, when stated.
    pub hours_range: Option<Interval>,
    /// The low and high of the cost, when stated.
    pub usd_per_t_range: Option<Interval>,
}

/// What kind of change a route makes at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// A change of rail gauge (transshipment or bogie exchange).
    Gauge,
    /// A change between rail and road.
    Mode,
    /// A change between land and sea at a port.
    Port,
    /// Crossing a border (paid on a link whose ends lie in two countries).
    Border,
}

impl TransferKind {
    /// Every kind, in the order of its discriminant: per-kind tables index by `k as usize`.
    pub const ALL: [TransferKind; 4] = [
        TransferKind::Gauge,
        TransferKind::Mode,
        TransferKind::Port,
        TransferKind::Border,
    ];

    /// The kind as spelt in the `[transfers]` table.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Gauge => "gauge",
            TransferKind::Mode => "mode",
            TransferKind::Port => "port",
            TransferKind::Border => "border",
        }
    }
}

spelt_enum!(
    TransferKind,
    "transfer kind",
    "gauge, mode, port or border",
    [
        TransferKind::Gauge,
        TransferKind::Mode,
        TransferKind::Port,
        TransferKind::Border
    ]
);

/// The `[transfers]` table: what each kind of transfer costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Transfers {
    /// A change of rail gauge.
    pub gauge: TransferCost,
    /// A change between rail and road.
    pub mode: TransferCost,
    /// A change between land and sea.
    pub port: TransferCost,
    /// A border crossing.
    pub border: TransferCost,
}

impl Transfers {
    /// The cost of one kind of transfer.
    pub fn of(&self, kind: TransferKind) -> &TransferCost {
        match kind {
            TransferKind::Gauge => &self.gauge,
            TransferKind::Mode => &self.mode,
            TransferKind::Port => &self.port,
            TransferKind::Border => &self.border,
        }
    }
}

impl Default for Transfers {
    /// Figures from DOMAIN.md: break of gauge 5–10 USD/t and about a day; port handling
    /// 5–15 USD/t and 1–3 days; a road border crossing 1–3 days.
    fn default() -> Self {
        Transfers {
            gauge: TransferCost {
                hours: 24.0,
                usd_per_t: 7.0,
                hours_range: None,
                usd_per_t_range: None,
            },
            mode: TransferCost {
                hours: 12.0,
                usd_per_t: 4.0,
                hours_range: None,
                usd_per_t_range: None,
            },
            port: TransferCost {
                hours: 48.0,
                usd_per_t: 10.0,
                hours_range: None,
                usd_per_t_range: None,
            },
            border: TransferCost {
                hours: 24.0,
                usd_per_t: 5.0,
                hours_range: None,
                usd_per_t_range: None,
            },
        }
    }
}
