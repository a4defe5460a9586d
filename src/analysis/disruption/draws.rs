//! A disruption answered again in draws of every uncertain figure: how often each flow is
//! rerouted or cut off, and how far the cost of its detour, the total and the capacity lost
//! move.

use serde::{Deserialize, Serialize};

use super::{DisruptionQuery, DisruptionReport};
use crate::analysis::draws::{Sampling, spread_of};
use crate::error::QueryError;
use crate::network::Network;

/// The most draws a disruption question takes: each routes every flow twice and measures
/// capacity twice, on a network rebuilt with the draw's figures.
pub const MAX_DISRUPTION_DRAWS: usize = 10_000;

/// What the draws say of one flow under the disruption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FlowDisruptionDraws {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Share of draws in which the disruption changes its route or cost (cut off included).
    pub chance_affected: f64,
    /// Share of draws in which it had a route before and has none after.
    pub chance_cut_off: f64,
    /// Extra USD per tonne of the detour: percentiles 5, 50 and 95 over the draws in which it
    /// has a route before and after (0 where its route is unchanged; `None` when there is no
    /// such draw).
    pub extra_usd_per_t: Option<[f64; 3]>,
    /// Extra days of the detour, over the same draws.
    pub extra_days: Option<[f64; 3]>,
    /// Extra USD a year for the whole flow (its drawn volume), over the same draws.
    pub extra_usd_per_year: Option<[f64; 3]>,
}

/// What the draws say of a disruption ([`DisruptionQuery::draws`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisruptionDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// Extra USD a year of every detour together (flows cut off add nothing): percentiles
    /// 5, 50 and 95.
    pub extra_usd_per_year: [f64; 3],
    /// Mt/yr cut off: percentiles 5, 50 and 95.
    pub cut_off_mtpa: [f64; 3],
    /// Capacity between the regions before, Mt/yr: percentiles over the draws a published
    /// figure bounds it (`None` when none does).
    pub capacity_before_mtpa: Option<[f64; 3]>,
    /// Capacity after, over the draws a published figure bounds it.
    pub capacity_after_mtpa: Option<[f64; 3]>,
    /// Capacity lost (before less after), over the draws both are bounded.
    pub capacity_lost_mtpa: Option<[f64; 3]>,
    /// Every flow of the query, in its order.
    pub flows: Vec<FlowDisruptionDraws>,
}

/// One flow in one draw: whether the disruption changes it, whether it is cut off, and its
/// extra USD/t, days and USD a year where it has a route before and after.
#[derive(Clone, Copy)]
struct Fate {
    affected: bool,
    cut_off: bool,
    extra: Option<(f64, f64, f64)>,
}

/// One draw reduced to what the draws report: each flow's fate, the capacities before and
/// after, and the Mt/yr cut off.
struct Drawn {
    fates: Vec<Fate>,
    before: Option<f64>,
    after: Option<f64>,
    cut_off_mtpa: f64,
}

impl Drawn {
    /// The report `r` of one draw; `changed` says, per flow, whether it is in `r.affected`
    /// (`None`: it has no route before or after).
    fn of(r: &DisruptionReport, changed: &[Option<bool>]) -> Drawn {
        let mut affected = r.affected.iter();
        let mut cut_off_mtpa = 0.0;
        let fates = changed
            .iter()
            .map(|&c| {
                let unchanged = |extra| Fate {
                    affected: false,
                    cut_off: false,
                    extra,
                };
                let a = match c {
                    None => return unchanged(None),
                    Some(false) => return unchanged(Some((0.0, 0.0, 0.0))),
                    Some(true) => match affected.next() {
                        Some(a) => a,
                        None => return unchanged(None),
                    },
                };
                if a.cut_off {
                    cut_off_mtpa += a.mtpa;
                }
                let extra = match (a.extra_usd_per_t, a.extra_days, a.extra_usd_per_year) {
                    (Some(u), Some(d), Some(y)) => Some((u, d, y)),
                    _ => None,
                };
                Fate {
                    affected: true,
                    cut_off: a.cut_off,
                    extra,
                }
            })
            .collect();
        Drawn {
            fates,
            before: r.capacity_before_mtpa,
            after: r.capacity_after_mtpa,
            cut_off_mtpa,
        }
    }
}

impl Network {
    /// What `q.sampler.n` draws say of the disruption answered by `once` (`q` without its draws).
    pub(super) fn disruption_draws(
        &self,
        q: &DisruptionQuery,
        once: &DisruptionQuery,
    ) -> Result<DisruptionDraws, QueryError> {
        let sampler = q.sampler;
        let rows: Vec<Drawn> =
            self.each_draw("disruption draws", &sampler, q.watch.get(), |_, net| {
                let (r, changed) = net.disrupted(once)?;
                Ok(Drawn::of(&r, &changed))
            })?;
        let flows = once.pairs.resolve(self)?;
        let n = rows.len() as f64;
        let share =
            |hit: &dyn Fn(&Drawn) -> bool| rows.iter().filter(|r| hit(r)).count() as f64 / n;
        let flows = flows
            .iter()
            .enumerate()
            .map(|(k, flow)| {
                let extras: Vec<(f64, f64, f64)> =
                    rows.iter().filter_map(|r| r.fates[k].extra).collect();
                let over = |x: fn(&(f64, f64, f64)) -> f64| {
                    (!extras.is_empty()).then(|| spread_of(&extras, x))
                };
                FlowDisruptionDraws {
                    from: flow.from.clone(),
                    to: flow.to.clone(),
                    chance_affected: share(&|r| r.fates[k].affected),
                    chance_cut_off: share(&|r| r.fates[k].cut_off),
                    extra_usd_per_t: over(|e| e.0),
                    extra_days: over(|e| e.1),
                    extra_usd_per_year: over(|e| e.2),
                }
            })
            .collect();
        let bounded = |x: fn(&Drawn) -> Option<f64>| {
            let xs: Vec<f64> = rows.iter().filter_map(x).collect();
            (!xs.is_empty()).then(|| spread_of(&xs, |x| *x))
        };
        Ok(DisruptionDraws {
            n: q.sampler.n,
            seed: q.sampler.seed,
            sampling: q.sampler.sampling,
            extra_usd_per_year: spread_of(&rows, |r| {
                r.fates.iter().filter_map(|f| f.extra).map(|e| e.2).sum()
            }),
            cut_off_mtpa: spread_of(&rows, |r| r.cut_off_mtpa),
            capacity_before_mtpa: bounded(|r| r.before),
            capacity_after_mtpa: bounded(|r| r.after),
            capacity_lost_mtpa: bounded(|r| Some(r.before? - r.after?)),
            flows,
        })
    }
}
