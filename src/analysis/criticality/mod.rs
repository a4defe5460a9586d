//! Criticality: which links (and nodes) do the most damage when lost, and which pairs of links
//! cut cargo off together when neither does alone.

mod draws;

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::capacity::CapacityQuery;
use crate::analysis::cuts::Reach;
use crate::analysis::draws::Sampler;
use crate::analysis::{Day, Filter, Flow, Flows, Regions, Watch, flow_builders};
use crate::engine::{Arc, Dijkstra, Landmarks, START, Search, Step, View, Weights, transfer, walk};
use crate::error::QueryError;
use crate::model::{Metric, Mode};
use crate::network::Network;
use crate::util::progress::{Meter, Progress};

pub use draws::{CriticalDraws, DamageDraws, JointDraws, MAX_CRITICAL_DRAWS};

/// A criticality question: rank links by the damage their loss does to the file's demands (or
/// given pairs) on a network.
///
/// # Example
/// ```
/// use corridors::{CriticalQuery, Network};
/// let net = Network::trans_afghan();
/// let c = net.critical(&CriticalQuery::new()).unwrap();
/// let worst = &c.links[0];
/// assert!(worst.cut_off_mtpa > 0.0 || worst.damage_usd_per_year > 0.0);
/// // A link no route uses does no damage.
/// let idle = c.links.iter().find(|l| l.link == "kashgar-panji-poyon-rail").unwrap();
/// assert_eq!((idle.damage_usd_per_year, idle.cut_off_mtpa), (0.0, 0.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalQuery {
    filter: Filter,
    metric: Metric,
    pairs: Flows,
    nodes: bool,
    joint: bool,
    capacity: bool,
    #[serde(flatten)]
    sampler: Sampler,
    #[serde(skip)]
    watch: Watch,
}

flow_builders!(CriticalQuery);

impl CriticalQuery {
    /// Every link, the file's demands, by cost, on today's network; joint pairs included.
    pub fn new() -> CriticalQuery {
        CriticalQuery {
            filter: Filter::new(),
            metric: Metric::Cost,
            pairs: Flows::default(),
            nodes: false,
            joint: true,
            capacity: false,
            sampler: Sampler::default(),
            watch: Watch::default(),
        }
    }

    /// Which links count before any loss.
    pub fn filter(mut self, filter: Filter) -> CriticalQuery {
        self.filter = filter;
        self
    }

    /// Also ranks nodes (losing a node closes every link touching it).
    pub fn nodes(mut self, yes: bool) -> CriticalQuery {
        self.nodes = yes;
        self
    }

    /// Whether to search pairs of links that cut a demand off together (default: yes).
    pub fn joint(mut self, yes: bool) -> CriticalQuery {
        self.joint = yes;
        self
    }

    /// Also measures the rail and sea capacity each loss takes away between the origins and
    /// destinations of the flows that end at a port (of every flow when none does).
    pub fn capacity(mut self, yes: bool) -> CriticalQuery {
        self.capacity = yes;
        self
    }
}

crate::analysis::draw_builders! {
    CriticalQuery,
    /// Also ranks again in `n` draws of every uncertain figure (rates, speeds, crossing times,
    /// capacities, the file's demand volumes; lengths held), each on a network rebuilt with
    /// the draw's figures: [`Criticality::draws`] then gives each link's (and node's) damage
    /// and rank percentiles, how often it is the worst and how often its loss cuts cargo off,
    /// and how often each joint pair cuts cargo off. At most [`MAX_CRITICAL_DRAWS`].
    ///
    /// # Example
    /// ```
    /// use corridors::{CriticalQuery, Network};
    /// let net = Network::trans_afghan();
    /// let c = net.critical(&CriticalQuery::new().joint(false).draws(20)).unwrap();
    /// let d = c.draws.as_ref().unwrap();
    /// let first = &d.links[0]; // the link of the lowest median rank
    /// assert!(first.rank[0] <= first.rank[1] && first.rank[1] <= first.rank[2]);
    /// assert!(d.links.iter().map(|l| l.chance_worst).sum::<f64>() > 0.999);
    /// ```
}

