//! Structured queries on the bundled network: ids from the file mixed with junk, every option
//! and metric of route, compare, capacity, assign, split (and its map), disruption and
//! critical (each with draws), reliability and sensitivity, dates, parameter values and
//! scenarios built in code with any number (NaN, negative, huge). Every query gives an answer
//! or an error, never a panic; each answer is written as a table and as JSON. Counts are kept
//! small inside the target (alternatives, draws, samples) so that every input is quick, except
//! counts beyond the caps, which must be refused at once.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use corridors::{
    AssignQuery, Bounds, CapacityQuery, CompareQuery, CriticalQuery, Date, DisruptionQuery, Filter,
    MAX_ALTERNATIVES, MAX_CRITICAL_DRAWS, MAX_DISRUPTION_DRAWS, MAX_DRAWS, MAX_SAMPLES,
    MAX_SPLIT_DRAWS, MAX_SPLIT_ROUTES, Map, Metric, Mode, Network, ReliabilityQuery, RouteQuery,
    Sampling, Scenario, SensitivityQuery, SplitQuery, Status, assignment_geojson, capacity_geojson,
    route_geojson, scenario_geojson,
};
use libfuzzer_sys::fuzz_target;

/// The bundled network and its ids, loaded once per process.
struct World {
    net: Network,
    nodes: Vec<String>,
    links: Vec<String>,
    countries: Vec<String>,
    corridors: Vec<String>,
    scenarios: Vec<String>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let net = Network::trans_afghan();
        let mut countries: Vec<String> = net.nodes().iter().map(|n| n.country.clone()).collect();
        countries.sort();
        countries.dedup();
        World {
            nodes: net.nodes().iter().map(|n| n.id.clone()).collect(),
            links: net.links().iter().map(|l| l.id.clone()).collect(),
            corridors: net.corridors().iter().map(|c| c.id.clone()).collect(),
            scenarios: net.scenarios().iter().map(|s| s.id.clone()).collect(),
            countries,
            net,
        }
    })
}

/// An id: one of the file's, of any kind, possibly with a kind prefix, or junk.
#[derive(Arbitrary, Debug)]
enum Id {
    Node(u16),
    Link(u16),
    Country(u8),
    Corridor(u8),
    Scenario(u8),
    Prefixed(u8, Box<Id>),
    Junk(String),
}

impl Id {
    fn get(&self) -> String {
        let w = world();
        let pick = |v: &[String], i: usize| v.get(i % v.len().max(1)).cloned().unwrap_or_default();
        match self {
            Id::Node(i) => pick(&w.nodes, *i as usize),
            Id::Link(i) => pick(&w.links, *i as usize),
            Id::Country(i) => pick(&w.countries, *i as usize),
            Id::Corridor(i) => pick(&w.corridors, *i as usize),
            Id::Scenario(i) => pick(&w.scenarios, *i as usize),
            Id::Prefixed(p, id) => {
                let prefix = ["node:", "link:", "country:", "corridor:", ":", "bogus:"];
                format!("{}{}", prefix[*p as usize % prefix.len()], id.get())
            }
            Id::Junk(s) => s.chars().take(200).collect(),
        }
    }
}

/// Up to `n` ids.
fn ids(v: &[Id], n: usize) -> Vec<String> {
    v.iter().take(n).map(Id::get).collect()
}

#[derive(Arbitrary, Debug)]
struct Day(u16, u8, u8);

impl Day {
    fn get(&self) -> Option<Date> {
        Date::new(self.0, self.1, self.2)
    }
}

/// A scenario built in code, every number arbitrary.
#[derive(Arbitrary, Debug)]
struct Custom {
    id: Id,
    close_links: Vec<Id>,
    close_nodes: Vec<Id>,
    close_countries: Vec<Id>,
    close_borders: Vec<(Id, Id)>,
    close_corridors: Vec<Id>,
    capacity_factor: Vec<(Id, f64)>,
    add_hours: Vec<(Id, f64)>,
    add_usd_per_t: Vec<(Id, f64)>,
    probability: Option<f64>,
    dates: Option<(Day, Option<Day>)>,
    confirmed: Option<Day>,
    recurs_yearly: bool,
}

