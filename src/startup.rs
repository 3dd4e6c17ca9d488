//! Builds the application: knowledge, database pool, background workers, HTTP server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, Error, HttpServer};
use sqlx::PgPool;
use tokio::sync::Notify;
use tracing_actix_web::TracingLogger;

use crate::auth::KeyCheck;
use crate::configuration::Settings;
use crate::extract::Knowledge;
use crate::ingest::ParseGate;
use crate::problem::Problem;
use crate::routes::table::{self, RouteTable};
use crate::state::AppState;
use crate::supervisor::supervise;
use crate::telemetry::{request_id_header, RequestSpan};
use crate::{metrics, openapi, routes, store};

pub struct Application {
    port: u16,
    server: Server,
}

/// The knowledge files named in the settings, or the built-in copy.
pub fn load_knowledge(settings: &Settings) -> anyhow::Result<&'static Knowledge> {
    Ok(match &settings.knowledge_dir {
        Some(dir) => Box::leak(Box::new(Knowledge::load(std::path::Path::new(dir))?)),
        None => Knowledge::embedded(),
    })
}

impl Application {
    /// Connect (creating the database and running migrations), start the
    /// background workers and bind the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let kb = load_knowledge(&settings)?;
        let pool = store::connect(
            &settings.database_url,
            settings.database_max_connections,
            settings.database_acquire_timeout_secs,
        )
        .await?;
        let listener = TcpListener::bind(settings.address())?;
        let port = listener.local_addr()?.port();
        let notify = Arc::new(Notify::new());
        start_workers(&settings, &pool, kb, &notify);
        let server = run_with(listener, pool, kb, settings, notify)?;
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The batch workers and the summary folder, each restarted should it stop.
fn start_workers(settings: &Settings, pool: &PgPool, kb: &'static Knowledge, notify: &Arc<Notify>) {
    let parse_timeout = Duration::from_secs(settings.parse_timeout_secs);
    for _ in 0..settings.batch_workers {
        let (pool, limits, notify) = (pool.clone(), settings.limits(), notify.clone());
        supervise("batch", Duration::from_secs(1), move || {
            // one parse at a time per worker, waiting as long as it takes
            let gate = ParseGate::new(1, Duration::from_secs(3600), parse_timeout);
            crate::batches::worker(pool.clone(), gate, kb, limits, notify.clone())
        });
    }
    let pool = pool.clone();
    supervise("summaries", Duration::from_secs(1), move || {
        crate::summaries::folder(pool.clone(), Duration::from_millis(250))
    });
}

/// Request metrics and the request id header on every response.
async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let mut res = next.call(req).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
    metrics::HTTP_REQUESTS.with_label_values(&[&route, &method, res.status().as_str()]).inc();
    let elapsed = started.elapsed();
    metrics::HTTP_SECONDS.with_label_values(&[&route, &method]).observe(elapsed.as_secs_f64());
    // one line per request, inside the request span (so it carries the request id)
    tracing::info!(route = %route, method = %method, status = res.status().as_u16(), latency_ms = elapsed.as_secs_f64() * 1000.0, "request");
    request_id_header(&mut res);
    Ok(res)
}

/// Every route: the API's, then the document and its interactive documentation, then the desk's pages.
pub fn route_table() -> RouteTable {
    let api = routes::api();
    let doc = openapi::document(&api);
    RouteTable::new(api.into_iter().chain(openapi::ui_routes(doc)).chain(routes::pages::routes()).collect())
}

/// The HTTP server alone, without background workers (batches queue up unprocessed).
pub fn run(listener: TcpListener, pool: PgPool, kb: &'static Knowledge, settings: Settings) -> anyhow::Result<Server> {
    run_with(listener, pool, kb, settings, Arc::new(Notify::new()))
}

pub fn run_with(
    listener: TcpListener,
    pool: PgPool,
    kb: &'static Knowledge,
    settings: Settings,
    batch_notify: Arc<Notify>,
) -> anyhow::Result<Server> {
    let gate = ParseGate::new(
        settings.parse_concurrency,
        Duration::from_millis(settings.parse_queue_timeout_ms),
        Duration::from_secs(settings.parse_timeout_secs),
    );
    let shutdown = settings.shutdown_timeout_secs;
    let keys = web::Data::new(KeyCheck::from_settings(&settings)?);
    let state = web::Data::new(AppState { pool, kb, limits: settings.limits(), settings, gate, batch_notify });
    let table = web::Data::new(route_table());
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(crate::auth::require_key))
            .wrap(from_fn(observe))
            .wrap(TracingLogger::<RequestSpan>::new())
            .app_data(state.clone())
            .app_data(keys.clone())
            .app_data(table.clone())
            .app_data(web::PathConfig::default().error_handler(|e, _| Problem::bad_request(e.to_string()).into()))
            .app_data(web::QueryConfig::default().error_handler(|e, _| Problem::bad_request(e.to_string()).into()))
            .app_data(web::JsonConfig::default().error_handler(|e, _| Problem::bad_request(e.to_string()).into()))
            .configure(|cfg| table.configure(cfg))
            .default_service(web::to(table::not_found))
    })
    .shutdown_timeout(shutdown)
    .listen(listener)?
    .run();
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::table::Access;
    use actix_web::http::Method;

    #[test]
    fn the_route_table_gives_each_route_once_with_its_access() {
        let table = route_table();
        let mut seen = std::collections::HashSet::new();
        for r in table.routes() {
            assert!(seen.insert((r.method.clone(), r.path.clone())), "{} {} listed twice", r.method, r.path);
        }
        let access = |p: &str, m: Method| table.access(Some(p), &m);
        assert_eq!(access("/healthz", Method::GET), Access::Open);
        assert_eq!(access("/healthz", Method::POST), Access::Open, "a 405 on an open path needs no key");
        assert_eq!(access("/docs/{_:.*}", Method::GET), Access::Open);
        assert_eq!(access("/v1/reports", Method::GET), Access::Read);
        assert_eq!(access("/v1/reports", Method::POST), Access::Write);
        assert_eq!(access("/v1/reports/{id}", Method::DELETE), Access::Write);
        assert_eq!(table.access(None, &Method::GET), Access::Read, "unknown paths by their method");
        assert_eq!(table.allowed("/v1/reports/{id}"), ["GET", "DELETE"]);
        let documented = table.routes().iter().filter(|r| r.doc.is_some()).count();
        let doc = openapi::document(&routes::api());
        let operations: usize =
            doc.paths.paths.values().map(|item| serde_json::to_value(item).unwrap().as_object().unwrap().len()).sum();
        assert_eq!(documented, operations, "every documented route is one operation of the document");
    }
}
