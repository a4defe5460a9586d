//! The optimal assignment on seeded random networks: never dearer than the greedy, equal to an
//! independent min-cost flow (successive shortest paths) for one flow, within every capacity,
//! and its shadow prices are what widening a capacity saves. Then its errors, whole.

mod common;

use common::{Rng, random_flows, random_network_toml, seeded_networks};
use corridors::{CapacityKind, Metric, Network, OptimalAssignment, OptimalQuery, QueryError};

const PENALTY: f64 = corridors::UNMET_USD_PER_T;

fn networks(count: u64) -> impl Iterator<Item = (u64, Network)> {
    seeded_networks(count, 7, (2, 11), (104_729, 11))
}

/// A few flows between random places, with volumes that fill some capacities.
fn flows(net: &Network, seed: u64) -> Vec<(String, String, f64)> {
    random_flows(net, &mut Rng(seed ^ 0xF10A), 4, |r| {
        1.0 + (r.below(40) as f64) / 2.0
    })
}

fn query(flows: &[(String, String, f64)]) -> OptimalQuery {
    flows.iter().fold(OptimalQuery::new(), |q, (a, b, x)| {
        q.pair(a.clone(), b.clone(), *x)
    })
}

/// Per link (forwards, backwards) and per node, the Mt/yr the report's paths put there, walked
/// from each flow's origin: the loads recomputed from the routes, not read from the report.
fn loads_of(net: &Network, a: &OptimalAssignment) -> (Vec<[f64; 2]>, Vec<f64>) {
    let ix = |id: &str| net.nodes().iter().position(|n| n.id == id).unwrap();
    let mut links = vec![[0.0; 2]; net.links().len()];
    let mut nodes = vec![0.0; net.nodes().len()];
    for d in &a.demands {
        for p in &d.paths {
            let mut here = d.from.clone();
            nodes[ix(&here)] += p.mtpa;
            for id in &p.links {
                let i = net.links().iter().position(|l| &l.id == id).unwrap();
                let l = &net.links()[i];
                let forward = l.from == here;
                assert!(forward || l.to == here, "{id} does not leave {here}");
                assert!(forward || !l.oneway, "{id} is one-way");
                links[i][usize::from(!forward)] += p.mtpa;
                here = if forward {
                    l.to.clone()
                } else {
                    l.from.clone()
                };
                nodes[ix(&here)] += p.mtpa;
            }
            assert_eq!(here, d.to);
        }
    }
    (links, nodes)
}

/// The greedy's objective as the optimum weighs it: what it pays plus the penalty for what it
/// leaves unmet.
fn greedy_objective(a: &OptimalAssignment) -> f64 {
    a.greedy.as_ref().unwrap().objective_usd_per_year
}

#[test]
fn never_dearer_than_greedy_and_within_every_capacity() {
    let mut saved = 0;
    for (seed, net) in networks(120) {
        let f = flows(&net, seed);
        let a = net.optimal(&query(&f)).unwrap();
        let g = greedy_objective(&a);
        assert!(
            a.objective_usd_per_year <= g * (1.0 + 1e-9) + 1.0,
            "seed {seed}: optimum {} > greedy {g}",
            a.objective_usd_per_year
        );
        if a.objective_usd_per_year < g * (1.0 - 1e-6) {
            saved += 1;
        }
        let (links, nodes) = loads_of(&net, &a);
        for (l, load) in net.links().iter().zip(&links) {
            if let Some(c) = l.capacity_mtpa {
                assert!(
                    load[0] <= c * (1.0 + 1e-7) && load[1] <= c * (1.0 + 1e-7),
                    "seed {seed}: {} carries {load:?} over {c}",
                    l.id
                );
            }
        }
        for (v, load) in net.nodes().iter().zip(&nodes) {
            if let Some(c) = v.capacity_mtpa {
                assert!(
                    *load <= c * (1.0 + 1e-7),
                    "seed {seed}: {} passes {load} over {c}",
                    v.id
                );
            }
        }
        // Every tonne is carried or unmet, and the totals add up.
        let mut total = 0.0;
        for d in &a.demands {
            let carried: f64 = d.paths.iter().map(|p| p.mtpa).sum();
            assert!((carried - d.served_mtpa).abs() < 1e-6, "seed {seed}");
            assert!((d.served_mtpa + d.unmet_mtpa - d.demand_mtpa).abs() < 1e-9);
            total += d.paths.iter().map(|p| p.mtpa * p.usd_per_t).sum::<f64>() * 1e6;
            if d.unmet_mtpa > 0.0 {
                assert!(
                    d.reason.is_some() || !d.cut.is_empty(),
                    "seed {seed}: {d:?}"
                );
            }
        }
        assert!((total - a.total_usd_per_year).abs() <= 1e-9 * total.max(1.0));
    }
    assert!(
        saved >= 5,
        "the optimum beat the greedy on only {saved} networks"
    );
}

