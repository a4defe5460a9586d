//! Chabahar, Gwadar, Karachi or Bandar Abbas? For each Central Asian origin and Indian port,
//! the cheapest route through each southern port, today and once every planned line is built.
//!
//! Run: `cargo run --release --example compare_ports`

use corridors::{CompareQuery, Comparison, Filter, Network};

const ORIGINS: [&str; 5] = ["tashkent", "termez", "dushanbe", "ashgabat", "kashgar"];
const DESTINATIONS: [&str; 2] = ["nhava-sheva", "mundra"];
const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();
    let ask = |filter: Filter| {
        net.compare(&CompareQuery::new(ORIGINS, DESTINATIONS, PORTS).filter(filter))
    };
    let today = ask(Filter::new())?;
    let built = ask(Filter::new().include_all())?;

    println!(
        "Cheapest route (USD per tonne) through each southern port, {}",
        net.name()
    );
    println!("km, days and USD/t include transfers: gauge, rail-road, port and border crossings.");
    println!("Mt/yr is the route's smallest published capacity (? = none published).\n");
    println!("TODAY (operational links only)");
    print!("{today}");
    println!("\nWITH EVERY PLANNED LINE BUILT (under construction, planned and proposed)");
    print!("{built}");
    println!("\nWINNERS");
    print_winners(&today, &built);
    Ok(())
}

fn print_winners(today: &Comparison, built: &Comparison) {
    println!(
        "{:<12} {:<12} {:<14} {:<14} saving USD/t",
        "from", "to", "today", "built"
    );
    for (t, b) in today.rows.iter().zip(&built.rows) {
        let best = |c: &corridors::CompareRow| {
            c.options
                .iter()
                .filter_map(|o| o.route.as_ref())
                .map(|r| r.usd_per_t)
                .min_by(f64::total_cmp)
        };
        let saving = match (best(t), best(b)) {
            (Some(x), Some(y)) => format!("{:.1}", x - y),
            _ => "-".into(),
        };
        println!(
            "{:<12} {:<12} {:<14} {:<14} {}",
            t.from,
            t.to,
            t.winner.as_deref().unwrap_or("none"),
            b.winner.as_deref().unwrap_or("none"),
            saving
        );
    }
}
