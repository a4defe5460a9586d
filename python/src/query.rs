//! The queries, as the Python layer sends them: one options struct per analysis, each built
//! into the library's query the way the CLI builds it from its flags, so the answers are the
//! CLI's.

use corridors as c;
use serde::{Deserialize, Serialize};

use crate::{Failure, Outcome, options, spelt};

/// Which links count, shared by every query (the CLI's `FilterArgs`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FilterOpts {
    date: Option<String>,
    no_events: bool,
    except_events: Vec<String>,
    modes: Vec<String>,
    /// Statuses to count besides `operational`; `"all"` counts every one.
    include: Vec<String>,
    year: Option<i32>,
    avoid: Vec<String>,
    scenarios: Vec<String>,
    projects: Vec<String>,
}

impl FilterOpts {
    fn filter(&self) -> Outcome<c::Filter> {
        let mut f = c::Filter::new();
        for s in &self.include {
            f = if s == "all" {
                f.include_all()
            } else {
                f.include(spelt::<c::Status>("status", s)?)
            };
        }
        if let Some(y) = self.year {
            f = f.year(y);
        }
        for m in &self.modes {
            f = f.mode(spelt::<c::Mode>("mode", m)?);
        }
        for a in &self.avoid {
            f = f.avoid(a.clone());
        }
        for s in &self.scenarios {
            f = f.scenario(s.clone());
        }
        for p in &self.projects {
            f = f.project(p.clone());
        }
        if let Some(d) = &self.date {
            let date = d.parse::<c::Date>().map_err(|e| Failure::Spelling {
                what: "date",
                message: e.to_string(),
            })?;
            f = f.date(date);
        }
        if self.no_events {
            f = f.no_events();
        }
        for e in &self.except_events {
            f = f.except_event(e.clone());
        }
        Ok(f)
    }
}

fn metric(s: &Option<String>) -> Outcome<c::Metric> {
    match s {
        Some(s) => spelt("metric", s),
        None => Ok(c::Metric::Cost),
    }
}

