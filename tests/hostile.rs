//! Hostile inputs, after the audit in `../shared/design/HOSTILE.md`: files that are not
//! networks or push every number and size to its edge, and queries built in code with NaN,
//! negative, huge or far too many of anything. Each gives a clear error or a sensible answer,
//! quickly: never a panic, never a hang. (Scaling to very large networks is not tested here.)

use std::time::{Duration, Instant};

use corridors::{
    AssignQuery, Bounds, CapacityQuery, CompareQuery, CriticalQuery, Date, DisruptionQuery, Filter,
    MAX_ALTERNATIVES, MAX_DRAWS, MAX_GAUGES, MAX_SAMPLES, Map, MatrixQuery, Metric, Network,
    QueryError, ReliabilityQuery, RouteQuery, Scenario, SensitivityQuery,
};

const SMALL: &str = include_str!("fixtures/small.toml");

fn net() -> Network {
    Network::trans_afghan()
}

/// The small fixture with one line replaced (`line` from 1).
fn small_with(line: usize, text: &str) -> String {
    SMALL
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { text } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one problem a file has, whole.
fn problem(text: &str) -> String {
    let e = Network::from_toml_str(text).unwrap_err().to_string();
    assert_eq!(e.lines().count(), 1, "{e}");
    e
}

/// Runs `f`, failing if it takes longer than `limit` (in a debug build).
fn quick<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < limit, "took {:?}", t.elapsed());
    out
}

// Files that are not networks.

#[test]
fn files_that_are_not_networks() {
    assert_eq!(
        problem(""),
        "<string>:1:1: the file has no [network] table (name, year)"
    );
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let e = Network::from_toml_str(&String::from_utf8_lossy(&garbage)).unwrap_err();
    assert!(e.to_string().starts_with("<string>:1:"), "{e}");
    // A byte-order mark and Windows line ends are read as the same file.
    let bom = format!("\u{feff}{}", SMALL.replace('\n', "\r\n"));
    assert_eq!(Network::from_toml_str(&bom).unwrap().nodes().len(), 5);
}

