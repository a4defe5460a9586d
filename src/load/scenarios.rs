//! Reading and checking `[[scenarios]]`: what each closes, shrinks or makes dearer, the
//! ranges of those figures, and every id they name, by the one rule set of `model::scenario`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::{ControlFlow, Range};

use super::doc::Spanned;

use crate::error::IdKind;
use crate::model::Scenario;
use crate::model::rules::Rule;
use crate::model::scenario::{Hints, KnownIds, ScenarioField, ScenarioProblem};
use crate::model::uncertainty::Interval;
use crate::util::quoted;

use super::each::read_id;
use super::toml::{Cx, Rec, Seen};

/// Every id the file declares, valid record or not, so that a record dropped for its own
/// problems does not also show up as an unknown reference.
pub(super) struct Known<'a> {
    pub(super) nodes: &'a Seen<'a>,
    pub(super) links: &'a Seen<'a>,
    pub(super) corridors: &'a BTreeSet<&'a str>,
    pub(super) countries: &'a BTreeSet<&'a str>,
    /// The "did you mean" indices of these ids, built on the first unknown id of each kind.
    pub(super) hints: Hints,
}

impl KnownIds for Known<'_> {
    fn has(&self, kind: IdKind, id: &str) -> bool {
        kind.parts().iter().any(|&k| match k {
            IdKind::Node => self.nodes.contains_key(id),
            IdKind::Link => self.links.contains_key(id),
            IdKind::Corridor => self.corridors.contains(id),
            IdKind::Country => self.countries.contains(id),
            _ => false,
        })
    }

    fn ids(&self, kind: IdKind) -> Vec<&str> {
        match kind {
            IdKind::Node => self.nodes.keys().map(|k| k.as_ref()).collect(),
            IdKind::Link => self.links.keys().map(|k| k.as_ref()).collect(),
            IdKind::Corridor => self.corridors.iter().copied().collect(),
            IdKind::Country => self.countries.iter().copied().collect(),
            _ => Vec::new(),
        }
    }

    fn hints(&self) -> &Hints {
        &self.hints
    }
}

/// Where each part of a scenario stands in the file, to report its problems at.
#[derive(Default)]
struct ScenarioSpans {
    /// (field, id) → the spans of the id, in the order the rules visit them.
    ids: HashMap<(ScenarioField, String), Vec<Range<usize>>>,
    /// (field, key) → the span of the value (`key` empty for `probability`).
    values: HashMap<(ScenarioField, String), Range<usize>>,
    end: Range<usize>,
    confirmed: Range<usize>,
    recurs_yearly: Range<usize>,
}

/// A scenario's ranges of one keyed figure (`add_hours_range = { "<key>" = [low, high] }`):
/// each key named by the figure's own table, each range kept by `rule` and holding its figure.
/// When `needed` (the scenario is an estimate in a file that declares `[uncertainty]`), every
/// figure must have one.
fn event_ranges(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    spans: &ScenarioSpans,
    field: ScenarioField,
    values: &BTreeMap<String, f64>,
    rule: Rule,
    needed: Option<&str>,
) -> BTreeMap<String, Interval> {
    let key = field.range_key();
    let mut out = BTreeMap::new();
    let mut given = BTreeSet::new();
    if let Some((t, _)) = r.table(cx, key) {
        for (k, v) in t.iter() {
            let id: &str = k.get_ref();
            given.insert(id.to_string());
            let Some(&x) = values.get(id) else {
                let msg = format!(
                    "{}: \"{key}\" gives a range for \"{id}\", which \"{}\" does not name",
                    r.label,
                    field.key()
                );
                cx.at(&k.span(), msg);
                continue;
            };
            let Some(pair) = r.pair(cx, key, v, rule) else {
                continue;
            };
            let figure = format!("{}[\"{id}\"]", field.key());
            if let Some(i) = r.holds(cx, key, &figure, pair, x, &v.span()) {
                out.insert(id.to_string(), i);
            }
        }
    }
    if let (Some(what), true) = (needed, cx.uncertain) {
        for id in values.keys().filter(|id| !given.contains(*id)) {
            let at = spans
                .values
                .get(&(field, id.clone()))
                .cloned()
                .unwrap_or_else(|| r.span.clone());
            let msg = format!(
                "{}: \"{}\" of \"{id}\" is {what}, so it needs a range (\"{key} = {{ \"{id}\" = [low, high] }}\") in a file that declares [uncertainty]",
                r.label,
                field.key()
            );
            cx.at(&at, msg);
        }
    }
    out
}

