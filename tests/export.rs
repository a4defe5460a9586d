//! Maps: GeoJSON that GIS tools can trust, SVG that is well-formed, complete and stable.
//!
//! The snapshot of the small network's SVG lives in `tests/snapshots/small.svg`; after a
//! deliberate change to the drawing, regenerate it (and `map.svg`) with
//! `UPDATE_SNAPSHOTS=1 cargo test --test export`, then look at both before committing.

use std::collections::BTreeMap;
use std::path::Path;

use corridors::{
    AssignQuery, Bounds, CapacityQuery, Filter, Map, Mode, Network, OptimalQuery, QueryError,
    Route, RouteQuery, ShadowPrice, SplitQuery, Status, assignment_geojson, capacity_geojson,
    network_geojson, route_geojson, scenario_geojson,
};
use serde_json::Value;

#[allow(dead_code)]
#[path = "../examples/map.rs"]
mod map_example;

const SMALL: &str = include_str!("fixtures/small.toml");

fn small() -> Network {
    Network::from_toml_str(SMALL).unwrap()
}

/// The small network's route from North to Far.
fn north_to_far(net: &Network) -> Route {
    net.route(&RouteQuery::new("north", "far"))
        .unwrap()
        .route
        .unwrap()
}

/// Serialises and parses again, as a GIS tool reading the file would.
fn reparse(v: &Value) -> Value {
    serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
}

fn features(gj: &Value) -> &Vec<Value> {
    gj["features"].as_array().expect("a features array")
}

fn of_kind<'a>(gj: &'a Value, kind: &str) -> Vec<&'a Value> {
    features(gj)
        .iter()
        .filter(|f| f["properties"]["feature"] == kind)
        .collect()
}

fn by_id<'a>(gj: &'a Value, id: &str) -> &'a Value {
    features(gj)
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no feature {id}"))
}

fn lon_lat(net: &Network, id: &str) -> Value {
    let n = net.node(id).unwrap();
    serde_json::json!([n.lon, n.lat])
}

/// Checks that `doc` is well-formed XML: one root element, tags nested and closed, attributes
/// quoted and unique per element, `&` only in entity references, no stray `<`.
fn well_formed(doc: &str) -> Result<(), String> {
    fn name_len(s: &str) -> usize {
        s.char_indices()
            .find(|&(i, c)| {
                !(c.is_alphanumeric() || c == '_' || c == ':' || (i > 0 && (c == '-' || c == '.')))
            })
            .map_or(s.len(), |(i, _)| i)
    }
    fn check_text(t: &str, at: usize) -> Result<(), String> {
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            let after = &rest[i + 1..];
            let end = after
                .find(';')
                .ok_or_else(|| format!("byte {at}: & without ;"))?;
            let ent = &after[..end];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || ent
                    .strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || ent
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("byte {at}: unknown entity &{ent};"));
            }
            rest = &after[end + 1..];
        }
        Ok(())
    }
    let mut s = doc;
    let mut pos = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    if let Some(rest) = s.strip_prefix("<?xml") {
        let end = rest.find("?>").ok_or("unterminated XML declaration")?;
        pos += 5 + end + 2;
        s = &rest[end + 2..];
    }
    loop {
        let lt = s.find('<').unwrap_or(s.len());
        let text = &s[..lt];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("byte {pos}: text outside the root element"));
        }
        check_text(text, pos)?;
        if lt == s.len() {
            break;
        }
        pos += lt;
        s = &s[lt..];
        if let Some(rest) = s.strip_prefix("<!--") {
            let end = rest.find("-->").ok_or("unterminated comment")?;
            pos += 4 + end + 3;
            s = &rest[end + 3..];
            continue;
        }
        if let Some(rest) = s.strip_prefix("</") {
            let n = name_len(rest);
            let name = &rest[..n];
            let rest = rest[n..].trim_start();
            let rest = rest
                .strip_prefix('>')
                .ok_or_else(|| format!("byte {pos}: bad closing tag"))?;
            match stack.pop() {
                Some(open) if open == name => {}
                other => {
                    return Err(format!("byte {pos}: </{name}> closes {other:?}"));
                }
            }
            pos = doc.len() - rest.len();
            s = rest;
            continue;
        }
        let rest = &s[1..];
        let n = name_len(rest);
        if n == 0 {
            return Err(format!("byte {pos}: < not starting a tag"));
        }
        let name = &rest[..n];
        let mut rest = &rest[n..];
        let mut attrs: Vec<&str> = Vec::new();
        let self_closing = loop {
            let trimmed = rest.trim_start();
            let had_space = trimmed.len() < rest.len();
            rest = trimmed;
            if let Some(r) = rest.strip_prefix("/>") {
                rest = r;
                break true;
            }
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
                break false;
            }
            if !had_space {
                return Err(format!(
                    "byte {pos}: <{name}>: no space before an attribute"
                ));
            }
            let an = name_len(rest);
            if an == 0 {
                return Err(format!("byte {pos}: <{name}>: bad attribute"));
            }
            let aname = &rest[..an];
            if attrs.contains(&aname) {
                return Err(format!("byte {pos}: <{name}>: attribute {aname} twice"));
            }
            attrs.push(aname);
            let r = rest[an..].trim_start();
            let r = r
                .strip_prefix('=')
                .ok_or_else(|| format!("byte {pos}: <{name}>: {aname} without ="))?
                .trim_start();
            let quote = r
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
                .ok_or_else(|| format!("byte {pos}: <{name}>: {aname} not quoted"))?;
            let body = &r[1..];
            let end = body
                .find(quote)
                .ok_or_else(|| format!("byte {pos}: <{name}>: {aname} unterminated"))?;
            let value = &body[..end];
            if value.contains('<') {
                return Err(format!("byte {pos}: <{name}>: < in {aname}"));
            }
            check_text(value, pos)?;
            rest = &body[end + 1..];
        };
        if stack.is_empty() {
            roots += 1;
            if roots > 1 {
                return Err(format!("byte {pos}: a second root element <{name}>"));
            }
        }
        if !self_closing {
            stack.push(name);
        }
        pos = doc.len() - rest.len();
        s = rest;
    }
    match (stack.last(), roots) {
        (Some(open), _) => Err(format!("<{open}> never closed")),
        (None, 0) => Err("no root element".into()),
        _ => Ok(()),
    }
}

