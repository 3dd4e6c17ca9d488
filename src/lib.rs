//! healthreport: turns Chinese local-government health-reform work reports into
//! indicator time series and issue lists.
//!
//! `extract` is the pure parsing library (no I/O); the rest is the HTTP service:
//! `startup` builds it, `state` is what handlers share, `routes` are the handlers
//! (and the route table), `store` holds all SQL.

pub mod auth;
pub mod batches;
pub mod cli;
pub mod configuration;
pub mod domain;
pub mod error;
pub mod export;
pub mod extract;
pub mod gold;
pub mod grams;
pub mod ingest;
pub mod kinds;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod problem;
pub mod routes;
pub mod series;
pub mod startup;
pub mod state;
pub mod store;
pub mod summaries;
pub mod supervisor;
pub mod telemetry;
