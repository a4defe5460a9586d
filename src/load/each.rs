//! Reading the records of a `[[name]]` array: in the order of the file, or, for a long array
//! whose records do not depend on each other, in runs on every core, joined back in that
//! order; and reading each record's id, checking its uniqueness as it goes or against every
//! id gathered beforehand.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use super::doc::{Array, Table};
use super::toml::{Cx, Rec, Seen, control_char, valid_id};
use crate::util::fnv::FnvMap;

/// The records of one `[[name]]` array, each with its span; an item that is not a table is
/// reported here and skipped. The items are read from the tree as they are walked, never
/// copied: a network's `[[links]]` can number in the hundreds of thousands.
pub(super) fn array_of_tables<'a, 'i>(
    cx: &mut Cx,
    root: &mut Rec<'a, 'i>,
    key: &'static str,
) -> Tables<'a, 'i> {
    let items = match root.get(key) {
        None => None,
        Some(v) => match v.as_array() {
            Some(items) => Some(items),
            None => {
                cx.at(
                    &v.span(),
                    format!("\"{key}\" must be an array of tables: write [[{key}]]"),
                );
                None
            }
        },
    };
    let mut tables = 0;
    for item in items.iter().flat_map(|a| a.iter()) {
        if item.is_table() {
            tables += 1;
        } else {
            cx.at(&item.span(), format!("each of \"{key}\" must be a table"));
        }
    }
    Tables {
        items,
        at: 0,
        end: items.map_or(0, |a| a.len()),
        left: tables,
        done: 0,
    }
}

/// Reads each of `tables` as a record with `read`, labelled `what #n` (the `n`th table) until
/// its id is read, and reports each table's keys that `read` never asked for; the records read.
pub(super) fn read_each<'a, 'i: 'a, T>(
    cx: &mut Cx,
    tables: Tables<'a, 'i>,
    what: &str,
    mut read: impl FnMut(&mut Cx, &mut Rec<'a, 'i>) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(tables.len());
    for (n, table) in tables.numbered() {
        out.extend(read_one(cx, table, what, n, &mut read));
    }
    out
}

/// One record of [`read_each`]: the `n`th table of its array, labelled `what #n`.
fn read_one<'a, 'i: 'a, T>(
    cx: &mut Cx,
    (table, span): (Table<'a, 'i>, Range<usize>),
    what: &str,
    n: usize,
    read: &mut impl FnMut(&mut Cx, &mut Rec<'a, 'i>) -> Option<T>,
) -> Option<T> {
    let mut r = Rec::new(table, span, format!("{what} #{n}"));
    let out = read(cx, &mut r);
    r.finish(cx);
    out
}

/// Records past which [`read_each_split`] reads on more than one thread.
const SPLIT_FROM: usize = 20_000;

