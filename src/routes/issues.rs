//! /v1/issues: the problems reports admit, across reports.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::SpanView;
use crate::kinds::SectionKind;
use crate::problem::{ApiResult, Problem};
use crate::routes::params::Params;
use crate::routes::table::{route, Route};
use crate::state::AppState;
use crate::store::{self, IssueFilter};

pub fn routes() -> Vec<Route> {
    vec![route!(Read, categories), route!(Read, list), route!(Read, list_xlsx)]
}

/// An issue with the report it comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 2, "report_id": "01a207ef-74f6-75db-9120-81c36b2dca65", "report_title": "2023年关于深化医改工作推进情况报告",
    "region": {"code": "440800", "name": "湛江市"}, "year": 2023, "ordinal": 2, "kind": "problems", "category": "人才队伍",
    "group": "主要问题", "text": "卫生人才资源严重缺乏。执业(助理)医师数、注册护士数…均明显低于全省平均水平。",
    "evidence": {"start": 2277, "end": 2331}
}))]
pub struct IssueView {
    pub id: i64,
    pub report_id: Uuid,
    pub report_title: Option<String>,
    pub region: Option<IssueRegion>,
    pub year: Option<i32>,
    pub ordinal: i32,
    /// problems, or causes (items under 原因分析).
    pub kind: SectionKind,
    pub category: String,
    pub group: Option<String>,
    pub text: String,
    /// Offsets in the report's text (GET /v1/reports/{id}/text).
    pub evidence: SpanView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssueRegion {
    pub code: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssueList {
    pub items: Vec<IssueView>,
    /// Pass as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"category": "人才队伍", "count": 12}))]
pub struct CategoryCount {
    pub category: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryCounts {
    /// Every category of the taxonomy, in its order, with the count under the filters.
    pub items: Vec<CategoryCount>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct IssueQuery {
    /// Regions by name or GB/T 2260 code; repeat or comma-separate.
    region: Option<Vec<String>>,
    /// Also the regions inside the given ones.
    include_subregions: Option<bool>,
    /// Reports about this year.
    #[param(minimum = 1949, maximum = 2100)]
    year: Option<i32>,
    /// Reports from this year on.
    #[param(minimum = 1949, maximum = 2100)]
    from: Option<i32>,
    /// Reports up to this year.
    #[param(minimum = 1949, maximum = 2100)]
    to: Option<i32>,
    /// A category of GET /v1/issues/categories (人才队伍, 财政投入 …).
    #[param(
        pattern = "^(人才队伍|财政投入|信息化|基层服务能力|药品供应与价格|医保支付|公立医院改革|公共卫生|分级诊疗与医联体|其他)$"
    )]
    category: Option<String>,
    /// problems or causes.
    #[param(pattern = "^(problems|causes)$")]
    kind: Option<String>,
    /// Text the issue contains (a Chinese substring such as 人才 or 信息化).
    q: Option<String>,
    /// One report's issues.
    report: Option<Uuid>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

fn filter(req: &HttpRequest, state: &AppState) -> ApiResult<(IssueFilter, Params)> {
    let q = Params::of(req)?;
    let category = q.one("category").map(String::from);
    if let Some(c) = &category {
        if !state.kb.categories.keys().any(|k| k == c) {
            return Err(Problem::bad_request(format!("unknown category {c:?}; GET /v1/issues/categories lists them")));
        }
    }
    let kind = match q.one("kind") {
        None => None,
        Some("problems") => Some(SectionKind::Problems),
        Some("causes") => Some(SectionKind::Causes),
        Some(k) => return Err(Problem::bad_request(format!("kind must be problems or causes, got {k:?}"))),
    };
    let text = q.one("q").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if text.as_ref().is_some_and(|t| t.chars().count() > 100) {
        return Err(Problem::bad_request("q is longer than 100 characters"));
    }
    let report = q
        .one("report")
        .map(|r| Uuid::parse_str(r).map_err(|_| Problem::bad_request(format!("report must be a report id, got {r:?}"))))
        .transpose()?;
    let f = IssueFilter {
        region_codes: q.region_codes(&state.kb.gazetteer)?,
        year: q.year("year")?,
        from: q.year("from")?,
        to: q.year("to")?,
        category,
        kind,
        q: text,
        report,
    };
    Ok((f, q))
}

/// Issues across reports, newest first.
///
/// Cursor-paged by issue id, which only grows, so pages stay stable while reports
/// are added. `q` finds a substring of any length through an index of the
/// characters and character pairs of each issue.
#[utoipa::path(
    get,
    path = "/v1/issues",
    tag = "issues",
    params(IssueQuery),
    responses(
        (status = 200, description = "A page of issues", body = IssueList),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/issues")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let (f, q) = filter(&req, &state)?;
    let page = q.page(50, 200)?;
    let (rows, next_cursor) =
        page.cut(store::search_issues(&state.pool, &f, page.after, page.fetch()).await?, |r| r.id);
    let items: Vec<IssueView> = rows
        .into_iter()
        .map(|r| IssueView {
            id: r.id,
            report_id: r.report_id,
            report_title: r.report_title,
            region: (r.region_code.is_some() || r.region_name.is_some())
                .then_some(IssueRegion { code: r.region_code, name: r.region_name }),
            year: r.year,
            ordinal: r.ordinal,
            kind: r.kind,
            category: r.category,
            group: r.group_heading,
            text: r.text,
            evidence: SpanView { start: r.start_offset, end: r.end_offset },
        })
        .collect();
    Ok(HttpResponse::Ok().json(IssueList { items, next_cursor }))
}

/// Issues across reports as a spreadsheet, newest first.
///
/// The same filters as GET /v1/issues; up to `limit` rows (default and maximum 10000).
#[utoipa::path(
    get,
    path = "/v1/issues.xlsx",
    tag = "issues",
    params(IssueQuery),
    responses(
        (status = 200, description = "An XLSX workbook with one sheet, issues", body = Vec<u8>,
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/issues.xlsx")]
pub async fn list_xlsx(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let (f, q) = filter(&req, &state)?;
    let limit = crate::domain::limit(q.int("limit")?, 10_000, 10_000)?;
    let hits = store::search_issues(&state.pool, &f, None, limit).await?;
    let bytes = crate::export::issues_workbook(&hits)?;
    Ok(HttpResponse::Ok()
        .content_type(crate::export::XLSX)
        .insert_header(actix_web::http::header::ContentDisposition::attachment("issues.xlsx"))
        .body(bytes))
}

/// The issue taxonomy with counts under the same filters as GET /v1/issues.
#[utoipa::path(
    get,
    path = "/v1/issues/categories",
    tag = "issues",
    params(IssueQuery),
    responses(
        (status = 200, description = "Categories with counts", body = CategoryCounts),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/issues/categories")]
pub async fn categories(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let (f, _) = filter(&req, &state)?;
    let counts: std::collections::HashMap<String, i64> =
        store::issue_category_counts(&state.pool, &f).await?.into_iter().collect();
    let items = state
        .kb
        .categories
        .keys()
        .map(|k| CategoryCount { category: k.to_string(), count: counts.get(k).copied().unwrap_or(0) })
        .collect();
    Ok(HttpResponse::Ok().json(CategoryCounts { items }))
}
