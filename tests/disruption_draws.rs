//! A disruption answered again in draws: each draw is the disruption on a network rebuilt with
//! the draw's figures, and every chance and percentile is that of those answers, worked out
//! here a second way.

mod common;

use common::drawn_network;
use corridors::{DisruptionQuery, DisruptionReport, Network, QueryError, Sampling, Scenario};

fn three(xs: &[f64]) -> Option<[f64; 3]> {
    common::nearest_ranks(xs)
}

/// Every chance and percentile of `drawn` is that of the reports `each`, one per draw: a flow
/// is affected in a draw when it is in that report's `affected`, and an unaffected flow's
/// detour costs nothing (every flow of the cases here has a route; one with none is
/// `a_flow_with_no_route_before_or_after_has_no_detour`).
fn check_against(drawn: &DisruptionReport, each: &[DisruptionReport], labels: &[(String, String)]) {
    let d = drawn.draws.as_ref().unwrap();
    let n = each.len() as f64;
    assert_eq!(d.n, each.len());
    assert_eq!(d.flows.len(), labels.len());
    for (k, (from, to)) in labels.iter().enumerate() {
        let x = &d.flows[k];
        assert_eq!((&x.from, &x.to), (from, to));
        let hit = |r: &DisruptionReport| {
            r.affected
                .iter()
                .find(|a| &a.from == from && &a.to == to)
                .cloned()
        };
        let affected = each.iter().filter(|r| hit(r).is_some()).count();
        let cut = each
            .iter()
            .filter(|r| hit(r).is_some_and(|a| a.cut_off))
            .count();
        assert_eq!(x.chance_affected, affected as f64 / n, "{from} → {to}");
        assert_eq!(x.chance_cut_off, cut as f64 / n, "{from} → {to}");
        let extras: Vec<(f64, f64, f64)> = each
            .iter()
            .filter_map(|r| match hit(r) {
                None => Some((0.0, 0.0, 0.0)),
                Some(a) => Some((a.extra_usd_per_t?, a.extra_days?, a.extra_usd_per_year?)),
            })
            .collect();
        let usd: Vec<f64> = extras.iter().map(|e| e.0).collect();
        let days: Vec<f64> = extras.iter().map(|e| e.1).collect();
        let year: Vec<f64> = extras.iter().map(|e| e.2).collect();
        assert_eq!(x.extra_usd_per_t, three(&usd), "{from} → {to}");
        assert_eq!(x.extra_days, three(&days), "{from} → {to}");
        assert_eq!(x.extra_usd_per_year, three(&year), "{from} → {to}");
    }
    let total: Vec<f64> = each
        .iter()
        .map(|r| r.affected.iter().filter_map(|a| a.extra_usd_per_year).sum())
        .collect();
    assert_eq!(Some(d.extra_usd_per_year), three(&total));
    let cut: Vec<f64> = each
        .iter()
        .map(|r| {
            r.affected
                .iter()
                .filter(|a| a.cut_off)
                .map(|a| a.mtpa)
                .sum()
        })
        .collect();
    assert_eq!(Some(d.cut_off_mtpa), three(&cut));
    let before: Vec<f64> = each.iter().filter_map(|r| r.capacity_before_mtpa).collect();
    let after: Vec<f64> = each.iter().filter_map(|r| r.capacity_after_mtpa).collect();
    let lost: Vec<f64> = each
        .iter()
        .filter_map(|r| Some(r.capacity_before_mtpa? - r.capacity_after_mtpa?))
        .collect();
    assert_eq!(d.capacity_before_mtpa, three(&before));
    assert_eq!(d.capacity_after_mtpa, three(&after));
    assert_eq!(d.capacity_lost_mtpa, three(&lost));
}

/// The flows of a report, in the query's order: the affected and the unaffected ones.
fn labels(net: &Network, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    if pairs.is_empty() {
        net.demands()
            .iter()
            .map(|d| (d.from.clone(), d.to.clone()))
            .collect()
    } else {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }
}

