//! Cost matrices: the best route's metric value from each of some places to each of others,
//! one search from each origin to everything, on pooled buffers.

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::draws::{Sampler, Sampling, percentiles};
use crate::analysis::route::SegmentKind;
use crate::analysis::{Day, Filter, Watch};
use crate::engine::{START, Unguided};
use crate::error::QueryError;
use crate::model::{Metric, Mode, Status};
use crate::network::Network;
use crate::util::progress::Meter;

/// The most cells a matrix may have (origins × destinations): 25 million values, 400 MB.
pub const MAX_MATRIX_CELLS: usize = 25_000_000;

/// The most draws a matrix may be filled again in ([`MatrixQuery::draws`]): each is a search
/// from every origin on a network rebuilt with the draw's figures.
pub const MAX_MATRIX_DRAWS: usize = 10_000;

/// A one-to-many or many-to-many question: the best route's metric value from each origin to
/// each destination.
///
/// # Example
/// ```
/// use corridors::{MatrixQuery, Metric, Network};
/// let net = Network::trans_afghan();
/// let q = MatrixQuery::new(["termez", "kabul"], ["karachi", "bandar-abbas", "chabahar"])
///     .metric(Metric::Time);
/// let m = net.matrix(&q).unwrap();
/// assert_eq!((m.values.len(), m.values[0].len()), (2, 3));
/// assert!(m.get("kabul", "karachi").is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixQuery {
    from: Vec<String>,
    to: Vec<String>,
    metric: Metric,
    filter: Filter,
    sampler: Sampler,
    watch: Watch,
}

impl MatrixQuery {
    /// From each of these node ids to each of those, by cost, on today's network.
    pub fn new<A, B>(from: A, to: B) -> MatrixQuery
    where
        A: IntoIterator,
        A::Item: Into<String>,
        B: IntoIterator,
        B::Item: Into<String>,
    {
        MatrixQuery {
            from: from.into_iter().map(Into::into).collect(),
            to: to.into_iter().map(Into::into).collect(),
            metric: Metric::Cost,
            filter: Filter::new(),
            sampler: Sampler::default(),
            watch: Watch::default(),
        }
    }

    /// What routes minimise and the matrix holds (default: cost, USD per tonne).
    pub fn metric(mut self, metric: Metric) -> MatrixQuery {
        self.metric = metric;
        self
    }

    /// Which links count (see [`Filter`]).
    pub fn filter(mut self, filter: Filter) -> MatrixQuery {
        self.filter = filter;
        self
    }

    /// Also counts links of this status.
    pub fn include(mut self, status: Status) -> MatrixQuery {
        self.filter = self.filter.include(status);
        self
    }

    /// Keeps only links of this mode (call again for several).
    pub fn mode(mut self, mode: Mode) -> MatrixQuery {
        self.filter = self.filter.mode(mode);
        self
    }
}

crate::analysis::draw_builders! {
    MatrixQuery,
    /// Also fills the matrix again in `n` draws of every uncertain figure (rates, speeds,
    /// crossing and handling times and fees; lengths held), each on a network rebuilt with the
    /// draw's figures: [`Matrix::draws`] then gives each cell's 5th, 50th and 95th
    /// percentiles. At most [`MAX_MATRIX_DRAWS`], and at most [`MAX_MATRIX_CELLS`] draws ×
    /// cells.
    ///
    /// # Example
    /// ```
    /// use corridors::{MatrixQuery, Network};
    /// let net = Network::trans_afghan();
    /// let q = MatrixQuery::new(["termez", "kabul"], ["karachi", "chabahar"]).draws(50);
    /// let m = net.matrix(&q).unwrap();
    /// let band = m.draws.as_ref().unwrap().values[0][0].unwrap();
    /// assert!(band[0] <= band[1] && band[1] <= band[2]);
    /// // The cost from Termez to Karachi at the file's figures lies within its band.
    /// let at_figures = m.values[0][0].unwrap();
    /// assert!(band[0] <= at_figures && at_figures <= band[2]);
    /// ```
}

