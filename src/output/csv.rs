//! Tables for programs: nodes, links, a route's legs, capacity flows and loads, criticality,
//! cost matrices and counted traffic as CSV, one header line then one record a line.
//!
//! Quoting follows RFC 4180: a field holding a comma, a double quote or a line break is
//! enclosed in double quotes, a quote inside doubled. Lines end in `\n`, as most tools write
//! them (RFC 4180 readers accept it). Columns are plain: ids in `from` and `to`, numbers as
//! Rust writes them (the shortest text that reads back to the same value), an unknown value
//! as an empty field, lists joined by `;`.

use std::borrow::Cow;
use std::fmt::Display;

use crate::analysis::{
    CapacityReport, Criticality, Leg, LinkLoad, Matrix, Route, Transfer, Utilisation,
};
use crate::model::{Link, Node};
use crate::network::Network;

/// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// One CSV document being written.
struct Csv(String);

impl Csv {
    /// A document with this header.
    fn new(header: &[&str]) -> Csv {
        let mut c = Csv(String::new());
        c.row(header.iter().map(|h| h.to_string()));
        c
    }

    /// Appends one record.
    fn row(&mut self, fields: impl IntoIterator<Item = String>) {
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.0.push_str(&field(&f));
        }
        self.0.push('\n');
    }
}

