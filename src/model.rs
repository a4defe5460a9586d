//! The network as typed records: nodes, links, corridors, scenarios and demands.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How a link carries freight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

macro_rules! spelt_enum {
    ($ty:ty, $what:literal, $expected:literal, [$($v:expr),+]) => {
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                [$($v),+]
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $what, " \"{}\" (expected ", $expected, ")"), s))
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
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

/// A calendar date as written in the file (`2025-10-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// The year, e.g. 2025.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Speed, rate and estimation rules for the links of one mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModeDefaults {
    /// Average commercial speed, km/h.
    pub speed_kmh: f64,
    /// Freight rate, USD per tonne-kilometre.
    pub usd_per_tkm: f64,
    /// Ratio of real length to great-circle distance, used to estimate missing lengths.
    pub detour: f64,
    /// Capacity, Mt/yr each direction, for links of this mode that state none.
    pub capacity_mtpa: Option<f64>,
}

/// The `[defaults.rail]`, `[defaults.road]` and `[defaults.sea]` tables.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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
            },
            road: ModeDefaults {
                speed_kmh: 45.0,
                usd_per_tkm: 0.08,
                detour: 1.35,
                capacity_mtpa: None,
            },
            sea: ModeDefaults {
                speed_kmh: 27.0,
                usd_per_tkm: 0.005,
                detour: 1.1,
                capacity_mtpa: None,
            },
        }
    }
}

/// Time and money a route pays at one transfer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TransferCost {
    /// Hours spent.
    pub hours: f64,
    /// USD per tonne paid.
    pub usd_per_t: f64,
}

/// What kind of change a route makes at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

