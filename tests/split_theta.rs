//! The spread θ drawn with the figures, in a split ([`SplitQuery::theta_range`]) and in
//! projects valued under route choice ([`ProjectsQuery::spread_range`]): each draw answers at
//! its own θ, the percentiles of what moves only with θ are those of θ, and a range that does
//! not hold θ is an error that says so.

use corridors::{Network, ProjectsQuery, Sampling, Split, SplitQuery};

/// Two roads from s to t in one country, 100 km straight or 120 km by m, every figure exact
/// (each range given as the figure itself), so the draws differ only in θ.
fn two_roads() -> Network {
    let node = |id: &str, lat: f64| {
        format!(
            "[[nodes]]\nid = \"{id}\"\nname = \"{id}\"\ncountry = \"AF\"\nkind = \"city\"\n\
             lat = {lat}\nlon = 69.0\nsource = \"test\"\n\n"
        )
    };
    let link = |id: &str, from: &str, to: &str, km: u32| {
        format!(
            "[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"road\"\n\
             status = \"operational\"\nlength_km = {km}\nsource = \"test\"\n\n"
        )
    };
    let text = [
        "[network]\nname = \"two roads\"\nyear = 2026\n\n".to_string(),
        "[defaults.road]\nspeed_kmh = 40\nspeed_kmh_range = [40, 40]\nusd_per_tkm = 0.05\n\
         usd_per_tkm_range = [0.05, 0.05]\n\n"
            .to_string(),
        node("s", 34.0),
        node("m", 34.5),
        node("t", 34.9),
        link("s-t", "s", "t", 100),
        link("s-m", "s", "m", 60),
        link("m-t", "m", "t", 60),
    ]
    .concat();
    Network::from_toml_str(&text).unwrap()
}

fn on_two_roads(theta: f64) -> SplitQuery {
    SplitQuery::new().pair("s", "t", 1.0).theta(theta)
}

#[test]
fn the_two_roads_hold_no_uncertain_figure() {
    let net = two_roads();
    let loose: Vec<_> = net.parameters().iter().filter(|p| p.low < p.high).collect();
    assert!(loose.is_empty(), "{loose:?}");
}

/// The cheapest road's share grows with θ, so its percentiles over the draws are its shares
/// at the percentiles of θ (nearest ranks commute with a rising function), and the share
/// off the cheapest road's are those at θ's in reverse.
#[test]
fn shares_that_move_only_with_theta_have_theta_s_percentiles() {
    let net = two_roads();
    for (seed, sampling) in [(0, Sampling::Independent), (5, Sampling::Stratified)] {
        let q = on_two_roads(10.0)
            .draws(101)
            .seed(seed)
            .sampling(sampling)
            .theta_range(2.0, 50.0);
        let drawn = net.split(&q).unwrap();
        let t = drawn.draws.as_ref().unwrap().theta.unwrap();
        assert!(
            2.0 <= t[0] && t[0] < t[1] && t[1] < t[2] && t[2] <= 50.0,
            "{t:?}"
        );
        let at = |theta: f64| net.split(&on_two_roads(theta)).unwrap();
        let d = &drawn.demands[0];
        assert_eq!(d.routes[0].links, ["s-t"]);
        let share = d.routes[0].draws.as_ref().unwrap().share;
        let off = d.draws.as_ref().unwrap().off_cheapest;
        for k in 0..3 {
            let there = at(t[k]);
            assert!((share[k] - there.demands[0].routes[0].share).abs() < 1e-12);
            let reverse = at(t[2 - k]);
            assert!((off[k] - reverse.demands[0].off_cheapest).abs() < 1e-12);
        }
        // The answer itself is the split at θ = 10.
        assert_eq!(
            drawn.demands[0].routes[0].share,
            at(10.0).demands[0].routes[0].share
        );
    }
}

/// A range of one spread, the query's own, draws nothing new: the same answer and draws as
/// without the range, but for the spreads reported.
#[test]
fn a_range_of_theta_alone_changes_nothing_but_the_report_of_it() {
    let net = Network::trans_afghan();
    let q = SplitQuery::new()
        .pair("mary", "herat", 1.0)
        .draws(30)
        .seed(2);
    let held = net.split(&q).unwrap();
    let mut pinned = net.split(&q.clone().theta_range(10.0, 10.0)).unwrap();
    let d = pinned.draws.as_mut().unwrap();
    assert_eq!(
        (d.theta, d.theta_range),
        (Some([10.0; 3]), Some([10.0, 10.0]))
    );
    (d.theta, d.theta_range) = (None, None);
    assert_eq!(pinned, held);
    // Without draws, the range changes nothing at all.
    let plain = SplitQuery::new().pair("mary", "herat", 1.0);
    assert_eq!(
        net.split(&plain.clone().theta_range(1.0, 100.0)).unwrap(),
        net.split(&plain).unwrap()
    );
}

