//! `corridors._corridors`: the native half of the Python package.
//!
//! Every answer crosses into Python as the JSON the CLI prints with `--json` (the same serde
//! shapes, by construction), and every query arrives as a small JSON object the pure-Python
//! layer (`corridors/__init__.py`) writes from its keyword arguments. So this file only
//! parses options, calls the library and turns its errors into Python exceptions; the
//! idiom (classes, docstrings, frames) lives in Python.
//!
//! No call may panic into Python: each runs under `catch_unwind`, and a panic (a bug of the
//! library) becomes a `RuntimeError` naming it. Queries release the GIL while they run.

use std::panic::{AssertUnwindSafe, catch_unwind};

use corridors as c;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;

mod edit;
mod query;

/// What a call into the library can go wrong with, before it becomes a Python exception.
enum Failure {
    /// A network that does not load.
    Load(c::LoadError),
    /// A query the network cannot answer.
    Query(c::QueryError),
    /// An option that is not one of its spellings (a metric, mode, status or date).
    Spelling { what: &'static str, message: String },
    /// Options the Python layer passed in a shape that does not parse (a wrong type).
    Options(String),
    /// A panic: a bug of the library.
    Panic(String),
}

impl From<c::QueryError> for Failure {
    fn from(e: c::QueryError) -> Failure {
        Failure::Query(e)
    }
}

impl From<c::LoadError> for Failure {
    fn from(e: c::LoadError) -> Failure {
        Failure::Load(e)
    }
}

type Outcome<T> = Result<T, Failure>;

/// Runs `f` with the GIL released and any panic caught.
fn guarded<T: Send>(py: Python<'_>, f: impl FnOnce() -> Outcome<T> + Send) -> PyResult<T> {
    let result = py.detach(|| {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            Err(Failure::Panic(what))
        })
    });
    result.map_err(|f| to_pyerr(py, f))
}

/// An exception class of `corridors._errors`, where they are defined in Python with their
/// attributes; `None` when the native module is used without its package.
fn error_class<'py>(py: Python<'py>, name: &str) -> Option<Bound<'py, PyAny>> {
    py.import("corridors._errors")
        .and_then(|m| m.getattr(name))
        .ok()
}

/// An instance of an exception class of `corridors._errors`, made with `args`.
fn exception<'py, A: pyo3::call::PyCallArgs<'py>>(
    py: Python<'py>,
    name: &str,
    args: A,
    message: &str,
) -> PyErr {
    match error_class(py, name) {
        Some(class) => match class.call1(args) {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        },
        None => PyValueError::new_err(message.to_string()),
    }
}

fn to_pyerr(py: Python<'_>, failure: Failure) -> PyErr {
    match failure {
        Failure::Load(e) => {
            let message = e.to_string();
            let problems = serde_json::to_string(e.problems()).unwrap_or_else(|_| "[]".into());
            exception(py, "LoadError", (message.as_str(), problems), &message)
        }
        Failure::Query(e) => {
            let message = e.to_string();
            let (kind, id, suggestion) = match &e {
                c::QueryError::UnknownId {
                    kind,
                    id,
                    suggestion,
                } => (Some(kind.as_str()), Some(id.clone()), suggestion.clone()),
                _ => (None, None, None),
            };
            exception(
                py,
                "QueryError",
                (message.as_str(), kind, id, suggestion),
                &message,
            )
        }
        Failure::Spelling { what, message } => exception(
            py,
            "QueryError",
            (message.as_str(), Some(what), None::<String>, None::<String>),
            &message,
        ),
        Failure::Options(message) => PyValueError::new_err(message),
        Failure::Panic(what) => PyRuntimeError::new_err(format!(
            "corridors panicked, which is a bug (please report it with the call): {what}"
        )),
    }
}

/// Parses the Python layer's options.
fn options<T: DeserializeOwned>(json: &str) -> Outcome<T> {
    serde_json::from_str(json).map_err(|e| Failure::Options(format!("bad options: {e}")))
}

