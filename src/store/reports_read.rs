//! Reading reports and what was extracted from each.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value as Json;
use sqlx::postgres::PgRow;
use sqlx::PgPool;
use uuid::Uuid;

use super::filter::Filtered;
use crate::kinds::{IndicatorKind, SectionKind};

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

/// `$then!("SELECT <the columns of a ReportRow> FROM reports r")`: the one copy of
/// that text, for the checked query by id (the query macros take only literals)
/// and, through `concat!`, for the filtered list.
macro_rules! with_report_select {
    ($then:ident) => {
        $then!(
            "SELECT r.id, r.seq, r.sha256, r.created_at, r.updated_at, r.filename, r.content_type, r.format, r.encoding,
                r.byte_size, r.title, r.doc_type, r.region_name, r.region_code, r.region_level, r.region_inferred,
                r.region_basis, r.year, r.year_basis, r.period_label, r.period_start, r.period_end, r.overrides,
                r.parser_version,
                (SELECT count(*) FROM observations o WHERE o.report_id = r.id AND NOT o.rejected) AS \"n_indicators!\",
                (SELECT count(*) FROM issues i WHERE i.report_id = r.id AND NOT i.rejected) AS \"n_issues!\",
                (SELECT count(*) FROM plans p WHERE p.report_id = r.id AND NOT p.rejected) AS \"n_plans!\",
                (SELECT count(*) FROM sections s WHERE s.report_id = r.id) AS \"n_sections!\"
             FROM reports r"
        )
    };
}

pub async fn get_report(pool: &PgPool, id: Uuid) -> Result<Option<ReportRow>, sqlx::Error> {
    macro_rules! by_id {
        ($select:literal) => {
            sqlx::query_as!(ReportRow, $select + " WHERE r.id = $1", id)
        };
    }
    with_report_select!(by_id).fetch_optional(pool).await
}

pub struct ReportFilter {
    /// Region codes (a region and, when asked, the regions inside it).
    pub region_codes: Option<Vec<String>>,
    pub year: Option<i32>,
    /// The genre (工作总结 …).
    pub doc_type: Option<String>,
    /// Reports made by this parser version.
    pub parser_version: Option<i32>,
    pub before_seq: Option<i64>,
    pub limit: i64,
}

pub async fn list_reports(pool: &PgPool, f: &ReportFilter) -> Result<Vec<ReportRow>, sqlx::Error> {
    // the column aliases' "!" is for the checked query; as SQL it is part of the name
    const SELECT: &str = with_report_select!(concat);
    let select = SELECT.replace("!\"", "\"");
    let mut q = Filtered::new(&select);
    q.and_opt("r.region_code = ANY({})", f.region_codes.as_ref())
        .and_opt("r.year = {}", f.year)
        .and_opt("r.doc_type = {}", f.doc_type.as_deref())
        .and_opt("r.parser_version = {}", f.parser_version)
        .and_opt("r.seq < {}", f.before_seq)
        .push_bind(" ORDER BY r.seq DESC LIMIT {}", f.limit);
    q.query_as::<ReportRow>().fetch_all(pool).await
}

pub async fn report_text(pool: &PgPool, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT text FROM reports WHERE id = $1", id).fetch_optional(pool).await
}

pub struct Original {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub overrides: Json,
}

pub async fn report_original(pool: &PgPool, id: Uuid) -> Result<Option<Original>, sqlx::Error> {
    sqlx::query_as!(
        Original,
        "SELECT o.bytes, r.filename, r.content_type, r.overrides
         FROM reports r JOIN report_originals o ON o.report_id = r.id WHERE r.id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

pub async fn report_exists(pool: &PgPool, id: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!("SELECT EXISTS (SELECT 1 FROM reports WHERE id = $1) AS \"exists!\"", id).fetch_one(pool).await
}

pub async fn report_by_sha(pool: &PgPool, sha256: &[u8]) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM reports WHERE sha256 = $1", sha256).fetch_optional(pool).await
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
    include_rejected: bool,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
{
    let mut q = Filtered::new(
        "SELECT id, report_id, ordinal, name, indicator_key, value, unit, kind, year, year_basis, approximate, redacted,
                comparator, raw, section_kind, ev_start, ev_end, sentence_start, sentence_end, evidence, key_basis, suspect,
                corrected, rejected
         FROM observations",
    );
    q.and_bind("report_id = {}", id)
        .and_bind("ordinal > {}", after)
        .and_opt("kind = {}", kind)
        .and_opt("indicator_key = {}", key);
    if !include_rejected {
        q.and("NOT rejected");
    }
    q.push_bind(" ORDER BY ordinal LIMIT {}", limit);
    q.query_as::<T>().fetch_all(pool).await
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
    pub corrected: bool,
    pub rejected: bool,
}

/// A report's issues after `after` (an id); rejected ones only when asked.
pub async fn report_issues(
    pool: &PgPool,
    id: Uuid,
    after: i64,
    limit: i64,
    include_rejected: bool,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as!(
        ItemRow,
        "SELECT id, report_id, ordinal, kind AS \"kind: SectionKind\", text, group_heading, category AS \"category?\",
                start_offset, end_offset, corrected, rejected
         FROM issues WHERE report_id = $1 AND id > $2 AND (NOT rejected OR $4) ORDER BY id LIMIT $3",
        id,
        after,
        limit,
        include_rejected
    )
    .fetch_all(pool)
    .await
}

pub async fn report_plans(
    pool: &PgPool,
    id: Uuid,
    after: i64,
    limit: i64,
    include_rejected: bool,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as!(
        ItemRow,
        "SELECT id, report_id, ordinal, 'plans' AS \"kind!: SectionKind\", text, group_heading,
                NULL::text AS \"category?\", start_offset, end_offset, corrected, rejected
         FROM plans WHERE report_id = $1 AND id > $2 AND (NOT rejected OR $4) ORDER BY id LIMIT $3",
        id,
        after,
        limit,
        include_rejected
    )
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
    sqlx::query_as!(
        SectionRow,
        "SELECT idx, parent_idx, marker, ordinal, heading, kind AS \"kind: SectionKind\", start_offset, end_offset
         FROM sections WHERE report_id = $1 ORDER BY idx",
        id
    )
    .fetch_all(pool)
    .await
}

/// Reports parsed by an older parser, oldest first, and how many there are.
pub async fn reports_below_version(pool: &PgPool, version: i32, limit: i64) -> Result<(Vec<Uuid>, i64), sqlx::Error> {
    let ids =
        sqlx::query_scalar!("SELECT id FROM reports WHERE parser_version < $1 ORDER BY seq LIMIT $2", version, limit)
            .fetch_all(pool)
            .await?;
    let total = sqlx::query_scalar!("SELECT count(*) AS \"n!\" FROM reports WHERE parser_version < $1", version)
        .fetch_one(pool)
        .await?;
    Ok((ids, total))
}