#[test]
fn the_same_seed_draws_the_same_spreads() {
    let net = two_roads();
    let q = on_two_roads(10.0).draws(40).seed(9).theta_range(1.0, 80.0);
    let json = |s: &Split| serde_json::to_string(s).unwrap();
    assert_eq!(json(&net.split(&q).unwrap()), json(&net.split(&q).unwrap()));
    let other = net.split(&q.clone().seed(10)).unwrap();
    assert_ne!(
        other.draws.unwrap().theta,
        net.split(&q).unwrap().draws.unwrap().theta
    );
}

#[test]
fn a_range_that_does_not_hold_theta_is_an_error_saying_so() {
    let net = two_roads();
    let err = |q: SplitQuery| net.split(&q.draws(5)).unwrap_err().to_string();
    assert_eq!(
        err(on_two_roads(10.0).theta_range(12.0, 30.0)),
        "spread theta range [12, 30] does not fit theta 10: expected 0 ≤ low ≤ theta ≤ high ≤ 10000"
    );
    assert_eq!(
        err(on_two_roads(10.0).theta_range(5.0, 2e4)),
        "spread theta range [5, 20000] does not fit theta 10: expected 0 ≤ low ≤ theta ≤ high ≤ 10000"
    );
    assert_eq!(
        err(on_two_roads(10.0).theta_range(f64::NAN, 20.0)),
        "spread theta range [NaN, 20] does not fit theta 10: expected 0 ≤ low ≤ theta ≤ high ≤ 10000"
    );
    assert_eq!(
        err(on_two_roads(10.0).theta_range(-1.0, 20.0)),
        "spread theta range [-1, 20] does not fit theta 10: expected 0 ≤ low ≤ theta ≤ high ≤ 10000"
    );
    assert_eq!(
        err(on_two_roads(10.0)
            .within_capacity(true)
            .theta_range(0.0, 20.0)),
        "spread theta range [0, 20] does not fit theta 10: expected 0 < low ≤ theta ≤ high ≤ 10000"
    );
}

/// The README's figures: Mary → Herat over 200 draws, θ held and drawn between 3 and 30.
#[test]
fn the_readme_s_mary_to_herat_figures() {
    let net = Network::trans_afghan();
    let q = SplitQuery::new().pair("mary", "herat", 1.0).draws(200);
    let rail_share = |s: &Split| {
        let d = &s.demands[0];
        let r = d
            .routes
            .iter()
            .find(|r| r.links.iter().any(|l| l == "serhetabat-torghundi-rail"));
        let p = r.unwrap().draws.as_ref().unwrap().share;
        format!("{:.1}–{:.0} %", 100.0 * p[0], 100.0 * p[2])
    };
    assert_eq!(rail_share(&net.split(&q).unwrap()), "2.1–21 %");
    let drawn = net.split(&q.theta_range(3.0, 30.0)).unwrap();
    assert_eq!(rail_share(&drawn), "0.1–22 %");
    let t = drawn.draws.as_ref().unwrap().theta.unwrap();
    assert_eq!(
        format!("{:.1} ({:.1}–{:.1})", t[1], t[0], t[2]),
        "12.6 (6.1–24.1)"
    );
}

