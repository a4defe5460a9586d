//! Projects: their value is what building them in the file saves, their ranking is ordered and
//! repeatable, combinations and build orders never contradict what adding links can do, and
//! bad queries say what was wrong.

mod common;

use common::{built_in_file, synthetic_with_projects};
use corridors::{Filter, Network, OptimalQuery, ProjectRanking, ProjectsQuery};

fn optimal_total(net: &Network, q: OptimalQuery) -> f64 {
    net.optimal(&q.versus_greedy(false))
        .unwrap()
        .total_usd_per_year
}

/// Close to within the solver's tolerance on totals of billions of USD a year.
fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-6 * scale.max(1.0)
}

#[test]
fn building_a_bundled_project_in_the_file_saves_what_the_ranking_said() {
    let text = include_str!("../corridors.toml");
    let net = Network::trans_afghan();
    for filter in [Filter::new(), Filter::new().no_events()] {
        let r = net
            .rank_projects(&ProjectsQuery::new().filter(filter.clone()))
            .unwrap();
        assert_eq!(r.base.unmet_mtpa, 0.0);
        let base = optimal_total(&net, OptimalQuery::new().filter(filter.clone()));
        assert!(close(base, r.base.total_usd_per_year, base));
        let mut checked = 0;
        for p in r.projects.iter().filter(|p| !p.links.is_empty()) {
            let built = Network::from_toml_str(&built_in_file(text, &p.links)).unwrap();
            let after = optimal_total(&built, OptimalQuery::new().filter(filter.clone()));
            assert!(
                close(base - after, p.saving_usd_per_year, base),
                "{}: the file saves {} but the ranking said {}",
                p.id,
                base - after,
                p.saving_usd_per_year
            );
            checked += usize::from(p.saving_usd_per_year > 0.0);
        }
        assert!(checked >= 3, "only {checked} projects save anything");
    }
}

#[test]
fn a_project_that_raises_a_capacity_is_the_file_with_that_capacity() {
    // At five times the demands Sarakhs binds; its new tracks are worth what a file with the
    // crossing at 15 Mt/yr saves.
    let net = Network::trans_afghan();
    let text =
        include_str!("../corridors.toml").replace("capacity_mtpa = 7.5\n", "capacity_mtpa = 15\n");
    let wider = Network::from_toml_str(&text).unwrap();
    let scaled = |q: ProjectsQuery| {
        net.demands()
            .iter()
            .fold(q, |q, d| q.pair(d.from.clone(), d.to.clone(), 5.0 * d.mtpa))
    };
    let scaled_opt = |q: OptimalQuery| {
        net.demands()
            .iter()
            .fold(q, |q, d| q.pair(d.from.clone(), d.to.clone(), 5.0 * d.mtpa))
    };
    let r = net
        .rank_projects(&scaled(ProjectsQuery::new().project("sarakhs-tracks")))
        .unwrap();
    let p = &r.projects[0];
    assert!(p.value_usd_per_year > 0.0);
    let before = net.optimal(&scaled_opt(OptimalQuery::new())).unwrap();
    let after = wider.optimal(&scaled_opt(OptimalQuery::new())).unwrap();
    let value = before.objective_usd_per_year - after.objective_usd_per_year;
    assert!(
        close(value, p.value_usd_per_year, before.objective_usd_per_year),
        "{value} vs {}",
        p.value_usd_per_year
    );
    assert!(close(
        before.unmet_mtpa - after.unmet_mtpa,
        p.served_mtpa,
        1.0
    ));
}

