//! The optimal assignment: every cargo flow carried at the least total cost within every link,
//! node and port capacity, and the shadow price of each capacity that binds.
//!
//! # The linear program
//! A multicommodity minimum-cost flow, one commodity per pair of ends (flows with the same ends
//! are interchangeable cargo, shared by volume), over the states the route search
//! uses (place × arrival mode and gauge), so a route pays its transfers and border crossings
//! exactly as [`crate::network::Network::route`] prices them. It is written in path form: a
//! variable per route a flow may take (Mt/yr along it) and one per flow for the cargo left
//! unmet, which pays a penalty per tonne ([`UNMET_USD_PER_T`] unless the query says), so the
//! program is always feasible and unmet cargo is what no capacity left can carry. Rows: each
//! flow's volume (an equality), each link direction's capacity (both directions have the
//! link's capacity, as in [`crate::network::Network::assign`] and the max-flow), each place's
//! throughput (what enters it, plus what starts there). The arc form over every state and
//! arc would hold millions of variables for 50 flows on 10,000 places; the path form holds
//! only the routes found useful, found by **column generation** (`columns.rs`): the duals of
//! the capacity rows are added to the arcs' costs and the route search finds, per flow, the
//! route that would lower the total most, until none would. The program is then optimal over
//! every route, and those duals are the shadow prices. A capacity gets a row only once the
//! routes found break it: one they leave unbroken is optimal at a price of zero. The search
//! for a route runs A* with the cost landmarks (prices only add weight, so the bounds hold),
//! and only for flows whose last tonne costs more than their cheapest route.
//!
//! # The solver: clarabel
//! [clarabel](https://crates.io/crates/clarabel) (Oxford's conic interior-point solver) is pure
//! Rust, so `cargo test` on a fresh machine needs no system library, and it returns the duals
//! (`z`) with the optimum: column generation needs them every round, and they are the shadow
//! prices. It is maintained (several releases a year) and solves these programs in a
//! millisecond on the bundled network, a tenth of a second with a thousand routes.
//! `microlp`, the maintained fork of minilp, is a simplex that would give a vertex, but it
//! exposes no duals (and asks for Rust 1.86, past this crate's 1.85). An interior point stops
//! within a tolerance (1e-12 on the last solve, of a program scaled so its numbers are of
//! order one: loads good to a tonne a year, prices to well under a cent per tonne), and
//! where several optima tie it returns their centre: equal-cost routes share a flow rather than
//! one taking it all, and where several prices fit (a degenerate optimum) a binding capacity's
//! price lies between what widening it saves and what narrowing it costs.

mod columns;
mod draws;
mod lp;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::assign::sort_loads;
use crate::analysis::capacity::ArcRole;
use crate::analysis::draws::Sampler;
use crate::analysis::{
    AssignQuery, CutItem, CutKind, Day, Filter, Flow, Flows, LinkLoad, Watch, flow_builders,
};
use crate::engine::EPS;
use crate::error::QueryError;
use crate::model::{Metric, NodeKind};
use crate::network::Network;
pub use columns::MAX_ROUTES;
pub(crate) use columns::{MAX_ROUNDS, Problem};
pub use draws::{DemandDraws, MAX_OPTIMAL_DRAWS, OptimalDraws};
pub(crate) use lp::Lp;

/// What a tonne of cargo left unmet costs the optimal assignment unless the query says
/// ([`OptimalQuery::unmet_penalty`]), USD/t: far above any route's cost, so the program
/// carries all it can, and a capacity that holds cargo back is priced at this less the cost
/// of the route the cargo would take.
pub const UNMET_USD_PER_T: f64 = 10_000.0;

/// The largest penalty a query may set, USD/t: beyond it the program's numbers lose precision.
const MAX_PENALTY: f64 = 1e9;

/// Prices below this, USD/t, are the solver's rounding.
const PRICE_EPS: f64 = 1e-6;

