//! Side-by-side comparison of the ways from origins to destinations through competing ports.

use serde::{Deserialize, Serialize};

use crate::analysis::draws::{Draws, Question, Robust, Sampler, check_draws};
use crate::analysis::route::SegmentKind;
use crate::analysis::{Filter, Watch};

/// An option's start and stops.
type Stops = (usize, Vec<(usize, SegmentKind)>);
use crate::analysis::route::{Route, RouteQuery};
use crate::error::QueryError;
use crate::model::{Metric, Mode};
use crate::network::Network;

/// A comparison question: every origin to every destination, through each port in turn.
///
/// # Example
/// ```
/// use corridors::{CompareQuery, Network};
/// let net = Network::trans_afghan();
/// let q = CompareQuery::new(["tashkent"], ["nhava-sheva"], ["chabahar", "karachi"]);
/// let c = net.compare(&q).unwrap();
/// assert_eq!(c.rows.len(), 1);
/// assert_eq!(c.rows[0].options.len(), 2);
/// println!("{c}");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareQuery {
    origins: Vec<String>,
    destinations: Vec<String>,
    ports: Vec<String>,
    metric: Metric,
    filter: Filter,
    #[serde(flatten)]
    sampler: Sampler,
    lengths: bool,
    #[serde(skip)]
    watch: Watch,
}

impl CompareQuery {
    /// Origins × destinations, each through every port (no port: the best route only).
    pub fn new<A: Into<String>, B: Into<String>, P: Into<String>>(
        origins: impl IntoIterator<Item = A>,
        destinations: impl IntoIterator<Item = B>,
        ports: impl IntoIterator<Item = P>,
    ) -> CompareQuery {
        CompareQuery {
            origins: origins.into_iter().map(Into::into).collect(),
            destinations: destinations.into_iter().map(Into::into).collect(),
            ports: ports.into_iter().map(Into::into).collect(),
            metric: Metric::Cost,
            filter: Filter::new(),
            sampler: Sampler::default(),
            lengths: false,
            watch: Watch::default(),
        }
    }

    /// What decides the winner and each route (default: cost).
    pub fn metric(mut self, metric: Metric) -> CompareQuery {
        self.metric = metric;
        self
    }

    /// Which links count (statuses, year, modes, avoided places, scenarios).
    pub fn filter(mut self, filter: Filter) -> CompareQuery {
        self.filter = filter;
        self
    }

    /// Whether the draws also move the link lengths that are estimates (default: no). All of
    /// them move together, by one shift towards the high or the low of their ranges (see
    /// [`ParameterKind::LengthShift`](crate::ParameterKind::LengthShift)). The paths that can
    /// be best then differ far more, so planning takes seconds rather than a fraction of one.
    pub fn draw_lengths(mut self, lengths: bool) -> CompareQuery {
        self.lengths = lengths;
        self
    }
}

crate::analysis::draw_builders! {
    CompareQuery,
    /// Also draws every uncertain figure `n` times within its range, jointly for all rows:
    /// each option then gives the chance it is its row's best and the percentiles of its cost
    /// and days ([`PortOption::robust`]). At most [`MAX_DRAWS`](crate::MAX_DRAWS).
    ///
    /// # Example
    /// ```
    /// use corridors::{CompareQuery, Network};
    /// let net = Network::trans_afghan();
    /// let q = CompareQuery::new(["ashgabat"], ["mundra"], ["chabahar", "bandar-abbas"]).draws(2000);
    /// let c = net.compare(&q).unwrap();
    /// let p: f64 = c.rows[0].options.iter().map(|o| o.robust.unwrap().p_best).sum();
    /// assert!((p - 1.0).abs() < 1e-9);
    /// ```
}

crate::analysis::progress_builder! {
    CompareQuery,
    /// Reports to `progress` the options planned (`route plans`, one per origin, destination
    /// and port: the most time with [`CompareQuery::draw_lengths`]), then the draws done
    /// (`draws`, each counted once every row has it), and stops with [`QueryError::Cancelled`]
    /// when it is cancelled. The answer is the same either way.
    ///
    /// # Example
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use corridors::{CompareQuery, Network, Progress};
    /// let last = Arc::new(Mutex::new(None));
    /// let seen = last.clone();
    /// let watch = Progress::new().on_tick(move |t| *seen.lock().unwrap() = Some(t));
    /// let q = CompareQuery::new(["ashgabat"], ["mundra"], ["chabahar", "bandar-abbas"])
    ///     .draws(1000)
    ///     .progress(watch);
    /// Network::trans_afghan().compare(&q).unwrap();
    /// let t = last.lock().unwrap().unwrap();
    /// assert_eq!((t.done, t.total, t.what), (1000, 1000, "draws"));
    /// ```
}

