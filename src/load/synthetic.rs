//! Seeded synthetic corridor networks for benchmarks and tests: a jittered grid of places over
//! the region, split into countries with their own rail gauge, joined by rail, road and a
//! coastal sea lane, at any size.
//!
//! Behind the `synthetic` feature: a tool for measuring the crate, not part of its everyday
//! API. The crate's own tests and benches turn it on.
//!
//! ```
//! let net = corridors::synthetic::network(1_000, 42);
//! assert_eq!(net.nodes().len(), 1_000);
//! assert!(net.links().len() > 1_500);
//! let again = corridors::synthetic::network(1_000, 42);
//! assert_eq!(net.links(), again.links()); // same seed, same network
//! ```

use crate::model::{
    Defaults, Link, Mode, Node, NodeKind, Records, Status, Transfers, great_circle_km,
};
use crate::network::Network;
use crate::util::rng::SplitMix;

const GAUGES: [u32; 3] = [1435, 1520, 1676];

/// A synthetic network of `nodes` places (rounded to a full grid row), built from `seed`.
///
/// About two links per place, laid out as corridors: every fourth row and every fifth column
/// is a railway line, the rest roads, with some diagonal roads and a sea lane between ports
/// on the southern edge; four countries across and three down, each with its own gauge, so
/// lines change gauge at borders; one link in twenty is planned.
/// Every length is at least its great-circle distance.
pub fn network(nodes: usize, seed: u64) -> Network {
    let nodes = nodes.max(4);
    let width = ((nodes as f64).sqrt().ceil() as usize).max(2);
    let height = nodes.div_ceil(width);
    let mut rng = SplitMix(seed ^ 0x5EED);
    let mut out_nodes = Vec::with_capacity(nodes);
    for k in 0..nodes {
        let (i, j) = (k % width, k / width);
        let lat = 20.0 + 25.0 * (j as f64 + 0.3 * rng.unit()) / height as f64;
        let lon = 55.0 + 25.0 * (i as f64 + 0.3 * rng.unit()) / width as f64;
        let country = country_code(i * 4 / width + 4 * (j * 3 / height));
        let port = j == 0 && i % 10 == 0;
        out_nodes.push(Node {
            capacity_mtpa_range: None,
            id: format!("n{k}"),
            name: format!("Place {k}"),
            country,
            kind: if port { NodeKind::Port } else { NodeKind::City },
            lat,
            lon,
            capacity_mtpa: (rng.unit() < 0.02).then(|| (5 + rng.next_u64() % 20) as f64),
            source: "synthetic".into(),
            sources: Vec::new(),
            estimate: None,
            estimated: false,
            description: None,
        });
    }
    let defaults = Defaults::default();
    let mut links = Vec::with_capacity(2 * nodes + width);
    let mut add = |a: usize, b: usize, mode: Mode, rng: &mut SplitMix, out_nodes: &[Node]| {
        let (na, nb) = (&out_nodes[a], &out_nodes[b]);
        let gc = great_circle_km(na.position(), nb.position());
        let length_km = (gc * (1.05 + 0.35 * rng.unit())).max(0.5);
        let status = if rng.unit() < 0.05 {
            Status::Planned
        } else {
            Status::Operational
        };
        let md = defaults.of(mode);
        let gauge_mm = (mode == Mode::Rail).then(|| {
            let c = na.country.as_bytes()[1] - b'A';
            GAUGES[c as usize % 3]
        });
        links.push(Link {
            id: format!("l{}", links.len()),
            from: na.id.clone(),
            to: nb.id.clone(),
            mode,
            gauge_mm,
            length_km,
            estimated: false,
            length_km_range: None,
            status,
            opens: None,
            opens_on: None,
            rate_basis: crate::model::Basis::Default,
            rate_sources: Vec::new(),
            capacity_mtpa: (rng.unit() < 0.3).then(|| (1 + rng.next_u64() % 15) as f64),
            design_capacity_mtpa: None,
            corridors: Vec::new(),
            oneway: false,
            speed_kmh: md.speed_kmh,
            usd_per_tkm: md.usd_per_tkm,
            usd_per_tkm_range: None,
            speed_kmh_range: None,
            capacity_mtpa_range: None,
            own: [false; 2],
            length_given: true,
            hours_override: None,
            source: "synthetic".into(),
            sources: Vec::new(),
            estimate: None,
            description: None,
        });
    };
    for k in 0..nodes {
        let (i, j) = (k % width, k / width);
        if i + 1 < width && k + 1 < nodes {
            let mode = if rng.unit() < 0.6 {
                Mode::Rail
            } else {
                Mode::Road
            };
            add(k, k + 1, mode, &mut rng, &out_nodes);
        }
        if k + width < nodes {
            let mode = if rng.unit() < 0.7 {
                Mode::Road
            } else {
                Mode::Rail
            };
            add(k, k + width, mode, &mut rng, &out_nodes);
        }
        if i + 1 < width && k + width + 1 < nodes && rng.unit() < 0.15 {
            add(k, k + width + 1, Mode::Road, &mut rng, &out_nodes);
        }
        if j == 0 && i % 10 == 0 && i + 10 < width {
            add(k, k + 10, Mode::Sea, &mut rng, &out_nodes);
        }
    }
    assemble(format!("Synthetic {nodes}"), out_nodes, links)
}

