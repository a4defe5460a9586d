//! How full the counted links and places were: each `[[observed]]` count, as Mt/yr, set
//! against the capacity the network gives that link or place.
//!
//! The capacity is the one built, with no scenario applied: a count taken while a border was
//! shut is low because it was shut, and reads so against what the crossing carries when open.
//! A link's capacity is per direction (the file's contract), so a count of one direction is
//! set against it, and a count of both directions together against twice it (once, for a
//! one-way link); such a share says nothing of an imbalance, and the busier direction may be
//! fuller than it shows. A link with no capacity of its own takes its mode's default; a place
//! with none, or a link with neither, has no share.

use serde::{Deserialize, Serialize};

use crate::analysis::{Day, LinkLoad, Named, OptimalAssignment, Split};
use crate::error::QueryError;
use crate::model::{Date, Interval, Observed, Site};
use crate::network::Network;
use crate::util::fnv::FnvMap;

/// What a count's share is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Against {
    /// A place's throughput.
    Throughput,
    /// A link's capacity in the direction counted.
    OneDirection,
    /// A link's capacity both ways, for a count of both directions.
    BothDirections,
    /// No capacity is known: the count has no share.
    Unknown,
}

impl Against {
    /// The word JSON and CSV use: `throughput`, `one_direction`, `both_directions` or
    /// `unknown`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(corridors::Against::OneDirection.as_str(), "one_direction");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Against::Throughput => "throughput",
            Against::OneDirection => "one_direction",
            Against::BothDirections => "both_directions",
            Against::Unknown => "unknown",
        }
    }
}

/// Where a capacity a count is set against comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CapacityFrom {
    /// The link's or place's own record.
    Record,
    /// The default of the link's mode (`[defaults.<mode>] capacity_mtpa`).
    ModeDefault,
    /// None is known.
    Unknown,
}

impl CapacityFrom {
    /// The word JSON and CSV use: `record`, `mode_default` or `unknown`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(corridors::CapacityFrom::ModeDefault.as_str(), "mode_default");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityFrom::Record => "record",
            CapacityFrom::ModeDefault => "mode_default",
            CapacityFrom::Unknown => "unknown",
        }
    }
}

/// One count and how full it shows its link or place to have been.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Use {
    /// Where it was counted.
    pub at: Site,
    /// On a link, the end the counted cargo came from; `None` for both directions.
    pub from: Option<String>,
    /// The first day counted.
    pub start: Date,
    /// The last day counted.
    pub end: Date,
    /// Days counted.
    pub days: i64,
    /// The count as Mt/yr ([`Observed::mtpa`]).
    pub mtpa: f64,
    /// Its low and high, when the count has a range.
    pub mtpa_range: Option<Interval>,
    /// The capacity it is set against, Mt/yr (per [`Use::against`]); `None` when unknown.
    pub capacity_mtpa: Option<f64>,
    /// That capacity's low and high, when its record states them.
    pub capacity_mtpa_range: Option<Interval>,
    /// What the capacity is: a place's throughput, or a link's one way or both.
    pub against: Against,
    /// Where the capacity comes from.
    pub capacity_from: CapacityFrom,
    /// `mtpa / capacity_mtpa`; over 1 when more was counted than the capacity.
    pub share: Option<f64>,
    /// The share's low and high: the lowest count over the highest capacity, and the
    /// highest count over the lowest, where either has a range.
    pub share_range: Option<Interval>,
    /// Whether the count is an estimate.
    pub estimated: bool,
    /// Ids of the `[[sources]]` the count rests on.
    pub sources: Vec<String>,
    /// What was counted.
    pub description: Option<String>,
    /// What a model puts on the same link (same direction, or both) or through the same
    /// place, Mt/yr, when the report was set beside one
    /// ([`Network::utilisation_beside`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modelled_mtpa: Option<f64>,
}

