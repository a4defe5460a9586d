//! Capacity to the sea is measured between the flows bound for a port.

use corridors::{
    Demand, DisruptionQuery, Filter, Link, LonLat, Mode, NetworkBuilder, Node, NodeKind, Scenario,
};

#[test]
fn capacity_to_the_sea_leaves_inland_flows_out_unless_there_are_no_others() {
    // The rail line to the port carries 3 Mt/yr; a second rail line inland has no published
    // capacity. Counting the inland flow would make the measure unbounded.
    let build = |inland_only: bool| {
        let mut b = NetworkBuilder::new("Inland and to the sea", 2026)
            .node(Node::new(
                "town",
                "Town",
                "AF",
                NodeKind::City,
                LonLat::new(66.0, 36.0),
            ))
            .node(Node::new(
                "mine",
                "Mine",
                "AF",
                NodeKind::City,
                LonLat::new(67.0, 36.5),
            ))
            .node(Node::new(
                "port",
                "Port",
                "PK",
                NodeKind::Port,
                LonLat::new(66.5, 32.5),
            ))
            .link(
                Link::new("town-port-rail", "town", "port", Mode::Rail)
                    .length_km(400.0)
                    .capacity_mtpa(3.0),
            )
            .link(Link::new("mine-town-rail", "mine", "town", Mode::Rail).length_km(130.0))
            .scenario(Scenario::new("cut", "Line cut").close_link("mine-town-rail"))
            .demand(Demand::new("mine", "town", 1.0));
        if !inland_only {
            b = b.demand(Demand::new("town", "port", 2.0));
        }
        b.build().unwrap()
    };
    let q = DisruptionQuery::new()
        .base(Filter::new().no_events())
        .scenario("cut");
    let r = build(false).disruption(&q).unwrap();
    assert_eq!(r.regions.origins, ["town"]);
    assert_eq!(r.regions.destinations, ["port"]);
    assert_eq!(r.capacity_before_mtpa, Some(3.0));
    // The inland flow is still a flow the scenario cuts off.
    assert!(r.affected.iter().any(|a| a.from == "mine" && a.cut_off));

    let r = build(true).disruption(&q).unwrap();
    assert_eq!(r.regions.origins, ["mine"]);
    assert_eq!(r.regions.destinations, ["town"]);
    assert_eq!(r.capacity_before_mtpa, None);
    assert_eq!(r.capacity_after_mtpa, Some(0.0));
}
