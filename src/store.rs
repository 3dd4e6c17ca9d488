//! All SQL lives here. Handlers call these functions; nothing else talks to
//! PostgreSQL.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value as Json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{migrate::MigrateDatabase, PgPool, Postgres, Row};
use uuid::Uuid;

use crate::extract::knowledge::Gazetteer;
use crate::extract::Extraction;
use crate::kinds::{BatchItemStatus, IndicatorKind, SectionKind};

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
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
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
    let opts = connect_options(database_url)?;
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(std::time::Duration::from_secs(acquire_timeout_secs))
        .connect_with(opts)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// JIT off: every query here is short, and on tables without statistics the
/// planner's large cost estimates made PostgreSQL spend 140 ms compiling one.
///
/// Plans: the reads that filter with "($n IS NULL OR column = $n)" need a plan
/// made for their actual parameters (a generic cached plan cannot use an index
/// for such a condition), so they run unprepared (`.persistent(false)`: an
/// unnamed statement is planned for each execution's parameters). Everything
/// else, above all the upload statement, keeps its cached plan: planning the
/// upload at every execution was 14% of PostgreSQL's time under upload load.
fn connect_options(database_url: &str) -> anyhow::Result<PgConnectOptions> {
    let opts: PgConnectOptions = database_url.parse()?;
    Ok(opts.options([("jit", "off")]))
}

/// A pool that connects on first use, for the service to start while the
/// database is still down (readiness reports it).
pub fn connect_lazy(database_url: &str, max_connections: u32, acquire_timeout_secs: u64) -> anyhow::Result<PgPool> {
    let opts = connect_options(database_url)?;
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(std::time::Duration::from_secs(acquire_timeout_secs))
        .connect_lazy_with(opts))
}

pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

// ---------------------------------------------------------------- writing reports

/// What an upload brings besides the extraction.
pub struct Upload<'a> {
    pub sha256: &'a [u8],
    pub bytes: &'a [u8],
    pub filename: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub overrides: Json,
}

pub enum Stored {
    /// The new report as get_report would read it back (built from what was
    /// written: the reply needs no second query, which could fail after the commit).
    Created(Box<ReportRow>),
    Existing(Uuid),
}

/// Regions referenced by a report, ancestors first (for the foreign key).
fn region_chain(gz: &Gazetteer, code: &str) -> Vec<(String, String, String, Option<String>)> {
    let Some(i) = gz.index_of(code) else { return vec![] };
    let mut chain: Vec<usize> = gz.ancestors(i);
    chain.reverse();
    chain.push(i);
    chain
        .into_iter()
        .map(|r| {
            let reg = &gz.regions[r];
            (
                reg.code.clone(),
                reg.name.clone(),
                reg.level.as_str().to_string(),
                reg.parent.map(|p| gz.regions[p].code.clone()),
            )
        })
        .collect()
}

async fn upsert_regions<'e>(db: impl sqlx::PgExecutor<'e>, gz: &Gazetteer, code: &str) -> Result<bool, sqlx::Error> {
    let chain = region_chain(gz, code);
    if chain.is_empty() {
        return Ok(false);
    }
    let codes: Vec<String> = chain.iter().map(|c| c.0.clone()).collect();
    let names: Vec<String> = chain.iter().map(|c| c.1.clone()).collect();
    let levels: Vec<String> = chain.iter().map(|c| c.2.clone()).collect();
    let parents: Vec<Option<String>> = chain.iter().map(|c| c.3.clone()).collect();
    // ancestors come first in the arrays; ON CONFLICT keeps the row already there
    sqlx::query(
        "INSERT INTO regions (code, name, level, parent_code)
         SELECT code, name, level, parent_code
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(code, name, level, parent_code, ord)
         ORDER BY ord
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(&codes)
    .bind(&names)
    .bind(&levels)
    .bind(&parents)
    .execute(db)
    .await?;
    Ok(true)
}

fn parse_date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Insert a report and everything extracted from it in one transaction.
/// The same bytes uploaded twice (even concurrently) yield one report: the
/// unique constraint on sha256 decides, not a check-then-insert.
pub async fn insert_report(
    pool: &PgPool,
    gz: &Gazetteer,
    up: &Upload<'_>,
    ex: &Extraction,
) -> Result<Stored, sqlx::Error> {
    let id = Uuid::now_v7();
    // regions are reference rows: written first, on their own, and kept even if
    // the report turns out to be a duplicate
    let region_code = match ex.meta.region.as_ref().and_then(|r| r.code.clone()) {
        Some(c) if upsert_regions(pool, gz, &c).await? => Some(c),
        _ => None,
    };
    // One statement (so one transaction, one round trip): the report row, its
    // original bytes and its whole extraction, as data-modifying CTEs over `rep`.
    // A duplicate makes `rep` empty, and then nothing else is written either.
    let first = EXTRACTION_PARAMS + 1;
    let upload_params = first + EXTRACTED_COLUMNS.len();
    let sql = format!(
        "WITH rep AS (
            INSERT INTO reports ({}, id, sha256, filename, content_type, byte_size, overrides)
            VALUES ({})
            ON CONFLICT (sha256) DO NOTHING
            RETURNING id, seq, region_code, year, created_at),
         orig AS (INSERT INTO report_originals (report_id, bytes) SELECT id, ${} FROM rep),
         {EXTRACTION_CTES}
         SELECT seq, created_at FROM rep",
        EXTRACTED_COLUMNS.join(", "),
        (first..upload_params + 6).map(|n| format!("${n}")).collect::<Vec<_>>().join(", "),
        upload_params + 6,
    );
    let cols = ExtractedColumns::of(ex, region_code.as_deref());
    let row = cols
        .bind(bind_extraction(sqlx::query(&sql), ex))
        .bind(id)
        .bind(up.sha256)
        .bind(up.filename)
        .bind(up.content_type)
        .bind(up.bytes.len() as i64)
        .bind(&up.overrides)
        .bind(up.bytes)
        .fetch_optional(pool)
        .await?;
    if let Some(row) = row {
        let (seq, created_at) = (row.try_get("seq")?, row.try_get("created_at")?);
        return Ok(Stored::Created(Box::new(created_row(id, seq, created_at, up, ex, &cols))));
    }
    let existing: Uuid =
        sqlx::query_scalar("SELECT id FROM reports WHERE sha256 = $1").bind(up.sha256).fetch_one(pool).await?;
    Ok(Stored::Existing(existing))
}

