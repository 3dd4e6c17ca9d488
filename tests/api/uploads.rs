//! Upload paths: raw bodies, encodings, overrides, duplicates and bad input.

use serde_json::Value;

use crate::helpers::{assert_problem, seed, TestApp};

fn triples(items: &[Value]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|i| {
            (i["name"].as_str().unwrap().to_string(), i["value"].to_string(), i["unit"].as_str().unwrap().to_string())
        })
        .collect()
}

async fn indicators(app: &TestApp, id: &str) -> Vec<Value> {
    app.get_json(&format!("/v1/reports/{id}/indicators?limit=10000")).await["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_same_bytes_twice_are_one_report() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("002");
    let first = app.upload(&name, bytes.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = app.upload("another-name.txt", bytes).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
}

#[tokio::test]
async fn the_upload_reply_is_the_stored_report() {
    // the 201 body is built from what was written, not read back: it must be
    // exactly what GET returns, for every seed and with overrides
    let app = TestApp::spawn().await;
    let mut replies = Vec::new();
    for s in ["000", "001", "002", "003", "004"] {
        let (name, bytes) = seed(s);
        replies.push(app.upload_ok(&name, bytes).await);
    }
    let (_, bytes) = seed("000");
    let form = app
        .upload_form(
            "x.txt",
            [bytes, b"\n".to_vec()].concat(),
            &[("region", "船山区"), ("year", "2009"), ("title", "t")],
        )
        .await;
    assert_eq!(form.status(), 201);
    replies.push(form.json().await.unwrap());
    for reply in replies {
        let stored = app.get_json(&format!("/v1/reports/{}", reply["id"].as_str().unwrap())).await;
        assert_eq!(reply, stored);
    }
}

#[tokio::test]
async fn concurrent_identical_uploads_create_one_report() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("004");
    let futures: Vec<_> = (0..16).map(|_| app.upload(&name, bytes.clone())).collect();
    let responses = futures_util::future::join_all(futures).await;
    let mut created = 0;
    let mut ids = std::collections::HashSet::new();
    for r in responses {
        match r.status().as_u16() {
            201 => created += 1,
            200 => {}
            s => panic!("unexpected status {s}"),
        }
        ids.insert(r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    assert_eq!(created, 1);
    assert_eq!(ids.len(), 1);
    assert_eq!(app.get_json("/v1/reports").await["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn gbk_and_utf16_read_like_utf8() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("002");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let utf8 = app.upload_ok(&name, bytes).await;
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let r = app
        .client
        .post(app.url("/v1/reports?filename=hz-gbk.txt"))
        .header("content-type", "text/plain")
        .body(gbk.into_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let gbk_rep: Value = r.json().await.unwrap();
    assert_eq!(gbk_rep["source"]["encoding"], "GB18030");
    assert_eq!(gbk_rep["source"]["filename"], "hz-gbk.txt");
    let mut u16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    let u16_rep = app.upload_ok("hz-utf16.txt", u16).await;
    assert!(u16_rep["source"]["encoding"].as_str().unwrap().starts_with("UTF-16LE"));
    let a = triples(&indicators(&app, utf8["id"].as_str().unwrap()).await);
    assert_eq!(triples(&indicators(&app, gbk_rep["id"].as_str().unwrap()).await), a);
    assert_eq!(triples(&indicators(&app, u16_rep["id"].as_str().unwrap()).await), a);
    assert_eq!(gbk_rep["title"], utf8["title"]);
}

#[tokio::test]
async fn full_width_digits_are_numbers() {
    let app = TestApp::spawn().await;
    let doc = "某县医改工作总结\n\n２０１９年,全县医改工作取得新进展,全县参合农民达到３６．９万人,参合率达到９８．５％,比上年提高１．２个百分点,家庭医生签约服务覆盖率为４１．６％。\n";
    let rep = app.upload_ok("fw.txt", doc.as_bytes().to_vec()).await;
    assert_eq!(rep["period"]["year"], 2019);
    let ind = indicators(&app, rep["id"].as_str().unwrap()).await;
    let got: Vec<(f64, &str)> =
        ind.iter().map(|i| (i["value"].as_f64().unwrap(), i["unit"].as_str().unwrap())).collect();
    assert_eq!(got, vec![(369_000.0, "人"), (98.5, "%"), (1.2, "百分点"), (41.6, "%")]);
    assert_eq!(ind[0]["raw"], "３６．９万人", "raw is the text as written");
    assert_eq!(ind[3]["indicator_key"], "family_doctor_contract_coverage");
}

#[tokio::test]
async fn overrides_win_over_extraction() {
    let app = TestApp::spawn().await;
    let (_, bytes) = seed("000");
    let form = app
        .upload_form("x.txt", bytes.clone(), &[("region", "船山区"), ("year", "2009"), ("title", "船山区医改情况报告")])
        .await;
    assert_eq!(form.status(), 201);
    let rep: Value = form.json().await.unwrap();
    assert_eq!(rep["region"]["name"], "船山区");
    assert_eq!(rep["region"]["code"], "510903");
    assert_eq!(rep["region"]["basis"], "given at upload");
    assert_eq!(rep["period"]["year"], 2009);
    assert_eq!(rep["title"], "船山区医改情况报告");
    assert_eq!(rep["overrides"]["year"], 2009);
    // indicators without a year of their own take the report's
    let ind = indicators(&app, rep["id"].as_str().unwrap()).await;
    assert!(ind.iter().all(|i| i["period"]["year"] == 2009));
    // raw body with overrides in the query string
    let (_, b2) = seed("001");
    let r = app
        .client
        .post(app.url("/v1/reports?region=330100&year=2012&doc_type=情况汇报"))
        .header("content-type", "text/plain; charset=utf-8")
        .body(b2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let rep: Value = r.json().await.unwrap();
    assert_eq!(
        (rep["region"]["name"].as_str(), rep["period"]["year"].as_i64(), rep["doc_type"].as_str()),
        (Some("杭州市"), Some(2012), Some("情况汇报"))
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx() {
    let app = TestApp::spawn().await;
    let post_raw = |ct: &str, body: Vec<u8>| {
        app.client.post(app.url("/v1/reports")).header("content-type", ct.to_string()).body(body).send()
    };
    assert_problem(post_raw("text/plain", vec![]).await.unwrap(), 400).await;
    assert_problem(app.upload("empty.txt", vec![]).await, 400).await;
    assert_problem(app.upload("blank.txt", b"   \n\n ".to_vec()).await, 400).await;
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    assert_problem(post_raw("application/octet-stream", garbage).await.unwrap(), 400).await;
    assert_problem(post_raw("image/png", b"\x89PNG\r\n\x1a\n0000".to_vec()).await.unwrap(), 415).await;
    let doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    let p = assert_problem(app.upload("old.doc", doc).await, 415).await;
    assert!(p["detail"].as_str().unwrap().contains("DOCX"), "the 415 names the supported formats: {p}");
    assert_problem(post_raw("application/json", br#"{"a":1}"#.to_vec()).await.unwrap(), 415).await;
    assert_problem(
        post_raw("text/plain; charset=utf-8", b"\xe5\x85\xa8\xe5\xb8\x82\xff\xfe abc".to_vec()).await.unwrap(),
        400,
    )
    .await;
    let p = assert_problem(
        app.upload("english.txt", b"This is a report about nothing in particular, written in English.".to_vec()).await,
        422,
    )
    .await;
    assert_eq!(p["type"], "/problems/not-a-report");
    let form = reqwest::multipart::Form::new().text("title", "no file here");
    assert_problem(app.client.post(app.url("/v1/reports")).multipart(form).send().await.unwrap(), 400).await;
    let (name, bytes) = seed("001");
    assert_problem(app.upload_form(&name, bytes, &[("year", "abc")]).await, 400).await;
    assert_problem(
        app.client.get(app.url("/v1/reports/7f3a2c1e-0000-4000-8000-000000000000")).send().await.unwrap(),
        404,
    )
    .await;
    assert_problem(app.client.get(app.url("/v1/reports/not-a-uuid/indicators")).send().await.unwrap(), 404).await;
    assert_problem(
        app.client.get(app.url("/v1/reports/7f3a2c1e-0000-4000-8000-000000000000/issues")).send().await.unwrap(),
        404,
    )
    .await;
    // nothing half-written
    assert_eq!(app.get_json("/v1/reports").await["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let app = TestApp::spawn_with(&[("MAX_UPLOAD_BYTES", "4000")]).await;
    let (name, bytes) = seed("004");
    assert!(bytes.len() > 4000);
    assert_problem(app.upload(&name, bytes.clone()).await, 413).await;
    let r =
        app.client.post(app.url("/v1/reports")).header("content-type", "text/plain").body(bytes).send().await.unwrap();
    assert_problem(r, 413).await;
    let (name, small) = seed("000");
    assert!(small.len() > 4000);
    let _ = name;
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), 200, "the service keeps serving");
}

#[tokio::test]
async fn delete_removes_everything() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("003");
    let id = app.upload_ok(&name, bytes.clone()).await["id"].as_str().unwrap().to_string();
    let r = app.client.delete(app.url(&format!("/v1/reports/{id}"))).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_problem(app.client.get(app.url(&format!("/v1/reports/{id}"))).send().await.unwrap(), 404).await;
    assert_problem(app.client.get(app.url(&format!("/v1/reports/{id}/indicators"))).send().await.unwrap(), 404).await;
    assert_problem(app.client.delete(app.url(&format!("/v1/reports/{id}"))).send().await.unwrap(), 404).await;
    // the bytes can be uploaded afresh
    assert_eq!(app.upload(&name, bytes).await.status(), 201);
}
