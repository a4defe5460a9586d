//! Which project is worth building: each planned line or upgrade of the file (`[[projects]]`)
//! valued by what it adds to the optimal assignment of the cargo flows, alone, in pairs, last,
//! in the order a builder would take them, and across draws of every uncertain figure.
//!
//! # What a project is worth
//! Every value is a difference of two optimal assignments ([`Network::optimal`]): the network
//! of the query's filter (the base), and the same with the project built (its links counted
//! whatever their status, the capacities it names set). The **value** a project is ranked by is
//! what it lowers the program's objective by: the cost saved plus, for cargo the base cannot
//! carry, the unmet penalty per tonne it newly carries, less what carrying it costs. So cargo
//! newly served counts first, and then the saving. The **saving** is the cost saved on the
//! cargo the base carries (the same Mt/yr of each flow, carried on the network with the
//! project); **served** is the Mt/yr of demand it newly carries. Building a project never
//! adds a cost unless it lowers a capacity, so savings are never negative otherwise.
//!
//! With a spread ([`ProjectsQuery::spread`]) each project is also valued as cargo that spreads
//! over its cheapest routes sees it, capacities not binding: [`SpreadGain`], from
//! `spread.rs`.

mod draws;
mod spread;
mod valuer;

pub(crate) use spread::SPREAD_ROUTES;
pub use spread::{SpreadPair, SpreadStep};
use valuer::{Gain, Outcome, Valuer};

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::draws::{Sampler, Sampling};
use crate::analysis::split::MAX_THETA;
use crate::analysis::{
    Day, Discount, Discounted, Filter, Flows, Regions, SpreadGain, UNMET_USD_PER_T, Watch,
    flow_builders,
};
use crate::error::QueryError;
use crate::model::{Date, Metric, Mode};
use crate::network::Network;
use crate::util::progress::Meter;

/// The most draws a [`ProjectsQuery`] may ask for: each draw solves one optimal assignment
/// per project and one more, on a network rebuilt with the draw's figures, about ten
/// milliseconds a project on the bundled network.
pub const MAX_PROJECT_DRAWS: usize = 10_000;

/// A saving smaller than this share of the base's total cost is the solver's rounding.
const NOISE: f64 = 1e-7;

/// A question about the file's projects: what each adds at the cargo flows, which to build
/// first, and how sure that ranking is.
///
/// # Example
/// ```
/// use corridors::{Filter, Network, ProjectsQuery};
/// let net = Network::trans_afghan();
/// // The network as built, with none of today's events in force.
/// let r = net.rank_projects(&ProjectsQuery::new().filter(Filter::new().no_events())).unwrap();
/// let best = &r.projects[0];
/// assert!(best.saving_usd_per_year > 0.0);
/// // Best first.
/// assert!(r.projects.windows(2).all(|w| w[0].value_usd_per_year >= w[1].value_usd_per_year));
/// // Building it in the file lowers the optimal cost by that much.
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectsQuery {
    pairs: Flows,
    filter: Filter,
    metric: Metric,
    design: bool,
    penalty: f64,
    only: Vec<String>,
    #[serde(flatten)]
    sampler: Sampler,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discount: Option<Discount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spread: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    spread_within_capacity: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spread_range: Option<[f64; 2]>,
    #[serde(skip)]
    watch: Watch,
}

flow_builders!(ProjectsQuery);

impl ProjectsQuery {
    /// Every project of the file, at the file's `[[demands]]`, on today's network.
    pub fn new() -> ProjectsQuery {
        ProjectsQuery {
            pairs: Flows::default(),
            filter: Filter::new(),
            metric: Metric::Cost,
            design: false,
            penalty: UNMET_USD_PER_T,
            only: Vec::new(),
            sampler: Sampler::default(),
            discount: None,
            spread: None,
            spread_within_capacity: false,
            spread_range: None,
            watch: Watch::default(),
        }
    }

    /// The network the projects are added to (default: today's).
    pub fn filter(mut self, filter: Filter) -> ProjectsQuery {
        self.filter = filter;
        self
    }

    /// Uses design capacities where published.
    pub fn design(mut self, design: bool) -> ProjectsQuery {
        self.design = design;
        self
    }

    /// What a tonne left unmet costs, USD/t (default [`UNMET_USD_PER_T`]).
    pub fn unmet_penalty(mut self, usd_per_t: f64) -> ProjectsQuery {
        self.penalty = usd_per_t;
        self
    }

