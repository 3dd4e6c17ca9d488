//! The desk's pages over HTTP: rendered from the same data as the API, no
//! resources from elsewhere, evidence marked at its offsets.

use serde_json::json;

use crate::helpers::{seed, TestApp};

async fn page(app: &TestApp, path: &str) -> String {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    r.text().await.unwrap()
}

#[tokio::test]
async fn pages_show_reports_highlights_series_and_issues() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("002");
    let id = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();
    let (name, bytes) = seed("003");
    let id3 = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();

    let index = page(&app, "/").await;
    assert!(index.contains("2007年杭州市医改工作总结") && index.contains(&format!("/reports/{id}")));
    assert!(index.find(&id3).unwrap() < index.find(&id).unwrap(), "newest first");
    assert!(index.contains(r#"type="file""#) && index.contains(r#"id="drop""#));
    let version = healthreport::extract::PARSER_VERSION;
    let only = page(&app, &format!("/?region=杭州市&doc_type=工作总结&parser_version={version}&year=2007")).await;
    assert!(only.contains(&id) && !only.contains(&id3));
    for html in [&index, &only] {
        assert!(!html.contains("http://") && !html.contains("https://"), "no resources from elsewhere");
    }

    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?key=ncms_participation_rate")).await;
    let o = inds["items"].as_array().unwrap().iter().find(|o| o["value"] == 97.2).unwrap().clone();
    let report = page(&app, &format!("/reports/{id}")).await;
    let oid = o["id"].as_i64().unwrap();
    let anchor = format!(r#"<span id="o{oid}" class="anchor"></span><span class="hl-value" data-m=""#);
    let at = report.find(&anchor).expect("the figure has an anchor") + anchor.len();
    let seg = &report[at..at + report[at..].find("</span>").unwrap()];
    assert!(seg.contains(&format!("o{oid} ")) && seg.ends_with("\">97.2%"), "the figure marked at its offsets: {seg}");
    assert!(report.contains(&format!(r##"href="#o{oid}""##)), "its row links to it");

    let series = page(&app, "/indicators/ncms_participation_rate?region=330100").await;
    assert!(series.contains("<svg") && series.contains("/reports/"));
    assert!(
        series.contains(&format!(r#"<a href="/reports/{id}#o{oid}"><circle"#)),
        "a chart point links to its sentence"
    );
    assert!(series.contains(&format!(r#"<a href="/reports/{id}#o{oid}">2007"#)), "a table row links to it");
    let r = app
        .client
        .patch(app.url(&format!("/v1/observations/{oid}")))
        .json(&json!({"reject": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report = page(&app, &format!("/reports/{id}")).await;
    assert!(!report.contains(&format!(r#"id="o{oid}""#)), "a rejected figure is not marked");
    assert!(!report.contains(&format!("row-o{oid}\"")), "nor listed by default");
    let rejected = page(&app, &format!("/reports/{id}?show=rejected")).await;
    assert!(rejected.contains(&format!("row-o{oid}\"")));

    let issues = page(&app, "/issues?q=人才").await;
    assert!(issues.contains(&format!("/reports/{id3}#i")));
    assert_eq!(app.client.get(app.url("/reports/nope")).send().await.unwrap().status(), 404);
    let css = app.client.get(app.url("/static/desk.css")).send().await.unwrap().text().await.unwrap();
    assert!(css.contains("Noto Sans CJK SC") && css.contains(":focus-visible"));
}
