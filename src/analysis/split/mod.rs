//! Route choice: each flow spread over its cheapest routes by a path-size logit, as cargo
//! does when shippers weigh more than the tariff (a road haul 20 % dearer than the train that
//! leaves when the truck is ready still carries some of it).
//!
//! For a flow, the `k` cheapest loopless routes are found (Yen, as `route --alternatives`).
//! Route `r`, of metric value `c_r` against the cheapest `c*`, gets the utility
//!
//! ```text
//! V_r = −θ · (c_r / c* − 1) + ln PS_r,      share_r = exp(V_r) / Σ exp(V_s)
//! ```
//!
//! `θ` is dimensionless: at `θ = 10` a route 10 % dearer than the cheapest carries e⁻¹ ≈ 37 %
//! as much before the overlap correction, one 50 % dearer e⁻⁵ ≈ 0.7 %. `PS_r` is the path
//! size of Ben-Akiva and Bierlaire: each of the route's links weighted by its share of the
//! route's kilometres and divided by how many of the flow's routes use it. Two routes that
//! differ only in a short stretch then count, together, about as one, and do not take twice
//! the share of a route of their cost that shares nothing with them.
//!
//! Capacities do not bind unless asked ([`SplitQuery::within_capacity`], `within.rs`): the
//! split then says where cargo would go, and [`LinkLoad`]s over capacity are flagged
//! `saturated`, not moved. As `θ` grows the split tends to every flow on
//! its cheapest route (all-or-nothing); `θ = 0` spreads each flow by path size alone.
//!
//! What a change to the network is worth under this choice is the change in each flow's
//! logsum, `−ln Σ PS_r exp(−β c_r) / β` with `β = θ / c*` held at the network before the
//! change ([`SpreadGain`], for the project ranking). The routes before stay open after, and
//! every route's path size is taken against the routes of both networks, so opening links
//! never lowers a flow's logsum.

mod draws;
pub(crate) use draws::check_range;
mod within;
pub(crate) use within::{Member, Worth};

pub use draws::{FlowDraws, MAX_SPLIT_DRAWS, RouteDraws, SplitDraws};

use serde::{Deserialize, Serialize};

use crate::analysis::draws::Sampler;
use crate::analysis::optimal::{ShadowPrice, UNMET_USD_PER_T, full};
use crate::analysis::{Day, Filter, Flow, Flows, LinkLoad, Watch, flow_builders};
use crate::engine::{Search, Step, View, walk};
use crate::error::QueryError;
use crate::model::{Metric, Mode};
use crate::network::Network;
use crate::util::progress::Meter;

/// The spread used when a query sets none. A working value, not a fitted one: a route 10 %
/// dearer than the cheapest carries e⁻¹ ≈ 37 % as much. The bundled counts cannot fit one
/// yet (`corridors split --fit`; the README says why); fit it to a file's own counts with
/// [`Network::fit_split`].
pub const DEFAULT_THETA: f64 = 10.0;

/// The most routes a flow may be spread over.
pub const MAX_SPLIT_ROUTES: usize = 50;

/// The largest spread accepted: beyond it every flow is on its cheapest route to within
/// rounding, and the exponentials would only lose precision.
pub(crate) const MAX_THETA: f64 = 1e4;

/// A route-choice question: spread each flow over its cheapest routes by a path-size logit.
///
/// # Example
/// ```
/// use corridors::{Network, SplitQuery};
/// let net = Network::trans_afghan();
/// let s = net.split(&SplitQuery::new().pair("mary", "herat", 1.0)).unwrap();
/// let d = &s.demands[0];
/// // The cheapest route (road through Torghundi) carries most, not all.
/// assert!(d.routes[0].share > 0.5 && d.routes[0].share < 1.0);
/// assert!((d.routes.iter().map(|r| r.share).sum::<f64>() - 1.0).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitQuery {
    pairs: Flows,
    filter: Filter,
    metric: Metric,
    theta: f64,
    routes: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    within_capacity: bool,
    #[serde(flatten)]
    sampler: Sampler,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    theta_range: Option<[f64; 2]>,
    #[serde(skip)]
    watch: Watch,
}

