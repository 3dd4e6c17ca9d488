//! Stage 5, quantities: every number in the body that measures something.
//!
//! A quantity is a number (Arabic, Chinese, or a redacted placeholder such as
//! x% / xx万元 / x9份 / 4×1%) with its magnitude (万, 亿, 千) applied and a unit
//! from data/units.toml. Numbers followed by a date or duration word (年, 月,
//! 日 …), document numbers, ordinals (第三批), list markers and words that merely
//! contain numerals (十分重视, 统一, 一站式, 三个一批) are not quantities.

use serde::Serialize;

use super::knowledge::{Knowledge, UnitMatch};
use super::numerals::{is_cn_numeral_char, parse_arabic, parse_cn, parse_cn_decimal};
use super::text::{is_cjk, is_space, starts_with_at};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeEnd {
    Low,
    High,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    /// The quantity as written: `[start, end)` ("1800余个", "x%", "两个百分点", "第13").
    pub start: usize,
    pub end: usize,
    pub raw: String,
    /// Magnitude applied; None when the document redacts the number.
    pub value: Option<f64>,
    pub unit: String,
    pub family: String,
    pub approximate: bool,
    pub redacted: bool,
    /// A bound rather than a value: 不少于, 以下 …
    pub comparator: Option<String>,
    /// Written in Chinese numerals.
    pub chinese: bool,
    /// One end of a range such as 1-2个.
    pub range: Option<RangeEnd>,
    /// Followed directly by a noun it counts ("45个社区卫生服务中心").
    pub attributive: bool,
    /// Followed by 的 ("25万元的社区卫生预防保健经费").
    pub followed_by_de: bool,
    /// An age or age band that qualifies a noun ("7岁以下儿童").
    pub qualifier: bool,
    /// Where the text after the quantity (and its 左右/以上) resumes.
    pub after: usize,
}

/// A parsed number before its unit.
struct Num {
    start: usize,
    end: usize,
    value: Option<f64>,
    chinese: bool,
    redacted: bool,
    /// The unit the words around the number already give (百分之九十二 is 92%).
    implied_unit: Option<&'static str>,
}

fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphabetic()
}

fn is_placeholder_char(c: char) -> bool {
    matches!(c, 'x' | 'X' | '×' | '*' | '＊')
}

/// Parse a number starting at `i`, or None.
fn number_at(kb: &Knowledge, chars: &[char], i: usize) -> Option<Num> {
    let c = chars[i];
    let prev = if i > 0 { chars[i - 1] } else { ' ' };
    // 百分之三十, 百分之92.5, 千分之三: a share in words, its unit included
    for (words, unit) in [("百分之", "%"), ("千分之", "‰")] {
        if !starts_with_at(chars, i, words) {
            continue;
        }
        return share_in_words(chars, i, unit);
    }
    if c.is_ascii_digit() || is_placeholder_char(c) {
        let _ = kb;
        return arabic_at(chars, i, prev);
    }
    if is_cn_numeral_char(c) && !is_cn_numeral_char(prev) {
        return chinese_at(chars, i);
    }
    None
}

/// The number after the three words of a share at `i` (both share words are three
/// characters long), with the share's unit.
fn share_in_words(chars: &[char], i: usize, unit: &'static str) -> Option<Num> {
    let j = i + 3;
    if j >= chars.len() {
        return None;
    }
    let implied_unit = Some(unit);
    if chars[j].is_ascii_digit() {
        let (v, n) = parse_arabic(chars, j)?;
        return Some(Num { start: i, end: j + n, value: Some(v), chinese: false, redacted: false, implied_unit });
    }
    let mut k = j;
    // 百分之九十二点五
    while k < chars.len()
        && (is_cn_numeral_char(chars[k])
            || (chars[k] == '点' && k > j && k + 1 < chars.len() && is_cn_numeral_char(chars[k + 1])))
    {
        k += 1;
    }
    // 百分之百: the whole
    let v = if chars[j..k] == ['百'] { 100.0 } else { parse_cn_decimal(&chars[j..k])? };
    // the words themselves say it is a share: none of the filters for
    // numerals inside ordinary words (十分, 一站式) applies
    Some(Num { start: i, end: k, value: Some(v), chinese: false, redacted: false, implied_unit })
}

