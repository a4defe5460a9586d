//! Records built in code: a constructor for each record with what the file requires of it,
//! and a setter for each optional field, chained. Nothing is checked here: a network built from
//! records is checked by the loader's own rules when it is built
//! ([`NetworkBuilder::build`](crate::NetworkBuilder::build)).

use crate::model::costs::{Basis, Crossing, Currency, Handling, Money, Priced, Tariff, Unit};
use crate::model::observed::{Observed, Site};
use crate::model::records::{Confidence, Corridor, Demand, Link, Node, Source};
use crate::model::scenario::Scenario;
use crate::model::uncertainty::Interval;
use crate::model::{Date, Defaults, LonLat, Mode, NodeKind, Status, TransferKind};

/// What a record built in code cites until told otherwise.
pub(crate) const BUILT: &str = "built in code";

impl Interval {
    /// A range from its low and high.
    pub fn new(low: f64, high: f64) -> Interval {
        Interval { low, high }
    }
}

/// Setters shared by records that cite: `source`, `sources`, `estimate` and `description`.
macro_rules! cite_setters {
    ($ty:ty) => {
        impl $ty {
            /// Where the record comes from, in words.
            pub fn source(mut self, text: impl Into<String>) -> Self {
                self.source = text.into().into();
                self
            }

            /// The `[[sources]]` ids the record rests on; its `source` text becomes their
            /// list, as the loader makes it for a record that gives only ids.
            pub fn sources<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
                self.sources = ids.into_iter().map(Into::into).collect();
                self.source = self.sources.join(", ").into();
                self
            }

            /// How an unpublished figure of the record was estimated.
            pub fn estimate(mut self, how: impl Into<String>) -> Self {
                self.estimate = Some(how.into());
                self
            }

            /// A sentence, in the file's own words, on what the record is (a place, a line,
            /// a corridor, the cargo of a demand, what a count counted, what a scenario
            /// disrupts).
            pub fn description(mut self, text: impl Into<String>) -> Self {
                self.description = Some(text.into());
                self
            }
        }
    };
}

cite_setters!(Node);
cite_setters!(Link);
cite_setters!(Corridor);
cite_setters!(Demand);
cite_setters!(Observed);
cite_setters!(Scenario);

impl Node {
    /// A place built in code, citing `built in code` until given sources.
    ///
    /// # Example
    /// ```
    /// use corridors::{LonLat, Node, NodeKind};
    /// let dry_port = Node::new("kabul-dry-port", "Kabul dry port", "AF", NodeKind::City,
    ///     LonLat::new(69.25, 34.55)).capacity_mtpa(2.0);
    /// assert_eq!(dry_port.lat, 34.55);
    /// ```
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        country: impl Into<String>,
        kind: NodeKind,
        at: LonLat,
    ) -> Node {
        Node {
            id: id.into(),
            name: name.into(),
            country: country.into(),
            kind,
            lat: at.lat,
            lon: at.lon,
            capacity_mtpa: None,
            capacity_mtpa_range: None,
            source: BUILT.into(),
            sources: Vec::new(),
            estimate: None,
            estimated: false,
            description: None,
        }
    }

    /// Its throughput limit, Mt/yr.
    pub fn capacity_mtpa(mut self, mtpa: f64) -> Node {
        self.capacity_mtpa = Some(mtpa);
        self
    }

    /// The low and high of its capacity.
    pub fn capacity_mtpa_range(mut self, low: f64, high: f64) -> Node {
        self.capacity_mtpa_range = Some(Interval::new(low, high));
        self
    }

    /// Whether its coordinates are uncertain.
    pub fn estimated(mut self, estimated: bool) -> Node {
        self.estimated = estimated;
        self
    }
}

