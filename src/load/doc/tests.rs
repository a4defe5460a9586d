//! The reader against the toml crate, a full TOML 1.1 implementation: on the bundled network,
//! on every fixture and on thousands of seeded random documents and mutations of them, both
//! accept or both reject, and what both accept reads to the same values.

use std::fmt::Write as _;

use super::parse::{cuts, parse_parts};
use super::{Table, Tag, Value, parse};

/// A value in one canonical text, whichever reader read it.
fn ours(v: Value<'_, '_>, out: &mut String) {
    match v.node.tag {
        Tag::Literal | Tag::Basic | Tag::MultiLiteral | Tag::MultiBasic => {
            write!(out, "s{:?}", v.as_str().unwrap()).unwrap()
        }
        Tag::Integer => match v.integer() {
            Some(i) => write!(out, "i{i}").unwrap(),
            None => out.push_str("bigint"),
        },
        Tag::Float => float(v.number().unwrap(), out),
        Tag::True | Tag::False => write!(out, "b{}", v.as_bool().unwrap()).unwrap(),
        Tag::Date | Tag::DateTime | Tag::Time => {
            let date = v.date_part().map(|d| d.to_string()).unwrap_or_default();
            write!(out, "d{date}/{}", v.node.tag != Tag::Date).unwrap();
        }
        Tag::Array | Tag::Tables => {
            out.push('[');
            for x in v.as_array().unwrap().iter() {
                ours(x, out);
                out.push(',');
            }
            out.push(']');
        }
        Tag::Table => our_table(v.as_table().unwrap(), out),
    }
}

fn our_table(t: Table<'_, '_>, out: &mut String) {
    out.push('{');
    for (k, v) in t.iter() {
        write!(out, "{:?}=", k.get_ref()).unwrap();
        ours(v, out);
        out.push(',');
    }
    out.push('}');
}

fn float(x: f64, out: &mut String) {
    if x.is_nan() {
        out.push_str("fnan");
    } else {
        write!(out, "f{x:?}").unwrap();
    }
}

fn theirs(v: &toml::Value, out: &mut String) {
    match v {
        toml::Value::String(s) => write!(out, "s{s:?}").unwrap(),
        toml::Value::Integer(i) => write!(out, "i{i}").unwrap(),
        toml::Value::Float(x) => float(*x, out),
        toml::Value::Boolean(b) => write!(out, "b{b}").unwrap(),
        toml::Value::Datetime(d) => {
            let date = d
                .date
                .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
                .unwrap_or_default();
            write!(out, "d{date}/{}", d.time.is_some()).unwrap();
        }
        toml::Value::Array(a) => {
            out.push('[');
            for x in a {
                theirs(x, out);
                out.push(',');
            }
            out.push(']');
        }
        toml::Value::Table(t) => their_table(t, out),
    }
}

fn their_table(t: &toml::Table, out: &mut String) {
    out.push('{');
    for (k, v) in t {
        write!(out, "{k:?}=").unwrap();
        theirs(v, out);
        out.push(',');
    }
    out.push('}');
}

/// Both readers on `text`: `None` when both reject it, else both canonical trees; panics
/// when one accepts what the other rejects.
fn agree(text: &str) -> Option<String> {
    let (doc, errors) = parse(text);
    let mine = errors.is_empty().then(|| {
        let mut s = String::new();
        our_table(doc.root(), &mut s);
        s
    });
    let other = text.parse::<toml::Table>().ok().map(|t| {
        let mut s = String::new();
        their_table(&t, &mut s);
        s
    });
    // An integer past i64 is read (to be refused by its field's rule, with a clearer
    // message), where the toml crate rejects the file.
    if mine.as_ref().is_some_and(|m| m.contains("bigint")) && other.is_none() {
        return None;
    }
    // The toml crate reads a value on the line after `key =` inside an inline table; TOML
    // 1.1's grammar allows only blanks around the `=` (`keyval-sep = ws %x3D ws`).
    if mine.is_none()
        && other.is_some()
        && errors
            .iter()
            .all(|(_, m)| m == "expected a value, found the end of the line")
    {
        return None;
    }
    match (mine, other) {
        (None, None) => None,
        (Some(m), Some(o)) => {
            assert_eq!(m, o, "the readers read different values from:\n{text}");
            Some(m)
        }
        (m, o) => panic!(
            "ours {} and the toml crate {} this document:\n{text}\nour errors: {:?}",
            if m.is_some() { "accepts" } else { "rejects" },
            if o.is_some() { "accepts" } else { "rejects" },
            errors,
        ),
    }
}

