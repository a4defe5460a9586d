//! Which links of the trans-Afghan network matter most? Every link ranked by what its loss
//! costs the file's cargo, the pairs that cut cargo off together, and how reliable each flow
//! and corridor is given the scenarios' yearly odds.
//!
//! Run: `cargo run --release --example criticality`

use corridors::{CriticalQuery, Network, ReliabilityQuery};

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();
    let mut c = net.critical(&CriticalQuery::new().nodes(true).capacity(true))?;
    c.links
        .retain(|d| d.cut_off_mtpa > 0.0 || d.damage_usd_per_year > 0.0);
    c.nodes.truncate(10);
    println!("THE LINKS WHOSE LOSS COSTS THE FILE'S CARGO SOMETHING, WORST FIRST");
    println!("{c}");
    println!("RELIABILITY OVER A YEAR");
    println!("{}", net.reliability(&ReliabilityQuery::new())?);
    Ok(())
}