/// An optimal-assignment question: carry cargo flows at the least total cost within every
/// capacity, and price the capacities that bind.
///
/// A query of its own rather than an option of [`AssignQuery`]: its report says more (the
/// total, the shadow prices, the greedy baseline), it can fail where the greedy cannot (its
/// size cap, its solver), and it minimises cost only.
///
/// # Example
/// ```
/// use corridors::{Network, OptimalQuery};
/// let net = Network::trans_afghan();
/// let a = net.optimal(&OptimalQuery::new()).unwrap(); // the file's [[demands]], today
/// assert_eq!(a.demands.len(), net.demands().len());
/// // Never dearer than cheapest-first, and within every capacity.
/// let greedy = a.greedy.as_ref().unwrap();
/// assert!(a.objective_usd_per_year <= greedy.objective_usd_per_year + 1.0);
/// assert!(a.loads.iter().all(|l| l.capacity_mtpa.is_none_or(|c| l.load_mtpa <= c + 1e-6)));
/// // What widening the busiest bottleneck would save, largest first.
/// assert!(a.shadow_prices.windows(2).all(|w| w[0].usd_per_t >= w[1].usd_per_t));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimalQuery {
    pairs: Flows,
    filter: Filter,
    metric: Metric,
    design: bool,
    penalty: f64,
    versus_greedy: bool,
    #[serde(flatten)]
    sampler: Sampler,
    #[serde(skip)]
    watch: Watch,
}

flow_builders!(OptimalQuery);

impl OptimalQuery {
    /// The file's `[[demands]]` on today's network, compared with the greedy assignment.
    pub fn new() -> OptimalQuery {
        OptimalQuery {
            pairs: Flows::default(),
            filter: Filter::new(),
            metric: Metric::Cost,
            design: false,
            penalty: UNMET_USD_PER_T,
            versus_greedy: true,
            sampler: Sampler::default(),
            watch: Watch::default(),
        }
    }

    /// Which links count.
    pub fn filter(mut self, filter: Filter) -> OptimalQuery {
        self.filter = filter;
        self
    }

    /// Uses design capacities where published.
    pub fn design(mut self, design: bool) -> OptimalQuery {
        self.design = design;
        self
    }

    /// What a tonne left unmet costs, USD/t (default [`UNMET_USD_PER_T`]): set it to what
    /// cargo that cannot move is worth, and the program leaves unmet what costs more to carry.
    pub fn unmet_penalty(mut self, usd_per_t: f64) -> OptimalQuery {
        self.penalty = usd_per_t;
        self
    }

    /// The same question for these flows.
    pub(crate) fn flows(mut self, pairs: Flows) -> OptimalQuery {
        self.pairs = pairs;
        self
    }

    /// Whether to run the greedy assignment too and say what the optimum saves over it
    /// (default: yes).
    pub fn versus_greedy(mut self, yes: bool) -> OptimalQuery {
        self.versus_greedy = yes;
        self
    }
}

/// What a capacity belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CapacityKind {
    /// A link's capacity (each direction).
    Link,
    /// A place's throughput: a border post, junction or city.
    Node,
    /// A port's throughput.
    Port,
}

impl CapacityKind {
    /// `link`, `node` or `port`.
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityKind::Link => "link",
            CapacityKind::Node => "node",
            CapacityKind::Port => "port",
        }
    }
}

impl std::fmt::Display for CapacityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A route a share of a flow takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptimalPath {
    /// Mt/yr along it.
    pub mtpa: f64,
    /// Link ids in order.
    pub links: Vec<String>,
    /// What a tonne pays along it, transfers and crossings included, USD/t.
    pub usd_per_t: f64,
}

/// What became of one flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptimalDemand {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Mt/yr asked.
    pub demand_mtpa: f64,
    /// Mt/yr carried.
    pub served_mtpa: f64,
    /// Mt/yr no capacity left could carry.
    pub unmet_mtpa: f64,
    /// What a tonne carried pays on average, USD/t; `None` when nothing is carried.
    pub usd_per_t: Option<f64>,
    /// The routes taken, most cargo first.
    pub paths: Vec<OptimalPath>,
    /// For unmet cargo: the full links and places that separate its origin from its
    /// destination once the rest is carried (of the cuts nearest each end, the smaller),
    /// sorted by id.
    pub cut: Vec<CutItem>,
    /// Why cargo is unmet when no cut says: no route at all, or none worth its penalty.
    pub reason: Option<String>,
    /// With draws: the spread of what it carries and pays (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<DemandDraws>,
}

