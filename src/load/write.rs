//! Writing a network back as a file: every section the loader reads, each record as the
//! loader would read it back, so that `to_toml` then `from_toml_str` gives an equal network.
//!
//! One function per section, in the order of the file; a new record kind is one more
//! function and one more line in [`write`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::costs::{Basis, Priced};
use crate::model::{
    Date, Defaults, Interval, Mode, ModeDefaults, Records, TransferCost, TransferKind, Transfers,
};
use crate::network::Network;

impl Network {
    /// The network as a file in the format [`Network::from_toml_str`] reads: every section
    /// (`[network]`, `[defaults]`, `[transfers]`, `[uncertainty]`, `[units]`, `[currencies]`,
    /// sources, tariffs, crossings, handling, corridors, nodes, links, scenarios, demands,
    /// observations, projects), each record with every field it states. Loading the text
    /// gives a network equal to this one, and writing that network gives the same bytes.
    ///
    /// What the loader derives is left for it to derive again: a link's length when the
    /// record gave none (the great circle times the detour), its rate and speed when they come
    /// from a tariff or a default, a crossing's or handling's hours when they are the
    /// `[transfers]` figure. Comments and the layout of the original file are not kept.
    ///
    /// # Complexity
    /// O(size of the records).
    ///
    /// # Example
    /// ```
    /// use corridors::Network;
    /// let net = Network::trans_afghan();
    /// let text = net.to_toml();
    /// let back = Network::from_toml_str(&text).unwrap();
    /// assert!(back == net);
    /// assert_eq!(back.to_toml(), text);
    /// ```
    pub fn to_toml(&self) -> String {
        write(&self.data)
    }
}

/// The records as a network file.
pub(super) fn write(d: &Records) -> String {
    let mut o = Out(String::with_capacity(
        256 + 400 * (d.nodes.len() + d.links.len() + d.sources.len()),
    ));
    network(&mut o, d);
    defaults(&mut o, &d.defaults);
    transfers(&mut o, &d.transfers);
    uncertainty(&mut o, d);
    conversions(&mut o, d);
    sources(&mut o, d);
    tariffs(&mut o, d);
    crossings(&mut o, d);
    handling(&mut o, d);
    corridors(&mut o, d);
    nodes(&mut o, d);
    links(&mut o, d);
    scenarios(&mut o, d);
    demands(&mut o, d);
    observed(&mut o, d);
    projects(&mut o, d);
    o.0
}

fn network(o: &mut Out, d: &Records) {
    o.header("[network]");
    o.str("name", &d.name);
    o.raw("year", d.year);
    o.date("as_of", d.as_of);
    o.opt_str("description", d.description.as_deref());
    let (text, ids, estimate) = &d.network_cite;
    o.opt_str("source", text.as_deref());
    o.list("sources", ids);
    o.opt_str("estimate", estimate.as_deref());
}

/// A default figure is written when it is not the built-in one or states its range: a file
/// that declares `[uncertainty]` may not give a default without its range.
fn defaults(o: &mut Out, d: &Defaults) {
    let builtin = Defaults::default();
    for mode in Mode::ALL {
        let (m, b): (&ModeDefaults, &ModeDefaults) = (d.of(mode), builtin.of(mode));
        let mut t = Out(String::new());
        if m.speed_kmh != b.speed_kmh || m.speed_kmh_range.is_some() {
            t.num("speed_kmh", m.speed_kmh);
        }
        t.range("speed_kmh_range", m.speed_kmh_range);
        if m.usd_per_tkm != b.usd_per_tkm || m.usd_per_tkm_range.is_some() {
            t.num("usd_per_tkm", m.usd_per_tkm);
        }
        t.range("usd_per_tkm_range", m.usd_per_tkm_range);
        if m.detour != b.detour {
            t.num("detour", m.detour);
        }
        t.opt_num("capacity_mtpa", m.capacity_mtpa);
        if !t.0.is_empty() {
            o.header(&format!("[defaults.{}]", mode.as_str()));
            o.0 += &t.0;
        }
    }
}

