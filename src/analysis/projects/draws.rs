//! The project ranking drawn again: each project alone in many draws of every uncertain
//! figure, how often it ranks first and the spread of what it saves.

use super::{ProjectDraws, ProjectsQuery, SpreadDraws, Valuer, payback};
use crate::analysis::draws::{THETA_KEY, percentiles};
use crate::analysis::split::check_range;
use crate::error::QueryError;
use crate::network::Network;

impl ProjectsQuery {
    /// With [`spread`](ProjectsQuery::spread) and draws, also draws the spread θ of the
    /// valuations under route choice in each draw: triangular between `low` and `high` around
    /// the spread, as [`SplitQuery::theta_range`](crate::SplitQuery::theta_range) does for a
    /// split. Each project's gain under route choice and its chance to gain the most then count
    /// how unsure the spread is too; [`RankingDraws::spread_theta`](super::RankingDraws) gives
    /// the spreads drawn. Nothing else changes. Needs `0 < low ≤ θ ≤ high ≤ 10,000`, else
    /// [`QueryError::ThetaRange`].
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, ProjectsQuery};
    /// let net = Network::trans_afghan();
    /// let q = ProjectsQuery::new().project("mazar-herat").spread(10.0).draws(4);
    /// let r = net.rank_projects(&q.spread_range(5.0, 20.0)).unwrap();
    /// let t = r.draws.unwrap().spread_theta.unwrap();
    /// assert!(5.0 <= t[0] && t[0] <= t[1] && t[1] <= t[2] && t[2] <= 20.0);
    /// ```
    pub fn spread_range(mut self, low: f64, high: f64) -> ProjectsQuery {
        self.spread_range = Some([low, high]);
        self
    }
}

/// [`QueryError::ThetaRange`] unless `q`'s range for its spread, if it has both, holds the
/// spread above 0.
pub(super) fn check_spread_range(q: &ProjectsQuery) -> Result<(), QueryError> {
    match (q.spread_range, q.spread) {
        (Some(range), Some(theta)) => check_range(range, theta, true),
        _ => Ok(()),
    }
}

impl Network {
    /// Each project alone in `q.sampler.n` draws: its chance to rank first and the spread of its
    /// saving, value and payback.
    pub(super) fn rank_draws(
        &self,
        q: &ProjectsQuery,
        ids: &[&str],
        delays: &[f64],
    ) -> Result<Option<Drawn>, QueryError> {
        if q.sampler.n == 0 {
            return Ok(None);
        }
        let sampler = q.sampler;
        // The spread of each draw, when it is drawn too.
        let thetas: Option<Vec<f64>> = q.spread.zip(q.spread_range).map(|(theta, [low, high])| {
            (0..sampler.n)
                .map(|i| sampler.extra(THETA_KEY, [low, theta, high], i))
                .collect()
        });
        // Per draw: per project (value, saving, cost), and with a spread each one's gain.
        let rows: Vec<DrawRow> =
            self.each_draw("project draws", &sampler, q.watch.get(), |i, net| {
                let v = Valuer::new(net, q);
                let base = v.built(&[])?;
                let row = ids
                    .iter()
                    .map(|id| {
                        let g = v.gain(&base, &[id])?;
                        let cost = net.project(id).and_then(|p| p.cost_usd);
                        Ok((g.value, g.saving, cost))
                    })
                    .collect::<Result<_, QueryError>>()?;
                let gains = match q.spread {
                    Some(theta) => {
                        let theta = thetas.as_ref().map_or(theta, |t| t[i]);
                        let g = net.gains_at(theta, q, &v, ids, None)?;
                        Some(g.iter().map(|g| g.benefit_usd_per_year).collect())
                    }
                    None => None,
                };
                Ok((row, gains))
            })?;
        let n = q.sampler.n as f64;
        let first = |x: &dyn Fn(usize, usize) -> f64| -> (Vec<usize>, usize) {
            let mut first = vec![0usize; ids.len()];
            let mut none = 0usize;
            for d in 0..rows.len() {
                let top = (0..ids.len())
                    .map(|k| (k, x(d, k)))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
                match top {
                    Some((k, v)) if v > 0.0 => first[k] += 1,
                    _ => none += 1,
                }
            }
            (first, none)
        };
        let (first_by_value, none) = first(&|d, k| rows[d].0[k].0);
        let first_by_gain = q
            .spread
            .map(|_| first(&|d, k| rows[d].1.as_ref().map_or(0.0, |g| g[k])).0);
        let per_project = (0..ids.len())
            .map(|k| {
                let mut saving: Vec<f64> = rows.iter().map(|r| r.0[k].1).collect();
                let mut value: Vec<f64> = rows.iter().map(|r| r.0[k].0).collect();
                let mut pay: Vec<f64> = rows
                    .iter()
                    .filter_map(|r| payback(r.0[k].2, r.0[k].1))
                    .collect();
                ProjectDraws {
                    chance_first: first_by_value[k] as f64 / n,
                    saving_usd_per_year: percentiles(&mut saving),
                    value_usd_per_year: percentiles(&mut value),
                    payback_years: (!pay.is_empty()).then(|| percentiles(&mut pay)),
                    npv_usd: q.discount.and_then(|d| {
                        let mut npv: Vec<f64> = rows
                            .iter()
                            .filter_map(|r| d.weigh(r.0[k].1, r.0[k].2, delays[k]).npv_usd)
                            .collect();
                        (!npv.is_empty()).then(|| percentiles(&mut npv))
                    }),
                    spread: first_by_gain.as_ref().map(|firsts| {
                        let mut gain: Vec<f64> = rows
                            .iter()
                            .filter_map(|r| r.1.as_ref().map(|g| g[k]))
                            .collect();
                        SpreadDraws {
                            chance_first: firsts[k] as f64 / n,
                            benefit_usd_per_year: percentiles(&mut gain),
                        }
                    }),
                }
            })
            .collect();
        Ok(Some(Drawn {
            per_project,
            chance_none: none as f64 / n,
            spread_theta: thetas.map(|mut t| percentiles(&mut t)),
        }))
    }
}

/// One draw: per project (value, saving, cost), and with a spread each one's gain.
type DrawRow = (Vec<(f64, f64, Option<f64>)>, Option<Vec<f64>>);

/// What the draws gave.
pub(super) struct Drawn {
    pub(super) per_project: Vec<ProjectDraws>,
    pub(super) chance_none: f64,
    pub(super) spread_theta: Option<[f64; 3]>,
}
