//! Every validation error of the loader, one fixture each under `tests/fixtures/bad/`: the
//! whole error text is pinned, so a changed position or message shows up here.

use corridors::{LoadError, Network};

const BAD: &str = "tests/fixtures/bad";

/// The error text of loading `tests/fixtures/bad/{name}.toml`, which must fail.
fn err(name: &str) -> String {
    let path = format!("{BAD}/{name}.toml");
    match Network::from_path(&path) {
        Ok(_) => panic!("{path} loaded without error"),
        Err(e) => e.to_string(),
    }
}

/// The lines of a multi-problem error, joined as the error prints them.
macro_rules! concat_lines {
    ($first:expr $(, $rest:expr)* $(,)?) => {
        concat!($first $(, "\n", $rest)*)
    };
}

/// Every fixture but `several-problems` (pinned in its own test below), with its whole error.
const PINNED: &[(&str, &str)] = &[
    (
        "not-utf8",
        "tests/fixtures/bad/not-utf8.toml:3:12: the file is not UTF-8 text: byte 0xE9 here is not part of a character (save the file as UTF-8)",
    ),
    (
        "unknown-node-ref",
        r#"tests/fixtures/bad/unknown-node-ref.toml:27:6: link "bridge-middle-rail" refers to unknown node "middel" (did you mean "middle"?)"#,
    ),
    (
        "unknown-corridor",
        r#"tests/fixtures/bad/unknown-corridor.toml:29:14: link "north-bridge-rail" refers to unknown corridor "test-coridor" (did you mean "test-corridor"?)"#,
    ),
    (
        "duplicate-node-id",
        r#"tests/fixtures/bad/duplicate-node-id.toml:16:6: duplicate node id "middle" (first defined on line 7)"#,
    ),
    (
        "duplicate-link-id",
        r#"tests/fixtures/bad/duplicate-link-id.toml:33:6: duplicate link id "north-bridge-rail" (first defined on line 25)"#,
    ),
    (
        "bad-id-form",
        r#"tests/fixtures/bad/bad-id-form.toml:7:6: node id "Herat City" must use only a-z, 0-9 and '-'"#,
    ),
    (
        "lat-out-of-range",
        r#"tests/fixtures/bad/lat-out-of-range.toml:11:7: node "far": "lat" must lie in [-90, 90], found 120"#,
    ),
    (
        "lon-out-of-range",
        r#"tests/fixtures/bad/lon-out-of-range.toml:12:7: node "far": "lon" must lie in [-180, 180], found 272"#,
    ),
    (
        "nan-length",
        r#"tests/fixtures/bad/nan-length.toml:29:13: link "north-bridge-rail": "length_km" must be a finite number, found NaN"#,
    ),
    (
        "negative-capacity",
        r#"tests/fixtures/bad/negative-capacity.toml:30:17: link "north-bridge-rail": "capacity_mtpa" must be positive, found -5"#,
    ),
    (
        "zero-length",
        r#"tests/fixtures/bad/zero-length.toml:29:13: link "north-bridge-rail": "length_km" must be positive, found 0"#,
    ),
    (
        "shorter-than-great-circle",
        r#"tests/fixtures/bad/shorter-than-great-circle.toml:29:13: link "bridge-middle-rail" is 100 km long, shorter than the 223.3 km great-circle distance between "bridge" and "middle""#,
    ),
    (
        "gauge-on-road",
        r#"tests/fixtures/bad/gauge-on-road.toml:29:12: link "north-middle-road": "gauge_mm" is set on a road link; only rail has a gauge"#,
    ),
    (
        "opens-on-operational",
        r#"tests/fixtures/bad/opens-on-operational.toml:30:9: link "north-bridge-rail": operational, yet "opens" 2027 is after the file's today (2025-12-31); a link that opens later is not yet operational"#,
    ),
    (
        "capacity-factor-out-of-range",
        r#"tests/fixtures/bad/capacity-factor-out-of-range.toml:35:43: scenario "close-border": "capacity_factor" of "north-bridge-rail" must lie in [0, 1], found 1.5"#,
    ),
    (
        "probability-out-of-range",
        r#"tests/fixtures/bad/probability-out-of-range.toml:9:15: scenario "close-border": "probability" must lie in [0, 1], found 1.5"#,
    ),
    (
        "typo-field",
        r#"tests/fixtures/bad/typo-field.toml:29:1: link "north-bridge-rail": unknown field "lenght_km" (did you mean "length_km"?)"#,
    ),
    (
        "unknown-mode",
        r#"tests/fixtures/bad/unknown-mode.toml:28:8: link "north-bridge-rail": unknown mode "train" (expected rail, road or sea)"#,
    ),
    (
        "unknown-status",
        r#"tests/fixtures/bad/unknown-status.toml:29:10: link "north-middle-road": unknown status "open" (expected operational, under_construction, planned or proposed)"#,
    ),
    (
        "unknown-kind",
        r#"tests/fixtures/bad/unknown-kind.toml:10:8: node "middle": unknown kind "town" (expected port, city, border or junction)"#,
    ),
    (
        "missing-source",
        r#"tests/fixtures/bad/missing-source.toml:6:1: node "bridge" has no "source" or "sources""#,
    ),
    (
        "wrong-type",
        r#"tests/fixtures/bad/wrong-type.toml:29:13: link "north-bridge-rail": "length_km" must be a number, found string"#,
    ),
    (
        "bad-country-code",
        r#"tests/fixtures/bad/bad-country-code.toml:9:11: node "middle": country "AFG" must be an ISO 3166-1 alpha-2 code such as "AF""#,
    ),
    (
        "unknown-scenario-refs",
        r#"tests/fixtures/bad/unknown-scenario-refs.toml:35:16: scenario "close-border" refers to unknown link "north-bridge-road" (did you mean "north-bridge-rail"?)"#,
    ),
    (
        "self-loop",
        r#"tests/fixtures/bad/self-loop.toml:18:6: link "north-bridge-rail" runs from "north" to itself"#,
    ),
    (
        "demand-unknown-node",
        r#"tests/fixtures/bad/demand-unknown-node.toml:26:6: demand "north" → "farr" refers to unknown node "farr" (did you mean "far"?)"#,
    ),
    (
        "design-below-capacity",
        r#"tests/fixtures/bad/design-below-capacity.toml:31:24: link "bridge-middle-rail": "design_capacity_mtpa" 2 is below "capacity_mtpa" 3"#,
    ),
    (
        "end-before-start",
        r#"tests/fixtures/bad/end-before-start.toml:10:7: scenario "close-border": "end" 2025-10-01 is before "start" 2025-10-12"#,
    ),
    (
        "yearly-window",
        concat_lines!(
            r#"tests/fixtures/bad/yearly-window.toml:10:17: scenario "no-end": "recurs_yearly" is set with no "end"; a window that recurs every year needs a "start" and an "end""#,
            r#"tests/fixtures/bad/yearly-window.toml:16:17: scenario "undated": "recurs_yearly" is set with no "start" and no "end"; a window that recurs every year needs a "start" and an "end""#,
            r#"tests/fixtures/bad/yearly-window.toml:23:7: scenario "too-long": "end" 2025-12-01 is not before 2025-12-01, a year after "start" 2024-12-01; a window that recurs every year ("recurs_yearly") must be shorter than a year"#,
        ),
    ),
    (
        "toml-syntax",
        r#"tests/fixtures/bad/toml-syntax.toml:3:13: TOML syntax: the string has no closing `"` on its line"#,
    ),
    (
        "unknown-top-level-table",
        r#"tests/fixtures/bad/unknown-top-level-table.toml:6:2: the file: unknown table "transfer" (did you mean "transfers"?)"#,
    ),
    (
        "missing-network",
        r#"tests/fixtures/bad/missing-network.toml:1:1: the file has no [network] table (name, year)"#,
    ),
    (
        "year-out-of-range",
        r#"tests/fixtures/bad/year-out-of-range.toml:4:8: [network]: "year" must be a year such as 2025, found 20250"#,
    ),
    (
        "unknown-source-ref",
        r#"tests/fixtures/bad/unknown-source-ref.toml:21:12: node "herat" refers to unknown source "geonames-herta" (did you mean "geonames-herat"?)"#,
    ),
    (
        "duplicate-source-id",
        r#"tests/fixtures/bad/duplicate-source-id.toml:14:6: duplicate source id "adb-cpmm" (first defined on line 7)"#,
    ),
    (
        "bad-confidence",
        r#"tests/fixtures/bad/bad-confidence.toml:11:14: source "adb-cpmm": unknown confidence "high" (expected A, B or C)"#,
    ),
    (
        "bad-source-date",
        r#"tests/fixtures/bad/bad-source-date.toml:10:8: source "adb-cpmm": "date" must read "2024", "2024-06" or "2024-06-12", found "June 2024""#,
    ),
    (
        "bad-costs",
        concat_lines!(
            r#"tests/fixtures/bad/bad-costs.toml:7:20: unit "truck": "tonnes" must be positive, found 0"#,
            r#"tests/fixtures/bad/bad-costs.toml:10:9: [currencies]: "rupee" is not a currency code such as PKR"#,
            r#"tests/fixtures/bad/bad-costs.toml:63:11: tariff "XX road" refers to unknown country "XX""#,
            r#"tests/fixtures/bad/bad-costs.toml:68:1: tariff "AF road" has neither "usd_per_tkm" nor "speed_kmh""#,
            r#"tests/fixtures/bad/bad-costs.toml:74:11: tariff "AF road" is given twice: one tariff per country and mode"#,
            r#"tests/fixtures/bad/bad-costs.toml:80:8: crossing "north-brige-road" refers to unknown link "north-brige-road" (did you mean "north-bridge-road"?)"#,
            r#"tests/fixtures/bad/bad-costs.toml:86:8: crossing "bridge-south-road": link "bridge-south-road" does not cross a border (both ends lie in AF)"#,
            r#"tests/fixtures/bad/bad-costs.toml:93:8: crossing "north-bridge-road" from "south": "from" "south": it is not an end of the link ("north" or "bridge")"#,
            r#"tests/fixtures/bad/bad-costs.toml:101:34: crossing "north-bridge-road": unknown currency "AFN" (declare it in [currencies])"#,
            r#"tests/fixtures/bad/bad-costs.toml:101:47: crossing "north-bridge-road": unknown unit "lorry" (declare it in [units])"#,
            r#"tests/fixtures/bad/bad-costs.toml:105:8: crossing "north-bridge-road" from "north" prices a direction of "north-bridge-road" already priced by an earlier crossing"#,
            r#"tests/fixtures/bad/bad-costs.toml:107:9: crossing "north-bridge-road" from "north": "hours" must not be negative, found -1"#,
            r#"tests/fixtures/bad/bad-costs.toml:109:8: crossing "north-bridge-road" from "north": give "usd_per_t" or "cost", not both"#,
            r#"tests/fixtures/bad/bad-costs.toml:114:8: handling "border bridge": a border is priced per link: write a [[crossings]] record"#,
            r#"tests/fixtures/bad/bad-costs.toml:118:1: handling "port sout" has no "usd_per_t" or "cost""#,
            r#"tests/fixtures/bad/bad-costs.toml:119:8: handling "port sout" refers to unknown node "sout" (did you mean "south"?)"#,
        ),
    ),
    (
        "bad-dates",
        concat_lines!(
            r#"tests/fixtures/bad/bad-dates.toml:5:9: [network]: "as_of" 2026-06-30 is not in the network's "year" 2025"#,
            r#"tests/fixtures/bad/bad-dates.toml:31:9: link "north-bridge-rail": "opens" must be a year such as 2027 or a date such as 2026-02-03, found string"#,
            r#"tests/fixtures/bad/bad-dates.toml:38:13: scenario "closure": "confirmed" 2025-10-01 is before "start" 2025-10-12"#,
            r#"tests/fixtures/bad/bad-dates.toml:45:13: scenario "what-if": "confirmed" is set on a scenario with no "start"; only an event has a last report"#,
        ),
    ),
    (
        "shared-figure-differs",
        r#"tests/fixtures/bad/shared-figure-differs.toml:46:16: crossing "north-south-road" from "south": "uz-road" is 6 hours here but 5 hours at crossing "north-south-road" from "north"; records that share a figure must give the same"#,
    ),
    (
        "bad-observed",
        concat_lines!(
            r#"tests/fixtures/bad/bad-observed.toml:34:1: observation #1 names no place: give "link" or "node""#,
            r#"tests/fixtures/bad/bad-observed.toml:42:8: observation at link "north-bridge-rail" 2025-01-01 to 2025-01-31 gives both "link" and "node": an observation counts one place"#,
            r#"tests/fixtures/bad/bad-observed.toml:49:8: observation at link "north-brige-rail" 2025-01-01 to 2025-01-31 refers to unknown link "north-brige-rail" (did you mean "north-bridge-rail"?)"#,
            r#"tests/fixtures/bad/bad-observed.toml:57:8: observation at link "north-bridge-rail" 2025-01-01 to 2025-01-31: "from" "south": it is not an end of the link ("north" or "bridge")"#,
            r#"tests/fixtures/bad/bad-observed.toml:65:8: observation at node "bridge" 2025-02-01 to 2025-01-31: "from" gives a direction, which only a link has"#,
            r#"tests/fixtures/bad/bad-observed.toml:67:7: observation at node "bridge" 2025-02-01 to 2025-01-31: "end" 2025-01-31 is before "start" 2025-02-01"#,
            r#"tests/fixtures/bad/bad-observed.toml:68:10: observation at node "bridge" 2025-02-01 to 2025-01-31: "tonnes" must not be negative, found -3"#,
            r#"tests/fixtures/bad/bad-observed.toml:71:1: observation at node "bridge" has no "source" or "sources""#,
            r#"tests/fixtures/bad/bad-observed.toml:74:7: observation at node "bridge": "end" must be a date such as 2025-10-12, found string"#,
            r#"tests/fixtures/bad/bad-observed.toml:76:16: observation at node "bridge": "tonnes_range" [120, 150] must hold the figure 100 (low ≤ tonnes ≤ high)"#,
            r#"tests/fixtures/bad/bad-observed.toml:95:1: observation at link "north-bridge-road" 2025-01-01 to 2025-01-31 counts traffic on a link not open then: it is not built (status planned)"#,
            r#"tests/fixtures/bad/bad-observed.toml:102:1: observation at link "bridge-north-road" 2025-01-01 to 2025-01-31 counts traffic on a link not open then: it opened on 2025-06-01, after the last day counted"#,
            r#"tests/fixtures/bad/bad-observed.toml:112:7: observation at link "north-bridge-rail" 2026-01-01 to 2026-03-31: "end" 2026-03-31 is after the file's today (2025-12-31); a count is of days already past"#,
        ),
    ),
    (
        "bad-projects",
        concat_lines!(
            r#"tests/fixtures/bad/bad-projects.toml:43:31: project "line" refers to unknown link "north-bridge-rial" (did you mean "north-bridge-rail"?)"#,
            r#"tests/fixtures/bad/bad-projects.toml:43:52: project "line" lists link "north-bridge-rail" twice"#,
            r#"tests/fixtures/bad/bad-projects.toml:43:73: project "line" builds link "north-bridge-road", which is already operational (raise its capacity with "capacity_mtpa" instead)"#,
            r#"tests/fixtures/bad/bad-projects.toml:44:12: project "line": "cost_usd" must be positive, found -5"#,
            r#"tests/fixtures/bad/bad-projects.toml:50:30: project "widen": "capacity_mtpa" of "bridge" must be positive, found 0"#,
            r#"tests/fixtures/bad/bad-projects.toml:50:33: project "widen" refers to unknown link or node "brigde" (did you mean "bridge"?)"#,
            r#"tests/fixtures/bad/bad-projects.toml:51:25: project "widen": "capacity_mtpa_range" gives a range for "north", which "capacity_mtpa" does not name"#,
            r#"tests/fixtures/bad/bad-projects.toml:53:18: project "widen": "cost_usd_range" [2000000000, 3000000000] must hold the figure 1000000000 (low ≤ cost_usd ≤ high)"#,
            r#"tests/fixtures/bad/bad-projects.toml:54:9: project "widen": "opens" must be a year such as 2027 or a date such as 2026-02-03, found 3000"#,
            r#"tests/fixtures/bad/bad-projects.toml:57:1: project "nothing" builds nothing: give "links" or "capacity_mtpa""#,
            r#"tests/fixtures/bad/bad-projects.toml:57:1: project "nothing" has no "source" or "sources""#,
            r#"tests/fixtures/bad/bad-projects.toml:62:6: duplicate project id "line" (first defined on line 41)"#,
        ),
    ),
    (
        "bad-ranges",
        concat_lines!(
            r#"tests/fixtures/bad/bad-ranges.toml:7:1: [uncertainty] has no "C""#,
            r#"tests/fixtures/bad/bad-ranges.toml:9:5: [uncertainty]: "B" must lie in [0, 0.9], found 1.5"#,
            r#"tests/fixtures/bad/bad-ranges.toml:12:13: [defaults.road]: "speed_kmh" is a default, so it needs a range ("speed_kmh_range = [low, high]") in a file that declares [uncertainty]"#,
            r#"tests/fixtures/bad/bad-ranges.toml:17:38: transfer "border": "hours_range" [30, 72] must hold the figure 24 (low ≤ hours ≤ high)"#,
            r#"tests/fixtures/bad/bad-ranges.toml:17:81: transfer "border": "usd_per_t_range" must be an array of two numbers, [low, high], found 1 item(s)"#,
            r#"tests/fixtures/bad/bad-ranges.toml:20:18: unit "box": "tonnes" is an estimate, so it needs a range ("tonnes_range = [low, high]") in a file that declares [uncertainty]"#,
            r#"tests/fixtures/bad/bad-ranges.toml:21:38: unit "crate": "tonnes_range" [3, 4] must hold the figure 2 (low ≤ tonnes ≤ high)"#,
            r#"tests/fixtures/bad/bad-ranges.toml:38:23: node "north": "capacity_mtpa_range" is given but "capacity_mtpa" is not"#,
            r#"tests/fixtures/bad/bad-ranges.toml:49:1: link "north-south-road" has no "length_km", so its length is an estimate from the great circle and needs a range: give length_km with length_km_range, or declare [uncertainty] estimated_length"#,
            r#"tests/fixtures/bad/bad-ranges.toml:57:19: link "north-south-road": "speed_kmh_range": -5 must be positive"#,
            r#"tests/fixtures/bad/bad-ranges.toml:66:13: link "north-south-rail": "length_km" is an estimate, so it needs a range ("length_km_range = [low, high]") in a file that declares [uncertainty]"#,
            r#"tests/fixtures/bad/bad-ranges.toml:76:13: link "south-north-rail": "length_km_range" starts at 100 km, shorter than the 112.6 km great-circle distance between "south" and "north""#,
            r#"tests/fixtures/bad/bad-ranges.toml:81:9: crossing "north-south-road": "hours" is an estimate, so it needs a range ("hours_range = [low, high]") in a file that declares [uncertainty]"#,
            r#"tests/fixtures/bad/bad-ranges.toml:82:32: crossing "north-south-road": cost: "range" [150, 200] must hold the figure 100 (low ≤ amount ≤ high)"#,
            r#"tests/fixtures/bad/bad-ranges.toml:91:21: scenario "closure": "probability_range": 1.2 must lie in [0, 1]"#,
            r#"tests/fixtures/bad/bad-ranges.toml:98:42: scenario "jam": "add_hours_range" [12, 20] must hold the figure 10 (low ≤ add_hours["north-south-road"] ≤ high)"#,
            r#"tests/fixtures/bad/bad-ranges.toml:98:52: scenario "jam": "add_hours_range" gives a range for "north-south-rail", which "add_hours" does not name"#,
            r#"tests/fixtures/bad/bad-ranges.toml:99:42: scenario "jam": "capacity_factor" of "north-south-rail" is an estimate, so it needs a range ("capacity_factor_range = { "north-south-rail" = [low, high] }") in a file that declares [uncertainty]"#,
            r#"tests/fixtures/bad/bad-ranges.toml:107:14: demand "north" → "south": "mtpa_range" [2.5, 4] must hold the figure 2 (low ≤ mtpa ≤ high)"#,
            r#"tests/fixtures/bad/bad-ranges.toml:114:14: demand "south" → "north": "mtpa_range": 0 must be positive"#,
        ),
    ),
];

