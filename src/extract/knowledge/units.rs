//! Units, magnitudes, approximation and comparison words (data/units.toml).

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::words::WordList;
use crate::extract::text::normalise;

#[derive(Debug, Clone)]
pub struct UnitDef {
    pub base: String,
    pub family: String,
    pub to_family: f64,
}

#[derive(Debug)]
pub struct Units {
    /// surface form (chars) → index into `defs`, or None for a not-unit (date word).
    surfaces: Vec<(Vec<char>, Option<usize>)>,
    /// first char → surface indices, longest first
    surface_index: FxHashMap<char, Vec<usize>>,
    pub defs: Vec<UnitDef>,
    pub magnitudes: Vec<(Vec<char>, f64)>,
    pub approx_before: WordList,
    pub approx_after: WordList,
    pub approx_between: WordList,
    pub comparators_before: WordList,
    pub comparators_after: WordList,
    /// nouns of money before a figure with 万/亿 and no unit (总资产3.6亿)
    pub implicit_money_nouns: WordList,
    /// how far before the figure such a noun may stand (in characters, within the clause)
    pub implicit_money_window: usize,
}

pub enum UnitMatch<'a> {
    Unit { len: usize, def: &'a UnitDef },
    NotUnit { len: usize },
}

impl Units {
    /// The longest unit (or date word) written at `at`.
    pub fn match_at(&self, chars: &[char], at: usize) -> Option<UnitMatch<'_>> {
        let first = chars.get(at)?;
        for &i in self.surface_index.get(first)? {
            let (s, def) = &self.surfaces[i];
            if at + s.len() <= chars.len() && chars[at..at + s.len()] == s[..] {
                return Some(match def {
                    Some(i) => UnitMatch::Unit { len: s.len(), def: &self.defs[*i] },
                    None => UnitMatch::NotUnit { len: s.len() },
                });
            }
        }
        None
    }

    pub fn magnitude_at(&self, chars: &[char], at: usize) -> Option<(usize, f64)> {
        self.magnitudes
            .iter()
            .find(|(m, _)| at + m.len() <= chars.len() && chars[at..at + m.len()] == m[..])
            .map(|(m, f)| (m.len(), *f))
    }

    pub fn def_of(&self, base: &str) -> Option<&UnitDef> {
        self.defs.iter().find(|d| d.base == base)
    }

    /// The family of a unit; a unit the table does not know is its own family.
    fn family_of<'a>(&'a self, unit: &'a str) -> &'a str {
        self.def_of(unit).map_or(unit, |d| d.family.as_str())
    }

    /// Families two units may be compared in (a change in 百分点 belongs to a rate in %).
    pub fn compatible(&self, quantity_unit: &str, catalogue_unit: &str) -> bool {
        let (a, b) = (self.family_of(quantity_unit), self.family_of(catalogue_unit));
        a == b
            || (a == "point" && b == "percent")
            || (a == "people" && b == "visits")
            || (a == "visits" && b == "people")
            || (a == "people" && b == "cases")
            || (a == "cases" && b == "people")
            || (a == "count" && b == "beds")
            || (a == "beds" && b == "count")
            || (a == "count" && b == "households")
    }
}

#[derive(Deserialize)]
struct UnitsFile {
    unit: Vec<UnitEntry>,
    not_units: Vec<String>,
    magnitudes: HashMap<String, f64>,
    approximation: Approximation,
    comparators: Comparators,
    measure_words: MeasureWords,
    implicit_money: ImplicitMoney,
}
#[derive(Deserialize)]
struct ImplicitMoney {
    nouns: Vec<String>,
    window: usize,
}
/// Which words of the dictionary's measure words (measure_words.tsv) are refused.
#[derive(Deserialize)]
struct MeasureWords {
    exclude: Vec<String>,
}
#[derive(Deserialize)]
struct UnitEntry {
    surface: Vec<String>,
    base: String,
    family: String,
    #[serde(default)]
    to_family: Option<f64>,
}
#[derive(Deserialize)]
struct Approximation {
    before: Vec<String>,
    after: Vec<String>,
    between: Vec<String>,
}
#[derive(Deserialize)]
struct Comparators {
    before: Vec<String>,
    after: Vec<String>,
}

/// The general dictionary's measure words (word, family, frequency), each its own base unit,
/// after units.toml's entries (which win) and without the refused ones.
fn add_measure_words(
    tsv: &str,
    exclude: &[String],
    defs: &mut Vec<UnitDef>,
    surfaces: &mut Vec<(Vec<char>, Option<usize>)>,
) -> anyhow::Result<()> {
    for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let mut cols = line.split('\t');
        let (Some(word), Some(family)) = (cols.next(), cols.next()) else {
            anyhow::bail!("measure_words.tsv: a line without word and family: {line:?}");
        };
        let chars = normalise(word);
        if exclude.iter().any(|e| e == word) || surfaces.iter().any(|(s, _)| *s == chars) {
            continue;
        }
        defs.push(UnitDef { base: word.to_string(), family: family.to_string(), to_family: 1.0 });
        surfaces.push((chars, Some(defs.len() - 1)));
    }
    Ok(())
}

pub(super) fn parse_units(src: &str, measure_words: &str) -> anyhow::Result<Units> {
    let f: UnitsFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("units.toml: {e}"))?;
    let mut defs = Vec::new();
    let mut surfaces = Vec::new();
    for u in f.unit {
        let idx = defs.len();
        defs.push(UnitDef { base: u.base, family: u.family, to_family: u.to_family.unwrap_or(1.0) });
        for s in u.surface {
            surfaces.push((normalise(&s), Some(idx)));
        }
    }
    add_measure_words(measure_words, &f.measure_words.exclude, &mut defs, &mut surfaces)?;
    for s in f.not_units {
        surfaces.push((normalise(&s), None));
    }
    // Longest first; on equal length a real unit wins over a date word.
    surfaces.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.is_none().cmp(&b.1.is_none())));
    let mut surface_index: FxHashMap<char, Vec<usize>> = FxHashMap::default();
    for (i, (s, _)) in surfaces.iter().enumerate() {
        surface_index.entry(s[0]).or_default().push(i);
    }
    let mut magnitudes: Vec<(Vec<char>, f64)> = f.magnitudes.into_iter().map(|(k, v)| (normalise(&k), v)).collect();
    magnitudes.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
    Ok(Units {
        surfaces,
        surface_index,
        defs,
        magnitudes,
        approx_before: WordList::new(&f.approximation.before),
        approx_after: WordList::new(&f.approximation.after),
        approx_between: WordList::new(&f.approximation.between),
        comparators_before: WordList::new(&f.comparators.before),
        comparators_after: WordList::new(&f.comparators.after),
        implicit_money_nouns: WordList::new(&f.implicit_money.nouns),
        implicit_money_window: f.implicit_money.window,
    })
}
