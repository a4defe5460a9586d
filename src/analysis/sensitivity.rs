//! What would flip an answer: every uncertain figure moved alone to its low and its high (a
//! tornado), whether that changes the best port or route, and where it does, the value at
//! which the winner changes.

use serde::{Deserialize, Serialize};

use crate::analysis::compare::check_ports;
use crate::analysis::draws::{Plan, Question};
use crate::analysis::route::RouteQuery;
use crate::analysis::{Day, Filter};
use crate::engine::Step;
use crate::error::QueryError;
use crate::model::{Metric, ParameterKind};
use crate::network::Network;

/// A sensitivity question: from, to, the ports compared (none: the best route), the metric.
///
/// # Example
/// ```
/// use corridors::{Network, SensitivityQuery};
/// let net = Network::trans_afghan();
/// let q = SensitivityQuery::new("tashkent", "mundra")
///     .via_port("chabahar")
///     .via_port("bandar-abbas");
/// let s = net.sensitivity(&q).unwrap();
/// assert_eq!(s.best, "bandar-abbas");
/// // Largest swing first.
/// let swing = |p: &corridors::Swing| (p.metric_at_high - p.metric_at_low).abs();
/// assert!(s.parameters.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityQuery {
    from: String,
    to: String,
    ports: Vec<String>,
    metric: Metric,
    filter: Filter,
}

impl SensitivityQuery {
    /// The best route from one node to another (by cost, on today's network).
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> SensitivityQuery {
        SensitivityQuery {
            from: from.into(),
            to: to.into(),
            ports: Vec::new(),
            metric: Metric::Cost,
            filter: Filter::new(),
        }
    }

    /// Compares routes through this port (call again for each): the winner is a port.
    pub fn via_port(mut self, id: impl Into<String>) -> SensitivityQuery {
        self.ports.push(id.into());
        self
    }

    /// What decides the winner (default: cost).
    pub fn metric(mut self, metric: Metric) -> SensitivityQuery {
        self.metric = metric;
        self
    }

    /// Which links count.
    pub fn filter(mut self, filter: Filter) -> SensitivityQuery {
        self.filter = filter;
        self
    }
}

/// One parameter moved alone to its low and its high.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Swing {
    /// The parameter's id.
    pub id: String,
    /// Its unit.
    #[serde(deserialize_with = "crate::model::unit_of")]
    pub unit: crate::model::UnitText,
    /// Its value in the file.
    pub base: f64,
    /// Its low.
    pub low: f64,
    /// Its high.
    pub high: f64,
    /// The best option's metric with the parameter at its low.
    pub metric_at_low: f64,
    /// The best option's metric with the parameter at its high.
    pub metric_at_high: f64,
    /// The best option with the parameter at its low (a port, or a route's key places).
    pub best_at_low: String,
    /// The best option with the parameter at its high.
    pub best_at_high: String,
    /// Where the winner changes, for a parameter that changes it within its range: the value
    /// nearest the file's at which another option becomes the best.
    pub break_even: Option<f64>,
}

impl Swing {
    /// Whether moving the parameter within its range changes the winner.
    pub fn flips(&self) -> bool {
        self.break_even.is_some()
    }
}

/// The answer to a [`SensitivityQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// The metric.
    pub metric: Metric,
    /// The ports compared (empty: routes compared).
    pub ports: Vec<String>,
    /// The best option with every figure at its value.
    pub best: String,
    /// Its metric.
    pub base: f64,
    /// Every parameter that weighs on the answer, largest swing first (ties by id).
    pub parameters: Vec<Swing>,
    /// How many varying parameters weigh on no option of this question.
    pub unaffected: usize,
    /// The day looked at and the file's events applied.
    #[serde(flatten)]
    pub day: Day,
}

impl Sensitivity {
    /// The parameters whose range holds a change of winner.
    pub fn flipping(&self) -> impl Iterator<Item = &Swing> {
        self.parameters.iter().filter(|s| s.flips())
    }
}

/// A route's name for a tornado: its start, the places where it crosses a border, its end.
fn route_label(net: &Network, steps: &[Step]) -> String {
    let d = &net.data;
    let mut names: Vec<&str> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let (a, b) = (s.from as usize, s.to as usize);
        if i == 0 {
            names.push(&d.nodes[a].id);
        }
        if d.nodes[a].country != d.nodes[b].country || i + 1 == steps.len() {
            if names.last() != Some(&d.nodes[a].id.as_str()) {
                names.push(&d.nodes[a].id);
            }
            names.push(&d.nodes[b].id);
        }
    }
    names.join(" → ")
}

