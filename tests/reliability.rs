//! Reliability: no negative zeros in its JSON or tables.

use corridors::{Filter, Network, ReliabilityQuery};

/// Every number of a JSON value, with where it is.
fn numbers(v: &serde_json::Value, at: String, out: &mut Vec<(String, f64)>) {
    match v {
        serde_json::Value::Number(n) => out.push((at, n.as_f64().unwrap())),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                numbers(x, format!("{at}[{i}]"), out);
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                numbers(x, format!("{at}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// Whether a table prints a number as `-0` (`-0.0%`, `-0–…`): a minus sign not inside an id or
/// a date, before a zero.
fn negative_zero_in(table: &str) -> bool {
    table.match_indices("-0").any(|(i, _)| {
        !table[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[test]
fn no_negative_zero_reaches_the_report() {
    let net = Network::trans_afghan();
    let queries = [
        ReliabilityQuery::new().filter(Filter::new().scenario("iran-war-2025")),
        ReliabilityQuery::new().samples(1),
        ReliabilityQuery::new().samples(3).seed(4),
        ReliabilityQuery::new().filter(Filter::new().no_events()),
    ];
    for q in &queries {
        let r = net.reliability(q).unwrap();
        let text = serde_json::to_string(&r).unwrap();
        assert!(!text.contains("-0.0"), "{q:?}: {text}");
        let mut all = Vec::new();
        numbers(&serde_json::to_value(&r).unwrap(), String::new(), &mut all);
        for (at, x) in all {
            assert!(!(x == 0.0 && x.is_sign_negative()), "{q:?}: {at} is -0");
        }
        let table = r.to_string();
        assert!(!negative_zero_in(&table), "{q:?}:\n{table}");
    }
}
