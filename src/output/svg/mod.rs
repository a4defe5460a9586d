//! The SVG map: [`Map::svg`] and the drawing of each layer. `frame` places things on the page,
//! `style` says how they look, `labels` finds room for names and `key` draws the legend.

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}

mod frame;
mod key;
mod labels;
mod style;
mod tornado;

use crate::analysis::{LinkLoad, LoadDraws};
use crate::model::NodeKind;
use crate::network::Network;
use crate::output::map::{Bounds, Counted, LoadLayer, Map};
use crate::output::utilisation::{percent, with_range};
use crate::output::{grouped, short, short_name};

use frame::{Frame, P, Rect, Shape, clip_ring, pt, scale_bar, shapes};
use labels::{Want, place_labels, text_width};
use style::{
    CLOSED, COUNTED, CUT, Country, FAR, FLOW, LOAD, ROUTE_COLOURS, countries, css, is_capital,
    node_symbol, symbol_radius,
};

/// Space around the map and the key, px.
const MARGIN: f64 = 20.0;
/// Width of the key beside the map, px.
const PANEL_W: f64 = 290.0;

/// Text escaped for XML, in element content and in attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

impl Map<'_> {
    /// The map as a self-contained SVG document: country outlines and labels, every link
    /// coloured by mode (rail black, road brick, sea blue; sea lanes bowed, schematically) and
    /// styled by status (solid operational, dashed under construction, dotted planned, sparse
    /// dots proposed), ports, crossings, capitals, cities and junctions marked, labels placed
    /// so they do not overlap, routes highlighted with a legend entry each, closed links in red
    /// with a cross, a scale bar in km. Links to far gateways end in an arrow at the edge,
    /// labelled with the place they lead to.
    ///
    /// Each link is one element with `data-link="ID"`, each node symbol one with
    /// `data-node="ID"`. The same map gives the same bytes: coordinates are rounded to 0.1 px
    /// and everything is drawn in file order.
    ///
    /// What the scale cannot show is left out and counted in the key: minor labels that find
    /// no free place ("N places not labelled at this scale"), and the symbols of plain towns
    /// and junctions less than a pixel from one already drawn ("N places not drawn"). Places,
    /// labels and lines are found through grids of buckets, so a map of 200,000 places takes
    /// seconds.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let svg = corridors::Map::new(&net).svg();
    /// assert!(svg.contains("data-link=\"khaf-shamtigh-rail\""));
    /// assert_eq!(svg, corridors::Map::new(&net).svg()); // deterministic
    /// ```
    pub fn svg(&self) -> String {
        let d = Drawing::new(self);
        let area = d.frame.rect;
        let mut body = String::new();
        let mut soft = d.countries(&mut body);
        d.halos(&mut body);
        d.routes(&mut body);
        d.links(&mut body);
        let mut wants = d.exits(&mut body);
        d.scenario(&mut body);
        let (symbols, hidden) = d.nodes(&mut body);
        wants.extend(self.node_labels(&d.frame, &d.in_frame, &d.capital));
        let (scale, scale_box) = scale_bar(&d.frame);
        soft.push(scale_box);
        let unlabelled = d.labels(&mut body, wants, &symbols, &soft);

        let (key, key_h) = self.key(area.x1 + MARGIN, area.y0, [unlabelled, hidden]);
        let width = area.x1 + MARGIN + PANEL_W + MARGIN;
        let height = area.y1.max(area.y0 + key_h) + MARGIN;
        let net = self.net;
        let mut out = String::new();
        w!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">\n",
            short(width),
            short(height),
            short(width),
            short(height)
        );
        let full_title = match &self.title {
            Some(t) => format!("{}: {t}", net.data.name),
            None => net.data.name.clone(),
        };
        w!(out, "<title>{}</title>\n", esc(&full_title));
        let rect = format!(
            "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            short(area.x0),
            short(area.y0),
            short(area.x1 - area.x0),
            short(area.y1 - area.y0)
        );
        w!(
            out,
            "<style>\n{}</style>\n<defs><clipPath id=\"map\"><rect {rect}/></clipPath></defs>\n",
            css()
        );
        let sea = if d.outlines.is_empty() {
            "#fbfaf7"
        } else {
            "#d9e8f3"
        };
        w!(
            out,
            "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<rect {rect} fill=\"{sea}\"/>\n"
        );
        w!(
            out,
            "<text x=\"{}\" y=\"32\" font-size=\"22\" font-weight=\"bold\">{}</text>\n",
            short(MARGIN),
            esc(&net.data.name)
        );
        if let Some(t) = &self.title {
            w!(
                out,
                "<text x=\"{}\" y=\"56\" font-size=\"14\" fill=\"#444\">{}</text>\n",
                short(MARGIN),
                esc(t)
            );
        }
        if let Some(day) = self.day_line() {
            let y = if self.title.is_some() { 76 } else { 56 };
            w!(
                out,
                "<text data-day=\"\" x=\"{}\" y=\"{y}\" font-size=\"12\" fill=\"#666\">{}</text>\n",
                short(MARGIN),
                esc(&day)
            );
        }
        out.push_str("<g clip-path=\"url(#map)\">\n");
        out.push_str(&body);
        out.push_str("</g>\n");
        out.push_str(&scale);
        w!(
            out,
            "<rect {rect} fill=\"none\" stroke=\"#777\" stroke-width=\"1\"/>\n"
        );
        out.push_str(&key);
        out.push_str("</svg>\n");
        out
    }
}

