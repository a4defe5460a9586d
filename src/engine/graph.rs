//! The search graph: a compact adjacency built once per network, over (node, arrival class)
//! states so that transfers are priced where a route changes gauge, mode or ship.

use crate::model::{Link, MAX_GAUGES, Mode, Records, TransferKind};

/// An arc: one direction of a link.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arc {
    /// Head node.
    pub head: u32,
    /// The link it runs along.
    pub link: u32,
    /// The search state a route arrives in at the head, when the link's class fixes it (every
    /// link but rail of undecided gauge); `u32::MAX` otherwise.
    pub arrive: u32,
}

/// How an arrival at a node continues: the class of the arc used to get there. Transfers are
/// paid when the class changes.
pub(crate) type Class = u8;

/// The state a route starts in: nothing to transfer from.
pub(crate) const START: Class = 0;
const ROAD: Class = 1;
pub(crate) const SEA: Class = 2;
/// Rail whose gauge is not yet known (an undecided line entered from road, sea or the start).
const RAIL_UNKNOWN: Class = 3;
/// Rail of the i-th distinct gauge is `RAIL_GAUGE0 + i`.
const RAIL_GAUGE0: Class = 4;

/// The compact graph every search runs on.
#[derive(Debug, Clone)]
pub(crate) struct Graph {
    /// `first_out[v]..first_out[v + 1]` are the arcs leaving node v.
    pub first_out: Vec<u32>,
    pub arcs: Vec<Arc>,
    /// Per link: class index of its gauge (`RAIL_UNKNOWN` for undecided rail; road/sea classes).
    pub class: Vec<Class>,
    /// Per link: whether its ends lie in two countries.
    pub border: Vec<bool>,
    /// Per link: the node its `to` end is (a route heading there runs it forwards).
    pub to: Vec<u32>,
    /// Per node: the records' `[[handling]]` index of a gauge, mode and port transfer there;
    /// empty when the network prices none at a place.
    pub handling_at: Vec<[u32; 3]>,
    /// The search states: one per node and class a route can really arrive in.
    pub states: std::sync::Arc<States>,
}

impl Graph {
    pub(crate) fn build(net: &Records) -> Graph {
        let n = net.nodes.len();
        let mut gauges: Vec<u32> = net.links.iter().filter_map(|l| l.gauge_mm).collect();
        gauges.sort_unstable();
        gauges.dedup();
        let class_of = |l: &Link| -> Class {
            match l.mode {
                Mode::Road => ROAD,
                Mode::Sea => SEA,
                Mode::Rail => match l.gauge_mm {
                    None => RAIL_UNKNOWN,
                    Some(g) => RAIL_GAUGE0 + gauges.binary_search(&g).unwrap_or(0) as Class,
                },
            }
        };
        let mut degree = vec![0u32; n + 1];
        for (i, l) in net.links.iter().enumerate() {
            let (a, b) = net.ends[i];
            degree[a] += 1;
            if !l.oneway {
                degree[b] += 1;
            }
        }
        let mut first_out = vec![0u32; n + 1];
        for v in 0..n {
            first_out[v + 1] = first_out[v] + degree[v];
        }
        let mut fill = first_out.clone();
        let mut arcs = vec![
            Arc {
                head: 0,
                link: 0,
                arrive: u32::MAX,
            };
            first_out[n] as usize
        ];
        for (i, l) in net.links.iter().enumerate() {
            let (a, b) = net.ends[i];
            arcs[fill[a] as usize] = Arc {
                head: b as u32,
                link: i as u32,
                arrive: u32::MAX,
            };
            fill[a] += 1;
            if !l.oneway {
                arcs[fill[b] as usize] = Arc {
                    head: a as u32,
                    link: i as u32,
                    arrive: u32::MAX,
                };
                fill[b] += 1;
            }
        }
        let border = net
            .ends
            .iter()
            .map(|&(a, b)| net.nodes[a].country != net.nodes[b].country)
            .collect();
        let classes = RAIL_GAUGE0 as usize + gauges.len();
        let link_class: Vec<Class> = net.links.iter().map(class_of).collect();
        let states = States::build(net, &link_class, classes);
        for arc in &mut arcs {
            let c = link_class[arc.link as usize];
            if c != RAIL_UNKNOWN {
                arc.arrive = states.of(arc.head as usize, c) as u32;
            }
        }
        let states = std::sync::Arc::new(states);
        Graph {
            states,
            first_out,
            arcs,
            class: link_class,
            border,
            to: net.ends.iter().map(|&(_, b)| b as u32).collect(),
            handling_at: if net.handling.is_empty() {
                Vec::new()
            } else {
                net.handling_at.clone()
            },
        }
    }

    /// Arcs leaving node `v`.
    #[inline]
    pub(crate) fn out(&self, v: usize) -> &[Arc] {
        &self.arcs[self.first_out[v] as usize..self.first_out[v + 1] as usize]
    }