crate::analysis::progress_builder! {
    CriticalQuery,
    /// Reports to `progress` as the links on the flows' routes are evaluated (`links`), then,
    /// as asked, the capacity each loss takes (`capacity losses`), the searches for joint
    /// pairs (`joint-cut searches`, one per flow and link of its route) and the places
    /// (`places`); stops with [`QueryError::Cancelled`] when it is cancelled. With
    /// [`draws`](CriticalQuery::draws) those phases are the ranking at the file's figures, and
    /// the draws follow (`criticality draws`, one tick a draw ranked). The answer is the same
    /// either way.
    ///
    /// # Example
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use corridors::{CriticalQuery, Network, Progress};
    /// let ticks = Arc::new(Mutex::new(Vec::new()));
    /// let seen = ticks.clone();
    /// let watch = Progress::new().on_tick(move |t| seen.lock().unwrap().push(t));
    /// let net = Network::trans_afghan();
    /// let c = net.critical(&CriticalQuery::new().joint(false).progress(watch)).unwrap();
    /// let ticks = ticks.lock().unwrap();
    /// let last = ticks.iter().filter(|t| t.what == "links").map(|t| t.done).max();
    /// assert_eq!(last, Some(c.evaluated));
    /// ```
}

/// The damage the loss of a link does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Damage {
    /// The link id.
    pub link: String,
    /// Extra cost a year of the flows that reroute, USD (extra USD/t × Mt/yr × 10⁶).
    pub damage_usd_per_year: f64,
    /// Mt/yr of flows left with no route.
    pub cut_off_mtpa: f64,
    /// Flows whose route the loss changes (`from → to`).
    pub demands_affected: Vec<String>,
    /// Rail and sea capacity lost between the regions, Mt/yr, when asked and known.
    pub capacity_lost_mtpa: Option<f64>,
}

/// The damage the loss of a node does: every link touching it closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeDamage {
    /// The node id.
    pub node: String,
    /// Extra cost a year of the flows that reroute, USD (extra USD/t × Mt/yr × 10⁶).
    pub damage_usd_per_year: f64,
    /// Mt/yr of flows left with no route.
    pub cut_off_mtpa: f64,
    /// Flows whose route the loss changes (`from → to`).
    pub demands_affected: Vec<String>,
}

/// Two links whose joint loss cuts a flow off when neither alone does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JointCut {
    /// The two link ids, in the order of the file.
    pub links: [String; 2],
    /// The flows they cut off together (`from → to`).
    pub demands: Vec<String>,
    /// Mt/yr cut off.
    pub cut_off_mtpa: f64,
}

/// The answer to a [`CriticalQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Criticality {
    /// Every link, worst first: by Mt/yr cut off, then by damage, then by id. None when there
    /// are no flows: with no cargo, no loss does damage.
    pub links: Vec<Damage>,
    /// Every node, worst first, when asked (and there are flows).
    pub nodes: Vec<NodeDamage>,
    /// Pairs of links that cut flows off together, worst first.
    pub joint: Vec<JointCut>,
    /// Links whose loss was recomputed (those on some current route); the rest do no damage.
    pub evaluated: usize,
    /// Flows with no route even before any loss (`from → to`).
    pub unroutable: Vec<String>,
    /// Total Mt/yr of the flows: the file's demands, or the pairs given. 0 when there are
    /// none, and then nothing is ranked.
    #[serde(default)]
    pub demand_mtpa: f64,
    /// With draws: each link's and node's damage and rank over them, and how often each
    /// joint pair cuts cargo off (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<CriticalDraws>,
    /// The day looked at and the file's events applied before any loss (`date`, `events`,
    /// `unconfirmed` in JSON): the ranking depends on them.
    #[serde(flatten)]
    pub day: Day,
}

/// One demand's route today.
struct Base<'v> {
    from: usize,
    to: usize,
    /// The links the flow may take: the query's view, less what the bans keep its cargo
    /// out of ([`View::for_flow`]).
    view: Cow<'v, View>,
    label: String,
    mtpa: f64,
    cost: f64,
    steps: Vec<Step>,
}

/// What a criticality scan searches with: the search before any loss, and the USD weights
/// damage is counted in.
struct Probe<'a> {
    search: Search<'a>,
    usd: &'a Weights,
    /// Landmark bounds that guide re-routing, when the routes minimise cost: a guided search
    /// finds a route of the same cost, and the cost is all the damage counts. Other metrics
    /// count the USD of the route found, which an exact tie could change, so they search
    /// unguided, as the routes before any loss were found.
    guide: Option<&'a Landmarks>,
}