/// Each fixture's whole error text, every mismatch reported at once.
#[test]
fn every_error_message_is_pinned_whole() {
    let wrong: Vec<String> = PINNED
        .iter()
        .filter_map(|&(name, want)| {
            let got = err(name);
            (got != want).then(|| format!("{name}:\n  want {want}\n  got  {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn several_problems() {
    assert_eq!(
        err("several-problems"),
        [
            r#"tests/fixtures/bad/several-problems.toml:20:7: node "bridge": "lat" must lie in [-90, 90], found 96.8"#,
            r#"tests/fixtures/bad/several-problems.toml:28:8: node "middle": unknown kind "crossroads" (expected port, city, border or junction)"#,
            r#"tests/fixtures/bad/several-problems.toml:57:1: link "north-bridge-rail": unknown field "capacity" (did you mean "capacity_mtpa"?)"#,
            r#"tests/fixtures/bad/several-problems.toml:65:12: link "north-middle-road": "gauge_mm" is set on a road link; only rail has a gauge"#,
            r#"tests/fixtures/bad/several-problems.toml:72:6: link "port-far-sea" refers to unknown node "faraway""#,
            r#"tests/fixtures/bad/several-problems.toml:80:15: scenario "close-border": "probability" must lie in [0, 1], found -0.1"#,
            r#"tests/fixtures/bad/several-problems.toml:86:8: demand "north" → "far": "mtpa" must be a number, found string"#,
        ]
        .join("\n")
    );
}

#[test]
fn every_fixture_is_pinned_and_fails() {
    let mut found: Vec<String> = std::fs::read_dir(BAD)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|f| f.strip_suffix(".toml").map(str::to_string))
        .collect();
    found.sort();
    let mut pinned: Vec<&str> = PINNED.iter().map(|p| p.0).collect();
    pinned.push("several-problems");
    pinned.sort_unstable();
    assert_eq!(found, pinned);
    for name in &pinned {
        let e = Network::from_path(format!("{BAD}/{name}.toml")).unwrap_err();
        assert!(!e.problems().is_empty(), "{name}: no problems listed");
    }
}

#[test]
fn several_problems_are_all_listed_in_file_order() {
    let e = Network::from_path(format!("{BAD}/several-problems.toml")).unwrap_err();
    let problems = e.problems();
    assert_eq!(problems.len(), 7);
    assert!(
        problems
            .windows(2)
            .all(|w| (w[0].line, w[0].column) < (w[1].line, w[1].column)),
        "not in file order: {problems:#?}"
    );
    let first = &problems[0];
    assert_eq!(first.path, "tests/fixtures/bad/several-problems.toml");
    assert_eq!((first.line, first.column), (20, 7));
    assert_eq!(
        first.message,
        r#"node "bridge": "lat" must lie in [-90, 90], found 96.8"#
    );
    // Display is the problems, one per line.
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(e.to_string(), lines.join("\n"));
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let path = "tests/fixtures/bad/no-such-file.toml";
    let e = Network::from_path(path).unwrap_err();
    assert!(e.problems().is_empty());
    match &e {
        LoadError::Io { path: p, source } => {
            assert_eq!(p.to_str(), Some(path));
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an Io error, got {other:?}"),
    }
    let text = e.to_string();
    assert!(
        text.starts_with("tests/fixtures/bad/no-such-file.toml: cannot read the file: "),
        "{text}"
    );
}

#[test]
fn from_toml_str_loads_the_small_network() {
    let text = std::fs::read_to_string("tests/fixtures/small.toml").unwrap();
    let net = Network::from_toml_str(&text).unwrap();
    assert!(net.link("north-bridge-rail").is_some());
    assert!(net.link("port-far-sea").is_some());
}

#[test]
fn from_toml_str_reports_against_string() {
    let text = std::fs::read_to_string(format!("{BAD}/unknown-node-ref.toml")).unwrap();
    let e = Network::from_toml_str(&text).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"<string>:27:6: link "bridge-middle-rail" refers to unknown node "middel" (did you mean "middle"?)"#
    );
    assert_eq!(e.problems()[0].path, "<string>");
}

#[test]
fn a_network_of_the_wrong_type_is_reported_once() {
    let e = Network::from_toml_str("network = 5\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"<string>:1:11: the file: "network" must be a table, found integer"#
    );
}

/// A network of `gauges` rail links in a line, each of its own gauge.
fn many_gauges(gauges: usize) -> String {
    let mut s = String::from("[network]\nname = \"Gauges\"\nyear = 2025\n");
    for i in 0..=gauges {
        s += &format!(
            "[[nodes]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"AF\"\nkind = \"city\"\nlat = 34.0\nlon = {}\nsource = \"test\"\n",
            60.0 + i as f64 * 0.1
        );
    }
    for i in 0..gauges {
        s += &format!(
            "[[links]]\nid = \"l{i}\"\nfrom = \"n{i}\"\nto = \"n{}\"\nmode = \"rail\"\ngauge_mm = {}\nlength_km = 20\nstatus = \"operational\"\nsource = \"test\"\n",
            i + 1,
            1000 + i
        );
    }
    s
}

/// Regression (HOSTILE.md): more than 28 distinct gauges loaded, then `route` panicked in the
/// search graph. The loader now refuses the 29th with its position.
#[test]
fn a_29th_gauge_is_a_located_error_not_a_panic() {
    let text = many_gauges(29);
    let e = Network::from_toml_str(&text).unwrap_err();
    // The record's `[[links]]` header: the line before its id, counted from 1.
    let id_line = text.lines().position(|l| l == "id = \"l28\"");
    let line = id_line.expect("the 29th link");
    assert_eq!(
        e.to_string(),
        format!(
            "<string>:{line}:1: link \"l28\": gauge_mm 1028 is the 29th distinct rail gauge; a network may use at most 28"
        )
    );
    // 28 gauges load, and a route across all of them pays 27 breaks of gauge.
    let net = Network::from_toml_str(&many_gauges(28)).unwrap();
    let r = net
        .route(&corridors::RouteQuery::new("n0", "n28"))
        .unwrap()
        .route
        .unwrap();
    assert_eq!(r.count(corridors::TransferKind::Gauge), 27);
}
