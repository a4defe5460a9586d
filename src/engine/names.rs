//! The records' ids as report [`Id`]s, made once per network: a route names a hundred of them
//! (its links, places, countries, corridors and the sources they cite), and copying an id made
//! already costs a fraction of making it again.

use crate::model::{Id, Records};
use crate::util::fnv::FnvMap;

/// The ids a route report hands out, each made once, and what each record cites as indices
/// into one list of texts, so a report can drop repeated sources by comparing numbers.
pub(crate) struct Names {
    nodes: Vec<Id>,
    links: Vec<Id>,
    /// Each distinct country, corridor id and cited source, once.
    texts: Vec<Id>,
    /// Per node, its country (an index into `texts`).
    country: Vec<u32>,
    /// Per link: its corridors.
    pub(crate) corridors: Lists,
    /// Per node: the sources it cites.
    pub(crate) node_cites: Lists,
    /// Per link: the sources it cites for itself.
    pub(crate) link_cites: Lists,
    /// Per link: the sources of its rate and speed.
    pub(crate) rate_cites: Lists,
    /// Per `[[handling]]` record: the sources it cites.
    pub(crate) handling_cites: Lists,
    /// Per `[[crossings]]` record: the sources it cites.
    pub(crate) crossing_cites: Lists,
}

/// One list of text indices per record, end to end.
#[derive(Default)]
pub(crate) struct Lists {
    ends: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// Record `i`'s list.
    pub(crate) fn of(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.items[start as usize..self.ends[i] as usize]
    }
}

/// Gives each distinct text one index, in order of first meeting.
#[derive(Default)]
struct Texts<'a> {
    index: FnvMap<&'a str, u32>,
    ids: Vec<Id>,
}

impl<'a> Texts<'a> {
    fn of(&mut self, text: &'a str) -> u32 {
        *self.index.entry(text).or_insert_with(|| {
            self.ids.push(Id::new(text));
            (self.ids.len() - 1) as u32
        })
    }

    fn lists<T: 'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a T>,
        texts: impl Fn(&'a T) -> &'a [String],
    ) -> Lists {
        let mut l = Lists::default();
        for r in records {
            for t in texts(r) {
                let i = self.of(t);
                l.items.push(i);
            }
            l.ends.push(l.items.len() as u32);
        }
        l
    }
}

impl Names {
    /// The names of these records.
    pub(crate) fn new(data: &Records) -> Names {
        let mut t = Texts::default();
        let country = data.nodes.iter().map(|n| t.of(&n.country)).collect();
        let corridors = t.lists(&data.links, |l| &l.corridors);
        let node_cites = t.lists(&data.nodes, |n| &n.sources);
        let link_cites = t.lists(&data.links, |l| &l.sources);
        let rate_cites = t.lists(&data.links, |l| &l.rate_sources);
        let handling_cites = t.lists(&data.handling, |h| &h.priced.sources);
        let crossing_cites = t.lists(&data.crossings, |c| &c.priced.sources);
        Names {
            nodes: data.nodes.iter().map(|n| Id::new(&n.id)).collect(),
            links: data.links.iter().map(|l| Id::new(&l.id)).collect(),
            texts: t.ids,
            country,
            corridors,
            node_cites,
            link_cites,
            rate_cites,
            handling_cites,
            crossing_cites,
        }
    }

    /// Node `v`'s id.
    pub(crate) fn node(&self, v: usize) -> &Id {
        &self.nodes[v]
    }

    /// Link `l`'s id.
    pub(crate) fn link(&self, l: usize) -> &Id {
        &self.links[l]
    }

    /// The text of an index that [`Names::country`], the `corridors` list or a `*_cites`
    /// list gave.
    pub(crate) fn text(&self, i: u32) -> &Id {
        &self.texts[i as usize]
    }

    /// Node `v`'s country, as a text index.
    pub(crate) fn country(&self, v: usize) -> u32 {
        self.country[v]
    }
}
