//! Tables for people: the `Display` of reports, and the node and link lists, as the CLI and the
//! examples print them.

use std::fmt::{self, Display, Formatter};

use crate::analysis::Comparison;
use crate::analysis::Reliability;
use crate::analysis::{Assignment, CapacityReport, Day, LinkLoad};
use crate::analysis::{Leg, Route, RouteAnswer};
use crate::model::{Mode, Status};
use crate::network::Summary;
use crate::output::robust::{counted, spread};
use crate::output::utilisation::percent;
use crate::output::{grouped, plural, robust, wrap};

/// Writes `head` and the items joined by `sep`, wrapped to 100 columns with continuation
/// lines indented by `indent` spaces.
pub(crate) fn wrapped<S: AsRef<str>>(
    f: &mut Formatter<'_>,
    head: &str,
    items: &[S],
    sep: &str,
    indent: usize,
) -> fmt::Result {
    let pieces = items.iter().enumerate().map(|(i, item)| {
        let sep = if i + 1 < items.len() {
            sep.trim_end()
        } else {
            ""
        };
        format!("{}{sep}", item.as_ref())
    });
    for line in wrap(head, pieces, 100, indent) {
        writeln!(f, "{line}")?;
    }
    Ok(())
}

/// A capacity for tables: `2.8` or `?` when unknown.
pub(crate) fn mtpa(x: Option<f64>) -> String {
    x.map_or_else(|| "?".to_string(), |c| grouped(c, 1))
}

impl Display for Summary {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} (today = {})", self.name, self.year)?;
        writeln!(
            f,
            "  {} nodes in {} countries ({})",
            self.nodes,
            self.countries.len(),
            self.countries.join(" ")
        )?;
        let by_mode: Vec<String> = Mode::ALL
            .iter()
            .map(|m| format!("{} {}", self.links_by_mode.get(m).copied().unwrap_or(0), m))
            .collect();
        writeln!(f, "  {} links: {}", self.links, by_mode.join(", "))?;
        for s in Status::ALL {
            let n = self.links_by_status.get(&s).copied().unwrap_or(0);
            let km = self.km_by_status.get(&s).copied().unwrap_or(0.0);
            writeln!(
                f,
                "    {:<19}{:>4} links {:>10} km",
                s.as_str(),
                n,
                grouped(km, 0)
            )?;
        }
        if !self.rail_gauges.is_empty() {
            let gauges: Vec<String> = self
                .rail_gauges
                .iter()
                .map(|g| {
                    let links = if g.links == 1 { "link" } else { "links" };
                    format!(
                        "{} mm on {} {links}",
                        grouped(f64::from(g.gauge_mm), 0),
                        g.links
                    )
                })
                .collect();
            writeln!(f, "  rail gauges: {}", gauges.join(", "))?;
        }
        for d in &self.gauge_doubts {
            writeln!(
                f,
                "  check: {} mm on {} alone is {} mm from the {} mm of {} links\n    \
                 (a typo? it makes a break of gauge)",
                grouped(f64::from(d.gauge_mm), 0),
                d.link,
                d.gauge_mm.abs_diff(d.near_mm),
                grouped(f64::from(d.near_mm), 0),
                d.near_links
            )?;
        }
        writeln!(
            f,
            "  {} links with an estimated length",
            self.estimated_links
        )?;
        write!(
            f,
            "  {} corridors, {} scenarios, {} demands, {} observations",
            self.corridors, self.scenarios, self.demands, self.observed
        )
    }
}