#[test]
fn deep_and_odd_toml_is_refused_with_a_syntax_error() {
    let head = "[network]\nname = \"x\"\nyear = 2025\n";
    let n = 20_000;
    let cases = [
        format!("{head}a = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        format!("{head}a = {}1{}\n", "{a=".repeat(n), "}".repeat(n)),
        format!("{head}{} = 1\n", vec!["a"; n].join(".")),
        format!("{head}[{}]\n", vec!["a"; n].join(".")),
        format!("{head}a = {}\n", "[".repeat(n)),
        format!("{head}a = \"{}", "x".repeat(n)),
        format!("{head}[[nodes]]\n{}", "id = \"a\"\n".repeat(3)),
    ];
    for text in cases {
        let e = quick(Duration::from_secs(5), || {
            Network::from_toml_str(&text).unwrap_err().to_string()
        });
        assert!(e.starts_with("<string>:"), "{}", &e[..e.len().min(200)]);
    }
}

// Numbers in files.

#[test]
fn nan_infinite_negative_and_zero_figures_are_located_errors() {
    for (line, text, want) in [
        (
            32,
            "lat = nan",
            "<string>:32:7: node \"north\": \"lat\" must be a finite number, found NaN",
        ),
        (
            79,
            "length_km = inf",
            "<string>:79:13: link \"north-bridge-rail\": \"length_km\" must be a finite number, found inf",
        ),
        (
            7,
            "speed_kmh = -inf",
            "<string>:7:13: [defaults.rail]: \"speed_kmh\" must be a finite number, found -inf",
        ),
        (
            79,
            "length_km = -0.0",
            "<string>:79:13: link \"north-bridge-rail\": \"length_km\" must be positive, found -0",
        ),
        (
            78,
            "gauge_mm = -1520",
            "<string>:78:12: link \"north-bridge-rail\": \"gauge_mm\" must lie in [500, 2000] mm, found -1520",
        ),
    ] {
        assert_eq!(problem(&small_with(line, text)), want);
    }
}

#[test]
fn huge_and_tiny_figures_are_refused_before_they_overflow() {
    // `usd_per_tkm = 1e308` used to overflow link costs to infinity: the route then said the
    // two ends of a link were "not connected", and numbers printed with 309 digits.
    for (line, text, want) in [
        (
            8,
            "usd_per_tkm = 1e308",
            "<string>:8:15: [defaults.rail]: \"usd_per_tkm\" must be at most 1e12, found 1e308",
        ),
        (
            79,
            "length_km = 1e308",
            "<string>:79:13: link \"north-bridge-rail\": \"length_km\" must be at most 1e12, found 1e308",
        ),
        (
            81,
            "capacity_mtpa = 1e308",
            "<string>:81:17: link \"north-bridge-rail\": \"capacity_mtpa\" must be at most 1e12, found 1e308",
        ),
        (
            79,
            "length_km = 5e-324",
            "<string>:79:13: link \"north-bridge-rail\": \"length_km\" must be at least 1e-12, found 5e-324",
        ),
        (
            7,
            "speed_kmh = 1e-300",
            "<string>:7:13: [defaults.rail]: \"speed_kmh\" must be at least 1e-12, found 1e-300",
        ),
        (
            79,
            "length_km = 99999999999999999999999",
            "<string>:79:13: link \"north-bridge-rail\": \"length_km\" must be at most 1e12, found 1e23",
        ),
        (
            22,
            "gauge = { hours = 1e300, usd_per_t = 7 }",
            "<string>:22:19: transfer \"gauge\": \"hours\" must be at most 1e12, found 1e300",
        ),
    ] {
        assert_eq!(problem(&small_with(line, text)), want);
    }
    // At the largest figure allowed, costs stay finite and the route is found.
    let net = Network::from_toml_str(&small_with(8, "usd_per_tkm = 1e12")).unwrap();
    let q = RouteQuery::new("north", "bridge").mode(corridors::Mode::Rail);
    let r = net.route(&q).unwrap().route.expect("a link joins them");
    assert!(r.usd_per_t.is_finite() && r.usd_per_t > 1e12);
}

#[test]
fn more_gauges_than_the_graph_holds_is_a_located_error() {
    let file = |gauges: u32| {
        let mut s = String::from(
            "[network]\nname = \"g\"\nyear = 2025\n\n[[nodes]]\nid = \"a\"\nname = \"A\"\ncountry = \"AF\"\nkind = \"city\"\nlat = 34.0\nlon = 69.0\nsource = \"t\"\n\n[[nodes]]\nid = \"b\"\nname = \"B\"\ncountry = \"AF\"\nkind = \"city\"\nlat = 34.5\nlon = 69.5\nsource = \"t\"\n\n",
        );
        for g in 0..gauges {
            s += &format!(
                "[[links]]\nid = \"l{g}\"\nfrom = \"a\"\nto = \"b\"\nmode = \"rail\"\ngauge_mm = {}\nstatus = \"operational\"\nsource = \"t\"\n\n",
                600 + g
            );
        }
        s
    };
    let ok = Network::from_toml_str(&file(MAX_GAUGES as u32)).unwrap();
    assert!(ok.route(&RouteQuery::new("a", "b")).unwrap().found());
    let e = problem(&file(MAX_GAUGES as u32 + 1));
    assert!(
        e.ends_with("link \"l28\": gauge_mm 628 is the 29th distinct rail gauge; a network may use at most 28"),
        "{e}"
    );
    // Far more (the graph's class counter once overflowed at 252) is the same one error.
    let e = problem(&file(300));
    assert!(e.contains("29th distinct rail gauge"), "{e}");
}

// Ids at scale.

#[test]
fn twenty_thousand_unknown_references_are_checked_quickly() {
    // Each used to be compared with every place: over 400 s. Now one index serves them all
    // (about half a second in a release build, a few seconds in a debug one).
    let text = corridors::synthetic::typos(20_000);
    let err = quick(Duration::from_secs(15), || {
        Network::from_toml_str(&text).unwrap_err().to_string()
    });
    // Every one is checked, the first thousand listed, the rest counted.
    assert_eq!(err.lines().count(), 1_001);
    assert!(err.contains(
        "link \"link-123\" refers to unknown node \"plcae-123\" (did you mean \"place-123\"?)"
    ));
    assert!(err.ends_with("19000 more problems not listed: a file reports its first 1000"));
}

#[test]
fn a_file_of_twenty_thousand_bad_keys_lists_a_thousand() {
    // Every key unknown: it used to print every problem (4 million for a 50 MB file).
    let mut text = String::from("[network]\nname = \"Keys\"\nyear = 2025\n");
    for i in 0..20_000 {
        text.push_str(&format!("nmae{i} = 1\n"));
    }
    let err = quick(Duration::from_secs(15), || {
        Network::from_toml_str(&text).unwrap_err()
    });
    let corridors::LoadError::Invalid { problems } = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1_001);
    assert_eq!(
        problems[0].to_string(),
        "<string>:4:1: [network]: unknown field \"nmae0\""
    );
    assert_eq!(
        problems[1_000].to_string(),
        "19000 more problems not listed: a file reports its first 1000"
    );
}

