//! The whole extraction pipeline (decode → clean → outline → metadata →
//! quantities → indicators → issues/plans) over the seed reports, in characters
//! per second on one core:
//!
//!     cargo bench --bench pipeline
// mimalloc: the pipeline allocates many small strings; glibc malloc costs it a third of its time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use healthreport::extract::{extract, Knowledge, Limits, Overrides};

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut v: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v.into_iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(p).unwrap())).collect()
}

fn pipeline(c: &mut Criterion) {
    let kb = Knowledge::embedded();
    let docs = seeds();
    let chars: usize = docs.iter().map(|(_, b)| String::from_utf8_lossy(b).chars().count()).sum();
    let limits = Limits::default();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(chars as u64));
    g.bench_function("all_seeds", |b| {
        b.iter(|| {
            for (name, bytes) in &docs {
                let ex = extract(kb, bytes, Some(name), None, &Overrides::default(), &limits).unwrap();
                std::hint::black_box(ex);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