    /// Looks at this project (call again for several) instead of every project of the file.
    pub fn project(mut self, id: impl Into<String>) -> ProjectsQuery {
        self.only.push(id.into());
        self
    }

    /// Also weighs each project's saving against its cost over time (see [`Discount`]): the
    /// cost paid on the day looked at, the saving from the day the project opens (the day
    /// looked at, for a project that gives no opening date: a flattering assumption), for
    /// `discount.years` years, at `discount.rate` a year. Each project then has
    /// [`ProjectValue::discounted`] (net present value, benefit-cost ratio, discounted
    /// payback), and with draws the spread of its net present value. No rate is assumed:
    /// by default nothing is discounted.
    ///
    /// # Example
    /// ```
    /// use corridors::{Discount, Network, ProjectsQuery};
    /// let net = Network::trans_afghan();
    /// let q = ProjectsQuery::new().project("khaf-herat-section-4").discount(Discount::new(0.06, 30));
    /// let p = &net.rank_projects(&q).unwrap().projects[0];
    /// let d = p.discounted.as_ref().unwrap();
    /// // Worth less today than thirty undiscounted years of saving ...
    /// assert!(d.savings_pv_usd > 0.0 && d.savings_pv_usd < 30.0 * p.saving_usd_per_year);
    /// // ... and weighed against the cost the file gives.
    /// let cost = p.cost_usd.unwrap();
    /// assert_eq!(d.npv_usd, Some(d.savings_pv_usd - cost));
    /// ```
    pub fn discount(mut self, discount: Discount) -> ProjectsQuery {
        self.discount = Some(discount);
        self
    }

    /// Also values each project when cargo spreads over its cheapest routes at spread `theta`
    /// (in (0, 10,000]; [`DEFAULT_THETA`](crate::DEFAULT_THETA) is a working value) rather than
    /// all taking the cheapest: [`ProjectValue::spread`], from each flow's 8 cheapest routes on
    /// the network with and without it, capacities not binding (see [`Network::split`] and
    /// [`SpreadGain`]). A line a little dearer than the road it joins then draws a share, and
    /// shippers gain from the choice, where least cost gives it nothing. With
    /// [`ProjectsQuery::draws`] too, each draw is valued so as well ([`SpreadDraws`]: the
    /// spread of each gain and the chance to gain the most).
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, ProjectsQuery};
    /// let net = Network::trans_afghan();
    /// let q = ProjectsQuery::new().project("mazar-herat").spread(10.0);
    /// let p = &net.rank_projects(&q).unwrap().projects[0];
    /// let s = p.spread.unwrap();
    /// // Some cargo takes the new line, and shippers gain from it.
    /// assert!(s.mtpa > 0.0 && s.benefit_usd_per_year > 0.0);
    /// ```
    pub fn spread(mut self, theta: f64) -> ProjectsQuery {
        self.spread = Some(theta);
        self.spread_within_capacity = false;
        self
    }

    /// As [`ProjectsQuery::spread`], with every capacity binding: each project valued by what
    /// it takes off the optimum of the split within capacity
    /// ([`SplitQuery::within_capacity`](crate::SplitQuery::within_capacity)), so a line that
    /// would fill is worth what it carries within its capacity, and one that relieves a full
    /// capacity is worth that too. Dearer: a few solves of a conic program per project.
    pub fn spread_within_capacity(mut self, theta: f64) -> ProjectsQuery {
        self.spread = Some(theta);
        self.spread_within_capacity = true;
        self
    }
}

crate::analysis::draw_builders! {
    ProjectsQuery,
    /// Ranks the projects again in `n` draws of every uncertain figure (rates, speeds,
    /// crossings, capacities, the projects' own costs and capacities; lengths stay at their
    /// figures), and says how often each ranks first. At most [`MAX_PROJECT_DRAWS`].
    sampling:
    ///
    /// Each draw here solves the whole ranking again, so stratified draws, which need fewer
    /// for the same precision, save the most.
}