impl fmt::Display for TransferKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[transfers]` table: what each kind of transfer costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
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
            },
            mode: TransferCost {
                hours: 12.0,
                usd_per_t: 4.0,
            },
            port: TransferCost {
                hours: 48.0,
                usd_per_t: 10.0,
            },
            border: TransferCost {
                hours: 24.0,
                usd_per_t: 5.0,
            },
        }
    }
}

/// A place: a port, a city, a border post or a junction.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Node {
    /// The id, unique among nodes (`[a-z0-9-]+`).
    pub id: String,
    /// The name people use.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code, e.g. `AF`.
    pub country: String,
    /// What the node is.
    pub kind: NodeKind,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Throughput limit, Mt/yr, when published (a port, a crossing).
    pub capacity_mtpa: Option<f64>,
    /// Where the record comes from.
    pub source: String,
    /// Whether the coordinates are uncertain.
    pub estimated: bool,
    /// A sentence on what the node is.
    pub description: Option<String>,
}

/// A rail line, road or sea lane between two nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Link {
    /// The id, unique among links.
    pub id: String,
    /// The id of one end.
    pub from: String,
    /// The id of the other end.
    pub to: String,
    /// How the link carries freight.
    pub mode: Mode,
    /// Rail gauge in mm; `None` for roads, sea lanes and rail whose gauge is undecided.
    pub gauge_mm: Option<u32>,
    /// Length in km: the published figure, or the great-circle distance times the mode's detour.
    pub length_km: f64,
    /// Whether the length is an estimate (stated so, or computed because none was given).
    pub estimated: bool,
    /// How far the link is from carrying freight.
    pub status: Status,
    /// The year a non-operational link is expected to open.
    pub opens: Option<i32>,
    /// Capacity, Mt/yr each direction, when published.
    pub capacity_mtpa: Option<f64>,
    /// The design capacity the link reaches later, Mt/yr, when published.
    pub design_capacity_mtpa: Option<f64>,
    /// The corridors the link belongs to.
    pub corridors: Vec<String>,
    /// Whether freight moves only from `from` to `to`.
    pub oneway: bool,
    /// Average speed, km/h (the link's own or its mode's default).
    pub speed_kmh: f64,
    /// Freight rate, USD per tonne-km (the link's own or its mode's default).
    pub usd_per_tkm: f64,
    /// Hours to traverse the link when stated; otherwise length over speed.
    pub hours_override: Option<f64>,
    /// Where the record comes from.
    pub source: String,
    /// A sentence on what the link is.
    pub description: Option<String>,
}

impl Link {
    /// Hours to traverse the link, without transfers.
    pub fn hours(&self) -> f64 {
        self.hours_override
            .unwrap_or(self.length_km / self.speed_kmh)
    }

    /// Cost of moving one tonne over the link, USD, without transfers.
    pub fn usd_per_t(&self) -> f64 {
        self.length_km * self.usd_per_tkm
    }
}

/// A named corridor: a set of links analysts talk about as one route.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Corridor {
    /// The id, e.g. `khaf-herat`.
    pub id: String,
    /// The name people use.
    pub name: String,
    /// What the corridor is.
    pub description: Option<String>,
    /// Where the record comes from.
    pub source: Option<String>,
}

/// A disruption: what it closes, shrinks or makes dearer, when, and how likely it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Scenario {
    /// The id, e.g. `pak-afghan-closure-2025`.
    pub id: String,
    /// The name people use.
    pub name: String,
    /// What happened.
    pub description: Option<String>,
    /// When it began.
    pub start: Option<Date>,
    /// When it ended, if it did.
    pub end: Option<Date>,
    /// Links closed by id.
    pub close_links: Vec<String>,
    /// Nodes closed: every link touching them.
    pub close_nodes: Vec<String>,
    /// Countries closed: every link touching them.
    pub close_countries: Vec<String>,
    /// Borders closed: every link whose ends lie in these two countries.
    pub close_borders: Vec<[String; 2]>,
    /// Corridors closed: every link of the corridor.
    pub close_corridors: Vec<String>,
    /// Link id → the share of its capacity left, in `[0, 1]`.
    pub capacity_factor: BTreeMap<String, f64>,
    /// Link id or country code → hours added to every link it names or touches.
    pub add_hours: BTreeMap<String, f64>,
    /// Link id or country code → USD per tonne added (a sanctions or insurance surcharge).
    pub add_usd_per_t: BTreeMap<String, f64>,
    /// Chance per year that the disruption strikes.
    pub probability: Option<f64>,
    /// Where the record comes from.
    pub source: String,
}

/// Cargo that wants to move between two places each year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Demand {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Million tonnes a year.
    pub mtpa: f64,
    /// Whether the volume is an estimate.
    pub estimated: bool,
    /// Where the figure comes from.
    pub source: String,
    /// What the cargo is.
    pub description: Option<String>,
}

/// FNV-1a: ids are short strings from the user's own file, so a fast hash beats SipHash's
/// protection against crafted keys.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Id → index, hashed with FNV-1a.
pub(crate) type IdMap = HashMap<String, usize, std::hash::BuildHasherDefault<Fnv>>;

/// A loaded, validated corridor network.
///
/// Build one with [`Network::trans_afghan`] (the bundled network), [`Network::from_path`] or
/// [`Network::from_toml_str`]. Records keep the order of the file; look-ups go by id.
#[derive(Debug, Clone)]
pub struct Network {
    pub(crate) name: String,
    pub(crate) year: i32,
    pub(crate) description: Option<String>,
    pub(crate) defaults: Defaults,
    pub(crate) transfers: Transfers,
    pub(crate) nodes: Vec<Node>,
    pub(crate) links: Vec<Link>,
    pub(crate) corridors: Vec<Corridor>,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) demands: Vec<Demand>,
    pub(crate) node_ix: IdMap,
    pub(crate) link_ix: IdMap,
    /// For each link, the indices of its two end nodes.
    pub(crate) ends: Vec<(usize, usize)>,
    /// The search graph, built on first use.
    pub(crate) graph: std::sync::OnceLock<crate::graph::Graph>,
    /// Views, weights, landmarks and buffers reused across queries.
    pub(crate) cache: crate::cache::SearchCache,
}

impl Network {
    /// The search graph, built once.
    pub(crate) fn graph(&self) -> &crate::graph::Graph {
        self.graph.get_or_init(|| crate::graph::Graph::build(self))
    }

    /// The network's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The year "today" means.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// What the network describes, when the file says.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Speeds, rates and estimation rules per mode.
    pub fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// What each kind of transfer costs.
    pub fn transfers(&self) -> &Transfers {
        &self.transfers
    }

    /// Every node, in file order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Every link, in file order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Every corridor, in file order.
    pub fn corridors(&self) -> &[Corridor] {
        &self.corridors
    }

    /// Every scenario, in file order.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// Every demand, in file order.
    pub fn demands(&self) -> &[Demand] {
        &self.demands
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_ix.get(id).map(|&i| &self.nodes[i])
    }

    /// The link with this id.
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.link_ix.get(id).map(|&i| &self.links[i])
    }

    /// The corridor with this id.
    pub fn corridor(&self, id: &str) -> Option<&Corridor> {
        self.corridors.iter().find(|c| c.id == id)
    }

    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// Whether a link's two ends lie in different countries.
    pub fn is_cross_border(&self, link: &Link) -> bool {
        match (self.node(&link.from), self.node(&link.to)) {
            (Some(a), Some(b)) => a.country != b.country,
            _ => false,
        }
    }

    /// Counts and lengths of the network, for `corridors check` and reports.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let s = net.summary();
    /// assert!(s.nodes >= 45);
    /// assert_eq!(s.links, net.links().len());
    /// ```
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            name: self.name.clone(),
            year: self.year,
            nodes: self.nodes.len(),
            links: self.links.len(),
            links_by_mode: BTreeMap::new(),
            links_by_status: BTreeMap::new(),
            km_by_status: BTreeMap::new(),
            estimated_links: self.links.iter().filter(|l| l.estimated).count(),
            countries: Vec::new(),
            corridors: self.corridors.len(),
            scenarios: self.scenarios.len(),
            demands: self.demands.len(),
        };
        for l in &self.links {
            *s.links_by_mode.entry(l.mode).or_default() += 1;
            *s.links_by_status.entry(l.status).or_default() += 1;
            *s.km_by_status.entry(l.status).or_default() += l.length_km;
        }
        let mut countries: Vec<String> = self.nodes.iter().map(|n| n.country.clone()).collect();
        countries.sort();
        countries.dedup();
        s.countries = countries;
        s
    }
}

/// Counts and lengths of a network.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// The network's name.
    pub name: String,
    /// The year "today" means.
    pub year: i32,
    /// Number of nodes.
    pub nodes: usize,
    /// Number of links.
    pub links: usize,
    /// Links per mode.
    pub links_by_mode: BTreeMap<Mode, usize>,
    /// Links per status.
    pub links_by_status: BTreeMap<Status, usize>,
    /// Kilometres per status.
    pub km_by_status: BTreeMap<Status, f64>,
    /// Links whose length is an estimate.
    pub estimated_links: usize,
    /// Country codes of the nodes, sorted.
    pub countries: Vec<String>,
    /// Number of corridors.
    pub corridors: usize,
    /// Number of scenarios.
    pub scenarios: usize,
    /// Number of demands.
    pub demands: usize,
}
