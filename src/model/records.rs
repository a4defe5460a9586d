//! The records of a network: nodes, links, corridors and demands, and [`Records`], their one
//! assembly into a network's data.

use serde::{Deserialize, Serialize};

use crate::model::costs::{Basis, Crossing, Currency, Handling, Tariff, Unit};
use crate::model::observed::Observed;
use crate::model::uncertainty::{Interval, RateFrom, Spreads, Uncertain};
use crate::model::{
    Date, Defaults, LonLat, Mode, NodeKind, Project, Scenario, Status, TransferKind, Transfers,
};
use crate::util::fnv::IdMap;

/// A place: a port, a city, a border post or a junction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The capacity's low and high, when the record states them.
    pub capacity_mtpa_range: Option<Interval>,
    /// Where the record comes from: the text given, or the ids of its sources.
    pub source: String,
    /// Ids of the `[[sources]]` entries the record's figures rest on.
    pub sources: Vec<String>,
    /// How an unpublished figure of the record was estimated, when one was.
    pub estimate: Option<String>,
    /// Whether the coordinates are uncertain.
    pub estimated: bool,
    /// A sentence on what the node is.
    pub description: Option<String>,
}

/// A rail line, road or sea lane between two nodes.
///
/// Its JSON holds every field below, and what the record gives itself rather than takes
/// from a tariff, a default or the great circle: `own` (`{"rate": bool, "speed": bool}`) and
/// `length_given`, so that a link read back from JSON is the same link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The length's low and high, when stated (`length_km_range`).
    pub length_km_range: Option<Interval>,
    /// How far the link is from carrying freight.
    pub status: Status,
    /// The year the link opened (an operational link) or is expected to open (one not yet
    /// built).
    pub opens: Option<i32>,
    /// The date it opened or is expected to: the date given, or 1 January of the year given.
    /// A line not yet built given only a year is due on dates after the file's `as_of` from
    /// 31 December of it, not 1 January: a year alone says it opens some time that year.
    pub opens_on: Option<Date>,
    /// Capacity, Mt/yr each direction, when published.
    pub capacity_mtpa: Option<f64>,
    /// The capacity's low and high, when the record states them.
    pub capacity_mtpa_range: Option<Interval>,
    /// The design capacity the link reaches later, Mt/yr, when published.
    pub design_capacity_mtpa: Option<f64>,
    /// The corridors the link belongs to.
    pub corridors: Vec<String>,
    /// Whether freight moves only from `from` to `to`.
    pub oneway: bool,
    /// Average speed, km/h (the link's own or its mode's default).
    pub speed_kmh: f64,
    /// Freight rate, USD per tonne-km: the link's own, else its country's `[[tariffs]]` for
    /// its mode (the mean of the two countries' for a cross-border link), else the mode's
    /// default.
    pub usd_per_tkm: f64,
    /// The low and high of the link's own rate, when it states them.
    pub usd_per_tkm_range: Option<Interval>,
    /// The low and high of the link's own speed, when it states them.
    pub speed_kmh_range: Option<Interval>,
    /// How the rate came to be: `default` when neither the link nor a tariff gives one.
    pub rate_basis: Basis,
    /// The sources of the tariffs the rate and speed come from, when they do.
    pub rate_sources: Vec<String>,
    /// Hours to traverse the link when stated; otherwise length over speed.
    pub hours_override: Option<f64>,
    /// Where the record comes from: the text given, or the ids of its sources.
    pub source: String,
    /// Ids of the `[[sources]]` entries the record's figures rest on.
    pub sources: Vec<String>,
    /// How an unpublished figure of the record was estimated, when one was.
    pub estimate: Option<String>,
    /// A sentence on what the link is.
    pub description: Option<String>,
    /// Whether the record gives its own rate and its own speed (else a tariff's or the
    /// default apply): `"own": {"rate": true, "speed": false}` in JSON, both when absent.
    #[serde(with = "own_figures", default = "own_figures::both")]
    pub(crate) own: [bool; 2],
    /// Whether the record gives its length (else it is the great circle times the mode's
    /// detour, estimated again whenever the network is built): `length_given` in JSON, true
    /// when absent.
    #[serde(default = "crate::model::given")]
    pub(crate) length_given: bool,
}

/// A link's `own` flags in JSON: `{"rate": bool, "speed": bool}`.
mod own_figures {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Own {
        rate: bool,
        speed: bool,
    }

