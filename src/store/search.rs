//! Issues across reports: search under a filter, counts per category, and the
//! upkeep of the search index. What a search term is matched by (its grams) is
//! crate::grams; here it becomes SQL.

use sqlx::PgPool;
use uuid::Uuid;

use super::filter::Filtered;
use super::summaries::{fold_stats, Fold, FOLD_BATCH};
use crate::grams::grams;
use crate::kinds::SectionKind;

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

impl IssueFilter {
    /// Whether the filter is one the summary counts can answer (they know region,
    /// year and category, not an issue's text, report or kind).
    fn countable(&self) -> bool {
        self.q.is_none() && self.report.is_none() && self.kind.is_none()
    }

    /// Whether every issue matches.
    fn is_empty(&self) -> bool {
        self.countable()
            && self.category.is_none()
            && self.year.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.region_codes.is_none()
    }

    /// The filter's conditions on the issues (or summary rows) named `i`: the
    /// one binder of an issue filter.
    fn conditions<'a>(&'a self, q: &mut Filtered<'a>) {
        q.and_opt("i.region_code = ANY({})", self.region_codes.as_ref())
            .and_opt("i.year = {}", self.year)
            .and_opt("i.year >= {}", self.from)
            .and_opt("i.year <= {}", self.to)
            .and_opt("i.category = {}", self.category.as_deref())
            .and_opt("i.kind = {}", self.kind);
        if let Some(term) = &self.q {
            q.and_bind("i.grams @> {}", grams(term)).and_bind("lower(i.text) LIKE lower({})", like_pattern(term));
        }
        q.and_opt("i.report_id = {}", self.report);
    }
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

/// A LIKE pattern matching `q` anywhere, its own wildcards taken literally.
fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// A region filter with at most this many issues (by the summary counts) is read
/// through the region index; above it, through the windows of newest issues.
const NARROW_MAX: i64 = 20_000;

/// How many issues the filter's regions hold, from the summary counts (issue_stats;
/// possibly a fold behind, which is close enough to choose a plan by).
async fn region_issue_count(pool: &PgPool, regions: &[String]) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT coalesce(sum(n), 0)::bigint AS \"n!\" FROM issue_stats WHERE region_code = ANY($1)",
        regions
    )
    .fetch_one(pool)
    .await
}

/// Where a search reads issues from.
#[derive(Clone, Copy)]
enum Source {
    /// A report's or a small region's issues, through their index.
    Narrow,
    /// The newest issues, this many of them.
    Window(i64),
    /// All issues.
    All,
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
    let narrow = match (&f.report, &f.region_codes) {
        (Some(_), _) => true,
        (None, Some(regions)) => region_issue_count(pool, regions).await? < NARROW_MAX,
        (None, None) => false,
    };
    if narrow {
        return search_in(pool, f, Source::Narrow, before_id, limit).await;
    }
    // Widening windows bound the cost for a term of middling frequency: one that
    // does not fill a page in the newest 50000 issues has few matches in all.
    for w in WINDOWS {
        let page = search_in(pool, f, Source::Window(w), before_id, limit).await?;
        // a full page, or no filter at all (every issue in the window is a match)
        if page.len() as i64 >= limit || f.is_empty() {
            return Ok(page);
        }
    }
    search_in(pool, f, Source::All, before_id, limit).await
}

/// One page of matches read from `source`.
async fn search_in(
    pool: &PgPool,
    f: &IssueFilter,
    source: Source,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<IssueHit>, sqlx::Error> {
    let mut q = Filtered::new(
        "SELECT i.id, i.report_id, r.title AS report_title, i.region_code, r.region_name, i.year, i.ordinal, i.kind, i.text,
                i.group_heading, i.category, i.start_offset, i.end_offset
         FROM ",
    );
    // the sub-selects are fenced (OFFSET 0, LIMIT) so that the planner reads them first
    match source {
        Source::Narrow => {
            q.push("(SELECT * FROM issues")
                .and_opt("region_code = ANY({})", f.region_codes.as_ref())
                .and_opt("report_id = {}", f.report)
                .push(" OFFSET 0) i");
        }
        Source::Window(w) => {
            q.push("(SELECT * FROM issues").and_opt("id < {}", before_id).push_bind(" ORDER BY id DESC LIMIT {}) i", w);
        }
        Source::All => {
            q.push("issues i");
        }
    }
    q.push(" JOIN reports r ON r.id = i.report_id");
    q.and("NOT i.rejected");
    f.conditions(&mut q);
    q.and_opt("i.id < {}", before_id).push_bind(" ORDER BY i.id DESC LIMIT {}", limit);
    q.query_as::<IssueHit>().fetch_all(pool).await
}

/// Issue counts per category under a filter: from the maintained counts when the
/// filter allows (by year alone, or by region and year), else counted directly.
pub async fn issue_category_counts(pool: &PgPool, f: &IssueFilter) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut q = if f.countable() {
        fold_stats(pool, Fold::Wait, FOLD_BATCH).await?;
        let mut q = Filtered::new(if f.region_codes.is_none() {
            "SELECT i.category, sum(i.n)::bigint FROM issue_year_stats i"
        } else {
            "SELECT i.category, sum(i.n)::bigint FROM issue_stats i"
        });
        q.and("i.n > 0");
        q
    } else {
        let mut q = Filtered::new("SELECT i.category, count(*) FROM issues i");
        q.and("NOT i.rejected");
        q
    };
    f.conditions(&mut q);
    q.push(" GROUP BY i.category");
    q.query_as::<(String, i64)>().fetch_all(pool).await
}

/// Merge the issue search index's pending list into the index (migrations/0007),
/// so that no upload has to; returns the pages merged.
pub async fn merge_search_index(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT gin_clean_pending_list('issues_grams'::regclass) AS \"pages!\"").fetch_one(pool).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_pattern("10%_a\\b"), "%10\\%\\_a\\\\b%");
    }
}
