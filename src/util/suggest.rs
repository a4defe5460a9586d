//! "Did you mean" suggestions for mistyped ids and field names.
//!
//! [`nearest`] scans a short list (the fields a record may have); [`Index`] answers the same
//! question, with the same answer, from a trie of the ids built once, so that a file with
//! thousands of unknown references does not compare each with every declared id.

/// Words longer than this get no suggestion: no one mistypes a hundred-character id, and the
/// work per candidate grows with the square of the word's length.
pub(crate) const MAX_WORD: usize = 100;

/// How deep the index keeps an id. A word of at most [`MAX_WORD`] characters is never
/// compared with more than its length plus its edit limit plus three characters of an id, so
/// deeper characters cannot change an answer; cutting them keeps a megabyte-long id cheap.
const DEPTH: usize = MAX_WORD + MAX_WORD / 3 + 8;

/// No id ends at a trie node.
const NONE: u32 = u32::MAX;

/// Edit distance (insertions, deletions, substitutions, adjacent swaps) between two strings
/// of characters: the optimal string alignment distance.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The most edits a word of `len` characters may be from a suggestion: one in three, and none
/// for words so short that every id is "near" or so long that no one mistyped them.
fn limit(len: usize) -> Option<usize> {
    (3..=MAX_WORD).contains(&len).then_some(len / 3)
}

/// How far `word` is from the candidate `c`, when it is near enough (at most `limit` edits).
///
/// A word may be the start of a longer id, typo included ("torkam" for "torkham-af"): then
/// its distance to the id's start (its first `len` or `len + 1` characters), plus one, counts
/// too. So a word that starts an id is always one edit from it.
fn score(word: &[char], c: &str, limit: usize) -> Option<usize> {
    let len = word.len();
    // Only the first characters of a long id can bring it near, through its start.
    let head: Vec<char> = c.chars().take(len + limit + 1).collect();
    let full = if head.len() > len + limit {
        usize::MAX // the whole id is more than `limit` longer than the word
    } else if head.len() + limit < len {
        return None;
    } else {
        distance(word, &head)
    };
    let score = if head.len() <= len {
        full
    } else {
        let start = |n: usize| &head[..n.min(head.len())];
        let h = distance(word, start(len)).min(distance(word, start(len + 1)));
        full.min(h + 1)
    };
    (score <= limit).then_some(score)
}

/// The candidate nearest to `word`, if it is near enough to be a likely typo, by scanning
/// every candidate: for short lists. Use an [`Index`] for a file's ids.
///
/// Ties go to the candidate that sorts first, so the answer does not depend on input order.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.chars().take(MAX_WORD + 1).collect();
    let limit = limit(word.len())?;
    candidates
        .into_iter()
        .filter_map(|c| Some((score(&word, c, limit)?, c)))
        .min()
        .map(|(_, c)| c)
}

/// The ids of one kind in a trie, for "did you mean": built once, it gives the same answer
/// as [`nearest`] over the same ids, visiting only the ids within reach of the word.
///
/// The trie is stored in preorder with children in character order, so ids come in sorted
/// order; a search at radius r walks it computing one edit-distance row per node and skips a
/// subtree as soon as no id below can be within r. Radii grow from 0, so the first id found
/// is the nearest, ties to the first sorted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// The ids, sorted, each once.
    ids: Vec<String>,
    /// Each node's character, in preorder (the root, the empty prefix, is not stored).
    chars: Vec<char>,
    /// Each node's depth: the length of its prefix, from 1.
    depth: Vec<u16>,
    /// The node just past each node's subtree.
    next: Vec<u32>,
    /// The first id (in sorted order) that ends at each node, or is cut there, or [`NONE`].
    word: Vec<u32>,
    /// Whether that id ends at the node (else it is longer than [`DEPTH`] and was cut).
    whole: Vec<bool>,
    /// The length of the shortest and of the longest id below each node (or at it), counting
    /// an id longer than [`DEPTH`] as one character longer.
    shortest: Vec<u16>,
    longest: Vec<u16>,
}

