//! Reliability: how often, over a year, cargo still has a route and what it costs, given the
//! scenarios' yearly probabilities; exact by enumeration when there are few scenarios, seeded
//! Monte Carlo otherwise. A scenario the base network already applies (an event in force on
//! the day, or one the filter names) holds in every year weighed and is not drawn again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Day, Filter, Flows, Watch, flow_builders};
use crate::engine::{View, effects};
use crate::error::QueryError;
use crate::model::{LinkEffect, Metric, Scenario};
use crate::network::Network;
use crate::util::progress::{Meter, Progress, Stopped};
use crate::util::rng::SplitMix;

/// The most scenarios with a probability a reliability query weighs: a combination of them is
/// a bit mask in a `u64`.
const MAX_SCENARIOS: usize = 64;

/// The most years a reliability query may sample. A share estimated from n samples is off
/// by at most about 1/(2√n), ±0.00016 at ten million, far finer than any scenario's yearly
/// probability is known; more would only cost time (about half a second per ten million years
/// on the bundled network, and more with more scenarios).
pub const MAX_SAMPLES: usize = 10_000_000;

/// Enumerate every combination of scenarios exactly up to this many scenarios (16,384 cases):
/// sampling would meet most of them too, each evaluated once either way.
const EXACT_LIMIT: usize = 14;

/// Samples drawn between two ticks of a watcher.
const SAMPLE_BATCH: usize = 1 << 14;

/// A reliability question over the file's scenarios that carry a yearly probability.
///
/// The scenarios drawn are those the base network does not already apply: an event in force
/// on the filter's day (or a scenario the filter names) is part of every year weighed, so it is
/// listed as in force ([`ScenarioRisk::in_force`]) rather than drawn at its yearly odds.
///
/// # Example
/// ```
/// use corridors::{Method, Network, ReliabilityQuery};
/// let net = Network::trans_afghan();
/// let r = net.reliability(&ReliabilityQuery::new()).unwrap();
/// assert_eq!(r.method, Method::Exact); // few enough scenarios to enumerate
/// let kabul = r.demands.iter().find(|d| d.from == "kabul").unwrap();
/// assert!(kabul.p_route > 0.0 && kabul.p_route <= 1.0);
///
/// let sampled = net.reliability(&ReliabilityQuery::new().samples(20_000).seed(7)).unwrap();
/// assert_eq!(sampled.method, Method::MonteCarlo);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityQuery {
    filter: Filter,
    metric: Metric,
    pairs: Flows,
    samples: Option<usize>,
    seed: u64,
    #[serde(skip)]
    watch: Watch,
}

flow_builders!(ReliabilityQuery);

impl ReliabilityQuery {
    /// The file's demands on today's network, by cost; exact when possible, else 100,000
    /// samples with seed 1.
    pub fn new() -> ReliabilityQuery {
        ReliabilityQuery {
            filter: Filter::new(),
            metric: Metric::Cost,
            pairs: Flows::default(),
            samples: None,
            seed: 1,
            watch: Watch::default(),
        }
    }

    /// Which links count when no scenario strikes: by default today, with the events in force
    /// then, which are not drawn again.
    pub fn filter(mut self, filter: Filter) -> ReliabilityQuery {
        self.filter = filter;
        self
    }

    /// Samples this many years by Monte Carlo, even when exact enumeration is possible. At
    /// most [`MAX_SAMPLES`](crate::MAX_SAMPLES).
    pub fn samples(mut self, n: usize) -> ReliabilityQuery {
        self.samples = Some(n);
        self
    }

    /// The seed of the sampler (same seed, same answer).
    pub fn seed(mut self, seed: u64) -> ReliabilityQuery {
        self.seed = seed;
        self
    }
}

