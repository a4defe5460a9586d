//! Robust answers: N joint draws of every uncertain figure, and for each option of a question
//! (a port of a comparison, a route) the chance it is the best and the spread of its cost and
//! days.
//!
//! A search per draw is not needed. Along a fixed path the metric is a [`Form`] of the
//! parameters, so each option is planned once: the paths that can be best for *some* values
//! within the ranges are listed (every path whose least possible weight is within the best
//! path's greatest, found best-first over the search states with exact bounds to the target),
//! those another path beats for every value are dropped, and each draw evaluates the few
//! that are left. A draw whose best listed path weighs more than the least weight of any path
//! not listed (possible only when the list was cut at its cap) is answered by a full search
//! with that draw's weights, and counted (`full_searches`). Either way each draw's answer is
//! the full search's.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::route::{SegmentKind, via_path};
use crate::engine::{
    Form, Forms, Graph, OrdF64, Ranges, SEA, START, Step, View, Weights, transfer,
};
use crate::error::QueryError;
use crate::model::records::NONE;
use crate::model::{Metric, ParameterKind};
use crate::network::Network;
use crate::util::progress::{Meter, Progress, Stopped};

mod eval;
mod sample;
mod tally;

pub(crate) use eval::percentiles;
use eval::{eval_at, eval_block};
pub use sample::Sampling;
pub(crate) use sample::{Sampler, THETA_KEY, drawn};
pub use tally::{LoadDraws, PriceDraws};
pub(crate) use tally::{Tally, chances, load_draws, price_draws, spread_of};

/// The most draws one query may ask for: memory grows by 16 bytes per draw and option.
pub const MAX_DRAWS: usize = 1_000_000;
/// The most paths an option keeps as candidates; beyond, draws fall back to a search.
const MAX_CANDIDATES: usize = 256;
/// The most partial paths the candidate listing expands before it stops.
const MAX_EXPANSIONS: usize = 200_000;

/// How a robust answer was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Draws {
    /// How many joint draws of the parameters.
    pub n: usize,
    /// The seed: the same seed gives the same draws, byte for byte.
    pub seed: u64,
    /// Draws answered by a full search rather than from the listed paths.
    pub full_searches: usize,
    /// Whether the uncertain link lengths were drawn too (`draw_lengths`); when not, every
    /// length stays at its figure.
    pub lengths: bool,
    /// How the draws spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
}

/// What the draws say of one option: the chance it is the best, and the 5th, 50th and 95th
/// percentiles of its cost and days (its best route in each draw).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Robust {
    /// The share of draws in which the option is the best (a comparison's options sum to 1);
    /// for a route, the share in which the route shown stays the best.
    pub p_best: f64,
    /// 5th percentile of USD per tonne.
    pub usd_per_t_p5: f64,
    /// Median USD per tonne.
    pub usd_per_t_p50: f64,
    /// 95th percentile of USD per tonne.
    pub usd_per_t_p95: f64,
    /// 5th percentile of days.
    pub days_p5: f64,
    /// Median days.
    pub days_p50: f64,
    /// 95th percentile of days.
    pub days_p95: f64,
}

/// The draws a query asks for, checked.
pub(crate) fn check_draws(n: usize) -> Result<(), QueryError> {
    if n > MAX_DRAWS {
        return Err(QueryError::TooMany {
            what: "draws",
            asked: n,
            max: MAX_DRAWS,
        });
    }
    Ok(())
}

/// An option's start and its stops, each with the links its segment may use.
pub(crate) type Stops = (usize, Vec<(usize, SegmentKind)>);

/// One question's options, each from a start through its stops.
pub(crate) struct Question<'a> {
    pub view: &'a View,
    pub metric: Metric,
    /// Per row, per option: (from, stops) or `None` when the option has no route.
    pub rows: Vec<Vec<Option<Stops>>>,
    /// Per row, per option: the route shown, to count the draws in which it stays the best
    /// (empty: count the draws in which the option is the row's best).
    pub shown: Vec<Vec<Vec<Step>>>,
    /// The most paths an option keeps as candidates.
    pub max_candidates: usize,
    /// Whether the link lengths move (the length shifts are drawn); when not, they stay at 0.
    pub lengths: bool,
}

