//! The catalogue key: a decision with a reason (see knowledge/catalogue.rs), read in the
//! scope of the report's title and the headings the figure sits under.

use super::{Context, Indicator, IndicatorKind};
use crate::extract::quantities::Quantity;

pub(super) fn key(cx: &Context, q: &Quantity, ind: &mut Indicator) {
    // a relative change (门急诊量同比增长12.6%) belongs to its measure whatever that
    // measure's unit: the series of changes sits beside the series of values
    let relative = (ind.kind == IndicatorKind::Change || ind.relative) && ind.unit == "%";
    let unit = (!relative).then_some(ind.unit.as_str());
    // 生产总值超N亿元县(区)达M个: a threshold that names a group is no figure of the measure
    if is_threshold(cx, q) || is_named_group(cx, q) {
        return;
    }
    let scope = format!("{} {}", cx.title, cx.outline.headings_at(q.start));
    let clause_start =
        (0..q.start).rev().find(|&k| matches!(cx.chars[k], ',' | ';' | '。' | '\n' | ':')).map_or(0, |k| k + 1);
    let clause = &cx.chars[clause_start..q.start];
    if ind.kind == IndicatorKind::Change && is_gap(cx, clause) {
        return;
    }
    if let Some(m) = cx.kb.catalogue.classify(&ind.name, unit, ind.kind.as_str(), &scope, clause, &cx.kb.units) {
        ind.indicator_key = Some(m.entry.key.clone());
        ind.key_basis = Some(m.basis);
    }
}

/// 生产总值超N亿元县(区)达M个, 收入超10亿元的县, 突破5万关口: a bound or mark the measure
/// passes, which names a group or a milestone, is no figure of the measure.
fn is_threshold(cx: &Context, q: &Quantity) -> bool {
    let v = &cx.kb.vocab;
    let bound = q.approximate || q.comparator.is_some();
    let money_or_share = matches!(q.family.as_str(), "money" | "percent");
    let group_after_de = q.followed_by_de && v.threshold_groups.prefix_at(cx.chars, q.after + 1).is_some();
    let mark_after = v.threshold_marks.prefix_at(cx.chars, q.after).is_some();
    mark_after || (money_or_share && bound && (q.attributive || group_after_de))
}

/// "建成北京天坛医院河南医院等5家医院", "甲肝、流脑等15种传染病": a count right after 等 counts
/// the members of a group the sentence names by example, not all there are of the measure.
fn is_named_group(cx: &Context, q: &Quantity) -> bool {
    let counted = !matches!(q.family.as_str(), "money" | "percent" | "point" | "times" | "per100k");
    counted && q.start > 0 && cx.chars[q.start - 1] == '等'
}

/// Characters after 比 / 高于 / 低于 in which a gap's base is looked for.
const GAP_BASE_SPAN: usize = 6;

/// 比目标低N个百分点 / 高于全国平均水平: the clause compares with a target or another region.
fn is_gap(cx: &Context, clause: &[char]) -> bool {
    let v = &cx.kb.vocab;
    (0..clause.len()).any(|i| {
        let after = if matches!(clause[i], '比' | '较') {
            i + 1
        } else if i + 1 < clause.len() && matches!(clause[i], '高' | '低') && clause[i + 1] == '于' {
            i + 2
        } else {
            return false;
        };
        (after..(after + GAP_BASE_SPAN).min(clause.len())).any(|k| v.gap_bases.prefix_at(clause, k).is_some())
    })
}