impl Probe<'_> {
    /// Best route from `from` to `to` skipping the links in `closed`: its USD per tonne and
    /// its steps.
    fn best(&self, d: &mut Dijkstra, b: &Base<'_>, closed: &[usize]) -> Option<(f64, Vec<Step>)> {
        let (from, to) = (b.from, b.to);
        let search = Search {
            view: &b.view,
            ..self.search
        };
        let steps = match self.guide {
            Some(lm) if !closed.is_empty() => {
                let Search { g, view, w } = search;
                let src = [(d.state(from, START), 0.0)];
                let open = |_: usize, a: &Arc| {
                    view.open[a.link as usize] && !closed.contains(&(a.link as usize))
                };
                let end = d.run(g, w, &src, Some(to), open, |v| lm.bound(v, to))?;
                d.path(end).0
            }
            _ => search.shortest_without(d, from, to, closed)?,
        };
        Some((walk(self.search.g, self.usd, &steps).0, steps))
    }

    /// [`Probe::best`] without one link, guided by `goal` (a lower bound per node on the
    /// weight left to `to`, from [`Backward::bounds`]) when there is one. Only the weight of
    /// the route found is returned, which is all a guided search is trusted for.
    fn cost_without(
        &self,
        d: &mut Dijkstra,
        b: &Base<'_>,
        closed: usize,
        goal: Option<&[f64]>,
    ) -> Option<f64> {
        let Some(goal) = goal else {
            return self.best(d, b, &[closed]).map(|x| x.0);
        };
        let (from, to) = (b.from, b.to);
        let Search { g, w, .. } = self.search;
        let view = &*b.view;
        let src = [(d.state(from, START), 0.0)];
        let open = |_: usize, a: &Arc| view.open[a.link as usize] && a.link as usize != closed;
        let end = d.run(g, w, &src, Some(to), open, |v| goal[v])?;
        Some(walk(g, self.usd, &d.path(end).0).0)
    }
}

/// The search's arcs between states reversed, each weighing what it weighs forwards
/// (transfer included): a search back from a destination's states gives every state the
/// weight of its best route there, and every place the least over its states, a lower bound
/// on the weight left from it under any loss.
struct Backward {
    /// `first[s]..first[s + 1]` are the arcs into state s, as (tail state, weight).
    first: Vec<u32>,
    arcs: Vec<(u32, f64)>,
    /// `states[v]..states[v + 1]` are the states of place v.
    states: Vec<u32>,
}

/// Bounds are lowered by this share, so that rounding never lifts one above the weight it
/// bounds (as the landmarks' `SLACK`).
const SLACK: f64 = 1e-9;

impl Backward {
    fn new(search: &Search<'_>) -> Backward {
        let Search { g, view, w } = *search;
        let st = &g.states;
        let count_states = st.node.len();
        // Every forward arc: (head state, tail state, weight).
        let each = |f: &mut dyn FnMut(usize, usize, f64)| {
            for (s, (&v, &class)) in st.node.iter().zip(&st.class).enumerate() {
                let v = v as usize;
                for a in g.out(v).iter().filter(|a| view.open[a.link as usize]) {
                    let l = a.link as usize;
                    let head = a.head as usize;
                    let (kind, next) = transfer(class, g.class[l]);
                    let t = if a.arrive != u32::MAX {
                        a.arrive as usize
                    } else {
                        st.of(head, next)
                    };
                    f(t, s, w.at(g, v, kind) + w.along(g, l, head));
                }
            }
        };
        let mut first = vec![0u32; count_states + 1];
        each(&mut |t, _, _| first[t + 1] += 1);
        for s in 0..count_states {
            first[s + 1] += first[s];
        }
        let mut next = first.clone();
        let mut arcs = vec![(0u32, 0.0); first[count_states] as usize];
        each(&mut |t, s, wt| {
            arcs[next[t] as usize] = (s as u32, wt);
            next[t] += 1;
        });
        Backward {
            first,
            arcs,
            states: st.first.clone(),
        }
    }

    /// Per place, a lower bound on the weight of any route from it to `to` over the view's
    /// open links (infinite when none reaches `to`).
    fn bounds(&self, to: usize) -> Vec<f64> {
        use std::cmp::Reverse;
        let mut dist = vec![f64::INFINITY; self.first.len() - 1];
        let mut heap = std::collections::BinaryHeap::new();
        for s in self.states[to]..self.states[to + 1] {
            dist[s as usize] = 0.0;
            heap.push(Reverse((0u64, s)));
        }
        while let Some(Reverse((bits, s))) = heap.pop() {
            let s = s as usize;
            let ds = f64::from_bits(bits);
            if ds > dist[s] {
                continue;
            }
            for &(t, wt) in &self.arcs[self.first[s] as usize..self.first[s + 1] as usize] {
                let nd = ds + wt;
                if nd < dist[t as usize] {
                    dist[t as usize] = nd;
                    heap.push(Reverse((nd.to_bits(), t)));
                }
            }
        }
        self.states
            .windows(2)
            .map(|r| {
                let least = dist[r[0] as usize..r[1] as usize]
                    .iter()
                    .fold(f64::INFINITY, |a, &b| a.min(b));
                least * (1.0 - SLACK)
            })
            .collect()
    }
}

