//! What would flip an answer: the tornado agrees with full searches at each parameter's ends,
//! and break-even values flip the winner when crossed by a small step either way.

use corridors::{CompareQuery, Filter, Network, SensitivityQuery};

const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];

/// The winner and its metric of a plain comparison on `net` with parameter `id` set to `x`.
fn full_winner(
    net: &Network,
    from: &str,
    to: &str,
    filter: &Filter,
    id: &str,
    x: f64,
) -> (String, f64) {
    let mut v: Vec<f64> = net.parameters().iter().map(|p| p.base).collect();
    let j = net.parameters().iter().position(|p| p.id == id).unwrap();
    v[j] = x;
    let drawn = net.with_parameters(&v).unwrap();
    let c = drawn
        .compare(&CompareQuery::new([from], [to], PORTS).filter(filter.clone()))
        .unwrap();
    let row = &c.rows[0];
    let w = row.winner.clone().unwrap();
    let m = row
        .options
        .iter()
        .find(|o| o.port == w)
        .and_then(|o| o.route.as_ref())
        .unwrap()
        .metric_value;
    (w, m)
}

fn query(from: &str, to: &str, filter: &Filter) -> SensitivityQuery {
    PORTS
        .iter()
        .fold(SensitivityQuery::new(from, to), |q, p| q.via_port(*p))
        .filter(filter.clone())
}

#[test]
fn the_tornado_agrees_with_full_searches_and_break_evens_flip_the_winner() {
    let net = Network::trans_afghan();
    let mut flips = 0;
    for (from, filter) in [
        ("kabul", Filter::new()),
        ("kashgar", Filter::new().include_all()),
        ("tashkent", Filter::new()),
    ] {
        let s = net.sensitivity(&query(from, "mundra", &filter)).unwrap();
        let swing = |p: &corridors::Swing| (p.metric_at_high - p.metric_at_low).abs();
        assert!(
            s.parameters
                .windows(2)
                .all(|w| swing(&w[0]) >= swing(&w[1]))
        );
        for p in &s.parameters {
            for (x, best, m) in [
                (p.low, &p.best_at_low, p.metric_at_low),
                (p.high, &p.best_at_high, p.metric_at_high),
            ] {
                let (w, fm) = full_winner(&net, from, "mundra", &filter, &p.id, x);
                assert_eq!(&w, best, "{from} {} at {x}", p.id);
                assert!(
                    (fm - m).abs() <= 1e-9 * fm.max(1.0),
                    "{from} {} at {x}: {fm} vs {m}",
                    p.id
                );
            }
            if let Some(b) = p.break_even {
                flips += 1;
                let step = (p.high - p.low) * 1e-6;
                let (below, _) = full_winner(&net, from, "mundra", &filter, &p.id, b - step);
                let (above, _) = full_winner(&net, from, "mundra", &filter, &p.id, b + step);
                assert_ne!(below, above, "{from} {} at {b}", p.id);
                // The side nearer the file's value keeps the winner.
                let near = if b > p.base { below } else { above };
                assert_eq!(near, s.best, "{from} {}", p.id);
            } else {
                assert_eq!(p.best_at_low, s.best);
                assert_eq!(p.best_at_high, s.best);
            }
        }
    }
    assert!(flips >= 3, "{flips}");
}

#[test]
fn a_route_without_ports_names_the_routes_it_compares() {
    let net = Network::trans_afghan();
    let s = net
        .sensitivity(&SensitivityQuery::new("kabul", "karachi"))
        .unwrap();
    assert!(
        s.best.starts_with("kabul → ") && s.best.ends_with(" → karachi"),
        "{}",
        s.best
    );
    let json = serde_json::to_value(&s).unwrap();
    let p = &json["parameters"][0];
    for k in [
        "id",
        "base",
        "low",
        "high",
        "metric_at_low",
        "metric_at_high",
        "best_at_low",
        "best_at_high",
        "break_even",
    ] {
        assert!(p.get(k).is_some(), "missing {k}");
    }
    // A precision shows that many of the largest swings; the last line still counts them all.
    let text = format!("{s:.3}");
    let rows = text
        .lines()
        .filter(|l| s.parameters.iter().any(|p| l.starts_with(&p.id)));
    assert_eq!(rows.count(), 3);
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with(&format!(
            "{} parameters weigh on the answer",
            s.parameters.len()
        )),
        "{last}"
    );
}

#[test]
fn unknown_ids_are_named() {
    let net = Network::trans_afghan();
    let err = net
        .sensitivity(&SensitivityQuery::new("kabul", "karachy"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown node \"karachy\" (did you mean \"karachi\"?)"
    );
}
