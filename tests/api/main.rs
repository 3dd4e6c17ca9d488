//! Integration tests: each test starts the service on a random port against a
//! fresh PostgreSQL database and talks to it over HTTP.

mod access;
mod across;
mod batches;
mod browser;
mod corrections;
mod exports;
mod formats;
mod health;
mod helpers;
mod openapi;
mod pages;
mod reports;
mod uploads;
