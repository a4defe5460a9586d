//! A TOML 1.1 reader made for network files: one pass over the text into a compact tree
//! whose strings and keys stay spans of the text, decoded only when a record asks for them.
//!
//! Why not a general TOML crate: a network of 200,000 places is a 96 MB file of about five
//! million keys, and a tree of owned, individually allocated values took 2.3 GB and five
//! seconds to build. Here a key and its value take 32 bytes, strings are never copied unless
//! they hold escapes, and a table's entries are one vector, sorted once by key (the order a
//! `BTreeMap` would give, which records and messages relied on before).
//!
//! [`parse`] reads the text; [`Table`], [`Value`] and [`Array`] are borrowed handles on the
//! tree with the accessors the loader needs, each value with the span of its text.

use std::borrow::Cow;
use std::ops::Range;

use crate::util::date::Date;

mod parse;
#[cfg(test)]
mod tests;

pub(super) use parse::parse;

/// A value read from the file and the byte range of its text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub(crate) fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    pub(crate) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub(crate) fn get_ref(&self) -> &T {
        &self.value
    }

    pub(crate) fn into_inner(self) -> T {
        self.value
    }
}

/// A byte range of the text, in half the space of a `Range<usize>` (files are under 4 GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Sp {
    start: u32,
    end: u32,
}

impl Sp {
    fn new(start: usize, end: usize) -> Sp {
        Sp {
            start: start as u32,
            end: end as u32,
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value as parsed; strings are their node's span less the quotes.
#[derive(Debug, Clone, Copy)]
enum Val {
    /// `basic`: written with `"`, so it may hold escapes; `multi`: with three quotes.
    Str {
        basic: bool,
        multi: bool,
    },
    Int(i64),
    /// An integer beyond `i64`: its value as a float when written in decimal.
    BigInt(Option<f64>),
    Float(f64),
    Bool(bool),
    /// A date, a time or both; only a date alone means anything to a network file.
    Datetime {
        date: Option<Date>,
        time: bool,
    },
    /// An index into [`Doc::arrays`]; `of_tables` when made by `[[name]]` headers.
    Array {
        index: u32,
        of_tables: bool,
    },
    /// An index into [`Doc::tables`].
    Table(u32),
}

#[derive(Debug, Clone, Copy)]
struct Node {
    span: Sp,
    val: Val,
}

/// One key of a table: the span of the key as written (quotes included) and its value.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Sp,
    node: Node,
}

/// How a table came to be, which decides what may add to it later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Named on the way to a header (`a` in `[a.b]`): a later `[a]` may still define it.
    Implicit,
    /// Defined by a `[name]` or `[[name]]` header.
    Header,
    /// Made by a dotted key (`a.b = 1`): more dotted keys may add to it, no header may.
    Dotted,
    /// Written inline (`{ … }`): closed.
    Inline,
}

#[derive(Debug)]
struct TableData {
    entries: Vec<Entry>,
    kind: Kind,
}

/// The parsed file: its tables (the root first) and arrays, over the text they point into.
#[derive(Debug)]
pub(crate) struct Doc<'i> {
    text: &'i str,
    tables: Vec<TableData>,
    arrays: Vec<Vec<Node>>,
}

impl<'i> Doc<'i> {
    /// The root table.
    pub(crate) fn root(&self) -> Table<'_, 'i> {
        Table {
            doc: self,
            data: &self.tables[0],
        }
    }

    fn key(&self, sp: Sp) -> Cow<'i, str> {
        key_text(self.text, sp)
    }

    fn value<'a>(&'a self, node: &'a Node) -> Value<'a, 'i> {
        Value { doc: self, node }
    }
}

/// A table of the file.
#[derive(Clone, Copy)]
pub(crate) struct Table<'a, 'i> {
    doc: &'a Doc<'i>,
    data: &'a TableData,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The value of `key`, if the table has it.
    pub(crate) fn get(&self, key: &str) -> Option<Value<'a, 'i>> {
        self.find(key)
            .map(|i| self.doc.value(&self.data.entries[i].node))
    }

    /// The position of `key` among the table's entries (the order of [`Table::iter`]).
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        let text = self.doc.text;
        // A bare key is its own text, compared without decoding.
        let order = |e: &Entry| {
            let raw = &text.as_bytes()[e.key.range()];
            match raw.first() {
                Some(b'"' | b'\'') => key_text(text, e.key).as_bytes().cmp(key.as_bytes()),
                _ => raw.cmp(key.as_bytes()),
            }
        };
        let entries = &self.data.entries;
        if entries.len() <= 16 {
            // A record's few keys: most differ from `key` in length or first byte, which
            // rules them out at once.
            return entries.iter().position(|e| order(e).is_eq());
        }
        entries.binary_search_by(order).ok()
    }

    /// The value of the entry at `i` (a position [`Table::find`] gave).
    pub(crate) fn value_at(&self, i: usize) -> Value<'a, 'i> {
        self.doc.value(&self.data.entries[i].node)
    }

    /// The number of keys.
    pub(crate) fn len(&self) -> usize {
        self.data.entries.len()
    }

    /// Every key, in the order of their text, with its value.
    pub(crate) fn iter(self) -> impl Iterator<Item = (Spanned<Cow<'i, str>>, Value<'a, 'i>)> {
        let doc = self.doc;
        self.data.entries.iter().map(move |e| {
            (
                Spanned::new(e.key.range(), doc.key(e.key)),
                doc.value(&e.node),
            )
        })
    }
}

