//! Route queries: the best route by distance, time or cost, with via points, avoided places,
//! scenarios and k alternatives, and the report that explains it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::analysis::draws::{Draws, Question, Robust, Sampler, check_draws};
use crate::analysis::{Day, Filter, Watch};
use crate::engine::{OrdF64, Search, Step, View, Weights, walk};
use crate::error::QueryError;
use crate::model::{Id, Metric, Mode, Scenario, Status};
use crate::network::Network;
use crate::util::progress::Meter;

mod alternatives;
mod reliable;
mod report;
mod via;

pub use report::{Leg, Route, Transfer};
pub(crate) use via::{SegmentKind, via_path};

/// The most alternatives a route query may ask for. Each is a further round of searches, one
/// per leg of the route before it, and is compared with every one kept, so the work grows
/// faster than their number: on the bundled network a thousand take 0.2 s and ten thousand
/// 10 s; and no one reads a thousand routes.
pub const MAX_ALTERNATIVES: usize = 1_000;

/// A route question: from, to, the metric, the links counted, via points and alternatives.
///
/// # Example
/// ```
/// use corridors::{Metric, Network, RouteQuery, Status};
///
/// let net = Network::trans_afghan();
/// let q = RouteQuery::new("khaf", "herat").metric(Metric::Distance).mode(corridors::Mode::Rail);
/// // Today the line stops at Rozanak: no rail route yet.
/// let today = net.route(&q).unwrap();
/// assert!(today.route.is_none());
/// println!("{}", today.reason.as_deref().unwrap());
/// // Counting the section under construction, it is 230 km.
/// let built = net.route(&q.include(Status::UnderConstruction)).unwrap();
/// assert_eq!(built.route.unwrap().distance_km, 230.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteQuery {
    from: String,
    to: String,
    metric: Metric,
    filter: Filter,
    via: Vec<String>,
    /// Index in `via` of the port where the route reaches the sea, if one is named.
    port: Option<usize>,
    alternatives: usize,
    max_overlap: Option<f64>,
    #[serde(flatten)]
    sampler: Sampler,
    lengths: bool,
    #[serde(skip)]
    watch: Watch,
}

impl RouteQuery {
    /// A query for the cheapest route (by cost) from one node id to another, on today's network.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> RouteQuery {
        RouteQuery {
            from: from.into(),
            to: to.into(),
            metric: Metric::Cost,
            filter: Filter::new(),
            via: Vec::new(),
            port: None,
            alternatives: 0,
            max_overlap: None,
            sampler: Sampler::default(),
            lengths: false,
            watch: Watch::default(),
        }
    }

    /// What to minimise (default: cost).
    pub fn metric(mut self, metric: Metric) -> RouteQuery {
        self.metric = metric;
        self
    }

    /// Replaces the whole filter.
    pub fn filter(mut self, filter: Filter) -> RouteQuery {
        self.filter = filter;
        self
    }

    /// Also counts links of this status.
    pub fn include(mut self, status: Status) -> RouteQuery {
        self.filter = self.filter.include(status);
        self
    }

    /// Counts every link: the network once every planned line is built.
    pub fn include_all(mut self) -> RouteQuery {
        self.filter = self.filter.include_all();
        self
    }

    /// Counts non-operational links from their `opens` year.
    pub fn year(mut self, year: i32) -> RouteQuery {
        self.filter = self.filter.year(year);
        self
    }

    /// Looks at the network on this day: links built by then, events in force (default: the
    /// file's `as_of`).
    pub fn date(mut self, date: crate::model::Date) -> RouteQuery {
        self.filter = self.filter.date(date);
        self
    }

    /// Applies none of the file's events: the network as built.
    pub fn no_events(mut self) -> RouteQuery {
        self.filter = self.filter.no_events();
        self
    }

    /// Keeps only links of this mode (call again for several).
    pub fn mode(mut self, mode: Mode) -> RouteQuery {
        self.filter = self.filter.mode(mode);
        self
    }

    /// Passes through this node (call again for several, in order).
    pub fn via(mut self, id: impl Into<String>) -> RouteQuery {
        self.via.push(id.into());
        self
    }

    /// Reaches the sea at this port: land links up to it, sea links from it on (after any
    /// earlier via points). This is how "through Chabahar" is meant in a port comparison: a
    /// route may not slip into another port and take a coastal ship to this one.
    pub fn via_port(mut self, id: impl Into<String>) -> RouteQuery {
        self.port = Some(self.via.len());
        self.via.push(id.into());
        self
    }

    /// Avoids a node, link, country or corridor.
    pub fn avoid(mut self, id: impl Into<String>) -> RouteQuery {
        self.filter = self.filter.avoid(id);
        self
    }

    /// Applies a scenario of the file by id.
    pub fn scenario(mut self, id: impl Into<String>) -> RouteQuery {
        self.filter = self.filter.scenario(id);
        self
    }

    /// Applies a scenario built in code.
    pub fn with_scenario(mut self, scenario: Scenario) -> RouteQuery {
        self.filter = self.filter.with_scenario(scenario);
        self
    }

    /// Also finds the `k` best loopless routes (the first being the route itself). Combines
    /// with one [`RouteQuery::via_port`], not with other via points. At most
    /// [`MAX_ALTERNATIVES`](crate::MAX_ALTERNATIVES).
    pub fn alternatives(mut self, k: usize) -> RouteQuery {
        self.alternatives = k;
        self
    }

    /// Drops alternatives that share more than this fraction of their length with a better one.
    pub fn max_overlap(mut self, fraction: f64) -> RouteQuery {
        self.max_overlap = Some(fraction);
        self
    }

    /// Whether the draws also move the link lengths that are estimates (default: no). All of
    /// them move together, by one shift towards the high or the low of their ranges (see
    /// [`ParameterKind::LengthShift`](crate::ParameterKind::LengthShift)). The paths that can
    /// be best then differ far more, so planning takes seconds rather than a fraction of one.
    pub fn draw_lengths(mut self, lengths: bool) -> RouteQuery {
        self.lengths = lengths;
        self
    }
}

