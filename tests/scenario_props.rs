//! Scenarios, disruption reports, criticality and reliability on seeded random networks.

mod common;

use common::{Rng, random_network_toml};
use corridors::{
    CriticalQuery, DisruptionQuery, Filter, Network, ReliabilityQuery, RouteQuery, Scenario,
};

fn networks(count: u64) -> impl Iterator<Item = (u64, Network, String)> {
    (0..count).map(|seed| {
        let n = 4 + (seed % 7) as usize;
        let m = n + 2 + (seed % 9) as usize;
        let text = random_network_toml(seed.wrapping_mul(104_729) + 3, n, m);
        (seed, Network::from_toml_str(&text).unwrap(), text)
    })
}

/// A random scenario over the network's ids.
fn random_scenario(net: &Network, rng: &mut Rng) -> Scenario {
    let mut sc = Scenario::new("random", "Random");
    let links = net.links();
    let nodes = net.nodes();
    for _ in 0..rng.below(3) {
        sc = sc.close_link(links[rng.below(links.len() as u64) as usize].id.clone());
    }
    if rng.below(3) == 0 {
        sc = sc.close_node(nodes[rng.below(nodes.len() as u64) as usize].id.clone());
    }
    let countries: Vec<String> = {
        let mut c: Vec<String> = nodes.iter().map(|n| n.country.clone()).collect();
        c.sort();
        c.dedup();
        c
    };
    if rng.below(4) == 0 {
        sc = sc.close_country(countries[rng.below(countries.len() as u64) as usize].clone());
    }
    if rng.below(3) == 0 && countries.len() > 1 {
        sc = sc.close_border(countries[0].clone(), countries[1].clone());
    }
    if rng.below(3) == 0 {
        sc = sc.capacity_factor(links[0].id.clone(), 0.5);
    }
    sc
}

/// The links a scenario closes, computed from its rules directly.
fn closed_by_rules(net: &Network, sc: &Scenario) -> Vec<String> {
    let country = |id: &str| net.node(id).unwrap().country.clone();
    net.links()
        .iter()
        .filter(|l| {
            let (a, b) = (country(&l.from), country(&l.to));
            sc.close_links.contains(&l.id)
                || sc.close_nodes.iter().any(|n| *n == l.from || *n == l.to)
                || sc.close_countries.iter().any(|c| *c == a || *c == b)
                || sc
                    .close_borders
                    .iter()
                    .any(|[x, y]| (*x == a && *y == b) || (*x == b && *y == a))
                || sc.close_corridors.iter().any(|c| l.corridors.contains(c))
        })
        .map(|l| l.id.clone())
        .collect()
}

#[test]
fn closed_links_follow_exactly_from_the_rules() {
    let mut rng = Rng(11);
    for (seed, net, _) in networks(120) {
        let sc = random_scenario(&net, &mut rng);
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let r = net
            .disruption(
                &DisruptionQuery::new()
                    .with_scenario(sc.clone())
                    .pair(ids[0], ids[1], 1.0),
            )
            .unwrap();
        assert_eq!(
            r.disrupted_links,
            closed_by_rules(&net, &sc),
            "seed {seed}: {sc:?}"
        );
        for d in &r.links {
            assert!(
                !d.effect.reasons.is_empty(),
                "seed {seed}: {} has no reason",
                d.effect.link_id
            );
        }
    }
}

#[test]
fn the_route_after_a_scenario_equals_the_route_without_its_links() {
    let mut rng = Rng(12);
    for (seed, net, _) in networks(120) {
        let sc = random_scenario(&net, &mut rng);
        let closed = closed_by_rules(&net, &sc);
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        for to in &ids[1..] {
            let q = RouteQuery::new(ids[0].clone(), to.clone()).include_all();
            let after = net.route(&q.clone().with_scenario(sc.clone())).unwrap();
            let removed = closed.iter().fold(q, |q, l| q.avoid(l.clone()));
            let without = net.route(&removed).unwrap();
            // Same links and cost; capacities differ only where the scenario shrinks them.
            let links = |a: &corridors::RouteAnswer| {
                a.route.as_ref().map(|r| {
                    (
                        r.legs.iter().map(|l| l.link.clone()).collect::<Vec<_>>(),
                        r.usd_per_t,
                    )
                })
            };
            assert_eq!(
                links(&after),
                links(&without),
                "seed {seed}: {} -> {to}: {sc:?} closed {closed:?}\n{after}\n{without}",
                ids[0]
            );
        }
    }
}