/// Throughput of a place with a known capacity that cargo passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeLoad {
    /// The node id.
    pub node: String,
    /// `node` or `port`.
    pub kind: CapacityKind,
    /// Mt/yr entering it or starting there.
    pub load_mtpa: f64,
    /// Its capacity, Mt/yr.
    pub capacity_mtpa: f64,
    /// Load over capacity.
    pub utilisation: f64,
    /// Whether it is full.
    pub saturated: bool,
}

/// What one more tonne a year of a binding capacity would save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShadowPrice {
    /// The link or node id.
    pub id: String,
    /// A link, a node or a port.
    pub kind: CapacityKind,
    /// USD a year saved per tonne a year more of capacity there (for a link, in both
    /// directions at once), as the query sees capacity (after scenarios' factors). The total
    /// saved is this times the tonnes: `usd_per_t × mtpa × 1e6` USD a year, for a small step.
    pub usd_per_t: f64,
    /// The capacity, Mt/yr.
    pub capacity_mtpa: f64,
    /// The load, Mt/yr (a link's busier direction).
    pub load_mtpa: f64,
    /// Whether it is on the cut that holds some flow's cargo back: its price then counts the
    /// penalty for unmet cargo, less the cost of the route that cargo would take.
    pub blocks_unmet: bool,
}

/// The greedy assignment of the same flows, as a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GreedyBaseline {
    /// USD a year to carry what the greedy carries.
    pub total_usd_per_year: f64,
    /// Mt/yr the greedy leaves unmet.
    pub unmet_mtpa: f64,
    /// Its total plus the penalty for what it leaves unmet, USD a year.
    pub objective_usd_per_year: f64,
    /// What the optimum saves over it, USD a year: the difference of the two objectives.
    pub saves_usd_per_year: f64,
}

/// How big the linear program became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LpSize {
    /// Routes weighed (its columns, besides one slack per flow); at most [`MAX_ROUTES`].
    pub routes: usize,
    /// Capacity rows in the last solve (besides one row per flow).
    pub constraints: usize,
    /// Rounds of pricing: route searches per flow, each followed by a solve.
    pub rounds: usize,
}

/// The answer to an [`OptimalQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptimalAssignment {
    /// USD a year to carry what is carried: each route's USD/t times its Mt/yr times 1e6.
    pub total_usd_per_year: f64,
    /// The total plus the penalty for unmet cargo: what the program minimises, USD a year.
    pub objective_usd_per_year: f64,
    /// The penalty per tonne of unmet cargo, USD/t.
    pub unmet_usd_per_t: f64,
    /// Total Mt/yr asked.
    pub demand_mtpa: f64,
    /// Total Mt/yr carried.
    pub served_mtpa: f64,
    /// Total Mt/yr unmet.
    pub unmet_mtpa: f64,
    /// One result per flow, in the order given (the file's order for its demands).
    pub demands: Vec<OptimalDemand>,
    /// Every loaded link, busiest first.
    pub loads: Vec<LinkLoad>,
    /// Every place of known capacity that cargo passes, busiest first.
    pub node_loads: Vec<NodeLoad>,
    /// Ids of the full links and places, sorted.
    pub saturated: Vec<String>,
    /// Every binding capacity's shadow price, largest first (ties by id).
    pub shadow_prices: Vec<ShadowPrice>,
    /// The greedy assignment's figures, when asked for.
    pub greedy: Option<GreedyBaseline>,
    /// The size of the linear program.
    pub lp: LpSize,
    /// With draws: how many, and the spread of the totals, loads and shadow prices (absent
    /// from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<OptimalDraws>,
    /// Whether links count at their design capacity (`design_capacity_mtpa`) where the file
    /// gives one, else at their capacity; left out of the JSON when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub design: bool,
    /// The day looked at and the file's events applied (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: Day,
}

