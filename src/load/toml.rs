//! The spanned TOML walk: problems collected with their byte offsets and turned into lines
//! and columns once, and [`Rec`], one table of the file handing out its fields by type.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::doc::{self, Spanned, Table, Value};

use crate::error::{LoadError, Problem};
use crate::model::rules::Rule;
use crate::model::{Date, Interval};
use crate::util::fnv::FnvMap;
use crate::util::quoted;
use crate::util::suggest::{Index, nearest};

/// Parses `text` and hands its root table to `read`, naming `path` in problems; the records
/// `read` returns when no problem was found. With no path, the text was written from records
/// built in code: its problems have no position (line and column 0), only the record's label.
pub(super) fn load_str<T>(
    text: &str,
    path: Option<&str>,
    read: impl FnOnce(&mut Cx, Table<'_, '_>, Range<usize>) -> Option<T>,
) -> Result<T, LoadError> {
    let mut cx = Cx {
        positions: path.is_some(),
        problems: Vec::new(),
        dropped: 0,
        source_ids: BTreeSet::new(),
        text,
        line_starts: OnceCell::new(),
        as_of: None,
        today: None,
        uncertain: false,
        length_spread: None,
        shared: HashMap::new(),
        hints: HashMap::new(),
    };
    let (root, syntax) = doc::parse(text);
    if !syntax.is_empty() {
        for (at, message) in syntax {
            cx.problems.push((at, format!("TOML syntax: {message}")));
        }
    } else if let Some(out) = read(&mut cx, root.root(), 0..0) {
        if cx.problems.is_empty() {
            return Ok(out);
        }
    }
    Err(cx.into_error(path.unwrap_or_default()))
}

/// The problems found so far, each at a byte offset, and the ids every record may cite.
pub(super) struct Cx<'t> {
    /// Whether positions in the text mean anything to the reader: not for text written from
    /// records built in code, whose problems are reported by record alone.
    pub(super) positions: bool,
    /// (byte offset, message): the first [`MAX_PROBLEMS`] found.
    problems: Vec<(usize, String)>,
    /// Problems found past [`MAX_PROBLEMS`], counted but not kept.
    dropped: usize,
    /// The ids of the file's `[[sources]]`, valid entries or not, read before any record.
    pub(super) source_ids: BTreeSet<String>,
    /// The text being read.
    text: &'t str,
    /// Byte offset of the start of each line, counted when a message first needs a line.
    line_starts: OnceCell<Vec<usize>>,
    /// The date the file's data is current to (`[network] as_of`), once read.
    pub(super) as_of: Option<Date>,
    /// The file's today: its `as_of`, else the last day of its `year`.
    pub(super) today: Option<Date>,
    /// Whether the file declares `[uncertainty]`: then every default and estimated figure
    /// that weighs on a route must state its range.
    pub(super) uncertain: bool,
    /// `[uncertainty] estimated_length`, when declared: the spread an estimated link length
    /// takes when it states no `length_km_range`.
    pub(super) length_spread: Option<f64>,
    /// Each shared figure named so far (`hours_shared`, `cost_shared`), by name and unit: its
    /// value and the record that first gave it.
    pub(super) shared: HashMap<(String, &'static str), (f64, String)>,
    /// The "did you mean" index of each kind of id a record may refer to (`"node"`, `"source"`,
    /// …), built on the first unknown reference of that kind: the ids of a kind are all
    /// declared before any reference to one is checked, so one index serves every reference.
    pub(super) hints: HashMap<&'static str, Index>,
}

