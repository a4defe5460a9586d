//! Bans on joining two countries by any way (`ban_between`): no route passes through both. On
//! seeded random networks the route under a ban is the least over Bellman–Ford states that
//! also remember which of the two countries the way has touched, never using both; the matrix
//! gives the route's values to the bit; a ban never makes a route cheaper. On the bundled file,
//! India's and Pakistan's bans keep Kashgar's cargo for India out of Pakistan.

mod common;

use corridors::{Filter, MatrixQuery, Metric, Network, RouteQuery, Scenario, Status};

/// The least cost from `from` to `to` over operational links by a way that never touches
/// both `a` and `b`: Bellman–Ford over states that remember which of the two it has touched.
fn oracle_apart(net: &Network, from: &str, to: &str, [a, b]: [&str; 2]) -> Option<f64> {
    let nodes = net.nodes();
    let tag = |seen: Option<(bool, bool)>, v: usize| {
        let (x, y) = seen.unwrap_or_default();
        let c = nodes[v].country.as_str();
        let now = (x || c == a, y || c == b);
        (!(now.0 && now.1)).then_some(now)
    };
    let open = |l: usize| net.links()[l].status == Status::Operational;
    common::oracle_tagged(net, from, to, Metric::Cost, &open, &tag)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_route_under_a_ban_is_the_least_that_never_joins_the_two_countries() {
    let (mut compared, mut changed) = (0, 0);
    for (seed, net) in common::seeded_networks(50, 6, (2, 6), (7919, 11)) {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let pair = ["AF", "IR"];
        let has = |c: &str| net.nodes().iter().any(|n| n.country == c);
        if !(has(pair[0]) && has(pair[1])) {
            continue;
        }
        let ban = Scenario::new("apart", "AF and IR apart").ban(pair[0], pair[1]);
        let filter = Filter::new().with_scenario(ban);
        let matrix = net
            .matrix(&MatrixQuery::new(ids.clone(), ids.clone()).filter(filter.clone()))
            .unwrap();
        for (i, from) in ids.iter().enumerate() {
            for (j, to) in ids.iter().enumerate() {
                if from == to {
                    continue;
                }
                let label = format!("seed {seed} {from}->{to}");
                let q = RouteQuery::new(*from, *to);
                let free = net.route(&q).unwrap().route;
                let answer = net.route(&q.filter(filter.clone())).unwrap();
                let r = answer.route.as_ref();
                assert_eq!(matrix.values[i][j], r.map(|r| r.metric_value), "{label}");
                let want = oracle_apart(&net, from, to, pair);
                match (r, want) {
                    (Some(r), Some(w)) => {
                        assert!(close(r.usd_per_t, w), "{label}: {} vs {w}", r.usd_per_t);
                        let seen = |c: &str| r.countries.iter().any(|x| x == c);
                        assert!(
                            !(seen(pair[0]) && seen(pair[1])),
                            "{label}: {:?}",
                            r.countries
                        );
                        let free = free.as_ref().unwrap();
                        assert!(r.usd_per_t >= free.usd_per_t - 1e-9, "{label}");
                        changed += usize::from(r.usd_per_t > free.usd_per_t + 1e-9);
                        compared += 1;
                    }
                    (None, None) => {
                        if free.is_some() {
                            let why = answer.reason.unwrap();
                            assert!(why.contains("AF and IR, banned by apart"), "{label}: {why}");
                        }
                    }
                    (r, w) => panic!("{label}: {:?} vs oracle {w:?}", r.map(|r| r.usd_per_t)),
                }
            }
        }
    }
    assert!(compared > 500, "only {compared} routes compared");
    assert!(changed > 20, "the ban changed only {changed} routes");
}

#[test]
fn the_india_pakistan_ban_keeps_kashgar_s_cargo_for_india_out_of_pakistan() {
    let net = Network::trans_afghan();
    let ban = net
        .scenarios()
        .iter()
        .find(|s| s.id == "india-pakistan-trade-ban-2025")
        .unwrap();
    assert_eq!(ban.ban_between, vec![["IN".to_string(), "PK".to_string()]]);
    let q = RouteQuery::new("kashgar", "nhava-sheva").alternatives(5);
    let answer = net.route(&q).unwrap();
    let r = answer.route.unwrap();
    assert_eq!(r.countries, ["CN", "KG", "UZ", "TM", "IR", "IN"]);
    assert_eq!(answer.alternatives.len(), 5);
    for a in &answer.alternatives {
        assert!(!a.countries.iter().any(|c| c == "PK"), "{:?}", a.countries);
    }
    // As built, with no event, Karachi is the way; through it today, none.
    let built = net
        .route(&RouteQuery::new("kashgar", "nhava-sheva").filter(Filter::new().no_events()))
        .unwrap()
        .route
        .unwrap();
    assert!(built.countries.iter().any(|c| c == "PK"));
    assert!(built.usd_per_t < r.usd_per_t);
    let via = net
        .route(&RouteQuery::new("kashgar", "nhava-sheva").via_port("karachi"))
        .unwrap();
    assert_eq!(
        via.reason.as_deref(),
        Some("every route joins IN and PK, banned by india-pakistan-trade-ban-2025")
    );
}

#[test]
fn a_ban_is_written_back_and_read_again() {
    let net = Network::trans_afghan();
    let again = Network::from_toml_str(&net.to_toml()).unwrap();
    let ban = |n: &Network| {
        n.scenarios()
            .iter()
            .find(|s| s.id == "india-pakistan-trade-ban-2025")
            .unwrap()
            .ban_between
            .clone()
    };
    assert_eq!(ban(&again), ban(&net));
}

/// Whether any of these links (by id) has an end in `country`.
fn touches(net: &Network, links: &[String], country: &str) -> bool {
    links.iter().any(|id| {
        let l = net.link(id).unwrap();
        [&l.from, &l.to]
            .iter()
            .any(|n| net.node(n).unwrap().country == country)
    })
}

#[test]
fn cargo_with_an_end_in_a_banned_country_never_joins_the_other_in_any_analysis() {
    // As built, with only the bans in force, Kashgar's cargo for India would leave by Karachi;
    // every analysis that moves it keeps it out of Pakistan, at the route's cost.
    let net = Network::trans_afghan();
    let filter = Filter::new()
        .no_events()
        .scenario("india-pakistan-trade-ban-2025");
    let (from, to) = ("kashgar", "nhava-sheva");
    let free = net
        .route(&RouteQuery::new(from, to).filter(Filter::new().no_events()))
        .unwrap()
        .route
        .unwrap();
    assert!(
        free.countries.iter().any(|c| c == "PK"),
        "{:?}",
        free.countries
    );
    let route = net
        .route(&RouteQuery::new(from, to).filter(filter.clone()))
        .unwrap()
        .route
        .unwrap();
    assert!(!route.countries.iter().any(|c| c == "PK"));
    assert!(route.usd_per_t > free.usd_per_t + 1.0);

    let a = net
        .assign(
            &corridors::AssignQuery::new()
                .pair(from, to, 1.0)
                .filter(filter.clone()),
        )
        .unwrap();
    assert_eq!(a.demands[0].served_mtpa, 1.0);
    for p in &a.demands[0].paths {
        assert!(!touches(&net, &p.links, "PK"), "{:?}", p.links);
        assert!(close(p.metric_value, route.usd_per_t), "{}", p.metric_value);
    }
    let o = net
        .optimal(
            &corridors::OptimalQuery::new()
                .pair(from, to, 1.0)
                .filter(filter.clone()),
        )
        .unwrap();
    assert!(close(o.demands[0].usd_per_t.unwrap(), route.usd_per_t));
    for p in &o.demands[0].paths {
        assert!(!touches(&net, &p.links, "PK"), "{:?}", p.links);
    }
    let s = net
        .split(
            &corridors::SplitQuery::new()
                .pair(from, to, 1.0)
                .filter(filter.clone()),
        )
        .unwrap();
    assert!(!s.demands[0].routes.is_empty());
    for r in &s.demands[0].routes {
        assert!(!touches(&net, &r.links, "PK"), "{:?}", r.links);
    }
    assert!(close(s.demands[0].routes[0].metric_value, route.usd_per_t));
    let r = net
        .reliability(
            &corridors::ReliabilityQuery::new()
                .pair(from, to, 1.0)
                .filter(filter.clone()),
        )
        .unwrap();
    assert!(close(r.demands[0].base_usd_per_t.unwrap(), route.usd_per_t));
    // The links whose loss hurts the flow are those of its route, none in Pakistan.
    let c = net
        .critical(
            &corridors::CriticalQuery::new()
                .pair(from, to, 1.0)
                .filter(filter),
        )
        .unwrap();
    let hurt: Vec<String> = c
        .links
        .iter()
        .filter(|d| !d.demands_affected.is_empty())
        .map(|d| d.link.clone())
        .collect();
    assert!(!hurt.is_empty());
    assert!(!touches(&net, &hurt, "PK"), "{hurt:?}");
    let on_route: Vec<&str> = route.legs.iter().map(|l| l.link.as_str()).collect();
    assert!(
        hurt.iter().all(|l| on_route.contains(&l.as_str())),
        "{hurt:?}"
    );
}

#[test]
fn flows_under_a_ban_keep_apart_on_random_networks() {
    // Every flow with an end in AF or IR: its assigned, optimal and split routes never touch
    // the other country, and its reliability base cost is the route's under the ban.
    let pair = ["AF", "IR"];
    let mut flows = 0;
    for (seed, net) in common::seeded_networks(30, 6, (2, 6), (104_729, 3)) {
        let has = |c: &str| net.nodes().iter().any(|n| n.country == c);
        if !(has(pair[0]) && has(pair[1])) {
            continue;
        }
        let filter =
            Filter::new().with_scenario(Scenario::new("apart", "apart").ban(pair[0], pair[1]));
        let nodes = net.nodes();
        for a in nodes.iter().filter(|n| pair.contains(&n.country.as_str())) {
            for b in nodes.iter().filter(|b| b.id != a.id) {
                let label = format!("seed {seed} {}->{}", a.id, b.id);
                let other = if a.country == pair[0] {
                    pair[1]
                } else {
                    pair[0]
                };
                let rq = RouteQuery::new(&a.id, &b.id).filter(filter.clone());
                let route = net.route(&rq).unwrap().route;
                let asg = net
                    .assign(
                        &corridors::AssignQuery::new()
                            .pair(&a.id, &b.id, 1.0)
                            .filter(filter.clone()),
                    )
                    .unwrap();
                for p in &asg.demands[0].paths {
                    assert!(!touches(&net, &p.links, other), "{label}: {:?}", p.links);
                }
                let opt = net
                    .optimal(
                        &corridors::OptimalQuery::new()
                            .pair(&a.id, &b.id, 1.0)
                            .filter(filter.clone()),
                    )
                    .unwrap();
                for p in &opt.demands[0].paths {
                    assert!(!touches(&net, &p.links, other), "{label}: {:?}", p.links);
                }
                let split = net
                    .split(
                        &corridors::SplitQuery::new()
                            .pair(&a.id, &b.id, 1.0)
                            .filter(filter.clone()),
                    )
                    .unwrap();
                for r in &split.demands[0].routes {
                    assert!(!touches(&net, &r.links, other), "{label}: {:?}", r.links);
                }
                let rel = net
                    .reliability(
                        &corridors::ReliabilityQuery::new()
                            .pair(&a.id, &b.id, 1.0)
                            .filter(filter.clone()),
                    )
                    .unwrap();
                match (&route, rel.demands[0].base_usd_per_t) {
                    (Some(r), Some(c)) => {
                        assert!(close(r.usd_per_t, c), "{label}: {} vs {c}", r.usd_per_t)
                    }
                    (None, None) => {}
                    (r, c) => panic!("{label}: {:?} vs {c:?}", r.as_ref().map(|r| r.usd_per_t)),
                }
                flows += 1;
            }
        }
    }
    assert!(flows > 100, "only {flows} flows");
}