/// An Arabic number or a redacted placeholder at `i`; `prev` is the character before it.
fn arabic_at(chars: &[char], i: usize, prev: char) -> Option<Num> {
    if prev.is_ascii_digit() || prev == '.' || is_placeholder_char(prev) || is_ascii_word(prev) {
        return None;
    }
    if prev == '-' && i >= 2 && is_ascii_word(chars[i - 2]) {
        return None; // COVID-19
    }
    let (j, has_x) = digit_run_end(chars, i);
    if has_x {
        return placeholder_at(chars, i, j);
    }
    let (mut v, n) = parse_arabic(chars, i)?;
    let mut end = i + n;
    // 3万4000 → 34000
    if end + 1 < chars.len() && matches!(chars[end], '万' | '亿') && chars[end + 1].is_ascii_digit() {
        let big = if chars[end] == '万' { 1e4 } else { 1e8 };
        if let Some((rest, m)) = parse_arabic(chars, end + 1) {
            if rest < big {
                v = v * big + rest;
                end = end + 1 + m;
            }
        }
    }
    Some(Num { start: i, end, value: Some(v), chinese: false, redacted: false, implied_unit: None })
}

/// Where a run of digits and placeholder letters starting at `i` ends (4×1, x9, xx, 123.5),
/// and whether it holds a placeholder.
fn digit_run_end(chars: &[char], i: usize) -> (usize, bool) {
    let mut j = i;
    let mut has_x = false;
    while j < chars.len()
        && (chars[j].is_ascii_digit() || is_placeholder_char(chars[j]) || chars[j] == '.' || chars[j] == ',')
    {
        if is_placeholder_char(chars[j]) {
            has_x = true;
        }
        if chars[j] == ',' && !(j + 1 < chars.len() && chars[j + 1].is_ascii_digit()) {
            break;
        }
        if chars[j] == '.'
            && !(j + 1 < chars.len() && (chars[j + 1].is_ascii_digit() || !chars[j + 1].is_ascii_alphanumeric()))
        {
            break;
        }
        j += 1;
    }
    (j, has_x)
}

/// A redacted number: the run `[i, j)` holds a placeholder letter.
fn placeholder_at(chars: &[char], i: usize, j: usize) -> Option<Num> {
    // placeholders never continue into ASCII words ("xml")
    if j < chars.len()
        && is_ascii_word(chars[j])
        && !starts_with_at(chars, j, "m2")
        && !starts_with_at(chars, j, "km")
        && !starts_with_at(chars, j, "kg")
    {
        return None;
    }
    // ",": only a separator inside real numbers
    let mut end = j;
    while end > i && matches!(chars[end - 1], ',' | '.') {
        end -= 1;
    }
    Some(Num { start: i, end, value: None, chinese: false, redacted: true, implied_unit: None })
}

/// A number in Chinese numerals at `i` (at most twelve of them).
fn chinese_at(chars: &[char], i: usize) -> Option<Num> {
    let mut j = i;
    while j < chars.len() && is_cn_numeral_char(chars[j]) && j - i < 12 {
        j += 1;
    }
    // A trailing 万/亿/千 may be a magnitude of the unit (两万人 is fine either way).
    let v = parse_cn(&chars[i..j])?;
    Some(Num { start: i, end: j, value: Some(v as f64), chinese: true, redacted: false, implied_unit: None })
}

enum UnitRead {
    Unit {
        end: usize,
        base: String,
        family: String,
        factor: f64,
        approx_between: bool,
    },
    Date,
    Bare,
    /// 3.6亿 with no unit after it: money where the words before name money (总资产3.6亿)
    BareMagnitude {
        end: usize,
        factor: f64,
        approx_between: bool,
    },
}

