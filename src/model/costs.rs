//! Costs as published: freight rates per country and mode, border crossings per direction,
//! handling at places, and the conversions (tonnes per truck or box, USD per unit of a
//! currency) that turn a published figure into USD per tonne, each with its sources.

use serde::{Deserialize, Serialize};

use crate::model::uncertainty::Interval;
use crate::model::{Mode, TransferKind};

/// How a figure came to be: what a reader checking a route against its sources should expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Basis {
    /// The source's own figure for this link, place or country (a unit conversion aside).
    Published,
    /// Computed from published figures: a national average applied to one crossing, a
    /// survey's cost per 500 km and 20 t turned into a rate per tonne-km.
    Derived,
    /// A judgement or a rough estimate, said so in the record.
    Estimated,
    /// No figure for it: the file's default for the mode or the kind of transfer.
    Default,
}

impl Basis {
    /// The basis of a record that cites sources: `derived` when it says how its figure was
    /// derived, `estimated` when it says how it was estimated, else `published`.
    pub(crate) fn of(derived: bool, estimated: bool) -> Basis {
        match (derived, estimated) {
            (_, true) => Basis::Estimated,
            (true, false) => Basis::Derived,
            _ => Basis::Published,
        }
    }

    /// `published`, `derived`, `estimated` or `default`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Published => "published",
            Basis::Derived => "derived",
            Basis::Estimated => "estimated",
            Basis::Default => "default",
        }
    }

    /// The weaker of two: a figure made of a published and an estimated part is estimated.
    pub(crate) fn weaker(self, other: Basis) -> Basis {
        self.max(other)
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A cost as its source gives it: an amount in a currency per a unit of cargo (`267 USD per
/// truck`, `480 PKR per t`), converted to USD per tonne by the file's `[units]` and
/// `[currencies]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Money {
    /// The amount published.
    pub amount: f64,
    /// The currency's code (`USD`, `PKR`, `AFN`).
    pub currency: String,
    /// What the amount is paid per: `t` or a unit of the file's `[units]` (`truck`, `teu`).
    pub per: String,
    /// The amount in USD per tonne.
    pub usd_per_t: f64,
    /// The low and high of the amount, as published, when stated (`range`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Interval>,
}

/// An entry of `[units]`: how many tonnes one unit carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unit {
    /// The unit's name as costs write it (`truck`, `teu`, `wagon`).
    pub id: String,
    /// Tonnes of cargo per unit.
    pub tonnes: f64,
    /// The low and high of the tonnes, when stated (`tonnes_range`): a cost paid per unit
    /// then has its range in USD per tonne widened by it.
    pub tonnes_range: Option<crate::model::Interval>,
    /// How the figure came to be.
    pub basis: Basis,
    /// Ids of the sources it rests on.
    pub sources: Vec<String>,
    /// How it was derived or estimated, when it was.
    pub note: Option<String>,
}

/// An entry of `[currencies]`: what one unit of a currency was worth in USD, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Currency {
    /// The ISO 4217 code (`PKR`).
    pub code: String,
    /// USD per unit of the currency.
    pub usd: f64,
    /// When the rate held, as the source says (`2025-07`).
    pub date: String,
    /// How the figure came to be.
    pub basis: Basis,
    /// Ids of the sources it rests on.
    pub sources: Vec<String>,
    /// How it was derived or estimated, when it was.
    pub note: Option<String>,
}

/// A `[[tariffs]]` record: the freight rate and speed of one mode in one country, which links
/// of that mode and country take unless they give their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tariff {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The mode it prices.
    pub mode: Mode,
    /// USD per tonne-kilometre, when published.
    pub usd_per_tkm: Option<f64>,
    /// Average speed, km/h, when published.
    pub speed_kmh: Option<f64>,
    /// The rate's low and high, when stated.
    pub usd_per_tkm_range: Option<Interval>,
    /// The speed's low and high, when stated.
    pub speed_kmh_range: Option<Interval>,
    /// How the figures came to be.
    pub basis: Basis,
    /// Ids of the sources they rest on.
    pub sources: Vec<String>,
    /// How they were derived or estimated, when they were.
    pub note: Option<String>,
    /// What the figures are, in a sentence.
    pub description: Option<String>,
}

/// What crossing a border or changing at a place takes, and where the figures come from: the
/// part `[[crossings]]` and `[[handling]]` records share.
///
/// Its JSON also says whether the record gives its hours itself (`hours_given`), rather than
/// taking the `[transfers]` figure of its kind, so that one read back is the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Priced {
    /// Hours it takes (the `[transfers]` figure of its kind when none is published).
    pub hours: f64,
    /// USD per tonne paid.
    pub usd_per_t: f64,
    /// The low and high of the hours, when stated.
    pub hours_range: Option<Interval>,
    /// The low and high of the cost in USD per tonne, when stated (converted like the cost).
    pub usd_per_t_range: Option<Interval>,
    /// The cost as published, when it was given in another unit or currency.
    pub cost: Option<Money>,
    /// The name of the figure the hours are one of (`hours_shared = "uz-road-2023"`): every
    /// record naming it has the same hours, which move together.
    pub hours_shared: Option<String>,
    /// The same for the cost (`cost_shared`).
    pub cost_shared: Option<String>,
    /// How the figures came to be.
    pub basis: Basis,
    /// Ids of the sources they rest on.
    pub sources: Vec<String>,
    /// How they were derived or estimated, when they were.
    pub note: Option<String>,
    /// What the figures are, in a sentence.
    pub description: Option<String>,
    /// Whether the record gives its hours (else they are the `[transfers]` figure of its
    /// kind, and follow it when it changes): `hours_given` in JSON, true when absent.
    #[serde(default = "crate::model::given")]
    pub(crate) hours_given: bool,
}

/// A `[[crossings]]` record: what crossing a border on one link takes, in one direction or
/// both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Crossing {
    /// The cross-border link.
    pub link: String,
    /// The end the crossing starts from; `None`: both directions.
    pub from: Option<String>,
    /// Its time and cost, waiting at both sides' posts included.
    #[serde(flatten)]
    pub priced: Priced,
}

/// A `[[handling]]` record: what a transfer of one kind costs at one place (a port's
/// handling, a gauge change at a border station, a rail-road change at a dry port).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Handling {
    /// The place.
    pub node: String,
    /// The kind of transfer priced: `port`, `gauge` or `mode`.
    pub kind: TransferKind,
    /// Its time and cost.
    #[serde(flatten)]
    pub priced: Priced,
}
