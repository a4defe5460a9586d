//! Every query error message, whole: unknown ids name the id and the nearest known one; options
//! that make no sense say why.

use corridors::{
    AssignQuery, CapacityQuery, CompareQuery, CriticalQuery, DisruptionQuery, Network, QueryError,
    ReliabilityQuery, RouteQuery, Scenario, SensitivityQuery,
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
    let d = |s: &str| s.parse::<corridors::Date>().unwrap();
    let refused = |sc: Scenario| {
        net()
            .route(&RouteQuery::new("kabul", "karachi").with_scenario(sc))
            .unwrap_err()
            .to_string()
    };
    let yearly = Scenario::new("x", "X").recurs_yearly();
    assert_eq!(
        refused(yearly.clone().dates(d("2025-12-01"), None)),
        "scenario \"x\": recurs yearly, so it needs a start and an end (start 2025-12-01, end none)"
    );
    assert_eq!(
        refused(yearly.clone()),
        "scenario \"x\": recurs yearly, so it needs a start and an end (start none, end none)"
    );
    assert_eq!(
        refused(yearly.dates(d("2024-02-29"), Some(d("2025-02-28")))),
        "scenario \"x\": recurs yearly, so its window must end before its start comes round again: end 2025-02-28 is not before 2025-02-28"
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
fn a_port_to_pass_through_must_be_a_port() {
    // Herat is a city: no sea starts there, so "through Herat" as a port is a mistake, not a
    // route that cannot be found.
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").via_port("herat"))
        .unwrap_err();
    assert_eq!(
        e,
        QueryError::NotAPort {
            node: "herat".into(),
            kind: "city"
        }
    );
    assert_eq!(e.to_string(), "\"herat\" is a city, not a port");
    let e = net()
        .compare(&CompareQuery::new(
            ["kabul"],
            ["mundra"],
            ["chabahar", "torkham-af"],
        ))
        .unwrap_err();
    assert_eq!(e.to_string(), "\"torkham-af\" is a border, not a port");
    // Also when the place is the origin, which the comparison does not route through.
    let e = net()
        .compare(&CompareQuery::new(["kabul"], ["mundra"], ["kabul"]))
        .unwrap_err();
    assert_eq!(e.to_string(), "\"kabul\" is a city, not a port");
    let e = net()
        .sensitivity(&SensitivityQuery::new("kabul", "mundra").via_port("herat"))
        .unwrap_err();
    assert_eq!(e.to_string(), "\"herat\" is a city, not a port");
    // An unknown id is still an unknown id.
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").via_port("chabhar"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node \"chabhar\" (did you mean \"chabahar\"?)"
    );
}

#[test]
fn a_port_named_twice_is_rejected() {
    let twice = ["chabahar", "bandar-abbas", "chabahar"];
    let e = net()
        .compare(&CompareQuery::new(["kabul"], ["mundra"], twice))
        .unwrap_err();
    assert_eq!(
        e,
        QueryError::RepeatedPort {
            port: "chabahar".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "port \"chabahar\" is named twice: name each port once"
    );
    let q = twice
        .iter()
        .fold(SensitivityQuery::new("kabul", "mundra"), |q, p| {
            q.via_port(*p)
        });
    assert_eq!(net().sensitivity(&q).unwrap_err(), e);
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
        "demand kabul → karachi: volume must be a positive number of Mt/yr (at most 1e12), found -1"
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

/// Regression: a negative surcharge built in code used to reach the search weights, where it
/// broke Dijkstra's settled labels and, on a two-way link, made a via search run until memory
/// ran out. Every number of a scenario built in code now obeys the loader's rules.
#[test]
fn negative_surcharge_is_rejected() {
    let cheap =
        Scenario::new("cheap", "Cheaper Khaf rail").add_usd_per_t("khaf-shamtigh-rail", -20.0);
    let q = RouteQuery::new("kabul", "bandar-abbas")
        .via("herat")
        .with_scenario(cheap.clone());
    let e = net().route(&q).unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"cheap\": USD per tonne added of \"khaf-shamtigh-rail\" must not be negative, found -20"
    );
    assert!(matches!(
        e,
        corridors::QueryError::ScenarioValue { ref scenario, value, .. }
            if scenario == "cheap" && value == -20.0
    ));
    // The same rule holds wherever a scenario enters a query.
    let e = net()
        .disruption(&DisruptionQuery::new().with_scenario(cheap.clone()))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"cheap\": USD per tonne added of \"khaf-shamtigh-rail\" must not be negative, found -20"
    );
    let filter = corridors::Filter::new().with_scenario(cheap);
    let e = net()
        .capacity(&CapacityQuery::new(["kabul"], ["karachi"]).filter(filter))
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("scenario \"cheap\": USD per tonne added"),
        "{e}"
    );

    let slow = Scenario::new("slow", "Slow").add_hours("AF", -500.0);
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").with_scenario(slow))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"slow\": hours added of \"AF\" must not be negative, found -500"
    );
    let nan = Scenario::new("nan", "Not a number").add_hours("AF", f64::NAN);
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").with_scenario(nan))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"nan\": hours added of \"AF\" must be a finite number, found NaN"
    );
    let late = Scenario::new("late", "Late").probability(f64::NAN);
    let e = net()
        .route(&RouteQuery::new("kabul", "karachi").with_scenario(late))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario \"late\": probability must be a finite number, found NaN"
    );
    // Zero is no change, and allowed.
    let zero = Scenario::new("zero", "Nothing").add_usd_per_t("AF", 0.0);
    assert!(
        net()
            .route(&RouteQuery::new("kabul", "karachi").with_scenario(zero))
            .is_ok()
    );
}

