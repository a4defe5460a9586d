//! The split within capacity: the path-size logit of the module above, with every link, place
//! and port capacity binding, as a convex program solved by the optimal assignment's solver.
//!
//! # The program
//! Over each flow's routes `r` (Mt/yr `x_r`) and its cargo left unmet `u`:
//!
//! ```text
//! minimise  Σ_r x_r (c_r − ln PS_r / β) + Σ_r x_r ln(x_r / D) / β + P u      (each flow)
//! subject to  Σ_r x_r + u = D  (each flow),   the loads ≤ every capacity,   x, u ≥ 0
//! ```
//!
//! with `β = θ / c*` the flow's scale (as the split without capacity), `D` its Mt/yr and `P`
//! the optimal assignment's penalty for unmet cargo. Where no capacity binds its optimum is
//! the logit itself: `x_r ∝ PS_r exp(−β c_r)`. Where some bind, with `μ` their prices (the
//! duals of their rows), it is the logit of the priced costs, `x_r ∝ PS_r exp(−β (c_r + Σ μ))`
//! summed over the capacities the route uses: cargo is priced off a full line onto the routes
//! next best, and each full capacity's price is what one more tonne a year of it would save
//! (in perceived cost). Cargo is left unmet only when the priced routes cost more than `P`:
//! when capacity, not price, stops it. As `θ` grows the program tends to the optimal
//! assignment's linear program; the entropy term is held by one exponential cone per route.
//!
//! # The routes
//! Each flow starts with its `k` cheapest routes (those of the split without capacity), and
//! then, as the optimal assignment does, takes the route cheapest at the prices (a route search
//! whose arcs pay them) whenever that route is not yet among its own: the choice set of every
//! flow holds its cheapest route at the final prices. A flow holds at most
//! [`MAX_SPLIT_ROUTES`] routes. The order routes are taken in depends on the prices met on the
//! way, so the choice set (and, a little, the answer) is the rounds', not the only one that
//! would satisfy that rule; it is the same for the same input.
//!
//! # Solving
//! Rounds solve loosely (1e-8) while routes are still being taken, then once tightly (1e-12)
//! to confirm. A capacity gets a row only once the routes break it, starting with those the
//! split without capacity breaks: an optimum that breaks none of those left out is the optimum
//! with them. If the interior point stalls on a program with only some rows it is solved again
//! with every row it can break. The solver's shares are good to about a millionth (an entropy
//! is flat at its optimum), so a flow that meets no full capacity gets its shares from the
//! logit's formula instead, exactly the split's.
//!
//! # What a project is worth
//! [`Candidates::gain_within`] values a change as the fall in the program's optimum (its
//! welfare: each flow's logsum times its tonnes where nothing binds), the network before and
//! after weighed on the same routes (see there).

use super::{Candidates, MAX_SPLIT_ROUTES, SpreadGain, logit, path_sizes, route_links, scale};
use crate::analysis::Flow;
use crate::analysis::optimal::{Lp, MAX_ROUNDS, Problem, UNMET_USD_PER_T};
use crate::engine::{Step, View, Weights};
use crate::error::QueryError;
use crate::model::Metric;
use crate::network::Network;
use crate::util::progress::{Meter, Progress};

/// The solver's tolerance for the answer: shares good to about a millionth, prices to well
/// under a cent.
const TIGHT: f64 = 1e-12;

/// The solver's tolerance while routes are still being taken: the prices only steer the next
/// searches.
const LOOSE: f64 = 1e-8;

/// A price, USD/t, below this is the solver's rounding of none.
const PRICE_EPS: f64 = 1e-7;

/// One route of a flow within capacity.
pub(super) struct Chosen {
    pub steps: Vec<Step>,
    /// USD/t along it.
    pub value: f64,
    /// Its path size among the flow's routes.
    pub path_size: f64,
    /// The fraction of the flow it carries.
    pub share: f64,
    /// USD/t along it plus the prices of the capacities it uses.
    pub priced: f64,
}

