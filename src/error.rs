//! Errors: loading a network file, and asking it a question.

use std::fmt;
use std::path::PathBuf;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::util::date::Date;
use crate::util::progress::{Stopped, grouped};
use crate::util::quoted;

/// One problem found in a network file, with its position; or in a network built or edited
/// in code ([`NetworkBuilder`](crate::NetworkBuilder)), which has none: then `path` is empty,
/// `line` and `column` are 0, and it displays as its message alone, which names the record
/// (`link "khaf-herat": "capacity_mtpa" must be positive, found -1`).
///
/// Its JSON is `{"path", "line", "column", "message"}`, as `corridors check --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Problem {
    /// The file, as given to the loader (`corridors.toml` for the bundled network); empty for
    /// a network built in code.
    pub path: String,
    /// Line, from 1; 0 for a network built in code.
    pub line: usize,
    /// Column, from 1, counted in characters; 0 for a network built in code.
    pub column: usize,
    /// What is wrong, naming the record's id.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return f.write_str(&self.message);
        }
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// Why a network file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file was read but is not a valid network: every problem found, in file order.
    #[error("{}", join_lines(problems))]
    Invalid {
        /// The problems, sorted by position.
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// Every problem found, in file order (empty for an I/O error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid { problems } => problems,
            LoadError::Io { .. } => &[],
        }
    }
}

impl Serialize for LoadError {
    /// As `{"error": the whole message, "problems": [each problem]}` (no problems for an I/O
    /// error, whose message names the file).
    ///
    /// # Example
    /// ```
    /// let err = corridors::Network::from_toml_str("[network]\nyear = 2026").unwrap_err();
    /// let json = serde_json::to_value(&err).unwrap();
    /// assert_eq!(json["problems"][0]["line"], 1);
    /// assert_eq!(json["error"], "<string>:1:1: [network] has no \"name\"");
    /// ```
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("LoadError", 2)?;
        m.serialize_field("error", &self.to_string())?;
        m.serialize_field("problems", self.problems())?;
        m.end()
    }
}

/// What is wrong with the window of a scenario that recurs yearly, given its dates.
fn yearly_problem(start: Option<Date>, end: Option<Date>) -> String {
    let shown = |d: Option<Date>| d.map_or("none".to_string(), |d| d.to_string());
    match (start, end.zip(start.and_then(|s| s.plus_years(1)))) {
        (Some(_), Some((end, again))) => format!(
            "recurs yearly, so its window must end before its start comes round again: end {end} is not before {again}"
        ),
        _ => format!(
            "recurs yearly, so it needs a start and an end (start {}, end {})",
            shown(start),
            shown(end)
        ),
    }
}

fn join_lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What an id was meant to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum IdKind {
    /// A node id.
    Node,
    /// A link id.
    Link,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A corridor id.
    Corridor,
    /// A scenario id.
    Scenario,
    /// A link id or a country code (the keys of a scenario's surcharges).
    LinkOrCountry,
    /// A node, link, country or corridor (a place to avoid).
    Place,
    /// An uncertain figure's id (`tariff.UZ.rail.usd_per_tkm`).
    Parameter,
    /// A project id.
    Project,
}