flow_builders!(SplitQuery);

impl SplitQuery {
    /// The file's `[[demands]]` on today's network, by cost, each over its 8 cheapest routes
    /// at a spread of [`DEFAULT_THETA`].
    pub fn new() -> SplitQuery {
        SplitQuery {
            pairs: Flows::default(),
            filter: Filter::new(),
            metric: Metric::Cost,
            theta: DEFAULT_THETA,
            routes: 8,
            within_capacity: false,
            sampler: Sampler::default(),
            theta_range: None,
            watch: Watch::default(),
        }
    }

    /// Which links count.
    pub fn filter(mut self, filter: Filter) -> SplitQuery {
        self.filter = filter;
        self
    }

    /// How strongly cargo keeps to the cheapest route, in [0, 10,000]: the utility a route
    /// loses per unit of its cost over the cheapest's, relative (see the module docs).
    pub fn theta(mut self, theta: f64) -> SplitQuery {
        self.theta = theta;
        self
    }

    /// How many of its cheapest routes each flow is spread over, 1 to [`MAX_SPLIT_ROUTES`].
    pub fn routes(mut self, k: usize) -> SplitQuery {
        self.routes = k;
        self
    }

    /// Whether every link, place and port capacity binds (default: no). Cargo is then priced
    /// off full capacities onto its next best routes, as in the optimal assignment but by
    /// choice: each flow's routes are the logit of their costs plus the prices of the full
    /// capacities they use, each flow also takes the route cheapest at those prices, and what
    /// no capacity left can carry is unmet. The answer says each price ([`SplitCapacity`]).
    /// Cost only, and a spread above 0 (at 0 cost, and so a price, moves no cargo).
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SplitQuery};
    /// let net = Network::trans_afghan();
    /// // 12 Mt/yr from Moscow to the Indian coast: more than the Caspian ports' railway to
    /// // Qazvin (7 Mt/yr) carries.
    /// let q = SplitQuery::new().pair("moscow", "nhava-sheva", 12.0);
    /// let free = net.split(&q).unwrap();
    /// assert!(free.over_capacity.contains(&"qazvin-rasht-rail".to_string()));
    /// let bound = net.split(&q.within_capacity(true)).unwrap();
    /// let full = bound.loads.iter().find(|l| l.link == "qazvin-rasht-rail").unwrap();
    /// assert!(full.load_mtpa <= 7.0 + 1e-6);
    /// let c = bound.capacity.as_ref().unwrap();
    /// assert!(c.shadow_prices.iter().any(|p| p.id == "qazvin-rasht-rail" && p.usd_per_t > 0.0));
    /// ```
    pub fn within_capacity(mut self, yes: bool) -> SplitQuery {
        self.within_capacity = yes;
        self
    }
}

crate::analysis::progress_builder! {
    SplitQuery,
    /// Reports the route searches to `progress`, one tick a route found (`routes of each
    /// flow`), and within capacity after each round of pricing how many flows hold their
    /// cheapest route at the prices; stops when it says so (the answer is then
    /// [`QueryError::Cancelled`]).
}

/// One route of a flow and the share it carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SplitRoute {
    /// Link ids in order.
    pub links: Vec<String>,
    /// The modes used, in order of first use.
    pub modes: Vec<Mode>,
    /// The route's metric value per tonne (USD/t for cost).
    pub metric_value: f64,
    /// The metric value over the cheapest route's (1 for the cheapest).
    pub relative: f64,
    /// The route's path size, in (0, 1]: 1 when it shares no link with the flow's other
    /// routes.
    pub path_size: f64,
    /// The fraction of the flow it carries.
    pub share: f64,
    /// Mt/yr it carries.
    pub mtpa: f64,
    /// Within capacity: its metric value plus the prices of the full capacities it uses, what
    /// its share is weighed by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priced_value: Option<f64>,
    /// With draws: the spread of its share, and how often it is the cheapest (absent from
    /// JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<RouteDraws>,
}

