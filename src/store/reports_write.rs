//! Writing reports: an upload, a re-parse, a delete. The mapping from an
//! extraction to database rows is here and only here: `ExtractedColumns` (the
//! report's own columns) and `ExtractionRows` (its sections, issues, plans and
//! observations), both bound by `write_extraction!`.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value as Json;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::locks::lock_and_unmark;
use super::regions::upsert_regions;
use super::reports_read::{report_by_sha, ReportRow};
use super::summaries::adjust_stats;
use crate::extract::knowledge::Gazetteer;
use crate::extract::Extraction;

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

/// The statement that writes a report's extraction, in one round trip: `$rep` is
/// the CTE named `rep` that writes the report row (the INSERT of an upload or the
/// UPDATE of a re-parse) and returns its id, seq, region and year; the
/// data-modifying CTEs after it write the sections, issues, plans and observations
/// in bulk (UNNEST of one array per column) and put the report in the queue of
/// reports to count (stats_pending); `$tail` ends the statement.
///
/// Parameters: $1..=$18 the ExtractedColumns, $19 the report's id, $20..=$60 the
/// ExtractionRows (observations last, so that a new observation column is the
/// next number), then `$more` from $61. A macro because the query macros take
/// only literals: both statements share this text and these bindings.
macro_rules! write_extraction {
    ($rep:literal, $tail:literal, $cols:expr, $id:expr, $rows:expr $(, $more:expr)*) => {{
        let (c, r): (&ExtractedColumns, &ExtractionRows) = ($cols, $rows);
        sqlx::query!(
            "WITH rep AS (" + $rep + "),
             sec AS (
                INSERT INTO sections (report_id, idx, parent_idx, marker, ordinal, heading, kind, start_offset, end_offset)
                SELECT rep.id, u.* FROM rep,
                    UNNEST($20::int[], $21::int[], $22::text[], $23::int[], $24::text[], $25::text[], $26::int[], $27::int[]) u),
             iss AS (
                INSERT INTO issues (report_id, region_code, year, ordinal, kind, text, group_heading, category, start_offset,
                    end_offset, grams)
                SELECT rep.id, rep.region_code, rep.year, t.ordinal, t.kind, t.text, t.group_heading, t.category, t.s, t.e,
                    string_to_array(t.grams, E'\\x1f')
                FROM rep, UNNEST($28::int[], $29::text[], $30::text[], $31::text[], $32::text[], $33::int[], $34::int[],
                    $35::text[]) AS t(ordinal, kind, text, group_heading, category, s, e, grams)),
             pl AS (
                INSERT INTO plans (report_id, ordinal, text, group_heading, start_offset, end_offset)
                SELECT rep.id, u.* FROM rep, UNNEST($36::int[], $37::text[], $38::text[], $39::int[], $40::int[]) u),
             obs AS (
                INSERT INTO observations (report_id, report_seq, region_code, ordinal, name, indicator_key, value, unit, kind,
                    year, year_basis, approximate, redacted, comparator, raw, section_kind, ev_start, ev_end, sentence_start,
                    sentence_end, evidence, key_basis, suspect)
                SELECT rep.id, rep.seq, rep.region_code, u.* FROM rep,
                    UNNEST($41::int[], $42::text[], $43::text[], $44::float8[], $45::text[], $46::text[], $47::int[],
                        $48::text[], $49::bool[], $50::bool[], $51::text[], $52::text[], $53::text[], $54::int[], $55::int[],
                        $56::int[], $57::int[], $58::text[], $59::text[], $60::text[]) u),
             pending AS (INSERT INTO stats_pending (report_id) SELECT id FROM rep)"
                + $tail,
            c.format,
            c.encoding,
            c.text,
            c.title,
            c.doc_type,
            c.region_name,
            c.region_code,
            c.region_level,
            c.region_inferred,
            c.region_basis,
            c.year,
            c.year_basis,
            c.period_label,
            c.period_start,
            c.period_end,
            c.parser_version,
            c.body_start,
            c.body_end,
            $id,
            r.section_idx as _,
            r.section_parent as _,
            r.section_marker as _,
            r.section_ordinal as _,
            r.section_heading as _,
            r.section_kind as _,
            r.section_start as _,
            r.section_end as _,
            r.issue_ordinal as _,
            r.issue_kind as _,
            r.issue_text as _,
            r.issue_group as _,
            r.issue_category as _,
            r.issue_start as _,
            r.issue_end as _,
            r.issue_grams as _,
            r.plan_ordinal as _,
            r.plan_text as _,
            r.plan_group as _,
            r.plan_start as _,
            r.plan_end as _,
            r.obs_ordinal as _,
            r.obs_name as _,
            r.obs_key as _,
            r.obs_value as _,
            r.obs_unit as _,
            r.obs_kind as _,
            r.obs_year as _,
            r.obs_year_basis as _,
            r.obs_approximate as _,
            r.obs_redacted as _,
            r.obs_comparator as _,
            r.obs_raw as _,
            r.obs_section_kind as _,
            r.obs_ev_start as _,
            r.obs_ev_end as _,
            r.obs_sentence_start as _,
            r.obs_sentence_end as _,
            r.obs_evidence as _,
            r.obs_key_basis as _,
            r.obs_suspect as _,
            $($more),*
        )
    }};
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
    let cols = ExtractedColumns::of(ex, region_code.as_deref());
    // One statement (so one transaction, one round trip): the report row, its
    // original bytes and its whole extraction. A duplicate makes `rep` empty, and
    // then nothing else is written either.
    let row = write_extraction!(
        "INSERT INTO reports (format, encoding, text, title, doc_type, region_name, region_code, region_level,
             region_inferred, region_basis, year, year_basis, period_label, period_start, period_end, parser_version,
             body_start, body_end, id, sha256, filename, content_type, byte_size, overrides)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $61, $62, $63, $64, $65)
         ON CONFLICT (sha256) DO NOTHING
         RETURNING id, seq, region_code, year, created_at",
        ",
         orig AS (INSERT INTO report_originals (report_id, bytes) SELECT id, $66 FROM rep)
         SELECT seq AS \"seq!\", created_at AS \"created_at!\" FROM rep",
        &cols,
        id,
        &ExtractionRows::of(ex),
        up.sha256,
        up.filename,
        up.content_type,
        up.bytes.len() as i64,
        &up.overrides,
        up.bytes
    )
    .fetch_optional(pool)
    .await?;
    if let Some(row) = row {
        return Ok(Stored::Created(Box::new(created_row(id, row.seq, row.created_at, up, ex, &cols))));
    }
    let existing = report_by_sha(pool, up.sha256).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok(Stored::Existing(existing))
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
    let cols = ExtractedColumns::of(ex, region_code.as_deref());
    write_extraction!(
        "UPDATE reports SET format = $1, encoding = $2, text = $3, title = $4, doc_type = $5, region_name = $6,
             region_code = $7, region_level = $8, region_inferred = $9, region_basis = $10, year = $11, year_basis = $12,
             period_label = $13, period_start = $14, period_end = $15, parser_version = $16, body_start = $17,
             body_end = $18, updated_at = now()
         WHERE id = $19
         RETURNING id, seq, region_code, year",
        " SELECT seq FROM rep",
        &cols,
        id,
        &ExtractionRows::of(ex)
    )
    .fetch_optional(&mut *tx)
    .await?;
    // the analyst's corrections, applied again to the new rows (store/corrections.rs)
    super::corrections::reapply(&mut tx, id, cols.text).await?;
    tx.commit().await?;
    Ok(true)
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
    sqlx::query!("DELETE FROM reports WHERE id = $1", id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Delete a report's sections, observations, issues and plans. They have no
/// foreign key to reports (migrations/0005), so this is how they go.
async fn delete_extraction(tx: &mut Transaction<'_, Postgres>, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "WITH s AS (DELETE FROM sections WHERE report_id = $1),
              o AS (DELETE FROM observations WHERE report_id = $1),
              i AS (DELETE FROM issues WHERE report_id = $1)
         DELETE FROM plans WHERE report_id = $1",
        id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
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

/// The reports columns an extraction sets (an upload writes them, a re-parse
/// replaces them), derived once: bound to the upload's INSERT or the re-parse's
/// UPDATE, and read back into the reply.
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
        let date = |d: &Option<String>| d.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
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
            period_start: period.and_then(|p| date(&p.start)),
            period_end: period.and_then(|p| date(&p.end)),
            parser_version: ex.parser_version,
            body_start: ex.body.start as i32,
            body_end: ex.body.end as i32,
        }
    }
}

