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
/// over a speed), times the length parameter `len` when the link's length is uncertain
/// (`NONE`: times 1). `a == b` for a figure that is one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Term {
    pub a: u32,
    pub b: u32,
    pub len: u32,
    pub coef: f64,
    pub inverse: bool,
}

impl Term {
    /// The term's value with the mean's parameters at `v` and the length's at `w`.
    #[inline]
    fn at(&self, v: &[f64], w: &[f64]) -> f64 {
        let m = (v[self.a as usize] + v[self.b as usize]) * 0.5;
        let c = if self.len == NONE {
            self.coef
        } else {
            self.coef * w[self.len as usize]
        };
        if self.inverse { c / m } else { c * m }
    }

    /// The term's value with the parameters at `v`.
    #[inline]
    pub(crate) fn eval(&self, v: &[f64]) -> f64 {
        self.at(v, v)
    }

    /// The term's least (or, `greatest`, largest) value with every parameter in `[lo, hi]`:
    /// a term moves one way in each of its parameters, so it is reached at one corner.
    fn extreme(&self, lo: &[f64], hi: &[f64], greatest: bool) -> f64 {
        let pick = |rising: bool| if rising == greatest { hi } else { lo };
        let up = self.coef >= 0.0;
        self.at(pick(up != self.inverse), pick(up))
    }

    /// What like terms share: the same parameters in the same shape. Terms that differ only
    /// in their length parameter sort together, so a corner of [`Ranges`] can sum them.
    fn key(&self) -> (u32, u32, bool, u32) {
        (self.a, self.b, self.inverse, self.len)
    }
}

/// The box of parameter values a form is bounded over, as corners: one `[lo, hi]` box when no
/// length moves, else one per value of the length shifts (none, all longer, all shorter) with
/// the shifts fixed there. A form is linear in each shift, so its least value over the box is
/// the least over these corners; with the shifts fixed, terms that differ only in their
/// length parameter sum into one before they are bounded.
#[derive(Debug, Clone)]
pub(crate) struct Ranges {
    corners: Vec<(Vec<f64>, Vec<f64>)>,
}

impl Ranges {
    /// The ranges `[lo, hi]` of every parameter, the two length shifts being `shifts`.
    pub(crate) fn new(lo: Vec<f64>, hi: Vec<f64>, shifts: [u32; 2]) -> Ranges {
        let [longer, shorter] = shifts;
        if longer == NONE || shorter == NONE {
            return Ranges {
                corners: vec![(lo, hi)],
            };
        }
        let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]
            .into_iter()
            .map(|(up, down)| {
                let (mut l, mut h) = (lo.clone(), hi.clone());
                for (p, x) in [(longer, up), (shorter, down)] {
                    l[p as usize] = x;
                    h[p as usize] = x;
                }
                (l, h)
            })
            .collect();
        Ranges { corners }
    }
}

/// Sums the least (or largest) values of terms fed in key order over one corner, summing
/// terms with the same parameters and shape whose length parameters are fixed there.
struct Bound<'a> {
    lo: &'a [f64],
    hi: &'a [f64],
    greatest: bool,
    /// The open group: a term with the group's shape and its summed coefficient.
    group: Option<Term>,
    total: f64,
}

