//! `corridors._corridors`: the native half of the Python package.
//!
//! Every answer crosses into Python as the objects of the JSON the CLI prints with `--json`
//! (the report's serde shape, turned into dicts and lists by `pythonize` without JSON text in
//! between), and every query arrives as a small JSON object the pure-Python layer
//! (`corridors/_network.py`) writes from its keyword arguments. So this file only
//! parses options, calls the library and turns its errors into Python exceptions; the
//! idiom (classes, docstrings, frames) lives in Python.
//!
//! No call may panic into Python: each runs under `catch_unwind`, and a panic (a bug of the
//! library) becomes a `RuntimeError` naming it. Queries release the GIL while they run. A
//! query whose work an option multiplies runs on a thread of its own while the caller's
//! thread waits and looks for signals: Ctrl-C stops it and raises `KeyboardInterrupt`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

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

/// Runs `f` with any panic caught.
fn caught<T>(f: impl FnOnce() -> Outcome<T>) -> Outcome<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        Err(Failure::Panic(what))
    })
}

/// Runs `f` with the GIL released and any panic caught.
fn guarded<T: Send>(py: Python<'_>, f: impl FnOnce() -> Outcome<T> + Send) -> PyResult<T> {
    py.detach(|| caught(f)).map_err(|f| to_pyerr(py, f))
}

/// How often a thread waiting for a long query looks for signals.
const SIGNALS_EVERY: Duration = Duration::from_millis(50);

/// [`guarded`], for a long query: `f` runs on a thread of its own while this thread waits
/// with the GIL released, looking for signals every [`SIGNALS_EVERY`] (Python runs its signal
/// handlers on its main thread only, and only when asked). When one raises (Ctrl-C:
/// `KeyboardInterrupt`), `watch` is cancelled, the query stops at its next batch, and the
/// exception is raised.
fn interruptible<T: Send>(
    py: Python<'_>,
    watch: &c::Progress,
    f: impl FnOnce() -> Outcome<T> + Send,
) -> PyResult<T> {
    std::thread::scope(|s| {
        let (tx, mut rx) = mpsc::channel();
        s.spawn(move || {
            let _ = tx.send(caught(f));
        });
        // A receiver is not shared across threads, so each wait takes it and hands it back.
        loop {
            let (got, back) = py.detach(move || (rx.recv_timeout(SIGNALS_EVERY), rx));
            rx = back;
            match got {
                Ok(result) => return result.map_err(|f| to_pyerr(py, f)),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Err(e) = py.check_signals() {
                        watch.cancel();
                        // The query's thread ends (stopped, or done) before the scope does.
                        let _ = py.detach(move || rx.recv());
                        return Err(e);
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "a query's thread ended with no answer",
                    ));
                }
            }
        }
    })
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

/// A report as Python objects: the dicts, lists, strings, numbers and `None`s of its JSON.
fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    catch_unwind(AssertUnwindSafe(|| pythonize::pythonize(py, value)))
        .map_err(|_| {
            PyRuntimeError::new_err("corridors panicked converting a report, which is a bug")
        })?
        .map_err(PyErr::from)
}

/// Parses one of a spelt enum's spellings (metric, mode, status).
fn spelt<T: std::str::FromStr<Err = corridors::ParseEnumError>>(
    what: &'static str,
    s: &str,
) -> Outcome<T> {
    s.parse()
        .map_err(|e: corridors::ParseEnumError| Failure::Spelling {
            what,
            message: e.to_string(),
        })
}

/// A report, held in Rust as its JSON until Python reads it: a field at a time (`field`), or
/// whole (`to_py`). A loop of queries that reads a number or two of each answer so pays for
/// those only, not for turning every leg of every route into Python objects.
#[pyclass(frozen, module = "corridors._corridors")]
struct Answer {
    json: serde_json::Value,
}