/// Every count of the file with how full it shows its place to have been.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Utilisation {
    /// One row per `[[observed]]` record: links then nodes, each place's by id, then by the
    /// end counted from (both directions first) and the first day counted.
    pub uses: Vec<Use>,
    /// The day and events of the model the counts were set beside, when they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modelled_on: Option<Day>,
    /// What that model is, when there is one ([`Loaded::model`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl Utilisation {
    /// Keeps the counts at or on the places given: each a node, a link, a country code or a
    /// corridor, as a query's `avoid` takes them (`node:kabul` says which kind when an id
    /// names two). A count on a link is kept when the link is a place given, ends at one,
    /// touches the country or belongs to the corridor; a count at a place when it is one,
    /// ends the link, lies in the country or ends a link of the corridor. No places keep
    /// every count.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for a place the network does not hold, with the nearest id.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let af = net.utilisation().within(&net, &["AF"]).unwrap();
    /// assert!(af.uses.iter().any(|u| u.at.id() == "termez-hairatan-rail"));
    /// assert!(af.uses.iter().all(|u| u.at.id() != "sarakhs"));
    /// let err = net.utilisation().within(&net, &["hairatn"]).unwrap_err();
    /// assert!(err.to_string().contains("did you mean \"hairatan\""));
    /// ```
    pub fn within<S: AsRef<str>>(
        mut self,
        net: &Network,
        places: &[S],
    ) -> Result<Utilisation, QueryError> {
        if places.is_empty() {
            return Ok(self);
        }
        let named = places
            .iter()
            .map(|p| Named::resolve(net, p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        // Which links and nodes the places hold, marked once: each count is then one look-up,
        // however many counts and places there are.
        let d = &net.data;
        let mut links = vec![false; d.links.len()];
        let mut nodes = vec![false; d.nodes.len()];
        for p in &named {
            for l in p.links(net) {
                links[l] = true;
            }
            p.mark_nodes(net, &mut nodes);
        }
        self.uses.retain(|u| match &u.at {
            Site::Link(id) => d.link_ix.get(id.as_str()).is_some_and(|&l| links[l]),
            Site::Node(id) => d.node_ix.get(id.as_str()).is_some_and(|&v| nodes[v]),
        });
        Ok(self)
    }
}

/// A model whose loads counts can be set beside ([`Network::utilisation_beside`]): the
/// optimal assignment ([`OptimalAssignment`]) or a route-choice split ([`Split`]).
pub trait Loaded {
    /// Every loaded link, Mt/yr each direction.
    fn link_loads(&self) -> &[LinkLoad];
    /// Mt/yr starting at each origin, in the model's order (an origin may repeat).
    fn starts(&self) -> Vec<(&str, f64)>;
    /// The day looked at and the events applied.
    fn day(&self) -> &Day;
    /// What the model is, in a few words, as the counts table heads it.
    fn model(&self) -> String;
}

impl Loaded for OptimalAssignment {
    fn link_loads(&self) -> &[LinkLoad] {
        &self.loads
    }
    fn starts(&self) -> Vec<(&str, f64)> {
        self.demands
            .iter()
            .map(|x| (x.from.as_str(), x.served_mtpa))
            .collect()
    }
    fn day(&self) -> &Day {
        &self.day
    }
    fn model(&self) -> String {
        "the flows carried at least cost within capacities".into()
    }
}

impl Loaded for Split {
    fn link_loads(&self) -> &[LinkLoad] {
        &self.loads
    }
    fn starts(&self) -> Vec<(&str, f64)> {
        self.demands
            .iter()
            .map(|x| {
                let carried = if x.routes.is_empty() { 0.0 } else { x.mtpa };
                (x.from.as_str(), carried)
            })
            .collect()
    }
    fn day(&self) -> &Day {
        &self.day
    }
    fn model(&self) -> String {
        format!(
            "the flows spread over up to {} of their cheapest routes at theta {}, capacities {}",
            self.routes_per_flow,
            self.theta,
            if self.capacity.is_some() {
                "binding"
            } else {
                "not binding"
            }
        )
    }
}

/// How close a model comes to the counts it is set beside ([`Utilisation::fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CountFit {
    /// Counts with a modelled figure beside them.
    pub counts: usize,
    /// Of those, the ones whose modelled figure lies within the count's range (or, for a
    /// count without one, within 1 % of it).
    pub within: usize,
    /// The mean miss over the counts, in [0, 1): 0 within the range, else `|m − e| / (m + e)`
    /// for the modelled `m` and the range's nearer end `e`, so a model at half or at twice a
    /// count misses it by a third, and one that puts nothing there by 1.
    pub mean_miss: f64,
}