impl<'a> Bound<'a> {
    fn new(r: &'a Ranges, corner: usize, greatest: bool, konst: f64) -> Bound<'a> {
        let (lo, hi) = &r.corners[corner];
        Bound {
            lo,
            hi,
            greatest,
            group: None,
            total: konst,
        }
    }

    #[inline]
    fn add(&mut self, t: Term) {
        let (l, h) = (self.lo, self.hi);
        let scale = match t.len {
            NONE => 1.0,
            k if l[k as usize] == h[k as usize] => l[k as usize],
            // A length that still moves: bounded on its own.
            _ => {
                self.total += t.extreme(l, h, self.greatest);
                return;
            }
        };
        let shape = |x: &Term| (x.a, x.b, x.inverse);
        match &mut self.group {
            Some(g) if shape(g) == shape(&t) => g.coef += t.coef * scale,
            _ => {
                self.close();
                self.group = Some(Term {
                    len: NONE,
                    coef: t.coef * scale,
                    ..t
                });
            }
        }
    }

    fn close(&mut self) {
        if let Some(g) = self.group.take()
            && g.coef != 0.0
        {
            self.total += g.extreme(self.lo, self.hi, self.greatest);
        }
    }

    fn finish(mut self) -> f64 {
        self.close();
        self.total
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
            len: NONE,
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

    /// The least (or largest) value with every parameter within `r`, each group of like
    /// terms bounded on its own: exact for a form whose groups share no parameter, a bound
    /// otherwise. The form must be merged.
    pub(crate) fn extreme(&self, r: &Ranges, greatest: bool) -> f64 {
        if let [(lo, hi)] = &r.corners[..] {
            return self
                .terms
                .iter()
                .fold(self.konst, |s, t| s + t.extreme(lo, hi, greatest));
        }
        let at = |corner: usize| {
            let mut b = Bound::new(r, corner, greatest, self.konst);
            for t in &self.terms {
                b.add(*t);
            }
            b.finish()
        };
        let corners = (0..r.corners.len()).map(at);
        if greatest {
            corners.fold(f64::NEG_INFINITY, f64::max)
        } else {
            corners.fold(f64::INFINITY, f64::min)
        }
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
        self.terms
            .sort_by(|x, y| x.key().cmp(&y.key()).then(x.coef.total_cmp(&y.coef)));
        let mut out: Vec<Term> = Vec::with_capacity(self.terms.len());
        for t in self.terms {
            match out.last_mut() {
                Some(o) if o.key() == t.key() => o.coef += t.coef,
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

    /// Whether `self ≥ o` for every value of the parameters within `r` (bounding each group
    /// of like terms of the difference on its own, so `true` is certain and `false` may be
    /// cautious). Both forms must be merged; nothing is allocated.
    pub(crate) fn never_below(&self, o: &Form, r: &Ranges) -> bool {
        (0..r.corners.len()).all(|corner| self.least_above(o, r, corner) >= 0.0)
    }

    /// A lower bound of `self − o` over one corner of `r`.
    fn least_above(&self, o: &Form, r: &Ranges, corner: usize) -> f64 {
        let konst = self.konst - o.konst;
        if r.corners.len() == 1 {
            // No length moves: every term bounded on its own, the hot path of the listing.
            let (lo, hi) = &r.corners[0];
            let mut least = konst;
            self.each_difference(o, |t| least += t.extreme(lo, hi, false));
            return least;
        }
        let mut least = Bound::new(r, corner, false, konst);
        self.each_difference(o, |t| least.add(t));
        least.finish()
    }

    /// Calls `f` with each nonzero term of `self − o`, in key order (both merged).
    #[inline(always)]
    fn each_difference(&self, o: &Form, mut f: impl FnMut(Term)) {
        let (mut i, mut j) = (0, 0);
        let (x, y) = (&self.terms, &o.terms);
        while i < x.len() || j < y.len() {
            let t = match (x.get(i), y.get(j)) {
                (Some(a), Some(b)) if a.key() == b.key() => {
                    i += 1;
                    j += 1;
                    Term {
                        coef: a.coef - b.coef,
                        ..*a
                    }
                }
                (Some(a), Some(b)) if a.key() < b.key() => {
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
                f(t);
            }
        }
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
                    len: if t.len == NONE { NONE } else { map(t.len) },
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
    /// Whether lengths move: without, the length shifts' terms are left out (they are 0).
    pub lengths: bool,
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
        // A length is its figure plus how far its mode's shifts move it: one term each.
        let [up, down] = u.link_length[l];
        let [longer, shorter] = u.lengths;
        let parts = [(NONE, link.length_km), (longer, up), (shorter, -down)];
        let moves = self.lengths;
        let parts = parts
            .into_iter()
            .filter(move |&(len, km)| km != 0.0 && (moves || len == NONE));
        let terms = |a: u32, b: u32, scale: f64, inverse: bool| -> Vec<Term> {
            parts
                .clone()
                .map(|(len, km)| Term {
                    a,
                    b,
                    len,
                    coef: km * scale,
                    inverse,
                })
                .collect()
        };
        let [ra, rb] = u.link_rate[l];
        let mut f = match metric {
            Metric::Distance => {
                let mut f = Form::constant(link.length_km);
                for (len, km) in parts.clone().filter(|&(len, _)| len != NONE) {
                    f.param(len, km);
                }
                f
            }
            Metric::Time => match link.hours_override {
                Some(h) => Form::constant(h + self.view.add_hours[l]),
                None => {
                    let [sa, sb] = u.link_speed[l];
                    Form {
                        konst: self.view.add_hours[l],
                        terms: terms(sa, sb, 1.0, true),
                    }
                }
            },
            Metric::Cost => Form {
                konst: self.view.add_usd[l],
                terms: terms(ra, rb, 1.0, false),
            },
            Metric::Reliability => Form {
                konst: self.risk.link[l] + self.view.add_usd[l] * TIE_BREAK,
                terms: terms(ra, rb, TIE_BREAK, false),
            },
        };
        // What a file's scenario added here moves with its parameter.
        for &(at, p, hours) in &self.view.drawn {
            let scale = match (metric, hours) {
                _ if at as usize != l => continue,
                (Metric::Time, true) | (Metric::Cost, false) => 1.0,
                (Metric::Reliability, false) => TIE_BREAK,
                _ => continue,
            };
            f.konst -= u.base[p as usize] * scale;
            f.param(p, scale);
        }
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
