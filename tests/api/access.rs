//! API keys, re-parsing, and concurrent uploads.

use serde_json::Value;

use crate::helpers::{assert_problem, seed, TestApp};

const WRITE: &str = "w-0123456789abcdef-write";
const READ: &str = "r-0123456789abcdef-read";

#[tokio::test]
async fn keys_guard_writes_and_reads() {
    let keys = format!("ingest:write:{WRITE},dashboard:read:{READ}");
    let app = TestApp::spawn_with(&[("API_KEYS", keys.as_str())]).await;
    let (name, bytes) = seed("002");
    let post = |key: Option<&'static str>, b: Vec<u8>| {
        let form =
            reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b).file_name(name.clone()));
        let mut r = app.client.post(app.url("/v1/reports")).multipart(form);
        if let Some(k) = key {
            r = r.bearer_auth(k);
        }
        r.send()
    };
    let r = post(None, bytes.clone()).await.unwrap();
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_problem(r, 401).await;
    assert_problem(post(Some("not-a-key-not-a-key"), bytes.clone()).await.unwrap(), 401).await;
    assert_problem(post(Some(READ), bytes.clone()).await.unwrap(), 403).await;
    let created = post(Some(WRITE), bytes).await.unwrap();
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    // reads need a key too
    assert_problem(app.client.get(app.url("/v1/reports")).send().await.unwrap(), 401).await;
    assert_eq!(app.client.get(app.url("/v1/reports")).bearer_auth(READ).send().await.unwrap().status(), 200);
    assert_eq!(
        app.client.get(app.url(&format!("/v1/reports/{id}"))).bearer_auth(WRITE).send().await.unwrap().status(),
        200
    );
    assert_problem(
        app.client.delete(app.url(&format!("/v1/reports/{id}"))).bearer_auth(READ).send().await.unwrap(),
        403,
    )
    .await;
    // operations stay open
    for p in ["/healthz", "/readyz", "/openapi.json", "/metrics"] {
        assert_eq!(app.client.get(app.url(p)).send().await.unwrap().status(), 200, "{p}");
    }
}

#[tokio::test]
async fn public_reads_still_guard_writes() {
    let keys = format!("ingest:write:{WRITE}");
    let app = TestApp::spawn_with(&[("API_KEYS", keys.as_str()), ("PUBLIC_READS", "true")]).await;
    assert_eq!(app.client.get(app.url("/v1/reports")).send().await.unwrap().status(), 200);
    assert_problem(app.client.post(app.url("/v1/reparse")).send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn reparse_replaces_the_extraction_atomically() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("004");
    let rep = app.upload_ok(&name, bytes).await;
    let id = rep["id"].as_str().unwrap();
    let before = app.get_json(&format!("/v1/reports/{id}/indicators?limit=10000")).await;
    let counted = app.get_json("/v1/indicators/drug_share").await["observations"].clone();
    // pretend an older parser made it, with a wrong title
    let pool = sqlx::PgPool::connect(&app.settings.database_url).await.unwrap();
    sqlx::query("UPDATE reports SET parser_version = 0, title = 'old' WHERE id = $1")
        .bind(uuid::Uuid::parse_str(id).unwrap())
        .execute(&pool)
        .await
        .unwrap();
    let current = healthreport::extract::PARSER_VERSION;
    let r = app.client.post(app.url(&format!("/v1/reparse?parser_version_below={current}"))).send().await.unwrap();
    let out: Value = r.json().await.unwrap();
    assert_eq!((out["reparsed"].as_u64(), out["remaining"].as_i64()), (Some(1), Some(0)), "{out}");
    let after = app.get_json(&format!("/v1/reports/{id}")).await;
    assert_eq!(after["title"], rep["title"]);
    assert_eq!(after["parser_version"], current);
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?limit=10000")).await;
    let strip = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["raw"].clone(), i["name"].clone(), i["value"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&inds), strip(&before), "the same extraction, rewritten");
    let one = app.client.post(app.url(&format!("/v1/reports/{id}/reparse"))).send().await.unwrap();
    assert_eq!(one.status(), 200);
    assert_problem(
        app.client.post(app.url("/v1/reports/0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e/reparse")).send().await.unwrap(),
        404,
    )
    .await;
    // the catalogue counts did not double
    let cat = app.get_json("/v1/indicators/drug_share").await;
    assert_eq!(cat["observations"], counted);
}

#[tokio::test]
async fn a_hundred_identical_and_many_distinct_concurrent_uploads() {
    let app = TestApp::spawn_with(&[("DATABASE_MAX_CONNECTIONS", "20")]).await;
    let (name, bytes) = seed("003");
    let same: Vec<_> = (0..100).map(|_| app.upload(&name, bytes.clone())).collect();
    let statuses: Vec<u16> = futures_util::future::join_all(same).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200 || *s == 503), "{statuses:?}");
    // distinct documents, all at once; a client retries a 503 after Retry-After
    let (_, base) = seed("000");
    let base = String::from_utf8(base).unwrap();
    let n = 1000;
    let uploads: Vec<_> = (0..n)
        .map(|i| {
            let body = format!("{base}\n附:第{i}份。\n").into_bytes();
            let app = &app;
            async move {
                loop {
                    let r = app.upload(&format!("doc-{i}.txt"), body.clone()).await;
                    match r.status().as_u16() {
                        201 => return r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string(),
                        503 => {
                            let wait: u64 = r
                                .headers()
                                .get("retry-after")
                                .and_then(|v| v.to_str().ok())
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1);
                            tokio::time::sleep(std::time::Duration::from_millis(wait * 200)).await;
                        }
                        s => panic!("upload {i}: {s}"),
                    }
                }
            }
        })
        .collect();
    let ids: std::collections::HashSet<String> = futures_util::future::join_all(uploads).await.into_iter().collect();
    assert_eq!(ids.len(), n, "every distinct upload landed once");
    let pool = sqlx::PgPool::connect(&app.settings.database_url).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM reports").fetch_one(&pool).await.unwrap();
    assert_eq!(count as usize, n + 1, "rows match what was sent");
    let orphans: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_originals o WHERE o.report_id = r.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(orphans, 0, "no half-written report");
    // the catalogue, counted after the fact by the summary fold, agrees with the rows
    let rows: i64 =
        sqlx::query_scalar("SELECT count(*) FROM observations WHERE indicator_key = 'ncms_participation_rate'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(rows >= n as i64, "{rows}");
    let counted = app.get_json("/v1/indicators/ncms_participation_rate").await["observations"].as_i64().unwrap();
    assert_eq!(counted, rows);
}
