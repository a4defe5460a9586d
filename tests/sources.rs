//! Sources as data: the `[[sources]]` bibliography, records citing it by id, and the sources a
//! route's figures rest on.

mod common;

use common::{road, town};
use corridors::{Confidence, Network, Route, RouteQuery, TransferKind};

/// Three towns, the roads between them, and the bibliography their records cite.
fn net() -> String {
    let gazetteer = r#"sources = ["gazetteer"]"#;
    [
        r#"
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
"#,
        &town("a", "AF", "city", 34.0, 62.0, gazetteer),
        &town(
            "b",
            "AF",
            "city",
            34.0,
            63.0,
            r#"source = "a sign at the town gate""#,
        ),
        &town("c", "AF", "city", 34.0, 64.0, gazetteer),
        &road(
            "a-b-road",
            "a",
            "b",
            "length_km = 120\nsources = [\"survey\"]",
        ),
        &road(
            "b-c-road",
            "b",
            "c",
            r#"estimated = true
estimate = "great-circle distance times the road detour"
sources = []
source = "estimate""#,
        ),
    ]
    .concat()
}

#[test]
fn records_cite_sources_by_id() {
    let net = Network::from_toml_str(&net()).unwrap();
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
    let net = Network::from_toml_str(&net()).unwrap();
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
    let bare = net().replace("source = \"a sign at the town gate\"\n", "");
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

/// What a route should say of its ids and sources, worked out from the public records alone:
/// each leg's link and ends, the countries passed and corridors used in order, and the sources
/// in order of first use (the origin's, each link's and the place it reaches, then what the
/// route's handling, crossings and tariffs cite, leg by leg).
fn expected_names(net: &Network, r: &Route) -> (Vec<String>, Vec<String>, Vec<String>) {
    let node = |id: &str| net.node(id).unwrap();
    let mut countries: Vec<String> = Vec::new();
    for id in r.nodes() {
        let c = &node(id).country;
        if countries.last() != Some(c) {
            countries.push(c.clone());
        }
    }
    let mut corridors: Vec<String> = Vec::new();
    let mut own: Vec<&String> = r
        .legs
        .first()
        .map_or(Vec::new(), |l| node(&l.from).sources.iter().collect());
    let mut cited: Vec<&String> = Vec::new();
    let mut transfers = r.transfers.iter().peekable();
    for leg in &r.legs {
        let link = net.link(&leg.link).unwrap();
        assert_eq!((link.mode, link.length_km), (leg.mode, leg.distance_km));
        let ends = [leg.from.as_str(), leg.to.as_str()];
        assert!(ends == [link.from.as_str(), link.to.as_str()] || ends == [&link.to, &link.from]);
        for c in &link.corridors {
            if !corridors.contains(c) {
                corridors.push(c.clone());
            }
        }
        own.extend(&link.sources);
        own.extend(&node(&leg.to).sources);
        if let Some(t) = transfers.next_if(|t| t.kind != TransferKind::Border && t.node == leg.from)
        {
            // The last record of the place and kind is the one that holds.
            let h = net
                .handling()
                .iter()
                .rev()
                .find(|h| h.node == *t.node && h.kind == t.kind);
            cited.extend(h.into_iter().flat_map(|h| &h.priced.sources));
        }
        if node(&leg.from).country != node(&leg.to).country {
            let t = transfers.next().unwrap();
            assert_eq!((t.kind, &t.node), (TransferKind::Border, &leg.to));
            let c =
                net.crossings().iter().rev().find(|c| {
                    c.link == *leg.link && c.from.as_ref().is_none_or(|f| *f == leg.from)
                });
            cited.extend(c.into_iter().flat_map(|c| &c.priced.sources));
        }
        cited.extend(&link.rate_sources);
    }
    assert!(
        transfers.next().is_none(),
        "every transfer belongs to a leg"
    );
    let mut sources: Vec<String> = Vec::new();
    for s in own.into_iter().chain(cited) {
        if !sources.contains(s) {
            sources.push(s.clone());
        }
    }
    (countries, corridors, sources)
}

#[test]
fn a_routes_ids_and_sources_are_its_records_in_order_of_first_use() {
    let mut checked = 0;
    let bundled = std::iter::once(Network::trans_afghan());
    let random = common::seeded_networks(30, 12, (2, 10), (7919, 3)).map(|(_, n)| n);
    for net in bundled.chain(random) {
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        // Every pair of a small network; a spread of pairs on the bundled one.
        let step = ids.len() / 12 + 1;
        for (i, a) in ids.iter().enumerate().step_by(step) {
            for b in ids.iter().skip(i % step).step_by(step.max(2) - 1) {
                let q = RouteQuery::new(*a, *b).include_all();
                let Some(r) = net.route(&q).unwrap().route else {
                    continue;
                };
                let (countries, corridors, sources) = expected_names(&net, &r);
                assert_eq!(r.countries, countries, "{a} → {b}");
                assert_eq!(r.corridors, corridors, "{a} → {b}");
                assert_eq!(r.sources, sources, "{a} → {b}");
                // The bottleneck: the first link, else the first place, of the least capacity.
                let links = r.legs.iter().map(|l| (l.capacity_mtpa, l.link.as_str()));
                let places = r.nodes().map(|v| (net.node(v).unwrap().capacity_mtpa, v));
                let least = links
                    .chain(places)
                    .filter_map(|(cap, id)| Some((cap?, id)))
                    .reduce(|a, b| if b.0 < a.0 { b } else { a });
                assert_eq!(
                    (r.bottleneck_mtpa, r.bottleneck_id.as_deref()),
                    (least.map(|l| l.0), least.map(|l| l.1)),
                    "{a} → {b}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked} routes checked");
}
