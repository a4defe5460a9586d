//! Reading `corridors.toml`: the spanned TOML tree walked by hand, so that every problem of a
//! file is found in one pass and reported with its line and column.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{LoadError, Problem};
use crate::geometry::great_circle_km;
use crate::model::{
    Corridor, Date, Defaults, Demand, IdMap, Link, Mode, ModeDefaults, Network, Node, NodeKind,
    Scenario, Status, TransferCost, Transfers,
};
use crate::suggest::nearest;

/// Lengths are published in whole kilometres: allow that much rounding below the great circle.
const LENGTH_TOLERANCE_KM: f64 = 0.5;

impl Network {
    /// The bundled trans-Afghan network (`corridors.toml`, compiled into the crate).
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert_eq!(net.link("khaf-shamtigh-rail").unwrap().length_km, 78.0);
    /// ```
    pub fn trans_afghan() -> Network {
        const BUNDLED: &str = include_str!("../corridors.toml");
        // The bundled file is validated by the test suite, so a failure here is a build defect.
        load_str(BUNDLED, "corridors.toml").unwrap_or_else(|e| panic!("bundled network: {e}"))
    }

    /// Loads and validates a network file.
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read; [`LoadError::Invalid`] listing every
    /// problem of the file, each as `PATH:LINE:COLUMN: message`.
    ///
    /// # Example
    /// ```
    /// let err = corridors::Network::from_path("no/such/file.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.toml: cannot read the file"));
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Network, LoadError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        load_str(&text, &path.display().to_string())
    }

    /// Loads and validates a network from TOML text; problems are reported against the path
    /// `<string>`.
    ///
    /// # Errors
    /// [`LoadError::Invalid`] listing every problem.
    ///
    /// # Example
    /// ```
    /// let text = r#"
    /// [network]
    /// name = "Two towns"
    /// year = 2025
    ///
    /// [[nodes]]
    /// id = "a"
    /// name = "A"
    /// country = "AF"
    /// kind = "city"
    /// lat = 34.0
    /// lon = 69.0
    /// source = "example"
    ///
    /// [[nodes]]
    /// id = "b"
    /// name = "B"
    /// country = "AF"
    /// kind = "city"
    /// lat = 34.5
    /// lon = 69.2
    /// source = "example"
    ///
    /// [[links]]
    /// id = "a-b"
    /// from = "a"
    /// to = "b"
    /// mode = "road"
    /// status = "operational"
    /// source = "example"
    /// "#;
    /// let net = corridors::Network::from_toml_str(text).unwrap();
    /// let link = net.link("a-b").unwrap();
    /// assert!(link.estimated); // no length given: great circle × the road detour
    ///
    /// let bad = text.replace("to = \"b\"", "to = \"kabul\"");
    /// let err = corridors::Network::from_toml_str(&bad).unwrap_err();
    /// assert_eq!(err.to_string(), "<string>:27:6: link \"a-b\" refers to unknown node \"kabul\"");
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Network, LoadError> {
        load_str(text, "<string>")
    }
}

/// Parses and validates `text`, naming `path` in problems.
pub(crate) fn load_str(text: &str, path: &str) -> Result<Network, LoadError> {
    let mut cx = Cx {
        problems: Vec::new(),
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in &syntax {
            let at = e.span().map_or(0, |s| s.start);
            cx.problems
                .push((at, format!("TOML syntax: {}", e.message().trim_end())));
        }
    } else if let Some(net) = read_network(&mut cx, root.get_ref(), root.span()) {
        if cx.problems.is_empty() {
            return Ok(net);
        }
    }
    Err(cx.into_error(text, path))
}

#[derive(Default)]
struct Cx {
    /// (byte offset, message)
    problems: Vec<(usize, String)>,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl Cx {
    /// The line, from 1, of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    fn at(&mut self, span: &Range<usize>, msg: impl Into<String>) {
        self.problems.push((span.start, msg.into()));
    }