/// The solved split within capacity.
pub(crate) struct Within {
    /// Per flow, its routes (cheapest first, as they were found).
    pub routes: Vec<Vec<Chosen>>,
    /// Per flow, Mt/yr left unmet.
    pub unmet: Vec<f64>,
    /// Per capacity (link `l` forwards `2l`, backwards `2l + 1`, then node `v` at `2m + v`),
    /// its price, USD/t.
    pub price: Vec<f64>,
    /// Per capacity, Mt/yr (`INFINITY` where none is known).
    pub cap: Vec<f64>,
    /// Routes taken beyond each flow's cheapest few.
    pub added: usize,
    /// Solves.
    pub rounds: usize,
    /// The program's optimum, USD a year: what the flows' choice is worth, in the logit's
    /// perceived cost (each flow's logsum times its tonnes where no capacity binds), with
    /// unmet cargo at its penalty.
    pub welfare: f64,
}

/// How to solve: the spread, whether flows take routes at the prices, what else counts in the
/// path sizes, and who watches.
pub(super) struct Setting<'a> {
    /// The spread, above 0.
    pub theta: f64,
    /// Whether each flow takes the route cheapest at the prices when it is not yet its own
    /// (off: the routes given are the choice).
    pub grow: bool,
    /// Per flow, routes (as links) that count in its routes' path sizes though they are not
    /// its to take: a project's valuation weighs the network before it against the routes
    /// after.
    pub context: Option<&'a [Vec<Vec<u32>>]>,
    /// Told after each round how many flows hold their cheapest route at the prices.
    pub watch: Option<&'a Progress>,
}

