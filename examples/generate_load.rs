//! Load a realistic volume of reports through the upload endpoint (the same code
//! path as any client): variants of the seed reports for other regions and years,
//! with their figures changed so every upload is a distinct document.
//!
//!     cargo run --release --example generate_load -- --service http://127.0.0.1:8080 --reports 100000 --concurrency 8
//!
//! Regions and years are given as upload overrides (region = a random prefecture
//! or county of the gazetteer, year 2005–2024), so the series and issue filters
//! have realistic spread. The mix (40% like seed 004, 50% like 003, 10% like 000)
//! gives about 73 observations and 10 issues per report.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use healthreport::extract::knowledge::RegionLevel;
use healthreport::extract::Knowledge;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, no dependency
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Change every digit that is not part of a year, so values differ between variants.
fn perturb(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let is_year = j - i == 4 && chars.get(j) == Some(&'年');
            for (k, d) in chars[i..j].iter().enumerate() {
                if is_year || (k == 0 && j - i > 1) {
                    out.push(*d); // keep years and leading digits (magnitudes stay plausible)
                } else {
                    out.push(char::from(b'0' + rng.below(10) as u8));
                }
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let service = arg("--service", "http://127.0.0.1:8080");
    let total: usize = arg("--reports", "1000").parse()?;
    let concurrency: usize = arg("--concurrency", "8").parse()?;
    let seed: u64 = arg("--seed", "7").parse()?;

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let read = |p: &str| -> anyhow::Result<String> {
        let f = std::fs::read_dir(&dir)?
            .map(|e| e.unwrap().path())
            .find(|x| x.file_name().unwrap().to_string_lossy().starts_with(p))
            .unwrap();
        Ok(std::fs::read_to_string(f)?)
    };
    let templates = Arc::new([read("004")?, read("003")?, read("000")?]);
    let gz = &Knowledge::embedded().gazetteer;
    let regions: Arc<Vec<String>> = Arc::new(
        gz.regions
            .iter()
            .filter(|r| matches!(r.level, RegionLevel::Prefecture | RegionLevel::County))
            .map(|r| r.code.clone())
            .collect(),
    );

    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let mut workers = Vec::new();
    for w in 0..concurrency {
        let (client, service, templates, regions, next, done, failed) = (
            client.clone(),
            service.clone(),
            templates.clone(),
            regions.clone(),
            next.clone(),
            done.clone(),
            failed.clone(),
        );
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let mut rng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(n as u64 * 7919 + 1));
                let pick = rng.below(10);
                let t = &templates[if pick < 4 {
                    0
                } else if pick < 9 {
                    1
                } else {
                    2
                }];
                let body = format!("{}\n<!-- variant {n} -->\n", perturb(t, &mut rng));
                let region = &regions[rng.below(regions.len() as u64) as usize];
                let year = 2005 + rng.below(20);
                let form = reqwest::multipart::Form::new()
                    .part(
                        "file",
                        reqwest::multipart::Part::bytes(body.into_bytes())
                            .file_name(format!("variant-{n}.txt"))
                            .mime_str("text/plain")
                            .unwrap(),
                    )
                    .text("region", region.clone())
                    .text("year", year.to_string());
                match client.post(format!("{service}/v1/reports")).multipart(form).send().await {
                    Ok(r) if r.status().is_success() => {}
                    Ok(r) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("worker {w}: {} {}", r.status(), r.text().await.unwrap_or_default());
                    }
                    Err(e) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("worker {w}: {e}");
                    }
                }
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                if d % 5000 == 0 {
                    eprintln!("{d} reports, {:.0}/s", d as f64 / started.elapsed().as_secs_f64());
                }
            }
        }));
    }
    for w in workers {
        w.await?;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} reports in {secs:.1} s ({:.0}/s), {} failed",
        done.load(Ordering::Relaxed),
        done.load(Ordering::Relaxed) as f64 / secs,
        failed.load(Ordering::Relaxed)
    );
    Ok(())
}
