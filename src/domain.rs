//! What the API returns: views built from stored rows, and the small types
//! that parse request parameters (a cursor, a year, a limit) rather than
//! validate them later.

use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::kinds::{IndicatorKind, SectionKind};
use crate::problem::Problem;
use crate::store::{CorrectionRow, ItemRow, ReportRow, SectionRow};

/// The region a report covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"name": "杭州市", "code": "330100", "level": "prefecture", "inferred": false, "basis": "named in the title"}))]
pub struct RegionView {
    /// Full official name.
    pub name: String,
    /// GB/T 2260 code; null for a name given at upload that the gazetteer does not know.
    pub code: Option<String>,
    /// province, prefecture, county or township.
    pub level: Option<String>,
    /// True when the text never names the region and it was inferred from the place names it mentions.
    pub inferred: bool,
    /// How the region was found.
    pub basis: Option<String>,
}

/// The period a report covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"label": "2018年上半年", "year": 2018, "start": "2018-01-01", "end": "2018-06-30", "basis": "title"}))]
pub struct PeriodView {
    /// The period as written (2007年, 2018年上半年).
    pub label: Option<String>,
    pub year: Option<i32>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// How the year was found: title, opening sentence, latest year the text reports on, given at upload.
    pub basis: Option<String>,
}

/// Where the report came from.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"filename": "002_fe67da7e5e765ee9.txt", "content_type": "text/plain", "format": "text", "encoding": "UTF-8", "sha256": "9f2c…", "bytes": 16266}))]
pub struct SourceView {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    /// text, html, docx or pdf.
    pub format: String,
    /// The encoding found (UTF-8, GB18030, UTF-16LE (BOM) …).
    pub encoding: String,
    /// Hex SHA-256 of the uploaded bytes; the same bytes are one report.
    pub sha256: String,
    /// Size of the upload in bytes.
    pub bytes: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountsView {
    pub indicators: i64,
    pub issues: i64,
    pub plans: i64,
    pub sections: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportLinks {
    #[serde(rename = "self")]
    pub self_: String,
    pub text: String,
    pub original: String,
    pub indicators: String,
    pub issues: String,
    pub plans: String,
    pub sections: String,
}

/// One uploaded report and what was read from it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e", "title": "2007年杭州市医改工作总结", "doc_type": "工作总结",
    "region": {"name": "杭州市", "code": "330100", "level": "prefecture", "inferred": false, "basis": "named in the title"},
    "period": {"label": "2007年", "year": 2007, "start": "2007-01-01", "end": "2007-12-31", "basis": "title"},
    "source": {"filename": "hangzhou-2007.txt", "content_type": "text/plain", "format": "text", "encoding": "UTF-8", "sha256": "9f2c…", "bytes": 16266},
    "parser_version": 2, "created_at": "2026-11-23T09:00:00Z", "updated_at": "2026-11-23T09:00:00Z", "overrides": {},
    "counts": {"indicators": 95, "issues": 0, "plans": 0, "sections": 58},
    "links": {"self": "/v1/reports/0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e", "text": "/v1/reports/0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e/text"}
}))]
pub struct ReportView {
    pub id: Uuid,
    /// The report's own title, without site names or file suffixes.
    pub title: Option<String>,
    /// The genre word the title uses: 工作总结, 情况报告, 情况汇报 …
    pub doc_type: Option<String>,
    pub region: Option<RegionView>,
    pub period: Option<PeriodView>,
    pub source: SourceView,
    /// Version of the parser that produced the stored extraction.
    pub parser_version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Values given at upload that override extraction (title, region, year, doc_type).
    #[schema(value_type = Object)]
    pub overrides: serde_json::Value,
    pub counts: CountsView,
    pub links: ReportLinks,
}