/// How one flow splits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SplitDemand {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Mt/yr.
    pub mtpa: f64,
    /// The routes, cheapest first (ties by their links).
    pub routes: Vec<SplitRoute>,
    /// The share-weighted metric value per tonne: what the flow pays on average.
    pub mean_value: f64,
    /// The share of the flow off its cheapest route.
    pub off_cheapest: f64,
    /// Why the flow has no route, when it has none; within capacity, why some is unmet.
    pub reason: Option<String>,
    /// Within capacity: Mt/yr no capacity left can carry (absent from JSON when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unmet_mtpa: f64,
    /// With draws: the spread of what it pays (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<FlowDraws>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// What capacity does to a split within it ([`SplitQuery::within_capacity`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SplitCapacity {
    /// Total Mt/yr no capacity left can carry.
    pub unmet_mtpa: f64,
    /// What a tonne left unmet is taken to cost, USD/t ([`UNMET_USD_PER_T`]).
    pub unmet_usd_per_t: f64,
    /// Every full capacity with its price, largest first (ties by id): what one more tonne a
    /// year of it would save the cargo in perceived cost, USD/t.
    pub shadow_prices: Vec<ShadowPrice>,
    /// Routes the flows took beyond their cheapest few, to get round full capacities.
    pub routes_added: usize,
    /// Solves of the program (one more each time a flow takes a route).
    pub rounds: usize,
}

/// The answer to a [`SplitQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Split {
    /// What the routes minimise and the shares weigh.
    pub metric: Metric,
    /// The spread used.
    pub theta: f64,
    /// The most routes a flow was spread over.
    pub routes_per_flow: usize,
    /// One result per flow, in the order given (the file's order for its demands).
    pub demands: Vec<SplitDemand>,
    /// Every loaded link, busiest first (by utilisation, then load, then id). Capacities do
    /// not bind unless the query says: `saturated` marks a load at or over capacity.
    pub loads: Vec<LinkLoad>,
    /// Ids of the links loaded at or over capacity (full, within capacity), sorted.
    pub over_capacity: Vec<String>,
    /// Total Mt/yr asked.
    pub demand_mtpa: f64,
    /// Total Mt/yr that found a route (and, within capacity, room).
    pub routed_mtpa: f64,
    /// Σ Mt/yr × the mean metric value × 1e6 over the flows routed: USD a year for cost,
    /// tonne-hours a year for time, tonne-km a year for distance, and tonnes × risk a year
    /// for reliability.
    pub total_per_year: f64,
    /// Within capacity: the unmet cargo and the prices of the full capacities (absent from
    /// JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<SplitCapacity>,
    /// With draws: how many, and the spread of the totals, loads and prices (absent from JSON
    /// otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<SplitDraws>,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: Day,
}

/// A flow's routes, cheapest first: each one's steps and metric value; or why it has none.
type Routes = Result<Vec<(Vec<Step>, f64)>, String>;

/// A flow's candidate routes, found once and weighed at any spread.
pub(crate) struct Candidates {
    metric: Metric,
    routes_per_flow: usize,
    flows: Vec<Flow>,
    /// Per flow: each route's steps and metric value, cheapest first; or why there is none.
    paths: Vec<Routes>,
    cap: Vec<f64>,
    /// Within capacity, the network the routes were found on.
    within: Option<View>,
    /// Within capacity, the split solved on these routes once for all the changes weighed
    /// against it ([`Candidates::solve_within`]).
    solved: Option<within::Within>,
    /// The query's watcher, for the rounds within capacity.
    watch: Watch,
    day: Day,
}

