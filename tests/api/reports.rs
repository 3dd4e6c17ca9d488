//! Upload every seed, read it back through the API.

use serde_json::Value;

use crate::helpers::{all_seeds, seed, TestApp};

async fn upload_and_read(app: &TestApp, prefix: &str) -> (Value, Vec<Value>, Vec<Value>, Vec<Value>, String) {
    let (name, bytes) = seed(prefix);
    let r = app.upload(&name, bytes).await;
    assert_eq!(r.status(), 201, "{name}");
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let rep: Value = r.json().await.unwrap();
    assert_eq!(loc, format!("/v1/reports/{}", rep["id"].as_str().unwrap()));
    let id = rep["id"].as_str().unwrap().to_string();
    let got = app.get_json(&loc).await;
    assert_eq!(got, rep, "GET returns what the upload returned");
    let ind =
        app.get_json(&format!("/v1/reports/{id}/indicators?limit=10000")).await["items"].as_array().unwrap().clone();
    let iss = app.get_json(&format!("/v1/reports/{id}/issues?limit=10000")).await["items"].as_array().unwrap().clone();
    let pl = app.get_json(&format!("/v1/reports/{id}/plans?limit=10000")).await["items"].as_array().unwrap().clone();
    let text = app.client.get(app.url(&format!("/v1/reports/{id}/text"))).send().await.unwrap().text().await.unwrap();
    (rep, ind, iss, pl, text)
}

fn find<'a>(items: &'a [Value], raw: &str, name_part: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["raw"] == raw && i["name"].as_str().unwrap().contains(name_part))
        .unwrap_or_else(|| panic!("no indicator {raw} named …{name_part}…"))
}

/// Every offset points at what it claims to: the raw quantity, the sentence, the item.
fn check_evidence(text: &str, ind: &[Value], items: &[Value]) {
    let chars: Vec<char> = text.chars().collect();
    for i in ind {
        let (s, e) =
            (i["evidence"]["start"].as_u64().unwrap() as usize, i["evidence"]["end"].as_u64().unwrap() as usize);
        let at: String = chars[s..e].iter().collect();
        assert_eq!(at, i["raw"].as_str().unwrap(), "evidence offsets of {i}");
        let (ss, se) = (
            i["evidence"]["sentence_start"].as_u64().unwrap() as usize,
            i["evidence"]["sentence_end"].as_u64().unwrap() as usize,
        );
        assert!(ss <= s && e <= se, "the sentence contains the quantity");
        assert!(
            i["evidence"]["text"].as_str().unwrap().contains(i["raw"].as_str().unwrap().trim()),
            "evidence sentence contains the raw value: {i}"
        );
    }
    for it in items {
        let (s, e) =
            (it["evidence"]["start"].as_u64().unwrap() as usize, it["evidence"]["end"].as_u64().unwrap() as usize);
        let at: String = chars[s..e].iter().filter(|c| !c.is_whitespace()).collect();
        let head: String = it["text"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).take(8).collect();
        assert!(at.starts_with(&head), "item offsets point at its text: {it}");
    }
}

#[tokio::test]
async fn hangzhou_2007_summary_reads_back_with_evidence() {
    let app = TestApp::spawn().await;
    let (rep, ind, iss, pl, text) = upload_and_read(&app, "002").await;
    assert_eq!(rep["title"], "2007年杭州市医改工作总结");
    assert_eq!(rep["doc_type"], "工作总结");
    assert_eq!(rep["region"]["name"], "杭州市");
    assert_eq!(rep["region"]["code"], "330100");
    assert_eq!(rep["region"]["inferred"], false);
    assert_eq!(rep["period"]["year"], 2007);
    assert_eq!(rep["source"]["encoding"], "UTF-8");
    assert_eq!(rep["counts"]["indicators"].as_u64().unwrap() as usize, ind.len());
    let rate = find(&ind, "97.2%", "参合率");
    assert_eq!(rate["value"], 97.2);
    assert_eq!(rate["unit"], "%");
    assert_eq!(rate["indicator_key"], "ncms_participation_rate");
    assert_eq!(rate["period"]["year"], 2007);
    let people = find(&ind, "369.7万人", "参合农民");
    assert_eq!(people["value"], 3_697_000.0);
    let base = find(&ind, "14.85%", "门诊平均补偿率");
    assert_eq!(base["period"]["year"], 2006, "比2006年的14.85% refers to 2006");
    let change = find(&ind, "4.31个百分点", "门诊平均补偿率");
    assert_eq!(change["kind"], "change");
    assert_eq!(change["unit"], "百分点");
    let cut = find(&ind, "6.76%", "降价幅度");
    assert_eq!(cut["kind"], "change");
    assert_eq!(cut["value"], -6.76);
    let target = find(&ind, "90%", "设置率");
    assert_eq!(target["kind"], "target");
    // noise around the body is not data
    assert!(!ind.iter().any(|i| i["raw"] == "4页" || i["raw"].as_str().unwrap().contains("20.94")));
    assert!(iss.is_empty(), "a report without a problems section has no issues");
    assert!(pl.is_empty());
    check_evidence(&text, &ind, &iss);
}

