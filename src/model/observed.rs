//! What a link or a place was reported to carry: the file's `[[observed]]` records.
//!
//! An observation is a count of tonnes over a stated period, as a source printed it (or made
//! from one, and then marked estimated). It feeds no search or flow: it stands beside the
//! model's capacities so that a reader sees how full a line or a crossing was when it was
//! last counted ([`Network::utilisation`](crate::Network::utilisation)).

use serde::{Deserialize, Serialize};

use crate::model::{Date, Interval};

/// Where an observation was counted: on a link or at a place.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Site {
    /// On a link, by its id.
    Link(String),
    /// At a node (a crossing, a port), by its id: what passed through it.
    Node(String),
}

impl Site {
    /// The id of the link or node.
    ///
    /// # Example
    /// ```
    /// use corridors::Site;
    /// assert_eq!(Site::Node("hairatan".into()).id(), "hairatan");
    /// ```
    pub fn id(&self) -> &str {
        match self {
            Site::Link(id) | Site::Node(id) => id,
        }
    }

    /// `link` or `node`, as the file's key.
    ///
    /// # Example
    /// ```
    /// use corridors::Site;
    /// assert_eq!(Site::Link("a-b".into()).kind(), "link");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Site::Link(_) => "link",
            Site::Node(_) => "node",
        }
    }
}

/// Cargo a link or a place was reported to have carried over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Observed {
    /// Where it was counted.
    pub at: Site,
    /// On a link, the end the cargo came from, when the count is of one direction only;
    /// `None` for both directions together (or a count that does not say).
    pub from: Option<String>,
    /// The first day counted.
    pub start: Date,
    /// The last day counted (inclusive).
    pub end: Date,
    /// Tonnes carried over the period.
    pub tonnes: f64,
    /// The low and high of the tonnes, when the figure is a range or was converted.
    pub tonnes_range: Option<Interval>,
    /// Whether the tonnes are an estimate (converted from trucks or containers, say).
    pub estimated: bool,
    /// Where the figure comes from: the text given, or the ids of its sources.
    pub source: String,
    /// Ids of the `[[sources]]` entries the figure rests on.
    pub sources: Vec<String>,
    /// How the tonnes were made from what the source printed, when they were.
    pub estimate: Option<String>,
    /// What was counted.
    pub description: Option<String>,
}

/// Days in an average Gregorian year: what a count over a period is scaled by to a year.
const DAYS_A_YEAR: f64 = 365.2425;

impl Observed {
    /// Days counted, both ends included.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Observed, Site};
    /// let d = |m, d| Date::new(2025, m, d).unwrap();
    /// let o = Observed::new(Site::Node("hairatan".into()), d(8, 15), d(8, 21), 45_423.0);
    /// assert_eq!(o.days(), 7);
    /// ```
    pub fn days(&self) -> i64 {
        self.end.day_number() - self.start.day_number() + 1
    }

    /// The count as million tonnes a year: the tonnes over the days counted, times the
    /// days of an average year. A short period makes a season stand for the year; the
    /// record's period says how short it was.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Observed, Site};
    /// let (start, end) = (Date::new(2024, 1, 1).unwrap(), Date::new(2024, 12, 31).unwrap());
    /// let o = Observed::new(Site::Link("a-b".into()), start, end, 11.5e6);
    /// assert!((o.mtpa() - 11.5 * 365.2425 / 366.0).abs() < 1e-9);
    /// ```
    pub fn mtpa(&self) -> f64 {
        self.per_year(self.tonnes)
    }

    /// The low and high of [`Observed::mtpa`], when the tonnes have a range.
    pub fn mtpa_range(&self) -> Option<Interval> {
        self.tonnes_range
            .map(|r| Interval::new(self.per_year(r.low), self.per_year(r.high)))
    }

    fn per_year(&self, tonnes: f64) -> f64 {
        tonnes / self.days().max(1) as f64 * DAYS_A_YEAR / 1e6
    }
}