impl Network {
    /// Spreads each flow over its cheapest routes by a path-size logit: what the network
    /// carries when cargo does not all take the cheapest route. See the module's
    /// documentation in the repository (`src/analysis/split.rs`) for the model.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id; [`QueryError::BadVolume`] for a volume that
    /// is not a positive number; [`QueryError::OutOfRange`] for a spread outside [0, 10,000]
    /// or no routes; [`QueryError::ThetaRange`] for a range of spreads that does not hold it; [`QueryError::OverCap`] past [`MAX_SPLIT_ROUTES`] routes or
    /// [`MAX_SPLIT_DRAWS`] draws; within capacity [`QueryError::SplitTooLarge`] or
    /// [`QueryError::SplitSolver`]; [`QueryError::Cancelled`] when its progress says stop.
    ///
    /// # Complexity
    /// Yen's k shortest paths per flow: about `k × route length` Dijkstra searches each.
    pub fn split(&self, q: &SplitQuery) -> Result<Split, QueryError> {
        check_theta(q.theta, q.within_capacity)?;
        draws::check_theta_range(q)?;
        QueryError::cap(
            "split draws",
            q.sampler.n,
            MAX_SPLIT_DRAWS,
            "each draw splits the cargo again on a network rebuilt with the draw's figures",
        )?;
        let mut split = self.split_candidates(q)?.answer(self, q.theta)?;
        self.split_draws(q, &mut split)?;
        Ok(split)
    }

    /// How well each spread reproduces the file's `[[observed]]` counts: the split at each
    /// `theta` set beside the counts ([`Network::utilisation_beside`]) and scored by
    /// [`Utilisation::fit`](crate::Utilisation::fit). The routes are searched once; the
    /// spreads only weigh them.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SplitQuery};
    /// let net = Network::trans_afghan();
    /// let fits = net.fit_split(&SplitQuery::new(), &[0.0, 10.0, 1000.0]).unwrap();
    /// assert_eq!(fits.len(), 3);
    /// assert!(fits.iter().all(|f| f.fit.counts == net.observed().len()));
    /// // Spreading Moscow's cargo over more routes takes some of it off Sarakhs, where far
    /// // less was counted than least cost sends.
    /// assert!(fits[0].fit.mean_miss < fits[2].fit.mean_miss);
    /// ```
    ///
    /// # Errors
    /// As [`Network::split`], for the query and each spread (the query's draws and its range
    /// of θ are checked, and not used: the fit is at each spread given).
    pub fn fit_split(&self, q: &SplitQuery, thetas: &[f64]) -> Result<Vec<SplitFit>, QueryError> {
        draws::check_theta_range(q)?;
        for &t in thetas {
            check_theta(t, q.within_capacity)?;
        }
        let c = self.split_candidates(q)?;
        thetas
            .iter()
            .map(|&theta| {
                let split = c.answer(self, theta)?;
                Ok(SplitFit {
                    theta,
                    fit: self.utilisation_beside(&split).fit(),
                })
            })
            .collect()
    }

    fn split_candidates(&self, q: &SplitQuery) -> Result<Candidates, QueryError> {
        if q.routes == 0 {
            return Err(QueryError::OutOfRange {
                option: "routes per flow",
                range: "[1, 50]",
                value: 0.0,
            });
        }
        QueryError::cap(
            "routes per flow",
            q.routes,
            MAX_SPLIT_ROUTES,
            "past a few dozen the extra routes carry next to nothing and each costs a round of searches",
        )?;
        if q.within_capacity && q.metric != Metric::Cost {
            return Err(QueryError::MetricUnsupported {
                query: "a split within capacity",
                metric: q.metric.as_str(),
            });
        }
        let flows = q.pairs.resolve(self)?;
        let view = q.filter.view(self)?;
        let w = self.weights(&view, q.metric);
        let search = self.search(&view, &w);
        let g = self.graph();
        let k = q.routes;
        let meter = Meter::start(q.watch.get(), "routes of each flow", flows.len() * k)?;
        let mut paths = Vec::with_capacity(flows.len());
        for f in &flows {
            if f.a == f.b {
                paths.push(Err(format!(
                    "\"{}\" is both origin and destination",
                    f.from
                )));
                meter.add(k)?;
                continue;
            }
            let fv = view.for_flow(&self.data, f.a, f.b);
            let search = Search {
                view: &fv,
                ..search
            };
            let found = self.k_best(search, (f.a, f.b, k), None, q.metric, &meter)?;
            if found.is_empty() {
                paths.push(Err(format!(
                    "no route from \"{}\" to \"{}\" under this query",
                    f.from, f.to
                )));
                continue;
            }
            let mut routes: Vec<(Vec<Step>, f64)> = found
                .into_iter()
                .map(|p| {
                    let c = walk(g, &w, &p).0;
                    (p, c)
                })
                .collect();
            routes.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
            paths.push(Ok(routes));
        }
        let cap = (0..self.data.links.len())
            .map(|i| self.link_capacity(i, &view, false))
            .collect();
        Ok(Candidates {
            metric: q.metric,
            routes_per_flow: k,
            flows,
            paths,
            cap,
            within: q.within_capacity.then_some(view),
            solved: None,
            watch: q.watch.clone(),
            day: q.filter.day(self),
        })
    }
}