/// Solves the split within capacity of `flows` as `setting` says on `view` with cost weights
/// `w`, starting from each flow's `sets` (steps and USD/t, cheapest first: the first sets the
/// flow's scale; empty for a flow without a route, which takes no part).
///
/// # Errors
/// [`QueryError::SplitTooLarge`] past [`MAX_ROUNDS`] rounds; [`QueryError::SplitSolver`] if the
/// solver fails; [`QueryError::Cancelled`] when `watch` says stop.
pub(super) fn within(
    net: &Network,
    view: &View,
    w: &Weights,
    flows: &[Flow],
    mut sets: Vec<Vec<(Vec<Step>, f64)>>,
    setting: &Setting<'_>,
) -> Result<Within, QueryError> {
    let (m, n) = (net.data.links.len(), net.data.nodes.len());
    let mut cap = Vec::with_capacity(2 * m + n);
    for l in 0..m {
        let c = net.link_capacity(l, view, false);
        cap.extend([c, c]);
    }
    cap.extend((0..n).map(|v| net.node_capacity(v, view)));
    let problem = Problem {
        net,
        view,
        w,
        flows,
        cap: &cap,
        penalty: UNMET_USD_PER_T,
    };
    // Each flow's scale is set by its cheapest route with no capacity in the way, which stays
    // first: the routes taken later cost more.
    let betas: Vec<f64> = sets
        .iter()
        .map(|s| s.first().map_or(0.0, |r| scale(setting.theta, r.1)))
        .collect();
    let km = |l: u32| net.data.links[l as usize].length_km;
    // Each route's path size among the flow's routes and those the setting adds.
    let sizes = |f: usize, s: &[(Vec<Step>, f64)]| -> Vec<f64> {
        let mut all = links(s);
        let own = all.len();
        for r in setting.context.map_or(&[][..], |c| &c[f][..]) {
            if !all.iter().any(|a| &a.0 == r) {
                all.push((r.clone(), 0.0));
            }
        }
        let mut ps = path_sizes(&all, km);
        ps.truncate(own);
        ps
    };
    let mut rounds = 0;
    let mut added = 0;
    // Rounds solve loosely until no flow takes a route, then once tightly to confirm (or take
    // more); routes that are not taken need only the tight solve.
    let mut tight = !setting.grow;
    // Each route's capacities, kept as the routes are taken (a flow's routes only grow).
    let mut uses: Vec<Vec<Vec<(u32, f64)>>> = sets
        .iter()
        .zip(flows)
        .map(|(s, f)| s.iter().map(|r| problem.uses(f.a, &r.0)).collect())
        .collect();
    // The first program's rows: the capacities the split without capacity breaks.
    let mut rows = vec![false; cap.len()];
    let mut load = vec![0.0f64; cap.len()];
    for (i, ((s, f), beta)) in sets.iter().zip(flows).zip(&betas).enumerate() {
        if s.is_empty() {
            continue;
        }
        let shares = logit(&links(s), &sizes(i, s), *beta).shares;
        for (u, share) in uses[i].iter().zip(shares) {
            for &(e, k) in u {
                load[e as usize] += k * share * f.mtpa;
            }
        }
    }
    for (e, l) in load.iter().enumerate() {
        rows[e] = *l > cap[e];
    }
    let routed = sets.iter().filter(|s| !s.is_empty()).count();
    let meter = Meter::start(
        setting.watch,
        "flows holding their cheapest route at the prices",
        routed,
    )?;
    loop {
        rounds += 1;
        if rounds > MAX_ROUNDS {
            return Err(QueryError::SplitTooLarge {
                size: rounds,
                max: MAX_ROUNDS,
            });
        }
        let ps: Vec<Vec<f64>> = sets.iter().enumerate().map(|(f, s)| sizes(f, s)).collect();
        let (x, unmet, price) = solve(flows, &sets, &uses, &ps, &betas, &cap, &mut rows, tight)?;
        // A flow whose routes pay no price is at its logit: the cheapest route at the prices
        // is its cheapest, already held.
        let wanted: Vec<bool> = uses
            .iter()
            .zip(&sets)
            .map(|(u, s)| {
                s.len() < MAX_SPLIT_ROUTES
                    && u.iter().flatten().any(|&(e, _)| price[e as usize] > 0.0)
            })
            .collect();
        let mut grew = 0;
        if setting.grow && wanted.iter().any(|&w| w) {
            for (f, found) in problem.price(&price, &wanted).into_iter().enumerate() {
                let Some((steps, usd, _)) = found else {
                    continue;
                };
                if !sets[f].iter().any(|r| r.0 == steps) {
                    uses[f].push(problem.uses(flows[f].a, &steps));
                    sets[f].push((steps, usd));
                    added += 1;
                    grew += 1;
                }
            }
        }
        meter.set(routed - grew)?;
        let grew = grew > 0;
        if grew || !tight {
            tight = !grew;
            continue;
        }
        let mut routes = Vec::with_capacity(sets.len());
        let mut welfare = 0.0;
        for (f, (((s, x), u), ps)) in sets.into_iter().zip(&x).zip(&uses).zip(ps).enumerate() {
            let links = links(&s);
            let paid =
                |u: &[(u32, f64)]| u.iter().map(|&(e, k)| k * price[e as usize]).sum::<f64>();
            // A flow that meets no full capacity is at its logit: its shares are worked from the
            // formula, as the split without capacity works them, not read from the solver
            // (whose shares are good to about a millionth).
            let shares: Vec<f64> = if unmet[f] == 0.0 && u.iter().all(|u| paid(u) == 0.0) {
                logit(&links, &ps, betas[f]).shares
            } else {
                x.iter().map(|x| x / flows[f].mtpa).collect()
            };
            // The program's objective at these shares, USD a year.
            let (d, beta) = (flows[f].mtpa, betas[f]);
            for ((r, &share), &p) in s.iter().zip(&shares).zip(&ps) {
                let x = share * d;
                welfare += x * r.1;
                if beta.is_finite() && x > 0.0 {
                    welfare += x * (share.ln() - p.ln()) / beta;
                }
            }
            welfare += unmet[f] * UNMET_USD_PER_T;
            routes.push(
                s.into_iter()
                    .zip(shares)
                    .zip(ps)
                    .zip(u)
                    .map(|((((steps, value), share), path_size), u)| Chosen {
                        steps,
                        value,
                        path_size,
                        share,
                        priced: value + paid(u),
                    })
                    .collect(),
            );
        }
        return Ok(Within {
            routes,
            unmet,
            price,
            cap,
            added,
            rounds,
            welfare: welfare * 1e6,
        });
    }
}

/// A flow's routes as the path size takes them: links and USD/t.
fn links(set: &[(Vec<Step>, f64)]) -> Vec<(Vec<u32>, f64)> {
    set.iter()
        .map(|(p, c)| (p.iter().map(|s| s.link).collect(), *c))
        .collect()
}

/// Per flow, each route's Mt/yr; per flow, Mt/yr unmet; per capacity, its price (USD/t).
type Solved = (Vec<Vec<f64>>, Vec<f64>, Vec<f64>);