impl Network {
    /// Moves every uncertain figure that weighs on the question alone to its low and its
    /// high, and says which changes the winner and where.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names nothing; [`QueryError::NotAPort`] for a
    /// port that is another kind of place, [`QueryError::RepeatedPort`] for one named twice.
    ///
    /// # Complexity
    /// One candidate listing per option (as for draws), then two evaluations of the candidates
    /// per parameter, and for a parameter that flips the winner about 100 more to place the
    /// break-even value to 1e-9 of its range.
    pub fn sensitivity(&self, q: &SensitivityQuery) -> Result<Sensitivity, QueryError> {
        let ports: Vec<Option<&String>> = if q.ports.is_empty() {
            vec![None]
        } else {
            q.ports.iter().map(Some).collect()
        };
        check_ports(self, &q.ports)?;
        let mut options = Vec::new();
        for p in &ports {
            let mut rq = RouteQuery::new(q.from.clone(), q.to.clone())
                .metric(q.metric)
                .filter(q.filter.clone());
            if let Some(p) = p {
                if **p != q.from && **p != q.to {
                    rq = rq.via_port((*p).clone());
                } else {
                    self.node_index(p)?;
                }
            }
            options.push(Some(self.route_stops(&rq)?));
        }
        let view = q.filter.cow_view(self)?;
        let view = &*view;
        let question = Question::new(view, q.metric, vec![options], vec![Vec::new()]);
        let plans: Vec<Option<Plan>> = self.plan(&question, None)?.pop().unwrap_or_default();
        let label = |o: usize, steps: &[Step]| match ports[o] {
            Some(p) => p.clone(),
            None => route_label(self, steps),
        };
        // The best option (first on ties) and its metric with the parameters at `v`: from
        // the candidates, or by full searches when `v` moves the lengths, which the
        // candidates were listed without.
        let winner = |v: &[f64], search: bool| -> Option<(f64, String)> {
            let mut best: Option<(f64, usize, Vec<Step>)> = None;
            for (o, plan) in plans.iter().enumerate() {
                let answer = plan.as_ref().and_then(|p| {
                    if search {
                        p.searched(self, &question, v)
                    } else {
                        p.best(self, &question, v)
                    }
                });
                let Some((x, steps)) = answer else {
                    continue;
                };
                if best.as_ref().is_none_or(|b| x < b.0) {
                    best = Some((x, o, steps));
                }
            }
            best.map(|(x, o, steps)| (x, label(o, &steps)))
        };
        let params = self.parameters();
        let base_values = self.data.uncertain.base.clone();
        let day = q.filter.day(self);
        let Some((base, best)) = winner(&base_values, false) else {
            return Ok(Sensitivity {
                from: q.from.clone(),
                to: q.to.clone(),
                metric: q.metric,
                ports: q.ports.clone(),
                best: String::new(),
                base: f64::NAN,
                parameters: Vec::new(),
                unaffected: params.iter().filter(|p| p.varies()).count(),
                day,
            });
        };
        // The parameters any candidate weighs.
        let mut weighs = vec![false; params.len()];
        for c in plans.iter().flatten().flat_map(|p| &p.candidates) {
            for t in &c.select.terms {
                weighs[t.a as usize] = true;
                weighs[t.b as usize] = true;
            }
        }
        let at = |j: usize, x: f64| {
            let mut v = base_values.clone();
            v[j] = x;
            winner(&v, params[j].kind == ParameterKind::LengthShift)
        };
        let mut swings: Vec<Swing> = Vec::new();
        let mut unaffected = 0;
        for (j, p) in params.iter().enumerate() {
            if !p.varies() {
                continue;
            }
            // The candidates are listed with the lengths at their figures, so their forms
            // leave the length shifts out: those are searched whatever the candidates weigh.
            if !weighs[j] && p.kind != ParameterKind::LengthShift {
                unaffected += 1;
                continue;
            }
            let (Some((ml, bl)), Some((mh, bh))) = (at(j, p.low), at(j, p.high)) else {
                continue;
            };
            // Where the winner first changes on the way from the file's value to the end
            // that flips it: a coarse scan, then bisection.
            let break_even = [(p.low, &bl), (p.high, &bh)]
                .into_iter()
                .filter(|(_, b)| **b != best)
                .filter_map(|(end, _)| {
                    let steps = 64;
                    let mut prev = p.base;
                    for k in 1..=steps {
                        let x = p.base + (end - p.base) * k as f64 / steps as f64;
                        if at(j, x).is_some_and(|(_, b)| b != best) {
                            let (mut same, mut other) = (prev, x);
                            for _ in 0..60 {
                                let mid = (same + other) * 0.5;
                                if at(j, mid).is_some_and(|(_, b)| b != best) {
                                    other = mid;
                                } else {
                                    same = mid;
                                }
                            }
                            return Some((same + other) * 0.5);
                        }
                        prev = x;
                    }
                    None
                })
                .min_by(|a, b| (a - p.base).abs().total_cmp(&(b - p.base).abs()));
            swings.push(Swing {
                id: p.id.clone(),
                unit: p.unit,
                base: p.base,
                low: p.low,
                high: p.high,
                metric_at_low: ml,
                metric_at_high: mh,
                best_at_low: bl,
                best_at_high: bh,
                break_even,
            });
        }
        let swing = |s: &Swing| (s.metric_at_high - s.metric_at_low).abs();
        swings.sort_by(|a, b| swing(b).total_cmp(&swing(a)).then_with(|| a.id.cmp(&b.id)));
        Ok(Sensitivity {
            from: q.from.clone(),
            to: q.to.clone(),
            metric: q.metric,
            ports: q.ports.clone(),
            best,
            base,
            parameters: swings,
            unaffected,
            day,
        })
    }
}
