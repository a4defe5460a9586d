//! Column generation: the routes the linear program weighs, found by the route search itself.
//!
//! The master program holds, per flow, the routes found so far and a slack for what is not
//! carried; its duals price each capacity. A route search whose arcs also pay those prices
//! then finds, per flow, the route that would lower the total most; when no flow has one
//! cheaper than what its last tonne costs now, the master's optimum is the optimum over every
//! route, and its duals are the shadow prices.

use rayon::prelude::*;

use super::lp::Lp;
use crate::analysis::Flow;
use crate::engine::{Arc, START, Step, View, Weights, walk};
use crate::error::QueryError;
use crate::model::Metric;
use crate::network::Network;

/// The most routes the optimal assignment's linear program may weigh (its columns, one per
/// route a flow may take; a flow has at least one). Each needs a route search per round and a
/// column in every solve: this bounds both the time and the memory of one query.
pub const MAX_ROUTES: usize = 20_000;

/// The most rounds of pricing (a route search per flow and a solve): each round adds a route,
/// and a few dozen rounds are usual.
pub(crate) const MAX_ROUNDS: usize = 2_000;

/// A route priced this much (USD/t) below what its flow's last tonne costs enters the program;
/// a smaller gain is the solver's rounding, not a better route.
const GAIN_USD_PER_T: f64 = 1e-6;

/// The solver's tolerance while routes are still being found: the prices only steer the next
/// searches.
const LOOSE: f64 = 1e-8;

/// The solver's tolerance for the answer: loads good to a tonne a year, prices to a fraction
/// of a cent per tonne. These programs reach it in a dozen or two iterations.
const TIGHT: f64 = 1e-12;

/// One route of one flow: a column of the master program.
#[derive(Debug)]
pub(super) struct Column {
    /// The flow's index.
    pub flow: usize,
    /// The route.
    pub steps: Vec<Step>,
    /// What a tonne pays along it, transfers and crossings included.
    pub usd_per_t: f64,
    /// The capacities it uses, by number (see [`Problem::cap`]), with how many times; sorted.
    pub uses: Vec<(u32, f64)>,
}

/// The optimal assignment's program, before it is solved.
pub(crate) struct Problem<'a> {
    pub net: &'a Network,
    pub view: &'a View,
    /// The cost weights under the view.
    pub w: &'a Weights,
    pub flows: &'a [Flow],
    /// Per capacity, Mt/yr (`INFINITY` when none is known): link `l` forwards is `2l`,
    /// backwards `2l + 1`, then node `v` is `2m + v` for `m` links.
    pub cap: &'a [f64],
    /// USD per tonne a flow pays for each tonne it leaves unmet.
    pub penalty: f64,
}

/// The solved program.
#[derive(Debug)]
pub(super) struct Plan {
    /// Every route weighed.
    pub columns: Vec<Column>,
    /// Per column: Mt/yr carried along it.
    pub mtpa: Vec<f64>,
    /// Per capacity: USD a year saved per tonne a year more of it (zero where none binds).
    pub price: Vec<f64>,
    /// Per flow: the USD/t of its cheapest route with no capacity in the way; `None` when no
    /// route joins its ends.
    pub cheapest: Vec<Option<f64>>,
    /// Capacity rows in the last solve.
    pub rows: usize,
    /// Rounds of pricing.
    pub rounds: usize,
}