fn transfers(o: &mut Out, t: &Transfers) {
    let builtin = Transfers::default();
    let mut lines = Vec::new();
    for kind in TransferKind::ALL {
        let (c, b): (&TransferCost, &TransferCost) = (t.of(kind), builtin.of(kind));
        let mut fields = Vec::new();
        if c.hours != b.hours || c.hours_range.is_some() {
            fields.push(format!("hours = {}", num(c.hours)));
        }
        if let Some(r) = c.hours_range {
            fields.push(format!("hours_range = {}", pair(r)));
        }
        if c.usd_per_t != b.usd_per_t || c.usd_per_t_range.is_some() {
            fields.push(format!("usd_per_t = {}", num(c.usd_per_t)));
        }
        if let Some(r) = c.usd_per_t_range {
            fields.push(format!("usd_per_t_range = {}", pair(r)));
        }
        if !fields.is_empty() {
            lines.push(format!("{} = {{ {} }}\n", kind.as_str(), fields.join(", ")));
        }
    }
    if !lines.is_empty() {
        o.header("[transfers]");
        o.0.extend(lines);
    }
}

fn uncertainty(o: &mut Out, d: &Records) {
    let Some(s) = &d.spreads else { return };
    o.header("[uncertainty]");
    o.num("A", s.a);
    o.num("B", s.b);
    o.num("C", s.c);
    o.opt_num("estimated_length", s.estimated_length);
}

/// `[units]` and `[currencies]`, one sub-table per entry.
fn conversions(o: &mut Out, d: &Records) {
    for u in &d.units {
        o.header(&format!("[units.{}]", key(&u.id)));
        o.num("tonnes", u.tonnes);
        o.range("tonnes_range", u.tonnes_range);
        o.cost_cite(&u.sources, u.basis, u.note.as_deref());
    }
    for c in &d.currencies {
        o.header(&format!("[currencies.{}]", key(&c.code)));
        o.num("usd", c.usd);
        o.str("date", &c.date);
        o.cost_cite(&c.sources, c.basis, c.note.as_deref());
    }
}

fn sources(o: &mut Out, d: &Records) {
    for s in &d.sources {
        o.header("[[sources]]");
        o.str("id", &s.id);
        o.str("title", &s.title);
        o.str("publisher", &s.publisher);
        o.str("date", &s.date);
        o.opt_str("address", s.address.as_deref());
        o.str("confidence", s.confidence.as_str());
    }
}

fn tariffs(o: &mut Out, d: &Records) {
    for t in &d.tariffs {
        o.header("[[tariffs]]");
        o.str("country", &t.country);
        o.str("mode", t.mode.as_str());
        o.opt_num("usd_per_tkm", t.usd_per_tkm);
        o.range("usd_per_tkm_range", t.usd_per_tkm_range);
        o.opt_num("speed_kmh", t.speed_kmh);
        o.range("speed_kmh_range", t.speed_kmh_range);
        o.cost_cite(&t.sources, t.basis, t.note.as_deref());
        o.opt_str("description", t.description.as_deref());
    }
}

fn crossings(o: &mut Out, d: &Records) {
    for c in &d.crossings {
        o.header("[[crossings]]");
        o.str("link", &c.link);
        o.opt_str("from", c.from.as_deref());
        o.priced(&c.priced);
    }
}

fn handling(o: &mut Out, d: &Records) {
    for h in &d.handling {
        o.header("[[handling]]");
        o.str("node", &h.node);
        o.str("kind", h.kind.as_str());
        o.priced(&h.priced);
    }
}

fn corridors(o: &mut Out, d: &Records) {
    for c in &d.corridors {
        o.header("[[corridors]]");
        o.str("id", &c.id);
        o.str("name", &c.name);
        o.opt_str("description", c.description.as_deref());
        o.cite(c.source.as_deref(), &c.sources, c.estimate.as_deref());
    }
}

