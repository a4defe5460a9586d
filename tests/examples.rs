//! The examples run, print what they promise, and the README shows what they print today.
//!
//! These run the example binaries that `cargo test` builds beside the tests; run the whole
//! suite (`cargo test --all-features`), since `--test examples` alone does not rebuild them.

use std::path::PathBuf;
use std::process::Command;

fn run_example(name: &str) -> String {
    // Integration tests live in target/<profile>/deps; cargo builds examples beside it.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let path: PathBuf = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let out = Command::new(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn compare_ports_prints_the_three_views_and_the_winners() {
    let out = run_example("compare_ports");
    assert!(out.contains("AS BUILT ON "));
    assert!(out.contains("TODAY, "));
    assert!(out.contains("WITH EVERY PLANNED LINE BUILT"));
    assert!(out.contains("WINNERS"));
    assert!(out.contains("decided by pak-afghan-closure-2025"));
    // 5 origins × 2 destinations × 4 ports, three times.
    let tables = &out[..out.find("WINNERS").unwrap()];
    let port_lines = tables
        .lines()
        .filter(|l| {
            ["chabahar ", "gwadar ", "karachi ", "bandar-abbas "]
                .iter()
                .any(|p| l[26.min(l.len())..].starts_with(p))
        })
        .count();
    assert_eq!(port_lines, 120, "{out}");
    assert!(
        out.lines().all(|l| l.chars().count() <= 100),
        "wider than 100 columns"
    );
}

#[test]
fn readme_shows_the_table_the_example_prints_today() {
    let out = run_example("compare_ports");
    let start = out.find("TODAY, ").unwrap();
    let end = out[start..].find("\n\n").unwrap() + start;
    let today = &out[start..end];
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(today),
        "README's compare table is stale: paste\n{today}"
    );
    let sure = out.find("\nHOW SURE").unwrap();
    let winners = out[out.find("WINNERS").unwrap()..sure].trim_end();
    assert!(
        readme.contains(winners),
        "README's winners table is stale: paste\n{winners}"
    );
    let chances = out[sure + 1..].trim_end();
    assert!(
        readme.contains(chances),
        "README's chances are stale: paste\n{chances}"
    );
}

#[test]
fn route_example_shows_the_gauge_breaks() {
    let out = run_example("route");
    assert!(out.starts_with("Today:\ntashkent → nhava-sheva, best by cost"));
    assert!(out.contains("Break of gauge at: "));
    assert!(out.contains("chabahar-nhava-sheva-sea"));
}