impl Problem<'_> {
    fn links(&self) -> usize {
        self.net.data.links.len()
    }

    /// Solves the program by column generation.
    ///
    /// # Errors
    /// [`QueryError::OptimalTooLarge`] past [`MAX_ROUTES`] or [`MAX_ROUNDS`];
    /// [`QueryError::Solver`] when the solver stops short of an optimum.
    pub(super) fn solve(&self) -> Result<Plan, QueryError> {
        let k = self.flows.len();
        if k > MAX_ROUTES {
            return Err(QueryError::OptimalTooLarge {
                what: "routes",
                size: k,
                max: MAX_ROUTES,
            });
        }
        let mut plan = Plan {
            columns: Vec::new(),
            mtpa: Vec::new(),
            price: vec![0.0; self.cap.len()],
            cheapest: vec![None; k],
            rows: 0,
            rounds: 0,
        };
        let mut by_flow: Vec<Vec<usize>> = vec![Vec::new(); k];
        // What the last tonne of each flow costs: with no route yet, its penalty.
        let mut sigma = vec![self.penalty; k];
        let mut rows = vec![false; self.cap.len()];
        // Whether the prices are from a tight solve: rounds solve loosely until no route is
        // found, then once tightly to confirm (or find more).
        let mut tight = false;
        loop {
            plan.rounds += 1;
            if plan.rounds > MAX_ROUNDS {
                return Err(QueryError::OptimalTooLarge {
                    what: "rounds of pricing",
                    size: plan.rounds,
                    max: MAX_ROUNDS,
                });
            }
            // A flow whose last tonne costs no more than its cheapest route can gain nothing:
            // prices only add to what a route costs. Nor can one with no route at all.
            let wanted: Vec<bool> = (0..k)
                .map(|f| {
                    plan.rounds == 1
                        || plan.cheapest[f].is_some_and(|c| c < sigma[f] - GAIN_USD_PER_T)
                })
                .collect();
            let found = self.price(&plan.price, &wanted);
            let mut added = false;
            for (f, found) in found.into_iter().enumerate() {
                let Some((steps, usd, priced)) = found else {
                    continue;
                };
                if plan.rounds == 1 {
                    plan.cheapest[f] = Some(usd);
                }
                let new = !by_flow[f].iter().any(|&j| plan.columns[j].steps == steps);
                if new && usd < self.penalty && priced < sigma[f] - GAIN_USD_PER_T {
                    by_flow[f].push(plan.columns.len());
                    let uses = self.uses(self.flows[f].a, &steps);
                    plan.columns.push(Column {
                        flow: f,
                        steps,
                        usd_per_t: usd,
                        uses,
                    });
                    added = true;
                }
            }
            if !added && (tight || plan.columns.is_empty()) {
                return Ok(plan);
            }
            if plan.columns.len() > MAX_ROUTES {
                return Err(QueryError::OptimalTooLarge {
                    what: "routes",
                    size: plan.columns.len(),
                    max: MAX_ROUTES,
                });
            }
            tight = !added;
            self.master(&mut plan, &mut sigma, &mut rows, tight)?;
        }
    }

    /// Per flow `wanted`, the route that pays least with every capacity priced: (steps, USD/t,
    /// USD/t with the prices).
    #[allow(clippy::type_complexity)]
    pub(crate) fn price(
        &self,
        price: &[f64],
        wanted: &[bool],
    ) -> Vec<Option<(Vec<Step>, f64, f64)>> {
        let net = self.net;
        let g = net.graph();
        let m = self.links();
        let priced = if price.iter().any(|&p| p > 0.0) {
            let mut pw = self.w.clone();
            if pw.back.is_empty() {
                pw.back = pw.link.clone();
            }
            for (l, &(a, b)) in net.data.ends.iter().enumerate() {
                pw.link[l] += price[2 * l] + price[2 * m + b];
                pw.back[l] += price[2 * l + 1] + price[2 * m + a];
            }
            Some(pw)
        } else {
            None
        };
        let pw = priced.as_ref().unwrap_or(self.w);
        // Prices only add weight, so the landmark bounds of cost stay admissible.
        let lm = net.landmarks(Metric::Cost);
        let view = self.view;
        self.flows
            .par_iter()
            .zip(wanted)
            .map_init(
                || net.dijkstra(),
                |d, (f, &wanted)| {
                    if !wanted {
                        return None;
                    }
                    // The flow's own view: its cargo kept out of what the bans forbid.
                    let fv = view.for_flow(&net.data, f.a, f.b);
                    let open = |_: usize, a: &Arc| fv.open[a.link as usize];
                    let src = [(d.state(f.a, START), 0.0)];
                    let end = d.run(g, pw, &src, Some(f.b), open, |v| lm.bound(v, f.b))?;
                    let steps = d.path(end).0;
                    let usd = walk(g, self.w, &steps).0;
                    let with_prices = walk(g, pw, &steps).0 + price[2 * m + f.a];
                    Some((steps, usd, with_prices))
                },
            )
            .collect()
    }

    /// The capacities a route from `origin` uses, with how many times: its origin's
    /// throughput, then each link's direction and each place it enters. Only known capacities.
    pub(crate) fn uses(&self, origin: usize, steps: &[Step]) -> Vec<(u32, f64)> {
        let m = self.links();
        let ends = &self.net.data.ends;
        let mut all: Vec<u32> = Vec::with_capacity(2 * steps.len() + 1);
        all.push((2 * m + origin) as u32);
        for s in steps {
            let l = s.link as usize;
            let dir = usize::from(ends[l].0 != s.from as usize);
            all.push((2 * l + dir) as u32);
            all.push((2 * m + s.to as usize) as u32);
        }
        all.retain(|&e| self.cap[e as usize].is_finite());
        all.sort_unstable();
        let mut out: Vec<(u32, f64)> = Vec::with_capacity(all.len());
        for e in all {
            match out.last_mut() {
                Some((last, n)) if *last == e => *n += 1.0,
                _ => out.push((e, 1.0)),
            }
        }
        out
    }

    /// Solves the master program over the routes found so far, scaled so that its numbers are
    /// of order one (volumes by the largest flow, costs by the dearest flow's cheapest route),
    /// and reads back each route's Mt/yr, each flow's last-tonne cost and each capacity's
    /// price. Costs are not scaled by the penalty: the prices of capacities that save little
    /// would then be tiny numbers, and an interior point leaves a capacity slack in inverse
    /// proportion to its price.
    ///
    /// A capacity gets a row once the routes break it (`rows`, kept from round to round, less
    /// those far from binding): a solve that breaks none of the capacities left out is
    /// optimal with them, at a price of zero. `tight` solves to the answer's tolerance.
    fn master(
        &self,
        plan: &mut Plan,
        sigma: &mut [f64],
        rows: &mut [bool],
        tight: bool,
    ) -> Result<(), QueryError> {
        let tolerance = if tight { TIGHT } else { LOOSE };
        let k = self.flows.len();
        let scale = self.flows.iter().map(|f| f.mtpa).fold(0.0, f64::max);
        let usd = plan
            .cheapest
            .iter()
            .flatten()
            .fold(1.0, |a: f64, &b| a.max(b));
        // A capacity no mix of these routes can fill is never a row: the most it could carry
        // is each flow's volume times the most times one of its routes uses it.
        let mut most = vec![0.0f64; self.cap.len()];
        let mut most_of_flow: Vec<(u32, f64)> = Vec::new();
        for f in 0..k {
            most_of_flow.clear();
            for c in plan.columns.iter().filter(|c| c.flow == f) {
                most_of_flow.extend_from_slice(&c.uses);
            }
            most_of_flow.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            most_of_flow.dedup_by_key(|u| u.0);
            for &(e, n) in &most_of_flow {
                most[e as usize] += n * self.flows[f].mtpa;
            }
        }
        let could_break: Vec<usize> = (0..self.cap.len())
            .filter(|&e| self.cap[e] < most[e])
            .collect();
        loop {
            let mut row_of = vec![u32::MAX; self.cap.len()];
            let elements: Vec<usize> = could_break.iter().copied().filter(|&e| rows[e]).collect();
            for (r, &e) in elements.iter().enumerate() {
                row_of[e] = (k + r) as u32;
            }
            let mut lp = Lp {
                equalities: k,
                ..Lp::default()
            };
            lp.rhs = self.flows.iter().map(|f| f.mtpa / scale).collect();
            lp.rhs.extend(elements.iter().map(|&e| self.cap[e] / scale));
            for c in &plan.columns {
                lp.cost.push(c.usd_per_t / usd);
                let mut col = vec![(c.flow, 1.0)];
                col.extend(
                    c.uses
                        .iter()
                        .filter(|(e, _)| row_of[*e as usize] != u32::MAX)
                        .map(|&(e, n)| (row_of[e as usize] as usize, n)),
                );
                lp.column.push(col);
            }
            for f in 0..k {
                lp.cost.push(self.penalty / usd);
                lp.column.push(vec![(f, 1.0)]);
            }
            let o = lp
                .solve(tolerance)
                .map_err(|status| QueryError::Solver { status })?;
            let x: Vec<f64> = o.x[..plan.columns.len()]
                .iter()
                .map(|x| x * scale)
                .collect();
            let mut load = vec![0.0f64; self.cap.len()];
            for (c, &x) in plan.columns.iter().zip(&x) {
                for &(e, n) in &c.uses {
                    load[e as usize] += n * x;
                }
            }
            let mut broken = false;
            for &e in &could_break {
                if !rows[e] && load[e] > self.cap[e] * (1.0 + 1e-9) + 1e-9 * scale {
                    rows[e] = true;
                    broken = true;
                }
            }
            if broken {
                continue;
            }
            plan.mtpa = x;
            for (s, m) in sigma.iter_mut().zip(&o.marginal[..k]) {
                *s = m * usd;
            }
            plan.price.iter_mut().for_each(|p| *p = 0.0);
            for (r, &e) in elements.iter().enumerate() {
                // A price of a ten-millionth of a dollar is the solver's rounding of none.
                let p = -o.marginal[k + r] * usd;
                plan.price[e] = if p > 1e-7 { p } else { 0.0 };
            }
            plan.rows = elements.len();
            // While routes are still being found, a row far from binding (priced at nothing,
            // loaded under 90 %) leaves the next programs, whose cost grows with their rows:
            // routes that break it bring it back.
            if !tight {
                for &e in &elements {
                    if plan.price[e] == 0.0 && load[e] < self.cap[e] * 0.9 {
                        rows[e] = false;
                    }
                }
            }
            return Ok(());
        }
    }
}