/// Adding links never costs more: on random networks, every project's value is non-negative,
/// a pair is worth at least the better of its two, every project built at least any one, and
/// the build order adds up to no more than all built.
#[test]
fn values_behave_as_adding_links_must_on_random_networks() {
    for seed in 0..4u64 {
        let text = synthetic_with_projects(150, seed, 3);
        let net = Network::from_toml_str(&text).unwrap();
        let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
        let n = ids.len();
        let q = (0..4).fold(ProjectsQuery::new(), |q, k| {
            let a = (seed as usize * 37 + k * 53) % n;
            let b = (a + n / 2 + k * 11) % n;
            q.pair(ids[a], ids[b], 2.0 + k as f64)
        });
        let r: ProjectRanking = net.rank_projects(&q).unwrap();
        let tiny = 1e-6 * r.base.total_usd_per_year.max(1.0);
        for p in &r.projects {
            assert!(p.value_usd_per_year >= -tiny, "seed {seed}: {}", p.id);
            assert!(p.saving_usd_per_year >= -tiny, "seed {seed}: {}", p.id);
            assert!(r.all_built.value_usd_per_year >= p.value_usd_per_year - tiny);
        }
        for pair in &r.pairs {
            let alone = |id: &str| {
                r.projects
                    .iter()
                    .find(|p| p.id == id)
                    .unwrap()
                    .value_usd_per_year
            };
            let best = alone(&pair.projects[0]).max(alone(&pair.projects[1]));
            assert!(pair.value_usd_per_year >= best - tiny, "seed {seed}");
        }
        let steps: f64 = r.order.iter().map(|s| s.value_usd_per_year).sum();
        assert!(
            steps <= r.all_built.value_usd_per_year + tiny,
            "seed {seed}"
        );
        assert!(r.order.iter().all(|s| s.value_usd_per_year > 0.0));
    }
}

#[test]
fn the_ranking_is_best_first_and_the_same_for_the_same_seed() {
    let net = Network::trans_afghan();
    let q = ProjectsQuery::new()
        .filter(Filter::new().no_events())
        .draws(12)
        .seed(5);
    let a = net.rank_projects(&q).unwrap();
    let b = net.rank_projects(&q).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert!(
        a.projects
            .windows(2)
            .all(|w| w[0].value_usd_per_year >= w[1].value_usd_per_year)
    );
    let d = a.draws.as_ref().unwrap();
    let firsts: f64 = a
        .projects
        .iter()
        .map(|p| p.draws.as_ref().unwrap().chance_first)
        .sum();
    assert!((firsts + d.chance_none - 1.0).abs() < 1e-9);
    for p in &a.projects {
        let s = p.draws.as_ref().unwrap().saving_usd_per_year;
        assert!(s[0] <= s[1] && s[1] <= s[2], "{}", p.id);
        if let (Some(c), Some(y)) = (p.cost_usd, p.payback_years) {
            assert!((c / p.saving_usd_per_year - y).abs() < 1e-9 * y);
        }
    }
}

#[test]
fn a_line_that_only_pays_with_another_says_so() {
    // Section 4 of Khaf–Herat reaches Herat, a rail dead end from the north until the line
    // from Mazar-i-Sharif comes; for the through-traffic to the sea the two carry cargo
    // neither carries alone. (Iran's own freight to Herat, left out here, pays for Section 4
    // by itself: see below.)
    let full = Network::trans_afghan();
    let net = full
        .edit()
        .remove_demand("mashhad", "herat")
        .build()
        .unwrap();
    let q = ProjectsQuery::new()
        .filter(Filter::new().no_events())
        .project("khaf-herat-section-4")
        .project("mazar-herat");
    let r = net.rank_projects(&q).unwrap();
    let s4 = r
        .projects
        .iter()
        .find(|p| p.id == "khaf-herat-section-4")
        .unwrap();
    assert_eq!(s4.needs, ["mazar-herat"]);
    assert!(s4.value_last_usd_per_year > s4.value_usd_per_year);
    assert_eq!(r.pairs.len(), 1);
    assert!(r.pairs[0].synergy_usd_per_year > 0.0);

    // With the road freight counted at Islam Qala, Section 4 pays alone: the cargo takes the
    // train from Mashhad to Herat once the line reaches the city.
    let r = full.rank_projects(&q).unwrap();
    let s4 = &r.projects[0];
    assert_eq!(s4.id, "khaf-herat-section-4");
    assert!(s4.needs.is_empty(), "{:?}", s4.needs);
    assert!(s4.value_usd_per_year > 10e6, "{}", s4.value_usd_per_year);
}

