//! Stage 4, metadata: title, genre (doc_type), region and period.
//!
//! The region comes from the title when it names one; otherwise from how the
//! text refers to itself (全市/我区 …) and the places it mentions, looked up in
//! the GB/T 2260 gazetteer: a report that says 我市 and names 盐都、阜宁、建湖 is
//! about 盐城市. An inferred region says so (`inferred: true`, with its basis).

// Fx hashing: small integer keys, hashed per place-name mention; and unlike the
// randomly seeded default, the same order in every run.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Serialize;

use super::knowledge::{FormKind, Knowledge, RegionLevel};
use super::text::collapse_cjk_spaces;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RegionGuess {
    pub name: String,
    pub code: String,
    pub level: RegionLevel,
    /// True when the text never names the region and it was inferred from
    /// the places it mentions.
    pub inferred: bool,
    pub basis: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Period {
    pub label: String,
    pub year: Option<i32>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub region: Option<RegionGuess>,
    pub year: Option<i32>,
    pub year_basis: Option<String>,
    pub period: Option<Period>,
}

pub fn clean_title(kb: &Knowledge, raw: &str) -> String {
    let mut t = collapse_cjk_spaces(raw);
    for _ in 0..3 {
        let before = t.clone();
        for re in &kb.meta.title_strip {
            t = re.replace(&t, "").trim().to_string();
        }
        if t == before {
            break;
        }
    }
    t
}

pub fn doc_type(kb: &Knowledge, title: &str) -> Option<String> {
    kb.meta
        .doc_types
        .iter()
        .find(|d| title.ends_with(d.as_str()))
        .or_else(|| kb.meta.doc_types.iter().find(|d| title.contains(d.as_str())))
        .cloned()
}

/// "2018年上半年" / "2007年" / "2023年1-6月" in a title or opening sentence.
fn period_in(s: &str) -> Option<(i32, String)> {
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        if i + 5 <= chars.len() && chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) && chars[i + 4] == '年' {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
            if !(1949..=2100).contains(&y) {
                continue;
            }
            // a range 2023-2025年 is a plan period, not the report's
            if i >= 1 && matches!(chars[i - 1], '-' | '—' | '~' | '至') {
                continue;
            }
            let mut label: String = chars[i..i + 5].iter().collect();
            let rest: String = chars[i + 5..].iter().take(8).collect();
            for suffix in [
                "上半年",
                "下半年",
                "第一季度",
                "第二季度",
                "第三季度",
                "第四季度",
                "一季度",
                "二季度",
                "三季度",
                "四季度",
                "前三季度",
                "全年",
                "年度",
                "度",
            ] {
                if rest.starts_with(suffix) {
                    label.push_str(suffix);
                    break;
                }
            }
            let re_months: Vec<char> = rest.chars().collect();
            if re_months.first().is_some_and(|c| c.is_ascii_digit()) {
                let m: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '—' | '~' | '月' | '份'))
                    .collect();
                if m.contains('月') && m.contains('-') {
                    label.push_str(&m);
                }
            }
            return Some((y, label));
        }
    }
    None
}

fn period_bounds(year: i32, label: &str) -> (Option<String>, Option<String>) {
    let (a, b) = if label.contains("上半年") {
        ((1, 1), (6, 30))
    } else if label.contains("下半年") {
        ((7, 1), (12, 31))
    } else if label.contains("前三季度") {
        ((1, 1), (9, 30))
    } else if label.contains("第一季度") || label.contains("一季度") && !label.contains("第") {
        ((1, 1), (3, 31))
    } else {
        ((1, 1), (12, 31))
    };
    (Some(format!("{year:04}-{:02}-{:02}", a.0, a.1)), Some(format!("{year:04}-{:02}-{:02}", b.0, b.1)))
}

