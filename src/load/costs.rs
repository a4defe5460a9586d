//! Reading costs as published: `[units]`, `[currencies]`, `[[tariffs]]`, `[[crossings]]` and
//! `[[handling]]`, and giving each link the rate and speed of its country's tariff.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::doc::Spanned;

use crate::model::costs::{Basis, Crossing, Currency, Handling, Money, Priced, Tariff, Unit};
use crate::model::rules::Rule;
use crate::model::uncertainty::{Interval, Spreads};
use crate::model::{
    Defaults, Link, Mode, ModeDefaults, Node, TransferCost, TransferKind, Transfers,
};

use super::each::array_of_tables;
use super::records::parse_enum;
use super::toml::{Cx, LinkIx, NodeIx, Rec, Seen, hint, unknown};

/// The conversions a published cost needs: tonnes per unit and USD per unit of currency.
#[derive(Default)]
pub(super) struct Conversions {
    pub units: Vec<Unit>,
    pub currencies: Vec<Currency>,
}

impl Conversions {
    fn tonnes(&self, per: &str) -> Option<f64> {
        if per == "t" {
            return Some(1.0);
        }
        self.units.iter().find(|u| u.id == per).map(|u| u.tonnes)
    }

    fn usd(&self, code: &str) -> Option<f64> {
        if code == "USD" {
            return Some(1.0);
        }
        self.currencies
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.usd)
    }
}

/// The basis of a record from its `derived` and `estimate` notes, and the note itself.
fn basis(cx: &mut Cx, r: &mut Rec<'_, '_>, estimate: Option<String>) -> (Basis, Option<String>) {
    let derived = r.str(cx, "derived", false).map(Spanned::into_inner);
    let b = Basis::of(derived.is_some(), estimate.is_some());
    (b, estimate.or(derived))
}

/// Calls `read` on each entry of the table `[key]` (each an inline table, named by its key),
/// with the entry as a record labelled `what "name"`, its sources, basis and note read after.
fn each_entry(
    cx: &mut Cx,
    top: &mut Rec<'_, '_>,
    key: &'static str,
    what: &str,
    example: &str,
    mut read: impl FnMut(&mut Cx, &str, &mut Rec<'_, '_>, Basis, Option<String>, Vec<String>),
) {
    let Some((t, s)) = top.table(cx, key) else {
        return;
    };
    let r = Rec::new(t, s, format!("[{key}]"));
    for (k, v) in t.iter() {
        let name = k.get_ref().to_string();
        let Some(tt) = v.as_table() else {
            r.wrong_type(cx, what, v, &format!("a table such as {example}"));
            continue;
        };
        let mut e = Rec::new(tt, v.span(), format!("{what} \"{name}\""));
        let cite = e.cite(cx, true);
        let (basis, note) = basis(cx, &mut e, cite.as_ref().and_then(|c| c.estimate.clone()));
        read(
            cx,
            &name,
            &mut e,
            basis,
            note,
            cite.map(|c| c.sources).unwrap_or_default(),
        );
        e.finish(cx);
    }
}

/// Reads `[units]` and `[currencies]`: each entry an inline table of its figure, its sources
/// and, when it was not published as such, how it was derived or estimated.
pub(super) fn read_conversions(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Conversions {
    let mut out = Conversions::default();
    let example = "{ tonnes = 20, sources = [...] }";
    each_entry(
        cx,
        top,
        "units",
        "unit",
        example,
        |cx, id, e, basis, note, sources| {
            let tonnes = e.num(cx, "tonnes", true, Rule::Positive);
            let needed = (basis == Basis::Estimated).then_some("an estimate");
            let tonnes_range = e.range(cx, "tonnes_range", tonnes.as_ref(), Rule::Positive, needed);
            if id == "t" {
                let msg = "[units]: \"t\" is the tonne itself; it needs no entry";
                cx.at(&e.span, msg);
            } else if let Some(tonnes) = tonnes {
                out.units.push(Unit {
                    id: id.to_string(),
                    tonnes: tonnes.into_inner(),
                    tonnes_range,
                    basis,
                    sources,
                    note,
                });
            }
        },
    );
    let example = "{ usd = 0.0036, date = \"2025-07\", sources = [...] }";
    each_entry(
        cx,
        top,
        "currencies",
        "currency",
        example,
        |cx, code, e, basis, note, sources| {
            let usd = e.num(cx, "usd", true, Rule::Positive);
            let date = e.str(cx, "date", true);
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                let msg = format!("[currencies]: \"{code}\" is not a currency code such as PKR");
                cx.at(&e.span, msg);
            } else if let (Some(usd), Some(date)) = (usd, date) {
                out.currencies.push(Currency {
                    code: code.to_string(),
                    usd: usd.into_inner(),
                    date: date.into_inner(),
                    basis,
                    sources,
                    note,
                });
            }
        },
    );
    out
}

