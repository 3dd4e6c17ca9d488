//! Kind and sign: a value (a level or amount), a change (新增, 增长, 提高 X 个百分点; decreases
//! negative) or a target (after 预期, 力争, 目标, 计划, 拟, 确保, and every figure of a plans or
//! tasks part).

use super::{Context, IndicatorKind, Reading};
use crate::extract::outline::SectionKind;
use crate::extract::quantities::Quantity;

/// The figure's kind, and +1/-1 for the direction of a change.
pub(super) fn kind_of(cx: &Context, q: &Quantity, r: &Reading, name: &[char]) -> (IndicatorKind, Option<i8>) {
    let v = &cx.kb.vocab;
    // 人口自然增长率为N‰: a rate with a change noun in its name that is a level
    let level_rate = v.level_rate_names.suffix_at(name, name.len()).is_some();
    let change_noun = if v.change_nouns_down.suffix_at(name, name.len()).is_some() {
        Some(-1)
    } else if v.change_nouns_up.suffix_at(name, name.len()).is_some() {
        Some(1)
    } else {
        None
    };
    let leading = v.change_leading.prefix_at(name, 0).map(|_| 1);
    let change = if level_rate {
        None
    } else {
        r.left.change.or(change_noun).or(if q.unit == "百分点" { Some(1) } else { None }).or(leading)
    };
    let is_change = change.is_some() && !r.left.level && (!r.left.comparison || r.left.change.is_some());
    let planned = cx.outline.kind_at(q.start) == SectionKind::Plans
        || r.left.target_cue
        || target_in_sentence(cx, q, r)
        || year_ahead_in_sentence(cx, q, r);
    // a baseline of a planned change ("由A元提高到B元": the A) is a value of its own year
    let baseline = (r.left.comparison && r.left.change.is_none()) || r.left.from_base;
    let kind = if r.target_after || (planned && !baseline) {
        IndicatorKind::Target
    } else if is_change {
        IndicatorKind::Change
    } else {
        IndicatorKind::Value
    };
    (kind, change)
}

/// "主要预期目标是:地区生产总值增长6%左右,…", "到2030年,…达到…": a target cue earlier in the
/// sentence, not undone by a word of achievement after it (完成了年初确定的目标).
fn target_in_sentence(cx: &Context, q: &Quantity, r: &Reading) -> bool {
    let v = &cx.kb.vocab;
    let Some((p, n)) = v.target_in_sentence.find_in(cx.chars, r.ss, q.start) else { return false };
    v.achieved_words.find_in(cx.chars, p + n, q.start).is_none()
        && v.achieved_words.find_in(cx.chars, r.ss, p).is_none()
}

/// A government work report's "今年…": the year ahead, so a figure after it is planned, not
/// undone by a word of achievement between (今年一季度已完成…).
fn year_ahead_in_sentence(cx: &Context, q: &Quantity, r: &Reading) -> bool {
    let v = &cx.kb.vocab;
    if !cx.work_report {
        return false;
    }
    let Some((p, n)) = v.plan_year_words.find_in(cx.chars, r.ss, q.start) else { return false };
    v.achieved_words.find_in(cx.chars, p + n, q.start).is_none()
}
