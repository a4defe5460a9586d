//! Where things go on the page: the projection, rectangles and clipping, link shapes, the
//! scale bar.

use std::collections::BTreeMap;

use crate::model::{Mode, Node};
use crate::network::Network;
use crate::output::map::Bounds;
use crate::output::{grouped, short};

/// Kilometres in one degree of latitude, on the sphere `great_circle_km` uses.
const KM_PER_DEG: f64 = 6371.0088 * std::f64::consts::PI / 180.0;

/// The largest map area, px; the frame keeps its aspect within it.
const MAP_MAX_W: f64 = 900.0;
const MAP_MAX_H: f64 = 1000.0;

/// A point on the page, px: x right, y down.
pub(super) type P = (f64, f64);

#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

impl Rect {
    pub(super) fn grow(self, d: f64) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }

    pub(super) fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub(super) fn holds(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    pub(super) fn contains(&self, p: P) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }
}

/// The part of segment `a`→`b` inside `r`, as parameters `(t0, t1)` along it (Liang–Barsky).
pub(super) fn clip_segment(a: P, b: P, r: Rect) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// A ring cut to a rectangle (Sutherland–Hodgman).
pub(super) fn clip_ring(mut pts: Vec<P>, r: Rect) -> Vec<P> {
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: P| match edge {
            0 => p.0 >= r.x0,
            1 => p.0 <= r.x1,
            2 => p.1 >= r.y0,
            _ => p.1 <= r.y1,
        };
        let cross = |p: P, q: P| -> P {
            match edge {
                0 | 1 => {
                    let x = if edge == 0 { r.x0 } else { r.x1 };
                    (x, p.1 + (q.1 - p.1) * (x - p.0) / (q.0 - p.0))
                }
                _ => {
                    let y = if edge == 2 { r.y0 } else { r.y1 };
                    (p.0 + (q.0 - p.0) * (y - p.1) / (q.1 - p.1), y)
                }
            }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let cur = pts[i];
            let prev = pts[(i + pts.len() - 1) % pts.len()];
            if inside(cur) {
                if !inside(prev) {
                    out.push(cross(prev, cur));
                }
                out.push(cur);
            } else if inside(prev) {
                out.push(cross(prev, cur));
            }
        }
        pts = out;
    }
    pts
}

/// A point for SVG path data and attributes: `x,y`.
pub(super) fn pt(p: P) -> String {
    format!("{},{}", short(p.0), short(p.1))
}

/// Equirectangular projection of a box into the map area, scaled by the cosine of its middle
/// latitude so shapes keep their proportions there.
pub(super) struct Frame {
    b: Bounds,
    cos: f64,
    k: f64,
    pub(super) rect: Rect,
}

impl Frame {
    pub(super) fn new(b: Bounds, left: f64, top: f64) -> Frame {
        let cos = ((b.south + b.north) / 2.0).to_radians().cos();
        let wx = (b.east - b.west) * cos;
        let hy = b.north - b.south;
        let k = (MAP_MAX_W / wx).min(MAP_MAX_H / hy);
        Frame {
            b,
            cos,
            k,
            rect: Rect {
                x0: left,
                y0: top,
                x1: left + wx * k,
                y1: top + hy * k,
            },
        }
    }

    pub(super) fn px(&self, lon: f64, lat: f64) -> P {
        (
            self.rect.x0 + (lon - self.b.west) * self.cos * self.k,
            self.rect.y0 + (self.b.north - lat) * self.k,
        )
    }

    pub(super) fn node(&self, n: &Node) -> P {
        self.px(n.lon, n.lat)
    }
}

/// Where a link leaves the frame towards a far node.
#[derive(Debug, Clone, Copy)]
pub(super) struct Exit {
    pub(super) at: P,
    /// Unit vector pointing out of the frame.
    pub(super) dir: P,
    pub(super) far: usize,
}

/// A link's drawn shape: a straight line, or a curve for a sea lane; cut at the frame edge.
#[derive(Debug, Clone)]
pub(super) struct Shape {
    a: P,
    b: P,
    ctrl: Option<P>,
    /// Unit normal, the same for every link between the same two nodes.
    normal: P,
    /// Offset along the normal, px, so parallel links (rail beside road) both show.
    offset: f64,
    pub(super) exits: Vec<Exit>,
}

impl Shape {
    fn shifted(&self, extra: f64) -> (P, Option<P>, P) {
        let o = self.offset + extra;
        let s = |p: P| (p.0 + self.normal.0 * o, p.1 + self.normal.1 * o);
        (s(self.a), self.ctrl.map(s), s(self.b))
    }

    pub(super) fn d(&self, extra: f64) -> String {
        match self.shifted(extra) {
            (a, Some(c), b) => format!("M{}Q{} {}", pt(a), pt(c), pt(b)),
            (a, None, b) => format!("M{}L{}", pt(a), pt(b)),
        }
    }

    /// The middle point and the direction of travel there.
    pub(super) fn mid(&self, extra: f64) -> (P, P) {
        let (a, c, b) = self.shifted(extra);
        let m = match c {
            Some(c) => (
                0.25 * a.0 + 0.5 * c.0 + 0.25 * b.0,
                0.25 * a.1 + 0.5 * c.1 + 0.25 * b.1,
            ),
            None => ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
        };
        let len = (b.0 - a.0).hypot(b.1 - a.1).max(1e-9);
        (m, ((b.0 - a.0) / len, (b.1 - a.1) / len))
    }

