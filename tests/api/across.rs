//! Across reports: catalogue, series (JSON, CSV, SVG), issue search, regions.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::{assert_problem, seed, TestApp};

/// The Hangzhou 2007 summary rewritten for another city, year and participation rate.
fn variant(city: &str, year: i32, rate: &str) -> (String, Vec<u8>) {
    let (_, bytes) = seed("002");
    let text = String::from_utf8(bytes).unwrap();
    let shifted = text
        .replace("2006年", &format!("{}年", year - 1))
        .replace("2007年", &format!("{year}年"))
        .replace("杭州", city.trim_end_matches('市'))
        .replace("97.2%", rate);
    (format!("{city}-{year}.txt"), shifted.into_bytes())
}

async fn load(app: &TestApp) {
    for (city, year, rate) in [("杭州市", 2006, "95.1%"), ("宁波市", 2007, "96.0%"), ("宁波市", 2008, "98.3%")]
    {
        let (name, bytes) = variant(city, year, rate);
        app.upload_ok(&name, bytes).await;
    }
    for s in ["002", "000", "003", "004"] {
        let (name, bytes) = seed(s);
        app.upload_ok(&name, bytes).await;
    }
}

#[tokio::test]
async fn series_by_region_and_year() {
    let app = TestApp::spawn().await;
    load(&app).await;
    let s = app.get_json("/v1/indicators/ncms_participation_rate/series?region=杭州市&region=330200").await;
    assert_eq!(s["unit"], "%");
    let got: Vec<(String, Vec<(i64, f64)>)> = s["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"]["name"].as_str().unwrap().to_string(),
                r["points"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p["year"].as_i64().unwrap(), p["value"].as_f64().unwrap()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("杭州市".into(), vec![(2006, 95.1), (2007, 97.2)]), ("宁波市".into(), vec![(2007, 96.0), (2008, 98.3)])]
    );
    let p = &s["series"][0]["points"][1];
    assert!(p["evidence"]["text"].as_str().unwrap().contains("97.2%"));
    assert_eq!(p["report"]["title"], "2007年杭州市医改工作总结");
    // years filter
    let s = app.get_json("/v1/indicators/ncms_participation_rate/series?region=宁波市&from=2008&to=2010").await;
    assert_eq!(s["series"][0]["points"].as_array().unwrap().len(), 1);
    // only the cities asked for
    let s = app.get_json("/v1/indicators/ncms_participation_rate/series?region=宁波市").await;
    assert_eq!(s["series"].as_array().unwrap().len(), 1);
    // a city named twice (by name and by code) is still one series, each point once
    let s = app.get_json("/v1/indicators/ncms_participation_rate/series?region=杭州市&region=330100").await;
    assert_eq!(s["series"].as_array().unwrap().len(), 1);
    assert_eq!(s["series"][0]["points"].as_array().unwrap().len(), 2);
    // a province includes its cities only when asked
    let none = app.get_json("/v1/indicators/ncms_participation_rate/series?region=浙江省").await;
    assert_eq!(none["series"].as_array().unwrap().len(), 0);
    let all = app.get_json("/v1/indicators/ncms_participation_rate/series?region=浙江省&include_subregions=true").await;
    assert_eq!(all["series"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn several_reports_for_one_year_mark_the_preferred_point() {
    let app = TestApp::spawn().await;
    load(&app).await;
    // 2006 outpatient compensation: first-hand in the 2006 report, quoted by the 2007 one
    let s = app.get_json("/v1/indicators/outpatient_compensation_rate/series?region=杭州市").await;
    let pts: Vec<&Value> = s["series"][0]["points"].as_array().unwrap().iter().filter(|p| p["year"] == 2006).collect();
    assert_eq!(pts.len(), 2, "both sources are returned");
    let preferred: Vec<&&Value> = pts.iter().filter(|p| p["preferred"] == true).collect();
    assert_eq!(preferred.len(), 1);
    assert_eq!(preferred[0]["report"]["year"], 2006, "the report about 2006 wins: {}", s["preference_rule"]);
    let c = app.get_json("/v1/indicators/outpatient_compensation_rate/series?region=杭州市&collapse=preferred").await;
    let years: Vec<i64> =
        c["series"][0]["points"].as_array().unwrap().iter().map(|p| p["year"].as_i64().unwrap()).collect();
    let unique: BTreeSet<i64> = years.iter().copied().collect();
    assert_eq!(years.len(), unique.len(), "one point per year when collapsed");
}

#[tokio::test]
async fn series_as_csv_and_svg() {
    let app = TestApp::spawn().await;
    load(&app).await;
    let r = app
        .client
        .get(app.url("/v1/indicators/ncms_participation_rate/series?region=杭州市&region=宁波市"))
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = r.bytes().await.unwrap();
    assert_eq!(&body[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let mut rdr: Vec<Vec<String>> = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        rdr.push(parse_csv_line(line));
    }
    let header = &rdr[0];
    assert_eq!(header[0], "indicator_key");
    assert!(rdr[1..].iter().all(|row| row.len() == header.len()), "every row has every column");
    let year = header.iter().position(|h| h == "year").unwrap();
    let value = header.iter().position(|h| h == "value").unwrap();
    let pairs: Vec<(String, String)> = rdr[1..].iter().map(|r| (r[year].clone(), r[value].clone())).collect();
    assert_eq!(
        pairs,
        vec![
            ("2006".into(), "95.1".into()),
            ("2007".into(), "97.2".into()),
            ("2007".into(), "96".into()),
            ("2008".into(), "98.3".into())
        ]
    );
    let same = app
        .client
        .get(app.url("/v1/indicators/ncms_participation_rate/series?region=杭州市&region=宁波市&format=csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(same, body);

    let svg = app
        .client
        .get(app.url("/v1/indicators/ncms_participation_rate/series.svg?region=杭州市&region=宁波市"))
        .send()
        .await
        .unwrap();
    assert_eq!(svg.headers()["content-type"].to_str().unwrap(), "image/svg+xml; charset=utf-8");
    let svg = svg.text().await.unwrap();
    assert!(is_well_formed_xml(&svg), "{svg}");
    assert_eq!(svg.matches("<polyline").count(), 2, "one line per region");
    assert!(svg.contains("杭州市") && svg.contains("宁波市") && svg.contains("新农合参合率（%）"));
}

/// A minimal CSV field splitter (quotes, doubled quotes).
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Tags balance and every attribute is quoted: enough to know a viewer will open it.
fn is_well_formed_xml(s: &str) -> bool {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else { return false };
        let tag = &rest[i + 1..i + j];
        rest = &rest[i + j + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return false;
            }
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap_or("").to_string());
        }
        if !tag.matches('"').count().is_multiple_of(2) {
            return false;
        }
    }
    stack.is_empty()
}

#[tokio::test]
async fn catalogue_counts_what_was_observed() {
    let app = TestApp::spawn().await;
    load(&app).await;
    let cat = app.get_json("/v1/indicators").await;
    let items = cat["items"].as_array().unwrap();
    let rate = items.iter().find(|i| i["key"] == "ncms_participation_rate").unwrap();
    assert_eq!(rate["observations"], 5, "four Zhejiang reports and the redacted 000");
    assert_eq!((rate["first_year"].as_i64(), rate["last_year"].as_i64()), (Some(2006), Some(2008)));
    assert!(items.iter().all(|i| i["observations"].as_i64().unwrap() > 0));
    let found = app.get_json("/v1/indicators?q=参合").await;
    assert!(found["items"].as_array().unwrap().iter().any(|i| i["key"] == "ncms_participation_rate"));
    assert!(found["items"].as_array().unwrap().len() < items.len());
    let all = app.get_json("/v1/indicators?all=true").await;
    assert!(all["items"].as_array().unwrap().len() >= 80, "the catalogue has at least 80 indicators");
    let one = app.get_json("/v1/indicators/ncms_participation_rate").await;
    assert!(one["synonyms"].as_array().unwrap().iter().any(|s| s == "参合率"));
    assert_problem(app.client.get(app.url("/v1/indicators/no_such_key")).send().await.unwrap(), 404).await;
    assert_problem(
        app.client.get(app.url("/v1/indicators/ncms_participation_rate/series?kind=bogus")).send().await.unwrap(),
        400,
    )
    .await;
    assert_problem(
        app.client
            .get(app.url("/v1/indicators/ncms_participation_rate/series?from=2010&to=2005"))
            .send()
            .await
            .unwrap(),
        400,
    )
    .await;
    // deleting a report takes its observations out of the counts
    let reports = app.get_json("/v1/reports?region=宁波市").await;
    for r in reports["items"].as_array().unwrap() {
        app.client.delete(app.url(&format!("/v1/reports/{}", r["id"].as_str().unwrap()))).send().await.unwrap();
    }
    let cat = app.get_json("/v1/indicators").await;
    let rate = cat["items"].as_array().unwrap().iter().find(|i| i["key"] == "ncms_participation_rate").unwrap().clone();
    assert_eq!(rate["observations"], 3);
}

async fn all_issues(app: &TestApp) -> Vec<Value> {
    let mut out = Vec::new();
    for r in app.get_json("/v1/reports?limit=100").await["items"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        for i in app.get_json(&format!("/v1/reports/{id}/issues")).await["items"].as_array().unwrap() {
            out.push(serde_json::json!({"id": i["id"], "text": i["text"], "category": i["category"], "region": r["region"]["name"], "year": r["period"]["year"]}));
        }
    }
    out
}

async fn page_all(app: &TestApp, query: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut path = format!("/v1/issues?{query}&limit=3");
    loop {
        let page = app.get_json(&path).await;
        ids.extend(page["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/issues?{query}&limit=3&cursor={c}"),
            None => return ids,
        }
    }
}

#[tokio::test]
async fn issue_filters_and_search_return_exactly_the_expected_items() {
    let app = TestApp::spawn().await;
    load(&app).await;
    let all = all_issues(&app).await;
    assert!(all.len() >= 20);
    let expect = |f: &dyn Fn(&Value) -> bool| -> Vec<i64> {
        let mut v: Vec<i64> = all.iter().filter(|i| f(i)).map(|i| i["id"].as_i64().unwrap()).collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    };
    // every issue once, newest first, across pages
    assert_eq!(page_all(&app, "").await, expect(&|_| true));
    for q in ["人才", "信息化", "医", "债务化解"] {
        let got = page_all(&app, &format!("q={q}")).await;
        assert_eq!(got, expect(&|i| i["text"].as_str().unwrap().contains(q)), "q={q}");
        assert!(!got.is_empty(), "q={q} finds something");
    }
    assert_eq!(page_all(&app, "category=人才队伍").await, expect(&|i| i["category"] == "人才队伍"));
    assert_eq!(page_all(&app, "region=乌兰察布市").await, expect(&|i| i["region"] == "乌兰察布市"));
    assert_eq!(
        page_all(&app, "year=2023&q=不").await,
        expect(&|i| i["year"] == 2023 && i["text"].as_str().unwrap().contains('不'))
    );
    // % and _ are literal characters, not wildcards (003 writes "占比(%)")
    assert_eq!(page_all(&app, "q=%25").await, expect(&|i| i["text"].as_str().unwrap().contains('%')));
    assert!(page_all(&app, "q=_").await.is_empty());
    let cats = app.get_json("/v1/issues/categories").await;
    let total: i64 = cats["items"].as_array().unwrap().iter().map(|c| c["count"].as_i64().unwrap()).sum();
    assert_eq!(total as usize, all.len());
    assert_eq!(cats["items"].as_array().unwrap().len(), 10, "every category of the taxonomy");
    let talent = app.get_json("/v1/issues/categories?q=人才").await;
    let n: i64 = talent["items"].as_array().unwrap().iter().map(|c| c["count"].as_i64().unwrap()).sum();
    assert_eq!(n as usize, expect(&|i| i["text"].as_str().unwrap().contains("人才")).len());
    assert_problem(app.client.get(app.url("/v1/issues?category=不存在")).send().await.unwrap(), 400).await;
    // new issues wait in the index's pending list until the background task
    // merges it into the index; searches find the same issues once merged
    let pool = sqlx::PgPool::connect(&app.settings.database_url).await.unwrap();
    healthreport::store::merge_search_index(&pool).await.unwrap();
    for q in ["人才", "债务化解", "医"] {
        assert_eq!(
            page_all(&app, &format!("q={q}")).await,
            expect(&|i| i["text"].as_str().unwrap().contains(q)),
            "q={q}, merged"
        );
    }
    // a region with many issues is searched through the windows of newest issues,
    // not its own index: make 乌兰察布市 look large in the summary counts
    sqlx::query("UPDATE issue_stats SET n = n + 1000000 WHERE region_code = '150900'").execute(&pool).await.unwrap();
    let in_region = |i: &Value| i["region"] == "乌兰察布市";
    assert_eq!(page_all(&app, "region=乌兰察布市").await, expect(&in_region));
    assert_eq!(
        page_all(&app, "region=乌兰察布市&q=不").await,
        expect(&|i| in_region(i) && i["text"].as_str().unwrap().contains('不'))
    );
    assert_eq!(
        page_all(&app, "region=乌兰察布市&q=人才").await,
        expect(&|i| in_region(i) && i["text"].as_str().unwrap().contains("人才"))
    );
}

#[tokio::test]
async fn paging_is_stable_while_reports_arrive() {
    let app = TestApp::spawn().await;
    let (n, b) = seed("004");
    app.upload_ok(&n, b).await;
    let first = app.get_json("/v1/issues?limit=4").await;
    let (n, b) = seed("003");
    app.upload_ok(&n, b).await; // newer issues arrive between pages
    let mut ids: Vec<i64> = first["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    let mut cursor = first["next_cursor"].as_str().map(String::from);
    while let Some(c) = cursor {
        let page = app.get_json(&format!("/v1/issues?limit=4&cursor={c}")).await;
        ids.extend(page["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()));
        cursor = page["next_cursor"].as_str().map(String::from);
    }
    assert_eq!(ids.len(), 11, "the eleven issues of the first report, each once");
}

#[tokio::test]
async fn regions_with_reports() {
    let app = TestApp::spawn().await;
    load(&app).await;
    let r = app.get_json("/v1/regions").await;
    let items = r["items"].as_array().unwrap();
    let names: BTreeSet<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    for n in ["杭州市", "宁波市", "船山区", "湛江市", "乌兰察布市"] {
        assert!(names.contains(n), "{n} in {names:?}");
    }
    let hz = items.iter().find(|i| i["name"] == "杭州市").unwrap();
    assert_eq!(
        (hz["code"].as_str(), hz["level"].as_str(), hz["parent"]["name"].as_str(), hz["reports"].as_i64()),
        (Some("330100"), Some("prefecture"), Some("浙江省"), Some(2))
    );
}