fn check_theta(theta: f64, within_capacity: bool) -> Result<(), QueryError> {
    if within_capacity && theta == 0.0 {
        // At 0 no cost counts, so no price can move cargo off a full capacity.
        Err(QueryError::OutOfRange {
            option: "spread theta within capacity",
            range: "(0, 10000]",
            value: theta,
        })
    } else if (0.0..=MAX_THETA).contains(&theta) {
        Ok(())
    } else {
        Err(QueryError::OutOfRange {
            option: "spread theta",
            range: "[0, 10000]",
            value: theta,
        })
    }
}

/// The scale of a flow's logit, per unit of the metric: `θ / c*`, so that the module's
/// `−θ (c/c* − 1)` reads `−β (c − c*)`. Infinite when the cheapest route costs nothing (any
/// dearer route is then infinitely dearer), 0 at `θ = 0`.
fn scale(theta: f64, best: f64) -> f64 {
    if theta == 0.0 {
        0.0
    } else if best > 0.0 {
        theta / best
    } else {
        f64::INFINITY
    }
}

/// The routes of one flow under the path-size logit of the module's documentation, at scale
/// `beta` (see [`scale`]).
struct Logit {
    /// Each route's share, in the order given.
    shares: Vec<f64>,
    /// The expected perceived cost `−ln Σ PS_r exp(−β c_r) / β`, in the metric's unit: what
    /// the flow's choice is worth, its logsum. At an infinite scale, the cheapest value; NaN at
    /// a zero scale, where cost does not count.
    expected: f64,
}

/// Each route's path size among `routes` (each route's links and metric value); `km` gives a
/// link's length.
fn path_sizes(routes: &[(Vec<u32>, f64)], km: impl Fn(u32) -> f64) -> Vec<f64> {
    let used = |link: u32| routes.iter().filter(|r| r.0.contains(&link)).count() as f64;
    let path_size = |links: &[u32]| {
        let length: f64 = links.iter().map(|&l| km(l)).sum();
        if length > 0.0 {
            links.iter().map(|&l| km(l) / length / used(l)).sum()
        } else {
            1.0 / links.iter().map(|&l| used(l)).fold(1.0, f64::max)
        }
    };
    routes.iter().map(|r| path_size(&r.0)).collect()
}

/// The logit over `routes` (each route's links and metric value) of path sizes `path_sizes`.
fn logit(routes: &[(Vec<u32>, f64)], path_sizes: &[f64], beta: f64) -> Logit {
    let best = routes.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    // Utilities less the cheapest route's cost term, so the exponentials cannot overflow.
    let v: Vec<f64> = routes
        .iter()
        .zip(path_sizes)
        .map(|((_, c), ps)| {
            let dearer = if *c <= best {
                0.0
            } else if beta.is_infinite() {
                f64::INFINITY
            } else {
                beta * (c - best)
            };
            ps.ln() - dearer
        })
        .collect();
    let top = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = v.iter().map(|x| (x - top).exp()).collect();
    let sum: f64 = e.iter().sum();
    let expected = if beta.is_infinite() {
        best
    } else if beta == 0.0 {
        f64::NAN
    } else {
        best - (top + sum.ln()) / beta
    };
    Logit {
        shares: e.iter().map(|x| x / sum).collect(),
        expected,
    }
}

