//! The projects valued under route choice: each flow spread over its cheapest routes on the
//! network with and without a project, and the difference in what the spread is worth; and
//! the order to build them in by that worth.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ProjectsQuery, Valuer};
use crate::analysis::SpreadGain;
use crate::analysis::split::{Candidates, Member, Worth};
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

/// Two projects valued together under route choice
/// ([`ProjectRanking::spread_pairs`](super::ProjectRanking::spread_pairs)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpreadPair {
    /// The two project ids.
    pub projects: [String; 2],
    /// What the two built together gain shippers, USD a year.
    pub benefit_usd_per_year: f64,
    /// Together less the two alone, USD a year of what shippers gain: positive when each
    /// makes the other worth more, negative when they draw the same cargo. The four networks
    /// (neither, each, both) are weighed on the same routes, all of theirs, so it is not
    /// quite the pair's gain less the two gains alone of the ranking, each weighed on the
    /// routes of its own two networks.
    pub synergy_usd_per_year: f64,
}

/// Under route choice: the pairs worth naming and each project built after every other.
pub(super) struct Together {
    pub(super) pairs: Vec<SpreadPair>,
    /// Per project, in the order of the ids: what it gains once every other is built.
    pub(super) last: Vec<SpreadGain>,
}

/// Under route choice: the order to build in and all the projects built, weighed on one
/// family of routes so that the steps add up to what they gain together.
pub(super) struct Order {
    pub(super) steps: Vec<SpreadStep>,
    pub(super) all: SpreadGain,
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
                let gain = self.gain_over(theta, q, v, &base, &[], &[id])?;
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

    /// What the projects `adding` gain at spread `theta` over `base`, the routes with `built`
    /// built.
    fn gain_over(
        &self,
        theta: f64,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        base: &Candidates,
        built: &[&str],
        adding: &[&str],
    ) -> Result<SpreadGain, QueryError> {
        let with = [built, adding].concat();
        let within = q.spread_within_capacity;
        let after = self.cost_candidates(&q.pairs, v.with(&with), SPREAD_ROUTES, within)?;
        let mut marked = vec![false; self.data.links.len()];
        for id in adding {
            for l in &self.resolve_project(id)?.links {
                marked[self.data.link_ix[l.as_str()]] = true;
            }
        }
        if q.spread_within_capacity {
            base.gain_within(&after, self, theta, &marked)
        } else {
            Ok(base.gain(&after, self, theta, &marked))
        }
    }

