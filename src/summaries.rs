//! Upkeep after uploads, in the background: uploads leave their report in
//! stats_pending, not yet counted (migrations/0005, 0006), and this task folds
//! them into the summary counts (catalogue, issue categories) a batch at a time;
//! it also merges the issue search index's pending list (migrations/0007), so
//! that no upload waits for that merge.
use crate::store;
use sqlx::PgPool;
use std::time::{Duration, Instant};

/// How often the search index's pending list is merged while uploads arrive:
/// often enough that searches scan a short list, rarely enough that each merge
/// handles many issues at once.
const MERGE_EVERY: Duration = Duration::from_secs(1);

pub async fn folder(pool: PgPool, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut unmerged = false;
    let mut last_merge = Instant::now();
    loop {
        tick.tick().await;
        match store::fold_stats(&pool, store::Fold::SkipLocked, store::FOLD_BATCH).await {
            Ok(0) => {}
            Ok(n) => {
                unmerged = true;
                tracing::debug!(reports = n, "summary counts updated");
            }
            // the database may be restarting; the next tick tries again
            Err(e) => tracing::warn!(error = %e, "could not update summary counts"),
        }
        if unmerged && last_merge.elapsed() >= MERGE_EVERY {
            last_merge = Instant::now();
            match store::merge_search_index(&pool).await {
                Ok(pages) => {
                    unmerged = false;
                    tracing::debug!(pages, "search index pending list merged");
                }
                Err(e) => tracing::warn!(error = %e, "could not merge the search index's pending list"),
            }
        }
    }
}
