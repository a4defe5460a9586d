//! Counted traffic (`[[observed]]`): the bundled counts read as their sources print them, each
//! count scaled to a year and set against the right capacity (a place's throughput, a link's
//! one way or both), with ranges carried through; records built in code obey the file's rules.

mod common;

use common::{Rng, random_network_toml};
use corridors::{
    Against, CapacityFrom, Date, Link, LonLat, Mode, Network, NetworkBuilder, Node, NodeKind,
    Observed, Site, Use,
};

fn day(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// The row of the bundled network's counts at `id` whose period starts on `start`.
fn row(net: &Network, id: &str, start: Date) -> Use {
    net.utilisation()
        .uses
        .into_iter()
        .find(|u| u.at.id() == id && u.start == start)
        .unwrap_or_else(|| panic!("no count at {id} from {start}"))
}

#[test]
fn the_bundled_counts_read_as_published() {
    let net = Network::trans_afghan();
    assert_eq!(net.observed().len(), 24);
    assert_eq!(net.summary().observed, 24);
    // Hairatan, 20 Dec 2024 to 20 Jan 2025: 302,327 t in 32 days.
    let h = row(&net, "termez-hairatan-rail", day(2024, 12, 20));
    assert_eq!(h.days, 32);
    assert!(close(h.mtpa, 302_327.0 / 32.0 * 365.2425 / 1e6));
    assert!((h.mtpa - 3.45).abs() < 0.005);
    // The line states no capacity and rail has no default: no share, and no made-up one.
    assert_eq!((h.capacity_mtpa, h.share), (None, None));
    assert_eq!(h.against, Against::Unknown);
    // Khaf–Herat imports of about 50,000 t a month, one way, against 3 Mt/yr each way.
    let k = row(&net, "shamtigh-rozanak-rail", day(2025, 10, 1));
    assert_eq!(k.from.as_deref(), Some("shamtigh"));
    assert!(k.estimated);
    assert_eq!(k.against, Against::OneDirection);
    assert_eq!(k.capacity_mtpa, Some(3.0));
    assert!(close(
        k.share.unwrap(),
        50_000.0 / 31.0 * 365.2425 / 1e6 / 3.0
    ));
    // Counts of both directions on the same line are set against both ways.
    let week = row(&net, "shamtigh-rozanak-rail", day(2025, 8, 15));
    assert_eq!(
        (week.against, week.capacity_mtpa),
        (Against::BothDirections, Some(6.0))
    );
    // Sarakhs transit against the crossing's 7.5 Mt/yr of throughput.
    let s = row(&net, "sarakhs", day(2022, 3, 21));
    assert_eq!(s.against, Against::Throughput);
    assert!(
        (s.share.unwrap() - 0.107).abs() < 0.001,
        "{}",
        s.share.unwrap()
    );
    // Islam Qala's road freight as weighed: 1,379,752 t in the 186 days from 21 March 2025.
    let d = row(&net, "dogharoun-islam-qala-road", day(2025, 3, 21));
    assert!(
        (d.mtpa - 1.379752 * 365.2425 / 186.0).abs() < 1e-3,
        "{}",
        d.mtpa
    );
    assert!(d.mtpa_range.is_none());
}

#[test]
fn every_bundled_count_cites_a_source_and_an_estimate_says_how() {
    let net = Network::trans_afghan();
    for o in net.observed() {
        assert!(!o.sources.is_empty(), "{:?}", o.at);
        assert!(o.description.is_some(), "{:?}", o.at);
        assert_eq!(
            o.estimated,
            o.estimate.is_some(),
            "{:?} from {}",
            o.at,
            o.start
        );
    }
}

#[test]
fn the_rows_come_by_place_then_oldest_first() {
    let uses = Network::trans_afghan().utilisation().uses;
    let keys: Vec<_> = uses
        .iter()
        .map(|u| (u.at.kind(), u.at.id().to_string(), u.from.clone(), u.start))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// Two towns joined by a road of `capacity` Mt/yr each way (one-way if asked), the second
/// with a throughput of 4 Mt/yr, and the counts given.
fn two_towns(capacity: Option<f64>, oneway: bool, counts: Vec<Observed>) -> Network {
    let mut link = Link::new("a-b", "a", "b", Mode::Road)
        .length_km(100.0)
        .oneway(oneway);
    if let Some(c) = capacity {
        link = link.capacity_mtpa(c);
    }
    let town = |id: &str, lat| Node::new(id, id, "AF", NodeKind::City, LonLat::new(69.0, lat));
    let mut builder = NetworkBuilder::new("Two towns", 2025)
        .node(town("a", 34.0))
        .node(town("b", 34.5).capacity_mtpa(4.0))
        .link(link);
    for c in counts {
        builder = builder.observed(c);
    }
    builder.build().unwrap()
}

/// One million tonnes over the whole of 2025, at `at`.
fn a_million(at: Site) -> Observed {
    let days = 365.0 / 365.2425;
    Observed::new(at, day(2025, 1, 1), day(2025, 12, 31), 1e6 * days).source("a count")
}

#[test]
fn a_count_is_set_against_the_capacity_it_used() {
    let link = || Site::Link("a-b".into());
    let both = two_towns(Some(2.0), false, vec![a_million(link())]);
    let u = &both.utilisation().uses[0];
    assert!(close(u.mtpa, 1.0));
    assert_eq!(
        (u.against, u.capacity_mtpa),
        (Against::BothDirections, Some(4.0))
    );
    assert!(close(u.share.unwrap(), 0.25));

    let one_way = two_towns(Some(2.0), false, vec![a_million(link()).from("b")]);
    let u = &one_way.utilisation().uses[0];
    assert_eq!(
        (u.against, u.capacity_mtpa),
        (Against::OneDirection, Some(2.0))
    );
    assert!(close(u.share.unwrap(), 0.5));

    // A one-way link carries one direction whatever the count says.
    let oneway_link = two_towns(Some(2.0), true, vec![a_million(link())]);
    assert!(close(oneway_link.utilisation().uses[0].share.unwrap(), 0.5));

    let place = two_towns(None, false, vec![a_million(Site::Node("b".into()))]);
    let u = &place.utilisation().uses[0];
    assert_eq!(
        (u.against, u.capacity_from),
        (Against::Throughput, CapacityFrom::Record)
    );
    assert!(close(u.share.unwrap(), 0.25));

    let unknown = two_towns(None, false, vec![a_million(link())]);
    let u = &unknown.utilisation().uses[0];
    assert_eq!(
        (u.against, u.capacity_from),
        (Against::Unknown, CapacityFrom::Unknown)
    );
    assert_eq!(
        (u.capacity_mtpa, u.share, u.share_range),
        (None, None, None)
    );
}

#[test]
fn a_mode_default_stands_in_for_a_missing_capacity_and_says_so() {
    let text = two_towns(None, false, vec![a_million(Site::Link("a-b".into()))])
        .to_toml()
        .replace(
            "[network]\n",
            "[defaults.road]\ncapacity_mtpa = 5\n\n[network]\n",
        );
    let net = Network::from_toml_str(&text).unwrap();
    let u = &net.utilisation().uses[0];
    assert_eq!(u.capacity_from, CapacityFrom::ModeDefault);
    assert_eq!(u.capacity_mtpa, Some(10.0));
    assert!(close(u.share.unwrap(), 0.1));
}

#[test]
fn ranges_of_the_count_and_the_capacity_bound_the_share() {
    let count = a_million(Site::Link("a-b".into()))
        .from("a")
        .tonnes_range(0.5e6, 1.5e6);
    let net = two_towns(Some(2.0), false, vec![count]);
    let net = net
        .edit()
        .change_link("a-b", |l| {
            l.capacity_mtpa_range = Some(corridors::Interval::new(1.0, 4.0))
        })
        .build()
        .unwrap();
    let u = &net.utilisation().uses[0];
    let r = u.share_range.unwrap();
    let y = 365.2425 / 365.0;
    // The least counted over the most capacity, the most counted over the least.
    assert!(close(r.low, 0.5 * y / 4.0), "{r:?}");
    assert!(close(r.high, 1.5 * y / 1.0), "{r:?}");
    assert!(r.low <= u.share.unwrap() && u.share.unwrap() <= r.high);
}

#[test]
fn counts_built_in_code_round_trip_and_obey_the_files_rules() {
    let count = a_million(Site::Node("b".into()))
        .estimated(true)
        .estimate("trucks times 20 t")
        .description("a year at the gate");
    let net = two_towns(Some(2.0), false, vec![count.clone()]);
    assert_eq!(net.observed(), std::slice::from_ref(&count));
    let back = Network::from_toml_str(&net.to_toml()).unwrap();
    assert!(back == net);
    assert_eq!(back.to_toml(), net.to_toml());

    // The same place, direction and period replaces; removing a place with none is named.
    let again = net
        .edit()
        .observed(count.clone().estimated(false))
        .build()
        .unwrap();
    assert_eq!(again.observed().len(), 1);
    assert!(!again.observed()[0].estimated);
    let err = net
        .edit()
        .remove_observed(&Site::Node("a".into()))
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), r#"no observation at node "a" to remove"#);
    let fewer = net
        .edit()
        .remove_observed(&Site::Node("b".into()))
        .build()
        .unwrap();
    assert!(fewer.observed().is_empty());

    // A count of a place the network lacks, or running backwards, is refused by name.
    let stray = Observed::new(
        Site::Link("a-c".into()),
        day(2025, 2, 1),
        day(2025, 1, 1),
        5.0,
    )
    .source("a count");
    let err = net.edit().observed(stray).build().unwrap_err().to_string();
    assert!(
        err.contains(r#"observation at link "a-c" 2025-02-01 to 2025-01-01 refers to unknown link "a-c" (did you mean "a-b"?)"#),
        "{err}"
    );
    assert!(
        err.contains(r#""end" 2025-01-01 is before "start" 2025-02-01"#),
        "{err}"
    );
}

#[test]
fn a_count_scales_by_its_days_to_an_average_year() {
    let leap = Observed::new(
        Site::Node("b".into()),
        day(2024, 1, 1),
        day(2024, 12, 31),
        366.0,
    );
    assert_eq!(leap.days(), 366);
    assert!(close(leap.mtpa(), 365.2425 / 1e6));
    let one_day = Observed::new(
        Site::Node("b".into()),
        day(2025, 5, 5),
        day(2025, 5, 5),
        1e6,
    );
    assert_eq!(one_day.days(), 1);
    assert!(close(one_day.mtpa(), 365.2425));
    assert_eq!(one_day.mtpa_range(), None);
}

#[test]
fn the_table_names_each_place_and_says_how_it_reads() {
    let table = Network::trans_afghan().utilisation().to_string();
    let first = table.lines().next().unwrap();
    assert!(
        first.starts_with("where") && first.ends_with("used"),
        "{first}"
    );
    assert!(table.contains("link shamtigh-rozanak-rail from shamtigh"));
    assert!(table.contains("[pajhwok-2025-khaf-herat-imports]"));
    assert!(table.contains("both ways"));
    assert!(table.contains("Capacity: as built, with no scenario applied"));
    let empty = two_towns(None, false, Vec::new()).utilisation().to_string();
    assert_eq!(empty, "no counts: the file has no [[observed]] records\n");
}

/// A count of a year at every place the model reports a throughput for, and on every loaded
/// link each way and both ways.
fn counted_everywhere(net: &Network, model: &corridors::OptimalAssignment) -> Network {
    let mut edit = net.edit().remove_observed(&Site::Node("sarakhs".into()));
    let year = |at: Site| Observed::new(at, day(2025, 1, 1), day(2025, 12, 31), 1.0).source("t");
    for n in &model.node_loads {
        edit = edit.observed(year(Site::Node(n.node.clone())));
    }
    for l in &model.loads {
        let link = net.link(&l.link).unwrap();
        edit = edit
            .observed(year(Site::Link(l.link.clone())))
            .observed(year(Site::Link(l.link.clone())).from(link.from.clone()))
            .observed(year(Site::Link(l.link.clone())).from(link.to.clone()));
    }
    edit.build().unwrap()
}

#[test]
fn beside_a_model_each_count_gets_the_load_the_model_puts_there() {
    let net = Network::trans_afghan();
    let model = net.optimal(&corridors::OptimalQuery::new()).unwrap();
    assert!(!model.node_loads.is_empty() && !model.loads.is_empty());
    let counted = counted_everywhere(&net, &model);
    let used = counted.utilisation_beside(&model);
    assert_eq!(used.modelled_on.as_ref(), Some(&model.day));
    let modelled = |at: &Site, from: Option<&str>| {
        used.uses
            .iter()
            .find(|u| &u.at == at && u.from.as_deref() == from)
            .and_then(|u| u.modelled_mtpa)
            .unwrap()
    };
    // A place's throughput, summed from the links' loads and the demands' origins, equals
    // the model's own for every place with a capacity: two computations, one answer.
    for n in &model.node_loads {
        let got = modelled(&Site::Node(n.node.clone()), None);
        assert!(
            (got - n.load_mtpa).abs() < 1e-6,
            "{}: {got} vs {}",
            n.node,
            n.load_mtpa
        );
    }
    for l in &model.loads {
        let link = net.link(&l.link).unwrap();
        let at = Site::Link(l.link.clone());
        assert!(
            close(modelled(&at, Some(&link.from)), l.forward_mtpa),
            "{}",
            l.link
        );
        assert!(
            close(modelled(&at, Some(&link.to)), l.backward_mtpa),
            "{}",
            l.link
        );
        assert!(close(modelled(&at, None), l.forward_mtpa + l.backward_mtpa));
    }
    // Without a model, no count says what one would put there, and the JSON has no such key.
    let plain = net.utilisation();
    assert!(plain.uses.iter().all(|u| u.modelled_mtpa.is_none()));
    let json = serde_json::to_string(&plain).unwrap();
    assert!(!json.contains("modelled"), "{json}");
}

#[test]
fn demands_taken_from_counts_come_back_within_them_and_the_rest_stray() {
    // The file's two flows of Afghanistan's own trade take their volumes from the counts at
    // Hairatan and Islam Qala: the model puts each back within the range counted there. The
    // through-traffic to the sea is still a guess, and the comparison shows it: three to seven
    // times Sarakhs's counted transit, and nothing on Aqina or Torghundi, where rail was counted.
    let net = Network::trans_afghan();
    let model = net.optimal(&corridors::OptimalQuery::new()).unwrap();
    let used = net.utilisation_beside(&model);
    let at = |id: &'static str| used.uses.iter().filter(move |u| u.at.id() == id);
    // Mashhad's cargo for Herat, the Islam Qala count, is put back in full, but at least cost it
    // all takes the railway to Rozanak and a truck on (22.0 USD/t against 32.8 by road through
    // Islam Qala), within the line's 3 Mt/yr: the road crossing is left empty, and the railway
    // carries over 3.5 times the most it was counted carrying.
    for (id, counted_at) in [
        ("termez-hairatan-rail", "termez-hairatan-rail"),
        ("shamtigh-rozanak-rail", "dogharoun-islam-qala-road"),
    ] {
        // A count without a range is met within 1 % either side, as the split's fit reads it.
        let counted = at(counted_at).map(|u| {
            u.mtpa_range
                .map_or((0.99 * u.mtpa, 1.01 * u.mtpa), |r| (r.low, r.high))
        });
        let (low, high) = counted.fold((f64::MAX, 0.0f64), |(l, h), (a, b)| (l.min(a), h.max(b)));
        for u in at(id) {
            let m = u.modelled_mtpa.unwrap();
            assert!(
                low <= m && m <= high,
                "{id}: modelled {m}, counted {low}–{high}"
            );
        }
    }
    assert!(
        at("dogharoun-islam-qala-road").all(|u| u.modelled_mtpa == Some(0.0)),
        "the road crossing"
    );
    assert!(
        at("shamtigh-rozanak-rail").all(|u| u.modelled_mtpa.unwrap() > 3.5 * u.mtpa),
        "the railway to Rozanak"
    );
    for s in at("sarakhs") {
        assert!(s.modelled_mtpa.unwrap() > 2.5 * s.mtpa, "{s:?}");
    }
    for id in ["ymamnazar-aqina-rail", "serhetabat-torghundi-rail"] {
        assert!(
            at(id).all(|u| u.modelled_mtpa == Some(0.0) && u.mtpa > 0.2),
            "{id}"
        );
    }
    let table = used.to_string();
    assert!(table.starts_with("model: the flows carried at least cost within capacities\n"));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("where") && l.ends_with("model"))
    );
}

/// Random counts on a seeded random network: at its places and on its open links, one way
/// or both, some with ranges.
fn with_random_counts(seed: u64) -> Network {
    let net = Network::from_toml_str(&random_network_toml(seed, 12, 30)).unwrap();
    let mut rng = Rng(seed ^ 0x0b5e_12ed);
    let mut edit = net.edit();
    for k in 0..20 {
        let start = day(
            2020 + rng.below(5) as u16,
            1 + rng.below(12) as u8,
            1 + rng.below(28) as u8,
        );
        let end = Date::new(start.year + rng.below(2) as u16, start.month, start.day).unwrap();
        let tonnes = (rng.unit() * 1e6).round();
        let open: Vec<&Link> = net
            .links()
            .iter()
            .filter(|l| l.status == corridors::Status::Operational)
            .collect();
        let mut count = if k % 4 == 0 || open.is_empty() {
            let n = &net.nodes()[rng.below(net.nodes().len() as u64) as usize];
            Observed::new(Site::Node(n.id.clone()), start, end, tonnes)
        } else {
            let l = open[rng.below(open.len() as u64) as usize];
            let c = Observed::new(Site::Link(l.id.clone()), start, end, tonnes);
            match rng.below(3) {
                0 => c.from(l.from.clone()),
                1 if !l.oneway => c.from(l.to.clone()),
                _ => c,
            }
        };
        if rng.below(2) == 0 {
            count = count.tonnes_range(tonnes * rng.unit(), tonnes * (1.0 + rng.unit()));
        }
        edit = edit.observed(count.source("random"));
    }
    edit.build().unwrap()
}

#[test]
fn random_counts_round_trip_and_their_shares_match_a_recomputation() {
    for seed in 0..40 {
        let net = with_random_counts(seed);
        let text = net.to_toml();
        let back = Network::from_toml_str(&text).unwrap();
        assert!(back == net, "seed {seed}");
        assert_eq!(back.to_toml(), text, "seed {seed}");
        for u in net.utilisation().uses {
            // The share recomputed from the records, written from the contract: a place's
            // throughput; a link's capacity each way, twice it for a two-way count on a
            // two-way link; none known, no share.
            let cap = match &u.at {
                Site::Node(id) => net.node(id).unwrap().capacity_mtpa,
                Site::Link(id) => {
                    let l = net.link(id).unwrap();
                    let ways = if u.from.is_none() && !l.oneway {
                        2.0
                    } else {
                        1.0
                    };
                    l.capacity_mtpa.map(|c| c * ways)
                }
                other => panic!("a site this test does not know: {other:?}"),
            };
            assert_eq!(u.capacity_mtpa, cap, "seed {seed}: {u:?}");
            let o = net
                .observed()
                .iter()
                .find(|o| (&o.at, o.start, o.end, &o.from) == (&u.at, u.start, u.end, &u.from))
                .unwrap();
            let days = civil_day(o.end) - civil_day(o.start) + 1;
            assert_eq!(u.days, days, "seed {seed}");
            let mtpa = o.tonnes / days as f64 * 365.2425 / 1e6;
            assert!(close(u.mtpa, mtpa), "seed {seed}: {} vs {mtpa}", u.mtpa);
            assert_eq!(u.share.is_some(), cap.is_some());
            if let (Some(s), Some(r)) = (u.share, u.share_range) {
                assert!(
                    r.low <= s * (1.0 + 1e-12) && s <= r.high * (1.0 + 1e-12),
                    "seed {seed}: {u:?}"
                );
            }
        }
    }
}

/// Days since 1970-01-01 of a Gregorian date, by the civil-from-days arithmetic (Howard
/// Hinnant's), written here apart from the crate's own day count.
fn civil_day(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month), i64::from(d.day));
    let y = i64::from(d.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[test]
fn counts_are_kept_by_the_places_asked_for() {
    let net = Network::trans_afghan();
    let ids = |places: &[&str]| -> Vec<String> {
        let used = net.utilisation().within(&net, places).unwrap();
        let mut ids: Vec<String> = used.uses.iter().map(|u| u.at.id().to_string()).collect();
        ids.dedup();
        ids
    };
    // A place keeps the links that end at it; a link, itself.
    assert_eq!(ids(&["hairatan"]), ["termez-hairatan-rail"]);
    assert_eq!(
        ids(&["link:shamtigh-rozanak-rail"]),
        ["shamtigh-rozanak-rail"]
    );
    // A country keeps the links touching it and the places in it.
    let iran = ids(&["IR"]);
    assert!(iran.contains(&"sarakhs".to_string()) && iran.contains(&"astara-ir".to_string()));
    assert!(iran.contains(&"dogharoun-islam-qala-road".to_string()));
    assert!(!iran.contains(&"termez-hairatan-rail".to_string()));
    // A corridor keeps its links and the places at their ends (Astara and Sarakhs end INSTC
    // lines).
    assert_eq!(ids(&["corridor:khaf-herat"]), ["shamtigh-rozanak-rail"]);
    assert_eq!(ids(&["instc"]), ["astara-ir", "sarakhs"]);
    // A link keeps the counts at its ends.
    assert_eq!(ids(&["sarakhs-tejen-rail"]), ["sarakhs"]);
    // Several places keep what any keeps; none keeps everything.
    assert_eq!(
        ids(&["hairatan", "sarakhs"]),
        ["termez-hairatan-rail", "sarakhs"]
    );
    assert_eq!(
        net.utilisation().within(&net, &[] as &[&str]).unwrap(),
        net.utilisation()
    );
    // Every count kept lies in the place, checked from the records.
    for country in ["AF", "IR", "UZ", "TM"] {
        for u in net.utilisation().within(&net, &[country]).unwrap().uses {
            let countries: Vec<&str> = match &u.at {
                Site::Link(id) => {
                    let l = net.link(id).unwrap();
                    vec![
                        &net.node(&l.from).unwrap().country,
                        &net.node(&l.to).unwrap().country,
                    ]
                }
                Site::Node(id) => vec![&net.node(id).unwrap().country],
                other => panic!("a site this test does not know: {other:?}"),
            };
            assert!(countries.contains(&country), "{country}: {u:?}");
        }
    }
    let err = net.utilisation().within(&net, &["hairatn"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"unknown node, link, country or corridor "hairatn" (did you mean "hairatan"?)"#
    );
}

#[test]
fn the_words_of_the_csv_are_those_of_the_json() {
    use Against::*;
    for a in [Throughput, OneDirection, BothDirections, Unknown] {
        assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
    }
    for c in [
        CapacityFrom::Record,
        CapacityFrom::ModeDefault,
        CapacityFrom::Unknown,
    ] {
        assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
    }
}