/// An array of the file, inline or made by `[[name]]` headers.
#[derive(Clone, Copy)]
pub(crate) struct Array<'a, 'i> {
    doc: &'a Doc<'i>,
    items: &'a [Node],
}

impl<'a, 'i> Array<'a, 'i> {
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = Value<'a, 'i>> {
        let doc = self.doc;
        self.items.iter().map(move |n| doc.value(n))
    }

    /// The item at `i`, if there is one.
    pub(crate) fn get(&self, i: usize) -> Option<Value<'a, 'i>> {
        self.items.get(i).map(|n| self.doc.value(n))
    }
}

/// A value of the file, with its span.
#[derive(Clone, Copy)]
pub(crate) struct Value<'a, 'i> {
    doc: &'a Doc<'i>,
    node: &'a Node,
}

impl<'a, 'i> Value<'a, 'i> {
    /// The byte range of the value's text: a header's for a table made by one.
    pub(crate) fn span(&self) -> Range<usize> {
        self.node.span.range()
    }

    /// The TOML type, as messages name it.
    pub(crate) fn type_str(&self) -> &'static str {
        match self.node.val {
            Val::Str { .. } => "string",
            Val::Int(_) | Val::BigInt(_) => "integer",
            Val::Float(_) => "float",
            Val::Bool(_) => "boolean",
            Val::Datetime { .. } => "datetime",
            Val::Array { .. } => "array",
            Val::Table(_) => "table",
        }
    }

    /// The string, decoded.
    pub(crate) fn as_str(&self) -> Option<Cow<'i, str>> {
        let Val::Str { basic, multi } = self.node.val else {
            return None;
        };
        let text = &self.doc.text[self.node.span.range()];
        let q = if multi { 3 } else { 1 };
        let mut inner = &text[q..text.len() - q];
        if multi {
            // A line break right after the opening quotes is not part of the string.
            inner = inner
                .strip_prefix('\n')
                .or_else(|| inner.strip_prefix("\r\n"))
                .unwrap_or(inner);
        }
        Some(if basic {
            unescape(inner)
        } else {
            Cow::Borrowed(inner)
        })
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.node.val {
            Val::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// An integer that fits an `i64`.
    pub(crate) fn integer(&self) -> Option<i64> {
        match self.node.val {
            Val::Int(i) => Some(i),
            _ => None,
        }
    }

    /// An integer or a float; an integer too large for `i64` is still a number (which its
    /// rule may then refuse) when written in decimal.
    pub(crate) fn number(&self) -> Option<f64> {
        match self.node.val {
            Val::Int(i) => Some(i as f64),
            Val::BigInt(x) => x,
            Val::Float(x) => Some(x),
            _ => None,
        }
    }

    /// A local date with no time.
    pub(crate) fn date(&self) -> Option<Date> {
        match self.node.val {
            Val::Datetime { date, time: false } => date,
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<Array<'a, 'i>> {
        match self.node.val {
            Val::Array { index, .. } => Some(Array {
                doc: self.doc,
                items: &self.doc.arrays[index as usize],
            }),
            _ => None,
        }
    }

    pub(crate) fn as_table(&self) -> Option<Table<'a, 'i>> {
        match self.node.val {
            Val::Table(t) => Some(Table {
                doc: self.doc,
                data: &self.doc.tables[t as usize],
            }),
            _ => None,
        }
    }

    pub(crate) fn is_table(&self) -> bool {
        matches!(self.node.val, Val::Table(_))
    }
}

/// The text of the key written at `sp` of `text`: bare, or quoted and decoded.
fn key_text(text: &str, sp: Sp) -> Cow<'_, str> {
    let raw = &text[sp.range()];
    match raw.as_bytes().first() {
        Some(b'"') => unescape(&raw[1..raw.len() - 1]),
        Some(b'\'') => Cow::Borrowed(&raw[1..raw.len() - 1]),
        _ => Cow::Borrowed(raw),
    }
}

/// The text of a basic string between its quotes, its escapes resolved. The parser has
/// checked every escape, so none fails here.
fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else { break };
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        match e {
            'b' => out.push('\u{8}'),
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'f' => out.push('\u{c}'),
            'r' => out.push('\r'),
            'e' => out.push('\u{1b}'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'x' => out.push(hex(&mut chars, 2)),
            'u' => out.push(hex(&mut chars, 4)),
            'U' => out.push(hex(&mut chars, 8)),
            // A backslash at the end of a line: the line break and the blanks after it go.
            _ => {
                while chars
                    .next_if(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                    .is_some()
                {}
            }
        }
    }
    Cow::Owned(out)
}