impl Link {
    /// An operational link built in code: its length is estimated (the great circle between
    /// its ends times its mode's detour) until given, its rate and speed are its country's
    /// tariff or the default until given, and it cites `built in code` until given sources.
    ///
    /// # Example
    /// ```
    /// use corridors::{Link, Mode, Status};
    /// let line = Link::new("herat-kandahar-rail", "herat", "kandahar", Mode::Rail)
    ///     .gauge_mm(1435)
    ///     .length_km(560.0)
    ///     .status(Status::Proposed)
    ///     .capacity_mtpa(5.0);
    /// assert!(!line.estimated);
    /// ```
    pub fn new(
        id: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        mode: Mode,
    ) -> Link {
        let d = *Defaults::default().of(mode);
        Link {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            mode,
            gauge_mm: None,
            length_km: 0.0,
            estimated: true,
            length_km_range: None,
            status: Status::Operational,
            opens: None,
            opens_on: None,
            capacity_mtpa: None,
            capacity_mtpa_range: None,
            design_capacity_mtpa: None,
            corridors: Vec::new(),
            oneway: false,
            speed_kmh: d.speed_kmh,
            usd_per_tkm: d.usd_per_tkm,
            usd_per_tkm_range: None,
            speed_kmh_range: None,
            rate_basis: Basis::Default,
            rate_sources: Vec::new(),
            hours_override: None,
            source: BUILT.into(),
            sources: Vec::new(),
            estimate: None,
            description: None,
            own: [false; 2],
            length_given: false,
        }
    }

    /// Its length, km, as published (no longer an estimate; see [`Link::estimated`]).
    pub fn length_km(mut self, km: f64) -> Link {
        self.length_km = km;
        self.length_given = true;
        self.estimated = false;
        self
    }

    /// Whether the length given is an estimate.
    pub fn estimated(mut self, estimated: bool) -> Link {
        self.estimated = estimated;
        self
    }

    /// The low and high of its length.
    pub fn length_km_range(mut self, low: f64, high: f64) -> Link {
        self.length_km_range = Some(Interval::new(low, high));
        self
    }

    /// Its rail gauge, mm.
    pub fn gauge_mm(mut self, mm: u32) -> Link {
        self.gauge_mm = Some(mm);
        self
    }

    /// How far it is from carrying freight.
    pub fn status(mut self, status: Status) -> Link {
        self.status = status;
        self
    }

    /// The year it opened or is expected to open, as a file's `opens = YEAR` reads: an
    /// operational link counts on dates from 1 January of it; one not yet built is due, on
    /// dates after the file's `as_of`, from 31 December of it (see [`Link::opens_on`]).
    pub fn opens(mut self, year: u16) -> Link {
        self.opens = Some(i32::from(year));
        self.opens_on = Some(Date::first_of(year));
        self
    }

    /// The date it opened or is expected to open.
    pub fn opens_on(mut self, date: Date) -> Link {
        self.opens = Some(i32::from(date.year));
        self.opens_on = Some(date);
        self
    }

    /// Its capacity, Mt/yr each direction.
    pub fn capacity_mtpa(mut self, mtpa: f64) -> Link {
        self.capacity_mtpa = Some(mtpa);
        self
    }

    /// The low and high of its capacity.
    pub fn capacity_mtpa_range(mut self, low: f64, high: f64) -> Link {
        self.capacity_mtpa_range = Some(Interval::new(low, high));
        self
    }

    /// The design capacity it reaches later, Mt/yr.
    pub fn design_capacity_mtpa(mut self, mtpa: f64) -> Link {
        self.design_capacity_mtpa = Some(mtpa);
        self
    }

    /// Adds it to a corridor.
    pub fn corridor(mut self, id: impl Into<String>) -> Link {
        self.corridors.push(id.into());
        self
    }

    /// Whether freight moves only from `from` to `to`.
    pub fn oneway(mut self, oneway: bool) -> Link {
        self.oneway = oneway;
        self
    }

    /// Its own average speed, km/h, instead of its tariff's or the default.
    pub fn speed_kmh(mut self, kmh: f64) -> Link {
        self.speed_kmh = kmh;
        self.own[1] = true;
        self
    }

    /// The low and high of its own speed.
    pub fn speed_kmh_range(mut self, low: f64, high: f64) -> Link {
        self.speed_kmh_range = Some(Interval::new(low, high));
        self
    }

    /// Its own freight rate, USD per tonne-km, instead of its tariff's or the default.
    pub fn usd_per_tkm(mut self, usd: f64) -> Link {
        self.usd_per_tkm = usd;
        self.own[0] = true;
        self
    }

    /// The low and high of its own rate.
    pub fn usd_per_tkm_range(mut self, low: f64, high: f64) -> Link {
        self.usd_per_tkm_range = Some(Interval::new(low, high));
        self
    }

    /// Hours to traverse it, instead of its length over its speed.
    pub fn hours_override(mut self, hours: f64) -> Link {
        self.hours_override = Some(hours);
        self
    }

