//! The gazetteer: GB/T 2260 regions, their written forms and indexed look-ups.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::numerals::cn_digit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionLevel {
    /// The whole country (全国): reports of the State Council.
    National,
    Province,
    Prefecture,
    County,
    Township,
}

impl RegionLevel {
    pub fn as_str(&self) -> &'static str {
        match self {
            RegionLevel::National => "national",
            RegionLevel::Province => "province",
            RegionLevel::Prefecture => "prefecture",
            RegionLevel::County => "county",
            RegionLevel::Township => "township",
        }
    }
    pub fn parse(s: &str) -> Option<RegionLevel> {
        Some(match s {
            "national" => RegionLevel::National,
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
    levels: Vec<[Option<u32>; 5]>,
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
            // Two characters are the least a place name is written with; 第三 (of 第三街道)
            // is an ordinal in running text, never the place.
            let ordinal = stem.starts_with('第') && stem.chars().nth(1).is_some_and(|c| cn_digit(c).is_some());
            if n >= 2 && !(level == RegionLevel::Township && s == "区") && !ordinal {
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

pub(super) fn parse_gazetteer(regions_src: &str, aliases_src: &str, not_places_src: &str) -> anyhow::Result<Gazetteer> {
    let (regions, by_code) = parse_regions(regions_src)?;
    let mut table = FormTable::default();
    add_region_forms(&mut table, &regions);
    add_aliases(&mut table, aliases_src, &by_code);
    let FormTable { forms, mut form_regions, .. } = table;
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
        if regs.iter().any(|(r, _)| !matches!(regions[*r].level, RegionLevel::Township | RegionLevel::National)) {
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
    let levels = ancestor_levels(&regions);
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

/// regions.tsv: the regions in order, each with its parent, and the index of each code.
fn parse_regions(regions_src: &str) -> anyhow::Result<(Vec<Region>, HashMap<String, usize>)> {
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
    Ok((regions, by_code))
}

/// Distinct written forms, each with the regions it may mean, as they are added.
#[derive(Default)]
struct FormTable {
    form_index: HashMap<String, usize>,
    forms: Vec<String>,
    form_regions: Vec<Vec<(usize, FormKind)>>,
}

impl FormTable {
    fn add(&mut self, form: String, region: usize, kind: FormKind) {
        let forms = &mut self.forms;
        let form_regions = &mut self.form_regions;
        let idx = *self.form_index.entry(form.clone()).or_insert_with(|| {
            forms.push(form);
            form_regions.push(Vec::new());
            forms.len() - 1
        });
        match form_regions[idx].iter_mut().find(|(r, _)| *r == region) {
            // a customary alias (宁夏) may also be a derived short form: it is the stronger
            Some(entry) if kind == FormKind::Alias => entry.1 = FormKind::Alias,
            Some(_) => {}
            None => form_regions[idx].push((region, kind)),
        }
    }
}

/// Each region's full name and its short forms.
fn add_region_forms(table: &mut FormTable, regions: &[Region]) {
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
        table.add(r.name.clone(), i, FormKind::Full);
        if r.level == RegionLevel::National {
            continue; // named by the State Council's own words (see metadata), not by 全国 in a text
        }
        for s in short_forms(&r.name, r.level) {
            table.add(s, i, FormKind::Short);
        }
    }
}

/// aliases.tsv: customary names of regions given by code.
fn add_aliases(table: &mut FormTable, aliases_src: &str, by_code: &HashMap<String, usize>) {
    for line in aliases_src.lines().skip(1) {
        if line.starts_with('#') || line.starts_with("alias") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() >= 2 {
            if let Some(&r) = by_code.get(cols[1].trim()) {
                table.add(cols[0].trim().to_string(), r, FormKind::Alias);
            }
        }
    }
}

/// Each region's ancestor at each level, itself included.
fn ancestor_levels(regions: &[Region]) -> Vec<[Option<u32>; 5]> {
    let mut levels = vec![[None; 5]; regions.len()];
    for (i, row) in levels.iter_mut().enumerate() {
        let mut cur = Some(i);
        let mut depth = 0;
        while let Some(c) = cur {
            row[regions[c].level as usize] = Some(c as u32);
            cur = regions[c].parent;
            depth += 1;
            if depth > 5 {
                break;
            }
        }
    }
    levels
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
