//! The split drawn again: the same question in many draws of every uncertain figure (rates,
//! speeds, crossings, capacities, the file's demand volumes; lengths stay at their figures),
//! and how far each share, load and price moves.
//!
//! Each draw is a network rebuilt with the draw's figures ([`Network::with_parameters`]) and
//! split afresh, its own routes searched, so a route that is cheap only in some draws is
//! found in those. Each draw is reduced at once to what the answer keeps: per route of the
//! answer its share in the draw (0 where the draw's split does not take it) and whether it
//! is the cheapest; per flow its mean value and share off its cheapest route; per link its
//! busier direction's load and whether it is full; within capacity each full capacity's
//! price. The percentiles are taken over the draws.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Split, SplitQuery};
use crate::analysis::Watch;
use crate::analysis::draws::{
    LoadDraws, PriceDraws, Sampling, THETA_KEY, Tally, load_draws, percentiles, price_draws,
    spread_of,
};
use crate::error::QueryError;
use crate::network::Network;

/// The most draws a split takes: each solves the split again on a network rebuilt with the
/// draw's figures.
pub const MAX_SPLIT_DRAWS: usize = 10_000;

/// What the draws say of one route of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RouteDraws {
    /// The fraction of the flow it carries: percentiles 5, 50 and 95 (0 in a draw whose
    /// split does not take it).
    pub share: [f64; 3],
    /// Share of draws in which it is the flow's cheapest route.
    pub chance_cheapest: f64,
}

/// What the draws say of one flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FlowDraws {
    /// What the flow pays on average per tonne (USD/t for cost): percentiles 5, 50 and 95.
    pub mean_value: [f64; 3],
    /// The share of the flow off its cheapest route: percentiles 5, 50 and 95.
    pub off_cheapest: [f64; 3],
}

/// What the draws say of the whole split ([`SplitQuery::draws`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SplitDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// Total Mt/yr asked: percentiles 5, 50 and 95 (the file's demand volumes are drawn).
    pub demand_mtpa: [f64; 3],
    /// Total Mt/yr routed: percentiles 5, 50 and 95.
    pub routed_mtpa: [f64; 3],
    /// Σ Mt/yr × mean value × 1e6 (USD a year for cost, tonne-hours for time, tonne-km
    /// for distance, tonnes × risk for reliability): percentiles 5, 50 and 95.
    pub total_per_year: [f64; 3],
    /// Every link loaded in some draw: busiest first (by median load, then the 95th
    /// percentile, then id).
    pub loads: Vec<LoadDraws>,
    /// Within capacity, every capacity full in some draw, dearest first (by median price,
    /// then the 95th percentile, then id); empty otherwise (and then absent from JSON).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prices: Vec<PriceDraws>,
    /// With [`SplitQuery::theta_range`], the spread θ drawn: percentiles 5, 50 and 95; `None`
    /// (absent from JSON) when every draw splits at the query's θ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theta: Option<[f64; 3]>,
    /// The range θ was drawn in, `[low, high]` (triangular around the query's θ); absent when
    /// it was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theta_range: Option<[f64; 2]>,
}

impl SplitQuery {
    /// Also draws the spread θ itself in each draw: triangular between `low` and `high` with
    /// the query's θ ([`SplitQuery::theta`]) as its mode, as each uncertain figure of the
    /// network is drawn around its own figure. How strongly cargo keeps to its cheapest route
    /// is seldom known better than the figures, and the shares move with it; the draws' shares,
    /// loads and prices then count both. [`SplitDraws::theta`] gives the spreads drawn. The
    /// answer at the query's θ is unchanged, and without draws so is everything. Needs
    /// `0 ≤ low ≤ θ ≤ high ≤ 10,000` (`low` above 0 within capacity), else
    /// [`QueryError::ThetaRange`].
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SplitQuery};
    /// let net = Network::trans_afghan();
    /// let q = SplitQuery::new().pair("mary", "herat", 1.0).draws(200);
    /// let held = net.split(&q).unwrap();
    /// let drawn = net.split(&q.theta_range(3.0, 30.0)).unwrap();
    /// let t = drawn.draws.as_ref().unwrap().theta.unwrap();
    /// assert!(3.0 <= t[0] && t[0] <= t[1] && t[1] <= t[2] && t[2] <= 30.0);
    /// // The same answer at θ = 10; a wider spread of the cheapest route's share.
    /// assert_eq!(held.demands[0].routes[0].share, drawn.demands[0].routes[0].share);
    /// let width = |s: &corridors::Split| {
    ///     let p = s.demands[0].routes[0].draws.as_ref().unwrap().share;
    ///     p[2] - p[0]
    /// };
    /// assert!(width(&drawn) > width(&held));
    /// ```
    pub fn theta_range(mut self, low: f64, high: f64) -> SplitQuery {
        self.theta_range = Some([low, high]);
        self
    }
}

/// [`QueryError::ThetaRange`] unless `q`'s range for θ, if any, holds its θ within the
/// spreads allowed.
pub(super) fn check_theta_range(q: &SplitQuery) -> Result<(), QueryError> {
    match q.theta_range {
        Some(range) => check_range(range, q.theta, q.within_capacity),
        None => Ok(()),
    }
}

/// [`QueryError::ThetaRange`] unless `[low, high]` holds `theta` within the spreads allowed
/// (above 0 when `positive`): the one rule for every range a spread is drawn in.
pub(crate) fn check_range(
    [low, high]: [f64; 2],
    theta: f64,
    positive: bool,
) -> Result<(), QueryError> {
    let floor_ok = if positive { low > 0.0 } else { low >= 0.0 };
    if floor_ok && low <= theta && theta <= high && high <= super::MAX_THETA {
        Ok(())
    } else {
        Err(QueryError::ThetaRange {
            low,
            high,
            theta,
            positive,
        })
    }
}

