//! The key beside the map: routes and layers, then the modes, statuses and places drawn.

use crate::model::{Link, Mode, NodeKind, Status};
use crate::output::map::{LoadModel, Map};
use crate::output::{grouped, short, wrap};

use super::esc;
use super::frame::pt;
use super::style::{
    CLOSED, COUNTED, CUT, FLOW, LOAD, ROUTE_COLOURS, is_capital, node_symbol, swatch,
};

impl Map<'_> {
    /// The key: routes and layers first, then modes, statuses and places, and what the map's
    /// scale left out: `[unlabelled, hidden]`, the places with no label and those whose symbol
    /// was not drawn. Returns the SVG and its height.
    pub(super) fn key(&self, x: f64, top: f64, [unlabelled, hidden]: [usize; 2]) -> (String, f64) {
        let net = self.net;
        let mut out = String::new();
        let mut y = top + 16.0;
        let tx = x + 40.0;
        let header = |out: &mut String, y: &mut f64, text: &str| {
            *y += 8.0;
            w!(
                out,
                "<text class=\"kh\" x=\"{}\" y=\"{}\">{}</text>\n",
                short(x),
                short(*y),
                esc(&text.to_uppercase())
            );
            *y += 18.0;
        };
        let line = |out: &mut String, y: &mut f64, class: &str, text: &str| {
            w!(
                out,
                "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>\n",
                short(tx),
                short(*y + 4.0),
                esc(text)
            );
            *y += 17.0;
        };
        // Text in the key's full width, wrapped: scenario names, the capacity question.
        let paragraph = |out: &mut String, y: &mut f64, text: &str| {
            for l in wrap("", text.split_whitespace(), 38, 0) {
                w!(
                    out,
                    "<text class=\"k\" x=\"{}\" y=\"{}\">{}</text>\n",
                    short(x),
                    short(*y + 4.0),
                    esc(&l)
                );
                *y += 17.0;
            }
        };
        if !self.routes.is_empty() {
            header(&mut out, &mut y, "Routes");
            for (r, (label, route)) in self.routes.iter().enumerate() {
                let colour = ROUTE_COLOURS[r % ROUTE_COLOURS.len()];
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{colour}\" stroke-width=\"7\" stroke-linecap=\"round\" opacity=\"0.6\" d=\"M{}L{}\"/>\n",
                    pt((x + 2.0, y)),
                    pt((x + 28.0, y))
                );
                for (k, l) in wrap("", label.split_whitespace(), 30, 0).iter().enumerate() {
                    line(&mut out, &mut y, if k == 0 { "k h" } else { "k" }, l);
                }
                line(
                    &mut out,
                    &mut y,
                    "ks",
                    &format!(
                        "{} km · {} days · {} USD/t",
                        grouped(route.distance_km.round(), 0),
                        short(route.days),
                        grouped(route.usd_per_t.round(), 0)
                    ),
                );
                let mut facts = vec![format!(
                    "{} border{}",
                    route.border_crossings,
                    if route.border_crossings == 1 { "" } else { "s" }
                )];
                facts.push(match route.bottleneck_mtpa {
                    Some(b) => format!("bottleneck {} Mt/yr", short(b)),
                    None => "no capacity published".to_string(),
                });
                line(&mut out, &mut y, "ks", &facts.join(" · "));
                if !route.unbuilt.is_empty() {
                    let n = route.unbuilt.len();
                    line(
                        &mut out,
                        &mut y,
                        "ks",
                        &format!("{n} link{} not yet built", if n == 1 { "" } else { "s" }),
                    );
                }
                y += 5.0;
            }
        }
        if !self.scenarios.is_empty() {
            header(&mut out, &mut y, "Scenario");
            for id in &self.scenarios {
                let name = net.scenario(id).map_or(id.as_str(), |s| s.name.as_str());
                paragraph(&mut out, &mut y, name);
            }
            let closed = self.effects.iter().flatten().filter(|e| e.closed).count();
            let reduced = self
                .effects
                .iter()
                .flatten()
                .filter(|e| !e.closed && e.factor < 1.0)
                .count();
            let (cx, cy) = (x + 15.0, y);
            w!(
                out,
                "<path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"3\" d=\"M{}L{}\"/><path class=\"ln\" stroke=\"{CLOSED}\" stroke-width=\"2.6\" d=\"M{}L{}M{}L{}\"/>\n",
                pt((x, y)),
                pt((x + 30.0, y)),
                pt((cx - 5.0, cy - 5.0)),
                pt((cx + 5.0, cy + 5.0)),
                pt((cx - 5.0, cy + 5.0)),
                pt((cx + 5.0, cy - 5.0))
            );
            line(
                &mut out,
                &mut y,
                "k",
                &format!(
                    "closed ({closed} link{})",
                    if closed == 1 { "" } else { "s" }
                ),
            );
            if reduced > 0 {
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{CLOSED}\" stroke-opacity=\"0.35\" stroke-width=\"8\" d=\"M{}L{}\"/>\n",
                    pt((x, y)),
                    pt((x + 30.0, y))
                );
                line(
                    &mut out,
                    &mut y,
                    "k",
                    &format!("capacity cut, % left ({reduced})"),
                );
            }
        }
        if let Some(c) = &self.capacity {
            header(&mut out, &mut y, "Capacity");
            let max = c
                .max_flow_mtpa
                .map_or("unbounded".to_string(), |m| format!("{} Mt/yr", short(m)));
            let text = format!(
                "{} → {}: max flow {max}",
                c.origins.join(", "),
                c.destinations.join(", ")
            );
            paragraph(&mut out, &mut y, &text);
            w!(
                out,
                "<path class=\"ln\" stroke=\"{FLOW}\" stroke-opacity=\"0.55\" stroke-width=\"8\" d=\"M{}L{}\"/>\n",
                pt((x, y)),
                pt((x + 30.0, y))
            );
            let flow_text = if c.max_flow_mtpa.is_some() {
                "flow (width ∝ Mt/yr)"
            } else {
                "path of unknown capacity"
            };
            line(&mut out, &mut y, "k", flow_text);
            w!(
                out,
                "<path class=\"ln\" stroke=\"{CUT}\" stroke-width=\"11\" d=\"M{}L{}\"/>\n",
                pt((x, y)),
                pt((x + 30.0, y))
            );
            line(&mut out, &mut y, "k", "minimum cut");
            if let Some(d) = &c.drawn {
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{CUT}\" stroke-opacity=\"0.5\" stroke-width=\"9\" d=\"M{}L{}\"/>\n",
                    pt((x, y)),
                    pt((x + 30.0, y))
                );
                let text = format!("on the cut in some of {} draws", grouped(d.n as f64, 0));
                line(&mut out, &mut y, "k", &text);
            }
        }
        if let Some(l) = &self.loads {
            let (head, how) = match l.model {
                LoadModel::Greedy => ("Cargo assigned".to_string(), ", cheapest route first"),
                LoadModel::LeastCost => ("Cargo assigned".to_string(), " at least total cost"),
                LoadModel::Split {
                    theta,
                    within_capacity,
                } => (
                    format!("Cargo split at spread {}", short(theta)),
                    if within_capacity {
                        " within capacity"
                    } else {
                        ", capacity not binding"
                    },
                ),
            };
            header(&mut out, &mut y, &head);
            line(
                &mut out,
                &mut y,
                "ks",
                &format!(
                    "{} of {} Mt/yr served{how}",
                    short(l.served_mtpa),
                    short(l.demand_mtpa)
                ),
            );
            let full = if l.prices.is_some() {
                "full (price in its tooltip)"
            } else {
                "saturated"
            };
            for (colour, text) in [(LOAD, "load (width ∝ Mt/yr)"), (CLOSED, full)] {
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{colour}\" stroke-opacity=\"0.55\" stroke-width=\"8\" d=\"M{}L{}\"/>\n",
                    pt((x, y)),
                    pt((x + 30.0, y))
                );
                line(&mut out, &mut y, "k", text);
            }
        }
        if let Some(c) = &self.counted {
            header(&mut out, &mut y, "Traffic counted");
            let counted = |v: &[Option<_>]| v.iter().flatten().count();
            let (links, places) = (counted(&c.links), counted(&c.nodes));
            if links + places == 0 {
                line(&mut out, &mut y, "ks", "no counts in the file");
            } else {
                line(
                    &mut out,
                    &mut y,
                    "ks",
                    &format!("{links} links, {places} places; the latest count each"),
                );
                w!(
                    out,
                    "<path class=\"ln\" stroke=\"{COUNTED}\" stroke-opacity=\"0.6\" stroke-dasharray=\"6 3\" stroke-width=\"8\" d=\"M{}L{}\"/>\n<circle cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"none\" stroke=\"{COUNTED}\" stroke-opacity=\"0.6\" stroke-width=\"3\"/>\n",
                    pt((x, y)),
                    pt((x + 30.0, y)),
                    short(x + 15.0),
                    short(y)
                );
                line(&mut out, &mut y, "k", "counted (ring and band ∝ Mt/yr)");
            }
        }

        let count =
            |pred: &dyn Fn(&Link) -> bool| net.data.links.iter().filter(|l| pred(l)).count();
        header(&mut out, &mut y, "Links");
        out.push_str("<g class=\"ln\">\n");
        // Only what the network holds, with how many links.
        for m in Mode::ALL {
            let n = count(&|l| l.mode == m);
            if n > 0 {
                swatch(&mut out, x, y, m.as_str());
                line(&mut out, &mut y, "k", &format!("{} ({n})", m.as_str()));
            }
        }
        y += 4.0;
        for s in Status::ALL {
            let n = count(&|l| l.status == s);
            if n > 0 {
                swatch(&mut out, x, y, &format!("rail {}", s.as_str()));
                let name = s.as_str().replace('_', " ");
                line(&mut out, &mut y, "k", &format!("{name} ({n})"));
            }
        }
        out.push_str("</g>\n");
        header(&mut out, &mut y, "Places");
        for (kind, capital, text) in [
            (NodeKind::Port, false, "port"),
            (NodeKind::City, true, "capital"),
            (NodeKind::City, false, "city"),
            (NodeKind::Border, false, "border crossing"),
            (NodeKind::Junction, false, "junction"),
        ] {
            let held =
                net.data.nodes.iter().any(|n| {
                    n.kind == kind && (kind != NodeKind::City || is_capital(n) == capital)
                });
            if !held {
                continue;
            }
            node_symbol(&mut out, None, kind, capital, (x + 15.0, y));
            line(&mut out, &mut y, "k", text);
        }
        y += 10.0;
        let plural = |n: usize| if n == 1 { "place" } else { "places" };
        let scale = [
            (unlabelled, "not labelled at this scale."),
            (hidden, "not drawn: within a pixel of another."),
        ];
        let thinned = scale
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{} {} {what}", grouped(*n as f64, 0), plural(*n)));
        let notes = [
            "Sea lanes drawn schematically.".to_string(),
            "Outlines: Natural Earth (public domain).".to_string(),
        ];
        for note in thinned.chain(notes) {
            if note.starts_with("Outlines") && !self.outlines {
                continue;
            }
            w!(
                out,
                "<text class=\"ks\" x=\"{}\" y=\"{}\">{}</text>\n",
                short(x),
                short(y),
                esc(&note)
            );
            y += 15.0;
        }
        (out, y - top)
    }
}