crate::analysis::progress_builder! {
    ReliabilityQuery,
    /// Reports to `progress` as the years are sampled (`samples`) and the distinct
    /// combinations of scenarios met are routed (`scenario combinations`), and stops with
    /// [`QueryError::Cancelled`] when it is cancelled. The answer is the same either way.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, Progress, QueryError, ReliabilityQuery};
    /// let watch = Progress::new();
    /// let stop = watch.flag();
    /// // Stop after the first ticks of sampling.
    /// let watch = watch.on_tick(move |t| {
    ///     if t.what == "samples" && t.done > 0 {
    ///         stop.store(true, std::sync::atomic::Ordering::Relaxed);
    ///     }
    /// });
    /// let q = ReliabilityQuery::new().samples(1_000_000).progress(watch);
    /// let err = Network::trans_afghan().reliability(&q).unwrap_err();
    /// assert!(matches!(err, QueryError::Cancelled { what: "samples", total: 1_000_000, .. }));
    /// assert!(err.to_string().starts_with("stopped after 16,384 of 1,000,000 samples"));
    /// ```
}

/// A scenario with a yearly probability and its chance in the years weighed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScenarioRisk {
    /// The scenario id.
    pub id: String,
    /// Chance per year as weighed: the file's yearly probability, or 1 for a scenario in force.
    pub probability: f64,
    /// Whether the base network already applies the scenario (an event in force on the day, or
    /// named by the filter): it holds in every year weighed and is not drawn.
    #[serde(default)]
    pub in_force: bool,
}

/// How reliable one flow's route is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DemandReliability {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Mt/yr.
    pub mtpa: f64,
    /// USD/t when no scenario strikes; `None` when there is no route even then.
    pub base_usd_per_t: Option<f64>,
    /// Probability that a route exists.
    pub p_route: f64,
    /// `p_route` with every scenario's probability at the high of its range (the least it
    /// can be), and at the low (`p_route_high`): equal to `p_route` when no range is stated.
    pub p_route_low: f64,
    /// `p_route` with every scenario's probability at the low of its range.
    pub p_route_high: f64,
    /// Expected USD/t when a route exists.
    pub expected_usd_per_t: Option<f64>,
    /// USD/t at the 95th percentile; `None` when the flow is cut off more than 5 % of the time.
    pub p95_usd_per_t: Option<f64>,
}

/// How often a corridor is whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CorridorReliability {
    /// The corridor id.
    pub corridor: String,
    /// Km of the corridor's links open on the base network (the query counts no other); 0
    /// when none is.
    pub km: f64,
    /// Km of all the corridor's links in the file, open or not: where it is more than `km`,
    /// the corridor is only partly open and `p_open` speaks of the part that is.
    pub km_total: f64,
    /// Probability that none of them is closed; 0 for a corridor with no link open on the
    /// base, which is never open.
    pub p_open: f64,
    /// `p_open` with every scenario's probability at the high of its range.
    pub p_open_low: f64,
    /// `p_open` with every scenario's probability at the low of its range.
    pub p_open_high: f64,
    /// Expected km closed.
    pub expected_km_closed: f64,
}

/// How a reliability answer weighs the combinations of scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// Every combination of scenarios, weighed by its probability.
    Exact,
    /// Seeded samples of years.
    MonteCarlo,
}

impl Method {
    /// `exact` or `monte_carlo`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::MonteCarlo => "monte_carlo",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The answer to a [`ReliabilityQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reliability {
    /// The day looked at and the file's events applied to the base network (`date`, `events`,
    /// `unconfirmed` in JSON).
    #[serde(flatten)]
    pub day: Day,
    /// How the chances were found.
    pub method: Method,
    /// Combinations weighed (exact) or years sampled (Monte Carlo).
    pub cases: usize,
    /// The sampler's seed, for Monte Carlo.
    pub seed: Option<u64>,
    /// The file's scenarios with a yearly probability, in file order: those in force on the
    /// base hold every year; the others may strike, independently of one another.
    pub scenarios: Vec<ScenarioRisk>,
    /// One entry per flow.
    pub demands: Vec<DemandReliability>,
    /// One entry per corridor.
    pub corridors: Vec<CorridorReliability>,
}

/// The outcome of one combination of scenarios: per flow its USD/t (`None`: cut off), per
/// corridor the km closed.
#[derive(Clone)]
struct Outcome {
    cost: Vec<Option<f64>>,
    corridor_km_closed: Vec<f64>,
}

