//! The batch families of the record families, untyped: inputs are strings, records come back
//! decoded by `decode`. [`Objects`](crate::client::Objects) and
//! [`DynamicObjects`](crate::client::DynamicObjects) both call these, so chunking,
//! duplicate keys, matching results to inputs and isolating refused inputs are written once.
//!
//! Every write input carries `objectWriteTraceId`, its index as text: HubSpot echoes it in
//! the record written from that input and names it in the error of an input that failed, so
//! a result is matched to its input whatever order the answer lists them in. Reads (whose
//! inputs take no trace ID) and answers without it are matched by record ID or unique value;
//! records left over are matched to inputs left over in order, when there are as many.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::isolate::{isolating, suspects};
use super::keys::{exact, refuse_duplicates};
use super::{
    batch_limit, context_list, item_error, run, BatchAnswer, BatchFailure, BatchOutcome, Decode,
    Part, Plan,
};
use crate::bulk::Reporter;
use crate::client::wire::{IdRef, Props, ReadBody, Wire};
use crate::client::{Error, Response};
use crate::endpoints::Family;
use crate::metadata::fold_key;
use crate::property::WireProperties;
use crate::record::WireRecord;

/// A record of a batch answer, with the `new` flag upserts set and the trace ID of the input
/// it was written from.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchRecord {
    #[serde(flatten)]
    record: WireRecord,
    #[serde(default)]
    new: bool,
    #[serde(default)]
    object_write_trace_id: Option<String>,
}

/// `{inputs: [...]}`.
#[derive(Serialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id?, idProperty?, properties, objectWriteTraceId}` of a batch write.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WriteInput<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_property: Option<&'a str>,
    properties: Props<'a>,
    object_write_trace_id: String,
}

/// How one family's inputs are told apart in its answers.
struct Matching<'k> {
    /// Whether inputs carry their index as `objectWriteTraceId`.
    traced: bool,
    /// Each input's key as compared (record ID, folded unique value), if it has one.
    key: &'k (dyn Fn(usize) -> Option<String> + Sync),
    /// The key of a returned record, compared with the inputs'.
    key_of: &'k (dyn Fn(&WireRecord) -> Option<String> + Sync),
}

/// Sorts a group's answer into results and failures by input: see the module.
fn settle<T>(
    group: &[usize],
    answer: &Response,
    decoded: BatchAnswer<BatchRecord>,
    matching: &Matching<'_>,
    decode: &impl Decode<T>,
) -> Part<(T, bool)> {
    let mut open: BTreeSet<usize> = group.iter().copied().collect();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in group {
        if let Some(k) = (matching.key)(i) {
            by_key.entry(k).or_default().push(i);
        }
    }
    let mut matched = Vec::new();
    let mut leftover = Vec::new();
    for r in decoded.results {
        let traced = r
            .object_write_trace_id
            .as_deref()
            .filter(|_| matching.traced)
            .and_then(|t| t.parse::<usize>().ok())
            .filter(|i| open.contains(i));
        let keyed = || {
            let k = (matching.key_of)(&r.record)?;
            by_key.get(&k)?.iter().copied().find(|i| open.contains(i))
        };
        match traced.or_else(keyed) {
            Some(i) => {
                open.remove(&i);
                matched.push((i, r));
            }
            None => leftover.push(r),
        }
    }
    let mut failures = Vec::new();
    let mut unclaimed = None;
    for e in &decoded.errors {
        let traces = context_list(e, "objectWriteTraceId");
        let ids = context_list(e, "ids");
        let named: Vec<usize> = open
            .iter()
            .copied()
            .filter(|i| {
                (matching.traced && traces.contains(i.to_string().as_str()))
                    || (matching.key)(*i).is_some_and(|k| ids.contains(k.as_str()))
            })
            .collect();
        if named.is_empty() {
            unclaimed.get_or_insert(e);
            continue;
        }
        for i in &named {
            open.remove(i);
        }
        failures.push(BatchFailure::new(named, item_error(e, answer)));
    }
    if !open.is_empty() && leftover.len() == open.len() {
        matched.extend(open.iter().copied().zip(leftover));
        open.clear();
    }
    if !open.is_empty() {
        let error = match unclaimed {
            Some(e) => item_error(e, answer),
            None => answer.undecodable(format!(
                "HubSpot returned no result and no error for {} of the {} inputs sent",
                open.len(),
                group.len()
            )),
        };
        failures.push(BatchFailure::new(open.into_iter().collect(), error));
    }
    let mut results = Vec::with_capacity(matched.len());
    for (i, r) in matched {
        match decode(r.record) {
            Ok(t) => results.push((i, (t, r.new))),
            Err(e) => failures.push(BatchFailure::new(vec![i], answer.undecodable(e))),
        }
    }
    (results, failures)
}

