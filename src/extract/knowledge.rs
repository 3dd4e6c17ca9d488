//! Knowledge that is data, not logic: units, vocabulary, section headings, noise
//! patterns, the indicator catalogue, the issue taxonomy and the gazetteer.
//!
//! The files live in `data/`; a copy is compiled in so the library and the CLI
//! work anywhere, and `Knowledge::load(dir)` reads an analyst's edited copy at
//! start-up instead.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use once_cell::sync::Lazy;
use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::text::normalise;

/// The raw text of each data file.
pub struct Sources {
    pub units: String,
    pub vocabulary: String,
    pub sections: String,
    pub noise: String,
    pub metadata: String,
    pub indicators: String,
    pub categories: String,
    pub regions: String,
    pub region_aliases: String,
    pub not_places: String,
}

const FILES: [&str; 10] = [
    "units.toml",
    "vocabulary.toml",
    "sections.toml",
    "noise.toml",
    "metadata.toml",
    "indicators.toml",
    "issue_categories.toml",
    "gazetteer/regions.tsv",
    "gazetteer/aliases.tsv",
    "gazetteer/not_places.txt",
];

impl Sources {
    pub fn embedded() -> Sources {
        Sources {
            units: include_str!("../../data/units.toml").into(),
            vocabulary: include_str!("../../data/vocabulary.toml").into(),
            sections: include_str!("../../data/sections.toml").into(),
            noise: include_str!("../../data/noise.toml").into(),
            metadata: include_str!("../../data/metadata.toml").into(),
            indicators: include_str!("../../data/indicators.toml").into(),
            categories: include_str!("../../data/issue_categories.toml").into(),
            regions: include_str!("../../data/gazetteer/regions.tsv").into(),
            region_aliases: include_str!("../../data/gazetteer/aliases.tsv").into(),
            not_places: include_str!("../../data/gazetteer/not_places.txt").into(),
        }
    }

    pub fn from_dir(dir: &Path) -> anyhow::Result<Sources> {
        let read = |name: &str| -> anyhow::Result<String> {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", dir.join(name).display()))
        };
        let [u, v, s, n, m, i, c, r, a, np] = FILES;
        Ok(Sources {
            units: read(u)?,
            vocabulary: read(v)?,
            sections: read(s)?,
            noise: read(n)?,
            metadata: read(m)?,
            indicators: read(i)?,
            categories: read(c)?,
            regions: read(r)?,
            region_aliases: read(a)?,
            not_places: read(np)?,
        })
    }
}

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

    pub fn contained_in(&self, chars: &[char]) -> bool {
        self.occurrences(chars).next().is_some()
    }

    pub fn count_in(&self, chars: &[char]) -> usize {
        self.occurrences(chars).count()
    }
}

// ---------------------------------------------------------------- units

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

fn parse_units(src: &str) -> anyhow::Result<Units> {
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
    })
}

// ---------------------------------------------------------------- vocabulary

#[derive(Debug)]
pub struct Vocabulary {
    pub name_prefixes: WordList,
    pub name_leading_verbs: WordList,
    pub name_suffixes: WordList,
    pub right_stops: WordList,
    pub bare_measures: WordList,
    pub change_up: WordList,
    pub change_down: WordList,
    pub level_verbs: WordList,
    pub change_nouns_down: WordList,
    pub change_nouns_up: WordList,
    pub target_before: WordList,
    pub target_after: WordList,
    pub requirement_words: WordList,
    pub comparison_markers: WordList,
}

#[derive(Deserialize)]
struct VocabularyFile {
    name_prefixes: Vec<String>,
    name_leading_verbs: Vec<String>,
    name_suffixes: Vec<String>,
    right_stops: Vec<String>,
    bare_measures: Vec<String>,
    change_up: Vec<String>,
    change_down: Vec<String>,
    level_verbs: Vec<String>,
    change_nouns_down: Vec<String>,
    change_nouns_up: Vec<String>,
    target_before: Vec<String>,
    target_after: Vec<String>,
    requirement_words: Vec<String>,
    comparison_markers: Vec<String>,
}

