//! Reading each record of a network file and checking it: ids, references, ranges, lengths
//! against the great circle (scenarios in `scenarios.rs`).

use std::collections::BTreeSet;
use std::ops::Range;

use super::doc::Spanned;
use super::doc::Table;

use crate::error::ParseEnumError;
use crate::model::rules::Rule;
use crate::model::scenario::Hints;
use crate::model::{
    Basis, Confidence, Corridor, Date, Defaults, Demand, Interval, Link, MAX_GAUGES, Mode, Node,
    NodeKind, Records, Source, Status, great_circle_km,
};
use crate::util::quoted;

use super::costs::{
    read_conversions, read_crossings, read_defaults, read_handling, read_spreads, read_tariffs,
    read_transfers,
};
use super::each::{
    Again, Tables, array_of_tables, first_ids, read_each, read_each_split, read_id, read_id_of,
};
use super::observed::{Places, read_observed};
use super::projects::{Named, read_project};
use super::scenarios::{Known, read_scenario};
use super::toml::{Cx, LinkIx, NodeIx, Rec, Seen, node_ref, unknown, valid_country};

/// Lengths are published in whole kilometres: allow that much rounding below the great circle.
const LENGTH_TOLERANCE_KM: f64 = 0.5;

/// Reads every record of the file, not yet joined (see [`Records::joined`]); `None` when the
/// network cannot be assembled (its problems are reported).
pub(super) fn read_network(
    cx: &mut Cx,
    root: Table<'_, '_>,
    span: Range<usize>,
) -> Option<Records> {
    let mut top = Rec::new(root, span.clone(), "the file".into());
    // The bibliography first: every record below may cite it.
    let sources = read_sources(cx, &mut top);
    let spreads = read_spreads(cx, &mut top);

    let mut network_cite = (None, Vec::new(), None);
    let (name, year, description) = match top.table(cx, "network") {
        Some((t, s)) => {
            let mut r = Rec::new(t, s, "[network]".into());
            let name = r.str(cx, "name", true);
            let year = r.int(cx, "year", true).filter(|y| {
                // Out of range, the year would fail the conversion below without a word.
                let ok = (1800..=2200).contains(y.get_ref());
                if !ok {
                    let msg = format!(
                        "[network]: \"year\" must be a year such as 2025, found {}",
                        y.get_ref()
                    );
                    cx.at(&y.span(), msg);
                }
                ok
            });
            let description = r.str(cx, "description", false);
            let as_of = r.date(cx, "as_of", false);
            if let (Some(d), Some(y)) = (&as_of, &year) {
                if i64::from(d.get_ref().year) != *y.get_ref() {
                    let msg = format!(
                        "[network]: \"as_of\" {} is not in the network's \"year\" {}",
                        d.get_ref(),
                        y.get_ref()
                    );
                    cx.at(&d.span(), msg);
                }
            }
            cx.as_of = as_of.map(Spanned::into_inner);
            cx.today = cx.as_of.or_else(|| {
                let y = u16::try_from(*year.as_ref()?.get_ref()).ok()?;
                Date::new(y, 12, 31)
            });
            if let Some(c) = r.cite(cx, false) {
                // The text as given: `Cite::source` joins the ids when only they are given.
                let text = c
                    .source
                    .filter(|s| c.sources.is_empty() || *s != c.sources.join(", "));
                network_cite = (text, c.sources, c.estimate);
            }
            r.finish(cx);
            (name, year, description)
        }
        None => {
            // A `network` of the wrong type has already been reported as such.
            if root.get("network").is_none() {
                cx.at(&(0..0), "the file has no [network] table (name, year)");
            }
            (None, None, None)
        }
    };

    let defaults = read_defaults(cx, &mut top);
    let transfers = read_transfers(cx, &mut top);
    let conv = read_conversions(cx, &mut top);

    // Nodes, read on every core as the links are below.
    let node_tables = array_of_tables(cx, &mut top, "nodes");
    let (node_seen, node_again) = first_ids(node_tables.clone());
    // Countries of every node record, valid or not, so that a bad node does not also make its
    // country unknown to the scenarios.
    let mut declared_countries = BTreeSet::new();
    for (t, _) in node_tables.clone() {
        if let Some(c) = t.get("country").and_then(|c| c.as_str()) {
            if !declared_countries.contains(c.as_ref()) {
                declared_countries.insert(c.into_owned());
            }
        }
    }
    let nodes = read_each_split(cx, node_tables, "node", |cx, r| {
        read_node(cx, r, &node_again)
    });
    let node_ix: NodeIx<'_> = nodes
        .iter()
        .enumerate()
        .map(|(i, n): (usize, &Node)| (n.id.as_str(), i))
        .collect();
    let countries: BTreeSet<&str> = declared_countries.iter().map(String::as_str).collect();
    let tariffs = read_tariffs(cx, &mut top, &countries);

    // Corridors.
    let mut corridor_seen = Seen::default();
    let corridor_tables = array_of_tables(cx, &mut top, "corridors");
    let corridors = read_each(cx, corridor_tables, "corridor", |cx, r| {
        let id = read_id(cx, r, "corridor", &mut corridor_seen);
        let name = r.str(cx, "name", true);
        let description = r.str(cx, "description", false);
        let cite = r.cite(cx, false);
        let (id, name, cite) = (id?, name?, cite?);
        Some(Corridor {
            id,
            name: name.into_inner(),
            description: description.map(Spanned::into_inner),
            source: cite.source,
            sources: cite.sources,
            estimate: cite.estimate,
        })
    });
    // References are checked against every declared id, so that a record dropped for its own
    // problems does not also show up as an unknown reference.
    let corridor_ids: BTreeSet<&str> = corridor_seen.keys().map(|k| k.as_ref()).collect();

    // Links: read on every core when there are many, so nothing below depends on the order of
    // reading. Ids are gathered first, for uniqueness; gauges are counted after, in order.
    let link_tables = array_of_tables(cx, &mut top, "links");
    let (link_seen, link_again) = first_ids(link_tables.clone());
    let links = read_each_split(cx, link_tables.clone(), "link", |cx, r| {
        let ends = (&node_ix, &node_seen);
        read_link(cx, r, &link_again, &nodes, ends, &corridor_ids, &defaults)
    });
    count_gauges(cx, &links, link_tables, &link_seen);
    let link_ix: LinkIx = links
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let crossings = read_crossings(
        cx,
        &mut top,
        (&links, &link_ix),
        &link_seen,
        (&nodes, &node_ix),
        &conv,
        &transfers,
    );
    let handling = read_handling(cx, &mut top, &node_ix, &node_seen, &conv, &transfers);
    // Scenarios.
    let mut scenario_seen = Seen::default();
    let known = Known {
        nodes: &node_seen,
        links: &link_seen,
        corridors: &corridor_ids,
        countries: &countries,
        hints: Hints::default(),
    };
    let scenario_tables = array_of_tables(cx, &mut top, "scenarios");
    let scenarios = read_each(cx, scenario_tables, "scenario", |cx, r| {
        read_scenario(cx, r, &mut scenario_seen, &known)
    });

    // Demands.
    let demand_tables = array_of_tables(cx, &mut top, "demands");
    let demands = read_each(cx, demand_tables, "demand", |cx, r| {
        read_demand(cx, r, (&node_ix, &node_seen))
    });
    // Observations.
    let places = Places {
        nodes: (&node_ix, &node_seen),
        links: (&links, &link_ix),
        link_seen: &link_seen,
    };
    let observed = read_observed(cx, &mut top, &places);
    // Projects.
    let mut project_seen = Seen::default();
    let named = Named {
        links: &link_seen,
        nodes: &node_seen,
        read: &links,
    };
    let project_tables = array_of_tables(cx, &mut top, "projects");
    let projects = read_each(cx, project_tables, "project", |cx, r| {
        read_project(cx, r, &mut project_seen, &named)
    });
    top.finish(cx);

    Some(Records {
        name: name?.into_inner(),
        year: i32::try_from(year?.into_inner()).ok()?,
        description: description.map(Spanned::into_inner),
        as_of: cx.as_of,
        defaults,
        transfers,
        nodes,
        links,
        corridors,
        scenarios,
        demands,
        observed,
        projects,
        sources,
        tariffs,
        crossings,
        handling,
        units: conv.units,
        currencies: conv.currencies,
        spreads,
        network_cite,
        ..Records::default()
    })
}