#[test]
fn an_open_project_adds_nothing_on_a_later_date() {
    // Section 4 is due in 2028: on a date after that its links count already.
    let net = Network::trans_afghan();
    let date = "2029-01-01".parse().unwrap();
    let q = ProjectsQuery::new()
        .filter(Filter::new().date(date).no_events())
        .project("khaf-herat-section-4");
    let r = net.rank_projects(&q).unwrap();
    assert!(r.projects[0].already_open);
    assert_eq!(r.projects[0].value_usd_per_year, 0.0);
    assert!(r.order.is_empty());
}

#[test]
fn bad_queries_name_what_is_wrong() {
    let net = Network::trans_afghan();
    let err = net
        .rank_projects(&ProjectsQuery::new().project("mazar-heart"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown project \"mazar-heart\" (did you mean \"mazar-herat\"?)"
    );
    let err = net
        .rank_projects(&ProjectsQuery::new().draws(10_001))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "at most 10000 project draws may be asked for, found 10001: each draw solves an optimal \
         assignment per project on a network rebuilt with the draw's figures"
    );
    let err = net
        .rank_projects(&ProjectsQuery::new().filter(Filter::new().project("sarakhs-track")))
        .unwrap_err();
    assert!(err.to_string().contains("did you mean \"sarakhs-tracks\""));
}

#[test]
fn a_project_built_in_code_is_checked_and_ranked_like_one_from_a_file() {
    use corridors::Project;
    let net = Network::trans_afghan();
    let edited = net
        .edit()
        .remove_project("sarakhs-tracks")
        .project(Project::new("wider-sarakhs", "Wider Sarakhs").capacity("sarakhs", 15.0))
        .build()
        .unwrap();
    let back = Network::from_toml_str(&edited.to_toml()).unwrap();
    assert!(back == edited);
    let q = |id: &str| ProjectsQuery::new().project(id);
    let ours = edited.rank_projects(&q("wider-sarakhs")).unwrap();
    let file = net.rank_projects(&q("sarakhs-tracks")).unwrap();
    assert_eq!(
        ours.projects[0].capacity_added_mtpa,
        file.projects[0].capacity_added_mtpa
    );
    let err = net
        .edit()
        .project(Project::new("bad", "Bad").link("termez-hairatan-rail"))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "project \"bad\" builds link \"termez-hairatan-rail\", which is already operational \
         (raise its capacity with \"capacity_mtpa\" instead)"
    );
}