/// Year mentions usable as the report's year when neither title nor opening
/// states it: the latest year the text reports on (not plans, not document titles).
fn latest_reported_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut best = None;
    let mut in_book = 0i32;
    for i in 0..chars.len() {
        match chars[i] {
            '《' => in_book += 1,
            '》' => in_book = (in_book - 1).max(0),
            _ => {}
        }
        if in_book > 0 || (i > 0 && chars[i - 1].is_ascii_digit()) {
            continue;
        }
        if i + 5 <= chars.len() && chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) && chars[i + 4] == '年' {
            let Ok(y) = chars[i..i + 4].iter().collect::<String>().parse::<i32>() else { continue };
            if !(1949..=2100).contains(&y) {
                continue;
            }
            let before: String = chars[i.saturating_sub(4)..i].iter().collect();
            if ["预计", "计划", "到", "至", "力争", "争取", "将于", "将在", "拟", "-", "—"]
                .iter()
                .any(|w| before.ends_with(w))
            {
                continue;
            }
            if chars.get(i + 5) == Some(&'版') {
                continue;
            }
            best = best.max(Some(y));
        }
    }
    best
}

struct Votes {
    score: HashMap<usize, f64>,
    /// mentions of the region itself by its full name or customary alias
    named: HashMap<usize, usize>,
    /// distinct written forms that point at the region (itself or places inside it)
    forms: HashMap<usize, HashSet<usize>>,
    support: HashMap<usize, Vec<String>>,
}

