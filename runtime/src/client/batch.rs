//! Batch operations over any number of inputs: split into chunks of the endpoint's limit
//! (from the table), sent four at a time, and gathered so that every input ends up either in
//! the results, with its index, or in a failure naming its index: nothing is dropped
//! silently.
//!
//! Before sending, inputs repeating an earlier input's key (record ID, or an upsert's unique
//! value) are refused ([`keys`]). Results are matched to inputs by the `objectWriteTraceId`
//! each write input carries (its index), else by record ID or unique value ([`records`]).
//! A chunk HubSpot refuses for what an input holds is split until the bad inputs are found,
//! so the others land ([`isolate`]).

mod isolate;
mod keys;
mod records;

use std::collections::HashSet;
use std::future::Future;

use futures_util::stream::{self, StreamExt};
use serde::Deserialize;
use serde_json::Value;

use super::objects::Write;
use super::{ApiError, Error, Objects, Response};
use crate::bulk::{BatchRequest, DuplicateInput, Reporter};
use crate::endpoints::Family;
use crate::id::Id;
use crate::object::{
    Archivable, Batchable, Creatable, CrmObject, Readable, StandaloneCreate, Updatable,
};
use crate::property::{Properties, WireProperties};
use crate::record::{Record, WireRecord};
use crate::unique::UniqueProp;

pub(super) use isolate::{isolating, suspects};
pub(super) use keys::{exact, refuse_duplicates};

/// Chunks in flight at once.
pub const CONCURRENCY: usize = 4;

/// Inputs that failed, by their index in the caller's list, and why.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchFailure {
    /// Indices into the inputs given to the batch method, ascending.
    pub inputs: Vec<usize>,
    /// Why they failed: HubSpot's error ([`Error::Api`]; a 207 entry has status 207), or
    /// [`Error::InvalidRequest`] for an input refused before sending.
    pub error: Error,
    /// For an input refused before sending because an earlier input has the same key: that
    /// input and the key.
    pub duplicate: Option<DuplicateInput>,
}

impl BatchFailure {
    /// A failure of `inputs` for `error`.
    pub(crate) fn new(mut inputs: Vec<usize>, error: Error) -> Self {
        inputs.sort_unstable();
        BatchFailure {
            inputs,
            error,
            duplicate: None,
        }
    }

    /// The properties HubSpot named in the error: those whose values it refused, for a
    /// validation error ([`ApiError::property_names`]). Empty for other errors.
    pub fn properties(&self) -> Vec<String> {
        self.error
            .api()
            .map(ApiError::property_names)
            .unwrap_or_default()
    }
}

/// What a batch method did with every input: each input is in `results` or in exactly one
/// failure, by its index in the list the method was given.
#[derive(Debug)]
pub struct BatchOutcome<T> {
    /// What succeeded (records read, created, updated; IDs archived), each with the index of
    /// its input, in input order.
    pub results: Vec<(usize, T)>,
    /// What failed, ordered by their first input; every input not in `results` is here.
    pub failures: Vec<BatchFailure>,
}

impl<T> BatchOutcome<T> {
    /// Whether every input succeeded.
    pub fn is_complete(&self) -> bool {
        self.failures.is_empty()
    }

    /// The indices of the inputs that failed, ascending.
    pub fn failed_inputs(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .failures
            .iter()
            .flat_map(|f| f.inputs.iter().copied())
            .collect();
        all.sort_unstable();
        all
    }

    /// The results without their indices, in input order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.results.iter().map(|(_, v)| v)
    }

    /// The result of input `index`, if it succeeded.
    pub fn result(&self, index: usize) -> Option<&T> {
        self.results
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .map(|at| &self.results[at].1)
    }

    /// The failure of input `index`, if it failed.
    pub fn failure(&self, index: usize) -> Option<&BatchFailure> {
        self.failures.iter().find(|f| f.inputs.contains(&index))
    }
}

/// A record written by an upsert, and whether it was created.
#[derive(Debug, Clone)]
pub struct Upserted<O: CrmObject> {
    /// The record.
    pub record: Record<O>,
    /// `true` if the upsert created it, `false` if it updated it.
    pub created: bool,
}

/// What some inputs of a batch came to: results by input index, and failures.
pub(super) type Part<T> = (Vec<(usize, T)>, Vec<BatchFailure>);

