//! One route, annotated: Tashkent to Nhava Sheva (Mumbai) by the cheapest way today, then
//! through Chabahar with the Chabahar–Zahedan line and the Khaf–Herat line finished.
//!
//! Run: `cargo run --example route`

use corridors::{Metric, Network, RouteQuery, Status};

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();

    let today = net.route(&RouteQuery::new("tashkent", "nhava-sheva").metric(Metric::Cost))?;
    println!("Today:\n{today}");

    let q = RouteQuery::new("tashkent", "nhava-sheva")
        .metric(Metric::Cost)
        .via_port("chabahar")
        .include(Status::UnderConstruction)
        .mode(corridors::Mode::Rail)
        .mode(corridors::Mode::Sea);
    let by_rail = net.route(&q)?;
    println!("By rail through Chabahar, once the lines under construction open:\n{by_rail}");
    if let Some(r) = &by_rail.route {
        let gauge: Vec<&str> = r
            .transfers
            .iter()
            .filter(|t| t.kind == corridors::TransferKind::Gauge)
            .map(|t| t.node.as_str())
            .collect();
        println!("Break of gauge at: {}", gauge.join(", "));
    }
    Ok(())
}
