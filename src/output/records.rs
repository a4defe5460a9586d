//! The network's own records as tables for people: its places, its links and its
//! bibliography, as `corridors nodes`, `links` and `sources` print them.

use std::fmt::{self, Display, Formatter};

use serde::Serialize;

use crate::model::{Link, Node, Source};
use crate::network::Network;

/// The nodes as a table for people, a line each: id, name, country, kind, latitude, longitude
/// and capacity in Mt/yr (blank when the file gives none). What `corridors nodes` prints.
///
/// # Example
/// ```
/// use corridors::{Network, NodeTable};
/// let net = Network::trans_afghan();
/// let table = NodeTable::new(net.nodes()).to_string();
/// assert!(table.starts_with("id "));
/// assert_eq!(table.lines().count(), 1 + net.nodes().len());
/// assert!(table.lines().any(|l| l.starts_with("herat ")));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct NodeTable<'a> {
    nodes: &'a [Node],
}

impl<'a> NodeTable<'a> {
    /// A table of these nodes, in their order.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let ports: Vec<_> = net.nodes().iter().filter(|n| n.kind == corridors::NodeKind::Port)
    ///     .cloned().collect();
    /// print!("{}", corridors::NodeTable::new(&ports));
    /// ```
    pub fn new(nodes: &'a [Node]) -> NodeTable<'a> {
        NodeTable { nodes }
    }
}

impl Display for NodeTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<18} {:<24} {:<3} {:<9} {:>8} {:>8} {:>7}",
            "id", "name", "cc", "kind", "lat", "lon", "Mt/yr"
        )?;
        for n in self.nodes {
            writeln!(
                f,
                "{:<18} {:<24} {:<3} {:<9} {:>8.2} {:>8.2} {:>7}",
                n.id,
                n.name,
                n.country,
                n.kind.as_str(),
                n.lat,
                n.lon,
                n.capacity_mtpa.map_or(String::new(), |c| format!("{c}"))
            )?;
        }
        Ok(())
    }
}

/// The links as a table for people, a line each: id, mode, gauge in mm, length in km (`~` when
/// estimated), status, the year it opens, capacity in Mt/yr and corridors; blank where the
/// file gives nothing. What `corridors links` prints.
///
/// # Example
/// ```
/// use corridors::{LinkTable, Network};
/// let net = Network::trans_afghan();
/// let table = LinkTable::new(net.links()).to_string();
/// assert!(table.starts_with("id "));
/// assert_eq!(table.lines().count(), 1 + net.links().len() + 1);
/// assert_eq!(table.lines().last(), Some("(~ marks an estimated length)"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LinkTable<'a> {
    links: &'a [Link],
}

impl<'a> LinkTable<'a> {
    /// A table of these links, in their order.
    ///
    /// # Example
    /// ```
    /// let net = corridors::Network::trans_afghan();
    /// let rail: Vec<_> = net.links().iter().filter(|l| l.mode == corridors::Mode::Rail)
    ///     .cloned().collect();
    /// print!("{}", corridors::LinkTable::new(&rail));
    /// ```
    pub fn new(links: &'a [Link]) -> LinkTable<'a> {
        LinkTable { links }
    }
}

impl Display for LinkTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<28} {:<4} {:>6} {:>7} {:<18} {:>5} {:>6}  corridors",
            "id", "mode", "gauge", "km", "status", "opens", "Mt/yr"
        )?;
        for l in self.links {
            writeln!(
                f,
                "{:<28} {:<4} {:>6} {:>6.0}{} {:<18} {:>5} {:>6}  {}",
                l.id,
                l.mode.as_str(),
                l.gauge_mm.map_or(String::new(), |g| g.to_string()),
                l.length_km,
                if l.estimated { "~" } else { " " },
                l.status.as_str(),
                l.opens.map_or(String::new(), |y| y.to_string()),
                l.capacity_mtpa.map_or(String::new(), |c| format!("{c}")),
                l.corridors.join(",")
            )?;
        }
        writeln!(f, "(~ marks an estimated length)")
    }
}