fn write_route(f: &mut Formatter<'_>, r: &Route) -> fmt::Result {
    writeln!(
        f,
        "   #  {:<34} {:<4} {:>7} {:>7} {:>8}  {:<9}  status",
        "link", "mode", "km", "hours", "USD/t", "rate"
    )?;
    for (i, leg) in r.legs.iter().enumerate() {
        let status = match (leg.status, leg.opens) {
            (Status::Operational, _) => String::new(),
            // Due by a later day the query looks at.
            (_, Some(y)) if !r.unbuilt.contains(&leg.link) => format!("due {y}, open by then"),
            (s, Some(y)) => format!("{s}, opens {y}"),
            (s, None) => s.to_string(),
        };
        writeln!(
            f,
            "  {:>2}  {:<34} {:<4} {:>7} {:>7} {:>8}  {:<9}  {}",
            i + 1,
            leg.link,
            leg.mode.as_str(),
            grouped(leg.distance_km, 0),
            grouped(leg.hours, 1),
            grouped(leg.usd_per_t, 2),
            leg.basis.as_str(),
            status
        )?;
    }
    if !r.transfers.is_empty() {
        let t: Vec<String> = r
            .transfers
            .iter()
            .map(|t| {
                format!(
                    "{} at {} ({} h, {} USD/t, {})",
                    t.kind,
                    t.node,
                    grouped(t.hours, 1),
                    grouped(t.usd_per_t, 2),
                    t.basis
                )
            })
            .collect();
        wrapped(f, "  transfers:", &t, ", ", 4)?;
    }
    writeln!(
        f,
        "  total: {} km, {} h ({} days), {} USD/t",
        grouped(r.distance_km, 0),
        grouped(r.hours, 1),
        grouped(r.days, 1),
        grouped(r.usd_per_t, 2)
    )?;
    writeln!(f, "  countries: {}", r.countries.join(" → "))?;
    if !r.corridors.is_empty() {
        writeln!(f, "  corridors: {}", r.corridors.join(", "))?;
    }
    match (&r.bottleneck_mtpa, &r.bottleneck_id) {
        (Some(c), Some(id)) => writeln!(
            f,
            "  bottleneck: {}{} Mt/yr at {id}{}",
            at_most(&r.legs),
            grouped(*c, 1),
            unpublished(&r.legs)
        )?,
        _ => writeln!(
            f,
            "  bottleneck: unknown (no capacity published on this route)"
        )?,
    }
    if !r.unbuilt.is_empty() {
        wrapped(f, "  not yet built:", &r.unbuilt, ", ", 4)?;
    }
    if let Some(p) = r.survival {
        writeln!(
            f,
            "  survival: {:.0}% chance that no scenario of the file closes it within a year",
            p * 100.0
        )?;
    }
    Ok(())
}

impl Display for Day {
    /// `on 2026-06-30, events applied: a, b (unconfirmed since 2026-02-11)`, wrapped at 100
    /// columns; nothing with no date.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_day(f, self, "")
    }
}

/// The day line of a report, after `indent`: nothing for a report with no date.
pub(crate) fn write_day(f: &mut Formatter<'_>, day: &Day, indent: &str) -> fmt::Result {
    if let (Some(d), Some(a)) = (day.date, day.data_as_of) {
        writeln!(
            f,
            "{indent}{d} is after the file's data, current to {a}: what it knew then is carried forward"
        )?;
    }
    if let Some(d) = day.date {
        if day.events_off {
            writeln!(f, "{indent}on {d}, events off: the network as built")?;
        } else if day.events.is_empty() {
            writeln!(f, "{indent}on {d}, no event applied")?;
        } else {
            let named: Vec<String> = day
                .events
                .iter()
                .map(|id| match day.unconfirmed.iter().find(|u| &u.id == id) {
                    Some(u) => format!("{id} (unconfirmed since {})", u.since),
                    None => id.clone(),
                })
                .collect();
            wrapped(
                f,
                &format!("{indent}on {d}, events applied:"),
                &named,
                ",",
                indent.len() + 4,
            )?;
        }
    }
    if !day.events_left_out.is_empty() && !day.events_off {
        wrapped(
            f,
            &format!("{indent}events left out:"),
            &day.events_left_out,
            ",",
            indent.len() + 4,
        )?;
    }
    if !day.scenarios.is_empty() {
        wrapped(
            f,
            &format!("{indent}scenarios applied:"),
            &day.scenarios,
            ",",
            indent.len() + 4,
        )?;
    }
    match day.view() {
        Some(view) => writeln!(f, "{indent}{view}"),
        None => Ok(()),
    }
}