impl Wire<'_> {
    /// Sends one group's body and settles its answer; the error of the whole request if
    /// HubSpot refused it or its answer is not a batch answer.
    async fn records_group<T>(
        &self,
        family: Family,
        group: &[usize],
        body: &impl Serialize,
        matching: &Matching<'_>,
        decode: &impl Decode<T>,
    ) -> Result<Part<(T, bool)>, Error> {
        let answer = self.batch(family, body).await?;
        let decoded: BatchAnswer<BatchRecord> = answer.json()?;
        Ok(settle(group, &answer, decoded, matching, decode))
    }

    /// Runs a record batch family: `plan`'s inputs in chunks, each sent with the body
    /// `body(group)` and isolated when refused for its content (`clues` naming what of an
    /// input an error may mention), results matched by `matching`.
    #[allow(clippy::too_many_arguments)]
    async fn records<T, B: Serialize>(
        &self,
        family: Family,
        total: usize,
        plan: Plan,
        reporter: &mut Reporter<'_>,
        body: impl Fn(&[usize]) -> B,
        matching: Matching<'_>,
        clues: impl Fn(usize, &[String]) -> Vec<String>,
        decode: impl Decode<T>,
    ) -> BatchOutcome<(T, bool)> {
        let (body, matching, clues, decode) = (&body, &matching, &clues, &decode);
        let hint = move |e: &Error, g: &[usize]| suspects(e, g, clues);
        run(
            total,
            plan,
            batch_limit(family),
            reporter,
            |group| async move {
                let send = |g: Vec<usize>| async move {
                    self.records_group(family, &g, &body(&g), matching, decode)
                        .await
                };
                isolating(group, send, hint).await
            },
        )
        .await
    }

    /// Reads records `ids` with `properties`.
    pub(crate) async fn batch_read_records<T>(
        &self,
        ids: &[&str],
        properties: &[&str],
        decode: impl Decode<T>,
        reporter: &mut Reporter<'_>,
    ) -> BatchOutcome<T> {
        let plan = refuse_duplicates(ids.iter().copied().enumerate(), exact, "ID");
        let key = |i: usize| Some(ids[i].to_string());
        let key_of = |r: &WireRecord| Some(r.id.clone());
        let matching = Matching {
            traced: false,
            key: &key,
            key_of: &key_of,
        };
        let body = |g: &[usize]| {
            let chunk: Vec<&str> = g.iter().map(|&i| ids[i]).collect();
            ReadBody::new(&chunk, properties)
        };
        let clues = |i: usize, _: &[String]| vec![ids[i].to_string()];
        let out = self
            .records(
                Family::ObjectsBatchRead,
                ids.len(),
                plan,
                reporter,
                body,
                matching,
                clues,
                decode,
            )
            .await;
        super::map_results(out, |_, (t, _)| t)
    }

    /// Creates records with `inputs` (already filtered to what may be written).
    pub(crate) async fn batch_create_records<T>(
        &self,
        inputs: &[WireProperties],
        decode: impl Decode<T>,
        reporter: &mut Reporter<'_>,
    ) -> BatchOutcome<T> {
        let none = |_: usize| None;
        let none_of = |_: &WireRecord| None;
        let matching = Matching {
            traced: true,
            key: &none,
            key_of: &none_of,
        };
        let body = |g: &[usize]| Inputs {
            inputs: g
                .iter()
                .map(|&i| WriteInput {
                    id: None,
                    id_property: None,
                    properties: Props(&inputs[i]),
                    object_write_trace_id: i.to_string(),
                })
                .collect(),
        };
        let clues = |i: usize, named: &[String]| values(&inputs[i], named);
        let out = self
            .records(
                Family::ObjectsBatchCreate,
                inputs.len(),
                Plan::all(inputs.len()),
                reporter,
                body,
                matching,
                clues,
                decode,
            )
            .await;
        super::map_results(out, |_, (t, _)| t)
    }

    /// Updates records: each input is an ID and the properties to write.
    pub(crate) async fn batch_update_records<T>(
        &self,
        inputs: &[(&str, WireProperties)],
        decode: impl Decode<T>,
        reporter: &mut Reporter<'_>,
    ) -> BatchOutcome<T> {
        let plan = refuse_duplicates(inputs.iter().map(|(id, _)| *id).enumerate(), exact, "ID");
        let key = |i: usize| Some(inputs[i].0.to_string());
        let key_of = |r: &WireRecord| Some(r.id.clone());
        let matching = Matching {
            traced: true,
            key: &key,
            key_of: &key_of,
        };
        let body = |g: &[usize]| Inputs {
            inputs: g
                .iter()
                .map(|&i| WriteInput {
                    id: Some(inputs[i].0),
                    id_property: None,
                    properties: Props(&inputs[i].1),
                    object_write_trace_id: i.to_string(),
                })
                .collect(),
        };
        let clues = |i: usize, named: &[String]| {
            let mut c = values(&inputs[i].1, named);
            c.push(inputs[i].0.to_string());
            c
        };
        let out = self
            .records(
                Family::ObjectsBatchUpdate,
                inputs.len(),
                plan,
                reporter,
                body,
                matching,
                clues,
                decode,
            )
            .await;
        super::map_results(out, |_, (t, _)| t)
    }

    /// Creates or updates records by the unique property `id_property`: each input is its
    /// value and the properties to write; values are compared lower-cased when `fold` (the
    /// property is case-insensitive). Results carry whether they were created.
    pub(crate) async fn batch_upsert_records<T>(
        &self,
        id_property: &str,
        fold: bool,
        inputs: &[(&str, WireProperties)],
        decode: impl Decode<T>,
        reporter: &mut Reporter<'_>,
    ) -> BatchOutcome<(T, bool)> {
        let plan = refuse_duplicates(
            inputs.iter().map(|(v, _)| *v).enumerate(),
            |v| fold_key(fold, v),
            id_property,
        );
        let key = |i: usize| Some(fold_key(fold, inputs[i].0).into_owned());
        let key_of = |r: &WireRecord| {
            let v = r.properties.get(id_property)?.as_deref()?;
            Some(fold_key(fold, v).into_owned())
        };
        let matching = Matching {
            traced: true,
            key: &key,
            key_of: &key_of,
        };
        let body = |g: &[usize]| Inputs {
            inputs: g
                .iter()
                .map(|&i| WriteInput {
                    id: Some(inputs[i].0),
                    id_property: Some(id_property),
                    properties: Props(&inputs[i].1),
                    object_write_trace_id: i.to_string(),
                })
                .collect(),
        };
        let clues = |i: usize, named: &[String]| {
            let mut c = values(&inputs[i].1, named);
            c.push(inputs[i].0.to_string());
            c
        };
        self.records(
            Family::ObjectsBatchUpsert,
            inputs.len(),
            plan,
            reporter,
            body,
            matching,
            clues,
            decode,
        )
        .await
    }

    /// Archives records `ids`; each result is the index of an input whose chunk HubSpot
    /// accepted.
    pub(crate) async fn batch_archive_records(
        &self,
        ids: &[&str],
        reporter: &mut Reporter<'_>,
    ) -> BatchOutcome<()> {
        let family = Family::ObjectsBatchArchive;
        let plan = refuse_duplicates(ids.iter().copied().enumerate(), exact, "ID");
        let clues = |i: usize, _: &[String]| vec![ids[i].to_string()];
        let hint = |e: &Error, g: &[usize]| suspects(e, g, clues);
        let hint = &hint;
        run(
            ids.len(),
            plan,
            batch_limit(family),
            reporter,
            |group| async move {
                let send = |g: Vec<usize>| async move {
                    let body = Inputs {
                        inputs: g
                            .iter()
                            .map(|&i| IdRef {
                                id: ids[i].to_string(),
                            })
                            .collect(),
                    };
                    self.batch(family, &body).await?;
                    Ok::<Part<()>, Error>((g.into_iter().map(|i| (i, ())).collect(), Vec::new()))
                };
                isolating(group, send, hint).await
            },
        )
        .await
    }
}

