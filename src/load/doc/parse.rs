//! Text to [`Doc`] in one pass, by the rules of TOML 1.1: every string, number, date and key
//! checked as it is read, each table defined once, and each problem at its byte offset. After
//! a syntax error the reader skips to the next line that starts a key or a header and goes on,
//! so one file reports its syntax errors together.

use std::collections::HashMap;

mod scalar;

use super::{Doc, Entry, Kind, Node, Sp, TableData, Val, key_text};

/// How deep arrays and inline tables may nest, and how many parts a dotted key may have.
const MAX_DEPTH: usize = 100;

/// Syntax errors past which the reader stops.
const MAX_ERRORS: usize = 100;

/// Tables with more keys than this find a key through a hash index while they are read.
const INDEX_FROM: usize = 16;

/// A syntax error: its byte offset and what is wrong.
type Error = (usize, String);
type R<T> = Result<T, Error>;

/// Reads `text` into a tree, with every syntax error found. The tree is whole only when there
/// are none.
pub(crate) fn parse(text: &str) -> (Doc<'_>, Vec<Error>) {
    let mut p = Parser {
        text,
        s: text.as_bytes(),
        i: 0,
        tables: vec![TableData {
            entries: Vec::new(),
            kind: Kind::Header,
        }],
        arrays: Vec::new(),
        index: HashMap::new(),
        errors: Vec::new(),
    };
    if u32::try_from(text.len()).is_err() {
        let msg = "the file is 4 GiB or more, larger than a network file may be";
        p.errors.push((0, msg.to_string()));
    } else {
        if text.starts_with('\u{feff}') {
            p.i = 3;
        }
        p.document();
    }
    p.finish()
}

struct Parser<'i> {
    text: &'i str,
    s: &'i [u8],
    /// The byte being read.
    i: usize,
    tables: Vec<TableData>,
    arrays: Vec<Vec<Node>>,
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

/// The control characters TOML refuses in strings and comments (all but tab).
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