/// `text` read in parts cut at every line that opens with `[[`: when the parts can be joined,
/// the tree must be the one a single pass reads (`whole`, its canonical text, `None` when one
/// pass rejects the text). Whether they were joined.
fn parts_agree(text: &str, whole: Option<&str>) -> bool {
    let cuts: Vec<usize> = text.match_indices("\n[[").map(|(i, _)| i + 1).collect();
    parts_agree_at(text, &cuts, whole)
}

fn parts_agree_at(text: &str, cuts: &[usize], whole: Option<&str>) -> bool {
    let Some(doc) = parse_parts(text, cuts) else {
        return false;
    };
    let mut joined = String::new();
    our_table(doc.root(), &mut joined);
    assert_eq!(
        Some(joined.as_str()),
        whole,
        "read in parts at {cuts:?}, a different tree from:\n{text}"
    );
    true
}

/// A small xorshift generator, so that every run tries the same documents.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Few key names, so that random documents also redefine keys and tables.
const KEYS: &[&str] = &[
    "a",
    "b",
    "id",
    "x-1",
    "\"a\"",
    "'b'",
    "\"q\\u00e9\"",
    "a.b",
    "b.c",
];

const SCALARS: &[&str] = &[
    "\"plain\"",
    "\"tab\\there\"",
    "\"esc \\e \\x41 \\u00e9 \\U0001F600 \\\\ \\\"\"",
    "'lit\\eral'",
    "\"\"\"\nmulti\\\n   line\"\"\"",
    "'''\nraw\nlines'''",
    "\"\"",
    "0",
    "-17",
    "+42",
    "1_000",
    "0xdead_beef",
    "0o755",
    "0b1101",
    "3.25",
    "-0.5e-3",
    "6.02E23",
    "1_0.5",
    "inf",
    "-nan",
    "true",
    "false",
    "2025-03-01",
    "2025-03-01T07:32:00Z",
    "2025-03-01 07:32",
    "07:32:00.5",
    "1979-05-27T00:32:00.999999-07:00",
    "9223372036854775807",
];

fn value(rng: &mut Rng, depth: usize, out: &mut String) {
    match if depth < 3 { rng.below(10) } else { 9 } {
        0 => {
            out.push('[');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push_str(rng.pick(&[", ", ",\n  ", " , # note\n"]));
                }
                value(rng, depth + 1, out);
            }
            out.push_str(rng.pick(&["]", ",]", "\n]"]));
        }
        1 => {
            out.push('{');
            for i in 0..rng.below(3) {
                if i > 0 {
                    out.push_str(", ");
                }
                write!(out, "{} = ", rng.pick(KEYS)).unwrap();
                value(rng, depth + 1, out);
            }
            out.push('}');
        }
        _ => out.push_str(rng.pick(SCALARS)),
    }
}

fn document(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(4) {
        write!(out, "{} = ", rng.pick(KEYS)).unwrap();
        value(rng, 0, &mut out);
        out.push_str(rng.pick(&["\n", " # c\n", "\r\n"]));
    }
    for _ in 0..rng.below(5) {
        let name = rng.pick(&["t", "t.u", "aot", "aot.v", "\"t\".w", "a"]);
        if rng.below(2) == 0 {
            writeln!(out, "\n[{name}]").unwrap();
        } else {
            writeln!(out, "\n[[{name}]]").unwrap();
        }
        for _ in 0..rng.below(4) {
            write!(out, "{} = ", rng.pick(KEYS)).unwrap();
            value(rng, 0, &mut out);
            out.push('\n');
        }
    }
    out
}

/// Some characters that matter to TOML, to break documents with.
const NOISE: &[&str] = &[
    "\"", "'", "[", "]", "{", "}", "=", ",", ".", "\n", " ", "#", "\\", "_", "0", "e", ":", "-",
    "\u{0}", "\u{7f}", "é",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..=rng.below(3) {
        let cuts: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
        let at = cuts[rng.below(cuts.len())];
        match rng.below(3) {
            0 if at < s.len() => {
                let end = cuts[cuts.iter().position(|&c| c == at).unwrap() + 1];
                s.replace_range(at..end, "");
            }
            _ => s.insert_str(at, rng.pick(NOISE)),
        }
    }
    s
}