pub fn infer_region(kb: &Knowledge, title: Option<&str>, body: &str) -> Option<RegionGuess> {
    let gz = &kb.gazetteer;
    // 1. A region named in the title, most specific first.
    if let Some(t) = title {
        let mut found: Vec<usize> = Vec::new();
        for m in gz.mentions(t) {
            for &(r, kind) in gz.candidates(m.form) {
                if kind != FormKind::Short && gz.regions[r].level != RegionLevel::Township {
                    found.push(r);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        if found.len() > 1 {
            // several regions share a name (鼓楼区): prefer the one whose ancestors the text names
            let body_mentions = gz.mentions(body);
            let mentioned: HashSet<usize> =
                body_mentions.iter().flat_map(|m| gz.candidates(m.form).iter().map(|c| c.0)).collect();
            found.sort_by_key(|&r| {
                let anc = gz.ancestors(r);
                (
                    std::cmp::Reverse(gz.regions[r].level),
                    std::cmp::Reverse(anc.iter().filter(|a| mentioned.contains(a)).count()),
                )
            });
        }
        if let Some(&r) = found.first() {
            return Some(RegionGuess {
                name: gz.regions[r].name.clone(),
                code: gz.regions[r].code.clone(),
                level: gz.regions[r].level,
                inferred: false,
                basis: "named in the title".into(),
            });
        }
    }

    // 2. The level the report speaks at: 全市/我市 → prefecture, 我区/全县 → county.
    let mut level = None;
    let mut best_count = 0;
    let mut counts = [0usize; 4];
    for m in kb.meta.self_reference_matcher.find_overlapping_iter(body) {
        counts[kb.meta.self_reference_level[m.pattern().as_usize()] as usize] += 1;
    }
    for lvl in [RegionLevel::Prefecture, RegionLevel::County, RegionLevel::Province] {
        if counts[lvl as usize] > best_count {
            best_count = counts[lvl as usize];
            level = Some(lvl);
        }
    }
    let level = level?;

    // 3. Votes from place names: the region itself, or places inside it.
    let mut votes = Votes {
        score: HashMap::default(),
        named: HashMap::default(),
        forms: HashMap::default(),
        support: HashMap::default(),
    };
    let mut province_votes: HashMap<usize, f64> = HashMap::default();
    let mut seen_forms: HashSet<(usize, usize)> = HashSet::default();
    let mut mentions = gz.mentions(body);
    if level == RegionLevel::County {
        // Township names are short and often ordinary words (中心, 建设, 人民): count one
        // only where the text lists places ("老池、复桥、保升等") or names it as a place.
        const PLACE_AFTER: [&str; 12] =
            ["、", "等", "和", "镇", "乡", "街道", "社区", "卫生院", "中心卫生院", "村", "办事处", "片区"];
        mentions.extend(gz.township_mentions(body).into_iter().filter(|m| {
            let after = &body[m.end..];
            let before = &body[..m.start];
            PLACE_AFTER.iter().any(|w| after.starts_with(w)) || before.ends_with('、')
        }));
    }
    for m in mentions {
        let after = &body[m.end..];
        // Chinese has no spaces: 分乡镇 sits inside 部分乡镇. A short or township form
        // counts only after a boundary or a function word.
        let form_is_full_admin = gz
            .candidates(m.form)
            .iter()
            .any(|(r, k)| *k != FormKind::Short && gz.regions[*r].level != RegionLevel::Township);
        if !form_is_full_admin {
            let prev = body[..m.start].chars().next_back();
            let bounded = prev.is_none_or(|c| {
                !crate::extract::text::is_cjk(c) || "在和及与有对到由从的是等为将把了至于向同、".contains(c)
            });
            if !bounded {
                continue;
            }
        }
        // 中山大学, 广东医科大学: institutions named after places are not about them
        if ["大学", "医科大学", "学院", "路", "街"].iter().any(|w| after.starts_with(w)) {
            continue;
        }
        let form = gz.form(m.form);
        let cands = gz.candidates(m.form);
        let targets: Vec<(usize, usize, FormKind)> = cands
            .iter()
            .filter_map(|&(r, kind)| {
                let lvl = gz.regions[r].level;
                if lvl == RegionLevel::Township && level != RegionLevel::County {
                    return None;
                }
                gz.ancestor_at(r, level).map(|a| (a, r, kind))
            })
            .collect();
        for &(r, kind) in cands {
            if gz.regions[r].level == RegionLevel::Province {
                *province_votes.entry(r).or_default() += 1.0;
            } else if kind == FormKind::Full && gz.regions[r].level != RegionLevel::Township {
                if let Some(p) = gz.ancestor_at(r, RegionLevel::Province) {
                    *province_votes.entry(p).or_default() += 0.5 / cands.len() as f64;
                }
            }
        }
        let distinct: HashSet<usize> = targets.iter().map(|t| t.0).collect();
        if distinct.is_empty() {
            continue;
        }
        let share = 1.0 / distinct.len() as f64;
        for (anc, r, kind) in targets {
            let weight = match kind {
                FormKind::Full | FormKind::Alias => 2.0,
                FormKind::Short => 1.0,
            };
            votes.forms.entry(anc).or_default().insert(m.form);
            if anc == r {
                *votes.score.entry(anc).or_default() += weight * share;
                if kind != FormKind::Short {
                    *votes.named.entry(anc).or_default() += 1;
                }
            } else if seen_forms.insert((m.form, anc)) {
                *votes.score.entry(anc).or_default() += weight * share;
                votes.support.entry(anc).or_default().push(form.to_string());
            }
        }
    }

    // 4. Keep to the province the text is set in, when it says.
    let top_province = province_votes.iter().max_by(|a, b| a.1.partial_cmp(b.1).unwrap()).map(|(p, v)| (*p, *v));
    // A short form alone can be an ordinary word (资源 in 资源共享 is also 资源县): a
    // candidate rests on its full name, a full name inside it, or two different place names.
    let solid = |r: usize| {
        votes.named.get(&r).is_some_and(|n| *n > 0)
            || votes.forms.get(&r).is_some_and(|f| {
                f.len() >= 2
                    || f.iter().any(|&form| {
                        gz.candidates(form)
                            .iter()
                            .any(|(c, k)| *k == FormKind::Full && gz.regions[*c].level != RegionLevel::Township)
                    })
            })
    };
    let mut ranked: Vec<(usize, f64)> = votes.score.iter().map(|(r, s)| (*r, *s)).filter(|(r, _)| solid(*r)).collect();
    if let Some((p, v)) = top_province {
        if v >= 2.0 {
            let inside: Vec<(usize, f64)> =
                ranked.iter().copied().filter(|(r, _)| gz.ancestor_at(*r, RegionLevel::Province) == Some(p)).collect();
            if !inside.is_empty() {
                ranked = inside;
            }
        }
    }
    ranked.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
    let (best, score) = *ranked.first()?;
    let second = ranked.get(1).map(|r| r.1).unwrap_or(0.0);
    if score < 2.0 || score < 1.5 * second {
        return None;
    }
    let named = votes.named.get(&best).copied().unwrap_or(0);
    let support = votes.support.get(&best).cloned().unwrap_or_default();
    let basis = if named > 0 {
        format!("named in the text {named} time(s)")
    } else {
        format!(
            "inferred from place names in the text: {}",
            support.iter().take(8).cloned().collect::<Vec<_>>().join("、")
        )
    };
    Some(RegionGuess {
        name: gz.regions[best].name.clone(),
        code: gz.regions[best].code.clone(),
        level: gz.regions[best].level,
        inferred: named == 0,
        basis,
    })
}

pub struct MetaInput<'a> {
    pub title: Option<String>,
    pub opening: &'a str,
    pub body: &'a str,
    pub reported_text: &'a str,
}

pub fn metadata(kb: &Knowledge, input: MetaInput) -> Metadata {
    let title = input.title.map(|t| clean_title(kb, &t)).filter(|t| !t.is_empty());
    let doc_type = title.as_deref().and_then(|t| doc_type(kb, t));
    let region = infer_region(kb, title.as_deref(), input.body);

    let mut year = None;
    let mut basis = None;
    let mut label = None;
    if let Some((y, l)) = title.as_deref().and_then(period_in) {
        year = Some(y);
        label = Some(l);
        basis = Some("title".to_string());
    } else if let Some((y, l)) = period_in(input.opening) {
        year = Some(y);
        label = Some(l);
        basis = Some("opening sentence".to_string());
    } else if let Some(y) = latest_reported_year(input.reported_text) {
        year = Some(y);
        label = Some(format!("{y}年"));
        basis = Some("latest year the text reports on".to_string());
    }
    let period = year.map(|y| {
        let l = label.clone().unwrap_or_else(|| format!("{y}年"));
        let (s, e) = period_bounds(y, &l);
        Period { label: l, year: Some(y), start: s, end: e }
    });
    Metadata { title, doc_type, region, year, year_basis: basis, period }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_site_decorations() {
        let kb = Knowledge::embedded();
        assert_eq!(
            clean_title(kb, "2023年关于深化医改工作推进情况报告(完整文档)"),
            "2023年关于深化医改工作推进情况报告"
        );
        assert_eq!(clean_title(kb, "杭州市医改工作总结.docx"), "杭州市医改工作总结");
        assert_eq!(clean_title(kb, "全市卫生计生2018年上半年工作总    结"), "全市卫生计生2018年上半年工作总结");
        assert_eq!(doc_type(kb, "区卫生体制改革工作情况报告").as_deref(), Some("情况报告"));
        assert_eq!(doc_type(kb, "全市卫生计生2018年上半年工作总结").as_deref(), Some("工作总结"));
    }

    #[test]
    fn periods() {
        assert_eq!(period_in("全市卫生计生2018年上半年工作总结"), Some((2018, "2018年上半年".into())));
        assert_eq!(period_in("2007年杭州市医改工作总结"), Some((2007, "2007年".into())));
        assert_eq!(
            latest_reported_year("分别于2010年2月、12月和2011年6月全面实施。《2009年版目录》,预计2019年投用"),
            Some(2011)
        );
    }

    #[test]
    fn region_from_title_and_from_places() {
        let kb = Knowledge::embedded();
        let r = infer_region(kb, Some("2007年杭州市医改工作总结"), "我市").unwrap();
        assert_eq!((r.name.as_str(), r.code.as_str(), r.inferred), ("杭州市", "330100", false));
        let body = "我市基层医疗卫生机构综合改革工作,全市推进。盐都、阜宁、建湖同步落实了镇政府包干责任。今年实施的阜宁、滨海和响水共清理目录外药品。按照《江苏省基本药物制度实施办法》,在江苏省药品集中采购平台采购。市政府到亭湖专题督导。";
        let r = infer_region(kb, None, body).unwrap();
        assert_eq!(r.name, "盐城市");
        assert!(r.inferred);
        assert!(infer_region(kb, None, "我市卫生工作取得新进展,全市人民满意。").is_none());
    }
}
