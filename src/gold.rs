//! A report's corrected extraction in the shape of the hand-made gold files
//! (`../shared/gold/*.gold.json`): what an analyst has checked and corrected can
//! become gold for scoring the parser.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{IndicatorView, ItemView, ReportView};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoldMeta {
    pub title: Option<String>,
    pub doc_type: Option<String>,
    /// The region's name.
    pub region: Option<String>,
    pub year: Option<i32>,
    /// The period's label (2007年).
    pub period: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoldIndicator {
    /// The clause the figure sits in.
    pub context: String,
    /// The quantity as written.
    pub raw: String,
    pub name: String,
    /// Names the figure is known by (its name).
    pub keys: Vec<String>,
    pub value: Option<f64>,
    pub unit: String,
    pub year: Option<i32>,
    /// value, change or target.
    pub kind: String,
    /// True for figures with a catalogue key.
    pub core: bool,
    pub indicator_key: Option<String>,
    /// Offsets of the quantity in the report's text.
    pub start: i32,
    pub end: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoldItem {
    pub text: String,
    pub core: bool,
    /// Issues only.
    pub category: Option<String>,
    pub start: i32,
    pub end: i32,
}

/// The corrected extraction of one report, as a gold file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoldView {
    /// The file name the report was uploaded as.
    pub doc: Option<String>,
    pub meta: GoldMeta,
    pub indicators: Vec<GoldIndicator>,
    /// Numbers that are not indicators (always empty here: the service stores only indicators).
    #[schema(value_type = Vec<Object>)]
    pub non_indicators: Vec<serde_json::Value>,
    pub issues: Vec<GoldItem>,
    pub plans: Vec<GoldItem>,
}

/// The clause around offsets s..e, within the sentence sentence_start..sentence_end.
fn clause(text: &[char], s: usize, e: usize, within: (usize, usize)) -> String {
    let brk = |c: &char| matches!(c, ',' | '，' | '；' | ';' | '。' | '：' | ':' | '\n');
    let (lo, hi) = (within.0.min(s), within.1.max(e).min(text.len()));
    let start = text[lo..s].iter().rposition(brk).map_or(lo, |p| lo + p + 1);
    let end = text[e..hi].iter().position(brk).map_or(hi, |p| e + p);
    text[start..end].iter().collect()
}

fn item(i: ItemView) -> GoldItem {
    GoldItem { text: i.text, core: true, category: i.category, start: i.evidence.start, end: i.evidence.end }
}

pub fn gold(
    report: ReportView,
    text: &str,
    indicators: Vec<IndicatorView>,
    issues: Vec<ItemView>,
    plans: Vec<ItemView>,
) -> GoldView {
    let chars: Vec<char> = text.chars().collect();
    let off = |v: i32| (v.max(0) as usize).min(chars.len());
    let indicators = indicators
        .into_iter()
        .map(|o| {
            let (s, e) = (off(o.evidence.start), off(o.evidence.end).max(off(o.evidence.start)));
            GoldIndicator {
                context: clause(&chars, s, e, (off(o.evidence.sentence_start), off(o.evidence.sentence_end))),
                raw: o.raw,
                keys: vec![o.name.clone()],
                name: o.name,
                value: o.value,
                unit: o.unit,
                year: o.period.year,
                kind: o.kind.as_str().to_string(),
                core: o.indicator_key.is_some(),
                indicator_key: o.indicator_key,
                start: o.evidence.start,
                end: o.evidence.end,
            }
        })
        .collect();
    GoldView {
        doc: report.source.filename,
        meta: GoldMeta {
            title: report.title,
            doc_type: report.doc_type,
            region: report.region.map(|r| r.name),
            year: report.period.as_ref().and_then(|p| p.year),
            period: report.period.and_then(|p| p.label),
        },
        indicators,
        non_indicators: Vec::new(),
        issues: issues.into_iter().map(item).collect(),
        plans: plans.into_iter().map(item).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_s_context_is_its_clause() {
        let t: Vec<char> = "全市参合农民达到369.7万人,农民参合率达到97.2%,实现了乡村全覆盖。".chars().collect();
        let s2 = (0..t.len()).find(|&i| t[i..].starts_with(&['9', '7'])).unwrap();
        let e2 = s2 + 5;
        assert_eq!(t[s2..e2].iter().collect::<String>(), "97.2%");
        assert_eq!(clause(&t, s2, e2, (0, t.len())), "农民参合率达到97.2%");
    }
}
