//! Corrections: an analyst changes what was read from a report (a figure's name,
//! value, unit, kind, year or key; an issue's or plan's span and category),
//! rejects it, or adds a figure the parser missed. Each change is recorded with
//! who made it, applied at once wherever data is read, and applied again after a
//! re-parse (store/corrections.rs). Also the corrected extraction as a gold file.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value as Json};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::actor;
use crate::domain::{CorrectionList, CorrectionView, IndicatorView, ItemView, ReportView};
use crate::extract::knowledge::Knowledge;
use crate::gold::{gold, GoldView};
use crate::kinds::{IndicatorKind, TextEnum};
use crate::problem::{ApiResult, Problem};
use crate::routes::table::{route, Route};
use crate::state::AppState;
use crate::store::{self, Corrected, Target};

pub fn routes() -> Vec<Route> {
    vec![
        route!(Write, patch_observation),
        route!(Write, add_observation),
        route!(Write, patch_issue),
        route!(Write, patch_plan),
        route!(Read, list_corrections),
        route!(Read, get_gold),
    ]
}

/// A field given as null (Some(None)) apart from one left out (None).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// Changes to an observation; any of the fields, or `{"reject": true}` alone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"value": 97.5, "year": 2007}))]
pub struct ObservationPatch {
    name: Option<String>,
    value: Option<f64>,
    unit: Option<String>,
    /// value, change or target.
    kind: Option<String>,
    year: Option<i32>,
    /// A catalogue key (GET /v1/indicators); null takes the key away.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    indicator_key: Option<Option<String>>,
    /// true rejects the observation (it leaves every read); false restores it.
    reject: Option<bool>,
}

/// A figure the parser missed, read at `start..end` (character offsets of the report's text).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"start": 3528, "end": 3533, "name": "农民参合率", "value": 97.2, "unit": "%", "kind": "value", "year": 2007, "key": "ncms_participation_rate"}))]
pub struct NewObservation {
    start: i32,
    end: i32,
    name: String,
    value: Option<f64>,
    unit: String,
    /// value (default), change or target.
    kind: Option<String>,
    /// Default: the report's year.
    year: Option<i32>,
    /// A catalogue key.
    #[serde(alias = "indicator_key")]
    key: Option<String>,
}

/// Changes to an issue or a plan: its span, its category (issues), or `{"reject": true}` alone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"category": "人才队伍"}))]
pub struct ItemPatch {
    /// New start offset of the item's text.
    start: Option<i32>,
    /// New end offset.
    end: Option<i32>,
    /// Issues only: a category of GET /v1/issues/categories.
    category: Option<String>,
    reject: Option<bool>,
}

/// A JSON body: 400 when it is not JSON, 422 when a field has a wrong type or is unknown.
fn body<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => Problem::unprocessable(e.to_string()),
        _ => Problem::bad_request(format!("the body is not JSON: {e}")),
    })
}

fn row_id(raw: &str, what: &str) -> ApiResult<i64> {
    raw.parse().map_err(|_| Problem::not_found(format!("no {what} {raw:?} ({what} ids are integers)")))
}

/// A figure's fields, checked, as the "after" values of a correction.
struct Figure {
    name: Option<String>,
    value: Option<f64>,
    unit: Option<String>,
    kind: Option<String>,
    year: Option<i32>,
    key: Option<Option<String>>,
}

fn figure_fields(f: Figure, kb: &Knowledge, out: &mut Map<String, Json>) -> ApiResult<()> {
    let text = |field: &str, v: String, max: usize| {
        let v = v.trim().to_string();
        if v.is_empty() || v.chars().count() > max {
            return Err(Problem::unprocessable(format!("{field} must be 1 to {max} characters")));
        }
        Ok(v)
    };
    if let Some(n) = f.name {
        out.insert("name".into(), text("name", n, 100)?.into());
    }
    if let Some(u) = f.unit {
        out.insert("unit".into(), text("unit", u, 20)?.into());
    }
    if let Some(v) = f.value {
        if !v.is_finite() {
            return Err(Problem::unprocessable("value must be a finite number"));
        }
        out.insert("value".into(), v.into());
    }
    if let Some(k) = f.kind {
        if IndicatorKind::parse(&k).is_none() {
            return Err(Problem::unprocessable(format!("kind must be value, change or target, got {k:?}")));
        }
        out.insert("kind".into(), k.into());
    }
    if let Some(y) = f.year {
        if !(1900..=2100).contains(&y) {
            return Err(Problem::unprocessable(format!("year must be between 1900 and 2100, got {y}")));
        }
        out.insert("year".into(), y.into());
    }
    match f.key {
        Some(Some(k)) if kb.catalogue.get(&k).is_none() => {
            return Err(Problem::unprocessable(format!("no indicator {k:?} in the catalogue (GET /v1/indicators)")))
        }
        Some(k) => {
            out.insert("indicator_key".into(), k.map_or(Json::Null, Json::from));
        }
        None => {}
    }
    Ok(())
}

