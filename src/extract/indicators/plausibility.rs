//! Plausibility: a figure that cannot be what its name and unit say is marked `suspect`
//! with the reason (series leave suspects out unless asked). Checks that need other
//! reports (a point far from the region's others) belong to the series, not here.

use super::{Context, Indicator, IndicatorKind};

pub(super) fn suspect(cx: &Context, ind: &Indicator) -> Option<String> {
    let v = ind.value?;
    let name: Vec<char> = ind.name.chars().collect();
    let per = cx.kb.vocab.ratio_words.contained_in(&name);
    if ind.unit == "%" && ind.kind == IndicatorKind::Value && !(0.0..=100.0).contains(&v) {
        let completion = cx.kb.vocab.completion_words.contained_in(&name);
        if !completion {
            return Some(format!("a share of {v}% is outside 0–100%"));
        }
    }
    let counted = matches!(ind.unit.as_str(), "人" | "名" | "户" | "个" | "家" | "所" | "张" | "例" | "人次");
    if counted && v.fract().abs() > 1e-9 && !per && !ind.approximate {
        return Some(format!("a count of {v} {} has a fraction", ind.unit));
    }
    match (ind.year, cx.report_year) {
        (Some(y), Some(r)) if y > r && ind.kind != IndicatorKind::Target => {
            Some(format!("a {} of {y}, after the report's year {r}, that is not a target", ind.kind.as_str()))
        }
        _ => None,
    }
}
