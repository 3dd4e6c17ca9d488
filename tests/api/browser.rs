//! The desk in a real browser: Debian's chromium driven through chromedriver
//! (WebDriver, the fantoccini crate). Upload a seed through the page, see its
//! evidence marked, correct a value and find it in the series table and the XLSX
//! export, reject an issue and see it leave /v1/issues, re-parse and see the
//! corrections still applied. Screenshots of each page go to target/screenshots/.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium
//! chromium-driver; .ci/run installs them): without them this test fails, saying so.

use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::exports::read_xlsx;
use crate::helpers::{seed_dir, TestApp};

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary(env: &str, default: &str) -> PathBuf {
    let p = PathBuf::from(std::env::var(env).unwrap_or_else(|_| default.to_string()));
    assert!(
        p.exists(),
        "{} is missing: the browser test needs Debian's chromium and chromedriver \
         (apt-get install -y chromium chromium-driver; or set {env})",
        p.display()
    );
    p
}

async fn start_driver() -> Driver {
    let exe = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on port {port}");
}

async fn browser(driver: &Driver) -> Client {
    let chromium = binary("CHROMIUM", "/usr/bin/chromium");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--lang=zh-CN"]
        }),
    );
    ClientBuilder::new(HttpConnector::new()).capabilities(caps).connect(&driver.url).await.expect("a chromium session")
}

/// Wait up to thirty seconds for a condition (CI runs this beside the other tests).
async fn until<F, Fut>(what: &str, mut ready: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..300 {
        if ready().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn screenshot(c: &Client, name: &str) {
    let dir = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await.unwrap()).unwrap();
}

async fn text_of(c: &Client, css: &str) -> Option<String> {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.ok(),
        Err(_) => None,
    }
}

fn seed_path(prefix: &str) -> String {
    let dir = seed_dir();
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap();
    entry.canonicalize().unwrap().to_str().unwrap().to_string()
}

/// Upload one file through the page's file picker; the page opens the new report.
async fn upload_through_page(c: &Client, app: &TestApp, prefix: &str) -> String {
    c.goto(&app.url("/")).await.unwrap();
    c.find(Locator::Id("files")).await.unwrap().send_keys(&seed_path(prefix)).await.unwrap();
    c.find(Locator::Css("#upload button[type=submit]")).await.unwrap().click().await.unwrap();
    until("the report page", || async { c.current_url().await.unwrap().path().starts_with("/reports/") }).await;
    c.current_url().await.unwrap().path().trim_start_matches("/reports/").to_string()
}

