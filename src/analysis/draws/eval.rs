//! Evaluating a question's candidate paths over many draws: a form over a block of draws at
//! once, a form at one draw, and the percentiles the draws are summed up by.

use crate::engine::Form;
use crate::model::records::NONE;

/// `out[b] = f` at draws `i0 + b`, with values stored parameter by parameter (`n` each).
pub(super) fn eval_block(f: &Form, values: &[f64], n: usize, i0: usize, out: &mut [f64]) {
    out.fill(f.konst);
    let len = out.len();
    let column = |p: u32| &values[p as usize * n + i0..][..len];
    for t in &f.terms {
        let (a, b) = (column(t.a), column(t.b));
        match (t.inverse, t.len) {
            (true, NONE) => {
                for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
                    *o += t.coef / ((x + y) * 0.5);
                }
            }
            (false, NONE) => {
                for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
                    *o += t.coef * ((x + y) * 0.5);
                }
            }
            (true, k) => {
                for (((o, x), y), km) in out.iter_mut().zip(a).zip(b).zip(column(k)) {
                    *o += t.coef * km / ((x + y) * 0.5);
                }
            }
            (false, k) => {
                for (((o, x), y), km) in out.iter_mut().zip(a).zip(b).zip(column(k)) {
                    *o += t.coef * km * ((x + y) * 0.5);
                }
            }
        }
    }
}

/// `f` at draw `i`, with values stored parameter by parameter.
pub(super) fn eval_at(f: &Form, values: &[f64], n: usize, i: usize) -> f64 {
    let at = |p: u32| values[p as usize * n + i];
    f.terms.iter().fold(f.konst, |s, t| {
        let m = (at(t.a) + at(t.b)) * 0.5;
        let c = if t.len == NONE {
            t.coef
        } else {
            t.coef * at(t.len)
        };
        s + if t.inverse { c / m } else { c * m }
    })
}

/// Nearest-rank percentiles 5, 50 and 95 of `xs` (reordered); `xs` is not empty.
pub(crate) fn percentiles(xs: &mut [f64]) -> [f64; 3] {
    let n = xs.len();
    let rank = |p: f64| (((p * n as f64).ceil() as usize).max(1) - 1).min(n - 1);
    let (r5, r50, r95) = (rank(0.05), rank(0.50), rank(0.95));
    xs.select_nth_unstable_by(r50, f64::total_cmp);
    let m = xs[r50];
    let (lower, upper) = xs.split_at_mut(r50);
    let p5 = if r5 < r50 {
        *lower.select_nth_unstable_by(r5, f64::total_cmp).1
    } else {
        m
    };
    let p95 = if r95 > r50 {
        *upper.select_nth_unstable_by(r95 - r50, f64::total_cmp).1
    } else {
        m
    };
    [p5, m, p95]
}