/// A report as JSON, as the CLI prints it (compact: Python parses it).
fn to_json<T: serde::Serialize>(value: &T) -> Outcome<String> {
    serde_json::to_string(value).map_err(|e| Failure::Options(e.to_string()))
}

/// Parses one of a spelt enum's spellings (metric, mode, status).
fn spelt<T: std::str::FromStr<Err = String>>(what: &'static str, s: &str) -> Outcome<T> {
    s.parse()
        .map_err(|message| Failure::Spelling { what, message })
}

/// A loaded network: the records and the search engine built on first use.
#[pyclass(frozen, module = "corridors._corridors", name = "Network")]
struct PyNetwork {
    net: c::Network,
}

/// What `records` can list.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Records {
    Nodes,
    Links,
    Corridors,
    Scenarios,
    Sources,
    Projects,
    Demands,
    Tariffs,
    Crossings,
    Parameters,
    Summary,
}

#[pymethods]
impl PyNetwork {
    /// The bundled trans-Afghan network.
    #[staticmethod]
    fn trans_afghan() -> PyNetwork {
        PyNetwork {
            net: c::Network::trans_afghan(),
        }
    }

    /// A network file read from disk.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyNetwork> {
        guarded(py, || Ok(c::Network::from_path(&path)?)).map(|net| PyNetwork { net })
    }

    /// A network from the text of a network file.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: String) -> PyResult<PyNetwork> {
        guarded(py, || Ok(c::Network::from_toml_str(&text)?)).map(|net| PyNetwork { net })
    }

    /// The network written as a network file.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        guarded(py, || Ok(self.net.to_toml()))
    }

    /// The network's name.
    #[getter]
    fn name(&self) -> String {
        self.net.name().to_string()
    }

    /// Records of one kind as a JSON array, as `corridors nodes --json` prints them.
    fn records(&self, py: Python<'_>, kind: &str) -> PyResult<String> {
        let kind = kind.to_string();
        guarded(py, || {
            let kind: Records = options(&format!("\"{}\"", kind.escape_default()))?;
            let n = &self.net;
            match kind {
                Records::Nodes => to_json(&n.nodes()),
                Records::Links => to_json(&n.links()),
                Records::Corridors => to_json(&n.corridors()),
                Records::Scenarios => to_json(&n.scenarios()),
                Records::Sources => to_json(&n.sources()),
                Records::Projects => to_json(&n.projects()),
                Records::Demands => to_json(&n.demands()),
                Records::Tariffs => to_json(&n.tariffs()),
                Records::Crossings => to_json(&n.crossings()),
                Records::Parameters => to_json(&n.parameters()),
                Records::Summary => to_json(&n.summary()),
            }
        })
    }

    /// Answers one query: `kind` names the analysis, `opts` is its options as JSON; the answer
    /// is the report's JSON.
    fn query(&self, py: Python<'_>, kind: &str, opts: &str) -> PyResult<String> {
        guarded(py, || query::run(&self.net, kind, opts))
    }

    /// A sensitivity report's tornado as SVG, its `top` largest swings.
    #[staticmethod]
    fn tornado_svg(py: Python<'_>, report: &str, top: usize) -> PyResult<String> {
        guarded(py, || {
            let s: c::Sensitivity = options(report)?;
            Ok(s.svg(top))
        })
    }

    /// A map of the network with layers, as SVG (`format = "svg"`) or GeoJSON.
    fn map(&self, py: Python<'_>, spec: &str, format: &str) -> PyResult<String> {
        guarded(py, || query::map(&self.net, spec, format))
    }

    /// A new network: this one with edits applied (a JSON array of operations), built and
    /// checked by the loader's rules.
    fn edit(&self, py: Python<'_>, ops: &str) -> PyResult<PyNetwork> {
        guarded(py, || edit::apply(&self.net, ops)).map(|net| PyNetwork { net })
    }

    /// Whether two networks hold the same records.
    fn same_records(&self, other: &PyNetwork) -> bool {
        self.net == other.net
    }
}

#[pymodule]
fn _corridors(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNetwork>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
