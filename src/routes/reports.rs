//! /v1/reports: upload a report, list them, read one back with everything
//! extracted from it, delete it, re-parse it.

use actix_web::http::header;
use actix_web::web;
use actix_web::{delete, get, post, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::{
    IndicatorList, IndicatorView, ItemList, ItemView, ReportList, ReportView, SectionList, SectionView,
};
use crate::ingest::{self, Outcome};
use crate::kinds::IndicatorKind;
use crate::problem::{ApiResult, Problem};
use crate::routes::documents::{read_documents, UploadForm};
use crate::routes::params::Params;
use crate::routes::table::{route, Route};
use crate::state::AppState;
use crate::store;

pub fn routes() -> Vec<Route> {
    vec![
        route!(Write, upload),
        route!(Read, list),
        route!(Read, get_one),
        route!(Read, get_text),
        route!(Read, get_original),
        route!(Read, get_indicators),
        route!(Read, get_issues),
        route!(Read, get_plans),
        route!(Read, get_sections),
        route!(Read, get_export),
        route!(Write, delete_one),
        route!(Write, reparse_one),
        route!(Write, reparse_many),
    ]
}

/// Overrides and the file name for a raw-body upload.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct UploadQuery {
    /// File name of a raw-body upload (also read from `Content-Disposition`).
    pub filename: Option<String>,
    /// Overrides the extracted title.
    pub title: Option<String>,
    /// Overrides the extracted region: a name or GB/T 2260 code.
    pub region: Option<String>,
    /// Overrides the report year.
    #[param(minimum = 1949, maximum = 2100)]
    pub year: Option<i32>,
    /// Overrides the genre.
    pub doc_type: Option<String>,
}

async fn view(state: &AppState, id: Uuid) -> ApiResult<ReportView> {
    store::get_report(&state.pool, id)
        .await?
        .map(ReportView::from)
        .ok_or_else(|| Problem::not_found(format!("no report {id}")))
}

/// Upload a report.
///
/// Send the document as a `multipart/form-data` part named `file` (optionally with
/// `title`, `region`, `year`, `doc_type` parts that override extraction), or as the
/// raw request body with its `Content-Type` (overrides then go in the query string).
/// The whole report — original bytes, extracted text, sections, indicators, issues
/// and plans — is written in one transaction. The same bytes uploaded again (even
/// concurrently) return the existing report with 200.
#[utoipa::path(
    post,
    path = "/v1/reports",
    tag = "reports",
    params(UploadQuery),
    request_body(
        description = "The report, as a multipart form or as the raw body",
        content(
            (UploadForm = "multipart/form-data"),
            ("text/plain", example = json!("2007年杭州市医改工作总结\n\n2007年,我市医改工作……全市参合农民达到369.7万人,农民参合率达到97.2%……")),
            ("text/html"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("application/pdf")
        )
    ),
    responses(
        (status = 201, description = "A new report, parsed and stored", body = ReportView,
            headers(("Location" = String, description = "/v1/reports/{id}"))),
        (status = 200, description = "These bytes were uploaded before: the existing report", body = ReportView),
        (status = 400, description = "Empty or undecodable document, missing file part, bad override", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the upload limit (MAX_UPLOAD_BYTES, default 20 MB)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A format the service does not read (legacy .doc, images …)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing report-like could be read (no Chinese prose, a scanned PDF)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The parser or the database is saturated; retry after Retry-After seconds", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/reports")]
pub async fn upload(req: HttpRequest, payload: web::Payload, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let mut docs = read_documents(&req, payload, state.settings.max_upload_bytes).await?;
    let doc = docs.remove(0);
    let fmt_hint = doc
        .filename
        .clone()
        .and_then(|f| f.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()))
        .unwrap_or_else(|| "unknown".into());
    let result = ingest::ingest(&state.pool, &state.gate, state.kb, state.limits, doc).await.map_err(Problem::from);
    let outcome = match &result {
        Ok(Outcome::Created(_)) => "created",
        Ok(Outcome::Duplicate(_)) => "duplicate",
        Err(p) => match p.status {
            400..=499 => "rejected",
            _ => "failed",
        },
    };
    crate::metrics::UPLOADS.with_label_values(&[&fmt_hint, outcome]).inc();
    match result? {
        Outcome::Created(row) => {
            let v = ReportView::from(*row);
            Ok(HttpResponse::Created().insert_header((header::LOCATION, v.links.self_.clone())).json(v))
        }
        Outcome::Duplicate(id) => Ok(HttpResponse::Ok().json(view(&state, id).await?)),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListQuery {
    /// Only reports about these regions (name or GB/T 2260 code; repeat or comma-separate).
    region: Option<Vec<String>>,
    /// Include reports about regions inside the given ones.
    include_subregions: Option<bool>,
    /// Only reports about this year.
    #[param(minimum = 1949, maximum = 2100)]
    year: Option<i32>,
    /// Only reports of this genre (工作总结, 情况报告 …).
    doc_type: Option<String>,
    /// Only reports made by this parser version.
    parser_version: Option<i32>,
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// List reports, newest first.
#[utoipa::path(
    get,
    path = "/v1/reports",
    tag = "reports",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of reports, newest first", body = ReportList),
        (status = 400, description = "Bad parameter (unknown region, bad cursor, limit out of range)", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let q = Params::of(&req)?;
    let page = q.page(20, 100)?;
    let filter = store::ReportFilter {
        region_codes: q.region_codes(&state.kb.gazetteer)?,
        year: q.year("year")?,
        doc_type: q.one("doc_type").map(String::from),
        parser_version: q.int("parser_version")?,
        before_seq: page.after,
        limit: page.fetch(),
    };
    let (rows, next_cursor) = page.cut(store::list_reports(&state.pool, &filter).await?, |r| r.seq);
    Ok(HttpResponse::Ok().json(ReportList { items: rows.into_iter().map(ReportView::from).collect(), next_cursor }))
}

fn parse_id(raw: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| Problem::not_found(format!("no report {raw:?} (report ids are UUIDs)")))
}

/// One report.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report", body = ReportView),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}")]
pub async fn get_one(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(view(&state, parse_id(&path)?).await?))
}

/// The extracted text every evidence offset points into.
///
/// Offsets count characters (Unicode scalar values), as Python and JavaScript index strings.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/text",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "The extracted text", body = String, content_type = "text/plain; charset=utf-8"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/text")]
pub async fn get_text(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    let t = store::report_text(&state.pool, id).await?.ok_or_else(|| Problem::not_found(format!("no report {id}")))?;
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(t))
}