impl Index {
    /// The index of these ids (duplicates and order do not matter).
    pub(crate) fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> Index {
        let mut sorted: Vec<&str> = ids.into_iter().filter(|s| !s.is_empty()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut ix = Index {
            ids: sorted.iter().map(|s| s.to_string()).collect(),
            ..Index::default()
        };
        // The open path: node positions from depth 1 down.
        let mut path: Vec<usize> = Vec::new();
        for (k, id) in sorted.iter().enumerate() {
            let cs: Vec<char> = id.chars().take(DEPTH + 1).collect();
            let whole = cs.len() <= DEPTH;
            let cs = &cs[..cs.len().min(DEPTH)];
            let common = path
                .iter()
                .zip(cs)
                .take_while(|&(&n, &c)| ix.chars[n] == c)
                .count();
            for &n in &path[common..] {
                ix.next[n] = ix.chars.len() as u32;
            }
            path.truncate(common);
            for (d, &c) in cs.iter().enumerate().skip(common) {
                path.push(ix.chars.len());
                ix.chars.push(c);
                ix.depth.push((d + 1) as u16);
                ix.next.push(NONE);
                ix.word.push(NONE);
                ix.whole.push(false);
                ix.shortest.push(u16::MAX);
                ix.longest.push(0);
            }
            let len = (cs.len() + usize::from(!whole)) as u16;
            for &n in &path {
                ix.shortest[n] = ix.shortest[n].min(len);
                ix.longest[n] = ix.longest[n].max(len);
            }
            if let Some(&n) = path.last() {
                // Sorted: the first id to reach a node is the least of those ending there.
                if ix.word[n] == NONE {
                    ix.word[n] = k as u32;
                    ix.whole[n] = whole;
                }
            }
        }
        for &n in &path {
            ix.next[n] = ix.chars.len() as u32;
        }
        ix
    }

    /// The id nearest to `word`, as [`nearest`] would pick it from the same ids.
    pub(crate) fn nearest(&self, word: &str) -> Option<&str> {
        self.best(word).map(|(_, id)| id)
    }

    /// The id nearest to `word` with its distance (see [`nearest`]), so that the answers of
    /// several indices can be compared: the least pair is the answer over all their ids.
    pub(crate) fn best(&self, word: &str) -> Option<(usize, &str)> {
        let word: Vec<char> = word.chars().take(MAX_WORD + 1).collect();
        let limit = limit(word.len())?;
        let mut walk = Walk::new(&word);
        // Most typos are an edit or two away: search near first, then twice as far, so that
        // a near id is found without walking everything within the limit.
        let mut r = 1;
        loop {
            if let Some((d, k)) = walk.scan(self, r.min(limit)) {
                return Some((d, &self.ids[k as usize]));
            }
            if r >= limit {
                return None;
            }
            r *= 2;
        }
    }

    /// The first id at or after node `i` in preorder: the least id of `i`'s subtree.
    fn first_from(&self, i: usize) -> u32 {
        self.word[i..]
            .iter()
            .copied()
            .find(|&w| w != NONE)
            .unwrap_or(NONE)
    }
}

/// The edit-distance rows of one search, one per depth of the current trie path.
struct Walk<'w> {
    word: &'w [char],
    /// Row `d` is the distance from the path's first `d` characters to each start of the word.
    rows: Vec<Vec<usize>>,
    /// The least entry of each row.
    mins: Vec<usize>,
    /// The path's characters, by depth.
    path: Vec<char>,
}