/// The `[[sources]]` bibliography: each entry's id, title, publisher, date, address and
/// confidence. Every declared id goes into `cx.source_ids`, valid entry or not, so that a bad
/// entry does not also make its citations unknown.
fn read_sources(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Vec<Source> {
    let tables = array_of_tables(cx, top, "sources");
    for (t, _) in tables.clone() {
        if let Some(id) = t.get("id").and_then(|v| v.as_str()) {
            cx.source_ids.insert(id.to_string());
        }
    }
    let mut seen = Seen::default();
    read_each(cx, tables, "source", |cx, r| {
        let id = read_id(cx, r, "source", &mut seen);
        let title = r.str(cx, "title", true);
        let publisher = r.str(cx, "publisher", true);
        let date = r.str(cx, "date", true).filter(|d| {
            let ok = source_date(d.get_ref());
            if !ok {
                cx.at(
                    &d.span(),
                    format!(
                        "{}: \"date\" must read \"2024\", \"2024-06\" or \"2024-06-12\", found \"{}\"",
                        r.label,
                        d.get_ref()
                    ),
                );
            }
            ok
        });
        let address = r.str(cx, "address", false);
        let confidence = r.str(cx, "confidence", true);
        let confidence: Option<Confidence> = parse_enum(cx, &r.label, confidence);
        Some(Source {
            id: id?,
            title: title?.into_inner(),
            publisher: publisher?.into_inner(),
            date: date?.into_inner(),
            address: address.map(Spanned::into_inner),
            confidence: confidence?,
        })
    })
}

/// Whether a source's date reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a real month and day.
fn source_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let num = |s: &str, len: usize, lo: u32, hi: u32| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|x| (lo..=hi).contains(&x))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 1000, 2999),
        [y, m] => num(y, 4, 1000, 2999) && num(m, 2, 1, 12),
        [y, m, day] => num(y, 4, 1000, 2999) && num(m, 2, 1, 12) && num(day, 2, 1, 31),
        _ => false,
    }
}

