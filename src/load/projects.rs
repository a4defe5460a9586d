//! Reading and checking `[[projects]]`: the links each builds (known, none operational), the
//! capacities it sets (of a known link or node, with their ranges), its cost and opening.

use std::collections::BTreeMap;

use super::doc::Spanned;

use crate::model::rules::Rule;
use crate::model::uncertainty::Interval;
use crate::model::{Link, Project, Status};
use crate::util::quoted;

use super::each::read_id;
use super::toml::{Cx, Rec, Seen, unknown};

/// The ids a project may name: every declared link and node, valid record or not.
pub(super) struct Named<'a> {
    pub(super) links: &'a Seen<'a>,
    pub(super) nodes: &'a Seen<'a>,
    /// The links read, to check their status.
    pub(super) read: &'a [Link],
}

pub(super) fn read_project<'i>(
    cx: &mut Cx,
    r: &mut Rec<'_, 'i>,
    seen: &mut Seen<'i>,
    named: &Named<'_>,
) -> Option<Project> {
    let id = read_id(cx, r, "project", seen);
    let label = r.label.clone();
    let name = r.str(cx, "name", true);
    let description = r.str(cx, "description", false);

    let mut ok = true;
    let links = r.str_list(cx, "links");
    let mut listed: Vec<String> = Vec::with_capacity(links.len());
    for l in &links {
        let text = l.get_ref();
        if listed.contains(text) {
            cx.at(&l.span(), format!("{label} lists link \"{text}\" twice"));
            ok = false;
            continue;
        }
        listed.push(text.clone());
        if !named.links.contains_key(text.as_str()) {
            unknown(
                cx,
                &label,
                "link",
                l,
                named.links.keys().map(|k| k.as_ref()),
            );
            ok = false;
        } else if let Some(link) = named.read.iter().find(|x| &x.id == text) {
            if link.status == Status::Operational {
                let msg = format!(
                    "{label} builds link \"{text}\", which is already operational (raise its capacity with \"capacity_mtpa\" instead)"
                );
                cx.at(&l.span(), msg);
                ok = false;
            }
        }
    }

    let mut capacity = BTreeMap::new();
    for (key, x) in r.num_map(cx, "capacity_mtpa") {
        let k = key.get_ref();
        let (is_link, is_node) = (
            named.links.contains_key(k.as_str()),
            named.nodes.contains_key(k.as_str()),
        );
        if is_link && is_node {
            let msg = format!(
                "{label}: \"capacity_mtpa\" key \"{k}\" names both a link and a node; rename one"
            );
            cx.at(&key.span(), msg);
            ok = false;
        } else if !is_link && !is_node {
            let known = named.links.keys().chain(named.nodes.keys());
            unknown(cx, &label, "link or node", &key, known.map(|k| k.as_ref()));
            ok = false;
        }
        match Rule::Positive.check(*x.get_ref()) {
            Ok(()) => {
                capacity.insert(k.clone(), *x.get_ref());
            }
            Err(why) => {
                let msg = format!(
                    "{label}: \"capacity_mtpa\" of \"{k}\" {why}, found {}",
                    quoted(*x.get_ref())
                );
                cx.at(&x.span(), msg);
                ok = false;
            }
        }
    }
    let capacity_range = capacity_ranges(cx, r, &capacity);
    if links.is_empty() && capacity.is_empty() && ok {
        let msg = format!("{label} builds nothing: give \"links\" or \"capacity_mtpa\"");
        cx.at(&r.span, msg);
        ok = false;
    }

    let (cost, cost_range) = r.ranged(cx, "cost_usd", "cost_usd_range", Rule::Positive, None);
    let opens = r.year_or_date(cx, "opens");
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let cite = r.cite(cx, true);
    if !ok {
        return None;
    }
    let cite = cite?;
    Some(Project {
        id: id?,
        name: name?.into_inner(),
        links: listed,
        capacity_mtpa: capacity,
        capacity_mtpa_range: capacity_range,
        cost_usd: cost.map(Spanned::into_inner),
        cost_usd_range: cost_range,
        opens_on: opens.map(|o| o.into_inner().0),
        estimated,
        description: description.map(Spanned::into_inner),
        source: cite.source.unwrap_or_default(),
        sources: cite.sources,
        estimate: cite.estimate,
    })
}

/// `capacity_mtpa_range = { "<id>" = [low, high] }`: each key one `capacity_mtpa` names, each
/// range positive and holding its figure.
fn capacity_ranges(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    values: &BTreeMap<String, f64>,
) -> BTreeMap<String, Interval> {
    const KEY: &str = "capacity_mtpa_range";
    let mut out = BTreeMap::new();
    let Some((t, _)) = r.table(cx, KEY) else {
        return out;
    };
    for (k, v) in t.iter() {
        let id: &str = k.get_ref();
        let Some(&x) = values.get(id) else {
            let msg = format!(
                "{}: \"{KEY}\" gives a range for \"{id}\", which \"capacity_mtpa\" does not name",
                r.label
            );
            cx.at(&k.span(), msg);
            continue;
        };
        let Some(pair) = r.pair(cx, KEY, v, Rule::Positive) else {
            continue;
        };
        let figure = format!("capacity_mtpa[\"{id}\"]");
        if let Some(i) = r.holds(cx, KEY, &figure, pair, x, &v.span()) {
            out.insert(id.to_string(), i);
        }
    }
    out
}
