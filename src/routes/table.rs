//! The route table: every route once, with who may call it. The same list
//! registers the handlers with actix, adds their operations to the OpenAPI
//! document, tells the key check what a route needs, and answers a known path
//! called with the wrong method with 405 and `Allow`.

use std::sync::Arc;

use actix_web::http::{header, Method, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;

use crate::problem::Problem;

/// Who may call a route when API keys are configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Operations: health, readiness, metrics, the documentation.
    Open,
    /// A read key (or none with PUBLIC_READS=true).
    Read,
    /// A write key.
    Write,
}

type Register = Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>;

/// The OpenAPI side of a route: its operation and the schemas it refers to.
pub struct Documented {
    pub operation: Operation,
    pub schemas: Vec<(String, RefOr<Schema>)>,
}

pub struct Route {
    pub method: Method,
    /// The actix pattern, which is also the OpenAPI path (`/v1/reports/{id}`).
    pub path: String,
    pub access: Access,
    /// None for routes the document does not describe (the documentation itself).
    pub doc: Option<Documented>,
    register: Register,
}

impl Route {
    /// A handler declared with `#[utoipa::path]` and an actix method macro; use `route!`.
    pub fn documented<H>(access: Access, register: fn(&mut web::ServiceConfig)) -> Route
    where
        H: utoipa::Path + for<'t> utoipa::__dev::Tags<'t> + utoipa::__dev::SchemaReferences,
    {
        let methods = H::methods();
        assert_eq!(methods.len(), 1, "one method per handler: {}", H::path());
        // as utoipa's OpenApi derive assembles an operation: the path's tags added to it
        let mut operation = H::operation();
        operation.tags.get_or_insert_with(Vec::new).extend(H::tags().into_iter().map(String::from));
        let mut schemas = Vec::new();
        H::schemas(&mut schemas);
        Route {
            method: method_of(&methods[0]),
            path: H::path(),
            access,
            doc: Some(Documented { operation, schemas }),
            register: Arc::new(register),
        }
    }

    /// A route outside the OpenAPI document.
    pub fn undocumented(
        method: Method,
        path: &str,
        access: Access,
        register: impl Fn(&mut web::ServiceConfig) + Send + Sync + 'static,
    ) -> Route {
        Route { method, path: path.to_string(), access, doc: None, register: Arc::new(register) }
    }
}

/// `route!(Read, list)`: the route of an annotated handler with its access.
macro_rules! route {
    ($access:ident, $handler:ident) => {
        $crate::routes::table::Route::documented::<$handler>($crate::routes::table::Access::$access, |cfg| {
            cfg.service($handler);
        })
    };
}
pub(crate) use route;

fn method_of(m: &HttpMethod) -> Method {
    match m {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

/// Order of the methods in an `Allow` header.
const METHOD_ORDER: [Method; 7] =
    [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH, Method::HEAD, Method::OPTIONS];

/// Every route of the service; shared by the workers as app data.
pub struct RouteTable {
    routes: Vec<Route>,
}

impl RouteTable {
    pub fn new(routes: Vec<Route>) -> RouteTable {
        RouteTable { routes }
    }

    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// Register every route with actix.
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        for r in &self.routes {
            (r.register)(cfg);
        }
    }

    /// What a request to `pattern` (a matched actix pattern, or None) with `method` needs.
    /// A known path called with another method is answered 405 under the access of the
    /// path's open routes, so operations stay open; anything else by its method.
    pub fn access(&self, pattern: Option<&str>, method: &Method) -> Access {
        let same_path = || self.routes.iter().filter(|r| Some(r.path.as_str()) == pattern);
        if let Some(r) = same_path().find(|r| r.method == *method) {
            return r.access;
        }
        if same_path().any(|r| r.access == Access::Open) {
            return Access::Open;
        }
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            Access::Read
        } else {
            Access::Write
        }
    }

    /// The methods served at a pattern, in `Allow` order.
    pub fn allowed(&self, pattern: &str) -> Vec<&'static str> {
        let served: Vec<&Method> = self.routes.iter().filter(|r| r.path == pattern).map(|r| &r.method).collect();
        METHOD_ORDER.iter().filter(|m| served.contains(m)).map(Method::as_str).collect()
    }
}

/// The default service: 405 with `Allow` for a known path, else 404.
pub async fn not_found(req: HttpRequest, table: web::Data<RouteTable>) -> Result<HttpResponse, Problem> {
    let allowed = req.match_pattern().map(|p| table.allowed(&p)).unwrap_or_default();
    if allowed.is_empty() {
        return Err(Problem::not_found(format!("no resource at {} {}", req.method(), req.path())));
    }
    let allow = allowed.join(", ");
    let p = Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        format!("{} {} is not supported; use {allow}", req.method(), req.path()),
    );
    let mut resp = p.error_response();
    if let Ok(v) = header::HeaderValue::from_str(&allow) {
        resp.headers_mut().insert(header::ALLOW, v);
    }
    Ok(resp)
}
