//! The loader never panics: whatever the text, it answers `Ok` or `Err`, and an `Err` lists
//! problems with sane positions, in file order.

use corridors::Network;
use proptest::prelude::*;

const SMALL: &str = include_str!("fixtures/small.toml");

/// Loads `text` and checks the shape of the answer; a panic inside the loader fails the case.
fn check(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = Network::from_toml_str(text) {
        let problems = e.problems();
        prop_assert!(!problems.is_empty(), "an error without problems");
        let lines = text.split('\n').count();
        for p in problems {
            prop_assert_eq!(&p.path, "<string>");
            prop_assert!(
                p.line >= 1 && p.line <= lines,
                "line {} of {}",
                p.line,
                lines
            );
            prop_assert!(p.column >= 1, "column {}", p.column);
            prop_assert!(!p.message.is_empty());
        }
        prop_assert!(
            problems
                .windows(2)
                .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)),
            "problems out of order"
        );
    }
    Ok(())
}

/// Characters that make up TOML, plus a few multi-byte ones to test column counting.
fn toml_char() -> impl Strategy<Value = char> {
    prop::sample::select(
        "[]{}=\"'.,#\n\r\t -_+:0123456789abcdefghijklmnopqrstuvwxyzTZEe\\é→😀\u{0}"
            .chars()
            .collect::<Vec<_>>(),
    )
}

#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Replace { at: usize, len: usize, text: String },
}

fn edit() -> impl Strategy<Value = Edit> {
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(toml_char(), 1..8).prop_map(|c| c.into_iter().collect())
    }
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), text()).prop_map(|(at, text)| Edit::Insert { at, text }),
        (any::<usize>(), 1..10usize, text()).prop_map(|(at, len, text)| Edit::Replace {
            at,
            len,
            text
        }),
    ]
}

/// Applies `e` to `s`, counting positions in characters so that every cut is on a boundary.
fn apply(s: &str, e: &Edit) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    match e {
        Edit::Delete { at, len } => {
            let at = at % (n + 1);
            chars.drain(at..(at + len).min(n));
        }
        Edit::Insert { at, text } => {
            let at = at % (n + 1);
            chars.splice(at..at, text.chars());
        }
        Edit::Replace { at, len, text } => {
            let at = at % (n + 1);
            chars.splice(at..(at + len).min(n), text.chars());
        }
    }
    chars.into_iter().collect()
}

/// A TOML string literal, escaped.
fn toml_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "north",
            "bridge",
            "middle",
            "port",
            "far",
            "rail",
            "road",
            "sea",
            "operational",
            "planned",
            "city",
            "port",
            "AF",
            "UZ",
            "",
            "test-corridor",
            "north-bridge-rail",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ]
    .prop_map(|s| quote(&s))
}

/// `s` as a TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Any TOML value, as text: scalars of every type and some nesting.
fn toml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        toml_string(),
        any::<i64>().prop_map(|i| i.to_string()),
        (-3i64..3000).prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|f| {
            if f.is_nan() {
                "nan".to_string()
            } else if f.is_infinite() {
                if f > 0.0 { "inf" } else { "-inf" }.to_string()
            } else {
                format!("{f:?}")
            }
        }),
        prop::sample::select(vec![
            "nan",
            "+nan",
            "-nan",
            "inf",
            "+inf",
            "-inf",
            "-0.0",
            "0",
            "-1",
            "1e308",
            "1e-308",
            "0x7fffffffffffffff",
            "-9223372036854775808",
            "0o17",
            "0b101",
            "1_000",
            "true",
            "false",
            "2025-10-12",
            "1979-05-27T07:32:00Z",
            "1979-05-27T00:32:00.999999-07:00",
            "1979-05-27T07:32:00",
            "07:32:00",
            "2025-02-30",
            "0000-01-01",
            "[]",
            "{}",
            "[[\"UZ\", \"AF\"]]",
            "[[\"UZ\"]]",
            "[1, 2]",
            "{ north-bridge-rail = 0.5 }",
            "{ hours = -1, usd_per_t = nan }",
        ])
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(("[a-z_]{1,12}", inner), 0..4).prop_map(|kv| {
                let fields: Vec<String> =
                    kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", fields.join(", "))
            }),
        ]
    })
}

/// The byte ranges of every `key = value` value in small.toml.
fn value_ranges() -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in SMALL.split_inclusive('\n') {
        if let Some(eq) = line.find(" = ") {
            if !line.starts_with('#') {
                out.push(start + eq + 3..start + line.trim_end().len());
            }
        }
        start += line.len();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn toml_ish_text_never_panics(chars in prop::collection::vec(toml_char(), 0..200)) {
        check(&chars.into_iter().collect::<String>())?;
    }

    #[test]
    fn edited_small_network_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
        let text = edits.iter().fold(SMALL.to_string(), |s, e| apply(&s, e));
        check(&text)?;
    }

    #[test]
    fn any_value_in_any_field_never_panics(
        picks in prop::collection::vec((any::<prop::sample::Index>(), toml_value()), 1..4),
    ) {
        let ranges = value_ranges();
        let mut chosen: Vec<(std::ops::Range<usize>, String)> = picks
            .into_iter()
            .map(|(i, v)| (ranges[i.index(ranges.len())].clone(), v))
            .collect();
        // Replace from the end so that earlier ranges stay valid; skip a range chosen twice.
        chosen.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        chosen.dedup_by_key(|(r, _)| r.start);
        let mut text = SMALL.to_string();
        for (r, v) in chosen {
            text.replace_range(r, &v);
        }
        check(&text)?;
    }
}

#[test]
fn every_field_of_small_is_reachable() {
    // The value ranges cover the fields the replacement test aims at.
    let ranges = value_ranges();
    assert!(ranges.len() > 80, "{}", ranges.len());
    assert_eq!(&SMALL[ranges[0].clone()], "\"Small test network\"");
    Network::from_toml_str(SMALL).unwrap();
}