/// A flow to look at instead of the file's demands: `[from, to, mtpa]`.
type Pair = (String, String, f64);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RouteOpts {
    from: String,
    to: String,
    metric: Option<String>,
    via: Vec<String>,
    via_port: Option<String>,
    alternatives: usize,
    max_overlap: Option<f64>,
    draws: DrawOpts,
    draw_lengths: bool,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct CompareOpts {
    from: Vec<String>,
    to: Vec<String>,
    via_port: Vec<String>,
    metric: Option<String>,
    draws: DrawOpts,
    draw_lengths: bool,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct MatrixOpts {
    from: Vec<String>,
    /// Every node when empty, as the CLI's `matrix` without `--to`.
    to: Vec<String>,
    metric: Option<String>,
    draws: DrawOpts,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct CapacityOpts {
    from: Vec<String>,
    to: Vec<String>,
    design: bool,
    draws: DrawOpts,
    filter: FilterOpts,
}

/// The file's demands (or given pairs) assigned: optimal or greedy.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct AssignOpts {
    pairs: Vec<Pair>,
    design: bool,
    unmet_penalty: Option<f64>,
    /// Whether to set the greedy assignment beside it; yes unless `false`.
    versus_greedy: Option<bool>,
    /// The optimal assignment's draws (the greedy one takes none).
    draws: DrawOpts,
    filter: FilterOpts,
}

/// The file's counts of traffic, and whether to set them beside today's model (the
/// least-cost assignment, or the route-choice split at `theta`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct UtilisationOpts {
    modelled: bool,
    theta: Option<f64>,
    within_capacity: bool,
    places: Vec<String>,
}

/// The file's demands (or given pairs) spread over their cheapest routes; with `fit`, scored
/// against the counts at each spread instead.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct SplitOpts {
    pairs: Vec<Pair>,
    theta: Option<f64>,
    routes: Option<usize>,
    metric: Option<String>,
    within_capacity: bool,
    fit: Option<Vec<f64>>,
    draws: DrawOpts,
    theta_range: Option<[f64; 2]>,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct DisruptionOpts {
    scenarios: Vec<String>,
    metric: Option<String>,
    pairs: Vec<Pair>,
    capacity_modes: Option<Vec<String>>,
    draws: DrawOpts,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct CriticalOpts {
    metric: Option<String>,
    pairs: Vec<Pair>,
    nodes: bool,
    capacity: bool,
    /// Whether to look at pairs of links closed together; yes unless `false`.
    joint: Option<bool>,
    top: Option<usize>,
    draws: DrawOpts,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ReliabilityOpts {
    pairs: Vec<Pair>,
    samples: Option<usize>,
    /// The seed of the sampled method; 1 unless given.
    seed: Option<u64>,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct SensitivityOpts {
    from: String,
    to: String,
    via_port: Vec<String>,
    metric: Option<String>,
    filter: FilterOpts,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ProjectsOpts {
    projects: Vec<String>,
    pairs: Vec<Pair>,
    design: bool,
    unmet_penalty: Option<f64>,
    draws: DrawOpts,
    /// The discount rate a year and the years of operation counted.
    discount: Option<(f64, u32)>,
    /// The spread of route choice to value the projects at too.
    spread: Option<f64>,
    /// Whether that valuation binds every capacity.
    within_capacity: bool,
    /// With draws, the range the spread is drawn in.
    spread_range: Option<[f64; 2]>,
    filter: FilterOpts,
}

/// Draws of every uncertain figure: the CLI's `--draws N --seed S --stratified`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct DrawOpts {
    n: usize,
    seed: u64,
    stratified: bool,
}

/// `$q` with the draws `$d` ([`DrawOpts`]).
macro_rules! drawn {
    ($q:expr, $d:expr) => {{
        let d = &$d;
        $q.draws(d.n).seed(d.seed).sampling(sampling(d.stratified))
    }};
}

macro_rules! with_pairs {
    ($q:expr, $pairs:expr) => {
        $pairs.iter().fold($q, |q, (from, to, mtpa)| {
            q.pair(from.clone(), to.clone(), *mtpa)
        })
    };
}

/// An answer of any query: serialised as the report itself (the CLI's `--json`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Report {
    Route(c::RouteAnswer),
    Compare(c::Comparison),
    Capacity(c::CapacityReport),
    Optimal(Box<c::OptimalAssignment>),
    Assign(c::Assignment),
    Disruption(c::DisruptionReport),
    Critical(c::Criticality),
    Reliability(c::Reliability),
    Sensitivity(c::Sensitivity),
    Projects(Box<c::ProjectRanking>),
    Effects(Vec<c::LinkEffect>),
    Utilisation(c::Utilisation),
    Split(c::Split),
    Fits(Vec<c::SplitFit>),
    Matrix(c::Matrix),
}

/// How much work a query's options ask for, read before it runs.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Size {
    draws: DrawOpts,
    alternatives: usize,
}

/// Whether the query `kind` with options `opts` may run long: its work is multiplied by an
/// option (samples, draws, alternatives, links), so it is run where Ctrl-C can stop it.
pub(crate) fn may_run_long(kind: &str, opts: &str) -> bool {
    match kind {
        "reliability" | "critical" | "projects" | "split" => true,
        "route" | "compare" | "optimal" | "capacity" | "disruption" | "matrix" => {
            let size: Size = serde_json::from_str(opts).unwrap_or_default();
            size.draws.n > 0 || size.alternatives > 1
        }
        _ => false,
    }
}

/// Answers the query `kind` with options `opts`, reporting to `watch` and stopping when it is
/// cancelled (the queries whose work an option multiplies).
pub(crate) fn run(
    net: &c::Network,
    kind: &str,
    opts: &str,
    watch: &c::Progress,
) -> Outcome<Report> {
    Ok(match kind {
        "route" => Report::Route(net.route(&route_query(options(opts)?)?.progress(watch.clone()))?),
        "compare" => {
            let o: CompareOpts = options(opts)?;
            let q = drawn!(c::CompareQuery::new(o.from, o.to, o.via_port), o.draws)
                .metric(metric(&o.metric)?)
                .filter(o.filter.filter()?)
                .draw_lengths(o.draw_lengths)
                .progress(watch.clone());
            Report::Compare(net.compare(&q)?)
        }
        "matrix" => {
            let o: MatrixOpts = options(opts)?;
            let to = if o.to.is_empty() {
                net.nodes().iter().map(|n| n.id.clone()).collect()
            } else {
                o.to
            };
            let q = drawn!(c::MatrixQuery::new(o.from, to), o.draws)
                .metric(metric(&o.metric)?)
                .filter(o.filter.filter()?)
                .progress(watch.clone());
            Report::Matrix(net.matrix(&q)?)
        }
        "capacity" => {
            let o: CapacityOpts = options(opts)?;
            let q = drawn!(c::CapacityQuery::new(o.from, o.to), o.draws)
                .filter(o.filter.filter()?)
                .design(o.design)
                .progress(watch.clone());
            Report::Capacity(net.capacity(&q)?)
        }
        "optimal" => {
            let o: AssignOpts = options(opts)?;
            let mut q = drawn!(with_pairs!(c::OptimalQuery::new(), o.pairs), o.draws)
                .filter(o.filter.filter()?)
                .design(o.design)
                .versus_greedy(o.versus_greedy.unwrap_or(true))
                .progress(watch.clone());
            if let Some(p) = o.unmet_penalty {
                q = q.unmet_penalty(p);
            }
            Report::Optimal(Box::new(net.optimal(&q)?))
        }
        "assign" => {
            let o: AssignOpts = options(opts)?;
            let q = with_pairs!(c::AssignQuery::new(), o.pairs)
                .filter(o.filter.filter()?)
                .design(o.design);
            Report::Assign(net.assign(&q)?)
        }
        "disruption" => {
            let o: DisruptionOpts = options(opts)?;
            let mut q = o
                .scenarios
                .iter()
                .fold(c::DisruptionQuery::new(), |q, id| q.scenario(id.clone()));
            q = drawn!(with_pairs!(q, o.pairs), o.draws)
                .base(o.filter.filter()?)
                .metric(metric(&o.metric)?)
                .progress(watch.clone());
            if let Some(modes) = &o.capacity_modes {
                let modes = modes
                    .iter()
                    .map(|m| spelt::<c::Mode>("mode", m))
                    .collect::<Outcome<Vec<_>>>()?;
                q = q.capacity_modes(modes);
            }
            Report::Disruption(net.disruption(&q)?)
        }
        "critical" => {
            let o: CriticalOpts = options(opts)?;
            let q = drawn!(with_pairs!(c::CriticalQuery::new(), o.pairs), o.draws)
                .filter(o.filter.filter()?)
                .metric(metric(&o.metric)?)
                .nodes(o.nodes)
                .capacity(o.capacity)
                .joint(o.joint.unwrap_or(true))
                .progress(watch.clone());
            let mut r = net.critical(&q)?;
            if let Some(n) = o.top {
                r.links.truncate(n);
                r.nodes.truncate(n);
                if let Some(d) = &mut r.draws {
                    d.links.truncate(n);
                    d.nodes.truncate(n);
                }
            }
            Report::Critical(r)
        }
        "reliability" => {
            let o: ReliabilityOpts = options(opts)?;
            let mut q = with_pairs!(c::ReliabilityQuery::new(), o.pairs)
                .filter(o.filter.filter()?)
                .seed(o.seed.unwrap_or(1))
                .progress(watch.clone());
            if let Some(n) = o.samples {
                q = q.samples(n);
            }
            Report::Reliability(net.reliability(&q)?)
        }
        "sensitivity" => {
            let o: SensitivityOpts = options(opts)?;
            let q = o
                .via_port
                .iter()
                .fold(c::SensitivityQuery::new(o.from, o.to), |q, p| {
                    q.via_port(p.clone())
                })
                .metric(metric(&o.metric)?)
                .filter(o.filter.filter()?);
            Report::Sensitivity(net.sensitivity(&q)?)
        }
        "projects" => {
            let o: ProjectsOpts = options(opts)?;
            let q = o
                .projects
                .iter()
                .fold(c::ProjectsQuery::new(), |q, id| q.project(id.clone()));
            let mut q = drawn!(with_pairs!(q, o.pairs), o.draws)
                .filter(o.filter.filter()?)
                .design(o.design)
                .progress(watch.clone());
            if let Some(p) = o.unmet_penalty {
                q = q.unmet_penalty(p);
            }
            if let Some((rate, years)) = o.discount {
                q = q.discount(c::Discount::new(rate, years));
            }
            match (o.spread, o.within_capacity) {
                (Some(theta), true) => q = q.spread_within_capacity(theta),
                (Some(theta), false) => q = q.spread(theta),
                (None, true) => {
                    return Err(Failure::Options(
                        "within_capacity values projects under route choice: give a spread too"
                            .into(),
                    ));
                }
                (None, false) => {}
            }
            if let Some([low, high]) = o.spread_range {
                q = q.spread_range(low, high);
            }
            Report::Projects(Box::new(net.rank_projects(&q)?))
        }
        "scenario_effects" => {
            let id: String = options(opts)?;
            Report::Effects(net.scenario_effects(&id)?)
        }
        "utilisation" => {
            let o: UtilisationOpts = options(opts)?;
            let used = match (o.modelled, o.theta) {
                (true, Some(t)) => net.utilisation_beside(
                    &net.split(
                        &c::SplitQuery::new()
                            .theta(t)
                            .within_capacity(o.within_capacity),
                    )?,
                ),
                (true, None) => net.utilisation_beside(&net.optimal(&c::OptimalQuery::new())?),
                (false, _) => net.utilisation(),
            };
            Report::Utilisation(used.within(net, &o.places)?)
        }
        "split" => {
            let o: SplitOpts = options(opts)?;
            let mut q = drawn!(with_pairs!(c::SplitQuery::new(), o.pairs), o.draws)
                .filter(o.filter.filter()?)
                .metric(metric(&o.metric)?)
                .within_capacity(o.within_capacity)
                .progress(watch.clone());
            if let Some(t) = o.theta {
                q = q.theta(t);
            }
            if let Some(k) = o.routes {
                q = q.routes(k);
            }
            if let Some([low, high]) = o.theta_range {
                q = q.theta_range(low, high);
            }
            match &o.fit {
                Some(thetas) => Report::Fits(net.fit_split(&q, thetas)?),
                None => Report::Split(net.split(&q)?),
            }
        }
        other => return Err(Failure::Options(format!("unknown query kind \"{other}\""))),
    })
}

/// Times `net.route` over the queries `opts` (a JSON array of route options).
pub(crate) fn time_routes(net: &c::Network, opts: &str) -> Outcome<(f64, usize)> {
    let all: Vec<RouteOpts> = options(opts)?;
    let queries = all
        .into_iter()
        .map(route_query)
        .collect::<Outcome<Vec<_>>>()?;
    let start = std::time::Instant::now();
    let mut found = 0;
    for q in &queries {
        found += usize::from(net.route(q)?.route.is_some());
    }
    Ok((start.elapsed().as_secs_f64(), found))
}

/// Stratified draws when asked for, else independent ones.
fn sampling(stratified: bool) -> c::Sampling {
    if stratified {
        c::Sampling::Stratified
    } else {
        c::Sampling::Independent
    }
}

fn route_query(o: RouteOpts) -> Outcome<c::RouteQuery> {
    let mut q = drawn!(c::RouteQuery::new(o.from, o.to), o.draws)
        .metric(metric(&o.metric)?)
        .filter(o.filter.filter()?)
        .alternatives(o.alternatives)
        .draw_lengths(o.draw_lengths);
    for v in o.via {
        q = q.via(v);
    }
    if let Some(p) = o.via_port {
        q = q.via_port(p);
    }
    if let Some(f) = o.max_overlap {
        q = q.max_overlap(f);
    }
    Ok(q)
}

/// A route to draw: a route answer's JSON, and the label to draw it with.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapRoute {
    label: Option<String>,
    answer: c::RouteAnswer,
}

/// What a map shows (the CLI's `export` flags, with routes and reports already answered).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct MapSpec {
    title: Option<String>,
    bounds: Option<[f64; 4]>,
    outlines: Option<bool>,
    routes: Vec<MapRoute>,
    scenarios: Vec<String>,
    capacity: Option<c::CapacityReport>,
    assignment: Option<c::Assignment>,
    optimal: Option<c::OptimalAssignment>,
    split: Option<c::Split>,
    counted: Option<c::Utilisation>,
}