impl Network {
    /// Ranks every link (and, if asked, node) by the damage its loss does to the demands:
    /// the demand-weighted extra cost of rerouting plus the demand cut off, with the rail and
    /// sea capacity lost between the regions as a second measure when asked; and finds the
    /// pairs of links whose joint loss cuts a demand off when neither alone does.
    ///
    /// Only links on some demand's current route are recomputed (a link no route uses does no
    /// damage), each once per demand whose route uses it, in parallel across cores.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id in a pair or the filter.
    ///
    /// # Complexity
    /// One route search per (demand, link on its route); by cost, each is guided by every
    /// place's weight left to the destination before the loss (one backward search per
    /// demand), so it looks little beyond the detour. Joint pairs add a few breadth-first
    /// searches over places per (demand, link on its route): the links every remaining route
    /// takes, found by pruning the links of one route with routes that avoid them.
    pub fn critical(&self, q: &CriticalQuery) -> Result<Criticality, QueryError> {
        if q.sampler.n > 0 {
            QueryError::cap(
                "criticality draws",
                q.sampler.n,
                MAX_CRITICAL_DRAWS,
                "each draw ranks every link again on a network rebuilt with the draw's figures",
            )?;
            // The ranking at the file's figures watched as ever, then the draws, each unwatched
            // but counted (`criticality draws`).
            let mut once = q.clone();
            once.sampler.n = 0;
            let mut report = self.critical(&once)?;
            once.watch = Watch::default();
            report.draws = Some(if report.demand_mtpa == 0.0 {
                // No flows, in any draw: every draw's ranking is as empty as this one.
                CriticalDraws {
                    n: q.sampler.n,
                    seed: q.sampler.seed,
                    sampling: q.sampler.sampling,
                    links: Vec::new(),
                    nodes: Vec::new(),
                    joint: Vec::new(),
                }
            } else {
                self.critical_draws(q, &once)?
            });
            return Ok(report);
        }
        let watch = q.watch.get();
        let flows = q.pairs.resolve(self)?;
        if flows.is_empty() {
            return Ok(Criticality {
                links: Vec::new(),
                nodes: Vec::new(),
                joint: Vec::new(),
                evaluated: 0,
                unroutable: Vec::new(),
                demand_mtpa: 0.0,
                draws: None,
                day: q.filter.day(self),
            });
        }
        let view = q.filter.view(self)?;
        let w = self.weights(&view, q.metric);
        let usd = self.weights(&view, Metric::Cost);
        let probe = Probe {
            search: self.search(&view, &w),
            usd: &usd,
            guide: (q.metric == Metric::Cost && q.nodes).then(|| self.landmarks(q.metric)),
        };
        let mut d = self.dijkstra();
        let mut bases = Vec::new();
        let mut unroutable = Vec::new();
        for flow in &flows {
            let mut base = Base {
                from: flow.a,
                to: flow.b,
                view: view.for_flow(&self.data, flow.a, flow.b),
                label: flow.label(),
                mtpa: flow.mtpa,
                cost: 0.0,
                steps: Vec::new(),
            };
            match probe.best(&mut d, &base, &[]) {
                Some((cost, steps)) => {
                    (base.cost, base.steps) = (cost, steps);
                    bases.push(base);
                }
                None => unroutable.push(base.label),
            }
        }

        // Candidate losses: links on some current route. Everything else does no damage.
        let mut used: Vec<usize> = bases
            .iter()
            .flat_map(|b| b.steps.iter().map(|s| s.link as usize))
            .collect();
        used.sort_unstable();
        used.dedup();
        let total = used.len();
        let meter = Meter::start(watch, "links", total)?;
        let damage_of = |closed: &[usize], d: &mut Dijkstra| -> (f64, f64, Vec<String>) {
            let (mut usd_year, mut cut, mut hit) = (0.0, 0.0, Vec::new());
            for b in &bases {
                if !b.steps.iter().any(|s| closed.contains(&(s.link as usize))) {
                    continue;
                }
                hit.push(b.label.clone());
                match probe.best(d, b, closed) {
                    Some((cost, _)) => usd_year += (cost - b.cost).max(0.0) * b.mtpa * 1e6,
                    None => cut += b.mtpa,
                }
            }
            (usd_year, cut, hit)
        };
        let mut links: Vec<Damage> = self
            .data
            .links
            .iter()
            .map(|l| Damage {
                link: l.id.clone(),
                damage_usd_per_year: 0.0,
                cut_off_mtpa: 0.0,
                demands_affected: Vec::new(),
                capacity_lost_mtpa: None,
            })
            .collect();
        // Each flow in turn, each link of its route in parallel; a link's damage then adds
        // up flow by flow in the flows' order. Routes by cost are re-searched guided by the
        // weight left to the destination before any loss, which a loss only raises.
        let on_route = |b: &Base| {
            let mut on: Vec<usize> = b.steps.iter().map(|s| s.link as usize).collect();
            on.sort_unstable();
            on.dedup();
            on
        };
        let routes: Vec<Vec<usize>> = bases.iter().map(on_route).collect();
        let left: Vec<AtomicUsize> = (0..links.len()).map(|_| AtomicUsize::new(0)).collect();
        for &l in routes.iter().flatten() {
            left[l].fetch_add(1, Ordering::Relaxed);
        }
        let backward = (q.metric == Metric::Cost).then(|| Backward::new(&probe.search));
        for (b, on) in bases.iter().zip(&routes) {
            let goal = backward.as_ref().map(|x| x.bounds(b.to));
            let after: Vec<Option<f64>> = on
                .par_iter()
                .map_init(
                    || self.dijkstra(),
                    |d, &l| {
                        meter.check()?;
                        let cost = probe.cost_without(d, b, l, goal.as_deref());
                        // A link is done once every flow whose route it is on has been
                        // re-routed without it.
                        if left[l].fetch_sub(1, Ordering::Relaxed) == 1 {
                            meter.add(1)?;
                        }
                        Ok(cost)
                    },
                )
                .collect::<Result<_, QueryError>>()?;
            for (&l, cost) in on.iter().zip(after) {
                let dmg = &mut links[l];
                dmg.demands_affected.push(b.label.clone());
                match cost {
                    Some(cost) => {
                        dmg.damage_usd_per_year += (cost - b.cost).max(0.0) * b.mtpa * 1e6
                    }
                    None => dmg.cut_off_mtpa += b.mtpa,
                }
            }
        }

        if q.capacity {
            self.capacity_losses(&q.filter, &flows, &mut links, watch)?;
        }

        // Joint pairs: a pair that cuts a demand off must include a link of its route, and
        // the other must lie on every route left without the first.
        let mut joint: Vec<JointCut> = Vec::new();
        if q.joint {
            let single_cut: Vec<bool> = links.iter().map(|x| x.cut_off_mtpa > 0.0).collect();
            let tasks: Vec<(usize, usize)> = bases
                .iter()
                .enumerate()
                .flat_map(|(bi, b)| {
                    let mut on: Vec<usize> = b.steps.iter().map(|s| s.link as usize).collect();
                    on.sort_unstable();
                    on.dedup();
                    on.into_iter().map(move |a| (bi, a))
                })
                .collect();
            let g = self.graph();
            let meter = Meter::start(watch, "joint-cut searches", tasks.len())?;
            let found: Vec<Vec<([usize; 2], usize)>> = tasks
                .par_iter()
                .map_init(
                    || Reach::new(g, &view),
                    |r, &(bi, a)| {
                        let b = &bases[bi];
                        r.view = &b.view;
                        let with = r.must_take(b.from, b.to, a, |c| single_cut[c]);
                        meter.add(1)?;
                        Ok(with
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| (if a < c { [a, c] } else { [c, a] }, bi))
                            .collect())
                    },
                )
                .collect::<Result<_, QueryError>>()?;
            let mut found: Vec<([usize; 2], usize)> = found.into_iter().flatten().collect();
            found.sort_unstable();
            found.dedup();
            for (pair, bi) in found {
                let ids = [
                    self.data.links[pair[0]].id.clone(),
                    self.data.links[pair[1]].id.clone(),
                ];
                // `found` is sorted by pair, so a pair's flows come together.
                match joint.last_mut() {
                    Some(j) if j.links == ids => {
                        j.demands.push(bases[bi].label.clone());
                        j.cut_off_mtpa += bases[bi].mtpa;
                    }
                    _ => joint.push(JointCut {
                        links: ids,
                        demands: vec![bases[bi].label.clone()],
                        cut_off_mtpa: bases[bi].mtpa,
                    }),
                }
            }
            joint.sort_by(|a, b| {
                b.cut_off_mtpa
                    .total_cmp(&a.cut_off_mtpa)
                    .then_with(|| a.links.cmp(&b.links))
            });
        }

