//! The split within capacity on seeded random networks: where no capacity binds it is the
//! split; where some bind, every load is within capacity, the shares are those a second,
//! simpler solver finds for the same routes (coordinate ascent on the prices of the logit), the
//! split's own prices explain them, a price stands only at a full capacity, and no loopless
//! route is cheaper at the prices than a flow's own; with a huge spread it costs what the
//! optimal assignment costs. Then the bundled network's answer and the errors.

mod common;

use common::{
    Rng, all_simple_paths, path_weight, random_flows, seeded_networks, synthetic_with_projects,
};
use corridors::{
    Filter, Metric, Network, OptimalQuery, Progress, ProjectRanking, ProjectsQuery, QueryError,
    Split, SplitQuery,
};

fn networks(count: u64) -> impl Iterator<Item = (u64, Network)> {
    seeded_networks(count, 6, (3, 9), (6_007, 3))
}

/// A few flows between random places, large enough to fill some capacities.
fn flows(net: &Network, seed: u64) -> Vec<(String, String, f64)> {
    random_flows(net, &mut Rng(seed ^ 0xCA9), 3, |r| {
        0.5 + r.below(16) as f64 / 2.0
    })
}

fn query(flows: &[(String, String, f64)], theta: f64) -> SplitQuery {
    flows
        .iter()
        .fold(SplitQuery::new(), |q, (a, b, x)| q.pair(a, b, *x))
        .theta(theta)
        .routes(4)
}

/// A route as the oracle takes it: the capacities it uses (link `l` forwards `2l`, backwards
/// `2l + 1`, place `v` at `2m + v`; the origin and each place entered), walked from the origin.
fn uses(net: &Network, from: &str, links: &[String]) -> Vec<usize> {
    let m = net.links().len();
    let ix = |id: &str| net.nodes().iter().position(|n| n.id == id).unwrap();
    let mut here = from.to_string();
    let mut out = vec![2 * m + ix(&here)];
    for id in links {
        let i = net.links().iter().position(|l| &l.id == id).unwrap();
        let l = &net.links()[i];
        let forward = l.from == here;
        assert!(forward || l.to == here, "{id} does not leave {here}");
        out.push(2 * i + usize::from(!forward));
        here = if forward {
            l.to.clone()
        } else {
            l.from.clone()
        };
        out.push(2 * m + ix(&here));
    }
    out
}

/// Per capacity (numbered as in [`uses`]), Mt/yr; infinite where none is known.
fn capacities(net: &Network) -> Vec<f64> {
    let inf = f64::INFINITY;
    let mut cap: Vec<f64> = net
        .links()
        .iter()
        .flat_map(|l| [l.capacity_mtpa.unwrap_or(inf); 2])
        .collect();
    cap.extend(net.nodes().iter().map(|v| v.capacity_mtpa.unwrap_or(inf)));
    cap
}

/// Per capacity, the Mt/yr a split's routes put there, walked from each flow's origin.
fn loads(net: &Network, s: &Split) -> Vec<f64> {
    let mut load = vec![0.0; capacities(net).len()];
    for d in &s.demands {
        for r in &d.routes {
            for e in uses(net, &d.from, &r.links) {
                load[e] += r.mtpa;
            }
        }
    }
    load
}

/// One flow's routes for the oracle: volume, scale, and per route its cost, path size and
/// capacities used.
struct Choice {
    mtpa: f64,
    beta: f64,
    routes: Vec<(f64, f64, Vec<usize>)>,
}

impl Choice {
    /// Each route's Mt/yr at prices `mu`: the logit of the priced costs.
    fn shares(&self, mu: &[f64]) -> Vec<f64> {
        let v: Vec<f64> = self
            .routes
            .iter()
            .map(|(c, ps, u)| ps.ln() - self.beta * (c + u.iter().map(|&e| mu[e]).sum::<f64>()))
            .collect();
        let top = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let z: f64 = v.iter().map(|x| (x - top).exp()).sum();
        v.iter().map(|x| self.mtpa * (x - top).exp() / z).collect()
    }
}

