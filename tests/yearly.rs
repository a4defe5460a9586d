//! Events whose window recurs every year (`recurs_yearly`): the Khunjerab pass, shut each
//! winter by the Pakistan–China border protocol, in every query that looks at a date; and the
//! rule itself on many windows, against a day-by-day oracle.

mod common;

use common::Rng;
use corridors::{Date, Filter, Network, OptimalQuery, RouteAnswer, RouteQuery, Scenario};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The Karakoram Highway over the Khunjerab pass.
const PASS: &str = "kashgar-hasan-abdal-road";
const KHUNJERAB: &str = "khunjerab-winter";

fn kashgar_to_karachi(net: &Network, day: &str) -> RouteAnswer {
    let q = RouteQuery::new("kashgar", "karachi").filter(Filter::new().date(d(day)));
    net.route(&q).unwrap()
}

fn over_the_pass(ans: &RouteAnswer) -> bool {
    ans.route
        .as_ref()
        .is_some_and(|r| r.legs.iter().any(|l| &*l.link == PASS))
}

#[test]
fn kashgar_cargo_for_karachi_keeps_off_the_khunjerab_pass_every_winter() {
    let net = Network::trans_afghan();
    // Winters after the one the file dates: the pass is shut, carried forward unconfirmed
    // since the end of the dated winter.
    for day in ["2026-12-15", "2027-02-01", "2031-03-31", "2026-12-01"] {
        let ans = kashgar_to_karachi(&net, day);
        assert!(ans.day.events.iter().any(|e| e == KHUNJERAB), "{day}");
        match &ans.route {
            Some(_) => assert!(!over_the_pass(&ans), "{day}: {ans}"),
            None => assert!(ans.reason.is_some(), "{day}: no route and no reason"),
        }
        let since = ans.day.unconfirmed.iter().find(|u| u.id == KHUNJERAB);
        assert_eq!(since.map(|u| u.since), Some(d("2025-03-31")), "{day}");
    }
    // Summer, and the days either side of the window: the pass is open and the shortest way.
    for day in ["2026-07-01", "2026-11-30", "2027-04-01", "2025-04-01"] {
        let ans = kashgar_to_karachi(&net, day);
        assert!(!ans.day.events.iter().any(|e| e == KHUNJERAB), "{day}");
        assert!(over_the_pass(&ans), "{day}: {ans}");
    }
    // The winter the file dates is reported, so not unconfirmed.
    let dated = kashgar_to_karachi(&net, "2025-01-15");
    assert!(!over_the_pass(&dated));
    assert!(dated.day.events.iter().any(|e| e == KHUNJERAB));
    assert!(!dated.day.unconfirmed.iter().any(|u| u.id == KHUNJERAB));
}

#[test]
fn before_its_first_winter_the_yearly_closure_is_not_in_force() {
    let net = Network::trans_afghan();
    for day in ["2024-01-15", "2024-03-31", "2024-11-30", "2023-12-25"] {
        let ans = kashgar_to_karachi(&net, day);
        assert!(!ans.day.events.iter().any(|e| e == KHUNJERAB), "{day}");
        assert!(over_the_pass(&ans), "{day}: {ans}");
    }
    // The first winter opens on its start.
    assert!(!over_the_pass(&kashgar_to_karachi(&net, "2024-12-01")));
}

#[test]
fn the_least_cost_assignment_carries_no_cargo_over_the_shut_pass() {
    let net = Network::trans_afghan();
    let on = |day| {
        let q = OptimalQuery::new().filter(Filter::new().date(d(day)));
        net.optimal(&q).unwrap()
    };
    let carried = |a: &corridors::OptimalAssignment| {
        a.loads
            .iter()
            .find(|l| l.link == PASS)
            .map_or(0.0, |l| l.load_mtpa)
    };
    let winter = on("2026-03-15");
    assert!(winter.day.events.iter().any(|e| e == KHUNJERAB));
    assert_eq!(carried(&winter), 0.0);
    assert!(
        winter
            .demands
            .iter()
            .flat_map(|x| &x.paths)
            .all(|p| !p.links.iter().any(|l| l == PASS))
    );
    // In summer Kashgar's cargo for Gwadar goes over it.
    let summer = on("2026-07-01");
    assert!(carried(&summer) > 0.0);
}

#[test]
fn a_window_across_new_year_holds_on_both_sides_of_it_every_year() {
    let net = Network::trans_afghan();
    let pass = net.scenario(KHUNJERAB).unwrap();
    assert!(pass.recurs_yearly);
    for year in 2025..2040 {
        let on = |m, day| Date::new(year, m, day).unwrap();
        assert!(pass.in_force(on(12, 1)), "{year}-12-01");
        assert!(pass.in_force(on(12, 31)), "{year}-12-31");
        assert!(pass.in_force(on(1, 1)), "{year}-01-01");
        assert!(pass.in_force(on(3, 31)), "{year}-03-31");
        // The day before the window opens and the day after it ends.
        assert!(!pass.in_force(on(11, 30)), "{year}-11-30");
        assert!(!pass.in_force(on(4, 1)), "{year}-04-01");
        assert!(!pass.in_force(on(7, 1)), "{year}-07-01");
    }
    // 29 February is inside a December–March window.
    assert!(pass.in_force(d("2028-02-29")));
}

