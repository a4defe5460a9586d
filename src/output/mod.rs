//! Presentation: tables for people (the `Display` of reports, and the node and link lists),
//! tables for programs (CSV), the network as GraphML, and maps as GeoJSON and SVG. It reads reports, the network and its records, never the
//! engine; nothing else in the crate reads it.
//!
//! The formatting that tables and maps share lives here, once, so a figure is written the same
//! way wherever it appears.

mod criticality;
mod csv;
mod disruption;
mod geojson;
mod graphml;
mod map;
mod matrix;
mod optimal;
mod projects;
mod records;
mod robust;
mod split;
mod svg;
mod table;
mod utilisation;

pub use csv::{
    capacity_csv, critical_draws_csv, criticality_csv, legs_csv, links_csv, loads_csv, matrix_csv,
    nodes_csv, observed_csv, routes_csv,
};
pub use geojson::{
    assignment_geojson, capacity_geojson, network_geojson, route_geojson, scenario_geojson,
};
pub use graphml::network_graphml;
pub use map::{Bounds, Map};
pub use records::{CitedSource, LinkTable, NodeTable, SourceTable};
pub use split::split_fit_table;

/// What a report over the flows says when there are none.
pub(crate) const NO_FLOWS: &str = "no flows: the file has no [[demands]] and no pairs were given";

/// A metric's unit per tonne in tables: `USD/t`, `h`, `km` or `risk`.
pub(crate) fn metric_unit(metric: crate::model::Metric) -> &'static str {
    use crate::model::Metric;
    match metric {
        Metric::Cost => "USD/t",
        Metric::Time => "h",
        Metric::Distance => "km",
        Metric::Reliability => "risk",
    }
}

/// A value of `metric` per tonne as the tables show it: one decimal, and a reliability risk
/// (a chance, mostly below 0.5) to four, so that routes a few percent apart read apart.
pub(crate) fn metric_value(metric: crate::model::Metric, x: f64) -> String {
    match metric {
        crate::model::Metric::Reliability => format!("{x:.4}"),
        _ => grouped(x, 1),
    }
}

/// The unit of a total over the flows, Σ Mt/yr × a metric per tonne, in millions:
/// `million USD/yr` for cost, `million tonne-hours/yr` for time, `million tonne-km/yr` for
/// distance and `million tonne-risk/yr` for reliability (about the million tonnes a year whose
/// route a scenario closes, while the risks are small).
pub(crate) fn metric_total_unit(metric: crate::model::Metric) -> &'static str {
    use crate::model::Metric;
    match metric {
        Metric::Cost => "million USD/yr",
        Metric::Time => "million tonne-hours/yr",
        Metric::Distance => "million tonne-km/yr",
        Metric::Reliability => "million tonne-risk/yr",
    }
}

/// A place's name without its parenthesis, as maps and route labels show it: everything
/// before the first `" ("`.
///
/// # Example
/// ```
/// assert_eq!(corridors::short_name("Nhava Sheva (JNPA, Mumbai)"), "Nhava Sheva");
/// assert_eq!(corridors::short_name("Herat"), "Herat");
/// ```
pub fn short_name(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name)
}

/// `one` for a count of 1, `many` otherwise.
pub(crate) fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// A number with thousands separators and `decimals` places: `3,512.4`. Halves round to even,
/// as `format!` does; round first for halves away from zero. The number is first taken to 12
/// significant digits, so that one figure summed in two orders (170.14999999999998 and
/// 170.15000000000001) prints the same in every table.
pub(crate) fn grouped(x: f64, decimals: usize) -> String {
    let x = if x.is_finite() {
        format!("{x:.11e}").parse::<f64>().unwrap_or(x)
    } else {
        x
    };
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

/// A number rounded to 0.1, with no trailing `.0` and no `-0`: `3.0` → `3`, `2.85` → `2.9`.
/// SVG coordinates and the figures on a map.
pub(crate) fn short(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// `head` and then the `pieces` in lines of at most `width` characters. A piece follows a
/// space, except after a line that ends in one; continuation lines start with `indent` spaces.
/// A line breaks only once it holds more than the head, so a piece too long for any line still
/// gets one. An empty last line is left out: no head and no pieces give no lines.
pub(crate) fn wrap<S: AsRef<str>>(
    head: &str,
    pieces: impl IntoIterator<Item = S>,
    width: usize,
    indent: usize,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = head.to_string();
    for piece in pieces {
        let piece = piece.as_ref();
        let gap = if line.ends_with(' ') || line.is_empty() {
            ""
        } else {
            " "
        };
        if line.chars().count() + gap.len() + piece.chars().count() > width
            && line.trim().len() > head.trim().len()
        {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
            line.push_str(piece);
        } else {
            line.push_str(gap);
            line.push_str(piece);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{grouped, short, wrap};

    #[test]
    fn grouped_numbers_print_one_figure_alike_whatever_its_last_bits() {
        // One figure summed in two orders: the doubles on either side of 170.15.
        let x = 170.15_f64;
        let (below, above) = (
            f64::from_bits(x.to_bits() - 1),
            f64::from_bits(x.to_bits() + 1),
        );
        assert_eq!(grouped(below, 1), grouped(above, 1));
        assert_eq!(grouped(below, 1), grouped(x, 1));
        assert_eq!(grouped(169.69 + 3e-14, 2), "169.69");
    }

    #[test]
    fn grouped_numbers() {
        assert_eq!(grouped(3512.44, 1), "3,512.4");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(1_000_000.0, 0), "1,000,000");
        assert_eq!(grouped(-1234.5, 1), "-1,234.5");
        assert_eq!(grouped(-0.01, 1), "0.0");
        // Halves to even; the map rounds first, for halves away from zero.
        assert_eq!(grouped(212.5, 0), "212");
        assert_eq!(grouped(212.5_f64.round(), 0), "213");
        assert_eq!(grouped(-4330.6_f64.round(), 0), "-4,331");
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short(3.0), "3");
        assert_eq!(short(2.85), "2.9");
        assert_eq!(short(-0.04), "0");
        assert_eq!(short(-12.34), "-12.3");
    }

    #[test]
    fn wrapped_lines() {
        let words = |s: &'static str| s.split_whitespace();
        assert_eq!(wrap("", words("a bb ccc dd"), 6, 0), ["a bb", "ccc dd"]);
        assert_eq!(wrap("", words("  "), 6, 0), Vec::<String>::new());
        assert_eq!(wrap("", words("abcdefgh ij"), 6, 0), ["abcdefgh", "ij"]);
        assert_eq!(
            wrap("  head:", ["one,", "two,", "three"], 16, 4),
            ["  head: one,", "    two, three"]
        );
        // The head is never left alone, and a head ending in a space takes no gap.
        assert_eq!(
            wrap("  h:", ["longer-than-width"], 8, 4),
            ["  h: longer-than-width"]
        );
        assert_eq!(wrap("    ", ["a →", "b"], 100, 4), ["    a → b"]);
    }
}
