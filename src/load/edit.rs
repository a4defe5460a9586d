//! Networks built and edited in code. A [`NetworkBuilder`] holds records, takes additions,
//! removals and changes, and builds a [`Network`] through the loader itself: the records are
//! written as a file (`write.rs`) and read back, so that every rule a file obeys (ids,
//! references, ranges, lengths against the great circle, scenarios by
//! `Scenario::visit_problems`) holds for a network built in code, with the same messages,
//! and there is no second validator to keep in step.

use crate::error::{LoadError, Problem};
use crate::model::{
    Corridor, Crossing, Currency, Date, Defaults, Demand, Handling, Interval, Link, Mode, Node,
    Observed, Project, Records, Scenario, Site, Source, Spreads, Tariff, TransferCost,
    TransferKind, Transfers, Unit,
};
use crate::network::Network;
use crate::util::suggest::Index;

/// A network being built or edited in code: records added, removed and changed, then
/// [`built`](NetworkBuilder::build) into a [`Network`] checked by the loader's own rules.
///
/// Start from nothing with [`NetworkBuilder::new`], or from a network with
/// [`Network::edit`]. Records go in with their constructors ([`Node::new`], [`Link::new`],
/// [`Scenario::new`], [`Tariff::new`], …); adding a record whose key (its id; a tariff's
/// country and mode; a crossing's link and direction; a handling record's place and kind; a
/// demand's two ends) is already taken replaces that record in place. Nothing is checked
/// until [`NetworkBuilder::build`], which reports every problem at once.
///
/// # Example
/// ```
/// use corridors::{Link, LonLat, Mode, Network, NetworkBuilder, Node, NodeKind, RouteQuery};
/// let net = NetworkBuilder::new("Two towns", 2026)
///     .node(Node::new("a", "A", "AF", NodeKind::City, LonLat::new(69.0, 34.0)))
///     .node(Node::new("b", "B", "AF", NodeKind::City, LonLat::new(69.2, 34.5)))
///     .link(Link::new("a-b", "a", "b", Mode::Road))
///     .build()
///     .unwrap();
/// let r = net.route(&RouteQuery::new("a", "b")).unwrap().route.unwrap();
/// assert!(r.legs[0].estimated); // no length given: great circle × the road detour
///
/// // The same network from a file is equal to it.
/// assert!(Network::from_toml_str(&net.to_toml()).unwrap() == net);
///
/// // A record that breaks a rule is named.
/// let err = net.edit().link_capacity("a-b", Some(-1.0)).build().unwrap_err();
/// assert_eq!(err.to_string(), r#"link "a-b": "capacity_mtpa" must be positive, found -1"#);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until built"]
pub struct NetworkBuilder {
    data: Records,
    /// Edits that named a record the builder does not hold, as messages.
    errors: Vec<String>,
}

impl Network {
    /// A builder holding this network's records, to add, remove and change them and build
    /// the network that results. This network is not changed.
    ///
    /// # Example
    /// ```
    /// use corridors::{Mode, Network, RouteQuery};
    /// let net = Network::trans_afghan();
    /// let cheap = net.edit().tariff_rate("UZ", Mode::Rail, Some(0.03)).build().unwrap();
    /// let q = RouteQuery::new("tashkent", "bandar-abbas");
    /// let cost = |n: &Network| n.route(&q).unwrap().route.unwrap().usd_per_t;
    /// assert!(cost(&cheap) < cost(&net));
    /// ```
    pub fn edit(&self) -> NetworkBuilder {
        NetworkBuilder {
            data: self.data.clone(),
            errors: Vec::new(),
        }
    }
}

/// Adds `item`, or replaces the one with the same key in place.
fn upsert<T, K: PartialEq>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    match list.iter_mut().find(|x| key(x) == k) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

/// A figure set by a convenience method: exact, so a range the record states becomes
/// `[x, x]`.
fn exact(range: &mut Option<Interval>, x: f64) {
    if range.is_some() {
        *range = Some(Interval::new(x, x));
    }
}

impl NetworkBuilder {
    /// An empty network: no records, the built-in defaults and transfer costs.
    ///
    /// # Example
    /// ```
    /// let net = corridors::NetworkBuilder::new("Nothing yet", 2026).build().unwrap();
    /// assert!(net.nodes().is_empty());
    /// ```
    pub fn new(name: impl Into<String>, year: i32) -> NetworkBuilder {
        NetworkBuilder {
            data: Records {
                name: name.into(),
                year,
                ..Records::default()
            },
            errors: Vec::new(),
        }
    }

