//! /v1/regions: the regions reports are about.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::problem::ApiResult;
use crate::routes::table::{route, Route};
use crate::state::AppState;
use crate::store;

pub fn routes() -> Vec<Route> {
    vec![route!(Read, list)]
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"code": "330100", "name": "杭州市", "level": "prefecture", "parent": {"code": "330000", "name": "浙江省"}, "reports": 3, "first_year": 2005, "last_year": 2007}))]
pub struct RegionSummary {
    /// GB/T 2260 code.
    pub code: String,
    pub name: String,
    /// province, prefecture, county or township.
    pub level: String,
    pub parent: Option<ParentRegion>,
    /// Reports about this region.
    pub reports: i64,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParentRegion {
    pub code: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionList {
    pub items: Vec<RegionSummary>,
}

/// Regions that have reports, with their place in the hierarchy.
#[utoipa::path(get, path = "/v1/regions", tag = "regions", responses((status = 200, description = "Regions by code", body = RegionList)))]
#[get("/v1/regions")]
pub async fn list(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let items = store::regions_with_reports(&state.pool)
        .await?
        .into_iter()
        .map(|r| RegionSummary {
            code: r.code,
            name: r.name,
            level: r.level,
            parent: r.parent_code.map(|code| ParentRegion { code, name: r.parent_name }),
            reports: r.reports,
            first_year: r.first_year,
            last_year: r.last_year,
        })
        .collect();
    Ok(HttpResponse::Ok().json(RegionList { items }))
}
