//! Disruption scenarios as data: what a scenario closes, shrinks or makes dearer, the one set of
//! rules every scenario obeys (from a file or built in code), and the effects it has on a link.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{IdKind, QueryError};
use crate::model::Date;
use crate::model::rules::Rule;
use crate::util::suggest::Index;

/// A disruption: what it closes, shrinks or makes dearer, when, and how likely it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Scenario {
    /// The id, e.g. `pak-afghan-closure-2025`.
    pub id: String,
    /// The name people use.
    pub name: String,
    /// What happened.
    pub description: Option<String>,
    /// When it began.
    pub start: Option<Date>,
    /// When it ended, if it did.
    pub end: Option<Date>,
    /// The date of the last report that it still lasts, for one with no end (or, for one that
    /// recurs yearly, that the practice still holds): after it, the event is still applied
    /// but said to be unconfirmed.
    pub confirmed: Option<Date>,
    /// Whether the `start`–`end` window recurs every year from its first year on: a practice
    /// (a pass shut each winter) rather than one occurrence. Such an event needs both dates
    /// and a window shorter than a year, which may span New Year; see
    /// [`Scenario::in_force`] for the rule. In the file, `recurs_yearly = true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recurs_yearly: bool,
    /// Links closed by id.
    pub close_links: Vec<String>,
    /// Nodes closed: every link touching them.
    pub close_nodes: Vec<String>,
    /// Countries closed: every link touching them.
    pub close_countries: Vec<String>,
    /// Borders closed: every link whose ends lie in these two countries.
    pub close_borders: Vec<[String; 2]>,
    /// Corridors closed: every link of the corridor.
    pub close_corridors: Vec<String>,
    /// Pairs of countries no route may join: a route through a place in one may not pass
    /// through a place in the other, by any way (a third country's port or land included),
    /// as a ban on trade and transit between them forbids. Routes, comparisons and matrices
    /// keep to it exactly; the analyses that move cargo keep each flow with an end in one of
    /// the two out of the other (group-to-group maximum flow does not).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ban_between: Vec<[String; 2]>,
    /// Link id → the share of its capacity left, in `[0, 1]`.
    pub capacity_factor: BTreeMap<String, f64>,
    /// Link id or country code → hours added to every link it names or touches.
    pub add_hours: BTreeMap<String, f64>,
    /// Link id or country code → USD per tonne added (a sanctions or insurance surcharge).
    pub add_usd_per_t: BTreeMap<String, f64>,
    /// The low and high of a capacity factor, by its key, when stated or spread by grade.
    pub capacity_factor_range: BTreeMap<String, crate::model::Interval>,
    /// The low and high of the hours added, by key, when stated.
    pub add_hours_range: BTreeMap<String, crate::model::Interval>,
    /// The low and high of the USD per tonne added, by key, when stated.
    pub add_usd_per_t_range: BTreeMap<String, crate::model::Interval>,
    /// Chance per year that the disruption strikes.
    pub probability: Option<f64>,
    /// The chance's low and high, when stated.
    pub probability_range: Option<crate::model::Interval>,
    /// Where the record comes from: the text given, or the ids of its sources.
    pub source: String,
    /// Ids of the `[[sources]]` entries the scenario rests on.
    pub sources: Vec<String>,
    /// How an unpublished figure of the scenario (its probability, say) was estimated.
    pub estimate: Option<String>,
}

impl Scenario {
    /// Whether the scenario is an event: something that happened on a date (it has a
    /// `start`), as against a what-if.
    pub fn is_event(&self) -> bool {
        self.start.is_some()
    }

