//! The projects valued under route choice: each flow spread over its cheapest routes on the
//! network with and without a project, and the difference in what the spread is worth.

use rayon::prelude::*;

use super::{ProjectsQuery, Valuer};
use crate::analysis::SpreadGain;
use crate::error::QueryError;
use crate::network::Network;
use crate::util::progress::Meter;

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
        let within = q.spread_within_capacity;
        let base = self.cost_candidates(&q.pairs, q.filter.clone(), SPREAD_ROUTES, within)?;
        tick()?;
        ids.par_iter()
            .map(|id| {
                let after = self.cost_candidates(&q.pairs, v.with(&[id]), SPREAD_ROUTES, within)?;
                let mut marked = vec![false; self.data.links.len()];
                for l in &self.resolve_project(id)?.links {
                    marked[self.data.link_ix[l.as_str()]] = true;
                }
                let gain = if within {
                    base.gain_within(&after, self, theta, &marked)?
                } else {
                    base.gain(&after, self, theta, &marked)
                };
                tick()?;
                Ok(gain)
            })
            .collect()
    }
}