/// A cost in USD per tonne, its range when stated, and the cost as published.
type Cost = (f64, Option<Interval>, Option<Money>);

/// Reads a record's cost: `usd_per_t = x` (with `usd_per_t_range`), or `cost = { amount,
/// currency, per, range }` as published, converted. `None` (reported) when neither or both
/// are given or a unit or currency is unknown. `needed`: what the figure is, when it must
/// state a range.
fn read_cost(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    conv: &Conversions,
    needed: Option<&str>,
) -> Option<Cost> {
    let direct = r.num(cx, "usd_per_t", false, Rule::NonNegative);
    let direct_range = r.range(
        cx,
        "usd_per_t_range",
        direct.as_ref(),
        Rule::NonNegative,
        needed,
    );
    let table = r.table(cx, "cost");
    match (direct, table) {
        (Some(_), Some((_, s))) => {
            cx.at(
                &s,
                format!("{}: give \"usd_per_t\" or \"cost\", not both", r.label),
            );
            None
        }
        (Some(x), None) => Some((x.into_inner(), direct_range, None)),
        (None, None) => {
            r.missing(cx, "usd_per_t\" or \"cost");
            None
        }
        (None, Some((t, s))) => {
            let mut c = Rec::new(t, s, format!("{}: cost", r.label));
            let amount = c.num(cx, "amount", true, Rule::NonNegative);
            let range = c.range(cx, "range", amount.as_ref(), Rule::NonNegative, needed);
            let currency = c
                .str(cx, "currency", false)
                .unwrap_or_else(|| Spanned::new(0..0, "USD".to_string()));
            let per = c
                .str(cx, "per", false)
                .unwrap_or_else(|| Spanned::new(0..0, "t".to_string()));
            c.finish(cx);
            let usd = conv.usd(currency.get_ref());
            if usd.is_none() {
                let known = conv.currencies.iter().map(|c| c.code.as_str());
                undeclared(
                    cx,
                    &r.label,
                    "currency",
                    "[currencies]",
                    &currency,
                    known.chain(["USD"]),
                );
            }
            let tonnes = conv.tonnes(per.get_ref());
            if tonnes.is_none() {
                let known = conv.units.iter().map(|u| u.id.as_str());
                undeclared(cx, &r.label, "unit", "[units]", &per, known.chain(["t"]));
            }
            let amount = amount?.into_inner();
            let (usd, tonnes) = (usd?, tonnes?);
            let usd_per_t = amount * usd / tonnes;
            let amount_range = range;
            let range = range.map(|i| Interval {
                low: i.low * usd / tonnes,
                high: i.high * usd / tonnes,
            });
            Some((
                usd_per_t,
                range,
                Some(Money {
                    amount,
                    currency: currency.into_inner(),
                    per: per.into_inner(),
                    usd_per_t,
                    range: amount_range,
                }),
            ))
        }
    }
}

/// A currency or unit a cost uses that the file does not declare, with the nearest declared.
fn undeclared<'a>(
    cx: &mut Cx,
    label: &str,
    what: &'static str,
    table: &str,
    id: &Spanned<String>,
    known: impl IntoIterator<Item = &'a str>,
) {
    let hint = hint(&mut cx.hints, what, id.get_ref(), known)
        .map(|s| format!("did you mean \"{s}\"? or "))
        .unwrap_or_default();
    cx.at(
        &id.span(),
        format!(
            "{label}: unknown {what} \"{}\" ({hint}declare it in {table})",
            id.get_ref()
        ),
    );
}