impl Network {
    /// Carries the flows at the least total cost within every capacity, and prices the
    /// capacities that bind.
    ///
    /// Link capacities count in each direction, a place's capacity limits what enters it or
    /// starts there, scenarios' capacity factors apply, and links and places of unknown
    /// capacity take any load, as in [`Network::assign`]. See the module's documentation in
    /// the repository (`src/analysis/optimal/mod.rs`) for the linear program and its solver.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id; [`QueryError::BadVolume`] for a volume that
    /// is not a positive number; [`QueryError::MetricUnsupported`] for a metric other than
    /// cost; [`QueryError::OutOfRange`] for a penalty that is not in (0, 1e9] USD/t;
    /// [`QueryError::OptimalTooLarge`] past [`MAX_ROUTES`] routes; [`QueryError::Solver`]
    /// if the solver fails.
    ///
    /// # Complexity
    /// Per round, a route search per flow and an interior-point solve of a program with a
    /// column per route found; a few rounds on the bundled network, a few dozen on 10,000
    /// places with 50 flows.
    ///
    /// # Example
    /// ```
    /// use corridors::{CapacityKind, Network, OptimalQuery};
    /// let net = Network::trans_afghan();
    /// // More than Bandar Abbas (100 Mt/yr) can handle.
    /// let q = OptimalQuery::new().pair("moscow", "bandar-abbas", 120.0);
    /// let a = net.optimal(&q).unwrap();
    /// let d = &a.demands[0];
    /// assert!((d.unmet_mtpa - 20.0).abs() < 1e-6);
    /// assert_eq!(d.cut[0].id, "bandar-abbas");
    /// assert!(d.paths.len() > 1); // spread over several routes to the port
    /// // The port is the bottleneck worth widening most.
    /// assert_eq!(a.shadow_prices[0].kind, CapacityKind::Port);
    /// ```
    pub fn optimal(&self, q: &OptimalQuery) -> Result<OptimalAssignment, QueryError> {
        if q.sampler.n > 0 {
            QueryError::cap(
                "optimal assignment draws",
                q.sampler.n,
                MAX_OPTIMAL_DRAWS,
                "each draw solves the linear program again on a network rebuilt with the draw's figures",
            )?;
            let mut once = q.clone();
            once.sampler.n = 0;
            let mut a = self.optimal(&once)?;
            self.optimal_draws(q, &mut a)?;
            return Ok(a);
        }
        if q.metric != Metric::Cost {
            return Err(QueryError::MetricUnsupported {
                query: "the optimal assignment",
                metric: q.metric.as_str(),
            });
        }
        if !(q.penalty > 0.0 && q.penalty <= MAX_PENALTY) {
            return Err(QueryError::OutOfRange {
                option: "unmet penalty (USD/t)",
                range: "(0, 1e9]",
                value: q.penalty,
            });
        }
        let flows = q.pairs.resolve(self)?;
        let (pairs, pair_of) = commodities(&flows);
        let view = q.filter.cow_view(self)?;
        let w = self.weights(&view, Metric::Cost);
        let (m, n) = (self.data.links.len(), self.data.nodes.len());
        let mut cap = Vec::with_capacity(2 * m + n);
        for l in 0..m {
            let c = self.link_capacity(l, &view, q.design);
            cap.extend([c, c]);
        }
        cap.extend((0..n).map(|v| self.node_capacity(v, &view)));
        let problem = Problem {
            net: self,
            view: &view,
            w: &w,
            flows: &pairs,
            cap: &cap,
            penalty: q.penalty,
        };
        let plan = problem.solve()?;

        // Loads, with what the solver leaves on routes it does not use (its rounding) dropped.
        let scale = pairs.iter().map(|f| f.mtpa).fold(0.0, f64::max);
        let dust = 1e-7 * scale;
        let mut link_load = vec![[0.0f64; 2]; m];
        let mut node_load = vec![0.0f64; n];
        let mut served = vec![0.0f64; pairs.len()];
        let mut total_usd = 0.0;
        let mut routes: Vec<Vec<(f64, usize)>> = vec![Vec::new(); pairs.len()];
        for (j, (c, &x)) in plan.columns.iter().zip(&plan.mtpa).enumerate() {
            // To the kilogram a year: the solver's last digits are its rounding.
            let x = (x * 1e9).round() / 1e9;
            if x <= dust {
                continue;
            }
            node_load[pairs[c.flow].a] += x;
            for s in &c.steps {
                let l = s.link as usize;
                link_load[l][usize::from(self.data.ends[l].0 != s.from as usize)] += x;
                node_load[s.to as usize] += x;
            }
            served[c.flow] += x;
            total_usd += x * c.usd_per_t * 1e6;
            routes[c.flow].push((x, j));
        }

        let mut cuts: BTreeMap<usize, Vec<CutItem>> = BTreeMap::new();
        let mut demands = Vec::with_capacity(flows.len());
        for (f, &i) in flows.iter().zip(&pair_of) {
            let share = f.mtpa / pairs[i].mtpa;
            let mut ps: Vec<OptimalPath> = routes[i]
                .iter()
                .map(|&(x, j)| {
                    let c = &plan.columns[j];
                    OptimalPath {
                        mtpa: x * share,
                        links: c
                            .steps
                            .iter()
                            .map(|s| self.data.links[s.link as usize].id.clone())
                            .collect(),
                        usd_per_t: c.usd_per_t,
                    }
                })
                .collect();
            ps.sort_by(|a, b| {
                b.mtpa
                    .total_cmp(&a.mtpa)
                    .then(a.usd_per_t.total_cmp(&b.usd_per_t))
                    .then_with(|| a.links.cmp(&b.links))
            });
            let unmet_pair = pairs[i].mtpa - served[i];
            let unmet = if unmet_pair > dust.max(EPS) {
                unmet_pair * share
            } else {
                0.0
            };
            let carried: f64 = ps.iter().map(|p| p.mtpa).sum();
            let mut d = OptimalDemand {
                from: f.from.clone(),
                to: f.to.clone(),
                demand_mtpa: f.mtpa,
                served_mtpa: f.mtpa - unmet,
                unmet_mtpa: unmet,
                usd_per_t: (carried > 0.0)
                    .then(|| ps.iter().map(|p| p.mtpa * p.usd_per_t).sum::<f64>() / carried),
                paths: ps,
                cut: Vec::new(),
                reason: None,
                draws: None,
            };
            if unmet > 0.0 {
                match plan.cheapest[i] {
                    None => {
                        d.reason = Some(format!(
                            "no route from \"{}\" to \"{}\" under this query",
                            f.from, f.to
                        ));
                    }
                    Some(c) if c >= q.penalty => {
                        d.reason = Some(format!(
                            "its cheapest route costs {c:.2} USD/t, more than the penalty for \
                             unmet cargo ({} USD/t)",
                            q.penalty
                        ));
                    }
                    Some(_) => {
                        d.cut = cuts
                            .entry(i)
                            .or_insert_with(|| {
                                let fv = view.for_flow(&self.data, f.a, f.b);
                                self.cut(&fv, q.design, f.a, f.b, &link_load, &node_load)
                            })
                            .clone();
                    }
                }
            }
            demands.push(d);
        }

        let (loads, node_loads, saturated) = self.load_tables(&cap, &link_load, &node_load);
        let blocking: Vec<&str> = demands
            .iter()
            .flat_map(|d| d.cut.iter().map(|c| c.id.as_str()))
            .collect();
        let shadow_prices =
            self.shadow_prices(&cap, &plan.price, &link_load, &node_load, &blocking);

        // Folds from +0: an empty `sum` of floats is -0, which JSON would print.
        let demand_mtpa = flows.iter().fold(0.0, |a, f| a + f.mtpa);
        let unmet_mtpa = demands.iter().fold(0.0, |a, d| a + d.unmet_mtpa);
        let objective = total_usd + unmet_mtpa * q.penalty * 1e6;
        let greedy = if q.versus_greedy {
            Some(self.versus_greedy(q, &flows, objective)?)
        } else {
            None
        };
        Ok(OptimalAssignment {
            total_usd_per_year: total_usd,
            objective_usd_per_year: objective,
            unmet_usd_per_t: q.penalty,
            demand_mtpa,
            served_mtpa: demand_mtpa - unmet_mtpa,
            unmet_mtpa,
            demands,
            loads,
            node_loads,
            saturated,
            shadow_prices,
            greedy,
            lp: LpSize {
                routes: plan.columns.len(),
                constraints: plan.rows,
                rounds: plan.rounds,
            },
            draws: None,
            design: q.design,
            day: q.filter.day(self),
        })
    }

