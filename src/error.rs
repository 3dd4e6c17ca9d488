//! What can go wrong in the service layer (ingest, batches, the store as seen
//! from them), said in its own terms. The HTTP edge turns it into a problem+json
//! (`Problem::from`); workers decide on it (retry or record) without HTTP statuses.

use crate::extract::ExtractError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Every parser is busy: retry shortly.
    #[error("too many documents are being parsed; retry shortly")]
    Overloaded,
    /// The database is down, restarting or out of connections: retry shortly.
    #[error("{0}")]
    Unavailable(&'static str),
    #[error("{0}")]
    NotFound(String),
    /// The request or a file in it is malformed.
    #[error("{0}")]
    BadInput(String),
    /// Larger than a configured limit.
    #[error("{0}")]
    TooLarge(String),
    /// A file in a format the service does not read (an encrypted ZIP entry).
    #[error("{0}")]
    Unsupported(String),
    /// The document was read and refused (empty, undecodable, not a report …).
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The parser panicked on the document.
    #[error("the document could not be parsed")]
    ParseFailed,
    /// The parser ran past its time budget (seconds).
    #[error("parsing took longer than {0} s")]
    ParseTimeout(u64),
    /// Any other database failure (logged where it is turned into a reply).
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl ServiceError {
    /// Worth trying again later unchanged: the service, not the input, was the obstacle.
    pub fn is_transient(&self) -> bool {
        matches!(self, ServiceError::Overloaded | ServiceError::Unavailable(_))
    }
}

/// A lost or exhausted connection, or a database restarting, is Unavailable;
/// anything else stays a Database error.
impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> ServiceError {
        match &e {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => {
                tracing::warn!(error = %e, "database unavailable");
                ServiceError::Unavailable("the database is unavailable; retry shortly")
            }
            sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) => {
                tracing::warn!(error = %e, "database unavailable");
                ServiceError::Unavailable("the database is restarting; retry shortly")
            }
            _ => ServiceError::Database(e),
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