/// The values `properties` gives the properties `named` (those an error names).
fn values(properties: &WireProperties, named: &[String]) -> Vec<String> {
    named
        .iter()
        .filter_map(|n| properties.get(n).cloned().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Response;

    fn answer(body: &str) -> (Response, BatchAnswer<BatchRecord>) {
        let response = Response {
            family: Family::ObjectsBatchUpdate,
            path: "/crm/v3/objects/contacts/batch/update".into(),
            body: bytes::Bytes::from(body.to_string()),
        };
        let decoded = response.json().expect("a batch answer");
        (response, decoded)
    }

    fn id_of(r: WireRecord) -> Result<String, String> {
        Ok(r.id)
    }

    #[test]
    fn results_are_matched_by_trace_id_then_key_then_order() {
        let ids = ["11", "12", "13", "14", "15"];
        let key = |i: usize| Some(ids[i].to_string());
        let key_of = |r: &WireRecord| Some(r.id.clone());
        let matching = Matching {
            traced: true,
            key: &key,
            key_of: &key_of,
        };
        // Reversed; input 1 answered by trace only (a different ID), 2 by ID only, 3 named
        // by an error's trace ID, 4 by an error's ID; 0 is left over and matched by order.
        let (response, decoded) = answer(
            r#"{"status": "COMPLETE", "results": [
                {"id": "13", "properties": {}},
                {"id": "99", "properties": {}, "objectWriteTraceId": "1"},
                {"id": "77", "properties": {}}
            ], "errors": [
                {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "gone",
                 "context": {"objectWriteTraceId": ["3"]}},
                {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "gone",
                 "context": {"ids": ["15"]}}
            ]}"#,
        );
        let group = [0, 1, 2, 3, 4];
        let (results, failures) = settle(&group, &response, decoded, &matching, &id_of);
        let mut got: Vec<(usize, String)> =
            results.into_iter().map(|(i, (id, _))| (i, id)).collect();
        got.sort();
        assert_eq!(
            got,
            vec![(0, "77".into()), (1, "99".into()), (2, "13".into())]
        );
        let failed: Vec<Vec<usize>> = failures.iter().map(|f| f.inputs.clone()).collect();
        assert_eq!(failed, vec![vec![3], vec![4]]);
        assert!(failures.iter().all(|f| f.error.status() == Some(207)));
    }

    #[test]
    fn inputs_neither_answered_nor_named_fail_and_bad_records_fail_alone() {
        let none = |_: usize| None;
        let none_of = |_: &WireRecord| None;
        let matching = Matching {
            traced: true,
            key: &none,
            key_of: &none_of,
        };
        let (response, decoded) = answer(
            r#"{"status": "COMPLETE", "results": [
                {"id": "1", "properties": {}, "objectWriteTraceId": "5"},
                {"id": "bad", "properties": {}, "objectWriteTraceId": "6"}
            ]}"#,
        );
        let decode = |r: WireRecord| {
            if r.id == "bad" {
                Err("not a record".to_string())
            } else {
                Ok(r.id)
            }
        };
        let (results, failures) = settle(&[5, 6, 7], &response, decoded, &matching, &decode);
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].0, 5);
        let mut failed: Vec<usize> = failures.iter().flat_map(|f| f.inputs.clone()).collect();
        failed.sort_unstable();
        assert_eq!(failed, vec![6, 7]);
        assert!(failures
            .iter()
            .all(|f| matches!(f.error, Error::Decode { .. })));
    }
}
