//! Reading `[[observed]]`: what a link or a place was reported to carry over a period. Each
//! record names one link or one node the file declares; on a link, `from` (one of its ends)
//! makes it a count of one direction, and the link must have been open (operational, and
//! opened by the last day counted). The period runs from `start` to `end`, both included, and
//! the tonnes are zero or more, within their range when one is given.

use super::doc::Spanned;
use super::each::{array_of_tables, read_each};
use super::toml::{Cx, LinkIx, NodeIx, Rec, Seen, node_ref, unknown};
use crate::model::rules::Rule;
use crate::model::{Date, Link, Observed, Site, Status};

/// What an observation may name: the nodes and links read, and every id declared.
pub(super) struct Places<'a, 'n> {
    pub nodes: (&'a NodeIx<'n>, &'a Seen<'n>),
    pub links: (&'a [Link], &'a LinkIx<'n>),
    pub link_seen: &'a Seen<'n>,
}

/// Every `[[observed]]` record of the file, in its order.
pub(super) fn read_observed(
    cx: &mut Cx,
    top: &mut Rec<'_, '_>,
    places: &Places<'_, '_>,
) -> Vec<Observed> {
    let tables = array_of_tables(cx, top, "observed");
    read_each(cx, tables, "observation", |cx, r| read_one(cx, r, places))
}

fn read_one(cx: &mut Cx, r: &mut Rec<'_, '_>, places: &Places<'_, '_>) -> Option<Observed> {
    let link = r.str(cx, "link", false);
    let node = r.str(cx, "node", false);
    let from = r.str(cx, "from", false);
    let named = link.as_ref().or(node.as_ref()).map(|id| {
        let kind = if link.is_some() { "link" } else { "node" };
        format!("observation at {kind} \"{}\"", id.get_ref())
    });
    if let Some(named) = &named {
        r.label.clone_from(named);
    }
    let start = r.date(cx, "start", true);
    let end = r.date(cx, "end", true);
    if let (Some(named), Some(s), Some(e)) = (named, &start, &end) {
        r.label = format!("{named} {} to {}", s.get_ref(), e.get_ref());
    }
    let label = r.label.clone();
    let at = site(cx, r, (link, node), places);
    let from = match (&at, from) {
        (_, None) => Some(None),
        (Some((_, Some(l))), Some(f)) => end_of(cx, &label, &places.links.0[*l], f).map(Some),
        (Some((Site::Node(_), _)), Some(f)) => {
            let msg = format!("{label}: \"from\" gives a direction, which only a link has");
            cx.at(&f.span(), msg);
            None
        }
        // The place is unknown or missing, and reported: its direction cannot be checked.
        (_, Some(_)) => None,
    };
    if let (Some(e), Some(today)) = (&end, cx.today) {
        if *e.get_ref() > today {
            let msg = format!(
                "{label}: \"end\" {} is after the file's today ({today}); a count is of days \
                 already past",
                e.get_ref()
            );
            cx.at(&e.span(), msg);
        }
    }
    if let (Some(s), Some(e)) = (&start, &end) {
        if e.get_ref() < s.get_ref() {
            let msg = format!(
                "{label}: \"end\" {} is before \"start\" {}",
                e.get_ref(),
                s.get_ref()
            );
            cx.at(&e.span(), msg);
        }
    }
    let tonnes = r.num(cx, "tonnes", true, Rule::NonNegative);
    let range = r.range(cx, "tonnes_range", tonnes.as_ref(), Rule::NonNegative, None);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let cite = r.cite(cx, true);
    let description = r.str(cx, "description", false);
    let (start, end) = (start?.into_inner(), end?.into_inner());
    if end < start {
        return None;
    }
    if let Some((_, Some(l))) = &at {
        if !carried(cx, &label, &places.links.0[*l], end, r) {
            return None;
        }
    }
    let cite = cite?;
    Some(Observed {
        at: at?.0,
        from: from?,
        start,
        end,
        tonnes: tonnes?.into_inner(),
        tonnes_range: range,
        estimated,
        source: cite.source.unwrap_or_default(),
        sources: cite.sources,
        estimate: cite.estimate,
        description: description.map(Spanned::into_inner),
    })
}

/// The place counted, with the index of its link when it is one; `None` when the record
/// names neither a link nor a node, names both, or names one the file does not have (each
/// reported).
fn site(
    cx: &mut Cx,
    r: &Rec<'_, '_>,
    (link, node): (Option<Spanned<String>>, Option<Spanned<String>>),
    places: &Places<'_, '_>,
) -> Option<(Site, Option<usize>)> {
    let label = &r.label;
    match (link, node) {
        (None, None) => {
            let msg = format!("{label} names no place: give \"link\" or \"node\"");
            cx.at(&r.span, msg);
            None
        }
        (Some(_), Some(n)) => {
            let msg = format!(
                "{label} gives both \"link\" and \"node\": an observation counts one place"
            );
            cx.at(&n.span(), msg);
            None
        }
        (Some(l), None) => match places.links.1.get(l.get_ref().as_str()) {
            Some(&i) => Some((Site::Link(l.into_inner()), Some(i))),
            None => {
                // A link declared but dropped for its own problems is not reported again.
                if !places.link_seen.contains_key(l.get_ref().as_str()) {
                    let known = places.link_seen.keys().map(|k| k.as_ref());
                    unknown(cx, label, "link", &l, known);
                }
                None
            }
        },
        (None, Some(n)) => {
            let (ix, seen) = places.nodes;
            node_ref(cx, label, &n, ix, seen)?;
            Some((Site::Node(n.into_inner()), None))
        }
    }
}

/// Whether `link` could carry the cargo counted up to `end`: it is operational, and opened
/// by then when it says when; reported if not.
fn carried(cx: &mut Cx, label: &str, link: &Link, end: Date, r: &Rec<'_, '_>) -> bool {
    let why = if link.status != Status::Operational {
        format!("it is not built (status {})", link.status.as_str())
    } else {
        match link.opens_on {
            Some(opened) if opened > end => {
                format!("it opened on {opened}, after the last day counted")
            }
            _ => return true,
        }
    };
    cx.at(
        &r.span,
        format!("{label} counts traffic on a link not open then: {why}"),
    );
    false
}

/// `from` checked as an end of `link` the cargo can leave from.
fn end_of(cx: &mut Cx, label: &str, link: &Link, from: Spanned<String>) -> Option<String> {
    let f = from.get_ref();
    if *f == link.from || (*f == link.to && !link.oneway) {
        return Some(from.into_inner());
    }
    let why = if *f == link.to {
        "the link is one-way from its other end".to_string()
    } else {
        format!(
            "it is not an end of the link (\"{}\" or \"{}\")",
            link.from, link.to
        )
    };
    cx.at(&from.span(), format!("{label}: \"from\" \"{f}\": {why}"));
    None
}
