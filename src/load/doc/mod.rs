//! A TOML 1.1 reader made for network files: one pass over the text into a compact tree
//! whose strings and keys stay spans of the text, decoded only when a record asks for them.
//!
//! Why not a general TOML crate: a network of 200,000 places is a 96 MB file of about five
//! million keys, and a tree of owned, individually allocated values took 2.3 GB and five
//! seconds to build. Here a key and its value take 16 bytes, strings are never copied unless
//! they hold escapes, and every table's entries share one vector. A table is walked in the
//! order of its keys (the order a `BTreeMap` gave, which records and messages relied on
//! before); a long file is parsed in parts, one per core (see [`parse`]).
//!
//! [`parse`] reads the text; [`Table`], [`Value`] and [`Array`] are borrowed handles on the
//! tree with the accessors the loader needs, each value with the span of its text.

use std::borrow::Cow;
use std::ops::Range;

use crate::util::date::Date;

mod parse;
#[cfg(test)]
mod tests;

use parse::Num;
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

/// What a node holds. Scalars keep only their span: the parser has checked them, and the
/// few a record asks for are read again from the text (a number or a date in well under a
/// microsecond), which keeps a node in 12 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    /// A string written with `'`: its text is its value.
    Literal,
    /// A string written with `"`, which may hold escapes.
    Basic,
    /// `Literal` and `Basic` with three quotes.
    MultiLiteral,
    MultiBasic,
    /// An integer, which may be beyond `i64`.
    Integer,
    Float,
    True,
    False,
    /// A local date alone: the only datetime a network file gives a meaning to.
    Date,
    /// A date with a time (and maybe an offset).
    DateTime,
    /// A time alone.
    Time,
    /// `x` is an index into [`Doc::arrays`].
    Array,
    /// An array made by `[[name]]` headers; `x` as for `Array`.
    Tables,
    /// `x` is an index into [`Doc::tables`].
    Table,
}

impl Tag {
    fn is_container(self) -> bool {
        matches!(self, Tag::Array | Tag::Tables | Tag::Table)
    }
}

/// A value: for a scalar, the byte range `start..x` of its text; for an array or a table,
/// its index in `x` (its span is kept with it).
#[derive(Debug, Clone, Copy)]
struct Node {
    start: u32,
    x: u32,
    tag: Tag,
}

impl Node {
    fn scalar(tag: Tag, span: Sp) -> Node {
        Node {
            start: span.start,
            x: span.end,
            tag,
        }
    }

    fn of(tag: Tag, index: u32) -> Node {
        Node {
            start: 0,
            x: index,
            tag,
        }
    }
}

/// The longest key the reader takes, in bytes as written: a key's length is kept in 16 bits.
const MAX_KEY: usize = u16::MAX as usize;

/// One key of a table and its value, in 16 bytes: where the key is written (quotes included)
/// and the value's [`Node`] taken apart.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key_start: u32,
    start: u32,
    x: u32,
    key_len: u16,
    tag: Tag,
}

impl Entry {
    fn new(key: Sp, node: Node) -> Entry {
        Entry {
            key_start: key.start,
            // The parser refuses keys past MAX_KEY bytes.
            key_len: (key.end - key.start) as u16,
            start: node.start,
            x: node.x,
            tag: node.tag,
        }
    }

    fn key(&self) -> Sp {
        Sp {
            start: self.key_start,
            end: self.key_start + u32::from(self.key_len),
        }
    }

    fn node(&self) -> Node {
        Node {
            start: self.start,
            x: self.x,
            tag: self.tag,
        }
    }
}

/// Tables with more keys than this are sorted by key, to be searched by halves; smaller ones
/// keep the order of the file (sorting a few keys of every record was a twentieth of a load).
const SORTED_FROM: usize = 16;

/// A table of the parsed file: its entries (a range of [`Doc::entries`], sorted by key past
/// [`SORTED_FROM`] keys) and
/// the span of its text (its header's, for a table made by one).
#[derive(Debug)]
struct TableData {
    start: u32,
    len: u32,
    span: Sp,
}