impl<'a> Question<'a> {
    /// A question with the usual cap on candidates.
    pub(crate) fn new(
        view: &'a View,
        metric: Metric,
        rows: Vec<Vec<Option<Stops>>>,
        shown: Vec<Vec<Vec<Step>>>,
    ) -> Question<'a> {
        Question {
            view,
            metric,
            rows,
            shown,
            max_candidates: MAX_CANDIDATES,
            lengths: false,
        }
    }
}

/// A path that can be best for some values, with its metric, cost and time as forms.
pub(crate) struct Candidate {
    pub steps: Vec<Step>,
    pub select: Form,
    cost: Form,
    time: Form,
}

/// One option, planned.
pub(crate) struct Plan {
    from: usize,
    stops: Vec<(usize, SegmentKind)>,
    pub candidates: Vec<Candidate>,
    /// The least weight of any path not listed: a draw whose best candidate weighs no more
    /// is answered exactly.
    bound: f64,
}

/// An arc of the explicit search graph of one option.
struct Edge {
    to: u32,
    low: f64,
    high: f64,
    form: Form,
    step: Option<Step>,
}

/// Shortest weights to `target` over reversed edges.
fn to_target(n: usize, rev: &[Vec<(u32, f64)>], target: usize) -> Vec<f64> {
    let mut d = vec![f64::INFINITY; n];
    let mut heap = BinaryHeap::new();
    d[target] = 0.0;
    heap.push(Reverse((OrdF64(0.0), target as u32)));
    while let Some(Reverse((OrdF64(x), v))) = heap.pop() {
        if x > d[v as usize] {
            continue;
        }
        for &(u, w) in &rev[v as usize] {
            let y = x + w;
            if y < d[u as usize] {
                d[u as usize] = y;
                heap.push(Reverse((OrdF64(y), u)));
            }
        }
    }
    d
}

