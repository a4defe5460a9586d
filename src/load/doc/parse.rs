//! Text to [`Doc`] in one pass, by the rules of TOML 1.1: every string, number, date and key
//! checked as it is read, each table defined once, and each problem at its byte offset. After
//! a syntax error the reader skips to the next line that starts a key or a header and goes on,
//! so one file reports its syntax errors together.

use std::collections::HashMap;
use std::ops::Range;

mod scalar;

use super::{ArrayData, Doc, Entry, MAX_KEY, Node, SORTED_FROM, Sp, TableData, Tag, key_text};
pub(super) use scalar::{Num, checked_date as date, checked_number as number};

/// How deep arrays and inline tables may nest, and how many parts a dotted key may have.
const MAX_DEPTH: usize = 100;

/// Syntax errors past which the reader stops.
const MAX_ERRORS: usize = 100;

/// Tables with more keys than this find a key through a hash index while they are read.
const INDEX_FROM: usize = 16;

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

/// A table while the file is read: its entries in the order of the text, how it was made
/// and its span.
struct Building {
    entries: Vec<Entry>,
    kind: Kind,
    span: Sp,
}

/// A syntax error: its byte offset and what is wrong.
type Error = (usize, String);
type R<T> = Result<T, Error>;

/// Text past which [`parse`] reads in parts, one per core.
const PARTS_FROM: usize = 4 << 20;

/// Reads `text` into a tree, with every syntax error found. The tree is whole only when there
/// are none.
///
/// A long text is read in parts, one per core, each from a line that opens an array of
/// tables (`[[links]]`), and the parts' trees joined. That is sound only where the sequential
/// reader would build the same tree, so the parts are joined only when every one reads without
/// an error and each part's top-level keys either are new or add to an array of tables the
/// parts before it made; otherwise the text is read again in one pass, which also gives every
/// error in the order one pass finds them.
pub(crate) fn parse(text: &str) -> (Doc<'_>, Vec<Error>) {
    if text.len() >= PARTS_FROM && u32::try_from(text.len()).is_ok() {
        if let Some(doc) = parse_parts(text, &cuts(text, crate::util::cores())) {
            return (doc, Vec::new());
        }
    }
    let mut p = Parser::new(text, 0..text.len());
    if u32::try_from(text.len()).is_err() {
        let msg = "the file is 4 GiB or more, larger than a network file may be";
        p.errors.push((0, msg.to_string()));
    } else {
        p.document();
    }
    p.finish()
}

/// Where to cut `text` into about `parts` parts: the start of the first line after each
/// `k/parts` of the text that opens with `[[`.
pub(super) fn cuts(text: &str, parts: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    for k in 1..parts {
        let from = (text.len() * k / parts).max(cuts.last().map_or(0, |&c| c + 1));
        let after = text.as_bytes().get(from..).unwrap_or_default();
        match after.windows(3).position(|w| w == b"\n[[") {
            Some(at) => cuts.push(from + at + 1),
            None => break,
        }
    }
    cuts
}

/// The tree of `text` read in the parts `cuts` make, each on a thread of its own, or `None`
/// when the parts cannot be joined into the tree one pass would build (see [`parse`]).
pub(super) fn parse_parts<'i>(text: &'i str, cuts: &[usize]) -> Option<Doc<'i>> {
    if cuts.is_empty() {
        return None;
    }
    let ends = cuts.iter().copied().chain([text.len()]);
    let ranges: Vec<_> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(ends)
        .collect();
    let read = |(start, end): (usize, usize)| {
        let mut p = Parser::new(text, start..end);
        p.document();
        p
    };
    let mut parts: Vec<Parser<'i>> = std::thread::scope(|scope| {
        let others: Vec<_> = ranges[1..]
            .iter()
            .map(|&r| scope.spawn(move || read(r)))
            .collect();
        let first = read(ranges[0]);
        std::iter::once(first)
            .chain(
                others
                    .into_iter()
                    .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
            )
            .collect()
    });
    if parts.iter().any(|p| !p.errors.is_empty()) {
        return None;
    }
    let mut first = parts.remove(0);
    for part in parts {
        first.join(part).ok()?;
    }
    Some(first.finish().0)
}