/// An array of the parsed file and the span of its text (the first header's, for an array
/// of tables).
#[derive(Debug)]
struct ArrayData {
    items: Vec<Node>,
    span: Sp,
}

/// The parsed file: every table's entries in one vector, its tables (the root first) and
/// arrays, over the text they point into.
#[derive(Debug)]
pub(crate) struct Doc<'i> {
    text: &'i str,
    entries: Vec<Entry>,
    tables: Vec<TableData>,
    arrays: Vec<ArrayData>,
}

impl<'i> Doc<'i> {
    /// The root table.
    pub(crate) fn root(&self) -> Table<'_, 'i> {
        self.table(0)
    }

    fn table(&self, t: u32) -> Table<'_, 'i> {
        let data = &self.tables[t as usize];
        let start = data.start as usize;
        Table {
            doc: self,
            entries: &self.entries[start..start + data.len as usize],
        }
    }

    fn key(&self, sp: Sp) -> Cow<'i, str> {
        key_text(self.text, sp)
    }

    fn value<'a>(&'a self, node: Node) -> Value<'a, 'i> {
        Value { doc: self, node }
    }
}

/// A table of the file.
#[derive(Clone, Copy)]
pub(crate) struct Table<'a, 'i> {
    doc: &'a Doc<'i>,
    entries: &'a [Entry],
}

impl<'a, 'i> Table<'a, 'i> {
    /// The value of `key`, if the table has it.
    pub(crate) fn get(&self, key: &str) -> Option<Value<'a, 'i>> {
        self.find(key).map(|i| self.value_at(i))
    }

    /// The position of `key` among the table's entries (the order of [`Table::iter`]).
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        let text = self.doc.text;
        let key = key.as_bytes();
        // A bare key is its own text, compared without decoding.
        let raw = |e: &Entry| &text.as_bytes()[e.key().range()];
        let quoted = |e: &Entry| matches!(raw(e).first(), Some(b'"' | b'\''));
        if self.entries.len() <= SORTED_FROM {
            // A record's few keys, in the order of the file: most differ from `key` in
            // length, which rules them out before any byte is compared.
            return self.entries.iter().position(|e| {
                let raw = raw(e);
                match raw.first() {
                    Some(b'"' | b'\'') => key_text(text, e.key()).as_bytes() == key,
                    // The first byte tells most keys of one length apart (`to` and `id`)
                    // without a call to compare them whole.
                    first => raw.len() == key.len() && first == key.first() && raw == key,
                }
            });
        }
        self.entries
            .binary_search_by(|e| {
                if quoted(e) {
                    key_text(text, e.key()).as_bytes().cmp(key)
                } else {
                    raw(e).cmp(key)
                }
            })
            .ok()
    }

    /// The value of the entry at `i` (a position [`Table::find`] gave).
    pub(crate) fn value_at(&self, i: usize) -> Value<'a, 'i> {
        self.doc.value(self.entries[i].node())
    }

    /// The number of keys.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every key with its value and its position (as [`Table::find`] gives it), in the order
    /// of the keys' text.
    pub(crate) fn iter_at(
        self,
    ) -> impl Iterator<Item = (usize, Spanned<Cow<'i, str>>, Value<'a, 'i>)> {
        let (doc, entries) = (self.doc, self.entries);
        let mut order: Vec<usize> = (0..entries.len()).collect();
        if entries.len() <= SORTED_FROM {
            // A small table is kept in the order of the file; its keys are few to sort.
            let key = |i: usize| doc.key(entries[i].key());
            order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
        }
        order.into_iter().map(move |i| {
            let e = &entries[i];
            (
                i,
                Spanned::new(e.key().range(), doc.key(e.key())),
                doc.value(e.node()),
            )
        })
    }

    /// Every key with its value, in the order of the keys' text.
    pub(crate) fn iter(self) -> impl Iterator<Item = (Spanned<Cow<'i, str>>, Value<'a, 'i>)> {
        self.iter_at().map(|(_, k, v)| (k, v))
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
        self.items.iter().map(move |&n| doc.value(n))
    }

    /// The item at `i`, if there is one.
    pub(crate) fn get(&self, i: usize) -> Option<Value<'a, 'i>> {
        self.items.get(i).map(|&n| self.doc.value(n))
    }
}