#[test]
fn a_cut_off_flow_names_a_minimal_set_of_closed_links_that_cut_it() {
    let mut rng = Rng(13);
    let mut seen = 0;
    for (seed, net, _) in networks(200) {
        let sc = random_scenario(&net, &mut rng);
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let q = ids[1..].iter().fold(
            DisruptionQuery::new()
                .with_scenario(sc.clone())
                .base(Filter::new().include_all()),
            |q, t| q.pair(ids[0].clone(), t.clone(), 1.0),
        );
        let r = net.disruption(&q).unwrap();
        for a in r.affected.iter().filter(|a| a.cut_off) {
            seen += 1;
            assert!(!a.cut_by.is_empty(), "seed {seed}");
            let base = RouteQuery::new(a.from.clone(), a.to.clone()).include_all();
            let only = a
                .cut_by
                .iter()
                .fold(base.clone(), |q, l| q.avoid(l.clone()));
            assert!(
                !net.route(&only).unwrap().found(),
                "seed {seed}: {:?} do not cut it",
                a.cut_by
            );
            for skip in &a.cut_by {
                let fewer = a
                    .cut_by
                    .iter()
                    .filter(|l| *l != skip)
                    .fold(base.clone(), |q, l| q.avoid(l.clone()));
                assert!(
                    net.route(&fewer).unwrap().found(),
                    "seed {seed}: {:?} is not minimal",
                    a.cut_by
                );
            }
            assert!(a.cut_by.iter().all(|l| r.disrupted_links.contains(l)));
        }
    }
    assert!(seen > 10, "only {seen} cut-off flows checked");
}

#[test]
fn links_no_route_uses_do_no_damage_and_joint_pairs_are_truly_joint() {
    let mut joint_seen = 0;
    for (seed, net, _) in networks(150) {
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let q = ids[1..].iter().fold(
            CriticalQuery::new().filter(Filter::new().include_all()),
            |q, t| q.pair(ids[0].clone(), t.clone(), 1.0),
        );
        let c = net.critical(&q).unwrap();
        let used: Vec<String> = ids[1..]
            .iter()
            .filter_map(|t| {
                net.route(&RouteQuery::new(ids[0].clone(), t.clone()).include_all())
                    .unwrap()
                    .route
            })
            .flat_map(|r| r.legs.into_iter().map(|l| l.link.to_string()))
            .collect();
        for d in &c.links {
            if !used.contains(&d.link) {
                assert_eq!(
                    (d.damage_usd_per_year, d.cut_off_mtpa),
                    (0.0, 0.0),
                    "seed {seed}: {}",
                    d.link
                );
            }
            // The damage equals the recomputed detours.
            let mut extra = 0.0;
            let mut cut = 0.0;
            for t in &ids[1..] {
                let q = RouteQuery::new(ids[0].clone(), t.clone()).include_all();
                let Some(before) = net.route(&q).unwrap().route else {
                    continue;
                };
                if !before.legs.iter().any(|l| l.link == d.link) {
                    continue;
                }
                match net.route(&q.avoid(d.link.clone())).unwrap().route {
                    Some(after) => extra += (after.usd_per_t - before.usd_per_t) * 1e6,
                    None => cut += 1.0,
                }
            }
            assert!(
                (d.damage_usd_per_year - extra).abs() < 1e-3,
                "seed {seed}: {}",
                d.link
            );
            assert_eq!(d.cut_off_mtpa, cut, "seed {seed}: {}", d.link);
        }
        for j in &c.joint {
            joint_seen += 1;
            for demand in &j.demands {
                let (from, to) = demand.split_once(" → ").unwrap();
                let q = RouteQuery::new(from, to).include_all();
                assert!(
                    net.route(&q.clone().avoid(j.links[0].clone()))
                        .unwrap()
                        .found(),
                    "seed {seed}"
                );
                assert!(
                    net.route(&q.clone().avoid(j.links[1].clone()))
                        .unwrap()
                        .found(),
                    "seed {seed}"
                );
                let both = q.avoid(j.links[0].clone()).avoid(j.links[1].clone());
                assert!(
                    !net.route(&both).unwrap().found(),
                    "seed {seed}: {:?}",
                    j.links
                );
            }
        }
    }
    assert!(joint_seen > 5, "only {joint_seen} joint pairs checked");
}

