//! All SQL lives here, one file per area; handlers and workers call these
//! functions and nothing else talks to PostgreSQL.
//!
//! Static queries are `sqlx::query!` / `query_as!`, checked against the schema at
//! compile time through the offline data in `.sqlx/` (regenerate it with
//! `scripts/sqlx_prepare.sh` after changing a query or a migration). Queries whose
//! conditions depend on the request are put together by [`filter::Filtered`].

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{migrate::MigrateDatabase, PgPool, Postgres};

mod batches;
mod corrections;
mod filter;
mod locks;
mod regions;
mod reports_read;
mod reports_write;
mod search;
mod series;
mod summaries;

pub use batches::{
    claim_batch_item, create_batch, finish_batch_item, get_batch, BatchItemRow, NewBatchItem, PendingItem,
};
pub use corrections::{
    add_observation, correct_item, correct_observation, report_corrections, Corrected, CorrectionRow, Target,
};
pub use regions::{regions_with_reports, RegionRow};
pub use reports_read::{
    get_report, list_reports, report_by_sha, report_exists, report_issues, report_observations, report_original,
    report_plans, report_sections, report_text, reports_below_version, ItemRow, Original, ReportFilter, ReportRow,
    SectionRow,
};
pub use reports_write::{delete_report, insert_report, replace_extraction, Stored, Upload};
pub use search::{issue_category_counts, merge_search_index, search_issues, IssueFilter, IssueHit};
pub use series::{series, SeriesQuery, SeriesRow};
pub use summaries::{fold_stats, indicator_stats, Fold, IndicatorStat, FOLD_BATCH};

/// Create the database if it does not exist, connect, and run migrations,
/// waiting up to a minute for PostgreSQL to come up (compose starts both at once).
pub async fn connect(database_url: &str, max_connections: u32, acquire_timeout_secs: u64) -> anyhow::Result<PgPool> {
    let mut attempt = 0;
    loop {
        match try_connect(database_url, max_connections, acquire_timeout_secs).await {
            Ok(pool) => return Ok(pool),
            Err(e) if attempt < 30 && is_unreachable(&e) => {
                attempt += 1;
                tracing::warn!(error = %e, attempt, "database not reachable yet; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

fn is_unreachable(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<sqlx::Error>().is_some_and(|s| matches!(s, sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut))
            || c.downcast_ref::<std::io::Error>().is_some()
            || c.to_string().contains("the database system is starting up")
    })
}

async fn try_connect(database_url: &str, max_connections: u32, acquire_timeout_secs: u64) -> anyhow::Result<PgPool> {
    if !Postgres::database_exists(database_url).await.unwrap_or(false) {
        match Postgres::create_database(database_url).await {
            Ok(()) => tracing::info!("created database"),
            // another instance may have created it meanwhile
            Err(e) if Postgres::database_exists(database_url).await.unwrap_or(false) => {
                tracing::debug!(error = %e, "database appeared concurrently")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let pool = pool_options(max_connections, acquire_timeout_secs).connect_with(connect_options(database_url)?).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

fn pool_options(max_connections: u32, acquire_timeout_secs: u64) -> PgPoolOptions {
    PgPoolOptions::new().max_connections(max_connections).acquire_timeout(Duration::from_secs(acquire_timeout_secs))
}

/// JIT off: every query here is short, and on tables without statistics the
/// planner's large cost estimates made PostgreSQL spend 140 ms compiling one.
///
/// Plans: the reads with conditions a request chooses (filter.rs) need a plan
/// made for their actual values (which regions, how rare a term), so they run
/// unprepared (`.persistent(false)`: an unnamed statement is planned for each
/// execution). Everything else, above all the upload statement, keeps its cached
/// plan: planning the upload at every execution was 14% of PostgreSQL's time
/// under upload load.
fn connect_options(database_url: &str) -> anyhow::Result<PgConnectOptions> {
    let opts: PgConnectOptions = database_url.parse()?;
    Ok(opts.options([("jit", "off")]))
}

/// A pool that connects on first use, for the service to start while the
/// database is still down (readiness reports it).
pub fn connect_lazy(database_url: &str, max_connections: u32, acquire_timeout_secs: u64) -> anyhow::Result<PgPool> {
    Ok(pool_options(max_connections, acquire_timeout_secs).connect_lazy_with(connect_options(database_url)?))
}

pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT 1 AS one").fetch_one(pool).await.map(|_| ())
}
