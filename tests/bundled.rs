//! The bundled network: it loads, its published figures hold, and known routes come out right.

use corridors::{Metric, Mode, Network, RouteQuery, Status, TransferKind, node_distance_km};

fn rail_km(net: &Network, from: &str, to: &str, include: &[Status]) -> Option<f64> {
    let mut q = RouteQuery::new(from, to)
        .metric(Metric::Distance)
        .mode(Mode::Rail);
    for s in include {
        q = q.include(*s);
    }
    net.route(&q).unwrap().route.map(|r| r.distance_km)
}

#[test]
fn bundled_network_loads_with_enough_records() {
    let net = Network::trans_afghan();
    let s = net.summary();
    assert!(s.nodes >= 45, "{} nodes", s.nodes);
    assert!(s.scenarios >= 8);
    assert!(s.demands >= 6);
    for id in [
        "chabahar",
        "gwadar",
        "khaf-herat",
        "mazar-kandahar",
        "kabul",
        "instc",
        "five-nations",
    ] {
        assert!(net.corridor(id).is_some(), "corridor {id}");
    }
    let same = Network::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/corridors.toml")).unwrap();
    assert_eq!(same.links(), net.links());
}

#[test]
fn the_readme_counts_the_bundled_records() {
    let net = Network::trans_afghan();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let dated = net.scenarios().iter().filter(|s| s.start.is_some()).count();
    let counts = format!(
        "{} places,\n{} links, {} corridors, {dated} dated events, {} cargo flows, {} cited sources)",
        net.nodes().len(),
        net.links().len(),
        net.corridors().len(),
        net.demands().len(),
        net.sources().len()
    );
    assert!(
        readme.contains(&counts),
        "the README's counts are stale: {counts}"
    );
}

#[test]
fn every_record_has_a_source() {
    let net = Network::trans_afghan();
    assert!(net.nodes().iter().all(|n| !n.source.is_empty()));
    assert!(net.links().iter().all(|l| !l.source.is_empty()));
    assert!(
        net.scenarios()
            .iter()
            .all(|s| !s.source.is_empty() && s.start.is_some())
    );
    assert!(net.demands().iter().all(|d| !d.source.is_empty()));
}

#[test]
fn every_length_is_at_least_the_great_circle() {
    let net = Network::trans_afghan();
    for l in net.links() {
        let gc = node_distance_km(net.node(&l.from).unwrap(), net.node(&l.to).unwrap());
        assert!(
            l.length_km + 0.5 >= gc,
            "{}: {} km < great circle {gc:.1}",
            l.id,
            l.length_km
        );
    }
}

#[test]
fn quetta_taftan_does_not_use_the_impossible_523_km() {
    let net = Network::trans_afghan();
    let l = net.link("quetta-taftan-rail").unwrap();
    assert_ne!(l.length_km, 523.0);
    assert!(l.estimated);
}

#[test]
fn published_line_lengths_hold() {
    let net = Network::trans_afghan();
    let all = [Status::UnderConstruction, Status::Planned, Status::Proposed];
    // Khaf–Herat: 78 + 62 + 43 + 47 km. Moved from 225 to 230 km: the last section is now the
    // two published phases (43 km to Robat Paryan, 47 km on to Herat), not the older 85 km.
    assert_eq!(rail_km(&net, "khaf", "herat", &all), Some(230.0));
    // Chabahar–Zahedan: 628 km through Iranshahr and Khash.
    assert_eq!(
        rail_km(&net, "chabahar", "zahedan", &[Status::UnderConstruction]),
        Some(628.0)
    );
    // Hairatan–Naibabad (Mazar-i-Sharif): 75 km.
    assert_eq!(
        net.link("hairatan-mazar-i-sharif-rail").unwrap().length_km,
        75.0
    );
    assert_eq!(rail_km(&net, "hairatan", "mazar-i-sharif", &[]), Some(75.0));
}

#[test]
fn khaf_herat_needs_the_section_under_construction() {
    let net = Network::trans_afghan();
    let q = RouteQuery::new("khaf", "herat")
        .metric(Metric::Distance)
        .mode(Mode::Rail);
    let today = net.route(&q).unwrap();
    assert!(today.route.is_none());
    let why = today.reason.unwrap();
    // Moved from rozanak-herat-rail: that link is now split at Robat Paryan.
    assert!(why.contains("robat-paryan-herat-rail"), "{why}");
    let built = net
        .route(&q.include(Status::UnderConstruction))
        .unwrap()
        .route
        .unwrap();
    // Moved from 225 km and ["rozanak-herat-rail"]: the last section is split at Robat Paryan
    // into its two published phases (43 + 47 km).
    assert_eq!(built.distance_km, 230.0);
    assert_eq!(
        built.unbuilt,
        ["rozanak-robat-paryan-rail", "robat-paryan-herat-rail"]
    );
    assert_eq!(built.border_crossings, 1);
}

