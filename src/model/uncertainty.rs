//! How sure each figure is: the low and high a record states next to a figure
//! (`usd_per_tkm_range = [0.05, 0.08]`), the spread a file declares by its sources' grade
//! (`[uncertainty]`), and the list of parameters a robust answer draws from.
//!
//! A parameter is one figure of one record. Figures that move together are one parameter: a
//! country's rail tariff is drawn once and prices every rail link of that country, the file's
//! default rate of a mode prices every link of that mode that has no rate of its own.

use serde::{Deserialize, Serialize};

use crate::model::costs::Priced;
use crate::model::geometry::great_circle_km;
use crate::model::records::{NONE, Records};
use crate::model::{Confidence, Mode, TransferKind};

/// A figure's low and high; the record's own figure is the central value between them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// The lowest value the figure is taken to have.
    pub low: f64,
    /// The highest.
    pub high: f64,
}

/// The `[uncertainty]` table: the relative spread (±) of a figure that has a published value
/// but no published range, by the confidence grade of its sources. A figure resting on several
/// sources takes the widest of their spreads; one citing none takes grade C's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spreads {
    /// Grade A (an official or primary source): for example 0.10 for ±10 %.
    pub a: f64,
    /// Grade B (one reputable outlet).
    pub b: f64,
    /// Grade C (a blog, an aggregator, a contested claim).
    pub c: f64,
    /// The spread of a link length that is an estimate (`estimated = true`, or computed from
    /// the great circle), when declared (`estimated_length`); never below the great circle.
    pub estimated_length: Option<f64>,
}

impl Spreads {
    /// The spread of a grade.
    pub fn of(&self, grade: Confidence) -> f64 {
        match grade {
            Confidence::A => self.a,
            Confidence::B => self.b,
            Confidence::C => self.c,
        }
    }
}

/// What a parameter measures, which says its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ParameterKind {
    /// A freight rate, USD per tonne-km.
    Rate,
    /// An average speed, km/h.
    Speed,
    /// The hours a crossing or transfer takes.
    Hours,
    /// The USD per tonne a crossing or transfer costs.
    Cost,
    /// A capacity, Mt/yr.
    Capacity,
    /// A scenario's chance per year.
    Probability,
    /// The share of a link's capacity a scenario leaves.
    Factor,
    /// How far every uncertain length moves from its figure towards the high of its range
    /// (`lengths.longer`) or its low (`lengths.shorter`): 0 is the figures, 1 the ends of the
    /// ranges. One draw gives the two, one of them zero.
    LengthShift,
    /// What a project costs to build, USD.
    Investment,
    /// The cargo a demand wants to move, Mt/yr.
    Volume,
}

/// A parameter's unit read back from its text: one of [`ParameterKind::unit`]'s.
pub(crate) fn unit_of<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    const KINDS: [ParameterKind; 10] = [
        ParameterKind::Rate,
        ParameterKind::Speed,
        ParameterKind::Hours,
        ParameterKind::Cost,
        ParameterKind::Capacity,
        ParameterKind::Probability,
        ParameterKind::Factor,
        ParameterKind::LengthShift,
        ParameterKind::Investment,
        ParameterKind::Volume,
    ];
    let text = std::borrow::Cow::<str>::deserialize(d)?;
    KINDS
        .iter()
        .map(|k| k.unit())
        .find(|u| *u == text)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown unit \"{text}\"")))
}

impl ParameterKind {
    /// The unit its values are in.
    pub fn unit(self) -> &'static str {
        match self {
            ParameterKind::Rate => "USD/t-km",
            ParameterKind::Speed => "km/h",
            ParameterKind::Hours => "h",
            ParameterKind::Cost => "USD/t",
            ParameterKind::Capacity => "Mt/yr",
            ParameterKind::Probability => "per year",
            ParameterKind::Factor => "share",
            ParameterKind::LengthShift => "share of range",
            ParameterKind::Investment => "USD",
            ParameterKind::Volume => "Mt/yr",
        }
    }
}

