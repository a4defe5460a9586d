//! What a new user reaches for in the first hour: enums that parse with a typed error and
//! print to a width, places found by name, a place's neighbours, and cost matrices.

use corridors::{Confidence, Metric, Mode, NodeKind, ParseEnumError, Status, TransferKind};

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
}
