//! Sources as data: the `[[sources]]` bibliography, records citing it by id, and the sources a
//! route's figures rest on.

use corridors::{Confidence, Network, RouteQuery};

const NET: &str = r#"
[network]
name = "Three towns"
year = 2025
sources = ["survey"]

[[sources]]
id = "survey"
title = "A corridor survey"
publisher = "A development bank"
date = "2024-06"
address = "https://example.org/survey"
confidence = "A"

[[sources]]
id = "gazetteer"
title = "A gazetteer"
publisher = "A mapping agency"
date = "2023"
address = "https://example.org/gazetteer"
confidence = "B"

[[nodes]]
id = "a"
name = "A"
country = "AF"
kind = "city"
lat = 34.0
lon = 62.0
sources = ["gazetteer"]

[[nodes]]
id = "b"
name = "B"
country = "AF"
kind = "city"
lat = 34.0
lon = 63.0
source = "a sign at the town gate"

[[nodes]]
id = "c"
name = "C"
country = "AF"
kind = "city"
lat = 34.0
lon = 64.0
sources = ["gazetteer"]

[[links]]
id = "a-b-road"
from = "a"
to = "b"
mode = "road"
length_km = 120
status = "operational"
sources = ["survey"]

[[links]]
id = "b-c-road"
from = "b"
to = "c"
mode = "road"
status = "operational"
estimated = true
estimate = "great-circle distance times the road detour"
sources = []
source = "estimate"
"#;

#[test]
fn records_cite_sources_by_id() {
    let net = Network::from_toml_str(NET).unwrap();
    assert_eq!(net.sources().len(), 2);
    let survey = net.source("survey").unwrap();
    assert_eq!(survey.confidence, Confidence::A);
    assert_eq!(
        survey.address.as_deref(),
        Some("https://example.org/survey")
    );
    assert_eq!(survey.date, "2024-06");
    let a = net.node("a").unwrap();
    assert_eq!(a.sources, ["gazetteer"]);
    // With only ids, the free-text source names them.
    assert_eq!(a.source, "gazetteer");
    assert_eq!(net.node("b").unwrap().source, "a sign at the town gate");
    assert!(net.node("b").unwrap().sources.is_empty());
    let bc = net.link("b-c-road").unwrap();
    assert!(bc.estimated);
    assert_eq!(
        bc.estimate.as_deref(),
        Some("great-circle distance times the road detour")
    );
}

#[test]
fn a_route_names_the_sources_its_figures_rest_on() {
    let net = Network::from_toml_str(NET).unwrap();
    let r = net
        .route(&RouteQuery::new("a", "c"))
        .unwrap()
        .route
        .unwrap();
    // In order of first use: the origin, the first link, then the last place.
    assert_eq!(r.sources, ["gazetteer", "survey"]);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["sources"], serde_json::json!(["gazetteer", "survey"]));
}

#[test]
fn a_record_needs_a_source_or_sources() {
    let bare = NET.replace("source = \"a sign at the town gate\"\n", "");
    let e = Network::from_toml_str(&bare).unwrap_err();
    assert_eq!(
        e.to_string(),
        "<string>:32:1: node \"b\" has no \"source\" or \"sources\""
    );
}

#[test]
fn every_bundled_source_is_cited_and_the_listing_counts_every_kind_of_record() {
    use corridors::SourceTable;
    let net = Network::trans_afghan();
    let table = SourceTable::new(&net).to_string();
    let counts: Vec<(&str, usize)> = table
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(' '))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0], f[3].parse().expect("a count"))
        })
        .collect();
    assert_eq!(counts.len(), net.sources().len());
    let uncited: Vec<&str> = counts.iter().filter(|c| c.1 == 0).map(|c| c.0).collect();
    assert!(uncited.is_empty(), "cited by no record: {uncited:?}");
    // Cited only by a project, a tariff, and counts and a demand (the listing read 0 for the first two
    // when it counted places, links, corridors, scenarios and demands alone).
    for (id, n) in [
        ("asiaplus-2022-uap-cost", 1),
        ("cpmm-2022-turkmenistan", 1),
        ("amu-2025-afghan-rail", 5),
    ] {
        assert!(counts.contains(&(id, n)), "{id}: {counts:?}");
    }
}