crate::analysis::draw_builders! {
    SplitQuery,
    /// Also splits the cargo again in `n` draws of every uncertain figure within its range
    /// (rates, speeds, crossings, capacities, the file's demand volumes; lengths stay at their
    /// figures): each route then says the percentiles of its share and how often it is the
    /// cheapest, each flow those of what it pays, and [`Split::draws`] those of every link's
    /// load and, within capacity, every price. At most [`MAX_SPLIT_DRAWS`].
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SplitQuery};
    /// let net = Network::trans_afghan();
    /// let s = net.split(&SplitQuery::new().pair("mary", "herat", 1.0).draws(50)).unwrap();
    /// let cheapest = &s.demands[0].routes[0];
    /// let d = cheapest.draws.as_ref().unwrap();
    /// assert!(d.share[0] <= cheapest.share.max(d.share[1]) && d.share[1] <= d.share[2]);
    /// assert_eq!(s.draws.as_ref().unwrap().n, 50);
    /// ```
}

/// One draw, reduced to what the answer keeps.
struct Row {
    /// Per flow, per route of the answer: its share in the draw and whether it is cheapest.
    routes: Vec<Vec<(f64, bool)>>,
    /// Per flow: mean value and share off the cheapest (`None` for a flow with no route).
    flows: Vec<Option<(f64, f64)>>,
    /// Its loads and, within capacity, prices.
    tally: Tally,
    demand: f64,
    routed: f64,
    total: f64,
}

impl Network {
    /// Adds to `split`, the answer to `q`, what `q.sampler.n` draws say of it; nothing when it
    /// asks for none.
    pub(super) fn split_draws(&self, q: &SplitQuery, split: &mut Split) -> Result<(), QueryError> {
        if q.sampler.n == 0 {
            return Ok(());
        }
        let sampler = q.sampler;
        let mut one = q.clone();
        one.sampler.n = 0;
        one.theta_range = None;
        one.watch = Watch::default();
        let thetas: Option<Vec<f64>> = q.theta_range.map(|[low, high]| {
            (0..sampler.n)
                .map(|i| sampler.extra(THETA_KEY, [low, q.theta, high], i))
                .collect()
        });
        let rows: Vec<Row> = self.each_draw("split draws", &sampler, q.watch.get(), |i, net| {
            // The query as is, or (θ drawn too) a copy at this draw's θ.
            let at = match &thetas {
                Some(t) => Cow::Owned(SplitQuery {
                    theta: t[i],
                    ..one.clone()
                }),
                None => Cow::Borrowed(&one),
            };
            Ok(reduce(self, split, &net.split(&at)?))
        })?;
        summarise(self, split, q, &rows);
        if let (Some(d), Some(mut t)) = (split.draws.as_mut(), thetas) {
            d.theta = Some(percentiles(&mut t));
            d.theta_range = q.theta_range;
        }
        Ok(())
    }
}

/// Draw `s` of `net` reduced against the answer `split`.
fn reduce(net: &Network, split: &Split, s: &Split) -> Row {
    let routes = split
        .demands
        .iter()
        .zip(&s.demands)
        .map(|(d, e)| {
            d.routes
                .iter()
                .map(|r| {
                    let at = e.routes.iter().position(|x| x.links == r.links);
                    (at.map_or(0.0, |k| e.routes[k].share), at == Some(0))
                })
                .collect()
        })
        .collect();
    let flows = s
        .demands
        .iter()
        .map(|e| (!e.routes.is_empty()).then_some((e.mean_value, e.off_cheapest)))
        .collect();
    let prices = s
        .capacity
        .as_ref()
        .map_or(&[][..], |c| &c.shadow_prices[..]);
    Row {
        routes,
        flows,
        tally: Tally::new(net, &s.loads, prices),
        demand: s.demand_mtpa,
        routed: s.routed_mtpa,
        total: s.total_per_year,
    }
}

/// The rows' percentiles and chances, set on `split`.
fn summarise(net: &Network, split: &mut Split, q: &SplitQuery, rows: &[Row]) {
    let n = rows.len() as f64;
    let spread = |x: &dyn Fn(&Row) -> Option<f64>| -> Option<[f64; 3]> {
        let mut xs: Vec<f64> = rows.iter().filter_map(x).collect();
        (!xs.is_empty()).then(|| percentiles(&mut xs))
    };
    for (f, d) in split.demands.iter_mut().enumerate() {
        for (k, r) in d.routes.iter_mut().enumerate() {
            let mut shares: Vec<f64> = rows.iter().map(|row| row.routes[f][k].0).collect();
            let cheapest = rows.iter().filter(|row| row.routes[f][k].1).count();
            r.draws = Some(RouteDraws {
                share: percentiles(&mut shares),
                chance_cheapest: cheapest as f64 / n,
            });
        }
        if !d.routes.is_empty() {
            d.draws = spread(&|row| row.flows[f].map(|x| x.0))
                .zip(spread(&|row| row.flows[f].map(|x| x.1)))
                .map(|(mean_value, off_cheapest)| FlowDraws {
                    mean_value,
                    off_cheapest,
                });
        }
    }
    let tallies = rows.iter().map(|r| &r.tally);
    split.draws = Some(SplitDraws {
        n: rows.len(),
        seed: q.sampler.seed,
        sampling: q.sampler.sampling,
        demand_mtpa: spread_of(rows, |r| r.demand),
        routed_mtpa: spread_of(rows, |r| r.routed),
        total_per_year: spread_of(rows, |r| r.total),
        loads: load_draws(net, tallies.clone()),
        prices: price_draws(tallies),
        theta: None,
        theta_range: None,
    });
}
