//! /v1/indicators: the catalogue as observed, and one indicator's time series
//! as JSON, CSV or an SVG chart.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::kinds::IndicatorKind;
use crate::problem::{ApiResult, Problem};
use crate::routes::params::Params;
use crate::routes::table::{route, Route};
use crate::series::{self, Series};
use crate::state::AppState;
use crate::store;

pub fn routes() -> Vec<Route> {
    vec![
        route!(Read, catalogue),
        route!(Read, series_svg),
        route!(Read, series_xlsx),
        route!(Read, get_series),
        route!(Read, one),
    ]
}

/// One indicator of the catalogue with what has been observed of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"key": "ncms_participation_rate", "name": "新农合参合率", "unit": "%", "domain": "医疗保障",
    "observations": 42, "regions": 7, "first_year": 2005, "last_year": 2012}))]
pub struct CatalogueItem {
    pub key: String,
    pub name: String,
    pub unit: String,
    pub domain: String,
    /// Observations with this key across all reports.
    pub observations: i64,
    /// Distinct regions with an observation.
    pub regions: i64,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Catalogue {
    pub items: Vec<CatalogueItem>,
}

/// A catalogue entry in full.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogueDetail {
    #[serde(flatten)]
    pub item: CatalogueItem,
    /// An extracted name containing one of these gets this key.
    pub synonyms: Vec<String>,
    /// Alternatives that need every part.
    pub all: Vec<Vec<String>>,
    /// An extracted name containing one of these never gets this key.
    pub exclude: Vec<String>,
    /// What the indicator measures.
    pub definition: String,
    /// Where the indicator and its name come from (a statistics system), if anywhere.
    pub source: String,
    /// Generic head terms that give this key only with one of `qualifiers` in the name or in
    /// the headings it sits under.
    pub heads: Vec<String>,
    pub qualifiers: Vec<String>,
    /// The kinds the entry accepts; empty: all.
    pub kinds: Vec<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CatalogueQuery {
    /// Text to find in keys, names and synonyms (参合, 签约, drug).
    q: Option<String>,
    /// Also list catalogue entries nothing has been observed for.
    all: Option<bool>,
}

fn item(e: &crate::extract::knowledge::CatalogueEntry, st: Option<&store::IndicatorStat>) -> CatalogueItem {
    CatalogueItem {
        key: e.key.clone(),
        name: e.name.clone(),
        unit: e.unit.clone(),
        domain: e.domain.clone(),
        observations: st.map(|s| s.observations).unwrap_or(0),
        regions: st.map(|s| s.regions).unwrap_or(0),
        first_year: st.and_then(|s| s.first_year),
        last_year: st.and_then(|s| s.last_year),
    }
}

/// The indicator catalogue as observed.
///
/// Every catalogue key some report has an observation for, with counts; `q` filters
/// by key, name or synonym; `all=true` lists the whole catalogue.
#[utoipa::path(
    get,
    path = "/v1/indicators",
    tag = "indicators",
    params(CatalogueQuery),
    responses(
        (status = 200, description = "Catalogue entries with observation counts, by key", body = Catalogue),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/indicators")]
pub async fn catalogue(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let q = Params::of(&req)?;
    let text = q.one("q").map(|s| s.to_lowercase());
    let all = q.bool("all")?;
    let stats = store::indicator_stats(&state.pool, None).await?;
    let by_key: std::collections::HashMap<&str, &store::IndicatorStat> =
        stats.iter().map(|s| (s.indicator_key.as_str(), s)).collect();
    let items = state
        .kb
        .catalogue
        .entries
        .iter()
        .filter(|e| all || by_key.contains_key(e.key.as_str()))
        .filter(|e| {
            text.as_ref().is_none_or(|t| {
                e.key.contains(t.as_str())
                    || e.name.contains(t.as_str())
                    || e.synonyms.iter().any(|s| s.contains(t.as_str()) || t.contains(s.as_str()))
                    || e.all.iter().flatten().any(|s| s.contains(t.as_str()))
            })
        })
        .map(|e| item(e, by_key.get(e.key.as_str()).copied()))
        .collect();
    Ok(HttpResponse::Ok().json(Catalogue { items }))
}

fn entry<'a>(state: &'a AppState, key: &str) -> ApiResult<&'a crate::extract::knowledge::CatalogueEntry> {
    state.kb.catalogue.get(key).ok_or_else(|| {
        Problem::not_found(format!("no indicator {key:?} in the catalogue (GET /v1/indicators?all=true lists them)"))
    })
}