/// Projects under route choice: a range of the spread alone changes nothing but the report of
/// it; a wider one draws spreads within it, the same for the same seed; a range that does not
/// hold the spread, or starts at 0, is an error that says so.
#[test]
fn projects_valued_under_route_choice_draw_the_spread_within_its_range() {
    let net = Network::trans_afghan();
    let q = ProjectsQuery::new()
        .project("mazar-herat")
        .spread(10.0)
        .draws(6)
        .seed(4);
    let held = net.rank_projects(&q).unwrap();
    let mut pinned = net
        .rank_projects(&q.clone().spread_range(10.0, 10.0))
        .unwrap();
    let d = pinned.draws.as_mut().unwrap();
    assert_eq!(
        (d.spread_theta, d.spread_range),
        (Some([10.0; 3]), Some([10.0, 10.0]))
    );
    (d.spread_theta, d.spread_range) = (None, None);
    assert_eq!(pinned, held);
    let drawn = net
        .rank_projects(&q.clone().spread_range(5.0, 20.0))
        .unwrap();
    let t = drawn.draws.as_ref().unwrap().spread_theta.unwrap();
    assert!(
        5.0 <= t[0] && t[0] < t[1] && t[1] < t[2] && t[2] <= 20.0,
        "{t:?}"
    );
    assert_eq!(
        drawn,
        net.rank_projects(&q.clone().spread_range(5.0, 20.0))
            .unwrap()
    );
    // The valuation at the file's figures and the spread itself is the same.
    assert_eq!(drawn.projects[0].spread, held.projects[0].spread);
    // Without a spread the range has nothing to draw.
    let plain = ProjectsQuery::new().project("mazar-herat").draws(2);
    let r = net.rank_projects(&plain.spread_range(5.0, 20.0)).unwrap();
    assert_eq!(r.draws.unwrap().spread_theta, None);
    let err = |q: ProjectsQuery| net.rank_projects(&q).unwrap_err().to_string();
    assert_eq!(
        err(q.clone().spread_range(0.0, 20.0)),
        "spread theta range [0, 20] does not fit theta 10: expected 0 < low ≤ theta ≤ high ≤ 10000"
    );
    assert_eq!(
        err(q.spread_range(12.0, 30.0)),
        "spread theta range [12, 30] does not fit theta 10: expected 0 < low ≤ theta ≤ high ≤ 10000"
    );
}

/// The README's crossover: valued under route choice at a spread below about 7.6,
/// Chabahar–Zahedan gains shippers more than Khaf–Herat Section 4; from 7.6 up, the reverse.
/// (It was about 4.3 before the Mashhad–Tehran line, about 3.9 before the Khaf–Dogharoun road
/// gave Iran's freight to Herat a second way, by rail to Khaf, and about 4.6 before the
/// Rozanak–Herat road let that freight ride the railway to Rozanak: Section 4 now saves only
/// the truck's last leg.)
#[test]
fn the_lead_under_route_choice_turns_below_a_spread_of_eight() {
    let net = Network::trans_afghan();
    let gains = |theta: f64| {
        let q = ProjectsQuery::new()
            .project("khaf-herat-section-4")
            .project("chabahar-zahedan")
            .spread(theta);
        let r = net.rank_projects(&q).unwrap();
        let gain = |id: &str| {
            let p = r.projects.iter().find(|p| p.id == id).unwrap();
            format!("{:.1}", p.spread.unwrap().benefit_usd_per_year / 1e6)
        };
        (gain("khaf-herat-section-4"), gain("chabahar-zahedan"))
    };
    assert_eq!(gains(3.0), ("48.0".into(), "108.0".into()));
    assert_eq!(gains(7.5), ("32.9".into(), "33.1".into()));
    assert_eq!(gains(7.6), ("32.8".into(), "32.5".into()));
    assert_eq!(gains(8.0), ("32.3".into(), "30.0".into()));
}

/// Draw `i`'s spread depends on the seed, the count, the sampling and the range, not on the
/// network's figures: the same on a network of three places as on the bundled one, and the
/// same for projects as for a split.
#[test]
fn the_spreads_drawn_do_not_depend_on_the_network() {
    let theta = |net: &Network, from: &str, to: &str| {
        let q = SplitQuery::new()
            .pair(from, to, 1.0)
            .draws(30)
            .seed(11)
            .sampling(Sampling::Stratified)
            .theta_range(4.0, 40.0);
        net.split(&q).unwrap().draws.unwrap().theta.unwrap()
    };
    let bundled = Network::trans_afghan();
    let here = theta(&two_roads(), "s", "t");
    assert_eq!(here, theta(&bundled, "mary", "herat"));
    let q = ProjectsQuery::new()
        .project("mazar-herat")
        .spread(10.0)
        .draws(30)
        .seed(11)
        .sampling(Sampling::Stratified)
        .spread_range(4.0, 40.0);
    let r = bundled.rank_projects(&q).unwrap();
    assert_eq!(r.draws.unwrap().spread_theta, Some(here));
}

/// The fit checks the query's range as a split does, though it answers at the spreads given.
#[test]
fn the_fit_checks_the_range_too() {
    let q = on_two_roads(10.0).theta_range(30.0, 3.0);
    let e = two_roads().fit_split(&q, &[1.0, 10.0]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "spread theta range [30, 3] does not fit theta 10: expected 0 ≤ low ≤ theta ≤ high ≤ 10000"
    );
}