#[test]
fn route_costs_are_the_route_search_s() {
    // With room everywhere, a flow's one route costs what the oracle over (place, arrival)
    // states says its cheapest route costs: transfers and crossings priced the same way.
    let mut checked = 0;
    for (seed, net) in networks(60) {
        for (from, to, _) in flows(&net, seed) {
            let a = net
                .optimal(&OptimalQuery::new().pair(&from, &to, 1e-3))
                .unwrap();
            let best = common::oracle(&net, &from, &to, Metric::Cost, &|i| {
                net.links()[i].status == corridors::Status::Operational
            });
            match (best, a.demands[0].usd_per_t) {
                (Some(b), Some(ours)) => {
                    assert!((b - ours).abs() < 1e-6, "seed {seed}: {ours} vs {b}");
                    checked += 1;
                }
                (None, None) => {}
                (b, ours) => {
                    // A place whose capacity is tiny can hold back even a kilotonne.
                    let tiny = net
                        .nodes()
                        .iter()
                        .any(|v| v.capacity_mtpa.is_some_and(|c| c < 1e-3));
                    assert!(tiny, "seed {seed}: oracle {b:?}, ours {ours:?}");
                }
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

/// One flow's least cost by successive shortest paths (Bellman–Ford on the residual graph),
/// on a network of one mode, where a route's cost is its links' and crossings' and no
/// transfer: places split in two (in → out, their throughput), links from out to in. Returns
/// (cost USD/t × Mt/yr, Mt/yr carried).
fn successive_shortest_paths(net: &Network, from: &str, to: &str, want: f64) -> (f64, f64) {
    const BIG: f64 = 1e12;
    let n = net.nodes().len();
    let ix = |id: &str| net.nodes().iter().position(|v| v.id == id).unwrap();
    // Arcs as (tail, head, capacity, cost); arc k ^ 1 is its reverse.
    let mut arcs: Vec<(usize, usize, f64, f64)> = Vec::new();
    let add = |arcs: &mut Vec<(usize, usize, f64, f64)>, u, v, cap, cost| {
        arcs.push((u, v, cap, cost));
        arcs.push((v, u, 0.0, -cost));
    };
    for (v, node) in net.nodes().iter().enumerate() {
        add(
            &mut arcs,
            2 * v,
            2 * v + 1,
            node.capacity_mtpa.unwrap_or(BIG),
            0.0,
        );
    }
    for (i, l) in net.links().iter().enumerate() {
        if l.status != corridors::Status::Operational {
            continue;
        }
        let (a, b) = (ix(&l.from), ix(&l.to));
        let cap = l.capacity_mtpa.unwrap_or(BIG);
        let cost = common::link_weight(net, i, Metric::Cost);
        add(&mut arcs, 2 * a + 1, 2 * b, cap, cost);
        if !l.oneway {
            add(&mut arcs, 2 * b + 1, 2 * a, cap, cost);
        }
    }
    let (s, t) = (2 * ix(from), 2 * ix(to) + 1);
    let (mut cost, mut sent) = (0.0, 0.0);
    while want - sent > 1e-12 {
        let mut dist = vec![f64::INFINITY; 2 * n];
        let mut pred = vec![usize::MAX; 2 * n];
        dist[s] = 0.0;
        for _ in 0..2 * n {
            let mut changed = false;
            for (k, &(u, v, cap, c)) in arcs.iter().enumerate() {
                if cap > 1e-12 && dist[u] + c < dist[v] - 1e-12 {
                    dist[v] = dist[u] + c;
                    pred[v] = k;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if dist[t].is_infinite() {
            break;
        }
        let mut push = want - sent;
        let mut v = t;
        while v != s {
            let k = pred[v];
            push = push.min(arcs[k].2);
            v = arcs[k].0;
        }
        let mut v = t;
        while v != s {
            let k = pred[v];
            arcs[k].2 -= push;
            arcs[k ^ 1].2 += push;
            v = arcs[k].0;
        }
        cost += push * dist[t];
        sent += push;
    }
    (cost, sent)
}

#[test]
fn one_flow_costs_what_successive_shortest_paths_says() {
    let mut binding = 0;
    for seed in 0..80u64 {
        let n = 4 + (seed % 6) as usize;
        let text = random_network_toml(seed * 31 + 5, n, n + 3 + (seed % 9) as usize);
        // One mode and no gauge: no transfer anywhere, crossings still priced.
        let text: String = text
            .replace("mode = \"rail\"", "mode = \"road\"")
            .replace("mode = \"sea\"", "mode = \"road\"")
            .lines()
            .filter(|l| !l.starts_with("gauge_mm"))
            .map(|l| format!("{l}\n"))
            .collect();
        let net = Network::from_toml_str(&text).unwrap();
        let ids: Vec<String> = net.nodes().iter().map(|v| v.id.clone()).collect();
        let (from, to) = (&ids[0], &ids[n - 1]);
        for want in [2.0, 9.0, 25.0] {
            let a = net
                .optimal(&OptimalQuery::new().pair(from, to, want))
                .unwrap();
            let (cost, sent) = successive_shortest_paths(&net, from, to, want);
            let theirs = cost * 1e6 + (want - sent) * PENALTY * 1e6;
            assert!(
                (a.objective_usd_per_year - theirs).abs() <= 1e-7 * theirs.max(1e6),
                "seed {seed}, {want} Mt/yr: ours {}, successive shortest paths {theirs}",
                a.objective_usd_per_year
            );
            assert!((a.served_mtpa - sent).abs() < 1e-6, "seed {seed}");
            if a.demands[0].paths.len() > 1 {
                binding += 1;
            }
        }
    }
    assert!(binding > 20, "only {binding} cases split a flow");
}

/// The network with one capacity moved by `by` Mt/yr, through its parameter.
fn with_capacity(net: &Network, id: &str, kind: CapacityKind, by: f64) -> Network {
    let key = match kind {
        CapacityKind::Link => format!("link.{id}.capacity_mtpa"),
        _ => format!("node.{id}.capacity_mtpa"),
    };
    let mut v: Vec<f64> = net.parameters().iter().map(|p| p.base).collect();
    let i = net.parameters().iter().position(|p| p.id == key).unwrap();
    v[i] += by;
    net.with_parameters(&v).unwrap()
}

#[test]
fn widening_a_binding_capacity_saves_its_shadow_price() {
    const STEP: f64 = 0.01;
    let (mut checked, mut exact) = (0, 0);
    for (seed, net) in networks(120) {
        let f = flows(&net, seed);
        let q = query(&f).versus_greedy(false);
        let a = net.optimal(&q).unwrap();
        for p in a
            .shadow_prices
            .iter()
            .filter(|p| p.usd_per_t > 0.01)
            .take(2)
        {
            if p.capacity_mtpa <= STEP {
                continue;
            }
            let total = |by: f64| {
                with_capacity(&net, &p.id, p.kind, by)
                    .optimal(&q)
                    .unwrap()
                    .objective_usd_per_year
            };
            // Per tonne a year: what a step wider saves, and what a step narrower costs.
            let wider = (a.objective_usd_per_year - total(STEP)) / (STEP * 1e6);
            let narrower = (total(-STEP) - a.objective_usd_per_year) / (STEP * 1e6);
            let slack = 0.01 * p.usd_per_t + 1e-3;
            // The total is convex in the capacity: the price lies between the two slopes.
            assert!(
                wider - slack <= p.usd_per_t && p.usd_per_t <= narrower + slack,
                "seed {seed}: {} {} priced {}, wider saves {wider}, narrower costs {narrower}",
                p.kind,
                p.id,
                p.usd_per_t
            );
            checked += 1;
            if (wider - p.usd_per_t).abs() <= slack {
                exact += 1;
            } else {
                // Only where several prices fit: a kink of the total right at this capacity.
                assert!(narrower > wider + slack, "seed {seed}: {}", p.id);
            }
        }
    }
    assert!(checked >= 30, "only {checked} binding capacities checked");
    assert!(
        exact * 10 >= checked * 8,
        "{exact} of {checked} prices within 1 % of the saving"
    );
}

#[test]
fn the_bundled_network_binds_the_caspian_route_and_saves_nothing_over_greedy() {
    let net = Network::trans_afghan();
    let a = net.optimal(&OptimalQuery::new()).unwrap();
    assert_eq!(a.unmet_mtpa, 0.0);
    let g = a.greedy.as_ref().unwrap();
    assert!(g.saves_usd_per_year.abs() < 1.0, "{g:?}");
    let top = &a.shadow_prices[0];
    assert_eq!(
        (top.id.as_str(), top.kind),
        ("qazvin-rasht-rail", CapacityKind::Link)
    );
    // Moscow's eighth tonne goes round by Kazakhstan and Turkmenistan instead.
    let moscow = a.demands.iter().find(|d| d.from == "moscow").unwrap();
    let (cheap, dear) = (moscow.paths[0].usd_per_t, moscow.paths[1].usd_per_t);
    assert!((top.usd_per_t - (dear - cheap)).abs() < 1e-3, "{top:?}");
}

#[test]
fn unmet_cargo_names_the_cut_that_stops_it() {
    let net = Network::trans_afghan();
    // Bandar Abbas handles 100 Mt/yr: Moscow's 120 cannot all land there.
    let q = OptimalQuery::new().pair("moscow", "bandar-abbas", 120.0);
    let a = net.optimal(&q).unwrap();
    let d = &a.demands[0];
    assert!((d.served_mtpa - 100.0).abs() < 1e-6, "{d:?}");
    assert!((a.unmet_mtpa - 20.0).abs() < 1e-6);
    let cut: Vec<(&str, corridors::CutKind)> =
        d.cut.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(cut, [("bandar-abbas", corridors::CutKind::Node)]);
    // A tonne of room there lets a tonne through that now pays the penalty: the price is the
    // penalty less the dearest route's cost.
    let p = &a.shadow_prices[0];
    assert_eq!(
        (p.id.as_str(), p.kind, p.blocks_unmet),
        ("bandar-abbas", CapacityKind::Port, true)
    );
    let dearest = d.paths.iter().map(|p| p.usd_per_t).fold(0.0, f64::max);
    assert!(
        (p.usd_per_t - (PENALTY - dearest)).abs() < 1e-3,
        "{p:?} vs {dearest}"
    );
    let text = a.to_string();
    assert!(
        text.contains("20.0 Mt/yr unmet, cut off by: bandar-abbas (node)"),
        "{text}"
    );
    assert!(text.contains("holds back unmet cargo"), "{text}");
}

#[test]
fn no_route_is_an_answer() {
    let net = Network::trans_afghan();
    let q = OptimalQuery::new()
        .pair("kabul", "karachi", 1.0)
        .filter(corridors::Filter::new().avoid("AF"));
    let a = net.optimal(&q).unwrap();
    assert_eq!(a.unmet_mtpa, 1.0);
    assert_eq!(
        a.demands[0].reason.as_deref(),
        Some("no route from \"kabul\" to \"karachi\" under this query")
    );
}

#[test]
fn errors_name_what_was_wrong() {
    let net = Network::trans_afghan();
    let e = net
        .optimal(&OptimalQuery::new().metric(Metric::Time))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the optimal assignment weighs routes by cost only, found metric \"time\""
    );
    let e = net
        .optimal(&OptimalQuery::new().unmet_penalty(-1.0))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unmet penalty (USD/t) must lie in (0, 1e9], found -1"
    );
    let e = net
        .optimal(&OptimalQuery::new().unmet_penalty(f64::NAN))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unmet penalty (USD/t) must lie in (0, 1e9], found NaN"
    );
    // Flows with the same ends are one commodity: the cap counts distinct pairs, and the
    // bundled network has too few places for so many.
    let big = corridors::synthetic::network(200, 1);
    let ids: Vec<&str> = big.nodes().iter().map(|v| v.id.as_str()).collect();
    let many = ids
        .iter()
        .flat_map(|a| ids.iter().filter(move |b| *b != a).map(move |b| (*a, *b)))
        .take(corridors::MAX_ROUTES + 1)
        .fold(OptimalQuery::new(), |q, (a, b)| q.pair(a, b, 0.001));
    let e = big.optimal(&many).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the optimal assignment's linear program is capped at 20000 routes, and this one \
         reached 20001: assign fewer flows at once"
    );
    let e = net
        .optimal(&OptimalQuery::new().pair("kabul", "karachi", 0.0))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "demand kabul → karachi: volume must be a positive number of Mt/yr (at most 1e12), found 0"
    );
    // The solver's failure cannot be provoked from outside (the program is feasible and
    // bounded by construction); its message, whole:
    let e = QueryError::Solver {
        status: "NumericalError".into(),
    };
    assert_eq!(
        e.to_string(),
        "the optimal assignment's solver stopped short of an optimum: NumericalError"
    );
}

#[test]
fn an_empty_network_is_an_empty_answer() {
    let net = Network::from_toml_str("[network]\nname = \"empty\"\nyear = 2025\n").unwrap();
    let a = net.optimal(&OptimalQuery::new()).unwrap();
    assert!(a.demands.is_empty() && a.shadow_prices.is_empty());
    assert_eq!((a.demand_mtpa, a.unmet_mtpa), (0.0, 0.0));
    let json = serde_json::to_string(&a).unwrap();
    assert!(!json.contains("-0.0"), "{json}");
}
