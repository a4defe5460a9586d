//! Criticality: which links (and nodes) do the most damage when lost, and which pairs of links
//! cut cargo off together when neither does alone.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::capacity::CapacityQuery;
use crate::analysis::cuts::Reach;
use crate::analysis::{Filter, Flow, Flows, Regions, flow_builders};
use crate::engine::{Dijkstra, Search, Step, Weights, walk};
use crate::error::QueryError;
use crate::model::{Metric, Mode};
use crate::network::Network;

/// A criticality question: rank links by the damage their loss does to the file's demands (or
/// given pairs) on a network.
///
/// # Example
/// ```
/// use corridors::{CriticalQuery, Network};
/// let net = Network::trans_afghan();
/// let c = net.critical(&CriticalQuery::new()).unwrap();
/// let worst = &c.links[0];
/// assert!(worst.cut_off_mtpa > 0.0 || worst.damage_usd_per_year > 0.0);
/// // A link no route uses does no damage.
/// let idle = c.links.iter().find(|l| l.link == "kashgar-panji-poyon-rail").unwrap();
/// assert_eq!((idle.damage_usd_per_year, idle.cut_off_mtpa), (0.0, 0.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriticalQuery {
    filter: Filter,
    metric: Metric,
    pairs: Flows,
    nodes: bool,
    joint: bool,
    capacity: bool,
}

flow_builders!(CriticalQuery);

impl CriticalQuery {
    /// Every link, the file's demands, by cost, on today's network; joint pairs included.
    pub fn new() -> CriticalQuery {
        CriticalQuery {
            filter: Filter::new(),
            metric: Metric::Cost,
            pairs: Flows::default(),
            nodes: false,
            joint: true,
            capacity: false,
        }
    }

    /// Which links count before any loss.
    pub fn filter(mut self, filter: Filter) -> CriticalQuery {
        self.filter = filter;
        self
    }

    /// Also ranks nodes (losing a node closes every link touching it).
    pub fn nodes(mut self, yes: bool) -> CriticalQuery {
        self.nodes = yes;
        self
    }

    /// Whether to search pairs of links that cut a demand off together (default: yes).
    pub fn joint(mut self, yes: bool) -> CriticalQuery {
        self.joint = yes;
        self
    }

    /// Also measures the rail and sea capacity each loss takes away between the demands'
    /// origins and destinations.
    pub fn capacity(mut self, yes: bool) -> CriticalQuery {
        self.capacity = yes;
        self
    }
}

/// The damage the loss of a link does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Damage {
    /// The link id.
    pub link: String,
    /// Extra cost a year of the flows that reroute, USD (extra USD/t × Mt/yr × 10⁶).
    pub damage_usd_per_year: f64,
    /// Mt/yr of flows left with no route.
    pub cut_off_mtpa: f64,
    /// Flows whose route the loss changes (`from → to`).
    pub demands_affected: Vec<String>,
    /// Rail and sea capacity lost between the regions, Mt/yr, when asked and known.
    pub capacity_lost_mtpa: Option<f64>,
}

/// The damage the loss of a node does: every link touching it closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeDamage {
    /// The node id.
    pub node: String,
    /// Extra cost a year of the flows that reroute, USD (extra USD/t × Mt/yr × 10⁶).
    pub damage_usd_per_year: f64,
    /// Mt/yr of flows left with no route.
    pub cut_off_mtpa: f64,
    /// Flows whose route the loss changes (`from → to`).
    pub demands_affected: Vec<String>,
}

/// Two links whose joint loss cuts a flow off when neither alone does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JointCut {
    /// The two link ids, sorted.
    pub links: [String; 2],
    /// The flows they cut off together (`from → to`).
    pub demands: Vec<String>,
    /// Mt/yr cut off.
    pub cut_off_mtpa: f64,
}

/// The answer to a [`CriticalQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Criticality {
    /// Every link, worst first: by Mt/yr cut off, then by damage, then by id.
    pub links: Vec<Damage>,
    /// Every node, worst first, when asked.
    pub nodes: Vec<NodeDamage>,
    /// Pairs of links that cut flows off together, worst first.
    pub joint: Vec<JointCut>,
    /// Links whose loss was recomputed (those on some current route); the rest do no damage.
    pub evaluated: usize,
    /// Flows with no route even before any loss (`from → to`).
    pub unroutable: Vec<String>,
}

/// One demand's route today.
struct Base {
    from: usize,
    to: usize,
    label: String,
    mtpa: f64,
    cost: f64,
    steps: Vec<Step>,
}

/// What a criticality scan searches with: the search before any loss, and the USD weights
/// damage is counted in.
struct Probe<'a> {
    search: Search<'a>,
    usd: &'a Weights,
}