crate::analysis::progress_builder! {
    MatrixQuery,
    /// Reports to `progress` as each origin's row is searched (`origins`), then with draws as
    /// each draw's matrix is filled (`matrix draws`), and stops with
    /// [`QueryError::Cancelled`] when it is cancelled. The answer is the same either way.
    ///
    /// # Example
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use corridors::{MatrixQuery, Network, Progress};
    /// let rows = Arc::new(AtomicUsize::new(0));
    /// let seen = rows.clone();
    /// let watch = Progress::new().on_tick(move |t| {
    ///     seen.fetch_max(t.done, Ordering::Relaxed);
    /// });
    /// let q = MatrixQuery::new(["termez", "kabul", "herat"], ["karachi"]).progress(watch);
    /// Network::trans_afghan().matrix(&q).unwrap();
    /// assert_eq!(rows.load(Ordering::Relaxed), 3);
    /// ```
}

/// The answer to a [`MatrixQuery`]: `values[i][j]` is the metric value of the best route from
/// `from[i]` to `to[j]` (km, hours, USD per tonne or risk, as [`Route::metric_value`](crate::Route::metric_value)),
/// `None` where no route joins them, `0` from a place to itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Matrix {
    /// The metric the values are in.
    pub metric: Metric,
    /// Origin node ids, one row each, as asked.
    pub from: Vec<String>,
    /// Destination node ids, one column each, as asked.
    pub to: Vec<String>,
    /// One row per origin, one value per destination.
    pub values: Vec<Vec<Option<f64>>>,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: Day,
    /// With draws: each cell's percentiles over them. Left out of the JSON without draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draws: Option<MatrixDraws>,
}

/// What the draws say of a matrix ([`MatrixQuery::draws`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MatrixDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// `values[i][j]`: the 5th, 50th and 95th percentiles of the cell over the draws, `None`
    /// where no route joins the pair (the draws change what routes cost and take, not which
    /// links are open, so these are the cells `None` in [`Matrix::values`]).
    pub values: Vec<Vec<Option<[f64; 3]>>>,
}

impl Matrix {
    /// The value from one place to another, when both are in the matrix and a route joins
    /// them.
    pub fn get(&self, from: &str, to: &str) -> Option<f64> {
        let i = self.from.iter().position(|f| f == from)?;
        let j = self.to.iter().position(|t| t == to)?;
        self.values[i][j]
    }
}

