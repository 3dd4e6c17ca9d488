//! Reading uploaded documents from a request: a multipart form (a `file` part,
//! perhaps several, with optional override fields) or the raw body with its
//! content type (overrides in the query string). Used by reports and batches.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::HttpRequest;
use futures_util::StreamExt;
use utoipa::ToSchema;

use crate::domain;
use crate::extract::Overrides;
use crate::ingest::Document;
use crate::problem::{ApiResult, Problem};
use crate::routes::params::Params;

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The report: plain text (UTF-8, UTF-16, GB18030/GBK, Big5), HTML, DOCX or PDF.
    /// Its filename and content type help recognise the format.
    #[schema(value_type = String, format = Binary, content_media_type = "application/octet-stream")]
    pub file: Vec<u8>,
    /// Overrides the extracted title.
    pub title: Option<String>,
    /// Overrides the extracted region: a name (杭州市) or GB/T 2260 code (330100).
    pub region: Option<String>,
    /// Overrides the report year.
    pub year: Option<i32>,
    /// Overrides the genre (工作总结, 情况报告 …).
    pub doc_type: Option<String>,
}

fn parse_year(v: &str) -> ApiResult<i32> {
    let y: i32 = v.trim().parse().map_err(|_| Problem::bad_request(format!("year must be an integer, got {v:?}")))?;
    domain::year(y)
}

/// Read a body or a multipart part, refusing it as soon as it passes `max`.
async fn read_limited<S, E>(mut stream: S, max: usize, what: &str) -> ApiResult<Bytes>
where
    S: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut buf = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Problem::bad_request(format!("reading the {what} failed: {e}")))?;
        if buf.len() + chunk.len() > max {
            return Err(Problem::too_large(format!("the {what} is larger than the limit of {max} bytes")));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// A multipart upload: the `file` part plus optional text parts.
async fn read_multipart(req: &HttpRequest, payload: web::Payload, max: usize) -> ApiResult<Vec<Document>> {
    let mut mp = Multipart::new(req.headers(), payload);
    let mut files: Vec<(Bytes, Option<String>, Option<String>)> = Vec::new();
    let mut overrides = Overrides::default();
    let mut total = 0usize;
    while let Some(field) = mp.next().await {
        let field = field.map_err(|e| Problem::bad_request(format!("malformed multipart body: {e}")))?;
        let name = field.name().unwrap_or("").to_string();
        let filename = field.content_disposition().and_then(|cd| cd.get_filename()).map(String::from);
        let ctype = field.content_type().map(|m| m.to_string());
        if name == "file" || name == "files" || name == "file[]" {
            let bytes = read_limited(field, max.saturating_sub(total), "upload").await?;
            total += bytes.len();
            files.push((bytes, filename, ctype));
            continue;
        }
        let value = read_limited(field, 4096, "form field").await?;
        let text = String::from_utf8(value.to_vec())
            .map_err(|_| Problem::bad_request(format!("form field {name} is not UTF-8")))?;
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        match name.as_str() {
            "title" => overrides.title = Some(text),
            "region" => overrides.region = Some(text),
            "year" => overrides.year = Some(parse_year(&text)?),
            "doc_type" => overrides.doc_type = Some(text),
            _ => {}
        }
    }
    if files.is_empty() {
        return Err(Problem::bad_request("the multipart body has no part named \"file\""));
    }
    Ok(files
        .into_iter()
        .map(|(bytes, filename, content_type)| Document { bytes, filename, content_type, overrides: overrides.clone() })
        .collect())
}

fn content_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The uploaded document(s) of a request: multipart or raw body.
pub async fn read_documents(req: &HttpRequest, payload: web::Payload, max: usize) -> ApiResult<Vec<Document>> {
    if content_length(req).is_some_and(|n| n > max + 64 * 1024) {
        return Err(Problem::too_large(format!("the body is larger than the limit of {max} bytes")));
    }
    if is_multipart(req) {
        return read_multipart(req, payload, max).await;
    }
    let params = Params::of(req)?;
    let bytes = read_limited(payload, max, "upload").await?;
    if bytes.is_empty() {
        return Err(Problem::new(
            actix_web::http::StatusCode::BAD_REQUEST,
            "empty-document",
            "Empty document",
            "the request body is empty",
        ));
    }
    let ctype = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(String::from);
    let filename = params.one("filename").map(String::from).or_else(|| {
        let cd = req.headers().get(header::CONTENT_DISPOSITION)?.to_str().ok()?;
        header::ContentDisposition::from_raw(&header::HeaderValue::from_str(cd).ok()?)
            .ok()?
            .get_filename()
            .map(String::from)
    });
    let overrides = Overrides {
        title: params.one("title").map(String::from),
        region: params.one("region").map(String::from),
        year: params.one("year").map(parse_year).transpose()?,
        doc_type: params.one("doc_type").map(String::from),
    };
    Ok(vec![Document { bytes, filename, content_type: ctype, overrides }])
}
