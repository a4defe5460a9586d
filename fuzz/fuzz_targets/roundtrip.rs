//! A network loaded from fuzzed bytes, if it loads, written out every way the crate writes a
//! whole network (summary, node and link tables, sources, GeoJSON, the SVG map), and loaded
//! a second time from the same text: the same records and the same bytes out.
//!
//! The round trip proper (write the network back as TOML, load that, compare) waits for a
//! general writer, `Network::to_toml()` (issue 14): `synthetic::toml` writes only what
//! synthetic networks hold (nodes and links, no defaults, corridors, scenarios or costs, and
//! names unescaped), so it cannot write back an arbitrary file.
#![no_main]

use corridors::{LinkTable, Map, Network, NodeTable, SourceTable, network_geojson};
use libfuzzer_sys::fuzz_target;

/// Everything the crate writes about a whole network.
fn written(net: &Network) -> Vec<String> {
    vec![
        net.summary().to_string(),
        NodeTable::new(net.nodes()).to_string(),
        LinkTable::new(net.links()).to_string(),
        SourceTable::new(net).to_string(),
        network_geojson(net).to_string(),
        Map::new(net).svg(),
    ]
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(net) = Network::from_toml_str(&text) else {
        return;
    };
    let again = Network::from_toml_str(&text).expect("the same text loads again");
    assert_eq!(net.nodes(), again.nodes());
    assert_eq!(net.links(), again.links());
    assert_eq!(net.scenarios(), again.scenarios());
    assert_eq!(written(&net), written(&again));
});
