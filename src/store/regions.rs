//! Regions: the gazetteer's rows that reports refer to, and which regions have reports.

use sqlx::PgPool;

use crate::extract::knowledge::Gazetteer;

/// The rows of a region and its ancestors, ancestors first (for the foreign key),
/// one array per column.
#[derive(Default)]
struct RegionChain {
    codes: Vec<String>,
    names: Vec<String>,
    levels: Vec<&'static str>,
    parents: Vec<Option<String>>,
}

impl RegionChain {
    fn of(gz: &Gazetteer, code: &str) -> RegionChain {
        let mut chain = RegionChain::default();
        let Some(i) = gz.index_of(code) else { return chain };
        let mut ids: Vec<usize> = gz.ancestors(i);
        ids.reverse();
        ids.push(i);
        for r in ids {
            let reg = &gz.regions[r];
            chain.codes.push(reg.code.clone());
            chain.names.push(reg.name.clone());
            chain.levels.push(reg.level.as_str());
            chain.parents.push(reg.parent.map(|p| gz.regions[p].code.clone()));
        }
        chain
    }
}

/// Write a region's row and its ancestors' (kept when already there); false when
/// the gazetteer does not know the code.
pub(super) async fn upsert_regions<'e>(
    db: impl sqlx::PgExecutor<'e>,
    gz: &Gazetteer,
    code: &str,
) -> Result<bool, sqlx::Error> {
    let chain = RegionChain::of(gz, code);
    if chain.codes.is_empty() {
        return Ok(false);
    }
    // ancestors come first in the arrays; ON CONFLICT keeps the row already there
    sqlx::query!(
        "INSERT INTO regions (code, name, level, parent_code)
         SELECT code, name, level, parent_code
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[])
              WITH ORDINALITY AS t(code, name, level, parent_code, ord)
         ORDER BY ord
         ON CONFLICT (code) DO NOTHING",
        &chain.codes,
        &chain.names,
        &chain.levels as _,
        &chain.parents as _
    )
    .execute(db)
    .await?;
    Ok(true)
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
    sqlx::query_as!(
        RegionRow,
        "SELECT g.code, g.name, g.level, g.parent_code, p.name AS \"parent_name?\", c.reports AS \"reports!\",
                c.first_year, c.last_year
         FROM (SELECT region_code, count(*) AS reports, min(year) AS first_year, max(year) AS last_year
               FROM reports WHERE region_code IS NOT NULL GROUP BY region_code) c
         JOIN regions g ON g.code = c.region_code
         LEFT JOIN regions p ON p.code = g.parent_code
         ORDER BY g.code"
    )
    .fetch_all(pool)
    .await
}