#[test]
fn termez_to_herat_by_rail_changes_gauge() {
    let net = Network::trans_afghan();
    let q = RouteQuery::new("termez", "herat")
        .mode(Mode::Rail)
        .include(Status::UnderConstruction);
    let r = net.route(&q).unwrap().route.unwrap();
    let gauge: Vec<&str> = r
        .transfers
        .iter()
        .filter(|t| t.kind == TransferKind::Gauge)
        .map(|t| t.node.as_str())
        .collect();
    assert_eq!(gauge, ["sarakhs"], "{r:?}");
}

#[test]
fn opening_year_counts_chabahar_zahedan_from_2026() {
    let net = Network::trans_afghan();
    let q = RouteQuery::new("chabahar", "zahedan")
        .metric(Metric::Distance)
        .mode(Mode::Rail);
    assert!(net.route(&q.clone().year(2025)).unwrap().route.is_none());
    assert_eq!(
        net.route(&q.year(2026)).unwrap().route.unwrap().distance_km,
        628.0
    );
}

#[test]
fn every_origin_reaches_every_port_today() {
    let net = Network::trans_afghan();
    let origins = [
        "tashkent",
        "termez",
        "dushanbe",
        "ashgabat",
        "turkmenabat",
        "kashgar",
        "moscow",
        "kabul",
    ];
    let ports = [
        "chabahar",
        "gwadar",
        "karachi",
        "bandar-abbas",
        "mundra",
        "kandla",
        "nhava-sheva",
    ];
    for o in origins {
        for p in ports {
            let ans = net.route(&RouteQuery::new(o, p)).unwrap();
            assert!(ans.found(), "{o} -> {p}: {:?}", ans.reason);
            assert!(ans.route.unwrap().is_built());
        }
    }
}

#[test]
fn through_a_port_means_reaching_the_sea_there() {
    let net = Network::trans_afghan();
    let r = net
        .route(&RouteQuery::new("tashkent", "nhava-sheva").via_port("chabahar"))
        .unwrap()
        .route
        .unwrap();
    let first_sea = r.legs.iter().position(|l| l.mode == Mode::Sea).unwrap();
    assert_eq!(r.legs[first_sea].from, "chabahar");
    assert!(r.legs[first_sea..].iter().all(|l| l.mode == Mode::Sea));
}