    /// After `before` was changed into `self` field by field (a closure given `&mut Link`):
    /// a rate, speed or length that changed becomes the link's own, and the opening year and
    /// date agree again.
    pub(crate) fn settle(&mut self, before: &Link) {
        if self.usd_per_tkm != before.usd_per_tkm {
            self.own[0] = true;
        }
        if self.speed_kmh != before.speed_kmh {
            self.own[1] = true;
        }
        if self.length_km != before.length_km {
            self.length_given = true;
        }
        if self.opens_on != before.opens_on {
            self.opens = self.opens_on.map(|d| i32::from(d.year));
        } else if self.opens != before.opens {
            self.opens_on = self
                .opens
                .and_then(|y| u16::try_from(y).ok())
                .map(Date::first_of);
        }
    }
}

impl Corridor {
    /// A corridor built in code.
    ///
    /// # Example
    /// ```
    /// let c = corridors::Corridor::new("five-nations", "Five Nations Railway")
    ///     .description("China to Iran through Kyrgyzstan, Tajikistan and Afghanistan");
    /// assert!(c.description.is_some());
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Corridor {
        Corridor {
            id: id.into(),
            name: name.into(),
            description: None,
            source: None,
            sources: Vec::new(),
            estimate: None,
        }
    }
}

impl Demand {
    /// Cargo that wants to move each year, built in code.
    ///
    /// # Example
    /// ```
    /// let d = corridors::Demand::new("tashkent", "karachi", 1.5).estimated(true);
    /// assert_eq!(d.mtpa, 1.5);
    /// ```
    pub fn new(from: impl Into<String>, to: impl Into<String>, mtpa: f64) -> Demand {
        Demand {
            from: from.into(),
            to: to.into(),
            mtpa,
            mtpa_range: None,
            estimated: false,
            source: BUILT.into(),
            sources: Vec::new(),
            estimate: None,
            description: None,
        }
    }

    /// Whether the volume is an estimate.
    pub fn estimated(mut self, estimated: bool) -> Demand {
        self.estimated = estimated;
        self
    }

    /// The low and high of the volume, Mt/yr: what draws of it range over.
    ///
    /// # Example
    /// ```
    /// let d = corridors::Demand::new("termez", "mazar-i-sharif", 2.9).mtpa_range(2.4, 3.5);
    /// assert_eq!(d.mtpa_range.map(|r| (r.low, r.high)), Some((2.4, 3.5)));
    /// ```
    pub fn mtpa_range(mut self, low: f64, high: f64) -> Demand {
        self.mtpa_range = Some(Interval::new(low, high));
        self
    }
}

impl Observed {
    /// A count of what a link or a place carried from `start` to `end` (both included),
    /// built in code.
    ///
    /// # Example
    /// ```
    /// use corridors::{Date, Observed, Site};
    /// let (start, end) = (Date::new(2025, 11, 1).unwrap(), Date::new(2025, 11, 30).unwrap());
    /// let o = Observed::new(Site::Link("khaf-herat-rail".into()), start, end, 50_000.0)
    ///     .from("khaf")
    ///     .tonnes_range(40_000.0, 60_000.0)
    ///     .estimated(true);
    /// assert!((o.mtpa() - 0.6087).abs() < 1e-4);
    /// ```
    pub fn new(at: Site, start: Date, end: Date, tonnes: f64) -> Observed {
        Observed {
            at,
            from: None,
            start,
            end,
            tonnes,
            tonnes_range: None,
            estimated: false,
            source: BUILT.into(),
            sources: Vec::new(),
            estimate: None,
            description: None,
        }
    }

    /// On a link, the end the cargo came from: a count of one direction.
    pub fn from(mut self, node: impl Into<String>) -> Observed {
        self.from = Some(node.into());
        self
    }

    /// The low and high of the tonnes.
    pub fn tonnes_range(mut self, low: f64, high: f64) -> Observed {
        self.tonnes_range = Some(Interval::new(low, high));
        self
    }

    /// Whether the tonnes are an estimate.
    pub fn estimated(mut self, estimated: bool) -> Observed {
        self.estimated = estimated;
        self
    }
}