impl From<ReportRow> for ReportView {
    fn from(r: ReportRow) -> ReportView {
        let base = format!("/v1/reports/{}", r.id);
        ReportView {
            id: r.id,
            title: r.title,
            doc_type: r.doc_type,
            region: r.region_name.map(|name| RegionView {
                name,
                code: r.region_code,
                level: r.region_level,
                inferred: r.region_inferred,
                basis: r.region_basis,
            }),
            period: (r.year.is_some() || r.period_label.is_some()).then_some(PeriodView {
                label: r.period_label,
                year: r.year,
                start: r.period_start,
                end: r.period_end,
                basis: r.year_basis,
            }),
            source: SourceView {
                filename: r.filename,
                content_type: r.content_type,
                format: r.format,
                encoding: r.encoding,
                sha256: hex::encode(&r.sha256),
                bytes: r.byte_size,
            },
            parser_version: r.parser_version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            overrides: r.overrides,
            counts: CountsView {
                indicators: r.n_indicators,
                issues: r.n_issues,
                plans: r.n_plans,
                sections: r.n_sections,
            },
            links: ReportLinks {
                text: format!("{base}/text"),
                original: format!("{base}/original"),
                indicators: format!("{base}/indicators"),
                issues: format!("{base}/issues"),
                plans: format!("{base}/plans"),
                sections: format!("{base}/sections"),
                self_: base,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportList {
    pub items: Vec<ReportView>,
    /// Pass as `cursor` to get the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Where a value or item was read: offsets are characters (Unicode scalar
/// values) into the report's extracted text, `GET /v1/reports/{id}/text`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"text": "全市参合农民达到369.7万人,农民参合率达到97.2%,实现了乡村全覆盖,…", "start": 5301, "end": 5306, "sentence_start": 5264, "sentence_end": 5360}))]
pub struct EvidenceView {
    /// The sentence the value was read from (noise removed).
    pub text: String,
    /// Offsets of the quantity itself.
    pub start: i32,
    pub end: i32,
    /// Offsets of the whole sentence.
    pub sentence_start: i32,
    pub sentence_end: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"year": 2006, "label": "2006年", "basis": "comparison"}))]
pub struct ObservationPeriod {
    /// The year the value refers to (比2006年的14.85% → 2006); else the report's year.
    pub year: Option<i32>,
    pub label: Option<String>,
    /// explicit, comparison, context (a year stated earlier in the sentence) or report.
    pub basis: String,
}

/// One quantity read from a report.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1201, "report_id": "0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e", "name": "农民参合率", "indicator_key": "ncms_participation_rate",
    "value": 97.2, "unit": "%", "kind": "value", "period": {"year": 2007, "label": "2007年", "basis": "report"},
    "approximate": false, "redacted": false, "comparator": null, "raw": "97.2%", "section_kind": "other",
    "evidence": {"text": "全市参合农民达到369.7万人,农民参合率达到97.2%,实现了乡村全覆盖…", "start": 5301, "end": 5306, "sentence_start": 5264, "sentence_end": 5360}
}))]
pub struct IndicatorView {
    pub id: i64,
    pub report_id: Uuid,
    /// Position among the report's observations: where the next page starts, not shown.
    #[serde(skip)]
    pub ordinal: i32,
    /// What is measured, as a column header would say it.
    pub name: String,
    /// Catalogue key when the name is a known indicator (GET /v1/indicators).
    pub indicator_key: Option<String>,
    /// Why the figure has its key: the words of its name (or of the headings it sits under)
    /// that matched the catalogue entry ("synonym 参合率", "head 床位 with qualifier 医疗").
    pub key_basis: Option<String>,
    /// Why the figure may be wrong, if something stands out (a share over 100 %, a count with
    /// a fraction, a value of a year after the report's); series leave suspects out unless asked.
    pub suspect: Option<String>,
    /// Magnitude applied (1.58亿元 → 158000000); null when the document redacts the number (x%).
    pub value: Option<f64>,
    /// Base unit after removing the magnitude: %, ‰, 百分点, 元, 人, 人次, 个 …
    pub unit: String,
    /// value, change (decreases negative) or target.
    pub kind: IndicatorKind,
    pub period: ObservationPeriod,
    /// 约, 近, 左右, 余, 多, 以上 …
    pub approximate: bool,
    /// The document hides the number with a placeholder (x%, xx万元).
    pub redacted: bool,
    /// A bound rather than a value: 不少于, 以下 …
    pub comparator: Option<String>,
    /// The quantity exactly as written.
    pub raw: String,
    /// Kind of section it was found in: achievements, measures, problems, causes, plans, other.
    pub section_kind: SectionKind,
    pub evidence: EvidenceView,
    /// An analyst changed or added it (GET /v1/reports/{id}/corrections).
    pub corrected: bool,
    /// An analyst rejected it: left out of every read unless `include_rejected=true`.
    pub rejected: bool,
}

