//! What-if edits: the Python `Editor` collects operations and sends them here as one JSON
//! array; they are applied to the library's `NetworkBuilder` in order and the network is built
//! (written and loaded again, so an edited network obeys exactly a file's rules).

use std::collections::BTreeMap;

use corridors as c;
use serde::Deserialize;

use crate::{Failure, Outcome, options, spelt};

/// One edit, as `{"link_capacity": {"id": …, "mtpa": …}}`: a field of the wrong type is then
/// named with its edit (`mtpa of link_capacity`).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Op {
    LinkCapacity {
        id: String,
        mtpa: Option<f64>,
    },
    NodeCapacity {
        id: String,
        mtpa: Option<f64>,
    },
    LinkRate {
        id: String,
        usd_per_tkm: f64,
    },
    LinkStatus {
        id: String,
        status: String,
        opens: Option<i32>,
    },
    TariffRate {
        country: String,
        mode: String,
        usd_per_tkm: Option<f64>,
    },
    CrossingCost {
        link: String,
        from: Option<String>,
        hours: f64,
        usd_per_t: f64,
    },
    AddLink(NewLink),
    RemoveLink {
        id: String,
    },
    AddNode(NewNode),
    RemoveNode {
        id: String,
    },
    AddDemand {
        from: String,
        to: String,
        mtpa: f64,
        #[serde(default)]
        mtpa_range: Option<(f64, f64)>,
    },
    RemoveDemand {
        from: String,
        to: String,
    },
    AddScenario(Box<NewScenario>),
    RemoveScenario {
        id: String,
    },
    AddObserved(NewObserved),
    RemoveObserved {
        link: Option<String>,
        node: Option<String>,
    },
}

/// A count of traffic to add: at a link (one way, `from` one of its ends, or both) or a node.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewObserved {
    link: Option<String>,
    node: Option<String>,
    from: Option<String>,
    start: String,
    end: String,
    tonnes: f64,
    tonnes_range: Option<(f64, f64)>,
    #[serde(default)]
    sources: Vec<String>,
    source: Option<String>,
    estimate: Option<String>,
    description: Option<String>,
}

/// The place an edit names: exactly one of a link and a node.
fn site(link: Option<String>, node: Option<String>) -> Outcome<c::Site> {
    match (link, node) {
        (Some(l), None) => Ok(c::Site::Link(l)),
        (None, Some(n)) => Ok(c::Site::Node(n)),
        _ => Err(Failure::Options(
            "a count names one place: give link or node, not both".into(),
        )),
    }
}

/// A date as the Python layer sends it, `YYYY-MM-DD`.
fn day(s: &str) -> Outcome<c::Date> {
    s.parse::<c::Date>().map_err(|e| Failure::Spelling {
        what: "date",
        message: e.to_string(),
    })
}

impl NewObserved {
    fn record(self) -> Outcome<c::Observed> {
        let (start, end) = (day(&self.start)?, day(&self.end)?);
        let mut o = c::Observed::new(site(self.link, self.node)?, start, end, self.tonnes);
        if let Some(f) = self.from {
            o = o.from(f);
        }
        if let Some((low, high)) = self.tonnes_range {
            o = o.tonnes_range(low, high);
        }
        if let Some(s) = self.source {
            o = o.source(s);
        }
        if !self.sources.is_empty() {
            o = o.sources(self.sources);
        }
        if let Some(how) = self.estimate {
            o = o.estimated(true).estimate(how);
        }
        if let Some(d) = self.description {
            o = o.description(d);
        }
        Ok(o)
    }
}

/// A scenario built in code: the fields of a `[[scenarios]]` record, by their names in the
/// file. Nothing is checked here: the builder writes it as a record and the loader checks it
/// by the one rule set of scenarios.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewScenario {
    id: String,
    /// The id when not given.
    name: Option<String>,
    description: Option<String>,
    start: Option<String>,
    end: Option<String>,
    confirmed: Option<String>,
    #[serde(default)]
    recurs_yearly: bool,
    #[serde(default)]
    close_links: Vec<String>,
    #[serde(default)]
    close_nodes: Vec<String>,
    #[serde(default)]
    close_countries: Vec<String>,
    #[serde(default)]
    close_borders: Vec<[String; 2]>,
    #[serde(default)]
    close_corridors: Vec<String>,
    #[serde(default)]
    ban_between: Vec<[String; 2]>,
    #[serde(default)]
    capacity_factor: BTreeMap<String, f64>,
    #[serde(default)]
    add_hours: BTreeMap<String, f64>,
    #[serde(default)]
    add_usd_per_t: BTreeMap<String, f64>,
    #[serde(default)]
    capacity_factor_range: BTreeMap<String, (f64, f64)>,
    #[serde(default)]
    add_hours_range: BTreeMap<String, (f64, f64)>,
    #[serde(default)]
    add_usd_per_t_range: BTreeMap<String, (f64, f64)>,
    probability: Option<f64>,
    probability_range: Option<(f64, f64)>,
    source: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    estimate: Option<String>,
}