/// A value of the file, with its span.
#[derive(Clone, Copy)]
pub(crate) struct Value<'a, 'i> {
    doc: &'a Doc<'i>,
    node: Node,
}

impl<'a, 'i> Value<'a, 'i> {
    /// The byte range of the value's text: a header's for a table made by one.
    pub(crate) fn span(&self) -> Range<usize> {
        let n = self.node;
        match n.tag {
            Tag::Table => self.doc.tables[n.x as usize].span.range(),
            Tag::Array | Tag::Tables => self.doc.arrays[n.x as usize].span.range(),
            _ => n.start as usize..n.x as usize,
        }
    }

    /// The text of a scalar as written.
    fn raw(&self) -> &'i str {
        debug_assert!(!self.node.tag.is_container());
        &self.doc.text[self.node.start as usize..self.node.x as usize]
    }

    /// The TOML type, as messages name it.
    pub(crate) fn type_str(&self) -> &'static str {
        match self.node.tag {
            Tag::Literal | Tag::Basic | Tag::MultiLiteral | Tag::MultiBasic => "string",
            Tag::Integer => "integer",
            Tag::Float => "float",
            Tag::True | Tag::False => "boolean",
            Tag::Date | Tag::DateTime | Tag::Time => "datetime",
            Tag::Array | Tag::Tables => "array",
            Tag::Table => "table",
        }
    }

    /// The string, decoded.
    pub(crate) fn as_str(&self) -> Option<Cow<'i, str>> {
        let (basic, multi) = match self.node.tag {
            Tag::Literal => (false, false),
            Tag::Basic => (true, false),
            Tag::MultiLiteral => (false, true),
            Tag::MultiBasic => (true, true),
            _ => return None,
        };
        let text = self.raw();
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
        match self.node.tag {
            Tag::True => Some(true),
            Tag::False => Some(false),
            _ => None,
        }
    }

    /// The number, read again from its checked text.
    fn num(&self) -> Option<Num> {
        matches!(self.node.tag, Tag::Integer | Tag::Float).then(|| parse::number(self.raw()))
    }

    /// An integer that fits an `i64`.
    pub(crate) fn integer(&self) -> Option<i64> {
        match self.num()? {
            Num::Int(i) => Some(i),
            _ => None,
        }
    }

    /// An integer or a float; an integer too large for `i64` is still a number (which its
    /// rule may then refuse) when written in decimal.
    pub(crate) fn number(&self) -> Option<f64> {
        match self.num()? {
            Num::Int(i) => Some(i as f64),
            Num::BigInt(x) => x,
            Num::Float(x) => Some(x),
        }
    }

    /// The date of a date or of a date and time.
    fn date_part(&self) -> Option<Date> {
        matches!(self.node.tag, Tag::Date | Tag::DateTime).then(|| parse::date(self.raw()))
    }

    /// A local date with no time.
    pub(crate) fn date(&self) -> Option<Date> {
        if self.node.tag == Tag::Date {
            self.date_part()
        } else {
            None
        }
    }

    pub(crate) fn as_array(&self) -> Option<Array<'a, 'i>> {
        match self.node.tag {
            Tag::Array | Tag::Tables => Some(Array {
                doc: self.doc,
                items: &self.doc.arrays[self.node.x as usize].items,
            }),
            _ => None,
        }
    }

    pub(crate) fn as_table(&self) -> Option<Table<'a, 'i>> {
        match self.node.tag {
            Tag::Table => Some(self.doc.table(self.node.x)),
            _ => None,
        }
    }

    pub(crate) fn is_table(&self) -> bool {
        self.node.tag == Tag::Table
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
