//! Disruption scenarios: which links a scenario closes, shrinks or makes dearer, and why.

use std::fmt;

use serde::Serialize;

use crate::error::QueryError;
use crate::graph::View;
use crate::model::{Network, Scenario};
use crate::suggest::nearest;

/// Which rule of a scenario hit a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", content = "id", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Named in `close_links`.
    CloseLink(String),
    /// Touches a node in `close_nodes`.
    CloseNode(String),
    /// Touches a country in `close_countries`.
    CloseCountry(String),
    /// Crosses a border in `close_borders` (the two country codes, joined by `-`).
    CloseBorder(String),
    /// Belongs to a corridor in `close_corridors`.
    CloseCorridor(String),
    /// Named in `capacity_factor`.
    CapacityFactor(String),
    /// Named, or touches a country named, in `add_hours`.
    AddHours(String),
    /// Named, or touches a country named, in `add_usd_per_t`.
    AddUsdPerT(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::CloseLink(id) => write!(f, "close_links {id}"),
            Reason::CloseNode(id) => write!(f, "close_nodes {id}"),
            Reason::CloseCountry(id) => write!(f, "close_countries {id}"),
            Reason::CloseBorder(id) => write!(f, "close_borders {id}"),
            Reason::CloseCorridor(id) => write!(f, "close_corridors {id}"),
            Reason::CapacityFactor(id) => write!(f, "capacity_factor {id}"),
            Reason::AddHours(id) => write!(f, "add_hours {id}"),
            Reason::AddUsdPerT(id) => write!(f, "add_usd_per_t {id}"),
        }
    }
}

/// What a scenario does to one link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LinkEffect {
    /// Index of the link in [`Network::links`].
    #[serde(skip)]
    pub(crate) link: usize,
    /// The link id.
    pub link_id: String,
    /// Whether the scenario closes it.
    pub closed: bool,
    /// Share of capacity left (1 when untouched).
    pub factor: f64,
    /// Hours added.
    pub add_hours: f64,
    /// USD per tonne added.
    pub add_usd_per_t: f64,
    /// Every rule that hit the link, in the order the scenario lists them.
    pub reasons: Vec<Reason>,
}

/// Every link a scenario touches, in file order, with what it does and why.
pub(crate) fn effects(net: &Network, sc: &Scenario) -> Vec<LinkEffect> {
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
        for (key, &h) in &sc.add_hours {
            if &l.id == key || ca == key || cb == key {
                hit(i, Reason::AddHours(key.clone()), &|e| e.add_hours += h);
            }
        }
        for (key, &usd) in &sc.add_usd_per_t {
            if &l.id == key || ca == key || cb == key {
                hit(i, Reason::AddUsdPerT(key.clone()), &|e| {
                    e.add_usd_per_t += usd
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

/// Applies a scenario's effects to a view.
pub(crate) fn apply(view: &mut View, effects: &[LinkEffect]) {
    for e in effects {
        if e.closed {
            view.open[e.link] = false;
        }
        view.capacity_factor[e.link] *= e.factor;
        view.add_hours[e.link] += e.add_hours;
        view.add_usd[e.link] += e.add_usd_per_t;
    }
}

impl Network {
    /// What a scenario of the file does to each link it touches, and by which rule.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] when no scenario has this id.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let hit = net.scenario_effects("pak-afghan-closure-2025").unwrap();
    /// assert!(hit.iter().any(|e| e.link_id == "torkham-af-torkham-pk-road" && e.closed));
    /// ```
    pub fn scenario_effects(&self, id: &str) -> Result<Vec<LinkEffect>, QueryError> {
        let sc = self.scenario(id).ok_or_else(|| QueryError::UnknownId {
            kind: "scenario",
            id: id.to_string(),
            suggestion: nearest(id, self.scenarios.iter().map(|s| s.id.as_str())).map(String::from),
        })?;
        Ok(effects(self, sc))
    }
}

impl Scenario {
    /// A scenario built in code, closing and changing nothing until told to.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery, Scenario};
    /// let net = Network::trans_afghan();
    /// let torkham = Scenario::new("torkham-shut", "Torkham shut")
    ///     .close_link("torkham-af-torkham-pk-road")
    ///     .add_usd_per_t("PK", 3.0);
    /// let q = RouteQuery::new("kabul", "peshawar").with_scenario(torkham);
    /// let r = net.route(&q).unwrap().route.unwrap();
    /// assert!(!r.passes("torkham-af"));
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Scenario {
        Scenario {
            id: id.into(),
            name: name.into(),
            source: "built in code".into(),
            ..Scenario::default()
        }
    }

    /// Closes a link.
    pub fn close_link(mut self, id: impl Into<String>) -> Scenario {
        self.close_links.push(id.into());
        self
    }

    /// Closes every link touching a node.
    pub fn close_node(mut self, id: impl Into<String>) -> Scenario {
        self.close_nodes.push(id.into());
        self
    }

    /// Closes every link touching a country (ISO code).
    pub fn close_country(mut self, code: impl Into<String>) -> Scenario {
        self.close_countries.push(code.into());
        self
    }

    /// Closes every link whose ends lie in these two countries.
    pub fn close_border(mut self, a: impl Into<String>, b: impl Into<String>) -> Scenario {
        self.close_borders.push([a.into(), b.into()]);
        self
    }

    /// Closes every link of a corridor.
    pub fn close_corridor(mut self, id: impl Into<String>) -> Scenario {
        self.close_corridors.push(id.into());
        self
    }

    /// Leaves a link `factor` (in `[0, 1]`) of its capacity.
    pub fn capacity_factor(mut self, link: impl Into<String>, factor: f64) -> Scenario {
        self.capacity_factor.insert(link.into(), factor);
        self
    }

    /// Adds hours to a link, or to every link touching a country.
    pub fn add_hours(mut self, link_or_country: impl Into<String>, hours: f64) -> Scenario {
        *self.add_hours.entry(link_or_country.into()).or_default() += hours;
        self
    }

    /// Adds USD per tonne to a link, or to every link touching a country (a surcharge).
    pub fn add_usd_per_t(mut self, link_or_country: impl Into<String>, usd: f64) -> Scenario {
        *self
            .add_usd_per_t
            .entry(link_or_country.into())
            .or_default() += usd;
        self
    }

    /// Sets the chance per year that the scenario strikes.
    pub fn probability(mut self, p: f64) -> Scenario {
        self.probability = Some(p);
        self
    }
}