/// Two-letter country codes AA, AB, … for the synthetic countries.
fn country_code(i: usize) -> String {
    format!("A{}", (b'A' + (i % 26) as u8) as char)
}

/// Builds a network around its records, through the one assembly every input shares.
fn assemble(name: String, nodes: Vec<Node>, links: Vec<Link>) -> Network {
    let data = Records {
        name,
        year: 2025,
        description: Some("seeded synthetic corridor network".into()),
        defaults: Defaults::default(),
        transfers: Transfers::default(),
        nodes,
        links,
        ..Records::default()
    }
    .joined()
    .unwrap_or_else(|link| unreachable!("synthetic link {link} joins synthetic places"));
    Network::new(data)
}

/// The same network written in the file format, for loader benchmarks and tests: its
/// [`Network::to_toml`], which writes any network whole.
///
/// ```
/// let net = corridors::synthetic::network(200, 7);
/// let text = corridors::synthetic::toml(&net);
/// let back = corridors::Network::from_toml_str(&text).unwrap();
/// assert!(back == net);
/// ```
pub fn toml(net: &Network) -> String {
    net.to_toml()
}

/// The text of a network file of `n` places and `n` links whose `from` is each a typo of a
/// place (`plcae-7` for `place-7`): every link is an unknown reference with a suggestion, for
/// timing "did you mean" at scale. It does not load.
///
/// ```
/// let err = corridors::Network::from_toml_str(&corridors::synthetic::typos(3)).unwrap_err();
/// assert!(err.to_string().contains("(did you mean \"place-0\"?)"));
/// ```
pub fn typos(n: usize) -> String {
    let mut s = String::from("[network]\nname = \"typos\"\nyear = 2025\n\n");
    for i in 0..n {
        let (lat, lon) = (
            30.0 + (i % 100) as f64 * 0.05,
            60.0 + (i / 100) as f64 * 0.05,
        );
        s += &format!(
            "[[nodes]]\nid = \"place-{i}\"\nname = \"P\"\ncountry = \"AF\"\nkind = \"city\"\nlat = {lat}\nlon = {lon}\nsource = \"t\"\n\n"
        );
    }
    for i in 0..n {
        s += &format!(
            "[[links]]\nid = \"link-{i}\"\nfrom = \"plcae-{i}\"\nto = \"place-{}\"\nmode = \"road\"\nstatus = \"operational\"\nsource = \"t\"\n\n",
            (i + 1) % n
        );
    }
    s
}
