//! Stage 6, indicators: each quantity becomes an observation with a name (what a
//! spreadsheet column would say), a kind (value, change, target), the year it
//! refers to and a catalogue key.
//!
//! Names are read the way Chinese puts them: the words before a number name it
//! ("农民参合率达到97.2%"); a count that qualifies a noun is named by the noun
//! after it ("45个社区卫生服务中心"); a comparison or a change without its own
//! subject ("比2006年的14.85%", "提高了4.31个百分点") takes the name of the value
//! before it; 分别 distributes a list of subjects over a list of values.

use serde::Serialize;

use super::knowledge::Knowledge;
use super::outline::{Outline, SectionKind};
use super::quantities::Quantity;
use super::text::{is_cjk, is_space, sentence_around, starts_with_at};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A level or amount.
    Value,
    /// A difference (decreases negative).
    Change,
    /// A goal or requirement.
    Target,
}

impl IndicatorKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            IndicatorKind::Value => "value",
            IndicatorKind::Change => "change",
            IndicatorKind::Target => "target",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Index of the quantity in the extraction's quantity list.
    pub quantity: usize,
    pub name: String,
    pub indicator_key: Option<String>,
    pub kind: IndicatorKind,
    pub value: Option<f64>,
    pub unit: String,
    pub year: Option<i32>,
    /// How the year was found: explicit, comparison, context, report.
    pub year_basis: &'static str,
    pub approximate: bool,
    pub comparator: Option<String>,
    /// The sentence the value was read from.
    pub evidence: (usize, usize),
    pub section_kind: SectionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearKind {
    Context,
    Base,
    Date,
}

#[derive(Debug, Clone, Copy)]
struct YearMention {
    start: usize,
    end: usize,
    year: i32,
    kind: YearKind,
}

fn year_value(digits: &[char]) -> Option<i32> {
    let s: String = digits.iter().collect();
    let v: i32 = s.parse().ok()?;
    match digits.len() {
        4 if (1949..=2100).contains(&v) => Some(v),
        2 => Some(if v < 50 { 2000 + v } else { 1900 + v }),
        _ => None,
    }
}

fn inside_book_title(chars: &[char], pos: usize, floor: usize) -> bool {
    let mut k = pos;
    while k > floor {
        k -= 1;
        match chars[k] {
            '《' | '〈' => return true,
            '》' | '〉' | '。' => return false,
            _ => {}
        }
    }
    false
}

/// Every "2007年" / "06年" / "2017年度" in the text, classified.
fn year_mentions(chars: &[char], body: &std::ops::Range<usize>) -> Vec<YearMention> {
    let mut out = Vec::new();
    let mut i = body.start;
    let end = body.end.min(chars.len());
    while i < end {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < end && chars[j].is_ascii_digit() {
            j += 1;
        }
        let n = j - i;
        // "2007 年": a space between the digits and 年 (PDF layers, careless typing)
        if j + 1 < end && chars[j] == ' ' && chars[j + 1] == '年' {
            j += 1;
        }
        if (n == 4 || n == 2) && j < end && chars[j] == '年' {
            if let Some(year) = year_value(&chars[i..i + n]) {
                let mut after = j + 1;
                if after < end && chars[after] == '度' {
                    after += 1;
                }
                let before = if i > 0 { chars[i - 1] } else { ' ' };
                let range_end =
                    matches!(before, '-' | '—' | '~' | '至' | '到') && i >= 2 && chars[i - 2].is_ascii_digit();
                let with_month = after < end && chars[after].is_ascii_digit() && {
                    let mut k = after;
                    while k < end && chars[k].is_ascii_digit() {
                        k += 1;
                    }
                    k < end && chars[k] == '月'
                };
                let base = matches!(before, '比' | '较' | '由' | '从' | '与' | '同' | '于')
                    || starts_with_at(chars, after, "同比")
                    || starts_with_at(chars, after, "相比")
                    || starts_with_at(chars, after, "同期");
                let kind = if with_month
                    || range_end
                    || inside_book_title(chars, i, body.start)
                    || starts_with_at(chars, after, "版")
                {
                    YearKind::Date
                } else if base {
                    YearKind::Base
                } else {
                    YearKind::Context
                };
                out.push(YearMention { start: i, end: after, year, kind });
            }
        }
        i = j;
    }
    out
}