crate::analysis::draw_builders! {
    RouteQuery,
    /// Also draws every uncertain figure `n` times within its range: the answer then gives
    /// the percentiles of the route's cost and days and the share of draws in which the route
    /// shown stays the best ([`RouteAnswer::robust`]). At most [`MAX_DRAWS`](crate::MAX_DRAWS).
}

crate::analysis::progress_builder! {
    RouteQuery,
    /// Reports to `progress` as the draws are planned (`route plans`: one here, the most
    /// time with [`RouteQuery::draw_lengths`]) and evaluated (`draws`), and the alternatives found
    /// (`alternatives`; through a port, `alternatives on either side of the port`, twice as
    /// many on each side), and stops with [`QueryError::Cancelled`] when it is cancelled. The
    /// answer is the same either way.
    ///
    /// # Example
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use corridors::{Network, Progress, RouteQuery};
    /// let phases = Arc::new(Mutex::new(Vec::new()));
    /// let seen = phases.clone();
    /// let watch = Progress::new().on_tick(move |t| {
    ///     let mut p = seen.lock().unwrap();
    ///     if p.last() != Some(&t.what) {
    ///         p.push(t.what);
    ///     }
    /// });
    /// let q = RouteQuery::new("tashkent", "karachi").draws(500).alternatives(3);
    /// let net = Network::trans_afghan();
    /// let watched = net.route(&q.clone().progress(watch)).unwrap();
    /// assert_eq!(*phases.lock().unwrap(), ["route plans", "draws", "alternatives"]);
    /// assert_eq!(watched, net.route(&q).unwrap());
    /// ```
}

