//! Chabahar, Gwadar, Karachi or Bandar Abbas? For each Central Asian origin and Indian port,
//! the cheapest route through each southern port in three views: the network as built with no
//! event, today (the file's `as_of`, with the events in force then), and once every planned
//! line is built. The winners' table names the events that decide today's answer.
//!
//! Run: `cargo run --release --example compare_ports`

use corridors::{CompareQuery, CompareRow, Comparison, Filter, Network};

const ORIGINS: [&str; 5] = ["tashkent", "termez", "dushanbe", "ashgabat", "kashgar"];
const DESTINATIONS: [&str; 2] = ["nhava-sheva", "mundra"];
const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();
    let ask = |filter: Filter| {
        net.compare(&CompareQuery::new(ORIGINS, DESTINATIONS, PORTS).filter(filter))
    };
    let as_built = ask(Filter::new().no_events())?;
    let today = ask(Filter::new())?;
    let built = ask(Filter::new().include_all().no_events())?;
    // For each event in force today: the comparison without it.
    let without: Vec<(String, Comparison)> = today
        .day
        .events
        .iter()
        .map(|id| Ok((id.clone(), ask(Filter::new().except_event(id.clone()))?)))
        .collect::<Result<_, corridors::QueryError>>()?;

    let date = today.day.date.map_or("-".to_string(), |d| d.to_string());
    println!(
        "Cheapest route (USD per tonne) through each southern port, {}",
        net.name()
    );
    println!("km, days and USD/t include transfers: gauge, rail-road, port and border crossings.");
    println!("Mt/yr is the route's smallest published capacity (? = none published).\n");
    println!("AS BUILT ON {date} (operational links, no event applied)");
    print!("{as_built}");
    println!("\nTODAY, {date} (the events in force that day applied)");
    print!("{today}");
    println!(
        "\nWITH EVERY PLANNED LINE BUILT (under construction, planned and proposed; no event)"
    );
    print!("{built}");
    println!("\nWINNERS (best port and its USD/t)");
    print_winners(&as_built, &today, &built, &without);
    Ok(())
}

/// The best option of a row: its port and cost.
fn best(row: &CompareRow) -> String {
    let cost = row
        .options
        .iter()
        .filter_map(|o| o.route.as_ref())
        .map(|r| r.usd_per_t)
        .min_by(f64::total_cmp);
    match (&row.winner, cost) {
        (Some(w), Some(c)) => format!("{w} {c:.1}"),
        _ => "no route".to_string(),
    }
}

fn print_winners(
    as_built: &Comparison,
    today: &Comparison,
    built: &Comparison,
    without: &[(String, Comparison)],
) {
    println!(
        "{:<9} {:<11} {:<18} {:<18} {:<18} today decided by",
        "from", "to", "as built", "today", "all built"
    );
    for (i, t) in today.rows.iter().enumerate() {
        // An event decides the row when leaving it out changes the winner.
        let deciding: Vec<&str> = without
            .iter()
            .filter(|(_, c)| c.rows[i].winner != t.winner)
            .map(|(id, _)| id.as_str())
            .collect();
        println!(
            "{:<9} {:<11} {:<18} {:<18} {:<18} {}",
            t.from,
            t.to,
            best(&as_built.rows[i]),
            best(t),
            best(&built.rows[i]),
            if deciding.is_empty() {
                "-".to_string()
            } else {
                deciding.join(", ")
            }
        );
    }
}
