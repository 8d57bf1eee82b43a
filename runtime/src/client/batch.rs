//! Batch operations over any number of inputs: split into chunks of the endpoint's limit
//! (100), sent with bounded concurrency, and gathered so that every input ends up either in
//! the results or in a failure naming its index: nothing is dropped silently.

use std::collections::HashSet;
use std::future::Future;
use std::ops::Range;

use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::objects::Write;
use super::wire::{PropertiesBody, Props, ReadBody, Wire};
use super::{ApiError, Error, Objects, Response};
use crate::endpoints::Family;
use crate::id::Id;
use crate::object::{
    Archivable, Batchable, Creatable, CrmObject, Readable, StandaloneCreate, Updatable,
};
use crate::property::{Properties, WireProperties};
use crate::record::{Record, WireRecord};
use crate::unique::UniqueProp;

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
    answer: &Response,
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
                error: item_error(e, answer),
            });
        }
    }
    if !missing.is_empty() {
        let error = match errors.first() {
            Some(e) => item_error(e, answer),
            None => answer.undecodable("HubSpot returned no result and no error for these inputs"),
        };
        out.push(BatchFailure {
            inputs: missing.iter().map(|(i, _)| *i).collect(),
            error,
        });
    }
    out
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

pub(super) fn whole_chunk<T>(range: Range<usize>, error: Error) -> (Vec<T>, Vec<BatchFailure>) {
    (
        Vec::new(),
        vec![BatchFailure {
            inputs: range.collect(),
            error,
        }],
    )
}

/// A batch answer: `{status, results, errors?}` (207 when some inputs failed).
#[derive(Deserialize)]
pub(super) struct BatchAnswer<T> {
    pub(super) results: Vec<T>,
    #[serde(default)]
    pub(super) errors: Vec<Value>,
}

/// A record of a batch answer, with the `new` flag upserts set.
#[derive(Deserialize)]
struct BatchRecord {
    #[serde(flatten)]
    record: WireRecord,
    #[serde(default)]
    new: bool,
}

/// `{inputs: [...]}`.
#[derive(Serialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id}`.
#[derive(Serialize)]
struct IdInput<'a> {
    id: &'a str,
}

/// `{id?, idProperty?, properties}` of a batch write.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WriteInput<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_property: Option<&'a str>,
    properties: Props<'a>,
}

/// Turns a record of a batch answer into what the caller wants (a typed record, a dynamic
/// one), or says why it does not fit.
pub(super) trait Decode<T>: Fn(WireRecord) -> Result<T, String> {}
impl<T, F: Fn(WireRecord) -> Result<T, String>> Decode<T> for F {}