    fn into_error(mut self, text: &str, path: &str) -> LoadError {
        self.problems
            .sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        self.problems.dedup();
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let problems = self
            .problems
            .into_iter()
            .map(|(offset, message)| {
                let offset = offset.min(text.len());
                let line = starts.partition_point(|&s| s <= offset);
                let line_start = starts[line - 1];
                let column = text[line_start..offset].chars().count() + 1;
                Problem {
                    path: path.to_string(),
                    line,
                    column,
                    message,
                }
            })
            .collect();
        LoadError::Invalid { problems }
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// One table of the file being read: hands out its fields and, at the end, reports any key
/// nobody asked for.
struct Rec<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Range<usize>,
    label: String,
    used: BTreeSet<&'a str>,
}

impl<'a, 'i> Rec<'a, 'i> {
    fn new(table: &'a DeTable<'i>, span: Range<usize>, label: String) -> Self {
        Rec {
            table,
            span,
            label,
            used: BTreeSet::new(),
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value<'i>> {
        self.used.insert(key);
        self.table.get(key)
    }

    fn missing(&self, cx: &mut Cx, key: &str) {
        cx.at(&self.span, format!("{} has no \"{key}\"", self.label));
    }

    fn wrong_type(&self, cx: &mut Cx, key: &str, v: &Value<'_>, expected: &str) {
        cx.at(
            &v.span(),
            format!(
                "{}: \"{key}\" must be {expected}, found {}",
                self.label,
                v.get_ref().type_str()
            ),
        );
    }

    fn str(&mut self, cx: &mut Cx, key: &'static str, required: bool) -> Option<Spanned<String>> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(cx, key);
                }
                None
            }
            Some(v) => match v.get_ref().as_str() {
                Some(s) => Some(Spanned::new(v.span(), s.to_string())),
                None => {
                    self.wrong_type(cx, key, v, "a string");
                    None
                }
            },
        }
    }

    /// A finite number (integer or float), checked against `rule`.
    fn num(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
        rule: Rule,
    ) -> Option<Spanned<f64>> {
        let v = match self.get(key) {
            None => {
                if required {
                    self.missing(cx, key);
                }
                return None;
            }
            Some(v) => v,
        };
        let Some(x) = number(v.get_ref()) else {
            self.wrong_type(cx, key, v, "a number");
            return None;
        };
        match rule.check(x) {
            Ok(()) => Some(Spanned::new(v.span(), x)),
            Err(why) => {
                cx.at(
                    &v.span(),
                    format!("{}: \"{key}\" {why}, found {x}", self.label),
                );
                None
            }
        }
    }

    fn int(&mut self, cx: &mut Cx, key: &'static str, required: bool) -> Option<Spanned<i64>> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(cx, key);
                }
                None
            }
            Some(v) => match integer(v.get_ref()) {
                Some(i) => Some(Spanned::new(v.span(), i)),
                None => {
                    self.wrong_type(cx, key, v, "an integer");
                    None
                }
            },
        }
    }

    fn bool(&mut self, cx: &mut Cx, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        let b = v.get_ref().as_bool();
        if b.is_none() {
            self.wrong_type(cx, key, v, "true or false");
        }
        b
    }

    fn str_list(&mut self, cx: &mut Cx, key: &'static str) -> Vec<Spanned<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.get_ref().as_array() else {
            self.wrong_type(cx, key, v, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(s) => out.push(Spanned::new(item.span(), s.to_string())),
                None => self.wrong_type(cx, key, item, "a string"),
            }
        }
        out
    }

    fn date(&mut self, cx: &mut Cx, key: &'static str) -> Option<Spanned<Date>> {
        let v = self.get(key)?;
        let date = v
            .get_ref()
            .as_datetime()
            .and_then(|d| if d.time.is_none() { d.date } else { None });
        match date {
            Some(d) => Some(Spanned::new(
                v.span(),
                Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                },
            )),
            None => {
                self.wrong_type(cx, key, v, "a date such as 2025-10-12");
                None
            }
        }
    }

    fn table(&mut self, cx: &mut Cx, key: &'static str) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref().as_table() {
            Some(t) => Some((t, v.span())),
            None => {
                self.wrong_type(cx, key, v, "a table");
                None
            }
        }
    }

    /// A table of id → number, each number checked against `rule`.
    fn num_map(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        rule: Rule,
    ) -> Vec<(Spanned<String>, f64)> {
        let Some((t, _)) = self.table(cx, key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let Some(x) = number(v.get_ref()) else {
                self.wrong_type(cx, key, v, "a table of numbers");
                continue;
            };
            match rule.check(x) {
                Ok(()) => out.push((Spanned::new(k.span(), k.get_ref().to_string()), x)),
                Err(why) => cx.at(
                    &v.span(),
                    format!(
                        "{}: \"{key}\" of \"{}\" {why}, found {x}",
                        self.label,
                        k.get_ref()
                    ),
                ),
            }
        }
        out
    }

    /// Reports every key that was never asked for, with the nearest known field.
    fn finish(self, cx: &mut Cx) {
        for (k, v) in self.table.iter() {
            let key: &str = k.get_ref();
            if !self.used.contains(key) {
                let hint = nearest(key, self.used.iter().copied())
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                // `[name]` and `[[name]]` are tables to the writer, not fields.
                let what = match v.get_ref() {
                    DeValue::Table(_) => "table",
                    DeValue::Array(a)
                        if !a.is_empty() && a.iter().all(|x| x.get_ref().is_table()) =>
                    {
                        "table"
                    }
                    _ => "field",
                };
                cx.at(
                    &k.span(),
                    format!("{}: unknown {what} \"{key}\"{hint}", self.label),
                );
            }
        }
    }
}

