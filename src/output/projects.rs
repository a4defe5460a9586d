//! The project ranking as text: each project's value, what it needs, the order to build in.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{
    ProjectRanking, ProjectValue, SPREAD_ROUTES, SpreadDraws, SpreadGain, SpreadStep,
};
use crate::output::grouped;
use crate::output::table::{wrapped, write_day, write_design};

/// USD a year in millions, one decimal.
fn m(usd: f64) -> String {
    grouped(usd / 1e6, 1)
}

/// A cost in billions of USD, two decimals, or `-`.
fn bn(usd: Option<f64>) -> String {
    usd.map_or("-".into(), |c| grouped(c / 1e9, 2))
}

/// Years, one decimal, or `-`.
fn years(y: Option<f64>) -> String {
    y.map_or("-".into(), |y| {
        // Past a century a payback is no payback: the line would wear out first.
        if y > PAYBACK_YEARS_SHOWN {
            format!(">{PAYBACK_YEARS_SHOWN:.0}")
        } else {
            grouped(y, 1)
        }
    })
}

/// The longest payback the table prints as a figure; a longer one reads `>100`.
const PAYBACK_YEARS_SHOWN: f64 = 100.0;

impl Display for ProjectRanking {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let b = &self.base;
        if self.projects.is_empty() {
            return writeln!(f, "no projects: the file has no [[projects]]");
        }
        if b.demand_mtpa == 0.0 {
            return writeln!(f, "{}", crate::output::NO_FLOWS);
        }
        writeln!(
            f,
            "Projects at {} Mt/yr of demand; without them {} Mt/yr carried for {} M USD/yr",
            grouped(b.demand_mtpa, 1),
            grouped(b.demand_mtpa - b.unmet_mtpa, 1),
            m(b.total_usd_per_year)
        )?;
        if let Some(c) = b.capacity_mtpa {
            writeln!(
                f,
                "  capacity from the origins to the destinations by rail and sea: {} Mt/yr",
                grouped(c, 1)
            )?;
        }
        write_day(f, &self.day, "  ")?;
        write_design(f, self.design, "  ")?;
        let chance = if self.draws.is_some() {
            "  chance first"
        } else {
            ""
        };
        let npv = if self.discount.is_some() {
            format!(" {:>8} {:>9}", "NPV bn$", "d.payback")
        } else {
            String::new()
        };
        writeln!(
            f,
            "  {:<28} {:>9} {:>7} {:>7} {:>8} {:>7}{npv}{chance}",
            "project", "saves M$", "Mt/yr+", "cap+", "cost bn$", "payback"
        )?;
        for p in &self.projects {
            row(f, p)?;
        }
        writeln!(
            f,
            "  saves: M USD a year saved on the cargo carried without it; Mt/yr+: demand it newly\n  \
             carries; cap+: Mt/yr of rail and sea capacity it adds; payback: years, undiscounted
  \
             (>100: longer than a line lasts); saves 0.0: no flow of the file is cheaper with it"
        )?;
        if let Some(d) = &self.discount {
            writeln!(
                f,
                "  NPV: the saving of {} years of operation from its opening (this date when it gives\n  \
                 none), at {} % a year, less its cost paid on this date; d.payback: years from\n  \
                 this date until that repays it",
                d.years,
                grouped(d.rate * 100.0, 2)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
            )?;
        }
        if let Some(theta) = self.spread {
            spread(f, theta, self.spread_within_capacity, &self.projects)?;
            if let Some(t) = self.draws.as_ref().and_then(|d| d.spread_theta) {
                writeln!(
                    f,
                    "    first and the draws' gains count the spread drawn too: {} ({}–{}); the \
                     order and pairs below are at theta {}",
                    grouped(t[1], 1),
                    grouped(t[0], 1),
                    grouped(t[2], 1),
                    grouped(theta, if theta.fract() == 0.0 { 0 } else { 2 })
                )?;
            }
            if let Some(order) = &self.spread_order {
                spread_order(f, order)?;
            }
            if let Some(pairs) = self.spread_pairs.as_deref().filter(|p| !p.is_empty()) {
                writeln!(
                    f,
                    "    together under route choice (gain beyond the two alone, M$/yr):"
                )?;
                for p in pairs {
                    pair_line(f, "      ", &p.projects, p.synergy_usd_per_year)?;
                }
            }
            if let Some(all) = &self.spread_all_built {
                writeln!(
                    f,
                    "    all built under route choice: shippers gain {} million USD/yr",
                    m(all.benefit_usd_per_year)
                )?;
            }
        }
        if !self.pairs.is_empty() {
            writeln!(f, "  together (value beyond the two alone, M$/yr):")?;
            for p in &self.pairs {
                pair_line(f, "    ", &p.projects, p.synergy_usd_per_year)?;
            }
        }
        if self.order.is_empty() {
            writeln!(f, "  order to build: none of them adds anything here")?;
        } else {
            let steps: Vec<String> = self
                .order
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {} (+{} M$/yr)", i + 1, s.id, m(s.saving_usd_per_year)))
                .collect();
            wrapped(f, "  order to build:", &steps, ", ", 4)?;
        }
        writeln!(
            f,
            "  all built: saves {} million USD/yr, carries {} Mt/yr more",
            m(self.all_built.saving_usd_per_year),
            grouped(self.all_built.served_mtpa, 1)
        )?;
        if let Some(d) = &self.draws {
            writeln!(
                f,
                "  {} (seed {}); no project adds anything in {:.0} % of them",
                crate::output::robust::counted(d.n, d.sampling),
                d.seed,
                d.chance_none * 100.0
            )?;
        }
        Ok(())
    }
}