/// One route of a flow as the split reports it.
struct Weighed<'a> {
    steps: &'a [Step],
    /// Its metric value per tonne.
    value: f64,
    path_size: f64,
    /// The fraction of the flow it carries.
    share: f64,
    /// Within capacity, its value plus the prices of the capacities it uses.
    priced: Option<f64>,
}

impl Candidates {
    /// The split at spread `theta`: within capacity when the query asked.
    ///
    /// # Errors
    /// Within capacity, as [`within::within`].
    pub(crate) fn answer(&self, net: &Network, theta: f64) -> Result<Split, QueryError> {
        let Some(view) = &self.within else {
            return Ok(self.weigh(net, theta));
        };
        let mut solved = self.solve_on_own(net, theta, self.watch.get())?;
        for routes in &mut solved.routes {
            routes.sort_by(|a, b| {
                a.value
                    .total_cmp(&b.value)
                    .then_with(|| a.steps.cmp(&b.steps))
            });
        }
        let weighed: Vec<Vec<Weighed>> = solved
            .routes
            .iter()
            .map(|routes| {
                routes
                    .iter()
                    .map(|r| Weighed {
                        steps: &r.steps,
                        value: r.value,
                        path_size: r.path_size,
                        share: r.share,
                        priced: Some(r.priced),
                    })
                    .collect()
            })
            .collect();
        let (link_load, node_load) = self.loads(net, &weighed);
        let mut reasons = vec![None; self.flows.len()];
        let mut blocking: Vec<String> = Vec::new();
        for ((f, &unmet), reason) in self.flows.iter().zip(&solved.unmet).zip(&mut reasons) {
            if unmet > 0.0 {
                let fv = view.for_flow(&net.data, f.a, f.b);
                let cut = net.cut(&fv, false, f.a, f.b, &link_load, &node_load);
                let ids: Vec<&str> = cut.iter().map(|c| c.id.as_str()).collect();
                *reason = Some(if ids.is_empty() {
                    format!("no room within capacity for {unmet:.2} Mt/yr")
                } else {
                    format!(
                        "no room within capacity for {unmet:.2} Mt/yr: {} full",
                        ids.join(", ")
                    )
                });
                blocking.extend(ids.into_iter().map(String::from));
            }
        }
        let blocking: Vec<&str> = blocking.iter().map(String::as_str).collect();
        let capacity = SplitCapacity {
            unmet_mtpa: solved.unmet.iter().fold(0.0, |a, u| a + u),
            unmet_usd_per_t: UNMET_USD_PER_T,
            shadow_prices: net.shadow_prices(
                &solved.cap,
                &solved.price,
                &link_load,
                &node_load,
                &blocking,
            ),
            routes_added: solved.added,
            rounds: solved.rounds,
        };
        Ok(self.report(net, theta, &weighed, &solved.unmet, reasons, Some(capacity)))
    }

    /// The split at spread `theta`, capacities aside.
    pub(crate) fn weigh(&self, net: &Network, theta: f64) -> Split {
        let km = |l: u32| net.data.links[l as usize].length_km;
        let weighed: Vec<Vec<Weighed>> = self
            .paths
            .iter()
            .map(|paths| {
                let Ok(paths) = paths else {
                    return Vec::new();
                };
                let links = route_links(paths);
                let sizes = path_sizes(&links, km);
                let l = logit(&links, &sizes, scale(theta, paths[0].1));
                paths
                    .iter()
                    .zip(l.shares.iter().zip(&sizes))
                    .map(|((steps, c), (&share, &ps))| Weighed {
                        steps,
                        value: *c,
                        path_size: ps,
                        share,
                        priced: None,
                    })
                    .collect()
            })
            .collect();
        let unmet = vec![0.0; self.flows.len()];
        let reasons = vec![None; self.flows.len()];
        self.report(net, theta, &weighed, &unmet, reasons, None)
    }

