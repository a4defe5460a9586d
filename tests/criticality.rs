//! The criticality scan against the plain computation it shortcuts: close each link (each pair
//! of links, each node), re-route every flow, and count the damage, on seeded random and
//! synthetic networks.

mod common;

use std::collections::BTreeSet;

use common::{Rng, random_network_toml};
use corridors::{CriticalQuery, Criticality, Filter, Metric, Network, RouteQuery};

/// Each flow's cost and links with these links closed; `None` when it has no route.
fn routes(
    net: &Network,
    flows: &[(String, String, f64)],
    metric: Metric,
    closed: &[&str],
) -> Vec<Option<(f64, Vec<String>)>> {
    flows
        .iter()
        .map(|(a, b, _)| {
            let q = closed.iter().fold(
                RouteQuery::new(a.clone(), b.clone())
                    .include_all()
                    .metric(metric),
                |q, l| q.avoid(l.to_string()),
            );
            net.route(&q).unwrap().route.map(|r| {
                (
                    r.usd_per_t,
                    r.legs.into_iter().map(|l| l.link.to_string()).collect(),
                )
            })
        })
        .collect()
}

/// The damage of closing `closed`: (USD a year, Mt/yr cut off, flows affected).
fn damage(
    net: &Network,
    flows: &[(String, String, f64)],
    metric: Metric,
    base: &[Option<(f64, Vec<String>)>],
    closed: &[&str],
) -> (f64, f64, Vec<String>) {
    let after = routes(net, flows, metric, closed);
    let (mut usd, mut cut, mut hit) = (0.0, 0.0, Vec::new());
    for (i, (a, b, mtpa)) in flows.iter().enumerate() {
        let Some((before, links)) = &base[i] else {
            continue;
        };
        if !links.iter().any(|l| closed.contains(&l.as_str())) {
            continue;
        }
        hit.push(format!("{a} → {b}"));
        match &after[i] {
            Some((cost, _)) => usd += (cost - before).max(0.0) * mtpa * 1e6,
            None => cut += mtpa,
        }
    }
    (usd, cut, hit)
}

/// Checks a scan against closing every link, every node's links and every pair of links.
fn check(net: &Network, flows: &[(String, String, f64)], metric: Metric, pairs: bool, tag: &str) {
    let q = flows.iter().fold(
        CriticalQuery::new()
            .filter(Filter::new().include_all())
            .metric(metric)
            .nodes(true),
        |q, (a, b, m)| q.pair(a.clone(), b.clone(), *m),
    );
    let c: Criticality = net.critical(&q).unwrap();
    let base = routes(net, flows, metric, &[]);
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-6 * (1.0 + x.abs().max(y.abs()));
    let mut single_cut = BTreeSet::new();
    for d in &c.links {
        let (usd, cut, hit) = damage(net, flows, metric, &base, &[d.link.as_str()]);
        assert!(
            close(d.damage_usd_per_year, usd),
            "{tag}: {} damage {} ≠ {usd}",
            d.link,
            d.damage_usd_per_year
        );
        assert_eq!(d.cut_off_mtpa, cut, "{tag}: {}", d.link);
        assert_eq!(d.demands_affected, hit, "{tag}: {}", d.link);
        if cut > 0.0 {
            single_cut.insert(d.link.clone());
        }
    }
    for nd in &c.nodes {
        let touching: Vec<&str> = net
            .links()
            .iter()
            .filter(|l| l.from == nd.node || l.to == nd.node)
            .map(|l| l.id.as_str())
            .collect();
        let (usd, cut, hit) = damage(net, flows, metric, &base, &touching);
        assert!(close(nd.damage_usd_per_year, usd), "{tag}: {}", nd.node);
        assert_eq!(nd.cut_off_mtpa, cut, "{tag}: {}", nd.node);
        assert_eq!(nd.demands_affected, hit, "{tag}: {}", nd.node);
    }
    if !pairs {
        return;
    }
    // Every pair of links: the flows it cuts off that neither link alone does, counted when
    // one link is on the flow's route and the other cuts no flow alone.
    let ids: Vec<&str> = net.links().iter().map(|l| l.id.as_str()).collect();
    let alone: Vec<Vec<bool>> = ids
        .iter()
        .map(|l| {
            routes(net, flows, metric, &[l])
                .iter()
                .map(Option::is_none)
                .collect()
        })
        .collect();
    // A pair that cuts a flow off takes a link of its route, so pairs of two links no route
    // takes are passed over.
    let on_some: Vec<bool> = ids
        .iter()
        .map(|l| {
            base.iter()
                .flatten()
                .any(|(_, links)| links.iter().any(|x| x == l))
        })
        .collect();
    let mut want: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for i in 0..ids.len() {
        for j in i + 1..ids.len() {
            if !on_some[i] && !on_some[j] {
                continue;
            }
            let both = routes(net, flows, metric, &[ids[i], ids[j]]);
            let mut cut = Vec::new();
            for (f, (a, b, _)) in flows.iter().enumerate() {
                let Some((_, links)) = &base[f] else { continue };
                if both[f].is_some() || alone[i][f] || alone[j][f] {
                    continue;
                }
                let on = |k: usize| links.iter().any(|l| l == ids[k]);
                let free = |k: usize| !single_cut.contains(ids[k]);
                if (on(i) && free(j)) || (on(j) && free(i)) {
                    cut.push(format!("{a} → {b}"));
                }
            }
            if !cut.is_empty() {
                // A pair is named in the file's order of its links.
                want.push((vec![ids[i].to_string(), ids[j].to_string()], cut));
            }
        }
    }
    let mut got: Vec<(Vec<String>, Vec<String>)> = c
        .joint
        .iter()
        .map(|j| (j.links.to_vec(), j.demands.clone()))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "{tag}: joint pairs");
}