/// `{"rejected": r}` when the patch rejects or restores; it must then be alone.
fn rejection(reject: Option<bool>, others: bool) -> ApiResult<Option<Map<String, Json>>> {
    match reject {
        Some(_) if others => Err(Problem::unprocessable("reject goes alone: correct or reject, not both")),
        Some(r) => Ok(Some(Map::from_iter([("rejected".to_string(), Json::Bool(r))]))),
        None => Ok(None),
    }
}

fn reply(c: Corrected, what: String, status: StatusCode) -> ApiResult<HttpResponse> {
    match c {
        Corrected::Done(row) => Ok(HttpResponse::build(status).json(CorrectionView::from(*row))),
        Corrected::NoTarget => Err(Problem::not_found(format!("no {what}"))),
        Corrected::Conflict(d) => Err(Problem::conflict(d)),
        Corrected::BadSpan(d) => Err(Problem::unprocessable(d)),
    }
}

/// Correct or reject an observation.
///
/// The change is recorded (GET /v1/reports/{id}/corrections) and applied at once to
/// every read: the report's indicators, series, the catalogue's counts, exports.
#[utoipa::path(
    patch,
    path = "/v1/observations/{id}",
    tag = "corrections",
    params(("id" = i64, Path, description = "Observation id")),
    request_body = ObservationPatch,
    responses(
        (status = 200, description = "The correction, applied", body = CorrectionView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such observation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The observation is rejected: restore it first", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field's value is not accepted (unknown key, kind, year out of range …)", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/observations/{id}")]
pub async fn patch_observation(
    req: HttpRequest,
    path: web::Path<String>,
    bytes: web::Bytes,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let id = row_id(&path, "observation")?;
    let p: ObservationPatch = body(&bytes)?;
    let figure =
        Figure { name: p.name, value: p.value, unit: p.unit, kind: p.kind, year: p.year, key: p.indicator_key };
    let mut after = Map::new();
    figure_fields(figure, state.kb, &mut after)?;
    if let Some(r) = rejection(p.reject, !after.is_empty())? {
        after = r;
    }
    if after.is_empty() {
        return Err(Problem::unprocessable(
            "nothing to change: give name, value, unit, kind, year, indicator_key or reject",
        ));
    }
    let c = store::correct_observation(&state.pool, id, &after, &actor(&req)).await?;
    reply(c, format!("observation {id}"), StatusCode::OK)
}

/// Add a figure the parser missed.
#[utoipa::path(
    post,
    path = "/v1/reports/{id}/observations",
    tag = "corrections",
    params(("id" = Uuid, Path, description = "Report id")),
    request_body = NewObservation,
    responses(
        (status = 201, description = "The correction; target.id is the new observation", body = CorrectionView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A figure is already read at this span: correct it instead", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field's value is not accepted, or the span is outside the text", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/reports/{id}/observations")]
pub async fn add_observation(
    req: HttpRequest,
    path: web::Path<String>,
    bytes: web::Bytes,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let id = report_id(&path)?;
    let n: NewObservation = body(&bytes)?;
    let figure = Figure {
        name: Some(n.name),
        value: n.value,
        unit: Some(n.unit),
        kind: Some(n.kind.unwrap_or_else(|| "value".into())),
        year: n.year,
        key: n.key.map(Some),
    };
    let mut after = Map::new();
    figure_fields(figure, state.kb, &mut after)?;
    let c = store::add_observation(&state.pool, id, (n.start, n.end), &after, &actor(&req)).await?;
    reply(c, format!("report {id}"), StatusCode::CREATED)
}

async fn patch_item(
    req: &HttpRequest,
    raw: &str,
    bytes: &[u8],
    state: &AppState,
    t: Target,
) -> ApiResult<HttpResponse> {
    let id = row_id(raw, t.as_str())?;
    let p: ItemPatch = body(bytes)?;
    let mut after = Map::new();
    if let Some(s) = p.start {
        after.insert("start".into(), s.into());
    }
    if let Some(e) = p.end {
        after.insert("end".into(), e.into());
    }
    if let Some(c) = p.category {
        if t == Target::Plan {
            return Err(Problem::unprocessable("plans have no category"));
        }
        if !state.kb.categories.keys().any(|k| k == c) {
            return Err(Problem::unprocessable(format!(
                "unknown category {c:?}; GET /v1/issues/categories lists them"
            )));
        }
        after.insert("category".into(), c.into());
    }
    if let Some(r) = rejection(p.reject, !after.is_empty())? {
        after = r;
    }
    if after.is_empty() {
        return Err(Problem::unprocessable("nothing to change: give start, end, category or reject"));
    }
    let c = store::correct_item(&state.pool, t, id, &after, &actor(req)).await?;
    reply(c, format!("{} {id}", t.as_str()), StatusCode::OK)
}

/// Correct or reject an issue: its span, its category.
#[utoipa::path(
    patch,
    path = "/v1/issues/{id}",
    tag = "corrections",
    params(("id" = i64, Path, description = "Issue id")),
    request_body = ItemPatch,
    responses(
        (status = 200, description = "The correction, applied", body = CorrectionView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issue", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The issue is rejected: restore it first", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown category, a span outside the text", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/issues/{id}")]
pub async fn patch_issue(
    req: HttpRequest,
    path: web::Path<String>,
    bytes: web::Bytes,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    patch_item(&req, &path, &bytes, &state, Target::Issue).await
}

/// Correct or reject a plan: its span.
#[utoipa::path(
    patch,
    path = "/v1/plans/{id}",
    tag = "corrections",
    params(("id" = i64, Path, description = "Plan id")),
    request_body = ItemPatch,
    responses(
        (status = 200, description = "The correction, applied", body = CorrectionView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is rejected: restore it first", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A span outside the text; a category", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/plans/{id}")]
pub async fn patch_plan(
    req: HttpRequest,
    path: web::Path<String>,
    bytes: web::Bytes,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    patch_item(&req, &path, &bytes, &state, Target::Plan).await
}

fn report_id(raw: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| Problem::not_found(format!("no report {raw:?} (report ids are UUIDs)")))
}

/// Every correction of a report, oldest first.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/corrections",
    tag = "corrections",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "Who changed what, when, on which span, and whether it still applies", body = CorrectionList),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/corrections")]
pub async fn list_corrections(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = report_id(&path)?;
    if !store::report_exists(&state.pool, id).await? {
        return Err(Problem::not_found(format!("no report {id}")));
    }
    let items = store::report_corrections(&state.pool, id).await?.into_iter().map(CorrectionView::from).collect();
    Ok(HttpResponse::Ok().json(CorrectionList { items }))
}

/// The report's corrected extraction in the shape of a gold file.
#[utoipa::path(
    get,
    path = "/v1/reports/{id}/gold",
    tag = "corrections",
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 200, description = "Metadata, indicators, issues and plans as corrected, rejected ones left out", body = GoldView),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/reports/{id}/gold")]
pub async fn get_gold(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = report_id(&path)?;
    let pool = &state.pool;
    let report = store::get_report(pool, id).await?.ok_or_else(|| Problem::not_found(format!("no report {id}")))?;
    let text = store::report_text(pool, id).await?.unwrap_or_default();
    let obs: Vec<IndicatorView> = store::report_observations(pool, id, None, None, -1, 100_000, false).await?;
    let items = |rows: Vec<store::ItemRow>| rows.into_iter().map(ItemView::from).collect::<Vec<_>>();
    let issues = items(store::report_issues(pool, id, 0, 100_000, false).await?);
    let plans = items(store::report_plans(pool, id, 0, 100_000, false).await?);
    Ok(HttpResponse::Ok().json(gold(ReportView::from(report), &text, obs, issues, plans)))
}
