//! Spreadsheet exports (XLSX, rust_xlsxwriter): a report's indicators, issues and
//! plans; a series, long (one row a point) or wide (regions down, years across);
//! issues across reports. Built from the same views and rows the JSON answers are,
//! so a spreadsheet shows what the API shows, corrections applied.

use std::collections::BTreeSet;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::domain::{IndicatorView, ItemView};
use crate::series::{Point, Series};
use crate::store::IssueHit;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One cell: text, a number (None: blank), or a truth value.
enum Cell {
    T(String),
    N(Option<f64>),
    B(bool),
}

fn t(s: impl Into<String>) -> Cell {
    Cell::T(s.into())
}

fn n(v: impl Into<f64>) -> Cell {
    Cell::N(Some(v.into()))
}

fn opt_t(s: Option<&str>) -> Cell {
    Cell::T(s.unwrap_or_default().to_string())
}

fn opt_n<T: Into<f64>>(v: Option<T>) -> Cell {
    Cell::N(v.map(Into::into))
}

/// A sheet: a bold header row, frozen, then the rows.
fn sheet(wb: &mut Workbook, name: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::T(s) if s.is_empty() => {}
                Cell::T(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::N(Some(v)) => {
                    ws.write_number(r, c, v)?;
                }
                Cell::N(None) => {}
                Cell::B(b) => {
                    ws.write_boolean(r, c, b)?;
                }
            }
        }
    }
    Ok(())
}

fn indicator_rows(inds: &[IndicatorView]) -> Vec<Vec<Cell>> {
    inds.iter()
        .map(|o| {
            vec![
                n(o.id as f64),
                t(&o.name),
                opt_t(o.indicator_key.as_deref()),
                opt_n(o.value),
                t(&o.unit),
                t(o.kind.as_str()),
                opt_n(o.period.year),
                Cell::B(o.approximate),
                Cell::B(o.redacted),
                t(&o.raw),
                Cell::B(o.corrected),
                n(o.evidence.start),
                n(o.evidence.end),
                t(&o.evidence.text),
            ]
        })
        .collect()
}

const INDICATOR_HEADER: [&str; 14] = [
    "id",
    "name",
    "indicator_key",
    "value",
    "unit",
    "kind",
    "year",
    "approximate",
    "redacted",
    "raw",
    "corrected",
    "start",
    "end",
    "evidence",
];

fn item_rows(items: &[ItemView], issues: bool) -> Vec<Vec<Cell>> {
    items
        .iter()
        .map(|i| {
            let mut row = vec![n(i.id as f64), n(i.ordinal), t(i.kind.as_str())];
            if issues {
                row.push(opt_t(i.category.as_deref()));
            }
            row.extend([
                opt_t(i.group.as_deref()),
                t(&i.text),
                n(i.evidence.start),
                n(i.evidence.end),
                Cell::B(i.corrected),
            ]);
            row
        })
        .collect()
}

/// A report's workbook: sheets indicators, issues and plans.
pub fn report_workbook(inds: &[IndicatorView], issues: &[ItemView], plans: &[ItemView]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    sheet(&mut wb, "indicators", &INDICATOR_HEADER, indicator_rows(inds))?;
    let issue_header = ["id", "ordinal", "kind", "category", "group", "text", "start", "end", "corrected"];
    sheet(&mut wb, "issues", &issue_header, item_rows(issues, true))?;
    let plan_header = ["id", "ordinal", "kind", "group", "text", "start", "end", "corrected"];
    sheet(&mut wb, "plans", &plan_header, item_rows(plans, false))?;
    wb.save_to_buffer()
}

/// The point a wide sheet shows for a region and year: the preferred one, else the first.
fn shown(points: &[Point], year: i32) -> Option<&Point> {
    let mut of_year = points.iter().filter(|p| p.year == year);
    let first = of_year.clone().next();
    of_year.find(|p| p.preferred).or(first)
}

/// A series: `wide` — one row a region, one column a year (the preferred point's
/// value); else long — one row a point, with its source.
pub fn series_workbook(s: &Series, wide: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    if wide {
        let years: BTreeSet<i32> = s.series.iter().flat_map(|r| r.points.iter().map(|p| p.year)).collect();
        let year_names: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        let mut header = vec!["region_code", "region_name", "unit"];
        header.extend(year_names.iter().map(String::as_str));
        let rows = s
            .series
            .iter()
            .map(|r| {
                let mut row = vec![t(&r.region.code), t(&r.region.name), t(&s.unit)];
                row.extend(years.iter().map(|&y| Cell::N(shown(&r.points, y).and_then(|p| p.value))));
                row
            })
            .collect();
        sheet(&mut wb, "series", &header, rows)?;
    } else {
        let header = [
            "region_code",
            "region_name",
            "year",
            "value",
            "unit",
            "preferred",
            "name",
            "observation_id",
            "report_id",
            "report_title",
            "evidence",
        ];
        let rows = s
            .series
            .iter()
            .flat_map(|r| r.points.iter().map(move |p| (r, p)))
            .map(|(r, p)| {
                vec![
                    t(&r.region.code),
                    t(&r.region.name),
                    n(p.year),
                    opt_n(p.value),
                    t(&p.unit),
                    Cell::B(p.preferred),
                    t(&p.name),
                    n(p.observation_id as f64),
                    t(p.report.id.to_string()),
                    opt_t(p.report.title.as_deref()),
                    t(&p.evidence.text),
                ]
            })
            .collect();
        sheet(&mut wb, "series", &header, rows)?;
    }
    wb.save_to_buffer()
}

/// Issues across reports, as GET /v1/issues lists them.
pub fn issues_workbook(hits: &[IssueHit]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let header = [
        "id",
        "report_id",
        "report_title",
        "region_code",
        "region_name",
        "year",
        "ordinal",
        "kind",
        "category",
        "group",
        "text",
        "start",
        "end",
    ];
    let rows = hits
        .iter()
        .map(|h| {
            vec![
                n(h.id as f64),
                t(h.report_id.to_string()),
                opt_t(h.report_title.as_deref()),
                opt_t(h.region_code.as_deref()),
                opt_t(h.region_name.as_deref()),
                opt_n(h.year),
                n(h.ordinal),
                t(h.kind.as_str()),
                t(&h.category),
                opt_t(h.group_heading.as_deref()),
                t(&h.text),
                n(h.start_offset),
                n(h.end_offset),
            ]
        })
        .collect();
    sheet(&mut wb, "issues", &header, rows)?;
    wb.save_to_buffer()
}