    /// Whether the event is in force on a date: begun by then, and not ended before it. A
    /// what-if (no start) is never in force.
    ///
    /// An event that recurs yearly ([`Scenario::recurs_yearly`]) is in force on `date` when
    /// the date falls in its window shifted by a whole number of years, zero or more: from
    /// `start` to `end` (both included), or from `start` to `end` the next year, the year
    /// after, and so on; never before its first `start`. A 29 February shifted into a common
    /// year is read as 28 February.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Network};
    /// let net = Network::trans_afghan();
    /// let sc = net.scenario("torkham-closure-2025").unwrap();
    /// assert!(sc.in_force("2025-03-01".parse().unwrap()));
    /// assert!(!sc.in_force("2025-04-01".parse().unwrap()));
    /// // The Khunjerab pass is shut every winter, 1 December to 31 March.
    /// let pass = net.scenario("khunjerab-winter").unwrap();
    /// assert!(pass.in_force("2027-01-15".parse().unwrap()));
    /// assert!(!pass.in_force("2027-04-01".parse().unwrap()));
    /// assert!(!pass.in_force("2024-01-15".parse().unwrap())); // before its first winter
    /// ```
    pub fn in_force(&self, date: Date) -> bool {
        let Some(start) = self.start.filter(|&s| s <= date) else {
            return false;
        };
        match (self.recurs_yearly, self.end) {
            (_, None) => true,
            (false, Some(end)) => date <= end,
            // A window shorter than a year holding `date` starts in its year or ends in it.
            (true, Some(end)) => [start.year, end.year].into_iter().any(|year| {
                let k = i32::from(date.year) - i32::from(year);
                k >= 0
                    && start.plus_years(k).is_some_and(|s| s <= date)
                    // An end moved past the calendar's last year is after every date.
                    && end.plus_years(k).is_none_or(|e| date <= e)
            }),
        }
    }

    /// For an event in force on `date` whose last report is older than the date: the date
    /// since which it is unconfirmed. The last report of one with no end is `confirmed`, else
    /// its start; one that recurs yearly is reported through its first window, so its last
    /// report is the later of `confirmed` and its first `end`, and the windows after it are
    /// carried forward unconfirmed. An event with an end that does not recur is never
    /// unconfirmed.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Scenario};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// let winter = Scenario::new("pass-shut", "Pass shut every winter")
    ///     .dates(d("2024-12-01"), Some(d("2025-03-31")))
    ///     .recurs_yearly();
    /// assert_eq!(winter.unconfirmed_since(d("2025-01-15")), None); // its first winter, reported
    /// assert_eq!(winter.unconfirmed_since(d("2026-01-15")), Some(d("2025-03-31")));
    /// assert_eq!(winter.unconfirmed_since(d("2026-07-01")), None); // not in force
    /// // A later report of the practice confirms it up to that report.
    /// let reported = winter.confirmed(d("2025-11-20"));
    /// assert_eq!(reported.unconfirmed_since(d("2026-01-15")), Some(d("2025-11-20")));
    /// ```
    pub fn unconfirmed_since(&self, date: Date) -> Option<Date> {
        if !self.in_force(date) {
            return None;
        }
        let last = match (self.recurs_yearly, self.end) {
            (true, Some(end)) => self.confirmed.map_or(end, |c| c.max(end)),
            (false, Some(_)) => return None,
            (_, None) => self.confirmed.or(self.start)?,
        };
        (last < date).then_some(last)
    }
}

/// Which rule of a scenario hit a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", content = "id", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Named in `close_links`.
    CloseLink(String),
    /// Touches a node in `close_nodes`.
    CloseNode(String),
    /// Touches a country in `close_countries`.
    CloseCountry(String),
    /// Crosses a border in `close_borders` (the two country codes, joined by `-`).
    CloseBorder(String),
    /// Belongs to a corridor in `close_corridors`.
    CloseCorridor(String),
    /// Named in `capacity_factor`.
    CapacityFactor(String),
    /// Named, or touches a country named, in `add_hours`.
    AddHours(String),
    /// Named, or touches a country named, in `add_usd_per_t`.
    AddUsdPerT(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::CloseLink(id) => write!(f, "close_links {id}"),
            Reason::CloseNode(id) => write!(f, "close_nodes {id}"),
            Reason::CloseCountry(id) => write!(f, "close_countries {id}"),
            Reason::CloseBorder(id) => write!(f, "close_borders {id}"),
            Reason::CloseCorridor(id) => write!(f, "close_corridors {id}"),
            Reason::CapacityFactor(id) => write!(f, "capacity_factor {id}"),
            Reason::AddHours(id) => write!(f, "add_hours {id}"),
            Reason::AddUsdPerT(id) => write!(f, "add_usd_per_t {id}"),
        }
    }
}

/// What a scenario does to one link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkEffect {
    /// Index of the link in [`Network::links`](crate::Network::links).
    #[serde(skip)]
    pub(crate) link: usize,
    /// The link id.
    pub link_id: String,
    /// Whether the scenario closes it.
    pub closed: bool,
    /// Share of capacity left (1 when untouched).
    pub factor: f64,
    /// Hours added.
    pub add_hours: f64,
    /// USD per tonne added.
    pub add_usd_per_t: f64,
    /// Every rule that hit the link, in the order the scenario lists them.
    pub reasons: Vec<Reason>,
    /// The parameters of the file's scenarios behind its added hours (`true`) and USD: what
    /// draws move.
    #[serde(skip)]
    pub(crate) drawn: Vec<(u32, bool)>,
}