/// Scenario ids, the pairs instead of the file's demands (none: the file's), how to draw.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], Sampling);

#[test]
fn each_chance_and_percentile_is_that_of_the_drawn_networks() {
    let net = Network::trans_afghan();
    let cases: [Case; 3] = [
        (&["pak-afghan-closure-2025"], &[], Sampling::Independent),
        (
            &["pak-afghan-closure-2025"],
            &[("tashkent", "karachi"), ("kabul", "gwadar")],
            Sampling::Stratified,
        ),
        (
            &["zaranj-closure-2021", "taftan-closure-2025"],
            &[],
            Sampling::Independent,
        ),
    ];
    for (seed, (ids, pairs, sampling)) in cases.into_iter().enumerate() {
        let seed = seed as u64 + 3;
        let mut q = ids
            .iter()
            .fold(DisruptionQuery::new(), |q, id| q.scenario(*id));
        for (a, b) in pairs {
            q = q.pair(*a, *b, 1.5);
        }
        let n = 30;
        let drawn = net
            .disruption(&q.clone().draws(n).seed(seed).sampling(sampling))
            .unwrap();
        let each: Vec<DisruptionReport> = (0..n)
            .map(|i| {
                drawn_network(&net, seed, i, n, sampling)
                    .disruption(&q)
                    .unwrap()
            })
            .collect();
        check_against(&drawn, &each, &labels(&net, pairs));
        assert_eq!(drawn.draws.as_ref().unwrap().sampling, sampling);
        // The answer at the file's figures is the one without draws.
        let mut plain = drawn.clone();
        plain.draws = None;
        assert_eq!(plain, net.disruption(&q).unwrap());
    }
}

#[test]
fn closing_links_never_makes_a_route_cheaper_in_any_draw() {
    let net = Network::trans_afghan();
    // Closing the crossings (no surcharge, no slower links): each detour costs at least
    // nothing in every draw, so every percentile does; a flow cut off in every draw has none.
    let closing = Scenario::new("shut", "Two crossings shut")
        .close_link("torkham-af-torkham-pk-road")
        .close_link("termez-hairatan-rail");
    let q = DisruptionQuery::new()
        .with_scenario(closing)
        .draws(60)
        .seed(1);
    let d = net.disruption(&q).unwrap().draws.unwrap();
    assert!(d.flows.iter().any(|x| x.chance_affected > 0.0));
    for x in &d.flows {
        if let Some(p) = x.extra_usd_per_t {
            assert!(p[0] >= -1e-9, "{} → {}: {p:?}", x.from, x.to);
            assert!(p[0] <= p[1] && p[1] <= p[2]);
        }
        assert!(x.chance_cut_off <= x.chance_affected);
    }
    assert!(d.extra_usd_per_year[0] >= -1e-9);
    if let (Some(b), Some(a)) = (d.capacity_before_mtpa, d.capacity_after_mtpa) {
        assert!(a[1] <= b[1] + 1e-9);
    }
    for l in d.capacity_lost_mtpa.iter().flatten() {
        assert!(*l >= -1e-9);
    }
}

#[test]
fn a_flow_with_no_route_before_or_after_has_no_detour() {
    // Kharlachi has no open link today: no route before the closure, none after; Kabul's
    // cargo to Karachi, beside it, has its detour as ever.
    let net = Network::trans_afghan();
    let q = DisruptionQuery::new()
        .scenario("pak-afghan-closure-2025")
        .pair("kabul", "kharlachi", 1.0)
        .pair("kabul", "karachi", 2.0)
        .draws(10);
    let r = net.disruption(&q).unwrap();
    // Listed apart: there was no route to affect.
    assert!(r.unaffected.is_empty());
    assert_eq!(r.no_route, ["kabul → kharlachi"]);
    let d = r.draws.unwrap();
    let none = &d.flows[0];
    assert_eq!((none.chance_affected, none.chance_cut_off), (0.0, 0.0));
    assert_eq!(
        (
            none.extra_usd_per_t,
            none.extra_days,
            none.extra_usd_per_year
        ),
        (None, None, None)
    );
    assert!(d.flows[1].extra_usd_per_t.unwrap()[0] > 0.0);
}