        let mut nodes = Vec::new();
        if q.nodes {
            // Only places a route starts, ends or passes at can do damage; their links are
            // gathered in one pass, in the links' order.
            let mut touching: Vec<Option<Vec<usize>>> = vec![None; self.data.nodes.len()];
            for b in &bases {
                touching[b.from] = Some(Vec::new());
                touching[b.to] = Some(Vec::new());
                for s in &b.steps {
                    touching[s.to as usize] = Some(Vec::new());
                }
            }
            for (i, &(a, b)) in self.data.ends.iter().enumerate() {
                if let Some(at) = &mut touching[a] {
                    at.push(i);
                }
                if b != a {
                    if let Some(at) = &mut touching[b] {
                        at.push(i);
                    }
                }
            }
            let meter = Meter::start(watch, "places", self.data.nodes.len())?;
            nodes = self
                .data
                .nodes
                .par_iter()
                .zip(&touching)
                .map_init(
                    || self.dijkstra(),
                    |d, (node, at)| {
                        let (damage, cut, hit) = match at {
                            Some(at) => damage_of(at, d),
                            None => (0.0, 0.0, Vec::new()),
                        };
                        meter.add(1)?;
                        Ok(NodeDamage {
                            node: node.id.clone(),
                            damage_usd_per_year: damage,
                            cut_off_mtpa: cut,
                            demands_affected: hit,
                        })
                    },
                )
                .collect::<Result<_, QueryError>>()?;
        }
        // Worst first: by Mt/yr cut off, then by damage, then by id.
        links.sort_by(|a, b| {
            b.cut_off_mtpa
                .total_cmp(&a.cut_off_mtpa)
                .then(b.damage_usd_per_year.total_cmp(&a.damage_usd_per_year))
                .then_with(|| a.link.cmp(&b.link))
        });
        nodes.sort_by(|a, b| {
            b.cut_off_mtpa
                .total_cmp(&a.cut_off_mtpa)
                .then(b.damage_usd_per_year.total_cmp(&a.damage_usd_per_year))
                .then_with(|| a.node.cmp(&b.node))
        });
        Ok(Criticality {
            links,
            nodes,
            joint,
            evaluated: total,
            unroutable,
            demand_mtpa: flows.iter().map(|f| f.mtpa).sum(),
            draws: None,
            day: q.filter.day(self),
        })
    }

    /// Rail and sea capacity lost between the demands' origins and destinations per link loss;
    /// only links that carry part of the maximum flow can lower it.
    fn capacity_losses(
        &self,
        filter: &Filter,
        flows: &[Flow],
        links: &mut [Damage],
        watch: Option<&Progress>,
    ) -> Result<(), QueryError> {
        let Regions {
            origins: from,
            destinations: to,
        } = Regions::to_sea(self, flows);
        if from.is_empty() || to.is_empty() {
            return Ok(());
        }
        let base_filter = filter.clone().mode(Mode::Rail).mode(Mode::Sea);
        let q = CapacityQuery::new(from.clone(), to.clone()).filter(base_filter.clone());
        let base = self.capacity(&q)?;
        let Some(before) = base.max_flow_mtpa else {
            return Ok(());
        };
        let carrying: Vec<&str> = base.flows.iter().map(|f| f.link.as_str()).collect();
        let meter = Meter::start(watch, "capacity losses", links.len())?;
        let results: Vec<(String, Option<f64>)> = links
            .par_iter()
            .map(|dmg| {
                meter.add(1)?;
                if !carrying.contains(&dmg.link.as_str()) {
                    return Ok((dmg.link.clone(), Some(0.0)));
                }
                let q = CapacityQuery::new(from.clone(), to.clone())
                    .filter(base_filter.clone().avoid(format!("link:{}", dmg.link)));
                let after = self.capacity(&q)?.max_flow_mtpa;
                Ok((dmg.link.clone(), after.map(|a| (before - a).max(0.0))))
            })
            .collect::<Result<_, QueryError>>()?;
        for (dmg, (_, lost)) in links.iter_mut().zip(results) {
            dmg.capacity_lost_mtpa = lost;
        }
        Ok(())
    }
}