impl Network {
    /// Route availability and cost per flow and per corridor over a year in which each
    /// scenario with a probability strikes independently.
    ///
    /// The base network is the filter's (today's by default, with the events in force then).
    /// A scenario it already applies is in force every year: it is listed as such and not
    /// drawn, so its closures and surcharges count once.
    ///
    /// Exact (every combination weighed by its probability) when at most 14 scenarios have a
    /// probability and no sample count is asked; otherwise seeded Monte Carlo, reproducible
    /// with the same seed. Outcomes are cached per combination, so sampling costs little more
    /// than the distinct combinations it meets.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id; [`QueryError::NoSamples`] for zero samples,
    /// [`QueryError::OverCap`] beyond [`MAX_SAMPLES`];
    /// [`QueryError::TooManyScenarios`] beyond 64 scenarios with a probability.
    ///
    /// # Complexity
    /// One route search per flow per distinct combination met: at most 2^k·D for k scenarios
    /// and D flows, plus O(samples · k) draws.
    pub fn reliability(&self, q: &ReliabilityQuery) -> Result<Reliability, QueryError> {
        let flows = q.pairs.resolve(self)?;
        let ends: Vec<(usize, usize)> = flows.iter().map(|f| (f.a, f.b)).collect();
        let base = q.filter.view(self)?;
        // The file's scenarios the base already applies. A scenario built in code is never one
        // of the file's records, so identity tells them apart even when the ids agree.
        let applied = q.filter.scenarios_applied(self);
        let in_force = |s: &Scenario| applied.iter().any(|a| std::ptr::eq(*a, s));
        let with_odds = || {
            self.data
                .scenarios
                .iter()
                .filter_map(|s| s.probability.filter(|&p| p > 0.0).map(|p| (s, p)))
        };
        let risky: Vec<(&Scenario, f64, Vec<LinkEffect>)> = with_odds()
            .filter(|(s, _)| !in_force(s))
            .map(|(s, p)| (s, p, effects(&self.data, s)))
            .collect();
        let k = risky.len();
        if q.samples == Some(0) {
            return Err(QueryError::NoSamples);
        }
        if let Some(n) = q.samples.filter(|&n| n > MAX_SAMPLES) {
            return Err(QueryError::OverCap {
                what: "samples",
                asked: n,
                max: MAX_SAMPLES,
                why: "ten million years already estimate every share within ±0.0002",
            });
        }
        if k > MAX_SCENARIOS {
            return Err(QueryError::TooManyScenarios {
                count: k,
                max: MAX_SCENARIOS,
            });
        }
        let corridor_links: Vec<Vec<usize>> = self
            .data
            .corridors
            .iter()
            .map(|c| {
                (0..self.data.links.len())
                    .filter(|&i| base.open[i] && self.data.links[i].corridors.contains(&c.id))
                    .collect()
            })
            .collect();
        // Per flow a ban touches, the links its cargo may use (`View::for_flow`), found once:
        // the scenarios drawn below only close more.
        let apart: Vec<Option<Vec<bool>>> = ends
            .iter()
            .map(|&(f, t)| match base.for_flow(&self.data, f, t) {
                std::borrow::Cow::Owned(v) => Some(v.open),
                std::borrow::Cow::Borrowed(_) => None,
            })
            .collect();
        let mut d = self.dijkstra();
        let mut evaluate = |mask: u64| -> Outcome {
            let mut view: View = base.clone();
            for (j, (_, _, e)) in risky.iter().enumerate() {
                if mask >> j & 1 == 1 {
                    view.apply(e);
                }
            }
            let w = self.weights(&view, q.metric);
            let usd = self.weights(&view, Metric::Cost);
            let search = self.search(&view, &w);
            let cost = ends
                .iter()
                .zip(&apart)
                .map(|(&(f, t), apart)| {
                    let steps = match apart {
                        Some(open) => {
                            search.shortest_where(&mut d, f, t, |_, a| open[a.link as usize])?
                        }
                        None => search.shortest(&mut d, f, t)?,
                    };
                    Some(self.search(&view, &usd).cost(&steps))
                })
                .collect();
            let corridor_km_closed = corridor_links
                .iter()
                .map(|ls| {
                    sum(ls
                        .iter()
                        .filter(|&&i| !view.open[i])
                        .map(|&i| self.data.links[i].length_km))
                })
                .collect();
            Outcome {
                cost,
                corridor_km_closed,
            }
        };
        let base_outcome = evaluate(0);

        // Closures only take links away, so a route (or a whole corridor) is likeliest with
        // every probability at its low and least likely with all at their highs.
        let central: Vec<f64> = risky.iter().map(|(_, p, _)| *p).collect();
        let (lows, highs): (Vec<f64>, Vec<f64>) = risky
            .iter()
            .map(|(s, p, _)| self.data.probability_range(s).unwrap_or((*p, *p)))
            .unzip();
        let watch = q.watch.get();
        // (weight, combination) pairs at the central probabilities, the lows and the highs:
        // exact enumeration, or samples.
        let (method, cases, seed, [weighted, at_lows, at_highs]) =
            if q.samples.is_none() && k <= EXACT_LIMIT {
                let all = [&central, &lows, &highs].map(|ps| enumerate(ps));
                (Method::Exact, all[0].len(), None, all)
            } else {
                let n = q.samples.unwrap_or(100_000);
                let all = sample([&central, &lows, &highs], n, q.seed, watch)?;
                (Method::MonteCarlo, n, Some(q.seed), all)
            };
        let mut cache: HashMap<u64, Outcome> = HashMap::new();
        cache.insert(0, base_outcome.clone());
        let mut met: Vec<u64> = weighted
            .iter()
            .chain(&at_lows)
            .chain(&at_highs)
            .map(|&(_, mask)| mask)
            .filter(|mask| *mask != 0)
            .collect();
        met.sort_unstable();
        met.dedup();
        let meter = Meter::start(watch, "scenario combinations", met.len())?;
        for mask in met {
            cache.insert(mask, evaluate(mask));
            meter.add(1)?;
        }

        let demands = flows
            .iter()
            .enumerate()
            .map(|(i, flow)| {
                let (from, to, mtpa) = (&flow.from, &flow.to, &flow.mtpa);
                let mut dist: Vec<(f64, f64)> = weighted
                    .iter()
                    .map(|&(w, m)| (cache[&m].cost[i].unwrap_or(f64::INFINITY), w))
                    .collect();
                dist.sort_by(|a, b| a.0.total_cmp(&b.0));
                let total = sum(dist.iter().map(|x| x.1));
                let routed = sum(dist.iter().filter(|x| x.0.is_finite()).map(|x| x.1));
                // What each routed case adds to the base, so that the mean of cases all at the
                // base is the base itself, not a rounding below it.
                let base = base_outcome.cost[i];
                let added = sum(dist
                    .iter()
                    .filter(|x| x.0.is_finite())
                    .map(|x| (x.0 - base.unwrap_or(0.0)) * x.1));
                let mut acc = 0.0;
                let p95 = dist
                    .iter()
                    .find(|x| {
                        acc += x.1;
                        acc >= 0.95 * total - 1e-12
                    })
                    .map(|x| x.0)
                    .filter(|c| c.is_finite());
                let p_route = |combos: &[(f64, u64)]| {
                    let all = sum(combos.iter().map(|x| x.0));
                    let routed = sum(combos
                        .iter()
                        .filter(|&&(_, m)| cache[&m].cost[i].is_some())
                        .map(|x| x.0));
                    routed / all
                };
                DemandReliability {
                    from: from.clone(),
                    to: to.clone(),
                    mtpa: *mtpa,
                    base_usd_per_t: base_outcome.cost[i],
                    p_route: p_route(&weighted),
                    p_route_low: p_route(&at_highs),
                    p_route_high: p_route(&at_lows),
                    expected_usd_per_t: (routed > 0.0).then(|| expected(base, added, routed)),
                    p95_usd_per_t: p95,
                }
            })
            .collect();
        let corridors = self
            .data
            .corridors
            .iter()
            .enumerate()
            .map(|(c, cor)| {
                // A corridor with nothing open on the base is closed in every year.
                let whole = !corridor_links[c].is_empty();
                let p_open = |combos: &[(f64, u64)]| {
                    let all = sum(combos.iter().map(|x| x.0));
                    let open = sum(combos
                        .iter()
                        .filter(|&&(_, m)| whole && cache[&m].corridor_km_closed[c] == 0.0)
                        .map(|x| x.0));
                    open / all
                };
                let total = sum(weighted.iter().map(|x| x.0));
                let km_closed = sum(weighted
                    .iter()
                    .map(|&(w, m)| w * cache[&m].corridor_km_closed[c]));
                CorridorReliability {
                    corridor: cor.id.clone(),
                    km: sum(corridor_links[c]
                        .iter()
                        .map(|&i| self.data.links[i].length_km)),
                    km_total: sum(self
                        .data
                        .links
                        .iter()
                        .filter(|l| l.corridors.contains(&cor.id))
                        .map(|l| l.length_km)),
                    p_open: p_open(&weighted),
                    p_open_low: p_open(&at_highs),
                    p_open_high: p_open(&at_lows),
                    expected_km_closed: km_closed / total,
                }
            })
            .collect();
        Ok(Reliability {
            day: q.filter.day(self),
            method,
            cases,
            seed,
            scenarios: with_odds()
                .map(|(s, p)| {
                    let in_force = in_force(s);
                    ScenarioRisk {
                        id: s.id.clone(),
                        probability: if in_force { 1.0 } else { p },
                        in_force,
                    }
                })
                .collect(),
            demands,
            corridors,
        })
    }
}