/// Solves the program over these routes (`uses`: each route's capacities, with how many
/// times; `ps`: their path sizes), scaled so its numbers are of order one (volumes by the largest flow, costs by the
/// dearest flow's cheapest route).
///
/// A capacity gets a row only once the routes break it (`rows`, kept from round to round):
/// an optimum that breaks none of the capacities left out is the optimum with them, since it
/// is optimal for fewer constraints and meets them all. While routes are still being taken
/// (`tight` false), a row priced at nothing and loaded under 90 % leaves the next programs;
/// routes that break it bring it back.
#[allow(clippy::too_many_arguments)]
fn solve(
    flows: &[Flow],
    sets: &[Vec<(Vec<Step>, f64)>],
    uses: &[Vec<Vec<(u32, f64)>>],
    ps: &[Vec<f64>],
    betas: &[f64],
    cap: &[f64],
    rows: &mut [bool],
    tight: bool,
) -> Result<Solved, QueryError> {
    let volume = flows.iter().map(|f| f.mtpa).fold(0.0, f64::max);
    let usd = sets
        .iter()
        .filter_map(|s| s.first())
        .fold(1.0, |a: f64, r| a.max(r.1));
    // A row per flow with routes, then one per capacity its routes could break and have
    // broken: the most a capacity could carry is each flow's volume times the most times one
    // of its routes uses it.
    let mut row_of_flow = vec![usize::MAX; flows.len()];
    let mut equalities = 0;
    for (f, s) in sets.iter().enumerate() {
        if !s.is_empty() {
            row_of_flow[f] = equalities;
            equalities += 1;
        }
    }
    if equalities == 0 {
        // No flow has a route: nothing to solve (and the solver takes no empty program).
        return Ok((
            vec![Vec::new(); sets.len()],
            vec![0.0; sets.len()],
            vec![0.0; cap.len()],
        ));
    }
    let mut most = vec![0.0f64; cap.len()];
    for (f, u) in uses.iter().enumerate() {
        let mut of_flow: Vec<(u32, f64)> = u.iter().flatten().copied().collect();
        of_flow.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        of_flow.dedup_by_key(|u| u.0);
        for (e, k) in of_flow {
            most[e as usize] += k * flows[f].mtpa;
        }
    }
    let could_break: Vec<usize> = (0..cap.len())
        .filter(|&e| cap[e] < most[e] * (1.0 - 1e-12))
        .collect();
    let tolerance = if tight { TIGHT } else { LOOSE };
    loop {
        let mut row_of_cap = vec![usize::MAX; cap.len()];
        let mut rhs: Vec<f64> = flows
            .iter()
            .zip(sets)
            .filter(|(_, s)| !s.is_empty())
            .map(|(f, _)| f.mtpa / volume)
            .collect();
        for &e in could_break.iter().filter(|&&e| rows[e]) {
            row_of_cap[e] = rhs.len();
            rhs.push(cap[e] / volume);
        }
        let mut lp = Lp {
            equalities,
            rhs,
            ..Lp::default()
        };
        for (f, s) in sets.iter().enumerate() {
            if s.is_empty() {
                continue;
            }
            let beta = betas[f];
            for ((r, &ps), u) in s.iter().zip(&ps[f]).zip(&uses[f]) {
                let var = lp.cost.len();
                let mut col = vec![(row_of_flow[f], 1.0)];
                col.extend(
                    u.iter()
                        .filter(|(e, _)| row_of_cap[*e as usize] != usize::MAX)
                        .map(|&(e, k)| (row_of_cap[e as usize], k)),
                );
                lp.column.push(col);
                if beta.is_finite() {
                    lp.cost.push((r.1 - ps.ln() / beta) / usd);
                    lp.entropy
                        .push((var, 1.0 / (beta * usd), flows[f].mtpa / volume));
                } else {
                    lp.cost.push(r.1 / usd);
                }
            }
        }
        for (f, s) in sets.iter().enumerate() {
            if !s.is_empty() {
                lp.cost.push(UNMET_USD_PER_T / usd);
                lp.column.push(vec![(row_of_flow[f], 1.0)]);
            }
        }
        let o = match lp.solve(tolerance) {
            Ok(o) => o,
            // The interior point can stall on a program with only some of its rows; with every
            // row it can break, it has not stalled on any case met so far.
            Err(_) if could_break.iter().any(|&e| !rows[e]) => {
                could_break.iter().for_each(|&e| rows[e] = true);
                continue;
            }
            Err(status) => return Err(QueryError::SplitSolver { status }),
        };
        // To the kilogram a year: the solver's last digits are its rounding.
        let tonnes = |x: f64| (x * volume * 1e9).round() / 1e9;
        let mut x = Vec::with_capacity(sets.len());
        let mut unmet = Vec::with_capacity(sets.len());
        let mut load = vec![0.0f64; cap.len()];
        let mut var = 0;
        for (f, s) in sets.iter().enumerate() {
            let xs: Vec<f64> = o.x[var..var + s.len()].iter().map(|&v| tonnes(v)).collect();
            var += s.len();
            for (x, u) in xs.iter().zip(&uses[f]) {
                for &(e, k) in u {
                    load[e as usize] += k * x;
                }
            }
            let left = flows[f].mtpa - xs.iter().sum::<f64>();
            unmet.push(if s.is_empty() || left <= 1e-7 * volume {
                0.0
            } else {
                left
            });
            x.push(xs);
        }
        let mut broken = false;
        for &e in &could_break {
            if !rows[e] && load[e] > cap[e] * (1.0 + 1e-9) + 1e-9 * volume {
                rows[e] = true;
                broken = true;
            }
        }
        if broken {
            continue;
        }
        let price: Vec<f64> = row_of_cap
            .iter()
            .map(|&r| {
                let p = if r == usize::MAX {
                    0.0
                } else {
                    -o.marginal[r] * usd
                };
                if p > PRICE_EPS { p } else { 0.0 }
            })
            .collect();
        if !tight {
            for &e in &could_break {
                if rows[e] && price[e] == 0.0 && load[e] < cap[e] * 0.9 {
                    rows[e] = false;
                }
            }
        }
        return Ok((x, unmet, price));
    }
}