/// The line an answer within capacities adds when it took links at their design capacity.
pub(crate) fn write_design(f: &mut Formatter<'_>, design: bool, indent: &str) -> fmt::Result {
    const LINE: &str = "at design capacities: a link's design_capacity_mtpa where the file gives one, else its \
         capacity";
    if design {
        writeln!(f, "{indent}{LINE}")
    } else {
        Ok(())
    }
}

impl Display for RouteAnswer {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}, best by {}", self.from, self.to, self.metric)?;
        // The places the query forced it through, so a forced route is not read as the best.
        let through: Vec<&str> = self
            .via
            .iter()
            .filter(|v| Some(*v) != self.via_port.as_ref())
            .map(String::as_str)
            .collect();
        if !through.is_empty() {
            write!(f, ", via {}", through.join(", "))?;
        }
        if let Some(port) = &self.via_port {
            write!(f, ", reaching the sea at {port}")?;
        }
        writeln!(f)?;
        write_day(f, &self.day, "  ")?;
        match &self.route {
            None => writeln!(
                f,
                "  no route: {}",
                self.reason.as_deref().unwrap_or("not connected")
            ),
            Some(r) => {
                write_route(f, r)?;
                if let (Some(rb), Some(d)) = (&self.robust, &self.draws) {
                    robust::write_route(f, rb, d)?;
                }
                for (i, alt) in self.alternatives.iter().enumerate().skip(1) {
                    writeln!(f, "alternative {}:", i + 1)?;
                    write_route(f, alt)?;
                }
                Ok(())
            }
        }
    }
}

impl Display for Comparison {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        // What picks each row's best, stated first: by time the cheapest row may lose.
        let through = if self.rows.iter().any(|r| r.options.len() > 1) {
            " through each port"
        } else {
            ""
        };
        writeln!(f, "best route by {}{through}", self.metric)?;
        write_day(f, &self.day, "")?;
        let more = if self.draws.is_some() {
            robust::HEADING
        } else {
            ""
        };
        writeln!(
            f,
            "{:<12} {:<12} {:<13} {:>6} {:>5} {:>7} {:>6} {:>7} {:>6}  best{more}",
            "from", "to", "via port", "km", "days", "USD/t", "Mt/yr", "borders", "unbuilt"
        )?;
        for row in &self.rows {
            for (i, o) in row.options.iter().enumerate() {
                let (from, to) = if i == 0 {
                    (row.from.as_str(), row.to.as_str())
                } else {
                    ("", "")
                };
                let port = if o.port.is_empty() {
                    "-"
                } else {
                    o.port.as_str()
                };
                match &o.route {
                    Some(r) => {
                        let best = if row.winner.as_deref() == Some(o.port.as_str()) {
                            "◀"
                        } else {
                            ""
                        };
                        writeln!(
                            f,
                            "{:<12} {:<12} {:<13} {:>6} {:>5} {:>7} {:>6} {:>7} {:>6}  {}{}",
                            from,
                            to,
                            port,
                            grouped(r.distance_km, 0),
                            grouped(r.days, 1),
                            grouped(r.usd_per_t, 1),
                            format!("{}{}", bound_mark(r), mtpa(r.bottleneck_mtpa)),
                            r.border_crossings,
                            r.unbuilt.len(),
                            if o.robust.is_some() {
                                format!("{best:<4}")
                            } else {
                                best.to_string()
                            },
                            robust::cells(o.robust.as_ref())
                        )?;
                    }
                    None => {
                        let reason = o.reason.as_deref().unwrap_or("not connected");
                        let words: Vec<&str> = reason.split(' ').collect();
                        let head = format!("{from:<12} {to:<12} {port:<13} no route:");
                        wrapped(f, &head, &words, " ", 50)?;
                    }
                }
            }
        }
        let bounded = self
            .rows
            .iter()
            .flat_map(|row| &row.options)
            .filter_map(|o| o.route.as_ref())
            .any(|r| !bound_mark(r).is_empty());
        if bounded {
            writeln!(
                f,
                "≤ Mt/yr: the least capacity published on the route; its links with none may hold less"
            )?;
        }
        if let Some(d) = &self.draws {
            // The marked option is the best at the central figures, which the draws may not
            // favour: say how often they disagree, so no reader takes ◀ for the likelier.
            let differ = self
                .rows
                .iter()
                .filter(|row| {
                    let likeliest = row
                        .options
                        .iter()
                        .filter_map(|o| o.robust.as_ref().map(|r| (r.p_best, o)))
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, o)| o.port.as_str());
                    likeliest.is_some() && likeliest != row.winner.as_deref()
                })
                .count();
            let legend = if differ == 0 {
                "◀ is the best at the central figures, p_best the share of draws in which the \
                 option is its row's best"
                    .to_string()
            } else {
                format!(
                    "◀ is the best at the central figures, p_best the share of draws in which the \
                     option is its row's best (in {differ} {} another option is best more often)",
                    plural(differ, "row", "rows")
                )
            };
            robust::write_draws(f, d, &legend)?;
        }
        Ok(())
    }
}