crate::analysis::progress_builder! {
    ProjectsQuery,
    /// Reports to `progress` the optimal assignments that value the projects (`project
    /// valuations`: the network without them and with all of them, each project alone and
    /// last, each pair), then the rounds of the build order (`build-order rounds`, one per
    /// project at most; those not needed count as done), then with draws the draws ranked
    /// (`project draws`), then with a spread the networks valued under route choice
    /// (`route-choice valuations`, one more than the projects), the rounds of the order under
    /// route choice and the weighing of its steps and all built together (`route-choice
    /// build-order rounds`, one more than the projects), and its pairs and last values
    /// (`route-choice pairs and last values`); stops with
    /// [`QueryError::Cancelled`] when it is cancelled. The answer is the same either way.
    ///
    /// # Example
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use corridors::{Network, Progress, ProjectsQuery, QueryError};
    /// let ticks = Arc::new(Mutex::new(Vec::new()));
    /// let seen = ticks.clone();
    /// let watch = Progress::new().on_tick(move |t| seen.lock().unwrap().push(t));
    /// let q = ProjectsQuery::new().project("mazar-herat").project("herat-kandahar");
    /// Network::trans_afghan().rank_projects(&q.clone().progress(watch)).unwrap();
    /// // 2 + 2 × 2 + 1 pair: 7 assignments, then 2 rounds.
    /// let last = |what: &str| {
    ///     let t = ticks.lock().unwrap();
    ///     t.iter().filter(|t| t.what == what).map(|t| (t.done, t.total)).max()
    /// };
    /// assert_eq!(last("project valuations"), Some((7, 7)));
    /// assert_eq!(last("build-order rounds"), Some((2, 2)));
    ///
    /// let stop = Progress::new();
    /// stop.cancel();
    /// let err = Network::trans_afghan().rank_projects(&q.progress(stop)).unwrap_err();
    /// assert_eq!(err, QueryError::Cancelled { what: "project valuations", done: 0, total: 7 });
    /// ```
}

/// What one project adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectValue {
    /// The project's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The links it builds.
    pub links: Vec<String>,
    /// The capacities it sets, Mt/yr, by link or node id.
    pub capacities: BTreeMap<String, f64>,
    /// What it lowers the optimal objective by, USD a year: the saving, plus the unmet
    /// penalty on cargo newly carried, less that cargo's cost. What the ranking is by.
    pub value_usd_per_year: f64,
    /// USD a year saved on the cargo the network carries without it.
    pub saving_usd_per_year: f64,
    /// Mt/yr of demand it newly carries.
    pub served_mtpa: f64,
    /// Mt/yr it adds to the maximum flow from the flows' origins to their destinations by rail
    /// and sea (and its own links' modes), counting the flows that end at a port (every flow
    /// when none does); `None` where no published capacity bounds that flow, with the project
    /// or without.
    pub capacity_added_mtpa: Option<f64>,
    /// What it costs to build, USD, where published.
    pub cost_usd: Option<f64>,
    /// Years its saving takes to repay its cost (cost over saving, undiscounted); `None`
    /// without a cost or a saving.
    pub payback_years: Option<f64>,
    /// With a [`Discount`]: its saving and cost weighed over time, from the day looked at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discounted: Option<Discounted>,
    /// The day it is due to open, where published (for a year alone, its last day: see
    /// [`Project::due_on`](crate::Project::due_on)), from which a discounted saving is counted.
    pub opens_on: Option<Date>,
    /// Whether the filter's network already counts all its links (it opens by the date
    /// looked at): it then adds nothing.
    pub already_open: bool,
    /// What it adds once every other project is built, USD a year of value.
    pub value_last_usd_per_year: f64,
    /// Projects without which it adds (almost) nothing, but with which it does.
    pub needs: Vec<String>,
    /// With draws: its chance to rank first and the spread of its saving.
    pub draws: Option<ProjectDraws>,
    /// What it is worth under route choice, when the query asks ([`ProjectsQuery::spread`]);
    /// absent from JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<SpreadGain>,
    /// Under route choice, what it gains once every other project is built (absent from JSON
    /// without a spread).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_last: Option<SpreadGain>,
}

/// What the draws say of one project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectDraws {
    /// Share of draws in which it ranks first (adds the most value, and some).
    pub chance_first: f64,
    /// Its saving, USD a year: percentiles 5, 50 and 95.
    pub saving_usd_per_year: [f64; 3],
    /// Its value, USD a year: percentiles 5, 50 and 95.
    pub value_usd_per_year: [f64; 3],
    /// Its payback, years, percentiles 5, 50 and 95, over the draws with a saving; `None`
    /// without a cost or when no draw saves.
    pub payback_years: Option<[f64; 3]>,
    /// With a [`Discount`] and a published cost: its net present value, USD, percentiles 5,
    /// 50 and 95.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npv_usd: Option<[f64; 3]>,
    /// With a spread ([`ProjectsQuery::spread`]): the route-choice gain over the draws.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<SpreadDraws>,
}

