//! The words around a number: where the words naming it start (`left_boundary`), what
//! they say once verbs, particles, times and comparisons are read off (`parse_left`), and
//! the noun a count qualifies (`right_np`).

use crate::extract::knowledge::Knowledge;
use crate::extract::quantities::Quantity;
use crate::extract::text::{is_space, starts_with_at};

/// Where the words naming quantity `q` start: the clause boundary, or the end
/// of the quantity before it.
pub(super) fn left_boundary(chars: &[char], q: &Quantity, prev_end: Option<usize>, floor: usize) -> usize {
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
            break; // "A岗位N个、B岗位M个" / "N个品种、M万元": a list of figures, each its own
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
pub(crate) struct LeftParse {
    pub name: Vec<char>,
    pub change: Option<i8>, // +1 up, -1 down
    pub level: bool,
    /// The left words were only a comparison ("比2006年的", "由"): the value is a base.
    pub comparison: bool,
    /// The left words said 占 ("分别占86.2%"): a share of the subject before.
    pub share: bool,
    /// 分别 came right before the values.
    pub distributive: bool,
    /// The words ended with 由/从: the value is the starting point of a change ("三级医院由10%").
    pub from_base: bool,
    pub target_cue: bool,
}

pub(super) fn strip_spaces(v: &[char]) -> Vec<char> {
    v.iter().copied().filter(|c| !is_space(*c)).collect()
}

/// Strip dates and times the name starts with: 2007年, 截至12月底, 1-6月份.
pub(super) fn strip_leading_dates(name: &mut Vec<char>) -> bool {
    let mut i = 0;
    // 截至2018年 / 近10年 / 过去5年: a time before the name
    for w in ["截至", "截止到", "截止", "到", "至", "近", "最近", "过去"] {
        if starts_with_at(name, 0, w) {
            i = w.chars().count();
            break;
        }
    }
    let mut j = i;
    // a year may be redacted (20xx年, XX年)
    while j < name.len() && (name[j].is_ascii_digit() || matches!(name[j], '-' | '—' | '~' | 'x' | 'X' | '*')) {
        j += 1;
    }
    let dated = |w: &str| starts_with_at(name, j, w);
    if j > i && (name[i..j].iter().any(|c| c.is_ascii_digit()) || dated("年") || dated("月")) {
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

/// A target cue in the phrase that no condition frame closes after it: "力争达到" is a cue,
/// "在确保质量的前提下…" is not.
fn open_target_cue(kb: &Knowledge, name: &[char]) -> bool {
    let v = &kb.vocab;
    let mut from = 0;
    while let Some((p, n)) = v.target_before.find_in(name, from, name.len()) {
        if v.condition_frames.find_in(name, p + n, name.len()).is_none() {
            return true;
        }
        from = p + n;
    }
    false
}

pub(super) fn parse_left(kb: &Knowledge, raw: &[char]) -> LeftParse {
    let v = &kb.vocab;
    let mut p = LeftParse { name: strip_spaces(raw), ..Default::default() };
    p.target_cue = open_target_cue(kb, &p.name);
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
    // 从人均A元提高到B元: a start written with its per-capita words after 由/从
    if let Some(at) = p.name.iter().rposition(|c| matches!(c, '由' | '从')) {
        let rest = &p.name[at + 1..];
        if !rest.is_empty() && rest.len() <= 4 && rest.iter().all(|c| v.per_capita_chars.contains(c)) {
            p.from_base = true;
            p.name.truncate(at);
        }
    }
    // From the start: scope, time and connectives.
    for _ in 0..12 {
        if strip_leading_dates(&mut p.name) {
            continue;
        }
        if let Some(n) =
            v.name_prefixes.prefix_at(&p.name, 0).filter(|_| v.name_words_kept.prefix_at(&p.name, 0).is_none())
        {
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
pub(super) fn comparison_only(s: &str, kb: &Knowledge) -> bool {
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
    // a year may be redacted (较xx年)
    let digits = rest.chars().take_while(|c| c.is_ascii_digit() || matches!(c, 'x' | 'X' | '*')).count();
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
pub(super) fn right_np(kb: &Knowledge, chars: &[char], from: usize, limit: usize) -> Vec<char> {
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

pub(super) fn tidy(name: &[char]) -> String {
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
