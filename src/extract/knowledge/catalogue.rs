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
    /// What the indicator measures, as the source defines it.
    pub definition: String,
    /// Where the indicator and its name come from (a statistics system), if anywhere.
    pub source: String,
    /// Substrings of an extracted name that give it this key on their own.
    pub synonyms: Vec<String>,
    /// Alternatives that need every part.
    pub all: Vec<Vec<String>>,
    /// Generic head terms (床位, 满意率, 投入) that give this key only together with a qualifier.
    pub heads: Vec<String>,
    /// Words of which a name with a head term must hold one (医疗 for 床位).
    pub qualifiers: Vec<String>,
    /// Substrings that keep an extracted name from this key.
    pub exclude: Vec<String>,
    /// The kinds (value, change, target) the entry accepts; empty: all.
    pub kinds: Vec<String>,
    /// The term must end the name, or be followed only by a count suffix (医院数).
    pub ends_name: bool,
}

/// Why a name got its key: the words that matched.
#[derive(Debug, Clone)]
pub struct KeyMatch<'a> {
    pub entry: &'a CatalogueEntry,
    pub basis: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum PatternKind {
    Synonym,
    /// A part of the `all` alternative with this index.
    Part(usize),
    Head,
}

#[derive(Debug)]
pub struct Catalogue {
    pub entries: Vec<CatalogueEntry>,
    /// Every synonym, every part of an `all` alternative and every head term.
    matcher: AhoCorasick,
    /// pattern id → (entry, what the pattern is, pattern length in chars)
    patterns: Vec<(usize, PatternKind, usize)>,
    /// entry → alternative → its parts, normalised as names are
    all_parts: Vec<Vec<Vec<String>>>,
    /// entry → its qualifiers, normalised
    qualifiers: Vec<Vec<String>>,
    /// what may follow a term that must end the name (数, 总数)
    count_suffixes: Vec<String>,
    /// a name ending in one of these is a share, for entries in percent only (占比)
    share_suffixes: Vec<String>,
}

#[derive(Deserialize)]
struct CatalogueFile {
    /// Named lists of qualifiers an entry can refer to as "@name".
    #[serde(default)]
    qualifier_sets: std::collections::HashMap<String, Vec<String>>,
    #[serde(default)]
    count_suffixes: Vec<String>,
    #[serde(default)]
    share_suffixes: Vec<String>,
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
    definition: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    all: Vec<Vec<String>>,
    #[serde(default)]
    heads: Vec<String>,
    #[serde(default)]
    qualifiers: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    ends_name: bool,
}

fn norm_name(s: &str) -> String {
    normalise(s).into_iter().filter(|c| !c.is_whitespace()).collect()
}

/// A synonym must say what is measured on its own: two characters rarely do (投入, 救助,
/// 床位), so they belong in `heads` with qualifiers. Known exceptions are names of one
/// disease or one service (布病, 婚检), listed here.
const SHORT_SYNONYMS_OK: [&str; 10] = ["布病", "婚检", "结核", "叶酸", "改厕", "病床", "药价", "医院", "疫苗", "接种"];

fn expand_qualifiers(
    sets: &std::collections::HashMap<String, Vec<String>>,
    key: &str,
    q: &[String],
) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for w in q {
        match w.strip_prefix('@') {
            Some(name) => out.extend(
                sets.get(name)
                    .ok_or_else(|| anyhow::anyhow!("indicators.toml {key}: no qualifier set {name}"))?
                    .iter()
                    .cloned(),
            ),
            None => out.push(w.clone()),
        }
    }
    Ok(out)
}

fn check_entry(e: &CatalogueToml) -> anyhow::Result<()> {
    if let Some(s) = e.synonyms.iter().find(|s| s.chars().count() <= 2 && !SHORT_SYNONYMS_OK.contains(&s.as_str())) {
        anyhow::bail!("indicators.toml {}: synonym {s:?} is too short to name the indicator alone; make it a head with qualifiers", e.key);
    }
    if !e.heads.is_empty() && e.qualifiers.is_empty() {
        anyhow::bail!("indicators.toml {}: heads need qualifiers", e.key);
    }
    if let Some(k) = e.kinds.iter().find(|k| !["value", "change", "target"].contains(&k.as_str())) {
        anyhow::bail!("indicators.toml {}: unknown kind {k:?}", e.key);
    }
    Ok(())
}

