//! The crate's layers form a DAG: each file may use only the layers below its own (see
//! ARCHITECTURE.md). This reads the `crate::` paths of every file under `src/` and fails on an
//! edge that goes up, or on a path that hides its layer behind a root re-export.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each layer and the layers it may use (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("util", &[]),
    ("error", &["util"]),
    ("model", &["util", "error"]),
    ("engine", &["model", "util", "error"]),
    ("network", &["engine", "model", "util", "error"]),
    ("load", &["network", "model", "util", "error"]),
    ("analysis", &["network", "engine", "model", "util", "error"]),
    ("output", &["analysis", "network", "model", "util", "error"]),
];

/// The layer a file under `src/` belongs to: its folder, or its name for a top-level file.
/// `lib.rs` (the index) and `bin/` (a separate crate, public API only) have none.
fn layer_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    let layer = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (layer != "lib" && layer != "bin").then_some(layer)
}

/// The first segment of every `crate::` path in code (comments are skipped).
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            let after = &rest[i + "crate::".len()..];
            // `$crate::` in a macro and `::crate` never occur here; skip identifiers like
            // `mycrate::` that merely end in "crate".
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                let seg: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !seg.is_empty() {
                    out.insert(seg);
                }
            }
            rest = after;
        }
    }
    out
}

/// Every violation in a set of (file, text) pairs.
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let layers: Vec<&str> = ALLOWED.iter().map(|(l, _)| *l).collect();
    let mut out = Vec::new();
    for (rel, text) in files {
        let Some(layer) = layer_of(rel) else {
            continue;
        };
        let Some((_, may)) = ALLOWED.iter().find(|(l, _)| *l == layer) else {
            out.push(format!("{}: not in a known layer", rel.display()));
            continue;
        };
        for used in crate_paths(text) {
            if used == layer || may.contains(&used.as_str()) {
                continue;
            }
            if layers.contains(&used.as_str()) {
                out.push(format!(
                    "{}: layer {layer} uses crate::{used}, above it or beside it",
                    rel.display()
                ));
            } else {
                out.push(format!(
                    "{}: crate::{used} hides its layer: import it from its module",
                    rel.display()
                ));
            }
        }
    }
    out
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).expect("a source file");
            out.push((p.strip_prefix(root).expect("under src").to_path_buf(), text));
        }
    }
}

#[test]
fn no_import_goes_up_a_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 20, "read only {} files", files.len());
    let bad = violations(&files);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn an_upward_import_is_caught() {
    let files = vec![
        (
            PathBuf::from("engine/graph.rs"),
            "use crate::analysis::Filter;\nuse crate::model::Mode;\n".to_string(),
        ),
        (
            PathBuf::from("model/mod.rs"),
            "// crate::engine in a comment is fine\nlet n: crate::Network;\n".to_string(),
        ),
        (
            PathBuf::from("output/map.rs"),
            "use crate::engine::View;\n".to_string(),
        ),
        (
            PathBuf::from("analysis/route/mod.rs"),
            "use crate::engine::{START, View};\nuse crate::network::Network;\n".to_string(),
        ),
    ];
    assert_eq!(
        violations(&files),
        [
            "engine/graph.rs: layer engine uses crate::analysis, above it or beside it",
            "model/mod.rs: crate::Network hides its layer: import it from its module",
            "output/map.rs: layer output uses crate::engine, above it or beside it",
        ]
    );
}

#[test]
fn no_source_file_is_too_long() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|(p, t)| (p, t.lines().count()))
        .filter(|&(_, n)| n > 900)
        .map(|(p, n)| format!("{}: {n} lines", p.display()))
        .collect();
    assert!(long.is_empty(), "split these files: {}", long.join(", "));
}