/// An observation as stored (the columns of `observations`), straight into its API shape.
impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for IndicatorView {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> Result<IndicatorView, sqlx::Error> {
        use sqlx::Row;
        let year: Option<i32> = row.try_get("year")?;
        Ok(IndicatorView {
            id: row.try_get("id")?,
            report_id: row.try_get("report_id")?,
            ordinal: row.try_get("ordinal")?,
            name: row.try_get("name")?,
            indicator_key: row.try_get("indicator_key")?,
            key_basis: row.try_get("key_basis")?,
            suspect: row.try_get("suspect")?,
            value: row.try_get("value")?,
            unit: row.try_get("unit")?,
            kind: row.try_get("kind")?,
            period: ObservationPeriod {
                year,
                label: year.map(|y| format!("{y}年")),
                basis: row.try_get("year_basis")?,
            },
            approximate: row.try_get("approximate")?,
            redacted: row.try_get("redacted")?,
            comparator: row.try_get("comparator")?,
            raw: row.try_get("raw")?,
            section_kind: row.try_get("section_kind")?,
            evidence: EvidenceView {
                text: row.try_get("evidence")?,
                start: row.try_get("ev_start")?,
                end: row.try_get("ev_end")?,
                sentence_start: row.try_get("sentence_start")?,
                sentence_end: row.try_get("sentence_end")?,
            },
            corrected: row.try_get("corrected")?,
            rejected: row.try_get("rejected")?,
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorList {
    pub items: Vec<IndicatorView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"start": 2710, "end": 2745}))]
pub struct SpanView {
    pub start: i32,
    pub end: i32,
}

/// An issue (a problem the report admits) or a plan (a next step).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 17, "report_id": "0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e", "ordinal": 2,
    "text": "卫生人才资源严重缺乏。执业(助理)医师数、注册护士数、公卫人员数、中医类医师数等指标均明显低于全省平均水平。",
    "kind": "problems", "group": "主要问题", "category": "人才队伍", "evidence": {"start": 2710, "end": 2765}
}))]
pub struct ItemView {
    pub id: i64,
    pub report_id: Uuid,
    /// The item's number in its list (一是 → 1).
    pub ordinal: i32,
    /// The item as written, without its list marker.
    pub text: String,
    /// problems or causes (issues); plans (plans).
    pub kind: SectionKind,
    /// The heading of the group the item sits under.
    pub group: Option<String>,
    /// Issue category (人才队伍, 财政投入, 信息化 …); null for plans.
    pub category: Option<String>,
    pub evidence: SpanView,
    /// An analyst changed it (GET /v1/reports/{id}/corrections).
    pub corrected: bool,
    /// An analyst rejected it: left out of every read unless `include_rejected=true`.
    pub rejected: bool,
}

