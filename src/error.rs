//! Errors: loading a network file, and asking it a question.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a network file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// The file, as given to the loader (`corridors.toml` for the bundled network).
    pub path: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, counted in characters.
    pub column: usize,
    /// What is wrong, naming the record's id.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// Why a network file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file was read but is not a valid network: every problem found, in file order.
    #[error("{}", join_lines(problems))]
    Invalid {
        /// The problems, sorted by position.
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// Every problem found, in file order (empty for an I/O error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid { problems } => problems,
            LoadError::Io { .. } => &[],
        }
    }
}

fn join_lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a query could not be answered. "No route" is not an error: it is an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// An id that names nothing in the network.
    #[error("unknown {kind} \"{id}\"{}", suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
    UnknownId {
        /// What the id was meant to name: `node`, `link`, `scenario`, `place` (node, link,
        /// country or corridor), …
        kind: &'static str,
        /// The id given.
        id: String,
        /// The nearest known id, when one is close.
        suggestion: Option<String>,
    },
    /// An option whose value makes no sense.
    #[error("{0}")]
    BadOption(String),
}
