//! Batches: expand a ZIP of reports safely, queue every file, and process the
//! queue in background workers that survive restarts (the queue is a table).

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::Notify;

use crate::error::ServiceError;
use crate::extract::{Knowledge, Limits};
use crate::ingest::{self, Document, Outcome, ParseGate};
use crate::kinds::BatchItemStatus;
use crate::problem::Problem;
use crate::store;

/// One file of a batch, or why it was refused before queuing.
pub struct BatchFile {
    pub filename: Option<String>,
    pub bytes: Result<Vec<u8>, ServiceError>,
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// A DOCX is a ZIP too: only an archive without word/document.xml is a batch.
pub fn is_batch_zip(bytes: &[u8]) -> bool {
    if !is_zip(bytes) {
        return false;
    }
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z.index_for_name("word/document.xml").is_none(),
        Err(_) => true, // unreadable: refused by expand() with a clear error
    }
}

/// The files inside a ZIP. Each entry is read with a cap one byte past the per-file
/// limit, and the total with its own cap, so a ZIP bomb costs at most the limits.
pub fn expand_zip(bytes: &[u8], max_file: usize, max_total: u64) -> Result<Vec<BatchFile>, ServiceError> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ServiceError::BadInput(format!("not a readable ZIP archive: {e}")))?;
    if z.len() > 10_000 {
        return Err(ServiceError::TooLarge("the archive lists more than 10000 entries".into()));
    }
    let mut out = Vec::new();
    let mut total = 0u64;
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(|e| ServiceError::BadInput(format!("broken ZIP entry {i}: {e}")))?;
        let name = f.name().to_string();
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        if f.is_dir() || name.starts_with("__MACOSX/") || base.starts_with('.') || base.is_empty() {
            continue;
        }
        if f.encrypted() {
            out.push(BatchFile {
                filename: Some(name),
                bytes: Err(ServiceError::Unsupported("an encrypted ZIP entry".into())),
            });
            continue;
        }
        let mut buf = Vec::new();
        let cap = (max_file as u64).min(max_total.saturating_sub(total));
        (&mut f)
            .take(cap + 1)
            .read_to_end(&mut buf)
            .map_err(|e| ServiceError::BadInput(format!("broken ZIP entry {name}: {e}")))?;
        if buf.len() as u64 > cap {
            if total + buf.len() as u64 > max_total {
                return Err(ServiceError::TooLarge(format!("the archive expands past the limit of {max_total} bytes")));
            }
            out.push(BatchFile {
                filename: Some(name),
                bytes: Err(ServiceError::TooLarge(format!("larger than the limit of {max_file} bytes"))),
            });
            continue;
        }
        total += buf.len() as u64;
        out.push(BatchFile { filename: Some(name), bytes: Ok(buf) });
    }
    if out.is_empty() {
        return Err(ServiceError::BadInput("the archive holds no files".into()));
    }
    Ok(out)
}

/// Process queued items until the process stops. Woken by `notify` when a batch
/// arrives; also polls, so items left by a previous process are picked up.
pub async fn worker(pool: PgPool, gate: ParseGate, kb: &'static Knowledge, limits: Limits, notify: Arc<Notify>) {
    loop {
        match store::claim_batch_item(&pool).await {
            Ok(Some((tx, item))) => {
                let doc = Document {
                    bytes: item.bytes.unwrap_or_default().into(),
                    filename: item.filename.clone(),
                    content_type: item.content_type.clone(),
                    overrides: ingest::overrides_from_json(&item.overrides),
                };
                let (status, report, error) = match ingest::ingest(&pool, &gate, kb, limits, doc).await {
                    Ok(Outcome::Created(row)) => (BatchItemStatus::Created, Some(row.id), None),
                    Ok(Outcome::Duplicate(id)) => (BatchItemStatus::Duplicate, Some(id), None),
                    Err(e) if e.is_transient() => {
                        // saturated or database trouble: leave it pending and retry later
                        drop(tx);
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                    // the stored outcome of a failed file is the problem+json the batch reports
                    Err(e) => (BatchItemStatus::Failed, None, serde_json::to_value(Problem::from(e)).ok()),
                };
                crate::metrics::UPLOADS.with_label_values(&["batch", status.as_str()]).inc();
                if let Err(e) = store::finish_batch_item(tx, item.id, status, report, error).await {
                    tracing::warn!(error = %e, item = item.id, "could not record a batch item's outcome; it will be retried");
                }
            }
            Ok(None) => {
                let _ = tokio::time::timeout(Duration::from_secs(2), notify.notified()).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "batch worker cannot reach the database");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for (n, d) in entries {
                z.start_file(*n, o).unwrap();
                z.write_all(d).unwrap();
            }
            z.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn zip_entries_are_capped() {
        let z = zip_of(&[
            ("a.txt", b"hello".to_vec()),
            ("dir/b.txt", vec![b'x'; 5000]),
            ("__MACOSX/._a.txt", b"junk".to_vec()),
        ]);
        let files = expand_zip(&z, 1000, 1_000_000).unwrap();
        assert_eq!(files.len(), 2);
        assert!(files[0].bytes.is_ok());
        assert!(matches!(files[1].bytes, Err(ServiceError::TooLarge(_))), "one file too large fails alone");
        let bomb = zip_of(&[("a.txt", vec![b'a'; 3_000_000]), ("b.txt", vec![b'a'; 3_000_000])]);
        assert!(
            matches!(expand_zip(&bomb, 10_000_000, 4_000_000), Err(ServiceError::TooLarge(_))),
            "the total is capped"
        );
        assert!(is_batch_zip(&z));
    }
}