/// Where a parameter's low and high come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RangeFrom {
    /// The record states them (`…_range = [low, high]`).
    Stated,
    /// The file's `[uncertainty]` spread for the grade of the figure's sources.
    Grade,
    /// The file's `[uncertainty] estimated_length` spread, for a length that is an estimate
    /// (its low never below the great circle between the link's ends).
    Estimate,
    /// Neither: the figure is taken as exact (a file with no `[uncertainty]`).
    Fixed,
}

/// One uncertain figure of the network: its id, its central value and its range.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let p = net.parameter("tariff.UZ.rail.usd_per_tkm").unwrap();
/// assert_eq!(p.base, 0.063);
/// assert!(p.low < p.base && p.base < p.high);
/// ```
///
/// Two parameters are equal when their figures are (`id`, `kind`, `unit`, `base`, `low`,
/// `high`, `range`, `grade`): how a draw gives a value is the network's, and one read back
/// from JSON draws triangularly.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Parameter {
    /// The figure's path in the file: `tariff.UZ.rail.usd_per_tkm`,
    /// `crossing.<link>.<from>.hours`, `handling.<node>.port.usd_per_t`,
    /// `transfers.gauge.hours`, `defaults.road.speed_kmh`, `link.<id>.capacity_mtpa`,
    /// `scenario.<id>.probability`, `project.<id>.cost_usd`, `project.<id>.capacity_mtpa.<key>`,
    /// `demand.<from>.<to>.mtpa` (with `.2`, `.3`, … after it for a second and third demand
    /// between the same two places).
    pub id: String,
    /// What it measures.
    pub kind: ParameterKind,
    /// Its unit.
    #[serde(deserialize_with = "unit_of")]
    pub unit: crate::model::UnitText,
    /// The record's figure.
    pub base: f64,
    /// The lowest value drawn.
    pub low: f64,
    /// The highest value drawn.
    pub high: f64,
    /// Where the range comes from.
    pub range: RangeFrom,
    /// The grade whose spread gave the range, when one did.
    pub grade: Option<Confidence>,
    /// How a draw gives its value.
    #[serde(skip)]
    pub(crate) draw: Draw,
}

/// How a parameter is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Draw {
    /// Triangular between its low and high, its figure the mode.
    #[default]
    Triangular,
    /// One side of a shift drawn once for a pair (`<pair>.longer` and `<pair>.shorter`):
    /// triangular on [-1, 1] with mode 0, whose positive part is the `longer` parameter and
    /// whose negative part, negated, the `shorter`.
    Side { longer: bool },
}

impl PartialEq for Parameter {
    fn eq(&self, o: &Parameter) -> bool {
        self.id == o.id
            && self.kind == o.kind
            && self.unit == o.unit
            && self.base == o.base
            && self.low == o.low
            && self.high == o.high
            && self.range == o.range
            && self.grade == o.grade
    }
}

impl Parameter {
    /// Whether the figure can move at all (`low < high`).
    pub fn varies(&self) -> bool {
        self.low < self.high
    }
}

/// Which figure of which record a parameter is (indices into the records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Figure {
    DefaultRate(Mode),
    DefaultSpeed(Mode),
    TransferHours(TransferKind),
    TransferCost(TransferKind),
    TariffRate(u32),
    TariffSpeed(u32),
    LinkRate(u32),
    LinkSpeed(u32),
    CrossingHours(u32),
    CrossingCost(u32),
    HandlingHours(u32),
    HandlingCost(u32),
    NodeCapacity(u32),
    LinkCapacity(u32),
    Probability(u32),
    /// Every uncertain length, towards its high (`true`) or its low.
    LengthShift(bool),
    /// A scenario's capacity factor, hours or USD added, by scenario and key (map order).
    EventFactor(u32, u32),
    EventHours(u32, u32),
    EventUsd(u32, u32),
    /// A project's cost, and the capacities it sets by key (map order).
    ProjectCost(u32),
    ProjectCapacity(u32, u32),
    /// A demand's volume.
    DemandVolume(u32),
}

