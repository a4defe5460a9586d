//! Tables for people: the `Display` of reports, as the CLI and the examples print them.

use std::fmt::{self, Display, Formatter};

use crate::capacity::{Assignment, CapacityReport};
use crate::compare::Comparison;
use crate::model::{Mode, Status, Summary};
use crate::route::{Route, RouteAnswer};

/// A number with thousands separators and `decimals` places: `3,512.4`.
pub(crate) fn grouped(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        out.insert(0, '-');
    }
    out
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
        writeln!(
            f,
            "  {} links with an estimated length",
            self.estimated_links
        )?;
        write!(
            f,
            "  {} corridors, {} scenarios, {} demands",
            self.corridors, self.scenarios, self.demands
        )
    }
}

fn write_route(f: &mut Formatter<'_>, r: &Route) -> fmt::Result {
    writeln!(
        f,
        "   #  {:<34} {:<4} {:>7} {:>7} {:>8}  status",
        "link", "mode", "km", "hours", "USD/t"
    )?;
    for (i, leg) in r.legs.iter().enumerate() {
        let status = match (leg.status, leg.opens) {
            (Status::Operational, _) => String::new(),
            (s, Some(y)) => format!("{s}, opens {y}"),
            (s, None) => s.to_string(),
        };
        writeln!(
            f,
            "  {:>2}  {:<34} {:<4} {:>7} {:>7} {:>8}  {}",
            i + 1,
            leg.link,
            leg.mode.as_str(),
            grouped(leg.distance_km, 0),
            grouped(leg.hours, 1),
            grouped(leg.usd_per_t, 2),
            status
        )?;
    }
    if !r.transfers.is_empty() {
        let t: Vec<String> = r
            .transfers
            .iter()
            .map(|t| format!("{} at {}", t.kind, t.node))
            .collect();
        writeln!(f, "  transfers: {}", t.join(", "))?;
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
        (Some(c), Some(id)) => writeln!(f, "  bottleneck: {} Mt/yr at {id}", grouped(*c, 1))?,
        _ => writeln!(
            f,
            "  bottleneck: unknown (no capacity published on this route)"
        )?,
    }
    if !r.unbuilt.is_empty() {
        writeln!(f, "  not yet built: {}", r.unbuilt.join(", "))?;
    }
    Ok(())
}

impl Display for RouteAnswer {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} → {}, best by {}", self.from, self.to, self.metric)?;
        match &self.route {
            None => writeln!(
                f,
                "  no route: {}",
                self.reason.as_deref().unwrap_or("not connected")
            ),
            Some(r) => {
                write_route(f, r)?;
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
        writeln!(
            f,
            "{:<12} {:<12} {:<13} {:>6} {:>5} {:>7} {:>6} {:>7} {:>6}  best",
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
                            "{:<12} {:<12} {:<13} {:>6} {:>5} {:>7} {:>6} {:>7} {:>6}  {}",
                            from,
                            to,
                            port,
                            grouped(r.distance_km, 0),
                            grouped(r.days, 1),
                            grouped(r.usd_per_t, 1),
                            mtpa(r.bottleneck_mtpa),
                            r.border_crossings,
                            r.unbuilt.len(),
                            best
                        )?;
                    }
                    None => writeln!(f, "{from:<12} {to:<12} {port:<13} {:>6}", "no route")?,
                }
            }
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
        match self.max_flow_mtpa {
            Some(0.0) => writeln!(f, "  maximum flow: 0 Mt/yr: no open link joins them")?,
            Some(x) => writeln!(f, "  maximum flow: {} Mt/yr", grouped(x, 1))?,
            None => writeln!(
                f,
                "  maximum flow: unbounded by published figures: no capacity is known on {}",
                self.unbounded_path.join(", ")
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
            writeln!(
                f,
                "  links of unknown capacity carrying flow (counted as unbounded): {}",
                self.unknown_capacity_used.join(", ")
            )?;
        }
        if let Some(w) = &self.widest_path {
            let links: Vec<&str> = w.legs.iter().map(|l| l.link.as_str()).collect();
            writeln!(
                f,
                "  widest path {} → {}: bottleneck {} Mt/yr{}",
                w.from,
                w.to,
                mtpa(w.bottleneck_mtpa),
                w.bottleneck_id
                    .as_ref()
                    .map(|id| format!(" at {id}"))
                    .unwrap_or_default()
            )?;
            writeln!(f, "    {}", links.join(" → "))?;
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
                    None => writeln!(
                        f,
                        "      {} Mt/yr unserved: its route is full at {}",
                        grouped(d.unserved_mtpa, 1),
                        d.blocked_by.join(", ")
                    )?,
                }
            }
        }
        writeln!(
            f,
            "  {:<34} {:>7} {:>7} {:>6}",
            "link", "Mt/yr", "cap", "use"
        )?;
        for l in &self.loads {
            writeln!(
                f,
                "  {:<34} {:>7} {:>7} {:>6}{}",
                l.link,
                grouped(l.load_mtpa, 1),
                mtpa(l.capacity_mtpa),
                l.utilisation
                    .map_or("-".to_string(), |u| format!("{:.0}%", u * 100.0)),
                if l.saturated { "  full" } else { "" }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn grouped_numbers() {
        assert_eq!(grouped(3512.44, 1), "3,512.4");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(1_000_000.0, 0), "1,000,000");
        assert_eq!(grouped(-1234.5, 1), "-1,234.5");
        assert_eq!(grouped(-0.01, 1), "0.0");
    }
}