fn nodes(o: &mut Out, d: &Records) {
    for n in &d.nodes {
        o.header("[[nodes]]");
        o.str("id", &n.id);
        o.str("name", &n.name);
        o.str("country", &n.country);
        o.str("kind", n.kind.as_str());
        o.num("lat", n.lat);
        o.num("lon", n.lon);
        o.opt_num("capacity_mtpa", n.capacity_mtpa);
        o.range("capacity_mtpa_range", n.capacity_mtpa_range);
        o.yes("estimated", n.estimated);
        o.opt_str("description", n.description.as_deref());
        o.cite(Some(&n.source), &n.sources, n.estimate.as_deref());
    }
}

fn links(o: &mut Out, d: &Records) {
    for l in &d.links {
        o.header("[[links]]");
        o.str("id", &l.id);
        o.str("from", &l.from);
        o.str("to", &l.to);
        o.str("mode", l.mode.as_str());
        if let Some(g) = l.gauge_mm {
            o.raw("gauge_mm", g);
        }
        if l.length_given {
            o.num("length_km", l.length_km);
            o.yes("estimated", l.estimated);
        }
        o.range("length_km_range", l.length_km_range);
        o.str("status", l.status.as_str());
        match (l.opens_year_only(), l.opens_on, l.opens) {
            (Some(y), _, _) | (None, None, Some(y)) => o.raw("opens", y),
            (None, Some(d), _) => o.date("opens", Some(d)),
            (None, None, None) => {}
        }
        o.opt_num("capacity_mtpa", l.capacity_mtpa);
        o.range("capacity_mtpa_range", l.capacity_mtpa_range);
        o.opt_num("design_capacity_mtpa", l.design_capacity_mtpa);
        o.list("corridors", &l.corridors);
        o.yes("oneway", l.oneway);
        if l.own[1] {
            o.num("speed_kmh", l.speed_kmh);
        }
        o.range("speed_kmh_range", l.speed_kmh_range);
        if l.own[0] {
            o.num("usd_per_tkm", l.usd_per_tkm);
        }
        o.range("usd_per_tkm_range", l.usd_per_tkm_range);
        o.opt_num("hours", l.hours_override);
        o.opt_str("description", l.description.as_deref());
        o.cite(Some(&l.source), &l.sources, l.estimate.as_deref());
    }
}

fn scenarios(o: &mut Out, d: &Records) {
    for s in &d.scenarios {
        o.header("[[scenarios]]");
        o.str("id", &s.id);
        o.str("name", &s.name);
        o.opt_str("description", s.description.as_deref());
        o.date("start", s.start);
        o.date("end", s.end);
        o.date("confirmed", s.confirmed);
        o.yes("recurs_yearly", s.recurs_yearly);
        o.list("close_links", &s.close_links);
        o.list("close_nodes", &s.close_nodes);
        o.list("close_countries", &s.close_countries);
        for (key, pairs) in [
            ("close_borders", &s.close_borders),
            ("ban_between", &s.ban_between),
        ] {
            if !pairs.is_empty() {
                let pairs: Vec<String> = pairs
                    .iter()
                    .map(|[a, b]| format!("[{}, {}]", quote(a), quote(b)))
                    .collect();
                o.line(key, &format!("[{}]", pairs.join(", ")));
            }
        }
        o.list("close_corridors", &s.close_corridors);
        o.map("capacity_factor", &s.capacity_factor, |x| num(*x));
        o.map("capacity_factor_range", &s.capacity_factor_range, |r| {
            pair(*r)
        });
        o.map("add_hours", &s.add_hours, |x| num(*x));
        o.map("add_hours_range", &s.add_hours_range, |r| pair(*r));
        o.map("add_usd_per_t", &s.add_usd_per_t, |x| num(*x));
        o.map("add_usd_per_t_range", &s.add_usd_per_t_range, |r| pair(*r));
        o.opt_num("probability", s.probability);
        o.range("probability_range", s.probability_range);
        o.cite(Some(&s.source), &s.sources, s.estimate.as_deref());
    }
}