impl CountFit {
    /// A count's miss: see [`CountFit::mean_miss`].
    ///
    /// # Example
    /// ```
    /// use corridors::CountFit;
    /// assert_eq!(CountFit::miss(3.0, (2.0, 4.0)), 0.0);
    /// assert!((CountFit::miss(8.0, (2.0, 4.0)) - 1.0 / 3.0).abs() < 1e-12);
    /// assert_eq!(CountFit::miss(0.0, (2.0, 4.0)), 1.0);
    /// ```
    pub fn miss(modelled: f64, (low, high): (f64, f64)) -> f64 {
        let end = if modelled < low {
            low
        } else if modelled > high {
            high
        } else {
            return 0.0;
        };
        (modelled - end).abs() / (modelled + end)
    }
}

impl Utilisation {
    /// How close the model it was set beside comes to the counts; zero counts when it was
    /// set beside none. Every count weighs alike, so a place counted three times weighs
    /// three times.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, OptimalQuery};
    /// let net = Network::trans_afghan();
    /// let u = net.utilisation_beside(&net.optimal(&OptimalQuery::new()).unwrap());
    /// let fit = u.fit();
    /// assert_eq!(fit.counts, net.observed().len());
    /// assert!(fit.within < fit.counts && fit.mean_miss > 0.0);
    /// assert_eq!(net.utilisation().fit().counts, 0);
    /// ```
    pub fn fit(&self) -> CountFit {
        let misses: Vec<(f64, f64)> = self
            .uses
            .iter()
            .filter_map(|u| {
                let m = u.modelled_mtpa?;
                let range = match u.mtpa_range {
                    Some(r) => (r.low, r.high),
                    None => (u.mtpa * 0.99, u.mtpa * 1.01),
                };
                Some((CountFit::miss(m, range), m))
            })
            .collect();
        let counts = misses.len();
        CountFit {
            counts,
            within: misses.iter().filter(|x| x.0 == 0.0).count(),
            mean_miss: if counts == 0 {
                0.0
            } else {
                misses.iter().map(|x| x.0).sum::<f64>() / counts as f64
            },
        }
    }
}

impl Network {
    /// Each `[[observed]]` count of the file as Mt/yr beside the capacity of its link or
    /// place (as built, no scenario applied), and the share of it the count used.
    ///
    /// # Complexity
    /// O(observations), after the id indices the network already holds.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let u = net.utilisation();
    /// assert_eq!(u.uses.len(), net.observed().len());
    /// for row in &u.uses {
    ///     assert!(row.mtpa >= 0.0);
    ///     if let (Some(share), Some(cap)) = (row.share, row.capacity_mtpa) {
    ///         assert!((share * cap - row.mtpa).abs() < 1e-9);
    ///     }
    /// }
    /// ```
    pub fn utilisation(&self) -> Utilisation {
        let mut uses: Vec<Use> = self.data.observed.iter().map(|o| self.use_of(o)).collect();
        // A place's counts together, oldest first: the order reads as a trend. The sort is
        // stable, so counts of one place and day keep the file's order.
        uses.sort_by(|a, b| {
            (a.at.kind(), a.at.id(), &a.from, a.start).cmp(&(
                b.at.kind(),
                b.at.id(),
                &b.from,
                b.start,
            ))
        });
        Utilisation {
            uses,
            modelled_on: None,
            model: None,
        }
    }

