//! Robust answers: draws are reproducible, collapse to the deterministic answer when no figure
//! is uncertain, and every draw's answer is the answer of a full search on that draw's network.

mod common;

use common::{drawn_network, uncertain_network};
use corridors::{CompareQuery, Network, NodeKind, ParameterKind, QueryError, RouteQuery, Sampling};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The bundled file with every range and the `[uncertainty]` table taken out.
fn bundled_without_ranges() -> Network {
    let text = std::fs::read_to_string("corridors.toml").unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with('[') {
            skipping = line == "[uncertainty]";
        }
        let key = line.split(" = ").next().unwrap_or("");
        if skipping || key.ends_with("_range") {
            continue;
        }
        // Inline tables: drop their `…_range = [a, b]` entries.
        let mut l = line.to_string();
        while let Some(i) = l.find("_range = [") {
            let start = l[..i].rfind(", ").unwrap();
            let end = i + l[i..].find(']').unwrap() + 1;
            l.replace_range(start..end, "");
        }
        out.push_str(&l);
        out.push('\n');
    }
    let net = Network::from_toml_str(&out).unwrap();
    assert!(net.parameters().iter().all(|p| !p.varies()));
    net
}

const ORIGINS: [&str; 3] = ["tashkent", "dushanbe", "kashgar"];
const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];

#[test]
fn with_no_range_every_draw_is_the_deterministic_answer() {
    let net = bundled_without_ranges();
    let q = CompareQuery::new(ORIGINS, ["mundra"], PORTS);
    let plain = net.compare(&q).unwrap();
    let drawn = net.compare(&q.draws(500).seed(9)).unwrap();
    for (row, d) in plain.rows.iter().zip(&drawn.rows) {
        for (o, od) in row.options.iter().zip(&d.options) {
            let (Some(r), Some(rb)) = (&o.route, &od.robust) else {
                assert!(o.route.is_none() && od.robust.is_none());
                continue;
            };
            let won = row.winner.as_deref() == Some(o.port.as_str());
            assert_eq!(
                rb.p_best,
                if won { 1.0 } else { 0.0 },
                "{} {}",
                row.from,
                o.port
            );
            let percentiles = [
                (
                    [rb.usd_per_t_p5, rb.usd_per_t_p50, rb.usd_per_t_p95],
                    r.usd_per_t,
                ),
                ([rb.days_p5, rb.days_p50, rb.days_p95], r.days),
            ];
            for (xs, plain) in percentiles {
                for x in xs {
                    let (from, port) = (&row.from, &o.port);
                    assert!(close(x, plain), "{from} {port}: {x} vs {plain}");
                }
            }
        }
    }
    let route = net
        .route(&RouteQuery::new("termez", "karachi").draws(200))
        .unwrap();
    let (r, rb) = (route.route.unwrap(), route.robust.unwrap());
    assert_eq!(rb.p_best, 1.0);
    assert!(close(rb.usd_per_t_p50, r.usd_per_t));
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let net = Network::trans_afghan();
    let q = CompareQuery::new(ORIGINS, ["nhava-sheva"], PORTS).draws(3000);
    let json = |q: &CompareQuery| serde_json::to_string(&net.compare(q).unwrap()).unwrap();
    let a = json(&q.clone().seed(5));
    assert_eq!(a, json(&q.clone().seed(5)));
    assert_ne!(a, json(&q.clone().seed(6)));
    assert!(a.contains("\"p_best\":") && a.contains("\"usd_per_t_p95\":"));
    assert!(a.contains("\"draws\":{\"n\":3000,\"seed\":5,\"full_searches\":"));
}

#[test]
fn every_options_chances_sum_to_one() {
    let net = Network::trans_afghan();
    let c = net
        .compare(
            &CompareQuery::new(ORIGINS, ["mundra"], PORTS)
                .draws(2000)
                .seed(1),
        )
        .unwrap();
    for row in &c.rows {
        let p: f64 = row
            .options
            .iter()
            .filter_map(|o| o.robust)
            .map(|r| r.p_best)
            .sum();
        assert!((p - 1.0).abs() < 1e-9, "{}: {p}", row.from);
        for r in row.options.iter().filter_map(|o| o.robust) {
            assert!(r.usd_per_t_p5 <= r.usd_per_t_p50 && r.usd_per_t_p50 <= r.usd_per_t_p95);
            assert!(r.days_p5 <= r.days_p50 && r.days_p50 <= r.days_p95);
        }
    }
}

