//! Corrections through HTTP: applied to every read, audited, kept across re-parses,
//! orphaned (and still listed) when their anchor text is gone.

use serde_json::{json, Value};

use crate::helpers::{assert_problem, seed, TestApp};

const KEY: &str = "ncms_participation_rate";

/// Upload seed 002 (杭州市 2007) and find its 农民参合率 97.2%.
async fn hangzhou(app: &TestApp) -> (String, Value) {
    let (name, bytes) = seed("002");
    let id = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key={KEY}")).await;
    let obs = inds["items"].as_array().unwrap().iter().find(|o| o["value"] == 97.2).expect("97.2% read").clone();
    (id, obs)
}

async fn patch(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.client.patch(app.url(path)).json(&body).send().await.unwrap()
}

/// The values of the series points of a region.
async fn series_values(app: &TestApp, region: &str) -> Vec<f64> {
    let s = app.get_json(&format!("/v1/indicators/{KEY}/series?region={region}")).await;
    s["series"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["points"].as_array().unwrap().iter().filter_map(|p| p["value"].as_f64()))
        .collect()
}

async fn corrections(app: &TestApp, id: &str) -> Vec<Value> {
    app.get_json(&format!("/v1/reports/{id}/corrections")).await["items"].as_array().unwrap().clone()
}

async fn set_parser_version(app: &TestApp, id: &str, version: i32) {
    let pool = sqlx::PgPool::connect(&app.settings.database_url).await.unwrap();
    sqlx::query("UPDATE reports SET parser_version = $2 WHERE id = $1")
        .bind(uuid::Uuid::parse_str(id).unwrap())
        .bind(version)
        .execute(&pool)
        .await
        .unwrap();
}

async fn reparse_all(app: &TestApp) -> Value {
    let above = healthreport::extract::PARSER_VERSION + 1;
    let r = app.client.post(app.url(&format!("/v1/reparse?parser_version_below={above}"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_corrected_value_is_in_the_series_and_audited() {
    let app = TestApp::spawn().await;
    let (id, obs) = hangzhou(&app).await;
    assert!(series_values(&app, "杭州市").await.contains(&97.2));
    let r = patch(&app, &format!("/v1/observations/{}", obs["id"]), json!({"value": 97.5})).await;
    assert_eq!(r.status(), 200);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["changes"]["value"], json!({"before": 97.2, "after": 97.5}));
    assert_eq!(
        (c["actor"].as_str(), c["status"].as_str(), c["action"].as_str()),
        (Some("anonymous"), Some("applied"), Some("edit"))
    );
    assert_eq!(c["anchor"]["text"], "97.2%");
    let values = series_values(&app, "杭州市").await;
    assert!(values.contains(&97.5) && !values.contains(&97.2), "{values:?}");
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key={KEY}")).await;
    let now = inds["items"].as_array().unwrap().iter().find(|o| o["id"] == obs["id"]).unwrap().clone();
    assert_eq!((now["value"].as_f64(), now["corrected"].as_bool()), (Some(97.5), Some(true)));
    // a key taken away: the figure leaves the series and the catalogue count
    let before = app.get_json(&format!("/v1/indicators/{KEY}")).await["observations"].as_i64().unwrap();
    let r = patch(&app, &format!("/v1/observations/{}", obs["id"]), json!({"indicator_key": null})).await;
    assert_eq!(r.status(), 200);
    assert!(!series_values(&app, "杭州市").await.contains(&97.5));
    let after = app.get_json(&format!("/v1/indicators/{KEY}")).await["observations"].as_i64().unwrap();
    assert_eq!(after, before - 1);
    assert_eq!(corrections(&app, &id).await.len(), 2);
}

#[tokio::test]
async fn a_rejected_issue_leaves_the_issue_list_and_the_counts() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("003");
    let id = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();
    let listed = app.get_json(&format!("/v1/issues?report={id}")).await["items"].as_array().unwrap().clone();
    let issue = listed[0].clone();
    let cat = issue["category"].as_str().unwrap().to_string();
    let count = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == cat.as_str())
            .map_or(0, |c| c["count"].as_i64().unwrap())
    };
    let before = count(&app.get_json("/v1/issues/categories").await);
    let n_before = app.get_json(&format!("/v1/reports/{id}")).await["counts"]["issues"].as_i64().unwrap();
    let r = patch(&app, &format!("/v1/issues/{}", issue["id"]), json!({"reject": true})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["action"], "reject");
    let now = app.get_json(&format!("/v1/issues?report={id}")).await;
    assert!(!now["items"].as_array().unwrap().iter().any(|i| i["id"] == issue["id"]));
    assert_eq!(now["items"].as_array().unwrap().len(), listed.len() - 1);
    assert_eq!(count(&app.get_json("/v1/issues/categories").await), before - 1);
    assert_eq!(app.get_json(&format!("/v1/reports/{id}")).await["counts"]["issues"], n_before - 1);
    let own = app.get_json(&format!("/v1/reports/{id}/issues")).await;
    assert!(!own["items"].as_array().unwrap().iter().any(|i| i["id"] == issue["id"]));
    let all = app.get_json(&format!("/v1/reports/{id}/issues?include_rejected=true")).await;
    let shown = all["items"].as_array().unwrap().iter().find(|i| i["id"] == issue["id"]).unwrap().clone();
    assert_eq!(shown["rejected"], true);
    // a rejected issue is corrected only after it is restored
    let r = patch(&app, &format!("/v1/issues/{}", issue["id"]), json!({"category": "信息化"})).await;
    assert_problem(r, 409).await;
    // another issue's category changes where it is counted
    let other = &listed[1];
    let r = patch(&app, &format!("/v1/issues/{}", other["id"]), json!({"category": "信息化"})).await;
    assert_eq!(r.status(), 200);
    let it = app.get_json("/v1/issues?category=信息化").await;
    assert!(it["items"].as_array().unwrap().iter().any(|i| i["id"] == other["id"]));
}