/// Where the words naming quantity `q` start: the clause boundary, or the end
/// of the quantity before it.
fn left_boundary(chars: &[char], q: &Quantity, prev_end: Option<usize>, floor: usize) -> usize {
    let mut k = q.start;
    while k > floor {
        let c = chars[k - 1];
        if matches!(c, ',' | ':' | ';' | '。' | '\n' | '!' | '?' | '…' | '—') {
            break;
        }
        if c == '、'
            && prev_end.is_some_and(|p| {
                k > p && k - 1 - p <= 6 && !chars[p..k - 1].iter().any(|c| matches!(c, ',' | ';' | ':' | '。'))
            })
        {
            break; // 卫技岗位8458个、管理岗位538个 / 523个品种、2100万元
        }
        if c == ')' || c == '〕' {
            // keep a short parenthesis without numbers inside the name: 乡镇(街道)
            let mut m = k - 1;
            let mut ok = false;
            while m > floor && k - 1 - m <= 8 {
                m -= 1;
                if chars[m] == '(' || chars[m] == '〔' {
                    ok = !chars[m..k].iter().any(|c| c.is_ascii_digit());
                    break;
                }
            }
            if ok {
                k = m;
                continue;
            }
            break;
        }
        if c == '(' || c == '〔' {
            break;
        }
        if let Some(p) = prev_end {
            if k - 1 < p {
                break;
            }
        }
        k -= 1;
    }
    k
}

#[derive(Debug, Default, Clone)]
struct LeftParse {
    name: Vec<char>,
    change: Option<i8>, // +1 up, -1 down
    level: bool,
    /// The left words were only a comparison ("比2006年的", "由"): the value is a base.
    comparison: bool,
    /// The left words said 占 ("分别占86.2%"): a share of the subject before.
    share: bool,
    /// 分别 came right before the values.
    distributive: bool,
    /// The words ended with 由/从: the value is the starting point of a change ("三级医院由10%").
    from_base: bool,
    target_cue: bool,
}

fn strip_spaces(v: &[char]) -> Vec<char> {
    v.iter().copied().filter(|c| !is_space(*c)).collect()
}

/// Strip dates and times the name starts with: 2007年, 截至12月底, 1-6月份.
fn strip_leading_dates(name: &mut Vec<char>) -> bool {
    let mut i = 0;
    // 截至2018年 / 近10年 / 过去5年: a time before the name
    for w in ["截至", "截止到", "截止", "到", "至", "近", "最近", "过去"] {
        if starts_with_at(name, 0, w) {
            i = w.chars().count();
            break;
        }
    }
    let mut j = i;
    while j < name.len() && (name[j].is_ascii_digit() || matches!(name[j], '-' | '—' | '~')) {
        j += 1;
    }
    if j > i {
        let mut k = j;
        for w in ["年度", "年", "月份", "月底", "月末", "月初", "月", "日", "季度"] {
            if starts_with_at(name, k, w) {
                k += w.chars().count();
                // 2018年5月底
                let mut m = k;
                while m < name.len() && name[m].is_ascii_digit() {
                    m += 1;
                }
                if m > k {
                    for w2 in ["月底", "月末", "月初", "月份", "月", "日"] {
                        if starts_with_at(name, m, w2) {
                            k = m + w2.chars().count();
                            break;
                        }
                    }
                }
                for w3 in ["上半年", "下半年", "以来", "底", "末", "初"] {
                    if starts_with_at(name, k, w3) {
                        k += w3.chars().count();
                        break;
                    }
                }
                name.drain(..k);
                return true;
            }
        }
    }
    false
}

fn parse_left(kb: &Knowledge, raw: &[char]) -> LeftParse {
    let v = &kb.vocab;
    let mut p = LeftParse { name: strip_spaces(raw), ..Default::default() };
    p.target_cue = v.target_before.contained_in(&p.name);
    if let Some(pos) = p.name.windows(2).position(|w| w == ['分', '别']) {
        if p.name.len() - pos <= 6 {
            p.distributive = true;
        }
    }
    // From the end: verbs, particles, comparators, change words.
    for _ in 0..12 {
        let n = p.name.len();
        let lv = v.level_verbs.suffix_at(&p.name, n).unwrap_or(0);
        let up = v.change_up.suffix_at(&p.name, n).unwrap_or(0);
        let down = v.change_down.suffix_at(&p.name, n).unwrap_or(0);
        let suf = v.name_suffixes.suffix_at(&p.name, n).unwrap_or(0);
        let cmp = kb.units.comparators_before.suffix_at(&p.name, n).unwrap_or(0);
        let apx = kb.units.approx_before.suffix_at(&p.name, n).unwrap_or(0);
        let best = lv.max(up).max(down).max(suf).max(cmp).max(apx);
        if best == 0 && matches!(p.name.last(), Some('由' | '从')) && p.name.len() > 1 {
            p.from_base = true;
            p.name.pop();
            continue;
        }
        if best == 0 {
            if p.name.last() == Some(&'占') {
                p.share = true;
                p.name.pop();
                continue;
            }
            break;
        }
        // a change noun that ends a name stays in it (门诊均次费用降幅)
        if (best == down && v.change_nouns_down.suffix_at(&p.name, n) == Some(down))
            || (best == up && v.change_nouns_up.suffix_at(&p.name, n) == Some(up))
        {
            p.change = Some(if best == down { -1 } else { 1 });
            break;
        }
        if best == lv {
            p.level = true;
        } else if best == down && p.change.is_none() && !p.level {
            p.change = Some(-1);
        } else if best == up && p.change.is_none() && !p.level {
            p.change = Some(1);
        }
        p.name.truncate(n - best);
    }
    // From the start: scope, time and connectives.
    for _ in 0..12 {
        if strip_leading_dates(&mut p.name) {
            continue;
        }
        if let Some(n) = v.name_prefixes.prefix_at(&p.name, 0) {
            // "的" / "是" / "有" only as leftovers, not as the start of a word (的确, 是否)
            p.name.drain(..n);
            continue;
        }
        // an action before its object (组建家庭医生团队128个): the object names the
        // count, unless the verb is all there is before a bare measure (覆盖率)
        if let Some(n) = v.name_leading_verbs.prefix_at(&p.name, 0) {
            if p.name.len() >= n + 2 && v.bare_measures.prefix_at(&p.name, n).is_none() {
                p.name.drain(..n);
                continue;
            }
        }
        break;
    }
    // A comparison with nothing else: 比2006年的 / 由2017年的 / 比以前 / 与06年同比.
    let s: String = p.name.iter().collect();
    let cmp_re = comparison_only(&s, kb);
    if cmp_re {
        p.comparison = true;
        p.name.clear();
    }
    p
}

