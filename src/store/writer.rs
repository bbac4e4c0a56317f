//! The single writer: one thread owns the write connection; jobs arrive on a channel and each
//! runs in its own transaction. Batch work into one job: a commit costs an fsync.

use std::sync::Arc;

use rusqlite::{Connection, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::core::{Error, ErrorKind};

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// Cheap to clone. When the last clone goes, the thread finishes its jobs, folds the WAL
/// back and is joined, so a closed store is complete on disk.
#[derive(Clone)]
pub struct Writer {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn gone() -> Error {
    Error::new(ErrorKind::ServiceGone, "the database writer has stopped")
}

impl Writer {
    pub(super) fn spawn(mut conn: Connection) -> Writer {
        let (jobs, mut rx) = mpsc::channel::<Job>(256);
        let thread = std::thread::Builder::new()
            .name("tidings-db-writer".into())
            .spawn(move || {
                while let Some(job) = rx.blocking_recv() {
                    job(&mut conn);
                }
                // Fold the WAL back so a closed profile is one file.
                let _ = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
            })
            .expect("spawn database writer thread");
        Writer {
            inner: Arc::new(Inner {
                jobs: Some(jobs),
                thread: Some(thread),
            }),
        }
    }

    fn sender(&self) -> &mpsc::Sender<Job> {
        self.inner
            .jobs
            .as_ref()
            .expect("present until the last clone drops")
    }

    fn job<T: Send + 'static>(
        work: impl FnOnce(&Transaction) -> Result<T, Error> + Send + 'static,
    ) -> (Job, oneshot::Receiver<Result<T, Error>>) {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn: &mut Connection| {
            let result = conn.transaction().map_err(Error::from).and_then(|tx| {
                let value = work(&tx)?;
                tx.commit()?;
                Ok(value)
            });
            let _ = reply.send(result);
        });
        (job, answer)
    }

    /// Runs `work` in one transaction; it commits only if `work` returns Ok.
    pub async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let (job, answer) = Self::job(work);
        self.sender().send(job).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// The same, for callers outside an async runtime.
    pub fn write_blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let (job, answer) = Self::job(work);
        self.sender().blocking_send(job).map_err(|_| gone())?;
        answer.blocking_recv().map_err(|_| gone())?
    }
}