/// Reads what a crossing or a transfer at a place takes: `hours` (else `default_hours`, the
/// `[transfers]` figure of its kind), its cost, sources, basis and description.
fn read_priced(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    conv: &Conversions,
    default_hours: f64,
) -> Option<Priced> {
    let cite = r.cite(cx, true);
    let (basis, note) = basis(cx, r, cite.as_ref().and_then(|c| c.estimate.clone()));
    let needed = (basis == Basis::Estimated).then_some("an estimate");
    let (hours, hours_range) = r.ranged(cx, "hours", "hours_range", Rule::NonNegative, needed);
    let cost = read_cost(cx, r, conv, needed);
    let hours_shared = r.str(cx, "hours_shared", false);
    let cost_shared = r.str(cx, "cost_shared", false);
    let description = r.str(cx, "description", false).map(Spanned::into_inner);
    let ((usd_per_t, usd_per_t_range, cost), cite) = (cost?, cite?);
    let hours_given = hours.is_some();
    let hours = hours.map_or(default_hours, Spanned::into_inner);
    // Figures that move together are one figure: each record naming it must give the same.
    for (tag, x, what) in [
        (&hours_shared, hours, "hours"),
        (&cost_shared, usd_per_t, "USD/t"),
    ] {
        let Some(tag) = tag else { continue };
        let key = (tag.get_ref().clone(), what);
        match cx.shared.get(&key) {
            Some(&(first, ref at)) if first != x => {
                let msg = format!(
                    "{}: \"{}\" is {x} {what} here but {first} {what} at {at}; records that share a figure must give the same",
                    r.label,
                    tag.get_ref()
                );
                cx.at(&tag.span(), msg);
            }
            Some(_) => {}
            None => {
                cx.shared.insert(key, (x, r.label.clone()));
            }
        }
    }
    Some(Priced {
        hours,
        hours_range,
        usd_per_t,
        usd_per_t_range,
        cost,
        hours_shared: hours_shared.map(Spanned::into_inner),
        cost_shared: cost_shared.map(Spanned::into_inner),
        basis,
        sources: cite.sources,
        note,
        description,
        hours_given,
    })
}

/// Reads `[[tariffs]]`: one per country and mode.
pub(super) fn read_tariffs(
    cx: &mut Cx,
    top: &mut Rec<'_, '_>,
    countries: &BTreeSet<&str>,
) -> Vec<Tariff> {
    let mut out: Vec<Tariff> = Vec::new();
    let mut seen: HashMap<(String, Mode), Range<usize>> = HashMap::new();
    for (n, (t, s)) in (1..).zip(array_of_tables(cx, top, "tariffs")) {
        let mut r = Rec::new(t, s.clone(), format!("tariff #{n}"));
        let country = r.str(cx, "country", true);
        let mode_text = r.str(cx, "mode", true);
        if let (Some(c), Some(m)) = (&country, &mode_text) {
            r.label = format!("tariff \"{} {}\"", c.get_ref(), m.get_ref());
        }
        let label = r.label.clone();
        let mode: Option<Mode> = parse_enum(cx, &label, mode_text);
        if let Some(c) = &country {
            if !countries.contains(c.get_ref().as_str()) {
                unknown(cx, &label, "country", c, countries.iter().copied());
            }
        }
        let rate = r.num(cx, "usd_per_tkm", false, Rule::NonNegative);
        let speed = r.num(cx, "speed_kmh", false, Rule::Positive);
        if rate.is_none() && speed.is_none() {
            cx.at(
                &s,
                format!("{label} has neither \"usd_per_tkm\" nor \"speed_kmh\""),
            );
        }
        let cite = r.cite(cx, true);
        let (basis, note) = basis(cx, &mut r, cite.as_ref().and_then(|c| c.estimate.clone()));
        let needed = (basis == Basis::Estimated).then_some("an estimate");
        let rate_range = r.range(
            cx,
            "usd_per_tkm_range",
            rate.as_ref(),
            Rule::NonNegative,
            needed,
        );
        let speed_range = r.range(
            cx,
            "speed_kmh_range",
            speed.as_ref(),
            Rule::Positive,
            needed,
        );
        let description = r.str(cx, "description", false).map(Spanned::into_inner);
        r.finish(cx);
        let (Some(country), Some(mode), Some(cite)) = (country, mode, cite) else {
            continue;
        };
        let key = (country.get_ref().clone(), mode);
        if seen.contains_key(&key) {
            cx.at(
                &country.span(),
                format!("{label} is given twice: one tariff per country and mode"),
            );
            continue;
        }
        seen.insert(key, country.span());
        out.push(Tariff {
            country: country.into_inner(),
            mode,
            usd_per_tkm: rate.map(Spanned::into_inner),
            speed_kmh: speed.map(Spanned::into_inner),
            usd_per_tkm_range: rate_range,
            speed_kmh_range: speed_range,
            basis,
            sources: cite.sources,
            note,
            description,
        });
    }
    out
}