#[test]
fn unknown_ids_name_the_id_and_the_nearest() {
    let net = Network::trans_afghan();
    let e = net
        .route(&RouteQuery::new("tashkent", "chahbahar"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node \"chahbahar\" (did you mean \"chabahar\"?)"
    );
    let e = net
        .route(&RouteQuery::new("tashkent", "karachi").avoid("torkam"))
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("unknown node, link, country or corridor \"torkam\""),
        "{e}"
    );
    let e = net
        .route(&RouteQuery::new("tashkent", "karachi").scenario("iran-war"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown scenario \"iran-war\" (did you mean \"iran-war-2025\"?)"
    );
}

#[test]
fn a_scenario_closing_every_pak_afghan_crossing_reroutes_kabul_cargo() {
    let net = Network::trans_afghan();
    // The network as built: today the closure is itself in force, so it is compared against
    // the network with no event applied.
    let before = net
        .route(&RouteQuery::new("kabul", "karachi").no_events())
        .unwrap()
        .route
        .unwrap();
    assert!(before.countries.iter().any(|c| c == "PK"));
    let after = net
        .route(
            &RouteQuery::new("kabul", "karachi")
                .no_events()
                .scenario("pak-afghan-closure-2025"),
        )
        .unwrap()
        .route
        .unwrap();
    let crosses_af_pk = after
        .countries
        .windows(2)
        .any(|w| (w[0] == "AF" && w[1] == "PK") || (w[0] == "PK" && w[1] == "AF"));
    assert!(!crosses_af_pk, "{:?}", after.countries);
    assert!(after.usd_per_t > before.usd_per_t);
}

#[test]
fn central_asia_to_the_southern_ports_by_rail_today_is_limited_by_iran() {
    use corridors::{CapacityQuery, Filter};
    let net = Network::trans_afghan();
    let q = CapacityQuery::new(
        ["tashkent", "termez", "dushanbe", "ashgabat", "turkmenabat"],
        ["chabahar", "gwadar", "karachi", "bandar-abbas"],
    )
    .filter(Filter::new().mode(Mode::Rail));
    let c = net.capacity(&q).unwrap();
    // Moved from 20.0 (cut bereket-gorgan-rail 10 + torbat-e-heydarieh-mashhad-rail 10) to 10.5:
    // the Kazakhstan–Turkmenistan–Iran line now carries its first-phase 3 Mt/yr, not 10, and
    // Sarakhs has its published 7.5 Mt/yr transshipment limit.
    assert_eq!(c.max_flow_mtpa, Some(10.5));
    let cut: Vec<&str> = c.min_cut.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(cut, ["bereket-gorgan-rail", "sarakhs"]);
    // No rail line crosses the Pakistan–Afghanistan border today, so its closure changes nothing.
    let closed = net
        .capacity(
            &q.clone().filter(
                Filter::new()
                    .mode(Mode::Rail)
                    .scenario("pak-afghan-closure-2025"),
            ),
        )
        .unwrap();
    // Moved from 20.0 to 10.5 with the figure above.
    assert_eq!(closed.max_flow_mtpa, Some(10.5));
    // A war closing Iran cuts Central Asia off from the sea by rail.
    let war = net
        .capacity(&q.filter(Filter::new().mode(Mode::Rail).scenario("iran-war-2025")))
        .unwrap();
    assert_eq!(war.max_flow_mtpa, Some(0.0));
}

#[test]
fn tashkent_reaches_bandar_abbas_by_rail_across_kazakhstan_not_round_by_moscow() {
    use corridors::{CapacityQuery, Filter};
    let net = Network::trans_afghan();
    let q =
        CapacityQuery::new(["tashkent"], ["bandar-abbas"]).filter(Filter::new().mode(Mode::Rail));
    let c = net.capacity(&q).unwrap();
    // The Kazakhstan–Turkmenistan–Iran line's 3 Mt/yr and Sarakhs' 7.5 Mt/yr.
    assert_eq!(c.max_flow_mtpa, Some(10.5));
    let cut: Vec<&str> = c.min_cut.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(cut, ["bereket-gorgan-rail", "sarakhs"]);
    // The flow to the KTI line runs down the Kazakh trunk (Arys, Shalkar, Beyneu) and touches
    // no link to Moscow.
    for f in &c.flows {
        let l = net.link(&f.link).unwrap();
        assert!(l.from != "moscow" && l.to != "moscow", "{f:?}");
    }
    assert!(c.flows.iter().any(|f| f.link == "shalkar-beyneu-rail"));
}

#[test]
fn khaf_herat_is_the_limit_around_turkmenistan_and_pakistan() {
    use corridors::{CapacityQuery, Filter};
    let net = Network::trans_afghan();
    let q = CapacityQuery::new(["termez"], ["bandar-abbas"]).filter(
        Filter::new()
            .mode(Mode::Rail)
            .include(Status::UnderConstruction)
            .include(Status::Planned)
            .avoid("TM")
            .avoid("PK"),
    );
    let c = net.capacity(&q).unwrap();
    // Moved from 3.0 (one cut link, on Khaf–Herat) to 4.0 (two): with the planned Rasht–Astara
    // line, the INSTC western branch through Kazakhstan, Russia and Azerbaijan also avoids
    // Turkmenistan and Pakistan, and its Astara terminal (1 Mt/yr) adds to Khaf–Herat's 3.
    assert_eq!(c.max_flow_mtpa, Some(4.0));
    assert_eq!(c.min_cut.len(), 2);
    let cut_on = |corridor: &str| {
        c.min_cut.iter().any(|x| {
            net.link(&x.id)
                .unwrap()
                .corridors
                .contains(&corridor.to_string())
        })
    };
    assert!(cut_on("khaf-herat") && cut_on("instc"), "{:?}", c.min_cut);
    assert_eq!(c.widest_path.as_ref().unwrap().bottleneck_mtpa, Some(3.0));
    let later = net.capacity(&q.design(true)).unwrap();
    // Moved from 6.0 to 11.0: Khaf–Herat's design 6 plus the Astara terminal's design 5.
    assert_eq!(later.max_flow_mtpa, Some(11.0));
}

#[test]
fn with_every_line_built_unknown_capacities_are_said_to_decide() {
    use corridors::{CapacityQuery, Filter};
    let net = Network::trans_afghan();
    let c = net
        .capacity(
            // Zahedan has no throughput limit and every line into it from Termez, once built,
            // lacks a published capacity.
            &CapacityQuery::new(["termez"], ["zahedan"])
                .filter(Filter::new().mode(Mode::Rail).include_all()),
        )
        .unwrap();
    assert_eq!(c.max_flow_mtpa, None);
    assert!(!c.unbounded_path.is_empty());
    for id in &c.unbounded_path {
        assert_eq!(net.link(id).unwrap().capacity_mtpa, None, "{id}");
    }
    // Towards the ports, published capacities bound the answer (the Bandar Abbas railway's
    // 40 Mt/yr before the port's 100), and the report names the lines of unknown capacity the
    // flow is assumed to cross.
    let ports = net
        .capacity(
            &CapacityQuery::new(["termez"], ["chabahar", "bandar-abbas"])
                .filter(Filter::new().mode(Mode::Rail).include_all()),
        )
        .unwrap();
    assert!(ports.max_flow_mtpa.is_some());
    assert!(
        ports
            .min_cut
            .iter()
            .any(|c| c.id == "bandar-abbas-bafq-rail" && c.capacity_mtpa == 40.0)
    );
    assert!(!ports.unknown_capacity_used.is_empty());
}

#[test]
fn the_october_2025_closure_sends_kabul_cargo_through_iran() {
    use corridors::DisruptionQuery;
    let net = Network::trans_afghan();
    let r = net
        .disruption(&DisruptionQuery::new().scenario("pak-afghan-closure-2025"))
        .unwrap();
    assert_eq!(
        r.disrupted_links,
        [
            "pul-i-alam-kharlachi-rail",
            "spin-boldak-chaman-rail",
            "spin-boldak-chaman-road",
            "torkham-af-torkham-pk-road"
        ]
    );
    let kabul = r
        .affected
        .iter()
        .find(|a| a.from == "kabul" && a.to == "karachi")
        .unwrap();
    let after = kabul.after.route.as_ref().unwrap();
    assert_eq!(after.countries, ["AF", "IR", "PK"]);
    assert!(after.passes("zaranj") && after.passes("zahedan"));
    assert!(kabul.extra_usd_per_t.unwrap() > 50.0);
    assert!(kabul.extra_days.unwrap() > 2.0);
}

#[test]
fn war_closing_iran_cuts_bandar_abbas_off_and_idles_the_chabahar_corridor() {
    use corridors::{DisruptionQuery, Filter};
    let net = Network::trans_afghan();
    // The network as built: today's events (the Pakistan–Afghanistan closure, the
    // India–Pakistan bans) would cut off more cargo than the war alone.
    let r = net
        .disruption(
            &DisruptionQuery::new()
                .base(Filter::new().no_events())
                .scenario("iran-war-2025"),
        )
        .unwrap();
    let chabahar_links: Vec<&str> = net
        .links()
        .iter()
        .filter(|l| {
            l.corridors.iter().any(|c| c == "chabahar")
                && net.node(&l.from).unwrap().country == "IR"
        })
        .map(|l| l.id.as_str())
        .collect();
    assert!(
        chabahar_links
            .iter()
            .all(|l| r.disrupted_links.iter().any(|d| d == l))
    );
    // Cut off: the flows to Bandar Abbas, and Iran's own road freight to Herat, which starts
    // inside the closed country.
    let cut: Vec<(&str, &str)> = r
        .affected
        .iter()
        .filter(|a| a.cut_off)
        .map(|a| (a.from.as_str(), a.to.as_str()))
        .collect();
    assert!(cut.contains(&("mashhad", "herat")), "{cut:?}");
    assert!(
        cut.iter()
            .all(|&(f, t)| t == "bandar-abbas" || net.node(f).unwrap().country == "IR"),
        "{cut:?}"
    );
    assert!(cut.iter().any(|&(_, t)| t == "bandar-abbas"), "{cut:?}");
    assert_eq!(r.capacity_after_mtpa, Some(0.0));
    // With every line built, Termez still reaches the sea, but not through Chabahar.
    let q = RouteQuery::new("termez", "nhava-sheva").filter(
        Filter::new()
            .include_all()
            .no_events()
            .scenario("iran-war-2025"),
    );
    let route = net.route(&q).unwrap().route.unwrap();
    assert!(!route.passes("chabahar"));
}

#[test]
fn the_most_critical_links_carry_the_iranian_trunk() {
    use corridors::CriticalQuery;
    let net = Network::trans_afghan();
    let c = net.critical(&CriticalQuery::new()).unwrap();
    let top: Vec<&str> = c.links.iter().take(5).map(|d| d.link.as_str()).collect();
    // Iran's trunk lines are the costliest losses: the western INSTC branch (Qazvin–Rasht and
    // Tehran–Qazvin), down which Moscow's cargo now comes from the Caspian at Anzali, and
    // Bandar Abbas–Bafq, which the most flows use. (Before the Kazakh trunk, the Caspian links
    // and per-country rates, Bandar Abbas–Bafq ranked first alone; Tehran–Bafq was in the top
    // five until the Mashhad–Tehran line gave its loss a way round.)
    assert!(top.contains(&"tehran-qazvin-rail"), "{top:?}");
    assert!(top.contains(&"qazvin-rasht-rail"), "{top:?}");
    // Bandar Abbas–Bafq is still on the most flows' routes, six; since Rozanak has a road to
    // Herat, Mashhad's cargo for Herat goes by the railway to Khaf and Rozanak, so the line from
    // Mashhad to Torbat-e Heydarieh carries six flows too.
    let most = c
        .links
        .iter()
        .map(|d| d.demands_affected.len())
        .max()
        .unwrap();
    assert_eq!(most, 6);
    let mut most_flows: Vec<&str> = c
        .links
        .iter()
        .filter(|d| d.demands_affected.len() == most)
        .map(|d| d.link.as_str())
        .collect();
    most_flows.sort_unstable();
    assert_eq!(
        most_flows,
        ["bandar-abbas-bafq-rail", "torbat-e-heydarieh-mashhad-rail"]
    );
    // Moscow joins the Kazakh trunk at Kandyagash and reaches Beyneu and the Caspian through
    // Astrakhan: losing both cuts its cargo off (the pair was moscow-tashkent + moscow-uzen).
    assert!(
        c.joint
            .iter()
            .any(|j| j.links == ["moscow-kandyagash-rail", "moscow-astrakhan-rail"])
    );
}

/// Every record of the bundled network cites a source a reader can open, or says how its
/// unpublished figure was estimated; nothing cites an internal sheet or "general knowledge".
#[test]
fn every_record_cites_an_openable_source_or_says_how_it_was_estimated() {
    let net = Network::trans_afghan();
    let openable = |ids: &[String]| {
        !ids.is_empty()
            && ids.iter().all(|id| {
                net.source(id)
                    .and_then(|s| s.address.as_deref())
                    .is_some_and(|a| a.starts_with("http://") || a.starts_with("https://"))
            })
    };
    let mut bad = Vec::new();
    let mut check = |what: &str, id: &str, ids: &[String], estimate: Option<&str>| {
        let explained = estimate.is_some_and(|e| e.len() > 10);
        if !(openable(ids) || explained) {
            bad.push(format!("{what} {id}"));
        }
    };
    for n in net.nodes() {
        check("node", &n.id, &n.sources, n.estimate.as_deref());
    }
    for l in net.links() {
        check("link", &l.id, &l.sources, l.estimate.as_deref());
        if l.estimated {
            assert!(
                l.estimate.is_some(),
                "link {} is estimated but says not how",
                l.id
            );
        }
    }
    for c in net.corridors() {
        check("corridor", &c.id, &c.sources, c.estimate.as_deref());
    }
    for s in net.scenarios() {
        check("scenario", &s.id, &s.sources, s.estimate.as_deref());
    }
    for d in net.demands() {
        check(
            "demand",
            &format!("{} → {}", d.from, d.to),
            &d.sources,
            d.estimate.as_deref(),
        );
    }
    assert!(bad.is_empty(), "no openable source or estimate: {bad:?}");
    // Every node's coordinates rest on a cited page.
    assert!(net.nodes().iter().all(|n| !n.sources.is_empty()));
    let text = include_str!("../corridors.toml");
    for banned in ["general knowledge", "DOMAIN.md", "shared/"] {
        assert!(!text.contains(banned), "corridors.toml mentions {banned:?}");
    }
    assert!(
        net.sources().len() >= 100,
        "{} sources",
        net.sources().len()
    );
}

fn day(s: &str) -> corridors::Date {
    s.parse().unwrap()
}

/// Whether a route crosses the Pakistan–Afghanistan land border: AF directly followed by PK.
fn crosses_af_pk(r: &corridors::Route) -> bool {
    r.countries.windows(2).any(|w| w[0] == "AF" && w[1] == "PK")
}

#[test]
fn kabul_cargo_crosses_into_pakistan_before_the_october_2025_closure_and_not_after() {
    use corridors::Filter;
    let net = Network::trans_afghan();
    let on = |d: &str| {
        net.route(&RouteQuery::new("kabul", "karachi").filter(Filter::new().date(day(d))))
            .unwrap()
    };
    let before = on("2025-09-01");
    let r = before.route.as_ref().unwrap();
    assert!(crosses_af_pk(r), "{:?}", r.countries);
    assert!(
        !before
            .day
            .events
            .contains(&"pak-afghan-closure-2025".to_string())
    );
    let after = on("2025-11-01");
    let r = after.route.as_ref().unwrap();
    assert!(!crosses_af_pk(r), "{:?}", r.countries);
    assert_eq!(r.countries, ["AF", "IR", "PK"]);
    assert!(
        after
            .day
            .events
            .contains(&"pak-afghan-closure-2025".to_string())
    );
}

#[test]
fn before_the_hairatan_mazar_line_opened_no_train_reached_mazar() {
    use corridors::{Filter, Mode};
    let net = Network::trans_afghan();
    let on = |d: &str| {
        let f = Filter::new().date(day(d)).mode(Mode::Rail);
        net.route(&RouteQuery::new("termez", "mazar-i-sharif").filter(f))
            .unwrap()
    };
    // The file gives the year only: the reason says the year, not 1 January of it.
    let before = on("2011-06-01");
    assert!(before.route.is_none());
    let why = before.reason.unwrap();
    assert!(
        why.contains("hairatan-mazar-i-sharif-rail (opens 2012)"),
        "{why}"
    );
    assert!(on("2012-06-01").route.is_some());
}

#[test]
fn on_a_past_date_the_no_route_reason_names_the_lines_opened_since() {
    use corridors::{Filter, Mode};
    let net = Network::trans_afghan();
    let why = |from: &str, to: &str, d: &str| {
        let f = Filter::new().date(day(d)).mode(Mode::Rail);
        let a = net.route(&RouteQuery::new(from, to).filter(f)).unwrap();
        assert!(a.route.is_none(), "{from} → {to} on {d}");
        a.reason.unwrap()
    };
    // Before Bam–Zahedan opened in 2009, the line that would join them is that one.
    assert!(why("kerman", "zahedan", "2005-06-01").ends_with(
        "; counting lines not yet built, a route exists through bam-zahedan-rail (opens 2009-06-09)"
    ),);
    // Before the Khaf–Herat line's first sections opened in Dec 2020: those, then the
    // sections still being built.
    let khaf = why("khaf", "herat", "2010-06-01");
    assert!(
        khaf.ends_with(
            "a route exists through khaf-shamtigh-rail (opens 2020-12-10), shamtigh-rozanak-rail \
             (opens 2020-12-10), rozanak-robat-paryan-rail (under_construction), \
             robat-paryan-herat-rail (under_construction)"
        ),
        "{khaf}"
    );
}

#[test]
fn a_disruption_tells_flows_with_no_route_either_way_from_those_it_leaves_alone() {
    use corridors::{DisruptionQuery, Filter};
    let net = Network::trans_afghan();
    // With Iran at war on the base, the Indian-bound flows have no route before or after the
    // border closure: there is nothing to affect.
    let q = DisruptionQuery::new()
        .scenario("pak-afghan-closure-2025")
        .base(Filter::new().scenario("iran-war-2025"));
    let r = net.disruption(&q).unwrap();
    assert!(
        r.no_route.contains(&"moscow → nhava-sheva".to_string()),
        "{:?}",
        r.no_route
    );
    assert!(!r.unaffected.contains(&"moscow → nhava-sheva".to_string()));
    let flows = r.affected.len() + r.unaffected.len() + r.no_route.len();
    assert_eq!(flows, net.demands().len());
    for label in &r.no_route {
        let (from, to) = label.split_once(" → ").unwrap();
        let f = Filter::new().scenario("iran-war-2025");
        assert!(
            net.route(&RouteQuery::new(from, to).filter(f))
                .unwrap()
                .route
                .is_none()
        );
    }
    assert!(
        r.to_string()
            .contains("\n  no route before or after: moscow → nhava-sheva, ")
    );
    // Without the war every flow has a route, and the list is left out of the JSON.
    let plain = net
        .disruption(&DisruptionQuery::new().scenario("pak-afghan-closure-2025"))
        .unwrap();
    assert!(plain.no_route.is_empty());
    assert!(
        serde_json::to_value(&plain)
            .unwrap()
            .get("no_route")
            .is_none()
    );
}

#[test]
fn counting_lines_not_yet_built_on_a_past_date_counts_those_built_since_too() {
    use corridors::{Filter, Mode};
    let net = Network::trans_afghan();
    let km = |f: Filter| {
        let q = RouteQuery::new("khaf", "herat").filter(f.mode(Mode::Rail));
        net.route(&q).unwrap().route.map(|r| r.distance_km.round())
    };
    // Every line of the file in 2005 is every line of the file today: the Khaf–Herat line,
    // opened since, is not left out while the lines still planned are counted.
    let today = km(Filter::new().include_all());
    assert_eq!(today, Some(230.0));
    assert_eq!(
        km(Filter::new().include_all().date(day("2005-01-01"))),
        today
    );
    let by_2030 = Filter::new().include(corridors::Status::Planned).year(2030);
    assert_eq!(km(by_2030.date(day("2010-01-01"))), today);
    // Without them, 2005 is 2005: no line to Herat.
    assert_eq!(km(Filter::new().date(day("2005-01-01"))), None);
}

#[test]
fn a_line_due_in_a_year_alone_counts_only_once_that_year_is_out() {
    use corridors::{Filter, Mode};
    let net = Network::trans_afghan();
    let on = |d: &str| {
        let f = Filter::new().date(day(d)).mode(Mode::Rail);
        net.route(&RouteQuery::new("chabahar", "zahedan").filter(f))
            .unwrap()
            .route
    };
    // Chabahar–Iranshahr is due in 2026 and, on the file's 30 June, still being built.
    assert!(on("2026-07-01").is_none());
    assert!(on("2026-12-30").is_none());
    assert!(on("2026-12-31").is_some());
}

#[test]
fn the_india_pakistan_bans_keep_central_asian_cargo_off_the_pakistani_sea_legs_to_india() {
    use corridors::Filter;
    let net = Network::trans_afghan();
    // The sea legs the bans of May 2025 close: Karachi or Gwadar to an Indian port.
    let pak_india_sea = |r: &corridors::Route| {
        r.legs.iter().any(|l| {
            l.mode == Mode::Sea
                && ["karachi", "gwadar"].contains(&l.from.as_str())
                && ["mundra", "kandla", "nhava-sheva"].contains(&l.to.as_str())
        })
    };
    let q = RouteQuery::new("dushanbe", "nhava-sheva");
    for ans in [
        net.route(&q.clone().filter(Filter::new().date(day("2025-06-01"))))
            .unwrap(),
        net.route(&q).unwrap(),
    ] {
        assert!(
            ans.day
                .events
                .contains(&"india-pakistan-trade-ban-2025".to_string())
        );
        let r = ans.route.unwrap();
        assert!(!pak_india_sea(&r), "{:?}", r.legs);
        assert!(r.passes("bandar-abbas"));
    }
    // A month before the bans the cheapest way went through Pakistan and on by sea from
    // Karachi.
    let before = net
        .route(&q.filter(Filter::new().date(day("2025-04-01"))))
        .unwrap()
        .route
        .unwrap();
    assert!(pak_india_sea(&before), "{:?}", before.legs);
}

#[test]
fn todays_route_report_names_the_events_applied_and_the_unconfirmed() {
    let net = Network::trans_afghan();
    let ans = net.route(&RouteQuery::new("kabul", "karachi")).unwrap();
    assert_eq!(ans.day.date, Some(day("2026-06-30")));
    assert_eq!(
        ans.day.events,
        [
            "pak-afghan-closure-2025",
            "chabahar-sanctions-2025",
            "balochistan-insecurity-2025",
            "india-pakistan-trade-ban-2025"
        ]
    );
    // Every event in force today is open-ended, each last reported before today.
    let unconfirmed: Vec<(&str, String)> = ans
        .day
        .unconfirmed
        .iter()
        .map(|u| (u.id.as_str(), u.since.to_string()))
        .collect();
    assert_eq!(
        unconfirmed,
        [
            ("pak-afghan-closure-2025", "2026-02-11".to_string()),
            ("chabahar-sanctions-2025", "2026-02-11".to_string()),
            ("balochistan-insecurity-2025", "2025-11-11".to_string()),
            ("india-pakistan-trade-ban-2025", "2025-06-29".to_string()),
        ]
    );
    // Events that ended before today are not applied.
    for ended in ["iran-war-2026", "hormuz-blockade-2026", "salang-snow-2025"] {
        assert!(!ans.day.events.iter().any(|e| e == ended), "{ended}");
    }
}

#[test]
fn no_events_gives_back_the_network_as_built() {
    use corridors::Filter;
    let net = Network::trans_afghan();
    let q = RouteQuery::new("kabul", "karachi");
    let built = net.route(&q.clone().no_events()).unwrap();
    assert_eq!(built.day.date, Some(day("2026-06-30")));
    assert!(built.day.events.is_empty() && built.day.unconfirmed.is_empty());
    let r = built.route.as_ref().unwrap();
    assert!(crosses_af_pk(r), "{:?}", r.countries);
    assert!(r.passes("chaman"));
    // The same through the filter, and different from today's answer.
    let via_filter = net
        .route(&q.clone().filter(Filter::new().no_events()))
        .unwrap();
    assert_eq!(via_filter.route, built.route);
    let today = net.route(&q).unwrap().route.unwrap();
    assert!(!crosses_af_pk(&today));
    assert!(today.usd_per_t > r.usd_per_t);
}

#[test]
fn a_lone_gauge_a_few_mm_off_a_common_one_is_doubted_and_a_real_one_is_not() {
    let text = Network::trans_afghan().to_toml();
    let with = |from: &str, to: &str| {
        let t = text.replacen(from, to, 1);
        Network::from_toml_str(&t).unwrap().summary().gauge_doubts
    };
    assert!(Network::trans_afghan().summary().gauge_doubts.is_empty());
    for typo in [1425u32, 1430, 1434, 1436, 1440, 1446] {
        let d = with("gauge_mm = 1435", &format!("gauge_mm = {typo}"));
        let near = typo.abs_diff(1435) <= corridors::GAUGE_DOUBT_MM;
        assert_eq!(d.len(), usize::from(near), "{typo}: {d:?}");
    }
    // 1,524 mm (the old Russian and the Finnish gauge) is real, 4 mm from 1,520: not doubted.
    assert!(with("gauge_mm = 1520", "gauge_mm = 1524").is_empty());
    // 1,445 mm is a gauge too (Italy's and Spain's old tramways), though 10 mm off 1,435.
    assert!(with("gauge_mm = 1435", "gauge_mm = 1445").is_empty());
    // Two links sharing the odd gauge are not one typo.
    let twice = text
        .replacen("gauge_mm = 1676", "gauge_mm = 1671", 1)
        .replacen("gauge_mm = 1676", "gauge_mm = 1671", 1);
    let net = Network::from_toml_str(&twice).unwrap();
    assert!(net.summary().gauge_doubts.is_empty());
}

/// Each option of a comparison is the route through its port, the destination's own port
/// included: by land up to it. Regression: a port that was also the destination was dropped
/// from its option, which then showed the best route by any port (Kashgar to Gwadar "through
/// Gwadar" by road to Karachi and on by sea, 161.6 USD/t, where the road to Gwadar costs 198.6).
#[test]
fn each_compare_option_is_the_route_through_its_port() {
    use corridors::{CompareQuery, RouteQuery};
    let net = Network::trans_afghan();
    let ports = ["gwadar", "karachi", "bandar-abbas", "chabahar"];
    let q = CompareQuery::new(["kashgar", "tashkent"], ["gwadar", "karachi"], ports);
    let c = net.compare(&q).unwrap();
    let mut checked = 0;
    for row in &c.rows {
        for option in &row.options {
            let rq =
                RouteQuery::new(row.from.as_str(), row.to.as_str()).via_port(option.port.as_str());
            let route = net.route(&rq).unwrap().route;
            let value = |r: &Option<corridors::Route>| r.as_ref().map(|r| r.metric_value);
            assert_eq!(value(&option.route), value(&route), "{row:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
    let kashgar_gwadar = &c.rows[0].options[0];
    assert_eq!(kashgar_gwadar.port, "gwadar");
    let usd = kashgar_gwadar.route.as_ref().unwrap().usd_per_t;
    assert_eq!((usd * 100.0).round() / 100.0, 198.64);
}

#[test]
fn a_comparison_naming_no_port_names_the_port_its_route_reaches_the_sea_at() {
    // The ports' lists hold different types: each list its own.
    let none: Vec<String> = Vec::new();
    let net = Network::trans_afghan();
    let c = net
        .compare(&corridors::CompareQuery::new(
            ["kabul"],
            ["mundra", "tashkent"],
            none,
        ))
        .unwrap();
    let (sea, land) = (&c.rows[0], &c.rows[1]);
    let r = sea.options[0].route.as_ref().unwrap();
    let first_sea = r.legs.iter().find(|l| l.mode == Mode::Sea).unwrap();
    assert_eq!(sea.options[0].port, first_sea.from);
    assert_eq!(sea.winner.as_deref(), Some(first_sea.from.as_str()));
    // By land all the way, no port.
    assert!(land.options[0].route.is_some());
    assert_eq!(land.options[0].port, "");
}