/// Regression: a NaN or negative volume used to be accepted by every flow query but the
/// assignment; now each names the pair.
#[test]
fn nan_volumes_are_rejected() {
    let msg = "demand kabul → karachi: volume must be a positive number of Mt/yr (at most 1e12), found NaN";
    let e = net()
        .critical(&CriticalQuery::new().pair("kabul", "karachi", f64::NAN))
        .unwrap_err();
    assert_eq!(e.to_string(), msg);
    assert!(
        matches!(e, corridors::QueryError::BadVolume { ref from, ref to, .. } if from == "kabul" && to == "karachi")
    );
    let e = net()
        .disruption(
            &DisruptionQuery::new()
                .scenario("pak-afghan-closure-2025")
                .pair("kabul", "karachi", f64::NAN),
        )
        .unwrap_err();
    assert_eq!(e.to_string(), msg);
    let e = net()
        .reliability(&ReliabilityQuery::new().pair("kabul", "karachi", f64::NAN))
        .unwrap_err();
    assert_eq!(e.to_string(), msg);
    let e = net()
        .assign(&AssignQuery::new().pair("kabul", "karachi", f64::INFINITY))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "demand kabul → karachi: volume must be a positive number of Mt/yr (at most 1e12), found inf"
    );
    let e = net()
        .critical(&CriticalQuery::new().pair("kabul", "karachi", 0.0))
        .unwrap_err();
    assert!(e.to_string().ends_with("found 0"), "{e}");
}

#[test]
fn a_country_code_in_the_other_case_is_suggested() {
    let q = RouteQuery::new("kabul", "karachi").filter(corridors::Filter::new().avoid("pk"));
    let e = net().route(&q).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node, link, country or corridor \"pk\" (did you mean \"PK\"?)"
    );
}

#[test]
fn a_comparison_needs_an_origin_and_a_destination() {
    let none: [&str; 0] = [];
    let e = net()
        .compare(&CompareQuery::new(none, ["mundra"], ["chabahar"]))
        .unwrap_err();
    assert_eq!(e.to_string(), "name at least one origin");
    let e = net()
        .compare(&CompareQuery::new(["kabul"], none, ["chabahar"]))
        .unwrap_err();
    assert_eq!(e.to_string(), "name at least one destination");
}