/// [`read_each`] for a `read` that depends on no record before it, which reads a long array
/// in runs, one per core (up to four), and joins their records and problems in the order of
/// the file: the answer and its messages are those of one thread.
pub(super) fn read_each_split<'a, 'i: 'a, T: Send>(
    cx: &mut Cx,
    tables: Tables<'a, 'i>,
    what: &str,
    read: impl Fn(&mut Cx, &mut Rec<'a, 'i>) -> Option<T> + Sync,
) -> Vec<T> {
    let cores = match runs_set_by_test() {
        Some(n) => n,
        None if tables.len() < SPLIT_FROM => 1,
        None => crate::util::cores(),
    };
    if cores < 2 {
        return read_each(cx, tables, what, read);
    }
    // One slot a table, filled in place by the run that reads it: the records are never
    // copied from one vector to another, which would hold them twice at the peak.
    let mut slots: Vec<Option<T>> = Vec::new();
    slots.resize_with(tables.len(), || None);
    let mut runs = Vec::new();
    let mut rest = slots.as_mut_slice();
    for run in tables.split(cores) {
        let (mine, others) = rest.split_at_mut(run.len());
        runs.push((run, mine));
        rest = others;
    }
    let mut runs = runs.into_iter();
    let Some(own) = runs.next() else {
        return Vec::new();
    };
    let read = &read;
    let fill = move |cx: &mut Cx, (run, slots): (Tables<'a, 'i>, &mut [Option<T>])| {
        for ((n, table), slot) in run.numbered().zip(slots) {
            *slot = read_one(cx, table, what, n, &mut |cx, r| read(cx, r));
        }
    };
    // The first run is read on this thread, the others each on a thread of their own.
    let children: Vec<Cx> = std::thread::scope(|scope| {
        let workers: Vec<_> = runs
            .map(|run| {
                let mut child = cx.fork();
                scope.spawn(move || {
                    fill(&mut child, run);
                    child
                })
            })
            .collect();
        fill(cx, own);
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for child in children {
        cx.absorb(child);
    }
    // Collected in place, into the slots' own memory (an `Option<T>` of these records is the
    // size of a `T`): `flatten` would collect into a second vector, 178 MB more at 200,000
    // places.
    #[allow(clippy::filter_map_identity)]
    slots.into_iter().filter_map(|x| x).collect()
}

/// The table items of an array from `at` to `end`, with the count of those left and of
/// those before `at`.
#[derive(Clone)]
pub(super) struct Tables<'a, 'i> {
    items: Option<Array<'a, 'i>>,
    at: usize,
    end: usize,
    left: usize,
    done: usize,
}

impl<'a, 'i> Tables<'a, 'i> {
    /// Each table with its position in the whole array, from 1.
    fn numbered(self) -> impl Iterator<Item = (usize, (Table<'a, 'i>, Range<usize>))> {
        (self.done + 1..).zip(self)
    }

    /// The tables in `parts` runs of about equal length, in order.
    fn split(self, parts: usize) -> Vec<Tables<'a, 'i>> {
        let Some(items) = self.items else {
            return vec![self];
        };
        let per = self.left.div_ceil(parts.max(1)).max(1);
        let mut runs = Vec::with_capacity(parts);
        let mut run = Tables { left: 0, ..self };
        for i in self.at..self.end {
            if items.get(i).is_some_and(|v| v.is_table()) {
                if run.left == per {
                    let next = Tables {
                        at: i,
                        left: 0,
                        done: run.done + run.left,
                        ..self
                    };
                    runs.push(Tables { end: i, ..run });
                    run = next;
                }
                run.left += 1;
            }
        }
        runs.push(run);
        runs
    }
}

impl<'a, 'i> Iterator for Tables<'a, 'i> {
    type Item = (Table<'a, 'i>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let items = self.items?;
        while self.at < self.end {
            let item = items.get(self.at)?;
            self.at += 1;
            if let Some(t) = item.as_table() {
                self.left -= 1;
                self.done += 1;
                return Some((t, item.span()));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Tables<'_, '_> {}

/// Reads a record's id, checking its form and uniqueness; `label` becomes `what "id"`.
pub(super) fn read_id<'i>(
    cx: &mut Cx,
    rec: &mut Rec<'_, 'i>,
    what: &str,
    seen: &mut Seen<'i>,
) -> Option<String> {
    let (text, at) = labelled_id(cx, rec, what)?;
    if let Some(&first) = seen.get(text.as_ref()) {
        duplicate(cx, what, &text, at, first);
        return None;
    }
    let owned = text.to_string();
    seen.insert(text, at.start);
    Some(owned)
}

/// Each id defined again, by the offset of its text: the offset of its first definition.
pub(super) type Again = FnvMap<usize, usize>;

/// [`read_id`] for records read out of order: `again` holds every id of the kind that is
/// defined more than once, as [`first_ids`] gathers them.
pub(super) fn read_id_of(
    cx: &mut Cx,
    rec: &mut Rec<'_, '_>,
    what: &str,
    again: &Again,
) -> Option<String> {
    let (text, at) = labelled_id(cx, rec, what)?;
    match again.get(&at.start) {
        Some(&first) => {
            duplicate(cx, what, &text, at, first);
            None
        }
        None => Some(text.into_owned()),
    }
}

/// Every id of `tables` that [`read_id`] takes as text, each at the offset of its first
/// definition, and each later definition of one, in one pass before the records are read.
pub(super) fn first_ids<'i>(tables: Tables<'_, 'i>) -> (Seen<'i>, Again) {
    let mut seen = Seen::default();
    seen.reserve(tables.len());
    let mut again = Again::default();
    for (t, _) in tables {
        let Some(v) = t.get("id") else { continue };
        if let Some(text) = v.as_str().filter(|s| control_char(s).is_none()) {
            let at = v.span().start;
            let first = *seen.entry(text).or_insert(at);
            if first != at {
                again.insert(at, first);
            }
        }
    }
    (seen, again)
}

/// A record's id as text and its span, with its form checked; the record's label becomes
/// `what "id"`.
fn labelled_id<'i>(
    cx: &mut Cx,
    rec: &mut Rec<'_, 'i>,
    what: &str,
) -> Option<(Cow<'i, str>, Range<usize>)> {
    let id = rec.text(cx, "id", true)?;
    let at = id.span();
    let text = id.into_inner();
    rec.label.clear();
    let _ = write!(rec.label, "{what} \"{text}\"");
    if !valid_id(&text) {
        cx.at(
            &at,
            format!("{what} id \"{text}\" must use only a-z, 0-9 and '-'"),
        );
    }
    Some((text, at))
}

/// Reports an id defined again at `at`, first at offset `first`.
fn duplicate(cx: &mut Cx, what: &str, id: &str, at: Range<usize>, first: usize) {
    let msg = if cx.positions {
        let first = cx.line_of(first);
        format!("duplicate {what} id \"{id}\" (first defined on line {first})")
    } else {
        format!("duplicate {what} id \"{id}\"")
    };
    cx.at(&at, msg);
}

#[cfg(test)]
thread_local! {
    /// How many runs loads on this thread read arrays in, whatever their length: set by tests
    /// to compare one run with several.
    static RUNS: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

fn runs_set_by_test() -> Option<usize> {
    #[cfg(test)]
    return RUNS.get();
    #[cfg(not(test))]
    None
}

#[cfg(all(test, feature = "synthetic"))]
mod tests {
    use super::RUNS;
    use crate::network::Network;

    /// The load of `text` in `runs` runs: the network written back, or every problem.
    fn load(text: &str, runs: usize) -> String {
        RUNS.set(Some(runs));
        let out = match Network::from_toml_str(text) {
            Ok(net) => net.to_toml(),
            Err(e) => e.to_string(),
        };
        RUNS.set(None);
        out
    }

    #[test]
    fn records_read_in_runs_are_those_read_in_order() {
        let good = crate::load::synthetic::network(400, 3).to_toml();
        // Problems in every run: an id defined again far from its first definition, an
        // unknown end, a link with no id, a field of the wrong type, an unknown key.
        let bad = good
            .replacen("id = \"l700\"", "id = \"l3\"", 1)
            .replacen("from = \"n5\"\n", "from = \"n5x\"\n", 1)
            .replacen("id = \"l401\"\n", "", 1)
            .replacen("to = \"n399\"", "to = 399", 1)
            .replacen("mode = \"road\"", "mode = \"road\"\nspeeed_kmh = 60", 1);
        let in_order = load(&bad, 1);
        for needle in [
            "duplicate link id \"l3\" (first defined on line",
            "unknown node \"n5x\"",
            "link #402 has no \"id\"",
            "\"to\" must be a string, found integer",
            "unknown field \"speeed_kmh\" (did you mean \"speed_kmh\"?)",
        ] {
            assert!(in_order.contains(needle), "{needle} not in {in_order}");
        }
        for runs in [2, 3, 4, 7] {
            assert_eq!(load(&bad, runs), in_order, "{runs} runs");
            assert_eq!(load(&good, runs), load(&good, 1), "{runs} runs");
        }
    }
}