/// The row of a report just inserted, from the values bound to the INSERT.
fn created_row(
    id: Uuid,
    seq: i64,
    created_at: DateTime<Utc>,
    up: &Upload<'_>,
    ex: &Extraction,
    c: &ExtractedColumns<'_>,
) -> ReportRow {
    let owned = |v: Option<&str>| v.map(str::to_string);
    ReportRow {
        id,
        seq,
        sha256: up.sha256.to_vec(),
        created_at,
        updated_at: created_at,
        filename: owned(up.filename),
        content_type: owned(up.content_type),
        format: c.format.to_string(),
        encoding: c.encoding.to_string(),
        byte_size: up.bytes.len() as i64,
        title: owned(c.title),
        doc_type: owned(c.doc_type),
        region_name: owned(c.region_name),
        region_code: owned(c.region_code),
        region_level: owned(c.region_level),
        region_inferred: c.region_inferred,
        region_basis: owned(c.region_basis),
        year: c.year,
        year_basis: owned(c.year_basis),
        period_label: owned(c.period_label),
        period_start: c.period_start,
        period_end: c.period_end,
        overrides: up.overrides.clone(),
        parser_version: c.parser_version,
        n_indicators: ex.indicators.len() as i64,
        n_issues: ex.issues.len() as i64,
        n_plans: ex.plans.len() as i64,
        n_sections: ex.sections.len() as i64,
    }
}

/// Parameters $1..=EXTRACTION_PARAMS of EXTRACTION_CTES, bound by bind_extraction.
const EXTRACTION_PARAMS: usize = 39;

/// The reports columns an extraction sets (an upload writes them, a re-parse
/// replaces them), in the order ExtractedColumns::bind binds them.
const EXTRACTED_COLUMNS: [&str; 18] = [
    "format",
    "encoding",
    "text",
    "title",
    "doc_type",
    "region_name",
    "region_code",
    "region_level",
    "region_inferred",
    "region_basis",
    "year",
    "year_basis",
    "period_label",
    "period_start",
    "period_end",
    "parser_version",
    "body_start",
    "body_end",
];

/// The values of EXTRACTED_COLUMNS for one extraction, derived once: bound to
/// the upload's INSERT or the re-parse's UPDATE, and read back into the reply.
struct ExtractedColumns<'a> {
    format: &'a str,
    encoding: &'a str,
    text: &'a str,
    title: Option<&'a str>,
    doc_type: Option<&'a str>,
    region_name: Option<&'a str>,
    region_code: Option<&'a str>,
    region_level: Option<&'static str>,
    region_inferred: bool,
    region_basis: Option<&'a str>,
    year: Option<i32>,
    year_basis: Option<&'a str>,
    period_label: Option<&'a str>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    parser_version: i32,
    body_start: i32,
    body_end: i32,
}

impl<'a> ExtractedColumns<'a> {
    /// `region_code`: the region's code once its row exists (upsert_regions).
    fn of(ex: &'a Extraction, region_code: Option<&'a str>) -> Self {
        let (m, region, period) = (&ex.meta, ex.meta.region.as_ref(), ex.meta.period.as_ref());
        ExtractedColumns {
            format: &ex.source.format,
            encoding: &ex.source.encoding,
            text: &ex.text,
            title: m.title.as_deref(),
            doc_type: m.doc_type.as_deref(),
            region_name: region.map(|r| r.name.as_str()),
            region_code,
            region_level: region.and_then(|r| r.level).map(|l| l.as_str()),
            region_inferred: region.is_some_and(|r| r.inferred),
            region_basis: region.map(|r| r.basis.as_str()),
            year: m.year,
            year_basis: m.year_basis.as_deref(),
            period_label: period.map(|p| p.label.as_str()),
            period_start: period.and_then(|p| parse_date(&p.start)),
            period_end: period.and_then(|p| parse_date(&p.end)),
            parser_version: ex.parser_version,
            body_start: ex.body.start as i32,
            body_end: ex.body.end as i32,
        }
    }

