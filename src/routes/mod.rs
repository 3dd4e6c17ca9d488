//! HTTP handlers, one module per resource. They parse the request, call
//! `ingest`/`store`, and shape the response; nothing more.

pub mod batches;
pub mod health;
pub mod indicators;
pub mod issues;
pub mod regions;
pub mod reports;

use actix_web::HttpRequest;

use crate::problem::Problem;

/// Query parameters that may repeat (`?region=a&region=b`), read by hand so a
/// malformed one gets a problem+json 400 naming it.
pub fn query_pairs(req: &HttpRequest) -> Result<Vec<(String, String)>, Problem> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .map_err(|e| Problem::bad_request(format!("malformed query string: {e}")))
}

pub fn query_one<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

pub fn query_all<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

pub fn query_int<T: std::str::FromStr>(pairs: &[(String, String)], name: &str) -> Result<Option<T>, Problem> {
    match query_one(pairs, name) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<T>()
            .map(Some)
            .map_err(|_| Problem::bad_request(format!("{name} must be an integer, got {v:?}"))),
    }
}

pub fn query_bool(pairs: &[(String, String)], name: &str) -> Result<bool, Problem> {
    match query_one(pairs, name) {
        None => Ok(false),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(v) => Err(Problem::bad_request(format!("{name} must be true or false, got {v:?}"))),
    }
}