    /// Checks the records by the loader's rules and builds the network.
    ///
    /// # Errors
    /// [`LoadError::Invalid`] listing every problem, each naming its record as the loader
    /// does (`link "a-b": "capacity_mtpa" must be positive, found -1`), with no position
    /// ([`Problem`]'s `line` is 0); an edit that named a record the builder does not hold
    /// comes first (`no link "a-c" to change (did you mean "a-b"?)`).
    ///
    /// # Complexity
    /// Writing the records as a file and loading it: linear in their size.
    pub fn build(self) -> Result<Network, LoadError> {
        if !self.errors.is_empty() {
            let problems = self
                .errors
                .into_iter()
                .map(|message| Problem {
                    path: String::new(),
                    line: 0,
                    column: 0,
                    message,
                })
                .collect();
            return Err(LoadError::Invalid { problems });
        }
        super::load_built(&self.data)
    }

    /// Notes an edit that named nothing, with the nearest id of that kind.
    fn missing<'a>(
        &mut self,
        what: &str,
        id: &str,
        verb: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) {
        let hint = Index::new(known)
            .nearest(id)
            .map(|s| format!(" (did you mean \"{s}\"?)"))
            .unwrap_or_default();
        self.errors
            .push(format!("no {what} \"{id}\" to {verb}{hint}"));
    }

    /// The date the data is current to: "today" for queries that give no date.
    pub fn as_of(mut self, date: Date) -> NetworkBuilder {
        self.data.as_of = Some(date);
        self
    }

    /// What the network describes.
    pub fn description(mut self, text: impl Into<String>) -> NetworkBuilder {
        self.data.description = Some(text.into());
        self
    }

    /// The speeds, rates, detours and capacities of every mode.
    pub fn defaults(mut self, defaults: Defaults) -> NetworkBuilder {
        self.data.defaults = defaults;
        self
    }

    /// What each kind of transfer costs.
    pub fn transfers(mut self, transfers: Transfers) -> NetworkBuilder {
        self.data.transfers = transfers;
        self
    }

    /// What one kind of transfer costs: every route that makes it, and every crossing or
    /// handling record of that kind that gives no hours of its own, takes the new figures.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, TransferCost, TransferKind};
    /// let net = Network::trans_afghan();
    /// let mut gauge = *net.transfers().of(TransferKind::Gauge);
    /// gauge.usd_per_t = 9.0;
    /// let edited = net.edit().transfer(TransferKind::Gauge, gauge).build().unwrap();
    /// assert_eq!(edited.transfers().gauge.usd_per_t, 9.0);
    /// ```
    pub fn transfer(mut self, kind: TransferKind, cost: TransferCost) -> NetworkBuilder {
        let t = &mut self.data.transfers;
        *match kind {
            TransferKind::Gauge => &mut t.gauge,
            TransferKind::Mode => &mut t.mode,
            TransferKind::Port => &mut t.port,
            TransferKind::Border => &mut t.border,
        } = cost;
        self
    }

    /// The `[uncertainty]` spreads by grade, or none.
    pub fn uncertainty(mut self, spreads: Option<Spreads>) -> NetworkBuilder {
        self.data.spreads = spreads;
        self
    }

    /// Adds a unit costs are published in, or replaces the one with its id.
    pub fn unit(mut self, unit: Unit) -> NetworkBuilder {
        upsert(&mut self.data.units, unit, |u| u.id.clone());
        self
    }

    /// Adds a currency, or replaces the one with its code.
    pub fn currency(mut self, currency: Currency) -> NetworkBuilder {
        upsert(&mut self.data.currencies, currency, |c| c.code.clone());
        self
    }

    /// Adds a source to the bibliography, or replaces the one with its id.
    pub fn source(mut self, source: Source) -> NetworkBuilder {
        upsert(&mut self.data.sources, source, |s| s.id.clone());
        self
    }

    /// Adds a tariff, or replaces the one of its country and mode.
    pub fn tariff(mut self, tariff: Tariff) -> NetworkBuilder {
        upsert(&mut self.data.tariffs, tariff, |t| {
            (t.country.clone(), t.mode)
        });
        self
    }

    /// Adds a crossing, or replaces the one of its link and direction.
    pub fn crossing(mut self, crossing: Crossing) -> NetworkBuilder {
        upsert(&mut self.data.crossings, crossing, |c| {
            (c.link.clone(), c.from.clone())
        });
        self
    }

    /// Adds a handling record, or replaces the one of its place and kind.
    pub fn handling(mut self, handling: Handling) -> NetworkBuilder {
        upsert(&mut self.data.handling, handling, |h| {
            (h.node.clone(), h.kind)
        });
        self
    }

    /// Adds a corridor, or replaces the one with its id.
    pub fn corridor(mut self, corridor: Corridor) -> NetworkBuilder {
        upsert(&mut self.data.corridors, corridor, |c| c.id.clone());
        self
    }

    /// Adds a node, or replaces the one with its id.
    pub fn node(mut self, node: Node) -> NetworkBuilder {
        upsert(&mut self.data.nodes, node, |n| n.id.clone());
        self
    }

    /// Adds a link, or replaces the one with its id.
    pub fn link(mut self, link: Link) -> NetworkBuilder {
        upsert(&mut self.data.links, link, |l| l.id.clone());
        self
    }

    /// Adds a node that must be new: one whose id the builder already holds is left as it
    /// is, and [`build`](NetworkBuilder::build) reports `node "kabul" already exists`. (To
    /// replace a node, [`node`](NetworkBuilder::node); to change one, `change_node`.)
    ///
    /// # Example
    /// ```
    /// use corridors::{LonLat, Network, Node, NodeKind};
    /// let kabul = Node::new("kabul", "Kabul", "AF", NodeKind::City, LonLat::new(68.0, 35.0));
    /// let err = Network::trans_afghan().edit().add_node(kabul).build().unwrap_err();
    /// assert_eq!(err.to_string(), r#"node "kabul" already exists"#);
    /// ```
    pub fn add_node(mut self, node: Node) -> NetworkBuilder {
        if self.data.nodes.iter().any(|n| n.id == node.id) {
            self.errors
                .push(format!("node \"{}\" already exists", node.id));
            self
        } else {
            self.node(node)
        }
    }

    /// Adds a link that must be new: one whose id the builder already holds is left as it
    /// is, and [`build`](NetworkBuilder::build) reports `link "a-b" already exists`. (To
    /// replace a link, [`link`](NetworkBuilder::link); to change one,
    /// [`change_link`](NetworkBuilder::change_link).)
    pub fn add_link(mut self, link: Link) -> NetworkBuilder {
        if self.data.links.iter().any(|l| l.id == link.id) {
            self.errors
                .push(format!("link \"{}\" already exists", link.id));
            self
        } else {
            self.link(link)
        }
    }

    /// Adds a scenario, or replaces the one with its id.
    pub fn scenario(mut self, scenario: Scenario) -> NetworkBuilder {
        upsert(&mut self.data.scenarios, scenario, |s| s.id.clone());
        self
    }

    /// Adds a scenario that must be new: one whose id the builder already holds is left as
    /// it is, and [`build`](NetworkBuilder::build) reports `scenario "…" already exists`.
    /// (To replace a scenario, [`scenario`](NetworkBuilder::scenario); to change one,
    /// [`change_scenario`](NetworkBuilder::change_scenario).) The scenario is checked by the
    /// rules of a `[[scenarios]]` record, so queries may then name it by its id.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, RouteQuery, Scenario};
    /// let net = Network::trans_afghan();
    /// let salang = Scenario::new("salang-shut", "Salang shut")
    ///     .close_link("kabul-pul-i-khumri-road")
    ///     .source("an analyst's what-if");
    /// let edited = net.edit().add_scenario(salang.clone()).build().unwrap();
    /// let q = RouteQuery::new("kabul", "mazar-i-sharif").scenario("salang-shut");
    /// let r = edited.route(&q).unwrap().route.unwrap();
    /// assert!(r.legs.iter().all(|l| l.link != "kabul-pul-i-khumri-road"));
    ///
    /// let err = edited.edit().add_scenario(salang).build().unwrap_err();
    /// assert_eq!(err.to_string(), r#"scenario "salang-shut" already exists"#);
    /// ```
    pub fn add_scenario(mut self, scenario: Scenario) -> NetworkBuilder {
        if self.data.scenarios.iter().any(|s| s.id == scenario.id) {
            self.errors
                .push(format!("scenario \"{}\" already exists", scenario.id));
            self
        } else {
            self.scenario(scenario)
        }
    }

    /// Adds a project, or replaces the one with its id.
    pub fn project(mut self, project: Project) -> NetworkBuilder {
        upsert(&mut self.data.projects, project, |p| p.id.clone());
        self
    }

    /// Adds a demand, or replaces the one between the same two places.
    pub fn demand(mut self, demand: Demand) -> NetworkBuilder {
        upsert(&mut self.data.demands, demand, |d| {
            (d.from.clone(), d.to.clone())
        });
        self
    }

    /// Adds an observation, or replaces the one of the same place, direction and period.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Network, Observed, Site};
    /// let net = Network::trans_afghan();
    /// let day = |m, d| Date::new(2026, m, d).unwrap();
    /// let count = Observed::new(Site::Node("hairatan".into()), day(1, 1), day(1, 31), 2.5e5)
    ///     .source("a customs count");
    /// let more = net.edit().observed(count).build().unwrap();
    /// assert_eq!(more.observed().len(), net.observed().len() + 1);
    /// ```
    pub fn observed(mut self, observed: Observed) -> NetworkBuilder {
        upsert(&mut self.data.observed, observed, |o| {
            (o.at.clone(), o.from.clone(), o.start, o.end)
        });
        self
    }

    /// Removes every observation of a place.
    pub fn remove_observed(mut self, at: &Site) -> NetworkBuilder {
        let before = self.data.observed.len();
        self.data.observed.retain(|o| o.at != *at);
        if self.data.observed.len() == before {
            self.errors.push(format!(
                "no observation at {} \"{}\" to remove",
                at.kind(),
                at.id()
            ));
        }
        self
    }
}