    /// A place's capacity is a port's or a node's.
    fn capacity_kind(&self, v: usize) -> CapacityKind {
        match self.data.nodes[v].kind {
            NodeKind::Port => CapacityKind::Port,
            _ => CapacityKind::Node,
        }
    }

    /// Every loaded link, busiest first; every place of known capacity that cargo passes,
    /// busiest first; the ids of the full ones, sorted.
    fn load_tables(
        &self,
        cap: &[f64],
        link_load: &[[f64; 2]],
        node_load: &[f64],
    ) -> (Vec<LinkLoad>, Vec<NodeLoad>, Vec<String>) {
        let m = link_load.len();
        let mut loads: Vec<LinkLoad> = (0..m)
            .filter(|&l| link_load[l][0] > EPS || link_load[l][1] > EPS)
            .map(|l| {
                let c = cap[2 * l];
                let peak = link_load[l][0].max(link_load[l][1]);
                LinkLoad {
                    link: self.data.links[l].id.clone(),
                    forward_mtpa: link_load[l][0],
                    backward_mtpa: link_load[l][1],
                    load_mtpa: peak,
                    capacity_mtpa: c.is_finite().then_some(c),
                    utilisation: c.is_finite().then_some(peak / c),
                    saturated: full(peak, c),
                }
            })
            .collect();
        sort_loads(&mut loads);
        let mut node_loads: Vec<NodeLoad> = (0..node_load.len())
            .filter(|&v| cap[2 * m + v].is_finite() && node_load[v] > EPS)
            .map(|v| {
                let c = cap[2 * m + v];
                NodeLoad {
                    node: self.data.nodes[v].id.clone(),
                    kind: self.capacity_kind(v),
                    load_mtpa: node_load[v],
                    capacity_mtpa: c,
                    utilisation: node_load[v] / c,
                    saturated: full(node_load[v], c),
                }
            })
            .collect();
        node_loads.sort_by(|a, b| {
            b.utilisation
                .total_cmp(&a.utilisation)
                .then_with(|| a.node.cmp(&b.node))
        });
        let mut saturated: Vec<String> = loads
            .iter()
            .filter(|l| l.saturated)
            .map(|l| l.link.clone())
            .chain(
                node_loads
                    .iter()
                    .filter(|v| v.saturated)
                    .map(|v| v.node.clone()),
            )
            .collect();
        saturated.sort();
        saturated.dedup();
        (loads, node_loads, saturated)
    }