impl Display for CapacityReport {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} → {}",
            self.origins.join(", "),
            self.destinations.join(", ")
        )?;
        write_day(f, &self.day, "  ")?;
        write_design(f, self.design, "  ")?;
        match self.max_flow_mtpa {
            Some(0.0) => writeln!(f, "  maximum flow: 0 Mt/yr: no open link joins them")?,
            // Links of unknown capacity count as unbounded: the figure is then only what the
            // published capacities allow, and a lender must not read it as the corridor's.
            Some(x) if !self.unknown_capacity_used.is_empty() => writeln!(
                f,
                "  maximum flow: at most {} Mt/yr, as far as published capacities tell\n    \
                 ({} {} carrying it {} none published: the real limit may be lower)",
                grouped(x, 1),
                self.unknown_capacity_used.len(),
                plural(self.unknown_capacity_used.len(), "link", "links"),
                plural(self.unknown_capacity_used.len(), "has", "have"),
            )?,
            Some(x) => writeln!(f, "  maximum flow: {} Mt/yr", grouped(x, 1))?,
            None => wrapped(
                f,
                "  maximum flow: unbounded by published figures: no capacity is known on",
                &self.unbounded_path,
                ", ",
                4,
            )?,
        }
        if !self.min_cut.is_empty() {
            writeln!(f, "  limited by (minimum cut):")?;
            for c in &self.min_cut {
                writeln!(
                    f,
                    "    {:<34} {:<5} {:>7} Mt/yr",
                    c.id,
                    c.kind,
                    grouped(c.capacity_mtpa, 1)
                )?;
            }
        }
        if !self.unknown_capacity_used.is_empty() {
            wrapped(
                f,
                "  links of unknown capacity carrying flow (counted as unbounded):",
                &self.unknown_capacity_used,
                ", ",
                4,
            )?;
        }
        if let Some(w) = &self.widest_path {
            let links: Vec<&str> = w.legs.iter().map(|l| l.link.as_str()).collect();
            writeln!(
                f,
                "  widest path {} → {}: bottleneck {}{}{}",
                w.from,
                w.to,
                w.bottleneck_mtpa.map_or("unknown".into(), |b| format!(
                    "{}{} Mt/yr",
                    at_most(&w.legs),
                    grouped(b, 1)
                )),
                w.bottleneck_id
                    .as_ref()
                    .map(|id| format!(" at {id}"))
                    .unwrap_or_default(),
                w.bottleneck_mtpa
                    .map_or(String::new(), |_| unpublished(&w.legs))
            )?;
            wrapped(f, "    ", &links, " →", 4)?;
        }
        if let Some(d) = &self.draws {
            let flow = d
                .max_flow_mtpa
                .map_or("no published figure bounds it".into(), |p| {
                    format!("max flow {} Mt/yr", spread(&p, |v| grouped(v, 1)))
                });
            let unbounded = if d.chance_unbounded > 0.0 {
                format!(", unbounded in {} %", percent(d.chance_unbounded))
            } else {
                String::new()
            };
            writeln!(
                f,
                "  over {} (seed {}), median (5th–95th percentile): {flow}{unbounded}",
                counted(d.n, d.sampling),
                d.seed
            )?;
            let cut: Vec<String> = d
                .cut
                .iter()
                .map(|c| format!("{} in {} %", c.id, percent(c.chance)))
                .collect();
            if !cut.is_empty() {
                wrapped(f, "    on the minimum cut:", &cut, ", ", 4)?;
            }
        }
        Ok(())
    }
}