    /// Bind in the order of EXTRACTED_COLUMNS.
    fn bind<'q>(&self, q: PgQuery<'q>) -> PgQuery<'q>
    where
        'a: 'q,
    {
        q.bind(self.format)
            .bind(self.encoding)
            .bind(self.text)
            .bind(self.title)
            .bind(self.doc_type)
            .bind(self.region_name)
            .bind(self.region_code)
            .bind(self.region_level)
            .bind(self.region_inferred)
            .bind(self.region_basis)
            .bind(self.year)
            .bind(self.year_basis)
            .bind(self.period_label)
            .bind(self.period_start)
            .bind(self.period_end)
            .bind(self.parser_version)
            .bind(self.body_start)
            .bind(self.body_end)
    }
}

/// Sections, observations, issues and plans of a report, bulk via UNNEST, as
/// data-modifying CTEs that read the report's id, seq, region and year from a
/// CTE named `rep` (the INSERT of a new report, or the UPDATE of a re-parse),
/// and the report's place in the queue of reports to count (stats_pending).
const EXTRACTION_CTES: &str = "
         sec AS (
            INSERT INTO sections (report_id, idx, parent_idx, marker, ordinal, heading, kind, start_offset, end_offset)
            SELECT rep.id, u.* FROM rep, UNNEST($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[], $8::int[]) u),
         obs AS (
            INSERT INTO observations (report_id, report_seq, region_code, ordinal, name, indicator_key, value, unit, kind, year,
                year_basis, approximate, redacted, comparator, raw, section_kind, ev_start, ev_end, sentence_start, sentence_end, evidence)
            SELECT rep.id, rep.seq, rep.region_code, u.* FROM rep, UNNEST($9::int[], $10::text[], $11::text[], $12::float8[], $13::text[],
                $14::text[], $15::int[], $16::text[], $17::bool[], $18::bool[], $19::text[], $20::text[], $21::text[], $22::int[], $23::int[],
                $24::int[], $25::int[], $26::text[]) u),
         iss AS (
            INSERT INTO issues (report_id, region_code, year, ordinal, kind, text, group_heading, category, start_offset, end_offset, grams)
            SELECT rep.id, rep.region_code, rep.year, t.ordinal, t.kind, t.text, t.group_heading, t.category, t.s, t.e, string_to_array(t.grams, E'\\x1f')
            FROM rep, UNNEST($27::int[], $28::text[], $29::text[], $30::text[], $31::text[], $32::int[], $33::int[], $34::text[])
                 AS t(ordinal, kind, text, group_heading, category, s, e, grams)),
         pl AS (
            INSERT INTO plans (report_id, ordinal, text, group_heading, start_offset, end_offset)
            SELECT rep.id, u.* FROM rep, UNNEST($35::int[], $36::text[], $37::text[], $38::int[], $39::int[]) u),
         pending AS (INSERT INTO stats_pending (report_id) SELECT id FROM rep)";

type PgQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

/// Bind the extraction's rows, column by column, as $1..=EXTRACTION_PARAMS.
fn bind_extraction<'q>(q: PgQuery<'q>, ex: &'q Extraction) -> PgQuery<'q> {
    let (s, o, i, p) = (&ex.sections, &ex.indicators, &ex.issues, &ex.plans);
    q.bind(s.iter().map(|x| x.index as i32).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.parent.map(|p| p as i32)).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.marker.as_str()).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.ordinal as i32).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.heading.as_str()).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.start as i32).collect::<Vec<_>>())
        .bind(s.iter().map(|x| x.end as i32).collect::<Vec<_>>())
        .bind((0..o.len() as i32).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.name.as_str()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.indicator_key.as_deref()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.value).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.unit.as_str()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.year).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.year_basis.as_str()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.approximate).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.redacted).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.comparator.as_deref()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.raw.as_str()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.section_kind.as_str()).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.evidence.start as i32).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.evidence.end as i32).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.evidence.sentence_start as i32).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.evidence.sentence_end as i32).collect::<Vec<_>>())
        .bind(o.iter().map(|x| x.evidence.text.as_str()).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.ordinal as i32).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.text.as_str()).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.group.as_deref()).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.category.as_deref().unwrap_or("其他")).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.evidence.start as i32).collect::<Vec<_>>())
        .bind(i.iter().map(|x| x.evidence.end as i32).collect::<Vec<_>>())
        .bind(i.iter().map(|x| grams(&x.text).join("\u{1f}")).collect::<Vec<_>>())
        .bind(p.iter().map(|x| x.ordinal as i32).collect::<Vec<_>>())
        .bind(p.iter().map(|x| x.text.as_str()).collect::<Vec<_>>())
        .bind(p.iter().map(|x| x.group.as_deref()).collect::<Vec<_>>())
        .bind(p.iter().map(|x| x.evidence.start as i32).collect::<Vec<_>>())
        .bind(p.iter().map(|x| x.evidence.end as i32).collect::<Vec<_>>())
}

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
    let pending: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM stats_pending)").fetch_one(pool).await?;
    if !pending {
        return Ok(0);
    }
    // bounded, so a reader under a steady stream of uploads still gets its answer
    for _ in 0..100 {
        let mut tx = pool.begin().await?;
        let lock = if mode == Fold::Wait { "FOR UPDATE" } else { "FOR UPDATE SKIP LOCKED" };
        // in key order, so readers waiting on each other's rows cannot deadlock
        let ids: Vec<Uuid> =
            sqlx::query_scalar(&format!("SELECT report_id FROM stats_pending ORDER BY report_id LIMIT $1 {lock}"))
                .bind(batch)
                .fetch_all(&mut *tx)
                .await?;
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(total);
        }
        sqlx::query("DELETE FROM stats_pending WHERE report_id = ANY($1)").bind(&ids).execute(&mut *tx).await?;
        adjust_stats(&mut tx, &ids, 1).await?;
        tx.commit().await?;
        total += ids.len() as u64;
        if (ids.len() as i64) < batch {
            break;
        }
    }
    Ok(total)
}