/// What drawing a map needs, computed once: the frame, link shapes, which nodes show.
struct Drawing<'m, 'a> {
    map: &'m Map<'a>,
    net: &'a Network,
    frame: Frame,
    shapes: Vec<Shape>,
    outlines: &'static [Country],
    capital: Vec<bool>,
    in_frame: Vec<bool>,
    /// For each link, the routes that use it, in the order they were added.
    users: Vec<Vec<usize>>,
}

impl<'m, 'a> Drawing<'m, 'a> {
    fn new(map: &'m Map<'a>) -> Drawing<'m, 'a> {
        let net = map.net;
        let bounds = map.bounds.unwrap_or_else(|| Bounds::around(net));
        let lines = usize::from(map.title.is_some()) + usize::from(map.day_line().is_some());
        let title_h = 50.0 + 20.0 * lines as f64;
        let frame = Frame::new(bounds, MARGIN, title_h);
        let in_frame = net
            .data
            .nodes
            .iter()
            .map(|n| frame.rect.contains(frame.node(n)))
            .collect();
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); net.data.links.len()];
        for (r, (_, route)) in map.routes.iter().enumerate() {
            for leg in &route.legs {
                if let Some(&i) = net.data.link_ix.get(leg.link.as_str()) {
                    if !users[i].contains(&r) {
                        users[i].push(r);
                    }
                }
            }
        }
        Drawing {
            map,
            net,
            shapes: shapes(net, &frame),
            frame,
            outlines: if map.outlines { countries() } else { &[] },
            capital: net.data.nodes.iter().map(is_capital).collect(),
            in_frame,
            users,
        }
    }

    /// Routes sharing a link are drawn side by side: route `r`'s offset on link `i`, px.
    fn band(&self, r: usize, i: usize) -> f64 {
        let users = &self.users[i];
        let n = users.len() as f64;
        let j = users.iter().position(|&x| x == r).unwrap_or(0) as f64;
        (j - (n - 1.0) / 2.0) * 6.0
    }

    /// Country outlines, then their names; returns where the names are, for labels to avoid.
    fn countries(&self, body: &mut String) -> Vec<Rect> {
        let area = self.frame.rect;
        let country_box = area.grow(4.0);
        let used: Vec<&str> = self
            .net
            .data
            .nodes
            .iter()
            .map(|n| n.country.as_str())
            .collect();
        let mut soft: Vec<Rect> = Vec::new();
        let mut names = String::new();
        for c in self.outlines {
            let mut d = String::new();
            for ring in c.polygons.iter().flatten() {
                let px: Vec<P> = ring
                    .iter()
                    .map(|&(lon, lat)| self.frame.px(lon, lat))
                    .collect();
                let cut = clip_ring(px, country_box);
                if cut.len() < 3 {
                    continue;
                }
                for (k, p) in cut.iter().enumerate() {
                    d.push(if k == 0 { 'M' } else { 'L' });
                    d.push_str(&pt(*p));
                }
                d.push('Z');
            }
            let other = if used.contains(&c.iso.as_str()) {
                ""
            } else {
                " other"
            };
            if !d.is_empty() {
                w!(
                    body,
                    "<path data-country=\"{}\" class=\"land{other}\" fill-rule=\"evenodd\" d=\"{d}\"/>\n",
                    esc(&c.iso)
                );
            }
            let Some((lon, lat)) = c.label else { continue };
            let p = self.frame.px(lon, lat);
            let text = c.name.to_uppercase();
            let (size, spacing) = if other.is_empty() {
                (15.0, 3.0)
            } else {
                (11.0, 2.0)
            };
            let wdt = text_width(&text, size, true) + spacing * text.chars().count() as f64;
            let bx = Rect {
                x0: p.0 - wdt / 2.0,
                y0: p.1 - size * 0.8,
                x1: p.0 + wdt / 2.0,
                y1: p.1 + size * 0.2,
            };
            if area.holds(&bx) {
                soft.push(bx);
                w!(
                    names,
                    "<text class=\"cn{other}\" x=\"{}\" y=\"{}\">{}</text>\n",
                    short(p.0),
                    short(p.1),
                    esc(&text)
                );
            }
        }
        body.push_str(&names);
        soft
    }

    /// Capacity and load halos, under everything else: width grows with the flow or load.
    fn halos(&self, body: &mut String) {
        let links = &self.net.data.links;
        if let Some(c) = &self.map.capacity {
            let max = c.flow_mtpa.iter().copied().fold(0.0, f64::max);
            for (i, s) in self.shapes.iter().enumerate() {
                let id = esc(&links[i].id);
                let chance = c.drawn.as_ref().map(|d| d.links[i]);
                let drawn = chance.map_or(String::new(), |p| {
                    format!("; on the cut in {}% of draws", percent(p))
                });
                if let Some(cap) = c.cut_links[i] {
                    w!(
                        body,
                        "<path data-cut=\"{id}\" class=\"ln\" stroke=\"{CUT}\" stroke-width=\"13\" stroke-linecap=\"round\" d=\"{}\"><title>minimum cut: {} Mt/yr{drawn}</title></path>\n",
                        s.d(0.0),
                        short(cap)
                    );
                } else if let Some(p) = chance.filter(|&p| p > 0.0) {
                    // On the cut in some draws only: fainter the rarer.
                    w!(
                        body,
                        "<path data-cut-chance=\"{id}\" class=\"ln\" stroke=\"{CUT}\" stroke-opacity=\"{}\" stroke-width=\"9\" stroke-linecap=\"round\" d=\"{}\"><title>on the minimum cut in {}% of draws</title></path>\n",
                        short(0.2 + 0.6 * p),
                        s.d(0.0),
                        percent(p)
                    );
                }
                if c.unbounded[i] {
                    w!(
                        body,
                        "<path data-unbounded=\"{id}\" class=\"ln\" stroke=\"{FLOW}\" stroke-opacity=\"0.55\" stroke-width=\"12\" d=\"{}\"/>\n",
                        s.d(0.0)
                    );
                } else if c.flow_mtpa[i] > 0.0 && max > 0.0 {
                    w!(
                        body,
                        "<path data-flow=\"{id}\" class=\"ln\" stroke=\"{FLOW}\" stroke-opacity=\"0.55\" stroke-width=\"{}\" d=\"{}\"/>\n",
                        short(3.0 + 9.0 * c.flow_mtpa[i] / max),
                        s.d(0.0)
                    );
                }
            }
        }
        if let Some(layer) = &self.map.loads {
            let max = layer
                .loads
                .iter()
                .flatten()
                .map(|l| l.load_mtpa)
                .fold(0.0, f64::max);
            for (i, s) in self.shapes.iter().enumerate() {
                let Some(l) = &layer.loads[i] else { continue };
                if l.load_mtpa <= 0.0 || max <= 0.0 {
                    continue;
                }
                let colour = if l.saturated { CLOSED } else { LOAD };
                let price = layer.prices.as_ref().and_then(|p| p.links[i]);
                let drawn = layer
                    .drawn
                    .as_ref()
                    .and_then(|(n, d)| Some((*n, d[i].as_ref()?)));
                w!(
                    body,
                    "<path data-load=\"{}\" class=\"ln\" stroke=\"{colour}\" stroke-opacity=\"0.55\" stroke-width=\"{}\" d=\"{}\"><title>{}</title></path>\n",
                    esc(&links[i].id),
                    short(3.0 + 9.0 * l.load_mtpa / max),
                    s.d(0.0),
                    esc(&load_tip(&links[i].id, l, price, drawn))
                );
            }
            self.priced_places(body, layer);
        }
        self.counted(body);
    }

    /// Places and ports whose full capacity has a price: a ring in the saturated colour, the
    /// price in its tooltip.
    fn priced_places(&self, body: &mut String, layer: &LoadLayer) {
        let Some(prices) = &layer.prices else { return };
        for (i, n) in self.net.data.nodes.iter().enumerate() {
            let Some(price) = prices.nodes[i] else {
                continue;
            };
            if price < 0.005 || !self.in_frame[i] {
                continue;
            }
            let (x, y) = self.frame.node(n);
            w!(
                body,
                "<circle data-price=\"{}\" cx=\"{}\" cy=\"{}\" r=\"11\" fill=\"none\" stroke=\"{CLOSED}\" stroke-opacity=\"0.7\" stroke-width=\"4\"><title>{}: full, priced {} USD/t</title></circle>\n",
                esc(&n.id),
                short(x),
                short(y),
                esc(&n.id),
                grouped(price, 2)
            );
        }
    }

    /// Counted traffic: a ring at each counted place and at the middle of each counted link,
    /// which also gets a dashed band, both wider with the Mt/yr of the latest count (one
    /// scale for all), which the group's tooltip gives with the days counted. Most counts are
    /// at border crossings, whose links are too short for a band to show: the ring does.
    fn counted(&self, body: &mut String) {
        let Some(layer) = &self.map.counted else {
            return;
        };
        let max = layer
            .links
            .iter()
            .chain(&layer.nodes)
            .flatten()
            .map(|c| c.latest.mtpa)
            .fold(0.0, f64::max);
        if max <= 0.0 {
            return;
        }
        let open = |body: &mut String, id: &str, c: &Counted| {
            let u = &c.latest;
            let share = u
                .share
                .map_or(String::new(), |s| format!(", {} % of capacity", percent(s)));
            let n = c.counts;
            let tip = format!(
                "{id}: {} Mt/yr counted {} to {}{share} ({n} count{})",
                with_range(u.mtpa, u.mtpa_range),
                u.start,
                u.end,
                if n == 1 { "" } else { "s" }
            );
            w!(
                body,
                "<g data-counted=\"{}\" stroke=\"{COUNTED}\" stroke-opacity=\"0.6\" fill=\"none\"><title>{}</title>\n",
                esc(id),
                esc(&tip)
            );
        };
        let ring = |body: &mut String, p: P, mtpa: f64| {
            w!(
                body,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" stroke-width=\"{}\"/>\n",
                short(p.0),
                short(p.1),
                short(8.0 + 4.5 * mtpa / max),
                short(1.5 + 4.5 * mtpa / max)
            );
        };
        for (i, s) in self.shapes.iter().enumerate() {
            let Some(c) = &layer.links[i] else { continue };
            let mtpa = c.latest.mtpa;
            open(body, &self.net.data.links[i].id, c);
            w!(
                body,
                "<path class=\"ln\" stroke-dasharray=\"6 3\" stroke-width=\"{}\" d=\"{}\"/>\n",
                short(3.0 + 9.0 * mtpa / max),
                s.d(0.0)
            );
            ring(body, s.mid(0.0).0, mtpa);
            body.push_str("</g>\n");
        }
        for (i, n) in self.net.data.nodes.iter().enumerate() {
            let Some(c) = &layer.nodes[i] else { continue };
            if !self.in_frame[i] {
                continue;
            }
            open(body, &n.id, c);
            ring(body, self.frame.node(n), c.latest.mtpa);
            body.push_str("</g>\n");
        }
    }

    /// Routes: translucent bands under the links, one group per route.
    fn routes(&self, body: &mut String) {
        for (r, (label, route)) in self.map.routes.iter().enumerate() {
            let colour = ROUTE_COLOURS[r % ROUTE_COLOURS.len()];
            w!(
                body,
                "<g data-route=\"{r}\" class=\"ln\" stroke=\"{colour}\" stroke-width=\"7\" stroke-linecap=\"round\" stroke-linejoin=\"round\" opacity=\"0.6\"><title>{}</title>\n",
                esc(label)
            );
            for leg in &route.legs {
                if let Some(&i) = self.net.data.link_ix.get(leg.link.as_str()) {
                    w!(
                        body,
                        "<path data-leg=\"{}\" d=\"{}\"/>\n",
                        esc(&leg.link),
                        self.shapes[i].d(self.band(r, i))
                    );
                }
            }
            body.push_str("</g>\n");
        }
    }

    /// Every link, the least real underneath.
    fn links(&self, body: &mut String) {
        let links = &self.net.data.links;
        let mut order: Vec<usize> = (0..links.len()).collect();
        order.sort_by_key(|&i| {
            let l = &links[i];
            (std::cmp::Reverse(l.status), std::cmp::Reverse(l.mode), i)
        });
        body.push_str("<g class=\"ln\">\n");
        for &i in &order {
            let l = &links[i];
            w!(
                body,
                "<path data-link=\"{}\" class=\"{} {}\" d=\"{}\"/>\n",
                esc(&l.id),
                l.mode.as_str(),
                l.status.as_str(),
                self.shapes[i].d(0.0)
            );
        }
        body.push_str("</g>\n");
    }

    /// Arrows where links leave the frame for a far gateway; returns their labels, one per
    /// place and stretch of edge.
    fn exits(&self, body: &mut String) -> Vec<Want> {
        let mut wants: Vec<Want> = Vec::new();
        for (i, s) in self.shapes.iter().enumerate() {
            for e in &s.exits {
                let (tip, dir) = (e.at, e.dir);
                let base = (tip.0 - dir.0 * 10.0, tip.1 - dir.1 * 10.0);
                let side = (-dir.1 * 5.0, dir.0 * 5.0);
                w!(
                    body,
                    "<path data-exit=\"{}\" class=\"{}\" fill=\"currentColor\" d=\"M{}L{}L{}Z\"/>\n",
                    esc(&self.net.data.links[i].id),
                    self.net.data.links[i].mode.as_str(),
                    pt(tip),
                    pt((base.0 + side.0, base.1 + side.1)),
                    pt((base.0 - side.0, base.1 - side.1))
                );
                let at = (tip.0 - dir.0 * 16.0, tip.1 - dir.1 * 16.0);
                let text = format!("to {}", short_name(&self.net.data.nodes[e.far].name).trim());
                let dup = wants
                    .iter()
                    .any(|w| w.texts[0] == text && (w.at.0 - at.0).hypot(w.at.1 - at.1) < 80.0);
                if !dup {
                    wants.push(Want {
                        texts: vec![text],
                        at,
                        r: 3.0,
                        style: FAR,
                        tier: 0,
                        degree: 0,
                        own: Vec::new(),
                    });
                }
            }
        }
        wants
    }

    /// Scenario marks: closed links red and crossed, shrunk ones haloed with what is left.
    fn scenario(&self, body: &mut String) {
        for (i, e) in self.map.effects.iter().enumerate() {
            let Some(e) = e else { continue };
            let s = &self.shapes[i];
            let (m, _) = s.mid(0.0);
            let id = esc(&self.net.data.links[i].id);
            if e.closed {
                w!(
                    body,
                    "<g data-closed=\"{id}\"><path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"3\" d=\"{}\"/>",
                    s.d(0.0)
                );
                if self.frame.rect.contains(m) {
                    let (x, y) = m;
                    let cross = format!(
                        "M{}L{}M{}L{}",
                        pt((x - 5.0, y - 5.0)),
                        pt((x + 5.0, y + 5.0)),
                        pt((x - 5.0, y + 5.0)),
                        pt((x + 5.0, y - 5.0))
                    );
                    w!(
                        body,
                        "<path class=\"ln\" stroke=\"#fff\" stroke-width=\"5.5\" d=\"{cross}\"/><path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"2.6\" d=\"{cross}\"/>"
                    );
                }
                body.push_str("</g>\n");
            } else if e.factor < 1.0 {
                w!(
                    body,
                    "<g data-reduced=\"{id}\"><path class=\"ln\" stroke=\"{CLOSED}\" stroke-opacity=\"0.35\" stroke-width=\"8\" d=\"{}\"/><text class=\"lt h\" x=\"{}\" y=\"{}\">{}%</text></g>\n",
                    s.d(0.0),
                    short(m.0 + 6.0),
                    short(m.1 - 6.0),
                    short(e.factor * 100.0)
                );
            }
        }
    }

    /// A symbol per node in the frame; returns the box of each, for labels to avoid, and how
    /// many were left out: a plain place (a town or junction, not a capital, a cut or a
    /// route's or capacity question's place) drawn less than a pixel from a symbol already
    /// drawn would not be seen. The two sides of a crossing, drawn close, both stay.
    fn nodes(&self, body: &mut String) -> (Vec<(usize, Rect)>, usize) {
        let mut symbols: Vec<(usize, Rect)> = Vec::new();
        let on_route: std::collections::HashSet<&str> = self
            .map
            .routes
            .iter()
            .flat_map(|(_, r)| r.nodes())
            .collect();
        // Drawn symbols by whole pixel, to find one within a pixel.
        let mut drawn: std::collections::HashMap<(i64, i64), Vec<P>> = Default::default();
        let cell = |p: P| (p.0.floor() as i64, p.1.floor() as i64);
        let mut hidden = 0;
        for (i, n) in self.net.data.nodes.iter().enumerate() {
            if !self.in_frame[i] {
                continue;
            }
            let p = self.frame.node(n);
            let plain = matches!(n.kind, NodeKind::City | NodeKind::Junction)
                && !self.capital[i]
                && !on_route.contains(n.id.as_str())
                && self.map.capacity.as_ref().is_none_or(|c| {
                    c.cut_nodes[i].is_none()
                        && !c.origins.contains(&n.id)
                        && !c.destinations.contains(&n.id)
                });
            let (cx, cy) = cell(p);
            let close = (cx - 1..=cx + 1).any(|x| {
                (cy - 1..=cy + 1).any(|y| {
                    drawn
                        .get(&(x, y))
                        .is_some_and(|ps| ps.iter().any(|q| (p.0 - q.0).hypot(p.1 - q.1) < 1.0))
                })
            });
            if plain && close {
                hidden += 1;
                continue;
            }
            drawn.entry((cx, cy)).or_default().push(p);
            let cut = self
                .map
                .capacity
                .as_ref()
                .is_some_and(|c| c.cut_nodes[i].is_some());
            let chance = self
                .map
                .capacity
                .as_ref()
                .and_then(|c| c.drawn.as_ref())
                .map_or(0.0, |d| d.nodes[i]);
            if cut {
                let drawn = self
                    .map
                    .capacity
                    .as_ref()
                    .is_some_and(|c| c.drawn.is_some());
                let end = if drawn {
                    format!(
                        "><title>on the minimum cut in {}% of draws</title></circle>",
                        percent(chance)
                    )
                } else {
                    "/>".to_string()
                };
                w!(
                    body,
                    "<circle data-cut=\"{}\" cx=\"{}\" cy=\"{}\" r=\"10\" fill=\"{CUT}\"{end}\n",
                    esc(&n.id),
                    short(p.0),
                    short(p.1)
                );
            } else if chance > 0.0 {
                w!(
                    body,
                    "<circle data-cut-chance=\"{}\" cx=\"{}\" cy=\"{}\" r=\"9\" fill=\"{CUT}\" fill-opacity=\"{}\"><title>on the minimum cut in {}% of draws</title></circle>\n",
                    esc(&n.id),
                    short(p.0),
                    short(p.1),
                    short(0.2 + 0.6 * chance),
                    percent(chance)
                );
            }
            node_symbol(body, Some(&n.id), n.kind, self.capital[i], p);
            let r = symbol_radius(n.kind, self.capital[i]);
            let bx = Rect {
                x0: p.0 - r,
                y0: p.1 - r,
                x1: p.0 + r,
                y1: p.1 + r,
            };
            symbols.push((i, bx));
        }
        (symbols, hidden)
    }

    /// Places the labels (see [`place_labels`]) and draws them; returns how many places are
    /// left unlabelled.
    fn labels(
        &self,
        body: &mut String,
        wants: Vec<Want>,
        symbols: &[(usize, Rect)],
        soft: &[Rect],
    ) -> usize {
        let mut lines: Vec<(Vec<P>, f64)> =
            self.shapes.iter().map(|s| (s.samples(0.0), 1.0)).collect();
        for (r, (_, route)) in self.map.routes.iter().enumerate() {
            for leg in &route.legs {
                if let Some(&i) = self.net.data.link_ix.get(leg.link.as_str()) {
                    lines.push((self.shapes[i].samples(self.band(r, i)), 4.0));
                }
            }
        }
        let area = self.frame.rect.grow(-2.0);
        let (placed, unlabelled) = place_labels(wants, area, symbols, soft, &lines);
        for p in placed {
            let anchor = match p.anchor {
                "start" => "",
                "end" => " text-anchor=\"end\"",
                _ => " text-anchor=\"middle\"",
            };
            w!(
                body,
                "<text class=\"{} h\" x=\"{}\" y=\"{}\"{anchor}>{}</text>\n",
                p.style.class,
                short(p.x),
                short(p.y),
                esc(&p.text)
            );
        }
        unlabelled
    }
}

/// A loaded link's tooltip: its load, its share of capacity, its price when it is full and
/// priced, and with draws the range of its load and how often it is full.
fn load_tip(
    id: &str,
    l: &LinkLoad,
    price: Option<f64>,
    drawn: Option<(usize, &LoadDraws)>,
) -> String {
    let mut tip = format!("{id}: {} Mt/yr", short(l.load_mtpa));
    if let Some(u) = l.utilisation {
        tip += &format!(", {} % of capacity", percent(u));
    }
    if l.saturated {
        tip += ", full";
    }
    if let Some(p) = price.filter(|&p| p >= 0.005) {
        tip += &format!(", priced {} USD/t", grouped(p, 2));
    }
    if let Some((n, d)) = drawn {
        tip += &format!(
            "; over {n} draws {}–{} Mt/yr (median {}), full in {} %",
            short(d.load_mtpa[0]),
            short(d.load_mtpa[2]),
            short(d.load_mtpa[1]),
            percent(d.chance_full)
        );
    }
    tip
}
