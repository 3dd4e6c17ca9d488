//! Query parameters and paging, shared by every handler. Parameters are read by
//! hand (they may repeat: `?region=a&region=b`) so that a malformed one gets a
//! problem+json 400 naming it.

use actix_web::HttpRequest;

use crate::domain::{self, Cursor};
use crate::extract::knowledge::Gazetteer;
use crate::problem::{ApiResult, Problem};

/// The query string of a request, as name/value pairs.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn of(req: &HttpRequest) -> ApiResult<Params> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
            .map(Params)
            .map_err(|e| Problem::bad_request(format!("malformed query string: {e}")))
    }

    /// The first non-empty value of `name`.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    /// Every value of `name`, repeated or comma-separated.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn int<T: std::str::FromStr>(&self, name: &str) -> ApiResult<Option<T>> {
        match self.one(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<T>()
                .map(Some)
                .map_err(|_| Problem::bad_request(format!("{name} must be an integer, got {v:?}"))),
        }
    }

    pub fn bool(&self, name: &str) -> ApiResult<bool> {
        match self.one(name) {
            None => Ok(false),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(v) => Err(Problem::bad_request(format!("{name} must be true or false, got {v:?}"))),
        }
    }

    /// A year parameter, 1949 … 2100.
    pub fn year(&self, name: &str) -> ApiResult<Option<i32>> {
        self.int::<i32>(name)?.map(domain::year).transpose()
    }

    /// A value of a closed set (a kind, a format), parsed by serde's names for it.
    pub fn choice<T: serde::de::DeserializeOwned>(&self, name: &str, expected: &str) -> ApiResult<Option<T>> {
        self.one(name)
            .map(|v| {
                T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(v))
                    .map_err(|_| Problem::bad_request(format!("{name} must be {expected}, got {v:?}")))
            })
            .transpose()
    }

    /// `limit` and `cursor`: a page size (1 … max, default given) and where the page starts.
    pub fn page(&self, default: i64, max: i64) -> ApiResult<PageRequest> {
        let limit = domain::limit(self.int("limit")?, default, max)?;
        let after = self.one("cursor").map(Cursor::parse).transpose()?.map(|c| c.0);
        Ok(PageRequest { limit, after })
    }

    /// `region` (names or GB/T 2260 codes) and `include_subregions` → region codes;
    /// None when no region is asked for.
    pub fn region_codes(&self, gazetteer: &Gazetteer) -> ApiResult<Option<Vec<String>>> {
        let names = self.all("region");
        if names.is_empty() {
            return Ok(None);
        }
        let include_sub = self.bool("include_subregions")?;
        let mut codes = Vec::new();
        for n in names {
            let Some(i) = gazetteer.lookup(n) else {
                return Err(Problem::bad_request(format!(
                    "unknown region {n:?}: give a name such as 杭州市 or a GB/T 2260 code such as 330100"
                )));
            };
            codes.push(gazetteer.regions[i].code.clone());
            if include_sub {
                codes.extend(gazetteer.descendants_of(i).into_iter().map(|d| gazetteer.regions[d].code.clone()));
            }
        }
        Ok(Some(codes))
    }
}

/// A page asked for: its size and the position (from the cursor) it continues after.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: i64,
    pub after: Option<i64>,
}

impl PageRequest {
    /// Rows to fetch: one more than the page, to tell whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// The page out of the rows fetched, and the cursor of the next page (the
    /// position of the page's last row) when there is one.
    pub fn cut<T>(&self, mut rows: Vec<T>, position: impl Fn(&T) -> i64) -> (Vec<T>, Option<String>) {
        let more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next = if more { rows.last().map(|r| Cursor(position(r)).encode()) } else { None };
        (rows, next)
    }
}
