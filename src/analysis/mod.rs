//! The analyses: one module per question, each a query, a report and a `Network` method.
//! What they share lives here: the [`Filter`] of links a query counts, the flow builders, and
//! [`Flows`], the one way to read "these pairs, or the file's demands".

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::View;
use crate::engine::in_force;
use crate::error::{IdKind, QueryError};
use crate::model::rules::Rule;
use crate::model::scenario::{KnownIds, suggest};
use crate::model::{Date, Mode, NodeKind, Scenario, Status};
use crate::network::Network;
use crate::util::progress::Progress;

mod assign;
mod capacity;
mod compare;
mod criticality;
mod cuts;
mod discount;
mod disruption;
mod draws;
mod graphs;
mod matrix;
mod optimal;
mod projects;
mod reliability;
mod route;
mod scenario;
mod sensitivity;
mod split;
mod utilisation;

pub use assign::{AssignQuery, AssignedPath, Assignment, DemandResult, LinkLoad};
pub use capacity::{
    CapacityDraws, CapacityQuery, CapacityReport, CutDraws, CutItem, CutKind, LinkFlow,
    MAX_CAPACITY_DRAWS, WidestPath,
};
pub use compare::{CompareQuery, CompareRow, Comparison, PortOption};
pub use criticality::{
    CriticalDraws, CriticalQuery, Criticality, Damage, DamageDraws, JointCut, JointDraws,
    MAX_CRITICAL_DRAWS, NodeDamage,
};
pub use discount::{Discount, Discounted, MAX_DISCOUNT_YEARS};
pub use disruption::{
    Affected, DisruptedLink, DisruptionDraws, DisruptionQuery, DisruptionReport,
    FlowDisruptionDraws, MAX_DISRUPTION_DRAWS, ReducedLink,
};
pub use draws::{Draws, LoadDraws, MAX_DRAWS, PriceDraws, Robust, Sampling};
pub use graphs::{ArrivalState, Connection, LinkArc, LinkGraph, Place, StateArc, StateGraph};
pub use matrix::{MAX_MATRIX_CELLS, MAX_MATRIX_DRAWS, Matrix, MatrixDraws, MatrixQuery};
pub use optimal::{
    CapacityKind, DemandDraws, GreedyBaseline, LpSize, MAX_OPTIMAL_DRAWS, MAX_ROUTES, NodeLoad,
    OptimalAssignment, OptimalDemand, OptimalDraws, OptimalPath, OptimalQuery, ShadowPrice,
    UNMET_USD_PER_T,
};
pub(crate) use projects::SPREAD_ROUTES;
pub use projects::{
    BuildStep, MAX_PROJECT_DRAWS, ProjectBase, ProjectDraws, ProjectPair, ProjectRanking,
    ProjectValue, ProjectsQuery, RankingDraws, SpreadDraws, SpreadPair, SpreadStep,
};
pub use reliability::{
    CorridorReliability, DemandReliability, MAX_SAMPLES, Method, Reliability, ReliabilityQuery,
    ScenarioRisk,
};
pub use route::{Leg, MAX_ALTERNATIVES, Route, RouteAnswer, RouteQuery, Transfer};
pub use sensitivity::{Sensitivity, SensitivityQuery, Swing};
pub use split::{
    DEFAULT_THETA, FlowDraws, MAX_SPLIT_DRAWS, MAX_SPLIT_ROUTES, RouteDraws, Split, SplitCapacity,
    SplitDemand, SplitDraws, SplitFit, SplitQuery, SplitRoute, SpreadGain,
};
pub use utilisation::{Against, CapacityFrom, CountFit, Loaded, Use, Utilisation};