impl Custom {
    fn get(&self) -> Scenario {
        let mut s = Scenario::new(self.id.get(), "fuzzed");
        for id in self.close_links.iter().take(4) {
            s = s.close_link(id.get());
        }
        for id in self.close_nodes.iter().take(4) {
            s = s.close_node(id.get());
        }
        for id in self.close_countries.iter().take(3) {
            s = s.close_country(id.get());
        }
        for (a, b) in self.close_borders.iter().take(3) {
            s = s.close_border(a.get(), b.get());
        }
        for id in self.close_corridors.iter().take(3) {
            s = s.close_corridor(id.get());
        }
        for (id, x) in self.capacity_factor.iter().take(4) {
            s = s.capacity_factor(id.get(), *x);
        }
        for (id, x) in self.add_hours.iter().take(4) {
            s = s.add_hours(id.get(), *x);
        }
        for (id, x) in self.add_usd_per_t.iter().take(4) {
            s = s.add_usd_per_t(id.get(), *x);
        }
        if let Some(p) = self.probability {
            s = s.probability(p);
        }
        if let Some((Some(start), end)) = self.dates.as_ref().map(|(s, e)| (s.get(), e)) {
            s = s.dates(start, end.as_ref().and_then(Day::get));
        }
        if let Some(c) = self.confirmed.as_ref().and_then(Day::get) {
            s = s.confirmed(c);
        }
        if self.recurs_yearly {
            s = s.recurs_yearly();
        }
        s
    }
}

/// Which links count.
#[derive(Arbitrary, Debug)]
struct Filt {
    statuses: Vec<u8>,
    all: bool,
    year: Option<i32>,
    date: Option<Day>,
    no_events: bool,
    except_event: Option<Id>,
    modes: Vec<u8>,
    avoid: Vec<Id>,
    scenarios: Vec<Id>,
    custom: Vec<Custom>,
}

impl Filt {
    fn get(&self) -> Filter {
        let mut f = Filter::new();
        for s in self.statuses.iter().take(4) {
            f = f.include(Status::ALL[*s as usize % Status::ALL.len()]);
        }
        if self.all {
            f = f.include_all();
        }
        if let Some(y) = self.year {
            f = f.year(y);
        }
        if let Some(d) = self.date.as_ref().and_then(Day::get) {
            f = f.date(d);
        }
        if self.no_events {
            f = f.no_events();
        }
        if let Some(e) = &self.except_event {
            f = f.except_event(e.get());
        }
        for m in self.modes.iter().take(3) {
            f = f.mode(mode(*m));
        }
        for id in self.avoid.iter().take(4) {
            f = f.avoid(id.get());
        }
        for id in self.scenarios.iter().take(3) {
            f = f.scenario(id.get());
        }
        for c in self.custom.iter().take(2) {
            f = f.with_scenario(c.get());
        }
        f
    }
}

fn mode(m: u8) -> Mode {
    Mode::ALL[m as usize % Mode::ALL.len()]
}

fn metric(m: u8) -> Metric {
    Metric::ALL[m as usize % Metric::ALL.len()]
}