/// `remove_*` and `change_*` for a kind of record found by its id.
macro_rules! by_id {
    ($remove:ident, $change:ident, $field:ident, $ty:ty, $what:literal) => {
        impl NetworkBuilder {
            #[doc = concat!("Removes the ", $what, " with this id. Records that name it are")]
            #[doc = "not changed: `build` reports each reference left unknown."]
            pub fn $remove(mut self, id: &str) -> NetworkBuilder {
                let before = self.data.$field.len();
                self.data.$field.retain(|r| r.id != id);
                if self.data.$field.len() == before {
                    let known: Vec<String> =
                        self.data.$field.iter().map(|r| r.id.clone()).collect();
                    self.missing($what, id, "remove", known.iter().map(String::as_str));
                }
                self
            }

            #[doc = concat!("Changes the ", $what, " with this id, field by field.")]
            pub fn $change(mut self, id: &str, f: impl FnOnce(&mut $ty)) -> NetworkBuilder {
                match self.data.$field.iter_mut().find(|r| r.id == id) {
                    Some(r) => f(r),
                    None => {
                        let known: Vec<String> =
                            self.data.$field.iter().map(|r| r.id.clone()).collect();
                        self.missing($what, id, "change", known.iter().map(String::as_str));
                    }
                }
                self
            }
        }
    };
}