/// A flow's routes as the program takes them: steps and metric value.
type Set = Vec<(Vec<Step>, f64)>;

impl Within {
    /// Each flow's routes, or those `open` allows when given.
    fn sets(&self, open: Option<&[bool]>) -> Vec<Set> {
        let allows = |r: &Chosen| open.is_none_or(|o| r.steps.iter().all(|s| o[s.link as usize]));
        self.routes
            .iter()
            .map(|rs| {
                rs.iter()
                    .filter(|r| allows(r))
                    .map(|r| (r.steps.clone(), r.value))
                    .collect()
            })
            .collect()
    }

    /// Each flow's routes as links: what every other solve on them counts in path sizes.
    fn context(&self) -> Vec<Vec<Vec<u32>>> {
        self.routes
            .iter()
            .map(|rs| {
                rs.iter()
                    .map(|r| r.steps.iter().map(|s| s.link).collect())
                    .collect()
            })
            .collect()
    }
}

/// Adds to each flow's routes (a flow with none stays without) those of `paths` it lacks.
fn add_routes(union: &mut [Set], paths: &[super::Routes]) {
    for (u, now) in union.iter_mut().zip(paths) {
        if let (false, Ok(now)) = (u.is_empty(), now) {
            for r in now {
                if !u.iter().any(|x| x.0 == r.0) {
                    u.push(r.clone());
                }
            }
        }
    }
}

impl Candidates {
    /// Within capacity, solves the split on these routes at spread `theta` once, so that every
    /// change [`Candidates::gain_within`] weighs against them uses it (the network before is
    /// the same for each project of a round); nothing otherwise.
    ///
    /// # Errors
    /// As [`within`].
    pub(crate) fn solve_within(&mut self, net: &Network, theta: f64) -> Result<(), QueryError> {
        if self.within.is_some() {
            self.solved = Some(self.solve_on_own(net, theta, None)?);
        }
        Ok(())
    }

    /// The split within capacity on these routes, each flow taking its routes at the prices,
    /// telling `watch` of each round.
    pub(super) fn solve_on_own(
        &self,
        net: &Network,
        theta: f64,
        watch: Option<&Progress>,
    ) -> Result<Within, QueryError> {
        let view = self.within.as_ref().expect("found within capacity");
        let sets = self
            .paths
            .iter()
            .map(|p| p.as_ref().map_or_else(|_| Vec::new(), Clone::clone))
            .collect();
        let grow = Setting {
            theta,
            grow: true,
            context: None,
            watch,
        };
        within(
            net,
            view,
            &net.weights(view, Metric::Cost),
            &self.flows,
            sets,
            &grow,
        )
    }

