//! Every query error message, whole: unknown ids name the id and the nearest known one; options
//! that make no sense say why.

use corridors::{
    AssignQuery, CapacityQuery, CriticalQuery, DisruptionQuery, Network, ReliabilityQuery,
    RouteQuery, Scenario,
};

fn net() -> Network {
    Network::trans_afghan()
}

#[test]
fn unknown_nodes_in_routes() {
    let e = net()
        .route(&RouteQuery::new("tashknet", "karachi"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node \"tashknet\" (did you mean \"tashkent\"?)"
    );
    let e = net()
        .route(&RouteQuery::new("tashkent", "karachi").via("zzz"))
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown node \"zzz\"");
}

#[test]
fn unknown_places_to_avoid() {
    let e = net()
        .route(&RouteQuery::new("tashkent", "karachi").avoid("XX"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node, link, country or corridor \"XX\""
    );
    let e = net()
        .route(&RouteQuery::new("tashkent", "karachi").avoid("country:AX"))
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown country \"country:AX\"");
    let e = net()
        .route(&RouteQuery::new("tashkent", "karachi").avoid("link:khaf-shamtig-rail"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown link \"link:khaf-shamtig-rail\" (did you mean \"link:khaf-shamtigh-rail\"?)"
    );
}

#[test]
fn unknown_scenarios_and_bad_scenarios_built_in_code() {
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").scenario("iran-war-2024"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown scenario \"iran-war-2024\" (did you mean \"iran-war-2025\"?)"
    );
    let bad = Scenario::new("x", "X").close_link("torkham-road");
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").with_scenario(bad))
        .unwrap_err();
    assert!(
        e.to_string().starts_with("unknown link \"torkham-road\""),
        "{e}"
    );
    let bad = Scenario::new("x", "X").capacity_factor("khaf-shamtigh-rail", 1.5);
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").with_scenario(bad))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"x\": capacity factor of \"khaf-shamtigh-rail\" must lie in [0, 1], found 1.5"
    );
    let bad = Scenario::new("x", "X").probability(-0.1);
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").with_scenario(bad))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"x\": probability must lie in [0, 1], found -0.1"
    );
}

#[test]
fn route_options_that_make_no_sense() {
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").max_overlap(1.5))
        .unwrap_err();
    assert_eq!(e.to_string(), "max overlap must lie in [0, 1], found 1.5");
    let e = net()
        .route(
            &RouteQuery::new("kabul", "karachi")
                .via("kandahar")
                .alternatives(2),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "alternatives are searched without via points, or through one port (--via-port): drop --via or --alternatives"
    );
}

#[test]
fn capacity_groups() {
    let e = net()
        .capacity(&CapacityQuery::new(
            Vec::<String>::new(),
            vec!["karachi".to_string()],
        ))
        .unwrap_err();
    assert_eq!(e.to_string(), "name at least one origin");
    let e = net()
        .capacity(&CapacityQuery::new(["karachi"], ["karachi"]))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "\"karachi\" is both an origin and a destination"
    );
    let e = net()
        .capacity(&CapacityQuery::new(["karachi"], ["mumbai"]))
        .unwrap_err();
    assert_eq!(e.to_string(), "unknown node \"mumbai\"");
}

#[test]
fn demands_scenarios_and_samples() {
    let e = net()
        .assign(&AssignQuery::new().demand("kabul", "karachi", -1.0))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "demand kabul → karachi: volume must be a positive number of Mt/yr, found -1"
    );
    let e = net().disruption(&DisruptionQuery::new()).unwrap_err();
    assert_eq!(e.to_string(), "name at least one scenario");
    let e = net()
        .reliability(&ReliabilityQuery::new().samples(0))
        .unwrap_err();
    assert_eq!(e.to_string(), "samples must be at least 1");
    let e = net()
        .critical(&CriticalQuery::new().pair("kabul", "karachy", 1.0))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node \"karachy\" (did you mean \"karachi\"?)"
    );
}