    /// Points along the shape, for telling whether a label would sit on it.
    pub(super) fn samples(&self, extra: f64) -> Vec<P> {
        match self.shifted(extra) {
            (a, Some(c), b) => (0..=8)
                .map(|i| {
                    let t = f64::from(i) / 8.0;
                    let u = 1.0 - t;
                    (
                        u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0,
                        u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1,
                    )
                })
                .collect(),
            (a, None, b) => vec![a, b],
        }
    }
}

/// The shapes of every link, in file order.
pub(super) fn shapes(net: &Network, frame: &Frame) -> Vec<Shape> {
    // Links between the same two nodes, rail first, then road, then sea.
    let mut pairs: BTreeMap<(usize, usize), Vec<(Mode, usize)>> = BTreeMap::new();
    for (i, l) in net.data.links.iter().enumerate() {
        let (a, b) = net.data.ends[i];
        pairs
            .entry((a.min(b), a.max(b)))
            .or_default()
            .push((l.mode, i));
    }
    let mut offset = vec![0.0; net.data.links.len()];
    for group in pairs.values_mut() {
        group.sort();
        let n = group.len() as f64;
        for (j, &(_, i)) in group.iter().enumerate() {
            offset[i] = (j as f64 - (n - 1.0) / 2.0) * 3.5;
        }
    }
    let inside = frame.rect.grow(1.0);
    net.data
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (fi, ti) = net.data.ends[i];
            let (pa, pb) = (
                frame.node(&net.data.nodes[fi]),
                frame.node(&net.data.nodes[ti]),
            );
            let (p, q) = if fi <= ti { (pa, pb) } else { (pb, pa) };
            let len = (q.0 - p.0).hypot(q.1 - p.1);
            let normal = if len > 0.0 {
                (-(q.1 - p.1) / len, (q.0 - p.0) / len)
            } else {
                (0.0, 0.0)
            };
            let mut shape = Shape {
                a: pa,
                b: pb,
                ctrl: None,
                normal,
                offset: offset[i],
                exits: Vec::new(),
            };
            if inside.contains(pa) && inside.contains(pb) {
                if l.mode == Mode::Sea && len > 0.0 {
                    // Bow sea lanes to the south (down the page): the region's sea is there,
                    // and a straight line between two ports often cuts across a cape.
                    let mut n = normal;
                    if n.1 < 0.0 || (n.1 == 0.0 && n.0 < 0.0) {
                        n = (-n.0, -n.1);
                    }
                    let m = ((pa.0 + pb.0) / 2.0, (pa.1 + pb.1) / 2.0);
                    shape.ctrl = Some((m.0 + n.0 * 0.2 * len, m.1 + n.1 * 0.2 * len));
                }
            } else if let Some((t0, t1)) = clip_segment(pa, pb, frame.rect) {
                let d = (pb.0 - pa.0, pb.1 - pa.1);
                let unit = (d.0 / len, d.1 / len);
                shape.a = (pa.0 + d.0 * t0, pa.1 + d.1 * t0);
                shape.b = (pa.0 + d.0 * t1, pa.1 + d.1 * t1);
                if t0 > 0.0 {
                    shape.exits.push(Exit {
                        at: shape.a,
                        dir: (-unit.0, -unit.1),
                        far: fi,
                    });
                }
                if t1 < 1.0 {
                    shape.exits.push(Exit {
                        at: shape.b,
                        dir: unit,
                        far: ti,
                    });
                }
            }
            shape
        })
        .collect()
}

/// A scale bar in the map's lower-left corner, true along meridians and at the middle latitude.
pub(super) fn scale_bar(frame: &Frame) -> (String, Rect) {
    let px_per_km = frame.k / KM_PER_DEG;
    let max_px = ((frame.rect.x1 - frame.rect.x0) * 0.25).max(110.0);
    let km = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0,
    ]
    .into_iter()
    .rfind(|&km| km * px_per_km <= max_px)
    .unwrap_or(1.0);
    let len = km * px_per_km;
    let (x, y) = (frame.rect.x0 + 14.0, frame.rect.y1 - 18.0);
    let bx = Rect {
        x0: x - 8.0,
        y0: y - 22.0,
        x1: x + len + 30.0,
        y1: y + 10.0,
    };
    let mut out = String::new();
    w!(
        out,
        "<g data-scale=\"{km}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0.85\" rx=\"3\"/>\n",
        short(bx.x0),
        short(bx.y0),
        short(bx.x1 - bx.x0),
        short(bx.y1 - bx.y0)
    );
    for k in 0..4 {
        let x0 = x + len * f64::from(k) / 4.0;
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"{}\" stroke=\"#222\" stroke-width=\"0.8\"/>",
            short(x0),
            short(y - 2.0),
            short(len / 4.0),
            if k % 2 == 0 { "#222" } else { "#fff" }
        );
    }
    let mut ticks = vec![(0.0, "0".to_string())];
    if len >= 80.0 {
        ticks.push((len / 2.0, short(km / 2.0)));
    }
    ticks.push((len, format!("{} km", grouped(km.round(), 0))));
    for (at, text) in ticks {
        w!(
            out,
            "<text class=\"ks\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            short(x + at),
            short(y - 6.0),
            text
        );
    }
    out.push_str("</g>\n");
    (out, bx)
}