#[pymethods]
impl Answer {
    /// The whole report: the dicts, lists, strings, numbers and `None`s of its JSON.
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.json)
    }

    /// One top-level field of the report (`KeyError` if it has none of that name).
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.json.get(name) {
            Some(v) => to_py(py, v),
            None => Err(pyo3::exceptions::PyKeyError::new_err(name.to_string())),
        }
    }

    /// The names of the report's top-level fields.
    fn keys(&self) -> Vec<String> {
        self.json
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
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
    Observed,
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

    /// Records of one kind as a list of dicts, as `corridors nodes --json` prints them.
    fn records<'py>(&self, py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyAny>> {
        let kind: Records = guarded(py, || {
            options(&serde_json::to_string(kind).unwrap_or_default())
        })?;
        let n = &self.net;
        match kind {
            Records::Nodes => to_py(py, &n.nodes()),
            Records::Links => to_py(py, &n.links()),
            Records::Corridors => to_py(py, &n.corridors()),
            Records::Scenarios => to_py(py, &n.scenarios()),
            Records::Sources => to_py(py, &c::SourceTable::new(n).rows()),
            Records::Projects => to_py(py, &n.projects()),
            Records::Demands => to_py(py, &n.demands()),
            Records::Observed => to_py(py, &n.observed()),
            Records::Tariffs => to_py(py, &n.tariffs()),
            Records::Crossings => to_py(py, &n.crossings()),
            Records::Parameters => to_py(py, &n.parameters()),
            Records::Summary => to_py(py, &n.summary()),
        }
    }

    /// Answers one query: `kind` names the analysis, `opts` is its options as JSON. The
    /// answer stays in Rust until Python reads it (`Answer`).
    fn query(&self, py: Python<'_>, kind: &str, opts: &str) -> PyResult<Answer> {
        let watch = c::Progress::new();
        let answer = || {
            let report = query::run(&self.net, kind, opts, &watch)?;
            // The report's JSON, as the CLI prints it (a non-finite number is null there too).
            let json =
                serde_json::to_value(&report).map_err(|e| Failure::Options(e.to_string()))?;
            Ok(Answer { json })
        };
        if query::may_run_long(kind, opts) {
            interruptible(py, &watch, answer)
        } else {
            guarded(py, answer)
        }
    }

    /// A sensitivity report's tornado as SVG, its `top` largest swings.
    #[staticmethod]
    fn tornado_svg(py: Python<'_>, report: &str, top: usize) -> PyResult<String> {
        guarded(py, || {
            let s: c::Sensitivity = options(report)?;
            Ok(s.svg(top))
        })
    }

    /// A map of the network with layers, as SVG text (`format = "svg"`) or GeoJSON (a dict).
    fn map<'py>(&self, py: Python<'py>, spec: &str, format: &str) -> PyResult<Bound<'py, PyAny>> {
        match guarded(py, || query::map(&self.net, spec, format))? {
            query::MapOut::Svg(text) => Ok(pyo3::types::PyString::new(py, &text).into_any()),
            query::MapOut::Geojson(value) => to_py(py, &value),
        }
    }

    /// A new network: this one with edits applied (a JSON array of operations), built and
    /// checked by the loader's rules.
    fn edit(&self, py: Python<'_>, ops: &str) -> PyResult<PyNetwork> {
        guarded(py, || edit::apply(&self.net, ops)).map(|net| PyNetwork { net })
    }

    /// For the benchmark: runs the route queries of a JSON array of route options in Rust,
    /// answers built in full and dropped, and returns the seconds the calls took and how many
    /// found a route; the queries are built before the clock starts. What a Python call adds
    /// is the difference with timing `query("route", …)` on the same options.
    fn time_routes(&self, py: Python<'_>, opts: &str) -> PyResult<(f64, usize)> {
        guarded(py, || query::time_routes(&self.net, opts))
    }

    /// Whether two networks hold the same records.
    fn same_records(&self, other: &PyNetwork) -> bool {
        self.net == other.net
    }
}

#[pymodule]
fn _corridors(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNetwork>()?;
    m.add_class::<Answer>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
