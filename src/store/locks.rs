//! Taking a report for a rewrite: shared by the writes of reports (re-parse, delete) and of
//! corrections, which apply to the same rows.

use sqlx::{Postgres, Transaction};
use uuid::Uuid;

/// Lock a report (for a re-parse or a delete) and take it off the list of reports
/// waiting to be counted; returns whether it had been counted already (its
/// figures are then in the summaries and must come out), None when there is no
/// such report. A fold counting it right now holds its stats_pending row: the
/// DELETE waits for that fold to commit and then finds the row gone, so the
/// answer is "counted", as it then is.
pub(super) async fn lock_and_unmark(tx: &mut Transaction<'_, Postgres>, id: Uuid) -> Result<Option<bool>, sqlx::Error> {
    let exists = sqlx::query_scalar!("SELECT 1 AS \"one!\" FROM reports WHERE id = $1 FOR UPDATE", id)
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_none() {
        return Ok(None);
    }
    let was_pending =
        sqlx::query!("DELETE FROM stats_pending WHERE report_id = $1", id).execute(&mut **tx).await?.rows_affected()
            > 0;
    Ok(Some(!was_pending))
}
