//! Seeded random networks and a brute-force route oracle, shared by the property tests; and a
//! file with its projects built, shared with the benches (`benches/optimal.rs`).
#![allow(dead_code)]

use corridors::{
    LonLat, Metric, Mode, Network, ParameterKind, Sampling, TransferKind, great_circle_km,
};

/// A small deterministic PRNG (SplitMix64), so failures print a seed that reproduces them.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random network as TOML text: `n` nodes in two or three countries, `m` links of mixed
/// modes, gauges (some undecided) and statuses, some one-way.
pub fn random_network_toml(seed: u64, n: usize, m: usize) -> String {
    let mut rng = Rng(seed);
    let countries = ["AF", "UZ", "IR"];
    let mut s = String::from(
        "[network]\nname = \"random\"\nyear = 2025\n\n[transfers]\ngauge = { hours = 24, usd_per_t = 7 }\nmode = { hours = 12, usd_per_t = 4 }\nport = { hours = 48, usd_per_t = 10 }\nborder = { hours = 24, usd_per_t = 5 }\n\n",
    );
    let mut coords = Vec::new();
    for i in 0..n {
        let lat = 30.0 + rng.unit() * 8.0;
        let lon = 60.0 + rng.unit() * 10.0;
        coords.push((lat, lon));
        let c = countries[rng.below(3) as usize];
        let kind = if rng.below(4) == 0 { "port" } else { "city" };
        s += &format!(
            "[[nodes]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"{c}\"\nkind = \"{kind}\"\nlat = {lat}\nlon = {lon}\nsource = \"random\"\n"
        );
        if rng.below(5) == 0 {
            s += &format!("capacity_mtpa = {}\n", 2 + rng.below(12));
        }
        s += "\n";
    }
    for j in 0..m {
        let a = rng.below(n as u64) as usize;
        let mut b = rng.below(n as u64) as usize;
        if a == b {
            b = (a + 1) % n;
        }
        let mode = ["rail", "rail", "road", "sea"][rng.below(4) as usize];
        let status =
            ["operational", "operational", "operational", "planned"][rng.below(4) as usize];
        let at = |i: usize| LonLat::new(coords[i].1, coords[i].0); // coords are (lat, lon)
        let gc = great_circle_km(at(a), at(b));
        let len = (gc * (1.0 + rng.unit())).ceil() + 1.0;
        s += &format!(
            "[[links]]\nid = \"l{j}\"\nfrom = \"n{a}\"\nto = \"n{b}\"\nmode = \"{mode}\"\nstatus = \"{status}\"\nlength_km = {len}\nsource = \"random\"\n"
        );
        if mode == "rail" {
            match rng.below(3) {
                0 => s += "gauge_mm = 1435\n",
                1 => s += "gauge_mm = 1520\n",
                _ => {}
            }
        }
        if rng.below(6) == 0 {
            s += "oneway = true\n";
        }
        if rng.below(3) == 0 {
            s += &format!("capacity_mtpa = {}\n", 1 + rng.below(9));
        }
        s += "\n";
    }
    s
}

/// `count` seeded random networks, each with its seed: the one of seed `i` has
/// `4 + i % places` places and as many links plus `links.0 + i % links.1`, drawn from the key
/// `i × key.0 + key.1` (each property test its own key, so each sees its own networks).
pub fn seeded_networks(
    count: u64,
    places: u64,
    links: (u64, u64),
    key: (u64, u64),
) -> impl Iterator<Item = (u64, Network)> {
    (0..count).map(move |seed| {
        let n = 4 + (seed % places) as usize;
        let m = n + (links.0 + seed % links.1) as usize;
        let text = random_network_toml(seed.wrapping_mul(key.0) + key.1, n, m);
        (seed, Network::from_toml_str(&text).unwrap())
    })
}

/// One to `most` flows between distinct random places of `net`, each of the volume `volume`
/// draws.
pub fn random_flows(
    net: &Network,
    rng: &mut Rng,
    most: u64,
    volume: impl Fn(&mut Rng) -> f64,
) -> Vec<(String, String, f64)> {
    let ids: Vec<&str> = net.nodes().iter().map(|n| n.id.as_str()).collect();
    (0..1 + rng.below(most))
        .map(|_| {
            let a = rng.below(ids.len() as u64) as usize;
            let b = (a + 1 + rng.below(ids.len() as u64 - 1) as usize) % ids.len();
            (ids[a].to_string(), ids[b].to_string(), volume(rng))
        })
        .collect()
}