/// Merge the issue search index's pending list into the index (migrations/0007),
/// so that no upload has to; returns the pages merged.
pub async fn merge_search_index(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT gin_clean_pending_list('issues_grams'::regclass)").fetch_one(pool).await
}

/// Add (sign 1) or remove (sign -1) reports' rows from the maintained counts.
/// Rows are touched in key order so concurrent writers cannot deadlock. The rows
/// are reached report by report (LATERAL … OFFSET 0), so the plan is index scans
/// even on tables never analysed; `report_id = ANY($1)` was planned as a
/// sequential scan of millions of observations there.
async fn adjust_stats(tx: &mut sqlx::Transaction<'_, Postgres>, ids: &[Uuid], sign: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicator_year_stats (indicator_key, year, n)
         SELECT indicator_key, coalesce(year, 0), $2 * count(*)
         FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM observations WHERE report_id = r.id OFFSET 0) o WHERE indicator_key IS NOT NULL
         GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT (indicator_key, year) DO UPDATE SET n = indicator_year_stats.n + EXCLUDED.n",
    )
    .bind(ids)
    .bind(sign)
    .execute(&mut **tx)
    .await?;
    // A region entering (0 → n) or leaving (n → 0) an indicator moves its region count.
    sqlx::query(
        "WITH d AS (
             SELECT indicator_key, region_code, $2 * count(*) AS c
             FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM observations WHERE report_id = r.id OFFSET 0) o WHERE indicator_key IS NOT NULL AND region_code IS NOT NULL
             GROUP BY 1, 2 ORDER BY 1, 2),
         u AS (
             INSERT INTO indicator_region_stats (indicator_key, region_code, n) SELECT indicator_key, region_code, c FROM d
             ON CONFLICT (indicator_key, region_code) DO UPDATE SET n = indicator_region_stats.n + EXCLUDED.n
             RETURNING indicator_key, region_code, n),
         moved AS (
             SELECT u.indicator_key, sum(CASE WHEN u.n - d.c <= 0 AND u.n > 0 THEN 1 WHEN u.n <= 0 AND u.n - d.c > 0 THEN -1 ELSE 0 END) AS delta
             FROM u JOIN d USING (indicator_key, region_code) GROUP BY 1 ORDER BY 1)
         INSERT INTO indicator_totals (indicator_key, regions) SELECT indicator_key, delta FROM moved WHERE delta <> 0
         ON CONFLICT (indicator_key) DO UPDATE SET regions = indicator_totals.regions + EXCLUDED.regions",
    )
    .bind(ids)
    .bind(sign)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO issue_stats (region_code, year, category, n)
         SELECT coalesce(region_code, ''), coalesce(year, 0), category, $2 * count(*)
         FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM issues WHERE report_id = r.id OFFSET 0) i
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (region_code, year, category) DO UPDATE SET n = issue_stats.n + EXCLUDED.n",
    )
    .bind(ids)
    .bind(sign)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO issue_year_stats (year, category, n)
         SELECT coalesce(year, 0), category, $2 * count(*)
         FROM unnest($1::uuid[]) AS r(id), LATERAL (SELECT * FROM issues WHERE report_id = r.id OFFSET 0) i
         GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT (year, category) DO UPDATE SET n = issue_year_stats.n + EXCLUDED.n",
    )
    .bind(ids)
    .bind(sign)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Lock a report (for a re-parse or a delete) and take it off the list of reports