    /// [`Network::utilisation`] with, beside each count, what a model puts on the same link
    /// in the same direction (both summed for a count of both), or through the same place:
    /// what arrives there by the links plus what leaves it as an origin. The model is an
    /// optimal assignment (the file's demands, or any flows, carried at least cost within
    /// capacities) or a route-choice [`Split`] of them. Where the two differ by far, the
    /// model's demands or its route choice miss or overstate a real flow; [`Utilisation::fit`]
    /// scores how far.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, OptimalQuery};
    /// let net = Network::trans_afghan();
    /// let model = net.optimal(&OptimalQuery::new()).unwrap();
    /// let u = net.utilisation_beside(&model);
    /// // Today's demands send 5.4 Mt/yr through Sarakhs; its transit was counted at 0.8 to 1.5.
    /// let sarakhs = u.uses.iter().find(|u| u.at.id() == "sarakhs").unwrap();
    /// assert!((sarakhs.modelled_mtpa.unwrap() - 5.4).abs() < 1e-6);
    /// assert!(sarakhs.mtpa < 2.0);
    /// ```
    pub fn utilisation_beside<M: Loaded + ?Sized>(&self, model: &M) -> Utilisation {
        let d = &self.data;
        let mut on_link: FnvMap<&str, [f64; 2]> = FnvMap::default();
        let mut through: FnvMap<&str, f64> = FnvMap::default();
        for l in model.link_loads() {
            on_link.insert(l.link.as_str(), [l.forward_mtpa, l.backward_mtpa]);
            if let Some(&i) = d.link_ix.get(l.link.as_str()) {
                let link = &d.links[i];
                *through.entry(link.to.as_str()).or_default() += l.forward_mtpa;
                *through.entry(link.from.as_str()).or_default() += l.backward_mtpa;
            }
        }
        for (from, mtpa) in model.starts() {
            *through.entry(from).or_default() += mtpa;
        }
        let mut used = self.utilisation();
        for u in &mut used.uses {
            u.modelled_mtpa = Some(match &u.at {
                Site::Node(id) => through.get(id.as_str()).copied().unwrap_or(0.0),
                Site::Link(id) => {
                    let [fwd, back] = on_link.get(id.as_str()).copied().unwrap_or_default();
                    let forward = d.link_ix.get(id.as_str()).map(|&i| &d.links[i].from);
                    match &u.from {
                        None => fwd + back,
                        Some(from) if Some(from) == forward => fwd,
                        Some(_) => back,
                    }
                }
            });
        }
        used.modelled_on = Some(model.day().clone());
        used.model = Some(model.model());
        used
    }

    fn use_of(&self, o: &Observed) -> Use {
        let d = &self.data;
        let (capacity, range, against, from) = match &o.at {
            Site::Node(id) => {
                let n = d.node_ix.get(id.as_str()).map(|&v| &d.nodes[v]);
                let cap = n.and_then(|n| n.capacity_mtpa);
                let range = n.and_then(|n| n.capacity_mtpa_range);
                (cap, range, Against::Throughput, CapacityFrom::Record)
            }
            Site::Link(id) => {
                let l = d.link_ix.get(id.as_str()).map(|&i| &d.links[i]);
                let own = l.and_then(|l| l.capacity_mtpa.map(|c| (c, l.capacity_mtpa_range)));
                let default = l.and_then(|l| d.defaults.of(l.mode).capacity_mtpa);
                let (cap, range, from) = match (own, default) {
                    (Some((c, r)), _) => (Some(c), r, CapacityFrom::Record),
                    (None, Some(c)) => (Some(c), None, CapacityFrom::ModeDefault),
                    (None, None) => (None, None, CapacityFrom::Unknown),
                };
                let ways = if o.from.is_some() || l.is_some_and(|l| l.oneway) {
                    (1.0, Against::OneDirection)
                } else {
                    (2.0, Against::BothDirections)
                };
                let scaled = |x: f64| x * ways.0;
                let range = range.map(|r| Interval::new(scaled(r.low), scaled(r.high)));
                (cap.map(scaled), range, ways.1, from)
            }
        };
        let (against, from) = match capacity {
            Some(_) => (against, from),
            None => (Against::Unknown, CapacityFrom::Unknown),
        };
        let mtpa = o.mtpa();
        let mtpa_range = o.mtpa_range();
        let share = capacity.map(|c| mtpa / c);
        let share_range = match (capacity, mtpa_range.is_some() || range.is_some()) {
            (Some(c), true) => {
                let count = mtpa_range.unwrap_or(Interval::new(mtpa, mtpa));
                let cap = range.unwrap_or(Interval::new(c, c));
                Some(Interval::new(count.low / cap.high, count.high / cap.low))
            }
            _ => None,
        };
        Use {
            at: o.at.clone(),
            from: o.from.clone(),
            start: o.start,
            end: o.end,
            days: o.days(),
            mtpa,
            mtpa_range,
            capacity_mtpa: capacity,
            capacity_mtpa_range: range,
            against,
            capacity_from: from,
            share,
            share_range,
            estimated: o.estimated,
            sources: o.sources.clone(),
            description: o.description.clone(),
            modelled_mtpa: None,
        }
    }
}