    /// Bytes held by the search graph.
    pub(crate) fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.first_out.capacity() * size_of::<u32>()
            + self.arcs.capacity() * size_of::<Arc>()
            + self.class.capacity() * size_of::<Class>()
            + self.border.capacity() * size_of::<bool>()
            + self.to.capacity() * size_of::<u32>()
            + self.handling_at.capacity() * size_of::<[u32; 3]>()
            + self.states.bytes()
    }

    pub(crate) fn node_count(&self) -> usize {
        self.first_out.len() - 1
    }
}

/// The search states of a graph: for each node, the classes a route can arrive in (its
/// links' classes, undecided-gauge rail inheriting the gauges it continues, and the start),
/// numbered consecutively so searches touch a few states per node rather than every class.
#[derive(Debug)]
pub(crate) struct States {
    /// `first[v]`: the number of the node's first state.
    pub first: Vec<u32>,
    /// `mask[v]`: bit c set when class c is a state of the node.
    pub mask: Vec<u32>,
    /// Per state: its node.
    pub node: Vec<u32>,
    /// Per state: its class.
    pub class: Vec<Class>,
}

impl States {
    fn build(net: &Records, link_class: &[Class], classes: usize) -> States {
        // The loader (and every other way in) refuses more gauges with a located error.
        debug_assert!(classes <= RAIL_GAUGE0 as usize + MAX_GAUGES);
        let n = net.nodes.len();
        let rail_known: u32 = (RAIL_GAUGE0 as usize..classes).map(|c| 1u32 << c).sum();
        let mut mask = vec![1u32 << START; n];
        // Undecided-gauge rail: what arrives at a node continues the tail's rail classes.
        let mut inherit: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, l) in net.links.iter().enumerate() {
            let (a, b) = net.ends[i];
            let c = link_class[i];
            let mut heads = vec![(a, b)];
            if !l.oneway {
                heads.push((b, a));
            }
            for (tail, head) in heads {
                mask[head] |= 1 << c;
                if c == RAIL_UNKNOWN {
                    inherit[tail].push(head);
                }
            }
        }
        let mut work: Vec<usize> = (0..n).filter(|&v| !inherit[v].is_empty()).collect();
        while let Some(v) = work.pop() {
            let carry = mask[v] & rail_known;
            for &h in &inherit[v] {
                if mask[h] & carry != carry {
                    mask[h] |= carry;
                    if !inherit[h].is_empty() {
                        work.push(h);
                    }
                }
            }
        }
        let mut first = Vec::with_capacity(n + 1);
        let mut node = Vec::new();
        let mut class = Vec::new();
        for (v, &m) in mask.iter().enumerate() {
            first.push(node.len() as u32);
            for c in 0..classes {
                if m >> c & 1 == 1 {
                    node.push(v as u32);
                    class.push(c as Class);
                }
            }
        }
        first.push(node.len() as u32);
        States {
            first,
            mask,
            node,
            class,
        }
    }

    /// The number of a node's state in a class (which must be one of its states).
    #[inline]
    pub(crate) fn of(&self, v: usize, c: Class) -> usize {
        debug_assert!(
            self.mask[v] >> c & 1 == 1,
            "node {v} has no state in class {c}"
        );
        (self.first[v] + (self.mask[v] & ((1u32 << c) - 1)).count_ones()) as usize
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.first.capacity() * size_of::<u32>()
            + self.mask.capacity() * size_of::<u32>()
            + self.node.capacity() * size_of::<u32>()
            + self.class.capacity() * size_of::<Class>()
    }
}

/// The mode a route arriving in class `c` came by; `None` for the start, where it came by
/// nothing.
pub(crate) fn class_mode(c: Class) -> Option<Mode> {
    match c {
        START => None,
        ROAD => Some(Mode::Road),
        SEA => Some(Mode::Sea),
        _ => Some(Mode::Rail),
    }
}

/// The transfer made at a node when a route arriving in class `from` leaves along a link of
/// class `link_class`, and the class it is in afterwards.
///
/// Rail of undecided gauge takes the gauge of the rail it continues, so a route pays for a
/// break of gauge once, where the known gauges meet. Going on by sea from a port where a route
/// arrived by sea is a transshipment and pays the port transfer.
#[inline]
pub(crate) fn transfer(from: Class, link_class: Class) -> (Option<TransferKind>, Class) {
    let is_rail = |c: Class| c >= RAIL_UNKNOWN;
    match (from, link_class) {
        (START, c) => (None, c),
        // A sea-to-sea change of ship at a port is a transshipment: it pays port handling.
        (SEA, SEA) => (Some(TransferKind::Port), SEA),
        (a, b) if a == b => (None, b),
        (a, RAIL_UNKNOWN) if is_rail(a) => (None, a),
        (RAIL_UNKNOWN, b) if is_rail(b) => (None, b),
        (a, b) if is_rail(a) && is_rail(b) => (Some(TransferKind::Gauge), b),
        (SEA, _) | (_, SEA) => (Some(TransferKind::Port), link_class),
        _ => (Some(TransferKind::Mode), link_class),
    }
}