#[tokio::test]
async fn redacted_values_stay_null() {
    let app = TestApp::spawn().await;
    let (rep, ind, iss, pl, text) = upload_and_read(&app, "000").await;
    assert_eq!(rep["title"], "区卫生体制改革工作情况报告");
    assert_eq!(rep["doc_type"], "情况报告");
    assert!(rep["period"].is_null(), "the text hides the year (XX年)");
    let redacted: Vec<&Value> = ind
        .iter()
        .filter(|i| i["raw"].as_str().unwrap().to_lowercase().contains('x') || i["raw"].as_str().unwrap().contains('×'))
        .collect();
    assert!(redacted.len() >= 30, "{}", redacted.len());
    for r in &redacted {
        assert!(r["value"].is_null(), "a redacted value must never become a number: {r}");
        assert_eq!(r["redacted"], true);
    }
    assert_eq!(find(&ind, "352万元", "配套资金")["value"], 3_520_000.0);
    assert_eq!(iss.len(), 3);
    assert_eq!(iss[0]["ordinal"], 1);
    assert!(iss[0]["text"].as_str().unwrap().starts_with("公共卫生服务项目多"));
    assert!(iss.iter().all(|i| i["kind"] == "problems" && i["category"].is_string()));
    check_evidence(&text, &ind, &iss);
    check_evidence(&text, &[], &pl);
}

#[tokio::test]
async fn problems_causes_and_plans_with_categories() {
    let app = TestApp::spawn().await;
    let (rep, ind, iss, pl, text) = upload_and_read(&app, "003").await;
    assert_eq!(rep["title"], "2023年关于深化医改工作推进情况报告");
    assert_eq!(rep["period"]["year"], 2023);
    let problems: Vec<&Value> = iss.iter().filter(|i| i["kind"] == "problems").collect();
    let causes: Vec<&Value> = iss.iter().filter(|i| i["kind"] == "causes").collect();
    assert_eq!(problems.len(), 5);
    assert_eq!(causes.len(), 6);
    assert_eq!(problems[0]["group"], "主要问题");
    assert_eq!(problems[1]["category"], "人才队伍");
    assert!(problems[3]["text"].as_str().unwrap().starts_with("信息化水平亟需提高"));
    assert_eq!(problems[3]["category"], "信息化");
    assert_eq!(pl.len(), 5);
    assert!(pl[0]["text"].as_str().unwrap().starts_with("制定一份文件"));
    let rank = find(&ind, "第13", "排名");
    assert_eq!(
        (rank["value"].as_f64(), rank["unit"].as_str(), rank["period"]["year"].as_i64()),
        (Some(13.0), Some("位"), Some(2020))
    );
    check_evidence(&text, &ind, &iss);
    check_evidence(&text, &[], &pl);
}