/// The bytes as uploaded.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/original",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "The original upload, with the content type it was uploaded with", body = Vec<u8>, content_type = "*/*"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/original")]
pub async fn get_original(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    let o =
        store::report_original(&state.pool, id).await?.ok_or_else(|| Problem::not_found(format!("no report {id}")))?;
    let mut resp = HttpResponse::Ok();
    resp.content_type(o.content_type.unwrap_or_else(|| "application/octet-stream".into()));
    if let Some(f) = o.filename {
        resp.insert_header(header::ContentDisposition::attachment(f));
    }
    Ok(resp.body(o.bytes))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ItemsQuery {
    /// Page size, 1–10000 (default 1000).
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Indicators only: value, change or target.
    #[param(pattern = "^(value|change|target)$")]
    kind: Option<String>,
    /// Indicators only: a catalogue key.
    key: Option<String>,
    /// Also what an analyst rejected (default false).
    include_rejected: Option<bool>,
}

async fn require_report(state: &AppState, id: Uuid) -> ApiResult<()> {
    if store::report_exists(&state.pool, id).await? {
        Ok(())
    } else {
        Err(Problem::not_found(format!("no report {id}")))
    }
}

/// Every quantity read from a report, in text order.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/indicators",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id"), ItemsQuery),
    responses(
        (status = 200, description = "Indicator observations with their evidence", body = IndicatorList),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/indicators")]
pub async fn get_indicators(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    let q = Params::of(&req)?;
    let page = q.page(1000, 10000)?;
    let after = page.after.map(|a| a as i32).unwrap_or(-1);
    let kind = q.choice::<IndicatorKind>("kind", "value, change or target")?;
    require_report(&state, id).await?;
    let all = q.bool("include_rejected")?;
    let rows = store::report_observations(&state.pool, id, kind, q.one("key"), after, page.fetch(), all).await?;
    let (items, next_cursor) = page.cut(rows, |r: &IndicatorView| i64::from(r.ordinal));
    Ok(HttpResponse::Ok().json(IndicatorList { items, next_cursor }))
}

async fn item_list(req: &HttpRequest, path: &str, state: &AppState, plans: bool) -> ApiResult<HttpResponse> {
    let id = parse_id(path)?;
    let q = Params::of(req)?;
    let page = q.page(1000, 10000)?;
    let all = q.bool("include_rejected")?;
    let after = page.after.unwrap_or(0);
    require_report(state, id).await?;
    let rows = if plans {
        store::report_plans(&state.pool, id, after, page.fetch(), all).await?
    } else {
        store::report_issues(&state.pool, id, after, page.fetch(), all).await?
    };
    let (rows, next_cursor) = page.cut(rows, |r| r.id);
    Ok(HttpResponse::Ok().json(ItemList { items: rows.into_iter().map(ItemView::from).collect(), next_cursor }))
}

/// The problems a report admits, one per listed item.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/issues",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id"), ItemsQuery),
    responses(
        (status = 200, description = "Issues, in text order; empty when the report has no problems section", body = ItemList),
        (status = 400, description = "Bad parameter (limit, cursor)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/issues")]
pub async fn get_issues(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    item_list(&req, &path, &state, false).await
}

/// The next steps a report announces.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/plans",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id"), ItemsQuery),
    responses(
        (status = 200, description = "Plans, in text order", body = ItemList),
        (status = 400, description = "Bad parameter (limit, cursor)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/plans")]
pub async fn get_plans(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    item_list(&req, &path, &state, true).await
}

/// The heading tree of a report.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/sections",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "Sections in text order, with their kind", body = SectionList),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/sections")]
pub async fn get_sections(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    require_report(&state, id).await?;
    let items = store::report_sections(&state.pool, id).await?.into_iter().map(SectionView::from).collect();
    Ok(HttpResponse::Ok().json(SectionList { items }))
}

/// The report's indicators, issues and plans as a spreadsheet.
///
/// Sheets `indicators`, `issues` and `plans`, with the columns of the JSON answers;
/// corrections applied, rejected rows left out.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/export.xlsx",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "An XLSX workbook", body = Vec<u8>,
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/export.xlsx")]
pub async fn get_export(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    require_report(&state, id).await?;
    let pool = &state.pool;
    let inds: Vec<IndicatorView> = store::report_observations(pool, id, None, None, -1, 100_000, false).await?;
    let items = |rows: Vec<store::ItemRow>| rows.into_iter().map(ItemView::from).collect::<Vec<_>>();
    let issues = items(store::report_issues(pool, id, 0, 100_000, false).await?);
    let plans = items(store::report_plans(pool, id, 0, 100_000, false).await?);
    let bytes = crate::export::report_workbook(&inds, &issues, &plans)?;
    Ok(HttpResponse::Ok()
        .content_type(crate::export::XLSX)
        .insert_header(header::ContentDisposition::attachment(format!("report-{id}.xlsx")))
        .body(bytes))
}

/// Delete a report and everything extracted from it.
#[utoipa::path(
    delete,
    path = "/v1/reports/{id}",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[delete("/v1/reports/{id}")]
pub async fn delete_one(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    if store::delete_report(&state.pool, id).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(Problem::not_found(format!("no report {id}")))
    }
}

/// Re-run extraction on a report's stored original and replace the results.
///
/// Everything extracted (metadata, sections, indicators, issues, plans) is replaced
/// in one transaction, so readers see the old or the new extraction, never a mix.
#[utoipa::path(
    post,
    path = "/v1/reports/{id}/reparse",
    tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report as re-parsed", body = ReportView),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The parser or the database is saturated", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/reports/{id}/reparse")]
pub async fn reparse_one(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = parse_id(&path)?;
    if !ingest::reparse(&state.pool, &state.gate, state.kb, state.limits, id).await? {
        return Err(Problem::not_found(format!("no report {id}")));
    }
    Ok(HttpResponse::Ok().json(view(&state, id).await?))
}

/// What a bulk re-parse did.
#[derive(serde::Serialize, ToSchema)]
#[schema(example = json!({"parser_version": 2, "reparsed": 100, "failed": [], "remaining": 250}))]
pub struct ReparseResult {
    /// The version reports are brought to.
    pub parser_version: i32,
    pub reparsed: usize,
    /// Reports whose original could not be parsed again, with the reason.
    #[schema(value_type = Vec<Object>)]
    pub failed: Vec<serde_json::Value>,
    /// Reports still below the version after this call: call again until 0.
    pub remaining: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ReparseQuery {
    /// Re-parse reports whose parser version is below this (default and maximum: the current version).
    parser_version_below: Option<i32>,
    /// Reports to re-parse in this call, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// Re-parse every report made by an older parser, a page at a time.
#[utoipa::path(
    post,
    path = "/v1/reparse",
    tag = "reports",
    params(ReparseQuery),
    responses(
        (status = 200, description = "Reports re-parsed in this call, and how many remain", body = ReparseResult),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/reparse")]
pub async fn reparse_many(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let q = Params::of(&req)?;
    // never above the current version: re-parsed reports must leave the set, or "remaining" never reaches 0
    let below = q
        .int::<i32>("parser_version_below")?
        .unwrap_or(crate::extract::PARSER_VERSION)
        .min(crate::extract::PARSER_VERSION);
    let limit = crate::domain::limit(q.int("limit")?, 100, 1000)?;
    let (ids, _) = store::reports_below_version(&state.pool, below, limit).await?;
    let mut reparsed = 0;
    let mut failed = Vec::new();
    for id in ids {
        match ingest::reparse(&state.pool, &state.gate, state.kb, state.limits, id).await {
            Ok(_) => reparsed += 1,
            Err(e) if e.is_transient() => return Err(e.into()),
            Err(e) => failed.push(serde_json::json!({"report_id": id, "problem": Problem::from(e)})),
        }
    }
    let (_, remaining) = store::reports_below_version(&state.pool, below, 1).await?;
    Ok(HttpResponse::Ok().json(ReparseResult {
        parser_version: crate::extract::PARSER_VERSION,
        reparsed,
        failed,
        remaining,
    }))
}
