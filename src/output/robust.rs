//! How sure an answer is, as text: the columns a comparison with draws gains, the lines a
//! route gains, and the sensitivity table.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{Draws, LoadDraws, PriceDraws, Robust, Sampling, Sensitivity};
use crate::output::grouped;
use crate::output::table::{wrapped, write_day};
use crate::output::utilisation::percent;

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

/// The line that opens what draws on networks rebuilt whole say (`indent` before it): how
/// many, of what, their seed, and how the figures after it read.
pub(crate) fn write_held_draws(
    f: &mut Formatter<'_>,
    indent: &str,
    n: usize,
    sampling: Sampling,
    seed: u64,
) -> fmt::Result {
    writeln!(
        f,
        "{indent}over {} of every uncertain figure but link lengths (seed {seed}), median (5th–95th percentile):",
        counted(n, sampling),
    )
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

impl Sensitivity {
    /// The table with only the `top` largest swings; its last line still counts them all.
    /// Any `top` will do: beyond the parameters there are, every one is shown. (A precision,
    /// `format!("{s:.10}")`, does the same for a `top` up to 65,535, the most it holds.)
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SensitivityQuery};
    /// let net = Network::trans_afghan();
    /// let s = net.sensitivity(&SensitivityQuery::new("kabul", "mundra")).unwrap();
    /// assert_eq!(s.table(3), format!("{s:.3}"));
    /// assert_eq!(s.table(100_000), s.to_string());
    /// ```
    pub fn table(&self, top: usize) -> String {
        Top(self, top).to_string()
    }

    /// The table with the `shown` largest swings.
    fn write_table(&self, f: &mut Formatter<'_>, shown: usize) -> fmt::Result {
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

/// A sensitivity table cut to its largest swings: [`Sensitivity::table`].
struct Top<'a>(&'a Sensitivity, usize);

impl Display for Top<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.write_table(f, self.1)
    }
}

impl Display for Sensitivity {
    /// The table; a precision (`{:.10}`) shows only that many of the largest swings.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.write_table(f, f.precision().unwrap_or(self.parameters.len()))
    }
}

/// `median (p5–p95)` of percentiles 5, 50 and 95, each written by `fmt`.
pub(crate) fn spread(p: &[f64; 3], fmt: impl Fn(f64) -> String) -> String {
    format!("{} ({}–{})", fmt(p[1]), fmt(p[0]), fmt(p[2]))
}

/// What draws say of an assignment's loads (those worth a line: over 0.05 Mt/yr at the 95th
/// percentile or full in some draw) and, where capacities bind (`within`), its prices.
pub(crate) fn write_load_price_draws(
    f: &mut Formatter<'_>,
    loads: &[LoadDraws],
    prices: &[PriceDraws],
    within: bool,
) -> fmt::Result {
    let mtpa = |v| grouped(v, 1);
    // Links loaded in only a few draws, and lightly, would fill the page: counted, not listed.
    let shown = |l: &&LoadDraws| l.load_mtpa[2] >= 0.05 || l.chance_full > 0.0;
    if loads.iter().any(|l| shown(&l)) {
        writeln!(
            f,
            "  {:<34} {:>7} {:>7} {:>7} {:>6}",
            "link",
            "5%",
            "median",
            "95%",
            if within { "full" } else { "over" }
        )?;
    }
    for l in loads.iter().filter(shown) {
        writeln!(
            f,
            "  {:<34} {:>7} {:>7} {:>7} {:>5}%",
            l.link,
            mtpa(l.load_mtpa[0]),
            mtpa(l.load_mtpa[1]),
            mtpa(l.load_mtpa[2]),
            percent(l.chance_full)
        )?;
    }
    let rest = loads.len() - loads.iter().filter(shown).count();
    if rest > 0 {
        writeln!(
            f,
            "  and {rest} link{} loaded in some draws, under 0.05 Mt/yr at the 95th percentile",
            if rest == 1 { "" } else { "s" }
        )?;
    }
    let prices: Vec<String> = prices
        .iter()
        .filter(|p| p.usd_per_t[2] >= 0.005)
        .map(|p| {
            format!(
                "{} {} in {}%",
                p.id,
                spread(&p.usd_per_t, |v| grouped(v, 2)),
                percent(p.chance_full)
            )
        })
        .collect();
    if !prices.is_empty() {
        wrapped(
            f,
            "  full, price in USD/t and share of draws full:",
            &prices,
            "; ",
            4,
        )?;
    }
    let free = prices.len() - prices.len();
    if free > 0 {
        writeln!(
            f,
            "  and {free} full in a few draws at a price under 0.01 USD/t at the 95th percentile"
        )?;
    }
    Ok(())
}
