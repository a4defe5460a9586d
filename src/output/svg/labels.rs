//! Labels: which places get one, and where each fits without overlapping another.

use crate::model::NodeKind;
use crate::output::map::Map;
use crate::output::short_name;
use crate::util::fnv::FnvMap;

use super::frame::{Frame, P, Rect, clip_segment};
use super::style::{CAPITAL, CROSSING, END, JUNCTION, PORT, Style, TOWN, symbol_radius};

/// Nodes drawn closer than this share one label, px.
const GROUP_PX: f64 = 6.0;

/// Estimated width of a text in DejaVu Sans (the widest common sans-serif), px.
pub(super) fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.38,
            'm' | 'w' | 'M' | 'W' => 0.92,
            c if c.is_ascii_uppercase() => 0.7,
            _ => 0.6,
        })
        .sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// A label waiting for a place: the point it names, the radius of its symbol, its priority.
pub(super) struct Want {
    /// The text, then shorter ones to try if it finds no place.
    pub(super) texts: Vec<String>,
    pub(super) at: P,
    pub(super) r: f64,
    pub(super) style: Style,
    /// 0 is placed first and always; from 2 on, only where it collides with nothing.
    pub(super) tier: u8,
    /// Links at the place: within a tier, busier places are labelled first.
    pub(super) degree: usize,
    /// Nodes whose symbols the label may touch (its own).
    pub(super) own: Vec<usize>,
}

pub(super) struct Placed {
    pub(super) text: String,
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) anchor: &'static str,
    pub(super) style: Style,
}

/// Rectangles (or segments, by their boxes) in square buckets, so that what lies near a box
/// is found without looking at everything on the map.
struct Grid {
    cells: FnvMap<(i64, i64), Vec<u32>>,
    /// Per item: the last query that met it, so each is met once per query.
    seen: Vec<u32>,
    query: u32,
}

/// A [`Grid`] bucket's side, px.
const CELL_PX: f64 = 16.0;

impl Grid {
    fn new() -> Grid {
        Grid {
            cells: FnvMap::default(),
            seen: Vec::new(),
            query: 0,
        }
    }

    fn span(r: &Rect) -> (std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>) {
        let at = |v: f64| (v / CELL_PX).floor() as i64;
        (at(r.x0)..=at(r.x1), at(r.y0)..=at(r.y1))
    }

    /// Files item `id` under every bucket its box `r` meets.
    fn insert(&mut self, id: usize, r: &Rect) {
        if self.seen.len() <= id {
            self.seen.resize(id + 1, 0);
        }
        let (xs, ys) = Grid::span(r);
        for x in xs {
            for y in ys.clone() {
                self.cells.entry((x, y)).or_default().push(id as u32);
            }
        }
    }