    /// Per link and direction, and per place, the Mt/yr the routes carry (a place counts what
    /// starts there and what enters it).
    fn loads(&self, net: &Network, weighed: &[Vec<Weighed>]) -> (Vec<[f64; 2]>, Vec<f64>) {
        let d = &net.data;
        let mut load = vec![[0.0f64; 2]; d.links.len()];
        let mut node_load = vec![0.0f64; d.nodes.len()];
        for (f, routes) in self.flows.iter().zip(weighed) {
            for r in routes {
                let mtpa = r.share * f.mtpa;
                node_load[f.a] += mtpa;
                for s in r.steps {
                    let l = s.link as usize;
                    load[l][usize::from(d.ends[l].0 != s.from as usize)] += mtpa;
                    node_load[s.to as usize] += mtpa;
                }
            }
        }
        (load, node_load)
    }

    /// The report of routes weighed: each flow's routes (cheapest first) and Mt/yr unmet, why
    /// where some is, and within capacity what it did.
    fn report(
        &self,
        net: &Network,
        theta: f64,
        weighed: &[Vec<Weighed>],
        unmet: &[f64],
        reasons: Vec<Option<String>>,
        capacity: Option<SplitCapacity>,
    ) -> Split {
        let d = &net.data;
        let mut demands = Vec::with_capacity(self.flows.len());
        let (mut routed, mut total) = (0.0, 0.0);
        for (((f, paths), (routes, &unmet)), reason) in self
            .flows
            .iter()
            .zip(&self.paths)
            .zip(weighed.iter().zip(unmet))
            .zip(reasons)
        {
            let mut demand = SplitDemand {
                from: f.from.clone(),
                to: f.to.clone(),
                mtpa: f.mtpa,
                routes: Vec::new(),
                mean_value: 0.0,
                off_cheapest: 0.0,
                reason,
                unmet_mtpa: unmet,
                draws: None,
            };
            let best = match paths {
                Ok(p) => p[0].1,
                Err(why) => {
                    demand.reason = Some(why.clone());
                    demands.push(demand);
                    continue;
                }
            };
            for r in routes {
                let mut modes: Vec<Mode> = Vec::new();
                for s in r.steps {
                    let m = d.links[s.link as usize].mode;
                    if !modes.contains(&m) {
                        modes.push(m);
                    }
                }
                demand.routes.push(SplitRoute {
                    links: r
                        .steps
                        .iter()
                        .map(|s| d.links[s.link as usize].id.clone())
                        .collect(),
                    modes,
                    metric_value: r.value,
                    relative: if best > 0.0 { r.value / best } else { 1.0 },
                    path_size: r.path_size,
                    share: r.share,
                    mtpa: r.share * f.mtpa,
                    priced_value: r.priced,
                    draws: None,
                });
            }
            // The share carried: all of it, capacities aside.
            let served = if capacity.is_some() {
                demand.routes.iter().map(|r| r.share).sum()
            } else {
                1.0
            };
            let sum: f64 = demand.routes.iter().map(|r| r.share * r.metric_value).sum();
            demand.mean_value = if served > 1e-12 { sum / served } else { 0.0 };
            demand.off_cheapest = served - demand.routes[0].share;
            routed += f.mtpa * served;
            total += f.mtpa * served * demand.mean_value * 1e6;
            demands.push(demand);
        }
        let (load, _) = self.loads(net, weighed);
        let (mut loads, mut over_capacity) = net.link_loads(&load, &self.cap);
        if capacity.is_some() {
            // Full within the solver's tolerance, as the optimal assignment says.
            for l in &mut loads {
                l.saturated = l.capacity_mtpa.is_some_and(|c| full(l.load_mtpa, c));
            }
            over_capacity = loads
                .iter()
                .filter(|l| l.saturated)
                .map(|l| l.link.clone())
                .collect();
            over_capacity.sort();
        }
        Split {
            metric: self.metric,
            theta,
            routes_per_flow: self.routes_per_flow,
            demand_mtpa: self.flows.iter().map(|f| f.mtpa).sum(),
            routed_mtpa: routed,
            total_per_year: total,
            demands,
            loads,
            over_capacity,
            capacity,
            draws: None,
            day: self.day.clone(),
        }
    }
}