/// The batch families of the record families, untyped: inputs are strings, records come back
/// decoded by `decode`. [`Objects`] and [`DynamicObjects`](super::DynamicObjects) both call
/// these, so chunking and accounting are written once.
impl Wire<'_> {
    /// Sends one chunk and sorts its answer into records and failures by `key_of` a result.
    /// Inputs without keys (creates) are accounted for by count: a short answer cannot say
    /// which input is missing, so the whole chunk fails. A record that does not decode fails
    /// the whole chunk.
    async fn records_chunk<T>(
        &self,
        family: Family,
        range: Range<usize>,
        keys: Vec<(usize, String)>,
        body: &impl Serialize,
        key_of: impl Fn(&WireRecord) -> Option<String>,
        decode: &impl Decode<T>,
    ) -> (Vec<(T, bool)>, Vec<BatchFailure>) {
        let expected = range.len();
        let answer = match self.batch(family, body).await {
            Ok(a) => a,
            Err(e) => return whole_chunk(range, e),
        };
        let decoded: BatchAnswer<BatchRecord> = match answer.json() {
            Ok(d) => d,
            Err(e) => return whole_chunk(range, e),
        };
        let mut records = Vec::new();
        let mut returned = HashSet::new();
        for r in decoded.results {
            if let Some(k) = key_of(&r.record) {
                returned.insert(k);
            }
            match decode(r.record) {
                Ok(record) => records.push((record, r.new)),
                Err(e) => return whole_chunk(range, answer.undecodable(e)),
            }
        }
        let mut failures = account(&keys, &returned, &decoded.errors, &answer);
        if keys.is_empty() && failures.is_empty() && records.len() != expected {
            let message = format!("{} records returned for {expected} inputs", records.len());
            failures.push(BatchFailure {
                inputs: range.collect(),
                error: answer.undecodable(message),
            });
        }
        (records, failures)
    }

    /// Reads records `ids` with `properties`.
    pub(super) async fn batch_read_records<T>(
        &self,
        ids: &[&str],
        properties: &[&str],
        decode: impl Decode<T>,
    ) -> BatchOutcome<T> {
        let family = Family::ObjectsBatchRead;
        let out = run(ids.len(), batch_limit(family), |range| {
            let chunk = &ids[range.clone()];
            let keys = range
                .clone()
                .zip(chunk.iter().map(|i| i.to_string()))
                .collect();
            let body = ReadBody::new(chunk, properties);
            let decode = &decode;
            async move {
                self.records_chunk(family, range, keys, &body, |r| Some(r.id.clone()), decode)
                    .await
            }
        })
        .await;
        strip(out)
    }

    /// Creates records with `inputs` (already filtered to what may be written).
    pub(super) async fn batch_create_records<T>(
        &self,
        inputs: &[WireProperties],
        decode: impl Decode<T>,
    ) -> BatchOutcome<T> {
        let family = Family::ObjectsBatchCreate;
        let out = run(inputs.len(), batch_limit(family), |range| {
            let body = Inputs {
                inputs: inputs[range.clone()]
                    .iter()
                    .map(|p| PropertiesBody {
                        properties: Props(p),
                    })
                    .collect(),
            };
            let decode = &decode;
            async move {
                self.records_chunk(family, range, Vec::new(), &body, |_| None, decode)
                    .await
            }
        })
        .await;
        strip(out)
    }

    /// Updates records: each input is an ID and the properties to write.
    pub(super) async fn batch_update_records<T>(
        &self,
        inputs: &[(&str, WireProperties)],
        decode: impl Decode<T>,
    ) -> BatchOutcome<T> {
        let family = Family::ObjectsBatchUpdate;
        let out = run(inputs.len(), batch_limit(family), |range| {
            let chunk = &inputs[range.clone()];
            let keys = range
                .clone()
                .zip(chunk.iter().map(|(i, _)| i.to_string()))
                .collect();
            let body = Inputs {
                inputs: chunk
                    .iter()
                    .map(|(id, p)| WriteInput {
                        id: Some(id),
                        id_property: None,
                        properties: Props(p),
                    })
                    .collect(),
            };
            let decode = &decode;
            async move {
                self.records_chunk(family, range, keys, &body, |r| Some(r.id.clone()), decode)
                    .await
            }
        })
        .await;
        strip(out)
    }

    /// Creates or updates records by the unique property `id_property`: each input is its
    /// value and the properties to write. Results carry whether they were created.
    pub(super) async fn batch_upsert_records<T>(
        &self,
        id_property: &str,
        inputs: &[(&str, WireProperties)],
        decode: impl Decode<T>,
    ) -> BatchOutcome<(T, bool)> {
        let family = Family::ObjectsBatchUpsert;
        run(inputs.len(), batch_limit(family), |range| {
            let chunk = &inputs[range.clone()];
            let keys: Vec<(usize, String)> = range
                .clone()
                .zip(chunk.iter().map(|(v, _)| v.to_string()))
                .collect();
            let body = Inputs {
                inputs: chunk
                    .iter()
                    .map(|(v, p)| WriteInput {
                        id: Some(v),
                        id_property: Some(id_property),
                        properties: Props(p),
                    })
                    .collect(),
            };
            let n = chunk.len();
            let decode = &decode;
            async move {
                // Match results to inputs by the unique value when the answer carries it.
                let key_of = |r: &WireRecord| r.properties.get(id_property).cloned().flatten();
                let (records, failures) = self
                    .records_chunk(family, range, keys, &body, key_of, decode)
                    .await;
                // Results do not always echo the unique value; a complete answer is complete.
                let failures =
                    if records.len() == n && failures.iter().all(|f| f.error.api().is_none()) {
                        Vec::new()
                    } else {
                        failures
                    };
                (records, failures)
            }
        })
        .await
    }

    /// Archives records `ids`; returns the indices of the inputs whose chunk HubSpot accepted.
    pub(super) async fn batch_archive_records(&self, ids: &[&str]) -> BatchOutcome<usize> {
        let family = Family::ObjectsBatchArchive;
        run(ids.len(), batch_limit(family), |range| {
            let body = Inputs {
                inputs: ids[range.clone()].iter().map(|id| IdInput { id }).collect(),
            };
            async move {
                match self.batch(family, &body).await {
                    Ok(_) => (range.collect(), Vec::new()),
                    Err(e) => whole_chunk(range, e),
                }
            }
        })
        .await
    }
}

