//! API keys: `Authorization: Bearer <key>`. Writes need a `write` key whenever keys
//! are configured; reads need a `read` (or `write`) key unless `PUBLIC_READS=true`.
//! Keys are compared in constant time (as SHA-256 digests, so lengths never leak)
//! and never logged.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpRequest, ResponseError};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::configuration::Settings;
use crate::problem::Problem;
use crate::routes::table::{Access, RouteTable};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Read,
    Write,
}

#[derive(Clone)]
pub struct ApiKey {
    pub name: String,
    pub role: Role,
    digest: [u8; 32],
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey {{ name: {:?}, role: {:?} }}", self.name, self.role) // never the key
    }
}

fn digest(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// `name:role:key` entries separated by commas (role: read or write).
pub fn parse_keys(spec: Option<&str>) -> anyhow::Result<Vec<ApiKey>> {
    let mut out = Vec::new();
    for entry in spec.unwrap_or("").split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let mut parts = entry.splitn(3, ':');
        let (Some(name), Some(role), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            anyhow::bail!("API_KEYS entries are name:role:key (got an entry with {} parts)", entry.split(':').count());
        };
        let role = match role {
            "read" => Role::Read,
            "write" => Role::Write,
            other => anyhow::bail!("API_KEYS: role of {name} must be read or write, not {other}"),
        };
        if key.len() < 16 {
            anyhow::bail!("API_KEYS: the key of {name} is shorter than 16 characters");
        }
        out.push(ApiKey { name: name.to_string(), role, digest: digest(key) });
    }
    Ok(out)
}

/// The key presented, checked against every configured key without an early exit.
fn find<'a>(keys: &'a [ApiKey], presented: &str) -> Option<&'a ApiKey> {
    let d = digest(presented);
    let mut found = None;
    for k in keys {
        if bool::from(k.digest.ct_eq(&d)) {
            found = Some(k);
        }
    }
    found
}

/// Who made a request: the name of the API key it presented (request extension).
#[derive(Debug, Clone)]
pub struct Actor(pub String);

/// The name of the request's API key; "anonymous" when the service has no keys.
pub fn actor(req: &HttpRequest) -> String {
    req.extensions().get::<Actor>().map_or_else(|| "anonymous".to_string(), |a| a.0.clone())
}

/// The configured keys and whether reads need one; app data of the key check.
pub struct KeyCheck {
    keys: Vec<ApiKey>,
    public_reads: bool,
}

impl KeyCheck {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<KeyCheck> {
        let keys = parse_keys(settings.api_keys.as_deref())?;
        if keys.is_empty() {
            tracing::warn!(
                "API_KEYS is not set: anyone who can reach this service can upload, delete and read reports"
            );
        } else {
            tracing::info!(keys = keys.len(), public_reads = settings.public_reads, "API keys required");
        }
        Ok(KeyCheck { keys, public_reads: settings.public_reads })
    }
}

fn unauthorized(detail: &str) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized", detail)
}

pub async fn require_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let (Some(check), Some(table)) =
        (req.app_data::<web::Data<KeyCheck>>().cloned(), req.app_data::<web::Data<RouteTable>>().cloned())
    else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let keys = &check.keys;
    let access = table.access(req.match_pattern().as_deref(), req.method());
    let write = access == Access::Write;
    if keys.is_empty() || access == Access::Open || (!write && check.public_reads) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    let problem = match presented.map(|p| find(keys, p)) {
        None => Some(unauthorized("this service needs an API key: Authorization: Bearer <key>")),
        Some(None) => Some(unauthorized("the API key is not valid")),
        Some(Some(k)) if write && k.role != Role::Write => Some(Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Forbidden",
            format!("the key {:?} may only read", k.name),
        )),
        Some(Some(k)) => {
            req.extensions_mut().insert(Actor(k.name.clone()));
            None
        }
    };
    if let Some(p) = problem {
        let mut resp = p.error_response();
        if p.status == 401 {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        return Ok(req.into_response(resp));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_match() {
        let keys = parse_keys(Some("ops:write:0123456789abcdef0123, dash:read:fedcba9876543210fedc")).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(find(&keys, "fedcba9876543210fedc").map(|k| k.role), Some(Role::Read));
        assert!(find(&keys, "nope").is_none());
        assert!(!format!("{:?}", keys[0]).contains("0123456789"), "keys never print");
        assert!(parse_keys(Some("a:admin:0123456789abcdef")).is_err());
        assert!(parse_keys(Some("a:write:short")).is_err());
        assert!(parse_keys(Some("")).unwrap().is_empty());
    }
}