impl Source {
    /// An entry of the bibliography; `date` as the source gives it (`2024`, `2024-06` or
    /// `2024-06-12`).
    ///
    /// # Example
    /// ```
    /// use corridors::{Confidence, Source};
    /// let s = Source::new("my-survey", "A survey", "Us", "2026-05", Confidence::B)
    ///     .address("https://example.org/survey");
    /// assert!(s.address.is_some());
    /// ```
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        publisher: impl Into<String>,
        date: impl Into<String>,
        confidence: Confidence,
    ) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            publisher: publisher.into(),
            date: date.into(),
            address: None,
            confidence,
        }
    }

    /// Where a reader can open it.
    pub fn address(mut self, url: impl Into<String>) -> Source {
        self.address = Some(url.into());
        self
    }
}

/// Setters shared by costs as published: their sources and how a figure came to be.
macro_rules! basis_setters {
    ($ty:ty) => {
        basis_setters!($ty, |r: &mut $ty| r);
    };
    ($ty:ty, priced) => {
        basis_setters!($ty, |r: &mut $ty| &mut r.priced);
    };
    ($ty:ty, |$r:ident : &mut $rt:ty| $path:expr) => {
        impl $ty {
            /// The `[[sources]]` ids its figures rest on.
            pub fn sources<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
                let $r: &mut $rt = &mut self;
                $path.sources = ids.into_iter().map(Into::into).collect();
                self
            }

            /// How its figures were computed from published ones (basis `derived`).
            pub fn derived(mut self, how: impl Into<String>) -> Self {
                let $r: &mut $rt = &mut self;
                let at = $path;
                at.basis = Basis::Derived;
                at.note = Some(how.into());
                self
            }

            /// How its figures were estimated (basis `estimated`).
            pub fn estimate(mut self, how: impl Into<String>) -> Self {
                let $r: &mut $rt = &mut self;
                let at = $path;
                at.basis = Basis::Estimated;
                at.note = Some(how.into());
                self
            }
        }
    };
}

basis_setters!(Tariff);
basis_setters!(Unit);
basis_setters!(Currency);
basis_setters!(Crossing, priced);
basis_setters!(Handling, priced);

impl Tariff {
    /// A country's tariff for a mode, with neither rate nor speed until given (it needs one).
    ///
    /// # Example
    /// ```
    /// use corridors::{Mode, Tariff};
    /// let t = Tariff::new("AF", Mode::Rail).usd_per_tkm(0.05).speed_kmh(25.0);
    /// assert_eq!(t.usd_per_tkm, Some(0.05));
    /// ```
    pub fn new(country: impl Into<String>, mode: Mode) -> Tariff {
        Tariff {
            country: country.into(),
            mode,
            usd_per_tkm: None,
            speed_kmh: None,
            usd_per_tkm_range: None,
            speed_kmh_range: None,
            basis: Basis::Published,
            sources: Vec::new(),
            note: None,
            description: None,
        }
    }

    /// Its rate, USD per tonne-km.
    pub fn usd_per_tkm(mut self, usd: f64) -> Tariff {
        self.usd_per_tkm = Some(usd);
        self
    }

    /// The low and high of its rate.
    pub fn usd_per_tkm_range(mut self, low: f64, high: f64) -> Tariff {
        self.usd_per_tkm_range = Some(Interval::new(low, high));
        self
    }

    /// Its average speed, km/h.
    pub fn speed_kmh(mut self, kmh: f64) -> Tariff {
        self.speed_kmh = Some(kmh);
        self
    }

    /// The low and high of its speed.
    pub fn speed_kmh_range(mut self, low: f64, high: f64) -> Tariff {
        self.speed_kmh_range = Some(Interval::new(low, high));
        self
    }

    /// What the figures are, in a sentence.
    pub fn description(mut self, text: impl Into<String>) -> Tariff {
        self.description = Some(text.into());
        self
    }
}

impl Unit {
    /// An entry of `[units]`: tonnes of cargo per unit (`truck`, `teu`).
    ///
    /// # Example
    /// ```
    /// let wagon = corridors::Unit::new("wagon", 60.0).derived("a 60-t hopper wagon");
    /// assert_eq!(wagon.tonnes, 60.0);
    /// ```
    pub fn new(id: impl Into<String>, tonnes: f64) -> Unit {
        Unit {
            id: id.into(),
            tonnes,
            tonnes_range: None,
            basis: Basis::Published,
            sources: Vec::new(),
            note: None,
        }
    }

    /// The low and high of its tonnes.
    pub fn tonnes_range(mut self, low: f64, high: f64) -> Unit {
        self.tonnes_range = Some(Interval::new(low, high));
        self
    }
}