/// Read magnitude, 余/多 and unit after a number ending at `j`.
fn unit_after(kb: &Knowledge, chars: &[char], mut j: usize) -> UnitRead {
    let units = &kb.units;
    let mut factor = 1.0;
    let mut approx = false;
    if j < chars.len() && chars[j] == ' ' && j + 1 < chars.len() && !chars[j + 1].is_ascii_digit() {
        j += 1; // "46.18 %"
    }
    for _ in 0..3 {
        match units.match_at(chars, j) {
            Some(UnitMatch::Unit { len, def }) => {
                return UnitRead::Unit {
                    end: j + len,
                    base: def.base.clone(),
                    family: def.family.clone(),
                    factor,
                    approx_between: approx,
                };
            }
            Some(UnitMatch::NotUnit { .. }) => return UnitRead::Date,
            None => {}
        }
        if let Some(n) = units.approx_between.prefix_at(chars, j) {
            approx = true;
            j += n;
            continue;
        }
        if let Some((n, f)) = units.magnitude_at(chars, j) {
            if factor == 1.0 {
                factor = f;
                j += n;
                continue;
            }
        }
        break;
    }
    if factor > 1.0 {
        return UnitRead::BareMagnitude { end: j, factor, approx_between: approx };
    }
    UnitRead::Bare
}

/// "总资产3.6亿", "投资3000万": a money noun shortly before the number, within its clause,
/// leaves 元 implicit.
fn money_before(kb: &Knowledge, chars: &[char], num_start: usize) -> bool {
    let units = &kb.units;
    let from = num_start.saturating_sub(units.implicit_money_window);
    let clause = (from..num_start).rev().find(|&k| !is_cjk(chars[k])).map_or(from, |k| k + 1);
    units.implicit_money_nouns.find_in(chars, clause, num_start).is_some()
}

/// A bare magnitude becomes money where the words before say so, else a bare number.
fn money_or_bare(kb: &Knowledge, chars: &[char], num_start: usize, read: UnitRead) -> UnitRead {
    match read {
        UnitRead::BareMagnitude { end, factor, approx_between } if money_before(kb, chars, num_start) => {
            UnitRead::Unit { end, base: "元".into(), family: "money".into(), factor, approx_between }
        }
        UnitRead::BareMagnitude { .. } => UnitRead::Bare,
        other => other,
    }
}

/// True when an unclosed opening quote precedes `i` within the clause.
fn inside_quotes(chars: &[char], i: usize) -> bool {
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 12 {
        k -= 1;
        steps += 1;
        match chars[k] {
            '“' | '‘' | '"' | '「' | '『' => return true,
            '”' | '’' | '」' | '』' | '。' | ',' | ';' | '\n' => return false,
            _ => {}
        }
    }
    false
}

/// Words that may follow a count without making it attributive.
fn continues_predicate(chars: &[char], k: usize) -> bool {
    if k >= chars.len() {
        return true;
    }
    let c = chars[k];
    if !is_cjk(c) {
        return true;
    }
    ["以上", "以下", "左右", "以内", "上下", "之多", "之间", "次", "内"].iter().any(|w| starts_with_at(chars, k, w))
}

/// Numbers of a list or range, each with the end of the range it is, before their unit.
type Pending = Vec<(Num, Option<RangeEnd>)>;

pub fn quantities(kb: &Knowledge, chars: &[char], body: std::ops::Range<usize>) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    let end_all = body.end.min(chars.len());
    let mut i = body.start;
    // Bare numbers waiting for the unit of the list or range they start ("13、15或18名").
    let mut pending: Pending = Vec::new();
    while i < end_all {
        if is_space(chars[i]) {
            i += 1;
            continue;
        }
        let Some(num) = number_at(kb, chars, i) else {
            i += 1;
            continue;
        };
        i = take_number(kb, chars, i, num, &mut pending, &mut out);
    }
    out
}

/// Read the number found at `i` into `out` (or into `pending`, or drop it); returns where
/// the scan resumes.
fn take_number(
    kb: &Knowledge,
    chars: &[char],
    i: usize,
    num: Num,
    pending: &mut Pending,
    out: &mut Vec<Quantity>,
) -> usize {
    let num_end = num.end;
    let prev = char_before(chars, num.start);

    // 第13: an ordinal, except a rank (排名第13 / 位列第3).
    if prev == '第' {
        if let Some(q) = rank_at(kb, chars, &num) {
            out.push(q);
        }
        pending.clear();
        return num_end.max(i + 1);
    }

    let read = unit_of(kb, chars, &num);
    // 医院二期, 一期工程: a phase of a project, not a count (counts of sessions say 两期 or
    // 3期, or follow a verb: vocabulary.toml session_verbs)
    if matches!(&read, UnitRead::Unit { base, .. } if base == "期") {
        let word = &chars[num.start..num.end];
        let after_noun = is_cjk(prev) && kb.vocab.session_verbs.suffix_at(chars, num.start).is_none();
        if word == ['二'] || (word.len() == 1 && is_cn_numeral_char(word[0]) && word[0] != '两' && after_noun) {
            pending.clear();
            return num_end.max(i + 1);
        }
    }
    match read {
        UnitRead::Date => {
            pending.clear();
            num_end.max(i + 1)
        }
        UnitRead::Bare | UnitRead::BareMagnitude { .. } => {
            wait_for_unit(chars, num, pending);
            num_end.max(i + 1)
        }
        UnitRead::Unit { end: unit_end, base, family, factor, approx_between } => {
            let unit = FoundUnit { end: unit_end, base, family, factor, approx_between };
            push_with_unit(kb, chars, i, num, unit, pending, out)
        }
    }
}

