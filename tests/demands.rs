//! Demand volumes as uncertain figures: a demand's `mtpa_range` (or its grade's spread) makes it
//! a parameter that draws move, a project's saving moves with it, and capacity to the sea is
//! measured between the flows bound for a port.

use corridors::{
    Demand, DisruptionQuery, Filter, Link, LonLat, Mode, Network, NetworkBuilder, Node, NodeKind,
    OptimalQuery, ParameterKind, Project, ProjectsQuery, RangeFrom, Scenario, Status,
};

fn town() -> Node {
    Node::new(
        "town",
        "Town",
        "AF",
        NodeKind::City,
        LonLat::new(66.0, 36.0),
    )
}

/// About 400 km south of [`town`].
fn port() -> Node {
    Node::new(
        "port",
        "Port",
        "PK",
        NodeKind::Port,
        LonLat::new(66.5, 32.5),
    )
}

/// A town, a port 400 km south by road, and a planned railway between them that a project
/// builds; `demand` is the one flow.
fn line(demand: Demand) -> Network {
    NetworkBuilder::new("A line", 2026)
        .node(town())
        .node(port())
        .link(Link::new("town-port-road", "town", "port", Mode::Road).length_km(400.0))
        .link(
            Link::new("town-port-rail", "town", "port", Mode::Rail)
                .length_km(400.0)
                .status(Status::Planned),
        )
        .project(Project::new("railway", "Railway").link("town-port-rail"))
        .demand(demand)
        .build()
        .unwrap()
}

#[test]
fn every_bundled_demand_is_a_volume_parameter_with_the_range_it_states() {
    let net = Network::trans_afghan();
    let volumes: Vec<_> = net
        .parameters()
        .iter()
        .filter(|p| p.kind == ParameterKind::Volume)
        .collect();
    assert_eq!(volumes.len(), net.demands().len());
    for (p, d) in volumes.iter().zip(net.demands()) {
        assert_eq!(p.id, format!("demand.{}.{}.mtpa", d.from, d.to));
        assert_eq!(p.unit, "Mt/yr");
        assert_eq!(p.base, d.mtpa);
        let r = d.mtpa_range.expect("every bundled demand states its range");
        assert_eq!((p.low, p.high, p.range), (r.low, r.high, RangeFrom::Stated));
    }
    let hairatan = net.parameter("demand.termez.mazar-i-sharif.mtpa").unwrap();
    assert_eq!(
        (hairatan.low, hairatan.base, hairatan.high),
        (2.4, 2.9, 3.5)
    );
}

#[test]
fn a_demand_without_a_range_takes_its_grade_and_a_repeated_pair_is_numbered() {
    let text = include_str!("fixtures/two-flows.toml");
    let net = Network::from_toml_str(text).unwrap();
    let first = net.parameter("demand.a.b.mtpa").unwrap();
    // No [[sources]] entry cited: grade C's ±50 %.
    assert_eq!(
        (first.low, first.high, first.range),
        (1.0, 3.0, RangeFrom::Grade)
    );
    let second = net.parameter("demand.a.b.mtpa.2").unwrap();
    assert_eq!((second.low, second.high), (0.5, 3.0));
    assert_eq!(second.range, RangeFrom::Stated);
    // The range survives the file.
    assert_eq!(Network::from_toml_str(&net.to_toml()).unwrap(), net);
}

#[test]
fn a_drawn_volume_is_the_cargo_the_assignment_carries() {
    let net = line(Demand::new("town", "port", 1.0).mtpa_range(0.5, 2.0));
    let i = net
        .parameters()
        .iter()
        .position(|p| p.id == "demand.town.port.mtpa")
        .unwrap();
    let mut v: Vec<f64> = net.parameters().iter().map(|p| p.base).collect();
    v[i] = 1.75;
    let more = net.with_parameters(&v).unwrap();
    let carried = more.optimal(&OptimalQuery::new()).unwrap();
    assert_eq!(carried.demands[0].demand_mtpa, 1.75);
    // No cargo at all is not a volume: the error names the figure.
    v[i] = 0.0;
    let e = net.with_parameters(&v).unwrap_err().to_string();
    assert!(e.contains("demand.town.port.mtpa"), "{e}");
}

#[test]
fn a_project_s_saving_spreads_with_its_cargo_and_only_with_it() {
    // Every other figure is exact (no [uncertainty], no other range), no capacity binds, so
    // the saving is the saving per tonne times the volume drawn.
    let ranged = line(Demand::new("town", "port", 1.0).mtpa_range(0.5, 2.0));
    let q = ProjectsQuery::new().draws(200).seed(3);
    let r = ranged.rank_projects(&q).unwrap();
    let p = &r.projects[0];
    let per_mt = p.saving_usd_per_year;
    assert!(per_mt > 0.0);
    let [p5, p50, p95] = p.draws.as_ref().unwrap().saving_usd_per_year;
    assert!(0.5 * per_mt <= p5 && p5 < p50 && p50 < p95 && p95 <= 2.0 * per_mt);
    // Triangular on [0.5, 2] with its mode at 1: the median lies above the mode.
    assert!(p50 > per_mt, "{p50} vs {per_mt}");

    let fixed = line(Demand::new("town", "port", 1.0));
    let r = fixed.rank_projects(&q).unwrap();
    let [p5, _, p95] = r.projects[0].draws.as_ref().unwrap().saving_usd_per_year;
    assert_eq!(p5, p95);
    assert_eq!(p5, r.projects[0].saving_usd_per_year);
}

#[test]
fn capacity_to_the_sea_leaves_inland_flows_out_unless_there_are_no_others() {
    // The rail line to the port carries 3 Mt/yr; a second rail line inland has no published
    // capacity. Counting the inland flow would make the measure unbounded.
    let build = |inland_only: bool| {
        let mut b = NetworkBuilder::new("Inland and to the sea", 2026)
            .node(town())
            .node(Node::new(
                "mine",
                "Mine",
                "AF",
                NodeKind::City,
                LonLat::new(67.0, 36.5),
            ))
            .node(port())
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
