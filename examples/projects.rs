//! Which planned line is worth building first? Every project of the bundled file valued at its
//! cargo demands: today (with the events in force), on the network as built (no events), with
//! draws of every uncertain figure, and at five times today's demands, where each project's
//! saving is also weighed against its cost at 6 % a year over 30 years of operation (a rate
//! and a span chosen for the example; the crate assumes none).
//!
//! Run: `cargo run --release --example projects`

use corridors::{Discount, Filter, Network, ProjectRanking, ProjectsQuery, QueryError};

/// Five times each of the file's demands.
fn grown(net: &Network, q: ProjectsQuery) -> ProjectsQuery {
    net.demands()
        .iter()
        .fold(q, |q, d| q.pair(d.from.clone(), d.to.clone(), 5.0 * d.mtpa))
}

fn verdict(r: &ProjectRanking) {
    match r.order.first() {
        Some(first) => println!(
            "=> build first: {} ({:.1} M USD/yr)\n",
            first.id,
            first.saving_usd_per_year / 1e6
        ),
        None => println!("=> none of them adds anything here\n"),
    }
}

fn main() -> Result<(), QueryError> {
    let net = Network::trans_afghan();
    println!("{} projects in the file\n", net.projects().len());

    println!("TODAY (the file's events in force)");
    let today = net.rank_projects(&ProjectsQuery::new())?;
    print!("{today}");
    verdict(&today);

    println!("THE NETWORK AS BUILT (no events), 200 DRAWS OF EVERY UNCERTAIN FIGURE");
    let calm = ProjectsQuery::new()
        .filter(Filter::new().no_events())
        .draws(200);
    let calm = net.rank_projects(&calm)?;
    print!("{calm}");
    verdict(&calm);

    println!("FIVE TIMES TODAY'S DEMANDS, AS BUILT (no events), DISCOUNTED AT 6 % OVER 30 YEARS");
    let q = ProjectsQuery::new()
        .filter(Filter::new().no_events())
        .discount(Discount::new(0.06, 30));
    let q = grown(&net, q);
    let busy = net.rank_projects(&q)?;
    print!("{busy}");
    verdict(&busy);
    Ok(())
}