impl PartialEq for LinkEffect {
    /// Two effects are equal when they are on the same link id and do the same; the link's
    /// index in its network and the parameters behind the figures are not compared (an
    /// effect read back from JSON has neither).
    fn eq(&self, o: &LinkEffect) -> bool {
        self.link_id == o.link_id
            && self.closed == o.closed
            && self.factor == o.factor
            && self.add_hours == o.add_hours
            && self.add_usd_per_t == o.add_usd_per_t
            && self.reasons == o.reasons
    }
}

impl LinkEffect {
    /// Adds what another scenario does to the same link: closed if either closes it, factors
    /// multiplied, delays and surcharges added, reasons kept once each in order.
    pub(crate) fn merge(&mut self, other: LinkEffect) {
        self.closed |= other.closed;
        self.factor *= other.factor;
        self.add_hours += other.add_hours;
        self.add_usd_per_t += other.add_usd_per_t;
        self.drawn.extend(other.drawn);
        for r in other.reasons {
            if !self.reasons.contains(&r) {
                self.reasons.push(r);
            }
        }
    }
}

impl Scenario {
    /// A scenario built in code, closing and changing nothing until told to.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery, Scenario};
    /// let net = Network::trans_afghan();
    /// let torkham = Scenario::new("torkham-shut", "Torkham shut")
    ///     .close_link("torkham-af-torkham-pk-road")
    ///     .add_usd_per_t("PK", 3.0);
    /// let q = RouteQuery::new("kabul", "peshawar").with_scenario(torkham);
    /// let r = net.route(&q).unwrap().route.unwrap();
    /// assert!(!r.passes("torkham-af"));
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Scenario {
        Scenario {
            id: id.into(),
            name: name.into(),
            source: "built in code".into(),
            ..Scenario::default()
        }
    }

    /// Closes a link.
    pub fn close_link(mut self, id: impl Into<String>) -> Scenario {
        self.close_links.push(id.into());
        self
    }

    /// Closes every link touching a node.
    pub fn close_node(mut self, id: impl Into<String>) -> Scenario {
        self.close_nodes.push(id.into());
        self
    }

    /// Closes every link touching a country (ISO code).
    pub fn close_country(mut self, code: impl Into<String>) -> Scenario {
        self.close_countries.push(code.into());
        self
    }

    /// Closes every link whose ends lie in these two countries.
    pub fn close_border(mut self, a: impl Into<String>, b: impl Into<String>) -> Scenario {
        self.close_borders.push([a.into(), b.into()]);
        self
    }