    pub(super) fn serialize<S: Serializer>(own: &[bool; 2], s: S) -> Result<S::Ok, S::Error> {
        Own {
            rate: own[0],
            speed: own[1],
        }
        .serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[bool; 2], D::Error> {
        let o = Own::deserialize(d)?;
        Ok([o.rate, o.speed])
    }

    /// A link read from JSON that does not say gives both.
    pub(super) fn both() -> [bool; 2] {
        [true; 2]
    }
}

impl Node {
    /// Where the node is.
    pub fn position(&self) -> LonLat {
        LonLat::new(self.lon, self.lat)
    }
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

    /// The first day a line not yet built is due open, on a date after the file's `as_of`:
    /// the day its `opens` gives, or for a year alone the last day of that year, so that a
    /// line due in 2026 is not taken as open in January 2026 when the file, current to June,
    /// says it is still being built.
    pub(crate) fn due_on(&self) -> Option<Date> {
        match self.opens_year_only() {
            Some(y) => u16::try_from(y).ok().and_then(|y| Date::new(y, 12, 31)),
            None => self.opens_on,
        }
    }

    /// The year of `opens` when only a year was given: the date is 1 January of it, as a
    /// year is read. Messages and the written file show the year, not `YYYY-01-01`.
    pub(crate) fn opens_year_only(&self) -> Option<i32> {
        match (self.opens_on, self.opens) {
            (Some(d), Some(y)) if d == Date::first_of(d.year) && i32::from(d.year) == y => Some(y),
            _ => None,
        }
    }
}

/// A named corridor: a set of links analysts talk about as one route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Corridor {
    /// The id, e.g. `khaf-herat`.
    pub id: String,
    /// The name people use.
    pub name: String,
    /// What the corridor is.
    pub description: Option<String>,
    /// Where the record comes from: the text given, or the ids of its sources.
    pub source: Option<String>,
    /// Ids of the `[[sources]]` entries the record's figures rest on.
    pub sources: Vec<String>,
    /// How an unpublished figure of the record was estimated, when one was.
    pub estimate: Option<String>,
}

/// Cargo that wants to move between two places each year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Demand {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Million tonnes a year.
    pub mtpa: f64,
    /// The low and high of the volume, when stated (`mtpa_range`): what draws of the
    /// demand's volume range over.
    pub mtpa_range: Option<Interval>,
    /// Whether the volume is an estimate.
    pub estimated: bool,
    /// Where the figure comes from: the text given, or the ids of its sources.
    pub source: String,
    /// Ids of the `[[sources]]` entries the record's figures rest on.
    pub sources: Vec<String>,
    /// How an unpublished figure of the record was estimated, when one was.
    pub estimate: Option<String>,
    /// What the cargo is.
    pub description: Option<String>,
}

/// How far a source can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Confidence {
    /// An official or primary source, or two or more independent reputable outlets that agree.
    A,
    /// One reputable news, trade-press or reference source.
    B,
    /// A blog, an aggregator, an undated mirror, or a claim other sources contradict.
    C,
}

impl Confidence {
    /// `A`, `B` or `C`, as in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::A => "A",
            Confidence::B => "B",
            Confidence::C => "C",
        }
    }
}

crate::model::spelt_enum!(
    Confidence,
    "confidence",
    "A, B or C",
    [Confidence::A, Confidence::B, Confidence::C]
);

/// A publication the network's figures rest on: an entry of the file's `[[sources]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Source {
    /// The id records cite, e.g. `adb-cpmm-2023`.
    pub id: String,
    /// The title of the publication or page.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// When, as precisely as the source says: `2024`, `2024-06` or `2024-06-12`.
    pub date: String,
    /// Where a reader can open it.
    pub address: Option<String>,
    /// How far it can be trusted.
    pub confidence: Confidence,
}