/// Which inputs to send, and those refused before sending.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) send: Vec<usize>,
    pub(super) refused: Vec<BatchFailure>,
}

impl Plan {
    /// Send all `total` inputs.
    pub(super) fn all(total: usize) -> Self {
        Plan {
            send: (0..total).collect(),
            refused: Vec::new(),
        }
    }
}

/// Runs `chunk` over the inputs `plan` sends, in groups of at most `limit` (in input order),
/// `CONCURRENCY` at a time, telling `reporter` as each settles; the outcome holds every one
/// of the `total` inputs, results and failures in input order.
pub(super) async fn run<T, F, Fut>(
    total: usize,
    plan: Plan,
    limit: usize,
    reporter: &mut Reporter<'_>,
    chunk: F,
) -> BatchOutcome<T>
where
    F: FnMut(Vec<usize>) -> Fut,
    Fut: Future<Output = Part<T>>,
{
    let Plan { send, refused } = plan;
    let refused_inputs = refused.iter().map(|f| f.inputs.len()).sum();
    reporter.start(total, refused_inputs);
    let groups: Vec<Vec<usize>> = send.chunks(limit.max(1)).map(<[usize]>::to_vec).collect();
    let mut outcome = BatchOutcome {
        results: Vec::new(),
        failures: refused,
    };
    let mut done = stream::iter(groups)
        .map(chunk)
        .buffer_unordered(CONCURRENCY);
    while let Some((results, failures)) = done.next().await {
        let failed = failures.iter().map(|f| f.inputs.len()).sum();
        reporter.settled(results.len(), failed);
        outcome.results.extend(results);
        outcome.failures.extend(failures);
    }
    outcome.results.sort_by_key(|(i, _)| *i);
    outcome.failures.sort_by_key(|f| f.inputs.first().copied());
    outcome
}

/// The failure of a whole group.
pub(super) fn whole<T>(group: Vec<usize>, error: Error) -> Part<T> {
    (Vec::new(), vec![BatchFailure::new(group, error)])
}

/// An entry of a 207's `errors`, as an API error with status 207.
pub(super) fn item_error(e: &Value, answer: &Response) -> Error {
    Error::Api(Box::new(ApiError::from_response(
        207,
        e.to_string().as_bytes(),
        None,
        answer.family,
        answer.path.clone(),
    )))
}

/// The strings an error entry's `context` lists under `key` (`ids`, `objectWriteTraceId`).
pub(super) fn context_list<'e>(e: &'e Value, key: &str) -> HashSet<&'e str> {
    match e.get("context").and_then(|c| c.get(key)) {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => HashSet::from([s.as_str()]),
        _ => HashSet::new(),
    }
}

/// Sorts an answer into results and failures by the inputs of `group`, matched by key: each
/// result (key, value) goes to the first open input with that key (`key(input)`), each 207
/// error takes the open inputs whose keys its `context` lists under `error_key`, and inputs
/// neither answered nor named fail together (with an error that named no input, if any).
pub(super) fn by_key<T>(
    group: &[usize],
    key: impl Fn(usize) -> String,
    results: Vec<(String, T)>,
    errors: &[Value],
    error_key: &str,
    answer: &Response,
) -> Part<T> {
    let mut open: Vec<usize> = group.to_vec();
    let mut matched = Vec::new();
    for (k, value) in results {
        if let Some(at) = open.iter().position(|&i| key(i) == k) {
            matched.push((open.remove(at), value));
        }
    }
    let mut failures = Vec::new();
    let mut unclaimed = None;
    for e in errors {
        let named = context_list(e, error_key);
        let (hit, rest): (Vec<usize>, Vec<usize>) = open
            .into_iter()
            .partition(|&i| named.contains(key(i).as_str()));
        open = rest;
        if hit.is_empty() {
            unclaimed.get_or_insert(e);
        } else {
            failures.push(BatchFailure::new(hit, item_error(e, answer)));
        }
    }
    if !open.is_empty() {
        let error = match unclaimed {
            Some(e) => item_error(e, answer),
            None => answer.undecodable("HubSpot returned no result and no error for these inputs"),
        };
        failures.push(BatchFailure::new(open, error));
    }
    (matched, failures)
}

/// A batch answer: `{status, results, errors?}` (207 when some inputs failed).
#[derive(Deserialize)]
pub(super) struct BatchAnswer<T> {
    pub(super) results: Vec<T>,
    #[serde(default)]
    pub(super) errors: Vec<Value>,
}

