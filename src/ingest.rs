//! From uploaded bytes to a stored report: deduplicate by SHA-256, parse off
//! the async workers under a concurrency limit and a time budget, then write
//! everything in one transaction.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::PgPool;
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::error::{ServiceError, ServiceResult};
use crate::extract::{self, Extraction, Knowledge, Limits, Overrides};
use crate::store::{self, ReportRow, Stored, Upload};

/// Parses running at once; more wait briefly, then get 503 + Retry-After.
#[derive(Clone)]
pub struct ParseGate {
    sem: Arc<Semaphore>,
    queue_timeout: Duration,
    parse_timeout: Duration,
}

impl ParseGate {
    pub fn new(concurrency: usize, queue_timeout: Duration, parse_timeout: Duration) -> ParseGate {
        ParseGate { sem: Arc::new(Semaphore::new(concurrency.max(1))), queue_timeout, parse_timeout }
    }

    /// Run `f` on the blocking pool once a permit is free.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> ServiceResult<T> {
        let permit = match tokio::time::timeout(self.queue_timeout, self.sem.clone().acquire_owned()).await {
            Ok(Ok(p)) => p,
            _ => {
                crate::metrics::PARSE_REJECTED.inc();
                return Err(ServiceError::Overloaded);
            }
        };
        // the permit travels with the work, so a timed-out parse still counts until it ends
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f()
        });
        match tokio::time::timeout(self.parse_timeout, job).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "parser panicked");
                Err(ServiceError::ParseFailed)
            }
            Err(_) => Err(ServiceError::ParseTimeout(self.parse_timeout.as_secs())),
        }
    }
}

pub fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

pub struct Document {
    pub bytes: actix_web::web::Bytes,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub overrides: Overrides,
}

pub enum Outcome {
    /// The new report's row, as written.
    Created(Box<ReportRow>),
    Duplicate(Uuid),
}

impl Outcome {
    pub fn id(&self) -> Uuid {
        match self {
            Outcome::Created(row) => row.id,
            Outcome::Duplicate(id) => *id,
        }
    }
}

pub fn overrides_json(o: &Overrides) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    if let Some(t) = &o.title {
        m.insert("title".into(), t.clone().into());
    }
    if let Some(r) = &o.region {
        m.insert("region".into(), r.clone().into());
    }
    if let Some(y) = o.year {
        m.insert("year".into(), y.into());
    }
    if let Some(d) = &o.doc_type {
        m.insert("doc_type".into(), d.clone().into());
    }
    serde_json::Value::Object(m)
}

pub fn overrides_from_json(v: &serde_json::Value) -> Overrides {
    Overrides {
        title: v.get("title").and_then(|x| x.as_str()).map(String::from),
        region: v.get("region").and_then(|x| x.as_str()).map(String::from),
        year: v.get("year").and_then(|x| x.as_i64()).map(|y| y as i32),
        doc_type: v.get("doc_type").and_then(|x| x.as_str()).map(String::from),
    }
}

/// Parse a document with the service's knowledge and limits.
pub async fn parse(
    gate: &ParseGate,
    kb: &'static Knowledge,
    limits: Limits,
    doc: &Document,
) -> ServiceResult<Extraction> {
    let bytes = doc.bytes.clone();
    let (filename, content_type, overrides) = (doc.filename.clone(), doc.content_type.clone(), doc.overrides.clone());
    let started = std::time::Instant::now();
    let result = gate
        .run(move || extract::extract(kb, &bytes, filename.as_deref(), content_type.as_deref(), &overrides, &limits))
        .await?;
    crate::metrics::PARSE_SECONDS.observe(started.elapsed().as_secs_f64());
    Ok(result?)
}

/// Store a document: the same bytes again give the existing report.
pub async fn ingest(
    pool: &PgPool,
    gate: &ParseGate,
    kb: &'static Knowledge,
    limits: Limits,
    doc: Document,
) -> ServiceResult<Outcome> {
    let hash = sha256(&doc.bytes);
    if let Some(id) = store::report_by_sha(pool, &hash).await? {
        return Ok(Outcome::Duplicate(id));
    }
    let ex = parse(gate, kb, limits, &doc).await?;
    crate::metrics::INDICATORS_EXTRACTED.inc_by(ex.indicators.len() as u64);
    let up = Upload {
        sha256: &hash,
        bytes: &doc.bytes,
        filename: doc.filename.as_deref(),
        content_type: doc.content_type.as_deref(),
        overrides: overrides_json(&doc.overrides),
    };
    match store::insert_report(pool, &kb.gazetteer, &up, &ex).await? {
        Stored::Created(row) => Ok(Outcome::Created(row)),
        Stored::Existing(id) => Ok(Outcome::Duplicate(id)),
    }
}

/// Re-run extraction on a stored original and replace the results atomically.
pub async fn reparse(
    pool: &PgPool,
    gate: &ParseGate,
    kb: &'static Knowledge,
    limits: Limits,
    id: Uuid,
) -> ServiceResult<bool> {
    let Some(orig) = store::report_original(pool, id).await? else {
        return Ok(false);
    };
    let doc = Document {
        bytes: orig.bytes.into(),
        filename: orig.filename,
        content_type: orig.content_type,
        overrides: overrides_from_json(&orig.overrides),
    };
    let ex = parse(gate, kb, limits, &doc).await?;
    Ok(store::replace_extraction(pool, &kb.gazetteer, id, &ex).await?)
}