fn parse_vocabulary(src: &str) -> anyhow::Result<Vocabulary> {
    let f: VocabularyFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("vocabulary.toml: {e}"))?;
    Ok(Vocabulary {
        name_prefixes: WordList::new(&f.name_prefixes),
        name_leading_verbs: WordList::new(&f.name_leading_verbs),
        name_suffixes: WordList::new(&f.name_suffixes),
        right_stops: WordList::new(&f.right_stops),
        bare_measures: WordList::new(&f.bare_measures),
        change_up: WordList::new(&f.change_up),
        change_down: WordList::new(&f.change_down),
        level_verbs: WordList::new(&f.level_verbs),
        change_nouns_down: WordList::new(&f.change_nouns_down),
        change_nouns_up: WordList::new(&f.change_nouns_up),
        target_before: WordList::new(&f.target_before),
        target_after: WordList::new(&f.target_after),
        requirement_words: WordList::new(&f.requirement_words),
        comparison_markers: WordList::new(&f.comparison_markers),
    })
}

// ---------------------------------------------------------------- sections

#[derive(Debug)]
pub struct SectionRules {
    /// (kind, words) in precedence order.
    pub kinds: Vec<(String, WordList)>,
    pub max_bare_heading: usize,
    pub shortcoming_terms: WordList,
    pub shortcoming_share: f64,
    pub plan_starters: RegexSet,
}

#[derive(Deserialize)]
struct SectionsFile {
    kinds: SectionKinds,
    max_bare_heading: usize,
    shortcoming_terms: Vec<String>,
    shortcoming_share: f64,
    plan_starters: Vec<String>,
}
#[derive(Deserialize)]
struct SectionKinds {
    causes: Vec<String>,
    problems: Vec<String>,
    plans: Vec<String>,
    measures: Vec<String>,
    achievements: Vec<String>,
}

fn parse_sections(src: &str) -> anyhow::Result<SectionRules> {
    let f: SectionsFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("sections.toml: {e}"))?;
    let k = f.kinds;
    Ok(SectionRules {
        kinds: vec![
            ("causes".into(), WordList::new(&k.causes)),
            ("problems".into(), WordList::new(&k.problems)),
            ("plans".into(), WordList::new(&k.plans)),
            ("measures".into(), WordList::new(&k.measures)),
            ("achievements".into(), WordList::new(&k.achievements)),
        ],
        max_bare_heading: f.max_bare_heading,
        shortcoming_terms: WordList::new(&f.shortcoming_terms),
        shortcoming_share: f.shortcoming_share,
        plan_starters: RegexSet::new(&f.plan_starters)
            .map_err(|e| anyhow::anyhow!("sections.toml plan_starters: {e}"))?,
    })
}

// ---------------------------------------------------------------- noise

#[derive(Debug)]
pub struct NoiseRules {
    pub max_noise_line: usize,
    pub line: RegexSet,
    pub tail: RegexSet,
    pub glued_suffixes: WordList,
    pub inline: Vec<Regex>,
}

#[derive(Deserialize)]
struct NoiseFile {
    max_noise_line: usize,
    line: Vec<String>,
    tail: Vec<String>,
    glued_suffixes: Vec<String>,
    inline: Vec<String>,
}

fn parse_noise(src: &str) -> anyhow::Result<NoiseRules> {
    let f: NoiseFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("noise.toml: {e}"))?;
    Ok(NoiseRules {
        max_noise_line: f.max_noise_line,
        line: RegexSet::new(&f.line).map_err(|e| anyhow::anyhow!("noise.toml line: {e}"))?,
        tail: RegexSet::new(&f.tail).map_err(|e| anyhow::anyhow!("noise.toml tail: {e}"))?,
        glued_suffixes: WordList::new(&f.glued_suffixes),
        inline: f
            .inline
            .iter()
            .map(|p| Regex::new(p))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("noise.toml inline: {e}"))?,
    })
}

// ---------------------------------------------------------------- metadata

#[derive(Debug)]
pub struct MetadataRules {
    pub doc_types: Vec<String>,
    pub title_words: WordList,
    pub title_strip: Vec<Regex>,
    /// (level, words) for how a report names its own area.
    pub self_reference: Vec<(RegionLevel, Vec<String>)>,
    /// All self-reference words in one automaton; pattern i belongs to `self_reference_level[i]`.
    pub self_reference_matcher: AhoCorasick,
    pub self_reference_level: Vec<RegionLevel>,
}

#[derive(Deserialize)]
struct MetadataFile {
    doc_types: Vec<String>,
    title_words: Vec<String>,
    title_strip: Vec<String>,
    self_reference: SelfReference,
}
#[derive(Deserialize)]
struct SelfReference {
    prefecture: Vec<String>,
    county: Vec<String>,
    province: Vec<String>,
}

