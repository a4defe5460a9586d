//! Networks built and edited in code: the same network as from a file, every edit checked by
//! the loader's rules with a message naming the record, and edits that change the answers.

mod common;

use common::{road, town};
use corridors::{
    CapacityQuery, Crossing, Demand, Link, LonLat, Mode, Network, NetworkBuilder, Node, NodeKind,
    RouteQuery, Scenario, Status, Tariff, TransferKind,
};

/// Two countries joined by a road over a border crossing, written as a file: the network that
/// `built` makes in code.
fn two_countries() -> String {
    let cite = r#"source = "built in code""#;
    [
        r#"[network]
name = "Border"
year = 2026

[[tariffs]]
country = "AF"
mode = "road"
usd_per_tkm = 0.1
sources = ["survey"]

[[crossings]]
link = "b-c"
hours = 30
usd_per_t = 12
source = ""

[[sources]]
id = "survey"
title = "A survey"
publisher = "Us"
date = "2026-05"
confidence = "B"
"#,
        &town("a", "AF", "city", 34.0, 69.0, cite),
        &town("b", "AF", "border", 34.1, 71.0, cite),
        r#"
[[nodes]]
id = "c"
name = "C"
country = "PK"
kind = "border"
lat = 34.1
lon = 71.1
capacity_mtpa = 4
source = "built in code"
"#,
        &road("a-b", "a", "b", cite),
        &road(
            "b-c",
            "b",
            "c",
            &format!("length_km = 12\ncapacity_mtpa = 3\n{cite}"),
        ),
        r#"
[[scenarios]]
id = "shut"
name = "Border shut"
close_links = ["b-c"]
source = "built in code"

[[demands]]
from = "a"
to = "c"
mtpa = 1.5
source = "built in code"
"#,
    ]
    .concat()
}

fn built() -> Network {
    NetworkBuilder::new("Border", 2026)
        .source(corridors::Source::new(
            "survey",
            "A survey",
            "Us",
            "2026-05",
            corridors::Confidence::B,
        ))
        .tariff(
            Tariff::new("AF", Mode::Road)
                .usd_per_tkm(0.1)
                .sources(["survey"]),
        )
        .node(Node::new(
            "a",
            "A",
            "AF",
            NodeKind::City,
            LonLat::new(69.0, 34.0),
        ))
        .node(Node::new(
            "b",
            "B",
            "AF",
            NodeKind::Border,
            LonLat::new(71.0, 34.1),
        ))
        .node(
            Node::new("c", "C", "PK", NodeKind::Border, LonLat::new(71.1, 34.1)).capacity_mtpa(4.0),
        )
        .link(Link::new("a-b", "a", "b", Mode::Road))
        .link(
            Link::new("b-c", "b", "c", Mode::Road)
                .length_km(12.0)
                .capacity_mtpa(3.0),
        )
        .crossing(Crossing::new("b-c", 12.0).hours(30.0))
        .scenario(Scenario::new("shut", "Border shut").close_link("b-c"))
        .demand(Demand::new("a", "c", 1.5))
        .build()
        .unwrap()
}

fn message(b: NetworkBuilder) -> String {
    b.build().unwrap_err().to_string()
}

#[test]
fn a_network_built_in_code_equals_the_same_network_from_a_file() {
    let net = built();
    let file = Network::from_toml_str(&two_countries()).unwrap();
    assert!(net == file);
    assert_eq!(net.to_toml(), file.to_toml());
    // The derived figures are the loader's: the tariff's rate, the estimated length.
    let ab = net.link("a-b").unwrap();
    assert_eq!(ab.usd_per_tkm, 0.1);
    assert!(ab.estimated && ab.length_km > 180.0);
}

#[test]
fn an_edit_that_changes_nothing_gives_an_equal_network() {
    let net = Network::trans_afghan();
    assert!(net.edit().build().unwrap() == net);
}