/// "比2006年的", "由", "较上年", "比去年末", "与06年同比": words that only state a comparison base.
fn comparison_only(s: &str, kb: &Knowledge) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let Some(n) = kb.vocab.comparison_markers.prefix_at(&chars, 0) else { return false };
    let mut rest: String = chars[n..].iter().collect();
    for w in ["上年同期", "去年同期", "上年末", "去年末", "上年", "去年", "以前", "同期", "年初", "过去"]
    {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r.to_string();
            break;
        }
    }
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        rest = rest.chars().skip(digits).collect();
        for w in ["年度", "年"] {
            if let Some(r) = rest.strip_prefix(w) {
                rest = r.to_string();
                break;
            }
        }
    }
    for w in ["同比", "相比", "比较", "的", "末"] {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r.to_string();
        }
    }
    rest.is_empty()
}

/// The noun a count qualifies: "45个|社区卫生服务中心|均已与…".
fn right_np(kb: &Knowledge, chars: &[char], from: usize, limit: usize) -> Vec<char> {
    let mut i = from;
    if i < limit && chars[i] == '的' {
        i += 1;
    }
    let start = i;
    while i < limit && i - start < 30 {
        let c = chars[i];
        if matches!(c, ',' | ';' | '。' | ':' | '\n' | '!' | '?' | '、' | '(' | ')') {
            break;
        }
        if i > start + 1 && kb.vocab.right_stops.prefix_at(chars, i).is_some() {
            break;
        }
        i += 1;
    }
    let mut np = strip_spaces(&chars[start..i]);
    while let Some(n) = kb.vocab.name_suffixes.suffix_at(&np, np.len()) {
        if n >= np.len() {
            break;
        }
        np.truncate(np.len() - n);
    }
    np
}

fn measure_like(name: &[char]) -> bool {
    name.iter().any(|c| matches!(c, '率' | '比' | '占' | '幅' | '度' | '重' | '数' | '额' | '费' | '金' | '价'))
}

/// "旗县级医疗机构" after "三级医疗机构执行“两票制”的品规": the measure of the
/// earlier name continues after the part the two subjects share.
fn borrow_measure(prev: &[char], cur: &[char]) -> Option<Vec<char>> {
    if cur.len() < 2 || measure_like(cur) {
        return None;
    }
    for m in (2..=cur.len().min(8)).rev() {
        let tail = &cur[cur.len() - m..];
        if let Some(pos) = prev.windows(m).position(|w| w == tail) {
            let rest = &prev[pos + m..];
            if !rest.is_empty() && pos + m < prev.len() {
                let mut out = cur.to_vec();
                out.extend_from_slice(rest);
                return Some(out);
            }
            return None;
        }
    }
    None
}