    /// What `after`, the same flows on the network with more links open, gains over these
    /// routes at spread `theta` (above 0) with every capacity binding; `marked` flags the links
    /// whose use `mtpa` counts. Both candidate sets must have been found within capacity.
    ///
    /// The gain is the fall in the program's optimum ([`Within::welfare`]), each side weighed
    /// on the same routes, as [`Candidates::gain`] weighs the logsums: the network before
    /// takes its routes at its prices; the network after starts from those and its own cheapest
    /// routes and takes its own at its prices; then the network before is solved again on the
    /// routes after that it has open, with path sizes against all of them. The choice after
    /// then holds every variable of the choice before, so a change never lowers the optimum. A
    /// flow with no route before the change takes no part (least cost counts it as cargo newly
    /// served).
    ///
    /// # Errors
    /// As [`within`].
    pub(crate) fn gain_within(
        &self,
        after: &Candidates,
        net: &Network,
        theta: f64,
        marked: &[bool],
    ) -> Result<SpreadGain, QueryError> {
        let (Some(before_view), Some(after_view)) = (&self.within, &after.within) else {
            return Ok(self.gain(after, net, theta, marked));
        };
        let grow = Setting {
            theta,
            grow: true,
            context: None,
            watch: None,
        };
        let before_w = net.weights(before_view, Metric::Cost);
        let after_w = net.weights(after_view, Metric::Cost);
        let solved;
        let before = match &self.solved {
            Some(b) => b,
            None => {
                solved = self.solve_on_own(net, theta, None)?;
                &solved
            }
        };
        // The routes before first, so that each flow keeps the scale of the network before.
        let mut union = before.sets(None);
        add_routes(&mut union, &after.paths);
        let now = within(net, after_view, &after_w, &self.flows, union, &grow)?;
        let context = now.context();
        let open_before = now.sets(Some(&before_view.open));
        let fixed = Setting {
            theta,
            grow: false,
            context: Some(&context),
            watch: None,
        };
        let was = within(
            net,
            before_view,
            &before_w,
            &self.flows,
            open_before,
            &fixed,
        )?;
        let paid = |w: &Within| -> f64 {
            w.routes
                .iter()
                .zip(&self.flows)
                .flat_map(|(rs, f)| rs.iter().map(move |r| r.share * f.mtpa * r.value))
                .sum::<f64>()
                * 1e6
        };
        let mtpa = now
            .routes
            .iter()
            .zip(&self.flows)
            .flat_map(|(rs, f)| {
                rs.iter()
                    .filter(|r| r.steps.iter().any(|s| marked[s.link as usize]))
                    .map(move |r| r.share * f.mtpa)
            })
            .sum();
        Ok(SpreadGain {
            benefit_usd_per_year: was.welfare - now.welfare,
            saving_usd_per_year: paid(&was) - paid(&now),
            mtpa,
        })
    }