/// The answer to a [`RouteQuery`]: the route, or why there is none, and alternatives.
///
/// # JSON
/// One object with the same keys whether a route was found or not: `from`, `to`, `metric`
/// (and `via`, `via_port` when the query named them), `found`, `reason`, `date`, `events`,
/// `unconfirmed`; the route's totals (`distance_km`, `hours`, `days`, `usd_per_t`, `metric_value`, `bottleneck_mtpa`, `bottleneck_id`,
/// `border_crossings`, `survival`; null or 0 with no route) and lists (`legs`, `transfers`,
/// `nodes`, `countries`, `corridors`, `unbuilt`, `sources`; empty with no route); then
/// `alternatives` (routes, when asked), the percentiles of [`Robust`] and `draws` (with
/// draws). It reads back into an equal answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "AnswerShape", try_from = "AnswerShape")]
#[non_exhaustive]
pub struct RouteAnswer {
    /// Origin node id.
    pub from: String,
    /// Destination node id.
    pub to: String,
    /// The metric minimised.
    pub metric: Metric,
    /// The places the query made the route pass through, in order, the port included (`via`
    /// in JSON, left out when none).
    pub via: Vec<String>,
    /// The one of them where the route reaches the sea, when the query named a port
    /// (`via_port`, left out when none).
    pub via_port: Option<String>,
    /// The best route, or `None` when none exists under the query.
    pub route: Option<Route>,
    /// Why there is no route, when there is none.
    pub reason: Option<String>,
    /// The k best routes when asked, the first being `route`.
    pub alternatives: Vec<Route>,
    /// The day looked at and the file's events applied.
    pub day: crate::analysis::Day,
    /// With draws: the route's percentiles, and the share of draws in which it stays the best.
    pub robust: Option<Robust>,
    /// With draws: how many, their seed, and how many needed a full search.
    pub draws: Option<Draws>,
}

impl RouteAnswer {
    /// Whether a route was found.
    pub fn found(&self) -> bool {
        self.route.is_some()
    }
}

/// The JSON shape of a [`RouteAnswer`], declared once: the query (`from`, `to`, `metric`),
/// `found` and `reason`, the day (`date`, `events`, `unconfirmed`), the route's fields at the
/// top level with `nodes` (nulls, empty lists and no border crossings when there is no route),
/// `alternatives` when asked, the percentiles of [`Robust`] at the top level and `draws` when
/// drawn.
#[derive(Serialize, Deserialize)]
struct AnswerShape {
    from: String,
    to: String,
    metric: Metric,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    via: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    via_port: Option<String>,
    found: bool,
    reason: Option<String>,
    #[serde(flatten)]
    day: Day,
    distance_km: Option<f64>,
    hours: Option<f64>,
    days: Option<f64>,
    usd_per_t: Option<f64>,
    metric_value: Option<f64>,
    legs: Vec<Leg>,
    transfers: Vec<Transfer>,
    nodes: Vec<String>,
    countries: Vec<Id>,
    corridors: Vec<Id>,
    border_crossings: usize,
    bottleneck_mtpa: Option<f64>,
    bottleneck_id: Option<Id>,
    unbuilt: Vec<Id>,
    sources: Vec<Id>,
    survival: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<Route>,
    #[serde(flatten)]
    robust: Option<Robust>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    draws: Option<Draws>,
}

impl From<RouteAnswer> for AnswerShape {
    fn from(a: RouteAnswer) -> AnswerShape {
        let found = a.found();
        let nodes = a
            .route
            .as_ref()
            .map(|r| r.nodes().map(String::from).collect())
            .unwrap_or_default();
        let r = a.route;
        let field = |f: fn(&Route) -> f64| r.as_ref().map(f);
        AnswerShape {
            from: a.from,
            to: a.to,
            metric: a.metric,
            via: a.via,
            via_port: a.via_port,
            found,
            reason: a.reason,
            day: a.day,
            distance_km: field(|r| r.distance_km),
            hours: field(|r| r.hours),
            days: field(|r| r.days),
            usd_per_t: field(|r| r.usd_per_t),
            metric_value: field(|r| r.metric_value),
            nodes,
            border_crossings: r.as_ref().map_or(0, |r| r.border_crossings),
            bottleneck_mtpa: r.as_ref().and_then(|r| r.bottleneck_mtpa),
            survival: r.as_ref().and_then(|r| r.survival),
            alternatives: a.alternatives,
            robust: a.robust,
            draws: a.draws,
            ..match r {
                Some(r) => AnswerShape::lists(r),
                None => AnswerShape::lists(Route::empty()),
            }
        }
    }
}

