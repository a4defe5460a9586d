//! The network as petgraph graphs: the places whose loss splits the network (articulation
//! points) and the connections whose loss does (bridges), today and once every planned line
//! is built; and petgraph's Dijkstra on the state graph giving the crate's route cost.
//!
//! Run with `cargo run --example petgraph`.

use corridors::petgraph::algo::articulation_points::articulation_points;
use corridors::petgraph::algo::{bridges, connected_components, dijkstra};
use corridors::petgraph::graph::UnGraph;
use corridors::petgraph::visit::EdgeRef;
use corridors::{Connection, Filter, Metric, Network, Place, RouteQuery, Status};

/// Articulation points and bridges of a view, sorted by id.
fn weak_points(g: &UnGraph<Place, Connection>) -> (Vec<String>, Vec<String>) {
    let mut places: Vec<String> = articulation_points(g)
        .into_iter()
        .map(|i| g[i].id.clone())
        .collect();
    places.sort();
    let mut links: Vec<String> = bridges(g)
        .map(|e| {
            format!(
                "{} ({} – {})",
                e.weight().links.join(", "),
                g[e.source()].id,
                g[e.target()].id
            )
        })
        .collect();
    links.sort();
    (places, links)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let net = Network::trans_afghan();
    let views = [
        ("today, with the events in force", Filter::new()),
        ("today as built, no events", Filter::new().no_events()),
        (
            "with the lines under construction and planned, no events",
            Filter::new()
                .no_events()
                .include(Status::UnderConstruction)
                .include(Status::Planned),
        ),
        (
            "with every line built, no events",
            Filter::new().no_events().include_all(),
        ),
    ];
    let mut counts = Vec::new();
    for (label, filter) in &views {
        let g = net.petgraph(filter, Metric::Cost)?.undirected();
        let (places, links) = weak_points(&g);
        println!(
            "{label}: {} places, {} connections, {} component(s)",
            g.node_count(),
            g.edge_count(),
            connected_components(&g)
        );
        println!(
            "  {} articulation points: {}",
            places.len(),
            places.join(", ")
        );
        println!("  {} bridges:", links.len());
        for l in &links {
            println!("    {l}");
        }
        counts.push((places.len(), links.len()));
    }
    let (today, built) = (counts[1], counts[3]);
    println!(
        "as built: articulation points {} → {}, bridges {} → {} once every line is built",
        today.0, built.0, today.1, built.1
    );

    // Transfers and crossings priced: petgraph's Dijkstra on the state graph is the route.
    let sg = net.state_graph(&Filter::new(), Metric::Cost)?;
    let costs = dijkstra(&sg.graph, sg.start("kabul").ok_or("no kabul")?, None, |e| {
        e.weight().weight
    });
    let best = sg
        .states("karachi")
        .filter_map(|s| costs.get(&s).copied())
        .fold(f64::INFINITY, f64::min);
    let route = net.route(&RouteQuery::new("kabul", "karachi"))?;
    let by_crate = route.route.map_or(f64::NAN, |r| r.usd_per_t);
    println!(
        "kabul → karachi: {best:.1} USD/t by petgraph on the state graph, {by_crate:.1} by the crate"
    );
    // Links alone, no transfers: what a graph built by hand would say.
    let links = net.petgraph(&Filter::new(), Metric::Cost)?;
    let by_link = dijkstra(
        &links.graph,
        links.node("kabul").ok_or("no kabul")?,
        None,
        |e| e.weight().weight,
    );
    let karachi = links.node("karachi").ok_or("no karachi")?;
    println!(
        "kabul → karachi: {:.1} USD/t on links alone, transfers left out",
        by_link.get(&karachi).copied().unwrap_or(f64::NAN)
    );
    Ok(())
}