/// The sum of `xs`, 0 when there are none. `Iterator::sum` starts from −0.0, so an empty sum
/// of `f64`s would reach a report's JSON as `-0.0` and its tables as `-0`.
fn sum(xs: impl Iterator<Item = f64>) -> f64 {
    xs.fold(0.0, |a, x| a + x)
}

/// Every combination of the scenarios with probabilities `ps` that can happen, with its
/// probability, in the order of their masks.
fn enumerate(ps: &[f64]) -> Vec<(f64, u64)> {
    (0..1u64 << ps.len())
        .map(|mask| {
            let w = ps
                .iter()
                .enumerate()
                .map(|(j, p)| if mask >> j & 1 == 1 { *p } else { 1.0 - p })
                .product();
            (w, mask)
        })
        .filter(|(w, _)| *w > 0.0)
        .collect()
}

/// `n` sampled years of `seed`, at three sets of probabilities at once (the central ones, the
/// lows and the highs): per set, each combination met with its share of the years, in the
/// order of their masks. The three use the same draws (as three passes of the same seed
/// would), so they are sampled in one pass, and a set equal to the central one is counted
/// once.
fn sample(
    [central, lows, highs]: [&Vec<f64>; 3],
    n: usize,
    seed: u64,
    watch: Option<&Progress>,
) -> Result<[Vec<(f64, u64)>; 3], Stopped> {
    let meter = Meter::start(watch, "samples", n)?;
    let (own_low, own_high) = (lows != central, highs != central);
    let mut rng = SplitMix(seed);
    let mut counts: [HashMap<u64, usize>; 3] = Default::default();
    let mut left = n;
    while left > 0 {
        let batch = left.min(SAMPLE_BATCH);
        for _ in 0..batch {
            let (mut c, mut l, mut h) = (0u64, 0u64, 0u64);
            for j in 0..central.len() {
                let u = rng.unit();
                let bit = 1u64 << j;
                if u < central[j] {
                    c |= bit;
                }
                if u < lows[j] {
                    l |= bit;
                }
                if u < highs[j] {
                    h |= bit;
                }
            }
            *counts[0].entry(c).or_default() += 1;
            if own_low {
                *counts[1].entry(l).or_default() += 1;
            }
            if own_high {
                *counts[2].entry(h).or_default() += 1;
            }
        }
        left -= batch;
        meter.add(batch)?;
    }
    let [c, l, h] = counts.map(|c| {
        let mut combos: Vec<(f64, u64)> = c
            .into_iter()
            .map(|(m, c)| (c as f64 / n as f64, m))
            .collect();
        combos.sort_by_key(|&(_, m)| m);
        combos
    });
    let l = if own_low { l } else { c.clone() };
    let h = if own_high { h } else { c.clone() };
    Ok([c, l, h])
}

/// The expected cost of the routed cases: the base plus the weighted mean of what each adds
/// (`added`, over `routed` weight); never below the base, as a scenario only closes or shrinks.
fn expected(base: Option<f64>, added: f64, routed: f64) -> f64 {
    base.unwrap_or(0.0) + (added / routed).max(0.0)
}
