//! Criticality as text: links (and places) ranked by the damage their loss does, the pairs
//! that cut cargo off together, and with draws how sure each rank is.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{CriticalDraws, Criticality, DamageDraws};
use crate::output::grouped;
use crate::output::robust::{spread, write_held_draws};
use crate::output::table::{opt, write_day};
use crate::output::utilisation::percent;

impl Display for Criticality {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.demand_mtpa == 0.0 {
            return writeln!(f, "{}", crate::output::NO_FLOWS);
        }
        writeln!(
            f,
            "{} links on current routes evaluated; links no route uses do no damage",
            self.evaluated
        )?;
        write_day(f, &self.day, "  ")?;
        writeln!(
            f,
            "  {:>3}  {:<34} {:>9} {:>11} {:>9}  flows rerouted",
            "#", "link", "cut Mt/yr", "M USD/yr", "cap lost"
        )?;
        // rank, id, Mt/yr cut off, USD a year, capacity lost, flows rerouted
        let row =
            |f: &mut Formatter<'_>, i: usize, id: &str, cut: f64, usd: f64, cap: String, n| {
                writeln!(
                    f,
                    "  {:>3}  {:<34} {:>9} {:>11} {:>9}  {}",
                    i + 1,
                    id,
                    grouped(cut, 1),
                    grouped(usd / 1e6, 1),
                    cap,
                    n
                )
            };
        for (i, d) in self.links.iter().enumerate() {
            let cap = opt(d.capacity_lost_mtpa, 1);
            let n = d.demands_affected.len();
            row(f, i, &d.link, d.cut_off_mtpa, d.damage_usd_per_year, cap, n)?;
        }
        if !self.nodes.is_empty() {
            writeln!(f, "  nodes:")?;
            for (i, d) in self.nodes.iter().enumerate() {
                let n = d.demands_affected.len();
                let (cut, usd) = (d.cut_off_mtpa, d.damage_usd_per_year);
                row(f, i, &d.node, cut, usd, String::new(), n)?;
            }
        }
        if !self.joint.is_empty() {
            writeln!(
                f,
                "  pairs that cut flows off together (neither alone does):"
            )?;
            for j in &self.joint {
                writeln!(
                    f,
                    "    {} + {}: {} Mt/yr ({})",
                    j.links[0],
                    j.links[1],
                    grouped(j.cut_off_mtpa, 1),
                    j.demands.join(", ")
                )?;
            }
        }
        if !self.unroutable.is_empty() {
            writeln!(
                f,
                "  no route even before any loss: {}",
                self.unroutable.join(", ")
            )?;
        }
        match &self.draws {
            Some(d) => write_draws(f, d),
            None => Ok(()),
        }
    }
}

/// What the draws say: each link's (and place's) rank and damage, and how often each joint
/// pair cuts cargo off.
fn write_draws(f: &mut Formatter<'_>, d: &CriticalDraws) -> fmt::Result {
    write_held_draws(f, "  ", d.n, d.sampling, d.seed)?;
    let rows = |f: &mut Formatter<'_>, what: &str, rows: &[DamageDraws]| -> fmt::Result {
        // The capacity lost, when it was asked for and some draw knows it.
        let lost = rows.iter().any(|x| x.capacity_lost_mtpa.is_some());
        writeln!(
            f,
            "    {:<34} {:<12} {:>6}  {:<18} {:<26} cuts off{}",
            what,
            "rank",
            "worst",
            "cut Mt/yr",
            "M USD/yr",
            if lost { "  cap lost" } else { "" }
        )?;
        for x in rows {
            let cap = x
                .capacity_lost_mtpa
                .map_or_else(|| "-".to_string(), |p| spread(&p, |v| grouped(v, 1)));
            writeln!(
                f,
                "    {:<34} {:<12} {:>5}%  {:<18} {:<26} {:>7}%{}",
                x.id,
                spread(&x.rank.map(|r| r as f64), |r| grouped(r, 0)),
                percent(x.chance_worst),
                spread(&x.cut_off_mtpa, |v| grouped(v, 1)),
                spread(&x.damage_usd_per_year, |v| grouped(v / 1e6, 1)),
                percent(x.chance_cuts_off),
                if lost {
                    format!("  {cap}")
                } else {
                    String::new()
                }
            )?;
        }
        Ok(())
    };
    rows(f, "link", &d.links)?;
    if !d.nodes.is_empty() {
        rows(f, "node", &d.nodes)?;
    }
    if !d.joint.is_empty() {
        writeln!(f, "    pairs that cut flows off together, share of draws:")?;
        for j in &d.joint {
            writeln!(
                f,
                "      {} + {}: {}%",
                j.links[0],
                j.links[1],
                percent(j.chance)
            )?;
        }
    }
    Ok(())
}
