//! Bulk work: the request every batch method returns ([`BatchRequest`], run by awaiting it),
//! the progress it reports while it runs ([`Progress`]), and the inputs it refuses before
//! sending ([`DuplicateInput`]).
//!
//! ```no_run
//! # use hubspot_crm_runtime::{Batchable, Creatable, CrmObject, Objects, UniqueProp, Updatable};
//! # async fn demo<O: Batchable + Creatable + Updatable>(
//! #     contacts: Objects<'_, O>,
//! #     email: UniqueProp<O>,
//! #     inputs: Vec<(String, O::Properties)>,
//! # ) {
//! let outcome = contacts
//!     .batch_upsert(email, inputs)
//!     .progress(|p| println!("{} of {} done, {} failed", p.done, p.total, p.failed))
//!     .await;
//! for (index, upserted) in &outcome.results {
//!     // `index` is the position of the input this record was written from.
//! }
//! # }
//! ```

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use crate::client::BatchOutcome;

/// How far a batch has got: inputs that succeeded (`done`), inputs that failed (`failed`),
/// and all inputs (`total`). When the batch returns, `done + failed == total`.
///
/// A batch reports once before it sends anything (inputs it refused before sending, such as
/// duplicates, already count as failed) and once as each chunk is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Progress {
    /// Inputs that succeeded so far.
    pub done: usize,
    /// Inputs that failed so far.
    pub failed: usize,
    /// Every input of the batch.
    pub total: usize,
}

impl Progress {
    /// Inputs settled so far, succeeded or failed: the position of a progress bar.
    pub fn finished(&self) -> usize {
        self.done + self.failed
    }

    /// Whether every input is settled.
    pub fn is_finished(&self) -> bool {
        self.finished() >= self.total
    }
}

/// An input a batch method refused before sending because an earlier input of the same batch
/// has the same key: the same record ID (reads, updates, archives), or the same value of the
/// upsert's unique property (compared as HubSpot compares it: contacts' `email` without
/// letter case). HubSpot refuses a batch holding both (`Duplicate IDs found in batch input`),
/// so the earlier input is sent and this one is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateInput {
    /// The index of the earlier input with the same key, which was sent.
    pub first: usize,
    /// The key, as this input gave it.
    pub key: String,
}

/// The callback of [`BatchRequest::progress`].
type Callback<'a> = Box<dyn FnMut(Progress) + Send + 'a>;

/// A batch as it runs.
type Running<'a, T> = Pin<Box<dyn Future<Output = BatchOutcome<T>> + Send + 'a>>;

/// A batch operation ready to run: await it for its [`BatchOutcome`], after choosing options
/// such as [`BatchRequest::progress`]. Nothing is sent until it is awaited.
///
/// Every batch method returns one (`batch_read`, `batch_create`, `batch_update`,
/// `batch_upsert`, `batch_archive`, the association batches, deal splits, and those of
/// [`DynamicObjects`](crate::client::DynamicObjects)), so `method(...).await` runs it as it
/// is.
#[must_use = "a batch does nothing until it is awaited"]
pub struct BatchRequest<'a, T> {
    start: Box<dyn FnOnce(Reporter<'a>) -> Running<'a, T> + Send + 'a>,
    progress: Option<Callback<'a>>,
}

impl<T> fmt::Debug for BatchRequest<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchRequest")
            .field("progress", &self.progress.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a, T> BatchRequest<'a, T> {
    /// A batch that runs `start` with the progress reporter when awaited.
    pub(crate) fn new<F, Fut>(start: F) -> Self
    where
        F: FnOnce(Reporter<'a>) -> Fut + Send + 'a,
        Fut: Future<Output = BatchOutcome<T>> + Send + 'a,
    {
        BatchRequest {
            start: Box::new(move |reporter| Box::pin(start(reporter))),
            progress: None,
        }
    }

    /// Calls `report` with the batch's [`Progress`]: once before anything is sent, then as
    /// each chunk is settled (a chunk is one request, or more where the client isolates a
    /// bad input or follows paging cursors), the last time with `done + failed == total`.
    /// It runs inside the batch's future, between requests, so it should return quickly;
    /// wire it to a progress bar or a channel.
    ///
    /// ```no_run
    /// # use hubspot_crm_runtime::{Batchable, CrmObject, Id, Objects, Readable};
    /// # async fn demo<O: Batchable + Readable>(objects: Objects<'_, O>, ids: Vec<Id<O>>) {
    /// let read = objects
    ///     .batch_read(&ids)
    ///     .progress(|p| eprint!("\r{}/{}", p.finished(), p.total))
    ///     .await;
    /// # }
    /// ```
    pub fn progress(mut self, report: impl FnMut(Progress) + Send + 'a) -> Self {
        self.progress = Some(Box::new(report));
        self
    }
}

impl<'a, T> IntoFuture for BatchRequest<'a, T> {
    type Output = BatchOutcome<T>;
    type IntoFuture = Running<'a, T>;

    fn into_future(self) -> Self::IntoFuture {
        (self.start)(Reporter {
            callback: self.progress,
            progress: Progress::default(),
        })
    }
}

/// Counts settled inputs and tells the caller's callback, if any.
pub(crate) struct Reporter<'a> {
    callback: Option<Callback<'a>>,
    progress: Progress,
}

impl Reporter<'_> {
    /// A reporter without a callback (for batches run inside another operation).
    #[cfg(test)]
    pub(crate) fn silent() -> Reporter<'static> {
        Reporter {
            callback: None,
            progress: Progress::default(),
        }
    }

    /// The batch's size and the inputs refused before sending; reports.
    pub(crate) fn start(&mut self, total: usize, refused: usize) {
        self.progress = Progress {
            done: 0,
            failed: refused,
            total,
        };
        self.report();
    }

    /// `done` more inputs succeeded and `failed` more failed; reports.
    pub(crate) fn settled(&mut self, done: usize, failed: usize) {
        self.progress.done += done;
        self.progress.failed += failed;
        self.report();
    }

    /// The progress so far.
    #[cfg(test)]
    pub(crate) fn progress(&self) -> Progress {
        self.progress
    }

    fn report(&mut self) {
        if let Some(f) = self.callback.as_mut() {
            f(self.progress);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_settled_inputs() {
        let p = Progress {
            done: 3,
            failed: 2,
            total: 5,
        };
        assert_eq!(p.finished(), 5);
        assert!(p.is_finished());
        assert!(!Progress { total: 6, ..p }.is_finished());
    }

    #[test]
    fn a_reporter_tells_the_callback_each_step() {
        let mut seen = Vec::new();
        {
            let mut r = Reporter {
                callback: Some(Box::new(|p: Progress| seen.push(p))),
                progress: Progress::default(),
            };
            r.start(10, 1);
            r.settled(4, 0);
            r.settled(3, 2);
            assert_eq!(r.progress().finished(), 10);
        }
        let finished: Vec<(usize, usize)> = seen.iter().map(|p| (p.done, p.failed)).collect();
        assert_eq!(finished, vec![(0, 1), (4, 1), (7, 3)]);
        assert!(seen.iter().all(|p| p.total == 10));
    }
}