/// What a route arrives in: the last link's mode and the gauge it runs on.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Arrival {
    Start,
    Road,
    Sea,
    Rail(Option<u32>),
}

/// The transfer made when a route arriving as `cur` takes a link of `mode` and `gauge`, written
/// from the rules in ARCHITECTURE.md and the crate docs, independently of the crate's code.
pub fn step(cur: Arrival, mode: Mode, gauge: Option<u32>) -> (Option<TransferKind>, Arrival) {
    let next = match mode {
        Mode::Road => Arrival::Road,
        Mode::Sea => Arrival::Sea,
        Mode::Rail => Arrival::Rail(gauge),
    };
    match (cur, next) {
        (Arrival::Start, n) => (None, n),
        (Arrival::Rail(x), Arrival::Rail(g)) => match (x, g) {
            (_, None) => (None, Arrival::Rail(x)),
            (None, Some(_)) => (None, next),
            (Some(a), Some(b)) if a == b => (None, next),
            _ => (Some(TransferKind::Gauge), next),
        },
        (Arrival::Sea, Arrival::Sea) => (Some(TransferKind::Port), next),
        (a, b) if a == b => (None, b),
        (Arrival::Sea, _) | (_, Arrival::Sea) => (Some(TransferKind::Port), next),
        _ => (Some(TransferKind::Mode), next),
    }
}

/// Weight of a link under a metric, border fee included.
pub fn link_weight(net: &Network, link: usize, metric: Metric) -> f64 {
    let l = &net.links()[link];
    let border = net.is_cross_border(l);
    let t = net.transfers().border;
    match metric {
        Metric::Distance => l.length_km,
        Metric::Time => l.hours() + if border { t.hours } else { 0.0 },
        Metric::Cost => l.usd_per_t() + if border { t.usd_per_t } else { 0.0 },
        _ => unreachable!("oracle covers distance, time and cost"),
    }
}

pub fn transfer_weight(net: &Network, kind: Option<TransferKind>, metric: Metric) -> f64 {
    let Some(k) = kind else { return 0.0 };
    let c = net.transfers().of(k);
    match metric {
        Metric::Distance => 0.0,
        Metric::Time => c.hours,
        Metric::Cost => c.usd_per_t,
        _ => unreachable!(),
    }
}

/// The weight of a path given as link ids, walked from the start.
pub fn path_weight(net: &Network, links: &[String], metric: Metric) -> f64 {
    let mut cur = Arrival::Start;
    let mut total = 0.0;
    for id in links {
        let i = net.links().iter().position(|l| &l.id == id).unwrap();
        let l = &net.links()[i];
        let (k, next) = step(cur, l.mode, l.gauge_mm);
        total = total + transfer_weight(net, k, metric) + link_weight(net, i, metric);
        cur = next;
    }
    total
}

/// Bellman–Ford over (node, arrival) states: the least weight from `from` to `to` using the
/// links `open` allows, or `None`.
pub fn oracle(
    net: &Network,
    from: &str,
    to: &str,
    metric: Metric,
    open: &dyn Fn(usize) -> bool,
) -> Option<f64> {
    oracle_tagged(net, from, to, metric, open, &|_, _| Some(()))
}

