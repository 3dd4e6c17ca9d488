//! HTTP handlers, one module per resource. They parse the request, call
//! `ingest`/`store`, and shape the response; nothing more. Each module lists
//! its routes (`routes()`), with who may call them; `api()` is all of them.

pub mod batches;
pub mod corrections;
pub mod documents;
pub mod health;
pub mod indicators;
pub mod issues;
pub mod metrics;
pub mod pages;
pub mod params;
pub mod regions;
pub mod reports;
pub mod table;

use table::Route;

/// Every documented route of the service, in registration order.
pub fn api() -> Vec<Route> {
    let by_resource = [
        health::routes(),
        reports::routes(),
        indicators::routes(),
        issues::routes(),
        regions::routes(),
        batches::routes(),
        corrections::routes(),
        metrics::routes(),
    ];
    by_resource.into_iter().flatten().collect()
}
