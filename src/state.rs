//! What every handler can reach.

use std::sync::Arc;

use sqlx::PgPool;
use tokio::sync::Notify;

use crate::configuration::Settings;
use crate::extract::{Knowledge, Limits};
use crate::ingest::ParseGate;

pub struct AppState {
    pub pool: PgPool,
    pub kb: &'static Knowledge,
    pub settings: Settings,
    /// Parses of uploads: a concurrency limit and a time budget.
    pub gate: ParseGate,
    pub limits: Limits,
    /// Wakes the batch workers when a batch arrives.
    pub batch_notify: Arc<Notify>,
}