pub(super) fn parse_catalogue(src: &str) -> anyhow::Result<Catalogue> {
    let f: CatalogueFile = toml::from_str(src).map_err(|e| anyhow::anyhow!("indicators.toml: {e}"))?;
    let mut entries = Vec::new();
    let mut pats: Vec<String> = Vec::new();
    let mut patterns = Vec::new();
    let mut all_parts = Vec::new();
    let mut qualifiers = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in f.indicator.into_iter().enumerate() {
        if !seen.insert(e.key.clone()) {
            anyhow::bail!("indicators.toml: key {} appears twice", e.key);
        }
        check_entry(&e)?;
        let mut add = |w: &str, kind: PatternKind| {
            let n = norm_name(w);
            patterns.push((i, kind, n.chars().count()));
            pats.push(n);
        };
        e.synonyms.iter().for_each(|s| add(s, PatternKind::Synonym));
        for (a, parts) in e.all.iter().enumerate() {
            parts.iter().for_each(|p| add(p, PatternKind::Part(a)));
        }
        e.heads.iter().for_each(|h| add(h, PatternKind::Head));
        let quals = expand_qualifiers(&f.qualifier_sets, &e.key, &e.qualifiers)?;
        let exclude = expand_qualifiers(&f.qualifier_sets, &e.key, &e.exclude)?;
        qualifiers.push(quals.iter().map(|q| norm_name(q)).collect());
        all_parts.push(e.all.iter().map(|parts| parts.iter().map(|p| norm_name(p)).collect()).collect());
        entries.push(CatalogueEntry {
            key: e.key,
            name: e.name,
            unit: e.unit,
            domain: e.domain,
            definition: e.definition,
            source: e.source,
            synonyms: e.synonyms,
            all: e.all,
            heads: e.heads,
            qualifiers: quals,
            exclude: exclude.iter().map(|x| norm_name(x)).collect(),
            kinds: e.kinds,
            ends_name: e.ends_name,
        });
    }
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&pats)?;
    let count_suffixes = f.count_suffixes.iter().map(|w| norm_name(w)).collect();
    let share_suffixes = f.share_suffixes.iter().map(|w| norm_name(w)).collect();
    Ok(Catalogue { entries, matcher, patterns, all_parts, qualifiers, count_suffixes, share_suffixes })
}

/// A candidate key: (matched length, end of the match in the name, entry, basis).
type Candidate = (usize, usize, usize, String);

