//! The projects valued under route choice: each flow spread over its cheapest routes on the
//! network with and without a project, and the difference in what the spread is worth; and
//! the order to build them in by that worth.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ProjectsQuery, Valuer};
use crate::analysis::SpreadGain;
use crate::analysis::split::Candidates;
use crate::error::QueryError;
use crate::network::Network;
use crate::util::progress::Meter;

/// A gain under this, USD a year, is the solver's rounding (within capacity), not a gain: the
/// build order under route choice stops there.
const NO_GAIN_USD_PER_YEAR: f64 = 1e3;

/// One step of the order to build in under route choice
/// ([`ProjectRanking::spread_order`](super::ProjectRanking::spread_order)): each time, the
/// project that gains shippers the most given those before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpreadStep {
    /// The project built at this step.
    pub id: String,
    /// What it gains given the steps before (its fields inline in JSON).
    #[serde(flatten)]
    pub gain: SpreadGain,
}

/// How many of its cheapest routes each flow is spread over when projects are valued.
pub(crate) const SPREAD_ROUTES: usize = 8;

impl Network {
    /// Each project's [`SpreadGain`] at the query's spread, or `None` when it asks for none.
    pub(super) fn spread_gains(
        &self,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        ids: &[&str],
    ) -> Result<Option<Vec<SpreadGain>>, QueryError> {
        let Some(theta) = q.spread else {
            return Ok(None);
        };
        let meter = Meter::start(q.watch.get(), "route-choice valuations", ids.len() + 1)?;
        self.gains_at(theta, q, v, ids, Some(&meter)).map(Some)
    }

    /// Each project's [`SpreadGain`] at spread `theta`, telling `meter` (when given) of the
    /// network without the projects and of each project valued.
    pub(super) fn gains_at(
        &self,
        theta: f64,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        ids: &[&str],
        meter: Option<&Meter<'_>>,
    ) -> Result<Vec<SpreadGain>, QueryError> {
        let tick = || meter.map_or(Ok(()), |m| m.add(1));
        let base = self.spread_base(theta, q, v, &[])?;
        tick()?;
        ids.par_iter()
            .map(|id| {
                let gain = self.gain_over(theta, q, v, &base, &[], id)?;
                tick()?;
                Ok(gain)
            })
            .collect()
    }

    /// The candidate routes of the query's flows with `built` built, and within capacity their
    /// split at spread `theta`, solved once for every project weighed against it.
    fn spread_base(
        &self,
        theta: f64,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        built: &[&str],
    ) -> Result<Candidates, QueryError> {
        let within = q.spread_within_capacity;
        let mut base = self.cost_candidates(&q.pairs, v.with(built), SPREAD_ROUTES, within)?;
        base.solve_within(self, theta)?;
        Ok(base)
    }

    /// What project `id` gains at spread `theta` over `base`, the routes with `built` built.
    fn gain_over(
        &self,
        theta: f64,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        base: &Candidates,
        built: &[&str],
        id: &str,
    ) -> Result<SpreadGain, QueryError> {
        let mut with = built.to_vec();
        with.push(id);
        let within = q.spread_within_capacity;
        let after = self.cost_candidates(&q.pairs, v.with(&with), SPREAD_ROUTES, within)?;
        let mut marked = vec![false; self.data.links.len()];
        for l in &self.resolve_project(id)?.links {
            marked[self.data.link_ix[l.as_str()]] = true;
        }
        if q.spread_within_capacity {
            base.gain_within(&after, self, theta, &marked)
        } else {
            Ok(base.gain(&after, self, theta, &marked))
        }
    }

    /// With a spread, the order to build in under route choice: each round the project that
    /// gains the most given those before it (ties by id), until none gains anything. The first
    /// round is `alone`, each project's gain on its own ([`Network::spread_gains`], in the
    /// order of `ids`). Tells the watcher of each round (`route-choice build-order rounds`;
    /// those not needed count as done).
    pub(super) fn spread_order(
        &self,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        ids: &[&str],
        alone: Option<&[SpreadGain]>,
    ) -> Result<Option<Vec<SpreadStep>>, QueryError> {
        let (Some(theta), Some(alone)) = (q.spread, alone) else {
            return Ok(None);
        };
        let meter = Meter::start(q.watch.get(), "route-choice build-order rounds", ids.len())?;
        let (mut built, mut left): (Vec<&str>, Vec<&str>) = (Vec::new(), ids.to_vec());
        let mut steps = Vec::new();
        while !left.is_empty() {
            let gains = if built.is_empty() {
                alone.to_vec()
            } else {
                let base = self.spread_base(theta, q, v, &built)?;
                left.par_iter()
                    .map(|id| self.gain_over(theta, q, v, &base, &built, id))
                    .collect::<Result<Vec<SpreadGain>, QueryError>>()?
            };
            let best = (0..left.len())
                .filter(|&i| gains[i].benefit_usd_per_year > NO_GAIN_USD_PER_YEAR)
                .max_by(|&a, &b| {
                    let (ga, gb) = (gains[a].benefit_usd_per_year, gains[b].benefit_usd_per_year);
                    ga.total_cmp(&gb).then_with(|| left[b].cmp(left[a]))
                });
            let Some(i) = best else {
                meter.add(left.len())?;
                break;
            };
            steps.push(SpreadStep {
                id: left[i].to_string(),
                gain: gains[i],
            });
            built.push(left.remove(i));
            meter.add(1)?;
        }
        Ok(Some(steps))
    }
}
