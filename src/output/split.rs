//! The route-choice split as text: each flow's routes with their shares, then the loads; and
//! the table of how well each spread fits the counts.

use std::fmt::{self, Display, Formatter, Write as _};

use crate::analysis::{Split, SplitDraws, SplitFit};
use crate::model::Metric;
use crate::output::robust::{counted, spread, write_load_price_draws};
use crate::output::table::{wrapped, write_day, write_loads};
use crate::output::utilisation::percent;
use crate::output::{grouped, metric_value};

impl Display for Split {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.demands.is_empty() {
            return writeln!(f, "{}", crate::output::NO_FLOWS);
        }
        let unit = crate::output::metric_unit(self.metric);
        writeln!(
            f,
            "{} flows, {} Mt/yr, each spread over up to {} of its cheapest routes by {} (theta {}){}",
            self.demands.len(),
            grouped(self.demand_mtpa, 1),
            self.routes_per_flow,
            self.metric.as_str(),
            grouped(self.theta, 1),
            if self.capacity.is_some() {
                ", within capacity"
            } else {
                ""
            }
        )?;
        write_day(f, &self.day, "  ")?;
        for d in &self.demands {
            writeln!(f, "{} → {}, {} Mt/yr", d.from, d.to, grouped(d.mtpa, 1))?;
            let Some(first) = d.routes.first() else {
                writeln!(
                    f,
                    "  no route: {}",
                    d.reason.as_deref().unwrap_or("none found")
                )?;
                continue;
            };
            if d.routes.iter().map(|r| r.share).sum::<f64>() > 1e-12 {
                writeln!(
                    f,
                    "  {}% off the cheapest route; on average {} {unit} against {}",
                    percent(d.off_cheapest),
                    metric_value(self.metric, d.mean_value),
                    metric_value(self.metric, first.metric_value)
                )?;
            }
            if let Some(why) = d.reason.as_deref().filter(|_| d.unmet_mtpa > 0.0) {
                writeln!(f, "  {why}")?;
            }
            if let Some(x) = &d.draws {
                writeln!(
                    f,
                    "  in the draws: on average {} {unit}, {}% off the cheapest route",
                    spread(&x.mean_value, |v| metric_value(self.metric, v)),
                    spread(&x.off_cheapest, percent)
                )?;
            }
            let drawn = self.draws.is_some();
            writeln!(
                f,
                "  {:>5} {}{:>6} {:>8} {:>6} {:>5}  modes; links",
                "share",
                if drawn { "  drawn  best " } else { "" },
                "Mt/yr",
                unit,
                "×best",
                "size"
            )?;
            for (i, r) in d.routes.iter().enumerate() {
                let modes: Vec<&str> = r.modes.iter().map(|m| m.as_str()).collect();
                let range = r.draws.as_ref().map_or(String::new(), |x| {
                    format!(
                        "{:>7} {:>4}% ",
                        format!("{}–{}", percent(x.share[0]), percent(x.share[2])),
                        percent(x.chance_cheapest)
                    )
                });
                let head = format!(
                    "  {:>4}% {range}{:>6} {:>8} {:>6} {:>5}  {}; ",
                    percent(r.share),
                    grouped(r.mtpa, 2),
                    metric_value(self.metric, r.metric_value),
                    format!("{:.2}", r.relative),
                    format!("{:.2}", r.path_size),
                    modes.join("+")
                );
                if i == 0 {
                    wrapped(f, &head, &r.links, ", ", 8)?;
                } else {
                    let other: Vec<&String> = r
                        .links
                        .iter()
                        .filter(|l| !first.links.contains(l))
                        .collect();
                    let head = format!("{head}instead:");
                    wrapped(f, &head, &other, ", ", 8)?;
                }
            }
        }
        writeln!(
            f,
            "{} of {} Mt/yr routed; on average {} {}",
            grouped(self.routed_mtpa, 1),
            grouped(self.demand_mtpa, 1),
            grouped(self.total_per_year / 1e6, 2),
            crate::output::metric_total_unit(self.metric)
        )?;
        write_loads(f, &self.loads)?;
        if let Some(c) = &self.capacity {
            if c.unmet_mtpa > 0.0 {
                writeln!(
                    f,
                    "  {} Mt/yr unmet: no capacity left carries it",
                    grouped(c.unmet_mtpa, 2)
                )?;
            }
            if c.routes_added > 0 {
                writeln!(
                    f,
                    "  {} route{} taken beyond the cheapest {} to get round full capacities",
                    c.routes_added,
                    if c.routes_added == 1 { "" } else { "s" },
                    self.routes_per_flow
                )?;
            }
            let prices: Vec<String> = c
                .shadow_prices
                .iter()
                .map(|p| format!("{} {}", p.id, grouped(p.usd_per_t, 2)))
                .collect();
            if !prices.is_empty() {
                wrapped(
                    f,
                    "  full, with what a tonne a year more would save (USD/t):",
                    &prices,
                    ", ",
                    4,
                )?;
            }
        } else if !self.over_capacity.is_empty() {
            wrapped(
                f,
                "  at or over capacity (capacities do not bind a split):",
                &self.over_capacity,
                ", ",
                4,
            )?;
        }
        if let Some(d) = &self.draws {
            write_draws(f, d, self.metric, self.capacity.is_some())?;
        }
        Ok(())
    }
}