impl Currency {
    /// An entry of `[currencies]`: USD per unit of the currency, and when the rate held.
    ///
    /// # Example
    /// ```
    /// let afn = corridors::Currency::new("AFN", 0.0142, "2026-06");
    /// assert_eq!(afn.code, "AFN");
    /// ```
    pub fn new(code: impl Into<String>, usd: f64, date: impl Into<String>) -> Currency {
        Currency {
            code: code.into(),
            usd,
            date: date.into(),
            basis: Basis::Published,
            sources: Vec::new(),
            note: None,
        }
    }
}

impl Priced {
    /// A cost in USD per tonne, its hours the `[transfers]` figure of its kind until given.
    fn new(usd_per_t: f64) -> Priced {
        Priced {
            hours: 0.0,
            usd_per_t,
            hours_range: None,
            usd_per_t_range: None,
            cost: None,
            hours_shared: None,
            cost_shared: None,
            basis: Basis::Published,
            sources: Vec::new(),
            note: None,
            description: None,
            hours_given: false,
        }
    }
}

/// Setters shared by crossings and handling: their time and cost.
macro_rules! priced_setters {
    ($ty:ty) => {
        impl $ty {
            /// The hours it takes, instead of the `[transfers]` figure of its kind.
            pub fn hours(mut self, hours: f64) -> Self {
                self.priced.hours = hours;
                self.priced.hours_given = true;
                self
            }

            /// The low and high of its hours.
            pub fn hours_range(mut self, low: f64, high: f64) -> Self {
                self.priced.hours_range = Some(Interval::new(low, high));
                self
            }

            /// The low and high of its cost, USD per tonne.
            pub fn usd_per_t_range(mut self, low: f64, high: f64) -> Self {
                self.priced.usd_per_t_range = Some(Interval::new(low, high));
                self
            }

            /// Its cost as published: `amount` of `currency` (`USD`, or one of `[currencies]`)
            /// per `per` (`t`, or one of `[units]`), converted to USD per tonne when built.
            pub fn cost(
                mut self,
                amount: f64,
                currency: impl Into<String>,
                per: impl Into<String>,
            ) -> Self {
                self.priced.cost = Some(Money {
                    amount,
                    currency: currency.into(),
                    per: per.into(),
                    usd_per_t: self.priced.usd_per_t,
                    range: None,
                });
                self
            }

            /// Names the figure its hours are one of: every record naming it gives the same.
            pub fn hours_shared(mut self, name: impl Into<String>) -> Self {
                self.priced.hours_shared = Some(name.into());
                self
            }

            /// Names the figure its cost is one of.
            pub fn cost_shared(mut self, name: impl Into<String>) -> Self {
                self.priced.cost_shared = Some(name.into());
                self
            }

            /// What the figures are, in a sentence.
            pub fn description(mut self, text: impl Into<String>) -> Self {
                self.priced.description = Some(text.into());
                self
            }
        }
    };
}

priced_setters!(Crossing);
priced_setters!(Handling);

impl Crossing {
    /// What crossing the border on a cross-border link costs, USD per tonne, both ways until
    /// [`Crossing::from`] names the end it starts from.
    ///
    /// # Example
    /// ```
    /// let c = corridors::Crossing::new("torkham-af-torkham-pk-road", 12.0)
    ///     .from("torkham-af")
    ///     .hours(36.0);
    /// assert_eq!(c.priced.hours, 36.0);
    /// ```
    pub fn new(link: impl Into<String>, usd_per_t: f64) -> Crossing {
        Crossing {
            link: link.into(),
            from: None,
            priced: Priced::new(usd_per_t),
        }
    }

    /// Prices one direction only: crossings starting from this end of the link.
    pub fn from(mut self, end: impl Into<String>) -> Crossing {
        self.from = Some(end.into());
        self
    }
}

impl Handling {
    /// What a transfer of one kind (`port`, `gauge` or `mode`) costs at a place, USD per
    /// tonne.
    ///
    /// # Example
    /// ```
    /// use corridors::{Handling, TransferKind};
    /// let h = Handling::new("chabahar", TransferKind::Port, 8.0).hours(36.0);
    /// assert_eq!(h.priced.usd_per_t, 8.0);
    /// ```
    pub fn new(node: impl Into<String>, kind: TransferKind, usd_per_t: f64) -> Handling {
        Handling {
            node: node.into(),
            kind,
            priced: Priced::new(usd_per_t),
        }
    }
}
