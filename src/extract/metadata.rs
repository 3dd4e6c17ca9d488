//! Stage 4, metadata: title, genre (doc_type), region and period.
//!
//! The region comes from the title when it names one; otherwise from how the
//! text refers to itself (全市/我区 …) and the places it mentions, looked up in
//! the GB/T 2260 gazetteer: a report that says 我市 and names 盐都、阜宁、建湖 is
//! about 盐城市. An inferred region says so (`inferred: true`, with its basis).

// Fx hashing: small integer keys, hashed per place-name mention; and unlike the
// randomly seeded default, the same order in every run.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Serialize;

use super::knowledge::{FormKind, Knowledge, PlaceMention, RegionLevel};
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

/// The months that date a government work report late in the year it names: a district's
/// congress held in December ("(2022年12月21日)") hears the review of that same year.
const LATE_MONTHS: [&str; 2] = ["11月", "12月"];

/// Whether the title or the delivery line after it ("——2022年12月21日在…") dates the report
/// late in `year`, so that it reviews `year` rather than the year before.
pub fn delivered_late_in(year: i32, title: &str, after_title: &str) -> bool {
    let head: String = after_title.chars().take(DELIVERY_LINE_CHARS).collect();
    LATE_MONTHS.iter().any(|m| {
        let date = format!("{year}年{m}");
        title.contains(&date) || head.contains(&date)
    })
}

/// How far after the title its delivery line is looked for.
const DELIVERY_LINE_CHARS: usize = 40;

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
    let ending = kb.meta.doc_types.iter().find(|d| title.ends_with(d.as_str()));
    // "…工作总结及工作计划": a report that names a summary before its plan is the summary
    let first_named = kb
        .meta
        .doc_types
        .iter()
        .filter_map(|d| title.find(d.as_str()).map(|p| (p, std::cmp::Reverse(d.len()), d)))
        .min()
        .map(|(_, _, d)| d);
    match (ending, first_named) {
        (Some(e), Some(f))
            if kb.meta.plan_genres.contains(e) && !kb.meta.plan_genres.contains(f) && !e.contains(f.as_str()) =>
        {
            Some(f.clone())
        }
        (Some(e), _) => Some(e.clone()),
        (None, f) => f.cloned(),
    }
}

/// "2018年上半年" / "2007年" / "2023年1-6月" in a title or opening sentence.
fn period_in(s: &str) -> Option<(i32, String)> {
    period_in_text(s, false)
}

/// The period an opening paragraph names: a year with a period word (2020年度, 2016年上半年)
/// anywhere in it, or a bare year in its first clause ("2019年,全县…"). A bare year further
/// on is an event the paragraph recounts (1985年,我县对乡镇卫生院的管理…移交…).
fn period_in_opening(s: &str) -> Option<(i32, String)> {
    period_in_text(s, true)
}

fn period_in_text(s: &str, opening: bool) -> Option<(i32, String)> {
    let chars: Vec<char> = s.chars().collect();
    let first_clause_end = chars.iter().position(|c| matches!(c, ',' | '。' | ';')).unwrap_or(chars.len());
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        // "2020 年度": a space may stand before 年
        let nian = (i + 4..chars.len()).find(|&k| !chars[k].is_whitespace()).filter(|&k| k <= i + 5);
        if i + 5 <= chars.len()
            && chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && nian.is_some_and(|k| chars[k] == '年')
        {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
            let nian = nian.unwrap_or(i + 4);
            if !(1949..=2100).contains(&y) {
                continue;
            }
            // a range 2023-2025年 is a plan period, not the report's
            if i >= 1 && matches!(chars[i - 1], '-' | '—' | '~' | '至') {
                continue;
            }
            let mut label: String = format!("{y}年");
            let rest: String = chars[nian + 1..].iter().take(8).collect();
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
            if opening && label == format!("{y}年") && i > first_clause_end {
                continue;
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
/// states it: the latest year the text reports on (not plans, not document titles, not
/// the start of a span).
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
            // "2007年以来": a span from that year to an unstated present
            let since = chars[i + 5..].starts_with(&['以', '来']);
            if best.is_none_or(|(b, _)| y > b || (y == b && !since)) {
                best = Some((y, since));
            }
        }
    }
    // a text whose latest year opens a span reports on no year it states
    best.filter(|&(_, since)| !since).map(|(y, _)| y)
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
    infer_region_with(kb, title, body, &Issuer::default())
}