/// What a number must satisfy.
#[derive(Clone, Copy)]
enum Rule {
    Positive,
    NonNegative,
    Fraction,
    AtLeastOne,
    Range(f64, f64),
}

impl Rule {
    fn check(self, x: f64) -> Result<(), String> {
        if !x.is_finite() {
            return Err("must be a finite number".into());
        }
        match self {
            Rule::Positive if x <= 0.0 => Err("must be positive".into()),
            Rule::NonNegative if x < 0.0 => Err("must not be negative".into()),
            Rule::Fraction if !(0.0..=1.0).contains(&x) => Err("must lie in [0, 1]".into()),
            Rule::AtLeastOne if x < 1.0 => Err("must be at least 1".into()),
            Rule::Range(lo, hi) if !(lo..=hi).contains(&x) => {
                Err(format!("must lie in [{lo}, {hi}]"))
            }
            _ => Ok(()),
        }
    }
}

fn integer(v: &DeValue<'_>) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(_) => integer(v).map(|i| i as f64),
        DeValue::Float(f) => f.as_str().parse().ok(),
        _ => None,
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_country(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The records of one `[[name]]` array, each with its span.
fn array_of_tables<'a, 'i>(
    cx: &mut Cx,
    root: &mut Rec<'a, 'i>,
    key: &'static str,
) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
    let Some(v) = root.get(key) else {
        return Vec::new();
    };
    let Some(items) = v.get_ref().as_array() else {
        cx.at(
            &v.span(),
            format!("\"{key}\" must be an array of tables: write [[{key}]]"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref().as_table() {
            Some(t) => out.push((t, item.span())),
            None => cx.at(&item.span(), format!("each of \"{key}\" must be a table")),
        }
    }
    out
}

/// Reads a record's id, checking its form and uniqueness; `label` becomes `what "id"`.
fn read_id(
    cx: &mut Cx,
    rec: &mut Rec<'_, '_>,
    what: &str,
    seen: &mut HashMap<String, Range<usize>>,
) -> Option<String> {
    let id = rec.str(cx, "id", true)?;
    let text = id.get_ref().clone();
    rec.label = format!("{what} \"{text}\"");
    if !valid_id(&text) {
        cx.at(
            &id.span(),
            format!("{what} id \"{text}\" must use only a-z, 0-9 and '-'"),
        );
    }
    if seen.contains_key(&text) {
        let first = cx.line_of(seen[&text].start);
        cx.at(
            &id.span(),
            format!("duplicate {what} id \"{text}\" (first defined on line {first})"),
        );
        return None;
    }
    seen.insert(text.clone(), id.span());
    Some(text)
}

/// Checks a reference to a node, reporting an unknown id with the nearest known one. A node
/// that is declared but was dropped for its own problems is not reported again here.
fn node_ref(
    cx: &mut Cx,
    label: &str,
    id: &Spanned<String>,
    nodes: &IdMap,
    declared: &HashMap<String, Range<usize>>,
) -> Option<usize> {
    let found = nodes.get(id.get_ref().as_str()).copied();
    if found.is_none() && !declared.contains_key(id.get_ref().as_str()) {
        unknown(cx, label, "node", id, declared.keys().map(String::as_str));
    }
    found
}

fn unknown<'a>(
    cx: &mut Cx,
    label: &str,
    what: &str,
    id: &Spanned<String>,
    known: impl IntoIterator<Item = &'a str>,
) {
    let hint = nearest(id.get_ref(), known)
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default();
    cx.at(
        &id.span(),
        format!(
            "{label} refers to unknown {what} \"{}\"{hint}",
            id.get_ref()
        ),
    );
}

fn read_network(cx: &mut Cx, root: &DeTable<'_>, span: Range<usize>) -> Option<Network> {
    let mut top = Rec::new(root, span.clone(), "the file".into());

    let (name, year, description) = match top.table(cx, "network") {
        Some((t, s)) => {
            let mut r = Rec::new(t, s, "[network]".into());
            let name = r.str(cx, "name", true);
            let year = r.int(cx, "year", true).filter(|y| {
                // Out of range, the year would fail the conversion below without a word.
                let ok = (1800..=2200).contains(y.get_ref());
                if !ok {
                    let msg = format!(
                        "[network]: \"year\" must be a year such as 2025, found {}",
                        y.get_ref()
                    );
                    cx.at(&y.span(), msg);
                }
                ok
            });
            let description = r.str(cx, "description", false);
            r.str(cx, "source", false);
            r.finish(cx);
            (name, year, description)
        }
        None => {
            // A `network` of the wrong type has already been reported as such.
            if root.get("network").is_none() {
                cx.at(&(0..0), "the file has no [network] table (name, year)");
            }
            (None, None, None)
        }
    };

    let defaults = read_defaults(cx, &mut top);
    let transfers = read_transfers(cx, &mut top);

    // Nodes.
    let mut node_seen = HashMap::new();
    let mut nodes = Vec::new();
    // Countries of every node record, valid or not, so that a bad node does not also make its
    // country unknown to the scenarios.
    let mut declared_countries = BTreeSet::new();
    for (t, s) in array_of_tables(cx, &mut top, "nodes") {
        if let Some(c) = t.get("country").and_then(|c| c.get_ref().as_str()) {
            declared_countries.insert(c.to_string());
        }
        let mut r = Rec::new(t, s, format!("node #{}", nodes.len() + 1));
        if let Some(node) = read_node(cx, &mut r, &mut node_seen) {
            nodes.push(node);
        }
        r.finish(cx);
    }
    let node_ix: IdMap = nodes
        .iter()
        .enumerate()
        .map(|(i, n): (usize, &Node)| (n.id.clone(), i))
        .collect();
    let countries: BTreeSet<&str> = declared_countries.iter().map(String::as_str).collect();

    // Corridors.
    let mut corridor_seen = HashMap::new();
    let mut corridors = Vec::new();
    for (t, s) in array_of_tables(cx, &mut top, "corridors") {
        let mut r = Rec::new(t, s, format!("corridor #{}", corridors.len() + 1));
        let id = read_id(cx, &mut r, "corridor", &mut corridor_seen);
        let name = r.str(cx, "name", true);
        let description = r.str(cx, "description", false);
        let source = r.str(cx, "source", false);
        r.finish(cx);
        if let (Some(id), Some(name)) = (id, name) {
            corridors.push(Corridor {
                id,
                name: name.into_inner(),
                description: description.map(Spanned::into_inner),
                source: source.map(Spanned::into_inner),
            });
        }
    }
    // References are checked against every declared id, so that a record dropped for its own
    // problems does not also show up as an unknown reference.
    let corridor_ids: BTreeSet<&str> = corridor_seen.keys().map(String::as_str).collect();

    // Links.
    let mut link_seen = HashMap::new();
    let mut links = Vec::new();
    let mut ends = Vec::new();
    for (t, s) in array_of_tables(cx, &mut top, "links") {
        let mut r = Rec::new(t, s, format!("link #{}", links.len() + 1));
        if let Some((link, e)) = read_link(
            cx,
            &mut r,
            &mut link_seen,
            &nodes,
            (&node_ix, &node_seen),
            &corridor_ids,
            &defaults,
        ) {
            links.push(link);
            ends.push(e);
        }
        r.finish(cx);
    }
    let link_ix: IdMap = links
        .iter()
        .enumerate()
        .map(|(i, l): (usize, &Link)| (l.id.clone(), i))
        .collect();

    // Scenarios.
    let mut scenario_seen = HashMap::new();
    let mut scenarios = Vec::new();
    let known = Known {
        nodes: &node_seen,
        links: &link_seen,
        corridors: &corridor_ids,
        countries: &countries,
    };
    for (t, s) in array_of_tables(cx, &mut top, "scenarios") {
        let mut r = Rec::new(t, s, format!("scenario #{}", scenarios.len() + 1));
        if let Some(sc) = read_scenario(cx, &mut r, &mut scenario_seen, &known) {
            scenarios.push(sc);
        }
        r.finish(cx);
    }

    // Demands.
    let mut demands = Vec::new();
    for (t, s) in array_of_tables(cx, &mut top, "demands") {
        let mut r = Rec::new(t, s, format!("demand #{}", demands.len() + 1));
        if let Some(d) = read_demand(cx, &mut r, (&node_ix, &node_seen)) {
            demands.push(d);
        }
        r.finish(cx);
    }
    top.finish(cx);

    Some(Network {
        name: name?.into_inner(),
        year: i32::try_from(year?.into_inner()).ok()?,
        description: description.map(Spanned::into_inner),
        defaults,
        transfers,
        nodes,
        links,
        corridors,
        scenarios,
        demands,
        node_ix,
        link_ix,
        ends,
        graph: std::sync::OnceLock::new(),
        cache: Default::default(),
    })
}

fn read_defaults(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Defaults {
    let mut defaults = Defaults::default();
    let Some((t, s)) = top.table(cx, "defaults") else {
        return defaults;
    };
    let mut r = Rec::new(t, s, "[defaults]".into());
    for mode in Mode::ALL {
        let key: &'static str = mode.as_str();
        let Some((mt, ms)) = r.table(cx, key) else {
            continue;
        };
        let mut m = Rec::new(mt, ms, format!("[defaults.{key}]"));
        let d: &mut ModeDefaults = match mode {
            Mode::Rail => &mut defaults.rail,
            Mode::Road => &mut defaults.road,
            Mode::Sea => &mut defaults.sea,
        };
        if let Some(x) = m.num(cx, "speed_kmh", false, Rule::Positive) {
            d.speed_kmh = x.into_inner();
        }
        if let Some(x) = m.num(cx, "usd_per_tkm", false, Rule::NonNegative) {
            d.usd_per_tkm = x.into_inner();
        }
        if let Some(x) = m.num(cx, "detour", false, Rule::AtLeastOne) {
            d.detour = x.into_inner();
        }
        if let Some(x) = m.num(cx, "capacity_mtpa", false, Rule::Positive) {
            d.capacity_mtpa = Some(x.into_inner());
        }
        m.finish(cx);
    }
    r.finish(cx);
    defaults
}

fn read_transfers(cx: &mut Cx, top: &mut Rec<'_, '_>) -> Transfers {
    let mut transfers = Transfers::default();
    let Some((t, s)) = top.table(cx, "transfers") else {
        return transfers;
    };
    let mut r = Rec::new(t, s, "[transfers]".into());
    for key in ["gauge", "mode", "port", "border"] {
        let Some((tt, ts)) = r.table(cx, key) else {
            continue;
        };
        let mut m = Rec::new(tt, ts, format!("transfer \"{key}\""));
        let cost: &mut TransferCost = match key {
            "gauge" => &mut transfers.gauge,
            "mode" => &mut transfers.mode,
            "port" => &mut transfers.port,
            _ => &mut transfers.border,
        };
        if let Some(x) = m.num(cx, "hours", false, Rule::NonNegative) {
            cost.hours = x.into_inner();
        }
        if let Some(x) = m.num(cx, "usd_per_t", false, Rule::NonNegative) {
            cost.usd_per_t = x.into_inner();
        }
        m.finish(cx);
    }
    r.finish(cx);
    transfers
}

fn parse_enum<T: std::str::FromStr<Err = String>>(
    cx: &mut Cx,
    label: &str,
    v: Option<Spanned<String>>,
) -> Option<T> {
    let v = v?;
    match v.get_ref().parse() {
        Ok(x) => Some(x),
        Err(why) => {
            cx.at(&v.span(), format!("{label}: {why}"));
            None
        }
    }
}

fn read_node(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    seen: &mut HashMap<String, Range<usize>>,
) -> Option<Node> {
    let id = read_id(cx, r, "node", seen);
    let name = r.str(cx, "name", true);
    let country = r.str(cx, "country", true);
    if let Some(c) = &country {
        if !valid_country(c.get_ref()) {
            cx.at(
                &c.span(),
                format!(
                    "{}: country \"{}\" must be an ISO 3166-1 alpha-2 code such as \"AF\"",
                    r.label,
                    c.get_ref()
                ),
            );
        }
    }
    let kind_text = r.str(cx, "kind", true);
    let kind: Option<NodeKind> = parse_enum(cx, &r.label, kind_text);
    let lat = r.num(cx, "lat", true, Rule::Range(-90.0, 90.0));
    let lon = r.num(cx, "lon", true, Rule::Range(-180.0, 180.0));
    let capacity = r.num(cx, "capacity_mtpa", false, Rule::Positive);
    let source = r.str(cx, "source", true);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let description = r.str(cx, "description", false);
    Some(Node {
        id: id?,
        name: name?.into_inner(),
        country: country?.into_inner(),
        kind: kind?,
        lat: lat?.into_inner(),
        lon: lon?.into_inner(),
        capacity_mtpa: capacity.map(Spanned::into_inner),
        source: source?.into_inner(),
        estimated,
        description: description.map(Spanned::into_inner),
    })
}

#[allow(clippy::too_many_arguments)]
fn read_link(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    seen: &mut HashMap<String, Range<usize>>,
    nodes: &[Node],
    (node_ix, node_seen): (&IdMap, &HashMap<String, Range<usize>>),
    corridor_ids: &BTreeSet<&str>,
    defaults: &Defaults,
) -> Option<(Link, (usize, usize))> {
    let id = read_id(cx, r, "link", seen);
    let label = r.label.clone();
    let from = r.str(cx, "from", true);
    let to = r.str(cx, "to", true);
    let from_ix = from
        .as_ref()
        .and_then(|f| node_ref(cx, &label, f, node_ix, node_seen));
    let to_ix = to
        .as_ref()
        .and_then(|t| node_ref(cx, &label, t, node_ix, node_seen));
    let mode_text = r.str(cx, "mode", true);
    let mode: Option<Mode> = parse_enum(cx, &label, mode_text);
    let gauge = r.int(cx, "gauge_mm", false);
    let length = r.num(cx, "length_km", false, Rule::Positive);
    let status_text = r.str(cx, "status", true);
    let status: Option<Status> = parse_enum(cx, &label, status_text);
    let opens = r.int(cx, "opens", false);
    let capacity = r.num(cx, "capacity_mtpa", false, Rule::Positive);
    let design = r.num(cx, "design_capacity_mtpa", false, Rule::Positive);
    let corridors = r.str_list(cx, "corridors");
    let oneway = r.bool(cx, "oneway").unwrap_or(false);
    let source = r.str(cx, "source", true);
    let speed = r.num(cx, "speed_kmh", false, Rule::Positive);
    let rate = r.num(cx, "usd_per_tkm", false, Rule::NonNegative);
    let hours = r.num(cx, "hours", false, Rule::Positive);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let description = r.str(cx, "description", false);

    if let (Some(f), Some(t), Some(fi), Some(ti)) = (&from, &to, from_ix, to_ix) {
        if fi == ti {
            cx.at(
                &t.span(),
                format!("{label} runs from \"{}\" to itself", f.get_ref()),
            );
        }
    }
    if let (Some(g), Some(m)) = (&gauge, mode) {
        if m != Mode::Rail {
            cx.at(
                &g.span(),
                format!("{label}: \"gauge_mm\" is set on a {m} link; only rail has a gauge"),
            );
        } else if !(500..=2000).contains(g.get_ref()) {
            cx.at(
                &g.span(),
                format!(
                    "{label}: \"gauge_mm\" must lie in [500, 2000] mm, found {}",
                    g.get_ref()
                ),
            );
        }
    }
    if let (Some(o), Some(st)) = (&opens, status) {
        if st == Status::Operational {
            cx.at(
                &o.span(),
                format!(
                    "{label}: \"opens\" is set on an operational link; it is for links not yet open"
                ),
            );
        } else if !(1800..=2200).contains(o.get_ref()) {
            cx.at(
                &o.span(),
                format!(
                    "{label}: \"opens\" must be a year such as 2027, found {}",
                    o.get_ref()
                ),
            );
        }
    }
    if let (Some(c), Some(d)) = (&capacity, &design) {
        if d.get_ref() < c.get_ref() {
            cx.at(
                &d.span(),
                format!(
                    "{label}: \"design_capacity_mtpa\" {} is below \"capacity_mtpa\" {}",
                    d.get_ref(),
                    c.get_ref()
                ),
            );
        }
    }
    for c in &corridors {
        if !corridor_ids.contains(c.get_ref().as_str()) {
            unknown(cx, &label, "corridor", c, corridor_ids.iter().copied());
        }
    }

    let (fi, ti, mode) = (from_ix?, to_ix?, mode?);
    let (a, b) = (&nodes[fi], &nodes[ti]);
    let gc = great_circle_km(a.lat, a.lon, b.lat, b.lon);
    let md = defaults.of(mode);
    let (length_km, estimated) = match &length {
        Some(len) => {
            let km = *len.get_ref();
            if km + LENGTH_TOLERANCE_KM < gc {
                cx.at(
                    &len.span(),
                    format!(
                        "{label} is {km} km long, shorter than the {gc:.1} km great-circle distance between \"{}\" and \"{}\"",
                        a.id, b.id
                    ),
                );
            }
            (km, estimated)
        }
        None => {
            let km = gc * md.detour;
            if km < 1.0 {
                cx.at(
                    &r.span,
                    format!(
                        "{label} has no \"length_km\" and its ends \"{}\" and \"{}\" are too close to estimate one: give length_km",
                        a.id, b.id
                    ),
                );
            }
            (km, true)
        }
    };
    let link = Link {
        id: id?,
        from: from?.into_inner(),
        to: to?.into_inner(),
        mode,
        gauge_mm: gauge.and_then(|g| u32::try_from(g.into_inner()).ok()),
        length_km,
        estimated,
        status: status?,
        opens: opens.and_then(|o| i32::try_from(o.into_inner()).ok()),
        capacity_mtpa: capacity.map(Spanned::into_inner),
        design_capacity_mtpa: design.map(Spanned::into_inner),
        corridors: corridors.into_iter().map(Spanned::into_inner).collect(),
        oneway,
        speed_kmh: speed.map_or(md.speed_kmh, Spanned::into_inner),
        usd_per_tkm: rate.map_or(md.usd_per_tkm, Spanned::into_inner),
        hours_override: hours.map(Spanned::into_inner),
        source: source?.into_inner(),
        description: description.map(Spanned::into_inner),
    };
    Some((link, (fi, ti)))
}

struct Known<'a> {
    nodes: &'a HashMap<String, Range<usize>>,
    links: &'a HashMap<String, Range<usize>>,
    corridors: &'a BTreeSet<&'a str>,
    countries: &'a BTreeSet<&'a str>,
}

impl Known<'_> {
    fn check(&self, cx: &mut Cx, label: &str, what: &str, id: &Spanned<String>) -> bool {
        let s = id.get_ref().as_str();
        let ok = match what {
            "node" => self.nodes.contains_key(s),
            "link" => self.links.contains_key(s),
            "corridor" => self.corridors.contains(s),
            "country" => self.countries.contains(s),
            _ => self.links.contains_key(s) || self.countries.contains(s),
        };
        if !ok {
            let known: Vec<&str> = match what {
                "node" => self.nodes.keys().map(String::as_str).collect(),
                "link" => self.links.keys().map(String::as_str).collect(),
                "corridor" => self.corridors.iter().copied().collect(),
                "country" => self.countries.iter().copied().collect(),
                _ => self
                    .links
                    .keys()
                    .map(String::as_str)
                    .chain(self.countries.iter().copied())
                    .collect(),
            };
            unknown(cx, label, what, id, known);
        }
        ok
    }
}

fn read_scenario(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    seen: &mut HashMap<String, Range<usize>>,
    known: &Known<'_>,
) -> Option<Scenario> {
    let id = read_id(cx, r, "scenario", seen);
    let label = r.label.clone();
    let name = r.str(cx, "name", true);
    let description = r.str(cx, "description", false);
    let start = r.date(cx, "start");
    let end = r.date(cx, "end");
    if let (Some(s), Some(e)) = (&start, &end) {
        if e.get_ref() < s.get_ref() {
            cx.at(
                &e.span(),
                format!(
                    "{label}: \"end\" {} is before \"start\" {}",
                    e.get_ref(),
                    s.get_ref()
                ),
            );
        }
    }
    let list = |cx: &mut Cx, r: &mut Rec<'_, '_>, key: &'static str, what: &str| -> Vec<String> {
        r.str_list(cx, key)
            .into_iter()
            .filter(|id| known.check(cx, &label, what, id))
            .map(Spanned::into_inner)
            .collect()
    };
    let close_links = list(cx, r, "close_links", "link");
    let close_nodes = list(cx, r, "close_nodes", "node");
    let close_countries = list(cx, r, "close_countries", "country");
    let close_corridors = list(cx, r, "close_corridors", "corridor");
    let mut close_borders = Vec::new();
    if let Some(v) = r.get("close_borders") {
        let pairs = v.get_ref().as_array();
        if pairs.is_none() {
            r.wrong_type(
                cx,
                "close_borders",
                v,
                "an array of [country, country] pairs",
            );
        }
        for pair in pairs.into_iter().flat_map(|p| p.iter()) {
            let codes: Option<Vec<Spanned<String>>> = pair.get_ref().as_array().and_then(|a| {
                a.iter()
                    .map(|c| {
                        c.get_ref()
                            .as_str()
                            .map(|s| Spanned::new(c.span(), s.to_string()))
                    })
                    .collect()
            });
            match codes {
                Some(c) if c.len() == 2 => {
                    let ok = known.check(cx, &label, "country", &c[0])
                        & known.check(cx, &label, "country", &c[1]);
                    if ok {
                        close_borders.push([c[0].get_ref().clone(), c[1].get_ref().clone()]);
                    }
                }
                _ => r.wrong_type(cx, "close_borders", pair, "a [country, country] pair"),
            }
        }
    }
    let map = |cx: &mut Cx, r: &mut Rec<'_, '_>, key: &'static str, rule: Rule, what: &str| {
        r.num_map(cx, key, rule)
            .into_iter()
            .filter(|(id, _)| known.check(cx, &label, what, id))
            .map(|(id, x)| (id.into_inner(), x))
            .collect::<BTreeMap<String, f64>>()
    };
    let capacity_factor = map(cx, r, "capacity_factor", Rule::Fraction, "link");
    let add_hours = map(cx, r, "add_hours", Rule::NonNegative, "link or country");
    let add_usd_per_t = map(cx, r, "add_usd_per_t", Rule::NonNegative, "link or country");
    let probability = r.num(cx, "probability", false, Rule::Fraction);
    let source = r.str(cx, "source", true);
    Some(Scenario {
        id: id?,
        name: name?.into_inner(),
        description: description.map(Spanned::into_inner),
        start: start.map(Spanned::into_inner),
        end: end.map(Spanned::into_inner),
        close_links,
        close_nodes,
        close_countries,
        close_borders,
        close_corridors,
        capacity_factor,
        add_hours,
        add_usd_per_t,
        probability: probability.map(Spanned::into_inner),
        source: source?.into_inner(),
    })
}

