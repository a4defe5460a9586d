//! The most reliable route counts each threat once. On seeded random networks whose scenarios
//! close several links each, the route by `Metric::Reliability` has the least value over every
//! set of threats of the set's weight plus the tie-break times the cheapest cost with only
//! those threats' links open (Bellman–Ford over states, every set tried); its value is −ln of
//! its survival plus the tie-break times its cost; it never exceeds what the summed link
//! weights (petgraph on the state graph) give, and often beats them; the matrix gives the
//! route's values to the bit.

mod common;

use corridors::petgraph::algo::dijkstra;
use corridors::{Filter, MatrixQuery, Metric, Network, RouteQuery, Status};

/// What a USD per tonne weighs against risk in the reliability metric.
const TIE_BREAK: f64 = 1e-6;

/// A random network with `threats` scenarios, each closing one to three of its links with a
/// yearly probability between 0.05 and 0.6.
fn threatened(seed: u64, threats: usize) -> Network {
    let n = 4 + (seed % 5) as usize;
    let m = n + 3 + (seed % 6) as usize;
    let mut text = common::random_network_toml(seed.wrapping_mul(7919) + 3, n, m);
    let mut rng = common::Rng(seed ^ 0x5eed);
    for k in 0..threats {
        let closed: Vec<String> = (0..1 + rng.below(3))
            .map(|_| format!("\"l{}\"", rng.below(m as u64)))
            .collect();
        let p = 0.05 + 0.55 * rng.unit();
        text += &format!(
            "[[scenarios]]\nid = \"t{k}\"\nname = \"T{k}\"\nclose_links = [{}]\nprobability = {p}\nsource = \"random\"\n\n",
            closed.join(", ")
        );
    }
    Network::from_toml_str(&text).unwrap()
}

/// The least reliability value from `from` to `to` by definition: over every set of the
/// network's threats, the set's weight plus the tie-break times the cheapest cost over the
/// operational links no threat outside the set closes.
fn by_every_set(net: &Network, from: &str, to: &str) -> Option<f64> {
    let scenarios = net.scenarios();
    let closes = |s: usize, link: usize| {
        scenarios[s]
            .close_links
            .iter()
            .any(|id| *id == net.links()[link].id)
    };
    (0..1u32 << scenarios.len())
        .filter_map(|set| {
            let outside = |s: usize| set >> s & 1 == 0;
            let open = |l: usize| {
                net.links()[l].status == Status::Operational
                    && !(0..scenarios.len()).any(|s| outside(s) && closes(s, l))
            };
            let cost = common::oracle(net, from, to, Metric::Cost, &open)?;
            let weight: f64 = (0..scenarios.len())
                .filter(|&s| !outside(s))
                .map(|s| -(1.0 - scenarios[s].probability.unwrap()).ln())
                .sum();
            Some(weight + TIE_BREAK * cost)
        })
        .min_by(f64::total_cmp)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn the_most_reliable_route_counts_each_threat_once_on_random_networks() {
    let (mut compared, mut beaten) = (0, 0);
    for seed in 0..60u64 {
        let net = threatened(seed, 2 + (seed % 3) as usize);
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let summed = net
            .state_graph(&Filter::new(), Metric::Reliability)
            .unwrap();
        let matrix = net
            .matrix(&MatrixQuery::new(ids.clone(), ids.clone()).metric(Metric::Reliability))
            .unwrap();
        for (i, from) in ids.iter().enumerate() {
            let weights = dijkstra(&summed.graph, summed.start(from).unwrap(), None, |e| {
                e.weight().weight
            });
            for (j, to) in ids.iter().enumerate() {
                if from == to {
                    continue;
                }
                let q = RouteQuery::new(*from, *to).metric(Metric::Reliability);
                let route = net.route(&q).unwrap().route;
                let label = format!("seed {seed} {from}->{to}");
                assert_eq!(
                    matrix.values[i][j],
                    route.as_ref().map(|r| r.metric_value),
                    "{label}"
                );
                let want = by_every_set(&net, from, to);
                let Some(r) = route else {
                    assert_eq!(want, None, "{label}");
                    continue;
                };
                let want = want.unwrap();
                assert!(
                    close(r.metric_value, want),
                    "{label}: {} vs {want}",
                    r.metric_value
                );
                let survival = r.survival.unwrap();
                let measured = -survival.ln() + TIE_BREAK * r.usd_per_t;
                assert!(close(r.metric_value, measured), "{label}: {measured}");
                let sum = summed
                    .states(to)
                    .filter_map(|s| weights.get(&s).copied())
                    .reduce(f64::min)
                    .unwrap();
                assert!(r.metric_value <= sum * (1.0 + 1e-9), "{label}: {sum}");
                beaten += usize::from(r.metric_value < sum * (1.0 - 1e-9));
                compared += 1;
            }
        }
    }
    assert!(compared > 1_000, "only {compared} routes compared");
    assert!(
        beaten > 20,
        "the summed weights were beaten only {beaten} times"
    );
}

#[test]
fn the_bundled_network_s_most_reliable_route_counts_a_threat_once() {
    // Kabul to Chabahar: the summed weights pay twice for a threat closing two links of the
    // way through Herat; counted once, a route round by Turkmenistan survives more often.
    let net = Network::trans_afghan();
    let q = RouteQuery::new("kabul", "chabahar").metric(Metric::Reliability);
    let r = net.route(&q).unwrap().route.unwrap();
    let summed = net
        .state_graph(&Filter::new(), Metric::Reliability)
        .unwrap();
    let weights = dijkstra(&summed.graph, summed.start("kabul").unwrap(), None, |e| {
        e.weight().weight
    });
    let sum = summed
        .states("chabahar")
        .filter_map(|s| weights.get(&s).copied())
        .reduce(f64::min)
        .unwrap();
    assert!(r.metric_value < sum * 0.9, "{} vs {sum}", r.metric_value);
    assert!(close(
        r.metric_value,
        -r.survival.unwrap().ln() + TIE_BREAK * r.usd_per_t
    ));
    // Every alternative is measured alike, and the best leads.
    let alts = net.route(&q.alternatives(4)).unwrap();
    assert_eq!(alts.alternatives[0], r);
    for a in &alts.alternatives {
        assert!(close(
            a.metric_value,
            -a.survival.unwrap().ln() + TIE_BREAK * a.usd_per_t
        ));
        assert!(a.metric_value >= r.metric_value);
    }
}