/// The region, from the strongest evidence there is: the title, the government that
/// delivers the report, and failing both the place names of the text.
pub fn infer_region_with(kb: &Knowledge, title: Option<&str>, body: &str, issuer: &Issuer) -> Option<RegionGuess> {
    if let Some(r) = title.and_then(|t| region_in_title(kb, t, body)) {
        return Some(guess(kb, r, false, "named in the title".into()));
    }
    if issuer.national {
        let r = kb.gazetteer.index_of(NATIONAL_CODE)?;
        return Some(guess(kb, r, false, format!("the State Council delivers it: {}", issuer.basis)));
    }
    if let Some(r) = issuer.region {
        return Some(guess(kb, r, false, format!("the issuing government: {}", issuer.basis)));
    }
    let level = issuer.level.or_else(|| level_spoken_at(kb, body))?;
    region_from_places(kb, body, level)
}

/// GB/T 2260 has no code for the country; this one is the national row of the gazetteer.
pub const NATIONAL_CODE: &str = "100000";

fn guess(kb: &Knowledge, r: usize, inferred: bool, basis: String) -> RegionGuess {
    let reg = &kb.gazetteer.regions[r];
    RegionGuess { name: reg.name.clone(), code: reg.code.clone(), level: reg.level, inferred, basis }
}

