//! Views: which links a query sees and what scenarios add to them, a mask over the graph
//! that never rebuilds it; and what a scenario does to each link.

use crate::engine::graph::{Graph, SEA};
use crate::model::{Date, Link, LinkEffect, Mode, Reason, Records, Scenario, Status};

/// Which links a query sees, and what a scenario adds to them: a mask over the graph.
#[derive(Debug, Clone)]
pub(crate) struct View {
    /// Per link: whether a route may use it.
    pub open: Vec<bool>,
    /// Per link: hours added by scenarios.
    pub add_hours: Vec<f64>,
    /// Per link: USD per tonne added by scenarios.
    pub add_usd: Vec<f64>,
    /// Per link: share of capacity left after scenarios.
    pub capacity_factor: Vec<f64>,
    /// (link, parameter, hours or USD) for each figure of a file's scenario added above:
    /// what moves when the parameters are drawn.
    pub drawn: Vec<(u32, u32, bool)>,
    /// Link capacities set by projects built, Mt/yr before scenarios' factors: (link, Mt/yr),
    /// the last for a link winning.
    pub link_capacity: Vec<(u32, f64)>,
    /// Place throughputs set by projects built: (node, Mt/yr), the last for a node winning.
    pub node_capacity: Vec<(u32, f64)>,
    /// A day after the file's `as_of` the view looks at: a line not yet built that is due by
    /// then is reported as built (not in a route's "not yet built"). `None` up to `as_of`.
    pub due_by: Option<Date>,
    /// The pairs of countries the scenarios applied ban a route from joining, with the
    /// scenario that bans each (see [`View::each_apart`]).
    pub bans: Vec<Ban>,
}

/// Two countries no route may join, and the scenario that says so.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ban {
    /// The two country codes, in the order written.
    pub countries: [String; 2],
    /// The id of the scenario that bans it.
    pub scenario: String,
}

impl View {
    /// Every link counted by status, year or date, of a kept mode.
    ///
    /// On a date, an operational link counts once it has opened (its `opens`, if given), and
    /// one not yet built counts from its expected opening (for a year alone, the end of that
    /// year) only on dates after `as_of`, the date the data is current to: until then the
    /// file says what was really built.
    pub(crate) fn new(
        net: &Records,
        statuses: &[Status],
        year: Option<i32>,
        modes: &[Mode],
        date: Option<Date>,
    ) -> View {
        let open = net
            .links
            .iter()
            .map(|l| {
                counted(l, statuses, year, date, net.as_of)
                    && (modes.is_empty() || modes.contains(&l.mode))
            })
            .collect();
        let m = net.links.len();
        View {
            open,
            add_hours: vec![0.0; m],
            add_usd: vec![0.0; m],
            drawn: Vec::new(),
            capacity_factor: vec![1.0; m],
            link_capacity: Vec::new(),
            node_capacity: Vec::new(),
            due_by: None,
            bans: Vec::new(),
        }
    }

    /// Whether link `l` is built on the view's day: operational, or due by a day after
    /// `as_of` the view looks at.
    pub(crate) fn built(&self, l: &Link) -> bool {
        l.status == Status::Operational
            || self
                .due_by
                .is_some_and(|d| l.due_on().is_some_and(|o| o <= d))
    }

    /// The capacity a project built sets for index `i` in `set` (a view's `link_capacity` or
    /// `node_capacity`), if one does.
    pub(crate) fn set_capacity(&self, set: &[(u32, f64)], i: usize) -> Option<f64> {
        set.iter()
            .rev()
            .find(|(k, _)| *k as usize == i)
            .map(|&(_, c)| c)
    }

    /// Today's view: the links built by the file's `as_of`, with the events in force then.
    pub(crate) fn today(net: &Records) -> View {
        let mut v = View::new(net, &[], None, &[], net.as_of);
        if let Some(d) = net.as_of {
            for sc in in_force(net, d) {
                v.apply_scenario(net, sc);
            }
        }
        v
    }

    /// Applies a scenario: its effects on links ([`View::apply`]) and the pairs of countries
    /// it bans routes from joining.
    pub(crate) fn apply_scenario(&mut self, net: &Records, sc: &Scenario) {
        self.apply(&effects(net, sc));
        for pair in &sc.ban_between {
            self.bans.push(Ban {
                countries: pair.clone(),
                scenario: sc.id.clone(),
            });
        }
    }