/// The next day on the calendar.
fn next(day: Date) -> Date {
    Date::new(day.year, day.month, day.day + 1)
        .or_else(|| Date::new(day.year, day.month + 1, 1))
        .unwrap_or_else(|| Date::new(day.year + 1, 1, 1).unwrap())
}

/// The day before on the calendar.
fn prev(day: Date) -> Date {
    if day.day > 1 {
        return Date::new(day.year, day.month, day.day - 1).unwrap();
    }
    if day.month == 1 {
        return Date::new(day.year - 1, 12, 31).unwrap();
    }
    (28..=31)
        .rev()
        .find_map(|last| Date::new(day.year, day.month - 1, last))
        .unwrap()
}

/// A day `k` years on: the same day of the month, 29 February read as 28 February in a common
/// year (as the rule reads it).
fn years_on(day: Date, k: u16) -> Date {
    let y = day.year + k;
    Date::new(y, day.month, day.day).unwrap_or_else(|| Date::new(y, 2, 28).unwrap())
}

/// A random window of at most a year, its first start between 2020 and 2027.
fn random_window(rng: &mut Rng) -> (Date, Date) {
    let mut start = Date::new(2020 + rng.below(8) as u16, 1, 1).unwrap();
    for _ in 0..rng.below(366) {
        start = next(start);
    }
    // From a day to a whole year less a day.
    let mut end = start;
    for _ in 0..rng.below(365) {
        end = next(end);
    }
    (start, end)
}

#[test]
fn a_yearly_event_is_in_force_exactly_on_the_days_of_its_windows() {
    let mut rng = Rng(2027);
    for case in 0..200 {
        let (start, end) = random_window(&mut rng);
        let sc = Scenario::new("w", "Window")
            .dates(start, Some(end))
            .recurs_yearly();
        // The oracle: every day of every window, walked one day at a time.
        let mut days = std::collections::BTreeSet::new();
        for k in 0..16 {
            let mut day = years_on(start, k);
            while day <= years_on(end, k) {
                days.insert(day);
                day = next(day);
            }
        }
        let mut day = Date::new(start.year - 1, 1, 1).unwrap();
        while day.year < start.year + 15 {
            assert_eq!(
                sc.in_force(day),
                days.contains(&day),
                "case {case}: window {start} to {end}, on {day}"
            );
            day = next(day);
        }
    }
}

#[test]
fn a_yearly_event_is_in_force_on_a_day_exactly_when_it_is_a_year_later() {
    let mut rng = Rng(2028);
    let mut held = 0;
    for case in 0..300 {
        let (start, end) = random_window(&mut rng);
        // 29 February has no day a year on, nor a window from it the same days each year.
        let leap_day = |x: Date| x.month == 2 && x.day == 29;
        if leap_day(start) || leap_day(end) {
            continue;
        }
        let sc = Scenario::new("w", "Window")
            .dates(start, Some(end))
            .recurs_yearly();
        let mut day = start;
        while day.year < start.year + 12 {
            if !leap_day(day) {
                let later = years_on(day, 1);
                assert_eq!(
                    sc.in_force(day),
                    sc.in_force(later),
                    "case {case}: window {start} to {end}, on {day} and {later}"
                );
                held += usize::from(sc.in_force(day));
            }
            day = next(day);
        }
        // Never before the first start.
        assert!(!sc.in_force(prev(start)), "case {case}");
    }
    assert!(held > 10_000, "{held}");
}

#[test]
fn a_yearly_event_survives_the_file_and_json_unchanged() {
    let net = Network::trans_afghan();
    let text = net.to_toml();
    assert!(text.contains("recurs_yearly = true"));
    assert_eq!(text.matches("recurs_yearly").count(), 1);
    let again = Network::from_toml_str(&text).unwrap();
    assert!(again.scenario(KHUNJERAB).unwrap().recurs_yearly);
    assert!(again == net);
    // In JSON the flag is written only when set, so the other scenarios read as before.
    let json = serde_json::to_value(net.scenarios()).unwrap();
    let flagged: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.get("recurs_yearly").is_some())
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, [KHUNJERAB]);
    let back: Vec<Scenario> = serde_json::from_value(json).unwrap();
    assert_eq!(back, net.scenarios());
}

#[test]
fn a_yearly_event_built_in_code_is_applied_on_its_days() {
    let winter = Scenario::new("pass-shut", "Pass shut every winter")
        .close_link(PASS)
        .dates(d("2030-12-01"), Some(d("2031-03-31")))
        .recurs_yearly()
        .confirmed(d("2031-11-20"));
    let net = Network::trans_afghan()
        .edit()
        .remove_scenario(KHUNJERAB)
        .scenario(winter)
        .build()
        .unwrap();
    assert!(over_the_pass(&kashgar_to_karachi(&net, "2026-12-15")));
    assert!(over_the_pass(&kashgar_to_karachi(&net, "2030-11-30")));
    let first = kashgar_to_karachi(&net, "2031-01-15");
    assert!(!over_the_pass(&first));
    assert!(first.day.unconfirmed.iter().all(|u| u.id != "pass-shut"));
    // Confirmed by a report after its first window: unconfirmed only after that report.
    let second = kashgar_to_karachi(&net, "2031-12-15");
    let since = second.day.unconfirmed.iter().find(|u| u.id == "pass-shut");
    assert_eq!(since.map(|u| u.since), Some(d("2031-11-20")));
}