/// Where a link's rate (or speed) comes from: the parameters whose mean it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RateFrom {
    /// The link's own figure.
    Own,
    /// The tariffs of one or two countries (the same index twice for one).
    Tariffs(u32, u32),
    /// The mode's default.
    Default,
}

/// The parameters of a network and, for the engine, which parameter each figure that weighs
/// on a route is.
#[derive(Debug, Clone, Default)]
pub(crate) struct Uncertain {
    pub parameters: Vec<Parameter>,
    /// The central values, one per parameter.
    pub base: Vec<f64>,
    pub figures: Vec<Figure>,
    /// Per link: the one or two parameters whose mean is its rate.
    pub link_rate: Vec<[u32; 2]>,
    /// Per link: the one or two parameters whose mean is its speed; `NONE` when its hours
    /// are stated.
    pub link_speed: Vec<[u32; 2]>,
    /// Per link: how far its length may move up and down, km (zero for an exact length).
    pub link_length: Vec<[f64; 2]>,
    /// The `longer` and `shorter` shift parameters every uncertain length moves by; `NONE`
    /// when no length moves.
    pub lengths: [u32; 2],
    /// Per scenario: the parameters of its hours and USD added, by key.
    pub event: Vec<EventParameters>,
    /// Figures that are a parameter listed for another record (a shared figure): the
    /// parameter and the figure, for a draw's records to take its value too.
    pub shared: Vec<(u32, Figure)>,
    /// Per `[[crossings]]` record: its hours and cost parameters.
    pub crossing: Vec<[u32; 2]>,
    /// Per `[[handling]]` record: its hours and cost parameters.
    pub handling: Vec<[u32; 2]>,
    /// Per transfer kind (`kind as usize`): the `[transfers]` hours and cost parameters.
    pub transfer: [[u32; 2]; TransferKind::ALL.len()],
}

/// The parameters of one scenario's hours and USD added, in the order of their maps' keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventParameters {
    pub hours: Vec<u32>,
    pub usd: Vec<u32>,
}

/// Sets the `k`-th value (in key order) of a scenario's map.
fn set_nth(map: &mut std::collections::BTreeMap<String, f64>, k: u32, x: f64) {
    if let Some(v) = map.values_mut().nth(k as usize) {
        *v = x;
    }
}

/// A figure's value and stated range, as a record holds them.
struct Fig<'a> {
    id: String,
    kind: ParameterKind,
    base: f64,
    stated: Option<Interval>,
    sources: &'a [String],
}

impl<'a> Fig<'a> {
    fn new(
        id: String,
        kind: ParameterKind,
        base: f64,
        stated: Option<Interval>,
        sources: &'a [String],
    ) -> Fig<'a> {
        Fig {
            id,
            kind,
            base,
            stated,
            sources,
        }
    }
}

