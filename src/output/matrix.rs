//! The cost matrix as a table for people: a row per origin, a column per destination.

use std::fmt::{self, Display, Formatter};

use crate::analysis::Matrix;
use crate::model::Metric;
use crate::output::grouped;
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
        let cell = |v: &Option<f64>| match v {
            Some(x) if self.metric == Metric::Reliability => format!("{x:.4}"),
            Some(x) => grouped(*x, 1),
            None => "-".to_string(),
        };
        let cells: Vec<Vec<String>> = self
            .values
            .iter()
            .map(|row| row.iter().map(cell).collect())
            .collect();
        let first = self
            .from
            .iter()
            .map(String::len)
            .chain([unit.len()])
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..self.to.len())
            .map(|j| {
                cells
                    .iter()
                    .map(|row| row[j].len())
                    .chain([self.to[j].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        write!(f, "{unit}{}", gap(unit, first))?;
        for (to, &w) in self.to.iter().zip(&widths) {
            write!(f, "  {}{to}", gap(to, w))?;
        }
        writeln!(f)?;
        for (from, row) in self.from.iter().zip(&cells) {
            write!(f, "{from}{}", gap(from, first))?;
            for (c, &w) in row.iter().zip(&widths) {
                write!(f, "  {}{c}", gap(c, w))?;
            }
            writeln!(f)?;
        }
        write_day(f, &self.day, "")
    }
}

/// The spaces that pad `text` to `width` characters. A format's width (`{:<w$}`) would do
/// the same but holds at most 65,535, and the widths here are those of the file's ids.
fn gap(text: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(text.chars().count()))
}