/// waiting to be counted; returns whether it had been counted already (its
/// figures are then in the summaries and must come out), None when there is no
/// such report. A fold counting it right now holds its stats_pending row: the
/// DELETE waits for that fold to commit and then finds the row gone, so the
/// answer is "counted", as it then is.
async fn lock_and_unmark(tx: &mut sqlx::Transaction<'_, Postgres>, id: Uuid) -> Result<Option<bool>, sqlx::Error> {
    let exists: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM reports WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(&mut **tx).await?;
    if exists.is_none() {
        return Ok(None);
    }
    let was_pending = sqlx::query("DELETE FROM stats_pending WHERE report_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        > 0;
    Ok(Some(!was_pending))
}

/// Delete a report's sections, observations, issues and plans. They have no
/// foreign key to reports (migrations/0005), so this is how they go.
async fn delete_extraction(tx: &mut sqlx::Transaction<'_, Postgres>, id: Uuid) -> Result<(), sqlx::Error> {
    for table in ["sections", "observations", "issues", "plans"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE report_id = $1")).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Replace a report's extraction with a new one (re-parse), atomically.
pub async fn replace_extraction(pool: &PgPool, gz: &Gazetteer, id: Uuid, ex: &Extraction) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(counted) = lock_and_unmark(&mut tx, id).await? else {
        return Ok(false);
    };
    let region_code = match ex.meta.region.as_ref().and_then(|r| r.code.clone()) {
        Some(c) if upsert_regions(&mut *tx, gz, &c).await? => Some(c),
        _ => None,
    };
    if counted {
        adjust_stats(&mut tx, &[id], -1).await?;
    }
    delete_extraction(&mut tx, id).await?;
    let first = EXTRACTION_PARAMS + 1;
    let sets: Vec<String> =
        EXTRACTED_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", first + i)).collect();
    let sql = format!(
        "WITH rep AS (
            UPDATE reports SET {}, updated_at = now()
            WHERE id = ${}
            RETURNING id, seq, region_code, year),
         {EXTRACTION_CTES}
         SELECT seq FROM rep",
        sets.join(", "),
        first + EXTRACTED_COLUMNS.len(),
    );
    ExtractedColumns::of(ex, region_code.as_deref())
        .bind(bind_extraction(sqlx::query(&sql), ex))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

// ---------------------------------------------------------------- reading reports

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: Uuid,
    pub seq: i64,
    pub sha256: Vec<u8>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub format: String,
    pub encoding: String,
    pub byte_size: i64,
    pub title: Option<String>,
    pub doc_type: Option<String>,
    pub region_name: Option<String>,
    pub region_code: Option<String>,
    pub region_level: Option<String>,
    pub region_inferred: bool,
    pub region_basis: Option<String>,
    pub year: Option<i32>,
    pub year_basis: Option<String>,
    pub period_label: Option<String>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub overrides: Json,
    pub parser_version: i32,
    pub n_indicators: i64,
    pub n_issues: i64,
    pub n_plans: i64,
    pub n_sections: i64,
}

const REPORT_COLUMNS: &str = "r.id, r.seq, r.sha256, r.created_at, r.updated_at, r.filename, r.content_type, r.format, r.encoding,
    r.byte_size, r.title, r.doc_type, r.region_name, r.region_code, r.region_level, r.region_inferred, r.region_basis, r.year,
    r.year_basis, r.period_label, r.period_start, r.period_end, r.overrides, r.parser_version,
    (SELECT count(*) FROM observations o WHERE o.report_id = r.id) AS n_indicators,
    (SELECT count(*) FROM issues i WHERE i.report_id = r.id) AS n_issues,
    (SELECT count(*) FROM plans p WHERE p.report_id = r.id) AS n_plans,
    (SELECT count(*) FROM sections s WHERE s.report_id = r.id) AS n_sections";

pub async fn get_report(pool: &PgPool, id: Uuid) -> Result<Option<ReportRow>, sqlx::Error> {
    sqlx::query_as::<_, ReportRow>(&format!("SELECT {REPORT_COLUMNS} FROM reports r WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub struct ReportFilter {
    /// Region codes (a region and, when asked, the regions inside it).
    pub region_codes: Option<Vec<String>>,
    pub year: Option<i32>,
    pub before_seq: Option<i64>,
    pub limit: i64,
}

pub async fn list_reports(pool: &PgPool, f: &ReportFilter) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query_as::<_, ReportRow>(&format!(
        "SELECT {REPORT_COLUMNS} FROM reports r
         WHERE ($1::text[] IS NULL OR r.region_code = ANY($1))
           AND ($2::int IS NULL OR r.year = $2)
           AND ($3::bigint IS NULL OR r.seq < $3)
         ORDER BY r.seq DESC LIMIT $4"
    ))
    .bind(&f.region_codes)
    .bind(f.year)
    .bind(f.before_seq)
    .bind(f.limit)
    .persistent(false)
    .fetch_all(pool)
    .await
}

pub async fn report_text(pool: &PgPool, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT text FROM reports WHERE id = $1").bind(id).fetch_optional(pool).await
}

pub struct Original {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub overrides: Json,
}

pub async fn report_original(pool: &PgPool, id: Uuid) -> Result<Option<Original>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT o.bytes, r.filename, r.content_type, r.overrides FROM reports r JOIN report_originals o ON o.report_id = r.id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Original {
        bytes: r.get("bytes"),
        filename: r.get("filename"),
        content_type: r.get("content_type"),
        overrides: r.get("overrides"),
    }))
}

pub async fn delete_report(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(counted) = lock_and_unmark(&mut tx, id).await? else {
        return Ok(false);
    };
    if counted {
        adjust_stats(&mut tx, &[id], -1).await?;
    }
    delete_extraction(&mut tx, id).await?;
    sqlx::query("DELETE FROM reports WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn report_exists(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM reports WHERE id = $1)").bind(id).fetch_one(pool).await
}

/// A report's observations in text order, read as the caller's row type (the
/// API's IndicatorView: the one type an observation is read back as).
pub async fn report_observations<T>(
    pool: &PgPool,
    id: Uuid,
    kind: Option<IndicatorKind>,
    key: Option<&str>,
    after: i32,
    limit: i64,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    sqlx::query_as::<_, T>(
        "SELECT id, report_id, ordinal, name, indicator_key, value, unit, kind, year, year_basis, approximate, redacted, comparator,
                raw, section_kind, ev_start, ev_end, sentence_start, sentence_end, evidence
         FROM observations WHERE report_id = $1 AND ordinal > $2
           AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR indicator_key = $4)
         ORDER BY ordinal LIMIT $5",
    )
    .bind(id)
    .bind(after)
    .bind(kind)
    .bind(key)
    .bind(limit)
    .persistent(false)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub report_id: Uuid,
    pub ordinal: i32,
    pub kind: SectionKind,
    pub text: String,
    pub group_heading: Option<String>,
    pub category: Option<String>,
    pub start_offset: i32,
    pub end_offset: i32,
}