/// What the draws say of a project valued under route choice.
///
/// # Example
/// ```
/// use corridors::{Network, ProjectsQuery};
/// let net = Network::trans_afghan();
/// let q = ProjectsQuery::new()
///     .project("mazar-herat")
///     .project("herat-kandahar")
///     .draws(3)
///     .spread(10.0);
/// let r = net.rank_projects(&q)?;
/// let s = r.projects[0].draws.as_ref().unwrap().spread.unwrap();
/// assert!(s.benefit_usd_per_year[0] <= s.benefit_usd_per_year[2]);
/// # Ok::<(), corridors::QueryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpreadDraws {
    /// Share of draws in which it gains shippers the most (and something).
    pub chance_first: f64,
    /// Its gain ([`SpreadGain::benefit_usd_per_year`]), USD a year: percentiles 5, 50 and 95.
    pub benefit_usd_per_year: [f64; 3],
}

/// Two projects built together, where that differs from the sum of the two alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectPair {
    /// The two project ids.
    pub projects: [String; 2],
    /// The value of the two together, USD a year.
    pub value_usd_per_year: f64,
    /// The saving of the two together, USD a year.
    pub saving_usd_per_year: f64,
    /// Together less the two alone, USD a year of value: positive when each makes the other
    /// worth more (complements), negative when they compete for the same cargo.
    pub synergy_usd_per_year: f64,
}

/// One step of the order in which to build: each time, the project that adds the most given
/// those before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BuildStep {
    /// The project built at this step.
    pub id: String,
    /// What it adds given the steps before, USD a year of value.
    pub value_usd_per_year: f64,
    /// What it saves given the steps before, USD a year.
    pub saving_usd_per_year: f64,
    /// Mt/yr it newly carries given the steps before.
    pub served_mtpa: f64,
}

/// The network the projects are added to, as the optimal assignment carries the flows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectBase {
    /// USD a year to carry what is carried.
    pub total_usd_per_year: f64,
    /// Mt/yr asked.
    pub demand_mtpa: f64,
    /// Mt/yr no capacity can carry.
    pub unmet_mtpa: f64,
    /// The maximum flow from the flows' origins to their destinations by rail and sea, Mt/yr,
    /// counting the flows that end at a port (every flow when none does); `None` where no
    /// published capacity bounds it.
    pub capacity_mtpa: Option<f64>,
}

/// The answer to a [`ProjectsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProjectRanking {
    /// The network without the projects.
    pub base: ProjectBase,
    /// Every project looked at, best first (by value, then saving, then id).
    pub projects: Vec<ProjectValue>,
    /// Pairs whose value together differs from the sum of the two alone by more than 1 % of
    /// the best project's value (and 1 M USD a year): complements first, largest first.
    pub pairs: Vec<ProjectPair>,
    /// The order to build in, while each step adds something.
    pub order: Vec<BuildStep>,
    /// Every project built at once: value, saving and Mt/yr newly carried.
    pub all_built: BuildStep,
    /// The penalty per tonne of unmet cargo, USD/t.
    pub unmet_usd_per_t: f64,
    /// With draws: how many, their seed, and the share in which no project adds anything.
    pub draws: Option<RankingDraws>,
    /// The terms savings were discounted on, when asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    /// The spread the projects were valued at under route choice, when asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<f64>,
    /// Whether that valuation bound every capacity (absent from JSON when not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub spread_within_capacity: bool,
    /// Whether links count at their design capacity (`design_capacity_mtpa`) where the file
    /// gives one, else at their capacity; left out of the JSON when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub design: bool,
    /// With a spread: the order to build in by what each project gains shippers given those
    /// before it (absent from JSON otherwise). Its steps are weighed on the same routes as
    /// [`spread_all_built`](Self::spread_all_built), so they add up to what the projects
    /// built by then gain together, never more than all built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_order: Option<Vec<SpreadStep>>,
    /// With a spread: the pairs whose gain together differs from the two alone by more than
    /// 1 % of the best gain alone (and 1 M USD a year), complements first (absent from JSON
    /// otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_pairs: Option<Vec<SpreadPair>>,
    /// With a spread: what every project built at once gains shippers (absent from JSON
    /// otherwise), weighed on the routes of the order's networks and its own together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_all_built: Option<SpreadGain>,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: Day,
}

