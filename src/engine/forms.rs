//! Weights as functions of the parameters. Along a fixed path, a route's cost is a constant
//! plus a sum of rates times lengths and of crossing and transfer costs, and its time a
//! constant plus lengths over speeds and crossing and transfer hours: a [`Form`] holds that
//! sum, so a path's metric in any draw is a few multiplications, with no search.
//!
//! Each form mirrors [`Weights::with`](crate::engine::Weights::with) term for term; a test
//! checks the two agree on every link and transfer of the bundled network.

use crate::engine::dijkstra::Step;
use crate::engine::graph::{Graph, START, transfer};
use crate::engine::view::View;
use crate::engine::weights::{Risk, TIE_BREAK};
use crate::model::records::{NONE, handling_slot};
use crate::model::{Metric, Records, TransferKind};

/// One term of a weight: `coef × mean(a, b)`, or `coef / mean(a, b)` when `inverse` (a length
/// over a speed). `a == b` for a figure that is one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    pub a: u32,
    pub b: u32,
    pub coef: f64,
    pub inverse: bool,
}

impl Term {
    /// The term's value with the parameters at `v`.
    #[inline]
    pub(crate) fn eval(&self, v: &[f64]) -> f64 {
        let m = (v[self.a as usize] + v[self.b as usize]) * 0.5;
        if self.inverse {
            self.coef / m
        } else {
            self.coef * m
        }
    }

    /// The term's least (or, `greatest`, largest) value with every parameter in `[lo, hi]`:
    /// a term moves one way in both its parameters, so it is reached at one corner.
    fn extreme(&self, lo: &[f64], hi: &[f64], greatest: bool) -> f64 {
        let rising = (self.coef >= 0.0) != self.inverse;
        self.eval(if rising == greatest { hi } else { lo })
    }
}

/// A weight as a function of the parameters: `konst + Σ terms`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Form {
    pub konst: f64,
    pub terms: Vec<Term>,
}

impl Form {
    fn constant(konst: f64) -> Form {
        Form {
            konst,
            terms: Vec::new(),
        }
    }

    /// Adds `coef` times parameter `p`.
    fn param(&mut self, p: u32, coef: f64) {
        self.terms.push(Term {
            a: p,
            b: p,
            coef,
            inverse: false,
        });
    }

    /// Adds another form.
    pub(crate) fn extend(&mut self, o: &Form) {
        self.konst += o.konst;
        self.terms.extend_from_slice(&o.terms);
    }

    /// The value with the parameters at `v`.
    #[inline]
    pub(crate) fn eval(&self, v: &[f64]) -> f64 {
        self.terms.iter().fold(self.konst, |s, t| s + t.eval(v))
    }

    /// The least (or largest) value with every parameter in `[lo, hi]`, each term bounded on
    /// its own: exact for a form whose terms share no parameter, a bound otherwise.
    pub(crate) fn extreme(&self, lo: &[f64], hi: &[f64], greatest: bool) -> f64 {
        self.terms
            .iter()
            .fold(self.konst, |s, t| s + t.extreme(lo, hi, greatest))
    }

    /// The same function with like terms (same parameters and shape) summed into one and
    /// zero terms dropped: fewer terms to evaluate, and in a difference of two paths the
    /// parameters they share cancel.
    pub(crate) fn merged(mut self) -> Form {
        // A rate that is the mean of two tariffs is linear in each: split it, so that a
        // difference of two paths cancels what they share exactly.
        let mut split = Vec::with_capacity(self.terms.len());
        for t in self.terms {
            if t.a != t.b && !t.inverse {
                let half = t.coef * 0.5;
                split.push(Term {
                    b: t.a,
                    coef: half,
                    ..t
                });
                split.push(Term {
                    a: t.b,
                    coef: half,
                    ..t
                });
            } else {
                split.push(t);
            }
        }
        self.terms = split;
        self.terms.sort_by(|x, y| {
            (x.a, x.b, x.inverse)
                .cmp(&(y.a, y.b, y.inverse))
                .then(x.coef.total_cmp(&y.coef))
        });
        let mut out: Vec<Term> = Vec::with_capacity(self.terms.len());
        for t in self.terms {
            match out.last_mut() {
                Some(o) if (o.a, o.b, o.inverse) == (t.a, t.b, t.inverse) => o.coef += t.coef,
                _ => out.push(t),
            }
        }
        out.retain(|t| t.coef != 0.0);
        Form {
            konst: self.konst,
            terms: out,
        }
    }

    /// `self − o`, merged.
    pub(crate) fn minus(&self, o: &Form) -> Form {
        let mut d = self.clone();
        d.konst -= o.konst;
        d.terms.extend(o.terms.iter().map(|t| Term {
            coef: -t.coef,
            ..*t
        }));
        d.merged()
    }

