//! Criticality ranked again in draws of every uncertain figure: how far each link's (and
//! place's) damage and rank move, how often it is the worst, and how often each joint pair
//! cuts cargo off.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CriticalQuery, Criticality};
use crate::analysis::draws::{Sampling, chances, spread_of};
use crate::error::QueryError;
use crate::network::Network;

/// The most draws a criticality question takes: each ranks every link again on a network
/// rebuilt with the draw's figures.
pub const MAX_CRITICAL_DRAWS: usize = 10_000;

/// What the draws say of one link's (or place's) loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DamageDraws {
    /// The link or node id.
    pub id: String,
    /// Its rank in each draw, 1 the worst (those whose loss does the same damage share a
    /// rank: one more than the number doing more): percentiles 5, 50 and 95.
    pub rank: [usize; 3],
    /// Share of draws in which no loss does more damage (several tie when one reroute
    /// follows from each).
    pub chance_worst: f64,
    /// Extra cost a year of the flows that reroute, USD: percentiles 5, 50 and 95.
    pub damage_usd_per_year: [f64; 3],
    /// Mt/yr left with no route: percentiles 5, 50 and 95.
    pub cut_off_mtpa: [f64; 3],
    /// Share of draws in which its loss cuts some cargo off.
    pub chance_cuts_off: f64,
    /// With [`CriticalQuery::capacity`], a link's rail and sea capacity lost, Mt/yr:
    /// percentiles over the draws in which it is known (absent from JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_lost_mtpa: Option<[f64; 3]>,
}

/// How often two links cut cargo off together when neither does alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JointDraws {
    /// The two link ids, in the order of the file.
    pub links: [String; 2],
    /// Share of draws in which they are a joint pair.
    pub chance: f64,
}

/// What the draws say of a criticality ranking ([`CriticalQuery::draws`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CriticalDraws {
    /// Draws made.
    pub n: usize,
    /// Their seed.
    pub seed: u64,
    /// How they spread over each figure's range; left out of the JSON when independent.
    #[serde(default, skip_serializing_if = "Sampling::is_independent")]
    pub sampling: Sampling,
    /// Every link ranked in some draw, by median rank (then the 95th percentile, then id).
    pub links: Vec<DamageDraws>,
    /// Every node, likewise, when nodes are asked for.
    pub nodes: Vec<DamageDraws>,
    /// Every pair of links joint in some draw, most often first (then by ids).
    pub joint: Vec<JointDraws>,
}

/// One loss in one draw: its rank (from 1), damage, Mt/yr cut off and, for a link when asked
/// and known, the capacity it takes.
#[derive(Clone, Copy)]
struct Loss {
    rank: usize,
    usd: f64,
    cut: f64,
    capacity: Option<f64>,
}

/// One ranked list of a draw, by id.
type Ranked = BTreeMap<String, Loss>;

/// One draw reduced to what the draws report.
struct Drawn {
    links: Ranked,
    nodes: Ranked,
    joint: Vec<[String; 2]>,
}

impl Drawn {
    fn of(c: Criticality) -> Drawn {
        // Worst first, as listed; losses doing the same damage ranked the same (one more than
        // the number of losses worse), so a tie's order by id does not pick the worst.
        let rank = |rows: Vec<(String, Loss)>| -> Ranked {
            let mut out = Ranked::new();
            let mut last: Option<Loss> = None;
            for (i, (id, mut loss)) in rows.into_iter().enumerate() {
                loss.rank = match last {
                    Some(l) if l.usd == loss.usd && l.cut == loss.cut => l.rank,
                    _ => i + 1,
                };
                last = Some(loss);
                out.insert(id, loss);
            }
            out
        };
        let loss = |usd, cut, capacity| Loss {
            rank: 0,
            usd,
            cut,
            capacity,
        };
        Drawn {
            links: rank(
                c.links
                    .into_iter()
                    .map(|d| {
                        let l = loss(d.damage_usd_per_year, d.cut_off_mtpa, d.capacity_lost_mtpa);
                        (d.link, l)
                    })
                    .collect(),
            ),
            nodes: rank(
                c.nodes
                    .into_iter()
                    .map(|d| (d.node, loss(d.damage_usd_per_year, d.cut_off_mtpa, None)))
                    .collect(),
            ),
            joint: c.joint.into_iter().map(|j| j.links).collect(),
        }
    }
}

/// Each id ranked in some draw of `lists`: a draw that does not list it ranks it after all
/// it lists, with no damage.
fn damage_draws<'a>(lists: impl Iterator<Item = &'a Ranked> + Clone) -> Vec<DamageDraws> {
    let n = lists.clone().count() as f64;
    let ids: std::collections::BTreeSet<&String> = lists.clone().flat_map(|l| l.keys()).collect();
    let mut out: Vec<DamageDraws> = ids
        .into_iter()
        .map(|id| {
            let rows: Vec<Loss> = lists
                .clone()
                .map(|l| {
                    l.get(id).copied().unwrap_or(Loss {
                        rank: l.len() + 1,
                        usd: 0.0,
                        cut: 0.0,
                        capacity: None,
                    })
                })
                .collect();
            let lost: Vec<f64> = rows.iter().filter_map(|r| r.capacity).collect();
            DamageDraws {
                id: id.clone(),
                rank: spread_of(&rows, |r| r.rank as f64).map(|r| r as usize),
                chance_worst: rows.iter().filter(|r| r.rank == 1).count() as f64 / n,
                damage_usd_per_year: spread_of(&rows, |r| r.usd),
                cut_off_mtpa: spread_of(&rows, |r| r.cut),
                chance_cuts_off: rows.iter().filter(|r| r.cut > 0.0).count() as f64 / n,
                capacity_lost_mtpa: (!lost.is_empty()).then(|| spread_of(&lost, |x| *x)),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.rank[1], a.rank[2])
            .cmp(&(b.rank[1], b.rank[2]))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

impl Network {
    /// What `q.sampler.n` draws say of the ranking `once` gives (`q` without its draws).
    pub(super) fn critical_draws(
        &self,
        q: &CriticalQuery,
        once: &CriticalQuery,
    ) -> Result<CriticalDraws, QueryError> {
        let sampler = q.sampler;
        let rows: Vec<Drawn> =
            self.each_draw("criticality draws", &sampler, q.watch.get(), |_, net| {
                Ok(Drawn::of(net.critical(once)?))
            })?;
        let joint = chances(rows.iter().map(|r| &r.joint[..]), rows.len())
            .into_iter()
            .map(|(links, chance)| JointDraws { links, chance })
            .collect();
        Ok(CriticalDraws {
            n: q.sampler.n,
            seed: q.sampler.seed,
            sampling: q.sampler.sampling,
            links: damage_draws(rows.iter().map(|r| &r.links)),
            nodes: damage_draws(rows.iter().map(|r| &r.nodes)),
            joint,
        })
    }
}