#[test]
fn edits_that_break_a_rule_name_the_record() {
    let net = built();
    let cases: Vec<(NetworkBuilder, &str)> = vec![
        (
            net.edit().link_capacity("b-c", Some(-1.0)),
            r#"link "b-c": "capacity_mtpa" must be positive, found -1"#,
        ),
        (
            net.edit().remove_node("b"),
            "link \"a-b\" refers to unknown node \"b\"\nlink \"b-c\" refers to unknown node \"b\"",
        ),
        (
            net.edit().change_node("c", |n| n.country = "AF".into()),
            r#"crossing "b-c": link "b-c" does not cross a border (both ends lie in AF)"#,
        ),
        (
            net.edit().change_node("c", |n| n.id = "b".into()),
            "duplicate node id \"b\"\nlink \"b-c\" refers to unknown node \"c\"\n\
             demand \"a\" → \"c\" refers to unknown node \"c\"",
        ),
        (
            net.edit().change_link("a-b", |l| l.gauge_mm = Some(1520)),
            r#"link "a-b": "gauge_mm" is set on a road link; only rail has a gauge"#,
        ),
        (
            net.edit().change_link("b-c", |l| l.length_km = 2.0),
            r#"link "b-c" is 2 km long, shorter than the 9.2 km great-circle distance between "b" and "c""#,
        ),
        (
            net.edit()
                .scenario(Scenario::new("half", "Half").capacity_factor("b-c", 2.0)),
            r#"scenario "half": "capacity_factor" of "b-c" must lie in [0, 1], found 2"#,
        ),
        (
            net.edit()
                .scenario(Scenario::new("typo", "Typo").close_link("b-d")),
            r#"scenario "typo" refers to unknown link "b-d" (did you mean "b-c"?)"#,
        ),
        (
            net.edit().scenario(
                Scenario::new("winter", "Shut every winter")
                    .close_link("b-c")
                    .dates("2025-12-01".parse().unwrap(), None)
                    .recurs_yearly(),
            ),
            r#"scenario "winter": "recurs_yearly" is set with no "end"; a window that recurs every year needs a "start" and an "end""#,
        ),
        (
            net.edit().scenario(
                Scenario::new("winter", "Shut every winter")
                    .close_link("b-c")
                    .dates(
                        "2025-12-01".parse().unwrap(),
                        Some("2026-12-01".parse().unwrap()),
                    )
                    .recurs_yearly(),
            ),
            r#"scenario "winter": "end" 2026-12-01 is not before 2026-12-01, a year after "start" 2025-12-01; a window that recurs every year ("recurs_yearly") must be shorter than a year"#,
        ),
        (
            net.edit().tariff(
                Tariff::new("IR", Mode::Rail)
                    .usd_per_tkm(0.03)
                    .sources(["survey"]),
            ),
            r#"tariff "IR rail" refers to unknown country "IR""#,
        ),
        (
            net.edit()
                .tariff(Tariff::new("PK", Mode::Road).sources(["survey"])),
            r#"tariff "PK road" has neither "usd_per_tkm" nor "speed_kmh""#,
        ),
        (
            net.edit().demand(Demand::new("a", "a", 1.0)),
            r#"demand "a" → "a" goes nowhere: its ends are the same node"#,
        ),
        (
            net.edit().crossing_cost("b-c", None, -3.0, 1.0),
            r#"crossing "b-c": "hours" must not be negative, found -3"#,
        ),
        (
            net.edit()
                .change_link("a-b", |l| l.status = Status::Operational)
                .link(Link::new("c-a", "c", "a", Mode::Road).opens(2030)),
            r#"link "c-a": operational, yet "opens" 2030 is after the file's today (2026-12-31); a link that opens later is not yet operational"#,
        ),
    ];
    for (edit, expected) in cases {
        assert_eq!(message(edit), expected);
    }
}