/// A rank written as an ordinal (排名第13位, 位居全市第二, 全省排名第*位), or None for an
/// ordinary ordinal (第三批, 第一方阵).
fn rank_at(kb: &Knowledge, chars: &[char], num: &Num) -> Option<Quantity> {
    let de = num.start - 1; // the 第
    if !ranked_by_verb(kb, chars, de) || (num.value.is_none() && !num.redacted) {
        return None;
    }
    let mut end = num.end;
    if end < chars.len() && matches!(chars[end], '位' | '名') {
        end += 1;
    }
    let closes = end == chars.len() || matches!(chars[end], ',' | '。' | ';' | '、' | ')' | '\n' | '!' | ':');
    if !closes {
        return None;
    }
    Some(Quantity {
        start: de,
        end,
        raw: chars[de..end].iter().collect(),
        value: num.value,
        unit: "位".into(),
        family: "rank".into(),
        approximate: false,
        redacted: num.redacted,
        comparator: None,
        chinese: num.chinese,
        range: None,
        attributive: false,
        followed_by_de: false,
        qualifier: false,
        after: end,
    })
}

/// Whether a rank verb or a scope word stands right before the 第 at `de` (a verb may
/// stand before the scope words).
fn ranked_by_verb(kb: &Knowledge, chars: &[char], de: usize) -> bool {
    let v = &kb.vocab;
    let mut k = de;
    for _ in 0..3 {
        // 排 alone only as a verb of its own (增幅全省排第7位, not 安排第一)
        let verb = |n: usize| k >= n && v.rank_verbs.prefix_at(chars, k - n) == Some(n);
        if verb(2) || (verb(1) && !(k >= 2 && "安编并彩竖".contains(chars[k - 2]))) {
            return true;
        }
        match (1..=3).rev().find(|&n| k >= n && v.rank_scopes.prefix_at(chars, k - n) == Some(n)) {
            Some(n) => k -= n,
            None => return k < de,
        }
    }
    k < de
}

/// The unit the number's own words give, else the unit read after it.
fn unit_of(kb: &Knowledge, chars: &[char], num: &Num) -> UnitRead {
    match num.implied_unit.and_then(|u| kb.units.def_of(u)) {
        Some(def) => UnitRead::Unit {
            end: num.end,
            base: def.base.clone(),
            family: def.family.clone(),
            factor: 1.0,
            approx_between: false,
        },
        None => money_or_bare(kb, chars, num.start, unit_after(kb, chars, num.end)),
    }
}

/// A bare number: it waits in `pending` when a list or range continues after it, otherwise
/// the numbers waiting are dropped with it.
fn wait_for_unit(chars: &[char], num: Num, pending: &mut Pending) {
    // A list or range continues with 、 或 和 - 至 …: wait for its unit.
    let sep_at = num.end;
    let is_range = sep_at < chars.len() && matches!(chars[sep_at], '-' | '~' | '—' | '－' | '至' | '到');
    let is_list = sep_at < chars.len() && matches!(chars[sep_at], '、' | '或' | '和' | '及');
    let next_is_num = sep_at + 1 < chars.len()
        && (chars[sep_at + 1].is_ascii_digit()
            || is_placeholder_char(chars[sep_at + 1])
            || (chars[sep_at] == '—' && sep_at + 2 < chars.len() && chars[sep_at + 1] == '—'));
    if (is_range || is_list) && next_is_num && !num.chinese {
        pending.push((num, if is_range { Some(RangeEnd::Low) } else { None }));
    } else {
        pending.clear();
    }
}

