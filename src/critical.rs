//! Criticality: which links (and nodes) do the most damage when lost, and which pairs of links
//! cut cargo off together when neither does alone.

use rayon::prelude::*;
use serde::Serialize;

use crate::capacity::CapacityQuery;
use crate::error::QueryError;
use crate::graph::{Arc, Graph, START, View};
use crate::model::{Mode, Network};
use crate::route::Filter;
use crate::search::{Dijkstra, Metric, Step, Weights};

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
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalQuery {
    filter: Filter,
    metric: Metric,
    pairs: Option<Vec<(String, String, f64)>>,
    nodes: bool,
    joint: bool,
    capacity: bool,
}

crate::route::flow_builders!(CriticalQuery);

impl CriticalQuery {
    /// Every link, the file's demands, by cost, on today's network; joint pairs included.
    pub fn new() -> CriticalQuery {
        CriticalQuery {
            filter: Filter::new(),
            metric: Metric::Cost,
            pairs: None,
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

/// The damage one loss does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Damage {
    /// The link (or node) id.
    #[serde(rename = "link")]
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

/// Two links whose joint loss cuts a flow off when neither alone does.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Criticality {
    /// Every link, worst first: by Mt/yr cut off, then by damage, then by id.
    pub links: Vec<Damage>,
    /// Every node, worst first, when asked.
    pub nodes: Vec<Damage>,
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

/// What a criticality scan searches with: the graph, the view before any loss, the metric's
/// weights and the USD weights damage is counted in.
struct Probe<'a> {
    g: &'a Graph,
    view: &'a View,
    w: &'a Weights,
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
        let src = [(d.state(from, START), 0.0)];
        let usable = |_: usize, a: &Arc| {
            self.view.open[a.link as usize] && !closed.contains(&(a.link as usize))
        };
        let end = d.run(self.g, self.w, &src, Some(to), usable)?;
        let steps = d.path(end).0;
        Some((crate::search::walk(self.g, self.usd, &steps).0, steps))
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
        let pairs = self.pairs_or_demands(&q.pairs)?;
        let view = q.filter.view(self)?;
        let g = self.graph();
        let w = Weights::new(self, g, &view, q.metric);
        let usd = Weights::new(self, g, &view, Metric::Cost);
        let probe = Probe {
            g,
            view: &view,
            w: &w,
            usd: &usd,
        };
        let mut d = Dijkstra::new(g);
        let mut bases = Vec::new();
        let mut unroutable = Vec::new();
        for (f, t, mtpa) in &pairs {
            let (from, to) = (self.node_index(f)?, self.node_index(t)?);
            let label = format!("{f} → {t}");
            match probe.best(&mut d, from, to, &[]) {
                Some((cost, steps)) => bases.push(Base {
                    from,
                    to,
                    label,
                    mtpa: *mtpa,
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
                || Dijkstra::new(g),
                |d, &l| {
                    let (damage, cut, hit) = damage_of(&[l], d);
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, total);
                    (
                        l,
                        Damage {
                            link: self.links[l].id.clone(),
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
            self.capacity_losses(&q.filter, &pairs, &mut links)?;
        }

        // Joint pairs: a pair that cuts a demand off must include a link of its route, and
        // the other must lie on the detour that route takes without the first.
        let mut joint: Vec<JointCut> = Vec::new();
        if q.joint {
            let single_cut: Vec<bool> = links.iter().map(|x| x.cut_off_mtpa > 0.0).collect();
            let found: Vec<([usize; 2], usize)> = bases
                .par_iter()
                .enumerate()
                .map_init(
                    || Dijkstra::new(g),
                    |d, (bi, b)| {
                        let mut out = Vec::new();
                        for s in &b.steps {
                            let a = s.link as usize;
                            let Some((_, detour)) = probe.best(d, b.from, b.to, &[a]) else {
                                continue;
                            };
                            for t in &detour {
                                let c = t.link as usize;
                                if c == a || single_cut[c] {
                                    continue;
                                }
                                if probe.best(d, b.from, b.to, &[a, c]).is_none() {
                                    let pair = if a < c { [a, c] } else { [c, a] };
                                    out.push((pair, bi));
                                }
                            }
                        }
                        out
                    },
                )
                .flatten()
                .collect();
            let mut found = found;
            found.sort_unstable();
            found.dedup();
            for (pair, bi) in found {
                let ids = [
                    self.links[pair[0]].id.clone(),
                    self.links[pair[1]].id.clone(),
                ];
                match joint.iter_mut().find(|j| j.links == ids) {
                    Some(j) => {
                        j.demands.push(bases[bi].label.clone());
                        j.cut_off_mtpa += bases[bi].mtpa;
                    }
                    None => joint.push(JointCut {
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
            let mut dj = Dijkstra::new(g);
            for (v, node) in self.nodes.iter().enumerate() {
                let touching: Vec<usize> = (0..self.links.len())
                    .filter(|&i| self.ends[i].0 == v || self.ends[i].1 == v)
                    .collect();
                let (damage, cut, hit) = if bases
                    .iter()
                    .any(|b| b.from == v || b.to == v || b.steps.iter().any(|s| s.to as usize == v))
                {
                    damage_of(&touching, &mut dj)
                } else {
                    (0.0, 0.0, Vec::new())
                };
                nodes.push(Damage {
                    link: node.id.clone(),
                    damage_usd_per_year: damage,
                    cut_off_mtpa: cut,
                    demands_affected: hit,
                    capacity_lost_mtpa: None,
                });
            }
        }
        let rank = |a: &Damage, b: &Damage| {
            b.cut_off_mtpa
                .total_cmp(&a.cut_off_mtpa)
                .then(b.damage_usd_per_year.total_cmp(&a.damage_usd_per_year))
                .then_with(|| a.link.cmp(&b.link))
        };
        links.sort_by(rank);
        nodes.sort_by(rank);
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
        pairs: &[(String, String, f64)],
        links: &mut [Damage],
    ) -> Result<(), QueryError> {
        let mut from: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
        let mut to: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
        from.sort();
        from.dedup();
        to.sort();
        to.dedup();
        from.retain(|f| !to.contains(f));
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
                    .filter(base_filter.clone().avoid(dmg.link.clone()));
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