/// A row marks its figure and sentence in the text; the value is corrected inline.
async fn mark_and_correct(c: &Client, oid: i64) {
    // a row marks its figure and sentence in the text
    c.find(Locator::Css(&format!("#row-o{oid} a.goto"))).await.unwrap().click().await.unwrap();
    let quantity = format!(r#"#text [data-m~="o{oid}"]"#);
    until("the figure marked", || async {
        c.find(Locator::Css(&quantity))
            .await
            .unwrap()
            .attr("class")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("marked")
    })
    .await;
    screenshot(c, "report").await;

    // correct its value inline
    c.find(Locator::Css(&format!(r#"button[data-action="edit"][data-id="{oid}"]"#)))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let input = c.find(Locator::Css(&format!(r#"#edit-o{oid} input[name="value"]"#))).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("97.5").await.unwrap();
    c.find(Locator::Css(&format!("#edit-o{oid} button[type=submit]"))).await.unwrap().click().await.unwrap();
    let cell = format!("#row-o{oid} td.value");
    until("the corrected value", || async { text_of(c, &cell).await.as_deref() == Some("97.5") }).await;
}

/// The corrected value in the series page's table and in the XLSX export.
async fn series_shows_it(c: &Client, app: &TestApp) {
    // in the series table and the XLSX export
    c.goto(&app.url("/indicators/ncms_participation_rate?region=330100")).await.unwrap();
    let values: Vec<String> = {
        let mut v = Vec::new();
        for e in c.find_all(Locator::Css("#points td.value")).await.unwrap() {
            v.push(e.text().await.unwrap());
        }
        v
    };
    assert!(values.contains(&"97.5".to_string()) && !values.contains(&"97.2".to_string()), "{values:?}");
    screenshot(c, "indicator").await;
    let xlsx = app.client.get(app.url("/v1/indicators/ncms_participation_rate/series.xlsx")).send().await.unwrap();
    let book = read_xlsx(&xlsx.bytes().await.unwrap());
    assert!(book["series"].as_array().unwrap().iter().any(|r| r[3].as_f64() == Some(97.5)), "{book}");
}

/// An issue of another report rejected on its page leaves /v1/issues; its report and issue ids.
async fn reject_an_issue(c: &Client, app: &TestApp) -> (String, i64) {
    // reject an issue of another report: it leaves /v1/issues
    let id3 = upload_through_page(c, app, "003").await;
    let reject = c.find(Locator::Css(r#"#issues button[data-action="reject"]"#)).await.unwrap();
    let iid: i64 = reject.attr("data-id").await.unwrap().unwrap().parse().unwrap();
    reject.click().await.unwrap();
    let restore = format!(r#"#issues button[data-action="restore"][data-id="{iid}"]"#);
    until("the issue rejected", || async { c.find(Locator::Css(&restore)).await.is_ok() }).await;
    let in_issues = |v: &Value| v["items"].as_array().unwrap().iter().any(|i| i["id"] == iid);
    assert!(!in_issues(&app.get_json(&format!("/v1/issues?report={id3}")).await));
    c.goto(&app.url("/issues")).await.unwrap();
    screenshot(c, "issues").await;
    (id3, iid)
}

async fn batch_upload(c: &Client, app: &TestApp) {
    // several files at once: a batch, its progress polled until every file has its outcome
    c.goto(&app.url("/")).await.unwrap();
    let two = format!("{}\n{}", seed_path("000"), seed_path("004"));
    c.find(Locator::Id("files")).await.unwrap().send_keys(&two).await.unwrap();
    c.find(Locator::Css("#upload button[type=submit]")).await.unwrap().click().await.unwrap();
    until("the batch done", || async { c.find(Locator::Css("#progress li.batch-done")).await.is_ok() }).await;
    let created = c.find_all(Locator::Css("#progress li.created a")).await.unwrap();
    assert_eq!(created.len(), 2, "both files created, each linked to its report");
    screenshot(c, "upload").await;
    c.goto(&app.url("/")).await.unwrap();
    assert_eq!(c.find_all(Locator::Css("#reports tbody tr")).await.unwrap().len(), 4);
}

#[tokio::test]
async fn the_desk_in_a_browser() {
    let driver = start_driver().await;
    let app = TestApp::spawn().await;
    let c = browser(&driver).await;

    let id = upload_through_page(&c, &app, "002").await;
    let marked = c.find_all(Locator::Css("#text .hl-value")).await.unwrap();
    assert!(marked.len() > 20, "figures marked in the text: {}", marked.len());
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key=ncms_participation_rate")).await;
    let oid = inds["items"].as_array().unwrap().iter().find(|o| o["value"] == 97.2).unwrap()["id"].as_i64().unwrap();
    mark_and_correct(&c, oid).await;
    series_shows_it(&c, &app).await;
    let (id3, iid) = reject_an_issue(&c, &app).await;
    let in_issues = |v: &Value| v["items"].as_array().unwrap().iter().any(|i| i["id"] == iid);

    // re-parse both: the corrections hold
    for r in [&id, &id3] {
        let resp = app.client.post(app.url(&format!("/v1/reports/{r}/reparse"))).send().await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    let now = app.get_json(&format!("/v1/reports/{id}/indicators?key=ncms_participation_rate")).await;
    let new_id =
        now["items"].as_array().unwrap().iter().find(|o| o["value"] == 97.5).expect("still 97.5")["id"].clone();
    c.goto(&app.url(&format!("/reports/{id}"))).await.unwrap();
    assert_eq!(text_of(&c, &format!("#row-o{new_id} td.value")).await.as_deref(), Some("97.5"));
    assert!(!in_issues(&app.get_json(&format!("/v1/issues?report={id3}")).await), "still rejected after a re-parse");

    batch_upload(&c, &app).await;
    c.close().await.unwrap();
}
