//! The OpenAPI document, generated from the handlers' annotations. Served at
//! /openapi.json and committed at openapi/openapi.json (a test keeps the two equal).

use utoipa::OpenApi;

use crate::routes::{batches, health, indicators, issues, regions, reports};

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
    paths(
        health::healthz,
        health::readyz,
        reports::upload,
        reports::list,
        reports::get_one,
        reports::get_text,
        reports::get_original,
        reports::get_indicators,
        reports::get_issues,
        reports::get_plans,
        reports::get_sections,
        reports::delete_one,
        reports::reparse_one,
        reports::reparse_many,
        indicators::catalogue,
        indicators::one,
        indicators::get_series,
        indicators::series_svg,
        issues::list,
        issues::categories,
        regions::list,
        batches::create,
        batches::get_one,
        crate::startup::metrics_endpoint,
    ),
    components(schemas(crate::problem::Problem)),
    modifiers(&SecurityAddon),
    security((), ("api_key" = [])),
    tags(
        (name = "reports", description = "Upload reports and read back what was extracted from each"),
        (name = "indicators", description = "The indicator catalogue and time series across reports (JSON, CSV, SVG)"),
        (name = "issues", description = "Problems reports admit, across reports"),
        (name = "regions", description = "Regions that reports are about"),
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

/// The document as served and committed: pretty JSON with a trailing newline.
pub fn json() -> String {
    let mut s = ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises");
    s.push('\n');
    s
}
