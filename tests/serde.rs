//! Serde both ways: queries, records and reports read back from their JSON equal to what was
//! written; the CLI's JSON keys are the derived shapes'.

use std::fmt::Debug;

use corridors::{
    AssignQuery, CapacityQuery, CompareQuery, CriticalQuery, Date, DisruptionQuery, Filter,
    LoadError, Metric, Mode, Network, OptimalQuery, Problem, ProjectsQuery, ReliabilityQuery,
    RouteAnswer, RouteQuery, Sampling, Scenario, SensitivityQuery, SplitQuery, Status,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;

/// `x` written as JSON and read back.
fn again<T: Serialize + DeserializeOwned>(x: &T) -> T {
    let text = serde_json::to_string(x).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(x: &T) {
    assert_eq!(&again(x), x);
}

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn filter() -> Filter {
    Filter::new()
        .date(day("2025-11-01"))
        .include(Status::Planned)
        .mode(Mode::Rail)
        .avoid("torkham-af")
        .scenario("pak-afghan-closure-2025")
        .with_scenario(
            Scenario::new("strike", "Strike")
                .close_node("karachi")
                .add_hours("PK", 12.0),
        )
}

#[test]
fn queries_round_trip() {
    round_trips(
        &RouteQuery::new("kabul", "karachi")
            .metric(Metric::Time)
            .filter(filter())
            .via("kandahar")
            .alternatives(3)
            .draws(50)
            .seed(7),
    );
    round_trips(&RouteQuery::new("tashkent", "karachi").via_port("bandar-abbas"));
    round_trips(&CapacityQuery::new(["termez"], ["karachi", "gwadar"]).filter(filter()));
    round_trips(
        &CompareQuery::new(["tashkent"], ["nhava-sheva"], ["chabahar", "gwadar"]).draws(10),
    );
    round_trips(
        &AssignQuery::new()
            .pair("kabul", "karachi", 1.5)
            .metric(Metric::Distance),
    );
    round_trips(
        &CriticalQuery::new()
            .nodes(true)
            .joint(true)
            .filter(filter()),
    );
    round_trips(
        &DisruptionQuery::new()
            .scenario("iran-war-2025")
            .with_scenario(Scenario::new("x", "X").capacity_factor("termez-hairatan-rail", 0.5))
            .regions(["termez"], ["karachi"])
            .capacity_modes([Mode::Rail]),
    );
    round_trips(&ReliabilityQuery::new().pair("kabul", "karachi", 1.0));
    round_trips(&SensitivityQuery::new("kabul", "karachi").filter(filter()));
    round_trips(&OptimalQuery::new().pair("kabul", "karachi", 2.0));
    round_trips(
        &ProjectsQuery::new()
            .project("mazar-herat")
            .filter(Filter::new().project("sarakhs-tracks"))
            .draws(3),
    );
    round_trips(&filter());
}

/// Every query that draws writes its draws as `draws`, `seed` and `sampling` at the top
/// level of its JSON, as the contract has them, and reads them back.
#[test]
fn a_query_s_draws_keep_their_json_keys() {
    fn keys<T: Serialize + DeserializeOwned + PartialEq + Debug>(q: T) {
        let v = serde_json::to_value(&q).unwrap();
        assert_eq!(
            (&v["draws"], &v["seed"], &v["sampling"]),
            (&json!(3), &json!(7), &json!("stratified")),
            "{v}"
        );
        round_trips(&q);
    }
    let s = Sampling::Stratified;
    keys(
        RouteQuery::new("kabul", "karachi")
            .draws(3)
            .seed(7)
            .sampling(s),
    );
    keys(
        CompareQuery::new(["kabul"], ["mundra"], ["karachi"])
            .draws(3)
            .seed(7)
            .sampling(s),
    );
    keys(
        CapacityQuery::new(["termez"], ["karachi"])
            .draws(3)
            .seed(7)
            .sampling(s),
    );
    keys(CriticalQuery::new().draws(3).seed(7).sampling(s));
    keys(DisruptionQuery::new().draws(3).seed(7).sampling(s));
    keys(OptimalQuery::new().draws(3).seed(7).sampling(s));
    keys(SplitQuery::new().draws(3).seed(7).sampling(s));
    keys(ProjectsQuery::new().draws(3).seed(7).sampling(s));
}

#[test]
fn a_query_read_from_json_gives_the_same_answer() {
    let net = Network::trans_afghan();
    let q = RouteQuery::new("kabul", "karachi").filter(Filter::new().no_events());
    assert_eq!(net.route(&again(&q)).unwrap(), net.route(&q).unwrap());
}

#[test]
fn records_round_trip() {
    let net = Network::trans_afghan();
    round_trips(&net.nodes().to_vec());
    round_trips(&net.links().to_vec());
    round_trips(&net.corridors().to_vec());
    round_trips(&net.scenarios().to_vec());
    round_trips(&net.demands().to_vec());
    round_trips(&net.sources().to_vec());
    round_trips(&net.tariffs().to_vec());
    round_trips(&net.crossings().to_vec());
    round_trips(&net.handling().to_vec());
    round_trips(&net.units().to_vec());
    round_trips(&net.currencies().to_vec());
    round_trips(net.defaults());
    round_trips(net.transfers());
    round_trips(&net.spreads().copied());
    round_trips(&net.parameters().to_vec());
    round_trips(&net.summary());
}

#[test]
fn records_read_from_json_build_the_same_network() {
    let net = Network::trans_afghan();
    let mut edit = net.edit();
    for l in again(&net.links().to_vec()) {
        edit = edit.link(l);
    }
    for c in again(&net.crossings().to_vec()) {
        edit = edit.crossing(c);
    }
    assert!(edit.build().unwrap() == net);
}

#[test]
fn reports_round_trip() {
    let net = Network::trans_afghan();
    let route = |q: RouteQuery| net.route(&q).unwrap();
    round_trips(&route(RouteQuery::new("kabul", "karachi")));
    round_trips(&route(RouteQuery::new("termez", "karachi").alternatives(3)));
    round_trips(&route(
        RouteQuery::new("tashkent", "bandar-abbas").draws(20),
    ));
    let none = route(RouteQuery::new("kabul", "karachi").filter(Filter::new().mode(Mode::Sea)));
    assert!(none.route.is_none());
    round_trips(&none);
    round_trips(
        &net.capacity(&CapacityQuery::new(["termez"], ["karachi"]))
            .unwrap(),
    );
    round_trips(
        &net.compare(&CompareQuery::new(
            ["tashkent"],
            ["nhava-sheva"],
            ["chabahar", "gwadar"],
        ))
        .unwrap(),
    );
    round_trips(
        &net.disruption(&DisruptionQuery::new().scenario("pak-afghan-closure-2025"))
            .unwrap(),
    );
    round_trips(&net.assign(&AssignQuery::new()).unwrap());
    round_trips(&net.reliability(&ReliabilityQuery::new()).unwrap());
    round_trips(
        &net.sensitivity(&SensitivityQuery::new("kabul", "karachi"))
            .unwrap(),
    );
    round_trips(&net.critical(&CriticalQuery::new().nodes(true)).unwrap());
    round_trips(
        &net.optimal(&OptimalQuery::new().versus_greedy(true))
            .unwrap(),
    );
    round_trips(&net.rank_projects(&ProjectsQuery::new().draws(3)).unwrap());
    for p in net.projects() {
        round_trips(p);
    }
}

#[test]
fn a_route_answer_has_one_shape_found_or_not() {
    let net = Network::trans_afghan();
    let keys = |a: &RouteAnswer| -> Vec<String> {
        let v = serde_json::to_value(a).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    };
    // By sea alone (the filter states its mode in both): Bandar Abbas reaches Karachi,
    // Kabul does not.
    let sea = |from| RouteQuery::new(from, "karachi").filter(Filter::new().mode(Mode::Sea));
    let found = net.route(&sea("bandar-abbas")).unwrap();
    let none = net.route(&sea("kabul")).unwrap();
    assert_eq!(keys(&found), keys(&none));
    let v = serde_json::to_value(&none).unwrap();
    assert_eq!(v["found"], false);
    assert_eq!(v["legs"], serde_json::json!([]));
    assert!(v["distance_km"].is_null() && v["survival"].is_null());
    // A found route's nodes are its legs' ends.
    let v = serde_json::to_value(&found).unwrap();
    assert_eq!(v["nodes"][0], "bandar-abbas");
    // An answer that says it found a route must hold its totals.
    let mut broken = v.clone();
    broken["distance_km"] = serde_json::Value::Null;
    let err = serde_json::from_value::<RouteAnswer>(broken).unwrap_err();
    assert_eq!(err.to_string(), "a route found needs \"distance_km\"");
}

#[test]
fn load_problems_serialize_with_their_positions() {
    let err =
        Network::from_toml_str("[network]\nname = \"x\"\nyear = 2026\n[[nodes]]\nid = \"A\"\n")
            .unwrap_err();
    let v = serde_json::to_value(&err).unwrap();
    assert_eq!(v["error"], err.to_string());
    let problems: Vec<Problem> = serde_json::from_value(v["problems"].clone()).unwrap();
    assert_eq!(problems, err.problems());
    assert_eq!(
        serde_json::to_value(&problems[0])
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["column", "line", "message", "path"]
    );
    let io = Network::from_path("no/such.toml").unwrap_err();
    assert!(matches!(io, LoadError::Io { .. }));
    let v = serde_json::to_value(&io).unwrap();
    assert_eq!(v["problems"], serde_json::json!([]));
}
