//! Costs as published: per-country rates, crossings per direction, handling at places, units and
//! currencies; and dated events and openings. On the bundled network (figures from ADB CAREC's
//! corridor monitoring) and on small networks written here.

mod common;

use common::{road, town};
use corridors::{Basis, Date, Filter, Mode, Network, RouteQuery, TransferKind};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The border transfer of the route from `from` to `to` on the network as built.
fn crossing(net: &Network, from: &str, to: &str) -> corridors::Transfer {
    let r = net
        .route(&RouteQuery::new(from, to).no_events())
        .unwrap()
        .route
        .unwrap();
    r.transfers
        .into_iter()
        .find(|t| t.kind == TransferKind::Border)
        .unwrap()
}

#[test]
fn chaman_is_slower_than_torkham_as_cpmm_published() {
    let net = Network::trans_afghan();
    // Leaving Pakistan: Chaman 54.0 h and 50 USD a truck, Torkham 24.2 h and 267 USD (2022).
    let chaman = crossing(&net, "chaman", "spin-boldak");
    let torkham = crossing(&net, "torkham-pk", "torkham-af");
    assert_eq!((chaman.hours, chaman.basis), (54.0, Basis::Published));
    assert_eq!((torkham.hours, torkham.basis), (24.2, Basis::Published));
    assert!(chaman.hours > torkham.hours);
    assert!((chaman.usd_per_t - 50.0 / 20.0).abs() < 1e-9);
    assert!((torkham.usd_per_t - 267.0 / 20.0).abs() < 1e-9);
    // Entering Pakistan at Torkham took 120 h in 2021: the crossing differs by direction.
    assert_eq!(crossing(&net, "torkham-af", "torkham-pk").hours, 120.0);
    // Panji Poyon: 2.1 h southbound, 7.4 h northbound.
    assert_eq!(crossing(&net, "panji-poyon", "sherkhan-bandar").hours, 2.1);
    assert_eq!(crossing(&net, "sherkhan-bandar", "panji-poyon").hours, 7.4);
}

#[test]
fn a_crossing_with_no_figure_of_its_own_says_it_is_the_default() {
    let net = Network::trans_afghan();
    let t = crossing(&net, "shamtigh", "rozanak");
    assert_eq!(t.basis, Basis::Default);
    assert_eq!(t.hours, net.transfers().border.hours);
}

#[test]
fn links_take_their_countrys_published_rate() {
    let net = Network::trans_afghan();
    let tm = net.link("mary-turkmenabat-rail").unwrap();
    assert_eq!((tm.usd_per_tkm, tm.speed_kmh), (0.136, 29.3));
    assert_eq!(tm.rate_basis, Basis::Derived);
    assert!(
        tm.rate_sources
            .contains(&"cpmm-2023-turkmenistan".to_string())
    );
    let af = net.link("kandahar-kabul-road").unwrap();
    assert_eq!(af.usd_per_tkm, 0.100);
    // No rail rate is published for Iran: its lines keep the mode's default, and say so.
    let ir = net.link("bandar-abbas-bafq-rail").unwrap();
    assert_eq!(ir.usd_per_tkm, net.defaults().of(Mode::Rail).usd_per_tkm);
    assert_eq!(ir.rate_basis, Basis::Default);
    // Turkmen rail costs over twice Uzbek rail (0.136 against 0.063 USD/t-km).
    let uz = net
        .tariffs()
        .iter()
        .find(|t| t.country == "UZ" && t.mode == Mode::Rail)
        .unwrap();
    assert!(tm.usd_per_tkm > 2.0 * uz.usd_per_tkm.unwrap());
}

#[test]
fn a_cost_in_rupees_per_tonne_is_converted_with_the_files_rate() {
    let net = Network::trans_afghan();
    let karachi = net
        .handling()
        .iter()
        .find(|h| h.node == "karachi" && h.kind == TransferKind::Port)
        .unwrap();
    let money = karachi.priced.cost.as_ref().unwrap();
    assert_eq!((money.amount, money.currency.as_str()), (480.0, "PKR"));
    let pkr = net.currencies().iter().find(|c| c.code == "PKR").unwrap();
    assert!((karachi.priced.usd_per_t - 480.0 * pkr.usd).abs() < 1e-12);
}

#[test]
fn every_leg_and_transfer_of_a_route_says_where_its_figure_comes_from() {
    let net = Network::trans_afghan();
    let ans = net
        .route(&RouteQuery::new("termez", "karachi").no_events())
        .unwrap();
    let json = serde_json::to_value(&ans).unwrap();
    for leg in json["legs"].as_array().unwrap() {
        assert!(leg["basis"].is_string(), "{leg}");
    }
    for t in json["transfers"].as_array().unwrap() {
        assert!(t["basis"].is_string(), "{t}");
    }
}

