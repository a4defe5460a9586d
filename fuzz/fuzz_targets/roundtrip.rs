//! A network loaded from fuzzed bytes, if it loads, written back as a file with
//! `Network::to_toml()` and loaded again: an equal network (every record, field by field),
//! whose file is the same bytes; and everything else the crate writes about a whole network
//! (summary, node and link tables, sources, GeoJSON, the SVG map) the same for both.
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
    let file = net.to_toml();
    let again = Network::from_toml_str(&file)
        .unwrap_or_else(|e| panic!("the file written does not load: {e}\n---\n{file}"));
    assert_eq!(net.nodes(), again.nodes());
    assert_eq!(net.links(), again.links());
    assert_eq!(net.scenarios(), again.scenarios());
    assert_eq!(net.crossings(), again.crossings());
    assert_eq!(net.handling(), again.handling());
    assert_eq!(net.tariffs(), again.tariffs());
    assert!(net == again, "the records differ");
    assert_eq!(again.to_toml(), file, "a second write differs");
    assert_eq!(written(&net), written(&again));
});