    /// With a spread, the order to build in under route choice and all the projects built.
    /// The order: each round the project that gains the most given those before it (ties by
    /// id), until none gains anything. The first round is `alone`, each project's gain on its
    /// own ([`Network::spread_gains`], in the order of `ids`). Each round weighs its
    /// candidates on the routes of two networks, before and after; once the order is known,
    /// every step and all built are weighed again on one family (no project, each step's
    /// network, all built: [`Candidates::family`]), so that the steps add up to the gain of
    /// the last one's network and never to more than all built. Tells the watcher of each
    /// round (`route-choice build-order rounds`; those not needed count as done) and of the
    /// family weighed at the end.
    pub(super) fn spread_order(
        &self,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        ids: &[&str],
        alone: Option<&[SpreadGain]>,
    ) -> Result<Option<Order>, QueryError> {
        let (Some(theta), Some(alone)) = (q.spread, alone) else {
            return Ok(None);
        };
        let meter = Meter::start(
            q.watch.get(),
            "route-choice build-order rounds",
            ids.len() + 1,
        )?;
        let (mut built, mut left): (Vec<&str>, Vec<&str>) = (Vec::new(), ids.to_vec());
        while !left.is_empty() {
            let gains = if built.is_empty() {
                alone.to_vec()
            } else {
                let base = self.spread_base(theta, q, v, &built)?;
                left.par_iter()
                    .map(|id| self.gain_over(theta, q, v, &base, &built, &[id]))
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
            built.push(left.remove(i));
            meter.add(1)?;
        }
        let order = self.weigh_order(theta, q, v, &built, ids)?;
        meter.add(1)?;
        Ok(Some(order))
    }

    /// The steps `order` (project ids in the order built) and all of `ids` built, weighed on
    /// one family: no project, then each step's network, then all built.
    fn weigh_order(
        &self,
        theta: f64,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        order: &[&str],
        ids: &[&str],
    ) -> Result<Order, QueryError> {
        let within = q.spread_within_capacity;
        let base = self.spread_base(theta, q, v, &[])?;
        let marks = |adding: &[&str]| -> Result<Vec<bool>, QueryError> {
            let mut marked = vec![false; self.data.links.len()];
            for id in adding {
                for l in &self.resolve_project(id)?.links {
                    marked[self.data.link_ix[l.as_str()]] = true;
                }
            }
            Ok(marked)
        };
        // Each member after the first: its built projects and those whose links it marks.
        let mut sets: Vec<(&[&str], &[&str])> = (1..=order.len())
            .map(|k| (&order[..k], &order[k - 1..k]))
            .collect();
        sets.push((ids, ids));
        let nets: Vec<(Candidates, Vec<bool>, Vec<bool>)> = sets
            .par_iter()
            .map(|&(built, adding)| {
                let filter = v.with(built);
                let open = filter.view(self)?.open;
                let c = self.cost_candidates(&q.pairs, filter, SPREAD_ROUTES, within)?;
                Ok((c, open, marks(adding)?))
            })
            .collect::<Result<_, QueryError>>()?;
        let base_open = v.with(&[]).view(self)?.open;
        let members: Vec<Member<'_>> = std::iter::once(Member::unmarked(&base, &base_open))
            .chain(nets.iter().map(|(c, open, marked)| Member {
                candidates: c,
                open,
                marked,
            }))
            .collect();
        let w = base.family(&members, self, theta)?;
        let gain = |before: &Worth, after: &Worth| SpreadGain {
            benefit_usd_per_year: before.welfare - after.welfare,
            saving_usd_per_year: before.paid - after.paid,
            mtpa: after.marked_mtpa,
        };
        let steps = order
            .iter()
            .enumerate()
            .map(|(k, id)| SpreadStep {
                id: id.to_string(),
                gain: gain(&w[k], &w[k + 1]),
            })
            .collect();
        let all = gain(&w[0], &w[w.len() - 1]);
        Ok(Order { steps, all })
    }

    /// With a spread, the projects together under route choice: each pair whose gain together
    /// differs from the two alone (`alone`, in the order of `ids`) by more than 1 % of the
    /// best gain alone and 1 M USD a year, complements first; each project's gain once every
    /// other is built; and all built at once. Tells the watcher of each valuation
    /// (`route-choice pairs and last values`).
    pub(super) fn spread_together(
        &self,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        ids: &[&str],
        alone: Option<&[SpreadGain]>,
    ) -> Result<Option<Together>, QueryError> {
        let (Some(theta), Some(alone)) = (q.spread, alone) else {
            return Ok(None);
        };
        let mut pair_ix = Vec::new();
        for i in 0..ids.len() {
            for j in i + 1..ids.len() {
                pair_ix.push((i, j));
            }
        }
        let work = pair_ix.len() + 2 * ids.len() + 1;
        let meter = Meter::start(q.watch.get(), "route-choice pairs and last values", work)?;
        let tick = |n: usize| meter.add(n);
        let base = self.spread_base(theta, q, v, &[])?;
        let within = q.spread_within_capacity;
        // Each network's candidate routes and open links: each project alone, then each pair.
        let network = |built: &[&str]| -> Result<(Candidates, Vec<bool>), QueryError> {
            let filter = v.with(built);
            let open = filter.view(self)?.open;
            let c = self.cost_candidates(&q.pairs, filter, SPREAD_ROUTES, within)?;
            Ok((c, open))
        };
        let (_, base_open) = network(&[])?;
        let each: Vec<(Candidates, Vec<bool>)> = ids
            .par_iter()
            .map(|id| network(&[id]))
            .collect::<Result<_, QueryError>>()?;
        tick(1)?;
        let together: Vec<(f64, f64)> = pair_ix
            .par_iter()
            .map(|&(i, j)| {
                let (both, open) = network(&[ids[i], ids[j]])?;
                let members = [
                    Member::unmarked(&base, &base_open),
                    Member::unmarked(&each[i].0, &each[i].1),
                    Member::unmarked(&each[j].0, &each[j].1),
                    Member::unmarked(&both, &open),
                ];
                let w: Vec<f64> = base
                    .family(&members, self, theta)?
                    .iter()
                    .map(|w| w.welfare)
                    .collect();
                tick(1)?;
                Ok((w[0] - w[3], w[1] + w[2] - w[3] - w[0]))
            })
            .collect::<Result<_, QueryError>>()?;
        let best = alone
            .iter()
            .map(|g| g.benefit_usd_per_year)
            .fold(0.0, f64::max);
        let threshold = (0.01 * best).max(1e6);
        let mut pairs: Vec<SpreadPair> = pair_ix
            .iter()
            .zip(together)
            .filter(|(_, (_, synergy))| synergy.abs() > threshold)
            .map(|(&(i, j), (benefit, synergy))| SpreadPair {
                projects: [ids[i].to_string(), ids[j].to_string()],
                benefit_usd_per_year: benefit,
                synergy_usd_per_year: synergy,
            })
            .collect();
        pairs.sort_by(|a, b| {
            b.synergy_usd_per_year
                .total_cmp(&a.synergy_usd_per_year)
                .then_with(|| a.projects.cmp(&b.projects))
        });
        let last: Vec<SpreadGain> = (0..ids.len())
            .into_par_iter()
            .map(|i| {
                let others: Vec<&str> =
                    (0..ids.len()).filter(|&k| k != i).map(|k| ids[k]).collect();
                let before = self.spread_base(theta, q, v, &others)?;
                tick(1)?;
                let g = self.gain_over(theta, q, v, &before, &others, &[ids[i]])?;
                tick(1)?;
                Ok(g)
            })
            .collect::<Result<_, QueryError>>()?;
        Ok(Some(Together { pairs, last }))
    }
}
