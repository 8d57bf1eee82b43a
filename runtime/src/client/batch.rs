//! Batch operations over any number of inputs: split into chunks of the endpoint's limit
//! (100), sent with bounded concurrency, and gathered so that every input ends up either in
//! the results or in a failure naming its index: nothing is dropped silently.

use std::collections::HashSet;
use std::future::Future;
use std::ops::Range;

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use super::{ApiError, Call, Error, Objects};
use crate::id::Id;
use crate::object::{
    Archivable, Batchable, Creatable, CrmObject, Readable, StandaloneCreate, Updatable,
};
use crate::property::Properties;
use crate::record::Record;

/// Chunks in flight at once.
pub const CONCURRENCY: usize = 4;

/// Inputs that failed, by their index in the caller's list, and why.
#[derive(Debug)]
pub struct BatchFailure {
    /// Indices into the inputs given to the batch method.
    pub inputs: Vec<usize>,
    /// Why they failed.
    pub error: Error,
}

/// What a batch method did with every input.
#[derive(Debug)]
pub struct BatchOutcome<T> {
    /// What succeeded (records read, created, updated; IDs archived).
    pub results: Vec<T>,
    /// What failed; every input not represented in `results` is here.
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
}

/// A record written by an upsert, and whether it was created.
#[derive(Debug, Clone)]
pub struct Upserted<O: CrmObject> {
    /// The record.
    pub record: Record<O>,
    /// `true` if the upsert created it, `false` if it updated it.
    pub created: bool,
}

/// Runs `chunk` over ranges of at most `limit` of `total` inputs, `CONCURRENCY` at a time.
pub(super) async fn run<T, F, Fut>(total: usize, limit: usize, chunk: F) -> BatchOutcome<T>
where
    F: Fn(Range<usize>) -> Fut,
    Fut: Future<Output = (Vec<T>, Vec<BatchFailure>)>,
{
    let limit = limit.max(1);
    let ranges = (0..total)
        .step_by(limit)
        .map(|start| start..(start + limit).min(total));
    let mut outcome = BatchOutcome {
        results: Vec::new(),
        failures: Vec::new(),
    };
    let mut done = stream::iter(ranges)
        .map(chunk)
        .buffer_unordered(CONCURRENCY);
    while let Some((results, failures)) = done.next().await {
        outcome.results.extend(results);
        outcome.failures.extend(failures);
    }
    outcome.failures.sort_by_key(|f| f.inputs.first().copied());
    outcome
}

/// The failures of a chunk whose inputs are identified by `keys` (index, key), given the keys
/// HubSpot returned and its 207 `errors`: errors naming keys in `context.ids` take those
/// inputs; inputs neither returned nor named fail together.
fn account(
    keys: &[(usize, String)],
    returned: &HashSet<String>,
    errors: &[Value],
    method: &'static str,
    path: &str,
) -> Vec<BatchFailure> {
    let mut missing: Vec<&(usize, String)> =
        keys.iter().filter(|(_, k)| !returned.contains(k)).collect();
    let mut out = Vec::new();
    for e in errors {
        let named: HashSet<&str> = e
            .pointer("/context/ids")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let (hit, rest): (Vec<_>, Vec<_>) = missing
            .into_iter()
            .partition(|(_, k)| named.contains(k.as_str()));
        missing = rest;
        if !hit.is_empty() {
            out.push(BatchFailure {
                inputs: hit.iter().map(|(i, _)| *i).collect(),
                error: item_error(e, method, path),
            });
        }
    }
    if !missing.is_empty() {
        let error = match errors.first() {
            Some(e) => item_error(e, method, path),
            None => Error::Decode {
                method,
                path: path.to_string(),
                message: "HubSpot returned no result and no error for these inputs".into(),
                body: String::new(),
            },
        };
        out.push(BatchFailure {
            inputs: missing.iter().map(|(i, _)| *i).collect(),
            error,
        });
    }
    out
}