/// What the queries that look at cargo flows (the file's demands or given pairs) share:
/// `Default` (their `new()`), `metric` and `pair`. The query type needs fields
/// `metric: Metric` and `pairs: Flows`, and a `new()`.
macro_rules! flow_builders {
    ($ty:ident) => {
        impl Default for $ty {
            fn default() -> Self {
                $ty::new()
            }
        }

        impl $ty {
            /// What routes minimise (default: cost). Damage and costs are still reported in
            /// USD per tonne.
            pub fn metric(mut self, metric: crate::model::Metric) -> $ty {
                self.metric = metric;
                self
            }

            /// Looks at this origin–destination pair, with its volume in Mt/yr, instead of the
            /// file's demands; call again for several.
            pub fn pair(
                mut self,
                from: impl Into<String>,
                to: impl Into<String>,
                mtpa: f64,
            ) -> $ty {
                self.pairs.push(from.into(), to.into(), mtpa);
                self
            }
        }
    };
}
pub(crate) use flow_builders;

/// The `draws`, `seed` and `sampling` builders of the queries that draw again, `draws` with
/// the doc given (what the draws answer, and an example), and `sampling` with any more it
/// should say after `sampling:`. The query type needs a field
/// `sampler: Sampler` (serialised flattened: `draws`, `seed`, `sampling`).
macro_rules! draw_builders {
    ($ty:ident, $(#[$doc:meta])* $(sampling: $(#[$sampling:meta])*)?) => {
        impl $ty {
            $(#[$doc])*
            pub fn draws(mut self, n: usize) -> $ty {
                self.sampler.n = n;
                self
            }

            /// The seed of the draws (default 0): the same seed, the same answer byte for byte.
            pub fn seed(mut self, seed: u64) -> $ty {
                self.sampler.seed = seed;
                self
            }

            /// How the draws spread over each figure's range (default: independent).
            /// Stratified draws ([`Sampling::Stratified`](crate::Sampling::Stratified)) pin
            /// the percentiles and chances down with fewer draws.
            $($(#[$sampling])*)?
            pub fn sampling(mut self, sampling: crate::analysis::draws::Sampling) -> $ty {
                self.sampler.sampling = sampling;
                self
            }
        }
    };
}
pub(crate) use draw_builders;

/// The `progress` builder of the queries that can be watched, with the doc given (which
/// phases it reports). The query type needs a field `watch: Watch`.
macro_rules! progress_builder {
    ($ty:ident, $(#[$doc:meta])*) => {
        impl $ty {
            $(#[$doc])*
            pub fn progress(mut self, progress: crate::util::progress::Progress) -> $ty {
                self.watch = crate::analysis::Watch::by(progress);
                self
            }
        }
    };
}
pub(crate) use progress_builder;

/// The watcher a caller attached to a query (its `progress` builder): not part of what the
/// query asks, so it is never serialised (`#[serde(skip)]`) and a query equals the same query
/// watched or not.
#[derive(Clone, Default)]
pub(crate) struct Watch(Option<Progress>);

impl Watch {
    /// Watched by `progress`.
    pub(crate) fn by(progress: Progress) -> Watch {
        Watch(Some(progress))
    }

    /// The watcher, if one is attached.
    pub(crate) fn get(&self) -> Option<&Progress> {
        self.0.as_ref()
    }
}

impl PartialEq for Watch {
    /// Always: who watches a query is not part of what it asks.
    fn eq(&self, _: &Watch) -> bool {
        true
    }
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Which links a query counts: the date, statuses or year, modes, avoided places, events and
/// scenarios.
///
/// The default is today: the date the file's data is current to (`[network] as_of`), the
/// links built by then, of every mode, nothing avoided, and the file's events in force that
/// day (scenarios with a `start`, not yet ended). A file with no `as_of` has no "today" date:
/// its default is the network as built, with no event. Shared by every query.
///
/// # Example
/// ```
/// use corridors::{Date, Filter, Network, RouteQuery};
/// let net = Network::trans_afghan();
/// let d = |s: &str| s.parse::<Date>().unwrap();
/// // Before the October 2025 closure Kabul's cargo crossed into Pakistan by land; after it,
/// // not at any Afghan crossing: it goes round through Iran and enters Pakistan at Taftan.
/// let on = |day| RouteQuery::new("kabul", "karachi").filter(Filter::new().date(d(day)));
/// let overland = |ans: &corridors::RouteAnswer| {
///     let r = ans.route.as_ref().unwrap();
///     r.countries.windows(2).any(|w| w[0] == "AF" && w[1] == "PK")
/// };
/// let before = net.route(&on("2025-09-01")).unwrap();
/// let after = net.route(&on("2025-11-01")).unwrap();
/// assert!(overland(&before) && !overland(&after));
/// assert!(after.day.events.contains(&"pak-afghan-closure-2025".to_string()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    statuses: Vec<Status>,
    year: Option<i32>,
    modes: Vec<Mode>,
    avoid: Vec<String>,
    scenarios: Vec<String>,
    custom: Vec<Scenario>,
    date: Option<Date>,
    no_events: bool,
    except: Vec<String>,
    projects: Vec<String>,
}

impl Filter {
    /// Today's network: the links built by the file's `as_of`, with the events in force then.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// The network on a date: links built by then (and, after the file's `as_of`, lines due
    /// to open by then: a line due in a year alone, by the end of it), with the file's events
    /// in force that day.
    pub fn date(mut self, date: Date) -> Filter {
        self.date = Some(date);
        self
    }

    /// Applies none of the file's events: the network as built, on the filter's date.
    /// Scenarios named with [`Filter::scenario`] still apply.
    pub fn no_events(mut self) -> Filter {
        self.no_events = true;
        self
    }

    /// Leaves out one of the file's events even when it is in force: what the day would look
    /// like without it.
    pub fn except_event(mut self, id: impl Into<String>) -> Filter {
        self.except.push(id.into());
        self
    }

    /// The date the filter looks at: the one given, else the file's `as_of`.
    pub fn date_of(&self, net: &Network) -> Option<Date> {
        self.date.or(net.data.as_of)
    }

    /// The file's events the filter applies, in file order: those in force on its date,
    /// unless it says `no_events`, less those left out.
    pub fn events<'a>(&self, net: &'a Network) -> Vec<&'a Scenario> {
        match (self.no_events, self.date_of(net)) {
            (false, Some(d)) => in_force(&net.data, d)
                .filter(|sc| !self.except.contains(&sc.id))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The day the filter looks at and the events it applies, as reports state them.
    pub fn day(&self, net: &Network) -> Day {
        let date = self.date_of(net);
        let events = self.events(net);
        Day {
            date,
            events: events.iter().map(|sc| sc.id.clone()).collect(),
            scenarios: self.scenarios_applied(net)[events.len()..]
                .iter()
                .map(|sc| sc.id.clone())
                .collect(),
            unconfirmed: date
                .map(|d| {
                    events
                        .iter()
                        .filter_map(|sc| {
                            sc.unconfirmed_since(d).map(|since| Unconfirmed {
                                id: sc.id.clone(),
                                since,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
            events_off: self.no_events,
            // Only those that would have applied: one not in force that day changes nothing.
            events_left_out: match (self.no_events, date) {
                (false, Some(d)) => self
                    .except
                    .iter()
                    .filter(|id| in_force(&net.data, d).any(|sc| &sc.id == *id))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            },
            statuses: Status::ALL
                .into_iter()
                .filter(|s| self.statuses.contains(s))
                .collect(),
            year: self.year,
            // Every mode kept is no mode left out: nothing to state.
            modes: if Mode::ALL.iter().all(|m| self.modes.contains(m)) {
                Vec::new()
            } else {
                Mode::ALL
                    .into_iter()
                    .filter(|m| self.modes.contains(m))
                    .collect()
            },
            avoided: self.avoid.iter().map(|a| stated_place(net, a)).collect(),
            projects_built: self.projects.clone(),
            data_as_of: net.data.as_of.filter(|a| date.is_some_and(|d| d > *a)),
        }
    }

    /// Every scenario the filter applies: events, then scenarios named, then built in code
    /// (unknown ids skipped: [`Filter::view`] reports them).
    pub(crate) fn scenarios_applied<'a>(&'a self, net: &'a Network) -> Vec<&'a Scenario> {
        let mut out = self.events(net);
        for id in &self.scenarios {
            if let Some(sc) = net.scenario(id) {
                if !out.iter().any(|o| o.id == sc.id) {
                    out.push(sc);
                }
            }
        }
        out.extend(&self.custom);
        out
    }

    /// Also counts links of this status and of every status more real (operational links
    /// always count): `planned` counts the lines under construction too, `proposed` every
    /// line, since a line further along opens first. On a past date, counting lines not yet
    /// built counts the operational lines opened since as well.
    ///
    /// # Example
    /// ```
    /// use corridors::{Filter, Network, Status};
    /// let net = Network::trans_afghan();
    /// let day = Filter::new().include(Status::Planned).day(&net);
    /// assert_eq!(day.statuses, [Status::UnderConstruction, Status::Planned]);
    /// assert_eq!(
    ///     Filter::new().include(Status::Proposed),
    ///     Filter::new().include_all()
    /// );
    /// ```
    pub fn include(mut self, status: Status) -> Filter {
        // `Status` is ordered from the most to the least real.
        for s in Status::ALL[1..].iter().filter(|s| **s <= status) {
            if !self.statuses.contains(s) {
                self.statuses.push(*s);
            }
        }
        self
    }

    /// Counts every link, whatever its status: the network with every planned line built.
    pub fn include_all(self) -> Filter {
        Status::ALL.into_iter().fold(self, Filter::include)
    }

    /// Builds a project of the file by id: counts its links whatever their status (of the
    /// modes kept, unless avoided or closed by a scenario) and sets the capacities it names.
    ///
    /// # Example
    /// ```
    /// use corridors::{CapacityQuery, Filter, Mode, Network};
    /// let net = Network::trans_afghan();
    /// let rail = |f: Filter| {
    ///     let q = CapacityQuery::new(["herat"], ["khaf"]).filter(f.mode(Mode::Rail));
    ///     net.capacity(&q).unwrap().max_flow_mtpa
    /// };
    /// assert_eq!(rail(Filter::new()), Some(0.0)); // no line today: nothing moves
    /// assert_eq!(rail(Filter::new().project("khaf-herat-section-4")), Some(3.0));
    /// ```
    pub fn project(mut self, id: impl Into<String>) -> Filter {
        let id = id.into();
        if !self.projects.contains(&id) {
            self.projects.push(id);
        }
        self
    }

    /// Counts a non-operational link from its `opens` year on. Any year is an answer: one
    /// before every `opens` counts none of those links, one after all of them every one. On
    /// a past date, the operational lines opened since count too.
    pub fn year(mut self, year: i32) -> Filter {
        self.year = Some(year);
        self
    }

    /// Keeps only links of this mode (call again to keep several). No call keeps every mode.
    pub fn mode(mut self, mode: Mode) -> Filter {
        if !self.modes.contains(&mode) {
            self.modes.push(mode);
        }
        self
    }

    /// Avoids a node, link, country (ISO code) or corridor by id.
    ///
    /// An id is looked up as a node, then a link, a country and a corridor; prefix it with
    /// `node:`, `link:`, `country:` or `corridor:` to say which is meant (the bundled network
    /// has nodes and corridors both called `chabahar`, `gwadar` and `kabul`).
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// // Avoid the Kabul Corridor's links, not the city of Kabul.
    /// let q = RouteQuery::new("termez", "peshawar").include_all().avoid("corridor:kabul");
    /// let r = net.route(&q).unwrap().route.unwrap();
    /// assert!(r.legs.iter().all(|l| !l.corridors.iter().any(|c| c == "kabul")));
    /// ```
    pub fn avoid(mut self, id: impl Into<String>) -> Filter {
        self.avoid.push(id.into());
        self
    }

    /// Applies a scenario of the file by id.
    pub fn scenario(mut self, id: impl Into<String>) -> Filter {
        self.scenarios.push(id.into());
        self
    }

    /// Applies a scenario built in code.
    pub fn with_scenario(mut self, scenario: Scenario) -> Filter {
        self.custom.push(scenario);
        self
    }

    /// Whether the filter is today's network, unchanged.
    pub(crate) fn is_today(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether the filter counts every status.
    fn counts_everything(&self) -> bool {
        Status::ALL
            .iter()
            .all(|s| *s == Status::Operational || self.statuses.contains(s))
    }

    /// The view of this filter: today's, cached, when the filter is the default.
    pub(crate) fn cow_view<'a>(
        &self,
        net: &'a Network,
    ) -> Result<std::borrow::Cow<'a, View>, QueryError> {
        Ok(if self.is_today() {
            std::borrow::Cow::Borrowed(net.today())
        } else {
            std::borrow::Cow::Owned(self.view(net)?)
        })
    }

    /// The day whose lines count as built, for a filter looking at `date`: none (every line
    /// of the counted statuses) when it counts lines not yet built, since a line planned on a
    /// past date and open now is further along than one still planned.
    pub(crate) fn built_by(&self, date: Option<Date>) -> Option<Date> {
        let widened = !self.statuses.is_empty() || self.year.is_some();
        if widened { None } else { date }
    }

    /// The view this filter gives on `net`.
    pub(crate) fn view(&self, net: &Network) -> Result<View, QueryError> {
        let d = &net.data;
        let date = self.date_of(net);
        let mut view = View::new(
            d,
            &self.statuses,
            self.year,
            &self.modes,
            self.built_by(date),
        );
        view.due_by = date.filter(|day| d.as_of.is_some_and(|a| *day > a));
        for id in &self.projects {
            let p = net.resolve_project(id)?;
            for l in &p.links {
                let i = d.link_ix[l.as_str()];
                if self.modes.is_empty() || self.modes.contains(&d.links[i].mode) {
                    view.open[i] = true;
                }
            }
            for (key, &c) in &p.capacity_mtpa {
                match (d.link_ix.get(key.as_str()), d.node_ix.get(key.as_str())) {
                    (Some(&l), _) => view.link_capacity.push((l as u32, c)),
                    (None, Some(&v)) => view.node_capacity.push((v as u32, c)),
                    // The loader and `Records::joined` let no other id through.
                    (None, None) => {}
                }
            }
        }
        for id in &self.except {
            net.resolve_scenario(id)?;
        }
        for given in &self.avoid {
            for i in Named::resolve(net, given)?.links(net) {
                view.open[i] = false;
            }
        }
        let events = self.events(net);
        for sc in &events {
            view.apply_scenario(d, sc);
        }
        for id in &self.scenarios {
            let sc = net.resolve_scenario(id)?;
            // An event already in force is not applied twice.
            if !events.iter().any(|e| e.id == sc.id) {
                view.apply_scenario(d, sc);
            }
        }
        for sc in &self.custom {
            sc.check(net)?;
            view.apply_scenario(d, sc);
        }
        Ok(view)
    }
}

/// The day a report looks at, the file's events it applied and the scenarios the query added:
/// `date` and `events` in every report's JSON, and `scenarios` when a query applied any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Day {
    /// The day looked at; `None` for a file with no `as_of` queried with no date.
    pub date: Option<Date>,
    /// Ids of the file's events in force that day and applied, in file order.
    pub events: Vec<String>,
    /// Events applied with no end whose last report is older than the day.
    pub unconfirmed: Vec<Unconfirmed>,
    /// Ids of the scenarios the query applied besides the day's events (named, then built in
    /// code), in that order; left out of the JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<String>,
    /// Whether the query turned the file's events off (the network as built); left out of
    /// the JSON when not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub events_off: bool,
    /// Events in force that day that the query left out, in the order it named them; left out
    /// of the JSON when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events_left_out: Vec<String>,
    /// Statuses counted besides `operational`, from the most to the least real; left out of
    /// the JSON when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Status>,
    /// The year from which non-operational links count, when the query gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The modes kept, in the order of [`Mode::ALL`]; empty, and left out of the JSON, when
    /// every mode is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<Mode>,
    /// The places avoided, as the query named them, but with the kind taken when a bare id
    /// names more than one kind of place (`node:kabul`, not the corridor); left out of the
    /// JSON when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avoided: Vec<String>,
    /// The file's projects the query built, as it named them; left out of the JSON when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects_built: Vec<String>,
    /// The date the file's data is current to (its `as_of`), when the day looked at is later:
    /// what the file knew then is carried forward, events with no end still in force; left out
    /// of the JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_as_of: Option<Date>,
}

impl Day {
    /// How the query changed today's network besides its date and scenarios, in words: the
    /// statuses and year counted, the modes kept, the places avoided and the projects built,
    /// e.g. `counting under_construction, planned links; rail only; avoiding PK`. `None` for
    /// today's network.
    ///
    /// # Example
    /// ```
    /// use corridors::{Filter, Mode, Network, Status};
    /// let net = Network::trans_afghan();
    /// assert_eq!(Filter::new().day(&net).view(), None);
    /// let f = Filter::new().include(Status::Planned).year(2030).mode(Mode::Rail).avoid("PK");
    /// assert_eq!(
    ///     f.day(&net).view().as_deref(),
    ///     Some(
    ///         "counting under_construction, planned links, and the rest not yet built due \
    ///          by 2030; rail only; avoiding PK"
    ///     ),
    /// );
    /// let built = Filter::new()
    ///     .project("khaf-herat-section-4")
    ///     .except_event("pak-afghan-closure-2025");
    /// let day = built.day(&net);
    /// assert_eq!(day.view().as_deref(), Some("building khaf-herat-section-4"));
    /// assert_eq!(day.events_left_out, ["pak-afghan-closure-2025"]);
    /// assert!(!day.events.iter().any(|e| e == "pak-afghan-closure-2025"));
    /// ```
    pub fn view(&self) -> Option<String> {
        let mut parts = Vec::new();
        let names = |v: &[Status]| {
            let v: Vec<&str> = v.iter().map(|s| s.as_str()).collect();
            v.join(", ")
        };
        let every = Status::ALL[1..].iter().all(|s| self.statuses.contains(s));
        match (self.statuses.is_empty(), self.year) {
            (true, None) => {}
            (true, Some(y)) => parts.push(format!("counting lines not yet built due by {y}")),
            (false, _) if every => parts.push("counting every link, whatever its status".into()),
            (false, None) => parts.push(format!("counting {} links", names(&self.statuses))),
            (false, Some(y)) => parts.push(format!(
                "counting {} links, and the rest not yet built due by {y}",
                names(&self.statuses)
            )),
        }
        if !self.modes.is_empty() {
            let m: Vec<&str> = self.modes.iter().map(|m| m.as_str()).collect();
            parts.push(format!("{} only", m.join(", ")));
        }
        if !self.avoided.is_empty() {
            parts.push(format!("avoiding {}", self.avoided.join(", ")));
        }
        if !self.projects_built.is_empty() {
            parts.push(format!("building {}", self.projects_built.join(", ")));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// A place avoided as reports state it: with the kind it was taken as when a bare id names
/// more than one kind of place (`node:kabul`), else as given.
fn stated_place(net: &Network, given: &str) -> String {
    if given.contains(':') {
        return given.to_string();
    }
    let kinds = [
        IdKind::Node,
        IdKind::Link,
        IdKind::Country,
        IdKind::Corridor,
    ];
    match kinds
        .iter()
        .filter(|k| net.has(**k, given))
        .collect::<Vec<_>>()[..]
    {
        [taken, _, ..] => format!("{}:{given}", taken.as_str()),
        _ => given.to_string(),
    }
}

/// An event still applied although no report since `since` confirms it lasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unconfirmed {
    /// The event's id.
    pub id: String,
    /// The date of its last report.
    pub since: Date,
}

/// A place a query names: a node, a link, a country or a corridor, as `--avoid` takes them.
/// A bare id is looked for in that order; a prefix (`node:kabul`, `corridor:kabul`) says which
/// kind is meant when an id names more than one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named<'a> {
    Node(usize),
    Link(usize),
    Country(&'a str),
    Corridor(&'a str),
}

impl<'a> Named<'a> {
    /// The place `given` names, or an error naming it with the nearest id of its kind.
    pub(crate) fn resolve(net: &Network, given: &'a str) -> Result<Named<'a>, QueryError> {
        let d = &net.data;
        let (kind, id) = match given.split_once(':') {
            Some(("node", id)) => (Some(IdKind::Node), id),
            Some(("link", id)) => (Some(IdKind::Link), id),
            Some(("country", id)) => (Some(IdKind::Country), id),
            Some(("corridor", id)) => (Some(IdKind::Corridor), id),
            _ => (None, given),
        };
        let wants = |k: IdKind| kind.is_none_or(|x| x == k);
        if let Some(&v) = d.node_ix.get(id).filter(|_| wants(IdKind::Node)) {
            Ok(Named::Node(v))
        } else if let Some(&l) = d.link_ix.get(id).filter(|_| wants(IdKind::Link)) {
            Ok(Named::Link(l))
        } else if wants(IdKind::Country) && net.has(IdKind::Country, id) {
            Ok(Named::Country(id))
        } else if wants(IdKind::Corridor) && net.has(IdKind::Corridor, id) {
            Ok(Named::Corridor(id))
        } else {
            Err(unknown_place(net, kind, id, given))
        }
    }

    /// Whether link `l` lies in the place: is it, ends at it, touches the country or belongs
    /// to the corridor.
    pub(crate) fn has_link(self, net: &Network, l: usize) -> bool {
        let d = &net.data;
        let (a, b) = d.ends[l];
        match self {
            Named::Node(v) => a == v || b == v,
            Named::Link(x) => l == x,
            Named::Country(c) => d.nodes[a].country == c || d.nodes[b].country == c,
            Named::Corridor(c) => d.links[l].corridors.iter().any(|x| x == c),
        }
    }

    /// Marks in `nodes` (one flag per node) the nodes in the place: itself, the link's ends,
    /// the country's nodes, or the ends of the corridor's links. O(nodes + links).
    pub(crate) fn mark_nodes(self, net: &Network, nodes: &mut [bool]) {
        let d = &net.data;
        match self {
            Named::Node(v) => nodes[v] = true,
            Named::Country(c) => {
                for (v, n) in d.nodes.iter().enumerate() {
                    nodes[v] |= n.country == c;
                }
            }
            Named::Link(_) | Named::Corridor(_) => {
                for l in self.links(net) {
                    let (a, b) = d.ends[l];
                    nodes[a] = true;
                    nodes[b] = true;
                }
            }
        }
    }

    /// The links in the place, in file order.
    pub(crate) fn links(self, net: &Network) -> Vec<usize> {
        (0..net.data.links.len())
            .filter(|&l| self.has_link(net, l))
            .collect()
    }
}

/// An avoided place that names nothing; `kind` is the prefix given (`corridor` in
/// `corridor:kabul`), and the suggestion is looked for among ids of that kind.
fn unknown_place(net: &Network, kind: Option<IdKind>, id: &str, given: &str) -> QueryError {
    let kind_or_any = kind.unwrap_or(IdKind::Place);
    QueryError::UnknownId {
        kind: kind_or_any,
        id: given.to_string(),
        suggestion: suggest(net, kind_or_any, id).map(|s| match kind {
            Some(k) => format!("{k}:{s}"),
            None => s,
        }),
    }
}

/// One cargo flow: where from, where to, how much.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flow {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// Mt/yr.
    pub mtpa: f64,
    /// Origin node index.
    pub a: usize,
    /// Destination node index.
    pub b: usize,
}

impl Flow {
    /// `from → to`, as reports name a flow.
    pub(crate) fn label(&self) -> String {
        format!("{} → {}", self.from, self.to)
    }
}

/// The flows a query looks at: the pairs given, or else the file's demands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Flows(Option<Vec<(String, String, f64)>>);

impl Flows {
    /// Adds a pair: from then on the file's demands are not looked at.
    pub(crate) fn push(&mut self, from: String, to: String, mtpa: f64) {
        self.0.get_or_insert_with(Vec::new).push((from, to, mtpa));
    }

    /// The flows, resolved: every id known, every volume a positive, finite number of Mt/yr
    /// that [`Rule::Positive`] accepts (at most 1e12).
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown node; [`QueryError::BadVolume`] naming the
    /// pair whose volume is zero, negative, not a number or beyond 1e12.
    pub(crate) fn resolve(&self, net: &Network) -> Result<Vec<Flow>, QueryError> {
        let given: Vec<(&str, &str, f64)> = match &self.0 {
            Some(p) => p
                .iter()
                .map(|(f, t, m)| (f.as_str(), t.as_str(), *m))
                .collect(),
            None => net
                .data
                .demands
                .iter()
                .map(|d| (d.from.as_str(), d.to.as_str(), d.mtpa))
                .collect(),
        };
        given
            .into_iter()
            .map(|(from, to, mtpa)| {
                if Rule::Positive.check(mtpa).is_err() {
                    return Err(QueryError::BadVolume {
                        from: from.to_string(),
                        to: to.to_string(),
                        mtpa,
                    });
                }
                let (a, b) = (net.node_index(from)?, net.node_index(to)?);
                Ok(Flow {
                    from: from.to_string(),
                    to: to.to_string(),
                    mtpa,
                    a,
                    b,
                })
            })
            .collect()
    }
}

/// The groups of places capacity is measured between.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Regions {
    /// Origin node ids.
    pub origins: Vec<String>,
    /// Destination node ids.
    pub destinations: Vec<String>,
}

impl Regions {
    /// The origins and destinations of the flows bound for the sea, sorted, each once; a
    /// place that is both counts as a destination only. A flow is bound for the sea when it
    /// ends at a port; when none does, every flow counts. Capacity between the regions is
    /// capacity to the sea: a flow that stays inland would add the capacity of lines no
    /// sea-bound cargo uses, and one on a line with no published capacity would leave the
    /// whole measure unbounded.
    pub(crate) fn to_sea(net: &Network, flows: &[Flow]) -> Regions {
        let port = |f: &&Flow| net.node(&f.to).is_some_and(|n| n.kind == NodeKind::Port);
        let sea: Vec<&Flow> = if flows.iter().any(|f| port(&f)) {
            flows.iter().filter(port).collect()
        } else {
            flows.iter().collect()
        };
        let mut origins: Vec<String> = sea.iter().map(|f| f.from.clone()).collect();
        let mut destinations: Vec<String> = sea.iter().map(|f| f.to.clone()).collect();
        origins.sort();
        origins.dedup();
        destinations.sort();
        destinations.dedup();
        origins.retain(|o| !destinations.contains(o));
        Regions {
            origins,
            destinations,
        }
    }
}

impl Serialize for Regions {
    /// As the pair `[origins, destinations]`, the shape reports have always had.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.origins, &self.destinations).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Regions {
    /// From the pair `[origins, destinations]` it serialises to.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Regions, D::Error> {
        let (origins, destinations) = <(Vec<String>, Vec<String>)>::deserialize(d)?;
        Ok(Regions {
            origins,
            destinations,
        })
    }
}