impl NewScenario {
    fn record(self) -> Outcome<c::Scenario> {
        let ranges = |m: BTreeMap<String, (f64, f64)>| {
            m.into_iter()
                .map(|(k, (low, high))| (k, c::Interval::new(low, high)))
                .collect()
        };
        let name = self.name.unwrap_or_else(|| self.id.clone());
        let mut s = c::Scenario::new(self.id, name);
        s.description = self.description;
        s.start = self.start.as_deref().map(day).transpose()?;
        s.end = self.end.as_deref().map(day).transpose()?;
        s.confirmed = self.confirmed.as_deref().map(day).transpose()?;
        s.recurs_yearly = self.recurs_yearly;
        s.close_links = self.close_links;
        s.close_nodes = self.close_nodes;
        s.close_countries = self.close_countries;
        s.close_borders = self.close_borders;
        s.close_corridors = self.close_corridors;
        s.ban_between = self.ban_between;
        s.capacity_factor = self.capacity_factor;
        s.add_hours = self.add_hours;
        s.add_usd_per_t = self.add_usd_per_t;
        s.capacity_factor_range = ranges(self.capacity_factor_range);
        s.add_hours_range = ranges(self.add_hours_range);
        s.add_usd_per_t_range = ranges(self.add_usd_per_t_range);
        s.probability = self.probability;
        s.probability_range = self
            .probability_range
            .map(|(low, high)| c::Interval::new(low, high));
        s.estimate = self.estimate;
        // The ids first: a text given as well is kept, as the loader keeps it.
        if !self.sources.is_empty() {
            s = s.sources(self.sources);
        }
        if let Some(text) = self.source {
            s = s.source(text);
        }
        Ok(s)
    }
}

/// A link built in code: what the file requires, and the figures it may give.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewLink {
    id: String,
    from: String,
    to: String,
    mode: String,
    length_km: Option<f64>,
    status: Option<String>,
    opens: Option<u16>,
    capacity_mtpa: Option<f64>,
    gauge_mm: Option<u32>,
    speed_kmh: Option<f64>,
    usd_per_tkm: Option<f64>,
    #[serde(default)]
    corridors: Vec<String>,
    #[serde(default)]
    oneway: bool,
    source: Option<String>,
}

/// A place built in code.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewNode {
    id: String,
    name: String,
    country: String,
    kind: String,
    lat: f64,
    lon: f64,
    capacity_mtpa: Option<f64>,
    source: Option<String>,
}

impl NewLink {
    fn record(self) -> Outcome<c::Link> {
        let mut l = c::Link::new(self.id, self.from, self.to, spelt("mode", &self.mode)?);
        if let Some(km) = self.length_km {
            l = l.length_km(km);
        }
        if let Some(s) = &self.status {
            l = l.status(spelt("status", s)?);
        }
        if let Some(y) = self.opens {
            l = l.opens(y);
        }
        if let Some(x) = self.capacity_mtpa {
            l = l.capacity_mtpa(x);
        }
        if let Some(mm) = self.gauge_mm {
            l = l.gauge_mm(mm);
        }
        if let Some(v) = self.speed_kmh {
            l = l.speed_kmh(v);
        }
        if let Some(r) = self.usd_per_tkm {
            l = l.usd_per_tkm(r);
        }
        for id in self.corridors {
            l = l.corridor(id);
        }
        if let Some(s) = self.source {
            l = l.source(s);
        }
        Ok(l.oneway(self.oneway))
    }
}

impl NewNode {
    fn record(self) -> Outcome<c::Node> {
        let at = c::LonLat::new(self.lon, self.lat);
        let kind = spelt("node kind", &self.kind)?;
        let mut n = c::Node::new(self.id, self.name, self.country, kind, at);
        if let Some(x) = self.capacity_mtpa {
            n = n.capacity_mtpa(x);
        }
        if let Some(s) = self.source {
            n = n.source(s);
        }
        Ok(n)
    }
}

/// `net` with the edits `ops` (a JSON array) applied, built.
pub(crate) fn apply(net: &c::Network, ops: &str) -> Outcome<c::Network> {
    let ops: Vec<Op> = options(ops)?;
    let mut b = net.edit();
    for op in ops {
        b = match op {
            Op::LinkCapacity { id, mtpa } => b.link_capacity(&id, mtpa),
            Op::NodeCapacity { id, mtpa } => b.node_capacity(&id, mtpa),
            Op::LinkRate { id, usd_per_tkm } => b.link_rate(&id, usd_per_tkm),
            Op::LinkStatus { id, status, opens } => {
                let status: c::Status = spelt("status", &status)?;
                b.change_link(&id, |l| {
                    l.status = status;
                    if opens.is_some() {
                        l.opens = opens;
                    }
                })
            }
            Op::TariffRate {
                country,
                mode,
                usd_per_tkm,
            } => b.tariff_rate(&country, spelt("mode", &mode)?, usd_per_tkm),
            Op::CrossingCost {
                link,
                from,
                hours,
                usd_per_t,
            } => b.crossing_cost(&link, from.as_deref(), hours, usd_per_t),
            Op::AddLink(l) => b.add_link(l.record()?),
            Op::RemoveLink { id } => b.remove_link(&id),
            Op::AddNode(n) => b.add_node(n.record()?),
            Op::RemoveNode { id } => b.remove_node(&id),
            Op::AddDemand {
                from,
                to,
                mtpa,
                mtpa_range,
            } => {
                let d = c::Demand::new(from, to, mtpa);
                b.demand(match mtpa_range {
                    Some((low, high)) => d.mtpa_range(low, high),
                    None => d,
                })
            }
            Op::RemoveDemand { from, to } => b.remove_demand(&from, &to),
            Op::AddScenario(s) => b.add_scenario(s.record()?),
            Op::RemoveScenario { id } => b.remove_scenario(&id),
            Op::AddObserved(o) => b.observed(o.record()?),
            Op::RemoveObserved { link, node } => b.remove_observed(&site(link, node)?),
        };
    }
    Ok(b.build()?)
}
