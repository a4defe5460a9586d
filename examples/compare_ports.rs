//! Chabahar, Gwadar, Karachi or Bandar Abbas? For each Central Asian origin and Indian port,
//! the cheapest route through each southern port in three views: the network as built with no
//! event, today (the file's `as_of`, with the events in force then), and once every planned
//! line is built. The winners' table names the events that decide today's answer, and the last
//! table says how sure each answer is: the chance each port wins over joint draws of every
//! uncertain figure within its range (the link lengths held at their figures, as `--draws`
//! does without `--draw-lengths`), and for an answer that is not sure, the figure it hinges on
//! and the value at which the winner changes (lengths included).
//!
//! Run: `cargo run --release --example compare_ports`

use corridors::{CompareQuery, CompareRow, Comparison, Filter, Network, SensitivityQuery};

const ORIGINS: [&str; 5] = ["tashkent", "termez", "dushanbe", "ashgabat", "kashgar"];
const DESTINATIONS: [&str; 2] = ["nhava-sheva", "mundra"];
const PORTS: [&str; 4] = ["chabahar", "gwadar", "karachi", "bandar-abbas"];
/// Joint draws of every uncertain figure, and their seed.
const DRAWS: usize = 20_000; // written out in the heading below
const SEED: u64 = 1;
/// An answer is robust when its winner wins at least this share of the draws.
const ROBUST: f64 = 0.9;

fn main() -> Result<(), corridors::QueryError> {
    let net = Network::trans_afghan();
    let ask = |filter: Filter| {
        net.compare(&CompareQuery::new(ORIGINS, DESTINATIONS, PORTS).filter(filter))
    };
    let as_built = ask(Filter::new().no_events())?;
    let today = ask(Filter::new())?;
    let built = ask(Filter::new().include_all().no_events())?;
    // For each event in force today: the comparison without it, and with it alone.
    let events: Vec<Event> = today
        .day
        .events
        .iter()
        .map(|id| {
            Ok(Event {
                id: id.clone(),
                without: ask(Filter::new().except_event(id.clone()))?,
                alone: ask(Filter::new().no_events().scenario(id.clone()))?,
            })
        })
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
    print_winners(&as_built, &today, &built, &events);

    let sure = |filter: Filter| {
        let q = CompareQuery::new(ORIGINS, DESTINATIONS, PORTS).filter(filter);
        net.compare(&q.draws(DRAWS).seed(SEED))
    };
    let views = [
        ("today", Filter::new()),
        ("all built", Filter::new().include_all().no_events()),
    ];
    println!(
        "\nHOW SURE: the chance each port is the cheapest, over 20,000 joint draws of every figure \
         but lengths"
    );
    for (name, filter) in views {
        let c = sure(filter.clone())?;
        println!("{name}:");
        print_chances(&net, &c, &filter)?;
    }
    Ok(())
}

/// Each row's chance per port, and for a row whose winner wins less than [`ROBUST`] of the
/// draws, the figures that can change it alone and where.
fn print_chances(
    net: &Network,
    c: &Comparison,
    filter: &Filter,
) -> Result<(), corridors::QueryError> {
    let short: Vec<&str> = PORTS.iter().map(|p| &p[..4]).collect();
    println!("  {:<9} {:<11} {}", "from", "to", short.join("  "));
    for row in &c.rows {
        let p: Vec<f64> = row
            .options
            .iter()
            .map(|o| o.robust.map_or(0.0, |r| r.p_best))
            .collect();
        let cells: Vec<String> = p.iter().map(|x| format!("{x:.2}")).collect();
        let top = p.iter().copied().fold(0.0, f64::max);
        let verdict = if top >= ROBUST { "robust" } else { "open" };
        println!(
            "  {:<9} {:<11} {}  {verdict}",
            row.from,
            row.to,
            cells.join("  ")
        );
        if top < ROBUST {
            let q = PORTS
                .iter()
                .fold(SensitivityQuery::new(&row.from, &row.to), |q, p| {
                    q.via_port(*p)
                })
                .filter(filter.clone());
            let s = net.sensitivity(&q)?;
            for f in s.flipping().take(3) {
                let (best, at) = (&f.best_at_low, f.break_even.unwrap_or(f.base));
                let other = if *best == s.best {
                    &f.best_at_high
                } else {
                    best
                };
                let side = if at < f.base { "below" } else { "above" };
                println!(
                    "  {:<8} hinges on {} = {:.4} {}: {} wins {side} {at:.4}",
                    "", f.id, f.base, f.unit, other
                );
            }
        }
    }
    Ok(())
}

/// An event in force today and the comparisons that show what it does.
struct Event {
    id: String,
    /// Today, less this event.
    without: Comparison,
    /// The network as built, with only this event.
    alone: Comparison,
}

/// The cost of a row's best option.
fn best_cost(row: &CompareRow) -> Option<f64> {
    row.options
        .iter()
        .filter_map(|o| o.route.as_ref())
        .map(|r| r.usd_per_t)
        .min_by(f64::total_cmp)
}

/// What decides row `i` today: the events that change its winner, left out of today or applied
/// alone to the network as built; failing any, those that move its best cost; or nothing.
fn deciding(
    i: usize,
    as_built: &Comparison,
    today: &Comparison,
    events: &[Event],
) -> Option<String> {
    let (t, b) = (&today.rows[i], &as_built.rows[i]);
    let changes_winner =
        |e: &&Event| e.without.rows[i].winner != t.winner || e.alone.rows[i].winner != b.winner;
    let ids: Vec<&str> = events
        .iter()
        .filter(changes_winner)
        .map(|e| e.id.as_str())
        .collect();
    if !ids.is_empty() {
        return Some(format!("decided by {}", ids.join(", ")));
    }
    let moved = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() > 0.05,
        (x, y) => x.is_some() != y.is_some(),
    };
    let ids: Vec<&str> = events
        .iter()
        .filter(|e| {
            moved(best_cost(&e.without.rows[i]), best_cost(t))
                || moved(best_cost(&e.alone.rows[i]), best_cost(b))
        })
        .map(|e| e.id.as_str())
        .collect();
    (!ids.is_empty()).then(|| format!("cost moved by {}", ids.join(", ")))
}

/// The best option of a row: its port and cost.
fn best(row: &CompareRow) -> String {
    match (&row.winner, best_cost(row)) {
        (Some(w), Some(c)) => format!("{w} {c:.1}"),
        _ => "no route".to_string(),
    }
}

fn print_winners(as_built: &Comparison, today: &Comparison, built: &Comparison, events: &[Event]) {
    println!(
        "{:<9} {:<11} {:<18} {:<18} all built",
        "from", "to", "as built", "today"
    );
    for (i, t) in today.rows.iter().enumerate() {
        println!(
            "{:<9} {:<11} {:<18} {:<18} {}",
            t.from,
            t.to,
            best(&as_built.rows[i]),
            best(t),
            best(&built.rows[i]),
        );
        if let Some(why) = deciding(i, as_built, today, events) {
            println!("{:<21} {why}", "");
        }
    }
}