/// How the ranking was drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RankingDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// Share of draws in which no project adds anything.
    pub chance_none: f64,
    /// With [`ProjectsQuery::spread_range`], the spread θ drawn for the valuations under route
    /// choice: percentiles 5, 50 and 95 (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_theta: Option<[f64; 3]>,
    /// The range that spread was drawn in, `[low, high]` (triangular around the query's
    /// spread); absent when it was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_range: Option<[f64; 2]>,
}

impl Network {
    /// Values each project of the file at the cargo flows: what it saves and newly carries
    /// alone, in pairs, last, in the order to build them, and (with draws) how often each
    /// ranks first.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown project or place; [`QueryError::OverCap`]
    /// past [`MAX_PROJECT_DRAWS`]; what [`Network::optimal`] returns.
    ///
    /// # Complexity
    /// With `p` projects, about `p²` optimal assignments (alone, in pairs, in order, last),
    /// a few milliseconds each on the bundled network; each draw adds `p + 1` on a network
    /// rebuilt with its figures.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, ProjectsQuery};
    /// let net = Network::trans_afghan();
    /// let q = ProjectsQuery::new().project("mazar-herat").project("khaf-herat-section-4");
    /// let r = net.rank_projects(&q).unwrap();
    /// assert_eq!(r.projects.len(), 2);
    /// ```
    pub fn rank_projects(&self, q: &ProjectsQuery) -> Result<ProjectRanking, QueryError> {
        QueryError::cap(
            "project draws",
            q.sampler.n,
            MAX_PROJECT_DRAWS,
            "each draw solves an optimal assignment per project on a network rebuilt \
                      with the draw's figures",
        )?;
        let discount = q.discount.map(Discount::check).transpose()?;
        if let Some(theta) = q.spread.filter(|t| !(*t > 0.0 && *t <= MAX_THETA)) {
            return Err(QueryError::OutOfRange {
                option: "spread theta",
                range: "(0, 10000]",
                value: theta,
            });
        }
        draws::check_spread_range(q)?;
        let ids: Vec<&str> = if q.only.is_empty() {
            self.data.projects.iter().map(|p| p.id.as_str()).collect()
        } else {
            q.only.iter().map(String::as_str).collect()
        };
        for id in &ids {
            self.resolve_project(id)?;
        }
        // Three phases, each counted: the assignments that value the projects (the base,
        // each alone, each pair, all built and each last), the rounds of the build order, and
        // the draws, if any.
        let p = ids.len();
        let meter = Meter::start(
            q.watch.get(),
            "project valuations",
            2 + 2 * p + p * p.saturating_sub(1) / 2,
        )?;
        let v = Valuer::new(self, q);
        let base = v.built(&[])?;
        meter.add(1)?;
        let view = q.filter.view(self)?;
        let day = q.filter.day(self);
        // Years until each project opens, from the day looked at (negative once it has
        // opened: `Discount::weigh` counts that as open now).
        let delays: Vec<f64> = ids
            .iter()
            .map(|id| {
                let p = self.resolve_project(id).expect("resolved above");
                match (day.date, p.due_on()) {
                    (Some(now), Some(opens)) => now.years_to(opens),
                    _ => 0.0,
                }
            })
            .collect();
        let open = |id: &str| {
            let p = self.resolve_project(id).expect("resolved above");
            !p.links.is_empty()
                && p.capacity_mtpa.is_empty()
                && p.links
                    .iter()
                    .all(|l| view.open[self.data.link_ix[l.as_str()]])
        };
        // Capacity by rail, sea and the project's own links' modes.
        let modes = |id: &str| -> Vec<Mode> {
            let p = self.resolve_project(id).expect("resolved above");
            let own = p
                .links
                .iter()
                .map(|l| self.data.links[self.data.link_ix[l.as_str()]].mode);
            modes_of(
                &[Mode::Rail, Mode::Sea]
                    .into_iter()
                    .chain(own)
                    .collect::<Vec<_>>(),
            )
        };
        let regions = Regions::to_sea(self, &q.pairs.resolve(self)?);
        let base_modes = modes_of(&[Mode::Rail, Mode::Sea]);
        // The capacity without the projects, once per set of modes.
        let mut before: HashMap<Vec<Mode>, Option<f64>> = HashMap::new();
        for m in ids.iter().map(|id| modes(id)).chain([base_modes.clone()]) {
            if let Entry::Vacant(slot) = before.entry(m) {
                let c = v.capacity(&regions, q.filter.clone(), slot.key())?;
                slot.insert(c);
            }
        }
        let base_capacity = before[&base_modes];

        // Alone, and each project's capacity.
        let alone: Vec<(Gain, Option<f64>)> = ids
            .par_iter()
            .map(|id| {
                let g = v.gain(&base, &[id])?;
                let m = modes(id);
                let after = v.capacity(&regions, v.with(&[id]), &m)?;
                let added = match (before[&m], after) {
                    (Some(a), Some(b)) => Some(b - a),
                    _ => None,
                };
                meter.add(1)?;
                Ok((g, added))
            })
            .collect::<Result<_, QueryError>>()?;

        // In pairs.
        let best = alone.iter().map(|a| a.0.value).fold(0.0, f64::max);
        let threshold = (0.01 * best).max(1e6);
        let mut pair_ix = Vec::new();
        for i in 0..ids.len() {
            for j in i + 1..ids.len() {
                pair_ix.push((i, j));
            }
        }
        let together: Vec<Gain> = pair_ix
            .par_iter()
            .map(|&(i, j)| {
                let g = v.gain(&base, &[ids[i], ids[j]])?;
                meter.add(1)?;
                Ok(g)
            })
            .collect::<Result<_, QueryError>>()?;
        let mut pairs = Vec::new();
        let mut needs: Vec<Vec<String>> = vec![Vec::new(); ids.len()];
        for (&(i, j), g) in pair_ix.iter().zip(&together) {
            let synergy = g.value - alone[i].0.value - alone[j].0.value;
            if synergy.abs() > threshold {
                pairs.push(ProjectPair {
                    projects: [ids[i].to_string(), ids[j].to_string()],
                    value_usd_per_year: g.value,
                    saving_usd_per_year: g.saving,
                    synergy_usd_per_year: synergy,
                });
            }
            for (a, b) in [(i, j), (j, i)] {
                if alone[a].0.value <= threshold && g.value - alone[b].0.value > threshold {
                    needs[a].push(ids[b].to_string());
                }
            }
        }
        pairs.sort_by(|a, b| {
            b.synergy_usd_per_year
                .total_cmp(&a.synergy_usd_per_year)
                .then_with(|| a.projects.cmp(&b.projects))
        });

        // Last: with every other built.
        let all = v.built(&ids)?;
        let all_gain = v.gain(&base, &ids)?;
        meter.add(1)?;
        let last: Vec<f64> = (0..ids.len())
            .into_par_iter()
            .map(|i| {
                let others: Vec<&str> =
                    (0..ids.len()).filter(|&k| k != i).map(|k| ids[k]).collect();
                let o = v.built(&others)?;
                let tiny = NOISE * base.total.max(1.0);
                let x = o.objective - all.objective;
                meter.add(1)?;
                Ok(if x.abs() <= tiny { 0.0 } else { x })
            })
            .collect::<Result<_, QueryError>>()?;

        let order = self.build_order(q, &v, &base, &ids, &alone)?;
        let drawn = self.rank_draws(q, &ids, &delays)?;
        let spread = self.spread_gains(q, &v, &ids)?;
        let (spread_order, spread_all_built) =
            match self.spread_order(q, &v, &ids, spread.as_deref())? {
                Some(o) => (Some(o.steps), Some(o.all)),
                None => (None, None),
            };
        let (spread_pairs, spread_last) =
            match self.spread_together(q, &v, &ids, spread.as_deref())? {
                Some(t) => (Some(t.pairs), Some(t.last)),
                None => (None, None),
            };

        let mut projects: Vec<ProjectValue> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let p = self.resolve_project(id).expect("resolved above");
                let (g, added) = alone[i];
                ProjectValue {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    links: p.links.clone(),
                    capacities: p.capacity_mtpa.clone(),
                    value_usd_per_year: g.value,
                    saving_usd_per_year: g.saving,
                    served_mtpa: g.served,
                    capacity_added_mtpa: added,
                    cost_usd: p.cost_usd,
                    payback_years: payback(p.cost_usd, g.saving),
                    discounted: discount.map(|d| d.weigh(g.saving, p.cost_usd, delays[i])),
                    opens_on: p.due_on(),
                    already_open: open(id),
                    value_last_usd_per_year: last[i],
                    needs: std::mem::take(&mut needs[i]),
                    draws: drawn.as_ref().map(|d| d.per_project[i].clone()),
                    spread: spread.as_ref().map(|s| s[i]),
                    spread_last: spread_last.as_ref().map(|s| s[i]),
                }
            })
            .collect();
        projects.sort_by(|a, b| {
            b.value_usd_per_year
                .total_cmp(&a.value_usd_per_year)
                .then(b.saving_usd_per_year.total_cmp(&a.saving_usd_per_year))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(ProjectRanking {
            base: ProjectBase {
                total_usd_per_year: base.total,
                demand_mtpa: base.carried.iter().fold(0.0, |a, c| a + c.2) + base.unmet,
                unmet_mtpa: base.unmet,
                capacity_mtpa: base_capacity,
            },
            projects,
            pairs,
            order,
            all_built: BuildStep {
                id: "all".into(),
                value_usd_per_year: all_gain.value,
                saving_usd_per_year: all_gain.saving,
                served_mtpa: all_gain.served,
            },
            unmet_usd_per_t: q.penalty,
            draws: drawn.map(|d| RankingDraws {
                n: q.sampler.n,
                seed: q.sampler.seed,
                sampling: q.sampler.sampling,
                chance_none: d.chance_none,
                spread_theta: d.spread_theta,
                spread_range: d.spread_theta.and(q.spread_range),
            }),
            discount,
            spread: q.spread,
            spread_within_capacity: q.spread_within_capacity,
            design: q.design,
            spread_order,
            spread_pairs,
            spread_all_built,
            day,
        })
    }

    /// Builds greedily: each step the project that adds the most value given those before,
    /// while one adds some.
    fn build_order(
        &self,
        q: &ProjectsQuery,
        v: &Valuer<'_>,
        base: &Outcome,
        ids: &[&str],
        alone: &[(Gain, Option<f64>)],
    ) -> Result<Vec<BuildStep>, QueryError> {
        let mut built: Vec<&str> = Vec::new();
        let mut at = Gain::default();
        let mut order = Vec::new();
        let tiny = NOISE * base.total.max(1.0);
        // A round a project: the rounds not needed once none adds anything count as done.
        let meter = Meter::start(q.watch.get(), "build-order rounds", ids.len())?;
        loop {
            let left: Vec<usize> = (0..ids.len())
                .filter(|&i| !built.contains(&ids[i]))
                .collect();
            let gains: Vec<Gain> = if built.is_empty() {
                left.iter().map(|&i| alone[i].0).collect()
            } else {
                left.par_iter()
                    .map(|&i| {
                        let mut set = built.clone();
                        set.push(ids[i]);
                        v.gain(base, &set)
                    })
                    .collect::<Result<_, QueryError>>()?
            };
            let best = left.iter().zip(&gains).max_by(|a, b| {
                (a.1.value - at.value)
                    .total_cmp(&(b.1.value - at.value))
                    .then(a.1.saving.total_cmp(&b.1.saving))
                    .then_with(|| ids[*b.0].cmp(ids[*a.0]))
            });
            meter.add(1)?;
            let Some((&i, g)) = best else { break };
            if g.value - at.value <= tiny {
                break;
            }
            order.push(BuildStep {
                id: ids[i].to_string(),
                value_usd_per_year: g.value - at.value,
                saving_usd_per_year: g.saving - at.saving,
                served_mtpa: g.served - at.served,
            });
            built.push(ids[i]);
            at = *g;
        }
        meter.add(ids.len().saturating_sub(built.len() + 1))?;
        Ok(order)
    }
}

/// Modes sorted and each once, as the capacity cache keys them.
fn modes_of(modes: &[Mode]) -> Vec<Mode> {
    let mut m = modes.to_vec();
    m.sort();
    m.dedup();
    m
}

/// Years a saving takes to repay a cost.
fn payback(cost: Option<f64>, saving: f64) -> Option<f64> {
    cost.filter(|_| saving > 0.0).map(|c| c / saving)
}
