//! Draws the Chabahar and Gwadar routes from Tashkent to Nhava Sheva (Mumbai), with every
//! planned line built, into `map.svg` in the current directory.
//!
//! ```sh
//! cargo run --example map   # then open map.svg
//! ```

use std::error::Error;

use corridors::{Map, Network, RouteQuery};

/// The map the README shows: the network, and the best route through each port.
pub fn draw(net: &Network) -> Result<String, Box<dyn Error>> {
    let mut map = Map::new(net).title(
        "Tashkent to Nhava Sheva (Mumbai) through Chabahar or Gwadar, every planned line built",
    );
    for port in ["chabahar", "gwadar"] {
        let q = RouteQuery::new("tashkent", "nhava-sheva")
            .via_port(port)
            .include_all()
            .no_events();
        let answer = net.route(&q)?;
        let route = answer
            .route
            .ok_or_else(|| format!("no route via {port}: {}", answer.reason.unwrap_or_default()))?;
        let name = net.node(port).map_or(port, |n| n.name.as_str());
        let name = name.split(" (").next().unwrap_or(name);
        map = map.route(format!("Tashkent → Nhava Sheva via {name}"), &route)?;
    }
    Ok(map.svg())
}

fn main() -> Result<(), Box<dyn Error>> {
    let net = Network::trans_afghan();
    let svg = draw(&net)?;
    std::fs::write("map.svg", &svg)?;
    println!("wrote map.svg ({} bytes)", svg.len());
    Ok(())
}
