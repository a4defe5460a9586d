//! What a disruption breaks: the links it closes or shrinks, the routes of cargo before and
//! after, what is cut off and by which links, and capacity before and after.

mod draws;

use serde::{Deserialize, Serialize};

pub use draws::{DisruptionDraws, FlowDisruptionDraws, MAX_DISRUPTION_DRAWS};

use crate::analysis::capacity::CapacityQuery;
use crate::analysis::draws::Sampler;
use crate::analysis::route::{Route, RouteAnswer, RouteQuery};
use crate::analysis::{Filter, Flows, Regions, Watch, flow_builders};
use crate::engine::{EPS, FlowNet, View, merged_effects};
use crate::error::QueryError;
use crate::model::{LinkEffect, Metric, Mode, Scenario, Status};
use crate::network::Network;

/// A disruption question: one or more scenarios, applied together, against the cargo of the
/// file (or given pairs).
///
/// # Example
/// ```
/// use corridors::{DisruptionQuery, Network};
/// let net = Network::trans_afghan();
/// let r = net.disruption(&DisruptionQuery::new().scenario("pak-afghan-closure-2025")).unwrap();
/// assert!(r.disrupted_links.contains(&"torkham-af-torkham-pk-road".to_string()));
/// let kabul = r.affected.iter().find(|a| a.from == "kabul").unwrap();
/// assert!(!kabul.cut_off); // Kabul's cargo reroutes through Iran
/// assert!(kabul.extra_usd_per_t.unwrap() > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisruptionQuery {
    scenarios: Vec<String>,
    custom: Vec<Scenario>,
    base: Filter,
    pairs: Flows,
    metric: Metric,
    regions: Option<Regions>,
    capacity_modes: Option<Vec<Mode>>,
    #[serde(flatten)]
    sampler: Sampler,
    #[serde(skip)]
    watch: Watch,
}

flow_builders!(DisruptionQuery);

impl DisruptionQuery {
    /// No scenario yet, the file's demands, cost metric, today's network.
    pub fn new() -> DisruptionQuery {
        DisruptionQuery {
            scenarios: Vec::new(),
            custom: Vec::new(),
            base: Filter::new(),
            pairs: Flows::default(),
            metric: Metric::Cost,
            regions: None,
            capacity_modes: None,
            sampler: Sampler::default(),
            watch: Watch::default(),
        }
    }

    /// Applies a scenario of the file (call again to combine several).
    pub fn scenario(mut self, id: impl Into<String>) -> DisruptionQuery {
        self.scenarios.push(id.into());
        self
    }

    /// Applies a scenario built in code.
    pub fn with_scenario(mut self, scenario: Scenario) -> DisruptionQuery {
        self.custom.push(scenario);
        self
    }

    /// The network before the disruption (default: today's).
    pub fn base(mut self, filter: Filter) -> DisruptionQuery {
        self.base = filter;
        self
    }

