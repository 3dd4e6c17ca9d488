//! Years in the text ("2007年", "06年", "2017年度"), classified: the context a figure is
//! set in, a comparison base (比2006年), or a date that is neither.

use crate::extract::text::starts_with_at;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearKind {
    Context,
    Base,
    Date,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct YearMention {
    pub start: usize,
    pub end: usize,
    pub year: i32,
    pub kind: YearKind,
}

pub(super) fn year_value(digits: &[char]) -> Option<i32> {
    let s: String = digits.iter().collect();
    let v: i32 = s.parse().ok()?;
    match digits.len() {
        4 if (1949..=2100).contains(&v) => Some(v),
        2 => Some(if v < 50 { 2000 + v } else { 1900 + v }),
        _ => None,
    }
}

pub(super) fn inside_book_title(chars: &[char], pos: usize, floor: usize) -> bool {
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
pub(super) fn year_mentions(
    kb: &crate::extract::knowledge::Knowledge,
    chars: &[char],
    body: &std::ops::Range<usize>,
    report_year: Option<i32>,
) -> Vec<YearMention> {
    let mut out = digit_year_mentions(chars, body);
    // "农业连续11年丰收": two digits after 连续/近/历时 count years, they name none
    out.retain(|m| {
        let two_digits = m.end - m.start == 3 && chars[m.start + 2] == '年';
        !(two_digits && kb.vocab.duration_before.suffix_at(chars, m.start).is_some())
    });
    if let Some(y) = report_year {
        out.extend(relative_year_mentions(kb, chars, body, y));
        out.sort_by_key(|m| m.start);
    }
    out
}

/// 今年, 去年, 明年: years as words, counted from the report's year; after 比/较 a base.
fn relative_year_mentions(
    kb: &crate::extract::knowledge::Knowledge,
    chars: &[char],
    body: &std::ops::Range<usize>,
    report_year: i32,
) -> Vec<YearMention> {
    let mut out = Vec::new();
    let end = body.end.min(chars.len());
    for i in body.start..end {
        for (word, offset) in &kb.vocab.relative_years {
            if i + word.len() <= end && chars[i..i + word.len()] == word[..] {
                let before = if i > 0 { chars[i - 1] } else { ' ' };
                let after = i + word.len();
                let kind = if matches!(before, '比' | '较' | '由' | '从' | '与' | '同')
                    || starts_with_at(chars, after, "同期")
                    || starts_with_at(chars, after, "同比")
                {
                    YearKind::Base
                } else {
                    YearKind::Context
                };
                out.push(YearMention { start: i, end: after, year: report_year + offset, kind });
            }
        }
    }
    out
}

fn digit_year_mentions(chars: &[char], body: &std::ops::Range<usize>) -> Vec<YearMention> {
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
        // "14年来首次", "10年间": two digits before 年来/年间/年多 count years, they name none
        let duration = n == 2 && j + 1 < end && matches!(chars[j + 1], '来' | '间' | '多');
        if (n == 4 || n == 2) && j < end && chars[j] == '年' && !duration {
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
                // "分别是2005年的2.3倍": the year of what a figure is compared with
                let multiple_of = matches!(before, '是' | '为' | '当') && after < end && chars[after] == '的';
                let base = matches!(before, '比' | '较' | '由' | '从' | '与' | '同' | '于')
                    || multiple_of
                    || starts_with_at(chars, after, "同比")
                    || starts_with_at(chars, after, "相比")
                    || starts_with_at(chars, after, "同期");
                // "2003年以来": the start of a span, not the year a figure is of
                let since = starts_with_at(chars, after, "以来");
                let kind = if with_month
                    || range_end
                    || since
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

/// The sentence for year context: back to the last 。/!/?/newline.
pub(super) fn year_scope(chars: &[char], pos: usize, floor: usize) -> (usize, usize) {
    let mut s = pos;
    while s > floor && !matches!(chars[s - 1], '。' | '!' | '?' | '\n') {
        s -= 1;
    }
    (s, pos)
}

/// The year a figure refers to, and how it was found: the comparison base written just
/// before it (比2006年的14.85%), the base year of its sentence for a 由…提高到 start, a cohort
/// year after a count (40名2017年全科医生), the year its sentence is about; else the report's
/// year — in a government work report, which reviews the year before it is delivered, the year
/// before for what it reports and its own year for its targets.
pub(super) fn year_of(
    cx: &super::Context,
    years: &[YearMention],
    q: &crate::extract::quantities::Quantity,
    r: &super::Reading,
    kind: super::IndicatorKind,
) -> (Option<i32>, &'static str) {
    let chars = cx.chars;
    let before = |m: &&YearMention, from: usize, kind: YearKind| m.end <= q.start && m.start >= from && m.kind == kind;
    // 比2006年的14.85% / 由2017年的7个: the base year written just before; a change against
    // it (比去年末新增N家) is of the year the sentence is about.
    let base_before = years.iter().rev().find(|m| before(m, r.lb, YearKind::Base));
    // (今年…比去年增加N亿元 in the tasks part: a target, but the amount is this year's change)
    if let Some(m) = base_before.filter(|_| kind != super::IndicatorKind::Change && r.left.change.is_none()) {
        if r.left.comparison || chars[m.end..q.start].iter().all(|c| *c == '的' || c.is_whitespace()) {
            return (Some(m.year), "comparison");
        }
    }
    // 三级医院由10%左右提高到50%: a base without a year shares the sentence's base year.
    let from_base =
        r.left.from_base || (r.left.comparison && chars[r.lb..q.start].iter().any(|c| matches!(c, '由' | '从')));
    // the span a review covers is read only where a rule needs it (headings_at builds a string)
    let span = || span_reviewed(cx, r, q);
    if from_base {
        if let Some(m) = years.iter().rev().find(|m| before(m, r.ys, YearKind::Base)) {
            return (Some(m.year), "comparison");
        }
        // 由每人每年A元提高到B元 with no year of its own: the start is the year before
        // the one the end is of, or before the span's first year in a review of several
        if let Some(n) = (kind != super::IndicatorKind::Target).then(span).flatten() {
            let (end_year, _) = sentence_or_report_year(cx, years, q, r, kind);
            return (end_year.map(|y| y - n), "the year before the span the review covers");
        }
        let (end_year, _) = sentence_or_report_year(cx, years, q, r, super::IndicatorKind::Target);
        return (end_year.map(|y| y - 1), "the year before the change");
    }
    let clause = clause_before(chars, r.ys, q.start);
    if !year_between(years, clause, q.start) {
        let v = &cx.kb.vocab;
        // "“十四五”时期生产总值年均增长6%": a yearly average, planned or achieved, is of the
        // span, not of one year (a year of its own in the clause gives it one: 2025年年均…)
        if span_word_in(&v.span_averages, chars, clause, q.start).is_some() {
            return (None, "a yearly average over a span of years");
        }
        if kind != super::IndicatorKind::Target
            && !year_between(years, r.ys, q.start)
            && span_word_in(&v.span_totals, chars, clause, q.start).is_some()
            && span().is_some()
        {
            return (None, "a total over the span of years reviewed");
        }
    }
    // "2003年以来城镇新增就业116万人": an amount since a year is of no single year
    // (unless a year of its own stands between: "2018年以来,…,2023年新增就业1.2万人")
    let since = since_before(chars, r.ys, q.start);
    if kind != super::IndicatorKind::Target
        && q.unit != "%"
        && since.is_some_and(|p| !years.iter().any(|m| m.start >= p && m.end <= q.start && m.kind == YearKind::Context))
    {
        return (None, "a total since a year");
    }
    if let Some(m) = years.iter().find(|m| m.start == q.after && m.kind == YearKind::Context) {
        return (Some(m.year), "explicit");
    }
    sentence_or_report_year(cx, years, q, r, kind)
}

/// The year the figure's sentence is about, else the report's (in a work report, the year it
/// reviews for what is not a target).
fn sentence_or_report_year(
    cx: &super::Context,
    years: &[YearMention],
    q: &crate::extract::quantities::Quantity,
    r: &super::Reading,
    kind: super::IndicatorKind,
) -> (Option<i32>, &'static str) {
    if let Some(m) = years.iter().rev().find(|m| m.end <= q.start && m.start >= r.ys && m.kind == YearKind::Context) {
        return (Some(m.year), "context");
    }
    if kind == super::IndicatorKind::Target {
        let headings: Vec<char> = cx.outline.headings_at(q.start).chars().collect();
        if let Some(end) = plan_period_end(cx, &cx.chars[r.ys..q.start]).or_else(|| plan_period_end(cx, &headings)) {
            return (Some(end), "the end of the plan period");
        }
    }
    match cx.report_year {
        Some(_) if cx.work_report && kind != super::IndicatorKind::Target => {
            (cx.reviewed_year(), "the year the report reviews")
        }
        Some(_) if cx.work_report => (cx.reviewed_year().map(|y| y + 1), "the year the report plans"),
        y => (y, "report"),
    }
}

/// "“十三五”时期…", "十四五末": the last year of the five-year plan a text names as a period
/// (not an ordinal: 第十五届).
fn plan_period_end(cx: &super::Context, text: &[char]) -> Option<i32> {
    let v = &cx.kb.vocab;
    (0..text.len()).find_map(|i| {
        if i > 0 && text[i - 1] == '第' {
            return None;
        }
        let (w, end) = v.five_year_plans.iter().find(|(w, _)| text[i..].starts_with(w))?;
        // (“ 十四五 ”时期: a quote rejoined from lines of its own keeps spaces)
        let after = (i + w.len()..text.len()).find(|&k| text[k] != ' ').unwrap_or(text.len());
        v.five_year_plan_after.prefix_at(text, after).map(|_| *end)
    })
}

/// Where the clause holding a figure starts (after the last , ; : before it, within its
/// sentence).
fn clause_before(chars: &[char], sentence_start: usize, pos: usize) -> usize {
    (sentence_start..pos).rev().find(|&i| matches!(chars[i], ',' | ';' | ':')).map_or(sentence_start, |i| i + 1)
}

/// The number of years a review spans when the figure's headings or its sentence name the
/// span (过去五年工作回顾, 这五年, 五年来).
fn span_reviewed(cx: &super::Context, r: &super::Reading, q: &crate::extract::quantities::Quantity) -> Option<i32> {
    let v = &cx.kb.vocab;
    let headings: Vec<char> = cx.outline.headings_at(q.start).chars().collect();
    // "“十一五”时期经济社会发展回顾" in a report of 2011: the plan period just ended
    let reviewed = cx.reviewed_year();
    if plan_period_end(cx, &headings).is_some_and(|end| Some(end) == reviewed) {
        return Some(5);
    }
    let found = span_word_in(&v.span_words, &headings, 0, headings.len())
        .or_else(|| span_word_in(&v.span_words, cx.chars, r.ys, q.start))?;
    match found.first() {
        Some('五' | '5') => Some(5),
        Some('三' | '3') => Some(3),
        Some('十') => Some(10),
        Some('1') => Some(10),
        _ => None,
    }
}

/// A span word in `chars[from..to]` that is not the end of a longer number or word (五年, 5年,
/// 年均 but not 2015年, 十五年, 全年均).
fn span_word_in(
    words: &crate::extract::knowledge::WordList,
    chars: &[char],
    from: usize,
    to: usize,
) -> Option<Vec<char>> {
    let to = to.min(chars.len());
    (from..to).find_map(|i| {
        let n = words.prefix_at(&chars[..to], i)?;
        let joined =
            i > 0 && (chars[i - 1].is_ascii_digit() || "十百千零一二三四五六七八九两全".contains(chars[i - 1]));
        (!joined).then(|| chars[i..i + n].to_vec())
    })
}

/// Where the last "N年以来" in `chars[from..to]` ends, if one stands there.
fn since_before(chars: &[char], from: usize, to: usize) -> Option<usize> {
    (from..to.saturating_sub(2))
        .rev()
        .find(|&i| chars[i] == '年' && starts_with_at(chars, i + 1, "以来") && i > 0 && chars[i - 1].is_ascii_digit())
        .map(|i| i + 3)
}

/// Whether a year is written in `chars[from..to]` (the mentions are in text order).
fn year_between(years: &[YearMention], from: usize, to: usize) -> bool {
    let i = years.partition_point(|m| m.start < from);
    years[i..].iter().take_while(|m| m.start < to).any(|m| m.end <= to)
}
