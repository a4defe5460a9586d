//! The route-choice split: its shares are the path-size logit of its routes (worked again
//! here from the routes' links and an independent path weight), its loads are the shares'
//! sum, a huge spread is the cheapest route, a larger spread never moves cargo off the
//! cheapest; the path-size correction on a hand-made network; the bundled network's answers;
//! and its errors, whole.

mod common;

use common::{Rng, path_weight, random_flows, seeded_networks};
use corridors::{Filter, Metric, Mode, Network, QueryError, RouteQuery, Split, SplitQuery};

fn networks(count: u64) -> impl Iterator<Item = (u64, Network)> {
    seeded_networks(count, 6, (3, 9), (7_919, 5))
}

fn flows(net: &Network, seed: u64) -> Vec<(String, String, f64)> {
    random_flows(net, &mut Rng(seed ^ 0x5B1D), 3, |r| 1.0 + r.below(9) as f64)
}

fn split(net: &Network, flows: &[(String, String, f64)], theta: f64, k: usize) -> Split {
    let q = flows
        .iter()
        .fold(SplitQuery::new(), |q, (a, b, m)| q.pair(a, b, *m))
        .theta(theta)
        .routes(k);
    net.split(&q).unwrap()
}

/// The path-size logit, written again from its definition.
fn logit(net: &Network, routes: &[(Vec<String>, f64)], theta: f64) -> Vec<f64> {
    let km = |id: &String| net.links().iter().find(|l| &l.id == id).unwrap().length_km;
    let best = routes.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    let weights: Vec<f64> = routes
        .iter()
        .map(|(links, cost)| {
            let length: f64 = links.iter().map(km).sum();
            let size: f64 = links
                .iter()
                .map(|l| {
                    let using = routes.iter().filter(|r| r.0.contains(l)).count() as f64;
                    km(l) / length / using
                })
                .sum();
            size * (-theta * (cost / best - 1.0)).exp()
        })
        .collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

#[test]
fn shares_are_the_path_size_logit_and_loads_their_sum_on_random_networks() {
    let mut checked = 0;
    for (seed, net) in networks(40) {
        let flows = flows(&net, seed);
        let theta = [0.0, 2.0, 10.0, 40.0][seed as usize % 4];
        let s = split(&net, &flows, theta, 1 + seed as usize % 6);
        let ctx = format!("seed {seed}, theta {theta}");
        let mut on_link: std::collections::BTreeMap<&str, f64> = Default::default();
        for d in &s.demands {
            if d.routes.is_empty() {
                assert!(d.reason.is_some(), "{ctx}: a flow with no route says why");
                continue;
            }
            for r in &d.routes {
                let w = path_weight(&net, &r.links, Metric::Cost);
                assert!(
                    (w - r.metric_value).abs() < 1e-6 * w.max(1.0),
                    "{ctx}: {w} vs {r:?}"
                );
                for l in &r.links {
                    *on_link.entry(l.as_str()).or_default() += r.mtpa;
                }
            }
            let routes: Vec<(Vec<String>, f64)> = d
                .routes
                .iter()
                .map(|r| (r.links.clone(), r.metric_value))
                .collect();
            if routes.iter().any(|r| r.1 <= 0.0 || r.0.is_empty()) {
                continue;
            }
            for (r, want) in d.routes.iter().zip(logit(&net, &routes, theta)) {
                assert!(
                    (r.share - want).abs() < 1e-9,
                    "{ctx}: {} vs {want}",
                    r.share
                );
                assert!((r.mtpa - want * d.mtpa).abs() < 1e-9, "{ctx}");
            }
            let sum: f64 = d.routes.iter().map(|r| r.share).sum();
            assert!((sum - 1.0).abs() < 1e-9, "{ctx}: shares sum to {sum}");
            checked += 1;
        }
        for l in &s.loads {
            let want = on_link.get(l.link.as_str()).copied().unwrap_or(0.0);
            let got = l.forward_mtpa + l.backward_mtpa;
            assert!(
                (got - want).abs() < 1e-9,
                "{ctx}: {} {got} vs {want}",
                l.link
            );
        }
        let loaded = on_link.values().filter(|&&x| x > 1e-9).count();
        assert_eq!(s.loads.len(), loaded, "{ctx}: every loaded link is listed");
    }
    assert!(checked > 30, "only {checked} flows had routes");
}

#[test]
fn a_huge_spread_puts_each_flow_on_its_cheapest_route() {
    let mut checked = 0;
    for (seed, net) in networks(40) {
        for (a, b, mtpa) in flows(&net, seed) {
            let s = split(&net, &[(a.clone(), b.clone(), mtpa)], 10_000.0, 4);
            let d = &s.demands[0];
            // A tie, or a near tie, is split by path size: leave those out.
            if d.routes.len() < 2 || d.routes[1].relative < 1.01 {
                continue;
            }
            let best = net.route(&RouteQuery::new(&a, &b)).unwrap().route.unwrap();
            let links: Vec<String> = best.legs.iter().map(|l| l.link.to_string()).collect();
            assert_eq!(d.routes[0].links, links, "seed {seed}: {a} → {b}");
            assert!(d.routes[0].share > 1.0 - 1e-12, "seed {seed}");
            assert!((d.mean_value - best.usd_per_t).abs() < 1e-6, "seed {seed}");
            checked += 1;
        }
    }
    assert!(
        checked > 10,
        "only {checked} flows had a clear cheapest route"
    );
}

#[test]
fn a_larger_spread_never_moves_cargo_off_the_cheapest_route() {
    for (seed, net) in networks(25) {
        let flows = flows(&net, seed);
        let mut last: Option<Vec<f64>> = None;
        for theta in [0.0, 0.5, 1.0, 3.0, 10.0, 30.0, 100.0] {
            let s = split(&net, &flows, theta, 5);
            let first: Vec<f64> = s
                .demands
                .iter()
                .map(|d| d.routes.first().map_or(0.0, |r| r.share))
                .collect();
            if let Some(before) = &last {
                for (x, y) in before.iter().zip(&first) {
                    assert!(y + 1e-12 >= *x, "seed {seed}, theta {theta}: {x} → {y}");
                }
            }
            last = Some(first);
        }
    }
}

#[test]
fn twin_routes_share_what_a_lone_route_of_their_cost_gets() {
    let net = Network::from_path("tests/fixtures/twins.toml").unwrap();
    let s = net
        .split(&SplitQuery::new().pair("s", "t", 10.0).theta(10.0))
        .unwrap();
    let d = &s.demands[0];
    assert_eq!(d.routes.len(), 3);
    let share = |link: &str| {
        let r = d.routes.iter().find(|r| r.links.iter().any(|l| l == link));
        r.unwrap().share
    };
    // Path sizes: 190/200 ÷ 2 + 10/200 = 0.525 for each twin, 1 for the lone route.
    let total = 0.525 * 2.0 + 1.0;
    assert!((share("x-t-1") - 0.525 / total).abs() < 1e-9);
    assert!((share("x-t-2") - 0.525 / total).abs() < 1e-9);
    assert!((share("y-t") - 1.0 / total).abs() < 1e-9);
    let lone = d.routes.iter().find(|r| r.links[0] == "s-y").unwrap();
    assert!((lone.path_size - 1.0).abs() < 1e-12);
    // The shared stretch carries the twins' cargo, once.
    let sx = s.loads.iter().find(|l| l.link == "s-x").unwrap();
    assert!((sx.forward_mtpa - 10.0 * 1.05 / total).abs() < 1e-9);
}

#[test]
fn on_the_bundled_network_some_turkmen_cargo_takes_the_train() {
    let net = Network::trans_afghan();
    let q = SplitQuery::new()
        .pair("mary", "herat", 1.0)
        .pair("turkmenabat", "andkhoy", 1.0);
    let s = net.split(&q).unwrap();
    let rail = |link: &str| {
        s.loads
            .iter()
            .find(|l| l.link == link)
            .map_or(0.0, |l| l.load_mtpa)
    };
    // Least cost sends both by road; at the default spread the rail links through Torghundi
    // and Aqina, counted carrying cargo, carry some.
    let mary = &s.demands[0];
    assert!(mary.routes[0].modes == [corridors::Mode::Road]);
    assert!(
        mary.off_cheapest > 0.05 && mary.off_cheapest < 0.3,
        "{mary:?}"
    );
    assert!(rail("serhetabat-torghundi-rail") > 0.05);
    assert!(rail("ymamnazar-aqina-rail") > 0.2, "{:?}", s.loads);
    // Same question, same bytes.
    let again = net.split(&q).unwrap();
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    // The file's demands: every one routed, loads listed, the table prints.
    let all = net.split(&SplitQuery::new()).unwrap();
    assert_eq!(all.demands.len(), net.demands().len());
    assert!((all.routed_mtpa - all.demand_mtpa).abs() < 1e-9);
    let table = all.to_string();
    assert!(table.contains("each spread over up to 8 of its cheapest routes by cost (theta 10.0)"));
    assert!(table.contains("moscow → nhava-sheva, 8.0 Mt/yr"));
}

#[test]
fn the_fit_scores_each_spread_against_the_counts() {
    let net = Network::trans_afghan();
    let fits = net
        .fit_split(&SplitQuery::new(), &[0.0, 10.0, 10_000.0])
        .unwrap();
    assert_eq!(fits.len(), 3);
    for f in &fits {
        assert_eq!(f.fit.counts, net.observed().len());
        assert!(f.fit.within <= f.fit.counts);
        assert!((0.0..1.0).contains(&f.fit.mean_miss));
    }
    // Each spread's fit is the split at that spread set beside the counts.
    let alone = net.split(&SplitQuery::new().theta(10.0)).unwrap();
    assert_eq!(net.utilisation_beside(&alone).fit(), fits[1].fit);
    let table = corridors::split_fit_table(&fits);
    assert_eq!(table.lines().filter(|l| l.ends_with("  best")).count(), 1);
    // A best that meets no count, or one at theta 0 (cost left out), is said not to pick
    // theta; any other best stands alone under the header and the three rows.
    let best = fits
        .iter()
        .min_by(|a, b| {
            (a.fit.mean_miss.total_cmp(&b.fit.mean_miss))
                .then(b.fit.within.cmp(&a.fit.within))
                .then(a.theta.total_cmp(&b.theta))
        })
        .unwrap();
    // The note takes one line, or two when it speaks of theta 0.
    let note = match (best.fit.within == 0, best.theta == 0.0) {
        (false, false) => 0,
        (true, false) => 1,
        _ => 2,
    };
    assert_eq!(table.lines().count(), 4 + note, "{table}");
    let says = |s: &str| table.contains(s);
    assert_eq!(
        says("meets no count within its range"),
        best.fit.within == 0
    );
    assert_eq!(says("theta 0 leaves cost out"), best.theta == 0.0);
}

#[test]
fn a_flow_with_no_route_says_why_and_is_not_counted_as_routed() {
    let net = Network::from_path("tests/fixtures/twins.toml").unwrap();
    let q = SplitQuery::new().pair("s", "s", 1.0).pair("s", "t", 2.0);
    let s = net.split(&q).unwrap();
    assert_eq!(
        s.demands[0].reason.as_deref(),
        Some("\"s\" is both origin and destination")
    );
    assert!(s.demands[0].routes.is_empty());
    assert_eq!((s.demand_mtpa, s.routed_mtpa), (3.0, 2.0));
    // Only rail counts, and the file has none.
    let rail = q.filter(Filter::new().mode(Mode::Rail));
    let s = net.split(&rail).unwrap();
    assert_eq!(
        s.demands[1].reason.as_deref(),
        Some("no route from \"s\" to \"t\" under this query")
    );
    assert!(s.loads.is_empty() && s.routed_mtpa == 0.0);
    assert!(
        s.to_string()
            .contains("  no route: no route from \"s\" to \"t\" under this query")
    );
    // A file with no demands and no counts: the split and the fit say so.
    let none = net.split(&SplitQuery::new()).unwrap();
    assert_eq!(
        none.to_string(),
        "no flows: the file has no [[demands]] and no pairs were given\n"
    );
    let fits = net.fit_split(&SplitQuery::new(), &[1.0, 10.0]).unwrap();
    assert_eq!(
        corridors::split_fit_table(&fits),
        "no counts: the file has no [[observed]] records to score a spread against\n"
    );
}

#[test]
fn bad_queries_are_errors_naming_what_is_wrong() {
    let net = Network::trans_afghan();
    let err = |q: SplitQuery| net.split(&q).unwrap_err().to_string();
    assert_eq!(
        err(SplitQuery::new().theta(-1.0)),
        "spread theta must lie in [0, 10000], found -1"
    );
    assert_eq!(
        err(SplitQuery::new().theta(f64::NAN)),
        "spread theta must lie in [0, 10000], found NaN"
    );
    assert_eq!(
        err(SplitQuery::new().routes(0)),
        "routes per flow must lie in [1, 50], found 0"
    );
    assert_eq!(
        err(SplitQuery::new().routes(51)),
        "at most 50 routes per flow may be asked for, found 51: past a few dozen the extra \
         routes carry next to nothing and each costs a round of searches"
    );
    assert_eq!(
        err(SplitQuery::new().pair("mary", "heart", 1.0)),
        "unknown node \"heart\" (did you mean \"herat\"?)"
    );
    let e = net
        .split(&SplitQuery::new().pair("mary", "herat", -2.0))
        .unwrap_err();
    assert!(matches!(e, QueryError::BadVolume { .. }), "{e}");
    let e = net.fit_split(&SplitQuery::new(), &[1.0, 1e9]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "spread theta must lie in [0, 10000], found 1000000000"
    );
}