/// A network's records and the indices joining them: what the loader and the synthetic
/// generator fill in (leaving the indices to [`Records::joined`]), and everything the engine
/// builds from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Records {
    pub name: String,
    pub year: i32,
    /// The date the data is current to: "today" for queries that give no date.
    pub as_of: Option<Date>,
    pub description: Option<String>,
    pub defaults: Defaults,
    pub transfers: Transfers,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    pub corridors: Vec<Corridor>,
    pub scenarios: Vec<Scenario>,
    pub demands: Vec<Demand>,
    pub observed: Vec<Observed>,
    pub projects: Vec<Project>,
    pub sources: Vec<Source>,
    pub tariffs: Vec<Tariff>,
    pub crossings: Vec<Crossing>,
    pub handling: Vec<Handling>,
    pub units: Vec<Unit>,
    pub currencies: Vec<Currency>,
    pub node_ix: IdMap,
    pub link_ix: IdMap,
    /// For each link, the indices of its two end nodes.
    pub ends: Vec<(usize, usize)>,
    /// For each link, the `[[crossings]]` record priced from its `from` end and from its
    /// `to` end, as indices ([`NONE`] when the `[transfers] border` default applies).
    pub crossing_at: Vec<[u32; 2]>,
    /// For each node, the `[[handling]]` record of a gauge, a mode and a port transfer there
    /// ([`NONE`] when the `[transfers]` default applies).
    pub handling_at: Vec<[u32; 3]>,
    /// The `[uncertainty]` spreads, when the file declares them.
    pub spreads: Option<Spreads>,
    /// Per link: where its rate and its speed come from (built by [`Records::joined`]).
    pub rate_from: Vec<[RateFrom; 2]>,
    /// What the `[network]` table cites: its `source` text, `sources` and `estimate`, as
    /// given (written back by `to_toml`).
    pub network_cite: (Option<String>, Vec<String>, Option<String>),
    /// The parameters and which figure each is (built by [`Records::joined`]).
    pub uncertain: Uncertain,
}

/// No record: the index tables' empty entry.
pub(crate) const NONE: u32 = u32::MAX;