/// Turns a record of a batch answer into what the caller wants (a typed record, a dynamic
/// one), or says why it does not fit.
pub(super) trait Decode<T>: Fn(WireRecord) -> Result<T, String> + Sync {}
impl<T, F: Fn(WireRecord) -> Result<T, String> + Sync> Decode<T> for F {}

/// A typed record of a batch answer.
fn typed<O: CrmObject>(record: WireRecord) -> Result<Record<O>, String> {
    Record::try_from(record).map_err(|e| e.to_string())
}

/// Most inputs one request of `family` may carry, from the table.
pub(super) fn batch_limit(family: Family) -> usize {
    family.spec().batch_limit.map_or(1, |l| l as usize)
}

/// The outcome with each result turned by `f`.
pub(super) fn map_results<T, U>(
    out: BatchOutcome<T>,
    mut f: impl FnMut(usize, T) -> U,
) -> BatchOutcome<U> {
    BatchOutcome {
        results: out.results.into_iter().map(|(i, t)| (i, f(i, t))).collect(),
        failures: out.failures,
    }
}

impl<'c, O: CrmObject + Batchable> Objects<'c, O> {
    /// Reads any number of records by ID, with every property the typed properties know.
    /// Each result carries the index of its ID in `ids`; an ID given twice is read once, and
    /// its later inputs fail ([`BatchFailure::duplicate`]).
    ///
    /// ```no_run
    /// # use hubspot_crm_runtime::{Batchable, Id, Objects, Readable};
    /// # async fn demo<O: Batchable + Readable>(objects: Objects<'_, O>, ids: Vec<Id<O>>) {
    /// let read = objects.batch_read(&ids).await;
    /// for (index, record) in &read.results {
    ///     assert_eq!(record.id, ids[*index]);
    /// }
    /// # }
    /// ```
    pub fn batch_read<'a>(&self, ids: &'a [Id<O>]) -> BatchRequest<'a, Record<O>>
    where
        O: Readable,
        'c: 'a,
    {
        let wire = self.wire();
        BatchRequest::new(move |mut reporter| async move {
            let ids: Vec<&str> = ids.iter().map(Id::as_str).collect();
            wire.batch_read_records(&ids, O::Properties::NAMES, typed::<O>, &mut reporter)
                .await
        })
    }

    /// Creates any number of records. Each result carries the index of the input it was
    /// created from (HubSpot echoes each input's `objectWriteTraceId`). An input HubSpot
    /// refuses (an invalid value, a unique value taken) fails alone, naming the property;
    /// the others are created.
    pub fn batch_create(&self, inputs: Vec<O::Properties>) -> BatchRequest<'c, Record<O>>
    where
        O: StandaloneCreate,
    {
        let wire = self.wire();
        BatchRequest::new(move |mut reporter| async move {
            let writable: Vec<WireProperties> = inputs
                .iter()
                .map(|p| Self::writable(p, Write::Create))
                .collect();
            wire.batch_create_records(&writable, typed::<O>, &mut reporter)
                .await
        })
    }

    /// Updates any number of records: `Set` and `Clear` fields of each change are written
    /// (read-only ones never are). Each result carries the index of its change; a record
    /// changed twice is changed by its first input, and the later ones fail
    /// ([`BatchFailure::duplicate`]).
    pub fn batch_update(&self, changes: Vec<(Id<O>, O::Properties)>) -> BatchRequest<'c, Record<O>>
    where
        O: Updatable,
    {
        let wire = self.wire();
        BatchRequest::new(move |mut reporter| async move {
            let writable: Vec<(&str, WireProperties)> = changes
                .iter()
                .map(|(id, p)| (id.as_str(), Self::writable(p, Write::Change)))
                .collect();
            wire.batch_update_records(&writable, typed::<O>, &mut reporter)
                .await
        })
    }

    /// Creates or updates any number of records by a unique property (`id_property`, such as
    /// `contacts::unique::EMAIL`): each input is that property's value and the properties to write. Upserts are
    /// idempotent, so chunks are retried through server errors: the way to load data in bulk
    /// without losing or doubling records. Read-only and create-only properties are not sent.
    ///
    /// Each result carries the index of its input. Two inputs with the same value (compared
    /// as HubSpot compares it: contacts' `email` without letter case, the table's
    /// `case_insensitive`) would make HubSpot refuse their whole chunk, so the first is sent
    /// and the later ones fail ([`BatchFailure::duplicate`]). An input with an invalid value
    /// fails alone, naming the property ([`BatchFailure::properties`]); the others land.
    ///
    /// ```no_run
    /// # use hubspot_crm_runtime::{Batchable, Creatable, Objects, UniqueProp, Updatable};
    /// # async fn demo<O: Batchable + Creatable + Updatable>(
    /// #     contacts: Objects<'_, O>,
    /// #     email: UniqueProp<O>,
    /// #     rows: Vec<(String, O::Properties)>,
    /// # ) {
    /// let out = contacts
    ///     .batch_upsert(email, rows)
    ///     .progress(|p| eprintln!("{}/{}", p.finished(), p.total))
    ///     .await;
    /// for failure in &out.failures {
    ///     eprintln!("inputs {:?}: {} {:?}", failure.inputs, failure.error, failure.properties());
    /// }
    /// # }
    /// ```
    pub fn batch_upsert(
        &self,
        id_property: UniqueProp<O>,
        inputs: Vec<(String, O::Properties)>,
    ) -> BatchRequest<'c, Upserted<O>>
    where
        O: Creatable + Updatable,
    {
        let wire = self.wire();
        let id_property = id_property.name();
        BatchRequest::new(move |mut reporter| async move {
            let fold = O::INFO
                .property(id_property)
                .is_some_and(|p| p.case_insensitive);
            let writable: Vec<(&str, WireProperties)> = inputs
                .iter()
                .map(|(v, p)| (v.as_str(), Self::writable(p, Write::Change)))
                .collect();
            let out = wire
                .batch_upsert_records(id_property, fold, &writable, typed::<O>, &mut reporter)
                .await;
            map_results(out, |_, (record, created)| Upserted { record, created })
        })
    }

    /// Archives any number of records; each result is the ID of an input whose chunk HubSpot
    /// accepted, with its index. An ID given twice is archived once; its later inputs fail
    /// ([`BatchFailure::duplicate`]).
    pub fn batch_archive<'a>(&self, ids: &'a [Id<O>]) -> BatchRequest<'a, Id<O>>
    where
        O: Archivable,
        'c: 'a,
    {
        let wire = self.wire();
        BatchRequest::new(move |mut reporter| async move {
            let raw: Vec<&str> = ids.iter().map(Id::as_str).collect();
            let out = wire.batch_archive_records(&raw, &mut reporter).await;
            map_results(out, |i, ()| ids[i].clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(inputs: Vec<usize>) -> BatchFailure {
        BatchFailure::new(inputs, Error::InvalidRequest("x".into()))
    }

    #[tokio::test]
    async fn run_settles_every_input_in_input_order_whatever_order_chunks_finish_in() {
        let mut seen = Vec::new();
        let out = {
            let mut reporter = Reporter::silent();
            let plan = Plan {
                send: (0..10).filter(|i| *i != 3).collect(),
                refused: vec![failure(vec![3])],
            };
            run(10, plan, 4, &mut reporter, |group: Vec<usize>| async move {
                // Later chunks finish first; odd inputs fail.
                let wait = 10 - group[0] as u64;
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                let ok = group.iter().filter(|i| *i % 2 == 0).map(|i| (*i, *i * 10));
                let bad = group.iter().filter(|i| *i % 2 == 1).copied().collect();
                (ok.collect(), vec![failure(bad)])
            })
            .await
        };
        seen.extend(out.results.iter().map(|(i, _)| *i));
        assert_eq!(seen, vec![0, 2, 4, 6, 8]);
        assert_eq!(out.result(4), Some(&40));
        assert_eq!(out.result(3), None);
        assert_eq!(out.failed_inputs(), vec![1, 3, 5, 7, 9]);
        assert_eq!(out.failure(3).map(|f| f.inputs.clone()), Some(vec![3]));
        let firsts: Vec<_> = out.failures.iter().map(|f| f.inputs[0]).collect();
        let mut sorted = firsts.clone();
        sorted.sort_unstable();
        assert_eq!(firsts, sorted, "failures in input order");
        assert_eq!(
            out.values().copied().collect::<Vec<_>>(),
            vec![0, 20, 40, 60, 80]
        );
    }
}