/// The unit read after a number, its magnitude factor included.
struct FoundUnit {
    end: usize,
    base: String,
    family: String,
    factor: f64,
    approx_between: bool,
}

/// A magnitude applied to a value: 12.62万 is 126200, not 126199.99999999999.
fn scaled(v: f64, factor: f64) -> f64 {
    if factor == 1.0 {
        v
    } else {
        ((v * factor) * 1e6).round() / 1e6
    }
}

/// The character before `k`, a space at the start.
fn char_before(chars: &[char], k: usize) -> char {
    if k > 0 {
        chars[k - 1]
    } else {
        ' '
    }
}

/// A number with its unit: unless a filter drops it, it goes to `out`
/// after the numbers of its list or range that waited for the unit. Returns where the
/// scan resumes.
fn push_with_unit(
    kb: &Knowledge,
    chars: &[char],
    i: usize,
    num: Num,
    unit: FoundUnit,
    pending: &mut Pending,
    out: &mut Vec<Quantity>,
) -> usize {
    let FoundUnit { end: unit_end, base, family, factor, approx_between } = unit;
    let num_start = num.start;
    let prev = char_before(chars, num_start);
    // 12.62万 is 126200, not 126199.99999999999
    let value = num.value.map(|v| scaled(v, factor));
    let after_unit = unit_end;
    if !passes_filters(chars, &num, prev, &base, &family, after_unit) {
        pending.clear();
        return after_unit.max(i + 1);
    }
    let (approximate, comparator, after) = bounds_around(kb, chars, num_start, after_unit, approx_between);
    // an age qualifies a noun (5岁以下儿童, 65岁老人); at a clause's end it is
    // the value itself (人均预期寿命达到78.9岁。)
    let qualifier = matches!(family.as_str(), "age" | "age_months")
        && (comparator.is_some() || (after < chars.len() && is_cjk(chars[after])));
    let followed_by_de = after < chars.len() && chars[after] == '的';
    let attributive = after < chars.len()
        && is_cjk(chars[after])
        && !followed_by_de
        && !continues_predicate(chars, after)
        && after == after_unit;
    let raw: String = chars[num_start..after_unit].iter().collect();

    // Units shared by a list or range that was waiting ("13、15或18名", "1-2个").
    let shared = Shared { base: &base, family: &family, factor, approximate, qualifier };
    push_pending(chars, pending, &shared, out);
    let range = out.last().and_then(|q| {
        if q.range == Some(RangeEnd::Low) && q.end + 1 >= num_start && q.end + 2 >= num_start {
            Some(RangeEnd::High)
        } else {
            None
        }
    });
    out.push(Quantity {
        start: num_start,
        end: after_unit,
        raw,
        value: if num.redacted { None } else { value },
        unit: base,
        family,
        approximate,
        redacted: num.redacted,
        comparator,
        chinese: num.chinese,
        range,
        attributive,
        followed_by_de,
        qualifier,
        after,
    });
    after_unit.max(i + 1)
}

/// False for numbers with a unit that are not quantities: numerals inside words, names
/// and slogans, denominators, numbers glued to Latin letters.
fn passes_filters(chars: &[char], num: &Num, prev: char, base: &str, family: &str, after_unit: usize) -> bool {
    let num_start = num.start;
    let mut keep = true;
    if num.chinese {
        let v = num.value.unwrap_or(0.0);
        let strong_unit = base == "百分点" || base == "倍";
        if ['前', '后', '每', '这', '那', '哪', '几', '某', '周', '同', '唯', '统', '逐', '万', '之'].contains(&prev)
            && !strong_unit
        {
            keep = false;
        }
        if v == 1.0 && !strong_unit {
            keep = false; // 一 is mostly the article "a"
        }
        if v == 0.0 {
            keep = false;
        }
        if inside_quotes(chars, num_start) {
            keep = false;
        }
        if !strong_unit && !continues_predicate(chars, after_unit) {
            keep = false; // 三个短板, 五项重点改革, 两场攻坚战: names, not counts
        }
        if base == "分" && !strong_unit && !continues_predicate(chars, after_unit) {
            keep = false; // 十分重视
        }
    }
    if prev == '每' {
        keep = false; // 每万人口: a denominator
    }
    // 15分钟社区卫生服务圈: a slogan, not a duration
    if matches!(family, "minutes" | "hours" | "days")
        && after_unit < chars.len()
        && is_cjk(chars[after_unit])
        && !["内", "以内", "左右", "以上", "以下", "之内", "的"].iter().any(|w| starts_with_at(chars, after_unit, w))
    {
        keep = false;
    }
    // 5G / 3D: a number glued to Latin letters that are not a unit
    if after_unit < chars.len() && is_ascii_word(chars[after_unit]) && !base.is_empty() && family != "area" {
        keep = false;
    }
    keep
}

