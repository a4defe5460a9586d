//! The optimal assignment as text: the flows, the loads, and the bottlenecks worth widening.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{OptimalAssignment, ShadowPrice};
use crate::output::grouped;
use crate::output::robust::{counted, spread, write_load_price_draws};
use crate::output::table::{fill, wrapped, write_day, write_design, write_load_lines, write_loads};

/// USD a year in millions, two decimals: `2,843.48 million USD/yr`.
fn millions(usd: f64) -> String {
    format!("{} million USD/yr", grouped(usd / 1e6, 2))
}

impl Display for OptimalAssignment {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} of {} Mt/yr carried at the least total cost: {}",
            grouped(self.served_mtpa, 1),
            grouped(self.demand_mtpa, 1),
            millions(self.total_usd_per_year)
        )?;
        if self.unmet_mtpa > 0.0 {
            writeln!(
                f,
                "  {} Mt/yr unmet, weighed at {} USD/t",
                grouped(self.unmet_mtpa, 1),
                grouped(self.unmet_usd_per_t, 0)
            )?;
        }
        if let Some(g) = &self.greedy {
            writeln!(
                f,
                "  greedy (cheapest first): {}, {} Mt/yr unmet; the optimum saves {}",
                millions(g.total_usd_per_year),
                grouped(g.unmet_mtpa, 1),
                millions(g.saves_usd_per_year)
            )?;
        }
        write_day(f, &self.day, "  ")?;
        write_design(f, self.design, "  ")?;
        writeln!(
            f,
            "  {:<14} {:<14} {:>7} {:>7} {:>7} {:>7}  routes",
            "from", "to", "asked", "carried", "unmet", "USD/t"
        )?;
        for d in &self.demands {
            writeln!(
                f,
                "  {:<14} {:<14} {:>7} {:>7} {:>7} {:>7}  {}",
                d.from,
                d.to,
                grouped(d.demand_mtpa, 1),
                grouped(d.served_mtpa, 1),
                grouped(d.unmet_mtpa, 1),
                d.usd_per_t.map_or("-".into(), |c| grouped(c, 1)),
                d.paths.len()
            )?;
            if let Some(x) = &d.draws {
                let paid = x.usd_per_t.map_or(String::new(), |p| {
                    format!(", {} USD/t", spread(&p, |v| grouped(v, 1)))
                });
                writeln!(
                    f,
                    "      in the draws: {} Mt/yr carried{paid}",
                    spread(&x.served_mtpa, |v| grouped(v, 1))
                )?;
            }
            if let Some(r) = &d.reason {
                writeln!(f, "      unmet: {r}")?;
            } else if !d.cut.is_empty() {
                let cut: Vec<String> = d
                    .cut
                    .iter()
                    .map(|c| format!("{} ({})", c.id, c.kind))
                    .collect();
                wrapped(
                    f,
                    &format!(
                        "      {} Mt/yr unmet, cut off by:",
                        grouped(d.unmet_mtpa, 1)
                    ),
                    &cut,
                    ", ",
                    8,
                )?;
            }
        }
        write_loads(f, &self.loads)?;
        if !self.node_loads.is_empty() {
            let rows = self.node_loads.iter().map(|v| {
                let used = format!("{:.0}%", v.utilisation * 100.0);
                let cap = grouped(v.capacity_mtpa, 1);
                (
                    format!("{} ({})", v.node, v.kind),
                    v.load_mtpa,
                    cap,
                    used,
                    fill(v.load_mtpa, Some(v.capacity_mtpa), v.saturated),
                )
            });
            write_load_lines(f, "place", rows)?;
        }
        write_bottlenecks(f, &self.shadow_prices)?;
        let Some(d) = &self.draws else {
            return Ok(());
        };
        writeln!(
            f,
            "over {} of every uncertain figure (seed {}), median (5th–95th percentile):",
            counted(d.n, d.sampling),
            d.seed
        )?;
        let mtpa = |v| grouped(v, 1);
        writeln!(
            f,
            "  {} of {} Mt/yr carried, {} unmet; {} million USD/yr",
            spread(&d.served_mtpa, mtpa),
            spread(&d.demand_mtpa, mtpa),
            spread(&d.unmet_mtpa, mtpa),
            spread(&d.total_usd_per_year, |v| grouped(v / 1e6, 1))
        )?;
        write_load_price_draws(f, &d.loads, &d.prices, true)
    }
}

/// The bottlenecks worth widening: each binding capacity with a price, largest first.
fn write_bottlenecks(f: &mut Formatter<'_>, prices: &[ShadowPrice]) -> fmt::Result {
    let worth: Vec<&ShadowPrice> = prices.iter().filter(|p| p.usd_per_t >= 0.005).collect();
    if worth.is_empty() {
        return writeln!(
            f,
            "  no capacity binds where widening it would save anything"
        );
    }
    writeln!(
        f,
        "  the bottlenecks worth widening (USD a year saved per tonne a year more capacity):"
    )?;
    writeln!(
        f,
        "  {:<34} {:<5} {:>9} {:>7} {:>7}",
        "id", "kind", "USD/t", "cap", "load"
    )?;
    for p in worth {
        writeln!(
            f,
            "  {:<34} {:<5} {:>9} {:>7} {:>7}{}",
            p.id,
            p.kind,
            grouped(p.usd_per_t, 2),
            grouped(p.capacity_mtpa, 1),
            grouped(p.load_mtpa, 1),
            if p.blocks_unmet {
                "  holds back unmet cargo"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}