struct Parser<'i> {
    text: &'i str,
    s: &'i [u8],
    /// The byte being read.
    i: usize,
    tables: Vec<Building>,
    arrays: Vec<ArrayData>,
    /// Key → entry, for each table past [`INDEX_FROM`] keys.
    index: HashMap<u32, HashMap<std::borrow::Cow<'i, str>, u32>>,
    errors: Vec<Error>,
}

/// A key as written: its first part and any dotted parts after it.
struct Path {
    head: Sp,
    rest: Vec<Sp>,
}

impl Path {
    fn len(&self) -> usize {
        1 + self.rest.len()
    }

    fn part(&self, k: usize) -> Sp {
        if k == 0 { self.head } else { self.rest[k - 1] }
    }

    fn last(&self) -> Sp {
        self.part(self.len() - 1)
    }
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Whether a line reads as the start of a header (`[a.b]`, `[[a]]`) or of a key and `=`,
/// after any indentation: where reading may start again after a syntax error.
fn starts_a_record(line: &[u8]) -> bool {
    let blanks = |i: usize| {
        i + line[i..]
            .iter()
            .take_while(|&&c| matches!(c, b' ' | b'\t'))
            .count()
    };
    let mut i = blanks(0);
    let header = line.get(i) == Some(&b'[');
    if header {
        i += if line.get(i + 1) == Some(&b'[') { 2 } else { 1 };
    }
    // A key: parts bare or quoted (on one line), joined by dots, blanks allowed between.
    loop {
        i = blanks(i);
        match line.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                match line[i + 1..].iter().position(|&c| c == q || c == b'\n') {
                    Some(p) if line[i + 1 + p] == q => i += p + 2,
                    _ => return false,
                }
            }
            Some(&c) if is_bare(c) => i += line[i..].iter().take_while(|&&c| is_bare(c)).count(),
            _ => return false,
        }
        i = blanks(i);
        if line.get(i) != Some(&b'.') {
            return line.get(i) == Some(if header { &b']' } else { &b'=' });
        }
        i += 1;
    }
}

/// The control characters TOML refuses in strings and comments (all but tab).
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