impl Plan {
    /// Lists the paths of one option that can be best within the ranges.
    pub(crate) fn new(
        forms: &Forms<'_>,
        metric: Metric,
        ranges: &Ranges,
        from: usize,
        stops: Vec<(usize, SegmentKind)>,
        max_candidates: usize,
    ) -> Option<Plan> {
        let g = forms.g;
        let states = &g.states;
        // Nodes of the explicit graph: 0 is the end, then (layer, state) pairs.
        let mut index: HashMap<(u32, u32), u32> = HashMap::new();
        let mut nodes: Vec<(u32, u32)> = vec![(u32::MAX, u32::MAX)];
        let mut out: Vec<Vec<Edge>> = vec![Vec::new()];
        let start = (0u32, states.of(from, START) as u32);
        index.insert(start, 1);
        nodes.push(start);
        out.push(Vec::new());
        let mut next = 1;
        while next < nodes.len() {
            let (layer, s) = nodes[next];
            let (v, class) = (states.node[s as usize] as usize, states.class[s as usize]);
            let (stop, kind) = stops[layer as usize];
            let mut edges = Vec::new();
            let mut reach =
                |key: (u32, u32), nodes: &mut Vec<(u32, u32)>, out: &mut Vec<Vec<Edge>>| {
                    *index.entry(key).or_insert_with(|| {
                        nodes.push(key);
                        out.push(Vec::new());
                        (nodes.len() - 1) as u32
                    })
                };
            if v == stop {
                let to = if layer as usize + 1 == stops.len() {
                    0
                } else {
                    reach((layer + 1, s), &mut nodes, &mut out)
                };
                edges.push(Edge {
                    to,
                    low: 0.0,
                    high: 0.0,
                    form: Form::default(),
                    step: None,
                });
            }
            for arc in g.out(v) {
                let l = arc.link as usize;
                let usable = forms.view.open[l]
                    && match kind {
                        SegmentKind::Any => true,
                        SegmentKind::Land => g.class[l] != SEA,
                        SegmentKind::Sea => g.class[l] == SEA,
                    };
                if !usable {
                    continue;
                }
                let head = arc.head as usize;
                let (tk, next_class) = transfer(class, g.class[l]);
                let t = if arc.arrive != u32::MAX {
                    arc.arrive
                } else {
                    states.of(head, next_class) as u32
                };
                let mut f = forms.transfer(metric, v, tk);
                f.extend(&forms.link(metric, l, head));
                let f = f.merged();
                edges.push(Edge {
                    to: reach((layer, t), &mut nodes, &mut out),
                    low: f.extreme(ranges, false),
                    high: f.extreme(ranges, true),
                    form: f,
                    step: Some(Step {
                        link: arc.link,
                        from: v as u32,
                        to: arc.head,
                    }),
                });
            }
            out[next] = edges;
            next += 1;
        }
        let n = nodes.len();
        let mut rev_low: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        let mut rev_high: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for (x, es) in out.iter().enumerate() {
            for e in es {
                rev_low[e.to as usize].push((x as u32, e.low));
                rev_high[e.to as usize].push((x as u32, e.high));
            }
        }
        let h = to_target(n, &rev_low, 0);
        let worst = to_target(n, &rev_high, 0)[1];
        if !h[1].is_finite() {
            return None;
        }
        let limit = worst + 1e-9 * worst.abs().max(1.0);
        // Best-first over partial paths by their least weight plus the least to the end,
        // keeping at each search state only those no other beats for every value in the
        // ranges: a path whose start is beaten is beaten whole.
        struct Label {
            node: u32,
            parent: u32,
            edge: u32,
            form: Form,
            dead: bool,
        }
        let mut labels: Vec<Label> = vec![Label {
            node: 1,
            parent: u32::MAX,
            edge: u32::MAX,
            form: Form::default(),
            dead: false,
        }];
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); n];
        at[1].push(0);
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((OrdF64(h[1]), 0u32)));
        let mut found: Vec<Vec<Step>> = Vec::new();
        let mut bound = f64::INFINITY;
        let mut expansions = 0;
        while let Some(Reverse((OrdF64(f), li))) = heap.pop() {
            if labels[li as usize].dead {
                continue;
            }
            if found.len() >= max_candidates || expansions >= MAX_EXPANSIONS {
                bound = f;
                break;
            }
            let x = labels[li as usize].node;
            if x == 0 {
                let mut steps = Vec::new();
                let mut at_label = li;
                while labels[at_label as usize].parent != u32::MAX {
                    let l = &labels[at_label as usize];
                    let px = labels[l.parent as usize].node;
                    if let Some(s) = out[px as usize][l.edge as usize].step {
                        steps.push(s);
                    }
                    at_label = l.parent;
                }
                steps.reverse();
                if !found.contains(&steps) {
                    found.push(steps);
                }
                continue;
            }
            expansions += 1;
            for (k, ed) in out[x as usize].iter().enumerate() {
                let y = ed.to as usize;
                if !h[y].is_finite() {
                    continue;
                }
                let mut form = labels[li as usize].form.clone();
                form.extend(&ed.form);
                let form = form.merged();
                let fy = form.extreme(ranges, false) + h[y];
                if fy.is_nan() || fy > limit {
                    continue;
                }
                let beats = |a: &Form, b: &Form| a.never_below(b, ranges);
                if at[y]
                    .iter()
                    .any(|&m| !labels[m as usize].dead && beats(&form, &labels[m as usize].form))
                {
                    continue;
                }
                for &m in &at[y] {
                    if !labels[m as usize].dead && beats(&labels[m as usize].form, &form) {
                        labels[m as usize].dead = true;
                    }
                }
                labels.push(Label {
                    node: y as u32,
                    parent: li,
                    edge: k as u32,
                    form,
                    dead: false,
                });
                let id = (labels.len() - 1) as u32;
                at[y].push(id);
                heap.push(Reverse((OrdF64(fy), id)));
            }
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for steps in found {
            let select = forms.path(metric, &steps);
            // A path another beats for every value in the ranges is never the best.
            let beaten = candidates
                .iter()
                .any(|c| select.never_below(&c.select, ranges));
            if beaten {
                continue;
            }
            candidates.push(Candidate {
                cost: forms.path(Metric::Cost, &steps),
                time: forms.path(Metric::Time, &steps),
                select,
                steps,
            });
        }
        // A path beaten everywhere by the mean of two others is never the best either: where
        // it would beat one of them, the other beats it. (Checked against pairs of the
        // earliest listed, which are the likeliest winners.)
        let head = candidates.len().min(32);
        let mut means: Vec<(usize, usize, Form)> = Vec::new();
        for a in 0..head {
            for b in a + 1..head {
                let mut mean = candidates[a].select.clone();
                mean.extend(&candidates[b].select);
                let mut mean = mean.merged();
                mean.konst *= 0.5;
                for t in &mut mean.terms {
                    t.coef *= 0.5;
                }
                means.push((a, b, mean));
            }
        }
        // Sound whether or not the pair was itself dropped: at any values, follow the chain
        // of paths at least as good and it ends at one that is kept.
        let mut dropped = vec![false; candidates.len()];
        for (k, c) in candidates.iter().enumerate() {
            dropped[k] = means
                .iter()
                .any(|(a, b, mean)| *a != k && *b != k && c.select.never_below(mean, ranges));
        }
        let mut keep = dropped.iter().map(|d| !d);
        candidates.retain(|_| keep.next().unwrap_or(true));
        Some(Plan {
            from,
            stops,
            candidates,
            bound,
        })
    }
}

