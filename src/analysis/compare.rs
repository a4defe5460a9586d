//! Side-by-side comparison of the ways from origins to destinations through competing ports.

use serde::Serialize;

use crate::analysis::Filter;
use crate::analysis::route::{Route, RouteQuery};
use crate::error::QueryError;
use crate::model::Metric;
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
#[derive(Debug, Clone, PartialEq)]
pub struct CompareQuery {
    origins: Vec<String>,
    destinations: Vec<String>,
    ports: Vec<String>,
    metric: Metric,
    filter: Filter,
}

impl CompareQuery {
    /// Origins × destinations, each through every port (no port: the best route only).
    pub fn new<S: Into<String>>(
        origins: impl IntoIterator<Item = S>,
        destinations: impl IntoIterator<Item = S>,
        ports: impl IntoIterator<Item = S>,
    ) -> CompareQuery {
        CompareQuery {
            origins: origins.into_iter().map(Into::into).collect(),
            destinations: destinations.into_iter().map(Into::into).collect(),
            ports: ports.into_iter().map(Into::into).collect(),
            metric: Metric::Cost,
            filter: Filter::new(),
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
}

/// The best route through one port, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PortOption {
    /// The port id (empty when the comparison names no port).
    pub port: String,
    /// The route, when one exists.
    pub route: Option<Route>,
    /// Why there is no route, when there is none.
    pub reason: Option<String>,
}

/// One origin–destination pair with its options.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
}

impl Network {
    /// Compares the best routes from each origin to each destination through each port.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names nothing.
    ///
    /// # Complexity
    /// One route query per origin, destination and port.
    pub fn compare(&self, q: &CompareQuery) -> Result<Comparison, QueryError> {
        let ports: Vec<Option<&String>> = if q.ports.is_empty() {
            vec![None]
        } else {
            q.ports.iter().map(Some).collect()
        };
        let mut rows = Vec::new();
        for from in &q.origins {
            for to in &q.destinations {
                let mut options = Vec::new();
                for port in &ports {
                    let mut rq = RouteQuery::new(from.clone(), to.clone())
                        .metric(q.metric)
                        .filter(q.filter.clone());
                    if let Some(p) = port {
                        if *p != from && *p != to {
                            rq = rq.via_port((*p).clone());
                        } else {
                            self.node_index(p)?;
                        }
                    }
                    let ans = self.route(&rq)?;
                    options.push(PortOption {
                        port: port.cloned().unwrap_or_default(),
                        route: ans.route,
                        reason: ans.reason,
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
            }
        }
        Ok(Comparison {
            day: q.filter.day(self),
            metric: q.metric,
            rows,
        })
    }
}