impl Records {
    /// The parameters of every figure that weighs on a route, a capacity or a risk, and the
    /// index tables the engine reads them by.
    pub(crate) fn uncertain(&self) -> Uncertain {
        let mut u = Uncertain {
            lengths: [NONE; 2],
            ..Uncertain::default()
        };
        let grade_of = |sources: &[String]| -> Confidence {
            sources
                .iter()
                .filter_map(|s| self.sources.iter().find(|x| &x.id == s))
                .map(|s| s.confidence)
                .max()
                .unwrap_or(Confidence::C)
        };
        let push = |u: &mut Uncertain, figure: Figure, f: Fig<'_>| -> u32 {
            let (low, high, range, grade) = match (f.stated, self.spreads) {
                (Some(i), _) => (i.low, i.high, RangeFrom::Stated, None),
                (None, Some(s)) => {
                    let g = grade_of(f.sources);
                    let x = s.of(g);
                    let low = f.base * (1.0 - x);
                    let high = f.base * (1.0 + x);
                    let low = match f.kind {
                        ParameterKind::Probability | ParameterKind::Factor => low.max(0.0),
                        _ => low,
                    };
                    let high = match f.kind {
                        ParameterKind::Probability | ParameterKind::Factor => high.min(1.0),
                        _ => high,
                    };
                    (low, high, RangeFrom::Grade, Some(g))
                }
                (None, None) => (f.base, f.base, RangeFrom::Fixed, None),
            };
            u.parameters.push(Parameter {
                id: f.id,
                kind: f.kind,
                unit: f.kind.unit(),
                base: f.base,
                low,
                high,
                range,
                grade,
                draw: Draw::Triangular,
            });
            u.figures.push(figure);
            (u.parameters.len() - 1) as u32
        };
        let none: &[String] = &[];
        let mut default_rate = [NONE; 3];
        let mut default_speed = [NONE; 3];
        for (m, mode) in Mode::ALL.into_iter().enumerate() {
            let d = self.defaults.of(mode);
            let key = mode.as_str();
            default_rate[m] = push(
                &mut u,
                Figure::DefaultRate(mode),
                Fig::new(
                    format!("defaults.{key}.usd_per_tkm"),
                    ParameterKind::Rate,
                    d.usd_per_tkm,
                    d.usd_per_tkm_range,
                    none,
                ),
            );
            default_speed[m] = push(
                &mut u,
                Figure::DefaultSpeed(mode),
                Fig::new(
                    format!("defaults.{key}.speed_kmh"),
                    ParameterKind::Speed,
                    d.speed_kmh,
                    d.speed_kmh_range,
                    none,
                ),
            );
        }
        for kind in TransferKind::ALL {
            let t = self.transfers.of(kind);
            let key = kind.as_str();
            let h = push(
                &mut u,
                Figure::TransferHours(kind),
                Fig::new(
                    format!("transfers.{key}.hours"),
                    ParameterKind::Hours,
                    t.hours,
                    t.hours_range,
                    none,
                ),
            );
            let c = push(
                &mut u,
                Figure::TransferCost(kind),
                Fig::new(
                    format!("transfers.{key}.usd_per_t"),
                    ParameterKind::Cost,
                    t.usd_per_t,
                    t.usd_per_t_range,
                    none,
                ),
            );
            u.transfer[kind as usize] = [h, c];
        }
        let mut tariff_rate = vec![NONE; self.tariffs.len()];
        let mut tariff_speed = vec![NONE; self.tariffs.len()];
        for (i, t) in self.tariffs.iter().enumerate() {
            let at = format!("tariff.{}.{}", t.country, t.mode.as_str());
            if let Some(r) = t.usd_per_tkm {
                tariff_rate[i] = push(
                    &mut u,
                    Figure::TariffRate(i as u32),
                    Fig::new(
                        format!("{at}.usd_per_tkm"),
                        ParameterKind::Rate,
                        r,
                        t.usd_per_tkm_range,
                        &t.sources,
                    ),
                );
            }
            if let Some(s) = t.speed_kmh {
                tariff_speed[i] = push(
                    &mut u,
                    Figure::TariffSpeed(i as u32),
                    Fig::new(
                        format!("{at}.speed_kmh"),
                        ParameterKind::Speed,
                        s,
                        t.speed_kmh_range,
                        &t.sources,
                    ),
                );
            }
        }
        for (i, l) in self.links.iter().enumerate() {
            let m = l.mode.index();
            let from = |u: &mut Uncertain, from: RateFrom, speed: bool| -> [u32; 2] {
                match from {
                    RateFrom::Own => {
                        let (figure, kind, key, base, stated) = if speed {
                            (
                                Figure::LinkSpeed(i as u32),
                                ParameterKind::Speed,
                                "speed_kmh",
                                l.speed_kmh,
                                l.speed_kmh_range,
                            )
                        } else {
                            (
                                Figure::LinkRate(i as u32),
                                ParameterKind::Rate,
                                "usd_per_tkm",
                                l.usd_per_tkm,
                                l.usd_per_tkm_range,
                            )
                        };
                        let p = push(
                            u,
                            figure,
                            Fig {
                                id: format!("link.{}.{key}", l.id),
                                kind,
                                base,
                                stated,
                                sources: &l.sources,
                            },
                        );
                        [p, p]
                    }
                    RateFrom::Tariffs(a, b) => {
                        let t = if speed { &tariff_speed } else { &tariff_rate };
                        [t[a as usize], t[b as usize]]
                    }
                    RateFrom::Default => {
                        let p = if speed {
                            default_speed[m]
                        } else {
                            default_rate[m]
                        };
                        [p, p]
                    }
                }
            };
            let [rate, speed] = self.rate_from[i];
            let r = from(&mut u, rate, false);
            u.link_rate.push(r);
            let s = if l.hours_override.is_some() {
                [NONE, NONE]
            } else {
                from(&mut u, speed, true)
            };
            u.link_speed.push(s);
            u.link_length.push(self.length_span(i));
        }
        // Every uncertain length moves by one shift, towards its high or towards its low:
        // one error of the method behind the estimates (a great circle times a detour
        // factor), drawn once for the whole network.
        if u.link_length.iter().any(|&span| span != [0.0, 0.0]) {
            let first = u.parameters.len();
            for longer in [true, false] {
                let side = if longer { "longer" } else { "shorter" };
                u.parameters.push(Parameter {
                    id: format!("lengths.{side}"),
                    kind: ParameterKind::LengthShift,
                    unit: ParameterKind::LengthShift.unit(),
                    base: 0.0,
                    low: 0.0,
                    high: 1.0,
                    range: RangeFrom::Estimate,
                    grade: None,
                    draw: Draw::Side { longer },
                });
                u.figures.push(Figure::LengthShift(longer));
            }
            u.lengths = [first as u32, first as u32 + 1];
        }
        // A crossing's or a handling record's hours and cost: two parameters, unless a
        // figure is one several records share (`hours_shared`, `cost_shared`), drawn once.
        let mut shared: std::collections::HashMap<(String, bool), u32> = Default::default();
        let mut priced =
            |u: &mut Uncertain, at: String, p: &Priced, figures: [Figure; 2]| -> [u32; 2] {
                let [fh, fc] = figures;
                let mut one = |u: &mut Uncertain, cost: bool, figure: Figure| -> u32 {
                    let (tag, field, kind, x, range) = if cost {
                        let (x, r) = (p.usd_per_t, p.usd_per_t_range);
                        (&p.cost_shared, "usd_per_t", ParameterKind::Cost, x, r)
                    } else {
                        (
                            &p.hours_shared,
                            "hours",
                            ParameterKind::Hours,
                            p.hours,
                            p.hours_range,
                        )
                    };
                    if let Some(tag) = tag {
                        if let Some(&k) = shared.get(&(tag.clone(), cost)) {
                            u.shared.push((k, figure));
                            return k;
                        }
                    }
                    let id = match tag {
                        Some(tag) => format!("shared.{tag}.{field}"),
                        None => format!("{at}.{field}"),
                    };
                    let k = push(u, figure, Fig::new(id, kind, x, range, &p.sources));
                    if let Some(tag) = tag {
                        shared.insert((tag.clone(), cost), k);
                    }
                    // A cost paid per box or truck whose tonnes are uncertain: per tonne, it
                    // is as low as the low amount in the fullest box, as high as the high in
                    // the emptiest.
                    let unit = p
                        .cost
                        .as_ref()
                        .filter(|_| cost)
                        .and_then(|m| self.units.iter().find(|x| x.id == m.per));
                    if let Some((t, r)) = unit.and_then(|x| Some((x.tonnes, x.tonnes_range?))) {
                        let param = &mut u.parameters[k as usize];
                        param.low *= t / r.high;
                        param.high *= t / r.low;
                    }
                    k
                };
                [one(u, false, fh), one(u, true, fc)]
            };
        for (i, c) in self.crossings.iter().enumerate() {
            let at = match &c.from {
                Some(f) => format!("crossing.{}.{f}", c.link),
                None => format!("crossing.{}", c.link),
            };
            let k = i as u32;
            let pair = priced(
                &mut u,
                at,
                &c.priced,
                [Figure::CrossingHours(k), Figure::CrossingCost(k)],
            );
            u.crossing.push(pair);
        }
        for (i, hd) in self.handling.iter().enumerate() {
            let at = format!("handling.{}.{}", hd.node, hd.kind.as_str());
            let k = i as u32;
            let pair = priced(
                &mut u,
                at,
                &hd.priced,
                [Figure::HandlingHours(k), Figure::HandlingCost(k)],
            );
            u.handling.push(pair);
        }
        // Capacities of places and links, and the chances of scenarios: a figure each, when
        // the record states it.
        let fig = |id, kind, base: Option<f64>, stated, sources| {
            Some(Fig::new(id, kind, base?, stated, sources))
        };
        let capacity = ParameterKind::Capacity;
        let nodes = self.nodes.iter().enumerate().filter_map(|(i, n)| {
            let id = format!("node.{}.capacity_mtpa", n.id);
            let f = fig(
                id,
                capacity,
                n.capacity_mtpa,
                n.capacity_mtpa_range,
                &n.sources,
            );
            Some((Figure::NodeCapacity(i as u32), f?))
        });
        let links = self.links.iter().enumerate().filter_map(|(i, l)| {
            let id = format!("link.{}.capacity_mtpa", l.id);
            let f = fig(
                id,
                capacity,
                l.capacity_mtpa,
                l.capacity_mtpa_range,
                &l.sources,
            );
            Some((Figure::LinkCapacity(i as u32), f?))
        });
        let chances = self.scenarios.iter().enumerate().filter_map(|(i, s)| {
            let id = format!("scenario.{}.probability", s.id);
            let kind = ParameterKind::Probability;
            let f = fig(id, kind, s.probability, s.probability_range, &s.sources);
            Some((Figure::Probability(i as u32), f?))
        });
        for (figure, fig) in nodes.chain(links).chain(chances) {
            push(&mut u, figure, fig);
        }
        // What each scenario does, figure by figure.
        for (i, sc) in self.scenarios.iter().enumerate() {
            let i = i as u32;
            let mut keyed = |field: &str,
                             kind: ParameterKind,
                             values: &std::collections::BTreeMap<String, f64>,
                             ranges: &std::collections::BTreeMap<String, Interval>,
                             figure: fn(u32, u32) -> Figure| {
                values
                    .iter()
                    .enumerate()
                    .map(|(k, (key, &x))| {
                        let id = format!("scenario.{}.{field}.{key}", sc.id);
                        let stated = ranges.get(key).copied();
                        let f = Fig::new(id, kind, x, stated, &sc.sources);
                        push(&mut u, figure(i, k as u32), f)
                    })
                    .collect()
            };
            // Capacity factors are parameters too (a draw's records take them), though no
            // route weighs them.
            let _factors: Vec<u32> = keyed(
                "capacity_factor",
                ParameterKind::Factor,
                &sc.capacity_factor,
                &sc.capacity_factor_range,
                Figure::EventFactor,
            );
            let e = EventParameters {
                hours: keyed(
                    "add_hours",
                    ParameterKind::Hours,
                    &sc.add_hours,
                    &sc.add_hours_range,
                    Figure::EventHours,
                ),
                usd: keyed(
                    "add_usd_per_t",
                    ParameterKind::Cost,
                    &sc.add_usd_per_t,
                    &sc.add_usd_per_t_range,
                    Figure::EventUsd,
                ),
            };
            u.event.push(e);
        }
        // Projects last, so adding them leaves every other parameter's draws as they were.
        for (i, p) in self.projects.iter().enumerate() {
            let i = i as u32;
            if let Some(c) = p.cost_usd {
                let id = format!("project.{}.cost_usd", p.id);
                let kind = ParameterKind::Investment;
                let f = Fig::new(id, kind, c, p.cost_usd_range, &p.sources);
                push(&mut u, Figure::ProjectCost(i), f);
            }
            for (k, (key, &x)) in p.capacity_mtpa.iter().enumerate() {
                let id = format!("project.{}.capacity_mtpa.{key}", p.id);
                let stated = p.capacity_mtpa_range.get(key).copied();
                let f = Fig::new(id, ParameterKind::Capacity, x, stated, &p.sources);
                push(&mut u, Figure::ProjectCapacity(i, k as u32), f);
            }
        }
        // Demands after projects, for the same reason: files written before demands were
        // drawn draw every other figure as they did.
        let mut seen: std::collections::HashMap<(&str, &str), u32> =
            std::collections::HashMap::new();
        for (i, d) in self.demands.iter().enumerate() {
            let n = seen.entry((&d.from, &d.to)).or_insert(0);
            *n += 1;
            let id = match *n {
                1 => format!("demand.{}.{}.mtpa", d.from, d.to),
                n => format!("demand.{}.{}.mtpa.{n}", d.from, d.to),
            };
            let f = Fig::new(id, ParameterKind::Volume, d.mtpa, d.mtpa_range, &d.sources);
            push(&mut u, Figure::DemandVolume(i as u32), f);
        }
        u.base = u.parameters.iter().map(|p| p.base).collect();
        u
    }

    /// The low and high of a scenario's probability, when it is one of the file's and has
    /// one.
    pub(crate) fn probability_range(&self, sc: &crate::model::Scenario) -> Option<(f64, f64)> {
        let s = self.scenarios.iter().position(|x| std::ptr::eq(x, sc))? as u32;
        let u = &self.uncertain;
        let j = u
            .figures
            .iter()
            .position(|f| *f == Figure::Probability(s))?;
        let p = &u.parameters[j];
        Some((p.low, p.high))
    }

    /// How far link `i`'s length may move up and down from its figure, km: its stated range,
    /// or for an estimate the file's `estimated_length` spread, never below the great circle
    /// between its ends. A published length with no range does not move.
    fn length_span(&self, i: usize) -> [f64; 2] {
        let l = &self.links[i];
        let km = l.length_km;
        match (l.length_km_range, self.spreads) {
            (Some(r), _) => [r.high - km, km - r.low],
            (
                None,
                Some(Spreads {
                    estimated_length: Some(x),
                    ..
                }),
            ) if l.estimated => {
                let (a, b) = self.ends[i];
                let gc = great_circle_km(self.nodes[a].position(), self.nodes[b].position());
                [km * x, km - (km * (1.0 - x)).max(gc.min(km))]
            }
            _ => [0.0, 0.0],
        }
    }
}

