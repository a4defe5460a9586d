//! The command-line tool: outputs, JSON contracts and exit codes.
#![cfg(feature = "cli")]

mod common;

use common::negative_zero_in;
use std::process::{Command, Output};

fn corridors(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corridors"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the corridors binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs the tool, which must succeed: what it printed.
fn succeeds(args: &[&str]) -> String {
    let o = corridors(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Runs the tool, which must fail with exit `code` and a message on stderr holding `text`.
fn fails(args: &[&str], code: i32, text: &str) {
    let o = corridors(args);
    assert_eq!(o.status.code(), Some(code), "{args:?}");
    assert!(stderr(&o).contains(text), "{args:?}: {}", stderr(&o));
}

/// Runs the tool, which must fail with exit `code` and exactly `message` on stderr.
fn fails_with(args: &[&str], code: i32, message: &str) {
    let o = corridors(args);
    assert_eq!(o.status.code(), Some(code), "{args:?}");
    assert_eq!(stderr(&o), message, "{args:?}");
}

/// Asserts that `v`, the `what` of a JSON answer ("answer" for the whole of it), has every
/// field of `keys`, the fields its contract promises.
fn has_fields(v: &serde_json::Value, what: &str, keys: &[&str]) {
    for key in keys {
        assert!(v.get(key).is_some(), "{what} missing {key}");
    }
}

/// The JSON a successful run printed.
fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).expect("the output is JSON")
}

#[test]
fn check_passes_on_the_bundled_file_with_a_summary() {
    let out = succeeds(&["check", "corridors.toml"]);
    assert!(
        // [network] year moved from 2025 to 2026 with as_of = 2026-06-30.
        out.starts_with("corridors.toml: ok\nTrans-Afghan corridors (today = 2026)\n"),
        "{out}"
    );
    for needle in [
        "nodes in",
        "links:",
        "operational",
        "under_construction",
        "planned",
        "proposed",
        "corridors,",
        "scenarios,",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in {out}");
    }
    assert!(
        out.contains(
            "\n  rail gauges: 1,435 mm on 27 links, 1,520 mm on 44 links, 1,676 mm on 7 links\n"
        ),
        "{out}"
    );
    // A gauge typo loads (any gauge in [500, 2000] mm may be real) but stands out here.
    let text = std::fs::read_to_string("corridors.toml").unwrap();
    let at = text.find("gauge_mm = 1435").unwrap();
    let typo = format!("{}gauge_mm = 1436{}", &text[..at], &text[at + 15..]);
    let path =
        std::env::temp_dir().join(format!("corridors-gauge-typo-{}.toml", std::process::id()));
    std::fs::write(&path, typo).unwrap();
    let out = succeeds(&["check", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    assert!(
        out.contains("rail gauges: 1,435 mm on 26 links, 1,436 mm on 1 link, 1,520 mm"),
        "{out}"
    );
    // And is named, with the link.
    let link = text[..at].rsplit("id = \"").next().unwrap();
    let link = &link[..link.find('"').unwrap()];
    assert!(
        out.contains(&format!(
            "\n  check: 1,436 mm on {link} alone is 1 mm from the 1,435 mm of 26 links\n    \
             (a typo? it makes a break of gauge)\n"
        )),
        "{out}"
    );
}

#[test]
fn check_lists_every_problem_and_exits_1() {
    let o = corridors(&["check", "tests/fixtures/bad/several-problems.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let problems = err
        .lines()
        .filter(|l| {
            l.starts_with("tests/fixtures/bad/several-problems.toml:") && !l.ends_with(" problems")
        })
        .count();
    assert!(problems >= 5, "{err}");
    assert!(
        err.trim_end().ends_with(&format!("{problems} problems")),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn check_json_reports_problems_with_positions() {
    let o = corridors(&["check", "tests/fixtures/bad/typo-field.toml", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ok"], false);
    let p = &v["problems"][0];
    assert!(p["line"].as_u64().unwrap() > 0 && p["column"].as_u64().unwrap() > 0);
    assert!(p["message"].as_str().unwrap().contains("lenght_km"));
}

#[test]
fn check_of_a_missing_file_exits_1() {
    fails(
        &["check", "no-such-file.toml"],
        1,
        "no-such-file.toml: cannot read the file",
    );
}

#[test]
fn route_json_follows_the_contract() {
    let o = corridors(&[
        "route",
        "tashkent",
        "nhava-sheva",
        "--json",
        "--alternatives",
        "2",
    ]);
    let v = json(&o);
    has_fields(
        &v,
        "answer",
        &[
            "from",
            "to",
            "metric",
            "found",
            "distance_km",
            "hours",
            "usd_per_t",
            "bottleneck_mtpa",
            "legs",
            "transfers",
            "countries",
            "alternatives",
        ],
    );
    assert_eq!(v["found"], true);
    let leg = &v["legs"][0];
    has_fields(
        leg,
        "leg",
        &[
            "link",
            "from",
            "to",
            "mode",
            "distance_km",
            "hours",
            "usd_per_t",
            "status",
        ],
    );
    assert_eq!(v["alternatives"][0]["legs"], v["legs"]);
    assert_eq!(v["alternatives"].as_array().unwrap().len(), 2);
}

#[test]
fn route_without_a_way_is_an_answer_not_an_error() {
    let o = corridors(&["route", "khaf", "herat", "--mode", "rail", "--json"]);
    let v = json(&o);
    assert_eq!(v["found"], false);
    assert!(v["distance_km"].is_null());
    // Moved from rozanak-herat-rail: that link is now split at Robat Paryan.
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("robat-paryan-herat-rail")
    );
}

#[test]
fn unknown_ids_exit_1_naming_the_id() {
    fails_with(
        &["route", "tashkent", "chahbahar"],
        1,
        "error: unknown node \"chahbahar\" (did you mean \"chabahar\"?)\n",
    );
    fails(
        &["route", "tashkent", "karachi", "--scenario", "nope-nope"],
        1,
        "unknown scenario \"nope-nope\"",
    );
}

#[test]
fn except_event_and_build_change_the_day_a_query_looks_at() {
    // Today Kabul's cargo for Karachi goes round by Iran; with the border closure left out it
    // crosses straight into Pakistan, and the answer says which event it set aside.
    let today = succeeds(&["route", "kabul", "karachi"]);
    assert!(today.contains("countries: AF → IR → PK"), "{today}");
    assert!(!today.contains("events left out"), "{today}");
    let open = succeeds(&[
        "route",
        "kabul",
        "karachi",
        "--except-event",
        "pak-afghan-closure-2025",
    ]);
    assert!(
        open.contains("  events left out: pak-afghan-closure-2025\n"),
        "{open}"
    );
    assert!(open.contains("countries: AF → PK\n"), "{open}");
    let v = json(&corridors(&[
        "route",
        "kabul",
        "karachi",
        "--except-event",
        "pak-afghan-closure-2025",
        "--json",
    ]));
    assert_eq!(
        v["events_left_out"],
        serde_json::json!(["pak-afghan-closure-2025"])
    );
    assert!(v["usd_per_t"].as_f64().unwrap() < 200.0, "{v}");
    // No railway reaches Khaf from Herat until the last section is built.
    let rail = [
        "capacity", "--from", "herat", "--to", "khaf", "--mode", "rail",
    ];
    assert!(succeeds(&rail).contains("maximum flow: 0 Mt/yr: no open link joins them"));
    let built = succeeds(&[&rail[..], &["--build", "khaf-herat-section-4"]].concat());
    assert!(
        built.contains("  rail only; building khaf-herat-section-4\n"),
        "{built}"
    );
    assert!(built.contains("maximum flow: 3.0 Mt/yr"), "{built}");
    // Unknown ids name themselves and the nearest.
    fails_with(
        &["route", "kabul", "karachi", "--except-event", "pak-afgan"],
        1,
        "error: unknown scenario \"pak-afgan\" (did you mean \"pak-afghan-closure-2025\"?)\n",
    );
    fails_with(
        &["route", "herat", "khaf", "--build", "khaf"],
        1,
        "error: unknown project \"khaf\" (did you mean \"khaf-herat-section-4\"?)\n",
    );
}

#[test]
fn a_day_after_the_data_says_so() {
    let later = succeeds(&["route", "kabul", "karachi", "--date", "2029-01-01"]);
    assert_eq!(
        later.lines().nth(1).unwrap(),
        "  2029-01-01 is after the file's data, current to 2026-06-30: what it knew then is carried forward"
    );
    let v = json(&corridors(&[
        "route",
        "kabul",
        "karachi",
        "--date",
        "2029-01-01",
        "--json",
    ]));
    assert_eq!(v["data_as_of"], "2026-06-30");
    // On the data's own day, or before, nothing is carried forward.
    for day in [
        &["--date", "2026-06-30"][..],
        &["--date", "2025-09-01"],
        &[],
    ] {
        let out = succeeds(&[&["route", "kabul", "karachi"][..], day].concat());
        assert!(!out.contains("after the file's data"), "{out}");
        let v = json(&corridors(
            &[&["route", "kabul", "karachi", "--json"][..], day].concat(),
        ));
        assert!(v.get("data_as_of").is_none(), "{v}");
    }
}

#[test]
fn compare_draws_say_what_the_marker_means_and_when_the_draws_disagree() {
    // As built, Bandar Abbas is cheapest for Termez's cargo at the central figures; Karachi
    // is cheapest in more draws.
    let out = succeeds(&[
        "compare",
        "termez",
        "--to",
        "mundra",
        "--via-port",
        "bandar-abbas",
        "--via-port",
        "karachi",
        "--draws",
        "2000",
        "--no-events",
    ]);
    let marked = out.lines().find(|l| l.contains('◀')).unwrap();
    assert!(marked.contains("bandar-abbas"), "{out}");
    assert!(
        out.contains(
            "◀ is the best at the central figures, p_best the share of draws in which the option \
             is its row's best (in 1 row another option is best more often)"
        ),
        "{out}"
    );
}

#[test]
fn a_payback_past_a_century_is_no_figure() {
    // The Trans-Afghan railway's 4.6 bn$ at today's saving would take over a thousand years.
    let out = succeeds(&["projects"]);
    let row = out
        .lines()
        .find(|l| l.trim_start().starts_with("trans-afghan-railway "))
        .unwrap();
    assert!(row.ends_with(" 4.60    >100"), "{row}");
    let v = json(&corridors(&["projects", "--json"]));
    let p = v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "trans-afghan-railway")
        .unwrap();
    assert!(p["payback_years"].as_f64().unwrap() > 100.0, "{p}");
    assert!(out.contains(
        "\n  (>100: longer than a line lasts); saves 0.0: no flow of the file is cheaper with it\n"
    ));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(corridors(&["route", "tashkent"]).status.code(), Some(2));
    assert_eq!(
        corridors(&["route", "a", "b", "--metric", "speed"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(corridors(&["frobnicate"]).status.code(), Some(2));
    // Options that would be ignored are refused: an export writes the format it names, and
    // check reads the file it is given.
    fails(
        &["export", "svg", "--json"],
        2,
        "the argument '<FORMAT>' cannot be used with '--json'",
    );
    fails(
        &["check", "corridors.toml", "--network", "corridors.toml"],
        2,
        "the argument '<FILE>' cannot be used with '--network <FILE>'",
    );
}

#[test]
fn a_negative_year_is_the_option_s_value_not_an_option() {
    // Before every `opens`: only the planned lines without a year count, as in 1900.
    let at = |year: &str| {
        let args = ["route", "kabul", "karachi", "--year", year];
        json(&corridors(&[&args[..], &["--json"]].concat()))["metric_value"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(at("-5"), at("1900"));
    assert!(at("2040") < at("-5"), "lines open by 2040 make it cheaper");
}
#[test]
fn compare_prints_one_line_per_port() {
    let out = succeeds(&[
        "compare",
        "termez",
        "--to",
        "nhava-sheva",
        "--via-port",
        "chabahar",
        "--via-port",
        "bandar-abbas",
    ]);
    // What picks the best, the day line (the events in force on as_of, wrapped), the header
    // and one line per port.
    let first = "best route by cost through each port\non 2026-06-30, events applied: ";
    assert!(out.starts_with(first), "{out}");
    let header = out.lines().position(|l| l.starts_with("from ")).unwrap();
    // Two ports, then what the ≤ before a capacity means.
    assert_eq!(out.lines().count(), header + 4, "{out}");
    assert!(out.ends_with(
        "\n≤ Mt/yr: the least capacity published on the route; its links with none may hold less\n"
    ));
    assert!(
        out.lines()
            .nth(header + 1)
            .unwrap()
            .starts_with("termez       nhava-sheva  chabahar")
    );
    assert_eq!(out.matches('◀').count(), 1);
}

#[test]
fn nodes_and_links_list_the_network() {
    let nodes = stdout(&corridors(&["nodes", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&nodes).unwrap();
    assert!(v.as_array().unwrap().len() >= 45);
    let links = stdout(&corridors(&[
        "--network",
        "tests/fixtures/small.toml",
        "links",
    ]));
    assert!(links.contains("bridge-middle-rail"));
    assert_eq!(links.lines().count(), 5 + 2);
}

#[test]
fn output_is_deterministic() {
    let args = [
        "route",
        "moscow",
        "nhava-sheva",
        "--all",
        "--alternatives",
        "3",
        "--json",
    ];
    let (a, b) = (corridors(&args), corridors(&args));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn scenario_json_follows_the_contract() {
    let o = corridors(&["scenario", "pak-afghan-closure-2025", "--json"]);
    let v = json(&o);
    assert_eq!(v["id"], "pak-afghan-closure-2025");
    assert!(
        v["disrupted_links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "torkham-af-torkham-pk-road")
    );
    assert!(v["reduced_links"].is_array());
    let a = &v["affected"][0];
    has_fields(a, "affected", &["from", "to", "before", "after"]);
    assert_eq!(a["before"]["found"], true);
    assert!(a["after"]["legs"].is_array());
}

#[test]
fn capacity_demands_carries_the_file_s_cargo_at_least_cost() {
    let out = succeeds(&["capacity", "--demands"]);
    assert!(
        out.starts_with("20.5 of 20.5 Mt/yr carried at the least total cost: "),
        "{out}"
    );
    assert!(out.contains("  greedy (cheapest first): "), "{out}");
    assert!(
        out.contains("  moscow         nhava-sheva        8.0     8.0     0.0 "),
        "{out}"
    );
    let table = &out[out.find("the bottlenecks worth widening").unwrap()..];
    let first = table.lines().nth(2).unwrap();
    assert!(
        first.starts_with("  qazvin-rasht-rail                  link "),
        "{table}"
    );

    let o = corridors(&["capacity", "--demands", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    has_fields(
        &v,
        "answer",
        &[
            "total_usd_per_year",
            "objective_usd_per_year",
            "unmet_usd_per_t",
            "demand_mtpa",
            "served_mtpa",
            "unmet_mtpa",
            "demands",
            "loads",
            "node_loads",
            "saturated",
            "shadow_prices",
            "greedy",
            "lp",
            "date",
            "events",
        ],
    );
    assert_eq!(v["unmet_mtpa"], 0.0);
    let d = &v["demands"][0];
    has_fields(
        d,
        "demand",
        &[
            "from",
            "to",
            "demand_mtpa",
            "served_mtpa",
            "unmet_mtpa",
            "paths",
            "cut",
        ],
    );
    let path = &d["paths"][0];
    assert!(path["links"][0].is_string() && path["mtpa"].is_f64() && path["usd_per_t"].is_f64());
    let load = &v["loads"][0];
    assert!(load["load_mtpa"].is_f64() && load["utilisation"].is_f64());
    let price = &v["shadow_prices"][0];
    assert_eq!(price["id"], "qazvin-rasht-rail");
    assert_eq!(price["kind"], "link");
    assert!(price["usd_per_t"].as_f64().unwrap() > 100.0);
    assert!(v["greedy"]["saves_usd_per_year"].as_f64().unwrap().abs() < 1.0);

    // The greedy assignment is still there, for comparison.
    let o = corridors(&["capacity", "--demands", "--greedy"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("20.5 of 20.5 Mt/yr served, cheapest first by cost\n"),
        "{}",
        stdout(&o)
    );
    let o = corridors(&["capacity", "--greedy", "--from", "kabul", "--to", "karachi"]);
    assert_eq!(o.status.code(), Some(2), "--greedy needs --demands");
}

#[test]
fn projects_rank_the_file_s_planned_lines() {
    let out = succeeds(&["projects", "--no-events"]);
    assert!(
        out.starts_with("Projects at 20.5 Mt/yr of demand; "),
        "{out}"
    );
    let first = out
        .lines()
        .skip_while(|l| !l.starts_with("  project "))
        .nth(1)
        .unwrap();
    // Iran's freight to Herat (2.7 Mt/yr weighed at Islam Qala) already takes the train to
    // Rozanak and a truck on, so finishing the Khaf–Herat line saves only that last leg; as
    // built, the Trans-Afghan railway (3 Mt/yr more to Karachi) pays most.
    assert!(first.starts_with("  trans-afghan-railway "), "{out}");
    assert!(
        out.contains(
            "    khaf-herat-section-4 + mazar-herat: +2.6 (each makes the other worth more)\n"
        ),
        "{out}"
    );

    let o = corridors(&[
        "projects",
        "--json",
        "--draws",
        "5",
        "--project",
        "sarakhs-tracks",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    has_fields(
        &v,
        "answer",
        &[
            "base",
            "projects",
            "pairs",
            "order",
            "all_built",
            "draws",
            "date",
            "events",
        ],
    );
    let p = &v["projects"][0];
    has_fields(
        p,
        "project",
        &[
            "id",
            "links",
            "saving_usd_per_year",
            "served_mtpa",
            "capacity_added_mtpa",
            "cost_usd",
            "payback_years",
            "value_usd_per_year",
            "needs",
            "draws",
        ],
    );
    assert_eq!(p["id"], "sarakhs-tracks");
    assert_eq!(p["capacities"]["sarakhs"], 15.0);

    fails(
        &["projects", "--project", "mazar-heart"],
        1,
        "unknown project \"mazar-heart\" (did you mean \"mazar-herat\"?)",
    );

    // --spread alone is theta 10; the table gains its route-choice section.
    let o = corridors(&["projects", "--project", "mazar-herat", "--spread"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("  under route choice (theta 10: each flow over its 8 cheapest routes")
    );
    fails_with(
        &["projects", "--project", "mazar-herat", "--spread", "-2"],
        1,
        "error: spread theta must lie in (0, 10000], found -2\n",
    );
    // The spread drawn too: the library's answer, with a line for the spreads drawn.
    let args = [
        "projects",
        "--project",
        "mazar-herat",
        "--spread",
        "--draws",
        "4",
        "--spread-range",
        "5",
        "20",
    ];
    let text = succeeds(&args);
    assert!(
        text.contains("\n    first and the draws' gains count the spread drawn too: "),
        "{text}"
    );
    let lib = corridors::Network::trans_afghan()
        .rank_projects(
            &corridors::ProjectsQuery::new()
                .project("mazar-herat")
                .spread(10.0)
                .draws(4)
                .spread_range(5.0, 20.0),
        )
        .unwrap();
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    let o = corridors(&["projects", "--spread", "--spread-range", "5", "20"]);
    assert_eq!(o.status.code(), Some(2), "--spread-range needs --draws");
    let o = corridors(&["projects", "--draws", "2", "--spread-range", "5", "20"]);
    assert_eq!(o.status.code(), Some(2), "--spread-range needs --spread");
}

#[test]
fn critical_json_ranks_every_link() {
    let o = corridors(&["critical", "--json"]);
    let v = json(&o);
    let links = v["links"].as_array().unwrap();
    assert_eq!(
        links.len(),
        corridors::Network::trans_afghan().links().len()
    );
    has_fields(
        &links[0],
        "link",
        &["link", "damage_usd_per_year", "cut_off_mtpa"],
    );
    let top = corridors(&["critical", "--top", "3"]);
    let ranked = stdout(&top)
        .lines()
        .filter(|l| {
            l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && !l.contains("evaluated")
        })
        .count();
    assert_eq!(ranked, 3, "{}", stdout(&top));
}

#[test]
fn reliability_is_reproducible_with_a_seed() {
    let a = corridors(&["reliability", "--samples", "5000", "--seed", "9", "--json"]);
    let b = corridors(&["reliability", "--samples", "5000", "--seed", "9", "--json"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["method"], "monte_carlo");
}

#[test]
fn alternatives_through_a_port_and_the_via_limit() {
    let o = corridors(&[
        "route",
        "tashkent",
        "nhava-sheva",
        "--via-port",
        "chabahar",
        "--all",
        "--alternatives",
        "3",
        "--json",
    ]);
    let v = json(&o);
    let alts = v["alternatives"].as_array().unwrap();
    assert_eq!(alts.len(), 3);
    for a in alts {
        let legs = a["legs"].as_array().unwrap();
        let first_sea = legs.iter().position(|l| l["mode"] == "sea").unwrap();
        assert_eq!(legs[first_sea]["from"], "chabahar");
    }
    fails(
        &[
            "route",
            "tashkent",
            "karachi",
            "--via",
            "termez",
            "--alternatives",
            "2",
        ],
        1,
        "alternatives are searched without via points",
    );
}

#[test]
fn compare_with_draws_adds_chances_and_ranges() {
    let args = [
        "compare",
        "kabul",
        "--to",
        "mundra",
        "--via-port",
        "chabahar",
        "--via-port",
        "bandar-abbas",
        "--draws",
        "2000",
        "--seed",
        "4",
        "--json",
    ];
    let o = corridors(&args);
    let v = json(&o);
    assert_eq!(v["draws"]["n"], 2000);
    assert_eq!(v["draws"]["seed"], 4);
    let opts = v["rows"][0]["options"].as_array().unwrap();
    let mut total = 0.0;
    for o in opts {
        for k in [
            "usd_per_t_p5",
            "usd_per_t_p50",
            "usd_per_t_p95",
            "days_p5",
            "days_p50",
            "days_p95",
        ] {
            assert!(o[k].is_f64(), "{k}");
        }
        total += o["p_best"].as_f64().unwrap();
    }
    assert!((total - 1.0).abs() < 1e-9);
    // Same seed, same bytes; the table names the draws.
    assert_eq!(stdout(&corridors(&args)), stdout(&o));
    let text = stdout(&corridors(&args[..args.len() - 1]));
    assert!(
        text.contains("p_best")
            && text.contains("2,000 draws of every uncertain figure but link lengths (seed 4)"),
        "{text}"
    );
}

#[test]
fn stratified_draws_are_asked_for_with_draws() {
    let o = corridors(&[
        "route",
        "tashkent",
        "karachi",
        "--draws",
        "300",
        "--stratified",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("  over 300 stratified draws: USD/t "),
        "{}",
        stdout(&o)
    );
    let o = corridors(&[
        "projects",
        "--project",
        "mazar-herat",
        "--draws",
        "3",
        "--stratified",
        "--json",
    ]);
    assert_eq!(json(&o)["draws"]["sampling"], "stratified");
    // Without draws there is nothing to stratify: a usage error, as --draw-lengths is.
    for cmd in [&["route", "tashkent", "karachi"][..], &["projects"]] {
        let o = corridors(&[cmd, &["--stratified"]].concat());
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).starts_with(
                "error: the following required arguments were not provided:\n  --draws <N>\n"
            ),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn sensitivity_ranks_figures_and_draws_the_tornado() {
    let svg = std::env::temp_dir().join("corridors-tornado-test.svg");
    let svg_arg = svg.to_str().unwrap();
    let question = [
        "sensitivity",
        "kabul",
        "mundra",
        "--via-port",
        "chabahar",
        "--via-port",
        "bandar-abbas",
    ];
    let o = corridors(&[&question[..], &["--top", "5", "--svg", svg_arg]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("kabul → mundra, best by cost through chabahar, bandar-abbas: "),
        "{text}"
    );
    assert!(text.contains("break-even"), "{text}");
    let picture = std::fs::read_to_string(&svg).unwrap();
    assert!(picture.starts_with("<svg") && picture.trim_end().ends_with("</svg>"));
    let o = corridors(&[&question[..], &["--json"]].concat());
    let v = json(&o);
    let ps = v["parameters"].as_array().unwrap();
    assert!(
        ps.iter().any(|p| p["break_even"].is_f64()),
        "no parameter flips kabul → mundra"
    );
    fails(
        &["sensitivity", "kabul", "mundri"],
        1,
        "unknown node \"mundri\" (did you mean \"mundra\"?)",
    );
}

#[test]
fn export_toml_writes_a_file_that_loads_to_the_same_network() {
    let o = corridors(&["export", "toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let back = corridors::Network::from_toml_str(&stdout(&o)).unwrap();
    assert!(back == corridors::Network::trans_afghan());
    let dir = std::env::temp_dir().join(format!("corridors-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("net.toml");
    let file = file.to_str().unwrap();
    let o = corridors(&["export", "toml", "--out", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The file written checks, and writes itself back byte for byte.
    let again = corridors(&["--network", file, "export", "toml"]);
    assert_eq!(stdout(&again), std::fs::read_to_string(file).unwrap());
    assert_eq!(corridors(&["check", file]).status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
    let o = corridors(&["export", "toml", "--route", "kabul", "karachi"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim_end(),
        "error: export toml writes the network itself: --route, --capacity, --demands, --counted, --title and --scenario draw on a map"
    );
    // Nor does it, or GraphML, take what a query counts: they write every record.
    for format in ["toml", "graphml"] {
        fails_with(
            &["export", format, "--mode", "rail", "--date", "2005-01-01"],
            1,
            &format!(
                "error: export {format} writes every record of the file: --include, --all, --year, \
                 --mode, --avoid, --date, --no-events, --except-event and --build choose what a \
                 query counts, so they do not apply\n"
            ),
        );
    }
    fails(
        &["export", "graphml", "--route", "kabul", "karachi"],
        1,
        "error: export graphml writes the network itself",
    );
}

#[test]
fn export_demands_maps_the_least_cost_assignment() {
    let o = corridors(&["export", "geojson", "--demands"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let rasht = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["id"] == "qazvin-rasht-rail")
        .unwrap();
    assert_eq!(rasht["properties"]["load_mtpa"], 7.0);
}

#[test]
fn export_demands_with_a_spread_maps_the_split_and_its_prices() {
    use corridors::{Map, Network, SplitQuery};
    let net = Network::trans_afghan();
    let spread = ["export", "geojson", "--demands", "--theta", "10"];
    let o = corridors(&[&spread[..], &["--within-capacity"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = net
        .split(&SplitQuery::new().theta(10.0).within_capacity(true))
        .unwrap();
    let today = corridors::Filter::new().day(&net);
    let expected = Map::new(&net).day(&today).split(&s).unwrap().geojson();
    assert_eq!(json(&o), expected);
    assert_eq!(expected["assignment"]["within_capacity"], true);
    // Beside the counts, the split's tonnes stand as the model.
    let v = json(&corridors(&[&spread[..], &["--counted"]].concat()));
    let sarakhs = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "sarakhs")
        .unwrap()["properties"]
        .clone();
    let free = net.split(&SplitQuery::new().theta(10.0)).unwrap();
    let beside = net.utilisation_beside(&free);
    let counted = beside
        .uses
        .iter()
        .filter(|u| u.at.id() == "sarakhs")
        .max_by(|a, b| (a.end, a.start).cmp(&(b.end, b.start)))
        .unwrap();
    assert_eq!(
        sarakhs["counted_modelled_mtpa"],
        counted.modelled_mtpa.unwrap()
    );
    // With draws, the same map as the library's.
    let o = corridors(&[&spread[..], &["--draws", "6", "--seed", "2"]].concat());
    let drawn = net
        .split(&SplitQuery::new().theta(10.0).draws(6).seed(2))
        .unwrap();
    assert_eq!(
        json(&o),
        Map::new(&net).day(&today).split(&drawn).unwrap().geojson()
    );
    // Least cost with draws too.
    let o = corridors(&["export", "geojson", "--demands", "--draws", "6"]);
    let drawn = net
        .optimal(&corridors::OptimalQuery::new().versus_greedy(false).draws(6))
        .unwrap();
    let map = Map::new(&net)
        .day(&today)
        .optimal(&drawn)
        .unwrap()
        .geojson();
    assert_eq!(json(&o), map);
    assert_eq!(map["assignment"]["draws"], 6);
    // The spread needs --demands, and capacity binding needs the spread.
    for args in [
        &["export", "svg", "--theta", "10"][..],
        &["export", "svg", "--demands", "--within-capacity"],
        &["export", "svg", "--draws", "3"],
    ] {
        let o = corridors(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("required arguments were not provided"));
    }
    fails(&["export", "svg", "--demands", "--theta", "-1"], 1, "-1");
}

#[test]
fn export_counted_maps_the_latest_counts_beside_the_model() {
    let v = json(&corridors(&["export", "geojson", "--counted", "--demands"]));
    let feature = |id: &str| {
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()["properties"]
            .clone()
    };
    let hairatan = feature("termez-hairatan-rail");
    assert_eq!(hairatan["counts"], 4);
    assert_eq!(hairatan["counted_end"], "2025-08-21");
    assert_eq!(hairatan["counted_modelled_mtpa"], 2.9);
    // Without --demands no model stands beside the counts.
    let v = json(&corridors(&["export", "geojson", "--counted"]));
    let sarakhs = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "sarakhs")
        .unwrap();
    assert!(sarakhs["properties"]["counted_modelled_mtpa"].is_null());
    assert_eq!(sarakhs["properties"]["counted_end"], "2025-09-22");
    let o = corridors(&["export", "svg", "--counted"]);
    assert!(stdout(&o).contains("data-counted=\"sarakhs\""));
    let o = corridors(&["export", "toml", "--counted"]);
    assert_eq!(o.status.code(), Some(1));
}

/// The header and the records of a CSV output with no quoted line breaks.
fn csv_rows(o: &Output) -> (Vec<String>, usize) {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    let out = stdout(o);
    let mut lines = out.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    (header, lines.count())
}

#[test]
fn nodes_and_links_print_csv() {
    let nodes = json(&corridors(&["nodes", "--json"]));
    let links = json(&corridors(&["links", "--json"]));
    let (header, n) = csv_rows(&corridors(&["nodes", "--csv"]));
    assert_eq!(header[..4], ["id", "name", "country", "kind"]);
    assert_eq!(n, nodes.as_array().unwrap().len());
    let (header, n) = csv_rows(&corridors(&["links", "--csv"]));
    assert_eq!(header[..4], ["id", "from", "to", "mode"]);
    assert_eq!(n, links.as_array().unwrap().len());
    // One format at a time: a usage error.
    fails(
        &["nodes", "--csv", "--json"],
        2,
        "'--csv' cannot be used with '--json'",
    );
}

#[test]
fn route_capacity_and_critical_print_csv() {
    let route = json(&corridors(&["route", "termez", "karachi", "--json"]));
    let legs = route["legs"].as_array().unwrap().len();
    let (header, n) = csv_rows(&corridors(&["route", "termez", "karachi", "--csv"]));
    assert_eq!(header[..4], ["leg", "link", "from", "to"]);
    assert_eq!(n, legs);
    // With alternatives, every route's legs, each led by its rank.
    let alts = json(&corridors(&[
        "route",
        "kabul",
        "karachi",
        "--alternatives",
        "3",
        "--json",
    ]));
    let alts = alts["alternatives"].as_array().unwrap();
    let o = corridors(&["route", "kabul", "karachi", "--alternatives", "3", "--csv"]);
    let (header, n) = csv_rows(&o);
    assert_eq!(header[..3], ["route", "leg", "link"]);
    let all: usize = alts
        .iter()
        .map(|r| r["legs"].as_array().unwrap().len())
        .sum();
    assert_eq!((alts.len(), n), (3, all));
    assert!(stdout(&o).lines().last().unwrap().starts_with("3,"));
    // No route is an answer: the header alone, and why on stderr.
    let o = corridors(&["route", "termez", "karachi", "--mode", "sea", "--csv"]);
    assert_eq!(csv_rows(&o).1, 0);
    assert!(
        stderr(&o).starts_with("note: no route from termez to karachi: "),
        "{}",
        stderr(&o)
    );

    let (header, _) = csv_rows(&corridors(&[
        "capacity",
        "--from",
        "termez",
        "--to",
        "bandar-abbas",
        "--csv",
    ]));
    assert_eq!(header, ["link", "from", "to", "flow_mtpa", "capacity_mtpa"]);
    for greedy in [&[][..], &["--greedy"][..]] {
        let mut args = vec!["capacity", "--demands", "--csv"];
        args.extend(greedy);
        let (header, n) = csv_rows(&corridors(&args));
        assert_eq!(header[..4], ["link", "from", "to", "forward_mtpa"]);
        assert!(n > 0);
    }
    let (header, n) = csv_rows(&corridors(&[
        "critical",
        "--no-joint",
        "--top",
        "4",
        "--csv",
    ]));
    assert_eq!(header[..5], ["kind", "rank", "id", "from", "to"]);
    assert_eq!(n, 4);
    let (header, n) = csv_rows(&corridors(&["observed", "--csv"]));
    assert_eq!(header[..6], ["kind", "id", "from", "start", "end", "days"]);
    assert_eq!(n, 24);
}

#[test]
fn matrix_prints_a_table_json_and_csv() {
    let args = [
        "matrix",
        "--from",
        "termez,kabul",
        "--to",
        "karachi",
        "--to",
        "chabahar",
    ];
    let o = corridors(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = stdout(&o);
    // The day, as every report opens, then the grid.
    assert!(
        table.starts_with("on 2026-06-30, events applied: "),
        "{table}"
    );
    let lines: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("USD/t"))
        .collect();
    assert!(lines[0].ends_with("chabahar"), "{table}");
    assert!(
        lines[1].starts_with("termez ") && lines[2].starts_with("kabul "),
        "{table}"
    );

    let mut with_json = args.to_vec();
    with_json.push("--json");
    let j = json(&corridors(&with_json));
    assert_eq!(j["metric"], "cost");
    assert_eq!(j["from"], serde_json::json!(["termez", "kabul"]));
    assert_eq!(j["to"], serde_json::json!(["karachi", "chabahar"]));
    assert_eq!(j["values"].as_array().unwrap().len(), 2);
    assert!(j["date"].is_string() && j["events"].is_array());
    let route = json(&corridors(&["route", "kabul", "chabahar", "--json"]));
    assert_eq!(j["values"][1][1], route["usd_per_t"]);

    let mut with_csv = args.to_vec();
    with_csv.push("--csv");
    let (header, n) = csv_rows(&corridors(&with_csv));
    assert_eq!(header, ["from", "to", "metric", "value"]);
    assert_eq!(n, 4);
    // No --to: every node.
    let nodes = json(&corridors(&["nodes", "--json"]))
        .as_array()
        .unwrap()
        .len();
    let (_, n) = csv_rows(&corridors(&[
        "matrix", "--from", "herat", "--metric", "distance", "--csv",
    ]));
    assert_eq!(n, nodes);

    fails_with(
        &["matrix", "--from", "termez", "--to", "karachy"],
        1,
        "error: unknown node \"karachy\" (did you mean \"karachi\"?)\n",
    );
}

#[test]
fn matrix_draws_print_each_cell_s_band() {
    let cells = [
        "matrix",
        "--from",
        "termez,kabul",
        "--to",
        "karachi,chabahar",
    ];
    let args = [
        &cells[..],
        &["--draws", "30", "--seed", "2", "--stratified"],
    ]
    .concat();
    let text = succeeds(&args);
    let tail = text.split_once("\nover ").unwrap().1;
    assert_eq!(
        tail,
        "30 stratified draws of every uncertain figure but link lengths (seed 2), median (5th–95th percentile):
  USD/t               karachi             chabahar
  termez  175.9 (154.8–210.0)  185.9 (165.0–217.3)
  kabul   207.2 (186.0–229.1)  180.4 (154.3–204.1)
"
    );
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let lib = corridors::Network::trans_afghan()
        .matrix(
            &corridors::MatrixQuery::new(["termez", "kabul"], ["karachi", "chabahar"])
                .draws(30)
                .seed(2)
                .sampling(corridors::Sampling::Stratified),
        )
        .unwrap();
    assert_eq!(
        json(&corridors(&with_json)),
        serde_json::to_value(&lib).unwrap()
    );
    let mut with_csv = args.to_vec();
    with_csv.push("--csv");
    let (header, n) = csv_rows(&corridors(&with_csv));
    assert_eq!(
        header,
        [
            "from",
            "to",
            "metric",
            "value",
            "value_p5",
            "value_p50",
            "value_p95"
        ]
    );
    assert_eq!(n, 4);
    fails(
        &[
            "matrix", "--from", "kabul", "--to", "karachi", "--draws", "10001",
        ],
        1,
        "at most 10000 matrix draws may be asked for, found 10001",
    );
    fails(
        &["matrix", "--from", "kabul", "--stratified"],
        2,
        "--draws <N>",
    );
    // A seed without draws would be ignored: it is refused, as --stratified is.
    for command in [
        &["matrix", "--from", "kabul"][..],
        &["route", "kabul", "karachi"],
        &["critical"],
    ] {
        fails(&[command, &["--seed", "3"]].concat(), 2, "--draws <N>");
    }
    // The README's block is what its command prints.
    let text = succeeds(&[&cells[..], &["--draws", "200"]].concat());
    let block = &text[text.find("over 200 draws").unwrap()..];
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
    assert!(
        readme.unwrap().contains(block),
        "README's matrix block is stale: paste\n{block}"
    );
}

#[test]
fn export_graphml_writes_every_node_and_link() {
    let xml = succeeds(&["export", "graphml"]);
    let nodes = json(&corridors(&["nodes", "--json"]))
        .as_array()
        .unwrap()
        .len();
    let links = json(&corridors(&["links", "--json"]))
        .as_array()
        .unwrap()
        .len();
    assert!(xml.starts_with("<?xml"));
    assert_eq!(xml.matches("<node id=").count(), nodes);
    assert_eq!(xml.matches("<edge id=").count(), links);
    let dir = std::env::temp_dir().join(format!("corridors-graphml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("net.graphml");
    let o = corridors(&["export", "graphml", "--out", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), xml);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn observed_lists_the_counts_beside_their_capacity() {
    let text = succeeds(&["observed"]);
    assert!(text.starts_with("where"), "{text}");
    assert!(text.contains("node sarakhs"), "{text}");
    let v = json(&corridors(&["observed", "--json"]));
    let uses = v["uses"].as_array().expect("uses");
    assert_eq!(uses.len(), 24);
    let k = uses
        .iter()
        .find(|u| u["at"]["link"] == "shamtigh-rozanak-rail" && u["from"] == "shamtigh")
        .expect("the Khaf–Herat imports");
    assert_eq!(k["against"], "one_direction");
    assert_eq!(k["capacity_from"], "record");
    assert_eq!(k["start"], "2025-10-01");
    assert!(k.get("modelled_mtpa").is_none());
    // Beside the model: the day it looked at, and a load on every count.
    let v = json(&corridors(&["observed", "--modelled", "--json"]));
    assert_eq!(v["modelled_on"]["date"], "2026-06-30");
    let uses = v["uses"].as_array().expect("uses");
    assert!(uses.iter().all(|u| u["modelled_mtpa"].is_number()));
    // Only the counts at the places asked for; an unknown one is named with the nearest.
    let v = json(&corridors(&["observed", "hairatan", "--json"]));
    assert_eq!(v["uses"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        stdout(&corridors(&["observed", "kabul"])),
        "no counts at kabul\n"
    );
    fails_with(
        &["observed", "hairatn"],
        1,
        "error: unknown node, link, country or corridor \"hairatn\" (did you mean \"hairatan\"?)\n",
    );
    // The sources listing counts the counts that cite a source.
    let s = stdout(&corridors(&["sources"]));
    let line = s
        .lines()
        .find(|l| l.starts_with("pajhwok-2025-khaf-herat-imports "))
        .expect("the source is listed");
    assert_eq!(line.split_whitespace().nth(3), Some("1"), "{line}");
}

#[test]
fn split_spreads_cargo_scores_spreads_and_names_bad_input() {
    let text = succeeds(&["split", "--pair", "mary", "herat", "1", "--routes", "2"]);
    assert!(text.starts_with(
        "1 flows, 1.0 Mt/yr, each spread over up to 2 of its cheapest routes by cost (theta 10.0)\n"
    ));
    assert!(text.contains("mary → herat, 1.0 Mt/yr\n  11% off the cheapest route"));
    assert!(text.contains("road+rail; instead: serhetabat-torghundi-rail\n"));
    let v = json(&corridors(&[
        "split", "--pair", "mary", "herat", "1", "--json",
    ]));
    assert_eq!(v["theta"], 10.0);
    assert_eq!(v["date"], "2026-06-30");
    let shares: f64 = v["demands"][0]["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    // The fit, as a table and as JSON.
    let text = stdout(&corridors(&["split", "--fit", "1,1000"]));
    // The day, as every report states it, then the counts, the header and a row a spread.
    assert!(
        text.starts_with("on 2026-06-30, events applied: "),
        "{text}"
    );
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("24 counts"))
        .collect();
    assert_eq!(lines[1], "    theta  within   mean miss");
    assert!(
        lines[2].starts_with("      1.0 ") && lines[3].starts_with("  1,000.0 "),
        "{text}"
    );
    let v = json(&corridors(&["split", "--fit", "1,1000", "--json"]));
    assert_eq!(v[1]["theta"], 1000.0);
    assert!(v[1]["fit"]["counts"].as_u64().unwrap() > 0);
    // Within capacity: the full railway priced, the cargo it cannot take sent east.
    let text = stdout(&corridors(&["split", "--within-capacity"]));
    assert!(text.starts_with(
        "10 flows, 20.5 Mt/yr, each spread over up to 8 of its cheapest routes by cost (theta 10.0), within capacity\n"
    ));
    assert!(text.ends_with(
        "  1 route taken beyond the cheapest 8 to get round full capacities\n  full, with what a tonne a year more would save (USD/t): qazvin-rasht-rail 88.61\n"
    ), "{text}");
    let v = json(&corridors(&["split", "--within-capacity", "--json"]));
    assert_eq!(v["capacity"]["shadow_prices"][0]["id"], "qazvin-rasht-rail");
    assert_eq!(v["capacity"]["routes_added"], 1);
    let text = stdout(&corridors(&[
        "observed",
        "--modelled",
        "--theta",
        "10",
        "--within-capacity",
    ]));
    assert!(text.starts_with(
        "model: the flows spread over up to 8 of their cheapest routes at theta 10, capacities binding\n"
    ));
    let text = stdout(&corridors(&[
        "projects",
        "--project",
        "rasht-astara",
        "--spread",
        "10",
        "--within-capacity",
    ]));
    assert!(text.contains(
        "  under route choice (theta 10: each flow over its 8 cheapest routes, and those it takes round full capacities, every capacity binding):\n"
    ), "{text}");
    assert!(
        text.contains("    rasht-astara                      10.8"),
        "{text}"
    );
    let o = corridors(&["projects", "--within-capacity"]);
    assert_eq!(o.status.code(), Some(2));
    // The maximum flow drawn again: the same answer as the library's.
    let v = json(&corridors(&[
        "capacity", "--from", "termez", "--to", "karachi", "--draws", "20", "--json",
    ]));
    let lib = corridors::Network::trans_afghan()
        .capacity(&corridors::CapacityQuery::new(["termez"], ["karachi"]).draws(20))
        .unwrap();
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    // Its map: each link's and place's chance to be on the cut, as the library draws it.
    let map = json(&corridors(&[
        "export",
        "geojson",
        "--capacity",
        "--from",
        "termez",
        "--to",
        "karachi",
        "--draws",
        "20",
    ]));
    let net = corridors::Network::trans_afghan();
    let lib = corridors::Map::new(&net)
        .day(&corridors::Filter::new().day(&net))
        .capacity(&lib)
        .unwrap()
        .geojson();
    assert_eq!(map, lib);
    assert_eq!(map["capacity"]["draws"], 20);
    // The optimal assignment drawn again: the same answer as the library's.
    let v = json(&corridors(&[
        "capacity",
        "--demands",
        "--draws",
        "12",
        "--json",
    ]));
    let lib = corridors::Network::trans_afghan()
        .optimal(&corridors::OptimalQuery::new().draws(12))
        .unwrap();
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    let text = succeeds(&["capacity", "--demands", "--draws", "12"]);
    assert!(
        text.contains("over 12 draws of every uncertain figure (seed 0)"),
        "{text}"
    );
    fails(
        &["capacity", "--demands", "--greedy", "--draws", "3"],
        2,
        "cannot be used with",
    );
    // Draws: the same answer as the library's, a range for each route's share.
    let args = ["split", "--pair", "mary", "herat", "1", "--draws", "20"];
    let text = stdout(&corridors(&args));
    assert!(text.contains("  share   drawn  best  Mt/yr"), "{text}");
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    let lib = corridors::Network::trans_afghan()
        .split(
            &corridors::SplitQuery::new()
                .pair("mary", "herat", 1.0)
                .draws(20),
        )
        .unwrap();
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    let o = corridors(&["split", "--stratified"]);
    assert_eq!(o.status.code(), Some(2), "--stratified needs --draws");
    // The spread drawn too: the library's answer, and a line saying the spreads drawn.
    let args = [&args[..], &["--theta-range", "3", "30"]].concat();
    let text = stdout(&corridors(&args));
    assert!(
        text.contains("\n  the spread theta drawn too: 14.7 (4.8–24.0), drawn from 3.0 to 30.0\n"),
        "{text}"
    );
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    let lib = corridors::Network::trans_afghan()
        .split(
            &corridors::SplitQuery::new()
                .pair("mary", "herat", 1.0)
                .draws(20)
                .theta_range(3.0, 30.0),
        )
        .unwrap();
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    let o = corridors(&["split", "--theta-range", "3", "30"]);
    assert_eq!(o.status.code(), Some(2), "--theta-range needs --draws");
    fails_with(
        &["split", "--draws", "5", "--theta-range", "12", "30"],
        1,
        "error: spread theta range [12, 30] does not fit theta 10: expected 0 ≤ low ≤ theta ≤ high ≤ 10000\n",
    );
    let o = corridors(&["split", "--within-capacity", "--metric", "time"]);
    assert_eq!(
        stderr(&o),
        "error: a split within capacity weighs routes by cost only, found metric \"time\"\n"
    );
    // The counts beside a split say which model they are beside, and how close it comes.
    let text = stdout(&corridors(&["observed", "--modelled", "--theta", "10"]));
    assert!(text.starts_with(
        "model: the flows spread over up to 8 of their cheapest routes at theta 10, capacities not binding\n"
    ));
    assert!(text.lines().last().unwrap().starts_with("fit: "));
    // Bad input: named, exit 1.
    for (args, message) in [
        (
            &["split", "--theta", "-1"][..],
            "error: spread theta must lie in [0, 10000], found -1\n",
        ),
        (
            &["split", "--pair", "mary", "heart", "1"][..],
            "error: unknown node \"heart\" (did you mean \"herat\"?)\n",
        ),
        (
            &["split", "--pair", "mary", "herat", "lots"][..],
            "error: --pair mary herat lots: the volume is not a number\n",
        ),
    ] {
        let o = corridors(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&o), message, "{args:?}");
    }
}

#[test]
fn scenario_draws_say_how_sure_each_detour_is() {
    let args = [
        "scenario",
        "pak-afghan-closure-2025",
        "--draws",
        "20",
        "--seed",
        "2",
        "--stratified",
    ];
    // The same answer as the library's.
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    let lib = corridors::Network::trans_afghan()
        .disruption(
            &corridors::DisruptionQuery::new()
                .scenario("pak-afghan-closure-2025")
                .draws(20)
                .seed(2)
                .sampling(corridors::Sampling::Stratified),
        )
        .unwrap();
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    let text = succeeds(&args);
    let tail = text.split_once("  over 20").unwrap().1;
    assert_eq!(
        tail,
        " stratified draws of every uncertain figure but link lengths (seed 2), median (5th–95th percentile):
    extra cost of every detour 208.4 (116.1–317.9) M USD/yr; cut off 0.0 (0.0–0.0) Mt/yr
    rail and sea capacity 17.8 (15.1–18.7) → 17.8 (15.1–18.7) Mt/yr, lost 0.0 (0.0–0.0)
    from           to             affected  cut off  +USD/t                 +days            +M USD/yr
    tashkent       karachi            5.0%     0.0%  0.0 (0.0–0.0)          0.0 (0.0–0.0)    0.0 (0.0–0.0)
    kabul          karachi            100%     0.0%  90.0 (75.4–105.5)      4.2 (-1.7–6.9)   208.4 (116.1–316.4)
    dushanbe       bandar-abbas        35%     0.0%  0.0 (0.0–18.1)         0.0 (-5.3–0.0)   0.0 (0.0–12.7)
    7 flows unaffected in every draw
"
    );
    fails(
        &["scenario", "pak-afghan-closure-2025", "--draws", "10001"],
        1,
        "at most 10000 disruption draws may be asked for, found 10001: each draw routes every flow twice",
    );
    fails(
        &["scenario", "pak-afghan-closure-2025", "--stratified"],
        2,
        "--draws <N>",
    );
}

#[test]
fn critical_draws_say_how_sure_each_rank_is() {
    let v = json(&corridors(&[
        "critical",
        "--no-joint",
        "--draws",
        "10",
        "--seed",
        "3",
        "--json",
    ]));
    let lib = corridors::Network::trans_afghan()
        .critical(
            &corridors::CriticalQuery::new()
                .joint(false)
                .draws(10)
                .seed(3),
        )
        .unwrap();
    assert_eq!(v, serde_json::to_value(&lib).unwrap());
    // --top cuts the draws' lists of links too; every pair is shown, as without draws.
    let text = succeeds(&["critical", "--top", "2", "--draws", "10", "--seed", "3"]);
    let tail = text.split_once("  over 10").unwrap().1;
    assert_eq!(
        tail,
        " draws of every uncertain figure but link lengths (seed 3), median (5th–95th percentile):
    link                               rank          worst  cut Mt/yr          M USD/yr                   cuts off
    qazvin-rasht-rail                  1 (1–1)        100%  0.0 (0.0–0.0)      1,716.6 (1,019.4–2,100.5)      0.0%
    rasht-anzali-rail                  1 (1–1)        100%  0.0 (0.0–0.0)      1,716.6 (1,019.4–2,100.5)      0.0%
    pairs that cut flows off together, share of draws:
      chabahar-nhava-sheva-sea + bandar-abbas-nhava-sheva-sea: 100%
      delaram-kandahar-road + kabul-pul-i-khumri-road: 100%
      kandahar-kabul-road + kabul-pul-i-khumri-road: 100%
      kandyagash-shalkar-rail + moscow-astrakhan-rail: 100%
      kashgar-osh-road + kashgar-hasan-abdal-road: 100%
      moscow-kandyagash-rail + moscow-astrakhan-rail: 100%
      osh-andijan-road + kashgar-hasan-abdal-road: 100%
"
    );
    // With --csv, what the draws say of each link and place, as the library writes it.
    let csv = succeeds(&[
        "critical", "--draws", "10", "--seed", "3", "--csv", "--top", "2",
    ]);
    let mut lib = corridors::Network::trans_afghan()
        .critical(&corridors::CriticalQuery::new().draws(10).seed(3))
        .unwrap();
    if let Some(d) = &mut lib.draws {
        d.links.truncate(2);
    }
    let net = corridors::Network::trans_afghan();
    assert_eq!(csv, corridors::critical_draws_csv(&net, &lib));
    assert!(csv.starts_with("kind,id,from,to,rank_p5,rank_p50,rank_p95,chance_worst,"));
    assert_eq!(csv.lines().count(), 3);
    // Each cell under its own column: the first link's figures, read back by header name.
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let cell = |name: &str| -> f64 {
        let i = head.iter().position(|h| *h == name).unwrap();
        row[i].parse().unwrap()
    };
    let first = &lib.draws.as_ref().unwrap().links[0];
    assert_eq!(row[1], first.id);
    for (i, q) in ["p5", "p50", "p95"].iter().enumerate() {
        assert_eq!(cell(&format!("rank_{q}")), first.rank[i] as f64);
        let damage = cell(&format!("damage_usd_per_year_{q}"));
        assert_eq!(damage, first.damage_usd_per_year[i]);
        assert_eq!(cell(&format!("cut_off_mtpa_{q}")), first.cut_off_mtpa[i]);
    }
    assert_eq!(cell("chance_worst"), first.chance_worst);
    assert_eq!(cell("chance_cuts_off"), first.chance_cuts_off);
    fails(
        &["critical", "--draws", "10001"],
        1,
        "at most 10000 criticality draws may be asked for, found 10001",
    );
}

#[test]
fn sensitivity_top_takes_any_count() {
    // --top once set a format's precision, which holds at most 65,535: more panicked.
    let all = succeeds(&["sensitivity", "kabul", "mundra"]);
    for n in ["65535", "65536", &usize::MAX.to_string()] {
        assert_eq!(
            succeeds(&["sensitivity", "kabul", "mundra", "--top", n]),
            all
        );
    }
    let s = corridors::Network::trans_afghan()
        .sensitivity(&corridors::SensitivityQuery::new("kabul", "mundra"))
        .unwrap();
    let two = succeeds(&["sensitivity", "kabul", "mundra", "--top", "2"]);
    assert_eq!(two, s.table(2));
    assert_eq!(two, format!("{s:.2}"));
    assert_eq!(
        two.lines()
            .filter(|l| s.parameters.iter().any(|p| l.starts_with(&p.id)))
            .count(),
        2
    );
}

#[test]
fn split_totals_are_in_the_metrics_unit() {
    // Σ Mt/yr × the metric per tonne: USD only for cost.
    let total = |metric: &str, draws: &[&str]| -> String {
        let args = [
            &["split", "--pair", "mary", "herat", "1", "--metric", metric][..],
            draws,
        ]
        .concat();
        succeeds(&args)
            .lines()
            .filter(|l| l.contains("Mt/yr routed"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (metric, line) in [
        ("cost", "34.79 million USD/yr"),
        ("time", "14.90 million tonne-hours/yr"),
        ("distance", "434.47 million tonne-km/yr"),
        ("reliability", "0.00 million tonne-risk/yr"),
    ] {
        let want = format!("1.0 of 1.0 Mt/yr routed; on average {line}");
        assert_eq!(total(metric, &[]), want);
    }
    // The draws' line too.
    assert_eq!(
        total("time", &["--draws", "10", "--seed", "1"]),
        "1.0 of 1.0 Mt/yr routed; on average 14.90 million tonne-hours/yr\n  \
         1.0 (1.0–1.0) of 1.0 (1.0–1.0) Mt/yr routed; 14.9 (14.4–15.4) million tonne-hours/yr"
    );
    assert_eq!(
        total("distance", &["--draws", "10", "--seed", "1"]),
        "1.0 of 1.0 Mt/yr routed; on average 434.47 million tonne-km/yr\n  \
         1.0 (1.0–1.0) of 1.0 (1.0–1.0) Mt/yr routed; 434.5 (434.5–434.5) million tonne-km/yr"
    );
}

#[test]
fn ports_to_route_through_must_be_ports_named_once() {
    fails_with(
        &["route", "kabul", "karachi", "--via-port", "herat"],
        1,
        "error: \"herat\" is a city, not a port\n",
    );
    let compare = ["compare", "kabul", "--to", "mundra"];
    fails_with(
        &[&compare[..], &["--via-port", "herat"]].concat(),
        1,
        "error: \"herat\" is a city, not a port\n",
    );
    for (question, port) in [
        (&compare[..], "chabahar"),
        (&["sensitivity", "kabul", "mundra"][..], "bandar-abbas"),
    ] {
        fails_with(
            &[question, &["--via-port", port, "--via-port", port]].concat(),
            1,
            &format!("error: port \"{port}\" is named twice: name each port once\n"),
        );
    }
}

#[test]
fn critical_with_no_flows_says_so() {
    // twins.toml has no [[demands]]: nothing moves, so no loss does damage.
    let args = ["--network", "tests/fixtures/twins.toml", "critical"];
    let no_flows = "no flows: the file has no [[demands]] and no pairs were given\n";
    assert_eq!(succeeds(&args), no_flows);
    assert_eq!(
        succeeds(&[&args[..], &["--draws", "100", "--nodes"]].concat()),
        no_flows
    );
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["links"], serde_json::json!([]));
    assert_eq!(v["evaluated"], 0);
    assert_eq!(v["demand_mtpa"], 0.0);
    let v = json(&corridors(
        &[&args[..], &["--draws", "5", "--json"]].concat(),
    ));
    assert_eq!(
        v["draws"],
        serde_json::json!({"n": 5, "seed": 0, "links": [], "nodes": [], "joint": []})
    );
    // The CSV: its header and no rows.
    let csv = succeeds(&[&args[..], &["--csv"]].concat());
    assert_eq!(csv.lines().count(), 1, "{csv}");
}

#[test]
fn sources_json_counts_citations_as_the_table_does() {
    let v = json(&corridors(&["sources", "--json"]));
    let rows = v.as_array().unwrap();
    let table = succeeds(&["sources"]);
    // The table's lines that start a source: id, conf, date, cited, publisher.
    let cited: Vec<(String, u64)> = table
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(' '))
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            (cells[0].to_string(), cells[3].parse().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), cited.len());
    for (row, (id, n)) in rows.iter().zip(&cited) {
        assert_eq!(row["id"], id.as_str());
        assert_eq!(row["cited"], *n, "{id}");
        has_fields(
            row,
            id,
            &["title", "publisher", "date", "address", "confidence"],
        );
    }
    let pajhwok = rows
        .iter()
        .find(|r| r["id"] == "pajhwok-2025-khaf-herat-imports")
        .unwrap();
    assert_eq!(pajhwok["cited"], 1);
}

fn kabul(v: &serde_json::Value) -> &serde_json::Value {
    v["demands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["from"] == "kabul" && d["to"] == "karachi")
        .unwrap()
}

#[test]
fn reliability_states_its_day_like_every_report() {
    let out = succeeds(&["reliability"]);
    let route = succeeds(&["route", "kabul", "karachi"]);
    // The same day line as the route's, indented the same.
    let day: Vec<&str> = route
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  on ") || l.starts_with("      "))
        .collect();
    assert!(day[0].starts_with("  on 2026-06-30, events applied: "));
    assert!(out.contains(&day.join("\n")), "{out}");
    assert!(out.contains("pak-afghan-closure-2025 in force"), "{out}");
    assert!(!out.contains("pak-afghan-closure-2025 30%"), "{out}");

    let v = json(&corridors(&["reliability", "--json"]));
    assert_eq!(v["date"], "2026-06-30");
    let events = v["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e == "pak-afghan-closure-2025"));
    assert!(v["unconfirmed"].is_array());
    let pak = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "pak-afghan-closure-2025")
        .unwrap();
    assert_eq!(pak["in_force"], true);
    assert_eq!(pak["probability"], 1.0);
    // Kabul's cargo goes round through Iran every year weighed: the detour is its base.
    assert_eq!(
        kabul(&v)["base_usd_per_t"].as_f64().map(|x| x.round()),
        Some(200.0)
    );
}

#[test]
fn reliability_with_no_events_draws_every_scenario() {
    let out = succeeds(&["reliability", "--no-events"]);
    assert!(
        out.contains("  on 2026-06-30, events off: the network as built\n"),
        "{out}"
    );
    assert!(out.contains("pak-afghan-closure-2025 30%"), "{out}");
    assert!(!out.contains("in force"), "{out}");
    let v = json(&corridors(&["reliability", "--no-events", "--json"]));
    assert_eq!(v["events"], serde_json::json!([]));
    assert_eq!(v["cases"], 4096);
    let base = kabul(&v)["base_usd_per_t"].as_f64().unwrap();
    assert_eq!((base * 10.0).round() / 10.0, 116.3);
}

#[test]
fn reliability_says_a_corridor_with_nothing_open_is_closed() {
    let out = succeeds(&["reliability", "--scenario", "iran-war-2025"]);
    let row = out
        .lines()
        .find(|l| l.trim_start().starts_with("khaf-herat "))
        .unwrap();
    assert!(row.contains("0.0%") && !row.contains("100"), "{out}");
    assert!(out.contains("no link open on the base"), "{out}");
    assert!(!negative_zero_in(&out), "{out}");
    let json = succeeds(&["reliability", "--scenario", "iran-war-2025", "--json"]);
    assert!(!json.contains("-0.0"), "{json}");
    let ones = succeeds(&["reliability", "--samples", "1"]);
    assert!(!negative_zero_in(&ones), "{ones}");
}

#[test]
fn what_a_query_counts_is_stated_under_its_day() {
    let args = [
        "route",
        "termez",
        "karachi",
        "--include",
        "planned",
        "--year",
        "2030",
        "--mode",
        "sea",
        "--mode",
        "rail",
        "--avoid",
        "PK",
        "--avoid",
        "kabul",
    ];
    let text = succeeds(&args);
    let view = "\n  counting under_construction, planned links, and the rest not yet built due \
                by 2030; rail, sea only; avoiding PK, node:kabul\n";
    assert!(text.contains(view), "{text}");
    // Karachi is in Pakistan: the reason says the avoided place took its links away.
    assert!(text.contains("karachi-rohri-rail (avoided: PK)"), "{text}");
    let out = corridors(&[&args[..], &["--json"]].concat());
    let raw = String::from_utf8(out.stdout.clone()).unwrap();
    let v = json(&out);
    assert_eq!(
        v["statuses"],
        serde_json::json!(["under_construction", "planned"])
    );
    assert_eq!(v["year"], 2030);
    assert_eq!(v["modes"], serde_json::json!(["rail", "sea"]));
    // A bare id naming a node and a corridor is stated as it was taken.
    assert_eq!(v["avoided"], serde_json::json!(["PK", "node:kabul"]));
    // Flattened beside the report's own fields, each key stands once.
    for key in ["\"year\":", "\"modes\":", "\"statuses\":", "\"avoided\":"] {
        assert_eq!(raw.matches(key).count(), 1, "{key} in {raw}");
    }
    let every = succeeds(&["capacity", "--from", "termez", "--to", "karachi", "--all"]);
    assert!(
        every.contains("\n  counting every link, whatever its status\n"),
        "{every}"
    );
    // Today's network adds no line and none of these keys.
    let today = json(&corridors(&["route", "termez", "karachi", "--json"]));
    for key in [
        "statuses",
        "year",
        "modes",
        "avoided",
        "projects_built",
        "events_off",
        "events_left_out",
    ] {
        assert!(today.get(key).is_none(), "{key}");
    }
    assert!(!succeeds(&["route", "termez", "karachi"]).contains("counting"));
}

#[test]
fn a_forced_route_says_what_forced_it() {
    let port = succeeds(&["route", "tashkent", "nhava-sheva", "--via-port", "karachi"]);
    let first = "tashkent → nhava-sheva, best by cost, reaching the sea at karachi\n";
    assert!(port.starts_with(first), "{port}");
    let args = [
        "route",
        "tashkent",
        "nhava-sheva",
        "--via",
        "herat",
        "--via",
        "mashhad",
    ];
    let via = succeeds(&args);
    assert!(via.starts_with("tashkent → nhava-sheva, best by cost, via herat, mashhad\n"));
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["via"], serde_json::json!(["herat", "mashhad"]));
    assert!(v.get("via_port").is_none(), "{v}");
}

#[test]
fn a_route_cut_off_midway_names_the_closures_that_cut_it() {
    // Both ends have links open, so no dead end to name: the way between is what is closed.
    let text = succeeds(&[
        "route", "kabul", "peshawar", "--avoid", "IR", "--avoid", "CN",
    ]);
    assert!(
        text.contains(
            "are not connected by the links this query counts; with no event or scenario \
             applied a route exists, closed by pak-afghan-closure-2025 \
             (torkham-af-torkham-pk-road)"
        ),
        "{text}"
    );
}

#[test]
fn lines_due_by_a_later_day_are_not_called_unbuilt() {
    let args = [
        "route",
        "khaf",
        "herat",
        "--mode",
        "rail",
        "--date",
        "2029-01-01",
    ];
    let text = succeeds(&args);
    assert!(text.contains("due 2028, open by then"), "{text}");
    assert!(!text.contains("not yet built"), "{text}");
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["unbuilt"], serde_json::json!([]));
    // On the file's own day the same lines, counted as asked, are still being built.
    let today = [
        "route",
        "khaf",
        "herat",
        "--mode",
        "rail",
        "--include",
        "under_construction",
    ];
    let v = json(&corridors(&[&today[..], &["--json"]].concat()));
    assert_eq!(v["unbuilt"].as_array().unwrap().len(), 2, "{v}");
}

#[test]
fn an_event_left_out_is_stated_only_when_it_was_in_force() {
    // The 2021 Zaranj closure has ended by the file's day: leaving it out changes nothing.
    let v = json(&corridors(&["scenario", "zaranj-closure-2021", "--json"]));
    assert!(v.get("events_left_out").is_none(), "{v}");
    let v = json(&corridors(&[
        "scenario",
        "pak-afghan-closure-2025",
        "--json",
    ]));
    assert_eq!(
        v["events_left_out"],
        serde_json::json!(["pak-afghan-closure-2025"])
    );
}

#[test]
fn scenarios_a_query_applies_are_stated_beside_the_day_s_events() {
    let args = [
        "route",
        "kabul",
        "karachi",
        "--no-events",
        "--scenario",
        "pak-afghan-closure-2025",
    ];
    let text = succeeds(&args);
    assert!(
        text.contains(
            "  on 2026-06-30, events off: the network as built\n  \
             scenarios applied: pak-afghan-closure-2025\n"
        ),
        "{text}"
    );
    let v = json(&corridors(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["events"], serde_json::json!([]));
    assert_eq!(v["events_off"], true);
    assert_eq!(
        v["scenarios"],
        serde_json::json!(["pak-afghan-closure-2025"])
    );
    // With the day's events, a scenario also in force is stated once, as an event.
    let v = json(&corridors(&[
        "route",
        "kabul",
        "karachi",
        "--scenario",
        "pak-afghan-closure-2025",
        "--json",
    ]));
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .contains(&"pak-afghan-closure-2025".into())
    );
    assert!(v.get("scenarios").is_none(), "{v}");
    // Every report states them: the matrix and the least-cost assignment too.
    let m = succeeds(&[
        "matrix",
        "--from",
        "kabul",
        "--to",
        "karachi",
        "--scenario",
        "iran-war-2025",
    ]);
    assert!(m.contains("\nscenarios applied: iran-war-2025\n"), "{m}");
    let a = json(&corridors(&[
        "capacity",
        "--demands",
        "--scenario",
        "iran-war-2025",
        "--json",
    ]));
    assert_eq!(a["scenarios"], serde_json::json!(["iran-war-2025"]));
}

#[test]
fn split_by_reliability_shows_risks_to_four_places() {
    // Risks are chances, mostly below 0.5: at one decimal every route read 0.3.
    let out = succeeds(&["split", "--metric", "reliability"]);
    let line = out
        .lines()
        .find(|l| l.contains("risk against"))
        .expect("a flow's average line");
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "risk").unwrap();
    for value in [words[at - 1], words[words.len() - 1]] {
        let decimals = value.split('.').nth(1).map_or(0, str::len);
        assert_eq!(decimals, 4, "{line}");
    }
}

#[test]
fn split_fit_within_capacity_scores_its_grid_from_the_first_spread_above_zero() {
    // A spread of 0 is refused within capacity: the default grid starts at 1 there.
    let out = succeeds(&["split", "--fit", "--within-capacity", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let thetas: Vec<f64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["theta"].as_f64().unwrap())
        .collect();
    assert_eq!(thetas, [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 1000.0]);
}

#[test]
fn a_map_says_the_day_and_the_events_it_was_worked_out_on() {
    let svg = succeeds(&[
        "export",
        "svg",
        "--route",
        "kabul",
        "karachi",
        "--date",
        "2025-09-01",
    ]);
    assert!(
        svg.contains(">on 2025-09-01, events applied: balochistan-insecurity-2025, india-pakistan-trade-ban-2025</text>"),
        "{}",
        svg.lines()
            .find(|l| l.contains("data-day"))
            .unwrap_or("no day line")
    );
    let v = json(&corridors(&[
        "export",
        "geojson",
        "--scenario",
        "iran-war-2025",
        "--no-events",
    ]));
    assert_eq!(v["date"], "2026-06-30");
    assert_eq!(v["events"], serde_json::json!([]));
    assert_eq!(v["scenarios_applied"], serde_json::json!(["iran-war-2025"]));
}

#[test]
fn critical_states_its_day() {
    // The ranking depends on the day's events: the table and the JSON say which.
    let text = succeeds(&["critical", "--top", "3"]);
    let second = text.lines().nth(1).unwrap();
    assert!(
        second.starts_with("  on 2026-06-30, events applied: pak-afghan-closure-2025"),
        "{text}"
    );
    let v = json(&corridors(&["critical", "--no-joint", "--json"]));
    assert_eq!(v["date"], "2026-06-30");
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("pak-afghan-closure-2025"))
    );
    assert!(v.get("unconfirmed").is_some() && v.get("events_off").is_none());
    let off = json(&corridors(&[
        "critical",
        "--no-joint",
        "--no-events",
        "--json",
    ]));
    assert_eq!(
        (&off["events"], &off["events_off"]),
        (&serde_json::json!([]), &serde_json::json!(true))
    );
    let text = succeeds(&["critical", "--top", "3", "--no-events"]);
    assert!(
        text.contains("\n  on 2026-06-30, events off: the network as built\n"),
        "{text}"
    );
}

#[test]
fn capacity_says_when_it_is_at_design_capacities() {
    // At design capacities: said in the table and the JSON, and only then.
    let ask = [
        "capacity",
        "--from",
        "tashkent",
        "termez",
        "--to",
        "chabahar",
        "bandar-abbas",
        "karachi",
        "--mode",
        "rail",
    ];
    let line = "\n  at design capacities: a link's design_capacity_mtpa where the file gives one, else its capacity\n";
    let today = succeeds(&ask);
    let design = succeeds(&[&ask[..], &["--design"]].concat());
    assert!(
        today.contains(
            "\n  maximum flow: at most 10.5 Mt/yr, as far as published capacities tell\n"
        ) && !today.contains(line),
        "{today}"
    );
    assert!(
        design.contains(&format!(
            "{line}  maximum flow: at most 19.5 Mt/yr, as far as published capacities tell\n"
        )),
        "{design}"
    );
    assert!(
        json(&corridors(&[&ask[..], &["--json"]].concat()))
            .get("design")
            .is_none()
    );
    assert_eq!(
        json(&corridors(&[&ask[..], &["--design", "--json"]].concat()))["design"],
        true
    );
    for greedy in [&[][..], &["--greedy"][..]] {
        let demands = [&["capacity", "--demands"][..], greedy].concat();
        assert!(!succeeds(&demands).contains(line));
        assert!(succeeds(&[&demands[..], &["--design"]].concat()).contains(line));
        assert!(
            json(&corridors(&[&demands[..], &["--json"]].concat()))
                .get("design")
                .is_none()
        );
        let v = json(&corridors(
            &[&demands[..], &["--design", "--json"]].concat(),
        ));
        assert_eq!(v["design"], true);
    }
    // The projects' ranking weighs them within capacities too.
    assert!(!succeeds(&["projects"]).contains(line));
    assert!(succeeds(&["projects", "--design"]).contains(line));
    assert_eq!(
        json(&corridors(&["projects", "--design", "--json"]))["design"],
        true
    );
}

#[test]
fn a_load_past_its_capacity_is_over_not_full() {
    // A split does not bind capacities: 8 Mt/yr on a 7 Mt/yr line is over it.
    let over = "\n  qazvin-rasht-rail                      8.0     7.0   114%  over\n";
    let text = succeeds(&["split"]);
    assert!(text.contains(over), "{text}");
    assert!(!text.contains("  full\n"), "{text}");
    // Within capacity the same line is full, at its capacity.
    let full = "\n  qazvin-rasht-rail                      7.0     7.0   100%  full\n";
    for args in [
        &["split", "--within-capacity"][..],
        &["capacity", "--demands"][..],
    ] {
        let text = succeeds(args);
        assert!(text.contains(full), "{args:?}: {text}");
        assert!(!text.contains("  over\n"), "{args:?}: {text}");
    }
}

#[test]
fn route_csv_legs_add_up_to_the_route() {
    for (from, to) in [("kabul", "karachi"), ("termez", "bandar-abbas")] {
        let o = corridors(&["route", from, to, "--csv"]);
        let text = stdout(&o);
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(
            header[header.len() - 2..],
            ["transfer_hours", "transfer_usd_per_t"]
        );
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (mut hours, mut usd) = (0.0, 0.0);
        for line in lines {
            let f: Vec<f64> = line
                .split(',')
                .map(|x| x.parse().unwrap_or(f64::NAN))
                .collect();
            hours += f[col("hours")] + f[col("transfer_hours")];
            usd += f[col("usd_per_t")] + f[col("transfer_usd_per_t")];
        }
        let r = json(&corridors(&["route", from, to, "--json"]));
        let (h, u) = (
            r["hours"].as_f64().unwrap(),
            r["usd_per_t"].as_f64().unwrap(),
        );
        assert!(
            (hours - h).abs() < 1e-9 && (usd - u).abs() < 1e-9,
            "{from}→{to}: {hours} h, {usd} USD/t against {h}, {u}"
        );
    }
}

#[test]
fn compare_wraps_a_long_reason_under_itself() {
    let out = succeeds(&[
        "compare",
        "kashgar",
        "--to",
        "mundra",
        "--via-port",
        "karachi",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| l.contains("no route:")).unwrap();
    assert!(
        lines[at].ends_with("no route: every route joins IN and PK, banned by"),
        "{out}"
    );
    assert_eq!(lines[at + 1].trim(), "india-pakistan-trade-ban-2025");
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{out}");
}
