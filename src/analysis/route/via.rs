//! Routes through via points in order, exact across the joins.

use crate::engine::{Arc, Dijkstra, Graph, SEA, START, Step, Unguided, Weights};

/// Which links a segment between two stops may use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SegmentKind {
    Any,
    Land,
    Sea,
}

/// The best path through via points in order, exact across the joins: each segment starts
/// from every class the previous one reached the via point in. `open` says per link whether
/// the path may use it (a view's `open`, or fewer).
pub(crate) fn via_path(
    g: &Graph,
    w: &Weights,
    open: &[bool],
    from: usize,
    stops: &[(usize, SegmentKind)],
) -> Option<Vec<Step>> {
    let mut runs: Vec<Dijkstra> = Vec::with_capacity(stops.len());
    let mut sources = vec![(g.states.of(from, START), 0.0)];
    let mut end = None;
    for (i, &(stop, kind)) in stops.iter().enumerate() {
        let mut d = Dijkstra::new(g);
        let last = i + 1 == stops.len();
        let usable = |_: usize, a: &Arc| {
            let l = a.link as usize;
            open[l]
                && match kind {
                    SegmentKind::Any => true,
                    SegmentKind::Land => g.class[l] != SEA,
                    SegmentKind::Sea => g.class[l] == SEA,
                }
        };
        let hit = d.run(
            g,
            w,
            &sources,
            if last { Some(stop) } else { None },
            usable,
            Unguided,
        );
        if last {
            end = Some(hit?);
        } else {
            sources = d.states_of(stop);
            if sources.is_empty() {
                return None;
            }
        }
        runs.push(d);
    }
    let mut state = end?;
    let mut steps = Vec::new();
    for d in runs.iter().rev() {
        let (mut seg, start) = d.path(state);
        seg.extend(steps);
        steps = seg;
        state = start;
    }
    Some(steps)
}
