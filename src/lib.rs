//! healthreport: turns Chinese local-government health-reform work reports into
//! indicator time series and issue lists.
//!
//! `extract` is the pure parsing library (no I/O); the rest is the HTTP service.

pub mod extract;