/// Approximation and comparator words before the number and after its unit: whether the
/// value is approximate, its comparator, and where the text after them resumes.
fn bounds_around(
    kb: &Knowledge,
    chars: &[char],
    num_start: usize,
    after_unit: usize,
    approx_between: bool,
) -> (bool, Option<String>, usize) {
    let mut approximate = approx_between;
    let mut comparator = None;
    {
        let mut k = num_start;
        while k > 0 && chars[k - 1] == ' ' {
            k -= 1;
        }
        if kb.units.approx_before.suffix_at(chars, k).is_some() {
            approximate = true;
        }
        if let Some(n) = kb.units.comparators_before.suffix_at(chars, k) {
            comparator = Some(chars[k - n..k].iter().collect::<String>());
        }
    }
    let mut after = after_unit;
    if let Some(n) = kb.units.approx_after.prefix_at(chars, after) {
        approximate = true;
        after += n;
    } else if let Some(n) = kb.units.comparators_after.prefix_at(chars, after) {
        comparator = Some(chars[after..after + n].iter().collect());
        after += n;
    }
    (approximate, comparator, after)
}

/// What the numbers waiting in a list or range take from the number whose unit ends it.
struct Shared<'a> {
    base: &'a str,
    family: &'a str,
    factor: f64,
    approximate: bool,
    qualifier: bool,
}