/// The oracle: each flow's routes of the answer, path sizes worked again from the links'
/// lengths, and the prices that bring every load within capacity found by cyclic coordinate
/// ascent (each price in turn set, by bisection, where its capacity's load meets it, or to 0).
fn oracle(net: &Network, s: &Split) -> (Vec<Choice>, Vec<f64>) {
    let km = |id: &String| net.links().iter().find(|l| &l.id == id).unwrap().length_km;
    let choices: Vec<Choice> = s
        .demands
        .iter()
        .filter(|d| !d.routes.is_empty())
        .map(|d| {
            let count = |id: &String| d.routes.iter().filter(|r| r.links.contains(id)).count();
            let best = d
                .routes
                .iter()
                .map(|r| r.metric_value)
                .fold(f64::INFINITY, f64::min);
            Choice {
                mtpa: d.mtpa,
                beta: s.theta / best,
                routes: d
                    .routes
                    .iter()
                    .map(|r| {
                        let length: f64 = r.links.iter().map(km).sum();
                        let ps = r
                            .links
                            .iter()
                            .map(|l| km(l) / length / count(l) as f64)
                            .sum();
                        (r.metric_value, ps, uses(net, &d.from, &r.links))
                    })
                    .collect(),
            }
        })
        .collect();
    let cap = capacities(net);
    let mut mu = vec![0.0; cap.len()];
    let load = |mu: &[f64], e: usize| -> f64 {
        choices
            .iter()
            .map(|c| {
                c.shares(mu)
                    .iter()
                    .zip(&c.routes)
                    .map(|(x, r)| x * r.2.iter().filter(|&&u| u == e).count() as f64)
                    .sum::<f64>()
            })
            .sum()
    };
    for _ in 0..400 {
        let mut moved = 0.0f64;
        for e in (0..cap.len()).filter(|&e| cap[e].is_finite()) {
            let before = mu[e];
            mu[e] = 0.0;
            if load(&mu, e) > cap[e] {
                let (mut lo, mut hi) = (0.0, 1.0);
                while {
                    mu[e] = hi;
                    load(&mu, e) > cap[e]
                } {
                    hi *= 2.0;
                }
                for _ in 0..80 {
                    mu[e] = (lo + hi) / 2.0;
                    if load(&mu, e) > cap[e] {
                        lo = mu[e]
                    } else {
                        hi = mu[e]
                    }
                }
                mu[e] = (lo + hi) / 2.0;
            }
            moved = moved.max((mu[e] - before).abs());
        }
        if moved < 1e-10 {
            break;
        }
    }
    (choices, mu)
}

