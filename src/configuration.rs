//! Layered configuration: built-in defaults, then an optional TOML file
//! (`healthreport.toml` in the working directory, or the file named by
//! `CONFIG_FILE`), then environment variables under their plain names
//! (`DATABASE_URL`, `HOST`, `PORT`, `MAX_UPLOAD_BYTES`, …).

use std::collections::HashMap;

use config::{Config, Environment, File, FileFormat};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub host: String,
    pub port: u16,
    /// PostgreSQL connection string; the database is created if missing.
    pub database_url: String,
    pub database_max_connections: u32,
    /// Seconds to wait for a pooled connection before answering 503.
    pub database_acquire_timeout_secs: u64,
    /// Largest accepted upload body, in bytes (default 20 MB).
    pub max_upload_bytes: usize,
    /// Largest batch body (a ZIP or many files), in bytes (default 200 MB).
    pub max_batch_bytes: usize,
    /// Largest decompressed part of a DOCX/ZIP entry and total, in bytes.
    pub max_entry_bytes: u64,
    pub max_unpacked_bytes: u64,
    /// Largest extracted text, in characters.
    pub max_text_chars: usize,
    /// `text` (human-readable) or `json` (one JSON object per line).
    pub log_format: String,
    /// A tracing filter such as `info` or `healthreport=debug,info`.
    pub log_level: String,
    /// Read the knowledge files (catalogue, units, gazetteer …) from this directory
    /// instead of the copy built into the binary.
    pub knowledge_dir: Option<String>,
    /// Documents parsed at once; more wait up to `parse_queue_timeout_ms`, then get 503.
    pub parse_concurrency: usize,
    pub parse_queue_timeout_ms: u64,
    /// A parse taking longer than this is abandoned with 422.
    pub parse_timeout_secs: u64,
    /// `name:role:key` entries separated by commas; role is `write` or `read`.
    pub api_keys: Option<String>,
    /// Let reads through without a key even when keys are configured.
    pub public_reads: bool,
    /// Background workers processing uploaded batches.
    pub batch_workers: usize,
    /// Seconds the server waits for in-flight requests on shutdown.
    pub shutdown_timeout_secs: u64,
}

impl Settings {
    /// The extraction limits these settings give.
    pub fn limits(&self) -> crate::extract::Limits {
        crate::extract::Limits {
            max_entry_bytes: self.max_entry_bytes,
            max_total_bytes: self.max_unpacked_bytes,
            max_chars: self.max_text_chars,
            ..crate::extract::Limits::default()
        }
    }

    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

fn builder() -> Result<config::ConfigBuilder<config::builder::DefaultState>, config::ConfigError> {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    Config::builder()
        .set_default("host", "0.0.0.0")?
        .set_default("port", 8080)?
        .set_default("database_url", "postgres://postgres@127.0.0.1:5432/healthreport")?
        .set_default("database_max_connections", 16)?
        .set_default("database_acquire_timeout_secs", 3)?
        .set_default("max_upload_bytes", 20 * 1024 * 1024)?
        .set_default("max_batch_bytes", 200 * 1024 * 1024)?
        .set_default("max_entry_bytes", 64 * 1024 * 1024)?
        .set_default("max_unpacked_bytes", 128 * 1024 * 1024)?
        .set_default("max_text_chars", 2_000_000)?
        .set_default("log_format", "text")?
        .set_default("log_level", "info")?
        .set_default("parse_concurrency", (cpus * 2) as i64)?
        .set_default("parse_queue_timeout_ms", 2000)?
        .set_default("parse_timeout_secs", 30)?
        .set_default("public_reads", false)?
        .set_default("batch_workers", 1)?
        .set_default("shutdown_timeout_secs", 20)
}

/// Defaults, then the config file, then the process environment.
pub fn get_configuration() -> Result<Settings, config::ConfigError> {
    let env: HashMap<String, String> = std::env::vars().collect();
    get_configuration_from(&env)
}

/// The same layering over a given environment (tests pass their own).
pub fn get_configuration_from(env: &HashMap<String, String>) -> Result<Settings, config::ConfigError> {
    let file = env.get("CONFIG_FILE").cloned();
    let mut b = builder()?;
    b = match file {
        Some(path) => b.add_source(File::new(&path, FileFormat::Toml).required(true)),
        None => b.add_source(File::new("healthreport.toml", FileFormat::Toml).required(false)),
    };
    // Only our own keys, under their plain upper-case names.
    let known = [
        "HOST",
        "PORT",
        "DATABASE_URL",
        "DATABASE_MAX_CONNECTIONS",
        "DATABASE_ACQUIRE_TIMEOUT_SECS",
        "MAX_UPLOAD_BYTES",
        "MAX_BATCH_BYTES",
        "MAX_ENTRY_BYTES",
        "MAX_UNPACKED_BYTES",
        "MAX_TEXT_CHARS",
        "LOG_FORMAT",
        "LOG_LEVEL",
        "KNOWLEDGE_DIR",
        "PARSE_CONCURRENCY",
        "PARSE_QUEUE_TIMEOUT_MS",
        "PARSE_TIMEOUT_SECS",
        "API_KEYS",
        "PUBLIC_READS",
        "BATCH_WORKERS",
        "SHUTDOWN_TIMEOUT_SECS",
    ];
    let ours: HashMap<String, String> =
        env.iter().filter(|(k, _)| known.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    b = b.add_source(Environment::default().source(Some(ours.into_iter().collect())).try_parsing(true));
    b.build()?.try_deserialize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let env: HashMap<String, String> =
            [("PORT", "9999"), ("HOST", "127.0.0.1"), ("DATABASE_URL", "postgres://x@y/z"), ("PUBLIC_READS", "true")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        let s = get_configuration_from(&env).unwrap();
        assert_eq!(s.port, 9999);
        assert_eq!(s.address(), "127.0.0.1:9999");
        assert_eq!(s.database_url, "postgres://x@y/z");
        assert!(s.public_reads);
        assert_eq!(s.max_upload_bytes, 20 * 1024 * 1024);
    }

    #[test]
    fn a_config_file_sits_between_defaults_and_environment() {
        let dir = std::env::temp_dir().join(format!("hr-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("c.toml");
        std::fs::write(&f, "port = 7000\nmax_upload_bytes = 1000\n").unwrap();
        let mut env: HashMap<String, String> = HashMap::new();
        env.insert("CONFIG_FILE".into(), f.to_string_lossy().into());
        env.insert("MAX_UPLOAD_BYTES".into(), "2000".into());
        let s = get_configuration_from(&env).unwrap();
        assert_eq!(s.port, 7000);
        assert_eq!(s.max_upload_bytes, 2000);
    }
}