    /// Calls `f` once with each item filed under a bucket `r` meets, until it returns true;
    /// returns whether it did.
    fn any_near(&mut self, r: &Rect, mut f: impl FnMut(usize) -> bool) -> bool {
        self.query += 1;
        let (xs, ys) = Grid::span(r);
        for x in xs {
            for y in ys.clone() {
                for &id in self.cells.get(&(x, y)).into_iter().flatten() {
                    if self.seen[id as usize] != self.query {
                        self.seen[id as usize] = self.query;
                        if f(id as usize) {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

/// Places labels greedily, most important first, where they overlap no other label or symbol
/// and cross the fewest lines; drops minor labels that find no free place.
///
/// Labels, symbols and line segments are kept in [`Grid`]s, so each candidate box looks only
/// at what lies near it; a minor label stops looking at the first thing in its way. Returns
/// the labels placed and how many places the labels dropped named.
pub(super) fn place_labels(
    wants: Vec<Want>,
    area: Rect,
    symbols: &[(usize, Rect)],
    soft: &[Rect],
    lines: &[(Vec<P>, f64)],
) -> (Vec<Placed>, usize) {
    let mut taken: Vec<Rect> = Vec::new();
    let mut taken_grid = Grid::new();
    let mut symbol_grid = Grid::new();
    let grown: Vec<Rect> = symbols.iter().map(|(_, s)| s.grow(3.0)).collect();
    for (k, r) in grown.iter().enumerate() {
        symbol_grid.insert(k, r);
    }
    // Segments, numbered in line order, and the line each belongs to.
    let mut segments: Vec<(P, P, usize)> = Vec::new();
    let mut line_grid = Grid::new();
    for (li, (pts, _)) in lines.iter().enumerate() {
        for w in pts.windows(2) {
            // Labels lie in the area: only the part of a segment's box there is filed.
            let bx = Rect {
                x0: w[0].0.min(w[1].0).max(area.x0),
                y0: w[0].1.min(w[1].1).max(area.y0),
                x1: w[0].0.max(w[1].0).min(area.x1),
                y1: w[0].1.max(w[1].1).min(area.y1),
            };
            if bx.x0 <= bx.x1 && bx.y0 <= bx.y1 {
                line_grid.insert(segments.len(), &bx);
            }
            segments.push((w[0], w[1], li));
        }
    }
    let mut hit_lines: Vec<usize> = Vec::new();
    // Per line, the last candidate box found crossing it: a box on a dense map crosses
    // hundreds of lines, too many to look each up in `hit_lines`.
    let mut line_hit_by: Vec<u32> = vec![0; lines.len()];
    let mut candidate = 0u32;
    let mut placed = Vec::new();
    let mut unlabelled = 0;
    for want in wants {
        let Style { size, bold, .. } = want.style;
        let (x, y) = want.at;
        let mut candidates: Vec<(f64, f64, &'static str)> = Vec::new();
        for r in [want.r + 2.5, want.r + 8.0] {
            let d = r * 0.75;
            candidates.extend([
                (x + r, y + size * 0.35, "start"),
                (x - r, y + size * 0.35, "end"),
                (x + d, y - d, "start"),
                (x + d, y + d + size * 0.7, "start"),
                (x - d, y - d, "end"),
                (x - d, y + d + size * 0.7, "end"),
                (x, y - r - 1.0, "middle"),
                (x, y + r + size * 0.8, "middle"),
            ]);
        }
        let minor = want.tier >= 2;
        let mut best: Option<(f64, usize, Rect, usize)> = None;
        for (t, text) in want.texts.iter().enumerate() {
            let w = text_width(text, size, bold);
            for (k, &(cx, cy, anchor)) in candidates.iter().enumerate() {
                let x0 = match anchor {
                    "start" => cx,
                    "end" => cx - w,
                    _ => cx - w / 2.0,
                };
                let bx = Rect {
                    x0,
                    y0: cy - size * 0.8,
                    x1: x0 + w,
                    y1: cy + size * 0.25,
                };
                if !area.holds(&bx) {
                    continue;
                }
                // A minor label needs only to know whether anything is in the way.
                let mut hard = 0usize;
                let mut blocked = taken_grid.any_near(&bx, |i| {
                    let over = taken[i].overlaps(&bx);
                    hard += usize::from(over);
                    over && minor
                });
                blocked = blocked
                    || symbol_grid.any_near(&bx, |k| {
                        let over = !want.own.contains(&symbols[k].0) && grown[k].overlaps(&bx);
                        hard += usize::from(over);
                        over && minor
                    });
                if blocked {
                    continue;
                }
                let softs = soft.iter().filter(|s| s.overlaps(&bx)).count();
                if minor && softs > 0 {
                    continue;
                }
                hit_lines.clear();
                candidate += 1;
                line_grid.any_near(&bx, |g| {
                    let (a, b, li) = segments[g];
                    if line_hit_by[li] != candidate && clip_segment(a, b, bx).is_some() {
                        line_hit_by[li] = candidate;
                        hit_lines.push(li);
                    }
                    false
                });
                hit_lines.sort_unstable();
                let crossing: f64 = hit_lines.iter().map(|&li| lines[li].1).sum();
                let cost = 1000.0 * hard as f64
                    + 50.0 * softs as f64
                    + crossing
                    + 0.2 * k as f64
                    + if k >= 8 { 6.0 } else { 0.0 }
                    + 20.0 * t as f64;
                if best.as_ref().is_none_or(|(c, ..)| cost < *c) {
                    best = Some((cost, k, bx, t));
                }
            }
        }
        if let Some((_, k, bx, t)) = best {
            let (cx, cy, anchor) = candidates[k];
            let grown = bx.grow(1.0);
            taken_grid.insert(taken.len(), &grown);
            taken.push(grown);
            placed.push(Placed {
                text: want.texts[t].clone(),
                x: cx,
                y: cy,
                anchor,
                style: want.style,
            });
        } else {
            unlabelled += want.own.len();
        }
    }
    (placed, unlabelled)
}

impl Map<'_> {
    /// Labels for the nodes in the frame, most important first. Nodes drawn within a few px
    /// of each other (the two sides of a crossing) share one label.
    pub(super) fn node_labels(
        &self,
        frame: &Frame,
        in_frame: &[bool],
        capital: &[bool],
    ) -> Vec<Want> {
        let net = self.net;
        let ends: Vec<&str> = self
            .routes
            .iter()
            .flat_map(|(_, r)| [r.nodes().next(), r.nodes().last()])
            .flatten()
            .chain(
                self.capacity
                    .iter()
                    .flat_map(|c| c.origins.iter().chain(&c.destinations).map(String::as_str)),
            )
            .collect();
        let on_route = |id: &str| self.routes.iter().any(|(_, r)| r.passes(id));
        let role = |i: usize| -> (u8, Style) {
            let n = &net.data.nodes[i];
            let cut = self
                .capacity
                .as_ref()
                .is_some_and(|c| c.cut_nodes[i].is_some());
            let kind_style = match n.kind {
                NodeKind::Port => PORT,
                NodeKind::Border => CROSSING,
                NodeKind::City if capital[i] => CAPITAL,
                NodeKind::City => TOWN,
                NodeKind::Junction => JUNCTION,
            };
            if ends.contains(&n.id.as_str()) {
                (0, END)
            } else if n.kind == NodeKind::Port || capital[i] {
                (1, kind_style)
            } else if on_route(&n.id) || cut {
                (2, kind_style)
            } else {
                let tier = match n.kind {
                    NodeKind::Border | NodeKind::City => 3,
                    _ => 4,
                };
                (tier, kind_style)
            }
        };
        // Nodes in buckets of the grouping distance: a node's group is found among the
        // nine buckets around it.
        let at: Vec<P> = net.data.nodes.iter().map(|n| frame.node(n)).collect();
        let bucket = |p: P| {
            (
                (p.0 / GROUP_PX).floor() as i64,
                (p.1 / GROUP_PX).floor() as i64,
            )
        };
        let mut buckets: FnvMap<(i64, i64), Vec<usize>> = FnvMap::default();
        for (i, &p) in at.iter().enumerate() {
            if in_frame[i] {
                buckets.entry(bucket(p)).or_default().push(i);
            }
        }
        // Per node, its links, to count a group's links.
        let mut links_at: Vec<Vec<u32>> = vec![Vec::new(); net.data.nodes.len()];
        for (l, &(a, b)) in net.data.ends.iter().enumerate() {
            links_at[a].push(l as u32);
            if b != a {
                links_at[b].push(l as u32);
            }
        }
        let mut grouped = vec![false; net.data.nodes.len()];
        let mut wants = Vec::new();
        for i in 0..net.data.nodes.len() {
            if grouped[i] || !in_frame[i] {
                continue;
            }
            let p = at[i];
            let (bx, by) = bucket(p);
            let mut group = vec![i];
            for cx in bx - 1..=bx + 1 {
                for cy in by - 1..=by + 1 {
                    for &j in buckets.get(&(cx, cy)).into_iter().flatten() {
                        let q = at[j];
                        if j > i && !grouped[j] && (p.0 - q.0).hypot(p.1 - q.1) < GROUP_PX {
                            group.push(j);
                        }
                    }
                }
            }
            group[1..].sort_unstable();
            for &j in &group {
                grouped[j] = true;
            }
            let (tier, style) = group
                .iter()
                .map(|&j| role(j))
                .min_by(|a, b| a.0.cmp(&b.0))
                .unwrap_or((5, JUNCTION));
            let mut names: Vec<&str> = Vec::new();
            for &j in &group {
                let name = short_name(&net.data.nodes[j].name).trim();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            let (sx, sy) = group.iter().fold((0.0, 0.0), |(x, y), &j| {
                let q = at[j];
                (x + q.0, y + q.1)
            });
            let k = group.len() as f64;
            let r = group
                .iter()
                .map(|&j| symbol_radius(net.data.nodes[j].kind, capital[j]))
                .fold(0.0, f64::max);
            // Alone, the shorter name of a pair fits more easily.
            let mut texts = vec![names.join("–")];
            if names.len() > 1 {
                names.sort_by_key(|n| (n.chars().count(), *n));
                texts.extend(names.iter().map(|n| n.to_string()));
            }
            let degree = if let [v] = group[..] {
                links_at[v].len()
            } else {
                let mut ls: Vec<u32> = group.iter().flat_map(|&j| links_at[j].clone()).collect();
                ls.sort_unstable();
                ls.dedup();
                ls.len()
            };
            wants.push(Want {
                texts,
                at: (sx / k, sy / k),
                r,
                style,
                tier,
                degree,
                own: group,
            });
        }
        // Stable: ties keep file order.
        wants.sort_by_key(|w| (w.tier, std::cmp::Reverse(w.degree)));
        wants
    }
}
