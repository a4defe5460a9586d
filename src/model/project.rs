//! Planned investments as data: which links a project builds, which capacities it raises, what
//! it costs and when it is due.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Date;
use crate::model::uncertainty::Interval;

/// A planned line or upgrade: the links it builds and the capacities it raises, with its cost
/// and expected opening where published (`[[projects]]` in the file).
///
/// Building a project counts its links whatever their status and sets the capacities it names;
/// [`crate::Network::rank_projects`] ranks projects by what that adds at the file's demands.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let p = net.project("trans-afghan-railway").unwrap();
/// assert!(p.links.iter().any(|l| l == "kharlachi-peshawar-rail"));
/// assert_eq!(p.cost_usd, Some(4.6e9));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Project {
    /// Unique id, `a-z`, `0-9` and `-`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Ids of the links it builds (none operational), in the file's order.
    pub links: Vec<String>,
    /// The capacities it sets, Mt/yr, by link or node id (a link's in each direction, a
    /// place's throughput).
    pub capacity_mtpa: BTreeMap<String, f64>,
    /// The ranges of those capacities, where stated.
    pub capacity_mtpa_range: BTreeMap<String, Interval>,
    /// What it costs to build, USD, where published.
    pub cost_usd: Option<f64>,
    /// The range of that cost, where published figures differ.
    pub cost_usd_range: Option<Interval>,
    /// The expected opening (a year's 1 January when only the year is given), where published.
    pub opens_on: Option<Date>,
    /// Whether a figure of the record (its cost or a capacity) is an estimate.
    pub estimated: bool,
    /// What it is, in a sentence or two.
    pub description: Option<String>,
    /// Where the record comes from: the text given, or the ids of its sources.
    pub source: String,
    /// Ids of the `[[sources]]` entries its figures rest on.
    pub sources: Vec<String>,
    /// How an unpublished figure was estimated, when one was.
    pub estimate: Option<String>,
}

impl Project {
    /// The day it is due to open: the date given, or for a year alone (kept as its 1 January)
    /// the last day of that year, as a line due in a year alone is counted open only once that
    /// year is out.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let p = net.project("khaf-herat-section-4").unwrap();
    /// assert_eq!(p.opens_on.unwrap().to_string(), "2028-01-01"); // the file says 2028
    /// assert_eq!(p.due_on().unwrap().to_string(), "2028-12-31");
    /// ```
    pub fn due_on(&self) -> Option<Date> {
        match self.opens_on {
            Some(d) if d.month == 1 && d.day == 1 => Date::new(d.year, 12, 31),
            d => d,
        }
    }

    /// A project built in code: add the links it builds with [`Project::link`] and the
    /// capacities it sets with [`Project::capacity`].
    ///
    /// # Example
    /// ```
    /// let p = corridors::Project::new("second-track", "Second track at Sarakhs")
    ///     .capacity("sarakhs", 15.0)
    ///     .cost_usd(2e8);
    /// assert_eq!(p.capacity_mtpa["sarakhs"], 15.0);
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Project {
        Project {
            id: id.into(),
            name: name.into(),
            links: Vec::new(),
            capacity_mtpa: BTreeMap::new(),
            capacity_mtpa_range: BTreeMap::new(),
            cost_usd: None,
            cost_usd_range: None,
            opens_on: None,
            estimated: false,
            description: None,
            source: crate::model::build::BUILT.into(),
            sources: Vec::new(),
            estimate: None,
        }
    }

    /// Also builds this link (one not yet operational).
    pub fn link(mut self, id: impl Into<String>) -> Project {
        self.links.push(id.into());
        self
    }

    /// Sets a link's or a place's capacity, Mt/yr.
    pub fn capacity(mut self, id: impl Into<String>, mtpa: f64) -> Project {
        self.capacity_mtpa.insert(id.into(), mtpa);
        self
    }

    /// What it costs to build, USD.
    pub fn cost_usd(mut self, usd: f64) -> Project {
        self.cost_usd = Some(usd);
        self
    }

    /// Its expected opening.
    pub fn opens(mut self, date: Date) -> Project {
        self.opens_on = Some(date);
        self
    }

    /// What it is.
    pub fn description(mut self, text: impl Into<String>) -> Project {
        self.description = Some(text.into());
        self
    }
}