/// The random network with three scenarios of known probability appended.
fn with_risks(text: &str, net: &Network) -> Network {
    let links = net.links();
    let mut t = text.to_string();
    for (i, p) in [0.3, 0.1, 0.5].iter().enumerate() {
        let l = &links[(i * 3) % links.len()].id;
        t += &format!(
            "[[scenarios]]\nid = \"s{i}\"\nname = \"S{i}\"\nclose_links = [\"{l}\"]\nprobability = {p}\nsource = \"test\"\n\n"
        );
    }
    Network::from_toml_str(&t).unwrap()
}

#[test]
fn monte_carlo_is_reproducible_and_converges_to_the_exact_answer() {
    for (seed, net, text) in networks(25) {
        let net = with_risks(&text, &net);
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let q = ReliabilityQuery::new()
            .filter(Filter::new().include_all())
            .pair(ids[0].clone(), ids[ids.len() - 1].clone(), 1.0);
        let exact = net.reliability(&q).unwrap();
        assert_eq!(exact.method, corridors::Method::Exact);
        assert_eq!(exact.cases, 8);
        let a = net.reliability(&q.clone().samples(40_000).seed(5)).unwrap();
        let b = net.reliability(&q.clone().samples(40_000).seed(5)).unwrap();
        assert_eq!(a, b, "seed {seed}: same seed, different answer");
        let (e, s) = (&exact.demands[0], &a.demands[0]);
        // Three standard errors of a proportion estimated from 40,000 samples.
        assert!(
            (e.p_route - s.p_route).abs() < 3.0 * (0.25f64 / 40_000.0).sqrt() + 1e-12,
            "seed {seed}: {} vs {}",
            e.p_route,
            s.p_route
        );
        match (e.expected_usd_per_t, s.expected_usd_per_t) {
            (Some(x), Some(y)) => assert!(
                (x - y).abs() <= 0.02 * x.abs().max(1.0),
                "seed {seed}: {x} vs {y}"
            ),
            (None, None) => {}
            other => panic!("seed {seed}: {other:?}"),
        }
        for (ce, cs) in exact.corridors.iter().zip(&a.corridors) {
            assert!((ce.p_open - cs.p_open).abs() < 0.01, "seed {seed}");
        }
        // A scenario only closes or shrinks: what a flow pays on average is never below its
        // base, not even by a rounding.
        for d in exact.demands.iter().chain(&a.demands) {
            if let (Some(base), Some(mean)) = (d.base_usd_per_t, d.expected_usd_per_t) {
                assert!(mean >= base, "seed {seed}: {mean} < {base}");
            }
        }
    }
}