pub(super) fn parse_enum<T: std::str::FromStr<Err = ParseEnumError>>(
    cx: &mut Cx,
    label: &str,
    v: Option<Spanned<String>>,
) -> Option<T> {
    let v = v?;
    match v.get_ref().parse() {
        Ok(x) => Some(x),
        Err(why) => {
            cx.at(&v.span(), format!("{label}: {why}"));
            None
        }
    }
}

fn read_node(cx: &mut Cx, r: &mut Rec<'_, '_>, again: &Again) -> Option<Node> {
    let id = read_id_of(cx, r, "node", again);
    let name = r.str(cx, "name", true);
    let country = r.str(cx, "country", true);
    if let Some(c) = &country {
        if !valid_country(c.get_ref()) {
            cx.at(
                &c.span(),
                format!(
                    "{}: country \"{}\" must be an ISO 3166-1 alpha-2 code such as \"AF\"",
                    r.label,
                    c.get_ref()
                ),
            );
        }
    }
    let kind_text = r.str(cx, "kind", true);
    let kind: Option<NodeKind> = parse_enum(cx, &r.label, kind_text);
    let lat = r.num(cx, "lat", true, Rule::Range(-90.0, 90.0));
    let lon = r.num(cx, "lon", true, Rule::Range(-180.0, 180.0));
    let (capacity, capacity_range) = capacity(cx, r);
    let cite = r.cite(cx, true);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let description = r.str(cx, "description", false);
    let cite = cite?;
    Some(Node {
        id: id?,
        name: name?.into_inner(),
        country: country?.into_inner(),
        kind: kind?,
        lat: lat?.into_inner(),
        lon: lon?.into_inner(),
        capacity_mtpa: capacity.map(Spanned::into_inner),
        capacity_mtpa_range: capacity_range,
        source: cite.source.unwrap_or_default(),
        sources: cite.sources,
        estimate: cite.estimate,
        estimated,
        description: description.map(Spanned::into_inner),
    })
}

/// The capacity a place or link may give, `capacity_mtpa`, and its range: positive, and read
/// by one rule for both.
fn capacity(cx: &mut Cx, r: &mut Rec<'_, '_>) -> (Option<Spanned<f64>>, Option<Interval>) {
    r.ranged(
        cx,
        "capacity_mtpa",
        "capacity_mtpa_range",
        Rule::Positive,
        None,
    )
}

