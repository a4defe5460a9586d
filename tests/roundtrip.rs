//! `Network::to_toml` writes a complete file: loading it gives an equal network, and writing
//! that network gives the same bytes, on the bundled network and on seeded random networks.

use corridors::{Network, synthetic};

/// Loads the network's text back and checks records and bytes.
fn round_trip(net: &Network) {
    let text = net.to_toml();
    let back = Network::from_toml_str(&text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"));
    assert_eq!(back.nodes(), net.nodes());
    assert_eq!(back.links(), net.links());
    assert_eq!(back.corridors(), net.corridors());
    assert_eq!(back.scenarios(), net.scenarios());
    assert_eq!(back.demands(), net.demands());
    assert_eq!(back.observed(), net.observed());
    assert_eq!(back.sources(), net.sources());
    assert_eq!(back.tariffs(), net.tariffs());
    assert_eq!(back.crossings(), net.crossings());
    assert_eq!(back.handling(), net.handling());
    assert_eq!(back.units(), net.units());
    assert_eq!(back.currencies(), net.currencies());
    assert_eq!(back.defaults(), net.defaults());
    assert_eq!(back.transfers(), net.transfers());
    assert_eq!(back.spreads(), net.spreads());
    assert_eq!(back.parameters(), net.parameters());
    assert!(back == *net, "the records differ");
    assert_eq!(back.to_toml(), text, "a second write differs");
}

#[test]
fn the_bundled_network_round_trips() {
    round_trip(&Network::trans_afghan());
}

#[test]
fn the_bundled_network_keeps_every_section() {
    let text = Network::trans_afghan().to_toml();
    for section in [
        "[network]",
        "[defaults.rail]",
        "[transfers]",
        "[uncertainty]",
        "[units.truck]",
        "[currencies.PKR]",
        "[[sources]]",
        "[[tariffs]]",
        "[[crossings]]",
        "[[handling]]",
        "[[corridors]]",
        "[[nodes]]",
        "[[links]]",
        "[[scenarios]]",
        "[[demands]]",
        "[[observed]]",
        "[[projects]]",
    ] {
        assert!(
            text.contains(&format!("\n{section}\n")) || text.starts_with(section),
            "{section}"
        );
    }
    assert!(
        text.contains("sources = [\"caci-2025\"]"),
        "[network] cites its sources"
    );
    assert!(
        text.contains("opens = 2026-02-03"),
        "an opening date stays a date"
    );
    assert!(text.contains("cost = { amount = 480, currency = \"PKR\", per = \"t\" }"));
}

#[test]
fn seeded_random_networks_round_trip() {
    for (size, seed) in [(4, 1), (50, 2), (300, 3), (1_000, 4)] {
        round_trip(&synthetic::network(size, seed));
    }
}