/// A typed record of a batch answer.
fn typed<O: CrmObject>(record: WireRecord) -> Result<Record<O>, String> {
    Record::try_from(record).map_err(|e| e.to_string())
}

impl<'c, O: CrmObject + Batchable> Objects<'c, O> {
    /// Reads any number of records by ID, with every property the typed properties know.
    pub async fn batch_read(&self, ids: &[Id<O>]) -> BatchOutcome<Record<O>>
    where
        O: Readable,
    {
        let ids: Vec<&str> = ids.iter().map(Id::as_str).collect();
        self.wire()
            .batch_read_records(&ids, O::Properties::NAMES, typed::<O>)
            .await
    }

    /// Creates any number of records. A chunk HubSpot refuses (an invalid value, a duplicate
    /// unique value) fails as a whole; other chunks still go through.
    pub async fn batch_create(&self, inputs: Vec<O::Properties>) -> BatchOutcome<Record<O>>
    where
        O: StandaloneCreate,
    {
        let writable: Vec<WireProperties> = inputs
            .iter()
            .map(|p| Self::writable(p, Write::Create))
            .collect();
        self.wire()
            .batch_create_records(&writable, typed::<O>)
            .await
    }

    /// Updates any number of records: `Set` and `Clear` fields of each change are written
    /// (read-only ones never are).
    pub async fn batch_update(
        &self,
        changes: Vec<(Id<O>, O::Properties)>,
    ) -> BatchOutcome<Record<O>>
    where
        O: Updatable,
    {
        let writable: Vec<(&str, WireProperties)> = changes
            .iter()
            .map(|(id, p)| (id.as_str(), Self::writable(p, Write::Change)))
            .collect();
        self.wire()
            .batch_update_records(&writable, typed::<O>)
            .await
    }

    /// Creates or updates any number of records by a unique property (`id_property`, such as
    /// `contacts::unique::EMAIL`): each input is that property's value and the properties to write. Upserts are
    /// idempotent, so chunks are retried through server errors: the way to load data in bulk
    /// without losing or doubling records. Read-only and create-only properties are not sent.
    pub async fn batch_upsert(
        &self,
        id_property: UniqueProp<O>,
        inputs: Vec<(String, O::Properties)>,
    ) -> BatchOutcome<Upserted<O>>
    where
        O: Creatable + Updatable,
    {
        let writable: Vec<(&str, WireProperties)> = inputs
            .iter()
            .map(|(v, p)| (v.as_str(), Self::writable(p, Write::Change)))
            .collect();
        let out = self
            .wire()
            .batch_upsert_records(id_property.name(), &writable, typed::<O>)
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
        let raw: Vec<&str> = ids.iter().map(Id::as_str).collect();
        let out = self.wire().batch_archive_records(&raw).await;
        BatchOutcome {
            results: out.results.into_iter().map(|i| ids[i].clone()).collect(),
            failures: out.failures,
        }
    }
}

/// Most inputs one request of `family` may carry, from the table.
pub(super) fn batch_limit(family: Family) -> usize {
    family.spec().batch_limit.map_or(1, |l| l as usize)
}

fn strip<T>(out: BatchOutcome<(T, bool)>) -> BatchOutcome<T> {
    BatchOutcome {
        results: out.results.into_iter().map(|(r, _)| r).collect(),
        failures: out.failures,
    }
}
