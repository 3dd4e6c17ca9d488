//! Batches: files queued by one request, processed by the background workers.

use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::kinds::BatchItemStatus;

pub struct NewBatchItem {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Option<Vec<u8>>,
    pub overrides: Json,
    /// Set when the file was refused before queuing (too large inside the ZIP).
    pub failed: Option<Json>,
}

pub async fn create_batch(pool: &PgPool, items: &[NewBatchItem]) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let mut tx = pool.begin().await?;
    sqlx::query!("INSERT INTO batches (id) VALUES ($1)", id).execute(&mut *tx).await?;
    for (k, it) in items.iter().enumerate() {
        let status = if it.failed.is_some() { BatchItemStatus::Failed } else { BatchItemStatus::Pending };
        sqlx::query!(
            "INSERT INTO batch_items (batch_id, ordinal, filename, content_type, bytes, overrides, status, error)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            id,
            k as i32,
            it.filename,
            it.content_type,
            it.bytes,
            it.overrides,
            status as _,
            it.failed
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingItem {
    pub id: i64,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Option<Vec<u8>>,
    pub overrides: Json,
}

/// Lock the oldest pending item (skipping those other workers hold). The lock
/// lasts as long as the returned transaction: a worker that dies leaves it pending.
pub async fn claim_batch_item(
    pool: &PgPool,
) -> Result<Option<(Transaction<'static, Postgres>, PendingItem)>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let item = sqlx::query_as!(
        PendingItem,
        "SELECT id, filename, content_type, bytes, overrides FROM batch_items WHERE status = 'pending'
         ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1"
    )
    .fetch_optional(&mut *tx)
    .await?;
    match item {
        Some(i) => Ok(Some((tx, i))),
        None => {
            tx.rollback().await?;
            Ok(None)
        }
    }
}

/// Record an item's outcome and release its bytes (a created report keeps its own copy).
pub async fn finish_batch_item(
    mut tx: Transaction<'static, Postgres>,
    id: i64,
    status: BatchItemStatus,
    report_id: Option<Uuid>,
    error: Option<Json>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE batch_items SET status = $2, report_id = $3, error = $4, bytes = NULL, updated_at = now() WHERE id = $1",
        id,
        status as _,
        report_id,
        error
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BatchItemRow {
    pub ordinal: i32,
    pub filename: Option<String>,
    pub status: BatchItemStatus,
    pub report_id: Option<Uuid>,
    pub error: Option<Json>,
}

pub async fn get_batch(pool: &PgPool, id: Uuid) -> Result<Option<(DateTime<Utc>, Vec<BatchItemRow>)>, sqlx::Error> {
    let created = sqlx::query_scalar!("SELECT created_at FROM batches WHERE id = $1", id).fetch_optional(pool).await?;
    let Some(created) = created else { return Ok(None) };
    let items = sqlx::query_as!(
        BatchItemRow,
        "SELECT ordinal, filename, status AS \"status: BatchItemStatus\", report_id, error
         FROM batch_items WHERE batch_id = $1 ORDER BY ordinal",
        id
    )
    .fetch_all(pool)
    .await?;
    Ok(Some((created, items)))
}
