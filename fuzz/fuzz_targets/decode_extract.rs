//! Any bytes through decode + extraction: no panic, and every offset the
//! extraction gives points inside its text.
#![no_main]

use healthreport::extract::{extract, Knowledge, Limits, Overrides};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let kb = Knowledge::embedded();
    let limits = Limits { max_chars: 200_000, max_pages: 50, max_entry_bytes: 4 << 20, max_total_bytes: 8 << 20 };
    // the first byte picks a declared type, as a client would send it
    let (ct, body) = match data.split_first() {
        Some((b, rest)) => (
            [
                "text/plain",
                "text/html",
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "text/plain; charset=gbk",
            ][*b as usize % 5],
            rest,
        ),
        None => ("text/plain", data),
    };
    if let Ok(ex) = extract(kb, body, None, Some(ct), &Overrides::default(), &limits) {
        let n = ex.text.chars().count();
        for i in &ex.indicators {
            assert!(i.evidence.start <= i.evidence.end && i.evidence.end <= n);
            assert!(
                i.evidence.sentence_start <= i.evidence.start
                    && i.evidence.end <= i.evidence.sentence_end.max(i.evidence.end)
            );
        }
        for it in ex.issues.iter().chain(&ex.plans) {
            assert!(it.evidence.start <= it.evidence.end && it.evidence.end <= n);
        }
    }
});