/// The projects valued under route choice, most gained first.
fn spread(
    f: &mut Formatter<'_>,
    theta: f64,
    within_capacity: bool,
    projects: &[ProjectValue],
) -> fmt::Result {
    let mut rows: Vec<(&str, SpreadGain, Option<SpreadDraws>, Option<SpreadGain>)> = projects
        .iter()
        .filter_map(|p| {
            let drawn = p.draws.as_ref().and_then(|d| d.spread);
            Some((p.id.as_str(), p.spread?, drawn, p.spread_last))
        })
        .collect();
    rows.sort_by(|a, b| {
        b.1.benefit_usd_per_year
            .total_cmp(&a.1.benefit_usd_per_year)
            .then_with(|| a.0.cmp(b.0))
    });
    let drawn = rows.iter().any(|r| r.2.is_some());
    writeln!(
        f,
        "  under route choice (theta {}: each flow over its {SPREAD_ROUTES} cheapest routes, {}):",
        grouped(theta, if theta.fract() == 0.0 { 0 } else { 2 }),
        if within_capacity {
            "and those it takes round full capacities, every capacity binding"
        } else {
            "capacities not binding"
        }
    )?;
    writeln!(
        f,
        "    {:<28} {:>9} {:>9} {:>11} {:>8}{}",
        "project",
        "gains M$",
        "saves M$",
        "Mt/yr on it",
        "last M$",
        if drawn { "    first" } else { "" }
    )?;
    for (id, g, d, last) in rows {
        let chance = d.map_or(String::new(), |d| {
            format!("  {:>5.0} %", d.chance_first * 100.0)
        });
        writeln!(
            f,
            "    {:<28} {:>9} {:>9} {:>11} {:>8}{chance}",
            id,
            m(g.benefit_usd_per_year),
            m(g.saving_usd_per_year),
            grouped(g.mtpa, 1),
            last.map_or("-".into(), |l| m(l.benefit_usd_per_year))
        )?;
        if let Some(d) = d.filter(|d| d.benefit_usd_per_year[2] > 0.0) {
            let b = d.benefit_usd_per_year;
            writeln!(
                f,
                "        gains {} to {} M$/yr in 90 % of draws (median {})",
                m(b[0]),
                m(b[2]),
                m(b[1])
            )?;
        }
    }
    writeln!(
        f,
        "    gains: M USD a year shippers gain (the logsum), the worth of a new choice included;\n    \
         saves: what they pay less at the modelled shares, below 0 when a dearer new route draws\n    \
         a share; last: what it gains once every other is built. The figures move with theta:\n    \
         fit it to counts with `corridors split --fit`"
    )?;
    if drawn {
        writeln!(
            f,
            "    first: share of the draws in which it gains shippers the most"
        )?;
    }
    Ok(())
}