/// Each draw of a one-draw comparison against a full comparison on that draw's network, the
/// lengths drawn too when `lengths` (else held at their figures, the shifts at 0).
fn check_draws_against_full_searches(
    net: &Network,
    q: &CompareQuery,
    seeds: std::ops::Range<u64>,
    lengths: bool,
) -> usize {
    let mut checked = 0;
    for seed in seeds {
        let fast = net
            .compare(&q.clone().draws(1).seed(seed).draw_lengths(lengths))
            .unwrap();
        let mut values = net.draw(seed, 0);
        for (v, p) in values.iter_mut().zip(net.parameters()) {
            if !lengths && p.kind == ParameterKind::LengthShift {
                *v = 0.0;
            }
        }
        let drawn = net.with_parameters(&values).unwrap();
        let full = drawn.compare(q).unwrap();
        for (rf, rs) in fast.rows.iter().zip(&full.rows) {
            let best = rs
                .options
                .iter()
                .filter_map(|o| o.route.as_ref())
                .map(|r| r.metric_value);
            let best = best.fold(f64::INFINITY, f64::min);
            for (of, os) in rf.options.iter().zip(&rs.options) {
                match (&of.robust, &os.route) {
                    (Some(rb), Some(r)) => {
                        assert!(
                            close(rb.usd_per_t_p50, r.usd_per_t),
                            "seed {seed} {}→{} via {}: fast {} full {}",
                            rf.from,
                            rf.to,
                            of.port,
                            rb.usd_per_t_p50,
                            r.usd_per_t
                        );
                        // The winner is the full search's, up to exact ties.
                        if rb.p_best == 1.0 {
                            assert!(
                                close(r.metric_value, best),
                                "seed {seed} {}: winner",
                                rf.from
                            );
                        }
                        checked += 1;
                    }
                    (None, None) => {}
                    (a, b) => panic!("seed {seed}: {a:?} vs {}", b.is_some()),
                }
            }
        }
    }
    checked
}

#[test]
fn every_draw_on_the_bundled_network_equals_a_full_search() {
    let net = Network::trans_afghan();
    // Today India's ban leaves Gwadar and Karachi no route to India: four origins and 70
    // draws, so that as many options are checked as before it.
    let q = CompareQuery::new(
        ["tashkent", "kashgar", "termez", "ashgabat"],
        ["mundra"],
        PORTS,
    );
    let today = check_draws_against_full_searches(&net, &q, 0..70, false);
    let built = CompareQuery::new(["termez"], ["nhava-sheva"], PORTS)
        .filter(corridors::Filter::new().include_all());
    let all = check_draws_against_full_searches(&net, &built, 70..110, false);
    // With the random networks' below, well over 1,000 draws are checked.
    assert!(today + all >= 600, "{today} + {all}");
}

/// `net` with these nodes made ports, for a comparison to route through them (a node's kind
/// weighs on no route).
fn made_ports(net: Network, ids: &[String]) -> Network {
    ids.iter()
        .fold(net.edit(), |b, id| {
            b.change_node(id, |n| n.kind = NodeKind::Port)
        })
        .build()
        .unwrap()
}

#[test]
fn every_draw_on_random_networks_equals_a_full_search() {
    let mut checked = 0;
    for seed in 0..60u64 {
        let net = uncertain_network(seed);
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let ports = [ids[5].clone(), ids[7].clone(), ids[9].clone()];
        let net = made_ports(net, &ports);
        let q = CompareQuery::new([ids[0].clone(), ids[1].clone()], [ids[13].clone()], ports)
            .filter(corridors::Filter::new().include_all());
        let draws = seed * 100..seed * 100 + 16;
        checked += check_draws_against_full_searches(&net, &q, draws, false);
        let tq = q.clone().metric(corridors::Metric::Time);
        checked += check_draws_against_full_searches(&net, &tq, seed * 100..seed * 100 + 8, false);
        // With the lengths drawn too: every uncertain length moves by one shift.
        let draws = seed * 100 + 50..seed * 100 + 58;
        checked += check_draws_against_full_searches(&net, &q, draws, true);
        let draws = seed * 100 + 60..seed * 100 + 64;
        checked += check_draws_against_full_searches(&net, &tq, draws, true);
    }
    assert!(checked >= 1500, "{checked}");
}

