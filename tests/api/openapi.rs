use serde_json::Value;

use crate::helpers::TestApp;

#[tokio::test]
async fn served_spec_matches_the_committed_one() {
    let app = TestApp::spawn().await;
    let served: Value = app.get_json("/openapi.json").await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("openapi/openapi.json is committed")).unwrap();
    assert!(
        served == committed,
        "openapi/openapi.json is out of date with the code; regenerate it with:\n    cargo run -- openapi > openapi/openapi.json"
    );
    // The generated file is byte-identical to what `openapi` prints.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        healthreport::openapi::json(),
        "regenerate with: cargo run -- openapi > openapi/openapi.json"
    );
}

#[tokio::test]
async fn every_operation_is_documented() {
    let spec: Value = serde_json::from_str(&healthreport::openapi::json()).unwrap();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let summary = op["summary"].as_str().or(op["description"].as_str()).unwrap_or("");
            assert!(!summary.is_empty(), "{method} {path} has no summary");
            let responses = op["responses"].as_object().unwrap();
            assert!(!responses.is_empty(), "{method} {path} documents no response");
            for (code, r) in responses {
                assert!(
                    r["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{method} {path} {code} has no description"
                );
            }
            if let Some(params) = op["parameters"].as_array() {
                for p in params {
                    assert!(
                        p["description"].as_str().is_some_and(|d| !d.is_empty()),
                        "{method} {path} parameter {} has no description",
                        p["name"]
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn interactive_docs_work_offline() {
    let app = TestApp::spawn().await;
    let r = app.client.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(r.status(), 308);
    let r = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    for cdn in ["unpkg.com", "cdn.jsdelivr", "cdnjs"] {
        assert!(!html.contains(cdn), "the docs page must not load from a CDN ({cdn})");
    }
    let js = app.client.get(app.url("/docs/swagger-ui-bundle.js")).send().await.unwrap();
    assert_eq!(js.status(), 200, "Swagger UI assets are served by the service itself");
}
