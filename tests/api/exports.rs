//! Spreadsheet exports, read back with openpyxl (python3) and compared with the JSON.

use serde_json::{json, Value};

use crate::helpers::{seed, TestApp};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Every sheet of a workbook as rows of values: `{"sheet": [[…], …]}`.
pub fn read_xlsx(bytes: &[u8]) -> Value {
    let path = std::env::temp_dir().join(format!("hr-export-{}.xlsx", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, bytes).unwrap();
    let script = "import json, sys, openpyxl\n\
                  wb = openpyxl.load_workbook(sys.argv[1])\n\
                  print(json.dumps({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}, default=str))";
    let out = std::process::Command::new("python3").arg("-c").arg(script).arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("python3 is needed to read the XLSX exports back (apt-get install python3)");
    assert!(
        out.status.success(),
        "openpyxl could not read the export (python3 -m pip install --user openpyxl): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn get_xlsx(app: &TestApp, path: &str) -> Value {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    assert_eq!(r.headers()["content-type"], XLSX);
    read_xlsx(&r.bytes().await.unwrap())
}

/// A sheet's rows as objects keyed by its header.
fn records(book: &Value, sheet: &str) -> Vec<serde_json::Map<String, Value>> {
    let rows = book[sheet].as_array().unwrap_or_else(|| panic!("no sheet {sheet}: {book}"));
    let header: Vec<String> = rows[0].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect();
    rows[1..].iter().map(|r| header.iter().cloned().zip(r.as_array().unwrap().iter().cloned()).collect()).collect()
}

#[tokio::test]
async fn a_report_exports_its_corrected_figures_issues_and_plans() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("003");
    let id = app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string();
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators")).await["items"].as_array().unwrap().clone();
    let first = &inds[0];
    let r =
        app.client.patch(app.url(&format!("/v1/observations/{}", first["id"]))).json(&json!({"value": 12345.5})).send();
    assert_eq!(r.await.unwrap().status(), 200);
    let book = get_xlsx(&app, &format!("/v1/reports/{id}/export.xlsx")).await;
    let sheet = records(&book, "indicators");
    assert_eq!(sheet.len(), inds.len());
    let json_now = app.get_json(&format!("/v1/reports/{id}/indicators")).await;
    for (row, o) in sheet.iter().zip(json_now["items"].as_array().unwrap()) {
        assert_eq!(row["id"].as_f64(), o["id"].as_f64());
        assert_eq!(row["value"].as_f64(), o["value"].as_f64(), "{row:?}");
        assert_eq!(row["name"], o["name"]);
        assert_eq!(row["unit"], o["unit"]);
    }
    assert_eq!(sheet[0]["value"].as_f64(), Some(12345.5));
    let issues = app.get_json(&format!("/v1/reports/{id}/issues")).await["items"].as_array().unwrap().clone();
    let rows = records(&book, "issues");
    assert_eq!(rows.len(), issues.len());
    assert!(!issues.is_empty());
    assert_eq!(rows[0]["text"], issues[0]["text"]);
    assert_eq!(rows[0]["category"], issues[0]["category"]);
    let plans = app.get_json(&format!("/v1/reports/{id}/plans")).await["items"].as_array().unwrap().len();
    assert_eq!(records(&book, "plans").len(), plans);
}

#[tokio::test]
async fn a_series_exports_long_and_wide() {
    let app = TestApp::spawn().await;
    for prefix in ["002", "003"] {
        let (name, bytes) = seed(prefix);
        app.upload_ok(&name, bytes).await;
    }
    let key = "ncms_participation_rate";
    let s = app.get_json(&format!("/v1/indicators/{key}/series")).await;
    let points: Vec<(String, i64, Option<f64>, bool)> = s["series"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let code = r["region"]["code"].as_str().unwrap().to_string();
            r["points"].as_array().unwrap().iter().map(move |p| {
                (code.clone(), p["year"].as_i64().unwrap(), p["value"].as_f64(), p["preferred"].as_bool().unwrap())
            })
        })
        .collect();
    assert!(!points.is_empty());
    let long = records(&get_xlsx(&app, &format!("/v1/indicators/{key}/series.xlsx")).await, "series");
    let got: Vec<(String, i64, Option<f64>, bool)> = long
        .iter()
        .map(|r| {
            let year = r["year"].as_f64().unwrap() as i64;
            (
                r["region_code"].as_str().unwrap().to_string(),
                year,
                r["value"].as_f64(),
                r["preferred"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, points);
    let wide = get_xlsx(&app, &format!("/v1/indicators/{key}/series.xlsx?layout=wide")).await;
    let rows = wide["series"].as_array().unwrap();
    let header: Vec<String> = rows[0].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect();
    for (code, year, value, preferred) in points.iter().filter(|p| p.3) {
        let row = rows.iter().find(|r| r[0] == code.as_str()).unwrap();
        let col = header.iter().position(|h| *h == year.to_string()).unwrap();
        assert_eq!(row[col].as_f64(), *value, "{code} {year} preferred={preferred}");
    }
    let r = app.client.get(app.url(&format!("/v1/indicators/{key}/series.xlsx?layout=tall"))).send().await.unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn issues_export_with_the_list_s_filters() {
    let app = TestApp::spawn().await;
    for prefix in ["002", "003", "004"] {
        let (name, bytes) = seed(prefix);
        app.upload_ok(&name, bytes).await;
    }
    for query in ["", "?q=人才", "?category=财政投入"] {
        let listed =
            app.get_json(&format!("/v1/issues{query}{}limit=200", if query.is_empty() { "?" } else { "&" })).await;
        let rows = records(&get_xlsx(&app, &format!("/v1/issues.xlsx{query}")).await, "issues");
        let ids: Vec<f64> = listed["items"].as_array().unwrap().iter().map(|i| i["id"].as_f64().unwrap()).collect();
        let got: Vec<f64> = rows.iter().map(|r| r["id"].as_f64().unwrap()).collect();
        assert_eq!(got, ids, "{query}");
        for (r, i) in rows.iter().zip(listed["items"].as_array().unwrap()) {
            assert_eq!((&r["text"], &r["category"]), (&i["text"], &i["category"]));
        }
    }
}

#[tokio::test]
async fn csv_series_start_with_a_bom() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("002");
    app.upload_ok(&name, bytes).await;
    let r = app.client.get(app.url("/v1/indicators/ncms_participation_rate/series?format=csv")).send().await.unwrap();
    let body = r.bytes().await.unwrap();
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
}