/// A region named in the title by its full name, an alias or a province's short name
/// (河北, 宁夏), the most specific first.
fn region_in_title(kb: &Knowledge, title: &str, body: &str) -> Option<usize> {
    let gz = &kb.gazetteer;
    let mut found: Vec<usize> = Vec::new();
    for m in gz.mentions(title) {
        if !bounded_mention(kb, title, &m) {
            continue;
        }
        for &(r, kind) in gz.candidates(m.form) {
            let level = gz.regions[r].level;
            let named = kind != FormKind::Short || level == RegionLevel::Province;
            if named && !matches!(level, RegionLevel::Township | RegionLevel::National) {
                found.push(r);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    if found.len() > 1 {
        // several regions share a name (鼓楼区): prefer the one whose ancestors the text names
        let mentioned: HashSet<usize> =
            gz.mentions(body).iter().flat_map(|m| gz.candidates(m.form).iter().map(|c| c.0)).collect();
        found.sort_by_key(|&r| {
            let anc = gz.ancestors(r);
            (
                std::cmp::Reverse(gz.regions[r].level),
                std::cmp::Reverse(anc.iter().filter(|a| mentioned.contains(a)).count()),
            )
        });
    }
    found.first().copied()
}

/// Chinese has no spaces: 成县 sits inside 完成县城, 范县 inside 示范县. A short form, a
/// township or a two-character full name counts only after a boundary or a function word.
fn bounded_mention(kb: &Knowledge, text: &str, m: &PlaceMention) -> bool {
    let gz = &kb.gazetteer;
    let form = gz.form(m.form);
    let full_admin = gz.candidates(m.form).iter().any(|(r, k)| {
        *k != FormKind::Short && !matches!(gz.regions[*r].level, RegionLevel::Township | RegionLevel::National)
    });
    if full_admin && form.chars().count() > 2 {
        return true;
    }
    text[..m.start].chars().next_back().is_none_or(|c| {
        !crate::extract::text::is_cjk(c) || "在和及与有对到由从的是等为将把了至于向同、年省市县区州盟旗".contains(c)
    })
}

/// Who delivers the report, as its page fields and opening words say.
#[derive(Debug, Default, Clone)]
pub struct Issuer {
    pub region: Option<usize>,
    /// The level named without a name (我代表省人民政府 → province).
    pub level: Option<RegionLevel>,
    pub national: bool,
    pub basis: String,
}

pub fn issuer(kb: &Knowledge, header: &str) -> Issuer {
    let mut out = Issuer::default();
    if let Some(cue) = kb.meta.national_cues.iter().find(|c| header.contains(c.as_str())) {
        out.national = true;
        out.basis = cue.clone();
        return out;
    }
    for re in &kb.meta.issuer_patterns {
        for c in re.captures_iter(header) {
            let Some(who) = c.name("who") else { continue };
            let who = who.as_str();
            if let Some(r) = most_specific_named(kb, who) {
                out.region = Some(r);
                out.basis = c.get(0).map_or(who, |m| m.as_str()).trim().to_string();
                return out;
            }
            if out.level.is_none() {
                out.level = level_word(who);
            }
        }
    }
    out
}

/// The most specific region a short phrase names in full (高阳县人民政府县长 → 高阳县).
fn most_specific_named(kb: &Knowledge, phrase: &str) -> Option<usize> {
    let gz = &kb.gazetteer;
    gz.mentions(phrase)
        .iter()
        .filter(|m| bounded_mention(kb, phrase, m))
        .flat_map(|m| gz.candidates(m.form).iter().copied())
        .filter(|&(r, k)| {
            let level = gz.regions[r].level;
            (k != FormKind::Short || level == RegionLevel::Province)
                && !matches!(level, RegionLevel::Township | RegionLevel::National)
        })
        .max_by_key(|&(r, _)| gz.regions[r].level)
        .map(|(r, _)| r)
}

fn level_word(who: &str) -> Option<RegionLevel> {
    let w = who.trim();
    if w.ends_with("自治区") || w.ends_with('省') {
        Some(RegionLevel::Province)
    } else if w.ends_with('市') || w.ends_with('州') || w.ends_with('盟') {
        Some(RegionLevel::Prefecture)
    } else if w.ends_with('县') || w.ends_with('区') || w.ends_with('旗') {
        Some(RegionLevel::County)
    } else {
        None
    }
}

/// The level the report speaks at: 全市/我市 → prefecture, 我区/全县 → county.
fn level_spoken_at(kb: &Knowledge, body: &str) -> Option<RegionLevel> {
    let mut counts = [0usize; 5];
    for m in kb.meta.self_reference_matcher.find_overlapping_iter(body) {
        counts[kb.meta.self_reference_level[m.pattern().as_usize()] as usize] += 1;
    }
    let mut level = None;
    let mut best_count = 0;
    for lvl in [RegionLevel::Prefecture, RegionLevel::County, RegionLevel::Province] {
        if counts[lvl as usize] > best_count {
            best_count = counts[lvl as usize];
            level = Some(lvl);
        }
    }
    level
}

/// Place names of the text, counted for the region at `level` they lie in.
fn place_votes(kb: &Knowledge, body: &str, level: RegionLevel) -> (Votes, HashMap<usize, f64>) {
    let gz = &kb.gazetteer;
    let mut votes = Votes {
        score: HashMap::default(),
        named: HashMap::default(),
        forms: HashMap::default(),
        support: HashMap::default(),
    };
    let mut province_votes: HashMap<usize, f64> = HashMap::default();
    let mut seen_forms: HashSet<(usize, usize)> = HashSet::default();
    for m in level_mentions(kb, body, level) {
        let after = &body[m.end..];
        if !bounded_mention(kb, body, &m) {
            continue;
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
    (votes, province_votes)
}

/// Place-name mentions worth counting at `level`: townships only for a county-level report,
/// and only where the text lists places ("老池、复桥、保升等") or names one as a place
/// (township names are short and often ordinary words: 中心, 建设, 人民).
fn level_mentions(kb: &Knowledge, body: &str, level: RegionLevel) -> Vec<PlaceMention> {
    let gz = &kb.gazetteer;
    let mut mentions = gz.mentions(body);
    if level == RegionLevel::County {
        const PLACE_AFTER: [&str; 12] =
            ["、", "等", "和", "镇", "乡", "街道", "社区", "卫生院", "中心卫生院", "村", "办事处", "片区"];
        mentions.extend(gz.township_mentions(body).into_iter().filter(|m| {
            let after = &body[m.end..];
            let before = &body[..m.start];
            PLACE_AFTER.iter().any(|w| after.starts_with(w)) || before.ends_with('、')
        }));
    }
    mentions
}

/// The region the place names of the text point at, if one stands out.
fn region_from_places(kb: &Knowledge, body: &str, level: RegionLevel) -> Option<RegionGuess> {
    let gz = &kb.gazetteer;
    let (votes, province_votes) = place_votes(kb, body, level);
    // Keep to the province the text is set in, when it says.
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
    Some(guess(kb, best, named == 0, basis))
}

pub struct MetaInput<'a> {
    pub title: Option<String>,
    pub opening: &'a str,
    pub body: &'a str,
    pub reported_text: &'a str,
    /// The page's first lines as read, noise included: page fields (报告人：…, 发文时间：…)
    /// and the speaker's opening words name who delivers the report and when.
    pub header: &'a str,
}

/// The genre words the title uses; a generic one (报告, 讲话) or none gives way to what the
/// opening says the report is (我代表…人民政府，向大会报告工作 → 政府工作报告).
fn genre(kb: &Knowledge, title: Option<&str>, header: &str) -> Option<String> {
    let from_title = title.and_then(|t| doc_type(kb, t));
    if from_title.as_ref().is_some_and(|g| !kb.meta.generic_doc_types.contains(g)) {
        return from_title;
    }
    let cued = kb.meta.genre_cues.iter().find(|(_, res)| res.iter().any(|re| re.is_match(header)));
    let g = cued.map(|(g, _)| g.clone()).or(from_title)?;
    Some(kb.meta.genre_as_said.get(&g).cloned().unwrap_or(g))
}

pub const GOVERNMENT_WORK_REPORT: &str = "政府工作报告";

pub fn metadata(kb: &Knowledge, input: MetaInput) -> Metadata {
    let full_title = input.title.map(|t| clean_title(kb, &t)).filter(|t| !t.is_empty());
    let doc_type = genre(kb, full_title.as_deref(), input.header);
    let title = full_title.as_deref().map(|t| strip_subtitle(kb, t)).filter(|t| !t.is_empty());
    let issuer = issuer(kb, input.header);
    let region = infer_region_with(kb, full_title.as_deref(), input.body, &issuer);
    let delivered = (doc_type.as_deref() == Some(GOVERNMENT_WORK_REPORT))
        .then(|| year_delivered(full_title.as_deref(), input.header))
        .flatten();
    let found = if let Some((y, why)) = delivered {
        Some((y, format!("{y}年"), why.to_string()))
    } else if let Some((y, l)) = full_title.as_deref().and_then(period_in) {
        Some((y, l, "title".to_string()))
    } else if let Some((y, l)) = period_in_opening(input.opening) {
        Some((y, l, "opening sentence".to_string()))
    } else {
        latest_reported_year(input.reported_text)
            .map(|y| (y, format!("{y}年"), "latest year the text reports on".to_string()))
    };
    let (year, label, basis) = match found {
        Some((y, l, b)) => (Some(y), Some(l), Some(b)),
        None => (None, None, None),
    };
    let period = year.map(|y| {
        let l = label.clone().unwrap_or_else(|| format!("{y}年"));
        let (s, e) = period_bounds(y, &l);
        Period { label: l, year: Some(y), start: s, end: e }
    });
    Metadata { title, doc_type, region, year, year_basis: basis, period }
}

/// "政府工作报告——2013年1月26日在…会议上" → "政府工作报告".
pub fn strip_subtitle(kb: &Knowledge, title: &str) -> String {
    let t = kb.meta.subtitle.replace(title, "").trim().to_string();
    if t.is_empty() {
        title.to_string()
    } else {
        t
    }
}

/// The year a government work report is delivered in: its dateline (2013年1月26日在…会议上,
/// 二〇一九年一月十四日在…, a line "(2007年1月30日)"), the year after the one it reviews
/// (一、2018年工作回顾), its title, or the page's date of issue. The report's own words come
/// before the page's fields, which scraping sites fill in carelessly.
fn year_delivered(title: Option<&str>, header: &str) -> Option<(i32, &'static str)> {
    const D: &str = r"([0-9〇零○一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日";
    static DATELINE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(r"{D}\s*(在|[^\n。]{{0,30}}在)[^\n。]{{0,40}}(会议|大会)|(?m)^\s*\(\s*{D}\s*\)\s*$"))
            .unwrap()
    });
    static REVIEW: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?m)^\s*[一二三四五六七八九十]+\s*[、.]\s*(\d{4})\s*年\s*(工作)?回顾").unwrap());
    static ISSUED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(发文时间|发布时间|发文日期|成文日期)\s*:\s*(\d{4})").unwrap());
    let plausible = |y: i32| Some(y).filter(|y| (1949..=2100).contains(y));
    if let Some(c) = DATELINE.captures(header) {
        let digits = c.get(1).or_else(|| c.get(4)).map(|m| m.as_str()).unwrap_or("");
        if let Some(y) = written_year(digits).and_then(plausible) {
            return Some((y, "dateline"));
        }
    }
    if let Some(y) = REVIEW.captures(header).and_then(|c| c[1].parse().ok()).and_then(plausible) {
        return Some((y + 1, "the year after the one it reviews"));
    }
    if let Some((y, _)) = title.and_then(period_in) {
        return Some((y, "title"));
    }
    ISSUED.captures(header).and_then(|c| c[2].parse().ok()).and_then(plausible).map(|y| (y, "date of issue"))
}

