//! Corrections (migrations/0009): an analyst's changes to an extraction, recorded
//! apart from it in `corrections` and applied to the extraction rows in the
//! transaction that records them. A re-parse writes new rows; `reapply` then
//! applies every correction of the report again, to the row found at its anchor
//! (the span of text it was made on): at the same offsets, else where the same
//! text is nearest in the new text, else the correction is marked orphaned.
//!
//! A correction's `changes` is `{"field": {"before": …, "after": …}}`; the
//! "after" values are what is applied (`after_of`), now and after a re-parse.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value as Json};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::locks::lock_and_unmark;
use super::summaries::adjust_stats;

/// What a correction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Observation,
    Issue,
    Plan,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Observation => "observation",
            Target::Issue => "issue",
            Target::Plan => "plan",
        }
    }
    fn parse(s: &str) -> Target {
        match s {
            "issue" => Target::Issue,
            "plan" => Target::Plan,
            _ => Target::Observation,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CorrectionRow {
    pub id: i64,
    pub report_id: Uuid,
    pub target_kind: String,
    pub target_id: Option<i64>,
    pub action: String,
    pub anchor_start: i32,
    pub anchor_end: i32,
    pub anchor_text: String,
    pub changes: Json,
    pub actor: String,
    pub created_at: DateTime<Utc>,
    pub status: String,
}

/// How a correction request ended.
pub enum Corrected {
    Done(Box<CorrectionRow>),
    /// No such observation, issue, plan or report.
    NoTarget,
    /// The change contradicts the row's state (it is rejected; a figure is already there).
    Conflict(String),
    /// A span outside the report's text, or empty.
    BadSpan(String),
}

type Tx<'c> = Transaction<'c, Postgres>;

/// The "after" value of every field of a correction's changes.
fn after_of(changes: &Json) -> Map<String, Json> {
    let mut out = Map::new();
    if let Some(m) = changes.as_object() {
        for (k, v) in m {
            out.insert(k.clone(), v.get("after").cloned().unwrap_or(Json::Null));
        }
    }
    out
}

/// `{"field": {"before": current[field], "after": after[field]}}`.
fn changes_of(current: &Json, after: &Map<String, Json>) -> Json {
    let mut out = Map::new();
    for (k, v) in after {
        let before = current.get(k).cloned().unwrap_or(Json::Null);
        out.insert(k.clone(), serde_json::json!({"before": before, "after": v}));
    }
    Json::Object(out)
}

fn action_of(after: &Map<String, Json>) -> &'static str {
    if after.get("rejected") == Some(&Json::Bool(true)) {
        "reject"
    } else {
        "edit"
    }
}

/// Lock the report and take its rows out of the summaries while they change;
/// false when there is no such report. `end_change` queues it to be counted again.
async fn begin_change(tx: &mut Tx<'_>, report: Uuid) -> Result<bool, sqlx::Error> {
    let Some(counted) = lock_and_unmark(tx, report).await? else {
        return Ok(false);
    };
    if counted {
        adjust_stats(tx, &[report], -1).await?;
    }
    Ok(true)
}

async fn end_change(tx: &mut Tx<'_>, report: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT INTO stats_pending (report_id) VALUES ($1) ON CONFLICT DO NOTHING", report)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

struct NewCorrection<'a> {
    report: Uuid,
    target: Target,
    target_id: i64,
    action: &'a str,
    anchor: (i32, i32),
    anchor_text: &'a str,
    changes: Json,
    actor: &'a str,
}

async fn record(tx: &mut Tx<'_>, c: NewCorrection<'_>) -> Result<CorrectionRow, sqlx::Error> {
    sqlx::query_as!(
        CorrectionRow,
        "INSERT INTO corrections (report_id, target_kind, target_id, action, anchor_start, anchor_end, anchor_text,
             changes, actor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, report_id, target_kind, target_id, action, anchor_start, anchor_end, anchor_text, changes, actor,
             created_at, status",
        c.report,
        c.target.as_str(),
        c.target_id,
        c.action,
        c.anchor.0,
        c.anchor.1,
        c.anchor_text,
        c.changes,
        c.actor
    )
    .fetch_one(&mut **tx)
    .await
}

/// Apply "after" values to an observation (also after a re-parse).
async fn apply_observation(tx: &mut Tx<'_>, id: i64, after: &Map<String, Json>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE observations SET
             name = CASE WHEN $2::jsonb ? 'name' THEN $2->>'name' ELSE name END,
             value = CASE WHEN $2 ? 'value' THEN ($2->>'value')::float8 ELSE value END,
             redacted = CASE WHEN $2 ? 'value' THEN false ELSE redacted END,
             unit = CASE WHEN $2 ? 'unit' THEN $2->>'unit' ELSE unit END,
             kind = CASE WHEN $2 ? 'kind' THEN $2->>'kind' ELSE kind END,
             year = CASE WHEN $2 ? 'year' THEN ($2->>'year')::int ELSE year END,
             year_basis = CASE WHEN $2 ? 'year' THEN 'corrected' ELSE year_basis END,
             indicator_key = CASE WHEN $2 ? 'indicator_key' THEN $2->>'indicator_key' ELSE indicator_key END,
             key_basis = CASE WHEN $2 ? 'indicator_key' THEN 'corrected' ELSE key_basis END,
             suspect = CASE WHEN $2 ? 'value' OR $2 ? 'year' OR $2 ? 'kind' THEN NULL ELSE suspect END,
             rejected = CASE WHEN $2 ? 'rejected' THEN ($2->>'rejected')::bool ELSE rejected END,
             corrected = true
         WHERE id = $1",
        id,
        Json::Object(after.clone())
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Apply "after" values to an issue or a plan: its span (and so its text), category, rejection.
async fn apply_item(
    tx: &mut Tx<'_>,
    target: Target,
    id: i64,
    after: &Map<String, Json>,
    text: &[char],
) -> Result<(), sqlx::Error> {
    let int = |k: &str| after.get(k).and_then(Json::as_i64).map(|v| v as i32);
    let (start, end) = (int("start"), int("end"));
    let span_text: Option<String> = match (start, end) {
        (Some(s), Some(e)) if 0 <= s && s < e && e as usize <= text.len() => {
            Some(text[s as usize..e as usize].iter().collect())
        }
        _ => None,
    };
    let category = after.get("category").and_then(Json::as_str);
    let rejected = after.get("rejected").and_then(Json::as_bool);
    if target == Target::Issue {
        let grams = span_text.as_deref().map(crate::grams::grams);
        sqlx::query!(
            "UPDATE issues SET start_offset = coalesce($2, start_offset), end_offset = coalesce($3, end_offset),
                 text = coalesce($4, text), grams = coalesce($5, grams), category = coalesce($6, category),
                 rejected = coalesce($7, rejected), corrected = true
             WHERE id = $1",
            id,
            start,
            end,
            span_text,
            grams.as_deref(),
            category,
            rejected
        )
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query!(
            "UPDATE plans SET start_offset = coalesce($2, start_offset), end_offset = coalesce($3, end_offset),
                 text = coalesce($4, text), rejected = coalesce($5, rejected), corrected = true
             WHERE id = $1",
            id,
            start,
            end,
            span_text,
            rejected
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Correct an observation: `after` holds the new values (name, value, unit, kind,
/// year, indicator_key, rejected), already checked by the caller.
pub async fn correct_observation(
    pool: &PgPool,
    id: i64,
    after: &Map<String, Json>,
    actor: &str,
) -> Result<Corrected, sqlx::Error> {
    let Some(report) =
        sqlx::query_scalar!("SELECT report_id FROM observations WHERE id = $1", id).fetch_optional(pool).await?
    else {
        return Ok(Corrected::NoTarget);
    };
    let mut tx = pool.begin().await?;
    if !begin_change(&mut tx, report).await? {
        return Ok(Corrected::NoTarget);
    }
    let Some(row) = sqlx::query!(
        "SELECT o.rejected, o.ev_start, o.ev_end,
                substring(r.text from o.ev_start + 1 for o.ev_end - o.ev_start) AS \"anchor!\",
                jsonb_build_object('name', o.name, 'value', o.value, 'unit', o.unit, 'kind', o.kind, 'year', o.year,
                    'indicator_key', o.indicator_key, 'rejected', o.rejected) AS \"fields!\"
         FROM observations o JOIN reports r ON r.id = o.report_id WHERE o.id = $1 FOR UPDATE OF o",
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Corrected::NoTarget);
    };
    if row.rejected && !(after.len() == 1 && after.get("rejected") == Some(&Json::Bool(false))) {
        return Ok(Corrected::Conflict(format!(
            "observation {id} is rejected: restore it first ({{\"reject\": false}})"
        )));
    }
    apply_observation(&mut tx, id, after).await?;
    let c = NewCorrection {
        report,
        target: Target::Observation,
        target_id: id,
        action: action_of(after),
        anchor: (row.ev_start, row.ev_end),
        anchor_text: &row.anchor,
        changes: changes_of(&row.fields, after),
        actor,
    };
    let done = record(&mut tx, c).await?;
    end_change(&mut tx, report).await?;
    tx.commit().await?;
    Ok(Corrected::Done(Box::new(done)))
}

/// The current state of an issue or a plan, locked, with the report's text.
struct ItemState {
    rejected: bool,
    start: i32,
    end: i32,
    fields: Json,
    text: String,
}

async fn item_state(tx: &mut Tx<'_>, target: Target, id: i64) -> Result<Option<ItemState>, sqlx::Error> {
    if target == Target::Issue {
        sqlx::query_as!(
            ItemState,
            "SELECT i.rejected, i.start_offset AS start, i.end_offset AS \"end\", r.text,
                    jsonb_build_object('start', i.start_offset, 'end', i.end_offset, 'category', i.category,
                        'rejected', i.rejected) AS \"fields!\"
             FROM issues i JOIN reports r ON r.id = i.report_id WHERE i.id = $1 FOR UPDATE OF i",
            id
        )
        .fetch_optional(&mut **tx)
        .await
    } else {
        sqlx::query_as!(
            ItemState,
            "SELECT p.rejected, p.start_offset AS start, p.end_offset AS \"end\", r.text,
                    jsonb_build_object('start', p.start_offset, 'end', p.end_offset, 'rejected', p.rejected) AS \"fields!\"
             FROM plans p JOIN reports r ON r.id = p.report_id WHERE p.id = $1 FOR UPDATE OF p",
            id
        )
        .fetch_optional(&mut **tx)
        .await
    }
}

async fn item_report(pool: &PgPool, target: Target, id: i64) -> Result<Option<Uuid>, sqlx::Error> {
    if target == Target::Issue {
        sqlx::query_scalar!("SELECT report_id FROM issues WHERE id = $1", id).fetch_optional(pool).await
    } else {
        sqlx::query_scalar!("SELECT report_id FROM plans WHERE id = $1", id).fetch_optional(pool).await
    }
}

/// Correct an issue or a plan: `after` holds any of start, end, category (issues),
/// rejected. A span change names both ends (the one not given is the current one).
pub async fn correct_item(
    pool: &PgPool,
    target: Target,
    id: i64,
    after: &Map<String, Json>,
    actor: &str,
) -> Result<Corrected, sqlx::Error> {
    let Some(report) = item_report(pool, target, id).await? else {
        return Ok(Corrected::NoTarget);
    };
    let mut tx = pool.begin().await?;
    if !begin_change(&mut tx, report).await? {
        return Ok(Corrected::NoTarget);
    }
    let Some(st) = item_state(&mut tx, target, id).await? else {
        return Ok(Corrected::NoTarget);
    };
    if st.rejected && !(after.len() == 1 && after.get("rejected") == Some(&Json::Bool(false))) {
        return Ok(Corrected::Conflict(format!("{} {id} is rejected: restore it first", target.as_str())));
    }
    let mut after = after.clone();
    let chars: Vec<char> = st.text.chars().collect();
    if after.contains_key("start") || after.contains_key("end") {
        let s = after.get("start").and_then(Json::as_i64).unwrap_or(i64::from(st.start));
        let e = after.get("end").and_then(Json::as_i64).unwrap_or(i64::from(st.end));
        if s < 0 || s >= e || e as usize > chars.len() {
            return Ok(Corrected::BadSpan(format!("span {s}..{e} is not inside the text (0..{})", chars.len())));
        }
        after.insert("start".into(), s.into());
        after.insert("end".into(), e.into());
    }
    apply_item(&mut tx, target, id, &after, &chars).await?;
    let anchor_text: String = chars[st.start as usize..(st.end as usize).min(chars.len())].iter().collect();
    let c = NewCorrection {
        report,
        target,
        target_id: id,
        action: action_of(&after),
        anchor: (st.start, st.end),
        anchor_text: &anchor_text,
        changes: changes_of(&st.fields, &after),
        actor,
    };
    let done = record(&mut tx, c).await?;
    end_change(&mut tx, report).await?;
    tx.commit().await?;
    Ok(Corrected::Done(Box::new(done)))
}

/// The sentence around a span: from after the previous full stop (or line) to the next.
fn sentence_of(chars: &[char], s: usize, e: usize) -> (usize, usize) {
    let stop = |c: &char| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n');
    let start = chars[..s].iter().rposition(stop).map_or(0, |p| p + 1);
    let end = chars[e..].iter().position(stop).map_or(chars.len(), |p| e + p + 1);
    let end = if end > e && chars[end - 1] == '\n' { end - 1 } else { end };
    (start, end)
}

/// Insert an observation an analyst added at span s..e with the "after" values.
async fn insert_observation(
    tx: &mut Tx<'_>,
    report: Uuid,
    (s, e): (usize, usize),
    after: &Map<String, Json>,
    chars: &[char],
) -> Result<i64, sqlx::Error> {
    let (ss, se) = sentence_of(chars, s, e);
    let raw: String = chars[s..e].iter().collect();
    let sentence: String = chars[ss..se].iter().collect();
    let str_of = |k: &str| after.get(k).and_then(Json::as_str).map(str::to_string);
    sqlx::query_scalar!(
        "INSERT INTO observations (report_id, report_seq, ordinal, name, indicator_key, value, unit, kind, year,
             year_basis, region_code, approximate, redacted, raw, section_kind, ev_start, ev_end, sentence_start,
             sentence_end, evidence, key_basis, corrected)
         SELECT r.id, r.seq, coalesce((SELECT max(ordinal) + 1 FROM observations WHERE report_id = r.id), 0),
             $2, $3, $4, $5, $6, coalesce($7, r.year), 'corrected', r.region_code, false, false, $8,
             coalesce((SELECT s.kind FROM sections s WHERE s.report_id = r.id AND s.start_offset <= $9
                       AND s.end_offset >= $10 ORDER BY s.start_offset DESC LIMIT 1), 'other'),
             $9, $10, $11, $12, $13, CASE WHEN $3::text IS NULL THEN NULL ELSE 'corrected' END, true
         FROM reports r WHERE r.id = $1
         RETURNING id",
        report,
        str_of("name").unwrap_or_default(),
        str_of("indicator_key"),
        after.get("value").and_then(Json::as_f64),
        str_of("unit").unwrap_or_default(),
        str_of("kind").unwrap_or_else(|| "value".into()),
        after.get("year").and_then(Json::as_i64).map(|y| y as i32),
        raw,
        s as i32,
        e as i32,
        ss as i32,
        se as i32,
        sentence
    )
    .fetch_one(&mut **tx)
    .await
}

/// The observation at exactly this span, if any (a rejected one only when asked:
/// a re-parse applies a restore to the row it rejected a moment before).
async fn observation_at(
    tx: &mut Tx<'_>,
    report: Uuid,
    (s, e): (i32, i32),
    include_rejected: bool,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM observations WHERE report_id = $1 AND ev_start = $2 AND ev_end = $3 AND (NOT rejected OR $4)
         ORDER BY rejected, ordinal LIMIT 1",
        report,
        s,
        e,
        include_rejected
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Add a figure the parser missed, read at span start..end of the report's text.
pub async fn add_observation(
    pool: &PgPool,
    report: Uuid,
    (start, end): (i32, i32),
    after: &Map<String, Json>,
    actor: &str,
) -> Result<Corrected, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !begin_change(&mut tx, report).await? {
        return Ok(Corrected::NoTarget);
    }
    let text = sqlx::query_scalar!("SELECT text FROM reports WHERE id = $1", report).fetch_one(&mut *tx).await?;
    let chars: Vec<char> = text.chars().collect();
    if start < 0 || start >= end || end as usize > chars.len() {
        return Ok(Corrected::BadSpan(format!("span {start}..{end} is not inside the text (0..{})", chars.len())));
    }
    if let Some(other) = observation_at(&mut tx, report, (start, end), false).await? {
        return Ok(Corrected::Conflict(format!("observation {other} is already read at {start}..{end}: correct it")));
    }
    let id = insert_observation(&mut tx, report, (start as usize, end as usize), after, &chars).await?;
    let anchor_text: String = chars[start as usize..end as usize].iter().collect();
    let c = NewCorrection {
        report,
        target: Target::Observation,
        target_id: id,
        action: "add",
        anchor: (start, end),
        anchor_text: &anchor_text,
        changes: changes_of(&Json::Null, after),
        actor,
    };
    let done = record(&mut tx, c).await?;
    end_change(&mut tx, report).await?;
    tx.commit().await?;
    Ok(Corrected::Done(Box::new(done)))
}

/// Every correction of a report, oldest first.
pub async fn report_corrections(pool: &PgPool, report: Uuid) -> Result<Vec<CorrectionRow>, sqlx::Error> {
    sqlx::query_as!(
        CorrectionRow,
        "SELECT id, report_id, target_kind, target_id, action, anchor_start, anchor_end, anchor_text, changes, actor,
             created_at, status
         FROM corrections WHERE report_id = $1 ORDER BY id",
        report
    )
    .fetch_all(pool)
    .await
}

/// Where an anchor is in a (new) text: at its old offsets if its characters are
/// still there, else the occurrence of its text nearest to them, else nowhere.
pub fn locate(text: &[char], start: usize, end: usize, anchor: &str) -> Option<(usize, usize)> {
    let a: Vec<char> = anchor.chars().collect();
    if a.is_empty() {
        return None;
    }
    if end <= text.len() && end >= start && text[start..end] == a[..] {
        return Some((start, end));
    }
    (0..=text.len().saturating_sub(a.len()))
        .filter(|&i| text[i..i + a.len()] == a[..])
        .min_by_key(|&i| i.abs_diff(start))
        .map(|i| (i, i + a.len()))
}

/// After a re-parse wrote new rows: apply every correction of the report again
/// (in the order they were made), each to the row at its anchor; a correction
/// whose anchor text is gone, or that finds no row there, is marked orphaned.
pub(super) async fn reapply(tx: &mut Tx<'_>, report: Uuid, text: &str) -> Result<(), sqlx::Error> {
    let all = sqlx::query!(
        "SELECT id, target_kind, action, anchor_start, anchor_end, anchor_text, changes
         FROM corrections WHERE report_id = $1 ORDER BY id",
        report
    )
    .fetch_all(&mut **tx)
    .await?;
    if all.is_empty() {
        return Ok(());
    }
    let chars: Vec<char> = text.chars().collect();
    for c in all {
        let at = locate(&chars, c.anchor_start.max(0) as usize, c.anchor_end.max(0) as usize, &c.anchor_text);
        let target = match at {
            Some(span) => {
                reapply_one(tx, report, Target::parse(&c.target_kind), &c.action, span, &c.changes, &chars).await?
            }
            None => None,
        };
        let (s, e) = at.map_or((None, None), |(s, e)| (Some(s as i32), Some(e as i32)));
        sqlx::query!(
            "UPDATE corrections SET target_id = $2, status = CASE WHEN $2::bigint IS NULL THEN 'orphaned' ELSE 'applied' END,
                 anchor_start = CASE WHEN $2 IS NULL THEN anchor_start ELSE coalesce($3, anchor_start) END,
                 anchor_end = CASE WHEN $2 IS NULL THEN anchor_end ELSE coalesce($4, anchor_end) END
             WHERE id = $1",
            c.id,
            target,
            s,
            e
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Apply one correction at its anchor's new place; the row it applied to.
async fn reapply_one(
    tx: &mut Tx<'_>,
    report: Uuid,
    target: Target,
    action: &str,
    (s, e): (usize, usize),
    changes: &Json,
    chars: &[char],
) -> Result<Option<i64>, sqlx::Error> {
    let mut after = after_of(changes);
    let (s32, e32) = (s as i32, e as i32);
    match target {
        Target::Observation => match observation_at(tx, report, (s32, e32), true).await? {
            Some(id) => {
                apply_observation(tx, id, &after).await?;
                Ok(Some(id))
            }
            None if action == "add" => Ok(Some(insert_observation(tx, report, (s, e), &after, chars).await?)),
            None => Ok(None),
        },
        Target::Issue | Target::Plan => {
            let id = if target == Target::Issue {
                sqlx::query_scalar!(
                    "SELECT id FROM issues WHERE report_id = $1 AND start_offset = $2 AND end_offset = $3 ORDER BY id LIMIT 1",
                    report,
                    s32,
                    e32
                )
                .fetch_optional(&mut **tx)
                .await?
            } else {
                sqlx::query_scalar!(
                    "SELECT id FROM plans WHERE report_id = $1 AND start_offset = $2 AND end_offset = $3 ORDER BY id LIMIT 1",
                    report,
                    s32,
                    e32
                )
                .fetch_optional(&mut **tx)
                .await?
            };
            let Some(id) = id else { return Ok(None) };
            // a moved span moves by as much as its anchor did
            let shift = s32 - changes_anchor_start(changes, s32);
            for k in ["start", "end"] {
                if let Some(v) = after.get(k).and_then(Json::as_i64) {
                    after.insert(k.into(), (v + i64::from(shift)).into());
                }
            }
            apply_item(tx, target, id, &after, chars).await?;
            Ok(Some(id))
        }
    }
}

/// The start the span had when the correction was made ("before" of start).
fn changes_anchor_start(changes: &Json, default: i32) -> i32 {
    changes.get("start").and_then(|c| c.get("before")).and_then(Json::as_i64).map_or(default, |v| v as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_found_in_place_then_nearest_else_nowhere() {
        let t: Vec<char> = "甲97.2%乙丙97.2%丁".chars().collect();
        assert_eq!(locate(&t, 1, 6, "97.2%"), Some((1, 6)));
        assert_eq!(locate(&t, 7, 12, "97.2%"), Some((8, 13)));
        assert_eq!(locate(&t, 0, 5, "97.2%"), Some((1, 6)));
        assert_eq!(locate(&t, 1, 6, "98%"), None);
    }

    #[test]
    fn sentences_end_at_full_stops() {
        let t: Vec<char> = "前句。参合率达到97.2%,好。后".chars().collect();
        assert_eq!(sentence_of(&t, 8, 13), (3, 16));
    }
}