    /// Each of a family of networks weighed on the same routes, so that their differences add
    /// up: what the choice is worth, what the cargo pays and the tonnes on each member's marked
    /// links (USD a year, Mt/yr; within capacity the program's optimum). `self` is the first
    /// network's routes; the first member is `self`'s own, the last one has every link of the
    /// others open. The routes are every member's together, the first network's first so each
    /// flow keeps its scale; each member takes those its links allow, and each route's path
    /// size is its overlap with all of them. Within capacity the last member takes its routes
    /// at its prices, from all of those, and each other member is solved on the last one's
    /// routes that it allows. A flow with no route on the first network takes no part.
    ///
    /// # Errors
    /// Within capacity, as [`within`].
    pub(crate) fn family(
        &self,
        members: &[Member<'_>],
        net: &Network,
        theta: f64,
    ) -> Result<Vec<Worth>, QueryError> {
        if members.is_empty() {
            return Ok(Vec::new());
        }
        let mut union: Vec<Set> = match &self.solved {
            Some(w) => w.sets(None),
            None => self
                .paths
                .iter()
                .map(|p| p.as_ref().map_or(Vec::new(), |p| p.clone()))
                .collect(),
        };
        for m in members {
            add_routes(&mut union, &m.candidates.paths);
        }
        let allows = |open: &[bool], steps: &[Step]| steps.iter().all(|s| open[s.link as usize]);
        let marks = |marked: &[bool], steps: &[Step]| {
            steps
                .iter()
                .any(|s| marked.get(s.link as usize).copied().unwrap_or(false))
        };
        let (Some(_), Some(last)) = (&self.within, members.last()) else {
            // Capacities aside: each network's logsum over the routes it allows.
            let km = |l: u32| net.data.links[l as usize].length_km;
            return Ok(members
                .iter()
                .map(|m| {
                    let mut out = Worth::default();
                    for (f, routes) in self.flows.iter().zip(&union) {
                        let Some(first) = routes.first() else {
                            continue;
                        };
                        let all = route_links(routes);
                        let ps = path_sizes(&all, km);
                        let (mine, sizes): (Vec<_>, Vec<f64>) = all
                            .into_iter()
                            .zip(ps)
                            .zip(routes)
                            .filter(|(_, r)| allows(m.open, &r.0))
                            .map(|(x, _)| x)
                            .unzip();
                        let l = logit(&mine, &sizes, scale(theta, first.1));
                        out.welfare += f.mtpa * l.expected * 1e6;
                        let allowed = routes.iter().filter(|r| allows(m.open, &r.0));
                        for (share, r) in l.shares.iter().zip(allowed) {
                            out.paid += f.mtpa * share * r.1 * 1e6;
                            if marks(m.marked, &r.0) {
                                out.marked_mtpa += f.mtpa * share;
                            }
                        }
                    }
                    out
                })
                .collect());
        };
        let weigh = |w: &Within, marked: &[bool]| {
            let mut out = Worth {
                welfare: w.welfare,
                ..Worth::default()
            };
            for (rs, f) in w.routes.iter().zip(&self.flows) {
                for r in rs {
                    out.paid += r.share * f.mtpa * r.value * 1e6;
                    if marks(marked, &r.steps) {
                        out.marked_mtpa += r.share * f.mtpa;
                    }
                }
            }
            out
        };
        let last_view = last
            .candidates
            .within
            .as_ref()
            .expect("within capacity, as the first network");
        let grow = Setting {
            theta,
            grow: true,
            context: None,
            watch: None,
        };
        let w = net.weights(last_view, Metric::Cost);
        let all = within(net, last_view, &w, &self.flows, union, &grow)?;
        let context = all.context();
        let fixed = Setting {
            theta,
            grow: false,
            context: Some(&context),
            watch: None,
        };
        let mut out = Vec::with_capacity(members.len());
        for (i, m) in members.iter().enumerate() {
            if i + 1 == members.len() {
                out.push(weigh(&all, m.marked));
                continue;
            }
            let view = m
                .candidates
                .within
                .as_ref()
                .expect("within capacity, as the first network");
            let w = net.weights(view, Metric::Cost);
            let sets = all.sets(Some(m.open));
            out.push(weigh(
                &within(net, view, &w, &self.flows, sets, &fixed)?,
                m.marked,
            ));
        }
        Ok(out)
    }
}

/// One network of a family weighed together ([`Candidates::family`]).
pub(crate) struct Member<'a> {
    /// Its candidate routes (within capacity, with its view).
    pub(crate) candidates: &'a Candidates,
    /// Which links it has open.
    pub(crate) open: &'a [bool],
    /// The links whose tonnes [`Worth::marked_mtpa`] counts (none when empty).
    pub(crate) marked: &'a [bool],
}

impl<'a> Member<'a> {
    /// A member whose tonnes on no link are counted.
    pub(crate) fn unmarked(candidates: &'a Candidates, open: &'a [bool]) -> Self {
        Member {
            candidates,
            open,
            marked: &[],
        }
    }
}

/// One member of a family as weighed on the family's routes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Worth {
    /// What the choice is worth, USD a year: each flow's expected perceived cost times its
    /// tonnes (within capacity the program's optimum). Lower is better for shippers.
    pub(crate) welfare: f64,
    /// What the cargo pays at the modelled shares, USD a year.
    pub(crate) paid: f64,
    /// Mt/yr on routes that use any of the member's marked links.
    pub(crate) marked_mtpa: f64,
}