    /// Every capacity that binds or has a price, with its price (a link's two directions
    /// added: widening a link widens both), largest first, ties by id. `blocking` are the ids
    /// on some unmet flow's cut.
    pub(crate) fn shadow_prices(
        &self,
        cap: &[f64],
        price: &[f64],
        link_load: &[[f64; 2]],
        node_load: &[f64],
        blocking: &[&str],
    ) -> Vec<ShadowPrice> {
        let m = link_load.len();
        let mut out = Vec::new();
        let mut push = |id: &String, kind, price: f64, c: f64, load: f64| {
            if c.is_finite() && (price > PRICE_EPS || full(load, c) && load > EPS) {
                out.push(ShadowPrice {
                    id: id.clone(),
                    kind,
                    // To a millionth of a dollar, beyond which the figure is the solver's.
                    usd_per_t: if price > PRICE_EPS {
                        (price * 1e6).round() / 1e6
                    } else {
                        0.0
                    },
                    capacity_mtpa: c,
                    load_mtpa: load,
                    blocks_unmet: blocking.contains(&id.as_str()),
                });
            }
        };
        for (l, link) in self.data.links.iter().enumerate() {
            let peak = link_load[l][0].max(link_load[l][1]);
            let p = price[2 * l] + price[2 * l + 1];
            push(&link.id, CapacityKind::Link, p, cap[2 * l], peak);
        }
        for (v, node) in self.data.nodes.iter().enumerate() {
            let kind = self.capacity_kind(v);
            push(
                &node.id,
                kind,
                price[2 * m + v],
                cap[2 * m + v],
                node_load[v],
            );
        }
        out.sort_by(|a, b| {
            b.usd_per_t
                .total_cmp(&a.usd_per_t)
                .then_with(|| a.id.cmp(&b.id))
                .then(a.kind.cmp(&b.kind))
        });
        out
    }

