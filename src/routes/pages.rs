//! The analyst's desk, server-rendered (models and templates: src/pages.rs,
//! templates/): `/` reports and uploads, `/reports/{id}` a report's text with its
//! evidence marked beside its figures, `/indicators/{key}` a series, `/issues`
//! issues across reports. Data through the same store functions as the API; writes
//! from the pages go through the API (static/desk.js). Outside the OpenAPI document.

use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use uuid::Uuid;

use crate::domain::{IndicatorView, ItemView, ReportView};
use crate::kinds::IndicatorKind;
use crate::pages::{self, Filters, IndexPage, IndicatorPage, IssuesPage, ReportPage};
use crate::problem::{ApiResult, Problem};
use crate::routes::params::Params;
use crate::routes::table::{Access, Route};
use crate::state::AppState;
use crate::store::{self, IssueFilter};

const CSS: &str = include_str!("../../static/desk.css");
const JS: &str = include_str!("../../static/desk.js");

pub fn routes() -> Vec<Route> {
    macro_rules! page {
        ($access:ident, $path:literal, $handler:expr) => {
            Route::undocumented(Method::GET, $path, Access::$access, |cfg| {
                cfg.route($path, web::get().to($handler));
            })
        };
    }
    vec![
        page!(Read, "/", index),
        page!(Read, "/reports/{id}", report),
        page!(Read, "/indicators/{key}", indicator),
        page!(Read, "/issues", issues),
        page!(Open, "/static/desk.css", || async { asset(CSS, "text/css; charset=utf-8") }),
        page!(Open, "/static/desk.js", || async { asset(JS, "text/javascript; charset=utf-8") }),
    ]
}

fn asset(body: &'static str, content_type: &str) -> HttpResponse {
    HttpResponse::Ok().content_type(content_type).insert_header(("Cache-Control", "max-age=300")).body(body)
}

fn html(t: impl Template) -> ApiResult<HttpResponse> {
    let body = t.render().map_err(|e| {
        tracing::error!(error = %e, "a page did not render");
        Problem::internal()
    })?;
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(body))
}

fn keys(state: &AppState) -> bool {
    state.settings.api_keys.as_deref().is_some_and(|k| !k.trim().is_empty())
}

fn filters(q: &Params) -> Filters {
    let v = |k: &str| q.one(k).unwrap_or_default().to_string();
    Filters {
        region: v("region"),
        year: v("year"),
        doc_type: v("doc_type"),
        parser_version: v("parser_version"),
        q: v("q"),
        category: v("category"),
    }
}

async fn index(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let q = Params::of(&req)?;
    let filter = store::ReportFilter {
        region_codes: q.region_codes(&state.kb.gazetteer)?,
        year: q.year("year")?,
        doc_type: q.one("doc_type").map(String::from),
        parser_version: q.int("parser_version")?,
        before_seq: None,
        limit: 200,
    };
    let rows = store::list_reports(&state.pool, &filter).await?;
    let reports = rows.into_iter().map(|r| ReportView::from(r).into()).collect();
    html(IndexPage { keys: keys(&state), filters: filters(&q), reports })
}

async fn report(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = Uuid::parse_str(&path).map_err(|_| Problem::not_found(format!("no report {:?}", path.as_str())))?;
    let pool = &state.pool;
    let row = store::get_report(pool, id).await?.ok_or_else(|| Problem::not_found(format!("no report {id}")))?;
    let text = store::report_text(pool, id).await?.unwrap_or_default();
    let inds: Vec<IndicatorView> = store::report_observations(pool, id, None, None, -1, 100_000, true).await?;
    let items = |rows: Vec<store::ItemRow>| rows.into_iter().map(ItemView::from).collect::<Vec<_>>();
    let issues = items(store::report_issues(pool, id, 0, 100_000, true).await?);
    let plans = items(store::report_plans(pool, id, 0, 100_000, true).await?);
    let q = Params::of(&req)?;
    let show = q.one("show").filter(|s| pages::SHOWS.iter().any(|(k, _)| k == s)).unwrap_or("all");
    let segments = pages::highlight(&text, &pages::marks(&inds, &issues, &plans));
    html(ReportPage {
        keys: keys(&state),
        report: ReportView::from(row).into(),
        segments,
        shows: pages::show_links(show),
        figures: inds.iter().filter(|o| pages::shown(o, show)).map(Into::into).collect(),
        issues,
        plans,
    })
}

async fn indicator(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let e = state
        .kb
        .catalogue
        .get(&path)
        .ok_or_else(|| Problem::not_found(format!("no indicator {:?} in the catalogue", path.as_str())))?;
    let q = Params::of(&req)?;
    let query = store::SeriesQuery {
        key: &e.key,
        kind: IndicatorKind::Value,
        region_codes: None,
        from: None,
        to: None,
        limit: 10_000,
    };
    let rows = store::series(&state.pool, &query).await?;
    let mut s = crate::series::build(e, IndicatorKind::Value, state.kb, rows, false, false, false);
    let regions = s.series.iter().map(|r| (r.region.code.clone(), r.region.name.clone())).collect();
    let region = q.one("region").unwrap_or_default().to_string();
    if !region.is_empty() {
        s.series.retain(|r| r.region.code == region);
    }
    html(IndicatorPage {
        keys: keys(&state),
        key: e.key.clone(),
        name: e.name.clone(),
        unit: s.unit.clone(),
        region,
        regions,
        svg: crate::series::to_svg_linked(&s),
        points: pages::point_lines(&s),
    })
}

async fn issues(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let q = Params::of(&req)?;
    let category = q.one("category").filter(|c| state.kb.categories.keys().any(|k| k == *c)).map(String::from);
    let f = IssueFilter {
        region_codes: q.region_codes(&state.kb.gazetteer)?,
        year: q.year("year")?,
        from: None,
        to: None,
        category,
        kind: None,
        q: q.one("q").map(|s| s.trim().chars().take(100).collect::<String>()).filter(|s| !s.is_empty()),
        report: None,
    };
    let hits = store::search_issues(&state.pool, &f, None, 200).await?;
    html(IssuesPage {
        keys: keys(&state),
        filters: filters(&q),
        categories: state.kb.categories.keys().map(String::from).collect(),
        issues: hits.into_iter().map(Into::into).collect(),
    })
}