#[test]
fn same_seed_same_bytes_and_a_cap_with_a_reason() {
    let net = Network::trans_afghan();
    let q = DisruptionQuery::new()
        .scenario("pak-afghan-closure-2025")
        .draws(25)
        .seed(11);
    let a = serde_json::to_string(&net.disruption(&q).unwrap()).unwrap();
    let b = serde_json::to_string(&net.disruption(&q).unwrap()).unwrap();
    assert_eq!(a, b);
    assert!(a.contains("\"chance_affected\""));
    // Without draws the JSON has no `draws` key, as before.
    let plain = net
        .disruption(&DisruptionQuery::new().scenario("pak-afghan-closure-2025"))
        .unwrap();
    assert!(!serde_json::to_string(&plain).unwrap().contains("\"draws\""));
    let err = net
        .disruption(
            &DisruptionQuery::new()
                .scenario("pak-afghan-closure-2025")
                .draws(10_001),
        )
        .unwrap_err();
    assert!(matches!(err, QueryError::OverCap { .. }));
    assert_eq!(
        err.to_string(),
        "at most 10000 disruption draws may be asked for, found 10001: each draw routes every flow twice and measures capacity twice on a network rebuilt with the draw's figures"
    );
    // An unknown scenario is named before any draw is made.
    let err = net
        .disruption(
            &DisruptionQuery::new()
                .scenario("pak-afghan-closur")
                .draws(5),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("did you mean \"pak-afghan-closure-2025\""),
        "{err}"
    );
}

#[test]
fn the_readmes_figures_over_200_draws() {
    let net = Network::trans_afghan();
    let q = DisruptionQuery::new()
        .scenario("pak-afghan-closure-2025")
        .draws(200);
    let r = net.disruption(&q).unwrap();
    let d = r.draws.as_ref().unwrap();
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let kabul = d.flows.iter().find(|x| x.from == "kabul").unwrap();
    assert_eq!(kabul.chance_affected, 1.0);
    assert_eq!(
        kabul.extra_usd_per_t.unwrap().map(round),
        [77.1, 89.9, 108.2]
    );
    assert_eq!(
        d.extra_usd_per_year.map(|x| (x / 1e6).round()),
        [123.0, 205.0, 363.0]
    );
    // Three flows touched in some draw: Kabul's always, Dushanbe's in 38 %, Tashkent's to
    // Karachi in 2 %.
    let touched: Vec<(&str, &str, f64)> = d
        .flows
        .iter()
        .filter(|x| x.chance_affected > 0.0)
        .map(|x| (x.from.as_str(), x.to.as_str(), x.chance_affected))
        .collect();
    assert_eq!(
        touched,
        [
            ("tashkent", "karachi", 0.02),
            ("kabul", "karachi", 1.0),
            ("dushanbe", "bandar-abbas", 0.29)
        ]
    );
    let dushanbe = d.flows.iter().find(|x| x.from == "dushanbe").unwrap();
    assert_eq!(round(dushanbe.chance_affected * 100.0), 29.0);
    assert_eq!(round(dushanbe.extra_usd_per_t.unwrap()[2]), 16.7);
    assert_eq!(d.capacity_lost_mtpa, Some([0.0; 3]));
    // At the file's figures: Kabul's cargo 2.9 days and 83.7 USD/t dearer, 167 M USD a year.
    let a = r.affected.iter().find(|a| a.from == "kabul").unwrap();
    assert_eq!(
        (
            round(a.extra_days.unwrap()),
            round(a.extra_usd_per_t.unwrap()),
            (a.extra_usd_per_year.unwrap() / 1e6).round()
        ),
        (2.9, 83.7, 167.0)
    );
    assert_eq!(r.affected.len(), 1);
}