fn read_demand(
    cx: &mut Cx,
    r: &mut Rec<'_, '_>,
    (node_ix, node_seen): (&IdMap, &HashMap<String, Range<usize>>),
) -> Option<Demand> {
    let from = r.str(cx, "from", true);
    let to = r.str(cx, "to", true);
    if let (Some(f), Some(t)) = (&from, &to) {
        r.label = format!("demand \"{}\" → \"{}\"", f.get_ref(), t.get_ref());
    }
    let label = r.label.clone();
    let fi = from
        .as_ref()
        .and_then(|f| node_ref(cx, &label, f, node_ix, node_seen));
    let ti = to
        .as_ref()
        .and_then(|t| node_ref(cx, &label, t, node_ix, node_seen));
    if let (Some(fi), Some(ti), Some(t)) = (fi, ti, &to) {
        if fi == ti {
            cx.at(
                &t.span(),
                format!("{label} goes nowhere: its ends are the same node"),
            );
        }
    }
    let mtpa = r.num(cx, "mtpa", true, Rule::Positive);
    let source = r.str(cx, "source", true);
    let estimated = r.bool(cx, "estimated").unwrap_or(false);
    let description = r.str(cx, "description", false);
    fi?;
    ti?;
    Some(Demand {
        from: from?.into_inner(),
        to: to?.into_inner(),
        mtpa: mtpa?.into_inner(),
        estimated,
        source: source?.into_inner(),
        description: description.map(Spanned::into_inner),
    })
}