    /// Measures capacity before and after between these groups (default: the origins and
    /// destinations of the flows that end at a port, or of every flow when none does).
    pub fn regions<S: Into<String>>(
        mut self,
        from: impl IntoIterator<Item = S>,
        to: impl IntoIterator<Item = S>,
    ) -> DisruptionQuery {
        self.regions = Some(Regions {
            origins: from.into_iter().map(Into::into).collect(),
            destinations: to.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// The modes the capacity measure counts (default: rail and sea, since road capacities
    /// are not published and would make every answer unbounded).
    pub fn capacity_modes(mut self, modes: impl IntoIterator<Item = Mode>) -> DisruptionQuery {
        self.capacity_modes = Some(modes.into_iter().collect());
        self
    }
}

crate::analysis::draw_builders! {
    DisruptionQuery,
    /// Also answers again in `n` draws of every uncertain figure (rates, speeds, crossing
    /// times, capacities, the file's demand volumes; lengths held), each on a network rebuilt
    /// with the draw's figures: [`DisruptionReport::draws`] then says how often each flow is
    /// rerouted or cut off and the spread of its detour's cost, of the total and of capacity
    /// before and after. At most [`MAX_DISRUPTION_DRAWS`].
    ///
    /// # Example
    /// ```
    /// use corridors::{DisruptionQuery, Network};
    /// let net = Network::trans_afghan();
    /// let q = DisruptionQuery::new().scenario("pak-afghan-closure-2025").draws(20);
    /// let d = net.disruption(&q).unwrap().draws.unwrap();
    /// let kabul = d.flows.iter().find(|f| f.from == "kabul" && f.to == "karachi").unwrap();
    /// assert_eq!(kabul.chance_affected, 1.0);
    /// let [low, _, high] = kabul.extra_usd_per_t.unwrap();
    /// assert!(0.0 < low && low <= high);
    /// ```
}

crate::analysis::progress_builder! {
    DisruptionQuery,
    /// Reports the draws to `progress` as they are answered (`disruption draws`), and stops
    /// with [`QueryError::Cancelled`] when it is cancelled.
}

/// A link whose capacity a scenario shrinks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReducedLink {
    /// The link id.
    pub link: String,
    /// The share of capacity left.
    pub factor: f64,
}

/// One link a scenario touches, with its status and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisruptedLink {
    /// What the scenario does to it.
    #[serde(flatten)]
    pub effect: LinkEffect,
    /// The link's status (a scenario may close a line not yet built).
    pub status: Status,
}

/// The fate of one cargo flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Affected {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Mt/yr.
    pub mtpa: f64,
    /// The route before.
    pub before: RouteAnswer,
    /// The route after.
    pub after: RouteAnswer,
    /// Whether a route existed before and none after.
    pub cut_off: bool,
    /// For a cut-off flow: the fewest closed links that, reopened, would reconnect it.
    pub cut_by: Vec<String>,
    /// Extra km of the detour.
    pub extra_km: Option<f64>,
    /// Extra days of the detour.
    pub extra_days: Option<f64>,
    /// Extra USD per tonne of the detour.
    pub extra_usd_per_t: Option<f64>,
    /// Extra USD a year for the whole flow (extra USD/t × Mt/yr × 10⁶).
    pub extra_usd_per_year: Option<f64>,
}

/// The answer to a [`DisruptionQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisruptionReport {
    /// The day looked at and the file's events applied before the disruption (`date`, `events`, `unconfirmed` in
    /// JSON).
    #[serde(flatten)]
    pub day: crate::analysis::Day,

    /// The scenario ids joined by `+`.
    pub id: String,
    /// The scenarios' names.
    pub names: Vec<String>,
    /// Every link the scenarios close, whatever its status, in file order.
    pub disrupted_links: Vec<String>,
    /// Links whose capacity shrinks.
    pub reduced_links: Vec<ReducedLink>,
    /// Every link touched, with the rule that hit it and its status.
    pub links: Vec<DisruptedLink>,
    /// Flows whose route changes, or that are cut off.
    pub affected: Vec<Affected>,
    /// Flows whose route and cost stay the same (`from → to`).
    pub unaffected: Vec<String>,
    /// Flows with no route before the scenarios nor after them (`from → to`; absent from JSON
    /// when none): not unaffected, since there was nothing to affect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_route: Vec<String>,
    /// The groups capacity is measured between.
    pub regions: Regions,
    /// Maximum flow between the regions before, Mt/yr (`None`: unbounded by published figures).
    pub capacity_before_mtpa: Option<f64>,
    /// Maximum flow after.
    pub capacity_after_mtpa: Option<f64>,
    /// With draws: how often each flow is rerouted or cut off and the spread of what the
    /// detour costs, in total and for capacity (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<DisruptionDraws>,
}