fn parse_metadata(src: &str) -> anyhow::Result<MetadataRules> {
    let f: MetadataFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("metadata.toml: {e}"))?;
    let mut doc_types = f.doc_types;
    doc_types.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    Ok(MetadataRules {
        doc_types,
        title_words: WordList::new(&f.title_words),
        title_strip: f
            .title_strip
            .iter()
            .map(|p| Regex::new(p))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("metadata.toml title_strip: {e}"))?,
        self_reference_matcher: AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(
            f.self_reference.prefecture.iter().chain(&f.self_reference.county).chain(&f.self_reference.province),
        )?,
        self_reference_level: std::iter::repeat_n(RegionLevel::Prefecture, f.self_reference.prefecture.len())
            .chain(std::iter::repeat_n(RegionLevel::County, f.self_reference.county.len()))
            .chain(std::iter::repeat_n(RegionLevel::Province, f.self_reference.province.len()))
            .collect(),
        self_reference: vec![
            (RegionLevel::Prefecture, f.self_reference.prefecture),
            (RegionLevel::County, f.self_reference.county),
            (RegionLevel::Province, f.self_reference.province),
        ],
    })
}

// ---------------------------------------------------------------- catalogue

#[derive(Debug, Clone, serde::Serialize)]
pub struct CatalogueEntry {
    /// Stable identifier used in URLs.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Unit of the series.
    pub unit: String,
    /// Grouping of the catalogue.
    pub domain: String,
    /// Substrings of an extracted name that give it this key.
    pub synonyms: Vec<String>,
    /// Alternatives that need every part.
    pub all: Vec<Vec<String>>,
    /// Substrings that keep an extracted name from this key.
    pub exclude: Vec<String>,
}

#[derive(Debug)]
pub struct Catalogue {
    pub entries: Vec<CatalogueEntry>,
    /// Every synonym and every part of an `all` alternative.
    matcher: AhoCorasick,
    /// pattern id → (entry, Some(alternative) for an `all` part, pattern length)
    patterns: Vec<(usize, Option<usize>, usize)>,
    /// entry → alternative → its parts, normalised as names are
    all_parts: Vec<Vec<Vec<String>>>,
}

#[derive(Deserialize)]
struct CatalogueFile {
    indicator: Vec<CatalogueToml>,
}
#[derive(Deserialize)]
struct CatalogueToml {
    key: String,
    name: String,
    unit: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    all: Vec<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
}

fn norm_name(s: &str) -> String {
    normalise(s).into_iter().filter(|c| !c.is_whitespace()).collect()
}

fn parse_catalogue(src: &str) -> anyhow::Result<Catalogue> {
    let f: CatalogueFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("indicators.toml: {e}"))?;
    let mut entries = Vec::new();
    let mut pats: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    let mut all_parts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in f.indicator.into_iter().enumerate() {
        if !seen.insert(e.key.clone()) {
            anyhow::bail!("indicators.toml: key {} appears twice", e.key);
        }
        for s in &e.synonyms {
            let n = norm_name(s);
            patterns.push((i, None, n.chars().count()));
            pats.push(n);
        }
        for (a, parts) in e.all.iter().enumerate() {
            for p in parts {
                let n = norm_name(p);
                patterns.push((i, Some(a), n.chars().count()));
                pats.push(n);
            }
        }
        all_parts.push(e.all.iter().map(|parts| parts.iter().map(|p| norm_name(p)).collect()).collect());
        entries.push(CatalogueEntry {
            key: e.key,
            name: e.name,
            unit: e.unit,
            domain: e.domain,
            synonyms: e.synonyms,
            all: e.all,
            exclude: e.exclude.iter().map(|x| norm_name(x)).collect(),
        });
    }
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&pats)?;
    Ok(Catalogue { entries, matcher, patterns, all_parts })
}