    /// Bans every route joining these two countries (see [`Scenario::ban_between`]).
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery, Scenario};
    /// let net = Network::trans_afghan();
    /// let ban = Scenario::new("no-af-pk", "No Afghan–Pakistani trade").ban("AF", "PK");
    /// let q = RouteQuery::new("kabul", "karachi").with_scenario(ban);
    /// assert!(net.route(&q).unwrap().route.is_none());
    /// ```
    pub fn ban(mut self, a: impl Into<String>, b: impl Into<String>) -> Scenario {
        self.ban_between.push([a.into(), b.into()]);
        self
    }

    /// Closes every link of a corridor.
    pub fn close_corridor(mut self, id: impl Into<String>) -> Scenario {
        self.close_corridors.push(id.into());
        self
    }

    /// Leaves a link `factor` (in `[0, 1]`) of its capacity.
    pub fn capacity_factor(mut self, link: impl Into<String>, factor: f64) -> Scenario {
        self.capacity_factor.insert(link.into(), factor);
        self
    }

    /// Adds hours to a link, or to every link touching a country.
    pub fn add_hours(mut self, link_or_country: impl Into<String>, hours: f64) -> Scenario {
        *self.add_hours.entry(link_or_country.into()).or_default() += hours;
        self
    }

    /// Adds USD per tonne to a link, or to every link touching a country (a surcharge).
    pub fn add_usd_per_t(mut self, link_or_country: impl Into<String>, usd: f64) -> Scenario {
        *self
            .add_usd_per_t
            .entry(link_or_country.into())
            .or_default() += usd;
        self
    }

    /// Sets the chance per year that the scenario strikes.
    pub fn probability(mut self, p: f64) -> Scenario {
        self.probability = Some(p);
        self
    }

    /// Makes the scenario an event: it is in force from `start` to `end` (inclusive; `None`
    /// while it lasts), so queries on those dates apply it.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Scenario};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// let sc = Scenario::new("strike", "Port strike").close_node("karachi")
    ///     .dates(d("2026-03-01"), Some(d("2026-03-10")));
    /// assert!(sc.in_force(d("2026-03-05")) && !sc.in_force(d("2026-03-11")));
    /// ```
    pub fn dates(mut self, start: Date, end: Option<Date>) -> Scenario {
        self.start = Some(start);
        self.end = end;
        self
    }

    /// Dates the last report that an event with no end still lasts.
    pub fn confirmed(mut self, on: Date) -> Scenario {
        self.confirmed = Some(on);
        self
    }

    /// Makes an event's window recur every year from its first year on, as a pass shut each
    /// winter is (see [`Scenario::in_force`] for the rule). It needs both dates and a window
    /// shorter than a year: a query bringing one without is refused with
    /// [`QueryError::ScenarioYearly`].
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Filter, Network, RouteQuery, Scenario};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// let winter = Scenario::new("pass-shut", "Pass shut every winter")
    ///     .close_link("kashgar-hasan-abdal-road")
    ///     .dates(d("2024-12-01"), Some(d("2025-03-31")))
    ///     .recurs_yearly();
    /// assert!(winter.in_force(d("2030-12-25")) && !winter.in_force(d("2030-11-30")));
    /// let net = Network::trans_afghan().edit().scenario(winter).build().unwrap();
    /// let on = |day| RouteQuery::new("kashgar", "karachi").filter(Filter::new().date(d(day)));
    /// assert!(net.route(&on("2030-12-25")).unwrap().day.events.contains(&"pass-shut".into()));
    /// ```
    pub fn recurs_yearly(mut self) -> Scenario {
        self.recurs_yearly = true;
        self
    }
}

/// The ids a scenario may name: a network's, or those a file being loaded declares.
pub(crate) trait KnownIds {
    /// Whether `id` names something of this kind (a compound kind: any of its parts).
    fn has(&self, kind: IdKind, id: &str) -> bool;
    /// Every id of a simple kind, for "did you mean".
    fn ids(&self, kind: IdKind) -> Vec<&str>;
    /// Where the "did you mean" index of each simple kind is kept once built.
    fn hints(&self) -> &Hints;
}

/// The nearest known id of a kind (or of any part of a compound kind) to a mistyped one.
pub(crate) fn suggest(known: &dyn KnownIds, kind: IdKind, id: &str) -> Option<String> {
    // A country code in the other case (`pk` for `PK`) is too short for the index to suggest;
    // the codes are few, so they are looked through.
    if kind.parts().contains(&IdKind::Country) {
        let codes = known.ids(IdKind::Country);
        if let Some(code) = codes.iter().find(|c| c.eq_ignore_ascii_case(id)) {
            return Some(code.to_string());
        }
    }
    kind.parts()
        .iter()
        .filter_map(|&k| known.hints().of(k, || known.ids(k)).best(id))
        .min()
        .map(|(_, s)| s.to_string())
}

/// The "did you mean" index of each simple kind of id, each built on the first unknown id of
/// its kind, so that many unknown ids cost one pass over the known ones rather than one each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hints {
    ids: [OnceLock<Index>; 8],
    /// Node ids, names and short names folded (`util::fold`), for lookup by name.
    names: OnceLock<Index>,
}

impl Hints {
    /// The index of a simple kind, built from `ids` the first time it is asked for.
    pub(crate) fn of<'a>(&self, kind: IdKind, ids: impl FnOnce() -> Vec<&'a str>) -> &Index {
        let slot = match kind {
            IdKind::Node => 0,
            IdKind::Link => 1,
            IdKind::Country => 2,
            IdKind::Corridor => 3,
            IdKind::Scenario => 4,
            IdKind::Parameter => 5,
            IdKind::Project => 6,
            IdKind::LinkOrCountry | IdKind::Place => 7,
        };
        self.ids[slot].get_or_init(|| Index::new(ids()))
    }

    /// The index of the nodes' folded ids and names, built from `keys` the first time.
    pub(crate) fn names(&self, keys: impl FnOnce() -> Vec<String>) -> &Index {
        self.names
            .get_or_init(|| Index::new(keys().iter().map(String::as_str)))
    }
}

