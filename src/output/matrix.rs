//! The cost matrix as a table for people: a row per origin, a column per destination.

use std::fmt::{self, Display, Formatter};

use crate::analysis::Matrix;
use crate::model::Metric;
use crate::output::metric_value;
use crate::output::robust::{spread, write_held_draws};
use crate::output::table::write_day;

impl Display for Matrix {
    /// The values to one decimal with thousands separators, `-` where no route joins the
    /// pair; the unit in the corner.
    ///
    /// # Example
    /// ```
    /// use corridors::{MatrixQuery, Metric, Network};
    /// let net = Network::trans_afghan();
    /// let m = net
    ///     .matrix(&MatrixQuery::new(["termez", "kabul"], ["karachi"]).metric(Metric::Distance))
    ///     .unwrap();
    /// let table = m.to_string();
    /// assert!(table.lines().any(|l| l.starts_with("km ") && l.ends_with("karachi")));
    /// assert!(table.lines().any(|l| l.starts_with("termez ")));
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let unit = match self.metric {
            Metric::Distance => "km",
            Metric::Time => "hours",
            Metric::Cost => "USD/t",
            Metric::Reliability => "risk",
        };
        let value = |x: f64| metric_value(self.metric, x);
        let cells = |cell: &dyn Fn(usize, usize) -> Option<String>| -> Vec<Vec<String>> {
            (0..self.from.len())
                .map(|i| {
                    (0..self.to.len())
                        .map(|j| cell(i, j).unwrap_or_else(|| "-".to_string()))
                        .collect()
                })
                .collect()
        };
        // The day first, as every other report states it.
        write_day(f, &self.day, "")?;
        write_grid(
            f,
            unit,
            &self.from,
            &self.to,
            "",
            &cells(&|i, j| self.values[i][j].map(value)),
        )?;
        if let Some(d) = &self.draws {
            write_held_draws(f, "", d.n, d.sampling, d.seed)?;
            let drawn = cells(&|i, j| d.values[i][j].map(|p| spread(&p, value)));
            write_grid(f, unit, &self.from, &self.to, "  ", &drawn)?;
        }
        Ok(())
    }
}

/// A row per origin and a column per destination, right-aligned, the unit in the corner, each
/// line after `indent`.
fn write_grid(
    f: &mut Formatter<'_>,
    unit: &str,
    from: &[String],
    to: &[String],
    indent: &str,
    cells: &[Vec<String>],
) -> fmt::Result {
    let first = from
        .iter()
        .map(|id| id.chars().count())
        .chain([unit.len()])
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..to.len())
        .map(|j| {
            cells
                .iter()
                .map(|row| row[j].chars().count())
                .chain([to[j].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    write!(f, "{indent}{unit}{}", gap(unit, first))?;
    for (to, &w) in to.iter().zip(&widths) {
        write!(f, "  {}{to}", gap(to, w))?;
    }
    writeln!(f)?;
    for (from, row) in from.iter().zip(cells) {
        write!(f, "{indent}{from}{}", gap(from, first))?;
        for (c, &w) in row.iter().zip(&widths) {
            write!(f, "  {}{c}", gap(c, w))?;
        }
        writeln!(f)?;
    }
    Ok(())
}

/// The spaces that pad `text` to `width` characters. A format's width (`{:<w$}`) would do
/// the same but holds at most 65,535, and the widths here are those of the file's ids.
fn gap(text: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(text.chars().count()))
}
