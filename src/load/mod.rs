//! Inputs → records → [`Network`]: the only code that fills a network's records. `toml` walks
//! the spanned TOML tree, `records` reads and checks each record, and `synthetic` (feature
//! `synthetic`) generates seeded networks for tests and benches. Every input ends in `Records::joined`.

use std::path::Path;

use crate::error::LoadError;
use crate::network::Network;

mod costs;
mod doc;
mod each;
mod edit;
mod observed;
mod projects;
mod records;
mod scenarios;
#[cfg(feature = "synthetic")]
pub mod synthetic;
mod toml;
mod write;

pub use edit::NetworkBuilder;

impl Network {
    /// The bundled trans-Afghan network (`corridors.toml`, compiled into the crate).
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// assert_eq!(net.link("khaf-shamtigh-rail").unwrap().length_km, 78.0);
    /// ```
    pub fn trans_afghan() -> Network {
        const BUNDLED: &str = include_str!("../../corridors.toml");
        // The bundled file is validated by the test suite, so a failure here is a build defect.
        load_str(BUNDLED, "corridors.toml").unwrap_or_else(|e| panic!("bundled network: {e}"))
    }

    /// Loads and validates a network file.
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read; [`LoadError::Invalid`] listing every
    /// problem of the file, each as `PATH:LINE:COLUMN: message` (for a file that is not
    /// UTF-8, the one problem is where its first byte that is not UTF-8 stands).
    ///
    /// # Example
    /// ```
    /// let err = corridors::Network::from_path("no/such/file.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.toml: cannot read the file"));
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Network, LoadError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let shown = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(&shown, e))?;
        let records = toml::load_str(&text, Some(&shown), records::read_network)?;
        // The records own all they keep: the text goes before they are indexed, which is
        // when a large file's load peaks.
        drop(text);
        join(records, &shown)
    }

    /// Loads and validates a network from TOML text; problems are reported against the path
    /// `<string>`.
    ///
    /// # Errors
    /// [`LoadError::Invalid`] listing every problem.
    ///
    /// # Example
    /// ```
    /// let text = r#"
    /// [network]
    /// name = "Two towns"
    /// year = 2025
    ///
    /// [[nodes]]
    /// id = "a"
    /// name = "A"
    /// country = "AF"
    /// kind = "city"
    /// lat = 34.0
    /// lon = 69.0
    /// source = "example"
    ///
    /// [[nodes]]
    /// id = "b"
    /// name = "B"
    /// country = "AF"
    /// kind = "city"
    /// lat = 34.5
    /// lon = 69.2
    /// source = "example"
    ///
    /// [[links]]
    /// id = "a-b"
    /// from = "a"
    /// to = "b"
    /// mode = "road"
    /// status = "operational"
    /// source = "example"
    /// "#;
    /// let net = corridors::Network::from_toml_str(text).unwrap();
    /// let link = net.link("a-b").unwrap();
    /// assert!(link.estimated); // no length given: great circle × the road detour
    ///
    /// let bad = text.replace("to = \"b\"", "to = \"kabul\"");
    /// let err = corridors::Network::from_toml_str(&bad).unwrap_err();
    /// assert_eq!(err.to_string(), "<string>:27:6: link \"a-b\" refers to unknown node \"kabul\"");
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Network, LoadError> {
        load_str(text, "<string>")
    }
}

/// Parses and validates `text`, naming `path` in problems.
pub(crate) fn load_str(text: &str, path: &str) -> Result<Network, LoadError> {
    join(
        toml::load_str(text, Some(path), records::read_network)?,
        path,
    )
}

/// Checks records built or edited in code by the loader's own rules: written as a file, and
/// read back. Problems name the record, with no position.
pub(crate) fn load_built(d: &crate::model::Records) -> Result<Network, crate::error::LoadError> {
    join(
        toml::load_str(&write::write(d), None, records::read_network)?,
        "",
    )
}

/// Indexes records the loader has validated, once the text and its tree are gone.
/// The problem of a file that is not UTF-8: where its first byte that is not stands (line and
/// column counted over the text before it), and which byte it is.
fn not_utf8(path: &str, e: std::string::FromUtf8Error) -> LoadError {
    let at = e.utf8_error().valid_up_to();
    let bytes = e.as_bytes();
    // The text before the byte is valid UTF-8, by what `valid_up_to` means.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    LoadError::Invalid {
        problems: vec![crate::error::Problem {
            path: path.to_string(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            message: format!(
                "the file is not UTF-8 text: byte 0x{:02X} here is not part of a character \
                 (save the file as UTF-8)",
                bytes[at]
            ),
        }],
    }
}

fn join(records: crate::model::Records, path: &str) -> Result<Network, LoadError> {
    records
        .joined()
        .map(Network::new)
        .map_err(|id| LoadError::Invalid {
            // The loader checks every reference first, so this is a defect, not a bad file.
            problems: vec![crate::error::Problem {
                path: path.to_string(),
                line: 0,
                column: 0,
                message: format!("record \"{id}\" names an id that was not checked"),
            }],
        })
}