impl Network {
    /// The best route's metric value from every origin to every destination: one search
    /// from each origin to the whole network (in parallel, on the pooled buffers), each value
    /// what [`Network::route`] gives for the pair.
    ///
    /// # Errors
    /// [`QueryError::Empty`] with no origin or no destination; [`QueryError::OverCap`] for
    /// more than [`MAX_MATRIX_CELLS`] cells or draws × cells, or more than
    /// [`MAX_MATRIX_DRAWS`] draws; [`QueryError::UnknownId`] for an unknown node or an
    /// unknown id in the filter.
    ///
    /// # Complexity
    /// One Dijkstra per origin over the search states, O(|from| × (S + A) log S), plus
    /// |from| × |to| look-ups; with `n` draws, that again on `n` rebuilt networks.
    ///
    /// # Example
    /// ```
    /// use corridors::{MatrixQuery, Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// let m = net.matrix(&MatrixQuery::new(["tashkent"], ["karachi", "tashkent"])).unwrap();
    /// let r = net.route(&RouteQuery::new("tashkent", "karachi")).unwrap().route.unwrap();
    /// assert_eq!(m.values, [[Some(r.usd_per_t), Some(0.0)]]);
    /// ```
    pub fn matrix(&self, q: &MatrixQuery) -> Result<Matrix, QueryError> {
        if q.from.is_empty() {
            return Err(QueryError::Empty { what: "origin" });
        }
        if q.to.is_empty() {
            return Err(QueryError::Empty {
                what: "destination",
            });
        }
        let cells = q.from.len().saturating_mul(q.to.len());
        QueryError::cap(
            "matrix cells (origins × destinations)",
            cells,
            MAX_MATRIX_CELLS,
            "each holds a value in memory; ask for the rows in parts",
        )?;
        if q.sampler.n > 0 {
            QueryError::cap(
                "matrix draws",
                q.sampler.n,
                MAX_MATRIX_DRAWS,
                "each draw searches from every origin again on a network rebuilt with the \
                 draw's figures",
            )?;
            QueryError::cap(
                "matrix draws × cells",
                q.sampler.n.saturating_mul(cells),
                MAX_MATRIX_CELLS,
                "each draw's value of every cell is kept until the cell's percentiles are \
                 taken; ask for fewer draws or the rows in parts",
            )?;
            // The matrix at the file's figures watched as ever, then the draws, each
            // unwatched but counted (`matrix draws`).
            let mut once = q.clone();
            once.sampler = Sampler::default();
            let mut m = self.matrix(&once)?;
            once.watch = Watch::default();
            m.draws = Some(self.matrix_draws(q, &once)?);
            return Ok(m);
        }
        let from = q
            .from
            .iter()
            .map(|id| self.node_index(id))
            .collect::<Result<Vec<_>, _>>()?;
        let to =
            q.to.iter()
                .map(|id| self.node_index(id))
                .collect::<Result<Vec<_>, _>>()?;
        let view = q.filter.cow_view(self)?;
        let owned;
        let w = if q.filter.is_today() {
            self.today_weights(q.metric)
        } else {
            owned = self.weights(&view, q.metric);
            &owned
        };
        let g = self.graph();
        let meter = Meter::start(q.watch.get(), "origins", from.len())?;
        // The most reliable routes count each threat once, as `Network::route` does: a
        // search to each destination, then the sets of threats that could do better.
        let exact = self.reliable_under(q.metric, &q.filter, &view);
        let values = from
            .par_iter()
            .map_init(
                || self.dijkstra(),
                |d, &a| {
                    meter.check()?;
                    // Each cell the least over the ways of keeping banned countries apart.
                    let mut row: Vec<Option<f64>> = vec![None; to.len()];
                    let mut keep = |j: usize, value: Option<f64>| {
                        if let Some(x) = value {
                            row[j] = Some(row[j].map_or(x, |r: f64| r.min(x)));
                        }
                    };
                    let _ = view.each_apart(&self.data, |v| {
                        if let Some((threats, cost)) = &exact {
                            for (j, &b) in to.iter().enumerate() {
                                keep(
                                    j,
                                    (a == b).then_some(0.0).or_else(|| {
                                        let stops = [(b, SegmentKind::Any)];
                                        let summed =
                                            self.best_path(w, q.metric, &v.open, a, &stops)?;
                                        let (_, value) = self.most_reliable(
                                            threats, &v.open, cost, a, &stops, summed,
                                        );
                                        Some(value)
                                    }),
                                );
                            }
                            return Ok::<(), ()>(());
                        }
                        let src = [(d.state(a, START), 0.0)];
                        d.run(
                            g,
                            w,
                            &src,
                            None,
                            |_, arc| v.open[arc.link as usize],
                            Unguided,
                        );
                        for (j, &b) in to.iter().enumerate() {
                            let least = d.states_of(b).into_iter().map(|(_, c)| c).reduce(f64::min);
                            keep(j, least);
                        }
                        Ok(())
                    });
                    meter.add(1)?;
                    Ok(row)
                },
            )
            .collect::<Result<_, QueryError>>()?;
        Ok(self.matrix_of(q, values))
    }

    /// The matrix of these values, a row per origin of `q`.
    fn matrix_of(&self, q: &MatrixQuery, values: Vec<Vec<Option<f64>>>) -> Matrix {
        Matrix {
            metric: q.metric,
            from: q.from.clone(),
            to: q.to.clone(),
            values,
            day: q.filter.day(self),
            draws: None,
        }
    }

    /// `once` (`q` without its draws and watcher) answered on every draw of `q`, each cell
    /// reduced to its percentiles.
    fn matrix_draws(&self, q: &MatrixQuery, once: &MatrixQuery) -> Result<MatrixDraws, QueryError> {
        let s = &q.sampler;
        let drawn = self.each_draw("matrix draws", s, q.watch.get(), |_, net| {
            Ok(net.matrix(once)?.values)
        })?;
        let (rows, cols) = (q.from.len(), q.to.len());
        let mut xs = Vec::with_capacity(drawn.len());
        let values = (0..rows)
            .map(|i| {
                (0..cols)
                    .map(|j| {
                        xs.clear();
                        xs.extend(drawn.iter().filter_map(|m| m[i][j]));
                        (!xs.is_empty()).then(|| percentiles(&mut xs))
                    })
                    .collect()
            })
            .collect();
        Ok(MatrixDraws {
            n: s.n,
            seed: s.seed,
            sampling: s.sampling,
            values,
        })
    }
}
