//! What draws say, as text: the columns a comparison gains, the lines a route gains.

use std::fmt::{self, Formatter};

use crate::analysis::{Draws, Robust};
use crate::output::grouped;

/// The heading of the columns a comparison with draws gains.
pub(crate) const HEADING: &str = "  p_best  USD/t 5–95%    days 5–95%";

/// An option's draw columns: its chance to be the best and its 90 % ranges.
pub(crate) fn cells(r: Option<&Robust>) -> String {
    match r {
        None => String::new(),
        Some(r) => format!(
            "  {:>6.3}  {:>6}–{:<6}  {:>5}–{:<5}",
            r.p_best,
            grouped(r.usd_per_t_p5, 1),
            grouped(r.usd_per_t_p95, 1),
            grouped(r.days_p5, 1),
            grouped(r.days_p95, 1)
        ),
    }
}

/// The line that says how the draws were made and what `p_best` means.
pub(crate) fn write_draws(f: &mut Formatter<'_>, d: &Draws, p_best: &str) -> fmt::Result {
    write!(
        f,
        "{} draws of every uncertain figure (seed {}): {p_best}; ranges are the 5th to 95th percentiles",
        grouped(d.n as f64, 0),
        d.seed
    )?;
    if d.full_searches > 0 {
        write!(f, "; {} draws needed a full search", d.full_searches)?;
    }
    writeln!(f)
}

/// A route's lines: its percentiles and how often it stays the best.
pub(crate) fn write_route(f: &mut Formatter<'_>, r: &Robust, d: &Draws) -> fmt::Result {
    writeln!(
        f,
        "  over {} draws: USD/t {} (5%) {} (median) {} (95%); days {} {} {}; the route stays the best in {:.1}% of draws",
        grouped(d.n as f64, 0),
        grouped(r.usd_per_t_p5, 1),
        grouped(r.usd_per_t_p50, 1),
        grouped(r.usd_per_t_p95, 1),
        grouped(r.days_p5, 1),
        grouped(r.days_p50, 1),
        grouped(r.days_p95, 1),
        r.p_best * 100.0
    )
}