impl<'i> Parser<'i> {
    /// A reader of `range` of `text` (the whole text, or a part that starts a line), its
    /// spans offsets into the whole text.
    fn new(text: &'i str, range: Range<usize>) -> Parser<'i> {
        let mut i = range.start;
        if i == 0 && text.starts_with('\u{feff}') {
            i = 3;
        }
        Parser {
            text,
            s: &text.as_bytes()[..range.end],
            i,
            tables: vec![Building {
                entries: Vec::new(),
                kind: Kind::Header,
                span: Sp::new(0, 0),
            }],
            arrays: Vec::new(),
            index: HashMap::new(),
            errors: Vec::new(),
        }
    }

    /// Adds the tree of `next`, the part of the text right after this one's, as one pass
    /// would have read it on from here; `Err` where that cannot be told from the two trees.
    fn join(&mut self, next: Parser<'i>) -> Result<(), ()> {
        let (tables, arrays) = (self.tables.len() as u32, self.arrays.len() as u32);
        let moved = |n: Node| match n.tag {
            Tag::Table => Node::of(Tag::Table, n.x + tables),
            Tag::Array | Tag::Tables => Node::of(n.tag, n.x + arrays),
            _ => n,
        };
        let mut next_tables = next.tables;
        let root = std::mem::take(&mut next_tables[0].entries);
        for t in &mut next_tables {
            for e in &mut t.entries {
                *e = Entry::new(e.key(), moved(e.node()));
            }
        }
        let mut next_arrays = next.arrays;
        for a in &mut next_arrays {
            for n in &mut a.items {
                *n = moved(*n);
            }
        }
        self.tables.extend(next_tables);
        self.arrays.extend(next_arrays);
        for e in root {
            let node = moved(e.node());
            match self.lookup(0, e.key()) {
                None => self.insert(0, e.key(), node),
                Some(mine) => {
                    let mine = self.node(0, mine);
                    if mine.tag != Tag::Tables || node.tag != Tag::Tables {
                        return Err(());
                    }
                    let items = std::mem::take(&mut self.arrays[node.x as usize].items);
                    self.arrays[mine.x as usize].items.extend(items);
                }
            }
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    fn rest(&self) -> &'i [u8] {
        &self.s[self.i.min(self.s.len())..]
    }

    fn finish(self) -> (Doc<'i>, Vec<Error>) {
        let text = self.text;
        // Every table's entries go into one vector, each table's freed as it is copied, so
        // the tree holds no slack from growth and no allocation per table while records are
        // read.
        let total = self.tables.iter().map(|t| t.entries.len()).sum();
        let mut entries = Vec::with_capacity(total);
        let tables = self
            .tables
            .into_iter()
            .map(|mut t| {
                if t.entries.len() > SORTED_FROM {
                    // Keys are unique within a table, so no order between equals to keep.
                    t.entries.sort_unstable_by(|a, b| {
                        key_text(text, a.key()).cmp(&key_text(text, b.key()))
                    });
                }
                let start = entries.len() as u32;
                entries.extend_from_slice(&t.entries);
                TableData {
                    start,
                    len: t.entries.len() as u32,
                    span: t.span,
                }
            })
            .collect();
        let mut arrays = self.arrays;
        arrays.shrink_to_fit();
        for a in &mut arrays {
            a.items.shrink_to_fit();
        }
        let doc = Doc {
            text,
            entries,
            tables,
            arrays,
        };
        (doc, self.errors)
    }

    fn document(&mut self) {
        let mut current = 0;
        while self.i < self.s.len() {
            if let Err(e) = self.line(&mut current) {
                self.errors.push(e);
                if self.errors.len() >= MAX_ERRORS {
                    let msg = format!("stopped reading after {MAX_ERRORS} syntax errors");
                    self.errors.push((self.i.min(self.s.len()), msg));
                    return;
                }
                self.recover();
            }
        }
    }

    /// One line: blank, a comment, a header or a key and its value.
    fn line(&mut self, current: &mut u32) -> R<()> {
        self.ws();
        match self.peek() {
            None => return Ok(()),
            Some(b'[') => match self.header() {
                Ok(t) => *current = t,
                Err(e) => {
                    // What follows a bad header goes to a table of its own, not the last one.
                    *current = self.new_table(Kind::Header, Sp::new(self.i, self.i), 0);
                    return Err(e);
                }
            },
            Some(b'#' | b'\n' | b'\r') => {}
            Some(_) => self.keyval(*current, 0)?,
        }
        self.end_of_line()
    }

    /// After a syntax error: on to the next line that reads as a header or as a key and `=`
    /// (indented or not, the key bare, quoted or dotted), so the next error is reported too.
    /// Lines that cannot start a record, such as the items of an array the error broke off,
    /// are passed over rather than reported again.
    fn recover(&mut self) {
        loop {
            match self.rest().iter().position(|&b| b == b'\n') {
                None => {
                    self.i = self.s.len();
                    return;
                }
                Some(p) => self.i += p + 1,
            }
            if starts_a_record(self.rest()) {
                return;
            }
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Blanks, line breaks and comments, as arrays and inline tables allow between items.
    fn blank(&mut self) -> R<()> {
        loop {
            self.ws();
            match self.peek() {
                Some(b'\n') => self.i += 1,
                Some(b'\r') if self.at(1) == Some(b'\n') => self.i += 2,
                Some(b'#') => self.comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn comment(&mut self) -> R<()> {
        while let Some(c) = self.peek() {
            if c == b'\n' || (c == b'\r' && self.at(1) == Some(b'\n')) {
                break;
            }
            if is_control(c) {
                return Err(self.control(c, "a comment"));
            }
            self.i += 1;
        }
        Ok(())
    }

    fn end_of_line(&mut self) -> R<()> {
        self.ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.i += 1;
                Ok(())
            }
            Some(b'\r') if self.at(1) == Some(b'\n') => {
                self.i += 2;
                Ok(())
            }
            Some(_) => Err(self.unexpected("the end of the line")),
        }
    }

    fn unexpected(&self, what: &str) -> Error {
        let found = match self.text.get(self.i..).and_then(|t| t.chars().next()) {
            None => "the end of the file".to_string(),
            Some('\n' | '\r') => "the end of the line".to_string(),
            Some(c) if c.is_control() => format!("the control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        };
        (self.i, format!("expected {what}, found {found}"))
    }

    fn control(&self, c: u8, place: &str) -> Error {
        let msg = if c == b'\r' {
            format!("a carriage return without a line feed in {place}")
        } else {
            format!(
                "the control character U+{c:04X} in {place}; write it as an escape in a basic string"
            )
        };
        (self.i, msg)
    }

    /// A new table made as `kind` says, at `span`, with room for `room` keys.
    fn new_table(&mut self, kind: Kind, span: Sp, room: usize) -> u32 {
        self.tables.push(Building {
            entries: Vec::with_capacity(room),
            kind,
            span,
        });
        (self.tables.len() - 1) as u32
    }

    fn new_array(&mut self, items: Vec<Node>, span: Sp) -> u32 {
        self.arrays.push(ArrayData { items, span });
        (self.arrays.len() - 1) as u32
    }

    fn name(&self, sp: Sp) -> std::borrow::Cow<'i, str> {
        key_text(self.text, sp)
    }

    /// The entry of `key` in table `t`, if any.
    fn lookup(&mut self, t: u32, key: Sp) -> Option<usize> {
        let text = self.text;
        let name = key_text(text, key);
        let entries = &self.tables[t as usize].entries;
        if entries.len() <= INDEX_FROM {
            return entries.iter().position(|e| key_text(text, e.key()) == name);
        }
        let index = self.index.entry(t).or_insert_with(|| {
            let keys = entries.iter().map(|e| key_text(text, e.key()));
            keys.zip(0..).collect()
        });
        index.get(&name).map(|&i| i as usize)
    }

    fn insert(&mut self, t: u32, key: Sp, node: Node) {
        let entries = &mut self.tables[t as usize].entries;
        entries.push(Entry::new(key, node));
        let at = (entries.len() - 1) as u32;
        // Only a table past INDEX_FROM keys can have an index: most never look one up.
        if at as usize <= INDEX_FROM {
            return;
        }
        if let Some(index) = self.index.get_mut(&t) {
            index.insert(key_text(self.text, key), at);
        }
    }

    /// The table a part of a dotted name or header (`a` in `a.b`) opens in table `t`: a new
    /// one made as `kind` when `t` has no such key, else `Err` with what the key holds, for
    /// the caller to accept or refuse.
    fn part(&mut self, t: u32, part: Sp, kind: Kind) -> Result<u32, Node> {
        match self.lookup(t, part) {
            None => {
                let n = self.new_table(kind, part, 0);
                self.insert(t, part, Node::of(Tag::Table, n));
                Ok(n)
            }
            Some(e) => Err(self.node(t, e)),
        }
    }

    fn node(&self, t: u32, e: usize) -> Node {
        self.tables[t as usize].entries[e].node()
    }

    /// The table an array of tables ends with, where a header under its name adds.
    fn last_table(&self, array: u32) -> u32 {
        match self.arrays[array as usize].items.last() {
            Some(n) if n.tag == Tag::Table => n.x,
            _ => unreachable!("an array of tables holds tables"),
        }
    }

    fn kind(&self, t: u32) -> Kind {
        self.tables[t as usize].kind
    }

    /// `[a.b]` or `[[a.b]]`: the table the lines after it fill.
    fn header(&mut self) -> R<u32> {
        let start = self.i;
        self.i += 1;
        let of_tables = self.peek() == Some(b'[');
        if of_tables {
            self.i += 1;
        }
        self.ws();
        let path = self.key_path()?;
        self.ws();
        let close: &[u8] = if of_tables { b"]]" } else { b"]" };
        if !self.rest().starts_with(close) {
            let what = if of_tables {
                "`]]` to close the header"
            } else {
                "`]` to close the header"
            };
            return Err(self.unexpected(what));
        }
        self.i += close.len();
        let span = Sp::new(start, self.i);
        let full = &self.text[path.head.start as usize..path.last().end as usize];
        let mut t = 0;
        for k in 0..path.len() - 1 {
            let part = path.part(k);
            t = match self.part(t, part, Kind::Implicit) {
                Ok(n) => n,
                Err(Node {
                    tag: Tag::Table,
                    x: n,
                    ..
                }) if self.kind(n) != Kind::Inline => n,
                Err(Node {
                    tag: Tag::Tables,
                    x: a,
                    ..
                }) => self.last_table(a),
                Err(_) => {
                    let msg = format!(
                        "\"{}\" is already a value, so [{full}] cannot be a table in it",
                        self.name(part)
                    );
                    return Err((part.start as usize, msg));
                }
            };
        }
        let last = path.last();
        let found = self.lookup(t, last);
        match (found, of_tables) {
            (None, false) => {
                let n = self.new_table(Kind::Header, span, 0);
                self.insert(t, last, Node::of(Tag::Table, n));
                Ok(n)
            }
            (None, true) => {
                let n = self.new_table(Kind::Header, span, 0);
                let index = self.new_array(vec![Node::of(Tag::Table, n)], span);
                self.insert(t, last, Node::of(Tag::Tables, index));
                Ok(n)
            }
            (Some(e), false) => match self.node(t, e) {
                Node {
                    tag: Tag::Table,
                    x: n,
                    ..
                } if self.kind(n) == Kind::Implicit => {
                    let table = &mut self.tables[n as usize];
                    table.kind = Kind::Header;
                    table.span = span;
                    Ok(n)
                }
                _ => Err((start, format!("the table [{full}] is defined twice"))),
            },
            (Some(e), true) => match self.node(t, e) {
                Node {
                    tag: Tag::Tables,
                    x: a,
                    ..
                } => {
                    // The records of an array are alike: room for as many keys as the last.
                    let room = self.tables[self.last_table(a) as usize].entries.len();
                    let n = self.new_table(Kind::Header, span, room);
                    self.arrays[a as usize].items.push(Node::of(Tag::Table, n));
                    Ok(n)
                }
                _ => {
                    let msg = format!(
                        "[[{full}]] adds to \"{full}\", which is already defined as something else than an array of tables"
                    );
                    Err((start, msg))
                }
            },
        }
    }

    /// `a`, `"a b"` or `a.b.c`, with blanks allowed around the dots.
    fn key_path(&mut self) -> R<Path> {
        let mut path = Path {
            head: self.simple_key()?,
            rest: Vec::new(),
        };
        loop {
            let before = self.i;
            self.ws();
            if self.peek() != Some(b'.') {
                self.i = before;
                return Ok(path);
            }
            self.i += 1;
            self.ws();
            path.rest.push(self.simple_key()?);
            if path.len() > MAX_DEPTH {
                let msg = format!("a dotted key of more than {MAX_DEPTH} parts");
                return Err((path.head.start as usize, msg));
            }
        }
    }

    fn simple_key(&mut self) -> R<Sp> {
        let start = self.i;
        let key = match self.peek() {
            Some(b'"') if self.rest().starts_with(b"\"\"\"") => {
                Err((start, "a key cannot be a multi-line string".to_string()))
            }
            Some(b'\'') if self.rest().starts_with(b"'''") => {
                Err((start, "a key cannot be a multi-line string".to_string()))
            }
            Some(q @ (b'"' | b'\'')) => {
                self.string(q)?;
                Ok(Sp::new(start, self.i))
            }
            Some(c) if is_bare(c) => {
                while self.peek().is_some_and(is_bare) {
                    self.i += 1;
                }
                Ok(Sp::new(start, self.i))
            }
            _ => Err(self.unexpected("a key")),
        }?;
        if self.i - start > MAX_KEY {
            let msg =
                format!("a key of more than {MAX_KEY} bytes, longer than a network file needs");
            return Err((start, msg));
        }
        Ok(key)
    }

    /// `key = value` into table `t`; dotted parts make or extend tables of dotted keys.
    fn keyval(&mut self, t: u32, depth: usize) -> R<()> {
        let path = self.key_path()?;
        self.ws();
        if self.peek() != Some(b'=') {
            return Err(self.unexpected("`=` after the key"));
        }
        self.i += 1;
        self.ws();
        let node = self.value(depth)?;
        let mut t = t;
        for k in 0..path.len() - 1 {
            let part = path.part(k);
            t = match self.part(t, part, Kind::Dotted) {
                Ok(n) => n,
                Err(Node {
                    tag: Tag::Table,
                    x: n,
                    ..
                }) if self.kind(n) == Kind::Dotted => n,
                Err(_) => {
                    let msg = format!(
                        "\"{}\" is already defined, so a dotted key cannot add to it",
                        self.name(part)
                    );
                    return Err((part.start as usize, msg));
                }
            };
        }
        let last = path.last();
        if self.lookup(t, last).is_some() {
            let msg = format!("duplicate key \"{}\"", self.name(last));
            return Err((last.start as usize, msg));
        }
        self.insert(t, last, node);
        Ok(())
    }

    fn value(&mut self, depth: usize) -> R<Node> {
        let start = self.i;
        let tag = match self.peek() {
            Some(q @ (b'"' | b'\'')) => self.string(q)?,
            Some(b't') if self.rest().starts_with(b"true") => {
                self.i += 4;
                Tag::True
            }
            Some(b'f') if self.rest().starts_with(b"false") => {
                self.i += 5;
                Tag::False
            }
            Some(b'[' | b'{') if depth >= MAX_DEPTH => {
                let msg = format!("arrays and inline tables nested more than {MAX_DEPTH} deep");
                return Err((start, msg));
            }
            Some(b'[') => return self.array(depth + 1),
            Some(b'{') => return self.inline_table(depth + 1),
            Some(c) if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'i' | b'n') => {
                self.number_or_date()?
            }
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node::scalar(tag, Sp::new(start, self.i)))
    }

    fn array(&mut self, depth: usize) -> R<Node> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.blank()?;
            if self.peek() == Some(b']') {
                self.i += 1;
                break;
            }
            items.push(self.value(depth)?);
            self.blank()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.unexpected("`,` or `]` in the array")),
            }
        }
        let index = self.new_array(items, Sp::new(start, self.i));
        Ok(Node::of(Tag::Array, index))
    }

    fn inline_table(&mut self, depth: usize) -> R<Node> {
        let start = self.i;
        self.i += 1;
        let t = self.new_table(Kind::Dotted, Sp::new(start, start), 0);
        loop {
            self.blank()?;
            if self.peek() == Some(b'}') {
                self.i += 1;
                break;
            }
            self.keyval(t, depth)?;
            self.blank()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.unexpected("`,` or `}` in the inline table")),
            }
        }
        self.tables[t as usize].span = Sp::new(start, self.i);
        // Closed: neither headers nor dotted keys outside may add to it or its dotted parts.
        let mut stack = vec![t];
        while let Some(n) = stack.pop() {
            self.tables[n as usize].kind = Kind::Inline;
            for e in &self.tables[n as usize].entries {
                if e.tag == Tag::Table && self.tables[e.x as usize].kind == Kind::Dotted {
                    stack.push(e.x);
                }
            }
        }
        Ok(Node::of(Tag::Table, t))
    }
}
