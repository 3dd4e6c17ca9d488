use std::collections::HashMap;
use std::path::PathBuf;

use healthreport::configuration::{get_configuration_from, Settings};
use healthreport::startup::Application;
use serde_json::Value;
use uuid::Uuid;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    db_admin_url: String,
    db_name: String,
}

fn server_url() -> String {
    std::env::var("TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

pub fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds")
}

pub fn seed(name_prefix: &str) -> (String, Vec<u8>) {
    let entry = std::fs::read_dir(seed_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(name_prefix))
        .unwrap_or_else(|| panic!("no seed {name_prefix}"));
    (entry.file_name().unwrap().to_str().unwrap().to_string(), std::fs::read(&entry).unwrap())
}

pub fn all_seeds() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(seed_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v.into_iter().map(|p| (p.file_name().unwrap().to_str().unwrap().to_string(), std::fs::read(&p).unwrap())).collect()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(&[]).await
    }

    /// Start the app with extra settings given as environment variables.
    pub async fn spawn_with(env: &[(&str, &str)]) -> TestApp {
        healthreport::telemetry::init_subscriber(
            "text",
            if std::env::var("TEST_LOG").is_ok() { "info" } else { "error" },
        );
        let db_name = format!("hr_test_{}", Uuid::new_v4().simple());
        let mut vars: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        vars.insert("DATABASE_URL".into(), format!("{}/{}", server_url(), db_name));
        vars.insert("HOST".into(), "127.0.0.1".into());
        vars.insert("PORT".into(), "0".into());
        vars.entry("DATABASE_MAX_CONNECTIONS".into()).or_insert_with(|| "5".into());
        let settings = get_configuration_from(&vars).expect("test configuration");
        let app = Application::build(settings.clone()).await.expect("the app builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            settings,
            db_admin_url: format!("{}/postgres", server_url()),
            db_name,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn upload(&self, filename: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.upload_form(filename, bytes, &[]).await
    }

    pub async fn upload_form(&self, filename: &str, bytes: Vec<u8>, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string()).mime_str("text/plain").unwrap(),
        );
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        self.client.post(self.url("/v1/reports")).multipart(form).send().await.expect("request sent")
    }

    pub async fn upload_ok(&self, filename: &str, bytes: Vec<u8>) -> Value {
        let r = self.upload(filename, bytes).await;
        assert!(r.status().is_success(), "upload of {filename} failed: {} {}", r.status(), r.text().await.unwrap());
        r.json().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }
}

/// Drop the test's database when the test ends (also when it fails).
impl Drop for TestApp {
    fn drop(&mut self) {
        let admin = self.db_admin_url.clone();
        let name = self.db_name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&pool).await;
                }
            });
        })
        .join();
    }
}

/// A problem+json response with the given status.
pub async fn assert_problem(r: reqwest::Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status, "status");
    let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert_eq!(ct, "application/problem+json");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], status);
    for k in ["type", "title", "detail"] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "problem lacks {k}: {v}");
    }
    v
}

/// A ZIP archive of the given entries (deflated), for batches and DOCX files.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}