/// How well the split at one spread reproduces the counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SplitFit {
    /// The spread.
    pub theta: f64,
    /// The counts' fit beside the split.
    pub fit: crate::analysis::CountFit,
}

/// What a change to the network is worth to cargo that spreads over its routes: a project
/// valued under route choice ([`ProjectsQuery::spread`](crate::ProjectsQuery::spread)).
///
/// Each flow's logit keeps the scale of the network without the change (`θ` over the
/// cheapest route's cost there), so that its logsums before and after are in the same USD. A
/// flow with no route before the change adds nothing here (least cost counts it as cargo newly
/// served).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpreadGain {
    /// What shippers gain, USD a year: each flow's fall in expected perceived cost (its logsum,
    /// `−ln Σ PS_r exp(−β c_r) / β`) times its tonnes. It counts the worth of a new choice, not
    /// only a cheaper one, and tends to the least-cost saving as `θ` grows.
    pub benefit_usd_per_year: f64,
    /// What the cargo pays less a year at the modelled shares; it can be negative, when a
    /// dearer new route still draws a share.
    pub saving_usd_per_year: f64,
    /// Mt/yr of the flows on routes that use any of the change's links.
    pub mtpa: f64,
}

impl Network {
    /// The candidate routes by cost of `flows` on the network of `filter`, `routes` a flow,
    /// to be weighed within capacity or not.
    pub(crate) fn cost_candidates(
        &self,
        flows: &Flows,
        filter: Filter,
        routes: usize,
        within_capacity: bool,
    ) -> Result<Candidates, QueryError> {
        self.split_candidates(&SplitQuery {
            pairs: flows.clone(),
            filter,
            routes,
            within_capacity,
            ..SplitQuery::new()
        })
    }
}

/// A flow's routes as the logit takes them: links and metric value.
fn route_links(paths: &[(Vec<Step>, f64)]) -> Vec<(Vec<u32>, f64)> {
    paths
        .iter()
        .map(|(p, c)| (p.iter().map(|s| s.link).collect(), *c))
        .collect()
}

impl Candidates {
    /// What `after`, the same flows on the network with more links open, gains over these
    /// routes at spread `theta` (above 0); `marked` flags the links whose use `mtpa` counts.
    pub(crate) fn gain(
        &self,
        after: &Candidates,
        net: &Network,
        theta: f64,
        marked: &[bool],
    ) -> SpreadGain {
        let km = |l: u32| net.data.links[l as usize].length_km;
        let mut g = SpreadGain {
            benefit_usd_per_year: 0.0,
            saving_usd_per_year: 0.0,
            mtpa: 0.0,
        };
        for ((flow, before), now) in self.flows.iter().zip(&self.paths).zip(&after.paths) {
            let (Ok(before), Ok(now)) = (before, now) else {
                continue;
            };
            let beta = scale(theta, before[0].1);
            // The routes before the change stay open after it: the choice after is theirs and
            // the new ones, and each route's path size is its overlap with all of them, in both
            // logsums. So a change only adds to the sum, and never lowers the logsum.
            let mut union = route_links(before);
            let nb = union.len();
            for r in route_links(now) {
                if !union.iter().any(|u| u.0 == r.0) {
                    union.push(r);
                }
            }
            let ps = path_sizes(&union, km);
            let (b, a) = (
                logit(&union[..nb], &ps[..nb], beta),
                logit(&union, &ps, beta),
            );
            let mean = |l: &Logit, routes: &[(Vec<u32>, f64)]| -> f64 {
                l.shares.iter().zip(routes).map(|(s, r)| s * r.1).sum()
            };
            let mtpa = flow.mtpa;
            g.benefit_usd_per_year += mtpa * (b.expected - a.expected) * 1e6;
            g.saving_usd_per_year += mtpa * (mean(&b, &union[..nb]) - mean(&a, &union)) * 1e6;
            g.mtpa += mtpa
                * union
                    .iter()
                    .zip(&a.shares)
                    .filter(|(r, _)| r.0.iter().any(|&l| marked[l as usize]))
                    .map(|(_, s)| s)
                    .sum::<f64>();
        }
        g
    }
}