fn demands(o: &mut Out, d: &Records) {
    for x in &d.demands {
        o.header("[[demands]]");
        o.str("from", &x.from);
        o.str("to", &x.to);
        o.num("mtpa", x.mtpa);
        o.range("mtpa_range", x.mtpa_range);
        o.yes("estimated", x.estimated);
        o.opt_str("description", x.description.as_deref());
        o.cite(Some(&x.source), &x.sources, x.estimate.as_deref());
    }
}

fn observed(o: &mut Out, d: &Records) {
    for x in &d.observed {
        o.header("[[observed]]");
        o.str(x.at.kind(), x.at.id());
        o.opt_str("from", x.from.as_deref());
        o.date("start", Some(x.start));
        o.date("end", Some(x.end));
        o.num("tonnes", x.tonnes);
        o.range("tonnes_range", x.tonnes_range);
        o.yes("estimated", x.estimated);
        o.opt_str("description", x.description.as_deref());
        o.cite(Some(&x.source), &x.sources, x.estimate.as_deref());
    }
}

fn projects(o: &mut Out, d: &Records) {
    for p in &d.projects {
        o.header("[[projects]]");
        o.str("id", &p.id);
        o.str("name", &p.name);
        o.list("links", &p.links);
        o.map("capacity_mtpa", &p.capacity_mtpa, |x| num(*x));
        o.map("capacity_mtpa_range", &p.capacity_mtpa_range, |r| pair(*r));
        o.opt_num("cost_usd", p.cost_usd);
        o.range("cost_usd_range", p.cost_usd_range);
        match p.opens_on {
            // A year reads back as its 1 January.
            Some(d) if d.month == 1 && d.day == 1 => o.raw("opens", d.year),
            d => o.date("opens", d),
        }
        o.yes("estimated", p.estimated);
        o.opt_str("description", p.description.as_deref());
        o.cite(Some(&p.source), &p.sources, p.estimate.as_deref());
    }
}

/// The text being written, a `key = value` line at a time.
struct Out(String);

impl Out {
    fn header(&mut self, h: &str) {
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        self.0 += h;
        self.0.push('\n');
    }

    fn line(&mut self, k: &str, value: &str) {
        let _ = writeln!(self.0, "{} = {value}", key(k));
    }

    fn raw(&mut self, k: &str, value: impl std::fmt::Display) {
        self.line(k, &value.to_string());
    }

    fn str(&mut self, k: &str, v: &str) {
        self.line(k, &quote(v));
    }