impl Records {
    /// The same records with each parameter's figure set to `values` (one per parameter, in
    /// order), joined again so links take the new tariffs and defaults; each parameter keeps
    /// its range, widened to hold its new value. `values` must have been checked (finite, and
    /// positive for speeds, non-negative otherwise, probabilities at most 1).
    ///
    /// # Errors
    /// What [`Records::joined`] returns (never, for records that joined once).
    pub(crate) fn with_values(&self, values: &[f64]) -> Result<Records, String> {
        let mut r = self.clone();
        let mut shift = [0.0; 2];
        for (f, &x) in self.uncertain.figures.iter().zip(values) {
            let i = |k: u32| k as usize;
            match *f {
                Figure::DefaultRate(m) => defaults_of(&mut r, m).usd_per_tkm = x,
                Figure::DefaultSpeed(m) => defaults_of(&mut r, m).speed_kmh = x,
                Figure::TransferHours(k) => transfers_of(&mut r, k).hours = x,
                Figure::TransferCost(k) => transfers_of(&mut r, k).usd_per_t = x,
                Figure::TariffRate(k) => r.tariffs[i(k)].usd_per_tkm = Some(x),
                Figure::TariffSpeed(k) => r.tariffs[i(k)].speed_kmh = Some(x),
                Figure::LinkRate(k) => r.links[i(k)].usd_per_tkm = x,
                Figure::LinkSpeed(k) => r.links[i(k)].speed_kmh = x,
                Figure::CrossingHours(k) => r.crossings[i(k)].priced.hours = x,
                Figure::CrossingCost(k) => r.crossings[i(k)].priced.usd_per_t = x,
                Figure::HandlingHours(k) => r.handling[i(k)].priced.hours = x,
                Figure::HandlingCost(k) => r.handling[i(k)].priced.usd_per_t = x,
                Figure::NodeCapacity(k) => r.nodes[i(k)].capacity_mtpa = Some(x),
                Figure::LinkCapacity(k) => r.links[i(k)].capacity_mtpa = Some(x),
                Figure::Probability(k) => r.scenarios[i(k)].probability = Some(x),
                Figure::LengthShift(longer) => shift[usize::from(!longer)] = x,
                Figure::EventFactor(s, k) => set_nth(&mut r.scenarios[i(s)].capacity_factor, k, x),
                Figure::EventHours(s, k) => set_nth(&mut r.scenarios[i(s)].add_hours, k, x),
                Figure::EventUsd(s, k) => set_nth(&mut r.scenarios[i(s)].add_usd_per_t, k, x),
                Figure::ProjectCost(p) => r.projects[i(p)].cost_usd = Some(x),
                Figure::ProjectCapacity(p, k) => set_nth(&mut r.projects[i(p)].capacity_mtpa, k, x),
                Figure::DemandVolume(k) => r.demands[i(k)].mtpa = x,
            }
        }
        for &(k, f) in &self.uncertain.shared {
            let x = values[k as usize];
            match f {
                Figure::CrossingHours(k) => r.crossings[k as usize].priced.hours = x,
                Figure::CrossingCost(k) => r.crossings[k as usize].priced.usd_per_t = x,
                Figure::HandlingHours(k) => r.handling[k as usize].priced.hours = x,
                Figure::HandlingCost(k) => r.handling[k as usize].priced.usd_per_t = x,
                _ => {}
            }
        }
        // Uncertain lengths move by the shifts, as the weights move them.
        let [longer, shorter] = shift;
        for (l, [up, down]) in r.links.iter_mut().zip(&self.uncertain.link_length) {
            l.length_km += up * longer - down * shorter;
        }
        let mut r = r.joined()?;
        for (p, old) in r
            .uncertain
            .parameters
            .iter_mut()
            .zip(&self.uncertain.parameters)
        {
            p.low = old.low.min(p.base);
            p.high = old.high.max(p.base);
            p.range = old.range;
            p.grade = old.grade;
        }
        Ok(r)
    }
}

fn defaults_of(r: &mut Records, m: Mode) -> &mut crate::model::ModeDefaults {
    match m {
        Mode::Rail => &mut r.defaults.rail,
        Mode::Road => &mut r.defaults.road,
        Mode::Sea => &mut r.defaults.sea,
    }
}

fn transfers_of(r: &mut Records, k: TransferKind) -> &mut crate::model::TransferCost {
    match k {
        TransferKind::Gauge => &mut r.transfers.gauge,
        TransferKind::Mode => &mut r.transfers.mode,
        TransferKind::Port => &mut r.transfers.port,
        TransferKind::Border => &mut r.transfers.border,
    }
}
