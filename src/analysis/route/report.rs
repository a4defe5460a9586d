//! What a route is: its legs, transfers and totals, and how a path of the search becomes one.

use serde::{Deserialize, Serialize};

use crate::engine::{Graph, START, Step, View, Weights, transfer, walk};
use crate::model::{Basis, Mode, Status, TransferKind};
use crate::network::Network;

/// One leg of a route: a link taken in one direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Leg {
    /// The link id.
    pub link: String,
    /// Node id the leg starts at.
    pub from: String,
    /// Node id the leg ends at.
    pub to: String,
    /// The link's mode.
    pub mode: Mode,
    /// Rail gauge, mm, when known.
    pub gauge_mm: Option<u32>,
    /// Kilometres.
    pub distance_km: f64,
    /// Hours, scenario delays included, transfers not.
    pub hours: f64,
    /// USD per tonne, scenario surcharges included, transfer fees not.
    pub usd_per_t: f64,
    /// The link's status.
    pub status: Status,
    /// Expected opening year of a link not yet built.
    pub opens: Option<i32>,
    /// Capacity, Mt/yr, after scenarios; `None` when unknown.
    pub capacity_mtpa: Option<f64>,
    /// The corridors the link belongs to.
    pub corridors: Vec<String>,
    /// Whether the length is an estimate.
    pub estimated: bool,
    /// How the leg's rate and speed came to be: the link's own or its country's tariff
    /// (`published`, `derived` or `estimated`), or the mode's `default`.
    pub basis: Basis,
}

/// A change a route makes at a node: gauge, mode, port or border.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Transfer {
    /// Where: the node at which the change happens (for a border, the first node across it).
    pub node: String,
    /// What kind of change.
    pub kind: TransferKind,
    /// Hours it takes.
    pub hours: f64,
    /// USD per tonne it costs.
    pub usd_per_t: f64,
    /// How the figures came to be: a `[[crossings]]` or `[[handling]]` record's basis, or
    /// `default` when the file's `[transfers]` figure applies.
    pub basis: Basis,
}

/// A route found, with everything an analyst asks of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Route {
    /// Total kilometres.
    pub distance_km: f64,
    /// Total hours, transfers included.
    pub hours: f64,
    /// Total days (hours / 24).
    pub days: f64,
    /// Total USD per tonne, transfer fees included.
    pub usd_per_t: f64,
    /// The value of the metric the route minimises.
    pub metric_value: f64,
    /// Legs in order.
    pub legs: Vec<Leg>,
    /// Transfers in order.
    pub transfers: Vec<Transfer>,
    /// Countries passed, in order.
    pub countries: Vec<String>,
    /// Corridors used, in order of first use.
    pub corridors: Vec<String>,
    /// Number of borders crossed.
    pub border_crossings: usize,
    /// The smallest known capacity on the route (links and node throughput), Mt/yr; `None`
    /// when no capacity on the route is known.
    pub bottleneck_mtpa: Option<f64>,
    /// The link or node that sets the bottleneck.
    pub bottleneck_id: Option<String>,
    /// Links on the route that are not yet operational.
    pub unbuilt: Vec<String>,
    /// Ids of the `[[sources]]` the route's links and places cite, in order of first use.
    pub sources: Vec<String>,
    /// The chance that no scenario of the file closes a link of the route within a year
    /// (scenarios striking independently); `None` when no scenario has a probability.
    pub survival: Option<f64>,
}

impl Route {
    /// A route with no legs: the lists of an answer with no route.
    pub(crate) fn empty() -> Route {
        Route {
            distance_km: 0.0,
            hours: 0.0,
            days: 0.0,
            usd_per_t: 0.0,
            metric_value: 0.0,
            legs: Vec::new(),
            transfers: Vec::new(),
            countries: Vec::new(),
            corridors: Vec::new(),
            border_crossings: 0,
            bottleneck_mtpa: None,
            bottleneck_id: None,
            unbuilt: Vec::new(),
            sources: Vec::new(),
            survival: None,
        }
    }

    /// Whether the route uses only operational links.
    pub fn is_built(&self) -> bool {
        self.unbuilt.is_empty()
    }

    /// Links on the route whose capacity is unknown (counted as unbounded).
    pub fn unknown_capacity(&self) -> impl Iterator<Item = &str> {
        self.legs
            .iter()
            .filter(|l| l.capacity_mtpa.is_none())
            .map(|l| l.link.as_str())
    }

    /// The number of transfers of a kind.
    pub fn count(&self, kind: TransferKind) -> usize {
        self.transfers.iter().filter(|t| t.kind == kind).count()
    }

    /// Node ids in order, from the origin to the destination.
    pub fn nodes(&self) -> impl Iterator<Item = &str> {
        self.legs
            .first()
            .map(|l| l.from.as_str())
            .into_iter()
            .chain(self.legs.iter().map(|l| l.to.as_str()))
    }

    /// Whether the route passes the node.
    pub fn passes(&self, node: &str) -> bool {
        self.nodes().any(|n| n == node)
    }
}

