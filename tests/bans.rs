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
