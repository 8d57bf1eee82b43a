//! Associations in bulk and the account's association labels.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::associations::{Association, AssociationType, WireAssociation};
use super::batch::{
    batch_limit, item_error, run, whole_chunk, BatchAnswer, BatchFailure, BatchOutcome,
};
use super::error::sub_categories;
use super::wire::Wire;
use super::{json_body, Error, Objects, Response};
use crate::endpoints::Family;
use crate::id::{id_text, Id};
use crate::object::{Associates, CrmObject};

/// A pair of records to link or unlink.
pub type Pair<O, T> = (Id<O>, Id<T>);

impl<'c, O: CrmObject> Objects<'c, O> {
    /// Sends `body` to the pair family `family` of `O` and `T`.
    async fn pair_call<T: CrmObject>(
        &self,
        family: Family,
        body: &impl Serialize,
    ) -> Result<Response, Error> {
        self.wire()
            .pair(family, T::path_segment(), None, Some(json_body(body)?))
            .await
    }

    async fn pairs_chunk<T: CrmObject>(
        &self,
        family: Family,
        range: std::ops::Range<usize>,
        pairs: &[Pair<O, T>],
        body: &impl Serialize,
    ) -> (Vec<Pair<O, T>>, Vec<BatchFailure>) {
        let answer = match self.pair_call::<T>(family, body).await {
            Ok(a) => a,
            Err(e) => return whole_chunk(range, e),
        };
        // A 204 carries no body: nothing failed.
        let errors = if answer.body.is_empty() {
            Vec::new()
        } else {
            match answer.json::<ErrorsOnly>() {
                Ok(b) => b.errors,
                Err(e) => return whole_chunk(range, e),
            }
        };
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
                    error: item_error(e, &answer),
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
                    error: item_error(&errors[0], &answer),
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
        let family = Family::AssociationsBatchCreateDefault;
        run(pairs.len(), batch_limit(family), |range| {
            let chunk = &pairs[range.clone()];
            let body = Inputs {
                inputs: chunk
                    .iter()
                    .map(|(f, t)| Link {
                        from: IdRef { id: f.as_str() },
                        to: IdRef { id: t.as_str() },
                    })
                    .collect(),
            };
            async move { self.pairs_chunk(family, range, chunk, &body).await }
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
        let family = Family::AssociationsBatchArchive;
        run(pairs.len(), batch_limit(family), |range| {
            let chunk = &pairs[range.clone()];
            let body = Inputs {
                inputs: chunk
                    .iter()
                    .map(|(f, t)| Unlink {
                        from: IdRef { id: f.as_str() },
                        to: [IdRef { id: t.as_str() }],
                    })
                    .collect(),
            };
            async move { self.pairs_chunk(family, range, chunk, &body).await }
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
        let raw: Vec<&str> = ids.iter().map(Id::as_str).collect();
        let out = self
            .wire()
            .batch_association_read(&raw, T::path_segment(), WireAssociation::typed)
            .await;
        BatchOutcome {
            results: out
                .results
                .into_iter()
                .map(|(i, list)| (ids[i].clone(), list))
                .collect(),
            failures: out.failures,
        }
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
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            label: &'a str,
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            inverse_label: Option<&'a str>,
        }
        let body = Body {
            label,
            name,
            inverse_label,
        };
        self.pair_call::<T>(Family::AssociationLabelsCreate, &body)
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
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            association_type_id: u32,
            label: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            inverse_label: Option<&'a str>,
        }
        let body = Body {
            association_type_id: type_id,
            label,
            inverse_label,
        };
        self.pair_call::<T>(Family::AssociationLabelsUpdate, &body)
            .await?;
        Ok(())
    }

    /// Deletes an account label and every association using it.
    pub async fn delete_association_label<T: CrmObject>(&self, type_id: u32) -> Result<(), Error>
    where
        O: Associates<T>,
    {
        let id = type_id.to_string();
        self.wire()
            .pair(
                Family::AssociationLabelsDelete,
                T::path_segment(),
                Some(&id),
                None,
            )
            .await?;
        Ok(())
    }
}

/// `{inputs: [...]}`.
#[derive(Serialize)]
struct Inputs<T> {
    inputs: Vec<T>,
}

/// `{id}`.
#[derive(Serialize)]
struct IdRef<'a> {
    id: &'a str,
}

/// `{from: {id}, to: {id}}`: a pair to link.
#[derive(Serialize)]
struct Link<'a> {
    from: IdRef<'a>,
    to: IdRef<'a>,
}

