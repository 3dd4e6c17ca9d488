//! Batches: a ZIP or many files, per-file outcomes, work that survives a restart.

use serde_json::Value;

use crate::helpers::{assert_problem, seed, zip_of, TestApp};

async fn wait_done(app: &TestApp, location: &str) -> Value {
    for _ in 0..200 {
        let b = app.get_json(location).await;
        if b["status"] == "done" {
            return b;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("batch {location} did not finish");
}

#[tokio::test]
async fn a_zip_of_reports_with_one_bad_file() {
    let app = TestApp::spawn().await;
    let (_, a) = seed("002");
    let (_, b) = seed("003");
    let (_, c) = seed("004");
    // 003 was uploaded before: a duplicate in the batch
    app.upload_ok("003.txt", b.clone()).await;
    let z = zip_of(&[
        ("r/002.txt", &a),
        ("r/003.txt", &b),
        ("r/004.txt", &c),
        ("r/garbage.bin", &[0u8, 159, 146, 150, 0, 1, 2, 3, 255]),
        ("__MACOSX/._x", b"junk"),
    ]);
    let r =
        app.client.post(app.url("/v1/batches")).header("content-type", "application/zip").body(z).send().await.unwrap();
    assert!(r.status() == 202 || r.status() == 200, "{}", r.status());
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let done = wait_done(&app, &loc).await;
    assert_eq!(done["counts"]["total"], 4);
    assert_eq!(
        (done["counts"]["created"].as_u64(), done["counts"]["duplicate"].as_u64(), done["counts"]["failed"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    let bad = done["items"].as_array().unwrap().iter().find(|i| i["filename"] == "r/garbage.bin").unwrap();
    assert_eq!(bad["error"]["status"], 400);
    let created = done["items"].as_array().unwrap().iter().find(|i| i["filename"] == "r/004.txt").unwrap();
    let rep = app.get_json(&format!("/v1/reports/{}", created["report_id"].as_str().unwrap())).await;
    assert_eq!(rep["region"]["name"], "乌兰察布市");
    assert_eq!(app.get_json("/v1/reports").await["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn many_file_parts_wait_for_the_result() {
    let app = TestApp::spawn().await;
    let mut form = reqwest::multipart::Form::new();
    for s in ["000", "001"] {
        let (n, b) = seed(s);
        form = form.part("file", reqwest::multipart::Part::bytes(b).file_name(n));
    }
    form = form.text("year", "2011");
    let r = app.client.post(app.url("/v1/batches?wait=20")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 200, "done within wait");
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["counts"]["created"], 2);
    for it in b["items"].as_array().unwrap() {
        let rep = app.get_json(&format!("/v1/reports/{}", it["report_id"].as_str().unwrap())).await;
        assert_eq!(rep["period"]["year"], 2011, "overrides apply to every file");
    }
    assert_problem(
        app.client.get(app.url("/v1/batches/0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e")).send().await.unwrap(),
        404,
    )
    .await;
    let empty = reqwest::multipart::Form::new().text("year", "2011");
    assert_problem(app.client.post(app.url("/v1/batches")).multipart(empty).send().await.unwrap(), 400).await;
}

#[tokio::test]
async fn queued_work_survives_a_restart() {
    // an instance without workers accepts the batch and "dies" before processing it
    let first = TestApp::spawn_with(&[("BATCH_WORKERS", "0")]).await;
    let (n, b) = seed("002");
    let z = zip_of(&[(n.as_str(), &b)]);
    let r = first
        .client
        .post(first.url("/v1/batches"))
        .header("content-type", "application/zip")
        .body(z)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(first.get_json(&loc).await["counts"]["pending"], 1, "nothing processes it");
    // a new instance on the same database picks the pending work up
    let mut settings = first.settings.clone();
    settings.batch_workers = 1;
    let second = healthreport::startup::Application::build(settings).await.unwrap();
    let addr = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let c = reqwest::Client::new();
    for _ in 0..100 {
        let v: Value = c.get(format!("{addr}{loc}")).send().await.unwrap().json().await.unwrap();
        if v["status"] == "done" {
            assert_eq!(v["counts"]["created"], 1);
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the restarted service did not process the queued batch");
}