#[test]
fn agrees_with_the_toml_crate_on_the_bundled_network_and_every_fixture() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = vec![std::path::PathBuf::from(root).join("corridors.toml")];
    let mut dirs = vec![std::path::PathBuf::from(root).join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 20, "{} files", files.len());
    let mut accepted = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        accepted += usize::from(agree(&text).is_some());
    }
    assert!(accepted > 10, "{accepted} of {} files read", files.len());
    let bundled = include_str!("../../../corridors.toml");
    let whole = agree(bundled);
    assert!(whole.is_some());
    assert!(parts_agree(bundled, whole.as_deref()));
    // The cuts `parse` makes itself: at lines that open an array of tables, in order.
    let cuts = cuts(bundled, 4);
    assert_eq!(cuts.len(), 3, "{cuts:?}");
    assert!(cuts.is_sorted() && cuts.iter().all(|&c| bundled[c..].starts_with("[[")));
    assert!(parts_agree_at(bundled, &cuts, whole.as_deref()));
}

#[test]
fn agrees_with_the_toml_crate_on_random_documents_and_their_mutations() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut accepted, mut rejected, mut joined) = (0, 0, 0);
    for _ in 0..3000 {
        let text = document(&mut rng);
        for candidate in [
            text.clone(),
            mutate(&mut rng, &text),
            mutate(&mut rng, &text),
        ] {
            let whole = agree(&candidate);
            joined += usize::from(parts_agree(&candidate, whole.as_deref()));
            match whole {
                Some(_) => accepted += 1,
                None => rejected += 1,
            }
        }
    }
    // Both kinds in numbers, or the test proves little.
    assert!(
        accepted > 1000 && rejected > 1000 && joined > 300,
        "{accepted} read, {rejected} refused, {joined} read in parts and joined"
    );
}

#[test]
fn a_float_beyond_the_largest_says_so() {
    let (_, errors) = parse("x = 1e999\ny = -2.5E400\nz = 1e99_\n");
    let messages: Vec<(usize, &str)> = errors.iter().map(|(at, m)| (*at, m.as_str())).collect();
    assert_eq!(
        messages,
        [
            (4, "the number `1e999` is too large for a float"),
            (14, "the number `-2.5E400` is too large for a float"),
            (27, "invalid number `1e99_`"),
        ]
    );
}

#[test]
fn a_key_past_65535_bytes_is_refused_where_it_starts() {
    let long = "k".repeat(70_000);
    let msg = "a key of more than 65535 bytes, longer than a network file needs";
    for (text, at) in [
        (format!("a = 1\n{long} = 2\nb = 3\n"), 6),
        (format!("a = 1\n[t]\n\"{long}\" = 3\n"), 10),
    ] {
        let (_, errors) = parse(&text);
        let messages: Vec<(usize, &str)> = errors.iter().map(|(at, m)| (*at, m.as_str())).collect();
        assert_eq!(messages, [(at, msg)]);
    }
    // One byte under the limit is a key like any other.
    let text = format!("{} = 1\n", "k".repeat(65_535));
    let (doc, errors) = parse(&text);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(doc.root().len(), 1);
}

/// Each document has two syntax errors; both are reported, at these lines and columns, and
/// nothing else is: after the first, reading starts again at the next line that reads as a
/// header or a key, however it is indented or quoted, and not at the items of a broken array.
#[test]
fn after_a_syntax_error_the_next_record_is_read_however_it_starts() {
    let cases: [(&str, [(usize, usize); 2]); 6] = [
        ("a = \"x\nb = \"y\n", [(1, 7), (2, 7)]),
        ("a = \"x\n\"quoted key\" = \"y\n", [(1, 7), (2, 18)]),
        ("a = \"x\n'literal key' = \"y\n", [(1, 7), (2, 19)]),
        ("[t]\na = \"x\n  indented = \"y\n", [(2, 7), (3, 16)]),
        ("a = \"x\n  [t]\n  b.\"c\" . d = \"y\n", [(1, 7), (3, 17)]),
        (
            "a = [1, 2 3,\n  \"two\",\n  'three' ,\n  # c\n\nb = \"y\n",
            [(1, 11), (6, 7)],
        ),
    ];
    for (text, want) in cases {
        let (_, errors) = parse(text);
        let got: Vec<(usize, usize)> = errors
            .iter()
            .map(|(at, _)| {
                let before = &text[..*at];
                let line = before.matches('\n').count() + 1;
                (line, at - before.rfind('\n').map_or(0, |n| n + 1) + 1)
            })
            .collect();
        assert_eq!(got, want, "{text:?}: {errors:?}");
    }
}