impl Network {
    /// The scenarios of a query, resolved: the file's by id, then those built in code, each
    /// checked by the scenario rules.
    pub(crate) fn resolve_scenarios(
        &self,
        ids: &[String],
        custom: &[Scenario],
    ) -> Result<Vec<Scenario>, QueryError> {
        let mut out = Vec::new();
        for id in ids {
            out.push(self.resolve_scenario(id)?.clone());
        }
        for sc in custom {
            sc.check(self)?;
            out.push(sc.clone());
        }
        Ok(out)
    }

    /// What one or more scenarios break: closed and shrunk links, the routes of the demands
    /// before and after, what is cut off and by which links, and capacity before and after.
    ///
    /// Scenarios apply through the search graph's views: nothing is rebuilt.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown scenario, node or other id;
    /// [`QueryError::Empty`] when no scenario is given.
    ///
    /// # Complexity
    /// Two route searches per demand, a small max-flow per cut-off demand and two capacity
    /// computations.
    pub fn disruption(&self, q: &DisruptionQuery) -> Result<DisruptionReport, QueryError> {
        if q.scenarios.is_empty() && q.custom.is_empty() {
            return Err(QueryError::Empty { what: "scenario" });
        }
        if q.sampler.n > 0 {
            QueryError::cap(
                "disruption draws",
                q.sampler.n,
                MAX_DISRUPTION_DRAWS,
                "each draw routes every flow twice and measures capacity twice on a network rebuilt with the draw's figures",
            )?;
            let mut once = q.clone();
            once.sampler.n = 0;
            once.watch = Watch::default();
            let (mut report, _) = self.disrupted(&once)?;
            report.draws = Some(self.disruption_draws(q, &once)?);
            return Ok(report);
        }
        Ok(self.disrupted(q)?.0)
    }