#[tokio::test]
async fn corrections_survive_a_reparse_and_orphan_when_their_text_is_gone() {
    let app = TestApp::spawn().await;
    let (id, obs) = hangzhou(&app).await;
    let r = patch(&app, &format!("/v1/observations/{}", obs["id"]), json!({"value": 97.5, "year": 2008})).await;
    assert_eq!(r.status(), 200);
    let (name, bytes) = seed("003");
    let id3 = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();
    let issue = app.get_json(&format!("/v1/reports/{id3}/issues")).await["items"][0].clone();
    assert_eq!(patch(&app, &format!("/v1/issues/{}", issue["id"]), json!({"reject": true})).await.status(), 200);
    // re-parse both (as if an older parser had made them): new rows, the corrections applied again
    set_parser_version(&app, &id, 1).await;
    set_parser_version(&app, &id3, 1).await;
    let out = reparse_all(&app).await;
    assert_eq!(out["reparsed"], 2, "{out}");
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key={KEY}")).await;
    let again = inds["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["evidence"]["start"] == obs["evidence"]["start"])
        .unwrap()
        .clone();
    assert_eq!((again["value"].as_f64(), again["period"]["year"].as_i64()), (Some(97.5), Some(2008)));
    let s = app.get_json(&format!("/v1/indicators/{KEY}/series?region=杭州市&from=2008&to=2008")).await;
    assert!(s.to_string().contains("97.5"), "{s}");
    let listed = app.get_json(&format!("/v1/issues?report={id3}")).await;
    assert!(!listed["items"].as_array().unwrap().iter().any(|i| i["evidence"] == issue["evidence"]));
    let cs = corrections(&app, &id).await;
    assert_eq!((cs.len(), cs[0]["status"].as_str(), &cs[0]["target"]["id"]), (1, Some("applied"), &again["id"]));
    let pool = sqlx::PgPool::connect(&app.settings.database_url).await.unwrap();
    // words added before the figure: its text is found further on, and the correction follows it
    sqlx::query("UPDATE report_originals SET bytes = convert_to(replace(convert_from(bytes, 'UTF8'), '提高筹资水平。', '提高筹资和保障水平。'), 'UTF8') WHERE report_id = $1")
        .bind(uuid::Uuid::parse_str(&id).unwrap())
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(app.client.post(app.url(&format!("/v1/reports/{id}/reparse"))).send().await.unwrap().status(), 200);
    let cs = corrections(&app, &id).await;
    let moved = cs[0]["anchor"]["start"].as_i64().unwrap();
    assert_eq!(
        (cs[0]["status"].as_str(), moved),
        (Some("applied"), obs["evidence"]["start"].as_i64().unwrap() + 3),
        "{cs:?}"
    );
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key={KEY}")).await;
    assert!(inds["items"].as_array().unwrap().iter().any(|o| o["evidence"]["start"] == moved && o["value"] == 97.5));
    // the figure's text changes in the original: the correction is orphaned, listed, not applied
    sqlx::query("UPDATE report_originals SET bytes = convert_to(replace(convert_from(bytes, 'UTF8'), '97.2%', '96.1%'), 'UTF8') WHERE report_id = $1")
        .bind(uuid::Uuid::parse_str(&id).unwrap())
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(app.client.post(app.url(&format!("/v1/reports/{id}/reparse"))).send().await.unwrap().status(), 200);
    let cs = corrections(&app, &id).await;
    assert_eq!((cs.len(), cs[0]["status"].as_str()), (1, Some("orphaned")), "{cs:?}");
    assert!(cs[0]["target"]["id"].is_null());
    assert_eq!(cs[0]["changes"]["value"]["after"], 97.5);
    let values = series_values(&app, "杭州市").await;
    assert!(values.contains(&96.1) && !values.contains(&97.5), "{values:?}");
}

#[tokio::test]
async fn a_missed_figure_is_added_and_kept() {
    let app = TestApp::spawn().await;
    let (id, obs) = hangzhou(&app).await;
    let text = app.client.get(app.url(&format!("/v1/reports/{id}/text"))).send().await.unwrap().text().await.unwrap();
    let chars: Vec<char> = text.chars().collect();
    // "369.7万人" just before the 97.2%: pretend it was missed (at a span nothing was read at, its first three digits)
    let at = (0..chars.len()).find(|&i| chars[i..].starts_with(&['3', '6', '9', '.'])).unwrap() as i64;
    let body = json!({"start": at, "end": at + 3, "name": "测试指标", "value": 369, "unit": "个", "kind": "value", "year": 2007});
    let r = app.client.post(app.url(&format!("/v1/reports/{id}/observations"))).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    assert_eq!((c["action"].as_str(), c["anchor"]["text"].as_str()), (Some("add"), Some("369")));
    let r = app.client.post(app.url(&format!("/v1/reports/{id}/observations"))).json(&body).send().await.unwrap();
    assert_problem(r, 409).await;
    let find = |v: &Value| v["items"].as_array().unwrap().iter().find(|o| o["name"] == "测试指标").cloned();
    let added = find(&app.get_json(&format!("/v1/reports/{id}/indicators")).await).expect("added");
    assert_eq!((added["value"].as_f64(), added["corrected"].as_bool()), (Some(369.0), Some(true)));
    assert!(added["evidence"]["text"].as_str().unwrap().contains("369.7万人"));
    assert_eq!(app.client.post(app.url(&format!("/v1/reports/{id}/reparse"))).send().await.unwrap().status(), 200);
    assert!(
        find(&app.get_json(&format!("/v1/reports/{id}/indicators")).await).is_some(),
        "added again after a re-parse"
    );
    assert_eq!(corrections(&app, &id).await[0]["status"], "applied");
    // a gold file of the corrected extraction
    let g = app.get_json(&format!("/v1/reports/{id}/gold")).await;
    assert_eq!(g["meta"]["region"], "杭州市");
    let gi = g["indicators"].as_array().unwrap();
    assert!(gi.iter().any(|i| i["name"] == "测试指标" && i["value"] == 369.0));
    let p = gi.iter().find(|i| i["start"] == obs["evidence"]["start"]).unwrap();
    assert_eq!((p["raw"].as_str(), p["context"].as_str()), (Some("97.2%"), Some("农民参合率达到97.2%")));
}

#[tokio::test]
async fn bad_corrections_are_problems() {
    let app = TestApp::spawn().await;
    let (id, obs) = hangzhou(&app).await;
    let o = format!("/v1/observations/{}", obs["id"]);
    assert_problem(patch(&app, "/v1/observations/999999", json!({"value": 1})).await, 404).await;
    assert_problem(patch(&app, "/v1/observations/abc", json!({"value": 1})).await, 404).await;
    assert_problem(patch(&app, "/v1/issues/999999", json!({"reject": true})).await, 404).await;
    for bad in [
        json!({"kind": "total"}),
        json!({"indicator_key": "no_such_indicator"}),
        json!({"year": 1200}),
        json!({"name": " "}),
        json!({"value": "many"}),
        json!({"colour": "red"}),
        json!({}),
        json!({"reject": true, "value": 1}),
    ] {
        assert_problem(patch(&app, &o, bad.clone()).await, 422).await;
    }
    let r =
        app.client.patch(app.url(&o)).header("content-type", "application/json").body("{nope").send().await.unwrap();
    assert_problem(r, 400).await;
    let add = |body: Value| app.client.post(app.url(&format!("/v1/reports/{id}/observations"))).json(&body).send();
    assert_problem(add(json!({"start": 5, "end": 1, "name": "x", "unit": "%"})).await.unwrap(), 422).await;
    assert_problem(add(json!({"start": 0, "end": 9_999_999, "name": "x", "unit": "%"})).await.unwrap(), 422).await;
    let span = json!({"start": obs["evidence"]["start"], "end": obs["evidence"]["end"], "name": "x", "unit": "%"});
    assert_problem(add(span).await.unwrap(), 409).await;
    let r = app
        .client
        .post(app.url("/v1/reports/0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e/observations"))
        .json(&json!({"start": 0, "end": 1, "name": "x", "unit": "%"}))
        .send()
        .await
        .unwrap();
    assert_problem(r, 404).await;
    assert_eq!(patch(&app, &o, json!({"reject": true})).await.status(), 200);
    assert_problem(patch(&app, &o, json!({"value": 2})).await, 409).await;
    assert_eq!(patch(&app, &o, json!({"reject": false})).await.status(), 200);
    assert_problem(
        app.client.get(app.url("/v1/reports/0190f3a2-7c1e-7d2b-9b8e-3f1a2b3c4d5e/corrections")).send().await.unwrap(),
        404,
    )
    .await;
    assert_eq!(corrections(&app, &id).await.len(), 2, "refused changes leave no trace");
    // rejected then restored: after a re-parse both apply, and the figure is back
    assert_eq!(app.client.post(app.url(&format!("/v1/reports/{id}/reparse"))).send().await.unwrap().status(), 200);
    let cs = corrections(&app, &id).await;
    assert!(cs.iter().all(|c| c["status"] == "applied"), "{cs:?}");
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key=ncms_participation_rate")).await;
    assert!(inds["items"].as_array().unwrap().iter().any(|o| o["value"] == 97.2 && o["rejected"] == false));
}

#[tokio::test]
async fn corrections_need_a_write_key_and_name_it() {
    let keys = "alice:write:0123456789abcdef0123,bob:read:fedcba9876543210fedc";
    let app = TestApp::spawn_with(&[("API_KEYS", keys)]).await;
    let (name, bytes) = seed("002");
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name).mime_str("text/plain").unwrap());
    let auth = |k: &str| format!("Bearer {k}");
    let rep: Value = app
        .client
        .post(app.url("/v1/reports"))
        .header("authorization", auth("0123456789abcdef0123"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = rep["id"].as_str().unwrap();
    let inds: Value = app
        .client
        .get(app.url(&format!("/v1/reports/{id}/indicators?limit=1")))
        .header("authorization", auth("fedcba9876543210fedc"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let o = format!("/v1/observations/{}", inds["items"][0]["id"]);
    let body = json!({"value": 1.5});
    assert_problem(app.client.patch(app.url(&o)).json(&body).send().await.unwrap(), 401).await;
    let r = app
        .client
        .patch(app.url(&o))
        .header("authorization", auth("fedcba9876543210fedc"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_problem(r, 403).await;
    let r = app
        .client
        .patch(app.url(&o))
        .header("authorization", auth("0123456789abcdef0123"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["actor"], "alice");
}

#[tokio::test]
async fn an_item_s_span_and_a_plan_are_corrected_and_kept() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("003");
    let id = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();
    let text = app.client.get(app.url(&format!("/v1/reports/{id}/text"))).send().await.unwrap().text().await.unwrap();
    let chars: Vec<char> = text.chars().collect();
    let issue = app.get_json(&format!("/v1/reports/{id}/issues")).await["items"][0].clone();
    let (s, e) = (issue["evidence"]["start"].as_i64().unwrap(), issue["evidence"]["end"].as_i64().unwrap());
    let r = patch(&app, &format!("/v1/issues/{}", issue["id"]), json!({"start": s + 2})).await;
    assert_eq!(r.status(), 200);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["changes"]["start"], json!({"before": s, "after": s + 2}));
    assert_eq!(c["changes"]["end"], json!({"before": e, "after": e}), "both ends are recorded");
    let want: String = chars[(s + 2) as usize..e as usize].iter().collect();
    let check = |v: &Value| {
        let i =
            v["items"].as_array().unwrap().iter().find(|i| i["evidence"]["start"] == s + 2).cloned().expect("moved");
        assert_eq!((i["text"].as_str(), i["corrected"].as_bool()), (Some(want.as_str()), Some(true)));
    };
    check(&app.get_json(&format!("/v1/reports/{id}/issues")).await);
    assert_problem(patch(&app, &format!("/v1/issues/{}", issue["id"]), json!({"end": 99_999_999})).await, 422).await;
    assert_problem(patch(&app, &format!("/v1/issues/{}", issue["id"]), json!({"category": "天气"})).await, 422).await;
    let plans = app.get_json(&format!("/v1/reports/{id}/plans")).await["items"].as_array().unwrap().clone();
    let plan = &plans[0];
    assert_problem(patch(&app, &format!("/v1/plans/{}", plan["id"]), json!({"category": "信息化"})).await, 422).await;
    assert_eq!(patch(&app, &format!("/v1/plans/{}", plan["id"]), json!({"reject": true})).await.status(), 200);
    let count = |v: &Value| v["items"].as_array().unwrap().len();
    assert_eq!(count(&app.get_json(&format!("/v1/reports/{id}/plans")).await), plans.len() - 1);
    assert_eq!(app.client.post(app.url(&format!("/v1/reports/{id}/reparse"))).send().await.unwrap().status(), 200);
    check(&app.get_json(&format!("/v1/reports/{id}/issues")).await);
    assert_eq!(count(&app.get_json(&format!("/v1/reports/{id}/plans")).await), plans.len() - 1);
    assert!(corrections(&app, &id).await.iter().all(|c| c["status"] == "applied"));
}