impl AnswerShape {
    /// A shape holding a route's lists and bottleneck id, every other field empty.
    fn lists(r: Route) -> AnswerShape {
        AnswerShape {
            from: String::new(),
            to: String::new(),
            metric: Metric::Cost,
            via: Vec::new(),
            via_port: None,
            found: false,
            reason: None,
            day: Day::default(),
            distance_km: None,
            hours: None,
            days: None,
            usd_per_t: None,
            metric_value: None,
            legs: r.legs,
            transfers: r.transfers,
            nodes: Vec::new(),
            countries: r.countries,
            corridors: r.corridors,
            border_crossings: 0,
            bottleneck_mtpa: None,
            bottleneck_id: r.bottleneck_id,
            unbuilt: r.unbuilt,
            sources: r.sources,
            survival: None,
            alternatives: Vec::new(),
            robust: None,
            draws: None,
        }
    }
}

impl TryFrom<AnswerShape> for RouteAnswer {
    type Error = String;

    fn try_from(s: AnswerShape) -> Result<RouteAnswer, String> {
        let route = if s.found {
            let need = |x: Option<f64>, key: &str| {
                x.ok_or_else(|| format!("a route found needs \"{key}\""))
            };
            Some(Route {
                distance_km: need(s.distance_km, "distance_km")?,
                hours: need(s.hours, "hours")?,
                days: need(s.days, "days")?,
                usd_per_t: need(s.usd_per_t, "usd_per_t")?,
                metric_value: need(s.metric_value, "metric_value")?,
                legs: s.legs,
                transfers: s.transfers,
                countries: s.countries,
                corridors: s.corridors,
                border_crossings: s.border_crossings,
                bottleneck_mtpa: s.bottleneck_mtpa,
                bottleneck_id: s.bottleneck_id,
                unbuilt: s.unbuilt,
                sources: s.sources,
                survival: s.survival,
            })
        } else {
            None
        };
        Ok(RouteAnswer {
            from: s.from,
            to: s.to,
            metric: s.metric,
            via: s.via,
            via_port: s.via_port,
            route,
            reason: s.reason,
            alternatives: s.alternatives,
            day: s.day,
            robust: s.robust,
            draws: s.draws,
        })
    }
}