#[test]
fn exact_reliability_matches_a_hand_computed_case() {
    // One link, one scenario that closes it with probability 0.3: a route exists 70 % of years.
    let text = common::two_towns("", r#"source = "test""#);
    let net = Network::from_toml_str(&text).unwrap();
    let r = net
        .reliability(&ReliabilityQuery::new().pair("a", "b", 1.0))
        .unwrap();
    assert!((r.demands[0].p_route - 0.7).abs() < 1e-12);
    assert_eq!(r.demands[0].p95_usd_per_t, None);
    let route = net
        .route(&RouteQuery::new("a", "b"))
        .unwrap()
        .route
        .unwrap();
    assert!((route.survival.unwrap() - 0.7).abs() < 1e-12);
}

/// One rule set: a scenario built in code is accepted exactly when the same scenario, written
/// into a file, loads; and when both reject it, they name the same value.
#[test]
fn code_and_file_scenarios_obey_one_rule_set() {
    let base = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
    let keys = [
        "north-bridge-rail",
        "AF",
        "port-far-sea",
        "no-such-link",
        "ZZ",
    ];
    let values = [0.0, 2.5, -1.0, f64::NAN, f64::INFINITY, 0.5, 1.5];
    let toml_num = |x: f64| {
        if x.is_nan() {
            "nan".to_string()
        } else if x.is_infinite() {
            "inf".to_string()
        } else {
            format!("{x:?}")
        }
    };
    let mut checked = 0;
    for (i, key) in keys.iter().enumerate() {
        for (j, &x) in values.iter().enumerate() {
            for field in ["add_hours", "add_usd_per_t", "capacity_factor"] {
                let mut sc = Scenario::new("s", "S");
                sc = match field {
                    "add_hours" => sc.add_hours(*key, x),
                    "add_usd_per_t" => sc.add_usd_per_t(*key, x),
                    _ => sc.capacity_factor(*key, x),
                };
                let text = format!(
                    "{base}\n[[scenarios]]\nid = \"s\"\nname = \"S\"\nsource = \"test\"\n{field} = {{ \"{key}\" = {} }}\n",
                    toml_num(x)
                );
                let file = Network::from_toml_str(&text);
                let net = Network::from_path("tests/fixtures/small.toml").unwrap();
                let code = net.route(&RouteQuery::new("north", "far").with_scenario(sc));
                assert_eq!(
                    file.is_ok(),
                    code.is_ok(),
                    "case {i}/{j} {field} {key} = {x}: file {:?}, code {:?}",
                    file.as_ref().err().map(ToString::to_string),
                    code.as_ref().err().map(ToString::to_string)
                );
                if let (Err(f), Err(c)) = (&file, &code) {
                    let shown = if x.is_nan() {
                        "NaN".to_string()
                    } else {
                        x.to_string()
                    };
                    let value_named = c.to_string().contains(&format!("found {shown}"));
                    let id_named = c.to_string().contains(&format!("\"{key}\""));
                    assert!(value_named || id_named, "{c}");
                    assert!(f.to_string().contains(&format!("\"{key}\"")), "{f}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, keys.len() * values.len() * 3);
}

/// The rules on an event's dates are one set too: for every combination of start, end, last
/// report and yearly recurrence, a file loads exactly when the same scenario built in code is
/// accepted by a query.
#[test]
fn code_and_file_dates_obey_one_rule_set() {
    let base = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
    let net = Network::from_path("tests/fixtures/small.toml").unwrap();
    let dates = [
        None,
        Some("2024-02-29"),
        Some("2024-12-01"),
        Some("2025-02-28"),
        Some("2025-11-30"),
        Some("2025-12-01"),
    ];
    let d = |s: &str| s.parse::<corridors::Date>().unwrap();
    let mut checked = 0;
    for start in dates {
        for end in dates {
            for confirmed in [None, Some("2023-06-01"), Some("2026-06-01")] {
                for yearly in [false, true] {
                    let mut sc = Scenario::new("s", "S").close_link("north-bridge-rail");
                    sc.start = start.map(d);
                    sc.end = end.map(d);
                    sc.confirmed = confirmed.map(d);
                    if yearly {
                        sc = sc.recurs_yearly();
                    }
                    let mut text = format!(
                        "{base}\n[[scenarios]]\nid = \"s\"\nname = \"S\"\nsource = \"test\"\nclose_links = [\"north-bridge-rail\"]\n"
                    );
                    for (key, value) in [("start", start), ("end", end), ("confirmed", confirmed)] {
                        if let Some(v) = value {
                            text.push_str(&format!("{key} = {v}\n"));
                        }
                    }
                    if yearly {
                        text.push_str("recurs_yearly = true\n");
                    }
                    let file = Network::from_toml_str(&text);
                    let code = net.route(&RouteQuery::new("north", "far").with_scenario(sc));
                    assert_eq!(
                        file.is_ok(),
                        code.is_ok(),
                        "{start:?} {end:?} {confirmed:?} yearly {yearly}: file {:?}, code {:?}",
                        file.as_ref().err().map(ToString::to_string),
                        code.as_ref().err().map(ToString::to_string)
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, dates.len() * dates.len() * 3 * 2);
}
