//! How much can Central Asia send to the southern ports, and what limits it? Today, with the
//! planned lines built (at their design capacities), and while every Pakistan–Afghanistan
//! crossing is closed. Then the file's cargo demands, carried at the least total cost, and the
//! bottlenecks worth widening.
//!
//! Run: `cargo run --release --example capacity`

use corridors::{CapacityQuery, CapacityReport, Filter, Mode, Network, OptimalQuery, Status};

const ORIGINS: [&str; 5] = ["tashkent", "termez", "dushanbe", "ashgabat", "turkmenabat"];
const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];

fn show(title: &str, c: &CapacityReport) {
    println!("{title}\n{c}");
}

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();
    let rail = || Filter::new().mode(Mode::Rail);
    let q = |f: Filter| CapacityQuery::new(ORIGINS, PORTS).filter(f);
    println!(
        "Rail capacity from Central Asia ({}) to the southern ports ({})\n",
        ORIGINS.join(", "),
        PORTS.join(", ")
    );
    show("TODAY", &net.capacity(&q(rail()))?);
    show(
        "IN 2027 (lines due to open by then), AT DESIGN CAPACITY",
        &net.capacity(&q(rail().year(2027)).design(true))?,
    );
    show(
        "WITH EVERY PLANNED LINE BUILT, AT DESIGN CAPACITY",
        &net.capacity(&q(rail().include_all()).design(true))?,
    );
    show(
        "TODAY, EVERY PAKISTAN–AFGHANISTAN CROSSING CLOSED (Oct 2025)",
        &net.capacity(&q(rail().scenario("pak-afghan-closure-2025")))?,
    );
    show(
        "TODAY, EVERY IRANIAN LINK CLOSED BY WAR",
        &net.capacity(&q(rail().scenario("iran-war-2025")))?,
    );
    let around = || {
        CapacityQuery::new(["termez"], ["bandar-abbas"]).filter(
            rail()
                .include(Status::UnderConstruction)
                .include(Status::Planned)
                .avoid("TM")
                .avoid("PK"),
        )
    };
    show(
        "TERMEZ TO BANDAR ABBAS BY RAIL, AVOIDING TURKMENISTAN AND PAKISTAN (PLANNED LINES BUILT)",
        &net.capacity(&around())?,
    );
    show(
        "THE SAME AT DESIGN CAPACITY",
        &net.capacity(&around().design(true))?,
    );

    println!("DEMANDS OF THE FILE, CARRIED AT THE LEAST TOTAL COST (today, every mode)");
    let a = net.optimal(&OptimalQuery::new())?;
    for d in &a.demands {
        let cut: Vec<&str> = d.cut.iter().map(|c| c.id.as_str()).collect();
        let blocked = if cut.is_empty() {
            String::new()
        } else {
            format!(", cut off by {}", cut.join(", "))
        };
        println!(
            "  {:<12} → {:<14} {:>5.1} Mt/yr asked, {:>5.1} carried{blocked}",
            d.from, d.to, d.demand_mtpa, d.served_mtpa
        );
    }
    if let Some(g) = &a.greedy {
        println!(
            "  total {:.1} M USD/yr; cheapest-first would cost {:.1} M USD/yr more",
            a.total_usd_per_year / 1e6,
            g.saves_usd_per_year / 1e6
        );
    }
    println!("  busiest links:");
    for l in a.loads.iter().take(8) {
        let u = l.utilisation.map_or("capacity unknown".to_string(), |u| {
            format!("{:.0}% of capacity", u * 100.0)
        });
        println!("    {:<34} {:>5.1} Mt/yr  {u}", l.link, l.load_mtpa);
    }
    println!("  bottlenecks worth widening (USD a year saved per tonne a year more):");
    for p in a.shadow_prices.iter().take(3) {
        println!("    {:<34} {:>8.2} ({})", p.id, p.usd_per_t, p.kind);
    }
    Ok(())
}
