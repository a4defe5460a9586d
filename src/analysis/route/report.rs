//! What a route is: its legs, transfers and totals, and how a path of the search becomes one.

use serde::{Deserialize, Serialize};

use crate::engine::{Graph, Names, START, Step, View, Weights, transfer, walk};
use crate::model::{Basis, Id, Mode, Status, TransferKind};
use crate::network::Network;

/// One leg of a route: a link taken in one direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Leg {
    /// The link id.
    pub link: Id,
    /// Node id the leg starts at.
    pub from: Id,
    /// Node id the leg ends at.
    pub to: Id,
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
    pub corridors: Vec<Id>,
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
    pub node: Id,
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
    pub countries: Vec<Id>,
    /// Corridors used, in order of first use.
    pub corridors: Vec<Id>,
    /// Number of borders crossed.
    pub border_crossings: usize,
    /// The smallest known capacity on the route (links and node throughput), Mt/yr; `None`
    /// when no capacity on the route is known.
    pub bottleneck_mtpa: Option<f64>,
    /// The link or node that sets the bottleneck.
    pub bottleneck_id: Option<Id>,
    /// Links on the route not yet built on the day looked at: not operational in the file,
    /// and on a day after its `as_of` not due to open by then either.
    pub unbuilt: Vec<Id>,
    /// Ids of the `[[sources]]` the route's links and places cite, in order of first use.
    pub sources: Vec<Id>,
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
        let names = self.engine.names(d);
        // The sources in order of first use: the records' own (the origin's, then each link's
        // and the place it reaches) before what the route's transfers and tariffs cite. Lists
        // are sized for a typical route, so they are not grown one doubling at a time.
        let mut sources = FirstUses::with_capacity(2 * steps.len());
        let mut cited: Vec<u32> = Vec::with_capacity(4 * steps.len());
        if let Some(s) = steps.first() {
            sources.add(names.node_cites.of(s.from as usize));
        }
        let mut legs = Vec::with_capacity(steps.len());
        let mut transfers = Vec::with_capacity(steps.len());
        let mut class = START;
        for s in steps {
            let (i, from, to) = (s.link as usize, s.from as usize, s.to as usize);
            let l = &d.links[i];
            let (kind, next) = transfer(class, g.class[i]);
            class = next;
            if let Some(k) = kind {
                let at = d.handling_index(from, k);
                let c = t.of(k);
                let priced = at.map(|h| &d.handling[h].priced);
                transfers.push(Transfer {
                    node: names.node(from).clone(),
                    kind: k,
                    hours: priced.map_or(c.hours, |p| p.hours),
                    usd_per_t: priced.map_or(c.usd_per_t, |p| p.usd_per_t),
                    basis: priced.map_or(Basis::Default, |p| p.basis),
                });
                cited.extend(at.into_iter().flat_map(|h| names.handling_cites.of(h)));
            }
            if g.border[i] {
                let at = d.crossing_index(i, d.ends[i].0 == from);
                let priced = at.map(|c| &d.crossings[c].priced);
                transfers.push(Transfer {
                    node: names.node(to).clone(),
                    kind: TransferKind::Border,
                    hours: priced.map_or(t.border.hours, |p| p.hours),
                    usd_per_t: priced.map_or(t.border.usd_per_t, |p| p.usd_per_t),
                    basis: priced.map_or(Basis::Default, |p| p.basis),
                });
                cited.extend(at.into_iter().flat_map(|c| names.crossing_cites.of(c)));
            }
            cited.extend(names.rate_cites.of(i));
            sources.add(names.link_cites.of(i));
            sources.add(names.node_cites.of(to));
            let cap = l
                .capacity_mtpa
                .or(d.defaults.of(l.mode).capacity_mtpa)
                .map(|c| c * view.capacity_factor[i]);
            legs.push(Leg {
                link: names.link(i).clone(),
                from: names.node(from).clone(),
                to: names.node(to).clone(),
                mode: l.mode,
                gauge_mm: l.gauge_mm,
                distance_km: l.length_km,
                hours: l.hours() + view.add_hours[i],
                usd_per_t: l.usd_per_t() + view.add_usd[i],
                status: l.status,
                opens: l.opens,
                capacity_mtpa: cap,
                corridors: texts(names, names.corridors.of(i)),
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
        let mut country: Vec<u32> = Vec::new();
        for &v in &path {
            let c = names.country(v);
            if country.last() != Some(&c) {
                country.push(c);
            }
        }
        let mut corridors = FirstUses::with_capacity(steps.len());
        for s in steps {
            corridors.add(names.corridors.of(s.link as usize));
        }
        sources.add(&cited);
        // The smallest capacity, the first of a tie: links before places, each in route order.
        let links = legs.iter().map(|l| (l.capacity_mtpa, &l.link));
        let places = path
            .iter()
            .map(|&v| (d.nodes[v].capacity_mtpa, names.node(v)));
        let bottleneck = links
            .chain(places)
            .filter_map(|(cap, id)| Some((cap?, id)))
            .fold(None, |least: Option<(f64, &Id)>, (cap, id)| match least {
                Some((b, _)) if cap >= b => least,
                _ => Some((cap, id)),
            });
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
            unbuilt: steps
                .iter()
                .zip(&legs)
                .filter(|(s, _)| !view.built(&d.links[s.link as usize]))
                .map(|(_, l)| l.link.clone())
                .collect(),
            survival: self.survival(&steps.iter().map(|s| s.link).collect::<Vec<_>>()),
            sources: texts(names, &sources.list),
            bottleneck_mtpa: bottleneck.map(|b| b.0),
            bottleneck_id: bottleneck.map(|b| b.1.clone()),
            legs,
            transfers,
            countries: texts(names, &country),
            corridors: texts(names, &corridors.list),
        }
    }
}

/// The texts of these indices, in order.
fn texts(names: &Names, ix: &[u32]) -> Vec<Id> {
    ix.iter().map(|&i| names.text(i).clone()).collect()
}

/// Each index once, in order of first use.
struct FirstUses {
    /// Which indices below 1,024 are listed, in bits; a larger one (of a network citing more
    /// texts than that) is looked up in the list itself.
    seen: [u64; 16],
    list: Vec<u32>,
}

impl FirstUses {
    fn with_capacity(n: usize) -> FirstUses {
        FirstUses {
            seen: [0; 16],
            list: Vec::with_capacity(n),
        }
    }

    /// Lists each of these indices not listed yet.
    fn add(&mut self, ix: &[u32]) {
        for &i in ix {
            let new = match self.seen.get_mut(i as usize / 64) {
                Some(word) => {
                    let bit = 1u64 << (i % 64);
                    let new = *word & bit == 0;
                    *word |= bit;
                    new
                }
                None => !self.list.contains(&i),
            };
            if new {
                self.list.push(i);
            }
        }
    }
}
