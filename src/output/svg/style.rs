//! How the map looks: the CSS, colours, label styles, node symbols and country outlines.

use std::sync::OnceLock;

use serde_json::Value;

use crate::model::{Node, NodeKind};
use crate::output::short;

use super::esc;
use super::frame::{P, pt};

/// Country outlines around the region, from Natural Earth (public domain); see `assets/README.md`.
const OUTLINES: &str = include_str!("../../../assets/countries.geojson");

/// Colours of highlighted routes, in the order they are added (then repeating).
pub(super) const ROUTE_COLOURS: [&str; 5] = ["#e7298a", "#2ca02c", "#ff9f1c", "#6a3d9a", "#17becf"];
pub(super) const CLOSED: &str = "#d7191c";
pub(super) const FLOW: &str = "#8e6cc8";
pub(super) const CUT: &str = "#ffd21f";
pub(super) const LOAD: &str = "#35a06b";
/// Traffic counted on a link or at a place.
pub(super) const COUNTED: &str = "#0b6e99";

/// A country outline from `assets/countries.geojson`.
pub(super) struct Country {
    pub(super) iso: String,
    pub(super) name: String,
    pub(super) label: Option<(f64, f64)>,
    capital: Option<(f64, f64)>,
    /// Polygons, each a list of rings of (lon, lat).
    pub(super) polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

pub(super) fn countries() -> &'static [Country] {
    static PARSED: OnceLock<Vec<Country>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let Ok(Value::Object(fc)) = serde_json::from_str::<Value>(OUTLINES) else {
            return Vec::new();
        };
        let lonlat =
            |v: &Value| -> Option<(f64, f64)> { Some((v.get(0)?.as_f64()?, v.get(1)?.as_f64()?)) };
        let empty = Vec::new();
        let features = fc
            .get("features")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        features
            .iter()
            .filter_map(|feat| {
                let props = feat.get("properties")?;
                let coords = feat.get("geometry")?.get("coordinates")?.as_array()?;
                let polygons = coords
                    .iter()
                    .filter_map(|poly| {
                        poly.as_array().map(|rings| {
                            rings
                                .iter()
                                .filter_map(|ring| {
                                    ring.as_array()
                                        .map(|r| r.iter().filter_map(lonlat).collect())
                                })
                                .collect()
                        })
                    })
                    .collect();
                Some(Country {
                    iso: props.get("iso")?.as_str()?.to_string(),
                    name: props.get("name")?.as_str()?.to_string(),
                    label: props.get("label").and_then(lonlat),
                    capital: props.get("capital").and_then(lonlat),
                    polygons,
                })
            })
            .collect()
    })
}

/// Whether a node is its country's capital (within about 25 km of it).
pub(super) fn is_capital(n: &Node) -> bool {
    countries().iter().any(|c| {
        c.iso == n.country
            && c.capital
                .is_some_and(|(lon, lat)| (lon - n.lon).abs() < 0.25 && (lat - n.lat).abs() < 0.25)
    })
}

/// How a label looks: CSS class, size, weight, and the rest of the class's rule in the map's
/// CSS (colour, slant), which [`css`] writes from these, so the labels are placed at the size
/// they are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub(super) class: &'static str,
    pub(super) size: f64,
    pub(super) bold: bool,
    rest: &'static str,
}

impl Style {
    const fn bold(class: &'static str, size: f64, rest: &'static str) -> Style {
        Style {
            class,
            size,
            bold: true,
            rest,
        }
    }

    const fn plain(class: &'static str, size: f64, rest: &'static str) -> Style {
        Style {
            class,
            size,
            bold: false,
            rest,
        }
    }
}

pub(super) const END: Style = Style::bold("le", 13.0, "");
pub(super) const PORT: Style = Style::bold("lp", 12.0, ";fill:#1f3b73");
pub(super) const CAPITAL: Style = Style::bold("lc", 12.0, "");
pub(super) const CROSSING: Style = Style::plain("lx", 10.5, ";font-style:italic;fill:#7a1f1f");
pub(super) const TOWN: Style = Style::plain("lt", 11.0, ";fill:#333");
pub(super) const JUNCTION: Style = Style::plain("lj", 10.0, ";fill:#666");
pub(super) const FAR: Style = Style::bold("lf", 12.0, ";fill:#555");