impl Plan {
    /// The best path of the option with every parameter at `v`, and its weight: from the
    /// candidates when they vouch for it, else by a full search with those weights.
    pub(crate) fn best(
        &self,
        net: &Network,
        q: &Question<'_>,
        v: &[f64],
    ) -> Option<(f64, Vec<Step>)> {
        let best = self
            .candidates
            .iter()
            .map(|c| (c.select.eval(v), c))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((x, c)) if x <= self.bound => Some((x, c.steps.clone())),
            _ => self.searched(net, q, v),
        }
    }

    /// The best path of the option with every parameter at `v`, and its weight, by a full
    /// search: for values outside the ranges the candidates were listed for.
    pub(crate) fn searched(
        &self,
        net: &Network,
        q: &Question<'_>,
        v: &[f64],
    ) -> Option<(f64, Vec<Step>)> {
        let (data, g) = (&net.data, net.graph());
        let w = Weights::with(data, g, net.risk(), q.view, q.metric, v);
        let forms = Forms {
            net: data,
            g,
            view: q.view,
            risk: net.risk(),
            lengths: true,
        };
        // The least over the ways of keeping banned countries apart, as the route finds it.
        let mut best: Option<(f64, Vec<Step>)> = None;
        let _ = q.view.each_apart(data, |apart| {
            if let Some(steps) = via_path(g, &w, &apart.open, self.from, &self.stops) {
                let x = forms.path(q.metric, &steps).eval(v);
                if best.as_ref().is_none_or(|(b, _)| x < *b) {
                    best = Some((x, steps));
                }
            }
            Ok::<(), ()>(())
        });
        best
    }
}

