//! What a new user reaches for in the first hour: enums that parse with a typed error and
//! print to a width, places found by name, a place's neighbours, and cost matrices.

use corridors::{
    Confidence, Metric, Mode, Network, NodeKind, ParseEnumError, QueryError, Status, TransferKind,
};

#[test]
fn every_spelt_enum_fails_to_parse_with_the_whole_message() {
    let cases: [(Result<(), ParseEnumError>, &str); 6] = [
        (
            "rial".parse::<Mode>().map(drop),
            "unknown mode \"rial\" (expected rail, road or sea)",
        ),
        (
            "built".parse::<Status>().map(drop),
            "unknown status \"built\" (expected operational, under_construction, planned or proposed)",
        ),
        (
            "town".parse::<NodeKind>().map(drop),
            "unknown kind \"town\" (expected port, city, border or junction)",
        ),
        (
            "price".parse::<Metric>().map(drop),
            "unknown metric \"price\" (expected distance, time, cost or reliability)",
        ),
        (
            "ferry".parse::<TransferKind>().map(drop),
            "unknown transfer kind \"ferry\" (expected gauge, mode, port or border)",
        ),
        (
            "D".parse::<Confidence>().map(drop),
            "unknown confidence \"D\" (expected A, B or C)",
        ),
    ];
    for (result, message) in cases {
        assert_eq!(result.unwrap_err().to_string(), message);
    }
}

#[test]
fn parse_errors_are_std_errors_that_question_mark_lifts() {
    fn modes(words: &[&str]) -> Result<Vec<Mode>, Box<dyn std::error::Error + Send + Sync>> {
        let mut out = Vec::new();
        for w in words {
            out.push(w.parse::<Mode>()?);
        }
        Ok(out)
    }
    assert_eq!(modes(&["rail", "sea"]).unwrap(), [Mode::Rail, Mode::Sea]);
    let err = modes(&["rail", "air"]).unwrap_err();
    let typed = err.downcast_ref::<ParseEnumError>().unwrap();
    assert_eq!((typed.what, typed.found.as_str()), ("mode", "air"));
    assert_eq!(typed.expected, "rail, road or sea");
}

#[test]
fn enums_print_to_the_width_and_alignment_asked() {
    assert_eq!(format!("[{:<6}]", Mode::Sea), "[sea   ]");
    assert_eq!(format!("[{:>6}]", Mode::Sea), "[   sea]");
    assert_eq!(format!("[{:^7}]", Metric::Cost), "[ cost  ]");
    assert_eq!(
        format!("[{:-<20}]", Status::UnderConstruction),
        "[under_construction--]"
    );
    assert_eq!(format!("[{:.4}]", Status::Operational), "[oper]");
    assert_eq!(format!("{:>8}|", NodeKind::Port), "    port|");
    assert_eq!(format!("{:>3}|", TransferKind::Gauge), "gauge|");
    assert_eq!(format!("{:2}|", Confidence::A), "A |");
    let d: corridors::Date = "2025-10-12".parse().unwrap();
    assert_eq!(format!("[{d:>12}]"), "[  2025-10-12]");
}

#[test]
fn places_are_found_by_id_or_name_whatever_the_case_and_accents() {
    let net = Network::trans_afghan();
    let id = |q: &str| net.find_node(q).map(|n| n.id.clone());
    assert_eq!(id("mazar-i-sharif").unwrap(), "mazar-i-sharif");
    assert_eq!(id("Mazar-i-Sharif").unwrap(), "mazar-i-sharif");
    assert_eq!(id("MAZĀR I SHARĪF").unwrap(), "mazar-i-sharif");
    assert_eq!(id("Mazar-i-Sharif (Naibabad)").unwrap(), "mazar-i-sharif");
    assert_eq!(id("  bandar   abbas ").unwrap(), "bandar-abbas");
    assert_eq!(id("Torkham (Afghan side)").unwrap(), "torkham-af");
    // Every node is found by its id and by its own name.
    for n in net.nodes() {
        assert_eq!(id(&n.id).unwrap(), n.id);
        assert_eq!(id(&n.name.to_uppercase()).unwrap(), n.id, "{}", n.name);
    }
}

#[test]
fn lookup_errors_are_whole_messages() {
    let net = Network::trans_afghan();
    let e = net.find_node("Torkham").unwrap_err();
    assert_eq!(
        e,
        QueryError::AmbiguousName {
            name: "Torkham".into(),
            ids: vec!["torkham-pk".into(), "torkham-af".into()],
        }
    );
    assert_eq!(
        e.to_string(),
        "\"Torkham\" names several nodes: torkham-pk, torkham-af; give one of their ids"
    );
    assert_eq!(
        net.find_node("Mazar Sharif").unwrap_err().to_string(),
        "unknown node \"Mazar Sharif\" (did you mean \"mazar-i-sharif\"?)"
    );
    assert_eq!(
        net.find_node("Heart").unwrap_err().to_string(),
        "unknown node \"Heart\" (did you mean \"herat\"?)"
    );
    assert_eq!(
        net.find_node("Atlantis").unwrap_err().to_string(),
        "unknown node \"Atlantis\""
    );
    assert_eq!(
        net.neighbours("heart").unwrap_err().to_string(),
        "unknown node \"heart\" (did you mean \"herat\"?)"
    );
    assert_eq!(
        net.links_of("heart").unwrap_err().to_string(),
        "unknown node \"heart\" (did you mean \"herat\"?)"
    );
}

#[test]
fn neighbours_and_links_of_a_place_agree_with_the_links() {
    let net = Network::trans_afghan();
    for n in net.nodes() {
        let links = net.links_of(&n.id).unwrap();
        let want: Vec<&str> = net
            .links()
            .iter()
            .filter(|l| l.from == n.id || l.to == n.id)
            .map(|l| l.id.as_str())
            .collect();
        let got: Vec<&str> = links.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(got, want, "{}", n.id);
        let mut near: Vec<&str> = net
            .neighbours(&n.id)
            .unwrap()
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        let mut others: Vec<&str> = links
            .iter()
            .map(|l| {
                if l.from == n.id {
                    l.to.as_str()
                } else {
                    l.from.as_str()
                }
            })
            .collect();
        near.sort();
        others.sort();
        others.dedup();
        assert_eq!(near, others, "{}", n.id);
    }
}
