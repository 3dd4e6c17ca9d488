//! /v1/batches: many reports at once (a ZIP, or many `file` parts), processed in
//! the background; one bad file never stops the others.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::batches::{self, BatchFile};
use crate::ingest::overrides_json;
use crate::kinds::{BatchItemStatus, BatchStatus};
use crate::problem::{ApiResult, Problem};
use crate::routes::documents::{read_documents, UploadForm};
use crate::routes::params::Params;
use crate::routes::table::{route, Route};
use crate::state::AppState;
use crate::store::{self, NewBatchItem};

pub fn routes() -> Vec<Route> {
    vec![route!(Write, create), route!(Read, get_one)]
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"ordinal": 0, "filename": "reports/hangzhou-2007.txt", "status": "created", "report_id": "01a207ef-6867-712a-848c-6debdcdb4dee", "error": null}))]
pub struct BatchItemView {
    pub ordinal: i32,
    pub filename: Option<String>,
    /// pending, created, duplicate (the same bytes were uploaded before) or failed.
    pub status: BatchItemStatus,
    pub report_id: Option<Uuid>,
    /// The problem+json for a failed file.
    #[schema(value_type = Option<Object>)]
    pub error: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchCounts {
    pub total: usize,
    pub pending: usize,
    pub created: usize,
    pub duplicate: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchView {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    /// running while any file is pending, then done.
    pub status: BatchStatus,
    pub counts: BatchCounts,
    pub items: Vec<BatchItemView>,
}

async fn view(state: &AppState, id: Uuid) -> ApiResult<BatchView> {
    let (created_at, rows) =
        store::get_batch(&state.pool, id).await?.ok_or_else(|| Problem::not_found(format!("no batch {id}")))?;
    let count = |s: BatchItemStatus| rows.iter().filter(|r| r.status == s).count();
    let counts = BatchCounts {
        total: rows.len(),
        pending: count(BatchItemStatus::Pending),
        created: count(BatchItemStatus::Created),
        duplicate: count(BatchItemStatus::Duplicate),
        failed: count(BatchItemStatus::Failed),
    };
    Ok(BatchView {
        id,
        created_at,
        status: if counts.pending > 0 { BatchStatus::Running } else { BatchStatus::Done },
        counts,
        items: rows
            .into_iter()
            .map(|r| BatchItemView {
                ordinal: r.ordinal,
                filename: r.filename,
                status: r.status,
                report_id: r.report_id,
                error: r.error,
            })
            .collect(),
    })
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct BatchQuery {
    /// Seconds (0–30) to wait for the batch to finish before answering.
    #[param(minimum = 0, maximum = 30)]
    wait: Option<u64>,
}

/// Upload many reports at once.
///
/// A ZIP of reports (raw body or a `file` part), or several `file` parts (with
/// optional `title`, `region`, `year`, `doc_type` parts that apply to all). Every
/// file is queued and processed by background workers; the answer is 202 with the
/// batch, whose status endpoint reports each file: created, duplicate, or the error
/// for that file. `wait` holds the answer until the batch is done (up to 30 s).
#[utoipa::path(
    post,
    path = "/v1/batches",
    tag = "batches",
    params(BatchQuery),
    request_body(content(
        (UploadForm = "multipart/form-data"),
        ("application/zip")
    )),
    responses(
        (status = 202, description = "Queued (still running)", body = BatchView, headers(("Location" = String, description = "/v1/batches/{id}"))),
        (status = 200, description = "Done within `wait`", body = BatchView),
        (status = 400, description = "No files, or an unreadable archive", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than MAX_BATCH_BYTES, or an archive expanding past the limits", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/batches")]
pub async fn create(req: HttpRequest, payload: web::Payload, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let wait = Params::of(&req)?.int::<u64>("wait")?.unwrap_or(0).min(30);
    let s = &state.settings;
    let docs = read_documents(&req, payload, s.max_batch_bytes).await?;
    let mut items: Vec<NewBatchItem> = Vec::new();
    for d in docs {
        let overrides = overrides_json(&d.overrides);
        let files: Vec<BatchFile> = if batches::is_batch_zip(&d.bytes) {
            batches::expand_zip(&d.bytes, s.max_upload_bytes, s.max_unpacked_bytes)?
        } else {
            vec![BatchFile { filename: d.filename.clone(), bytes: Ok(d.bytes.to_vec()) }]
        };
        for f in files {
            let ctype = if f.filename == d.filename { d.content_type.clone() } else { None };
            match f.bytes {
                Ok(b) => items.push(NewBatchItem {
                    filename: f.filename,
                    content_type: ctype,
                    bytes: Some(b),
                    overrides: overrides.clone(),
                    failed: None,
                }),
                Err(e) => items.push(NewBatchItem {
                    filename: f.filename,
                    content_type: ctype,
                    bytes: None,
                    overrides: overrides.clone(),
                    failed: serde_json::to_value(Problem::from(e)).ok(),
                }),
            }
        }
    }
    let id = store::create_batch(&state.pool, &items).await?;
    state.batch_notify.notify_waiters();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(wait);
    let mut v = view(&state, id).await?;
    while v.status != BatchStatus::Done && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        v = view(&state, id).await?;
    }
    let mut resp = if v.status == BatchStatus::Done { HttpResponse::Ok() } else { HttpResponse::Accepted() };
    Ok(resp.insert_header((header::LOCATION, format!("/v1/batches/{id}"))).json(v))
}

/// A batch's progress and per-file results.
#[utoipa::path(
    get,
    path = "/v1/batches/{id}",
    tag = "batches",
    params(("id" = Uuid, Path, description = "Batch id")),
    responses(
        (status = 200, description = "The batch", body = BatchView),
        (status = 404, description = "No such batch", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/batches/{id}")]
pub async fn get_one(path: web::Path<String>, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let id = Uuid::parse_str(&path).map_err(|_| Problem::not_found(format!("no batch {:?}", path.as_str())))?;
    Ok(HttpResponse::Ok().json(view(&state, id).await?))
}