impl<'w> Walk<'w> {
    fn new(word: &'w [char]) -> Walk<'w> {
        Walk {
            word,
            rows: vec![(0..=word.len()).collect()],
            mins: vec![0],
            path: vec!['\0'],
        }
    }

    /// Row `d` for the character `c`, from rows `d - 1` and `d - 2` (the swap needs both).
    fn row(&mut self, d: usize, c: char) {
        let (w, n) = (self.word, self.word.len());
        if self.rows.len() <= d {
            self.rows.resize(d + 1, vec![0; n + 1]);
            self.mins.resize(d + 1, 0);
            self.path.resize(d + 1, '\0');
        }
        self.path[d] = c;
        let (before, rest) = self.rows.split_at_mut(d);
        let cur = &mut rest[0];
        let prev = &before[d - 1];
        cur[0] = d;
        let mut least = d;
        for j in 1..=n {
            let cost = usize::from(c != w[j - 1]);
            let mut x = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if d > 1 && j > 1 && c == w[j - 2] && self.path[d - 1] == w[j - 1] {
                x = x.min(before[d - 2][j - 2] + 1);
            }
            cur[j] = x;
            least = least.min(x);
        }
        self.mins[d] = least;
    }

    /// The nearest id within `cap` of the word, ties to the first in sorted order, with its
    /// distance: a walk in preorder that skips every subtree no id of which can beat the best
    /// found so far (an id later in order must be strictly nearer).
    fn scan(&mut self, ix: &Index, cap: usize) -> Option<(usize, u32)> {
        let n = self.word.len();
        let mut best = None;
        // Only ids within `cap` are wanted, then only ids nearer than the best.
        let mut cap = cap;
        let mut i = 0;
        while i < ix.chars.len() {
            let d = usize::from(ix.depth[i]);
            self.row(d, ix.chars[i]);
            // Rows below never drop under this (an edit costs one, a swap reaches two back).
            let rows = self.mins[d].min(self.mins[d - 1] + 1);
            // The whole of an id below is at least as far as its length is from the word's.
            let (short, long) = (usize::from(ix.shortest[i]), usize::from(ix.longest[i]));
            let full = rows
                .max(n.saturating_sub(long))
                .max(short.saturating_sub(n));
            // An id longer than the word may come near through its start, at one edit more.
            let head = (d > n).then(|| self.rows[n][n].min(self.rows[n + 1][n]) + 1);
            let mut bound = if long > n {
                full.min(head.unwrap_or(rows + 1))
            } else {
                full
            };
            if let Some(h) = head.filter(|&h| h <= cap) {
                // Every id below is within `h`: the first is the best so far, and only a
                // nearer one below can beat it.
                best = Some((h, ix.first_from(i)));
                if h == 0 {
                    break;
                }
                cap = h - 1;
                bound = full;
            }
            if ix.word[i] != NONE {
                let whole = if ix.whole[i] {
                    self.rows[d][n]
                } else {
                    usize::MAX
                };
                let s = head.map_or(whole, |h| whole.min(h));
                if s <= cap {
                    best = Some((s, ix.word[i]));
                    if s == 0 {
                        break;
                    }
                    cap = s - 1;
                }
            }
            if bound > cap {
                i = ix.next[i] as usize;
            } else {
                i += 1;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b)
    }

    #[test]
    fn distance_counts_swaps_as_one_edit() {
        assert_eq!(edit_distance("lenght_km", "length_km"), 1);
        assert_eq!(edit_distance("heart", "herat"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kabul", "kabul"), 0);
    }

    #[test]
    fn nearest_finds_typos_and_ignores_strangers() {
        let ids = ["herat", "kabul", "khaf", "mazar-i-sharif"];
        let ix = Index::new(ids);
        for (word, want) in [
            ("heart", Some("herat")),
            ("mazar", Some("mazar-i-sharif")),
            ("london", None),
            ("c", None),
            ("kabl", Some("kabul")),
        ] {
            assert_eq!(nearest(word, ids), want, "{word}");
            assert_eq!(ix.nearest(word), want, "{word}");
        }
        let ids = ["torkham-af", "torkham-pk", "termez"];
        assert_eq!(nearest("torkam", ids), Some("torkham-af"));
        assert_eq!(Index::new(ids).nearest("torkam"), Some("torkham-af"));
    }

    /// The suggestion as it was made before the index, kept to check both against.
    fn reference<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let len = word.chars().count();
        if !(3..=MAX_WORD).contains(&len) {
            return None;
        }
        let limit = (len / 3).max(1);
        let score = |c: &str| {
            let full = edit_distance(word, c);
            let chars: Vec<char> = c.chars().collect();
            if chars.len() <= len {
                return full;
            }
            let start = |n: usize| chars[..n.min(chars.len())].iter().collect::<String>();
            let head = edit_distance(word, &start(len)).min(edit_distance(word, &start(len + 1)));
            full.min(head + 1)
        };
        candidates
            .iter()
            .map(|&c| (score(c), c))
            .filter(|&(d, c)| d <= limit || c.starts_with(word))
            .min()
            .map(|(_, c)| c)
    }

    /// A seeded word over a small alphabet, so that words come near each other.
    fn word(state: &mut u64, alphabet: &[char], max: u64) -> String {
        let mut next = || {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let len = next() % max;
        (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect()
    }

    #[test]
    fn the_index_the_scan_and_the_old_scan_agree() {
        let mut s = 7;
        for alphabet in [
            &['a', 'b'][..],
            &['a', 'b', 'c', '-'],
            &['x', 'é', 'y', 'z'],
        ] {
            for round in 0..40 {
                let ids: Vec<String> = (0..(round % 9) * 6)
                    .map(|_| word(&mut s, alphabet, 13))
                    .collect();
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                let ix = Index::new(ids.iter().copied());
                for _ in 0..60 {
                    let w = word(&mut s, alphabet, 15);
                    let want = reference(&w, &ids);
                    assert_eq!(nearest(&w, ids.iter().copied()), want, "{w} in {ids:?}");
                    assert_eq!(ix.nearest(&w), want, "{w} in {ids:?}");
                }
            }
        }
    }

    #[test]
    fn long_ids_and_long_words_stay_cheap() {
        let long = "a".repeat(1_000_000);
        let ids = [long.as_str(), "kabul"];
        let ix = Index::new(ids);
        assert!(ix.chars.len() < 2 * DEPTH);
        let word = "a".repeat(MAX_WORD);
        assert_eq!(ix.nearest(&word), Some(long.as_str()));
        assert_eq!(nearest(&word, ids), Some(long.as_str()));
        let typo = format!("{}b", "a".repeat(MAX_WORD - 1));
        assert_eq!(ix.nearest(&typo), Some(long.as_str()));
        assert_eq!(ix.nearest(&"a".repeat(MAX_WORD + 1)), None);
        assert_eq!(nearest(&"a".repeat(200_000), ids), None);
    }
}
