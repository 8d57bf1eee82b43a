//! Associations in bulk and the account's association labels.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::associations::{parse_associations, Association, AssociationType};
use super::batch::{item_error, run, whole_chunk, BatchFailure, BatchOutcome};
use super::{Call, Error, Objects};
use crate::id::Id;
use crate::object::{Associates, CrmObject};

/// A pair of records to link or unlink.
pub type Pair<O, T> = (Id<O>, Id<T>);

impl<'c, O: CrmObject> Objects<'c, O> {
    async fn pairs_chunk<T: CrmObject>(
        &self,
        endpoint: &'static str,
        range: std::ops::Range<usize>,
        pairs: &[Pair<O, T>],
        body: Value,
    ) -> (Vec<Pair<O, T>>, Vec<BatchFailure>) {
        let params = [
            ("objectType", O::path_segment()),
            ("toObjectType", T::path_segment()),
        ];
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
            Ok(b) => b.unwrap_or(Value::Null),
            Err(e) => return whole_chunk(range, e),
        };
        let errors = body
            .get("errors")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let all: Vec<usize> = range.clone().collect();
        let mut ok = Vec::new();
        let mut failures = Vec::new();
        // Each 207 error names the records it concerns in `context.ids`.
        let mut claimed = HashSet::new();
        for e in &errors {
            let named: HashSet<&str> = e
                .pointer("/context/ids")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let hit: Vec<usize> = range
                .clone()
                .zip(pairs)
                .filter(|(i, (f, t))| {
                    !claimed.contains(i)
                        && (named.contains(f.as_str()) || named.contains(t.as_str()))
                })
                .map(|(i, _)| i)
                .collect();
            if !hit.is_empty() {
                claimed.extend(hit.iter().copied());
                failures.push(BatchFailure {
                    inputs: hit,
                    error: item_error(e, "POST", &format!("{} {endpoint}", O::INFO.name)),
                });
            }
        }
        for (i, pair) in range.zip(pairs) {
            if !claimed.contains(&i) {
                ok.push(pair.clone());
            }
        }
        if !errors.is_empty() && failures.is_empty() {
            // Errors that name no input: HubSpot did not say which failed, so none is assumed done.
            return (
                Vec::new(),
                vec![BatchFailure {
                    inputs: all,
                    error: item_error(&errors[0], "POST", endpoint),
                }],
            );
        }
        (ok, failures)
    }

    /// Links any number of pairs with HubSpot's default type.
    pub async fn batch_associate<T: CrmObject>(
        &self,
        pairs: &[Pair<O, T>],
    ) -> BatchOutcome<Pair<O, T>>
    where
        O: Associates<T>,
    {
        let endpoint = "associations_batch_create_default";
        run(pairs.len(), self.client.batch_limit(endpoint), |range| {
            let chunk = &pairs[range.clone()];
            let body = json!({"inputs": chunk.iter().map(|(f, t)| json!({"from": {"id": f.as_str()}, "to": {"id": t.as_str()}})).collect::<Vec<_>>()});
            self.pairs_chunk(endpoint, range, chunk, body)
        })
        .await
    }

    /// Removes every association of any number of pairs.
    pub async fn batch_disassociate<T: CrmObject>(
        &self,
        pairs: &[Pair<O, T>],
    ) -> BatchOutcome<Pair<O, T>>
    where
        O: Associates<T>,
    {
        let endpoint = "associations_batch_archive";
        run(pairs.len(), self.client.batch_limit(endpoint), |range| {
            let chunk = &pairs[range.clone()];
            let body = json!({"inputs": chunk.iter().map(|(f, t)| json!({"from": {"id": f.as_str()}, "to": [{"id": t.as_str()}]})).collect::<Vec<_>>()});
            self.pairs_chunk(endpoint, range, chunk, body)
        })
        .await
    }

    /// The associations to records of `T` of any number of records. A record with none comes
    /// back with an empty list (HubSpot reports it as `NO_ASSOCIATIONS_FOUND`, and reports a
    /// record that does not exist the same way).
    pub async fn batch_associations<T: CrmObject>(
        &self,
        ids: &[Id<O>],
    ) -> BatchOutcome<(Id<O>, Vec<Association<T>>)>
    where
        O: Associates<T>,
    {
        let endpoint = "associations_batch_read";
        run(ids.len(), self.client.batch_limit(endpoint), |range| {
            let chunk = &ids[range.clone()];
            let body = json!({"inputs": chunk.iter().map(|i| json!({"id": i.as_str()})).collect::<Vec<_>>()});
            async move {
                let params = [("objectType", O::path_segment()), ("toObjectType", T::path_segment())];
                let answer = self
                    .client
                    .call(endpoint, Call { params: &params, body: Some(body), ..Call::default() })
                    .await;
                let body = match answer {
                    Ok(b) => b.unwrap_or(Value::Null),
                    Err(e) => return whole_chunk(range, e),
                };
                let mut found: std::collections::HashMap<String, Vec<Association<T>>> = Default::default();
                for r in body.get("results").and_then(Value::as_array).cloned().unwrap_or_default() {
                    let from = match r.pointer("/from/id") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => continue,
                    };
                    match parse_associations::<T>(r.get("to").unwrap_or(&Value::Array(Vec::new()))) {
                        Ok(list) => {
                            found.insert(from, list);
                        }
                        Err(e) => return whole_chunk(range, e),
                    }
                }
                let mut failures = Vec::new();
                let mut results = Vec::new();
                let errors = body.get("errors").and_then(Value::as_array).cloned().unwrap_or_default();
                for (i, id) in range.zip(chunk) {
                    if let Some(list) = found.remove(id.as_str()) {
                        results.push((id.clone(), list));
                        continue;
                    }
                    // Association errors name the record in `context.fromObjectId`; others in `ids`.
                    let error = errors.iter().find(|e| {
                        ["/context/fromObjectId", "/context/ids"].iter().any(|p| {
                            e.pointer(p)
                                .and_then(Value::as_array)
                                .is_some_and(|ids| ids.iter().any(|v| v.as_str() == Some(id.as_str())))
                        })
                    });
                    let none_found = error
                        .and_then(|e| e.get("subCategory"))
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.ends_with("NO_ASSOCIATIONS_FOUND"));
                    match error {
                        Some(_) if none_found => results.push((id.clone(), Vec::new())),
                        Some(e) => failures.push(BatchFailure { inputs: vec![i], error: item_error(e, "POST", endpoint) }),
                        None if errors.is_empty() => results.push((id.clone(), Vec::new())),
                        None => failures.push(BatchFailure { inputs: vec![i], error: item_error(&errors[0], "POST", endpoint) }),
                    }
                }
                (results, failures)
            }
        })
        .await
    }

    fn labels_params<T: CrmObject>() -> [(&'static str, &'static str); 2] {
        [
            ("objectType", O::path_segment()),
            ("toObjectType", T::path_segment()),
        ]
    }

    /// Creates an account label from `O` to `T` (and its inverse); returns the types created.
    pub async fn create_association_label<T: CrmObject>(
        &self,
        label: &str,
        name: &str,
        inverse_label: Option<&str>,
    ) -> Result<Vec<AssociationType>, Error>
    where
        O: Associates<T>,
    {
        let mut body = json!({"label": label, "name": name});
        if let Some(inv) = inverse_label {
            body["inverseLabel"] = json!(inv);
        }
        let params = Self::labels_params::<T>();
        self.client
            .call(
                "association_labels_create",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?;
        let all = self.association_types::<T>().await?;
        Ok(all
            .into_iter()
            .filter(|t| t.label.as_deref() == Some(label))
            .collect())
    }

    /// Renames an account label (and, if given, its inverse).
    pub async fn rename_association_label<T: CrmObject>(
        &self,
        type_id: u32,
        label: &str,
        inverse_label: Option<&str>,
    ) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        let mut body = json!({"associationTypeId": type_id, "label": label});
        if let Some(inv) = inverse_label {
            body["inverseLabel"] = json!(inv);
        }
        let params = Self::labels_params::<T>();
        self.client
            .call(
                "association_labels_update",
                Call {
                    params: &params,
                    body: Some(body),
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }

    /// Deletes an account label and every association using it.
    pub async fn delete_association_label<T: CrmObject>(&self, type_id: u32) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        let id = type_id.to_string();
        let params = [
            ("objectType", O::path_segment()),
            ("toObjectType", T::path_segment()),
            ("associationTypeId", id.as_str()),
        ];
        self.client
            .call(
                "association_labels_delete",
                Call {
                    params: &params,
                    ..Call::default()
                },
            )
            .await?;
        Ok(())
    }
}