#[test]
fn capacity_example_names_the_limits() {
    let out = run_example("capacity");
    let today = &out[out.find("TODAY\n").unwrap()..];
    let today = &today[..today.find("\n\n").unwrap()];
    // Moved from 20.0 to 10.5: the Kazakhstan–Turkmenistan–Iran line now carries its
    // first-phase 3 Mt/yr, not 10, and Sarakhs has its published 7.5 Mt/yr limit.
    assert!(
        today.contains(
            "\n  maximum flow: at most 10.5 Mt/yr, as far as published capacities tell\n"
        ),
        "{today}"
    );
    let war = &out[out.find("EVERY IRANIAN LINK CLOSED BY WAR\n").unwrap()..];
    // Title, pair, the day's events (wrapped), then the answer.
    let answer = war
        .lines()
        .find(|l| l.starts_with("  maximum flow"))
        .unwrap();
    assert!(answer.starts_with("  maximum flow: 0 Mt/yr"), "{war}");
    let built = &out[out.find("WITH EVERY PLANNED LINE BUILT").unwrap()..];
    // Moved from the port of Bandar Abbas (100 Mt/yr) to its railway inland, once the
    // railway's published 40 Mt/yr went into the file.
    assert!(
        built.contains("    bandar-abbas-bafq-rail             link     40.0 Mt/yr"),
        "{built}"
    );
    // The README's figures: 166.4 Mt/yr (226.4 before the Bandar Abbas railway had a
    // capacity), the Chabahar–Iranshahr line halved by the sanctions event, Karachi's port,
    // 35 lines of unknown capacity (28 before the Mashhad–Tehran line opened more paths).
    let built = &built[..built.find("\n\n").unwrap()];
    assert!(
        built.contains(
            "\n  maximum flow: at most 166.4 Mt/yr, as far as published capacities tell\n"
        ),
        "{built}"
    );
    assert!(built.contains("    chabahar-iranshahr-rail            link      1.4 Mt/yr"));
    assert!(built.contains("    karachi                            node    125.0 Mt/yr"));
    let unknown = built.split_once("(counted as unbounded): ").unwrap().1;
    let unknown = &unknown[..unknown.find("\n  widest path").unwrap()];
    assert_eq!(unknown.split(',').count(), 35, "{unknown}");
    // Moved from rozanak-herat-rail: that link is now split at Robat Paryan, and the cut falls
    // on the second phase into Herat; the rest of the 4 (11 at design) goes round the Caspian
    // and crosses into Iran at Astara.
    let around = &out[out.find("AVOIDING TURKMENISTAN AND PAKISTAN").unwrap()..];
    assert!(
        around
            .contains("\n  maximum flow: at most 4.0 Mt/yr, as far as published capacities tell\n"),
        "{around}"
    );
    assert!(around.contains("    astara-az-astara-ir-rail           link      1.0 Mt/yr"));
    let design = &out[out.find("THE SAME AT DESIGN CAPACITY").unwrap()..];
    assert!(
        design.contains(
            "\n  maximum flow: at most 11.0 Mt/yr, as far as published capacities tell\n"
        ),
        "{design}"
    );
    assert!(out.contains("    robat-paryan-herat-rail            link      3.0 Mt/yr"));
    assert!(out.contains("    robat-paryan-herat-rail            link      6.0 Mt/yr"));
    assert!(out.contains("DEMANDS OF THE FILE"));
}

#[test]
fn scenarios_example_runs_every_dated_event() {
    let out = run_example("scenarios");
    let net = corridors::Network::trans_afghan();
    for sc in net.scenarios() {
        assert!(
            out.contains(&format!("==== {}", sc.name)),
            "missing {}",
            sc.id
        );
    }
    assert!(out.contains("cut off by"));
    assert!(out.contains("pak-afghan-closure-2025+iran-war-2025"));
    // The README says 18 dated disruptions: every scenario of the file is dated, and the
    // example gives each a section, then one more for two of them at once.
    let dated = net.scenarios().iter().filter(|s| s.is_event()).count();
    assert_eq!((dated, net.scenarios().len()), (18, 18));
    let sections = out.lines().filter(|l| l.starts_with("==== ")).count();
    assert_eq!(sections, dated + 1);
}

#[test]
fn criticality_example_ranks_links_and_reports_reliability() {
    let out = run_example("criticality");
    // Iran's trunk ranks high: Tehran–Qazvin, down which Moscow's cargo comes from the
    // Caspian, in the top five; Bandar Abbas–Bafq, which the most flows use, and Tehran–Bafq
    // (which the Mashhad–Tehran line now bypasses) in the top ten.
    let ranked = |n: usize| -> Vec<&str> {
        out.lines()
            .filter(|l| (1..=n).any(|r| l.starts_with(&format!("{r:>5}  "))))
            .collect()
    };
    assert!(
        ranked(5).iter().any(|l| l.contains("tehran-qazvin-rail")),
        "{out}"
    );
    assert!(
        ranked(10).iter().any(|l| l.contains("tehran-bafq-rail")),
        "{out}"
    );
    assert!(
        ranked(10)
            .iter()
            .any(|l| l.contains("bandar-abbas-bafq-rail")),
        "{out}"
    );
    assert!(out.contains("pairs that cut flows off together"));
    // 12 scenarios carry a yearly probability (11 before india-pakistan-trade-ban-2025); the
    // four of them in force on the file's date hold every year and are not drawn: 2^8 cases.
    assert!(out.contains("exact over all 256 combinations of scenarios"));
    assert!(out.contains("pak-afghan-closure-2025 in force"));
}

