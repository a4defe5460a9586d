//! A cost matrix over draws: each cell's percentiles are those of the routes on the drawn
//! networks, agree with a route's own draws, collapse to the value when nothing is uncertain,
//! and repeat byte for byte.

mod common;

use common::{drawn_network, nearest_ranks, random_network_toml, uncertain_network};
use corridors::{
    Filter, MatrixQuery, Metric, Network, QueryError, RouteQuery, Sampling, matrix_csv,
};

/// Each cell's percentiles worked out again: the route on each drawn network (lengths held),
/// then nearest ranks.
fn by_hand(
    net: &Network,
    (from, to): (&[&str], &[&str]),
    (n, seed, sampling): (usize, u64, Sampling),
    metric: Metric,
) -> Vec<Vec<Option<[f64; 3]>>> {
    let drawn: Vec<Network> = (0..n)
        .map(|i| drawn_network(net, seed, i, n, sampling))
        .collect();
    from.iter()
        .map(|a| {
            to.iter()
                .map(|b| {
                    let xs: Vec<f64> = drawn
                        .iter()
                        .filter_map(|d| {
                            if a == b {
                                return Some(0.0);
                            }
                            let r = d.route(&RouteQuery::new(*a, *b).metric(metric)).unwrap();
                            r.route.map(|r| r.metric_value)
                        })
                        .collect();
                    nearest_ranks(&xs)
                })
                .collect()
        })
        .collect()
}

#[test]
fn each_cell_is_the_percentiles_of_the_routes_on_the_drawn_networks() {
    let net = Network::trans_afghan();
    let from = ["termez", "kabul", "ashgabat"];
    let to = ["karachi", "chabahar", "bandar-abbas", "kabul"];
    for (metric, sampling, seed) in [
        (Metric::Cost, Sampling::Independent, 4),
        (Metric::Time, Sampling::Stratified, 9),
    ] {
        let n = 24;
        let q = MatrixQuery::new(from, to)
            .metric(metric)
            .draws(n)
            .seed(seed)
            .sampling(sampling);
        let m = net.matrix(&q).unwrap();
        let d = m.draws.as_ref().unwrap();
        assert_eq!((d.n, d.seed, d.sampling), (n, seed, sampling));
        assert_eq!(
            d.values,
            by_hand(&net, (&from, &to), (n, seed, sampling), metric)
        );
    }
}

#[test]
fn on_random_networks_too() {
    let mut checked = 0;
    for seed in 0..10 {
        let net = uncertain_network(seed);
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let from: Vec<&str> = ids.iter().take(3).map(String::as_str).collect();
        let to: Vec<&str> = ids.iter().rev().take(4).map(String::as_str).collect();
        let q = MatrixQuery::new(from.clone(), to.clone())
            .draws(8)
            .seed(seed);
        let m = net.matrix(&q).unwrap();
        let d = m.draws.unwrap();
        assert_eq!(
            d.values,
            by_hand(
                &net,
                (&from, &to),
                (8, seed, Sampling::Independent),
                Metric::Cost
            ),
            "seed {seed}"
        );
        // No route at the file's figures, no route in any draw.
        for (row, drawn) in m.values.iter().zip(&d.values) {
            for (v, p) in row.iter().zip(drawn) {
                assert_eq!(v.is_some(), p.is_some(), "seed {seed}");
                checked += usize::from(p.is_some());
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn a_cell_agrees_with_the_route_s_own_draws() {
    let net = Network::trans_afghan();
    for sampling in [Sampling::Independent, Sampling::Stratified] {
        let m = net
            .matrix(
                &MatrixQuery::new(["termez", "tashkent"], ["karachi", "bandar-abbas"])
                    .draws(200)
                    .seed(3)
                    .sampling(sampling),
            )
            .unwrap();
        for (i, a) in ["termez", "tashkent"].iter().enumerate() {
            for (j, b) in ["karachi", "bandar-abbas"].iter().enumerate() {
                let q = RouteQuery::new(*a, *b)
                    .draws(200)
                    .seed(3)
                    .sampling(sampling);
                let r = net.route(&q).unwrap().robust.unwrap();
                let band = [r.usd_per_t_p5, r.usd_per_t_p50, r.usd_per_t_p95];
                // The same draws, summed in another order: equal to the last bits or so.
                let cell = m.draws.as_ref().unwrap().values[i][j].unwrap();
                for (x, y) in cell.iter().zip(band) {
                    assert!(
                        (x - y).abs() <= 1e-9 * y,
                        "{a}→{b}: {cell:?} against {band:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn with_nothing_uncertain_every_band_is_the_value() {
    let net = Network::from_toml_str(&random_network_toml(5, 12, 26)).unwrap();
    assert!(net.parameters().iter().all(|p| !p.varies()));
    let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
    let m = net
        .matrix(&MatrixQuery::new(&ids[..4], &ids[4..]).draws(10))
        .unwrap();
    for (row, drawn) in m.values.iter().zip(&m.draws.unwrap().values) {
        for (v, p) in row.iter().zip(drawn) {
            assert_eq!(*p, v.map(|v| [v, v, v]));
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_the_plain_matrix_is_unchanged() {
    let net = Network::trans_afghan();
    let q = MatrixQuery::new(["kabul", "termez"], ["karachi", "gwadar"])
        .filter(Filter::new().include_all())
        .draws(40);
    let json = |q: &MatrixQuery| serde_json::to_string(&net.matrix(q).unwrap()).unwrap();
    assert_eq!(json(&q), json(&q));
    assert_ne!(json(&q), json(&q.clone().seed(1)));
    // The values at the file's figures are the matrix without draws, whose JSON has no draws.
    let plain = net
        .matrix(
            &MatrixQuery::new(["kabul", "termez"], ["karachi", "gwadar"])
                .filter(Filter::new().include_all()),
        )
        .unwrap();
    assert_eq!(net.matrix(&q).unwrap().values, plain.values);
    assert!(!serde_json::to_string(&plain).unwrap().contains("draws"));
    // The CSV gives each band beside the value.
    let csv = matrix_csv(&net.matrix(&q).unwrap());
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("from,to,metric,value,value_p5,value_p50,value_p95")
    );
    assert_eq!(lines.count(), 4);
}

#[test]
fn too_many_draws_or_draws_times_cells_are_refused() {
    let net = Network::trans_afghan();
    let e = net
        .matrix(&MatrixQuery::new(["kabul"], ["karachi"]).draws(10_001))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "at most 10000 matrix draws may be asked for, found 10001: each draw searches from \
         every origin again on a network rebuilt with the draw's figures"
    );
    let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
    let e = net
        .matrix(&MatrixQuery::new(&ids, &ids).draws(10_000))
        .unwrap_err();
    assert!(matches!(e, QueryError::OverCap { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "at most 25000000 matrix draws × cells may be asked for, found {}: each draw's \
             value of every cell is kept until the cell's percentiles are taken; ask for fewer \
             draws or the rows in parts",
            10_000 * ids.len() * ids.len()
        )
    );
}