#[test]
fn draws_are_capped() {
    let net = Network::trans_afghan();
    let err = net
        .route(&RouteQuery::new("termez", "karachi").draws(corridors::MAX_DRAWS + 1))
        .unwrap_err();
    assert!(matches!(err, QueryError::TooMany { .. }));
    assert_eq!(
        err.to_string(),
        "at most 1000000 draws may be asked for, found 1000001"
    );
}

#[test]
fn a_draw_is_a_network() {
    let net = Network::trans_afghan();
    let v = net.draw(3, 17);
    let drawn = net.with_parameters(&v).unwrap();
    for (p, q) in net.parameters().iter().zip(drawn.parameters()) {
        assert_eq!(p.id, q.id);
        assert!(q.low <= q.base && q.base <= q.high);
    }
    let err = net.with_parameters(&v[1..]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "expected one value per parameter ({}), found {}",
            v.len(),
            v.len() - 1
        )
    );
    let mut bad = v.clone();
    bad[1] = 0.0;
    assert_eq!(
        net.with_parameters(&bad).unwrap_err().to_string(),
        "parameter \"defaults.rail.speed_kmh\" must be positive, found 0"
    );
}

#[test]
fn an_unknown_parameter_names_the_nearest() {
    let net = Network::trans_afghan();
    assert_eq!(
        net.parameter("tariff.UZ.rail.usd_per_km")
            .unwrap_err()
            .to_string(),
        "unknown parameter \"tariff.UZ.rail.usd_per_km\" (did you mean \"tariff.UZ.rail.usd_per_tkm\"?)"
    );
}

#[test]
fn an_events_figures_are_parameters_too() {
    let net = Network::trans_afghan();
    let id = "scenario.chabahar-sanctions-2025.add_usd_per_t.chabahar-mundra-sea";
    let p = net.parameter(id).unwrap();
    assert_eq!((p.low, p.base, p.high), (5.0, 15.0, 30.0));
    let f = net
        .parameter("scenario.chabahar-sanctions-2025.capacity_factor.chabahar-mundra-sea")
        .unwrap();
    assert_eq!(
        (f.kind, f.low, f.base, f.high),
        (ParameterKind::Factor, 0.25, 0.5, 0.8)
    );
    // Today the surcharge is in force on the Chabahar–Mundra leg: at its low, the route
    // through Chabahar costs 10 USD/t less; at its high the cargo changes ship at Bandar
    // Abbas rather than pay 15 more.
    let q = RouteQuery::new("kabul", "mundra").via_port("chabahar");
    let cost = |net: &Network| net.route(&q).unwrap().route.unwrap().usd_per_t;
    let j = net.parameters().iter().position(|x| x.id == id).unwrap();
    let at = |x: f64| {
        let mut v: Vec<f64> = net.parameters().iter().map(|x| x.base).collect();
        v[j] = x;
        cost(&net.with_parameters(&v).unwrap())
    };
    assert!(
        close(cost(&net) - at(5.0), 10.0),
        "{} vs {}",
        at(5.0),
        cost(&net)
    );
    let high = at(30.0);
    assert!(cost(&net) < high && high < cost(&net) + 15.0, "{high}");
    // And the draws move it: the route's 5th to 95th percentiles straddle the plain cost.
    let r = net.route(&q.clone().draws(2000).seed(3)).unwrap();
    let rb = r.robust.unwrap();
    assert!(rb.usd_per_t_p5 < cost(&net) && cost(&net) < rb.usd_per_t_p95);
}