impl Catalogue {
    /// The catalogue key for an extracted name, if any entry recognises it and
    /// its unit is compatible (`None`: any unit will do). Longest synonym wins,
    /// then the one nearest the end; without a unit, the other way round.
    pub fn classify(&self, name: &str, unit: Option<&str>, units: &Units) -> Option<&CatalogueEntry> {
        let n = norm_name(name);
        // (entry) -> best (len, end) for synonyms; `all` parts tracked per alternative
        let mut best: Option<(usize, usize, usize)> = None; // (len, end, entry)
        let mut parts_found: Vec<((usize, usize), (usize, usize))> = Vec::new(); // (entry, alt) -> (parts seen, total len)
        for m in self.matcher.find_overlapping_iter(&n) {
            let (entry, alt, len) = self.patterns[m.pattern().as_usize()];
            let e = &self.entries[entry];
            if unit.is_some_and(|u| !units.compatible(u, &e.unit)) || e.exclude.iter().any(|x| n.contains(x.as_str())) {
                continue;
            }
            match alt {
                None => {
                    let cand = (len, m.end(), entry);
                    // With the unit to tell entries apart, the longest synonym wins.
                    // Without it the head of the noun phrase decides, and Chinese puts
                    // the head last: 基层医疗卫生机构门急诊量 is a number of visits.
                    let better = |b: (usize, usize, usize)| {
                        if unit.is_some() {
                            (cand.0, cand.1) > (b.0, b.1)
                        } else {
                            (cand.1, cand.0) > (b.1, b.0)
                        }
                    };
                    if best.is_none_or(better) {
                        best = Some(cand);
                    }
                }
                Some(a) => match parts_found.iter_mut().find(|(k, _)| *k == (entry, a)) {
                    Some((_, slot)) => {
                        slot.0 += 1;
                        slot.1 += len;
                    }
                    None => parts_found.push(((entry, a), (1, len))),
                },
            }
        }
        for ((entry, a), (count, total)) in parts_found {
            let parts = &self.all_parts[entry][a];
            let needed = parts.len();
            let distinct = parts.iter().filter(|p| n.contains(p.as_str())).count();
            if count >= needed && distinct == needed {
                let cand = (total, n.len(), entry);
                if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                    best = Some(cand);
                }
            }
        }
        best.map(|(_, _, e)| &self.entries[e])
    }

    pub fn get(&self, key: &str) -> Option<&CatalogueEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

// ---------------------------------------------------------------- issue categories

#[derive(Debug)]
pub struct Categories {
    pub categories: Vec<(String, WordList)>,
}

#[derive(Deserialize)]
struct CategoriesFile {
    category: Vec<CategoryToml>,
}
#[derive(Deserialize)]
struct CategoryToml {
    key: String,
    words: Vec<String>,
}

fn parse_categories(src: &str) -> anyhow::Result<Categories> {
    let f: CategoriesFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("issue_categories.toml: {e}"))?;
    Ok(Categories { categories: f.category.into_iter().map(|c| (c.key, WordList::new(&c.words))).collect() })
}

impl Categories {
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|(k, _)| k.as_str())
    }

    /// Category with the highest word score; words in the lead sentence count double.
    pub fn classify(&self, lead: &[char], body: &[char]) -> String {
        let mut best: Option<(usize, &str)> = None;
        for (key, words) in &self.categories {
            if words.words.is_empty() {
                continue;
            }
            let score = 2 * words.count_in(lead) + words.count_in(body);
            if score > 0 && best.is_none_or(|b| score > b.0) {
                best = Some((score, key));
            }
        }
        best.map(|b| b.1.to_string()).unwrap_or_else(|| "其他".to_string())
    }
}

// ---------------------------------------------------------------- gazetteer

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionLevel {
    Province,
    Prefecture,
    County,
    Township,
}