#[test]
fn the_scan_equals_closing_every_link_and_pair_on_random_networks() {
    for seed in 0..60u64 {
        let n = 5 + (seed % 8) as usize;
        let m = n + 3 + (seed % 11) as usize;
        let net = Network::from_toml_str(&random_network_toml(seed * 7_919 + 11, n, m)).unwrap();
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let mut rng = Rng(seed);
        let flows: Vec<(String, String, f64)> = (0..1 + seed % 4)
            .map(|_| {
                let a = rng.below(n as u64) as usize;
                let b = (a + 1 + rng.below(n as u64 - 1) as usize) % n;
                (ids[a].clone(), ids[b].clone(), 1.0 + rng.below(9) as f64)
            })
            .collect();
        let metric = [Metric::Cost, Metric::Time, Metric::Distance][seed as usize % 3];
        check(&net, &flows, metric, true, &format!("random seed {seed}"));
    }
}

#[test]
fn the_scan_equals_closing_every_link_on_synthetic_networks() {
    for seed in 0..3u64 {
        let net = corridors::synthetic::network(150, seed);
        let n = net.nodes().len();
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let flows: Vec<(String, String, f64)> = (0..3)
            .map(|i| {
                (
                    ids[(i * 37 + seed as usize) % n].clone(),
                    ids[n - 1 - (i * 53) % n].clone(),
                    2.0 + i as f64,
                )
            })
            .collect();
        check(
            &net,
            &flows,
            Metric::Cost,
            true,
            &format!("synthetic seed {seed}"),
        );
    }
}

#[test]
fn the_scan_grows_gently_with_the_network() {
    // 152 s at 20,000 places before issue 16 (quadratic joint pairs); now well under a
    // second in a release build. A debug build at 5,000 places stays within seconds.
    let net = corridors::synthetic::network(5_000, 2);
    let q = CriticalQuery::new()
        .pair("n3", "n4990", 2.0)
        .pair("n120", "n4870", 1.0);
    let start = std::time::Instant::now();
    let c = net.critical(&q).unwrap();
    assert!(c.evaluated > 100, "{} links evaluated", c.evaluated);
    assert!(
        start.elapsed().as_secs() < 60,
        "critical at 5,000 places took {:?}",
        start.elapsed()
    );
}

#[test]
fn with_no_flows_nothing_is_ranked_and_the_table_says_why() {
    // The bundled file without its demands: links and places, but no cargo to lose.
    let net = common::bundled_without_demands();
    let c = net.critical(&CriticalQuery::new().nodes(true)).unwrap();
    assert!(c.links.is_empty() && c.nodes.is_empty() && c.joint.is_empty());
    assert_eq!((c.evaluated, c.demand_mtpa), (0, 0.0));
    let no_flows = "no flows: the file has no [[demands]] and no pairs were given\n";
    assert_eq!(c.to_string(), no_flows);
    // No draw has cargo either: no link is the worst in any.
    let d = net.critical(&CriticalQuery::new().draws(50)).unwrap();
    let drawn = d.draws.as_ref().unwrap();
    assert_eq!(drawn.n, 50);
    assert!(drawn.links.is_empty() && drawn.nodes.is_empty() && drawn.joint.is_empty());
    assert_eq!(d.to_string(), no_flows);
    // With the file's demands, every link is ranked as before, and the flows are counted.
    let bundled = Network::trans_afghan();
    let c = bundled
        .critical(&CriticalQuery::new().joint(false))
        .unwrap();
    assert_eq!(c.links.len(), bundled.links().len());
    let asked: f64 = bundled.demands().iter().map(|d| d.mtpa).sum();
    assert!((c.demand_mtpa - asked).abs() < 1e-9);
}