/// A count: small, or, for the top 256 values of `n`, beyond the cap (which must be refused
/// at once, without any work).
fn count(n: u32, small: usize, cap: usize) -> usize {
    match n {
        u32::MAX => usize::MAX,
        0xFFFF_FF00.. => cap + 1 + (n & 0xFF) as usize,
        _ => n as usize % (small + 1),
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Route {
        from: Id,
        to: Id,
        metric: u8,
        filter: Filt,
        via: Vec<Id>,
        via_port: Option<Id>,
        alternatives: u32,
        max_overlap: Option<f64>,
        draws: u32,
        seed: u64,
        map: Option<(f64, f64, f64, f64)>,
    },
    Compare {
        origins: Vec<Id>,
        destinations: Vec<Id>,
        ports: Vec<Id>,
        metric: u8,
        filter: Filt,
        draws: u32,
        seed: u64,
    },
    Capacity {
        origins: Vec<Id>,
        destinations: Vec<Id>,
        filter: Filt,
        design: bool,
    },
    Assign {
        demands: Vec<(Id, Id, f64)>,
        filter: Filt,
        design: bool,
        metric: u8,
    },
    Disruption {
        scenarios: Vec<Id>,
        custom: Vec<Custom>,
        base: Filt,
        pairs: Vec<(Id, Id, f64)>,
        regions: Option<(Vec<Id>, Vec<Id>)>,
        capacity_modes: Option<Vec<u8>>,
        metric: u8,
        draws: u32,
        seed: u64,
    },
    Critical {
        pairs: Vec<(Id, Id, f64)>,
        filter: Filt,
        nodes: bool,
        joint: bool,
        capacity: bool,
        metric: u8,
        draws: u32,
        seed: u64,
    },
    Reliability {
        pairs: Vec<(Id, Id, f64)>,
        filter: Filt,
        samples: u32,
        seed: u64,
        metric: u8,
    },
    Sensitivity {
        from: Id,
        to: Id,
        via_port: Option<Id>,
        metric: u8,
        filter: Filt,
        top: u8,
    },
    Split {
        pairs: Vec<(Id, Id, f64)>,
        filter: Filt,
        theta: f64,
        routes: u32,
        within_capacity: bool,
        draws: u32,
        seed: u64,
        stratified: bool,
        theta_range: Option<(f64, f64)>,
        metric: u8,
    },
    Effects {
        scenario: Id,
    },
    Parameters {
        changes: Vec<(u16, f64)>,
        from: Id,
        to: Id,
    },
}

/// A table and JSON of an answer, or the message of an error.
fn show<T: std::fmt::Display + serde::Serialize, E: std::fmt::Display>(r: Result<T, E>) {
    match r {
        Ok(a) => {
            let _ = a.to_string();
            let _ = serde_json::to_string(&a);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fn run(op: &Op) {
    let net = &world().net;
    match op {
        Op::Route {
            from,
            to,
            metric: m,
            filter,
            via,
            via_port,
            alternatives,
            max_overlap,
            draws,
            seed,
            map,
        } => {
            let mut q = RouteQuery::new(from.get(), to.get())
                .metric(metric(*m))
                .filter(filter.get())
                .alternatives(count(*alternatives, 6, MAX_ALTERNATIVES))
                .draws(count(*draws, 16, MAX_DRAWS))
                .seed(*seed);
            for v in ids(via, 3) {
                q = q.via(v);
            }
            if let Some(p) = via_port {
                q = q.via_port(p.get());
            }
            if let Some(f) = max_overlap {
                q = q.max_overlap(*f);
            }
            let answer = net.route(&q);
            if let (Ok(a), Some((w, s, e, n))) = (&answer, map)
                && let Some(r) = &a.route
            {
                let _ = route_geojson(net, r).map(|g| g.to_string());
                if let Ok(m) = Map::new(net).bounds(Bounds::new(*w, *s, *e, *n)) {
                    let _ = m.route("fuzzed", r).map(|m| m.svg());
                }
            }
            show(answer);
        }
        Op::Compare {
            origins,
            destinations,
            ports,
            metric: m,
            filter,
            draws,
            seed,
        } => {
            let q = CompareQuery::new(ids(origins, 2), ids(destinations, 2), ids(ports, 3))
                .metric(metric(*m))
                .filter(filter.get())
                .draws(count(*draws, 8, MAX_DRAWS))
                .seed(*seed);
            show(net.compare(&q));
        }
        Op::Capacity {
            origins,
            destinations,
            filter,
            design,
        } => {
            let q = CapacityQuery::new(ids(origins, 3), ids(destinations, 3))
                .filter(filter.get())
                .design(*design);
            let report = net.capacity(&q);
            if let Ok(r) = &report {
                let _ = capacity_geojson(net, r).map(|g| g.to_string());
                let _ = Map::new(net).capacity(r).map(|m| m.svg());
            }
            show(report);
        }
        Op::Assign {
            demands,
            filter,
            design,
            metric: m,
        } => {
            let mut q = AssignQuery::new()
                .filter(filter.get())
                .design(*design)
                .metric(metric(*m));
            for (a, b, x) in demands.iter().take(3) {
                q = q.demand(a.get(), b.get(), *x);
            }
            let answer = net.assign(&q);
            if let Ok(a) = &answer {
                let _ = assignment_geojson(net, a).map(|g| g.to_string());
            }
            show(answer);
        }
        Op::Split {
            pairs,
            filter,
            theta,
            routes,
            within_capacity,
            draws,
            seed,
            stratified,
            theta_range,
            metric: m,
        } => {
            let sampling = if *stratified {
                Sampling::Stratified
            } else {
                Sampling::Independent
            };
            let mut q = SplitQuery::new()
                .filter(filter.get())
                .metric(metric(*m))
                .theta(*theta)
                .routes(count(*routes, 4, MAX_SPLIT_ROUTES))
                .within_capacity(*within_capacity)
                .draws(count(
                    *draws,
                    if *within_capacity { 1 } else { 3 },
                    MAX_SPLIT_DRAWS,
                ))
                .seed(*seed)
                .sampling(sampling);
            if let Some((low, high)) = theta_range {
                q = q.theta_range(*low, *high);
            }
            for (a, b, x) in pairs.iter().take(3) {
                q = q.pair(a.get(), b.get(), *x);
            }
            let answer = net.split(&q);
            if let Ok(s) = &answer {
                let _ = Map::new(net)
                    .split(s)
                    .map(|m| (m.geojson().to_string(), m.svg()));
            }
            show(answer);
        }
        Op::Disruption {
            scenarios,
            custom,
            base,
            pairs,
            regions,
            capacity_modes,
            metric: m,
            draws,
            seed,
        } => {
            let mut q = DisruptionQuery::new()
                .base(base.get())
                .metric(metric(*m))
                .draws(count(*draws, 3, MAX_DISRUPTION_DRAWS))
                .seed(*seed);
            for s in ids(scenarios, 2) {
                q = q.scenario(s);
            }
            for c in custom.iter().take(2) {
                q = q.with_scenario(c.get());
            }
            for (a, b, x) in pairs.iter().take(3) {
                q = q.pair(a.get(), b.get(), *x);
            }
            if let Some((o, d)) = regions {
                q = q.regions(ids(o, 3), ids(d, 3));
            }
            if let Some(ms) = capacity_modes {
                q = q.capacity_modes(ms.iter().take(3).map(|&m| mode(m)));
            }
            show(net.disruption(&q));
        }
        Op::Critical {
            pairs,
            filter,
            nodes,
            joint,
            capacity,
            metric: m,
            draws,
            seed,
        } => {
            let mut q = CriticalQuery::new()
                .filter(filter.get())
                .nodes(*nodes)
                .joint(*joint)
                .capacity(*capacity)
                .metric(metric(*m))
                .draws(count(*draws, 2, MAX_CRITICAL_DRAWS))
                .seed(*seed);
            for (a, b, x) in pairs.iter().take(2) {
                q = q.pair(a.get(), b.get(), *x);
            }
            show(net.critical(&q));
        }
        Op::Reliability {
            pairs,
            filter,
            samples,
            seed,
            metric: m,
        } => {
            let mut q = ReliabilityQuery::new()
                .filter(filter.get())
                .seed(*seed)
                .metric(metric(*m));
            // Always sampled, and few: the exact enumeration weighs 4,096 combinations of the
            // bundled network's scenarios, half a second a query.
            q = q.samples(count(*samples, 32, MAX_SAMPLES));
            for (a, b, x) in pairs.iter().take(2) {
                q = q.pair(a.get(), b.get(), *x);
            }
            show(net.reliability(&q));
        }
        Op::Sensitivity {
            from,
            to,
            via_port,
            metric: m,
            filter,
            top,
        } => {
            let mut q = SensitivityQuery::new(from.get(), to.get())
                .metric(metric(*m))
                .filter(filter.get());
            if let Some(p) = via_port {
                q = q.via_port(p.get());
            }
            let answer = net.sensitivity(&q);
            if let Ok(s) = &answer {
                let _ = s.svg(*top as usize);
            }
            show(answer);
        }
        Op::Effects { scenario } => {
            let id = scenario.get();
            let _ = net.scenario_effects(&id).map(|e| serde_json::to_string(&e));
            let _ = scenario_geojson(net, &id).map(|g| g.to_string());
            let _ = Map::new(net).scenario(&id).map(|m| m.svg());
        }
        Op::Parameters { changes, from, to } => {
            let mut values: Vec<f64> = net.parameters().iter().map(|p| p.base).collect();
            let n = values.len().max(1);
            for (i, x) in changes.iter().take(4) {
                if let Some(v) = values.get_mut(*i as usize % n) {
                    *v = *x;
                }
            }
            if let Ok(other) = net.with_parameters(&values) {
                show(other.route(&RouteQuery::new(from.get(), to.get())));
            }
        }
    }
}

fuzz_target!(|ops: Vec<Op>| {
    for op in ops.iter().take(3) {
        run(op);
    }
});