/// A year written in Arabic digits or digit by digit in Chinese (二〇一九).
fn written_year(s: &str) -> Option<i32> {
    s.chars().try_fold(0i32, |acc, c| {
        let d = match c {
            '0'..='9' => c as i32 - '0' as i32,
            '〇' | '零' | '○' => 0,
            _ => crate::extract::numerals::cn_digit(c)? as i32,
        };
        Some(acc * 10 + d)
    })
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
        assert_eq!(clean_title(kb, "计划免疫实施方案【1】"), "计划免疫实施方案");
        assert_eq!(clean_title(kb, "全市卫生计生2018年上半年工作总    结"), "全市卫生计生2018年上半年工作总结");
        assert_eq!(doc_type(kb, "区卫生体制改革工作情况报告").as_deref(), Some("情况报告"));
        assert_eq!(doc_type(kb, "全市卫生计生2018年上半年工作总结").as_deref(), Some("工作总结"));
    }

    #[test]
    fn genres_as_users_name_them() {
        let kb = Knowledge::embedded();
        assert_eq!(genre(kb, Some("乡镇卫生院免疫规划年终总结"), "").as_deref(), Some("工作总结"));
        // a news item: a site's credit or a dateline opens it, its title names no genre
        assert_eq!(genre(kb, None, "星报讯 2月10日上午,安徽省召开全省民政工作会议").as_deref(), Some("新闻报道"));
        assert_eq!(
            genre(kb, None, "标题\n7月16日,区卫健局组织召开全区卫生健康系统工作推进会议。").as_deref(),
            Some("新闻报道")
        );
        assert_eq!(genre(kb, Some("2023年卫生健康工作总结"), "7月16日,召开会议。").as_deref(), Some("工作总结"));
        assert_eq!(genre(kb, None, "今年以来,我局认真贯彻落实。"), None);
    }

    #[test]
    fn periods() {
        assert_eq!(period_in("全市卫生计生2018年上半年工作总结"), Some((2018, "2018年上半年".into())));
        assert_eq!(period_in("2007年杭州市医改工作总结"), Some((2007, "2007年".into())));
        // an opening names its period with a period word or in its first clause; a bare year
        // further on is an event it recounts
        assert_eq!(
            period_in_opening("在全县开展了2020 年度农村居民问题调查,结果显示:"),
            Some((2020, "2020年度".into()))
        );
        assert_eq!(period_in_opening("2019年,全县卫生工作取得新进展。"), Some((2019, "2019年".into())));
        assert_eq!(period_in_opening("一是管理体制不顺。1985年,我县对卫生院的管理移交乡镇。"), None);
        assert_eq!(
            latest_reported_year("分别于2010年2月、12月和2011年6月全面实施。《2009年版目录》,预计2019年投用"),
            Some(2011)
        );
        // set 4 h08, a five-year review: "现将2007年以来工作任务完成情况…汇报如下"
        assert_eq!(latest_reported_year("2005年建成。现将2007年以来工作任务完成情况汇报如下"), None);
        assert_eq!(latest_reported_year("2007年以来,新建卫生院3所,2009年投用"), Some(2009));
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