impl Probe<'_> {
    /// Best route from `from` to `to` skipping the links in `closed`: its USD per tonne and
    /// its steps.
    fn best(
        &self,
        d: &mut Dijkstra,
        from: usize,
        to: usize,
        closed: &[usize],
    ) -> Option<(f64, Vec<Step>)> {
        let steps = self.search.shortest_without(d, from, to, closed)?;
        Some((walk(self.search.g, self.usd, &steps).0, steps))
    }
}

impl Network {
    /// Ranks every link (and, if asked, node) by the damage its loss does to the demands:
    /// the demand-weighted extra cost of rerouting plus the demand cut off, with the rail and
    /// sea capacity lost between the regions as a second measure when asked; and finds the
    /// pairs of links whose joint loss cuts a demand off when neither alone does.
    ///
    /// Only links on some demand's current route are recomputed (a link no route uses does no
    /// damage), each once per demand whose route uses it, in parallel across cores.
    ///
    /// # Errors
    /// [`QueryError::UnknownId`] for an unknown id in a pair or the filter.
    ///
    /// # Complexity
    /// One route search per (demand, link on its route); joint pairs add one per (demand, link
    /// on its route, link on the detour).
    pub fn critical(&self, q: &CriticalQuery) -> Result<Criticality, QueryError> {
        self.critical_with_progress(q, |_, _| {})
    }

    /// [`Network::critical`], calling `progress(done, total)` as links are evaluated.
    ///
    /// # Errors
    /// As [`Network::critical`].
    pub fn critical_with_progress(
        &self,
        q: &CriticalQuery,
        progress: impl Fn(usize, usize) + Sync,
    ) -> Result<Criticality, QueryError> {
        let flows = q.pairs.resolve(self)?;
        let view = q.filter.view(self)?;
        let w = self.weights(&view, q.metric);
        let usd = self.weights(&view, Metric::Cost);
        let probe = Probe {
            search: self.search(&view, &w),
            usd: &usd,
        };
        let mut d = self.dijkstra();
        let mut bases = Vec::new();
        let mut unroutable = Vec::new();
        for flow in &flows {
            let label = flow.label();
            match probe.best(&mut d, flow.a, flow.b, &[]) {
                Some((cost, steps)) => bases.push(Base {
                    from: flow.a,
                    to: flow.b,
                    label,
                    mtpa: flow.mtpa,
                    cost,
                    steps,
                }),
                None => unroutable.push(label),
            }
        }

        // Candidate losses: links on some current route. Everything else does no damage.
        let mut used: Vec<usize> = bases
            .iter()
            .flat_map(|b| b.steps.iter().map(|s| s.link as usize))
            .collect();
        used.sort_unstable();
        used.dedup();
        let total = used.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let damage_of = |closed: &[usize], d: &mut Dijkstra| -> (f64, f64, Vec<String>) {
            let (mut usd_year, mut cut, mut hit) = (0.0, 0.0, Vec::new());
            for b in &bases {
                if !b.steps.iter().any(|s| closed.contains(&(s.link as usize))) {
                    continue;
                }
                hit.push(b.label.clone());
                match probe.best(d, b.from, b.to, closed) {
                    Some((cost, _)) => usd_year += (cost - b.cost).max(0.0) * b.mtpa * 1e6,
                    None => cut += b.mtpa,
                }
            }
            (usd_year, cut, hit)
        };
        let computed: Vec<(usize, Damage)> = used
            .par_iter()
            .map_init(
                || self.dijkstra(),
                |d, &l| {
                    let (damage, cut, hit) = damage_of(&[l], d);
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, total);
                    (
                        l,
                        Damage {
                            link: self.data.links[l].id.clone(),
                            damage_usd_per_year: damage,
                            cut_off_mtpa: cut,
                            demands_affected: hit,
                            capacity_lost_mtpa: None,
                        },
                    )
                },
            )
            .collect();
        let mut links: Vec<Damage> = self
            .data
            .links
            .iter()
            .map(|l| Damage {
                link: l.id.clone(),
                damage_usd_per_year: 0.0,
                cut_off_mtpa: 0.0,
                demands_affected: Vec::new(),
                capacity_lost_mtpa: None,
            })
            .collect();
        for (l, dmg) in computed {
            links[l] = dmg;
        }

        if q.capacity {
            self.capacity_losses(&q.filter, &flows, &mut links)?;
        }