/// [`oracle`] over states that also carry a tag of the way so far: `tag(None, place)` gives the
/// start's, `tag(Some(t), place)` the tag on reaching `place` with `t`; `None` forbids the step.
pub fn oracle_tagged<T: Copy + Eq + std::hash::Hash>(
    net: &Network,
    from: &str,
    to: &str,
    metric: Metric,
    open: &dyn Fn(usize) -> bool,
    tag: &dyn Fn(Option<T>, usize) -> Option<T>,
) -> Option<f64> {
    let nodes = net.nodes();
    let idx = |id: &str| nodes.iter().position(|n| n.id == id).unwrap();
    let mut best: std::collections::HashMap<(usize, Arrival, T), f64> =
        std::collections::HashMap::new();
    best.insert((idx(from), Arrival::Start, tag(None, idx(from))?), 0.0);
    loop {
        let mut changed = false;
        let snapshot: Vec<((usize, Arrival, T), f64)> =
            best.iter().map(|(k, v)| (*k, *v)).collect();
        for ((v, cur, t), d) in snapshot {
            for (i, l) in net.links().iter().enumerate() {
                if !open(i) {
                    continue;
                }
                let (a, b) = (idx(&l.from), idx(&l.to));
                let mut heads = Vec::new();
                if a == v {
                    heads.push(b);
                }
                if b == v && !l.oneway {
                    heads.push(a);
                }
                for h in heads {
                    let Some(now) = tag(Some(t), h) else {
                        continue;
                    };
                    let (k, next) = step(cur, l.mode, l.gauge_mm);
                    let nd = d + transfer_weight(net, k, metric) + link_weight(net, i, metric);
                    let e = best.entry((h, next, now)).or_insert(f64::INFINITY);
                    if nd < *e - 1e-9 {
                        *e = nd;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    let t = idx(to);
    best.iter()
        .filter(|((v, _, _), _)| *v == t)
        .map(|(_, d)| *d)
        .min_by(f64::total_cmp)
}

/// Every loopless path from `from` to `to` over open links, as link ids (for small graphs).
pub fn all_simple_paths(
    net: &Network,
    from: &str,
    to: &str,
    open: &dyn Fn(usize) -> bool,
) -> Vec<Vec<String>> {
    fn go(
        net: &Network,
        v: &str,
        to: &str,
        open: &dyn Fn(usize) -> bool,
        seen: &mut Vec<String>,
        path: &mut Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if v == to {
            out.push(path.clone());
            return;
        }
        for (i, l) in net.links().iter().enumerate() {
            if !open(i) {
                continue;
            }
            let next = if l.from == v {
                Some(&l.to)
            } else if l.to == v && !l.oneway {
                Some(&l.from)
            } else {
                None
            };
            if let Some(h) = next {
                if seen.contains(h) {
                    continue;
                }
                seen.push(h.clone());
                path.push(l.id.clone());
                go(net, h, to, open, seen, path, out);
                path.pop();
                seen.pop();
            }
        }
    }
    let mut out = Vec::new();
    go(
        net,
        from,
        to,
        open,
        &mut vec![from.to_string()],
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// Dijkstra over (node, arrival) states, written from the rules independently of the crate:
/// the least weight from `from` to `to` over operational links, for networks too large for
/// Bellman–Ford.
pub fn oracle_dijkstra(net: &Network, from: &str, to: &str, metric: Metric) -> Option<f64> {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    let nodes = net.nodes();
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes.len()];
    for (i, l) in net.links().iter().enumerate() {
        if l.status != corridors::Status::Operational {
            continue;
        }
        let (a, b) = (index[l.from.as_str()], index[l.to.as_str()]);
        adj[a].push((i, b));
        if !l.oneway {
            adj[b].push((i, a));
        }
    }
    let arrivals = |a: Arrival| -> u64 {
        match a {
            Arrival::Start => 0,
            Arrival::Road => 1,
            Arrival::Sea => 2,
            Arrival::Rail(None) => 3,
            Arrival::Rail(Some(g)) => 4 + g as u64,
        }
    };
    let mut best: HashMap<(usize, u64), f64> = HashMap::new();
    let mut heap = BinaryHeap::new();
    let start = (index[from], Arrival::Start);
    best.insert((start.0, 0), 0.0);
    heap.push(Reverse((0u64, start.0, 0u64, start.1)));
    let target = index[to];
    while let Some(Reverse((bits, v, key, cur))) = heap.pop() {
        let d = f64::from_bits(bits);
        if d > best[&(v, key)] {
            continue;
        }
        if v == target {
            return Some(d);
        }
        for &(i, h) in &adj[v] {
            let l = &net.links()[i];
            let (k, next) = step(cur, l.mode, l.gauge_mm);
            let nd = d + transfer_weight(net, k, metric) + link_weight(net, i, metric);
            let nk = arrivals(next);
            if nd < *best.get(&(h, nk)).unwrap_or(&f64::INFINITY) {
                best.insert((h, nk), nd);
                heap.push(Reverse((nd.to_bits(), h, nk, next)));
            }
        }
    }
    None
}

/// `text` with each link of `links` made operational (and opened), as if built, and the
/// projects left out (a project may not build an operational link).
pub fn built_in_file(text: &str, links: &[String]) -> String {
    text.split("\n\n")
        .filter(|chunk| !chunk.contains("[[projects]]"))
        .map(|chunk| {
            let is_built = chunk.contains("[[links]]")
                && links
                    .iter()
                    .any(|l| chunk.contains(&format!("\nid = \"{l}\"\n")));
            if !is_built {
                return chunk.to_string();
            }
            chunk
                .lines()
                .filter(|line| !line.starts_with("opens = "))
                .map(|line| {
                    if line.starts_with("status = ") {
                        "status = \"operational\"".to_string()
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The synthetic network of `places` places and `seed`, with its planned links grouped into
/// `projects` projects `p0`, `p1`, …, as a file's text.
pub fn synthetic_with_projects(places: usize, seed: u64, projects: usize) -> String {
    let net = corridors::synthetic::network(places, seed);
    let planned: Vec<&str> = net
        .links()
        .iter()
        .filter(|l| l.status != corridors::Status::Operational)
        .map(|l| l.id.as_str())
        .collect();
    assert!(
        planned.len() >= projects,
        "seed {seed}: {} planned",
        planned.len()
    );
    let mut text = corridors::synthetic::toml(&net);
    for (i, g) in planned.chunks(planned.len().div_ceil(projects)).enumerate() {
        let links: Vec<String> = g.iter().map(|l| format!("\"{l}\"")).collect();
        text.push_str(&format!(
            "[[projects]]\nid = \"p{i}\"\nname = \"P{i}\"\nlinks = [{}]\nsource = \"test\"\n\n",
            links.join(", ")
        ));
    }
    text
}

/// Draw `i` of `n` of `seed` made with `sampling`, as a network of its own, the length shifts
/// held at their figures as `--draws` holds them unless given `--draw-lengths`.
pub fn drawn_network(net: &Network, seed: u64, i: usize, n: usize, sampling: Sampling) -> Network {
    let mut values = net.draw_in(seed, i, n, sampling);
    for (v, p) in values.iter_mut().zip(net.parameters()) {
        if p.kind == ParameterKind::LengthShift {
            *v = p.base;
        }
    }
    net.with_parameters(&values).unwrap()
}

/// Nearest-rank percentiles 5, 50 and 95 of `xs`, sorted here: the rank `⌈p·n⌉`, counted
/// from 1 (none for no values). The crate's draws report these; tests work them out again.
pub fn nearest_ranks(xs: &[f64]) -> Option<[f64; 3]> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    (!v.is_empty()).then(|| [at(0.05), at(0.5), at(0.95)])
}

/// A random network whose figures are uncertain: tariffs, crossings by direction, links with
/// their own speeds, ranges stated and spread by grade, every third length an estimate.
pub fn uncertain_network(seed: u64) -> Network {
    let mut base = String::new();
    for line in random_network_toml(seed, 14, 30).lines() {
        base += line;
        base.push('\n');
        let third = line
            .strip_prefix("id = \"l")
            .and_then(|j| j.trim_end_matches('"').parse::<usize>().ok())
            .is_some_and(|j| j % 3 == 0);
        if third {
            base += "estimated = true\n";
        }
    }
    let mut text = base.replace(
        "[transfers]\ngauge = { hours = 24, usd_per_t = 7 }\nmode = { hours = 12, usd_per_t = 4 }\nport = { hours = 48, usd_per_t = 10 }\nborder = { hours = 24, usd_per_t = 5 }\n",
        "[transfers]\ngauge = { hours = 24, hours_range = [10, 48], usd_per_t = 7, usd_per_t_range = [3, 12] }\nmode = { hours = 12, hours_range = [4, 30], usd_per_t = 4, usd_per_t_range = [1, 9] }\nport = { hours = 48, hours_range = [20, 90], usd_per_t = 10, usd_per_t_range = [4, 20] }\nborder = { hours = 24, hours_range = [5, 80], usd_per_t = 5, usd_per_t_range = [1, 15] }\n\n[uncertainty]\nA = 0.1\nB = 0.3\nC = 0.6\nestimated_length = 0.25\n\n[defaults.rail]\nspeed_kmh = 30\nspeed_kmh_range = [15, 45]\nusd_per_tkm = 0.04\nusd_per_tkm_range = [0.02, 0.08]\n\n[defaults.road]\nspeed_kmh = 45\nspeed_kmh_range = [25, 60]\nusd_per_tkm = 0.08\nusd_per_tkm_range = [0.04, 0.14]\n\n[defaults.sea]\nspeed_kmh = 27\nspeed_kmh_range = [18, 35]\nusd_per_tkm = 0.005\nusd_per_tkm_range = [0.002, 0.012]\n",
    );
    text += "[[sources]]\nid = \"survey\"\ntitle = \"A survey\"\npublisher = \"Someone\"\ndate = \"2024\"\nconfidence = \"B\"\n\n";
    for (c, mode, rate, speed) in [
        ("AF", "road", 0.1, 33.0),
        ("UZ", "rail", 0.06, 13.0),
        ("IR", "rail", 0.03, 25.0),
    ] {
        text += &format!(
            "[[tariffs]]\ncountry = \"{c}\"\nmode = \"{mode}\"\nusd_per_tkm = {rate}\nspeed_kmh = {speed}\nsources = [\"survey\"]\n\n"
        );
    }
    let plain = Network::from_toml_str(&text).unwrap();
    // Crossings on a few cross-border links, one direction each.
    for l in plain
        .links()
        .iter()
        .filter(|l| {
            let c = |id: &str| plain.node(id).map(|n| n.country.clone()).unwrap();
            c(&l.from) != c(&l.to)
        })
        .take(4)
    {
        text += &format!(
            "[[crossings]]\nlink = \"{}\"\nfrom = \"{}\"\nhours = 30\nhours_range = [4, 120]\nusd_per_t = 12\nsources = [\"survey\"]\n\n",
            l.id, l.from
        );
    }
    Network::from_toml_str(&text).unwrap_or_else(|e| panic!("seed {seed}: {e}"))
}

/// Whether a table prints a number as `-0` (`-0.0%`, `-0–…`): a minus sign not inside an id or
/// a date, before a zero.
pub fn negative_zero_in(table: &str) -> bool {
    table.match_indices("-0").any(|(i, _)| {
        !table[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The bundled file without its `[[demands]]`: every place, link and project, but no cargo.
pub fn bundled_without_demands() -> Network {
    let text: String = include_str!("../../corridors.toml")
        .split("\n\n")
        .filter(|chunk| !chunk.trim_start().starts_with("[[demands]]"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let net = Network::from_toml_str(&text).unwrap();
    assert!(net.demands().is_empty());
    net
}

/// One `[[nodes]]` record of a small test network, after a blank line: the town `id`, named
/// after its id in capitals (`a` is "A"), in `country`, of `kind`, at `lat`, `lon`, ending with
/// `cite`, its citation line as written in a file (`source = "test"` or
/// `sources = ["gazetteer"]`). The fixtures take their towns from here, so each shows only what
/// it is about.
pub fn town(id: &str, country: &str, kind: &str, lat: f64, lon: f64, cite: &str) -> String {
    format!(
        "\n[[nodes]]\nid = \"{id}\"\nname = \"{}\"\ncountry = \"{country}\"\nkind = \"{kind}\"\nlat = {lat:?}\nlon = {lon:?}\n{cite}\n",
        id.to_uppercase()
    )
}

/// One `[[links]]` record of a small test network, after a blank line: the operational road
/// `id` from `from` to `to`, ending with `rest`, its other lines as written in a file (its
/// citation at least, such as `source = "test"`). The fixtures take their roads from here, as
/// their towns from [`town`].
pub fn road(id: &str, from: &str, to: &str, rest: &str) -> String {
    format!(
        "\n[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"road\"\nstatus = \"operational\"\n{rest}\n"
    )
}

/// The tiny network several tests start from, as a file's text: a `[network]` named "two
/// towns" of 2025 with the lines `header` (an `as_of`, say, or nothing), the towns `a` and `b`
/// in AF, the road `a-b` between them, ending with `road_rest` (see [`road`]), and the scenario
/// `shut` that closes it with a yearly probability of 0.3. Every record cites
/// `source = "test"`; a test adds its own records after it.
pub fn two_towns(header: &str, road_rest: &str) -> String {
    let cite = r#"source = "test""#;
    [
        format!("\n[network]\nname = \"two towns\"\nyear = 2025\n{header}\n").as_str(),
        &town("a", "AF", "city", 34.0, 69.0, cite),
        &town("b", "AF", "city", 34.5, 69.5, cite),
        &road("a-b", "a", "b", road_rest),
        r#"
[[scenarios]]
id = "shut"
name = "Shut"
close_links = ["a-b"]
probability = 0.3
source = "test"
"#,
    ]
    .concat()
}