/// Two countries, one crossing priced by direction, a port priced in rupees per box.
fn small() -> String {
    let cite = r#"source = "test""#;
    [
        r#"
[network]
name = "Small"
year = 2026
as_of = 2026-06-30

[units]
teu = { tonnes = 10, source = "test" }

[currencies]
PKR = { usd = 0.004, date = "2026-01", source = "test" }
"#,
        &town("a", "AF", "city", 34.0, 70.0, cite),
        &town("b", "PK", "port", 34.0, 71.0, cite),
        &town("c", "PK", "port", 33.0, 71.5, cite),
        &road("a-b-road", "a", "b", cite),
        r#"
[[links]]
id = "b-c-rail"
from = "b"
to = "c"
mode = "rail"
status = "operational"
opens = 2026-02-03
source = "test"

[[links]]
id = "a-c-rail"
from = "a"
to = "c"
mode = "rail"
status = "planned"
opens = 2027
source = "test"

[[tariffs]]
country = "PK"
mode = "road"
usd_per_tkm = 0.05
source = "test"

[[crossings]]
link = "a-b-road"
from = "a"
hours = 10
usd_per_t = 3
source = "test"

[[crossings]]
link = "a-b-road"
from = "b"
hours = 30
cost = { amount = 2500, currency = "PKR", per = "teu" }
source = "test"

[[handling]]
node = "b"
kind = "mode"
hours = 6
usd_per_t = 2
source = "test"

[[scenarios]]
id = "closure"
name = "Closure"
start = 2026-03-01
confirmed = 2026-04-15
close_links = ["a-b-road"]
source = "test"

[[scenarios]]
id = "what-if"
name = "What if"
close_links = ["b-c-rail"]
source = "test"
"#,
    ]
    .concat()
}

#[test]
fn a_crossing_priced_by_direction_weighs_differently_each_way() {
    let net = Network::from_toml_str(&small()).unwrap();
    let road = net.link("a-b-road").unwrap();
    // Across a border the rate is the mean of the two countries' tariffs, or the one that has
    // one: AF has none here, so PK's.
    assert_eq!(
        (road.usd_per_tkm, road.rate_basis),
        (0.05, Basis::Published)
    );
    let go = |from: &str, to: &str| {
        net.route(&RouteQuery::new(from, to).no_events())
            .unwrap()
            .route
            .unwrap()
    };
    let (ab, ba) = (go("a", "b"), go("b", "a"));
    assert!((ab.usd_per_t - (road.usd_per_t() + 3.0)).abs() < 1e-9);
    // 2,500 PKR per 10-t box at 0.004 USD the rupee: 1 USD/t.
    assert!((ba.usd_per_t - (road.usd_per_t() + 1.0)).abs() < 1e-9);
    assert!((ba.hours - ab.hours - 20.0).abs() < 1e-9);
    // The rail-road change at b costs b's own figure, not the default.
    let ac = go("a", "c");
    let change = ac
        .transfers
        .iter()
        .find(|t| t.kind == TransferKind::Mode)
        .unwrap();
    assert_eq!(
        (change.node.as_str(), change.hours, change.usd_per_t),
        ("b", 6.0, 2.0)
    );
    assert_eq!(change.basis, Basis::Published);
}

#[test]
fn events_apply_on_the_days_they_are_in_force_and_links_from_their_opening() {
    let net = Network::from_toml_str(&small()).unwrap();
    let on = |day: &str| {
        net.route(&RouteQuery::new("a", "c").filter(Filter::new().date(d(day))))
            .unwrap()
    };
    // Before the rail from b opened (3 Feb 2026) there is no way to c.
    let jan = on("2026-01-15");
    assert!(jan.route.is_none());
    assert!(jan.day.events.is_empty());
    // After it opened and before the closure: by road then rail.
    let feb = on("2026-02-10");
    assert_eq!(feb.route.unwrap().legs.len(), 2);
    // During the closure: no route, and the reason names the event.
    let may = on("2026-05-01");
    assert_eq!(may.day.events, ["closure"]);
    assert_eq!(may.day.unconfirmed[0].since, d("2026-04-15"));
    let why = may.reason.clone().unwrap();
    assert!(why.contains("closed by closure"), "{why}");
    // Today (as_of) is the default; the planned line is due after as_of, in 2027: a year
    // alone, so it counts from the year's last day.
    let today = net.route(&RouteQuery::new("a", "c")).unwrap();
    assert_eq!(today.day.date, Some(d("2026-06-30")));
    assert!(today.route.is_none());
    assert!(on("2027-03-01").route.is_none());
    let later = on("2027-12-31").route.unwrap();
    assert_eq!(later.legs[0].link, "a-c-rail");
    // The network as built, and one event left out, bring the road back.
    let built = net
        .route(&RouteQuery::new("a", "c").no_events())
        .unwrap()
        .route
        .unwrap();
    assert_eq!(built.legs.len(), 2);
    let without = net
        .route(&RouteQuery::new("a", "c").filter(Filter::new().except_event("closure")))
        .unwrap();
    assert!(without.route.is_some() && without.day.events.is_empty());
    // A what-if (no start) is never in force: it applies only when named.
    assert!(!net.scenario("what-if").unwrap().is_event());
}