impl Network {
    /// Plans every option of a question (`None` for one with no route), telling `watch` of
    /// each option planned (`route plans`: with the lengths drawn too, planning is most of the
    /// work), and stopping when it is cancelled.
    pub(crate) fn plan(
        &self,
        q: &Question<'_>,
        watch: Option<&Progress>,
    ) -> Result<Vec<Vec<Option<Plan>>>, Stopped> {
        let options = q.rows.iter().map(Vec::len).sum();
        let meter = Meter::start(watch, "route plans", options)?;
        let forms = Forms {
            net: &self.data,
            g: self.graph(),
            view: q.view,
            risk: self.risk(),
            lengths: q.lengths,
        };
        let params = self.parameters();
        let mut lo: Vec<f64> = params.iter().map(|p| p.low).collect();
        let mut hi: Vec<f64> = params.iter().map(|p| p.high).collect();
        let mut shifts = self.data.uncertain.lengths;
        if !q.lengths {
            // The lengths stay at their figures: the shifts are fixed at 0.
            for p in shifts.into_iter().filter(|&p| p != NONE) {
                (lo[p as usize], hi[p as usize]) = (0.0, 0.0);
            }
            shifts = [NONE; 2];
        }
        let ranges = Ranges::new(lo, hi, shifts);
        q.rows
            .par_iter()
            .map(|row| {
                row.iter()
                    .map(|o| {
                        let plan = o.clone().and_then(|(from, stops)| {
                            // One plan for each way of keeping banned countries apart, their
                            // candidates together: each lawful path is a candidate of one.
                            let mut merged: Option<Plan> = None;
                            let _ = q.view.each_apart(&self.data, |apart| {
                                let forms = Forms {
                                    view: apart,
                                    ..forms
                                };
                                let plan = Plan::new(
                                    &forms,
                                    q.metric,
                                    &ranges,
                                    from,
                                    stops.clone(),
                                    q.max_candidates,
                                );
                                merged = match (merged.take(), plan) {
                                    (Some(mut a), Some(b)) => {
                                        a.candidates.extend(b.candidates);
                                        a.bound = a.bound.min(b.bound);
                                        Some(a)
                                    }
                                    (a, b) => a.or(b),
                                };
                                Ok::<(), ()>(())
                            });
                            merged
                        });
                        meter.add(1)?;
                        Ok(plan)
                    })
                    .collect()
            })
            .collect()
    }
}

/// Per row of a question, per option: what the draws say (`None`: the option has no route).
pub(crate) type Answers = Vec<Vec<Option<Robust>>>;

/// Per option of a row: its results in every draw.
struct Samples {
    usd: Vec<f64>,
    days: Vec<f64>,
    best: usize,
}

/// How many draws are evaluated together, one parameter's values contiguous.
const BLOCK: usize = 256;

/// An option's candidates ready for evaluation over blocks of draws: the first candidate in
/// full, every other as its difference from the first (paths share most of their length, so a
/// difference has few terms), and each candidate's cost and time; parameters renumbered.
struct Fast {
    first: Form,
    diffs: Vec<Form>,
    cost: Vec<Form>,
    time: Vec<Form>,
    /// The candidate that is the route shown, when one is.
    shown: Option<usize>,
}