impl Catalogue {
    /// The catalogue key for an extracted name, if an entry recognises it: a synonym, all
    /// parts of an alternative, or a head term with one of its qualifiers; with a unit of
    /// the entry's family (`None`: any unit will do), a kind it accepts and none of its
    /// exclusion words. Longest match wins, then the one nearest the end; without a unit,
    /// the other way round (Chinese puts the head of a noun phrase last).
    ///
    /// `scope` is what the name sits under (the report's title, its section headings): a
    /// generic head in a health report's 人员培训 section is health training, in a government
    /// work report's paragraph on farming it is not.
    pub fn classify(
        &self,
        name: &str,
        unit: Option<&str>,
        kind: &str,
        scope: &str,
        clause: &[char],
        units: &Units,
    ) -> Option<KeyMatch<'_>> {
        let n = norm_name(name);
        // the clause's text is needed only for an institution count: made on first use
        let clause_text = std::cell::OnceCell::new();
        let clause_text =
            || clause_text.get_or_init(|| clause.iter().filter(|c| !c.is_whitespace()).collect::<String>());
        let scope = norm_name(scope);
        let mut best: Option<Candidate> = None;
        // a term that ends the name is its head (基层医疗卫生机构|床位); then the longest
        let at_end = |c: &Candidate| c.1 == n.len();
        let better = |cand: &Candidate, b: &Candidate| {
            if unit.is_some() {
                (at_end(cand), cand.0, cand.1) > (at_end(b), b.0, b.1)
            } else {
                (cand.1, cand.0) > (b.1, b.0)
            }
        };
        let mut parts_found: Vec<(usize, usize)> = Vec::new(); // (entry, alternative)
        for m in self.matcher.find_overlapping_iter(&n) {
            let (entry, pk, len) = self.patterns[m.pattern().as_usize()];
            if !self.admits(entry, &n, unit, kind, units) {
                continue;
            }
            // a count of institutions: the term ends the name, and no subset word stands in the
            // name or in the clause before the figure (新建改建…N所乡镇卫生院: the verb is off the name)
            let e = &self.entries[entry];
            if e.ends_name
                && (!self.ends_the_name(&n, m.end()) || e.exclude.iter().any(|x| clause_text().contains(x.as_str())))
            {
                continue;
            }
            let pattern = &n[m.start()..m.end()];
            let cand = match pk {
                PatternKind::Synonym => (len, m.end(), entry, format!("synonym {pattern}")),
                PatternKind::Head => {
                    let quals = &self.qualifiers[entry];
                    let basis = if let Some(q) = quals.iter().find(|q| n.contains(q.as_str())) {
                        format!("head {pattern} with qualifier {q}")
                    } else if let Some(q) = quals.iter().find(|q| scope.contains(q.as_str())) {
                        format!("head {pattern} with qualifier {q} in the title or section heading")
                    } else {
                        continue;
                    };
                    (len, m.end(), entry, basis)
                }
                PatternKind::Part(a) => {
                    if !parts_found.contains(&(entry, a)) {
                        parts_found.push((entry, a));
                    }
                    continue;
                }
            };
            if best.as_ref().is_none_or(|b| better(&cand, b)) {
                best = Some(cand);
            }
        }
        for (entry, a) in parts_found {
            let parts = &self.all_parts[entry][a];
            if parts.iter().all(|p| n.contains(p.as_str())) {
                let total = parts.iter().map(|p| p.chars().count()).sum();
                let cand = (total, n.len(), entry, format!("all of {}", parts.join(" + ")));
                if best.as_ref().is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                    best = Some(cand);
                }
            }
        }
        best.map(|(_, _, e, basis)| KeyMatch { entry: &self.entries[e], basis })
    }

    /// Nothing but a count suffix (数, 总数) follows byte offset `end` of the name.
    fn ends_the_name(&self, name: &str, end: usize) -> bool {
        let rest = &name[end..];
        rest.is_empty() || self.count_suffixes.iter().any(|s| s == rest)
    }

    /// The entry's unit family, kinds and exclusion words allow this name.
    fn admits(&self, entry: usize, name: &str, unit: Option<&str>, kind: &str, units: &Units) -> bool {
        let e = &self.entries[entry];
        // a name ending in a share word (城镇新增就业占比) is no count or amount
        let share_of = self.share_suffixes.iter().any(|w| name.ends_with(w.as_str()));
        (!share_of || units.def_of(&e.unit).is_some_and(|d| d.family == "percent"))
            && unit.is_none_or(|u| units.compatible(u, &e.unit))
            && (e.kinds.is_empty() || e.kinds.iter().any(|k| k == kind))
            && !e.exclude.iter().any(|x| name.contains(x.as_str()))
    }

    /// Where the first measure term of any entry (a synonym, a head, a part) starts in `name`,
    /// in chars: what comes before it is the name's subject (基层医疗卫生机构|门急诊量).
    pub fn first_term_at(&self, name: &str) -> Option<usize> {
        let n = norm_name(name);
        let byte = self.terms(&n).map(|m| m.start()).min()?;
        Some(n[..byte].chars().count())
    }

    /// Matches of synonyms and heads (not of `all` parts, which name nothing alone).
    fn terms<'a>(&'a self, n: &'a str) -> impl Iterator<Item = aho_corasick::Match> + 'a {
        self.matcher
            .find_overlapping_iter(n)
            .filter(|m| !matches!(self.patterns[m.pattern().as_usize()].1, PatternKind::Part(_)))
    }

    /// The longest measure term `name` opens with, in chars (0: none).
    pub fn opening_term_len(&self, name: &str) -> usize {
        let n = norm_name(name);
        self.terms(&n).filter(|m| m.start() == 0).map(|m| n[..m.end()].chars().count()).max().unwrap_or(0)
    }

    /// Where the measure term that ends `name` starts, in chars (Chinese puts the head last):
    /// 基层医疗卫生机构|门急诊量.
    pub fn final_term_at(&self, name: &str) -> Option<usize> {
        let n = norm_name(name);
        let byte = self.terms(&n).filter(|m| m.end() == n.len()).map(|m| m.start()).min()?;
        Some(n[..byte].chars().count())
    }

    pub fn get(&self, key: &str) -> Option<&CatalogueEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}
