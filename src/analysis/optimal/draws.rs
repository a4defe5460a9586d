//! The optimal assignment drawn again: the same question in many draws of every uncertain
//! figure (rates, speeds, crossings, capacities, the file's demand volumes; lengths stay at
//! their figures), each solved on a network rebuilt with the draw's figures, and how far each
//! flow's cost, each load and each shadow price moves.

use serde::{Deserialize, Serialize};

use super::{OptimalAssignment, OptimalQuery};
use crate::analysis::Watch;
use crate::analysis::draws::{
    LoadDraws, PriceDraws, Sampling, Tally, load_draws, price_draws, spread_of,
};
use crate::error::QueryError;
use crate::network::Network;

/// The most draws an optimal assignment takes: each solves the linear program again on a
/// network rebuilt with the draw's figures.
pub const MAX_OPTIMAL_DRAWS: usize = 10_000;

/// What the draws say of one flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DemandDraws {
    /// Mt/yr carried: percentiles 5, 50 and 95.
    pub served_mtpa: [f64; 3],
    /// What a tonne carried pays on average, USD/t: percentiles 5, 50 and 95 over the draws
    /// that carry some (`None` when none does).
    pub usd_per_t: Option<[f64; 3]>,
}

/// What the draws say of the whole assignment ([`OptimalQuery::draws`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptimalDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// Total Mt/yr asked: percentiles 5, 50 and 95 (the file's demand volumes are drawn).
    pub demand_mtpa: [f64; 3],
    /// Total Mt/yr carried: percentiles 5, 50 and 95.
    pub served_mtpa: [f64; 3],
    /// Total Mt/yr no capacity left could carry: percentiles 5, 50 and 95.
    pub unmet_mtpa: [f64; 3],
    /// What the cargo carried pays, USD a year: percentiles 5, 50 and 95.
    pub total_usd_per_year: [f64; 3],
    /// Every link loaded in some draw, busiest first (by median load, then the 95th
    /// percentile, then id).
    pub loads: Vec<LoadDraws>,
    /// Every capacity full in some draw, dearest first (by median price, then the 95th
    /// percentile, then id): which bottleneck binds how often, at what price.
    pub prices: Vec<PriceDraws>,
}

crate::analysis::draw_builders! {
    OptimalQuery,
    /// Also solves the assignment again in `n` draws of every uncertain figure within its
    /// range (rates, speeds, crossings, capacities, the file's demand volumes; lengths stay
    /// at their figures): each flow then says the percentiles of what it carries and pays,
    /// and [`OptimalAssignment::draws`] those of the totals, every link's load and every
    /// shadow price, with how often each capacity is full. At most [`MAX_OPTIMAL_DRAWS`].
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, OptimalQuery};
    /// let net = Network::trans_afghan();
    /// let a = net.optimal(&OptimalQuery::new().versus_greedy(false).draws(20)).unwrap();
    /// let d = a.draws.as_ref().unwrap();
    /// // The railway from the Caspian ports to Qazvin binds in most draws.
    /// let rasht = d.prices.iter().find(|p| p.id == "qazvin-rasht-rail").unwrap();
    /// assert!(rasht.chance_full > 0.5 && rasht.usd_per_t[1] > 0.0);
    /// ```
}

crate::analysis::progress_builder! {
    OptimalQuery,
    /// Reports the draws to `progress` as they are solved (`optimal draws`), and stops with
    /// [`QueryError::Cancelled`] when it is cancelled.
}

/// One draw, reduced to what the answer keeps.
struct Row {
    /// Per flow: Mt/yr carried and USD/t paid (`None` when nothing is carried).
    flows: Vec<(f64, Option<f64>)>,
    tally: Tally,
    demand: f64,
    served: f64,
    unmet: f64,
    total: f64,
}

impl Network {
    /// Adds to `a`, the answer to `q`, what `q.sampler.n` draws say of it; nothing when it asks
    /// for none.
    pub(super) fn optimal_draws(
        &self,
        q: &OptimalQuery,
        a: &mut OptimalAssignment,
    ) -> Result<(), QueryError> {
        if q.sampler.n == 0 {
            return Ok(());
        }
        let sampler = q.sampler;
        let mut one = q.clone();
        one.sampler.n = 0;
        one.versus_greedy = false;
        one.watch = Watch::default();
        let rows: Vec<Row> =
            self.each_draw("optimal draws", &sampler, q.watch.get(), |_, net| {
                let d = net.optimal(&one)?;
                Ok(Row {
                    flows: d
                        .demands
                        .iter()
                        .map(|f| (f.served_mtpa, f.usd_per_t))
                        .collect(),
                    tally: Tally::new(self, &d.loads, &d.shadow_prices),
                    demand: d.demand_mtpa,
                    served: d.served_mtpa,
                    unmet: d.unmet_mtpa,
                    total: d.total_usd_per_year,
                })
            })?;
        for (f, d) in a.demands.iter_mut().enumerate() {
            let paid: Vec<f64> = rows.iter().filter_map(|r| r.flows[f].1).collect();
            d.draws = Some(DemandDraws {
                served_mtpa: spread_of(&rows, |r| r.flows[f].0),
                usd_per_t: (!paid.is_empty()).then(|| spread_of(&paid, |x| *x)),
            });
        }
        let tallies = rows.iter().map(|r| &r.tally);
        a.draws = Some(OptimalDraws {
            n: q.sampler.n,
            seed: q.sampler.seed,
            sampling: q.sampler.sampling,
            demand_mtpa: spread_of(&rows, |r| r.demand),
            served_mtpa: spread_of(&rows, |r| r.served),
            unmet_mtpa: spread_of(&rows, |r| r.unmet),
            total_usd_per_year: spread_of(&rows, |r| r.total),
            loads: load_draws(self, tallies.clone()),
            prices: price_draws(tallies),
        });
        Ok(())
    }
}