#[test]
fn projects_example_answers_which_line_to_build_first() {
    // The README's answers: today, on the network as built (with its draws), and at five times
    // the demands.
    let out = run_example("projects");
    assert!(out.starts_with("10 projects in the file\n"), "{out}");
    let verdicts: Vec<&str> = out.lines().filter(|l| l.starts_with("=> ")).collect();
    assert_eq!(
        verdicts,
        [
            "=> build first: mazar-herat (64.3 M USD/yr)",
            "=> build first: trans-afghan-railway (40.7 M USD/yr)",
            "=> build first: herat-kandahar (1509.9 M USD/yr)",
        ],
        "{out}"
    );
    assert!(out.contains(
        "    khaf-herat-section-4 + mazar-herat: +24.6 (each makes the other worth more)\n"
    ));
    // The cells of a project's row in the section that starts with `title`.
    let cells = |title: &str, id: &str| -> Vec<String> {
        let section = &out[out.find(title).unwrap()..];
        let row = section.lines().find(|l| l.starts_with(&format!("  {id} ")));
        row.unwrap().split_whitespace().map(String::from).collect()
    };
    let chance = |id: &str| cells("THE NETWORK AS BUILT", id).into_iter().rev().nth(1);
    assert_eq!(chance("khaf-herat-section-4").unwrap(), "30");
    assert_eq!(chance("trans-afghan-railway").unwrap(), "50");
    assert_eq!(chance("herat-kandahar").unwrap(), "18");
    // At five times the demands, discounted: the README's NPVs and discounted payback.
    let npv = |id: &str| cells("FIVE TIMES", id)[6..8].to_vec();
    // Due in 2028, a year alone: counted from its last day.
    assert_eq!(npv("khaf-herat-section-4"), ["0.30", "6.9"]);
    assert_eq!(npv("trans-afghan-railway"), ["-2.74", "-"]);
}

#[test]
fn what_if_edits_the_network_and_compares_the_answers() {
    let out = run_example("what_if");
    let row = |label: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label:?} in\n{out}"));
        line[label.len()..]
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    let base = row("as built");
    let railway = row("+ Kabul–Peshawar railway (5 Mt/yr)");
    let sarakhs = row("+ Sarakhs crossing raised to 12 Mt/yr");
    let tariff = row("+ Uzbek rail tariff 0.063 → 0.04 USD/t-km");
    let usd = |r: &[String], i: usize| r[i].parse::<f64>().unwrap();
    // The railway makes Kabul → Karachi cheaper, nothing else.
    assert!(usd(&railway, 0) < usd(&base, 0), "{out}");
    assert_eq!((&railway[2], &railway[3]), (&base[2], &base[3]));
    // A wider crossing raises the rail capacity it limited.
    assert!(usd(&sarakhs, 3) > usd(&railway, 3), "{out}");
    // A cheaper Uzbek tariff makes Tashkent → Karachi cheaper.
    assert!(usd(&tariff, 2) < usd(&sarakhs, 2), "{out}");
    assert!(out.ends_with(
        "A mistyped edit: link \"kabul-torkham-rail\" refers to unknown node \"kabull\" (did you mean \"kabul\"?)\n"
    ));
    assert!(
        out.lines().all(|l| l.chars().count() <= 100),
        "wider than 100 columns"
    );
}

#[test]
fn petgraph_example_finds_weak_points_and_the_crates_route_cost() {
    let out = run_example("petgraph");
    // As built, Kabul is an articulation point; once every line is built, nothing is.
    let as_built = out
        .lines()
        .skip_while(|l| !l.starts_with("today as built, no events:"))
        .nth(1)
        .unwrap();
    assert!(as_built.contains(" kabul,"), "{out}");
    assert!(
        out.contains("as built: articulation points 6 → 0, bridges 7 → 0"),
        "{out}"
    );
    // petgraph's Dijkstra on the state graph prices what the crate prices.
    let same = out
        .lines()
        .find(|l| l.contains("by petgraph on the state graph"))
        .unwrap();
    let figures: Vec<&str> = same
        .split_whitespace()
        .filter(|w| w.contains('.'))
        .collect();
    assert_eq!(figures[0], figures[1], "{same}");
}