    /// The answer to `q` (its draws aside), and for each of its flows in order whether the
    /// disruption changes its route or cost (then it is in the report's `affected`, in order),
    /// or `None` when it has a route neither before nor after.
    fn disrupted(
        &self,
        q: &DisruptionQuery,
    ) -> Result<(DisruptionReport, Vec<Option<bool>>), QueryError> {
        let scenarios = self.resolve_scenarios(&q.scenarios, &q.custom)?;
        let metric = q.metric;
        let flows = q.pairs.resolve(self)?;
        // The network before: the base, less the disruption's own events if they are in
        // force that day (else before and after would be the same).
        let base = scenarios
            .iter()
            .filter(|sc| self.scenario(&sc.id).is_some_and(|e| e.is_event()))
            .fold(q.base.clone(), |f, sc| f.except_event(sc.id.clone()));
        let mut after_filter = base.clone();
        for sc in &scenarios {
            after_filter = after_filter.with_scenario(sc.clone());
        }

        // Which links the scenarios touch, merged in file order.
        let merged = merged_effects(&self.data, &scenarios);
        let links: Vec<DisruptedLink> = merged
            .into_iter()
            .map(|e| DisruptedLink {
                status: self.data.links[e.link].status,
                effect: e,
            })
            .collect();
        let disrupted_links = links
            .iter()
            .filter(|d| d.effect.closed)
            .map(|d| d.effect.link_id.clone())
            .collect();
        let reduced_links = links
            .iter()
            .filter(|d| d.effect.factor < 1.0)
            .map(|d| ReducedLink {
                link: d.effect.link_id.clone(),
                factor: d.effect.factor,
            })
            .collect();

        let before_view = base.view(self)?;
        let after_view = after_filter.view(self)?;
        let mut affected = Vec::new();
        let mut unaffected = Vec::new();
        let mut no_route = Vec::new();
        let mut changed = Vec::with_capacity(flows.len());
        for flow in &flows {
            let (from, to, mtpa) = (&flow.from, &flow.to, &flow.mtpa);
            let rq = RouteQuery::new(from.clone(), to.clone()).metric(metric);
            let before = self.route(&rq.clone().filter(base.clone()))?;
            let after = self.route(&rq.filter(after_filter.clone()))?;
            let same = match (&before.route, &after.route) {
                (Some(b), Some(a)) => {
                    b.legs == a.legs && b.usd_per_t == a.usd_per_t && b.hours == a.hours
                }
                (None, None) => true,
                _ => false,
            };
            let routed = before.route.is_some() || after.route.is_some();
            changed.push(routed.then_some(!same));
            if !routed {
                no_route.push(flow.label());
                continue;
            }
            if same {
                unaffected.push(flow.label());
                continue;
            }
            let cut_off = before.route.is_some() && after.route.is_none();
            let cut_by = if cut_off {
                self.cut_by(&before_view, &after_view, flow.a, flow.b)
            } else {
                Vec::new()
            };
            let diff = |f: fn(&Route) -> f64| match (&before.route, &after.route) {
                (Some(b), Some(a)) => Some(f(a) - f(b)),
                _ => None,
            };
            let extra_usd_per_t = diff(|r| r.usd_per_t);
            affected.push(Affected {
                from: from.clone(),
                to: to.clone(),
                mtpa: *mtpa,
                extra_km: diff(|r| r.distance_km),
                extra_days: diff(|r| r.days),
                extra_usd_per_year: extra_usd_per_t.map(|u| u * mtpa * 1e6),
                extra_usd_per_t,
                cut_off,
                cut_by,
                before,
                after,
            });
        }

        let regions = q
            .regions
            .clone()
            .unwrap_or_else(|| Regions::to_sea(self, &flows));
        let modes = q
            .capacity_modes
            .clone()
            .unwrap_or(vec![Mode::Rail, Mode::Sea]);
        let with_modes = |f: Filter| modes.iter().fold(f, |f, m| f.mode(*m));
        let (capacity_before_mtpa, capacity_after_mtpa) =
            if regions.origins.is_empty() || regions.destinations.is_empty() {
                (None, None)
            } else {
                let cq = |f: Filter| {
                    CapacityQuery::new(regions.origins.clone(), regions.destinations.clone())
                        .filter(with_modes(f))
                };
                (
                    self.capacity(&cq(base.clone()))?.max_flow_mtpa,
                    self.capacity(&cq(after_filter.clone()))?.max_flow_mtpa,
                )
            };

        let report = DisruptionReport {
            day: base.day(self),
            id: scenarios
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join("+"),
            names: scenarios.iter().map(|s| s.name.clone()).collect(),
            disrupted_links,
            reduced_links,
            links,
            affected,
            unaffected,
            no_route,
            regions,
            capacity_before_mtpa,
            capacity_after_mtpa,
            draws: None,
        };
        Ok((report, changed))
    }

    /// The fewest links closed by the disruption that separate `from` from `to`: a minimum
    /// cut where those links count 1 and links still open cannot be cut.
    pub(crate) fn cut_by(
        &self,
        before: &View,
        after: &View,
        from: usize,
        to: usize,
    ) -> Vec<String> {
        let n = self.data.nodes.len();
        let mut f = FlowNet::new(n);
        let mut role = Vec::new();
        for (i, l) in self.data.links.iter().enumerate() {
            let cap = if after.open[i] {
                f64::INFINITY
            } else if before.open[i] {
                1.0
            } else {
                continue;
            };
            let (a, b) = self.data.ends[i];
            let k = f.add(a, b, cap);
            role.push((k, i));
            if !l.oneway {
                let k = f.add(b, a, cap);
                role.push((k, i));
            }
        }
        if f.infinite_path(from, to).is_some() {
            return Vec::new();
        }
        f.max_flow(from, to);
        let side = f.source_side(from);
        let mut out: Vec<String> = role
            .iter()
            .filter(|&&(k, _)| side[f.tail(k)] && !side[f.head[k] as usize] && f.cap[k] > EPS)
            .map(|&(_, i)| self.data.links[i].id.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