pub async fn report_issues(pool: &PgPool, id: Uuid, after: i64, limit: i64) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as::<_, ItemRow>(
        "SELECT id, report_id, ordinal, kind, text, group_heading, category, start_offset, end_offset
         FROM issues WHERE report_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn report_plans(pool: &PgPool, id: Uuid, after: i64, limit: i64) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as::<_, ItemRow>(
        "SELECT id, report_id, ordinal, 'plans' AS kind, text, group_heading, NULL::text AS category, start_offset, end_offset
         FROM plans WHERE report_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SectionRow {
    pub idx: i32,
    pub parent_idx: Option<i32>,
    pub marker: String,
    pub ordinal: i32,
    pub heading: String,
    pub kind: SectionKind,
    pub start_offset: i32,
    pub end_offset: i32,
}

pub async fn report_sections(pool: &PgPool, id: Uuid) -> Result<Vec<SectionRow>, sqlx::Error> {
    sqlx::query_as::<_, SectionRow>(
        "SELECT idx, parent_idx, marker, ordinal, heading, kind, start_offset, end_offset FROM sections WHERE report_id = $1 ORDER BY idx",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

pub async fn report_by_sha(pool: &PgPool, sha256: &[u8]) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM reports WHERE sha256 = $1").bind(sha256).fetch_optional(pool).await
}

// ---------------------------------------------------------------- across reports

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IndicatorStat {
    pub indicator_key: String,
    pub observations: i64,
    pub regions: i64,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// Observation counts per catalogue key, from the maintained summaries.
pub async fn indicator_stats(pool: &PgPool, key: Option<&str>) -> Result<Vec<IndicatorStat>, sqlx::Error> {
    fold_stats(pool, Fold::Wait, FOLD_BATCH).await?;
    sqlx::query_as::<_, IndicatorStat>(
        "SELECT y.indicator_key, y.observations, coalesce(t.regions, 0) AS regions, y.first_year, y.last_year
         FROM (SELECT indicator_key, sum(n)::bigint AS observations,
                      min(NULLIF(year, 0)) FILTER (WHERE n > 0) AS first_year, max(NULLIF(year, 0)) FILTER (WHERE n > 0) AS last_year
               FROM indicator_year_stats WHERE ($1::text IS NULL OR indicator_key = $1) GROUP BY indicator_key) y
         LEFT JOIN indicator_totals t USING (indicator_key)
         WHERE y.observations > 0
         ORDER BY y.indicator_key",
    )
    .bind(key)
    .persistent(false)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SeriesRow {
    pub id: i64,
    pub report_id: Uuid,
    pub report_seq: i64,
    pub report_title: Option<String>,
    pub report_year: Option<i32>,
    pub report_period: Option<String>,
    pub region_code: String,
    pub name: String,
    pub value: Option<f64>,
    pub unit: String,
    pub kind: IndicatorKind,
    pub year: i32,
    pub year_basis: String,
    pub approximate: bool,
    pub redacted: bool,
    pub raw: String,
    pub ev_start: i32,
    pub ev_end: i32,
    pub evidence: String,
}

pub struct SeriesQuery<'a> {
    pub key: &'a str,
    pub kind: IndicatorKind,
    pub region_codes: Option<Vec<String>>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub limit: i64,
}

/// The points of one indicator, by region and year (index range scans on
/// observations_series / observations_series_report).
///
/// With regions given, each region is its own range of observations_series
/// (LATERAL, one equality per region): `region_code = ANY(...)` was planned as a
/// filter over every point of the indicator where statistics are missing (5 ms
/// at 2,000 reports, 34 ms at 30,000, growing with the table).
pub async fn series(pool: &PgPool, q: &SeriesQuery<'_>) -> Result<Vec<SeriesRow>, sqlx::Error> {
    const POINT: &str = "o.indicator_key = $1 AND o.kind = $2 AND o.year IS NOT NULL AND o.year BETWEEN coalesce($4, 0) AND coalesce($5, 9999)";
    let from = if q.region_codes.is_some() {
        // DISTINCT: a region named twice is still one range
        format!(
            "(SELECT DISTINCT code FROM unnest($3::text[]) AS u(code)) AS reg,
             LATERAL (SELECT * FROM observations o WHERE {POINT} AND o.region_code = reg.code OFFSET 0) o"
        )
    } else {
        "observations o".to_string()
    };
    let sql = format!(
        "SELECT o.id, o.report_id, o.report_seq, r.title AS report_title, r.year AS report_year, r.period_label AS report_period,
                o.region_code, o.name, o.value, o.unit, o.kind, o.year,
                o.year_basis, o.approximate, o.redacted, o.raw, o.ev_start, o.ev_end, o.evidence
         FROM {from}
         JOIN reports r ON r.id = o.report_id
         WHERE {POINT} AND o.region_code IS NOT NULL AND ($3::text[] IS NULL OR o.region_code = ANY($3))
         ORDER BY o.region_code, o.year, o.report_seq DESC, o.id
         LIMIT $6"
    );
    sqlx::query_as::<_, SeriesRow>(&sql)
        .bind(q.key)
        .bind(q.kind)
        .bind(&q.region_codes)
        .bind(q.from)
        .bind(q.to)
        .bind(q.limit)
        .persistent(false)
        .fetch_all(pool)
        .await
}

pub struct IssueFilter {
    pub region_codes: Option<Vec<String>>,
    pub year: Option<i32>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub category: Option<String>,
    pub kind: Option<SectionKind>,
    /// Substring to find; matched through the grams index, confirmed by LIKE.
    pub q: Option<String>,
    pub report: Option<Uuid>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IssueHit {
    pub id: i64,
    pub report_id: Uuid,
    pub report_title: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub year: Option<i32>,
    pub ordinal: i32,
    pub kind: SectionKind,
    pub text: String,
    pub group_heading: Option<String>,
    pub category: String,
    pub start_offset: i32,
    pub end_offset: i32,
}

/// The distinct characters and character pairs of a text (letters and digits
/// only, lower-cased): what issue search indexes and looks up.
pub fn grams(text: &str) -> Vec<String> {
    let cs: Vec<char> = text.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect();
    let mut set: std::collections::BTreeSet<String> = cs.iter().map(|c| c.to_string()).collect();
    set.extend(cs.windows(2).map(|w| w.iter().collect::<String>()));
    set.into_iter().collect()
}

fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

const ISSUE_WHERE: &str = "($1::text[] IS NULL OR i.region_code = ANY($1))
           AND ($2::int IS NULL OR i.year = $2)
           AND ($3::int IS NULL OR i.year >= $3)
           AND ($4::int IS NULL OR i.year <= $4)
           AND ($5::text IS NULL OR i.category = $5)
           AND ($6::text IS NULL OR i.kind = $6)
           AND ($7::text[] IS NULL OR (i.grams @> $7 AND lower(i.text) LIKE lower($8)))
           AND ($9::uuid IS NULL OR i.report_id = $9)";

/// A region filter with at most this many issues (by the summary counts) is read
/// through the region index; above it, through the windows of newest issues.
const NARROW_MAX: i64 = 20_000;

/// How many issues the filter's regions hold, from the summary counts (issue_stats;
/// possibly a fold behind, which is close enough to choose a plan by).
async fn region_issue_count(pool: &PgPool, f: &IssueFilter) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(sum(n), 0)::bigint FROM issue_stats WHERE region_code = ANY($1)")
        .bind(&f.region_codes)
        .fetch_one(pool)
        .await
}

/// Issues across reports, newest first (by id, which only grows: stable under inserts).
///
/// A frequent term (人才) matches a large share of all issues: reading the newest
/// issues in id order finds a page quickly. A rare term or filter may not
/// fill a page there; then the GIN and filter indexes find every match.
pub async fn search_issues(
    pool: &PgPool,
    f: &IssueFilter,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<IssueHit>, sqlx::Error> {
    const WINDOWS: [i64; 2] = [5_000, 50_000];
    // A report's issues, or a small region's, are few: read those first through
    // their index. A large region is not narrow (reading all 3 million issues of
    // a region that holds most reports took 6-30 s): its issues are a large share
    // of the newest ones, so the windows below find a page.
    let narrow = if f.report.is_some() {
        true
    } else if f.region_codes.is_some() {
        region_issue_count(pool, f).await? < NARROW_MAX
    } else {
        false
    };
    let run = |window: Option<i64>| {
        let windowed = window.is_some();
        let from = if narrow {
            "(SELECT * FROM issues WHERE ($1::text[] IS NULL OR region_code = ANY($1)) AND ($9::uuid IS NULL OR report_id = $9)
              OFFSET 0) i"
        } else if windowed {
            "(SELECT * FROM issues WHERE ($10::bigint IS NULL OR id < $10) ORDER BY id DESC LIMIT $12) i"
        } else {
            "issues i"
        };
        let sql = format!(
            "SELECT i.id, i.report_id, r.title AS report_title, i.region_code, r.region_name, i.year, i.ordinal, i.kind, i.text,
                    i.group_heading, i.category, i.start_offset, i.end_offset
             FROM {from} JOIN reports r ON r.id = i.report_id
             WHERE {ISSUE_WHERE} AND ($10::bigint IS NULL OR i.id < $10)
             ORDER BY i.id DESC LIMIT $11"
        );
        async move {
            sqlx::query_as::<_, IssueHit>(&sql)
                .bind(&f.region_codes)
                .bind(f.year)
                .bind(f.from)
                .bind(f.to)
                .bind(&f.category)
                .bind(f.kind)
                .bind(f.q.as_deref().map(grams))
                .bind(f.q.as_deref().map(like_pattern))
                .bind(f.report)
                .bind(before_id)
                .bind(limit)
                .bind(window.unwrap_or(0))
                .persistent(false)
                .fetch_all(pool)
                .await
        }
    };
    if narrow {
        return run(None).await;
    }
    // Widening windows bound the cost for a term of middling frequency: one that
    // does not fill a page in the newest 50000 issues has few matches in all.
    for w in WINDOWS {
        let page = run(Some(w)).await?;
        // a full page, or no filter at all (every issue in the window is a match)
        let unfiltered = f.q.is_none()
            && f.category.is_none()
            && f.kind.is_none()
            && f.year.is_none()
            && f.from.is_none()
            && f.to.is_none()
            && f.region_codes.is_none();
        if page.len() as i64 >= limit || unfiltered {
            return Ok(page);
        }
    }
    run(None).await
}

/// Issue counts per category under a filter: from the maintained counts when the
/// filter allows, else counted directly.
pub async fn issue_category_counts(pool: &PgPool, f: &IssueFilter) -> Result<Vec<(String, i64)>, sqlx::Error> {
    if f.q.is_none() && f.report.is_none() && f.kind.is_none() {
        fold_stats(pool, Fold::Wait, FOLD_BATCH).await?;
    }
    if f.q.is_none() && f.report.is_none() && f.kind.is_none() && f.region_codes.is_none() {
        return sqlx::query_as::<_, (String, i64)>(
            "SELECT category, sum(n)::bigint FROM issue_year_stats
             WHERE n > 0 AND ($1::int IS NULL OR year = $1) AND ($2::int IS NULL OR year >= $2) AND ($3::int IS NULL OR year <= $3)
               AND ($4::text IS NULL OR category = $4)
             GROUP BY category",
        )
        .bind(f.year)
        .bind(f.from)
        .bind(f.to)
        .bind(&f.category)
        .persistent(false)
        .fetch_all(pool)
        .await;
    }
    if f.q.is_none() && f.report.is_none() && f.kind.is_none() {
        return sqlx::query_as::<_, (String, i64)>(
            "SELECT category, sum(n)::bigint FROM issue_stats
             WHERE n > 0 AND ($1::text[] IS NULL OR region_code = ANY($1))
               AND ($2::int IS NULL OR year = $2) AND ($3::int IS NULL OR year >= $3) AND ($4::int IS NULL OR year <= $4)
               AND ($5::text IS NULL OR category = $5)
             GROUP BY category",
        )
        .bind(&f.region_codes)
        .bind(f.year)
        .bind(f.from)
        .bind(f.to)
        .bind(&f.category)
        .persistent(false)
        .fetch_all(pool)
        .await;
    }
    sqlx::query_as::<_, (String, i64)>(&format!(
        "SELECT i.category, count(*) FROM issues i WHERE {ISSUE_WHERE} GROUP BY i.category"
    ))
    .bind(&f.region_codes)
    .bind(f.year)
    .bind(f.from)
    .bind(f.to)
    .bind(&f.category)
    .bind(f.kind)
    .bind(f.q.as_deref().map(grams))
    .bind(f.q.as_deref().map(like_pattern))
    .bind(f.report)
    .persistent(false)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
    pub parent_name: Option<String>,
    pub reports: i64,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// Regions that reports are about, with counts.
pub async fn regions_with_reports(pool: &PgPool) -> Result<Vec<RegionRow>, sqlx::Error> {
    sqlx::query_as::<_, RegionRow>(
        "SELECT g.code, g.name, g.level, g.parent_code, p.name AS parent_name, c.reports, c.first_year, c.last_year
         FROM (SELECT region_code, count(*) AS reports, min(year) AS first_year, max(year) AS last_year
               FROM reports WHERE region_code IS NOT NULL GROUP BY region_code) c
         JOIN regions g ON g.code = c.region_code
         LEFT JOIN regions p ON p.code = g.parent_code
         ORDER BY g.code",
    )
    .fetch_all(pool)
    .await
}

// ---------------------------------------------------------------- batches

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
    sqlx::query("INSERT INTO batches (id) VALUES ($1)").bind(id).execute(&mut *tx).await?;
    for (k, it) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO batch_items (batch_id, ordinal, filename, content_type, bytes, overrides, status, error)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(k as i32)
        .bind(&it.filename)
        .bind(&it.content_type)
        .bind(&it.bytes)
        .bind(&it.overrides)
        .bind(if it.failed.is_some() { BatchItemStatus::Failed } else { BatchItemStatus::Pending })
        .bind(&it.failed)
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
) -> Result<Option<(sqlx::Transaction<'static, Postgres>, PendingItem)>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let item = sqlx::query_as::<_, PendingItem>(
        "SELECT id, filename, content_type, bytes, overrides FROM batch_items WHERE status = 'pending'
         ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1",
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
    mut tx: sqlx::Transaction<'static, Postgres>,
    id: i64,
    status: BatchItemStatus,
    report_id: Option<Uuid>,
    error: Option<Json>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE batch_items SET status = $2, report_id = $3, error = $4, bytes = NULL, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(report_id)
        .bind(error)
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
    let created: Option<DateTime<Utc>> =
        sqlx::query_scalar("SELECT created_at FROM batches WHERE id = $1").bind(id).fetch_optional(pool).await?;
    let Some(created) = created else { return Ok(None) };
    let items = sqlx::query_as::<_, BatchItemRow>(
        "SELECT ordinal, filename, status, report_id, error FROM batch_items WHERE batch_id = $1 ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(Some((created, items)))
}

/// Reports parsed by an older parser, oldest first.
pub async fn reports_below_version(pool: &PgPool, version: i32, limit: i64) -> Result<(Vec<Uuid>, i64), sqlx::Error> {
    let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM reports WHERE parser_version < $1 ORDER BY seq LIMIT $2")
        .bind(version)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM reports WHERE parser_version < $1")
        .bind(version)
        .fetch_one(pool)
        .await?;
    Ok((ids, total))
}
