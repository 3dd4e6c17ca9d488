//! The maintained counts (migrations/0003, 0005, 0006): uploads only queue a
//! report in stats_pending; a fold adds queued reports to the summaries, and a
//! re-parse or delete takes a counted report out again.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::filter::Filtered;

/// Reports added to the summaries per transaction.
pub const FOLD_BATCH: i64 = 500;

/// Whether a fold waits for reports another transaction is folding (readers, who
/// want exact counts) or skips them (the background task).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    Wait,
    SkipLocked,
}

/// Add reports not yet counted to the summaries, up to `batch` of them per
/// transaction; returns how many were added. Uploads do not touch the summaries
/// (see migrations/0005, 0006): one fold updates each summary row once for a whole
/// batch of reports.
pub async fn fold_stats(pool: &PgPool, mode: Fold, batch: i64) -> Result<u64, sqlx::Error> {
    let mut total = 0;
    // the common case for readers: nothing to fold, a look at a near-empty table, no transaction
    let pending =
        sqlx::query_scalar!("SELECT EXISTS (SELECT 1 FROM stats_pending) AS \"pending!\"").fetch_one(pool).await?;
    if !pending {
        return Ok(0);
    }
    // bounded, so a reader under a steady stream of uploads still gets its answer
    for _ in 0..100 {
        let mut tx = pool.begin().await?;
        // in key order, so readers waiting on each other's rows cannot deadlock
        let ids = match mode {
            Fold::Wait => {
                sqlx::query_scalar!("SELECT report_id FROM stats_pending ORDER BY report_id LIMIT $1 FOR UPDATE", batch)
            }
            Fold::SkipLocked => sqlx::query_scalar!(
                "SELECT report_id FROM stats_pending ORDER BY report_id LIMIT $1 FOR UPDATE SKIP LOCKED",
                batch
            ),
        }
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(total);
        }
        sqlx::query!("DELETE FROM stats_pending WHERE report_id = ANY($1)", &ids).execute(&mut *tx).await?;
        adjust_stats(&mut tx, &ids, 1).await?;
        tx.commit().await?;
        total += ids.len() as u64;
        if (ids.len() as i64) < batch {
            break;
        }
    }
    Ok(total)
}

/// Add (sign 1) or remove (sign -1) reports' rows from the maintained counts.
/// Rows are touched in key order so concurrent writers cannot deadlock. The rows
/// are reached report by report (LATERAL … OFFSET 0), so the plan is index scans
/// even on tables never analysed; `report_id = ANY($1)` was planned as a
/// sequential scan of millions of observations there.
pub(super) async fn adjust_stats(
    tx: &mut Transaction<'_, Postgres>,
    ids: &[Uuid],
    sign: i64,
) -> Result<(), sqlx::Error> {
    // each statement: $1 the reports, $2 the sign
    macro_rules! adjust {
        ($sql:literal) => {
            sqlx::query!($sql, ids, sign).execute(&mut **tx).await?
        };
    }
    adjust!(
        "INSERT INTO indicator_year_stats (indicator_key, year, n)
         SELECT indicator_key, coalesce(year, 0), $2 * count(*)
         FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM observations WHERE report_id = r.id AND NOT rejected OFFSET 0) o
         WHERE indicator_key IS NOT NULL
         GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT (indicator_key, year) DO UPDATE SET n = indicator_year_stats.n + EXCLUDED.n"
    );
    // A region entering (0 → n) or leaving (n → 0) an indicator moves its region count.
    adjust!(
        "WITH d AS (
             SELECT indicator_key, region_code, $2 * count(*) AS c
             FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM observations WHERE report_id = r.id AND NOT rejected OFFSET 0) o
             WHERE indicator_key IS NOT NULL AND region_code IS NOT NULL
             GROUP BY 1, 2 ORDER BY 1, 2),
         u AS (
             INSERT INTO indicator_region_stats (indicator_key, region_code, n) SELECT indicator_key, region_code, c FROM d
             ON CONFLICT (indicator_key, region_code) DO UPDATE SET n = indicator_region_stats.n + EXCLUDED.n
             RETURNING indicator_key, region_code, n),
         moved AS (
             SELECT u.indicator_key,
                    sum(CASE WHEN u.n - d.c <= 0 AND u.n > 0 THEN 1 WHEN u.n <= 0 AND u.n - d.c > 0 THEN -1 ELSE 0 END) AS delta
             FROM u JOIN d USING (indicator_key, region_code) GROUP BY 1 ORDER BY 1)
         INSERT INTO indicator_totals (indicator_key, regions) SELECT indicator_key, delta FROM moved WHERE delta <> 0
         ON CONFLICT (indicator_key) DO UPDATE SET regions = indicator_totals.regions + EXCLUDED.regions"
    );
    adjust!(
        "INSERT INTO issue_stats (region_code, year, category, n)
         SELECT coalesce(region_code, ''), coalesce(year, 0), category, $2 * count(*)
         FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM issues WHERE report_id = r.id AND NOT rejected OFFSET 0) i
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (region_code, year, category) DO UPDATE SET n = issue_stats.n + EXCLUDED.n"
    );
    adjust!(
        "INSERT INTO issue_year_stats (year, category, n)
         SELECT coalesce(year, 0), category, $2 * count(*)
         FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM issues WHERE report_id = r.id AND NOT rejected OFFSET 0) i
         GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT (year, category) DO UPDATE SET n = issue_year_stats.n + EXCLUDED.n"
    );
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IndicatorStat {
    pub indicator_key: String,
    pub observations: i64,
    pub regions: i64,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// Observation counts per catalogue key (all keys, or one), from the maintained summaries.
pub async fn indicator_stats(pool: &PgPool, key: Option<&str>) -> Result<Vec<IndicatorStat>, sqlx::Error> {
    fold_stats(pool, Fold::Wait, FOLD_BATCH).await?;
    let mut q = Filtered::new(
        "SELECT y.indicator_key, y.observations, coalesce(t.regions, 0) AS regions, y.first_year, y.last_year
         FROM (SELECT indicator_key, sum(n)::bigint AS observations,
                      min(NULLIF(year, 0)) FILTER (WHERE n > 0) AS first_year,
                      max(NULLIF(year, 0)) FILTER (WHERE n > 0) AS last_year
               FROM indicator_year_stats",
    );
    q.and_opt("indicator_key = {}", key).push(
        " GROUP BY indicator_key) y
         LEFT JOIN indicator_totals t USING (indicator_key)
         WHERE y.observations > 0
         ORDER BY y.indicator_key",
    );
    q.query_as::<IndicatorStat>().fetch_all(pool).await
}
