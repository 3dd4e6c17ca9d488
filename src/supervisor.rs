//! Background workers under supervision: a worker that returns or panics is
//! logged, counted (`background_worker_restarts_total`) and started again after
//! a pause, so a batch queue or the summary counts never stop silently.

use std::future::Future;
use std::time::Duration;

use tokio::task::JoinHandle;

/// Run the worker `start` makes, and a new one whenever it ends, until the runtime stops.
pub fn supervise<F, W>(name: &'static str, pause: Duration, start: F) -> JoinHandle<()>
where
    F: Fn() -> W + Send + 'static,
    W: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        loop {
            match tokio::spawn(start()).await {
                Ok(()) => tracing::error!(worker = name, "background worker stopped; restarting it"),
                Err(e) if e.is_panic() => {
                    let panic = e.into_panic();
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    tracing::error!(worker = name, panic = %message, "background worker panicked; restarting it");
                }
                // cancelled: the runtime is shutting down
                Err(_) => return,
            }
            crate::metrics::WORKER_RESTARTS.with_label_values(&[name]).inc();
            tokio::time::sleep(pause).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn a_worker_that_panics_or_returns_is_started_again() {
        let starts = Arc::new(AtomicUsize::new(0));
        let counter = starts.clone();
        let handle = supervise("test", Duration::from_millis(10), move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                match n {
                    0 => panic!("the first run fails"),
                    1 => {} // the second returns
                    _ => std::future::pending::<()>().await,
                }
            }
        });
        let third_run = async {
            while starts.load(Ordering::SeqCst) < 3 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        // generous: the first run's panic prints a symbolised backtrace (RUST_BACKTRACE in CI),
        // which takes seconds on a loaded two-core host; the wait ends as soon as the third run starts
        tokio::time::timeout(Duration::from_secs(60), third_run).await.expect("the worker was restarted twice");
        assert_eq!(crate::metrics::WORKER_RESTARTS.with_label_values(&["test"]).get(), 2);
        assert!(!handle.is_finished(), "the supervisor keeps watching");
        handle.abort();
    }
}