impl<'i> Parser<'i> {
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
        let mut tables = self.tables;
        for t in &mut tables {
            // Keys are unique within a table, so no order between equals to keep.
            t.entries
                .sort_unstable_by(|a, b| key_text(text, a.key).cmp(&key_text(text, b.key)));
        }
        // The tree outlives the parse while records are read: give back what growth left over.
        tables.shrink_to_fit();
        let mut arrays = self.arrays;
        arrays.shrink_to_fit();
        for a in &mut arrays {
            a.shrink_to_fit();
        }
        let doc = Doc {
            text,
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
                    *current = self.new_table(Kind::Header);
                    return Err(e);
                }
            },
            Some(b'#' | b'\n' | b'\r') => {}
            Some(_) => self.keyval(*current, 0)?,
        }
        self.end_of_line()
    }

    /// After a syntax error: on to the next line that starts a header or a key.
    fn recover(&mut self) {
        loop {
            match self.rest().iter().position(|&b| b == b'\n') {
                None => {
                    self.i = self.s.len();
                    return;
                }
                Some(p) => self.i += p + 1,
            }
            match self.peek() {
                Some(c) if c == b'[' || c == b'#' || c == b'\n' || is_bare(c) => return,
                None => return,
                _ => {}
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

    fn new_table(&mut self, kind: Kind) -> u32 {
        self.tables.push(TableData {
            entries: Vec::new(),
            kind,
        });
        (self.tables.len() - 1) as u32
    }

    fn new_array(&mut self, items: Vec<Node>) -> u32 {
        self.arrays.push(items);
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
            return entries.iter().position(|e| key_text(text, e.key) == name);
        }
        let index = self.index.entry(t).or_insert_with(|| {
            let keys = entries.iter().map(|e| key_text(text, e.key));
            keys.zip(0..).collect()
        });
        index.get(&name).map(|&i| i as usize)
    }

    fn insert(&mut self, t: u32, key: Sp, node: Node) {
        let entries = &mut self.tables[t as usize].entries;
        entries.push(Entry { key, node });
        let at = (entries.len() - 1) as u32;
        // Only a table past INDEX_FROM keys can have an index: most never look one up.
        if at as usize <= INDEX_FROM {
            return;
        }
        if let Some(index) = self.index.get_mut(&t) {
            index.insert(key_text(self.text, key), at);
        }
    }

    fn node(&self, t: u32, e: usize) -> Node {
        self.tables[t as usize].entries[e].node
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
            t = match self.lookup(t, part) {
                None => {
                    let n = self.new_table(Kind::Implicit);
                    let node = Node {
                        span: part,
                        val: Val::Table(n),
                    };
                    self.insert(t, part, node);
                    n
                }
                Some(e) => match self.node(t, e).val {
                    Val::Table(n) if self.kind(n) != Kind::Inline => n,
                    Val::Array {
                        index,
                        of_tables: true,
                    } => match self.arrays[index as usize].last().map(|n| n.val) {
                        Some(Val::Table(n)) => n,
                        _ => unreachable!("an array of tables holds tables"),
                    },
                    _ => {
                        let msg = format!(
                            "\"{}\" is already a value, so [{full}] cannot be a table in it",
                            self.name(part)
                        );
                        return Err((part.start as usize, msg));
                    }
                },
            };
        }
        let last = path.last();
        let found = self.lookup(t, last);
        let table = Node {
            span,
            val: Val::Table(0),
        };
        match (found, of_tables) {
            (None, false) => {
                let n = self.new_table(Kind::Header);
                self.insert(
                    t,
                    last,
                    Node {
                        val: Val::Table(n),
                        ..table
                    },
                );
                Ok(n)
            }
            (None, true) => {
                let n = self.new_table(Kind::Header);
                let index = self.new_array(vec![Node {
                    val: Val::Table(n),
                    ..table
                }]);
                let val = Val::Array {
                    index,
                    of_tables: true,
                };
                self.insert(t, last, Node { span, val });
                Ok(n)
            }
            (Some(e), false) => match self.node(t, e).val {
                Val::Table(n) if self.kind(n) == Kind::Implicit => {
                    self.tables[n as usize].kind = Kind::Header;
                    self.tables[t as usize].entries[e].node.span = span;
                    Ok(n)
                }
                _ => Err((start, format!("the table [{full}] is defined twice"))),
            },
            (Some(e), true) => match self.node(t, e).val {
                Val::Array {
                    index,
                    of_tables: true,
                } => {
                    let n = self.new_table(Kind::Header);
                    self.arrays[index as usize].push(Node {
                        val: Val::Table(n),
                        ..table
                    });
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
        match self.peek() {
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
        }
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
            t = match self.lookup(t, part) {
                None => {
                    let n = self.new_table(Kind::Dotted);
                    self.insert(
                        t,
                        part,
                        Node {
                            span: part,
                            val: Val::Table(n),
                        },
                    );
                    n
                }
                Some(e) => match self.node(t, e).val {
                    Val::Table(n) if self.kind(n) == Kind::Dotted => n,
                    _ => {
                        let msg = format!(
                            "\"{}\" is already defined, so a dotted key cannot add to it",
                            self.name(part)
                        );
                        return Err((part.start as usize, msg));
                    }
                },
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
        let val = match self.peek() {
            Some(q @ (b'"' | b'\'')) => self.string(q)?,
            Some(b't') if self.rest().starts_with(b"true") => {
                self.i += 4;
                Val::Bool(true)
            }
            Some(b'f') if self.rest().starts_with(b"false") => {
                self.i += 5;
                Val::Bool(false)
            }
            Some(b'[' | b'{') if depth >= MAX_DEPTH => {
                let msg = format!("arrays and inline tables nested more than {MAX_DEPTH} deep");
                return Err((start, msg));
            }
            Some(b'[') => self.array(depth + 1)?,
            Some(b'{') => self.inline_table(depth + 1)?,
            Some(c) if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'i' | b'n') => {
                self.number_or_date()?
            }
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node {
            span: Sp::new(start, self.i),
            val,
        })
    }

    fn array(&mut self, depth: usize) -> R<Val> {
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
        let index = self.new_array(items);
        Ok(Val::Array {
            index,
            of_tables: false,
        })
    }

    fn inline_table(&mut self, depth: usize) -> R<Val> {
        self.i += 1;
        let t = self.new_table(Kind::Dotted);
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
        // Closed: neither headers nor dotted keys outside may add to it or its dotted parts.
        let mut stack = vec![t];
        while let Some(n) = stack.pop() {
            self.tables[n as usize].kind = Kind::Inline;
            for e in &self.tables[n as usize].entries {
                if let Val::Table(c) = e.node.val {
                    if self.tables[c as usize].kind == Kind::Dotted {
                        stack.push(c);
                    }
                }
            }
        }
        Ok(Val::Table(t))
    }
}