/// A pair of projects and what they are worth together beyond the two alone.
fn pair_line(f: &mut Formatter<'_>, indent: &str, ids: &[String; 2], synergy: f64) -> fmt::Result {
    let (sign, how) = if synergy > 0.0 {
        ("+", "each makes the other worth more")
    } else {
        ("", "they compete for the same cargo")
    };
    writeln!(
        f,
        "{indent}{} + {}: {sign}{} ({how})",
        ids[0],
        ids[1],
        m(synergy)
    )
}

/// The order to build in under route choice, a step each with what it gains.
fn spread_order(f: &mut Formatter<'_>, order: &[SpreadStep]) -> fmt::Result {
    let head = "    order to build under route choice:";
    if order.is_empty() {
        return writeln!(f, "{head} none of them gains anything here");
    }
    let steps: Vec<String> = order
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "{}. {} (+{} M$/yr)",
                i + 1,
                s.id,
                m(s.gain.benefit_usd_per_year)
            )
        })
        .collect();
    wrapped(f, head, &steps, ", ", 6)?;
    writeln!(
        f,
        "      (weighed on the routes of every step's network and all built together, so the\n\
         \x20      steps add up to what they gain together; a step can read below a gain alone)"
    )
}

/// One project's row, and its notes.
fn row(f: &mut Formatter<'_>, p: &ProjectValue) -> fmt::Result {
    let chance = p.draws.as_ref().map_or(String::new(), |d| {
        format!("  {:>5.0} %", d.chance_first * 100.0)
    });
    let npv = p.discounted.as_ref().map_or(String::new(), |d| {
        format!(" {:>8} {:>9}", bn(d.npv_usd), years(d.payback_years))
    });
    writeln!(
        f,
        "  {:<28} {:>9} {:>7} {:>7} {:>8} {:>7}{npv}{chance}",
        p.id,
        m(p.saving_usd_per_year),
        grouped(p.served_mtpa, 1),
        p.capacity_added_mtpa.map_or("?".into(), |c| grouped(c, 1)),
        bn(p.cost_usd),
        years(p.payback_years),
    )?;
    if let Some(d) = p.draws.as_ref().filter(|d| d.saving_usd_per_year[2] > 0.0) {
        writeln!(
            f,
            "      saves {} to {} M$/yr in 90 % of draws (median {})",
            m(d.saving_usd_per_year[0]),
            m(d.saving_usd_per_year[2]),
            m(d.saving_usd_per_year[1])
        )?;
    }
    if let Some(n) = p.draws.as_ref().and_then(|d| d.npv_usd) {
        writeln!(
            f,
            "      NPV {} to {} bn$ in 90 % of draws (median {})",
            bn(Some(n[0])),
            bn(Some(n[2])),
            bn(Some(n[1]))
        )?;
    }
    if p.already_open {
        writeln!(f, "      already open on this date")?;
    }
    if !p.needs.is_empty() {
        writeln!(f, "      pays only once built with: {}", p.needs.join(", "))?;
    }
    if p.value_last_usd_per_year != p.value_usd_per_year && p.value_last_usd_per_year > 0.0 {
        writeln!(
            f,
            "      built after every other: adds {} M$/yr of value",
            m(p.value_last_usd_per_year)
        )?;
    }
    Ok(())
}