    /// Whether a path keeps every ban of this view: no pair of countries banned has a place
    /// of each on it.
    pub(crate) fn allows(&self, net: &Records, steps: &[crate::engine::Step]) -> bool {
        self.bans.iter().all(|b| {
            let touches = |c: &String| {
                steps.iter().any(|s| {
                    net.nodes[s.from as usize].country == *c
                        || net.nodes[s.to as usize].country == *c
                })
            };
            !(touches(&b.countries[0]) && touches(&b.countries[1]))
        })
    }

    /// The view a flow from node `a` to node `b` sees under the bans: for each pair of
    /// countries banned with one of the flow's ends in it, every link touching a place in the
    /// other closed. The flow's own cargo then never joins the pair, whatever way it takes, so
    /// an analysis that moves cargo (assignments, splits, reliability, criticality) searches
    /// this view as it would the query's. A pair with neither end in it is not kept apart
    /// here: cargo between two other countries could only join it by crossing from one of the
    /// pair to the other on its way. Borrowed when no ban touches the flow.
    pub(crate) fn for_flow(&self, net: &Records, a: usize, b: usize) -> std::borrow::Cow<'_, View> {
        use std::borrow::Cow;
        let ends = [&net.nodes[a].country, &net.nodes[b].country];
        let shut: Vec<&str> = self
            .bans
            .iter()
            .filter_map(|ban| {
                let [x, y] = &ban.countries;
                if ends.contains(&x) {
                    Some(y.as_str())
                } else if ends.contains(&y) {
                    Some(x.as_str())
                } else {
                    None
                }
            })
            .collect();
        if shut.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut v = self.clone();
        for (open, &(p, q)) in v.open.iter_mut().zip(&net.ends) {
            let touches = |i: usize| shut.contains(&net.nodes[i].country.as_str());
            if touches(p) || touches(q) {
                *open = false;
            }
        }
        Cow::Owned(v)
    }

    /// Calls `f` with each view that keeps every ban of this one apart: for each pair of
    /// countries banned, one of the two closed (every link touching a place in it), in every
    /// combination; or with this view alone when it bans nothing. Each route a view given
    /// allows joins no banned pair, and each route that joins none is allowed by one of them,
    /// so the best over them is the best route the bans allow: exact, at 2^k searches for k
    /// distinct pairs.
    pub(crate) fn each_apart<E>(
        &self,
        net: &Records,
        mut f: impl FnMut(&View) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut pairs: Vec<[&str; 2]> = self
            .bans
            .iter()
            .map(|b| {
                let [x, y] = &b.countries;
                if x <= y { [x, y] } else { [y, x] }
            })
            .map(|[x, y]| [x.as_str(), y.as_str()])
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        if pairs.is_empty() {
            return f(self);
        }
        // Past 20 pairs (a million searches) the later pairs each keep their first country
        // closed: still apart, though perhaps not by the best way.
        let mut v = self.clone();
        for choice in 0..1u64 << pairs.len().min(20) {
            let side = |j: usize| choice.checked_shr(j as u32).unwrap_or(0) & 1;
            for (i, open) in v.open.iter_mut().enumerate() {
                let (a, b) = net.ends[i];
                let (ca, cb) = (&net.nodes[a].country, &net.nodes[b].country);
                let shut = pairs.iter().enumerate().any(|(j, pair)| {
                    let c = pair[side(j) as usize];
                    ca == c || cb == c
                });
                *open = self.open[i] && !shut;
            }
            f(&v)?;
        }
        Ok(())
    }
}

/// Whether a filter by statuses, year and date counts a link (modes aside).
fn counted(
    l: &Link,
    statuses: &[Status],
    year: Option<i32>,
    date: Option<Date>,
    as_of: Option<Date>,
) -> bool {
    let opened_by = |d: Date| l.opens_on.is_none_or(|o| o <= d);
    if l.status == Status::Operational {
        return date.is_none_or(opened_by);
    }
    let planned_by = match (date, as_of) {
        (Some(d), Some(a)) => d > a && l.due_on().is_some_and(|o| o <= d),
        _ => false,
    };
    statuses.contains(&l.status)
        || matches!((year, l.opens), (Some(y), Some(o)) if o <= y)
        || planned_by
}

/// The file's events in force on a date, in file order.
pub(crate) fn in_force(net: &Records, date: Date) -> impl Iterator<Item = &Scenario> {
    net.scenarios.iter().filter(move |sc| sc.in_force(date))
}