/// The best route through one port, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PortOption {
    /// The port id. When the comparison names no port, the port where the best route reaches
    /// the sea, or empty when it goes by land all the way (or there is no route).
    pub port: String,
    /// The route, when one exists.
    pub route: Option<Route>,
    /// Why there is no route, when there is none.
    pub reason: Option<String>,
    /// With draws: the chance the option is its row's best, and the percentiles of its cost
    /// and days (flattened into the option's JSON: `p_best`, `usd_per_t_p5`, …).
    #[serde(flatten)]
    pub robust: Option<Robust>,
}

/// One origin–destination pair with its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CompareRow {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// One option per port, in the order asked.
    pub options: Vec<PortOption>,
    /// The port whose route is best by the metric (ties to the first asked).
    pub winner: Option<String>,
}

/// The answer to a [`CompareQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Comparison {
    /// The metric compared.
    pub metric: Metric,
    /// One row per origin and destination, origins outermost.
    pub rows: Vec<CompareRow>,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: crate::analysis::Day,
    /// With draws: how many, their seed, and how many needed a full search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draws: Option<Draws>,
}

impl Network {
    /// Compares the best routes from each origin to each destination through each port.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names nothing; [`QueryError::NotAPort`] for a
    /// port that is another kind of place, [`QueryError::RepeatedPort`] for one named twice;
    /// [`QueryError::Empty`] with no origin or no destination.
    ///
    /// # Complexity
    /// One route query per origin, destination and port.
    pub fn compare(&self, q: &CompareQuery) -> Result<Comparison, QueryError> {
        if q.origins.is_empty() {
            return Err(QueryError::Empty { what: "origin" });
        }
        if q.destinations.is_empty() {
            return Err(QueryError::Empty {
                what: "destination",
            });
        }
        let ports: Vec<Option<&String>> = if q.ports.is_empty() {
            vec![None]
        } else {
            q.ports.iter().map(Some).collect()
        };
        check_ports(self, &q.ports)?;
        check_draws(q.sampler.n)?;
        let mut rows = Vec::new();
        let mut question: Vec<Vec<Option<Stops>>> = Vec::new();
        for from in &q.origins {
            for to in &q.destinations {
                let mut options = Vec::new();
                let mut planned = Vec::new();
                for port in &ports {
                    let mut rq = RouteQuery::new(from.clone(), to.clone())
                        .metric(q.metric)
                        .filter(q.filter.clone());
                    // A port that is the origin or the destination too is taken as the route
                    // takes it: by land up to it, by sea after it.
                    if let Some(p) = port {
                        rq = rq.via_port((*p).clone());
                    }
                    let ans = self.route(&rq)?;
                    planned.push(match ans.route {
                        Some(_) if q.sampler.n > 0 => Some(self.route_stops(&rq)?),
                        _ => None,
                    });
                    // With no port named, the port where the route reaches the sea.
                    let sea_port = || {
                        let legs = &ans.route.as_ref()?.legs;
                        let sea = legs.iter().find(|l| l.mode == Mode::Sea)?;
                        Some(sea.from.to_string())
                    };
                    options.push(PortOption {
                        port: port.cloned().or_else(sea_port).unwrap_or_default(),
                        route: ans.route,
                        reason: ans.reason,
                        robust: None,
                    });
                }
                let winner = options
                    .iter()
                    .filter_map(|o| o.route.as_ref().map(|r| (r.metric_value, &o.port)))
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, p)| p.clone());
                rows.push(CompareRow {
                    from: from.clone(),
                    to: to.clone(),
                    options,
                    winner,
                });
                question.push(planned);
            }
        }
        let mut draws = None;
        if q.sampler.n > 0 {
            let view = q.filter.cow_view(self)?;
            let view = &*view;
            let shown = vec![Vec::new(); question.len()];
            let mut question = Question::new(view, q.metric, question, shown);
            question.lengths = q.lengths;
            let (robust, d) = self.robust(&question, &q.sampler, q.watch.get())?;
            for (row, r) in rows.iter_mut().zip(robust) {
                for (o, x) in row.options.iter_mut().zip(r) {
                    o.robust = x;
                }
            }
            draws = Some(d);
        }
        Ok(Comparison {
            day: q.filter.day(self),
            metric: q.metric,
            rows,
            draws,
        })
    }
}

/// Checks the ports of a question that compares routes through each in turn: each must be a
/// port, and named once (a port named twice would be the same option twice).
pub(crate) fn check_ports(net: &Network, ports: &[String]) -> Result<(), QueryError> {
    for (i, p) in ports.iter().enumerate() {
        net.port_index(p)?;
        if ports[..i].contains(p) {
            return Err(QueryError::RepeatedPort { port: p.clone() });
        }
    }
    Ok(())
}
