//! Time each pipeline stage over the seeds: cargo run --release --example stage_timings
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use healthreport::extract::*;
use std::time::{Duration, Instant};
fn main() {
    let kb = Knowledge::embedded();
    let dir = std::path::Path::new("tests/fixtures/seeds");
    let docs: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    let mut t = [Duration::ZERO; 8];
    let n = 300;
    for it in 0..n + 5 {
        for d in &docs {
            let s0 = Instant::now();
            let cl = clean::clean(kb, text::normalise(d));
            let s1 = Instant::now();
            let o = outline::outline(kb, &cl.chars, cl.body.clone());
            let s2 = Instant::now();
            let body: String = cl.chars[cl.body.clone()].iter().collect();
            let md = metadata::metadata(
                kb,
                metadata::MetaInput { title: None, opening: "", body: &body, reported_text: &body, header: "" },
            );
            let s3 = Instant::now();
            let qs = quantities::quantities(kb, &cl.chars, cl.body.clone());
            let s4 = Instant::now();
            let inds = indicators::indicators(
                &indicators::Context {
                    kb,
                    chars: &cl.chars,
                    body: cl.body.clone(),
                    outline: &o,
                    report_year: md.year,
                    title: md.title.as_deref().unwrap_or(""),
                    work_report: false,
                    delivered_late: false,
                },
                &qs,
            );
            let s5 = Instant::now();
            let items = issues_plans::issues_and_plans(kb, &cl.chars, &o);
            let s6 = Instant::now();
            let ex = extract_text(
                kb,
                d.clone(),
                SourceInfo { format: "text".into(), encoding: "x".into() },
                None,
                &Overrides::default(),
            )
            .unwrap();
            let s7 = Instant::now();
            std::hint::black_box((inds, items, ex));
            if it >= 5 {
                for (k, (a, b)) in
                    [(s0, s1), (s1, s2), (s2, s3), (s3, s4), (s4, s5), (s5, s6), (s6, s7)].iter().enumerate()
                {
                    t[k] += *b - *a;
                }
            }
        }
    }
    for (k, name) in
        ["clean", "outline", "metadata", "quantities", "indicators", "issues", "extract_text total"].iter().enumerate()
    {
        println!("{name:20} {:?}", t[k] / n);
    }
}
