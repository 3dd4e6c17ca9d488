//! DOCX, PDF, HTML and GBK uploads read like the UTF-8 text (fixtures made by
//! scripts/make_format_fixtures.sh with iconv and LibreOffice), and hostile files
//! get a clear 4xx.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::helpers::{assert_problem, seed, zip_of, TestApp};

fn fixture(format: &str, stem: &str) -> (String, Vec<u8>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(format);
    let p = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(stem))
        .unwrap();
    (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
}

/// (value, unit) → count: what a format must preserve.
async fn values(app: &TestApp, rep: &Value) -> BTreeMap<(String, String), usize> {
    let id = rep["id"].as_str().unwrap();
    let mut m = BTreeMap::new();
    for i in app.get_json(&format!("/v1/reports/{id}/indicators?limit=10000")).await["items"].as_array().unwrap() {
        *m.entry((i["value"].to_string(), i["unit"].as_str().unwrap().to_string())).or_insert(0) += 1;
    }
    m
}

async fn issue_texts(app: &TestApp, rep: &Value) -> Vec<String> {
    let id = rep["id"].as_str().unwrap();
    app.get_json(&format!("/v1/reports/{id}/issues")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

#[tokio::test]
async fn every_format_reads_like_the_utf8_text() {
    let app = TestApp::spawn().await;
    for stem in ["002", "004"] {
        let (name, bytes) = seed(stem);
        let base = app.upload_ok(&name, bytes).await;
        let want = values(&app, &base).await;
        let want_issues = issue_texts(&app, &base).await;
        for (format, encoding) in
            [("gbk", "GB18030"), ("html", "UTF-8"), ("docx", "UTF-8 (DOCX)"), ("pdf", "PDF text layer")]
        {
            let (fname, fbytes) = fixture(format, stem);
            let rep = app.upload_ok(&fname, fbytes).await;
            assert_eq!(rep["source"]["encoding"], encoding, "{format}");
            assert_eq!(rep["title"], base["title"], "{format} title");
            assert_eq!(rep["region"]["name"], base["region"]["name"], "{format} region");
            assert_eq!(rep["period"]["year"], base["period"]["year"], "{format} year");
            assert_eq!(values(&app, &rep).await, want, "{format}: the same values and units as the text");
            assert_eq!(issue_texts(&app, &rep).await, want_issues, "{format}: the same issues");
        }
    }
}

#[tokio::test]
async fn hostile_and_unreadable_files() {
    let app = TestApp::spawn_with(&[("MAX_ENTRY_BYTES", "5000000")]).await;
    // a DOCX whose document.xml expands far past the entry limit
    let bomb = zip_of(&[("word/document.xml", &vec![b'a'; 50_000_000])]);
    assert!(bomb.len() < 200_000);
    let started = std::time::Instant::now();
    assert_problem(app.upload("bomb.docx", bomb).await, 413).await;
    assert!(started.elapsed().as_secs() < 2, "refused quickly");
    // a ZIP that is not a DOCX
    assert_problem(app.upload("notes.docx", zip_of(&[("readme.txt", b"hello")])).await, 415).await;
    // a truncated archive
    let (_, docx) = fixture("docx", "002");
    assert_problem(app.upload("cut.docx", docx[..docx.len() / 2].to_vec()).await, 400).await;
    // a PDF with no text layer (a scan; made by scripts/make_format_fixtures.sh)
    let scan = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/scan.pdf"))
        .unwrap();
    let p = assert_problem(app.upload("scan.pdf", scan).await, 422).await;
    assert!(p["detail"].as_str().unwrap().contains("text layer"), "{p}");
    // a password-protected PDF: 415 that says so, quickly
    let locked =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/encrypted.pdf"))
            .unwrap();
    let started = std::time::Instant::now();
    let p = assert_problem(app.upload("locked.pdf", locked).await, 415).await;
    assert!(p["detail"].as_str().unwrap().contains("password-protected"), "{p}");
    assert!(started.elapsed().as_secs() < 2, "refused quickly");
    // garbage that claims to be a PDF
    assert_problem(app.upload("fake.pdf", b"%PDF-1.7\n\x00\x01garbage".to_vec()).await, 400).await;
    // the service keeps serving
    assert_eq!(app.client.get(app.url("/readyz")).send().await.unwrap().status(), 200);
    assert_eq!(app.get_json("/v1/reports").await["items"].as_array().unwrap().len(), 0, "nothing half-written");
}

#[tokio::test]
async fn a_docx_table_of_indicators_becomes_observations() {
    let app = TestApp::spawn().await;
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
    let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}{}<w:tbl>{}{}{}</w:tbl>{}</w:body></w:document>"#,
        p("2018年新型农村合作医疗工作总结"),
        p("今年以来,我县认真落实新农合各项政策,参合农民持续增加,基金运行平稳,群众受益明显。主要指标见下表。"),
        row(&["指标", "2017年", "2018年"]),
        row(&["参合率(%)", "95.1", "97.2"]),
        row(&["住院补偿人次（人次）", "12000", "13500"]),
        p("下一步,我们将继续巩固参合成果,提高保障水平。"),
    );
    let types = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let docx = zip_of(&[("[Content_Types].xml", types), ("word/document.xml", doc.as_bytes())]);
    let rep = app.upload_ok("table.docx", docx).await;
    assert_eq!(rep["source"]["format"], "docx", "{rep}");
    let id = rep["id"].as_str().unwrap();
    let inds = app.get_json(&format!("/v1/reports/{id}/indicators?limit=1000")).await;
    let items = inds["items"].as_array().unwrap();
    let text = app.client.get(app.url(&format!("/v1/reports/{id}/text"))).send().await.unwrap().text().await.unwrap();
    let chars: Vec<char> = text.chars().collect();
    for (value, unit, year) in [(95.1, "%", 2017), (97.2, "%", 2018), (12000.0, "人次", 2017), (13500.0, "人次", 2018)]
    {
        let hit = items
            .iter()
            .find(|i| i["value"].as_f64() == Some(value) && i["unit"] == unit)
            .unwrap_or_else(|| panic!("{value}{unit} missing: {inds}"));
        assert_eq!(hit["period"]["year"], year, "{hit}");
        // the evidence is the table row, and its offsets point at the cell's number in the stored text
        let ev = &hit["evidence"];
        let (s, e) = (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
        let raw: String = chars[s..e].iter().collect();
        assert!(raw.starts_with(&format!("{value}")), "{raw} for {value}");
        assert!(ev["text"].as_str().unwrap().contains(if unit == "%" { "参合率" } else { "住院补偿人次" }), "{ev}");
    }
    let rate = items.iter().find(|i| i["value"].as_f64() == Some(97.2)).unwrap();
    assert_eq!(rate["indicator_key"], "ncms_participation_rate", "{rate}");
}