/// `{from: {id}, to: [{id}]}`: a pair to unlink.
#[derive(Serialize)]
struct Unlink<'a> {
    from: IdRef<'a>,
    to: [IdRef<'a>; 1],
}

/// Only the `errors` of a batch answer.
#[derive(Deserialize)]
struct ErrorsOnly {
    #[serde(default)]
    errors: Vec<Value>,
}

/// `{from: {id}, to: [...]}`: one record's associations in a batch read.
#[derive(Deserialize)]
struct ReadResult {
    from: FromId,
    #[serde(default)]
    to: Vec<WireAssociation>,
}

/// `{id}`, a string (or a number, read as its text).
#[derive(Deserialize)]
struct FromId {
    #[serde(deserialize_with = "id_text")]
    id: String,
}

impl Wire<'_> {
    /// The associations to records of `to_type` of records `ids`, each turned into a `T` by
    /// `each`, by the index of its record in `ids`. A record with none comes back with an
    /// empty list (HubSpot reports it as `NO_ASSOCIATIONS_FOUND`, and reports a record that
    /// does not exist the same way).
    pub(super) async fn batch_association_read<T>(
        &self,
        ids: &[&str],
        to_type: &str,
        each: fn(WireAssociation) -> T,
    ) -> BatchOutcome<(usize, Vec<T>)> {
        let family = Family::AssociationsBatchRead;
        run(ids.len(), batch_limit(family), |range| {
            let chunk = &ids[range.clone()];
            let body = Inputs {
                inputs: chunk.iter().map(|id| IdRef { id }).collect(),
            };
            async move {
                let answer = match json_body(&body) {
                    Ok(b) => self.pair(family, to_type, None, Some(b)).await,
                    Err(e) => Err(e),
                };
                let answer = match answer {
                    Ok(a) => a,
                    Err(e) => return whole_chunk(range, e),
                };
                let decoded: BatchAnswer<ReadResult> = match answer.json() {
                    Ok(d) => d,
                    Err(e) => return whole_chunk(range, e),
                };
                let mut found: HashMap<String, Vec<T>> = decoded
                    .results
                    .into_iter()
                    .map(|r| (r.from.id, r.to.into_iter().map(each).collect()))
                    .collect();
                let errors = decoded.errors;
                let mut failures = Vec::new();
                let mut results = Vec::new();
                for (i, id) in range.zip(chunk) {
                    if let Some(list) = found.remove(*id) {
                        results.push((i, list));
                        continue;
                    }
                    // Association errors name the record in `context.fromObjectId`; others in `ids`.
                    let error = errors.iter().find(|e| {
                        ["/context/fromObjectId", "/context/ids"].iter().any(|p| {
                            e.pointer(p)
                                .and_then(Value::as_array)
                                .is_some_and(|named| named.iter().any(|v| v.as_str() == Some(id)))
                        })
                    });
                    let none_found = error.is_some_and(|e| {
                        sub_categories(e).any(|s| s.ends_with("NO_ASSOCIATIONS_FOUND"))
                    });
                    match error {
                        Some(_) if none_found => results.push((i, Vec::new())),
                        Some(e) => failures.push(BatchFailure {
                            inputs: vec![i],
                            error: item_error(e, &answer),
                        }),
                        None if errors.is_empty() => results.push((i, Vec::new())),
                        None => failures.push(BatchFailure {
                            inputs: vec![i],
                            error: item_error(&errors[0], &answer),
                        }),
                    }
                }
                (results, failures)
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of a batch read answer: (from ID, [to IDs]).
    fn read(body: &str) -> Vec<(String, Vec<String>)> {
        let answer: BatchAnswer<ReadResult> =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
        answer
            .results
            .into_iter()
            .map(|r| {
                let to = r.to.into_iter().map(|a| a.untyped().to).collect();
                (r.from.id, to)
            })
            .collect()
    }

    #[test]
    fn batch_reads_decode_legacy_numbers_and_dated_strings_alike() {
        let legacy = r#"{"status": "COMPLETE", "results": [{"from": {"id": "101"},
            "to": [{"toObjectId": 201, "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 1}]}]}],
            "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:00Z"}"#;
        let dated = r#"{"status": "COMPLETE", "results": [{"from": {"id": "101"},
            "to": [{"toObjectId": "201", "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 1}]}]}],
            "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:00Z"}"#;
        let want = vec![("101".to_string(), vec!["201".to_string()])];
        assert_eq!(read(legacy), want);
        assert_eq!(read(dated), want);
        // `from.id` is a string in every description; a number still reads.
        assert_eq!(read(&dated.replace(r#""id": "101""#, r#""id": 101"#)), want);
    }
}