/// Reads `[[crossings]]`: a cross-border link's crossing, one direction (`from` its end) or
/// both.
pub(super) fn read_crossings(
    cx: &mut Cx,
    top: &mut Rec<'_, '_>,
    (links, link_ix): (&[Link], &LinkIx<'_>),
    link_seen: &Seen,
    (nodes, node_ix): (&[Node], &NodeIx<'_>),
    conv: &Conversions,
    defaults: &Transfers,
) -> Vec<Crossing> {
    let country = |id: &str| node_ix.get(id).map(|&i| nodes[i].country.as_str());
    let mut out = Vec::new();
    // (link, direction: 0 from its `from` end, 1 from its `to` end)
    let mut seen: HashMap<(usize, usize), ()> = HashMap::new();
    for (n, (t, s)) in (1..).zip(array_of_tables(cx, top, "crossings")) {
        let mut r = Rec::new(t, s, format!("crossing #{n}"));
        let link = r.str(cx, "link", true);
        let from = r.str(cx, "from", false);
        if let Some(l) = &link {
            r.label = match &from {
                Some(f) => format!("crossing \"{}\" from \"{}\"", l.get_ref(), f.get_ref()),
                None => format!("crossing \"{}\"", l.get_ref()),
            };
        }
        let label = r.label.clone();
        let priced = read_priced(cx, &mut r, conv, defaults.border.hours);
        r.finish(cx);
        let Some(link) = link else { continue };
        let Some(&l) = link_ix.get(link.get_ref().as_str()) else {
            if !link_seen.contains_key(link.get_ref().as_str()) {
                unknown(
                    cx,
                    &label,
                    "link",
                    &link,
                    link_seen.keys().map(|k| k.as_ref()),
                );
            }
            continue;
        };
        let rec = &links[l];
        if country(&rec.from) == country(&rec.to) {
            cx.at(
                &link.span(),
                format!(
                    "{label}: link \"{}\" does not cross a border (both ends lie in {})",
                    rec.id,
                    country(&rec.from).unwrap_or("?")
                ),
            );
            continue;
        }
        let dirs: Vec<usize> = match &from {
            None => vec![0, 1],
            Some(f) if *f.get_ref() == rec.from => vec![0],
            Some(f) if *f.get_ref() == rec.to && !rec.oneway => vec![1],
            Some(f) => {
                let why = if *f.get_ref() == rec.to {
                    "the link is one-way from its other end".to_string()
                } else {
                    format!(
                        "it is not an end of the link (\"{}\" or \"{}\")",
                        rec.from, rec.to
                    )
                };
                cx.at(
                    &f.span(),
                    format!("{label}: \"from\" \"{}\": {why}", f.get_ref()),
                );
                continue;
            }
        };
        if dirs.iter().any(|&d| seen.contains_key(&(l, d))) {
            cx.at(
                &link.span(),
                format!(
                    "{label} prices a direction of \"{}\" already priced by an earlier crossing",
                    rec.id
                ),
            );
            continue;
        }
        for &d in &dirs {
            seen.insert((l, d), ());
        }
        let Some(priced) = priced else { continue };
        out.push(Crossing {
            link: link.into_inner(),
            from: from.map(Spanned::into_inner),
            priced,
        });
    }
    out
}

/// Reads `[[handling]]`: what a port, gauge or mode transfer costs at one place.
pub(super) fn read_handling(
    cx: &mut Cx,
    top: &mut Rec<'_, '_>,
    node_ix: &NodeIx<'_>,
    node_seen: &Seen,
    conv: &Conversions,
    defaults: &Transfers,
) -> Vec<Handling> {
    let mut out = Vec::new();
    let mut seen: HashMap<(String, TransferKind), ()> = HashMap::new();
    for (n, (t, s)) in (1..).zip(array_of_tables(cx, top, "handling")) {
        let mut r = Rec::new(t, s, format!("handling #{n}"));
        let node = r.str(cx, "node", true);
        let kind_text = r.str(cx, "kind", true);
        if let (Some(n), Some(k)) = (&node, &kind_text) {
            r.label = format!("handling \"{} {}\"", k.get_ref(), n.get_ref());
        }
        let label = r.label.clone();
        let kind: Option<TransferKind> = match parse_enum(cx, &label, kind_text.clone()) {
            Some(TransferKind::Border) => {
                if let Some(k) = &kind_text {
                    cx.at(
                        &k.span(),
                        format!(
                            "{label}: a border is priced per link: write a [[crossings]] record"
                        ),
                    );
                }
                None
            }
            k => k,
        };
        let default_hours = kind.map_or(0.0, |k| defaults.of(k).hours);
        let priced = read_priced(cx, &mut r, conv, default_hours);
        r.finish(cx);
        let Some(node) = node else { continue };
        if !node_ix.contains_key(node.get_ref().as_str()) {
            if !node_seen.contains_key(node.get_ref().as_str()) {
                unknown(
                    cx,
                    &label,
                    "node",
                    &node,
                    node_seen.keys().map(|k| k.as_ref()),
                );
            }
            continue;
        }
        let Some(kind) = kind else { continue };
        if seen.insert((node.get_ref().clone(), kind), ()).is_some() {
            cx.at(&node.span(), format!("{label} is given twice"));
            continue;
        }
        let Some(priced) = priced else { continue };
        out.push(Handling {
            node: node.into_inner(),
            kind,
            priced,
        });
    }
    out
}

/// `[uncertainty]`: the spread of a figure with no range of its own, by its sources' grade.
pub(super) fn read_spreads(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Option<Spreads> {
    let (t, s) = top.table(cx, "uncertainty")?;
    let mut r = Rec::new(t, s, "[uncertainty]".into());
    // A spread of 1 or more would take a figure's low to zero or below.
    let rule = Rule::Range(0.0, 0.9);
    let a = r.num(cx, "A", true, rule);
    let b = r.num(cx, "B", true, rule);
    let c = r.num(cx, "C", true, rule);
    let length = r.num(cx, "estimated_length", false, rule);
    r.finish(cx);
    cx.uncertain = true;
    cx.length_spread = length.as_ref().map(|x| *x.get_ref());
    Some(Spreads {
        a: a?.into_inner(),
        b: b?.into_inner(),
        c: c?.into_inner(),
        estimated_length: length.map(Spanned::into_inner),
    })
}

pub(super) fn read_defaults(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Defaults {
    let mut defaults = Defaults::default();
    let Some((t, s)) = top.table(cx, "defaults") else {
        return defaults;
    };
    let mut r = Rec::new(t, s, "[defaults]".into());
    for mode in Mode::ALL {
        let key: &'static str = mode.as_str();
        let Some((mt, ms)) = r.table(cx, key) else {
            continue;
        };
        let mut m = Rec::new(mt, ms, format!("[defaults.{key}]"));
        let d: &mut ModeDefaults = match mode {
            Mode::Rail => &mut defaults.rail,
            Mode::Road => &mut defaults.road,
            Mode::Sea => &mut defaults.sea,
        };
        let default = Some("a default");
        let speed;
        (speed, d.speed_kmh_range) =
            m.ranged(cx, "speed_kmh", "speed_kmh_range", Rule::Positive, default);
        if let Some(x) = speed {
            d.speed_kmh = x.into_inner();
        }
        let rate;
        (rate, d.usd_per_tkm_range) = m.ranged(
            cx,
            "usd_per_tkm",
            "usd_per_tkm_range",
            Rule::NonNegative,
            default,
        );
        if let Some(x) = rate {
            d.usd_per_tkm = x.into_inner();
        }
        if let Some(x) = m.num(cx, "detour", false, Rule::AtLeastOne) {
            d.detour = x.into_inner();
        }
        if let Some(x) = m.num(cx, "capacity_mtpa", false, Rule::Positive) {
            d.capacity_mtpa = Some(x.into_inner());
        }
        m.finish(cx);
    }
    r.finish(cx);
    defaults
}

pub(super) fn read_transfers(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Transfers {
    let mut transfers = Transfers::default();
    let Some((t, s)) = top.table(cx, "transfers") else {
        return transfers;
    };
    let mut r = Rec::new(t, s, "[transfers]".into());
    for key in ["gauge", "mode", "port", "border"] {
        let Some((tt, ts)) = r.table(cx, key) else {
            continue;
        };
        let mut m = Rec::new(tt, ts, format!("transfer \"{key}\""));
        let cost: &mut TransferCost = match key {
            "gauge" => &mut transfers.gauge,
            "mode" => &mut transfers.mode,
            "port" => &mut transfers.port,
            _ => &mut transfers.border,
        };
        let default = Some("a default");
        let hours;
        (hours, cost.hours_range) =
            m.ranged(cx, "hours", "hours_range", Rule::NonNegative, default);
        if let Some(x) = hours {
            cost.hours = x.into_inner();
        }
        let usd;
        (usd, cost.usd_per_t_range) = m.ranged(
            cx,
            "usd_per_t",
            "usd_per_t_range",
            Rule::NonNegative,
            default,
        );
        if let Some(x) = usd {
            cost.usd_per_t = x.into_inner();
        }
        m.finish(cx);
    }
    r.finish(cx);
    transfers
}
