//! The real, dated disruptions of the bundled network, one after another: which links each
//! closes or shrinks, whose cargo reroutes and at what cost, and who is cut off.
//!
//! Run: `cargo run --release --example scenarios`

use corridors::{DisruptionQuery, Network};

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();
    for sc in net.scenarios() {
        let when = match (sc.start, sc.end) {
            (Some(s), Some(e)) if sc.recurs_yearly => format!("{s} to {e}, and so every year"),
            (Some(s), Some(e)) => format!("{s} to {e}"),
            (Some(s), None) => format!("from {s}"),
            _ => "undated".into(),
        };
        println!("==== {} ({when})", sc.name);
        let report = net.disruption(&DisruptionQuery::new().scenario(sc.id.clone()))?;
        println!("{report}");
    }
    println!(
        "==== Both at once: every Pakistan–Afghanistan crossing and every Iranian link closed"
    );
    let both = DisruptionQuery::new()
        .scenario("pak-afghan-closure-2025")
        .scenario("iran-war-2025");
    println!("{}", net.disruption(&both)?);
    Ok(())
}