        // Joint pairs: a pair that cuts a demand off must include a link of its route, and
        // the other must lie on every route left without the first.
        let mut joint: Vec<JointCut> = Vec::new();
        if q.joint {
            let single_cut: Vec<bool> = links.iter().map(|x| x.cut_off_mtpa > 0.0).collect();
            let tasks: Vec<(usize, usize)> = bases
                .iter()
                .enumerate()
                .flat_map(|(bi, b)| {
                    let mut on: Vec<usize> = b.steps.iter().map(|s| s.link as usize).collect();
                    on.sort_unstable();
                    on.dedup();
                    on.into_iter().map(move |a| (bi, a))
                })
                .collect();
            let g = self.graph();
            let mut found: Vec<([usize; 2], usize)> = tasks
                .par_iter()
                .map_init(
                    || Reach::new(g, &view),
                    |r, &(bi, a)| {
                        let b = &bases[bi];
                        let with = r.must_take(b.from, b.to, a, |c| single_cut[c]);
                        with.unwrap_or_default()
                            .into_iter()
                            .map(|c| (if a < c { [a, c] } else { [c, a] }, bi))
                            .collect::<Vec<_>>()
                    },
                )
                .flatten()
                .collect();
            found.sort_unstable();
            found.dedup();
            for (pair, bi) in found {
                let ids = [
                    self.data.links[pair[0]].id.clone(),
                    self.data.links[pair[1]].id.clone(),
                ];
                // `found` is sorted by pair, so a pair's flows come together.
                match joint.last_mut() {
                    Some(j) if j.links == ids => {
                        j.demands.push(bases[bi].label.clone());
                        j.cut_off_mtpa += bases[bi].mtpa;
                    }
                    _ => joint.push(JointCut {
                        links: ids,
                        demands: vec![bases[bi].label.clone()],
                        cut_off_mtpa: bases[bi].mtpa,
                    }),
                }
            }
            joint.sort_by(|a, b| {
                b.cut_off_mtpa
                    .total_cmp(&a.cut_off_mtpa)
                    .then_with(|| a.links.cmp(&b.links))
            });
        }

        let mut nodes = Vec::new();
        if q.nodes {
            for (v, node) in self.data.nodes.iter().enumerate() {
                let touching = self.links_at(v);
                let (damage, cut, hit) = if bases
                    .iter()
                    .any(|b| b.from == v || b.to == v || b.steps.iter().any(|s| s.to as usize == v))
                {
                    damage_of(&touching, &mut d)
                } else {
                    (0.0, 0.0, Vec::new())
                };
                nodes.push(NodeDamage {
                    node: node.id.clone(),
                    damage_usd_per_year: damage,
                    cut_off_mtpa: cut,
                    demands_affected: hit,
                });
            }
        }
        // Worst first: by Mt/yr cut off, then by damage, then by id.
        links.sort_by(|a, b| {
            b.cut_off_mtpa
                .total_cmp(&a.cut_off_mtpa)
                .then(b.damage_usd_per_year.total_cmp(&a.damage_usd_per_year))
                .then_with(|| a.link.cmp(&b.link))
        });
        nodes.sort_by(|a, b| {
            b.cut_off_mtpa
                .total_cmp(&a.cut_off_mtpa)
                .then(b.damage_usd_per_year.total_cmp(&a.damage_usd_per_year))
                .then_with(|| a.node.cmp(&b.node))
        });
        Ok(Criticality {
            links,
            nodes,
            joint,
            evaluated: total,
            unroutable,
        })
    }

    /// Rail and sea capacity lost between the demands' origins and destinations per link loss;
    /// only links that carry part of the maximum flow can lower it.
    fn capacity_losses(
        &self,
        filter: &Filter,
        flows: &[Flow],
        links: &mut [Damage],
    ) -> Result<(), QueryError> {
        let Regions {
            origins: from,
            destinations: to,
        } = Regions::of(flows);
        if from.is_empty() || to.is_empty() {
            return Ok(());
        }
        let base_filter = filter.clone().mode(Mode::Rail).mode(Mode::Sea);
        let q = CapacityQuery::new(from.clone(), to.clone()).filter(base_filter.clone());
        let base = self.capacity(&q)?;
        let Some(before) = base.max_flow_mtpa else {
            return Ok(());
        };
        let carrying: Vec<&str> = base.flows.iter().map(|f| f.link.as_str()).collect();
        let results: Vec<(String, Option<f64>)> = links
            .par_iter()
            .map(|dmg| {
                if !carrying.contains(&dmg.link.as_str()) {
                    return Ok((dmg.link.clone(), Some(0.0)));
                }
                let q = CapacityQuery::new(from.clone(), to.clone())
                    .filter(base_filter.clone().avoid(format!("link:{}", dmg.link)));
                let after = self.capacity(&q)?.max_flow_mtpa;
                Ok((dmg.link.clone(), after.map(|a| (before - a).max(0.0))))
            })
            .collect::<Result<_, QueryError>>()?;
        for (dmg, (_, lost)) in links.iter_mut().zip(results) {
            dmg.capacity_lost_mtpa = lost;
        }
        Ok(())
    }
}
