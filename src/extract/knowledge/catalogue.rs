//! The indicator catalogue (data/indicators.toml) and how a name is classified into it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use super::units::Units;
use crate::extract::text::normalise;

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

pub(super) fn parse_catalogue(src: &str) -> anyhow::Result<Catalogue> {
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