#[test]
fn control_characters_in_text_are_located_errors() {
    // They made the SVG map ill-formed XML and reached the terminal raw.
    for (c, code) in [
        ("\\u0000", "0000"),
        ("\\u0001", "0001"),
        ("\\u001b[31m", "001B"),
    ] {
        let text = small_with(3, &format!("name = \"Small{c} network\""));
        assert_eq!(
            problem(&text),
            format!(
                "<string>:3:8: [network]: \"name\" contains the control character U+{code}; text may hold line breaks and tabs, no other"
            )
        );
    }
    // Line breaks and tabs are text.
    let text = small_with(3, "name = \"Small\\tnetwork\\nof tests\"");
    assert!(Network::from_toml_str(&text).is_ok());
}

#[test]
fn very_long_ids_and_typos_cost_little() {
    // A 20,000-character typo of a 20,000-character id, and a megabyte-long id.
    let long = "a".repeat(20_000);
    let typo = format!("{}b", &long[1..]);
    let text = SMALL.replace("\"north\"", &format!("\"{long}\"")).replacen(
        &format!("from = \"{long}\""),
        &format!("from = \"{typo}\""),
        1,
    );
    let e = quick(Duration::from_secs(2), || problem(&text));
    assert!(
        e.ends_with(&format!("refers to unknown node \"{typo}\"")),
        "…"
    );
    let huge = "k".repeat(1_000_000);
    let net = Network::from_toml_str(&SMALL.replace("\"north\"", &format!("\"{huge}\""))).unwrap();
    let asked = "k".repeat(100_000);
    let e = quick(Duration::from_secs(2), || {
        net.route(&RouteQuery::new(asked.as_str(), "far"))
            .unwrap_err()
    });
    assert!(matches!(
        e,
        QueryError::UnknownId {
            suggestion: None,
            ..
        }
    ));
}

#[test]
fn ids_longer_than_a_format_width_make_a_matrix() {
    // The matrix pads its columns to its ids, and a format's width holds at most 65,535.
    let long = "n".repeat(70_000);
    let net = Network::from_toml_str(&SMALL.replace("\"north\"", &format!("\"{long}\""))).unwrap();
    let m = net
        .matrix(&MatrixQuery::new(
            [long.as_str(), "bridge"],
            [long.as_str(), "bridge"],
        ))
        .unwrap();
    let table = m.to_string();
    let lines: Vec<&str> = table.lines().collect();
    // The corner and the rows' ids padded to the longest; each column to its own.
    assert_eq!(
        lines[0],
        format!("USD/t{}  {long}  bridge", " ".repeat(70_000 - 5))
    );
    assert!(lines[1].starts_with(&format!("{long}  ")));
    assert!(lines[2].starts_with(&format!("bridge{}  ", " ".repeat(70_000 - 6))));
}

#[test]
fn thousands_of_unknown_ids_in_a_scenario_built_in_code() {
    let mut sc = Scenario::new("many", "Many");
    for i in 0..5_000 {
        sc = sc.close_link(format!("torkham-road-{i}"));
    }
    let e = quick(Duration::from_secs(5), || {
        net()
            .route(&RouteQuery::new("kabul", "karachi").with_scenario(sc))
            .unwrap_err()
    });
    assert!(matches!(e, QueryError::UnknownId { .. }), "{e}");
}

// Queries built in code.