/// The `[country, country]` pairs under `key`, each code's place kept under `field` for the
/// rules to report an unknown code where it stands.
fn country_pairs(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    key: &'static str,
    field: ScenarioField,
    spans: &mut ScenarioSpans,
) -> Vec<[String; 2]> {
    let mut out = Vec::new();
    let Some(v) = r.get(key) else {
        return out;
    };
    let pairs = v.as_array();
    if pairs.is_none() {
        r.wrong_type(cx, key, v, "an array of [country, country] pairs");
    }
    for pair in pairs.into_iter().flat_map(|p| p.iter()) {
        let codes: Option<Vec<Spanned<String>>> = pair.as_array().and_then(|a| {
            a.iter()
                .map(|c| c.as_str().map(|s| Spanned::new(c.span(), s.into_owned())))
                .collect()
        });
        match codes {
            Some(c) if c.len() == 2 => {
                for code in &c {
                    spans
                        .ids
                        .entry((field, code.get_ref().clone()))
                        .or_default()
                        .push(code.span());
                }
                out.push([c[0].get_ref().clone(), c[1].get_ref().clone()]);
            }
            _ => r.wrong_type(cx, key, pair, "a [country, country] pair"),
        }
    }
    out
}

pub(super) fn read_scenario<'i>(
    cx: &mut Cx,
    r: &mut Rec<'_, 'i>,
    seen: &mut Seen<'i>,
    known: &Known<'_>,
) -> Option<Scenario> {
    let id = read_id(cx, r, "scenario", seen);
    let label = r.label.clone();
    let name = r.str(cx, "name", true);
    let description = r.str(cx, "description", false);
    let start = r.date(cx, "start", false);
    let end = r.date(cx, "end", false);
    let confirmed = r.date(cx, "confirmed", false);
    let mut spans = ScenarioSpans::default();
    let recurs_yearly = match r.get("recurs_yearly") {
        None => false,
        Some(v) => {
            spans.recurs_yearly = v.span();
            v.as_bool().unwrap_or_else(|| {
                r.wrong_type(cx, "recurs_yearly", v, "true or false");
                false
            })
        }
    };
    let mut list = |r: &mut Rec<'_, '_>, field: ScenarioField, into: ScenarioField| {
        r.str_list(cx, field.key())
            .into_iter()
            .map(|id| {
                spans
                    .ids
                    .entry((into, id.get_ref().clone()))
                    .or_default()
                    .push(id.span());
                id.into_inner()
            })
            .collect::<Vec<String>>()
    };
    let close_links = list(r, ScenarioField::CloseLinks, ScenarioField::CloseLinks);
    let close_nodes = list(r, ScenarioField::CloseNodes, ScenarioField::CloseNodes);
    let close_countries = list(
        r,
        ScenarioField::CloseCountries,
        ScenarioField::CloseCountries,
    );
    let close_corridors = list(
        r,
        ScenarioField::CloseCorridors,
        ScenarioField::CloseCorridors,
    );
    // The rules check border codes as countries, after `close_countries`.
    let close_borders = country_pairs(
        cx,
        r,
        "close_borders",
        ScenarioField::CloseCountries,
        &mut spans,
    );
    let ban_between = country_pairs(cx, r, "ban_between", ScenarioField::BanBetween, &mut spans);
    let mut map = |r: &mut Rec<'_, '_>, field: ScenarioField| {
        r.num_map(cx, field.key())
            .into_iter()
            .map(|(key, x)| {
                spans
                    .ids
                    .entry((field, key.get_ref().clone()))
                    .or_default()
                    .push(key.span());
                spans
                    .values
                    .insert((field, key.get_ref().clone()), x.span());
                (key.into_inner(), x.into_inner())
            })
            .collect::<BTreeMap<String, f64>>()
    };
    let capacity_factor = map(r, ScenarioField::CapacityFactor);
    let add_hours = map(r, ScenarioField::AddHours);
    let add_usd_per_t = map(r, ScenarioField::AddUsdPerT);
    let probability = r.raw_num(cx, "probability", false);
    if let Some(p) = &probability {
        spans
            .values
            .insert((ScenarioField::Probability, String::new()), p.span());
    }
    if let Some(e) = &end {
        spans.end = e.span();
    }
    if let Some(c) = &confirmed {
        spans.confirmed = c.span();
    }
    let cite = r.cite(cx, true);
    let needed = cite
        .as_ref()
        .and_then(|c| c.estimate.as_ref())
        .map(|_| "an estimate");
    let probability_range = r.range(
        cx,
        "probability_range",
        probability.as_ref(),
        Rule::Fraction,
        needed,
    );
    let mut ranges = |r: &mut Rec<'_, '_>, field, values: &BTreeMap<String, f64>, rule| {
        event_ranges(cx, r, &spans, field, values, rule, needed)
    };
    let capacity_factor_range = ranges(
        r,
        ScenarioField::CapacityFactor,
        &capacity_factor,
        Rule::Fraction,
    );
    let add_hours_range = ranges(r, ScenarioField::AddHours, &add_hours, Rule::NonNegative);
    let add_usd_per_t_range = ranges(
        r,
        ScenarioField::AddUsdPerT,
        &add_usd_per_t,
        Rule::NonNegative,
    );
    let complete = id.is_some() && name.is_some() && cite.is_some();
    let cite = cite.unwrap_or_default();
    let scenario = Scenario {
        id: id.clone().unwrap_or_default(),
        name: name.map(Spanned::into_inner).unwrap_or_default(),
        description: description.map(Spanned::into_inner),
        start: start.map(Spanned::into_inner),
        end: end.map(Spanned::into_inner),
        confirmed: confirmed.map(Spanned::into_inner),
        recurs_yearly,
        close_links,
        close_nodes,
        close_countries,
        close_borders,
        close_corridors,
        ban_between,
        capacity_factor,
        add_hours,
        add_usd_per_t,
        capacity_factor_range,
        add_hours_range,
        add_usd_per_t_range,
        probability: probability.map(Spanned::into_inner),
        probability_range,
        source: cite.source.unwrap_or_default(),
        sources: cite.sources,
        estimate: cite.estimate,
    };
    // The one rule set of scenarios, each problem reported where its value stands.
    let _ = scenario.visit_problems(known, |p| {
        match p {
        ScenarioProblem::Unknown {
            field,
            id,
            suggestion,
        } => {
            let at = spans
                .ids
                .get_mut(&(field, id.to_string()))
                .filter(|s| !s.is_empty())
                .map_or(0..0, |s| s.remove(0));
            let hint = suggestion
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            cx.at(
                &at,
                format!("{label} refers to unknown {} \"{id}\"{hint}", field.names()),
            );
        }
        ScenarioProblem::Number {
            field,
            key,
            value,
            why,
        } => {
            let at = spans
                .values
                .get(&(field, key.unwrap_or_default().to_string()))
                .cloned()
                .unwrap_or(0..0);
            let of = key.map(|k| format!(" of \"{k}\"")).unwrap_or_default();
            cx.at(
                &at,
                format!(
                    "{label}: \"{}\"{of} {why}, found {}",
                    field.key(),
                    quoted(value)
                ),
            );
        }
        ScenarioProblem::EndBeforeStart { start, end } => cx.at(
            &spans.end,
            format!("{label}: \"end\" {end} is before \"start\" {start}"),
        ),
        ScenarioProblem::ConfirmedBeforeStart { start, confirmed } => cx.at(
            &spans.confirmed,
            match start {
                Some(start) => {
                    format!("{label}: \"confirmed\" {confirmed} is before \"start\" {start}")
                }
                None => format!(
                    "{label}: \"confirmed\" is set on a scenario with no \"start\"; only an event has a last report"
                ),
            },
        ),
        ScenarioProblem::YearlyUndated { start, end } => {
            let missing = match (start, end) {
                (None, None) => "no \"start\" and no \"end\"",
                (None, Some(_)) => "no \"start\"",
                _ => "no \"end\"",
            };
            cx.at(
                &spans.recurs_yearly,
                format!("{label}: \"recurs_yearly\" is set with {missing}; a window that recurs every year needs a \"start\" and an \"end\""),
            );
        }
        ScenarioProblem::YearlyTooLong { start, end, again } => cx.at(
            &spans.end,
            format!("{label}: \"end\" {end} is not before {again}, a year after \"start\" {start}; a window that recurs every year (\"recurs_yearly\") must be shorter than a year"),
        ),
        }
        ControlFlow::Continue(())
    });
    complete.then_some(scenario)
}