impl IdKind {
    /// The kind in words, as errors print it.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Node => "node",
            IdKind::Link => "link",
            IdKind::Country => "country",
            IdKind::Corridor => "corridor",
            IdKind::Scenario => "scenario",
            IdKind::LinkOrCountry => "link or country",
            IdKind::Place => "node, link, country or corridor",
            IdKind::Parameter => "parameter",
            IdKind::Project => "project",
        }
    }

    /// The simple kinds a compound kind stands for, in the order ids are looked up.
    pub(crate) fn parts(self) -> &'static [IdKind] {
        match self {
            IdKind::LinkOrCountry => &[IdKind::Link, IdKind::Country],
            IdKind::Place => &[
                IdKind::Node,
                IdKind::Link,
                IdKind::Country,
                IdKind::Corridor,
            ],
            IdKind::Node => &[IdKind::Node],
            IdKind::Link => &[IdKind::Link],
            IdKind::Country => &[IdKind::Country],
            IdKind::Corridor => &[IdKind::Corridor],
            IdKind::Scenario => &[IdKind::Scenario],
            IdKind::Parameter => &[IdKind::Parameter],
            IdKind::Project => &[IdKind::Project],
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A word that spells none of an enum's values: what `"rial".parse::<Mode>()` gives, for
/// every enum spelt as in the file ([`Mode`](crate::model::Mode), `Status`, `NodeKind`,
/// `Metric`, `TransferKind`, `Confidence`).
///
/// # Example
/// ```
/// use corridors::{Mode, ParseEnumError};
/// let err: ParseEnumError = "rial".parse::<Mode>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown mode \"rial\" (expected rail, road or sea)");
/// assert_eq!((err.what, err.found.as_str()), ("mode", "rial"));
/// // An error type of its own, so `?` lifts it into a `Box<dyn Error>` or a caller's enum.
/// let boxed: Box<dyn std::error::Error> = err.into();
/// assert!(boxed.to_string().starts_with("unknown mode"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} \"{found}\" (expected {expected})")]
#[non_exhaustive]
pub struct ParseEnumError {
    /// What was being read: `mode`, `status`, `kind`, `metric`, `transfer kind`, `confidence`.
    pub what: &'static str,
    /// The text given.
    pub found: String,
    /// The spellings accepted, in words: `rail, road or sea`.
    pub expected: &'static str,
}

/// Why a query could not be answered. "No route" is not an error: it is an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// An id that names nothing in the network.
    #[error("unknown {kind} \"{id}\"{}", suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
    UnknownId {
        /// What the id was meant to name.
        kind: IdKind,
        /// The id given.
        id: String,
        /// The nearest known id, when one is close.
        suggestion: Option<String>,
    },
    /// A name that several nodes answer to, at the same level of [`Network::find_node`]'s
    /// lookup (say "Torkham", both sides of the crossing).
    ///
    /// [`Network::find_node`]: crate::network::Network::find_node
    #[error("\"{name}\" names several nodes: {}; give one of their ids", ids.join(", "))]
    AmbiguousName {
        /// The name given.
        name: String,
        /// The ids of the nodes it names, in file order.
        ids: Vec<String>,
    },
    /// A number of a scenario built in code that breaks its rule (a negative surcharge, a
    /// capacity factor above 1, a NaN): it would otherwise reach the search weights.
    #[error("scenario \"{scenario}\": {field}{} {why}, found {}", key.as_ref().map(|k| format!(" of \"{k}\"")).unwrap_or_default(), quoted(*value))]
    ScenarioValue {
        /// The scenario's id.
        scenario: String,
        /// The field, in words (`capacity factor`, `hours added`, `probability`, …).
        field: &'static str,
        /// The link or country the value is given for, when the field is keyed.
        key: Option<String>,
        /// The value given.
        value: f64,
        /// The rule it breaks (`must not be negative`).
        why: String,
    },
    /// A scenario built in code that ends before it starts.
    #[error("scenario \"{scenario}\": end {end} is before start {start}")]
    ScenarioDates {
        /// The scenario's id.
        scenario: String,
        /// When it starts.
        start: Date,
        /// When it ends.
        end: Date,
    },
    /// A scenario built in code whose last report (`confirmed`) is dated before its start, or
    /// that has no start.
    #[error("scenario \"{scenario}\": confirmed {confirmed} is before its start {}", start.map_or("(none)".to_string(), |s| s.to_string()))]
    ScenarioConfirmed {
        /// The scenario's id.
        scenario: String,
        /// When it starts, if it says.
        start: Option<Date>,
        /// The date of its last report.
        confirmed: Date,
    },
    /// A scenario built in code that recurs yearly without both a start and an end, or whose
    /// window lasts a year or more (its end is not before its start a year on).
    #[error("scenario \"{scenario}\": {}", yearly_problem(*start, *end))]
    ScenarioYearly {
        /// The scenario's id.
        scenario: String,
        /// When its first window starts, if it says.
        start: Option<Date>,
        /// When its first window ends, if it says.
        end: Option<Date>,
    },
    /// A cargo flow whose volume is not a positive, finite number of Mt/yr.
    #[error("demand {from} → {to}: volume must be a positive number of Mt/yr (at most 1e12), found {}", quoted(*mtpa))]
    BadVolume {
        /// Origin node id.
        from: String,
        /// Destination node id.
        to: String,
        /// The volume given.
        mtpa: f64,
    },
    /// An option outside the range it must lie in.
    #[error("{option} must lie in {range}, found {}", quoted(*value))]
    OutOfRange {
        /// The option (`max overlap`).
        option: &'static str,
        /// The range, as written in the message (`[0, 1]`).
        range: &'static str,
        /// The value given.
        value: f64,
    },
    /// A range for the spread θ in draws (the split's, or projects valued under route choice)
    /// that does not hold the spread itself, or runs outside the spreads allowed.
    #[error(
        "spread theta range [{}, {}] does not fit theta {}: expected {} low ≤ theta ≤ high ≤ 10000",
        quoted(*low), quoted(*high), quoted(*theta), if *positive { "0 <" } else { "0 ≤" }
    )]
    ThetaRange {
        /// The range's low end.
        low: f64,
        /// Its high end.
        high: f64,
        /// The spread answered at.
        theta: f64,
        /// Whether every spread must be above 0 (a split within capacity, a project's
        /// valuation under route choice).
        positive: bool,
    },
    /// A query that needs at least one of something and was given none.
    #[error("name at least one {what}")]
    Empty {
        /// What is missing: `origin`, `destination`, `scenario`.
        what: &'static str,
    },
    /// A place given as both an origin and a destination of a capacity query.
    #[error("\"{node}\" is both an origin and a destination")]
    OriginIsDestination {
        /// The node id.
        node: String,
    },
    /// A place asked to be passed through as a port (a route's port, or one of a
    /// comparison's or a sensitivity question's ports) whose kind is not `port`.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, QueryError, RouteQuery};
    /// let net = Network::trans_afghan();
    /// let err = net.route(&RouteQuery::new("kabul", "karachi").via_port("herat")).unwrap_err();
    /// assert_eq!(err, QueryError::NotAPort { node: "herat".into(), kind: "city" });
    /// assert_eq!(err.to_string(), "\"herat\" is a city, not a port");
    /// ```
    #[error("\"{node}\" is a {kind}, not a port")]
    NotAPort {
        /// The node id.
        node: String,
        /// Its kind, as spelt in the file: `city`, `border` or `junction`.
        kind: &'static str,
    },
    /// A port named twice in one comparison (or sensitivity question): its options would be
    /// the same route twice.
    ///
    /// # Example
    /// ```
    /// use corridors::{CompareQuery, Network};
    /// let net = Network::trans_afghan();
    /// let q = CompareQuery::new(["kabul"], ["mundra"], ["chabahar", "chabahar"]);
    /// let err = net.compare(&q).unwrap_err();
    /// assert_eq!(err.to_string(), "port \"chabahar\" is named twice: name each port once");
    /// ```
    #[error("port \"{port}\" is named twice: name each port once")]
    RepeatedPort {
        /// The port id.
        port: String,
    },
    /// Alternatives asked together with via points other than one port.
    #[error(
        "alternatives are searched without via points, or through one port (--via-port): \
         drop --via or --alternatives"
    )]
    AlternativesWithVia,
    /// More of something than a query may ask for (draws, samples).
    #[error("at most {max} {what} may be asked for, found {asked}")]
    TooMany {
        /// What was asked for: `draws`.
        what: &'static str,
        /// How many.
        asked: usize,
        /// The most allowed.
        max: usize,
    },
    /// More of something than a query may ask for, beyond a cap that keeps one query's work
    /// bounded (alternatives, samples); `why` says what the cap protects.
    #[error("at most {max} {what} may be asked for, found {asked}: {why}")]
    OverCap {
        /// What was asked for: `alternatives`, `samples`.
        what: &'static str,
        /// How many.
        asked: usize,
        /// The most allowed.
        max: usize,
        /// Why there is a cap.
        why: &'static str,
    },
    /// Parameter values that are not one per parameter.
    #[error("expected one value per parameter ({expected}), found {found}")]
    ParameterCount {
        /// How many parameters the network has.
        expected: usize,
        /// How many values were given.
        found: usize,
    },
    /// A parameter value its figure cannot take (a negative rate, a speed of zero, a NaN).
    #[error("parameter \"{id}\" {why}, found {}", quoted(*value))]
    ParameterValue {
        /// The parameter's id.
        id: String,
        /// The value given.
        value: f64,
        /// The rule it breaks.
        why: String,
    },
    /// A sample count of zero.
    #[error("samples must be at least 1")]
    NoSamples,
    /// More scenarios with a probability than an exact reliability enumeration supports.
    #[error("{count} scenarios with a probability: at most {max} are supported")]
    TooManyScenarios {
        /// How many the query has.
        count: usize,
        /// The most supported.
        max: usize,
    },
    /// A query asked to weigh routes by a metric it cannot: the optimal assignment minimises
    /// cost, and its shadow prices are USD.
    #[error("{query} weighs routes by cost only, found metric \"{metric}\"")]
    MetricUnsupported {
        /// The query, in words (`the optimal assignment`).
        query: &'static str,
        /// The metric given, as spelt on the command line.
        metric: &'static str,
    },
    /// An optimal assignment whose linear program grows past its cap (`MAX_ROUTES` routes, or
    /// as many rounds of pricing).
    #[error(
        "the optimal assignment's linear program is capped at {max} {what}, and this one \
         reached {size}: assign fewer flows at once"
    )]
    OptimalTooLarge {
        /// What is capped: `routes` or `rounds of pricing`.
        what: &'static str,
        /// How many it reached.
        size: usize,
        /// The cap.
        max: usize,
    },
    /// The linear program's solver stopped short of an optimum (a numerical failure: the
    /// program is feasible and bounded by construction).
    #[error("the optimal assignment's solver stopped short of an optimum: {status}")]
    Solver {
        /// The solver's status, in its words (`NumericalError`, `MaxIterations`).
        status: String,
    },
    /// A split within capacity ([`SplitQuery::within_capacity`](crate::SplitQuery::within_capacity))
    /// whose flows were still taking routes after as many rounds of pricing as the optimal
    /// assignment allows.
    ///
    /// # Example
    /// ```
    /// let err = corridors::QueryError::SplitTooLarge { size: 2_001, max: 2_000 };
    /// assert_eq!(
    ///     err.to_string(),
    ///     "the split within capacity is capped at 2000 rounds of pricing, and this one reached 2001: split fewer flows at once"
    /// );
    /// ```
    #[error(
        "the split within capacity is capped at {max} rounds of pricing, and this one reached \
         {size}: split fewer flows at once"
    )]
    SplitTooLarge {
        /// How many rounds it reached.
        size: usize,
        /// The cap.
        max: usize,
    },
    /// The split within capacity's solver stopped short of an optimum (a numerical failure:
    /// the program is feasible and bounded by construction).
    #[error("the split within capacity's solver stopped short of an optimum: {status}")]
    SplitSolver {
        /// The solver's status, in its words (`NumericalError`, `MaxIterations`).
        status: String,
    },
    /// A query stopped by its watcher ([`Progress`](crate::Progress): its
    /// cancel flag set, say by Ctrl-C) before it finished: `done` of `total` units of `what`
    /// of the phase it was in.
    ///
    /// # Example
    /// ```
    /// let err = corridors::QueryError::Cancelled { what: "samples", done: 1_234, total: 100_000 };
    /// assert_eq!(err.to_string(), "stopped after 1,234 of 100,000 samples");
    /// ```
    #[error("stopped after {} of {} {what}", grouped(*done), grouped(*total))]
    Cancelled {
        /// What the phase stopped was counting: `samples`, `scenario combinations`, `draws`,
        /// `route plans`, `alternatives`, `links`, `origins`, `project valuations`,
        /// `project draws`, …
        what: &'static str,
        /// Units done when it stopped.
        done: usize,
        /// Units the phase had in all.
        total: usize,
    },
    /// Map bounds that are not a box on the map.
    #[error(
        "map bounds [{west}, {south}, {east}, {north}] are not a box: expected west < east, \
         south < north, latitudes within ±85°"
    )]
    BadBounds {
        /// Western edge, degrees east.
        west: f64,
        /// Southern edge, degrees north.
        south: f64,
        /// Eastern edge, degrees east.
        east: f64,
        /// Northern edge, degrees north.
        north: f64,
    },
}

impl QueryError {
    /// `Ok` when `asked` is at most `max`; else [`QueryError::OverCap`], `why` saying what the
    /// cap protects.
    pub(crate) fn cap(
        what: &'static str,
        asked: usize,
        max: usize,
        why: &'static str,
    ) -> Result<(), QueryError> {
        if asked > max {
            Err(QueryError::OverCap {
                what,
                asked,
                max,
                why,
            })
        } else {
            Ok(())
        }
    }
}

impl From<Stopped> for QueryError {
    fn from(Stopped(t): Stopped) -> QueryError {
        QueryError::Cancelled {
            what: t.what,
            done: t.done,
            total: t.total,
        }
    }
}
