//! Matching: word lists tested at a position of a char slice.

use rustc_hash::FxHashMap;

use crate::extract::text::normalise;

/// A list of words for prefix, suffix and containment tests on char slices,
/// indexed by first and last character so a test touches only the few words
/// that can match there.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    pub words: Vec<Vec<char>>,
    /// first char → word indices, longest first
    by_first: FxHashMap<char, Vec<usize>>,
    /// last char → word indices, longest first
    by_last: FxHashMap<char, Vec<usize>>,
}

impl WordList {
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordList {
        let mut words: Vec<Vec<char>> = words.iter().map(|w| normalise(w.as_ref())).filter(|w| !w.is_empty()).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words.dedup();
        let mut by_first: FxHashMap<char, Vec<usize>> = FxHashMap::default();
        let mut by_last: FxHashMap<char, Vec<usize>> = FxHashMap::default();
        for (i, w) in words.iter().enumerate() {
            by_first.entry(w[0]).or_default().push(i);
            by_last.entry(w[w.len() - 1]).or_default().push(i);
        }
        WordList { words, by_first, by_last }
    }

    /// Length of the longest word that `chars[..end]` ends with.
    pub fn suffix_at(&self, chars: &[char], end: usize) -> Option<usize> {
        if end == 0 || end > chars.len() {
            return None;
        }
        let cands = self.by_last.get(&chars[end - 1])?;
        cands
            .iter()
            .map(|&i| &self.words[i])
            .find(|w| w.len() <= end && chars[end - w.len()..end] == w[..])
            .map(|w| w.len())
    }

    /// Length of the longest word that `chars[start..]` starts with.
    pub fn prefix_at(&self, chars: &[char], start: usize) -> Option<usize> {
        let cands = self.by_first.get(chars.get(start)?)?;
        cands
            .iter()
            .map(|&i| &self.words[i])
            .find(|w| start + w.len() <= chars.len() && chars[start..start + w.len()] == w[..])
            .map(|w| w.len())
    }

    /// Every (position, word) occurrence, overlapping.
    fn occurrences<'a>(&'a self, chars: &'a [char]) -> impl Iterator<Item = usize> + 'a {
        chars
            .iter()
            .enumerate()
            .flat_map(move |(i, c)| {
                self.by_first.get(c).into_iter().flatten().filter(move |&&w| {
                    let w = &self.words[w];
                    i + w.len() <= chars.len() && chars[i..i + w.len()] == w[..]
                })
            })
            .copied()
    }

    /// The first occurrence in `chars[from..to]`: (position, length), longest at a position.
    pub fn find_in(&self, chars: &[char], from: usize, to: usize) -> Option<(usize, usize)> {
        let to = to.min(chars.len());
        (from..to).find_map(|i| self.prefix_at(&chars[..to], i).map(|n| (i, n)))
    }

    pub fn contained_in(&self, chars: &[char]) -> bool {
        self.occurrences(chars).next().is_some()
    }

    pub fn count_in(&self, chars: &[char]) -> usize {
        self.occurrences(chars).count()
    }
}