impl<'t> Cx<'t> {
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The line, from 1, of a byte offset.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset)
    }

    pub(super) fn at(&mut self, span: &Range<usize>, msg: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push((span.start, msg.into()));
        } else {
            self.dropped += 1;
        }
    }

    /// A context for a thread that reads some of the records: the file's settings as read so
    /// far, no problems yet. Its records may read the settings and report problems, and must
    /// not record shared figures (see [`read_each_split`]).
    pub(super) fn fork(&self) -> Cx<'t> {
        Cx {
            positions: self.positions,
            problems: Vec::new(),
            dropped: 0,
            source_ids: self.source_ids.clone(),
            text: self.text,
            line_starts: self.line_starts.clone(),
            as_of: self.as_of,
            today: self.today,
            uncertain: self.uncertain,
            length_spread: self.length_spread,
            shared: HashMap::new(),
            hints: HashMap::new(),
        }
    }

    /// Takes the problems of a [`Cx::fork`] as if they had been found here, after those
    /// found so far.
    pub(super) fn absorb(&mut self, child: Cx<'_>) {
        debug_assert!(
            child.shared.is_empty(),
            "a forked reader recorded a shared figure"
        );
        for (at, msg) in child.problems {
            self.at(&(at..at), msg);
        }
        self.dropped += child.dropped;
    }

    pub(super) fn into_error(mut self, path: &str) -> LoadError {
        let text = self.text;
        self.problems
            .sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        self.problems.dedup();
        let found = std::mem::take(&mut self.problems);
        let mut problems: Vec<Problem> = found
            .into_iter()
            .map(|(offset, message)| {
                // Text written from records built in code has no positions worth reading.
                let (line, column) = if self.positions {
                    let offset = offset.min(text.len());
                    let line = self.line_of(offset);
                    let line_start = self.line_starts()[line - 1];
                    (line, text[line_start..offset].chars().count() + 1)
                } else {
                    (0, 0)
                };
                Problem {
                    path: path.to_string(),
                    line,
                    column,
                    message,
                }
            })
            .collect();
        if self.dropped > 0 {
            problems.push(Problem {
                path: path.to_string(),
                line: 0,
                column: 0,
                message: format!(
                    "{} more problems not listed: a file reports its first {MAX_PROBLEMS}",
                    self.dropped
                ),
            });
        }
        LoadError::Invalid { problems }
    }
}

/// The most problems a file reports one by one; past them they are counted. A file with
/// millions of bad keys would otherwise print hundreds of megabytes.
pub(crate) const MAX_PROBLEMS: usize = 1000;

/// What a record cites.
#[derive(Default)]
pub(super) struct Cite {
    /// The `source` text, or the cited ids joined by ", " when only `sources` is given.
    pub source: Option<String>,
    /// Ids of `[[sources]]` entries.
    pub sources: Vec<String>,
    /// How an unpublished figure was estimated.
    pub estimate: Option<String>,
}

/// The most keys a [`Rec`] remembers having been asked for.
const ASKED: usize = 64;

/// One table of the file being read: hands out its fields and, at the end, reports any key
/// nobody asked for.
pub(super) struct Rec<'a, 'i> {
    table: Table<'a, 'i>,
    pub(super) span: Range<usize>,
    pub(super) label: String,
    /// Which of the table's entries a field was asked for: bit `i` for entry `i`, past 64
    /// entries in `found_more`.
    found: u64,
    found_more: Vec<usize>,
    /// The keys asked for, found or not: the words an unknown key is matched against. A
    /// record asks for fewer than [`ASKED`]; past them, keys are only not suggested.
    asked: [&'static str; ASKED],
    n_asked: usize,
}

impl<'a, 'i> Rec<'a, 'i> {
    pub(super) fn new(table: Table<'a, 'i>, span: Range<usize>, label: String) -> Self {
        Rec {
            table,
            span,
            label,
            found: 0,
            found_more: Vec::new(),
            asked: [""; ASKED],
            n_asked: 0,
        }
    }

    pub(super) fn get(&mut self, key: &'static str) -> Option<Value<'a, 'i>> {
        if let Some(slot) = self.asked.get_mut(self.n_asked) {
            *slot = key;
            self.n_asked += 1;
        }
        let i = self.table.find(key)?;
        if i < 64 {
            self.found |= 1 << i;
        } else if !self.found_more.contains(&i) {
            self.found_more.push(i);
        }
        Some(self.table.value_at(i))
    }

    pub(super) fn missing(&self, cx: &mut Cx, key: &str) {
        cx.at(&self.span, format!("{} has no \"{key}\"", self.label));
    }

    pub(super) fn wrong_type(&self, cx: &mut Cx, key: &str, v: Value<'_, '_>, expected: &str) {
        cx.at(
            &v.span(),
            format!(
                "{}: \"{key}\" must be {expected}, found {}",
                self.label,
                v.type_str()
            ),
        );
    }

    pub(super) fn str(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
    ) -> Option<Spanned<String>> {
        let s = self.text(cx, key, required)?;
        Some(Spanned::new(s.span(), s.into_inner().into_owned()))
    }