/// An extraction's child rows as one array per column (UNNEST in write_extraction!).
struct ExtractionRows<'a> {
    section_idx: Vec<i32>,
    section_parent: Vec<Option<i32>>,
    section_marker: Vec<&'a str>,
    section_ordinal: Vec<i32>,
    section_heading: Vec<&'a str>,
    section_kind: Vec<&'static str>,
    section_start: Vec<i32>,
    section_end: Vec<i32>,
    issue_ordinal: Vec<i32>,
    issue_kind: Vec<&'static str>,
    issue_text: Vec<&'a str>,
    issue_group: Vec<Option<&'a str>>,
    issue_category: Vec<&'a str>,
    issue_start: Vec<i32>,
    issue_end: Vec<i32>,
    /// Each issue's search grams, joined by U+001F (split again in SQL).
    issue_grams: Vec<String>,
    plan_ordinal: Vec<i32>,
    plan_text: Vec<&'a str>,
    plan_group: Vec<Option<&'a str>>,
    plan_start: Vec<i32>,
    plan_end: Vec<i32>,
    obs_ordinal: Vec<i32>,
    obs_name: Vec<&'a str>,
    obs_key: Vec<Option<&'a str>>,
    obs_value: Vec<Option<f64>>,
    obs_unit: Vec<&'a str>,
    obs_kind: Vec<&'static str>,
    obs_year: Vec<Option<i32>>,
    obs_year_basis: Vec<&'a str>,
    obs_approximate: Vec<bool>,
    obs_redacted: Vec<bool>,
    obs_comparator: Vec<Option<&'a str>>,
    obs_raw: Vec<&'a str>,
    obs_section_kind: Vec<&'static str>,
    obs_ev_start: Vec<i32>,
    obs_ev_end: Vec<i32>,
    obs_sentence_start: Vec<i32>,
    obs_sentence_end: Vec<i32>,
    obs_evidence: Vec<&'a str>,
    obs_key_basis: Vec<Option<&'a str>>,
    obs_suspect: Vec<Option<&'a str>>,
}