impl RegionLevel {
    pub fn as_str(&self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Prefecture => "prefecture",
            RegionLevel::County => "county",
            RegionLevel::Township => "township",
        }
    }
    pub fn parse(s: &str) -> Option<RegionLevel> {
        Some(match s {
            "province" => RegionLevel::Province,
            "prefecture" => RegionLevel::Prefecture,
            "county" => RegionLevel::County,
            "township" => RegionLevel::Township,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Full,
    Short,
    Alias,
}

#[derive(Debug)]
pub struct Gazetteer {
    pub regions: Vec<Region>,
    by_code: HashMap<String, usize>,
    /// Distinct written forms; `form_regions[i]` lists the regions form i may mean.
    forms: Vec<String>,
    form_regions: Vec<Vec<(usize, FormKind)>>,
    /// Forms of provinces, prefectures and counties (small, searched in every report).
    admin_matcher: AhoCorasick,
    admin_forms: Vec<usize>,
    /// Forms of townships (large, searched only to place a district- or county-level report).
    township_matcher: AhoCorasick,
    township_forms: Vec<usize>,
    /// ancestor at each level (province, prefecture, county, township), itself included
    levels: Vec<[Option<u32>; 4]>,
}

/// Suffixes stripped to get the short form people write (杭州市 → 杭州).
const SUFFIXES: [&str; 22] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "特别行政区",
    "自治州",
    "自治县",
    "自治旗",
    "街道办事处",
    "民族乡",
    "街道",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "镇",
    "乡",
];

fn short_forms(name: &str, level: RegionLevel) -> Vec<String> {
    let mut out = Vec::new();
    for s in SUFFIXES {
        if let Some(stem) = name.strip_suffix(s) {
            let n = stem.chars().count();
            // Two characters are the least a place name is written with.
            if n >= 2 && !(level == RegionLevel::Township && s == "区") {
                out.push(stem.to_string());
                if level == RegionLevel::Township {
                    if let Some(st) = stem.strip_suffix('路') {
                        if st.chars().count() >= 2 {
                            out.push(st.to_string());
                        }
                    }
                }
            }
            break;
        }
    }
    out
}

fn parse_gazetteer(regions_src: &str, aliases_src: &str, not_places_src: &str) -> anyhow::Result<Gazetteer> {
    let mut regions = Vec::new();
    let mut parents = Vec::new();
    let mut by_code = HashMap::new();
    for (n, line) in regions_src.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        let level = RegionLevel::parse(cols[2])
            .ok_or_else(|| anyhow::anyhow!("regions.tsv line {}: bad level {}", n + 1, cols[2]))?;
        if by_code.contains_key(cols[0]) {
            continue; // a city without districts lists itself again as a county: keep the first
        }
        by_code.insert(cols[0].to_string(), regions.len());
        regions.push(Region { code: cols[0].into(), name: cols[1].into(), level, parent: None });
        parents.push(cols[3].to_string());
    }
    for (i, p) in parents.iter().enumerate() {
        regions[i].parent = by_code.get(p).copied().filter(|&q| q != i);
    }
    let mut form_index: HashMap<String, usize> = HashMap::new();
    let mut forms: Vec<String> = Vec::new();
    let mut form_regions: Vec<Vec<(usize, FormKind)>> = Vec::new();
    let mut add = |form: String, region: usize, kind: FormKind| {
        let idx = *form_index.entry(form.clone()).or_insert_with(|| {
            forms.push(form);
            form_regions.push(Vec::new());
            forms.len() - 1
        });
        if !form_regions[idx].iter().any(|(r, _)| *r == region) {
            form_regions[idx].push((region, kind));
        }
    };
    for (i, r) in regions.iter().enumerate() {
        // Township names that are not places (开发区, 产业园, 农场 …) are left out.
        if r.level == RegionLevel::Township
            && !(r.name.ends_with('镇')
                || r.name.ends_with('乡')
                || r.name.ends_with("街道")
                || r.name.ends_with("苏木"))
        {
            continue;
        }
        add(r.name.clone(), i, FormKind::Full);
        for s in short_forms(&r.name, r.level) {
            add(s, i, FormKind::Short);
        }
    }
    for line in aliases_src.lines().skip(1) {
        if line.starts_with('#') || line.starts_with("alias") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() >= 2 {
            if let Some(&r) = by_code.get(cols[1].trim()) {
                add(cols[0].trim().to_string(), r, FormKind::Alias);
            }
        }
    }
    let not_places: std::collections::HashSet<&str> =
        not_places_src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    for (f, regs) in form_regions.iter_mut().enumerate() {
        if not_places.contains(forms[f].as_str()) {
            regs.clear();
        }
    }
    // A form naming any township goes to the township automaton; the rest stay small.
    let (mut admin_forms, mut township_forms) = (Vec::new(), Vec::new());
    for (f, regs) in form_regions.iter().enumerate() {
        if regs.iter().any(|(r, _)| regions[*r].level != RegionLevel::Township) {
            admin_forms.push(f);
        }
        if regs.iter().any(|(r, _)| regions[*r].level == RegionLevel::Township) {
            township_forms.push(f);
        }
    }
    let build = |ids: &[usize], kind| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(ids.iter().map(|&i| &forms[i]))
    };
    let admin_matcher = build(&admin_forms, aho_corasick::AhoCorasickKind::DFA)?;
    let township_matcher = build(&township_forms, aho_corasick::AhoCorasickKind::ContiguousNFA)?;
    let mut levels = vec![[None; 4]; regions.len()];
    for (i, row) in levels.iter_mut().enumerate() {
        let mut cur = Some(i);
        let mut depth = 0;
        while let Some(c) = cur {
            row[regions[c].level as usize] = Some(c as u32);
            cur = regions[c].parent;
            depth += 1;
            if depth > 4 {
                break;
            }
        }
    }
    Ok(Gazetteer {
        regions,
        by_code,
        forms,
        form_regions,
        admin_matcher,
        admin_forms,
        township_matcher,
        township_forms,
        levels,
    })
}