#[test]
fn too_many_alternatives_samples_or_draws_are_refused_with_the_cap() {
    let e = net()
        .route(
            &RouteQuery::new("termez", "karachi")
                .include_all()
                .alternatives(100_000),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "at most 1000 alternatives may be asked for, found 100000: each is a further round of \
         searches and the work grows faster than their number"
    );
    // Through a port, k used to be doubled: usize::MAX overflowed.
    let e = net()
        .route(
            &RouteQuery::new("tashkent", "nhava-sheva")
                .via_port("chabahar")
                .alternatives(usize::MAX),
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            QueryError::OverCap {
                max: MAX_ALTERNATIVES,
                ..
            }
        ),
        "{e}"
    );
    let e = net()
        .reliability(&ReliabilityQuery::new().samples(usize::MAX))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "at most 10000000 samples may be asked for, found {}: ten million years already \
             estimate every share within ±0.0002",
            usize::MAX
        )
    );
    assert!(matches!(
        e,
        QueryError::OverCap {
            max: MAX_SAMPLES,
            ..
        }
    ));
    let e = net()
        .compare(&CompareQuery::new(["tashkent"], ["nhava-sheva"], ["chabahar"]).draws(usize::MAX))
        .unwrap_err();
    assert!(
        matches!(e, QueryError::TooMany { max: MAX_DRAWS, .. }),
        "{e}"
    );
    let e = net()
        .route(&RouteQuery::new("termez", "karachi").draws(MAX_DRAWS + 1))
        .unwrap_err();
    assert!(matches!(e, QueryError::TooMany { .. }), "{e}");
}

#[test]
fn negative_nan_and_huge_scenario_values_built_in_code_are_refused() {
    // A negative surcharge with a via point once looped forever (a negative cycle).
    let hang = Scenario::new("neg", "neg").add_usd_per_t("kandahar-kabul-road", -100.0);
    let e = quick(Duration::from_secs(5), || {
        net()
            .route(
                &RouteQuery::new("kabul", "karachi")
                    .via("kandahar")
                    .with_scenario(hang),
            )
            .unwrap_err()
    });
    assert_eq!(
        e.to_string(),
        "scenario \"neg\": USD per tonne added of \"kandahar-kabul-road\" must not be negative, found -100"
    );
    let cases = [
        (
            Scenario::new("x", "X").add_hours("AF", -1000.0),
            "scenario \"x\": hours added of \"AF\" must not be negative, found -1000",
        ),
        (
            Scenario::new("x", "X").add_hours("AF", f64::NAN),
            "scenario \"x\": hours added of \"AF\" must be a finite number, found NaN",
        ),
        (
            Scenario::new("x", "X").add_usd_per_t("AF", f64::INFINITY),
            "scenario \"x\": USD per tonne added of \"AF\" must be a finite number, found inf",
        ),
        (
            Scenario::new("x", "X").add_usd_per_t("AF", 1e308),
            "scenario \"x\": USD per tonne added of \"AF\" must be at most 1e12, found 1e308",
        ),
        (
            Scenario::new("x", "X").capacity_factor("kandahar-kabul-road", -0.5),
            "scenario \"x\": capacity factor of \"kandahar-kabul-road\" must lie in [0, 1], found -0.5",
        ),
        (
            Scenario::new("x", "X").probability(f64::NAN),
            "scenario \"x\": probability must be a finite number, found NaN",
        ),
    ];
    for (sc, want) in cases {
        let q = RouteQuery::new("kabul", "karachi").with_scenario(sc.clone());
        assert_eq!(net().route(&q).unwrap_err().to_string(), want);
        let q = DisruptionQuery::new().with_scenario(sc);
        assert_eq!(net().disruption(&q).unwrap_err().to_string(), want);
    }
}

#[test]
fn nan_negative_and_huge_volumes_are_refused_by_every_flow_query() {
    let n = net();
    for mtpa in [f64::NAN, -5.0, 0.0, f64::INFINITY, 1e308, 5e-324] {
        let want = format!(
            "demand kabul → karachi: volume must be a positive number of Mt/yr (at most 1e12), found {}",
            if mtpa == 1e308 {
                "1e308".to_string()
            } else if mtpa == 5e-324 {
                "5e-324".to_string()
            } else {
                mtpa.to_string()
            }
        );
        let errors = [
            n.assign(&AssignQuery::new().pair("kabul", "karachi", mtpa))
                .unwrap_err(),
            n.disruption(
                &DisruptionQuery::new()
                    .scenario("pak-afghan-closure-2025")
                    .pair("kabul", "karachi", mtpa),
            )
            .unwrap_err(),
            n.reliability(&ReliabilityQuery::new().pair("kabul", "karachi", mtpa))
                .unwrap_err(),
            n.critical(&CriticalQuery::new().pair("kabul", "karachi", mtpa))
                .unwrap_err(),
        ];
        for e in errors {
            assert_eq!(e.to_string(), want);
        }
    }
}

