//! Errors as RFC 9457 `application/problem+json`.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ServiceError;
use crate::extract::{DecodeError, ExtractError};

/// An RFC 9457 problem detail.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/unsupported-format",
    "title": "Unsupported format",
    "status": 415,
    "detail": "unsupported format: legacy Word .doc; supported formats are plain text (UTF-8, UTF-16, GB18030/GBK, Big5), HTML, DOCX and PDF"
}))]
pub struct Problem {
    /// A URI reference naming the kind of problem (`/problems/<slug>`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// Seconds to wait before retrying (503 only; also sent as `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("/problems/{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            retry_after: None,
        }
    }
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "bad-request", "Bad request", detail)
    }
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }
    /// 422: a field's value is not one the service accepts.
    pub fn unprocessable(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-field", "Invalid field value", detail)
    }
    /// 409: the request contradicts the resource's state.
    pub fn conflict(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }
    pub fn too_large(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", "Payload too large", detail)
    }
    pub fn unavailable(detail: impl Into<String>, retry_after: u64) -> Problem {
        let mut p = Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail);
        p.retry_after = Some(retry_after);
        p
    }
    pub fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "the server failed; the request id in x-request-id identifies the log lines",
        )
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.title, self.detail)
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
    fn error_response(&self) -> HttpResponse {
        let mut b = HttpResponse::build(self.status_code());
        b.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let Some(s) = self.retry_after {
            b.insert_header((header::RETRY_AFTER, s.to_string()));
        }
        b.body(serde_json::to_string(self).unwrap_or_default())
    }
}

impl From<ExtractError> for Problem {
    fn from(e: ExtractError) -> Problem {
        match &e {
            ExtractError::Decode(d) => match d {
                DecodeError::Empty => {
                    Problem::new(StatusCode::BAD_REQUEST, "empty-document", "Empty document", e.to_string())
                }
                DecodeError::Undecodable(_) => {
                    Problem::new(StatusCode::BAD_REQUEST, "undecodable", "Undecodable document", e.to_string())
                }
                DecodeError::Unsupported(_) => Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-format",
                    "Unsupported format",
                    e.to_string(),
                ),
                DecodeError::NoText(_) => {
                    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "no-text", "No text to read", e.to_string())
                }
                DecodeError::TooLarge(_) => Problem::too_large(e.to_string()),
            },
            ExtractError::NotAReport(_) => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "not-a-report", "Not a report", e.to_string())
            }
        }
    }
}

/// The service layer's errors as the API states them.
impl From<ServiceError> for Problem {
    fn from(e: ServiceError) -> Problem {
        match e {
            ServiceError::Overloaded => Problem::unavailable(e.to_string(), 1),
            ServiceError::Unavailable(detail) => Problem::unavailable(detail, 2),
            ServiceError::NotFound(detail) => Problem::not_found(detail),
            ServiceError::BadInput(detail) => Problem::bad_request(detail),
            ServiceError::TooLarge(detail) => Problem::too_large(detail),
            ServiceError::Unsupported(detail) => {
                Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-format", "Unsupported format", detail)
            }
            ServiceError::Extract(x) => Problem::from(x),
            ServiceError::ParseFailed => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "parse-failed", "Parse failed", e.to_string())
            }
            ServiceError::ParseTimeout(_) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "parse-timeout",
                "Parse time budget exceeded",
                e.to_string(),
            ),
            ServiceError::Database(db) => {
                tracing::error!(error = %db, cause = ?std::error::Error::source(&db), "database error");
                Problem::internal()
            }
        }
    }
}

/// A spreadsheet that could not be written (a bug, not the request): a logged 500.
impl From<rust_xlsxwriter::XlsxError> for Problem {
    fn from(e: rust_xlsxwriter::XlsxError) -> Problem {
        tracing::error!(error = %e, "writing a spreadsheet failed");
        Problem::internal()
    }
}

/// Database failures reach handlers through the service's classification:
/// 503 (retry) for a lost or exhausted connection, else a logged 500.
impl From<sqlx::Error> for Problem {
    fn from(e: sqlx::Error) -> Problem {
        ServiceError::from(e).into()
    }
}

pub type ApiResult<T> = Result<T, Problem>;
