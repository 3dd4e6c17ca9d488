//! Builds the application: knowledge, database pool, HTTP server.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, App, Error, HttpRequest, HttpResponse, HttpServer};
use sqlx::PgPool;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::configuration::Settings;
use crate::extract::{Knowledge, Limits};
use crate::ingest::ParseGate;
use crate::openapi::ApiDoc;
use crate::problem::Problem;
use crate::routes::{batches, health, indicators, issues, regions, reports};
use crate::telemetry::{request_id_header, RequestSpan};
use crate::{metrics, store};

/// What every handler can reach.
pub struct AppState {
    pub pool: PgPool,
    pub kb: &'static Knowledge,
    pub settings: Settings,
    pub gate: ParseGate,
    pub limits: Limits,
    /// Configured API keys; empty: the service is open.
    pub api_keys: Vec<crate::auth::ApiKey>,
    /// Wakes the batch workers when a batch arrives.
    pub batch_notify: std::sync::Arc<tokio::sync::Notify>,
}

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
    /// Connect (creating the database and running migrations) and bind the listener.
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
        let notify = std::sync::Arc::new(tokio::sync::Notify::new());
        for _ in 0..settings.batch_workers {
            let gate = ParseGate::new(1, Duration::from_secs(3600), Duration::from_secs(settings.parse_timeout_secs));
            tokio::spawn(crate::batches::worker(pool.clone(), gate, kb, limits(&settings), notify.clone()));
        }
        tokio::spawn(crate::summaries::folder(pool.clone(), Duration::from_millis(250)));
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

pub fn limits(settings: &Settings) -> Limits {
    Limits {
        max_entry_bytes: settings.max_entry_bytes,
        max_total_bytes: settings.max_unpacked_bytes,
        max_chars: settings.max_text_chars,
        ..Limits::default()
    }
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

/// The documented paths (as patterns) and their methods, for 405 answers.
static ROUTES: once_cell::sync::Lazy<Vec<(regex::Regex, Vec<String>)>> = once_cell::sync::Lazy::new(|| {
    let doc = ApiDoc::openapi();
    let mut routes: Vec<(regex::Regex, Vec<String>)> = doc
        .paths
        .paths
        .iter()
        .map(|(path, item)| {
            let pattern = format!("^{}$", regex::escape(path).replace("\\{", "{").replace("\\}", "}"));
            let pattern = regex::Regex::new(r"\{[^}]+\}").unwrap().replace_all(&pattern, "[^/]+").into_owned();
            let json = serde_json::to_value(item).unwrap_or_default();
            let methods = ["get", "post", "put", "delete", "patch", "head", "options"]
                .iter()
                .filter(|m| json.get(**m).is_some())
                .map(|m| m.to_uppercase())
                .collect();
            (regex::Regex::new(&pattern).unwrap(), methods)
        })
        .collect();
    routes.push((regex::Regex::new("^/docs(/.*)?$").unwrap(), vec!["GET".into()]));
    routes
});

async fn not_found(req: HttpRequest) -> Result<HttpResponse, Problem> {
    let allowed: Vec<String> =
        ROUTES.iter().filter(|(re, _)| re.is_match(req.path())).flat_map(|(_, m)| m.clone()).collect();
    if !allowed.is_empty() {
        let p = Problem::new(
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            format!("{} {} is not supported; use {}", req.method(), req.path(), allowed.join(", ")),
        );
        let mut resp = actix_web::ResponseError::error_response(&p);
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
            resp.headers_mut().insert(actix_web::http::header::ALLOW, v);
        }
        return Ok(resp);
    }
    Err(Problem::not_found(format!("no resource at {} {}", req.method(), req.path())))
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish()
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Metrics in the Prometheus text format", body = String, content_type = "text/plain; version=0.0.4")))]
pub async fn metrics_endpoint(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(metrics::render(&state.pool))
}

pub fn run(listener: TcpListener, pool: PgPool, kb: &'static Knowledge, settings: Settings) -> anyhow::Result<Server> {
    run_with(listener, pool, kb, settings, std::sync::Arc::new(tokio::sync::Notify::new()))
}

pub fn run_with(
    listener: TcpListener,
    pool: PgPool,
    kb: &'static Knowledge,
    settings: Settings,
    batch_notify: std::sync::Arc<tokio::sync::Notify>,
) -> anyhow::Result<Server> {
    let gate = ParseGate::new(
        settings.parse_concurrency,
        Duration::from_millis(settings.parse_queue_timeout_ms),
        Duration::from_secs(settings.parse_timeout_secs),
    );
    let shutdown = settings.shutdown_timeout_secs;
    let api_keys = crate::auth::parse_keys(settings.api_keys.as_deref())?;
    if api_keys.is_empty() {
        tracing::warn!("API_KEYS is not set: anyone who can reach this service can upload, delete and read reports");
    } else {
        tracing::info!(keys = api_keys.len(), public_reads = settings.public_reads, "API keys required");
    }
    let state =
        web::Data::new(AppState { pool, kb, limits: limits(&settings), settings, gate, batch_notify, api_keys });
    let openapi = ApiDoc::openapi();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(crate::auth::require_key))
            .wrap(from_fn(observe))
            .wrap(TracingLogger::<RequestSpan>::new())
            .app_data(state.clone())
            .app_data(web::PathConfig::default().error_handler(|e, _| Problem::bad_request(e.to_string()).into()))
            .app_data(web::QueryConfig::default().error_handler(|e, _| Problem::bad_request(e.to_string()).into()))
            .app_data(web::JsonConfig::default().error_handler(|e, _| Problem::bad_request(e.to_string()).into()))
            .service(health::healthz)
            .service(health::readyz)
            .service(reports::upload)
            .service(reports::list)
            .service(reports::get_one)
            .service(reports::get_text)
            .service(reports::get_original)
            .service(reports::get_indicators)
            .service(reports::get_issues)
            .service(reports::get_plans)
            .service(reports::get_sections)
            .service(reports::delete_one)
            .service(reports::reparse_one)
            .service(reports::reparse_many)
            .service(indicators::catalogue)
            .service(indicators::series_svg)
            .service(indicators::get_series)
            .service(indicators::one)
            .service(issues::categories)
            .service(issues::list)
            .service(regions::list)
            .service(batches::create)
            .service(batches::get_one)
            .route("/metrics", web::get().to(metrics_endpoint))
            .route("/docs", web::get().to(docs_redirect))
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", openapi.clone()))
            .default_service(web::to(not_found))
    })
    .shutdown_timeout(shutdown)
    .listen(listener)?
    .run();
    Ok(server)
}