/// A value, or an empty field when there is none.
fn opt<T: Display>(x: Option<T>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

/// A link's `from` and `to`, or two empty fields for an id the network does not have.
fn ends(net: &Network, link: &str) -> (String, String) {
    net.link(link).map_or((String::new(), String::new()), |l| {
        (l.from.clone(), l.to.clone())
    })
}

/// The nodes as CSV, one record each in their order: `id, name, country, kind, lat, lon,
/// capacity_mtpa, estimated, source, sources`. What `corridors nodes --csv` prints.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let csv = corridors::nodes_csv(net.nodes());
/// assert!(csv.starts_with("id,name,country,kind,lat,lon,capacity_mtpa,"));
/// assert_eq!(csv.lines().count(), 1 + net.nodes().len());
/// ```
pub fn nodes_csv(nodes: &[Node]) -> String {
    let mut c = Csv::new(&[
        "id",
        "name",
        "country",
        "kind",
        "lat",
        "lon",
        "capacity_mtpa",
        "estimated",
        "source",
        "sources",
    ]);
    for n in nodes {
        c.row([
            n.id.clone(),
            n.name.clone(),
            n.country.clone(),
            n.kind.to_string(),
            n.lat.to_string(),
            n.lon.to_string(),
            opt(n.capacity_mtpa),
            n.estimated.to_string(),
            n.source.clone(),
            n.sources.join(";"),
        ]);
    }
    c.0
}

/// Counted traffic as CSV, a record per count in the report's order: `kind, id, from, start,
/// end, days, mtpa, mtpa_low, mtpa_high, capacity_mtpa, capacity_low, capacity_high, against,
/// capacity_from, share, share_low, share_high, estimated, sources, modelled_mtpa` (empty
/// unless the report was set beside a model). What `corridors observed --csv` prints.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let csv = corridors::observed_csv(&net.utilisation());
/// assert!(csv.starts_with("kind,id,from,start,end,days,mtpa,"));
/// assert_eq!(csv.lines().count(), 1 + net.observed().len());
/// ```
pub fn observed_csv(used: &Utilisation) -> String {
    let mut c = Csv::new(&[
        "kind",
        "id",
        "from",
        "start",
        "end",
        "days",
        "mtpa",
        "mtpa_low",
        "mtpa_high",
        "capacity_mtpa",
        "capacity_low",
        "capacity_high",
        "against",
        "capacity_from",
        "share",
        "share_low",
        "share_high",
        "estimated",
        "sources",
        "modelled_mtpa",
    ]);
    for u in &used.uses {
        c.row([
            u.at.kind().to_string(),
            u.at.id().to_string(),
            opt(u.from.as_deref()),
            u.start.to_string(),
            u.end.to_string(),
            u.days.to_string(),
            u.mtpa.to_string(),
            opt(u.mtpa_range.map(|r| r.low)),
            opt(u.mtpa_range.map(|r| r.high)),
            opt(u.capacity_mtpa),
            opt(u.capacity_mtpa_range.map(|r| r.low)),
            opt(u.capacity_mtpa_range.map(|r| r.high)),
            u.against.as_str().to_string(),
            u.capacity_from.as_str().to_string(),
            opt(u.share),
            opt(u.share_range.map(|r| r.low)),
            opt(u.share_range.map(|r| r.high)),
            u.estimated.to_string(),
            u.sources.join(";"),
            opt(u.modelled_mtpa),
        ]);
    }
    c.0
}

/// The links as CSV, one record each in their order: `id, from, to, mode, gauge_mm,
/// length_km, estimated, status, opens, capacity_mtpa, design_capacity_mtpa, oneway,
/// speed_kmh, usd_per_tkm, hours, usd_per_t, corridors, source, sources`. `hours` and
/// `usd_per_t` are the link's own, with no transfer or crossing. What `corridors links
/// --csv` prints.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let csv = corridors::links_csv(net.links());
/// assert!(csv.starts_with("id,from,to,mode,gauge_mm,length_km,"));
/// assert!(csv.lines().any(|l| l.starts_with("termez-hairatan-rail,termez,hairatan,rail,")));
/// ```
pub fn links_csv(links: &[Link]) -> String {
    let mut c = Csv::new(&[
        "id",
        "from",
        "to",
        "mode",
        "gauge_mm",
        "length_km",
        "estimated",
        "status",
        "opens",
        "capacity_mtpa",
        "design_capacity_mtpa",
        "oneway",
        "speed_kmh",
        "usd_per_tkm",
        "hours",
        "usd_per_t",
        "corridors",
        "source",
        "sources",
    ]);
    for l in links {
        c.row([
            l.id.clone(),
            l.from.clone(),
            l.to.clone(),
            l.mode.to_string(),
            opt(l.gauge_mm),
            l.length_km.to_string(),
            l.estimated.to_string(),
            l.status.to_string(),
            opt(l.opens),
            opt(l.capacity_mtpa),
            opt(l.design_capacity_mtpa),
            l.oneway.to_string(),
            l.speed_kmh.to_string(),
            l.usd_per_tkm.to_string(),
            l.hours().to_string(),
            l.usd_per_t().to_string(),
            l.corridors.join(";"),
            l.source.clone(),
            l.sources.join(";"),
        ]);
    }
    c.0
}

/// A route's legs as CSV, in order: `leg, link, from, to, mode, gauge_mm, distance_km,
/// hours, usd_per_t, status, capacity_mtpa, transfer_hours, transfer_usd_per_t` (`leg` from
/// 1). `hours` and `usd_per_t` are the leg's own; `transfer_hours` and `transfer_usd_per_t`
/// the transfers made at its end, before the next leg (a border crossed there, a change of
/// gauge, mode or ship at a port), summed when several happen there, 0 when none does. So
/// `hours + transfer_hours` over the legs is the route's `hours`, and `usd_per_t +
/// transfer_usd_per_t` its `usd_per_t`. `transfers` are the route's own
/// ([`Route::transfers`]), in its order. What `corridors route --csv` prints: the header
/// alone when there is no route.
///
/// # Example
/// ```
/// use corridors::{Network, RouteQuery};
/// let net = Network::trans_afghan();
/// let r = net.route(&RouteQuery::new("termez", "karachi")).unwrap().route.unwrap();
/// let csv = corridors::legs_csv(&r.legs, &r.transfers);
/// assert_eq!(csv.lines().count(), 1 + r.legs.len());
/// assert!(csv.lines().nth(1).unwrap().starts_with("1,"));
/// assert!(csv.starts_with("leg,link,") && csv.lines().next().unwrap().ends_with(",transfer_usd_per_t"));
/// assert_eq!(corridors::legs_csv(&[], &[]).lines().count(), 1);
/// ```
pub fn legs_csv(legs: &[Leg], transfers: &[Transfer]) -> String {
    let mut c = Csv::new(&LEG_COLUMNS);
    let at_end = transfers_at_ends(legs, transfers);
    for (i, (l, t)) in legs.iter().zip(at_end).enumerate() {
        c.row(leg_fields(i, l, t));
    }
    c.0
}

/// Several routes' legs as CSV, one record per leg, each led by its route's rank: `route`,
/// then the columns of [`legs_csv`], each leg with the transfers made at its end, so a
/// route's legs add up to its totals. What `corridors route --alternatives K --csv` prints.
///
/// # Example
/// ```
/// use corridors::{Network, RouteQuery};
/// let net = Network::trans_afghan();
/// let a = net.route(&RouteQuery::new("termez", "karachi").alternatives(3)).unwrap();
/// let csv = corridors::routes_csv(&a.alternatives);
/// let legs: usize = a.alternatives.iter().map(|r| r.legs.len()).sum();
/// assert_eq!(csv.lines().count(), 1 + legs);
/// assert!(csv.starts_with("route,leg,link,"));
/// assert!(csv.lines().last().unwrap().starts_with("3,"));
/// ```
pub fn routes_csv(routes: &[Route]) -> String {
    let mut head = vec!["route"];
    head.extend(LEG_COLUMNS);
    let mut c = Csv::new(&head);
    for (r, route) in routes.iter().enumerate() {
        let at_end = transfers_at_ends(&route.legs, &route.transfers);
        for (i, (l, t)) in route.legs.iter().zip(at_end).enumerate() {
            c.row([(r + 1).to_string()].into_iter().chain(leg_fields(i, l, t)));
        }
    }
    c.0
}

/// The columns of a leg's record.
const LEG_COLUMNS: [&str; 13] = [
    "leg",
    "link",
    "from",
    "to",
    "mode",
    "gauge_mm",
    "distance_km",
    "hours",
    "usd_per_t",
    "status",
    "capacity_mtpa",
    "transfer_hours",
    "transfer_usd_per_t",
];

/// Each leg's transfers made at its end, before the next leg, summed: (hours, USD/t). A route
/// lists its transfers in order, each at the `to` of a leg (a border at the end of the link
/// that crosses it, a change before a leg at the end of the one before), so they are taken in
/// turn while they are at the leg's end.
fn transfers_at_ends(legs: &[Leg], transfers: &[Transfer]) -> Vec<(f64, f64)> {
    let mut next = transfers.iter().peekable();
    legs.iter()
        .map(|leg| {
            let mut sum = (0.0, 0.0);
            while let Some(t) = next.next_if(|t| t.node == leg.to) {
                sum.0 += t.hours;
                sum.1 += t.usd_per_t;
            }
            sum
        })
        .collect()
}

/// Leg `i`'s fields with the transfers at its end, `(hours, usd_per_t)`, in the order of
/// [`LEG_COLUMNS`].
fn leg_fields(i: usize, l: &Leg, (hours, usd): (f64, f64)) -> [String; 13] {
    [
        (i + 1).to_string(),
        l.link.to_string(),
        l.from.to_string(),
        l.to.to_string(),
        l.mode.to_string(),
        opt(l.gauge_mm),
        l.distance_km.to_string(),
        l.hours.to_string(),
        l.usd_per_t.to_string(),
        l.status.to_string(),
        opt(l.capacity_mtpa),
        hours.to_string(),
        usd.to_string(),
    ]
}

/// A maximum flow's link flows as CSV, largest first: `link, from, to, flow_mtpa,
/// capacity_mtpa` (`from` and `to` the direction the flow runs). What `corridors capacity
/// --csv` prints.
///
/// # Example
/// ```
/// use corridors::{CapacityQuery, Network};
/// let net = Network::trans_afghan();
/// let c = net.capacity(&CapacityQuery::new(["termez"], ["bandar-abbas"])).unwrap();
/// let csv = corridors::capacity_csv(&c);
/// assert!(csv.starts_with("link,from,to,flow_mtpa,capacity_mtpa\n"));
/// assert_eq!(csv.lines().count(), 1 + c.flows.len());
/// ```
pub fn capacity_csv(report: &CapacityReport) -> String {
    let mut c = Csv::new(&["link", "from", "to", "flow_mtpa", "capacity_mtpa"]);
    for f in &report.flows {
        c.row([
            f.link.clone(),
            f.from.clone(),
            f.to.clone(),
            f.flow_mtpa.to_string(),
            opt(f.capacity_mtpa),
        ]);
    }
    c.0
}

/// Link loads of an assignment (greedy or optimal) as CSV, in the report's order: `link,
/// from, to, forward_mtpa, backward_mtpa, load_mtpa, capacity_mtpa, utilisation, saturated`
/// (`from` and `to` the link's ends, `forward` the way from one to the other). What
/// `corridors capacity --demands --csv` prints.
///
/// # Example
/// ```
/// use corridors::{AssignQuery, Network};
/// let net = Network::trans_afghan();
/// let a = net.assign(&AssignQuery::new()).unwrap();
/// let csv = corridors::loads_csv(&net, &a.loads);
/// assert!(csv.starts_with("link,from,to,forward_mtpa,"));
/// assert_eq!(csv.lines().count(), 1 + a.loads.len());
/// ```
pub fn loads_csv(net: &Network, loads: &[LinkLoad]) -> String {
    let mut c = Csv::new(&[
        "link",
        "from",
        "to",
        "forward_mtpa",
        "backward_mtpa",
        "load_mtpa",
        "capacity_mtpa",
        "utilisation",
        "saturated",
    ]);
    for l in loads {
        let (from, to) = ends(net, &l.link);
        c.row([
            l.link.clone(),
            from,
            to,
            l.forward_mtpa.to_string(),
            l.backward_mtpa.to_string(),
            l.load_mtpa.to_string(),
            opt(l.capacity_mtpa),
            opt(l.utilisation),
            l.saturated.to_string(),
        ]);
    }
    c.0
}

/// A criticality ranking as CSV, links then (when asked) nodes, worst first: `kind, rank,
/// id, from, to, damage_usd_per_year, cut_off_mtpa, capacity_lost_mtpa, demands_affected`
/// (`kind` is `link` or `node`; `from` and `to` a link's ends, empty for a node;
/// `demands_affected` a count). What `corridors critical --csv` prints.
///
/// # Example
/// ```
/// use corridors::{CriticalQuery, Network};
/// let net = Network::trans_afghan();
/// let c = net.critical(&CriticalQuery::new().joint(false)).unwrap();
/// let csv = corridors::criticality_csv(&net, &c);
/// assert!(csv.lines().nth(1).unwrap().starts_with("link,1,"));
/// ```
pub fn criticality_csv(net: &Network, report: &Criticality) -> String {
    let mut c = Csv::new(&[
        "kind",
        "rank",
        "id",
        "from",
        "to",
        "damage_usd_per_year",
        "cut_off_mtpa",
        "capacity_lost_mtpa",
        "demands_affected",
    ]);
    for (i, d) in report.links.iter().enumerate() {
        let (from, to) = ends(net, &d.link);
        c.row([
            "link".to_string(),
            (i + 1).to_string(),
            d.link.clone(),
            from,
            to,
            d.damage_usd_per_year.to_string(),
            d.cut_off_mtpa.to_string(),
            opt(d.capacity_lost_mtpa),
            d.demands_affected.len().to_string(),
        ]);
    }
    for (i, d) in report.nodes.iter().enumerate() {
        c.row([
            "node".to_string(),
            (i + 1).to_string(),
            d.node.clone(),
            String::new(),
            String::new(),
            d.damage_usd_per_year.to_string(),
            d.cut_off_mtpa.to_string(),
            String::new(),
            d.demands_affected.len().to_string(),
        ]);
    }
    c.0
}

/// What criticality's draws say ([`CriticalQuery::draws`](crate::CriticalQuery::draws)) as
/// CSV, one record per link then per place, by median rank: `kind, id, from, to, rank_p5,
/// rank_p50, rank_p95, chance_worst, damage_usd_per_year_p5 … _p95, cut_off_mtpa_p5 … _p95,
/// chance_cuts_off, capacity_lost_mtpa_p5 … _p95` (the capacity empty unless asked for and
/// known); the header alone for a report without draws. What `corridors critical --draws N
/// --csv` prints.
///
/// # Example
/// ```
/// use corridors::{CriticalQuery, Network};
/// let net = Network::trans_afghan();
/// let c = net.critical(&CriticalQuery::new().joint(false).draws(10)).unwrap();
/// let csv = corridors::critical_draws_csv(&net, &c);
/// assert!(csv.lines().nth(1).unwrap().starts_with("link,qazvin-rasht-rail,qazvin,rasht,1,1,1,1,"));
/// ```
pub fn critical_draws_csv(net: &Network, report: &Criticality) -> String {
    let mut head = vec!["kind", "id", "from", "to"];
    let three =
        |name: &'static str| -> [String; 3] { ["p5", "p50", "p95"].map(|q| format!("{name}_{q}")) };
    let columns: Vec<String> = [
        three("rank").to_vec(),
        vec!["chance_worst".to_string()],
        three("damage_usd_per_year").to_vec(),
        three("cut_off_mtpa").to_vec(),
        vec!["chance_cuts_off".to_string()],
        three("capacity_lost_mtpa").to_vec(),
    ]
    .concat();
    head.extend(columns.iter().map(String::as_str));
    let mut c = Csv::new(&head);
    let Some(d) = &report.draws else {
        return c.0;
    };
    let rows = d
        .links
        .iter()
        .map(|x| ("link", x))
        .chain(d.nodes.iter().map(|x| ("node", x)));
    for (kind, x) in rows {
        let (from, to) = if kind == "link" {
            ends(net, &x.id)
        } else {
            (String::new(), String::new())
        };
        let mut row = vec![kind.to_string(), x.id.clone(), from, to];
        row.extend(x.rank.map(|r| r.to_string()));
        row.push(x.chance_worst.to_string());
        row.extend(x.damage_usd_per_year.map(|v| v.to_string()));
        row.extend(x.cut_off_mtpa.map(|v| v.to_string()));
        row.push(x.chance_cuts_off.to_string());
        match x.capacity_lost_mtpa {
            Some(p) => row.extend(p.map(|v| v.to_string())),
            None => row.extend([String::new(), String::new(), String::new()]),
        }
        c.row(row);
    }
    c.0
}

/// A cost matrix as CSV, one record per pair, origins in order then destinations in order:
/// `from, to, metric, value` (`value` empty where no route joins them), and with draws
/// ([`MatrixQuery::draws`](crate::MatrixQuery::draws)) `value_p5, value_p50, value_p95`
/// after it. What `corridors matrix --csv` prints.
///
/// # Example
/// ```
/// use corridors::{MatrixQuery, Network};
/// let net = Network::trans_afghan();
/// let m = net.matrix(&MatrixQuery::new(["termez"], ["termez", "karachi"])).unwrap();
/// let csv = corridors::matrix_csv(&m);
/// assert!(csv.starts_with("from,to,metric,value\ntermez,termez,cost,0\ntermez,karachi,cost,"));
/// let m = net.matrix(&MatrixQuery::new(["termez"], ["karachi"]).draws(20)).unwrap();
/// let csv = corridors::matrix_csv(&m);
/// assert!(csv.starts_with("from,to,metric,value,value_p5,value_p50,value_p95\n"));
/// ```
pub fn matrix_csv(m: &Matrix) -> String {
    let mut head = vec!["from", "to", "metric", "value"];
    if m.draws.is_some() {
        head.extend(["value_p5", "value_p50", "value_p95"]);
    }
    let mut c = Csv::new(&head);
    for (i, (from, row)) in m.from.iter().zip(&m.values).enumerate() {
        for (j, (to, v)) in m.to.iter().zip(row).enumerate() {
            let mut fields = vec![from.clone(), to.clone(), m.metric.to_string(), opt(*v)];
            if let Some(d) = &m.draws {
                let p = d.values[i][j];
                fields.extend((0..3).map(|k| opt(p.map(|p| p[k]))));
            }
            c.row(fields);
        }
    }
    c.0
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("herat"), "herat");
        assert_eq!(field("Herat, Afghanistan"), "\"Herat, Afghanistan\"");
        assert_eq!(field("the \"new\" line"), "\"the \"\"new\"\" line\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field(""), "");
    }
}