#[test]
fn discounting_weighs_the_saving_from_the_opening_against_the_cost_paid_now() {
    use corridors::Discount;
    let net = Network::trans_afghan();
    // Five times the file's demands, on the network as built: section 4 of Khaf–Herat saves
    // tens of millions a year and costs 113 M USD; it is due in 2028.
    let q = net.demands().iter().fold(
        ProjectsQuery::new()
            .filter(Filter::new().no_events())
            .project("khaf-herat-section-4"),
        |q, d| q.pair(d.from.clone(), d.to.clone(), 5.0 * d.mtpa),
    );
    let at = |rate: f64, years: u32| {
        let r = net
            .rank_projects(&q.clone().discount(Discount::new(rate, years)))
            .unwrap();
        assert_eq!(r.discount, Some(Discount::new(rate, years)));
        r.projects[0].clone()
    };
    let p = at(0.06, 30);
    let (s, cost) = (p.saving_usd_per_year, p.cost_usd.unwrap());
    assert!(s > 1e7, "{s}");
    let d = p.discounted.clone().unwrap();
    // From the day looked at (the file's as_of) to 31 December 2028: the file gives the year
    // alone, and a line due in a year alone counts open once it is out, in routes and here.
    let day = net.rank_projects(&q.clone()).unwrap().day.date.unwrap();
    let now = f64::from(day.year)
        + (f64::from(day.month) - 1.0) / 12.0
        + (f64::from(day.day) - 1.0) / 365.25;
    let delay = 2029.0 - now;
    assert_eq!(p.opens_on.unwrap().to_string(), "2028-12-31");
    assert!(
        (d.delay_years - delay).abs() < 0.01,
        "{} {delay}",
        d.delay_years
    );
    // The textbook sum, year by year.
    let pv: f64 = (1..=30)
        .map(|t| s / 1.06f64.powf(d.delay_years + f64::from(t)))
        .sum();
    assert!(close(d.savings_pv_usd, pv, pv), "{} {pv}", d.savings_pv_usd);
    assert_eq!(d.npv_usd, Some(d.savings_pv_usd - cost));
    assert_eq!(d.benefit_cost, Some(d.savings_pv_usd / cost));
    // Repaid after the plain payback, since it opens later and later money is worth less.
    let pay = d.payback_years.unwrap();
    assert!(pay > d.delay_years + cost / s, "{pay}");
    // At no discount: thirty years of saving, and the plain payback after the delay.
    let flat = at(0.0, 30).discounted.unwrap();
    assert!(close(flat.savings_pv_usd, 30.0 * s, s));
    assert!((flat.payback_years.unwrap() - (flat.delay_years + cost / s)).abs() < 1e-9);
    // A dearer rate never makes it worth more; more years never make it worth less.
    let mut last = f64::INFINITY;
    for rate in [0.0, 0.03, 0.06, 0.09, 0.12, 0.5, 1.0] {
        let v = at(rate, 30).discounted.unwrap().savings_pv_usd;
        assert!(v < last, "{rate}: {v}");
        last = v;
    }
    assert!(at(0.06, 40).discounted.unwrap().savings_pv_usd > d.savings_pv_usd);
    // Asked for nothing, the answer is as it was: no discount, nothing discounted.
    let plain = serde_json::to_value(net.rank_projects(&q).unwrap()).unwrap();
    assert!(plain.get("discount").is_none());
    assert!(plain["projects"][0].get("discounted").is_none());
}

#[test]
fn discounted_draws_spread_the_net_present_value_of_projects_with_a_cost() {
    use corridors::Discount;
    let net = Network::trans_afghan();
    let q = ProjectsQuery::new()
        .project("chabahar-zahedan")
        .project("herat-kandahar")
        .draws(8)
        .seed(3)
        .discount(Discount::new(0.06, 30));
    let r = net.rank_projects(&q).unwrap();
    for p in &r.projects {
        let d = p.draws.as_ref().unwrap();
        match p.cost_usd {
            Some(_) => {
                let n = d.npv_usd.unwrap();
                assert!(n[0] <= n[1] && n[1] <= n[2], "{}: {n:?}", p.id);
            }
            None => assert_eq!(d.npv_usd, None, "{}", p.id),
        }
    }
    assert_eq!(r, net.rank_projects(&q).unwrap());
    // A rate or a span out of range is refused before anything is solved.
    let err = net
        .rank_projects(&ProjectsQuery::new().discount(Discount::new(0.06, 0)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "years discounted must lie in [1, 200], found 0"
    );
}

#[test]
fn no_projects_or_no_flows_say_so_in_one_line() {
    let twins = Network::from_toml_str(include_str!("fixtures/twins.toml")).unwrap();
    let r = twins.rank_projects(&ProjectsQuery::new()).unwrap();
    assert_eq!(r.to_string(), "no projects: the file has no [[projects]]\n");
    // The bundled file without its demands: the projects, but nothing to carry.
    let net = common::bundled_without_demands();
    let r = net
        .rank_projects(&ProjectsQuery::new().project("mazar-herat").spread(10.0))
        .unwrap();
    assert_eq!(r.base.capacity_mtpa, None);
    assert_eq!(
        r.to_string(),
        "no flows: the file has no [[demands]] and no pairs were given\n"
    );
}