/// The values of one attribute on every element that has it, in document order.
fn attr_values<'a>(svg: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!(" {attr}=\"");
    svg.match_indices(&key)
        .map(|(i, _)| {
            let rest = &svg[i + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// Compares `actual` with the file, or rewrites the file when `UPDATE_SNAPSHOTS` is set.
fn snapshot(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_SNAPSHOTS=1 cargo test --test export",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the drawing, first at line {}:\n  expected: {}\n  actual:   {}\n\
             If the change is deliberate, look at the picture and regenerate with \
             UPDATE_SNAPSHOTS=1 cargo test --test export",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn geojson_has_one_feature_per_node_and_link_at_the_files_coordinates() {
    for net in [Network::trans_afghan(), small()] {
        let gj = reparse(&network_geojson(&net));
        assert_eq!(gj["type"], "FeatureCollection");
        let nodes = of_kind(&gj, "node");
        let links = of_kind(&gj, "link");
        assert_eq!(nodes.len(), net.nodes().len());
        assert_eq!(links.len(), net.links().len());
        assert_eq!(features(&gj).len(), nodes.len() + links.len());
        for (f, n) in nodes.iter().zip(net.nodes()) {
            assert_eq!(f["type"], "Feature");
            assert_eq!(f["id"], n.id.as_str());
            assert_eq!(f["geometry"]["type"], "Point");
            // RFC 7946: [lon, lat], exactly the file's numbers.
            assert_eq!(
                f["geometry"]["coordinates"],
                lon_lat(&net, &n.id),
                "{}",
                n.id
            );
        }
        for (f, l) in links.iter().zip(net.links()) {
            assert_eq!(f["id"], l.id.as_str());
            assert_eq!(f["geometry"]["type"], "LineString");
            let expected = serde_json::json!([lon_lat(&net, &l.from), lon_lat(&net, &l.to)]);
            assert_eq!(f["geometry"]["coordinates"], expected, "{}", l.id);
        }
    }
}

#[test]
fn geojson_links_and_nodes_carry_every_attribute() {
    let net = Network::trans_afghan();
    let gj = reparse(&network_geojson(&net));
    let link = &by_id(&gj, "chabahar-iranshahr-rail")["properties"];
    let l = net.link("chabahar-iranshahr-rail").unwrap();
    assert_eq!(link["from"], "chabahar");
    assert_eq!(link["to"], "iranshahr");
    assert_eq!(link["mode"], "rail");
    assert_eq!(link["status"], l.status.as_str());
    assert_eq!(link["length_km"], l.length_km);
    assert_eq!(link["gauge_mm"], serde_json::json!(l.gauge_mm));
    assert_eq!(link["capacity_mtpa"], serde_json::json!(l.capacity_mtpa));
    assert_eq!(link["opens"], serde_json::json!(l.opens));
    assert_eq!(link["corridors"], serde_json::json!(l.corridors));
    assert_eq!(link["source"], l.source.as_str());
    assert_eq!(link["speed_kmh"], l.speed_kmh);
    assert_eq!(link["usd_per_tkm"], l.usd_per_tkm);
    assert_eq!(link["cross_border"], false);
    let every = "id from to mode gauge_mm length_km estimated status opens capacity_mtpa \
                 design_capacity_mtpa corridors oneway speed_kmh usd_per_tkm source description";
    for key in every.split_whitespace() {
        assert!(link.get(key).is_some(), "link property {key} missing");
    }
    let node = &by_id(&gj, "karachi")["properties"];
    let every = "id name country kind lat lon capacity_mtpa source estimated description";
    for key in every.split_whitespace() {
        assert!(node.get(key).is_some(), "node property {key} missing");
    }
    assert_eq!(node["kind"], "port");
    assert_eq!(node["capacity_mtpa"], 125.0);
    assert_eq!(gj["name"], net.name());
}

#[test]
fn a_routes_line_follows_its_legs_in_order() {
    let net = Network::trans_afghan();
    for port in ["chabahar", "gwadar"] {
        // With no event: today India's ban keeps cargo for India away from Gwadar.
        let q = RouteQuery::new("tashkent", "nhava-sheva")
            .via_port(port)
            .include_all()
            .no_events();
        let route = net.route(&q).unwrap().route.unwrap();
        let raw = route_geojson(&net, &route).unwrap();
        // Totals before a round trip: serde_json's default parser may miss the last bit.
        let totals = &features(&raw)[0]["properties"];
        assert_eq!(totals["feature"], "route");
        assert_eq!(totals["distance_km"], route.distance_km);
        assert_eq!(totals["usd_per_t"], route.usd_per_t);
        assert_eq!(totals["days"], route.days);
        let gj = reparse(&raw);
        let summary = &features(&gj)[0];
        let line = summary["geometry"]["coordinates"].as_array().unwrap();
        let expected: Vec<Value> = route.nodes().map(|n| lon_lat(&net, n)).collect();
        assert_eq!(line, &expected);

        let legs = of_kind(&gj, "leg");
        assert_eq!(legs.len(), route.legs.len());
        assert_eq!(
            legs[0]["geometry"]["coordinates"][0],
            lon_lat(&net, "tashkent")
        );
        for (i, (f, leg)) in legs.iter().zip(&route.legs).enumerate() {
            assert_eq!(f["properties"]["leg"], i);
            assert_eq!(f["properties"]["link"], leg.link.as_str());
            let c = f["geometry"]["coordinates"].as_array().unwrap();
            assert_eq!(c[0], lon_lat(&net, &leg.from));
            assert_eq!(c[1], lon_lat(&net, &leg.to));
            if let Some(next) = legs.get(i + 1) {
                // Each leg starts where the one before it ends.
                assert_eq!(c[1], next["geometry"]["coordinates"][0], "leg {i}");
            }
        }
        let last = legs.last().unwrap()["geometry"]["coordinates"][1].clone();
        assert_eq!(last, lon_lat(&net, "nhava-sheva"));
        assert!(legs.iter().any(|f| f["properties"]["to"] == port));
    }
}

#[test]
fn a_map_with_routes_adds_their_features_after_the_network() {
    let net = small();
    let route = north_to_far(&net);
    let gj = reparse(
        &Map::new(&net)
            .route("North → Far", &route)
            .unwrap()
            .geojson(),
    );
    let n = net.nodes().len() + net.links().len();
    assert_eq!(features(&gj).len(), n + 1 + route.legs.len());
    assert_eq!(features(&gj)[n]["properties"]["route"], "North → Far");
}

#[test]
fn scenario_geojson_marks_closed_and_shrunk_links_with_reasons() {
    let net = Network::trans_afghan();
    let gj = reparse(&scenario_geojson(&net, "pak-afghan-closure-2025").unwrap());
    let torkham = &by_id(&gj, "torkham-af-torkham-pk-road")["properties"];
    assert_eq!(torkham["closed"], true);
    assert_eq!(
        torkham["reasons"],
        serde_json::json!(["close_borders AF-PK"])
    );
    assert_eq!(
        torkham["scenarios"],
        serde_json::json!(["pak-afghan-closure-2025"])
    );
    let khaf = &by_id(&gj, "khaf-shamtigh-rail")["properties"];
    assert_eq!(khaf["closed"], false);
    assert_eq!(khaf["factor"], 1.0);
    assert_eq!(khaf["reasons"], serde_json::json!([]));
    let effects = net.scenario_effects("pak-afghan-closure-2025").unwrap();
    let closed = of_kind(&gj, "link")
        .iter()
        .filter(|f| f["properties"]["closed"] == true)
        .count();
    assert_eq!(closed, effects.iter().filter(|e| e.closed).count());

    let gj = reparse(&scenario_geojson(&net, "chaman-blockade-2023").unwrap());
    let chaman = &by_id(&gj, "spin-boldak-chaman-road")["properties"];
    assert_eq!(chaman["factor"], 0.3);
    assert!(
        chaman["reasons"]
            .as_array()
            .unwrap()
            .contains(&Value::from("capacity_factor spin-boldak-chaman-road"))
    );
}

#[test]
fn capacity_geojson_marks_the_min_cut_and_the_flow() {
    let net = Network::trans_afghan();
    let q = CapacityQuery::new(["tashkent", "termez"], ["chabahar", "bandar-abbas"])
        .filter(Filter::new().mode(Mode::Rail));
    let report = net.capacity(&q).unwrap();
    assert!(!report.min_cut.is_empty());
    let gj = reparse(&capacity_geojson(&net, &report).unwrap());
    for cut in &report.min_cut {
        assert_eq!(
            by_id(&gj, &cut.id)["properties"]["min_cut"],
            true,
            "{}",
            cut.id
        );
    }
    let marked = features(&gj)
        .iter()
        .filter(|f| f["properties"]["min_cut"] == true)
        .count();
    assert_eq!(marked, report.min_cut.len());
    let mut flow: BTreeMap<&str, f64> = BTreeMap::new();
    for f in &report.flows {
        *flow.entry(f.link.as_str()).or_default() += f.flow_mtpa;
    }
    for f in of_kind(&gj, "link") {
        let id = f["id"].as_str().unwrap();
        let expected = flow.get(id).copied().unwrap_or(0.0);
        assert_eq!(f["properties"]["flow_mtpa"], expected, "{id}");
    }
    assert_eq!(
        gj["capacity"]["max_flow_mtpa"],
        serde_json::json!(report.max_flow_mtpa)
    );
    assert!(gj["capacity"].get("draws").is_none());
    assert!(
        by_id(&gj, "sarakhs")["properties"]
            .get("chance_on_cut")
            .is_none()
    );
}

#[test]
fn a_capacity_map_with_draws_says_how_often_each_link_and_place_is_on_the_cut() {
    let net = Network::trans_afghan();
    let q = CapacityQuery::new(
        ["tashkent", "termez"],
        ["chabahar", "bandar-abbas", "karachi"],
    )
    // Without the Mashhad–Tehran line, whose unpublished capacity counts as unbounded, so that
    // some links are on the cut only in some draws (the sections south of Mashhad).
    .filter(Filter::new().mode(Mode::Rail).avoid("mashhad-tehran-rail"))
    .draws(60)
    .seed(2);
    let report = net.capacity(&q).unwrap();
    let d = report.draws.as_ref().unwrap();
    let map = Map::new(&net).capacity(&report).unwrap();
    let gj = reparse(&map.geojson());
    assert_eq!(gj["capacity"]["draws"], 60);
    // Every feature has its chance: the report's for those on the cut in some draw, else 0.
    for f in features(&gj) {
        let id = f["id"].as_str().unwrap();
        let expected = d.cut.iter().find(|c| c.id == id).map_or(0.0, |c| c.chance);
        assert_eq!(f["properties"]["chance_on_cut"], expected, "{id}");
    }
    // In the SVG: a fainter halo or disc, with its share, for each one on the cut in some draws
    // but not at the file's figures; those on that cut say their share in their tooltip.
    let svg = map.svg();
    well_formed(&svg).unwrap();
    let only_drawn: Vec<&str> = d
        .cut
        .iter()
        .filter(|c| report.min_cut.iter().all(|m| m.id != c.id))
        .map(|c| c.id.as_str())
        .collect();
    assert!(!only_drawn.is_empty());
    let mut marked = attr_values(&svg, "data-cut-chance");
    marked.sort_unstable();
    let mut expected = only_drawn.clone();
    expected.sort_unstable();
    assert_eq!(marked, expected);
    let sarakhs = d.cut.iter().find(|c| c.id == "sarakhs").unwrap();
    assert!(report.min_cut.iter().any(|m| m.id == "bereket-gorgan-rail"));
    let bereket = d
        .cut
        .iter()
        .find(|c| c.id == "bereket-gorgan-rail")
        .unwrap();
    assert!(svg.contains(&format!(
        "on the cut in {}% of draws</title>",
        (bereket.chance * 100.0).round()
    )));
    assert!(sarakhs.chance > 0.5);
    assert!(report.min_cut.iter().any(|m| m.id == "sarakhs"));
    assert!(svg.contains("<circle data-cut=\"sarakhs\" cx="));
    assert!(svg.contains(&format!(
        "><title>on the minimum cut in {}% of draws</title></circle>",
        (sarakhs.chance * 100.0).round()
    )));
    assert!(svg.contains("on the cut in some of 60 draws"));
    // Without draws, none of it.
    let plain = Map::new(&net)
        .capacity(&net.capacity(&q.clone().draws(0)).unwrap())
        .unwrap()
        .svg();
    assert!(!plain.contains("data-cut-chance") && !plain.contains("of draws"));
    // The README: on the whole network 200 draws to the three southern ports add nothing to
    // the cut: the Mashhad–Tehran line takes cargo round the sections south of Mashhad, which
    // were on it in 1.5 to 3 % of draws before, and Sarakhs is on it in every draw (93 %).
    let q = CapacityQuery::new(
        ["tashkent", "termez"],
        ["chabahar", "bandar-abbas", "karachi"],
    )
    .filter(Filter::new().mode(Mode::Rail))
    .draws(200)
    .seed(0);
    let report = net.capacity(&q).unwrap();
    let d = report.draws.as_ref().unwrap();
    let gj = Map::new(&net).capacity(&report).unwrap().geojson();
    let mut only: Vec<(&str, f64)> = features(&gj)
        .iter()
        .filter(|f| f["properties"]["min_cut"] == false)
        .filter_map(|f| {
            let p = f["properties"]["chance_on_cut"].as_f64().unwrap();
            (p > 0.0).then(|| (f["id"].as_str().unwrap(), p))
        })
        .collect();
    only.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(only, []);
    let sarakhs = d.cut.iter().find(|c| c.id == "sarakhs").unwrap();
    assert_eq!(sarakhs.chance, 1.0);
}

#[test]
fn assignment_geojson_carries_the_load_on_every_link() {
    let net = Network::trans_afghan();
    let a = net.assign(&AssignQuery::new()).unwrap();
    let gj = reparse(&assignment_geojson(&net, &a).unwrap());
    for load in &a.loads {
        let p = &by_id(&gj, &load.link)["properties"];
        assert_eq!(p["load_mtpa"], load.load_mtpa, "{}", load.link);
        assert_eq!(p["saturated"], load.saturated);
    }
    let loaded = of_kind(&gj, "link")
        .iter()
        .filter(|f| f["properties"]["load_mtpa"].as_f64().unwrap() > 0.0)
        .count();
    assert_eq!(loaded, a.loads.iter().filter(|l| l.load_mtpa > 0.0).count());
}

#[test]
fn load_layers_carry_their_model_and_the_prices_of_full_capacities() {
    let net = Network::trans_afghan();
    let priced = |gj: &Value| -> BTreeMap<String, f64> {
        features(gj)
            .iter()
            .filter_map(|f| {
                let p = f["properties"]["price_usd_per_t"].as_f64()?;
                Some((f["id"].as_str().unwrap().to_string(), p))
            })
            .collect()
    };
    let listed = |prices: &[ShadowPrice]| -> BTreeMap<String, f64> {
        prices.iter().map(|p| (p.id.clone(), p.usd_per_t)).collect()
    };

    // Least cost: every shadow price on its link or place, null elsewhere, on every feature.
    let a = net
        .optimal(&OptimalQuery::new().versus_greedy(false))
        .unwrap();
    let gj = reparse(&Map::new(&net).optimal(&a).unwrap().geojson());
    assert_eq!(gj["assignment"]["model"], "least_cost");
    assert!(gj["assignment"].get("theta").is_none());
    assert!(!a.shadow_prices.is_empty());
    assert_eq!(priced(&gj), listed(&a.shadow_prices));
    assert!(
        features(&gj)
            .iter()
            .all(|f| f["properties"].get("price_usd_per_t").is_some())
    );

    // The split within capacity: its loads, its prices (Qazvin–Rasht full, about 88 USD/t).
    let s = net.split(&SplitQuery::new().within_capacity(true)).unwrap();
    let gj = reparse(&Map::new(&net).split(&s).unwrap().geojson());
    assert_eq!(gj["assignment"]["model"], "split");
    assert_eq!(gj["assignment"]["theta"], 10.0);
    assert_eq!(gj["assignment"]["within_capacity"], true);
    assert_eq!(gj["assignment"]["served_mtpa"], s.routed_mtpa);
    for load in &s.loads {
        let p = &by_id(&gj, &load.link)["properties"];
        assert_eq!(p["load_mtpa"], load.load_mtpa, "{}", load.link);
        assert_eq!(p["forward_mtpa"], load.forward_mtpa, "{}", load.link);
    }
    let prices = priced(&gj);
    assert_eq!(prices, listed(&s.capacity.as_ref().unwrap().shadow_prices));
    assert!(
        (prices["qazvin-rasht-rail"] - 88.61).abs() < 0.05,
        "{prices:?}"
    );
    let svg = Map::new(&net).split(&s).unwrap().svg();
    assert!(svg.contains(
        "<title>qazvin-rasht-rail: 7 Mt/yr, 100 % of capacity, full, priced 88.61 USD/t</title>"
    ));
    assert!(svg.contains(">CARGO SPLIT AT SPREAD 10<"));
    assert!(svg.contains("Mt/yr served within capacity"));

    // The split without capacity has no prices: the property is absent, not null.
    let free = net.split(&SplitQuery::new()).unwrap();
    let gj = reparse(&Map::new(&net).split(&free).unwrap().geojson());
    assert_eq!(gj["assignment"]["within_capacity"], false);
    assert!(
        features(&gj)
            .iter()
            .all(|f| f["properties"].get("price_usd_per_t").is_none())
    );
    let svg = Map::new(&net).split(&free).unwrap().svg();
    assert!(!svg.contains("priced"));
    assert!(svg.contains("capacity not binding"));

    // With draws each link says the range of its load and how often it is full.
    let drawn = net.split(&SplitQuery::new().draws(8)).unwrap();
    let gj = reparse(&Map::new(&net).split(&drawn).unwrap().geojson());
    assert_eq!(gj["assignment"]["draws"], 8);
    let d = drawn.draws.as_ref().unwrap();
    for f in of_kind(&gj, "link") {
        let id = f["id"].as_str().unwrap();
        let p = &f["properties"];
        match d.loads.iter().find(|l| l.link == id) {
            Some(l) => {
                assert_eq!(p["load_mtpa_p5"], l.load_mtpa[0], "{id}");
                assert_eq!(p["load_mtpa_p50"], l.load_mtpa[1], "{id}");
                assert_eq!(p["load_mtpa_p95"], l.load_mtpa[2], "{id}");
                assert_eq!(p["chance_full"], l.chance_full, "{id}");
            }
            None => assert_eq!(p["load_mtpa_p95"], 0.0, "{id}"),
        }
    }
    let svg = Map::new(&net).split(&drawn).unwrap().svg();
    assert!(
        svg.contains("; over 8 draws "),
        "the tooltips give the range"
    );
    assert!(
        !Map::new(&net).split(&free).unwrap().geojson()["features"][0]["properties"]
            .as_object()
            .unwrap()
            .contains_key("load_mtpa_p5")
    );

    // A split of another network names the link it does not hold.
    let err = Map::new(&small()).split(&s).unwrap_err();
    assert!(err.to_string().contains("unknown link"), "{err}");
}

#[test]
fn counted_geojson_gives_each_counted_place_its_latest_count() {
    let net = Network::trans_afghan();
    let a = net
        .optimal(&OptimalQuery::new().versus_greedy(false))
        .unwrap();
    let used = net.utilisation_beside(&a);
    let gj = reparse(&Map::new(&net).counted(&used).unwrap().geojson());
    // The latest count of each place, picked here by scanning the file's records: the one
    // ending last, then starting last, both directions before one.
    let mut latest: BTreeMap<&str, (&corridors::Observed, usize)> = BTreeMap::new();
    for o in net.observed() {
        let key = |o: &corridors::Observed| (o.end, o.start, o.from.is_none());
        let e = latest.entry(o.at.id()).or_insert((o, 0));
        e.1 += 1;
        if key(o) > key(e.0) {
            e.0 = o;
        }
    }
    assert_eq!(latest.len(), 7);
    for (id, (o, n)) in &latest {
        let p = &by_id(&gj, id)["properties"];
        assert_eq!(p["counts"], *n as u64, "{id}");
        assert_eq!(p["counted_end"], o.end.to_string(), "{id}");
        assert_eq!(p["counted_start"], o.start.to_string(), "{id}");
        assert_eq!(p["counted_from"], serde_json::json!(o.from), "{id}");
        assert!(
            (p["counted_mtpa"].as_f64().unwrap() - o.mtpa()).abs() < 1e-12,
            "{id}"
        );
        let range = o.mtpa_range().map(|r| [r.low, r.high]);
        assert_eq!(p["counted_range"], serde_json::json!(range), "{id}");
        assert!(p["counted_modelled_mtpa"].is_number(), "{id}");
    }
    assert_eq!(
        by_id(&gj, "termez-hairatan-rail")["properties"]["counted_modelled_mtpa"],
        2.9
    );
    // Every other feature says it has none; without the layer, no such key at all.
    let uncounted = features(&gj)
        .iter()
        .filter(|f| f["properties"]["counts"] == 0)
        .count();
    assert_eq!(
        uncounted,
        net.nodes().len() + net.links().len() - latest.len()
    );
    assert!(by_id(&gj, "kabul")["properties"]["counted_mtpa"].is_null());
    let plain = Map::new(&net).geojson();
    assert!(
        by_id(&plain, "sarakhs")["properties"]
            .get("counts")
            .is_none()
    );
    // Counts of another network name what this one does not hold.
    let err = Map::new(&small()).counted(&used).unwrap_err();
    assert!(matches!(err, QueryError::UnknownId { .. }), "{err}");
}

#[test]
fn the_svg_rings_every_counted_place_once_and_keys_it() {
    let net = Network::trans_afghan();
    let svg = Map::new(&net).counted(&net.utilisation()).unwrap().svg();
    well_formed(&svg).unwrap();
    let mut drawn = attr_values(&svg, "data-counted");
    drawn.sort_unstable();
    let mut ids: Vec<&str> = net.observed().iter().map(|o| o.at.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(drawn, ids);
    assert!(svg.contains(">TRAFFIC COUNTED<"));
    assert!(
        svg.contains(
            "termez-hairatan-rail: 2.37 Mt/yr counted 2025-08-15 to 2025-08-21 (4 counts)"
        )
    );
    assert!(svg.contains(
        "sarakhs: 1.71 Mt/yr counted 2025-03-21 to 2025-09-22, 23 % of capacity (4 counts)"
    ));
    assert!(svg.contains("dogharoun-islam-qala-road: 2.71 Mt/yr counted 2025-03-21 to 2025-09-22"));
    assert!(svg.contains(">5 links, 2 places; the latest count each<"));
    // A file with no counts says so rather than drawing an empty scale.
    let net = small();
    let svg = Map::new(&net).counted(&net.utilisation()).unwrap().svg();
    assert!(svg.contains(">no counts in the file<"), "{svg}");
    assert!(attr_values(&svg, "data-counted").is_empty());
}

#[test]
fn unknown_ids_are_errors_that_name_them() {
    let net = Network::trans_afghan();
    let err = scenario_geojson(&net, "pak-afghan-closure").unwrap_err();
    assert!(matches!(
        err,
        QueryError::UnknownId {
            kind: corridors::IdKind::Scenario,
            ..
        }
    ));
    assert!(err.to_string().contains("\"pak-afghan-closure\""), "{err}");
    // A route found on another network names nodes this one does not hold.
    let other = small();
    let route = north_to_far(&other);
    let err = Map::new(&net).route("elsewhere", &route).unwrap_err();
    assert!(matches!(err, QueryError::UnknownId { .. }), "{err}");
    assert!(
        Map::new(&net)
            .bounds(Bounds::new(70.0, 30.0, 60.0, 40.0))
            .is_err()
    );
}

#[test]
fn the_checker_rejects_what_is_not_well_formed() {
    assert!(well_formed("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; u</a>\n").is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a>fish & chips</a>",
        "<a/><b/>",
        "<a>",
        "<a x=\"<\"/>",
        "text<a/>",
    ] {
        assert!(well_formed(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_svg_is_well_formed_and_draws_every_link_once() {
    let net = Network::trans_afghan();
    let svg = map_example::draw(&net).unwrap();
    well_formed(&svg).unwrap();
    let mut drawn = attr_values(&svg, "data-link");
    drawn.sort_unstable();
    let mut ids: Vec<&str> = net.links().iter().map(|l| l.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(drawn, ids);
    // Both routes are highlighted, each with a legend entry.
    assert_eq!(attr_values(&svg, "data-route"), ["0", "1"]);
    assert!(svg.contains("Tashkent → Nhava Sheva via Chabahar"));
    assert!(svg.contains("Tashkent → Nhava Sheva via Gwadar"));
    // Moscow lies outside the frame: its links end in arrows, labelled once per place.
    let exits = attr_values(&svg, "data-exit");
    // Moved from moscow-tashkent-rail: Moscow now joins the Kazakh trunk at Kandyagash.
    assert!(exits.contains(&"moscow-kandyagash-rail"), "{exits:?}");
    assert!(svg.contains(">to Moscow</text>"));
    // A scale bar and the outline credit.
    assert!(svg.contains("data-scale="));
    assert!(svg.contains("Natural Earth"));
}

#[test]
fn the_svg_marks_closed_links_and_layers() {
    let net = Network::trans_afghan();
    let svg = Map::new(&net)
        .scenario("pak-afghan-closure-2025")
        .unwrap()
        .scenario("chaman-blockade-2023")
        .unwrap()
        .svg();
    well_formed(&svg).unwrap();
    let mut closed = attr_values(&svg, "data-closed");
    closed.sort_unstable();
    let mut expected: Vec<String> = net
        .scenario_effects("pak-afghan-closure-2025")
        .unwrap()
        .into_iter()
        .filter(|e| e.closed)
        .map(|e| e.link_id)
        .collect();
    expected.sort_unstable();
    assert_eq!(closed, expected);

    let q = CapacityQuery::new(["herat"], ["khaf"]).filter(
        Filter::new()
            .mode(Mode::Rail)
            .include(Status::UnderConstruction),
    );
    let report = net.capacity(&q).unwrap();
    let a = net.assign(&AssignQuery::new()).unwrap();
    let svg = Map::new(&net)
        .capacity(&report)
        .unwrap()
        .assignment(&a)
        .unwrap()
        .svg();
    well_formed(&svg).unwrap();
    let cut = attr_values(&svg, "data-cut");
    assert_eq!(cut.len(), report.min_cut.len());
    assert!(!attr_values(&svg, "data-load").is_empty());
}

#[test]
fn the_svg_is_the_same_bytes_every_time() {
    let net = Network::trans_afghan();
    let a = map_example::draw(&net).unwrap();
    let b = map_example::draw(&Network::trans_afghan()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_small_networks_svg_matches_its_snapshot() {
    let net = small();
    let route = north_to_far(&net);
    let svg = Map::new(&net)
        .title("North to Far, and the UZ–AF border closed")
        .route("North → Far", &route)
        .unwrap()
        .scenario("close-border")
        .unwrap()
        .svg();
    well_formed(&svg).unwrap();
    assert_eq!(attr_values(&svg, "data-link").len(), net.links().len());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/small.svg");
    snapshot(&path, &svg);
}

#[test]
fn the_committed_map_svg_is_what_the_example_draws() {
    let svg = map_example::draw(&Network::trans_afghan()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("map.svg");
    snapshot(&path, &svg);
}

#[test]
fn a_crowded_map_thins_what_its_scale_cannot_show_and_says_so() {
    // 20,000 places on a 900-pixel map: most minor labels find no room.
    let net = corridors::synthetic::network(20_000, 3);
    let svg = Map::new(&net).svg();
    let note = svg
        .lines()
        .find(|l| l.contains("not labelled at this scale."))
        .expect("the key counts the places left unlabelled");
    let count: usize = note
        .split('>')
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .map(|n| n.replace(',', "").parse().unwrap())
        .unwrap();
    assert!(count > 10_000 && count < 20_000, "{note}");
    assert_eq!(svg, Map::new(&net).svg(), "thinning is deterministic");

    // A second plain town on the same spot is not drawn, and the key says so; the two
    // sides of a crossing would both be.
    let twin = format!(
        "{SMALL}\n[[nodes]]\nid = \"north-twin\"\nname = \"North twin\"\ncountry = \"UZ\"\nkind = \"city\"\nlat = 37.0\nlon = 67.0\nsource = \"test\"\n"
    );
    let svg = Map::new(&Network::from_toml_str(&twin).unwrap()).svg();
    assert!(svg.contains("data-node=\"north\""));
    assert!(!svg.contains("data-node=\"north-twin\""));
    assert!(svg.contains(">1 place not drawn: within a pixel of another.<"));
    let small = Map::new(&Network::from_toml_str(SMALL).unwrap()).svg();
    assert!(!small.contains("not drawn") && !small.contains("not labelled"));
}

#[cfg(feature = "cli")]
mod cli {
    use std::process::Command;

    use super::{Network, features, reparse, well_formed};

    fn corridors(args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_corridors"))
            .args(args)
            .output()
            .unwrap()
    }

    #[test]
    fn export_geojson_writes_the_network_with_a_route_to_stdout() {
        let out = corridors(&[
            "export",
            "geojson",
            "--route",
            "tashkent",
            "nhava-sheva",
            "--via-port",
            "chabahar",
            "--via-port",
            "gwadar",
            "--all",
            "--no-events",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let gj: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let gj = reparse(&gj);
        let net = Network::trans_afghan();
        let routes = features(&gj)
            .iter()
            .filter(|f| f["properties"]["feature"] == "route")
            .count();
        assert_eq!(routes, 2);
        let nodes = features(&gj)
            .iter()
            .filter(|f| f["properties"]["feature"] == "node")
            .count();
        assert_eq!(nodes, net.nodes().len());
    }

    #[test]
    fn export_svg_writes_a_file() {
        let dir = std::env::temp_dir().join(format!("corridors-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("closure.svg");
        let out = corridors(&[
            "export",
            "svg",
            "--scenario",
            "pak-afghan-closure-2025",
            "--route",
            "kabul",
            "karachi",
            "--out",
            file.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
        let svg = std::fs::read_to_string(&file).unwrap();
        well_formed(&svg).unwrap();
        assert!(svg.contains("data-closed=\"torkham-af-torkham-pk-road\""));
        assert!(svg.contains("Kabul → Karachi"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn export_with_an_unknown_id_exits_1_naming_it() {
        for args in [
            &["export", "svg", "--scenario", "pak-afghan"][..],
            &["export", "geojson", "--route", "tashkent", "mumbai"][..],
            &[
                "export",
                "svg",
                "--capacity",
                "--from",
                "termez",
                "--to",
                "karachy",
            ][..],
        ] {
            let out = corridors(args);
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            let id = args
                .iter()
                .find(|a| ["pak-afghan", "mumbai", "karachy"].contains(a));
            assert!(err.contains(&format!("\"{}\"", id.unwrap())), "{err}");
            assert!(out.stdout.is_empty());
        }
    }
}
