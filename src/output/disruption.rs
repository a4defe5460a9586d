//! A disruption as text: the links it touches, each flow's fate, capacity before and after,
//! and with draws how sure each of those is.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{DisruptionDraws, DisruptionReport};
use crate::model::Status;
use crate::output::grouped;
use crate::output::robust::{spread, write_held_draws};
use crate::output::table::{opt, wrapped, write_day};
use crate::output::utilisation::percent;

impl Display for DisruptionReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.id, self.names.join(" + "))?;
        write_day(f, &self.day, "  ")?;
        writeln!(f, "  links closed: {}", self.disrupted_links.len())?;
        for d in &self.links {
            let e = &d.effect;
            let mut what = Vec::new();
            if e.closed {
                what.push("closed".to_string());
            } else if e.factor < 1.0 {
                what.push(format!("{:.0}% capacity", e.factor * 100.0));
            }
            if !e.closed && e.add_hours > 0.0 {
                what.push(format!("+{} h", grouped(e.add_hours, 1)));
            }
            if !e.closed && e.add_usd_per_t > 0.0 {
                what.push(format!("+{} USD/t", grouped(e.add_usd_per_t, 2)));
            }
            // A rule that names the link itself needs no id: the line starts with it.
            let why: Vec<String> = e
                .reasons
                .iter()
                .map(|r| {
                    let text = r.to_string();
                    match text.split_once(' ') {
                        Some((rule, id)) if id == e.link_id => rule.to_string(),
                        _ => text,
                    }
                })
                .collect();
            let status = if d.status == Status::Operational {
                String::new()
            } else {
                format!(" [{}]", d.status)
            };
            writeln!(
                f,
                "    {:<34} {:<24} {}{status}",
                e.link_id,
                what.join(", "),
                why.join(", ")
            )?;
        }
        writeln!(
            f,
            "  {:<14} {:<14} {:>6} {:>9} {:>9} {:>8} {:>8} {:>10}",
            "from", "to", "Mt/yr", "USD/t", "after", "+days", "+km", "+M USD/yr"
        )?;
        for a in &self.affected {
            let before = a.before.route.as_ref().map(|r| r.usd_per_t);
            if a.cut_off {
                let head = format!(
                    "  {:<14} {:<14} {:>6} {:>9} {:>9}  cut off by",
                    a.from,
                    a.to,
                    grouped(a.mtpa, 1),
                    opt(before, 1),
                    "-"
                );
                wrapped(f, &head, &a.cut_by, ", ", 6)?;
            } else {
                writeln!(
                    f,
                    "  {:<14} {:<14} {:>6} {:>9} {:>9} {:>8} {:>8} {:>10}",
                    a.from,
                    a.to,
                    grouped(a.mtpa, 1),
                    opt(before, 1),
                    opt(a.after.route.as_ref().map(|r| r.usd_per_t), 1),
                    opt(a.extra_days, 1),
                    opt(a.extra_km, 0),
                    opt(a.extra_usd_per_year.map(|u| u / 1e6), 1)
                )?;
            }
        }
        if !self.unaffected.is_empty() {
            wrapped(f, "  unaffected:", &self.unaffected, ", ", 4)?;
        }
        if !self.no_route.is_empty() {
            wrapped(f, "  no route before or after:", &self.no_route, ", ", 4)?;
        }
        let head = format!(
            "  rail and sea capacity, before → after: {} → {} Mt/yr, from",
            self.capacity_before_mtpa
                .map_or("unbounded".into(), |c| grouped(c, 1)),
            self.capacity_after_mtpa
                .map_or("unbounded".into(), |c| grouped(c, 1)),
        );
        wrapped(f, &head, &self.regions.origins, ", ", 4)?;
        wrapped(f, "    to", &self.regions.destinations, ", ", 4)?;
        match &self.draws {
            Some(d) => write_draws(f, d),
            None => Ok(()),
        }
    }
}

/// What the draws say: the totals, capacity, and each flow the disruption touches in some
/// draw.
fn write_draws(f: &mut Formatter<'_>, d: &DisruptionDraws) -> fmt::Result {
    let one = |x| grouped(x, 1);
    let range = |x: Option<[f64; 3]>, fmt: &dyn Fn(f64) -> String| {
        x.map_or_else(|| "-".to_string(), |p| spread(&p, fmt))
    };
    write_held_draws(f, "  ", d.n, d.sampling, d.seed)?;
    writeln!(
        f,
        "    extra cost of every detour {} M USD/yr; cut off {} Mt/yr",
        spread(&d.extra_usd_per_year, |x| grouped(x / 1e6, 1)),
        spread(&d.cut_off_mtpa, one)
    )?;
    let bounded =
        |x: Option<[f64; 3]>| x.map_or_else(|| "unbounded".to_string(), |p| spread(&p, one));
    writeln!(
        f,
        "    rail and sea capacity {} → {} Mt/yr, lost {}",
        bounded(d.capacity_before_mtpa),
        bounded(d.capacity_after_mtpa),
        range(d.capacity_lost_mtpa, &one)
    )?;
    let touched: Vec<_> = d.flows.iter().filter(|x| x.chance_affected > 0.0).collect();
    if !touched.is_empty() {
        writeln!(
            f,
            "    {:<14} {:<14} {:>8} {:>8}  {:<22} {:<16} +M USD/yr",
            "from", "to", "affected", "cut off", "+USD/t", "+days"
        )?;
    }
    for x in &touched {
        writeln!(
            f,
            "    {:<14} {:<14} {:>7}% {:>7}%  {:<22} {:<16} {}",
            x.from,
            x.to,
            percent(x.chance_affected),
            percent(x.chance_cut_off),
            range(x.extra_usd_per_t, &one),
            range(x.extra_days, &one),
            range(x.extra_usd_per_year, &|u| grouped(u / 1e6, 1))
        )?;
    }
    let never = d.flows.len() - touched.len();
    if never > 0 {
        let flows = if never == 1 { "flow" } else { "flows" };
        writeln!(f, "    {never} {flows} unaffected in every draw")?;
    }
    Ok(())
}