#[test]
fn edits_that_name_nothing_are_errors_with_the_nearest_id() {
    let net = built();
    let cases: Vec<(NetworkBuilder, &str)> = vec![
        (
            net.edit().link_capacity("b-d", None),
            r#"no link "b-d" to change (did you mean "b-c"?)"#,
        ),
        (net.edit().remove_link("x"), r#"no link "x" to remove"#),
        (net.edit().remove_node("d"), r#"no node "d" to remove"#),
        (
            net.edit().change_scenario("shot", |_| {}),
            r#"no scenario "shot" to change (did you mean "shut"?)"#,
        ),
        (
            net.edit().tariff_rate("PK", Mode::Road, Some(0.1)),
            r#"no tariff "PK road" to change"#,
        ),
        (
            net.edit().crossing_cost("b-c", Some("b"), 1.0, 1.0),
            r#"no crossing "b-c" from "b" to change"#,
        ),
        (
            net.edit().remove_handling("c", TransferKind::Port),
            r#"no handling "port c" to remove"#,
        ),
        (
            net.edit().remove_demand("c", "a"),
            r#"no demand "c" → "a" to remove"#,
        ),
    ];
    for (edit, expected) in cases {
        assert_eq!(message(edit), expected);
    }
    // Every problem of an edit is a problem with no position.
    let err = net.edit().remove_link("x").build().unwrap_err();
    let p = &err.problems()[0];
    assert_eq!((p.path.as_str(), p.line, p.column), ("", 0, 0));
}

#[test]
fn adding_a_node_or_link_whose_id_is_taken_is_an_error() {
    let net = built();
    let place = |id: &str| Node::new(id, "X", "AF", NodeKind::City, LonLat::new(69.5, 34.2));
    assert_eq!(
        message(net.edit().add_node(place("a"))),
        r#"node "a" already exists"#
    );
    assert_eq!(
        message(net.edit().add_link(Link::new("b-c", "a", "c", Mode::Road))),
        r#"link "b-c" already exists"#
    );
    // Both are reported, and the records held are left as they were.
    let err = net
        .edit()
        .add_node(place("b"))
        .add_link(Link::new("a-b", "a", "c", Mode::Road))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "node \"b\" already exists\nlink \"a-b\" already exists"
    );
    // New ids are added, and an id removed first may be added again.
    let more = net
        .edit()
        .add_node(place("d"))
        .add_link(Link::new("a-d", "a", "d", Mode::Road))
        .remove_link("a-b")
        .add_link(Link::new("a-b", "a", "b", Mode::Road).length_km(250.0))
        .build()
        .unwrap();
    assert_eq!(more.nodes().len(), net.nodes().len() + 1);
    assert_eq!(more.link("a-b").unwrap().length_km, 250.0);
    // `node` and `link` still replace.
    let moved = net.edit().node(place("a")).build().unwrap();
    assert_eq!(moved.node("a").unwrap().name, "X");
}

#[test]
fn adding_a_scenario_whose_id_is_taken_is_an_error() {
    let net = built();
    let shut = || Scenario::new("shut", "Shut again").close_node("c");
    assert_eq!(
        message(net.edit().add_scenario(shut())),
        r#"scenario "shut" already exists"#
    );
    assert_eq!(net.scenario("shut").unwrap().name, "Border shut");
    // Removed first, the id may be added again; a new id is added, cited as given.
    let more = net
        .edit()
        .remove_scenario("shut")
        .add_scenario(shut())
        .add_scenario(
            Scenario::new("slow", "Slow")
                .add_hours("b-c", 6.0)
                .source("a note"),
        )
        .build()
        .unwrap();
    assert_eq!(more.scenario("shut").unwrap().close_nodes, ["c"]);
    assert_eq!(more.scenario("slow").unwrap().source, "a note");
}

#[test]
fn edits_change_the_answers() {
    let net = built();
    let q = RouteQuery::new("a", "c");
    let cost = |n: &Network| n.route(&q).unwrap().route.unwrap().usd_per_t;
    let cap = |n: &Network| {
        n.capacity(&CapacityQuery::new(["a"], ["c"]))
            .unwrap()
            .max_flow_mtpa
            .unwrap()
    };
    assert_eq!(cap(&net), 3.0);
    let wider = net.edit().link_capacity("b-c", Some(10.0)).build().unwrap();
    assert_eq!(cap(&wider), 4.0, "now the place's throughput limits");
    let dearer = net
        .edit()
        .tariff_rate("AF", Mode::Road, Some(0.2))
        .build()
        .unwrap();
    assert!(cost(&dearer) > cost(&net));
    assert_eq!(
        dearer.link("a-b").unwrap().usd_per_tkm,
        0.2,
        "the link follows its tariff"
    );
    let cheap = net
        .edit()
        .crossing_cost("b-c", None, 30.0, 2.0)
        .build()
        .unwrap();
    assert!((cost(&net) - cost(&cheap) - 10.0).abs() < 1e-9);
    // A link's own rate no longer follows its tariff.
    let own = net
        .edit()
        .link_rate("a-b", 0.05)
        .tariff_rate("AF", Mode::Road, Some(0.2));
    assert_eq!(own.build().unwrap().link("a-b").unwrap().usd_per_tkm, 0.05);
    // Moving a place estimates the lengths it gave no figure for again.
    let moved = net
        .edit()
        .change_node("a", |n| n.lon = 70.0)
        .build()
        .unwrap();
    assert!(moved.link("a-b").unwrap().length_km < net.link("a-b").unwrap().length_km);
    // A new line is a new route.
    let rail = net
        .edit()
        .link(
            Link::new("a-c-rail", "a", "c", Mode::Rail)
                .length_km(220.0)
                .usd_per_tkm(0.02),
        )
        .build()
        .unwrap();
    assert!(rail.route(&q).unwrap().route.unwrap().passes("a") && cost(&rail) < cost(&net));
}

#[test]
fn handling_without_hours_follows_the_transfers() {
    let net = Network::trans_afghan();
    let mut port = *net.transfers().of(TransferKind::Port);
    port.hours = 60.0;
    let slow = net
        .edit()
        .transfer(TransferKind::Port, port)
        .build()
        .unwrap();
    let gwadar = |n: &Network| {
        n.handling()
            .iter()
            .find(|h| h.node == "gwadar")
            .unwrap()
            .priced
            .hours
    };
    assert_eq!(gwadar(&net), 48.0);
    assert_eq!(gwadar(&slow), 60.0);
}
