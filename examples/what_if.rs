//! What-if work in code: edit the bundled network one step at a time (a hypothetical railway,
//! a border crossing with more capacity, a cheaper tariff) and compare the answers before and
//! after. Every edit is checked by the loader's own rules: an edit that breaks one is an
//! error naming the record.
//!
//! Run: `cargo run --release --example what_if`

use std::error::Error;

use corridors::{CapacityQuery, Filter, Link, Mode, Network, RouteQuery, Status};

/// The answers compared at each step.
struct Answers {
    /// Kabul → Karachi, best by cost: USD/t and hours.
    kabul_karachi: (f64, f64),
    /// Tashkent → Karachi, best by cost: USD/t.
    tashkent_karachi: f64,
    /// Rail capacity from Termez to Iran's ports, Mt/yr (`None`: unbounded).
    termez_ports_rail: Option<f64>,
}

fn answers(net: &Network) -> Result<Answers, Box<dyn Error>> {
    // The Pakistan–Afghanistan closure of the file's today lifted: the network as built.
    let as_built = Filter::new().no_events();
    let route = |from: &str, to: &str| -> Result<(f64, f64), Box<dyn Error>> {
        let q = RouteQuery::new(from, to).filter(as_built.clone());
        let r = net.route(&q)?.route.ok_or("no route")?;
        Ok((r.usd_per_t, r.hours))
    };
    let rail = as_built
        .clone()
        .mode(Mode::Rail)
        .include(Status::UnderConstruction);
    let ports = CapacityQuery::new(["termez"], ["bandar-abbas", "chabahar"]).filter(rail);
    Ok(Answers {
        kabul_karachi: route("kabul", "karachi")?,
        tashkent_karachi: route("tashkent", "karachi")?.0,
        termez_ports_rail: net.capacity(&ports)?.max_flow_mtpa,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let today = Network::trans_afghan();

    // Each step edits the network of the step before.
    let railway = today
        .edit()
        .link(
            Link::new("kabul-peshawar-rail", "kabul", "peshawar", Mode::Rail)
                .gauge_mm(1676)
                .length_km(290.0)
                .estimated(true)
                .capacity_mtpa(5.0)
                .description("Hypothetical: a broad-gauge line from Kabul over the Khyber Pass"),
        )
        .build()?;
    let sarakhs = railway
        .edit()
        .node_capacity("sarakhs", Some(12.0))
        .build()?;
    let tariff = sarakhs
        .edit()
        .tariff_rate("UZ", Mode::Rail, Some(0.04))
        .build()?;

    println!("What if … (each row adds to the one above; today's events lifted)\n");
    println!(
        "{:<42} {:>13} {:>9} {:>16} {:>15}",
        "", "Kabul→Karachi", "", "Tashkent→Karachi", "Termez→IR ports"
    );
    println!(
        "{:<42} {:>13} {:>9} {:>16} {:>15}",
        "what-if", "USD/t", "hours", "USD/t", "rail Mt/yr"
    );
    let steps = [
        ("as built", &today),
        ("+ Kabul–Peshawar railway (5 Mt/yr)", &railway),
        ("+ Sarakhs crossing raised to 12 Mt/yr", &sarakhs),
        ("+ Uzbek rail tariff 0.063 → 0.04 USD/t-km", &tariff),
    ];
    for (what, net) in steps {
        let a = answers(net)?;
        let capacity = a
            .termez_ports_rail
            .map_or("unbounded".to_string(), |c| format!("{c:.1}"));
        println!(
            "{:<42} {:>13.1} {:>9.0} {:>16.1} {:>15}",
            what, a.kabul_karachi.0, a.kabul_karachi.1, a.tashkent_karachi, capacity
        );
    }

    // A what-if that breaks a rule is an error naming the record.
    let typo = today
        .edit()
        .link(Link::new(
            "kabul-torkham-rail",
            "kabull",
            "torkham-af",
            Mode::Rail,
        ))
        .build()
        .unwrap_err();
    println!("\nA mistyped edit: {typo}");
    Ok(())
}