impl Network {
    /// Builds the report of a path.
    pub(crate) fn report(&self, g: &Graph, view: &View, w: &Weights, steps: &[Step]) -> Route {
        let d = &self.data;
        let t = &d.transfers;
        // Sized for a typical route, so the lists are not grown one doubling at a time.
        let mut cited: Vec<&String> = Vec::with_capacity(4 * steps.len());
        let mut legs = Vec::with_capacity(steps.len());
        let mut transfers = Vec::with_capacity(steps.len());
        let mut class = START;
        for s in steps {
            let i = s.link as usize;
            let l = &self.data.links[i];
            let (kind, next) = transfer(class, g.class[i]);
            class = next;
            let here = &self.data.nodes[s.from as usize].id;
            if let Some(k) = kind {
                let at = d.handling(s.from as usize, k);
                let c = t.of(k);
                transfers.push(Transfer {
                    node: here.clone(),
                    kind: k,
                    hours: at.map_or(c.hours, |h| h.priced.hours),
                    usd_per_t: at.map_or(c.usd_per_t, |h| h.priced.usd_per_t),
                    basis: at.map_or(Basis::Default, |h| h.priced.basis),
                });
                cited.extend(at.iter().flat_map(|h| &h.priced.sources));
            }
            if g.border[i] {
                let forward = d.ends[i].0 == s.from as usize;
                let at = d.crossing(i, forward);
                transfers.push(Transfer {
                    node: d.nodes[s.to as usize].id.clone(),
                    kind: TransferKind::Border,
                    hours: at.map_or(t.border.hours, |c| c.priced.hours),
                    usd_per_t: at.map_or(t.border.usd_per_t, |c| c.priced.usd_per_t),
                    basis: at.map_or(Basis::Default, |c| c.priced.basis),
                });
                cited.extend(at.iter().flat_map(|c| &c.priced.sources));
            }
            cited.extend(&l.rate_sources);
            let cap = l
                .capacity_mtpa
                .or(self.data.defaults.of(l.mode).capacity_mtpa)
                .map(|c| c * view.capacity_factor[i]);
            legs.push(Leg {
                link: l.id.clone(),
                from: here.clone(),
                to: self.data.nodes[s.to as usize].id.clone(),
                mode: l.mode,
                gauge_mm: l.gauge_mm,
                distance_km: l.length_km,
                hours: l.hours() + view.add_hours[i],
                usd_per_t: l.usd_per_t() + view.add_usd[i],
                status: l.status,
                opens: l.opens,
                capacity_mtpa: cap,
                corridors: l.corridors.clone(),
                estimated: l.estimated,
                basis: l.rate_basis,
            });
        }
        let path: Vec<usize> = steps
            .first()
            .map(|s| s.from as usize)
            .into_iter()
            .chain(steps.iter().map(|s| s.to as usize))
            .collect();
        let mut countries: Vec<String> = Vec::new();
        for &v in &path {
            let c = &self.data.nodes[v].country;
            if countries.last() != Some(c) {
                countries.push(c.clone());
            }
        }
        let mut corridors: Vec<String> = Vec::new();
        for leg in &legs {
            for c in &leg.corridors {
                if !corridors.contains(c) {
                    corridors.push(c.clone());
                }
            }
        }
        let mut sources: Vec<String> = Vec::with_capacity(cited.len() + 2 * steps.len());
        let origin = path
            .first()
            .into_iter()
            .flat_map(|&v| &self.data.nodes[v].sources);
        let extra = cited;
        let cited = origin.chain(steps.iter().flat_map(|s| {
            let l = &self.data.links[s.link as usize];
            l.sources
                .iter()
                .chain(&self.data.nodes[s.to as usize].sources)
        }));
        for id in cited.chain(extra) {
            if !sources.contains(id) {
                sources.push(id.clone());
            }
        }
        let mut bottleneck: Option<(f64, String)> = None;
        let mut consider = |cap: f64, id: &str| {
            if bottleneck.as_ref().is_none_or(|(b, _)| cap < *b) {
                bottleneck = Some((cap, id.to_string()));
            }
        };
        for leg in &legs {
            if let Some(c) = leg.capacity_mtpa {
                consider(c, &leg.link);
            }
        }
        for &v in &path {
            if let Some(c) = self.data.nodes[v].capacity_mtpa {
                consider(c, &self.data.nodes[v].id);
            }
        }
        let distance_km = legs.iter().map(|l| l.distance_km).sum();
        let hours: f64 = legs.iter().map(|l| l.hours).sum::<f64>()
            + transfers.iter().map(|t| t.hours).sum::<f64>();
        let usd_per_t = legs.iter().map(|l| l.usd_per_t).sum::<f64>()
            + transfers.iter().map(|t| t.usd_per_t).sum::<f64>();
        Route {
            distance_km,
            hours,
            days: hours / 24.0,
            usd_per_t,
            metric_value: walk(g, w, steps).0,
            border_crossings: transfers
                .iter()
                .filter(|t| t.kind == TransferKind::Border)
                .count(),
            unbuilt: legs
                .iter()
                .filter(|l| l.status != Status::Operational)
                .map(|l| l.link.clone())
                .collect(),
            survival: self.survival(&steps.iter().map(|s| s.link).collect::<Vec<_>>()),
            sources,
            bottleneck_mtpa: bottleneck.as_ref().map(|b| b.0),
            bottleneck_id: bottleneck.map(|b| b.1),
            legs,
            transfers,
            countries,
            corridors,
        }
    }
}