impl Network {
    /// Finds the best route for a query.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an id that names nothing (with the nearest known id);
    /// [`QueryError::NotAPort`] for a [`RouteQuery::via_port`] that is not a port;
    /// [`QueryError::OutOfRange`] or [`QueryError::AlternativesWithVia`] for options that make
    /// no sense together; [`QueryError::OverCap`] beyond [`MAX_ALTERNATIVES`]. No route is not an
    /// error: the answer's `route` is `None` and `reason` says why.
    ///
    /// # Complexity
    /// One Dijkstra over (node, arrival class) states per via segment: O((n·c + m·c) log(n·c))
    /// for n nodes, m links and c ≤ 7 classes; k alternatives cost up to k·L more searches
    /// (Yen), L the route's length in legs. By [`Metric::Reliability`], with t scenarios of a
    /// yearly probability closing links the query counts, one more search per set of them
    /// tried, lightest first, until a set alone outweighs the best route found: exact, and
    /// bounded by 4,096 sets, past which the best found so far stands (never worse than the
    /// link weights' route). The alternatives are the link weights' k best, the most
    /// reliable route first, each measured as the route is.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// let ans = net.route(&RouteQuery::new("termez", "karachi")).unwrap();
    /// let r = ans.route.unwrap();
    /// assert_eq!(r.countries[0], "UZ");
    /// assert!(r.countries.iter().any(|c| c == "PK"));
    ///
    /// let err = net.route(&RouteQuery::new("termez", "karachy")).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown node \"karachy\" (did you mean \"karachi\"?)");
    /// ```
    pub fn route(&self, q: &RouteQuery) -> Result<RouteAnswer, QueryError> {
        let (from, to, via) = self.route_places(q)?;
        if let Some(f) = q.max_overlap {
            if !(0.0..=1.0).contains(&f) {
                return Err(QueryError::OutOfRange {
                    option: "max overlap",
                    range: "[0, 1]",
                    value: f,
                });
            }
        }
        check_draws(q.sampler.n)?;
        QueryError::cap(
            "alternatives",
            q.alternatives,
            MAX_ALTERNATIVES,
            "each is a further round of searches and the work grows faster than their number",
        )?;
        let through_port_only = q.port == Some(0) && via.len() == 1;
        if q.alternatives > 1 && !via.is_empty() && !through_port_only {
            return Err(QueryError::AlternativesWithVia);
        }
        let owned;
        let (view, w) = if q.filter.is_today() {
            (self.today(), Cow::Borrowed(self.today_weights(q.metric)))
        } else {
            owned = q.filter.view(self)?;
            (&owned, Cow::Owned(self.weights(&owned, q.metric)))
        };
        let (view, w): (&View, &Weights) = (view, &w);
        let g = self.graph();
        let mut answer = RouteAnswer {
            from: q.from.clone(),
            to: q.to.clone(),
            metric: q.metric,
            via: q.via.clone(),
            via_port: q.port.map(|i| q.via[i].clone()),
            route: None,
            reason: None,
            alternatives: Vec::new(),
            day: q.filter.day(self),
            robust: None,
            draws: None,
        };
        if from == to && via.is_empty() {
            answer.reason = Some(format!("\"{}\" is both origin and destination", q.from));
            return Ok(answer);
        }
        let stops = stops_of(q, &via, to);
        // The reliability metric's weights count a threat once per link it closes: the most
        // reliable route counts it once.
        let exact = self.reliable_under(q.metric, &q.filter, view);
        // What the metric gives a path: its weight, or the most reliable route's measure.
        let value = |p: &[Step]| match &exact {
            Some((threats, cost)) => threats.value(g, cost, p),
            None => walk(g, w, p).0,
        };
        // The best route under `open`.
        let search = |open: &[bool]| {
            let found = self.best_path(w, q.metric, open, from, &stops)?;
            Some(match &exact {
                Some((threats, cost)) => {
                    self.most_reliable(threats, open, cost, from, &stops, found)
                        .0
                }
                None => found,
            })
        };
        // The best route, when it keeps every ban; else the least of the best routes each way
        // of keeping banned countries apart allows.
        let first = search(&view.open);
        let unbanned = first.is_some();
        let mut steps = first.filter(|s| view.allows(&self.data, s));
        if steps.is_none() && unbanned {
            let mut best: Option<(f64, Vec<Step>)> = None;
            let _ = view.each_apart(&self.data, |v| {
                if let Some(found) = search(&v.open) {
                    let at = value(&found);
                    if best.as_ref().is_none_or(|(b, _)| at < *b) {
                        best = Some((at, found));
                    }
                }
                Ok::<(), ()>(())
            });
            steps = best.map(|(_, steps)| steps);
        }
        // A route as reported, its metric value the most reliable route's measure when the
        // metric counts each threat once.
        let reported = |p: &[Step]| {
            let mut r = self.report(g, view, w, p);
            if exact.is_some() {
                r.metric_value = value(p);
            }
            r
        };
        if q.sampler.n > 0 {
            if let Some(steps) = &steps {
                let mut question = Question::new(
                    view,
                    q.metric,
                    vec![vec![Some((from, stops_of(q, &via, to)))]],
                    vec![vec![steps.clone()]],
                );
                question.lengths = q.lengths;
                let (mut rows, draws) = self.robust(&question, &q.sampler, q.watch.get())?;
                answer.robust = rows.pop().and_then(|mut r| r.pop()).flatten();
                answer.draws = Some(draws);
            }
        }
        match steps {
            Some(steps) => {
                let route = reported(&steps);
                if q.alternatives > 1 {
                    let k = q.alternatives;
                    let meter = if through_port_only {
                        None
                    } else {
                        Some(Meter::start(q.watch.get(), "alternatives", k)?)
                    };
                    let mut paths = Vec::new();
                    let mut ways = 0;
                    view.each_apart(&self.data, |v| {
                        ways += 1;
                        let search = Search { g, view: v, w };
                        paths.extend(match &meter {
                            None => self.k_best_through_port(search, from, via[0], to, q)?,
                            Some(meter) => {
                                let overlap = q.max_overlap;
                                self.k_best(search, (from, to, k), overlap, q.metric, meter)?
                            }
                        });
                        Ok::<(), QueryError>(())
                    })?;
                    // The link weights rank the alternatives; the most reliable route leads,
                    // and those of each way of keeping banned countries apart are merged.
                    if exact.is_some() || ways > 1 {
                        if !paths.contains(&steps) {
                            paths.insert(0, steps.clone());
                        }
                        let mut seen = std::collections::HashSet::new();
                        paths.retain(|p| seen.insert(p.clone()));
                        paths.sort_by_cached_key(|p| OrdF64(value(p)));
                        paths.truncate(k);
                    }
                    answer.alternatives = paths.iter().map(|p| reported(p)).collect();
                }
                // Equal-cost ties may be broken differently: the route is the first alternative.
                answer.route = answer.alternatives.first().cloned().or(Some(route));
            }
            None => {
                // A route the bans alone forbid says which ban.
                answer.reason = Some(if unbanned {
                    let bans: Vec<String> = view
                        .bans
                        .iter()
                        .map(|b| {
                            let [x, y] = &b.countries;
                            format!("{x} and {y}, banned by {}", b.scenario)
                        })
                        .collect();
                    format!("every route joins {}", bans.join("; "))
                } else {
                    self.why_not(q, view, from, &via, to)
                });
            }
        }
        Ok(answer)
    }