    fn opt_str(&mut self, k: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(k, v);
        }
    }

    fn num(&mut self, k: &str, x: f64) {
        self.line(k, &num(x));
    }

    fn opt_num(&mut self, k: &str, x: Option<f64>) {
        if let Some(x) = x {
            self.num(k, x);
        }
    }

    fn range(&mut self, k: &str, r: Option<Interval>) {
        if let Some(r) = r {
            self.line(k, &pair(r));
        }
    }

    fn date(&mut self, k: &str, d: Option<Date>) {
        if let Some(d) = d {
            // A TOML local date, unquoted.
            self.raw(k, d);
        }
    }

    /// `key = true`, written only when true (every flag is false when absent).
    fn yes(&mut self, k: &str, b: bool) {
        if b {
            self.line(k, "true");
        }
    }

    fn list(&mut self, k: &str, items: &[String]) {
        if !items.is_empty() {
            let items: Vec<String> = items.iter().map(|s| quote(s)).collect();
            self.line(k, &format!("[{}]", items.join(", ")));
        }
    }

    /// A table of id → value as an inline table, its keys quoted.
    fn map<T>(&mut self, k: &str, m: &BTreeMap<String, T>, value: impl Fn(&T) -> String) {
        if !m.is_empty() {
            let items: Vec<String> = m
                .iter()
                .map(|(id, x)| format!("{} = {}", quote(id), value(x)))
                .collect();
            self.line(k, &format!("{{ {} }}", items.join(", ")));
        }
    }

    /// What a record cites: its `source` text unless the loader would make the same from its
    /// ids (their list, joined), its `sources`, its `estimate`.
    fn cite(&mut self, text: Option<&str>, ids: &[String], estimate: Option<&str>) {
        let joined = ids.join(", ");
        self.opt_str("source", text.filter(|t| ids.is_empty() || *t != joined));
        self.list("sources", ids);
        self.opt_str("estimate", estimate);
    }

    /// What a cost, tariff or conversion cites: its sources (an empty `source` when it has
    /// none: the loader keeps only the ids), and its note as `estimate` or `derived` by its
    /// basis.
    fn cost_cite(&mut self, ids: &[String], basis: Basis, note: Option<&str>) {
        if ids.is_empty() {
            self.str("source", "");
        }
        self.list("sources", ids);
        match basis {
            Basis::Estimated => self.str("estimate", note.unwrap_or_default()),
            Basis::Derived => self.str("derived", note.unwrap_or_default()),
            Basis::Published | Basis::Default => {}
        }
    }

    /// What crossing a border or changing at a place takes.
    fn priced(&mut self, p: &Priced) {
        if p.hours_given {
            self.num("hours", p.hours);
        }
        self.range("hours_range", p.hours_range);
        match &p.cost {
            Some(m) => {
                let mut fields = vec![
                    format!("amount = {}", num(m.amount)),
                    format!("currency = {}", quote(&m.currency)),
                    format!("per = {}", quote(&m.per)),
                ];
                if let Some(r) = m.range {
                    fields.push(format!("range = {}", pair(r)));
                }
                self.line("cost", &format!("{{ {} }}", fields.join(", ")));
            }
            None => {
                self.num("usd_per_t", p.usd_per_t);
                self.range("usd_per_t_range", p.usd_per_t_range);
            }
        }
        self.opt_str("hours_shared", p.hours_shared.as_deref());
        self.opt_str("cost_shared", p.cost_shared.as_deref());
        self.opt_str("description", p.description.as_deref());
        self.cost_cite(&p.sources, p.basis, p.note.as_deref());
    }
}

/// A number as TOML writes it back to the same `f64`: an integer when it is one (and small
/// enough to be exact), else Rust's shortest round-trip form (`0.063`, `1e-7`, `-0.0`).
fn num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
        format!("{x}")
    } else {
        format!("{x:?}")
    }
}

fn pair(r: Interval) -> String {
    format!("[{}, {}]", num(r.low), num(r.high))
}

/// A key, bare when TOML allows it, else quoted.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { k.to_string() } else { quote(k) }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q += "\\\"",
            '\\' => q += "\\\\",
            '\n' => q += "\\n",
            '\t' => q += "\\t",
            '\r' => q += "\\r",
            c if c.is_control() => {
                let _ = write!(q, "\\u{:04X}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::{key, num, quote};

    #[test]
    fn numbers_keys_and_strings_read_back_as_written() {
        assert_eq!(num(20.0), "20");
        assert_eq!(num(0.063), "0.063");
        assert_eq!(num(-0.0), "-0.0");
        assert_eq!(num(1e-7), "1e-7");
        assert_eq!(num(1e20), "1e20");
        assert_eq!(key("truck"), "truck");
        assert_eq!(key("a b"), "\"a b\"");
        assert_eq!(quote("a \"b\"\\\n\u{7}"), "\"a \\\"b\\\"\\\\\\n\\u0007\"");
    }
}