/// Which kinds of place a node symbol stands for.
pub(super) fn symbol_radius(kind: NodeKind, capital: bool) -> f64 {
    match kind {
        NodeKind::Port => 4.5,
        NodeKind::Border => 4.0,
        NodeKind::City if capital => 5.0,
        NodeKind::City => 3.5,
        NodeKind::Junction => 2.2,
    }
}

pub(super) fn node_symbol(out: &mut String, id: Option<&str>, kind: NodeKind, capital: bool, p: P) {
    let data = id.map_or(String::new(), |id| format!(" data-node=\"{}\"", esc(id)));
    let (x, y) = p;
    match kind {
        NodeKind::Port => w!(
            out,
            "<rect{data} class=\"np\" x=\"{}\" y=\"{}\" width=\"9\" height=\"9\"/>",
            short(x - 4.5),
            short(y - 4.5)
        ),
        NodeKind::Border => w!(
            out,
            "<path{data} class=\"nx\" d=\"M{}L{}L{}L{}Z\"/>",
            pt((x, y - 4.5)),
            pt((x + 4.5, y)),
            pt((x, y + 4.5)),
            pt((x - 4.5, y))
        ),
        NodeKind::City if capital => w!(
            out,
            "<g{data}><circle class=\"nc\" cx=\"{}\" cy=\"{}\" r=\"5\"/><circle cx=\"{}\" cy=\"{}\" r=\"2\"/></g>",
            short(x),
            short(y),
            short(x),
            short(y)
        ),
        NodeKind::City => w!(
            out,
            "<circle{data} class=\"nc\" cx=\"{}\" cy=\"{}\" r=\"3.5\"/>",
            short(x),
            short(y)
        ),
        NodeKind::Junction => w!(
            out,
            "<circle{data} class=\"nj\" cx=\"{}\" cy=\"{}\" r=\"2.2\"/>",
            short(x),
            short(y)
        ),
    }
    out.push('\n');
}

/// A sample of a link style for the legend: a short line.
pub(super) fn swatch(out: &mut String, x: f64, y: f64, class: &str) {
    w!(
        out,
        "<path class=\"{class}\" d=\"M{}L{}\"/>\n",
        pt((x, y)),
        pt((x + 30.0, y))
    );
}

/// The map's CSS: its lines, places and country outlines, a rule per label style, then the key.
pub(super) fn css() -> String {
    let mut css = String::from(MAP_CSS);
    for s in [END, PORT, CAPITAL, CROSSING, TOWN, JUNCTION, FAR] {
        let weight = if s.bold { ";font-weight:bold" } else { "" };
        w!(
            css,
            ".{}{{font-size:{}px{weight}{}}}\n",
            s.class,
            s.size,
            s.rest
        );
    }
    css + KEY_CSS
}

const MAP_CSS: &str = "text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#222}
.h{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.ln{fill:none}
.rail{stroke:#2b2b2b;stroke-width:2.2}
.road{stroke:#c2562a;stroke-width:1.6}
.sea{stroke:#3a7dbf;stroke-width:1.4}
.under_construction{stroke-dasharray:7 4}
.planned{stroke-dasharray:0.1 4.5;stroke-linecap:round;stroke-width:2.6}
.proposed{stroke-dasharray:0.1 7;stroke-linecap:round;stroke-width:2.6}
.land{fill:#f6f3ec;stroke:#a8a294;stroke-width:0.7;stroke-linejoin:round}
.land.other{fill:#e8e5dd}
.cn{font-size:15px;font-weight:bold;letter-spacing:3px;fill:#a39d8f;text-anchor:middle}
.cn.other{font-size:11px;letter-spacing:2px}
.np{fill:#1f3b73;stroke:#fff;stroke-width:1}
.nx{fill:#fff;stroke:#8a1c1c;stroke-width:1.4}
.nc{fill:#fff;stroke:#222;stroke-width:1.4}
.nj{fill:#777;stroke:#fff;stroke-width:0.6}
";

const KEY_CSS: &str = ".k{font-size:12px}
.kh{font-size:11px;font-weight:bold;fill:#666;letter-spacing:1px}
.ks{font-size:11px;fill:#555}
";