    /// The query's start and stops, for an answer drawn again (see [`RouteQuery::draws`]).
    pub(crate) fn route_stops(
        &self,
        q: &RouteQuery,
    ) -> Result<(usize, Vec<(usize, SegmentKind)>), QueryError> {
        let (from, to, via) = self.route_places(q)?;
        Ok((from, stops_of(q, &via, to)))
    }

    /// The query's origin, destination and via points as node indices; the port, if one is
    /// named, must be a port.
    fn route_places(&self, q: &RouteQuery) -> Result<(usize, usize, Vec<usize>), QueryError> {
        let from = self.node_index(&q.from)?;
        let to = self.node_index(&q.to)?;
        let via = q
            .via
            .iter()
            .enumerate()
            .map(|(i, v)| {
                if q.port == Some(i) {
                    self.port_index(v)
                } else {
                    self.node_index(v)
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((from, to, via))
    }

    /// The best route of the same question under `filter`, if there is one: only the route
    /// matters to a reason, so no alternatives, no draws, no watcher.
    fn route_only(&self, q: &RouteQuery, filter: Filter) -> Option<Route> {
        let bare = RouteQuery {
            filter,
            alternatives: 0,
            sampler: Sampler::default(),
            watch: Watch::default(),
            ..q.clone()
        };
        self.route(&bare).ok()?.route
    }

    /// Explains why no route joins the places.
    fn why_not(
        &self,
        q: &RouteQuery,
        view: &View,
        from: usize,
        via: &[usize],
        to: usize,
    ) -> String {
        let date = q.filter.date_of(self);
        let counted = View::new(
            &self.data,
            &q.filter.statuses,
            q.filter.year,
            &q.filter.modes,
            q.filter.built_by(date),
        );
        // Per link: the scenarios that close it, each scenario's effects worked out once.
        let mut closed_by: Vec<Vec<&str>> = vec![Vec::new(); self.data.links.len()];
        for sc in q.filter.scenarios_applied(self) {
            for e in crate::engine::effects(&self.data, sc)
                .iter()
                .filter(|e| e.closed)
            {
                closed_by[e.link].push(sc.id.as_str());
            }
        }
        // Per link: the places avoided that take it away, as the query named them.
        let mut avoided_by: Vec<Vec<&str>> = vec![Vec::new(); self.data.links.len()];
        for given in &q.filter.avoid {
            if let Ok(place) = crate::analysis::Named::resolve(self, given) {
                for i in place.links(self) {
                    avoided_by[i].push(given.as_str());
                }
            }
        }
        // Why a link the query does not count is not there: not yet open on the day, or not
        // of a status counted.
        let unbuilt = |i: usize| -> Option<String> {
            let l = &self.data.links[i];
            if counted.open[i] {
                return None;
            }
            let not_yet = match (l.opens_on, date) {
                (Some(o), Some(d)) if l.status == Status::Operational && o > d => Some(o),
                _ => None,
            };
            match (not_yet, l.opens_year_only()) {
                (Some(_), Some(year)) => Some(format!("{} (opens {year})", l.id)),
                (Some(o), None) => Some(format!("{} (opens {o})", l.id)),
                (None, _) if l.status != Status::Operational => {
                    Some(format!("{} ({})", l.id, l.status))
                }
                (None, _) => None,
            }
        };
        let stops: Vec<usize> = std::iter::once(from)
            .chain(via.iter().copied())
            .chain([to])
            .collect();
        let dead_end = stops.iter().find_map(|&v| {
            let touching = self.links_at(v);
            if touching.iter().any(|&i| view.open[i]) {
                return None;
            }
            let why: Vec<String> = touching
                .iter()
                .map(|&i| {
                    let l = &self.data.links[i];
                    if let Some(why) = unbuilt(i) {
                        why
                    } else if !counted.open[i] {
                        format!("{} ({} not kept)", l.id, l.mode)
                    } else {
                        match (closed_by[i].as_slice(), avoided_by[i].as_slice()) {
                            ([], []) => format!("{} (closed)", l.id),
                            ([], by) => format!("{} (avoided: {})", l.id, by.join(", ")),
                            (by, _) => format!("{} (closed by {})", l.id, by.join(", ")),
                        }
                    }
                })
                .collect();
            Some(if why.is_empty() {
                format!("no link reaches \"{}\"", self.data.nodes[v].id)
            } else {
                format!(
                    "no link open at \"{}\": {}",
                    self.data.nodes[v].id,
                    why.join(", ")
                )
            })
        });
        let cut_off = dead_end.is_none();
        let mut msg = dead_end.unwrap_or_else(|| {
            if via.is_empty() {
                format!(
                    "\"{}\" and \"{}\" are not connected by the links this query counts",
                    q.from, q.to
                )
            } else {
                format!(
                    "no route from \"{}\" to \"{}\" through {}",
                    q.from,
                    q.to,
                    q.via
                        .iter()
                        .map(|v| format!("\"{v}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        });
        // Cut off in the middle by what the day's events and the query's scenarios close: the
        // route they break, and by which closures. With none applied there is nothing to lift,
        // so this asks at most once.
        let closers = q.filter.scenarios_applied(self);
        if cut_off && !closers.is_empty() {
            let mut open = q.filter.clone();
            open.no_events = true;
            open.scenarios.clear();
            open.custom.clear();
            if let Some(r) = self.route_only(q, open) {
                // Each closure once, with the first link of the route it closes.
                let mut by: Vec<(&str, &str)> = Vec::new();
                for leg in &r.legs {
                    let i = self.data.link_ix[leg.link.as_str()];
                    for &id in &closed_by[i] {
                        if !by.iter().any(|(seen, _)| *seen == id) {
                            by.push((id, leg.link.as_str()));
                        }
                    }
                }
                if !by.is_empty() {
                    let named: Vec<String> = by
                        .iter()
                        .map(|(id, link)| format!("{id} ({link})"))
                        .collect();
                    msg.push_str(&format!(
                        "; with no event or scenario applied a route exists, closed by {}",
                        named.join(", ")
                    ));
                }
            }
        }
        // A query that already counts every line (on a past date too, every line of the
        // file, built since or not) has nothing wider to try; and asking again would explain
        // the same "no route" again, without end.
        if !q.filter.counts_everything() {
            // Every line of the file, on the day.
            if let Some(r) = self.route_only(q, q.filter.clone().include_all()) {
                let mut new: Vec<String> = Vec::new();
                for leg in &r.legs {
                    let why = unbuilt(self.data.link_ix[leg.link.as_str()]);
                    if let Some(why) = why.filter(|w| !new.contains(w)) {
                        new.push(why);
                    }
                }
                if !new.is_empty() {
                    msg.push_str(&format!(
                        "; counting lines not yet built, a route exists through {}",
                        new.join(", ")
                    ));
                }
            }
        }
        msg
    }
}

/// The stops of a route, in order, each with the links its segment may use: up to a named
/// port by land, from it by sea.
fn stops_of(q: &RouteQuery, via: &[usize], to: usize) -> Vec<(usize, SegmentKind)> {
    via.iter()
        .copied()
        .chain([to])
        .enumerate()
        .map(|(i, v)| {
            let kind = match q.port {
                Some(p) if i <= p => SegmentKind::Land,
                Some(_) => SegmentKind::Sea,
                None => SegmentKind::Any,
            };
            (v, kind)
        })
        .collect()
}