impl From<ItemRow> for ItemView {
    fn from(i: ItemRow) -> ItemView {
        ItemView {
            id: i.id,
            report_id: i.report_id,
            ordinal: i.ordinal,
            text: i.text,
            kind: i.kind,
            group: i.group_heading,
            category: i.category,
            evidence: SpanView { start: i.start_offset, end: i.end_offset },
            corrected: i.corrected,
            rejected: i.rejected,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemList {
    pub items: Vec<ItemView>,
    pub next_cursor: Option<String>,
}

/// A node of the report's heading tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"index": 12, "parent": 11, "marker": "section", "ordinal": 1, "heading": "主要问题", "kind": "problems", "start": 2650, "end": 3400}))]
pub struct SectionView {
    pub index: i32,
    pub parent: Option<i32>,
    /// chapter (一、), section ((一)), numbered (1.), paren_numbered ((1)), circled (①), inline (一是),
    /// bare (a heading line), group (a restarted list whose heading was lost), implicit_plans.
    pub marker: String,
    pub ordinal: i32,
    pub heading: String,
    /// achievements, measures, problems, causes, plans or other.
    pub kind: SectionKind,
    pub start: i32,
    pub end: i32,
}

impl From<SectionRow> for SectionView {
    fn from(s: SectionRow) -> SectionView {
        SectionView {
            index: s.idx,
            parent: s.parent_idx,
            marker: s.marker,
            ordinal: s.ordinal,
            heading: s.heading,
            kind: s.kind,
            start: s.start_offset,
            end: s.end_offset,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SectionList {
    pub items: Vec<SectionView>,
}

/// Where a correction was made: a span of the report's text and its characters. A
/// re-parse finds it again there, or where the same characters are nearest.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"start": 3528, "end": 3533, "text": "97.2%"}))]
pub struct AnchorView {
    pub start: i32,
    pub end: i32,
    pub text: String,
}

/// What a correction is about: an observation, an issue or a plan, and its current id.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectionTarget {
    /// observation, issue or plan.
    pub kind: String,
    /// The row it applies to now (null while orphaned).
    pub id: Option<i64>,
}

/// One change an analyst made to a report's extraction.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "report_id": "0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e", "target": {"kind": "observation", "id": 1201},
    "action": "edit", "anchor": {"start": 3528, "end": 3533, "text": "97.2%"},
    "changes": {"value": {"before": 97.2, "after": 97.5}}, "actor": "analyst",
    "created_at": "2026-12-02T01:00:00Z", "status": "applied"
}))]
pub struct CorrectionView {
    pub id: i64,
    pub report_id: Uuid,
    pub target: CorrectionTarget,
    /// edit, reject or add.
    pub action: String,
    pub anchor: AnchorView,
    /// Each field changed, with its value before and after.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// The name of the API key that made it; "anonymous" when the service has no keys.
    pub actor: String,
    pub created_at: DateTime<Utc>,
    /// applied, or orphaned: after a re-parse its anchor text was nowhere in the new text.
    pub status: String,
}

impl From<CorrectionRow> for CorrectionView {
    fn from(c: CorrectionRow) -> CorrectionView {
        CorrectionView {
            id: c.id,
            report_id: c.report_id,
            target: CorrectionTarget { kind: c.target_kind, id: c.target_id },
            action: c.action,
            anchor: AnchorView { start: c.anchor_start, end: c.anchor_end, text: c.anchor_text },
            changes: c.changes,
            actor: c.actor,
            created_at: c.created_at,
            status: c.status,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrectionList {
    pub items: Vec<CorrectionView>,
}

// ---------------------------------------------------------------- parameters

/// An opaque paging cursor: base64 of a position in a listing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cursor(pub i64);

impl Cursor {
    pub fn parse(s: &str) -> Result<Cursor, Problem> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.trim())
            .map_err(|_| Problem::bad_request("cursor is not one this service issued"))?;
        let text =
            String::from_utf8(bytes).map_err(|_| Problem::bad_request("cursor is not one this service issued"))?;
        text.strip_prefix("c1:")
            .and_then(|n| n.parse::<i64>().ok())
            .map(Cursor)
            .ok_or_else(|| Problem::bad_request("cursor is not one this service issued"))
    }
    pub fn encode(self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("c1:{}", self.0))
    }
}

/// A page size: 1 … max, default given.
pub fn limit(v: Option<i64>, default: i64, max: i64) -> Result<i64, Problem> {
    match v {
        None => Ok(default),
        Some(n) if n >= 1 && n <= max => Ok(n),
        Some(n) => Err(Problem::bad_request(format!("limit must be between 1 and {max}, got {n}"))),
    }
}

/// A report year: 1949 … 2100.
pub fn year(v: i32) -> Result<i32, Problem> {
    if (1949..=2100).contains(&v) {
        Ok(v)
    } else {
        Err(Problem::bad_request(format!("year must be between 1949 and 2100, got {v}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        let c = Cursor(12345);
        assert_eq!(Cursor::parse(&c.encode()).unwrap(), c);
        assert!(Cursor::parse("not-a-cursor").is_err());
        assert!(Cursor::parse(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("x:1")).is_err());
    }

    #[test]
    fn limits_and_years() {
        assert_eq!(limit(None, 50, 100).unwrap(), 50);
        assert!(limit(Some(0), 50, 100).is_err());
        assert!(limit(Some(101), 50, 100).is_err());
        assert!(year(1800).is_err());
        assert_eq!(year(2018).unwrap(), 2018);
    }
}
