//! Structured logging with tracing: human-readable or JSON lines, each request
//! in a span carrying its request id, route, status and latency.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Install the global subscriber. Safe to call more than once (tests): later calls are ignored.
pub fn init_subscriber(format: &str, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let registry = tracing_subscriber::registry().with(filter);
    let result = if format == "json" {
        registry.with(fmt::layer().json().flatten_event(true).with_current_span(true).with_span_list(false)).try_init()
    } else {
        registry.with(fmt::layer().compact()).try_init()
    };
    let _ = result;
}

/// Root span for every request: request id (also returned as `x-request-id`),
/// method, route and, on completion, status and latency. Never the body.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request.match_pattern().unwrap_or_else(|| "unmatched".into());
        tracing_actix_web::root_span!(request, route = %route)
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Copy tracing-actix-web's request id into the response headers.
pub fn request_id_header(res: &mut ServiceResponse<impl MessageBody>) {
    let id = res.request().extensions().get::<tracing_actix_web::RequestId>().map(|r| r.to_string());
    if let Some(id) = id {
        if let Ok(v) = HeaderValue::from_str(&id) {
            res.headers_mut().insert(REQUEST_ID_HEADER, v);
        }
    }
}