/// One catalogue entry with its synonyms.
#[utoipa::path(
    get,
    path = "/v1/indicators/{key}",
    tag = "indicators",
    params(("key" = String, Path, description = "Catalogue key", example = "ncms_participation_rate")),
    responses(
        (status = 200, description = "The entry", body = CatalogueDetail),
        (status = 404, description = "Not in the catalogue", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/indicators/{key}")]
pub async fn one(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let e = entry(&state, &path)?;
    let stats = store::indicator_stats(&state.pool, Some(&e.key)).await?;
    Ok(HttpResponse::Ok().json(CatalogueDetail {
        item: item(e, stats.first()),
        synonyms: e.synonyms.clone(),
        all: e.all.clone(),
        exclude: e.exclude.clone(),
        definition: e.definition.clone(),
        source: e.source.clone(),
        heads: e.heads.clone(),
        qualifiers: e.qualifiers.clone(),
        kinds: e.kinds.clone(),
    }))
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SeriesParams {
    /// Regions by name (杭州市) or GB/T 2260 code (330100); repeat or comma-separate. All regions when absent.
    region: Option<Vec<String>>,
    /// Also the regions inside the given ones (a prefecture's counties).
    include_subregions: Option<bool>,
    /// First year.
    #[param(minimum = 1949, maximum = 2100)]
    from: Option<i32>,
    /// Last year.
    #[param(minimum = 1949, maximum = 2100)]
    to: Option<i32>,
    /// value (default), change or target.
    #[param(pattern = "^(value|change|target)$")]
    kind: Option<String>,
    /// `preferred`: one point per region and year.
    #[param(pattern = "^preferred$")]
    collapse: Option<String>,
    /// `csv` for text/csv (also chosen by `Accept: text/csv`).
    #[param(pattern = "^(csv|json)$")]
    format: Option<String>,
    /// Most points returned, 1–50000 (default 10000).
    #[param(minimum = 1, maximum = 50000)]
    limit: Option<i64>,
    /// Also the points marked `suspect` (left out and counted in `suspect_left_out` otherwise).
    include_suspect: Option<bool>,
}

async fn load_series(
    req: &HttpRequest,
    state: &AppState,
    key: &str,
    force_collapse: bool,
) -> ApiResult<(Series, Params)> {
    let e = entry(state, key)?;
    let q = Params::of(req)?;
    let kind = q.choice::<IndicatorKind>("kind", "value, change or target")?.unwrap_or(IndicatorKind::Value);
    let (from, to) = (q.year("from")?, q.year("to")?);
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(Problem::bad_request(format!("from ({a}) is after to ({b})")));
        }
    }
    let collapse = match q.one("collapse") {
        None => force_collapse,
        Some("preferred") => true,
        Some(other) => return Err(Problem::bad_request(format!("collapse must be preferred, got {other:?}"))),
    };
    let limit = crate::domain::limit(q.int("limit")?, 10_000, 50_000)?;
    let include_suspect = q.bool("include_suspect")?;
    let regions = q.region_codes(&state.kb.gazetteer)?;
    let rows = store::series(
        &state.pool,
        &store::SeriesQuery { key: &e.key, kind, region_codes: regions, from, to, limit: limit + 1 },
    )
    .await?;
    let truncated = rows.len() as i64 > limit;
    let rows = rows.into_iter().take(limit as usize).collect();
    Ok((series::build(e, kind, state.kb, rows, collapse, include_suspect, truncated), q))
}

/// One indicator across regions and years.
///
/// Points are grouped by region and ordered by year. When several reports give the
/// same region and year, all are returned with their sources and one is marked
/// `preferred` (see `preference_rule`); `collapse=preferred` keeps only those. Values
/// are in the catalogue's unit; a point whose unit cannot be converted keeps its own
/// and is flagged `convertible: false`. With `format=csv` or `Accept: text/csv` the
/// same points come as CSV (UTF-8 with BOM), one row per point.
#[utoipa::path(
    get,
    path = "/v1/indicators/{key}/series",
    tag = "indicators",
    params(("key" = String, Path, description = "Catalogue key", example = "ncms_participation_rate"), SeriesParams),
    responses(
        (status = 200, description = "The series", content(
            (Series = "application/json"),
            (String = "text/csv", example = json!("\u{feff}indicator_key,indicator_name,kind,region_code,region_name,year,value,unit,…\r\nncms_participation_rate,新农合参合率,value,330100,杭州市,2007,97.2,%,…"))
        )),
        (status = 400, description = "Bad parameter (unknown region, kind, years)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not in the catalogue", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/indicators/{key}/series")]
pub async fn get_series(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let (s, q) = load_series(&req, &state, &path, false).await?;
    let format = q.one("format");
    if let Some(f) = format.filter(|f| *f != "csv" && *f != "json") {
        return Err(Problem::bad_request(format!("format must be csv or json, got {f:?}")));
    }
    let wants_csv = format == Some("csv")
        || req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"));
    if wants_csv {
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(header::ContentDisposition::attachment(format!("{}.csv", s.indicator.key)))
            .body(series::to_csv(&s)));
    }
    Ok(HttpResponse::Ok().json(s))
}

/// The series as a spreadsheet.
///
/// `layout=long` (default): one row a point, with its source; `layout=wide`: one row
/// a region, one column a year, the preferred point's value. Same parameters as the
/// JSON series.
#[utoipa::path(
    get,
    path = "/v1/indicators/{key}/series.xlsx",
    tag = "indicators",
    params(
        ("key" = String, Path, description = "Catalogue key", example = "ncms_participation_rate"),
        ("layout" = Option<String>, Query, description = "long (default) or wide", pattern = "^(long|wide)$"),
        SeriesParams
    ),
    responses(
        (status = 200, description = "An XLSX workbook with one sheet, series", body = Vec<u8>,
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not in the catalogue", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/indicators/{key}/series.xlsx")]
pub async fn series_xlsx(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let (s, q) = load_series(&req, &state, &path, false).await?;
    let wide = match q.one("layout") {
        None | Some("long") => false,
        Some("wide") => true,
        Some(other) => return Err(Problem::bad_request(format!("layout must be long or wide, got {other:?}"))),
    };
    let bytes = crate::export::series_workbook(&s, wide)?;
    Ok(HttpResponse::Ok()
        .content_type(crate::export::XLSX)
        .insert_header(header::ContentDisposition::attachment(format!("{}.xlsx", s.indicator.key)))
        .body(bytes))
}

/// The series as an SVG line chart.
///
/// One line per region through the preferred points, years across, the unit on the
/// value axis; labels in Chinese with a font stack that renders CJK.
#[utoipa::path(
    get,
    path = "/v1/indicators/{key}/series.svg",
    tag = "indicators",
    params(("key" = String, Path, description = "Catalogue key", example = "ncms_participation_rate"), SeriesParams),
    responses(
        (status = 200, description = "An SVG image", body = String, content_type = "image/svg+xml"),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not in the catalogue", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/indicators/{key}/series.svg")]
pub async fn series_svg(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let (s, _) = load_series(&req, &state, &path, false).await?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml; charset=utf-8").body(series::to_svg(&s)))
}