by_id!(remove_node, change_node, nodes, Node, "node");
by_id!(
    remove_corridor,
    change_corridor,
    corridors,
    Corridor,
    "corridor"
);
by_id!(
    remove_scenario,
    change_scenario,
    scenarios,
    Scenario,
    "scenario"
);
by_id!(remove_source, change_source, sources, Source, "source");
by_id!(remove_project, change_project, projects, Project, "project");

impl NetworkBuilder {
    /// Removes the link with this id. Records that name it (crossings, scenarios) are not
    /// changed: `build` reports each reference left unknown.
    pub fn remove_link(mut self, id: &str) -> NetworkBuilder {
        let before = self.data.links.len();
        self.data.links.retain(|l| l.id != id);
        if self.data.links.len() == before {
            self.missing_link(id, "remove");
        }
        self
    }

    /// Changes the link with this id, field by field. A rate, speed or length changed here
    /// becomes the link's own (no longer its tariff's, default or estimate).
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, Status};
    /// let net = Network::trans_afghan();
    /// let built = net
    ///     .edit()
    ///     .change_link("rasht-astara-ir-rail", |l| l.status = Status::Operational)
    ///     .build();
    /// // Operational, yet it says it opens after the file's today: a rule of the loader.
    /// assert!(built.unwrap_err().to_string().starts_with(r#"link "rasht-astara-ir-rail": operational, yet"#));
    /// ```
    pub fn change_link(mut self, id: &str, f: impl FnOnce(&mut Link)) -> NetworkBuilder {
        match self.data.links.iter_mut().find(|l| l.id == id) {
            Some(l) => {
                let before = l.clone();
                f(l);
                l.settle(&before);
            }
            None => self.missing_link(id, "change"),
        }
        self
    }

    fn missing_link(&mut self, id: &str, verb: &str) {
        let known: Vec<String> = self.data.links.iter().map(|l| l.id.clone()).collect();
        self.missing("link", id, verb, known.iter().map(String::as_str));
    }

    /// Sets a link's capacity, Mt/yr each direction (`None`: unknown). The figure is taken
    /// as exact: a range the link states becomes `[x, x]`.
    pub fn link_capacity(self, id: &str, mtpa: Option<f64>) -> NetworkBuilder {
        self.change_link(id, |l| {
            l.capacity_mtpa = mtpa;
            match mtpa {
                Some(x) => exact(&mut l.capacity_mtpa_range, x),
                None => l.capacity_mtpa_range = None,
            }
        })
    }

    /// Sets a link's own freight rate, USD per tonne-km (exact, as for
    /// [`link_capacity`](NetworkBuilder::link_capacity)).
    pub fn link_rate(self, id: &str, usd_per_tkm: f64) -> NetworkBuilder {
        self.change_link(id, |l| {
            l.usd_per_tkm = usd_per_tkm;
            l.own[0] = true;
            exact(&mut l.usd_per_tkm_range, usd_per_tkm);
        })
    }

    /// Sets a place's throughput limit, Mt/yr (`None`: unlimited; exact, as for
    /// [`link_capacity`](NetworkBuilder::link_capacity)).
    pub fn node_capacity(self, id: &str, mtpa: Option<f64>) -> NetworkBuilder {
        self.change_node(id, |n| {
            n.capacity_mtpa = mtpa;
            match mtpa {
                Some(x) => exact(&mut n.capacity_mtpa_range, x),
                None => n.capacity_mtpa_range = None,
            }
        })
    }

    /// Removes a demand between two places.
    pub fn remove_demand(mut self, from: &str, to: &str) -> NetworkBuilder {
        let before = self.data.demands.len();
        self.data.demands.retain(|d| d.from != from || d.to != to);
        if self.data.demands.len() == before {
            self.errors
                .push(format!("no demand \"{from}\" → \"{to}\" to remove"));
        }
        self
    }

    /// Changes the demand between two places (the first, if the file gives several).
    pub fn change_demand(
        mut self,
        from: &str,
        to: &str,
        f: impl FnOnce(&mut Demand),
    ) -> NetworkBuilder {
        match self
            .data
            .demands
            .iter_mut()
            .find(|d| d.from == from && d.to == to)
        {
            Some(d) => f(d),
            None => self
                .errors
                .push(format!("no demand \"{from}\" → \"{to}\" to change")),
        }
        self
    }

    /// Removes a country's tariff for a mode.
    pub fn remove_tariff(mut self, country: &str, mode: Mode) -> NetworkBuilder {
        let before = self.data.tariffs.len();
        self.data
            .tariffs
            .retain(|t| t.country != country || t.mode != mode);
        if self.data.tariffs.len() == before {
            self.errors
                .push(format!("no tariff \"{country} {mode}\" to remove"));
        }
        self
    }

    /// Changes a country's tariff for a mode: every link of that mode and country without a
    /// rate or speed of its own takes the new figures.
    pub fn change_tariff(
        mut self,
        country: &str,
        mode: Mode,
        f: impl FnOnce(&mut Tariff),
    ) -> NetworkBuilder {
        match self
            .data
            .tariffs
            .iter_mut()
            .find(|t| t.country == country && t.mode == mode)
        {
            Some(t) => f(t),
            None => self
                .errors
                .push(format!("no tariff \"{country} {mode}\" to change")),
        }
        self
    }

    /// Sets a country's freight rate for a mode, USD per tonne-km (`None`: none, the tariff
    /// then gives only a speed); exact, as for [`link_capacity`](NetworkBuilder::link_capacity).
    pub fn tariff_rate(
        self,
        country: &str,
        mode: Mode,
        usd_per_tkm: Option<f64>,
    ) -> NetworkBuilder {
        self.change_tariff(country, mode, |t| {
            t.usd_per_tkm = usd_per_tkm;
            match usd_per_tkm {
                Some(x) => exact(&mut t.usd_per_tkm_range, x),
                None => t.usd_per_tkm_range = None,
            }
        })
    }

    /// Removes the crossing of a link in one direction (`from` its end) or both (`None`).
    pub fn remove_crossing(mut self, link: &str, from: Option<&str>) -> NetworkBuilder {
        let before = self.data.crossings.len();
        self.data
            .crossings
            .retain(|c| c.link != link || c.from.as_deref() != from);
        if self.data.crossings.len() == before {
            self.errors
                .push(format!("no {} to remove", crossing_label(link, from)));
        }
        self
    }

    /// Changes the crossing of a link in one direction (`from` its end) or both (`None`).
    pub fn change_crossing(
        mut self,
        link: &str,
        from: Option<&str>,
        f: impl FnOnce(&mut Crossing),
    ) -> NetworkBuilder {
        match self
            .data
            .crossings
            .iter_mut()
            .find(|c| c.link == link && c.from.as_deref() == from)
        {
            Some(c) => {
                let given = c.priced.hours;
                f(c);
                if c.priced.hours != given {
                    c.priced.hours_given = true;
                }
            }
            None => self
                .errors
                .push(format!("no {} to change", crossing_label(link, from))),
        }
        self
    }

    /// Sets what a crossing takes: hours, and USD per tonne (no longer a cost in another
    /// currency or unit, nor a figure shared with other crossings). Both are exact, as for
    /// [`link_capacity`](NetworkBuilder::link_capacity).
    ///
    /// # Example
    /// ```
    /// use corridors::Network;
    /// let net = Network::trans_afghan();
    /// let link = "torkham-af-torkham-pk-road";
    /// let faster = net.edit().crossing_cost(link, Some("torkham-af"), 24.0, 10.0).build().unwrap();
    /// let c = faster.crossings().iter().find(|c| c.link == link && c.from.as_deref() == Some("torkham-af"));
    /// assert_eq!(c.unwrap().priced.hours, 24.0);
    /// ```
    pub fn crossing_cost(
        self,
        link: &str,
        from: Option<&str>,
        hours: f64,
        usd_per_t: f64,
    ) -> NetworkBuilder {
        self.change_crossing(link, from, |c| {
            let p = &mut c.priced;
            p.hours = hours;
            p.hours_given = true;
            p.usd_per_t = usd_per_t;
            p.cost = None;
            p.hours_shared = None;
            p.cost_shared = None;
            exact(&mut p.hours_range, hours);
            exact(&mut p.usd_per_t_range, usd_per_t);
        })
    }

    /// Removes the handling record of a kind of transfer at a place.
    pub fn remove_handling(mut self, node: &str, kind: TransferKind) -> NetworkBuilder {
        let before = self.data.handling.len();
        self.data
            .handling
            .retain(|h| h.node != node || h.kind != kind);
        if self.data.handling.len() == before {
            self.errors
                .push(format!("no handling \"{kind} {node}\" to remove"));
        }
        self
    }

    /// Changes the handling record of a kind of transfer at a place.
    pub fn change_handling(
        mut self,
        node: &str,
        kind: TransferKind,
        f: impl FnOnce(&mut Handling),
    ) -> NetworkBuilder {
        match self
            .data
            .handling
            .iter_mut()
            .find(|h| h.node == node && h.kind == kind)
        {
            Some(h) => {
                let given = h.priced.hours;
                f(h);
                if h.priced.hours != given {
                    h.priced.hours_given = true;
                }
            }
            None => self
                .errors
                .push(format!("no handling \"{kind} {node}\" to change")),
        }
        self
    }

    /// Removes a unit.
    pub fn remove_unit(mut self, id: &str) -> NetworkBuilder {
        let before = self.data.units.len();
        self.data.units.retain(|u| u.id != id);
        if self.data.units.len() == before {
            self.errors.push(format!("no unit \"{id}\" to remove"));
        }
        self
    }

    /// Removes a currency.
    pub fn remove_currency(mut self, code: &str) -> NetworkBuilder {
        let before = self.data.currencies.len();
        self.data.currencies.retain(|c| c.code != code);
        if self.data.currencies.len() == before {
            self.errors
                .push(format!("no currency \"{code}\" to remove"));
        }
        self
    }
}

/// A crossing as the loader labels it.
fn crossing_label(link: &str, from: Option<&str>) -> String {
    match from {
        Some(f) => format!("crossing \"{link}\" from \"{f}\""),
        None => format!("crossing \"{link}\""),
    }
}
