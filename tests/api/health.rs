use crate::helpers::{assert_problem, TestApp};

#[tokio::test]
async fn liveness_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-request-id"), "every response carries its request id");
    let r = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let m = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(m.contains("http_requests_total"), "{m}");
    assert!(m.contains("db_pool_connections"));
}

#[tokio::test]
async fn unknown_paths_are_problem_json_404() {
    let app = TestApp::spawn().await;
    assert_problem(app.client.get(app.url("/v2/nothing")).send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn a_known_path_with_the_wrong_method_is_405_with_allow() {
    let app = TestApp::spawn().await;
    let r = app.client.put(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.headers().get("allow").unwrap(), "GET");
    assert_problem(r, 405).await;
    let r = app.client.patch(app.url("/v1/reports/00000000-0000-0000-0000-000000000000")).send().await.unwrap();
    let allow = r.headers().get("allow").unwrap().to_str().unwrap().to_string();
    assert!(allow.contains("GET") && allow.contains("DELETE"), "{allow}");
    assert_problem(r, 405).await;
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    // A pool pointing at a port where nothing listens: the process is alive, not ready.
    let settings = {
        let app = TestApp::spawn().await;
        app.settings.clone()
    };
    let pool = healthreport::store::connect_lazy("postgres://postgres@127.0.0.1:1/none", 1, 1).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server =
        healthreport::startup::run(listener, pool, healthreport::extract::Knowledge::embedded(), settings).unwrap();
    tokio::spawn(server);
    let c = reqwest::Client::new();
    assert_eq!(c.get(format!("http://127.0.0.1:{port}/healthz")).send().await.unwrap().status(), 200);
    let r = c.get(format!("http://127.0.0.1:{port}/readyz")).send().await.unwrap();
    assert!(r.headers().contains_key("retry-after"));
    assert_problem(r, 503).await;
}