    /// A string field as [`Rec::str`] reads it, borrowed from the file where it has no
    /// escapes.
    pub(super) fn text(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
    ) -> Option<Spanned<Cow<'i, str>>> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(cx, key);
                }
                None
            }
            Some(v) => match v.as_str() {
                Some(s) => match control_char(&s) {
                    // It would break a terminal's table or the map's XML.
                    Some(c) => {
                        let msg = format!(
                            "{}: \"{key}\" contains the control character U+{:04X}; text may hold line breaks and tabs, no other",
                            self.label, c as u32
                        );
                        cx.at(&v.span(), msg);
                        None
                    }
                    None => Some(Spanned::new(v.span(), s)),
                },
                None => {
                    self.wrong_type(cx, key, v, "a string");
                    None
                }
            },
        }
    }

    /// A finite number (integer or float), checked against `rule`.
    pub(super) fn num(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
        rule: Rule,
    ) -> Option<Spanned<f64>> {
        let x = self.raw_num(cx, key, required)?;
        match rule.check(*x.get_ref()) {
            Ok(()) => Some(x),
            Err(why) => {
                cx.at(
                    &x.span(),
                    format!(
                        "{}: \"{key}\" {why}, found {}",
                        self.label,
                        quoted(*x.get_ref())
                    ),
                );
                None
            }
        }
    }

    /// A number, whatever its value: for fields whose rule is checked elsewhere.
    pub(super) fn raw_num(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
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
        let Some(x) = v.number() else {
            self.wrong_type(cx, key, v, "a number");
            return None;
        };
        Some(Spanned::new(v.span(), x))
    }

    /// The range `key` (`"hours_range"`) of the figure `value`: `[low, high]`, both kept by
    /// `rule`, with low ≤ value ≤ high. `needed` names what the figure is (`"a default"`,
    /// `"an estimate"`) when the file declares `[uncertainty]` and such a figure must state
    /// its range.
    pub(super) fn range(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        value: Option<&Spanned<f64>>,
        rule: Rule,
        needed: Option<&str>,
    ) -> Option<Interval> {
        // A cost table's `range` is the range of its `amount`.
        let field = match key {
            "range" => "amount",
            k => k.strip_suffix("_range").unwrap_or(k),
        };
        let Some(v) = self.get(key) else {
            if let (Some(what), Some(x), true) = (needed, value, cx.uncertain) {
                cx.at(
                    &x.span(),
                    format!(
                        "{}: \"{field}\" is {what}, so it needs a range (\"{key} = [low, high]\") in a file that declares [uncertainty]",
                        self.label
                    ),
                );
            }
            return None;
        };
        let (low, high) = self.pair(cx, key, v, rule)?;
        let Some(x) = value else {
            let msg = format!("{}: \"{key}\" is given but \"{field}\" is not", self.label);
            cx.at(&v.span(), msg);
            return None;
        };
        self.holds(cx, key, field, (low, high), *x.get_ref(), &v.span())
    }

    /// An optional figure and its range (`"speed_kmh"` and `"speed_kmh_range"`), both kept
    /// by `rule`; `needed` as for [`Rec::range`].
    pub(super) fn ranged(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        range_key: &'static str,
        rule: Rule,
        needed: Option<&str>,
    ) -> (Option<Spanned<f64>>, Option<Interval>) {
        let x = self.num(cx, key, false, rule);
        let range = self.range(cx, range_key, x.as_ref(), rule, needed);
        (x, range)
    }

    /// `v` as a range `[low, high]` of two numbers kept by `rule`; `None`, reported, if not.
    pub(super) fn pair(
        &self,
        cx: &mut Cx,
        key: &str,
        v: Value<'_, '_>,
        rule: Rule,
    ) -> Option<(f64, f64)> {
        let pair = v.as_array().and_then(|a| {
            let mut xs = a.iter().map(|x| x.number());
            match (xs.next(), xs.next(), xs.next()) {
                (Some(lo), Some(hi), None) => Some((lo?, hi?)),
                _ => None,
            }
        });
        let Some((low, high)) = pair else {
            let want = "an array of two numbers, [low, high]";
            match v.as_array() {
                Some(a) => {
                    let msg = format!(
                        "{}: \"{key}\" must be {want}, found {} item(s)",
                        self.label,
                        a.len()
                    );
                    cx.at(&v.span(), msg);
                }
                None => self.wrong_type(cx, key, v, want),
            }
            return None;
        };
        for x in [low, high] {
            if let Err(why) = rule.check(x) {
                let msg = format!("{}: \"{key}\": {x} {why}", self.label);
                cx.at(&v.span(), msg);
                return None;
            }
        }
        Some((low, high))
    }

    /// The range `(low, high)` given at `span` as `key`, if it holds the figure `x` of `field`.
    pub(super) fn holds(
        &self,
        cx: &mut Cx,
        key: &str,
        field: &str,
        (low, high): (f64, f64),
        x: f64,
        span: &Range<usize>,
    ) -> Option<Interval> {
        if !(low <= x && x <= high) {
            let msg = format!(
                "{}: \"{key}\" [{low}, {high}] must hold the figure {x} (low ≤ {field} ≤ high)",
                self.label
            );
            cx.at(span, msg);
            return None;
        }
        Some(Interval { low, high })
    }

    pub(super) fn int(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
    ) -> Option<Spanned<i64>> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(cx, key);
                }
                None
            }
            Some(v) => match v.integer() {
                Some(i) => Some(Spanned::new(v.span(), i)),
                None => {
                    self.wrong_type(cx, key, v, "an integer");
                    None
                }
            },
        }
    }

    pub(super) fn bool(&mut self, cx: &mut Cx, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        let b = v.as_bool();
        if b.is_none() {
            self.wrong_type(cx, key, v, "true or false");
        }
        b
    }

    pub(super) fn str_list(&mut self, cx: &mut Cx, key: &'static str) -> Vec<Spanned<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Some(items) = v.as_array() else {
            self.wrong_type(cx, key, v, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.as_str() {
                Some(s) => out.push(Spanned::new(item.span(), s.into_owned())),
                None => self.wrong_type(cx, key, item, "a string"),
            }
        }
        out
    }

    /// A date (`2025-10-12`); `None` if absent (reported when `required`) or not a date.
    pub(super) fn date(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        required: bool,
    ) -> Option<Spanned<Date>> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(cx, key);
            }
            return None;
        };
        match v.date() {
            Some(d) => Some(Spanned::new(v.span(), d)),
            None => {
                self.wrong_type(cx, key, v, "a date such as 2025-10-12");
                None
            }
        }
    }

    /// A year (`2027`) or a date (`2026-02-03`), as the date it means (a year: its 1 January)
    /// and whether only the year was given.
    pub(super) fn year_or_date(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
    ) -> Option<Spanned<(Date, bool)>> {
        let v = self.get(key)?;
        if let Some(y) = v.integer() {
            if !(1800..=2200).contains(&y) {
                cx.at(
                    &v.span(),
                    format!(
                        "{}: \"{key}\" must be a year such as 2027 or a date such as 2026-02-03, found {y}",
                        self.label
                    ),
                );
                return None;
            }
            return Some(Spanned::new(v.span(), (Date::first_of(y as u16), true)));
        }
        match v.date() {
            Some(d) => Some(Spanned::new(v.span(), (d, false))),
            None => {
                let want = "a year such as 2027 or a date such as 2026-02-03";
                self.wrong_type(cx, key, v, want);
                None
            }
        }
    }

    pub(super) fn table(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
    ) -> Option<(Table<'a, 'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.as_table() {
            Some(t) => Some((t, v.span())),
            None => {
                self.wrong_type(cx, key, v, "a table");
                None
            }
        }
    }

    /// A table of id → number, each number checked against `rule`.
    /// A table of numbers keyed by id, each key and value with its span, whatever the values:
    /// their rule is checked with the record they belong to.
    pub(super) fn num_map(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
    ) -> Vec<(Spanned<String>, Spanned<f64>)> {
        let Some((t, _)) = self.table(cx, key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in t.iter() {
            let Some(x) = v.number() else {
                self.wrong_type(cx, key, v, "a table of numbers");
                continue;
            };
            out.push((
                Spanned::new(k.span(), k.get_ref().to_string()),
                Spanned::new(v.span(), x),
            ));
        }
        out
    }

    /// What the record cites: its `source` text, its `sources` (each a known `[[sources]]`
    /// id), and its `estimate`. `None`, with the problem reported, when `required` and the
    /// record has neither `source` nor `sources`.
    pub(super) fn cite(&mut self, cx: &mut Cx, required: bool) -> Option<Cite> {
        let text = self.str(cx, "source", false);
        let ids = self.str_list(cx, "sources");
        let estimate = self.str(cx, "estimate", false).map(Spanned::into_inner);
        for id in &ids {
            if !cx.source_ids.contains(id.get_ref()) {
                let hint = hint(
                    &mut cx.hints,
                    "source",
                    id.get_ref(),
                    cx.source_ids.iter().map(String::as_str),
                );
                unknown_hinted(cx, &self.label, "source", id, hint);
            }
        }
        if required && text.is_none() && ids.is_empty() {
            cx.at(
                &self.span,
                format!("{} has no \"source\" or \"sources\"", self.label),
            );
            return None;
        }
        let sources: Vec<String> = ids.into_iter().map(Spanned::into_inner).collect();
        Some(Cite {
            source: text
                .map(Spanned::into_inner)
                .or_else(|| (!sources.is_empty()).then(|| sources.join(", "))),
            sources,
            estimate,
        })
    }

    /// Reports every key that was never asked for, with the nearest known field.
    pub(super) fn finish(self, cx: &mut Cx) {
        if self.found.count_ones() as usize + self.found_more.len() == self.table.len() {
            return;
        }
        for (i, k, v) in self.table.iter_at() {
            let key: &str = k.get_ref();
            let found = if i < 64 {
                self.found & (1 << i) != 0
            } else {
                self.found_more.contains(&i)
            };
            if !found {
                let hint = nearest(key, self.asked[..self.n_asked].iter().copied())
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                // `[name]` and `[[name]]` are tables to the writer, not fields.
                let what = match v.as_array() {
                    _ if v.is_table() => "table",
                    Some(a) if !a.is_empty() && a.iter().all(|x| x.is_table()) => "table",
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

/// The first control character of `s` that text may not hold: all but line breaks and tabs.
pub(super) fn control_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
}

pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn valid_country(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The ids of one kind declared so far, each with the offset of its text; the ids are
/// borrowed from the file where they have no escapes.
pub(super) type Seen<'i> = FnvMap<Cow<'i, str>, usize>;

/// Node id → index among the valid nodes, the ids borrowed from the nodes read.
pub(super) type NodeIx<'n> = FnvMap<&'n str, usize>;

/// Link id → index among the valid links, the ids borrowed from the links read.
pub(super) type LinkIx<'n> = FnvMap<&'n str, usize>;

/// Checks a reference to a node, reporting an unknown id with the nearest known one. A node
/// that is declared but was dropped for its own problems is not reported again here.
pub(super) fn node_ref(
    cx: &mut Cx,
    label: &str,
    id: &Spanned<String>,
    nodes: &NodeIx<'_>,
    declared: &Seen<'_>,
) -> Option<usize> {
    let found = nodes.get(id.get_ref().as_str()).copied();
    if found.is_none() && !declared.contains_key(id.get_ref().as_str()) {
        unknown(cx, label, "node", id, declared.keys().map(|k| k.as_ref()));
    }
    found
}

/// Reports a reference to an unknown id of a kind (`what`: `"node"`), with the nearest of the
/// `known` ids of that kind. `known` is read only the first time a kind is asked for, so it
/// must be every id of that kind the file declares, the same at every call.
pub(super) fn unknown<'a>(
    cx: &mut Cx,
    label: &str,
    what: &'static str,
    id: &Spanned<String>,
    known: impl IntoIterator<Item = &'a str>,
) {
    let hint = hint(&mut cx.hints, what, id.get_ref(), known);
    unknown_hinted(cx, label, what, id, hint);
}

/// The nearest known id of a kind to `word`, through that kind's index (built from `known` on
/// first use).
pub(super) fn hint<'a>(
    hints: &mut HashMap<&'static str, Index>,
    what: &'static str,
    word: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    hints
        .entry(what)
        .or_insert_with(|| Index::new(known))
        .nearest(word)
        .map(String::from)
}

/// Reports a reference to an unknown id with its suggestion, if any.
fn unknown_hinted(
    cx: &mut Cx,
    label: &str,
    what: &str,
    id: &Spanned<String>,
    hint: Option<String>,
) {
    let hint = hint
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