#[test]
fn odd_options_give_errors_or_sensible_answers() {
    let n = net();
    let e = n
        .route(&RouteQuery::new("kabul", "karachi").max_overlap(f64::NAN))
        .unwrap_err();
    assert_eq!(e.to_string(), "max overlap must lie in [0, 1], found NaN");
    // The same place at both ends is an answer that says so.
    let a = n
        .route(&RouteQuery::new("kabul", "kabul").alternatives(5))
        .unwrap();
    assert_eq!(
        a.reason.as_deref(),
        Some("\"kabul\" is both origin and destination")
    );
    // Years and dates far from the file's: every link built by then, or none.
    for year in [i32::MIN, -1, 0, 99_999, i32::MAX] {
        for metric in Metric::ALL {
            let q = RouteQuery::new("khaf", "herat").year(year).metric(metric);
            n.route(&q).unwrap();
        }
    }
    for day in ["0001-01-01", "9999-12-31"] {
        let date: Date = day.parse().unwrap();
        let q = RouteQuery::new("kabul", "karachi").filter(Filter::new().date(date));
        n.route(&q).unwrap();
    }
    // Ids with odd prefixes and characters are unknown ids, with no suggestion or one.
    for id in [
        "",
        ":",
        "bogus:x",
        "node:",
        "country:",
        "кабул",
        "\u{0}",
        "link:link:x",
    ] {
        let e = n
            .route(&RouteQuery::new("kabul", "karachi").avoid(id))
            .unwrap_err();
        assert!(matches!(e, QueryError::UnknownId { .. }), "{id:?}: {e}");
        let e = n.route(&RouteQuery::new(id, "karachi")).unwrap_err();
        assert!(matches!(e, QueryError::UnknownId { .. }), "{id:?}: {e}");
    }
    let e = n
        .sensitivity(&SensitivityQuery::new("kabul", "karachi").via_port("heart"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node \"heart\" (did you mean \"herat\"?)"
    );
    let e = n
        .capacity(&CapacityQuery::new(["kabul"], ["karachi"]).filter(Filter::new().scenario("x")))
        .unwrap_err();
    assert!(matches!(e, QueryError::UnknownId { .. }), "{e}");
    for b in [
        Bounds::new(f64::NAN, 29.0, 72.0, 39.0),
        Bounds::new(60.0, 29.0, 60.0, 39.0),
        Bounds::new(60.0, -90.0, 72.0, 90.0),
        Bounds::new(f64::NEG_INFINITY, 29.0, f64::INFINITY, 39.0),
    ] {
        assert!(matches!(
            Map::new(&n).bounds(b),
            Err(QueryError::BadBounds { .. })
        ));
    }
}

#[test]
fn parameter_values_out_of_their_rules_are_refused() {
    let n = net();
    let base: Vec<f64> = n.parameters().iter().map(|p| p.base).collect();
    let e = n.with_parameters(&base[1..]).unwrap_err();
    assert!(matches!(e, QueryError::ParameterCount { .. }), "{e}");
    for x in [f64::NAN, -1.0, 1e308] {
        let mut v = base.clone();
        v[0] = x;
        let e = n.with_parameters(&v).unwrap_err();
        assert!(matches!(e, QueryError::ParameterValue { .. }), "{x}: {e}");
    }
}

/// The command line refuses the same counts at once, with the cap, and exits 1.
#[cfg(feature = "cli")]
#[test]
fn the_command_line_refuses_counts_beyond_the_caps_at_once() {
    let run = |args: &[&str]| {
        quick(Duration::from_secs(10), || {
            std::process::Command::new(env!("CARGO_BIN_EXE_corridors"))
                .args(args)
                .output()
                .expect("the corridors binary runs")
        })
    };
    for (args, want) in [
        (
            &[
                "route",
                "termez",
                "karachi",
                "--all",
                "--alternatives",
                "100000",
            ][..],
            "error: at most 1000 alternatives may be asked for, found 100000",
        ),
        (
            &["reliability", "--samples", "18446744073709551615"][..],
            "error: at most 10000000 samples may be asked for, found 18446744073709551615",
        ),
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with(want), "{err}");
    }
}