/// Every link a scenario touches, in file order, with what it does and why.
pub(crate) fn effects(net: &Records, sc: &Scenario) -> Vec<LinkEffect> {
    // A scenario of the file has parameters behind its figures; one built in code has none.
    let drawn = net
        .scenarios
        .iter()
        .position(|x| std::ptr::eq(x, sc))
        .and_then(|s| net.uncertain.event.get(s));
    let mut out: Vec<Option<LinkEffect>> = vec![None; net.links.len()];
    let mut hit = |i: usize, reason: Reason, f: &dyn Fn(&mut LinkEffect)| {
        let e = out[i].get_or_insert_with(|| LinkEffect {
            link: i,
            link_id: net.links[i].id.clone(),
            closed: false,
            factor: 1.0,
            add_hours: 0.0,
            add_usd_per_t: 0.0,
            reasons: Vec::new(),
            drawn: Vec::new(),
        });
        f(e);
        if !e.reasons.contains(&reason) {
            e.reasons.push(reason);
        }
    };
    let close = |e: &mut LinkEffect| e.closed = true;
    let country = |i: usize| {
        let (a, b) = net.ends[i];
        (net.nodes[a].country.as_str(), net.nodes[b].country.as_str())
    };
    for id in &sc.close_links {
        if let Some(&i) = net.link_ix.get(id) {
            hit(i, Reason::CloseLink(id.clone()), &close);
        }
    }
    for (i, l) in net.links.iter().enumerate() {
        for id in &sc.close_nodes {
            if &l.from == id || &l.to == id {
                hit(i, Reason::CloseNode(id.clone()), &close);
            }
        }
        let (ca, cb) = country(i);
        for c in &sc.close_countries {
            if ca == c || cb == c {
                hit(i, Reason::CloseCountry(c.clone()), &close);
            }
        }
        for [x, y] in &sc.close_borders {
            if (ca == x && cb == y) || (ca == y && cb == x) {
                hit(i, Reason::CloseBorder(format!("{x}-{y}")), &close);
            }
        }
        for c in &sc.close_corridors {
            if l.corridors.contains(c) {
                hit(i, Reason::CloseCorridor(c.clone()), &close);
            }
        }
        for (k, (key, &h)) in sc.add_hours.iter().enumerate() {
            if &l.id == key || ca == key || cb == key {
                let p = drawn.map(|e| e.hours[k]);
                hit(i, Reason::AddHours(key.clone()), &|e| {
                    e.add_hours += h;
                    e.drawn.extend(p.map(|p| (p, true)));
                });
            }
        }
        for (k, (key, &usd)) in sc.add_usd_per_t.iter().enumerate() {
            if &l.id == key || ca == key || cb == key {
                let p = drawn.map(|e| e.usd[k]);
                hit(i, Reason::AddUsdPerT(key.clone()), &|e| {
                    e.add_usd_per_t += usd;
                    e.drawn.extend(p.map(|p| (p, false)));
                });
            }
        }
    }
    for (id, &f) in &sc.capacity_factor {
        if let Some(&i) = net.link_ix.get(id) {
            hit(i, Reason::CapacityFactor(id.clone()), &|e| e.factor *= f);
        }
    }
    out.into_iter().flatten().collect()
}

impl View {
    /// Applies a scenario's effects: closes links, shrinks capacities, adds hours and USD.
    pub(crate) fn apply(&mut self, effects: &[LinkEffect]) {
        for e in effects {
            if e.closed {
                self.open[e.link] = false;
            }
            self.capacity_factor[e.link] *= e.factor;
            self.add_hours[e.link] += e.add_hours;
            self.add_usd[e.link] += e.add_usd_per_t;
            for &(p, hours) in &e.drawn {
                self.drawn.push((e.link as u32, p, hours));
            }
        }
    }

    /// The view with only its land links (`sea` false) or only its sea links (`sea` true) open.
    pub(crate) fn only_sea(&self, g: &Graph, sea: bool) -> View {
        self.keeping(|i| (g.class[i] == SEA) == sea)
    }

    /// The view with the links for which `keep(link)` is false closed as well.
    pub(crate) fn keeping(&self, keep: impl Fn(usize) -> bool) -> View {
        let mut v = self.clone();
        for (i, open) in v.open.iter_mut().enumerate() {
            *open = *open && keep(i);
        }
        v
    }
}

/// What several scenarios do together, one effect per link touched, in file order.
pub(crate) fn merged_effects(net: &Records, scenarios: &[Scenario]) -> Vec<LinkEffect> {
    let mut merged: Vec<Option<LinkEffect>> = vec![None; net.links.len()];
    for sc in scenarios {
        for e in effects(net, sc) {
            let i = e.link;
            match &mut merged[i] {
                None => merged[i] = Some(e),
                Some(m) => m.merge(e),
            }
        }
    }
    merged.into_iter().flatten().collect()
}
