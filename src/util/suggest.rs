//! "Did you mean" suggestions for mistyped ids and field names.

/// Edit distance (insertions, deletions, substitutions, adjacent swaps) between two strings.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
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

/// The candidate nearest to `word`, if it is near enough to be a likely typo.
///
/// Ties go to the candidate that sorts first, so the answer does not depend on input order.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // One edit in three characters, and never for words so short that every id is "near".
    let len = word.chars().count();
    if len < 3 {
        return None;
    }
    let limit = (len / 3).max(1);
    // A word may be the start of a longer id, typo included ("torkam" for "torkham-af"): then
    // its distance to the id's start, plus one, counts too.
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
        .into_iter()
        .map(|c| (score(c), c))
        .filter(|&(d, c)| d <= limit || c.starts_with(word))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(nearest("heart", ids), Some("herat"));
        assert_eq!(nearest("mazar", ids), Some("mazar-i-sharif"));
        assert_eq!(nearest("london", ids), None);
        assert_eq!(nearest("c", ids), None);
        assert_eq!(nearest("kabl", ids), Some("kabul"));
        assert_eq!(
            nearest("torkam", ["torkham-af", "torkham-pk", "termez"]),
            Some("torkham-af")
        );
    }
}
