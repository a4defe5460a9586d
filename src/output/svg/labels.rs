//! Labels: which places get one, and where each fits without overlapping another.

use crate::model::NodeKind;
use crate::output::map::Map;
use crate::output::short_name;

use super::frame::{Frame, P, Rect, clip_segment};
use super::style::{CAPITAL, CROSSING, END, JUNCTION, PORT, Style, TOWN, symbol_radius};

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

/// Places labels greedily, most important first, where they overlap no other label or symbol
/// and cross the fewest lines; drops minor labels that find no free place.
pub(super) fn place_labels(
    wants: Vec<Want>,
    area: Rect,
    symbols: &[(usize, Rect)],
    soft: &[Rect],
    lines: &[(Vec<P>, f64)],
) -> Vec<Placed> {
    let mut taken: Vec<Rect> = Vec::new();
    let mut placed = Vec::new();
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
                let hard = taken.iter().filter(|t| t.overlaps(&bx)).count()
                    + symbols
                        .iter()
                        .filter(|(i, s)| !want.own.contains(i) && s.grow(3.0).overlaps(&bx))
                        .count();
                let softs = soft.iter().filter(|s| s.overlaps(&bx)).count();
                if want.tier >= 2 && (hard > 0 || softs > 0) {
                    continue;
                }
                let crossing: f64 = lines
                    .iter()
                    .map(|(pts, weight)| {
                        let hit = pts
                            .windows(2)
                            .any(|s| clip_segment(s[0], s[1], bx).is_some());
                        if hit { *weight } else { 0.0 }
                    })
                    .sum();
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
            taken.push(bx.grow(1.0));
            placed.push(Placed {
                text: want.texts[t].clone(),
                x: cx,
                y: cy,
                anchor,
                style: want.style,
            });
        }
    }
    placed
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
        let mut grouped = vec![false; net.data.nodes.len()];
        let mut wants = Vec::new();
        for i in 0..net.data.nodes.len() {
            if grouped[i] || !in_frame[i] {
                continue;
            }
            let p = frame.node(&net.data.nodes[i]);
            let mut group = vec![i];
            for j in i + 1..net.data.nodes.len() {
                let q = frame.node(&net.data.nodes[j]);
                if !grouped[j] && in_frame[j] && (p.0 - q.0).hypot(p.1 - q.1) < 6.0 {
                    group.push(j);
                }
            }
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
                let q = frame.node(&net.data.nodes[j]);
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
            let degree = net
                .data
                .ends
                .iter()
                .filter(|(a, b)| group.contains(a) || group.contains(b))
                .count();
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