impl Display for Assignment {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} of {} Mt/yr served, cheapest first by {}",
            grouped(self.served_mtpa, 1),
            grouped(self.demand_mtpa, 1),
            self.metric
        )?;
        write_day(f, &self.day, "  ")?;
        write_design(f, self.design, "  ")?;
        writeln!(
            f,
            "  {:<14} {:<14} {:>7} {:>7}  paths",
            "from", "to", "asked", "served"
        )?;
        for d in &self.demands {
            writeln!(
                f,
                "  {:<14} {:<14} {:>7} {:>7}  {}",
                d.from,
                d.to,
                grouped(d.demand_mtpa, 1),
                grouped(d.served_mtpa, 1),
                d.paths.len()
            )?;
            if d.unserved_mtpa > 0.0 {
                match &d.reason {
                    Some(r) => writeln!(f, "      unserved: {r}")?,
                    None => wrapped(
                        f,
                        &format!(
                            "      {} Mt/yr unserved: its route is full at",
                            grouped(d.unserved_mtpa, 1)
                        ),
                        &d.blocked_by,
                        ", ",
                        8,
                    )?,
                }
            }
        }
        write_loads(f, &self.loads)?;
        Ok(())
    }
}

pub(crate) fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "-".to_string(), |v| grouped(v, decimals))
}

impl Display for Reliability {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.seed {
            Some(seed) => writeln!(
                f,
                "Monte Carlo over {} sampled years (seed {seed})",
                grouped(self.cases as f64, 0)
            )?,
            None => writeln!(
                f,
                "exact over all {} combinations of scenarios",
                grouped(self.cases as f64, 0)
            )?,
        }
        write_day(f, &self.day, "  ")?;
        let risks: Vec<String> = self
            .scenarios
            .iter()
            .map(|s| match s.in_force {
                true => format!("{} in force", s.id),
                false => format!("{} {:.0}%", s.id, s.probability * 100.0),
            })
            .collect();
        // Wrapped to stay within 100 columns.
        let mut line = String::from("  scenarios (a year's chance):");
        for (i, r) in risks.iter().enumerate() {
            let piece = if i + 1 < risks.len() {
                format!(" {r},")
            } else {
                format!(" {r}")
            };
            if line.chars().count() + piece.chars().count() > 100 {
                writeln!(f, "{line}")?;
                line = String::from("   ");
            }
            line.push_str(&piece);
        }
        writeln!(f, "{line}")?;
        writeln!(
            f,
            "  {:<14} {:<14} {:>8} {:>11} {:>9} {:>9} {:>9}",
            "from", "to", "P(route)", "range", "USD/t", "expected", "95th pct"
        )?;
        let range = |lo: f64, hi: f64| format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0);
        for d in &self.demands {
            writeln!(
                f,
                "  {:<14} {:<14} {:>7.1}% {:>11} {:>9} {:>9} {:>9}",
                d.from,
                d.to,
                d.p_route * 100.0,
                range(d.p_route_low, d.p_route_high),
                opt(d.base_usd_per_t, 1),
                opt(d.expected_usd_per_t, 1),
                d.p95_usd_per_t.map_or("cut off".into(), |c| grouped(c, 1))
            )?;
        }
        writeln!(
            f,
            "  {:<16} {:>8} {:>8} {:>9} {:>11} {:>14}",
            "corridor", "km open", "of km", "P(open)", "range", "km closed (E)"
        )?;
        for c in &self.corridors {
            writeln!(
                f,
                "  {:<16} {:>8} {:>8} {:>8.1}% {:>11} {:>14}",
                c.corridor,
                grouped(c.km, 0),
                grouped(c.km_total, 0),
                c.p_open * 100.0,
                range(c.p_open_low, c.p_open_high),
                grouped(c.expected_km_closed, 0)
            )?;
        }
        let partly: Vec<&str> = self
            .corridors
            .iter()
            .filter(|c| c.km > 0.0 && c.km < c.km_total)
            .map(|c| c.corridor.as_str())
            .collect();
        if !partly.is_empty() {
            wrapped(
                f,
                "  partly open, so P(open) is of the part open on the base:",
                &partly,
                ", ",
                4,
            )?;
        }
        let shut: Vec<&str> = self
            .corridors
            .iter()
            .filter(|c| c.km == 0.0)
            .map(|c| c.corridor.as_str())
            .collect();
        if !shut.is_empty() {
            wrapped(
                f,
                "  no link open on the base, so never open:",
                &shut,
                ", ",
                4,
            )?;
        }
        Ok(())
    }
}