/// The map `spec` describes: SVG text, or GeoJSON.
pub(crate) enum MapOut {
    Svg(String),
    Geojson(serde_json::Value),
}

/// The map `spec` describes, as SVG (`format = "svg"`) or GeoJSON.
pub(crate) fn map(net: &c::Network, spec: &str, format: &str) -> Outcome<MapOut> {
    let spec: MapSpec = options(spec)?;
    let name = |id: &str| {
        net.node(id)
            .map_or(id, |n| c::short_name(&n.name))
            .to_string()
    };
    // The day the layers were worked out on, as the CLI's map says it: the first answer's,
    // else today's with the scenarios drawn.
    let day = spec
        .routes
        .first()
        .map(|r| r.answer.day.clone())
        .or_else(|| spec.capacity.as_ref().map(|r| r.day.clone()))
        .or_else(|| spec.assignment.as_ref().map(|r| r.day.clone()))
        .or_else(|| spec.optimal.as_ref().map(|r| r.day.clone()))
        .or_else(|| spec.split.as_ref().map(|r| r.day.clone()))
        .unwrap_or_else(|| {
            let f = spec
                .scenarios
                .iter()
                .fold(c::Filter::new(), |f, s| f.scenario(s));
            f.day(net)
        });
    let mut m = c::Map::new(net).day(&day);
    if let Some(t) = spec.title {
        m = m.title(t);
    }
    if let Some([w, s, e, n]) = spec.bounds {
        m = m.bounds(c::Bounds::new(w, s, e, n))?;
    }
    if let Some(on) = spec.outlines {
        m = m.outlines(on);
    }
    for r in &spec.routes {
        let Some(route) = &r.answer.route else {
            continue;
        };
        let label = r
            .label
            .clone()
            .unwrap_or_else(|| format!("{} → {}", name(&r.answer.from), name(&r.answer.to)));
        m = m.route(label, route)?;
    }
    for id in &spec.scenarios {
        m = m.scenario(id)?;
    }
    if let Some(report) = &spec.capacity {
        m = m.capacity(report)?;
    }
    if let Some(a) = &spec.assignment {
        m = m.assignment(a)?;
    }
    if let Some(a) = &spec.optimal {
        m = m.optimal(a)?;
    }
    if let Some(s) = &spec.split {
        m = m.split(s)?;
    }
    if let Some(u) = &spec.counted {
        m = m.counted(u)?;
    }
    match format {
        "svg" => Ok(MapOut::Svg(m.svg())),
        "geojson" => Ok(MapOut::Geojson(m.geojson())),
        other => Err(Failure::Options(format!(
            "unknown map format \"{other}\" (expected svg or geojson)"
        ))),
    }
}