impl<'a> ExtractionRows<'a> {
    fn of(ex: &'a Extraction) -> Self {
        fn col<'a, T, U>(xs: &'a [T], f: impl Fn(&'a T) -> U) -> Vec<U> {
            xs.iter().map(f).collect()
        }
        let (s, o, i, p) = (&ex.sections, &ex.indicators, &ex.issues, &ex.plans);
        ExtractionRows {
            section_idx: col(s, |x| x.index as i32),
            section_parent: col(s, |x| x.parent.map(|p| p as i32)),
            section_marker: col(s, |x| x.marker.as_str()),
            section_ordinal: col(s, |x| x.ordinal as i32),
            section_heading: col(s, |x| x.heading.as_str()),
            section_kind: col(s, |x| x.kind.as_str()),
            section_start: col(s, |x| x.start as i32),
            section_end: col(s, |x| x.end as i32),
            issue_ordinal: col(i, |x| x.ordinal as i32),
            issue_kind: col(i, |x| x.kind.as_str()),
            issue_text: col(i, |x| x.text.as_str()),
            issue_group: col(i, |x| x.group.as_deref()),
            issue_category: col(i, |x| x.category.as_deref().unwrap_or("其他")),
            issue_start: col(i, |x| x.evidence.start as i32),
            issue_end: col(i, |x| x.evidence.end as i32),
            issue_grams: col(i, |x| crate::grams::grams(&x.text).join("\u{1f}")),
            plan_ordinal: col(p, |x| x.ordinal as i32),
            plan_text: col(p, |x| x.text.as_str()),
            plan_group: col(p, |x| x.group.as_deref()),
            plan_start: col(p, |x| x.evidence.start as i32),
            plan_end: col(p, |x| x.evidence.end as i32),
            obs_ordinal: (0..o.len() as i32).collect(),
            obs_name: col(o, |x| x.name.as_str()),
            obs_key: col(o, |x| x.indicator_key.as_deref()),
            obs_value: col(o, |x| x.value),
            obs_unit: col(o, |x| x.unit.as_str()),
            obs_kind: col(o, |x| x.kind.as_str()),
            obs_year: col(o, |x| x.year),
            obs_year_basis: col(o, |x| x.year_basis.as_str()),
            obs_approximate: col(o, |x| x.approximate),
            obs_redacted: col(o, |x| x.redacted),
            obs_comparator: col(o, |x| x.comparator.as_deref()),
            obs_raw: col(o, |x| x.raw.as_str()),
            obs_section_kind: col(o, |x| x.section_kind.as_str()),
            obs_ev_start: col(o, |x| x.evidence.start as i32),
            obs_ev_end: col(o, |x| x.evidence.end as i32),
            obs_sentence_start: col(o, |x| x.evidence.sentence_start as i32),
            obs_sentence_end: col(o, |x| x.evidence.sentence_end as i32),
            obs_evidence: col(o, |x| x.evidence.text.as_str()),
            obs_key_basis: col(o, |x| x.key_basis.as_deref()),
            obs_suspect: col(o, |x| x.suspect.as_deref()),
        }
    }
}