/// The bibliography as a table for people: each source's id, confidence, date, how many
/// records cite it and who published it, then its title and address on indented lines. What
/// `corridors sources` prints.
///
/// # Example
/// ```
/// use corridors::{Network, SourceTable};
/// let net = Network::from_path("tests/fixtures/small.toml").unwrap();
/// let table = SourceTable::new(&net).to_string();
/// assert!(table.starts_with("id "));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SourceTable<'a> {
    net: &'a Network,
}

/// A source and how many records cite it: a row of a [`SourceTable`], and an item of what
/// `corridors sources --json` prints (the source's own fields, then `cited`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CitedSource<'a> {
    /// The source.
    #[serde(flatten)]
    pub source: &'a Source,
    /// How many records cite it, of every kind that cites (places, links, corridors,
    /// scenarios, demands, observations, projects, tariffs, crossings, handling, units and
    /// currencies).
    pub cited: usize,
}

impl<'a> SourceTable<'a> {
    /// The table of a network's sources.
    pub fn new(net: &'a Network) -> SourceTable<'a> {
        SourceTable { net }
    }

    /// Each source, in file order, with how many records cite it.
    ///
    /// # Example
    /// ```
    /// use corridors::{Network, SourceTable};
    /// let net = Network::trans_afghan();
    /// let rows = SourceTable::new(&net).rows();
    /// assert_eq!(rows.len(), net.sources().len());
    /// assert!(rows.iter().any(|r| r.cited > 0));
    /// let json = serde_json::to_value(&rows[0]).unwrap();
    /// assert_eq!(json["id"], rows[0].source.id.as_str());
    /// assert_eq!(json["cited"], rows[0].cited);
    /// ```
    pub fn rows(&self) -> Vec<CitedSource<'a>> {
        self.net
            .sources()
            .iter()
            .map(|source| CitedSource {
                source,
                cited: self.cited_by(&source.id),
            })
            .collect()
    }

    /// How many records cite a source: of every kind that cites (places, links, corridors,
    /// scenarios, demands, observations, projects, tariffs, crossings, handling, units and
    /// currencies).
    fn cited_by(&self, id: &str) -> usize {
        let n = self.net;
        let cites = |s: &Vec<String>| s.iter().any(|x| x == id);
        let count =
            |lists: &mut dyn Iterator<Item = &Vec<String>>| lists.filter(|s| cites(s)).count();
        count(&mut n.nodes().iter().map(|r| &r.sources))
            + count(&mut n.links().iter().map(|r| &r.sources))
            + count(&mut n.corridors().iter().map(|r| &r.sources))
            + count(&mut n.scenarios().iter().map(|r| &r.sources))
            + count(&mut n.demands().iter().map(|r| &r.sources))
            + count(&mut n.observed().iter().map(|r| &r.sources))
            + count(&mut n.projects().iter().map(|r| &r.sources))
            + count(&mut n.tariffs().iter().map(|r| &r.sources))
            + count(&mut n.crossings().iter().map(|r| &r.priced.sources))
            + count(&mut n.handling().iter().map(|r| &r.priced.sources))
            + count(&mut n.units().iter().map(|r| &r.sources))
            + count(&mut n.currencies().iter().map(|r| &r.sources))
    }
}

impl Display for SourceTable<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<28} {:<4} {:<10} {:>5}  publisher",
            "id", "conf", "date", "cited"
        )?;
        for CitedSource { source: s, cited } in self.rows() {
            writeln!(
                f,
                "{:<28} {:<4} {:<10} {:>5}  {}",
                s.id,
                s.confidence.as_str(),
                s.date,
                cited,
                s.publisher
            )?;
            writeln!(f, "    {}", s.title)?;
            if let Some(a) = &s.address {
                writeln!(f, "    {a}")?;
            }
        }
        Ok(())
    }
}