    /// The greedy assignment of the same flows, weighed as the optimum is: what it pays plus
    /// the penalty for what it leaves unmet.
    fn versus_greedy(
        &self,
        q: &OptimalQuery,
        flows: &[Flow],
        objective: f64,
    ) -> Result<GreedyBaseline, QueryError> {
        let aq = flows
            .iter()
            .fold(AssignQuery::new(), |aq, f| {
                aq.pair(f.from.clone(), f.to.clone(), f.mtpa)
            })
            .filter(q.filter.clone())
            .design(q.design);
        let a = self.assign(&aq)?;
        let total: f64 = a
            .demands
            .iter()
            .flat_map(|d| &d.paths)
            .map(|p| p.metric_value * p.mtpa * 1e6)
            .fold(0.0, |a, b| a + b);
        let unmet = a.demands.iter().fold(0.0, |u, d| u + d.unserved_mtpa);
        let g = total + unmet * q.penalty * 1e6;
        // Within the solver's tolerance the two are the same assignment.
        let saves = g - objective;
        Ok(GreedyBaseline {
            total_usd_per_year: total,
            unmet_mtpa: unmet,
            objective_usd_per_year: g,
            saves_usd_per_year: if saves.abs() <= 1e-8 * g { 0.0 } else { saves },
        })
    }

    /// The full links and places that separate `from` from `to` once these loads are carried:
    /// of the cut nearest the origin (past the places still reachable through capacity left)
    /// and the one nearest the destination, the one with fewer items, nearest the destination
    /// when they tie.
    pub(crate) fn cut(
        &self,
        view: &crate::engine::View,
        design: bool,
        from: usize,
        to: usize,
        link_load: &[[f64; 2]],
        node_load: &[f64],
    ) -> Vec<CutItem> {
        let left = |load: f64, cap: f64| if full(load, cap) { 0.0 } else { cap - load };
        let residual: Vec<[f64; 2]> = (0..link_load.len())
            .map(|l| {
                let c = self.link_capacity(l, view, design);
                [left(link_load[l][0], c), left(link_load[l][1], c)]
            })
            .collect();
        let mut b = self.flow_network(view, design, &[from], &[to], Some(&residual));
        for (k, role) in b.arc_of.iter() {
            if let ArcRole::Node(v) = role {
                b.net.cap[k] = left(node_load[*v], self.node_capacity(*v, view));
            }
        }
        b.net.max_flow(b.source, b.sink);
        let near_origin = b.net.source_side(b.source);
        let near_destination = b.net.sink_side(b.sink);
        let cut_of = |crosses: &dyn Fn(usize, usize) -> bool| {
            let mut cut: Vec<CutItem> = Vec::new();
            for (k, role) in b.arc_of.iter() {
                if !crosses(b.net.tail(k), b.net.head[k] as usize) {
                    continue;
                }
                let (id, kind, capacity) = match *role {
                    ArcRole::Node(v) => (
                        &self.data.nodes[v].id,
                        CutKind::Node,
                        self.node_capacity(v, view),
                    ),
                    ArcRole::Link { link, .. } => (
                        &self.data.links[link].id,
                        CutKind::Link,
                        self.link_capacity(link, view, design),
                    ),
                };
                if !cut.iter().any(|c| &c.id == id && c.kind == kind) {
                    cut.push(CutItem {
                        id: id.clone(),
                        kind,
                        capacity_mtpa: capacity,
                    });
                }
            }
            cut
        };
        let a = cut_of(&|u, v| near_origin[u] && !near_origin[v]);
        let z = cut_of(&|u, v| !near_destination[u] && near_destination[v]);
        let mut cut = if a.len() < z.len() { a } else { z };
        cut.sort_by(|a, b| a.id.cmp(&b.id).then(a.kind.cmp(&b.kind)));
        cut
    }
}

/// Flows with the same ends as one commodity: their cargo is interchangeable, so it is solved
/// once and shared by volume. Returns the commodities, and each flow's.
fn commodities(flows: &[Flow]) -> (Vec<Flow>, Vec<usize>) {
    let mut pairs: Vec<Flow> = Vec::new();
    let mut pair_of = Vec::with_capacity(flows.len());
    let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for f in flows {
        let i = *seen.entry((f.a, f.b)).or_insert_with(|| {
            pairs.push(Flow {
                mtpa: 0.0,
                ..f.clone()
            });
            pairs.len() - 1
        });
        pairs[i].mtpa += f.mtpa;
        pair_of.push(i);
    }
    (pairs, pair_of)
}

/// Whether a load fills a capacity, within the solver's tolerance.
pub(crate) fn full(load: f64, cap: f64) -> bool {
    cap.is_finite() && load >= cap - 1e-7 * cap.max(1.0)
}
