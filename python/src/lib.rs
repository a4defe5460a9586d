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
use serde_json::Value;
use serde_path_to_error::Segment;

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
    /// Options the Python layer passed in a shape that does not parse, or that do not go
    /// together.
    Options(String),
    /// An argument of the wrong type or out of its type's range, named as the Python method
    /// takes it: `year: expected a whole number (i32), found the string "2030"`.
    Argument { name: String, message: String },
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
                // A place named where a port is wanted: the id, and what it was meant to name.
                c::QueryError::NotAPort { node, .. } => (Some("port"), Some(node.clone()), None),
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
        Failure::Options(message) => exception(
            py,
            "QueryError",
            (
                message.as_str(),
                None::<String>,
                None::<String>,
                None::<String>,
            ),
            &message,
        ),
        Failure::Argument { name, message } => exception(
            py,
            "QueryError",
            (message.as_str(), Some(name), None::<String>, None::<String>),
            &message,
        ),
        Failure::Panic(what) => PyRuntimeError::new_err(format!(
            "corridors panicked, which is a bug (please report it with the call): {what}"
        )),
    }
}

/// Parses the Python layer's options: JSON text, whose values are then read into `T`. A value
/// of the wrong type is named by its argument ([`wrong_type`]).
fn options<T: DeserializeOwned>(json: &str) -> Outcome<T> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| Failure::Options(format!("bad options: {e}")))?;
    from_value(&value)
}

/// Reads the options `value` into `T`, a value of the wrong type named by its argument.
fn from_value<T: DeserializeOwned>(value: &Value) -> Outcome<T> {
    serde_path_to_error::deserialize(value).map_err(|e| wrong_type(value, &e))
}

/// What a value of the wrong type in `value` becomes: an [`Failure::Argument`] naming the
/// argument that gave it, what it should be and what it is; other problems (a missing or
/// unknown field, which the Python layer never sends) stay `bad options`.
fn wrong_type(value: &Value, e: &serde_path_to_error::Error<serde_json::Error>) -> Failure {
    let path: Vec<&Segment> = e.path().iter().collect();
    let inner = e.inner().to_string();
    let Some((unexpected, expected)) = ["invalid type: ", "invalid value: ", "invalid length "]
        .iter()
        .find_map(|p| inner.strip_prefix(p))
        .and_then(|rest| rest.rsplit_once(", expected "))
    else {
        return Failure::Options(match e.path().iter().next() {
            Some(_) => format!("bad options: {}: {inner}", e.path()),
            None => format!("bad options: {inner}"),
        });
    };
    let found = at(value, &path).map_or_else(|| unexpected.to_string(), found);
    let name = argument(&path);
    Failure::Argument {
        message: format!("{name}: expected {}, found {found}", expectation(expected)),
        name,
    }
}

/// The value at `path` in `value`, if it is there.
fn at<'v>(value: &'v Value, path: &[&Segment]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, s| match s {
        Segment::Seq { index } => v.get(index),
        Segment::Map { key } | Segment::Enum { variant: key } => v.get(key.as_str()),
        _ => None,
    })
}

/// What serde expected, as a Python user would say it.
fn expectation(expected: &str) -> String {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "isize" => format!("a whole number ({expected})"),
        "u8" | "u16" | "u32" | "u64" | "usize" => {
            format!("a whole number, 0 or more ({expected})")
        }
        "f32" | "f64" => "a number".into(),
        "a boolean" => "True or False".into(),
        "a sequence" => "a list".into(),
        _ => match expected
            .strip_prefix("an array of length ")
            .or_else(|| expected.strip_prefix("a tuple of size "))
        {
            Some(n) => format!("a list of {n} items"),
            None => expected.to_string(),
        },
    }
}

/// A value as a Python user would name it: `the string "2030"`, `-5`, `True`, `None`,
/// `a list of 2 items`, and `nan`, `inf` or `-inf` for the Python layer's mark of a float
/// JSON cannot hold (`{"$float": "nan"}`), or `a value of type int64` for its mark of an
/// object JSON cannot hold (`{"$type": "int64"}`).
fn found(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            const LONGEST: usize = 60;
            let quoted = serde_json::to_string(s).unwrap_or_default();
            if s.chars().count() <= LONGEST {
                format!("the string {quoted}")
            } else {
                let head: String = s.chars().take(LONGEST).collect();
                let quoted = serde_json::to_string(&head).unwrap_or_default();
                format!("the string {}…\"", &quoted[..quoted.len() - 1])
            }
        }
        Value::Array(a) if a.len() == 1 => "a list of 1 item".into(),
        Value::Array(a) => format!("a list of {} items", a.len()),
        Value::Object(m) => match (m.len(), m.get("$float"), m.get("$type")) {
            (1, Some(Value::String(x)), _) => x.clone(),
            (1, _, Some(Value::String(t))) => format!("a value of type {t}"),
            _ => "a dict".into(),
        },
    }
}

/// The Python argument a path of the options names: `filter.year` is `year`, `draws.n`
/// `draws`, `filter.projects` `build`, `discount[1]` `years`; an edit's field (`[0]`, the
/// edit's variant, the field) is named with its method: `mtpa of link_capacity`.
fn argument(path: &[&Segment]) -> String {
    let key = |s: &Segment| match s {
        Segment::Map { key } | Segment::Enum { variant: key } => Some(key.clone()),
        _ => None,
    };
    let python = |k: &str| match k {
        "from" => "from_".to_string(),
        "fit" => "thetas".to_string(),
        k => k.to_string(),
    };
    let shown = |path: &[&Segment]| {
        let mut out = String::new();
        for s in path {
            match s {
                Segment::Seq { index } => out.push_str(&format!("[{index}]")),
                s => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&python(&key(s).unwrap_or_default()));
                }
            }
        }
        out
    };
    match path {
        [Segment::Seq { .. }, Segment::Enum { variant }, rest @ ..] => {
            format!("{} of {variant}", shown(rest))
        }
        [first, rest @ ..] => match (key(first).as_deref(), rest) {
            (Some("filter"), [s, more @ ..]) if key(s).as_deref() == Some("projects") => {
                format!("build{}", shown(more))
            }
            (Some("filter"), rest) => shown(rest),
            (Some("draws"), [s, ..]) => match key(s).as_deref() {
                Some("n") | None => "draws".into(),
                Some(other) => other.into(),
            },
            (Some("discount"), [Segment::Seq { index: 1 }]) => "years".into(),
            (Some("discount"), _) => "discount".into(),
            _ => shown(path),
        },
        [] => "options".into(),
    }
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

    /// A place and what touches it, as the library's `Network::find_node` (`what` is
    /// `"find"`: the place a name or id answers to), `neighbours` (`"neighbours"`: the places
    /// one link away) and `links_of` (`"links"`: the links touching it) give them.
    fn around<'py>(&self, py: Python<'py>, what: &str, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let n = &self.net;
        match what {
            "find" => to_py(py, guarded(py, || Ok(n.find_node(id)?))?),
            "neighbours" => to_py(py, &guarded(py, || Ok(n.neighbours(id)?))?),
            _ => to_py(py, &guarded(py, || Ok(n.links_of(id)?))?),
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
