//! Indicator time series: group observations by region and year, put them in
//! the catalogue's unit, mark the preferred point of each year, and render the
//! result as JSON, CSV or an SVG line chart. Pure functions over stored rows.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::knowledge::{CatalogueEntry, Knowledge, Units};
use crate::kinds::IndicatorKind;
use crate::store::SeriesRow;

/// How the preferred point of a region-year is chosen (also in the OpenAPI text).
pub const PREFERENCE_RULE: &str =
    "Among the points of one region and year whose value is known and in the series unit: \
first-hand figures (the report covers that year) before figures a report quotes for another year; \
exact before approximate; then the most recently uploaded report; then the first mention in it.";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesRegion {
    /// GB/T 2260 code.
    pub code: String,
    pub name: String,
    /// province, prefecture, county or township.
    pub level: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PointReport {
    pub id: Uuid,
    pub title: Option<String>,
    /// The year the report covers.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PointEvidence {
    /// The sentence the value was read from.
    pub text: String,
    /// Character offsets of the value in the report's text.
    pub start: i32,
    pub end: i32,
}

/// One observation in a series.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "observation_id": 51, "year": 2007, "label": "2007年", "value": 97.2, "unit": "%", "converted_from": null,
    "convertible": true, "approximate": false, "preferred": true, "name": "农民参合率",
    "report": {"id": "01a207ef-6867-712a-848c-6debdcdb4dee", "title": "2007年杭州市医改工作总结", "year": 2007},
    "evidence": {"text": "全市参合农民达到369.7万人,农民参合率达到97.2%,…", "start": 3528, "end": 3533}
}))]
pub struct Point {
    pub observation_id: i64,
    pub year: i32,
    pub label: String,
    /// In the series unit when `convertible`; as written otherwise. Null when redacted.
    pub value: Option<f64>,
    pub unit: String,
    /// The value and unit as written, when a conversion was applied (‰ → %).
    pub converted_from: Option<Converted>,
    /// False when the written unit cannot be put in the series unit: such a point is
    /// kept with its own unit and never preferred.
    pub convertible: bool,
    pub approximate: bool,
    /// The point the series uses for this region and year (see `preference_rule`).
    pub preferred: bool,
    /// The indicator's name as the report words it.
    pub name: String,
    /// Why the point may be wrong (as read from its report, or an order of magnitude away from
    /// the region's other points); shown only with `include_suspect=true`, never preferred.
    pub suspect: Option<String>,
    pub report: PointReport,
    pub evidence: PointEvidence,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Converted {
    pub value: Option<f64>,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionSeries {
    pub region: SeriesRegion,
    /// Ordered by year; several points per year when several reports give one.
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesIndicator {
    pub key: String,
    pub name: String,
    pub unit: String,
}

/// One indicator across regions and years.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Series {
    pub indicator: SeriesIndicator,
    /// value, change or target.
    pub kind: IndicatorKind,
    /// The unit every convertible point is given in.
    pub unit: String,
    pub preference_rule: String,
    /// True when the point limit cut the series short.
    pub truncated: bool,
    /// Suspect points left out (`include_suspect=true` shows them, marked).
    pub suspect_left_out: usize,
    pub series: Vec<RegionSeries>,
}

/// Factor from `unit` to `target`, when both are in one family (‰ → % is 0.1).
pub fn conversion(units: &Units, unit: &str, target: &str) -> Option<f64> {
    if unit == target {
        return Some(1.0);
    }
    let (a, b) = (units.def_of(unit)?, units.def_of(target)?);
    (a.family == b.family).then(|| a.to_family / b.to_family)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

pub fn build(
    entry: &CatalogueEntry,
    kind: IndicatorKind,
    kb: &Knowledge,
    rows: Vec<SeriesRow>,
    collapse: bool,
    include_suspect: bool,
    truncated: bool,
) -> Series {
    // a change in 百分点 belongs to a rate in %: its series unit is 百分点
    let target =
        if kind == IndicatorKind::Change && entry.unit == "%" { "百分点".to_string() } else { entry.unit.clone() };
    let (units, gazetteer) = (&kb.units, &kb.gazetteer);
    let mut by_region: BTreeMap<String, (SeriesRegion, Vec<Point>)> = BTreeMap::new();
    for r in rows {
        let factor = conversion(units, &r.unit, &target)
            .or_else(|| (kind == IndicatorKind::Change && r.unit == "%" && target == "百分点").then_some(f64::NAN));
        let convertible = factor.is_some_and(|f| f.is_finite());
        let (value, unit, converted_from) = match factor {
            Some(f) if f.is_finite() && f != 1.0 => (
                r.value.map(|v| round6(v * f)),
                target.clone(),
                Some(Converted { value: r.value, unit: r.unit.clone() }),
            ),
            Some(f) if f.is_finite() => (r.value, target.clone(), None),
            _ => (r.value, r.unit.clone(), None),
        };
        let entry = by_region.entry(r.region_code.clone()).or_insert_with(|| {
            let g = gazetteer.by_code(&r.region_code);
            let region = SeriesRegion {
                code: r.region_code.clone(),
                name: g.map(|g| g.name.clone()).unwrap_or_else(|| r.region_code.clone()),
                level: g.map(|g| g.level.as_str().to_string()).unwrap_or_default(),
            };
            (region, Vec::new())
        });
        entry.1.push(Point {
            observation_id: r.id,
            year: r.year,
            label: format!("{}年", r.year),
            value,
            unit,
            converted_from,
            convertible,
            approximate: r.approximate,
            preferred: false,
            name: r.name,
            suspect: r.suspect,
            report: PointReport { id: r.report_id, title: r.report_title, year: r.report_year },
            evidence: PointEvidence { text: r.evidence, start: r.ev_start, end: r.ev_end },
        });
        // report_seq drives the preference; keep it alongside via the order rows came in
    }
    let mut series = Vec::new();
    let mut suspect_left_out = 0;
    for (_, (region, mut points)) in by_region {
        mark_far_points(&mut points);
        if !include_suspect {
            let before = points.len();
            points.retain(|p| p.suspect.is_none());
            suspect_left_out += before - points.len();
        }
        points.sort_by_key(|p| p.year); // stable: keeps newest report first within a year
        let mut i = 0;
        while i < points.len() {
            let mut j = i;
            while j < points.len() && points[j].year == points[i].year {
                j += 1;
            }
            let usable =
                |k: &usize| points[*k].value.is_some() && points[*k].convertible && points[*k].suspect.is_none();
            let best = (i..j).filter(usable).min_by_key(|&k| {
                let p = &points[k];
                (p.report.year != Some(p.year), p.approximate, k)
            });
            if let Some(b) = best {
                points[b].preferred = true;
            }
            i = j;
        }
        if collapse {
            points.retain(|p| p.preferred);
        }
        if !points.is_empty() {
            series.push(RegionSeries { region, points });
        }
    }
    Series {
        indicator: SeriesIndicator { key: entry.key.clone(), name: entry.name.clone(), unit: entry.unit.clone() },
        kind,
        unit: target,
        preference_rule: PREFERENCE_RULE.to_string(),
        truncated,
        suspect_left_out,
        series,
    }
}

/// A point more than ten times above or below the median of the region's other points
/// (with at least three of them) is suspect: a figure of another measure, or a misread magnitude.
fn mark_far_points(points: &mut [Point]) {
    let values: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.convertible && p.suspect.is_none())
        .filter_map(|(i, p)| p.value.filter(|v| *v > 0.0).map(|v| (i, v)))
        .collect();
    if values.len() < 4 {
        return;
    }
    for &(i, v) in &values {
        let mut others: Vec<f64> = values.iter().filter(|(j, _)| *j != i).map(|(_, w)| *w).collect();
        others.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let median = others[others.len() / 2];
        if v > 10.0 * median || v < median / 10.0 {
            points[i].suspect =
                Some(format!("{v} is more than ten times off the median {median} of the region's other points"));
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per point, UTF-8 with a byte-order mark so Excel reads the Chinese.
pub fn to_csv(s: &Series) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str("indicator_key,indicator_name,kind,region_code,region_name,year,value,unit,approximate,preferred,convertible,value_as_written,unit_as_written,name_in_report,report_id,report_title,evidence\r\n");
    for rs in &s.series {
        for p in &rs.points {
            let fields = [
                s.indicator.key.clone(),
                s.indicator.name.clone(),
                s.kind.as_str().to_string(),
                rs.region.code.clone(),
                rs.region.name.clone(),
                p.year.to_string(),
                p.value.map(|v| v.to_string()).unwrap_or_default(),
                p.unit.clone(),
                p.approximate.to_string(),
                p.preferred.to_string(),
                p.convertible.to_string(),
                p.converted_from.as_ref().and_then(|c| c.value).map(|v| v.to_string()).unwrap_or_default(),
                p.converted_from.as_ref().map(|c| c.unit.clone()).unwrap_or_default(),
                p.name.clone(),
                p.report.id.to_string(),
                p.report.title.clone().unwrap_or_default(),
                p.evidence.text.clone(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const PALETTE: [&str; 10] =
    ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const FONT: &str = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Hiragino Sans GB','Microsoft YaHei','WenQuanYi Micro Hei',SimHei,sans-serif";

/// "Nice" tick step for a span (1, 2 or 5 × 10ⁿ).
fn nice_step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    mag * if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    }
}

fn fmt_num(v: f64) -> String {
    if v.abs() >= 1e8 {
        format!("{}亿", round6(v / 1e8))
    } else if v.abs() >= 1e4 {
        format!("{}万", round6(v / 1e4))
    } else {
        format!("{}", round6(v))
    }
}

/// The chart's size and margins (left, right, top, bottom).
const SVG_SIZE: (f64, f64) = (800.0, 480.0);
const SVG_MARGINS: (f64, f64, f64, f64) = (80.0, 170.0, 56.0, 56.0);

/// A line chart of the preferred points: one line per region, years across, the
/// unit on the value axis, Chinese labels with a font stack that renders CJK.
pub fn to_svg(s: &Series) -> String {
    svg(s, false)
}

/// The chart with each point a link to its sentence on the desk's report page
/// (`/reports/{id}#o{observation}`).
pub fn to_svg_linked(s: &Series) -> String {
    svg(s, true)
}

fn svg(s: &Series, links: bool) -> String {
    let (w, h) = SVG_SIZE;
    let pts: Vec<(usize, i32, f64)> = s
        .series
        .iter()
        .enumerate()
        .flat_map(|(k, rs)| {
            rs.points.iter().filter(|p| p.preferred).filter_map(move |p| p.value.map(|v| (k, p.year, v)))
        })
        .collect();
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}" font-size="13">"#
    );
    out.push_str(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let title = format!("{}（{}）", s.indicator.name, s.unit);
    let _ =
        write!(out, r#"<text x="{}" y="30" font-size="18" font-weight="bold">{}</text>"#, SVG_MARGINS.0, xml(&title));
    if pts.is_empty() {
        let _ = write!(out, r##"<text x="{}" y="{}" fill="#666">暂无数据</text></svg>"##, w / 2.0 - 30.0, h / 2.0);
        return out;
    }
    let frame = Frame::of(&pts);
    frame.value_axis(&mut out, &s.unit);
    frame.year_axis(&mut out);
    for (k, rs) in s.series.iter().enumerate() {
        let href = |p: &Point| links.then(|| format!("/reports/{}#o{}", p.report.id, p.observation_id));
        let mine: Vec<(i32, f64, Option<String>)> =
            rs.points.iter().filter(|p| p.preferred).filter_map(|p| p.value.map(|v| (p.year, v, href(p)))).collect();
        if !mine.is_empty() {
            frame.region_line(&mut out, k, &rs.region.name, &mine, &s.unit);
        }
    }
    frame.suspect_marks(&mut out, s);
    out.push_str("</svg>");
    out
}

/// The plot area of the chart and the scales that place a (year, value) in it.
struct Frame {
    /// Left and top margins, plot width and height.
    ml: f64,
    mt: f64,
    pw: f64,
    ph: f64,
    first_year: i32,
    last_year: i32,
    /// The value axis: from lo to hi in ticks of step.
    lo: f64,
    hi: f64,
    step: f64,
}

impl Frame {
    /// A frame holding every point (region index, year, value); `pts` is not empty.
    fn of(pts: &[(usize, i32, f64)]) -> Frame {
        let (w, h) = SVG_SIZE;
        let (ml, mr, mt, mb) = SVG_MARGINS;
        let (first_year, last_year) = (pts.iter().map(|p| p.1).min().unwrap(), pts.iter().map(|p| p.1).max().unwrap());
        let (vmin, vmax) = pts.iter().fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.2), a.1.max(p.2)));
        let lo = if vmin >= 0.0 && vmin <= vmax * 0.5 { 0.0 } else { vmin };
        let step = nice_step((vmax - lo).max(vmax.abs() * 0.1).max(1e-9), 5.0);
        let lo = (lo / step).floor() * step;
        let hi = ((vmax / step).ceil() * step).max(lo + step);
        Frame { ml, mt, pw: w - ml - mr, ph: h - mt - mb, first_year, last_year, lo, hi, step }
    }

    fn x(&self, year: i32) -> f64 {
        if self.last_year == self.first_year {
            self.ml + self.pw / 2.0
        } else {
            self.ml + self.pw * f64::from(year - self.first_year) / f64::from(self.last_year - self.first_year)
        }
    }

    fn y(&self, v: f64) -> f64 {
        self.mt + self.ph * (1.0 - (v - self.lo) / (self.hi - self.lo))
    }

    /// Grid lines, value labels and the unit.
    /// Suspect points (shown with include_suspect=true) as hollow red rings, with the reason.
    fn suspect_marks(&self, out: &mut String, s: &Series) {
        for p in s.series.iter().flat_map(|rs| &rs.points) {
            let (Some(v), Some(why)) = (p.value, &p.suspect) else { continue };
            let x = self.x(p.year).clamp(self.ml, self.ml + self.pw);
            let y = self.y(v).clamp(self.mt, self.mt + self.ph);
            let _ = write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="6" fill="none" stroke="#d62728" stroke-width="2"><title>{}</title></circle>"##,
                xml(why)
            );
        }
    }

    fn value_axis(&self, out: &mut String, unit: &str) {
        let (ml, mt, pw, ph) = (self.ml, self.mt, self.pw, self.ph);
        let mut t = self.lo;
        while t <= self.hi + self.step / 2.0 {
            let yy = self.y(t);
            let _ =
                write!(out, r##"<line x1="{ml}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#e5e5e5"/>"##, ml + pw);
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#444">{}</text>"##,
                ml - 8.0,
                yy + 4.0,
                xml(&fmt_num(t))
            );
            t += self.step;
        }
        let _ = write!(
            out,
            r##"<text x="16" y="{:.1}" transform="rotate(-90 16 {:.1})" text-anchor="middle" fill="#444">{}</text>"##,
            mt + ph / 2.0,
            mt + ph / 2.0,
            xml(unit)
        );
    }

    /// Year ticks (at most about ten), the axis line and its label.
    fn year_axis(&self, out: &mut String) {
        let (ml, mt, pw, ph) = (self.ml, self.mt, self.pw, self.ph);
        let span = (self.last_year - self.first_year).max(1);
        let every = ((span as f64) / 10.0).ceil().max(1.0) as i32;
        let mut yr = self.first_year;
        while yr <= self.last_year {
            let xx = self.x(yr);
            let _ = write!(
                out,
                r##"<line x1="{xx:.1}" y1="{:.1}" x2="{xx:.1}" y2="{:.1}" stroke="#999"/>"##,
                mt + ph,
                mt + ph + 5.0
            );
            let _ = write!(
                out,
                r##"<text x="{xx:.1}" y="{:.1}" text-anchor="middle" fill="#444">{yr}年</text>"##,
                mt + ph + 20.0
            );
            yr += every;
        }
        let _ = write!(
            out,
            r##"<line x1="{ml}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#999"/>"##,
            mt + ph,
            ml + pw,
            mt + ph
        );
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#444">年份</text>"##,
            ml + pw / 2.0,
            SVG_SIZE.1 - 10.0
        );
    }

    /// The `k`th region's line, its points (with a tooltip) and its legend entry.
    fn region_line(&self, out: &mut String, k: usize, region: &str, points: &[(i32, f64, Option<String>)], unit: &str) {
        let color = PALETTE[k % PALETTE.len()];
        let path: Vec<String> =
            points.iter().map(|(yr, v, _)| format!("{:.1},{:.1}", self.x(*yr), self.y(*v))).collect();
        let _ = write!(out, r#"<polyline fill="none" stroke="{color}" stroke-width="2" points="{}"/>"#, path.join(" "));
        for (yr, v, href) in points {
            if let Some(h) = href {
                let _ = write!(out, r#"<a href="{}">"#, xml(h));
            }
            let _ = write!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{color}"><title>{} {}年 {}{}</title></circle>"#,
                self.x(*yr),
                self.y(*v),
                xml(region),
                yr,
                xml(&fmt_num(*v)),
                xml(unit)
            );
            if href.is_some() {
                out.push_str("</a>");
            }
        }
        let ly = self.mt + 10.0 + 22.0 * k as f64;
        let lx = self.ml + self.pw + 20.0;
        let _ = write!(
            out,
            r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{color}" stroke-width="3"/>"#,
            lx + 24.0
        );
        let _ = write!(out, r##"<text x="{:.1}" y="{:.1}" fill="#222">{}</text>"##, lx + 30.0, ly + 4.0, xml(region));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Knowledge;

    fn row(id: i64, region: &str, year: i32, value: f64, unit: &str, report_year: i32, seq: i64) -> SeriesRow {
        SeriesRow {
            id,
            report_id: Uuid::nil(),
            report_seq: seq,
            report_title: Some(format!("{region}{report_year}年工作总结")),
            report_year: Some(report_year),
            report_period: None,
            region_code: region.into(),
            name: "参合率".into(),
            value: Some(value),
            unit: unit.into(),
            kind: IndicatorKind::Value,
            year,
            year_basis: "report".into(),
            approximate: false,
            redacted: false,
            raw: format!("{value}{unit}"),
            ev_start: 0,
            ev_end: 1,
            evidence: "x,\"y\"".into(),
            suspect: None,
        }
    }

    /// The series of the participation rate from these rows (`collapse`: one point a region-year).
    fn series_of(rows: Vec<SeriesRow>, collapse: bool) -> Series {
        let kb = Knowledge::embedded();
        let e = kb.catalogue.get("ncms_participation_rate").unwrap();
        build(e, IndicatorKind::Value, kb, rows, collapse, false, false)
    }

    #[test]
    fn suspects_are_left_out_and_counted_unless_asked() {
        let mut rows: Vec<SeriesRow> =
            (0..5).map(|k| row(k, "330100", 2003 + k as i32, 90.0 + k as f64, "%", 2003 + k as i32, k)).collect();
        rows.push(row(9, "330100", 2009, 970.0, "%", 2009, 9)); // a misread magnitude
        rows[0].suspect = Some("a share of 190% is outside 0–100%".into());
        let kb = Knowledge::embedded();
        let e = kb.catalogue.get("ncms_participation_rate").unwrap();
        let s = build(e, IndicatorKind::Value, kb, rows.clone(), false, false, false);
        assert_eq!(s.suspect_left_out, 2);
        assert!(s.series[0].points.iter().all(|p| p.suspect.is_none()));
        let all = build(e, IndicatorKind::Value, kb, rows, false, true, false);
        let shown: Vec<bool> = all.series[0].points.iter().map(|p| p.suspect.is_some()).collect();
        assert_eq!(shown, vec![true, false, false, false, false, true]);
        assert!(all.series[0].points.iter().filter(|p| p.suspect.is_some()).all(|p| !p.preferred));
    }

    #[test]
    fn first_hand_figures_are_preferred_and_units_converted() {
        // 2006 given by the 2006 report, and quoted by the 2007 report (newer, second-hand)
        let rows = vec![
            row(2, "330100", 2006, 90.0, "%", 2007, 9),
            row(1, "330100", 2006, 91.0, "%", 2006, 5),
            row(3, "330100", 2007, 972.0, "‰", 2007, 9),
        ];
        let s = series_of(rows, false);
        let pts = &s.series[0].points;
        assert_eq!(pts.len(), 3);
        let pref: Vec<(i32, Option<f64>)> = pts.iter().filter(|p| p.preferred).map(|p| (p.year, p.value)).collect();
        assert_eq!(pref, vec![(2006, Some(91.0)), (2007, Some(97.2))]);
        assert_eq!(pts[2].converted_from.as_ref().unwrap().unit, "‰");
        let collapsed = series_of(
            vec![row(2, "330100", 2006, 90.0, "%", 2007, 9), row(1, "330100", 2006, 91.0, "%", 2006, 5)],
            true,
        );
        assert_eq!(collapsed.series[0].points.len(), 1);
    }

    #[test]
    fn a_unit_that_cannot_be_converted_is_flagged_not_mixed() {
        let s = series_of(vec![row(1, "330100", 2006, 3.0, "人", 2006, 1)], false);
        let p = &s.series[0].points[0];
        assert!(!p.convertible && !p.preferred);
        assert_eq!(p.unit, "人");
    }

    #[test]
    fn csv_has_a_bom_and_quotes() {
        let s = series_of(vec![row(1, "330100", 2006, 91.0, "%", 2006, 1)], false);
        let csv = to_csv(&s);
        assert!(csv.starts_with('\u{FEFF}'));
        assert!(csv.contains("\"x,\"\"y\"\"\""));
        assert_eq!(csv.lines().count(), 2);
    }

    #[test]
    fn svg_is_well_formed_with_chinese_labels() {
        let rows = vec![
            row(1, "330100", 2006, 91.0, "%", 2006, 1),
            row(2, "330100", 2007, 97.2, "%", 2007, 2),
            row(3, "330200", 2007, 95.0, "%", 2007, 3),
        ];
        let svg = to_svg(&series_of(rows, false));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("新农合参合率（%）") && svg.contains("宁波市") && svg.contains("2007年"));
        assert!(svg.contains("Noto Sans CJK SC"));
        assert_eq!(svg.matches("<polyline").count(), 2);
    }
}