/// What the draws say of the whole split: the totals (by `metric`), each link's load and,
/// within capacity, each price.
fn write_draws(f: &mut Formatter<'_>, d: &SplitDraws, metric: Metric, within: bool) -> fmt::Result {
    let mtpa = |v| grouped(v, 1);
    writeln!(
        f,
        "over {} of every uncertain figure (seed {}), median (5th–95th percentile):",
        counted(d.n, d.sampling),
        d.seed
    )?;
    writeln!(
        f,
        "  {} of {} Mt/yr routed; {} {}",
        spread(&d.routed_mtpa, mtpa),
        spread(&d.demand_mtpa, mtpa),
        spread(&d.total_per_year, |v| grouped(v / 1e6, 1)),
        crate::output::metric_total_unit(metric)
    )?;
    if let Some(t) = &d.theta {
        let range = d.theta_range.map_or(String::new(), |[low, high]| {
            format!(", drawn from {} to {}", grouped(low, 1), grouped(high, 1))
        });
        writeln!(
            f,
            "  the spread theta drawn too: {}{range}",
            spread(t, |v| grouped(v, 1))
        )?;
    }
    write_load_price_draws(f, &d.loads, &d.prices, within)
}

/// How well each spread reproduces the counts, a line each, the best (least mean miss, then
/// most counts within, then the smaller spread) marked; a line saying so when there are no
/// counts to score against.
///
/// # Example
/// ```
/// use corridors::{Network, SplitQuery, split_fit_table};
/// let net = Network::trans_afghan();
/// let fits = net.fit_split(&SplitQuery::new(), &[2.0, 10.0]).unwrap();
/// let table = split_fit_table(&fits);
/// assert!(table.starts_with("    theta  within   mean miss"));
/// assert_eq!(table.lines().filter(|l| l.ends_with("best")).count(), 1);
/// ```
pub fn split_fit_table(fits: &[SplitFit]) -> String {
    if fits.iter().all(|x| x.fit.counts == 0) {
        return "no counts: the file has no [[observed]] records to score a spread against\n"
            .into();
    }
    let best = fits
        .iter()
        .enumerate()
        .min_by(|(_, a), (_, b)| {
            a.fit
                .mean_miss
                .total_cmp(&b.fit.mean_miss)
                .then(b.fit.within.cmp(&a.fit.within))
                .then(a.theta.total_cmp(&b.theta))
        })
        .map(|(i, _)| i);
    let mut out = String::from("    theta  within   mean miss\n");
    for (i, x) in fits.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>7}  {:>6}   {:>9}{}",
            grouped(x.theta, 1),
            format!("{}/{}", x.fit.within, x.fit.counts),
            format!("{:.3}", x.fit.mean_miss),
            if Some(i) == best { "  best" } else { "" }
        );
    }
    // A best that no count supports, or one where cost plays no part, does not pick θ: say so
    // rather than let the mark stand as a fit.
    if let Some(b) = best.map(|i| &fits[i]) {
        let note = match (b.fit.within == 0, b.theta == 0.0) {
            (true, true) => {
                "best by mean miss, yet it meets no count within its range, and theta 0 leaves \
                 cost out\n    (path size alone): the counts do not pick theta"
            }
            (true, false) => {
                "best by mean miss, yet it meets no count within its range: the counts do not \
                 pick theta"
            }
            (false, true) => {
                "theta 0 leaves cost out (path size alone): a best there says the flows miss \
                 the counts,\n    not that cost does not matter"
            }
            (false, false) => "",
        };
        if !note.is_empty() {
            let _ = writeln!(out, "  {note}");
        }
    }
    out
}
