//! The OpenAPI document: what is said of the whole API here, and the operations
//! of the route table (each from its handler's annotation). Served at
//! /openapi.json and committed at openapi/openapi.json (a test keeps the two equal).

use actix_web::http::Method;
use actix_web::{web, HttpResponse};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::routes::table::{Access, Route};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "healthreport",
        description = "Turns Chinese local-government health-reform work reports (工作总结, 情况报告, 情况汇报 …) into data.\n\n\
Upload a report (plain text in any common encoding, HTML, DOCX or PDF); the service reads its title, genre, region and period, \
every quantity it states (as indicator observations with a name, unit, kind and year), the problems it admits and the next steps \
it announces, and stores them in PostgreSQL. Every value carries evidence: the sentence it came from and its character offsets in \
the report's extracted text (`GET /v1/reports/{id}/text`).\n\n\
Errors are RFC 9457 `application/problem+json` objects with `type`, `title`, `status` and `detail`.",
        license(name = "MIT")
    ),
    components(schemas(crate::problem::Problem)),
    modifiers(&SecurityAddon),
    security((), ("api_key" = [])),
    tags(
        (name = "reports", description = "Upload reports and read back what was extracted from each"),
        (name = "indicators", description = "The indicator catalogue and time series across reports (JSON, CSV, SVG)"),
        (name = "issues", description = "Problems reports admit, across reports"),
        (name = "regions", description = "Regions that reports are about"),
        (name = "corrections", description = "An analyst's corrections: change, reject or add what was read, audited and kept across re-parses"),
        (name = "batches", description = "Many reports at once (a ZIP or many files), processed in the background"),
        (name = "operations", description = "Health, readiness, metrics and this document")
    )
)]
pub struct ApiDoc;

/// Bearer API keys (API_KEYS); reads may be public (PUBLIC_READS=true).
struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("An API key from API_KEYS (name:role:key). Writes need a write key; reads need a read or write key unless PUBLIC_READS=true. Without API_KEYS the service is open.")).build()),
        );
    }
}

/// The document of these routes: the API's description and each route's operation.
pub fn document(routes: &[Route]) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let mut schemas = Vec::new();
    for r in routes {
        if let Some(d) = &r.doc {
            let method = serde_json::from_value(r.method.as_str().to_lowercase().into()).expect("an OpenAPI method");
            doc.paths.add_path_operation(&r.path, vec![method], d.operation.clone());
            schemas.extend(d.schemas.iter().cloned());
        }
    }
    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.extend(schemas);
    doc
}

/// The document of the service's routes as served and committed: pretty JSON with a trailing newline.
pub fn json() -> String {
    let mut s = document(&crate::routes::api()).to_pretty_json().expect("the OpenAPI document serialises");
    s.push('\n');
    s
}

/// The document at /openapi.json and the interactive documentation at /docs.
pub fn ui_routes(doc: utoipa::openapi::OpenApi) -> Vec<Route> {
    let ui = SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", doc);
    let docs_redirect = || async { HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish() };
    vec![
        Route::undocumented(Method::GET, "/docs", Access::Open, move |cfg| {
            cfg.route("/docs", web::get().to(docs_redirect));
        }),
        // SwaggerUi serves both of these
        Route::undocumented(Method::GET, "/docs/{_:.*}", Access::Open, move |cfg| {
            cfg.service(ui.clone());
        }),
        Route::undocumented(Method::GET, "/openapi.json", Access::Open, |_| {}),
    ]
}