/// A field of a scenario that its rules speak of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ScenarioField {
    CloseLinks,
    CloseNodes,
    CloseCountries,
    CloseCorridors,
    BanBetween,
    CapacityFactor,
    AddHours,
    AddUsdPerT,
    Probability,
}

impl ScenarioField {
    /// The key in the file.
    pub(crate) fn key(self) -> &'static str {
        match self {
            ScenarioField::CloseLinks => "close_links",
            ScenarioField::CloseNodes => "close_nodes",
            ScenarioField::CloseCountries => "close_countries",
            ScenarioField::CloseCorridors => "close_corridors",
            ScenarioField::BanBetween => "ban_between",
            ScenarioField::CapacityFactor => "capacity_factor",
            ScenarioField::AddHours => "add_hours",
            ScenarioField::AddUsdPerT => "add_usd_per_t",
            ScenarioField::Probability => "probability",
        }
    }

    /// The key of the field's ranges in the file (`add_hours_range`), for a keyed figure.
    pub(crate) fn range_key(self) -> &'static str {
        match self {
            ScenarioField::CapacityFactor => "capacity_factor_range",
            ScenarioField::AddHours => "add_hours_range",
            ScenarioField::AddUsdPerT => "add_usd_per_t_range",
            _ => "probability_range",
        }
    }

    /// The field in words, for errors on scenarios built in code.
    fn words(self) -> &'static str {
        match self {
            ScenarioField::CapacityFactor => "capacity factor",
            ScenarioField::AddHours => "hours added",
            ScenarioField::AddUsdPerT => "USD per tonne added",
            other => other.key(),
        }
    }

    /// What the ids of a field name.
    pub(crate) fn names(self) -> IdKind {
        match self {
            ScenarioField::CloseLinks | ScenarioField::CapacityFactor => IdKind::Link,
            ScenarioField::CloseNodes => IdKind::Node,
            ScenarioField::CloseCountries | ScenarioField::BanBetween => IdKind::Country,
            ScenarioField::CloseCorridors => IdKind::Corridor,
            _ => IdKind::LinkOrCountry,
        }
    }

    /// The rule every number of the field obeys. Surcharges and delays are never negative:
    /// views only add weight, which is what keeps Dijkstra's settled labels final and the
    /// landmark bounds valid.
    pub(crate) fn rule(self) -> Rule {
        match self {
            ScenarioField::CapacityFactor | ScenarioField::Probability => Rule::Fraction,
            _ => Rule::NonNegative,
        }
    }
}

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ScenarioProblem<'a> {
    /// An id that names nothing of the kind the field wants.
    Unknown {
        field: ScenarioField,
        id: &'a str,
        suggestion: Option<String>,
    },
    /// A number that breaks its field's rule; `key` is the link or country it is given for.
    Number {
        field: ScenarioField,
        key: Option<&'a str>,
        value: f64,
        why: String,
    },
    /// An end date before the start date.
    EndBeforeStart { start: Date, end: Date },
    /// A last report dated before the start, or given with no start.
    ConfirmedBeforeStart {
        start: Option<Date>,
        confirmed: Date,
    },
    /// A window that recurs yearly with no start or no end.
    YearlyUndated {
        start: Option<Date>,
        end: Option<Date>,
    },
    /// A window that recurs yearly and lasts a year or more: its end is not before `again`,
    /// its start a year on.
    YearlyTooLong { start: Date, end: Date, again: Date },
}

impl ScenarioProblem<'_> {
    /// The problem as the error of a query that brought the scenario.
    pub(crate) fn into_query_error(self, scenario: &str) -> QueryError {
        match self {
            ScenarioProblem::Unknown {
                field,
                id,
                suggestion,
            } => QueryError::UnknownId {
                kind: field.names(),
                id: id.to_string(),
                suggestion,
            },
            ScenarioProblem::Number {
                field,
                key,
                value,
                why,
            } => QueryError::ScenarioValue {
                scenario: scenario.to_string(),
                field: field.words(),
                key: key.map(String::from),
                value,
                why,
            },
            ScenarioProblem::EndBeforeStart { start, end } => QueryError::ScenarioDates {
                scenario: scenario.to_string(),
                start,
                end,
            },
            ScenarioProblem::ConfirmedBeforeStart { start, confirmed } => {
                QueryError::ScenarioConfirmed {
                    scenario: scenario.to_string(),
                    start,
                    confirmed,
                }
            }
            ScenarioProblem::YearlyUndated { start, end } => QueryError::ScenarioYearly {
                scenario: scenario.to_string(),
                start,
                end,
            },
            ScenarioProblem::YearlyTooLong { start, end, .. } => QueryError::ScenarioYearly {
                scenario: scenario.to_string(),
                start: Some(start),
                end: Some(end),
            },
        }
    }
}