impl Network {
    /// Answers a question's options in the draws of `s`: per row, per option, what the
    /// draws say (`None` for an option with no route), and how the draws were made. Tells
    /// `watch` of each block of draws done (a draw counts once every row has it), and stops
    /// when it is cancelled.
    pub(crate) fn robust(
        &self,
        q: &Question<'_>,
        s: &Sampler,
        watch: Option<&Progress>,
    ) -> Result<(Answers, Draws), Stopped> {
        let n = s.n;
        let data = &self.data;
        let g: &Graph = self.graph();
        let forms = Forms {
            net: data,
            g,
            view: q.view,
            risk: self.risk(),
            lengths: q.lengths,
        };
        let params = self.parameters();
        let plans = self.plan(q, watch)?;
        let meter = Meter::start_per(watch, "draws", n, plans.len())?;
        // The parameters any candidate weighs, numbered densely, and their draws.
        let mut local = vec![u32::MAX; params.len()];
        let mut used: Vec<u32> = Vec::new();
        for c in plans.iter().flatten().flatten().flat_map(|p| &p.candidates) {
            for t in c
                .select
                .terms
                .iter()
                .chain(&c.cost.terms)
                .chain(&c.time.terms)
            {
                for p in [t.a, t.b, t.len] {
                    if p != NONE && local[p as usize] == u32::MAX {
                        local[p as usize] = used.len() as u32;
                        used.push(p);
                    }
                }
            }
        }
        // Parameter by parameter, so a block of draws reads contiguous values.
        let mut values = vec![0.0; used.len() * n];
        if n > 0 {
            values.par_chunks_mut(n).zip(&used).for_each(|(col, &p)| {
                let param = &params[p as usize];
                if !q.lengths && param.kind == ParameterKind::LengthShift {
                    col.fill(param.base);
                    return;
                }
                let numbers = s.column(param);
                for (i, x) in col.iter_mut().enumerate() {
                    *x = drawn(param, &numbers, i);
                }
            });
        }
        let map = |p: u32| local[p as usize];
        let fast: Vec<Vec<Option<Fast>>> = plans
            .iter()
            .zip(&q.shown)
            .map(|(row, shown)| {
                row.iter()
                    .enumerate()
                    .map(|(o, p)| {
                        let p = p.as_ref()?;
                        let first = p.candidates.first()?;
                        Some(Fast {
                            first: first.select.renumbered(&map),
                            diffs: p
                                .candidates
                                .iter()
                                .map(|c| c.select.minus(&first.select).renumbered(&map))
                                .collect(),
                            cost: p
                                .candidates
                                .iter()
                                .map(|c| c.cost.renumbered(&map))
                                .collect(),
                            time: p
                                .candidates
                                .iter()
                                .map(|c| c.time.renumbered(&map))
                                .collect(),
                            shown: shown
                                .get(o)
                                .and_then(|s| p.candidates.iter().position(|c| c.steps == *s)),
                        })
                    })
                    .collect()
            })
            .collect();
        let full = std::sync::atomic::AtomicUsize::new(0);
        let same_as_select = q.metric == Metric::Cost;
        let answers = plans
            .par_iter()
            .zip(&fast)
            .zip(&q.shown)
            .map(|((row, fast), shown)| {
                let mut samples: Vec<Samples> = row
                    .iter()
                    .map(|_| Samples {
                        usd: Vec::with_capacity(n),
                        days: Vec::with_capacity(n),
                        best: 0,
                    })
                    .collect();
                let mut sel = [0.0; BLOCK];
                let mut diff = [0.0; BLOCK];
                let mut best_d = [0.0; BLOCK];
                let mut best_k = [0u32; BLOCK];
                let mut row_best = [(f64::INFINITY, u32::MAX); BLOCK];
                for i0 in (0..n).step_by(BLOCK) {
                    let len = BLOCK.min(n - i0);
                    row_best[..len].fill((f64::INFINITY, u32::MAX));
                    for (o, (plan, fo)) in row.iter().zip(fast).enumerate() {
                        let (Some(plan), Some(fo)) = (plan, fo) else {
                            continue;
                        };
                        eval_block(&fo.first, &values, n, i0, &mut sel[..len]);
                        best_d[..len].fill(0.0);
                        best_k[..len].fill(0);
                        for (k, d) in fo.diffs.iter().enumerate().skip(1) {
                            eval_block(d, &values, n, i0, &mut diff[..len]);
                            for b in 0..len {
                                if diff[b] < best_d[b] {
                                    best_d[b] = diff[b];
                                    best_k[b] = k as u32;
                                }
                            }
                        }
                        for b in 0..len {
                            let i = i0 + b;
                            let k = best_k[b] as usize;
                            let mut x = sel[b] + best_d[b];
                            let (usd, hours, stays) = if x <= plan.bound {
                                let usd = if same_as_select {
                                    x
                                } else {
                                    eval_at(&fo.cost[k], &values, n, i)
                                };
                                (
                                    usd,
                                    eval_at(&fo.time[k], &values, n, i),
                                    fo.shown == Some(k),
                                )
                            } else {
                                // The listed paths cannot vouch for this draw: search it.
                                full.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                let all = self.drawn_values(s, i, q.lengths);
                                let Some((sel, steps)) = plan.best(self, q, &all) else {
                                    continue;
                                };
                                x = sel;
                                let stays = shown.get(o).is_some_and(|s| *s == steps);
                                (
                                    forms.path(Metric::Cost, &steps).eval(&all),
                                    forms.path(Metric::Time, &steps).eval(&all),
                                    stays,
                                )
                            };
                            let s = &mut samples[o];
                            s.usd.push(usd);
                            s.days.push(hours / 24.0);
                            if stays {
                                s.best += 1;
                            }
                            if x < row_best[b].0 {
                                row_best[b] = (x, o as u32);
                            }
                        }
                    }
                    for &(_, o) in &row_best[..len] {
                        let o = o as usize;
                        if o < samples.len() && shown.get(o).is_none_or(|s| s.is_empty()) {
                            samples[o].best += 1;
                        }
                    }
                    meter.add(len)?;
                }
                Ok(samples
                    .into_iter()
                    .map(|mut s| {
                        if s.usd.is_empty() {
                            return None;
                        }
                        let [u5, u50, u95] = percentiles(&mut s.usd);
                        let [d5, d50, d95] = percentiles(&mut s.days);
                        Some(Robust {
                            p_best: s.best as f64 / n as f64,
                            usd_per_t_p5: u5,
                            usd_per_t_p50: u50,
                            usd_per_t_p95: u95,
                            days_p5: d5,
                            days_p50: d50,
                            days_p95: d95,
                        })
                    })
                    .collect())
            })
            .collect::<Result<_, Stopped>>()?;
        let draws = Draws {
            n,
            seed: s.seed,
            full_searches: full.into_inner(),
            lengths: q.lengths,
            sampling: s.sampling,
        };
        Ok((answers, draws))
    }
}

