//! The tornado of a sensitivity answer as SVG: one bar per parameter, from the best metric
//! with the parameter at its low to the best metric at its high, largest swing on top, a line
//! at the answer with every figure at its value, and the bars of the parameters that change
//! the winner marked with their break-even value.

use std::fmt::Write;

use crate::analysis::Sensitivity;
use crate::output::svg::esc;

const WIDTH: f64 = 960.0;
const LABEL: f64 = 380.0;
const RIGHT: f64 = 150.0;
const ROW: f64 = 22.0;
const TOP: f64 = 64.0;

impl Sensitivity {
    /// The tornado as a standalone SVG document, with the `top` largest swings (all when
    /// `top` is 0). Same answer, same bytes.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SensitivityQuery};
    /// let net = Network::trans_afghan();
    /// let s = net
    ///     .sensitivity(&SensitivityQuery::new("ashgabat", "mundra").via_port("chabahar").via_port("bandar-abbas"))
    ///     .unwrap();
    /// let svg = s.svg(12);
    /// assert!(svg.starts_with("<svg") && svg.contains("bandar-abbas"));
    /// ```
    pub fn svg(&self, top: usize) -> String {
        let rows: Vec<_> = match top {
            0 => self.parameters.iter().collect(),
            n => self.parameters.iter().take(n).collect(),
        };
        let height = TOP + ROW * rows.len().max(1) as f64 + 48.0;
        let (mut lo, mut hi) = (self.base, self.base);
        for s in &rows {
            lo = lo.min(s.metric_at_low).min(s.metric_at_high);
            hi = hi.max(s.metric_at_low).max(s.metric_at_high);
        }
        if hi.is_nan() || hi <= lo {
            hi = lo + 1.0;
        }
        let pad = (hi - lo) * 0.05;
        let (lo, hi) = (lo - pad, hi + pad);
        let plot = WIDTH - LABEL - RIGHT;
        let x = |v: f64| LABEL + (v - lo) / (hi - lo) * plot;
        let mut o = String::new();
        let _ = writeln!(
            o,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(o, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
        let through = if self.ports.is_empty() {
            String::new()
        } else {
            format!(" through {}", self.ports.join(", "))
        };
        let _ = writeln!(
            o,
            r#"<text x="12" y="22" font-size="15" font-weight="bold">{} → {}, best by {}{}: {} at {:.1}</text>"#,
            esc(&self.from),
            esc(&self.to),
            self.metric,
            esc(&through),
            esc(&self.best),
            self.base
        );
        let _ = writeln!(
            o,
            r##"<text x="12" y="42" fill="#555555">Each figure moved alone to its low (blue) and its high (orange); red: the winner changes within the range.</text>"##
        );
        let bx = x(self.base);
        for (i, s) in rows.iter().enumerate() {
            let y = TOP + ROW * i as f64;
            let flips = s.flips();
            let _ = writeln!(
                o,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="{}">{}</text>"##,
                LABEL - 8.0,
                y + 15.0,
                if flips { "#b3001b" } else { "#222222" },
                esc(&s.id)
            );
            for (v, colour) in [(s.metric_at_low, "#3b6fb6"), (s.metric_at_high, "#e08a1e")] {
                let (a, b) = (bx.min(x(v)), bx.max(x(v)));
                let _ = writeln!(
                    o,
                    r#"<rect x="{a:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"/>"#,
                    y + 3.0,
                    (b - a).max(0.5),
                    ROW - 6.0
                );
            }
            if flips {
                let (a, b) = (
                    x(s.metric_at_low.min(s.metric_at_high)),
                    x(s.metric_at_low.max(s.metric_at_high)),
                );
                let (a, b) = (a.min(bx), b.max(bx));
                let _ = writeln!(
                    o,
                    r##"<rect x="{a:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#b3001b" stroke-width="1.5"/>"##,
                    y + 2.0,
                    (b - a).max(0.5),
                    ROW - 4.0
                );
            }
            let note = match s.break_even {
                Some(v) => format!(
                    "{} / {} · flips at {v:.4} {}",
                    s.best_at_low, s.best_at_high, s.unit
                ),
                None => s.best_at_low.clone(),
            };
            let _ = writeln!(
                o,
                r##"<text x="{:.1}" y="{:.1}" fill="#555555" font-size="10">{}</text>"##,
                WIDTH - RIGHT + 6.0,
                y + 15.0,
                esc(&note)
            );
        }
        let bottom = TOP + ROW * rows.len().max(1) as f64;
        let _ = writeln!(
            o,
            r##"<line x1="{bx:.1}" y1="{:.1}" x2="{bx:.1}" y2="{:.1}" stroke="#000000" stroke-width="1"/>"##,
            TOP - 4.0,
            bottom + 4.0
        );
        for k in 0..=4 {
            let v = lo + (hi - lo) * k as f64 / 4.0;
            let _ = writeln!(
                o,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#555555">{v:.1}</text>"##,
                x(v),
                bottom + 20.0
            );
        }
        o.push_str("</svg>\n");
        o
    }
}