impl Scenario {
    /// Every problem of the scenario, in a fixed order (ids field by field, then numbers,
    /// then dates), handed to `handle` until it breaks: the one rule set for scenarios from a
    /// file and built in code. The loader reports each at its position; a query stops at the
    /// first (and so looks for no suggestion for the thousands of unknown ids after it).
    pub(crate) fn visit_problems<'a>(
        &'a self,
        known: &dyn KnownIds,
        mut handle: impl FnMut(ScenarioProblem<'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let lists: [(ScenarioField, Vec<&'a str>); 6] = [
            (
                ScenarioField::CloseLinks,
                self.close_links.iter().map(String::as_str).collect(),
            ),
            (
                ScenarioField::CapacityFactor,
                self.capacity_factor.keys().map(String::as_str).collect(),
            ),
            (
                ScenarioField::CloseNodes,
                self.close_nodes.iter().map(String::as_str).collect(),
            ),
            (
                ScenarioField::CloseCountries,
                self.close_countries
                    .iter()
                    .chain(self.close_borders.iter().flatten())
                    .map(String::as_str)
                    .collect(),
            ),
            (
                ScenarioField::CloseCorridors,
                self.close_corridors.iter().map(String::as_str).collect(),
            ),
            (
                ScenarioField::BanBetween,
                self.ban_between
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect(),
            ),
        ];
        let surcharges: Vec<(ScenarioField, &'a str)> = self
            .add_hours
            .keys()
            .map(|k| (ScenarioField::AddHours, k.as_str()))
            .chain(
                self.add_usd_per_t
                    .keys()
                    .map(|k| (ScenarioField::AddUsdPerT, k.as_str())),
            )
            .collect();
        let ids = lists
            .iter()
            .flat_map(|(field, ids)| ids.iter().map(move |id| (*field, *id)))
            .chain(surcharges);
        for (field, id) in ids {
            if !known.has(field.names(), id) {
                handle(ScenarioProblem::Unknown {
                    field,
                    id,
                    suggestion: suggest(known, field.names(), id),
                })?;
            }
        }
        let numbers = [
            (ScenarioField::CapacityFactor, &self.capacity_factor),
            (ScenarioField::AddHours, &self.add_hours),
            (ScenarioField::AddUsdPerT, &self.add_usd_per_t),
        ];
        for (field, map) in numbers {
            for (key, &value) in map {
                if let Err(why) = field.rule().check(value) {
                    handle(ScenarioProblem::Number {
                        field,
                        key: Some(key),
                        value,
                        why,
                    })?;
                }
            }
        }
        if let Some(p) = self.probability {
            let field = ScenarioField::Probability;
            if let Err(why) = field.rule().check(p) {
                handle(ScenarioProblem::Number {
                    field,
                    key: None,
                    value: p,
                    why,
                })?;
            }
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end < start {
                handle(ScenarioProblem::EndBeforeStart { start, end })?;
            }
        }
        if let Some(confirmed) = self.confirmed {
            if self.start.is_none_or(|s| confirmed < s) {
                handle(ScenarioProblem::ConfirmedBeforeStart {
                    start: self.start,
                    confirmed,
                })?;
            }
        }
        if self.recurs_yearly {
            match (self.start, self.end) {
                // An end before the start is reported above, once.
                (Some(start), Some(end)) if start <= end => {
                    // Windows a year apart must not meet, or one would run into the next.
                    if let Some(again) = start.plus_years(1).filter(|&a| end >= a) {
                        handle(ScenarioProblem::YearlyTooLong { start, end, again })?;
                    }
                }
                (Some(_), Some(_)) => {}
                (start, end) => handle(ScenarioProblem::YearlyUndated { start, end })?,
            }
        }
        ControlFlow::Continue(())
    }

    /// The first problem of the scenario against a network's ids, as a query error.
    pub(crate) fn check(&self, known: &dyn KnownIds) -> Result<(), QueryError> {
        let mut first = None;
        let _ = self.visit_problems(known, |p| {
            first = Some(p.into_query_error(&self.id));
            ControlFlow::Break(())
        });
        first.map_or(Ok(()), Err)
    }
}