/// Reports the link that brings a network's rail gauges past [`MAX_GAUGES`], the gauges
/// counted in the order of the file.
fn count_gauges(cx: &mut Cx, links: &[Link], tables: Tables<'_, '_>, seen: &Seen<'_>) {
    let mut gauges: Vec<u32> = Vec::new();
    for l in links {
        let Some(g) = l.gauge_mm.filter(|g| !gauges.contains(g)) else {
            continue;
        };
        gauges.push(g);
        if gauges.len() == MAX_GAUGES + 1 {
            // The record's header: the table whose id is this link's first definition.
            let at = seen.get(l.id.as_str()).copied();
            let span = tables
                .clone()
                .find(|(t, _)| t.get("id").map(|v| v.span().start) == at)
                .map_or(0..0, |(_, s)| s);
            cx.at(
                &span,
                format!(
                    "link \"{}\": gauge_mm {g} is the {}th distinct rail gauge; a network may use at most {MAX_GAUGES}",
                    l.id,
                    MAX_GAUGES + 1
                ),
            );
            return;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_link(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    again: &Again,
    nodes: &[Node],
    (node_ix, node_seen): (&NodeIx<'_>, &Seen<'_>),
    corridor_ids: &BTreeSet<&str>,
    defaults: &Defaults,
) -> Option<Link> {
    let id = read_id_of(cx, r, "link", again);
    let label = r.label.clone();
    let from = r.str(cx, "from", true);
    let to = r.str(cx, "to", true);
    let from_ix = from
        .as_ref()
        .and_then(|f| node_ref(cx, &label, f, node_ix, node_seen));
    let to_ix = to
        .as_ref()
        .and_then(|t| node_ref(cx, &label, t, node_ix, node_seen));
    let mode_text = r.str(cx, "mode", true);
    let mode: Option<Mode> = parse_enum(cx, &label, mode_text);
    let gauge = r.int(cx, "gauge_mm", false);
    let length = r.num(cx, "length_km", false, Rule::Positive);
    let status_text = r.str(cx, "status", true);
    let status: Option<Status> = parse_enum(cx, &label, status_text);
    let opens = r.year_or_date(cx, "opens");
    let (capacity, capacity_range) = capacity(cx, r);
    let design = r.num(cx, "design_capacity_mtpa", false, Rule::Positive);
    let corridors = r.str_list(cx, "corridors");
    let oneway = r.bool(cx, "oneway").unwrap_or(false);
    let cite = r.cite(cx, true);
    let (speed, speed_range) = r.ranged(cx, "speed_kmh", "speed_kmh_range", Rule::Positive, None);
    let (rate, rate_range) = r.ranged(
        cx,
        "usd_per_tkm",
        "usd_per_tkm_range",
        Rule::NonNegative,
        None,
    );
    let hours = r.num(cx, "hours", false, Rule::Positive);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    // An estimated length states its range, or takes the file's `estimated_length` spread.
    let length_needed = (estimated && cx.length_spread.is_none()).then_some("an estimate");
    let length_range = r.range(
        cx,
        "length_km_range",
        length.as_ref(),
        Rule::Positive,
        length_needed,
    );
    let description = r.str(cx, "description", false);

    if let (Some(f), Some(t), Some(fi), Some(ti)) = (&from, &to, from_ix, to_ix) {
        if fi == ti {
            cx.at(
                &t.span(),
                format!("{label} runs from \"{}\" to itself", f.get_ref()),
            );
        }
    }
    if let (Some(g), Some(m)) = (&gauge, mode) {
        if m != Mode::Rail {
            cx.at(
                &g.span(),
                format!("{label}: \"gauge_mm\" is set on a {m} link; only rail has a gauge"),
            );
        } else if !(500..=2000).contains(g.get_ref()) {
            cx.at(
                &g.span(),
                format!(
                    "{label}: \"gauge_mm\" must lie in [500, 2000] mm, found {}",
                    g.get_ref()
                ),
            );
        }
    }
    if let (Some(o), Some(Status::Operational), Some(today)) = (&opens, status, cx.today) {
        let (date, year_only) = *o.get_ref();
        if date > today {
            let given = if year_only {
                date.year.to_string()
            } else {
                date.to_string()
            };
            cx.at(
                &o.span(),
                format!(
                    "{label}: operational, yet \"opens\" {given} is after the file's today ({today}); a link that opens later is not yet operational"
                ),
            );
        }
    }
    if let (Some(c), Some(d)) = (&capacity, &design) {
        if d.get_ref() < c.get_ref() {
            cx.at(
                &d.span(),
                format!(
                    "{label}: \"design_capacity_mtpa\" {} is below \"capacity_mtpa\" {}",
                    d.get_ref(),
                    c.get_ref()
                ),
            );
        }
    }
    for c in &corridors {
        if !corridor_ids.contains(c.get_ref().as_str()) {
            unknown(cx, &label, "corridor", c, corridor_ids.iter().copied());
        }
    }

    let (fi, ti, mode) = (from_ix?, to_ix?, mode?);
    let (a, b) = (&nodes[fi], &nodes[ti]);
    let gc = great_circle_km(a.position(), b.position());
    let md = defaults.of(mode);
    let (length_km, estimated) = match &length {
        Some(len) => {
            let km = *len.get_ref();
            if km + LENGTH_TOLERANCE_KM < gc {
                cx.at(
                    &len.span(),
                    format!(
                        "{label} is {} km long, shorter than the {gc:.1} km great-circle distance between \"{}\" and \"{}\"",
                        quoted(km),
                        a.id,
                        b.id
                    ),
                );
            }
            if let Some(low) = length_range.map(|i| i.low)
                && low + LENGTH_TOLERANCE_KM < gc
            {
                cx.at(
                    &len.span(),
                    format!(
                        "{label}: \"length_km_range\" starts at {low} km, shorter than the {gc:.1} km great-circle distance between \"{}\" and \"{}\"",
                        a.id, b.id
                    ),
                );
            }
            (km, estimated)
        }
        None => {
            let km = gc * md.detour;
            if km < 1.0 {
                cx.at(
                    &r.span,
                    format!(
                        "{label} has no \"length_km\" and its ends \"{}\" and \"{}\" are too close to estimate one: give length_km",
                        a.id, b.id
                    ),
                );
            } else if cx.uncertain && cx.length_spread.is_none() {
                cx.at(
                    &r.span,
                    format!(
                        "{label} has no \"length_km\", so its length is an estimate from the great circle and needs a range: give length_km with length_km_range, or declare [uncertainty] estimated_length"
                    ),
                );
            }
            (km, true)
        }
    };
    let cite = cite?;
    let link = Link {
        id: id?,
        from: from?.into_inner(),
        to: to?.into_inner(),
        mode,
        gauge_mm: gauge.and_then(|g| u32::try_from(g.into_inner()).ok()),
        length_km,
        estimated,
        length_km_range: length_range,
        status: status?,
        opens: opens.as_ref().map(|o| i32::from(o.get_ref().0.year)),
        opens_on: opens.map(|o| o.into_inner().0),
        capacity_mtpa: capacity.map(Spanned::into_inner),
        capacity_mtpa_range: capacity_range,
        design_capacity_mtpa: design.map(Spanned::into_inner),
        corridors: corridors.into_iter().map(Spanned::into_inner).collect(),
        oneway,
        own: [rate.is_some(), speed.is_some()],
        length_given: length.is_some(),
        usd_per_tkm_range: rate_range,
        speed_kmh_range: speed_range,
        speed_kmh: speed.map_or(md.speed_kmh, Spanned::into_inner),
        rate_basis: if rate.is_some() {
            Basis::of(false, cite.estimate.is_some())
        } else {
            Basis::Default
        },
        rate_sources: Vec::new(),
        usd_per_tkm: rate.map_or(md.usd_per_tkm, Spanned::into_inner),
        hours_override: hours.map(Spanned::into_inner),
        source: cite.source.unwrap_or_default(),
        sources: cite.sources,
        estimate: cite.estimate,
        description: description.map(Spanned::into_inner),
    };
    Some(link)
}

fn read_demand(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    (node_ix, node_seen): (&NodeIx<'_>, &Seen<'_>),
) -> Option<Demand> {
    let from = r.str(cx, "from", true);
    let to = r.str(cx, "to", true);
    if let (Some(f), Some(t)) = (&from, &to) {
        r.label = format!("demand \"{}\" → \"{}\"", f.get_ref(), t.get_ref());
    }
    let label = r.label.clone();
    let fi = from
        .as_ref()
        .and_then(|f| node_ref(cx, &label, f, node_ix, node_seen));
    let ti = to
        .as_ref()
        .and_then(|t| node_ref(cx, &label, t, node_ix, node_seen));
    if let (Some(fi), Some(ti), Some(t)) = (fi, ti, &to) {
        if fi == ti {
            cx.at(
                &t.span(),
                format!("{label} goes nowhere: its ends are the same node"),
            );
        }
    }
    let mtpa = r.num(cx, "mtpa", true, Rule::Positive);
    let mtpa_range = r.range(cx, "mtpa_range", mtpa.as_ref(), Rule::Positive, None);
    let cite = r.cite(cx, true);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let description = r.str(cx, "description", false);
    fi?;
    ti?;
    let cite = cite?;
    Some(Demand {
        from: from?.into_inner(),
        to: to?.into_inner(),
        mtpa: mtpa?.into_inner(),
        mtpa_range,
        estimated,
        source: cite.source.unwrap_or_default(),
        sources: cite.sources,
        estimate: cite.estimate,
        description: description.map(Spanned::into_inner),
    })
}