/// An entry of a 207's `errors`, as an API error with status 207.
pub(super) fn item_error(e: &Value, method: &'static str, path: &str) -> Error {
    Error::Api(Box::new(ApiError::from_response(
        207,
        e.to_string().as_bytes(),
        None,
        method,
        path.to_string(),
    )))
}

pub(super) fn whole_chunk<T>(range: Range<usize>, error: Error) -> (Vec<T>, Vec<BatchFailure>) {
    (
        Vec::new(),
        vec![BatchFailure {
            inputs: range.collect(),
            error,
        }],
    )
}

fn results_of(body: &Option<Value>) -> Vec<Value> {
    body.as_ref()
        .and_then(|b| b.get("results"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn errors_of(body: &Option<Value>) -> Vec<Value> {
    body.as_ref()
        .and_then(|b| b.get("errors"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

impl<'c, O: CrmObject + Batchable> Objects<'c, O> {
    /// Sends one chunk and sorts its answer into records and failures by `key` of a result.
    async fn chunk(
        &self,
        endpoint: &'static str,
        range: Range<usize>,
        keys: Vec<(usize, String)>,
        body: Value,
        key_of: impl Fn(&Record<O>) -> Option<String>,
    ) -> (Vec<(Record<O>, bool)>, Vec<BatchFailure>) {
        let params = [("objectType", O::path_segment())];
        let answer = self
            .client
            .call(
                endpoint,
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await;
        let body = match answer {
            Ok(b) => b,
            Err(e) => return whole_chunk(range, e),
        };
        let mut records = Vec::new();
        let mut returned = HashSet::new();
        for r in results_of(&body) {
            let created = r.get("new").and_then(Value::as_bool).unwrap_or(false);
            match Self::decode(Some(r), endpoint) {
                Ok(record) => {
                    if let Some(k) = key_of(&record) {
                        returned.insert(k);
                    }
                    records.push((record, created));
                }
                Err(e) => {
                    return (
                        records,
                        vec![BatchFailure {
                            inputs: range.collect(),
                            error: e,
                        }],
                    )
                }
            }
        }
        let path = format!("{} {endpoint}", O::INFO.name);
        let failures = account(&keys, &returned, &errors_of(&body), "POST", &path);
        (records, failures)
    }

    /// Reads any number of records by ID.
    pub async fn batch_read(&self, ids: &[Id<O>]) -> BatchOutcome<Record<O>>
    where
        O: Readable,
    {
        let limit = self.client.batch_limit("objects_batch_read");
        let out = run(ids.len(), limit, |range| {
            let chunk = &ids[range.clone()];
            let keys = range
                .clone()
                .zip(chunk.iter().map(|i| i.as_str().to_string()))
                .collect();
            let body = json!({
                "inputs": chunk.iter().map(|i| json!({"id": i.as_str()})).collect::<Vec<_>>(),
                "properties": O::Properties::NAMES,
                "propertiesWithHistory": [],
            });
            self.chunk("objects_batch_read", range, keys, body, |r| {
                Some(r.id.as_str().to_string())
            })
        })
        .await;
        strip(out)
    }

    /// Creates any number of records. A chunk HubSpot refuses (an invalid value, a duplicate
    /// unique value) fails as a whole; other chunks still go through.
    pub async fn batch_create(&self, inputs: Vec<O::Properties>) -> BatchOutcome<Record<O>>
    where
        O: StandaloneCreate,
    {
        let limit = self.client.batch_limit("objects_batch_create");
        let out = run(inputs.len(), limit, |range| {
            let chunk = &inputs[range.clone()];
            let body = json!({
                "inputs": chunk.iter().map(|p| json!({"properties": Self::properties_body(p)})).collect::<Vec<_>>(),
            });
            let n = chunk.len();
            async move {
                let (records, mut failures) = self
                    .chunk("objects_batch_create", range.clone(), Vec::new(), body, |_| None)
                    .await;
                // Creates carry no key back: a short answer cannot say which input is missing.
                if failures.is_empty() && records.len() != n {
                    failures.push(BatchFailure {
                        inputs: range.collect(),
                        error: Error::Decode {
                            method: "POST",
                            path: format!("{} objects_batch_create", O::INFO.name),
                            message: format!("{} records returned for {n} inputs", records.len()),
                            body: String::new(),
                        },
                    });
                }
                (records, failures)
            }
        })
        .await;
        strip(out)
    }

    /// Updates any number of records: `Set` and `Clear` fields of each change are written.
    pub async fn batch_update(
        &self,
        changes: Vec<(Id<O>, O::Properties)>,
    ) -> BatchOutcome<Record<O>>
    where
        O: Updatable,
    {
        let limit = self.client.batch_limit("objects_batch_update");
        let out = run(changes.len(), limit, |range| {
            let chunk = &changes[range.clone()];
            let keys = range.clone().zip(chunk.iter().map(|(i, _)| i.as_str().to_string())).collect();
            let body = json!({
                "inputs": chunk.iter().map(|(id, p)| json!({"id": id.as_str(), "properties": Self::properties_body(p)})).collect::<Vec<_>>(),
            });
            self.chunk("objects_batch_update", range, keys, body, |r| Some(r.id.as_str().to_string()))
        })
        .await;
        strip(out)
    }

    /// Creates or updates any number of records by a unique property (`id_property`, such as
    /// `email`): each input is that property's value and the properties to write. Upserts are
    /// idempotent, so chunks are retried through server errors: the way to load data in bulk
    /// without losing or doubling records.
    pub async fn batch_upsert(
        &self,
        id_property: &str,
        inputs: Vec<(String, O::Properties)>,
    ) -> BatchOutcome<Upserted<O>>
    where
        O: Creatable + Updatable,
    {
        let limit = self.client.batch_limit("objects_batch_upsert");
        let out = run(inputs.len(), limit, |range| {
            let chunk = &inputs[range.clone()];
            let keys: Vec<(usize, String)> = range.clone().zip(chunk.iter().map(|(v, _)| v.clone())).collect();
            let body = json!({
                "inputs": chunk.iter().map(|(v, p)| json!({"id": v, "idProperty": id_property, "properties": Self::properties_body(p)})).collect::<Vec<_>>(),
            });
            let n = chunk.len();
            async move {
                // Match results to inputs by the unique value when the answer carries it.
                let key_of = |r: &Record<O>| r.properties.encode().get(id_property).cloned().flatten();
                let (records, failures) = self
                    .chunk("objects_batch_upsert", range, keys.clone(), body, key_of)
                    .await;
                // Results do not always echo the unique value; a complete answer is complete.
                let failures = if records.len() == n && failures.iter().all(|f| f.error.api().is_none()) {
                    Vec::new()
                } else {
                    failures
                };
                (records, failures)
            }
        })
        .await;
        BatchOutcome {
            results: out
                .results
                .into_iter()
                .map(|(record, created)| Upserted { record, created })
                .collect(),
            failures: out.failures,
        }
    }

    /// Archives any number of records; returns the IDs whose chunk HubSpot accepted.
    pub async fn batch_archive(&self, ids: &[Id<O>]) -> BatchOutcome<Id<O>>
    where
        O: Archivable,
    {
        let limit = self.client.batch_limit("objects_batch_archive");
        run(ids.len(), limit, |range| {
            let chunk = &ids[range.clone()];
            let body = json!({ "inputs": chunk.iter().map(|i| json!({"id": i.as_str()})).collect::<Vec<_>>() });
            async move {
                let params = [("objectType", O::path_segment())];
                match self
                    .client
                    .call("objects_batch_archive", Call { params: &params, body: Some(body), ..Call::default() })
                    .await
                {
                    Ok(_) => (chunk.to_vec(), Vec::new()),
                    Err(e) => whole_chunk(range, e),
                }
            }
        })
        .await
    }
}

fn strip<O: CrmObject>(out: BatchOutcome<(Record<O>, bool)>) -> BatchOutcome<Record<O>> {
    BatchOutcome {
        results: out.results.into_iter().map(|(r, _)| r).collect(),
        failures: out.failures,
    }
}