/// The load on each link, a line each: Mt/yr, capacity, use, and `full` or `over` (see
/// [`fill`]).
pub(crate) fn write_loads(f: &mut Formatter<'_>, loads: &[LinkLoad]) -> fmt::Result {
    let rows = loads.iter().map(|l| {
        let used = l
            .utilisation
            .map_or("-".to_string(), |u| format!("{:.0}%", u * 100.0));
        (
            &l.link,
            l.load_mtpa,
            mtpa(l.capacity_mtpa),
            used,
            fill(l.load_mtpa, l.capacity_mtpa, l.saturated),
        )
    });
    write_load_lines(f, "link", rows)
}

/// How full a load leaves its capacity, as the tables mark it: `over` when the load passes
/// the capacity by more than a solver's rounding (a split that does not bind capacities
/// loads a link past them), `full` when it is saturated, else nothing.
pub(crate) fn fill(load: f64, capacity: Option<f64>, saturated: bool) -> &'static str {
    match capacity {
        Some(c) if load > c + 1e-6 * c.max(1.0) => "over",
        _ if saturated => "full",
        _ => "",
    }
}

/// A table of loads, a line each under the heading `what` (`link`, `place`): what carries the
/// load, its Mt/yr, capacity and use, and the mark [`fill`] gives it.
pub(crate) fn write_load_lines<N: Display>(
    f: &mut Formatter<'_>,
    what: &str,
    rows: impl IntoIterator<Item = (N, f64, String, String, &'static str)>,
) -> fmt::Result {
    writeln!(f, "  {:<34} {:>7} {:>7} {:>6}", what, "Mt/yr", "cap", "use")?;
    for (name, load, cap, used, mark) in rows {
        let mark = if mark.is_empty() {
            String::new()
        } else {
            format!("  {mark}")
        };
        writeln!(
            f,
            "  {:<34} {:>7} {:>7} {:>6}{mark}",
            name,
            grouped(load, 1),
            cap,
            used,
        )?;
    }
    Ok(())
}

/// `"at most "` before a bottleneck when some leg's capacity is unknown: the smallest
/// published figure bounds the route, and an unpublished one may be smaller.
fn at_most(legs: &[Leg]) -> &'static str {
    if legs.iter().any(|l| l.capacity_mtpa.is_none()) {
        "at most "
    } else {
        ""
    }
}

/// How many of the legs have no published capacity, as `" (6 of 12 links without a published
/// capacity)"`, or nothing when every one has.
fn unpublished(legs: &[Leg]) -> String {
    let n = legs.iter().filter(|l| l.capacity_mtpa.is_none()).count();
    if n == 0 {
        return String::new();
    }
    format!(
        " ({n} of {} {} without a published capacity)",
        legs.len(),
        plural(legs.len(), "link", "links")
    )
}

/// `"≤"` before a route's bottleneck in a table when some leg's capacity is unknown.
fn bound_mark(r: &Route) -> &'static str {
    if r.bottleneck_mtpa.is_some() && r.legs.iter().any(|l| l.capacity_mtpa.is_none()) {
        "≤"
    } else {
        ""
    }
}