#[test]
fn reliability_brackets_its_chances_by_the_probabilities_ranges() {
    let net = Network::trans_afghan();
    let r = net
        .reliability(&corridors::ReliabilityQuery::new())
        .unwrap();
    for d in &r.demands {
        assert!(d.p_route_low <= d.p_route + 1e-12 && d.p_route <= d.p_route_high + 1e-12);
    }
    // Tashkent → Nhava Sheva is cut off by one 0.15-a-year war (range 0.05–0.3): 85 %, and
    // 70 % to 95 % as that chance moves.
    let d = r
        .demands
        .iter()
        .find(|d| d.from == "tashkent" && d.to == "nhava-sheva");
    let d = d.unwrap();
    assert!(close(d.p_route, 0.85) && close(d.p_route_low, 0.70) && close(d.p_route_high, 0.95));
    for c in &r.corridors {
        assert!(c.p_open_low <= c.p_open + 1e-12 && c.p_open <= c.p_open_high + 1e-12);
    }
    // With no range stated, the bracket closes on the figure.
    let plain = bundled_without_ranges()
        .reliability(&corridors::ReliabilityQuery::new())
        .unwrap();
    for d in &plain.demands {
        assert_eq!((d.p_route_low, d.p_route_high), (d.p_route, d.p_route));
    }
}

#[test]
fn crossings_that_share_a_national_average_are_one_parameter() {
    let net = Network::trans_afghan();
    let p = net.parameter("shared.uz-road-2023.usd_per_t").unwrap();
    assert_eq!(p.base, 2.5);
    // The crossings that share it have no parameter of their own.
    assert!(
        net.parameter("crossing.dushanbe-termez-road.usd_per_t")
            .is_err()
    );
    // A draw moves them together.
    let j = net.parameters().iter().position(|x| x.id == p.id).unwrap();
    let mut v: Vec<f64> = net.parameters().iter().map(|x| x.base).collect();
    v[j] = 4.0;
    let drawn = net.with_parameters(&v).unwrap();
    let costs: Vec<f64> = drawn
        .crossings()
        .iter()
        .filter(|c| c.priced.cost_shared.as_deref() == Some("uz-road-2023"))
        .map(|c| c.priced.usd_per_t)
        .collect();
    assert_eq!(costs, vec![4.0; 5]);
}

/// The chance a triangular figure on `[a, b]` with mode `c` lies at or below `x`.
fn triangular_cdf(x: f64, a: f64, c: f64, b: f64) -> f64 {
    if x <= a {
        0.0
    } else if x >= b {
        1.0
    } else if x < c {
        (x - a).powi(2) / ((b - a) * (c - a))
    } else {
        1.0 - (b - x).powi(2) / ((b - a) * (b - c))
    }
}

/// Asserts that the chances `f` of `n` draws fall one in each slice `[k / n, (k + 1) / n]`.
fn one_per_slice(mut f: Vec<f64>, what: &str) {
    let n = f.len() as f64;
    f.sort_by(f64::total_cmp);
    for (k, x) in f.iter().enumerate() {
        let (lo, hi) = (k as f64 / n, (k + 1) as f64 / n);
        assert!(
            *x >= lo - 1e-9 && *x <= hi + 1e-9,
            "{what}: the {k}th of {n} lies at {x}, outside [{lo}, {hi}]"
        );
    }
}

#[test]
fn stratified_draws_put_each_figure_once_in_each_slice() {
    let nets = [
        Network::trans_afghan(),
        uncertain_network(1),
        uncertain_network(2),
    ];
    let mut checked = 0;
    for net in &nets {
        let params = net.parameters();
        for (n, seed) in [(1, 0), (7, 3), (64, 11), (250, 5)] {
            let draws: Vec<Vec<f64>> = (0..n)
                .map(|i| net.draw_in(seed, i, n, Sampling::Stratified))
                .collect();
            for (j, p) in params.iter().enumerate() {
                if p.kind == ParameterKind::LengthShift || p.low >= p.high {
                    continue;
                }
                let f = draws
                    .iter()
                    .map(|d| triangular_cdf(d[j], p.low, p.base, p.high))
                    .collect();
                one_per_slice(f, &format!("{} in {n} draws of seed {seed}", p.id));
                checked += 1;
            }
            // The two length sides are one shift, triangular on [-1, 1] around 0.
            let side = |id: &str| params.iter().position(|p| p.id == id);
            if let (Some(l), Some(s)) = (side("lengths.longer"), side("lengths.shorter")) {
                let f = draws
                    .iter()
                    .map(|d| triangular_cdf(d[l] - d[s], -1.0, 0.0, 1.0))
                    .collect();
                one_per_slice(f, &format!("the length shift in {n} draws of seed {seed}"));
            }
        }
    }
    assert!(checked > 500, "{checked}");
    // Independent draws stay what they were, whatever n.
    let net = &nets[0];
    for n in [1, 10, 1000] {
        assert_eq!(net.draw_in(4, 7, n, Sampling::Independent), net.draw(4, 7));
    }
    // A different seed, a different pairing of the slices.
    assert_ne!(
        net.draw_in(1, 0, 64, Sampling::Stratified),
        net.draw_in(2, 0, 64, Sampling::Stratified)
    );
}