/// Split the subjects of a 分别 sentence: "城镇职工、居民参保率" → [城镇职工参保率, 居民参保率].
fn distribute(subject: &[char], n: usize) -> Option<Vec<Vec<char>>> {
    let split = |with_conj: bool| -> Vec<Vec<char>> {
        let mut items: Vec<Vec<char>> = Vec::new();
        let mut cur = Vec::new();
        for &c in subject {
            if c == '、' || (with_conj && matches!(c, '和' | '与' | '及') && !cur.is_empty()) {
                items.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        items.push(cur);
        items.retain(|i| !i.is_empty());
        items
    };
    // 、 separates the subjects; 和/及/与 only when 、 alone does not give enough
    let mut items = split(false);
    if items.len() != n {
        items = split(true);
    }
    if items.len() != n || n < 2 {
        return None;
    }
    let last = items[n - 1].clone();
    // 卫技岗位高、中、初级及以下职称: one-character elements share the first item's
    // subject (卫技岗位) and the last item's tail (级及以下职称).
    if items[1..n - 1].iter().all(|i| i.len() == 1) && last.len() > 1 && items[0].len() > 1 && n >= 3 {
        let prefix = items[0][..items[0].len() - 1].to_vec();
        let tail = last[1..].to_vec();
        let elems: Vec<char> =
            items.iter().enumerate().map(|(k, i)| if k == 0 { *i.last().unwrap() } else { i[0] }).collect();
        return Some(
            elems
                .into_iter()
                .map(|e| {
                    let mut v = prefix.clone();
                    v.push(e);
                    v.extend_from_slice(&tail);
                    v
                })
                .collect(),
        );
    }
    let (head, tail): (Vec<char>, Vec<char>) = if let Some(p) = last.iter().rposition(|&c| c == '的') {
        (last[..p].to_vec(), last[p + 1..].to_vec())
    } else if items[..n - 1].iter().all(|i| i.len() == 1) && last.len() > 1 {
        (last[..1].to_vec(), last[1..].to_vec())
    } else if last.last() == Some(&'率') && last.len() >= 4 {
        (last[..last.len() - 3].to_vec(), last[last.len() - 3..].to_vec())
    } else {
        (last.clone(), Vec::new())
    };
    let mut out: Vec<Vec<char>> = items[..n - 1]
        .iter()
        .map(|i| {
            let mut v = i.clone();
            if !v.ends_with(&tail) {
                v.extend_from_slice(&tail);
            }
            v
        })
        .collect();
    let mut l = head;
    l.extend_from_slice(&tail);
    out.push(l);
    Some(out)
}

fn tidy(name: &[char]) -> String {
    let mut v: Vec<char> = name.iter().copied().filter(|c| !is_space(*c)).collect();
    while v.first().is_some_and(|c| matches!(c, ',' | '、' | ':' | '的' | '—' | '-' | ')' | '”' | '’')) {
        v.remove(0);
    }
    while v.last().is_some_and(|c| matches!(c, ',' | '、' | ':' | '的' | '—' | '-' | '(' | '“' | '‘')) {
        v.pop();
    }
    // unbalanced quotes/brackets left at either end
    let opens = v.iter().filter(|c| **c == '“').count();
    let closes = v.iter().filter(|c| **c == '”').count();
    if closes > opens && v.first() == Some(&'”') {
        v.remove(0);
    }
    if v.len() > 40 {
        v = v[v.len() - 40..].to_vec();
    }
    v.into_iter().collect()
}

pub struct Context<'a> {
    pub kb: &'a Knowledge,
    pub chars: &'a [char],
    pub body: std::ops::Range<usize>,
    pub outline: &'a Outline,
    pub report_year: Option<i32>,
}

pub fn indicators(cx: &Context, qs: &[Quantity]) -> Vec<Indicator> {
    let kb = cx.kb;
    let chars = cx.chars;
    let years = year_mentions(chars, &cx.body);
    let mut out: Vec<Indicator> = Vec::with_capacity(qs.len());
    let mut names: Vec<Vec<char>> = Vec::with_capacity(qs.len());
    let mut sentence_of: Vec<(usize, usize)> = Vec::with_capacity(qs.len());
    let mut forced: std::collections::HashMap<usize, Vec<char>> = std::collections::HashMap::new();
    let mut header: Option<(usize, Vec<char>)> = None;

    for (k, q) in qs.iter().enumerate() {
        let (ss, se) = sentence_around(chars, q.start);
        // The year scope runs over the whole sentence to 。 (not ;).
        let (ys, _) = year_scope(chars, q.start, cx.body.start);
        let prev_same = (0..k).rev().find(|&j| qs[j].start >= ss && !qs[j].qualifier);
        let prev_end = prev_same.map(|j| qs[j].after);
        let lb = left_boundary(chars, q, prev_end, ss.max(cx.body.start));
        let left_raw = &chars[lb..q.start];
        let lp = parse_left(kb, left_raw);
        let mut name = lp.name.clone();

        // A count that qualifies a noun, or a value joined by 的, is named by the noun after it.
        let sentence_limit = se.min(cx.body.end);
        let next_start =
            qs[k + 1..].iter().find(|n| !n.qualifier).map(|n| n.start).unwrap_or(usize::MAX).min(sentence_limit);
        let count_like = !matches!(q.family.as_str(), "percent" | "point" | "times" | "money" | "per100k");
        let target_after = kb.vocab.target_after.prefix_at(chars, q.after).is_some();
        let verb_follows = {
            let v = &kb.vocab;
            v.change_up.prefix_at(chars, q.after).is_some()
                || v.change_down.prefix_at(chars, q.after).is_some()
                || v.level_verbs.prefix_at(chars, q.after).is_some()
        };
        if q.qualifier {
            // an age band qualifies the noun after it: 5岁以下儿童死亡率
            name = chars[q.start..q.after].iter().copied().filter(|c| !is_space(*c)).collect();
            name.extend(right_np(kb, chars, q.after, next_start));
        } else if target_after || lp.comparison || verb_follows {
            // the words after are the target phrase or the next clause's verb, not a name
        } else if (q.attributive && q.family != "percent") || q.followed_by_de {
            let np = right_np(kb, chars, q.after, next_start);
            if !np.is_empty() {
                name.extend_from_slice(&np);
            }
        } else if q.after < chars.len() && is_cjk(chars[q.after]) && q.family == "percent" {
            // "100%实施": the verb after the share belongs to the name
            let np = right_np(kb, chars, q.after, next_start);
            name.extend_from_slice(&np[..np.len().min(6)]);
        }

        // A count followed by its qualifier ("14683名6-24月龄儿童…", "40名2017年全科医生…"):
        // the words after it name it.
        if name.is_empty()
            && !lp.comparison
            && !verb_follows
            && !target_after
            && q.after < chars.len()
            && !super::text::is_clause_end(chars[q.after])
            && count_like
        {
            name = right_np(kb, chars, q.after, next_start);
        }

        // Nothing left of its own: take the name of the value before it.
        let prev_name = prev_same.map(|j| names[j].clone());
        // "占建制乡镇总数的85%": a share of the subject named before.
        if name.first() == Some(&'占') {
            if let Some(p) = &prev_name {
                let mut v = p.clone();
                v.extend_from_slice(&name);
                name = v;
            }
        }
        if name.is_empty() {
            if let Some(p) = &prev_name {
                name = p.clone();
                if lp.share && q.unit == "%" {
                    name.extend("占比".chars());
                }
            } else if lb > ss {
                // the clause before names it ("中标率较高,达66.13%")
                let (cs, _) = (lb.saturating_sub(1), 0);
                let mut a = cs;
                while a > ss && !matches!(chars[a - 1], ',' | ':' | ';' | '。') {
                    a -= 1;
                }
                name = parse_left(kb, &chars[a..cs]).name;
            }
        }

        // A bare measure ("管理率92.8%") takes the subject of the count before it.
        if let (Some(j), Some(p)) = (prev_same, &prev_name) {
            let pq = &qs[j];
            let bare = name.len() <= 4 && kb.vocab.bare_measures.suffix_at(&name, name.len()).is_some();
            if bare && pq.family != "percent" && !p.ends_with(&name) {
                let mut v = p.clone();
                v.extend_from_slice(&name);
                name = v;
            } else if q.unit == "%" && pq.unit == "%" {
                if let Some(b) = borrow_measure(p, &name) {
                    name = b;
                }
            }
        }
        // 三级医院由10%左右… after "二级医院实施临床路径…比例由…;": a parallel subject borrows
        // the measure of the previous value, also across a semicolon.
        if q.unit == "%" && prev_same.is_none() && !measure_like(&name) {
            if let Some(j) = (0..k).rev().find(|&j| qs[j].start >= ys && qs[j].unit == "%") {
                if let Some(b) = borrow_measure(&names[j], &name) {
                    name = b;
                }
            }
        }
        if let (Some(j), Some(p)) = (prev_same, &prev_name) {
            let pq = &qs[j];
            if false {
            } else if count_like && pq.family == q.family && chars[pq.after..q.start].contains(&'、') {
                if let Some(d) = p.iter().position(|&c| c == '的').filter(|d| !name.contains(&'的') && d + 1 < p.len())
                {
                    // 限期整改的定点医疗机构7家、定点药店5家
                    let mut v = p[..=d].to_vec();
                    v.extend_from_slice(&name);
                    name = v;
                } else if !name.is_empty() && name.len() < p.len() && name.last() == p.last() && !p.ends_with(&name) {
                    // 资助“参保”x人、“参合”x人: the shorter parallel item shares the head before it
                    let mut v = p[..p.len() - name.len()].to_vec();
                    v.extend_from_slice(&name);
                    name = v;
                }
            }
        }

        // "基本药物销售占比为,基层医疗卫生机构59.72%,二级医疗机构34.47%": a header clause
        // ending in 为/是/: names the values listed after it in the sentence.
        if let Some((hs, header)) = &header {
            if *hs == ss && !name.is_empty() && !measure_like(&name) && !name.starts_with(header) {
                let mut v = header.clone();
                v.push('(');
                v.extend_from_slice(&name);
                v.push(')');
                name = v;
            }
        }
        if lb > ss + 1 && matches!(chars[lb - 1], ',' | ':') {
            let clause_end = lb - 1;
            let mut a = clause_end;
            while a > ss && !matches!(chars[a - 1], ',' | ':' | ';' | '。') {
                a -= 1;
            }
            let clause: Vec<char> = strip_spaces(&chars[a..clause_end]);
            let no_number = !qs.iter().any(|x| x.start >= a && x.start < clause_end);
            if no_number
                && (chars[clause_end] == ':' || matches!(clause.last(), Some('为' | '是')))
                && measure_like(&clause)
            {
                let h = parse_left(kb, &clause).name;
                if !h.is_empty() && !name.starts_with(&h) {
                    if !measure_like(&name) {
                        let mut v = h.clone();
                        v.push('(');
                        v.extend_from_slice(&name);
                        v.push(')');
                        name = v;
                    }
                    header = Some((ss, h));
                }
            }
        }

        // A generic count ("已参保人数60344人") takes the subject of the list item it sits in.
        if name.len() <= 5
            && ["人数", "人次", "总数", "户数"].iter().any(|w| name.ends_with(&w.chars().collect::<Vec<_>>()))
        {
            if let Some(h) = cx.outline.item_heading_at(q.start) {
                let h: Vec<char> = h.chars().take_while(|c| !matches!(c, ',' | '。' | ':' | ';')).collect();
                if h.len() <= 20 && !h.ends_with(&name) {
                    let mut v = h;
                    v.extend_from_slice(&name);
                    name = v;
                }
            }
        }

        if let Some(n) = forced.remove(&k) {
            name = n;
        } else if let Some(run) = distributive_names(cx, qs, k, &names) {
            let mut it = run.into_iter();
            if let Some((_, first)) = it.next() {
                name = first;
            }
            forced.extend(it);
        }

        // A requirement clause names the value it constrains ("低于自治区要求的33%以下的目标值").
        if target_after {
            let only_req = name.is_empty() || {
                let mut rest = name.clone();
                for _ in 0..8 {
                    match kb.vocab.requirement_words.prefix_at(&rest, 0) {
                        Some(n) => {
                            rest.drain(..n);
                        }
                        None => break,
                    }
                }
                rest.is_empty()
            };
            if only_req {
                if let Some(p) = &prev_name {
                    name = p.clone();
                }
            }
        }

        // ---- kind and sign
        let section_kind = cx.outline.kind_at(q.start);
        let change_noun = if kb.vocab.change_nouns_down.suffix_at(&name, name.len()).is_some() {
            Some(-1)
        } else if kb.vocab.change_nouns_up.suffix_at(&name, name.len()).is_some() {
            Some(1)
        } else {
            None
        };
        let change = lp.change.or(change_noun).or(if q.unit == "百分点" { Some(1) } else { None });
        let kind = if target_after {
            IndicatorKind::Target
        } else if change.is_some() && !lp.level && (!lp.comparison || lp.change.is_some()) {
            IndicatorKind::Change
        } else if section_kind == SectionKind::Plans || lp.target_cue {
            IndicatorKind::Target
        } else {
            IndicatorKind::Value
        };
        let value = q.value.map(|v| if kind == IndicatorKind::Change && change == Some(-1) { -v.abs() } else { v });

        // ---- year
        let mut year = None;
        let mut basis = "report";
        // 比2006年的14.85% / 由2017年的7个: the base year written just before.
        if let Some(m) = years.iter().rev().find(|m| m.end <= q.start && m.start >= lb && m.kind == YearKind::Base) {
            if lp.comparison || chars[m.end..q.start].iter().all(|c| *c == '的' || is_space(*c)) {
                year = Some(m.year);
                basis = "comparison";
            }
        }
        // 三级医院由10%左右提高到50%: a base without a year shares the sentence's base year.
        if year.is_none() && (lp.from_base || (lp.comparison && left_raw.iter().any(|c| matches!(c, '由' | '从')))) {
            if let Some(m) = years.iter().rev().find(|m| m.end <= q.start && m.start >= ys && m.kind == YearKind::Base)
            {
                year = Some(m.year);
                basis = "comparison";
            }
        }
        // 40名2017年全科医生: a cohort year right after the count.
        if year.is_none() {
            if let Some(m) = years.iter().find(|m| m.start == q.after && m.kind == YearKind::Context) {
                year = Some(m.year);
                basis = "explicit";
            }
        }
        if year.is_none() && kind != IndicatorKind::Change {
            if let Some(m) =
                years.iter().rev().find(|m| m.end <= q.start && m.start >= ys && m.kind == YearKind::Context)
            {
                year = Some(m.year);
                basis = "context";
            }
        } else if year.is_none() {
            // a change refers to the period its sentence is about, if that is stated
            if let Some(m) =
                years.iter().rev().find(|m| m.end <= q.start && m.start >= ys && m.kind == YearKind::Context)
            {
                year = Some(m.year);
                basis = "context";
            }
        }
        if year.is_none() {
            year = cx.report_year;
        }

        names.push(name.clone());
        sentence_of.push((ss, se));
        out.push(Indicator {
            quantity: k,
            name: tidy(&name),
            indicator_key: None,
            kind,
            value,
            unit: q.unit.clone(),
            year,
            year_basis: basis,
            approximate: q.approximate,
            comparator: q.comparator.clone(),
            evidence: (ss, se),
            section_kind,
        });
    }

    for ind in &mut out {
        // a relative change (门急诊量同比增长12.6%) belongs to its measure whatever that
        // measure's unit: the series of changes sits beside the series of values
        let unit = (!(ind.kind == IndicatorKind::Change && ind.unit == "%")).then_some(ind.unit.as_str());
        if let Some(e) = kb.catalogue.classify(&ind.name, unit, &kb.units) {
            ind.indicator_key = Some(e.key.clone());
        }
    }
    out
}

/// The sentence for year context: back to the last 。/!/?/newline.
fn year_scope(chars: &[char], pos: usize, floor: usize) -> (usize, usize) {
    let mut s = pos;
    while s > floor && !matches!(chars[s - 1], '。' | '!' | '?' | '\n') {
        s -= 1;
    }
    (s, pos)
}

/// 分别: "城镇职工、居民参保率分别达x%、x%" and "…,分别占86.2%、5.48%、8.32%".
/// When quantity `k` starts such a run, the names of every value in it.
fn distributive_names(cx: &Context, qs: &[Quantity], k: usize, names: &[Vec<char>]) -> Option<Vec<(usize, Vec<char>)>> {
    let chars = cx.chars;
    let q = &qs[k];
    let (ss, _) = sentence_around(chars, q.start);
    let mut lb = q.start;
    while lb > ss && !matches!(chars[lb - 1], ',' | ':' | ';' | '。' | '\n') {
        lb -= 1;
    }
    let left: Vec<char> = strip_spaces(&chars[lb..q.start]);
    let pos = left.windows(2).position(|w| w == ['分', '别'])?;
    let mut run = vec![k];
    while let Some(&last) = run.last() {
        let nk = last + 1;
        if nk >= qs.len() {
            break;
        }
        let gap: Vec<char> = strip_spaces(&chars[qs[last].after..qs[nk].start]);
        if gap.is_empty() || (gap.len() == 1 && matches!(gap[0], '、' | '和' | '及' | '与' | '或')) {
            run.push(nk);
        } else {
            break;
        }
    }
    let n = run.len();
    if n < 2 {
        return None;
    }
    let subject = &left[..pos];
    let subject = {
        let p = parse_left(cx.kb, subject).name;
        if p.is_empty() {
            subject.to_vec()
        } else {
            p
        }
    };
    let new_names = distribute(&subject, n).or_else(|| {
        // the subjects are the values listed just before: "其中卫技岗位8458个、管理岗位538个、工勤岗位816人,分别占…"
        let first = run[0];
        if first < n {
            return None;
        }
        let prev: Vec<usize> = (first - n..first).collect();
        let linked = prev.windows(2).all(|w| {
            let gap: Vec<char> = strip_spaces(&chars[qs[w[0]].after..qs[w[1]].start]);
            gap.len() <= 8 && !gap.contains(&'。')
        });
        if !linked {
            return None;
        }
        let share = qs[first].unit == "%" && qs[prev[0]].unit != "%";
        Some(
            prev.iter()
                .map(|&j| {
                    let mut v = names[j].clone();
                    if share && !v.ends_with(&['占', '比']) {
                        v.extend("占比".chars());
                    }
                    v
                })
                .collect(),
        )
    })?;
    Some(run.into_iter().zip(new_names).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{outline::outline, quantities::quantities, text::normalise};

    fn run(s: &str, year: Option<i32>) -> Vec<Indicator> {
        let kb = Knowledge::embedded();
        let chars = normalise(s);
        let body = 0..chars.len();
        let o = outline(kb, &chars, body.clone());
        let qs = quantities(kb, &chars, body.clone());
        indicators(&Context { kb, chars: &chars, body, outline: &o, report_year: year }, &qs)
    }

    fn names(s: &str) -> Vec<String> {
        run(s, Some(2007)).into_iter().map(|i| i.name).collect()
    }

    #[test]
    fn names_from_the_words_before() {
        assert_eq!(
            names("全市参合农民达到369.7万人,农民参合率达到97.2%,农民人均筹资额已达到116元。"),
            vec!["参合农民", "农民参合率", "农民人均筹资额"]
        );
    }

    #[test]
    fn an_age_is_a_qualifier_before_a_noun_and_a_value_at_the_end() {
        let inds = run("居民人均预期寿命达到78.9岁,5岁以下儿童死亡率4.05‰。", Some(2019));
        let life = inds.iter().find(|i| i.value == Some(78.9)).unwrap();
        assert!(life.name.ends_with("人均预期寿命"), "{}", life.name);
        assert_eq!(life.indicator_key.as_deref(), Some("life_expectancy"));
        let u5 = inds.iter().find(|i| i.value == Some(4.05)).unwrap();
        assert_eq!(u5.name, "5岁以下儿童死亡率");
        assert_eq!(u5.indicator_key.as_deref(), Some("under5_mortality_rate"));
    }

    #[test]
    fn leading_actions_and_target_words_are_not_part_of_the_name() {
        let inds = run("组建家庭医生团队128个,签约覆盖率达到45.2%。力争县域内就诊率稳定在90%以上。", Some(2021));
        let got: Vec<&str> = inds.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(got, vec!["家庭医生团队", "签约覆盖率", "县域内就诊率"]);
        assert_eq!(inds[2].kind, IndicatorKind::Target);
        assert_eq!(inds[2].indicator_key.as_deref(), Some("county_inpatient_rate"));
        // a verb with only a bare measure after it is the name itself
        assert_eq!(names("覆盖率达到95%。"), vec!["覆盖率"]);
    }

    #[test]
    fn counts_are_named_by_their_noun() {
        assert_eq!(
            names("目前全市45个社区卫生服务中心均已与省、市公立医院建立定点技术协作关系。"),
            vec!["社区卫生服务中心"]
        );
    }

    #[test]
    fn comparisons_and_changes_take_the_name_before() {
        let inds = run("2007年全市参合农民门诊平均补偿率达到19.16%,比2006年的14.85%提高了4.31个百分点。", Some(2007));
        assert_eq!(inds.len(), 3);
        assert!(inds.iter().all(|i| i.name.contains("门诊平均补偿率")));
        assert_eq!(inds[1].year, Some(2006));
        assert_eq!(inds[2].kind, IndicatorKind::Change);
        assert_eq!(inds[2].year, Some(2007));
        assert_eq!(inds[0].indicator_key.as_deref(), Some("outpatient_compensation_rate"));
    }

    #[test]
    fn decreases_are_negative_changes() {
        let inds = run("全市报告布病病例289例,同比下降34.91%。", Some(2018));
        assert_eq!(inds[1].kind, IndicatorKind::Change);
        assert_eq!(inds[1].value, Some(-34.91));
        assert!(inds[1].name.contains("布病"));
    }

    #[test]
    fn a_relative_change_is_keyed_to_its_measure() {
        let inds = run("全区基层医疗卫生机构门急诊量同比增长12.6%,床位3.21万张,比上年增长4.6%。", Some(2019));
        let keyed: Vec<(Option<&str>, IndicatorKind)> =
            inds.iter().map(|i| (i.indicator_key.as_deref(), i.kind)).collect();
        assert_eq!(
            keyed,
            vec![
                (Some("outpatient_visits"), IndicatorKind::Change),
                (Some("hospital_beds"), IndicatorKind::Value),
                (Some("hospital_beds"), IndicatorKind::Change)
            ]
        );
    }

    #[test]
    fn a_per_population_ratio_is_not_the_count() {
        let key = |s: &str| run(s, Some(2022)).into_iter().map(|i| i.indicator_key).collect::<Vec<_>>();
        assert_eq!(key("全区每万人口全科医生数仅为2.1人。"), vec![Some("gps_per_10000".to_string())]);
        assert_eq!(key("全区注册全科医生120人。"), vec![Some("general_practitioners".to_string())]);
        // the target the value falls short of belongs to the same measure
        let inds = run("全区每万人口全科医生数仅为2.1人,距离3人的目标仍有差距。", Some(2022));
        assert_eq!((inds[1].name.as_str(), inds[1].kind), ("每万人口全科医生数", IndicatorKind::Target));
    }

    #[test]
    fn times_and_result_verbs_are_not_part_of_the_name() {
        assert_eq!(names("近10年累计建成胸痛中心12个。"), vec!["胸痛中心"]);
        assert_eq!(names("城区急救平均反应时间缩短至12分钟以内。"), vec!["城区急救平均反应时间"]);
    }

    #[test]
    fn targets() {
        let inds = run("全市药占比为30.5%,低于自治区要求的33%以下的目标值。", Some(2018));
        assert_eq!(inds[1].kind, IndicatorKind::Target);
        assert!(inds[1].name.contains("药占比"));
        let inds = run("2018年拟完成150个病种的单病种付费。", Some(2018));
        assert_eq!(inds[0].kind, IndicatorKind::Target);
    }

    #[test]
    fn distributive_lists() {
        assert_eq!(names("城镇职工、居民参保率分别达x%、x%;"), vec!["城镇职工参保率", "居民参保率"]);
        let n = names("其中卫技岗位8458个、管理岗位538个、工勤岗位816人,分别占86.2%、5.48%、8.32%;");
        assert_eq!(&n[3..], &["卫技岗位占比", "管理岗位占比", "工勤岗位占比"]);
        let n = names("卫技岗位高、中、初级及以下职称的分别是831个、3722个、3905个,分别占9.82%、44%、46.18 %。");
        assert_eq!(&n[..3], &["卫技岗位高级及以下职称", "卫技岗位中级及以下职称", "卫技岗位初级及以下职称"]);
        assert_eq!(n[4], "卫技岗位中级及以下职称占比");
        assert_eq!(
            names("城镇职工医保、城镇居民医保的平均报销比例分别达到x%和x%;"),
            vec!["城镇职工医保平均报销比例", "城镇居民医保平均报销比例"]
        );
    }

    #[test]
    fn year_of_the_sentence_context() {
        let inds = run("2018年3月,完成了2017年度公立医院综合改革效果评价考核工作,全市药占比为30.5%;百元医疗收入中消耗的卫生材料费用为17.4元。旗县医共体由2017年的7个扩大为10个。", Some(2018));
        let y: Vec<Option<i32>> = inds.iter().map(|i| i.year).collect();
        assert_eq!(y, vec![Some(2017), Some(2017), Some(2017), Some(2018)]);
    }
}
