//! /metrics: Prometheus metrics.

use actix_web::{get, web, HttpResponse};

use crate::metrics;
use crate::routes::table::{route, Route};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    vec![route!(Open, metrics_endpoint)]
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Metrics in the Prometheus text format", body = String, content_type = "text/plain; version=0.0.4")))]
#[get("/metrics")]
pub async fn metrics_endpoint(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(metrics::render(&state.pool))
}