#[tokio::test]
async fn lost_headings_are_recovered() {
    let app = TestApp::spawn().await;
    let (rep, ind, iss, pl, _text) = upload_and_read(&app, "004").await;
    assert_eq!(rep["title"], "全市卫生计生2018年上半年工作总结", "site keywords glued into the title are removed");
    assert_eq!(rep["region"]["name"], "乌兰察布市");
    assert_eq!(rep["period"]["label"], "2018年上半年");
    assert_eq!(iss.len(), 11, "the problems list whose heading was lost");
    assert!(
        iss.last().unwrap()["text"].as_str().unwrap().ends_with("进展缓慢。"),
        "glued site keyword removed from the last item"
    );
    assert_eq!(pl.len(), 10, "nested 一是 inside 五要 gives its sub-items");
    let drug = find(&ind, "30.5%", "药占比");
    assert_eq!((drug["period"]["year"].as_i64(), drug["indicator_key"].as_str()), (Some(2017), Some("drug_share")));
    let brucellosis = find(&ind, "34.91%", "布病");
    assert_eq!((brucellosis["kind"].as_str(), brucellosis["value"].as_f64()), (Some("change"), Some(-34.91)));
    assert_eq!(find(&ind, "96.%", "管理")["value"], 96.0, "a malformed number keeps its integer part");
}

#[tokio::test]
async fn region_inferred_from_place_names_says_so() {
    let app = TestApp::spawn().await;
    let (rep, ind, _, _, _) = upload_and_read(&app, "001").await;
    assert_eq!(rep["region"]["name"], "盐城市");
    assert_eq!(rep["region"]["inferred"], true);
    assert!(rep["region"]["basis"].as_str().unwrap().contains("阜宁"));
    assert_eq!(rep["period"]["year"], 2011);
    assert_eq!(find(&ind, "1.58亿元", "采购")["value"], 158_000_000.0);
}

#[tokio::test]
async fn list_is_newest_first_paged_and_filtered() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for (name, bytes) in all_seeds() {
        ids.push(app.upload_ok(&name, bytes).await["id"].as_str().unwrap().to_string());
    }
    let mut seen = Vec::new();
    let mut path = "/v1/reports?limit=2".to_string();
    loop {
        let page = app.get_json(&path).await;
        for r in page["items"].as_array().unwrap() {
            seen.push(r["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/reports?limit=2&cursor={c}"),
            None => break,
        }
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(seen, expected, "every report once, newest first");
    let hz = app.get_json("/v1/reports?region=%E6%9D%AD%E5%B7%9E%E5%B8%82").await;
    assert_eq!(hz["items"].as_array().unwrap().len(), 1);
    let by_code = app.get_json("/v1/reports?region=330100").await;
    assert_eq!(by_code["items"], hz["items"]);
    let zhejiang = app.get_json("/v1/reports?region=330000&include_subregions=true").await;
    assert_eq!(zhejiang["items"].as_array().unwrap().len(), 1, "a province includes its cities when asked");
    assert_eq!(app.get_json("/v1/reports?region=330000").await["items"].as_array().unwrap().len(), 0);
    let y = app.get_json("/v1/reports?year=2018").await;
    assert_eq!(y["items"][0]["title"], "全市卫生计生2018年上半年工作总结");
    crate::helpers::assert_problem(app.client.get(app.url("/v1/reports?region=火星市")).send().await.unwrap(), 400)
        .await;
    crate::helpers::assert_problem(app.client.get(app.url("/v1/reports?cursor=bogus")).send().await.unwrap(), 400)
        .await;
    crate::helpers::assert_problem(app.client.get(app.url("/v1/reports?limit=0")).send().await.unwrap(), 400).await;
}

#[tokio::test]
async fn sections_and_original_bytes() {
    let app = TestApp::spawn().await;
    let (name, bytes) = seed("003");
    let rep = app.upload_ok(&name, bytes.clone()).await;
    let id = rep["id"].as_str().unwrap();
    let secs = app.get_json(&format!("/v1/reports/{id}/sections")).await;
    let items = secs["items"].as_array().unwrap();
    assert!(items.iter().any(|s| s["heading"] == "存在问题" && s["kind"] == "problems"));
    assert!(items.iter().any(|s| s["heading"] == "工作建议" && s["kind"] == "plans"));
    let orig = app.client.get(app.url(&format!("/v1/reports/{id}/original"))).send().await.unwrap();
    assert_eq!(orig.status(), 200);
    assert_eq!(orig.bytes().await.unwrap().to_vec(), bytes, "the original bytes are kept");
}