/// The numbers that waited for this unit go to `out`, with the unit.
fn push_pending(chars: &[char], pending: &mut Pending, shared: &Shared, out: &mut Vec<Quantity>) {
    let Shared { base, family, factor, approximate, qualifier } = *shared;
    for (p, range) in pending.drain(..) {
        let praw: String = chars[p.start..p.end].iter().collect();
        out.push(Quantity {
            start: p.start,
            end: p.end,
            raw: praw,
            value: p.value.map(|v| scaled(v, factor)),
            unit: base.to_string(),
            family: family.to_string(),
            approximate,
            redacted: p.redacted,
            comparator: None,
            chinese: p.chinese,
            range,
            attributive: false,
            followed_by_de: false,
            qualifier,
            after: p.end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::normalise;

    fn q(s: &str) -> Vec<(String, Option<f64>, String)> {
        let chars = normalise(s);
        quantities(Knowledge::embedded(), &chars, 0..chars.len())
            .into_iter()
            .map(|q| (q.raw, q.value, q.unit))
            .collect()
    }

    #[test]
    fn magnitudes_and_units() {
        assert_eq!(q("全市参合农民达到369.7万人"), vec![("369.7万人".into(), Some(3_697_000.0), "人".into())]);
        assert_eq!(q("合计采购基本药物1.58亿元"), vec![("1.58亿元".into(), Some(158_000_000.0), "元".into())]);
        assert_eq!(q("就诊人次239.07万人次"), vec![("239.07万人次".into(), Some(2_390_700.0), "人次".into())]);
        assert_eq!(q("建设面积300m2"), vec![("300m2".into(), Some(300.0), "平方米".into())]);
        assert_eq!(q("共3万4000人"), vec![("3万4000人".into(), Some(34000.0), "人".into())]);
        assert_eq!(q("全市１，１００人"), vec![("1,100人".into(), Some(1100.0), "人".into())]);
        assert_eq!(q("平均报告患病率4.41‰"), vec![("4.41‰".into(), Some(4.41), "‰".into())]);
        assert_eq!(
            q("分别占9.82%、44%、46.18 %"),
            vec![
                ("9.82%".into(), Some(9.82), "%".into()),
                ("44%".into(), Some(44.0), "%".into()),
                ("46.18 %".into(), Some(46.18), "%".into())
            ]
        );
        assert_eq!(q("管理率96.%;"), vec![("96.%".into(), Some(96.0), "%".into())]);
    }

    #[test]
    fn shares_in_words() {
        assert_eq!(q("建档率达到百分之九十二,"), vec![("百分之九十二".into(), Some(92.0), "%".into())]);
        assert_eq!(q("提高百分之三点五。"), vec![("百分之三点五".into(), Some(3.5), "%".into())]);
        assert_eq!(q("占百分之12.5"), vec![("百分之12.5".into(), Some(12.5), "%".into())]);
        assert_eq!(q("死亡率为千分之三。"), vec![("千分之三".into(), Some(3.0), "‰".into())]);
        assert_eq!(q("百分之百完成"), vec![("百分之百".into(), Some(100.0), "%".into())]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(q("居民满意度增长两个百分点"), vec![("两个百分点".into(), Some(2.0), "百分点".into())]);
        assert_eq!(q("比去年提高一倍"), vec![("一倍".into(), Some(1.0), "倍".into())]);
        assert_eq!(q("共培训一千二百人。"), vec![("一千二百人".into(), Some(1200.0), "人".into())]);
        assert_eq!(q("等专题骨干培训三期,"), vec![("三期".into(), Some(3.0), "期".into())]);
    }

    #[test]
    fn redacted_placeholders_never_become_numbers() {
        for s in [
            "参合率达x%",
            "全区参合农民x人",
            "共采购x万元基本药物",
            "累计建立居民健康档案x9份",
            "农村建档率4×1%",
            "建设面积xm2",
            "完成更名的有X家",
        ] {
            let got = q(s);
            assert_eq!(got.len(), 1, "{s}: {got:?}");
            assert_eq!(got[0].1, None, "{s}");
        }
        assert!(q("xx区内医疗机构报付比").is_empty());
        assert!(q("契机,XX年竣工投入使用").is_empty());
    }

    #[test]
    fn counts_of_sessions_are_quantities_phases_are_not() {
        assert_eq!(q("举办培训班3期").len(), 1);
        assert_eq!(q("培训班共举办两期").len(), 1);
        assert!(q("区中心医院二期").is_empty());
    }

    #[test]
    fn not_quantities() {
        for s in [
            "截止9月1日,全区",
            "杭编办〔2007〕36号",
            "全市1-6月份基层",
            "区委、区政府十分重视深化医改工作",
            "统筹推进五项重点改革",
            "积极落实国家健康扶贫“三个一批”行动计划",
            "补齐三个短板。",
            "继续打造步行15分钟社区卫生服务圈",
            "排在前五位的是",
            "督导推进第三批基本药物制度",
            "福永、松岗二期,区人民医院二期开工",
            "推动瑞金医院海南医院二期竣工",
            "加快一期工程建设",
            "开展了第30个爱国卫生月活动",
            "实施新一轮‘49100’帮扶工程",
            "一是制定一份文件",
            "每万常住人口",
            "工作方案(2023-2025年)",
            "上一篇 2022年11月18日 上午11:08",
            "推进5G建设",
        ] {
            assert!(q(s).is_empty(), "{s}: {:?}", q(s));
        }
    }

    #[test]
    fn ranks_lists_and_ranges() {
        assert_eq!(q("2020年度排名第13、"), vec![("第13".into(), Some(13.0), "位".into())]);
        assert_eq!(
            q("按照每万常住人口13、15或18名事业编制"),
            vec![
                ("13".into(), Some(13.0), "名".into()),
                ("15".into(), Some(15.0), "名".into()),
                ("18名".into(), Some(18.0), "名".into())
            ]
        );
        assert_eq!(
            q("选择1-2个负责"),
            vec![("1".into(), Some(1.0), "个".into()), ("2个".into(), Some(2.0), "个".into())]
        );
    }

    #[test]
    fn approximations_are_flagged() {
        let chars = normalise("2007年共调整1800余个品种,提高为40%左右,近1400名,30多人");
        let qs = quantities(Knowledge::embedded(), &chars, 0..chars.len());
        assert_eq!(
            qs.iter().map(|q| (q.raw.as_str(), q.approximate)).collect::<Vec<_>>(),
            vec![("1800余个", true), ("40%", true), ("1400名", true), ("30多人", true)]
        );
    }
}
