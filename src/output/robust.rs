//! How sure an answer is, as text: the columns a comparison with draws gains, the lines a
//! route gains, and the sensitivity table.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{Draws, Robust, Sampling, Sensitivity};
use crate::output::grouped;
use crate::output::table::write_day;

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

/// `N draws`, or `N stratified draws`.
pub(crate) fn counted(n: usize, sampling: Sampling) -> String {
    let kind = match sampling {
        Sampling::Independent => "",
        Sampling::Stratified => " stratified",
    };
    format!("{}{kind} draws", grouped(n as f64, 0))
}

/// The line that says how the draws were made and what `p_best` means.
pub(crate) fn write_draws(f: &mut Formatter<'_>, d: &Draws, p_best: &str) -> fmt::Result {
    write!(
        f,
        "{} of every uncertain figure{} (seed {}): {p_best}; ranges are the 5th to 95th percentiles",
        counted(d.n, d.sampling),
        if d.lengths {
            ", lengths included"
        } else {
            " but link lengths"
        },
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
        "  over {}: USD/t {} (5%) {} (median) {} (95%); days {} {} {}; the route stays the best in {:.1}% of draws",
        counted(d.n, d.sampling),
        grouped(r.usd_per_t_p5, 1),
        grouped(r.usd_per_t_p50, 1),
        grouped(r.usd_per_t_p95, 1),
        grouped(r.days_p5, 1),
        grouped(r.days_p50, 1),
        grouped(r.days_p95, 1),
        r.p_best * 100.0
    )
}

/// A figure with as many decimals as it needs to show its size (4 significant digits).
fn fig(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    grouped(x, digits)
}

impl Display for Sensitivity {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let unit = crate::output::metric_unit(self.metric);
        let through = if self.ports.is_empty() {
            String::new()
        } else {
            format!(" through {}", self.ports.join(", "))
        };
        writeln!(
            f,
            "{} → {}, best by {}{through}: {} at {} {unit}",
            self.from,
            self.to,
            self.metric,
            if self.best.is_empty() {
                "no route"
            } else {
                &self.best
            },
            fig(self.base)
        )?;
        write_day(f, &self.day, "  ")?;
        writeln!(
            f,
            "{:<58} {:>19} {:>9} {:>9}  {:<24} break-even",
            "parameter (each moved alone)", "low–high", "at low", "at high", "best at low / high"
        )?;
        // A precision (`{:.10}`) shows only that many of the largest swings.
        let shown = f.precision().unwrap_or(self.parameters.len());
        for s in self.parameters.iter().take(shown) {
            let best = if s.best_at_low == s.best_at_high {
                s.best_at_low.clone()
            } else {
                format!("{} / {}", s.best_at_low, s.best_at_high)
            };
            writeln!(
                f,
                "{:<58} {:>19} {:>9} {:>9}  {:<24} {}",
                s.id,
                format!("{}–{}", fig(s.low), fig(s.high)),
                fig(s.metric_at_low),
                fig(s.metric_at_high),
                best,
                s.break_even
                    .map(|x| format!("{} {}", fig(x), s.unit))
                    .unwrap_or_default()
            )?;
        }
        writeln!(
            f,
            "{} parameters weigh on the answer, {} of them change the winner within their range; {} other uncertain figures do not weigh on it",
            self.parameters.len(),
            self.flipping().count(),
            self.unaffected
        )
    }
}