/// One place name found in a text.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub form: usize,
}

impl Gazetteer {
    pub fn by_code(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &self.regions[i])
    }
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// Leftmost-longest place-name mentions in `text` (byte offsets).
    pub fn mentions(&self, text: &str) -> Vec<PlaceMention> {
        self.admin_matcher
            .find_iter(text)
            .map(|m| PlaceMention { start: m.start(), end: m.end(), form: self.admin_forms[m.pattern().as_usize()] })
            .collect()
    }

    /// Township names in `text` (byte offsets).
    pub fn township_mentions(&self, text: &str) -> Vec<PlaceMention> {
        self.township_matcher
            .find_iter(text)
            .map(|m| PlaceMention { start: m.start(), end: m.end(), form: self.township_forms[m.pattern().as_usize()] })
            .collect()
    }

    pub fn form(&self, form: usize) -> &str {
        &self.forms[form]
    }

    pub fn candidates(&self, form: usize) -> &[(usize, FormKind)] {
        &self.form_regions[form]
    }

    pub fn ancestors(&self, mut i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(p) = self.regions[i].parent {
            if out.len() >= 4 {
                break; // province > prefecture > county > township: deeper is a data error
            }
            out.push(p);
            i = p;
        }
        out
    }

    pub fn ancestor_at(&self, i: usize, level: RegionLevel) -> Option<usize> {
        self.levels[i][level as usize].map(|a| a as usize)
    }

    /// A region given by GB/T 2260 code or by (full or short) name; full names win.
    pub fn lookup(&self, name_or_code: &str) -> Option<usize> {
        let q = name_or_code.trim();
        if let Some(&i) = self.by_code.get(q) {
            return Some(i);
        }
        let idx = self.forms.iter().position(|f| f == q)?;
        let cands = &self.form_regions[idx];
        cands
            .iter()
            .filter(|(r, _)| self.regions[*r].level != RegionLevel::Township)
            .min_by_key(|(r, k)| (*k != FormKind::Full, self.regions[*r].level))
            .or_else(|| cands.first())
            .map(|(r, _)| *r)
    }

    pub fn descendants_of(&self, i: usize) -> Vec<usize> {
        let level = self.regions[i].level;
        (0..self.regions.len()).filter(|&r| r != i && self.ancestor_at(r, level) == Some(i)).collect()
    }
}

// ---------------------------------------------------------------- all of it

#[derive(Debug)]
pub struct Knowledge {
    pub units: Units,
    pub vocab: Vocabulary,
    pub sections: SectionRules,
    pub noise: NoiseRules,
    pub meta: MetadataRules,
    pub catalogue: Catalogue,
    pub categories: Categories,
    pub gazetteer: Gazetteer,
}

static EMBEDDED: Lazy<Knowledge> =
    Lazy::new(|| Knowledge::from_sources(&Sources::embedded()).expect("embedded knowledge files are valid"));

impl Knowledge {
    /// The copy compiled into the binary (built once, on first use).
    pub fn embedded() -> &'static Knowledge {
        &EMBEDDED
    }

    /// Read the data files from `dir` (an analyst's edited copy).
    pub fn load(dir: &Path) -> anyhow::Result<Knowledge> {
        Knowledge::from_sources(&Sources::from_dir(dir)?)
    }

    pub fn from_sources(s: &Sources) -> anyhow::Result<Knowledge> {
        Ok(Knowledge {
            units: parse_units(&s.units)?,
            vocab: parse_vocabulary(&s.vocabulary)?,
            sections: parse_sections(&s.sections)?,
            noise: parse_noise(&s.noise)?,
            meta: parse_metadata(&s.metadata)?,
            catalogue: parse_catalogue(&s.indicators)?,
            categories: parse_categories(&s.categories)?,
            gazetteer: parse_gazetteer(&s.regions, &s.region_aliases, &s.not_places)?,
        })
    }
}
