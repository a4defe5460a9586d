//! The table of counted use: each count as Mt/yr, the capacity it is set against and the share
//! used, with what was counted and its sources below.

use std::fmt::{self, Display, Formatter};

use crate::analysis::{Against, CapacityFrom, Use, Utilisation};
use crate::model::Interval;
use crate::output::grouped;
use crate::output::table::{wrapped, write_day};

/// `3.45` or `3.45 (2.8–4.1)`: a figure in Mt/yr and its range.
pub(crate) fn with_range(x: f64, r: Option<Interval>) -> String {
    match r {
        Some(r) => format!(
            "{} ({}–{})",
            grouped(x, 2),
            grouped(r.low, 2),
            grouped(r.high, 2)
        ),
        None => grouped(x, 2),
    }
}

/// A share as a percent without its sign: whole, but a tenth below 10 %, so a line barely used
/// does not read 0.
pub(crate) fn percent(x: f64) -> String {
    grouped(x * 100.0, usize::from(x < 0.1))
}

/// `62%` or `62% (50–75%)`; `-` when no capacity is known.
fn share(u: &Use) -> String {
    match (u.share, u.share_range) {
        (Some(s), Some(r)) => format!("{}% ({}–{}%)", percent(s), percent(r.low), percent(r.high)),
        (Some(s), None) => format!("{}%", percent(s)),
        _ => "-".into(),
    }
}

/// What the capacity is, in a word or two.
fn against(u: &Use) -> &'static str {
    match (u.against, u.capacity_from) {
        (Against::Unknown, _) | (_, CapacityFrom::Unknown) => "",
        (Against::Throughput, _) => "throughput",
        (Against::OneDirection, CapacityFrom::ModeDefault) => "one way, mode default",
        (Against::OneDirection, _) => "one way",
        (Against::BothDirections, CapacityFrom::ModeDefault) => "both ways, mode default",
        (Against::BothDirections, _) => "both ways",
    }
}

impl Display for Utilisation {
    /// A row per count: where (and from which end), the days counted, Mt/yr, the capacity it
    /// is set against and the share used; then what was counted and its sources.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let table = net.utilisation().to_string();
    /// assert!(table.starts_with("where"));
    /// ```
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.uses.is_empty() {
            return writeln!(f, "no counts: the file has no [[observed]] records");
        }
        let model = self.modelled_on.is_some();
        if let Some(day) = &self.modelled_on {
            let what = self
                .model
                .as_deref()
                .unwrap_or("the flows set beside the counts");
            writeln!(f, "model: {what}")?;
            write_day(f, day, "  ")?;
        }
        let head = format!(
            "{:<44} {:<23} {:>20} {:>9}  {:<18} {:<14}{}",
            "where",
            "period",
            "Mt/yr",
            "capacity",
            "against",
            "used",
            if model { "   model" } else { "" }
        );
        writeln!(f, "{}", head.trim_end())?;
        for u in &self.uses {
            let place = match &u.from {
                Some(from) => format!("{} {} from {from}", u.at.kind(), u.at.id()),
                None => format!("{} {}", u.at.kind(), u.at.id()),
            };
            let estimated = if u.estimated { "~" } else { "" };
            let modelled = match (model, u.modelled_mtpa) {
                (true, Some(m)) => format!(" {:>7}", grouped(m, 2)),
                _ => String::new(),
            };
            let line = format!(
                "{:<44} {:<23} {:>20} {:>9}  {:<18} {:<14}{modelled}",
                place,
                format!("{} – {}", u.start, u.end),
                format!("{estimated}{}", with_range(u.mtpa, u.mtpa_range)),
                u.capacity_mtpa.map_or("?".into(), |c| grouped(c, 1)),
                against(u),
                share(u)
            );
            writeln!(f, "{}", line.trim_end())?;
            let mut words: Vec<&str> = Vec::new();
            if let Some(d) = &u.description {
                words.extend(d.split_whitespace());
            }
            let cited = format!("[{}]", u.sources.join(", "));
            if !u.sources.is_empty() {
                words.push(&cited);
            }
            wrapped(f, "    ", &words, " ", 4)?;
        }
        let notes = [
            "Mt/yr: the tonnes counted, scaled from the days counted to a year (~: converted or",
            "estimated, see the record). Capacity: as built, with no scenario applied; a link's is",
            "per direction, doubled for a count of both directions, which then hides any imbalance",
            "between them. ? when neither the record nor its mode's default gives one.",
        ];
        let model_notes = [
            "model: what those flows put on the link in the direction counted (both summed for a",
            "count of both), or through the place (arriving by its links or leaving it as an origin).",
        ];
        for n in notes
            .iter()
            .chain(if model { &model_notes[..] } else { &[] })
        {
            writeln!(f, "{n}")?;
        }
        if model {
            let fit = self.fit();
            writeln!(
                f,
                "fit: {} of {} counts within range (1 % without one); mean miss {:.3} (0 within, 1 nothing modelled)",
                fit.within, fit.counts, fit.mean_miss
            )?;
        }
        Ok(())
    }
}