    /// Whether `self ≥ o` for every value of the parameters in `[lo, hi]` (bounding each
    /// term of the difference on its own, so `true` is certain and `false` may be cautious).
    /// Both forms must be merged; nothing is allocated.
    pub(crate) fn never_below(&self, o: &Form, lo: &[f64], hi: &[f64]) -> bool {
        let key = |t: &Term| (t.a, t.b, t.inverse);
        let (mut i, mut j) = (0, 0);
        let mut least = self.konst - o.konst;
        let (x, y) = (&self.terms, &o.terms);
        while i < x.len() || j < y.len() {
            let t = match (x.get(i), y.get(j)) {
                (Some(a), Some(b)) if key(a) == key(b) => {
                    i += 1;
                    j += 1;
                    Term {
                        coef: a.coef - b.coef,
                        ..*a
                    }
                }
                (Some(a), Some(b)) if key(a) < key(b) => {
                    i += 1;
                    *a
                }
                (Some(a), None) => {
                    i += 1;
                    *a
                }
                (_, Some(b)) => {
                    j += 1;
                    Term {
                        coef: -b.coef,
                        ..*b
                    }
                }
                (None, None) => break,
            };
            if t.coef != 0.0 {
                least += t.extreme(lo, hi, false);
            }
        }
        least >= 0.0
    }

    /// Renumbers the parameters through `map` (global index → local).
    pub(crate) fn renumbered(&self, map: &impl Fn(u32) -> u32) -> Form {
        Form {
            konst: self.konst,
            terms: self
                .terms
                .iter()
                .map(|t| Term {
                    a: map(t.a),
                    b: map(t.b),
                    ..*t
                })
                .collect(),
        }
    }
}

/// The forms of a network's weights under one view.
#[derive(Clone, Copy)]
pub(crate) struct Forms<'a> {
    pub net: &'a Records,
    pub g: &'a Graph,
    pub view: &'a View,
    /// The yearly risk of each link, which the reliability metric weighs as a constant (the
    /// probabilities of events are not drawn).
    pub risk: &'a Risk,
}

impl Forms<'_> {
    /// A `[hours, cost]` parameter pair as a form of `metric`.
    fn pair(&self, metric: Metric, [hours, usd]: [u32; 2]) -> Form {
        let mut f = Form::default();
        match metric {
            Metric::Distance => {}
            Metric::Time => f.param(hours, 1.0),
            Metric::Cost => f.param(usd, 1.0),
            Metric::Reliability => f.param(usd, TIE_BREAK),
        }
        f
    }

    /// Link `l` traversed towards `head`, its border crossing included.
    pub(crate) fn link(&self, metric: Metric, l: usize, head: usize) -> Form {
        let (net, u) = (self.net, &self.net.uncertain);
        let link = &net.links[l];
        let [ra, rb] = u.link_rate[l];
        let usd = |scale: f64| Term {
            a: ra,
            b: rb,
            coef: link.length_km * scale,
            inverse: false,
        };
        let mut f = match metric {
            Metric::Distance => Form::constant(link.length_km),
            Metric::Time => match link.hours_override {
                Some(h) => Form::constant(h + self.view.add_hours[l]),
                None => {
                    let [sa, sb] = u.link_speed[l];
                    Form {
                        konst: self.view.add_hours[l],
                        terms: vec![Term {
                            a: sa,
                            b: sb,
                            coef: link.length_km,
                            inverse: true,
                        }],
                    }
                }
            },
            Metric::Cost => Form {
                konst: self.view.add_usd[l],
                terms: vec![usd(1.0)],
            },
            Metric::Reliability => Form {
                konst: self.risk.link[l] + self.view.add_usd[l] * TIE_BREAK,
                terms: vec![usd(TIE_BREAK)],
            },
        };
        if self.g.border[l] {
            let forward = self.g.to[l] as usize == head;
            let pair = match net.crossing_at[l][usize::from(!forward)] {
                NONE => u.transfer[TransferKind::Border as usize],
                k => u.crossing[k as usize],
            };
            f.extend(&self.pair(metric, pair));
        }
        f
    }

    /// A transfer of `kind` at node `v` (nothing when `None`).
    pub(crate) fn transfer(&self, metric: Metric, v: usize, kind: Option<TransferKind>) -> Form {
        let Some(k) = kind else {
            return Form::default();
        };
        let u = &self.net.uncertain;
        let at = handling_slot(k)
            .and_then(|s| self.g.handling_at.get(v).map(|h| h[s]))
            .filter(|&h| h != NONE);
        let pair = match at {
            Some(h) => u.handling[h as usize],
            None => u.transfer[k as usize],
        };
        self.pair(metric, pair)
    }

    /// A whole path from its start, transfers included, merged.
    pub(crate) fn path(&self, metric: Metric, steps: &[Step]) -> Form {
        let mut f = Form::default();
        let mut class = START;
        for s in steps {
            let l = s.link as usize;
            let (kind, next) = transfer(class, self.g.class[l]);
            f.extend(&self.transfer(metric, s.from as usize, kind));
            f.extend(&self.link(metric, l, s.to as usize));
            class = next;
        }
        f.merged()
    }
}