#[cfg(test)]
mod tests {
    use super::{Question, Sampler, Sampling};
    use crate::analysis::route::RouteQuery;
    use crate::network::Network;

    /// With the candidate lists cut to one path, most draws fall back to a full search: the
    /// answers are the same as with the whole lists.
    #[test]
    fn draws_the_candidates_cannot_vouch_for_are_searched() {
        let net = Network::trans_afghan();
        // Ports India's ban leaves open to cargo for India.
        let rows = ["tashkent", "kashgar", "termez"]
            .iter()
            .map(|from| {
                ["chabahar", "bandar-abbas"]
                    .iter()
                    .map(|p| {
                        let q = RouteQuery::new(*from, "mundra").via_port(*p);
                        Some(net.route_stops(&q).unwrap())
                    })
                    .collect()
            })
            .collect::<Vec<_>>();
        let ask = |cap: usize| {
            let mut q = Question::new(
                net.today(),
                crate::model::Metric::Cost,
                rows.clone(),
                vec![Vec::new(); 3],
            );
            q.max_candidates = cap;
            net.robust(
                &q,
                &Sampler {
                    n: 300,
                    seed: 2,
                    sampling: Sampling::Independent,
                },
                None,
            )
            .unwrap()
        };
        let (whole, d) = ask(super::MAX_CANDIDATES);
        let (cut, dc) = ask(1);
        assert_eq!(d.full_searches, 0);
        assert!(dc.full_searches > 100, "{}", dc.full_searches);
        for (a, b) in whole.iter().flatten().zip(cut.iter().flatten()) {
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!(a.p_best, b.p_best);
            for (x, y) in [
                (a.usd_per_t_p5, b.usd_per_t_p5),
                (a.usd_per_t_p50, b.usd_per_t_p50),
                (a.usd_per_t_p95, b.usd_per_t_p95),
                (a.days_p50, b.days_p50),
            ] {
                assert!((x - y).abs() <= 1e-9 * x.abs(), "{x} vs {y}");
            }
        }
    }
}