impl Records {
    /// The records with their indices built: ids to indices, each link to its two end nodes,
    /// each link's crossings by direction and each node's handling. The one assembly every
    /// input goes through.
    ///
    /// # Errors
    /// The id of the first link whose end names no node, the link or node of a crossing or
    /// handling record that names none, or an id a project names that is neither (a caller
    /// that validated its records never sees one).
    pub(crate) fn joined(mut self) -> Result<Records, String> {
        self.node_ix = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        self.link_ix = self
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.clone(), i))
            .collect();
        self.ends = self
            .links
            .iter()
            .map(
                |l| match (self.node_ix.get(&l.from), self.node_ix.get(&l.to)) {
                    (Some(&a), Some(&b)) => Ok((a, b)),
                    _ => Err(l.id.clone()),
                },
            )
            .collect::<Result<Vec<_>, _>>()?;
        self.crossing_at = vec![[NONE; 2]; self.links.len()];
        for (k, c) in self.crossings.iter().enumerate() {
            let Some(&l) = self.link_ix.get(&c.link) else {
                return Err(c.link.clone());
            };
            let link = &self.links[l];
            let dirs: &[usize] = match c.from.as_deref() {
                None => &[0, 1],
                Some(f) if f == link.from => &[0],
                Some(_) => &[1],
            };
            for &d in dirs {
                self.crossing_at[l][d] = k as u32;
            }
        }
        self.handling_at = vec![[NONE; 3]; self.nodes.len()];
        for (k, h) in self.handling.iter().enumerate() {
            let Some(&v) = self.node_ix.get(&h.node) else {
                return Err(h.node.clone());
            };
            if let Some(slot) = handling_slot(h.kind) {
                self.handling_at[v][slot] = k as u32;
            }
        }
        for p in &self.projects {
            let mut named = p.links.iter().chain(p.capacity_mtpa.keys());
            if let Some(id) =
                named.find(|id| !self.link_ix.contains_key(*id) && !self.node_ix.contains_key(*id))
            {
                return Err(id.clone());
            }
        }
        self.apply_tariffs();
        self.uncertain = self.uncertain();
        Ok(self)
    }

    /// Gives every link that states no rate or speed of its own those of its country's tariff
    /// for its mode: for a link across a border, the mean of the two countries' (or the one
    /// that has a tariff); else the mode's default. Records where each came from.
    fn apply_tariffs(&mut self) {
        let mut rate_from = vec![[RateFrom::Default; 2]; self.links.len()];
        for (i, l) in self.links.iter_mut().enumerate() {
            let l_rate_from = &mut rate_from[i];
            let (a, b) = self.ends[i];
            let ends = [
                self.nodes[a].country.as_str(),
                self.nodes[b].country.as_str(),
            ];
            let found: Vec<(u32, &Tariff)> = self
                .tariffs
                .iter()
                .enumerate()
                .filter(|(_, t)| t.mode == l.mode && ends.contains(&t.country.as_str()))
                .map(|(k, t)| (k as u32, t))
                .collect();
            // The mean of one or two figures, as the search weighs it: (a + b) / 2.
            let mean = |f: fn(&Tariff) -> Option<f64>| -> Option<(f64, RateFrom, Vec<&Tariff>)> {
                let xs: Vec<(u32, f64, &Tariff)> = found
                    .iter()
                    .filter_map(|&(k, t)| f(t).map(|x| (k, x, t)))
                    .collect();
                let (first, last) = (xs.first()?, xs.last()?);
                let v = (first.1 + last.1) * 0.5;
                let used = xs.iter().map(|x| x.2).collect();
                Some((v, RateFrom::Tariffs(first.0, last.0), used))
            };
            let md = self.defaults.of(l.mode);
            let mut used: Vec<&Tariff> = Vec::new();
            if l.own[0] {
                l_rate_from[0] = RateFrom::Own;
            } else {
                match mean(|t| t.usd_per_tkm) {
                    Some((r, from, rated)) => {
                        l.usd_per_tkm = r;
                        l_rate_from[0] = from;
                        // A mean of two countries' rates is derived, whatever each one's basis.
                        let b = rated
                            .iter()
                            .map(|t| t.basis)
                            .fold(Basis::Published, Basis::weaker);
                        l.rate_basis = if rated.len() > 1 {
                            b.weaker(Basis::Derived)
                        } else {
                            b
                        };
                        used.extend(rated);
                    }
                    None => {
                        l.usd_per_tkm = md.usd_per_tkm;
                        l.rate_basis = Basis::Default;
                        l_rate_from[0] = RateFrom::Default;
                    }
                }
            }
            if l.own[1] {
                l_rate_from[1] = RateFrom::Own;
            } else {
                match mean(|t| t.speed_kmh) {
                    Some((v, from, timed)) => {
                        l.speed_kmh = v;
                        l_rate_from[1] = from;
                        used.extend(timed);
                    }
                    None => {
                        l.speed_kmh = md.speed_kmh;
                        l_rate_from[1] = RateFrom::Default;
                    }
                }
            }
            for t in used {
                for s in &t.sources {
                    if !l.rate_sources.contains(s) {
                        l.rate_sources.push(s.clone());
                    }
                }
            }
        }
        self.rate_from = rate_from;
    }

    /// Where in `crossings` the record of link `l` crossed from its `from` end (`forward`) or
    /// from its `to` end is, if it has one.
    pub(crate) fn crossing_index(&self, l: usize, forward: bool) -> Option<usize> {
        let k = self.crossing_at.get(l)?[usize::from(!forward)] as usize;
        (k < self.crossings.len()).then_some(k)
    }

    /// Where in `handling` the record of a kind of transfer at node `v` is, if it has one.
    pub(crate) fn handling_index(&self, v: usize, kind: TransferKind) -> Option<usize> {
        let k = self.handling_at.get(v)?[handling_slot(kind)?] as usize;
        (k < self.handling.len()).then_some(k)
    }

    /// Whether two sets of records are the same network: every record and table equal (the
    /// indices built from them, and so equal too, are not compared).
    pub(crate) fn same_records(&self, o: &Records) -> bool {
        self.name == o.name
            && self.year == o.year
            && self.as_of == o.as_of
            && self.description == o.description
            && self.network_cite == o.network_cite
            && self.defaults == o.defaults
            && self.transfers == o.transfers
            && self.spreads == o.spreads
            && self.units == o.units
            && self.currencies == o.currencies
            && self.sources == o.sources
            && self.tariffs == o.tariffs
            && self.crossings == o.crossings
            && self.handling == o.handling
            && self.corridors == o.corridors
            && self.nodes == o.nodes
            && self.links == o.links
            && self.scenarios == o.scenarios
            && self.demands == o.demands
            && self.observed == o.observed
            && self.projects == o.projects
    }

    /// The country codes of the nodes, sorted, each once.
    pub(crate) fn countries(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self.nodes.iter().map(|n| n.country.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c
    }
}

/// The column of `handling_at` a kind of transfer uses; `None` for a border, which is priced
/// per link.
pub(crate) fn handling_slot(kind: TransferKind) -> Option<usize> {
    match kind {
        TransferKind::Gauge => Some(0),
        TransferKind::Mode => Some(1),
        TransferKind::Port => Some(2),
        TransferKind::Border => None,
    }
}