#[test]
fn where_nothing_binds_it_is_the_split() {
    let mut checked = 0;
    for (seed, net) in networks(60) {
        let f = flows(&net, seed);
        let free = net.split(&query(&f, 10.0)).unwrap();
        // Nothing full, nor within a millionth of it.
        let cap = capacities(&net);
        if loads(&net, &free)
            .iter()
            .zip(cap)
            .any(|(l, c)| *l >= c * (1.0 - 1e-6))
        {
            continue;
        }
        let bound = net.split(&query(&f, 10.0).within_capacity(true)).unwrap();
        let c = bound.capacity.as_ref().unwrap();
        assert_eq!((c.routes_added, c.unmet_mtpa), (0, 0.0), "seed {seed}");
        assert!(
            c.shadow_prices.iter().all(|p| p.usd_per_t == 0.0),
            "seed {seed}"
        );
        for (a, b) in free.demands.iter().zip(&bound.demands) {
            assert_eq!(a.routes.len(), b.routes.len(), "seed {seed}");
            for (x, y) in a.routes.iter().zip(&b.routes) {
                assert_eq!(x.links, y.links, "seed {seed}");
                assert!((x.share - y.share).abs() < 1e-7, "seed {seed}: {x:?} {y:?}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} networks with nothing full");
}

#[test]
fn shares_and_prices_are_those_of_a_simpler_solver() {
    let (mut checked, mut priced, mut priced_routes) = (0, 0, 0);
    for (seed, net) in networks(80) {
        let f = flows(&net, seed);
        let s = net.split(&query(&f, 10.0).within_capacity(true)).unwrap();
        let c = s.capacity.as_ref().unwrap();
        // Within every capacity, walked from its routes.
        for (e, (l, c)) in loads(&net, &s).iter().zip(&capacities(&net)).enumerate() {
            assert!(
                *l <= c * (1.0 + 1e-7) + 1e-7,
                "seed {seed}: capacity {e} holds {l} of {c}"
            );
        }
        if c.unmet_mtpa > 0.0 {
            continue; // the oracle's logit has no unmet cargo
        }
        let (choices, mu) = oracle(&net, &s);
        for (ch, d) in choices
            .iter()
            .zip(s.demands.iter().filter(|d| !d.routes.is_empty()))
        {
            for (x, r) in ch.shares(&mu).iter().zip(&d.routes) {
                assert!(
                    (x - r.mtpa).abs() < 1e-5 * ch.mtpa,
                    "seed {seed}: {} → {}: the oracle carries {x} on {:?}, the split {}",
                    d.from,
                    d.to,
                    r.links,
                    r.mtpa
                );
            }
        }
        // The split's own prices explain its shares: the logit of each route's priced value.
        for (ch, d) in choices
            .iter()
            .zip(s.demands.iter().filter(|d| !d.routes.is_empty()))
        {
            let mut own = Choice {
                mtpa: ch.mtpa,
                beta: ch.beta,
                routes: Vec::new(),
            };
            for (r, o) in d.routes.iter().zip(&ch.routes) {
                let priced = r.priced_value.unwrap();
                assert!(priced >= r.metric_value, "seed {seed}: {r:?}");
                own.routes.push((priced, o.1, Vec::new()));
                priced_routes += usize::from(priced > r.metric_value);
            }
            for (x, r) in own.shares(&[]).iter().zip(&d.routes) {
                assert!(
                    (x - r.mtpa).abs() < 1e-5 * ch.mtpa,
                    "seed {seed}: {x} {r:?}"
                );
            }
        }
        // A price only where a capacity is full, in the split and in the oracle (where loads do
        // not move with a price, as when every route of a flow uses the capacity, any price
        // fits: the two need not agree, and their shares do).
        let (load, cap) = (loads(&net, &s), capacities(&net));
        let m = net.links().len();
        for p in c.shadow_prices.iter().filter(|p| p.usd_per_t > 0.0) {
            let full = |e: usize| load[e] >= cap[e] * (1.0 - 1e-6);
            let ok = match net.links().iter().position(|l| l.id == p.id) {
                Some(l) => full(2 * l) || full(2 * l + 1),
                None => full(2 * m + net.nodes().iter().position(|v| v.id == p.id).unwrap()),
            };
            assert!(ok, "seed {seed}: {} priced but not full", p.id);
        }
        for e in (0..cap.len()).filter(|&e| mu[e] > 1e-6) {
            assert!(
                load[e] >= cap[e] * (1.0 - 1e-6),
                "seed {seed}: capacity {e}"
            );
        }
        priced += mu.iter().filter(|&&p| p > 1e-6).count();
        // No loopless route between a flow's ends is cheaper at the prices than its own
        // cheapest (column generation found them).
        for d in s.demands.iter().filter(|d| !d.routes.is_empty()) {
            let at_prices = |links: &[String]| {
                path_weight(&net, links, Metric::Cost)
                    + uses(&net, &d.from, links)
                        .iter()
                        .map(|&e| mu[e])
                        .sum::<f64>()
            };
            let own = d
                .routes
                .iter()
                .map(|r| at_prices(&r.links))
                .fold(f64::INFINITY, f64::min);
            let open = |i: usize| net.links()[i].status == corridors::Status::Operational;
            for p in all_simple_paths(&net, &d.from, &d.to, &open) {
                assert!(
                    at_prices(&p) >= own - 1e-4 * (1.0 + own),
                    "seed {seed}: {p:?} costs {} at the prices, below {own}",
                    at_prices(&p)
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} networks checked");
    assert!(
        priced >= 15,
        "only {priced} capacities priced by the oracle"
    );
    assert!(
        priced_routes >= 15,
        "only {priced_routes} routes pay a price"
    );
}

#[test]
fn a_huge_spread_costs_what_the_optimal_assignment_costs() {
    let mut checked = 0;
    for (seed, net) in networks(60) {
        let f = flows(&net, seed);
        let s = net
            .split(&query(&f, 10_000.0).within_capacity(true))
            .unwrap();
        let o = f
            .iter()
            .fold(OptimalQuery::new(), |q, (a, b, x)| q.pair(a, b, *x))
            .versus_greedy(false);
        let o = net.optimal(&o).unwrap();
        let c = s.capacity.as_ref().unwrap();
        // The optimum counts a flow with no route as unmet; the split says it has none.
        let no_route: f64 = s
            .demands
            .iter()
            .filter(|d| d.routes.is_empty())
            .map(|d| d.mtpa)
            .sum();
        assert!(
            (c.unmet_mtpa + no_route - o.unmet_mtpa).abs() < 1e-5,
            "seed {seed}: unmet {} against the optimum's {}",
            c.unmet_mtpa,
            o.unmet_mtpa
        );
        // The split is feasible for the optimum's program, so never cheaper; at θ = 10,000 a
        // flow's choice costs at most ln(routes)/θ of its cheapest route more.
        let slack: f64 = s
            .demands
            .iter()
            .filter_map(|d| Some(d.mtpa * d.routes.first()?.metric_value))
            .sum::<f64>()
            * 1e6
            * (50f64).ln()
            / 10_000.0;
        assert!(
            s.total_per_year >= o.total_usd_per_year - 1e-6 * o.total_usd_per_year - 1.0,
            "seed {seed}: split {} below the optimum {}",
            s.total_per_year,
            o.total_usd_per_year
        );
        assert!(
            s.total_per_year <= o.total_usd_per_year + slack + 1.0,
            "seed {seed}: split {} above the optimum {} by more than {slack}",
            s.total_per_year,
            o.total_usd_per_year
        );
        checked += 1;
    }
    assert!(checked >= 40);
}

#[test]
fn the_bundled_network_moves_caspian_cargo_east_of_the_sea() {
    let net = Network::trans_afghan();
    let s = net.split(&SplitQuery::new().within_capacity(true)).unwrap();
    let c = s.capacity.as_ref().unwrap();
    assert_eq!(c.unmet_mtpa, 0.0);
    assert_eq!(c.routes_added, 1);
    let prices: Vec<(&str, String)> = c
        .shadow_prices
        .iter()
        .map(|p| (p.id.as_str(), format!("{:.2}", p.usd_per_t)))
        .collect();
    assert_eq!(prices, [("qazvin-rasht-rail", "88.61".to_string())]);
    let moscow = &s.demands[0];
    assert_eq!(
        (moscow.from.as_str(), moscow.to.as_str()),
        ("moscow", "nhava-sheva")
    );
    let east = moscow
        .routes
        .iter()
        .find(|r| r.links.contains(&"moscow-kandyagash-rail".to_string()))
        .unwrap();
    assert!((east.mtpa - 1.0).abs() < 1e-6, "{east:?}");
    assert_eq!(format!("{:.1}", east.metric_value), "329.9");
    assert_eq!(format!("{:.2}", s.total_per_year / 1e6), "3140.93");
    // The same bytes each time.
    let again = net.split(&SplitQuery::new().within_capacity(true)).unwrap();
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
}

#[test]
fn errors_name_what_was_wrong() {
    let net = Network::trans_afghan();
    let at_zero = net
        .split(&SplitQuery::new().theta(0.0).within_capacity(true))
        .unwrap_err();
    assert!(matches!(at_zero, QueryError::OutOfRange { .. }));
    assert_eq!(
        at_zero.to_string(),
        "spread theta within capacity must lie in (0, 10000], found 0"
    );
    let by_days = net
        .split(&SplitQuery::new().metric(Metric::Time).within_capacity(true))
        .unwrap_err();
    assert_eq!(
        by_days.to_string(),
        "a split within capacity weighs routes by cost only, found metric \"time\""
    );
    // A watcher hears each round of pricing and can stop it.
    let watch = Progress::new();
    let stop = watch.flag();
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = heard.clone();
    let watch = watch.on_tick(move |t| {
        if t.what == "flows holding their cheapest route at the prices" {
            log.lock().unwrap().push((t.done, t.total));
            if t.done == t.total {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    let err = net
        .split(&SplitQuery::new().within_capacity(true).progress(watch))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "stopped after 10 of 10 flows holding their cheapest route at the prices"
    );
    // Started at none; the first round finds Moscow's flow short of its cheapest route.
    assert_eq!(heard.lock().unwrap()[..2], [(0, 10), (9, 10)]);
    // Fitting spreads within capacity refuses 0 the same way.
    let fit = net
        .fit_split(&SplitQuery::new().within_capacity(true), &[0.0, 10.0])
        .unwrap_err();
    assert_eq!(fit.to_string(), at_zero.to_string());
}

/// Projects of a synthetic network and flows big enough to fill some of its capacities.
fn projects_case(seed: u64) -> (Network, Vec<(String, String, f64)>) {
    let net = Network::from_toml_str(&synthetic_with_projects(60, seed, 3)).unwrap();
    let flows = random_flows(&net, &mut Rng(seed ^ 0x9E0), 4, |r| {
        2.0 + r.below(10) as f64
    });
    (net, flows)
}

fn ranking(net: &Network, flows: &[(String, String, f64)], q: ProjectsQuery) -> ProjectRanking {
    let q = flows.iter().fold(q, |q, (a, b, x)| q.pair(a, b, *x));
    net.rank_projects(&q).unwrap()
}

/// Whether some capacity binds in the split within capacity of `flows` on `filter`'s network.
fn binds(net: &Network, flows: &[(String, String, f64)], filter: Filter) -> bool {
    let q = query(flows, 10.0)
        .routes(8)
        .filter(filter)
        .within_capacity(true);
    let c = net.split(&q).unwrap().capacity.unwrap();
    c.unmet_mtpa > 0.0 || c.shadow_prices.iter().any(|p| p.usd_per_t > 0.0)
}

#[test]
fn projects_gain_what_the_split_without_capacity_says_where_nothing_binds_and_never_less_than_nothing()
 {
    let (mut same, mut bound) = (0, 0);
    for seed in 0..5u64 {
        let (net, flows) = projects_case(seed);
        let free = ranking(&net, &flows, ProjectsQuery::new().spread(10.0));
        let within = ranking(
            &net,
            &flows,
            ProjectsQuery::new().spread_within_capacity(10.0),
        );
        assert!(within.spread_within_capacity && !free.spread_within_capacity);
        for (pf, pw) in free.projects.iter().zip(&within.projects) {
            assert_eq!(
                pf.id, pw.id,
                "seed {seed}: the least-cost order is the same"
            );
            let (a, b) = (pf.spread.unwrap(), pw.spread.unwrap());
            let ctx = format!("seed {seed}, {}: {a:?} {b:?}", pf.id);
            // Opening links never lowers what the choice is worth (to the solver's rounding).
            assert!(b.benefit_usd_per_year >= -1e3, "{ctx}");
            let after = Filter::new().project(&pf.id);
            if binds(&net, &flows, Filter::new()) || binds(&net, &flows, after) {
                bound += 1;
                continue;
            }
            let near = |x: f64, y: f64| (x - y).abs() <= 1e-6 * (1.0 + x.abs().max(y.abs()));
            assert!(
                near(a.benefit_usd_per_year, b.benefit_usd_per_year),
                "{ctx}"
            );
            assert!(near(a.saving_usd_per_year, b.saving_usd_per_year), "{ctx}");
            assert!(near(a.mtpa, b.mtpa), "{ctx}");
            same += 1;
        }
    }
    assert!(
        same >= 3 && bound >= 3,
        "{same} projects where nothing binds, {bound} where some does"
    );
}

#[test]
fn at_a_huge_spread_projects_gain_what_they_save_at_least_cost_within_capacity() {
    let mut checked = 0;
    for seed in 0..5u64 {
        let (net, flows) = projects_case(seed);
        let theta = 10_000.0;
        let within = ranking(
            &net,
            &flows,
            ProjectsQuery::new().spread_within_capacity(theta),
        );
        // The logit's entropy moves each flow's optimum by at most its tonnes times its
        // cheapest route's cost times ln(routes) / θ, before and after.
        let s = net.split(&query(&flows, theta).routes(8)).unwrap();
        let tail: f64 = s
            .demands
            .iter()
            .filter_map(|d| Some(d.mtpa * d.routes.first()?.metric_value))
            .sum::<f64>()
            * 1e6
            * 2.0
            * (50f64).ln()
            / theta;
        for p in within.projects.iter().filter(|p| p.served_mtpa == 0.0) {
            let g = p.spread.unwrap();
            assert!(
                (g.benefit_usd_per_year - p.value_usd_per_year).abs()
                    <= tail + 1e-6 * p.value_usd_per_year.abs() + 1e3,
                "seed {seed}, {}: gains {} within capacity, {} at least cost (tail {tail})",
                p.id,
                g.benefit_usd_per_year,
                p.value_usd_per_year
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} projects checked");
}

#[test]
fn the_bundled_projects_within_capacity_lose_what_the_full_railway_to_qazvin_takes() {
    let net = Network::trans_afghan();
    let free = net
        .rank_projects(&ProjectsQuery::new().spread(10.0))
        .unwrap();
    let within = net
        .rank_projects(&ProjectsQuery::new().spread_within_capacity(10.0))
        .unwrap();
    let gains = |r: &ProjectRanking| -> Vec<(String, String)> {
        let mut g: Vec<(String, String)> = r
            .projects
            .iter()
            .map(|p| {
                let s = p.spread.unwrap();
                (p.id.clone(), format!("{:.1}", s.benefit_usd_per_year / 1e6))
            })
            .collect();
        g.sort();
        g
    };
    let (free, within_g) = (gains(&free), gains(&within));
    let differ: Vec<(&str, &str, &str)> = free
        .iter()
        .zip(&within_g)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, b)| (a.0.as_str(), a.1.as_str(), b.1.as_str()))
        .collect();
    // Chabahar–Zahedan and Rasht–Astara draw cargo that meets the full railway to Qazvin.
    assert_eq!(
        differ,
        [
            ("chabahar-zahedan", "20.5", "19.6"),
            ("rasht-astara", "12.1", "10.8")
        ]
    );
    // At a huge spread within capacity, the least-cost saving (14.0), where the split without
    // capacity gains 20.0.
    let huge = net
        .rank_projects(
            &ProjectsQuery::new()
                .project("chabahar-zahedan")
                .spread_within_capacity(10_000.0),
        )
        .unwrap();
    let g = huge.projects[0].spread.unwrap().benefit_usd_per_year / 1e6;
    assert_eq!(format!("{g:.1}"), "0.0");
    let v = serde_json::to_value(&within).unwrap();
    assert_eq!(v["spread_within_capacity"], true);
    assert!(
        serde_json::to_value(net.rank_projects(&ProjectsQuery::new()).unwrap())
            .unwrap()
            .get("spread_within_capacity")
            .is_none()
    );
}