/// Nearest-rank percentiles 5, 50 and 95, as the draws report them.
fn nearest_rank(xs: Vec<f64>) -> [f64; 3] {
    common::nearest_ranks(&xs).unwrap()
}

#[test]
fn every_stratified_draw_on_random_networks_equals_a_full_search() {
    let n = 12;
    let mut checked = 0;
    for seed in 0..40u64 {
        let net = uncertain_network(seed);
        let ids: Vec<String> = net.nodes().iter().map(|n| n.id.clone()).collect();
        let ports = [ids[5].clone(), ids[7].clone(), ids[9].clone()];
        let net = made_ports(net, &ports);
        let q = CompareQuery::new([ids[0].clone()], [ids[13].clone()], ports)
            .filter(corridors::Filter::new().include_all());
        let fast = net
            .compare(&q.clone().draws(n).seed(seed).sampling(Sampling::Stratified))
            .unwrap();
        // Each draw's network, searched in full.
        let full: Vec<_> = (0..n)
            .map(|i| {
                drawn_network(&net, seed, i, n, Sampling::Stratified)
                    .compare(&q)
                    .unwrap()
            })
            .collect();
        for (o, option) in fast.rows[0].options.iter().enumerate() {
            let routes: Vec<_> = full
                .iter()
                .map(|c| c.rows[0].options[o].route.as_ref())
                .collect();
            let Some(rb) = option.robust else {
                assert!(routes.iter().all(Option::is_none), "seed {seed}");
                continue;
            };
            let usd = nearest_rank(routes.iter().map(|r| r.unwrap().usd_per_t).collect());
            let days = nearest_rank(routes.iter().map(|r| r.unwrap().days).collect());
            let got = [rb.usd_per_t_p5, rb.usd_per_t_p50, rb.usd_per_t_p95];
            for (a, b) in got.iter().zip(usd) {
                assert!(
                    close(*a, b),
                    "seed {seed} via {}: {got:?} vs {usd:?}",
                    option.port
                );
            }
            let got = [rb.days_p5, rb.days_p50, rb.days_p95];
            for (a, b) in got.iter().zip(days) {
                assert!(
                    close(*a, b),
                    "seed {seed} via {}: {got:?} vs {days:?}",
                    option.port
                );
            }
            // Its chance to be the best: the draws whose full search it wins (up to ties).
            let wins = full
                .iter()
                .filter(|c| c.rows[0].winner.as_deref() == Some(option.port.as_str()))
                .count();
            assert!(
                (rb.p_best - wins as f64 / n as f64).abs() <= 1.0 / n as f64 + 1e-9,
                "seed {seed} via {}: {} vs {wins} of {n}",
                option.port,
                rb.p_best
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}

fn spread(xs: &[f64]) -> (f64, f64) {
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64;
    (m, var.sqrt())
}

#[test]
fn stratified_medians_vary_less_from_seed_to_seed() {
    // The same route's median cost over 100 draws, under 30 seeds: stratified draws pin it
    // down closer (measured: about 0.4 of the independent draws' standard deviation).
    let net = Network::trans_afghan();
    let medians = |s: Sampling| -> Vec<f64> {
        (0..30)
            .map(|seed| {
                let q = RouteQuery::new("tashkent", "karachi")
                    .draws(100)
                    .seed(seed)
                    .sampling(s);
                net.route(&q).unwrap().robust.unwrap().usd_per_t_p50
            })
            .collect()
    };
    let (mi, si) = spread(&medians(Sampling::Independent));
    let (ms, ss) = spread(&medians(Sampling::Stratified));
    assert!(
        ss < 0.7 * si,
        "stratified sd {ss:.3} vs independent {si:.3}"
    );
    // Both aim at the same median: they differ by no more than chance would.
    assert!(
        (mi - ms).abs() < 3.0 * (si * si / 30.0).sqrt(),
        "{mi} vs {ms}"
    );
}

#[test]
fn stratified_answers_say_so_and_repeat_byte_for_byte() {
    let net = Network::trans_afghan();
    let q = RouteQuery::new("tashkent", "karachi")
        .draws(200)
        .seed(5)
        .sampling(Sampling::Stratified);
    let a = net.route(&q).unwrap();
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(
        json,
        serde_json::to_string(&net.route(&q).unwrap()).unwrap()
    );
    assert!(json.contains(r#""sampling":"stratified""#), "{json}");
    let back: corridors::RouteAnswer = serde_json::from_str(&json).unwrap();
    assert_eq!(back.draws.unwrap().sampling, Sampling::Stratified);
    assert!(
        a.to_string()
            .contains("  over 200 stratified draws: USD/t "),
        "{a}"
    );
    // Independent draws keep their JSON and their words.
    let plain = net
        .route(&q.clone().sampling(Sampling::Independent))
        .unwrap();
    let json = serde_json::to_string(&plain).unwrap();
    assert!(!json.contains("sampling"), "{json}");
    assert!(
        plain.to_string().contains("  over 200 draws: USD/t "),
        "{plain}"
    );
    let c = net
        .compare(
            &CompareQuery::new(["ashgabat"], ["mundra"], PORTS)
                .draws(50)
                .sampling(Sampling::Stratified),
        )
        .unwrap();
    assert!(
        c.to_string()
            .contains("50 stratified draws of every uncertain figure but link lengths (seed 0)"),
        "{c}"
    );
}

/// The bundled file with one more line, placed before every other link so that each later
/// link's, scenario's and demand's parameter moves one place down the list.
fn bundled_with_a_line_in_front() -> Network {
    let text = std::fs::read_to_string("corridors.toml").unwrap();
    let at = text.find("\n[[links]]\n").unwrap() + 1;
    let line = "[[links]]\nid = \"a-new-line\"\nfrom = \"zahedan\"\nto = \"mirjaveh\"\nmode = \"rail\"\n\
                length_km = 90\ncapacity_mtpa = 5\ncapacity_mtpa_range = [3, 7]\n\
                status = \"planned\"\nsources = [\"caci-2025\"]\n\n";
    let mut out = text.clone();
    out.insert_str(at, line);
    Network::from_toml_str(&out).unwrap()
}

#[test]
fn a_new_figure_leaves_every_other_figure_s_draws_where_they_were() {
    let net = Network::trans_afghan();
    let more = bundled_with_a_line_in_front();
    let (old, new) = (net.parameters(), more.parameters());
    assert_eq!(new.len(), old.len() + 1);
    let added = new
        .iter()
        .position(|p| p.id.starts_with("link.a-new-line."))
        .unwrap();
    // The new figure sits before most of the others: their places all moved.
    let moved = new[added + 1..].len();
    assert!(moved > 50, "{moved}");
    let at_in_new = |id: &str| new.iter().position(|p| p.id == id).unwrap();
    for (n, sampling) in [(1, Sampling::Independent), (40, Sampling::Stratified)] {
        for i in [0, n - 1] {
            let (a, b) = (
                net.draw_in(5, i, n, sampling),
                more.draw_in(5, i, n, sampling),
            );
            for (j, p) in old.iter().enumerate() {
                assert_eq!(a[j], b[at_in_new(&p.id)], "{} in draw {i} of {n}", p.id);
            }
        }
    }
    // So a route the new line does not touch keeps its percentiles to the last bit.
    let q = RouteQuery::new("tashkent", "karachi").draws(100).seed(2);
    let (a, b) = (net.route(&q).unwrap(), more.route(&q).unwrap());
    assert!(a.route.unwrap().legs.iter().all(|l| l.link != "a-new-line"));
    assert_eq!(a.robust, b.robust);
}
