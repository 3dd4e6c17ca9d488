//! Liveness and readiness.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::problem::{ApiResult, Problem};
use crate::routes::table::{route, Route};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    vec![route!(Open, healthz), route!(Open, readyz)]
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "The process is running", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database is reachable.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve: the database answers", body = Health),
        (status = 503, description = "The database is unreachable", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    match tokio::time::timeout(std::time::Duration::from_secs(2), crate::store::ping(&state.pool)).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(Health { status: "ready" })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            Err(Problem::unavailable("the database is unreachable", 2))
        }
        Err(_) => Err(Problem::unavailable("the database did not answer within 2 s", 2)),
    }
}
