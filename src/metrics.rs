//! Prometheus metrics, served at GET /metrics.

use once_cell::sync::Lazy;
use prometheus::{
    register_histogram, register_histogram_vec, register_int_counter, register_int_counter_vec, register_int_gauge,
    Encoder, Histogram, HistogramVec, IntCounter, IntCounterVec, IntGauge, TextEncoder,
};

pub static HTTP_REQUESTS: Lazy<IntCounterVec> = Lazy::new(|| {
    register_int_counter_vec!(
        "http_requests_total",
        "HTTP requests by route, method and status",
        &["route", "method", "status"]
    )
    .unwrap()
});
pub static HTTP_SECONDS: Lazy<HistogramVec> = Lazy::new(|| {
    register_histogram_vec!(
        "http_request_duration_seconds",
        "HTTP request latency by route",
        &["route", "method"],
        vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]
    )
    .unwrap()
});
pub static UPLOADS: Lazy<IntCounterVec> = Lazy::new(|| {
    register_int_counter_vec!("uploads_total", "Uploaded documents by format and outcome", &["format", "outcome"])
        .unwrap()
});
pub static PARSE_SECONDS: Lazy<Histogram> = Lazy::new(|| {
    register_histogram!(
        "parse_duration_seconds",
        "Time to parse one document",
        vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0]
    )
    .unwrap()
});
pub static PARSE_REJECTED: Lazy<IntCounter> = Lazy::new(|| {
    register_int_counter!("parse_rejected_total", "Uploads refused with 503 because the parser was saturated").unwrap()
});
pub static INDICATORS_EXTRACTED: Lazy<IntCounter> =
    Lazy::new(|| register_int_counter!("indicators_extracted_total", "Indicator observations extracted").unwrap());
pub static WORKER_RESTARTS: Lazy<IntCounterVec> = Lazy::new(|| {
    register_int_counter_vec!(
        "background_worker_restarts_total",
        "Background workers that stopped or panicked and were started again",
        &["worker"]
    )
    .unwrap()
});
pub static DB_POOL_SIZE: Lazy<IntGauge> =
    Lazy::new(|| register_int_gauge!("db_pool_connections", "Open database connections").unwrap());
pub static DB_POOL_IDLE: Lazy<IntGauge> =
    Lazy::new(|| register_int_gauge!("db_pool_idle_connections", "Idle database connections").unwrap());

/// Everything registered, in the Prometheus text format.
pub fn render(pool: &sqlx::PgPool) -> String {
    DB_POOL_SIZE.set(pool.size() as i64);
    DB_POOL_IDLE.set(pool.num_idle() as i64);
    // touch the lazies so every family appears from the start
    Lazy::force(&HTTP_REQUESTS);
    Lazy::force(&HTTP_SECONDS);
    Lazy::force(&UPLOADS);
    Lazy::force(&PARSE_SECONDS);
    Lazy::force(&PARSE_REJECTED);
    Lazy::force(&INDICATORS_EXTRACTED);
    Lazy::force(&WORKER_RESTARTS);
    let mut buf = Vec::new();
    let _ = TextEncoder::new().encode(&prometheus::gather(), &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}
