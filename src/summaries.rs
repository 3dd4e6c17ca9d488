//! Keeps the summary counts (catalogue, issue categories) up to date in the
//! background: uploads leave their report in stats_pending, not yet counted
//! (migrations/0005, 0006), and this task folds them in, a batch at a time.
use crate::store;
use sqlx::PgPool;
use std::time::Duration;

pub async fn folder(pool: PgPool, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match store::fold_stats(&pool, store::Fold::SkipLocked, store::FOLD_BATCH).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(reports = n, "summary counts updated"),
            // the database may be restarting; the next tick tries again
            Err(e) => tracing::warn!(error = %e, "could not update summary counts"),
        }
    }
}
