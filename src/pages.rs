//! The analyst's desk: server-rendered pages (askama templates in `templates/`)
//! built from the same views the API returns. Handlers are in routes/pages.rs;
//! here are the pages' models and the highlighting of a report's text.

use askama::Template;

use crate::domain::{IndicatorView, ItemView, ReportView};
use crate::series::Series;
use crate::store::IssueHit;

/// A number as an analyst reads it: no trailing ".0", blank for none.
pub fn num(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => format!("{v}"),
    }
}

/// A span of the text to mark: its classes and its name (`o12`, `s12`, `i3`, `p4`).
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub class: &'static str,
    pub name: String,
}

/// A run of text with the marks covering it; `anchors` are the marks starting here.
pub struct Segment {
    pub text: String,
    pub classes: String,
    pub marks: String,
    pub anchors: Vec<String>,
}

/// The text cut where any mark starts or ends, each piece with the marks over it.
pub fn highlight(text: &str, marks: &[Mark]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let mut cuts: Vec<usize> = vec![0, len];
    for m in marks.iter().filter(|m| m.start < m.end && m.end <= len) {
        cuts.extend([m.start, m.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let over: Vec<&Mark> = marks.iter().filter(|m| m.start <= a && b <= m.end && m.start < m.end).collect();
            let mut classes: Vec<&str> = over.iter().map(|m| m.class).filter(|c| !c.is_empty()).collect();
            classes.sort_unstable();
            classes.dedup();
            Segment {
                text: chars[a..b].iter().collect(),
                classes: classes.join(" "),
                marks: over.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(" "),
                anchors: marks.iter().filter(|m| m.start == a && m.start < m.end).map(|m| m.name.clone()).collect(),
            }
        })
        .collect()
}

/// The marks of a report's figures (and their sentences), issues and plans; rejected ones left out.
pub fn marks(inds: &[IndicatorView], issues: &[ItemView], plans: &[ItemView]) -> Vec<Mark> {
    let pos = |v: i32| v.max(0) as usize;
    let mut out = Vec::new();
    for i in issues.iter().filter(|i| !i.rejected) {
        let (start, end) = (pos(i.evidence.start), pos(i.evidence.end));
        out.push(Mark { start, end, class: "hl-issue", name: format!("i{}", i.id) });
    }
    for p in plans.iter().filter(|p| !p.rejected) {
        let (start, end) = (pos(p.evidence.start), pos(p.evidence.end));
        out.push(Mark { start, end, class: "hl-plan", name: format!("p{}", p.id) });
    }
    for o in inds.iter().filter(|o| !o.rejected) {
        let e = &o.evidence;
        out.push(Mark {
            start: pos(e.sentence_start),
            end: pos(e.sentence_end),
            class: "",
            name: format!("s{}", o.id),
        });
        let class = match o.kind.as_str() {
            "change" => "hl-change",
            "target" => "hl-target",
            _ => "hl-value",
        };
        out.push(Mark { start: pos(e.start), end: pos(e.end), class, name: format!("o{}", o.id) });
    }
    out
}

/// One row of the reports list.
pub struct ReportLine {
    pub id: String,
    pub title: String,
    pub region: String,
    pub year: String,
    pub doc_type: String,
    pub parser_version: i32,
    pub indicators: i64,
    pub issues: i64,
    pub plans: i64,
    pub created: String,
}

impl From<ReportView> for ReportLine {
    fn from(r: ReportView) -> ReportLine {
        ReportLine {
            id: r.id.to_string(),
            title: r.title.unwrap_or_else(|| "(无标题)".into()),
            region: r.region.map(|g| g.name).unwrap_or_default(),
            year: r.period.and_then(|p| p.year).map(|y| y.to_string()).unwrap_or_default(),
            doc_type: r.doc_type.unwrap_or_default(),
            parser_version: r.parser_version,
            indicators: r.counts.indicators,
            issues: r.counts.issues,
            plans: r.counts.plans,
            created: r.created_at.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// The values of a page's filter form, as given.
#[derive(Default)]
pub struct Filters {
    pub region: String,
    pub year: String,
    pub doc_type: String,
    pub parser_version: String,
    pub q: String,
    pub category: String,
}

#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    pub keys: bool,
    pub filters: Filters,
    pub reports: Vec<ReportLine>,
}

/// One figure in the report page's table.
pub struct FigureLine {
    pub id: i64,
    pub name: String,
    pub value: String,
    pub unit: String,
    pub kind: String,
    pub year: String,
    pub key: String,
    pub corrected: bool,
    pub rejected: bool,
}

impl From<&IndicatorView> for FigureLine {
    fn from(o: &IndicatorView) -> FigureLine {
        FigureLine {
            id: o.id,
            name: o.name.clone(),
            value: num(o.value),
            unit: o.unit.clone(),
            kind: o.kind.as_str().to_string(),
            year: o.period.year.map(|y| y.to_string()).unwrap_or_default(),
            key: o.indicator_key.clone().unwrap_or_default(),
            corrected: o.corrected,
            rejected: o.rejected,
        }
    }
}

/// Which figures the report page's table shows.
pub const SHOWS: [(&str, &str); 5] =
    [("all", "全部"), ("keyed", "已归类"), ("unkeyed", "未归类"), ("corrected", "已更正"), ("rejected", "已驳回")];

/// A link of the table's filter, marked when it is the one shown.
pub struct ShowLink {
    pub key: &'static str,
    pub label: &'static str,
    pub current: bool,
}

pub fn show_links(show: &str) -> Vec<ShowLink> {
    SHOWS.iter().map(|&(key, label)| ShowLink { key, label, current: key == show }).collect()
}

pub fn shown(o: &IndicatorView, show: &str) -> bool {
    match show {
        "keyed" => !o.rejected && o.indicator_key.is_some(),
        "unkeyed" => !o.rejected && o.indicator_key.is_none(),
        "corrected" => o.corrected,
        "rejected" => o.rejected,
        _ => !o.rejected,
    }
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub keys: bool,
    pub report: ReportLine,
    pub segments: Vec<Segment>,
    pub shows: Vec<ShowLink>,
    pub figures: Vec<FigureLine>,
    pub issues: Vec<ItemView>,
    pub plans: Vec<ItemView>,
}

/// One point of the indicator page's table.
pub struct PointLine {
    pub region: String,
    pub year: i32,
    pub value: String,
    pub unit: String,
    pub preferred: bool,
    pub name: String,
    pub report_id: String,
    pub report_title: String,
    pub observation_id: i64,
}

pub fn point_lines(s: &Series) -> Vec<PointLine> {
    s.series
        .iter()
        .flat_map(|r| {
            r.points.iter().map(move |p| PointLine {
                region: r.region.name.clone(),
                year: p.year,
                value: num(p.value),
                unit: p.unit.clone(),
                preferred: p.preferred,
                name: p.name.clone(),
                report_id: p.report.id.to_string(),
                report_title: p.report.title.clone().unwrap_or_default(),
                observation_id: p.observation_id,
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "indicator.html")]
pub struct IndicatorPage {
    pub keys: bool,
    pub key: String,
    pub name: String,
    pub unit: String,
    pub region: String,
    /// (code, name) of every region with points.
    pub regions: Vec<(String, String)>,
    pub svg: String,
    pub points: Vec<PointLine>,
}

/// One issue of the issues page.
pub struct IssueLine {
    pub id: i64,
    pub report_id: String,
    pub report_title: String,
    pub region: String,
    pub year: String,
    pub category: String,
    pub text: String,
}

impl From<IssueHit> for IssueLine {
    fn from(h: IssueHit) -> IssueLine {
        IssueLine {
            id: h.id,
            report_id: h.report_id.to_string(),
            report_title: h.report_title.unwrap_or_default(),
            region: h.region_name.unwrap_or_default(),
            year: h.year.map(|y| y.to_string()).unwrap_or_default(),
            category: h.category,
            text: h.text,
        }
    }
}

#[derive(Template)]
#[template(path = "issues.html")]
pub struct IssuesPage {
    pub keys: bool,
    pub filters: Filters,
    pub categories: Vec<String>,
    pub issues: Vec<IssueLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cut_the_text_into_covered_runs() {
        let m = vec![
            Mark { start: 0, end: 6, class: "hl-issue", name: "i1".into() },
            Mark { start: 2, end: 4, class: "hl-value", name: "o7".into() },
        ];
        let segs = highlight("一二三四五六七", &m);
        let got: Vec<(&str, &str, &str)> =
            segs.iter().map(|s| (s.text.as_str(), s.classes.as_str(), s.marks.as_str())).collect();
        assert_eq!(
            got,
            [
                ("一二", "hl-issue", "i1"),
                ("三四", "hl-issue hl-value", "i1 o7"),
                ("五六", "hl-issue", "i1"),
                ("七", "", "")
            ]
        );
        assert_eq!(segs[1].anchors, ["o7"]);
        assert_eq!(num(Some(97.0)), "97");
        assert_eq!(num(Some(97.2)), "97.2");
    }
}
